/*
 * constant.c: exact constant values for the type checker.
 *
 * Representation
 * --------------
 * A Const is immutable once built. Numbers are exact rationals (GMP mpq_t):
 * integers are rationals with denominator 1 (kind CONST_INT), floats are
 * arbitrary rationals (CONST_FLOAT), complex values are two rationals
 * (CONST_COMPLEX). Every literal of Go's syntax (decimal, hex, octal and
 * binary integers, decimal and hex floats, imaginary literals) denotes a
 * rational, so constant expressions stay exact as the spec asks.
 * The exception are floats whose exponent is so large that the rational
 * would take megabytes (1e1000000000): they become MPFR numbers with a
 * 512-bit mantissa (flag `big`), and arithmetic involving one is done in
 * MPFR. Integers that grow beyond 512 bits are the checker's business
 * ("constant overflow"), as in gc.
 *
 * Strings: a concatenation of two long strings is a rope node (left,
 * right, total length) whose bytes are made on first use (sbytes).
 * Generated tables are written as one constant of thousands of "..." +
 * "..." pieces (time/tzdata's 450 KB zipdata): copying at every + made
 * the checker allocate O(n^2) bytes (1.7 GB for that one constant); with
 * ropes only the values someone reads are flattened. Rejected: appending
 * in place into a shared buffer with spare capacity (the bytes of an
 * intermediate value would lose their NUL terminator, which
 * const_string_val promises).
 *
 * Ownership: every Const lives in a TypesCtx; its GMP/MPFR storage is
 * registered with the context and cleared by types_ctx_free.
 *
 * Rejected alternatives: a fixed 256-bit integer type (the spec's minimum)
 * would still need a float representation and correct rounding to
 * float32/float64; GMP's mpq plus MPFR's correctly rounded conversions
 * (mpfr_set_q, then mpfr_get_d) give both for free.
 */
#include <ctype.h>
#include <gmp.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

#define BIG_PREC 512
/* MPFR's default exponent range (2^30 bits) turns 1e646456992 into Inf
 * (test/fixedbugs/issue11326b.go's n / d was NaN); gc's big.Float keeps
 * int32 exponents, and so does every MPFR value here: big_range sets the
 * calling thread's range (MPFR's range is per thread) before a big value
 * is made. Only int32 (not MPFR's maximum): values beyond gc's range stay
 * infinities, which the checker reports as overflows without computing
 * with them. */
/* Decimal/binary exponents beyond this make a float an MPFR value. */
#define MAX_EXACT_EXP 4000

struct Const {
  uint8_t kind;
  bool b;
  bool big;     /* CONST_FLOAT held in f (MPFR) instead of re */
  bool has_num; /* re/im initialized */
  char *s;      /* NULL for a rope not yet flattened */
  size_t slen;
  const Const *left, *right; /* rope: s == left + right */
  TypesCtx *ctx;             /* rope: where sbytes allocates */
  mpq_t re, im;
  mpfr_t f;
};

static void big_range(void) {
  static _Thread_local bool set;
  if (set) return;
  set = true;
  mpfr_set_emax(2147483647L);
  mpfr_set_emin(-2147483647L - 1);
}

static Const *newc(TypesCtx *c, ConstKind k) {
  if (k == CONST_FLOAT || k == CONST_COMPLEX) big_range();
  Const *x = types_alloc(c, sizeof *x);
  x->kind = (uint8_t)k;
  if (k == CONST_INT || k == CONST_FLOAT || k == CONST_COMPLEX) {
    mpq_init(x->re);
    mpq_init(x->im);
    x->has_num = true;
    types_ctx_track_const(c, x);
  }
  return x;
}

void types_const_clear(Const *x) {
  if (x->has_num) {
    mpq_clear(x->re);
    mpq_clear(x->im);
  }
  if (x->big) mpfr_clear(x->f);
  x->has_num = false;
  x->big = false;
}

ConstKind const_kind(const Const *x) {
  return x ? (ConstKind)x->kind : CONST_UNKNOWN;
}
Const *const_unknown(TypesCtx *c) {
  return newc(c, CONST_UNKNOWN);
}

Const *const_bool(TypesCtx *c, bool b) {
  Const *x = newc(c, CONST_BOOL);
  x->b = b;
  return x;
}

Const *const_string(TypesCtx *c, const char *s, size_t n) {
  Const *x = newc(c, CONST_STRING);
  x->s = types_alloc(c, n + 1);
  memcpy(x->s, s, n);
  x->slen = n;
  return x;
}

Const *const_int64(TypesCtx *c, int64_t v) {
  Const *x = newc(c, CONST_INT);
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", (long long)v);
  mpq_set_str(x->re, buf, 10);
  return x;
}

Const *const_uint64(TypesCtx *c, uint64_t v) {
  Const *x = newc(c, CONST_INT);
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
  mpq_set_str(x->re, buf, 10);
  return x;
}

Const *const_float64(TypesCtx *c, double v) {
  Const *x = newc(c, CONST_FLOAT);
  mpq_set_d(x->re, v);
  return x;
}

static Const *mk_num(TypesCtx *c, ConstKind k, const mpq_t re, const mpq_t im) {
  Const *x = newc(c, k);
  mpq_set(x->re, re);
  if (im) mpq_set(x->im, im);
  return x;
}

/* Normalizes: a float with integer value stays float (kinds matter for
 * untyped constants); a complex is kept as is. */

bool const_bool_val(const Const *x) {
  return x && x->kind == CONST_BOOL && x->b;
}

/* Copies the bytes of string constant x to dst (ropes: left spine
 * iteratively, right children recursively; their depth is bounded by the
 * parser's nesting limit). */
static void copy_string(char *dst, const Const *x) {
  while (!x->s) {
    copy_string(dst + x->left->slen, x->right);
    x = x->left;
  }
  memcpy(dst, x->s, x->slen);
}

