/*
 * runtime/alloc/central.c: central span lists per size class, large
 * objects, and sweeping.
 *
 * Each (class, noscan) pair has an alloc_central with three singly linked
 * lists under one mutex: partial (swept, has free slots), full (swept, no
 * free slot, or just released full by a cache) and unswept (after a GC, until
 * swept). Caches take spans from partial, or sweep spans out of unswept until
 * one has room, or get a fresh span from the page heap. Large objects live on
 * `large` (full = in use). alloc_sweep_begin splices full and partial onto
 * unswept in O(1) per list, so the mark-termination pause does not grow with
 * the heap.
 *
 * Sweeping a small span is O(nelems/64): count the mark bits; none set means
 * the whole span goes back to the page heap (collected in batches by the
 * background sweeper so that one heap-lock acquisition frees many spans);
 * otherwise the mark bitmap becomes the allocation bitmap. Only in poison or
 * ASan mode does sweeping visit freed slots one by one (to poison them).
 *
 * Statistics: mallocs/total_alloc are counted when a cache releases a span
 * (by recounting its allocated slots), frees when sweeping; so ReadMemStats
 * is exact after the collector flushes the caches, approximate in between.
 */
#include <sched.h>

#include "alloc_internal.h"

#define NLISTS (ALLOC_MAX_CLASSES * 2)

static alloc_central centrals[NLISTS] = {[0 ... NLISTS - 1] = {.lock = PTHREAD_MUTEX_INITIALIZER}};
static alloc_central large = {.lock = PTHREAD_MUTEX_INITIALIZER};

static atomic_uint_fast64_t st_mallocs, st_total_alloc, st_frees;
static atomic_uint_fast64_t st_by_size_mallocs[ALLOC_MAX_CLASSES], st_by_size_frees[ALLOC_MAX_CLASSES];
static atomic_uint_fast64_t sweep_freed_objects, sweep_freed_bytes;
static atomic_uint sweep_cursor;
/* Threads between popping an unswept span and putting it back. */
static atomic_int sweepers_active;

static alloc_central *central_of(unsigned cls, unsigned noscan) {
  return &centrals[2 * cls + noscan];
}

static void list_push(span_list *l, alloc_span *s) {
  s->next = l->head;
  l->head = s;
  if (!l->tail) l->tail = s;
  l->count++;
}

static alloc_span *list_pop(span_list *l) {
  alloc_span *s = l->head;
  if (s) {
    l->head = s->next;
    if (!l->head) l->tail = NULL;
    s->next = NULL;
    l->count--;
  }
  return s;
}

/* Moves all of `from` to the front of `to`. */
static void list_splice(span_list *to, span_list *from) {
  if (!from->head) return;
  from->tail->next = to->head;
  if (!to->head) to->tail = from->tail;
  to->head = from->head;
  to->count += from->count;
  from->head = from->tail = NULL;
  from->count = 0;
}

static unsigned nwords(uint32_t nelems) {
  return (nelems + 63) / 64;
}

static void set_tail_bits(alloc_span *s) {
  unsigned nw = nwords(s->nelems);
  if (s->nelems % 64) s->allocbits[nw - 1] |= ~(uint64_t)0 << (s->nelems % 64);
}

static void init_small_span(alloc_span *s, unsigned cls, unsigned noscan) {
  s->sizeclass = (uint8_t)cls;
  s->noscan = (uint8_t)noscan;
  s->elemsize = alloc_class_size_tab[cls];
  s->nelems = (uint32_t)(s->npages * ALLOC_PAGE_SIZE / s->elemsize);
  s->divmul = alloc_class_divmul[cls];
  unsigned nw = nwords(s->nelems);
  uint64_t *bits = alloc_meta_alloc(2 * nw * sizeof(uint64_t));
  s->allocbits = bits;
  s->markbits = bits + nw;
  set_tail_bits(s);
  if (!noscan) s->types = alloc_meta_alloc(s->nelems * sizeof(rog_type *));
#if ALLOC_ASAN
  __asan_poison_memory_region((void *)s->base, s->npages * ALLOC_PAGE_SIZE);
#endif
}

static void free_small_meta(alloc_span *s) {
  unsigned nw = nwords(s->nelems);
  uint64_t *block = s->allocbits < s->markbits ? s->allocbits : s->markbits;
  alloc_meta_free(block, 2 * nw * sizeof(uint64_t));
  if (s->types) alloc_meta_free(s->types, s->nelems * sizeof(rog_type *));
}

