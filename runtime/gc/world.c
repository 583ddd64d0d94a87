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
 * Threads are registered lazily by their first allocation, and unregistered
 * by a pthread key destructor at exit.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>

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
} gc_thread;

volatile int gc_stop_requested;
static pthread_mutex_t world_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t world_cond = PTHREAD_COND_INITIALIZER;   /* state changes */
static pthread_cond_t restart_cond = PTHREAD_COND_INITIALIZER; /* world restarted */
static gc_thread *threads;
static __thread gc_thread *self;
static pthread_key_t self_key;
static pthread_once_t self_key_once = PTHREAD_ONCE_INIT;

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
  while (gc_stop_requested)
    pthread_cond_wait(&restart_cond, &world_lock);
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
  self = NULL;
  pthread_setspecific(self_key, NULL);
  free(t);
}

bool world_self_registered(void) {
  return self != NULL;
}
void world_auto_register(void) {
  if (!self && gc_world == gc_thread_world_ops()) gc_thread_register();
}

/* Called with world_lock held. */
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
}
#define SAVE_CONTEXT(t) save_context(t)

void gc_checkpoint_slow(void) {
  gc_thread *t = self;
  if (!t || t->state != T_RUNNING || t->is_stopper) return;
  pthread_mutex_lock(&world_lock);
  if (gc_stop_requested) {
    SAVE_CONTEXT(t);
    t->state = T_PARKED;
    pthread_cond_broadcast(&world_cond);
    while (gc_stop_requested)
      pthread_cond_wait(&restart_cond, &world_lock);
    t->state = T_RUNNING;
  }
  pthread_mutex_unlock(&world_lock);
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
}

void gc_blocking_end(void) {
  gc_thread *t = self;
  if (!t) return;
  if (--t->blocked_depth > 0) return;
  pthread_mutex_lock(&world_lock);
  while (gc_stop_requested)
    pthread_cond_wait(&restart_cond, &world_lock);
  t->state = T_RUNNING;
  pthread_mutex_unlock(&world_lock);
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
  __atomic_store_n(&gc_stop_requested, 1, __ATOMIC_SEQ_CST);
  while (!all_stopped())
    pthread_cond_wait(&world_cond, &world_lock);
  pthread_mutex_unlock(&world_lock);
}

static void thread_start_the_world(void) {
  pthread_mutex_lock(&world_lock);
  __atomic_store_n(&gc_stop_requested, 0, __ATOMIC_SEQ_CST);
  if (self) self->is_stopper = 0;
  pthread_cond_broadcast(&restart_cond);
  pthread_mutex_unlock(&world_lock);
}

static void thread_roots(gc_root_visitor v, void *ctx) {
  pthread_mutex_lock(&world_lock);
  for (gc_thread *t = threads; t; t = t->next) {
    if (t->state == T_RUNNING && !t->is_stopper) continue; /* cannot happen while stopped */
    if (t->sp && t->sp < t->stack_hi) v(ctx, (const void *)t->sp, (const void *)t->stack_hi);
    v(ctx, &t->regs, (const char *)&t->regs + sizeof t->regs);
    v(ctx, t->spill, t->spill + t->spill_n);
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

static const gc_world_ops thread_world = {
    .stop_the_world = thread_stop_the_world,
    .start_the_world = thread_start_the_world,
    .for_each_root_range = thread_roots,
    .blocking_begin = gc_blocking_begin,
    .blocking_end = gc_blocking_end,
};

const gc_world_ops *gc_thread_world_ops(void) {
  return &thread_world;
}
