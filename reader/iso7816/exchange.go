package iso7816

import (
	"context"
	"fmt"
)

// maxGetResponseRounds bounds the GET RESPONSE loop: 1024 rounds of up to 256 bytes
// is 256 KiB, ten times the largest LDS file a reader fetches, so a card that never
// stops answering 61xx is cut off rather than followed forever.
const maxGetResponseRounds = 1024

// Exchange sends cmd and returns the card's complete answer. It follows the transport
// conventions of ISO/IEC 7816-3 (T=0) and 7816-4 (GET RESPONSE): 61xx (more data available) is
// answered with GET RESPONSE for xx bytes, repeatedly, and the data concatenated;
// 6Cxx (wrong Le, xx available) is answered by sending the same command again with
// Ne = xx, once.
//
// A final status word other than 9000 gives the Response (its data may be useful:
// 6282 ends a READ BINARY past the end of a file with the bytes that were there)
// together with a *StatusError; IsStatus tests for a particular word.
// Transport and encoding failures give a zero Response and an error.
func Exchange(ctx context.Context, t Transmitter, cmd Command) (Response, error) {
	name := InsName(cmd.Ins)
	resp, err := transmitCorrectingLe(ctx, t, cmd, name)
	if err != nil {
		return Response{}, err
	}
	if resp.SW>>8 == 0x61 {
		data := append([]byte(nil), resp.Data...)
		getResponse := Command{Cla: getResponseClass(cmd.Cla), Ins: 0xC0}
		for round := 0; resp.SW>>8 == 0x61; round++ {
			if round == maxGetResponseRounds {
				return Response{}, fmt.Errorf("%s: %w: more than %d GET RESPONSE rounds", name, ErrResponseChain, round)
			}
			getResponse.Ne = ne(byte(resp.SW))
			if resp, err = transmitCorrectingLe(ctx, t, getResponse, name+": GET RESPONSE"); err != nil {
				return Response{}, err
			}
			data = append(data, resp.Data...)
		}
		resp.Data = data
	}
	if resp.SW != SWOK {
		return resp, &StatusError{SW: resp.SW, Command: name}
	}
	return resp, nil
}

// transmitCorrectingLe sends cmd and, if the card answers 6Cxx, sends it again with
// Ne = xx. A second 6Cxx is an error: the card contradicts itself.
func transmitCorrectingLe(ctx context.Context, t Transmitter, cmd Command, name string) (Response, error) {
	resp, err := transmitOnce(ctx, t, cmd, name)
	if err != nil || resp.SW>>8 != 0x6C {
		return resp, err
	}
	cmd.Ne = ne(byte(resp.SW))
	if resp, err = transmitOnce(ctx, t, cmd, name); err != nil {
		return Response{}, err
	}
	if resp.SW>>8 == 0x6C {
		return Response{}, fmt.Errorf("%s: %w: 6Cxx again after correcting Le", name, ErrResponseChain)
	}
	return resp, nil
}

func transmitOnce(ctx context.Context, t Transmitter, cmd Command, name string) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, fmt.Errorf("%s: %w", name, err)
	}
	raw, err := cmd.Bytes()
	if err != nil {
		return Response{}, fmt.Errorf("%s: %w", name, err)
	}
	answer, err := t.Transmit(ctx, raw)
	if err != nil {
		return Response{}, fmt.Errorf("%s: transmit: %w", name, err)
	}
	resp, err := ParseResponse(answer)
	if err != nil {
		return Response{}, fmt.Errorf("%s: %w", name, err)
	}
	return resp, nil
}

// getResponseClass keeps the logical channel of cla for GET RESPONSE and drops its
// secure messaging and chaining bits, which do not apply to the fetch
// (ISO/IEC 7816-4, class byte: first and further interindustry classes). Proprietary
// classes are kept as they are.
func getResponseClass(cla byte) byte {
	switch {
	case cla&0xE0 == 0x00: // first interindustry: b2-b1 channel
		return cla & 0x03
	case cla&0xC0 == 0x40: // further interindustry: b4-b1 channel
		return cla & 0x4F
	}
	return cla
}
