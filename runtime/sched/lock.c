/*
 * Futex-based mutex and notes (see lock.h for the states and invariants).
 * The mutex slow path spins a few rounds (the holder is usually running on
 * the other core) and then sleeps on the futex with state 2, which tells
 * unlock to wake one waiter.
 */
#include "runtime/sched/lock.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void sched_futex_wait(_Atomic uint32_t *addr, uint32_t val, int64_t ns) {
  struct timespec ts, *tsp = NULL;
  if (ns >= 0) {
    ts.tv_sec = ns / 1000000000;
    ts.tv_nsec = ns % 1000000000;
    tsp = &ts;
  }
  syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, val, tsp, NULL, 0);
}

void sched_futex_wake(_Atomic uint32_t *addr, int n) {
  syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

void sched_mutex_lock_slow(sched_mutex *l) {
  for (int i = 0; i < 100; i++) {
    uint32_t z = 0;
    if (atomic_load_explicit(&l->v, memory_order_relaxed) == 0 &&
        atomic_compare_exchange_weak_explicit(&l->v, &z, 1, memory_order_acquire, memory_order_relaxed))
      return;
    sched_cpu_relax();
  }
  /* Announce a waiter: whoever unlocks sees 2 and wakes us. */
  while (atomic_exchange_explicit(&l->v, 2, memory_order_acquire) != 0)
    sched_futex_wait(&l->v, 2, -1);
}

void sched_mutex_unlock_slow(sched_mutex *l) {
  sched_futex_wake(&l->v, 1);
}

void sched_note_clear(sched_note *n) {
  atomic_store(&n->key, 0);
}

void sched_note_wakeup(sched_note *n) {
  if (atomic_exchange(&n->key, 1) != 0) return; /* already woken */
  sched_futex_wake(&n->key, 1);
}

void sched_note_sleep(sched_note *n) {
  while (atomic_load(&n->key) == 0)
    sched_futex_wait(&n->key, 0, -1);
}

int64_t sched_nanotime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int sched_note_sleep_ns(sched_note *n, int64_t ns) {
  if (ns < 0) {
    sched_note_sleep(n);
    return 1;
  }
  int64_t deadline = sched_nanotime() + ns;
  while (atomic_load(&n->key) == 0) {
    int64_t left = deadline - sched_nanotime();
    if (left <= 0) return atomic_load(&n->key) != 0;
    sched_futex_wait(&n->key, 0, left);
  }
  return 1;
}
