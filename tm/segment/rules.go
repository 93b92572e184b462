package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbrKind says whether a word followed by "." is an abbreviation and
// whether the abbreviation can end a sentence.
type abbrKind uint8

const (
	notAbbr   abbrKind = iota
	abbrInner          // never ends a sentence: "Nr.", "Dr.", "vgl.", "z. B."
	abbrFinal          // may end a sentence: "usw.", "etc.", "Mio."
)

// rules are the sentence rules of one language. The maps are read-only
// after construction, so a rules value is safe for concurrent use.
type rules struct {
	abbrev map[string]abbrKind
	// starters are words that typically open a sentence and cannot follow
	// an abbreviation or ordinal inside one ("Die", "Er", "Aber").
	starters map[string]bool
	// ordinals enables German ordinals: "19. Juni", "der 8. Parteitag".
	ordinals        bool
	months          map[string]bool
	ordinalNouns    map[string]bool
	ordinalSuffixes []string
	ordinalCues     map[string]bool
	// abbrevSuffix ends abbreviated compounds ("Hauptstr" for
	// "Hauptstraße").
	abbrevSuffix string
	// spacedClosers may follow the end punctuation after a space
	// (French "Oui. »").
	spacedClosers bool
	// splitColon ends a sentence at ":" or ";" before a full sentence
	// (Options.SplitColon).
	splitColon bool
	// nounCaps says the language capitalises its nouns (German), so a
	// paragraph with almost no capitalised word is written all in lower
	// case (forums, chat), and there a lowercase word may open a sentence.
	nounCaps bool
}

// newRules builds rules from word lists. inner and final list abbreviations
// without their final period; a lowercase entry is also added capitalised
// (it may open a sentence).
func newRules(inner, final, starters string) *rules {
	r := &rules{abbrev: map[string]abbrKind{}, starters: words(starters)}
	add := func(list string, k abbrKind) {
		for _, w := range strings.Fields(list) {
			r.abbrev[w] = k
			if f, size := utf8.DecodeRuneInString(w); unicode.IsLower(f) {
				if c := string(unicode.ToUpper(f)) + w[size:]; r.abbrev[c] == notAbbr {
					r.abbrev[c] = k
				}
			}
		}
	}
	add(final, abbrFinal)
	add(inner, abbrInner)
	return r
}

// candidate marks the bytes at which a sentence may end: ".", "!", "?",
// and the lead bytes of "…" (E2) and of "。", "！", "？" (E3, EF).
// '"' (and the lead bytes E2 of "“", "”" and C2 of "«", "»") may close a quote that ends a
// sentence without end punctuation; ":" and ";" end one with splitColon.
var candidate = [256]bool{'.': true, '!': true, '?': true, '"': true, ':': true, ';': true, 0xC2: true, 0xE2: true, 0xE3: true, 0xEF: true}

