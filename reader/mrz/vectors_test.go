package mrz

// Named test vectors from ICAO Doc 9303 (the specimen documents of Utopia, "UTO").
const (
	// ICAO 9303-4 §4.2.2, Figure: the TD3 passport specimen.
	specimenTD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" +
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10"
	// ICAO 9303-5 §4.2.2: the TD1 card specimen.
	specimenTD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n" +
		"7408122F1204159UTO<<<<<<<<<<<6\n" +
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
	// ICAO 9303-6 §4.2.2: the TD2 card specimen.
	specimenTD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n" +
		"D231458907UTO7408122F1204159<<<<<<<6"
	// ICAO 9303-11 Appendix D.2: the document of the BAC worked example (document number
	// of 8 characters, so its field ends in a filler).
	bacExampleTD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" +
		"L898902C<3UTO6908061F9406236ZE184226B<<<<<14"
	bacExampleKeyInformation = "L898902C<369080619406236"
	// ICAO 9303-11 Appendix D.2: a TD1 whose 12-character document number D23145890734
	// continues in the optional data (ICAO 9303-5 §4.2.4).
	longNumberTD1 = "I<UTOD23145890<7349<<<<<<<<<<<\n" +
		"3407127M9507122UTO<<<<<<<<<<<2\n" +
		"STEVENSON<<PETER<JOHN<<<<<<<<<"
	longNumberKeyInformation = "D23145890734934071279507122"
	// The same document as TD2 (ICAO 9303-6 has the same rule).
	longNumberTD2 = "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\n" +
		"D23145890<UTO3407127M95071227349<<<8"
)
