/*
 * runtime/panic/panic.c: defer, panic, recover and Goexit with Go's exact
 * semantics (abi.h [panic]; gc 1.19's runtime/panic.go is the reference
 * for behaviour).
 *
 * Data structures.
 *   rog_defer_frame (abi.h): one per activation of a function that has
 *     defer statements, in that function's own stack frame. The goroutine
 *     keeps them in a list, newest first (g->defer_top, linked by ->link);
 *     rog_defer_enter pushes, rog_defer_return pops. Each frame holds its
 *     pending deferred calls, newest first (->defers).
 *   defer_rec: one per executed defer statement, in the GC heap (typed
 *     with defer_rec_type so the closure it holds stays alive): the
 *     closure, and while it runs on behalf of a panic or Goexit, `started`
 *     and the panic it runs for. Finished records go to a per-goroutine
 *     pool (g->defer_pool), so a defer in a loop allocates once.
 *   panic_rec: one per active panic or Goexit, in the frame of
 *     rog_gopanic/rog_goexit (they never return normally, so the record
 *     lives as long as the panic). The goroutine keeps them newest first
 *     (g->panic_top). Fields as gc's _panic: arg, link, argp, recovered,
 *     aborted, goexit.
 *
 * Running defers for a panic (run_defers, also Goexit's loop): take the
 * newest pending defer of the newest frame that has one. If it was already
 * started (by an older panic, whose deferred call is the one that is now
 * panicking again) that older panic is marked aborted and the entry is
 * dropped. Otherwise it is marked started, called (call_deferred), and
 * removed when it returns. If it recovered, recovery() unwinds: the
 * recovered panic and the aborted ones under it leave the list, the
 * frame that holds the deferred call becomes the newest frame, stack
 * segments newer than the frame's are released, and rog_longjmp returns
 * into the frame's rog_setjmp with 1; the compiled code then runs the
 * frame's remaining defers through rog_defer_return and returns normally.
 * Should the panic under the recovered one be a Goexit that this panic
 * aborted, recovery resumes Goexit's loop instead (gc does the same), so a
 * recovered panic cannot cancel a Goexit.
 *
 * recover's argp rule. call_closure_frame is a real (noinline, no tail
 * call) C frame; before calling the closure it stores its own frame
 * address in the panic's argp. (call_deferred first moves to a new stack
 * segment when too close to the guard; the frame that calls the closure
 * is then on the new segment and the rule holds unchanged.) recover()
 * lowers to rog_gorecover(frameaddress(1)): only a function called
 * directly by call_closure_frame passes that address. rog_call_closure is
 * a frameless tail jump, so it does not count as a
 * frame. Compiler wrappers in between move argp to their own frame
 * (rog_panic_wrapper), like gc's WRAPPER functions.
 *
 * Normal returns: rog_defer_return pops each pending call before running
 * it (a deferred call that panics is then not seen again by that panic),
 * then pops the frame.
 *
 * Unrecovered: the chain is printed oldest first, as gc's printpanics
 * ("panic: A [recovered]\n\tpanic: B"), error and Stringer values through
 * their methods (the Go runtime package's preprintpanic), then the
 * [signal ...] line for fault-raised panics, then the goroutine's
 * traceback; exit status 2 (report.c).
 *
 * Stack segments: rog_defer_enter records g->seg in the frame; recovery
 * restores it. The segments newer than it are freed, except the one this
 * code is running on, which becomes the goroutine's cached segment (it
 * cannot go to a shared free list while still in use).
 *
 * Goroutines only: a panic on a thread without a goroutine (g0, a foreign
 * thread) is a fatal error, as is a deferred call on one.
 *
 * Rejected: DWARF/libunwind unwinding (needs unwind tables for every
 * function and a personality routine; setjmp per frame with defers costs
 * ~10 ns only on functions that defer); gc's open-coded defers (a later
 * optimization in the compiler, invisible to this contract).
 */
#include "runtime/panic/panic.h"
#include "runtime/panic/panic_internal.h"

#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "runtime/sched/sched.h"
#include "runtime/stack/stack.h"

/* The GC layout of defer_rec: words 0 and 1 are pointers to heap objects
 * (word 2 points into a stack, which is scanned anyway). */
static const uint8_t defer_rec_gcdata[1] = {0x03};
static const rog_type defer_rec_type = {
    .size = sizeof(defer_rec),
    .ptrdata = 2 * sizeof(void *),
    .align = 8,
    .field_align = 8,
    .kind = ROG_KIND_STRUCT,
    .gcdata = defer_rec_gcdata,
};

