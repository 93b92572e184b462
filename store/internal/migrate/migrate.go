// Package migrate reads a store's embedded schema migrations: the files
// migrations/NNNN_name.sql of an fs.FS, the version being the number
// before the first "_". Each backend applies them its own way (its SQL
// dialect, its locks); reading and checking the files is the same for all.
package migrate

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migration is one embedded schema change.
type Migration struct {
	Version int
	Name    string // the file name, "0001_init.sql"
	SQL     string
}

// Read returns the migrations of fsys's folder migrations in version
// order. A file name that does not start with a positive number, or two
// files with one number, is an error.
func Read(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(strings.TrimSuffix(num, ".sql"))
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number (0001_name.sql)", e.Name())
		}
		if prev, ok := seen[v]; ok {
			return nil, fmt.Errorf("migrations %s and %s have the same number", prev, e.Name())
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, "migrations/"+e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}