/* Allocated slots: those below freeindex plus allocbits at or above it. */
static uint32_t count_allocated(const alloc_span *s) {
  uint32_t n = 0;
  unsigned nw = nwords(s->nelems);
  for (unsigned w = 0; w < nw; w++) {
    uint64_t word = s->allocbits[w];
    uint32_t lo = w * 64;
    if (s->freeindex >= lo + 64)
      word = ~(uint64_t)0;
    else if (s->freeindex > lo)
      word |= ((uint64_t)1 << (s->freeindex - lo)) - 1;
    if (w == nw - 1 && s->nelems % 64) word &= ~(~(uint64_t)0 << (s->nelems % 64));
    n += (uint32_t)__builtin_popcountll(word);
  }
  return n;
}

alloc_span *central_acquire(unsigned cls, unsigned noscan) {
  alloc_central *c = central_of(cls, noscan);
  alloc_span *s = NULL;
  pthread_mutex_lock(&c->lock);
  for (;;) {
    s = list_pop(&c->partial);
    if (s) break;
    atomic_fetch_add(&sweepers_active, 1);
    s = list_pop(&c->unswept);
    if (!s) {
      atomic_fetch_sub(&sweepers_active, 1);
      break;
    }
    pthread_mutex_unlock(&c->lock);
    alloc_span *dead = NULL;
    bool room = alloc_sweep_span(s, &dead);
    if (dead) heap_free_spans(&dead, 1);
    pthread_mutex_lock(&c->lock);
    atomic_fetch_sub(&sweepers_active, 1);
    if (room) break;
    if (!dead) list_push(&c->full, s);
    s = NULL;
  }
  if (!s) {
    pthread_mutex_unlock(&c->lock);
    s = heap_alloc_span(alloc_class_npages[cls], SPAN_SMALL);
    if (!s) alloc_fatal("out of memory: the heap arena is exhausted");
    init_small_span(s, cls, noscan);
    pthread_mutex_lock(&c->lock);
  }
  /* Under c->lock: ordered with alloc_sweep_begin's flip (see "Sweep
   * generations" in alloc_internal.h). */
  s->black_from = s->freeindex;
  s->black = c->marking && alloc_self_black();
  __atomic_store_n(&s->black_info, s->black ? (uint64_t)1 << 32 | s->black_from : 0, __ATOMIC_RELEASE);
  s->acq_gen = c->gen;
  pthread_mutex_unlock(&c->lock);
  span_lock(s);
  __atomic_store_n(&s->in_cache, 1, __ATOMIC_RELEASE); /* the collector reads it unlocked (mark_object_ptr) */
  span_unlock(s);
  atomic_fetch_add(&alloc_heap_live, (uint64_t)(s->nelems - s->alloc_count) * s->elemsize);
  return s;
}

void central_release(alloc_span *s) {
  if (s->black) {
    /* Slots handed out since acquisition: free in allocbits, below freeindex. */
    uint64_t black_bytes = 0;
    for (uint32_t i = s->black_from; i < s->freeindex; i++) {
      if (!((s->allocbits[i >> 6] >> (i & 63)) & 1) && alloc_set_mark(s, i)) black_bytes += s->elemsize;
    }
    atomic_fetch_add(&alloc_heap_marked_black, black_bytes);
    s->black = 0;
    __atomic_store_n(&s->black_info, 0, __ATOMIC_RELEASE);
  }
  uint32_t n = count_allocated(s);
  uint32_t fresh = n - s->alloc_count;
  atomic_fetch_add(&st_mallocs, fresh);
  atomic_fetch_add(&st_total_alloc, (uint64_t)fresh * s->elemsize);
  atomic_fetch_add(&st_by_size_mallocs[s->sizeclass], fresh);
  atomic_fetch_sub(&alloc_heap_live, (uint64_t)(s->nelems - n) * s->elemsize);
  s->alloc_count = n;
  span_lock(s);
  __atomic_store_n(&s->in_cache, 0, __ATOMIC_RELEASE);
  span_unlock(s);
  alloc_central *c = central_of(s->sizeclass, s->noscan);
  pthread_mutex_lock(&c->lock);
  if (s->acq_gen != c->gen)
    list_push(&c->unswept, s); /* not swept for the cycle that just marked */
  else
    list_push(n == s->nelems ? &c->full : &c->partial, s);
  pthread_mutex_unlock(&c->lock);
}

