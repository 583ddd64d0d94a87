/*
 * runtime/alloc/pageheap.c: the page heap. Hands out runs of pages (spans)
 * from the arena and takes them back, coalescing neighbours.
 *
 * Data structures (all under heap_lock):
 *   free_small[n]  doubly linked lists of free spans of exactly n pages,
 *                  1 <= n < FREE_SMALL;
 *   free_large     free spans of FREE_SMALL pages or more, unsorted, searched
 *                  best-fit (few entries: big free spans coalesce);
 *   arena_used     bump pointer; pages above it were never handed out.
 * Invariants: free spans never touch each other (they are coalesced on
 * free); the first and last span-table entries of a free span point at it;
 * every page of an in-use span points at its span.
 *
 * Free spans carry `needzero` (some page may hold old data) and `scavenged`
 * (every page was returned to the OS with MADV_DONTNEED, so it reads as
 * zero and costs no RSS). Coalescing ANDs scavenged and ORs needzero.
 *
 * Returning memory to the OS: heap_scavenge(keep) releases free,
 * unscavenged spans, largest lists first, until at most `keep` bytes of idle
 * memory remain committed. runtime/gc calls it from its background thread
 * after each sweep (keep = what brings committed heap to 110% of the goal,
 * or to the GOMEMLIMIT share of the heap, whichever is lower) and
 * alloc_free_os_memory calls it with keep = 0. madvise runs under the heap
 * lock: releasing is rare and the lock is not on the fast path (rejected:
 * dropping the lock around madvise, which needs a "being scavenged" span
 * state that every other path must then respect).
 */
#include <sys/mman.h>

#include "alloc_internal.h"

#define FREE_SMALL 128

static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;
static alloc_span *free_small[FREE_SMALL];
static alloc_span *free_large;
static uintptr_t arena_used; /* offset from alloc_arena_lo */
static uint64_t idle_bytes, released_bytes, inuse_spans;

static alloc_span **list_for(uintptr_t npages) {
  return npages < FREE_SMALL ? &free_small[npages] : &free_large;
}

static void list_push(alloc_span **head, alloc_span *s) {
  s->prev = NULL;
  s->next = *head;
  if (*head) (*head)->prev = s;
  *head = s;
}

static void list_remove(alloc_span **head, alloc_span *s) {
  if (s->prev)
    s->prev->next = s->next;
  else
    *head = s->next;
  if (s->next) s->next->prev = s->prev;
  s->next = s->prev = NULL;
}

static uintptr_t page_index(uintptr_t addr) {
  return (addr - alloc_arena_lo) >> ALLOC_PAGE_SHIFT;
}

static void set_table(uintptr_t first, uintptr_t n, alloc_span *s) {
  for (uintptr_t i = 0; i < n; i++)
    __atomic_store_n(&alloc_span_table[first + i], s, __ATOMIC_RELEASE);
}

/* Inserts free span s (not in any list), coalescing with free neighbours. */
static void insert_free(alloc_span *s) {
  uintptr_t first = page_index(s->base);
  if (first > 0) {
    alloc_span *l = alloc_span_table[first - 1];
    if (l && l->state == SPAN_FREE && l->base + l->npages * ALLOC_PAGE_SIZE == s->base) {
      list_remove(list_for(l->npages), l);
      l->npages += s->npages;
      l->scavenged = l->scavenged && s->scavenged;
      l->needzero = l->needzero || s->needzero;
      alloc_meta_free(s, sizeof *s);
      s = l;
    }
  }
  uintptr_t end = s->base + s->npages * ALLOC_PAGE_SIZE;
  if (end < alloc_arena_lo + arena_used) {
    alloc_span *r = alloc_span_table[page_index(end)];
    if (r && r->state == SPAN_FREE && r->base == end) {
      list_remove(list_for(r->npages), r);
      s->npages += r->npages;
      s->scavenged = s->scavenged && r->scavenged;
      s->needzero = s->needzero || r->needzero;
      alloc_meta_free(r, sizeof *r);
    }
  }
  s->state = SPAN_FREE;
  uintptr_t f = page_index(s->base);
  __atomic_store_n(&alloc_span_table[f], s, __ATOMIC_RELEASE);
  __atomic_store_n(&alloc_span_table[f + s->npages - 1], s, __ATOMIC_RELEASE);
  list_push(list_for(s->npages), s);
}

static alloc_span *find_free(uintptr_t npages) {
  for (uintptr_t n = npages; n < FREE_SMALL; n++)
    if (free_small[n]) return free_small[n];
  alloc_span *best = NULL;
  for (alloc_span *s = free_large; s; s = s->next)
    if (s->npages >= npages && (!best || s->npages < best->npages)) best = s;
  return best;
}