// Split splits a paragraph into sentences (tm.Segmenter).
func (r *rules) Split(p string) []string {
	var out []string
	start := 0
	var lower *lowerCase // nil: the language does not capitalise nouns
	if r.nounCaps {
		lower = &lowerCase{p: p}
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !candidate[c] {
			continue
		}
		var j, k int
		cjk := false // decided: the sentence ends at k
		switch {
		case c == 0xE3 || c == 0xEF:
			// "。", "！", "？": a sentence end with no space after it.
			if k, cjk = cjkEnd(p, i); !cjk {
				continue
			}
		case c == '"' || c == 0xE2 && (strings.HasPrefix(p[i:], "“") || strings.HasPrefix(p[i:], "”")) ||
			c == 0xC2 && (strings.HasPrefix(p[i:], "«") || strings.HasPrefix(p[i:], "»")):
			// „Ja“ „Nein“: a quote with no end punctuation in it.
			if k, cjk = r.quoteEnd(p, start, i); !cjk {
				continue
			}
		case c == ':' || c == ';':
			if !r.splitColon || !r.colonEnds(p, start, i) {
				continue
			}
			k, cjk = i+1, true
		case c == 0xC2:
			continue
		case c != '.' && c != '!' && c != '?' && (c != 0xE2 || !strings.HasPrefix(p[i:], "…")):
			continue
		default:
			j = termEnd(p, i)
			k = r.closersEnd(p, j)
			if k < len(p) && spaceAt(p, k) == 0 {
				// "3.9.2025", "www.korpus.de", "„Warum?“, fragte sie"
				i = j - 1
				continue
			}
		}
		m := skipSpace(p, k)
		if m < len(p) && (cjk || r.ends(p, start, i, j, m, lower)) {
			if s := strings.TrimSpace(p[start:k]); s != "" {
				out = append(out, s)
			}
			start = m
		}
		i = k - 1
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// ends decides whether the sentence that started at start ends with the
// punctuation p[i:j]; m is where the next text starts. lower tells whether
// the paragraph is written in lower case throughout (lowercaseWriting).
func (r *rules) ends(p string, start, i, j, m int, lower *lowerCase) bool {
	n := skipOpeners(p, m)
	if n >= len(p) {
		return true
	}
	if insideParen(p, start, i, j, m) {
		return false // "4 Eier (Gr. M)", "(vgl. Urt. v. 5. 2. 2020 – 4 C 7.04)"
	}
	if p[m] == '(' {
		// What follows the parenthesis decides: "Müller et al. (2018,
		// S. 45), dass …", "Friedrich II. (1712–1786) war …" and a
		// heading "Friedrich II. (Preußen)" go on; "… Finanzminister!
		// (lacht) Im Ernst …" starts anew.
		switch after, ok := afterParen(p, m); {
		case !ok:
		case after >= len(p):
			if !parenSentence(p, m) {
				return false
			}
		default:
			ar, _ := utf8.DecodeRuneInString(p[after:])
			if ar == ',' || ar == ';' || ar == ':' || ar == '.' || unicode.IsLower(ar) {
				return false
			}
			if nr, _ := utf8.DecodeRuneInString(p[n:]); unicode.IsLower(nr) && unicode.IsUpper(ar) {
				n = skipOpeners(p, after) // a stage direction: judge the word after it
			}
		}
	}
	nr, _ := utf8.DecodeRuneInString(p[n:])
	if nr == '.' || nr == '…' {
		return false // a spaced ellipsis ". . ."
	}
	if unicode.IsLower(nr) {
		if lower == nil || !lower.is() {
			return false // a lowercase word
		}
		return r.lowerEnds(p, i, j)
	}
	term := p[i:j]
	if strings.ContainsAny(term, "!?") {
		return true
	}
	if term != "." { // an ellipsis
		if i > 0 && (p[i-1] == '(' || p[i-1] == '[') {
			return false // "(...)", "[…]": an omission
		}
		return unicode.IsUpper(nr)
	}
	ws := wordStart(p, i)
	if ws == i {
		return true // "“.", ")."
	}
	w := p[ws:i]
	next := p[n:wordEnd(p, n)]
	if isNumber(w) {
		return r.numberEnds(p, start, ws, n, w, nr, next)
	}
	if ws > 0 && (p[ws-1] == '\'' || strings.HasSuffix(p[:ws], "’")) {
		return true // a clitic: "Das war's."
	}
	k := r.abbrev[w]
	if k == notAbbr {
		k = r.spacedAbbr(p, ws, w)
	}
	if ws >= len("°") && p[ws-len("°"):ws] == "°" {
		return true // a unit: "11 °C."
	}
	if k == notAbbr && unitSymbol(w) && digitBefore(p, ws) {
		return true // a unit, not an initial: "Il est 14 h. Mme …", "300 m."
	}
	if k == notAbbr {
		k = abbrShape(w)
	}
	if k == notAbbr && r.abbrevSuffix != "" && len(w) > len(r.abbrevSuffix)+1 && strings.HasSuffix(w, r.abbrevSuffix) {
		k = abbrInner // "Hauptstr. 5"
	}
	switch k {
	case abbrInner:
		return false
	case abbrFinal:
		return r.starters[next]
	}
	return true
}

// lowerEnds decides for text written all in lower case whether the end
// punctuation p[i:j] before a lowercase word ends the sentence: "!" and
// "?" do, and so does "." after a word that is not an abbreviation, a
// number or an initial ("hatte das gleiche problem. bei mir wars …", but
// "30 sek. den knopf").
func (r *rules) lowerEnds(p string, i, j int) bool {
	term := p[i:j]
	if strings.ContainsAny(term, "!?") {
		return true
	}
	if term != "." {
		return false // an ellipsis before a lowercase word goes on
	}
	ws := wordStart(p, i)
	if ws == i {
		return false
	}
	w := p[ws:i]
	if isNumber(w) || utf8.RuneCountInString(w) == 1 {
		return false
	}
	if r.abbrev[w] != notAbbr || r.spacedAbbr(p, ws, w) != notAbbr || abbrShape(w) != notAbbr {
		return false
	}
	f, size := utf8.DecodeRuneInString(w)
	return r.abbrev[string(unicode.ToUpper(f))+w[size:]] == notAbbr
}

// lowerCase is lowercaseWriting of one paragraph, computed the first time
// a lowercase word follows an end, which most paragraphs never have.
type lowerCase struct {
	p           string
	known, sure bool
}

func (l *lowerCase) is() bool {
	if !l.known {
		l.sure, l.known = lowercaseWriting(l.p), true
	}
	return l.sure
}

// lowercaseWriting reports whether paragraph p is written all in lower
// case: at least six words and not one in twenty capitalised (acronyms
// such as "BIOS" aside). German capitalises every noun, so ordinary text
// has about one capitalised word in four.
func lowercaseWriting(p string) bool {
	words, caps := 0, 0
	n := -1
	for w := range strings.FieldsSeq(p) {
		if n++; n == 0 && len(w) > 1 && strings.HasSuffix(w, ":") {
			continue // a speaker label: "Lisa: ok kein problem."
		}
		w = strings.TrimLeftFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		f, size := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(f) {
			continue
		}
		words++
		if unicode.IsUpper(f) {
			if s, _ := utf8.DecodeRuneInString(w[size:]); !unicode.IsUpper(s) {
				caps++
			}
		}
	}
	return words >= 6 && caps*20 < words
}

// insideParen reports whether the end punctuation p[i:j] of the sentence
// that started at start stands inside a parenthesis that the sentence
// opened and that closes soon after (within 200 bytes, no other "(" in
// between), not in the closers right after it ("(Das war klar.) Dann"); m
// is where the next text starts. A smiley's "(" (":-(") opens nothing.
func insideParen(p string, start, i, j, m int) bool {
	open := 0
	for k := start; k < i; k++ {
		switch p[k] {
		case '(':
			if k == 0 || p[k-1] != '-' && p[k-1] != ':' {
				open++
			}
		case ')':
			if open > 0 {
				open--
			}
		}
	}
	open -= strings.Count(p[j:m], ")")
	if open <= 0 {
		return false
	}
	rest := p[m:min(len(p), m+200)]
	c := strings.IndexByte(rest, ')')
	return c >= 0 && !strings.Contains(rest[:c], "(")
}

// afterParen returns where the text after the parenthesis that opens at m
// continues (after its ")" and white space), and false when it does not
// close within the paragraph's next 400 bytes.
func afterParen(p string, m int) (int, bool) {
	depth := 0
	for k := m; k < len(p) && k < m+400; k++ {
		switch p[k] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return skipSpace(p, k+1), true
			}
		}
	}
	return 0, false
}

