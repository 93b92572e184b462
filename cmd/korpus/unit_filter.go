package main

import (
	"time"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
	"github.com/spf13/pflag"
)

// unitFilterFlags are the unit filter flags that `units list` and
// `export-tm` share (README "Units"): one definition, one parser.
type unitFilterFlags struct {
	memories              []string
	from, to              tm.Lang
	origin, status        string
	creator, since, until string
	source, target        string
}

// unitFilterHelp is the flags' summary for a command's long help.
const unitFilterHelp = `Filters (they combine): --memory A,B; --from/--to (a tag without a
region, "de", also selects de-AT, de-CH …); --origin (tmx, xliff, tsv,
alignment, carry-over, manual …); --status; --creator (exact); --since and
--until bound the unit's last change (its creation when never changed),
inclusive, as a date 2026-12-01 (UTC; --until then means the end of that
day) or an RFC 3339 time 2026-12-01T14:30:00+01:00; --source and --target
are substrings (case-insensitive for ASCII; % and _ are literal).`

// register defines the flags on fl.
func (u *unitFilterFlags) register(fl *pflag.FlagSet) {
	memoriesFlag(fl, &u.memories)
	fl.Var(langValue{l: &u.from}, "from", "source language (\"de\" also selects de-AT, de-CH …; default: all)")
	fl.Var(langValue{l: &u.to}, "to", "target language (default: all)")
	fl.StringVar(&u.origin, "origin", "", "only units of this `ORIGIN` (tmx, xliff, tsv, alignment, carry-over, manual …)")
	fl.StringVar(&u.status, "status", "", "only units with this `STATUS` (new, draft, needs-review, translated, reviewed, final)")
	fl.StringVar(&u.creator, "creator", "", "only units created by `NAME`")
	fl.StringVar(&u.since, "since", "", "only units changed at or after `DATE` (2026-12-01 or RFC 3339)")
	fl.StringVar(&u.until, "until", "", "only units changed at or before `DATE` (a date: through its end)")
	fl.StringVar(&u.source, "source", "", "only units whose source contains `TEXT`")
	fl.StringVar(&u.target, "target", "", "only units whose target contains `TEXT`")
}

// unitFilterNames are the flags register defines.
var unitFilterNames = []string{"memory", "from", "to", "origin", "status", "creator", "since", "until", "source", "target"}

// changed reports whether any filter flag was given on the command line.
func (u *unitFilterFlags) changed(fl *pflag.FlagSet) bool {
	for _, n := range unitFilterNames {
		if fl.Changed(n) {
			return true
		}
	}
	return false
}

// filter checks the values and returns the store filter; a bad status or
// date is a usage error naming the flag.
func (u *unitFilterFlags) filter() (store.UnitFilter, error) {
	f := store.UnitFilter{Memories: u.memories, SourceLang: u.from, TargetLang: u.to, Origin: tm.Origin(u.origin),
		Creator: u.creator, Source: u.source, Target: u.target}
	if u.status != "" {
		st, err := statusFlag(u.status)
		if err != nil {
			return f, err
		}
		f.Status = st
	}
	var err error
	if f.Since, err = dateFlag("since", u.since, false); err != nil {
		return f, err
	}
	if f.Until, err = dateFlag("until", u.until, true); err != nil {
		return f, err
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && f.Until.Before(f.Since) {
		return f, usageErrorf("--until %s is before --since %s", u.until, u.since)
	}
	return f, nil
}

// dateFlag parses a date flag: "" is zero; YYYY-MM-DD is that day in UTC,
// its start or (end) its last millisecond, the precision times are stored
// with; else RFC 3339 with or without fractional seconds.
func dateFlag(name, v string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1).Add(-time.Millisecond)
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, usageErrorf("--%s %q: want a date (2026-12-01) or an RFC 3339 time (2026-12-01T14:30:00Z)", name, v)
	}
	return t, nil
}

// memoriesFlag defines --memory A,B for a command that reads units.
func memoriesFlag(fl *pflag.FlagSet, p *[]string) {
	fl.StringSliceVar(p, "memory", nil, "only units of these memories (NAME,NAME…; default: all)")
}
