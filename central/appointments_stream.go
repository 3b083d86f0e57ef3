package central

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// decodeAppointments walks a day's answer, {"day": ..., "appointments": [...]}, and hands
// each appointment to each as soon as it is decoded, so the kiosk never holds the wire form
// of a whole day (100 000 appointments are ~30 MB of JSON and several times that decoded).
// It accepts what decoding into api.AppointmentList accepts (keys in any order and of any
// case, unknown keys, null for the list) except a key given twice: appointments already
// handed on cannot be taken back for a later list. It returns the answer's day. When it
// fails, each may have been called already; the caller throws away what it collected.
func decodeAppointments(r io.Reader, each func(api.Appointment)) (day string, err error) {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{', "the body is not an object"); err != nil {
		return "", err
	}
	var seenDay, seenList bool
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", api.JSONError(err)
		}
		key, _ := t.(string) // inside an object the decoder only returns string keys
		switch {
		case strings.EqualFold(key, "day"):
			if seenDay {
				return "", errors.New("malformed JSON: day appears twice")
			}
			seenDay = true
			if err := dec.Decode(&day); err != nil {
				return "", fmt.Errorf("day: %w", api.JSONError(err))
			}
		case strings.EqualFold(key, "appointments"):
			if seenList {
				return "", errors.New("malformed JSON: appointments appears twice")
			}
			seenList = true
			if err := decodeList(dec, each); err != nil {
				return "", err
			}
		default:
			if err := skipValue(dec); err != nil {
				return "", err
			}
		}
	}
	if err := expectDelim(dec, '}', "the object does not end"); err != nil {
		return "", err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return "", api.JSONError(err)
		}
		return "", errors.New("malformed JSON: more than one value")
	}
	return day, nil
}

// decodeList decodes the appointments one at a time; null is an empty list.
func decodeList(dec *json.Decoder, each func(api.Appointment)) error {
	t, err := dec.Token()
	if err != nil {
		return api.JSONError(err)
	}
	if t == nil {
		return nil
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return errors.New("malformed JSON: appointments is not a list")
	}
	for i := 0; dec.More(); i++ {
		var a api.Appointment // fresh each time: a field one record lacks must not keep the last one's
		if err := dec.Decode(&a); err != nil {
			return fmt.Errorf("appointments[%d]: %w", i, api.JSONError(err))
		}
		each(a)
	}
	return expectDelim(dec, ']', "the list does not end")
}

// skipValue reads past one value of a key the client does not know, without keeping it.
func skipValue(dec *json.Decoder) error {
	for depth := 0; ; {
		t, err := dec.Token()
		if err != nil {
			return api.JSONError(err)
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	t, err := dec.Token()
	if err != nil {
		return api.JSONError(err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return errors.New("malformed JSON: " + what)
	}
	return nil
}
