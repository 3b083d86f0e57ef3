// Package site is a centre's desk and its client: the one place that holds the day's queue
// (Desk, Server) and what every other machine of the centre uses to reach it (Client).
//
// The contract between them is api/site.yaml. Every command carries an idempotency key
// (header Idempotency-Key) that the client keeps across its retries; the desk records its
// answer in the same bbolt transaction as the ticket and the outbox event, so a retry, even
// after the desk was killed and restarted, gets the first answer and changes nothing more.
// Changes reach boards and counters at once as server-sent events (GET /v1/stream), with
// increasing ids that a client resumes from with Last-Event-ID.
//
// On the LAN desk and clients use mutual TLS with certificates of a site CA (WritePKI); the
// organisational unit of a client's certificate is the role it may play (RoleSelfService,
// RoleCounter, RoleDisplay). Plain HTTP is accepted on loopback only, for a desk running
// inside the door kiosk's process.
package site
