package align

import (
	"bufio"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/korpus/korpus/tm"
)

// ReadDict reads a bilingual dictionary for Options.Dict in one of two
// formats, told apart by the first entry:
//
//   - hunalign's: "target @ source" a line (the target-language phrase
//     first), phrases of one or more words;
//   - TSV: "source<TAB>target" a line.
//
// Blank lines and lines starting with "#" are skipped. Every other line
// must be in the format of the first; errors name the file and the line.
// A file with no entries is an error too: a dictionary that adds nothing
// is more likely the wrong file.
func ReadDict(r io.Reader, name string) ([]WordPair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []WordPair
	format, first := "", 0 // "tsv" or "hunalign"; the line that set it
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			s = strings.TrimPrefix(s, "\uFEFF")
		}
		s = strings.TrimRight(s, "\r")
		if !utf8.ValidString(s) {
			return nil, tm.Errorf(tm.EINVALID, "%s:%d: not UTF-8", name, line)
		}
		if t := strings.TrimSpace(s); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if format == "" {
			switch {
			case strings.Contains(s, "\t"):
				format = "tsv"
			case strings.Contains(s, " @ "):
				format = "hunalign"
			default:
				return nil, tm.Errorf(tm.EINVALID, "%s:%d: neither a TSV entry (source<TAB>target) nor a hunalign one (target @ source): %q", name, line, clip(s))
			}
			first = line
		}
		var src, tgt string
		switch format {
		case "tsv":
			f := strings.Split(s, "\t")
			if len(f) != 2 {
				return nil, tm.Errorf(tm.EINVALID, "%s:%d: want 2 tab-separated fields, source and target (TSV since line %d), got %d: %q", name, line, first, len(f), clip(s))
			}
			src, tgt = f[0], f[1]
		default:
			t, sr, ok := strings.Cut(s, " @ ")
			if !ok {
				return nil, tm.Errorf(tm.EINVALID, "%s:%d: want \"target @ source\" (hunalign format since line %d): %q", name, line, first, clip(s))
			}
			if strings.Contains(sr, " @ ") {
				return nil, tm.Errorf(tm.EINVALID, "%s:%d: more than one \" @ \" separator: %q", name, line, clip(s))
			}
			src, tgt = sr, t
		}
		src, tgt = strings.TrimSpace(src), strings.TrimSpace(tgt)
		switch {
		case src == "" && tgt == "":
			return nil, tm.Errorf(tm.EINVALID, "%s:%d: both sides are empty: %q", name, line, clip(s))
		case src == "":
			return nil, tm.Errorf(tm.EINVALID, "%s:%d: the source side is empty: %q", name, line, clip(s))
		case tgt == "":
			return nil, tm.Errorf(tm.EINVALID, "%s:%d: the target side is empty: %q", name, line, clip(s))
		}
		out = append(out, WordPair{Src: src, Tgt: tgt})
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, tm.Errorf(tm.EINVALID, "%s:%d: line longer than 1 MiB", name, line+1)
		}
		return nil, tm.Errorf(tm.EINVALID, "%s: %v", name, err)
	}
	if len(out) == 0 {
		return nil, tm.Errorf(tm.EINVALID, "%s: no dictionary entries (want source<TAB>target or target @ source lines)", name)
	}
	return out, nil
}

func clip(s string) string {
	if len(s) <= 80 {
		return s
	}
	i := 77
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// maxPhraseWords bounds the content words of one side of a dictionary
// entry that are paired with the other side's.
const maxPhraseWords = 3

// phraseStems returns the stems the aligner pairs for one side of a
// dictionary entry: the stem of a single word; for a phrase ("pomme de
// terre", "zu Hause"), the stems of its content words, those of four
// letters or more (articles and prepositions are short and would pair
// with everything), else the longest word's.
func phraseStems(p string) []string {
	ws := wordList(p)
	if len(ws) == 0 {
		return nil
	}
	if len(ws) == 1 {
		return []string{stem(ws[0])}
	}
	var out []string
	longest := ""
	for _, w := range ws {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
			longest = w
		}
		if st := stem(elide(w)); utf8.RuneCountInString(w) >= 4 && len(out) < maxPhraseWords && !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	if len(out) == 0 {
		out = append(out, stem(longest))
	}
	return out
}
