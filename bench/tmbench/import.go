package main

import (
	"context"

	"github.com/korpus/korpus/store"
	"github.com/korpus/korpus/tm"
)

// importUnits writes the generated units through the store's bulk import.
func importUnits(ctx context.Context, db *store.DB, r tm.UnitReader) (tm.ImportStats, error) {
	return db.ImportUnits(ctx, r, store.ImportOptions{})
}
