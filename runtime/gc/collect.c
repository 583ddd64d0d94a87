/*
 * runtime/gc/collect.c: the collection cycle, pacing, statistics, gctrace.
 *
 * Stop-the-world cycle (default, ROG_OPTS gc=stw), run by the thread whose
 * allocation crossed the trigger (or that called gc_collect):
 *   finish sweeping (before stopping: no pause for it) -> stop the world ->
 *   flush every cache -> mark roots (stacks/registers conservatively,
 *   globals precisely, finalizer roots) -> parallel mark with all workers ->
 *   queue finalizers of unreachable objects and mark what they keep ->
 *   sweep_begin (O(size classes)) -> start the world. Sweeping then runs in
 *   the background thread and on demand when caches need spans.
 *
 * Concurrent cycle (gc=concurrent), run by the background thread when the
 * trigger is crossed (by the caller for gc_collect):
 *   pause 1: flush caches, turn on the deletion barrier and black
 *   allocation, scan roots -> concurrent marking by gcbgworkers helper
 *   threads while mutators run -> pause 2: flush caches (marks the objects
 *   allocated black), drain what the barrier queued, finalizers, barrier
 *   off, sweep_begin. Neither pause depends on the heap size: stacks and
 *   globals are scanned in pause 1, pause 2 only drains the barrier's
 *   leftovers. See mark.c for why the barrier is Yuasa's.
 *
 * Ragged cycle (gc=concurrent in a world with gc_world_ops.handshake, the
 * default there; ROG_OPTS gcragged=0 forces the stopping form): no stop at
 * all; each mutator's stack is scanned by its own thread at its next
 * checkpoint, termination is detected by handshakes, and caches are
 * flushed after the sweep flip. See run_ragged_cycle. Both worlds
 * implement handshakes: the thread world (world.c) per thread, the
 * scheduler's (runtime/sched/gchandshake.c, installed by runtime/rt) per
 * M (its cache) and per goroutine (its stack), so Go programs in
 * gc=concurrent get ragged cycles.
 *
 * Pause breakdown: ROG_OPTS gcpausetrace=1 prints every pause's phases
 * (time to stop, cache flush, roots, marking left, sweep start, restart)
 * and, for ragged cycles, the longest time a mutator lost.
 *
 * Cycle-start hook (gc_set_cycle_start_hook): sync.Pool's cleanup, run
 * with the world stopped before marking (a short stop in a ragged cycle).
 *
 * Pacing (GOGC, GOMEMLIMIT): after a cycle that marked M bytes,
 *   goal = M * (1 + GOGC/100), at least 4 MiB * GOGC/100;
 *   with a memory limit L, goal = min(goal, L - metadata), but never below
 *   M + M/16 (no death spiral when the live heap nears the limit);
 *   trigger = goal (stw) or M + 0.7 * (goal - M) (concurrent, leaving room
 *   for allocation during marking). An allocation slow path that finds
 *   heap_live >= trigger starts a cycle.
 *
 * Mark assists (concurrent cycles; ROG_OPTS gcassist=0 turns them off):
 * gc's proportional assists, built from its design notes. Every byte a
 * mutator allocates while marking runs puts it in debt by the assist
 * ratio, scan work (bytes scanned) per byte allocated:
 *   ratio = (expected scan work - scan work done) / (goal - heap_live),
 * recomputed at every charge, so a mutator that allocates 4x as much as
 * another owes 4x as much work, and marking is done about when the heap
 * reaches the goal. The expected work is the last cycle's scan work (the
 * first cycle: the bytes it marked); past it, an eighth of it is assumed
 * to remain. Past the goal (a late start, a low estimate) the target
 * becomes goal + (goal - M)/8; past that, a charge is all the remaining
 * work, so a mutator there does the rest itself or waits for it
 * (assist_debt).
 *   - Debt lives in the allocation cache (alloc_cache.assist_*: a cache is
 *     a thread's or a P's, so in the scheduler's world a P carries it).
 *     The allocator only counts the bytes a cache takes (a span's free
 *     slots when it is acquired, a large object's pages) on its slow
 *     path; the fast path is untouched. The GC hook at the next slow path
 *     converts the new bytes into debt (so a span's bytes are charged one
 *     refill late; a large object before it is allocated).
 *   - A mutator in debt pays from the credit the background workers bank
 *     (mark.c: every 16 KiB they scan), unless the heap is past the goal:
 *     that credit was banked at a lower ratio. Then it scans from the
 *     shared pool itself (mark_assist on the system stack), counted in
 *     bytes scanned and stopping at its debt (what is left of a batch
 *     goes back to the pool); scanning past its debt (at most one object
 *     chunk) leaves it credit for the rest of the cycle. If it can do
 *     neither (pool empty, no credit) it sleeps blocked for ASSIST_WAIT_NS
 *     and looks again, until it can pay or the cycle ends (debt is
 *     forgiven then).
 *   - Debt and credit belong to one cycle (assist_gen): a cache's first
 *     charge in a cycle drops what it had, and bytes taken before marking
 *     started are not charged.
 *   - A mutator past the goal while the cycle has not started marking yet
 *     (the background thread that runs cycles is late: a loaded machine)
 *     waits until marking starts; one past goal + (goal - M) waits for the
 *     cycle to end (assists on or off). Without these waits the heap grew
 *     to several times the goal before marking started (gc_assist_test).
 *   Rejected: the fixed scan budget per slow path past the goal that this
 *   replaced (pay nothing below the goal, then a constant amount whatever
 *   the allocation rate: the heap overshot the goal by the allocation of
 *   the whole mark phase); debt per goroutine as gc keeps it (a G field
 *   written on every refill and read by the scheduler; per cache costs
 *   nothing where caches already are, and a P's goroutines share its
 *   allocation anyway). gc_last_cycle reports each cycle's goal and heap
 *   at the end of marking (the overshoot); gc_assist_* count the work.
 *   Limits: in the scheduler's world the goroutine that refills a P's
 *   cache pays the P's debt, whoever allocated it (gc charges each G).
 *   TODO(gc): no automated test runs a compiled Go program with assists
 *   (checked by hand: the gctrace heap-at-mark-end / goal of a program
 *   allocating 4 KiB buffers over a 64 MiB tree in gc=concurrent).
 *
 * heap_live counts cached spans as fully allocated, like gc's heapLive.
 *
 * Scavenging: after each sweep the background thread returns idle pages to
 * the OS until committed heap (in use + idle) is at most 110% of the goal
 * (gc's retention rule), and at most GOMEMLIMIT minus metadata when a limit
 * is set. alloc_free_os_memory (debug.FreeOSMemory) releases all of it.
 * Not done: gc's time-paced scavenger that also releases between cycles.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gc_internal.h"

/* The remaining work an assist charge assumes is never below this. */
#define ASSIST_MIN_WORK ((uint64_t)64 << 10)
/* Longest single wait of an assist for credit before it looks again. */
#define ASSIST_WAIT_NS 200000

