// Network poller: 10,000 concurrent loopback TCP connections echoing
// through goroutines while the thread count stays at GOMAXPROCS plus a few;
// deadlines and unblock (gc's pollErrTimeout / pollErrClosing).
#include "runtime/netpoll/netpoll.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

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

TEST(Netpoll, TenThousandLoopbackConnectionsEcho) {
  rlimit rl;
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  long n = rog_test_scale(10000);
  long fit = ((long)rl.rlim_cur - 64) / 2; // client + server fd per connection
  if (n > fit) {
    fprintf(stderr, "RLIMIT_NOFILE hard limit %ld: %ld connections instead of %ld\n", (long)rl.rlim_max, fit,
            n);
    n = fit;
  }
  Server srv;
  srv.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(srv.lfd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(srv.lfd, (sockaddr *)&a, sizeof a), 0);
  ASSERT_EQ(listen(srv.lfd, 4096), 0);
  socklen_t al = sizeof a;
  getsockname(srv.lfd, (sockaddr *)&a, &al);
  srv.port = ntohs(a.sin_port);
  Clients cl;
  cl.srv = &srv;
  std::vector<ClientArg> args(n);
  std::tuple<Clients *, std::vector<ClientArg> *, long> ctx(&cl, &args, n);
  sched_main(
      [](void *arg) {
        auto [cl, args, n] = *static_cast<std::tuple<Clients *, std::vector<ClientArg> *, long> *>(arg);
        int err = 0;
        cl->srv->lpd = rog_poll_open(cl->srv->lfd, &err);
        test_wg_add(&cl->srv->acceptor_done, 1);
        sched_go(acceptor, cl->srv);
        cl->gate = rog_chan_make(nullptr, 0);
        test_wg_add(&cl->wg, n);
        test_wg_add(&cl->echoed, n);
        for (long i = 0; i < n; i++) {
          (*args)[i] = {cl, i};
          sched_go(client, &(*args)[i]);
        }
        test_wg_wait(&cl->echoed);
        cl->threads_all_open = threads();
        rog_chan_close(cl->gate);
        test_wg_wait(&cl->wg);
        rog_poll_unblock(cl->srv->lpd);
        test_wg_wait(&cl->srv->acceptor_done); // no user left: now close
        rog_poll_close(cl->srv->lpd);
        close(cl->srv->lfd);
        test_wg_wait(&cl->srv->conns_done);
      },
      &ctx);
  EXPECT_EQ(cl.ok.load(), n);
  EXPECT_EQ(cl.bad.load(), 0);
  EXPECT_EQ(srv.accepted.load(), n);
  EXPECT_LE(cl.max_threads.load(), sched_gomaxprocs() + 4);
  EXPECT_GT(cl.max_threads.load(), 0);
  EXPECT_LE(cl.threads_all_open, sched_gomaxprocs() + 4);
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
