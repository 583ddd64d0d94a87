/*
 * The scheduler's side of the GC interface: root ranges with the world
 * stopped (sched_gc_for_each_root_range), shaped like runtime/gc's
 * gc_world_ops.for_each_root_range (branch alloc, runtime/gc/gc.h) so the
 * GC can install {sched_stop_the_world, sched_start_the_world,
 * sched_gc_for_each_root_range} as its world once both are merged.
 *
 * What is a root here, and why:
 *   - every goroutine's stack, all segments: the innermost from its saved
 *     SP (callee-saved registers were pushed there by rog_ctx_switch), each
 *     outer one from the SP at which rog_morestack left it (caller_sp);
 *   - the calling goroutine's own stack from its current SP, after
 *     __builtin_unwind_init forced its callee-saved registers to memory;
 *   - every G struct (fn, arg, param may be the only reference to a
 *     closure or a select's state), as Gs are malloc'ed, not heap objects;
 *   - the timer heap arrays and channel buffers (malloc'ed for now).
 *   - a goroutine that left its stack without a context switch (in a
 *     system call, blocked on the collector, or running C on the system
 *     stack, e.g. the allocation slow path that started this collection)
 *     is scanned from the SP that sched_record_context stored in g->sp,
 *     and its callee-saved registers are in g->blocked_regs, inside the G.
 * Not roots: g0 stacks (runtime C on the system stack holds no heap
 * pointers that its goroutine's frames do not also hold); sudogs (their
 * elem points into a stack that is scanned anyway).
 */
#include "runtime/sched/sched.h"
#include "runtime/stack/stack.h"

void chan_for_each_buffer(sched_root_visitor v, void *ctx);
void timers_for_each_heap(sched_root_visitor v, void *ctx);

static void visit_segments(sched_g *g, uintptr_t sp, sched_root_visitor v, void *ctx) {
  for (stack_seg *s = g->seg; s; s = s->prev) {
    if (sp >= stack_seg_lo(s) && sp <= stack_seg_top(s))
      v(ctx, (const void *)sp, (const void *)stack_seg_top(s));
    sp = s->caller_sp;
  }
}

static __attribute__((noinline)) void visit_self(sched_g *self, sched_root_visitor v, void *ctx) {
  __builtin_unwind_init(); /* callee-saved registers into this frame */
  /* the real SP (a local's address can be in ASan's fake stack) */
  uintptr_t sp;
#if defined(__x86_64__)
  __asm__ volatile("movq %%rsp, %0" : "=r"(sp));
#elif defined(__aarch64__)
  __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
  visit_segments(self, sp, v, ctx);
}

void sched_gc_for_each_g_root_range(sched_g *g, sched_root_visitor v, void *ctx) {
  v(ctx, g, g + 1);
  visit_segments(g, g->sp, v, ctx);
}

void sched_gc_for_each_shared_root_range(sched_root_visitor v, void *ctx) {
  timers_for_each_heap(v, ctx);
  chan_for_each_buffer(v, ctx);
}

void sched_gc_for_each_root_range(sched_root_visitor v, void *ctx) {
  sched_g *self = sched_getg();
  if (self) visit_self(self, v, ctx);
  sched_mutex_lock(&sched.allglock);
  for (size_t i = 0; i < sched.nallgs; i++) {
    sched_g *g = sched.allgs[i];
    uint32_t st = atomic_load(&g->status);
    if (st == G_DEAD || st == G_IDLE) continue;
    v(ctx, g, g + 1);
    if (g != self) visit_segments(g, g->sp, v, ctx);
  }
  sched_mutex_unlock(&sched.allglock);
  timers_for_each_heap(v, ctx);
  chan_for_each_buffer(v, ctx);
}
