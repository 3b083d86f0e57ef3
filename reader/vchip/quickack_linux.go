package vchip

import (
	"net"

	"golang.org/x/sys/unix"
)

// setQuickAck asks Linux to acknowledge the next segments at once (tcp(7) TCP_QUICKACK).
// It is best effort: a failure only costs latency.
func setQuickAck(conn net.Conn) {
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		return
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return
	}
	_ = raw.Control(func(fd uintptr) {
		_ = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_QUICKACK, 1)
	})
}
