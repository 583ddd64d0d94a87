/*
 * runtime/chan: channels and select, Go 1.19 semantics (gc's chan.go and
 * select.go behaviour, written from the spec and the observable rules).
 *
 * Data structures:
 *   rog_chan: a lock, a ring buffer of dataqsiz elements (qcount used,
 *   sendx/recvx indices), and two FIFO wait queues of sudogs (blocked
 *   senders, blocked receivers). closed is written under the lock.
 *   sudog: one blocked goroutine's stake in one channel: the G, where its
 *   element lives (on the G's stack or in the select case), success (false
 *   when woken by close), and for select the case index and a link through
 *   all of the G's sudogs.
 *
 * Invariants (under c->lock):
 *   - qcount > 0  => recvq is empty, except for selects that already won
 *     elsewhere (they are skipped by dequeue);
 *   - qcount < dataqsiz => sendq is empty (same caveat);
 *   - a sudog is in at most one queue; in_queue says whether it still is.
 *   Values are handed directly from sender to waiting receiver (and vice
 *   versa), so an unbuffered round trip is one copy and one wakeup.
 *
 * Select: lock every channel involved in address order (each once), scan
 * the cases in a uniformly random permutation and take the first ready one
 * (so each ready case is chosen with equal probability); otherwise enqueue
 * a sudog on every channel, park, and when woken (g->param = the winning
 * sudog) lock all again and dequeue the losers. g->selectdone arbitrates
 * between several wakers: the first to CAS it from 0 to 1 wins; the others
 * skip that sudog.
 *
 * Parking: the channel lock is released by the park commit hook, after the
 * G is off its stack, so a waker can never resume a G still running.
 *
 * Panics (gc's messages): "send on closed channel", "close of nil channel",
 * "close of closed channel", "makechan: size out of range" via the
 * temporary rog_panic_string hook (TODO(panic): recoverable panics).
 *
 * Memory: channels and sudogs come from malloc on the system stack.
 * TODO(gc): rog_alloc(chantype) for channels (the buffer holds pointers of
 * elemtype's layout); sudogs are roots while queued.
 * Stack budget: these functions run on goroutine segments within
 * ROG_STACK_RUNTIME_MAX; malloc goes through sched_systemstack.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/sched/sched.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define ROG_LSAN 1
#endif
#endif

typedef struct sudog {
  sched_g *g;
  struct sudog *next, *prev; /* wait queue */
  struct sudog *waitlink;    /* g's sudogs in a select, in lock order */
  void *elem;
  rog_chan *c;
  intptr_t casi;
  bool is_select;
  bool success;
  bool in_queue;
} sudog;

typedef struct waitq {
  sudog *first, *last;
} waitq;

struct rog_chan {
  sched_mutex lock;
  uint32_t closed;
  size_t qcount;
  size_t dataqsiz;
  size_t elemsize;
  const rog_type *elemtype;
  char *buf;
  size_t sendx, recvx;
  waitq recvq, sendq;
  rog_chan *allnext, *allprev; /* registry of channels (GC roots, see below) */
};

/* Until channels are rog_alloc objects the GC cannot see their buffers, so
 * every channel is registered and its buffer reported as a root range
 * (chan_for_each_buffer). TODO(gc): drop the registry with rog_alloc. */
static sched_mutex all_lock;
static rog_chan *all_chans;

void chan_for_each_buffer(void (*v)(void *ctx, const void *lo, const void *hi), void *ctx) {
  sched_mutex_lock(&all_lock);
  for (rog_chan *c = all_chans; c; c = c->allnext)
    if (c->dataqsiz && c->elemsize) v(ctx, c->buf, c->buf + c->dataqsiz * c->elemsize);
  sched_mutex_unlock(&all_lock);
}

#define MAX_ALLOC ((size_t)1 << 47)

/* ------------------------------------------------------------------ memory */

struct alloc_req {
  size_t size;
  void *out;
};

static void alloc_sys(void *arg) {
  struct alloc_req *r = arg;
  r->out = calloc(1, r->size);
}

static void *sys_calloc(size_t size) {
  struct alloc_req r = {size, NULL};
  sched_systemstack(alloc_sys, &r);
  if (r.out == NULL) sched_fatal("out of memory");
  return r.out;
}