const gc_world_ops *gc_world;
static pthread_mutex_t gc_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_uint_fast64_t trigger_bytes = 4 << 20, goal_bytes = 4 << 20;
static uint64_t last_marked;
static atomic_int cycle_running;
static atomic_uint_fast64_t stress_count;
static uint64_t start_ns;
static uint64_t gc_cpu_ns; /* worker time + pauses */

/* Assists of the running cycle (set by run_cycle, under gc_lock). */
static atomic_uint_fast64_t assist_gen;      /* +1 per cycle: stale cache credit is dropped */
static atomic_uint_fast64_t assist_expected; /* scan work the cycle is expected to take */
static uint64_t last_scan_work;              /* scan work of the last cycle */
atomic_uint_fast64_t gc_assist_charged, gc_assist_scanned, gc_assist_stolen, gc_assist_waits;

/* The last cycle's pacing record (gc_last_cycle). */
static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;
static gc_cycle_record last_record;

/* Statistics (under gc_lock). */
static uint32_t num_gc, num_forced;
static uint64_t pause_ns_ring[256], pause_end_ring[256], pause_total;
static uint64_t last_gc_unix;
static atomic_uint_fast64_t max_pause;

/* Globals registrations. */
typedef struct globals_reg {
  const void *start;
  size_t nwords;
  const uint8_t *bitmap;
} globals_reg;
static pthread_mutex_t globals_lock = PTHREAD_MUTEX_INITIALIZER;
static globals_reg *globals;
static size_t nglobals, capglobals;

/* Background thread: sweeping, scavenging, concurrent cycles. */
static pthread_mutex_t bg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bg_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t cycle_done_cond = PTHREAD_COND_INITIALIZER;
static int bg_sweep_pending, bg_cycle_requested;
static pthread_once_t bg_once = PTHREAD_ONCE_INIT;

uint64_t mark_shade_bytes_take(void);

uint64_t gc_nanotime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t unix_nanotime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------------- set-up */

static void gc_init_hook(void) {
  gc_parse_options();
  __atomic_store_n(&alloc_opt_poison, gc_opts.poison, __ATOMIC_RELAXED);
  alloc_opt_debug = gc_opts.debug;
  alloc_opt_stress = gc_opts.stress > 0;
  alloc_set_arena_size(gc_opts.arena);
  if (!gc_world) gc_world = gc_thread_world_ops();
  start_ns = gc_nanotime();
  uint64_t goal = 4 << 20;
  if (gc_opts.percent >= 0)
    goal = (uint64_t)(4 << 20) * (uint64_t)(gc_opts.percent > 0 ? gc_opts.percent : 1) / 100;
  if (gc_opts.percent < 0) goal = UINT64_MAX;
  if (gc_opts.memory_limit != INT64_MAX && goal > (uint64_t)gc_opts.memory_limit)
    goal = (uint64_t)gc_opts.memory_limit;
  atomic_store(&goal_bytes, goal);
  atomic_store(&trigger_bytes, goal);
}

static void gc_collect_internal(int forced);
static void gc_slow_path_hook(void);

__attribute__((constructor)) static void gc_install_hooks(void) {
  static const alloc_gc_hooks hooks = {.init = gc_init_hook, .slow_path = gc_slow_path_hook};
  alloc_set_gc_hooks(&hooks);
}

static void (*cycle_start_hook)(void);

void gc_set_cycle_start_hook(void (*fn)(void)) {
  __atomic_store_n(&cycle_start_hook, fn, __ATOMIC_RELEASE);
}

/* With the world stopped. */
static void run_cycle_start_hook(void) {
  void (*fn)(void) = __atomic_load_n(&cycle_start_hook, __ATOMIC_ACQUIRE);
  if (fn) fn();
}

void gc_set_world_ops(const gc_world_ops *ops) {
  gc_world = ops ? ops : gc_thread_world_ops();
}

void gc_register_globals(const void *start, size_t size_bytes, const uint8_t *bitmap) {
  pthread_mutex_lock(&globals_lock);
  if (nglobals == capglobals) {
    size_t cap = capglobals ? 2 * capglobals : 16;
    globals_reg *g = realloc(globals, cap * sizeof *g);
    if (!g) alloc_fatal("out of memory (globals)");
    globals = g;
    capglobals = cap;
  }
  globals[nglobals++] = (globals_reg){start, size_bytes / 8, bitmap};
  pthread_mutex_unlock(&globals_lock);
}

void gc_unregister_globals(const void *start) {
  pthread_mutex_lock(&globals_lock);
  for (size_t i = 0; i < nglobals; i++)
    if (globals[i].start == start) {
      globals[i] = globals[--nglobals];
      break;
    }
  pthread_mutex_unlock(&globals_lock);
}

static uint64_t globals_bytes(void) {
  uint64_t n = 0;
  pthread_mutex_lock(&globals_lock);
  for (size_t i = 0; i < nglobals; i++)
    n += globals[i].nwords * 8;
  pthread_mutex_unlock(&globals_lock);
  return n;
}

/* ------------------------------------------------------------- pacing */

static void update_pacing(uint64_t marked) {
  uint64_t goal;
  int pct = gc_opts.percent;
  if (pct < 0) {
    goal = UINT64_MAX;
  } else {
    goal = marked + marked / 100 * (uint64_t)pct;
    uint64_t minheap = (uint64_t)(4 << 20) * (uint64_t)(pct > 0 ? pct : 1) / 100;
    if (goal < minheap) goal = minheap;
  }
  if (gc_opts.memory_limit != INT64_MAX) {
    uint64_t overhead = atomic_load(&alloc_meta_sys);
    uint64_t lim = (uint64_t)gc_opts.memory_limit > overhead ? (uint64_t)gc_opts.memory_limit - overhead : 0;
    if (goal > lim) goal = lim;
    if (goal < marked + marked / 16) goal = marked + marked / 16;
  }
  uint64_t trigger = goal;
  if (gc_opts.mode == GC_MODE_CONCURRENT && goal != UINT64_MAX) trigger = marked + (goal - marked) / 10 * 7;
  __atomic_store_n(&last_marked, marked, __ATOMIC_RELAXED); /* the slow path reads it */
  atomic_store(&goal_bytes, goal);
  atomic_store(&trigger_bytes, trigger);
}

