/*
 * runtime/gc/mark.c: marking (roots, precise heap scanning, parallel workers,
 * GC programs), the write barrier and heap verification.
 *
 * Scanning. A heap object is scanned precisely from its type's pointer
 * bitmap (gc 1.19's gcdata: one bit per word of the first ptrdata bytes, LSB
 * first), repeated for every element when the object is an array of the type
 * (size > type->size). Types whose kind has ROG_KIND_GC_PROG carry a GC
 * program instead (gcdata = 4-byte length, then the program); it is expanded
 * once per type into a bitmap kept in a small cache. A malformed program is
 * treated as "every word may be a pointer": that can only retain garbage,
 * never free a live object. Roots: stacks and registers are scanned
 * conservatively through the object index (a word keeps an object alive if
 * it points at or into an allocated slot), globals precisely from the
 * registered bitmaps.
 *
 * Work. A work item is (object, offset): objects bigger than CHUNK bytes are
 * scanned CHUNK bytes at a time, the rest pushed back as a new item, so one
 * huge array spreads over all workers. Each worker has a private stack
 * (no synchronization on push/pop) and publishes batches of BATCH items to a
 * shared pool when others are idle and the pool is empty, or when its stack
 * gets long; idle workers steal whole batches from the pool. Termination:
 * a round of marking is one atomic word (round_state: idle count, joined
 * count, TERMINATED bit). The coordinator joins at once (stop-the-world
 * mode); helper threads are woken and join only if the round has not
 * terminated yet, so a helper that the OS schedules late never holds up a
 * round it took no part in (on a loaded 2-core machine that used to add
 * milliseconds to every pause). A worker whose stack and the pool are empty
 * counts itself idle; when every joined worker is idle and the pool is
 * empty nobody can produce work, and the first to see it sets TERMINATED by
 * CAS (a join or an un-idle changes the word, so the CAS fails). The
 * coordinator returns when the round is terminated and every joined worker
 * has left (round_inside). Heaps under 8 MiB are marked by the coordinator
 * alone: waking helpers costs more than it saves. (Rejected: Chase-Lev deques per worker. Stealing single
 * items from the top of a victim's deque gives finer balance, but every local pop then needs a fence, and
 * object graphs give plenty of batches to share.)
 *
 * Memory latency. Marking is a pointer chase: an object's memory, its type
 * slot, and for each pointer the span table entry, the span and the mark
 * word. Three things keep the cost down: mark_ptr prefetches the object and
 * its type slot as it queues it, and items pass through a small FIFO
 * (drain_local) before they are scanned, so those misses overlap; the
 * arena bounds and span table live in locals for a whole scan (heap_view);
 * and the common object (one element, at most 64 pointer words) is scanned
 * by iterating the set bits of its bitmap word, without divisions or a
 * per-word loop. Measured on the 1 GiB tree of tests/bench:alloc, this took
 * the mark rate from 60-80 to 250-360 MB/s per thread (same machine, same
 * load, interleaved runs).
 *
 * Mark assists (concurrent mode; the pacing is in collect.c): a mutator in
 * assist debt scans queued work itself (mark_assist) or takes the credit
 * background workers bank (bank_scan_work, mark_credit_steal); workers
 * publish batches when an assist found the pool empty. Scan work (bytes
 * scanned, workers and assists) is summed per cycle for the assist ratio.
 *
 * The write barrier: gc's hybrid barrier. While marking is on,
 * rog_write_barrier(slot, val) atomically exchanges the slot and greys the
 * OLD value (Yuasa deletion barrier, snapshot at the beginning) and the NEW
 * value (Dijkstra insertion). Invariants it keeps (gc_internal.h has the
 * tri-color statement): (1) every object reachable when marking started
 * and later unlinked from the heap is grey or black (old value); (2) a
 * pointer that a mutator whose stack is not yet scanned stores into a
 * black object is grey (new value), so stacks can be scanned one at a
 * time while the others run (the ragged cycle, collect.c) and each stack
 * only once; (3) objects allocated while marking by a mutator whose stack
 * has been scanned are black (alloc_internal.h: per-cache black epochs;
 * mark_shade skips them through alloc_allocated_black, or termination
 * would chase every new object stored). Stack writes have no barrier. The
 * stopping concurrent cycle (worlds without handshakes) scans every stack
 * in its first pause, where the new-value half is redundant but harmless.
 * gc_barrier_test forces, in the ragged cycle, the lost-object race each
 * half exists for (a pointer moved from an unscanned stack into a black
 * object; from an unscanned object into a scanned stack); each fails with
 * its half removed.
 * Costs: floating garbage (objects unlinked or stored during the cycle
 * survive it), a second shade test per store while marking. mark_shade
 * sets the mark bit and queues the object in the shared pool under its
 * lock; the common case (NULL, already marked, allocated black) takes no
 * lock. mark_inflight counts greying not yet visible in the pool (a shade
 * between its white test and its push, a mark assist), so mark_done()
 * can tell "nothing grey anywhere" without stopping the world.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gc_internal.h"

#define CHUNK (128 * 1024)
#define BATCH 256
#define LOCAL_MAX 8192
#define MAX_WORKERS 64
#define BANK_QUANTUM ((uint64_t)16 << 10) /* scan work a worker banks at a time (assists) */

