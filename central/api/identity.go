package api

import "strings"

// SiteURIPrefix starts the URI a kiosk's client certificate carries in its subject
// alternative names to name the site (centre) it belongs to: "urn:citizenkiosk:site:odense".
// The certificate's subject CN is the kiosk id. The server serves a kiosk only its own
// site's data and accepts writes only in its own kiosk id.
const SiteURIPrefix = "urn:citizenkiosk:site:"

// SiteURI returns the certificate URI that binds a kiosk to site.
func SiteURI(site string) string { return SiteURIPrefix + site }

// SiteOfURI returns the site a certificate URI names, and false if the URI is not a site
// URI or the site is not a valid site id.
func SiteOfURI(uri string) (string, bool) {
	site, ok := strings.CutPrefix(uri, SiteURIPrefix)
	if !ok || !ValidSiteID(site) {
		return "", false
	}
	return site, true
}

// ValidSiteID reports whether id may be a site id. Site ids follow the rules of kiosk ids
// (see ValidKioskID): they appear in paths, certificate URIs and database keys.
func ValidSiteID(id string) bool { return ValidKioskID(id) }
