package kiosk

import (
	"fmt"

	"fyne.io/fyne/v2/lang"
)

// SyncState is how the centre's sync with the central system stands: whether central
// answers, and how many events wait to be sent. The kiosk declares it, so that the screens
// need not know the sync engine; the wiring fills it from the desk's syncer.
type SyncState struct {
	Online  bool
	Pending int
}

// SyncSource tells the screens the sync state. It is polled every few seconds off the UI
// goroutine, so it must answer at once and be safe for concurrent use.
type SyncSource interface {
	SyncState() SyncState
}

// SyncStatusText is the discreet status corner's text for the sync state. Citizens are
// never shown the error itself; staff find it in the log.
func SyncStatusText(s SyncState) string {
	state := lang.L("status.online")
	if !s.Online {
		state = lang.L("status.offline")
	}
	if s.Pending == 0 {
		return state
	}
	return fmt.Sprintf("%s · %s", state, lang.L("status.pending", map[string]any{"Count": s.Pending}))
}
