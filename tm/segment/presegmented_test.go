package segment

import (
	"strings"
	"testing"
)

func TestPresegmented(t *testing.T) {
	got := Presegmented("  Eins.\n\nZwei. \n\u00a0\nDrei\n")
	if strings.Join(got, "|") != "Eins.|Zwei.|Drei" {
		t.Errorf("got %q", got)
	}
}
