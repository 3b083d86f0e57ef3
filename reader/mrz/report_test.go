package mrz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNewReportJSON(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"valid TD3 specimen", specimenTD3, `{"format":"TD3","valid":true,"documentCode":"P","issuingState":"UTO",` +
			`"documentNumber":"L898902C3","birthDate":"740812","expiryDate":"120415","sex":"F",` +
			`"nationality":"UTO","surname":"ERIKSSON","givenNames":"ANNA MARIA","optional1":"ZE184226B",` +
			`"optional2":"","errors":[]}`},
		{"bad composite", replaceAt(specimenTD1, 1, 29, '5'), `{"format":"TD1","valid":false,"documentCode":"I",` +
			`"issuingState":"UTO","documentNumber":"D23145890","birthDate":"740812","expiryDate":"120415",` +
			`"sex":"F","nationality":"UTO","surname":"ERIKSSON","givenNames":"ANNA MARIA","optional1":"",` +
			`"optional2":"","errors":[{"field":"composite","message":"check digit is 5, expected 6"}]}`},
		{"not an MRZ", "hello", `{"format":"","valid":false,"documentCode":"","issuingState":"",` +
			`"documentNumber":"","birthDate":"","expiryDate":"","sex":"","nationality":"","surname":"",` +
			`"givenNames":"","optional1":"","optional2":"","errors":[{"field":"format",` +
			`"message":"mrz: not a machine readable zone: 1 lines, expected 2 or 3"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(NewReport(Parse(tt.text)))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("JSON =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestNewReportWrappedError(t *testing.T) {
	inv := &InvalidError{Errors: []FieldError{{Field: "sex", Message: "m"}}}
	r := NewReport(MRZ{Format: TD2}, fmt.Errorf("scan: %w", inv))
	if r.Valid || len(r.Errors) != 1 || r.Errors[0].Field != "sex" {
		t.Errorf("NewReport(wrapped InvalidError) = %+v", r)
	}
	r = NewReport(MRZ{}, errors.New("other"))
	if r.Valid || len(r.Errors) != 1 || r.Errors[0].Field != "format" {
		t.Errorf("NewReport(other error) = %+v", r)
	}
}

func TestReportWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := NewReport(Parse(replaceAt(specimenTD3, 1, 20, 'Q'))).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"format           TD3\n", "valid            no\n", "given names      ANNA MARIA\n",
		"error: sex: must be F, M, X or '<'\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, b.String())
		}
	}
}

// failWriter fails every write, to check that write errors are returned.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestReportWriteTextError(t *testing.T) {
	if err := NewReport(Parse(specimenTD3)).WriteText(failWriter{}); err == nil {
		t.Error("WriteText to a failing writer returned nil")
	}
}
