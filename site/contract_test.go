package site

import (
	"os"
	"strings"
	"testing"
)

// TestRoutesMatchContract holds the server's routes to api/site.yaml: each route is a path
// with its method there, and each path there is served.
func TestRoutesMatchContract(t *testing.T) {
	raw, err := os.ReadFile("../api/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec := map[string]bool{} // "METHOD /path" as the contract writes it
	var path string
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":"):
			path = strings.TrimSuffix(strings.TrimSpace(line), ":")
		case path != "" && (line == "    get:" || line == "    post:"):
			spec[strings.ToUpper(strings.TrimSpace(strings.TrimSuffix(line, ":")))+" "+path] = true
		case !strings.HasPrefix(line, " "):
			path = ""
		}
	}
	served := map[string]bool{}
	for _, p := range NewServer(nil, nil).patterns {
		served[p] = true
		if !spec[p] {
			t.Errorf("route %s is not in api/site.yaml", p)
		}
	}
	for p := range spec {
		if !served[p] {
			t.Errorf("api/site.yaml has %s, which the desk does not serve", p)
		}
	}
	if len(spec) < 10 {
		t.Fatalf("read only %d operations from api/site.yaml: the parser lost its way", len(spec))
	}
}