/* The bytes of a string constant, flattening a rope once (the cached
 * pointer does not change the value, so the Const stays immutable). */
static const char *sbytes(const Const *x) {
  if (!x->s) {
    char *buf = types_alloc(x->ctx, x->slen + 1);
    copy_string(buf, x);
    ((Const *)x)->s = buf;
  }
  return x->s;
}

const char *const_string_val(const Const *x, size_t *len) {
  if (!x || x->kind != CONST_STRING) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = x->slen;
  return sbytes(x);
}

/* A big value too large to make exact: beyond MPFR's default exponent
 * range (2^30), where it was an infinity before big_range. Arithmetic on
 * it is exact enough (1e646456992 / 1e646456991 == 10), but conversions
 * to an exact rational treat it as the infinity it was: the rational
 * would take hundreds of megabytes to compute, for a value no Go type can
 * hold. */
static bool too_big_for_exact(mpfr_srcptr f) {
  return mpfr_inf_p(f) || (mpfr_number_p(f) && !mpfr_zero_p(f) && mpfr_get_exp(f) > (1L << 30) - 1);
}

/* mpfr_get_q, with too_big_for_exact values as MPFR converts infinities
 * (0, and the erange flag). */
static void big_get_q(mpq_ptr q, mpfr_srcptr f) {
  if (too_big_for_exact(f)) {
    mpq_set_ui(q, 0, 1);
    return;
  }
  mpfr_get_q(q, f);
}

static bool is_int_valued(const Const *x) {
  if (x->kind == CONST_INT) return true;
  if (x->kind == CONST_FLOAT) {
    if (x->big) return !too_big_for_exact(x->f) && mpfr_integer_p(x->f);
    return mpz_cmp_ui(mpq_denref(x->re), 1) == 0;
  }
  if (x->kind == CONST_COMPLEX) return mpq_sgn(x->im) == 0 && mpz_cmp_ui(mpq_denref(x->re), 1) == 0;
  return false;
}

bool const_int64_val(const Const *x, int64_t *v) {
  if (!x || x->kind != CONST_INT) return false;
  mpz_srcptr z = mpq_numref(x->re);
  if (!mpz_fits_slong_p(z)) return false;
  *v = mpz_get_si(z);
  return true;
}

bool const_uint64_val(const Const *x, uint64_t *v) {
  if (!x || x->kind != CONST_INT) return false;
  mpz_srcptr z = mpq_numref(x->re);
  if (mpz_sgn(z) < 0 || !mpz_fits_ulong_p(z)) return false;
  *v = mpz_get_ui(z);
  return true;
}

double const_float64_val(const Const *x, bool *exact) {
  mpfr_t f;
  mpfr_init2(f, 53);
  int t = 0;
  if (x->big)
    t = mpfr_set(f, x->f, MPFR_RNDN);
  else if (x->kind == CONST_INT || x->kind == CONST_FLOAT || x->kind == CONST_COMPLEX)
    t = mpfr_set_q(f, x->re, MPFR_RNDN);
  double d = mpfr_get_d(f, MPFR_RNDN);
  mpfr_clear(f);
  if (exact) *exact = t == 0;
  return d;
}

/* ---- literals ------------------------------------------------------------ */

static int digit_val(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return 99;
}

/* Parses an integer or float literal (no 'i') into an exact rational or
 * (huge exponent) an MPFR value. */
