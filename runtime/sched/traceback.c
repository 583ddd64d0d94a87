/*
 * Fatal errors, the temporary panic hook and goroutine tracebacks.
 *
 * Output follows gc: "fatal error: MSG" or "panic: MSG", a blank line, then
 * "goroutine N [STATUS]:" and one entry per frame. Frames come from the
 * frame-pointer chain (everything is built with frame pointers; DESIGN §5);
 * names come from dladdr (the binary's dynamic symbol table: link with
 * -rdynamic). TODO(traceback): file:line from the binary's debug data, and
 * gc's "main.f(...)\n\tfile.go:12 +0x1d" exactly, once runtime/trace exists.
 *
 * Everything here runs on the thread's system stack (g0) when called from a
 * goroutine, because snprintf and dladdr need more stack than a goroutine
 * segment guarantees, and uses write(2) directly.
 *
 * A frame walk stops at a NULL or misaligned frame pointer, after
 * MAX_FRAMES entries (gc elides the middle of long tracebacks the same way),
 * or when the next frame pointer leaves every stack the goroutine owns.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/sched/sched.h"
#include "runtime/stack/stack.h"

#define MAX_FRAMES 100

void sched_print_str(const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(2, s, n);
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

static void printf2(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  sched_print_str(buf);
}

/* Is [fp, fp+16) inside one of g's segments? For g0 / unknown, accept any
 * aligned nonzero pointer. */
bool sched_fp_ok(sched_g *g, uintptr_t fp) {
  if (fp == 0 || (fp & 7) != 0) return false;
  if (g == NULL || g->is_g0 || g->seg == NULL) return true;
  for (stack_seg *s = g->seg; s; s = s->prev)
    if (fp >= stack_seg_lo(s) && fp + 16 <= stack_seg_top(s)) return true;
  return false;
}

/* Weak: runtime/panic (trace.c) names frames from the symbol table and
 * adds file:line; dladdr sees only dynamic symbols. */
__attribute__((weak)) void sched_print_frame(uintptr_t pc) {
  Dl_info info;
  /* pc is a return address: look up pc-1 so a call at a function's end
   * names the right function */
  if (dladdr((void *)(pc - 1), &info) && info.dli_sname) {
    printf2("%s(...)\n\t%s +0x%lx\n", info.dli_sname, info.dli_fname ? info.dli_fname : "?",
            (unsigned long)(pc - (uintptr_t)info.dli_saddr));
  } else {
    printf2("?(...)\n\t? pc=0x%lx\n", (unsigned long)pc);
  }
}

void sched_print_frames(sched_g *g, uintptr_t fp) {
  int n = 0;
  while (sched_fp_ok(g, fp)) {
    uintptr_t next = ((uintptr_t *)fp)[0];
    uintptr_t ret = ((uintptr_t *)fp)[1];
    if (ret == 0) break;
    if (n++ >= MAX_FRAMES) {
      sched_print_str("...additional frames elided...\n");
      break;
    }
    sched_print_frame(ret);
    fp = next;
  }
}

static const char *status_name(sched_g *g, bool running) {
  if (running) return "running";
  switch (atomic_load(&g->status)) {
  case G_RUNNABLE:
    return "runnable";
  case G_RUNNING:
    return "running";
  case G_SYSCALL:
    return "syscall";
  case G_WAITING:
    return g->waitreason ? g->waitreason : "waiting";
  default:
    return "dead";
  }
}

/* fp: the frame to start from for a running goroutine (0: take it from the
 * saved context of a switched-out goroutine). */
void sched_print_goroutine(sched_g *g, bool running, uintptr_t fp) {
  printf2("goroutine %lld [%s]:\n", (long long)(g ? g->goid : 0), status_name(g, running));
  if (!running && g && g->sp) {
#if defined(__x86_64__)
    fp = ((uintptr_t *)g->sp)[5]; /* saved rbp */
    sched_print_frame(((uintptr_t *)g->sp)[6] + 1);
#elif defined(__aarch64__)
    fp = ((uintptr_t *)g->sp)[10]; /* saved x29 */
    sched_print_frame(((uintptr_t *)g->sp)[11] + 1);
#endif
  }
  sched_print_frames(g, fp);
}

struct fatal_args {
  const char *prefix;
  const char *msg;
  sched_g *g;
  uintptr_t fp;
};

static void fatal_on_g0(void *arg) {
  struct fatal_args *a = arg;
  sched_print_str(a->prefix);
  sched_print_str(a->msg);
  sched_print_str("\n\n");
  if (a->g)
    sched_print_goroutine(a->g, true, a->fp);
  else
    sched_print_str("runtime stack:\n"), sched_print_frames(NULL, a->fp);
  _exit(2);
}

static __attribute__((noreturn)) void die(const char *prefix, const char *msg) {
  struct fatal_args a = {prefix, msg, sched_getg(), (uintptr_t)__builtin_frame_address(0)};
  sched_systemstack(fatal_on_g0, &a);
  _exit(2);
}

void sched_fatal(const char *msg) {
  die("fatal error: ", msg);
}

/* Weak: runtime/panic defines the real, recoverable panic; this
 * print-and-exit version serves the scheduler's own tests. */
__attribute__((weak)) void rog_panic_string(const char *msg) {
  die("panic: ", msg);
}
