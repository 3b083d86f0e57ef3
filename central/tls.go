package central

import (
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"os"
)

// tlsConfig builds the one TLS configuration of the client: the kiosk's certificate, the
// CA pool for the server, and the pin check. It returns nil when no TLS option is set, so
// that the transport's defaults (system roots) apply.
func tlsConfig(o Options) (*tls.Config, error) {
	if o.ClientCert == "" && o.ClientKey == "" && o.CA == "" && o.PinnedKey == "" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if (o.ClientCert == "") != (o.ClientKey == "") {
		return nil, fmt.Errorf("%w: a client certificate needs its key and a key its certificate", ErrConfig)
	}
	if o.ClientCert != "" {
		cert, err := tls.LoadX509KeyPair(o.ClientCert, o.ClientKey)
		if err != nil {
			// The error names the files, never their contents.
			return nil, fmt.Errorf("%w: client certificate: %w", ErrConfig, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if o.CA != "" {
		pem, err := os.ReadFile(o.CA)
		if err != nil {
			return nil, fmt.Errorf("%w: CA: %w", ErrConfig, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%w: CA %s holds no PEM certificate", ErrConfig, o.CA)
		}
		cfg.RootCAs = pool
	}
	if o.PinnedKey != "" {
		pin, err := base64.StdEncoding.DecodeString(o.PinnedKey)
		if err != nil || len(pin) != sha256.Size {
			return nil, fmt.Errorf("%w: pinned key is not base64 of a SHA-256 hash", ErrConfig)
		}
		// VerifyConnection runs after the chain was verified and on resumed sessions too
		// (VerifyPeerCertificate does not), so a resumed session cannot skip the pin.
		cfg.VerifyConnection = func(cs tls.ConnectionState) error { return checkPin(cs, pin) }
	}
	return cfg, nil
}

// checkPin accepts the connection if the server's leaf certificate has the pinned key.
func checkPin(cs tls.ConnectionState, pin []byte) error {
	if len(cs.PeerCertificates) == 0 {
		return fmt.Errorf("%w: the server sent no certificate", ErrPinMismatch)
	}
	sum := sha256.Sum256(cs.PeerCertificates[0].RawSubjectPublicKeyInfo)
	if subtle.ConstantTimeCompare(sum[:], pin) != 1 {
		return ErrPinMismatch
	}
	return nil
}

// PinOf returns the pin of a certificate's public key in the form Options.PinnedKey takes:
// base64 of the SHA-256 of its SubjectPublicKeyInfo.
func PinOf(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}
