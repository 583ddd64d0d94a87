/*
 * runtime/gc/gc.h: the garbage collector's interface to the rest of the
 * runtime (the scheduler, runtime/go's runtime and runtime/debug packages,
 * tests). Design notes are at the top of collect.c (cycle, pacing), mark.c
 * (marking, barrier), world.c (the default thread world) and finalizer.c.
 */
#ifndef ROG_GC_H
#define ROG_GC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rog/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- world */

/* Conservative root range [lo, hi): every aligned word is a possible
 * pointer. */
typedef void (*gc_root_visitor)(void *ctx, const void *lo, const void *hi);
struct gc_mutator;

/* What the collector needs from whoever runs mutators (the scheduler; until
 * it exists, the thread world in world.c). */
typedef struct gc_world_ops {
  /* Every mutator stopped at a safe point, its registers spilled to its
   * stack. Called with the collector's lock held, from a thread that is not
   * counted as a mutator for the duration of the call. */
  void (*stop_the_world)(void);
  void (*start_the_world)(void);
  /* Every goroutine stack (all segments, from the saved SP up) and every
   * other runtime-owned range that can hold heap pointers, conservatively. */
  void (*for_each_root_range)(gc_root_visitor v, void *ctx);
  /* Optional: the calling mutator is about to block on the collector (it
   * must not be waited for by a stop); NULL when not needed. */
  void (*blocking_begin)(void);
  void (*blocking_end)(void);
  /* Optional: runs fn(arg) on a stack deep enough for a whole collection
   * (the scheduler's system stack; goroutine stacks start at 2 KiB), after
   * recording the caller's SP and callee-saved registers where
   * for_each_root_range finds them. fn never blocks on the collector:
   * blocking_begin/end and waits happen on the caller's stack. NULL runs
   * fn in place. */
  void (*on_system_stack)(void (*fn)(void *), void *arg);
  /* Optional: a ragged handshake (collect.c, "Ragged cycle"). Runs
   * fn(arg, m) once for every mutator, each at its own next safe point,
   * without stopping the others, and returns when all have run it. For a
   * mutator that is blocked (or otherwise not running heap code) fn may run
   * on the caller's thread while the mutator is held where it is. m gives
   * that mutator's conservative roots and its allocation cache (which fn
   * may flush: its owner is not using it). Mutators that register while a
   * handshake runs start with empty stacks and caches: they are skipped.
   * Called with the collector's lock held, never concurrently with
   * stop_the_world. NULL: the collector stops the world instead. */
  void (*handshake)(void (*fn)(void *arg, const struct gc_mutator *m), void *arg);
  /* Optional, with handshake: the longest time one mutator lost to
   * handshakes since the last call, in ns (the pause figure of a ragged
   * cycle). NULL: the longest callback is used. */
  uint64_t (*handshake_pause)(void);
} gc_world_ops;

/* One mutator as a handshake callback sees it. */
typedef struct gc_mutator {
  void (*for_each_root_range)(const struct gc_mutator *m, gc_root_visitor v, void *ctx);
  void *cache; /* its alloc_cache, or NULL */
  void *impl;  /* the world's record */
} gc_mutator;
/* A world may also present the roots that belong to no mutator (the
 * scheduler's timer heaps, channel buffers, writable segments) as one more
 * mutator without a cache: they are then scanned in the "scan" handshake,
 * after the barrier is on, like a stack. */

void gc_set_world_ops(const gc_world_ops *ops);
const gc_world_ops *gc_thread_world_ops(void);

/* The default thread world. A thread that allocates is registered lazily;
 * threads may also register explicitly (and must, before they hold heap
 * pointers they got from elsewhere). A registered thread must reach
 * gc_checkpoint regularly, or wrap blocking calls (join, sleep, locks held
 * across a collection) in gc_blocking_begin/end, or a stop waits for it. */
void gc_thread_register(void);
void gc_thread_unregister(void);
/* The checkpoint word: GC_STOP_BIT while a stop is requested,
 * GC_HANDSHAKE_BIT while a handshake waits for registered threads. */
enum { GC_STOP_BIT = 1, GC_HANDSHAKE_BIT = 2 };
extern volatile int gc_stop_requested;
void gc_checkpoint_slow(void);
static inline void gc_checkpoint(void) {
  if (__builtin_expect(__atomic_load_n(&gc_stop_requested, __ATOMIC_RELAXED), 0)) gc_checkpoint_slow();
}
void gc_blocking_begin(void);
void gc_blocking_end(void);