// parenSentence reports whether the parenthesis that opens at m holds a
// sentence of its own: it ends with end punctuation before its ")".
func parenSentence(p string, m int) bool {
	e := strings.IndexByte(p[m:], ')')
	if e <= 0 {
		return false
	}
	in := strings.TrimRight(p[m+1:m+e], " ")
	return strings.HasSuffix(in, ".") || strings.HasSuffix(in, "!") || strings.HasSuffix(in, "?") || strings.HasSuffix(in, "…")
}

// quoteEnd reports whether the closing quote at i ends a sentence that has
// no end punctuation of its own, and where it ends. It does when the quote
// opened the sentence (no other quote in between), white space follows, and
// then either another quote opening a capitalised sentence („Ja“ „Nein“) or
// a typical sentence start ("Öffentlich rechtlicher Betrieb" Ihr findet …).
// A quote inside a sentence (der „Spiegel“ berichtet) never ends one, nor
// does one followed by a lowercase word („Ja“ sagte er) or by another
// capitalised word, which may be a noun it qualifies.
func (r *rules) quoteEnd(p string, start, i int) (int, bool) {
	q, size := utf8.DecodeRuneInString(p[i:])
	k := i + size
	if k >= len(p) || spaceAt(p, k) == 0 || i == 0 || spaceAt(p, i-1) != 0 {
		return k, false
	}
	s := skipSpace(p, start)
	if c := strings.Index(p[s:i], ": "); c > 0 && speakerLabel(p[s:i]) {
		s = skipSpace(p, s+c+1) // a turn: Anna: „Ja“ „Nein“
	}
	o, osize := utf8.DecodeRuneInString(p[s:])
	if s+osize > i {
		return k, false // the quote at i is the sentence's first character
	}
	if !(q == '"' && o == '"' || q == '“' && o == '„' || q == '”' && (o == '“' || o == '„') || q == '«' && o == '»' || q == '»' && o == '«') {
		return k, false
	}
	inner := p[s+osize : i]
	if inner == "" || strings.ContainsAny(inner, "\"“”„«»") {
		return k, false
	}
	m := skipSpace(p, k)
	if m >= len(p) {
		return k, false
	}
	n := skipOpeners(p, m)
	if n > m {
		nr, _ := utf8.DecodeRuneInString(p[n:])
		return k, unicode.IsUpper(nr)
	}
	return k, r.starters[p[n:wordEnd(p, n)]]
}

