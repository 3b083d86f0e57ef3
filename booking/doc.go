// Package booking is the domain of a Citizen Service Centre's front desk: services,
// booked appointments, check-in rules, tickets, the order of the queue and the
// estimated wait. It is plain Go: no user interface, no database, no network.
// Time comes from an injected Clock so that rules about "early" and "late" are testable,
// and persistence goes through the Store interface that a consumer (storage) satisfies.
package booking