/* The barrier's shading alone, for runtime C that moves a pointer into a
 * root the collector may have scanned already (runtime/rt installs it as
 * the scheduler's sched_wb_shade): while marking, greys p if it points into
 * the heap and is white; otherwise nothing. */
void gc_shade(const void *p);

/* -------------------------------------------------------------- roots */

/* Globals emitted by the compiler: size_bytes/8 words at start, bitmap has
 * one bit per word (LSB first), set for words that hold pointers. The bitmap
 * must stay valid (it is static data). */
void gc_register_globals(const void *start, size_t size_bytes, const uint8_t *bitmap);
void gc_unregister_globals(const void *start);

/* --------------------------------------------------------- collection */

/* runtime.GC: a full collection, finished (marked and swept) on return. */
void gc_collect(void);

/* fn runs at the start of every cycle with the world stopped, before
 * marking (sync.Pool's cleanup, installed by runtime/rt). It must not
 * allocate or block. A ragged cycle (collect.c) stops the world briefly
 * for it when one is installed. */
void gc_set_cycle_start_hook(void (*fn)(void));

/* debug.SetGCPercent: returns the previous value; negative turns GC off. */
int gc_set_percent(int percent);
/* debug.SetMemoryLimit: returns the previous limit; negative only queries. */
int64_t gc_set_memory_limit(int64_t bytes);

enum { GC_MODE_STW = 0, GC_MODE_CONCURRENT = 1 };
/* Switch the algorithm (ROG_OPTS gc=stw|concurrent); between cycles. */
void gc_set_mode(int mode);
int gc_get_mode(void);
/* ROG_OPTS gcstress=N at run time (0 = off). */
void gc_set_stress(uint64_t every_n_allocs);
/* ROG_OPTS debug=0|1|2 at run time. */
void gc_set_debug(int level);

/* Number of completed cycles. */
uint32_t gc_cycles(void);
/* Longest stop-the-world pause so far and the last one, in ns. */
uint64_t gc_max_pause_ns(void);
void gc_reset_max_pause(void);

/* ---------------------------------------------------------- finalizers */

/* runtime.SetFinalizer. obj must be the start of a heap object; fn NULL
 * clears. Returns 0, or -1 when obj is not the start of an allocated heap
 * object (Go panics then; the caller turns it into the panic). Semantics:
 * when obj becomes unreachable its finalizer is queued once, obj and all it
 * references are kept alive until fn(obj, arg) has returned; objects
 * reachable from a finalizable object stay alive while it does, so cycles
 * that contain a finalizable object are never collected. */
typedef void (*gc_finalizer_fn)(void *obj, void *arg);
int gc_set_finalizer(void *obj, gc_finalizer_fn fn, void *arg);

/* The runner. By default a dedicated thread runs queued finalizers. A
 * scheduler installs `notify` (called, without locks, whenever finalizers
 * are queued) and calls gc_run_finalizers from a goroutine instead. */
void gc_set_finalizer_notify(void (*notify)(void));
/* Runs all queued finalizers on the calling thread; returns how many. */
size_t gc_run_finalizers(void);
/* Finalizers queued and not yet finished. */
size_t gc_finalizers_pending(void);

/* ---------------------------------------------------------- statistics */

typedef struct gc_size_stat {
  uint32_t size;
  uint64_t mallocs;
  uint64_t frees;
} gc_size_stat;

/* runtime.MemStats, field for field in gc 1.19's order. */
typedef struct gc_memstats {
  uint64_t alloc, total_alloc, sys, lookups, mallocs, frees;
  uint64_t heap_alloc, heap_sys, heap_idle, heap_inuse, heap_released, heap_objects;
  uint64_t stack_inuse, stack_sys, mspan_inuse, mspan_sys, mcache_inuse, mcache_sys;
  uint64_t buck_hash_sys, gc_sys, other_sys;
  uint64_t next_gc, last_gc, pause_total_ns;
  uint64_t pause_ns[256];
  uint64_t pause_end[256];
  uint32_t num_gc, num_forced_gc;
  double gc_cpu_fraction;
  bool enable_gc, debug_gc;
  gc_size_stat by_size[61];
} gc_memstats;

/* runtime.ReadMemStats: flushes the caches (stops the world briefly). */
void gc_read_memstats(gc_memstats *ms);

#ifdef __cplusplus
}
#endif
#endif /* ROG_GC_H */
