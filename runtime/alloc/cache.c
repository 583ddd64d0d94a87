/*
 * runtime/alloc/cache.c: per-thread caches, the allocation slow path, the object
 * index and statistics.
 *
 * A cache holds at most one span per (size class, scan kind). Its slot keeps
 * a copy of the span's freeindex and a 64-bit window of free bits starting at
 * freeindex (see alloc.h); the span's own freeindex is stale while the span
 * is cached and is written back on release. Caches are owned by one thread at
 * a time: a thread gets its cache lazily at its first allocation (an M of
 * the scheduler too), freed by a pthread key destructor when the thread
 * exits. All
 * caches are on a registry so the collector can flush them with the world
 * stopped.
 *
 * Slow path order: the GC hook first (it may collect, which flushes this
 * cache), then large objects, then refill: the next bitmap word of the
 * current span, else a span from central.
 *
 * Assist accounting: the slow path adds the bytes a cache takes (a span's
 * free slots at refill, a large object's size before the GC hook) to the
 * cache's assist_alloc; runtime/gc/collect.c ("Pacing") turns them into
 * mark-assist debt. Nothing on the fast path.
 *
 * Stress mode (ROG_OPTS gcstress=N) leaves the free-bits window empty after
 * every allocation so each allocation reaches the slow path and its GC hook.
 *
 * rog_tls is defined here weakly: the scheduler may define it strongly.
 */
#include "alloc_internal.h"

__thread rog_tls_block rog_tls __attribute__((weak, tls_model("initial-exec")));

static pthread_mutex_t caches_lock = PTHREAD_MUTEX_INITIALIZER;
static alloc_cache *all_caches;
static pthread_key_t cache_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static char zerobase[8] __attribute__((aligned(8)));

static void thread_cache_dtor(void *p) {
  alloc_cache *c = p;
  if (rog_tls.cache == c) rog_tls.cache = NULL;
  alloc_cache_destroy(c);
}

static void make_key(void) {
  if (pthread_key_create(&cache_key, thread_cache_dtor) != 0) alloc_fatal("pthread_key_create");
}

alloc_cache *alloc_cache_create(void) {
  alloc_init();
  alloc_cache *c = alloc_meta_alloc(sizeof *c);
  c->black_epoch = atomic_load(&alloc_mark_epoch); /* black if marking (see alloc_internal.h) */
  pthread_mutex_lock(&caches_lock);
  c->all_next = all_caches;
  if (all_caches) all_caches->all_prev = c;
  all_caches = c;
  pthread_mutex_unlock(&caches_lock);
  return c;
}

static void release_slot(alloc_cache_slot *sl) {
  alloc_span *s = sl->span;
  if (!s) return;
  __atomic_store_n(&s->freeindex, sl->freeindex, __ATOMIC_RELAXED); /* alloc_slot_allocated */
  memset(sl, 0, sizeof *sl);
  central_release(s);
}

void alloc_cache_flush(alloc_cache *c) {
  for (unsigned i = 0; i < 2 * ALLOC_MAX_CLASSES; i++)
    release_slot(&c->slots[i]);
}

void alloc_cache_destroy(alloc_cache *c) {
  if (!c) return;
  /* Flush under the registry lock so a concurrent alloc_flush_all_caches
   * never sees a half-flushed cache. */
  pthread_mutex_lock(&caches_lock);
  alloc_cache_flush(c);
  if (c->all_prev)
    c->all_prev->all_next = c->all_next;
  else
    all_caches = c->all_next;
  if (c->all_next) c->all_next->all_prev = c->all_prev;
  pthread_mutex_unlock(&caches_lock);
  alloc_meta_free(c, sizeof *c);
}

void alloc_cache_blacken(alloc_cache *c) {
  alloc_cache_flush(c);
  c->black_epoch = atomic_load(&alloc_mark_epoch);
}

void alloc_blacken_all_caches(void) {
  pthread_mutex_lock(&caches_lock);
  for (alloc_cache *c = all_caches; c; c = c->all_next)
    alloc_cache_blacken(c);
  pthread_mutex_unlock(&caches_lock);
}

bool alloc_self_black(void) {
  alloc_cache *c = rog_tls.cache;
  return c && c->black_epoch == atomic_load(&alloc_mark_epoch);
}

void alloc_flush_all_caches(void) {
  pthread_mutex_lock(&caches_lock);
  for (alloc_cache *c = all_caches; c; c = c->all_next)
    alloc_cache_flush(c);
  pthread_mutex_unlock(&caches_lock);
}

/* Loads the free-bits window at or after sl->freeindex; false when the span
 * has no free slot left. */
