package term

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

// Term extraction: candidate term pairs from aligned sentence pairs (a
// memory's units, or the beads of an aligned text pair).
//
// Source side: noun phrases. In German (and the other languages written
// with capitalised nouns) a candidate is a run of adjectives and nouns that
// ends in a noun (umfassende strategische Partnerschaft, Russischen
// Föderation, Gipfeltreffen), optionally joined to a following noun run by
// a genitive article (Partei der Arbeit Koreas). In other languages it is
// an n-gram of words that neither starts nor ends with a stop word.
// Inflected forms are counted together: words are keyed by their stems.
//
// Termhood: the C-value of Frantzi, Ananiadou and Mima (2000), which
// rewards frequent candidates and discounts one that mostly occurs inside
// a longer candidate (Föderation inside Russischen Föderation), times the
// candidate's specificity against a general-language baseline (the
// corpus's relative frequency of its most specific word over that plus
// the baseline's), times a mild dispersion factor (the share of ten equal
// parts of the corpus the candidate occurs in).
//
// Target side: every n-gram of up to MaxWords words that neither starts
// nor ends with a stop word is a translation candidate; the one with the
// highest Dice coefficient over the units (2·joint/(source units + target
// units)) wins, a target with many more content words than the source
// being discounted, ties going to the longer n-gram. Dunning's
// log-likelihood ratio G² of the pair is reported as its significance.

// Pair is one aligned sentence pair.
type Pair struct {
	Source, Target string
}

// ExtractOptions tune Extract. The zero value uses the defaults.
type ExtractOptions struct {
	From, To tm.Lang
	// MinCount is the fewest units a source candidate, and the pair, must
	// occur in (default 2).
	MinCount int
	// MaxWords bounds the words of a candidate on either side (default 5).
	MaxWords int
	// Baseline, when set, is a general-language text's word counts (see
	// NewBaseline), used beside the built-in list of very general words.
	Baseline *Baseline
	// Limit caps the candidates returned (0: all).
	Limit int
}

// Candidate is one extracted term pair.
type Candidate struct {
	Source string `json:"source"`
	Target string `json:"target"`
	// Score ranks the candidates: Termhood × Dice.
	Score float64 `json:"score"`
	// Count is the number of units the source candidate occurs in,
	// TargetCount those of the target, Joint those of both.
	Count       int `json:"count"`
	TargetCount int `json:"target_count"`
	Joint       int `json:"joint"`
	// Termhood is the source candidate's C-value × specificity ×
	// dispersion factor.
	Termhood    float64 `json:"termhood"`
	CValue      float64 `json:"c_value"`
	Specificity float64 `json:"specificity"`
	Dispersion  float64 `json:"dispersion"`
	Dice        float64 `json:"dice"`
	LogLik      float64 `json:"log_likelihood"`
	// Variants are the source forms seen, most frequent first.
	Variants []string `json:"variants,omitempty"`
}

// Baseline is the word (stem) counts of a general-language text.
type Baseline struct {
	counts map[string]int
	total  int
}

// NewBaseline counts the words of general-language text in lang.
func NewBaseline(lines []string, lang tm.Lang) *Baseline {
	b := &Baseline{counts: map[string]int{}}
	stem := Stemmer(lang)
	for _, l := range lines {
		for _, w := range xwords(l) {
			if w.punct {
				continue
			}
			b.counts[stem(strings.ToLower(w.text))]++
			b.total++
		}
	}
	return b
}

// Words returns the number of words the baseline counted.
func (b *Baseline) Words() int { return b.total }

// rel returns the baseline's relative frequency of a stem (smoothed).
func (b *Baseline) rel(key string) float64 {
	return (float64(b.counts[key]) + 0.5) / (float64(b.total) + 1)
}

// xword is a word of a sentence for extraction: hyphenated compounds stay
// whole (DVRK-Russland-Freundschaft); a word ending in a hyphen
// (Freundschafts- und …) is truncated and never part of a candidate.
type xword struct {
	text      string
	punct     bool // punctuation, digits or a truncated word: a boundary
	truncated bool
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) }

