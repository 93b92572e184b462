package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paragraphs splits plain text into paragraphs. It reads the text line by
// line, trimming trailing whitespace (a line of only whitespace, no-break
// spaces included, is blank), and decides for each line whether it starts a
// paragraph or continues the previous line:
//
//   - a blank line ends the paragraph;
//   - an indented line (leading spaces, tabs, no-break spaces) starts one;
//   - a line that starts with a bullet ("- ", "* ", "• ", "– ") starts one;
//   - otherwise the line continues the previous one (a hard wrap) when the
//     previous line ends in the middle of a sentence, which is recognisable
//     by how it ends: a lowercase word (German capitalises nouns, so a line
//     ending in an article, preposition, conjunction, verb or adjective
//     cannot be a heading), a comma, semicolon, hyphen or dash, or an
//     opening bracket or quote; or when the line itself starts with a
//     lowercase letter (other than an enumerator such as "a) "), which a
//     new sentence or heading does not;
//   - any other line starts a paragraph. So a line that ends with terminal
//     punctuation ends its paragraph (one paragraph per line, as exported
//     text has it; a sentence end is a segment end either way), and a line
//     that ends in a capitalised word or a number with the next line
//     starting in uppercase is taken as a heading or title, like the rubric
//     "/ Korea in der Welt - Freundschaftsbande" followed by the subtitle
//     "Für Souveränität und Gerechtigkeit".
//
// Continuation lines are joined with one space. Leading indentation is
// removed; the paragraphs are never empty.
func Paragraphs(text string) []string {
	var out []string
	var cur strings.Builder
	prevLine := "" // trimmed previous line of the current paragraph
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		prevLine = ""
	}
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		body := strings.TrimLeftFunc(line, unicode.IsSpace)
		if body == "" {
			flush()
			continue
		}
		indented := len(body) < len(line)
		if prevLine != "" && (indented || bullet(body) || !continues(prevLine, body)) {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(body)
		prevLine = body
	}
	flush()
	return out
}

// continues reports whether next, a non-indented line, continues the
// sentence of prev (see Paragraphs).
func continues(prev, next string) bool {
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) && !enumerator(next) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	switch last {
	case ',', ';', '-', '–', '—', '(', '[', '„', '»', '‚', '/':
		return true
	}
	if !unicode.IsLetter(last) {
		return false
	}
	// The last word: lowercase means mid-sentence.
	i := strings.LastIndexFunc(prev, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	w := prev[i+1:]
	if i >= 0 {
		_, size := utf8.DecodeRuneInString(prev[i:])
		w = prev[i+size:]
	}
	f, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(f)
}

// bullet reports whether a line starts with a list bullet and a space.
func bullet(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case '-', '*', '•', '–', '—', '·', '▪', '◦', '‣', '+':
		return size < len(s) && s[size] == ' '
	}
	return false
}

// enumerator reports whether a line starts with an enumerator ("1.", "2)",
// "a)") and a space.
func enumerator(s string) bool {
	i := 0
	for i < len(s) && i < 3 && (s[i] >= '0' && s[i] <= '9' || i == 0 && s[i] >= 'a' && s[i] <= 'z') {
		i++
	}
	if i == 0 || i+1 >= len(s) {
		return false
	}
	if s[i] == ')' || s[i] == '.' && s[0] >= '0' && s[0] <= '9' {
		return s[i+1] == ' '
	}
	return false
}
