/*
 * runtime/panic/errors.c: the runtime errors generated code and the runtime
 * raise (abi.h [panic]: rog_panic_index ... rog_panic_makeslice_cap; the
 * rog_panic_string / rog_panic_runtime_error / rog_fatal /
 * rog_panic_typeassert hooks of sched, alg, map, iface).
 *
 * The panic values are those of rog's Go runtime package
 * (runtime/go/runtime/error.go): boundsError, errorString, plainError,
 * *TypeAssertionError, all runtime.Error. C builds them by calling small Go
 * functions of that package by their symbol names (goPanicBounds,
 * goPanicError, goPanicTypeAssert: [calls] convention), which panic. The
 * references are weak: a program without the Go package (the C tests of
 * the runtime) gets a C-built value instead (panic_cerror, printed the
 * same way), so the panic path is testable from C.
 *
 * Message texts are gc 1.19's. The bounds messages are formatted here
 * (panic_bounds_message) for both sides: the Go boundsError.Error() calls
 * it, so there is one table.
 */
#include <signal.h>
#include <string.h>

#include "runtime/iface/iface.h"
#include "runtime/panic/panic.h"
#include "runtime/sched/sched.h"

enum {
  BOUNDS_INDEX,
  BOUNDS_SLICE_ALEN,
  BOUNDS_SLICE_ACAP,
  BOUNDS_SLICE_B,
  BOUNDS_SLICE3_ALEN,
  BOUNDS_SLICE3_ACAP,
  BOUNDS_SLICE3_B,
  BOUNDS_SLICE3_C,
  BOUNDS_CONVERT,
  BOUNDS_NCODES,
};

/* %x is the offending value, %y the bound; if x is negative and signed, the
 * second table applies (y is not reported). */
static const char *const bounds_fmt[BOUNDS_NCODES] = {
    "index out of range [%x] with length %y",
    "slice bounds out of range [:%x] with length %y",
    "slice bounds out of range [:%x] with capacity %y",
    "slice bounds out of range [%x:%y]",
    "slice bounds out of range [::%x] with length %y",
    "slice bounds out of range [::%x] with capacity %y",
    "slice bounds out of range [:%x:%y]",
    "slice bounds out of range [%x:%y:]",
    "cannot convert slice with length %y to pointer to array with length %x",
};
static const char *const bounds_neg_fmt[BOUNDS_NCODES] = {
    "index out of range [%x]",
    "slice bounds out of range [:%x]",
    "slice bounds out of range [:%x]",
    "slice bounds out of range [%x:]",
    "slice bounds out of range [::%x]",
    "slice bounds out of range [::%x]",
    "slice bounds out of range [:%x:]",
    "slice bounds out of range [%x::]",
    "cannot convert slice with length %y to pointer to array with length %x",
};

