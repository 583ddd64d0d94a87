// bytealg_test: runtime/str/bytealg.c, the bodyless functions of rog's
// internal/bytealg, called through their Go symbol names with abi.h
// [calls]' flattened parts, checked against the contract in
// runtime/go/internal/bytealg/bytealg.go (gc's behaviour).
#include <cstdint>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

extern "C" {
intptr_t IndexByte(const uint8_t *p, intptr_t n, intptr_t cap,
                   uint8_t c) __asm__("internal/bytealg.IndexByte");
intptr_t IndexByteString(const uint8_t *p, intptr_t n, uint8_t c) __asm__("internal/bytealg.IndexByteString");
intptr_t Count(const uint8_t *p, intptr_t n, intptr_t cap, uint8_t c) __asm__("internal/bytealg.Count");
intptr_t CountString(const uint8_t *p, intptr_t n, uint8_t c) __asm__("internal/bytealg.CountString");
bool Equal(const uint8_t *a, intptr_t na, intptr_t ca, const uint8_t *b, intptr_t nb,
           intptr_t cb) __asm__("internal/bytealg.Equal");
intptr_t Compare(const uint8_t *a, intptr_t na, intptr_t ca, const uint8_t *b, intptr_t nb,
                 intptr_t cb) __asm__("internal/bytealg.Compare");
intptr_t Index(const uint8_t *a, intptr_t na, intptr_t ca, const uint8_t *b, intptr_t nb,
               intptr_t cb) __asm__("internal/bytealg.Index");
intptr_t IndexString(const uint8_t *a, intptr_t na, const uint8_t *b,
                     intptr_t nb) __asm__("internal/bytealg.IndexString");
}

namespace {

const uint8_t *U(const std::string &s) {
  return reinterpret_cast<const uint8_t *>(s.data());
}
intptr_t N(const std::string &s) {
  return static_cast<intptr_t>(s.size());
}

TEST(Bytealg, IndexByte) {
  std::string s = "hello, world";
  EXPECT_EQ(IndexByte(U(s), N(s), N(s), 'o'), 4);
  EXPECT_EQ(IndexByteString(U(s), N(s), 'd'), 11);
  EXPECT_EQ(IndexByteString(U(s), N(s), 'z'), -1);
  EXPECT_EQ(IndexByte(nullptr, 0, 0, 'a'), -1); // nil slice
  std::string big(1000, 'a');
  big[777] = 0;
  EXPECT_EQ(IndexByteString(U(big), N(big), 0), 777);
}

TEST(Bytealg, Count) {
  std::string s = "cheese";
  EXPECT_EQ(Count(U(s), N(s), N(s), 'e'), 3);
  EXPECT_EQ(CountString(U(s), N(s), 'x'), 0);
  EXPECT_EQ(CountString(nullptr, 0, 'x'), 0);
  std::string big(4096, 'q');
  EXPECT_EQ(CountString(U(big), N(big), 'q'), 4096);
}

TEST(Bytealg, EqualAndCompare) {
  std::string a = "abc", b = "abd", p = "ab";
  EXPECT_TRUE(Equal(U(a), 3, 3, U(std::string("abc")), 3, 3));
  EXPECT_FALSE(Equal(U(a), 3, 3, U(b), 3, 3));
  EXPECT_FALSE(Equal(U(a), 3, 3, U(p), 2, 2));
  EXPECT_TRUE(Equal(nullptr, 0, 0, U(a), 0, 3)); // nil and empty are equal
  EXPECT_EQ(Compare(U(a), 3, 3, U(b), 3, 3), -1);
  EXPECT_EQ(Compare(U(b), 3, 3, U(a), 3, 3), 1);
  EXPECT_EQ(Compare(U(p), 2, 2, U(a), 3, 3), -1); // a proper prefix sorts first
  EXPECT_EQ(Compare(U(a), 3, 3, U(a), 3, 3), 0);
  EXPECT_EQ(Compare(nullptr, 0, 0, nullptr, 0, 0), 0);
  std::string hi = "\xff", lo = "\x01";
  EXPECT_EQ(Compare(U(hi), 1, 1, U(lo), 1, 1), 1); // bytes are unsigned
}

TEST(Bytealg, Index) {
  std::string s = "the quick brown fox";
  EXPECT_EQ(IndexString(U(s), N(s), U(std::string("fox")), 3), 16);
  EXPECT_EQ(IndexString(U(s), N(s), U(std::string("the")), 3), 0);
  EXPECT_EQ(IndexString(U(s), N(s), U(std::string("foxes")), 5), -1);
  EXPECT_EQ(IndexString(U(s), N(s), U(s), N(s)), 0);
  EXPECT_EQ(IndexString(U(s), N(s), nullptr, 0), 0);
  std::string q = "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq";
  std::string hay = q + q + "qqr";
  EXPECT_EQ(Index(U(hay), N(hay), N(hay), U(q + "r"), N(q) + 1, N(q) + 1), N(hay) - N(q) - 1);
  EXPECT_EQ(Index(U(hay), 10, 10, U(q), N(q), N(q)), -1); // longer than the haystack
}

} // namespace
