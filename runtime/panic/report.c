/*
 * runtime/panic/report.c: what an unrecovered panic prints, and the entry
 * of panics raised by faults (nil dereference, integer division by zero).
 *
 * Output (gc 1.19's printpanics + dopanic_m):
 *   panic: A [recovered]          one line per panic of the chain, oldest
 *   \tpanic: B                    first, a tab before each later one
 *   [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x...]
 *                                 (only for fault-raised panics)
 *   (blank line)
 *   goroutine 1 [running]:
 *   traceback...
 * then exit status 2. Values print as gc's printpanicval: error and
 * Stringer values through Error()/String() first (the Go package's
 * preprintpanic does the method calls), then predeclared basic types as
 * print would, named basic types as T(v) (strings as T("v")), anything
 * else as (T) 0xADDR of the data word.
 *
 * printpanicval lives here in C rather than in the Go package: the
 * unrecovered path then needs nothing from compiled Go code but the
 * descriptor, and C tests exercise it.
 *
 * Faults: runtime/signal's handler records the signal in the G and makes
 * the faulting goroutine "call" rog_sigpanic (runtime/arch/ARCH/jmp.S)
 * from the faulting PC; rog_sigpanic aligns the stack, links a frame
 * record (so tracebacks show the faulting function) and calls
 * panic_sigpanic, which raises gc's runtime error.
 *
 * An Error or String method that panics while the report converts the
 * values is gc's fatal "panic while printing panic value" (instead of a
 * report that recurses into itself).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "runtime/iface/iface.h"
#include "runtime/panic/panic.h"
#include "runtime/panic/panic_internal.h"
#include "runtime/sched/sched.h"
#include "runtime/signal/signal.h"
#include "runtime/str/str.h"

extern void go_preprintpanic(rog_iface *v) __asm__("runtime.preprintpanic") __attribute__((weak));

static void print_type_name(rog_string name) {
  rog_printstring(name.ptr, name.len);
}

static bool predeclared(rog_string name) {
  return name.len > 0 && memchr(name.ptr, '.', (size_t)name.len) == NULL;
}

void panic_print_value(const rog_type *t, void *data) {
  if (t == NULL) {
    str_print_cstr("nil");
    return;
  }
  if (t == &panic_cerror_type) {
    const panic_cerror *e = data;
    if (!e->plain) str_print_cstr("runtime error: ");
    rog_printstring(e->msg.ptr, e->msg.len);
    return;
  }
  rog_string name = iface_type_string(t);
  bool plain = predeclared(name);
  unsigned kind = t->kind & ROG_KIND_MASK;
  bool basic = kind >= ROG_KIND_BOOL && kind <= ROG_KIND_COMPLEX128;
  if (kind == ROG_KIND_STRING) basic = true;
  if (!basic) {
    str_print_cstr("(");
    print_type_name(name);
    str_print_cstr(") ");
    rog_printpointer(data);
    return;
  }
  bool complex = kind == ROG_KIND_COMPLEX64 || kind == ROG_KIND_COMPLEX128;
  if (!plain) {
    print_type_name(name);
    if (kind == ROG_KIND_STRING)
      str_print_cstr("(\"");
    else if (!complex)
      str_print_cstr("(");
  }
  switch (kind) {
  case ROG_KIND_BOOL:
    rog_printbool(*(const bool *)data);
    break;
  case ROG_KIND_INT:
  case ROG_KIND_INT64:
    rog_printint(*(const int64_t *)data);
    break;
  case ROG_KIND_INT8:
    rog_printint(*(const int8_t *)data);
    break;
  case ROG_KIND_INT16:
    rog_printint(*(const int16_t *)data);
    break;
  case ROG_KIND_INT32:
    rog_printint(*(const int32_t *)data);
    break;
  case ROG_KIND_UINT:
  case ROG_KIND_UINT64:
  case ROG_KIND_UINTPTR:
    rog_printuint(*(const uint64_t *)data);
    break;
  case ROG_KIND_UINT8:
    rog_printuint(*(const uint8_t *)data);
    break;
  case ROG_KIND_UINT16:
    rog_printuint(*(const uint16_t *)data);
    break;
  case ROG_KIND_UINT32:
    rog_printuint(*(const uint32_t *)data);
    break;
  case ROG_KIND_FLOAT32:
    rog_printfloat(*(const float *)data);
    break;
  case ROG_KIND_FLOAT64:
    rog_printfloat(*(const double *)data);
    break;
  case ROG_KIND_COMPLEX64:
    rog_printcomplex(((const float *)data)[0], ((const float *)data)[1]);
    break;
  case ROG_KIND_COMPLEX128:
    rog_printcomplex(((const double *)data)[0], ((const double *)data)[1]);
    break;
  case ROG_KIND_STRING: {
    const rog_string *s = data;
    rog_printstring(s->ptr, s->len);
    break;
  }
  }
  if (!plain) {
    if (kind == ROG_KIND_STRING)
      str_print_cstr("\")");
    else if (!complex)
      str_print_cstr(")");
  }
}

static void printpanics(panic_rec *p) {
  if (p->link != NULL) {
    printpanics(p->link);
    if (!p->link->goexit) str_print_cstr("\t");
  }
  if (p->goexit) return;
  str_print_cstr("panic: ");
  panic_print_value(p->arg.tab, p->arg.data);
  if (p->recovered) str_print_cstr(" [recovered]");
  str_print_cstr("\n");
}

struct trace_args {
  sched_g *g;
  uintptr_t fp;
};

void panic_print_traceback(sched_g *g, uintptr_t fp);

static void traceback_and_exit(void *arg) {
  struct trace_args *a = arg;
  rog_printlock();
  str_print_cstr("\n");
  panic_print_traceback(a->g, a->fp);
  rog_printunlock();
  _exit(2);
}

/* gc: "panic while printing panic value: " + the new value if it is a
 * string, else ": type " + its type. */
