/*
 * runtime/alloc/alloc.h: the allocator's public interface.
 *
 * Glossary (read alloc_internal.h for the invariants):
 *   page      8 KiB, the unit of the page heap.
 *   arena     one reservation of address space (1 TiB by default) that holds
 *             every heap object; committed lazily page by page.
 *   span      a run of pages: either a small-object span (objects of one size
 *             class, scan or no-scan) or one large object (> 32 KiB).
 *   cache     a per-P (per-thread until the scheduler exists) set of spans,
 *             one per size class and scan kind, from which the fast path
 *             allocates without locks.
 *   central   per size class lists of spans with free slots, unswept spans
 *             and full spans, under one lock per class.
 *
 * The fast path (alloc_fast below) is inline: a TLS load, a table lookup for
 * the size class, a ctz over a cached word of the span's allocation bitmap,
 * a multiply-add for the address, one store of the type into the span's type
 * table and the zeroing of recycled memory. Everything else (refilling a
 * cache, large objects, GC triggers, stress mode) is alloc_slow, out of line.
 *
 * The object index (alloc_find_object) maps any address inside the arena,
 * including interior pointers, to the start, size and type of the allocated
 * object that contains it, in constant time through the span table.
 */
#ifndef ROG_ALLOC_H
#define ROG_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rog/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ASan: free slots are poisoned, so ASan reports use-after-free inside the
 * heap; the fast path unpoisons the slot it hands out. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALLOC_ASAN 1
#endif
#endif
#if !defined(ALLOC_ASAN) && defined(__SANITIZE_ADDRESS__)
#define ALLOC_ASAN 1
#endif
#ifndef ALLOC_ASAN
#define ALLOC_ASAN 0
#endif
#if ALLOC_ASAN
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif

#define ALLOC_PAGE_SHIFT 13
#define ALLOC_PAGE_SIZE ((uintptr_t)1 << ALLOC_PAGE_SHIFT)
#define ALLOC_MAX_SMALL 32768
#define ALLOC_MAX_CLASSES 96

struct alloc_span;

/* One size class and scan kind of a cache. `bits` has bit k set when slot
 * freeindex+k of the span is free, for the slots up to the end of the
 * current 64-slot bitmap word; 0 sends the fast path to the slow path. */
typedef struct alloc_cache_slot {
  uint64_t bits;
  uint32_t freeindex;
  uint32_t needzero;
  uintptr_t base;
  uintptr_t elemsize;
  const rog_type **types; /* NULL for no-scan spans */
  struct alloc_span *span;
} alloc_cache_slot;

typedef struct alloc_cache {
  /* slots[2*class + noscan] */
  alloc_cache_slot slots[2 * ALLOC_MAX_CLASSES];
  struct alloc_cache *all_next, *all_prev; /* registry of caches, for flushing */
  int owned_by_thread;                     /* created lazily for a thread (freed at thread exit) */
  /* Allocation from this cache is black in marking epoch black_epoch
   * (alloc_internal.h, "Allocation during concurrent marking"). */
  unsigned black_epoch;
  /* Mark-assist accounting (runtime/gc/collect.c, "Pacing"). The
   * allocator only counts: assist_alloc is the bytes this cache has taken
   * (a span's free slots when it is acquired, a large object's pages), on
   * the slow path, never on the fast path. The collector's assist code
   * owns the rest and touches it only from the cache's owner (the thread
   * or the P holding it): assist_seen is the part of assist_alloc already
   * charged, assist_credit the scan work in bytes paid ahead (> 0) or
   * owed (< 0) in cycle assist_cycle, assist_charged the debt charged in
   * total (statistics, tests). */
  uint64_t assist_alloc;
  uint64_t assist_seen;
  int64_t assist_credit;
  uint64_t assist_cycle;
  uint64_t assist_charged;
} alloc_cache;

/* Size class lookup tables (filled by alloc_init). */
extern uint8_t alloc_class_by8[1024 / 8 + 1];
extern uint8_t alloc_class_by128[(ALLOC_MAX_SMALL - 1024) / 128 + 1];

static inline unsigned alloc_size_class(size_t size) {
  if (size <= 1024) return alloc_class_by8[(size + 7) >> 3];
  return alloc_class_by128[(size - 1024 + 127) >> 7];
}

/* Out-of-line slow path: same contract as rog_alloc. */
void *alloc_slow(size_t size, const rog_type *type);