// colonEnds reports whether the ":" or ";" at i ends the sentence that
// started at start (with splitColon): white space and a full capitalised
// sentence follow (a typical sentence start, or a capitalised word and a
// lowercase word that is not "und"/"oder"), and at least three words come
// before it, so that a label ("Hinweis: Bitte …") stays with its text.
func (r *rules) colonEnds(p string, start, i int) bool {
	if i+1 >= len(p) || spaceAt(p, i+1) == 0 || strings.Count(strings.TrimSpace(p[start:i]), " ") < 2 {
		return false
	}
	n := skipOpeners(p, skipSpace(p, i+1))
	e := wordEnd(p, n)
	w := p[n:e]
	if w == "" {
		return false
	}
	if f, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(f) {
		return false
	}
	if r.starters[w] {
		return true
	}
	if e >= len(p) || spaceAt(p, e) == 0 {
		return false
	}
	n = skipSpace(p, e)
	next := p[n:wordEnd(p, n)]
	if next == "" || next == "und" || next == "oder" || next == "and" || next == "or" || next == "et" || next == "ou" {
		return false
	}
	f, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(f)
}

// numberEnds decides for a number w (at ws) followed by "." and a word that
// is not lowercase (at n).
func (r *rules) numberEnds(p string, start, ws, n int, w string, nr rune, next string) bool {
	last := w[strings.LastIndexByte(w, '.')+1:]
	if len(last) <= 3 && onlyListMarks(p[start:ws]) {
		return false // an enumerator: "10. Interessierte Länder …", "• 2. Trinken Sie …"
	}
	if r.ordinals && len(last) <= 2 && unicode.IsDigit(nr) && (dayMonth(p[n:]) || dayBefore(p[:ws])) {
		return false // a date with spaces: "am 5. 10. 2020"
	}
	if !r.ordinals || unicode.IsDigit(nr) || r.starters[next] {
		return true
	}
	if r.months[next] {
		return false
	}
	if len(last) >= 4 {
		return true // a year: "im Jahr 2025. Die …"
	}
	if r.ordinalNouns[next] {
		return false
	}
	for _, s := range r.ordinalSuffixes {
		if len(next) > len(s) && strings.EqualFold(next[len(next)-len(s):], s) || strings.EqualFold(next, s) {
			return false
		}
	}
	return !r.ordinalCues[prevWord(p, ws)]
}

// spacedAbbr looks up the last part w (at ws) of an abbreviation written
// with spaces ("d. h.", "i. d. R.") as its compact form ("d.h", "i.d.R").
func (r *rules) spacedAbbr(p string, ws int, w string) abbrKind {
	if len(w) > 3 || ws < 3 || p[ws-1] != ' ' || p[ws-2] != '.' {
		return notAbbr
	}
	var buf [32]byte
	key := append(buf[:0], w...)
	b := ws
	for parts := 1; parts < 4 && b >= 3 && p[b-1] == ' ' && p[b-2] == '.'; parts++ {
		e := b - 2
		s := e
		for s > 0 && s > e-4 && p[s-1] != ' ' && p[s-1] != '.' && p[s-1] != '(' {
			s--
		}
		if s == e || len(key)+e-s+1 > len(buf) {
			break
		}
		// key = p[s:e] + "." + key, built in place.
		n := e - s + 1
		key = key[:len(key)+n]
		copy(key[n:], key[:len(key)-n])
		copy(key, p[s:e])
		key[n-1] = '.'
		if k := r.abbrev[string(key)]; k != notAbbr {
			return k
		}
		b = s
	}
	return notAbbr
}

