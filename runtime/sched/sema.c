/*
 * runtime/sched/sema.c: the semaphores and notify lists behind package sync
 * (gc's sema.go), and sync's other runtime hooks.
 *
 * Semaphores. A semaphore is a uint32 in Go memory (sync.Mutex.sema,
 * WaitGroup's sema, RWMutex's readerSem/writerSem ...). Acquire decrements
 * it when it is positive, else blocks; release increments it and wakes one
 * waiter. Semantics follow gc exactly:
 *   - waiters of one address are woken in FIFO order; SemacquireMutex with
 *     lifo=true queues at the head (a Mutex waiter that already waited once);
 *   - Semrelease with handoff=true gives the count directly to the first
 *     waiter (its ticket says so, it does not compete again) and yields the
 *     releaser's time slice to it (sync.Mutex starvation mode);
 *   - without handoff, a woken waiter retries and may lose to a newcomer,
 *     then queues again at the tail.
 * Waiters are hashed by address into SEMA_TABLE roots; each root has a
 * futex mutex, a count of waiters (read without the lock on the release
 * fast path, as gc's nwait) and a doubly linked list of waiter records in
 * queue order for all addresses of the root. A waiter record lives on the
 * blocked goroutine's stack (stack segments never move) and is only touched
 * under the root lock while the goroutine is parked.
 *
 * Rejected: gc's per-root treap of per-address queues. It makes dequeue
 * O(log n) when thousands of distinct semaphores collide in one root; a
 * list scan is simpler and the roots keep collisions rare for the
 * programs rog runs. TODO(sched): a treap if profiles show long scans.
 *
 * Notify lists (sync.Cond): the Go struct sync.notifyList {wait, notify
 * uint32; lock uintptr; head, tail unsafe.Pointer} is used in place: wait
 * is the next ticket, notify the next ticket to wake, lock a sched_mutex,
 * head/tail the list of parked waiters (stack records again). A waiter
 * whose ticket was already notified does not block (gc's notifyListWait).
 *
 * Every hook runs on the calling goroutine's stack: frames stay within
 * ROG_STACK_RUNTIME_MAX (abi.h [stack]); anything deeper (sysconf) goes
 * through sched_systemstack.
 *
 * Parking uses sched_park with sched_park_unlock: the root lock is released
 * only once the goroutine is off its stack, so a releaser that finds the
 * record can sched_ready it at once.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/sched/lock.h"
#include "runtime/sched/sched.h"
#include "runtime/sched/sema.h"

/* ------------------------------------------------------------ semaphores */

typedef struct sema_waiter {
  struct sema_waiter *prev, *next;
  _Atomic uint32_t *addr;
  sched_g *g;
  uint32_t ticket; /* 1: the releaser handed the count over */
} sema_waiter;

typedef struct sema_root {
  sched_mutex lock;
  _Atomic uint32_t nwait; /* waiters queued (all addresses of this root) */
  sema_waiter *head, *tail;
  char pad[64 - sizeof(sched_mutex) - sizeof(uint32_t) - 2 * sizeof(void *)];
} sema_root;

#define SEMA_TABLE 251
static sema_root sema_table[SEMA_TABLE];

static sema_root *root_of(_Atomic uint32_t *addr) {
  return &sema_table[((uintptr_t)addr >> 3) % SEMA_TABLE];
}

static bool can_acquire(_Atomic uint32_t *addr) {
  for (;;) {
    uint32_t v = atomic_load(addr);
    if (v == 0) return false;
    if (atomic_compare_exchange_weak(addr, &v, v - 1)) return true;
  }
}

static void enqueue(sema_root *r, sema_waiter *w, bool lifo) {
  if (lifo) {
    /* before the first waiter of the same address (gc queues lifo waiters
     * at the head of their address's queue) */
    sema_waiter *at = r->head;
    while (at && at->addr != w->addr)
      at = at->next;
    w->next = at;
    w->prev = at ? at->prev : r->tail;
    if (w->prev)
      w->prev->next = w;
    else
      r->head = w;
    if (at)
      at->prev = w;
    else
      r->tail = w;
    return;
  }
  w->next = NULL;
  w->prev = r->tail;
  if (r->tail)
    r->tail->next = w;
  else
    r->head = w;
  r->tail = w;
}

