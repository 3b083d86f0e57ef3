package api_test

import (
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

func ExampleParseKey() {
	id, seq, err := api.ParseKey("odense-1/42")
	fmt.Println(id, seq, err)
	_, _, err = api.ParseKey("odense-1/042")
	fmt.Println(err)
	// Output:
	// odense-1 42 <nil>
	// key's sequence is not a decimal number without leading zeros: api: invalid idempotency key
}

func ExampleAppointmentsPath() {
	fmt.Println(api.BasePath + api.AppointmentsPath("Odense C", "2026-11-25"))
	// Output: /v1/sites/Odense%20C/appointments?day=2026-11-25
}
