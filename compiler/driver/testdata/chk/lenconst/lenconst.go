// Package lenconst: len of an array reached through a conversion is a
// constant (a conversion is not a function call); the checker once got
// this wrong when the caller kept no TypesInfo (runtime/debug's
// len(((*runtime.MemStats)(nil)).PauseNs)).
package lenconst

type S struct{ A [4]int }

// N is 4.
const N = len(((*S)(nil)).A)
