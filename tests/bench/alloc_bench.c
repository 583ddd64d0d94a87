/*
 * tests/bench/alloc_bench.c: rog's allocator and collector against gc 1.19,
 * in the same run.
 *
 *   bazel run -c opt //tests/bench:alloc [-- --reps=N --quick --only=NAME]
 *
 * The gc side is alloc_gc.go, built here with /usr/lib/go-1.19/bin/go into a
 * temporary directory (GOCACHE and GOPATH inside it, so nothing outside is
 * touched) and run once per workload and repetition. The rog side runs the
 * same workloads, each in a forked child so every measurement starts from a
 * fresh heap, as the gc side does. Workloads (identical object shapes and
 * counts on both sides):
 *   alloc16/alloc64  N objects of 16 / 64 bytes holding pointers, each stored
 *                    into a 1024-slot global ring (so they escape and most
 *                    die young); ns per allocation including GC;
 *   alloc1k          N 1 KiB pointer-free buffers, same ring;
 *   bintree          Benchmarks Game binary-trees, depth 21, one thread;
 *   stw              1 GiB live (a complete binary tree of 2^24-1 64-byte
 *                    nodes); one full collection: its longest pause (ms) and
 *                    the mark rate, live MB / (wall time * threads);
 *   conc             the same heap; collections back to back while the main
 *                    thread replaces subtrees through the write barrier;
 *                    longest pause (ms). rog runs it with gc=concurrent, gc's
 *                    collector is always concurrent.
 *   overshoot        a 64 MiB live tree (2^20-1 64-byte nodes), GOGC=100;
 *                    the main thread allocates 4 KiB pointer-free buffers
 *                    (1024-slot ring) as fast as it can; the worst heap at
 *                    the end of marking over the cycle's goal across five
 *                    cycles started by allocation. rog: gc=concurrent with
 *                    one background mark worker, with assists and without
 *                    (gcassist=0, the second figure); gc: from its gctrace
 *                    line (B/D in "A->B->C MB, D MB goal"), the same number
 *                    on both lines.
 * ROG_BENCH_LIVE_DEPTH=N shrinks the rog side's live tree (2^N-1 nodes) for
 * profiling under callgrind; its figures are then not comparable with gc's.
 * Output: one line per figure and statistic,
 *   NAME rog=VALUE gc=VALUE unit=UNIT ratio=ROG/GC
 * with NAME suffixed .min, .median and .max over the repetitions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/alloc/alloc.h"
#include "runtime/gc/gc.h"
#include "runtime/gc/gc_internal.h" /* gc_last_cycle, gc_opts (overshoot) */

#define GO "/usr/lib/go-1.19/bin/go"
#define LIVE_DEPTH 24

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pointer store as compiled code does it (write-barrier pass). */
static inline void store_ptr(void **slot, void *val) {
  if (__builtin_expect(rog_wb_enabled, 0))
    rog_write_barrier(slot, val);
  else
    *slot = val;
}

/* ------------------------------------------------------ rog workloads */

static const uint8_t bits2[] = {0x03};
static const uint8_t bits8[] = {0xff};
static const rog_type t16 = {16, 16, 0, 0, 8, 8, ROG_KIND_STRUCT, NULL, bits2, 0, 0};
static const rog_type t64 = {64, 64, 0, 0, 8, 8, ROG_KIND_STRUCT, NULL, bits8, 0, 0};
static const rog_type tnode = {16, 16, 0, 0, 8, 8, ROG_KIND_STRUCT, NULL, bits2, 0, 0};
static const rog_type tbig = {64, 16, 0, 0, 8, 8, ROG_KIND_STRUCT, NULL, bits2, 0, 0};

static void *ring[1024];
static uint8_t ring_bits[1024 / 8];

typedef struct node {
  struct node *left, *right;
} node;

static node *bottom_up(int d) {
  node *n = rog_alloc(sizeof(node), &tnode);
  if (d > 0) {
    n->left = bottom_up(d - 1);
    n->right = bottom_up(d - 1);
  }
  return n;
}

static long check(const node *n) {
  return n->left ? 1 + check(n->left) + check(n->right) : 1;
}

