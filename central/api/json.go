package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// DecodeJSON reads exactly one JSON value from r into v; both sides decode the other's
// bodies with it. Its errors say where decoding failed (offset, field, type), never what
// the input held: a body may hold citizens' names.
func DecodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return describeJSONError(err)
		}
		return errors.New("malformed JSON: more than one value")
	}
	return nil
}

// DecodeJSONBytes is DecodeJSON for a body already read whole. json.Unmarshal decodes it
// in place, where a Decoder first copies it into a buffer grown step by step: a tenth of
// what the server allocated per pushed event.
func DecodeJSONBytes(b []byte, v any) error {
	if json.Unmarshal(b, v) == nil {
		return nil
	}
	// Refusals are rare: decoding again gives them DecodeJSON's exact words.
	return DecodeJSON(bytes.NewReader(b), v)
}

// JSONError is DecodeJSON's error for what a json.Decoder that the caller drives itself
// (one walking a long list an element at a time) returned: the same words, no input.
func JSONError(err error) error { return describeJSONError(err) }

func describeJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("malformed JSON: the body is not a %s", typ.Type)
	case errors.As(err, &typ):
		return fmt.Errorf("malformed JSON: %s is not a %s", typ.Field, typ.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON: the body ends early")
	}
	// time.Time's own parse errors land here; they quote the input, so they are not passed on.
	return errors.New("malformed JSON: a value has the wrong form")
}
