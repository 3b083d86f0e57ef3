package booking

import "testing"

func TestServiceTextsByLanguage(t *testing.T) {
	full := Service{NameDA: "Pas", NameEN: "Passport", Area: "Venteområde B", AreaEN: "Waiting area B",
		BringDA: "Gyldigt billed-ID", BringEN: "Valid photo ID"}
	danishOnly := Service{NameDA: "Pas", Area: "Venteområde B", BringDA: "Gyldigt billed-ID"}
	for _, tc := range []struct {
		name             string
		s                Service
		language         string
		wantName, wantAt string
		wantBring        string
	}{
		{"english", full, "en", "Passport", "Waiting area B", "Valid photo ID"},
		{"danish", full, "da", "Pas", "Venteområde B", "Gyldigt billed-ID"},
		{"unknown language is Danish", full, "de", "Pas", "Venteområde B", "Gyldigt billed-ID"},
		{"english falls back to Danish", danishOnly, "en", "Pas", "Venteområde B", "Gyldigt billed-ID"},
		{"nothing to say", Service{NameDA: "Flytning"}, "en", "Flytning", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Name(tc.language); got != tc.wantName {
				t.Errorf("Name = %q, want %q", got, tc.wantName)
			}
			if got := tc.s.WaitingArea(tc.language); got != tc.wantAt {
				t.Errorf("WaitingArea = %q, want %q", got, tc.wantAt)
			}
			if got := tc.s.ToBring(tc.language); got != tc.wantBring {
				t.Errorf("ToBring = %q, want %q", got, tc.wantBring)
			}
		})
	}
}
