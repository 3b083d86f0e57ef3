package authtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"slices"
)

// Forgeries SignSOD can make, as `vchip --tamper` names them.
const (
	TamperNone      = ""
	TamperDG1       = "dg1"        // DG1 changed after signing (the caller changes it; see ChangeDG1)
	TamperDSKey     = "ds-key"     // signed by a key the DS certificate does not hold
	TamperExpiredDS = "expired-ds" // signed by a DS whose certificate has expired
	TamperClone     = "clone"      // the chip's active authentication key is not DG15's (vchip's business)
)

// Tampers lists the switches, for flag help and tests.
var Tampers = []string{TamperDG1, TamperDSKey, TamperExpiredDS, TamperClone}

type dataGroupHash struct {
	Number int
	Hash   []byte
}

type ldsSecurityObject struct {
	Version       int
	HashAlgorithm pkix.AlgorithmIdentifier
	Hashes        []dataGroupHash
}

// SignSOD makes EF.SOD (tag 77) over the data groups dgs (number → file bytes, tag
// included) with SHA-256, signed by the DS. tamper picks a forgery: TamperDSKey signs
// with a fresh key, TamperExpiredDS names the expired DS certificate; the others
// sign honestly (the data or the chip are what is forged).
func (p *PKI) SignSOD(dgs map[int][]byte, tamper string) ([]byte, error) {
	return p.SignSODWith(dgs, crypto.SHA256, tamper)
}

// SignSODWith is SignSOD with the data group hash algorithm h (ICAO 9303-10 §4.6.2.3).
func (p *PKI) SignSODWith(dgs map[int][]byte, h crypto.Hash, tamper string) ([]byte, error) {
	content, err := ldsSecurityObjectDER(dgs, h)
	if err != nil {
		return nil, err
	}
	cert, key := p.DS, crypto.Signer(p.DSKey)
	switch tamper {
	case TamperDSKey:
		if key, err = ecdsa.GenerateKey(elliptic.P256(), p.rand); err != nil {
			return nil, fmt.Errorf("authtest: forger's key: %w", err)
		}
	case TamperExpiredDS:
		cert = p.ExpiredDS
	case TamperNone, TamperDG1, TamperClone:
	default:
		return nil, fmt.Errorf("authtest: unknown tamper %q", tamper)
	}
	ci, err := signCMS(p.rand, oidLDSSecurityObject, content, cert, key)
	if err != nil {
		return nil, err
	}
	return tlv(0x77, ci), nil
}

// SignSODAs signs EF.SOD over dgs (SHA-256) naming cert as the document signer and
// signing with key: for tests of certificates that are wrong in other ways.
func (p *PKI) SignSODAs(dgs map[int][]byte, cert *x509.Certificate, key crypto.Signer) ([]byte, error) {
	content, err := ldsSecurityObjectDER(dgs, crypto.SHA256)
	if err != nil {
		return nil, err
	}
	ci, err := signCMS(p.rand, oidLDSSecurityObject, content, cert, key)
	if err != nil {
		return nil, err
	}
	return tlv(0x77, ci), nil
}

// ldsSecurityObjectDER is the LDSSecurityObject over dgs with hash h.
func ldsSecurityObjectDER(dgs map[int][]byte, h crypto.Hash) ([]byte, error) {
	oid, ok := hashOIDs[h]
	if !ok {
		return nil, fmt.Errorf("authtest: hash %v", h)
	}
	lso := ldsSecurityObject{HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oid}}
	numbers := make([]int, 0, len(dgs))
	for n := range dgs {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	for _, n := range numbers {
		d := h.New()
		d.Write(dgs[n])
		lso.Hashes = append(lso.Hashes, dataGroupHash{Number: n, Hash: d.Sum(nil)})
	}
	content, err := asn1.Marshal(lso)
	if err != nil {
		return nil, fmt.Errorf("authtest: LDSSecurityObject: %w", err)
	}
	return content, nil
}

// MasterList makes an ICAO CSCA master list (ICAO 9303-12 §9) holding the CSCAs
// given (p's own when none), signed by a master list signer that p's CSCA issued.
func (p *PKI) MasterList(cscas ...*x509.Certificate) ([]byte, error) {
	if len(cscas) == 0 {
		cscas = []*x509.Certificate{p.CSCA}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), p.rand)
	if err != nil {
		return nil, fmt.Errorf("authtest: master list signer key: %w", err)
	}
	signer, err := p.issue(&x509.Certificate{
		Subject:   pkix.Name{Country: p.CSCA.Subject.Country, CommonName: "TEST MASTER LIST SIGNER"},
		NotBefore: p.Now.AddDate(0, -1, 0), NotAfter: p.Now.AddDate(1, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}, p.CSCA, &key.PublicKey, p.CSCAKey)
	if err != nil {
		return nil, err
	}
	ml := struct {
		Version  int
		CertList []asn1.RawValue `asn1:"set"`
	}{}
	for _, c := range cscas {
		ml.CertList = append(ml.CertList, raw(c.Raw))
	}
	content, err := asn1.Marshal(ml)
	if err != nil {
		return nil, fmt.Errorf("authtest: CscaMasterList: %w", err)
	}
	return signCMS(p.rand, oidCSCAMasterList, content, signer, key)
}
