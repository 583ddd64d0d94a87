/*
 * runtime/alg/alg.c: hash and equality algorithms for Go types.
 *
 * These are the functions gc's type descriptors point at (`equal` in every
 * rog_type, `hasher` in every rog_maptype), under rog's names:
 *
 *   gc                          rog (function / static closure)
 *   runtime.memhash             rog_memhash(p, seed, size)
 *   memhash0/8/16/32/64/128     rog_memhash{0,8,16,32,64,128}_closure
 *   memhash32, memhash64        rog_memhash32, rog_memhash64
 *   memhash_varlen              rog_memhash_varlen (closure code, closure_*.S)
 *   strhash                     rog_strhash
 *   f32hash, f64hash            rog_f32hash, rog_f64hash
 *   c64hash, c128hash           rog_c64hash, rog_c128hash
 *   interhash, nilinterhash     rog_interhash, rog_nilinterhash
 *   typehash                    rog_typehash
 *   memequal, memequal0..128    rog_memequal, rog_memequal{0,..,128}_closure
 *   memequal_varlen             rog_memequal_varlen
 *   strequal, f32equal, ...     rog_strequal, rog_f32equal, ...
 *   interequal, nilinterequal   rog_interequal, rog_nilinterequal
 *   efaceeq, ifaceeq            rog_efaceeq, rog_ifaceeq
 *
 * Hash function. One function of (bytes, seed, length) with two
 * implementations, chosen once at startup from CPU features:
 *   - AES: AES-NI on amd64 (aesenc), the ARMv8 crypto extension on arm64
 *     (aese + aesmc). One AES round mixes 16 bytes at ~1 cycle throughput;
 *     inputs up to 16 bytes take 3 rounds, up to 64 bytes run
 *     in 2 or 4 independent lanes, longer inputs stream 64-byte blocks
 *     through 4 lanes and then fold them.
 *   - portable: a wyhash-style multiply-fold (64x64->128 multiply, xor of
 *     the halves), for CPUs without AES instructions.
 * Both use 128 bytes of per-process key material from getrandom(2), so hash
 * values (and therefore map orders and collision patterns) differ from run
 * to run. Inputs are read with exact-size loads (two overlapping 8- or 4-byte
 * loads for short inputs), never past their end: no page-crossing tricks,
 * and ASan sees no over-reads.
 *
 * Invariants the map relies on (rog/abi.h [map]):
 *   memhash(p, s, 4) == memhash32(p, s), memhash(p, s, 8) == memhash64(p, s),
 *   strhash(&str, s) == memhash(str.ptr, s, str.len).
 *
 * Floats: +0 and -0 hash alike (they are ==); NaN hashes with a fresh random
 * seed each time, so each NaN key is its own map entry and lookups never
 * find it (NaN != NaN). Complex numbers hash their two halves in turn.
 * Interfaces hash through the dynamic type (rog_typehash), mixed with a
 * constant, and panic "runtime error: hash of unhashable type T" when the
 * dynamic type has no `equal` (slices, maps, funcs).
 *
 * Rejected: a function pointer per implementation (an indirect call on
 * every hash; a predictable branch on one global is cheaper); page-boundary
 * checked 16-byte over-reads for short keys (what gc's assembly does; in C
 * it is undefined behaviour and trips ASan); SipHash (3-4x slower for the
 * 8-byte keys that dominate maps, and maps do not need a PRF).
 */
#define _GNU_SOURCE
#include "runtime/alg/alg.h"
#include "runtime/iface/iface.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>
#ifndef HWCAP_AES
#define HWCAP_AES (1 << 3)
#endif
#endif

/* ------------------------------------------------------------ key material */

static uint8_t alg_key[128] __attribute__((aligned(16))); /* AES round keys */
static uint64_t alg_secret[4];                            /* portable */
static int alg_impl_in_use = ALG_IMPL_PORTABLE;
static bool alg_have_aes;
static uint64_t alg_rand_base;