static Const *parse_number(TypesCtx *c, const char *s, size_t n, const char **err) {
  int base = 10;
  size_t i = 0;
  bool is_float = false;
  if (n >= 2 && s[0] == '0') {
    char b = (char)tolower((unsigned char)s[1]);
    if (b == 'x') {
      base = 16;
      i = 2;
    } else if (b == 'b') {
      base = 2;
      i = 2;
    } else if (b == 'o') {
      base = 8;
      i = 2;
    }
  }
  /* collect mantissa digits */
  char *digits = malloc(n + 2);
  size_t nd = 0;
  long frac_digits = 0;
  bool seen_dot = false;
  for (; i < n; i++) {
    char ch = s[i];
    if (ch == '_') continue;
    if (ch == '.') {
      seen_dot = true;
      is_float = true;
      continue;
    }
    if (base == 16 && (ch == 'p' || ch == 'P')) break;
    if (base == 10 && (ch == 'e' || ch == 'E')) break;
    if (digit_val((unsigned char)ch) >= (base == 10 ? 10 : base)) {
      free(digits);
      *err = "invalid digit in numeric literal";
      return const_unknown(c);
    }
    digits[nd++] = ch;
    if (seen_dot) frac_digits++;
  }
  digits[nd] = 0;
  long exp = 0;
  bool exp_overflow = false;
  if (i < n) {
    is_float = true;
    i++;
    int sign = 1;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      sign = s[i] == '-' ? -1 : 1;
      i++;
    }
    for (; i < n; i++) {
      if (s[i] == '_') continue;
      if (s[i] < '0' || s[i] > '9') {
        free(digits);
        *err = "invalid exponent";
        return const_unknown(c);
      }
      if (exp > 100000000000L)
        exp_overflow = true;
      else
        exp = exp * 10 + (s[i] - '0');
    }
    exp *= sign;
  }
  /* Octal legacy: 0777 (an int without dot/exponent, base 10 parse with leading 0). */
  int zbase = base;
  if (!is_float && base == 10 && nd > 1 && digits[0] == '0') {
    zbase = 8;
    for (size_t k = 0; k < nd; k++)
      if (digits[k] > '7') {
        free(digits);
        *err = "invalid digit in octal literal";
        return const_unknown(c);
      }
  }
  mpz_t m;
  mpz_init(m);
  if (nd == 0 || mpz_set_str(m, digits, zbase) != 0) mpz_set_ui(m, 0);
  free(digits);
  if (!is_float) {
    Const *x = newc(c, CONST_INT);
    mpq_set_z(x->re, m);
    mpz_clear(m);
    return x;
  }
  /* value = m * base^(-frac_digits) * (10 or 2)^exp */
  long e10 = 0, e2 = 0;
  if (base == 10)
    e10 = exp - frac_digits;
  else if (base == 16)
    e2 = exp - 4 * frac_digits;
  else
    e2 = exp - (base == 8 ? 3 : 1) * frac_digits;
  Const *x = newc(c, CONST_FLOAT);
  if (exp_overflow || e10 > MAX_EXACT_EXP || e10 < -MAX_EXACT_EXP || e2 > 8 * MAX_EXACT_EXP ||
      e2 < -8 * MAX_EXACT_EXP) {
    mpfr_init2(x->f, BIG_PREC);
    x->big = true;
    if (mpz_sgn(m) == 0) {
      mpfr_set_ui(x->f, 0, MPFR_RNDN);
    } else {
      mpfr_t t;
      mpfr_init2(t, BIG_PREC);
      mpfr_set_z(x->f, m, MPFR_RNDN);
      if (exp_overflow) e10 = exp < 0 ? -2000000000L : 2000000000L;
      if (e10) {
        mpfr_set_ui(t, 10, MPFR_RNDN);
        mpfr_pow_si(t, t, e10, MPFR_RNDN);
        mpfr_mul(x->f, x->f, t, MPFR_RNDN);
      } else {
        mpfr_mul_2si(x->f, x->f, e2, MPFR_RNDN);
      }
      mpfr_clear(t);
      /* below MPFR's default range a literal is 0, as it was before
         big_range: gc's checker sees 1e-600000000's square underflow and
         reports `1 / 1e-600000000i` as a division by zero
         (test/fixedbugs/issue20227.go), which only a zero divisor gives
         here */
      if (mpfr_number_p(x->f) && !mpfr_zero_p(x->f) && mpfr_get_exp(x->f) < -(1L << 30))
        mpfr_set_zero(x->f, mpfr_sgn(x->f));
    }
    mpz_clear(m);
    return x;
  }
  mpz_t p;
  mpz_init(p);
  mpq_set_z(x->re, m);
  if (e10) {
    mpz_ui_pow_ui(p, 10, (unsigned long)(e10 < 0 ? -e10 : e10));
  } else {
    mpz_set_ui(p, 1);
    mpz_mul_2exp(p, p, (mp_bitcnt_t)(e2 < 0 ? -e2 : e2));
  }
  mpq_t q;
  mpq_init(q);
  mpq_set_z(q, p);
  if ((e10 ? e10 : e2) < 0)
    mpq_div(x->re, x->re, q);
  else
    mpq_mul(x->re, x->re, q);
  mpq_clear(q);
  mpz_clear(p);
  mpz_clear(m);
  return x;
}

/* Decodes one UTF-8 rune; returns bytes consumed (>= 1). */
static int utf8_decode(const unsigned char *p, size_t n, uint32_t *r) {
  if (p[0] < 0x80) {
    *r = p[0];
    return 1;
  }
  int len = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 1;
  if ((size_t)len > n || len == 1) {
    *r = 0xFFFD;
    return 1;
  }
  uint32_t v = p[0] & (0x7F >> len);
  for (int k = 1; k < len; k++) {
    if ((p[k] & 0xC0) != 0x80) {
      *r = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (p[k] & 0x3F);
  }
  *r = v;
  return len;
}

/* Decodes one escape or character starting at s[*i] in a quoted literal.
 * Writes either a rune (*is_byte false) or a raw byte. Returns false on a
 * malformed escape. */
static bool unquote_char(const char *s, size_t n, size_t *i, char quote, uint32_t *r, bool *is_byte) {
  *is_byte = false;
  unsigned char ch = (unsigned char)s[*i];
  if (ch != '\\') {
    int k = utf8_decode((const unsigned char *)s + *i, n - *i, r);
    *i += (size_t)k;
    return true;
  }
  if (*i + 1 >= n) return false;
  char e = s[*i + 1];
  *i += 2;
  switch (e) {
  case 'a':
    *r = 7;
    return true;
  case 'b':
    *r = 8;
    return true;
  case 'f':
    *r = 12;
    return true;
  case 'n':
    *r = 10;
    return true;
  case 'r':
    *r = 13;
    return true;
  case 't':
    *r = 9;
    return true;
  case 'v':
    *r = 11;
    return true;
  case '\\':
    *r = '\\';
    return true;
  case '\'':
  case '"':
    if (e != quote) return false;
    *r = (uint32_t)e;
    return true;
  case 'x':
  case 'u':
  case 'U': {
    int nd = e == 'x' ? 2 : e == 'u' ? 4 : 8;
    uint32_t v = 0;
    for (int k = 0; k < nd; k++) {
      if (*i >= n || digit_val((unsigned char)s[*i]) > 15) return false;
      v = v * 16 + (uint32_t)digit_val((unsigned char)s[(*i)++]);
    }
    *r = v;
    if (e == 'x')
      *is_byte = true;
    else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
      return false;
    return true;
  }
  default:
    if (e >= '0' && e <= '7') {
      uint32_t v = (uint32_t)(e - '0');
      for (int k = 0; k < 2; k++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '7') return false;
        v = v * 8 + (uint32_t)(s[(*i)++] - '0');
      }
      if (v > 255) return false;
      *r = v;
      *is_byte = true;
      return true;
    }
    return false;
  }
}

