package worddiff_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/korpus/korpus/tm/worddiff"
)

func TestDiff(t *testing.T) {
	a := []string{"Haus", " ", "und", " ", "Hof", "."}
	b := []string{"Maus", " ", "und", " ", "Hof", "!"}
	got := worddiff.Diff(a, b)
	want := []worddiff.Op{
		{Kind: worddiff.Delete, Text: "Haus"},
		{Kind: worddiff.Insert, Text: "Maus"},
		{Kind: worddiff.Equal, Text: " und Hof"},
		{Kind: worddiff.Delete, Text: "."},
		{Kind: worddiff.Insert, Text: "!"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Diff = %#v\nwant %#v", got, want)
	}
	if got := worddiff.Diff(nil, nil); got == nil || len(got) != 0 {
		t.Errorf("Diff(nil, nil) = %#v, want an empty non-nil slice", got)
	}
}

// TestDiffJoins checks that the ops give back both sides, also with more
// distinct tokens than the runes below the surrogate range can number.
func TestDiffJoins(t *testing.T) {
	var a, b []string
	for i := range 60000 {
		s := strings.Repeat("x", i%7+1) + string(rune('a'+i%26)) + string(rune(0x4e00+i))
		a = append(a, s)
		if i%500 != 0 {
			b = append(b, s)
		} else {
			b = append(b, s+"!")
		}
	}
	var ga, gb strings.Builder
	for _, op := range worddiff.Diff(a, b) {
		if op.Kind != worddiff.Insert {
			ga.WriteString(op.Text)
		}
		if op.Kind != worddiff.Delete {
			gb.WriteString(op.Text)
		}
	}
	if ga.String() != strings.Join(a, "") || gb.String() != strings.Join(b, "") {
		t.Fatal("joined ops do not give back a and b")
	}
}

func TestScript(t *testing.T) {
	got := worddiff.Script([]string{"x", "y", "z"}, []string{"x", "z", "w"})
	want := []worddiff.Run{{worddiff.Equal, 1}, {worddiff.Delete, 1}, {worddiff.Equal, 1}, {worddiff.Insert, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Script = %+v, want %+v", got, want)
	}
}