/* Every caller that may be a mutator takes gc_lock through this, never
 * with a plain pthread_mutex_lock: a concurrent cycle holds gc_lock while
 * it stops the world, and a mutator that waits for the lock without
 * declaring itself blocked is never stopped (the world stays unstopped
 * forever). That was the mark-assist test's CI hang: the test thread's
 * gc_set_mode waited for gc_lock while the background thread's pause 2
 * waited for the test thread. */
static void lock_gc_blocking(const gc_world_ops *w);

int gc_set_percent(int percent) {
  alloc_init();
  lock_gc_blocking(gc_world);
  int old = gc_opts.percent;
  gc_opts.percent = percent < 0 ? -1 : percent;
  update_pacing(last_marked);
  pthread_mutex_unlock(&gc_lock);
  return old;
}

int64_t gc_set_memory_limit(int64_t bytes) {
  alloc_init();
  lock_gc_blocking(gc_world);
  int64_t old = gc_opts.memory_limit;
  if (bytes >= 0) {
    __atomic_store_n(&gc_opts.memory_limit, bytes, __ATOMIC_RELAXED); /* bg_main reads it */
    update_pacing(last_marked);
  }
  pthread_mutex_unlock(&gc_lock);
  return old;
}

void gc_set_mode(int mode) {
  alloc_init();
  lock_gc_blocking(gc_world);
  gc_opts.mode = mode == GC_MODE_CONCURRENT ? GC_MODE_CONCURRENT : GC_MODE_STW;
  update_pacing(last_marked);
  pthread_mutex_unlock(&gc_lock);
}

int gc_get_mode(void) {
  alloc_init();
  return gc_opts.mode;
}

void gc_set_stress(uint64_t n) {
  alloc_init();
  gc_opts.stress = n;
  alloc_opt_stress = n > 0;
}

void gc_set_debug(int level) {
  alloc_init();
  gc_opts.debug = level;
  alloc_opt_debug = level;
}

uint32_t gc_cycles(void) {
  return __atomic_load_n(&num_gc, __ATOMIC_ACQUIRE);
}
uint64_t gc_max_pause_ns(void) {
  return atomic_load(&max_pause);
}
void gc_reset_max_pause(void) {
  atomic_store(&max_pause, 0);
}

/* ------------------------------------------------------ background */

static void *bg_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&bg_lock);
  for (;;) {
    while (!bg_sweep_pending && !bg_cycle_requested)
      pthread_cond_wait(&bg_cond, &bg_lock);
    if (bg_cycle_requested) {
      bg_cycle_requested = 0;
      pthread_mutex_unlock(&bg_lock);
      gc_collect_internal(0);
      pthread_mutex_lock(&bg_lock);
      continue;
    }
    bg_sweep_pending = 0;
    pthread_mutex_unlock(&bg_lock);
    while (alloc_sweep_some()) {
      pthread_mutex_lock(&bg_lock);
      int stop = bg_cycle_requested;
      pthread_mutex_unlock(&bg_lock);
      if (stop) break;
    }
    /* Retain committed heap (in use + idle) up to 110% of the goal, as gc
     * does; release idle memory beyond that. Releasing more would make the
     * next cycle's allocations fault the same pages back in. */
    uint64_t goal = atomic_load(&goal_bytes);
    alloc_stats st;
    alloc_read_stats(&st);
    uint64_t retain = goal == UINT64_MAX ? st.heap_inuse + ((uint64_t)64 << 20) : goal + goal / 10;
    /* Under GOMEMLIMIT, committed heap beyond the limit is released too. */
    int64_t lim = __atomic_load_n(&gc_opts.memory_limit, __ATOMIC_RELAXED);
    uint64_t meta = atomic_load(&alloc_meta_sys);
    if (lim != INT64_MAX && (uint64_t)lim > meta && retain > (uint64_t)lim - meta)
      retain = (uint64_t)lim - meta;
    heap_scavenge(retain > st.heap_inuse ? retain - st.heap_inuse : 0);
    pthread_mutex_lock(&bg_lock);
  }
  return NULL;
}

static void bg_start(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, bg_main, NULL) != 0) alloc_fatal("cannot start the GC background thread");
  pthread_detach(t);
  int n = gc_opts.workers;
  if (n < gc_opts.conc_workers + 1) n = gc_opts.conc_workers + 1;
  mark_init_workers(n);
}

static void bg_kick(int cycle) {
  pthread_mutex_lock(&bg_lock);
  if (cycle)
    bg_cycle_requested = 1;
  else
    bg_sweep_pending = 1;
  pthread_cond_signal(&bg_cond);
  pthread_mutex_unlock(&bg_lock);
}

/* ------------------------------------------------------------- cycle */

static void root_visitor(void *ctx, const void *lo, const void *hi) {
  mark_conservative_range((gc_worker *)ctx, lo, hi);
}

static void mark_roots(gc_worker *w) {
  gc_world->for_each_root_range(root_visitor, w);
  pthread_mutex_lock(&globals_lock);
  for (size_t i = 0; i < nglobals; i++)
    mark_precise_range(w, globals[i].start, globals[i].nwords, globals[i].bitmap);
  pthread_mutex_unlock(&globals_lock);
  fin_mark_roots(w);
}

static void record_pause(uint64_t ns) {
  uint64_t m = atomic_load(&max_pause);
  while (ns > m && !atomic_compare_exchange_weak(&max_pause, &m, ns))
    ;
}

/* Go's fmtNSAsMS: integer ms from 10 ms on, else three significant digits. */
static void fmt_ms(char *buf, size_t n, uint64_t ns) {
  if (ns >= 10000000) {
    snprintf(buf, n, "%llu", (unsigned long long)(ns / 1000000));
    return;
  }
  uint64_t x = ns / 1000;
  if (x == 0) {
    snprintf(buf, n, "0");
    return;
  }
  int dec = 3;
  while (x >= 100) {
    x /= 10;
    dec--;
  }
  uint64_t p = 1;
  for (int i = 0; i < dec; i++)
    p *= 10;
  if (dec == 0)
    snprintf(buf, n, "%llu", (unsigned long long)x);
  else
    snprintf(buf, n, "%llu.%0*llu", (unsigned long long)(x / p), dec, (unsigned long long)(x % p));
}

typedef struct cycle_times {
  uint64_t start, pause1_end, mark_end, end;
  uint64_t stw1, stw2; /* pause lengths */
  uint64_t heap_before, heap_after_mark, marked;
  uint64_t mark_cpu;
  uint64_t goal; /* the goal the cycle ran for (gctrace prints it, as gc does) */
  int workers;
} cycle_times;

