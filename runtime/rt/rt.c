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
 *      (abi.h [rt]).
 *   3. Finalizers run on a goroutine of their own, started on the first
 *      runtime.SetFinalizer (api.c) and woken through a channel.
 *   4. sched_main runs the main goroutine: runtime.init (weak: rog's Go
 *      runtime package, when linked), main.init, main.main; then exit(0)
 *      (other goroutines are not waited for, as in gc).
 *
 * Goroutine stacks. The stack-check pass (compiler/passes/stack.c) is not
 * in the compile pipeline yet, so compiled code never calls rog_morestack
 * and must fit in its first segment. Until it is:
 *   TODO(stack): the first segment of a goroutine is 256 KiB (ROG_OPTS
 *   stackmin=N), the main goroutine's 8 MiB (mainstack=N); segments above
 *   32 KiB are separate lazily committed mmaps (runtime/stack), so the
 *   cost is address space, not memory. Return to stack.c's 2 KiB default
 *   once (1) the pass is in `rog build`'s pipeline and (2) the runtime C
 *   that Go code calls stays within ROG_STACK_RUNTIME_MAX: today the
 *   allocation slow path runs whole GC cycles (marking, sweeping) on the
 *   calling goroutine's stack. It must move to the system stack
 *   (sched_systemstack), and for that sched_systemstack must first record
 *   the goroutine's SP and callee-saved registers (as world_blocking_begin
 *   below does) so the collector still scans the goroutine it left.
 *   Deferred calls from runtime C already check their headroom
 *   (runtime/panic).
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
size_t rt_goroutine_stack = (size_t)256 << 10;
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
 * wait for it. The collector then scans its stack from g->sp, which is
 * only saved at context switches: record the current SP there, and the
 * callee-saved registers (which may hold the only reference to an object
 * of a Go caller, and which the blocking call below may push beneath that
 * SP) in the G itself, a GC root. A G in a system call is never resumed
 * from g->sp (sched_exitsyscall saves it again before any switch), so
 * writing it is safe. */
static __attribute__((noinline)) void world_blocking_begin(void) {
  sched_g *g = sched_getg();
  if (g != NULL) {
    uintptr_t *r = g->blocked_regs;
#if defined(__x86_64__)
    __asm__ volatile("movq %%rbx, 0(%0)\n\tmovq %%rbp, 8(%0)\n\tmovq %%r12, 16(%0)\n\t"
                     "movq %%r13, 24(%0)\n\tmovq %%r14, 32(%0)\n\tmovq %%r15, 40(%0)"
                     :
                     : "r"(r)
                     : "memory");
    __asm__ volatile("movq %%rsp, %0" : "=r"(g->sp));
#elif defined(__aarch64__)
    __asm__ volatile("stp x19, x20, [%0, #0]\n\tstp x21, x22, [%0, #16]\n\tstp x23, x24, [%0, #32]\n\t"
                     "stp x25, x26, [%0, #48]\n\tstp x27, x28, [%0, #64]\n\tstp x29, x30, [%0, #80]"
                     :
                     : "r"(r)
                     : "memory");
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    g->sp = sp;
#endif
  }
  sched_entersyscall();
}

static void world_blocking_end(void) {
  sched_exitsyscall();
}

static const gc_world_ops sched_world = {
    .stop_the_world = world_stop,
    .start_the_world = world_start,
    .for_each_root_range = world_roots,
    .blocking_begin = world_blocking_begin,
    .blocking_end = world_blocking_end,
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
  /* stackmin= was applied by stack_init; without it, the big default */
  if (sched_opt_int("stackmin", &v))
    rt_goroutine_stack = stack_first_size;
  else if (stack_first_size < rt_goroutine_stack)
    stack_first_size = rt_goroutine_stack;
  else
    rt_goroutine_stack = stack_first_size;
}

int rt_run(int argc, char **argv, void (*go_main)(void)) {
  rt_argc = argc;
  rt_argv = argv;
  panic_init();
  gc_set_world_ops(&sched_world);
  find_data_roots();
  sched_init();
  read_stack_options();
  main_fn = go_main;
  size_t goroutine_stack = stack_first_size;
  stack_first_size = rt_main_stack;
  sched_main(main_goroutine, NULL);
  stack_first_size = goroutine_stack;
  return 0;
}