static __attribute__((noreturn)) void printing_panicked(panic_rec *p) {
  static char msg[256];
  const char *prefix = "panic while printing panic value";
  size_t n = strlen(prefix);
  memcpy(msg, prefix, n);
  const rog_type *t = p->arg.tab;
  rog_string s = {NULL, 0};
  const char *sep = "";
  if (t != NULL && (t->kind & ROG_KIND_MASK) == ROG_KIND_STRING) {
    rog_string name = iface_type_string(t);
    if (name.len == 6 && memcmp(name.ptr, "string", 6) == 0) {
      s = *(const rog_string *)p->arg.data;
      sep = ": ";
    }
  }
  if (sep[0] == 0 && t != NULL) {
    s = iface_type_string(t);
    sep = ": type ";
  }
  size_t k = strlen(sep);
  if (n + k < sizeof msg) memcpy(msg + n, sep, k), n += k;
  size_t l = s.len > 0 ? (size_t)s.len : 0;
  if (l > sizeof msg - 1 - n) l = sizeof msg - 1 - n;
  if (l > 0) memcpy(msg + n, s.ptr, l);
  msg[n + l] = 0;
  sched_fatal(msg);
}

/* The goroutine running preprintpanic (its Error/String methods), if any. */
static sched_g *_Atomic preprinting;

void panic_fatal(panic_rec *p) {
  sched_g *g = sched_getg();
  if (g != NULL && atomic_load(&preprinting) == g) printing_panicked(p);
  if (go_preprintpanic) {
    atomic_store(&preprinting, g);
    for (panic_rec *q = p; q != NULL; q = q->link)
      if (!q->goexit) go_preprintpanic(&q->arg);
    atomic_store(&preprinting, NULL);
  }
  str_print_reset();
  rog_printlock();
  printpanics(p);
  if (g != NULL && g->sig != 0) {
    str_print_cstr("[signal ");
    str_print_cstr(rog_signal_name((int)g->sig));
    str_print_cstr(" code=");
    rog_printhex(g->sigcode);
    str_print_cstr(" addr=");
    rog_printhex(g->sigaddr);
    str_print_cstr(" pc=");
    rog_printhex(g->sigpc);
    str_print_cstr("]\n");
  }
  rog_printunlock();
  struct trace_args a = {g, (uintptr_t)__builtin_frame_address(0)};
  sched_systemstack(traceback_and_exit, &a);
  _exit(2);
}

/* Called by rog_sigpanic (jmp.S) on the faulting goroutine. */
void panic_sigpanic(void) {
  sched_g *g = sched_getg();
  if (g == NULL) sched_fatal("unexpected signal on a system stack");
  if (g->sig == SIGFPE) rog_panic_divide();
  panic_nil_error(); /* keeps the fault's sig/addr/pc for the report */
}
