/*
 * runtime/sched: the G/M/P goroutine scheduler.
 *
 * Model (gc's proc.go): GOMAXPROCS Ps hold the right to run Go code. An M
 * (OS thread) must hold a P to run a G. Each P has a local run queue (a
 * 256-entry lock-free ring, owner pushes at the tail, owner and thieves CAS
 * the head) plus a `runnext` slot; overflow and yielded Gs go to the global
 * queue (sched.lock). An M without work steals half of another P's queue;
 * at most half of the busy Ps' worth of Ms spin looking for work, the rest
 * park on a futex note in the idle-M list. Whoever makes a G runnable calls
 * sched_wakep(), which starts a spinning M if a P is idle and nobody spins;
 * a spinning M that gives up re-checks every queue after releasing its P,
 * so no wakeup is lost (gc's "spinning" protocol).
 *
 * Context switches go G to G directly when possible: sched_park, gosched and
 * goexit pick the next G from the local queue and switch straight to it; only
 * if there is none do they switch to the M's g0 (the thread's own stack),
 * whose loop runs find_runnable (timers, global queue, netpoll, stealing,
 * sleeping). One switch per handoff instead of gc's two (mcall + gogo).
 *
 * Hooks: work that must wait until the previous G is off its stack (release
 * the channel lock a parked G was queued under, put a yielded G in a run
 * queue, recycle a dead G's stack) is recorded in the M (m->hook) before the
 * switch and run by whoever lands on that M next: the resumed G right after
 * rog_ctx_switch returns, a new G in sched_gostart, or the g0 loop. This is
 * gc's park_m/unlockf idea without the trip through g0. Invariant: a G is
 * never in a run queue or visible to a waker while some M still runs on its
 * stack.
 *
 * TLS: rog_tls (abi.h) holds g, m, p and the stack guard of the running G.
 * Runtime code re-reads it after anything that may switch (sched_tls()),
 * because the G may resume on another thread.
 *
 * Deadlock: when the last M goes idle with no timers, no netpoll waiters and
 * the main goroutine still blocked, checkdead prints gc's
 * "fatal error: all goroutines are asleep - deadlock!" and the waiting
 * goroutines, and exits with status 2. Gs woken only by threads outside the
 * scheduler are not visible to it (documented limitation).
 *
 * Preemption: sysmon (a plain thread, no P) watches every P's schedtick; a G
 * running for 10 ms gets the checkpoint word (rog_tls.preempt) of its M set;
 * rog_checkpoint then yields to the global queue. Stop-the-world uses the
 * same word. sysmon also takes Ps back from Ms blocked in syscalls.
 *
 * Spawn/exit fast path (go statement to goexit): a dead G keeps its first
 * stack segment on its P's free list (gc's gfree; bounded at 64, half moved
 * to a global list under sched.lock), goroutine ids come from per-P batches
 * of 16, the goroutine count is a per-P counter summed by
 * sched_num_goroutine, and the fields the path touches sit in the G's first
 * two cache lines: no lock, no syscall and no write to a shared cache line
 * per goroutine. The new G goes to runnext, as in gc. A dying G is reset
 * and its stack laid out for the next first switch at once (gfput, while
 * its lines are cached), so a go statement that reuses it touches one
 * line of it (sched_g). After a GC cycle, sysmon frees the first segments
 * of the Gs on the global free list (gfree_nostack; gc's
 * markrootFreeGStacks) and unmaps the stack chunks left free
 * (sched_purge_free_stacks).
 *
 * Handoff without wakeups: readying a G from a goroutine into an empty P
 * (channel send to a waiting receiver, unlock) does not wake another P,
 * unlike gc: the readier usually blocks at once and the readied G runs
 * next on this P; sysmon wakes a P if it is still waiting (ready_on).
 *
 * Memory: Gs (from 64-byte aligned chunks), Ms, Ps are never freed (Gs are
 * reused through free lists with their first stack segment, as in gc).
 * TODO(gc): Gs, Ms, Ps and sudogs are GC roots (they hold pointers to heap
 * objects: fn/arg, param, elem); switch to rog_alloc or register them.
 *
 * Rejected: ucontext (sigprocmask syscall per switch); one thread per
 * goroutine (1M goroutines); a single global run queue (contention on 2+ Ps);
 * running the scheduler on the parked G's stack (a waker on another M could
 * resume the G while this M still uses its stack).
 */
#define _GNU_SOURCE
#include "runtime/sched/sched.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime/stack/stack.h"

/* ThreadSanitizer must be told about every switch between goroutine stacks
 * (its "fiber" API); otherwise it mixes up the shadow call stacks and
 * reports races between a G and itself on another thread. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ROG_TSAN 1
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned flags);
void __tsan_switch_to_fiber(void *fiber, unsigned flags);
#endif
#endif

struct sched_globals sched;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* ------------------------------------------------------------ small helpers */

sched_m *sched_getm(void) {
  return (sched_m *)sched_tls()->m;
}

sched_g *sched_getg(void) {
  rog_tls_block *t = sched_tls();
  sched_m *m = (sched_m *)t->m;
  if (m == NULL || t->g == m->g0) return NULL;
  return (sched_g *)t->g;
}

int64_t sched_goid(void) {
  sched_g *g = sched_getg();
  return g ? g->goid : 0;
}

/* The sum of the per-P counts and the global one (Gs created or ended
 * without a P). Exact when nothing is being created or ending; racy
 * otherwise, as gc's NumGoroutine is. */
int sched_num_goroutine(void) {
  int64_t n = atomic_load(&sched.ngoroutines);
  if (atomic_load(&sched.initialized))
    for (int i = 0; i < sched.gomaxprocs; i++)
      n += atomic_load_explicit(&sched.allp[i]->ngoroutines, memory_order_relaxed);
  return (int)n;
}

/* Owner only: p->ngoroutines += d without a locked instruction. */
static void p_count(sched_p *p, int64_t d) {
  if (p == NULL) {
    atomic_fetch_add(&sched.ngoroutines, d);
    return;
  }
  int64_t v = atomic_load_explicit(&p->ngoroutines, memory_order_relaxed);
  atomic_store_explicit(&p->ngoroutines, v + d, memory_order_relaxed);
}

#define GOID_BATCH 16

static int64_t next_goid(sched_p *p) {
  if (p == NULL) return atomic_fetch_add(&sched.goidgen, 1) + 1;
  if (p->goidcache == p->goidcacheend) {
    p->goidcache = atomic_fetch_add(&sched.goidgen, GOID_BATCH) + 1;
    p->goidcacheend = p->goidcache + GOID_BATCH;
  }
  return p->goidcache++;
}
int sched_gomaxprocs(void) {
  sched_init();
  return sched.gomaxprocs;
}

static uint64_t fastrand_global = 0x9e3779b97f4a7c15ull;

static uint32_t fastrand_step(uint64_t *s) {
  /* xorshift64* */
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
}

uint32_t sched_fastrand(void) {
  sched_m *m = sched_getm();
  if (m && m->p) return fastrand_step(&m->p->fastrand);
  /* no P: a racy shared state is fine for randomness, but keep TSan quiet */
  uint64_t s = __atomic_load_n(&fastrand_global, __ATOMIC_RELAXED);
  uint32_t r = fastrand_step(&s);
  __atomic_store_n(&fastrand_global, s, __ATOMIC_RELAXED);
  return r;
}

uint32_t sched_fastrandn(uint32_t n) {
  return (uint32_t)(((uint64_t)sched_fastrand() * n) >> 32);
}

/* -------------------------------------------------------- local run queues */

static bool runq_empty(sched_p *p) {
  for (;;) {
    uint32_t h = atomic_load(&p->runqhead);
    uint32_t t = atomic_load(&p->runqtail);
    sched_g *next = atomic_load(&p->runnext);
    if (t == atomic_load(&p->runqtail)) return h == t && next == NULL;
  }
}

static void globrunqput_batch(sched_g *head, sched_g *tail, int n);

/* Moves half of the local queue plus g to the global queue. Owner only.
 * (No batch array on the stack: this runs on goroutine stacks.) */
