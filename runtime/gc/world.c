/*
 * runtime/gc/world.c: the default "thread world": stop-the-world for plain
 * pthreads, until the scheduler installs its own gc_world_ops.
 *
 * Each registered thread has a gc_thread record on a list under world_lock.
 * States: RUNNING (may touch the heap; a stop waits for it), PARKED (stopped
 * at gc_checkpoint by a stop request), BLOCKED (inside gc_blocking_begin/end:
 * it promises not to touch the heap, and waits at gc_blocking_end while the
 * world is stopped). Entering PARKED or BLOCKED records the thread's stack
 * pointer after spilling its callee-saved registers (save_context: a
 * setjmp buffer and __builtin_unwind_init, which saves every callee-saved
 * register in save_context's frame, and a copy of the deepest SPILL bytes of
 * the stack including that frame, all kept in the record). The collector
 * scans the live stack [sp, stack_hi), the copy and the buffer
 * conservatively. The copy matters for BLOCKED threads and for the stopper:
 * they return from save_context and keep running, so its frame is reused,
 * but a pointer that lived only in a callee-saved register of a caller is
 * preserved in the copy (the caller cannot change it while it is inside the
 * call that blocks or collects).
 *
 * Stopping is cooperative: gc_stop_requested is the checkpoint word; the
 * allocation slow path is a checkpoint, and long-running loops must call
 * gc_checkpoint. (Rejected: signals. A thread interrupted in the middle of
 * the allocation fast path has a half-updated cache; making the fast path
 * signal-safe costs instructions on every allocation. The scheduler's
 * preemption uses the compiler's checkpoints for the same reason.)
 *
 * The thread that stops the world is not waited for; if it is registered,
 * its own stack is scanned from the point where it called stop.
 *
 * Handshakes (gc_world_ops.handshake, the ragged alternative to a stop):
 * the caller publishes hs_fn for round hs_round and sets GC_HANDSHAKE_BIT
 * in the checkpoint word. Whoever runs a thread's callback first claims
 * the thread by CAS on its hs_busy. A RUNNING thread that reaches
 * gc_checkpoint claims itself and runs hs_fn (its context saved as for a
 * park, so its own stack and registers are its roots), sets hs_done =
 * round and goes on, taking no lock; nobody else waits for it. For a
 * BLOCKED thread the caller claims it under world_lock (so it cannot
 * leave BLOCKED unseen) and runs hs_fn on its behalf: gc_blocking_end
 * waits while hs_busy, and a thread that unblocks before the caller got
 * to it runs hs_fn itself at the checkpoint right after. The caller runs
 * its own share first, and sleeps on hs_events between looks at the
 * thread list. Threads that register during a round have done it (empty
 * stack, empty cache). So the only time a thread spends stopped is its own
 * callback: nobody waits for a thread the OS has not scheduled, except the
 * handshake's caller. What a thread loses is kept for the collector's
 * pause statistics (world_take_handshake_pause): its callback at its
 * checkpoint, or its wait in gc_blocking_end for a callback the caller
 * runs on its behalf. The caller's own share is not a pause: that thread
 * is the collector (inside runtime.GC or the background thread).
 *
 * Threads are registered lazily by their first allocation, and unregistered
 * by a pthread key destructor at exit.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "gc_internal.h"

enum { T_RUNNING = 0, T_PARKED, T_BLOCKED };
#define SPILL 1024

typedef struct gc_thread {
  struct gc_thread *next, *prev;
  uintptr_t stack_hi;
  uintptr_t sp; /* valid while PARKED, BLOCKED or stopping the world */
  jmp_buf regs;
  uintptr_t spill[SPILL / sizeof(uintptr_t)];
  size_t spill_n;
  int state;
  int blocked_depth;
  int is_stopper;
  unsigned hs_done; /* last handshake round done for this thread */
  int hs_busy;      /* the handshake's caller runs it on our behalf */
  void *cache;      /* rog_tls.cache as of the last saved context */
} gc_thread;

