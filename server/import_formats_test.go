package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/store"
)

// TestImportPOAndXLIFF: /api/v1/import takes a PO body (with
// ?source_lang=, which PO never names) and a foreign XLIFF body, as
// korpus import does; a PO without source_lang and an XLIFF that korpus
// exported (a document's translations, stored by korpus import) are
// refused with 400 and store nothing.
func TestImportPOAndXLIFF(t *testing.T) {
	f := newFixture(t, server.Options{})
	ctx := context.Background()
	count := func() int {
		n, err := f.db.CountUnits(ctx, store.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	po := "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n#, c-format\nmsgid \"%d Dateien gelöscht.\"\nmsgstr \"%d fichiers supprimés.\"\n\n" +
		"msgid \"Eine Datei\"\nmsgid_plural \"%d Dateien\"\nmsgstr[0] \"Un fichier\"\nmsgstr[1] \"%d fichiers\"\n"
	st, b := f.do(t, "POST", "/api/v1/import", f.write, po)
	wantJSONError(t, st, b, 400, "invalid")
	if !strings.Contains(string(b), "source_lang") {
		t.Errorf("the error does not name source_lang: %s", b)
	}
	st, b = f.do(t, "POST", "/api/v1/import?source_lang=de-CH-x-bad-!", f.write, po)
	wantJSONError(t, st, b, 400, "invalid")
	if count() != before {
		t.Fatal("a refused import stored units")
	}
	var rep struct {
		Format string
		Read   int
		Added  int
	}
	st, b = f.do(t, "POST", "/api/v1/import?source_lang=de", f.write, po)
	if st != 200 || json.Unmarshal(b, &rep) != nil || rep.Format != "PO" || rep.Added != 3 {
		t.Fatalf("PO import: %d %s", st, b)
	}

	xlf := `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">
<file original="msg.po" source-language="de" datatype="po">
<body>
<trans-unit id="1"><source>Speichern unter …</source><target state="translated">Enregistrer sous…</target></trans-unit>
<trans-unit id="2"><source>Öffnen <x id="1" ctype="x-shortcut"/></source><target>Ouvrir <x id="1" ctype="x-shortcut"/></target></trans-unit>
</body>
</file>
</xliff>`
	// po2xliff names no target language: its units are skipped, with the
	// reason, until ?target_lang= names it.
	st, b = f.do(t, "POST", "/api/v1/import", f.write, xlf)
	if st != 200 || json.Unmarshal(b, &rep) != nil || rep.Read != 2 || rep.Added != 0 || !strings.Contains(string(b), "no target language") {
		t.Fatalf("XLIFF without a target language: %d %s", st, b)
	}
	st, b = f.do(t, "POST", "/api/v1/import?target_lang=fr", f.write, xlf)
	if st != 200 || json.Unmarshal(b, &rep) != nil || rep.Format != "XLIFF 1.2" || rep.Added != 2 {
		t.Fatalf("XLIFF import: %d %s", st, b)
	}
	n := count()

	exported := `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="de" target-language="fr" datatype="plaintext" product-name="a.txt" product-version="1" build-num="abc">
<body><group id="p0"><trans-unit id="s0"><source>Guten Tag.</source><target>Bonjour.</target></trans-unit></group></body>
</file></xliff>`
	st, b = f.do(t, "POST", "/api/v1/import", f.write, exported)
	wantJSONError(t, st, b, 400, "invalid")
	if !strings.Contains(string(b), "korpus import") {
		t.Errorf("the refusal does not say what to do: %s", b)
	}
	if count() != n {
		t.Fatal("a refused XLIFF import stored units")
	}
}
