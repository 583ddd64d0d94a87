/*
 * asm_unreachable.c: symbols for std assembly functions that rog's
 * internal/cpu (every feature false, runtime/go/internal/cpu) makes
 * unreachable.
 *
 * Some std packages call their assembly only after a CPU feature test
 * (hash/crc32: archAvailableIEEE() is cpu.X86.HasPCLMULQDQ && ..., or
 * cpu.ARM64.HasCRC32), so under rog the pure-Go path always runs, but the
 * guarded calls still name the assembly functions and the link needs a
 * definition. These definitions exist only to link: each panics, naming
 * itself, should a feature test ever let a call through.
 *
 * Only packages whose every assembly call is feature-guarded belong here.
 * Packages that call assembly unconditionally on amd64/arm64 (crypto/sha256
 * block, math/big's arith_decl.go, ...) need their pure-Go files instead.
 * TODO(std): select those through build tags in the loader (rog's
 * equivalent of math_big_pure_go) or overlays.
 */
#include <stdint.h>

#include "rog/abi.h"

/* hash/crc32 (crc32_amd64.go, crc32_arm64.go): func(crc uint32, p []byte)
 * uint32, and castagnoliSSE42Triple's three-lane form. */
#define UNREACHABLE(cname, goname)                                                                           \
  void cname(void) __asm__(goname);                                                                          \
  void cname(void) {                                                                                         \
    rog_panic_string("rog: " goname " (assembly) called although internal/cpu reports no support");          \
  }

UNREACHABLE(crc32_castagnoli_sse42, "hash/crc32.castagnoliSSE42")
UNREACHABLE(crc32_castagnoli_sse42_triple, "hash/crc32.castagnoliSSE42Triple")
UNREACHABLE(crc32_ieee_clmul, "hash/crc32.ieeeCLMUL")
UNREACHABLE(crc32_castagnoli_update, "hash/crc32.castagnoliUpdate")
UNREACHABLE(crc32_ieee_update, "hash/crc32.ieeeUpdate")
