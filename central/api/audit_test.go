package api

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func goodAudit() *AuditEvent {
	return &AuditEvent{
		Sequence: 1, PrevHash: strings.Repeat("0", 64), Hash: strings.Repeat("ab", 32),
		Action: AuditCodeIssued, At: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), Staff: "S1042",
		Method: "visual-only", Verdict: "visual-only", Reason: "driving licence", Outcome: "ab****12",
	}
}

func TestAuditEventValidate(t *testing.T) {
	edit := func(f func(a *AuditEvent)) *AuditEvent { a := goodAudit(); f(a); return a }
	for _, tc := range []struct {
		a     *AuditEvent
		field string
	}{
		{edit(func(a *AuditEvent) { a.Sequence = 0 }), "sequence"},
		{edit(func(a *AuditEvent) { a.PrevHash = "00" }), "prevHash"},
		{edit(func(a *AuditEvent) { a.Hash = strings.Repeat("AB", 32) }), "hash"},
		{edit(func(a *AuditEvent) { a.DocumentTag = "123456789" }), "documentTag"},
		{edit(func(a *AuditEvent) { a.Action = "lunch" }), "action"},
		{edit(func(a *AuditEvent) { a.At = time.Time{} }), "at"},
		{edit(func(a *AuditEvent) { a.Staff = "" }), "staff"},
		{edit(func(a *AuditEvent) { a.Method = "smell" }), "method"},
		{edit(func(a *AuditEvent) { a.Verdict = "fine" }), "verdict"},
		{edit(func(a *AuditEvent) { a.Evidence = strings.Repeat("x", maxAuditText+1) }), "evidence"},
		{edit(func(a *AuditEvent) { a.Reason = "a\tb" }), "reason"},
	} {
		var fe *FieldError
		err := Event{Key: "k/1", Kind: KindAudit, At: tc.a.At.Add(time.Second), Audit: tc.a}.Validate()
		if !errors.As(err, &fe) || fe.Field != "audit."+tc.field {
			t.Errorf("%s: %v, want a field error on audit.%s", tc.field, err, tc.field)
		}
	}
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	if err := (Event{Key: "k/1", Kind: KindAudit, At: at, Audit: goodAudit()}).Validate(); err != nil {
		t.Fatalf("a good audit event: %v", err)
	}
	if err := (Event{Key: "k/1", Kind: KindAudit, At: at}).Validate(); err == nil {
		t.Error("an audit event without its record passed")
	}
	ticket := Ticket{Number: "A1", Day: "2026-11-25", Kind: "walk-in", Status: "issued", ServiceID: "pas"}
	if err := (Event{Key: "k/1", Kind: KindCalled, At: at, Ticket: ticket, Audit: goodAudit()}).Validate(); err == nil {
		t.Error("a ticket event carrying an audit record passed")
	}
	// The wire form of an audit event has no ticket at all, and reads back the same.
	b, _ := json.Marshal(Event{Key: "k/1", Kind: KindAudit, At: at, Audit: goodAudit()})
	if strings.Contains(string(b), `"ticket"`) {
		t.Errorf("audit event JSON has a ticket: %s", b)
	}
	var back Event
	if err := DecodeJSON(strings.NewReader(string(b)), &back); err != nil || back.Validate() != nil || *back.Audit != *goodAudit() {
		t.Fatalf("round trip: %v %+v", err, back.Audit)
	}
}

// FuzzAuditEvent: whatever JSON arrives as an event, validation never panics, and an event
// it accepts as an audit event has hashes that decode to 32 bytes.
func FuzzAuditEvent(f *testing.F) {
	b, _ := json.Marshal(Event{Key: "k/1", Kind: KindAudit, At: time.Now(), Audit: goodAudit()})
	f.Add(b)
	f.Add([]byte(`{"key":"k/1","kind":"audit","at":"2026-11-25T10:00:00Z","audit":{"sequence":18446744073709551615,"prevHash":"","hash":"zz"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var ev Event
		if err := json.Unmarshal(body, &ev); err != nil || ev.Validate() != nil || ev.Kind != KindAudit {
			return
		}
		if len(HashBytes(ev.Audit.Hash)) != 32 || len(HashBytes(ev.Audit.PrevHash)) != 32 {
			t.Fatal("accepted an audit event whose hashes do not decode")
		}
		if _, err := ev.Booking(); err == nil {
			t.Fatal("an audit event converted to a ticket event")
		}
	})
}