typedef struct batch {
  struct batch *next;
  size_t n;
  gc_item items[BATCH];
} batch;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static batch *pool_head;
static batch *wb_cur;          /* barrier batch being filled */
static atomic_long pool_avail; /* batches in pool_head + (wb_cur != NULL) */

static gc_worker workers[MAX_WORKERS];
static int nworkers_max = 1;

gc_worker *mark_worker(int i) {
  return &workers[i];
}

/* ------------------------------------------------------------ the pool */

static batch *batch_new(void) {
  batch *b = malloc(sizeof *b);
  if (!b) alloc_fatal("out of memory (mark batch)");
  b->next = NULL;
  b->n = 0;
  return b;
}

static void batch_new_sys(void *arg) {
  *(batch **)arg = batch_new();
}

static void pool_put(batch *b) {
  pthread_mutex_lock(&pool_lock);
  b->next = pool_head;
  pool_head = b;
  atomic_fetch_add(&pool_avail, 1);
  pthread_mutex_unlock(&pool_lock);
}

static batch *pool_get(void) {
  if (atomic_load_explicit(&pool_avail, memory_order_relaxed) == 0) return NULL;
  pthread_mutex_lock(&pool_lock);
  batch *b = pool_head;
  if (b) {
    pool_head = b->next;
    atomic_fetch_sub(&pool_avail, 1);
  } else if (wb_cur) {
    b = wb_cur;
    wb_cur = NULL;
    atomic_fetch_sub(&pool_avail, 1);
  }
  pthread_mutex_unlock(&pool_lock);
  return b;
}

bool mark_pool_empty(void) {
  return atomic_load(&pool_avail) == 0;
}

/* ------------------------------------------------------- local stacks */

void mark_push(gc_worker *w, uintptr_t obj, uintptr_t off) {
  if (w->n == w->cap) {
    size_t cap = w->cap ? 2 * w->cap : 1024;
    gc_item *s = realloc(w->stack, cap * sizeof *s);
    if (!s) alloc_fatal("out of memory (mark stack)");
    w->stack = s;
    w->cap = cap;
  }
  w->stack[w->n].obj = obj;
  w->stack[w->n].off = off;
  w->n++;
}

/* Set by a mark assist that found the pool empty; cleared by the next
 * publish (drain_local publishes when others are idle or an assist waits). */
static atomic_int assist_wanted;

static void publish_one(gc_worker *w) {
  atomic_store_explicit(&assist_wanted, 0, memory_order_relaxed);
  size_t k = w->n < BATCH ? w->n : BATCH;
  batch *b = batch_new();
  memcpy(b->items, &w->stack[w->n - k], k * sizeof(gc_item));
  b->n = k;
  w->n -= k;
  pool_put(b);
}

void mark_publish_all(gc_worker *w) {
  while (w->n)
    publish_one(w);
}

/* --------------------------------------------------------------- marking */

/* The arena's bounds and span table, read once per scan: they never change
 * after the allocator's initialization, but the compiler cannot know that
 * and would reload the globals around every store to the mark stack. */
typedef struct heap_view {
  uintptr_t lo, range;
  alloc_span **table;
} heap_view;

static inline heap_view heap_view_now(void) {
  return (heap_view){alloc_arena_lo, alloc_arena_hi - alloc_arena_lo, alloc_span_table};
}

/* alloc_span_of through a heap_view. The table entry is an acquire load,
 * pairing with the page heap's release when it (re)initializes a span. */
static inline alloc_span *view_span_of(const heap_view *h, uintptr_t p) {
  uintptr_t d = p - h->lo;
  if (d >= h->range) return NULL;
  alloc_span *s = __atomic_load_n(&h->table[d >> ALLOC_PAGE_SHIFT], __ATOMIC_ACQUIRE);
  /* p < s->base wraps p - s->base past the span's size: one compare. */
  if (s == NULL || s->state == SPAN_FREE || p - s->base >= (s->npages << ALLOC_PAGE_SHIFT)) return NULL;
  return s;
}

/* p is a precise pointer from a heap object or a global: if it points into
 * the heap, mark the object and queue it. */