void *alloc_large(size_t size, const rog_type *type) {
  uintptr_t npages = (size + ALLOC_PAGE_SIZE - 1) >> ALLOC_PAGE_SHIFT;
  if (size > ((uintptr_t)1 << 62)) alloc_fatal("out of memory: allocation size too large");
  alloc_span *s = heap_alloc_span(npages, SPAN_LARGE);
  if (!s) alloc_fatal("out of memory: the heap arena is exhausted");
  s->nelems = 1;
  s->elemsize = npages * ALLOC_PAGE_SIZE;
  s->large_size = size;
  s->noscan = type == NULL || type->ptrdata == 0;
  s->large_type = s->noscan ? NULL : type;
  s->markbits = alloc_meta_alloc(sizeof(uint64_t));
#if ALLOC_ASAN
  __asan_unpoison_memory_region((void *)s->base, size);
#endif
  if (s->needzero) memset((void *)s->base, 0, size);
  atomic_fetch_add(&alloc_heap_live, s->elemsize);
  atomic_fetch_add(&st_mallocs, 1);
  atomic_fetch_add(&st_total_alloc, size);
  pthread_mutex_lock(&large.lock);
  /* Under the lock: ordered with alloc_sweep_begin's flip. */
  if (large.marking && alloc_self_black()) {
    alloc_set_mark(s, 0);
    atomic_fetch_add(&alloc_heap_marked_black, s->elemsize);
  }
  list_push(&large.full, s);
  pthread_mutex_unlock(&large.lock);
  return (void *)s->base;
}

/* Sweeps s (on no list, owned by the caller). Returns true when s has free
 * slots afterwards. When every object died, s's metadata is freed and s is
 * stored in *dead for the caller to return to the page heap (batching). */
bool alloc_sweep_span(alloc_span *s, alloc_span **dead) {
  *dead = NULL;
  if (s->state == SPAN_LARGE) {
    if (s->markbits[0] & 1) {
      s->markbits[0] = 0;
      return false;
    }
    atomic_fetch_add(&st_frees, 1);
    atomic_fetch_add(&sweep_freed_objects, 1);
    atomic_fetch_add(&sweep_freed_bytes, s->elemsize);
    alloc_poison_free((void *)s->base, s->large_size);
    alloc_meta_free(s->markbits, sizeof(uint64_t));
    s->markbits = NULL;
    *dead = s;
    return false;
  }
  unsigned nw = nwords(s->nelems);
  uint32_t marked = 0;
  for (unsigned w = 0; w < nw; w++)
    marked += (uint32_t)__builtin_popcountll(s->markbits[w]);
  uint32_t before = s->alloc_count;
  uint32_t freed = before > marked ? before - marked : 0;
  if (freed && (__atomic_load_n(&alloc_opt_poison, __ATOMIC_RELAXED) || ALLOC_ASAN)) {
    for (uint32_t i = 0; i < s->nelems; i++)
      if (alloc_slot_allocated(s, i) && !((s->markbits[i >> 6] >> (i & 63)) & 1))
        alloc_poison_free((void *)(s->base + i * s->elemsize), s->elemsize);
  }
  atomic_fetch_add(&st_frees, freed);
  atomic_fetch_add(&st_by_size_frees[s->sizeclass], freed);
  atomic_fetch_add(&sweep_freed_objects, freed);
  atomic_fetch_add(&sweep_freed_bytes, (uint64_t)freed * s->elemsize);
  if (marked == 0) {
    span_lock(s);
    free_small_meta(s);
    s->allocbits = s->markbits = NULL;
    s->nelems = 0; /* alloc_find_object: nothing is allocated here any more */
    span_unlock(s);
    *dead = s;
    return false;
  }
  span_lock(s);
  uint64_t *t = s->allocbits;
  s->allocbits = s->markbits;
  s->markbits = t;
  memset(s->markbits, 0, nw * sizeof(uint64_t));
  set_tail_bits(s);
  __atomic_store_n(&s->freeindex, 0, __ATOMIC_RELAXED);
  span_unlock(s);
  s->alloc_count = marked;
  if (freed) s->needzero = 1;
  return marked < s->nelems;
}

