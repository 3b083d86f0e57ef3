package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
)

// validate checks the [desk] table as far as a file can be checked: the certificates
// themselves are read when the client is made.
func (d Desk) validate() error {
	if d.URL == "" {
		return nil
	}
	u, err := url.Parse(d.URL)
	if err != nil || u.Host == "" {
		return &Error{Key: "desk.url", Err: fmt.Errorf("%q is not a URL like https://desk:8443", d.URL)}
	}
	switch u.Scheme {
	case "https":
		if d.CA == "" || d.Cert == "" || d.Key == "" {
			return &Error{Key: "desk", Err: errors.New("https needs ca, cert and key (citizenkiosk desk pki makes them)")}
		}
	case "http":
		// Plain HTTP carries citizens' names and birth dates: only inside this machine.
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return &Error{Key: "desk.url", Err: fmt.Errorf("plain http only to a loopback host, not %s", u.Hostname())}
		}
	default:
		return &Error{Key: "desk.url", Err: fmt.Errorf("scheme %q is not https", u.Scheme)}
	}
	return nil
}
