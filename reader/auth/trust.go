package auth

import (
	"bytes"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Limits on trust input: the largest published master lists are a few MB.
const (
	maxTrustFile  = 32 << 20
	maxTrustFiles = 10000
)

// trustExtensions are the file names LoadTrust reads in a folder; a README beside
// the certificates is left alone.
var trustExtensions = map[string]bool{".pem": true, ".crt": true, ".cer": true, ".der": true, ".ml": true, ".crl": true}

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
