/*
 * runtime/gc/finalizer.c: finalizers with Go's semantics.
 *
 * Data structures (under fin_lock, malloc'd, never scanned by the GC so the
 * table itself keeps nothing alive):
 *   table   open-addressing hash set of {obj, fn, arg} for objects with a
 *           finalizer (tombstones on delete, rehash when 3/4 full);
 *   queue   FIFO of entries whose object became unreachable, plus `running`
 *           entries being executed: both are GC roots until fn returns.
 *
 * Marking (collect.c calls these with the world stopped):
 *   fin_mark_roots: the queued and running objects are marked as roots; for
 *     every table entry the object's referents (not the object) are marked.
 *     So an object reachable from a finalizable object is never finalized
 *     first, and a cycle through a finalizable object keeps itself alive
 *     (Go: "cycles with finalizers are not collected").
 *   fin_queue_unreachable (after marking): entries whose object is unmarked
 *     move from the table to the queue (so a finalizer runs once; the
 *     program may set a new one from inside it) and the object is marked:
 *     its referents are already marked, so it and all it references survive
 *     until the finalizer has run.
 *
 * Runner: gc_run_finalizers pops entries and calls fn(obj, arg) without
 * locks. By default a dedicated thread (registered with the thread world,
 * blocked while it waits) runs it; gc_set_finalizer_notify replaces the
 * thread with the scheduler's goroutine.
 */
#include <stdlib.h>

#include "gc_internal.h"

typedef struct fin_entry {
  void *obj;
  gc_finalizer_fn fn;
  void *arg;
} fin_entry;

typedef struct fin_node {
  struct fin_node *next;
  fin_entry e;
} fin_node;

#define TOMBSTONE ((void *)1)

static pthread_mutex_t fin_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fin_cond = PTHREAD_COND_INITIALIZER;
static fin_entry *table;
static size_t table_cap, table_used, table_live;
static fin_node *queue_head, *queue_tail, *running;
static size_t pending;
static void (*notify_hook)(void);
static int runner_started;

static size_t hash_ptr(const void *p) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x;
}

static void table_insert_raw(fin_entry *t, size_t cap, fin_entry e) {
  size_t i = hash_ptr(e.obj) & (cap - 1);
  while (t[i].obj && t[i].obj != TOMBSTONE)
    i = (i + 1) & (cap - 1);
  t[i] = e;
}

static void table_grow(void) {
  size_t cap = table_cap ? table_cap * 2 : 64;
  if (table_live * 4 < table_cap) cap = table_cap; /* mostly tombstones: rehash in place size */
  fin_entry *t = calloc(cap, sizeof *t);
  if (!t) alloc_fatal("out of memory (finalizer table)");
  for (size_t i = 0; i < table_cap; i++)
    if (table[i].obj && table[i].obj != TOMBSTONE) table_insert_raw(t, cap, table[i]);
  free(table);
  table = t;
  table_cap = cap;
  table_used = table_live;
}

static fin_entry *table_find(const void *obj) {
  if (!table_cap) return NULL;
  size_t i = hash_ptr(obj) & (table_cap - 1);
  while (table[i].obj) {
    if (table[i].obj == obj) return &table[i];
    i = (i + 1) & (table_cap - 1);
  }
  return NULL;
}

static void *runner_main(void *arg);

int gc_set_finalizer(void *obj, gc_finalizer_fn fn, void *arg) {
  alloc_object o;
  if (!alloc_find_object(obj, &o) || o.start != obj) return -1;
  pthread_mutex_lock(&fin_lock);
  fin_entry *e = table_find(obj);
  if (fn == NULL) {
    if (e) {
      e->obj = TOMBSTONE;
      table_live--;
    }
  } else if (e) {
    e->fn = fn;
    e->arg = arg;
  } else {
    if ((table_used + 1) * 4 >= table_cap * 3) table_grow();
    table_insert_raw(table, table_cap, (fin_entry){obj, fn, arg});
    table_used++;
    table_live++;
  }
  bool start = fn && !notify_hook && !runner_started;
  if (start) runner_started = 1;
  pthread_mutex_unlock(&fin_lock);
  if (start) {
    pthread_t t;
    if (pthread_create(&t, NULL, runner_main, NULL) != 0) alloc_fatal("cannot start the finalizer thread");
    pthread_detach(t);
  }
  return 0;
}

