// End-to-end test of the stack-check pass (compiler/passes/stack.c): code
// compiled through the pass runs on goroutines whose first segment is 2 KiB
// and grows through rog_morestack (runtime/stack): deep recursion (256 MiB
// of frames) with small frames and with split big frames, results of every
// shape (sret, two-word, double, nest closure context), the recover
// wrapper in the thunk, C varargs left alone, gc's overflow message; and
// the pass's frame bounds against the code generator's frame sizes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "runtime/sched/sched.h"
#include "runtime/sched/testutil.h"
#include "runtime/stack/stack.h"

// What e2e_funcs.c and e2e_nest.ll define and need.
extern "C" {
struct t3 {
  long a, b, c;
};
struct pair {
  long n;
  void *p;
};
struct nest_result {
  long k, sum;
};
long e2e_add(long a, long b);
long e2e_small(long depth);
long e2e_big(long depth);
t3 e2e_sret(long depth);
pair e2e_pair(long depth, void *p);
double e2e_harmonic(long depth);
long e2e_deferred(void);
long e2e_va_sum(int n, ...);
nest_result e2e_nest_call(long *ctx, long depth);

static size_t g_bottom_total; // the goroutine's stack total at the deepest call
void e2e_at_bottom(void) {
  g_bottom_total = sched_getg()->stack_total;
}
void e2e_touch(long *p) {
  __asm__ volatile("" : : "r"(p) : "memory");
}
void e2e_fill(char *buf, long n, long v) {
  memset(buf, (int)(v & 0x7f), (size_t)n);
}

// A stand-in for runtime/panic's argp rule (abi.h [panic]): recover works
// when called from the frame whose parent is argp; rog_panic_wrapper moves
// argp to a wrapper's frame when the wrapped frame's parent matched.
static void *g_argp;
static int g_wrapper_calls;
rog_iface rog_gorecover(void *caller_frame) {
  if (caller_frame != nullptr && caller_frame == g_argp) return {&g_argp, nullptr};
  return {nullptr, nullptr};
}
void rog_panic_wrapper(void *wrapped_parent_frame, void *self_frame) {
  g_wrapper_calls++;
  if (wrapped_parent_frame == g_argp) g_argp = self_frame;
}
}

