/*
 * e2e_funcs.c: test input for the stack-check pass's end-to-end test, not
 * product code. Compiled by clang-19 -O2 to LLVM IR, passed through
 * `rog tool opt -O0 -passes=stack`, then compiled by llc to an object that
 * e2e_test.cc runs on goroutines whose first stack segment is 2 KiB.
 *
 * Each recursive function keeps a local whose address escapes (e2e_touch,
 * defined by the test) so clang cannot turn the recursion into a loop.
 */
#include <stdarg.h>

typedef struct iface {
  void *tab, *data;
} iface;
iface rog_gorecover(void *caller_frame); /* faked by the test */
void e2e_at_bottom(void);                /* records the goroutine's stack use */
void e2e_touch(long *p);
void e2e_fill(char *buf, long n, long v);

/* a small leaf: no check (remark "nosplit leaf") */
long e2e_add(long a, long b) {
  return a + b;
}

/* small frames: check + thunk */
__attribute__((noinline)) long e2e_small(long depth) {
  long local = depth & 3;
  e2e_touch(&local);
  if (depth == 0) {
    e2e_at_bottom();
    return 0;
  }
  return e2e_small(depth - 1) + local;
}

/* a 1 KiB frame: split into a checking entry and a body */
__attribute__((noinline)) long e2e_big(long depth) {
  char buf[1024];
  e2e_fill(buf, sizeof buf, depth);
  if (depth == 0) {
    e2e_at_bottom();
    return buf[5];
  }
  long r = e2e_big(depth - 1);
  return r + buf[depth % 1024];
}

/* a 24-byte result: returned through sret */
typedef struct t3 {
  long a, b, c;
} t3;
__attribute__((noinline)) t3 e2e_sret(long depth) {
  long local = depth;
  e2e_touch(&local);
  if (depth == 0) return (t3){1, 2, 3};
  t3 r = e2e_sret(depth - 1);
  r.a += 1;
  r.b += local;
  r.c ^= depth;
  return r;
}

/* a two-word result in registers, and a pointer parameter */
typedef struct pair {
  long n;
  void *p;
} pair;
__attribute__((noinline)) pair e2e_pair(long depth, void *p) {
  long local = depth;
  e2e_touch(&local);
  if (depth == 0) return (pair){0, p};
  pair r = e2e_pair(depth - 1, p);
  r.n += local;
  return r;
}

/* a floating-point result */
__attribute__((noinline)) double e2e_harmonic(long depth) {
  long local = depth;
  e2e_touch(&local);
  if (depth == 0) return 0;
  return e2e_harmonic(depth - 1) + 1.0 / (double)local;
}

/* recover(): the parent's frame at entry, as compiler/lower emits it */
__attribute__((noinline)) long e2e_deferred(void) {
  iface v = rog_gorecover(__builtin_frame_address(1));
  return v.tab != 0;
}

/* C varargs: the pass refuses (leaves it unchecked) */
long e2e_va_sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  long s = 0;
  for (int i = 0; i < n; i++)
    s += va_arg(ap, long);
  va_end(ap);
  e2e_touch(&s);
  return s;
}
