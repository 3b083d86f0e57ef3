package authtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"time"
)

// PKI is a test CSCA with a document signer it issued, and a second DS certificate
// that expired, all ECDSA on P-256 (as ICAO 9303-12 §7.1.2 allows).
type PKI struct {
	CSCA      *x509.Certificate
	CSCAKey   *ecdsa.PrivateKey
	DS        *x509.Certificate
	DSKey     *ecdsa.PrivateKey
	ExpiredDS *x509.Certificate // same key as DS, validity over a year ago
	Now       time.Time
	serial    int64
	rand      io.Reader
}

// Options tune NewPKI. The zero value makes a Danish test PKI valid around time.Now.
type Options struct {
	Country string    // ISO 3166 alpha-2, "DK" when empty
	Name    string    // distinguishes CSCAs in one test ("TEST CSCA" when empty)
	Now     time.Time // zero means time.Now()
}

// NewPKI generates a CSCA and a DS. rand is the source of keys and serial numbers.
func NewPKI(rand io.Reader, opts Options) (*PKI, error) {
	if opts.Country == "" {
		opts.Country = "DK"
	}
	if opts.Name == "" {
		opts.Name = "TEST CSCA"
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	p := &PKI{Now: opts.Now, rand: rand}
	var err error
	if p.CSCAKey, err = ecdsa.GenerateKey(elliptic.P256(), rand); err != nil {
		return nil, fmt.Errorf("authtest: CSCA key: %w", err)
	}
	if p.DSKey, err = ecdsa.GenerateKey(elliptic.P256(), rand); err != nil {
		return nil, fmt.Errorf("authtest: DS key: %w", err)
	}
	// ICAO 9303-12 §7.1.1 Table 6: CSCA keyCertSign and cRLSign, critical basic
	// constraints; DS digitalSignature only.
	csca := &x509.Certificate{
		Subject:               pkix.Name{Country: []string{opts.Country}, Organization: []string{"citizenkiosk"}, CommonName: opts.Name},
		NotBefore:             opts.Now.AddDate(-1, 0, 0),
		NotAfter:              opts.Now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
	}
	if p.CSCA, err = p.issue(csca, nil, &p.CSCAKey.PublicKey, p.CSCAKey); err != nil {
		return nil, err
	}
	dsName := pkix.Name{Country: []string{opts.Country}, Organization: []string{"citizenkiosk"}, CommonName: "TEST DS"}
	if p.DS, err = p.IssueDS(dsName, opts.Now.AddDate(0, -1, 0), opts.Now.AddDate(5, 0, 0), &p.DSKey.PublicKey); err != nil {
		return nil, err
	}
	dsName.CommonName = "TEST DS (expired)"
	if p.ExpiredDS, err = p.IssueDS(dsName, opts.Now.AddDate(-3, 0, 0), opts.Now.AddDate(-1, 0, 0), &p.DSKey.PublicKey); err != nil {
		return nil, err
	}
	return p, nil
}

// IssueDS issues a document signer certificate for pub.
func (p *PKI) IssueDS(subject pkix.Name, notBefore, notAfter time.Time, pub crypto.PublicKey) (*x509.Certificate, error) {
	tmpl := &x509.Certificate{
		Subject: subject, NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	return p.issue(tmpl, p.CSCA, pub, p.CSCAKey)
}

// issue signs tmpl with key, as parent (self-signed when parent is nil).
func (p *PKI) issue(tmpl, parent *x509.Certificate, pub crypto.PublicKey, key crypto.Signer) (*x509.Certificate, error) {
	p.serial++
	tmpl.SerialNumber = big.NewInt(p.serial)
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(p.rand, tmpl, parent, pub, key)
	if err != nil {
		return nil, fmt.Errorf("authtest: issue %q: %w", tmpl.Subject.CommonName, err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("authtest: parse %q: %w", tmpl.Subject.CommonName, err)
	}
	return c, nil
}

// CSCAPEM is the CSCA certificate in PEM, what `vchip --csca-out` writes and
// `read-id --trust` reads.
func (p *PKI) CSCAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CSCA.Raw})
}

// CRL is a CRL of the CSCA revoking the given certificates (RFC 5280 §5).
func (p *PKI) CRL(revoked ...*x509.Certificate) ([]byte, error) {
	tmpl := &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: p.Now.Add(-time.Hour), NextUpdate: p.Now.AddDate(0, 1, 0)}
	for _, c := range revoked {
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries,
			x509.RevocationListEntry{SerialNumber: c.SerialNumber, RevocationTime: p.Now.Add(-time.Hour)})
	}
	der, err := x509.CreateRevocationList(p.rand, tmpl, p.CSCA, p.CSCAKey)
	if err != nil {
		return nil, fmt.Errorf("authtest: CRL: %w", err)
	}
	return der, nil
}
