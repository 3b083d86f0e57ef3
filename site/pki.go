package site

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// A centre's own small PKI: one site CA, the desk's server certificate, and a client
// certificate per machine whose OU is its role. The CA's key stays in the directory (mode
// 0600) so that a machine added later gets its certificate from the same CA; keep the
// directory on the desk, or better offline, never on a kiosk.

const (
	caValidity   = 10 * 365 * 24 * time.Hour
	leafValidity = 825 * 24 * time.Hour // the longest browsers accept; a site renews yearly
)

// Machine is one client certificate to make: its name (CN, which scopes its idempotency
// keys, so each machine needs its own) and the roles it may play (OU).
type Machine struct {
	Name  string
	Roles []Role
}

// PKIFiles names the files of a site PKI in dir.
type PKIFiles struct{ Dir string }

// CA is the site CA's certificate, which every machine trusts.
func (f PKIFiles) CA() string { return filepath.Join(f.Dir, "ca.pem") }

// CAKey is the site CA's key: keep it on the desk or offline, never on a kiosk.
func (f PKIFiles) CAKey() string { return filepath.Join(f.Dir, "ca-key.pem") }

// Desk is the desk's server certificate and key.
func (f PKIFiles) Desk() (cert, key string) { return f.pair("desk") }

// Machine is the certificate and key of the machine name.
func (f PKIFiles) Machine(name string) (cert, key string) { return f.pair(name) }

func (f PKIFiles) pair(name string) (string, string) {
	return filepath.Join(f.Dir, name+".pem"), filepath.Join(f.Dir, name+"-key.pem")
}

// WritePKI makes the site CA in dir (or loads the one there), the desk's certificate for
// hosts (IP addresses or DNS names) unless it exists, and a certificate for each machine.
// It refuses to overwrite a machine's files. Keys are ECDSA P-256, written with mode 0600.
func WritePKI(dir string, hosts []string, machines []Machine) (PKIFiles, error) {
	f := PKIFiles{Dir: dir}
	for _, m := range machines {
		if err := checkMachine(m); err != nil {
			return f, err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return f, fmt.Errorf("site PKI: %w", err)
	}
	ca, caKey, err := loadOrMakeCA(f)
	if err != nil {
		return f, err
	}
	now := time.Now().Add(-time.Hour) // tolerate a little clock skew between machines
	deskCert, deskKey := f.Desk()
	if _, err := os.Stat(deskCert); errors.Is(err, fs.ErrNotExist) {
		if len(hosts) == 0 {
			return f, fmt.Errorf("%w: no host for the desk's certificate", ErrConfig)
		}
		tmpl := &x509.Certificate{Subject: pkix.Name{CommonName: hosts[0]}, NotBefore: now,
			NotAfter: now.Add(leafValidity), KeyUsage: x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
		for _, h := range hosts {
			if ip := net.ParseIP(h); ip != nil {
				tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			} else {
				tmpl.DNSNames = append(tmpl.DNSNames, h)
			}
		}
		if err := signPair(tmpl, ca, caKey, deskCert, deskKey); err != nil {
			return f, err
		}
	}
	for _, m := range machines {
		ou := make([]string, 0, len(m.Roles))
		for _, r := range m.Roles {
			ou = append(ou, string(r))
		}
		cert, key := f.Machine(m.Name)
		tmpl := &x509.Certificate{Subject: pkix.Name{CommonName: m.Name, OrganizationalUnit: ou},
			NotBefore: now, NotAfter: now.Add(leafValidity), KeyUsage: x509.KeyUsageDigitalSignature,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
		if err := signPair(tmpl, ca, caKey, cert, key); err != nil {
			return f, err
		}
	}
	return f, nil
}

func checkMachine(m Machine) error {
	if m.Name == "" || m.Name == "desk" || m.Name == "ca" || len(m.Name) > 64 ||
		filepath.Base(m.Name) != m.Name || m.Name[0] == '.' {
		return fmt.Errorf("%w: machine name %q", ErrConfig, m.Name)
	}
	for _, r := range m.Roles {
		if !slices.Contains(Roles, r) {
			return fmt.Errorf("%w: role %q (want %v)", ErrConfig, r, Roles)
		}
	}
	return nil
}

func loadOrMakeCA(f PKIFiles) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	certPEM, err := os.ReadFile(f.CA())
	if errors.Is(err, fs.ErrNotExist) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, nil, fmt.Errorf("site PKI: CA key: %w", err)
		}
		now := time.Now().Add(-time.Hour)
		tmpl := &x509.Certificate{Subject: pkix.Name{CommonName: "citizenkiosk site CA"}, NotBefore: now,
			NotAfter: now.Add(caValidity), IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
		der, err := sign(tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			return nil, nil, err
		}
		if err := writeKey(f.CAKey(), key); err != nil {
			return nil, nil, err
		}
		if err := writePEMFile(f.CA(), "CERTIFICATE", der); err != nil {
			return nil, nil, err
		}
		ca, err := x509.ParseCertificate(der)
		return ca, key, err
	}
	if err != nil {
		return nil, nil, fmt.Errorf("site PKI: %w", err)
	}
	keyPEM, err := os.ReadFile(f.CAKey())
	if err != nil {
		return nil, nil, fmt.Errorf("site PKI: the CA's key: %w", err)
	}
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, fmt.Errorf("%w: %s or its key is not PEM", ErrConfig, f.CA())
	}
	ca, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: site CA: %w", ErrConfig, err)
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	key, ok := k.(*ecdsa.PrivateKey)
	if err != nil || !ok {
		return nil, nil, fmt.Errorf("%w: site CA key is not a PKCS #8 ECDSA key", ErrConfig)
	}
	return ca, key, nil
}

// signPair makes a key for tmpl, signs it with the CA and writes both files, new only.
func signPair(tmpl, ca *x509.Certificate, caKey *ecdsa.PrivateKey, certPath, keyPath string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("site PKI: key: %w", err)
	}
	der, err := sign(tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	if err := writeKey(keyPath, key); err != nil {
		return err
	}
	return writePEMFile(certPath, "CERTIFICATE", der)
}

func sign(tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, parentKey *ecdsa.PrivateKey) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("site PKI: serial: %w", err)
	}
	tmpl.SerialNumber = serial
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		return nil, fmt.Errorf("site PKI: certificate %q: %w", tmpl.Subject.CommonName, err)
	}
	return der, nil
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("site PKI: encode key: %w", err)
	}
	return writePEMFile(path, "PRIVATE KEY", der)
}

// writePEMFile writes a new file only: overwriting a key would strand the certificates
// already handed out with it.
func writePEMFile(path, block string, der []byte) error {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("site PKI: %w", err)
	}
	if err := pem.Encode(file, &pem.Block{Type: block, Bytes: der}); err != nil {
		_ = file.Close()
		return fmt.Errorf("site PKI: write %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("site PKI: write %s: %w", path, err)
	}
	return nil
}