/* The flip, list by list (see "Sweep generations" in alloc_internal.h). */
static void flip_list(alloc_central *c) {
  pthread_mutex_lock(&c->lock);
  c->marking = 0;
  c->gen++;
  list_splice(&c->unswept, &c->full);
  list_splice(&c->unswept, &c->partial);
  pthread_mutex_unlock(&c->lock);
}

void alloc_sweep_begin(void) {
  atomic_store(&sweep_freed_objects, 0);
  atomic_store(&sweep_freed_bytes, 0);
  atomic_store(&sweep_cursor, 0);
  atomic_store(&alloc_marking, 0);
  for (unsigned i = 0; i < NLISTS; i++)
    flip_list(&centrals[i]);
  flip_list(&large);
}

atomic_uint alloc_mark_epoch = 1; /* never 0: a zeroed cache is white */

void alloc_set_marking(int on) {
  if (on) atomic_fetch_add(&alloc_mark_epoch, 2);
  atomic_store(&alloc_marking, on);
  for (unsigned i = 0; i <= NLISTS; i++) {
    alloc_central *c = i == NLISTS ? &large : &centrals[i];
    pthread_mutex_lock(&c->lock);
    c->marking = (uint32_t)on;
    pthread_mutex_unlock(&c->lock);
  }
}

/* Sweeps up to `max` spans of central c; returns how many it took. The
 * batch is taken off `unswept` under one lock acquisition and the swept
 * spans go back under one more (dead ones to the page heap under one heap
 * lock), instead of two lock round trips per span. */
static unsigned sweep_from(alloc_central *c, unsigned max) {
  alloc_span *todo[64], *dead[64];
  unsigned ndead = 0, n = 0;
  if (max > 64) max = 64;
  atomic_fetch_add(&sweepers_active, 1);
  pthread_mutex_lock(&c->lock);
  while (n < max) {
    alloc_span *s = list_pop(&c->unswept);
    if (!s) break;
    todo[n++] = s;
  }
  pthread_mutex_unlock(&c->lock);
  span_list partial = {0}, full = {0};
  for (unsigned i = 0; i < n; i++) {
    alloc_span *d;
    bool room = alloc_sweep_span(todo[i], &d);
    if (d)
      dead[ndead++] = d;
    else
      list_push(room ? &partial : &full, todo[i]);
  }
  if (partial.head || full.head) {
    pthread_mutex_lock(&c->lock);
    list_splice(&c->partial, &partial);
    list_splice(&c->full, &full);
    pthread_mutex_unlock(&c->lock);
  }
  if (ndead) heap_free_spans(dead, ndead);
  atomic_fetch_sub(&sweepers_active, 1);
  return n;
}

bool alloc_sweep_some(void) {
  for (;;) {
    unsigned i = atomic_load(&sweep_cursor);
    if (i > NLISTS) return false;
    alloc_central *c = i == NLISTS ? &large : &centrals[i];
    if (sweep_from(c, 32)) return true;
    atomic_compare_exchange_strong(&sweep_cursor, &i, i + 1);
  }
}

void alloc_sweep_finish(void) {
  /* Not through the cursor: a central_acquire may hold a span popped from
   * unswept, but it sweeps it itself before using it. */
  for (unsigned i = 0; i <= NLISTS; i++) {
    alloc_central *c = i == NLISTS ? &large : &centrals[i];
    while (sweep_from(c, 64))
      ;
  }
  /* Wait for spans other threads popped and are sweeping. */
  while (atomic_load(&sweepers_active) > 0)
    sched_yield();
}

void alloc_sweep_counts(uint64_t *objects, uint64_t *bytes) {
  *objects = atomic_load(&sweep_freed_objects);
  *bytes = atomic_load(&sweep_freed_bytes);
}

void central_stats(alloc_stats *st) {
  st->mallocs = atomic_load(&st_mallocs);
  st->total_alloc = atomic_load(&st_total_alloc);
  st->frees = atomic_load(&st_frees);
  for (unsigned i = 0; i < ALLOC_MAX_CLASSES; i++) {
    st->by_size_mallocs[i] = atomic_load(&st_by_size_mallocs[i]);
    st->by_size_frees[i] = atomic_load(&st_by_size_frees[i]);
  }
}
