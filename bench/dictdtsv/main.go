// Command dictdtsv converts a FreeDict dictionary in dictd format (such
// as Debian's dict-freedict-deu-fra) to the source<TAB>target TSV that
// `korpus align --dict` reads, one line per headword and translation, to
// measure the aligner with a real dictionary. The dictionary is not part
// of korpus; it stays where Debian installed it.
//
//	go run ./bench/dictdtsv /usr/share/dictd/freedict-deu-fra.dict.dz > /tmp/deu-fra.tsv
//
// An entry is a headword line ("Berg /bɛʁk/ <n, masc>") followed by
// translation lines ("1. montagne, mont" or, for one sense, "montagne,
// mont"), each followed by a gloss in the source language, which is
// dropped.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

var (
	headRe  = regexp.MustCompile(`^(\S.*?)(?: /[^/]*/| <[^>]*>)+$`)
	senseRe = regexp.MustCompile(`(?:^|\s)\d+\.(?:\s|$)`)
	parenRe = regexp.MustCompile(`\([^)]*\)`)
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dictdtsv FILE.dict.dz > FILE.tsv")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(os.Args[1], ".dz") || strings.HasSuffix(os.Args[1], ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	head := "" // the current headword
	after := 0 // lines since the headword
	seen := map[string]bool{}
	n := 0
	for sc.Scan() {
		l := sc.Text()
		if m := headRe.FindStringSubmatch(l); m != nil {
			head, after = m[1], 0
			continue
		}
		after++
		if head == "" || (after != 1 && !senseRe.MatchString(l)) {
			continue // a gloss, or the database's own header
		}
		l = parenRe.ReplaceAllString(l, "")
		for _, sense := range senseRe.Split(l, -1) {
			for _, t := range strings.Split(sense, ",") {
				t = strings.TrimSpace(t)
				if t == "" || strings.ContainsAny(t, "\t#") {
					continue
				}
				k := head + "\t" + t
				if !seen[k] {
					seen[k] = true
					fmt.Fprintln(w, k)
					n++
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d pairs\n", n)
}
