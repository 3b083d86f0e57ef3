package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// routedAs sends GET path (relative to BasePath) through a ServeMux that serves pattern and
// returns the path value name it got; ok is false if the request did not reach the handler
// (a redirect from path cleaning, or a 404).
func routedAs(t testing.TB, pattern, name, path string) (got string, ok bool) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+BasePath+pattern, func(w http.ResponseWriter, r *http.Request) {
		got, ok = r.PathValue(name), true
	})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://central.test"+BasePath+path, nil))
	if !ok {
		return "", false
	}
	return got, rec.Code == http.StatusOK
}

// An id the rule accepts must reach the server as itself: ".." once passed the rule and
// came back from the heartbeat as a 307 at every sync.
func TestValidIDsRoute(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want bool
	}{
		{"odense-door-1", true},
		{"k.1_A", true},
		{"...", true},
		{".hidden", true},
		{".", false},
		{"..", false},
		{"", false},
		{"a/b", false},
		{"a b", false},
		{"æ", false},
		{string(make([]byte, MaxKioskIDLen+1)), false},
	} {
		if got := ValidKioskID(tt.id); got != tt.want {
			t.Errorf("ValidKioskID(%q) = %v, want %v", tt.id, got, tt.want)
		}
		if got := ValidSite(tt.id); got != tt.want {
			t.Errorf("ValidSite(%q) = %v, want %v", tt.id, got, tt.want)
		}
		if tt.want {
			checkRoutes(t, tt.id)
		}
	}
}

func checkRoutes(t testing.TB, id string) {
	t.Helper()
	if got, ok := routedAs(t, PathHeartbeat, "kioskId", HeartbeatPath(id)); !ok || got != id {
		t.Errorf("kiosk id %q reached the heartbeat as %q (routed %v)", id, got, ok)
	}
	if got, ok := routedAs(t, PathServices, "site", ServicesPath(id)); !ok || got != id {
		t.Errorf("site %q reached the services as %q (routed %v)", id, got, ok)
	}
}

// FuzzValidKioskID: whatever the rule accepts, a server's router receives unchanged.
func FuzzValidKioskID(f *testing.F) {
	for _, s := range []string{"kiosk-1", ".", "..", "...", "a.b", "-", "_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if ValidKioskID(id) {
			checkRoutes(t, id)
		}
	})
}
