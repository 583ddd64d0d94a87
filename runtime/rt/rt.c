/*
 * runtime/rt/rt.c: program start-up and runtime wiring (abi.h [rt]).
 *
 * Start-up (rt_run, called by the C main in main.c):
 *   1. ROG_OPTS / GOMAXPROCS / GOGC / GOMEMLIMIT / GODEBUG are read by the
 *      parts that own them (sched: GOMAXPROCS, stackmin, maxstack; gc:
 *      GOGC, GOMEMLIMIT, GODEBUG=gctrace, gc=, gcstress=, ...); rt reads
 *      mainstack= here.
 *   2. The GC gets the scheduler as its world (gc_world_ops): stop and
 *      start the world through sched_stop_the_world/start_the_world,
 *      blocking on the collector's lock as a system call (the P is handed
 *      off meanwhile), roots = every goroutine's stack segments and saved
 *      registers, Gs, timer heaps and channel buffers
 *      (sched_gc_for_each_root_range) + the executable's writable
 *      segments (.data, .bss: every PT_LOAD segment with PF_W of every
 *      loaded object, found by dl_iterate_phdr once and cached),
 *      conservatively. TODO(roots): precise bitmaps for Go globals
 *      (abi.h [rt]). Handshakes for ragged cycles (gc=concurrent):
 *      runtime/sched/gchandshake.c runs the collector's callback per M
 *      (its allocation cache) and per goroutine (stack + G struct); the
 *      roots of nobody (timer heaps, channel buffers, writable segments)
 *      are one more callback, scanned once the barrier is on. What runtime
 *      C moves into those roots while the collector marks goes through the
 *      barrier (sched_wb_*: channel element copies, timers started),
 *      rather than a stop that rescans them: a stop costs the time to stop
 *      every P, which is what the ragged cycle removes. C globals that
 *      runtime C sets to fresh heap pointers during a cycle would need the
 *      same (TODO(roots): none known today; Go globals have barriers).
 *   3. Finalizers run on a goroutine of their own, started on the first
 *      runtime.SetFinalizer (api.c) and woken through a channel.
 *   4. sched_main runs the main goroutine: runtime.init (weak: rog's Go
 *      runtime package, when linked), main.init, main.main; then exit(0)
 *      (other goroutines are not waited for, as in gc).
 *
 * Goroutine stacks. Compiled code checks its stack in every prologue (the
 * stack pass), so goroutines start with stack.c's first segment (2 KiB,
 * 64 KiB under sanitizers; ROG_OPTS stackmin=N) and grow by segments. The
 * main goroutine keeps a big first segment (8 MiB, mainstack=N, lazily
 * committed) for runtime initialization code that is not checked.
 * Runtime C that Go code calls must stay within ROG_STACK_RUNTIME_MAX
 * bytes: the allocation slow path's deep part (alloc_set_system_stack)
 * and every deep part of a collection (gc_world_ops.on_system_stack) run
 * on the system stack through sched_systemstack, which first records the
 * goroutine's SP and callee-saved registers (sched_record_context) so the
 * collector scans the goroutine it left. Blocking on the collector stays
 * on the goroutine's stack (sched_entersyscall records the same state).
 * Deferred calls from runtime C check their headroom (runtime/panic).
 *
 * `go f(x)` (rog_go): the compiler packs f and the arguments into a
 * nest-only closure; the new G's arg is that closure (G structs are GC
 * roots, so it stays alive until the goroutine runs).
 *
 * Rejected: scanning /proc/self/maps for roots (includes the C heap and
 * every mapping; far too much) and __data_start/_end (only the executable,
 * not shared objects holding Go data once there are any).
 */
#define _GNU_SOURCE
#include "runtime/rt/rt.h"

#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/alloc/alloc.h"
#include "runtime/gc/gc.h"
#include "runtime/panic/panic.h"
#include "runtime/sched/sched.h"
#include "runtime/stack/stack.h"

int rt_argc;
char **rt_argv;
size_t rt_main_stack = (size_t)8 << 20;
size_t rt_goroutine_stack;
_Atomic int rt_system_goroutines;

bool sched_opt_int(const char *key, long long *val);

/* ------------------------------------------------------------- data roots */

#define MAX_DATA_RANGES 64

static struct {
  int n;
  uintptr_t lo[MAX_DATA_RANGES], hi[MAX_DATA_RANGES];
} data_roots;

static int collect_phdr(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  (void)arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || ph->p_memsz == 0) continue;
    if (data_roots.n == MAX_DATA_RANGES) return 1;
    uintptr_t lo = (info->dlpi_addr + ph->p_vaddr) & ~(uintptr_t)7;
    data_roots.lo[data_roots.n] = lo;
    data_roots.hi[data_roots.n] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
    data_roots.n++;
  }
  return 0;
}

/* Only the main executable and the objects it links statically hold Go
 * data today; libc's segments are included too (cheap, and harmless for a
 * conservative scan). */
static void find_data_roots(void) {
  data_roots.n = 0;
  dl_iterate_phdr(collect_phdr, NULL);
}

/* ------------------------------------------------------------ the GC world */

