//go:build !linux

package vchip

import "net"

// setQuickAck is Linux-only; elsewhere delayed ACKs stay as the system has them.
func setQuickAck(net.Conn) {}
