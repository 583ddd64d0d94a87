/*
 * Low-level synchronization for the runtime: futex mutex and one-shot notes.
 *
 * sched_mutex: three-state futex lock (0 unlocked, 1 locked, 2 locked with
 * waiters), a short spin before sleeping. It blocks the *thread*, so it is
 * only held for short, non-blocking critical sections (run queues, channel
 * state, timer heaps). Rejected: pthread_mutex (bigger, and not usable from
 * the signal-safe paths we may need later).
 *
 * sched_note: a one-shot wakeup for parking an M (thread). note_sleep blocks
 * until note_wakeup; note_clear rearms it. Exactly one sleeper per note.
 */
#ifndef ROG_SCHED_LOCK_H
#define ROG_SCHED_LOCK_H

#include <stdint.h>
#ifndef __cplusplus
#include <stdatomic.h>
#endif

/* A spin-wait pause (lock.c's spin, gchandshake.c's). */
static inline void sched_cpu_relax(void) {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}
/* C++ tests include this header too: the inline code below uses clang's
 * __c11_atomic builtins, which accept _Atomic objects in both languages. */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sched_mutex {
  _Atomic uint32_t v;
} sched_mutex;

typedef struct sched_note {
  _Atomic uint32_t key;
} sched_note;

void sched_mutex_lock_slow(sched_mutex *l);
void sched_mutex_unlock_slow(sched_mutex *l);

static inline void sched_mutex_lock(sched_mutex *l) {
  uint32_t z = 0;
  if (__builtin_expect(__c11_atomic_compare_exchange_strong(&l->v, &z, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED),
                       1))
    return;
  sched_mutex_lock_slow(l);
}

static inline void sched_mutex_unlock(sched_mutex *l) {
  if (__builtin_expect(__c11_atomic_exchange(&l->v, 0, __ATOMIC_RELEASE) == 1, 1)) return;
  sched_mutex_unlock_slow(l);
}

void sched_note_clear(sched_note *n);
void sched_note_wakeup(sched_note *n);
void sched_note_sleep(sched_note *n);
/* Sleeps at most ns nanoseconds (ns < 0: forever); returns 1 if woken. */
int sched_note_sleep_ns(sched_note *n, int64_t ns);

/* futex wrappers */
void sched_futex_wait(_Atomic uint32_t *addr, uint32_t val, int64_t ns);
void sched_futex_wake(_Atomic uint32_t *addr, int n);

int64_t sched_nanotime(void);

#ifdef __cplusplus
}
#endif
#endif