static void gctrace(const cycle_times *t, int forced) {
  if (!gc_opts.gctrace) return;
  char a[32], b[32], c[32], d[32], e[32], f[32], g[32];
  uint64_t elapsed = t->end - start_ns;
  int pct = elapsed
                ? (int)(gc_cpu_ns * 100 / (elapsed * (uint64_t)(gc_opts.workers > 0 ? gc_opts.workers : 1)))
                : 0;
  uint64_t conc = t->mark_end - t->pause1_end;
  fmt_ms(a, sizeof a, t->stw1);
  fmt_ms(b, sizeof b, gc_opts.mode == GC_MODE_CONCURRENT ? conc : 0);
  fmt_ms(c, sizeof c, t->stw2);
  fmt_ms(d, sizeof d, t->stw1);
  fmt_ms(e, sizeof e, gc_opts.mode == GC_MODE_CONCURRENT ? t->mark_cpu : 0);
  fmt_ms(f, sizeof f, 0);
  fmt_ms(g, sizeof g, gc_opts.mode == GC_MODE_CONCURRENT ? t->stw2 * (uint64_t)t->workers : t->mark_cpu);
  uint64_t goal = t->goal;
  fprintf(stderr,
          "gc %u @%.3fs %d%%: %s+%s+%s ms clock, %s+0/%s/%s+%s ms cpu, %llu->%llu->%llu MB, %llu MB goal, "
          "0 MB stacks, %llu MB globals, %d P%s\n",
          num_gc, (double)(t->start - start_ns) / 1e9, pct, a, b, c, d, e, f, g,
          (unsigned long long)(t->heap_before >> 20), (unsigned long long)(t->heap_after_mark >> 20),
          (unsigned long long)(t->marked >> 20), (unsigned long long)((goal == UINT64_MAX ? 0 : goal) >> 20),
          (unsigned long long)(globals_bytes() >> 20), gc_opts.workers, forced ? " (forced)" : "");
}

/* ROG_OPTS gcpausetrace=1: the phases of one pause, as offsets from its
 * start. pt_mark(&pt, "name") closes the phase that ends now. */
enum { PT_MAX = 8 };
typedef struct pause_trace {
  uint64_t start;
  int n;
  const char *name[PT_MAX];
  uint64_t at[PT_MAX];
} pause_trace;

static void pt_begin(pause_trace *pt) {
  pt->n = 0;
  pt->start = gc_nanotime();
}

static void pt_mark(pause_trace *pt, const char *name) {
  if (pt->n < PT_MAX) {
    pt->name[pt->n] = name;
    pt->at[pt->n++] = gc_nanotime();
  }
}

static void pt_print(const pause_trace *pt, const char *which) {
  if (!gc_opts.pausetrace) return;
  char line[512];
  int k = snprintf(line, sizeof line, "gc pause %u %s:", num_gc, which);
  uint64_t prev = pt->start;
  for (int i = 0; i < pt->n && k > 0 && (size_t)k < sizeof line; i++) {
    k += snprintf(line + k, sizeof line - (size_t)k, " %s=%.3f", pt->name[i],
                  (double)(pt->at[i] - prev) / 1e6);
    prev = pt->at[i];
  }
  fprintf(stderr, "%s ms total=%.3f\n", line, (double)(prev - pt->start) / 1e6);
}

static uint64_t sum_worker_ns(void) {
  uint64_t ns = 0;
  for (int i = 0; i < 64; i++)
    ns += mark_worker(i)->ns;
  return ns;
}

static void finish_cycle_stats(cycle_times *t, int forced) {
  uint64_t pause = t->stw1 + t->stw2;
  pause_ns_ring[num_gc % 256] = pause;
  pause_end_ring[num_gc % 256] = unix_nanotime();
  pause_total += pause;
  last_gc_unix = pause_end_ring[num_gc % 256];
  __atomic_store_n(&num_gc, num_gc + 1, __ATOMIC_RELEASE);
  if (forced) num_forced++;
  gc_cpu_ns += t->mark_cpu + pause;
  record_pause(t->stw1);
  record_pause(t->stw2);
}

static void verify_after_sweep(void);

/* Marking in a stopped world: all of it (stw) or the leftovers (concurrent). */
static void stw_finish_marking(int workers) {
  gc_worker *w0 = mark_worker(0);
  mark_drain_parallel(workers);
  if (fin_queue_unreachable(w0)) mark_drain_parallel(workers);
}

/* Marking is complete and the world is stopped: verify, start sweeping,
 * pace the next cycle, restart the world. */
static void end_cycle_in_pause(cycle_times *t, pause_trace *pt) {
  if (gc_opts.debug >= 2) gc_verify_heap_marked();
  alloc_sweep_begin();
  atomic_store(&alloc_heap_live, t->marked);
  update_pacing(t->marked);
  if (gc_opts.debug >= 2) verify_after_sweep();
  pt_mark(pt, "sweepbegin");
  gc_world->start_the_world();
  pt_mark(pt, "start");
  t->end = gc_nanotime();
}

static void run_stw_cycle(cycle_times *t) {
  alloc_sweep_finish(); /* while the others run: not part of the pause */
  pause_trace pt;
  pt_begin(&pt);
  uint64_t s1 = pt.start;
  gc_world->stop_the_world();
  pt_mark(&pt, "stop");
  t->pause1_end = gc_nanotime();
  run_cycle_start_hook();
  alloc_sweep_finish();
  alloc_flush_all_caches();
  pt_mark(&pt, "flush");
  t->heap_before = atomic_load(&alloc_heap_live);
  mark_reset();
  mark_roots(mark_worker(0));
  pt_mark(&pt, "roots");
  stw_finish_marking(gc_opts.workers);
  pt_mark(&pt, "mark");
  t->mark_end = gc_nanotime();
  t->marked = mark_total_marked();
  t->heap_after_mark = t->heap_before;
  t->mark_cpu = sum_worker_ns();
  end_cycle_in_pause(t, &pt);
  t->stw1 = t->end - s1;
  t->stw2 = 0;
  t->workers = gc_opts.workers;
  pt_print(&pt, "stw");
}

