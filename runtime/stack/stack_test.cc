// Segmented stacks: deep recursion (256 MiB of frames) in a non-main
// goroutine through the prologue the stack-check pass emits, hot-split
// reuse, memory given back, gc's overflow report (death test), and no
// lazy PLT binding (its resolver would need more than the reserve).
#include "runtime/stack/stack.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <elf.h>
#include <link.h>
#include <thread>

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

// Recursive function with a ~1 KiB frame, checked like generated code.
// Its frame is bigger than ROG_STACK_BIGFRAME, so it has the split form
// the stack-check pass emits for big frames: a small checking entry and a
// body. extern "C" and non-static so the traceback can name it (dladdr).
extern "C" {
struct rec_args {
  long depth;
  long ret;
};
long rog_test_recurse(long depth);
long rog_test_recurse_body(long depth);
void (*rog_test_recurse_leaf)(void); // called at depth 0 when set
void rog_test_recurse_thunk(void *p) {
  auto *a = static_cast<rec_args *>(p);
  a->ret = rog_test_recurse(a->depth);
}
__attribute__((noinline)) long rog_test_recurse(long depth) {
  ROG_TEST_STACK_CHECK(1536 + ROG_STACK_BIGFRAME, rog_test_recurse_thunk, rec_args, depth, 0);
  return rog_test_recurse_body(depth);
}
__attribute__((noinline)) long rog_test_recurse_body(long depth) {
  volatile char buf[1024];
  memset((char *)buf, (int)(depth & 0x7f), sizeof buf);
  if (depth == 0) {
    if (rog_test_recurse_leaf) rog_test_recurse_leaf();
    return 0;
  }
  long r = rog_test_recurse(depth - 1);
  return r + buf[depth % 1024] + 1;
}
}