static sudog *acquire_sudog(void) {
  sched_m *m = sched_getm();
  sched_p *p = m->p;
  sudog *s = p ? p->sudogcache : NULL;
  if (s) {
    p->sudogcache = s->next;
  } else {
    s = sys_calloc(sizeof *s); /* TODO(gc): rog_alloc */
  }
  memset(s, 0, sizeof *s);
  return s;
}

static void release_sudog(sudog *s) {
  sched_m *m = sched_getm();
  s->g = NULL;
  s->elem = NULL;
  s->c = NULL;
  if (m && m->p) {
    s->next = m->p->sudogcache;
    m->p->sudogcache = s;
  } else {
    free(s);
  }
}

/* ------------------------------------------------------------- wait queues */

static void enqueue(waitq *q, sudog *s) {
  s->next = NULL;
  s->prev = q->last;
  if (q->last)
    q->last->next = s;
  else
    q->first = s;
  q->last = s;
  s->in_queue = true;
}

static void unlink_sudog(waitq *q, sudog *s) {
  if (s->prev)
    s->prev->next = s->next;
  else
    q->first = s->next;
  if (s->next)
    s->next->prev = s->prev;
  else
    q->last = s->prev;
  s->next = s->prev = NULL;
  s->in_queue = false;
}

/* First waiter that can still be woken; selects that already won elsewhere
 * are dropped from the queue. */
static sudog *dequeue(waitq *q) {
  for (;;) {
    sudog *s = q->first;
    if (s == NULL) return NULL;
    unlink_sudog(q, s);
    if (s->is_select) {
      uint32_t z = 0;
      if (!atomic_compare_exchange_strong(&s->g->selectdone, &z, 1)) continue;
    }
    return s;
  }
}

/* ------------------------------------------------------------------ basics */

rog_chan *rog_chan_make(const rog_type *elemtype, intptr_t size) {
  size_t elemsize = elemtype ? elemtype->size : 0;
  if (elemsize >= (1u << 16)) sched_fatal("makechan: invalid channel element type");
  if (size < 0 || (elemsize != 0 && (size_t)size > (MAX_ALLOC - sizeof(rog_chan)) / elemsize))
    rog_panic_string("makechan: size out of range");
  size_t bufbytes = elemsize * (size_t)size;
  /* TODO(gc): rog_alloc with the channel's type so the buffer is scanned */
  rog_chan *c = sys_calloc(sizeof *c + bufbytes);
#ifdef ROG_LSAN
  /* garbage-collected later (TODO(gc)); never freed by the runtime now */
  __lsan_ignore_object(c);
#endif
  c->elemsize = elemsize;
  c->elemtype = elemtype;
  c->dataqsiz = (size_t)size;
  c->buf = (char *)(c + 1);
  sched_mutex_lock(&all_lock);
  c->allnext = all_chans;
  if (all_chans) all_chans->allprev = c;
  all_chans = c;
  sched_mutex_unlock(&all_lock);
  return c;
}

intptr_t rog_chan_len(const rog_chan *c) {
  return c ? (intptr_t)__atomic_load_n(&c->qcount, __ATOMIC_RELAXED) : 0;
}

intptr_t rog_chan_cap(const rog_chan *c) {
  return c ? (intptr_t)c->dataqsiz : 0;
}

static inline void *slot(rog_chan *c, size_t i) {
  return c->buf + i * c->elemsize;
}

static inline void copy_elem(rog_chan *c, void *dst, const void *src) {
  if (dst == NULL) return;
  /* While the collector marks, an element may move from a goroutine stack
   * it has not scanned yet into a buffer or a stack it has: the copy goes
   * through its barrier (runtime/rt installs it). */
  if (__builtin_expect(sched_wb_on(), 0) && c->elemsize && c->elemtype) {
    sched_wb_copy(dst, src, c->elemsize, c->elemtype);
    return;
  }
  if (c->elemsize == sizeof(uint64_t)) /* the common word-sized element: inline moves, no call */
    memcpy(dst, src, sizeof(uint64_t));
  else if (c->elemsize)
    memcpy(dst, src, c->elemsize);
}

static inline void zero_elem(rog_chan *c, void *dst) {
  if (dst && c->elemsize) memset(dst, 0, c->elemsize);
}

