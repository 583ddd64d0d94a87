// Package cpu is rog's version of Go's internal/cpu (an overlay:
// runtime/go/BUILD.bazel).
//
// Go's package detects CPU features (CPUID, auxv) so that std packages can
// pick their assembly implementations (crypto/aes, crypto/sha256,
// hash/crc32, math/big, ...). rog compiles no assembly (DESIGN.md §6):
// every feature flag stays false, which is exactly what sends those
// packages down their pure-Go paths. The variables and types are the API
// std uses, with Go's field names; the CacheLinePad sizes are the real
// ones of amd64 and arm64, since they keep hot fields apart.
//
// Initialize still understands GODEBUG=cpu.NAME=off (a no-op: nothing is
// on) and rejects nothing, so programs that set it behave as under gc.
package cpu

// DebugOptions is set by the runtime when GODEBUG options are processed;
// rog's runtime never sets it.
var DebugOptions bool

// CacheLinePadSize is the cache line size of amd64 and arm64.
const CacheLinePadSize = 64

// CacheLinePad separates fields that different CPUs write.
type CacheLinePad struct{ _ [CacheLinePadSize]byte }

// CacheLineSize is the assumed cache line size.
var CacheLineSize uintptr = CacheLinePadSize

// HWCap and HWCap2 hold the auxv hardware capability words on linux/arm64
// under gc; rog's runtime does not fill them (no feature is used).
var HWCap, HWCap2 uint

// X86 features (all false under rog).
var X86 struct {
	_            CacheLinePad
	HasAES       bool
	HasADX       bool
	HasAVX       bool
	HasAVX2      bool
	HasBMI1      bool
	HasBMI2      bool
	HasERMS      bool
	HasFMA       bool
	HasOSXSAVE   bool
	HasPCLMULQDQ bool
	HasPOPCNT    bool
	HasRDTSCP    bool
	HasSSE3      bool
	HasSSSE3     bool
	HasSSE41     bool
	HasSSE42     bool
	_            CacheLinePad
}

// ARM features (all false under rog).
var ARM struct {
	_        CacheLinePad
	HasVFPv4 bool
	HasIDIVA bool
	_        CacheLinePad
}

// ARM64 features (all false under rog).
var ARM64 struct {
	_            CacheLinePad
	HasAES       bool
	HasPMULL     bool
	HasSHA1      bool
	HasSHA2      bool
	HasCRC32     bool
	HasATOMICS   bool
	HasCPUID     bool
	IsNeoverseN1 bool
	IsZeus       bool
	_            CacheLinePad
}

// MIPS64X features (all false under rog).
var MIPS64X struct {
	_      CacheLinePad
	HasMSA bool
	_      CacheLinePad
}

// PPC64 features (all false under rog).
var PPC64 struct {
	_         CacheLinePad
	HasDARN   bool
	HasSCV    bool
	IsPOWER8  bool
	IsPOWER9  bool
	IsPOWER10 bool
	_         CacheLinePad
}

// S390X features (all false under rog).
var S390X struct {
	_         CacheLinePad
	HasZARCH  bool
	HasSTFLE  bool
	HasLDISP  bool
	HasEIMM   bool
	HasDFP    bool
	HasETF3EH bool
	HasMSA    bool
	HasAES    bool
	HasAESCBC bool
	HasAESCTR bool
	HasAESGCM bool
	HasGHASH  bool
	HasSHA1   bool
	HasSHA256 bool
	HasSHA512 bool
	HasSHA3   bool
	HasVX     bool
	HasVXE    bool
	HasKDSA   bool
	HasECDSA  bool
	HasEDDSA  bool
	_         CacheLinePad
}

// Initialize is called by gc's runtime with the GODEBUG value. There is
// nothing to detect, and GODEBUG can only turn features off.
func Initialize(env string) {
	_ = env
}

// Name is the CPU's marketing name; rog does not read it ("" means
// unknown, as on architectures where gc does not either).
func Name() string {
	return ""
}
