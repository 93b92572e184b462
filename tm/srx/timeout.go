package srx

import (
	"errors"
	"fmt"
	"sync"

	"github.com/korpus/korpus/tm"
)

// MaxTimeouts is how many rule matches may time out (each after
// MatchTimeout) before a segmenter gives up on its rules: a rule with
// catastrophic backtracking costs at most MaxTimeouts × MatchTimeout, not
// a fifth of a second at every position of every sentence.
const MaxTimeouts = 3

// ErrRuleTimeout is the cause of the error a segmenter reports when its
// rules timed out MaxTimeouts times.
var ErrRuleTimeout = errors.New("segmentation rule timed out")

// Timeout is one rule match that ran out of time: the rule, and the text
// around the position (Context, with "|" at the position) where it was
// tried. It counted as no match.
type Timeout struct {
	File    string // the SRX file's name as loaded
	Rule    *Rule
	Context string
}

// String reads `rules.srx: line 12, column 5: no-break rule timed out after
// 200ms at "…(aaaa|.…"; counted as no match`.
func (t Timeout) String() string {
	kind := "break"
	if !t.Rule.Break {
		kind = "no-break"
	}
	return fmt.Sprintf("%s: line %d, column %d: %s rule timed out after %v at %q; counted as no match",
		t.File, t.Rule.Line, t.Rule.Column, kind, MatchTimeout, t.Context)
}

// timeoutWatch records a segmenter's timeouts; a segmenter may be used by
// several goroutines at once.
type timeoutWatch struct {
	file     string
	mu       sync.Mutex
	timeouts []Timeout
}

func (w *timeoutWatch) record(r *Rule, runes []rune, pos int, err error) {
	lo, hi := max(0, pos-20), min(len(runes), pos+20)
	ctx := string(runes[lo:pos]) + "|" + string(runes[pos:hi])
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.timeouts) < MaxTimeouts {
		w.timeouts = append(w.timeouts, Timeout{File: w.file, Rule: r, Context: ctx})
	}
}

func (w *timeoutWatch) isTripped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.timeouts) >= MaxTimeouts
}

// Timeouts returns the rule matches that timed out so far (at most
// MaxTimeouts), oldest first. Each is a warning: it counted as no match.
func (s *segmenter) Timeouts() []Timeout {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	return append([]Timeout(nil), s.watch.timeouts...)
}

// Err is nil while the rules work, and an EINVALID error wrapping
// ErrRuleTimeout once MaxTimeouts matches have timed out: from then on the
// segmenter stops applying its rules (Split returns whole paragraphs), so
// its output must not be used.
func (s *segmenter) Err() error {
	ts := s.Timeouts()
	if len(ts) < MaxTimeouts {
		return nil
	}
	first := ts[0]
	return &tm.Error{Code: tm.EINVALID, Err: fmt.Errorf("%s: line %d, column %d: %w %d times (each after %v; first at %q): the pattern backtracks catastrophically; simplify it",
		first.File, first.Rule.Line, first.Rule.Column, ErrRuleTimeout, len(ts), MatchTimeout, first.Context)}
}