void fin_mark_roots(gc_worker *w) {
  pthread_mutex_lock(&fin_lock);
  /* arg is a root too (conservatively: it may be a heap object, such as
   * the Go closure runtime.SetFinalizer passes, or anything else) */
  for (fin_node *n = queue_head; n; n = n->next) {
    mark_object_ptr(w, (uintptr_t)n->e.obj);
    mark_object_ptr(w, (uintptr_t)n->e.arg);
  }
  for (fin_node *n = running; n; n = n->next) {
    mark_object_ptr(w, (uintptr_t)n->e.obj);
    mark_object_ptr(w, (uintptr_t)n->e.arg);
  }
  for (size_t i = 0; i < table_cap; i++) {
    void *obj = table[i].obj;
    if (obj && obj != TOMBSTONE) {
      mark_push(w, (uintptr_t)obj, 0); /* referents only */
      mark_object_ptr(w, (uintptr_t)table[i].arg);
    }
  }
  pthread_mutex_unlock(&fin_lock);
}

size_t fin_queue_unreachable(gc_worker *w) {
  size_t n = 0;
  pthread_mutex_lock(&fin_lock);
  for (size_t i = 0; i < table_cap; i++) {
    void *obj = table[i].obj;
    if (!obj || obj == TOMBSTONE) continue;
    alloc_span *s = alloc_span_of((uintptr_t)obj);
    if (!s) continue;
    uint32_t idx = s->state == SPAN_SMALL ? alloc_slot_index(s, (uintptr_t)obj) : 0;
    if (alloc_is_marked(s, idx)) continue;
    fin_node *node = malloc(sizeof *node);
    if (!node) alloc_fatal("out of memory (finalizer queue)");
    node->next = NULL;
    node->e = table[i];
    if (queue_tail)
      queue_tail->next = node;
    else
      queue_head = node;
    queue_tail = node;
    pending++;
    table[i].obj = TOMBSTONE;
    table_live--;
    mark_object_ptr(w, (uintptr_t)obj); /* resurrect until fn has run */
    n++;
  }
  pthread_mutex_unlock(&fin_lock);
  return n;
}

void fin_wake(void) {
  pthread_mutex_lock(&fin_lock);
  bool any = queue_head != NULL;
  void (*hook)(void) = notify_hook;
  if (any && !hook) pthread_cond_broadcast(&fin_cond);
  pthread_mutex_unlock(&fin_lock);
  if (any && hook) hook();
}

void gc_set_finalizer_notify(void (*notify)(void)) {
  pthread_mutex_lock(&fin_lock);
  notify_hook = notify;
  pthread_cond_broadcast(&fin_cond); /* a default runner exits */
  pthread_mutex_unlock(&fin_lock);
}

static fin_node *pop_locked(void) {
  fin_node *n = queue_head;
  if (!n) return NULL;
  queue_head = n->next;
  if (!queue_head) queue_tail = NULL;
  n->next = running;
  running = n;
  return n;
}

static void done_locked(fin_node *n) {
  fin_node **pp = &running;
  while (*pp != n)
    pp = &(*pp)->next;
  *pp = n->next;
  pending--;
  gc_on_system_stack(free, n); /* on the finalizer goroutine's small stack */
}

size_t gc_run_finalizers(void) {
  size_t count = 0;
  pthread_mutex_lock(&fin_lock);
  fin_node *n;
  while ((n = pop_locked()) != NULL) {
    fin_entry e = n->e;
    pthread_mutex_unlock(&fin_lock);
    e.fn(e.obj, e.arg);
    count++;
    pthread_mutex_lock(&fin_lock);
    done_locked(n);
  }
  pthread_mutex_unlock(&fin_lock);
  return count;
}

size_t gc_finalizers_pending(void) {
  pthread_mutex_lock(&fin_lock);
  size_t n = pending;
  pthread_mutex_unlock(&fin_lock);
  return n;
}

static void *runner_main(void *arg) {
  (void)arg;
  gc_thread_register();
  for (;;) {
    gc_blocking_begin();
    pthread_mutex_lock(&fin_lock);
    while (!queue_head && !notify_hook)
      pthread_cond_wait(&fin_cond, &fin_lock);
    bool quit = notify_hook != NULL;
    if (quit) runner_started = 0;
    pthread_mutex_unlock(&fin_lock);
    gc_blocking_end();
    if (quit) break;
    gc_run_finalizers();
    gc_clear_stack(); /* no stale pointer to a finalized object stays behind */
  }
  gc_thread_unregister();
  return NULL;
}
