package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// codeAlphabet leaves out the characters people confuse on a slip (0 and O, 1 and I). It
// has 32 characters, so a random byte's low five bits pick one without bias.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newCode returns 16 random characters from codeAlphabet in groups of four ("ABCD-EFGH-…").
func newCode(rand io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return "", fmt.Errorf("random code: %w", err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[c&31])
	}
	return sb.String(), nil
}

// userIDHint makes the masked MitID user id this stand-in answers with. The real service
// knows the citizen's user id; here it is derived from the CPR hash (or, without one, the
// request's key), so the same citizen gets the same hint.
func userIDHint(req api.ActivationRequest, key string) string {
	seed := req.Evidence.CPRHash
	if seed == "" {
		seed = key
	}
	sum := sha256.Sum256([]byte("mitid-user-id:" + seed))
	id := hex.EncodeToString(sum[:5])
	return id[:2] + "******" + id[len(id)-2:]
}

func (s *Server) issueActivationCode(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get(api.HeaderIdempotencyKey)
	keyKiosk, _, err := api.ParseKey(key)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, "the Idempotency-Key header must be KIOSK-ID/SEQUENCE")
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	answer, status, err := s.activation(r, key, keyKiosk, body)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, status, answer)
}

// activation checks a request and answers it: a new code, or the code already issued
// under the same key for the same request (kept sealed in the file until it expires, so a
// restart does not change the answer). New codes are limited per kiosk and per member of
// staff (429 with Retry-After); a replay is not counted.
func (s *Server) activation(r *http.Request, key, keyKiosk string, body []byte) (api.ActivationResponse, int, error) {
	var req api.ActivationRequest
	if err := api.DecodeJSON(bytes.NewReader(body), &req); err != nil {
		return api.ActivationResponse{}, 0, refuse(http.StatusBadRequest, "%v", err)
	}
	if err := req.Validate(); err != nil {
		return api.ActivationResponse{}, 0, refuse(http.StatusBadRequest, "%v", err)
	}
	if req.KioskID != keyKiosk {
		return api.ActivationResponse{}, 0, refuse(http.StatusUnprocessableEntity, "the Idempotency-Key belongs to another kiosk than kioskId")
	}
	who, err := s.checkKiosk(r, req.KioskID)
	if err != nil {
		return api.ActivationResponse{}, 0, err
	}
	if !req.Evidence.FaceConfirmedByStaff {
		return api.ActivationResponse{}, 0, refuse(http.StatusUnprocessableEntity, "staff have not confirmed the face")
	}
	if !api.MayReceiveCode(req.Evidence.Authenticity) {
		return api.ActivationResponse{}, 0, refuse(http.StatusUnprocessableEntity, "the document was found not genuine; no code is issued")
	}
	// Hash the decoded request, so a retry that encodes the same request differently still
	// counts as the same request.
	canon, _ := json.Marshal(req)
	reqHash := sha256.Sum256(canon)

	now := s.clock.Now()
	// One issuance at a time in this process; the store checks and updates the limits and
	// the kept answers together, across replicas on PostgreSQL. Heartbeats and reads do not
	// wait behind it.
	s.issueMu.Lock()
	defer s.issueMu.Unlock()
	if prev, ok, err := s.replay(r.Context(), key, reqHash[:], now); err != nil || ok {
		if ok {
			s.log.Info("activation code replayed", "kiosk", req.KioskID, "key", key)
		}
		return prev, http.StatusCreated, err
	}
	// Staff numbers are a centre's own; the site keeps two centres' staff 1000 apart. On
	// plain HTTP (no verified site) they share one budget, which errs on the strict side.
	budgets := []codeBudget{
		{name: "kiosk\x1f" + req.KioskID, perHour: s.codesPerKioskHour},
		{name: "staff\x1f" + who.site + "\x1f" + req.StaffID, perHour: s.codesPerStaffHour},
	}
	code, err := newCode(s.rand)
	if err != nil {
		return api.ActivationResponse{}, 0, err
	}
	answer := api.ActivationResponse{
		UserIDHint: userIDHint(req, key),
		Code:       code,
		ExpiresAt:  now.Add(CodeValidity).UTC().Truncate(time.Second),
	}
	prev, raced, wait, err := s.keepAnswer(r.Context(), key, reqHash[:], answer, now, budgets)
	if err != nil {
		return api.ActivationResponse{}, 0, err
	}
	if wait > 0 {
		s.log.Warn("activation codes limited", "kiosk", req.KioskID, "retryAfter", wait)
		return api.ActivationResponse{}, 0, refuseRetry(wait, "too many activation codes for this kiosk or member of staff in the last hour")
	}
	if raced {
		// Another replica answered this key first: its code is the one, and the limits
		// were spent there.
		s.log.Info("activation code replayed", "kiosk", req.KioskID, "key", key)
		return prev, http.StatusCreated, nil
	}
	s.log.Info("activation code issued", "kiosk", req.KioskID, "key", key, "verdict", req.Evidence.Authenticity)
	return answer, http.StatusCreated, nil
}

func (s *Server) heartbeat(w http.ResponseWriter, r *http.Request) {
	kioskID := r.PathValue("kioskId")
	if !api.ValidKioskID(kioskID) {
		writeProblem(w, http.StatusBadRequest, "not a kiosk id")
		return
	}
	if _, err := s.checkKiosk(r, kioskID); err != nil {
		writeError(w, err)
		return
	}
	var hb api.Heartbeat
	if err := decodeBody(w, r, &hb); err != nil {
		writeError(w, err)
		return
	}
	if err := hb.Validate(); err != nil {
		writeProblem(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	s.heartbeats[kioskID] = Beat{Heartbeat: hb, At: s.clock.Now()}
	s.mu.Unlock()
	s.log.Info("heartbeat", "kiosk", kioskID, "pending", hb.PendingEvents, "dead", hb.DeadLetters)
	w.WriteHeader(http.StatusNoContent)
}