static void unlink_waiter(sema_waiter **head, sema_waiter **tail, sema_waiter *w) {
  if (w->prev)
    w->prev->next = w->next;
  else
    *head = w->next;
  if (w->next)
    w->next->prev = w->prev;
  else
    *tail = w->prev;
  w->prev = w->next = NULL;
}

void sema_acquire(_Atomic uint32_t *addr, bool lifo) {
  if (can_acquire(addr)) return;
  sema_waiter w;
  memset(&w, 0, sizeof w);
  w.addr = addr;
  w.g = sched_getg();
  sema_root *r = root_of(addr);
  for (;;) {
    sched_mutex_lock(&r->lock);
    /* count ourselves first so a concurrent release sees us */
    atomic_fetch_add(&r->nwait, 1);
    if (can_acquire(addr)) {
      atomic_fetch_sub(&r->nwait, 1);
      sched_mutex_unlock(&r->lock);
      return;
    }
    w.ticket = 0;
    enqueue(r, &w, lifo);
    sched_park("semacquire", sched_park_unlock, &r->lock);
    if (w.ticket != 0 || can_acquire(addr)) return;
  }
}

void sema_release(_Atomic uint32_t *addr, bool handoff) {
  sema_root *r = root_of(addr);
  atomic_fetch_add(addr, 1);
  if (atomic_load(&r->nwait) == 0) return;
  sched_mutex_lock(&r->lock);
  if (atomic_load(&r->nwait) == 0) {
    sched_mutex_unlock(&r->lock);
    return;
  }
  sema_waiter *w = r->head;
  while (w && w->addr != addr)
    w = w->next;
  if (w) {
    unlink_waiter(&r->head, &r->tail, w);
    atomic_fetch_sub(&r->nwait, 1);
  }
  sched_mutex_unlock(&r->lock);
  if (w == NULL) return;
  sched_g *g = w->g;
  bool handed = handoff && can_acquire(addr);
  if (handed) w->ticket = 1;
  /* w lives on g's stack: do not touch it after g is ready */
  sched_ready(g);
  if (handed && sched_getm() && sched_getm()->curg) sched_gosched();
}

int sema_nwaiters(_Atomic uint32_t *addr) {
  sema_root *r = root_of(addr);
  int n = 0;
  sched_mutex_lock(&r->lock);
  for (sema_waiter *w = r->head; w; w = w->next)
    n += w->addr == addr;
  sched_mutex_unlock(&r->lock);
  return n;
}

/* ----------------------------------------------------------- notify lists */

/* sync.notifyList, in place (its size is checked by runtime_notifyListCheck). */
typedef struct notify_list {
  _Atomic uint32_t wait;
  _Atomic uint32_t notify;
  sched_mutex lock;
  uint32_t _lockpad;
  sema_waiter *head, *tail;
} notify_list;

/* a < b in ticket order (tickets wrap around) */
static bool ticket_less(uint32_t a, uint32_t b) {
  return (int32_t)(a - b) < 0;
}

uint32_t notify_list_add(notify_list *l) {
  return atomic_fetch_add(&l->wait, 1);
}

void notify_list_wait(notify_list *l, uint32_t t) {
  sched_mutex_lock(&l->lock);
  if (ticket_less(t, atomic_load(&l->notify))) {
    sched_mutex_unlock(&l->lock);
    return;
  }
  sema_waiter w;
  memset(&w, 0, sizeof w);
  w.g = sched_getg();
  w.ticket = t;
  w.prev = l->tail;
  if (l->tail)
    l->tail->next = &w;
  else
    l->head = &w;
  l->tail = &w;
  sched_park("sync.Cond.Wait", sched_park_unlock, &l->lock);
}

