package align

import (
	"strings"
	"unicode/utf8"
)

// stopwords are very frequent function words of some languages, enough to
// tell which of two languages a text is written in.
var stopwords = map[string]map[string]bool{}

func init() {
	for lang, words := range map[string]string{
		"de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als nach wie aber bei noch nur oder wir sie er ich wird wurde sind war hat",
		"fr": "le la les et est pas un une du des de à en que qui dans pour sur au aux avec ce il elle nous ils ne se par plus mais ou été sont était a",
		"en": "the and of to is in that it was for on are as with his they be at by this had not but from or have which were",
		"es": "el la los las y es de que en un una por con no para se del al lo como más pero sus su fue son está",
		"it": "il lo la gli le e è di che un una per con non sono del della nel alla ma anche come più si",
		"nl": "de het een en van is dat niet op te zijn met voor er maar ook als bij door wordt werd hij zij",
		"pt": "o a os as e é de que em um uma para com não do da no na por mais se mas foi são",
	} {
		set := map[string]bool{}
		for _, w := range strings.Fields(words) {
			set[w] = true
		}
		stopwords[lang] = set
	}
}

// LangScore is the share of the words of sentences that are frequent
// function words of the language with base subtag lang ("de", "fr"), or
// -1 when korpus has no word list for it. Texts in that language score
// about 0.2–0.5, texts in another language near 0.
func LangScore(sentences []string, lang string) float64 {
	set, ok := stopwords[lang]
	if !ok {
		return -1
	}
	words, hits := 0, 0
	for _, s := range sentences {
		for _, t := range Tokens(s) {
			r, _ := utf8.DecodeRuneInString(t)
			if !isWordRune(r) {
				continue
			}
			words++
			if set[strings.ToLower(t)] {
				hits++
			}
		}
		if words > 20000 {
			break
		}
	}
	if words == 0 {
		return 0
	}
	return float64(hits) / float64(words)
}

// LearnDict learns a dictionary of word pairs from sentence pairs (such as
// the translation units of a memory): words that occur together in at
// least three pairs, with a high Dice coefficient, each the other's best
// partner.
func LearnDict(src, tgt []string) []WordPair {
	n := min(len(src), len(tgt))
	beads := make([]Bead, n)
	words := newInterner()
	sw := make([][]int32, n)
	tw := make([][]int32, n)
	ids := func(ws []string) []int32 {
		out := make([]int32, len(ws))
		for k, w := range ws {
			out[k] = words.id(w)
		}
		return out
	}
	for i := 0; i < n; i++ {
		beads[i] = Bead{Src: []int{i}, Tgt: []int{i}, Score: 1}
		sw[i] = ids(wordList(src[i]))
		tw[i] = ids(wordList(tgt[i]))
	}
	var out []WordPair
	for s, ts := range bootstrap(beads, sw, tw, words.names, 3) {
		for _, t := range ts {
			out = append(out, WordPair{Src: words.names[s], Tgt: words.names[t]})
		}
	}
	return out
}