static __attribute__((noreturn)) void block_forever(const char *reason) {
  for (;;)
    sched_park(reason, NULL, NULL);
}

/* The four ways a value moves, shared by send, receive and select. All run
 * with c locked and leave it locked; the caller unlocks (one channel, or
 * every channel of a select) and then readies the returned G, if any. */

/* Hands ep to the waiting receiver s. */
static sched_g *give_to_receiver(rog_chan *c, sudog *s, const void *ep) {
  if (s->elem) copy_elem(c, s->elem, ep);
  s->success = true;
  s->g->param = s;
  return s->g;
}

/* Takes a value for ep from the waiting sender s. On a full buffered
 * channel the receiver gets the head of the buffer and the sender's value
 * goes to the tail (FIFO). */
static sched_g *take_from_sender(rog_chan *c, sudog *s, void *ep) {
  if (c->dataqsiz == 0) {
    copy_elem(c, ep, s->elem);
  } else {
    void *q = slot(c, c->recvx);
    copy_elem(c, ep, q);
    copy_elem(c, q, s->elem);
    if (++c->recvx == c->dataqsiz) c->recvx = 0;
    c->sendx = c->recvx;
  }
  s->success = true;
  s->g->param = s;
  return s->g;
}

/* Appends ep to the buffer (qcount < dataqsiz). */
static void buf_put(rog_chan *c, const void *ep) {
  copy_elem(c, slot(c, c->sendx), ep);
  if (++c->sendx == c->dataqsiz) c->sendx = 0;
  __atomic_store_n(&c->qcount, c->qcount + 1, __ATOMIC_RELAXED);
}

/* Removes the buffer's head into ep (qcount > 0). */
static void buf_take(rog_chan *c, void *ep) {
  void *q = slot(c, c->recvx);
  copy_elem(c, ep, q);
  zero_elem(c, q);
  if (++c->recvx == c->dataqsiz) c->recvx = 0;
  __atomic_store_n(&c->qcount, c->qcount - 1, __ATOMIC_RELAXED);
}

/* Queues the current goroutine on q (c locked) and parks; the lock is
 * released once it is off its stack. Returns the waker's verdict: true
 * for a completed operation, false when woken by close. */
static bool wait_on(rog_chan *c, waitq *q, void *ep, const char *reason) {
  sched_g *g = sched_getg();
  if (g == NULL) sched_fatal("blocking channel operation outside a goroutine");
  sudog *me = acquire_sudog();
  me->g = g;
  me->elem = ep;
  me->c = c;
  g->param = NULL;
  enqueue(q, me);
  sched_park(reason, sched_park_unlock, &c->lock);
  bool ok = me->success;
  release_sudog(me);
  return ok;
}

static bool chan_full(const rog_chan *c) {
  if (c->dataqsiz == 0) return __atomic_load_n(&c->recvq.first, __ATOMIC_RELAXED) == NULL;
  return __atomic_load_n(&c->qcount, __ATOMIC_RELAXED) == c->dataqsiz;
}

static bool chan_empty(const rog_chan *c) {
  if (c->dataqsiz == 0) return __atomic_load_n(&c->sendq.first, __ATOMIC_RELAXED) == NULL;
  return __atomic_load_n(&c->qcount, __ATOMIC_RELAXED) == 0;
}

static bool chan_send(rog_chan *c, const void *ep, bool block) {
  if (c == NULL) {
    if (!block) return false;
    block_forever("chan send (nil chan)");
  }
  /* Fast path for a failing non-blocking send, without the lock (gc does
   * the same; the reads are racy by design). */
  if (!block && __atomic_load_n(&c->closed, __ATOMIC_RELAXED) == 0 && chan_full(c)) return false;
  sched_mutex_lock(&c->lock);
  if (c->closed) {
    sched_mutex_unlock(&c->lock);
    rog_panic_string("send on closed channel");
  }
  sudog *s = dequeue(&c->recvq);
  if (s) {
    sched_g *g = give_to_receiver(c, s, ep);
    sched_mutex_unlock(&c->lock);
    sched_ready(g);
    return true;
  }
  if (c->qcount < c->dataqsiz) {
    buf_put(c, ep);
    sched_mutex_unlock(&c->lock);
    return true;
  }
  if (!block) {
    sched_mutex_unlock(&c->lock);
    return false;
  }
  if (!wait_on(c, &c->sendq, (void *)ep, "chan send")) rog_panic_string("send on closed channel");
  return true;
}