volatile int gc_stop_requested;
static pthread_mutex_t world_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t world_cond = PTHREAD_COND_INITIALIZER;   /* state changes */
static pthread_cond_t restart_cond = PTHREAD_COND_INITIALIZER; /* world restarted */
static gc_thread *threads;
static __thread gc_thread *self;
static pthread_key_t self_key;
static pthread_once_t self_key_once = PTHREAD_ONCE_INIT;
/* The handshake in progress (under world_lock). */
static void (*hs_fn)(void *, const gc_mutator *);
static void *hs_arg;
static unsigned hs_round;
static atomic_uint_fast64_t hs_pause_max;

/* The handshake's caller polls the thread list, sleeping HS_POLL_NS on
 * hs_events between looks; threads that block or leave bump it and wake
 * the caller, a thread that ran its own callback does not. (Rejected:
 * world_lock and a condition variable, then a futex wake from every
 * callback. On a loaded machine a mutator that found the lock held slept
 * on it until the scheduler ran it again, and one that woke the caller
 * was preempted by it: 10-30 ms "handshakes" whose callbacks took 20
 * microseconds. A poll costs the caller at most HS_POLL_NS of latency.) */
#define HS_POLL_NS (100 * 1000)
static atomic_uint hs_events;

static void hs_signal(void) {
  atomic_fetch_add(&hs_events, 1);
  syscall(SYS_futex, &hs_events, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void hs_wait(unsigned seen) {
  struct timespec ts = {0, HS_POLL_NS};
  syscall(SYS_futex, &hs_events, FUTEX_WAIT_PRIVATE, seen, &ts, NULL, 0);
}

static void self_dtor(void *p) {
  if (p && self == p) gc_thread_unregister();
}

static void make_key(void) {
  pthread_key_create(&self_key, self_dtor);
}

static uintptr_t stack_top(void) {
  pthread_attr_t attr;
  void *addr;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) alloc_fatal("pthread_getattr_np failed");
  pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  return (uintptr_t)addr + size;
}

void gc_thread_register(void) {
  if (self) return;
  pthread_once(&self_key_once, make_key);
  gc_thread *t = calloc(1, sizeof *t);
  if (!t) alloc_fatal("out of memory (thread record)");
  t->stack_hi = stack_top();
  pthread_mutex_lock(&world_lock);
  /* A stop in progress must not see a RUNNING thread appear. */
  while (__atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE) & GC_STOP_BIT)
    pthread_cond_wait(&restart_cond, &world_lock);
  t->hs_done =
      __atomic_load_n(&hs_round, __ATOMIC_RELAXED); /* a handshake in progress has nothing to do here */
  t->next = threads;
  if (threads) threads->prev = t;
  threads = t;
  pthread_mutex_unlock(&world_lock);
  self = t;
  pthread_setspecific(self_key, t);
}

void gc_thread_unregister(void) {
  gc_thread *t = self;
  if (!t) return;
  /* Hand back the lazily created allocation cache while still registered. */
  pthread_mutex_lock(&world_lock);
  if (t->prev)
    t->prev->next = t->next;
  else
    threads = t->next;
  if (t->next) t->next->prev = t->prev;
  pthread_cond_broadcast(&world_cond);
  pthread_mutex_unlock(&world_lock);
  if (__atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE) & GC_HANDSHAKE_BIT) hs_signal();
  self = NULL;
  pthread_setspecific(self_key, NULL);
  free(t);
}

bool world_self_registered(void) {
  return self != NULL;
}

unsigned world_self_handshake_round(void) {
  return self ? __atomic_load_n(&self->hs_done, __ATOMIC_ACQUIRE) : 0;
}
void world_auto_register(void) {
  if (!self && gc_world == gc_thread_world_ops()) gc_thread_register();
}

/* Called with world_lock held, or by the thread itself on its own record. */
__attribute__((noinline, no_sanitize("address", "thread"))) static void save_context(gc_thread *t) {
  __builtin_unwind_init();
  setjmp(t->regs);
  volatile uintptr_t here = 0;
  uintptr_t sp = (uintptr_t)&here & ~(uintptr_t)7;
  size_t n = 0;
  for (uintptr_t a = sp; a + 8 <= t->stack_hi && n < SPILL / sizeof(uintptr_t); a += 8)
    t->spill[n++] = *(volatile uintptr_t *)a;
  t->spill_n = n;
  t->sp = sp;
  t->cache = rog_tls.cache;
}
#define SAVE_CONTEXT(t) save_context(t)

