package command

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestCmdMRZ(t *testing.T) {
	const specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n"
	damaged := strings.Replace(specimen, "C36UTO", "C37UTO", 1)
	tests := []struct {
		name         string
		args         []string
		stdin        string
		code         int
		out, errText string // substrings
	}{
		{"valid, text", nil, specimen, 0, "given names      ANNA MARIA\n", ""},
		{"valid, JSON", []string{"--json"}, specimen, 0, `"valid":true`, ""},
		{"invalid, text", nil, damaged, 1, "error: documentNumber: check digit is 7, expected 6", ""},
		{"invalid, JSON", []string{"-json"}, damaged, 1, `"errors":[{"field":"documentNumber"`, ""},
		{"not an MRZ, text", nil, "hello\n", 2, "", "not a machine readable zone"},
		{"not an MRZ, JSON", []string{"--json"}, "hello\n", 2, `"field":"format"`, ""},
		{"too much input", []string{"--json"}, strings.Repeat("<", 70000), 2, `more than 65536 bytes`, ""},
		{"unknown flag", []string{"--yaml"}, specimen, 2, "", "usage: citizenkiosk mrz"},
		{"stray argument", []string{"P<UTO"}, specimen, 2, "", "unexpected argument"},
		{"help", []string{"-h"}, "", 0, "", "usage: citizenkiosk mrz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cmdMRZ(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, &stdout, &stderr)
			}
			if !strings.Contains(stdout.String(), tt.out) || !strings.Contains(stderr.String(), tt.errText) {
				t.Errorf("stdout %q, stderr %q; want %q, %q", &stdout, &stderr, tt.out, tt.errText)
			}
			if len(tt.args) > 0 && strings.Contains(tt.args[0], "json") {
				var m map[string]any
				if err := json.Unmarshal(stdout.Bytes(), &m); err != nil {
					t.Errorf("stdout is not JSON: %v", err)
				}
			}
		})
	}
}
