// Package booking is the domain of a Citizen Service Centre's front desk: services,
// booked appointments, check-in rules, tickets, the order of the queue and the
// estimated wait. It is plain Go: no user interface, no database, no network.
// Time comes from an injected Clock so that rules about "early" and "late" are testable,
// and persistence goes through the Store interface that a consumer (storage) satisfies.
//
// A Desk is the entry point for the kiosk: CheckIn with a booking code typed or scanned
// from the confirmation, FindByBirth and CheckInAppointment for citizens without their
// code, WalkIn for those without an appointment, and Queue for the call order. The rules
// behind them are exported on their own for tests, tools and the counter screens:
// ParseBookingCode and ParseScan (what a code and a scan may look like), ParseBirthDate,
// FirstNameMatches, OrderQueue and Floor (call order and waiting times).
//
// The counter works through the queue with CallNext, Recall, Start, NoShow, Finish and
// Transfer (counter.go shows the life of a ticket), sees its own ticket with AtCounter
// and the line with Line; the waiting-room display reads Board.
//
// Errors a caller must tell apart are sentinels and types in errors.go; they carry no
// personal data, so they may be logged.
package booking