/* Returns selected (the operation happened); *received tells a value from
 * the zero value of a closed channel. */
static bool chan_recv(rog_chan *c, void *ep, bool block, bool *received) {
  *received = false;
  if (c == NULL) {
    if (!block) return false;
    block_forever("chan receive (nil chan)");
  }
  if (!block && chan_empty(c)) {
    if (__atomic_load_n(&c->closed, __ATOMIC_ACQUIRE) == 0) return false;
    if (chan_empty(c)) {
      zero_elem(c, ep);
      return true;
    }
  }
  sched_mutex_lock(&c->lock);
  if (c->closed && c->qcount == 0) {
    sched_mutex_unlock(&c->lock);
    zero_elem(c, ep);
    return true;
  }
  sudog *s = dequeue(&c->sendq);
  if (s) {
    sched_g *g = take_from_sender(c, s, ep);
    sched_mutex_unlock(&c->lock);
    sched_ready(g);
    *received = true;
    return true;
  }
  if (c->qcount > 0) {
    buf_take(c, ep);
    sched_mutex_unlock(&c->lock);
    *received = true;
    return true;
  }
  if (!block) {
    sched_mutex_unlock(&c->lock);
    return false;
  }
  *received = wait_on(c, &c->recvq, ep, "chan receive");
  return true;
}

void rog_chan_send(rog_chan *c, const void *elem) {
  chan_send(c, elem, true);
}

bool rog_chan_recv(rog_chan *c, void *elem) {
  bool received;
  chan_recv(c, elem, true, &received);
  return received;
}

bool rog_chan_trysend(rog_chan *c, const void *elem) {
  return chan_send(c, elem, false);
}

bool rog_chan_tryrecv(rog_chan *c, void *elem, bool *ok) {
  bool received;
  bool selected = chan_recv(c, elem, false, &received);
  if (ok) *ok = received;
  return selected;
}

void rog_chan_close(rog_chan *c) {
  if (c == NULL) rog_panic_string("close of nil channel");
  sched_mutex_lock(&c->lock);
  if (c->closed) {
    sched_mutex_unlock(&c->lock);
    rog_panic_string("close of closed channel");
  }
  __atomic_store_n(&c->closed, 1, __ATOMIC_RELEASE);
  sched_g *list = NULL;
  sudog *s;
  while ((s = dequeue(&c->recvq)) != NULL) {
    zero_elem(c, s->elem);
    s->success = false;
    s->g->param = s;
    s->g->schedlink = list;
    list = s->g;
  }
  while ((s = dequeue(&c->sendq)) != NULL) {
    s->success = false;
    s->g->param = s;
    s->g->schedlink = list;
    list = s->g;
  }
  sched_mutex_unlock(&c->lock);
  while (list) {
    sched_g *g = list;
    list = g->schedlink;
    sched_ready(g);
  }
}

/* ------------------------------------------------------------------ select */

struct sel {
  rog_scase *cases;
  uint16_t *lockorder;
  intptr_t n; /* entries in lockorder */
};

static void sellock(struct sel *s) {
  rog_chan *prev = NULL;
  for (intptr_t i = 0; i < s->n; i++) {
    rog_chan *c = s->cases[s->lockorder[i]].c;
    if (c != prev) sched_mutex_lock(&c->lock);
    prev = c;
  }
}

static void selunlock(struct sel *s) {
  /* unlock in reverse; the last unlock may let the G be resumed, so do not
   * touch s (which lives on the parked G's stack) after it */
  intptr_t n = s->n;
  rog_scase *cases = s->cases;
  uint16_t *lo = s->lockorder;
  for (intptr_t i = n - 1; i >= 0; i--) {
    rog_chan *c = cases[lo[i]].c;
    if (i > 0 && cases[lo[i - 1]].c == c) continue;
    sched_mutex_unlock(&c->lock);
  }
}

static bool selparkcommit(sched_g *g, void *arg) {
  (void)g;
  selunlock(arg);
  return true;
}

