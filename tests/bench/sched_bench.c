/*
 * //tests/bench:sched: rog's scheduler against gc 1.19, in the same run.
 *
 * Builds tests/bench/sched_gc.go with /usr/lib/go-1.19/bin/go (GOCACHE,
 * GOPATH and HOME in a temporary directory, so nothing outside it is
 * touched), runs it, runs the same workloads on rog's runtime, and prints
 *   NAME rog=MEDIAN gc=MEDIAN unit=UNIT ratio=ROG/GC rog_min=MIN gc_min=MIN
 * per benchmark (ratio of the medians; below 1 means rog is faster/smaller).
 * Rounds: argv[1] (default 5). Workloads (identical on both sides):
 *   spawn_exit             go func(){ wg.Done() }() x 200k, per goroutine
 *   unbuffered_round_trip  ping <- v; v = <-pong with an echo goroutine
 *   buffered_send_recv     c <- i; <-c on a cap-100 channel, one goroutine
 *   gosched_handoff        2 x GOMAXPROCS goroutines calling Gosched, per call
 *   parked_goroutine_memory  RSS growth per goroutine for 100k goroutines
 *                          parked on a channel receive (measured once, first
 *                          thing in a fresh process on both sides: measured
 *                          after spawn_exit, gc's goroutines reuse that
 *                          benchmark's resident dead Gs and its figure drops
 *                          from ~2.7 KiB to ~2.1 KiB, leaving the G out)
 *                          Both sides count every page the goroutines make
 *                          resident: G struct, first stack, the sudog of the
 *                          receive, the allgs slot; gc's side also pays a
 *                          32-byte closure (a C goroutine here takes a
 *                          pointer argument; rog-compiled Go would allocate
 *                          the closure too). rog, amd64: G 320 (272 used,
 *                          64-byte aligned), segment 2048, sudog 64 (80 from
 *                          calloc), allgs 8.
 * Each timed benchmark also gets a NAME_cpu line: user+system CPU time of
 * the whole process per operation (getrusage, every thread, spinning Ms
 * included). On a loaded machine the wall-clock figure mostly measures how
 * long the threads waited for a CPU; the CPU figure does not.
 * Timing on shared 2-core VMs is noisy: compare ratios from one run.
 * SCHED_BENCH_ONLY=NAME runs one benchmark on rog's side only (profiling,
 * A/B runs of two builds).
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/sched/sched.h"

#define MAXR 64

/* sync.WaitGroup's shape: Add/Done is one atomic add; only the Done that
 * reaches zero takes the lock to wake the waiter (a lock per Done made the
 * two Ps of spawn_exit fight over it, which gc's side does not pay). */
typedef struct waitgroup {
  _Atomic long n;
  sched_mutex lock;
  bool zero; /* under lock: n reached 0 */
  sched_g *waiter;
} waitgroup;

static void wg_add(waitgroup *wg, long d) {
  if (atomic_fetch_add(&wg->n, d) + d != 0) return;
  sched_mutex_lock(&wg->lock);
  wg->zero = true;
  sched_g *w = wg->waiter;
  wg->waiter = NULL;
  sched_mutex_unlock(&wg->lock);
  if (w) sched_ready(w);
}

/* One waiter, once per waitgroup; n must have been raised above 0 before.
 * Waits for `zero` (not n == 0): the Done that reached zero must be out of
 * wg before the caller's frame holding wg can go away. */
static void wg_wait(waitgroup *wg) {
  sched_mutex_lock(&wg->lock);
  if (wg->zero) {
    sched_mutex_unlock(&wg->lock);
    return;
  }
  wg->waiter = sched_getg();
  sched_park("semacquire", sched_park_unlock, &wg->lock);
}

static const rog_type long_type = {sizeof(long), 0, 0, 0, 8, 8, ROG_KIND_INT, NULL, NULL, 0, 0};

/* ------------------------------------------------------------- workloads */

static void spawn_child(void *arg) {
  wg_add(arg, -1);
}

static double spawn_exit(long n) {
  waitgroup wg = {0};
  int64_t t0 = sched_nanotime();
  wg_add(&wg, n);
  for (long i = 0; i < n; i++)
    sched_go(spawn_child, &wg);
  wg_wait(&wg);
  return (double)(sched_nanotime() - t0) / (double)n;
}

struct pp {
  rog_chan *ping, *pong;
};

static void echo(void *arg) {
  /* copy: *arg lives in round_trip's frame, which is gone once the last
   * round trip is done, while this goroutine still waits for the close */
  struct pp p = *(struct pp *)arg;
  long v;
  while (rog_chan_recv(p.ping, &v)) {
    v++;
    rog_chan_send(p.pong, &v);
  }
}