static void alg_fill_random(void *buf, size_t n) {
  uint8_t *p = buf;
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(p + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  if (got == n) return;
  /* No getrandom (old kernel, seccomp): /dev/urandom, then the clock. */
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    while (got < n) {
      ssize_t r = read(fd, p + got, n - got);
      if (r <= 0) break;
      got += (size_t)r;
    }
    close(fd);
  }
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)getpid() << 48;
  for (; got < n; got++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    p[got] = (uint8_t)(x >> 56);
  }
}

static bool alg_cpu_has_aes(void) {
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  return (c & bit_AES) && (c & bit_SSSE3) && (d & bit_SSE2);
#elif defined(__aarch64__)
  return (getauxval(AT_HWCAP) & HWCAP_AES) != 0;
#else
  return false;
#endif
}

/* Runs before main and, with priority 101, before C++ static constructors
 * and default-priority C constructors, so no hash is computed with the key
 * material unset (a map made earlier would change hashes under itself).
 * runtime/sched's startup may call it again; it is idempotent. */
__attribute__((constructor(101))) static void alg_init(void) {
  static bool done;
  if (done) return;
  done = true;
  alg_fill_random(alg_key, sizeof alg_key);
  alg_fill_random(alg_secret, sizeof alg_secret);
  for (int i = 0; i < 4; i++)
    alg_secret[i] |= 1; /* odd multipliers */
  alg_fill_random(&alg_rand_base, sizeof alg_rand_base);
  alg_have_aes = alg_cpu_has_aes();
  alg_impl_in_use = alg_have_aes ? ALG_IMPL_AES : ALG_IMPL_PORTABLE;
}

int alg_impl(void) {
  return alg_impl_in_use;
}

bool alg_set_impl(int impl) {
  alg_init();
  if (impl == ALG_IMPL_AES && !alg_have_aes) return false;
  if (impl != ALG_IMPL_AES && impl != ALG_IMPL_PORTABLE) return false;
  alg_impl_in_use = impl;
  return true;
}

/* wyrand: one add and one multiply-fold per number. Each thread's state
 * starts from the process seed and the thread's TLS address. */
static __thread uint64_t alg_rand_state;

