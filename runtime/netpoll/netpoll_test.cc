// Network poller: 10,000 concurrent loopback TCP connections echoing
// through goroutines while the thread count stays at GOMAXPROCS plus a few;
// deadlines and unblock (gc's pollErrTimeout / pollErrClosing).
//
// Each connection costs two fds when both ends are in one process; where
// the hard RLIMIT_NOFILE is below 2 x 10,000 (20,000 on the CI machine,
// with some fds already in use), the clients run in a second process: this
// binary again, selecting NetpollClientProcess.Clients, which asserts the
// same things on its side (every echo correct, threads at GOMAXPROCS plus
// a few) and reports through its exit status. Rejected: a fork() without
// exec (the child of a multi-threaded process cannot use the scheduler).
#include "runtime/netpoll/netpoll.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

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

int threads() {
  return rog_test_threads();
}

// Blocking-style helpers over non-blocking fds, as internal/poll does it.
ssize_t read_full(int fd, rog_polldesc *pd, char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, buf + got, n - got);
    if (r > 0) {
      got += (size_t)r;
    } else if (r == 0) {
      break;
    } else if (errno == EAGAIN) {
      if (rog_poll_wait(pd, 'r') != 0) return -1;
    } else if (errno != EINTR) {
      return -1;
    }
  }
  return (ssize_t)got;
}

bool write_full(int fd, rog_polldesc *pd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w > 0) {
      buf += w;
      n -= (size_t)w;
    } else if (errno == EAGAIN) {
      if (rog_poll_wait(pd, 'w') != 0) return false;
    } else if (errno != EINTR) {
      return false;
    }
  }
  return true;
}

void close_pd(int fd, rog_polldesc *pd) {
  rog_poll_unblock(pd);
  rog_poll_close(pd);
  close(fd);
}

struct Server {
  int lfd;
  rog_polldesc *lpd;
  uint16_t port;
  std::atomic<long> accepted{0};
  std::atomic<bool> stop{false};
  // Every goroutine that uses a poll descriptor must be gone before the
  // descriptor is closed (internal/poll's contract: fd.Close waits for its
  // users), and before the test returns (its goroutines would otherwise
  // wake later and run on recycled descriptors in the next test).
  test_wg acceptor_done{};
  test_wg conns_done{};
};

void echo_conn(void *arg) {
  auto *s = static_cast<Server *>(static_cast<void **>(arg)[0]);
  int fd = (int)(intptr_t)static_cast<void **>(arg)[1];
  delete[] static_cast<void **>(arg);
  int err = 0;
  rog_polldesc *pd = rog_poll_open(fd, &err);
  if (!pd) {
    close(fd);
    test_wg_done(&s->conns_done);
    return;
  }
  char buf[256];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r > 0) {
      if (!write_full(fd, pd, buf, (size_t)r)) break;
    } else if (r == 0) {
      break;
    } else if (errno == EAGAIN) {
      if (rog_poll_wait(pd, 'r') != 0) break;
    } else if (errno != EINTR) {
      break;
    }
  }
  close_pd(fd, pd);
  test_wg_done(&s->conns_done);
}

void acceptor(void *arg) {
  auto *s = static_cast<Server *>(arg);
  for (;;) {
    int fd = accept4(s->lfd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      s->accepted++;
      test_wg_add(&s->conns_done, 1);
      sched_go(echo_conn, new void *[2]{s, (void *)(intptr_t)fd});
      continue;
    }
    if (errno == EAGAIN) {
      if (rog_poll_wait(s->lpd, 'r') != 0) break; // listener unblocked for closing
    } else if (errno != EINTR && errno != ECONNABORTED) {
      break;
    }
  }
  test_wg_done(&s->acceptor_done);
}

struct Clients {
  Server *srv;
  test_wg wg{};
  test_wg echoed{}; // every connection has echoed and is still open
  rog_chan *gate;   // closed once all are open at the same time
  int threads_all_open = 0;
  std::atomic<long> ok{0};
  std::atomic<long> bad{0};
  std::atomic<int> max_threads{0};
};

struct ClientArg {
  Clients *cl;
  long id;
};

void client(void *arg) {
  auto *ca = static_cast<ClientArg *>(arg);
  Clients *cl = ca->cl;
  bool good = false;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(cl->srv->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int err = 0;
    rog_polldesc *pd = rog_poll_open(fd, &err);
    if (pd) {
      int r = connect(fd, (sockaddr *)&a, sizeof a);
      if (r == 0 || errno == EINPROGRESS) {
        if (r != 0) rog_poll_wait(pd, 'w');
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
        if (soerr == 0) {
          char msg[64], back[64];
          int n = snprintf(msg, sizeof msg, "hello from client %ld, padding.....", ca->id);
          if (write_full(fd, pd, msg, (size_t)n) && read_full(fd, pd, back, (size_t)n) == n &&
              memcmp(msg, back, (size_t)n) == 0)
            good = true;
        }
      }
      int th = threads();
      int m = cl->max_threads.load();
      while (th > m && !cl->max_threads.compare_exchange_weak(m, th)) {
      }
      test_wg_done(&cl->echoed);
      rog_chan_recv(cl->gate, nullptr); // stay connected until all are
      close_pd(fd, pd);
    } else {
      close(fd);
      test_wg_done(&cl->echoed);
    }
  } else {
    test_wg_done(&cl->echoed);
  }
  (good ? cl->ok : cl->bad)++;
  test_wg_done(&cl->wg);
}