static inline __attribute__((always_inline)) void mark_ptr_view(gc_worker *w, const heap_view *h,
                                                                uintptr_t p) {
  alloc_span *s = view_span_of(h, p);
  if (!s) return;
  if (s->state == SPAN_SMALL) {
    uint32_t idx = alloc_slot_index(s, p);
    if (idx >= s->nelems || !alloc_set_mark(s, idx)) return;
    w->marked_bytes += s->elemsize;
    if (!s->noscan) {
      uintptr_t obj = s->base + idx * s->elemsize;
      /* Scanning it will read the object and its type slot: start both
       * loads now; the FIFO in drain() gives them time to arrive. */
      __builtin_prefetch((const void *)obj);
      __builtin_prefetch(&s->types[idx]);
      mark_push(w, obj, 0);
    }
  } else {
    if (!alloc_set_mark(s, 0)) return;
    w->marked_bytes += s->elemsize;
    if (!s->noscan) mark_push(w, s->base, 0);
  }
}

static inline void mark_ptr(gc_worker *w, uintptr_t p) {
  heap_view h = heap_view_now();
  mark_ptr_view(w, &h, p);
}

void mark_object_ptr(gc_worker *w, uintptr_t p) {
  alloc_span *s = alloc_span_of(p);
  if (!s) return;
  /* A span in a cache has slots handed out since it was acquired that its
   * allocation bits do not show yet: a slot there may be allocated. In the
   * scheduler's world a goroutine's stack can hold objects from the cache
   * of an M it ran on earlier, not flushed when the collector scans the
   * parked goroutine. Marking a free slot there only keeps it for a cycle. */
  if (s->state == SPAN_SMALL && !alloc_slot_allocated(s, alloc_slot_index(s, p)) &&
      !__atomic_load_n(&s->in_cache, __ATOMIC_ACQUIRE))
    return;
  mark_ptr(w, p);
}