uint64_t alg_rand64(void) {
  if (__builtin_expect(alg_rand_state == 0, 0))
    alg_rand_state = alg_rand_base ^ (uint64_t)(uintptr_t)&alg_rand_state ^ 0x9e3779b97f4a7c15ull;
  alg_rand_state += 0xa0761d6478bd642full;
  __uint128_t r = (__uint128_t)alg_rand_state * (alg_rand_state ^ 0xe7037ed1a0b428dbull);
  return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* ------------------------------------------------------------ exact loads */

static inline uint64_t load64(const uint8_t *p) {
  return alg_load64(p);
}
static inline uint64_t load32(const uint8_t *p) {
  return alg_load32(p);
}

/* Two words that together determine n <= 16 bytes (n is mixed in apart). */
static inline void read_small(const uint8_t *p, size_t n, uint64_t *lo, uint64_t *hi) {
  if (n >= 8) {
    *lo = load64(p);
    *hi = load64(p + n - 8);
  } else if (n >= 4) {
    *lo = load32(p);
    *hi = load32(p + n - 4);
  } else if (n > 0) {
    *lo = (uint64_t)p[0] | (uint64_t)p[n >> 1] << 8 | (uint64_t)p[n - 1] << 16;
    *hi = 0;
  } else {
    *lo = 0;
    *hi = 0;
  }
}

/* ------------------------------------------------------- portable (wyhash) */

static inline uint64_t mum(uint64_t a, uint64_t b) {
  __uint128_t r = (__uint128_t)a * b;
  return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t portable_small(uint64_t lo, uint64_t hi, uint64_t seed, uint64_t n) {
  uint64_t s = seed ^ alg_secret[0];
  return mum(alg_secret[1] ^ n, mum(lo ^ alg_secret[2], hi ^ s));
}

static uint64_t portable_hash(const uint8_t *p, uint64_t seed, size_t n) {
  uint64_t lo, hi;
  if (n <= 16) {
    read_small(p, n, &lo, &hi);
    return portable_small(lo, hi, seed, n);
  }
  uint64_t s = seed ^ alg_secret[0];
  size_t i = n;
  while (i > 16) {
    s = mum(load64(p) ^ alg_secret[1], load64(p + 8) ^ s);
    p += 16;
    i -= 16;
  }
  lo = load64(p + i - 16);
  hi = load64(p + i - 8);
  return mum(alg_secret[1] ^ n, mum(lo ^ alg_secret[2], hi ^ s ^ alg_secret[3]));
}

/* ------------------------------------------------------------------- AES */

#if defined(__x86_64__) || defined(__aarch64__)
#define HAVE_AES_IMPL 1
#if defined(__x86_64__)
#define AES_TARGET __attribute__((target("aes,sse2,ssse3")))
typedef __m128i v128;
AES_TARGET static inline v128 v_round(v128 x, v128 k) {
  return _mm_aesenc_si128(x, k);
}
AES_TARGET static inline v128 v_xor(v128 a, v128 b) {
  return _mm_xor_si128(a, b);
}
AES_TARGET static inline v128 v_load(const uint8_t *p) {
  return _mm_loadu_si128((const __m128i *)p);
}
AES_TARGET static inline v128 v_set(uint64_t lo, uint64_t hi) {
  return _mm_set_epi64x((long long)hi, (long long)lo);
}
AES_TARGET static inline uint64_t v_lo(v128 x) {
  return (uint64_t)_mm_cvtsi128_si64(x);
}
#else
#define AES_TARGET __attribute__((target("aes")))
typedef uint8x16_t v128;
AES_TARGET static inline v128 v_round(v128 x, v128 k) {
  return vaesmcq_u8(vaeseq_u8(x, k));
}
AES_TARGET static inline v128 v_xor(v128 a, v128 b) {
  return veorq_u8(a, b);
}
AES_TARGET static inline v128 v_load(const uint8_t *p) {
  return vld1q_u8(p);
}
AES_TARGET static inline v128 v_set(uint64_t lo, uint64_t hi) {
  return vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(lo), vcreate_u64(hi)));
}
AES_TARGET static inline uint64_t v_lo(v128 x) {
  return vgetq_lane_u64(vreinterpretq_u64_u8(x), 0);
}
#endif

AES_TARGET static inline v128 aes_key(int i) {
  return v_load(alg_key + 16 * i);
}

/* Seed state: the seed and length, whitened by the key. */
AES_TARGET static inline v128 aes_seed(uint64_t seed, uint64_t n) {
  return v_round(v_xor(v_set(seed, n), aes_key(0)), aes_key(1));
}

/* Up to 16 bytes: data, seed and length enter together (one xor), then
 * three rounds; two rounds already spread every input bit over all 16
 * bytes. */
AES_TARGET static inline uint64_t aes_small(uint64_t lo, uint64_t hi, uint64_t seed, uint64_t n) {
  v128 x = v_xor(v_set(lo ^ seed, hi ^ seed ^ (n << 56)), aes_key(0));
  x = v_round(x, aes_key(2));
  x = v_round(x, aes_key(3));
  x = v_round(x, aes_key(4));
  return v_lo(x);
}

/* Fold four lanes into one word: pairs first, then the pair results. */
AES_TARGET static inline uint64_t aes_fold4(v128 h0, v128 h1, v128 h2, v128 h3) {
  v128 a = v_round(v_xor(h0, v_round(h1, aes_key(5))), aes_key(6));
  v128 b = v_round(v_xor(h2, v_round(h3, aes_key(5))), aes_key(7));
  v128 x = v_round(v_xor(a, v_round(b, aes_key(2))), aes_key(3));
  return v_lo(v_round(x, aes_key(4)));
}

