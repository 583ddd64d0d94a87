/*
 * runtime/gc/gc_internal.h: shared between the collector's files.
 *
 * Tri-color invariant (concurrent mode):
 *   white = mark bit clear; grey = mark bit set and queued for scanning
 *   (in the pool, a worker's or an assist's stack, or a barrier between
 *   setting the bit and queueing); black = mark bit set and scanned (or
 *   allocated during the cycle). The barrier is gc's hybrid one: while
 *   marking, a pointer store greys both the overwritten value (Yuasa,
 *   snapshot at the beginning) and the stored value (Dijkstra: a pointer
 *   that moves from a stack not yet scanned into a black object is not
 *   lost). Objects allocated during the cycle are black. With it, stacks
 *   can be scanned one at a time while the other mutators run (ragged
 *   cycle, collect.c), each exactly once, and the weak tri-color
 *   invariant holds once every mutator has seen the barrier on: every
 *   white object reachable from a scanned stack, a global or a black
 *   object is reachable through white objects from a grey one. So when
 *   every stack is scanned and nothing is grey, nothing reachable is
 *   white, and from then on no barrier can find a white object (all it
 *   sees is reachable): "nothing grey" is stable. Stop-the-world mode is
 *   the degenerate case with no mutator between the two pauses.
 */
#ifndef ROG_GC_INTERNAL_H
#define ROG_GC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "gc.h"
#include "runtime/alloc/alloc_internal.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GC_HIDDEN __attribute__((visibility("hidden")))

/* Options (options.c). */
typedef struct gc_options {
  int mode;        /* GC_MODE_* */
  uint64_t stress; /* collect every N allocations (slow-path mode) */
  int debug;       /* 0, 1 (cheap checks), 2 (heap verification) */
  int poison;
  int percent;          /* GOGC; < 0 off */
  int64_t memory_limit; /* GOMEMLIMIT; INT64_MAX none */
  int gctrace;          /* GODEBUG=gctrace=1 */
  int workers;          /* parallel mark workers (stop-the-world) */
  int conc_workers;     /* background mark workers (concurrent) */
  uint64_t arena;       /* arena reservation in bytes */
  int ragged;           /* concurrent cycles by handshakes (ROG_OPTS gcragged=0|1, default 1) */
  int pausetrace;       /* ROG_OPTS gcpausetrace=1: per-phase pause times on stderr */
  int assist;           /* mark assists in concurrent mode (ROG_OPTS gcassist=0|1, default 1) */
} gc_options;
extern gc_options gc_opts;
GC_HIDDEN void gc_parse_options(void);
/* Parses "key=value,..." into gc_opts; returns 0 or -1 (message on stderr). */
int gc_parse_opts_string(const char *s, gc_options *o);
int64_t gc_parse_size(const char *s, int *ok); /* "512MiB", "1TiB", "123" */

/* Work items: scan [obj+off, ...) of the object starting at obj. */
typedef struct gc_item {
  uintptr_t obj;
  uintptr_t off;
} gc_item;

typedef struct gc_worker {
  gc_item *stack;
  size_t n, cap;
  uint64_t marked_bytes;  /* bytes of objects this worker marked */
  uint64_t scanned_bytes; /* bytes of objects it scanned */
  uint64_t banked;        /* part of scanned_bytes added to the cycle's scan work */
  uint64_t ns;            /* time spent marking */
} gc_worker;

/* mark.c */
GC_HIDDEN void mark_init_workers(int n);
GC_HIDDEN gc_worker *mark_worker(int i);
GC_HIDDEN void mark_reset(void);
/* Roots. */
GC_HIDDEN void mark_conservative_range(gc_worker *w, const void *lo, const void *hi);
GC_HIDDEN void mark_precise_range(gc_worker *w, const void *lo, size_t nwords, const uint8_t *bitmap);
GC_HIDDEN void mark_object_ptr(gc_worker *w, uintptr_t p); /* exact object start or interior, checked */
GC_HIDDEN void mark_push(gc_worker *w, uintptr_t obj, uintptr_t off);
GC_HIDDEN void mark_publish_all(gc_worker *w);
/* Drains all work with `n` workers (the caller is worker 0); with
 * `until_empty_only` false it returns when all work is done. */
GC_HIDDEN void mark_drain_parallel(int n);
/* Heaps below this many live bytes are marked by the coordinator alone
 * (default 8 MiB; tests lower it). */
