// Syscalls: raw results and errno convention; a goroutine blocked in a
// syscall does not hold its P (sysmon hands it off), on every P at once.
#include "runtime/sys/syscall.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>

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

TEST(Syscall, ResultsAndErrno) {
  rog_syscall_ret r = rog_rawsyscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);
  EXPECT_EQ((pid_t)r.r1, getpid());
  EXPECT_EQ(r.err, 0u);
  r = rog_rawsyscall6(SYS_close, (uintptr_t)-1, 0, 0, 0, 0, 0);
  EXPECT_EQ(r.r1, (uintptr_t)-1);
  EXPECT_EQ(r.err, (uintptr_t)EBADF);
  // outside the scheduler the blocking form works too
  r = rog_syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0);
  EXPECT_EQ((pid_t)r.r1, getppid());
}

struct Block {
  test_wg wg{};
  std::atomic<int> in_syscall{0};
  int64_t worker_done_at = 0;
  int64_t blockers_done_at = 0;
  test_wg worker{};
};

void blocker(void *arg) {
  auto *b = static_cast<Block *>(arg);
  b->in_syscall++;
  struct timespec ts = {0, 200000000}; // 200 ms in the kernel
  rog_syscall6(SYS_nanosleep, (uintptr_t)&ts, 0, 0, 0, 0, 0);
  test_wg_done(&b->wg);
}

void worker(void *arg) {
  auto *b = static_cast<Block *>(arg);
  volatile long x = 0;
  for (int i = 0; i < 100000; i++)
    x += i;
  b->worker_done_at = rog_nanotime();
  test_wg_done(&b->worker);
}

TEST(Syscall, BlockedSyscallsGiveTheirPsAway) {
  Block b;
  int64_t t0 = 0;
  std::pair<Block *, int64_t *> ctx(&b, &t0);
  sched_main(
      [](void *arg) {
        auto [b, t0] = *static_cast<std::pair<Block *, int64_t *> *>(arg);
        int n = sched_gomaxprocs();
        test_wg_add(&b->wg, n);
        *t0 = rog_nanotime();
        for (int i = 0; i < n; i++)
          sched_go(blocker, b);
        // wait until every P's goroutine is in the kernel, then the main
        // goroutine itself blocks in a syscall too
        while (b->in_syscall.load() < n)
          sched_gosched();
        test_wg_add(&b->worker, 1);
        sched_go(worker, b);
        test_wg_wait(&b->worker);
        test_wg_wait(&b->wg);
        b->blockers_done_at = rog_nanotime();
      },
      &ctx);
  // the worker ran while all blockers still slept in the kernel
  EXPECT_LT(b.worker_done_at - t0, 150000000) << (b.worker_done_at - t0) / 1000 << " us";
  EXPECT_GE(b.blockers_done_at - t0, 200000000);
}

} // namespace
