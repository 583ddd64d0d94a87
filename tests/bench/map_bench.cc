// map_bench.cc: rog's maps against gc 1.19's, in the same run.
//
//   bazel run -c opt //tests/bench:map [-- REPS]
//
// Builds map_gc.go with /usr/lib/go-1.19/bin/go (GOCACHE in a temp dir),
// then alternates, REPS times (default 7), one run of the rog half (this
// file) and one run of the gc half, and prints for every benchmark
//   NAME/median rog=NS gc=NS unit=ns/op ratio=ROG/GC
//   NAME/min    rog=NS gc=NS unit=ns/op ratio=ROG/GC
// Times are process CPU time (user + sys) per operation, not wall time.
// The operations mirror map_gc.go one for one. The rog half calls the
// entry points the compiler emits for these key types (the _fast64 and
// _faststr paths, as gc's compiler does for gc) through ordinary external
// calls; the allocator is the TEST-ONLY calloc stand-in (no GC yet), which
// flatters insert slightly against gc (whose figure includes its GC).
#include "runtime/map/testing/test_alloc.h"
#include "runtime/map/testing/test_types.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <map>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace rogtest;

namespace {

const int n = 1024;
volatile int64_t sink;

// Process CPU time (user + sys, all threads) in ns: the machine is shared,
// so wall time would count other people's work. gc's half measures the
// same way, so its GC threads' work counts against it as it should.
double cpu_ns() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ((double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec) * 1e9 +
         ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) * 1e3;
}

template <class F> double timeit(long ops, F f) {
  double t0 = cpu_ns();
  f();
  return (cpu_ns() - t0) / (double)ops;
}

std::vector<int64_t> keys_int(int64_t base) {
  std::vector<int64_t> k(n);
  for (int i = 0; i < n; i++)
    k[i] = ((int64_t)i + base) * 0x9e3779b1;
  return k;
}

std::vector<std::string> keys_str(const char *prefix) {
  std::vector<std::string> k(n);
  for (int i = 0; i < n; i++)
    k[i] = prefix + std::to_string(i * 7919);
  return k;
}

rog_string rs(const std::string &s) {
  return rog_string{(const uint8_t *)s.data(), (intptr_t)s.size()};
}

std::map<std::string, double> run_rog() {
  std::map<std::string, double> r;
  const rog_maptype *ti = &types()->m_int64.d, *ts = &types()->m_string.d;
  const long lookups = 4 << 20;
  auto ki = keys_int(0), kmiss = keys_int(1 << 20);
  rog_map *mi = rog_makemap(ti, 0);
  for (int i = 0; i < n; i++)
    *(int64_t *)rog_mapassign_fast64(ti, mi, (uint64_t)ki[i]) = i;
  auto ks = keys_str("key-"), ksmiss = keys_str("nokey-");
  std::vector<rog_string> rks(n), rksmiss(n);
  for (int i = 0; i < n; i++) {
    rks[i] = rs(ks[i]);
    rksmiss[i] = rs(ksmiss[i]);
  }
  rog_map *ms = rog_makemap(ts, 0);
  for (int i = 0; i < n; i++)
    *(int64_t *)rog_mapassign_faststr(ts, ms, rks[i]) = i;

  r["lookup_hit_int64"] = timeit(lookups, [&] {
    int64_t s = 0;
    for (long i = 0; i < lookups; i++)
      s += *(int64_t *)rog_mapaccess1_fast64(ti, mi, (uint64_t)ki[i & (n - 1)]);
    sink += s;
  });
  r["lookup_hit_string"] = timeit(lookups, [&] {
    int64_t s = 0;
    for (long i = 0; i < lookups; i++)
      s += *(int64_t *)rog_mapaccess1_faststr(ts, ms, rks[i & (n - 1)]);
    sink += s;
  });
  r["lookup_miss_int64"] = timeit(lookups, [&] {
    int64_t s = 0;
    for (long i = 0; i < lookups; i++)
      s += *(int64_t *)rog_mapaccess1_fast64(ti, mi, (uint64_t)kmiss[i & (n - 1)]);
    sink += s;
  });
  r["lookup_miss_string"] = timeit(lookups, [&] {
    int64_t s = 0;
    for (long i = 0; i < lookups; i++)
      s += *(int64_t *)rog_mapaccess1_faststr(ts, ms, rksmiss[i & (n - 1)]);
    sink += s;
  });

  // Struct keys go through the hasher and equal closures (the indirect
  // calls the compiler emits for keys without a fast path).
  static Named<rog_maptype> mpt;
  static const rog_closure ph = {(void (*)(void))pair_hash};
  const rog_maptype *tp = map_of(&mpt, "map[main.pair]int64", types()->pair(), types()->int64(), &ph,
                                 ROG_MAP_REFLEXIVE_KEY | ROG_MAP_NEED_KEY_UPDATE);
  static int64_t targets[97];
  std::vector<Pair> kp(n);
  rog_map *mp = rog_makemap(tp, 0);
  for (int i = 0; i < n; i++) {
    kp[i] = Pair{rks[i % 64], 0, &targets[i % 97], i};
    *(int64_t *)rog_mapassign(tp, mp, &kp[i]) = i;
  }
  r["lookup_hit_struct"] = timeit(lookups, [&] {
    int64_t s = 0;
    for (long i = 0; i < lookups; i++)
      s += *(int64_t *)rog_mapaccess1(tp, mp, &kp[i & (n - 1)]);
    sink += s;
  });

  const long grow_n = 1 << 16, grow_maps = 16;
  r["insert_grow_int64"] = timeit(grow_n * grow_maps, [&] {
    for (long rep = 0; rep < grow_maps; rep++) {
      rog_map *m = rog_makemap(ti, 0);
      for (long i = 0; i < grow_n; i++)
        *(int64_t *)rog_mapassign_fast64(ti, m, (uint64_t)(i * 0x9e3779b1)) = i;
      sink += rog_maplen(m);
    }
  });

  double del = 0;
  for (long rep = 0; rep < grow_maps; rep++) {
    rog_map *m = rog_makemap(ti, 0);
    for (long i = 0; i < grow_n; i++)
      *(int64_t *)rog_mapassign_fast64(ti, m, (uint64_t)(i * 0x9e3779b1)) = i;
    del += timeit(grow_n, [&] {
      for (long i = 0; i < grow_n; i++)
        rog_mapdelete_fast64(ti, m, (uint64_t)(i * 0x9e3779b1));
    });
    sink += rog_maplen(m);
  }
  r["delete_int64"] = del / grow_maps;

  const long iters = 8192;
  r["iterate_1k_int64"] = timeit(iters, [&] {
    int64_t s = 0;
    for (long rep = 0; rep < iters; rep++) {
      rog_hiter it;
      for (rog_mapiterinit(ti, mi, &it); it.key; rog_mapiternext(&it))
        s += *(int64_t *)it.key + *(int64_t *)it.elem;
    }
    sink += s;
  });
  rog_test_alloc_reset();
  return r;
}

