/*
 * runtime/time: timers, sleep and tickers without a thread per timer.
 *
 * Each P owns a 4-ary min-heap of timers ordered by `when`, under the P's
 * timerlock; p->timer0when mirrors the root's deadline (0: empty) so the
 * scheduler can test for expired timers without the lock. A timer added
 * from a goroutine goes to the current P's heap; t->pp records which heap
 * holds it (NULL: not pending), so stop/reset lock the right heap and see
 * whether the timer already fired.
 *
 * Who runs timers: the M holding a P checks its heap at every trip through
 * find_runnable (and a direct G-to-G switch defers to g0 when the root has
 * expired); idle Ms steal expired timers of other Ps while spinning; an M
 * about to sleep computes the earliest deadline over all Ps and sleeps on
 * its futex (or in epoll_wait) at most until then; sysmon wakes an M when a
 * timer is overdue by more than 1 ms while every M is busy. Only one M runs
 * a given P's timers at a time (p->timersrunning), so the timers of one P
 * fire in deadline order.
 *
 * f runs on g0 with no lock held; a periodic timer is re-pushed before f
 * runs (gc's ticker semantics: missed periods are skipped, not queued).
 *
 * Differences from gc: gc 1.19 marks timers (timerDeleted, timerModified*)
 * and lets the owning P clean its heap lazily; rog removes them eagerly
 * under the heap lock, which is simpler and fine for the lock hold times
 * here. Timers never migrate between Ps (GOMAXPROCS is fixed at start).
 *
 * TODO(gc): timers hold arg pointers to heap objects: heaps are GC roots.
 */
#define _GNU_SOURCE
#include "runtime/time/timer.h"

#include <stdlib.h>
#include <time.h>

#include "runtime/sched/sched.h"

/* runtime/time/std.c: calls a Go timer's func value. */
void timer_call_go(void *f, void *arg, void *arg_data, uintptr_t seq);

int64_t rog_nanotime(void) {
  return sched_nanotime();
}

/* ------------------------------------------------------------------- heap */

static void heap_set(sched_p *p, int i, rog_timer *t) {
  p->timers[i] = t;
  t->idx = i;
}

static void sift_up(sched_p *p, int i) {
  rog_timer *t = p->timers[i];
  while (i > 0) {
    int parent = (i - 1) / 4;
    if (p->timers[parent]->when <= t->when) break;
    heap_set(p, i, p->timers[parent]);
    i = parent;
  }
  heap_set(p, i, t);
}

static void sift_down(sched_p *p, int i) {
  int n = p->ntimers;
  rog_timer *t = p->timers[i];
  for (;;) {
    int c = 4 * i + 1;
    if (c >= n) break;
    int best = c;
    for (int k = c + 1; k < c + 4 && k < n; k++)
      if (p->timers[k]->when < p->timers[best]->when) best = k;
    if (p->timers[best]->when >= t->when) break;
    heap_set(p, i, p->timers[best]);
    i = best;
  }
  heap_set(p, i, t);
}

static void update_timer0(sched_p *p) {
  atomic_store(&p->timer0when, p->ntimers ? p->timers[0]->when : 0);
}

static void grow(void *arg) {
  sched_p *p = arg;
  int cap = p->captimers ? p->captimers * 2 : 64;
  rog_timer **n = realloc(p->timers, (size_t)cap * sizeof *n);
  if (n == NULL) sched_fatal("out of memory growing a timer heap");
  p->timers = n;
  p->captimers = cap;
}

/* p->timerlock held */
static void heap_push(sched_p *p, rog_timer *t) {
  if (p->ntimers == p->captimers) sched_systemstack(grow, p); /* realloc: off the goroutine stack */
  p->ntimers++;
  heap_set(p, p->ntimers - 1, t);
  sift_up(p, p->ntimers - 1);
  atomic_store(&t->pp, p);
  update_timer0(p);
}

/* p->timerlock held */
static void heap_remove(sched_p *p, rog_timer *t) {
  int i = t->idx;
  int last = --p->ntimers;
  if (i != last) {
    heap_set(p, i, p->timers[last]);
    if (i > 0 && p->timers[(i - 1) / 4]->when > p->timers[i]->when)
      sift_up(p, i);
    else
      sift_down(p, i);
  }
  atomic_store(&t->pp, NULL);
  t->idx = -1;
  update_timer0(p);
}

/* -------------------------------------------------------------- operations */

static sched_p *current_p(void) {
  sched_m *m = sched_getm();
  if (m && m->p) return m->p;
  return sched.allp[0];
}

/* Locks and returns the heap that holds t, or NULL if t is not pending. */
static sched_p *lock_timer(rog_timer *t) {
  for (;;) {
    sched_p *p = atomic_load(&t->pp);
    if (p == NULL) return NULL;
    sched_mutex_lock(&p->timerlock);
    if (atomic_load(&t->pp) == p) return p;
    sched_mutex_unlock(&p->timerlock);
  }
}

static void add_locked_wake(rog_timer *t, bool have_p) {
  atomic_fetch_add(&sched.ntimers, 1);
  /* An M holding a P sees its own heap before it sleeps; from outside the
   * scheduler, make sure some M recomputes its sleep deadline. */
  if (!have_p) {
    sched_wakep();
    if (atomic_load(&sched.netpoll_blocked)) netpoll_break();
  }
  (void)t;
}