static void run_concurrent_cycle(cycle_times *t) {
  alloc_sweep_finish();
  pause_trace pt;
  pt_begin(&pt);
  uint64_t s1 = pt.start;
  gc_world->stop_the_world();
  pt_mark(&pt, "stop");
  run_cycle_start_hook();
  alloc_sweep_finish();
  alloc_set_marking(1);
  alloc_blacken_all_caches();
  pt_mark(&pt, "flush");
  t->heap_before = atomic_load(&alloc_heap_live);
  mark_reset();
  mark_shade_bytes_take();
  atomic_store(&alloc_heap_marked_black, 0);
  __atomic_store_n(&rog_wb_enabled, 1, __ATOMIC_SEQ_CST);
  gc_worker *w0 = mark_worker(0);
  mark_roots(w0);
  mark_publish_all(w0);
  pt_mark(&pt, "roots");
  gc_world->start_the_world();
  pt_mark(&pt, "start");
  t->pause1_end = gc_nanotime();
  t->stw1 = t->pause1_end - s1;
  pt_print(&pt, "sweepterm");

  /* Rounds until one ends with nothing queued: the barrier keeps queueing
   * overwritten values while mutators run, and whatever is left when the
   * world stops is marked inside pause 2. The cap only bounds a mutator
   * that shades faster than the workers mark (pause 2 then does the rest). */
  for (int round = 0; round < 1000; round++) {
    mark_start_background(gc_opts.conc_workers);
    mark_wait_background();
    if (mark_pool_empty()) break;
  }
  t->mark_end = gc_nanotime();
  t->mark_cpu = sum_worker_ns();

  pt_begin(&pt);
  uint64_t s2 = pt.start;
  gc_world->stop_the_world();
  pt_mark(&pt, "stop");
  alloc_flush_all_caches(); /* marks the objects allocated during marking */
  pt_mark(&pt, "flush");
  stw_finish_marking(gc_opts.workers);
  pt_mark(&pt, "mark");
  __atomic_store_n(&rog_wb_enabled, 0, __ATOMIC_SEQ_CST);
  t->marked = mark_total_marked() + mark_shade_bytes_take() + atomic_load(&alloc_heap_marked_black);
  t->heap_after_mark = atomic_load(&alloc_heap_live);
  end_cycle_in_pause(t, &pt);
  t->stw2 = t->end - s2;
  t->workers = gc_opts.workers;
  pt_print(&pt, "markterm");
}

/* ---------------------------------------------------- ragged cycle */

/* Scanners: a callback scans with one of HS_SCANNERS mark workers (the
 * background workers are idle during the scan handshake), each under its
 * own lock, taken with trylock round the ring first. (Rejected: one lock
 * and worker 0 for every callback. With more runnable threads than cores
 * the OS preempts whoever holds it, and every mutator reaching its
 * checkpoint then waits a whole time slice: 10-20 ms "pauses" in
 * tests/bench/gcpause with 0.1 ms callbacks.) */
#define HS_SCANNERS 8
static pthread_mutex_t hs_scan_lock[HS_SCANNERS] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                                    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                                    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                                    PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static atomic_uint hs_scan_next;
static atomic_uint_fast64_t hs_fn_max; /* longest callback this cycle */

static void hs_note(uint64_t t0) {
  uint64_t d = gc_nanotime() - t0, m = atomic_load(&hs_fn_max);
  while (d > m && !atomic_compare_exchange_weak(&hs_fn_max, &m, d))
    ;
}

static void hs_flush(void *arg, const gc_mutator *m) {
  (void)arg;
  uint64_t t0 = gc_nanotime();
  if (m->cache) alloc_cache_flush(m->cache);
  hs_note(t0);
}

static void hs_scan(void *arg, const gc_mutator *m) {
  (void)arg;
  uint64_t t0 = gc_nanotime();
  if (m->cache) alloc_cache_blacken(m->cache); /* with its stack: see alloc_internal.h */
  unsigned k = atomic_fetch_add(&hs_scan_next, 1) % HS_SCANNERS;
  bool locked = false;
  for (int i = 0; i < HS_SCANNERS && !locked; i++) {
    locked = pthread_mutex_trylock(&hs_scan_lock[k]) == 0;
    if (!locked) k = (k + 1) % HS_SCANNERS;
  }
  if (!locked) pthread_mutex_lock(&hs_scan_lock[k]);
  gc_worker *w = mark_worker((int)k);
  m->for_each_root_range(m, root_visitor, w);
  mark_publish_all(w);
  pthread_mutex_unlock(&hs_scan_lock[k]);
  hs_note(t0);
}

static void hs_nothing(void *arg, const gc_mutator *m) {
  (void)arg;
  (void)m;
}

/* Background rounds until one ends with nothing queued (see
 * run_concurrent_cycle for the cap). */
static void mark_in_background(void) {
  for (int round = 0; round < 1000; round++) {
    mark_start_background(gc_opts.conc_workers);
    mark_wait_background();
    if (mark_pool_empty()) break;
  }
}

/* The longest time a mutator spent stopped in this cycle's handshakes:
 * the thread world measures it (see world.c); for another world, the
 * longest callback is the best guess. */
static uint64_t hs_take_pause(void) {
  uint64_t a = atomic_exchange(&hs_fn_max, 0);
  return gc_world->handshake_pause ? gc_world->handshake_pause() : a;
}

/*
 * Ragged cycle: the concurrent cycle without stopping the world, used when
 * the world implements handshakes (gc_world_ops.handshake) and heap
 * verification is off. Nobody waits for a mutator that the OS has not
 * scheduled: each one stops only for its own callback, at its own
 * checkpoint (or not at all while blocked: the collector runs it for it).
 *   1. Black allocation and the hybrid barrier on (gc_internal.h).
 *   2. Handshake "ack": every mutator has seen the barrier (no store in
 *      flight that checked the flag before it was set). Nothing may be
 *      scanned before: a stack scanned black could pick up a pointer that
 *      an unbarriered store then deletes from the heap.
 *   3. Handshake "scan": every mutator's cache is blackened (flushed; from
 *      now on it allocates black) and its stack and registers are
 *      scanned, one mutator at a time, each while only it is stopped;
 *      then globals and finalizer roots.
 *   4. Background marking; then termination: handshake "nothing" (every
 *      barrier that started before it has finished), and mark_done().
 *      If more work appeared, mark again and repeat. Stable once true
 *      (gc_internal.h), so no stop is needed to confirm it.
 *   5. Finalizers of unreachable objects, and what they keep (nobody else
 *      can reach those objects, so marking them races with nothing).
 *   6. Barrier off; handshake "ack" (no barrier still greying: it would
 *      write mark words that sweeping turns into allocation bits);
 *      alloc_sweep_begin (black allocation off, lists flipped to unswept
 *      one at a time, "Sweep generations" in alloc_internal.h).
 *   7. Handshake "flush": cached spans from before the flip go to unswept
 *      (their black slots marked). Sweeping starts after this.
 * The pause figure of the cycle (stw1) is the longest time one mutator
 * lost to handshakes (gc_world_ops.handshake_pause: world.c, or
 * gchandshake.c); stw2 is the stop for the cycle-start hook
 * when one is installed (sync.Pool needs it; C programs and the thread
 * world's tests have none), else 0.
 */
atomic_uint_fast64_t gc_ragged_cycles;