extern uint64_t mark_parallel_min_bytes;
/* Counters since start, for tests: helper joins, batches that helpers took
 * from the shared pool. */
extern atomic_uint_fast64_t mark_helper_joins;
extern atomic_uint_fast64_t mark_batches_stolen;
extern atomic_uint_fast64_t mark_assists; /* mark_assist calls that scanned something */
/* Concurrent mode: background workers that run until mark_stop_background. */
GC_HIDDEN void mark_start_background(int n);
GC_HIDDEN void mark_wait_background(void); /* returns when the pool ran dry once */
GC_HIDDEN uint64_t mark_total_marked(void);
GC_HIDDEN uint64_t mark_total_scanned(void);
GC_HIDDEN bool mark_pool_empty(void);
/* Nothing grey anywhere (pool empty, no barrier or assist between greying
 * and publishing); background workers must be idle. See collect.c,
 * "Ragged cycle", for why this is stable once true. */
GC_HIDDEN bool mark_done(void);
GC_HIDDEN void mark_shade(uintptr_t p); /* barrier: grey p if white */
/* Concurrent mode: the calling mutator scans up to about `budget` bytes
 * from the shared pool (mark assist); returns the bytes it scanned. */
GC_HIDDEN uint64_t mark_assist(uint64_t budget);
/* Scan work done so far in this cycle (bytes, workers and assists). */
GC_HIDDEN uint64_t mark_scan_work(void);
/* Takes up to `want` bytes of the background workers' banked scan credit;
 * returns what it took. */
GC_HIDDEN uint64_t mark_credit_steal(uint64_t want);
/* Pointer bitmap of a type (expanding GC programs, cached). NULL when the
 * type has no pointers or its program is malformed. */
GC_HIDDEN const uint8_t *gc_type_bitmap(const rog_type *t);
/* Expands a GC program into out (nbits bits); -1 if malformed/overflowing. */
int gc_run_prog(const uint8_t *prog, uint8_t *out, uintptr_t nbits);

/* finalizer.c */
GC_HIDDEN void fin_mark_roots(gc_worker *w);          /* queue + referents */
GC_HIDDEN size_t fin_queue_unreachable(gc_worker *w); /* after marking */
GC_HIDDEN void fin_wake(void);

/* collect.c */
extern const gc_world_ops *gc_world;
extern atomic_uint_fast64_t gc_ragged_cycles; /* cycles that took the handshake path (tests) */
/* fn(arg) through gc_world->on_system_stack, or in place (collect.c). */
GC_HIDDEN void gc_on_system_stack(void (*fn)(void *), void *arg);
GC_HIDDEN uint64_t gc_nanotime(void);
/* Zeroes 16 KiB of stack below the caller (stale pointers in dead frames). */
GC_HIDDEN void gc_clear_stack(void);
GC_HIDDEN void gc_verify_heap_marked(void);

/* Assists since start (collect.c, "Pacing"): scan work charged to
 * mutators, scanned by them, stolen from the background workers' credit,
 * and waits for credit. */
extern atomic_uint_fast64_t gc_assist_charged, gc_assist_scanned, gc_assist_stolen, gc_assist_waits;
/* One cycle's pacing, as the last finished cycle left it. */
typedef struct gc_cycle_record {
  uint64_t goal, trigger; /* in force when the cycle started */
  uint64_t heap_start;    /* heap_live when marking started */
  uint64_t heap_end;      /* heap_live when marking ended (the overshoot is heap_end - goal) */
  uint64_t marked;
  uint64_t scan_expected, scan_done; /* scan work, bytes */
  int concurrent;
} gc_cycle_record;
void gc_last_cycle(gc_cycle_record *out);

/* world.c */
GC_HIDDEN bool world_self_registered(void);
/* The last handshake round whose callback ran for the calling thread
 * (changes exactly when one does; tests use it to stop between rounds). */
unsigned world_self_handshake_round(void);
GC_HIDDEN void world_auto_register(void);
/* Longest time a thread spent in a handshake checkpoint since the last
 * call (the thread world's share of a ragged cycle's pauses). */
GC_HIDDEN uint64_t world_take_handshake_pause(void);

#ifdef __cplusplus
}
#endif
#endif /* ROG_GC_INTERNAL_H */