static bool runqputslow(sched_p *p, sched_g *g, uint32_t h, uint32_t t) {
  uint32_t n = (t - h) / 2;
  if (n != SCHED_RUNQ_SIZE / 2) return false;
  if (!atomic_compare_exchange_strong(&p->runqhead, &h, h + n)) return false;
  /* Slots [h, h+n) are ours now: thieves moved past them and only the
   * owner (us) writes slots. */
  sched_g *head = atomic_load_explicit(&p->runq[h % SCHED_RUNQ_SIZE], memory_order_relaxed);
  sched_g *prev = head;
  for (uint32_t i = 1; i < n; i++) {
    sched_g *x = atomic_load_explicit(&p->runq[(h + i) % SCHED_RUNQ_SIZE], memory_order_relaxed);
    prev->schedlink = x;
    prev = x;
  }
  prev->schedlink = g;
  sched_mutex_lock(&sched.lock);
  globrunqput_batch(head, g, (int)n + 1);
  sched_mutex_unlock(&sched.lock);
  return true;
}

/* Owner only. next: put g in runnext (the previous runnext goes to the tail). */
static void runqput(sched_p *p, sched_g *g, bool next) {
  if (next) {
    g = atomic_exchange(&p->runnext, g);
    if (g == NULL) return;
  }
  for (;;) {
    uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
    uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
    if (t - h < SCHED_RUNQ_SIZE) {
      atomic_store_explicit(&p->runq[t % SCHED_RUNQ_SIZE], g, memory_order_relaxed);
      atomic_store_explicit(&p->runqtail, t + 1, memory_order_release);
      return;
    }
    if (runqputslow(p, g, h, t)) return;
  }
}

/* Owner only. */
static sched_g *runqget(sched_p *p) {
  sched_g *next = atomic_load(&p->runnext);
  if (next != NULL && atomic_compare_exchange_strong(&p->runnext, &next, NULL)) return next;
  for (;;) {
    uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
    uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
    if (t == h) return NULL;
    sched_g *g = atomic_load_explicit(&p->runq[h % SCHED_RUNQ_SIZE], memory_order_relaxed);
    if (atomic_compare_exchange_weak_explicit(&p->runqhead, &h, h + 1, memory_order_release,
                                              memory_order_relaxed))
      return g;
  }
}

/* Steals half of p2's queue into p's ring (p's owner calls this); returns
 * one G to run, or NULL. */
static sched_g *runqsteal(sched_p *p, sched_p *p2, bool steal_runnext) {
  uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
  uint32_t n;
  for (;;) {
    uint32_t h2 = atomic_load_explicit(&p2->runqhead, memory_order_acquire);
    uint32_t t2 = atomic_load_explicit(&p2->runqtail, memory_order_acquire);
    n = t2 - h2;
    n = n - n / 2;
    if (n == 0) {
      if (!steal_runnext) return NULL;
      sched_g *next = atomic_load(&p2->runnext);
      if (next == NULL || atomic_load(&p2->status) != P_RUNNING) return NULL;
      /* Let the owner, who probably just readied it, run it first. */
      struct timespec ts = {0, 3000};
      nanosleep(&ts, NULL);
      if (!atomic_compare_exchange_strong(&p2->runnext, &next, NULL)) return NULL;
      return next;
    }
    if (n > SCHED_RUNQ_SIZE / 2) continue; /* inconsistent h2/t2 */
    for (uint32_t i = 0; i < n; i++) {
      sched_g *g = atomic_load_explicit(&p2->runq[(h2 + i) % SCHED_RUNQ_SIZE], memory_order_relaxed);
      atomic_store_explicit(&p->runq[(t + i) % SCHED_RUNQ_SIZE], g, memory_order_relaxed);
    }
    if (atomic_compare_exchange_strong_explicit(&p2->runqhead, &h2, h2 + n, memory_order_acq_rel,
                                                memory_order_relaxed))
      break;
  }
  n--;
  sched_g *g = atomic_load_explicit(&p->runq[(t + n) % SCHED_RUNQ_SIZE], memory_order_relaxed);
  if (n > 0) atomic_store_explicit(&p->runqtail, t + n, memory_order_release);
  return g;
}

/* ------------------------------------------------------------ global queue */

/* sched.lock held; head..tail linked by schedlink */
static void globrunqput_batch(sched_g *head, sched_g *tail, int n) {
  tail->schedlink = NULL;
  if (sched.runqtail)
    sched.runqtail->schedlink = head;
  else
    sched.runqhead = head;
  sched.runqtail = tail;
  atomic_fetch_add(&sched.runqsize, n);
}

/* sched.lock held */
static void globrunqput(sched_g *g) {
  globrunqput_batch(g, g, 1);
}

/* sched.lock held. Takes one G to run and moves a fair share (at most max,
 * 0 = no limit beyond half the ring) into p's local queue. */
static sched_g *globrunqget(sched_p *p, int max) {
  int size = atomic_load(&sched.runqsize);
  if (size == 0) return NULL;
  int n = size / sched.gomaxprocs + 1;
  if (n > size) n = size;
  if (max > 0 && n > max) n = max;
  if (n > SCHED_RUNQ_SIZE / 2) n = SCHED_RUNQ_SIZE / 2;
  atomic_fetch_sub(&sched.runqsize, n);
  sched_g *g = sched.runqhead;
  sched.runqhead = g->schedlink;
  for (int i = 1; i < n; i++) {
    sched_g *g2 = sched.runqhead;
    sched.runqhead = g2->schedlink;
    runqput(p, g2, false);
  }
  if (sched.runqhead == NULL) sched.runqtail = NULL;
  return g;
}

/* Puts a list of runnable Gs (linked by schedlink) on the global queue and
 * wakes Ms for them. Any context. */
void sched_readylist_inject(sched_g *list) {
  if (list == NULL) return;
  int n = 0;
  sched_g *tail = list;
  for (sched_g *g = list; g; g = g->schedlink) {
    atomic_store(&g->status, G_RUNNABLE);
    tail = g;
    n++;
  }
  sched_mutex_lock(&sched.lock);
  globrunqput_batch(list, tail, n);
  sched_mutex_unlock(&sched.lock);
  for (int i = 0; i < n && atomic_load(&sched.npidle) > 0; i++)
    sched_wakep();
}

/* ---------------------------------------------------- idle Ps and idle Ms */

/* sched.lock held */
static void pidleput(sched_p *p) {
  atomic_store(&p->status, P_IDLE);
  __atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
  p->link = sched.pidle;
  sched.pidle = p;
  atomic_fetch_add(&sched.npidle, 1);
}

/* sched.lock held */
static sched_p *pidleget(void) {
  sched_p *p = sched.pidle;
  if (p) {
    sched.pidle = p->link;
    atomic_fetch_sub(&sched.npidle, 1);
  }
  return p;
}

/* sched.lock held */
static void mput(sched_m *m) {
  m->schedlink = sched.midle;
  sched.midle = m;
  m->in_midle = true;
  sched.nmidle++;
}

/* sched.lock held */
static sched_m *mget(void) {
  sched_m *m = sched.midle;
  if (m) {
    sched.midle = m->schedlink;
    m->in_midle = false;
    sched.nmidle--;
  }
  return m;
}

/* sched.lock held */
static void mremove(sched_m *m) {
  for (sched_m **pp = &sched.midle; *pp; pp = &(*pp)->schedlink) {
    if (*pp == m) {
      *pp = m->schedlink;
      m->in_midle = false;
      sched.nmidle--;
      return;
    }
  }
}

static void acquirep(sched_m *m, sched_p *p) {
  m->p = p;
  __atomic_store_n(&p->m, m, __ATOMIC_RELAXED);
  atomic_store(&p->status, P_RUNNING);
  m->tls->p = p;
}

static sched_p *releasep(sched_m *m) {
  sched_p *p = m->p;
  m->p = NULL;
  m->tls->p = NULL;
  __atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
  return p;
}

static void checkdead(void);
static void newm(sched_p *p, bool spinning);

struct newm_req {
  sched_p *p;
  bool spinning;
};

static void newm_sys(void *arg) {
  struct newm_req *r = arg;
  newm(r->p, r->spinning);
}

