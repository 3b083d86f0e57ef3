// Package printer turns slips (a walk-in ticket, an activation-code letter)
// into Epson ESC/POS bytes for an 80 mm thermal printer, sends them over one
// of the transports a Citizen Service Centre has (raw TCP 9100, a USB line
// printer device, a CUPS raw queue over IPP), and renders a PNG-able preview
// of what the paper will look like.
//
// Text is printed in code page 865 (Nordic), selected with ESC t 5, so that
// æøåÆØÅ print as themselves. Characters the page lacks never fail a print:
// see [Printable] for how they are replaced.
//
// Before a job, the transports that can hear the printer (TCP and the USB
// device) ask it for its state with DLE EOT; a printer out of paper or with
// its cover open refuses the job with a *StatusError wrapping [ErrPaperOut]
// or [ErrCoverOpen], so the job is not swallowed by a printer that cannot
// print it. IPP to a CUPS raw queue cannot ask: its state is unknown
// ([ErrStatusUnknown]). A [Spool] keeps jobs that failed until staff print
// them again or discard them.
//
// The package knows nothing of the kiosk's screens or languages: callers pass
// already translated text and wrap it with [Columns] or [Wrap].
//
// An activation code travels through this package only in memory; nothing
// here writes a slip to disk (other than to the printer device itself) or
// logs its text.
package printer
