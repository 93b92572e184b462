package segment

import (
	"sort"
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
//   - a line indented deeper than the previous line (leading spaces, tabs,
//     no-break spaces: a first-line indent, as in the seed article) starts
//     one, except the hanging indent of a list item's continuation line
//     (one that continues the item's sentence);
//   - a line that starts with a bullet ("- ", "* ", "• ", "– ") starts one,
//     and so does a line that starts with a speaker label ("Tom: ") in a
//     paragraph that started with one (a transcript or chat);
//   - otherwise the line continues the previous one (a hard wrap) when the
//     previous line breaks off in the middle of a sentence:
//     it ends in a comma, semicolon, hyphen, dash, slash or an opening
//     bracket or quote; or in a word that cannot end a heading (an article,
//     preposition or conjunction: "den", "der", "und", "mit"); or in another
//     lowercase word and is long (40 characters or more; German capitalises
//     nouns, so a short line ending in a lowercase word may be a heading
//     such as "Was wir wollen"); or when the line itself starts with a
//     lowercase letter (other than an enumerator such as "a) "), which a new
//     sentence or heading does not, unless the previous line has only one
//     or two words (a table cell, menu item or exercise answer: wrapped text
//     fills its lines);
//   - in a text of short lines (nine in ten under 40 characters: a list,
//     menu, table or verse, see shortLines) a lowercase line continues the
//     previous one only when that one surely breaks off (the comma, dash
//     and article cases above);
//   - in hard-wrapped text, once a paragraph holds a wrap, a line of 50
//     characters or more and at least 80 % of the paragraph's longest line
//     is a wrap too, even when it ends a sentence ("… für Pendler.
//     Finanzminister Lindner sagte." + "Das Paket …");
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
	short := shortLines(text)
	width := wrapWidth(text)
	var out []string
	var cur strings.Builder
	prevLine := "" // trimmed previous line of the current paragraph
	prevIndent := 0
	lines, longest := 0, 0 // lines in the current paragraph, and the longest
	item := false          // the current paragraph is a list item
	label := false         // the current paragraph starts with a speaker label
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		prevLine, lines, longest, item = "", 0, 0, false
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
		indent := utf8.RuneCountInString(line[:len(line)-len(body)])
		if prevLine != "" {
			cont := continues(prevLine, body)
			if short && cont && !breaksOff(prevLine) {
				cont = false // a list of short lines, not wrapped text
			}
			// Hard-wrapped at width: the next word did not fit, so the
			// line break is the wrap's, not the writer's (but a list
			// starts after a line that does not break off mid-sentence).
			wrap := width > 0 && !bullet(body) && !(enumerator(body) && !breaksOff(prevLine)) && full(prevLine, body, width)
			cont = cont || wrap
			// A list item's continuation lines hang indented.
			deeper := indent > prevIndent && !(item && cont)
			// A transcript or chat: "Lisa: …" after "Tom: …".
			turn := label && speakerLabel(body) && !breaksOff(prevLine)
			if deeper || bullet(body) || turn || !cont && !wrapped(prevLine, body, lines, longest) {
				flush()
			}
		}
		if cur.Len() == 0 {
			item = bullet(body) || enumerator(body)
			label = speakerLabel(body)
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(body)
		prevLine, prevIndent = body, indent
		lines++
		longest = max(longest, utf8.RuneCountInString(body))
	}
	flush()
	return out
}

// shortLines reports whether text is a list of short lines rather than
// hard-wrapped text: it has at least three lines with text and nine in ten
// of them are shorter than 40 characters (vocabulary lists, menus, tables,
// verse). Nobody wraps running text that narrow, so there a line that
// starts in lower case continues the previous one only when that line
// surely breaks off mid-sentence (a comma, "und", "den" …).
func shortLines(text string) bool {
	lines, long := 0, 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		lines++
		if utf8.RuneCountInString(line) >= 40 {
			long++
		}
	}
	return lines >= 3 && long*10 < lines
}

