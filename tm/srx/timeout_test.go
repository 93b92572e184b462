package srx_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/korpus/korpus/tm"
	"github.com/korpus/korpus/tm/srx"
)

// backtrackingSRX has a no-break rule with nested quantifiers that
// backtracks catastrophically on a long run of a's not followed by b.
const backtrackingSRX = `<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="no"/>
<body>
<languagerules>
<languagerule languagerulename="de">
<rule break="no">
<beforebreak>^(a+)+\.</beforebreak>
<afterbreak>\s</afterbreak>
</rule>
<rule break="yes">
<beforebreak>\.</beforebreak>
<afterbreak>\s</afterbreak>
</rule>
</languagerule>
</languagerules>
<maprules>
<languagemap languagepattern="de.*" languagerulename="de"/>
</maprules>
</body>
</srx>
`

func backtrackingSegmenter(t *testing.T) tm.Segmenter {
	t.Helper()
	r, err := srx.Load(strings.NewReader(backtrackingSRX), "slow.srx")
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Segmenter("de")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type timeoutReporter interface {
	Timeouts() []srx.Timeout
	Err() error
}

// TestRuleTimeoutGivesUp: 300 sentences on which the no-break rule
// backtracks cost MaxTimeouts timeouts, not one per sentence, and the
// segmenter's Err names the file, the rule's line and the cause.
func TestRuleTimeoutGivesUp(t *testing.T) {
	s := backtrackingSegmenter(t)
	sentence := "Wort " + strings.Repeat("a", 40) + ". "
	start := time.Now()
	for i := 0; i < 300; i++ {
		s.Split(sentence + sentence)
	}
	elapsed := time.Since(start)
	w := s.(timeoutReporter)
	if got := len(w.Timeouts()); got != srx.MaxTimeouts {
		t.Fatalf("recorded %d timeouts, want %d (did the rule not backtrack?)", got, srx.MaxTimeouts)
	}
	err := w.Err()
	if !errors.Is(err, srx.ErrRuleTimeout) || tm.ErrorCode(err) != tm.EINVALID {
		t.Fatalf("Err() = %v, want EINVALID wrapping ErrRuleTimeout", err)
	}
	for _, want := range []string{"slow.srx", "line 7", "timed out 3 times"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Err() = %q, want it to name %q", err, want)
		}
	}
	// Generous: 3 timeouts of 200 ms plus the rest; the old behaviour was
	// 300 × 2 × 200 ms = 120 s.
	if elapsed > 30*time.Second {
		t.Errorf("300 sentences took %v", elapsed)
	}
}

// TestRuleTimeoutWarning: a single timeout is a warning naming the rule,
// and the segmenter goes on.
func TestRuleTimeoutWarning(t *testing.T) {
	s := backtrackingSegmenter(t)
	got := s.Split("Wort " + strings.Repeat("a", 40) + ". Zweiter Satz.")
	if len(got) != 2 {
		t.Fatalf("Split = %q, want two sentences", got)
	}
	w := s.(timeoutReporter)
	ts := w.Timeouts()
	if len(ts) != 1 || w.Err() != nil {
		t.Fatalf("Timeouts = %v, Err = %v; want one timeout and no error", ts, w.Err())
	}
	msg := ts[0].String()
	for _, want := range []string{"slow.srx", "line 7", "no-break rule timed out", "|"} {
		if !strings.Contains(msg, want) {
			t.Errorf("warning %q lacks %q", msg, want)
		}
	}
}

// TestNoTimeoutsOnGoodRules: working rules record nothing.
func TestNoTimeoutsOnGoodRules(t *testing.T) {
	r, err := srx.Load(strings.NewReader(strings.Replace(backtrackingSRX, "^(a+)+", "Nr", 1)), "good.srx")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := r.Segmenter("de")
	s.Split(strings.Repeat("Ein Satz. ", 100))
	if w := s.(timeoutReporter); len(w.Timeouts()) != 0 || w.Err() != nil {
		t.Fatalf("timeouts on good rules: %v", w.Timeouts())
	}
}
