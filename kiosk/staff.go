package kiosk

import (
	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// staffList holds the parsed PIN hashes by staff number. Hashing, parsing and the rules of
// a PIN live in internal/staffpin, which the hash-pin command and the config check share.
type staffList struct {
	hashes map[string]staffpin.Parsed
	decoy  staffpin.Parsed // checked for an unknown staff number, so that it takes as long
}

// newStaffList parses staff, leaving out the entries staffpin.CheckStaff would refuse as
// malformed; it returns their staff numbers.
func newStaffList(staff map[string]string) (staffList, []string) {
	l := staffList{hashes: make(map[string]staffpin.Parsed, len(staff)), decoy: staffpin.Decoy(staffpin.Iterations)}
	var refused []string
	for id, s := range staff {
		h, err := staffpin.Parse(s)
		if err != nil || !staffpin.ValidStaffNumber(id) {
			refused = append(refused, id)
			continue
		}
		l.hashes[id] = h
		l.decoy = staffpin.Decoy(h.Iterations())
	}
	return l, refused
}

// known reports whether id is a configured staff number.
func (l staffList) known(id string) bool {
	_, ok := l.hashes[id]
	return ok
}

// verify reports whether pin is the PIN of staff member id. It is slow on purpose.
func (l staffList) verify(id string, pin []byte) bool {
	h, ok := l.hashes[id]
	if !ok {
		l.decoy.Matches(pin)
		return false
	}
	return h.Matches(pin)
}
