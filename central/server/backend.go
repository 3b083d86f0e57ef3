package server

import (
	"context"
	"time"
)

// store is where the server keeps its state: one bbolt file (boltStore) or a PostgreSQL
// database that several server processes share (pgStore). The HTTP handlers, the sealing,
// the checks and the audit rules live in Server and are written once against this
// interface, so the two stores keep the same guarantees; conformance_test.go runs one
// suite on both. Values are opaque bytes here: whatever is personal is sealed before it
// reaches a store.
type store interface {
	// putCatalog replaces a site's services and its sealed appointments of day together.
	putCatalog(ctx context.Context, site, day string, services, sealedDay []byte) error
	// services returns a site's services as served; nil for an unknown site.
	services(ctx context.Context, site string) ([]byte, error)
	// day returns a site's sealed appointments of day (nil when none are stored) and
	// whether the site is known at all.
	day(ctx context.Context, site, day string) (sealed []byte, siteKnown bool, err error)
	// applyEvents runs fn in one transaction and commits what it did, all or nothing. A
	// store may run fn again after a conflict with another process; fn must then start
	// over.
	applyEvents(ctx context.Context, fn func(eventTx) error) error
	// events calls fn with every applied event's body in apply order.
	events(ctx context.Context, fn func(body []byte) error) error
	// dayEvents calls fn, in apply order, with the body of every applied event that may be
	// about a ticket of day ("2006-01-02"): a superset, which the caller filters.
	dayEvents(ctx context.Context, day string, fn func(body []byte) error) error
	// kioskSites returns the registry: the site recorded for each kiosk.
	kioskSites(ctx context.Context) (map[string]string, error)
	// bindKiosk records site for kiosk unless one is recorded, and returns the recorded one.
	bindKiosk(ctx context.Context, kiosk, site string) (string, error)
	// activation returns the answer kept under key, expired or not.
	activation(ctx context.Context, key string) (activationRecord, bool, error)
	// keepActivation deletes the answers expired at now and keeps rec under key, unless an
	// answer that has not expired is kept there already: then it returns that one and
	// false, so two servers that raced on one key answer with one code. A new answer
	// spends one code of each budget; when one has none left, nothing is kept and the wait
	// until it has is returned.
	keepActivation(ctx context.Context, key string, rec activationRecord, now time.Time, budgets []codeBudget) (kept activationRecord, fresh bool, wait time.Duration, err error)
	// purge deletes at most batch events applied before before (oldest first, with their
	// keys) and at most batch days before day, each in a short transaction of its own.
	purge(ctx context.Context, before time.Time, day string, batch int) (events, days int, err error)
	// readAudit runs fn on a consistent view of the audit chains.
	readAudit(ctx context.Context, fn func(auditReader) error) error
	close() error
}

// eventTx is one push's transaction.
type eventTx interface {
	// applied returns the hash of the event applied under key, if one was.
	applied(key string) (hash []byte, ok bool, err error)
	// appendEvent logs an event under key. It reports false, changing nothing, when the key
	// was applied before (by this server or, at the same moment, another); the caller then
	// looks at what was applied.
	appendEvent(key, kiosk string, body, hash []byte, now time.Time) (bool, error)
	// auditHead returns the highest audit sequence held for kiosk and its hash (0 and the
	// zero hash when none), and keeps other transactions from changing kiosk's chain until
	// this one ends.
	auditHead(kiosk string) (uint64, string, error)
	// auditRecord returns the audit record held at seq, nil if none.
	auditRecord(kiosk string, seq uint64) ([]byte, error)
	putAuditRecord(kiosk string, seq uint64, body []byte) error
	setAuditHead(kiosk string, seq uint64, hash string) error
	putAuditBreak(kiosk string, seq uint64, b auditBreak) error
}

// auditReader reads the audit chains for AuditChains.
type auditReader interface {
	// auditKiosks returns, sorted, every kiosk that ever sent an audit record.
	auditKiosks() ([]string, error)
	auditBreaks(kiosk string) ([]AuditBreak, error)
	// auditRecords calls fn with kiosk's records in sequence order.
	auditRecords(kiosk string, fn func(seq uint64, body []byte) error) error
	auditHead(kiosk string) (uint64, string, error)
}

// codeBudget is one of the hourly limits an activation code is counted against.
type codeBudget struct {
	// kind and who, split by the unit separator (PostgreSQL text holds no zero byte):
	// "kiosk\x1fdoor-1", "staff\x1fodense\x1fS1042".
	name    string
	perHour int
}
