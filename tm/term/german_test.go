package term

import "testing"

func TestStemGerman(t *testing.T) {
	// Words of one lemma share a stem.
	for _, group := range [][]string{
		{"vertrag", "verträge", "vertrages", "verträgen", "vertrags"},
		{"staat", "staaten", "staates", "staats"},
		{"waffe", "waffen"},
		{"grenze", "grenzen"},
		{"sanktion", "sanktionen"},
		{"parteitag", "parteitage", "parteitages", "parteitagen"},
		{"streitkräfte", "streitkräften"},
		{"wiedervereinigung", "wiedervereinigungen"},
		{"frieden", "friedens"},
		{"atomwaffe", "atomwaffen"},
		{"nationen", "nation"},
		{"koreanisch", "koreanische", "koreanischen", "koreanischer"},
	} {
		want := StemGerman(group[0])
		for _, w := range group[1:] {
			if got := StemGerman(w); got != want {
				t.Errorf("StemGerman(%q) = %q, want %q (as %q)", w, got, want, group[0])
			}
		}
	}
	// Known outputs of the Snowball German algorithm.
	for in, want := range map[string]string{
		"aufeinander": "aufeinand", "kategorie": "kategori", "häuser": "haus", "straße": "strass",
		"bauen": "bau", "ergebnisse": "ergebnis", "kenntnisse": "kenntnis",
		"freundlichkeit": "freundlich", "schönheit": "schonheit", "abenteuerlich": "abenteu",
	} {
		if got := StemGerman(in); got != want {
			t.Errorf("StemGerman(%q) = %q, want %q", in, got, want)
		}
	}
}
