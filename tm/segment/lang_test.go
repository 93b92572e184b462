package segment

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

func TestEnglish(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Simple", "It rained. We stayed in.", []string{"It rained.", "We stayed in."}},
		{"Titles", "Mr. Smith met Dr. Jones in St. Louis. They talked.", []string{"Mr. Smith met Dr. Jones in St. Louis.", "They talked."}},
		{"EG", "Fruit, e.g. Apples, is healthy.", []string{"Fruit, e.g. Apples, is healthy."}},
		{"USFinal", "He moved to the U.S. The move was hard.", []string{"He moved to the U.S.", "The move was hard."}},
		{"USInner", "The U.S. Army arrived.", []string{"The U.S. Army arrived."}},
		{"EtcFinal", "Pens, paper, etc. We have it all.", []string{"Pens, paper, etc.", "We have it all."}},
		{"Year", "It happened in 2025. The end.", []string{"It happened in 2025.", "The end."}},
		{"NumberEnd", "He was number 3. Smith was fourth.", []string{"He was number 3.", "Smith was fourth."}},
		{"No", "See No. 5 on the list.", []string{"See No. 5 on the list."}},
		{"Initials", "J. R. R. Tolkien wrote it. It is long.", []string{"J. R. R. Tolkien wrote it.", "It is long."}},
		{"Quotes", `"Stop!" She stopped. "Why?" he asked.`, []string{`"Stop!"`, "She stopped.", `"Why?" he asked.`}},
		{"CurlyQuotes", "He said “Go.” Then he left.", []string{"He said “Go.”", "Then he left."}},
		{"Time", "We met at 5 p.m. The sun was low.", []string{"We met at 5 p.m.", "The sun was low."}},
	}
	runCases(t, "en", tests)
}

func TestFrench(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Simple", "Il pleut. Nous restons.", []string{"Il pleut.", "Nous restons."}},
		{"Monsieur", "M. Dupont est arrivé. Il est content.", []string{"M. Dupont est arrivé.", "Il est content."}},
		{"Madame", "Mme Martin et Dr. Petit sont là.", []string{"Mme Martin et Dr. Petit sont là."}},
		{"SpacedQuestion", "Pourquoi ? Parce que.", []string{"Pourquoi ?", "Parce que."}},
		{"NoBreakSpaceExclamation", "Bravo\u00a0! Merci.", []string{"Bravo\u00a0!", "Merci."}},
		{"Guillemets", "Il dit : « Oui. » Elle part.", []string{"Il dit : « Oui. »", "Elle part."}},
		{"GuillemetsNBSP", "Il dit : «\u00a0Non !\u00a0» Elle reste.", []string{"Il dit : «\u00a0Non !\u00a0»", "Elle reste."}},
		{"Etc", "Des pommes, des poires, etc. Nous avons tout.", []string{"Des pommes, des poires, etc.", "Nous avons tout."}},
		{"Cf", "Voir cf. Chapitre 3 pour cela.", []string{"Voir cf. Chapitre 3 pour cela."}},
		// "14 h" is an hour, not an initial: a unit symbol after a number
		// ends the sentence before a capital.
		{"HourUnit", "Il est 14 h. Mme Dubois est arrivée.", []string{"Il est 14 h.", "Mme Dubois est arrivée."}},
		{"MetreUnit", "La tour mesure 300 m. Elle fut construite en 1889.", []string{"La tour mesure 300 m.", "Elle fut construite en 1889."}},
		{"InitialAfterNumber", "Il cite le 3 J. Dupont.", []string{"Il cite le 3 J. Dupont."}},
		// A month abbreviation ends the sentence before a common opener.
		{"MonthThenSelon", "Les prix ont augmenté en janv. Selon M. Martin, c'est normal.", []string{"Les prix ont augmenté en janv.", "Selon M. Martin, c'est normal."}},
		{"MonthThenYear", "Il est né en janv. 1990 à Lyon.", []string{"Il est né en janv. 1990 à Lyon."}},
	}
	runCases(t, "fr", tests)
}

