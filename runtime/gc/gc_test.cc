// Collector tests: interior pointers, precise globals and heap scanning, GC
// programs, finalizers, pacing, statistics, gctrace, options.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>

#include "runtime/gc/gc_test_util.h"
extern "C" {
#include "runtime/gc/gc_internal.h"
}

using gctest::Node;

namespace {

Node *g_root;
const uint8_t kOneBit[] = {0x01};
// Addresses kept as integers XOR kHide are far outside the arena, so the
// conservative stack scan cannot mistake them for pointers.
constexpr uintptr_t kHide = uintptr_t(1) << 63;
const uint8_t kNoBits[] = {0x00};

class GcTest : public ::testing::Test {
protected:
  void SetUp() override {
    gc_register_globals(&g_root, sizeof g_root, kOneBit);
    g_root = nullptr;
  }
  void TearDown() override {
    g_root = nullptr;
    gc_unregister_globals(&g_root);
  }
};

bool Alive(const void *p, uint64_t id) {
  alloc_object o;
  return alloc_find_object(p, &o) && o.start == p && static_cast<const Node *>(p)->id == id &&
         static_cast<const Node *>(p)->check == gctest::CheckOf(id);
}

// Creates a holder (reachable from g_root) whose slot 0 points 24 bytes into
// a target, and a second target referenced only from the holder's id word
// (not a pointer for the GC). Returns the targets' addresses as integers
// obfuscated so no stack slot holds them as pointers.
__attribute__((noinline)) void MakeInterior(uintptr_t *kept, uintptr_t *dropped) {
  Node *holder = gctest::NewNode(1);
  Node *t1 = gctest::NewNode(1001);
  Node *t2 = gctest::NewNode(1002);
  holder->slot[0] = reinterpret_cast<Node *>(reinterpret_cast<char *>(t1) + 24);
  holder->id = reinterpret_cast<uintptr_t>(t2); // a word the bitmap says is not a pointer
  g_root = holder;
  *kept = reinterpret_cast<uintptr_t>(t1) ^ kHide;
  *dropped = reinterpret_cast<uintptr_t>(t2) ^ kHide;
}

__attribute__((noinline)) void Churn(int n) {
  for (int i = 0; i < n; i++)
    gctest::NewNode(i);
}

TEST_F(GcTest, InteriorHeapPointerKeepsObjectAlivePreciseScanIgnoresScalars) {
  uintptr_t kept, dropped;
  gctest::OnThread([&] { MakeInterior(&kept, &dropped); });
  gctest::ClearStack();
  gc_collect();
  Churn(50000);
  gc_collect();
  Node *t1 = reinterpret_cast<Node *>(kept ^ kHide);
  Node *t2 = reinterpret_cast<Node *>(dropped ^ kHide);
  EXPECT_TRUE(Alive(t1, 1001)) << "an interior pointer must keep its object";
  EXPECT_FALSE(Alive(t2, 1002)) << "a scalar word must not keep an object";
}

__attribute__((noinline)) uintptr_t MakeStackOnly(char **interior, uint64_t id, size_t size) {
  Node *n = static_cast<Node *>(rog_alloc(size, &gctest::kNodeType));
  n->id = id;
  n->check = gctest::CheckOf(id);
  *interior = reinterpret_cast<char *>(n) + size - 8; // last word of the object
  return reinterpret_cast<uintptr_t>(n) ^ kHide;
}

TEST_F(GcTest, InteriorStackPointerKeepsObjectAlive) {
  for (size_t size : {sizeof(Node), size_t(4096), size_t(100000)}) {
    char *volatile interior;
    char *tmp;
    uintptr_t enc = MakeStackOnly(&tmp, 77, size);
    interior = tmp;
    tmp = nullptr;
    gctest::ClearStack();
    gc_collect();
    Churn(20000);
    gc_collect();
    Node *n = reinterpret_cast<Node *>(enc ^ kHide);
    EXPECT_TRUE(Alive(n, 77)) << size;
    alloc_object o;
    ASSERT_TRUE(alloc_find_object(interior, &o));
    EXPECT_EQ(o.start, n);
  }
}

// ------------------------------------------------------------ GC programs

// A type of 200 words with a pointer in every third word up to word 198
// (ptrdata = 199 words), described by a GC program: literal bits 1,0,0, then
// "repeat the last 3 bits 65 times", then one literal 1 bit.
struct ProgType {
  uint8_t gcdata[4 + 8];
  rog_type type;
};
ProgType MakeProgType() {
  ProgType p{};
  const uint8_t prog[] = {0x03, 0x01, 0x83, 65, 0x01, 0x01, 0x00};
  uint32_t len = sizeof prog;
  memcpy(p.gcdata, &len, 4);
  memcpy(p.gcdata + 4, prog, sizeof prog);
  p.type = rog_type{200 * 8, 199 * 8, 0, 0, 8, 8, ROG_KIND_ARRAY | ROG_KIND_GC_PROG, nullptr, nullptr, 0, 0};
  return p;
}

TEST(GcProg, Expands) {
  ProgType p = MakeProgType();
  uint8_t out[32] = {0};
  ASSERT_EQ(gc_run_prog(p.gcdata, out, 200), 0);
  for (int w = 0; w < 200; w++)
    EXPECT_EQ((out[w / 8] >> (w % 8)) & 1, (w % 3 == 0 && w < 199) ? 1 : 0) << w;
}

TEST(GcProg, MalformedProgramsAreRejected) {
  uint8_t out[64];
  auto run = [&](std::initializer_list<uint8_t> prog, uintptr_t nbits) {
    uint8_t buf[64];
    uint32_t len = prog.size();
    memcpy(buf, &len, 4);
    std::copy(prog.begin(), prog.end(), buf + 4);
    memset(out, 0, sizeof out);
    return gc_run_prog(buf, out, nbits);
  };
  EXPECT_EQ(run({0x81, 0x05, 0x00}, 64), -1); // repeat before any bits
  EXPECT_EQ(run({0x08, 0xff}, 64), -1);       // no end
  EXPECT_EQ(run({0x10, 0xff}, 64), -1);       // literal runs off the program
  EXPECT_EQ(run({0x01, 0x01, 0x81, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00}, 64), -1); // overflows output
  EXPECT_EQ(run({0x80, 0x80}, 64), -1);                                           // truncated varint
  EXPECT_EQ(run({0x02, 0x03, 0x00}, 64), 0);
  EXPECT_EQ(out[0], 0x03);
}

__attribute__((noinline)) void MakeProgObject(const rog_type *t, uintptr_t *kept, uintptr_t *dropped) {
  void **arr = static_cast<void **>(rog_alloc(t->size, t));
  Node *a = gctest::NewNode(3000), *b = gctest::NewNode(3001);
  arr[198] = a; // 198 % 3 == 0: a pointer word
  arr[100] = b; // 100 % 3 == 1: scalar
  g_root = reinterpret_cast<Node *>(arr);
  *kept = reinterpret_cast<uintptr_t>(a) ^ kHide;
  *dropped = reinterpret_cast<uintptr_t>(b) ^ kHide;
}

TEST_F(GcTest, GcProgramTypesAreScannedPrecisely) {
  static ProgType p = MakeProgType();
  p.type.gcdata = p.gcdata;
  uintptr_t kept, dropped;
  gctest::OnThread([&] { MakeProgObject(&p.type, &kept, &dropped); });
  gctest::ClearStack();
  gc_collect();
  Churn(50000);
  gc_collect();
  EXPECT_TRUE(Alive(reinterpret_cast<Node *>(kept ^ kHide), 3000));
  EXPECT_FALSE(Alive(reinterpret_cast<Node *>(dropped ^ kHide), 3001));
}

// ------------------------------------------------------------- finalizers

std::atomic<int> fin_calls{0};
std::atomic<bool> fin_saw_intact{false};
Node *g_resurrected;

void FinResurrect(void *obj, void *arg) {
  Node *n = static_cast<Node *>(obj);
  // The object and what it references are intact during the call.
  bool ok = n->id == 500 && n->check == gctest::CheckOf(500) && n->slot[0] && n->slot[0]->id == 501 &&
            n->slot[0]->check == gctest::CheckOf(501) && arg == reinterpret_cast<void *>(0x1234);
  fin_saw_intact = ok;
  g_resurrected = n; // resurrect for good
  fin_calls++;
}

void WaitFinalizers() {
  for (int i = 0; i < 5000 && gc_finalizers_pending() > 0; i++)
    gctest::BlockingSleepMs(1);
}

__attribute__((noinline)) void MakeFinalizable() {
  Node *a = gctest::NewNode(500);
  a->slot[0] = gctest::NewNode(501);
  ASSERT_EQ(gc_set_finalizer(a, FinResurrect, reinterpret_cast<void *>(0x1234)), 0);
}

// Takes g_resurrected out of its root without leaving it in this frame.
__attribute__((noinline)) uintptr_t TakeResurrected() {
  uintptr_t enc = reinterpret_cast<uintptr_t>(g_resurrected) ^ kHide;
  g_resurrected = nullptr;
  return enc;
}

TEST_F(GcTest, FinalizerRunsOnceWithObjectResurrected) {
  gc_register_globals(&g_resurrected, 8, kOneBit);
  fin_calls = 0;
  gctest::OnThread([] { MakeFinalizable(); });
  gctest::ClearStack();
  gc_collect();
  WaitFinalizers();
  EXPECT_EQ(fin_calls.load(), 1);
  EXPECT_TRUE(fin_saw_intact.load());
  // Dropped again: the finalizer does not run a second time, and the object
  // is finally freed.
  uintptr_t enc = 0;
  gctest::OnThread([&] { enc = TakeResurrected(); });
  ASSERT_NE(enc, kHide);
  gctest::ClearStack();
  gc_collect();
  WaitFinalizers();
  gc_collect();
  Churn(50000);
  gc_collect();
  EXPECT_EQ(fin_calls.load(), 1);
  EXPECT_FALSE(Alive(reinterpret_cast<Node *>(enc ^ kHide), 500));
  gc_unregister_globals(&g_resurrected);
}

std::atomic<int> cycle_fin_calls{0};
void FinCount(void *obj, void *arg) {
  (void)obj;
  static_cast<std::atomic<int> *>(arg)->fetch_add(1);
}

__attribute__((noinline)) uintptr_t MakeCycle() {
  Node *a = gctest::NewNode(600), *b = gctest::NewNode(601);
  a->slot[0] = b;
  b->slot[0] = a;
  gc_set_finalizer(a, FinCount, &cycle_fin_calls);
  return reinterpret_cast<uintptr_t>(a) ^ kHide;
}

TEST_F(GcTest, CyclesWithFinalizersAreNotCollected) {
  uintptr_t enc = 0;
  gctest::OnThread([&] { enc = MakeCycle(); });
  gctest::ClearStack();
  for (int i = 0; i < 3; i++) {
    gc_collect();
    WaitFinalizers();
  }
  EXPECT_EQ(cycle_fin_calls.load(), 0);
  EXPECT_TRUE(Alive(reinterpret_cast<Node *>(enc ^ kHide), 600));
}

std::atomic<int> order_a{0}, order_b{0};
std::atomic<bool> b_ran_after_a{false};
void FinA(void *, void *) {
  order_a++;
}
void FinB(void *, void *) {
  b_ran_after_a = order_a.load() == 1;
  order_b++;
}

__attribute__((noinline)) void MakeChain() {
  Node *a = gctest::NewNode(700), *b = gctest::NewNode(701);
  a->slot[0] = b;
  gc_set_finalizer(a, FinA, nullptr);
  gc_set_finalizer(b, FinB, nullptr);
}

TEST_F(GcTest, FinalizersRunInDependencyOrder) {
  gctest::OnThread([] { MakeChain(); });
  gctest::ClearStack();
  gc_collect();
  WaitFinalizers();
  EXPECT_EQ(order_a.load(), 1);
  EXPECT_EQ(order_b.load(), 0) << "B is reachable from A: it must wait for A";
  gctest::ClearStack();
  gc_collect();
  WaitFinalizers();
  gc_collect();
  WaitFinalizers();
  EXPECT_EQ(order_b.load(), 1);
  EXPECT_TRUE(b_ran_after_a.load());
}

std::atomic<int> cleared_calls{0};
__attribute__((noinline)) void MakeCleared() {
  Node *a = gctest::NewNode(800);
  gc_set_finalizer(a, FinCount, &cleared_calls);
  gc_set_finalizer(a, nullptr, nullptr);
}

TEST_F(GcTest, ClearedFinalizerDoesNotRunAndBadPointersAreRejected) {
  gctest::OnThread([] { MakeCleared(); });
  gctest::ClearStack();
  gc_collect();
  WaitFinalizers();
  EXPECT_EQ(cleared_calls.load(), 0);
  int local;
  EXPECT_EQ(gc_set_finalizer(&local, FinCount, nullptr), -1);
  Node *n = gctest::NewNode(1);
  EXPECT_EQ(gc_set_finalizer(&n->id, FinCount, nullptr), -1) << "interior pointer";
  EXPECT_EQ(gc_set_finalizer(nullptr, FinCount, nullptr), -1);
}

// --------------------------------------------------- pacing and statistics

__attribute__((noinline)) void Garbage(size_t bytes) {
  for (size_t i = 0; i < bytes / 1024; i++)
    rog_alloc(1024, nullptr);
}

TEST_F(GcTest, MemStatsCountAllocationsAndCycles) {
  gc_collect();
  gc_memstats a, b;
  gc_read_memstats(&a);
  for (int i = 0; i < 10000; i++)
    gctest::NewNode(i);
  gc_collect();
  gc_read_memstats(&b);
  EXPECT_GE(b.mallocs - a.mallocs, 10000u);
  EXPECT_GE(b.frees - a.frees, 9000u);
  EXPECT_GE(b.total_alloc - a.total_alloc, 10000u * sizeof(Node));
  EXPECT_GT(b.num_gc, a.num_gc);
  EXPECT_GT(b.num_forced_gc, a.num_forced_gc);
  EXPECT_GT(b.pause_total_ns, a.pause_total_ns);
  EXPECT_NE(b.pause_ns[(b.num_gc + 255) % 256], 0u);
  EXPECT_GE(b.heap_sys, b.heap_inuse);
  EXPECT_EQ(b.heap_sys, b.heap_inuse + b.heap_idle);
  EXPECT_GT(b.next_gc, 0u);
  EXPECT_EQ(b.by_size[1].size, 8u);
  EXPECT_GT(b.last_gc, 0u);
}

TEST_F(GcTest, PacingFollowsGOGC) {
  int old = gc_set_percent(50);
  gc_collect();
  uint32_t c0 = gc_cycles();
  Garbage(64 << 20);
  EXPECT_GE(gc_cycles() - c0, 8u) << "GOGC=50 with a small live heap must collect often";
  gc_set_percent(-1);
  c0 = gc_cycles();
  Garbage(32 << 20);
  EXPECT_EQ(gc_cycles(), c0) << "GOGC=off";
  gc_set_percent(old);
}

TEST_F(GcTest, MemoryLimitBoundsTheHeapWithGCOff) {
  int old = gc_set_percent(-1);
  int64_t oldlim = gc_set_memory_limit(32 << 20);
  gc_collect();
  uint32_t c0 = gc_cycles();
  Garbage(256 << 20);
  EXPECT_GE(gc_cycles() - c0, 4u);
  gc_memstats ms;
  gc_read_memstats(&ms);
  EXPECT_LT(ms.heap_inuse, uint64_t(64) << 20);
  gc_set_memory_limit(oldlim);
  gc_set_percent(old);
}

// Go's rule: the goal is GOGC's unless the memory limit is lower; a live
// heap near the limit gets a little headroom instead of a death spiral.
TEST_F(GcTest, MemoryLimitLowersTheGoal) {
  static Node *keep;
  static const uint8_t kOne[] = {0x01};
  gc_register_globals(&keep, sizeof keep, kOne);
  int old = gc_set_percent(100);
  int64_t oldlim = gc_set_memory_limit(INT64_MAX);
  // About 4 MiB live (a list of nodes), so GOGC=100 alone asks for ~8 MiB.
  const int kLive = 4 << 20;
  Node *head = nullptr;
  for (int i = 0; i < kLive / int(sizeof(Node)); i++) {
    Node *n = gctest::NewNode(i);
    n->slot[0] = head;
    head = n;
  }
  keep = head;
  head = nullptr;
  gc_collect();
  gc_memstats ms;
  gc_read_memstats(&ms);
  EXPECT_GE(ms.next_gc, uint64_t(7) << 20) << "GOGC=100 goal";
  // The limit covers the heap and the allocator's metadata.
  alloc_stats st;
  alloc_read_stats(&st);
  const int64_t limit = int64_t(st.meta_sys) + (6 << 20);
  gc_set_memory_limit(limit);
  gc_read_memstats(&ms);
  EXPECT_LE(ms.next_gc, uint64_t(6) << 20) << "the limit lowers the goal";
  EXPECT_GE(ms.next_gc, ms.heap_alloc) << "but never below the live heap";
  // A limit below the live heap: the goal stays just above it.
  gc_set_memory_limit(2 << 20);
  gc_read_memstats(&ms);
  EXPECT_GT(ms.next_gc, ms.heap_alloc);
  EXPECT_LT(ms.next_gc, ms.heap_alloc + ms.heap_alloc / 8);
  // Garbage under the limit: collections keep the heap near the limit.
  gc_set_memory_limit(limit);
  uint32_t c0 = gc_cycles();
  Garbage(12 << 20);
  EXPECT_GE(gc_cycles() - c0, 4u);
  gc_read_memstats(&ms);
  EXPECT_LT(ms.heap_inuse, uint64_t(12) << 20);
  // Node ids survived every collection.
  size_t count = 0;
  for (Node *n = keep; n; n = n->slot[0], count++)
    ASSERT_EQ(n->check, gctest::CheckOf(n->id));
  EXPECT_EQ(count, size_t(kLive / int(sizeof(Node))));
  keep = nullptr;
  gc_unregister_globals(&keep);
  gc_set_memory_limit(oldlim);
  gc_set_percent(old);
}

TEST_F(GcTest, GctraceLineHasGcFormat) {
  int old = gc_opts.gctrace;
  gc_opts.gctrace = 1;
  testing::internal::CaptureStderr();
  gc_collect();
  std::string out = testing::internal::GetCapturedStderr();
  gc_opts.gctrace = old;
  std::regex line(
      R"(gc \d+ @\d+\.\d{3}s \d+%: [0-9.]+\+[0-9.]+\+[0-9.]+ ms clock, [0-9.]+\+[0-9.]+/[0-9.]+/[0-9.]+\+[0-9.]+ ms cpu, \d+->\d+->\d+ MB, \d+ MB goal, \d+ MB stacks, \d+ MB globals, \d+ P \(forced\)\n)");
  EXPECT_TRUE(std::regex_search(out, line)) << out;
}

// ------------------------------------------------------------------- ASan

#if ALLOC_ASAN
extern "C" int __asan_address_is_poisoned(void const volatile *addr);
#endif

// Under ASan, the slots the collector frees are poisoned (a use after free
// inside the heap is reported) and live objects are not.
TEST_F(GcTest, AsanSeesFreedSlotsInsideTheHeap) {
#if !ALLOC_ASAN
  GTEST_SKIP() << "not an ASan build";
#else
  uintptr_t live = 0, dead = 0, dead_large = 0;
  gctest::OnThread([&] {
    Node *a = gctest::NewNode(1);
    g_root = a;
    live = reinterpret_cast<uintptr_t>(a) ^ kHide;
    dead = reinterpret_cast<uintptr_t>(gctest::NewNode(2)) ^ kHide;
    dead_large = reinterpret_cast<uintptr_t>(rog_alloc(100000, nullptr)) ^ kHide;
  });
  gctest::ClearStack();
  gc_collect();
  gc_collect();
  EXPECT_FALSE(__asan_address_is_poisoned(reinterpret_cast<void *>(live ^ kHide)));
  EXPECT_TRUE(Alive(reinterpret_cast<void *>(live ^ kHide), 1));
  EXPECT_TRUE(__asan_address_is_poisoned(reinterpret_cast<void *>(dead ^ kHide)));
  EXPECT_TRUE(__asan_address_is_poisoned(reinterpret_cast<void *>((dead_large ^ kHide) + 4096)));
#endif
}

// ---------------------------------------------------------------- options

TEST(Options, ParsesRogOpts) {
  gc_options o{};
  EXPECT_EQ(gc_parse_opts_string("gc=concurrent,gcstress=5,debug=2,poison=1,gcworkers=3,arena=64GiB", &o), 0);
  EXPECT_EQ(o.mode, GC_MODE_CONCURRENT);
  EXPECT_EQ(o.stress, 5u);
  EXPECT_EQ(o.debug, 2);
  EXPECT_EQ(o.poison, 1);
  EXPECT_EQ(o.workers, 3);
  EXPECT_EQ(o.arena, uint64_t(64) << 30);
  gc_options p{};
  EXPECT_EQ(gc_parse_opts_string(" gc = stw , debug=1 ", &p), 0);
  EXPECT_EQ(p.mode, GC_MODE_STW);
  EXPECT_EQ(p.debug, 1);
}

TEST(Options, BadInputIsReportedNotFatal) {
  gc_options o{};
  testing::internal::CaptureStderr();
  EXPECT_EQ(gc_parse_opts_string("gc=fast", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("debug=9", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("nokey", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("=,,=,x=", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("gcstress=-1", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("arena=1KiB", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("@/nonexistent/rog.toml", &o), -1);
  EXPECT_EQ(gc_parse_opts_string("", &o), 0);
  EXPECT_EQ(gc_parse_opts_string(nullptr, &o), 0);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("ROG_OPTS"), std::string::npos);
  EXPECT_EQ(o.mode, 0);
}

TEST(Options, SizesLikeGOMEMLIMIT) {
  int ok;
  EXPECT_EQ(gc_parse_size("512MiB", &ok), int64_t(512) << 20);
  EXPECT_TRUE(ok);
  EXPECT_EQ(gc_parse_size("123", &ok), 123);
  EXPECT_EQ(gc_parse_size("2GB", &ok), 2000000000);
  EXPECT_EQ(gc_parse_size("1TiB", &ok), int64_t(1) << 40);
  gc_parse_size("12XB", &ok);
  EXPECT_FALSE(ok);
  gc_parse_size("-5", &ok);
  EXPECT_FALSE(ok);
  gc_parse_size("99999999999999999999GiB", &ok);
  EXPECT_FALSE(ok);
  gc_parse_size("", &ok);
  EXPECT_FALSE(ok);
}

TEST(Options, TomlFile) {
  char path[] = "/tmp/rog_opts_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const char text[] = "# rog options\ngc = \"concurrent\"\ndebug = 1 # checks\n";
  ASSERT_EQ(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
  close(fd);
  gc_options o{};
  EXPECT_EQ(gc_parse_opts_string((std::string("@") + path).c_str(), &o), 0);
  EXPECT_EQ(o.mode, GC_MODE_CONCURRENT);
  EXPECT_EQ(o.debug, 1);
  unlink(path);
}

} // namespace