Const *const_from_literal(TypesCtx *c, int lit_kind, const char *s, size_t n, const char **err) {
  const char *dummy;
  if (!err) err = &dummy;
  *err = NULL;
  switch (lit_kind) {
  case SYN_LIT_INT:
  case SYN_LIT_FLOAT:
    return parse_number(c, s, n, err);
  case SYN_LIT_IMAG: {
    if (n == 0 || s[n - 1] != 'i') {
      *err = "malformed imaginary literal";
      return const_unknown(c);
    }
    /* "0123i" is decimal for backwards compatibility: parse as float. */
    Const *m;
    bool all_dec = true;
    for (size_t k = 0; k + 1 < n; k++)
      if (!(isdigit((unsigned char)s[k]) || s[k] == '_')) all_dec = false;
    if (all_dec && n > 2 && s[0] == '0') {
      char *t = malloc(n + 1);
      memcpy(t, s, n - 1);
      t[n - 1] = '.';
      m = parse_number(c, t, n, err);
      free(t);
    } else {
      m = parse_number(c, s, n - 1, err);
    }
    if (m->kind == CONST_UNKNOWN) return m;
    Const *x = newc(c, CONST_COMPLEX);
    if (m->big)
      big_get_q(x->im, m->f);
    else
      mpq_set(x->im, m->re);
    return x;
  }
  case SYN_LIT_RUNE: {
    if (n < 3 || s[0] != '\'' || s[n - 1] != '\'') {
      *err = "malformed rune literal";
      return const_unknown(c);
    }
    size_t i = 1;
    uint32_t r;
    bool isb;
    if (!unquote_char(s, n - 1, &i, '\'', &r, &isb) || i != n - 1) {
      *err = "malformed rune literal";
      return const_unknown(c);
    }
    return const_int64(c, r);
  }
  case SYN_LIT_STRING: {
    if (n < 2) {
      *err = "malformed string literal";
      return const_unknown(c);
    }
    if (s[0] == '`') {
      /* raw: drop carriage returns */
      char *buf = malloc(n);
      size_t m = 0;
      for (size_t k = 1; k + 1 < n; k++)
        if (s[k] != '\r') buf[m++] = s[k];
      Const *x = const_string(c, buf, m);
      free(buf);
      return x;
    }
    char *buf = malloc(n * 4 + 4);
    size_t m = 0, i = 1;
    while (i < n - 1) {
      uint32_t r;
      bool isb;
      if (!unquote_char(s, n - 1, &i, '"', &r, &isb)) {
        free(buf);
        *err = "malformed string literal";
        return const_unknown(c);
      }
      if (isb)
        buf[m++] = (char)r;
      else
        m += syn_utf8_encode(buf + m, r);
    }
    Const *x = const_string(c, buf, m);
    free(buf);
    return x;
  }
  }
  *err = "unknown literal kind";
  return const_unknown(c);
}

/* ---- conversions between kinds ---------------------------------------------- */

Const *const_to_int(TypesCtx *c, const Const *x) {
  if (!x) return const_unknown(c);
  if (x->kind == CONST_INT) return (Const *)x;
  if ((x->kind == CONST_FLOAT || x->kind == CONST_COMPLEX) && is_int_valued(x)) {
    Const *r = newc(c, CONST_INT);
    if (x->big)
      big_get_q(r->re, x->f);
    else
      mpq_set(r->re, x->re);
    return r;
  }
  if (x->kind == CONST_FLOAT && !x->big) {
    /* gc: a float very close to an integer (within float64 rounding)
     * counts as that integer, e.g. 1e100/1e98 computed exactly is exact
     * anyway; keep the strict rule. */
  }
  return const_unknown(c);
}

Const *const_to_float(TypesCtx *c, const Const *x) {
  if (!x) return const_unknown(c);
  if (x->kind == CONST_FLOAT) return (Const *)x;
  if (x->kind == CONST_INT) return mk_num(c, CONST_FLOAT, x->re, NULL);
  if (x->kind == CONST_COMPLEX && mpq_sgn(x->im) == 0) return mk_num(c, CONST_FLOAT, x->re, NULL);
  return const_unknown(c);
}

static void get_q(const Const *x, mpq_t out) {
  if (x->big)
    big_get_q(out, x->f);
  else
    mpq_set(out, x->re);
}

Const *const_to_complex(TypesCtx *c, const Const *x) {
  if (!x) return const_unknown(c);
  if (x->kind == CONST_COMPLEX) return (Const *)x;
  if (x->kind == CONST_INT || x->kind == CONST_FLOAT) {
    Const *r = newc(c, CONST_COMPLEX);
    get_q(x, r->re);
    return r;
  }
  return const_unknown(c);
}

Const *const_real(TypesCtx *c, const Const *x) {
  if (x->kind == CONST_INT || x->kind == CONST_FLOAT) return (Const *)x;
  if (x->kind != CONST_COMPLEX) return const_unknown(c);
  return mk_num(c, CONST_FLOAT, x->re, NULL);
}

Const *const_imag(TypesCtx *c, const Const *x) {
  if (x->kind == CONST_INT || x->kind == CONST_FLOAT) return const_int64(c, 0);
  if (x->kind != CONST_COMPLEX) return const_unknown(c);
  return mk_num(c, CONST_FLOAT, x->im, NULL);
}

Const *const_make_complex(TypesCtx *c, const Const *re, const Const *im) {
  if (const_kind(re) < CONST_INT || const_kind(im) < CONST_INT || re->kind == CONST_COMPLEX ||
      im->kind == CONST_COMPLEX)
    return const_unknown(c);
  Const *r = newc(c, CONST_COMPLEX);
  get_q(re, r->re);
  get_q(im, r->im);
  return r;
}

/* ---- arithmetic ---------------------------------------------------------- */

static int max_kind(int a, int b) {
  return a > b ? a : b;
}