// wrapWidth estimates the width at which text was hard-wrapped, or
// returns 0 when it was not. Of the lines followed by another line (not a
// blank one), the width W is the length that nine in ten do not exceed;
// the text is hard-wrapped when W is at least 30 and, for at least half of
// those lines and at least three, the next line's first word would not
// have fitted on the line (full): a greedy wrap makes every line but a
// paragraph's last one full, while headings, lists and one paragraph a
// line leave room.
func wrapWidth(text string) int {
	var lens []int
	var pairs [][2]string
	prev := ""
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = strings.TrimSpace(line)
		if line != "" && prev != "" {
			lens = append(lens, utf8.RuneCountInString(prev))
			pairs = append(pairs, [2]string{prev, line})
		}
		prev = line
	}
	if len(pairs) < 3 {
		return 0
	}
	sort.Ints(lens)
	w := lens[(len(lens)*9)/10]
	if w < 30 {
		return 0
	}
	n := 0
	for _, pr := range pairs {
		if full(pr[0], pr[1], w) {
			n++
		}
	}
	if n < 3 || n*2 < len(pairs) {
		return 0
	}
	return w
}

// full reports whether line, followed by next in a text hard-wrapped at
// width, is a full line: next's first word would not have fitted after it.
func full(line, next string, width int) bool {
	first := next
	if i := strings.IndexFunc(next, unicode.IsSpace); i >= 0 {
		first = next[:i]
	}
	return utf8.RuneCountInString(line)+1+utf8.RuneCountInString(first) > width
}

// wrapWords are words that end a line only when the sentence goes on: a
// heading does not end in them.
var wrapWords = words(`
der die das den dem des ein eine einen einem einer eines und oder aber sowie bzw als wie
mit von vom zu zum zur in im an am auf aus bei beim für gegen nach über unter vor durch um
ohne seit bis zwischen dass daß weil wenn ob sich nicht auch noch sehr so
the a an and or of to in on at for with by from that
le la les un une des et ou de du au aux en dans sur pour par avec que qui
`)

// continues reports whether next, a line not indented deeper, continues
// the sentence of prev (see Paragraphs).
func continues(prev, next string) bool {
	// A line of one or two words (a table cell, menu item, exercise answer,
	// heading) is not a hard-wrapped line: text wrapped at a width fills its
	// lines, so a lowercase line after it starts an item of its own.
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) && !enumerator(next) && len(strings.Fields(prev)) > 2 {
		return true
	}
	if breaksOff(prev) {
		return true
	}
	w := lastWord(prev)
	f, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(f) && utf8.RuneCountInString(prev) >= 40
}

// breaksOff reports whether a line surely breaks off mid-sentence: it ends
// in a comma, semicolon, hyphen, dash, slash, opening bracket or quote, or
// in a word that cannot end a heading ("und", "den", "mit").
func breaksOff(prev string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	switch last {
	case ',', ';', '-', '–', '—', '(', '[', '„', '»', '‚', '/':
		return true
	}
	w := lastWord(prev)
	if wrapWords[w] {
		return true
	}
	// "Im", "Der" at a line's end: a sentence that began on this line.
	f, size := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(f) && len(w) > size && wrapWords[string(unicode.ToLower(f))+w[size:]] && strings.Count(prev, " ") > 0
}

// lastWord returns the letters (and hyphens) that end line, or "" when it
// ends in something else.
func lastWord(line string) string {
	last, _ := utf8.DecodeLastRuneInString(line)
	if !unicode.IsLetter(last) {
		return ""
	}
	i := strings.LastIndexFunc(line, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if i < 0 {
		return line
	}
	_, size := utf8.DecodeRuneInString(line[i:])
	return line[i+size:]
}

// wrapped reports whether prev, the last of lines lines (the longest width
// runes) of a paragraph that already holds a hard wrap, is itself a full
// wrapped line, so that next continues the paragraph even though prev ends
// a sentence: in hard-wrapped text a sentence often ends at a line end.
// A short line ends the paragraph as before, and so does a line followed by
// an enumerator.
func wrapped(prev, next string, lines, width int) bool {
	if lines < 2 || enumerator(next) {
		return false
	}
	n := utf8.RuneCountInString(prev)
	return n >= 50 && n*10 >= width*8
}

// speakerLabel reports whether a line starts with a speaker's name and a
// colon, as transcripts, interviews and chats write each turn ("Lisa: ",
// "Dr. Berger: "): at most three words, the first capitalised, before ": ".
func speakerLabel(s string) bool {
	c := strings.Index(s, ": ")
	if c <= 0 || c > 32 {
		return false
	}
	name := s[:c]
	if f, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(f) || len(strings.Fields(name)) > 3 {
		return false
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && r != ' ' && r != '.' && r != '-' {
			return false
		}
	}
	return true
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

// Presegmented returns the segments of text that already holds one
// segment a line (as sentence-aligned corpora do): each line trimmed of
// surrounding white space, blank lines left out.
func Presegmented(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
