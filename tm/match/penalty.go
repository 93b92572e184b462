package match

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Penalty is one deduction from a match's raw score, with its reason:
// "memory NAME", "origin ORIGIN" or "status STATUS".
type Penalty struct {
	Reason string `json:"reason"`
	Points int    `json:"points"`
}

// Penalties are what a memory takes off the matches it gives: a flat
// penalty for every unit, and penalties by the unit's origin and status.
// They are written once here, in the domain, so that every storage backend
// ranks the same way.
type Penalties struct {
	Memory int
	Origin map[string]int
	Status map[string]int
}

// DefaultOriginPenalties and DefaultStatusPenalties are what a new memory
// starts with (korpus memory create), as memoQ and Trados Studio take a
// point off alignment results by default: a unit made by the aligner or by
// machine translation, or one still awaiting review, is less trustworthy
// than a confirmed translation. The memory `default` that migration 0040
// made for an existing database starts without them, so that its lookups
// do not change; `korpus memory set` adds them.
var (
	DefaultOriginPenalties = map[string]int{"alignment": 1, "mt": 5}
	DefaultStatusPenalties = map[string]int{"needs-review": 1, "draft": 1}
)

// Apply returns the score after the penalties for a unit of the given
// origin and status from the memory named memory, and the penalties taken
// off, in the order memory, origin, status. The score never goes below 0,
// and a raw 100 with any penalty is at most 99 even if the points were 0
// after rounding: a penalised exact match is never shown as an exact one.
func (p Penalties) Apply(raw int, memory, origin, status string) (int, []Penalty) {
	var ps []Penalty
	if p.Memory > 0 {
		ps = append(ps, Penalty{Reason: "memory " + memory, Points: p.Memory})
	}
	if n := p.Origin[origin]; n > 0 && origin != "" {
		ps = append(ps, Penalty{Reason: "origin " + origin, Points: n})
	}
	if n := p.Status[status]; n > 0 && status != "" {
		ps = append(ps, Penalty{Reason: "status " + status, Points: n})
	}
	score := raw
	for _, x := range ps {
		score -= x.Points
	}
	if score < 0 {
		score = 0
	}
	if raw >= 100 && len(ps) > 0 && score > 99 {
		score = 99
	}
	return score, ps
}

// ParsePenaltyMap parses "alignment=3,mt=10" into a map; each value must be
// an integer 0-100 and each key non-empty and named once.
func ParsePenaltyMap(s string) (map[string]int, error) {
	out := map[string]int{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%q: want NAME=POINTS, e.g. alignment=3", part)
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%q: points must be an integer 0-100", part)
		}
		if err := CheckPenalty(n); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%q is given twice", k)
		}
		out[k] = n
	}
	return out, nil
}

// FormatPenaltyMap writes m as "a=1,b=2", keys sorted.
func FormatPenaltyMap(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.Itoa(m[k])
	}
	return strings.Join(parts, ",")
}

// CheckPenalty returns an error unless 0 <= n <= 100.
func CheckPenalty(n int) error {
	if n < 0 || n > 100 {
		return fmt.Errorf("penalty %d is outside 0-100", n)
	}
	return nil
}