/* Starts an M (idle or new) to run p (or an idle P if p is NULL). */
static void startm(sched_p *p, bool spinning) {
  sched_mutex_lock(&sched.lock);
  if (p == NULL) {
    p = pidleget();
    if (p == NULL) {
      sched_mutex_unlock(&sched.lock);
      if (spinning) atomic_fetch_sub(&sched.nmspinning, 1);
      return;
    }
  }
  sched_m *m = mget();
  sched_mutex_unlock(&sched.lock);
  if (m == NULL) {
    struct newm_req r = {p, spinning};
    sched_systemstack(newm_sys, &r); /* pthread_create needs a deep stack */
    return;
  }
  m->spinning = spinning;
  m->nextp = p;
  sched_note_wakeup(&m->park);
}

void sched_wakep(void) {
  if (atomic_load(&sched.npidle) == 0) return;
  int z = 0;
  if (atomic_load(&sched.nmspinning) != 0 || !atomic_compare_exchange_strong(&sched.nmspinning, &z, 1))
    return;
  startm(NULL, true);
}

/* Gives up p: to a new M if it has work, else to the idle list. */
static void handoffp(sched_p *p) {
  if (!runq_empty(p) || atomic_load(&sched.runqsize) > 0) {
    startm(p, false);
    return;
  }
  if (atomic_load(&sched.nmspinning) + atomic_load(&sched.npidle) == 0) {
    int z = 0;
    if (atomic_compare_exchange_strong(&sched.nmspinning, &z, 1)) {
      startm(p, true);
      return;
    }
  }
  sched_mutex_lock(&sched.lock);
  if (atomic_load(&sched.gcwaiting)) {
    atomic_store(&p->status, P_STOP);
    __atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
    if (--sched.stopwait == 0) sched_note_wakeup(&sched.stopnote);
    sched_mutex_unlock(&sched.lock);
    return;
  }
  if (atomic_load(&sched.runqsize) > 0) {
    sched_mutex_unlock(&sched.lock);
    startm(p, false);
    return;
  }
  pidleput(p);
  sched_mutex_unlock(&sched.lock);
  if (atomic_load(&p->timer0when) != 0) sched_wakep(); /* someone must wait for its timers */
  if (atomic_load(&sched.netpoll_blocked)) netpoll_break();
}

/* Parks m until startm hands it a P. until > 0: also wake at that time
 * (nanotime) to run timers. Returns with m->p set, or with m->p == NULL
 * when M0 must leave sched_main. */
static void stopm(sched_m *m, int64_t until) {
  for (;;) {
    sched_mutex_lock(&sched.lock);
    if (m == sched.m0 && atomic_load(&sched.main_done)) {
      /* main finished while we were on our way here (see wake_m0) */
      sched_mutex_unlock(&sched.lock);
      return;
    }
    mput(m);
    checkdead();
    sched_mutex_unlock(&sched.lock);
    int64_t ns = -1;
    if (until > 0) {
      ns = until - sched_nanotime();
      if (ns < 0) ns = 0;
    }
    sched_hs_m_release(m); /* asleep: a GC handshake may flush our cache */
    if (!sched_note_sleep_ns(&m->park, ns)) {
      sched_mutex_lock(&sched.lock);
      if (m->in_midle) {
        /* timed out and nobody took us: run the timers ourselves */
        mremove(m);
        sched_p *p = pidleget();
        sched_mutex_unlock(&sched.lock);
        sched_hs_m_acquire(m);
        if (p) {
          acquirep(m, p);
          m->spinning = true;
          atomic_fetch_add(&sched.nmspinning, 1);
          return;
        }
        until = 0;
        continue;
      }
      sched_mutex_unlock(&sched.lock);
      sched_note_sleep(&m->park); /* someone took us: wait for its wakeup */
    }
    sched_hs_m_acquire(m);
    sched_note_clear(&m->park);
    if (m->nextp) {
      acquirep(m, m->nextp);
      m->nextp = NULL;
    }
    return;
  }
}

/* ------------------------------------------------------------- G lifecycle */

static void allgadd(sched_g *g) {
  sched_mutex_lock(&sched.allglock);
  if (sched.nallgs == sched.capallgs) {
    size_t cap = sched.capallgs ? sched.capallgs * 2 : 1024;
    sched_g **n = realloc(sched.allgs, cap * sizeof *n);
    if (n == NULL) sched_fatal("out of memory allocating allgs");
    sched.allgs = n;
    sched.capallgs = cap;
  }
  sched.allgs[sched.nallgs++] = g;
  sched_mutex_unlock(&sched.allglock);
}

static void g_init_stack(sched_g *g);

/* The per-goroutine state a new goroutine starts from, set while the G is
 * dead (gfput, or newproc for a G that is not `ready`). */
static void g_reset(sched_g *g) {
  g->fn = NULL;
  g->arg = NULL;
  g->lockedm = NULL;
  g->defer_top = NULL;
  g->panic_top = NULL;
  g->defer_pool = NULL; /* a dead G is no GC root: its old pool may be freed */
  g->sig = 0;
}

/* Dead G: drop every segment but the first; keep the first for reuse,
 * already laid out for the next goroutine's first switch: the G's lines
 * and its stack top are in this CPU's cache now, and will not be when a
 * go statement takes the G again (see sched_g). */
static void gfput(sched_p *p, sched_g *g) {
  stack_seg *s = g->seg;
  /* stack_total == the first segment's size: no other segment, and no
   * need to touch the segment header (another cache miss) */
  if (g->stack_total != stack_first_size) {
    while (s && s->prev) {
      stack_seg *prev = s->prev;
      stack_free(p, s);
      s = prev;
    }
    g->seg = s;
  }
  if (g->seg_cache) {
    stack_free(p, g->seg_cache);
    g->seg_cache = NULL;
  }
  g_reset(g);
  g_init_stack(g);
  g->ready = true;
  /* not cleared: waitreason (sched_park clears it), param (every parker
   * clears it first), lockedcount (goexit) -- they sit in the G's cold
   * cache line */
  g->schedlink = p->gfree;
  p->gfree = g;
  if (++p->ngfree >= 64) {
    /* move half to the global list */
    sched_mutex_lock(&sched.lock);
    while (p->ngfree > 32) {
      sched_g *x = p->gfree;
      p->gfree = x->schedlink;
      p->ngfree--;
      x->schedlink = sched.gfree;
      __atomic_store_n(&sched.gfree, x, __ATOMIC_RELAXED);
      sched.ngfree++;
    }
    sched_mutex_unlock(&sched.lock);
  }
}

/* May return a G without a segment (g->seg == NULL: from
 * sched.gfree_nostack); newproc gives it one. */
static sched_g *gfget(sched_p *p) {
  if (p->gfree == NULL && (__atomic_load_n(&sched.gfree, __ATOMIC_RELAXED) != NULL ||
                           __atomic_load_n(&sched.gfree_nostack, __ATOMIC_RELAXED) != NULL)) {
    sched_mutex_lock(&sched.lock);
    while (p->ngfree < 32 && (sched.gfree || sched.gfree_nostack)) {
      sched_g *x;
      if (sched.gfree) {
        x = sched.gfree;
        __atomic_store_n(&sched.gfree, x->schedlink, __ATOMIC_RELAXED);
        sched.ngfree--;
      } else {
        x = sched.gfree_nostack;
        __atomic_store_n(&sched.gfree_nostack, x->schedlink, __ATOMIC_RELAXED);
        sched.ngfree_nostack--;
      }
      x->schedlink = p->gfree;
      p->gfree = x;
      p->ngfree++;
    }
    sched_mutex_unlock(&sched.lock);
  }
  sched_g *g = p->gfree;
  if (g) {
    p->gfree = g->schedlink;
    p->ngfree--;
  }
  return g;
}

/* ----------------------------------------------- free-G stack purging */

static _Atomic int purge_requested;
static _Atomic uint32_t purges;

void sched_request_stack_purge(void) {
  atomic_store_explicit(&purge_requested, 1, memory_order_relaxed);
}

uint32_t sched_stack_purges(void) {
  return atomic_load(&purges);
}

