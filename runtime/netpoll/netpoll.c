/*
 * runtime/netpoll: the network poller (epoll), integrated with the scheduler
 * so goroutines blocked on sockets hold no thread. Semantics of gc's
 * netpoll.go, exposed to internal/poll as rog_poll_* (netpoll.h).
 *
 * A descriptor is registered once, edge-triggered for read and write
 * (EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET). Its poll descriptor keeps, per
 * direction, a word rg/wg with states:
 *   0          nothing pending
 *   PD_READY   an event arrived and nobody has consumed it
 *   PD_WAIT    a goroutine is about to park
 *   G*         that goroutine is parked
 * rog_poll_wait: consume READY, or 0 -> WAIT -> park; the park commit turns
 * WAIT into the G (if an event raced in and made it READY, the commit fails
 * and the G keeps running). The poller (netpoll(), called by idle Ms with a
 * timeout up to the next timer, by spinning Ms without blocking and by
 * sysmon every 10 ms) turns events into READY or wakes the parked G.
 *
 * Deadlines (rog_poll_set_deadline) are runtime timers; when one fires it
 * marks the direction expired (rd/wd < 0) and wakes the waiter, which then
 * reports pollErrTimeout. Timers carry pd->seq, so a timer for a closed and
 * reused descriptor is recognized as stale.
 *
 * netpoll_break writes an eventfd registered in the same epoll set, to wake
 * an M blocked in epoll_wait when work or an earlier timer appears.
 *
 * Error codes (gc's internal/poll): 0 ok, 1 errClosing, 2 errTimeout,
 * 3 errNotPollable.
 *
 * Memory: poll descriptors are calloc'ed and recycled through a free list,
 * never freed (an epoll event may still name a closed descriptor; seq and
 * `closing` make that harmless, as in gc).
 */
#define _GNU_SOURCE
#include "runtime/netpoll/netpoll.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "runtime/sched/sched.h"
#include "runtime/time/timer.h"

#define PD_READY ((uintptr_t)1)
#define PD_WAIT ((uintptr_t)2)

struct rog_polldesc {
  sched_mutex lock;
  int fd;
  bool closing;
  bool everr;
  uintptr_t seq;
  _Atomic uintptr_t rg, wg;
  int64_t rd, wd; /* 0: none; < 0: expired; > 0: nanotime deadline */
  rog_timer rt, wt;
  rog_polldesc *link;
};

static int epfd = -1;
static int breakfd = -1;
static _Atomic int inited;
static _Atomic uint32_t break_pending;
static sched_mutex init_lock;
static sched_mutex cache_lock;
static rog_polldesc *cache;

bool netpoll_inited(void) {
  return atomic_load_explicit(&inited, memory_order_acquire) != 0;
}

static void server_init(void *arg) {
  int *err = arg;
  sched_mutex_lock(&init_lock);
  if (!netpoll_inited()) {
    epfd = epoll_create1(EPOLL_CLOEXEC);
    breakfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd < 0 || breakfd < 0) {
      *err = errno;
    } else {
      struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &breakfd};
      if (epoll_ctl(epfd, EPOLL_CTL_ADD, breakfd, &ev) != 0)
        *err = errno;
      else
        atomic_store(&inited, 1);
    }
  }
  sched_mutex_unlock(&init_lock);
}

void rog_poll_server_init(void) {
  sched_init();
  int err = 0;
  sched_systemstack(server_init, &err);
  if (err) sched_fatal("runtime: netpollinit failed");
}

void netpoll_break(void) {
  if (!netpoll_inited()) return;
  uint32_t z = 0;
  if (!atomic_compare_exchange_strong(&break_pending, &z, 1)) return;
  uint64_t one = 1;
  ssize_t r = write(breakfd, &one, sizeof one);
  (void)r;
}

/* ------------------------------------------------------------ descriptors */

struct open_req {
  int fd;
  int err;
  rog_polldesc *pd;
};

static void open_sys(void *arg) {
  struct open_req *r = arg;
  sched_mutex_lock(&cache_lock);
  rog_polldesc *pd = cache;
  if (pd) cache = pd->link;
  sched_mutex_unlock(&cache_lock);
  if (pd == NULL) {
    pd = calloc(1, sizeof *pd); /* TODO(gc): persistentalloc-like, not scanned */
    if (pd == NULL) {
      r->err = ENOMEM;
      return;
    }
  }
  sched_mutex_lock(&pd->lock);
  pd->fd = r->fd;
  pd->closing = false;
  pd->everr = false;
  pd->seq++;
  atomic_store(&pd->rg, 0);
  atomic_store(&pd->wg, 0);
  pd->rd = 0;
  pd->wd = 0;
  sched_mutex_unlock(&pd->lock);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = pd};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, r->fd, &ev) != 0) {
    r->err = errno;
    sched_mutex_lock(&cache_lock);
    pd->link = cache;
    cache = pd;
    sched_mutex_unlock(&cache_lock);
    return;
  }
  r->pd = pd;
}

