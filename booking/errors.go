package booking

import "errors"

// ErrNotFound is returned (wrapped) by a Store when an appointment, service or ticket does not exist.
var ErrNotFound = errors.New("booking: not found")