static long binary_trees(int n) {
  int max_depth = n < 6 ? 6 : n;
  long total = check(bottom_up(max_depth + 1));
  node *long_lived = bottom_up(max_depth);
  for (int d = 4; d <= max_depth; d += 2) {
    long iters = 1L << (max_depth - d + 4);
    for (long i = 0; i < iters; i++)
      total += check(bottom_up(d));
  }
  return total + check(long_lived);
}

typedef struct big {
  struct big *left, *right;
  uint64_t pad[6];
} big;

static big *live_root;
static const uint8_t one_bit[] = {0x01};

static big *big_tree(int d) {
  if (d == 0) return NULL;
  big *b = rog_alloc(sizeof(big), &tbig);
  b->left = big_tree(d - 1);
  b->right = big_tree(d - 1);
  return b;
}

static volatile int conc_done;
static int conc_cycles;
static void *conc_driver(void *arg) {
  (void)arg;
  gc_thread_register();
  for (int i = 0; i < conc_cycles; i++)
    gc_collect();
  __atomic_store_n(&conc_done, 1, __ATOMIC_RELEASE);
  gc_thread_unregister();
  return NULL;
}

static int live_depth(void) {
  const char *d = getenv("ROG_BENCH_LIVE_DEPTH");
  int n = d ? atoi(d) : LIVE_DEPTH;
  return n >= 10 && n <= LIVE_DEPTH ? n : LIVE_DEPTH;
}

