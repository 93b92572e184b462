package tm

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The storage contract: what korpus needs from a store, whichever database
// holds it. The SQLite store (package store) and the PostgreSQL store
// (package store/postgres) implement these interfaces, and one conformance
// suite (store/storetest) checks both against the same expectations. The
// types here are the ones the methods take and return; package store keeps
// aliases of them under their old names.
//
// Algorithms stay out of the contract: tokenizing, folding, scoring and
// ranking are written once in Go (tm/match); a store keeps and returns what
// they ask for. Every method that writes is one transaction: when it
// returns an error, nothing of it is stored.
//
// Errors carry the codes of errors.go: EINVALID for bad arguments,
// ENOTFOUND for an unknown memory or unit, ECONFLICT for a name already
// taken or a non-empty memory, EINTERNAL for the database itself.

// Store is everything a korpus command needs from a database. Close
// releases it.
type Store interface {
	MemoryService
	UnitImporter
	UnitService
	ConcordanceService
	Close() error
}

// MemoryService manages the named memories of a database. Every database
// has the memory "default", which cannot be deleted.
type MemoryService interface {
	// CreateMemory creates an empty memory. EINVALID for a bad name or a
	// penalty outside 0–100, ECONFLICT when the name is taken.
	CreateMemory(ctx context.Context, name, description string, penalty int) (Memory, error)
	// Memories lists the memories by name with their unit counts and
	// language pairs.
	Memories(ctx context.Context) ([]Memory, error)
	// GetMemory returns one memory; ENOTFOUND when there is none.
	GetMemory(ctx context.Context, name string) (Memory, error)
	// SetMemory changes a memory's penalties or description: ENOTFOUND,
	// or EINVALID for a penalty outside 0–100.
	SetMemory(ctx context.Context, name string, ch MemoryChange) error
	// RenameMemory renames a memory: ENOTFOUND for old, ECONFLICT when new
	// is taken, EINVALID for a bad name.
	RenameMemory(ctx context.Context, old, new string) error
	// DeleteMemory deletes a memory, and with force its units; without
	// force a memory holding units is ECONFLICT. It returns how many units
	// went with it. "default" is EINVALID.
	DeleteMemory(ctx context.Context, name string, force bool) (deletedUnits int, err error)
}

// UnitImporter stores units.
type UnitImporter interface {
	// ImportUnits stores the units r yields in one transaction. A unit
	// equal to a stored one of its memory (languages, normalised source,
	// target text, inline codes) is not stored again: it counts as
	// unchanged, as updated when it is newer and brings other props or
	// notes, or as merged when the equal one came from the same input.
	// Concurrent imports of overlapping inputs leave each unit once.
	// ENOTFOUND for an unknown memory; r's error is returned as it is.
	ImportUnits(ctx context.Context, r UnitReader, opts ImportOptions) (ImportStats, error)
}

// UnitService reads stored units.
type UnitService interface {
	// CountUnits returns how many units f selects.
	CountUnits(ctx context.Context, f UnitFilter) (int, error)
	// EachUnit calls fn for every unit f selects, in id order (the order
	// of storing), from one consistent snapshot; fn's error stops it and
	// is returned.
	EachUnit(ctx context.Context, f UnitFilter, fn func(*Unit) error) error
	// ListUnits returns the units f selects, by id. ENOTFOUND for an
	// unknown memory.
	ListUnits(ctx context.Context, f UnitListFilter) ([]StoredUnit, error)
	// GetUnit returns one unit; ENOTFOUND for an unknown id.
	GetUnit(ctx context.Context, id int64) (StoredUnit, error)
}

// ConcordanceService searches the text of the units.
type ConcordanceService interface {
	// Concordance returns the units, newest first, whose source (or
	// target) contains term, whitespace runs comparing as one space, with
	// the byte ranges of the term in the searched text. EINVALID for an
	// empty term, ENOTFOUND for an unknown memory.
	Concordance(ctx context.Context, term string, opts ConcordanceOptions) ([]ConcordanceHit, error)
}

// CheckMemoryName is EINVALID unless name can name a memory: not empty,
// valid UTF-8, without commas (lists of memories are comma-separated),
// tabs, newlines, control characters or surrounding spaces.
func CheckMemoryName(name string) error {
	if strings.TrimSpace(name) == "" || name != strings.TrimSpace(name) || strings.ContainsAny(name, ",\t\n\r") ||
		strings.IndexFunc(name, unicode.IsControl) >= 0 || !utf8.ValidString(name) {
		return Errorf(EINVALID, "memory name %q: must be non-empty, without commas, tabs, newlines, control characters or surrounding spaces", name)
	}
	return nil
}

// DefaultMemory is the memory every database has; units stored without a
// memory name go there.
const DefaultMemory = "default"

// Memory is a named memory and what it holds.
type Memory struct {
	ID          int64
	Name        string
	Description string
	Penalty     int            // points taken off every match from this memory, 0-100
	Origin      map[string]int // penalties by unit origin, over match.DefaultOriginPenalties
	Status      map[string]int // penalties by unit status, over match.DefaultStatusPenalties
	Units       int
	Pairs       []string // language pairs "de→fr", sorted
	Created     time.Time
	Changed     time.Time
}