void notify_list_notify_all(notify_list *l) {
  if (atomic_load(&l->wait) == atomic_load(&l->notify)) return;
  sched_mutex_lock(&l->lock);
  sema_waiter *w = l->head;
  l->head = l->tail = NULL;
  atomic_store(&l->notify, atomic_load(&l->wait));
  sched_mutex_unlock(&l->lock);
  while (w) {
    sema_waiter *next = w->next;
    sched_ready(w->g); /* w is dead once its G runs */
    w = next;
  }
}

void notify_list_notify_one(notify_list *l) {
  if (atomic_load(&l->wait) == atomic_load(&l->notify)) return;
  sched_mutex_lock(&l->lock);
  uint32_t t = atomic_load(&l->notify);
  if (t == atomic_load(&l->wait)) {
    sched_mutex_unlock(&l->lock);
    return;
  }
  atomic_store(&l->notify, t + 1);
  for (sema_waiter *w = l->head; w; w = w->next) {
    if (w->ticket == t) {
      unlink_waiter(&l->head, &l->tail, w);
      sched_g *g = w->g;
      sched_mutex_unlock(&l->lock);
      sched_ready(g);
      return;
    }
  }
  /* the waiter with ticket t has not queued yet: it will see notify > t */
  sched_mutex_unlock(&l->lock);
}

/* ------------------------------------------- package sync's runtime hooks */

void sync_semacquire(_Atomic uint32_t *s) __asm__("sync.runtime_Semacquire");
void sync_semacquire(_Atomic uint32_t *s) {
  sema_acquire(s, false);
}

void sync_semacquire_mutex(_Atomic uint32_t *s, bool lifo,
                           intptr_t skip) __asm__("sync.runtime_SemacquireMutex");
void sync_semacquire_mutex(_Atomic uint32_t *s, bool lifo, intptr_t skip) {
  (void)skip;
  sema_acquire(s, lifo);
}

void sync_semrelease(_Atomic uint32_t *s, bool handoff, intptr_t skip) __asm__("sync.runtime_Semrelease");
void sync_semrelease(_Atomic uint32_t *s, bool handoff, intptr_t skip) {
  (void)skip;
  sema_release(s, handoff);
}

/* internal/poll's fdMutex uses the same semaphores. */
void poll_semacquire(_Atomic uint32_t *s) __asm__("internal/poll.runtime_Semacquire");
void poll_semacquire(_Atomic uint32_t *s) {
  sema_acquire(s, false);
}

void poll_semrelease(_Atomic uint32_t *s) __asm__("internal/poll.runtime_Semrelease");
void poll_semrelease(_Atomic uint32_t *s) {
  sema_release(s, false);
}

uint32_t sync_notify_list_add(notify_list *l) __asm__("sync.runtime_notifyListAdd");
uint32_t sync_notify_list_add(notify_list *l) {
  return notify_list_add(l);
}

void sync_notify_list_wait(notify_list *l, uint32_t t) __asm__("sync.runtime_notifyListWait");
void sync_notify_list_wait(notify_list *l, uint32_t t) {
  notify_list_wait(l, t);
}

void sync_notify_list_notify_all(notify_list *l) __asm__("sync.runtime_notifyListNotifyAll");
void sync_notify_list_notify_all(notify_list *l) {
  notify_list_notify_all(l);
}

void sync_notify_list_notify_one(notify_list *l) __asm__("sync.runtime_notifyListNotifyOne");
void sync_notify_list_notify_one(notify_list *l) {
  notify_list_notify_one(l);
}

void sync_notify_list_check(uintptr_t size) __asm__("sync.runtime_notifyListCheck");
void sync_notify_list_check(uintptr_t size) {
  if (size != sizeof(notify_list)) sched_fatal("sync: notifyList size does not match the runtime's");
}

/* gc spins only with several CPUs, more than one P with work to share, and
 * at most 4 rounds (active_spin). */
bool sync_can_spin(intptr_t i) __asm__("sync.runtime_canSpin");
static _Atomic long ncpu; /* 0: not read yet */

static void read_ncpu(void *arg) {
  (void)arg;
  long n = sysconf(_SC_NPROCESSORS_ONLN); /* reads /proc: deep stack */
  atomic_store(&ncpu, n > 0 ? n : 1);
}

