package auth

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Limits on trust input: the largest published master lists are a few MB.
const (
	maxTrustFile  = 32 << 20
	maxTrustFiles = 10000
)

// trustExtensions are the file names LoadTrust reads in a folder; a README beside
// the certificates is left alone.
var trustExtensions = map[string]bool{".pem": true, ".crt": true, ".cer": true, ".der": true, ".ml": true, ".crl": true}

// oidCSCAMasterList is id-icao-cscaMasterList (ICAO 9303-12 §9).
var oidCSCAMasterList = asn1.ObjectIdentifier{2, 23, 136, 1, 1, 2}

// TrustStore holds the CSCA certificates (and link certificates) that passive
// authentication trusts, and the CRLs to apply. The zero value is an empty store.
// It is not safe for concurrent modification; reads after loading are safe.
type TrustStore struct {
	cscas []*Certificate
	crls  []*revocationList
	// Skipped counts certificates of master lists that could not be parsed (for
	// example DSA or binary-field keys); they are left out, not fatal.
	Skipped int
}

// revocationList is a CRL (RFC 5280 §5) whose signature is checked when used.
type revocationList struct {
	rawIssuer  []byte
	raw        []byte
	tbs        []byte
	sigAlg     pkix.AlgorithmIdentifier
	signature  []byte
	revoked    map[string]bool // serial numbers, as decimal strings
	nextUpdate time.Time
}

// Add puts certificates into the store.
func (s *TrustStore) Add(certs ...*Certificate) { s.cscas = append(s.cscas, certs...) }

// Len is the number of certificates in the store.
func (s *TrustStore) Len() int {
	if s == nil {
		return 0
	}
	return len(s.cscas)
}

// Certificates returns the store's certificates.
func (s *TrustStore) Certificates() []*Certificate { return append([]*Certificate(nil), s.cscas...) }

// LoadTrust reads a trust store from path: a file, or the files of a folder (not its
// sub-folders) named .pem, .crt, .cer, .der, .ml or .crl. A file may hold PEM blocks (CERTIFICATE, X509 CRL, CMS) or
// one DER object: a certificate, an ICAO CSCA master list (whose signature is
// verified, ParseMasterList) or a CRL.
func LoadTrust(path string) (*TrustStore, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("trust store: %w", err)
	}
	files := []string{path}
	if fi.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("trust store: %w", err)
		}
		files = files[:0]
		for _, e := range entries {
			if e.Type().IsRegular() && trustExtensions[strings.ToLower(filepath.Ext(e.Name()))] {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
		if len(files) > maxTrustFiles {
			return nil, fmt.Errorf("trust store %s: %d files: %w", path, len(files), ErrMalformed)
		}
	}
	s := &TrustStore{}
	for _, f := range files {
		if err := s.addFile(f); err != nil {
			return nil, err
		}
	}
	if s.Len() == 0 {
		return nil, fmt.Errorf("trust store %s: %w", path, ErrNoTrust)
	}
	return s, nil
}

