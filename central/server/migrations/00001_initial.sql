-- The central system's state on PostgreSQL: what the bbolt file holds (central/server
-- bolt_store.go), one table per bucket. Keys are sites, days, kiosk ids and idempotency
-- keys, never personal data; days.body and activations.answer are sealed by the server
-- (AES-256-GCM, internal/seal) before they reach the database.

-- +goose Up
CREATE TABLE meta (
    name  text PRIMARY KEY,
    value bytea NOT NULL
);

CREATE TABLE services (
    site text PRIMARY KEY,
    body bytea NOT NULL -- the ServiceList JSON, served as stored
);

CREATE TABLE days (
    site text NOT NULL,
    day  text NOT NULL, -- YYYY-MM-DD, so text order is date order
    body bytea NOT NULL, -- sealed AppointmentList JSON
    PRIMARY KEY (site, day)
);

-- The idempotency key is unique: two replicas that insert one key at the same moment
-- insert it once, and the second learns it is a duplicate.
CREATE TABLE events (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key        text NOT NULL UNIQUE,
    kiosk      text NOT NULL,
    hash       bytea NOT NULL, -- SHA-256 of body, to tell a retry from a reused key
    body       bytea NOT NULL, -- the event's canonical JSON
    applied_at timestamptz NOT NULL
);
CREATE INDEX events_applied_at ON events (applied_at);

CREATE TABLE kiosks (
    kiosk text PRIMARY KEY,
    site  text NOT NULL
);

CREATE TABLE activations (
    key        text PRIMARY KEY,
    request    bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    answer     bytea NOT NULL -- sealed ActivationResponse JSON: the code never in clear
);
CREATE INDEX activations_expires_at ON activations (expires_at);

CREATE TABLE audit_heads (
    kiosk text PRIMARY KEY,
    seq   bigint NOT NULL, -- 0 until the kiosk's first record is held
    hash  text NOT NULL
);

CREATE TABLE audit_records (
    kiosk text NOT NULL,
    seq   bigint NOT NULL,
    body  bytea NOT NULL,
    PRIMARY KEY (kiosk, seq)
);

CREATE TABLE audit_breaks (
    kiosk   text NOT NULL,
    seq     bigint NOT NULL,
    problem text NOT NULL,
    at      timestamptz NOT NULL,
    PRIMARY KEY (kiosk, seq)
);

-- +goose Down
DROP TABLE audit_breaks;
DROP TABLE audit_records;
DROP TABLE audit_heads;
DROP TABLE activations;
DROP TABLE kiosks;
DROP TABLE events;
DROP TABLE days;
DROP TABLE services;
DROP TABLE meta;
