/*
 * runtime/rt/gcpause_std.c: the parts of package runtime/debug's runtime
 * side that are not the collector's (those are in runtime/gc/std.c), and
 * the wiring of sync.Pool's cleanup into the collector. Here because they
 * touch the scheduler, stacks and panics, which runtime/gc must not depend
 * on. Bodyless declarations of runtime/debug (stubs.go, garbage.go,
 * mod.go) defined under their Go symbol names (abi.h [calls]).
 *
 *   setMaxStack(int) int       runtime/stack's per-goroutine limit (real)
 *   setMaxThreads(int) int     recorded and returned; not enforced
 *                              (TODO(sched): fail when more threads are
 *                              created, as gc does)
 *   setPanicOnFault(bool) bool recorded per goroutine in gc; here one
 *                              process-wide flag, recorded and returned,
 *                              not acted on (TODO(panic): turn a fault at
 *                              a bad address into a panic when set)
 *   SetTraceback(string)       level recorded (runtime_traceback_level);
 *                              rog's fatal tracebacks do not vary with it
 *                              yet (TODO(panic))
 *   WriteHeapDump(uintptr)     unsupported: writes nothing, says so on
 *                              stderr
 *   modinfo() string           "": rog embeds no build information
 *
 * sync.Pool: gc calls the function sync registered (poolCleanup) at the
 * start of every cycle with the world stopped, so pools drop their primary
 * caches into the victim caches and the previous victims become garbage.
 * rt_pool_cleanup_hook is installed as the collector's cycle-start hook and
 * calls that closure (runtime/sched/sema.c keeps it, sync_pool_cleanup).
 * The same hook requests the scheduler's free-G stack purge
 * (sched_request_stack_purge: only a flag, sysmon does the work).
 */
#include <string.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/gc/gc.h"
#include "runtime/rt/rt.h"
#include "runtime/stack/stack.h"

intptr_t rt_debug_set_max_stack(intptr_t n) __asm__("runtime/debug.setMaxStack");
intptr_t rt_debug_set_max_stack(intptr_t n) {
  intptr_t old = (intptr_t)stack_max;
  if (n > 0) stack_max = (size_t)n;
  return old;
}

static intptr_t max_threads = 10000; /* gc's default */

intptr_t rt_debug_set_max_threads(intptr_t n) __asm__("runtime/debug.setMaxThreads");
intptr_t rt_debug_set_max_threads(intptr_t n) {
  intptr_t old = __atomic_exchange_n(&max_threads, n, __ATOMIC_RELAXED);
  return old;
}

static bool panic_on_fault;

bool rt_debug_set_panic_on_fault(bool on) __asm__("runtime/debug.setPanicOnFault");
bool rt_debug_set_panic_on_fault(bool on) {
  return __atomic_exchange_n(&panic_on_fault, on, __ATOMIC_RELAXED);
}

/* 0 none, 1 single (default), 2 all, 3 system, 4 crash; numbers as gc. */
int runtime_traceback_level = 1;

void rt_debug_set_traceback(const uint8_t *p, intptr_t n) __asm__("runtime/debug.SetTraceback");
void rt_debug_set_traceback(const uint8_t *p, intptr_t n) {
  static const char *const names[] = {"none", "single", "all", "system", "crash"};
  for (int i = 0; i < 5; i++)
    if ((size_t)n == strlen(names[i]) && memcmp(p, names[i], (size_t)n) == 0) {
      __atomic_store_n(&runtime_traceback_level, i, __ATOMIC_RELAXED);
      return;
    }
  int v = 0;
  for (intptr_t i = 0; i < n && p[i] >= '0' && p[i] <= '9' && v < 1000; i++)
    v = v * 10 + (p[i] - '0');
  __atomic_store_n(&runtime_traceback_level, n > 0 && p[0] >= '0' && p[0] <= '9' ? v : 1, __ATOMIC_RELAXED);
}

void rt_debug_write_heap_dump(uintptr_t fd) __asm__("runtime/debug.WriteHeapDump");
void rt_debug_write_heap_dump(uintptr_t fd) {
  (void)fd;
  static const char msg[] = "runtime/debug.WriteHeapDump: not supported by rog; nothing written\n";
  ssize_t r = write(2, msg, sizeof msg - 1);
  (void)r;
}

rog_string rt_debug_modinfo(void) __asm__("runtime/debug.modinfo");
rog_string rt_debug_modinfo(void) {
  rog_string s = {NULL, 0};
  return s;
}

/* ------------------------------------------------------------ sync.Pool */

extern const rog_closure *sync_pool_cleanup; /* runtime/sched/sema.c */

/* Also asks the scheduler to give the stacks of its free Gs back (a flag:
 * sysmon does the work outside the pause; gc frees them in markroot). */
static void rt_pool_cleanup_hook(void) {
  sched_request_stack_purge();
  const rog_closure *f = __atomic_load_n(&sync_pool_cleanup, __ATOMIC_ACQUIRE);
  if (f) rog_call_closure(f);
}

/* Called by rt_run (rt.c). A constructor here did not run in programs
 * that use nothing else of this file (no runtime/debug): the linker leaves
 * an unreferenced archive member out, and with it sync.Pool's cleanup. */
void rt_install_cycle_hook(void) {
  gc_set_cycle_start_hook(rt_pool_cleanup_hook);
}
