-- The day of each event's ticket, kept by PostgreSQL itself as the event is inserted, and an
-- index on it: a site desk that lost its disk asks for a day's tickets (GET
-- /sites/{site}/tickets), and the answer must not read every event of the retention period.
-- The canonical JSON of a ticket event holds "day":"YYYY-MM-DD" once; an audit event none,
-- so its ticket_day is NULL. Generated, so the insert of the push path stays as it is.

-- +goose Up
ALTER TABLE events ADD COLUMN ticket_day text
    GENERATED ALWAYS AS (substring(encode(body, 'escape') from '"day":"([0-9]{4}-[0-9]{2}-[0-9]{2})"')) STORED;
CREATE INDEX events_ticket_day ON events (ticket_day, seq);

-- +goose Down
DROP INDEX events_ticket_day;
ALTER TABLE events DROP COLUMN ticket_day;
