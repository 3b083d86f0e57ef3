package server

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// PKIFiles are the PEM files of a development PKI written by WriteDevPKI.
type PKIFiles struct {
	CACert     string // the CA both sides trust: the kiosk for the server, the server for kiosks
	ServerCert string
	ServerKey  string
	ClientCert string // a kiosk's certificate; its subject CN is KioskID
	ClientKey  string
	KioskID    string
}

// devValidity is short on purpose: a development PKI that leaks into production expires.
const devValidity = 90 * 24 * time.Hour

// WriteDevPKI writes a development CA, a server certificate for hosts (IP addresses or
// DNS names) and one client certificate whose CN is kioskID into dir, with ECDSA P-256
// keys (mode 0600). It refuses to overwrite existing files. For development, demos and
// pilots only: the CA key is not kept, so nothing more can be signed with it.
func WriteDevPKI(dir string, hosts []string, kioskID string) (PKIFiles, error) {
	f := PKIFiles{
		CACert:     filepath.Join(dir, "ca.pem"),
		ServerCert: filepath.Join(dir, "server.pem"),
		ServerKey:  filepath.Join(dir, "server-key.pem"),
		ClientCert: filepath.Join(dir, "client.pem"),
		ClientKey:  filepath.Join(dir, "client-key.pem"),
		KioskID:    kioskID,
	}
	if len(hosts) == 0 {
		return f, errors.New("dev PKI: no host for the server certificate")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return f, fmt.Errorf("dev PKI: %w", err)
	}
	now := time.Now().Add(-time.Hour) // tolerate a little clock skew between machines
	caKey, caDER, err := makeCert(&x509.Certificate{
		Subject:               pkix.Name{CommonName: "citizenkiosk development CA"},
		NotBefore:             now,
		NotAfter:              now.Add(devValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}, nil, nil)
	if err != nil {
		return f, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return f, fmt.Errorf("dev PKI: parse CA: %w", err)
	}
	server := &x509.Certificate{
		Subject:     pkix.Name{CommonName: hosts[0]},
		NotBefore:   now,
		NotAfter:    now.Add(devValidity),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			server.IPAddresses = append(server.IPAddresses, ip)
		} else {
			server.DNSNames = append(server.DNSNames, h)
		}
	}
	serverKey, serverDER, err := makeCert(server, ca, caKey)
	if err != nil {
		return f, err
	}
	clientKey, clientDER, err := makeCert(&x509.Certificate{
		Subject:     pkix.Name{CommonName: kioskID},
		NotBefore:   now,
		NotAfter:    now.Add(devValidity),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, ca, caKey)
	if err != nil {
		return f, err
	}
	for _, out := range []struct {
		path  string
		block string
		value any // DER bytes or a key
	}{
		{f.CACert, "CERTIFICATE", caDER},
		{f.ServerCert, "CERTIFICATE", serverDER},
		{f.ServerKey, "PRIVATE KEY", serverKey},
		{f.ClientCert, "CERTIFICATE", clientDER},
		{f.ClientKey, "PRIVATE KEY", clientKey},
	} {
		if err := writePEM(out.path, out.block, out.value); err != nil {
			return f, err
		}
	}
	return f, nil
}

// makeCert makes a key and a certificate for tmpl signed by parent (self-signed if nil).
// It returns the key and the certificate's DER.
func makeCert(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("dev PKI: key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("dev PKI: serial: %w", err)
	}
	tmpl.SerialNumber = serial
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, fmt.Errorf("dev PKI: certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return key, der, nil
}

func writePEM(path, block string, v any) error {
	der, ok := v.([]byte)
	if key, isKey := v.(*ecdsa.PrivateKey); isKey {
		var err error
		if der, err = x509.MarshalPKCS8PrivateKey(key); err != nil {
			return fmt.Errorf("dev PKI: encode key: %w", err)
		}
		ok = true
	}
	if !ok {
		return fmt.Errorf("dev PKI: cannot encode %T", v)
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("dev PKI: %w", err)
	}
	if err := pem.Encode(file, &pem.Block{Type: block, Bytes: der}); err != nil {
		_ = file.Close()
		return fmt.Errorf("dev PKI: write %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("dev PKI: write %s: %w", path, err)
	}
	return nil
}

// TLSConfig is the server side of mutual TLS: the server's certificate and key, and the
// CA whose kiosk certificates it accepts. A client certificate is required and verified
// (tls.RequireAndVerifyClientCert); TLS 1.2 is the oldest version spoken.
func TLSConfig(certFile, keyFile, clientCAFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("server certificate: %w", err)
	}
	caPEM, err := os.ReadFile(clientCAFile)
	if err != nil {
		return nil, fmt.Errorf("client CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("client CA %s: no PEM certificate in it", clientCAFile)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	}, nil
}
