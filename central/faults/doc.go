// Package faults injects the failures of a real network between the kiosk's client and the
// central server, for tests: an http.RoundTripper that loses requests or answers, answers
// 429 or 503 itself, or answers late; and a TCP proxy that refuses, resets or swallows
// connections and can be pointed at a restarted server. Nothing here is used in production.
package faults