static void run_ragged_cycle(cycle_times *t) {
  const gc_world_ops *w = gc_world;
  atomic_fetch_add(&gc_ragged_cycles, 1);
  alloc_sweep_finish();
  atomic_store(&hs_fn_max, 0);
  if (w->handshake_pause) w->handshake_pause();
  pause_trace pt;
  pt_begin(&pt);
  if (__atomic_load_n(&cycle_start_hook, __ATOMIC_ACQUIRE)) {
    /* The hook needs a stopped world (sync.Pool's cleanup): a short stop,
     * recorded as this cycle's pause. */
    uint64_t s0 = gc_nanotime();
    w->stop_the_world();
    run_cycle_start_hook();
    w->start_the_world();
    t->stw2 = gc_nanotime() - s0;
    pt_mark(&pt, "hookstop");
  }
  t->heap_before = atomic_load(&alloc_heap_live);
  mark_reset();
  mark_shade_bytes_take();
  atomic_store(&alloc_heap_marked_black, 0);
  __atomic_store_n(&rog_wb_enabled, 1, __ATOMIC_SEQ_CST);
  w->handshake(hs_nothing, NULL);
  pt_mark(&pt, "hsack");
  /* Black allocation from here, not before the "ack": caches created while
   * marking start black, and in the scheduler's world an M that starts
   * now may run a goroutine not scanned yet (a black cache under a grey
   * stack loses what the stack stores into new objects). Nothing is
   * scanned before this point, so white allocation until here is fine. */
  alloc_set_marking(1);
  w->handshake(hs_scan, NULL);
  pt_mark(&pt, "hsscan");
  gc_worker *w0 = mark_worker(0);
  pthread_mutex_lock(&globals_lock);
  for (size_t i = 0; i < nglobals; i++)
    mark_precise_range(w0, globals[i].start, globals[i].nwords, globals[i].bitmap);
  pthread_mutex_unlock(&globals_lock);
  fin_mark_roots(w0);
  mark_publish_all(w0);
  t->pause1_end = gc_nanotime();
  pt_mark(&pt, "globals");
  int rounds = 0;
  for (;;) {
    mark_in_background();
    w->handshake(hs_nothing, NULL);
    rounds++;
    if (mark_done()) break;
  }
  pt_mark(&pt, "mark");
  t->mark_end = gc_nanotime();
  if (fin_queue_unreachable(w0)) {
    mark_publish_all(w0);
    mark_in_background();
  }
  t->mark_cpu = sum_worker_ns();
  __atomic_store_n(&rog_wb_enabled, 0, __ATOMIC_SEQ_CST);
  /* No barrier may still be greying when sweeping starts: it would set
   * bits in mark words that sweeping turns into allocation bits. */
  w->handshake(hs_nothing, NULL);
  alloc_sweep_begin();
  pt_mark(&pt, "sweepbegin");
  w->handshake(hs_flush, NULL);
  pt_mark(&pt, "hsflush2");
  t->marked = mark_total_marked() + mark_shade_bytes_take() + atomic_load(&alloc_heap_marked_black);
  t->heap_after_mark = atomic_load(&alloc_heap_live);
  atomic_store(&alloc_heap_live, t->marked);
  update_pacing(t->marked);
  t->end = gc_nanotime();
  uint64_t fn_max = atomic_load(&hs_fn_max);
  t->stw1 = hs_take_pause();
  t->workers = gc_opts.workers;
  if (gc_opts.pausetrace)
    fprintf(stderr,
            "gc pause %u ragged: longest mutator pause=%.3f ms, longest callback=%.3f ms, %d termination "
            "rounds\n",
            num_gc, (double)t->stw1 / 1e6, (double)fn_max / 1e6, rounds);
  pt_print(&pt, "ragged(phases, not pauses)");
}

/* Marking runs in frames below the stopper's saved SP; the next cycle's
 * stop occupies the same stack with uninitialized slots, so pointers left
 * there by this cycle's marking would be found by the next cycle's
 * conservative scan and keep garbage alive forever. Wipe them. */
