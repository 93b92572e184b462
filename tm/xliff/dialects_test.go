package xliff

import (
	"errors"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm"
)

// Fixtures written by hand the way each tool writes its files.

const sdlxliff = `<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
<file original="a.docx" datatype="x-sdlfilterframework2" source-language="de-DE" target-language="en-US">
<body>
<trans-unit id="0f1e">
  <source><g id="1">Erster Satz. Zweiter Satz.</g></source>
  <seg-source><g id="1"><mrk mtype="seg" mid="1">Erster Satz.</mrk> <mrk mtype="seg" mid="2">Zweiter Satz.</mrk></g></seg-source>
  <target><g id="1"><mrk mtype="seg" mid="1">First sentence.</mrk> <mrk mtype="seg" mid="2"/></g></target>
  <sdl:seg-defs><sdl:seg id="1" conf="ApprovedTranslation" origin="mt"/><sdl:seg id="2"/></sdl:seg-defs>
</trans-unit>
</body>
</file>
</xliff>`

const mqxliff = `<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff" version="1.2">
<file original="b.docx" source-language="de" target-language="fr" datatype="x-memoq">
<body>
<trans-unit id="1" mq:status="Reviewer1Confirmed" mq:percent="100"><source xml:space="preserve">Guten Tag.</source><target xml:space="preserve">Bonjour.</target></trans-unit>
<trans-unit id="2" mq:status="MachineTranslated"><source xml:space="preserve">Danke.</source><target xml:space="preserve">Merci.</target></trans-unit>
</body>
</file>
</xliff>`

// po2xliff writes XLIFF 1.1 without target-language.
const xliff11 = `<?xml version='1.0' encoding='utf-8'?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1" version="1.1">
<file original="messages.po" source-language="en-US" datatype="po">
<body>
<trans-unit xml:space="preserve" id="1" approved="yes"><source>Open</source><target state="new" state-qualifier="leveraged-mt">Öffnen</target></trans-unit>
</body>
</file>
</xliff>`

const xliffNoVersion = `<xliff><file original="x" source-language="de" target-language="English"><body>
<trans-unit id="1"><source>Ja.</source><target>Yes.</target></trans-unit></body></file></xliff>`

const xliff22 = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.2" version="2.2" srcLang="de" trgLang="en">
<file id="f1"><unit id="u1"><segment state="translated"><source>Hallo <ph id="1"/>Welt.</source><target>Hello world.</target></segment></unit></file></xliff>`

const xliff2BadLang = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="de" trgLang="en">
<file id="f1"><unit id="u1"><segment><source>Hallo.</source><target xml:lang="fr">Salut.</target></segment></unit></file></xliff>`

func decodeString(t *testing.T, in string, opts ...Option) ([]*Segment, *Decoder, error) {
	t.Helper()
	d := NewDecoder(strings.NewReader(in), "t.xlf", opts...)
	var segs []*Segment
	for {
		u, err := d.Next()
		if err != nil {
			if err.Error() == "EOF" {
				return segs, d, nil
			}
			return segs, d, err
		}
		segs = append(segs, u.Segments...)
	}
}

func TestSDLXLIFFNestedSegments(t *testing.T) {
	segs, _, err := decodeString(t, sdlxliff)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 2 {
		t.Fatalf("%d segments, want 2", len(segs))
	}
	if segs[0].Source.Plain() != "Erster Satz." || segs[0].Target.Plain() != "First sentence." || segs[0].Status != tm.StatusReviewed || segs[0].Origin != tm.OriginMT {
		t.Errorf("segment 1: %q %q %s %s", segs[0].Source.Plain(), segs[0].Target.Plain(), segs[0].Status, segs[0].Origin)
	}
	if segs[1].Target != nil || segs[1].Status != tm.StatusNew {
		t.Errorf("empty SDL target: %q %s", segs[1].Target.Plain(), segs[1].Status)
	}
}

func TestMQXLIFFStatus(t *testing.T) {
	segs, _, err := decodeString(t, mqxliff)
	if err != nil || len(segs) != 2 {
		t.Fatal(err, len(segs))
	}
	if segs[0].Status != tm.StatusReviewed || segs[1].Status != tm.StatusDraft || segs[1].Origin != tm.OriginMT {
		t.Errorf("statuses %s, %s/%s", segs[0].Status, segs[1].Status, segs[1].Origin)
	}
}

func TestOldVersionsAndLanguages(t *testing.T) {
	segs, d, err := decodeString(t, xliff11, TargetLang("de"))
	if err != nil || len(segs) != 1 || d.File().TargetLang != "de" {
		t.Fatalf("1.1: %v %d", err, len(segs))
	}
	if segs[0].Status != tm.StatusDraft || segs[0].Origin != tm.OriginMT {
		t.Errorf("leveraged-mt: %s %s", segs[0].Status, segs[0].Origin)
	}
	if _, _, err := decodeString(t, xliffNoVersion); !errors.Is(err, ErrLanguage) || !strings.Contains(err.Error(), "--lang-map") {
		t.Errorf("no version, English: %v", err)
	}
	segs, d, err = decodeString(t, xliffNoVersion, LangMap(map[string]tm.Lang{"English": "en"}))
	if err != nil || len(segs) != 1 || d.File().TargetLang != "en" {
		t.Errorf("no version with --lang-map: %v", err)
	}
}

func TestXLIFF22AndTargetLang(t *testing.T) {
	segs, d, err := decodeString(t, xliff22)
	if err != nil || len(segs) != 1 || d.Version() != V22 {
		t.Fatalf("2.2: %v", err)
	}
	if len(d.Warnings()) != 1 || !strings.Contains(d.Warnings()[0].Message, "drops") {
		t.Errorf("warnings %v", d.Warnings())
	}
	if _, _, err := decodeString(t, xliff2BadLang); !errors.Is(err, ErrLanguage) || !strings.Contains(err.Error(), "contradicts") {
		t.Errorf("target xml:lang: %v", err)
	}
}
