// Package kiosk is the only package that imports Fyne. It holds the screens of the three
// modes of a Citizen Service Centre's kiosk:
//
//   - self-service ([New]), which a citizen uses at the door: the choice of language,
//     check-in by booking code, scanned QR code or birth date and first name, walk-in
//     tickets, the ticket itself and the messages for everything that can go wrong;
//   - counter ([NewCounter]), where staff log in with a PIN (PBKDF2 hashes in the config,
//     made and checked by internal/staffpin; a lockout per staff number that grows with
//     wrong tries and outlasts a restart, [PINAttempts]) and work through the
//     queue: call next, call again, start, no-show, transfer to another service, finish;
//   - display ([NewBoard]), the waiting-room board of the calls being served, in Danish
//     and English at once; each new call (a recall too) blinks and goes to an [Announcer].
//
// It also holds their high-contrast theme, their Danish and English texts, and the idle
// timer that wipes a citizen's details from every screen when they walk away and logs
// staff out of an unattended counter.
//
// The screens know nothing about storage or rules: they call a [Desk] (booking.Desk
// satisfies it) off the UI goroutine and show what it answers. A citizen never sees a raw
// error; each typed error from booking becomes a short translated sentence, and the detail
// goes to log/slog without personal data.
package kiosk
