package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/citizenkiosk/citizenkiosk/internal/seal"
)

// pgStore keeps the server's state in PostgreSQL, which any number of server processes
// share. What bbolt gets from having one writer, this store gets from the database: the
// idempotency key is unique, a push is one transaction, and an audit chain's head row is
// locked while a record is linked to it.
type pgStore struct {
	pool *pgxpool.Pool
}

// pgOpenTimeout bounds connecting, migrating and checking the key at start.
const pgOpenTimeout = 2 * time.Minute

// openPostgres connects, migrates the schema and loads the sealing key. Every replica must
// be given a copy of the same key file: the first to start records the key's check, and a
// replica with another key is refused (ErrKeyMismatch).
func openPostgres(url string, opts Options) (_ *pgStore, _ *seal.Sealer, err error) {
	if opts.KeyFile == "" {
		return nil, nil, errors.New("a PostgreSQL database needs a key file (Options.KeyFile, --key-file) shared by its replicas")
	}
	ctx, cancel := context.WithTimeout(context.Background(), pgOpenTimeout)
	defer cancel()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			pool.Close()
		}
	}()
	if _, err := migrate(ctx, pool, opts.Logger); err != nil {
		return nil, nil, err
	}
	st := &pgStore{pool: pool}
	check, err := st.keyCheck(ctx)
	if err != nil {
		return nil, nil, err
	}
	s, err := loadSealer(opts.KeyFile, check)
	if err != nil {
		return nil, nil, err
	}
	if check == nil {
		// Two replicas starting on an empty database race here; the first check stays.
		_, err = pool.Exec(ctx, `INSERT INTO meta (name, value) VALUES ('key-check', $1) ON CONFLICT (name) DO NOTHING`, s.Check())
		if err != nil {
			return nil, nil, fmt.Errorf("record key check: %w", err)
		}
		if check, err = st.keyCheck(ctx); err != nil {
			return nil, nil, err
		}
		if subtle.ConstantTimeCompare(check, s.Check()) != 1 {
			return nil, nil, fmt.Errorf("sealing key %s: %w", opts.KeyFile, ErrKeyMismatch)
		}
	}
	return st, s, nil
}

func (p *pgStore) keyCheck(ctx context.Context) ([]byte, error) {
	var check []byte
	err := p.pool.QueryRow(ctx, `SELECT value FROM meta WHERE name = 'key-check'`).Scan(&check)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read key check: %w", unavailable(err))
	}
	return check, nil
}

func (p *pgStore) close() error {
	p.pool.Close()
	return nil
}

// unavailable marks an error of the database's availability (a connection refused or
// lost, a server shutting down or starting, a conflict between transactions) with
// ErrUnavailable, so that the client is told to come back (503 with Retry-After) instead
// of being given a 500. Errors of the statements themselves stay as they are.
func unavailable(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code[:2] {
		case "08", "40", "53", "57", "58":
			return fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return err
	}
	if errors.Is(err, context.Canceled) {
		return err // the client went away; nobody reads the answer
	}
	// Not an answer from the server: the network, a pool closing, a timeout.
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// inTx runs fn in a transaction with opts and commits. A serialization failure or a
// deadlock (two replicas locking one kiosk's rows in different orders) runs fn again, a
// few times, before the error is returned.
func (p *pgStore) inTx(ctx context.Context, opts pgx.TxOptions, fn func(pgx.Tx) error) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		err = pgx.BeginTxFunc(ctx, p.pool, opts, fn)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (pe.Code != "40001" && pe.Code != "40P01") {
			break
		}
	}
	return unavailable(err)
}

func (p *pgStore) putCatalog(ctx context.Context, site, day string, services, sealedDay []byte) error {
	return p.inTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO services (site, body) VALUES ($1, $2)
			ON CONFLICT (site) DO UPDATE SET body = EXCLUDED.body`, site, services)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO days (site, day, body) VALUES ($1, $2, $3)
			ON CONFLICT (site, day) DO UPDATE SET body = EXCLUDED.body`, site, day, sealedDay)
		return err
	})
}