void rog_timer_start(rog_timer *t) {
  sched_init();
  /* The timer heaps are roots the collector scans once per cycle: while it
   * marks, what goes in is shaded (a ragged cycle may have scanned them
   * already and the goroutine that had t may not be scanned yet). */
  if (__builtin_expect(sched_wb_on(), 0)) {
    sched_wb_shade(t);
    sched_wb_shade(t->arg);
  }
  if (t->when < 0) t->when = INT64_MAX;
  sched_m *m = sched_getm();
  bool have_p = m && m->p;
  sched_p *p = current_p();
  sched_mutex_lock(&p->timerlock);
  heap_push(p, t);
  sched_mutex_unlock(&p->timerlock);
  add_locked_wake(t, have_p);
}

bool rog_timer_stop(rog_timer *t) {
  sched_p *p = lock_timer(t);
  if (p == NULL) return false;
  heap_remove(p, t);
  sched_mutex_unlock(&p->timerlock);
  atomic_fetch_sub(&sched.ntimers, 1);
  return true;
}

bool rog_timer_modify(rog_timer *t, int64_t when, int64_t period, void (*f)(void *, uintptr_t, int64_t),
                      void *arg, uintptr_t seq) {
  bool pending = rog_timer_stop(t);
  if (__builtin_expect(sched_wb_on(), 0)) sched_wb_shade(t->arg); /* overwritten below */
  t->when = when;
  t->period = period;
  t->f = f;
  t->arg = arg;
  t->seq = seq;
  rog_timer_start(t);
  return pending;
}

bool rog_timer_reset(rog_timer *t, int64_t when) {
  return rog_timer_modify(t, when, t->period, t->f, t->arg, t->seq);
}

/* Runs p's expired timers (one runner per P at a time). Returns the next
 * deadline, 0 if none. Called on g0. */
int64_t timers_run(sched_p *p, int64_t now) {
  uint32_t z = 0;
  if (!atomic_compare_exchange_strong(&p->timersrunning, &z, 1)) return atomic_load(&p->timer0when);
  sched_mutex_lock(&p->timerlock);
  while (p->ntimers > 0 && p->timers[0]->when <= now) {
    rog_timer *t = p->timers[0];
    int64_t delta = now - t->when;
    void (*f)(void *, uintptr_t, int64_t) = t->f;
    void *arg = t->arg, *arg_data = t->arg_data;
    uintptr_t seq = t->seq;
    bool go_f = t->go_f != 0;
    if (t->period > 0) {
      t->when += t->period * (1 + (now - t->when) / t->period);
      if (t->when < 0) t->when = INT64_MAX;
      sift_down(p, 0);
      update_timer0(p);
    } else {
      heap_remove(p, t);
      atomic_fetch_sub(&sched.ntimers, 1);
    }
    sched_mutex_unlock(&p->timerlock);
    if (go_f)
      timer_call_go((void *)f, arg, arg_data, seq);
    else
      f(arg, seq, delta);
    sched_mutex_lock(&p->timerlock);
  }
  int64_t next = p->ntimers ? p->timers[0]->when : 0;
  sched_mutex_unlock(&p->timerlock);
  atomic_store(&p->timersrunning, 0);
  return next;
}

int64_t timers_earliest(void) {
  int64_t best = 0;
  for (int i = 0; i < sched.gomaxprocs; i++) {
    int64_t w = atomic_load(&sched.allp[i]->timer0when);
    if (w != 0 && (best == 0 || w < best)) best = w;
  }
  return best;
}

/* Every P's heap array as a GC root range (the timers it points to live in
 * Go heap objects: time.Timer's runtimeTimer). With the world stopped. */
void timers_for_each_heap(void (*v)(void *ctx, const void *lo, const void *hi), void *ctx) {
  for (int i = 0; i < sched.gomaxprocs; i++) {
    sched_p *p = sched.allp[i];
    sched_mutex_lock(&p->timerlock);
    if (p->ntimers) v(ctx, p->timers, p->timers + p->ntimers);
    sched_mutex_unlock(&p->timerlock);
  }
}

/* ------------------------------------------------------------------- sleep */

static void sleep_fire(void *arg, uintptr_t seq, int64_t delta) {
  (void)seq;
  (void)delta;
  sched_ready((sched_g *)arg);
}

static void new_sleep_timer(void *arg) {
  sched_g *g = arg;
  g->sleep_timer = calloc(1, sizeof(rog_timer)); /* TODO(gc): rog_alloc */
  if (g->sleep_timer == NULL) sched_fatal("out of memory allocating a timer");
}

void sched_sleep(int64_t ns) {
  if (ns <= 0) return;
  sched_g *g = sched_getg();
  sched_m *m = sched_getm();
  if (g == NULL || m->p == NULL) {
    struct timespec ts = {ns / 1000000000, ns % 1000000000};
    while (nanosleep(&ts, &ts) != 0) {
    }
    return;
  }
  if (g->sleep_timer == NULL) sched_systemstack(new_sleep_timer, g);
  rog_timer *t = g->sleep_timer;
  t->when = sched_nanotime() + ns;
  if (t->when < 0) t->when = INT64_MAX;
  t->period = 0;
  t->f = sleep_fire;
  t->arg = g;
  t->seq = 0;
  sched_p *p = m->p;
  sched_mutex_lock(&p->timerlock);
  heap_push(p, t);
  atomic_fetch_add(&sched.ntimers, 1);
  /* the heap lock is released once g is off its stack: the timer cannot
   * fire (and ready g) before g is parked */
  sched_park("sleep", sched_park_unlock, &p->timerlock);
}
