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
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/citizenkiosk/citizenkiosk/central/api"
)

// PKIFiles are the PEM files of a development PKI written by WriteDevPKI.
type PKIFiles struct {
	CACert     string // the CA both sides trust: the kiosk for the server, the server for kiosks
	ServerCert string
	ServerKey  string
	// ClientCert, ClientKey, KioskID and Site are the first kiosk's, as in Clients[0].
	ClientCert string
	ClientKey  string
	KioskID    string
	Site       string
	Clients    []ClientFiles
}

// KioskIdentity is what a kiosk certificate binds: the kiosk id (subject CN) and its site
// (a URI api.SiteURI(Site) among the subject alternative names).
type KioskIdentity struct {
	Site, KioskID string
}

// ClientFiles are one kiosk's certificate and key.
type ClientFiles struct {
	KioskIdentity
	Cert, Key string
}

// devValidity is short on purpose: a development PKI that leaks into production expires.
const devValidity = 90 * 24 * time.Hour

// WriteDevPKI writes a development CA, a server certificate for hosts (IP addresses or
// DNS names) and one client certificate per kiosk into dir, with ECDSA P-256 keys (mode
// 0600). The first kiosk's files are client.pem and client-key.pem, the n-th's
// client-n.pem and client-n-key.pem. It refuses to overwrite existing files. For
// development, demos and pilots only: the CA key is not kept, so nothing more can be
// signed with it; every kiosk the PKI needs is named now.
func WriteDevPKI(dir string, hosts []string, kiosks ...KioskIdentity) (PKIFiles, error) {
	f := PKIFiles{
		CACert:     filepath.Join(dir, "ca.pem"),
		ServerCert: filepath.Join(dir, "server.pem"),
		ServerKey:  filepath.Join(dir, "server-key.pem"),
	}
	if len(hosts) == 0 {
		return f, errors.New("dev PKI: no host for the server certificate")
	}
	if len(kiosks) == 0 {
		return f, errors.New("dev PKI: no kiosk to make a certificate for")
	}
	for _, k := range kiosks {
		if !api.ValidKioskID(k.KioskID) || !api.ValidSiteID(k.Site) {
			return f, fmt.Errorf("dev PKI: kiosk %q of site %q: ids are 1 to %d characters from A-Z a-z 0-9 . _ -",
				k.KioskID, k.Site, api.MaxKioskIDLen)
		}
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
	serverKey, serverDER, err := makeCert(serverTemplate(hosts, now), ca, caKey)
	if err != nil {
		return f, err
	}
	outs := []pemOut{
		{f.CACert, "CERTIFICATE", caDER},
		{f.ServerCert, "CERTIFICATE", serverDER},
		{f.ServerKey, "PRIVATE KEY", serverKey},
	}
	for i, k := range kiosks {
		tmpl, err := kioskTemplate(k, now)
		if err != nil {
			return f, err
		}
		key, der, err := makeCert(tmpl, ca, caKey)
		if err != nil {
			return f, err
		}
		name := "client"
		if i > 0 {
			name = fmt.Sprintf("client-%d", i+1)
		}
		c := ClientFiles{KioskIdentity: k, Cert: filepath.Join(dir, name+".pem"), Key: filepath.Join(dir, name+"-key.pem")}
		f.Clients = append(f.Clients, c)
		outs = append(outs, pemOut{c.Cert, "CERTIFICATE", der}, pemOut{c.Key, "PRIVATE KEY", key})
	}
	first := f.Clients[0]
	f.ClientCert, f.ClientKey, f.KioskID, f.Site = first.Cert, first.Key, first.KioskID, first.Site
	for _, out := range outs {
		if err := writePEM(out.path, out.block, out.value); err != nil {
			return f, err
		}
	}
	return f, nil
}

// pemOut is one file WriteDevPKI writes.
type pemOut struct {
	path  string
	block string
	value any // DER bytes or a key
}

func serverTemplate(hosts []string, now time.Time) *x509.Certificate {
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
	return server
}

// kioskTemplate binds a certificate to a kiosk and its site, as identityOf reads them.
func kioskTemplate(k KioskIdentity, now time.Time) (*x509.Certificate, error) {
	siteURI, err := url.Parse(api.SiteURI(k.Site))
	if err != nil {
		return nil, fmt.Errorf("dev PKI: site URI of %q: %w", k.Site, err)
	}
	return &x509.Certificate{
		// OU repeats the site for people reading the certificate; the server reads the URI.
		Subject:     pkix.Name{CommonName: k.KioskID, OrganizationalUnit: []string{k.Site}},
		URIs:        []*url.URL{siteURI},
		NotBefore:   now,
		NotAfter:    now.Add(devValidity),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}, nil
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
