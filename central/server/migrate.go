package server

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations are the PostgreSQL schema's steps, applied in order by goose and recorded in
// its goose_db_version table.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate brings the PostgreSQL database at url to the schema this program knows and
// reports the version it is at. A database newer than the program is refused with
// ErrSchemaTooNew and left as it is. Replicas that start together take turns: goose holds
// a PostgreSQL advisory lock while it migrates.
func Migrate(ctx context.Context, url string, log *slog.Logger) (int64, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return 0, fmt.Errorf("migrate %s: %w", redactURL(url), err)
	}
	defer pool.Close()
	return migrate(ctx, pool, log)
}

func migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) (int64, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	// Retry the lock every second for two minutes: a replica waits for another's migration
	// instead of failing, and seconds, not goose's default five, decide how long it waits.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 120))
	if err != nil {
		return 0, fmt.Errorf("migration lock: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool) // closing db leaves the pool open
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker))
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	src := p.ListSources()
	latest := src[len(src)-1].Version
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", unavailable(err))
	}
	if current > latest {
		return current, fmt.Errorf("database at schema %d, this program knows %d: %w", current, latest, ErrSchemaTooNew)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return current, fmt.Errorf("migrate from schema %d: %w", current, err)
	}
	for _, r := range results {
		log.Info("schema migrated", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return latest, nil
}