// MemoryChange says what SetMemory changes; nil fields stay as they are.
type MemoryChange struct {
	Penalty     *int
	Description *string
	Origin      map[string]int // merged into the memory's origin penalties
	Status      map[string]int // merged into the memory's status penalties
}

// ImportOptions tune ImportUnits.
type ImportOptions struct {
	// DryRun does all the work, counts included, and rolls it back.
	DryRun bool
	// Origin, when set, replaces the origin of every unit.
	Origin Origin
	// LangMap renames languages before anything else ("de-DE" → "de").
	LangMap map[Lang]Lang
	// Memory names the memory the units go to ("" is DefaultMemory); it
	// must exist. Duplicates are looked for in that memory only.
	Memory string
	// Progress, when set, is called with the number of units read since
	// its previous call, every few thousand units and once at the end.
	Progress func(n int)
	// Index, when not nil, brings the store's search indexes up to date
	// inside the import's transaction (what an earlier import left
	// unindexed too) and receives what that did: the units and their
	// index entries commit together, so a failure in the index step
	// leaves the database as it was. Nil leaves the indexes behind
	// (import --no-index); readers search the unindexed units anyway.
	Index *IndexStats
	// Existing says what a unit does whose source (languages, source with
	// its codes, context) the memory holds with another target: "" or
	// ExistingAdd stores it beside, ExistingNewer and ExistingOverwrite
	// replace the stored target (recorded in the unit's history).
	Existing ExistingMode
	// User is who imports (the history's changer when a unit names none),
	// File the file's name, kept as the note of the changes it makes.
	User, File string
	// Phase, when set, is told "fts", "match" and "commit" as the index
	// phases and the commit start (for benchmarks).
	Phase func(phase string)
}

// ExistingMode says what ImportUnits does with a unit whose source the
// memory already holds (same languages, source with its inline codes and
// context) with another target.
type ExistingMode string

const (
	// ExistingAdd stores it as an alternative translation (the default).
	ExistingAdd ExistingMode = "add"
	// ExistingNewer replaces the stored target when the file's unit was
	// changed later than the stored one (an undated unit never is); an
	// older one is skipped.
	ExistingNewer ExistingMode = "newer"
	// ExistingOverwrite replaces the stored target whatever the dates.
	ExistingOverwrite ExistingMode = "overwrite"
)

// Valid reports whether m is one of the modes ("" counts as add).
func (m ExistingMode) Valid() bool {
	switch m {
	case "", ExistingAdd, ExistingNewer, ExistingOverwrite:
		return true
	}
	return false
}

// IndexStats is what bringing a store's two indexes up to date did: units
// added to the full-text (concordance) index and to the match index, and
// the seconds each took. A backend whose concordance needs no catch-up (the
// PostgreSQL store writes its folded columns with the units) reports 0.
type IndexStats struct {
	FTS, Match               int
	FTSSeconds, MatchSeconds float64
}

// UnitFilter selects units for EachUnit, CountUnits and (with a limit)
// ListUnits: `units list` and `export-tm` share it. Empty fields select
// everything; the fields combine with AND. A language without a region
// ("de") also selects its regional variants ("de-DE", "de-AT").
type UnitFilter struct {
	SourceLang Lang
	TargetLang Lang
	Origin     Origin
	// Memories, when not empty, selects only units of these memories;
	// an unknown name is ENOTFOUND.
	Memories []string
	Status   Status
	Creator  string // who created the unit, exactly
	// Since and Until bound the unit's last change (its creation date when
	// it never changed), both inclusive; zero is open.
	Since, Until time.Time
	Source       string // substring of the source text (case-insensitive for ASCII)
	Target       string // substring of the target text
}

// UnitListFilter selects units for ListUnits: a UnitFilter, paginated.
type UnitListFilter struct {
	UnitFilter
	Limit int // at most this many (0: no limit)
	// After skips units with ids up to it: the cursor of a paginated list.
	After int64
	// Deleted lists the deleted units (restorable until gc) instead of
	// the live ones; a store without restorable deletes lists none.
	Deleted bool
}

// StoredUnit is a unit with the name of the memory holding it.
type StoredUnit struct {
	Unit
	Memory string
	// Deleted is when the unit was deleted (zero for a live unit): it is
	// kept, invisible to every search, until gc.
	Deleted time.Time
}

// ConcordanceOptions tune a concordance search.
type ConcordanceOptions struct {
	From, To Lang // language pair ("" for any); base languages compare
	// Target searches the target text instead of the source.
	Target bool
	// Fold makes the search case- and diacritic-insensitive ("uber" finds
	// "Über"); without it the term must occur exactly as written.
	Fold  bool
	Limit int // most hits returned (0: DefaultConcordanceLimit)
	// Memories, when not empty, restricts to these memories (ENOTFOUND
	// for an unknown name).
	Memories []string
}

// DefaultConcordanceLimit is the number of hits Concordance returns by
// default.
const DefaultConcordanceLimit = 20

// ConcordanceHit is a unit found by Concordance, with the byte ranges of
// the term in the searched text (source, or target with Target).
type ConcordanceHit struct {
	Unit   Unit
	Spans  [][2]int
	Memory string // name of the unit's memory
}
