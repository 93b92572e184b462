package tm

import (
	"errors"
	"fmt"
)

// Error codes. cmd maps them to exit codes in one place.
const (
	EINVALID  = "invalid"   // bad input: a usage or data error
	ENOTFOUND = "not_found" // a named thing does not exist
	ECONFLICT = "conflict"  // the request conflicts with what is stored
	EINTERNAL = "internal"  // a bug or an environment failure
)

// Error is a domain error with a code and a message fit for the user.
type Error struct {
	Code    string
	Message string
	Err     error // optional cause
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
