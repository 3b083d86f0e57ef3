package staffpin

import "errors"

// These errors are returned wrapped; test for them with errors.Is. No message ever holds a
// PIN or any part of a hash.
var (
	// ErrBadHash: a configured staff entry is unusable: the staff number is not 1 to 8
	// digits, or the hash is not pbkdf2-sha256$ITERATIONS$SALT$KEY with at least
	// MinIterations iterations.
	ErrBadHash = errors.New("staffpin: bad staff PIN hash")

	// ErrWeakHash: a hash is well formed but has fewer iterations than the config demands
	// (Iterations): it was made with an older or a test setting. Make it again with hash-pin.
	ErrWeakHash = errors.New("staffpin: PIN hash weaker than the current cost")

	// ErrInvalidPIN: a PIN is not MinLength to MaxLength digits.
	ErrInvalidPIN = errors.New("staffpin: a staff PIN is 4 to 8 digits")

	// ErrTrivialPIN: a PIN is one a guesser tries first: one digit repeated, a run such as
	// 1234 or 9876, or the staff number itself.
	ErrTrivialPIN = errors.New("staffpin: PIN too easy to guess")
)