AES_TARGET static uint64_t aes_hash(const uint8_t *p, uint64_t seed, size_t n) {
  if (n <= 16) {
    uint64_t lo, hi;
    read_small(p, n, &lo, &hi);
    return aes_small(lo, hi, seed, n);
  }
  v128 s = aes_seed(seed, n);
  v128 s0 = v_round(s, aes_key(2)), s1 = v_round(s, aes_key(3));
  if (n <= 32) {
    v128 h0 = v_round(v_xor(v_load(p), s0), aes_key(4));
    v128 h1 = v_round(v_xor(v_load(p + n - 16), s1), aes_key(4));
    v128 x = v_round(v_xor(h0, v_round(h1, aes_key(5))), aes_key(6));
    return v_lo(v_round(x, aes_key(7)));
  }
  v128 s2 = v_round(s, aes_key(4)), s3 = v_round(s, aes_key(5));
  if (n <= 64) {
    v128 h0 = v_round(v_xor(v_load(p), s0), aes_key(6));
    v128 h1 = v_round(v_xor(v_load(p + 16), s1), aes_key(6));
    v128 h2 = v_round(v_xor(v_load(p + n - 32), s2), aes_key(6));
    v128 h3 = v_round(v_xor(v_load(p + n - 16), s3), aes_key(6));
    return aes_fold4(h0, h1, h2, h3);
  }
  v128 h0 = s0, h1 = s1, h2 = s2, h3 = s3;
  const uint8_t *end = p + n;
  while (end - p > 64) {
    h0 = v_round(v_xor(h0, v_load(p)), aes_key(4));
    h1 = v_round(v_xor(h1, v_load(p + 16)), aes_key(5));
    h2 = v_round(v_xor(h2, v_load(p + 32)), aes_key(6));
    h3 = v_round(v_xor(h3, v_load(p + 48)), aes_key(7));
    p += 64;
  }
  /* The last 64 bytes (overlapping what the loop consumed if n % 64 != 0). */
  h0 = v_round(v_xor(h0, v_load(end - 64)), aes_key(0));
  h1 = v_round(v_xor(h1, v_load(end - 48)), aes_key(1));
  h2 = v_round(v_xor(h2, v_load(end - 32)), aes_key(2));
  h3 = v_round(v_xor(h3, v_load(end - 16)), aes_key(3));
  return aes_fold4(h0, h1, h2, h3);
}
#endif

/* --------------------------------------------------------- memory hashes */

static inline uint64_t hash_small(uint64_t lo, uint64_t hi, uint64_t seed, uint64_t n) {
#ifdef HAVE_AES_IMPL
  if (__builtin_expect(alg_impl_in_use == ALG_IMPL_AES, 1)) return aes_small(lo, hi, seed, n);
#endif
  return portable_small(lo, hi, seed, n);
}

uintptr_t rog_memhash(const void *p, uintptr_t seed, uintptr_t size) {
#ifdef HAVE_AES_IMPL
  if (__builtin_expect(alg_impl_in_use == ALG_IMPL_AES, 1)) return aes_hash(p, seed, size);
#endif
  return portable_hash(p, seed, size);
}

uintptr_t alg_memhash32_value(uint32_t v, uintptr_t seed) {
  return hash_small(v, v, seed, 4);
}
uintptr_t alg_memhash64_value(uint64_t v, uintptr_t seed) {
  return hash_small(v, v, seed, 8);
}
uintptr_t rog_memhash32(const void *p, uintptr_t seed) {
  return alg_memhash32_value((uint32_t)load32(p), seed);
}
uintptr_t rog_memhash64(const void *p, uintptr_t seed) {
  return alg_memhash64_value(load64(p), seed);
}