func xwords(s string) []xword {
	var out []xword
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		if !isWordRune(r) {
			out = append(out, xword{text: string(r), punct: true})
			i++
			continue
		}
		j := i
		for j < len(rs) {
			if isWordRune(rs[j]) {
				j++
				continue
			}
			// A hyphen or apostrophe inside a word joins.
			if (rs[j] == '-' || rs[j] == '‐' || rs[j] == '‑' || rs[j] == '\'' || rs[j] == '’') && j+1 < len(rs) && isWordRune(rs[j+1]) {
				j++
				continue
			}
			break
		}
		w := xword{text: string(rs[i:j])}
		// Workers' (an apostrophe closing a word) stays with it.
		if j < len(rs) && (rs[j] == '\'' || rs[j] == '’') && j > i && (rs[j-1] == 's') {
			w.text += string(rs[j])
			j++
		}
		if j < len(rs) && (rs[j] == '-' || rs[j] == '‐' || rs[j] == '‑') {
			w.truncated, w.punct = true, true
			j++
		}
		letters, upper := 0, 0
		for _, c := range w.text {
			if unicode.IsLetter(c) {
				letters++
				if unicode.IsUpper(c) {
					upper++
				}
			}
		}
		// No letters, one letter (an initial: G. O. Dyhrenfurth, S. 12)
		// or an abbreviation of two (Dr., St.): a boundary, never a term.
		n := utf8.RuneCountInString(w.text)
		if letters == 0 || n == 1 || (n == 2 && upper == 1 && unicode.IsUpper(rs[i]) && nextIsDot(rs, j)) {
			w.punct = true
		}
		out = append(out, w)
		i = j
	}
	return out
}

// nextIsDot reports whether the next character after rs[j:]'s spaces is a
// full stop.
func nextIsDot(rs []rune, j int) bool {
	for j < len(rs) && rs[j] == ' ' {
		j++
	}
	return j < len(rs) && rs[j] == '.'
}

// nounCase reports whether nouns are capitalised in lang.
func nounCase(l tm.Lang) bool {
	switch l.Base() {
	case "de", "lb":
		return true
	}
	return false
}

// sideWord is a word of one side, analysed.
type sideWord struct {
	text, fold, key string
	stop, punct     bool
	upper           bool
}

type analyser struct {
	lang  tm.Lang
	stem  func(string) string
	stops map[string]bool
	cache map[string]string
}

func newAnalyser(l tm.Lang) *analyser {
	return &analyser{lang: l, stem: Stemmer(l), stops: stopSet(l.Base()), cache: map[string]string{}}
}

func (a *analyser) words(s string) []sideWord {
	ws := xwords(s)
	out := make([]sideWord, len(ws))
	for i, w := range ws {
		f := strings.ToLower(w.text)
		k, ok := a.cache[f]
		if !ok {
			k = a.stem(strings.TrimRight(f, "'’"))
			a.cache[f] = k
		}
		r, _ := utf8.DecodeRuneInString(w.text)
		out[i] = sideWord{text: w.text, fold: f, key: k, punct: w.punct, stop: a.stops[f], upper: unicode.IsUpper(r)}
	}
	return out
}

// span is a candidate's occurrence: words [i, j) of a sentence.
type span struct{ i, j int }