rog_polldesc *rog_poll_open(int fd, int *err) {
  if (!netpoll_inited()) rog_poll_server_init();
  struct open_req r = {fd, 0, NULL};
  sched_systemstack(open_sys, &r);
  if (err) *err = r.err;
  return r.pd;
}

static void close_sys(void *arg) {
  rog_polldesc *pd = arg;
  struct epoll_event ev = {0};
  epoll_ctl(epfd, EPOLL_CTL_DEL, pd->fd, &ev);
  sched_mutex_lock(&cache_lock);
  pd->link = cache;
  cache = pd;
  sched_mutex_unlock(&cache_lock);
}

void rog_poll_close(rog_polldesc *pd) {
  if (pd == NULL) return;
  if (!pd->closing) sched_fatal("runtime: close polldesc w/o unblock");
  uintptr_t rg = atomic_load(&pd->rg), wg = atomic_load(&pd->wg);
  if ((rg != 0 && rg != PD_READY) || (wg != 0 && wg != PD_READY))
    sched_fatal("runtime: blocked write on closing polldesc");
  sched_systemstack(close_sys, pd);
}

static int checkerr(rog_polldesc *pd, int mode) {
  if (pd->closing) return 1;
  if ((mode == 'r' && pd->rd < 0) || (mode == 'w' && pd->wd < 0)) return 2;
  if (mode == 'r' && __atomic_load_n(&pd->everr, __ATOMIC_RELAXED)) return 3;
  return 0;
}

static _Atomic uintptr_t *gpp_of(rog_polldesc *pd, int mode) {
  return mode == 'r' ? &pd->rg : &pd->wg;
}

int rog_poll_reset(rog_polldesc *pd, int mode) {
  int err = checkerr(pd, mode);
  if (err) return err;
  atomic_store(gpp_of(pd, mode), 0);
  return 0;
}

static bool block_commit(sched_g *g, void *arg) {
  _Atomic uintptr_t *gpp = arg;
  uintptr_t w = PD_WAIT;
  if (!atomic_compare_exchange_strong(gpp, &w, (uintptr_t)g))
    return false; /* became READY (or unblocked) meanwhile: keep running */
  atomic_fetch_add(&sched.netpoll_waiters, 1);
  return true;
}

/* true if IO is ready, false on timeout/close (caller rechecks errors) */
static bool netpollblock(rog_polldesc *pd, int mode) {
  _Atomic uintptr_t *gpp = gpp_of(pd, mode);
  for (;;) {
    uintptr_t r = PD_READY;
    if (atomic_compare_exchange_strong(gpp, &r, 0)) return true;
    uintptr_t z = 0;
    if (atomic_compare_exchange_strong(gpp, &z, PD_WAIT)) break;
    uintptr_t v = atomic_load(gpp);
    if (v != PD_READY && v != 0) sched_fatal("runtime: double wait");
  }
  if (checkerr(pd, mode) == 0) sched_park("IO wait", block_commit, gpp);
  uintptr_t old = atomic_exchange(gpp, 0);
  if (old > PD_WAIT) sched_fatal("runtime: corrupted polldesc");
  return old == PD_READY;
}

/* Returns the G to wake, if any. ioready: an event (state READY) vs a
 * timeout/close (state back to 0). */
static sched_g *netpollunblock(rog_polldesc *pd, int mode, bool ioready) {
  _Atomic uintptr_t *gpp = gpp_of(pd, mode);
  for (;;) {
    uintptr_t old = atomic_load(gpp);
    if (old == PD_READY) return NULL;
    if (old == 0 && !ioready) return NULL;
    uintptr_t next = ioready ? PD_READY : 0;
    if (atomic_compare_exchange_strong(gpp, &old, next)) {
      if (old == PD_WAIT) old = 0; /* the G has not parked; it sees the new state */
      if (old > PD_WAIT) {
        atomic_fetch_sub(&sched.netpoll_waiters, 1);
        return (sched_g *)old;
      }
      return NULL;
    }
  }
}

int rog_poll_wait(rog_polldesc *pd, int mode) {
  int err = checkerr(pd, mode);
  if (err) return err;
  while (!netpollblock(pd, mode)) {
    err = checkerr(pd, mode);
    if (err) return err;
    /* spurious wakeup (e.g. a deadline moved): wait again */
  }
  return 0;
}

/* --------------------------------------------------------------- deadlines */

static void deadline_fire(rog_polldesc *pd, uintptr_t seq, int mode) {
  sched_mutex_lock(&pd->lock);
  if (seq != pd->seq) {
    sched_mutex_unlock(&pd->lock); /* descriptor reused: stale timer */
    return;
  }
  if (mode == 'r')
    pd->rd = -1;
  else
    pd->wd = -1;
  sched_g *g = netpollunblock(pd, mode, false);
  sched_mutex_unlock(&pd->lock);
  if (g) sched_ready(g);
}

