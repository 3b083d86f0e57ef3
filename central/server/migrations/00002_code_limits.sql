-- The activation-code limits (per kiosk, per member of staff) as token buckets that every
-- replica shares, so N replicas do not allow N times the limit. A row is locked while a code
-- is issued against it.

-- +goose Up
CREATE TABLE code_limits (
    name   text PRIMARY KEY, -- "kiosk" or "staff", then the kiosk id or site and staff id, split by U+001F
    tokens double precision NOT NULL,
    last   timestamptz NOT NULL
);

-- +goose Down
DROP TABLE code_limits;