alloc_span *heap_alloc_span(uintptr_t npages, uint8_t state) {
  alloc_init();
  pthread_mutex_lock(&heap_lock);
  alloc_span *s = find_free(npages);
  if (s) {
    list_remove(list_for(s->npages), s);
    idle_bytes -= s->npages * ALLOC_PAGE_SIZE;
    if (s->scavenged) released_bytes -= s->npages * ALLOC_PAGE_SIZE;
    if (s->npages > npages) {
      alloc_span *rest = alloc_meta_alloc(sizeof *rest);
      rest->base = s->base + npages * ALLOC_PAGE_SIZE;
      rest->npages = s->npages - npages;
      rest->scavenged = s->scavenged;
      rest->needzero = s->needzero;
      s->npages = npages;
      idle_bytes += rest->npages * ALLOC_PAGE_SIZE;
      if (rest->scavenged) released_bytes += rest->npages * ALLOC_PAGE_SIZE;
      rest->state = SPAN_FREE;
      uintptr_t f = page_index(rest->base);
      __atomic_store_n(&alloc_span_table[f], rest, __ATOMIC_RELEASE);
      __atomic_store_n(&alloc_span_table[f + rest->npages - 1], rest, __ATOMIC_RELEASE);
      list_push(list_for(rest->npages), rest);
    }
  } else {
    uintptr_t bytes = npages * ALLOC_PAGE_SIZE;
    if (bytes / ALLOC_PAGE_SIZE != npages || arena_used + bytes > alloc_arena_hi - alloc_arena_lo ||
        arena_used + bytes < arena_used) {
      pthread_mutex_unlock(&heap_lock);
      return NULL;
    }
    s = alloc_meta_alloc(sizeof *s);
    s->base = alloc_arena_lo + arena_used;
    s->npages = npages;
    s->needzero = 0;
    arena_used += bytes;
  }
  uint8_t needzero = s->needzero && !s->scavenged;
  alloc_span keep = {.base = s->base, .npages = s->npages};
  memset(s, 0, sizeof *s);
  s->base = keep.base;
  s->npages = keep.npages;
  s->needzero = needzero;
  s->state = state;
  set_table(page_index(s->base), s->npages, s);
  inuse_spans++;
  pthread_mutex_unlock(&heap_lock);
  return s;
}

void heap_free_spans(alloc_span **spans, size_t n) {
  pthread_mutex_lock(&heap_lock);
  for (size_t i = 0; i < n; i++) {
    alloc_span *s = spans[i]; /* its metadata was freed by the caller */
    s->allocbits = s->markbits = NULL;
    s->types = NULL;
    s->needzero = 1;
    s->scavenged = 0;
    s->state = SPAN_FREE;
    inuse_spans--;
    idle_bytes += s->npages * ALLOC_PAGE_SIZE;
    insert_free(s);
  }
  pthread_mutex_unlock(&heap_lock);
}

static size_t scavenge_list(alloc_span *head, uint64_t keep) {
  size_t released = 0;
  for (alloc_span *s = head; s; s = s->next) {
    if (idle_bytes - released_bytes <= keep) break;
    if (s->scavenged) continue;
    alloc_os_release((void *)s->base, s->npages * ALLOC_PAGE_SIZE);
    s->scavenged = 1;
    s->needzero = 0;
    released_bytes += s->npages * ALLOC_PAGE_SIZE;
    released += s->npages * ALLOC_PAGE_SIZE;
  }
  return released;
}

size_t heap_scavenge(uint64_t keep_idle_bytes) {
  alloc_init();
  size_t released = 0;
  pthread_mutex_lock(&heap_lock);
  released += scavenge_list(free_large, keep_idle_bytes);
  for (int n = FREE_SMALL - 1; n >= 1; n--)
    released += scavenge_list(free_small[n], keep_idle_bytes);
  pthread_mutex_unlock(&heap_lock);
  return released;
}

size_t alloc_free_os_memory(void) {
  return heap_scavenge(0);
}

void heap_stats(alloc_stats *st) {
  pthread_mutex_lock(&heap_lock);
  st->heap_sys = arena_used;
  st->heap_idle = idle_bytes;
  st->heap_released = released_bytes;
  st->heap_inuse = arena_used - idle_bytes;
  st->nspans = inuse_spans;
  pthread_mutex_unlock(&heap_lock);
}

void alloc_for_each_span(void (*fn)(alloc_span *s, void *ctx), void *ctx) {
  alloc_init();
  pthread_mutex_lock(&heap_lock);
  uintptr_t used = arena_used;
  pthread_mutex_unlock(&heap_lock);
  uintptr_t i = 0, n = used >> ALLOC_PAGE_SHIFT;
  while (i < n) {
    alloc_span *s = alloc_span_table[i];
    if (s == NULL || s->base != alloc_arena_lo + (i << ALLOC_PAGE_SHIFT) || s->npages == 0) {
      i++; /* cannot happen with the invariants; be robust */
      continue;
    }
    if (s->state != SPAN_FREE) fn(s, ctx);
    i += s->npages;
  }
}
