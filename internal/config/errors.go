package config

import (
	"errors"
	"fmt"
)

// ErrUnknownKey is wrapped in an *Error when the file has a key this version does not know,
// most often a typo that would otherwise be silently ignored.
var ErrUnknownKey = errors.New("unknown key")

// Error is a configuration problem: the key (or environment variable) and what is wrong.
type Error struct {
	Key string
	Err error
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("config: %v", e.Err)
	}
	return fmt.Sprintf("config: %s: %v", e.Key, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }
