// Package staffpin holds the rules of a counter's staff PINs without any user interface, so
// that the hash-pin command, the config check and the counter screens share one version:
// how a PIN is hashed and checked (PBKDF2-HMAC-SHA256, RFC 8018 §5.2), which PINs are too
// easy to choose, which hashes are too cheap to accept, and how long wrong PINs lock a
// staff number out.
package staffpin
