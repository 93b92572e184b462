package xliff_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/xliff"
)

// A pre-translated XLIFF: one unit per paragraph, one segment per
// sentence, a filled target where the memory had an exact match and the
// fuzzy candidates as matches (1.2 <alt-trans>, 2.x <mtc:match>).
func ExampleEncoder() {
	enc := xliff.NewEncoder(os.Stdout, xliff.V21)
	enc.StartFile(&xliff.File{
		Original: "article.txt", SourceLang: "de", TargetLang: "en",
		Korpus: &xliff.Meta{Document: "article.txt", Version: 2, Hash: "5331c3de"},
	})
	enc.Encode(&xliff.Unit{ID: xliff.ParaID(0), Segments: []*xliff.Segment{{
		ID:     xliff.SegmentID(0),
		Source: tm.Text("Guten Tag."),
		Target: tm.Text("Good day."), Status: tm.StatusDraft,
		Matches: []*xliff.Match{{
			Source: tm.Text("Guten Tag!"), Target: tm.Text("Good day!"),
			Similarity: 91, Quality: -1, Origin: "korpus-tm", Type: "tm",
		}},
	}}})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" srcLang="de" trgLang="en">
	//  <file id="f1" original="article.txt" canResegment="no" xml:space="preserve">
	//   <mda:metadata>
	//    <mda:metaGroup category="korpus">
	//     <mda:meta type="document">article.txt</mda:meta>
	//     <mda:meta type="version">2</mda:meta>
	//     <mda:meta type="version-hash">5331c3de</mda:meta>
	//    </mda:metaGroup>
	//   </mda:metadata>
	//   <unit id="p0">
	//    <mtc:matches>
	//     <mtc:match ref="#s0" similarity="91" origin="korpus-tm" type="tm">
	//      <source>Guten Tag!</source>
	//      <target>Good day!</target>
	//     </mtc:match>
	//    </mtc:matches>
	//    <segment id="s0" state="initial" subState="korpus:draft">
	//     <source>Guten Tag.</source>
	//     <target>Good day.</target>
	//    </segment>
	//   </unit>
	//  </file>
	// </xliff>
}

// Reading: Next returns units until io.EOF; errors and warnings carry
// file, line and column.
func ExampleDecoder() {
	in := `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="de" target-language="en" datatype="plaintext"><body>
<trans-unit id="s0"><source>Hallo <g id="1">Welt</g>.</source><target state="final">Hello <g id="1">world</g>.</target></trans-unit>
<trans-unit id="s1"><source>Tschüs.</source><target><g id="2">Bye</g>.</target></trans-unit>
</body></file></xliff>`
	d := xliff.NewDecoder(strings.NewReader(in), "a.xlf")
	for {
		u, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			break
		}
		for _, s := range u.Segments {
			fmt.Printf("%s %s %q\n", s.ID, s.Status, s.Target.Plain())
		}
	}
	for _, w := range d.Warnings() {
		fmt.Println(w.String("a.xlf"))
	}
	// Output:
	// s0 final "Hello world."
	// s1 translated "Bye."
	// a.xlf: line 4, column 54: <g id="2"> in the target has no counterpart in the source (kept)
}