/* Both as MPFR (for big floats). */
static void to_mpfr(const Const *x, mpfr_t out) {
  if (x->big)
    mpfr_set(out, x->f, MPFR_RNDN);
  else
    mpfr_set_q(out, x->re, MPFR_RNDN);
}

Const *const_unary(TypesCtx *c, int op, const Const *x, int prec, bool is_unsigned) {
  if (!x || x->kind == CONST_UNKNOWN) return const_unknown(c);
  switch (op) {
  case SYN_OP_ADD:
    if (x->kind >= CONST_INT) return (Const *)x;
    break;
  case SYN_OP_SUB:
    if (x->kind >= CONST_INT) {
      Const *r = newc(c, (ConstKind)x->kind);
      if (x->big) {
        mpfr_init2(r->f, BIG_PREC);
        r->big = true;
        mpfr_neg(r->f, x->f, MPFR_RNDN);
      } else {
        mpq_neg(r->re, x->re);
        mpq_neg(r->im, x->im);
      }
      return r;
    }
    break;
  case SYN_OP_XOR:
    if (x->kind == CONST_INT) {
      Const *r = newc(c, CONST_INT);
      mpz_t z;
      mpz_init(z);
      mpz_com(z, mpq_numref(x->re));
      if (is_unsigned && prec > 0) {
        mpz_t mask;
        mpz_init_set_ui(mask, 1);
        mpz_mul_2exp(mask, mask, (mp_bitcnt_t)prec);
        mpz_sub_ui(mask, mask, 1);
        mpz_and(z, z, mask);
        mpz_clear(mask);
      }
      mpq_set_z(r->re, z);
      mpz_clear(z);
      return r;
    }
    break;
  case SYN_OP_NOT:
    if (x->kind == CONST_BOOL) return const_bool(c, !x->b);
    break;
  }
  return const_unknown(c);
}

Const *const_binary(TypesCtx *c, const Const *x, int op, const Const *y, bool int_div) {
  if (!x || !y || x->kind == CONST_UNKNOWN || y->kind == CONST_UNKNOWN) return const_unknown(c);
  if (x->kind == CONST_BOOL && y->kind == CONST_BOOL) {
    if (op == SYN_OP_ANDAND) return const_bool(c, x->b && y->b);
    if (op == SYN_OP_OROR) return const_bool(c, x->b || y->b);
    return const_unknown(c);
  }
  if (x->kind == CONST_STRING && y->kind == CONST_STRING) {
    if (op != SYN_OP_ADD) return const_unknown(c);
    Const *r = newc(c, CONST_STRING);
    r->slen = x->slen + y->slen;
    if (r->slen > 256) { /* a rope: see the top of the file */
      r->left = x;
      r->right = y;
      r->ctx = c;
      return r;
    }
    r->s = types_alloc(c, r->slen + 1);
    memcpy(r->s, sbytes(x), x->slen);
    memcpy(r->s + x->slen, sbytes(y), y->slen);
    return r;
  }
  if (x->kind < CONST_INT || y->kind < CONST_INT) return const_unknown(c);
  int k = max_kind(x->kind, y->kind);
  if (k == CONST_INT) {
    mpz_srcptr a = mpq_numref(x->re), b = mpq_numref(y->re);
    Const *r = newc(c, CONST_INT);
    mpz_t z;
    mpz_init(z);
    switch (op) {
    case SYN_OP_ADD:
      mpz_add(z, a, b);
      break;
    case SYN_OP_SUB:
      mpz_sub(z, a, b);
      break;
    case SYN_OP_MUL:
      mpz_mul(z, a, b);
      break;
    case SYN_OP_DIV:
      if (mpz_sgn(b) == 0) {
        mpz_clear(z);
        return NULL;
      }
      if (int_div) {
        mpz_tdiv_q(z, a, b);
      } else {
        mpz_clear(z);
        Const *f = newc(c, CONST_FLOAT);
        mpq_div(f->re, x->re, y->re);
        return f;
      }
      break;
    case SYN_OP_REM:
      if (mpz_sgn(b) == 0) {
        mpz_clear(z);
        return NULL;
      }
      mpz_tdiv_r(z, a, b);
      break;
    case SYN_OP_AND:
      mpz_and(z, a, b);
      break;
    case SYN_OP_OR:
      mpz_ior(z, a, b);
      break;
    case SYN_OP_XOR:
      mpz_xor(z, a, b);
      break;
    case SYN_OP_ANDNOT: {
      mpz_t t;
      mpz_init(t);
      mpz_com(t, b);
      mpz_and(z, a, t);
      mpz_clear(t);
      break;
    }
    default:
      mpz_clear(z);
      return const_unknown(c);
    }
    mpq_set_z(r->re, z);
    mpz_clear(z);
    return r;
  }
  if (k == CONST_FLOAT) {
    if (op == SYN_OP_DIV && const_sign(y) == 0) return NULL;
    if (x->big || y->big) {
      Const *r = newc(c, CONST_FLOAT);
      mpfr_init2(r->f, BIG_PREC);
      r->big = true;
      mpfr_t a, b;
      mpfr_inits2(BIG_PREC, a, b, (mpfr_ptr)0);
      to_mpfr(x, a);
      to_mpfr(y, b);
      switch (op) {
      case SYN_OP_ADD:
        mpfr_add(r->f, a, b, MPFR_RNDN);
        break;
      case SYN_OP_SUB:
        mpfr_sub(r->f, a, b, MPFR_RNDN);
        break;
      case SYN_OP_MUL:
        mpfr_mul(r->f, a, b, MPFR_RNDN);
        break;
      case SYN_OP_DIV:
        mpfr_div(r->f, a, b, MPFR_RNDN);
        break;
      default:
        mpfr_clears(a, b, (mpfr_ptr)0);
        return const_unknown(c);
      }
      mpfr_clears(a, b, (mpfr_ptr)0);
      /* Back to exact when the result is modest. */
      if (mpfr_number_p(r->f) && (mpfr_zero_p(r->f) || (mpfr_get_exp(r->f) < 4 * MAX_EXACT_EXP &&
                                                        mpfr_get_exp(r->f) > -4 * MAX_EXACT_EXP))) {
        mpfr_get_q(r->re, r->f);
        mpfr_clear(r->f);
        r->big = false;
      }
      return r;
    }
    Const *r = newc(c, CONST_FLOAT);
    switch (op) {
    case SYN_OP_ADD:
      mpq_add(r->re, x->re, y->re);
      break;
    case SYN_OP_SUB:
      mpq_sub(r->re, x->re, y->re);
      break;
    case SYN_OP_MUL:
      mpq_mul(r->re, x->re, y->re);
      break;
    case SYN_OP_DIV:
      mpq_div(r->re, x->re, y->re);
      break;
    default:
      return const_unknown(c);
    }
    return r;
  }
  /* complex */
  Const *cx = const_to_complex(c, x), *cy = const_to_complex(c, y);
  Const *r = newc(c, CONST_COMPLEX);
  mpq_t t1, t2;
  mpq_init(t1);
  mpq_init(t2);
  switch (op) {
  case SYN_OP_ADD:
    mpq_add(r->re, cx->re, cy->re);
    mpq_add(r->im, cx->im, cy->im);
    break;
  case SYN_OP_SUB:
    mpq_sub(r->re, cx->re, cy->re);
    mpq_sub(r->im, cx->im, cy->im);
    break;
  case SYN_OP_MUL:
    mpq_mul(t1, cx->re, cy->re);
    mpq_mul(t2, cx->im, cy->im);
    mpq_sub(r->re, t1, t2);
    mpq_mul(t1, cx->re, cy->im);
    mpq_mul(t2, cx->im, cy->re);
    mpq_add(r->im, t1, t2);
    break;
  case SYN_OP_DIV: {
    mpq_t d;
    mpq_init(d);
    mpq_mul(t1, cy->re, cy->re);
    mpq_mul(t2, cy->im, cy->im);
    mpq_add(d, t1, t2);
    if (mpq_sgn(d) == 0) {
      mpq_clear(d);
      mpq_clear(t1);
      mpq_clear(t2);
      return NULL;
    }
    mpq_mul(t1, cx->re, cy->re);
    mpq_mul(t2, cx->im, cy->im);
    mpq_add(r->re, t1, t2);
    mpq_div(r->re, r->re, d);
    mpq_mul(t1, cx->im, cy->re);
    mpq_mul(t2, cx->re, cy->im);
    mpq_sub(r->im, t1, t2);
    mpq_div(r->im, r->im, d);
    mpq_clear(d);
    break;
  }
  default:
    mpq_clear(t1);
    mpq_clear(t2);
    return const_unknown(c);
  }
  mpq_clear(t1);
  mpq_clear(t2);
  return r;
}

