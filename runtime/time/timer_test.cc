// Timers: 100,000 timers fire in deadline order and never early; sleep;
// stop/reset/modify semantics; tickers; no thread per timer.
#include "runtime/time/timer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "runtime/sched/sched.h"
#include "runtime/sched/testutil.h"

namespace {

struct Env : ::testing::Environment {
  void SetUp() override {
    rog_test_env();
  }
};
const auto *env = ::testing::AddGlobalTestEnvironment(new Env);

int threads() {
  return rog_test_threads();
}

struct Fired {
  std::vector<int64_t> when; // deadline of the k-th firing
  std::vector<int64_t> at;   // nanotime when it fired
  std::atomic<long> n{0};
  long total;
  sched_mutex lock{};
  sched_g *waiter = nullptr;
};

void record(void *arg, uintptr_t seq, int64_t delta) {
  auto *f = static_cast<Fired *>(arg);
  long k = f->n.fetch_add(1);
  f->when[k] = (int64_t)seq;
  f->at[k] = rog_nanotime();
  (void)delta;
  if (k + 1 == f->total) {
    sched_mutex_lock(&f->lock);
    sched_g *w = f->waiter;
    f->waiter = nullptr;
    sched_mutex_unlock(&f->lock);
    if (w) sched_ready(w);
  }
}

TEST(Timer, HundredThousandTimersFireInOrder) {
  const long n = rog_test_scale(100000);
  Fired f;
  f.total = n;
  f.when.resize(n);
  f.at.resize(n);
  std::vector<rog_timer> timers(n);
  std::vector<int64_t> offs(n);
  std::mt19937_64 rng(42);
  // all timers are started before the first can fire (base 300 ms, 3 s in
  // slow configurations), so firing order must equal deadline order
  const int64_t base = rog_test_scale(10) == 10 ? 300000000 : 3000000000;
  for (long i = 0; i < n; i++)
    offs[i] = base + (int64_t)(rng() % 200000000);
  int max_threads = 0;
  std::tuple<Fired *, std::vector<rog_timer> *, std::vector<int64_t> *, int *> ctx1(&f, &timers, &offs,
                                                                                    &max_threads);
  sched_main(
      [](void *arg) {
        auto *ctx =
            static_cast<std::tuple<Fired *, std::vector<rog_timer> *, std::vector<int64_t> *, int *> *>(arg);
        auto [f, timers, offs, maxth] = *ctx;
        int64_t now = rog_nanotime();
        for (size_t i = 0; i < timers->size(); i++) {
          rog_timer &t = (*timers)[i];
          t.when = now + (*offs)[i];
          t.period = 0;
          t.f = record;
          t.arg = f;
          t.seq = (uintptr_t)t.when;
          rog_timer_start(&t);
        }
        *maxth = threads();
        sched_mutex_lock(&f->lock);
        if (f->n.load() == f->total) {
          sched_mutex_unlock(&f->lock);
          return;
        }
        f->waiter = sched_getg();
        sched_park("sleep", sched_park_unlock, &f->lock);
      },
      &ctx1);
  ASSERT_EQ(f.n.load(), n);
  long out_of_order = 0, early = 0;
  for (long k = 0; k < n; k++) {
    if (k > 0 && f.when[k] < f.when[k - 1]) out_of_order++;
    if (f.at[k] < f.when[k]) early++;
  }
  EXPECT_EQ(out_of_order, 0);
  EXPECT_EQ(early, 0);
  EXPECT_LE(max_threads, sched_gomaxprocs() + 4) << "a thread per timer?";
}

TEST(Timer, SleepSleepsAtLeastTheDuration) {
  int64_t slept = 0;
  sched_main(
      [](void *arg) {
        int64_t t0 = rog_nanotime();
        sched_sleep(10000000);
        *static_cast<int64_t *>(arg) = rog_nanotime() - t0;
      },
      &slept);
  EXPECT_GE(slept, 10000000);
  EXPECT_LT(slept, 10000000 + 50000000 * (rog_test_scale(10) == 10 ? 1 : 10));
}

struct Count {
  std::atomic<int> n{0};
};

void count_fire(void *arg, uintptr_t, int64_t) {
  static_cast<Count *>(arg)->n++;
}

TEST(Timer, StopResetModifySemantics) {
  Count c;
  bool stop_pending = false, stop_again = true, reset_pending = true, stop_fired = true;
  int after_stop = -1, after_reset = -1;
  std::tuple<Count *, bool *, bool *, bool *, bool *, int *, int *> ctx2(
      &c, &stop_pending, &stop_again, &reset_pending, &stop_fired, &after_stop, &after_reset);
  sched_main(
      [](void *arg) {
        auto *r = static_cast<std::tuple<Count *, bool *, bool *, bool *, bool *, int *, int *> *>(arg);
        auto [c, stop_pending, stop_again, reset_pending, stop_fired, after_stop, after_reset] = *r;
        rog_timer t{};
        t.when = rog_nanotime() + 5000000;
        t.f = count_fire;
        t.arg = c;
        rog_timer_start(&t);
        *stop_pending = rog_timer_stop(&t); // pending: true, never fires
        *stop_again = rog_timer_stop(&t);   // not pending: false
        sched_sleep(10000000);
        *after_stop = c->n.load();
        *reset_pending = rog_timer_reset(&t, rog_nanotime() + 1000000); // was not pending
        sched_sleep(10000000);
        *after_reset = c->n.load();
        *stop_fired = rog_timer_stop(&t); // already fired: false
      },
      &ctx2);
  EXPECT_TRUE(stop_pending);
  EXPECT_FALSE(stop_again);
  EXPECT_EQ(after_stop, 0);
  EXPECT_FALSE(reset_pending);
  EXPECT_EQ(after_reset, 1);
  EXPECT_FALSE(stop_fired);
}

TEST(Timer, TickerFiresPeriodically) {
  Count c;
  int ticks = 0;
  int64_t elapsed = 0; // from the first deadline's base to the stop
  std::tuple<Count *, int *, int64_t *> ctx3(&c, &ticks, &elapsed);
  sched_main(
      [](void *arg) {
        auto *p = static_cast<std::tuple<Count *, int *, int64_t *> *>(arg);
        rog_timer t{};
        int64_t start = rog_nanotime();
        t.when = start + 2000000;
        t.period = 2000000;
        t.f = count_fire;
        t.arg = std::get<0>(*p);
        rog_timer_start(&t);
        sched_sleep(31000000);
        rog_timer_stop(&t);
        *std::get<2>(*p) = rog_nanotime() - start;
        *std::get<1>(*p) = std::get<0>(*p)->n.load();
      },
      &ctx3);
  // 15 periods in 31 ms; the sleep may last longer on a loaded machine (or
  // under a sanitizer), so the upper bound is the periods that fit in the
  // time that really passed: it must tick repeatedly and never more often
  // than the period allows
  EXPECT_GE(ticks, 3);
  EXPECT_LE(ticks, elapsed / 2000000);
}

struct Sleepers {
  test_wg wg{};
};

void short_sleeper(void *arg) {
  sched_sleep(1000000);
  test_wg_done(&static_cast<Sleepers *>(arg)->wg);
}

TEST(Timer, ManySleepingGoroutinesUseFewThreads) {
  const long n = rog_test_scale(10000);
  Sleepers s;
  int th = 0;
  std::tuple<Sleepers *, long, int *> ctx4(&s, n, &th);
  sched_main(
      [](void *arg) {
        auto *p = static_cast<std::tuple<Sleepers *, long, int *> *>(arg);
        auto [s, n, th] = *p;
        test_wg_add(&s->wg, n);
        for (long i = 0; i < n; i++)
          sched_go(short_sleeper, s);
        *th = threads();
        test_wg_wait(&s->wg);
      },
      &ctx4);
  EXPECT_LE(th, sched_gomaxprocs() + 4);
}

} // namespace
