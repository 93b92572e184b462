package unitio

import (
	"bufio"
	"errors"
	"io"
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
	skipped    map[string]int
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