/* AddressSanitizer: rog_longjmp abandons the frames between here and the
 * target, whose redzones stay poisoned; a later frame at the same address
 * would then report false errors (libc's longjmp is intercepted by ASan for
 * the same reason). Unpoison that range before jumping. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PANIC_ASAN 1
#endif
#endif
#ifdef PANIC_ASAN
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#if defined(__x86_64__)
#define JMPBUF_SP 6
#else
#define JMPBUF_SP 12
#endif
static __attribute__((noinline)) void longjmp_unpoison(const uintptr_t *jmpbuf) {
  uintptr_t lo = (uintptr_t)__builtin_frame_address(0) - 1024;
  uintptr_t hi = jmpbuf[JMPBUF_SP];
  if (hi > lo) __asan_unpoison_memory_region((const void *)lo, hi - lo);
}
#else
static void longjmp_unpoison(const uintptr_t *jmpbuf) {
  (void)jmpbuf;
}
#endif

static __attribute__((noreturn)) void fatal(const char *msg) {
  sched_fatal(msg);
}

/* The running goroutine, read inline from the thread block (sched_getg's
 * test, without the call: every defer statement comes here). */
static inline sched_g *curg(void) {
  sched_g *g = (sched_g *)sched_tls()->g;
  if (__builtin_expect(g == NULL || g->is_g0, 0)) fatal("panic or defer outside a goroutine");
  return g;
}

void panic_init(void) {}

/* ------------------------------------------------------------ defer frames */

void rog_defer_enter(rog_defer_frame *fr) {
  sched_g *g = curg();
  fr->link = g->defer_top;
  fr->defers = NULL;
  fr->stack_seg = g->seg;
  g->defer_top = fr;
}

void rog_defer_push(rog_defer_frame *fr, const rog_closure *c) {
  sched_g *g = curg();
  defer_rec *d = g->defer_pool;
  if (d != NULL)
    g->defer_pool = d->link;
  else
    d = rog_alloc(sizeof *d, &defer_rec_type);
  d->fn = c;
  d->link = fr->defers;
  fr->defers = d;
}

/* A record that left its frame's list goes back to the goroutine's pool
 * (reachable from the G, a GC root, so it is never freed under it). */
static void defer_free(sched_g *g, defer_rec *d) {
  d->fn = NULL;
  d->panic = NULL;
  d->started = 0;
  d->link = g->defer_pool;
  g->defer_pool = d;
}

/* Calls a deferred closure. When p is a panic, the frame address of this
 * function is the argp that recover() in the deferred function must
 * present (see the top comment). No inlining and no tail call, so that the
 * frame exists while the closure runs. */
static __attribute__((noinline, disable_tail_calls)) void call_closure_frame(panic_rec *p,
                                                                             const rog_closure *fn) {
  if (p != NULL) p->argp = __builtin_frame_address(0);
  rog_call_closure(fn);
  __asm__ volatile("" ::: "memory");
}

struct deferred_args {
  panic_rec *p;
  const rog_closure *fn;
};

static void deferred_thunk(void *arg) {
  struct deferred_args *a = arg;
  call_closure_frame(a->p, a->fn);
}

/* Headroom a deferred call needs above the stack guard: its own checked
 * prologue runs after the frame (up to ROG_STACK_BIGFRAME) is allocated
 * (abi.h [stack]), plus call_closure_frame's frame. */
#define DEFER_HEADROOM (ROG_STACK_BIGFRAME + 512)

/* Runs a deferred call, first moving to a fresh segment through
 * rog_morestack when this C code sits too close to the guard for the
 * callee's prologue check to be safe. */
static void call_deferred(panic_rec *p, const rog_closure *fn) {
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  uintptr_t guard = sched_tls()->stack_guard;
  if (guard != 0 && sp < guard + DEFER_HEADROOM) {
    struct deferred_args a = {p, fn};
    rog_morestack(deferred_thunk, &a, 2 * DEFER_HEADROOM);
    return;
  }
  call_closure_frame(p, fn);
}

void rog_defer_return(rog_defer_frame *fr) {
  for (;;) {
    defer_rec *d = fr->defers;
    if (d == NULL) break;
    fr->defers = d->link;
    const rog_closure *fn = d->fn;
    defer_free(curg(), d);
    call_deferred(NULL, fn);
  }
  sched_g *g = curg(); /* re-read: the deferred calls may have moved us */
  if (g->defer_top != fr) fatal("defer frame mismatch at return");
  g->defer_top = fr->link;
}

/* The newest pending deferred call of the goroutine, and its frame. */
static defer_rec *top_defer(sched_g *g, rog_defer_frame **frp) {
  for (rog_defer_frame *fr = g->defer_top; fr != NULL; fr = fr->link) {
    if (fr->defers != NULL) {
      *frp = fr;
      return fr->defers;
    }
  }
  return NULL;
}

