package server

import (
	"context"
	"fmt"
	"net/http"
)

// bucketKiosks is the server's registry of kiosks: kiosk id → site. Kiosk ids name the
// idempotency keys of every event, so they are one namespace across sites; a certificate
// that a CA issued by mistake for the same kiosk id at another site must not write in the
// first kiosk's name.
var bucketKiosks = []byte("kiosks")

// bindKiosk checks a verified caller against the registry. The first verified request of a
// kiosk id records its site (trust on first use, kept across restarts); a later
// certificate with that kiosk id and another site is 403. Reads after the first come from
// memory: the map holds one entry per kiosk certificate the CA issued.
func (s *Server) bindKiosk(kiosk, site string) error {
	s.mu.Lock()
	known, ok := s.kioskSites[kiosk]
	s.mu.Unlock()
	if !ok {
		var err error
		if known, err = s.store.bindKiosk(context.Background(), kiosk, site); err != nil {
			return fmt.Errorf("register kiosk: %w", err)
		}
		if known == site {
			s.log.Info("kiosk registered", "kiosk", kiosk, "site", site)
		}
		s.mu.Lock()
		s.kioskSites[kiosk] = known
		s.mu.Unlock()
	}
	if known != site {
		s.log.Warn("kiosk certificate for another site", "kiosk", kiosk, "site", site, "registered", known)
		return refuse(http.StatusForbidden, "the kiosk is registered at another site than its certificate names")
	}
	return nil
}
