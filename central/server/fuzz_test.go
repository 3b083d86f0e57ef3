package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// FuzzDecodePush: whatever a kiosk (or anyone on the network) posts to /events, decoding
// does not panic, and every event it lets through to apply is valid and the kiosk's own.
func FuzzDecodePush(f *testing.F) {
	good, _ := json.Marshal(api.PushRequest{KioskID: "k1", Events: []api.Event{event("k1", 1), event("k2", 2)}})
	f.Add(good)
	f.Add([]byte(`{"kioskId":"k1","events":[{"key":"k1/2","kind":"called","at":"yesterday","ticket":{}},17,null]}`))
	f.Add([]byte(`{"kioskId":"k1","events":null}`))
	f.Add([]byte(`{"kioskId":"","events":[]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"kioskId":"k1","events":[{"key":"k1/01","kind":"check-in","at":"2026-11-25T10:00:00Z","ticket":{"number":"A1","day":"2026-02-30","kind":"walk-in","status":"issued","serviceId":"x"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		kiosk, items, err := decodePush(body)
		if err != nil {
			return
		}
		if len(items) > api.MaxBatchEvents {
			t.Fatalf("%d items let through", len(items))
		}
		for i, it := range items {
			if it.result.Status == api.ResultRejected {
				if it.result.Reason == "" {
					t.Fatalf("item %d rejected without a reason", i)
				}
				continue
			}
			if err := it.event.Validate(); err != nil {
				t.Fatalf("item %d let through invalid: %v", i, err)
			}
			if id, _, _ := api.ParseKey(it.event.Key); id != kiosk {
				t.Fatalf("item %d of kiosk %q let through for %q", i, id, kiosk)
			}
			var back api.Event
			if err := json.Unmarshal(it.body, &back); err != nil || back.Key != it.event.Key {
				t.Fatalf("item %d body does not decode to the event: %v", i, err)
			}
		}
	})
}

// FuzzActivationRequest: whatever is posted to /activation-codes, a code goes only to a
// valid request whose evidence may receive one and whose face staff confirmed; anything
// else is a problem without a code.
func FuzzActivationRequest(f *testing.F) {
	good, _ := json.Marshal(activationRequest())
	f.Add(good)
	f.Add([]byte(`{"kioskId":"k1","staffId":"s","evidence":{"documentType":"P","issuingState":"DNK","protocol":"BAC","authenticity":"not-genuine","faceConfirmedByStaff":true}}`))
	f.Add([]byte(`{"kioskId":"k1","staffId":"s","evidence":{"documentType":"P","issuingState":"DNK","protocol":"BAC","authenticity":"unverified","reason":"no chip","faceConfirmedByStaff":true}}`))
	f.Add([]byte(`{"kioskId":"k1","staffId":"s","evidence":{"authenticity":"genuine, honestly"}}`))
	srv := benchServer(f, Options{CodesPerKioskHour: 1 << 30, CodesPerStaffHour: 1 << 30})
	h := srv.Handler()
	seq := 0
	f.Fuzz(func(t *testing.T, body []byte) {
		seq++
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, api.BasePath+api.PathActivationCodes, bytes.NewReader(body))
		req.Header.Set("Content-Type", api.ContentTypeJSON)
		req.Header.Set(api.HeaderIdempotencyKey, "k1/"+strconv.Itoa(seq))
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			if bytes.Contains(rec.Body.Bytes(), []byte(`"code"`)) {
				t.Fatalf("%d with a code: %s", rec.Code, rec.Body)
			}
			return
		}
		var got api.ActivationRequest
		if err := api.DecodeJSON(bytes.NewReader(body), &got); err != nil || got.Validate() != nil {
			t.Fatalf("a code for an invalid request %q: %v", body, err)
		}
		if !got.Evidence.FaceConfirmedByStaff || !api.MayReceiveCode(got.Evidence.Authenticity) {
			t.Fatalf("a code for evidence %+v", got.Evidence)
		}
	})
}

// FuzzDecodeApplied: an applied record read from a damaged or edited file is an error,
// never a panic, and a record that decodes encodes back to the same bytes.
func FuzzDecodeApplied(f *testing.F) {
	f.Add(appliedRecord{Seq: 1, Hash: make([]byte, 32), AppliedAt: testNow}.encode())
	f.Add([]byte(`{"seq":1,"hash":"","appliedAt":"2026-11-25T10:00:00Z"}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, v []byte) {
		rec, err := decodeApplied(v)
		if err != nil || len(v) == 0 || v[0] == '{' {
			return
		}
		if got := rec.encode(); !bytes.Equal(got, v) {
			t.Fatalf("%x decoded and encoded again is %x", v, got)
		}
	})
}