struct purge_req {
  size_t budget; /* bytes to unmap now; sysmon unmaps the rest later */
  size_t released;
};

/* sysmon's munmap budget per tick (16 MiB: a few ms of kernel time) */
#define SCHED_UNMAP_BUDGET ((size_t)16 << 20)

/* The global free list is detached under sched.lock in O(1) and its
 * segments freed outside the lock (gfget meanwhile finds it empty and
 * makes new Gs at worst), then the Gs are appended to gfree_nostack. The
 * per-P lists (at most 63 Gs each) keep their segments, as in gc. */
static void purge_sys(void *arg) {
  struct purge_req *r = arg;
  sched_mutex_lock(&sched.lock);
  sched_g *list = sched.gfree;
  int n = sched.ngfree;
  __atomic_store_n(&sched.gfree, NULL, __ATOMIC_RELAXED);
  sched.ngfree = 0;
  sched_mutex_unlock(&sched.lock);
  sched_g *tail = NULL;
  for (sched_g *g = list; g; g = g->schedlink) {
    if (g->seg) stack_free(NULL, g->seg); /* gfput left only the first segment */
    g->seg = NULL;
    g->ready = false;
    tail = g;
  }
  if (tail) {
    sched_mutex_lock(&sched.lock);
    tail->schedlink = sched.gfree_nostack;
    __atomic_store_n(&sched.gfree_nostack, list, __ATOMIC_RELAXED);
    sched.ngfree_nostack += n;
    sched_mutex_unlock(&sched.lock);
  }
  r->released = stack_release_free(r->budget);
  atomic_fetch_add(&purges, 1);
}

static size_t purge(size_t budget) {
  struct purge_req r = {budget, 0};
  sched_systemstack(purge_sys, &r); /* malloc, munmap */
  return r.released;
}

size_t sched_purge_free_stacks(void) {
  return purge(SIZE_MAX);
}

struct malg_req {
  sched_p *p;
  sched_g *g;
};

/* Gs are carved from zeroed, 64-byte aligned chunks of G_CHUNK (Gs are
 * never freed): aligned (the hot part of a G is two cache lines, not three)
 * without aligned_alloc's padding per G (parked-goroutine memory). */
#define G_CHUNK 64

static sched_g *galloc(void) {
  static sched_g *chunk;
  static int used = G_CHUNK;
  sched_mutex_lock(&sched.allglock);
  if (used == G_CHUNK) {
    chunk = aligned_alloc(_Alignof(sched_g), G_CHUNK * sizeof *chunk); /* TODO(gc): rog_alloc; Gs are roots */
    if (chunk == NULL) sched_fatal("out of memory allocating a goroutine");
    memset(chunk, 0, G_CHUNK * sizeof *chunk);
    used = 0;
  }
  sched_g *g = &chunk[used++];
  sched_mutex_unlock(&sched.allglock);
  return g;
}

static void malg_sys(void *arg) {
  struct malg_req *r = arg;
  sched_g *g = galloc();
  g->seg = stack_alloc(r->p, stack_first_size);
#ifdef ROG_TSAN
  g->tsan_fiber = __tsan_create_fiber(0);
#endif
  atomic_store(&g->status, G_DEAD);
  allgadd(g);
  r->g = g;
}

/* calloc and realloc need more stack than a goroutine segment promises. */
static sched_g *malg(sched_p *p) {
  struct malg_req r = {p, NULL};
  sched_systemstack(malg_sys, &r);
  return r.g;
}

/* Lays out the first switch into g: it "returns" into rog_ctx_start. */
static void g_init_stack(sched_g *g) {
  stack_seg *s = g->seg;
  /* g->seg is the first segment, of stack_first_size bytes (malg; gfput
   * keeps only that one): computed without reading its header */
  uintptr_t top = ((uintptr_t)s + stack_first_size) & ~(uintptr_t)15;
#if defined(__x86_64__)
  /* The first switch's `ret` pops rog_ctx_start; it must leave SP 16-byte
   * aligned, so that `call sched_gostart` enters with SP = 8 mod 16 as the
   * ABI requires: the return slot sits at 8 mod 16. */
  uintptr_t *sp = (uintptr_t *)(top - 24);
  sp[0] = (uintptr_t)rog_ctx_start;
  sp[1] = 0;
  sp[2] = 0;
  sp -= 6; /* rbp rbx r12 r13 r14 r15 */
  memset(sp, 0, 6 * sizeof *sp);
#elif defined(__aarch64__)
  uintptr_t *sp = (uintptr_t *)(top - 160);
  memset(sp, 0, 160);
  sp[11] = (uintptr_t)rog_ctx_start; /* x30 slot; x29 slot (10) stays 0 */
#endif
  g->sp = (uintptr_t)sp;
  g->stack_guard = stack_seg_guard(s);
  g->stack_total = stack_first_size;
}

/* Touches only the G's first line when the G is `ready` (sched_g). */
static sched_g *newproc(sched_p *p, void (*fn)(void *), void *arg) {
  sched_g *g = p ? gfget(p) : NULL;
  if (g == NULL) g = malg(p);
  if (__builtin_expect(!g->ready, 0)) { /* new, or its segment was purged */
    if (g->seg == NULL) g->seg = stack_alloc(p, stack_first_size);
    g_reset(g);
    g_init_stack(g);
  }
  g->ready = false;
  g->fn = fn;
  g->arg = arg;
  g->goid = next_goid(p);
  g->gopc = 0;
  sched_hs_newproc(g);
  p_count(p, 1);
  /* publication to other Ms is by the run queue's release store; release
   * here too for a GC handshake, which scans Gs it finds in allgs */
  atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_release);
  return g;
}

void sched_go(void (*fn)(void *), void *arg) {
  sched_go_pc(fn, arg, (uintptr_t)__builtin_return_address(0));
}

void sched_go_pc(void (*fn)(void *), void *arg, uintptr_t gopc) {
  if (__builtin_expect(!atomic_load_explicit(&sched.initialized, memory_order_acquire), 0)) sched_init();
  sched_m *m = sched_getm();
  sched_p *p = m ? m->p : NULL;
  sched_g *g = newproc(p, fn, arg);
  g->gopc = gopc;
  if (p) {
    runqput(p, g, true);
  } else {
    sched_mutex_lock(&sched.lock);
    globrunqput(g);
    sched_mutex_unlock(&sched.lock);
  }
  sched_wakep();
}

/* --------------------------------------------------------- switching core */

static void run_hook(sched_m *m);

/* Switches m from `from` to `to` (either may be g0). Returns when `from`
 * runs again, possibly on another M. */
static void gswitch(sched_m *m, sched_g *from, sched_g *to) {
  rog_tls_block *t = m->tls;
  if (!to->is_g0) sched_hs_switch_in(m, from, to); /* GC handshakes: take to's lock */
  if (!from->is_g0) {
    from->stack_guard = t->stack_guard;
    /* Not checked when from has exited: the header is at the segment's
     * far end from the stack top, a cache line the exit would miss on;
     * the segment goes with the G and is checked at its next switch-out. */
    if (__builtin_expect(atomic_load_explicit(&from->status, memory_order_relaxed) != G_DEAD &&
                             from->seg->magic != STACK_SEG_MAGIC,
                         0))
      sched_fatal("goroutine stack segment corrupted (C code without a stack check "
                  "overflowed its segment)");
  }
  if (to->is_g0) {
    m->curg = NULL;
    t->g = to;
    t->stack_guard = 0;
  } else {
    m->curg = to;
    atomic_store_explicit(&to->status, G_RUNNING, memory_order_relaxed);
    t->g = to;
    t->stack_guard = to->stack_guard;
    if (m->p) __atomic_store_n(&m->p->schedtick, m->p->schedtick + 1, __ATOMIC_RELAXED);
  }
  m->hs_release = from->is_g0 ? NULL : from; /* its lock, once it is off its stack */
#ifdef ROG_TSAN
  __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
  rog_ctx_switch(&from->sp, to->sp);
  run_hook(sched_getm());
}