func (p *pgStore) services(ctx context.Context, site string) ([]byte, error) {
	var body []byte
	err := p.pool.QueryRow(ctx, `SELECT body FROM services WHERE site = $1`, site).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return body, unavailable(err)
}

func (p *pgStore) day(ctx context.Context, site, day string) (sealed []byte, known bool, err error) {
	// One statement, one snapshot: the site and its day as seeded together.
	err = p.pool.QueryRow(ctx, `SELECT d.body FROM services s
		LEFT JOIN days d ON d.site = s.site AND d.day = $2 WHERE s.site = $1`, site, day).Scan(&sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return sealed, err == nil, unavailable(err)
}

func (p *pgStore) applyEvents(ctx context.Context, fn func(eventTx) error) error {
	return p.inTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error { return fn(pgEventTx{ctx, tx}) })
}

func (p *pgStore) events(ctx context.Context, fn func(body []byte) error) error {
	return p.eventBodies(ctx, fn, `SELECT body FROM events ORDER BY seq`)
}

// dayEvents reads the events of day through the index on their ticket's day (migration
// 00003).
func (p *pgStore) dayEvents(ctx context.Context, day string, fn func(body []byte) error) error {
	return p.eventBodies(ctx, fn, `SELECT body FROM events WHERE ticket_day = $1 ORDER BY seq`, day)
}

// eventBodies hands fn the body of each event query selects, in its order.
func (p *pgStore) eventBodies(ctx context.Context, fn func(body []byte) error, query string, args ...any) error {
	rows, err := p.pool.Query(ctx, query, args...)
	if err != nil {
		return unavailable(err)
	}
	defer rows.Close()
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return err
		}
		if err := fn(body); err != nil {
			return err
		}
	}
	return unavailable(rows.Err())
}