static double round_trip(long n) {
  struct pp p = {rog_chan_make(&long_type, 0), rog_chan_make(&long_type, 0)};
  sched_go(echo, &p);
  int64_t t0 = sched_nanotime();
  long v = 0;
  for (long i = 0; i < n; i++) {
    rog_chan_send(p.ping, &v);
    rog_chan_recv(p.pong, &v);
  }
  int64_t d = sched_nanotime() - t0;
  rog_chan_close(p.ping);
  if (v != n) {
    fprintf(stderr, "bad round trip\n");
    exit(1);
  }
  return (double)d / (double)n;
}

static double buffered(long n) {
  rog_chan *c = rog_chan_make(&long_type, 100);
  int64_t t0 = sched_nanotime();
  long s = 0;
  for (long i = 0; i < n; i++) {
    long x;
    rog_chan_send(c, &i);
    rog_chan_recv(c, &x);
    s += x;
  }
  int64_t d = sched_nanotime() - t0;
  if (s != n * (n - 1) / 2) {
    fprintf(stderr, "bad sum\n");
    exit(1);
  }
  return (double)d / (double)n;
}

struct ys {
  long n;
  waitgroup wg;
};

static void yielder(void *arg) {
  struct ys *y = arg;
  for (long i = 0; i < y->n; i++)
    sched_gosched();
  wg_add(&y->wg, -1);
}

/* Two yielding goroutines per P, so every Gosched really hands the P to
 * another goroutine (with one per P, rog's Gosched returns at once when
 * nothing else is runnable, which would measure nothing). */
static double gosched(long n) {
  struct ys y = {n, {0}};
  int k = 2 * sched_gomaxprocs();
  wg_add(&y.wg, k);
  int64_t t0 = sched_nanotime();
  for (int i = 0; i < k; i++)
    sched_go(yielder, &y);
  wg_wait(&y.wg);
  return (double)(sched_nanotime() - t0) / (double)(k * n);
}

static long rss_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, res = 0;
  if (f) {
    if (fscanf(f, "%ld %ld", &size, &res) != 2) res = 0;
    fclose(f);
  }
  return res * sysconf(_SC_PAGESIZE);
}

struct park {
  rog_chan *release;
  waitgroup started, done;
};

static void parked(void *arg) {
  struct park *p = arg;
  wg_add(&p->started, -1);
  rog_chan_recv(p->release, NULL);
  wg_add(&p->done, -1);
}

struct rss_req {
  long v;
};

static void rss_sys(void *arg) {
  ((struct rss_req *)arg)->v = rss_bytes();
}

static double parked_memory(long n) {
  struct park p = {rog_chan_make(NULL, 0), {0}, {0}};
  struct rss_req before, after;
  sched_systemstack(rss_sys, &before);
  wg_add(&p.started, n);
  wg_add(&p.done, n);
  for (long i = 0; i < n; i++)
    sched_go(parked, &p);
  wg_wait(&p.started);
  sched_systemstack(rss_sys, &after);
  rog_chan_close(p.release);
  wg_wait(&p.done);
  return (double)(after.v - before.v) / (double)n;
}

/* ----------------------------------------------------------------- report */

typedef struct result {
  char name[64];
  char unit[32];
  double v[MAXR];
  int n;
} result;