uintptr_t rog_strhash(const void *p, uintptr_t seed) {
  const rog_string *s = p;
  return rog_memhash(s->ptr, seed, (uintptr_t)s->len);
}

static uintptr_t memhash0(const void *p, uintptr_t seed) {
  (void)p;
  return seed;
}
static uintptr_t memhash8(const void *p, uintptr_t seed) {
  return rog_memhash(p, seed, 1);
}
static uintptr_t memhash16(const void *p, uintptr_t seed) {
  return rog_memhash(p, seed, 2);
}
static uintptr_t memhash128(const void *p, uintptr_t seed) {
  return rog_memhash(p, seed, 16);
}

/* ---------------------------------------------------------- float hashes */

/* Mixed into float and interface hashes so they differ from the plain
 * memory hash of the same bits (gc does the same with its c0/c1). */
#define ALG_C1 0x9e3779b97f4a7c15ull

uintptr_t rog_f32hash(const void *p, uintptr_t seed) {
  float f;
  memcpy(&f, p, 4);
  if (f == 0) {
    uint32_t zero = 0;
    return ALG_C1 * rog_memhash32(&zero, seed); /* +0 and -0 */
  }
  if (f != f) return ALG_C1 * rog_memhash32(p, seed ^ (uintptr_t)alg_rand64()); /* NaN */
  return ALG_C1 * rog_memhash32(p, seed);
}

uintptr_t rog_f64hash(const void *p, uintptr_t seed) {
  double f;
  memcpy(&f, p, 8);
  if (f == 0) {
    uint64_t zero = 0;
    return ALG_C1 * rog_memhash64(&zero, seed);
  }
  if (f != f) return ALG_C1 * rog_memhash64(p, seed ^ (uintptr_t)alg_rand64());
  return ALG_C1 * rog_memhash64(p, seed);
}

uintptr_t rog_c64hash(const void *p, uintptr_t seed) {
  const float *x = p;
  return rog_f32hash(x + 1, rog_f32hash(x, seed));
}

uintptr_t rog_c128hash(const void *p, uintptr_t seed) {
  const double *x = p;
  return rog_f64hash(x + 1, rog_f64hash(x, seed));
}

/* ------------------------------------------------------------ type names */

/* Names come from runtime/iface, which knows how to resolve a descriptor's
 * name offset (static type section or reflect's registry). */
void alg_type_string(const rog_type *t, char *buf, size_t n) {
  if (n == 0) return;
  if (t == NULL || t->str == 0) {
    snprintf(buf, n, "?");
    return;
  }
  rog_string s = iface_type_string(t);
  size_t len = (size_t)s.len < n - 1 ? (size_t)s.len : n - 1;
  memcpy(buf, s.ptr, len);
  buf[len] = 0;
}

static bool name_is_blank(const uint8_t *name) {
  if (name == NULL) return false;
  rog_string s = iface_name_string((iface_name){name});
  return s.len == 1 && s.ptr[0] == '_';
}

/* ----------------------------------------------------------------- panics */

/* Weak references: runtime/panic provides the real hooks. */
extern void rog_panic_runtime_error(const char *msg, bool plain) __attribute__((weak));
extern void rog_fatal(const char *msg) __attribute__((weak));

void alg_panic(const char *msg, bool plain) {
  if (rog_panic_runtime_error) rog_panic_runtime_error(msg, plain);
  fprintf(stderr, plain ? "panic: %s\n" : "panic: runtime error: %s\n", msg);
  fflush(stderr);
  _exit(2);
}

void alg_fatal(const char *msg) {
  if (rog_fatal) rog_fatal(msg);
  fprintf(stderr, "fatal error: %s\n", msg);
  fflush(stderr);
  _exit(2);
}

void alg_panic_unhashable(const rog_type *t) {
  char name[256], msg[300];
  alg_type_string(t, name, sizeof name);
  snprintf(msg, sizeof msg, "hash of unhashable type %s", name);
  alg_panic(msg, false);
}

