package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// listTickets answers GET /sites/{site}/tickets?day=: the latest state of every ticket
// number of day that the site's kiosks pushed, so that a desk that lost its disk continues
// the day's numbering instead of issuing a number again.
func (s *Server) listTickets(w http.ResponseWriter, r *http.Request) {
	site, day, ok := s.siteDay(w, r)
	if !ok {
		return
	}
	list, err := s.SiteTickets(r.Context(), site, day)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// SiteTickets returns the latest state of each ticket number of day that kiosks of site
// pushed, sorted by when each was first issued. A kiosk belongs to the site its
// certificate bound it to; a kiosk with none recorded (it only ever spoke plain HTTP to a
// loopback server, the demo and tests) counts for the server's own site, Options.Site.
func (s *Server) SiteTickets(ctx context.Context, site, day string) (api.TicketList, error) {
	sites, err := s.store.kioskSites(ctx)
	if err != nil {
		return api.TicketList{}, fmt.Errorf("tickets of %s: kiosk registry: %w", site, err)
	}
	ofSite := func(kiosk string) bool {
		if known, ok := sites[kiosk]; ok {
			return known == site
		}
		return site == s.site
	}
	byNumber := map[string]*api.TicketState{}
	err = s.store.dayEvents(ctx, day, func(body []byte) error {
		var ev api.Event
		if err := json.Unmarshal(body, &ev); err != nil {
			return fmt.Errorf("decode applied event: %w", err)
		}
		kiosk, _, err := api.ParseKey(ev.Key)
		if err != nil || ev.Audit != nil || ev.Ticket.Day != day || !ofSite(kiosk) {
			return nil // stored events were validated; a bad one is another day's problem
		}
		st, ok := byNumber[ev.Ticket.Number]
		if !ok {
			st = &api.TicketState{IssuedAt: ev.At}
			byNumber[ev.Ticket.Number] = st
		}
		st.Ticket, st.UpdatedAt = ev.Ticket, ev.At
		return nil
	})
	if err != nil {
		return api.TicketList{}, fmt.Errorf("tickets of %s on %s: %w", site, day, err)
	}
	list := api.TicketList{Day: day, Tickets: make([]api.TicketState, 0, len(byNumber))}
	for _, st := range byNumber {
		list.Tickets = append(list.Tickets, *st)
	}
	slices.SortFunc(list.Tickets, func(a, b api.TicketState) int {
		if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
			return c
		}
		return compareNumbers(a.Number, b.Number)
	})
	return list, nil
}

func compareNumbers(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
