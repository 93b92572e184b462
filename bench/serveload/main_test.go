package main

import (
	"path/filepath"
	"testing"
	"time"
)

// TestSmall runs the benchmark on a tiny memory so that it keeps working:
// both phases, the import, no errors.
func TestSmall(t *testing.T) {
	c := config{db: filepath.Join(t.TempDir(), "s.db"), units: 300, importN: 50, clients: 4,
		baseline: 300 * time.Millisecond, timeout: time.Minute, maxRequests: 200, seed: 1,
		article: filepath.Join("..", "..", "testdata", "korea-in-der-welt.de.txt"), jsonOut: true}
	if err := run(c); err != nil {
		t.Fatal(err)
	}
}
