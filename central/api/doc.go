// Package api holds the wire types of the central API (api/openapi.yaml): the JSON that a
// kiosk and the central system exchange, the paths and headers they use, conversions to and
// from the booking domain, and validation of values received from the other side.
//
// Both sides treat the other's JSON as untrusted: the server validates a kiosk's events and
// requests, and the kiosk validates the services, appointments and activation codes the
// central system sends before they reach its database or its printer. Validate methods
// return errors wrapping ErrInvalid, most of them a *FieldError naming the offending field
// (never its value, which may be personal data).
//
// Paths are relative to the API's base URL, which includes the version
// ("https://central.borgerservice.example/v1"); the reference server mounts them under
// BasePath.
package api