intptr_t rog_select(rog_scase *cases, uint16_t *order, intptr_t nsends, intptr_t nrecvs, bool block,
                    bool *recv_ok) {
  intptr_t ncases = nsends + nrecvs;
  uint16_t *pollorder = order;
  uint16_t *lockorder = order + ncases;
  if (recv_ok) *recv_ok = false;
  if (ncases > 65535) sched_fatal("select: too many cases");

  /* random permutation of the non-nil cases (inside-out Fisher-Yates) */
  intptr_t norder = 0;
  for (intptr_t i = 0; i < ncases; i++) {
    if (cases[i].c == NULL) {
      cases[i].elem = NULL; /* nil channel cases never proceed */
      continue;
    }
    uint32_t j = sched_fastrandn((uint32_t)norder + 1);
    pollorder[norder] = pollorder[j];
    pollorder[j] = (uint16_t)i;
    norder++;
  }
  /* lock order: by channel address (insertion sort; selects are small) */
  for (intptr_t i = 0; i < norder; i++) {
    uint16_t x = pollorder[i];
    intptr_t j = i;
    while (j > 0 && (uintptr_t)cases[lockorder[j - 1]].c > (uintptr_t)cases[x].c) {
      lockorder[j] = lockorder[j - 1];
      j--;
    }
    lockorder[j] = x;
  }
  if (norder == 0) {
    if (!block) return -1;
    block_forever("select (no cases)");
  }
  struct sel sel = {cases, lockorder, norder};
  sellock(&sel);

  /* pass 1: anything ready? */
  for (intptr_t k = 0; k < norder; k++) {
    intptr_t casi = pollorder[k];
    rog_chan *c = cases[casi].c;
    void *ep = cases[casi].elem;
    if (casi >= nsends) {
      sudog *s = dequeue(&c->sendq);
      if (s) {
        sched_g *g = take_from_sender(c, s, ep);
        selunlock(&sel);
        sched_ready(g);
        if (recv_ok) *recv_ok = true;
        return casi;
      }
      if (c->qcount > 0) {
        buf_take(c, ep);
        selunlock(&sel);
        if (recv_ok) *recv_ok = true;
        return casi;
      }
      if (c->closed) {
        selunlock(&sel);
        zero_elem(c, ep);
        return casi;
      }
    } else {
      if (c->closed) {
        selunlock(&sel);
        rog_panic_string("send on closed channel");
      }
      sudog *s = dequeue(&c->recvq);
      if (s) {
        sched_g *g = give_to_receiver(c, s, ep);
        selunlock(&sel);
        sched_ready(g);
        return casi;
      }
      if (c->qcount < c->dataqsiz) {
        buf_put(c, ep);
        selunlock(&sel);
        return casi;
      }
    }
  }
  if (!block) {
    selunlock(&sel);
    return -1;
  }

  /* pass 2: wait on every channel */
  sched_g *g = sched_getg();
  if (g == NULL) sched_fatal("blocking select outside a goroutine");
  atomic_store(&g->selectdone, 0);
  g->param = NULL;
  sudog **link = &g->waiting;
  for (intptr_t k = 0; k < norder; k++) {
    intptr_t casi = lockorder[k];
    rog_chan *c = cases[casi].c;
    sudog *s = acquire_sudog();
    s->g = g;
    s->is_select = true;
    s->elem = cases[casi].elem;
    s->c = c;
    s->casi = casi;
    *link = s;
    link = &s->waitlink;
    enqueue(casi < nsends ? &c->sendq : &c->recvq, s);
  }
  *link = NULL;
  sched_park("select", selparkcommit, &sel);

  /* pass 3: woken by g->param; dequeue from the others */
  sellock(&sel);
  sudog *won = g->param;
  g->param = NULL;
  intptr_t casi = -1;
  bool success = false;
  sudog *s = g->waiting;
  g->waiting = NULL;
  while (s) {
    sudog *next = s->waitlink;
    if (s == won) {
      casi = s->casi;
      success = s->success;
    } else if (s->in_queue) {
      unlink_sudog(s->casi < nsends ? &s->c->sendq : &s->c->recvq, s);
    }
    s->waitlink = NULL;
    release_sudog(s);
    s = next;
  }
  selunlock(&sel);
  if (casi < 0) sched_fatal("select: woken without a winning case");
  if (casi < nsends) {
    if (!success) rog_panic_string("send on closed channel");
  } else if (recv_ok) {
    *recv_ok = success;
  }
  return casi;
}
