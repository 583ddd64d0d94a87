/*
 * runtime/gc/std.c: the collector's side of package runtime/debug and
 * sync.Pool. The std packages declare these functions without bodies
 * (runtime/debug/stubs.go, sync/pool.go); rog's runtime defines them
 * under their Go symbol names (abi.h [calls]: flattened parameters, one
 * result returned in a register).
 *
 *   runtime/debug.setGCPercent(int32) int32      GOGC at run time
 *   runtime/debug.setMemoryLimit(int64) int64    GOMEMLIMIT (negative: query)
 *   runtime/debug.freeOSMemory()                 a full collection, then every
 *                                                idle page back to the OS
 *   runtime/debug.readGCStats(*[]uint64)         pause history, gc's layout
 *   sync.runtime_registerPoolCleanup(func())     called at the start of every
 *                                                cycle (gc_set_cycle_start_hook,
 *                                                installed by runtime/rt)
 *
 * readGCStats fills the caller's slice, whose capacity runtime/debug makes
 * at least 3 + 2 * 256: the n = min(NumGC, 256) most recent pauses, most
 * recent first, then their end times (Unix ns), then the last GC's end
 * time, NumGC and the total pause; the slice's length becomes 2n + 3.
 *
 * Stack budget: these run on the calling goroutine's stack, so each stays
 * within ROG_STACK_RUNTIME_MAX; the 5.8 KB statistics record lives in the
 * GC heap (a pointer-free object), and everything deep goes through
 * gc_on_system_stack (inside gc_collect, gc_read_memstats, and here).
 */
#include "gc_internal.h"

int32_t gc_std_set_gc_percent(int32_t pct) __asm__("runtime/debug.setGCPercent");
int32_t gc_std_set_gc_percent(int32_t pct) {
  return gc_set_percent(pct);
}

int64_t gc_std_set_memory_limit(int64_t limit) __asm__("runtime/debug.setMemoryLimit");
int64_t gc_std_set_memory_limit(int64_t limit) {
  return gc_set_memory_limit(limit);
}

static void release_all(void *arg) {
  (void)arg;
  alloc_free_os_memory();
}

void gc_std_free_os_memory(void) __asm__("runtime/debug.freeOSMemory");
void gc_std_free_os_memory(void) {
  gc_collect(); /* returns with the heap swept */
  gc_on_system_stack(release_all, NULL);
}

typedef struct go_u64_slice {
  uint64_t *ptr;
  intptr_t len, cap;
} go_u64_slice;

enum { NPAUSE = 256 };

void gc_std_read_gc_stats(go_u64_slice *s) __asm__("runtime/debug.readGCStats");
void gc_std_read_gc_stats(go_u64_slice *s) {
  if (s->cap < 2 * NPAUSE + 3) alloc_fatal("short slice passed to readGCStats");
  gc_memstats *ms = rog_alloc(sizeof *ms, NULL);
  gc_read_memstats(ms);
  uint32_t n = ms->num_gc < NPAUSE ? ms->num_gc : NPAUSE;
  uint64_t *p = s->ptr;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t j = (ms->num_gc - 1 - i) % NPAUSE;
    p[i] = ms->pause_ns[j];
    p[n + i] = ms->pause_end[j];
  }
  p[2 * n] = ms->last_gc;
  p[2 * n + 1] = ms->num_gc;
  p[2 * n + 2] = ms->pause_total_ns;
  s->len = 2 * (intptr_t)n + 3;
}
