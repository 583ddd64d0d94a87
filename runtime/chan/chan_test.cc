// Channel and select tests: Go 1.19 semantics (buffered/unbuffered, close,
// nil channels, len/cap), select's uniform choice (chi-square), default
// cases, and gc's panic messages.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "rog/abi.h"
#include "runtime/sched/sched.h"
#include "runtime/sched/testutil.h"
#include "runtime/time/timer.h"

namespace {

struct Env : ::testing::Environment {
  void SetUp() override {
    rog_test_env();
  }
};
const auto *env = ::testing::AddGlobalTestEnvironment(new Env);

const rog_type int_type = {sizeof(int), 0, 0, 0, 4, 4, ROG_KIND_INT32, nullptr, nullptr, 0, 0};

TEST(Chan, BufferedIsFifoWithLenCap) {
  int got[5] = {};
  intptr_t len_full = -1, cap = -1, len_after = -1;
  bool full_trysend = true;
  RunMain([&] {
    rog_chan *c = rog_chan_make(&int_type, 5);
    for (int i = 0; i < 5; i++)
      rog_chan_send(c, &i);
    len_full = rog_chan_len(c);
    cap = rog_chan_cap(c);
    int x = 99;
    full_trysend = rog_chan_trysend(c, &x);
    for (int i = 0; i < 5; i++)
      rog_chan_recv(c, &got[i]);
    len_after = rog_chan_len(c);
  });
  for (int i = 0; i < 5; i++)
    EXPECT_EQ(got[i], i);
  EXPECT_EQ(len_full, 5);
  EXPECT_EQ(cap, 5);
  EXPECT_FALSE(full_trysend);
  EXPECT_EQ(len_after, 0);
}

TEST(Chan, CloseDrainsThenYieldsZeroFalse) {
  int a = -1, b = -1, z = -1;
  bool oka = false, okb = false, okz = true;
  RunMain([&] {
    rog_chan *c = rog_chan_make(&int_type, 2);
    int v = 7;
    rog_chan_send(c, &v);
    v = 8;
    rog_chan_send(c, &v);
    rog_chan_close(c);
    oka = rog_chan_recv(c, &a);
    okb = rog_chan_recv(c, &b);
    z = 123;
    okz = rog_chan_recv(c, &z);
  });
  EXPECT_TRUE(oka);
  EXPECT_TRUE(okb);
  EXPECT_EQ(a, 7);
  EXPECT_EQ(b, 8);
  EXPECT_FALSE(okz);
  EXPECT_EQ(z, 0);
}

struct Closer {
  rog_chan *c;
  test_wg wg{};
  std::atomic<int> falses{0};
};

void blocked_receiver(void *arg) {
  auto *cl = static_cast<Closer *>(arg);
  int v = 5;
  if (!rog_chan_recv(cl->c, &v) && v == 0) cl->falses++;
  test_wg_done(&cl->wg);
}

TEST(Chan, CloseWakesAllReceivers) {
  Closer cl;
  RunMain([&] {
    cl.c = rog_chan_make(&int_type, 0);
    test_wg_add(&cl.wg, 10);
    for (int i = 0; i < 10; i++)
      sched_go(blocked_receiver, &cl);
    sched_sleep(2000000);
    rog_chan_close(cl.c);
    test_wg_wait(&cl.wg);
  });
  EXPECT_EQ(cl.falses.load(), 10);
}

TEST(Chan, NilChannelNeverReadyAndZeroLenCap) {
  bool s = true, r = true;
  intptr_t sel = 0;
  RunMain([&] {
    int v = 1;
    s = rog_chan_trysend(nullptr, &v);
    bool ok;
    r = rog_chan_tryrecv(nullptr, &v, &ok);
    rog_scase cases[2] = {{nullptr, &v}, {nullptr, &v}};
    uint16_t order[4];
    sel = rog_select(cases, order, 1, 1, false, nullptr);
  });
  EXPECT_FALSE(s);
  EXPECT_FALSE(r);
  EXPECT_EQ(sel, -1);
  EXPECT_EQ(rog_chan_len(nullptr), 0);
  EXPECT_EQ(rog_chan_cap(nullptr), 0);
}

// Uniform choice among ready cases: 4 always-ready receive cases.
TEST(Select, FairnessChiSquare) {
  const int kCases = 4;
  const long n = rog_test_scale(40000) < 4000 ? 4000 : rog_test_scale(40000);
  long counts[kCases] = {};
  RunMain([&] {
    rog_chan *c[kCases];
    for (auto &x : c)
      x = rog_chan_make(&int_type, 1);
    int v = 0;
    for (auto &x : c)
      rog_chan_send(x, &v);
    for (long i = 0; i < n; i++) {
      rog_scase cases[kCases];
      int dst;
      for (int k = 0; k < kCases; k++)
        cases[k] = {c[k], &dst};
      uint16_t order[2 * kCases];
      bool ok;
      intptr_t k = rog_select(cases, order, 0, kCases, true, &ok);
      counts[k]++;
      rog_chan_send(c[k], &v); // refill
    }
  });
  double expect = (double)n / kCases, chi2 = 0;
  for (long x : counts)
    chi2 += (x - expect) * (x - expect) / expect;
  // 3 degrees of freedom: P(chi2 > 16.27) = 0.001
  EXPECT_LT(chi2, 16.27) << counts[0] << " " << counts[1] << " " << counts[2] << " " << counts[3];
}

struct SelWait {
  rog_chan *a, *b;
  intptr_t chosen = -2;
  int got = 0;
  bool ok = false;
  test_wg wg{};
};

void select_waiter(void *arg) {
  auto *s = static_cast<SelWait *>(arg);
  rog_scase cases[2] = {{s->a, &s->got}, {s->b, &s->got}};
  uint16_t order[4];
  s->chosen = rog_select(cases, order, 0, 2, true, &s->ok);
  test_wg_done(&s->wg);
}

TEST(Select, BlocksThenTakesTheCaseThatBecomesReady) {
  SelWait s;
  int second = -1;
  bool second_ready = true;
  RunMain([&] {
    s.a = rog_chan_make(&int_type, 0);
    s.b = rog_chan_make(&int_type, 0);
    test_wg_add(&s.wg, 1);
    sched_go(select_waiter, &s);
    sched_sleep(2000000);
    int v = 42;
    rog_chan_send(s.b, &v); // completes only by handing to the select
    test_wg_wait(&s.wg);
    // the losing case's sudog must be gone: a try-send on a finds nobody
    second_ready = rog_chan_trysend(s.a, &v);
    (void)second;
  });
  EXPECT_EQ(s.chosen, 1);
  EXPECT_EQ(s.got, 42);
  EXPECT_TRUE(s.ok);
  EXPECT_FALSE(second_ready);
}

TEST(Select, ClosedChannelCaseAndDefault) {
  intptr_t k1 = -2, k2 = -2;
  bool ok1 = true;
  RunMain([&] {
    rog_chan *a = rog_chan_make(&int_type, 0);
    rog_chan *b = rog_chan_make(&int_type, 0);
    int d = 5;
    rog_scase cases[2] = {{a, &d}, {b, &d}};
    uint16_t order[4];
    k1 = rog_select(cases, order, 0, 2, false, nullptr); // nothing ready: default
    rog_chan_close(b);
    rog_scase cases2[2] = {{a, &d}, {b, &d}};
    k2 = rog_select(cases2, order, 0, 2, true, &ok1);
  });
  EXPECT_EQ(k1, -1);
  EXPECT_EQ(k2, 1);
  EXPECT_FALSE(ok1);
}

struct SendSel {
  rog_chan *c;
  int got = 0;
  test_wg wg{};
};

void plain_receiver(void *arg) {
  auto *s = static_cast<SendSel *>(arg);
  rog_chan_recv(s->c, &s->got);
  test_wg_done(&s->wg);
}

TEST(Select, SendCaseHandsValueToReceiver) {
  SendSel s;
  intptr_t k = -2;
  RunMain([&] {
    s.c = rog_chan_make(&int_type, 0);
    test_wg_add(&s.wg, 1);
    sched_go(plain_receiver, &s);
    int v = 77;
    rog_scase cases[1] = {{s.c, &v}};
    uint16_t order[2];
    k = rog_select(cases, order, 1, 0, true, nullptr);
    test_wg_wait(&s.wg);
  });
  EXPECT_EQ(k, 0);
  EXPECT_EQ(s.got, 77);
}

// Many goroutines selecting over shared channels: every value is delivered
// exactly once.
struct Mesh {
  rog_chan *in[3];
  rog_chan *out;
  long n;
  test_wg wg{};
};

void mesh_producer(void *arg) {
  auto *m = static_cast<Mesh *>(arg);
  for (long i = 1; i <= m->n; i++) {
    int v = (int)i;
    rog_scase cases[3] = {{m->in[0], &v}, {m->in[1], &v}, {m->in[2], &v}};
    uint16_t order[6];
    rog_select(cases, order, 3, 0, true, nullptr);
  }
  test_wg_done(&m->wg);
}

void mesh_consumer(void *arg) {
  auto *m = static_cast<Mesh *>(arg);
  for (;;) {
    int v;
    bool ok;
    rog_scase cases[3] = {{m->in[0], &v}, {m->in[1], &v}, {m->in[2], &v}};
    uint16_t order[6];
    rog_select(cases, order, 0, 3, true, &ok);
    if (!ok) break;
    rog_chan_send(m->out, &v);
  }
}

TEST(Select, ManyToManyDeliversEachValueOnce) {
  Mesh m;
  m.n = rog_test_scale(20000);
  long sum = 0, count = 0;
  RunMain([&] {
    for (auto &c : m.in)
      c = rog_chan_make(&int_type, 0);
    m.out = rog_chan_make(&int_type, 16);
    test_wg_add(&m.wg, 2);
    sched_go(mesh_producer, &m);
    sched_go(mesh_producer, &m);
    for (int i = 0; i < 3; i++)
      sched_go(mesh_consumer, &m);
    for (long i = 0; i < 2 * m.n; i++) {
      int v;
      rog_chan_recv(m.out, &v);
      sum += v;
      count++;
    }
    test_wg_wait(&m.wg);
    rog_chan_close(m.in[0]);
  });
  EXPECT_EQ(count, 2 * m.n);
  EXPECT_EQ(sum, m.n * (m.n + 1)); // two producers, each 1..n
}

void send_on_closed(void *) {
  rog_chan *c = rog_chan_make(&int_type, 1);
  rog_chan_close(c);
  int v = 1;
  rog_chan_send(c, &v);
}

void close_nil(void *) {
  rog_chan_close(nullptr);
}

void close_closed(void *) {
  rog_chan *c = rog_chan_make(&int_type, 0);
  rog_chan_close(c);
  rog_chan_close(c);
}

void make_negative(void *) {
  rog_chan_make(&int_type, -1);
}

TEST(ChanDeathTest, GcPanicMessages) {
  GTEST_FLAG_SET(death_test_style, ROG_TEST_DEATH_STYLE);
  EXPECT_EXIT(sched_main(send_on_closed, nullptr), ::testing::ExitedWithCode(2),
              "panic: send on closed channel\n\ngoroutine [0-9]+ \\[running\\]:");
  EXPECT_EXIT(sched_main(close_nil, nullptr), ::testing::ExitedWithCode(2), "panic: close of nil channel\n");
  EXPECT_EXIT(sched_main(close_closed, nullptr), ::testing::ExitedWithCode(2),
              "panic: close of closed channel\n");
  EXPECT_EXIT(sched_main(make_negative, nullptr), ::testing::ExitedWithCode(2),
              "panic: makechan: size out of range\n");
}

} // namespace
