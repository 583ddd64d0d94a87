/*
 * runtime/alloc/alloc_internal.h: the allocator's data structures, shared by
 * the allocator's files and by runtime/gc (the collector is the allocator's
 * only friend). Not part of the compiler/runtime contract.
 *
 * Data structures
 *   arena       [arena_lo, arena_hi): one mmap(PROT_READ|WRITE, MAP_NORESERVE)
 *               reservation (1 TiB by default, halved until the kernel or
 *               qemu accepts it). Pages below `arena_used` have been handed
 *               out at least once; the rest is untouched address space.
 *               Untouched and released pages cost no RSS.
 *   span table  span_table[(addr - arena_lo) >> PAGE_SHIFT]: one pointer per
 *               page of the arena, itself a MAP_NORESERVE reservation that is
 *               committed by the kernel on first write (1 GiB of address space
 *               for 1 TiB of arena, a few KiB of RSS for a small heap).
 *               Invariant: every page of an in-use span points at the span;
 *               the first and last page of a free span point at it (enough to
 *               coalesce); other entries are stale and never trusted without
 *               checking span state and bounds.
 *   span        alloc_span below. States: FREE (in the page heap), SMALL
 *               (objects of one size class), LARGE (one object).
 *   bitmaps     a small span has two bitmaps of nelems bits, allocbits and
 *               markbits. Slot i is allocated iff i < freeindex or
 *               allocbits[i]; allocbits bits at and beyond nelems are 1 so the
 *               allocation scan never finds them. Marking sets markbits;
 *               sweeping swaps the two bitmaps and clears the new markbits
 *               (so a sweep is O(nelems/64), not O(nelems)).
 *   type table  a small scan span has types[nelems]: the rog_type of each
 *               allocated slot, written by the fast path. Entries of free
 *               slots are stale; they are read only for allocated slots.
 *               (Rejected: a heap bitmap of 1 or 2 bits per word as gc 1.19
 *               does; it costs less memory but loses the type, which the
 *               object index must return, and makes allocation of big
 *               objects write O(size) bits.)
 *   central     central[class][noscan]: spans with free slots (partial),
 *               spans with none (full) and spans not yet swept this cycle
 *               (unswept), under one mutex per entry. A span held by a cache
 *               is on no list. Large spans use the same structure (`large`).
 *
 * Sweeping. After mark termination (world stopped, caches flushed) every
 * list's spans move to `unswept` (alloc_sweep_begin). A span is swept before
 * any cache gets it (central_acquire sweeps on demand) and a background
 * thread sweeps the rest; the next cycle finishes sweeping before marking.
 * Spans whose objects all died go back to the page heap in batches: the
 * sweeper collects them and frees them under one heap-lock acquisition.
 *
 * Allocation during concurrent marking is black: a span acquired while
 * `alloc_marking` is set remembers black_from = freeindex; when it is
 * released (at the latest in the flush at mark termination) the slots handed
 * out since are marked. The fast path pays nothing for this. Black is per
 * cache: a cycle's alloc_set_marking(1) starts a new marking epoch, and a
 * cache allocates black only once the collector has blackened it
 * (alloc_cache_blacken: flushed, epoch recorded), which it does when it
 * scans the stack of the cache's owner. Until then the owner's stack is
 * grey and may store what it allocates into other new objects without a
 * barrier, so those must stay white: the stack scan finds and marks them.
 * Caches created while marking are black (their owner starts with an empty
 * stack). Large objects follow the calling thread's cache.
 *
 * Sweep generations (the ragged end of a concurrent cycle, runtime/gc
 * collect.c): alloc_sweep_begin may run while caches still hold spans. Each
 * central list has a generation and a marking flag, changed only under its
 * lock: alloc_sweep_begin, list by list, turns marking off, bumps the
 * generation and splices partial/full onto unswept in one critical section;
 * alloc_set_marking(1) turns marking on list by list. A span records the
 * generation and the marking flag of its list when a cache acquires it (under
 * the same lock, so acquisition is ordered with the flip of that list). When
 * it is released in a later generation it has not been swept for the cycle
 * that just marked, so after its black slots are marked it goes to
 * `unswept`, never to partial/full. Large objects test the large list's flag
 * and join it under its lock for the same reason. (Rejected: one global
 * flip under all ~120 central locks at once: ThreadSanitizer and lock
 * debuggers do not like a thread holding that many, and nothing needs the
 * lists to flip at the same instant.) Invariants: a span on partial/full
 * has been swept in its list's current generation; a span in a cache is
 * swept at the latest after it is released; all caches are flushed before
 * the next cycle starts marking.
 */