/* Releases the segments newer than `seg` (see the top comment). */
static void unwind_segments(sched_g *g, stack_seg *seg) {
  if (seg == NULL || g->seg == seg) return;
  sched_m *m = sched_getm();
  stack_seg *running = g->seg;
  stack_seg *s = running->prev;
  while (s != NULL && s != seg) {
    stack_seg *prev = s->prev;
    g->stack_total -= s->size;
    stack_free(m->p, s);
    s = prev;
  }
  if (s == NULL) fatal("recovery: frame's stack segment is not on the goroutine's stack");
  g->stack_total -= running->size;
  if (g->seg_cache) stack_free(m->p, g->seg_cache);
  g->seg_cache = running;
  g->seg = seg;
  g->stack_guard = stack_seg_guard(seg);
  sched_tls()->stack_guard = g->stack_guard;
}

static __attribute__((noreturn)) void recovery(sched_g *g, panic_rec *p, rog_defer_frame *fr) {
  g->panic_top = p->link;
  panic_rec *top = g->panic_top;
  if (top != NULL && top->goexit && top->aborted) {
    /* back into Goexit's loop: a recover cannot cancel a Goexit */
    g->defer_top = top->defer_top;
    unwind_segments(g, top->seg);
    longjmp_unpoison(top->resume);
    rog_longjmp(top->resume, 1);
  }
  while (g->panic_top != NULL && ((panic_rec *)g->panic_top)->aborted)
    g->panic_top = ((panic_rec *)g->panic_top)->link;
  if (g->panic_top == NULL) g->sig = 0;
  g->defer_top = fr;
  unwind_segments(g, fr->stack_seg);
  longjmp_unpoison(fr->jmpbuf);
  rog_longjmp(fr->jmpbuf, 1);
}

/* Runs the goroutine's deferred calls for p until one recovers (does not
 * return then) or none are left (returns). */
static void run_defers(sched_g *g, panic_rec *p) {
  for (;;) {
    rog_defer_frame *fr;
    defer_rec *d = top_defer(g, &fr);
    if (d == NULL) return;
    if (d->started) {
      /* an older panic's deferred call panicked (or Goexited) */
      if (d->panic != NULL) d->panic->aborted = true;
      fr->defers = d->link;
      defer_free(g, d);
      continue;
    }
    d->started = 1;
    d->panic = p;
    call_deferred(p, d->fn);
    g = curg();
    if (fr->defers != d) fatal("bad defer entry in panic");
    fr->defers = d->link;
    defer_free(g, d);
    if (p->recovered) recovery(g, p, fr);
  }
}

void rog_gopanic(const rog_type *t, void *data) {
  sched_g *g = curg();
  panic_rec p;
  memset(&p, 0, sizeof p);
  p.arg.tab = (void *)t;
  p.arg.data = data;
  p.link = g->panic_top;
  g->panic_top = &p;
  run_defers(g, &p);
  panic_fatal(curg()->panic_top);
}

rog_iface rog_gorecover(void *caller_frame) {
  rog_iface none = {NULL, NULL};
  sched_g *g = sched_getg();
  if (g == NULL) return none;
  panic_rec *p = g->panic_top;
  if (p != NULL && !p->goexit && !p->recovered && caller_frame == p->argp) {
    p->recovered = true;
    return p->arg;
  }
  return none;
}

void rog_panic_wrapper(void *wrapped_parent_frame, void *self_frame) {
  sched_g *g = (sched_g *)sched_tls()->g;
  if (g == NULL || g->is_g0) return;
  panic_rec *p = g->panic_top;
  if (p != NULL && p->argp == wrapped_parent_frame) p->argp = self_frame;
}

/* ------------------------------------------------------------------ Goexit */

static bool main_goexit_commit(sched_g *g, void *arg) {
  (void)g;
  (void)arg;
  return true;
}

void rog_goexit(void) {
  sched_g *g = curg();
  panic_rec p;
  uintptr_t resume[ROG_JMPBUF_WORDS];
  memset(&p, 0, sizeof p);
  p.goexit = true;
  p.resume = resume;
  p.defer_top = g->defer_top;
  p.seg = g->seg;
  p.link = g->panic_top;
  g->panic_top = &p;
  /* A panic that aborted this Goexit and was then recovered comes back
   * here (recovery) to finish the remaining deferred calls. */
  if (rog_setjmp(resume) != 0) {
    g = curg();
    g->panic_top = &p;
    p.aborted = false;
  }
  run_defers(curg(), &p);
  g = curg();
  g->panic_top = NULL;
  g->defer_top = NULL;
  g->sig = 0;
  if (g == __atomic_load_n(&sched.main_g, __ATOMIC_RELAXED)) {
    /* gc: the program goes on with the other goroutines; when none is
     * left runnable it dies as deadlocked (sched's checkdead prints gc's
     * "no goroutines (main called runtime.Goexit)"). Park for good. */
    atomic_store(&sched.main_goexit, 1);
    for (;;)
      sched_park("main goroutine called Goexit", main_goexit_commit, NULL);
  }
  sched_goexit();
}
