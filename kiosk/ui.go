package kiosk

import "fyne.io/fyne/v2"

// onUI hands the result of background work to the UI goroutine: fyne.Do. Fyne's test
// driver runs the function on the calling goroutine instead, so tests of screens fed by a
// live desk (offline_test.go) replace it with one that also holds their lock.
var onUI = fyne.Do
