package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgEventTx is a push's PostgreSQL transaction (READ COMMITTED: each statement sees what
// other replicas committed before it).
type pgEventTx struct {
	ctx context.Context
	tx  pgx.Tx
}

func (t pgEventTx) applied(key string) ([]byte, bool, error) {
	var hash []byte
	err := t.tx.QueryRow(t.ctx, `SELECT hash FROM events WHERE key = $1`, key).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	return hash, err == nil, err
}

func (t pgEventTx) appendEvent(key, kiosk string, body, hash []byte, now time.Time) (bool, error) {
	// Another replica inserting the key at the same moment makes this insert wait for its
	// commit and then insert nothing.
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO events (key, kiosk, hash, body, applied_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (key) DO NOTHING`, key, kiosk, hash, body, now)
	if err != nil {
		return false, fmt.Errorf("insert event: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

func (t pgEventTx) auditHead(kiosk string) (uint64, string, error) {
	// The row must exist to be locked; a kiosk's first push makes it at 0.
	_, err := t.tx.Exec(t.ctx, `INSERT INTO audit_heads (kiosk, seq, hash) VALUES ($1, 0, $2)
		ON CONFLICT (kiosk) DO NOTHING`, kiosk, zeroAuditHash)
	if err != nil {
		return 0, "", fmt.Errorf("audit head of %s: %w", kiosk, err)
	}
	var seq int64
	var hash string
	err = t.tx.QueryRow(t.ctx, `SELECT seq, hash FROM audit_heads WHERE kiosk = $1 FOR UPDATE`, kiosk).Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("audit head of %s: %w", kiosk, err)
	}
	return uint64(seq), hash, nil
}

func (t pgEventTx) auditRecord(kiosk string, seq uint64) ([]byte, error) {
	var body []byte
	err := t.tx.QueryRow(t.ctx, `SELECT body FROM audit_records WHERE kiosk = $1 AND seq = $2`, kiosk, int64(seq)).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return body, err
}

func (t pgEventTx) putAuditRecord(kiosk string, seq uint64, body []byte) error {
	_, err := t.tx.Exec(t.ctx, `INSERT INTO audit_records (kiosk, seq, body) VALUES ($1, $2, $3)`, kiosk, int64(seq), body)
	return err
}

func (t pgEventTx) setAuditHead(kiosk string, seq uint64, hash string) error {
	_, err := t.tx.Exec(t.ctx, `UPDATE audit_heads SET seq = $2, hash = $3 WHERE kiosk = $1`, kiosk, int64(seq), hash)
	return err
}

func (t pgEventTx) putAuditBreak(kiosk string, seq uint64, b auditBreak) error {
	_, err := t.tx.Exec(t.ctx, `INSERT INTO audit_breaks (kiosk, seq, problem, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (kiosk, seq) DO UPDATE SET problem = EXCLUDED.problem, at = EXCLUDED.at`, kiosk, int64(seq), b.Problem, b.At)
	return err
}

// pgAuditReader is readAudit's read-only view, one snapshot for all chains.
type pgAuditReader struct {
	ctx context.Context
	tx  pgx.Tx
}

func (t pgAuditReader) auditHead(kiosk string) (uint64, string, error) {
	var seq int64
	hash := zeroAuditHash
	err := t.tx.QueryRow(t.ctx, `SELECT seq, hash FROM audit_heads WHERE kiosk = $1`, kiosk).Scan(&seq, &hash)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, "", fmt.Errorf("audit head of %s: %w", kiosk, err)
	}
	return uint64(seq), hash, nil
}

func (t pgAuditReader) auditKiosks() ([]string, error) {
	rows, err := t.tx.Query(t.ctx, `SELECT kiosk FROM audit_heads WHERE seq > 0
		UNION SELECT kiosk FROM audit_breaks ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (t pgAuditReader) auditBreaks(kiosk string) ([]AuditBreak, error) {
	rows, err := t.tx.Query(t.ctx, `SELECT seq, problem, at FROM audit_breaks WHERE kiosk = $1 ORDER BY seq`, kiosk)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (AuditBreak, error) {
		var b AuditBreak
		var seq int64
		err := r.Scan(&seq, &b.Problem, &b.At)
		b.Seq = uint64(seq)
		return b, err
	})
}

func (t pgAuditReader) auditRecords(kiosk string, fn func(uint64, []byte) error) error {
	rows, err := t.tx.Query(t.ctx, `SELECT seq, body FROM audit_records WHERE kiosk = $1 ORDER BY seq`, kiosk)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var body []byte
		if err := rows.Scan(&seq, &body); err != nil {
			return err
		}
		if err := fn(uint64(seq), body); err != nil {
			return err
		}
	}
	return rows.Err()
}
