package config

import (
	"errors"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// ErrNoKioskID is wrapped in the *Error for kiosk_id when none is set and the host name
// cannot be made into one.
var ErrNoKioskID = errors.New("not set, and the host name gives no usable id: set kiosk_id")

// checkIDs applies the central API's own rule (api.ValidKioskID, api.ValidSite) to kiosk_id
// and site, so that the config accepts exactly the ids a sync can use: ".." used to pass
// here and failed only at sync time, as a redirect from the server's path cleaning.
func checkIDs(c Config) error {
	switch {
	case c.KioskID == "":
		return &Error{Key: "kiosk_id", Err: fmt.Errorf("%w (%s)", ErrNoKioskID, api.IDForm)}
	case !api.ValidKioskID(c.KioskID):
		return &Error{Key: "kiosk_id", Err: fmt.Errorf("%q is not %s", c.KioskID, api.IDForm)}
	case !api.ValidSite(c.Site):
		return &Error{Key: "site", Err: fmt.Errorf("%q is not %s", c.Site, api.IDForm)}
	}
	return nil
}

// hostKioskID turns a host name into the default kiosk id: each byte the rule refuses
// becomes '-', and the result is cut to the rule's length. It returns "" when even that is
// no valid id (no host name, or one like ".."), so that Validate asks for kiosk_id rather
// than every such kiosk sharing one id and, with it, one sequence of idempotency keys.
func hostKioskID(host string) string {
	b := []byte(host)
	if len(b) > api.MaxKioskIDLen {
		b = b[:api.MaxKioskIDLen]
	}
	for i, c := range b {
		// Asked with a prefix, because "." alone is refused as a whole id, not as a byte.
		if !api.ValidKioskID(string([]byte{'k', c})) {
			b[i] = '-'
		}
	}
	if id := string(b); api.ValidKioskID(id) {
		return id
	}
	return ""
}