// Server side: a listener and its acceptor goroutine.
bool listen_loopback(Server *srv) {
  srv->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (srv->lfd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(srv->lfd, (sockaddr *)&a, sizeof a) != 0 || listen(srv->lfd, 4096) != 0) return false;
  socklen_t al = sizeof a;
  getsockname(srv->lfd, (sockaddr *)&a, &al);
  srv->port = ntohs(a.sin_port);
  return true;
}

void server_start(Server *srv) {
  int err = 0;
  srv->lpd = rog_poll_open(srv->lfd, &err);
  test_wg_add(&srv->acceptor_done, 1);
  sched_go(acceptor, srv);
}

void server_stop(Server *srv) {
  rog_poll_unblock(srv->lpd);
  test_wg_wait(&srv->acceptor_done); // no user left: now close
  rog_poll_close(srv->lpd);
  close(srv->lfd);
  test_wg_wait(&srv->conns_done);
}

// Client side: n goroutines that connect, echo one message and stay
// connected until all have echoed (then max_threads and threads_all_open
// are measured with every connection open at once).
struct ClientRun {
  Clients *cl;
  std::vector<ClientArg> *args;
  long n;
};

void run_clients(ClientRun *r) {
  Clients *cl = r->cl;
  cl->gate = rog_chan_make(nullptr, 0);
  test_wg_add(&cl->wg, r->n);
  test_wg_add(&cl->echoed, r->n);
  for (long i = 0; i < r->n; i++) {
    (*r->args)[i] = {cl, i};
    sched_go(client, &(*r->args)[i]);
  }
  test_wg_wait(&cl->echoed);
  cl->threads_all_open = threads();
  rog_chan_close(cl->gate);
  test_wg_wait(&cl->wg);
}

void expect_clients(const Clients &cl, long n) {
  EXPECT_EQ(cl.ok.load(), n);
  EXPECT_EQ(cl.bad.load(), 0);
  EXPECT_LE(cl.max_threads.load(), sched_gomaxprocs() + 4);
  EXPECT_GT(cl.max_threads.load(), 0);
  EXPECT_LE(cl.threads_all_open, sched_gomaxprocs() + 4);
}

constexpr const char *kClientEnv = "ROG_NETPOLL_TEST_CLIENTS"; // "PORT N"

// The client half of TenThousandLoopbackConnectionsEcho when one process
// cannot hold both ends (RLIMIT_NOFILE): the test runs this binary again
// with only this test selected and kClientEnv set. Skipped otherwise.
TEST(NetpollClientProcess, Clients) {
  const char *spec = getenv(kClientEnv);
  if (spec == nullptr) GTEST_SKIP() << "only run as the client process of TenThousandLoopbackConnectionsEcho";
  int port = 0;
  long n = 0;
  ASSERT_EQ(sscanf(spec, "%d %ld", &port, &n), 2);
  rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  Server srv; // only its port is used here
  srv.port = (uint16_t)port;
  Clients cl;
  cl.srv = &srv;
  std::vector<ClientArg> args(n);
  ClientRun run{&cl, &args, n};
  sched_main([](void *arg) { run_clients(static_cast<ClientRun *>(arg)); }, &run);
  expect_clients(cl, n);
  fprintf(stderr, "client process: %ld connections ok, max %d threads\n", cl.ok.load(),
          cl.max_threads.load());
}

// Runs this test binary again as the client process (argv[0] is not
// available here: /proc/self/exe), without the variables through which
// Bazel collects results, so the child cannot overwrite the parent's.
pid_t spawn_client_process(uint16_t port, long n) {
  char spec[64];
  snprintf(spec, sizeof spec, "%u %ld", (unsigned)port, n);
  std::vector<std::string> env;
  for (char **e = environ; *e; e++) {
    std::string v(*e);
    if (v.rfind("XML_OUTPUT_FILE=", 0) == 0 || v.rfind("GTEST_OUTPUT=", 0) == 0 ||
        v.rfind("TEST_PREMATURE_EXIT_FILE=", 0) == 0 || v.rfind("GTEST_SHARD", 0) == 0 ||
        v.rfind("TEST_SHARD", 0) == 0 || v.rfind(kClientEnv, 0) == 0)
      continue;
    env.push_back(v);
  }
  env.push_back(std::string(kClientEnv) + "=" + spec);
  std::vector<char *> envp;
  for (auto &v : env)
    envp.push_back(v.data());
  envp.push_back(nullptr);
  char exe[] = "/proc/self/exe", filter[] = "--gtest_filter=NetpollClientProcess.Clients";
  char *argv[] = {exe, filter, nullptr};
  pid_t pid = fork();
  if (pid == 0) {
    execve(exe, argv, envp.data());
    _exit(127);
  }
  return pid;
}

