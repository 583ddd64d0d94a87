// Semaphore and notify-list tests (sema.c): mutual exclusion built on
// sema_acquire/sema_release across goroutines, FIFO wake order, lifo
// queueing, handoff, and sync.Cond's ticket semantics (no lost wakeups,
// NotifyOne wakes the oldest waiter, a notified-but-not-yet-queued waiter
// does not block).
#include "runtime/sched/sema.h"

#include <gtest/gtest.h>

#include <atomic>
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

// A binary semaphore used as a lock: the counter is only updated inside.
struct Counter {
  _Atomic uint32_t sema;
  long value;
  long iters;
  test_wg wg;
};

void counter_worker(void *arg) {
  auto *c = static_cast<Counter *>(arg);
  for (long i = 0; i < c->iters; i++) {
    sema_acquire(&c->sema, false);
    long v = c->value;
    if ((i & 7) == 0) sched_gosched(); // let others pile up on the semaphore
    c->value = v + 1;
    sema_release(&c->sema, (i & 1) != 0);
  }
  test_wg_done(&c->wg);
}

TEST(Sema, MutualExclusionAcrossGoroutines) {
  static Counter c;
  c.sema = 1;
  c.value = 0;
  c.iters = rog_test_scale(20000);
  const int n = 8;
  RunMain([&] {
    test_wg_add(&c.wg, n);
    for (int i = 0; i < n; i++)
      sched_go(counter_worker, &c);
    test_wg_wait(&c.wg);
  });
  EXPECT_EQ(c.value, n * c.iters);
  EXPECT_EQ(c.sema, 1u);
}

// Waiters queue one at a time (each is parked before the next starts);
// releases must wake them in arrival order.
struct Order {
  _Atomic uint32_t sema;
  std::atomic<int> queued{0};
  std::vector<int> woke;
  sched_mutex lock;
  test_wg wg;
};

struct OrderArg {
  Order *o;
  int id;
  bool lifo;
};

void order_waiter(void *arg) {
  auto *a = static_cast<OrderArg *>(arg);
  a->o->queued.fetch_add(1);
  sema_acquire(&a->o->sema, a->lifo);
  sched_mutex_lock(&a->o->lock);
  a->o->woke.push_back(a->id);
  sched_mutex_unlock(&a->o->lock);
  test_wg_done(&a->o->wg);
}

// Starts a waiter and waits until it is queued on the semaphore.
void start_parked(Order *o, OrderArg *a) {
  int before = sema_nwaiters(&o->sema);
  sched_go(order_waiter, a);
  while (sema_nwaiters(&o->sema) == before)
    sched_sleep(100000);
}

TEST(Sema, FifoWakeOrderAndLifoQueueing) {
  static Order o;
  static OrderArg args[5];
  o.sema = 0;
  RunMain([&] {
    test_wg_add(&o.wg, 5);
    for (int i = 0; i < 4; i++) {
      args[i] = {&o, i, false};
      start_parked(&o, &args[i]);
    }
    args[4] = {&o, 4, true};
    start_parked(&o, &args[4]); // lifo: jumps the queue
    for (int i = 0; i < 5; i++) {
      size_t n = o.woke.size();
      sema_release(&o.sema, false);
      for (;;) { // the woken waiter records itself before the next release
        sched_mutex_lock(&o.lock);
        size_t k = o.woke.size();
        sched_mutex_unlock(&o.lock);
        if (k > n) break;
        sched_sleep(100000);
      }
    }
    test_wg_wait(&o.wg);
  });
  ASSERT_EQ(o.woke.size(), 5u);
  EXPECT_EQ(o.woke, (std::vector<int>{4, 0, 1, 2, 3}));
  EXPECT_EQ(o.sema, 0u);
}

// With handoff the count goes to the waiter: the releaser cannot take it
// back with a non-blocking attempt right after releasing.
struct Handoff {
  _Atomic uint32_t sema;
  std::atomic<int> parked{0};
  std::atomic<bool> got{false};
  uint32_t after_release;
  test_wg wg;
};

void handoff_waiter(void *arg) {
  auto *h = static_cast<Handoff *>(arg);
  h->parked.store(1);
  sema_acquire(&h->sema, false);
  h->got.store(true);
  test_wg_done(&h->wg);
}

TEST(Sema, HandoffGivesTheCountToTheWaiter) {
  static Handoff h;
  h.sema = 0;
  RunMain([&] {
    test_wg_add(&h.wg, 1);
    sched_go(handoff_waiter, &h);
    while (sema_nwaiters(&h.sema) == 0)
      sched_sleep(100000);
    sema_release(&h.sema, true);
    h.after_release = h.sema; // the waiter took it: still 0
    test_wg_wait(&h.wg);
  });
  EXPECT_TRUE(h.got.load());
  EXPECT_EQ(h.after_release, 0u);
}