/* Readying from a goroutine a G that will be the only runnable one on this
 * P does not wake another P: in the common handoff (a channel send or an
 * unlock followed by a receive or another wait) the current G blocks
 * within nanoseconds and the readied G runs next right here, while a woken
 * M would cost a futex wakeup, spin, find nothing (or steal the G and turn
 * a same-thread handoff into a cross-thread one) and park again. If the
 * current G keeps running instead, sysmon (every 20 us while Ps are busy)
 * sees the waiting G and wakes a P for it (retake). gc always wakes
 * (its proc.go ready() has a TODO about exactly this). */
/* Status stores on the switch paths are release stores, not seq_cst ones
 * (an xchg each on amd64): the G is handed over by the run queue's or the
 * wait queue's own synchronisation, and observers that need a consistent
 * view (checkdead, the collector) look with the world stopped or under
 * sched.lock. */
static void ready_on(sched_m *m, sched_g *g, bool next) {
  atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_release);
  if (m && m->p) {
    sched_p *p = m->p;
    bool alone = next && m->curg != NULL && atomic_load_explicit(&p->runnext, memory_order_relaxed) == NULL &&
                 atomic_load_explicit(&p->runqhead, memory_order_relaxed) ==
                     atomic_load_explicit(&p->runqtail, memory_order_relaxed);
    runqput(p, g, next);
    if (alone) return;
  } else {
    sched_mutex_lock(&sched.lock);
    globrunqput(g);
    sched_mutex_unlock(&sched.lock);
    if (atomic_load(&sched.netpoll_blocked)) netpoll_break();
  }
  sched_wakep();
}

void sched_ready(sched_g *g) {
  ready_on(sched_getm(), g, true);
}

static void run_hook(sched_m *m) {
  sched_hs_landed(m);
  int h = m->hook;
  if (h == HOOK_NONE) return;
  sched_g *g = m->hook_g;
  m->hook = HOOK_NONE;
  m->hook_g = NULL;
  switch (h) {
  case HOOK_PARK: {
    bool (*fn)(sched_g *, void *) = m->hook_fn;
    void *arg = m->hook_arg;
    m->hook_fn = NULL;
    m->hook_arg = NULL;
    if (fn && !fn(g, arg)) ready_on(m, g, true);
    break;
  }
  case HOOK_YIELD_LOCAL:
    runqput(m->p, g, false);
    break;
  case HOOK_YIELD_GLOBAL:
    sched_mutex_lock(&sched.lock);
    globrunqput(g);
    sched_mutex_unlock(&sched.lock);
    if (!m->p) sched_wakep();
    break;
  case HOOK_EXIT:
    gfput(m->p, g);
    break;
  }
}

/* Next G to switch to directly from a G on m, or NULL to go through g0. */
static sched_g *pick_local(sched_m *m) {
  sched_p *p = m->p;
  if (m->lockedg || atomic_load(&sched.gcwaiting) || p == NULL) return NULL;
  if (p->schedtick % 61 == 0 && atomic_load(&sched.runqsize) > 0)
    return NULL; /* let g0 look at the global queue (fairness) */
  if (atomic_load(&p->timer0when) != 0 && atomic_load(&p->timer0when) <= sched_nanotime())
    return NULL; /* let g0 run expired timers */
  sched_g *g = runqget(p);
  if (g && g->lockedm) {
    m->nextg = g; /* g0 hands it to its M */
    return NULL;
  }
  return g;
}

void sched_park(const char *reason, bool (*commit)(sched_g *, void *), void *arg) {
  sched_m *m = sched_getm();
  sched_g *g = m->curg;
  if (g == NULL) sched_fatal("sched_park: not on a goroutine");
  g->waitreason = reason;
  atomic_store_explicit(&g->status, G_WAITING, memory_order_release);
  stack_trim(m->p, g);
  m->hook = HOOK_PARK;
  m->hook_g = g;
  m->hook_fn = commit;
  m->hook_arg = arg;
  sched_g *next = pick_local(m);
  gswitch(m, g, next ? next : m->g0);
  g->waitreason = NULL;
}

bool sched_park_unlock(sched_g *g, void *mutex) {
  (void)g;
  sched_mutex_unlock((sched_mutex *)mutex);
  return true;
}

static void yield_global(sched_m *m, sched_g *g) {
  atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_release);
  m->hook = HOOK_YIELD_GLOBAL;
  m->hook_g = g;
  gswitch(m, g, m->g0);
}

void sched_gosched(void) {
  sched_m *m = sched_getm();
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL) return;
  if (m->lockedg || atomic_load(&sched.gcwaiting) || atomic_load(&sched.runqsize) > 0) {
    yield_global(m, g);
    return;
  }
  sched_g *next = pick_local(m);
  if (next == NULL) {
    if (m->nextg) yield_global(m, g);
    return; /* nothing else to run here: keep running */
  }
  atomic_store_explicit(&g->status, G_RUNNABLE, memory_order_release);
  m->hook = HOOK_YIELD_LOCAL;
  m->hook_g = g;
  gswitch(m, g, next);
}

void rog_checkpoint(void) {
  rog_tls_block *t = sched_tls();
  if (__atomic_load_n(&t->preempt, __ATOMIC_RELAXED) == 0) return;
  __atomic_store_n(&t->preempt, 0, __ATOMIC_RELAXED); /* sysmon sets it */
  sched_m *m = (sched_m *)t->m;
  if (m == NULL || m->curg == NULL || t->g != m->curg) return; /* g0 or a thread outside the scheduler */
  /* A GC handshake asked (gchandshake.c): run this M's and G's callback.
   * The request may have hidden sysmon's; it asks again. */
  if (sched_hs_checkpoint(m, m->curg) && !atomic_load(&sched.gcwaiting)) return;
  if (m->locks > 0) return; /* pinned (procPin): sysmon and stop-the-world ask again */
  yield_global(m, m->curg);
}

static void wake_m0(void);

void sched_goexit(void) {
  sched_m *m = sched_getm();
  sched_g *g = m->curg;
  if (g == NULL) sched_fatal("goexit on g0");
  if (g == __atomic_load_n(&sched.main_g, __ATOMIC_RELAXED)) {
    atomic_store(&sched.main_done, 1);
    wake_m0();
  }
  if (g->lockedm) {
    g->lockedm = NULL;
    g->lockedcount = 0;
    m->lockedg = NULL;
  }
  atomic_store_explicit(&g->status, G_DEAD, memory_order_relaxed);
  p_count(m->p, -1);
  m->hook = HOOK_EXIT;
  m->hook_g = g;
  sched_g *next = pick_local(m);
  gswitch(m, g, next ? next : m->g0);
  __builtin_unreachable();
}

/* First code of every goroutine, on its own stack (from rog_ctx_start). */
void sched_gostart(void) {
  sched_m *m = sched_getm();
  run_hook(m);
  sched_g *g = sched_getm()->curg;
  g->fn(g->arg);
  sched_goexit();
}

__attribute__((noinline)) void sched_record_context(sched_g *g) {
  uintptr_t *r = g->blocked_regs;
#if defined(__x86_64__)
  __asm__ volatile("movq %%rbx, 0(%0)\n\tmovq %%rbp, 8(%0)\n\tmovq %%r12, 16(%0)\n\t"
                   "movq %%r13, 24(%0)\n\tmovq %%r14, 32(%0)\n\tmovq %%r15, 40(%0)"
                   :
                   : "r"(r)
                   : "memory");
  uintptr_t sp;
  __asm__ volatile("movq %%rsp, %0" : "=r"(sp));
#elif defined(__aarch64__)
  __asm__ volatile("stp x19, x20, [%0, #0]\n\tstp x21, x22, [%0, #16]\n\tstp x23, x24, [%0, #32]\n\t"
                   "stp x25, x26, [%0, #48]\n\tstp x27, x28, [%0, #64]\n\tstp x29, x30, [%0, #80]"
                   :
                   : "r"(r)
                   : "memory");
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
  /* Nobody resumes a running G from g->sp: the next switch away from it
   * stores its SP again, so overwriting it here is safe. */
  g->sp = sp;
}