#ifndef ROG_ALLOC_INTERNAL_H
#define ROG_ALLOC_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "alloc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ALLOC_HIDDEN __attribute__((visibility("hidden")))

#if defined(__x86_64__)
#define __builtin_ia32_pause_compat() __builtin_ia32_pause()
#else
#define __builtin_ia32_pause_compat() __asm__ volatile("yield")
#endif

enum { SPAN_FREE = 1, SPAN_SMALL = 2, SPAN_LARGE = 3 };

typedef struct alloc_span {
  uintptr_t base;
  uintptr_t npages;
  struct alloc_span *next, *prev; /* page heap free list or central list */
  uint8_t state;
  uint8_t sizeclass;
  uint8_t noscan;
  uint8_t needzero;  /* memory may be non-zero */
  uint8_t scavenged; /* FREE: all pages returned to the OS */
  uint8_t in_cache;
  uint8_t lock; /* span_lock: sweeping vs alloc_find_object */
  uint8_t _pad;
  uint32_t nelems;
  uint32_t divmul; /* idx = ((addr - base) * divmul) >> 32 */
  uint32_t freeindex;
  uint32_t alloc_count; /* allocated slots as of the last sweep or release */
  uint32_t black_from;  /* see "Allocation during concurrent marking" */
  uint32_t black;       /* acquired while marking */
  uint32_t acq_gen;     /* its list's generation when a cache acquired it */
  uint64_t black_info;  /* black ? 1 << 32 | black_from : 0, one word for the barrier */
  uintptr_t elemsize;   /* LARGE: npages * PAGE_SIZE */
  uint64_t *allocbits;
  uint64_t *markbits;     /* LARGE: one word, bit 0 */
  const rog_type **types; /* SMALL scan spans */
  const rog_type *large_type;
  uintptr_t large_size; /* LARGE: requested bytes */
} alloc_span;

/* Singly linked through span->next, with a tail for O(1) splicing: central
 * lists only ever pop their head or move whole lists. */
typedef struct span_list {
  alloc_span *head, *tail;
  uintptr_t count;
} span_list;

typedef struct alloc_central {
  pthread_mutex_t lock;
  span_list partial, full, unswept;
  uint32_t gen;     /* sweep generation of this list (under lock) */
  uint32_t marking; /* marking on for spans acquired from here (under lock) */
} alloc_central;

/* Arena and span table. */
extern uintptr_t alloc_arena_lo, alloc_arena_hi;
extern alloc_span **alloc_span_table;

/* Options (set from ROG_OPTS by runtime/gc before the first allocation). */
extern int
    alloc_opt_poison; /* fill freed memory with 0xdb (flipped at run time by tests: accessed atomically) */
extern int alloc_opt_debug;  /* invariant checks */
extern int alloc_opt_stress; /* every allocation takes the slow path */

/* Set by the collector (world stopped) for the duration of marking. */
extern atomic_int alloc_marking;
/* Turns black allocation on (1) list by list; alloc_sweep_begin turns it off. */
void alloc_set_marking(int on);
extern atomic_uint alloc_mark_epoch;
/* Flushes c and makes what it allocates from now on black (this epoch). */
void alloc_cache_blacken(alloc_cache *c);
/* Every cache (world stopped). */
void alloc_blacken_all_caches(void);
/* True when the calling thread's cache allocates black. */
ALLOC_HIDDEN bool alloc_self_black(void);

