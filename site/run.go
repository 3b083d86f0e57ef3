package site

import (
	"context"
	"log/slog"
	"net"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/storage"
)

// RunOptions configure Run.
type RunOptions struct {
	Serve ServeOptions
	Rules booking.Rules
	Log   *slog.Logger // nil discards
	// Ready, if set, is called with the listener's address once the desk accepts
	// connections (with port 0 in Serve.Addr, the port the system chose).
	Ready func(net.Addr)
	// OnChange, if set, is called after every command that changed something: the
	// central sync's Notify.
	OnChange func()
	// Central, if set, is where a desk whose database holds nothing of today (a new disk)
	// fetches the day's tickets before it serves; see Rebuild.
	Central TicketSource
}

// Run serves the desk over db until ctx ends. db must have been opened by the caller,
// which closes it after Run returns; every acknowledged command is on disk by then,
// because each answer waits for its bbolt commit, and bbolt syncs on commit.
func Run(ctx context.Context, db *storage.DB, o RunOptions) error {
	if o.Central != nil {
		if _, err := Rebuild(ctx, db, o.Central, nil, o.Log); err != nil {
			return err
		}
	}
	desk := NewDesk(db, nil, o.Rules)
	if o.OnChange != nil {
		desk.OnChange(o.OnChange)
	}
	l, err := Listen(o.Serve)
	if err != nil {
		return err
	}
	if o.Ready != nil {
		o.Ready(l.Addr())
	}
	return Serve(ctx, l, NewServer(desk, o.Log))
}
