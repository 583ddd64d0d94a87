/*
 * runtime/alloc/arena.c: the arena reservation, the span table, metadata
 * memory, OS primitives and allocator start-up.
 *
 * The arena is one mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|
 * MAP_NORESERVE) of ROG_OPTS arena=SIZE bytes (default 1 TiB). Nothing is
 * committed until touched, and released pages (madvise MADV_DONTNEED) read
 * back as zeros, which the page heap uses to skip zeroing. If the kernel (or
 * qemu-user, whose guest address space is smaller) refuses the size, it is
 * halved down to 4 GiB. One reservation means one range check and one table
 * index per pointer lookup; the cost is that the heap cannot outgrow it
 * (rejected: gc's 64 MiB arenas with a two-level arena index, which grow
 * without bound but need an extra load per lookup).
 *
 * Read-write reservation instead of PROT_NONE plus mprotect on growth: the
 * page heap would have to call mprotect under its lock for every growth and
 * the GC could fault on a stale conservative pointer into PROT_NONE memory;
 * MAP_NORESERVE already keeps the reservation free of commit charge.
 *
 * Metadata (span structs, bitmaps, type tables) comes from a small
 * segregated free-list allocator over mmap'd chunks: power-of-two size
 * buckets from 16 B to 64 KiB, direct mmap above. It is never scanned by the
 * GC and never holds heap pointers that keep objects alive.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "alloc_internal.h"

uintptr_t alloc_arena_lo, alloc_arena_hi;
alloc_span **alloc_span_table;
int alloc_opt_poison, alloc_opt_debug, alloc_opt_stress;
atomic_int alloc_marking;
atomic_uint_fast64_t alloc_heap_live;
atomic_uint_fast64_t alloc_heap_marked_black;
static uint64_t arena_request = (uint64_t)1 << 40;

static alloc_gc_hooks gc_hooks;

void alloc_fatal(const char *msg) {
  fprintf(stderr, "fatal error: %s\n", msg);
  abort();
}

void *alloc_os_reserve(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void alloc_os_release(void *p, size_t size) {
  madvise(p, size, MADV_DONTNEED);
}

void alloc_set_gc_hooks(const alloc_gc_hooks *h) {
  gc_hooks = *h;
}

void alloc_set_arena_size(uint64_t bytes) {
  arena_request = bytes;
}

static void init_once(void) {
  if (gc_hooks.init) gc_hooks.init();
  alloc_sizeclass_init();
  uint64_t size = arena_request;
  if (size < ((uint64_t)1 << 32)) size = (uint64_t)1 << 32;
  void *p = NULL;
  for (; size >= ((uint64_t)1 << 32); size /= 2) {
    p = alloc_os_reserve(size + ALLOC_PAGE_SIZE);
    if (p) break;
  }
  if (!p) alloc_fatal("cannot reserve the heap arena");
  alloc_arena_lo = ((uintptr_t)p + ALLOC_PAGE_SIZE - 1) & ~(ALLOC_PAGE_SIZE - 1);
  alloc_arena_hi = alloc_arena_lo + size;
  size_t table = (size >> ALLOC_PAGE_SHIFT) * sizeof(alloc_span *);
  alloc_span_table = alloc_os_reserve(table);
  if (!alloc_span_table) alloc_fatal("cannot reserve the span table");
}

static pthread_once_t init_control = PTHREAD_ONCE_INIT;
static atomic_int init_done;

void alloc_init(void) {
  if (__builtin_expect(atomic_load_explicit(&init_done, memory_order_acquire), 1)) return;
  pthread_once(&init_control, init_once);
  atomic_store_explicit(&init_done, 1, memory_order_release);
}

void alloc_arena_range(uintptr_t *lo, uintptr_t *hi) {
  alloc_init();
  *lo = alloc_arena_lo;
  *hi = alloc_arena_hi;
}

void alloc_gc_slow_path_hook(void) {
  if (gc_hooks.slow_path) gc_hooks.slow_path();
}

void alloc_poison_free(void *p, size_t n) {
  if (__atomic_load_n(&alloc_opt_poison, __ATOMIC_RELAXED)) memset(p, 0xdb, n);
#if ALLOC_ASAN
  __asan_poison_memory_region(p, n);
#endif
}

/* ------------------------------------------------------------- metadata */

#define META_MIN_SHIFT 4
#define META_MAX_SHIFT 16
#define META_CHUNK (1u << 20)

typedef struct meta_free {
  struct meta_free *next;
} meta_free;

static pthread_mutex_t meta_lock = PTHREAD_MUTEX_INITIALIZER;
static meta_free *meta_buckets[META_MAX_SHIFT + 1];
static char *meta_cur, *meta_end;
atomic_uint_fast64_t alloc_meta_sys;

static unsigned meta_bucket(size_t size) {
  unsigned b = META_MIN_SHIFT;
  while (((size_t)1 << b) < size)
    b++;
  return b;
}

void *alloc_meta_alloc(size_t size) {
  if (size == 0) size = 1;
  if (size > ((size_t)1 << META_MAX_SHIFT)) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) alloc_fatal("out of memory (metadata)");
    atomic_fetch_add(&alloc_meta_sys, size);
    return p;
  }
  unsigned b = meta_bucket(size);
  size_t bsize = (size_t)1 << b;
  pthread_mutex_lock(&meta_lock);
  meta_free *f = meta_buckets[b];
  if (f) {
    meta_buckets[b] = f->next;
    pthread_mutex_unlock(&meta_lock);
    memset(f, 0, bsize);
    return f;
  }
  if (meta_cur == NULL || (size_t)(meta_end - meta_cur) < bsize) {
    void *p = mmap(NULL, META_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      pthread_mutex_unlock(&meta_lock);
      alloc_fatal("out of memory (metadata)");
    }
    atomic_fetch_add(&alloc_meta_sys, META_CHUNK);
    meta_cur = p;
    meta_end = meta_cur + META_CHUNK;
  }
  void *p = meta_cur;
  meta_cur += bsize;
  pthread_mutex_unlock(&meta_lock);
  return p; /* fresh mmap memory is zero */
}

void alloc_meta_free(void *p, size_t size) {
  if (p == NULL) return;
  if (size == 0) size = 1;
  if (size > ((size_t)1 << META_MAX_SHIFT)) {
    munmap(p, size);
    atomic_fetch_sub(&alloc_meta_sys, size);
    return;
  }
  unsigned b = meta_bucket(size);
  pthread_mutex_lock(&meta_lock);
  meta_free *f = p;
  f->next = meta_buckets[b];
  meta_buckets[b] = f;
  pthread_mutex_unlock(&meta_lock);
}
