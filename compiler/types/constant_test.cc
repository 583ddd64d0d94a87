// constant_test.cc: exact constant arithmetic, literal conversion and
// representability (spec "Constants", "Representability").
#include <gtest/gtest.h>

#include <string>

#include "compiler/types/types.h"

namespace {

struct Ctx {
  TypesCtx *c = types_ctx_new();
  ~Ctx() {
    types_ctx_free(c);
  }
  Const *lit(int kind, const std::string &s) {
    const char *err = nullptr;
    return const_from_literal(c, kind, s.data(), s.size(), &err);
  }
  std::string str(Const *x) {
    return const_string_repr(c, x);
  }
};

TEST(Literal, IntegerForms) {
  Ctx t;
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "42")), "42");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "0x_FF")), "255");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "0b1010")), "10");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "0o17")), "15");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "017")), "15");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "1_000_000")), "1000000");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_INT, "123456789012345678901234567890")), "123456789012345678901234567890");
  EXPECT_EQ(const_kind(t.lit(SYN_LIT_INT, "09")), CONST_UNKNOWN);
}

TEST(Literal, FloatForms) {
  Ctx t;
  Const *x = t.lit(SYN_LIT_FLOAT, "0x1p-2");
  bool exact = false;
  EXPECT_EQ(const_float64_val(x, &exact), 0.25);
  EXPECT_TRUE(exact);
  EXPECT_EQ(const_float64_val(t.lit(SYN_LIT_FLOAT, "1_5.2_5e1"), &exact), 152.5);
  EXPECT_EQ(const_float64_val(t.lit(SYN_LIT_FLOAT, ".5"), &exact), 0.5);
  EXPECT_EQ(const_float64_val(t.lit(SYN_LIT_FLOAT, "0x1.8p1"), &exact), 3.0);
  // 0.1 is exact as a rational, not as a double
  const_float64_val(t.lit(SYN_LIT_FLOAT, "0.1"), &exact);
  EXPECT_FALSE(exact);
  // huge exponents leave the rationals (MPFR) and still compare
  Const *big = t.lit(SYN_LIT_FLOAT, "1e1000000");
  EXPECT_EQ(const_kind(big), CONST_FLOAT);
  EXPECT_TRUE(const_compare(big, SYN_OP_GTR, t.lit(SYN_LIT_FLOAT, "1e308")));
  EXPECT_FALSE(const_representable(t.c, big, FLOAT64, nullptr));
}

TEST(Literal, RunesAndStrings) {
  Ctx t;
  int64_t v;
  EXPECT_TRUE(const_int64_val(t.lit(SYN_LIT_RUNE, "'a'"), &v));
  EXPECT_EQ(v, 97);
  EXPECT_TRUE(const_int64_val(t.lit(SYN_LIT_RUNE, "'\\n'"), &v));
  EXPECT_EQ(v, 10);
  EXPECT_TRUE(const_int64_val(t.lit(SYN_LIT_RUNE, "'\\u00e9'"), &v));
  EXPECT_EQ(v, 0xe9);
  EXPECT_TRUE(const_int64_val(t.lit(SYN_LIT_RUNE, "'\\377'"), &v));
  EXPECT_EQ(v, 255);
  EXPECT_TRUE(const_int64_val(t.lit(SYN_LIT_RUNE, "'日'"), &v));
  EXPECT_EQ(v, 0x65e5);
  EXPECT_EQ(const_kind(t.lit(SYN_LIT_RUNE, "'\\uD800'")), CONST_UNKNOWN);
  size_t n;
  const char *s = const_string_val(t.lit(SYN_LIT_STRING, "\"a\\x00b\\u00e9\""), &n);
  EXPECT_EQ(std::string(s, n), std::string("a\0b\xc3\xa9", 5));
  s = const_string_val(t.lit(SYN_LIT_STRING, "`a\r\nb`"), &n);
  EXPECT_EQ(std::string(s, n), "a\nb");
  EXPECT_EQ(t.str(t.lit(SYN_LIT_STRING, "\"q\\\"\"")), "\"q\\\"\"");
}

TEST(Literal, Imaginary) {
  Ctx t;
  Const *x = t.lit(SYN_LIT_IMAG, "2.5i");
  EXPECT_EQ(const_kind(x), CONST_COMPLEX);
  bool exact;
  EXPECT_EQ(const_float64_val(const_imag(t.c, x), &exact), 2.5);
  EXPECT_EQ(const_float64_val(const_imag(t.c, t.lit(SYN_LIT_IMAG, "0123i")), &exact), 123.0);
}

