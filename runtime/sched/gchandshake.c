/*
 * runtime/sched/gchandshake.c: ragged handshakes for the collector in the
 * scheduler's world (runtime/gc gc.h, gc_world_ops.handshake; runtime/rt
 * rt.c adapts sched_handshake to it). A handshake runs a callback once for
 * every mutator, each at its own safe point, without stopping the others.
 *
 * Mutators here are of two kinds:
 *   - every M (OS thread), for its allocation cache (rog_tls.cache is per
 *     thread): callback fn(arg, NULL, m);
 *   - every live G (not G_IDLE/G_DEAD), for its stack segments, saved
 *     registers and G struct: fn(arg, g, NULL). For the G an M is running
 *     when it reaches its checkpoint, one callback covers both:
 *     fn(arg, g, m).
 * Plus, when the caller asks for it (sched_handshake's shared flag), one
 * callback fn(arg, NULL, NULL) run by the caller for the roots that belong
 * to nobody (rt.c: timer heaps, channel buffers, writable segments).
 *
 * Ownership words. Each G and each M has hs_lock (0 free, 1 held) and
 * hs_done (the last round whose callback ran for it; rounds start at 1):
 *   G lock: held by the M that has the G on a CPU, from the switch into it
 *     (gswitch, sched_hs_switch_in) until the switch away from it has
 *     landed on the next context (run_hook: sched_hs_landed), so whoever
 *     takes it sees a saved SP; dropped during a system call
 *     (entersyscall, after sched_record_context) and taken back in
 *     exitsyscall. Also held by the handshake's caller while it runs the
 *     callback for a G that is not on a CPU: an M about to run it (or
 *     leave its syscall) spins until the callback is done.
 *   M lock: held by the M whenever it may use its cache: from the start
 *     of its scheduler loop on, except while it sleeps (stopm,
 *     stoplockedm, a blocking netpoll) or is in a system call. Not only
 *     while it runs a G: Go code runs on g0 too (timer functions, which
 *     may allocate). The caller takes it to flush or blacken the cache of
 *     a sleeping M or one in a system call; an M that is awake on g0
 *     catches up at the top of its scheduler loop (sched_hs_idle).
 * Whoever holds a lock and sees hs_done != the current round runs the
 * callback: the caller for free Gs and Ms; the M itself at its checkpoint
 * (rog_checkpoint: the caller sets rog_tls.preempt of every M it could not
 * take), on the switch into a G (before the G runs: a G scanned black must
 * never run on an M whose cache still allocates white, and a G not yet
 * scanned is scanned before it runs) and in exitsyscall. Nobody waits for
 * a goroutine the OS does not run except the caller, and a mutator is
 * stopped only for its own callback (or spins for the caller's callback on
 * a G it is about to run: one stack scan).
 *
 * Order of the G lock and the round (Dekker): an M takes the lock (CAS,
 * acq_rel), then reads the round (seq_cst fence before). The caller
 * publishes the round (seq_cst), then tries the locks. So either the M
 * sees the round and catches up, or the caller finds the lock held and
 * waits for the M's checkpoint.
 *
 * New goroutines inherit their creator's hs_done: a G created by a G that
 * this round already scanned starts black (its fn/arg came from a black
 * stack: marked, or reachable from the heap under the deletion barrier);
 * one created by a G not yet scanned, or from g0 / a foreign thread, is
 * scanned like any other (its G struct holds the only reference to the
 * closure). Termination rounds ("every barrier started before the round
 * has finished"): a barrier runs on a G between two checkpoints, with its
 * M's lock held; the round completes for that M only at a checkpoint or
 * once the M let go of the lock (switched to g0 or entered a syscall).
 *
 * Pauses: an M records the time it spent in its own callbacks and spinning
 * on a lock held by the caller; sched_hs_take_pause returns the longest
 * since the last call (gc's PauseNs for a ragged cycle).
 *
 * Rejected: per-P callbacks (the brief's first shape). Caches are per
 * thread here, not per P, and a G migrates between Ps at every park, so a
 * P is neither the owner of a cache nor of a stack; Ms and Gs are. Also
 * rejected: stopping each G through the existing stop-the-world (the time
 * to stop all Ps is what the ragged cycle removes).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "runtime/sched/sched.h"

const volatile uint32_t *sched_wb_enabled;
void (*sched_wb_copy)(void *dst, const void *src, size_t n, const rog_type *type);
void (*sched_wb_shade)(const void *p);

_Atomic uint32_t sched_hs_round; /* current or last round, 0 before any */
_Atomic uint32_t sched_hs_active;
static sched_hs_fn hs_fn;
static void *hs_arg;
static sched_mutex hs_mu; /* one handshake at a time */
static _Atomic uint64_t hs_pause_max;

