package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/citizenkiosk/citizenkiosk/central/server"
)

// migrateCommand is "centrald migrate --db URL": it brings a PostgreSQL database to the
// schema this binary knows, as a deployment step before replicas of a new version start
// (they would also migrate at start, one at a time). A database newer than the binary is
// refused and left as it is. Exit status 0 when the schema is current, 1 on a failure, 2
// on bad usage.
func migrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer, logger *slog.Logger) int {
	fs := flag.NewFlagSet("centrald migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "PostgreSQL URL, postgres://...")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !isPostgres(*db) || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: centrald migrate --db postgres://... (a bbolt file is migrated when centrald opens it)")
		return 2
	}
	v, err := server.Migrate(ctx, *db, logger)
	if err != nil {
		fmt.Fprintf(stderr, "centrald: migrate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "schema at version %d\n", v)
	return 0
}
