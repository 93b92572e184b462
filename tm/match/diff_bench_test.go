package match

import "testing"

// BenchmarkDiff measures the word diff a lookup computes for each match
// shown.
func BenchmarkDiff(b *testing.B) {
	q := "Die beiden Staatschefs diskutierten eingehend über die künftigen Zusammenarbeitspläne zwischen der DVRK und der Russischen Föderation."
	s := "Die beiden Staatsoberhäupter besprachen eingehend die künftigen Pläne für die Zusammenarbeit zwischen der DVRK und Russland."
	b.ReportAllocs()
	for b.Loop() {
		Diff(q, s)
	}
}
