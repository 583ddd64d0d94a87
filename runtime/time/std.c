/*
 * runtime/time/std.c: package time's runtime hooks (gc's time.Sleep,
 * startTimer, stopTimer, resetTimer, modTimer, now; runtimeNano is
 * runtime.nanotime by //go:linkname), under time's symbol names, on top of timer.c.
 *
 * time's runtimeTimer and rog_timer share one layout (timer.h), so a
 * time.Timer's timer sits in the per-P heaps in place, with go_f set: when
 * it fires, timer.c calls timer_call_go, which calls the Go func value
 * through runtime.timerCall (runtime/go/runtime/std_time.go) on the M that
 * runs the timers. time's callbacks (sendTime: a non-blocking channel send;
 * goFunc: starts a goroutine) never block, as timer.c requires. The heaps
 * are GC roots, so a pending timer keeps its time.Timer (and f, arg) alive.
 *
 * Rejected: a shadow rog_timer per runtimeTimer (a second allocation whose
 * lifetime would have to follow the Go object's) and a timer goroutine that
 * runs Go callbacks (a thread hop per tick).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "rog/abi.h"
#include "runtime/sched/lock.h"
#include "runtime/sched/sched.h"
#include "runtime/time/timer.h"

_Static_assert(sizeof(rog_timer) == 72, "rog_timer must match time.runtimeTimer (gc 1.19)");
_Static_assert(__builtin_offsetof(rog_timer, seq) == 48, "rog_timer must match time.runtimeTimer");

/* The Go side; weak so the C tests link without package runtime. */
void rt_timer_call(void *f, void *arg, void *arg_data, uintptr_t seq) __asm__("runtime.timerCall")
    __attribute__((weak));

void timer_call_go(void *f, void *arg, void *arg_data, uintptr_t seq) {
  if (rt_timer_call) rt_timer_call(f, arg, arg_data, seq);
}

void time_sleep(int64_t ns) __asm__("time.Sleep");
void time_sleep(int64_t ns) {
  sched_sleep(ns);
}

void time_start_timer(rog_timer *t) __asm__("time.startTimer");
void time_start_timer(rog_timer *t) {
  t->go_f = 1;
  rog_timer_start(t);
}

bool time_stop_timer(rog_timer *t) __asm__("time.stopTimer");
bool time_stop_timer(rog_timer *t) {
  return rog_timer_stop(t);
}

bool time_reset_timer(rog_timer *t, int64_t when) __asm__("time.resetTimer");
bool time_reset_timer(rog_timer *t, int64_t when) {
  bool pending = rog_timer_stop(t);
  t->when = when;
  t->go_f = 1;
  rog_timer_start(t);
  return pending;
}

void time_mod_timer(rog_timer *t, int64_t when, int64_t period, void *f, void *arg, void *arg_data,
                    uintptr_t seq) __asm__("time.modTimer");
void time_mod_timer(rog_timer *t, int64_t when, int64_t period, void *f, void *arg, void *arg_data,
                    uintptr_t seq) {
  rog_timer_stop(t);
  t->when = when;
  t->period = period;
  t->f = (void (*)(void *, uintptr_t, int64_t))f;
  t->arg = arg;
  t->arg_data = arg_data;
  t->seq = seq;
  t->go_f = 1;
  rog_timer_start(t);
}

typedef struct time_now_ret {
  int64_t sec;
  int32_t nsec;
  int64_t mono;
} time_now_ret;

time_now_ret time_now(void) __asm__("time.now");
time_now_ret time_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  time_now_ret r = {ts.tv_sec, (int32_t)ts.tv_nsec, sched_nanotime()};
  return r;
}

/* time.runtimeNano and internal/poll.runtimeNano: both are
 * `//go:linkname runtimeNano runtime.nanotime` (compiler/lower/linkname.c). */
int64_t rt_nanotime(void) __asm__("runtime.nanotime");
int64_t rt_nanotime(void) {
  return sched_nanotime();
}