Const *const_shift(TypesCtx *c, const Const *x, int op, uint64_t s) {
  if (!x || x->kind != CONST_INT) return const_unknown(c);
  Const *r = newc(c, CONST_INT);
  mpz_t z;
  mpz_init(z);
  if (op == SYN_OP_SHL)
    mpz_mul_2exp(z, mpq_numref(x->re), (mp_bitcnt_t)s);
  else
    mpz_fdiv_q_2exp(z, mpq_numref(x->re), (mp_bitcnt_t)s);
  mpq_set_z(r->re, z);
  mpz_clear(z);
  return r;
}

int const_sign(const Const *x) {
  if (!x) return 0;
  if (x->big) return mpfr_sgn(x->f);
  if (x->kind == CONST_COMPLEX) return mpq_sgn(x->re) | mpq_sgn(x->im);
  if (x->kind >= CONST_INT) return mpq_sgn(x->re);
  return 0;
}

size_t const_bitlen(const Const *x) {
  if (!x || x->kind != CONST_INT) return 0;
  if (mpz_sgn(mpq_numref(x->re)) == 0) return 0;
  return mpz_sizeinbase(mpq_numref(x->re), 2);
}

static int cmp_num(const Const *x, const Const *y) {
  if (x->big || y->big) {
    mpfr_t a, b;
    mpfr_inits2(BIG_PREC, a, b, (mpfr_ptr)0);
    to_mpfr(x, a);
    to_mpfr(y, b);
    int r = mpfr_cmp(a, b);
    mpfr_clears(a, b, (mpfr_ptr)0);
    return r;
  }
  return mpq_cmp(x->re, y->re);
}

bool const_compare(const Const *x, int op, const Const *y) {
  if (!x || !y || x->kind == CONST_UNKNOWN || y->kind == CONST_UNKNOWN) return false;
  int r;
  if (x->kind == CONST_BOOL && y->kind == CONST_BOOL) {
    if (op == SYN_OP_EQL) return x->b == y->b;
    if (op == SYN_OP_NEQ) return x->b != y->b;
    return false;
  }
  if (x->kind == CONST_STRING && y->kind == CONST_STRING) {
    size_t n = x->slen < y->slen ? x->slen : y->slen;
    r = memcmp(sbytes(x), sbytes(y), n);
    if (r == 0) r = x->slen < y->slen ? -1 : x->slen > y->slen;
  } else if (x->kind >= CONST_INT && y->kind >= CONST_INT) {
    if (x->kind == CONST_COMPLEX || y->kind == CONST_COMPLEX) {
      bool eq = !x->big && !y->big && mpq_equal(x->re, y->re) && mpq_equal(x->im, y->im);
      if (op == SYN_OP_EQL) return eq;
      if (op == SYN_OP_NEQ) return !eq;
      return false;
    }
    r = cmp_num(x, y);
  } else {
    return false;
  }
  switch (op) {
  case SYN_OP_EQL:
    return r == 0;
  case SYN_OP_NEQ:
    return r != 0;
  case SYN_OP_LSS:
    return r < 0;
  case SYN_OP_LEQ:
    return r <= 0;
  case SYN_OP_GTR:
    return r > 0;
  case SYN_OP_GEQ:
    return r >= 0;
  }
  return false;
}

