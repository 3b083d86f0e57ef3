package iso7816

import "errors"

// ErrMalformed is wrapped by every error about bytes that break ISO/IEC 7816-4 or
// ISO/IEC 8825-1 encoding rules: a response without a status word, a command APDU
// whose lengths do not add up, a BER-TLV object that runs past its end or nests too
// deep. The bytes come from a card (or a card reader) and are untrusted.
var ErrMalformed = errors.New("iso7816: malformed")

// ErrInvalidCommand is wrapped by Command.Bytes when the command cannot be encoded:
// more than 65535 data bytes, or Ne outside 0..65536.
var ErrInvalidCommand = errors.New("iso7816: command cannot be encoded")

// ErrResponseChain is returned by Exchange when a card keeps answering 61xx (more data
// available) beyond any sensible response length, or answers 6Cxx twice to one command.
var ErrResponseChain = errors.New("iso7816: card does not end its response")