// dayMonth reports whether s starts with a month number and a period
// followed by a space and a digit: "10. 2020".
func dayMonth(s string) bool {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i <= 2 && i+2 < len(s) && s[i] == '.' && s[i+1] == ' ' && s[i+2] >= '0' && s[i+2] <= '9'
}

// dayBefore reports whether s ends with a day number, a period and a
// space: "am 5. " before "10. 2020".
func dayBefore(s string) bool {
	if len(s) < 3 || s[len(s)-1] != ' ' || s[len(s)-2] != '.' {
		return false
	}
	i := len(s) - 2
	for i > 0 && len(s)-2-i < 3 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	d := len(s) - 2 - i
	return d >= 1 && d <= 2 && (i == 0 || s[i-1] == ' ')
}

// abbrShape recognises abbreviations by their shape: a single letter
// (initials, "z. B.") or letters with inner periods ("z.B", "U.S.A", "e.V").
// They may end a sentence.
func abbrShape(w string) abbrKind {
	r, size := utf8.DecodeRuneInString(w)
	if size == len(w) && unicode.IsLetter(r) {
		return abbrFinal
	}
	if strings.IndexByte(w, '.') < 0 {
		return notAbbr
	}
	for part := range strings.SplitSeq(w, ".") {
		if n := utf8.RuneCountInString(part); n == 0 || n > 3 {
			return notAbbr
		}
	}
	return abbrFinal
}

// termEnd returns the end of the run of end punctuation at i.
func termEnd(p string, i int) int {
	for i < len(p) {
		switch {
		case p[i] == '.' || p[i] == '!' || p[i] == '?':
			i++
		case strings.HasPrefix(p[i:], "…"):
			i += len("…")
		default:
			return i
		}
	}
	return i
}

// cjkEnd reports whether the full-width sentence marks at i ("。", "！",
// "？", as Chinese and Japanese write them, with no space after) end a
// sentence, and where it ends: after the marks and any closing brackets.
// A sentence closed inside a quote ends only when another quote, a space
// or the end follows ("「はい。」「いいえ。」"), not before the rest of its
// sentence ("「行きます。」と言った。").
func cjkEnd(p string, i int) (int, bool) {
	j := i
	for j < len(p) {
		r, size := utf8.DecodeRuneInString(p[j:])
		if r != '。' && r != '！' && r != '？' {
			break
		}
		j += size
	}
	if j == i {
		return i, false
	}
	k, closed := j, false
	for k < len(p) {
		r, size := utf8.DecodeRuneInString(p[k:])
		if !strings.ContainsRune("」』）〕】〉》”’\")\"", r) {
			break
		}
		k += size
		closed = true
	}
	if closed && k < len(p) {
		r, _ := utf8.DecodeRuneInString(p[k:])
		if !unicode.IsSpace(r) && !strings.ContainsRune("「『（〔【〈《“‘(\"", r) {
			return k, false
		}
	}
	return k, true
}

// closersEnd returns the end of the closing quotes and brackets at j.
func (r *rules) closersEnd(p string, j int) int {
	for j < len(p) {
		c := p[j]
		if c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' {
			j++
			continue
		}
		if c < 0x80 {
			// Only a space before "»" (C2 BB), perhaps after more space
			// (C2 A0, E2 80 AF), is worth a look.
			if c == ' ' && j+1 < len(p) && (p[j+1] == 0xC2 || p[j+1] == ' ' || p[j+1] == 0xE2) {
				if k := skipSpace(p, j); r.spacedGuillemet(p, k) {
					j = k + len("»")
					continue
				}
			}
			return j
		}
		rr, size := utf8.DecodeRuneInString(p[j:])
		switch rr {
		case '”', '“', '’', '‘', '»', '«', '›', '‹':
			j += size
		case '\u00a0', '\u202f':
			if k := skipSpace(p, j); r.spacedGuillemet(p, k) {
				j = k + len("»")
				continue
			}
			return j
		default:
			return j
		}
	}
	return j
}

