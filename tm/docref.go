package tm

import (
	"strconv"
	"strings"
)

// DocRef names a document and optionally one of its versions, as written
// on the command line: "name" (the latest version) or "name@2".
type DocRef struct {
	Name    string
	Version int // 0: the latest
}

// ParseDocRef parses "name" or "name@N" (N ≥ 1). Only a last "@" followed
// by digits is a version, so names may contain "@" ("a@b.txt",
// "a@b.txt@2"); a name that itself ends in "@digits" must be written with a
// version. "@0", a trailing "@" and an empty name are EINVALID errors.
func ParseDocRef(s string) (DocRef, error) {
	if s == "" {
		return DocRef{}, Errorf(EINVALID, "empty document name")
	}
	i := strings.LastIndexByte(s, '@')
	if i < 0 {
		return DocRef{Name: s}, nil
	}
	name, num := s[:i], s[i+1:]
	if name == "" {
		return DocRef{}, Errorf(EINVALID, "document reference %q: missing name before @", s)
	}
	if num != "" && strings.Trim(num, "0123456789") != "" {
		return DocRef{Name: s}, nil // "@" is part of the name
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 {
		return DocRef{}, Errorf(EINVALID, "document reference %q: version must be a number ≥ 1 after @", s)
	}
	return DocRef{Name: name, Version: n}, nil
}

// String formats r as ParseDocRef reads it.
func (r DocRef) String() string {
	if r.Version == 0 {
		return r.Name
	}
	return r.Name + "@" + strconv.Itoa(r.Version)
}
