/*
 * A stand-in for Windows' bcryptprimitives.dll, for the Wine test only (never shipped).
 * Go 1.22 and later fetch random bytes through ProcessPrng from that DLL, which every
 * supported Windows has but Wine 8.0 (Debian 12) does not; without it a Go program dies
 * before main. This forwards to BCryptGenRandom, which Wine does implement.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