static void scan_thread(const gc_thread *t, gc_root_visitor v, void *ctx) {
  if (t->sp && t->sp < t->stack_hi) v(ctx, (const void *)t->sp, (const void *)t->stack_hi);
  v(ctx, &t->regs, (const char *)&t->regs + sizeof t->regs);
  v(ctx, t->spill, t->spill + t->spill_n);
}

static void mutator_roots(const gc_mutator *m, gc_root_visitor v, void *ctx) {
  scan_thread(m->impl, v, ctx);
}

/* Runs round's callback for t on this thread, t->hs_busy claimed by the
 * caller and no lock held. t is this thread (own: its context is saved
 * here) or a BLOCKED one. */
static void run_handshake_for(gc_thread *t, unsigned round, bool own) {
  void (*fn)(void *, const gc_mutator *) = __atomic_load_n(&hs_fn, __ATOMIC_ACQUIRE);
  void *arg = __atomic_load_n(&hs_arg, __ATOMIC_ACQUIRE);
  if (own) SAVE_CONTEXT(t);
  gc_mutator m = {.for_each_root_range = mutator_roots, .cache = t->cache, .impl = t};
  fn(arg, &m);
  __atomic_store_n(&t->hs_done, round, __ATOMIC_RELEASE);
  __atomic_store_n(&t->hs_busy, 0, __ATOMIC_RELEASE);
  if (!own) {
    pthread_mutex_lock(&world_lock);
    pthread_cond_broadcast(&restart_cond); /* its gc_blocking_end */
    pthread_mutex_unlock(&world_lock);
  }
}

static bool hs_claim(gc_thread *t) {
  int zero = 0;
  return __atomic_compare_exchange_n(&t->hs_busy, &zero, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

static void note_pause(uint64_t d) {
  uint64_t m = atomic_load(&hs_pause_max);
  while (d > m && !atomic_compare_exchange_weak(&hs_pause_max, &m, d))
    ;
}

void gc_checkpoint_slow(void) {
  gc_thread *t = self;
  if (!t || t->state != T_RUNNING || t->is_stopper) return;
  int word = __atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE);
  if (word & GC_HANDSHAKE_BIT) {
    /* No lock: see hs_events. */
    unsigned round = __atomic_load_n(&hs_round, __ATOMIC_ACQUIRE);
    if (__atomic_load_n(&t->hs_done, __ATOMIC_ACQUIRE) != round && hs_claim(t)) {
      uint64_t t0 = gc_nanotime();
      run_handshake_for(t, round, true);
      note_pause(gc_nanotime() - t0);
    }
  }
  if (!(word & GC_STOP_BIT)) return;
  pthread_mutex_lock(&world_lock);
  if (__atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE) & GC_STOP_BIT) {
    SAVE_CONTEXT(t);
    t->state = T_PARKED;
    pthread_cond_broadcast(&world_cond);
    while (__atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE) & GC_STOP_BIT)
      pthread_cond_wait(&restart_cond, &world_lock);
    t->state = T_RUNNING;
  }
  pthread_mutex_unlock(&world_lock);
}

uint64_t world_take_handshake_pause(void) {
  return atomic_exchange(&hs_pause_max, 0);
}

void gc_blocking_begin(void) {
  gc_thread *t = self;
  if (!t) return;
  if (t->blocked_depth++ > 0) return;
  pthread_mutex_lock(&world_lock);
  SAVE_CONTEXT(t);
  t->state = T_BLOCKED;
  pthread_cond_broadcast(&world_cond);
  pthread_mutex_unlock(&world_lock);
  if (__atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE) & GC_HANDSHAKE_BIT) hs_signal();
}

void gc_blocking_end(void) {
  gc_thread *t = self;
  if (!t) return;
  if (--t->blocked_depth > 0) return;
  pthread_mutex_lock(&world_lock);
  uint64_t t0 = __atomic_load_n(&t->hs_busy, __ATOMIC_ACQUIRE) ? gc_nanotime() : 0;
  while ((__atomic_load_n(&gc_stop_requested, __ATOMIC_ACQUIRE) & GC_STOP_BIT) ||
         __atomic_load_n(&t->hs_busy, __ATOMIC_ACQUIRE))
    pthread_cond_wait(&restart_cond, &world_lock);
  if (t0) note_pause(gc_nanotime() - t0); /* held by a handshake run on our behalf */
  t->state = T_RUNNING;
  pthread_mutex_unlock(&world_lock);
  gc_checkpoint(); /* a handshake nobody ran for us yet */
}

