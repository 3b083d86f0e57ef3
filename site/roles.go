package site

import (
	"crypto/x509"
	"slices"
)

// Role is what a machine of the centre may do, named in the organisational unit (OU) of its
// certificate. A certificate may name several roles; one with none may do nothing.
type Role string

const (
	RoleSelfService Role = "selfservice" // the door kiosk: check in, take a ticket
	RoleCounter     Role = "counter"     // a counter: the queue and its actions
	RoleDisplay     Role = "display"     // a board: the calls, read only
)

// Roles lists every role, for the PKI command and its help.
var Roles = []Role{RoleSelfService, RoleCounter, RoleDisplay}

// identity is who is asking: the client's name (scopes its idempotency keys) and roles.
type identity struct {
	name  string
	roles []Role
}

func (id identity) may(any ...Role) bool {
	return slices.ContainsFunc(any, func(r Role) bool { return slices.Contains(id.roles, r) })
}

// identityOf reads a verified client certificate. The TLS layer has checked the chain to
// the site CA, so what the certificate says is what the CA vouched for.
func identityOf(cert *x509.Certificate) identity {
	id := identity{name: cert.Subject.CommonName}
	for _, ou := range cert.Subject.OrganizationalUnit {
		if r := Role(ou); slices.Contains(Roles, r) && !slices.Contains(id.roles, r) {
			id.roles = append(id.roles, r)
		}
	}
	return id
}
