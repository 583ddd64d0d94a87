/*
 * Helpers for the runtime's GoogleTest suites (tests only).
 *
 * Goroutine bodies in tests are small C-like functions: C code has no stack
 * checks, so tests run with bigger first segments (ROG_OPTS stackmin, set
 * by rog_test_env before the scheduler starts) unless a test is about small
 * stacks. Assertions run on the test thread after sched_main returns, never
 * inside goroutines (gtest needs more stack than a segment has).
 *
 * test_wg: a WaitGroup on park/ready. scale(): divides work counts under
 * qemu/TSan/ASan (ROG_TEST_SCALE overrides).
 */
#ifndef ROG_SCHED_TESTUTIL_H
#define ROG_SCHED_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/sched/sched.h"

/* gtest death-test style: "threadsafe" re-executes the test binary, which
 * qemu-user cannot do (no binfmt here), so arm64 forks ("fast"). Forking
 * is safe only while the parent has not started the scheduler: gtest runs
 * *DeathTest suites first, and the runtime starts lazily. */
#if defined(__aarch64__)
#define ROG_TEST_DEATH_STYLE "fast"
#else
#define ROG_TEST_DEATH_STYLE "threadsafe"
#endif

static inline void rog_test_env(void) {
  setenv("ROG_OPTS", "stackmin=16384", 0);
}

static inline long rog_test_scale(long n) {
  const char *s = getenv("ROG_TEST_SCALE");
  long div = 1;
#if defined(__aarch64__)
  div = 10;
#endif
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
  div = 10;
#endif
#endif
  if (s && atol(s) > 0) div = atol(s);
  long r = n / div;
  return r > 0 ? r : 1;
}

/* Threads in this process (/proc/self/status), -1 if unknown. Call from the
 * test thread or through sched_systemstack (stdio needs a deep stack). */
static inline int rog_test_threads(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (f == NULL) return -1;
  char line[256];
  int n = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "Threads:", 8) == 0) n = atoi(line + 8);
  fclose(f);
  return n;
}

typedef struct test_wg {
  sched_mutex lock;
  long n;
  sched_g *waiter;
} test_wg;

static inline void test_wg_add(test_wg *wg, long d) {
  sched_mutex_lock(&wg->lock);
  wg->n += d;
  sched_g *w = NULL;
  if (wg->n == 0 && wg->waiter) {
    w = wg->waiter;
    wg->waiter = NULL;
  }
  sched_mutex_unlock(&wg->lock);
  if (w) sched_ready(w);
}

static inline void test_wg_done(test_wg *wg) {
  test_wg_add(wg, -1);
}

static inline void test_wg_wait(test_wg *wg) {
  sched_mutex_lock(&wg->lock);
  if (wg->n == 0) {
    sched_mutex_unlock(&wg->lock);
    return;
  }
  wg->waiter = sched_getg();
  sched_park("semacquire", sched_park_unlock, &wg->lock);
}

/* The prologue the stack-check pass emits (abi.h [stack]), for C tests:
 * ARGS_T must have a `ret` field; THUNK(void*) calls the function again.
 * Only for functions whose own frame stays under ROG_STACK_BIGFRAME (use
 * the split entry/body form otherwise, as the pass does). */
#define ROG_TEST_STACK_CHECK(FRAMESIZE, THUNK, ARGS_T, ...)                                                  \
  do {                                                                                                       \
    if ((uintptr_t)__builtin_frame_address(0) - (FRAMESIZE) < sched_tls()->stack_guard) {                    \
      ARGS_T a_ = {__VA_ARGS__};                                                                             \
      rog_morestack(THUNK, &a_, (FRAMESIZE));                                                                \
      return a_.ret;                                                                                         \
    }                                                                                                        \
  } while (0)

/* The checkpoint the preemption pass emits at loop latches. */
#define ROG_TEST_CHECKPOINT()                                                                                \
  do {                                                                                                       \
    if (__builtin_expect(__atomic_load_n(&sched_tls()->preempt, __ATOMIC_RELAXED) != 0, 0))                  \
      rog_checkpoint();                                                                                      \
  } while (0)

#ifdef __cplusplus
#include "runtime/time/timer.h"
#include "gtest/gtest.h"

// Runs f as goroutine 1 (sched_main). The scheduler outlives sched_main in
// a test binary, so before returning, main waits (up to 30 s) for the
// goroutines the test started to finish exiting: one that has signalled a
// wait group, or been released by a close, still runs and is counted until
// it leaves, and under load that can take over a second. Every test then
// starts with one goroutine and no goroutine outlives the test's data; a
// test that leaks goroutines fails here.
template <typename F> void RunMain(F f) {
  static F *fp;
  static int left;
  fp = &f;
  sched_main(
      [](void *) {
        (*fp)();
        for (int i = 0; i < 30000 && sched_num_goroutine() > 1; i++)
          sched_sleep(1000000);
        left = sched_num_goroutine();
      },
      nullptr);
  EXPECT_EQ(left, 1) << "the test left goroutines running";
}
#endif

#endif