static uint64_t hs_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void note_pause(uint64_t d) {
  uint64_t m = atomic_load(&hs_pause_max);
  while (d > m && !atomic_compare_exchange_weak(&hs_pause_max, &m, d))
    ;
}

uint64_t sched_hs_take_pause(void) {
  return atomic_exchange(&hs_pause_max, 0);
}

static bool try_lock(_Atomic uint32_t *l) {
  uint32_t z = 0;
  return atomic_compare_exchange_strong_explicit(l, &z, 1, memory_order_acq_rel, memory_order_relaxed);
}

/* Spins for a lock the handshake's caller holds for one callback. Returns
 * the ns spent waiting (0 when it was free). */
static uint64_t spin_lock(_Atomic uint32_t *l) {
  if (try_lock(l)) return 0;
  uint64_t t0 = hs_now();
  for (int i = 0; !try_lock(l); i++) {
    if (i < 64)
      sched_cpu_relax();
    else
      sched_yield();
  }
  return hs_now() - t0;
}

static void unlock(_Atomic uint32_t *l) {
  atomic_store_explicit(l, 0, memory_order_release);
}

/* The round an M holding its locks must catch up with, or 0. */
static uint32_t pending_round(void) {
  atomic_thread_fence(memory_order_seq_cst);
  if (!atomic_load_explicit(&sched_hs_active, memory_order_relaxed)) return 0;
  return atomic_load_explicit(&sched_hs_round, memory_order_acquire);
}

struct catchup {
  sched_g *g;
  sched_m *m;
  uint32_t round;
};

/* On the system stack, both locks held. */
static void catchup_sys(void *arg) {
  struct catchup *c = arg;
  sched_hs_fn fn = __atomic_load_n(&hs_fn, __ATOMIC_ACQUIRE);
  void *a = __atomic_load_n(&hs_arg, __ATOMIC_ACQUIRE);
  uint32_t gd = c->g ? atomic_load_explicit(&c->g->hs_done, memory_order_relaxed) : c->round;
  uint32_t md = atomic_load_explicit(&c->m->hs_done, memory_order_relaxed);
  if (gd != c->round || md != c->round) fn(a, gd != c->round ? c->g : NULL, md != c->round ? c->m : NULL);
  if (c->g) atomic_store_explicit(&c->g->hs_done, c->round, memory_order_release);
  atomic_store_explicit(&c->m->hs_done, c->round, memory_order_release);
}

/* m holds its lock and g's (g may be NULL): run the pending round for
 * both, on the system stack (sched_systemstack records the running G's SP
 * and registers first when called from its stack). */
static void catch_up(sched_m *m, sched_g *g) {
  uint32_t r = pending_round();
  if (r == 0) return;
  if (atomic_load_explicit(&m->hs_done, memory_order_relaxed) == r &&
      (g == NULL || atomic_load_explicit(&g->hs_done, memory_order_relaxed) == r))
    return;
  uint64_t t0 = hs_now();
  struct catchup c = {g, m, r};
  sched_systemstack(catchup_sys, &c);
  note_pause(hs_now() - t0);
}

/* gswitch, before switching from `from` to the G `to` on m. */
void sched_hs_switch_in(sched_m *m, sched_g *from, sched_g *to) {
  (void)from;
  uint64_t waited = spin_lock(&to->hs_lock);
  if (waited) note_pause(waited);
  /* to is not m->curg yet: catch up for it explicitly (from the G `from`,
   * sched_systemstack records from, which is harmless: its switch saves
   * its SP again). */
  uint32_t r = pending_round();
  if (r == 0) return;
  if (atomic_load_explicit(&m->hs_done, memory_order_relaxed) == r &&
      atomic_load_explicit(&to->hs_done, memory_order_relaxed) == r)
    return;
  uint64_t t0 = hs_now();
  struct catchup c = {to, m, r};
  sched_systemstack(catchup_sys, &c);
  note_pause(hs_now() - t0);
}

/* The M lock around the places where an M sleeps (stopm, stoplockedm, a
 * blocking netpoll): taking it back catches up with nothing yet (the
 * scheduler loop does that, sched_hs_idle, before it runs any G). */
void sched_hs_m_release(sched_m *m) {
  unlock(&m->hs_lock);
}

void sched_hs_m_acquire(sched_m *m) {
  spin_lock(&m->hs_lock);
}

/* The top of the scheduler loop (g0, no G): the M's own round. */
void sched_hs_idle(sched_m *m) {
  if (atomic_load_explicit(&sched_hs_active, memory_order_relaxed)) catch_up(m, NULL);
}

/* run_hook: the switch away from m->hs_release has landed. */
void sched_hs_landed(sched_m *m) {
  sched_g *g = m->hs_release;
  if (g) {
    m->hs_release = NULL;
    unlock(&g->hs_lock);
  }
}

