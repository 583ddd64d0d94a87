// runtime/alg/alg_test.cc: hash and equality algorithms (alg.c).
//
// Every hashing property is checked under both implementations (AES when
// the CPU has it, and the portable one), through the parameterized fixture.
#include "runtime/alg/alg.h"
#include "runtime/map/testing/test_types.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace rogtest;

namespace {

class AlgImpl : public ::testing::TestWithParam<int> {
protected:
  void SetUp() override {
    saved_ = alg_impl();
    if (!alg_set_impl(GetParam())) GTEST_SKIP() << "CPU lacks this hash implementation";
  }
  void TearDown() override {
    alg_set_impl(saved_);
  }
  int saved_ = 0;
};

TEST_P(AlgImpl, SizedHashesAgreeWithMemhash) {
  for (uint64_t i = 0; i < 1000; i++) {
    uint64_t v = i * 0x9e3779b97f4a7c15ull;
    uint32_t w = (uint32_t)v;
    EXPECT_EQ(rog_memhash64(&v, i), rog_memhash(&v, i, 8));
    EXPECT_EQ(rog_memhash32(&w, i), rog_memhash(&w, i, 4));
  }
  std::string s = "hello, world, this is a longer string of more than 64 bytes, to use all lanes";
  for (size_t n = 0; n <= s.size(); n++) {
    rog_string rs{(const uint8_t *)s.data(), (intptr_t)n};
    EXPECT_EQ(rog_strhash(&rs, 7), rog_memhash(s.data(), 7, n)) << n;
  }
}

TEST_P(AlgImpl, ClosuresCallTheFunctions) {
  uint64_t v = 42;
  EXPECT_EQ(alg_call_hasher(&rog_memhash64_closure, &v, 3), rog_memhash64(&v, 3));
  VarlenClosure c{rog_memhash_varlen, 5};
  EXPECT_EQ(alg_call_hasher((const rog_closure *)&c, "abcdefgh", 9), rog_memhash("abcdefgh", 9, 5));
  VarlenClosure e{rog_memequal_varlen, 3};
  EXPECT_TRUE(alg_call_equal((const rog_closure *)&e, "abcX", "abcY"));
  EXPECT_FALSE(alg_call_equal((const rog_closure *)&e, "abcX", "abXY"));
  rog_string a = str("x"), b = str("x");
  EXPECT_TRUE(alg_call_equal(&rog_strequal_closure, &a, &b));
}

TEST_P(AlgImpl, EveryByteAndLengthMatters) {
  // Flipping any bit of inputs of every length 0..200 changes the hash; the
  // same bytes with a different length hash differently.
  std::vector<uint8_t> buf(256);
  for (size_t i = 0; i < buf.size(); i++)
    buf[i] = (uint8_t)(i * 7 + 1);
  std::set<uintptr_t> by_len;
  for (size_t n = 0; n <= 200; n++) {
    uintptr_t h = rog_memhash(buf.data(), 1, n);
    by_len.insert(h);
    for (size_t i = 0; i < n; i++) {
      buf[i] ^= 0x10;
      EXPECT_NE(rog_memhash(buf.data(), 1, n), h) << "n=" << n << " i=" << i;
      buf[i] ^= 0x10;
    }
  }
  EXPECT_EQ(by_len.size(), 201u);
}

TEST_P(AlgImpl, SeedMattersAndDistributionIsGood) {
  uint64_t v = 12345;
  EXPECT_NE(rog_memhash64(&v, 1), rog_memhash64(&v, 2));
  // 1<<16 sequential keys: no full collisions, and the low 10 bits (what a
  // small table uses) fill buckets evenly.
  std::set<uintptr_t> seen;
  std::vector<int> buckets(1024);
  for (uint64_t i = 0; i < (1 << 16); i++) {
    uintptr_t h = rog_memhash64(&i, 99);
    seen.insert(h);
    buckets[h & 1023]++;
  }
  EXPECT_EQ(seen.size(), 1u << 16);
  for (int b : buckets) {
    EXPECT_GT(b, 20); // mean 64
    EXPECT_LT(b, 120);
  }
}

TEST_P(AlgImpl, FloatsHashLikeGo) {
  double pz = 0.0, nz = -0.0, one = 1.0, nan = std::nan("");
  EXPECT_EQ(rog_f64hash(&pz, 5), rog_f64hash(&nz, 5));
  EXPECT_NE(rog_f64hash(&pz, 5), rog_f64hash(&one, 5));
  EXPECT_NE(rog_f64hash(&nan, 5), rog_f64hash(&nan, 5)); // random each time
  float fpz = 0.0f, fnz = -0.0f, fnan = std::nanf("");
  EXPECT_EQ(rog_f32hash(&fpz, 5), rog_f32hash(&fnz, 5));
  EXPECT_NE(rog_f32hash(&fnan, 5), rog_f32hash(&fnan, 5));
  double c1[2] = {0.0, 1.0}, c2[2] = {-0.0, 1.0}, c3[2] = {1.0, 0.0};
  EXPECT_EQ(rog_c128hash(c1, 3), rog_c128hash(c2, 3));
  EXPECT_NE(rog_c128hash(c1, 3), rog_c128hash(c3, 3));
  float f1[2] = {0.0f, 2.0f}, f2[2] = {-0.0f, 2.0f};
  EXPECT_EQ(rog_c64hash(f1, 3), rog_c64hash(f2, 3));
  EXPECT_TRUE(rog_f64equal(&pz, &nz));
  EXPECT_FALSE(rog_f64equal(&nan, &nan));
  EXPECT_TRUE(rog_c128equal(c1, c2));
}

INSTANTIATE_TEST_SUITE_P(Impls, AlgImpl, ::testing::Values(ALG_IMPL_AES, ALG_IMPL_PORTABLE),
                         [](const ::testing::TestParamInfo<int> &i) {
                           return std::string(i.param == ALG_IMPL_AES ? "aes" : "portable");
                         });

TEST(Alg, AesIsChosenWhenAvailable) {
#if defined(__x86_64__) || defined(__aarch64__)
  // Every amd64 CI machine and qemu's default arm64 CPU have AES.
  EXPECT_EQ(alg_impl(), ALG_IMPL_AES);
#endif
}

TEST(Alg, InterfaceHashUsesDynamicType) {
  Types *T = types();
  int64_t a = 7, b = 7, c = 8;
  rog_iface x{(void *)T->int64(), &a}, y{(void *)T->int64(), &b}, z{(void *)T->int64(), &c};
  EXPECT_EQ(rog_nilinterhash(&x, 1), rog_nilinterhash(&y, 1));
  EXPECT_NE(rog_nilinterhash(&x, 1), rog_nilinterhash(&z, 1));
  EXPECT_TRUE(rog_nilinterequal(&x, &y));
  EXPECT_FALSE(rog_nilinterequal(&x, &z));
  rog_iface nil{nullptr, nullptr};
  EXPECT_EQ(rog_nilinterhash(&nil, 77), 77u);
  EXPECT_TRUE(rog_nilinterequal(&nil, &nil));
  // Same bits, different dynamic types: equal hashes allowed, never equal.
  double d = 0;
  int64_t zero = 0;
  rog_iface fd{(void *)T->float64(), &d}, fi{(void *)T->int64(), &zero};
  EXPECT_FALSE(rog_nilinterequal(&fd, &fi));
  // Strings in interfaces hash by content.
  rog_string s1 = str("abc"), s2 = str("abc");
  std::string copy = "abc";
  s2.ptr = (const uint8_t *)copy.data();
  rog_iface i1{(void *)T->string(), &s1}, i2{(void *)T->string(), &s2};
  EXPECT_EQ(rog_nilinterhash(&i1, 1), rog_nilinterhash(&i2, 1));
  // Non-empty interfaces go through the itab's type.
  rog_itab tab{};
  tab.type = T->int64();
  rog_iface n1{&tab, &a}, n2{&tab, &b};
  EXPECT_EQ(rog_interhash(&n1, 4), rog_interhash(&n2, 4));
  EXPECT_TRUE(rog_interequal(&n1, &n2));
}

TEST(Alg, TypehashWalksStructsSkippingBlankFields) {
  Types *T = types();
  int64_t target = 1;
  Pair p1{str("k"), 1, &target, 5}, p2{str("k"), 2, &target, 5}, p3{str("k"), 1, &target, 6};
  EXPECT_EQ(rog_typehash(T->pair(), &p1, 9), rog_typehash(T->pair(), &p2, 9));
  EXPECT_NE(rog_typehash(T->pair(), &p1, 9), rog_typehash(T->pair(), &p3, 9));
  EXPECT_EQ(rog_typehash(T->pair(), &p1, 9), pair_hash(&p1, 9)); // matches the "compiled" hasher
  double nz = -0.0, pz = 0.0;
  EXPECT_EQ(rog_typehash(T->float64(), &nz, 1), rog_typehash(T->float64(), &pz, 1));
}

TEST(Alg, TypehashOfArraysAndInterfacesFollowsElements) {
  Types *T = types();
  static Named<rog_arraytype> arr; // [2]float64: hashed element by element
  basic(&arr, "[2]float64", 16, 0, 0, ROG_KIND_ARRAY, 0, nullptr);
  arr.d.elem = T->float64();
  arr.d.len = 2;
  double a[2] = {0.0, 1.5}, b[2] = {-0.0, 1.5}, c[2] = {1.5, 0.0};
  EXPECT_EQ(rog_typehash(&arr.d.typ, a, 3), rog_typehash(&arr.d.typ, b, 3));
  EXPECT_NE(rog_typehash(&arr.d.typ, a, 3), rog_typehash(&arr.d.typ, c, 3));
  // interface{} values: by dynamic type.
  int64_t x = 5, y = 5;
  rog_iface ex{(void *)T->int64(), &x}, ey{(void *)T->int64(), &y};
  EXPECT_EQ(rog_typehash(T->eface(), &ex, 1), rog_typehash(T->eface(), &ey, 1));
  EXPECT_EQ(rog_typehash(T->eface(), &ex, 1), rog_nilinterhash(&ex, 1));
}

TEST(Alg, TypeStringDecodesNames) {
  char buf[64];
  alg_type_string(types()->slice(), buf, sizeof buf);
  EXPECT_STREQ(buf, "[]int");
  alg_type_string(nullptr, buf, sizeof buf);
  EXPECT_STREQ(buf, "?");
}

TEST(AlgDeathTest, HashOfUnhashableTypePanics) {
  Types *T = types();
  rog_slice s{nullptr, 0, 0};
  rog_iface x{(void *)T->slice(), &s};
  EXPECT_EXIT(rog_nilinterhash(&x, 0), ::testing::ExitedWithCode(2),
              "panic: runtime error: hash of unhashable type \\[\\]int");
}

TEST(AlgDeathTest, ComparingUncomparableTypePanics) {
  Types *T = types();
  rog_slice s{nullptr, 0, 0};
  rog_iface x{(void *)T->slice(), &s}, y{(void *)T->slice(), &s};
  EXPECT_EXIT(rog_nilinterequal(&x, &y), ::testing::ExitedWithCode(2),
              "panic: runtime error: comparing uncomparable type \\[\\]int");
}

} // namespace