/* Hooks the collector installs: called at the start of every slow-path
 * allocation (GC trigger, stress countdown, safe point). */
typedef struct alloc_gc_hooks {
  void (*init)(void);      /* once, before the heap is used */
  void (*slow_path)(void); /* may run a collection */
} alloc_gc_hooks;
void alloc_set_gc_hooks(const alloc_gc_hooks *h);
void alloc_init(void);

void alloc_set_arena_size(uint64_t bytes); /* before the first allocation */
ALLOC_HIDDEN void alloc_gc_slow_path_hook(void);
extern atomic_uint_fast64_t alloc_meta_sys;

/* Pacing counter: bytes in allocated objects as far as the allocator knows
 * (cached spans count as full). */
extern atomic_uint_fast64_t alloc_heap_live;
extern atomic_uint_fast64_t alloc_heap_marked_black; /* bytes allocated black */

/* A per-span spin lock held while a small span's allocation state changes
 * outside a stopped world (sweeping, entering or leaving a cache) and while
 * alloc_find_object reads it, so object-index queries from running threads
 * never see a half-swept bitmap. The collector's own lookups run with the
 * world stopped (or only set mark bits) and do not take it. */
static inline void span_lock(alloc_span *s) {
  while (__atomic_exchange_n(&s->lock, 1, __ATOMIC_ACQUIRE))
    while (__atomic_load_n(&s->lock, __ATOMIC_RELAXED))
      __builtin_ia32_pause_compat();
}
static inline void span_unlock(alloc_span *s) {
  __atomic_store_n(&s->lock, 0, __ATOMIC_RELEASE);
}

/* Span lookup for an address: NULL when outside the heap or in free pages. */
static inline alloc_span *alloc_span_of(uintptr_t p) {
  if (p - alloc_arena_lo >= alloc_arena_hi - alloc_arena_lo) return NULL;
  alloc_span *s =
      __atomic_load_n(&alloc_span_table[(p - alloc_arena_lo) >> ALLOC_PAGE_SHIFT], __ATOMIC_ACQUIRE);
  if (s == NULL || s->state == SPAN_FREE || p < s->base || p >= s->base + s->npages * ALLOC_PAGE_SIZE)
    return NULL;
  return s;
}

/* Slot index of address p in small span s (p inside the span). */
static inline uint32_t alloc_slot_index(const alloc_span *s, uintptr_t p) {
  return (uint32_t)(((uint64_t)(p - s->base) * s->divmul) >> 32);
}

static inline bool alloc_slot_allocated(const alloc_span *s, uint32_t idx) {
  if (s->state == SPAN_LARGE) return true;
  if (idx >= s->nelems) return false;
  /* Atomic: a ragged cycle scans globals while caches release spans. */
  return idx < __atomic_load_n(&s->freeindex, __ATOMIC_RELAXED) ||
         ((s->allocbits[idx >> 6] >> (idx & 63)) & 1);
}

static inline bool alloc_is_marked(const alloc_span *s, uint32_t idx) {
  return (__atomic_load_n(&s->markbits[idx >> 6], __ATOMIC_RELAXED) >> (idx & 63)) & 1;
}

/* Set the mark bit; true when this call set it. */
static inline bool alloc_set_mark(alloc_span *s, uint32_t idx) {
  uint64_t *w = &s->markbits[idx >> 6];
  uint64_t m = (uint64_t)1 << (idx & 63);
  if (__atomic_load_n(w, __ATOMIC_RELAXED) & m) return false;
  return (__atomic_fetch_or(w, m, __ATOMIC_RELAXED) & m) == 0;
}

