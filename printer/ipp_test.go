package printer

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// ippServer answers like CUPS: it parses the request, checks it is a
// Print-Job for the queue with the attributes CUPS requires in order, keeps
// the document, and answers with status.
func ippServer(t *testing.T, status uint16, docs chan<- []byte) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Path != "/printers/TMT20" || r.Header.Get("Content-Type") != "application/ipp" {
			t.Errorf("request %s %s (%s)", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		}
		m, err := parseIPP(body)
		if err != nil {
			t.Errorf("request does not parse: %v", err)
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		if m.version != [2]byte{1, 1} || m.code != 0x0002 || m.requestID == 0 {
			t.Errorf("version %v, operation 0x%04x, request-id %d", m.version, m.code, m.requestID)
		}
		want := []struct {
			tag         byte
			name, value string
		}{
			{0x47, "attributes-charset", "utf-8"},
			{0x48, "attributes-natural-language", "en"},
			{0x45, "printer-uri", "ipp://" + r.Host + "/printers/TMT20"},
			{0x42, "requesting-user-name", "citizenkiosk"},
			{0x42, "job-name", "slip"},
			{0x49, "document-format", "application/octet-stream"},
		}
		if len(m.attrs) != len(want) {
			t.Errorf("%d attributes, want %d", len(m.attrs), len(want))
		}
		for i := 0; i < min(len(m.attrs), len(want)); i++ {
			a := m.attrs[i]
			if a.group != 0x01 || a.tag != want[i].tag || a.name != want[i].name || string(a.value) != want[i].value {
				t.Errorf("attribute %d = %x %x %s=%q, want %+v", i, a.group, a.tag, a.name, a.value, want[i])
			}
		}
		docs <- m.data
		resp := ippMessage{version: [2]byte{1, 1}, code: status, requestID: m.requestID, attrs: []ippAttr{
			{group: 0x01, tag: ippTagCharset, name: "attributes-charset", value: []byte("utf-8")},
			{group: 0x01, tag: ippTagLanguage, name: "attributes-natural-language", value: []byte("en")},
			{group: 0x01, tag: 0x41, name: "status-message", value: []byte("printer stopped")},
			{group: 0x02, tag: 0x21, name: "job-id", value: []byte{0, 0, 0, 7}},
		}}
		w.Header().Set("Content-Type", "application/ipp")
		_, _ = w.Write(resp.encode())
	}))
}

func TestIPPPrintJob(t *testing.T) {
	docs := make(chan []byte, 1)
	srv := ippServer(t, 0x0000, docs)
	defer srv.Close()
	url := strings.Replace(srv.URL, "http://", "ipp://", 1) + "/printers/TMT20"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := NewIPP(url).Print(ctx, Slip{Lines: []Line{{Text: "Ærø"}}}); err != nil {
		t.Fatal(err)
	}
	lines, err := Decode(<-docs)
	if err != nil || len(lines) != 1 || lines[0].Text != "Ærø" {
		t.Fatalf("document decodes to %+v, %v", lines, err)
	}
	// An http:// URL works too and names the queue as ipp://.
	if err := NewIPP(srv.URL+"/printers/TMT20").Print(ctx, Slip{}); err != nil {
		t.Fatal(err)
	}
	<-docs
}

func TestIPPErrors(t *testing.T) {
	docs := make(chan []byte, 1)
	srv := ippServer(t, 0x0507, docs) // server-error-not-accepting-jobs
	defer srv.Close()
	err := NewIPP(srv.URL+"/printers/TMT20").Print(context.Background(), Slip{})
	var ie *IPPError
	if !errors.As(err, &ie) || ie.Status != 0x0507 || ie.HTTPStatus != 200 || ie.Message != "printer stopped" {
		t.Fatalf("err = %v, want IPPError 0x0507", err)
	}

	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	err = NewIPP(notFound.URL+"/printers/NONE").Print(context.Background(), Slip{})
	if !errors.As(err, &ie) || ie.HTTPStatus != 404 {
		t.Fatalf("err = %v, want IPPError with HTTP 404", err)
	}

	garbage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("<html>"))
	}))
	defer garbage.Close()
	err = NewIPP(garbage.URL+"/p").Print(context.Background(), Slip{})
	if !errors.Is(err, ErrBadIPPResponse) {
		t.Fatalf("err = %v, want ErrBadIPPResponse", err)
	}

	// The server reads the job and never answers; the handler is released
	// when the test ends so that Close does not wait for it.
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer hang.Close()
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = NewIPP(hang.URL+"/p").Print(ctx, Slip{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestNewIPPURLs(t *testing.T) {
	for _, tc := range []struct{ in, endpoint, uri string }{
		{"ipp://cups/printers/TMT20", "http://cups:631/printers/TMT20", "ipp://cups/printers/TMT20"},
		{"ipps://cups:8631/printers/X", "https://cups:8631/printers/X", "ipps://cups:8631/printers/X"},
		{"http://localhost:631/printers/X", "http://localhost:631/printers/X", "ipp://localhost:631/printers/X"},
	} {
		p := NewIPP(tc.in).(ippPrinter)
		if p.endpoint != tc.endpoint || p.printerURI != tc.uri {
			t.Errorf("NewIPP(%q): endpoint %q, uri %q", tc.in, p.endpoint, p.printerURI)
		}
	}
}

func FuzzParseIPP(f *testing.F) {
	f.Add(ippMessage{version: [2]byte{1, 1}, code: 0x0400, requestID: 1, attrs: []ippAttr{
		{group: 1, tag: ippTagCharset, name: "attributes-charset", value: []byte("utf-8")},
		{group: 1, tag: 0x41, name: "status-message", value: []byte("bad")},
	}}.encode())
	f.Add([]byte{1, 1, 0, 0, 0, 0, 0, 1, 3})
	f.Add([]byte{1, 1, 0, 0, 0, 0, 0, 1, 1, 0x47, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseIPP(b)
		if err != nil {
			if !errors.Is(err, ErrBadIPPResponse) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		// A message that parses re-encodes to the same bytes, unless it
		// repeated or omitted group delimiters.
		again, err := parseIPP(m.encode())
		if err != nil || len(again.attrs) != len(m.attrs) || string(again.data) != string(m.data) {
			t.Fatalf("re-encoded message differs: %v", err)
		}
	})
}
