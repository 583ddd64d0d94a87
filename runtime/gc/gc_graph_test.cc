// Random object graphs mutated under the stress mode (a collection every N
// allocations, heap verification after mark and sweep) never lose a
// reachable object, checked against a shadow reachability computation, and
// unreachable objects are reclaimed.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "runtime/gc/gc_test_util.h"
extern "C" {
#include "runtime/alloc/alloc_internal.h"
#include "runtime/gc/gc_internal.h"
}

using gctest::Node;

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ROG_UNDER_TSAN 1
#endif
#endif
#ifndef ROG_UNDER_TSAN
#define ROG_UNDER_TSAN 0
#endif

namespace {

constexpr int kRoots = 64;
Node *g_roots[kRoots];
const uint8_t kRootBits[kRoots / 8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// The shadow heap: edges by id, the address of each id (in malloc memory,
// which the GC does not scan, so it keeps nothing alive).
struct Shadow {
  std::vector<Node *> addr;
  std::vector<std::array<int64_t, 4>> edges;
  std::array<int64_t, kRoots> roots;
  Shadow() {
    roots.fill(-1);
  }

  std::vector<bool> Reachable() const {
    std::vector<bool> r(addr.size());
    std::vector<int64_t> work;
    for (int64_t id : roots)
      if (id >= 0 && !r[id]) r[id] = true, work.push_back(id);
    while (!work.empty()) {
      int64_t id = work.back();
      work.pop_back();
      for (int64_t t : edges[id])
        if (t >= 0 && !r[t]) r[t] = true, work.push_back(t);
    }
    return r;
  }
};

// Checks every shadow-reachable object: allocated, intact, same edges.
void Verify(const Shadow &sh) {
  std::vector<bool> r = sh.Reachable();
  for (size_t id = 0; id < r.size(); id++) {
    if (!r[id]) continue;
    Node *n = sh.addr[id];
    alloc_object o;
    ASSERT_TRUE(alloc_find_object(n, &o)) << "reachable object " << id << " was freed";
    ASSERT_EQ(o.start, n);
    ASSERT_EQ(o.type, &gctest::kNodeType);
    ASSERT_EQ(n->id, id) << "reachable object " << id << " was reused";
    ASSERT_EQ(n->check, gctest::CheckOf(id));
    for (int k = 0; k < 4; k++) {
      Node *want = sh.edges[id][k] < 0 ? nullptr : sh.addr[sh.edges[id][k]];
      ASSERT_EQ(gctest::Load(&n->slot[k]), want);
    }
  }
}

// Picks a reachable object by a short random walk from a root; -1 if none.
int64_t PickReachable(const Shadow &sh, std::mt19937_64 &rng) {
  for (int tries = 0; tries < 8; tries++) {
    int64_t id = sh.roots[rng() % kRoots];
    if (id < 0) continue;
    int steps = rng() % 4;
    for (int s = 0; s < steps; s++) {
      int64_t next = sh.edges[id][rng() % 4];
      if (next < 0) break;
      id = next;
    }
    return id;
  }
  return -1;
}

__attribute__((noinline)) void Mutate(Shadow &sh, std::mt19937_64 &rng, int steps) {
  for (int i = 0; i < steps; i++) {
    int op = rng() % 10;
    if (op < 4) { // new object into a root or a field
      int64_t id = sh.addr.size();
      Node *n = gctest::NewNode(id);
      sh.addr.push_back(n);
      sh.edges.push_back({-1, -1, -1, -1});
      int64_t parent = PickReachable(sh, rng);
      if (parent >= 0 && rng() % 2) {
        int k = rng() % 4;
        gctest::Store(&sh.addr[parent]->slot[k], n);
        sh.edges[parent][k] = id;
      } else {
        int r = rng() % kRoots;
        gctest::Store(&g_roots[r], n);
        sh.roots[r] = id;
      }
    } else if (op < 7) { // link two reachable objects (cycles allowed)
      int64_t a = PickReachable(sh, rng), b = PickReachable(sh, rng);
      if (a < 0 || b < 0) continue;
      int k = rng() % 4;
      gctest::Store(&sh.addr[a]->slot[k], sh.addr[b]);
      sh.edges[a][k] = b;
    } else if (op < 9) { // cut an edge
      int64_t a = PickReachable(sh, rng);
      if (a < 0) continue;
      int k = rng() % 4;
      gctest::Store(&sh.addr[a]->slot[k], nullptr);
      sh.edges[a][k] = -1;
    } else { // drop a root
      int r = rng() % kRoots;
      gctest::Store(&g_roots[r], nullptr);
      sh.roots[r] = -1;
    }
    gc_checkpoint();
  }
}

class GraphTest : public ::testing::Test {
protected:
  void SetUp() override {
    gc_register_globals(g_roots, sizeof g_roots, kRootBits);
    memset(g_roots, 0, sizeof g_roots);
  }
  void TearDown() override {
    gc_set_stress(0);
    gc_set_debug(0);
    gc_unregister_globals(g_roots);
  }
};

// Counts objects of the shadow that are unreachable but still allocated
// with their identity intact after full collections.
__attribute__((noinline)) size_t CountSurvivingGarbage(const Shadow &sh) {
  std::vector<bool> r = sh.Reachable();
  size_t surviving = 0, garbage = 0;
  for (size_t id = 0; id < r.size(); id++) {
    if (r[id]) continue;
    garbage++;
    Node *n = sh.addr[id];
    alloc_object o;
    if (alloc_find_object(n, &o) && o.start == n && n->id == id && n->check == gctest::CheckOf(id))
      surviving++;
  }
  EXPECT_GT(garbage, 0u);
  return surviving;
}

void RunGraph(uint64_t stress, int debug, int rounds, int steps, uint64_t seed) {
  Shadow sh;
  std::mt19937_64 rng(seed);
  gc_set_debug(debug);
  gc_set_stress(stress);
  __atomic_store_n(&alloc_opt_poison, 1,
                   __ATOMIC_RELAXED); // freed memory reads 0xdb: a lost object cannot pass Verify
  uint32_t cycles0 = gc_cycles();
  for (int round = 0; round < rounds; round++) {
    Mutate(sh, rng, steps);
    Verify(sh);
    if (::testing::Test::HasFatalFailure()) return;
  }
  gc_set_stress(0);
  __atomic_store_n(&alloc_opt_poison, 0, __ATOMIC_RELAXED);
  if (stress)
    EXPECT_GT(gc_cycles() - cycles0, 5u) << "stress mode did not collect";
  else
    EXPECT_GT(gc_cycles() - cycles0, 0u) << "pacing did not collect";
  // Drop half of the roots, collect, check reachability and reclamation.
  for (int r = 0; r < kRoots; r += 2) {
    gctest::Store(&g_roots[r], nullptr);
    sh.roots[r] = -1;
  }
  gctest::ClearStack();
  gc_collect();
  gc_collect();
  Verify(sh);
  size_t survivors = CountSurvivingGarbage(sh);
  std::vector<bool> reach = sh.Reachable();
  size_t garbage = 0;
  for (bool b : reach)
    garbage += !b;
  // Conservative stack scanning may retain a handful; never a real share.
  EXPECT_LE(survivors, garbage / 20 + 8) << survivors << " of " << garbage << " unreachable objects survived";
}

TEST_F(GraphTest, StressEveryFewAllocationsWithHeapVerification) {
  RunGraph(/*stress=*/7, /*debug=*/2, /*rounds=*/20, /*steps=*/5000 / gctest::Scale(), 1);
}

TEST_F(GraphTest, StressLargerGraphs) {
  RunGraph(/*stress=*/101, /*debug=*/1, /*rounds=*/10, /*steps=*/40000 / gctest::Scale(), 2);
}

TEST_F(GraphTest, NoStressPacedCollections) {
  // Normal pacing: enough garbage to trigger collections on its own.
  gc_set_percent(10);
  RunGraph(/*stress=*/0, /*debug=*/0, /*rounds=*/4, /*steps=*/100000 / gctest::Scale(), 3);
  gc_set_percent(100);
}

// Parallel marking with work stealing: four workers, helpers used at any
// heap size, a collection every few allocations with heap verification. The
// random graphs must come through as in the single-worker tests, and the
// helpers must actually have taken part (batches stolen from the pool).
TEST_F(GraphTest, ParallelMarkingWithStealing) {
  int old_workers = gc_opts.workers;
  uint64_t old_min = mark_parallel_min_bytes;
  mark_init_workers(4);
  gc_opts.workers = 4;
  mark_parallel_min_bytes = 0;
  uint64_t joins0 = atomic_load(&mark_helper_joins), stolen0 = atomic_load(&mark_batches_stolen);
  RunGraph(/*stress=*/53, /*debug=*/2, /*rounds=*/8, /*steps=*/20000 / gctest::Scale(), 4);
  uint64_t joins = atomic_load(&mark_helper_joins) - joins0;
  uint64_t stolen = atomic_load(&mark_batches_stolen) - stolen0;
  gc_opts.workers = old_workers;
  mark_parallel_min_bytes = old_min;
  EXPECT_GT(joins, 0u) << "no helper thread ever joined a marking round";
#if !ROG_UNDER_TSAN
  // Whether a helper steals depends on timing; under TSan's slowed threads
  // the owner can drain its whole stack first (seen in CI). The marking
  // itself is still checked there (RunGraph's reachability comparison).
  EXPECT_GT(stolen, 0u) << "no helper ever took a batch from the shared pool";
#endif
}

} // namespace