std::map<std::string, double> run_gc(const std::string &bin) {
  std::map<std::string, double> r;
  FILE *f = popen(bin.c_str(), "r");
  if (!f) {
    perror("popen");
    exit(1);
  }
  char name[128];
  double v;
  while (fscanf(f, "%127s %lf", name, &v) == 2)
    r[name] = v;
  if (pclose(f) != 0) {
    fprintf(stderr, "map_gc failed\n");
    exit(1);
  }
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t k = v.size();
  return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
}

} // namespace

int main(int argc, char **argv) {
  // The stand-in allocator is calloc: keep freed tables in glibc's heap
  // instead of unmapping them, as rog's (and gc's) allocator keeps its
  // spans; otherwise every table growth pays fresh page faults that
  // measure glibc's mmap threshold, not the map.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  int reps = argc > 1 ? atoi(argv[1]) : 7;
  if (reps < 1) reps = 7;
  char src[4096];
  if (!realpath("tests/bench/map_gc.go", src)) {
    fprintf(stderr, "map_bench: cannot find tests/bench/map_gc.go (run it with bazel run)\n");
    return 1;
  }
  char tmpl[] = "/tmp/rog-map-bench-XXXXXX";
  if (!mkdtemp(tmpl)) {
    perror("mkdtemp");
    return 1;
  }
  std::string dir = tmpl, bin = dir + "/map_gc";
  std::string cmd = "cd " + dir + " && GOCACHE=" + dir + "/cache GOPATH=" + dir + "/gopath HOME=" + dir +
                    " GO111MODULE=off GOFLAGS= /usr/lib/go-1.19/bin/go build -o " + bin + " " + src;
  if (system(cmd.c_str()) != 0) {
    fprintf(stderr, "map_bench: building the gc half failed: %s\n", cmd.c_str());
    return 1;
  }
  std::map<std::string, std::vector<double>> rog, gc;
  for (int i = 0; i < reps; i++) {
    for (auto &e : run_rog())
      rog[e.first].push_back(e.second);
    for (auto &e : run_gc(bin))
      gc[e.first].push_back(e.second);
  }
  const char *order[] = {"lookup_hit_int64",  "lookup_hit_string", "lookup_miss_int64", "lookup_miss_string",
                         "lookup_hit_struct", "insert_grow_int64", "delete_int64",      "iterate_1k_int64"};
  printf("# %d repetitions; ratio < 1 means rog is faster\n", reps);
  for (const char *name : order) {
    auto &a = rog[name], &b = gc[name];
    if (a.empty() || b.empty()) {
      printf("%s missing\n", name);
      continue;
    }
    double am = median(a), bm = median(b);
    double amin = *std::min_element(a.begin(), a.end()), bmin = *std::min_element(b.begin(), b.end());
    const char *unit = strcmp(name, "iterate_1k_int64") == 0 ? "ns/iteration" : "ns/op";
    printf("%s/median rog=%.2f gc=%.2f unit=%s ratio=%.2f\n", name, am, bm, unit, am / bm);
    printf("%s/min rog=%.2f gc=%.2f unit=%s ratio=%.2f\n", name, amin, bmin, unit, amin / bmin);
  }
  std::string rm = "rm -rf " + dir;
  if (system(rm.c_str()) != 0) fprintf(stderr, "map_bench: could not remove %s\n", dir.c_str());
  return 0;
}