static void read_deadline(void *arg, uintptr_t seq, int64_t delta) {
  (void)delta;
  deadline_fire(arg, seq, 'r');
}

static void write_deadline(void *arg, uintptr_t seq, int64_t delta) {
  (void)delta;
  deadline_fire(arg, seq, 'w');
}

static void set_one(rog_polldesc *pd, int64_t d, int mode, sched_g **wake) {
  rog_timer *t = mode == 'r' ? &pd->rt : &pd->wt;
  rog_timer_stop(t);
  if (mode == 'r')
    pd->rd = d;
  else
    pd->wd = d;
  if (d > 0) {
    t->when = d;
    t->period = 0;
    t->f = mode == 'r' ? read_deadline : write_deadline;
    t->arg = pd;
    t->seq = pd->seq;
    rog_timer_start(t);
  } else if (d < 0) {
    sched_g *g = netpollunblock(pd, mode, false);
    if (g) *wake++ = g;
  }
}

/* d: relative ns as internal/poll passes it (0: no deadline, < 0: already
 * expired); mode 'r', 'w' or 'r'+'w'. */
void rog_poll_set_deadline(rog_polldesc *pd, int64_t d, int mode) {
  if (d > 0) {
    d += sched_nanotime();
    if (d <= 0) d = INT64_MAX;
  }
  sched_g *wake[2] = {NULL, NULL};
  sched_mutex_lock(&pd->lock);
  if (pd->closing) {
    sched_mutex_unlock(&pd->lock);
    return;
  }
  if (mode == 'r' || mode == 'r' + 'w') set_one(pd, d, 'r', &wake[0]);
  if (mode == 'w' || mode == 'r' + 'w') set_one(pd, d, 'w', &wake[1]);
  sched_mutex_unlock(&pd->lock);
  for (int i = 0; i < 2; i++)
    if (wake[i]) sched_ready(wake[i]);
}

void rog_poll_unblock(rog_polldesc *pd) {
  sched_mutex_lock(&pd->lock);
  if (pd->closing) sched_fatal("runtime: unblock on closing polldesc");
  pd->closing = true;
  pd->seq++;
  sched_g *rg = netpollunblock(pd, 'r', false);
  sched_g *wg = netpollunblock(pd, 'w', false);
  rog_timer_stop(&pd->rt);
  rog_timer_stop(&pd->wt);
  sched_mutex_unlock(&pd->lock);
  if (rg) sched_ready(rg);
  if (wg) sched_ready(wg);
}

int rog_poll_is_server_fd(int fd) {
  return fd >= 0 && (fd == epfd || fd == breakfd);
}

int rog_poll_fd(const rog_polldesc *pd) {
  return pd ? pd->fd : -1;
}

/* ------------------------------------------------------------------ poller */

/* Waits up to delay_ns (< 0: forever, 0: just look) and returns the Gs
 * whose IO became ready, linked by schedlink. Runs on g0 or sysmon. */
sched_g *netpoll(int64_t delay_ns) {
  if (!netpoll_inited()) return NULL;
  int ms;
  if (delay_ns < 0)
    ms = -1;
  else if (delay_ns == 0)
    ms = 0;
  else if (delay_ns < 1000000)
    ms = 1;
  else if (delay_ns < 1000000000000LL)
    ms = (int)(delay_ns / 1000000);
  else
    ms = 1000000;
  struct epoll_event events[128];
  int n = epoll_wait(epfd, events, 128, ms);
  atomic_store(&sched.lastpoll, sched_nanotime());
  if (n < 0) return NULL; /* EINTR: the caller loops */
  sched_g *list = NULL;
  for (int i = 0; i < n; i++) {
    struct epoll_event *ev = &events[i];
    if (ev->data.ptr == &breakfd) {
      uint64_t buf;
      ssize_t r = read(breakfd, &buf, sizeof buf);
      (void)r;
      atomic_store(&break_pending, 0);
      continue;
    }
    rog_polldesc *pd = ev->data.ptr;
    bool rd = ev->events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
    bool wr = ev->events & (EPOLLOUT | EPOLLHUP | EPOLLERR);
    if (ev->events & EPOLLERR) __atomic_store_n(&pd->everr, true, __ATOMIC_RELAXED);
    if (rd) {
      sched_g *g = netpollunblock(pd, 'r', true);
      if (g) {
        g->schedlink = list;
        list = g;
      }
    }
    if (wr) {
      sched_g *g = netpollunblock(pd, 'w', true);
      if (g) {
        g->schedlink = list;
        list = g;
      }
    }
  }
  return list;
}