func (s *TrustStore) addFile(name string) error {
	fi, err := os.Stat(name)
	if err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	if fi.Size() > maxTrustFile {
		return fmt.Errorf("trust store %s: %d bytes: %w", name, fi.Size(), ErrMalformed)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	if err := s.AddBytes(b); err != nil {
		return fmt.Errorf("trust store %s: %w", filepath.Base(name), err)
	}
	return nil
}

// AddBytes adds what b holds: PEM blocks or one DER certificate, master list or CRL.
func (s *TrustStore) AddBytes(b []byte) error {
	if bytes.Contains(b, []byte("-----BEGIN")) {
		found := false
		for {
			var blk *pem.Block
			blk, b = pem.Decode(b)
			if blk == nil {
				break
			}
			found = true
			if err := s.addDER(blk.Bytes); err != nil {
				return fmt.Errorf("PEM %s: %w", blk.Type, err)
			}
		}
		if !found {
			return malformed("no PEM block")
		}
		return nil
	}
	return s.addDER(b)
}

// addDER tells a certificate, a master list and a CRL apart by their structure.
func (s *TrustStore) addDER(der []byte) error {
	cert, certErr := ParseCertificate(der)
	if certErr == nil {
		s.Add(cert)
		return nil
	}
	var ci contentInfo
	if _, err := asn1.Unmarshal(der, &ci); err == nil && ci.ContentType.Equal(oidSignedData) {
		certs, skipped, err := parseMasterList(der)
		if err != nil {
			return err
		}
		s.Add(certs...)
		s.Skipped += skipped
		return nil
	}
	if crl, err := parseCRL(der); err == nil {
		s.crls = append(s.crls, crl)
		return nil
	}
	return fmt.Errorf("neither a certificate, a master list nor a CRL: %w", certErr)
}

// ParseMasterList parses an ICAO CSCA master list (ICAO 9303-12 §9: CMS SignedData
// over CscaMasterList), verifies its signature with the master list signer
// certificate it carries and that signer's certificate with a CSCA of the list, and
// returns the CSCA certificates. A master list is only as trustworthy as where it
// came from: the check proves it is intact and self-consistent, not who sent it.
func ParseMasterList(der []byte) ([]*Certificate, error) {
	certs, _, err := parseMasterList(der)
	return certs, err
}

func parseMasterList(der []byte) ([]*Certificate, int, error) {
	if len(der) > maxTrustFile {
		return nil, 0, malformed("master list of %d bytes", len(der))
	}
	sd, err := parseSignedData(der, oidCSCAMasterList)
	if err != nil {
		return nil, 0, fmt.Errorf("master list: %w", err)
	}
	var ml struct {
		Version  int
		CertList []asn1.RawValue `asn1:"set"`
	}
	if err := unmarshalAll(sd.content, &ml, "CscaMasterList"); err != nil {
		return nil, 0, fmt.Errorf("master list: %w", err)
	}
	var certs []*Certificate
	skipped := 0
	for _, raw := range ml.CertList {
		c, err := ParseCertificate(raw.FullBytes)
		if err != nil {
			skipped++ // e.g. a key algorithm not used for eMRTDs any more
			continue
		}
		certs = append(certs, c)
	}
	signer, err := sd.signerCertificate()
	if err != nil {
		return nil, 0, fmt.Errorf("master list signer: %w", err)
	}
	if err := sd.verify(signer); err != nil {
		return nil, 0, fmt.Errorf("master list signature: %w", err)
	}
	if _, err := findIssuer(signer, certs); err != nil {
		return nil, 0, fmt.Errorf("master list signer certificate: %w", err)
	}
	if len(certs) == 0 {
		return nil, skipped, fmt.Errorf("master list: %w", ErrNoTrust)
	}
	return certs, skipped, nil
}

// findIssuer returns the certificate of pool whose key signed c. A certificate that
// c names as issuer but whose key does not verify gives ErrSignature; none named
// gives ErrUnknownCSCA. The search does not look beyond one level: ICAO chains are
// CSCA → DS (link certificates are CSCAs signed by the previous CSCA and sit in the
// trust store themselves).
func findIssuer(c *Certificate, pool []*Certificate) (*Certificate, error) {
	var sigErr error
	for _, issuer := range pool {
		if !c.issuedBy(issuer) {
			continue
		}
		err := c.CheckSignatureFrom(issuer)
		if err == nil {
			return issuer, nil
		}
		if errors.Is(err, ErrUnsupported) && sigErr == nil || errors.Is(err, ErrSignature) {
			sigErr = err
		}
	}
	if sigErr != nil {
		return nil, sigErr
	}
	return nil, fmt.Errorf("%w: issuer %q", ErrUnknownCSCA, c.Issuer)
}

// parseCRL parses a CRL; its signature is checked against the CSCA when used.
func parseCRL(der []byte) (*revocationList, error) {
	var outer struct {
		TBS       asn1.RawValue
		SigAlg    pkix.AlgorithmIdentifier
		Signature asn1.BitString
	}
	if err := unmarshalAll(der, &outer, "CRL"); err != nil {
		return nil, err
	}
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		return nil, malformed("CRL: %v", err)
	}
	crl := &revocationList{rawIssuer: rl.RawIssuer, raw: bytes.Clone(der), tbs: outer.TBS.FullBytes,
		sigAlg: outer.SigAlg, signature: outer.Signature.RightAlign(), revoked: map[string]bool{},
		nextUpdate: rl.NextUpdate}
	for _, e := range rl.RevokedCertificateEntries {
		crl.revoked[e.SerialNumber.String()] = true
	}
	return crl, nil
}

// checkRevoked looks for ds in the CRLs that csca issued and signed.
func (s *TrustStore) checkRevoked(ds, csca *Certificate) error {
	for _, crl := range s.crls {
		if !bytes.Equal(crl.rawIssuer, csca.RawSubj) {
			continue
		}
		if err := verifySignature(crl.sigAlg, 0, csca.PublicKey, crl.tbs, crl.signature); err != nil {
			return fmt.Errorf("%w: CRL of %q: %v", ErrBadCRL, csca.Subject, err)
		}
		if crl.revoked[serialKey(ds.Serial)] {
			return fmt.Errorf("%w: document signer serial %v on the CRL of %q", ErrRevoked, ds.Serial, csca.Subject)
		}
	}
	return nil
}

func serialKey(n *big.Int) string { return n.String() }