// sourceSpans returns the candidate spans of a source sentence.
func sourceSpans(ws []sideWord, lang tm.Lang, maxWords int) []span {
	if !nounCase(lang) {
		return ngramSpans(ws, maxWords, maxWords)
	}
	// Classes: noun (capitalised, not a stop word), adjective (lower
	// case, not a stop word, an adjective ending), genitive article.
	const (
		other = iota
		noun
		adj
		gen
	)
	cls := make([]int, len(ws))
	for i, w := range ws {
		switch {
		case w.punct:
		case w.stop && (w.fold == "der" || w.fold == "des") && !w.upper:
			cls[i] = gen
		case w.stop:
		case w.upper:
			cls[i] = noun
		case utf8.RuneCountInString(w.fold) >= 4 && (strings.HasSuffix(w.fold, "e") || strings.HasSuffix(w.fold, "en") ||
			strings.HasSuffix(w.fold, "er") || strings.HasSuffix(w.fold, "es") || strings.HasSuffix(w.fold, "em")):
			// Attributive adjectives follow an article, a preposition,
			// punctuation or another adjective; a lower-case word after a
			// noun is a verb (Kim Jong Un führte …, Putin unterzeichneten).
			if i == 0 || ws[i-1].punct || ws[i-1].stop || cls[i-1] == adj {
				cls[i] = adj
			}
		}
	}
	// Runs of adjectives and nouns; a run's candidates start at an
	// adjective or noun and end at a noun.
	var out []span
	var runs []span
	for i := 0; i < len(ws); {
		if cls[i] != noun && cls[i] != adj {
			i++
			continue
		}
		j := i
		for j < len(ws) && (cls[j] == noun || cls[j] == adj) {
			// An adjective after a noun starts a new phrase (…Korea die).
			if cls[j] == adj && j > i && cls[j-1] == noun {
				break
			}
			j++
		}
		runs = append(runs, span{i, j})
		i = j
	}
	for _, r := range runs {
		for s := r.i; s < r.j; s++ {
			for e := s + 1; e <= r.j && e-s <= maxWords; e++ {
				if cls[e-1] == noun {
					out = append(out, span{s, e})
				}
			}
		}
	}
	// Genitive attachments: the end of a run, der/des, a following run's
	// start (Partei der Arbeit Koreas).
	for k := 0; k+1 < len(runs); k++ {
		a, b := runs[k], runs[k+1]
		if b.i != a.j+1 || cls[a.j] != gen || cls[a.j-1] != noun {
			continue
		}
		for s := a.i; s < a.j; s++ {
			for e := b.i + 1; e <= b.j && e-s <= maxWords; e++ {
				if cls[e-1] == noun {
					out = append(out, span{s, e})
				}
			}
		}
	}
	return out
}

// ngramSpans returns the n-grams of up to maxTokens words, maxContent of
// them not stop words, with no punctuation, not starting or ending with a
// stop word.
func ngramSpans(ws []sideWord, maxTokens, maxContent int) []span {
	var out []span
	for s := range ws {
		if ws[s].punct || ws[s].stop {
			continue
		}
		content := 0
		for e := s + 1; e <= len(ws) && e-s <= maxTokens; e++ {
			if ws[e-1].punct || coordinators[ws[e-1].fold] {
				break // a term is no coordination (Korea and President)
			}
			if ws[e-1].stop {
				continue
			}
			if content++; content > maxContent {
				break
			}
			if e-s == 1 && utf8.RuneCountInString(ws[s].fold) < 3 {
				continue
			}
			out = append(out, span{s, e})
		}
	}
	return out
}

// coordinators are the coordinating conjunctions that end an n-gram.
var coordinators = wordSet("and or nor und oder sowie et ou ni y o e ed og eller och")

func spanKey(ws []sideWord, sp span) string {
	var b strings.Builder
	for i := sp.i; i < sp.j; i++ {
		if i > sp.i {
			b.WriteByte(' ')
		}
		b.WriteString(ws[i].key)
	}
	return b.String()
}

func spanText(ws []sideWord, sp span) string {
	var b strings.Builder
	for i := sp.i; i < sp.j; i++ {
		if i > sp.i {
			b.WriteByte(' ')
		}
		b.WriteString(ws[i].text)
	}
	return b.String()
}

// srcCand is a source candidate being counted.
type srcCand struct {
	key      string
	words    []string // keys of its words
	stop     []bool   // which of them are stop words
	units    []int32  // units it occurs in, ascending, no repeats
	forms    map[string]int
	content  int // non-stop words
	cvalue   float64
	spec     float64
	disp     float64
	termhood float64
}