// sync.notifyList, laid out as in package sync.
struct GoNotifyList {
  uint32_t wait, notify;
  uintptr_t lock;
  void *head, *tail;
};
static_assert(sizeof(GoNotifyList) == 32, "sync.notifyList is 32 bytes");

struct CondState {
  GoNotifyList l;
  _Atomic uint32_t mu; // semaphore used as the Cond's mutex
  int ready;
  int woken;
  std::vector<int> order;
  test_wg wg;
};

struct CondArg {
  CondState *s;
  int id;
  std::atomic<int> *added;
};

void cond_waiter(void *arg) {
  auto *a = static_cast<CondArg *>(arg);
  CondState *s = a->s;
  sema_acquire(&s->mu, false);
  uint32_t t = notify_list_add(reinterpret_cast<notify_list *>(&s->l));
  a->added->fetch_add(1);
  sema_release(&s->mu, false);
  notify_list_wait(reinterpret_cast<notify_list *>(&s->l), t);
  sema_acquire(&s->mu, false);
  s->woken++;
  s->order.push_back(a->id);
  sema_release(&s->mu, false);
  test_wg_done(&s->wg);
}

TEST(NotifyList, NotifyOneWakesInTicketOrderThenNotifyAll) {
  static CondState s;
  static CondArg args[6];
  static std::atomic<int> added{0};
  s.mu = 1;
  RunMain([&] {
    test_wg_add(&s.wg, 6);
    for (int i = 0; i < 6; i++) {
      args[i] = {&s, i, &added};
      sched_go(cond_waiter, &args[i]);
      while (added.load() <= i)
        sched_sleep(100000);
    }
    for (int i = 0; i < 3; i++) {
      notify_list_notify_one(reinterpret_cast<notify_list *>(&s.l));
      for (;;) { // the woken waiter records itself before the next notify
        sema_acquire(&s.mu, false);
        int w = s.woken;
        sema_release(&s.mu, false);
        if (w > i) break;
        sched_sleep(100000);
      }
    }
    notify_list_notify_all(reinterpret_cast<notify_list *>(&s.l));
    test_wg_wait(&s.wg);
  });
  EXPECT_EQ(s.woken, 6);
  ASSERT_EQ(s.order.size(), 6u);
  EXPECT_EQ(std::vector<int>(s.order.begin(), s.order.begin() + 3), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(s.l.wait, 6u);
  EXPECT_EQ(s.l.notify, 6u);
  EXPECT_EQ(s.l.head, nullptr);
}

// A ticket notified before its owner waits must not block (no lost wakeup).
TEST(NotifyList, NotifiedTicketDoesNotBlock) {
  static GoNotifyList l;
  bool done = false;
  RunMain([&] {
    auto *nl = reinterpret_cast<notify_list *>(&l);
    uint32_t t = notify_list_add(nl);
    notify_list_notify_one(nl);
    notify_list_wait(nl, t);    // returns at once
    notify_list_notify_all(nl); // nothing pending: no-op
    done = true;
  });
  EXPECT_TRUE(done);
  EXPECT_EQ(l.notify, 1u);
}

// Many goroutines hammering Wait/NotifyAll: every waiter is woken.
struct Storm {
  GoNotifyList l;
  _Atomic uint32_t mu;
  long generation;
  long rounds;
  test_wg wg;
};

void storm_waiter(void *arg) {
  auto *s = static_cast<Storm *>(arg);
  for (long r = 0; r < s->rounds; r++) {
    sema_acquire(&s->mu, false);
    while (s->generation <= r) {
      uint32_t t = notify_list_add(reinterpret_cast<notify_list *>(&s->l));
      sema_release(&s->mu, false);
      notify_list_wait(reinterpret_cast<notify_list *>(&s->l), t);
      sema_acquire(&s->mu, false);
    }
    sema_release(&s->mu, false);
  }
  test_wg_done(&s->wg);
}

TEST(NotifyList, BroadcastStormWakesEveryone) {
  static Storm s;
  s.mu = 1;
  s.rounds = rog_test_scale(2000);
  const int n = 6;
  RunMain([&] {
    test_wg_add(&s.wg, n);
    for (int i = 0; i < n; i++)
      sched_go(storm_waiter, &s);
    for (long r = 0; r < s.rounds; r++) {
      sema_acquire(&s.mu, false);
      s.generation++;
      sema_release(&s.mu, false);
      notify_list_notify_all(reinterpret_cast<notify_list *>(&s.l));
      if ((r & 15) == 0) sched_gosched();
    }
    test_wg_wait(&s.wg);
  });
  EXPECT_EQ(s.generation, s.rounds);
}

} // namespace