__attribute__((no_sanitize("address", "thread"))) void mark_conservative_range(gc_worker *w, const void *lo,
                                                                               const void *hi) {
  uintptr_t a = ((uintptr_t)lo + 7) & ~(uintptr_t)7;
  uintptr_t end = (uintptr_t)hi;
  for (; a + 8 <= end; a += 8) {
    uintptr_t v = *(volatile uintptr_t *)a;
    if (v - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_object_ptr(w, v);
  }
}

void mark_precise_range(gc_worker *w, const void *lo, size_t nwords, const uint8_t *bitmap) {
  const uintptr_t *p = lo;
  for (size_t i = 0; i < nwords; i++) {
    if (!((bitmap[i / 8] >> (i % 8)) & 1)) continue;
    uintptr_t v = __atomic_load_n(&p[i], __ATOMIC_ACQUIRE);
    if (v - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_object_ptr(w, v);
  }
}

static void scan_item(gc_worker *w, gc_item it) {
  const heap_view h = heap_view_now();
  alloc_span *s = view_span_of(&h, it.obj);
  if (!s) return;
  const rog_type *t;
  uintptr_t size;
  if (s->state == SPAN_LARGE) {
    t = s->large_type;
    size = s->large_size;
  } else {
    t = s->types ? s->types[alloc_slot_index(s, it.obj)] : NULL;
    size = s->elemsize;
  }
  if (!t || t->ptrdata == 0 || t->size == 0) return;
  const uint8_t *bm = (t->kind & ROG_KIND_GC_PROG) ? gc_type_bitmap(t) : t->gcdata;
  uintptr_t esize = t->size, pd = t->ptrdata;
  /* The common case: one element (not an array) whose pointer words fit in
   * one 64-bit mask. Visit the set bits only; no division, no per-word loop. */
  if (it.off == 0 && bm && pd <= 64 * 8 && size >= esize && size - esize < esize) {
    uintptr_t nw = pd / 8;
    uint64_t bits = 0;
    for (uintptr_t i = 0; i < (nw + 7) / 8; i++)
      bits |= (uint64_t)bm[i] << (8 * i);
    if (nw < 64) bits &= ((uint64_t)1 << nw) - 1;
    w->scanned_bytes += pd;
    const uintptr_t *obj = (const uintptr_t *)it.obj;
    while (bits) {
      unsigned k = (unsigned)__builtin_ctzll(bits);
      bits &= bits - 1;
      /* Acquire pairs with the mutator's publishing store (a plain mov on
       * amd64; what TSan needs to see the type slot written before). */
      mark_ptr_view(w, &h, __atomic_load_n(&obj[k], __ATOMIC_ACQUIRE));
    }
    return;
  }
  uintptr_t nelem = size / esize;
  uintptr_t end = nelem ? (nelem - 1) * esize + pd : pd;
  if (end > size) end = size;
  uintptr_t off = it.off, stop = end;
  if (off >= stop) return;
  if (stop - off > CHUNK) {
    stop = off + CHUNK;
    mark_push(w, it.obj, stop);
  }
  w->scanned_bytes += stop - off;
  uintptr_t ebase = off / esize * esize;
  uintptr_t word = (off - ebase) / 8;
  const uintptr_t *obj = (const uintptr_t *)it.obj;
  while (ebase + word * 8 < stop) {
    if (word * 8 >= pd) { /* rest of this element has no pointers */
      ebase += esize;
      word = 0;
      continue;
    }
    uint8_t byte = bm ? bm[word / 8] : 0xff;
    if ((word & 7) == 0 && byte == 0) {
      word += 8;
      continue;
    }
    if ((byte >> (word & 7)) & 1) {
      mark_ptr_view(w, &h, __atomic_load_n(&obj[(ebase / 8) + word], __ATOMIC_ACQUIRE));
    }
    word++;
  }
}

/* Round state, one atomic word: idle workers (bits 0-19), joined workers
 * (bits 20-39), TERMINATED (bit 63). A helper joins only while the round is
 * not terminated, so a helper thread that the OS schedules late (2 cores
 * shared with a build) never holds up a round it did not take part in. */
#define ST_IDLE ((uint64_t)1)
#define ST_JOIN ((uint64_t)1 << 20)
#define ST_TERM ((uint64_t)1 << 63)
#define ST_MASK (((uint64_t)1 << 20) - 1)
static atomic_uint_fast64_t round_state;
static atomic_int round_inside; /* joined workers not yet returned */

static uint64_t st_idle(uint64_t s) {
  return s & ST_MASK;
}
static uint64_t st_joined(uint64_t s) {
  return (s >> 20) & ST_MASK;
}

static bool others_idle(void) {
  return st_idle(atomic_load_explicit(&round_state, memory_order_relaxed)) > 0 ||
         atomic_load_explicit(&assist_wanted, memory_order_relaxed);
}

/* Drains w's stack and the pool; returns when both are empty.
 *
 * Items pass through a FIFO of PREFETCH entries between the stack and
 * scan_item: an item's object is prefetched when it enters, and scanned
 * PREFETCH items later, so the cache misses of consecutive objects overlap
 * instead of each stalling the scan (a depth-first stack alone would scan
 * the object it just pushed, before its memory arrives). Items in the FIFO
 * are this worker's private work, like its stack; it is empty whenever
 * drain returns. */
#define PREFETCH 8
static void bank_scan_work(gc_worker *w);
/* With stop_at: returns early once w->scanned_bytes reaches it, the items
 * still in the FIFO back on w's stack (an assist's budget). */
static void drain_local_until(gc_worker *w, uint64_t stop_at) {
  gc_item fifo[PREFETCH];
  unsigned head = 0, count = 0;
  for (;;) {
    while (count < PREFETCH && w->n) {
      gc_item it = w->stack[--w->n];
      __builtin_prefetch((const void *)it.obj);
      fifo[(head + count) % PREFETCH] = it;
      count++;
    }
    if (count == 0) {
      bank_scan_work(w);
      return;
    }
    gc_item it = fifo[head];
    head = (head + 1) % PREFETCH;
    count--;
    scan_item(w, it);
    if (w->scanned_bytes - w->banked >= BANK_QUANTUM) bank_scan_work(w);
    if (w->scanned_bytes >= stop_at) {
      for (; count; count--, head = (head + 1) % PREFETCH)
        mark_push(w, fifo[head].obj, fifo[head].off);
      bank_scan_work(w);
      return;
    }
    if (w->n > BATCH &&
        ((others_idle() && atomic_load_explicit(&pool_avail, memory_order_relaxed) == 0) || w->n > LOCAL_MAX))
      publish_one(w);
  }
}

static void drain_local(gc_worker *w) {
  drain_local_until(w, UINT64_MAX);
}

static void take_batch(gc_worker *w, batch *b) {
  for (size_t i = 0; i < b->n; i++)
    mark_push(w, b->items[i].obj, b->items[i].off);
  free(b);
}

static void drain(gc_worker *w) {
  for (;;) {
    drain_local(w);
    batch *b = pool_get();
    if (!b) return;
    if (w != &workers[0]) atomic_fetch_add_explicit(&mark_batches_stolen, 1, memory_order_relaxed);
    take_batch(w, b);
  }
}

/* Mark assists (concurrent mode): a mutator in assist debt (collect.c,
 * "Pacing") scans from the shared pool itself instead of only waiting for
 * the background workers. It uses its own thread's worker state, takes
 * batches until it has scanned its budget (the debt), stops there and
 * publishes what is left, so it scans about what it owes (draining a
 * batch taken near a tree's root could scan most of the heap, and leave
 * the mutator credit for far more allocation than the goal allows) and no
 * work is ever held by a thread that a stop-the-world parks (pause 2
 * drains the pool whatever is left). */
/* Greying work that is not yet visible in the pool: barriers between
 * "this object is white" and the push, assists between taking a batch and
 * publishing what is left. mark_done() needs it zero. */
static atomic_long mark_inflight;

static __thread gc_worker assist_worker;
static atomic_uint_fast64_t assist_marked_bytes;
atomic_uint_fast64_t mark_assists;

/* Scan work of the current cycle (bytes scanned, by workers and assists)
 * and the background workers' banked credit (what they scanned that no
 * assist has stolen yet). Workers bank every BANK_QUANTUM bytes and when
 * they run out of local work, so an assist that waits for credit sees it
 * arrive while the worker is still busy. */
static atomic_uint_fast64_t scan_work;
static atomic_uint_fast64_t bg_credit;

static void bank_scan_work(gc_worker *w) {
  uint64_t d = w->scanned_bytes - w->banked;
  if (d == 0) return;
  w->banked = w->scanned_bytes;
  atomic_fetch_add_explicit(&scan_work, d, memory_order_relaxed);
  if (w != &assist_worker) atomic_fetch_add_explicit(&bg_credit, d, memory_order_relaxed);
}

uint64_t mark_scan_work(void) {
  return atomic_load_explicit(&scan_work, memory_order_relaxed);
}

uint64_t mark_credit_steal(uint64_t want) {
  uint64_t have = atomic_load_explicit(&bg_credit, memory_order_relaxed);
  for (;;) {
    uint64_t take = have < want ? have : want;
    if (take == 0) return 0;
    if (atomic_compare_exchange_weak(&bg_credit, &have, have - take)) return take;
  }
}

uint64_t mark_assist(uint64_t budget) {
  gc_worker *w = &assist_worker;
  atomic_fetch_add(&mark_inflight, 1); /* before taking from the pool: mark_done */
  uint64_t scanned0 = w->scanned_bytes;
  w->banked = w->scanned_bytes; /* (scanned_bytes only grows: a thread's assists accumulate) */
  while (w->scanned_bytes - scanned0 < budget) {
    batch *b = pool_get();
    if (!b) {
      /* Ask the workers to share: they publish batches when someone waits. */
      atomic_store_explicit(&assist_wanted, 1, memory_order_relaxed);
      break;
    }
    take_batch(w, b);
    drain_local_until(w, scanned0 + budget);
  }
  /* What is left of the budget's last batch goes back to the pool (it is
   * grey: the count in mark_inflight covers it until it is there). Then
   * the stack is empty; give its buffer back, since the thread-local
   * worker has no destructor when the mutator thread exits. */
  mark_publish_all(w);
  free(w->stack);
  w->stack = NULL;
  w->cap = 0;
  atomic_fetch_add(&assist_marked_bytes, w->marked_bytes);
  w->marked_bytes = 0;
  uint64_t scanned = w->scanned_bytes - scanned0;
  atomic_fetch_sub(&mark_inflight, 1);
  if (scanned) atomic_fetch_add_explicit(&mark_assists, 1, memory_order_relaxed);
  return scanned;
}

atomic_uint_fast64_t mark_helper_joins;
atomic_uint_fast64_t mark_batches_stolen;
uint64_t mark_parallel_min_bytes = (uint64_t)8 << 20;

static bool round_join(void) {
  uint64_t s = atomic_load(&round_state);
  for (;;) {
    if (s & ST_TERM) return false;
    if (atomic_compare_exchange_weak(&round_state, &s, s + ST_JOIN)) break;
  }
  atomic_fetch_add(&round_inside, 1);
  atomic_fetch_add_explicit(&mark_helper_joins, 1, memory_order_relaxed);
  return true;
}

/* A joined worker marks until the round terminates. */
static void worker_loop(gc_worker *w) {
  uint64_t t0 = gc_nanotime();
  for (;;) {
    drain(w);
    atomic_fetch_add(&round_state, ST_IDLE);
    bool done = false;
    for (unsigned spins = 0;; spins++) {
      if (atomic_load(&pool_avail) > 0) {
        atomic_fetch_sub(&round_state, ST_IDLE);
        batch *b = pool_get();
        if (b) {
          if (w != &workers[0]) atomic_fetch_add_explicit(&mark_batches_stolen, 1, memory_order_relaxed);
          take_batch(w, b);
          break;
        }
        atomic_fetch_add(&round_state, ST_IDLE);
        continue;
      }
      uint64_t s = atomic_load(&round_state);
      if (s & ST_TERM) {
        done = true;
        break;
      }
      /* Everyone who joined is idle and the pool is empty: nobody can make
       * more work (in concurrent mode the barrier can; the coordinator
       * drains that in the final pause). */
      if (st_idle(s) == st_joined(s) && atomic_load(&pool_avail) == 0 &&
          atomic_compare_exchange_strong(&round_state, &s, s | ST_TERM)) {
        done = true;
        break;
      }
      if (spins > 64) sched_yield();
    }
    if (done) break;
  }
  w->ns += gc_nanotime() - t0;
  atomic_fetch_sub(&round_inside, 1);
}

/* ------------------------------------------------------ helper threads */

static pthread_mutex_t helpers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t helpers_cond = PTHREAD_COND_INITIALIZER;
static int helpers_started;
static uint64_t helpers_epoch;
static int helpers_round_n; /* helpers 1..n-1 are asked to join */

static void *helper_main(void *arg) {
  int id = (int)(intptr_t)arg;
  uint64_t seen = 0;
  pthread_mutex_lock(&helpers_lock);
  for (;;) {
    while (helpers_epoch == seen)
      pthread_cond_wait(&helpers_cond, &helpers_lock);
    seen = helpers_epoch;
    int n = helpers_round_n;
    if (id >= n) continue;
    pthread_mutex_unlock(&helpers_lock);
    if (round_join()) worker_loop(&workers[id]);
    pthread_mutex_lock(&helpers_lock);
  }
  return NULL;
}

void mark_init_workers(int n) {
  if (n < 1) n = 1;
  if (n > MAX_WORKERS) n = MAX_WORKERS;
  pthread_mutex_lock(&helpers_lock);
  while (helpers_started < n - 1) {
    pthread_t t;
    int id = helpers_started + 1;
    if (pthread_create(&t, NULL, helper_main, (void *)(intptr_t)id) != 0) break;
    pthread_detach(t);
    helpers_started++;
  }
  nworkers_max = helpers_started + 1;
  pthread_mutex_unlock(&helpers_lock);
}

/* Starts a round: helpers 1..n-1 are woken and join if they come in time. */
static void round_begin(int n, int coordinator_joins) {
  /* round_inside first: until round_state loses ST_TERM nobody can join,
   * so no late helper's increment is overwritten. */
  atomic_store(&round_inside, coordinator_joins);
  atomic_store(&round_state, coordinator_joins ? ST_JOIN : 0);
  if (n > 1) {
    pthread_mutex_lock(&helpers_lock);
    helpers_round_n = n;
    helpers_epoch++;
    pthread_cond_broadcast(&helpers_cond);
    pthread_mutex_unlock(&helpers_lock);
  }
}

/* Waits until the round has terminated and every joined worker returned. */
static void round_wait(void) {
  for (unsigned spins = 0; !(atomic_load(&round_state) & ST_TERM) || atomic_load(&round_inside) > 0;
       spins++) {
    if (spins < 64) continue;
    if (spins < 1024) {
      sched_yield();
      continue;
    }
    /* Concurrent marking can take seconds: do not burn a core on it. */
    struct timespec ts = {0, 50 * 1000};
    nanosleep(&ts, NULL);
  }
}

static int clamp_workers(int n) {
  if (n > nworkers_max) n = nworkers_max;
  return n < 1 ? 1 : n;
}

void mark_drain_parallel(int n) {
  n = clamp_workers(n);
  /* Small heaps: waking helpers costs more than it saves. */
  if (atomic_load(&alloc_heap_live) < mark_parallel_min_bytes) n = 1;
  if (n > 1) mark_publish_all(&workers[0]); /* roots: give the helpers something */
  round_begin(n, 1);
  worker_loop(&workers[0]);
  round_wait();
}

/* Concurrent mode: n background workers (helpers 1..n, so that worker 0
 * stays free for the coordinator's pauses). The round ends when the pool
 * runs dry; the coordinator then decides whether to run another one. */
void mark_start_background(int n) {
  n = clamp_workers(n + 1);
  if (n < 2) alloc_fatal("concurrent marking needs a helper thread");
  round_begin(n, 0);
}

void mark_wait_background(void) {
  round_wait();
}

void mark_reset(void) {
  atomic_store(&assist_marked_bytes, 0);
  atomic_store(&scan_work, 0);
  atomic_store(&bg_credit, 0);
  for (int i = 0; i < MAX_WORKERS; i++) {
    workers[i].marked_bytes = 0;
    workers[i].scanned_bytes = 0;
    workers[i].banked = 0;
    workers[i].ns = 0;
    workers[i].n = 0;
  }
}

uint64_t mark_total_marked(void) {
  uint64_t t = atomic_load(&assist_marked_bytes);
  for (int i = 0; i < MAX_WORKERS; i++)
    t += workers[i].marked_bytes;
  return t;
}

uint64_t mark_total_scanned(void) {
  uint64_t t = 0;
  for (int i = 0; i < MAX_WORKERS; i++)
    t += workers[i].scanned_bytes;
  return t;
}

/* ---------------------------------------------------------- the barrier */

volatile uint32_t rog_wb_enabled;
static atomic_uint_fast64_t shade_marked_bytes;

void mark_shade(uintptr_t p) {
  alloc_span *s = alloc_span_of(p);
  if (!s) return;
  uint32_t idx = s->state == SPAN_SMALL ? alloc_slot_index(s, p) : 0;
  if (idx >= s->nelems || alloc_is_marked(s, idx) || alloc_allocated_black(s, idx)) return;
  atomic_fetch_add(&mark_inflight, 1);
  if (!alloc_set_mark(s, idx)) {
    atomic_fetch_sub(&mark_inflight, 1);
    return;
  }
  atomic_fetch_add_explicit(&shade_marked_bytes, s->elemsize, memory_order_relaxed);
  if (s->noscan) {
    atomic_fetch_sub(&mark_inflight, 1);
    return;
  }
  batch *extra = NULL;
  pthread_mutex_lock(&pool_lock);
  if (!wb_cur) {
    /* malloc is too deep for a goroutine stack (the barrier runs on the
     * mutator's): allocate on the system stack, outside the lock */
    pthread_mutex_unlock(&pool_lock);
    batch *b;
    gc_on_system_stack(batch_new_sys, &b);
    pthread_mutex_lock(&pool_lock);
    if (!wb_cur) {
      wb_cur = b;
      atomic_fetch_add(&pool_avail, 1);
    } else {
      extra = b; /* another mutator was quicker */
    }
  }
  wb_cur->items[wb_cur->n].obj = s->base + idx * s->elemsize;
  wb_cur->items[wb_cur->n].off = 0;
  if (++wb_cur->n == BATCH) {
    wb_cur->next = pool_head;
    pool_head = wb_cur;
    wb_cur = NULL; /* pool_avail already counts it */
  }
  pthread_mutex_unlock(&pool_lock);
  atomic_fetch_sub(&mark_inflight, 1);
  if (extra) gc_on_system_stack(free, extra);
}

bool mark_done(void) {
  /* The pool first: an assist counts itself before it empties the pool. */
  return mark_pool_empty() && atomic_load(&mark_inflight) == 0;
}

uint64_t mark_shade_bytes_take(void) {
  return atomic_exchange(&shade_marked_bytes, 0);
}

void gc_shade(const void *p) {
  uintptr_t a = (uintptr_t)p;
  if (__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE) &&
      a - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo)
    mark_shade(a);
}

void rog_write_barrier(void **slot, void *val) {
  if (!__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(slot, val, __ATOMIC_RELEASE);
    return;
  }
  void *old = __atomic_exchange_n(slot, val, __ATOMIC_ACQ_REL);
  if ((uintptr_t)old - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_shade((uintptr_t)old);
  if ((uintptr_t)val - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_shade((uintptr_t)val);
}

/* While the barrier is on, marker threads read the destination's words
 * concurrently (atomically, scan_item): the copy is done word by word with
 * relaxed atomic stores so the two never form a data race (memmove's
 * stores are plain; TSan reported the pair). Overlap as memmove: copy
 * backwards when dst is above src. */
static void copy_words_atomic(uintptr_t *dst, const uintptr_t *src, size_t nwords) {
  if (dst <= src) {
    for (size_t i = 0; i < nwords; i++)
      __atomic_store_n(&dst[i], __atomic_load_n(&src[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
  } else {
    for (size_t i = nwords; i-- > 0;)
      __atomic_store_n(&dst[i], __atomic_load_n(&src[i], __ATOMIC_RELAXED), __ATOMIC_RELAXED);
  }
}

void rog_write_barrier_bulk(void *dst, const void *src, size_t n, const rog_type *type) {
  if (type && type->ptrdata && type->size && __atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE)) {
    const uint8_t *bm = gc_type_bitmap(type);
    uintptr_t *d = dst;
    for (size_t off = 0; off + 8 <= n; off += 8) {
      uintptr_t eoff = off % type->size;
      if (eoff >= type->ptrdata) continue;
      if (bm && !((bm[eoff / 64] >> ((eoff / 8) % 8)) & 1)) continue;
      uintptr_t old = __atomic_load_n(&d[off / 8], __ATOMIC_ACQUIRE);
      if (old - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_shade(old);
      uintptr_t val = __atomic_load_n((const uintptr_t *)((const char *)src + off), __ATOMIC_ACQUIRE);
      if (val - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_shade(val);
    }
    if (((uintptr_t)dst | (uintptr_t)src | n) % 8 == 0) {
      copy_words_atomic(dst, src, n / 8);
      return;
    }
  }
  memmove(dst, src, n);
}

/* The front end's barriers (abi.h [front-end barriers]): what an unlowered
 * pointer store or copy calls. The wb pass normally rewrites them into the
 * inline test above; these are the same thing out of line. */
void rog_gcwrite(void **slot, void *val) {
  rog_write_barrier(slot, val);
}

void rog_gcmemmove(void *dst, const void *src, size_t n, const rog_type *type) {
  rog_write_barrier_bulk(dst, src, n, type);
}

/* ---------------------------------------------------------- GC programs */

static int read_varint(const uint8_t **pp, const uint8_t *end, uintptr_t *out) {
  uintptr_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (*pp >= end || shift > 56) return -1;
    uint8_t x = *(*pp)++;
    v |= (uintptr_t)(x & 0x7f) << shift;
    if (!(x & 0x80)) break;
  }
  *out = v;
  return 0;
}

/* prog: the program (after the 4-byte length), plen its length. */
static int run_prog(const uint8_t *p, size_t plen, uint8_t *out, uintptr_t nbits) {
  const uint8_t *end = p + plen;
  uintptr_t pos = 0;
  for (;;) {
    if (p >= end) return -1;
    uint8_t inst = *p++;
    uintptr_t n = inst & 0x7f;
    if (!(inst & 0x80)) {
      if (n == 0) return (int)(pos == nbits ? 0 : (pos < nbits ? 0 : -1));
      if ((uintptr_t)(end - p) < (n + 7) / 8 || pos + n > nbits) return -1;
      for (uintptr_t i = 0; i < n; i++, pos++)
        if ((p[i / 8] >> (i % 8)) & 1) out[pos / 8] |= (uint8_t)(1u << (pos % 8));
      p += (n + 7) / 8;
      continue;
    }
    if (n == 0 && read_varint(&p, end, &n) < 0) return -1;
    uintptr_t c;
    if (read_varint(&p, end, &c) < 0) return -1;
    if (n == 0 || n > pos || (c && n > (nbits - pos) / c)) return -1;
    uintptr_t total = n * c;
    for (uintptr_t i = 0; i < total; i++, pos++) {
      uintptr_t from = pos - n;
      if ((out[from / 8] >> (from % 8)) & 1) out[pos / 8] |= (uint8_t)(1u << (pos % 8));
    }
  }
}

int gc_run_prog(const uint8_t *prog, uint8_t *out, uintptr_t nbits) {
  uint32_t len;
  memcpy(&len, prog, 4);
  return run_prog(prog + 4, len, out, nbits);
}

#define PROG_CACHE 256
static pthread_mutex_t prog_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  const rog_type *t;
  const uint8_t *bm;
} prog_cache[PROG_CACHE];

const uint8_t *gc_type_bitmap(const rog_type *t) {
  if (!(t->kind & ROG_KIND_GC_PROG)) return t->gcdata;
  uintptr_t h = ((uintptr_t)t >> 4) % PROG_CACHE;
  pthread_mutex_lock(&prog_lock);
  for (unsigned i = 0; i < PROG_CACHE; i++) {
    unsigned j = (unsigned)((h + i) % PROG_CACHE);
    if (prog_cache[j].t == t) {
      const uint8_t *bm = prog_cache[j].bm;
      pthread_mutex_unlock(&prog_lock);
      return bm;
    }
    if (prog_cache[j].t == NULL) {
      uintptr_t nbits = t->ptrdata / 8;
      uint8_t *bm = calloc(nbits / 8 + 1, 1);
      if (!bm) alloc_fatal("out of memory (GC program)");
      if (t->gcdata == NULL || gc_run_prog(t->gcdata, bm, nbits) < 0) {
        fprintf(stderr, "runtime: malformed GC program for type %p; scanning it conservatively\n", (void *)t);
        free(bm);
        bm = NULL; /* NULL bitmap: every word is a possible pointer */
      }
      prog_cache[j].t = t;
      prog_cache[j].bm = bm;
      pthread_mutex_unlock(&prog_lock);
      return bm;
    }
  }
  pthread_mutex_unlock(&prog_lock);
  return NULL; /* cache full: conservative */
}

/* --------------------------------------------------------- verification */

static void verify_span(alloc_span *s, void *ctx) {
  (void)ctx;
  uint32_t n = s->state == SPAN_LARGE ? 1 : s->nelems;
  for (uint32_t i = 0; i < n; i++) {
    if (!alloc_is_marked(s, i) || s->noscan) continue;
    uintptr_t obj = s->base + (uintptr_t)i * s->elemsize;
    const rog_type *t = s->state == SPAN_LARGE ? s->large_type : s->types[i];
    uintptr_t size = s->state == SPAN_LARGE ? s->large_size : s->elemsize;
    if (!t || !t->size || !t->ptrdata) continue;
    const uint8_t *bm = gc_type_bitmap(t);
    for (uintptr_t off = 0; off + 8 <= size; off += 8) {
      uintptr_t eoff = off % t->size;
      if (eoff >= t->ptrdata || (off / t->size + 1) * t->size > size + t->size) continue;
      if (bm && !((bm[eoff / 64] >> ((eoff / 8) % 8)) & 1)) continue;
      uintptr_t v = *(uintptr_t *)(obj + off);
      alloc_span *ts = alloc_span_of(v);
      if (!ts) continue;
      uint32_t ti = ts->state == SPAN_SMALL ? alloc_slot_index(ts, v) : 0;
      if (ti < ts->nelems && !alloc_is_marked(ts, ti)) {
        fprintf(stderr, "gc verify: marked object %p (+%lu) points to unmarked %p\n", (void *)obj,
                (unsigned long)off, (void *)v);
        alloc_fatal("heap verification failed after mark");
      }
    }
  }
}

void gc_verify_heap_marked(void) {
  alloc_for_each_span(verify_span, NULL);
}
