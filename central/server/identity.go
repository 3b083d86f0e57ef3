package server

import (
	"crypto/x509"
	"net/http"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// caller is who sent a request, as its client certificate says: CN is the kiosk id, and
// one URI of api.SiteURIPrefix names its site. verified is false on plain HTTP, which
// centrald serves only on loopback (--insecure-loopback, the demo and tests): there nothing
// proves who is asking, so the kiosk id and site the request names are taken as they are.
type caller struct {
	kiosk, site string
	verified    bool
}

// callerOf reads the caller of r. Over TLS a missing client certificate, one that does not
// name a valid kiosk id and exactly one site, or one whose kiosk id the registry holds for
// another site is 403 on every endpoint: a certificate that binds to no site reads none.
func (s *Server) callerOf(r *http.Request) (caller, error) {
	if r.TLS == nil {
		return caller{}, nil
	}
	// VerifiedChains, not PeerCertificates: a listener configured to ask for a certificate
	// without verifying it would otherwise let anyone name any kiosk and site.
	if len(r.TLS.VerifiedChains) == 0 || len(r.TLS.PeerCertificates) == 0 {
		return caller{}, refuse(http.StatusForbidden, "a verified client certificate is required")
	}
	kiosk, site, ok := identityOf(r.TLS.PeerCertificates[0])
	if !ok {
		return caller{}, refuse(http.StatusForbidden, "the client certificate names no kiosk id and site")
	}
	if err := s.bindKiosk(kiosk, site); err != nil {
		return caller{}, err
	}
	return caller{kiosk: kiosk, site: site, verified: true}, nil
}

// identityOf returns the kiosk id and site a kiosk certificate names. Two site URIs are as
// bad as none: the certificate would bind to neither unambiguously.
func identityOf(cert *x509.Certificate) (kiosk, site string, ok bool) {
	kiosk = cert.Subject.CommonName
	if !api.ValidKioskID(kiosk) {
		return "", "", false
	}
	for _, u := range cert.URIs {
		s, isSite := api.SiteOfURI(u.String())
		if !isSite {
			continue
		}
		if site != "" {
			return "", "", false
		}
		site = s
	}
	return kiosk, site, site != ""
}

// checkKiosk refuses a request whose kiosk id is not the one its client certificate names.
func (s *Server) checkKiosk(r *http.Request, kioskID string) (caller, error) {
	c, err := s.callerOf(r)
	if err != nil {
		return c, err
	}
	if c.verified && c.kiosk != kioskID {
		return c, refuse(http.StatusForbidden, "the client certificate is not that kiosk's")
	}
	return c, nil
}

// checkSite refuses a request about a site other than the one its client certificate
// names. The refusal is the same whether or not the site exists, so a kiosk cannot probe
// which sites there are.
func (s *Server) checkSite(r *http.Request, site string) error {
	c, err := s.callerOf(r)
	if err != nil {
		return err
	}
	if c.verified && c.site != site {
		return refuse(http.StatusForbidden, "the client certificate is not for that site")
	}
	return nil
}
