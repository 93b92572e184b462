// Package testutil holds helpers shared by korpus tests.
package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the root folder of the korpus module.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Testdata returns the path of a file under the repository's testdata/.
func Testdata(name string) string {
	return filepath.Join(RepoRoot(), "testdata", name)
}

// SharedDir returns the path of ../shared beside the repository (or
// $KORPUS_SHARED), joined with elem, and skips the test when it is absent.
func SharedDir(tb testing.TB, elem ...string) string {
	tb.Helper()
	base := os.Getenv("KORPUS_SHARED")
	if base == "" {
		base = filepath.Join(RepoRoot(), "..", "shared")
	}
	p := filepath.Join(append([]string{base}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data not available: %v", err)
	}
	return p
}

// NeedTool skips the test when the named program is not on PATH and
// returns its path otherwise. In CI (CI=true) a missing tool fails instead,
// because .ci/run installs every tool the tests use.
func NeedTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s not installed; .ci/run should install it", name)
		}
		tb.Skipf("%s not installed", name)
	}
	return p
}
