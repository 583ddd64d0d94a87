/*
 * runtime/alg/alg.h: what the rest of the runtime (runtime/map first) uses
 * from the type algorithms beyond the public entry points in rog/abi.h.
 *
 * Everything here is internal (hidden visibility); generated code only sees
 * abi.h. The trampolines call a Go func value (closure) from C with the
 * closure pointer in the nest register, as generated code would.
 */
#ifndef ROG_ALG_ALG_H
#define ROG_ALG_ALG_H

#include <rog/abi.h>

#define ALG_HIDDEN __attribute__((visibility("hidden")))

#ifdef __cplusplus
extern "C" {
#endif

/* Call a hasher func(p, seed) uintptr / an equality func(p, q) bool through
 * its closure (runtime/alg/closure_*.S: nest register = c, jump to c->fn). */
ALG_HIDDEN uintptr_t alg_call_hasher(const rog_closure *c, const void *p, uintptr_t seed);
ALG_HIDDEN bool alg_call_equal(const rog_closure *c, const void *p, const void *q);

/* rog_memhash64/32 of a value instead of through a pointer (same result),
 * so callers' keys can stay in registers. */
ALG_HIDDEN uintptr_t alg_memhash64_value(uint64_t v, uintptr_t seed);
ALG_HIDDEN uintptr_t alg_memhash32_value(uint32_t v, uintptr_t seed);

/* Per-thread fast random numbers (wyrand), seeded from getrandom. For map
 * seeds, iteration starts and NaN hashes; not for cryptography. */
ALG_HIDDEN uint64_t alg_rand64(void);

/* Which hash implementation is in use (chosen at startup by CPU features). */
enum { ALG_IMPL_PORTABLE = 0, ALG_IMPL_AES = 1 };
ALG_HIDDEN int alg_impl(void);
/* Tests only: force an implementation. Returns false if the CPU cannot run
 * it. Changing it while maps exist makes their hashes inconsistent. */
ALG_HIDDEN bool alg_set_impl(int impl);

/* The Go name of type t ("[]int", "map[string]int", "main.T") written into
 * buf (NUL-terminated, truncated to n bytes). "?" when t has no name data. */
ALG_HIDDEN void alg_type_string(const rog_type *t, char *buf, size_t n);

/* Panic with a runtime.Error (plain: gc's plainError, no "runtime error: "
 * prefix) or die with "fatal error: MSG", through the runtime/panic hooks
 * (rog_panic_runtime_error, rog_fatal) when linked, else print gc's
 * message and exit(2). */
ALG_HIDDEN _Noreturn void alg_panic(const char *msg, bool plain);
ALG_HIDDEN _Noreturn void alg_fatal(const char *msg);

/* Exact-size unaligned loads. */
static inline uint64_t alg_load64(const void *p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}
static inline uint32_t alg_load32(const void *p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

/* Panic "runtime error: hash of unhashable type T" (never returns). */
ALG_HIDDEN _Noreturn void alg_panic_unhashable(const rog_type *t);

#ifdef __cplusplus
}
#endif
#endif