namespace {

struct Deep {
  long depth;
  long result = -1;
  size_t max_total = 0;
  size_t total_after = 0;
  test_wg wg{};
};

// Records the deepest total stack seen, from inside the recursion's leaf.
void deep_child(void *arg) {
  auto *d = static_cast<Deep *>(arg);
  d->result = rog_test_recurse(d->depth);
  sched_g *g = sched_getg();
  d->total_after = g->stack_total;
  test_wg_done(&d->wg);
}

long expected(long depth) {
  long r = 0;
  for (long k = 1; k <= depth; k++)
    r += (k & 0x7f) + 1;
  return r;
}

TEST(Stack, DeepRecursion256MiBInNonMainGoroutine) {
  Deep d;
  // 256 MiB of 1 KiB+ frames (scaled down under qemu and sanitizers)
  d.depth = rog_test_scale(256L << 10);

  sched_main(
      [](void *arg) {
        auto *dd = static_cast<Deep *>(arg);
        test_wg_add(&dd->wg, 1);
        sched_go(deep_child, dd);
        test_wg_wait(&dd->wg);
      },
      &d);
  EXPECT_EQ(d.result, expected(d.depth));
  // back at the bottom: only the first segment is counted
  EXPECT_EQ(d.total_after, stack_first_size);
}

struct Hot {
  long calls = 0;
  long sum = 0;
};

// A call at a segment boundary in a loop must not allocate every time.
void hot_child(void *arg) {
  auto *h = static_cast<Hot *>(arg);
  for (int i = 0; i < 10000; i++) {
    h->sum += rog_test_recurse(20);
    h->calls++;
  }
}

TEST(Stack, HotSplitReusesCachedSegment) {
  Hot h;
  sched_main(
      [](void *arg) {
        test_wg wg{};
        (void)wg;
        hot_child(arg);
      },
      &h);
  EXPECT_EQ(h.calls, 10000);
  EXPECT_EQ(h.sum, 10000 * expected(20));
}

void overflow_child(void *) {
  rog_test_recurse(1L << 40);
}

void overflow_main(void *) {
  sched_go(overflow_child, nullptr);
  rog_chan *c = rog_chan_make(nullptr, 0);
  rog_chan_recv(c, nullptr);
}

TEST(StackDeathTest, OverflowPrintsGcMessageAndTraceback) {
  GTEST_FLAG_SET(death_test_style, ROG_TEST_DEATH_STYLE);
  EXPECT_EXIT(
      {
        setenv("ROG_OPTS", "maxstack=16777216", 1);
        sched_main(overflow_main, nullptr);
      },
      ::testing::ExitedWithCode(2),
      "runtime: goroutine stack exceeds 16777216-byte limit\n"
      "fatal error: stack overflow\n\n"
      "goroutine [0-9]+ \\[running\\]:\n(.|\n)*rog_test_recurse");
}

TEST(Stack, SegmentsComeFromSlabAndMap) {
  sched_init(); // reads ROG_OPTS / sanitizer sizes
  stack_seg *a = stack_alloc(nullptr, stack_first_size);
  stack_seg *b = stack_alloc(nullptr, 1 << 20);
  EXPECT_EQ(a->size, stack_first_size);
  EXPECT_EQ(a->magic, STACK_SEG_MAGIC);
  EXPECT_EQ(b->size, 1u << 20);
  EXPECT_EQ(b->cls, -1);
  EXPECT_GT(stack_seg_guard(a), stack_seg_lo(a));
  EXPECT_LT(stack_seg_guard(a), stack_seg_top(a));
  // usable memory, top to guard
  memset((void *)stack_seg_guard(b), 1, stack_seg_top(b) - stack_seg_guard(b));
  stack_free(nullptr, a);
  stack_free(nullptr, b);
  stack_seg *c = stack_alloc(nullptr, stack_first_size);
  if (a->cls >= 0) EXPECT_EQ(c, a); // recycled from the slab free list
  stack_free(nullptr, c);
}

// Goroutines that grew deep stacks and exited leave their segments on free
// lists; sched_purge_free_stacks (run by sysmon after each GC cycle) frees
// the first segments of the Gs on the global free list and unmaps the slab
// chunks left all free. Checked: the dead Gs that still hold a segment are
// at most the per-P free lists' worth, and the mapped stack memory falls
// back to about the first segments that are still cached.
struct DeepPark {
  long depth;
  rog_chan *release;
  test_wg reached{}, done{};
};
DeepPark *deep_park;

// rog_test_recurse_leaf: parked with every segment in use
void deep_park_leaf() {
  test_wg_done(&deep_park->reached);
  rog_chan_recv(deep_park->release, nullptr);
}

void deep_park_child(void *) {
  rog_test_recurse(deep_park->depth);
  test_wg_done(&deep_park->done);
}

size_t dead_gs_with_stack() {
  size_t n = 0;
  sched_mutex_lock(&sched.allglock);
  for (size_t i = 0; i < sched.nallgs; i++)
    if (__atomic_load_n(reinterpret_cast<uint32_t *>(&sched.allgs[i]->status), __ATOMIC_ACQUIRE) == G_DEAD &&
        sched.allgs[i]->seg != nullptr)
      n++;
  sched_mutex_unlock(&sched.allglock);
  return n;
}

TEST(Stack, FreeGStacksPurgedAndChunksUnmapped) {
  sched_init();
  sched_purge_free_stacks(); // what earlier tests left behind
  const size_t base = stack_mapped_bytes();
  // more than the per-P free lists hold (64 each), so most dead Gs reach
  // the global free list, which the purge empties
  const long min_n = 4L * 64 * sched_gomaxprocs();
  const long n = rog_test_scale(1000) < min_n ? min_n : rog_test_scale(1000);
  DeepPark d;
  // two first segments' worth of 1 KiB buffers: a second and a third
  // segment (the tests run with 16 KiB first segments: rog_test_env)
  d.depth = (long)(2 * stack_first_size / 1024);
  d.release = rog_chan_make(nullptr, 0);
  deep_park = &d;
  rog_test_recurse_leaf = deep_park_leaf;
  size_t peak = 0, exited = 0, exited_gs = 0, purged = 0, purged_gs = 0, respawned = 0;
  RunMain([&] {
    test_wg_add(&d.reached, n);
    test_wg_add(&d.done, n);
    for (long i = 0; i < n; i++)
      sched_go(deep_park_child, nullptr);
    test_wg_wait(&d.reached);
    peak = stack_mapped_bytes();
    rog_chan_close(d.release);
    test_wg_wait(&d.done);
    for (int i = 0; i < 1000 && sched_num_goroutine() > 1; i++)
      sched_sleep(1000000);
    exited = stack_mapped_bytes();
    exited_gs = dead_gs_with_stack();
    sched_purge_free_stacks();
    purged = stack_mapped_bytes();
    purged_gs = dead_gs_with_stack();
    // purged Gs are reused and get a first segment again
    test_wg w{};
    test_wg_add(&w, n);
    for (long i = 0; i < n; i++)
      sched_go([](void *arg) { test_wg_done(static_cast<test_wg *>(arg)); }, &w);
    test_wg_wait(&w);
    respawned = 1;
  });
  rog_test_recurse_leaf = nullptr;
  EXPECT_EQ(respawned, 1u);
  const size_t first = stack_first_size, chunk = 2 << 20; // stack.c's CHUNK
  const size_t per_p = 64 + SCHED_SEGCACHE;               // a P's free Gs and its segment cache
  EXPECT_GE(peak - base, (size_t)n * 2 * first) << "goroutines did not grow their stacks";
  EXPECT_GE(exited_gs, (size_t)n / 2) << "dead Gs should keep their first segment until a purge";
  EXPECT_LE(purged_gs, (size_t)sched_gomaxprocs() * 64);
  // what may stay mapped: the chunks of first segments (those still cached
  // per P pin them), the cached segments themselves if mapped on their own
  // (sanitizer builds: 64 KiB first segments), a bump chunk per class.
  // Without the release, every goroutine's second segment stays.
  const size_t bound = base + n * first + sched_gomaxprocs() * per_p * first + 6 * chunk;
  EXPECT_LE(purged, bound) << "peak " << peak << " after exit " << exited << " base " << base;
  EXPECT_LT(purged, exited);
}

// Purges from a thread outside the scheduler (as sysmon runs them) while
// goroutines that grow their stacks are spawned and exit on every P: Gs
// move between the free lists, lose and regain their first segment, and
// chunks are unmapped under running code. Every goroutine must run and
// compute its recursion right (TSan: no race between the purge and
// gfget/gfput).
struct Churn {
  static constexpr int kSpawners = 4;
  long rounds, batch, depth;
  std::atomic<long> ran{0}, bad{0};
  std::atomic<bool> stop{false};
  test_wg wg{};
};
Churn *churn;

void churn_leaf(void *arg) {
  auto *done = static_cast<test_wg *>(arg);
  if (rog_test_recurse(churn->depth) != expected(churn->depth)) churn->bad++;
  churn->ran++;
  test_wg_done(done);
}

void churn_spawner(void *) {
  test_wg done{}; // reused: a child may still be leaving its unlock
  for (long r = 0; r < churn->rounds; r++) {
    test_wg_add(&done, churn->batch);
    for (long i = 0; i < churn->batch; i++)
      sched_go(churn_leaf, &done);
    test_wg_wait(&done);
  }
  test_wg_done(&churn->wg);
}

TEST(Stack, PurgeWhileGoroutinesChurn) {
  sched_init();
  Churn c;
  c.rounds = rog_test_scale(200) < 10 ? 10 : rog_test_scale(200);
  c.batch = 100; // with 4 spawners, more than the per-P free lists hold
  c.depth = (long)(2 * stack_first_size / 1024);
  churn = &c;
  long purges = 0;
  std::thread purger([&] {
    while (!c.stop.load()) {
      sched_purge_free_stacks();
      purges++;
    }
  });
  RunMain([&] {
    test_wg_add(&c.wg, Churn::kSpawners);
    for (int i = 0; i < Churn::kSpawners; i++)
      sched_go(churn_spawner, nullptr);
    test_wg_wait(&c.wg);
  });
  c.stop = true;
  purger.join();
  EXPECT_EQ(c.ran.load(), Churn::kSpawners * c.rounds * c.batch);
  EXPECT_EQ(c.bad.load(), 0);
  EXPECT_GT(purges, 0);
}

} // namespace