struct SplitRun {
  Server *srv;
  long n;
  int status = -1;
  int threads_all_accepted = 0;
};

void wait_child_sys(void *arg) {
  auto *r = static_cast<std::pair<pid_t, int *> *>(arg);
  while (waitpid(r->first, r->second, 0) < 0 && errno == EINTR) {
  }
}

TEST(Netpoll, TenThousandLoopbackConnectionsEcho) {
  rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  long n = rog_test_scale(10000);
  long fit = ((long)rl.rlim_cur - 64) / 2; // client + server fd per connection
  Server srv;
  ASSERT_TRUE(listen_loopback(&srv));
  if (n <= fit) { // both ends in this process
    Clients cl;
    cl.srv = &srv;
    std::vector<ClientArg> args(n);
    ClientRun run{&cl, &args, n};
    sched_main(
        [](void *arg) {
          auto *r = static_cast<ClientRun *>(arg);
          server_start(r->cl->srv);
          run_clients(r);
          server_stop(r->cl->srv);
        },
        &run);
    expect_clients(cl, n);
    EXPECT_EQ(srv.accepted.load(), n);
    return;
  }
  // One fd per connection on each side: clients in a child process.
  if (n > (long)rl.rlim_cur - 64) {
    fprintf(stderr, "RLIMIT_NOFILE hard limit %ld: %ld connections instead of %ld\n", (long)rl.rlim_max,
            (long)rl.rlim_cur - 64, n);
    n = (long)rl.rlim_cur - 64;
  }
  SplitRun run{&srv, n};
  sched_main(
      [](void *arg) {
        auto *r = static_cast<SplitRun *>(arg);
        server_start(r->srv);
        pid_t pid = spawn_client_process(r->srv->port, r->n);
        if (pid > 0) {
          // The child's clients all stay connected until each has echoed;
          // sample the server's threads while they are all accepted.
          while (r->srv->accepted.load() < r->n && waitpid(pid, &r->status, WNOHANG) == 0)
            sched_sleep(1000000);
          r->threads_all_accepted = threads();
          if (r->status == -1) {
            std::pair<pid_t, int *> w{pid, &r->status};
            sched_systemstack(wait_child_sys, &w); // blocks this M; nothing else to run meanwhile
          }
        }
        server_stop(r->srv);
      },
      &run);
  ASSERT_NE(run.status, -1) << "could not start the client process";
  EXPECT_TRUE(WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0)
      << "client process failed (status " << run.status << "); its output is above";
  EXPECT_EQ(srv.accepted.load(), n);
  EXPECT_GT(run.threads_all_accepted, 0);
  EXPECT_LE(run.threads_all_accepted, sched_gomaxprocs() + 4);
}

struct Deadline {
  int result_timeout = -1;
  int result_closing = -1;
  int64_t waited = 0;
  int fds[2];
  rog_polldesc *pd2;
  test_wg wg{};
};

void closing_waiter(void *arg) {
  auto *d = static_cast<Deadline *>(arg);
  d->result_closing = rog_poll_wait(d->pd2, 'r');
  test_wg_done(&d->wg);
}

TEST(Netpoll, DeadlineTimesOutAndUnblockCloses) {
  Deadline d;
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, d.fds), 0);
  int other[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, other), 0);
  sched_main(
      [](void *arg) {
        auto *d = static_cast<Deadline *>(arg);
        int err = 0;
        rog_polldesc *pd = rog_poll_open(d->fds[0], &err);
        int64_t t0 = rog_nanotime();
        rog_poll_set_deadline(pd, 20000000, 'r');   // 20 ms from now
        d->result_timeout = rog_poll_wait(pd, 'r'); // nobody writes
        d->waited = rog_nanotime() - t0;
        rog_poll_unblock(pd);
        rog_poll_close(pd);
        test_wg_add(&d->wg, 1);
        sched_go(closing_waiter, d);
        sched_sleep(5000000);
        rog_poll_unblock(d->pd2);
        test_wg_wait(&d->wg);
        rog_poll_close(d->pd2);
      },
      [&]() {
        int err = 0;
        sched_init();
        d.pd2 = rog_poll_open(other[0], &err);
        return &d;
      }());
  EXPECT_EQ(d.result_timeout, ROG_POLL_ERR_TIMEOUT);
  EXPECT_GE(d.waited, 20000000);
  EXPECT_EQ(d.result_closing, ROG_POLL_ERR_CLOSING);
  close(d.fds[0]);
  close(d.fds[1]);
  close(other[0]);
  close(other[1]);
}

} // namespace
