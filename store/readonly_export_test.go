package store

// OpenReadOnlyForTest opens path as open does when the file or its
// directory cannot be written, which tests running as root cannot arrange
// with file modes.
func OpenReadOnlyForTest(path string, immutable bool) (*DB, error) {
	return openReadOnly(path, immutable, Options{})
}
