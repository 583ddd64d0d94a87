/*
 * runtime/time: timers on per-P heaps (design in timer.c).
 */
#ifndef ROG_TIMER_H
#define ROG_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/sched/sched.h"

#ifdef __cplusplus
extern "C" {
#endif

/* gc's runtime.timer: f(arg, seq, delta) runs on a system stack when the
 * timer fires (delta: how late, in ns); it must not block. Fields other
 * than pp/idx are set by the owner before rog_timer_start. */
struct rog_timer {
  int64_t when;   /* nanotime deadline */
  int64_t period; /* > 0: fire again every period ns */
  void (*f)(void *arg, uintptr_t seq, int64_t delta);
  void *arg;
  uintptr_t seq;
  _Atomic(sched_p *) pp; /* heap holding it; NULL when not pending */
  int32_t idx;           /* index in pp's heap */
};

/* time.startTimer / addtimer: t must not be pending. */
void rog_timer_start(rog_timer *t);
/* time.stopTimer / deltimer: true if t was pending (it will not fire). */
bool rog_timer_stop(rog_timer *t);
/* time.resetTimer / resettimer: new deadline; true if t was pending. */
bool rog_timer_reset(rog_timer *t, int64_t when);
/* time.modTimer / modtimer: replace every field; true if t was pending. */
bool rog_timer_modify(rog_timer *t, int64_t when, int64_t period, void (*f)(void *, uintptr_t, int64_t),
                      void *arg, uintptr_t seq);
/* time.Sleep: parks the goroutine (a plain nanosleep outside goroutines). */
void sched_sleep(int64_t ns);
/* runtime.nanotime */
int64_t rog_nanotime(void);

#ifdef __cplusplus
}
#endif
#endif