static _Noreturn void alg_panic_uncomparable(const rog_type *t) {
  char name[256], msg[300];
  alg_type_string(t, name, sizeof name);
  snprintf(msg, sizeof msg, "comparing uncomparable type %s", name);
  alg_panic(msg, false);
}

/* ------------------------------------------------ interface and typehash */

static uintptr_t iface_hash(const rog_type *t, void *data, uintptr_t seed) {
  if (t->equal == NULL) alg_panic_unhashable(t);
  const void *p = (t->kind & ROG_KIND_DIRECT_IFACE) ? (const void *)&data : data;
  return ALG_C1 * rog_typehash(t, p, seed ^ 0x3c6ef372fe94f82bull);
}

uintptr_t rog_interhash(const void *p, uintptr_t seed) {
  const rog_iface *x = p;
  if (x->tab == NULL) return seed;
  return iface_hash(((const rog_itab *)x->tab)->type, x->data, seed);
}

uintptr_t rog_nilinterhash(const void *p, uintptr_t seed) {
  const rog_iface *x = p;
  if (x->tab == NULL) return seed;
  return iface_hash((const rog_type *)x->tab, x->data, seed);
}

uintptr_t rog_typehash(const rog_type *t, const void *p, uintptr_t seed) {
  if (t->tflag & ROG_TFLAG_REGULAR_MEMORY) {
    if (t->size == 4) return rog_memhash32(p, seed);
    if (t->size == 8) return rog_memhash64(p, seed);
    return rog_memhash(p, seed, t->size);
  }
  switch (t->kind & ROG_KIND_MASK) {
  case ROG_KIND_FLOAT32:
    return rog_f32hash(p, seed);
  case ROG_KIND_FLOAT64:
    return rog_f64hash(p, seed);
  case ROG_KIND_COMPLEX64:
    return rog_c64hash(p, seed);
  case ROG_KIND_COMPLEX128:
    return rog_c128hash(p, seed);
  case ROG_KIND_STRING:
    return rog_strhash(p, seed);
  case ROG_KIND_INTERFACE: {
    const rog_interfacetype *it = (const rog_interfacetype *)t;
    return it->mhdr.len == 0 ? rog_nilinterhash(p, seed) : rog_interhash(p, seed);
  }
  case ROG_KIND_ARRAY: {
    const rog_arraytype *a = (const rog_arraytype *)t;
    for (uintptr_t i = 0; i < a->len; i++)
      seed = rog_typehash(a->elem, (const uint8_t *)p + i * a->elem->size, seed);
    return seed;
  }
  case ROG_KIND_STRUCT: {
    const rog_structtype *s = (const rog_structtype *)t;
    const rog_structfield *f = s->fields.ptr;
    for (intptr_t i = 0; i < s->fields.len; i++) {
      if (name_is_blank(f[i].name)) continue;
      seed = rog_typehash(f[i].typ, (const uint8_t *)p + f[i].offset, seed);
    }
    return seed;
  }
  default:
    /* Plain-memory kinds without the tflag (descriptors from older
     * compilers) still hash as memory; the rest cannot be map keys. */
    if (t->equal == NULL) alg_panic_unhashable(t);
    return rog_memhash(p, seed, t->size);
  }
}

/* --------------------------------------------------------------- equality */

bool rog_memequal(const void *p, const void *q, uintptr_t size) {
  return p == q || memcmp(p, q, size) == 0;
}
static bool memequal0(const void *p, const void *q) {
  (void)p;
  (void)q;
  return true;
}
static bool memequal8(const void *p, const void *q) {
  return *(const uint8_t *)p == *(const uint8_t *)q;
}
static bool memequal16(const void *p, const void *q) {
  return rog_memequal(p, q, 2);
}
static bool memequal32(const void *p, const void *q) {
  return load32(p) == load32(q);
}
static bool memequal64(const void *p, const void *q) {
  return load64(p) == load64(q);
}
static bool memequal128(const void *p, const void *q) {
  return rog_memequal(p, q, 16);
}