func (p *pgStore) kioskSites(ctx context.Context) (map[string]string, error) {
	rows, err := p.pool.Query(ctx, `SELECT kiosk, site FROM kiosks`)
	if err != nil {
		return nil, unavailable(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var kiosk, site string
		if err := rows.Scan(&kiosk, &site); err != nil {
			return nil, err
		}
		out[kiosk] = site
	}
	return out, unavailable(rows.Err())
}

func (p *pgStore) bindKiosk(ctx context.Context, kiosk, site string) (string, error) {
	// A concurrent insert of the same kiosk makes this one wait and then do nothing; the
	// select that follows sees the row that won.
	_, err := p.pool.Exec(ctx, `INSERT INTO kiosks (kiosk, site) VALUES ($1, $2) ON CONFLICT (kiosk) DO NOTHING`, kiosk, site)
	if err != nil {
		return "", unavailable(err)
	}
	var known string
	err = p.pool.QueryRow(ctx, `SELECT site FROM kiosks WHERE kiosk = $1`, kiosk).Scan(&known)
	return known, unavailable(err)
}

func (p *pgStore) activation(ctx context.Context, key string) (rec activationRecord, ok bool, err error) {
	err = p.pool.QueryRow(ctx, `SELECT request, expires_at, answer FROM activations WHERE key = $1`, key).
		Scan(&rec.Request, &rec.ExpiresAt, &rec.Answer)
	if errors.Is(err, pgx.ErrNoRows) {
		return rec, false, nil
	}
	return rec, err == nil, unavailable(err)
}

func (p *pgStore) keepActivation(ctx context.Context, key string, rec activationRecord, now time.Time, budgets []codeBudget) (kept activationRecord, fresh bool, wait time.Duration, err error) {
	err = p.inTx(ctx, pgx.TxOptions{}, func(tx pgx.Tx) error {
		kept, fresh, wait = activationRecord{}, false, 0
		if _, err := tx.Exec(ctx, `DELETE FROM activations WHERE expires_at <= $1`, now); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `SELECT request, expires_at, answer FROM activations WHERE key = $1 AND expires_at > $2`, key, now).
			Scan(&kept.Request, &kept.ExpiresAt, &kept.Answer)
		if err == nil {
			return nil // kept by another replica: its answer, no budget spent
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		levels, err := lockBudgets(ctx, tx, budgets, now)
		if err != nil {
			return err
		}
		for i, bg := range budgets {
			if levels[i] < 1 {
				wait = max(wait, time.Duration((1-levels[i])/float64(bg.perHour)*float64(time.Hour)))
			}
		}
		if wait > 0 {
			return nil
		}
		// An expired answer left under key is replaced; one that another replica committed
		// while this one waited for the budgets' locks wins, and its code is the answer.
		tag, err := tx.Exec(ctx, `INSERT INTO activations (key, request, expires_at, answer) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET request = EXCLUDED.request, expires_at = EXCLUDED.expires_at, answer = EXCLUDED.answer
			WHERE activations.expires_at <= $5`, key, rec.Request, rec.ExpiresAt, rec.Answer, now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return tx.QueryRow(ctx, `SELECT request, expires_at, answer FROM activations WHERE key = $1`, key).
				Scan(&kept.Request, &kept.ExpiresAt, &kept.Answer)
		}
		for i, bg := range budgets {
			if _, err := tx.Exec(ctx, `UPDATE code_limits SET tokens = $2, last = $3 WHERE name = $1`, bg.name, levels[i]-1, now); err != nil {
				return err
			}
		}
		kept, fresh = rec, true
		return nil
	})
	return kept, fresh, wait, err
}

// lockBudgets locks the budgets' rows until the transaction ends, making full ones for
// names not seen before, and returns each budget's tokens at now: the same token bucket
// as hourlyLimit, perHour at most, refilled at perHour an hour. The caller passes the
// budgets in one order (kiosk, then staff), so two replicas never lock them crosswise.
func lockBudgets(ctx context.Context, tx pgx.Tx, budgets []codeBudget, now time.Time) ([]float64, error) {
	levels := make([]float64, len(budgets))
	for i, bg := range budgets {
		_, err := tx.Exec(ctx, `INSERT INTO code_limits (name, tokens, last) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
			bg.name, float64(bg.perHour), now)
		if err != nil {
			return nil, err
		}
		var tokens float64
		var last time.Time
		err = tx.QueryRow(ctx, `SELECT tokens, last FROM code_limits WHERE name = $1 FOR UPDATE`, bg.name).Scan(&tokens, &last)
		if err != nil {
			return nil, err
		}
		per := float64(bg.perHour)
		levels[i] = math.Min(per, tokens+max(now.Sub(last), 0).Hours()*per)
	}
	return levels, nil
}

func (p *pgStore) readAudit(ctx context.Context, fn func(auditReader) error) error {
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	return p.inTx(ctx, opts, func(tx pgx.Tx) error { return fn(pgAuditReader{ctx, tx}) })
}

func (p *pgStore) purge(ctx context.Context, before time.Time, day string, batch int) (events, days int, err error) {
	// The oldest rows by the primary key, a batch at a time: the delete locks those rows
	// only, so pushes go on inserting while it runs.
	tag, err := p.pool.Exec(ctx, `DELETE FROM events WHERE seq IN
		(SELECT seq FROM events WHERE applied_at < $1 ORDER BY seq LIMIT $2)`, before, batch)
	if err != nil {
		return 0, 0, unavailable(err)
	}
	events = int(tag.RowsAffected())
	// Budgets untouched for the whole retention period have long refilled: forgetting
	// them changes no answer.
	if _, err := p.pool.Exec(ctx, `DELETE FROM code_limits WHERE last < $1`, before); err != nil {
		return events, 0, unavailable(err)
	}
	tag, err = p.pool.Exec(ctx, `DELETE FROM days WHERE (site, day) IN
		(SELECT site, day FROM days WHERE day < $1 LIMIT $2)`, day, batch)
	if err != nil {
		return events, 0, unavailable(err)
	}
	return events, int(tag.RowsAffected()), nil
}