static int nworkers(void) {
  const char *g = getenv("GOMAXPROCS");
  long n = g ? atol(g) : sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

/* overshoot: see the top; returns the worst heap_end / goal. */
static double overshoot_run(int assist) {
  gc_opts.assist = assist;
  gc_opts.conc_workers = 1;
  gc_set_mode(GC_MODE_CONCURRENT);
  gc_collect();
  uint32_t seen = gc_cycles();
  double worst = 0;
  for (long i = 0, counted = 0; counted < 5; i++) {
    store_ptr(&ring[i & 1023], rog_alloc(4096, NULL));
    if ((i & 63) != 0) continue;
    gc_checkpoint();
    uint32_t now = gc_cycles();
    if (now == seen) continue;
    seen = now;
    gc_cycle_record r;
    gc_last_cycle(&r);
    if (!r.concurrent || r.heap_start < r.trigger) continue; /* not started by allocation */
    double v = (double)r.heap_end / (double)r.goal;
    if (v > worst) worst = v;
    counted++;
  }
  gc_set_mode(GC_MODE_STW);
  return worst;
}

/* Runs one workload; writes its numbers to out (space separated). */
static void rog_workload(const char *w, long n, char *out, size_t outn) {
  memset(ring_bits, 0xff, sizeof ring_bits);
  gc_register_globals(ring, sizeof ring, ring_bits);
  gc_register_globals(&live_root, sizeof live_root, one_bit);
  if (strcmp(w, "alloc16") == 0 || strcmp(w, "alloc64") == 0 || strcmp(w, "alloc1k") == 0) {
    size_t size = w[5] == '1' && w[6] == '6' ? 16 : w[5] == '6' ? 64 : 1024;
    const rog_type *t = size == 16 ? &t16 : size == 64 ? &t64 : NULL;
    double t0 = now_s();
    for (long i = 0; i < n; i++)
      store_ptr(&ring[i & 1023], rog_alloc(size, t));
    snprintf(out, outn, "%.2f", (now_s() - t0) * 1e9 / n);
  } else if (strcmp(w, "bintree") == 0) {
    double t0 = now_s();
    long c = binary_trees((int)n);
    if (c == 0) exit(1);
    snprintf(out, outn, "%.3f", now_s() - t0);
  } else if (strcmp(w, "stw") == 0) {
    live_root = big_tree(live_depth());
    gc_collect();
    gc_reset_max_pause();
    double t0 = now_s();
    gc_collect();
    double wall = now_s() - t0;
    gc_memstats ms;
    gc_read_memstats(&ms);
    snprintf(out, outn, "%.3f %.1f", gc_max_pause_ns() / 1e6, ms.heap_alloc / 1e6 / wall / nworkers());
  } else if (strcmp(w, "conc") == 0) {
    gc_set_mode(GC_MODE_CONCURRENT);
    live_root = big_tree(live_depth());
    gc_collect();
    gc_reset_max_pause();
    conc_cycles = (int)n;
    pthread_t t;
    pthread_create(&t, NULL, conc_driver, NULL);
    uint64_t x = 1;
    while (!__atomic_load_n(&conc_done, __ATOMIC_ACQUIRE)) {
      big *p = live_root;
      for (int d = 0; d < live_depth() - 8; d++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        p = (x & 1) == 0 ? p->left : p->right;
      }
      store_ptr((void **)&p->left, big_tree(7));
      gc_checkpoint(); /* the compiler's loop checkpoint */
    }
    gc_blocking_begin();
    pthread_join(t, NULL);
    gc_blocking_end();
    snprintf(out, outn, "%.3f", gc_max_pause_ns() / 1e6);
  } else if (strcmp(w, "overshoot") == 0) {
    live_root = big_tree((int)n);
    double with = overshoot_run(1);
    double without = overshoot_run(0);
    snprintf(out, outn, "%.3f %.3f", with, without);
  } else {
    snprintf(out, outn, "?");
  }
}

/* Forks, runs the workload in the child, returns its output line. */
static int run_rog(const char *w, long n, char *out, size_t outn) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    close(fds[0]);
    char buf[128];
    rog_workload(w, n, buf, sizeof buf);
    if (write(fds[1], buf, strlen(buf)) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  ssize_t k = read(fds[0], out, outn - 1);
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  if (k <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  out[k] = 0;
  return 0;
}

static int run_gc(const char *bin, const char *w, long n, char *out, size_t outn) {
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' %s %ld", bin, w, n);
  FILE *f = popen(cmd, "r");
  if (!f) return -1;
  size_t k = fread(out, 1, outn - 1, f);
  int rc = pclose(f);
  out[k] = 0;
  return rc == 0 && k > 0 ? 0 : -1;
}

/* ------------------------------------------------------------ driver */

typedef struct figure {
  const char *name;
  const char *workload;
  int field; /* which number of the workload's output */
  const char *unit;
  long n, quick_n;
} figure;

static const figure figures[] = {
    {"alloc16", "alloc16", 0, "ns/op", 20000000, 2000000},
    {"alloc64", "alloc64", 0, "ns/op", 10000000, 1000000},
    {"alloc1k", "alloc1k", 0, "ns/op", 2000000, 200000},
    {"bintree21", "bintree", 0, "s", 21, 16},
    {"stw_pause_1g", "stw", 0, "ms", 0, 0},
    {"mark_rate_1g", "stw", 1, "MB/s/thread", 0, 0},
    {"conc_max_pause_1g", "conc", 0, "ms", 3, 2},
    {"overshoot", "overshoot", 0, "heap/goal", 20, 18},
    {"overshoot_noassist", "overshoot", 1, "heap/goal", 20, 18},
};
#define NFIG (sizeof figures / sizeof figures[0])
#define MAXREPS 32

static double field_of(const char *s, int field) {
  char *end;
  double v = 0;
  for (int i = 0; i <= field; i++) {
    v = strtod(s, &end);
    if (end == s) return -1;
    s = end;
  }
  return v;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const char *find_go_source(const char *arg) {
  static char path[4096];
  if (arg) return arg;
  const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY"); /* bazel run */
  if (ws) {
    snprintf(path, sizeof path, "%s/tests/bench/alloc_gc.go", ws);
    if (access(path, R_OK) == 0) return path;
  }
  if (access("tests/bench/alloc_gc.go", R_OK) == 0) return "tests/bench/alloc_gc.go";
  return NULL;
}

int main(int argc, char **argv) {
  int reps = 3, quick = 0;
  const char *only = NULL, *gosrc = NULL;
  for (int i = 1; i < argc; i++) {
    if (strncmp(argv[i], "--reps=", 7) == 0)
      reps = atoi(argv[i] + 7);
    else if (strcmp(argv[i], "--quick") == 0)
      quick = 1;
    else if (strncmp(argv[i], "--only=", 7) == 0)
      only = argv[i] + 7;
    else if (strncmp(argv[i], "--gosrc=", 8) == 0)
      gosrc = argv[i] + 8;
    else {
      fprintf(stderr, "usage: %s [--reps=N] [--quick] [--only=WORKLOAD] [--gosrc=alloc_gc.go]\n", argv[0]);
      return 2;
    }
  }
  if (reps < 1 || reps > MAXREPS) {
    fprintf(stderr, "--reps must be 1..%d\n", MAXREPS);
    return 2;
  }
  const char *src = find_go_source(gosrc);
  if (!src) {
    fprintf(stderr, "cannot find alloc_gc.go (pass --gosrc=PATH)\n");
    return 1;
  }
  char dir[] = "/tmp/rog_alloc_bench_XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  char bin[4200], cmd[16384];
  snprintf(bin, sizeof bin, "%s/alloc_gc", dir);
  snprintf(cmd, sizeof cmd,
           "cd '%s' && cp '%s' main.go && env GOCACHE='%s/cache' GOPATH='%s/gopath' HOME='%s' "
           "GO111MODULE=off GOFLAGS= "
           "%s build -o '%s' main.go",
           dir, src[0] == '/' ? src : "", dir, dir, dir, GO, bin);
  if (src[0] != '/') { /* relative path: copy from the current directory */
    char abs[4096];
    if (!realpath(src, abs)) {
      perror(src);
      return 1;
    }
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && cp '%s' main.go && env GOCACHE='%s/cache' GOPATH='%s/gopath' HOME='%s' GO111MODULE=off "
        "GOFLAGS= %s build -o '%s' main.go",
        dir, abs, dir, dir, dir, GO, bin);
  }
  if (system(cmd) != 0) {
    fprintf(stderr, "building the gc side failed: %s\n", cmd);
    return 1;
  }

  double rogv[NFIG][MAXREPS], gcv[NFIG][MAXREPS];
  int ok[NFIG] = {0};
  for (int rep = 0; rep < reps; rep++) {
    for (size_t i = 0; i < NFIG; i++) {
      const figure *f = &figures[i];
      if (only && strcmp(only, f->workload) != 0) continue;
      /* Workloads with several figures run once for all of them. */
      if (i > 0 && strcmp(figures[i - 1].workload, f->workload) == 0) continue;
      long n = quick ? f->quick_n : f->n;
      char r[256], g[256];
      if (run_rog(f->workload, n, r, sizeof r) != 0 || run_gc(bin, f->workload, n, g, sizeof g) != 0) {
        fprintf(stderr, "workload %s failed\n", f->workload);
        continue;
      }
      for (size_t j = i; j < NFIG && strcmp(figures[j].workload, f->workload) == 0; j++) {
        rogv[j][ok[j]] = field_of(r, figures[j].field);
        gcv[j][ok[j]] = field_of(g, figures[j].field);
        ok[j]++;
      }
    }
  }
  for (size_t i = 0; i < NFIG; i++) {
    if (!ok[i]) continue;
    const figure *f = &figures[i];
    int k = ok[i];
    double rmin = rogv[i][0], gmin = gcv[i][0], rmax = rogv[i][0], gmax = gcv[i][0];
    for (int j = 1; j < k; j++) {
      if (rogv[i][j] < rmin) rmin = rogv[i][j];
      if (gcv[i][j] < gmin) gmin = gcv[i][j];
      if (rogv[i][j] > rmax) rmax = rogv[i][j];
      if (gcv[i][j] > gmax) gmax = gcv[i][j];
    }
    double rmed = median(rogv[i], k), gmed = median(gcv[i], k);
    printf("%s.min rog=%.3f gc=%.3f unit=%s ratio=%.3f\n", f->name, rmin, gmin, f->unit,
           gmin ? rmin / gmin : 0);
    printf("%s.median rog=%.3f gc=%.3f unit=%s ratio=%.3f\n", f->name, rmed, gmed, f->unit,
           gmed ? rmed / gmed : 0);
    printf("%s.max rog=%.3f gc=%.3f unit=%s ratio=%.3f\n", f->name, rmax, gmax, f->unit,
           gmax ? rmax / gmax : 0);
    fflush(stdout);
  }
  snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' && rm -rf '%s'", dir, dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  return 0;
}
