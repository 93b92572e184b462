package align

import (
	"slices"
	"strings"
	"testing"
)

func TestPhraseStems(t *testing.T) {
	for in, want := range map[string][]string{
		"Gipfel":          {"gipfe"},
		"pomme de terre":  {"pomme", "terre"},
		"zu Hause":        {"hause"},
		"à la":            {"la"},
		"l'opposition de": {"oppos"},
	} {
		if got := phraseStems(in); !slices.Equal(got, want) {
			t.Errorf("phraseStems(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadDictFormats(t *testing.T) {
	tsv := "\uFEFF# de-fr\nGipfel\tsommet\r\nzu Hause\tà la maison\n"
	hun := "sommet @ Gipfel\nà la maison @ zu Hause\n"
	want := []WordPair{{"Gipfel", "sommet"}, {"zu Hause", "à la maison"}}
	for name, in := range map[string]string{"tsv": tsv, "hunalign": hun} {
		got, err := ReadDict(strings.NewReader(in), name)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v, %v; want %v", name, got, err, want)
		}
	}
}

// A user dictionary pairs only stems of the texts, and leaves out a
// stem with many partners in them.
func TestUserDictFilters(t *testing.T) {
	tx := newTexts([]string{"Der Gipfel ist hoch.", "Das Haus ist alt.", "Ein Berg."},
		[]string{"Le sommet est haut.", "La maison est vieille.", "Un mont."})
	d := userDict(tx, []WordPair{{"Gipfel", "sommet"}, {"Fluss", "rivière"},
		{"Haus", "maison"}, {"Haus", "vieille"}, {"Haus", "haut"}, {"Berg", "mont"}})
	name := func(id int32) string { return tx.stems.names[id] }
	got := map[string][]string{}
	for s, ts := range d {
		for _, t := range ts {
			got[name(s)] = append(got[name(s)], name(t))
		}
	}
	if len(got) != 2 || !slices.Equal(got["gipfe"], []string{"somme"}) || !slices.Equal(got["berg"], []string{"mont"}) {
		t.Errorf("stem pairs %v, want gipfe→somme and berg→mont (haus has 3 partners, fluss is not in the text)", got)
	}
}