static size_t put_int(uint8_t *b, size_t pos, int64_t v, bool is_signed) {
  uint64_t u = (uint64_t)v;
  if (is_signed && v < 0) {
    b[pos++] = '-';
    u = -(uint64_t)v;
  }
  uint8_t tmp[20];
  int n = 0;
  do {
    tmp[n++] = (uint8_t)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (n > 0)
    b[pos++] = tmp[--n];
  return pos;
}

/* The text of a boundsError without the "runtime error: " prefix
 * (heap string). [calls]: func boundsMessage(code uint8, signed bool, x
 * int64, y int) string. */
rog_string panic_bounds_message(uint8_t code, bool is_signed, int64_t x,
                                intptr_t y) __asm__("runtime.boundsMessage");
rog_string panic_bounds_message(uint8_t code, bool is_signed, int64_t x, intptr_t y) {
  if (code >= BOUNDS_NCODES) code = BOUNDS_INDEX;
  const char *f = is_signed && x < 0 ? bounds_neg_fmt[code] : bounds_fmt[code];
  uint8_t *b = rog_alloc(128, NULL); /* longest: 72 + 2 * 20 digits */
  size_t pos = 0;
  for (const char *c = f; *c; c++) {
    if (c[0] == '%' && c[1] == 'x') {
      pos = put_int(b, pos, x, is_signed);
      c++;
    } else if (c[0] == '%' && c[1] == 'y') {
      pos = put_int(b, pos, y, true);
      c++;
    } else {
      b[pos++] = (uint8_t)*c;
    }
  }
  rog_string s = {b, (intptr_t)pos};
  return s;
}

/* ------------------------------------------------- the Go side (weakly) */

extern void go_panic_bounds(uint8_t code, bool is_signed, int64_t x,
                            intptr_t y) __asm__("runtime.goPanicBounds") __attribute__((weak));
extern void go_panic_error(const uint8_t *p, intptr_t n, bool plain) __asm__("runtime.goPanicError")
    __attribute__((weak));
extern void go_panic_typeassert(const rog_type *iface, const rog_type *concrete, const rog_type *asserted,
                                const uint8_t *p, intptr_t n) __asm__("runtime.goPanicTypeAssert")
    __attribute__((weak));

const rog_type panic_cerror_type = {
    .size = sizeof(panic_cerror),
    .ptrdata = sizeof(void *),
    .align = 8,
    .field_align = 8,
    .kind = ROG_KIND_STRUCT,
    .gcdata = (const uint8_t *)"\x01",
};

static __attribute__((noreturn)) void cerror_panic(rog_string msg, bool plain) {
  panic_cerror *e = rog_alloc(sizeof *e, &panic_cerror_type);
  e->msg = msg;
  e->plain = plain;
  rog_gopanic(&panic_cerror_type, e);
}

static rog_string heap_string(const char *s, size_t n) {
  uint8_t *b = rog_alloc(n ? n : 1, NULL);
  memcpy(b, s, n);
  rog_string r = {b, (intptr_t)n};
  return r;
}

static __attribute__((noreturn)) void panic_bounds(uint8_t code, bool is_signed, int64_t x, intptr_t y) {
  if (go_panic_bounds) go_panic_bounds(code, is_signed, x, y);
  cerror_panic(panic_bounds_message(code, is_signed, x, y), false);
}

static __attribute__((noreturn)) void runtime_error(const char *msg, bool plain) {
  /* msg may live in the caller's frame: the value outlives it */
  rog_string s = heap_string(msg, strlen(msg));
  if (go_panic_error) go_panic_error(s.ptr, s.len, plain);
  cerror_panic(s, plain);
}

void rog_panic_runtime_error(const char *msg, bool plain) {
  runtime_error(msg, plain);
}

void rog_panic_string(const char *msg) {
  runtime_error(msg, true);
}

void rog_fatal(const char *msg) {
  sched_fatal(msg);
}

void rog_panic_typeassert(const rog_type *iface_type, const rog_type *concrete, const rog_type *asserted,
                          const char *missing, size_t missing_len) {
  if (go_panic_typeassert)
    go_panic_typeassert(iface_type, concrete, asserted, (const uint8_t *)missing, (intptr_t)missing_len);
  /* no Go package: the message as a plain C error */
  char buf[256];
  size_t n = iface_typeassert_message(buf, sizeof buf, iface_type, concrete, asserted, missing, missing_len);
  cerror_panic(heap_string(buf, n < sizeof buf ? n : sizeof buf - 1), false);
}

/* [calls]: func typeAssertMessage(iface, concrete, asserted unsafe.Pointer,
 * missing string) string, for TypeAssertionError.Error(). */
rog_string panic_typeassert_message(const rog_type *iface_type, const rog_type *concrete,
                                    const rog_type *asserted, const uint8_t *missing,
                                    intptr_t missing_len) __asm__("runtime.typeAssertMessage");
rog_string panic_typeassert_message(const rog_type *iface_type, const rog_type *concrete,
                                    const rog_type *asserted, const uint8_t *missing, intptr_t missing_len) {
  size_t n = iface_typeassert_message(NULL, 0, iface_type, concrete, asserted, (const char *)missing,
                                      (size_t)missing_len);
  char *b = rog_alloc(n + 1, NULL);
  iface_typeassert_message(b, n + 1, iface_type, concrete, asserted, (const char *)missing,
                           (size_t)missing_len);
  rog_string s = {(const uint8_t *)b, (intptr_t)n};
  return s;
}

/* ------------------------------------------------ abi.h [panic] entries */

void rog_panic_index(intptr_t x, intptr_t len) {
  panic_bounds(BOUNDS_INDEX, true, x, len);
}
void rog_panic_index_u(uintptr_t x, intptr_t len) {
  panic_bounds(BOUNDS_INDEX, false, (int64_t)x, len);
}
void rog_panic_slice_alen(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE_ALEN, true, x, y);
}
void rog_panic_slice_acap(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE_ACAP, true, x, y);
}
void rog_panic_slice_b(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE_B, true, x, y);
}
void rog_panic_slice3_alen(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE3_ALEN, true, x, y);
}
void rog_panic_slice3_acap(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE3_ACAP, true, x, y);
}
void rog_panic_slice3_b(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE3_B, true, x, y);
}
void rog_panic_slice3_c(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_SLICE3_C, true, x, y);
}
/* abi.h: x is the slice's length, y the array's; gc's boundsError keeps
 * the array length in x. */
void rog_panic_slice_convert(intptr_t x, intptr_t y) {
  panic_bounds(BOUNDS_CONVERT, true, y, x);
}
void rog_panic_divide(void) {
  runtime_error("integer divide by zero", false);
}
void rog_panic_shift(void) {
  runtime_error("negative shift amount", false);
}
/* Explicit nil checks (the compiler tests the pointer instead of letting the
 * load fault) report like gc's faulting loads: the goroutine records a
 * SIGSEGV with code SEGV_MAPERR, the address the load would have touched
 * (nil plus the field offset, 0 when unknown) and the check's PC, so
 * panic_fatal prints gc's "[signal SIGSEGV: segmentation violation
 * code=0x1 addr=0x8 pc=...]" line. recover clears it as for a real fault
 * (panic.c). */
static __attribute__((noreturn)) void nil_fault(uintptr_t addr, uintptr_t pc) {
  sched_g *g = sched_getg();
  if (g != NULL) {
    g->sig = SIGSEGV;
    g->sigcode = SEGV_MAPERR;
    g->sigaddr = addr;
    g->sigpc = pc;
  }
  panic_nil_error();
}
void panic_nil_error(void) {
  runtime_error("invalid memory address or nil pointer dereference", false);
}
void rog_panic_nil(void) {
  nil_fault(0, (uintptr_t)__builtin_return_address(0));
}
void rog_panic_nil_at(uintptr_t addr) {
  nil_fault(addr, (uintptr_t)__builtin_return_address(0));
}
void rog_panic_makeslice_len(void) {
  runtime_error("makeslice: len out of range", false);
}
void rog_panic_makeslice_cap(void) {
  runtime_error("makeslice: cap out of range", false);
}
