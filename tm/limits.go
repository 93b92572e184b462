package tm

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxSegment is the longest source or target text, in bytes of
// UTF-8, that korpus stores, indexes or looks up unless told otherwise
// (--max-segment). Real sentences are far shorter; the limit is there so
// that one 200 MB <seg> cannot make the match index and every lookup hang.
const DefaultMaxSegment = 64 << 10

// FormatSize writes a byte count the way --max-segment accepts it:
// "64 KiB", "1 MiB", "1500 B".
func FormatSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// ParseSize reads a size: a number of bytes with an optional unit B, KiB,
// MiB, GiB (KB, MB, GB and K, M, G mean the same binary units here),
// e.g. "64KiB", "1 MiB", "70000".
func ParseSize(s string) (int, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("%q: want a size such as 64KiB or 1MiB", s)
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil {
		return 0, fmt.Errorf("%q: %v", s, err)
	}
	mult := 0
	switch strings.ToLower(strings.TrimSpace(t[i:])) {
	case "", "b":
		mult = 1
	case "k", "kb", "kib":
		mult = 1 << 10
	case "m", "mb", "mib":
		mult = 1 << 20
	case "g", "gb", "gib":
		mult = 1 << 30
	default:
		return 0, fmt.Errorf("%q: unknown unit %q (want B, KiB, MiB or GiB)", s, strings.TrimSpace(t[i:]))
	}
	if n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q: want a size between 1 B and 1024 GiB", s)
	}
	return n * mult, nil
}

// SegmentTooLong is the reason an import gives for a unit whose source or
// target is longer than max bytes.
func SegmentTooLong(max int) string {
	return "segment longer than " + FormatSize(max) + " (--max-segment)"
}

// LineTooLong is the reason an import gives for a TSV or JSONL line it
// skipped unread because it is longer than any unit within max could be.
func LineTooLong(max int) string {
	return "line longer than " + FormatSize(MaxLine(max)) + " (--max-segment " + FormatSize(max) + ")"
}

// MaxLine is the longest TSV or JSONL line a decoder reads for a segment
// limit of max: room for source and target fully escaped (JSON's \uXXXX
// is 6 bytes for a 1-byte character) plus 64 KiB for the other fields.
func MaxLine(max int) int {
	return 12*max + 64<<10
}

// UnitTooLong says whether u's source or target is longer than max bytes.
func UnitTooLong(u *Unit, max int) bool {
	return contentLen(u.Source) > max || contentLen(u.Target) > max
}

func contentLen(c Content) int {
	n := 0
	for _, r := range c {
		n += len(r.Text)
	}
	return n
}
