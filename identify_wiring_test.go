package main

import (
	"context"
	"testing"
	"time"

	"github.com/citizenkiosk/citizenkiosk/reader"
	"github.com/citizenkiosk/citizenkiosk/reader/auth"
)

// TestDemoChip: the demo passport opens with the hints' MRZ fields and with the CAN, reads
// as genuine, and as not genuine when forged.
func TestDemoChip(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		forged bool
		key    reader.AccessKey
		want   auth.Overall
	}{
		{false, reader.AccessKey{DocumentNumber: demoDocNumber, BirthDate: demoBirth, ExpiryDate: demoExpiry(now)}, auth.Genuine},
		{false, reader.AccessKey{CAN: demoCAN}, auth.Genuine},
		{true, reader.AccessKey{CAN: demoCAN}, auth.NotGenuine},
	} {
		rd, err := demoChip(tc.forged, now)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // a second read of the same chip works as well
			doc, err := rd.ReadIdentity(context.Background(), tc.key, nil)
			if err != nil {
				t.Fatalf("forged %v: %v", tc.forged, err)
			}
			if doc.Authenticity == nil || doc.Authenticity.Overall != tc.want || doc.PhotoImage == nil {
				t.Fatalf("forged %v: verdict %+v", tc.forged, doc.Authenticity)
			}
		}
	}
}