static int cmpd(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(const result *r) {
  double s[MAXR];
  memcpy(s, r->v, sizeof(double) * (size_t)r->n);
  qsort(s, (size_t)r->n, sizeof(double), cmpd);
  return r->n % 2 ? s[r->n / 2] : (s[r->n / 2 - 1] + s[r->n / 2]) / 2;
}

static double minimum(const result *r) {
  double m = r->v[0];
  for (int i = 1; i < r->n; i++)
    if (r->v[i] < m) m = r->v[i];
  return m;
}

#define NRES 16
static result rog[NRES], gcr[NRES];
static int nrog, ngc, rounds = 5;

static const struct bench {
  const char *name, *unit;
  double (*f)(long);
  long n;
} benches[] = {
    {"spawn_exit", "ns/op", spawn_exit, 200000},
    {"unbuffered_round_trip", "ns/op", round_trip, 200000},
    {"buffered_send_recv", "ns/op", buffered, 2000000},
    {"gosched_handoff", "ns/op", gosched, 500000},
};

/* Results: rog[b] wall ns/op and rog[5 + b] CPU ns/op of benches[b];
 * rog[4] memory. Names are filled in on the main thread (name_results):
 * snprintf is far too deep for a goroutine's 2 KiB first stack segment. */
static void name_results(void) {
  for (int b = 0; b < 4; b++) {
    snprintf(rog[b].name, sizeof rog[b].name, "%s", benches[b].name);
    snprintf(rog[b].unit, sizeof rog[b].unit, "%s", benches[b].unit);
    snprintf(rog[5 + b].name, sizeof rog[5 + b].name, "%s_cpu", benches[b].name);
    snprintf(rog[5 + b].unit, sizeof rog[5 + b].unit, "cpu-ns/op");
  }
  snprintf(rog[4].name, sizeof rog[4].name, "parked_goroutine_memory");
  snprintf(rog[4].unit, sizeof rog[4].unit, "bytes/goroutine");
}

struct cpu_req {
  int64_t ns;
};

/* getrusage is a libc call: on the system stack (runs on a goroutine) */
static void cpu_sys(void *arg) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  ((struct cpu_req *)arg)->ns = (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
                                (int64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

static int64_t cpu_nanos(void) {
  struct cpu_req r;
  sched_systemstack(cpu_sys, &r);
  return r.ns;
}

static void rog_main(void *arg) {
  (void)arg;
  /* memory first, before the other benchmarks leave free stacks behind */
  rog[4].v[0] = parked_memory(100000);
  rog[4].n = 1;
  const char *only = getenv("SCHED_BENCH_ONLY"); /* profiling: one benchmark, rog side only */
  for (int b = 0; b < 4; b++) {
    if (only && strcmp(only, benches[b].name) != 0) continue;
    result *r = &rog[b], *c = &rog[5 + b];
    /* gosched_handoff's operation count: 2 goroutines per P */
    long ops = b == 3 ? benches[b].n * 2 * sched_gomaxprocs() : benches[b].n;
    for (int i = 0; i < rounds; i++) {
      int64_t c0 = cpu_nanos();
      r->v[r->n++] = benches[b].f(benches[b].n);
      c->v[c->n++] = (double)(cpu_nanos() - c0) / (double)ops;
    }
  }
  nrog = 9;
}

static int run_gc(const char *src) {
  char dir[] = "/tmp/rog-sched-bench-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return -1;
  }
  char cmd[8192];
  /* src is relative to our cwd: resolve it first */
  char abs[2048];
  if (!realpath(src, abs)) {
    fprintf(stderr, "sched bench: cannot find %s (run with bazel run, or pass SCHED_GC_GO)\n", src);
    return -1;
  }
  snprintf(cmd, sizeof cmd,
           "cd %s && HOME=%s GOCACHE=%s/cache GOPATH=%s/gopath GO111MODULE=off CGO_ENABLED=0 "
           "/usr/lib/go-1.19/bin/go build -o %s/sched_gc '%s' && %s/sched_gc %d; rc=$?; rm -rf %s; exit $rc",
           dir, dir, dir, dir, dir, abs, dir, rounds, dir);
  FILE *p = popen(cmd, "r");
  if (!p) return -1;
  char line[4096];
  while (fgets(line, sizeof line, p) && ngc < NRES) {
    result *r = &gcr[ngc];
    char *save, *tok = strtok_r(line, " \n", &save);
    if (!tok) continue;
    snprintf(r->name, sizeof r->name, "%s", tok);
    tok = strtok_r(NULL, " \n", &save);
    if (!tok) continue;
    snprintf(r->unit, sizeof r->unit, "%s", tok);
    while ((tok = strtok_r(NULL, " \n", &save)) && r->n < MAXR)
      r->v[r->n++] = atof(tok);
    if (r->n > 0) ngc++;
  }
  int st = pclose(p);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc > 1) rounds = atoi(argv[1]);
  if (rounds < 1 || rounds > MAXR) rounds = 5;
  const char *src = getenv("SCHED_GC_GO");
  if (!src) src = "tests/bench/sched_gc.go";
  printf("rounds=%d gomaxprocs=%d (values: median of rounds; *_min: best round)\n", rounds,
         sched_gomaxprocs());
  fflush(stdout);
  if (!getenv("SCHED_BENCH_ONLY") && run_gc(src) != 0) {
    fprintf(stderr, "sched bench: building or running the gc side failed\n");
    return 1;
  }
  name_results();
  sched_main(rog_main, NULL);
  for (int i = 0; i < nrog; i++) {
    result *r = &rog[i], *g = NULL;
    if (r->n == 0) continue;
    for (int k = 0; k < ngc; k++)
      if (strcmp(gcr[k].name, r->name) == 0) g = &gcr[k];
    if (!g) {
      printf("%s rog=%.1f gc=? unit=%s\n", r->name, median(r), r->unit);
      continue;
    }
    printf("%s rog=%.1f gc=%.1f unit=%s ratio=%.2f rog_min=%.1f gc_min=%.1f\n", r->name, median(r), median(g),
           r->unit, median(r) / median(g), minimum(r), minimum(g));
  }
  return 0;
}
