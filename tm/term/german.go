package term

import "strings"

// StemGerman returns the Snowball German stem of a lower-case word: the
// algorithm of snowballstem.org/algorithms/german/stemmer.html (the
// classic version: prelude, R1/R2, steps 1–3, postlude that drops umlauts).
// So Vertrag, Verträge, Vertrages and Verträgen all stem to "vertrag".
//
// Written here because github.com/kljensen/snowball, the maintained Go
// Snowball port, has no German stemmer (v0.10.0: English, French,
// Spanish, Russian, Swedish, Norwegian, Hungarian); korpus uses its
// English one.
func StemGerman(word string) string {
	if len(word) < 3 {
		return word
	}
	// Prelude: ß → ss; u and y between vowels are consonants (U, Y).
	w := []rune(strings.ReplaceAll(word, "ß", "ss"))
	for i := 1; i+1 < len(w); i++ {
		if isGerVowel(w[i-1]) && isGerVowel(w[i+1]) {
			switch w[i] {
			case 'u':
				w[i] = 'U'
			case 'y':
				w[i] = 'Y'
			}
		}
	}
	r1, r2 := gerRegions(w)
	has := func(suf string) bool {
		s := []rune(suf)
		if len(s) > len(w) {
			return false
		}
		return string(w[len(w)-len(s):]) == suf
	}
	inR := func(r int, suf string) bool { return len(w)-len([]rune(suf)) >= r }
	cut := func(suf string) { w = w[:len(w)-len([]rune(suf))] }

	// Step 1.
	switch {
	case has("ern") && inR(r1, "ern"):
		cut("ern")
	case has("em") && inR(r1, "em"):
		cut("em")
	case has("er") && inR(r1, "er"):
		cut("er")
	case has("en") || has("es") || (has("e") && !has("em") && !has("er")):
		suf := "e"
		if has("en") {
			suf = "en"
		} else if has("es") {
			suf = "es"
		}
		if inR(r1, suf) {
			cut(suf)
			if has("niss") {
				cut("s")
			}
		}
	case has("s") && len(w) >= 2 && isSEnding(w[len(w)-2]) && inR(r1, "s"):
		cut("s")
	}

	// Step 2.
	switch {
	case has("est") && inR(r1, "est"):
		cut("est")
	case has("en") && inR(r1, "en"):
		cut("en")
	case has("er") && inR(r1, "er"):
		cut("er")
	case has("st") && inR(r1, "st") && len(w) >= 6 && isSTEnding(w[len(w)-3]):
		cut("st")
	}

	// Step 3: d-suffixes, in R2.
	switch {
	case has("end") || has("ung"):
		suf := "end"
		if has("ung") {
			suf = "ung"
		}
		if inR(r2, suf) {
			cut(suf)
			if has("ig") && inR(r2, "ig") && !has("eig") {
				cut("ig")
			}
		}
	case (has("isch") || has("ig") || has("ik")) && !has("eig") && !has("eik") && !has("eisch"):
		suf := "ig"
		if has("isch") {
			suf = "isch"
		} else if has("ik") {
			suf = "ik"
		}
		if inR(r2, suf) {
			cut(suf)
		}
	case has("lich") || has("heit"):
		suf := "lich"
		if has("heit") {
			suf = "heit"
		}
		if inR(r2, suf) {
			cut(suf)
			if (has("er") || has("en")) && inR(r1, "er") {
				cut("er")
			}
		}
	case has("keit"):
		if inR(r2, "keit") {
			cut("keit")
			if has("lich") && inR(r2, "lich") {
				cut("lich")
			} else if has("ig") && inR(r2, "ig") {
				cut("ig")
			}
		}
	}

	// Postlude.
	for i, c := range w {
		switch c {
		case 'U':
			w[i] = 'u'
		case 'Y':
			w[i] = 'y'
		case 'ä':
			w[i] = 'a'
		case 'ö':
			w[i] = 'o'
		case 'ü':
			w[i] = 'u'
		}
	}
	return string(w)
}

func isGerVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'ö', 'ü':
		return true
	}
	return false
}

func isSEnding(r rune) bool { return strings.ContainsRune("bdfghklmnrt", r) }

func isSTEnding(r rune) bool { return strings.ContainsRune("bdfghklmnt", r) }

// gerRegions returns R1 and R2 as rune indexes: R1 starts after the first
// non-vowel following a vowel, but at 3 at least; R2 is the same within R1.
func gerRegions(w []rune) (int, int) {
	after := func(from int) int {
		for i := from + 1; i < len(w); i++ {
			if !isGerVowel(w[i]) && isGerVowel(w[i-1]) {
				return i + 1
			}
		}
		return len(w)
	}
	r1 := after(0)
	r2 := after(r1)
	if r1 < 3 {
		r1 = 3
	}
	if r1 > len(w) {
		r1 = len(w)
	}
	return r1, r2
}