// Extract returns candidate term pairs from aligned pairs, best first.
func Extract(pairs []Pair, opts ExtractOptions) []Candidate {
	if opts.MinCount <= 0 {
		opts.MinCount = 2
	}
	if opts.MaxWords <= 0 {
		opts.MaxWords = 5
	}
	src, tgt := newAnalyser(opts.From), newAnalyser(opts.To)
	if tgt.stops == nil {
		tgt.stops = frequentWords(pairs, func(p Pair) string { return p.Target })
	}
	if src.stops == nil {
		src.stops = frequentWords(pairs, func(p Pair) string { return p.Source })
	}
	cands := map[string]*srcCand{}
	totalWords := 0
	wordCount := map[string]int{}
	for u, p := range pairs {
		ws := src.words(p.Source)
		for _, w := range ws {
			if !w.punct {
				totalWords++
				wordCount[w.key]++
			}
		}
		for _, sp := range sourceSpans(ws, opts.From, opts.MaxWords) {
			k := spanKey(ws, sp)
			c := cands[k]
			if c == nil {
				c = &srcCand{key: k, forms: map[string]int{}}
				for i := sp.i; i < sp.j; i++ {
					c.words = append(c.words, ws[i].key)
					c.stop = append(c.stop, ws[i].stop)
					if !ws[i].stop {
						c.content++
					}
				}
				cands[k] = c
			}
			c.forms[spanText(ws, sp)]++
			if n := len(c.units); n == 0 || c.units[n-1] != int32(u) {
				c.units = append(c.units, int32(u))
			}
		}
	}
	cvalues(cands, opts.MinCount)
	general := map[string]bool{}
	for w := range generalWords[opts.From.Base()] {
		general[src.stem(w)] = true
	}
	parts := 10
	var keep []*srcCand
	for _, c := range cands {
		if len(c.units) < opts.MinCount || c.cvalue <= 0 {
			continue
		}
		// Specificity of the candidate's most specific content word.
		c.spec = 0
		for i, w := range c.words {
			if c.stop[i] {
				continue
			}
			pc := float64(wordCount[w]) / float64(totalWords+1)
			// The built-in general words always count; a baseline text
			// adds its own frequencies.
			pb := 1e-6
			if general[w] {
				pb = 1e-2
			}
			if opts.Baseline != nil {
				pb = max(pb, opts.Baseline.rel(w))
			}
			if s := pc / (pc + pb); s > c.spec {
				c.spec = s
			}
		}
		seen := map[int]bool{}
		for _, u := range c.units {
			seen[int(u)*parts/len(pairs)] = true
		}
		c.disp = float64(len(seen)) / float64(min(parts, len(pairs)))
		c.termhood = c.cvalue * c.spec * (0.75 + 0.25*c.disp)
		keep = append(keep, c)
	}
	if len(keep) == 0 {
		return nil
	}
	// A fixed order, so that ties (owners below) never depend on map order.
	sort.Slice(keep, func(i, j int) bool {
		if keep[i].termhood != keep[j].termhood {
			return keep[i].termhood > keep[j].termhood
		}
		return keep[i].key < keep[j].key
	})
	// Target n-grams: units per key, counted once over all pairs.
	tgtWords := make([][]sideWord, len(pairs))
	tgtDF := map[string]int{}
	for u, p := range pairs {
		ws := tgt.words(p.Target)
		tgtWords[u] = ws
		seen := map[string]bool{}
		for _, sp := range ngramSpans(ws, opts.MaxWords+2, opts.MaxWords) {
			k := spanKey(ws, sp)
			if !seen[k] {
				seen[k] = true
				tgtDF[k]++
			}
		}
	}
	n := float64(len(pairs))
	// Pass 1: each source candidate's translation options.
	type option struct {
		key           string
		form          string
		score, dice   float64
		joint         int
		dist, sim, nw int
	}
	opts1 := make([][]option, len(keep))
	// owner: the source candidate that explains a target best (highest
	// Dice, then most cognate words), as in competitive linking.
	type own struct {
		c    int
		dice float64
		sim  int
	}
	owner := map[string]own{}
	for ci, c := range keep {
		joint := map[string]int{}
		forms := map[string]map[string]int{}
		content := map[string]int{}
		possessiveEnd := map[string]bool{}
		for _, u := range c.units {
			ws := tgtWords[u]
			seen := map[string]bool{}
			for _, sp := range ngramSpans(ws, opts.MaxWords+2, opts.MaxWords) {
				k := spanKey(ws, sp)
				if forms[k] == nil {
					forms[k] = map[string]int{}
					nc := 0
					for i := sp.i; i < sp.j; i++ {
						if !ws[i].stop {
							nc++
						}
					}
					content[k] = nc
					// Workers' or People's ends no term: it modifies the next word.
					last := ws[sp.j-1].fold
					possessiveEnd[k] = strings.HasSuffix(last, "'") || strings.HasSuffix(last, "’") ||
						strings.HasSuffix(last, "'s") || strings.HasSuffix(last, "’s")
				}
				forms[k][spanText(ws, sp)]++
				if !seen[k] {
					seen[k] = true
					joint[k]++
				}
			}
		}
		// The words a translation is expected to have: one per content
		// word, two for a long one (a compound: Gründungstag, founding
		// anniversary).
		expect := 0
		for i, w := range c.words {
			if !c.stop[i] {
				expect++
				if utf8.RuneCountInString(w) >= 10 {
					expect++
				}
			}
		}
		for k, a := range joint {
			if a < opts.MinCount || possessiveEnd[k] {
				continue
			}
			dice := 2 * float64(a) / float64(len(c.units)+tgtDF[k])
			score := dice
			if ex := content[k] - expect; ex > 0 {
				score *= math.Pow(0.85, float64(ex))
			}
			// Out of the range from one word per content word to the
			// expected count is far (×10); in it, the expected is nearest.
			dist := 0
			if content[k] > expect {
				dist = 10 * (content[k] - expect)
			} else if content[k] < c.content {
				dist = 10 * (c.content - content[k])
			} else {
				dist = expect - content[k]
			}
			o := option{key: k, form: mostFrequent(forms[k]), score: score, dice: dice, joint: a,
				dist: dist, sim: cognates(c.words, k), nw: strings.Count(k, " ")}
			opts1[ci] = append(opts1[ci], o)
			if w, ok := owner[k]; !ok || dice > w.dice+1e-12 || (math.Abs(dice-w.dice) <= 1e-12 && o.sim > w.sim) {
				owner[k] = own{c: ci, dice: dice, sim: o.sim}
			}
		}
	}
	// Pass 2: the best option. A target better explained by another
	// source candidate is discounted by the square of the ratio of the two
	// Dice values, or halved when the other has more cognate words.
	var out []Candidate
	for ci, c := range keep {
		var best *option
		bestScore := 0.0
		for i := range opts1[ci] {
			o := &opts1[ci][i]
			score := o.score
			if w := owner[o.key]; w.c != ci {
				if w.dice > o.dice+1e-12 {
					r := o.dice / w.dice
					score *= r * r
				} else if w.sim > o.sim {
					score /= 2
				}
			}
			// Ties: the content-word count nearest the expected, then the
			// most words that look like the source's (names, cognates),
			// then the fewest words.
			better := best == nil || score > bestScore+1e-12
			if !better && math.Abs(score-bestScore) <= 1e-12 {
				switch {
				case o.dist != best.dist:
					better = o.dist < best.dist
				case o.sim != best.sim:
					better = o.sim > best.sim
				case o.nw != best.nw:
					better = o.nw < best.nw
				default:
					better = o.key < best.key
				}
			}
			if better {
				best, bestScore = o, score
			}
		}
		if best == nil {
			continue
		}
		cand := Candidate{
			Source: firstForm(c), Target: best.form,
			Count: len(c.units), TargetCount: tgtDF[best.key], Joint: best.joint,
			Termhood: round3(c.termhood), CValue: round3(c.cvalue), Specificity: round3(c.spec), Dispersion: round3(c.disp),
			Dice: round3(best.dice), LogLik: round3(logLik(float64(best.joint), float64(len(c.units)), float64(tgtDF[best.key]), n)),
			Variants: variants(c.forms),
		}
		cand.Score = round3(c.termhood * bestScore)
		out = append(out, cand)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Source < out[j].Source
	})
	if opts.Limit > 0 && len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out
}