/* Where the slow path's deep part (refilling a cache from the central
 * lists and the page heap, large objects, growing the heap) runs: through
 * run(fn, arg), which the scheduler sets to sched_systemstack because
 * goroutine stacks are too small for it. The GC hook at the start of the
 * slow path runs on the caller's stack (it may block on the collector) and
 * moves its own deep parts (gc_world_ops.on_system_stack). NULL (the
 * default) runs everything in place. */
void alloc_set_system_stack(void (*run)(void (*fn)(void *), void *arg));

/* Zeroes a recycled slot of n bytes (a size class: n >= 8, a multiple of
 * 8). Small slots get two overlapping fixed-size stores instead of a call
 * to memset, which costs more than the rest of the fast path for 16 bytes. */
static inline void alloc_zero(char *p, size_t n) {
  if (n <= 16) {
    __builtin_memset(p, 0, 8);
    __builtin_memset(p + n - 8, 0, 8);
  } else if (n <= 32) {
    __builtin_memset(p, 0, 16);
    __builtin_memset(p + n - 16, 0, 16);
  } else if (n <= 64) {
    __builtin_memset(p, 0, 32);
    __builtin_memset(p + n - 32, 0, 32);
  } else {
    memset(p, 0, n);
  }
}

static inline void *alloc_fast(size_t size, const rog_type *type) {
  alloc_cache *c = (alloc_cache *)rog_tls.cache;
  if (__builtin_expect(c == NULL || size > ALLOC_MAX_SMALL || size == 0, 0)) return alloc_slow(size, type);
  unsigned noscan = type == NULL || type->ptrdata == 0;
  alloc_cache_slot *s = &c->slots[2 * alloc_size_class(size) + noscan];
  uint64_t b = s->bits;
  if (__builtin_expect(b == 0, 0)) return alloc_slow(size, type);
  unsigned k = (unsigned)__builtin_ctzll(b);
  uint32_t idx = s->freeindex + k;
  s->freeindex = idx + 1;
  s->bits = (b >> k) >> 1;
  char *p = (char *)(s->base + (uintptr_t)idx * s->elemsize);
  if (!noscan) s->types[idx] = type;
#if ALLOC_ASAN
  __asan_unpoison_memory_region(p, s->elemsize);
#endif
  if (s->needzero) alloc_zero(p, s->elemsize);
  return p;
}

/* Per-thread caches: rog_tls.cache; a thread gets one lazily at its first
 * allocation (in the scheduler's world, one per M: runtime/sched/
 * gchandshake.c). Tests and embedders may create and install their own. */
alloc_cache *alloc_cache_create(void);
void alloc_cache_flush(alloc_cache *c);   /* return all spans to central */
void alloc_cache_destroy(alloc_cache *c); /* flush and free */

/* Object index. */
typedef struct alloc_object {
  void *start;
  size_t size;          /* slot size (size class) or large object bytes */
  const rog_type *type; /* NULL for pointer-free objects */
} alloc_object;
/* True when p points into an allocated object (at its start or inside it);
 * fills *out. False for addresses outside the heap, in free slots or in free
 * pages. Constant time. */
bool alloc_find_object(const void *p, alloc_object *out);

/* Release every free page of the heap to the OS (debug.FreeOSMemory after a
 * GC). Returns the number of bytes released by this call. */
size_t alloc_free_os_memory(void);

/* Address range of the arena (reserved, not committed). */
void alloc_arena_range(uintptr_t *lo, uintptr_t *hi);

/* Heap statistics (bytes unless noted). */
typedef struct alloc_stats {
  uint64_t heap_sys;      /* address space the heap has touched (committed at some point) */
  uint64_t heap_inuse;    /* bytes in in-use spans */
  uint64_t heap_idle;     /* bytes in free spans */
  uint64_t heap_released; /* bytes of free spans returned to the OS */
  uint64_t heap_live;     /* pacing estimate of allocated bytes */
  uint64_t total_alloc;   /* cumulative bytes allocated (as of last cache flush) */
  uint64_t mallocs;       /* cumulative objects allocated (as of last cache flush) */
  uint64_t frees;         /* cumulative objects freed by sweeping */
  uint64_t meta_sys;      /* bytes of span structs, bitmaps and type tables */
  uint64_t nspans;        /* in-use spans */
  uint64_t by_size_mallocs[ALLOC_MAX_CLASSES];
  uint64_t by_size_frees[ALLOC_MAX_CLASSES];
} alloc_stats;
void alloc_read_stats(alloc_stats *st);

/* Size class table access (ReadMemStats.BySize, tests, benchmarks). */
unsigned alloc_num_classes(void);
size_t alloc_class_size(unsigned cls);

#ifdef __cplusplus
}
#endif
#endif /* ROG_ALLOC_H */