void sched_systemstack(void (*fn)(void *), void *arg) {
  rog_tls_block *t = sched_tls();
  sched_m *m = (sched_m *)t->m;
  if (m == NULL || t->g == m->g0 || m->curg == NULL) {
    fn(arg);
    return;
  }
  /* fn may run a collection (the allocation slow path does): the GC scans
   * this goroutine from what is recorded here, not from the g0 frames. */
  sched_record_context(m->curg);
  /* While fn runs, the thread is "on g0" (t->g == g0): nested calls run
   * in place, and fn cannot park. */
  uintptr_t guard = t->stack_guard;
  void *g = t->g;
  t->stack_guard = 0;
  t->g = m->g0;
  uintptr_t sp = (m->g0->sp - 512) & ~(uintptr_t)15;
  rog_call_on_stack(fn, arg, sp);
  t->g = g;
  t->stack_guard = guard;
}

/* ------------------------------------------------------------ LockOSThread */

void sched_lock_os_thread(void) {
  sched_m *m = sched_getm();
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL) return;
  g->lockedcount++;
  g->lockedm = m;
  m->lockedg = g;
}

void sched_unlock_os_thread(void) {
  sched_m *m = sched_getm();
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL || g->lockedcount == 0) return;
  if (--g->lockedcount == 0) {
    g->lockedm = NULL;
    m->lockedg = NULL;
  }
}

/* m's locked G is not runnable: give the P away and sleep until another M
 * hands the G back (startlockedm). */
static void stoplockedm(sched_m *m) {
  if (m->p) handoffp(releasep(m));
  sched_mutex_lock(&sched.lock);
  if (m->nextp == NULL) { /* not handed back yet: count us idle */
    m->locked_idle = true;
    sched.nmidlelocked++;
    checkdead();
  }
  sched_mutex_unlock(&sched.lock);
  sched_hs_m_release(m);
  sched_note_sleep(&m->park);
  sched_hs_m_acquire(m);
  sched_note_clear(&m->park);
  /* startlockedm already took us out of nmidlelocked */
  acquirep(m, m->nextp);
  m->nextp = NULL;
}

/* g is locked to another M: give it our P and the G, then park. */
static void startlockedm(sched_m *m, sched_g *g) {
  sched_m *lm = g->lockedm;
  sched_p *p = releasep(m);
  sched_mutex_lock(&sched.lock);
  /* count lm as running before we go idle, or checkdead could see nobody */
  if (lm->locked_idle) {
    lm->locked_idle = false;
    sched.nmidlelocked--;
  }
  lm->nextp = p; /* under the lock: stoplockedm checks it */
  sched_mutex_unlock(&sched.lock);
  sched_note_wakeup(&lm->park);
  (void)g;
  stopm(m, 0);
}

/* ----------------------------------------------------------- stop the world */

static void preemptone(sched_p *p) {
  sched_m *m = __atomic_load_n(&p->m, __ATOMIC_RELAXED);
  rog_tls_block *t = m ? __atomic_load_n(&m->tls, __ATOMIC_RELAXED) : NULL;
  if (t) __atomic_store_n(&t->preempt, 1, __ATOMIC_RELAXED);
}

static void gcstopm(sched_m *m) {
  sched_p *p = releasep(m);
  sched_mutex_lock(&sched.lock);
  if (m->spinning) {
    m->spinning = false;
    atomic_fetch_sub(&sched.nmspinning, 1);
  }
  atomic_store(&p->status, P_STOP);
  if (--sched.stopwait == 0) sched_note_wakeup(&sched.stopnote);
  sched_mutex_unlock(&sched.lock);
  stopm(m, 0);
}

/* Callable from a goroutine (its own P is stopped in place and it keeps
 * running) or from a thread outside the scheduler, such as a GC worker
 * (then every P must stop). */
void sched_stop_the_world(const char *reason) {
  (void)reason;
  sched_init();
  sched_m *m = sched_getm();
  sched_p *own = m ? m->p : NULL;
  sched_mutex_lock(&sched.lock);
  sched.stopwait = sched.gomaxprocs;
  atomic_store(&sched.gcwaiting, 1);
  sched_note_clear(&sched.stopnote);
  if (own) {
    atomic_store(&own->status, P_STOP);
    sched.stopwait--;
  }
  for (int i = 0; i < sched.gomaxprocs; i++) {
    sched_p *p = sched.allp[i];
    uint32_t s = P_SYSCALL;
    if (atomic_compare_exchange_strong(&p->status, &s, P_STOP)) sched.stopwait--;
  }
  sched_p *p;
  while ((p = pidleget()) != NULL) {
    atomic_store(&p->status, P_STOP);
    sched.stopwait--;
  }
  bool wait = sched.stopwait > 0;
  sched_mutex_unlock(&sched.lock);
  while (wait) {
    for (int i = 0; i < sched.gomaxprocs; i++)
      if (atomic_load(&sched.allp[i]->status) == P_RUNNING) preemptone(sched.allp[i]);
    if (sched_note_sleep_ns(&sched.stopnote, 100000)) break;
  }
}

void sched_start_the_world(void) {
  sched_m *m = sched_getm();
  sched_p *own = m ? m->p : NULL;
  sched_mutex_lock(&sched.lock);
  atomic_store(&sched.gcwaiting, 0);
  if (own) atomic_store(&own->status, P_RUNNING);
  /* Ps with work get an M; the rest go idle. Linked through p->link (no
   * array on the caller's stack: it may be a small goroutine segment). */
  sched_p *torun = NULL;
  for (int i = 0; i < sched.gomaxprocs; i++) {
    sched_p *p = sched.allp[i];
    if (p == own || atomic_load(&p->status) != P_STOP) continue;
    if (!runq_empty(p) || atomic_load(&sched.runqsize) > 0) {
      __atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
      p->link = torun;
      torun = p;
    } else {
      pidleput(p);
    }
  }
  sched_mutex_unlock(&sched.lock);
  while (torun) {
    sched_p *p = torun;
    torun = p->link;
    startm(p, false);
  }
  sched_wakep();
}

/* ----------------------------------------------------------------- syscalls */

void sched_entersyscall(void) {
  sched_m *m = sched_getm();
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL || m->p == NULL) return;
  /* A collection may scan g while it is in the call: from here (on g0,
   * sched_systemstack has recorded it already). */
  if (sched_tls()->g == g) sched_record_context(g);
  sched_p *p = m->p;
  atomic_store(&g->status, G_SYSCALL);
  sched_hs_entersyscall(m, g); /* a GC handshake may scan g and flush m's cache meanwhile */
  atomic_fetch_add(&p->syscalltick, 1);
  releasep(m);
  m->oldp = p;
  __atomic_store_n(&p->m, m, __ATOMIC_RELAXED); /* still ours unless sysmon retakes it */
  atomic_store(&p->status, P_SYSCALL);
  if (atomic_load(&sched.gcwaiting)) {
    uint32_t s = P_SYSCALL;
    if (atomic_compare_exchange_strong(&p->status, &s, P_STOP)) {
      sched_mutex_lock(&sched.lock);
      __atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
      if (--sched.stopwait == 0) sched_note_wakeup(&sched.stopnote);
      sched_mutex_unlock(&sched.lock);
    }
  }
}

void sched_exitsyscall(void) {
  sched_m *m = sched_getm();
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL || atomic_load(&g->status) != G_SYSCALL) return;
  sched_hs_exitsyscall(m, g);
  sched_p *p = m->oldp;
  m->oldp = NULL;
  uint32_t s = P_SYSCALL;
  if (p && atomic_compare_exchange_strong(&p->status, &s, P_RUNNING)) {
    acquirep(m, p);
    atomic_fetch_add(&p->syscalltick, 1);
    atomic_store(&g->status, G_RUNNING);
    return;
  }
  p = NULL;
  sched_mutex_lock(&sched.lock);
  if (!atomic_load(&sched.gcwaiting)) p = pidleget();
  sched_mutex_unlock(&sched.lock);
  if (p) {
    acquirep(m, p);
    atomic_store(&g->status, G_RUNNING);
    return;
  }
  /* no P: queue ourselves globally and let g0 park this M */
  yield_global(m, g);
}

/* ---------------------------------------------------------- find_runnable */

