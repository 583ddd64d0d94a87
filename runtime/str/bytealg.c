/*
 * bytealg.c: the bodyless functions of rog's package internal/bytealg
 * (runtime/go/internal/bytealg), under their Go names (abi.h [calls]:
 * a []byte is three parts ptr, len, cap; a string two, ptr, len; int is
 * intptr_t; bool is C bool).
 *
 * gc writes these in assembly per architecture; rog uses libc's memchr
 * and memcmp, which glibc vectorizes per CPU (SSE2/AVX2 on amd64, ASIMD
 * on arm64) and which use no stack: Go calls these on goroutine stacks,
 * where C may use only ROG_STACK_RUNTIME_MAX bytes. glibc's memmem was
 * rejected for that reason (its two-way search keeps a 2 KiB shift table
 * on the stack). The Go side (bytealg.go) states the contract each one keeps:
 * Index* return -1 when absent, Compare returns -1/0/+1 with shorter-is-
 * smaller, Count counts occurrences of one byte.
 *
 * Zero lengths: memchr/memcmp/memmem with n == 0 never touch the pointer,
 * but passing NULL is undefined in C, and a Go empty slice may have a nil
 * pointer, so every function returns early on empty inputs.
 *
 * Rejected: pure Go loops (what gc's *_generic.go files do on other
 * architectures). Byte-at-a-time loops are several times slower than
 * glibc's, and strings/bytes call these in their inner loops.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

intptr_t bytealg_index_byte(const uint8_t *p, intptr_t n, intptr_t cap,
                            uint8_t c) __asm__("internal/bytealg.IndexByte");
intptr_t bytealg_index_byte_string(const uint8_t *p, intptr_t n,
                                   uint8_t c) __asm__("internal/bytealg.IndexByteString");
intptr_t bytealg_count(const uint8_t *p, intptr_t n, intptr_t cap,
                       uint8_t c) __asm__("internal/bytealg.Count");
intptr_t bytealg_count_string(const uint8_t *p, intptr_t n,
                              uint8_t c) __asm__("internal/bytealg.CountString");
bool bytealg_equal(const uint8_t *a, intptr_t na, intptr_t capa, const uint8_t *b, intptr_t nb,
                   intptr_t capb) __asm__("internal/bytealg.Equal");
intptr_t bytealg_compare(const uint8_t *a, intptr_t na, intptr_t capa, const uint8_t *b, intptr_t nb,
                         intptr_t capb) __asm__("internal/bytealg.Compare");
intptr_t bytealg_index(const uint8_t *a, intptr_t na, intptr_t capa, const uint8_t *b, intptr_t nb,
                       intptr_t capb) __asm__("internal/bytealg.Index");
intptr_t bytealg_index_string(const uint8_t *a, intptr_t na, const uint8_t *b,
                              intptr_t nb) __asm__("internal/bytealg.IndexString");

static intptr_t index_byte(const uint8_t *p, intptr_t n, uint8_t c) {
  if (n <= 0) return -1;
  const uint8_t *q = memchr(p, c, (size_t)n);
  return q ? q - p : -1;
}

static intptr_t count(const uint8_t *p, intptr_t n, uint8_t c) {
  if (n <= 0) return 0; /* p may be NULL */
  intptr_t k = 0;
  const uint8_t *end = p + n;
  while (p < end) {
    const uint8_t *q = memchr(p, c, (size_t)(end - p));
    if (!q) break;
    k++;
    p = q + 1;
  }
  return k;
}

static intptr_t compare(const uint8_t *a, intptr_t na, const uint8_t *b, intptr_t nb) {
  intptr_t n = na < nb ? na : nb;
  if (n > 0) {
    int r = memcmp(a, b, (size_t)n);
    if (r) return r < 0 ? -1 : 1;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/* First b in a: memchr for b's first byte, memcmp to confirm. Worst case
 * O(len(a) * len(b)), bounded by strings.Index and bytes.Index asking only
 * for len(b) <= MaxLen (64) and switching to Rabin-Karp otherwise. */
static intptr_t index_mem(const uint8_t *a, intptr_t na, const uint8_t *b, intptr_t nb) {
  if (nb == 0) return 0;
  if (nb > na) return -1;
  const uint8_t *p = a, *last = a + (na - nb);
  while (p <= last) {
    const uint8_t *q = memchr(p, b[0], (size_t)(last - p + 1));
    if (!q) return -1;
    if (memcmp(q + 1, b + 1, (size_t)(nb - 1)) == 0) return q - a;
    p = q + 1;
  }
  return -1;
}

intptr_t bytealg_index_byte(const uint8_t *p, intptr_t n, intptr_t cap, uint8_t c) {
  (void)cap;
  return index_byte(p, n, c);
}

intptr_t bytealg_index_byte_string(const uint8_t *p, intptr_t n, uint8_t c) {
  return index_byte(p, n, c);
}

intptr_t bytealg_count(const uint8_t *p, intptr_t n, intptr_t cap, uint8_t c) {
  (void)cap;
  return count(p, n, c);
}

intptr_t bytealg_count_string(const uint8_t *p, intptr_t n, uint8_t c) {
  return count(p, n, c);
}

bool bytealg_equal(const uint8_t *a, intptr_t na, intptr_t capa, const uint8_t *b, intptr_t nb,
                   intptr_t capb) {
  (void)capa, (void)capb;
  return na == nb && (na == 0 || a == b || memcmp(a, b, (size_t)na) == 0);
}

intptr_t bytealg_compare(const uint8_t *a, intptr_t na, intptr_t capa, const uint8_t *b, intptr_t nb,
                         intptr_t capb) {
  (void)capa, (void)capb;
  return compare(a, na, b, nb);
}

intptr_t bytealg_index(const uint8_t *a, intptr_t na, intptr_t capa, const uint8_t *b, intptr_t nb,
                       intptr_t capb) {
  (void)capa, (void)capb;
  return index_mem(a, na, b, nb);
}

intptr_t bytealg_index_string(const uint8_t *a, intptr_t na, const uint8_t *b, intptr_t nb) {
  return index_mem(a, na, b, nb);
}
