package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/citizenkiosk/citizenkiosk/booking"
)

// recordV1 starts every appointment record, so a later layout can be told apart.
const recordV1 = 1

// apptHeader is the unsealed part of an appointment record: what indexes and retention
// need, and nothing personal. BirthTag is the keyed HMAC also used in bucketByBirth, kept
// so the index entry can be removed without unsealing.
type apptHeader struct {
	ID        string        `json:"id"`
	Code      string        `json:"code,omitempty"`
	ServiceID string        `json:"service"`
	Start     time.Time     `json:"start"`
	Duration  time.Duration `json:"duration"`
	Cancelled bool          `json:"cancelled,omitempty"`
	Day       string        `json:"day"`
	BirthTag  []byte        `json:"birthTag,omitempty"`
}

// sealedCitizen is the plaintext of the sealed part.
type sealedCitizen struct {
	GivenNames string       `json:"g"`
	Surname    string       `json:"s"`
	BirthDate  booking.Date `json:"b"`
}

// encodeAppointment lays out a record as: version byte, uvarint header length, header
// JSON, sealed citizen. The citizen is sealed to this bucket and id.
func (k *keyring) encodeAppointment(a booking.Appointment, birthTag []byte) ([]byte, error) {
	h, err := json.Marshal(apptHeader{
		ID: a.ID, Code: a.Code, ServiceID: a.ServiceID, Start: a.Start, Duration: a.Duration,
		Cancelled: a.Cancelled, Day: a.Day(), BirthTag: birthTag,
	})
	if err != nil {
		return nil, fmt.Errorf("encode appointment %q: %w", a.ID, err)
	}
	c, err := json.Marshal(sealedCitizen(a.Citizen))
	if err != nil {
		return nil, fmt.Errorf("encode appointment %q: %w", a.ID, err)
	}
	out := make([]byte, 0, 1+binary.MaxVarintLen32+len(h)+len(c)+k.aead.NonceSize()+k.aead.Overhead())
	out = append(out, recordV1)
	out = binary.AppendUvarint(out, uint64(len(h)))
	out = append(out, h...)
	return append(out, k.seal(bucketAppointments, []byte(a.ID), c)...), nil
}

// splitAppointment separates a record into its header and sealed part without unsealing.
func splitAppointment(v []byte) (apptHeader, []byte, error) {
	var h apptHeader
	if len(v) == 0 || v[0] != recordV1 {
		return h, nil, errors.New("unknown appointment record version")
	}
	n, w := binary.Uvarint(v[1:])
	if w <= 0 || n > uint64(len(v)-1-w) {
		return h, nil, errors.New("appointment record header length out of range")
	}
	body := v[1+w:]
	if err := json.Unmarshal(body[:n], &h); err != nil {
		return h, nil, fmt.Errorf("appointment record header: %w", err)
	}
	return h, body[n:], nil
}

// decodeAppointment rebuilds an appointment from the record stored under id.
func (k *keyring) decodeAppointment(id, v []byte) (booking.Appointment, error) {
	h, sealed, err := splitAppointment(v)
	if err != nil {
		return booking.Appointment{}, err
	}
	plain, err := k.open(bucketAppointments, id, sealed)
	if err != nil {
		return booking.Appointment{}, fmt.Errorf("appointment %q citizen: %w", id, err)
	}
	var c sealedCitizen
	if err := json.Unmarshal(plain, &c); err != nil {
		return booking.Appointment{}, fmt.Errorf("appointment %q citizen: %w", id, err)
	}
	return booking.Appointment{
		ID: h.ID, Code: h.Code, ServiceID: h.ServiceID, Start: h.Start, Duration: h.Duration,
		Cancelled: h.Cancelled, Citizen: booking.Citizen(c),
	}, nil
}

// outboxRecord is an outbox entry as stored; the sequence is its key.
type outboxRecord struct {
	Key     string        `json:"key"`
	Event   booking.Event `json:"event"`
	Created time.Time     `json:"created"`
	Audit   []byte        `json:"audit,omitempty"` // sealed AuditSummary JSON, for EventAudit
}

// deadRecord is a dead letter as stored; the sequence is its key.
type deadRecord struct {
	outboxRecord
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	Raw    []byte    `json:"raw,omitempty"` // a quarantined entry's bytes, as they were
}

// Key helpers. Days are validated to be exactly "2006-01-02" before they reach a key, so
// the fixed-width day prefix sorts and slices reliably.

const dayLen = len(time.DateOnly)

func checkDay(day string) error {
	if len(day) != dayLen {
		return fmt.Errorf("%w: day %q is not YYYY-MM-DD", ErrInvalidInput, day)
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fmt.Errorf("%w: day %q is not YYYY-MM-DD", ErrInvalidInput, day)
	}
	return nil
}

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func u32(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }
func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