TEST(Arith, ExactRationals) {
  Ctx t;
  // 1/3*3 == 1 exactly
  Const *third = const_binary(t.c, t.lit(SYN_LIT_FLOAT, "1.0"), SYN_OP_DIV, t.lit(SYN_LIT_INT, "3"), false);
  Const *one = const_binary(t.c, third, SYN_OP_MUL, t.lit(SYN_LIT_INT, "3"), false);
  EXPECT_TRUE(const_compare(one, SYN_OP_EQL, const_int64(t.c, 1)));
  // integer division truncates toward zero, remainder has the dividend's sign
  Const *q = const_binary(t.c, const_int64(t.c, -7), SYN_OP_DIV, const_int64(t.c, 2), true);
  Const *r = const_binary(t.c, const_int64(t.c, -7), SYN_OP_REM, const_int64(t.c, 2), true);
  EXPECT_EQ(t.str(q), "-3");
  EXPECT_EQ(t.str(r), "-1");
  EXPECT_EQ(const_binary(t.c, const_int64(t.c, 1), SYN_OP_DIV, const_int64(t.c, 0), true), nullptr);
  EXPECT_EQ(t.str(const_binary(t.c, const_int64(t.c, 6), SYN_OP_ANDNOT, const_int64(t.c, 3), true)), "4");
  // complex
  Const *i = t.lit(SYN_LIT_IMAG, "1i");
  Const *m1 = const_binary(t.c, i, SYN_OP_MUL, i, false);
  EXPECT_TRUE(const_compare(const_real(t.c, m1), SYN_OP_EQL, const_int64(t.c, -1)));
}

// gc keeps big.Float's int32 exponents: 1e646456992 is finite, so the
// quotient is 10 (test/fixedbugs/issue11326b.go), while a literal below
// MPFR's default range is 0 (issue20227's division by zero).
TEST(Arith, HugeExponents) {
  Ctx t;
  Const *n = t.lit(SYN_LIT_FLOAT, "1e646456992");
  Const *d = t.lit(SYN_LIT_FLOAT, "1e646456991");
  Const *q = const_binary(t.c, n, SYN_OP_DIV, d, false);
  ASSERT_NE(q, nullptr);
  bool exact = false;
  EXPECT_EQ(const_float64_val(q, &exact), 10.0);
  EXPECT_EQ(const_sign(t.lit(SYN_LIT_FLOAT, "1e-600000000")), 0);
  // no Go integer holds it, and it is not turned into a rational first
  EXPECT_EQ(const_kind(const_to_int(t.c, n)), CONST_UNKNOWN);
}

TEST(Arith, ShiftsAndComplement) {
  Ctx t;
  Const *x = const_shift(t.c, const_int64(t.c, 1), SYN_OP_SHL, 100);
  EXPECT_EQ(t.str(x), "1267650600228229401496703205376");
  EXPECT_EQ(const_bitlen(x), 101u);
  EXPECT_EQ(t.str(const_shift(t.c, const_int64(t.c, -5), SYN_OP_SHR, 1)), "-3");
  // ^uint8(1) == 254, ^1 == -2 (untyped)
  EXPECT_EQ(t.str(const_unary(t.c, SYN_OP_XOR, const_int64(t.c, 1), 8, true)), "254");
  EXPECT_EQ(t.str(const_unary(t.c, SYN_OP_XOR, const_int64(t.c, 1), 0, false)), "-2");
}

TEST(Representable, IntegerRanges) {
  Ctx t;
  EXPECT_TRUE(const_representable(t.c, const_int64(t.c, 255), UINT8, nullptr));
  EXPECT_FALSE(const_representable(t.c, const_int64(t.c, 256), UINT8, nullptr));
  EXPECT_FALSE(const_representable(t.c, const_int64(t.c, -1), UINT, nullptr));
  EXPECT_TRUE(const_representable(t.c, const_int64(t.c, -128), INT8, nullptr));
  EXPECT_FALSE(const_representable(t.c, const_int64(t.c, -129), INT8, nullptr));
  EXPECT_TRUE(const_representable(t.c, t.lit(SYN_LIT_INT, "18446744073709551615"), UINT64, nullptr));
  EXPECT_FALSE(const_representable(t.c, t.lit(SYN_LIT_INT, "18446744073709551616"), UINT64, nullptr));
  EXPECT_FALSE(const_representable(t.c, t.lit(SYN_LIT_INT, "9223372036854775808"), INT64, nullptr));
  // floats with integral values are representable as integers, 1.5 is not
  EXPECT_TRUE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "1e3"), INT, nullptr));
  EXPECT_FALSE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "1.5"), INT, nullptr));
  EXPECT_FALSE(const_representable(t.c, const_string(t.c, "x", 1), INT, nullptr));
}

TEST(Representable, FloatRounding) {
  Ctx t;
  Const *r = nullptr;
  EXPECT_TRUE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "0.1"), FLOAT32, &r));
  bool exact;
  EXPECT_EQ(const_float64_val(r, &exact), (double)0.1f);
  EXPECT_FALSE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "1e39"), FLOAT32, nullptr));
  EXPECT_TRUE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "1e39"), FLOAT64, nullptr));
  EXPECT_FALSE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "1e309"), FLOAT64, nullptr));
  // tiny values round to zero rather than failing
  EXPECT_TRUE(const_representable(t.c, t.lit(SYN_LIT_FLOAT, "1e-400"), FLOAT64, nullptr));
  EXPECT_FALSE(const_representable(t.c, t.lit(SYN_LIT_IMAG, "1i"), FLOAT64, nullptr));
  EXPECT_TRUE(const_representable(t.c, t.lit(SYN_LIT_IMAG, "1i"), COMPLEX64, nullptr));
}

} // namespace