static void resetspinning(sched_m *m) {
  if (m->spinning) {
    m->spinning = false;
    atomic_fetch_sub(&sched.nmspinning, 1);
    sched_wakep(); /* there may be more work: keep one M looking */
  }
}

static bool main_exit_requested(sched_m *m) {
  return m == sched.m0 && atomic_load(&sched.main_done);
}

/* Runs on g0. Returns a G to run, with m->p held, or NULL if M0 must leave
 * sched_main. */
static sched_g *find_runnable(sched_m *m) {
top:
  if (main_exit_requested(m)) return NULL;
  if (m->p == NULL) {
    stopm(m, 0);
    goto top;
  }
  sched_p *p = m->p;
  if (atomic_load(&sched.gcwaiting)) {
    gcstopm(m);
    goto top;
  }
  int64_t now = sched_nanotime();
  if (atomic_load(&p->timer0when) != 0) timers_run(p, now);
  sched_g *g;
  if (p->schedtick % 61 == 0 && atomic_load(&sched.runqsize) > 0) {
    sched_mutex_lock(&sched.lock);
    g = globrunqget(p, 1);
    sched_mutex_unlock(&sched.lock);
    if (g) return g;
  }
  if ((g = runqget(p)) != NULL) return g;
  if (atomic_load(&sched.runqsize) > 0) {
    sched_mutex_lock(&sched.lock);
    g = globrunqget(p, 0);
    sched_mutex_unlock(&sched.lock);
    if (g) return g;
  }
  if (netpoll_inited() && atomic_load(&sched.netpoll_waiters) > 0 && !atomic_load(&sched.netpoll_blocked)) {
    sched_g *list = netpoll(0);
    if (list) {
      g = list;
      sched_readylist_inject(list->schedlink);
      return g;
    }
  }
  /* steal */
  int procs = sched.gomaxprocs;
  if (m->spinning || 2 * atomic_load(&sched.nmspinning) < procs - atomic_load(&sched.npidle)) {
    if (!m->spinning) {
      m->spinning = true;
      atomic_fetch_add(&sched.nmspinning, 1);
    }
    for (int i = 0; i < 4; i++) {
      uint32_t start = fastrand_step(&p->fastrand) % (uint32_t)procs;
      for (int k = 0; k < procs; k++) {
        sched_p *p2 = sched.allp[(start + k) % procs];
        if (p2 == p) continue;
        int64_t w = atomic_load(&p2->timer0when);
        if (w != 0 && w <= now) {
          timers_run(p2, now);
          if ((g = runqget(p)) != NULL) {
            resetspinning(m);
            return g;
          }
        }
        if ((g = runqsteal(p, p2, i == 3)) != NULL) {
          resetspinning(m);
          return g;
        }
      }
    }
  }
  /* nothing to do: give up the P */
  sched_mutex_lock(&sched.lock);
  if (atomic_load(&sched.gcwaiting)) {
    sched_mutex_unlock(&sched.lock);
    goto top;
  }
  if (atomic_load(&sched.runqsize) > 0) {
    g = globrunqget(p, 0);
    sched_mutex_unlock(&sched.lock);
    if (g) {
      resetspinning(m);
      return g;
    }
    goto top;
  }
  releasep(m);
  pidleput(p);
  sched_mutex_unlock(&sched.lock);
  if (m->spinning) {
    m->spinning = false;
    atomic_fetch_sub(&sched.nmspinning, 1);
    for (int i = 0; i < procs; i++) {
      if (!runq_empty(sched.allp[i])) {
        sched_mutex_lock(&sched.lock);
        sched_p *p2 = pidleget();
        sched_mutex_unlock(&sched.lock);
        if (p2) {
          acquirep(m, p2);
          m->spinning = true;
          atomic_fetch_add(&sched.nmspinning, 1);
          goto top;
        }
        break;
      }
    }
  }
  int64_t until = timers_earliest();
  if (netpoll_inited() && atomic_load(&sched.netpoll_waiters) > 0) {
    int z = 0;
    if (atomic_compare_exchange_strong(&sched.netpoll_blocked, &z, 1)) {
      if (main_exit_requested(m)) {
        atomic_store(&sched.netpoll_blocked, 0);
        return NULL;
      }
      int64_t delay = -1;
      if (until > 0) {
        delay = until - sched_nanotime();
        if (delay < 0) delay = 0;
      }
      sched_hs_m_release(m);
      sched_g *list = netpoll(delay);
      sched_hs_m_acquire(m);
      atomic_store(&sched.netpoll_blocked, 0);
      sched_mutex_lock(&sched.lock);
      sched_p *p2 = pidleget();
      sched_mutex_unlock(&sched.lock);
      if (p2) {
        acquirep(m, p2);
        if (list) {
          g = list;
          sched_readylist_inject(list->schedlink);
          return g;
        }
        m->spinning = true;
        atomic_fetch_add(&sched.nmspinning, 1);
        goto top;
      }
      sched_readylist_inject(list);
    }
  }
  stopm(m, until);
  goto top;
}

static void execute(sched_m *m, sched_g *g) {
  if (g->lockedm && g->lockedm != m) {
    startlockedm(m, g);
    return;
  }
  gswitch(m, m->g0, g);
}

/* The g0 loop of every M. Returns only for M0 when the main goroutine is
 * done. */
static void schedule_loop(sched_m *m) {
  sched_hs_m_acquire(m);
  for (;;) {
    run_hook(m);
    sched_hs_idle(m);
    if (main_exit_requested(m)) {
      sched_hs_m_release(m);
      return;
    }
    if (m->lockedg) {
      stoplockedm(m);
      sched_g *lg = m->lockedg;
      if (lg) gswitch(m, m->g0, lg);
      continue;
    }
    sched_g *g = m->nextg;
    m->nextg = NULL;
    if (g == NULL) g = find_runnable(m);
    if (g == NULL) continue;
    /* a spinning M that found work stops spinning and lets another M spin,
     * otherwise nmspinning leaks and wakep never starts anyone */
    resetspinning(m);
    execute(m, g);
  }
}

/* ------------------------------------------------------------------ threads */

static sched_m *allocm(void) {
  sched_m *m = calloc(1, sizeof *m);
  sched_g *g0 = aligned_alloc(_Alignof(sched_g), sizeof *g0);
  if (m == NULL || g0 == NULL) sched_fatal("out of memory allocating an M");
  memset(g0, 0, sizeof *g0);
  g0->is_g0 = true;
  atomic_store(&g0->status, G_RUNNING);
  m->g0 = g0;
  sched_mutex_lock(&sched.lock);
  m->id = sched.mcount++;
  m->alllink = sched.allm;
  sched.allm = m;
  sched_mutex_unlock(&sched.lock);
  return m;
}

void sched_signal_minit(void); /* runtime/signal: alternate signal stack */

static void minit(sched_m *m) {
  rog_tls_block *t = sched_tls();
  t->m = m;
  t->g = m->g0;
#ifdef ROG_TSAN
  m->g0->tsan_fiber = __tsan_get_current_fiber();
#endif
  t->stack_guard = 0;
  __atomic_store_n(&t->preempt, 0, __ATOMIC_RELAXED);
  /* published last: GC handshakes and sysmon write its preempt word */
  __atomic_store_n(&m->tls, t, __ATOMIC_RELEASE);
  sched_signal_minit();
}

static void *mstart(void *arg) {
  sched_m *m = arg;
  minit(m);
  acquirep(m, m->nextp);
  m->nextp = NULL;
  schedule_loop(m);
  return NULL;
}

static void newm(sched_p *p, bool spinning) {
  sched_m *m = allocm();
  m->nextp = p;
  m->spinning = spinning;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t th;
  if (pthread_create(&th, &attr, mstart, m) != 0) sched_fatal("newm: cannot create an OS thread");
  pthread_attr_destroy(&attr);
}