// cognates counts the words of the target key that share their first
// three letters (umlauts and accents aside) with a word of the source.
func cognates(src []string, tgtKey string) int {
	pre := func(w string) string {
		r := []rune(foldUmlauts(w))
		if len(r) > 3 {
			r = r[:3]
		}
		return string(r)
	}
	have := map[string]bool{}
	for _, w := range src {
		if utf8.RuneCountInString(w) >= 3 {
			have[pre(w)] = true
		}
	}
	n := 0
	for _, w := range strings.Fields(tgtKey) {
		if utf8.RuneCountInString(w) >= 3 && have[pre(w)] {
			n++
		}
	}
	return n
}

// frequentWords is the stop list of a language korpus has none for: the
// words in more than a quarter of the units (of at least 20).
func frequentWords(pairs []Pair, side func(Pair) string) map[string]bool {
	out := map[string]bool{}
	if len(pairs) < 20 {
		return out
	}
	df := map[string]int{}
	for _, p := range pairs {
		s := side(p)
		seen := map[string]bool{}
		for _, w := range xwords(s) {
			f := strings.ToLower(w.text)
			if !w.punct && !seen[f] {
				seen[f] = true
				df[f]++
			}
		}
	}
	for w, n := range df {
		if n*4 > len(pairs) {
			out[w] = true
		}
	}
	return out
}

