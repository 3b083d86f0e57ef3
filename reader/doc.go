// Package reader reads identity documents: it finds a card through PC/SC, derives the
// access key from the MRZ or the CAN, opens a secure channel with PACE or BAC
// (ICAO 9303-11), reads the LDS files (DG1, DG2, DG11, EF.SOD) and reports progress.
// Sub-packages hold the parts: mrz, iso7816, icao, lds, pcsc and the virtual chip vchip.
package reader
