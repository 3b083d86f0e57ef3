package printer

import (
	"encoding/binary"
	"fmt"
)

// IPP/1.1 message encoding, RFC 8010 §3.1: version, operation-id or
// status-code, request-id, attribute groups, end-of-attributes-tag, data.

// Delimiter and value tags, RFC 8010 §3.5.
const (
	ippOperationAttrs = 0x01
	ippEndOfAttrs     = 0x03
	ippTagName        = 0x42 // nameWithoutLanguage
	ippTagURI         = 0x45
	ippTagCharset     = 0x47
	ippTagLanguage    = 0x48
	ippTagMimeType    = 0x49
	ippPrintJob       = 0x0002 // RFC 8011 §4.2.1
	ippStatusErrors   = 0x0100 // status codes from here on are errors
	ippStatusMessage  = "status-message"
	ippMaxResponse    = 1 << 20
)

type ippAttr struct {
	group byte
	tag   byte
	name  string // empty for the further values of a 1setOf attribute
	value []byte
}

type ippMessage struct {
	version   [2]byte
	code      uint16 // operation-id in a request, status-code in a response
	requestID uint32
	attrs     []ippAttr
	data      []byte
}

// encode writes the message; attribute groups start wherever an attribute's
// group differs from the one before.
func (m ippMessage) encode() []byte {
	b := []byte{m.version[0], m.version[1]}
	b = binary.BigEndian.AppendUint16(b, m.code)
	b = binary.BigEndian.AppendUint32(b, m.requestID)
	group := byte(0)
	for _, a := range m.attrs {
		if a.group != group {
			b = append(b, a.group)
			group = a.group
		}
		b = append(b, a.tag)
		b = binary.BigEndian.AppendUint16(b, uint16(len(a.name)))
		b = append(b, a.name...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(a.value)))
		b = append(b, a.value...)
	}
	b = append(b, ippEndOfAttrs)
	return append(b, m.data...)
}

// parseIPP reads an IPP message from outside (a CUPS server's answer).
func parseIPP(b []byte) (ippMessage, error) {
	var m ippMessage
	if len(b) < 9 {
		return m, fmt.Errorf("%w: %d bytes, shorter than a header", ErrBadIPPResponse, len(b))
	}
	copy(m.version[:], b)
	m.code = binary.BigEndian.Uint16(b[2:])
	m.requestID = binary.BigEndian.Uint32(b[4:])
	p, group := 8, byte(0)
	for p < len(b) {
		tag := b[p]
		p++
		switch {
		case tag == ippEndOfAttrs:
			m.data = b[p:]
			return m, nil
		case tag < 0x10: // a delimiter tag starts a group
			group = tag
			continue
		case group == 0:
			return m, fmt.Errorf("%w: attribute before any group at byte %d", ErrBadIPPResponse, p-1)
		}
		name, next, err := ippField(b, p)
		if err != nil {
			return m, err
		}
		value, next, err := ippField(b, next)
		if err != nil {
			return m, err
		}
		m.attrs = append(m.attrs, ippAttr{group: group, tag: tag, name: string(name), value: value})
		p = next
	}
	return m, fmt.Errorf("%w: no end-of-attributes tag", ErrBadIPPResponse)
}

// ippField reads a two-byte length and that many bytes at p.
func ippField(b []byte, p int) ([]byte, int, error) {
	if p+2 > len(b) {
		return nil, p, fmt.Errorf("%w: truncated length at byte %d", ErrBadIPPResponse, p)
	}
	n := int(binary.BigEndian.Uint16(b[p:]))
	if p+2+n > len(b) {
		return nil, p, fmt.Errorf("%w: %d-byte field at byte %d runs past the end", ErrBadIPPResponse, n, p)
	}
	return b[p+2 : p+2+n], p + 2 + n, nil
}

// attr returns the first value of the named attribute.
func (m ippMessage) attr(name string) (ippAttr, bool) {
	for _, a := range m.attrs {
		if a.name == name {
			return a, true
		}
	}
	return ippAttr{}, false
}
