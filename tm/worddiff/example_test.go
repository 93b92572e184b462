package worddiff_test

import (
	"fmt"

	"github.com/korpus/korpus/tm/worddiff"
)

func ExampleDiff() {
	a := []string{"Haus", " ", "und", " ", "Hof"}
	b := []string{"Maus", " ", "und", " ", "Hof"}
	for _, op := range worddiff.Diff(a, b) {
		fmt.Printf("%s %q\n", op.Kind, op.Text)
	}
	// Output:
	// delete "Haus"
	// insert "Maus"
	// equal " und Hof"
}