/* ---- representability ----------------------------------------------------- */

static bool int_fits(mpz_srcptr z, int bits, bool is_unsigned) {
  if (is_unsigned) {
    if (mpz_sgn(z) < 0) return false;
    return mpz_sizeinbase(z, 2) <= (size_t)bits || mpz_sgn(z) == 0;
  }
  if (mpz_sgn(z) == 0) return true;
  /* -2^(bits-1) <= z < 2^(bits-1) */
  mpz_t lim;
  mpz_init_set_ui(lim, 1);
  mpz_mul_2exp(lim, lim, (mp_bitcnt_t)(bits - 1));
  bool ok;
  if (mpz_sgn(z) > 0) {
    ok = mpz_cmp(z, lim) < 0;
  } else {
    mpz_neg(lim, lim);
    ok = mpz_cmp(z, lim) >= 0;
  }
  mpz_clear(lim);
  return ok;
}

/* Rounds v to a float of `bits` mantissa bits with the exponent range of
 * float32/float64; returns false on overflow. */
static bool round_float(const Const *x, const mpq_t v, bool use_big, int bits, mpq_t out) {
  mpfr_t f;
  mpfr_init2(f, bits);
  if (use_big)
    mpfr_set(f, x->f, MPFR_RNDN);
  else
    mpfr_set_q(f, v, MPFR_RNDN);
  bool ok = true;
  double d = bits == 24 ? (double)mpfr_get_flt(f, MPFR_RNDN) : mpfr_get_d(f, MPFR_RNDN);
  if (d == __builtin_inf() || d == -__builtin_inf() || d != d)
    ok = false;
  else
    mpq_set_d(out, d);
  mpfr_clear(f);
  return ok;
}

bool const_representable(TypesCtx *c, const Const *x, int basic, Const **rounded) {
  if (rounded) *rounded = (Const *)x;
  if (!x || x->kind == CONST_UNKNOWN) return true; /* errors were reported already */
  switch (basic) {
  case BOOL:
  case UNTYPED_BOOL:
    return x->kind == CONST_BOOL;
  case STRING:
  case UNTYPED_STRING:
    return x->kind == CONST_STRING;
  default:
    break;
  }
  if (x->kind < CONST_INT) return false;
  int bits = 0;
  bool uns = false;
  switch (basic) {
  case INT:
  case INT64:
    bits = 64;
    break;
  case INT8:
    bits = 8;
    break;
  case INT16:
    bits = 16;
    break;
  case INT32:
    bits = 32;
    break;
  case UINT:
  case UINT64:
  case UINTPTR:
    bits = 64;
    uns = true;
    break;
  case UINT8:
    bits = 8;
    uns = true;
    break;
  case UINT16:
    bits = 16;
    uns = true;
    break;
  case UINT32:
    bits = 32;
    uns = true;
    break;
  case UNTYPED_INT:
  case UNTYPED_RUNE:
    bits = -1;
    break;
  default:
    break;
  }
  if (bits) {
    if (!is_int_valued(x)) return false;
    Const *i = const_to_int(c, x);
    if (bits > 0 && !int_fits(mpq_numref(i->re), bits, uns)) return false;
    if (rounded) *rounded = i;
    return true;
  }
  switch (basic) {
  case FLOAT32:
  case FLOAT64: {
    if (x->kind == CONST_COMPLEX && mpq_sgn(x->im) != 0) return false;
    Const *r = newc(c, CONST_FLOAT);
    if (!round_float(x, x->re, x->big, basic == FLOAT32 ? 24 : 53, r->re)) return false;
    if (rounded) *rounded = r;
    return true;
  }
  case UNTYPED_FLOAT:
    if (x->kind == CONST_COMPLEX && mpq_sgn(x->im) != 0) return false;
    if (rounded) *rounded = const_to_float(c, x);
    return true;
  case COMPLEX64:
  case COMPLEX128: {
    int b = basic == COMPLEX64 ? 24 : 53;
    Const *cx = const_to_complex(c, x);
    Const *r = newc(c, CONST_COMPLEX);
    if (!round_float(x, cx->re, x->big, b, r->re) || !round_float(x, cx->im, false, b, r->im)) return false;
    if (rounded) *rounded = r;
    return true;
  }
  case UNTYPED_COMPLEX:
    if (rounded) *rounded = const_to_complex(c, x);
    return true;
  default:
    return false;
  }
}

/* ---- formatting ------------------------------------------------------------ */

static char *fmt_float(TypesCtx *c, const Const *x, const mpq_t q, bool big) {
  char buf[128];
  if (!big && mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_sizeinbase(mpq_numref(q), 10) < 20) {
    /* integral float: print as integer */
    char *s = mpz_get_str(NULL, 10, mpq_numref(q));
    char *r = types_strdup(c, s, strlen(s));
    free(s);
    return r;
  }
  mpfr_t f;
  mpfr_init2(f, 64);
  if (big)
    mpfr_set(f, x->f, MPFR_RNDN);
  else
    mpfr_set_q(f, q, MPFR_RNDN);
  mpfr_snprintf(buf, sizeof buf, "%.6Rg", f);
  mpfr_clear(f);
  /* Go prints exponents with at least two digits and an explicit sign: 1e+100 */
  return types_strdup(c, buf, strlen(buf));
}

