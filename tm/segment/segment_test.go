package segment

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/korpus/korpus/internal/testutil"
	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/textio"
)

// readExpected reads a hand-written expected segmentation: one segment per
// line, a blank line between paragraphs.
func readExpected(t *testing.T, path string) []tm.Segment {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var segs []tm.Segment
	para := 0
	blank := false
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if l == "" {
			blank = true
			continue
		}
		if blank {
			para++
			blank = false
		}
		segs = append(segs, tm.Segment{Para: para, Index: len(segs), Text: l, Hash: tm.Hash(l)})
	}
	return segs
}

func TestSeedArticle(t *testing.T) {
	raw, err := os.ReadFile(testutil.Testdata("korea-in-der-welt.de.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := textio.Decode(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(tm.MustLang("de"))
	if err != nil {
		t.Fatal(err)
	}
	got := Document(text, s)
	want := readExpected(t, testutil.Testdata("segment/korea-in-der-welt.expected.txt"))
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing segment %d (para %d): %q", i, want[i].Para, want[i].Text)
		case i >= len(want):
			t.Errorf("extra segment %d (para %d): %q", i, got[i].Para, got[i].Text)
		case got[i] != want[i]:
			t.Errorf("segment %d:\n got para %d %q\nwant para %d %q", i, got[i].Para, got[i].Text, want[i].Para, want[i].Text)
		}
		if t.Failed() && i > 3 {
			break
		}
	}
}