/* rog_checkpoint: the G m runs stopped at a safe point. */
bool sched_hs_checkpoint(sched_m *m, sched_g *g) {
  if (!atomic_load_explicit(&sched_hs_active, memory_order_acquire)) return false;
  catch_up(m, g);
  return true;
}

/* sched_entersyscall, after the G's context was recorded. */
void sched_hs_entersyscall(sched_m *m, sched_g *g) {
  unlock(&g->hs_lock);
  unlock(&m->hs_lock);
}

/* sched_exitsyscall, before the G runs Go code again. */
void sched_hs_exitsyscall(sched_m *m, sched_g *g) {
  uint64_t waited = spin_lock(&m->hs_lock) + spin_lock(&g->hs_lock);
  if (waited) note_pause(waited);
  catch_up(m, g);
}

/* newproc: the new G's color (see the header). */
void sched_hs_newproc(sched_g *g) {
  sched_g *creator = sched_getg();
  atomic_store_explicit(&g->hs_done,
                        creator ? atomic_load_explicit(&creator->hs_done, memory_order_relaxed) : 0,
                        memory_order_relaxed);
}

/* ------------------------------------------------------------- the caller */

static bool g_live(sched_g *g) {
  uint32_t st = atomic_load_explicit(&g->status, memory_order_acquire);
  return st != G_IDLE && st != G_DEAD;
}

/* Ms: returns true when some M still has to run the round itself. */
static bool pass_ms(uint32_t r, sched_m *self) {
  bool waiting = false;
  sched_mutex_lock(&sched.lock);
  sched_m *head = sched.allm;
  sched_mutex_unlock(&sched.lock);
  for (sched_m *m = head; m; m = m->alllink) { /* the list grows at the head only */
    if (m == self || atomic_load_explicit(&m->hs_done, memory_order_acquire) == r) continue;
    if (try_lock(&m->hs_lock)) {
      if (atomic_load_explicit(&m->hs_done, memory_order_relaxed) != r) {
        hs_fn(hs_arg, NULL, m);
        atomic_store_explicit(&m->hs_done, r, memory_order_release);
      }
      unlock(&m->hs_lock);
    } else {
      waiting = true;
      rog_tls_block *t = __atomic_load_n(&m->tls, __ATOMIC_ACQUIRE);
      if (t) __atomic_store_n(&t->preempt, 1, __ATOMIC_RELAXED);
    }
  }
  return waiting;
}

/* Gs not on a CPU; the others are their M's. */
static bool pass_gs(uint32_t r) {
  bool waiting = false;
  sched_mutex_lock(&sched.allglock);
  for (size_t i = 0; i < sched.nallgs; i++) {
    sched_g *g = sched.allgs[i];
    if (atomic_load_explicit(&g->hs_done, memory_order_acquire) == r || !g_live(g)) continue;
    if (!try_lock(&g->hs_lock)) {
      waiting = true;
      continue;
    }
    if (g_live(g) && atomic_load_explicit(&g->hs_done, memory_order_relaxed) != r) {
      hs_fn(hs_arg, g, NULL);
      atomic_store_explicit(&g->hs_done, r, memory_order_release);
    }
    unlock(&g->hs_lock);
  }
  sched_mutex_unlock(&sched.allglock);
  return waiting;
}

/* Called on a thread outside the scheduler or on the system stack of a
 * goroutine (whose own callback runs first, here: it is the collector). */
void sched_handshake(sched_hs_fn fn, void *arg, bool shared) {
  sched_init();
  sched_mutex_lock(&hs_mu);
  uint32_t r = atomic_load(&sched_hs_round) + 1;
  if (r == 0) r = 1; /* 0 means "never" (sched_hs_newproc) */
  hs_fn = fn;
  hs_arg = arg;
  atomic_store(&sched_hs_round, r);
  atomic_store(&sched_hs_active, 1); /* seq_cst: before any try_lock below */
  atomic_thread_fence(memory_order_seq_cst);
  sched_m *self = sched_getm();
  if (self && self->curg) {
    /* The collecting goroutine holds its own locks. Its context was
     * recorded when it switched to the system stack. */
    sched_g *g = self->curg;
    if (sched_tls()->g == g) sched_record_context(g);
    fn(arg, g, self);
    atomic_store(&g->hs_done, r);
    atomic_store(&self->hs_done, r);
  } else if (self) {
    /* g0 of an M (a test calling from the scheduler loop): no G */
    fn(arg, NULL, self);
    atomic_store(&self->hs_done, r);
  }
  if (shared) fn(arg, NULL, NULL);
  for (int spins = 0;; spins++) {
    bool w = pass_ms(r, self);
    w |= pass_gs(r);
    if (!w) break;
    struct timespec ts = {0, spins < 20 ? 20000 : 100000};
    nanosleep(&ts, NULL);
  }
  atomic_store(&sched_hs_active, 0);
  sched_mutex_unlock(&hs_mu);
}
