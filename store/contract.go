package store

import "github.com/korpus/korpus/tm"

// The SQLite store implements the storage contract of package tm (see
// tm/storage.go); the PostgreSQL store (store/postgres) is the other
// implementation, and store/storetest checks both the same way.
var _ tm.Store = (*DB)(nil)

// The contract's types under the names this package has always used.
type (
	// Memory is a named memory and what it holds.
	Memory = tm.Memory
	// MemoryChange says what SetMemory changes.
	MemoryChange = tm.MemoryChange
	// ImportOptions tune ImportUnits.
	ImportOptions = tm.ImportOptions
	// UnitFilter selects units for EachUnit and CountUnits.
	UnitFilter = tm.UnitFilter
	// UnitListFilter selects units for ListUnits.
	UnitListFilter = tm.UnitListFilter
	// StoredUnit is a unit with the name of the memory holding it.
	StoredUnit = tm.StoredUnit
	// ConcordanceOptions tune a concordance search.
	ConcordanceOptions = tm.ConcordanceOptions
	// Hit is a unit found by Concordance.
	Hit = tm.ConcordanceHit
	// IndexStats is what bringing the two indexes up to date did.
	IndexStats = tm.IndexStats
	// ExistingMode says what ImportUnits does with a unit whose source the
	// memory holds with another target.
	ExistingMode = tm.ExistingMode
)

// The modes of ImportOptions.Existing.
const (
	ExistingAdd       = tm.ExistingAdd
	ExistingNewer     = tm.ExistingNewer
	ExistingOverwrite = tm.ExistingOverwrite
)

// DefaultMemory is the memory every database has; units stored without a
// memory name go there, and migration 0040 put all earlier units in it.
const DefaultMemory = tm.DefaultMemory

// DefaultConcordanceLimit is the number of hits returned by default.
const DefaultConcordanceLimit = tm.DefaultConcordanceLimit
