package store_test

import (
	"strings"
	"testing"

	"github.com/korpus/korpus/store"
)

func TestCheckDocName(t *testing.T) {
	for _, bad := range []struct{ name, want string }{
		{"x@2", "'@'"},
		{"a@b.txt", "'@'"},
		{"report\u202Etxt.exe", "U+202E"},
		{"\u2067name", "U+2067"},
		{"zero\u200Bwidth", "U+200B"},
		{"bom\uFEFF", "U+FEFF"},
		{"tab\tname", "control"},
	} {
		err := store.CheckDocName(bad.name)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("CheckDocName(%q) = %v, want an error naming %s", bad.name, err, bad.want)
		}
	}
	for _, good := range []string{
		"korea-in-der-welt.de.txt", "Übersicht 2024", "کتاب\u200Cها", "👩\u200D💻 notes", "日本語", "a b", "v1.2+rc",
	} {
		if err := store.CheckDocName(good); err != nil {
			t.Errorf("CheckDocName(%q) = %v, want nil", good, err)
		}
	}
}
