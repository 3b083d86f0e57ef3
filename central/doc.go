// Package central talks to the central system of the Citizen Service Centres (the contract is
// api/openapi.yaml) and keeps the kiosk's database in step with it.
//
// A Client makes the calls: one resty client per kiosk, mutual TLS with the kiosk's
// certificate (plain HTTP only to a loopback host), a timeout per attempt, and retries with
// exponential backoff and full jitter on transport errors, 408, 429 and 5xx, honouring
// Retry-After. Every write carries an idempotency key that stays the same on every retry,
// so the server applies it once however often it is sent.
//
// A Syncer runs the sync: it pulls the day's services and appointments (conditional GETs
// with the ETags kept in the database), validates every record because the central JSON is
// outside input, and replaces the day in one transaction; then it pushes the outbox in
// order, in batches, and removes an event only when the server answered applied or
// duplicate. Nothing a citizen did is lost when the network, the server or the kiosk
// process fails at any moment: an event pushed but not acknowledged is pushed again under
// the same key and answered "duplicate".
package central