static void world_stop(void) {
  sched_stop_the_world("GC");
}

static void world_start(void) {
  sched_start_the_world();
}

static void world_roots(gc_root_visitor v, void *ctx) {
  sched_gc_for_each_root_range(v, ctx);
  for (int i = 0; i < data_roots.n; i++)
    v(ctx, (const void *)data_roots.lo[i], (const void *)data_roots.hi[i]);
}

/* A goroutine about to wait for the collector's lock (another goroutine
 * is collecting) leaves its P like a system call, so the stop does not
 * wait for it. The collector then scans its stack from the SP and the
 * callee-saved registers that sched_entersyscall records in the G
 * (sched_record_context; the registers may hold the only reference to an
 * object of a Go caller). On the system stack (the collector's deep parts
 * run there), sched_systemstack recorded them on the way in. */
static void world_blocking_begin(void) {
  sched_entersyscall(); /* records the G's SP and registers (sched_record_context) */
}

static void world_blocking_end(void) {
  sched_exitsyscall();
}

/* Handshakes (runtime/sched/gchandshake.c has the protocol): the
 * scheduler's callbacks take a G (stack + G struct), an M (its cache) or
 * neither (the shared roots: timer heaps, channel buffers and the writable
 * segments, scanned in the "scan" handshake once the barrier is on). */
struct hs_call {
  void (*fn)(void *, const gc_mutator *);
  void *arg;
};

static void hs_g_roots(const gc_mutator *gm, gc_root_visitor v, void *ctx) {
  sched_gc_for_each_g_root_range(gm->impl, v, ctx);
}

static void hs_no_roots(const gc_mutator *gm, gc_root_visitor v, void *ctx) {
  (void)gm;
  (void)v;
  (void)ctx;
}

static void hs_shared_roots(const gc_mutator *gm, gc_root_visitor v, void *ctx) {
  (void)gm;
  sched_gc_for_each_shared_root_range(v, ctx);
  for (int i = 0; i < data_roots.n; i++)
    v(ctx, (const void *)data_roots.lo[i], (const void *)data_roots.hi[i]);
}

static void hs_adapter(void *arg, sched_g *g, sched_m *m) {
  const struct hs_call *c = arg;
  gc_mutator gm = {.for_each_root_range = hs_no_roots, .cache = NULL, .impl = g};
  if (g) gm.for_each_root_range = hs_g_roots;
  if (!g && !m) gm.for_each_root_range = hs_shared_roots;
  if (m) {
    rog_tls_block *t = __atomic_load_n(&m->tls, __ATOMIC_ACQUIRE);
    gm.cache = t ? t->cache : NULL;
  }
  c->fn(c->arg, &gm);
}

static void world_handshake(void (*fn)(void *, const gc_mutator *), void *arg) {
  struct hs_call c = {fn, arg};
  sched_handshake(hs_adapter, &c, true);
}

static const gc_world_ops sched_world = {
    .stop_the_world = world_stop,
    .start_the_world = world_start,
    .for_each_root_range = world_roots,
    .blocking_begin = world_blocking_begin,
    .blocking_end = world_blocking_end,
    .on_system_stack = sched_systemstack,
    .handshake = world_handshake,
    .handshake_pause = sched_hs_take_pause,
};

/* ---------------------------------------------------------------- goroutines */

static void go_entry(void *arg) {
  rog_call_closure((const rog_closure *)arg);
}

void rog_go(const rog_closure *c) {
  sched_go_pc(go_entry, (void *)c, (uintptr_t)__builtin_return_address(0));
}

static void (*main_fn)(void);

static void main_goroutine(void *arg) {
  (void)arg;
  /* the main G has its big stack; later goroutines get the smaller size */
  stack_first_size = rt_goroutine_stack;
  main_fn();
}

static void read_stack_options(void) {
  long long v;
  if (sched_opt_int("mainstack", &v)) {
    if (v >= 65536 && v <= (1ll << 30))
      rt_main_stack = (size_t)v;
    else
      fprintf(stderr, "runtime: ROG_OPTS mainstack=%lld out of range [64K, 1G]; ignored\n", v);
  }
  rt_goroutine_stack = stack_first_size; /* stack_init's, with stackmin= applied */
}

int rt_run(int argc, char **argv, void (*go_main)(void)) {
  rt_argc = argc;
  rt_argv = argv;
  panic_init();
  gc_set_world_ops(&sched_world);
  rt_install_cycle_hook();
  sched_wb_copy = rog_write_barrier_bulk;
  sched_wb_shade = gc_shade; /* the barrier for runtime C's copies into roots (sched.h sched_wb_*) */
  sched_wb_enabled = &rog_wb_enabled;
  alloc_set_system_stack(sched_systemstack);
  find_data_roots();
  sched_init();
  read_stack_options();
  main_fn = go_main;
  /* main_goroutine sets it back to rt_goroutine_stack before it runs any
   * Go code; not restored after sched_main: other Ms still end goroutines
   * then, and gfput reads it (a race TSan saw) */
  stack_first_size = rt_main_stack;
  sched_main(main_goroutine, NULL);
  return 0;
}