/* sched.lock held, the caller's M is about to sleep. */
static void checkdead(void) {
  int run = sched.mcount - sched.nmidle - sched.nmidlelocked;
  if (run > 0) return;
  if (sched.main_g == NULL || atomic_load(&sched.main_done)) return;
  if (atomic_load(&sched.gcwaiting)) return; /* stopped by someone outside the scheduler (a GC thread) */
  if (atomic_load(&sched.ntimers) > 0 || atomic_load(&sched.netpoll_waiters) > 0) return;
  if (atomic_load(&sched.runqsize) > 0) return;
  for (int i = 0; i < sched.gomaxprocs; i++)
    if (!runq_empty(sched.allp[i])) return;
  /* gc: a main goroutine gone through runtime.Goexit with nothing else
   * waiting is "no goroutines"; it is not listed either way */
  bool main_goexit = atomic_load(&sched.main_goexit);
  int waiting = 0;
  for (size_t i = 0; i < sched.nallgs; i++)
    if (atomic_load(&sched.allgs[i]->status) == G_WAITING && !(main_goexit && sched.allgs[i] == sched.main_g))
      waiting++;
  if (main_goexit && waiting == 0) {
    sched_print_str("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
    _exit(2);
  }
  sched_print_str("fatal error: all goroutines are asleep - deadlock!\n");
  for (size_t i = 0; i < sched.nallgs; i++) {
    sched_g *g = sched.allgs[i];
    if (atomic_load(&g->status) != G_WAITING || (main_goexit && g == sched.main_g)) continue;
    sched_print_str("\n");
    sched_print_goroutine(g, false, 0);
  }
  _exit(2);
}

static void wake_m0(void) {
  sched_m *m0 = sched.m0;
  sched_mutex_lock(&sched.lock);
  if (m0->in_midle) {
    mremove(m0);
    m0->nextp = NULL;
    sched_mutex_unlock(&sched.lock);
    sched_note_wakeup(&m0->park);
    return;
  }
  sched_mutex_unlock(&sched.lock);
  if (atomic_load(&sched.netpoll_blocked)) netpoll_break();
}

/* ------------------------------------------------------------------- sysmon */

static void retake(int64_t now) {
  for (int i = 0; i < sched.gomaxprocs; i++) {
    sched_p *p = sched.allp[i];
    uint32_t s = atomic_load(&p->status);
    if (s != P_RUNNING && s != P_SYSCALL) continue;
    uint32_t tick = __atomic_load_n(&p->schedtick, __ATOMIC_RELAXED);
    if (p->sysmon_tick != tick) {
      p->sysmon_tick = tick;
      p->sysmon_when = now;
    } else if (s == P_RUNNING && now - p->sysmon_when >= 10000000) {
      preemptone(p);
    } else if (s == P_RUNNING) {
      /* a G readied without a wakeup (ready_on) still waits: give it a P */
      if (!runq_empty(p) && atomic_load(&sched.npidle) > 0 && atomic_load(&sched.nmspinning) == 0)
        sched_wakep();
      /* its own timers are overdue by > 1 ms while one G hogs the P:
       * preempt early so they run (gc waits for the 10 ms slice) */
      int64_t w = atomic_load(&p->timer0when);
      if (w != 0 && now - w > 1000000 && now - p->sysmon_when > 1000000) preemptone(p);
    }
    if (s == P_SYSCALL) {
      uint32_t st = atomic_load(&p->syscalltick);
      if (p->sysmon_syscalltick != st) {
        p->sysmon_syscalltick = st;
        p->sysmon_when = now;
        continue;
      }
      if (runq_empty(p) && atomic_load(&sched.nmspinning) + atomic_load(&sched.npidle) > 0 &&
          now - p->sysmon_when < 10000000)
        continue;
      if (atomic_compare_exchange_strong(&p->status, &s, P_IDLE)) {
        __atomic_store_n(&p->m, NULL, __ATOMIC_RELAXED);
        atomic_fetch_add(&p->syscalltick, 1);
        handoffp(p);
      }
    }
  }
}

static void *sysmon(void *arg) {
  (void)arg;
  rog_tls_block *t = sched_tls();
  t->m = NULL;
  t->g = NULL;
  int64_t delay_us = 20;
  int idle = 0;
  for (;;) {
    struct timespec ts = {0, delay_us * 1000};
    nanosleep(&ts, NULL);
    int64_t now = sched_nanotime();
    bool busy = atomic_load(&sched.npidle) < sched.gomaxprocs;
    if (busy) retake(now);
    if (netpoll_inited() && atomic_load(&sched.netpoll_waiters) > 0 && !atomic_load(&sched.netpoll_blocked) &&
        now - atomic_load(&sched.lastpoll) > 10000000) {
      sched_readylist_inject(netpoll(0));
    }
    int64_t next = timers_earliest();
    if (next != 0 && next < now - 1000000) sched_wakep(); /* overdue timers and nobody looking */
    if (atomic_load_explicit(&purge_requested, memory_order_relaxed) && atomic_exchange(&purge_requested, 0))
      purge(SCHED_UNMAP_BUDGET); /* a GC cycle started: free Gs give their stacks back */
    else if (stack_unmap_pending_bytes() > 0)
      stack_unmap_pending(SCHED_UNMAP_BUDGET);
    if (busy || stack_unmap_pending_bytes() > 0) {
      idle = 0;
      delay_us = 20;
    } else if (++idle > 50 && delay_us < 10000) {
      delay_us *= 2;
    }
  }
  return NULL;
}

/* --------------------------------------------------------------------- init */

void sched_opts_init(void); /* sched/opts.c: ROG_OPTS */
void sched_signal_init(void);

static int default_procs(void) {
  const char *env = getenv("GOMAXPROCS");
  if (env && *env) {
    char *end;
    long n = strtol(env, &end, 10);
    if (*end == 0 && n > 0 && n <= 1024) return (int)n;
  }
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n > 1024 ? 1024 : n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

static void do_init(void) {
  sched_opts_init();
  stack_init();
  int procs = default_procs();
  sched.gomaxprocs = procs;
  sched.allp = calloc((size_t)procs, sizeof *sched.allp);
  if (sched.allp == NULL) sched_fatal("out of memory in sched_init");
  for (int i = procs - 1; i >= 0; i--) {
    sched_p *p = calloc(1, sizeof *p);
    if (p == NULL) sched_fatal("out of memory in sched_init");
    p->id = i;
    p->fastrand = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1) ^ (uint64_t)sched_nanotime();
    if (p->fastrand == 0) p->fastrand = 1;
    sched.allp[i] = p;
    pidleput(p);
  }
  sched_m *m0 = allocm();
  sched.mcount--; /* M0 counts only while inside sched_main */
  sched.m0 = m0;
  minit(m0);
  sched_signal_init();
  pthread_t th;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 << 10);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&th, &attr, sysmon, NULL) != 0) sched_fatal("cannot start sysmon");
  pthread_attr_destroy(&attr);
  atomic_store(&sched.initialized, 1);
}

void sched_init(void) {
  pthread_once(&init_once, do_init);
}

struct main_call {
  void (*fn)(void *);
  void *arg;
};

static struct main_call main_call;

static void main_entry(void *arg) {
  (void)arg;
  main_call.fn(main_call.arg);
}

void sched_main(void (*fn)(void *), void *arg) {
  sched_init();
  sched_m *m = sched.m0;
  if (sched_getm() != m) sched_fatal("sched_main must be called on the thread that called sched_init");
  main_call.fn = fn;
  main_call.arg = arg;
  atomic_store(&sched.main_done, 0);
  sched_mutex_lock(&sched.lock);
  sched.mcount++;
  sched_p *p = pidleget();
  sched_mutex_unlock(&sched.lock);
  sched_g *g = newproc(p, main_entry, NULL);
  __atomic_store_n(&sched.main_g, g, __ATOMIC_RELAXED);
  if (p) {
    acquirep(m, p);
    runqput(p, g, true);
  } else {
    sched_mutex_lock(&sched.lock);
    globrunqput(g);
    sched_mutex_unlock(&sched.lock);
  }
  schedule_loop(m);
  /* main goroutine finished: leave the scheduler */
  if (m->spinning) {
    m->spinning = false;
    atomic_fetch_sub(&sched.nmspinning, 1);
  }
  if (m->p) handoffp(releasep(m));
  sched_mutex_lock(&sched.lock);
  sched.mcount--;
  __atomic_store_n(&sched.main_g, NULL, __ATOMIC_RELAXED);
  sched_mutex_unlock(&sched.lock);
}
