// Package bytealg is rog's version of Go's internal/bytealg (an overlay:
// runtime/go/BUILD.bazel). Go writes these primitives in assembly per
// architecture; rog never compiles assembly (DESIGN.md §6), so the
// bodyless functions below are C in rog's runtime (runtime/str/bytealg.c,
// on top of glibc's vectorized memchr/memcmp/memmem) and the rest is Go
// written for rog. The exported API is exactly what the standard library
// uses (strings, bytes, strconv, net, os, syscall, reflect, path).
//
// Invariants the callers in strings and bytes rely on:
//   - Index, IndexString handle any separator length 0 < len(b) <= len(a)
//     (memmem); strings.Index calls them for len(b) <= MaxLen, and after a
//     brute-force loop has failed more than Cutover(i) times.
//   - the Rabin-Karp helpers hash with PrimeRK so that the rolling update
//     in strings.LastIndex / bytes.LastIndex matches HashStrRev.
package bytealg

// MaxBruteForce is the longest haystack for which strings.Index hands the
// search straight to IndexString instead of first scanning for the first
// byte of the separator.
const MaxBruteForce = 64

// MaxLen is the longest separator Index and IndexString are asked to
// search for by strings.Index and bytes.Index (longer ones go to
// Rabin-Karp). memmem has no limit; 64 keeps Go's division of labour.
var MaxLen = 64

// Cutover is how many false first-byte matches strings.Index tolerates,
// having scanned n bytes, before it switches to IndexString: a few to
// start with, then one per 8 bytes scanned.
func Cutover(n int) int {
	return 4 + n/8
}

// PrimeRK is the multiplier of the Rabin-Karp rolling hash.
const PrimeRK = 16777619

// IndexByte is the index of the first c in b, or -1.
func IndexByte(b []byte, c byte) int

// IndexByteString is the index of the first c in s, or -1.
func IndexByteString(s string, c byte) int

// Count is the number of c in b.
func Count(b []byte, c byte) int

// CountString is the number of c in s.
func CountString(s string, c byte) int

// Equal reports whether a and b have the same length and bytes.
func Equal(a, b []byte) bool

// Compare is -1, 0 or +1 as a sorts before, equal to, or after b
// (bytewise; a proper prefix sorts first).
func Compare(a, b []byte) int

// Index is the index of the first b in a, or -1 (0 for an empty b).
func Index(a, b []byte) int

// IndexString is the index of the first b in a, or -1 (0 for an empty b).
func IndexString(a, b string) int

// HashStr is the Rabin-Karp hash of sep read forwards, and PrimeRK to the
// power len(sep) (what removing the oldest byte from a window needs).
func HashStr(sep string) (uint32, uint32) {
	var h uint32
	for i := 0; i < len(sep); i++ {
		h = h*PrimeRK + uint32(sep[i])
	}
	return h, powRK(len(sep))
}

// HashStrBytes is HashStr of a byte slice.
func HashStrBytes(sep []byte) (uint32, uint32) {
	return HashStr(string(sep))
}

// HashStrRev is the hash of sep read backwards (for LastIndex) and
// PrimeRK to the power len(sep).
func HashStrRev(sep string) (uint32, uint32) {
	var h uint32
	for i := len(sep) - 1; i >= 0; i-- {
		h = h*PrimeRK + uint32(sep[i])
	}
	return h, powRK(len(sep))
}

// HashStrRevBytes is HashStrRev of a byte slice.
func HashStrRevBytes(sep []byte) (uint32, uint32) {
	return HashStrRev(string(sep))
}

// powRK is PrimeRK**n (mod 2**32), by squaring.
func powRK(n int) uint32 {
	var pow, sq uint32 = 1, PrimeRK
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			pow *= sq
		}
		sq *= sq
	}
	return pow
}

// IndexRabinKarp is the index of the first substr in s, or -1, by a
// rolling hash over windows of len(substr) bytes, each hash match
// confirmed by a comparison.
func IndexRabinKarp(s, substr string) int {
	n := len(substr)
	if n > len(s) {
		return -1
	}
	want, pow := HashStr(substr)
	var h uint32
	for i := 0; i < n; i++ {
		h = h*PrimeRK + uint32(s[i])
	}
	for i := n; ; i++ {
		if h == want && s[i-n:i] == substr {
			return i - n
		}
		if i == len(s) {
			return -1
		}
		h = h*PrimeRK + uint32(s[i]) - pow*uint32(s[i-n])
	}
}

// IndexRabinKarpBytes is IndexRabinKarp of byte slices.
func IndexRabinKarpBytes(s, sep []byte) int {
	return IndexRabinKarp(string(s), string(sep))
}
