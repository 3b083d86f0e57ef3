package vchip

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
)

// Control messages of the vpcd protocol (vsmartcard, virtualsmartcard/src/vpcd/vpcd.h):
// a 1-byte payload from the driver is one of these, anything longer is a command APDU.
const (
	vpcdPowerOff = 0x00
	vpcdPowerOn  = 0x01
	vpcdReset    = 0x02
	vpcdGetATR   = 0x04
)

// ServeVPCD connects to the vpcd driver of pcscd at addr (for example 127.0.0.1:35963,
// the first slot) and serves as the card in that reader until ctx ends, the driver
// closes the connection, or the card is pulled away (Config.DropAfterBytes). Each
// connection is a fresh insertion: a new session, and the byte count starts again.
//
// It returns ctx's error when ctx ended, ErrCardRemoved when the card left the field,
// and otherwise the error that ended the connection.
//
// Every message in both directions is a 2-byte big-endian length and the payload.
// A chip serves one connection at a time; Transmit may be used meanwhile.
func (c *Chip) ServeVPCD(ctx context.Context, addr string) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("vchip: connect to vpcd at %s: %w", addr, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	c.insert()
	err = c.serve(conn)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// serve answers the driver's messages on conn until it fails or the card is removed.
func (c *Chip) serve(conn net.Conn) error {
	r := &quickAckReader{conn: conn}
	var hdr [2]byte
	buf := make([]byte, 0, 1<<16)
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("vchip: vpcd closed the connection: %w", err)
			}
			return fmt.Errorf("vchip: read from vpcd: %w", err)
		}
		buf = buf[:binary.BigEndian.Uint16(hdr[:])]
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("vchip: read %d-byte message from vpcd: %w", len(buf), err)
		}
		reply, err := c.answerVPCD(buf)
		if err != nil {
			return err
		}
		if reply == nil {
			continue
		}
		if len(reply) > 0xFFFF {
			return fmt.Errorf("vchip: response of %d bytes does not fit a vpcd frame", len(reply))
		}
		// Length and payload in one write: one TCP segment, no Nagle wait on our side.
		out := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(reply)), uint16(len(reply)))
		if _, err := conn.Write(append(out, reply...)); err != nil {
			return fmt.Errorf("vchip: write to vpcd: %w", err)
		}
	}
}

// answerVPCD handles one message from the driver; a nil reply means none is sent.
func (c *Chip) answerVPCD(msg []byte) ([]byte, error) {
	if len(msg) != 1 {
		if len(msg) == 0 {
			return nil, nil
		}
		return c.Transmit(context.Background(), msg)
	}
	switch msg[0] {
	case vpcdPowerOff, vpcdPowerOn, vpcdReset:
		c.Reset()
		return nil, nil
	case vpcdGetATR:
		return c.ATR(), nil
	}
	return nil, fmt.Errorf("vchip: unknown vpcd control byte %02X", msg[0])
}

// quickAckReader re-arms TCP_QUICKACK after every read. Debian's vpcd writes a frame's
// length and payload separately; with Nagle on its side and delayed ACKs on ours every
// APDU would wait ~40 ms for the ACK. Linux clears QUICKACK by itself, hence every read.
type quickAckReader struct {
	conn net.Conn
}

func (q *quickAckReader) Read(p []byte) (int, error) {
	n, err := q.conn.Read(p)
	setQuickAck(q.conn)
	return n, err
}