char *const_string_repr(TypesCtx *c, const Const *x) {
  if (!x) return "unknown";
  switch (x->kind) {
  case CONST_BOOL:
    return x->b ? "true" : "false";
  case CONST_STRING: {
    /* quoted, shortened to 72 bytes like go/constant */
    size_t cap = x->slen * 4 + 8;
    char *buf = types_alloc(c, cap < 200 ? 200 : cap);
    size_t m = 0;
    buf[m++] = '"';
    for (size_t i = 0; i < x->slen; i++) {
      unsigned char ch = (unsigned char)sbytes(x)[i];
      if (m > 70) {
        memcpy(buf + m - 3, "...", 3);
        break;
      }
      if (ch == '"' || ch == '\\') {
        buf[m++] = '\\';
        buf[m++] = (char)ch;
      } else if (ch == '\n') {
        buf[m++] = '\\';
        buf[m++] = 'n';
      } else if (ch == '\t') {
        buf[m++] = '\\';
        buf[m++] = 't';
      } else if (ch < 0x20 || ch == 0x7f) {
        m += (size_t)sprintf(buf + m, "\\x%02x", ch);
      } else {
        buf[m++] = (char)ch;
      }
    }
    buf[m++] = '"';
    buf[m] = 0;
    return buf;
  }
  case CONST_INT: {
    char *s = mpz_get_str(NULL, 10, mpq_numref(x->re));
    char *r = types_strdup(c, s, strlen(s));
    free(s);
    return r;
  }
  case CONST_FLOAT:
    return fmt_float(c, x, x->re, x->big);
  case CONST_COMPLEX: {
    char *re = fmt_float(c, x, x->re, false);
    char *im = fmt_float(c, x, x->im, false);
    size_t n = strlen(re) + strlen(im) + 8;
    char *buf = types_alloc(c, n);
    snprintf(buf, n, "(%s + %si)", re, im);
    return buf;
  }
  }
  return "unknown";
}

/* ---- exact text form (export data) ------------------------------------------------ */

/* Rationals as "num/den" in base 16 (mpq_get_str), MPFR values as "%Ra"
 * (hexadecimal mantissa, binary exponent): both round-trip exactly. */
static void put_q(TypesCtx *c, char **out, size_t *n, size_t *cap, mpq_srcptr q) {
  char *s = mpq_get_str(NULL, 16, q);
  size_t k = strlen(s);
  if (*n + k + 2 > *cap) {
    size_t nc = (*n + k + 2) * 2;
    char *nb = types_alloc(c, nc);
    if (*n) memcpy(nb, *out, *n);
    *out = nb;
    *cap = nc;
  }
  memcpy(*out + *n, s, k);
  *n += k;
  (*out)[(*n)++] = ' ';
  (*out)[*n] = 0;
  void (*freefn)(void *, size_t);
  mp_get_memory_functions(NULL, NULL, &freefn);
  freefn(s, k + 1);
}

char *const_encode(TypesCtx *c, const Const *x, size_t *len) {
  char *out = NULL;
  size_t n = 0, cap = 0;
  if (!x) x = const_unknown(c);
  switch (x->kind) {
  case CONST_BOOL:
    out = types_strdup(c, x->b ? "b1" : "b0", 2);
    n = 2;
    break;
  case CONST_STRING: {
    const char *s = sbytes(x);
    out = types_alloc(c, x->slen + 2);
    out[0] = 's';
    memcpy(out + 1, s, x->slen);
    n = x->slen + 1;
    break;
  }
  case CONST_INT:
  case CONST_FLOAT:
  case CONST_COMPLEX:
    if (x->big) {
      char *s = NULL;
      mpfr_asprintf(&s, "F%Ra", x->f);
      n = strlen(s);
      out = types_strdup(c, s, n);
      mpfr_free_str(s);
      break;
    }
    cap = 64;
    out = types_alloc(c, cap);
    out[n++] = x->kind == CONST_INT ? 'i' : x->kind == CONST_FLOAT ? 'f' : 'c';
    put_q(c, &out, &n, &cap, x->re);
    if (x->kind == CONST_COMPLEX) put_q(c, &out, &n, &cap, x->im);
    break;
  default:
    out = types_strdup(c, "u", 1);
    n = 1;
    break;
  }
  *len = n;
  return out;
}

Const *const_decode(TypesCtx *c, const char *s, size_t n) {
  if (n == 0) return const_unknown(c);
  switch (s[0]) {
  case 'b':
    return const_bool(c, n > 1 && s[1] == '1');
  case 's':
    return const_string(c, s + 1, n - 1);
  case 'i':
  case 'f':
  case 'c': {
    Const *x = newc(c, s[0] == 'i' ? CONST_INT : s[0] == 'f' ? CONST_FLOAT : CONST_COMPLEX);
    char *tmp = types_strdup(c, s + 1, n - 1);
    char *sp = strchr(tmp, ' ');
    if (!sp) return const_unknown(c);
    *sp = 0;
    if (mpq_set_str(x->re, tmp, 16) != 0) return const_unknown(c);
    mpq_canonicalize(x->re);
    if (x->kind == CONST_COMPLEX) {
      char *im = sp + 1, *sp2 = strchr(im, ' ');
      if (!sp2) return const_unknown(c);
      *sp2 = 0;
      if (mpq_set_str(x->im, im, 16) != 0) return const_unknown(c);
      mpq_canonicalize(x->im);
    }
    return x;
  }
  case 'F': {
    Const *x = newc(c, CONST_FLOAT);
    char *tmp = types_strdup(c, s + 1, n - 1);
    mpfr_init2(x->f, BIG_PREC);
    x->big = true;
    mpfr_strtofr(x->f, tmp, NULL, 0, MPFR_RNDN);
    return x;
  }
  default:
    return const_unknown(c);
  }
}
