// Package kiosk is the only package that imports Fyne. It holds the self-service screens a
// citizen uses at the door of a Citizen Service Centre: the choice of language, check-in by
// booking code, scanned QR code or birth date and first name, walk-in tickets, the ticket
// itself and the messages for everything that can go wrong. It also holds their
// high-contrast theme, their Danish and English texts, and the idle reset that wipes a
// citizen's details from every screen when they walk away.
//
// The screens know nothing about storage or rules: they call a [Desk] (booking.Desk
// satisfies it) off the UI goroutine and show what it answers. A citizen never sees a raw
// error; each typed error from booking becomes a short translated sentence, and the detail
// goes to log/slog without personal data.
package kiosk
