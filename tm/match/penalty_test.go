package match

import (
	"reflect"
	"testing"
)

func TestPenaltiesApply(t *testing.T) {
	p := Penalties{Memory: 10, Origin: map[string]int{"alignment": 3}, Status: map[string]int{"draft": 0, "needs-review": 1}}
	score, ps := p.Apply(100, "legacy", "alignment", "needs-review")
	want := []Penalty{{"memory legacy", 10}, {"origin alignment", 3}, {"status needs-review", 1}}
	if score != 86 || !reflect.DeepEqual(ps, want) {
		t.Errorf("Apply = %d %v; want 86 %v", score, ps, want)
	}
	// A status set to 0 takes nothing off.
	if score, ps := p.Apply(80, "legacy", "tmx", "draft"); score != 70 || len(ps) != 1 {
		t.Errorf("draft overridden to 0: %d %v", score, ps)
	}
	if score, ps := (Penalties{}).Apply(100, "default", "tmx", "translated"); score != 100 || ps != nil {
		t.Errorf("no penalties: %d %v", score, ps)
	}
	if score, _ := (Penalties{Memory: 100}).Apply(50, "x", "", ""); score != 0 {
		t.Errorf("score below 0: %d", score)
	}
}

func TestParsePenaltyMap(t *testing.T) {
	m, err := ParsePenaltyMap("alignment=3, mt=10")
	if err != nil || !reflect.DeepEqual(m, map[string]int{"alignment": 3, "mt": 10}) {
		t.Fatalf("%v %v", m, err)
	}
	if s := FormatPenaltyMap(m); s != "alignment=3,mt=10" {
		t.Errorf("format %q", s)
	}
	for _, bad := range []string{"alignment", "=3", "mt=x", "mt=101", "mt=-1", "a=1,a=2"} {
		if _, err := ParsePenaltyMap(bad); err == nil {
			t.Errorf("ParsePenaltyMap(%q) accepted", bad)
		}
	}
}