// cvalues sets each candidate's C-value, after Frantzi et al. but with
// the most frequent container instead of the containers' mean:
// log2(words+1) × (its units minus the units of the most frequent longer
// candidate it sits in). A candidate that only occurs inside one longer
// candidate (Föderation in Russischen Föderation) gets 0; the mean would
// let a fragment through as soon as one rare container exists.
func cvalues(cands map[string]*srcCand, minCount int) {
	maxIn := map[string]int{}
	for _, c := range cands {
		if len(c.words) < 2 || len(c.units) < minCount {
			continue
		}
		for s := 0; s < len(c.words); s++ {
			for e := s + 1; e <= len(c.words); e++ {
				if e-s == len(c.words) {
					continue
				}
				k := strings.Join(c.words[s:e], " ")
				if cands[k] != nil && len(c.units) > maxIn[k] {
					maxIn[k] = len(c.units)
				}
			}
		}
	}
	for k, c := range cands {
		c.cvalue = math.Log2(float64(len(c.words))+1) * float64(len(c.units)-maxIn[k])
	}
}

// firstForm is the form a terminologist would enter: the shortest seen
// (German nominative singular is usually the shortest: Vertrag, not
// Vertrages; Russische Föderation, not Russischen), then the most frequent.
func firstForm(c *srcCand) string {
	best, bn := "", 0
	for f, n := range c.forms {
		lf, lb := utf8.RuneCountInString(f), utf8.RuneCountInString(best)
		if best == "" || lf < lb || (lf == lb && (n > bn || (n == bn && f < best))) {
			best, bn = f, n
		}
	}
	return best
}

func mostFrequent(forms map[string]int) string {
	best, bn := "", 0
	for f, n := range forms {
		if n > bn || (n == bn && f < best) {
			best, bn = f, n
		}
	}
	return best
}

func variants(forms map[string]int) []string {
	out := make([]string, 0, len(forms))
	for f := range forms {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if forms[out[i]] != forms[out[j]] {
			return forms[out[i]] > forms[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// logLik is Dunning's G² for a 2×2 contingency table: joint a, source
// units s, target units t, all units n.
func logLik(a, s, t, n float64) float64 {
	cells := [4]float64{a, s - a, t - a, n - s - t + a}
	rows := [2]float64{s, n - s}
	cols := [2]float64{t, n - t}
	g := 0.0
	for i, o := range cells {
		e := rows[i/2] * cols[i%2] / n
		if o > 0 && e > 0 {
			g += o * math.Log(o/e)
		}
	}
	return 2 * g
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