__attribute__((noinline, no_sanitize("address"))) void gc_clear_stack(void) {
  volatile char buf[16 * 1024];
  memset((char *)buf, 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory"); /* keep the stores */
}

/* Goroutine stacks start at 2 KiB and runtime C called from Go may use
 * only ROG_STACK_RUNTIME_MAX bytes of them, so everything deep (a whole
 * cycle, marking, sweeping, starting threads, printing gctrace) runs
 * through the world's on_system_stack; what may block on the collector
 * (taking gc_lock, waiting for a cycle) stays on the caller's stack, where
 * blocking_begin/end can hand the P off and reschedule the goroutine. */
void gc_on_system_stack(void (*fn)(void *), void *arg) {
  if (gc_world->on_system_stack)
    gc_world->on_system_stack(fn, arg);
  else
    fn(arg);
}

static void bg_start_once(void *arg) {
  (void)arg;
  pthread_once(&bg_once, bg_start);
}

/* Takes gc_lock, which a collection holds for its whole length: blocked
 * (not holding up a stop) while waiting for it. */
static void lock_gc_blocking(const gc_world_ops *w) {
  if (w->blocking_begin) w->blocking_begin();
  pthread_mutex_lock(&gc_lock);
  if (w->blocking_end) w->blocking_end();
}

/* The cycle proper, with gc_lock held. */
static __attribute__((noinline)) void run_cycle(int forced) {
  atomic_store(&cycle_running, 1);
  cycle_times t = {0};
  t.start = gc_nanotime();
  gc_cycle_record rec = {.goal = atomic_load(&goal_bytes), .trigger = atomic_load(&trigger_bytes)};
  t.goal = rec.goal;
  /* Before marking starts (the cycle functions turn it on): credit and
   * debt of the last cycle are dropped, the expected work is the last
   * cycle's (or, for the first, the bytes it marked). */
  uint64_t expected = last_scan_work ? last_scan_work : last_marked;
  if (expected < ASSIST_MIN_WORK) expected = ASSIST_MIN_WORK;
  atomic_store(&assist_expected, expected);
  atomic_fetch_add(&assist_gen, 1);
  if (gc_opts.mode == GC_MODE_CONCURRENT && gc_world->handshake && gc_opts.debug < 2 && gc_opts.ragged)
    run_ragged_cycle(&t);
  else if (gc_opts.mode == GC_MODE_CONCURRENT)
    run_concurrent_cycle(&t);
  else
    run_stw_cycle(&t);
  last_scan_work = mark_scan_work();
  rec.concurrent = gc_opts.mode == GC_MODE_CONCURRENT;
  rec.heap_start = t.heap_before;
  rec.heap_end = t.heap_after_mark;
  rec.marked = t.marked;
  rec.scan_expected = expected;
  rec.scan_done = last_scan_work;
  pthread_mutex_lock(&record_lock);
  last_record = rec;
  pthread_mutex_unlock(&record_lock);
  finish_cycle_stats(&t, forced == 1);
  gctrace(&t, forced == 1);
  atomic_store(&cycle_running, 0);
  pthread_mutex_lock(&bg_lock);
  pthread_cond_broadcast(&cycle_done_cond);
  pthread_mutex_unlock(&bg_lock);
}

static void run_cycle_sys(void *arg) {
  run_cycle(*(int *)arg);
  gc_clear_stack(); /* the stack run_cycle used, see gc_clear_stack */
}

/* forced: 1 = gc_collect, 2 = stress, 0 = trigger. */
static void gc_collect_internal(int forced) {
  gc_on_system_stack(bg_start_once, NULL);
  const gc_world_ops *w = gc_world;
  lock_gc_blocking(w);
  if (!forced && atomic_load(&alloc_heap_live) < atomic_load(&trigger_bytes)) {
    pthread_mutex_unlock(&gc_lock);
    return; /* another thread collected meanwhile */
  }
  gc_on_system_stack(run_cycle_sys, &forced);
  pthread_mutex_unlock(&gc_lock);
  bg_kick(0);
  fin_wake();
}

static void sweep_finish_sys(void *arg) {
  (void)arg;
  alloc_sweep_finish();
}

void gc_last_cycle(gc_cycle_record *out) {
  pthread_mutex_lock(&record_lock);
  *out = last_record;
  pthread_mutex_unlock(&record_lock);
}

/* ------------------------------------------------------------ assists */

/* The scan work owed for `bytes` just allocated (already in heap_live):
 * bytes * remaining work / heap that was left before the target, that is
 * the assist ratio (see "Pacing"). The target is the goal; past it (the
 * cycle started late, or the work estimate was low) the end of a margin
 * of an eighth of the goal's headroom; past that, the charge is all the
 * remaining work, so a mutator there does the rest itself or waits.
 * (Rejected: a floor under the heap distance instead of the margin: every
 * charge then paid a fixed fraction of what remained, the mutator never
 * caught up and the heap overshot by most of the mark phase's allocation.
 * And all the remaining work at the goal itself: a cycle that starts late
 * charges it in one lump to whichever mutator allocates first.) */
static uint64_t assist_debt(uint64_t bytes) {
  uint64_t expected = atomic_load(&assist_expected), done = mark_scan_work();
  /* Past the estimate the remaining work is unknown: assume an eighth more. */
  uint64_t rem = done < expected ? expected - done : expected / 8;
  if (rem < ASSIST_MIN_WORK) rem = ASSIST_MIN_WORK;
  uint64_t goal = atomic_load(&goal_bytes), live = atomic_load(&alloc_heap_live);
  uint64_t m = __atomic_load_n(&last_marked, __ATOMIC_RELAXED);
  uint64_t target = live < goal ? goal : goal + (goal > m ? goal - m : 0) / 8;
  uint64_t left = (target > live ? target - live : 0) + bytes;
  double d = (double)bytes * (double)rem / (double)left;
  return d > (double)(INT64_MAX / 4) ? (uint64_t)(INT64_MAX / 4) : (uint64_t)d;
}

typedef struct assist_args {
  uint64_t want, scanned;
} assist_args;

static void assist_sys(void *arg) {
  assist_args *a = arg;
  a->scanned = mark_assist(a->want);
}

/* The assist waits below run on the mutator's stack (a goroutine's has
 * under 1 KiB for runtime C, ROG_STACK_RUNTIME_MAX): they poll with
 * nanosleep, a thin system call, rather than wait on a condition
 * variable, and take no lock but bg_kick's. */
static void sleep_briefly(void) {
  struct timespec ts = {0, ASSIST_WAIT_NS};
  nanosleep(&ts, NULL);
}

/* Neither credit to steal nor work to scan: sleep ASSIST_WAIT_NS, blocked
 * (the background workers bank credit meanwhile, or the cycle ends). */
static void assist_wait(void) {
  atomic_fetch_add_explicit(&gc_assist_waits, 1, memory_order_relaxed);
  if (gc_world->blocking_begin) gc_world->blocking_begin();
  if (atomic_load(&cycle_running)) sleep_briefly();
  if (gc_world->blocking_end) gc_world->blocking_end();
}

/* Waits, blocked, until a cycle ends, or with until_marking until a cycle
 * is marking; returns at once if no cycle is running or due (heap_live
 * past the trigger: it requests one again, in case the background thread
 * found the heap below the trigger meanwhile). The background thread that
 * runs cycles can start one late (a loaded machine): a mutator that does
 * not wait then runs far past the goal before there is anything to
 * assist. */
static void wait_for_cycle(int until_marking) {
  uint32_t n0 = gc_cycles();
  if (gc_world->blocking_begin) gc_world->blocking_begin();
  for (;;) {
    if (gc_cycles() != n0 || (until_marking && atomic_load(&alloc_marking))) break;
    if (!atomic_load(&cycle_running)) {
      if (atomic_load(&alloc_heap_live) < atomic_load(&trigger_bytes)) break; /* nothing to wait for */
      bg_kick(1);
    }
    sleep_briefly();
  }
  if (gc_world->blocking_end) gc_world->blocking_end();
}

/* The calling mutator pays its cache's assist debt: bytes its cache took
 * since the last look, times the assist ratio, first from the background
 * workers' credit, then by scanning; if neither is possible it waits.
 * Runs on the caller's stack (it may block); the cache is read again
 * after every wait, since the caller may hold another one then (a
 * goroutine that blocked can resume on another P). */
static void assist_pay(void) {
  for (;;) {
    alloc_cache *c = (alloc_cache *)rog_tls.cache;
    if (!c || !atomic_load(&alloc_marking)) return;
    uint64_t gen = atomic_load(&assist_gen);
    if (c->assist_cycle != gen) { /* first look this cycle: earlier allocation is not charged */
      c->assist_cycle = gen;
      c->assist_seen = c->assist_alloc;
      c->assist_credit = 0;
    }
    uint64_t bytes = c->assist_alloc - c->assist_seen;
    if (bytes) {
      c->assist_seen = c->assist_alloc;
      int64_t debt = (int64_t)assist_debt(bytes);
      c->assist_credit -= debt;
      c->assist_charged += (uint64_t)debt;
      atomic_fetch_add_explicit(&gc_assist_charged, (uint64_t)debt, memory_order_relaxed);
    }
    if (c->assist_credit >= 0) return;
    /* Past the goal the workers' credit is not spent: it was banked at
     * a lower ratio and would let the heap run on while they finish. */
    if (atomic_load(&alloc_heap_live) < atomic_load(&goal_bytes)) {
      uint64_t got = mark_credit_steal((uint64_t)-c->assist_credit);
      c->assist_credit += (int64_t)got;
      atomic_fetch_add_explicit(&gc_assist_stolen, got, memory_order_relaxed);
      if (c->assist_credit >= 0) return;
    }
    assist_args a = {(uint64_t)-c->assist_credit, 0};
    gc_on_system_stack(assist_sys, &a);
    c->assist_credit += (int64_t)a.scanned;
    atomic_fetch_add_explicit(&gc_assist_scanned, a.scanned, memory_order_relaxed);
    if (c->assist_credit >= 0) return;
    assist_wait();
  }
}

void gc_collect(void) {
  alloc_init();
  world_auto_register();
  gc_collect_internal(1);
  /* runtime.GC returns with the heap swept. */
  gc_on_system_stack(sweep_finish_sys, NULL);
}

static void gc_slow_path_hook(void) {
  world_auto_register();
  gc_checkpoint();
  if (gc_opts.stress) {
    if (atomic_fetch_add(&stress_count, 1) % gc_opts.stress == gc_opts.stress - 1) gc_collect_internal(2);
    return;
  }
  if (gc_opts.assist && atomic_load_explicit(&alloc_marking, memory_order_relaxed)) assist_pay();
  uint64_t live = atomic_load(&alloc_heap_live);
  if (live < atomic_load(&trigger_bytes)) return;
  if (gc_opts.mode == GC_MODE_STW) {
    gc_collect_internal(0);
    return;
  }
  if (!atomic_load(&cycle_running)) {
    gc_on_system_stack(bg_start_once, NULL);
    bg_kick(1);
  }
  uint64_t goal = atomic_load(&goal_bytes);
  if (goal == UINT64_MAX) return;
  if (live > goal + (goal - __atomic_load_n(&last_marked, __ATOMIC_RELAXED)))
    wait_for_cycle(0); /* far past the goal: wait for the cycle (see top) */
  else if (gc_opts.assist && live > goal && !atomic_load(&alloc_marking))
    wait_for_cycle(1); /* past the goal and nothing to assist yet: wait for marking */
}

/* ------------------------------------------------------- verification */

typedef struct sweep_check {
  int bad;
} sweep_check;

/* After sweep_begin nothing is swept yet: sweeping happens later. What must
 * hold now: every marked object's pointers point at marked objects (checked
 * by gc_verify_heap_marked) and every unmarked slot will be freed. Here we
 * sweep everything right away (debug mode only) and check that every
 * allocated object's pointer fields point at allocated objects. */
static void check_span(alloc_span *s, void *ctx) {
  sweep_check *c = ctx;
  uint32_t n = s->state == SPAN_LARGE ? 1 : s->nelems;
  for (uint32_t i = 0; i < n; i++) {
    if (!alloc_slot_allocated(s, i) || s->noscan) continue;
    const rog_type *t = s->state == SPAN_LARGE ? s->large_type : s->types[i];
    uintptr_t size = s->state == SPAN_LARGE ? s->large_size : s->elemsize;
    uintptr_t obj = s->base + (uintptr_t)i * s->elemsize;
    if (!t || !t->size || !t->ptrdata) continue;
    const uint8_t *bm = gc_type_bitmap(t);
    for (uintptr_t off = 0; off + 8 <= size; off += 8) {
      uintptr_t eoff = off % t->size;
      if (eoff >= t->ptrdata || (bm && !((bm[eoff / 64] >> ((eoff / 8) % 8)) & 1))) continue;
      uintptr_t v = *(uintptr_t *)(obj + off);
      if (v - alloc_arena_lo >= alloc_arena_hi - alloc_arena_lo) continue;
      alloc_object o;
      if (!alloc_find_object((void *)v, &o)) {
        fprintf(stderr, "gc verify: live object %p (+%lu) points to freed memory %p\n", (void *)obj,
                (unsigned long)off, (void *)v);
        c->bad++;
      }
    }
  }
}

static void verify_after_sweep(void) {
  alloc_sweep_finish();
  sweep_check c = {0};
  alloc_for_each_span(check_span, &c);
  if (c.bad) alloc_fatal("heap verification failed after sweep");
}

/* ---------------------------------------------------------- memstats */

static void read_memstats_sys(void *arg) {
  gc_memstats *ms = arg;
  const gc_world_ops *w = gc_world;
  w->stop_the_world();
  alloc_flush_all_caches();
  alloc_stats st;
  alloc_read_stats(&st);
  memset(ms, 0, sizeof *ms);
  uint64_t objects = st.mallocs - st.frees;
  /* Allocated bytes: total allocated minus freed, from the per-class
   * counters (exact after the flush; unswept dead objects still count, as
   * in gc). */
  ms->heap_alloc = st.heap_live;
  ms->alloc = ms->heap_alloc;
  ms->total_alloc = st.total_alloc;
  ms->mallocs = st.mallocs;
  ms->frees = st.frees;
  ms->heap_objects = objects;
  ms->heap_sys = st.heap_sys;
  ms->heap_idle = st.heap_idle;
  ms->heap_inuse = st.heap_inuse;
  ms->heap_released = st.heap_released;
  ms->mspan_inuse = st.nspans * sizeof(alloc_span);
  ms->mspan_sys = st.meta_sys;
  ms->gc_sys = 0;
  ms->sys = st.heap_sys + st.meta_sys;
  ms->next_gc = atomic_load(&goal_bytes) == UINT64_MAX ? 0 : atomic_load(&goal_bytes);
  ms->last_gc = last_gc_unix;
  ms->pause_total_ns = pause_total;
  memcpy(ms->pause_ns, pause_ns_ring, sizeof ms->pause_ns);
  memcpy(ms->pause_end, pause_end_ring, sizeof ms->pause_end);
  ms->num_gc = num_gc;
  ms->num_forced_gc = num_forced;
  uint64_t elapsed = gc_nanotime() - start_ns;
  ms->gc_cpu_fraction =
      elapsed ? (double)gc_cpu_ns / ((double)elapsed * (gc_opts.workers > 0 ? gc_opts.workers : 1)) : 0;
  ms->enable_gc = true;
  ms->debug_gc = gc_opts.debug > 0;
  /* BySize: our classes 1..60 (gc's index 0 is the zero-size class). */
  for (unsigned i = 1; i < 61 && i <= alloc_nclasses; i++) {
    ms->by_size[i].size = alloc_class_size_tab[i];
    ms->by_size[i].mallocs = st.by_size_mallocs[i];
    ms->by_size[i].frees = st.by_size_frees[i];
  }
  w->start_the_world();
}

void gc_read_memstats(gc_memstats *ms) {
  alloc_init();
  world_auto_register();
  lock_gc_blocking(gc_world);
  gc_on_system_stack(read_memstats_sys, ms);
  pthread_mutex_unlock(&gc_lock);
}
