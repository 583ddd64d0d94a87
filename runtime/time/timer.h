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

/* gc's runtime.timer, laid out like package time's runtimeTimer so that
 * time's timers are used in place (runtime/time/std.c):
 *   pp uintptr, when, period int64, f func(any, uintptr), arg any,
 *   seq uintptr, nextwhen int64, status uint32.
 * C timers: f(arg, seq, delta) runs on a system stack when the timer fires
 * (delta: how late, in ns); it must not block. Go timers (go_f != 0): f is
 * a Go func value called as f(arg, seq) with arg = {arg, arg_data}. Fields
 * other than pp/idx are set by the owner before rog_timer_start. */
struct rog_timer {
  _Atomic(sched_p *) pp;                              /* +0: heap holding it; NULL when not pending */
  int64_t when;                                       /* +8: nanotime deadline */
  int64_t period;                                     /* +16: > 0: fire again every period ns */
  void (*f)(void *arg, uintptr_t seq, int64_t delta); /* +24 */
  void *arg;                                          /* +32 */
  void *arg_data;                                     /* +40: Go timers: the data word of arg */
  uintptr_t seq;                                      /* +48 */
  int32_t idx;                                        /* +56: index in pp's heap (time's nextwhen) */
  uint32_t go_f;                                      /* +60: f is a Go func value */
  uint32_t status;                                    /* +64: unused (time's status) */
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