bool rog_strequal(const void *p, const void *q) {
  const rog_string *a = p, *b = q;
  return a->len == b->len && (a->ptr == b->ptr || memcmp(a->ptr, b->ptr, (size_t)a->len) == 0);
}

bool rog_f32equal(const void *p, const void *q) {
  return *(const float *)p == *(const float *)q;
}
bool rog_f64equal(const void *p, const void *q) {
  return *(const double *)p == *(const double *)q;
}
bool rog_c64equal(const void *p, const void *q) {
  const float *a = p, *b = q;
  return a[0] == b[0] && a[1] == b[1];
}
bool rog_c128equal(const void *p, const void *q) {
  const double *a = p, *b = q;
  return a[0] == b[0] && a[1] == b[1];
}

bool rog_efaceeq(const rog_type *t, void *x, void *y) {
  if (t == NULL) return true;
  if (t->equal == NULL) alg_panic_uncomparable(t);
  if (t->kind & ROG_KIND_DIRECT_IFACE) return x == y;
  return alg_call_equal(t->equal, x, y);
}

bool rog_ifaceeq(const rog_itab *tab, void *x, void *y) {
  if (tab == NULL) return true;
  return rog_efaceeq(tab->type, x, y);
}

bool rog_interequal(const void *p, const void *q) {
  const rog_iface *a = p, *b = q;
  return a->tab == b->tab && rog_ifaceeq(a->tab, a->data, b->data);
}

bool rog_nilinterequal(const void *p, const void *q) {
  const rog_iface *a = p, *b = q;
  return a->tab == b->tab && rog_efaceeq(a->tab, a->data, b->data);
}

/* ---------------------------------------------------------------- closures */

#define ALG_CLOSURE(name, fn) const rog_closure name = {(void (*)(void))(fn)}
ALG_CLOSURE(rog_memhash0_closure, memhash0);
ALG_CLOSURE(rog_memhash8_closure, memhash8);
ALG_CLOSURE(rog_memhash16_closure, memhash16);
ALG_CLOSURE(rog_memhash32_closure, rog_memhash32);
ALG_CLOSURE(rog_memhash64_closure, rog_memhash64);
ALG_CLOSURE(rog_memhash128_closure, memhash128);
ALG_CLOSURE(rog_strhash_closure, rog_strhash);
ALG_CLOSURE(rog_f32hash_closure, rog_f32hash);
ALG_CLOSURE(rog_f64hash_closure, rog_f64hash);
ALG_CLOSURE(rog_c64hash_closure, rog_c64hash);
ALG_CLOSURE(rog_c128hash_closure, rog_c128hash);
ALG_CLOSURE(rog_interhash_closure, rog_interhash);
ALG_CLOSURE(rog_nilinterhash_closure, rog_nilinterhash);
ALG_CLOSURE(rog_memequal0_closure, memequal0);
ALG_CLOSURE(rog_memequal8_closure, memequal8);
ALG_CLOSURE(rog_memequal16_closure, memequal16);
ALG_CLOSURE(rog_memequal32_closure, memequal32);
ALG_CLOSURE(rog_memequal64_closure, memequal64);
ALG_CLOSURE(rog_memequal128_closure, memequal128);
ALG_CLOSURE(rog_strequal_closure, rog_strequal);
ALG_CLOSURE(rog_f32equal_closure, rog_f32equal);
ALG_CLOSURE(rog_f64equal_closure, rog_f64equal);
ALG_CLOSURE(rog_c64equal_closure, rog_c64equal);
ALG_CLOSURE(rog_c128equal_closure, rog_c128equal);
ALG_CLOSURE(rog_interequal_closure, rog_interequal);
ALG_CLOSURE(rog_nilinterequal_closure, rog_nilinterequal);
