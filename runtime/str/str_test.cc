// Tests for runtime/str: print formats and slice/string results compared
// with gc 1.19's output (testdata/*.go, run by gc into testdata/*.out),
// plus the panics of makeslice/growslice through runtime/panic.
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "rog/abi.h"
#include "runtime/panic/panic.h"
#include "runtime/sched/testutil.h"
#include "runtime/str/str.h"
#include "gtest/gtest.h"

namespace {

std::string ReadFile(const char *path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs fn with fd 2 redirected to a file; returns what it wrote.
template <typename F> std::string CaptureStderr(F fn) {
  char path[] = "/tmp/str_test_XXXXXX";
  int fd = mkstemp(path);
  int saved = dup(2);
  dup2(fd, 2);
  fn();
  dup2(saved, 2);
  close(saved);
  close(fd);
  std::string out = ReadFile(path);
  unlink(path);
  return out;
}

const uint8_t *U(const char *s) {
  return reinterpret_cast<const uint8_t *>(s);
}

void PrintS(const char *s) {
  rog_printstring(U(s), (intptr_t)strlen(s));
}

TEST(Print, MatchesGc) {
  std::string got = CaptureStderr([] {
    double z = 0.0, nz = -z;
    rog_printlock();
    rog_printbool(true), rog_printsp(), rog_printbool(false), rog_printnl();
    rog_printunlock();
    rog_printlock();
    rog_printint(0), rog_printsp(), rog_printint(1), rog_printsp(), rog_printint(-1), rog_printsp();
    rog_printint(INT64_MAX), rog_printsp(), rog_printint(INT64_MIN), rog_printnl();
    rog_printuint(UINT64_MAX), rog_printsp(), rog_printuint(255), rog_printnl();
    rog_printunlock();
    rog_printlock();
    double fs[] = {1.5, -2.25, z, nz, 1e100, 1e-100, 3.14159265358979, 123456789.0};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
      if (i) rog_printsp();
      rog_printfloat(fs[i]);
    }
    rog_printnl();
    rog_printfloat(z / z), rog_printsp(), rog_printfloat(1 / z), rog_printsp(), rog_printfloat(-1 / z);
    rog_printsp(), rog_printfloat(9.9999999), rog_printsp(), rog_printfloat(0.00012345678), rog_printnl();
    rog_printfloat((double)0.1f), rog_printsp(), rog_printfloat((double)16777216.0f), rog_printnl();
    rog_printcomplex(1.5, -2), rog_printsp(), rog_printcomplex(z, nz), rog_printnl();
    rog_printpointer(nullptr), rog_printsp(), rog_printslice(nullptr, 0, 0), rog_printsp();
    rog_printiface(nullptr, nullptr), rog_printsp(), rog_printpointer(nullptr), rog_printnl();
    PrintS("h\xc3\xa9llo"), rog_printsp(), PrintS(""), rog_printnl();
    PrintS("a"), rog_printint(1), PrintS("b"), rog_printfloat(2.5), PrintS("\n");
    rog_printuint(0xdeadbeef), rog_printnl();
    rog_printunlock();
  });
  EXPECT_EQ(got, ReadFile("runtime/str/testdata/print.out"));
}

TEST(Print, HexAndNesting) {
  std::string got = CaptureStderr([] {
    rog_printlock();
    rog_printlock(); // nests, as gc's printlock does
    rog_printhex(0), rog_printsp(), rog_printhex(0xabcdef), rog_printsp();
    rog_printslice(reinterpret_cast<void *>(0x1000), 3, 4);
    rog_printunlock();
    rog_printnl();
    rog_printunlock();
    rog_printunlock(); // unbalanced: ignored
  });
  EXPECT_EQ(got, "0x0 0xabcdef [3/4]0x1000\n");
}

TEST(Strings, ConcatAndCompare) {
  rog_string parts[3] = {{U("ab"), 2}, {U(""), 0}, {U("cde"), 3}};
  uint8_t buf[32];
  rog_string s = rog_concatstrings(buf, parts, 3);
  EXPECT_EQ(std::string((const char *)s.ptr, s.len), "abcde");
  EXPECT_EQ(s.ptr, buf); // fits the caller's buffer
  s = rog_concatstrings(nullptr, parts, 3);
  EXPECT_NE(s.ptr, buf);
  EXPECT_EQ(std::string((const char *)s.ptr, s.len), "abcde");
  rog_string one[2] = {{U(""), 0}, {U("xyz"), 3}};
  s = rog_concatstrings(nullptr, one, 2);
  EXPECT_EQ(s.ptr, one[1].ptr); // a single operand is the result itself
  s = rog_concatstrings(nullptr, one, 1);
  EXPECT_EQ(s.len, 0);
  EXPECT_EQ(rog_cmpstring(U("abc"), 3, U("abd"), 3), -1);
  EXPECT_EQ(rog_cmpstring(U("abc"), 3, U("ab"), 2), 1);
  EXPECT_EQ(rog_cmpstring(U("ab"), 2, U("ab"), 2), 0);
  EXPECT_EQ(rog_cmpstring(U("\xff"), 1, U("a"), 1), 1); // bytes are unsigned
  EXPECT_EQ(rog_cmpstring(nullptr, 0, U("a"), 1), -1);
}

TEST(Strings, Conversions) {
  rog_string s = rog_slicebytetostring(nullptr, U("x"), 1);
  EXPECT_EQ(s.len, 1);
  EXPECT_EQ(s.ptr[0], 'x');
  EXPECT_EQ(rog_slicebytetostring(nullptr, U("x"), 1).ptr, s.ptr); // static single bytes
  s = rog_slicebytetostring(nullptr, U("hello"), 5);
  EXPECT_EQ(std::string((const char *)s.ptr, s.len), "hello");
  int32_t runes[] = {0x68, 0xE9, -1, 0xD800, 0x10FFFF, 0x110000};
  s = rog_slicerunetostring(nullptr, runes, 6);
  EXPECT_EQ(std::string((const char *)s.ptr, s.len),
            "h\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xf4\x8f\xbf\xbf\xef\xbf\xbd");
  rog_slice r = rog_stringtoslicerune(nullptr, s.ptr, s.len);
  ASSERT_EQ(r.len, 6);
  const int32_t *rp = static_cast<const int32_t *>(r.ptr);
  EXPECT_EQ(rp[2], 0xFFFD);
  EXPECT_EQ(rp[4], 0x10FFFF);
  EXPECT_EQ(r.cap, 6); // 24 bytes: gc has a 24-byte class
  uint8_t b4[4];
  s = rog_intstring(b4, 0x41);
  EXPECT_EQ(s.ptr, b4);
  EXPECT_EQ(std::string((const char *)s.ptr, s.len), "A");
}

std::string Cap(rog_slice s) {
  return std::to_string(s.cap) + " ";
}

// Growth sequence of appending one element at a time, like slices.go.
std::string Growth(const rog_type *t, int n) {
  std::string out;
  rog_slice s = {nullptr, 0, 0};
  for (int i = 0; i < n; i++) {
    if (s.len == s.cap) {
      s = rog_growslice(t, s.ptr, s.len, s.cap, s.len + 1);
      out += Cap(s);
    } else {
      s.len++;
    }
  }
  return out + "\n";
}

std::string DecodeLine(const std::string &str) {
  const uint8_t *p = U(str.c_str());
  intptr_t n = (intptr_t)str.size();
  std::string out;
  for (intptr_t k = 0; k < n;) {
    int32_t r;
    intptr_t next;
    if (p[k] < 0x80) {
      r = p[k];
      next = k + 1;
    } else {
      rog_decoderune_result d = rog_decoderune(p, n, k);
      r = d.r;
      next = d.k;
    }
    out += std::to_string(k) + ":" + std::to_string(r) + " ";
    k = next;
  }
  rog_slice rs = rog_stringtoslicerune(nullptr, p, n);
  rog_string back = rog_slicerunetostring(nullptr, static_cast<int32_t *>(rs.ptr), rs.len);
  bool same = back.len == n && (n == 0 || memcmp(back.ptr, p, n) == 0);
  return out + "| " + std::to_string(rs.len) + (same ? " true\n" : " false\n");
}

TEST(Slices, MatchGc) {
  static const rog_type int64_t_ = {8, 0, 0, 0, 8, 8, ROG_KIND_INT64, nullptr, nullptr, 0, 0};
  static const rog_type byte_t = {1, 0, 0, 0, 1, 1, ROG_KIND_UINT8, nullptr, nullptr, 0, 0};
  static const rog_type three_t = {3, 0, 0, 0, 1, 1, ROG_KIND_ARRAY, nullptr, nullptr, 0, 0};
  std::string got = Growth(&int64_t_, 2000) + Growth(&byte_t, 5000) + Growth(&three_t, 3000);
  int64_t three[3] = {1, 2, 3};
  rog_slice x = rog_growslice(&int64_t_, three, 3, 3, 13);
  rog_slice y = rog_growslice(&byte_t, rog_makeslice(&byte_t, 5, 5), 5, 5, 305);
  got += std::to_string(x.cap) + " " + std::to_string(y.cap) + "\n";
  EXPECT_EQ(static_cast<int64_t *>(x.ptr)[2], 3);
  EXPECT_EQ(static_cast<int64_t *>(x.ptr)[12], 0);
  for (int n : {0, 1, 5, 8, 9, 31, 32, 33, 100, 1000, 40000}) {
    std::string bytes(n, '\0');
    uint8_t buf[32];
    // gc's escape analysis gives these a stack buffer up to 32 bytes
    rog_slice b = rog_stringtoslicebyte(n <= 32 ? buf : nullptr, U(bytes.data()), n);
    got += Cap(b);
  }
  got += "\n";
  for (const char *s : {"", "abc", "h\xc3\xa9llo, \xe4\xb8\x96\xe7\x95\x8c", "\xff",
                        "a\xc0\x80"
                        "b",
                        "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xf0\x9f\x98\x80x", "\xc2"})
    got += DecodeLine(s);
  for (int64_t v : {65ll, -1ll, 0xD800ll, 0x10FFFFll, 0x110000ll, 0x80000000ll, 233ll}) {
    rog_string s = rog_intstring(nullptr, v);
    got += std::to_string(s.len) + " " + std::string((const char *)s.ptr, s.len) + " ";
  }
  got += "\n";
  EXPECT_EQ(got, ReadFile("runtime/str/testdata/slices.out"));
}

TEST(Slices, RoundUpSize) {
  EXPECT_EQ(str_roundupsize(0), 0u);
  EXPECT_EQ(str_roundupsize(1), 8u);
  EXPECT_EQ(str_roundupsize(1025), 1152u);
  EXPECT_EQ(str_roundupsize(32768), 32768u);
  EXPECT_EQ(str_roundupsize(32769), 40960u);
  EXPECT_EQ(str_roundupsize(UINTPTR_MAX - 10), UINTPTR_MAX - 10);
}

// The message of a recovered panic raised by fn (run on a goroutine).
std::string RecoveredMessage(void (*fn)(void));

struct CatchCtx {
  void (*fn)(void);
  rog_iface r;
};
CatchCtx *catch_ctx;

void RecoverClosureBody(void) {
  catch_ctx->r = rog_gorecover(__builtin_frame_address(1));
}
const rog_closure recover_closure = {RecoverClosureBody};

__attribute__((noinline)) void CatchFrame(void) {
  rog_defer_frame fr;
  fr.results = nullptr;
  rog_defer_enter(&fr);
  if (rog_setjmp(fr.jmpbuf) != 0) {
    rog_defer_return(&fr);
    return;
  }
  rog_defer_push(&fr, &recover_closure);
  catch_ctx->fn();
  rog_defer_return(&fr);
}

std::string RecoveredMessage(void (*fn)(void)) {
  static CatchCtx ctx;
  ctx = {fn, {nullptr, nullptr}};
  catch_ctx = &ctx;
  RunMain([] { CatchFrame(); });
  if (ctx.r.tab != &panic_cerror_type) return "<no runtime error>";
  const panic_cerror *e = static_cast<const panic_cerror *>(ctx.r.data);
  return std::string((const char *)e->msg.ptr, e->msg.len);
}

TEST(Slices, Panics) {
  static const rog_type int64_t_ = {8, 0, 0, 0, 8, 8, ROG_KIND_INT64, nullptr, nullptr, 0, 0};
  static const rog_type *t = &int64_t_;
  static rog_type big = int64_t_;
  big.size = (uintptr_t)1 << 40;
  EXPECT_EQ(RecoveredMessage([] { rog_makeslice(t, -1, 10); }), "makeslice: len out of range");
  EXPECT_EQ(RecoveredMessage([] { rog_makeslice(t, 5, 4); }), "makeslice: cap out of range");
  EXPECT_EQ(RecoveredMessage([] { rog_makeslice(t, 1, (intptr_t)1 << 46); }), "makeslice: cap out of range");
  EXPECT_EQ(RecoveredMessage([] { rog_makeslice(&big, 1 << 10, 1 << 10); }), "makeslice: len out of range");
  EXPECT_EQ(RecoveredMessage([] { rog_growslice(&big, nullptr, 0, 0, 1 << 10); }),
            "growslice: cap out of range");
  EXPECT_EQ(RecoveredMessage([] { rog_makeslice(t, 0, 0); }), "<no runtime error>");
}

} // namespace

int main(int argc, char **argv) {
  rog_test_env();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