namespace {

struct Env : ::testing::Environment {
  void SetUp() override {
    setenv("ROG_OPTS", "stackmin=2048", 0); // gc's first stack size
  }
};
const auto *env = ::testing::AddGlobalTestEnvironment(new Env);

// Runs fn(arg) on a goroutine other than main and waits for it.
struct Job {
  void (*fn)(void *);
  void *arg;
  test_wg wg{};
};
void run_job(void *p) {
  auto *j = static_cast<Job *>(p);
  j->fn(j->arg);
  test_wg_done(&j->wg);
}
void run_on_goroutine(void (*fn)(void *), void *arg) {
  Job j{fn, arg};
  sched_main(
      [](void *p) {
        auto *jj = static_cast<Job *>(p);
        test_wg_add(&jj->wg, 1);
        sched_go(run_job, jj);
        test_wg_wait(&jj->wg);
      },
      &j);
}

long small_expected(long depth) {
  long r = 0;
  for (long k = 1; k <= depth; k++)
    r += k & 3;
  return r;
}

long big_expected(long depth) {
  long r = 0; // buf[5] at depth 0 is filled with 0
  for (long k = 1; k <= depth; k++)
    r += k & 0x7f;
  return r;
}

TEST(StackE2E, FirstSegmentIs2KiB) {
  size_t first = 0;
  run_on_goroutine([](void *p) { *static_cast<size_t *>(p) = sched_getg()->stack_total; }, &first);
  EXPECT_EQ(first, stack_first_size);
#if !defined(ROG_SANITIZER_ASAN) && !defined(ROG_SANITIZER_TSAN) && !defined(ROG_SANITIZER_UBSAN)
  EXPECT_EQ(first, 2048u); // sanitized runtime C needs bigger segments
#endif
  EXPECT_GT(first, 0u);
}

struct Deep {
  long depth;
  long result;
  size_t bottom;
  size_t after;
};

TEST(StackE2E, DeepRecursionSmallFrames256MiB) {
  // e2e_small's frame is 48 bytes with the return address: 256 MiB of it
  Deep d{rog_test_scale((256L << 20) / 48), -1, 0, 0};
  run_on_goroutine(
      [](void *p) {
        auto *dd = static_cast<Deep *>(p);
        dd->result = e2e_small(dd->depth);
        dd->bottom = g_bottom_total;
        dd->after = sched_getg()->stack_total;
      },
      &d);
  EXPECT_EQ(d.result, small_expected(d.depth));
  EXPECT_GE(d.bottom, (size_t)d.depth * 48); // the stack really grew that far
  EXPECT_EQ(d.after, stack_first_size);      // and went back
}

TEST(StackE2E, DeepRecursionBigFramesSplitEntryBody256MiB) {
  Deep d{rog_test_scale((256L << 20) / 1024), -1, 0, 0};
  run_on_goroutine(
      [](void *p) {
        auto *dd = static_cast<Deep *>(p);
        dd->result = e2e_big(dd->depth);
        dd->bottom = g_bottom_total;
        dd->after = sched_getg()->stack_total;
      },
      &d);
  EXPECT_EQ(d.result, big_expected(d.depth));
  EXPECT_GE(d.bottom, (size_t)d.depth * 1024);
  EXPECT_EQ(d.after, stack_first_size);
}

struct Shapes {
  long depth;
  t3 s;
  pair pr;
  double h;
  nest_result nr;
  long ctx;
  long leaf;
  long va;
};

TEST(StackE2E, ResultsOfEveryShapeSurviveTheThunk) {
  Shapes sh{};
  sh.depth = rog_test_scale(200000);
  sh.ctx = 4242;
  run_on_goroutine(
      [](void *p) {
        auto *s = static_cast<Shapes *>(p);
        s->s = e2e_sret(s->depth);
        s->pr = e2e_pair(s->depth, &s->ctx);
        s->h = e2e_harmonic(s->depth);
        s->nr = e2e_nest_call(&s->ctx, s->depth);
        s->leaf = e2e_add(40, 2);
        s->va = e2e_va_sum(4, 1L, 2L, 3L, 4L);
      },
      &sh);
  long n = sh.depth;
  long cx = 3;
  for (long k = 1; k <= n; k++)
    cx ^= k;
  EXPECT_EQ(sh.s.a, 1 + n);
  EXPECT_EQ(sh.s.b, 2 + n * (n + 1) / 2);
  EXPECT_EQ(sh.s.c, cx);
  EXPECT_EQ(sh.pr.n, n * (n + 1) / 2);
  EXPECT_EQ(sh.pr.p, &sh.ctx);
  double h = 0;
  for (long k = 1; k <= n; k++)
    h += 1.0 / (double)k;
  EXPECT_DOUBLE_EQ(sh.h, h);
  EXPECT_EQ(sh.nr.k, 4242); // the nest context reached the deepest call
  EXPECT_EQ(sh.nr.sum, n * (n + 1) / 2);
  EXPECT_EQ(sh.leaf, 42);
  EXPECT_EQ(sh.va, 10);
}

struct Rec {
  long direct = -1, through_thunk = -1;
  int wrapper_calls = 0;
};

// Plays the runtime's part: calls the "deferred" function with argp set to
// this frame, once normally and once with the guard forced up so the call
// goes through rog_morestack and the thunk.
__attribute__((noinline)) void call_deferred(Rec *r) {
  g_argp = __builtin_frame_address(0);
  r->direct = e2e_deferred();
  g_argp = __builtin_frame_address(0);
  g_wrapper_calls = 0;
  rog_tls_block *t = sched_tls();
  uintptr_t saved = t->stack_guard;
  t->stack_guard = (uintptr_t)__builtin_frame_address(0); // every check below fails once
  r->through_thunk = e2e_deferred();
  t->stack_guard = saved;
  r->wrapper_calls = g_wrapper_calls;
}

TEST(StackE2E, RecoverThroughTheThunkCallsPanicWrapper) {
  Rec r;
  run_on_goroutine([](void *p) { call_deferred(static_cast<Rec *>(p)); }, &r);
  EXPECT_EQ(r.direct, 1);
  EXPECT_EQ(r.wrapper_calls, 1);
  EXPECT_EQ(r.through_thunk, 1); // argp followed the frames to the thunk
}

void overflow_child(void *) {
  e2e_small(1L << 40);
}

void overflow_main(void *) {
  sched_go(overflow_child, nullptr);
  rog_chan *c = rog_chan_make(nullptr, 0);
  rog_chan_recv(c, nullptr);
}

TEST(StackE2EDeathTest, OverflowPrintsGcMessage) {
  GTEST_FLAG_SET(death_test_style, ROG_TEST_DEATH_STYLE);
  EXPECT_EXIT(
      {
        setenv("ROG_OPTS", "stackmin=2048,maxstack=16777216", 1);
        sched_main(overflow_main, nullptr);
      },
      ::testing::ExitedWithCode(2),
      "runtime: goroutine stack exceeds 16777216-byte limit\n"
      "fatal error: stack overflow\n\n"
      "goroutine [0-9]+ \\[running\\]:\n(.|\n)*e2e_small");
}

std::string Runfile(const std::string &name) {
  const char *srcdir = getenv("TEST_SRCDIR");
  const char *ws = getenv("TEST_WORKSPACE");
  std::string path =
      std::string(srcdir ? srcdir : ".") + "/" + (ws ? ws : "") + "/compiler/passes/e2e/" + name;
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The pass's bound (remarks) must cover the code generator's frame size
// (llvm-readelf --stack-sizes) of every function; for a split function the
// bound is the body's.
TEST(StackE2E, FrameBoundsCoverRealFrames) {
  std::map<std::string, long> bound;
  std::istringstream rs(Runfile("e2e_remarks.txt"));
  int nosplit = 0, big = 0, varargs = 0, wrapper = 0;
  for (std::string line; std::getline(rs, line);) {
    size_t c = line.find(": stack: ");
    size_t f = line.find("frame ");
    ASSERT_NE(c, std::string::npos) << line;
    ASSERT_NE(f, std::string::npos) << line;
    std::string fn = line.substr(0, c);
    bool split = line.find("(big frame: entry + body)") != std::string::npos;
    bound[split ? fn + "\xc2\xb7" + "body" : fn] = atol(line.c_str() + f + 6);
    nosplit += line.find("nosplit leaf") != std::string::npos;
    big += split;
    varargs += line.find("C varargs") != std::string::npos;
    wrapper += line.find("(recover wrapper)") != std::string::npos;
  }
  EXPECT_EQ(nosplit, 1); // e2e_add
  EXPECT_EQ(big, 1);     // e2e_big
  EXPECT_EQ(varargs, 1); // e2e_va_sum
  EXPECT_EQ(wrapper, 1); // e2e_deferred
  std::istringstream ss(Runfile("e2e_stack_sizes.txt"));
  int checked = 0;
  long sum_bound = 0, sum_real = 0;
  for (std::string line; std::getline(ss, line);) {
    std::istringstream ls(line);
    long size;
    std::string fn;
    if (!(ls >> size >> fn)) continue;
    auto it = bound.find(fn);
    if (it == bound.end()) continue;
    EXPECT_LE(size, it->second) << fn << ": real frame above the pass's bound";
    sum_bound += it->second;
    sum_real += size;
    checked++;
  }
  EXPECT_EQ(checked, (int)bound.size()) << "functions missing from --stack-sizes";
  printf("frame bound / real frame over %d functions: %ld / %ld bytes (%.1fx)\n", checked, sum_bound,
         sum_real, sum_real ? (double)sum_bound / (double)sum_real : 0.0);
}

} // namespace
