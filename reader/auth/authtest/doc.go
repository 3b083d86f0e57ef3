// Package authtest makes the test PKI of ICAO 9303-12 that tests, benchmarks, the
// virtual chip and the demo use: a country signing CA (CSCA) and a document signer
// (DS) generated on the spot, EF.SOD signed with them (ICAO 9303-10 §4.6.2), a CSCA
// master list (9303-12 §9) and CRLs, and the DG14 and DG15 contents for chip and
// active authentication. It can also make the SODs of a forged document: data
// changed after signing, signed by a key the DS certificate does not hold, or
// signed by an expired DS.
//
// Nothing here is secret or meant for production: keys live in memory and the
// certificates say "TEST" in their names.
package authtest
