// Package pcsc finds card readers and talks to the card in them through the PC/SC
// service (pcscd on Linux) with github.com/ebfe/scard. It waits for a card, connects
// in shared mode with T=1 or T=0, and transmits APDUs; a Card satisfies
// iso7816.Transmitter. PC/SC's error codes become this package's typed errors, so a
// caller can tell "pcscd is not running" from "the card was pulled out".
package pcsc