// The first call through a lazily bound PLT slot runs ld.so's resolver on
// the caller's stack, about 1.5 KiB on amd64 (it saves the extended
// register state), more than the 1 KiB reserve below a segment's guard:
// made near the guard, it overwrote the segment header and the next switch
// died with "stack segment corrupted". Runtime binaries link with -z now
// (runtime/sched linkopts; rog's driver does the same for Go programs).
TEST(Stack, BinaryIsBoundNow) {
  bool now = false;
  for (const ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_BIND_NOW) now = true;
    if (d->d_tag == DT_FLAGS && (d->d_un.d_val & DF_BIND_NOW)) now = true;
    if (d->d_tag == DT_FLAGS_1 && (d->d_un.d_val & DF_1_NOW)) now = true;
  }
  EXPECT_TRUE(now) << "linked without -z now: lazy binding on goroutine stacks";
}

// Uses stack down to about 64 bytes above the guard, then makes this
// binary's first call of a libc function; the caller parks afterwards, so
// the switch checks the segment header.
static __attribute__((noinline)) int near_guard(int depth) {
  volatile char pad[48];
  pad[0] = (char)depth;
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (sp > sched_tls()->stack_guard + 160) return near_guard(depth + 1) + pad[0] * 0;
  return strverscmp("rog-1.9", "rog-1.10"); /* called nowhere else in this binary */
}

TEST(Stack, FirstLibcCallNearTheGuardKeepsTheSegment) {
  struct R {
    int cmp = 0;
    test_wg wg{};
  } r;
  sched_main(
      [](void *arg) {
        auto *r = static_cast<R *>(arg);
        test_wg_add(&r->wg, 1);
        sched_go(
            [](void *arg) {
              auto *r = static_cast<R *>(arg);
              r->cmp = near_guard(0);
              sched_gosched();
              test_wg_done(&r->wg);
            },
            r);
        test_wg_wait(&r->wg);
      },
      &r);
  EXPECT_LT(r.cmp, 0);
}