static bool all_stopped(void) {
  for (gc_thread *t = threads; t; t = t->next)
    if (t->state == T_RUNNING && !t->is_stopper) return false;
  return true;
}

static void thread_stop_the_world(void) {
  pthread_mutex_lock(&world_lock);
  gc_thread *me = self;
  if (me) {
    SAVE_CONTEXT(me);
    me->is_stopper = 1;
  }
  __atomic_or_fetch(&gc_stop_requested, GC_STOP_BIT, __ATOMIC_SEQ_CST);
  while (!all_stopped())
    pthread_cond_wait(&world_cond, &world_lock);
  pthread_mutex_unlock(&world_lock);
}

static void thread_start_the_world(void) {
  pthread_mutex_lock(&world_lock);
  __atomic_and_fetch(&gc_stop_requested, ~GC_STOP_BIT, __ATOMIC_SEQ_CST);
  if (self) self->is_stopper = 0;
  pthread_cond_broadcast(&restart_cond);
  pthread_mutex_unlock(&world_lock);
}

static void thread_roots(gc_root_visitor v, void *ctx) {
  pthread_mutex_lock(&world_lock);
  for (gc_thread *t = threads; t; t = t->next) {
    if (t->state == T_RUNNING && !t->is_stopper) continue; /* cannot happen while stopped */
    scan_thread(t, v, ctx);
  }
  pthread_mutex_unlock(&world_lock);
}

#if ALLOC_ASAN
/* ASan's stack-use-after-return mode (on by default since LLVM 15) moves
 * locals to heap-allocated fake frames that no conservative stack scan can
 * see: a collector that scans stacks must turn it off. */
const char *__asan_default_options(void) {
  return "detect_stack_use_after_return=0";
}
#endif

static void thread_handshake(void (*fn)(void *, const gc_mutator *), void *arg) {
  pthread_mutex_lock(&world_lock);
  unsigned round = hs_round + 1;
  __atomic_store_n(&hs_fn, fn, __ATOMIC_RELEASE);
  __atomic_store_n(&hs_arg, arg, __ATOMIC_RELEASE);
  __atomic_store_n(&hs_round, round, __ATOMIC_RELEASE);
  __atomic_or_fetch(&gc_stop_requested, GC_HANDSHAKE_BIT, __ATOMIC_SEQ_CST);
  gc_thread *me = self;
  pthread_mutex_unlock(&world_lock);
  if (me && __atomic_load_n(&me->hs_done, __ATOMIC_ACQUIRE) != round && hs_claim(me))
    run_handshake_for(me, round, true);
  for (;;) {
    unsigned seen = atomic_load(&hs_events);
    gc_thread *todo = NULL;
    bool waiting = false;
    pthread_mutex_lock(&world_lock);
    for (gc_thread *t = threads; t && !todo; t = t->next) {
      if (__atomic_load_n(&t->hs_done, __ATOMIC_ACQUIRE) == round) continue;
      if (t->state == T_BLOCKED && hs_claim(t))
        todo = t; /* its gc_blocking_end now waits for hs_busy */
      else
        waiting = true; /* running to its checkpoint, or running fn */
    }
    pthread_mutex_unlock(&world_lock);
    if (todo) {
      run_handshake_for(todo, round, false);
      continue;
    }
    if (!waiting) break;
    hs_wait(seen);
  }
  pthread_mutex_lock(&world_lock);
  __atomic_and_fetch(&gc_stop_requested, ~GC_HANDSHAKE_BIT, __ATOMIC_SEQ_CST);
  pthread_mutex_unlock(&world_lock);
}

static const gc_world_ops thread_world = {
    .stop_the_world = thread_stop_the_world,
    .start_the_world = thread_start_the_world,
    .for_each_root_range = thread_roots,
    .blocking_begin = gc_blocking_begin,
    .blocking_end = gc_blocking_end,
    .handshake = thread_handshake,
    .handshake_pause = world_take_handshake_pause,
};

const gc_world_ops *gc_thread_world_ops(void) {
  return &thread_world;
}
