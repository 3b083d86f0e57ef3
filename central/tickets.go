package central

import (
	"context"
	"fmt"
	"net/http"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// maxTicketsBody bounds a day's ticket list: some 250 bytes a ticket, so room for 30 000.
const maxTicketsBody = 8 << 20

// Tickets fetches the site's tickets of day ("2006-01-02") as central knows them from the
// events pushed: the latest state of each number. A site desk that lost its database
// rebuilds its day from it. The list is validated: a ticket of another day or a number
// listed twice is ErrMalformedResponse, since a desk would build its numbering on it.
func (c *Client) Tickets(ctx context.Context, day string) (api.TicketList, error) {
	resp, err := c.call(withAttemptTimeout(ctx, c.opt.DownloadTimeout), request{op: "tickets", method: http.MethodGet,
		path: api.TicketsPath(c.site, day), limit: maxTicketsBody, ok: []int{http.StatusOK}})
	if err != nil {
		return api.TicketList{}, err
	}
	var list api.TicketList
	if err := decode(resp, &list); err != nil {
		return api.TicketList{}, fmt.Errorf("central: tickets: %w", err)
	}
	if list.Day != day {
		return api.TicketList{}, fmt.Errorf("central: tickets: %w: answer is for another day than %s", ErrMalformedResponse, day)
	}
	if err := list.Validate(); err != nil {
		return api.TicketList{}, fmt.Errorf("central: tickets: %w: %w", ErrMalformedResponse, err)
	}
	return list, nil
}

// Tickets is Client.Tickets through the syncer's client, so that a desk that syncs
// with central can rebuild its day from the same connection and identity.
func (s *Syncer) Tickets(ctx context.Context, day string) (api.TicketList, error) {
	return s.c.Tickets(ctx, day)
}
