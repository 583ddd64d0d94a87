/*
 * runtime/str/print.c: print/println (abi.h [print, str]) in gc's formats.
 *
 * Formats (gc 1.19's runtime/print.go, checked against gc's output in
 * testdata/print.out):
 *   bool true/false; integers in decimal; hex as 0x%x (uintptr, pointers,
 *   chans, maps, funcs, unsafe.Pointer: nil is 0x0); floats in gc's own
 *   fixed format, 7 significant digits: +d.dddddde+ddd, NaN, +Inf, -Inf;
 *   complex (re im "i") with both parts as floats; slices
 *   [len/cap]0xptr; interfaces (0xtab,0xdata); strings raw bytes.
 *
 * Output goes to standard error. A print statement is one write(2): the
 * compiler brackets the prints of a statement with rog_printlock /
 * rog_printunlock; between them output accumulates in a per-thread buffer
 * (a goroutine does not park inside a print statement, so it cannot move
 * to another thread in the middle) which printunlock writes in one call.
 * The lock nests (gc's printlock is recursive per M), so runtime code that
 * prints a panic message may call the print functions inside its own
 * lock. Between threads, printlock is a spin lock with sched_yield: print
 * statements are short, and a futex would add nothing but code. Prints
 * outside a lock write at once (runtime messages before a crash).
 *
 * Stack: these functions run on goroutine stacks below checked frames, so
 * each keeps its frame well under ROG_STACK_RUNTIME_MAX (abi.h); the
 * buffer is thread-local, not on the stack.
 *
 * Rejected: stdio (locks a FILE, allocates, needs deep stacks); one write
 * per operand like gc (interleaves output of concurrent println calls
 * more often, and costs a syscall per operand).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/str/str.h"

#define PRINT_BUF 512

static __thread struct {
  int depth;
  int len;
  uint8_t buf[PRINT_BUF];
} pb;

static int print_owner_lock; /* 1 while some thread is inside a print statement */

static void write_all(const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(2, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
  }
}

static void flush(void) {
  if (pb.len > 0) write_all(pb.buf, (size_t)pb.len);
  pb.len = 0;
}

/* gc's gwrite: every print function ends here. */
void str_print_bytes(const void *p, size_t n) {
  if (pb.depth == 0) {
    write_all(p, n);
    return;
  }
  if ((size_t)pb.len + n > PRINT_BUF) {
    flush();
    if (n > PRINT_BUF) {
      write_all(p, n);
      return;
    }
  }
  memcpy(pb.buf + pb.len, p, n);
  pb.len += (int)n;
}

void rog_printlock(void) {
  if (pb.depth++ > 0) return;
  int expected = 0;
  while (!__atomic_compare_exchange_n(&print_owner_lock, &expected, 1, false, __ATOMIC_ACQUIRE,
                                      __ATOMIC_RELAXED)) {
    expected = 0;
    sched_yield();
  }
}

void rog_printunlock(void) {
  if (pb.depth == 0) return; /* unbalanced: ignore rather than corrupt the lock */
  if (--pb.depth > 0) return;
  flush();
  __atomic_store_n(&print_owner_lock, 0, __ATOMIC_RELEASE);
}

/* Drops the lock and any buffered output state of this thread without
 * writing: for a thread that dies inside a print statement (fatal paths
 * print their own messages unbuffered afterwards). */
void str_print_reset(void) {
  if (pb.depth > 0) {
    flush();
    pb.depth = 0;
    __atomic_store_n(&print_owner_lock, 0, __ATOMIC_RELEASE);
  }
}

void rog_printstring(const uint8_t *p, intptr_t n) {
  if (n > 0) str_print_bytes(p, (size_t)n);
}

void str_print_cstr(const char *s) {
  str_print_bytes(s, strlen(s));
}

void rog_printbool(bool v) {
  if (v)
    str_print_bytes("true", 4);
  else
    str_print_bytes("false", 5);
}

void rog_printuint(uint64_t v) {
  uint8_t buf[20];
  int i = (int)sizeof buf;
  do {
    buf[--i] = (uint8_t)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  str_print_bytes(buf + i, sizeof buf - (size_t)i);
}

void rog_printint(int64_t v) {
  if (v < 0) {
    str_print_bytes("-", 1);
    rog_printuint(-(uint64_t)v);
    return;
  }
  rog_printuint((uint64_t)v);
}

void rog_printhex(uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  uint8_t buf[18];
  int i = (int)sizeof buf;
  do {
    buf[--i] = (uint8_t)digits[v & 15];
    v >>= 4;
  } while (v != 0);
  buf[--i] = 'x';
  buf[--i] = '0';
  str_print_bytes(buf + i, sizeof buf - (size_t)i);
}

/* gc's float format: sign, 7 significant digits as d.dddddd, 'e', the
 * exponent's sign and three digits. The value is scaled into [1, 10) by
 * repeated division/multiplication by 10 and rounded by adding half a unit
 * of the last digit, exactly as gc does, so that the (sometimes imprecise)
 * digits agree with gc's. */
void rog_printfloat(double v) {
  if (v != v) {
    str_print_bytes("NaN", 3);
    return;
  }
  if (v + v == v && v > 0) {
    str_print_bytes("+Inf", 4);
    return;
  }
  if (v + v == v && v < 0) {
    str_print_bytes("-Inf", 4);
    return;
  }
  enum { NDIG = 7 };
  uint8_t buf[NDIG + 7];
  buf[0] = '+';
  int e = 0;
  if (v == 0) {
    if (1 / v < 0) buf[0] = '-';
  } else {
    if (v < 0) {
      v = -v;
      buf[0] = '-';
    }
    while (v >= 10) {
      e++;
      v /= 10;
    }
    while (v < 1) {
      e--;
      v *= 10;
    }
    double h = 5.0;
    for (int i = 0; i < NDIG; i++)
      h /= 10;
    v += h;
    if (v >= 10) {
      e++;
      v /= 10;
    }
  }
  for (int i = 0; i < NDIG; i++) {
    int d = (int)v;
    buf[i + 2] = (uint8_t)(d + '0');
    v -= d;
    v *= 10;
  }
  buf[1] = buf[2];
  buf[2] = '.';
  buf[NDIG + 2] = 'e';
  buf[NDIG + 3] = '+';
  if (e < 0) {
    e = -e;
    buf[NDIG + 3] = '-';
  }
  buf[NDIG + 4] = (uint8_t)(e / 100 + '0');
  buf[NDIG + 5] = (uint8_t)(e / 10 % 10 + '0');
  buf[NDIG + 6] = (uint8_t)(e % 10 + '0');
  str_print_bytes(buf, sizeof buf);
}

void rog_printcomplex(double re, double im) {
  str_print_bytes("(", 1);
  rog_printfloat(re);
  rog_printfloat(im);
  str_print_bytes("i)", 2);
}

void rog_printpointer(const void *p) {
  rog_printhex((uint64_t)(uintptr_t)p);
}

void rog_printslice(const void *p, intptr_t len, intptr_t cap) {
  str_print_bytes("[", 1);
  rog_printint(len);
  str_print_bytes("/", 1);
  rog_printint(cap);
  str_print_bytes("]", 1);
  rog_printpointer(p);
}

void rog_printiface(const void *tab, const void *data) {
  str_print_bytes("(", 1);
  rog_printpointer(tab);
  str_print_bytes(",", 1);
  rog_printpointer(data);
  str_print_bytes(")", 1);
}

void rog_printsp(void) {
  str_print_bytes(" ", 1);
}

void rog_printnl(void) {
  str_print_bytes("\n", 1);
}
