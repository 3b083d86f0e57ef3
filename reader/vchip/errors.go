package vchip

import "errors"

// ErrCardRemoved means that the chip has left the field: Config.DropAfterBytes was
// reached, so Transmit answers nothing and ServeVPCD has closed its connection (the
// vpcd driver then reports the card as removed). A new ServeVPCD connection is a new
// insertion of the card.
var ErrCardRemoved = errors.New("vchip: card removed from the field")

// ErrConfig means that a Config cannot describe a chip: a missing document number,
// birth or expiry date, or an unknown protocol, cipher or PACE parameter id.
var ErrConfig = errors.New("vchip: invalid configuration")
