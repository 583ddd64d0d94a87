// Signals: a nil dereference in a goroutine prints gc's panic report and
// exits 2; os/signal delivery through the queue; SIGPIPE rules.
#include "runtime/signal/signal.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "runtime/sched/sched.h"
#include "runtime/sched/testutil.h"

namespace {

struct Env : ::testing::Environment {
  void SetUp() override {
    rog_test_env();
  }
};
const auto *env = ::testing::AddGlobalTestEnvironment(new Env);

} // namespace

// The nil load is the point (generated Go code does it): keep UBSan away.
extern "C" __attribute__((noinline, no_sanitize("undefined"))) int rog_test_nil_deref(int *volatile *pp) {
  return **pp;
}

namespace {

void nil_main(void *) {
  int *volatile p = nullptr;
  rog_test_nil_deref(&p);
}

TEST(SignalDeathTest, NilDereferencePanics) {
  GTEST_FLAG_SET(death_test_style, ROG_TEST_DEATH_STYLE);
  EXPECT_EXIT(sched_main(nil_main, nullptr), ::testing::ExitedWithCode(2),
              "panic: runtime error: invalid memory address or nil pointer dereference\n"
              "\\[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x[0-9a-f]+\\]\n\n"
              "goroutine [0-9]+ \\[running\\]:\n(.|\n)*rog_test_nil_deref");
}

struct Recv {
  int sig = 0;
  test_wg wg{};
};

void receiver(void *arg) {
  auto *r = static_cast<Recv *>(arg);
  r->sig = rog_signal_recv();
  test_wg_done(&r->wg);
}

TEST(Signal, NotifiedSignalIsQueuedToGoroutine) {
  Recv r;
  sched_main(
      [](void *arg) {
        auto *r = static_cast<Recv *>(arg);
        rog_signal_enable(SIGUSR1);
        test_wg_add(&r->wg, 1);
        sched_go(receiver, r);
        kill(getpid(), SIGUSR1);
        test_wg_wait(&r->wg);
        rog_signal_disable(SIGUSR1);
      },
      &r);
  EXPECT_EQ(r.sig, SIGUSR1);
}

TEST(Signal, BrokenPipeOnOtherFdsIsEpipe) {
  sched_init();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  errno = 0;
  EXPECT_EQ(write(fds[1], "x", 1), -1);
  EXPECT_EQ(errno, EPIPE); // the process survives SIGPIPE
  close(fds[1]);
}

TEST(SignalDeathTest, BrokenPipeOnStdoutKills) {
  GTEST_FLAG_SET(death_test_style, ROG_TEST_DEATH_STYLE);
  EXPECT_EXIT(
      {
        sched_init();
        rog_sigpipe(); // what the write wrapper does on EPIPE for fd 1 or 2
      },
      ::testing::KilledBySignal(SIGPIPE), "");
}

} // namespace