// spacedGuillemet reports whether a "»" at k, after the end punctuation
// and a space, closes the quote: always in French; under other rules when
// white space or the end of the text follows it, as a "»" that opens a
// quote (»So«) is followed by its first word.
func (r *rules) spacedGuillemet(p string, k int) bool {
	if !strings.HasPrefix(p[k:], "»") {
		return false
	}
	if r.spacedClosers {
		return true
	}
	e := k + len("»")
	if e == len(p) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(p[e:])
	return unicode.IsSpace(next)
}

// skipOpeners skips opening quotes and brackets at n.
func skipOpeners(p string, n int) int {
	for n < len(p) {
		c := p[n]
		if c == '"' || c == '\'' || c == '(' || c == '[' || c == '`' {
			n++
			continue
		}
		if c < 0x80 {
			return n
		}
		rr, size := utf8.DecodeRuneInString(p[n:])
		switch rr {
		case '„', '“', '‚', '‘', '»', '«', '‹', '›', '¿', '¡':
			n += size
		default:
			return n
		}
	}
	return n
}

// onlyListMarks reports whether s holds nothing but white space, opening
// quotes and brackets, and list bullets followed by a space: what may stand
// before an enumerator at the start of a sentence ("• 2. Trinken …").
func onlyListMarks(s string) bool {
	i := skipOpeners(s, skipSpace(s, 0))
	for i < len(s) && bullet(s[i:]) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i = skipOpeners(s, skipSpace(s, i+size))
	}
	return i == len(s)
}

// spaceAt returns the size of the whitespace rune at k, or 0.
func spaceAt(p string, k int) int {
	c := p[k]
	if c < 0x80 {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(p[k:])
	if unicode.IsSpace(r) {
		return size
	}
	return 0
}

func skipSpace(p string, k int) int {
	for k < len(p) {
		n := spaceAt(p, k)
		if n == 0 {
			break
		}
		k += n
	}
	return k
}

// wordStart returns where the word (letters, digits and inner periods)
// ending at i starts.
func wordStart(p string, i int) int {
	ws := i
	for ws > 0 {
		c := p[ws-1]
		if c < 0x80 {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' && ws < i && ws > 1 && p[ws-2] != '.' && p[ws-2] != ' ' {
				ws--
				continue
			}
			break
		}
		r, size := utf8.DecodeLastRuneInString(p[:ws])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		ws -= size
	}
	if ws < i && p[ws] == '.' {
		ws++
	}
	return ws
}

// wordEnd returns the end of the letters at n.
func wordEnd(p string, n int) int {
	for n < len(p) {
		c := p[n]
		if c < 0x80 {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				n++
				continue
			}
			return n
		}
		r, size := utf8.DecodeRuneInString(p[n:])
		if !unicode.IsLetter(r) {
			return n
		}
		n += size
	}
	return n
}

// prevWord returns the word before the whitespace before ws.
func prevWord(p string, ws int) string {
	e := ws
	for e > 0 && (p[e-1] == ' ' || p[e-1] == '\t') {
		e--
	}
	b := e
	for b > 0 {
		r, size := utf8.DecodeLastRuneInString(p[:b])
		if !unicode.IsLetter(r) {
			break
		}
		b -= size
	}
	return p[b:e]
}

// unitSymbol reports whether w is a one-letter lowercase unit symbol that
// follows a number ("14 h", "300 m", "5 g", "2 l", "10 s", "3 t").
func unitSymbol(w string) bool {
	return len(w) == 1 && strings.IndexByte("hmglst", w[0]) >= 0
}

// digitBefore reports whether the word at ws follows a number and white
// space (a no-break space included: "14\u00a0h").
func digitBefore(p string, ws int) bool {
	e, spaced := ws, false
	for e > 0 {
		r, size := utf8.DecodeLastRuneInString(p[:e])
		if !unicode.IsSpace(r) && r != '\u202f' {
			break
		}
		e -= size
		spaced = true
	}
	return spaced && e > 0 && p[e-1] >= '0' && p[e-1] <= '9'
}

// isNumber reports whether w is digits with optional inner periods.
func isNumber(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if (w[i] < '0' || w[i] > '9') && w[i] != '.' {
			return false
		}
	}
	return true
}
