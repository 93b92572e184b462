package tm_test

import (
	"testing"

	"github.com/korpus/korpus/tm"
)

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"", 0},
		{"  \n ", 0},
		{"Hallo Welt.", 2},
		{"DVRK-Russland-Freundschaft", 1},
		{"3.000 Menschen", 2},
		{"2,5 Prozent", 2},
		{"am 3.9.2025", 2},
		{"z. B. heute", 3},
		{"Sie sagte: „geht's?“", 3},
		{"geht’s", 1},
		{"80-jährige", 1},
		{"Ost – West", 2},
		{"Ende.Anfang", 2}, // a full stop between letters separates
		{"1,2,3", 1},
		{"Zahlen, 3, 4", 3},
		{"- Liste -", 1},
		{"Wort-", 1},
		{"e-Mail, E-Mail", 2},
		{"Straße 12a", 2},
		{"naïve café", 2},
		{"cafe\u0301", 1}, // combining accent stays in the word
		{"...", 0},
		{"§ 5 Abs. 2", 3}, // § is a symbol, not a word
	} {
		if got := tm.CountWords(tc.text); got != tc.want {
			t.Errorf("CountWords(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

func TestCountChars(t *testing.T) {
	if got := tm.CountChars(" Grüße,\tWelt!\n"); got != 11 {
		t.Fatalf("CountChars = %d, want 11", got)
	}
}

func TestParseDocRef(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    tm.DocRef
		invalid bool
	}{
		{in: "a.txt", want: tm.DocRef{Name: "a.txt"}},
		{in: "a.txt@2", want: tm.DocRef{Name: "a.txt", Version: 2}},
		{in: "me@host.txt", want: tm.DocRef{Name: "me@host.txt"}},
		{in: "me@host.txt@12", want: tm.DocRef{Name: "me@host.txt", Version: 12}},
		{in: "a.txt@0", invalid: true},
		{in: "a.txt@", invalid: true},
		{in: "@3", invalid: true},
		{in: "", invalid: true},
	} {
		got, err := tm.ParseDocRef(tc.in)
		if tc.invalid {
			if tm.ErrorCode(err) != tm.EINVALID {
				t.Errorf("ParseDocRef(%q): err = %v, want invalid", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want || got.String() != tc.in {
			t.Errorf("ParseDocRef(%q) = %+v, %v", tc.in, got, err)
		}
	}
}