func TestGeneric(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Simple", "Dit is een zin. Dit ook!", []string{"Dit is een zin.", "Dit ook!"}},
		{"Initials", "A. B. Jansen komt. Hij is laat.", []string{"A. B. Jansen komt.", "Hij is laat."}},
		{"InnerPeriods", "Dit is b.v. Goed.", []string{"Dit is b.v. Goed."}},
		{"Lowercase", "Zie blz. vijf.", []string{"Zie blz. vijf."}},
		// A spaced closing guillemet (French typography, common in Swiss
		// and Belgian texts) stays with its sentence; one that opens a
		// quote (»Zo«) does not follow the end.
		{"SpacedGuillemetCloses", "Hij zei: « Goedendag ! » Toen ging hij.", []string{"Hij zei: « Goedendag ! »", "Toen ging hij."}},
		{"GuillemetOpens", "Hij lachte. »Zo gaat het.« Dat klopt.", []string{"Hij lachte.", "»Zo gaat het.«", "Dat klopt."}},
	}
	runCases(t, "nl", tests)
	// Chinese and Japanese end sentences with full-width marks and no
	// space after them.
	cjk := []struct {
		name string
		in   string
		want []string
	}{
		{"Japanese", "日本語の文です。次の文です！最後ですか？", []string{"日本語の文です。", "次の文です！", "最後ですか？"}},
		{"JapaneseQuote", "彼は「行きます。」と言った。そして行った。", []string{"彼は「行きます。」と言った。", "そして行った。"}},
		{"ClosingQuoteEnds", "「はい。」「いいえ。」", []string{"「はい。」", "「いいえ。」"}},
		{"Chinese", "这是第一句。这是第二句！", []string{"这是第一句。", "这是第二句！"}},
		{"RepeatedMarks", "本当？！はい。", []string{"本当？！", "はい。"}},
	}
	runCases(t, "ja", cjk)
}

func runCases(t *testing.T, lang string, tests []struct {
	name string
	in   string
	want []string
}) {
	t.Helper()
	s, _ := New(tm.MustLang(lang))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Split(tt.in)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || len(got) != len(tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkContract checks the tm.Segmenter contract: sentences trimmed, never
// empty, and together every non-space character of the input in order.
func checkContract(t *testing.T, in string, got []string) {
	t.Helper()
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	for _, s := range got {
		if s == "" || strings.TrimSpace(s) != s {
			t.Fatalf("Split(%q): sentence %q empty or untrimmed", in, s)
		}
	}
	if strip(strings.Join(got, "")) != strip(in) {
		t.Fatalf("Split(%q) = %q loses or adds characters", in, got)
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"Am 19. Juni kam er (ca. 5 Uhr). „Warum?“, fragte sie.",
		"``Wir kommen.'' Sie kamen. z. B. d. h. i. d. R. Für",
		"Er ging . . . Dann … Und (...) J. R. R. Tolkien. 1. FC",
		"Il dit : « Oui. » Elle part.\u00a0!\u00a0» x",
		"...!?.. \u2026\u2026 . .", "3.9.2025. 2. 3.000. Nr.", "\xff. A", "a.\u00a0\u00a0B",
	} {
		f.Add(s)
	}
	segs := []tm.Segmenter{german, english, french, generic}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			t.Skip("segmenters get decoded text (textio.Decode), always valid UTF-8")
		}
		for _, s := range segs {
			checkContract(t, in, s.Split(in))
		}
	})
}

func FuzzParagraphs(f *testing.F) {
	for _, s := range []string{
		"/ Korea\nFür Souveränität\n\u00a0\u00a0 Im Januar.\n\u00a0\nDie Partnerschaft\n\nEr sah den\n„Vertrag“.",
		"- a\n* b\n1. c\na) d\n\t\te\n", "\r\n\r\n x \n", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			t.Skip("Paragraphs gets decoded text (textio.Decode), always valid UTF-8")
		}
		ps := Paragraphs(in)
		checkContract(t, in, ps)
		for _, p := range ps {
			if strings.Contains(p, "\n") {
				t.Fatalf("paragraph %q holds a line break", p)
			}
		}
		segs := Document(in, german)
		for i, s := range segs {
			if s.Index != i || s.Para < 0 || s.Para >= len(ps) || i > 0 && s.Para < segs[i-1].Para || s.Hash != tm.Hash(s.Text) {
				t.Fatalf("segment %d = %+v", i, s)
			}
		}
	})
}
