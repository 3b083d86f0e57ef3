package printer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
)

// ippPrinter sends slips to a CUPS raw queue with an IPP Print-Job.
type ippPrinter struct {
	endpoint   string // the http(s) URL the request is POSTed to
	printerURI string // the ipp(s) URI named in the request
	client     *http.Client
}

var ippRequestID atomic.Uint32

// NewIPP returns a Printer for a CUPS queue set up as raw (lpadmin -m raw),
// so that the ESC/POS bytes reach the printer unchanged; e.g.
// "ipp://localhost:631/printers/TMT20". ipp:// is sent as http:// (port 631
// when none is given) and ipps:// as https://; http(s) URLs are taken as
// they are. Timeouts come from the ctx given to Print.
func NewIPP(rawURL string) Printer {
	p := ippPrinter{endpoint: rawURL, printerURI: rawURL, client: http.DefaultClient}
	u, err := url.Parse(rawURL)
	if err != nil {
		return p // Print reports the bad URL
	}
	ep, uri := *u, *u
	switch u.Scheme {
	case "ipp", "ipps":
		ep.Scheme = map[string]string{"ipp": "http", "ipps": "https"}[u.Scheme]
		if u.Port() == "" {
			ep.Host = u.Hostname() + ":631"
		}
	case "http", "https":
		uri.Scheme = map[string]string{"http": "ipp", "https": "ipps"}[u.Scheme]
	}
	p.endpoint, p.printerURI = ep.String(), uri.String()
	return p
}

// Print sends one Print-Job (RFC 8011 §4.2.1) with the operation
// attributes CUPS requires, in the order RFC 8011 §4.1.4 demands
// (attributes-charset first, attributes-natural-language second), and the
// ESC/POS bytes as an application/octet-stream document.
func (p ippPrinter) Print(ctx context.Context, s Slip) error {
	data, err := s.ESCPOS()
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.printerURI, err)
	}
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	op := func(tag byte, name, value string) ippAttr {
		return ippAttr{group: ippOperationAttrs, tag: tag, name: name, value: []byte(value)}
	}
	req := ippMessage{
		version:   [2]byte{1, 1},
		code:      ippPrintJob,
		requestID: ippRequestID.Add(1),
		attrs: []ippAttr{
			op(ippTagCharset, "attributes-charset", "utf-8"),
			op(ippTagLanguage, "attributes-natural-language", "en"),
			op(ippTagURI, "printer-uri", p.printerURI),
			op(ippTagName, "requesting-user-name", "citizenkiosk"),
			op(ippTagName, "job-name", "slip"),
			op(ippTagMimeType, "document-format", "application/octet-stream"),
		},
		data: data,
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, p.endpoint, bytes.NewReader(req.encode()))
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.printerURI, err)
	}
	hreq.Header.Set("Content-Type", "application/ipp")
	resp, err := p.client.Do(hreq)
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.printerURI, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, ippMaxResponse))
	if err != nil {
		return fmt.Errorf("print to %s: read response: %w", p.printerURI, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("print to %s: %w", p.printerURI,
			&IPPError{HTTPStatus: resp.StatusCode, Message: http.StatusText(resp.StatusCode)})
	}
	m, err := parseIPP(body)
	if err != nil {
		return fmt.Errorf("print to %s: %w", p.printerURI, err)
	}
	if m.code >= ippStatusErrors {
		msg := "(no status-message)"
		if a, ok := m.attr(ippStatusMessage); ok {
			msg = string(a.value)
		}
		return fmt.Errorf("print to %s: %w", p.printerURI,
			&IPPError{HTTPStatus: resp.StatusCode, Status: m.code, Message: msg})
	}
	return nil
}
