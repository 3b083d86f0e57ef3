package icao_test

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/citizenkiosk/citizenkiosk/reader/icao"
	"github.com/citizenkiosk/citizenkiosk/reader/iso7816"
)

// card adapts the chip side to iso7816.Transmitter, the way a virtual chip does:
// PACE commands go to the PACECard, and once a session exists every command is
// unwrapped and every answer wrapped with it.
type card struct {
	pace *icao.PACECard
	sm   *icao.SecureMessaging
}

func (c *card) Transmit(_ context.Context, raw []byte) ([]byte, error) {
	if c.sm != nil {
		cmd, err := c.sm.UnwrapCommand(raw)
		if err != nil {
			return []byte{0x69, 0x88}, nil // SM data objects incorrect, sent in clear
		}
		return c.sm.WrapResponse(iso7816.Response{Data: make([]byte, cmd.Ne), SW: iso7816.SWOK})
	}
	var cmd iso7816.Command
	cmd.Cla, cmd.Ins, cmd.P1, cmd.P2 = raw[0], raw[1], raw[2], raw[3]
	if len(raw) > 5 {
		cmd.Data = raw[5 : 5+int(raw[4])]
		if len(raw) > 5+int(raw[4]) {
			cmd.Ne = 256
		}
	}
	resp, sm, _ := c.pace.Handle(cmd)
	c.sm = sm
	return resp.Bytes(), nil
}

// Example_pace opens a PACE session with the MRZ of the ICAO 9303-11 Appendix G
// specimen against the chip side, then reads through the protected channel.
func Example_pace() {
	cardAccess := []byte{0x31, 0x14, 0x30, 0x12, 0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04,
		0x02, 0x02, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0D}
	infos, err := icao.ParseCardAccess(cardAccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	pw, _ := icao.MRZPassword("T22000129", "640812", "101031")
	chipSide, _ := icao.NewPACECard(pw, infos[0], rand.Reader)

	chip := &card{pace: chipSide}
	sm, err := icao.PACE(context.Background(), chip, pw, infos[0], rand.Reader)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("session:", sm.Cipher(), infos[0].Mapping())

	ch := icao.NewChannel(chip, sm) // READ BINARY of 4 bytes, protected on the way
	answer, err := ch.Transmit(context.Background(), []byte{0x00, 0xB0, 0x00, 0x00, 0x04})
	fmt.Printf("% X %v\n", answer, err)
	// Output:
	// session: AES-128 generic mapping
	// 00 00 00 00 90 00 <nil>
}
