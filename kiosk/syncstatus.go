package kiosk

import (
	"fmt"

	"fyne.io/fyne/v2/lang"

	"github.com/citizenkiosk/citizenkiosk/central"
)

// SyncStatusText is the discreet status corner's text for the sync engine's status:
// whether the central system answers, and how many events wait to be sent. Citizens are
// never shown the error itself; staff find it in the log.
func SyncStatusText(s central.Status) string {
	state := lang.L("status.online")
	if !s.Online {
		state = lang.L("status.offline")
	}
	if s.Pending == 0 {
		return state
	}
	return fmt.Sprintf("%s · %s", state, lang.L("status.pending", map[string]any{"Count": s.Pending}))
}
