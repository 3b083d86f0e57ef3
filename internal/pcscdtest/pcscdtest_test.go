package pcscdtest

import (
	"net"
	"strings"
	"testing"
)

func TestMissingPCSCD(t *testing.T) {
	for _, tt := range []struct {
		env  string
		fail bool
	}{{"", false}, {"0", false}, {"1", true}} {
		fail, msg := missing(tt.env)
		if fail != tt.fail || !strings.Contains(msg, "scripts/deps.sh") {
			t.Errorf("%s=%q: fail=%v msg=%q, want fail=%v and a pointer to scripts/deps.sh", RequireEnv, tt.env, fail, msg, tt.fail)
		}
	}
}

func TestAccepting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if !accepting(addr) {
		t.Errorf("accepting(%s) = false with a listener", addr)
	}
	ln.Close()
	if accepting(addr) {
		t.Errorf("accepting(%s) = true after the listener closed", addr)
	}
}
