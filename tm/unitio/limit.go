package unitio

import (
	"bufio"
	"errors"
	"io"

	"github.com/korpus/korpus/tm"
)

// readLine reads one line (with its '\n') of at most max bytes (max ≤ 0:
// no limit). A longer line is read to its end without being kept, and
// long is true: the decoder's memory stays bounded by max, whatever the
// file holds.
func readLine(r *bufio.Reader, max int) (line []byte, long bool, err error) {
	if max <= 0 {
		line, err = r.ReadBytes('\n')
		return line, false, err
	}
	for {
		frag, err := r.ReadSlice('\n')
		if !long {
			if len(line)+len(frag) > max {
				long, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if long && err == io.EOF {
			err = nil
		}
		return line, long, err
	}
}

// skips counts lines a decoder skipped, by reason; decoders embed it.
type skips struct {
	// MaxLine is the longest line read (0: no limit); a longer one is
	// skipped and counted under LongReason.
	MaxLine    int
	LongReason string
	// SkipInvalid makes the decoder skip a line that is not a valid unit
	// (bad escape, wrong field count, bad JSON, unknown language …)
	// instead of failing; Invalid lists each with its position.
	SkipInvalid bool
	skipped     map[string]int
	invalid     []tm.InvalidUnit
}

// Invalid returns the lines skipped as invalid so far (SkipInvalid).
func (s *skips) Invalid() []tm.InvalidUnit { return s.invalid }

// recoverLine reports whether err, the error of one data line, was
// recorded as an invalid unit (SkipInvalid), so reading goes on; without
// SkipInvalid it marks such an error a tm.UnitError.
func (s *skips) recoverLine(err *error) bool {
	var le *LineError
	if !errors.As(*err, &le) {
		return false
	}
	if !s.SkipInvalid {
		*err = &tm.UnitError{Err: *err}
		return false
	}
	file := le.File
	if file == "" {
		file = "input"
	}
	s.invalid = append(s.invalid, tm.InvalidUnit{File: file, Line: le.Line, Column: le.Column, Message: le.Err.Error()})
	if s.skipped == nil {
		s.skipped = map[string]int{}
	}
	s.skipped[tm.SkipInvalid]++
	return true
}

// Skipped returns the number of lines skipped, by reason.
func (s *skips) Skipped() map[string]int { return s.skipped }

func (s *skips) skip() {
	if s.skipped == nil {
		s.skipped = map[string]int{}
	}
	reason := s.LongReason
	if reason == "" {
		reason = "line too long"
	}
	s.skipped[reason]++
}