/* True when slot idx of s was handed out black by the cache holding s
 * (the mark bit is set only when the span is released). One atomic word,
 * so black and black_from come from the same acquisition; it is cleared
 * after release has set the marks (then alloc_is_marked answers).
 *
 * Slots at or above black_from whose allocbits bit is set are NOT black:
 * a swept span restarts at freeindex 0 with its survivors in allocbits, so
 * black_from is usually below old objects of the same span. Such an old
 * object is white until something marks it, and central_release marks
 * only the free-in-allocbits slots. Answering true for it made the
 * barrier skip it (mark_shade): a goroutine that moved an old object from
 * a root into a new (black, never scanned) object and then cleared the
 * root lost it (runtime/gc/gc_black_alloc_test.cc). allocbits does not change
 * while the span is cached (only sweeping writes it, before the
 * acquisition that published black_info with release). */
static inline bool alloc_allocated_black(const alloc_span *s, uint32_t idx) {
  uint64_t b = __atomic_load_n(&s->black_info, __ATOMIC_ACQUIRE);
  return (b >> 32) && idx >= (uint32_t)b && !((s->allocbits[idx >> 6] >> (idx & 63)) & 1);
}

/* Size classes (sizeclass.c). Class 0 is unused. */
extern unsigned alloc_nclasses;
extern uint32_t alloc_class_size_tab[ALLOC_MAX_CLASSES];
extern uint32_t alloc_class_npages[ALLOC_MAX_CLASSES];
extern uint32_t alloc_class_divmul[ALLOC_MAX_CLASSES];
ALLOC_HIDDEN void alloc_sizeclass_init(void);
bool alloc_sizeclass_check(void); /* exactness of divmul, for tests */

/* Metadata memory (span structs, bitmaps, type tables): never in the arena,
 * never scanned. */
ALLOC_HIDDEN void *alloc_meta_alloc(size_t size); /* zeroed */
ALLOC_HIDDEN void alloc_meta_free(void *p, size_t size);

/* OS primitives. */
ALLOC_HIDDEN void *alloc_os_reserve(size_t size);
ALLOC_HIDDEN void alloc_os_release(void *p, size_t size);
void alloc_fatal(const char *msg) __attribute__((noreturn));

/* Page heap (pageheap.c). */
ALLOC_HIDDEN alloc_span *heap_alloc_span(uintptr_t npages, uint8_t state);
ALLOC_HIDDEN void heap_free_spans(alloc_span **spans, size_t n); /* batch */
size_t heap_scavenge(uint64_t keep_idle_bytes);                  /* also runtime/gc */
ALLOC_HIDDEN void heap_stats(alloc_stats *st);

/* Central lists and sweeping (central.c). */
ALLOC_HIDDEN alloc_span *central_acquire(unsigned cls, unsigned noscan);
ALLOC_HIDDEN void central_release(alloc_span *s);
ALLOC_HIDDEN void *alloc_large(size_t size, const rog_type *type);
ALLOC_HIDDEN void central_stats(alloc_stats *st);
ALLOC_HIDDEN bool alloc_sweep_span(alloc_span *s, alloc_span **dead);

/* Sweeping, driven by runtime/gc. */
/* Marking done: turns alloc_marking off and moves every swept list to
 * unswept in one step under all central locks. Caches may still hold spans
 * (see "Sweep generations"); they must all be flushed before the next
 * cycle starts marking. */
void alloc_sweep_begin(void);
bool alloc_sweep_some(void);   /* sweep one span; false when none is left */
void alloc_sweep_finish(void); /* sweep everything left */
/* Number of freed objects and bytes since the last alloc_sweep_begin. */
void alloc_sweep_counts(uint64_t *objects, uint64_t *bytes);

/* All caches (for flushing at GC). */
void alloc_flush_all_caches(void); /* world stopped */

/* Visit every in-use span (world stopped; for heap verification). */
void alloc_for_each_span(void (*fn)(alloc_span *s, void *ctx), void *ctx);

/* Poisoning of free memory (ASan and poison=1). */
ALLOC_HIDDEN void alloc_poison_free(void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* ROG_ALLOC_INTERNAL_H */