func TestGerman(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Simple", "Das ist gut. Das auch.", []string{"Das ist gut.", "Das auch."}},
		{"AbbrevZB", "Es gibt z. B. Äpfel. Und Birnen.", []string{"Es gibt z. B. Äpfel.", "Und Birnen."}},
		{"AbbrevZBNoSpace", "Es gibt z.B. Äpfel und Birnen.", []string{"Es gibt z.B. Äpfel und Birnen."}},
		// Units of time end a sentence before a typical opener.
		{"StdFinal", "Das kostet 5 Euro pro Std. Die Preise steigen.", []string{"Das kostet 5 Euro pro Std.", "Die Preise steigen."}},
		{"MinFinal", "Die Fahrt dauert 20 Min. Danach gibt es Essen.", []string{"Die Fahrt dauert 20 Min.", "Danach gibt es Essen."}},
		{"StdInner", "Nach 2 Std. Fahrt kamen wir an.", []string{"Nach 2 Std. Fahrt kamen wir an."}},
		// Academic degrees after "Dr." are inside the name.
		{"DrMed", "Herr Dr. med. K. Müller kam. Er blieb.", []string{"Herr Dr. med. K. Müller kam.", "Er blieb."}},
		{"DrRerNat", "Frau Dr. rer. nat. Schulz forscht. Sie lehrt auch.", []string{"Frau Dr. rer. nat. Schulz forscht.", "Sie lehrt auch."}},
		// "f." and "ff." (and the following pages) end a citation.
		{"PagesFollowingEnd", "Siehe S. 3 f. Die Quelle ist alt.", []string{"Siehe S. 3 f.", "Die Quelle ist alt."}},
		{"PagesFollowingInner", "Siehe S. 3 ff. und S. 9.", []string{"Siehe S. 3 ff. und S. 9."}},
		{"AbbrevDH", "Er kam spät, d. h. Nach dem Essen.", []string{"Er kam spät, d. h. Nach dem Essen."}},
		{"AbbrevIDR", "Das gilt i. d. R. Für alle.", []string{"Das gilt i. d. R. Für alle."}},
		{"AbbrevUA", "Es kamen u. a. Müller und Meier.", []string{"Es kamen u. a. Müller und Meier."}},
		{"AbbrevBzw", "Der Vater bzw. Die Mutter kommt.", []string{"Der Vater bzw. Die Mutter kommt."}},
		{"AbbrevCa", "Es waren ca. 300 Leute da.", []string{"Es waren ca. 300 Leute da."}},
		{"AbbrevNr", "Er wohnt in Nr. 5. Sie nicht.", []string{"Er wohnt in Nr. 5.", "Sie nicht."}},
		{"Titles", "Dr. Müller und Prof. Schmidt trafen sich in St. Peter.", []string{"Dr. Müller und Prof. Schmidt trafen sich in St. Peter."}},
		{"Vgl", "Das ist falsch (vgl. Kap. 3). Richtig ist es so.", []string{"Das ist falsch (vgl. Kap. 3).", "Richtig ist es so."}},
		{"UswFinal", "Äpfel, Birnen usw. Die Auswahl ist groß.", []string{"Äpfel, Birnen usw.", "Die Auswahl ist groß."}},
		{"UswInner", "Äpfel, Birnen usw. sind gesund.", []string{"Äpfel, Birnen usw. sind gesund."}},
		{"EtcFinal", "Bücher, Hefte etc. Wir haben alles.", []string{"Bücher, Hefte etc.", "Wir haben alles."}},
		{"Century", "Das Haus stammt aus dem 18. Jh. und ist schön.", []string{"Das Haus stammt aus dem 18. Jh. und ist schön."}},
		{"Millions", "Es kostet 2,5 Mio. Euro. Das ist viel.", []string{"Es kostet 2,5 Mio. Euro.", "Das ist viel."}},
		{"MillionsFinal", "Der Schaden beträgt 3 Mrd. Die Versicherung zahlt.", []string{"Der Schaden beträgt 3 Mrd.", "Die Versicherung zahlt."}},
		{"MonthAbbrev", "Am 3. Jan. 2025 begann es.", []string{"Am 3. Jan. 2025 begann es."}},
		{"OrdinalMonth", "Sie unterzeichneten am 19. Juni den Vertrag.", []string{"Sie unterzeichneten am 19. Juni den Vertrag."}},
		{"OrdinalNoun", "Im Januar fand der 8. Parteitag statt.", []string{"Im Januar fand der 8. Parteitag statt."}},
		{"OrdinalCompound", "Sie feierten zum 80. Gründungstag.", []string{"Sie feierten zum 80. Gründungstag."}},
		{"OrdinalCue", "Sie trafen sich auf der 35. Kommandeurstagung in München.", []string{"Sie trafen sich auf der 35. Kommandeurstagung in München."}},
		{"OrdinalCentury", "Häuser aus dem 18. Jahrhundert sind alt.", []string{"Häuser aus dem 18. Jahrhundert sind alt."}},
		{"OrdinalLowercase", "Das 2. strategische Treffen fand statt.", []string{"Das 2. strategische Treffen fand statt."}},
		{"YearEnd", "Das geschah im Jahr 2025. Die Folgen sind bekannt.", []string{"Das geschah im Jahr 2025.", "Die Folgen sind bekannt."}},
		{"YearEndNoun", "Das geschah 2025. Kim Jong Un reiste ab.", []string{"Das geschah 2025.", "Kim Jong Un reiste ab."}},
		{"NumberEndStarter", "Er wurde 19. Er feierte.", []string{"Er wurde 19.", "Er feierte."}},
		{"NumberEndName", "Sein Platz war Nummer 3. Müller wurde Vierter.", []string{"Sein Platz war Nummer 3.", "Müller wurde Vierter."}},
		{"DateDigits", "Am 3.9.2025 traf er ihn. Dann ging er.", []string{"Am 3.9.2025 traf er ihn.", "Dann ging er."}},
		{"DateDigitsEnd", "Er kam am 3.9.2025. Dann ging er.", []string{"Er kam am 3.9.2025.", "Dann ging er."}},
		{"Club", "Der 1. FC Köln gewann.", []string{"Der 1. FC Köln gewann."}},
		{"Numbers", "Es waren 3.000 Leute und 2,5 Prozent. Gut.", []string{"Es waren 3.000 Leute und 2,5 Prozent.", "Gut."}},
		{"Time", "Die Rakete hob um 2.20 Uhr ab. Alles gut.", []string{"Die Rakete hob um 2.20 Uhr ab.", "Alles gut."}},
		{"Enumerator", "10. Interessierte Länder werden gebeten. 2. Soziale Bewegungen folgen.", []string{"10. Interessierte Länder werden gebeten.", "2. Soziale Bewegungen folgen."}},
		// Issue 14: a numbered item after a bullet keeps its number.
		{"BulletEnumerator", "• 2. Trinken Sie genug Wasser!", []string{"• 2. Trinken Sie genug Wasser!"}},
		{"DashEnumerator", "- 3. Schlafen Sie viel. Dann geht es besser.", []string{"- 3. Schlafen Sie viel.", "Dann geht es besser."}},
		{"EnumeratorArticle", "1. Die Regierung tritt zurück.", []string{"1. Die Regierung tritt zurück."}},
		{"Initials", "Der Herr der Ringe ist von J. R. R. Tolkien. Er ist lang.", []string{"Der Herr der Ringe ist von J. R. R. Tolkien.", "Er ist lang."}},
		{"InitialEnd", "Das Spiel gewann Gruppe C. Die anderen verloren.", []string{"Das Spiel gewann Gruppe C.", "Die anderen verloren."}},
		{"Ellipsis", "Ich weiß nicht... Aber vielleicht.", []string{"Ich weiß nicht...", "Aber vielleicht."}},
		{"EllipsisChar", "Ich weiß nicht … Aber vielleicht.", []string{"Ich weiß nicht …", "Aber vielleicht."}},
		{"EllipsisInner", "Und dann ... kam er doch.", []string{"Und dann ... kam er doch."}},
		{"EllipsisOmission", "Er sagte (...) Dinge. Gut.", []string{"Er sagte (...) Dinge.", "Gut."}},
		{"QuoteInside", "„Komm her!“ Er kam.", []string{"„Komm her!“", "Er kam."}},
		{"QuoteInsideComma", "„Komm her!“, rief sie. Er kam.", []string{"„Komm her!“, rief sie.", "Er kam."}},
		{"QuoteOutside", "Sie unterzeichneten den „Vertrag über die Partnerschaft“. Er gilt.", []string{"Sie unterzeichneten den „Vertrag über die Partnerschaft“.", "Er gilt."}},
		{"Guillemets", "»Wer ist da?« Niemand antwortete.", []string{"»Wer ist da?«", "Niemand antwortete."}},
		{"StraightQuotes", `Er sagte: "Geh." Sie ging. "Gut", sagte er.`, []string{`Er sagte: "Geh."`, "Sie ging.", `"Gut", sagte er.`}},
		{"UDQuotes", "``Das ist gut'', sagte er. ``Wir kommen.'' Sie kamen.", []string{"``Das ist gut'', sagte er.", "``Wir kommen.''", "Sie kamen."}},
		{"UDQuotesOutside", "Er nannte es ``vorbildlich''. Sie nicht.", []string{"Er nannte es ``vorbildlich''.", "Sie nicht."}},
		// A run of quoted utterances without end punctuation inside: each
		// quote that opens its sentence ends it before the next quote.
		{"QuotedRun", "„Ja“ „Nein“ „Vielleicht später“", []string{"„Ja“", "„Nein“", "„Vielleicht später“"}},
		{"QuotedRunStraight", `"Das Essen war kalt" "Der Kellner kam nie"`, []string{`"Das Essen war kalt"`, `"Der Kellner kam nie"`}},
		{"QuotedRunEnglish", "“Nie wieder” “Zu teuer”", []string{"“Nie wieder”", "“Zu teuer”"}},
		{"QuotedRunLowercase", "„Ja“ „nein“ und „vielleicht“ sagte er.", []string{"„Ja“ „nein“ und „vielleicht“ sagte er."}},
		{"QuotedTitlesInside", "Er las „Die Zeit“ „Die Welt“ und andere Blätter.", []string{"Er las „Die Zeit“ „Die Welt“ und andere Blätter."}},
		// A quoted headline before a sentence that starts with a typical
		// opener; a capitalised noun after it may belong to it.
		{"QuotedHeadline", `"Freundliches Personal" Wir kommen gerne wieder.`, []string{`"Freundliches Personal"`, "Wir kommen gerne wieder."}},
		{"QuotedHeadlineNoun", "„Faust“ Teil eins spielt im Studierzimmer.", []string{"„Faust“ Teil eins spielt im Studierzimmer."}},
		{"QuoteThenLowercase", "„Ja“ sagte er leise. Dann ging er.", []string{"„Ja“ sagte er leise.", "Dann ging er."}},
		{"QuoteMidSentence", "Der „Spiegel“ Der Leser fragt nach.", []string{"Der „Spiegel“ Der Leser fragt nach."}},
		{"QuoteMidSentenceLower", "Wie der „Spiegel“ berichtet, kam er.", []string{"Wie der „Spiegel“ berichtet, kam er."}},
		{"QuoteAfterColon", "Er sagte: „Ja.“ Dann ging er.", []string{"Er sagte: „Ja.“", "Dann ging er."}},
		// ":" and ";" keep their sentence together by default.
		{"ColonKept", "Er war sehr zufrieden: Die Zahlen stimmen.", []string{"Er war sehr zufrieden: Die Zahlen stimmen."}},
		{"SemicolonKept", "Das Ergebnis ist klar; Kritiker sehen das anders.", []string{"Das Ergebnis ist klar; Kritiker sehen das anders."}},
		{"NextSentenceQuoted", "Er ging. „Warum?“, fragte sie.", []string{"Er ging.", "„Warum?“, fragte sie."}},
		{"QuestionExclamation", "Wirklich? Ja! Na gut?! Dann los.", []string{"Wirklich?", "Ja!", "Na gut?!", "Dann los."}},
		{"ExclamationLowercase", "Hurra! rief er.", []string{"Hurra! rief er."}},
		{"Brackets", "Er kam (spät). Sie auch. (Das war klar.) Dann aßen sie.", []string{"Er kam (spät).", "Sie auch.", "(Das war klar.)", "Dann aßen sie."}},
		{"ParenAfterAbbrev", "So zeigen Meier et al. (2018, S. 4), dass es geht. Gut.", []string{"So zeigen Meier et al. (2018, S. 4), dass es geht.", "Gut."}},
		{"ParenAfterRoman", "Karl V. (1500–1558) war Kaiser. Er dankte ab.", []string{"Karl V. (1500–1558) war Kaiser.", "Er dankte ab."}},
		{"ParenHeading", "Ludwig II. (Bayern)", []string{"Ludwig II. (Bayern)"}},
		{"ParenSentenceAtEnd", "Das ist so. (Das war immer so.)", []string{"Das ist so.", "(Das war immer so.)"}},
		{"StageDirection", "Fragen Sie ihn! (lacht) Im Ernst: nein.", []string{"Fragen Sie ihn!", "(lacht) Im Ernst: nein."}},
		{"InsideParen", "Man nehme 4 Eier (Gr. M) und Mehl. Dann rühren.", []string{"Man nehme 4 Eier (Gr. M) und Mehl.", "Dann rühren."}},
		{"SmileyParen", "Schade :-( Wir sehen uns. Bis dann :)", []string{"Schade :-( Wir sehen uns.", "Bis dann :)"}},
		{"DegreeUnit", "Es hat 11 °C. Heidelberg ist warm.", []string{"Es hat 11 °C.", "Heidelberg ist warm."}},
		{"LowercaseWriting", "hatte das gleiche problem vor nem jahr. bei mir wars das BIOS. versuch mal 30 sek. den knopf zu halten. geht das?! ja", []string{"hatte das gleiche problem vor nem jahr.", "bei mir wars das BIOS.", "versuch mal 30 sek. den knopf zu halten.", "geht das?!", "ja"}},
		{"LowercaseWordInCasedText", "Er ging. und dann kam sie.", []string{"Er ging. und dann kam sie."}},
		{"LowercaseChatLabel", "Lisa: ok kein problem. ich bestell schon mal", []string{"Lisa: ok kein problem.", "ich bestell schon mal"}},
		{"QuotedRunAfterLabel", "Anna: „Ja“ „Nein“", []string{"Anna: „Ja“", "„Nein“"}},
		{"QuotedRunGuillemets", "»Ja« »Nein« sagte er nicht.", []string{"»Ja«", "»Nein« sagte er nicht."}},
		{"QuotedRunSwiss", "«Gut» «Schlecht» Wir wissen es nicht.", []string{"«Gut»", "«Schlecht»", "Wir wissen es nicht."}},
		{"QuotedTitlesGuillemets", "Er las »Die Zeit« »Die Welt« und mehr.", []string{"Er las »Die Zeit« »Die Welt« und mehr."}},
		{"SpacedEllipsis", "Er ging . . . Dann kam er.", []string{"Er ging . . .", "Dann kam er."}},
		{"OrdinalAbbrevNoun", "Das Buch (2. Aufl.) ist gut.", []string{"Das Buch (2. Aufl.) ist gut."}},
		{"NumberThousands", "Die Zahl stieg auf 61 000. Das ist viel.", []string{"Die Zahl stieg auf 61 000.", "Das ist viel."}},
		{"Currency", "Es kostet 5 €. Danach nichts.", []string{"Es kostet 5 €.", "Danach nichts."}},
		{"RomanNumeral", "Es regierte Wilhelm II. von Preußen.", []string{"Es regierte Wilhelm II. von Preußen."}},
		{"DateSpaced", "Er wurde am 5. 10. 2020 geboren.", []string{"Er wurde am 5. 10. 2020 geboren."}},
		{"DateShort", "Die Besprechung ist am 12.03. um 10 Uhr. Bitte kommen.", []string{"Die Besprechung ist am 12.03. um 10 Uhr.", "Bitte kommen."}},
		{"StreetAbbrev", "Er lebt in der Hauptstr. 5 in Berlin.", []string{"Er lebt in der Hauptstr. 5 in Berlin."}},
		{"Clitic", "Das war's. Tschüss!", []string{"Das war's.", "Tschüss!"}},
		{"CoKG", "Die Firma XY GmbH & Co. KG hat Insolvenz angemeldet.", []string{"Die Firma XY GmbH & Co. KG hat Insolvenz angemeldet."}},
		{"Law", "Laut Art. 5 Abs. 1 GG ist das erlaubt. Gemäß § 5 BGB. Die Regel gilt.", []string{"Laut Art. 5 Abs. 1 GG ist das erlaubt.", "Gemäß § 5 BGB.", "Die Regel gilt."}},
		{"URL", "Siehe www.korpus.de. Dort steht es.", []string{"Siehe www.korpus.de.", "Dort steht es."}},
		{"Heading", "Die umfassende strategische Partnerschaft", []string{"Die umfassende strategische Partnerschaft"}},
		{"HeadingOrdinal", "Gemeinsame Feier zum 80. Gründungstag der Partei", []string{"Gemeinsame Feier zum 80. Gründungstag der Partei"}},
		{"ListItem", "- Äpfel und Birnen", []string{"- Äpfel und Birnen"}},
		{"NoBreakSpaceEnd", "Sie waren da.\u00a0", []string{"Sie waren da."}},
		{"Empty", "  ", nil},
	}
	s, err := New(tm.MustLang("de-DE"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Split(tt.in)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || len(got) != len(tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"BlankLines", "Eins.\n\nZwei.\n", []string{"Eins.", "Zwei."}},
		{"WhitespaceLineIsBlank", "Eins.\n \u00a0 \t\nZwei.", []string{"Eins.", "Zwei."}},
		{"Indented", "\u00a0\u00a0 Eins ist da\n\u00a0\u00a0 Zwei ist da", []string{"Eins ist da", "Zwei ist da"}},
		{"SameIndentContinues", "  Eins,\n  zwei.", []string{"Eins, zwei."}},
		{"TrailingSpace", "Eins. \u00a0\nZwei.  ", []string{"Eins.", "Zwei."}},
		{"WrappedLowercaseWord", "Sie unterzeichneten gemeinsam den\n„Vertrag“.", []string{"Sie unterzeichneten gemeinsam den „Vertrag“."}},
		{"WrappedComma", "Kim Jong Un,\nGeneralsekretär der Partei, kam.", []string{"Kim Jong Un, Generalsekretär der Partei, kam."}},
		{"WrappedNextLowercase", "Der Generalsekretär der Partei\nunterstrich das.", []string{"Der Generalsekretär der Partei unterstrich das."}},
		{"RubricAndSubtitle", "/ Korea in der Welt - Freundschaftsbande\nFür Souveränität und Gerechtigkeit\n  Im Januar.", []string{"/ Korea in der Welt - Freundschaftsbande", "Für Souveränität und Gerechtigkeit", "Im Januar."}},
		{"HeadingThenText", "Die umfassende strategische Partnerschaft\nDie Beziehungen sind gut.", []string{"Die umfassende strategische Partnerschaft", "Die Beziehungen sind gut."}},
		{"SentencePerLine", "Erster Satz.\nZweiter Satz.", []string{"Erster Satz.", "Zweiter Satz."}},
		{"Bullets", "Wir brauchen\n- Milch\n- Brot und\nButter", []string{"Wir brauchen", "- Milch", "- Brot und Butter"}},
		{"Enumerators", "Punkte:\n1. Eins\n2. Zwei\na) drei", []string{"Punkte:", "1. Eins", "2. Zwei", "a) drei"}},
		{"ShortLowercaseHeading", "Was wir wollen\nWir wollen Frieden.", []string{"Was wir wollen", "Wir wollen Frieden."}},
		{"ShortLineEndingInArticle", "Er sah den\nMann.", []string{"Er sah den Mann."}},
		{"LongLineEndingLowercase", "Die beiden Staatschefs diskutierten eingehend und ausführlich\nDetails der Zusammenarbeit.", []string{"Die beiden Staatschefs diskutierten eingehend und ausführlich Details der Zusammenarbeit."}},
		{"IndentedBlockWrapped", "    Der Satz geht über zwei Zeilen und\n    endet hier.\n    Neuer Absatz.", []string{"Der Satz geht über zwei Zeilen und endet hier.", "Neuer Absatz."}},
		{"FirstLineIndent", "   Erster Absatz beginnt und\ngeht weiter.\n   Zweiter Absatz.", []string{"Erster Absatz beginnt und geht weiter.", "Zweiter Absatz."}},
		// Hard-wrapped text: once lines of a paragraph were joined, a full
		// line ending a sentence is a wrap too, not a paragraph end.
		{"HardWrappedSentenceAtLineEnd", "Die Bundesregierung hat am Mittwoch ein umfangreiches Paket zur Entlastung\nder Bürger beschlossen. Es umfasst unter anderem eine Senkung der\nStromsteuer und höhere Zuschüsse für Pendler. Finanzminister Lindner sagte.\nDas Paket sei solide finanziert und belaste den Haushalt nicht.\n\nDie Opposition kündigte Widerstand an.", []string{"Die Bundesregierung hat am Mittwoch ein umfangreiches Paket zur Entlastung der Bürger beschlossen. Es umfasst unter anderem eine Senkung der Stromsteuer und höhere Zuschüsse für Pendler. Finanzminister Lindner sagte. Das Paket sei solide finanziert und belaste den Haushalt nicht.", "Die Opposition kündigte Widerstand an."}},
		{"HardWrappedShortLastLine", "Die Bundesregierung hat am Mittwoch ein umfangreiches Paket zur Entlastung\nder Bürger beschlossen.\nDie Opposition kündigte Widerstand im Bundesrat an und sagte das deutlich.", []string{"Die Bundesregierung hat am Mittwoch ein umfangreiches Paket zur Entlastung der Bürger beschlossen.", "Die Opposition kündigte Widerstand im Bundesrat an und sagte das deutlich."}},
		{"LongSentencePerLine", "Die Bundesregierung hat am Mittwoch ein umfangreiches Paket beschlossen.\nDie Opposition kündigte Widerstand im Bundesrat an und sagte das deutlich.\nMehrere Länder haben bereits Nachbesserungen gefordert, sagte er.", []string{"Die Bundesregierung hat am Mittwoch ein umfangreiches Paket beschlossen.", "Die Opposition kündigte Widerstand im Bundesrat an und sagte das deutlich.", "Mehrere Länder haben bereits Nachbesserungen gefordert, sagte er."}},
		// A list item's hanging indent continues the item.
		{"BulletHangingIndent", "* Zweiter Punkt mit einem längeren Text, der über die Zeile geht und\n  weitergeht.\n* Dritter Punkt", []string{"* Zweiter Punkt mit einem längeren Text, der über die Zeile geht und weitergeht.", "* Dritter Punkt"}},
		{"EnumeratorHangingIndent", "1. Der erste Punkt, der lang ist,\n   geht hier weiter.\n2. Zweiter", []string{"1. Der erste Punkt, der lang ist, geht hier weiter.", "2. Zweiter"}},
		{"BulletThenIndentedNewSentence", "- Milch\n   Brot ist aus.", []string{"- Milch", "Brot ist aus."}},
		// Issue 14: one- or two-word lines are items, not wrapped lines.
		{"ShortLinesMenu", "Startseite\nüber uns\nkontakt\nImpressum", []string{"Startseite", "über uns", "kontakt", "Impressum"}},
		{"ShortLinesAnswers", "Haus\ndas Haus\ngehen\nging", []string{"Haus", "das Haus", "gehen", "ging"}},
		{"ChatTurns", "Lisa: ok kein problem. ich bestell schon mal was\nTom: bestell mir bitte ne cola mit. bin in 10 min da\nLisa: gut", []string{"Lisa: ok kein problem. ich bestell schon mal was", "Tom: bestell mir bitte ne cola mit. bin in 10 min da", "Lisa: gut"}},
		{"LabelNotATranscript", "Hinweis: Das Gerät muss vor dem Reinigen ganz abkühlen und\nWarnung: heiß", []string{"Hinweis: Das Gerät muss vor dem Reinigen ganz abkühlen und Warnung: heiß"}},
		{"ShortLinesVocabulary", "der Hund bellt\ndie Katze miaut\ndas Pferd wiehert\nund die Kuh", []string{"der Hund bellt", "die Katze miaut", "das Pferd wiehert", "und die Kuh"}},
		{"ShortLinesBreakOff", "Wir kaufen Äpfel,\nbirnen und\npflaumen\nheute", []string{"Wir kaufen Äpfel, birnen und pflaumen", "heute"}},
		{"WrappedNotShort", "Die Regierung hat am Mittwoch beschlossen, die Steuern\nzu senken und die Renten zu erhöhen, teilte sie mit.\nkurz", []string{"Die Regierung hat am Mittwoch beschlossen, die Steuern zu senken und die Renten zu erhöhen, teilte sie mit. kurz"}},
		{"CRLFLeftovers", "Eins\r\n", []string{"Eins"}},
		{"Empty", "\n \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Paragraphs(tt.in)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || len(got) != len(tt.want) {
				t.Errorf("Paragraphs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	for _, l := range []string{"de", "de-AT", "en-GB", "fr"} {
		if _, err := New(tm.MustLang(l)); err != nil {
			t.Errorf("New(%s): %v", l, err)
		}
	}
	s, err := New(tm.MustLang("nl"))
	if !errors.Is(err, ErrGenericRules) || s == nil {
		t.Fatalf("New(nl) = %v, %v; want generic rules and ErrGenericRules", s, err)
	}
	if got := s.Split("Een zin. Nog een zin!"); len(got) != 2 {
		t.Errorf("generic Split = %q", got)
	}
}

// TestSplitColon: with Options.SplitColon a sentence ends at ":" or ";"
// before a full capitalised sentence, and only there.
func TestSplitColon(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"Starter", "Er war sehr zufrieden: Die Zahlen stimmen.", []string{"Er war sehr zufrieden:", "Die Zahlen stimmen."}},
		{"CapitalisedThenLowercase", "Das Ergebnis ist klar; Kritiker sehen das anders.", []string{"Das Ergebnis ist klar;", "Kritiker sehen das anders."}},
		{"Quoted", "Er sagte dann leise: „Wir gehen.“ Sie blieb.", []string{"Er sagte dann leise:", "„Wir gehen.“", "Sie blieb."}},
		{"Label", "Hinweis: Bitte leise sein.", []string{"Hinweis: Bitte leise sein."}},
		{"List", "Es gibt drei Sorten: Äpfel, Birnen und Pflaumen.", []string{"Es gibt drei Sorten: Äpfel, Birnen und Pflaumen."}},
		{"Names", "Sie nannte zwei Städte: Berlin und Paris.", []string{"Sie nannte zwei Städte: Berlin und Paris."}},
		{"Nouns", "Das Urteil der Jury lautet: Große Kunst.", []string{"Das Urteil der Jury lautet: Große Kunst."}},
		{"Lowercase", "Er kam spät; er war müde.", []string{"Er kam spät; er war müde."}},
		{"Number", "Das steht im Urteil (Az.: 5 AZR 216).", []string{"Das steht im Urteil (Az.: 5 AZR 216)."}},
		{"Time", "Der Zug fährt um 10:30 Uhr ab.", []string{"Der Zug fährt um 10:30 Uhr ab."}},
	}
	s, err := NewWithOptions(tm.MustLang("de"), Options{SplitColon: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Split(tt.in); strings.Join(got, "\n") != strings.Join(tt.want, "\n") || len(got) != len(tt.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
	// The default rules are not changed by the option.
	d, _ := New(tm.MustLang("de"))
	if got := d.Split(tests[0].in); len(got) != 1 {
		t.Errorf("default rules split at the colon: %q", got)
	}
}