static bool load_window(alloc_cache_slot *sl) {
  alloc_span *s = sl->span;
  uint32_t idx = sl->freeindex;
  while (idx < s->nelems) {
    uint64_t w = ~s->allocbits[idx >> 6] >> (idx & 63);
    if (w) {
      sl->bits = w;
      sl->freeindex = idx;
      return true;
    }
    idx = (idx | 63) + 1;
  }
  sl->freeindex = s->nelems;
  sl->bits = 0;
  return false;
}

static void refill(alloc_cache *c, alloc_cache_slot *sl, unsigned cls, unsigned noscan) {
  if (sl->span && load_window(sl)) return;
  release_slot(sl);
  alloc_span *s = central_acquire(cls, noscan);
  /* What central_acquire added to alloc_heap_live: the assist charge. */
  c->assist_alloc += (uint64_t)(s->nelems - s->alloc_count) * s->elemsize;
  sl->span = s;
  sl->base = s->base;
  sl->elemsize = s->elemsize;
  sl->types = s->types;
  sl->needzero = s->needzero;
  sl->freeindex = s->freeindex;
  if (!load_window(sl)) alloc_fatal("central_acquire returned a full span");
}

static alloc_cache *thread_cache(void) {
  alloc_cache *c = rog_tls.cache;
  if (c) return c;
  pthread_once(&key_once, make_key);
  c = alloc_cache_create();
  c->owned_by_thread = 1;
  pthread_setspecific(cache_key, c);
  rog_tls.cache = c;
  return c;
}

static void (*run_on_system_stack)(void (*fn)(void *), void *arg);

void alloc_set_system_stack(void (*run)(void (*fn)(void *), void *arg)) {
  run_on_system_stack = run;
}

static void *slow_refill(size_t size, const rog_type *type) {
  if (size > ALLOC_MAX_SMALL) return alloc_large(size, type);
  alloc_cache *c = thread_cache();
  unsigned noscan = type == NULL || type->ptrdata == 0;
  unsigned cls = alloc_size_class(size);
  alloc_cache_slot *s = &c->slots[2 * cls + noscan];
  if (s->bits == 0) refill(c, s, cls, noscan);
  void *p = alloc_fast(size, type);
  if (alloc_opt_stress) s->bits = 0;
  return p;
}

typedef struct slow_args {
  size_t size;
  const rog_type *type;
  void *result;
} slow_args;

static void slow_refill_sys(void *arg) {
  slow_args *a = arg;
  a->result = slow_refill(a->size, a->type);
}

void *alloc_slow(size_t size, const rog_type *type) {
  alloc_init();
  /* A large object is charged before the GC hook so that its assist is
   * paid before it is allocated; a span's free bytes are charged when it is
   * acquired (refill), so the hook sees them at the next slow path. */
  alloc_cache *c = (alloc_cache *)rog_tls.cache;
  if (size > ALLOC_MAX_SMALL && c) c->assist_alloc += size;
  alloc_gc_slow_path_hook();
  if (size == 0) return zerobase;
  if (run_on_system_stack == NULL) return slow_refill(size, type);
  slow_args a = {size, type, NULL};
  run_on_system_stack(slow_refill_sys, &a);
  return a.result;
}

void *rog_alloc(size_t size, const rog_type *type) {
  return alloc_fast(size, type);
}

bool alloc_find_object(const void *p, alloc_object *out) {
  if (!alloc_arena_lo) return false;
  alloc_span *s = alloc_span_of((uintptr_t)p);
  if (!s) return false;
  if (s->state == SPAN_LARGE) {
    out->start = (void *)s->base;
    out->size = s->large_size;
    out->type = s->large_type;
    return (uintptr_t)p < s->base + s->large_size || s->large_size == 0;
  }
  span_lock(s);
  uint32_t idx = alloc_slot_index(s, (uintptr_t)p);
  /* A cached span's freeindex lives in its cache: count its slots as
   * allocated (exact whenever the collector has flushed the caches). */
  if (s->state != SPAN_SMALL || idx >= s->nelems || (!s->in_cache && !alloc_slot_allocated(s, idx))) {
    span_unlock(s);
    return false;
  }
  out->start = (void *)(s->base + idx * s->elemsize);
  out->size = s->elemsize;
  out->type = s->types ? s->types[idx] : NULL;
  span_unlock(s);
  return true;
}

void alloc_read_stats(alloc_stats *st) {
  alloc_init();
  memset(st, 0, sizeof *st);
  heap_stats(st);
  central_stats(st);
  st->heap_live = atomic_load(&alloc_heap_live);
  st->meta_sys = atomic_load(&alloc_meta_sys);
}