bool sync_can_spin(intptr_t i) {
  if (i >= 4 || sched_gomaxprocs() <= 1) return false;
  if (atomic_load(&ncpu) == 0) sched_systemstack(read_ncpu, NULL);
  return atomic_load(&ncpu) > 1;
}

void sync_do_spin(void) __asm__("sync.runtime_doSpin");
void sync_do_spin(void) {
  for (int i = 0; i < 30; i++) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
  }
}

int64_t sync_nanotime(void) __asm__("sync.runtime_nanotime");
int64_t sync_nanotime(void) {
  return sched_nanotime();
}

/* The cleanup func sync.Pool registers; a global, so the collector's scan
 * of writable data keeps it alive. TODO(gc): call it at the start of each
 * cycle (gc's clearpools); until then pools keep their objects. */
const rog_closure *sync_pool_cleanup;

void sync_register_pool_cleanup(const rog_closure *f) __asm__("sync.runtime_registerPoolCleanup");
void sync_register_pool_cleanup(const rog_closure *f) {
  sync_pool_cleanup = f;
}

/* procPin: the goroutine stays on its M and P (no preemption at
 * checkpoints) until procUnpin; returns the P's id. */
intptr_t sched_proc_pin(void) {
  sched_m *m = sched_getm();
  if (m == NULL || m->p == NULL) return 0;
  m->locks++;
  return m->p->id;
}

void sched_proc_unpin(void) {
  sched_m *m = sched_getm();
  if (m && m->locks > 0) m->locks--;
}

intptr_t sync_proc_pin(void) __asm__("sync.runtime_procPin");
intptr_t sync_proc_pin(void) {
  return sched_proc_pin();
}

void sync_proc_unpin(void) __asm__("sync.runtime_procUnpin");
void sync_proc_unpin(void) {
  sched_proc_unpin();
}

/* sync.runtime_LoadAcquintptr and runtime_StoreReluintptr are
 * //go:linkname'd to these (compiler/lower/linkname.c). */
uintptr_t sync_load_acq_uintptr(_Atomic uintptr_t *p) __asm__("runtime/internal/atomic.LoadAcquintptr");
uintptr_t sync_load_acq_uintptr(_Atomic uintptr_t *p) {
  return atomic_load_explicit(p, memory_order_acquire);
}

uintptr_t sync_store_rel_uintptr(_Atomic uintptr_t *p,
                                 uintptr_t v) __asm__("runtime/internal/atomic.StoreReluintptr");
uintptr_t sync_store_rel_uintptr(_Atomic uintptr_t *p, uintptr_t v) {
  atomic_store_explicit(p, v, memory_order_release);
  return v;
}

uint32_t sync_fastrandn(uint32_t n) __asm__("sync.fastrandn");
uint32_t sync_fastrandn(uint32_t n) {
  return sched_fastrandn(n);
}

/* sync.throw: gc's throw (fatal error with the runtime's frames);
 * sync.fatal: gc's fatal (a user error: unlock of unlocked mutex ...). Both
 * print "fatal error: MSG" and exit with status 2. */
static char fatal_msg[256]; /* the first fatal error's text (frames here stay small) */
static _Atomic uint32_t fatal_once;

static void fatal_string(const uint8_t *p, intptr_t n) __attribute__((noreturn));
static void fatal_string(const uint8_t *p, intptr_t n) {
  uint32_t z = 0;
  if (atomic_compare_exchange_strong(&fatal_once, &z, 1)) {
    size_t k = n < 0 ? 0 : (size_t)n;
    if (k > sizeof fatal_msg - 1) k = sizeof fatal_msg - 1;
    memcpy(fatal_msg, p, k);
    fatal_msg[k] = 0;
  }
  sched_fatal(fatal_msg);
}

void sync_throw(const uint8_t *p, intptr_t n) __asm__("sync.throw");
void sync_throw(const uint8_t *p, intptr_t n) {
  fatal_string(p, n);
}

void sync_fatal(const uint8_t *p, intptr_t n) __asm__("sync.fatal");
void sync_fatal(const uint8_t *p, intptr_t n) {
  fatal_string(p, n);
}
