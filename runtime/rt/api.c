/*
 * runtime/rt/api.c: the C side of rog's Go package runtime
 * (the .go files of runtime/go/runtime): bodyless Go declarations implemented here
 * under their Go symbol names (abi.h [calls]: flattened parameters,
 * multi-part results as a returned struct or sret).
 *
 * What is partial (say so in the Go doc comments too):
 *   GOMAXPROCS(n) reports the value but cannot change it at run time yet
 *     (TODO(sched): resize the P array with the world stopped).
 *   SetFinalizer accepts finalizers of the form func(*T) (any result is
 *     ignored), the common case; a finalizer taking an interface or an
 *     unsafe.Pointer parameter is called with the raw pointer, which is
 *     right for unsafe.Pointer and wrong for interfaces (TODO(finalizer)).
 *   Caller/Callers walk frame pointers; file and line come from the
 *     binary's debug data when runtime/panic's symbolizer finds it.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/alloc/alloc.h"
#include "runtime/gc/gc.h"
#include "runtime/panic/panic.h"
#include "runtime/rt/rt.h"
#include "runtime/sched/sched.h"

/* ----------------------------------------------------------- scheduling */

void rt_gosched(void) __asm__("runtime.Gosched");
void rt_gosched(void) {
  sched_gosched();
}

intptr_t rt_num_goroutine(void) __asm__("runtime.NumGoroutine");
intptr_t rt_num_goroutine(void) {
  return sched_num_goroutine() - atomic_load(&rt_system_goroutines);
}

intptr_t rt_gomaxprocs(intptr_t n) __asm__("runtime.GOMAXPROCS");
intptr_t rt_gomaxprocs(intptr_t n) {
  (void)n; /* TODO(sched): changing GOMAXPROCS at run time */
  return sched_gomaxprocs();
}

intptr_t rt_numcpu(void) __asm__("runtime.NumCPU");
intptr_t rt_numcpu(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? n : 1;
}

void rt_lock_os_thread(void) __asm__("runtime.LockOSThread");
void rt_lock_os_thread(void) {
  sched_lock_os_thread();
}

void rt_unlock_os_thread(void) __asm__("runtime.UnlockOSThread");
void rt_unlock_os_thread(void) {
  sched_unlock_os_thread();
}

/* ------------------------------------------------------------------- GC */

void rt_gc(void) __asm__("runtime.GC");
void rt_gc(void) {
  gc_collect();
}

void rt_keepalive(void *t, void *d) __asm__("runtime.KeepAlive");
void rt_keepalive(void *t, void *d) {
  __asm__ volatile("" : : "r"(t), "r"(d) : "memory");
}

/* runtime.MemStats has gc 1.19's layout, which gc_memstats mirrors field
 * for field (5776 bytes on 64-bit targets). */
_Static_assert(sizeof(gc_memstats) == 5776, "gc_memstats must match runtime.MemStats");

void rt_read_memstats(gc_memstats *m) __asm__("runtime.ReadMemStats");
void rt_read_memstats(gc_memstats *m) {
  gc_read_memstats(m);
}

/* Finalizers: a goroutine of the runtime's own runs them, woken through a
 * one-slot channel whenever the GC queues some. */
static rog_chan *fin_chan;
static _Atomic int fin_started;
static const rog_type fin_elem_type = {.size = 1, .align = 1, .field_align = 1, .kind = ROG_KIND_UINT8};

static void fin_notify(void) {
  uint8_t b = 0;
  if (fin_chan) rog_chan_trysend(fin_chan, &b);
}

/* Calls the finalizer closure with obj as its one pointer argument. */
void rog_call_closure1(const rog_closure *c, void *arg);

static void fin_call(void *obj, void *arg) {
  rog_call_closure1((const rog_closure *)arg, obj);
}

static void fin_goroutine(void *arg) {
  (void)arg;
  for (;;) {
    gc_run_finalizers();
    rog_chan_recv(fin_chan, NULL);
  }
}

bool rt_is_system_goroutine(void (*fn)(void *)) {
  return fn == fin_goroutine;
}

static void fin_start(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&fin_started, &expected, 1)) return;
  fin_chan = rog_chan_make(&fin_elem_type, 1);
  atomic_fetch_add(&rt_system_goroutines, 1);
  gc_set_finalizer_notify(fin_notify);
  sched_go(fin_goroutine, NULL);
}

/* gc_set_finalizer grows a malloc'd table: on the system stack. */
struct set_fin_req {
  void *obj;
  void *fn;
};

static void set_finalizer_sys(void *arg) {
  struct set_fin_req *r = arg;
  gc_set_finalizer(r->obj, r->fn ? fin_call : NULL, r->fn);
}

void rt_set_finalizer(const rog_type *ot, void *obj, const rog_type *ft,
                      void *fn) __asm__("runtime.SetFinalizer");
void rt_set_finalizer(const rog_type *ot, void *obj, const rog_type *ft, void *fn) {
  if (ot == NULL) sched_fatal("runtime.SetFinalizer: first argument is nil");
  if ((ot->kind & ROG_KIND_MASK) != ROG_KIND_POINTER)
    sched_fatal("runtime.SetFinalizer: first argument is not a pointer");
  alloc_object o;
  if (obj == NULL || !alloc_find_object(obj, &o)) return; /* globals, nil: gc ignores them too */
  if (o.start != obj) sched_fatal("runtime.SetFinalizer: pointer not at beginning of allocated block");
  struct set_fin_req r = {obj, NULL};
  if (ft == NULL || fn == NULL) {
    sched_systemstack(set_finalizer_sys, &r);
    return;
  }
  if ((ft->kind & ROG_KIND_MASK) != ROG_KIND_FUNC)
    sched_fatal("runtime.SetFinalizer: second argument is not a function");
  fin_start();
  r.fn = fn;
  sched_systemstack(set_finalizer_sys, &r);
}
