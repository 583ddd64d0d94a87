/*
 * scanner.c: Go 1.19 tokens from bytes.
 *
 * Design
 * - The source is a NUL-terminated copy in the arena, so the scanner reads
 *   *p without bounds checks and treats NUL as "end or error" (p == end is
 *   EOF, any other NUL is "invalid NUL character").
 * - One switch on the first byte of a token; identifiers run over an ASCII
 *   class table, keywords are found by length and first byte (then memcmp):
 *   no hashing, no allocation. Non-ASCII characters are decoded only where
 *   they occur (identifiers: Unicode letters/digits via unicode_tables.c;
 *   strings and comments: UTF-8 validation).
 * - Automatic semicolons (spec "Semicolons"): after a line's final name,
 *   literal, break/continue/fallthrough/return, ++/--, ) ] }, a newline or
 *   EOF (or a multi-line block comment) yields T_SEMI with lit "newline" or
 *   "EOF"; an explicit ';' has lit "semicolon". This is what gc's messages
 *   ("unexpected newline") print.
 * - Literals keep their raw text; the scanner only validates them (digits
 *   valid for the base, '_' placement, escapes, rune length) and reports
 *   errors in gc's wording. Values are the type checker's job.
 * - Comments are skipped but (1) directives (//go:..., //export ...) are
 *   queued for the parser to attach to the next declaration, (2) //go:build
 *   and // +build before the package clause are collected per file,
 *   (3) //line and block-comment line directives create position bases (source.c),
 *   (4) the last comment group is remembered so the parser can take it as a
 *   doc comment.
 * Rejected: a generated DFA (re2c) — the hand-written switch is as fast and
 * keeps the error reporting readable; interning names here — the checker
 * knows better which names need tables.
 */
#include <string.h>

#include "ast.h"

extern const uint32_t syn_unicode_letters[][2];
extern const unsigned syn_unicode_letters_len;
extern const uint32_t syn_unicode_digits[][2];
extern const unsigned syn_unicode_digits_len;

static bool in_table(const uint32_t (*t)[2], unsigned n, uint32_t r) {
  unsigned lo = 0, hi = n;
  while (lo < hi) {
    unsigned m = (lo + hi) / 2;
    if (r < t[m][0])
      hi = m;
    else if (r > t[m][1])
      lo = m + 1;
    else
      return true;
  }
  return false;
}

bool syn_is_letter(uint32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_';
  return in_table(syn_unicode_letters, syn_unicode_letters_len, r);
}

bool syn_is_digit(uint32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return in_table(syn_unicode_digits, syn_unicode_digits_len, r);
}

/* Decodes one UTF-8 sequence at p (p < end). Returns the rune, or -1 for an
 * invalid encoding (then *size is 1). */
static int32_t decode_utf8(const unsigned char *p, const unsigned char *end, int *size) {
  unsigned c = p[0];
  *size = 1;
  if (c < 0x80) return (int32_t)c;
  int n;
  uint32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    r = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    r = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    r = c & 0x07;
    min = 0x10000;
  } else {
    return -1;
  }
  if (end - p < n) return -1;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return -1;
    r = (r << 6) | (p[i] & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return -1;
  *size = n;
  return (int32_t)r;
}

/* Formats r like Go's %#U: U+0041 'A'. */
/* Roughly strconv.IsPrint: graphic characters and U+0020 only. */
static bool printable(uint32_t r) {
  if (r < 0x20 || (r >= 0x7F && r <= 0xA0) || r == 0xAD || r >= 0x110000) return false;
  if ((r >= 0xD800 && r <= 0xDFFF) || (r & 0xFFFE) == 0xFFFE || (r >= 0xFDD0 && r <= 0xFDEF)) return false;
  if ((r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) || (r >= 0x205F && r <= 0x206F) ||
      r == 0x1680 || r == 0x3000 || r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB) ||
      (r >= 0xE000 && r <= 0xF8FF))
    return false;
  return true;
}

const char *syn_fmt_U(char *buf, size_t n, uint32_t r) {
  if (printable(r)) {
    char u[5] = {0};
    if (r < 0x80) {
      u[0] = (char)r;
    } else if (r < 0x800) {
      u[0] = (char)(0xC0 | (r >> 6));
      u[1] = (char)(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
      u[0] = (char)(0xE0 | (r >> 12));
      u[1] = (char)(0x80 | ((r >> 6) & 0x3F));
      u[2] = (char)(0x80 | (r & 0x3F));
    } else {
      u[0] = (char)(0xF0 | (r >> 18));
      u[1] = (char)(0x80 | ((r >> 12) & 0x3F));
      u[2] = (char)(0x80 | ((r >> 6) & 0x3F));
      u[3] = (char)(0x80 | (r & 0x3F));
    }
    snprintf(buf, n, "U+%04X '%s'", r, u);
  } else {
    snprintf(buf, n, "U+%04X", r);
  }
  return buf;
}

static void err_at_ptr(Scanner *s, const char *p, const char *msg, const char *arg) {
  syn_error_at(s, scanner_pos_at(s, p), msg, arg);
}

static void err_msg(Scanner *s, const char *p, const char *msg) {
  syn_error_at(s, scanner_pos_at(s, p), "%s", msg);
}

static inline void newline(Scanner *s, const char *next_line) {
  s->line++;
  s->line_start = next_line;
  if (s->pending_base && s->line >= s->pending_line) {
    s->cur_base = s->pending_base;
    s->pending_base = 0;
  }
}

/* Walks [p, to) (text inside a comment or raw string): counts newlines and
 * reports NUL bytes, invalid UTF-8 and BOMs. */
static void scan_text(Scanner *s, const char *p, const char *to) {
  char buf[32];
  while (p < to) {
    unsigned char c = (unsigned char)*p;
    if (c >= 0x20 && c < 0x80) {
      p++;
      continue;
    }
    if (c == '\n') {
      p++;
      newline(s, p);
    } else if (c == 0) {
      err_msg(s, p, "invalid NUL character");
      p++;
    } else if (c >= 0x80) {
      int size;
      int32_t r = decode_utf8((const unsigned char *)p, (const unsigned char *)s->end, &size);
      if (r < 0)
        err_msg(s, p, "invalid UTF-8 encoding");
      else if (r == 0xFEFF)
        err_msg(s, p, "invalid BOM in the middle of the file");
      (void)buf;
      p += size;
    } else {
      p++;
    }
  }
}

/* Makes [start, p) the current literal token and continues after it. */
static void set_literal(Scanner *s, SynLitKind kind, const char *start, const char *p, bool ok) {
  s->tok = T_LITERAL;
  s->kind = (uint8_t)kind;
  s->bad = !ok;
  s->lit.ptr = start;
  s->lit.len = (uint32_t)(p - start);
  s->p = p;
}

/* ---- comments ----------------------------------------------------------- */

static bool has_prefix(const char *p, size_t n, const char *pre) {
  size_t m = strlen(pre);
  return n >= m && memcmp(p, pre, m) == 0;
}

/* A comment [start, end) (end just past it; for line comments, before the
 * newline). Updates the comment group and handles directives. */
static void comment(Scanner *s, const char *start, const char *end, uint32_t start_line, bool line_comment) {
  /* comment groups: adjacent comments with no blank line or token between */
  if (s->grp_start && s->grp_tokcount == s->tokcount && start_line <= s->grp_end_line + 1) {
    s->grp_end = end;
  } else {
    s->grp_start = start;
    s->grp_end = end;
    s->grp_after_code = s->tokcount > 0 && s->last_tok_line == start_line;
  }
  s->grp_end_line = s->line;
  s->grp_tokcount = s->tokcount;

  const char *text = start + 2;
  size_t n;
  if (line_comment) {
    n = (size_t)(end - text);
  } else {
    if (end - start < 4) return;
    n = (size_t)(end - 2 - text);
  }
  if (n < 3) return;
  bool at_line_start = start == s->line_start || start_line != s->line;
  if (line_comment) {
    /* blank before the comment? (directives must be alone on their line) */
    const char *q = start;
    bool blank = true;
    while (q > s->src && q[-1] != '\n') {
      q--;
      if (*q != ' ' && *q != '\t' && *q != '\r') {
        blank = false;
        break;
      }
    }
    at_line_start = start == s->line_start;
    if (text[0] == 'g' && has_prefix(text, n, "go:") && blank) {
      SynPragma pr = {scanner_pos_at(s, start), {text, (uint32_t)n}};
      if (has_prefix(text, n, "go:build") && (n == 8 || text[8] == ' ' || text[8] == '\t')) {
        if (!s->seen_package) pragma_push(&s->build, pr);
        return;
      }
      pragma_push(&s->pragmas, pr);
      return;
    }
    if (text[0] == 'e' && has_prefix(text, n, "export ") && at_line_start) {
      SynPragma pr = {scanner_pos_at(s, start), {text, (uint32_t)n}};
      pragma_push(&s->pragmas, pr);
      return;
    }
    if (text[0] == 'l' && at_line_start && has_prefix(text, n, "line ")) {
      scanner_line_directive(s, text + 5, n - 5, end, false);
      return;
    }
    if (text[0] == ' ' && !s->seen_package && blank && has_prefix(text, n, " +build")) {
      SynPragma pr = {scanner_pos_at(s, start), {text, (uint32_t)n}};
      pragma_push(&s->build, pr);
    }
  } else if (text[0] == 'l' && has_prefix(text, n, "line ") && start_line == s->line) {
    scanner_line_directive(s, text + 5, n - 5, end, true);
  }
}

/* ---- numbers ------------------------------------------------------------ */

static const char *lit_name(char prefix) {
  switch (prefix) {
  case 'x':
    return "hexadecimal literal";
  case 'o':
  case '0':
    return "octal literal";
  case 'b':
    return "binary literal";
  }
  return "decimal literal";
}

static inline int lower(int c) {
  return c | 0x20;
}
static inline bool is_dec(int c) {
  return c >= '0' && c <= '9';
}
static inline bool is_hex(int c) {
  return is_dec(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

/* Scans digits of the given base and '_'. Returns bit 0: a digit was seen,
 * bit 1: a '_' was seen. Records the first digit invalid for base (< 10). */
static int digits(const char **pp, int base, const char **invalid) {
  const char *p = *pp;
  int ds = 0;
  if (base <= 10) {
    int max = '0' + base;
    for (;;) {
      int c = *p;
      if (is_dec(c)) {
        ds |= 1;
        if (c >= max && !*invalid) *invalid = p;
      } else if (c == '_') {
        ds |= 2;
      } else {
        break;
      }
      p++;
    }
  } else {
    for (;;) {
      int c = *p;
      if (is_hex(c))
        ds |= 1;
      else if (c == '_')
        ds |= 2;
      else
        break;
      p++;
    }
  }
  *pp = p;
  return ds;
}

/* Index of the first misplaced '_' in the literal x[0:n), or -1. A '_' must
 * follow a digit or the base prefix and be followed by a digit. */
static long invalid_sep(const char *x, size_t n) {
  char x1 = ' ';
  char prev_kind = '.'; /* '0' digit, '_' separator, '.' other */
  size_t i = 0;
  if (n >= 2 && x[0] == '0') {
    x1 = (char)lower(x[1]);
    if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
      prev_kind = '0';
      i = 2;
    }
  }
  for (; i < n; i++) {
    char p = prev_kind;
    char c = x[i];
    if (c == '_') {
      if (p != '0') return (long)i;
      prev_kind = '_';
    } else if (is_dec(c) || (x1 == 'x' && is_hex(c))) {
      prev_kind = '0';
    } else {
      if (p == '_') return (long)i - 1;
      prev_kind = '.';
    }
  }
  if (prev_kind == '_') return (long)n - 1;
  return -1;
}

static void number(Scanner *s, const char *start, bool seen_point) {
  const char *p = start;
  int base = 10;
  char prefix = 0;
  int ds = 0;
  const char *invalid = NULL;
  SynLitKind kind = SYN_LIT_INT;
  bool ok = true;

  if (!seen_point) {
    if (*p == '0') {
      p++;
      switch (lower(*p)) {
      case 'x':
        p++;
        base = 16;
        prefix = 'x';
        break;
      case 'o':
        p++;
        base = 8;
        prefix = 'o';
        break;
      case 'b':
        p++;
        base = 2;
        prefix = 'b';
        break;
      default:
        base = 8;
        prefix = '0';
        ds = 1;
        break;
      }
    }
    ds |= digits(&p, base, &invalid);
    if (*p == '.') {
      if (prefix == 'o' || prefix == 'b') {
        err_at_ptr(s, p, "invalid radix point in %s", lit_name(prefix));
        ok = false;
      }
      p++;
      seen_point = true;
    }
  } else {
    p++; /* the '.' */
  }
  if (seen_point) {
    kind = SYN_LIT_FLOAT;
    ds |= digits(&p, base, &invalid);
  }
  if ((ds & 1) == 0 && ok) {
    err_at_ptr(s, p, "%s has no digits", lit_name(prefix));
    ok = false;
  }
  int e = lower(*p);
  if (e == 'e' || e == 'p') {
    if (ok && e == 'e' && prefix != 0 && prefix != '0') {
      syn_error_at(s, scanner_pos_at(s, p), "'%c' exponent requires decimal mantissa", *p);
      ok = false;
    } else if (ok && e == 'p' && prefix != 'x') {
      syn_error_at(s, scanner_pos_at(s, p), "'%c' exponent requires hexadecimal mantissa", *p);
      ok = false;
    }
    p++;
    kind = SYN_LIT_FLOAT;
    if (*p == '+' || *p == '-') p++;
    const char *dummy = NULL;
    int eds = digits(&p, 10, &dummy);
    ds |= eds;
    if ((eds & 1) == 0 && ok) {
      err_msg(s, p, "exponent has no digits");
      ok = false;
    }
  } else if (prefix == 'x' && kind == SYN_LIT_FLOAT && ok) {
    err_msg(s, p, "hexadecimal mantissa requires a 'p' exponent");
    ok = false;
  }
  if (*p == 'i') {
    kind = SYN_LIT_IMAG;
    p++;
  }
  size_t n = (size_t)(p - start);
  if (kind == SYN_LIT_INT && invalid && ok) {
    syn_error_at(s, scanner_pos_at(s, invalid), "invalid digit '%c' in %s", *invalid, lit_name(prefix));
    ok = false;
  }
  if ((ds & 2) && ok) {
    long i = invalid_sep(start, n);
    if (i >= 0) {
      err_msg(s, start + i, "'_' must separate successive digits");
      ok = false;
    }
  }
  set_literal(s, kind, start, p, ok);
}

/* ---- strings and runes --------------------------------------------------- */

/* p points just after the backslash. Returns false after reporting an error
 * (or at EOF/NUL, where the caller reports "not terminated"). */
static bool escape(Scanner *s, const char **pp, char quote) {
  const char *p = *pp;
  int n, base;
  uint32_t max;
  char c = *p;
  if (c == quote) {
    *pp = p + 1;
    return true;
  }
  switch (c) {
  case 'a':
  case 'b':
  case 'f':
  case 'n':
  case 'r':
  case 't':
  case 'v':
  case '\\':
    *pp = p + 1;
    return true;
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
    n = 3;
    base = 8;
    max = 255;
    break;
  case 'x':
    p++;
    n = 2;
    base = 16;
    max = 255;
    break;
  case 'u':
    p++;
    n = 4;
    base = 16;
    max = 0x10FFFF;
    break;
  case 'U':
    p++;
    n = 8;
    base = 16;
    max = 0x10FFFF;
    break;
  default:
    if (c == 0 && p >= s->end) {
      *pp = p;
      return false;
    }
    err_msg(s, p, "unknown escape");
    *pp = p;
    return false;
  }
  uint32_t x = 0;
  for (int i = 0; i < n; i++) {
    c = *p;
    int d;
    if (is_dec(c))
      d = c - '0';
    else if (lower(c) >= 'a' && lower(c) <= 'f')
      d = lower(c) - 'a' + 10;
    else
      d = 16;
    if (d >= base) {
      if (c == 0 && p >= s->end) {
        *pp = p;
        return false;
      }
      const char *kind = base == 8 ? "octal" : "hexadecimal";
      char cb[8];
      if (c == '\n')
        snprintf(cb, sizeof cb, "'\\n'");
      else if (c == '\'' || c == '\\')
        snprintf(cb, sizeof cb, "'\\%c'", c);
      else if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x80)
        snprintf(cb, sizeof cb, "'\\x%02x'", (unsigned char)c);
      else
        snprintf(cb, sizeof cb, "'%c'", c);
      syn_error_at(s, scanner_pos_at(s, p), "invalid character %s in %s escape", cb, kind);
      *pp = p;
      return false;
    }
    x = x * (uint32_t)base + (uint32_t)d;
    p++;
  }
  *pp = p;
  if (x > max && base == 8) {
    syn_error_at(s, scanner_pos_at(s, p), "octal escape value %u > 255", x);
    return false;
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    char buf[32];
    syn_error_at(s, scanner_pos_at(s, p), "escape is invalid Unicode code point %s",
                 syn_fmt_U(buf, sizeof buf, x));
    return false;
  }
  return true;
}

/* Advances over one non-ASCII or control character inside a quoted
 * literal, reporting bad encodings. */
static const char *quoted_char(Scanner *s, const char *p) {
  unsigned char c = (unsigned char)*p;
  if (c < 0x80) {
    if (c == 0) err_msg(s, p, "invalid NUL character");
    return p + 1;
  }
  int size;
  int32_t r = decode_utf8((const unsigned char *)p, (const unsigned char *)s->end, &size);
  if (r < 0)
    err_msg(s, p, "invalid UTF-8 encoding");
  else if (r == 0xFEFF)
    err_msg(s, p, "invalid BOM in the middle of the file");
  return p + size;
}

static void std_string(Scanner *s, const char *start) {
  const char *p = start + 1;
  bool ok = true;
  for (;;) {
    char c = *p;
    if (c == '"') {
      p++;
      break;
    }
    if (c == '\\') {
      p++;
      if (!escape(s, &p, '"')) ok = false;
      continue;
    }
    if (c == '\n') {
      err_msg(s, p, "newline in string");
      ok = false;
      break;
    }
    if (c == 0 && p >= s->end) {
      err_msg(s, start, "string not terminated");
      ok = false;
      break;
    }
    if ((unsigned char)c >= 0x80 || c == 0)
      p = quoted_char(s, p);
    else
      p++;
  }
  set_literal(s, SYN_LIT_STRING, start, p, ok);
}

static void raw_string(Scanner *s, const char *start) {
  const char *p = start + 1;
  const char *q = memchr(p, '`', (size_t)(s->end - p));
  bool ok = true;
  const char *stop = q ? q : s->end;
  SynPos pos = s->pos;
  scan_text(s, p, stop);
  if (!q) {
    syn_error_at(s, pos, "string not terminated");
    ok = false;
    p = s->end;
  } else {
    p = q + 1;
  }
  set_literal(s, SYN_LIT_STRING, start, p, ok);
}

static void rune_lit(Scanner *s, const char *start) {
  const char *p = start + 1;
  bool ok = true;
  int n = 0;
  for (;;) {
    char c = *p;
    if (c == '\'') {
      if (ok) {
        if (n == 0) {
          err_msg(s, p, "empty rune literal or unescaped '");
          ok = false;
        } else if (n != 1) {
          err_msg(s, start, "more than one character in rune literal");
          ok = false;
        }
      }
      p++;
      break;
    }
    if (c == '\\') {
      p++;
      if (!escape(s, &p, '\'')) ok = false;
      n++;
      continue;
    }
    if (c == '\n') {
      if (ok) {
        err_msg(s, p, "newline in rune literal");
        ok = false;
      }
      break;
    }
    if (c == 0 && p >= s->end) {
      if (ok) {
        err_msg(s, start, "rune literal not terminated");
        ok = false;
      }
      break;
    }
    if ((unsigned char)c >= 0x80 || c == 0)
      p = quoted_char(s, p);
    else
      p++;
    n++;
  }
  set_literal(s, SYN_LIT_RUNE, start, p, ok);
}

/* ---- identifiers and keywords -------------------------------------------- */

/* 1 for [A-Za-z0-9_], 2 for bytes >= 0x80 */
static const unsigned char ident_class[256] = {
    ['0'] = 1,  ['1'] = 1,  ['2'] = 1,  ['3'] = 1,  ['4'] = 1,  ['5'] = 1,  ['6'] = 1,  ['7'] = 1,
    ['8'] = 1,  ['9'] = 1,  ['_'] = 1,  ['a'] = 1,  ['b'] = 1,  ['c'] = 1,  ['d'] = 1,  ['e'] = 1,
    ['f'] = 1,  ['g'] = 1,  ['h'] = 1,  ['i'] = 1,  ['j'] = 1,  ['k'] = 1,  ['l'] = 1,  ['m'] = 1,
    ['n'] = 1,  ['o'] = 1,  ['p'] = 1,  ['q'] = 1,  ['r'] = 1,  ['s'] = 1,  ['t'] = 1,  ['u'] = 1,
    ['v'] = 1,  ['w'] = 1,  ['x'] = 1,  ['y'] = 1,  ['z'] = 1,  ['A'] = 1,  ['B'] = 1,  ['C'] = 1,
    ['D'] = 1,  ['E'] = 1,  ['F'] = 1,  ['G'] = 1,  ['H'] = 1,  ['I'] = 1,  ['J'] = 1,  ['K'] = 1,
    ['L'] = 1,  ['M'] = 1,  ['N'] = 1,  ['O'] = 1,  ['P'] = 1,  ['Q'] = 1,  ['R'] = 1,  ['S'] = 1,
    ['T'] = 1,  ['U'] = 1,  ['V'] = 1,  ['W'] = 1,  ['X'] = 1,  ['Y'] = 1,  ['Z'] = 1,  [0x80] = 2,
    [0x81] = 2, [0x82] = 2, [0x83] = 2, [0x84] = 2, [0x85] = 2, [0x86] = 2, [0x87] = 2, [0x88] = 2,
    [0x89] = 2, [0x8a] = 2, [0x8b] = 2, [0x8c] = 2, [0x8d] = 2, [0x8e] = 2, [0x8f] = 2, [0x90] = 2,
    [0x91] = 2, [0x92] = 2, [0x93] = 2, [0x94] = 2, [0x95] = 2, [0x96] = 2, [0x97] = 2, [0x98] = 2,
    [0x99] = 2, [0x9a] = 2, [0x9b] = 2, [0x9c] = 2, [0x9d] = 2, [0x9e] = 2, [0x9f] = 2, [0xa0] = 2,
    [0xa1] = 2, [0xa2] = 2, [0xa3] = 2, [0xa4] = 2, [0xa5] = 2, [0xa6] = 2, [0xa7] = 2, [0xa8] = 2,
    [0xa9] = 2, [0xaa] = 2, [0xab] = 2, [0xac] = 2, [0xad] = 2, [0xae] = 2, [0xaf] = 2, [0xb0] = 2,
    [0xb1] = 2, [0xb2] = 2, [0xb3] = 2, [0xb4] = 2, [0xb5] = 2, [0xb6] = 2, [0xb7] = 2, [0xb8] = 2,
    [0xb9] = 2, [0xba] = 2, [0xbb] = 2, [0xbc] = 2, [0xbd] = 2, [0xbe] = 2, [0xbf] = 2, [0xc0] = 2,
    [0xc1] = 2, [0xc2] = 2, [0xc3] = 2, [0xc4] = 2, [0xc5] = 2, [0xc6] = 2, [0xc7] = 2, [0xc8] = 2,
    [0xc9] = 2, [0xca] = 2, [0xcb] = 2, [0xcc] = 2, [0xcd] = 2, [0xce] = 2, [0xcf] = 2, [0xd0] = 2,
    [0xd1] = 2, [0xd2] = 2, [0xd3] = 2, [0xd4] = 2, [0xd5] = 2, [0xd6] = 2, [0xd7] = 2, [0xd8] = 2,
    [0xd9] = 2, [0xda] = 2, [0xdb] = 2, [0xdc] = 2, [0xdd] = 2, [0xde] = 2, [0xdf] = 2, [0xe0] = 2,
    [0xe1] = 2, [0xe2] = 2, [0xe3] = 2, [0xe4] = 2, [0xe5] = 2, [0xe6] = 2, [0xe7] = 2, [0xe8] = 2,
    [0xe9] = 2, [0xea] = 2, [0xeb] = 2, [0xec] = 2, [0xed] = 2, [0xee] = 2, [0xef] = 2, [0xf0] = 2,
    [0xf1] = 2, [0xf2] = 2, [0xf3] = 2, [0xf4] = 2, [0xf5] = 2, [0xf6] = 2, [0xf7] = 2, [0xf8] = 2,
    [0xf9] = 2, [0xfa] = 2, [0xfb] = 2, [0xfc] = 2, [0xfd] = 2, [0xfe] = 2, [0xff] = 2,
};

static Token keyword(const char *p, size_t n) {
#define KW(str, tok)                                                                                         \
  if (n == sizeof(str) - 1 && memcmp(p, str, n) == 0) return tok
  switch (p[0]) {
  case 'b':
    KW("break", T_BREAK);
    break;
  case 'c':
    KW("case", T_CASE);
    KW("chan", T_CHAN);
    KW("const", T_CONST);
    KW("continue", T_CONTINUE);
    break;
  case 'd':
    KW("default", T_DEFAULT);
    KW("defer", T_DEFER);
    break;
  case 'e':
    KW("else", T_ELSE);
    break;
  case 'f':
    KW("for", T_FOR);
    KW("func", T_FUNC);
    KW("fallthrough", T_FALLTHROUGH);
    break;
  case 'g':
    KW("go", T_GO);
    KW("goto", T_GOTO);
    break;
  case 'i':
    KW("if", T_IF);
    KW("import", T_IMPORT);
    KW("interface", T_INTERFACE);
    break;
  case 'm':
    KW("map", T_MAP);
    break;
  case 'p':
    KW("package", T_PACKAGE);
    break;
  case 'r':
    KW("range", T_RANGE);
    KW("return", T_RETURN);
    break;
  case 's':
    KW("select", T_SELECT);
    KW("struct", T_STRUCT);
    KW("switch", T_SWITCH);
    break;
  case 't':
    KW("type", T_TYPE);
    break;
  case 'v':
    KW("var", T_VAR);
    break;
  }
#undef KW
  return T_NAME;
}

/* Identifier starting at start; p is past the first character. */
static inline __attribute__((always_inline)) void ident(Scanner *s, const char *start, const char *p) {
  bool ascii = true;
  for (;;) {
    unsigned cls = ident_class[(unsigned char)*p];
    if (cls == 1) {
      p++;
      continue;
    }
    if (cls != 2) break;
    int size;
    int32_t r = decode_utf8((const unsigned char *)p, (const unsigned char *)s->end, &size);
    if (r < 0) {
      err_msg(s, p, "invalid UTF-8 encoding");
      char buf[32];
      err_at_ptr(s, p, "invalid character %s in identifier", syn_fmt_U(buf, sizeof buf, 0xFFFD));
    } else if (!syn_is_letter((uint32_t)r) && !syn_is_digit((uint32_t)r)) {
      if (r == 0xFEFF) {
        err_msg(s, p, "invalid BOM in the middle of the file");
      } else {
        char buf[32];
        err_at_ptr(s, p, "invalid character %s in identifier", syn_fmt_U(buf, sizeof buf, (uint32_t)r));
      }
    }
    ascii = false;
    p += size;
  }
  size_t n = (size_t)(p - start);
  s->p = p;
  s->lit.ptr = start;
  s->lit.len = (uint32_t)n;
  Token t = T_NAME;
  if (ascii && n >= 2 && n <= 11) t = keyword(start, n);
  s->tok = t;
  if (t == T_NAME || t == T_BREAK || t == T_CONTINUE || t == T_FALLTHROUGH || t == T_RETURN) s->nlsemi = true;
}

/* ---- the token switch ---------------------------------------------------- */

void scanner_init(Scanner *s, SynArena *a, SynFile *f, SynErrorFn errfn, void *errctx) {
  memset(s, 0, sizeof *s);
  s->arena = a;
  s->file = f;
  s->src = f->src.ptr;
  s->end = f->src.ptr + f->src.len;
  s->p = s->src;
  s->line_start = s->src;
  s->line = 1;
  s->errfn = errfn;
  s->errctx = errctx;
  s->bases_cap = f->nbases;
  /* a BOM is allowed (and ignored) as the very first character */
  if (s->end - s->p >= 3 && (unsigned char)s->p[0] == 0xEF && (unsigned char)s->p[1] == 0xBB &&
      (unsigned char)s->p[2] == 0xBF)
    s->p += 3;
}

/* A one-byte punctuation token ending before p. */
static inline void punct(Scanner *s, const char *p, Token t, bool nlsemi) {
  s->tok = t;
  s->p = p;
  s->nlsemi = nlsemi;
}

static inline void op_tok(Scanner *s, const char *p, Token t, SynOp op, int prec) {
  s->tok = t;
  s->op = (uint8_t)op;
  s->prec = (uint8_t)prec;
  s->p = p;
}

/* '+' '-' style: c, c c (inc), c= (assign op) */
static void op_or_assign(Scanner *s, const char *p, SynOp op, int prec) {
  if (*p == '=') {
    op_tok(s, p + 1, T_ASSIGN_OP, op, 0);
    return;
  }
  op_tok(s, p, T_OPERATOR, op, prec);
}

void scanner_next(Scanner *s) {
  bool nlsemi = s->nlsemi;
  s->nlsemi = false;
  const char *p;
redo:
  p = s->p;
  for (;;) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\r') {
      p++;
    } else if (c == '\n') {
      if (nlsemi) {
        s->pos = scanner_pos_at(s, p);
        s->tok = T_SEMI;
        s->lit.ptr = "newline";
        s->lit.len = 7;
        s->p = p + 1;
        newline(s, p + 1);
        return;
      }
      p++;
      newline(s, p);
    } else {
      break;
    }
  }
  s->p = p;
  const char *start = p;
  s->pos = scanner_pos_at(s, p);
  unsigned char c = (unsigned char)*p++;

  switch (c) {
  case 0:
    if (start >= s->end) {
      s->p = start;
      if (nlsemi) {
        s->tok = T_SEMI;
        s->lit.ptr = "EOF";
        s->lit.len = 3;
        return;
      }
      s->tok = T_EOF;
      return;
    }
    err_msg(s, start, "invalid NUL character");
    s->p = p;
    goto redo;

  case 'a':
  case 'b':
  case 'c':
  case 'd':
  case 'e':
  case 'f':
  case 'g':
  case 'h':
  case 'i':
  case 'j':
  case 'k':
  case 'l':
  case 'm':
  case 'n':
  case 'o':
  case 'p':
  case 'q':
  case 'r':
  case 's':
  case 't':
  case 'u':
  case 'v':
  case 'w':
  case 'x':
  case 'y':
  case 'z':
  case 'A':
  case 'B':
  case 'C':
  case 'D':
  case 'E':
  case 'F':
  case 'G':
  case 'H':
  case 'I':
  case 'J':
  case 'K':
  case 'L':
  case 'M':
  case 'N':
  case 'O':
  case 'P':
  case 'Q':
  case 'R':
  case 'S':
  case 'T':
  case 'U':
  case 'V':
  case 'W':
  case 'X':
  case 'Y':
  case 'Z':
  case '_':
    ident(s, start, p);
    break;

  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    number(s, start, false);
    s->nlsemi = true;
    break;

  case '"':
    std_string(s, start);
    s->nlsemi = true;
    break;
  case '`':
    raw_string(s, start);
    s->nlsemi = true;
    break;
  case '\'':
    rune_lit(s, start);
    s->nlsemi = true;
    break;

  case '(':
    punct(s, p, T_LPAREN, false);
    break;
  case '[':
    punct(s, p, T_LBRACK, false);
    break;
  case '{':
    punct(s, p, T_LBRACE, false);
    break;
  case ',':
    punct(s, p, T_COMMA, false);
    break;
  case ')':
    punct(s, p, T_RPAREN, true);
    break;
  case ']':
    punct(s, p, T_RBRACK, true);
    break;
  case '}':
    punct(s, p, T_RBRACE, true);
    break;
  case ';':
    s->tok = T_SEMI;
    s->lit.ptr = "semicolon";
    s->lit.len = 9;
    s->p = p;
    break;
  case ':':
    if (*p == '=') {
      s->tok = T_DEFINE;
      s->p = p + 1;
    } else {
      s->tok = T_COLON;
      s->p = p;
    }
    break;
  case '.':
    if (is_dec(*p)) {
      number(s, start, true);
      s->nlsemi = true;
      break;
    }
    if (p[0] == '.' && p[1] == '.') {
      s->tok = T_DOTDOTDOT;
      s->p = p + 2;
      break;
    }
    s->tok = T_DOT;
    s->p = p;
    break;

  case '+':
  case '-':
    if (*p == (char)c) {
      op_tok(s, p + 1, T_INC_OP, c == '+' ? SYN_OP_ADD : SYN_OP_SUB, 0);
      s->nlsemi = true;
      break;
    }
    op_or_assign(s, p, c == '+' ? SYN_OP_ADD : SYN_OP_SUB, PREC_ADD);
    break;
  case '*':
    if (*p == '=') {
      op_tok(s, p + 1, T_ASSIGN_OP, SYN_OP_MUL, 0);
      break;
    }
    op_tok(s, p, T_STAR, SYN_OP_MUL, PREC_MUL);
    break;
  case '/':
    if (*p == '/') {
      uint32_t line = s->line;
      const char *nl = memchr(p, '\n', (size_t)(s->end - p));
      const char *cend = nl ? nl : s->end;
      scan_text(s, p + 1, cend);
      comment(s, start, cend, line, true);
      s->p = cend;
      goto redo;
    }
    if (*p == '*') {
      uint32_t line = s->line;
      const char *q = p + 1;
      const char *cend = NULL;
      while (q + 1 < s->end + 1) {
        const char *star = memchr(q, '*', (size_t)(s->end - q));
        if (!star || star + 1 >= s->end) break;
        if (star[1] == '/') {
          cend = star + 2;
          break;
        }
        q = star + 1;
      }
      if (!cend) {
        scan_text(s, p + 1, s->end);
        syn_error_at(s, s->pos, "comment not terminated");
        s->p = s->end;
        goto redo;
      }
      scan_text(s, p + 1, cend - 2);
      comment(s, start, cend, line, false);
      s->p = cend;
      if (nlsemi && s->line != line) {
        s->tok = T_SEMI;
        s->lit.ptr = "newline";
        s->lit.len = 7;
        return;
      }
      goto redo;
    }
    op_or_assign(s, p, SYN_OP_DIV, PREC_MUL);
    break;
  case '%':
    op_or_assign(s, p, SYN_OP_REM, PREC_MUL);
    break;
  case '&':
    if (*p == '&') {
      op_tok(s, p + 1, T_OPERATOR, SYN_OP_ANDAND, PREC_ANDAND);
      break;
    }
    if (*p == '^') {
      op_or_assign(s, p + 1, SYN_OP_ANDNOT, PREC_MUL);
      break;
    }
    op_or_assign(s, p, SYN_OP_AND, PREC_MUL);
    break;
  case '|':
    if (*p == '|') {
      op_tok(s, p + 1, T_OPERATOR, SYN_OP_OROR, PREC_OROR);
      break;
    }
    op_or_assign(s, p, SYN_OP_OR, PREC_ADD);
    break;
  case '^':
    op_or_assign(s, p, SYN_OP_XOR, PREC_ADD);
    break;
  case '<':
    if (*p == '-') {
      op_tok(s, p + 1, T_ARROW, SYN_OP_RECV, 0);
      break;
    }
    if (*p == '<') {
      op_or_assign(s, p + 1, SYN_OP_SHL, PREC_MUL);
      break;
    }
    if (*p == '=') {
      op_tok(s, p + 1, T_OPERATOR, SYN_OP_LEQ, PREC_CMP);
      break;
    }
    op_tok(s, p, T_OPERATOR, SYN_OP_LSS, PREC_CMP);
    break;
  case '>':
    if (*p == '>') {
      op_or_assign(s, p + 1, SYN_OP_SHR, PREC_MUL);
      break;
    }
    if (*p == '=') {
      op_tok(s, p + 1, T_OPERATOR, SYN_OP_GEQ, PREC_CMP);
      break;
    }
    op_tok(s, p, T_OPERATOR, SYN_OP_GTR, PREC_CMP);
    break;
  case '=':
    if (*p == '=') {
      op_tok(s, p + 1, T_OPERATOR, SYN_OP_EQL, PREC_CMP);
      break;
    }
    s->tok = T_ASSIGN;
    s->p = p;
    break;
  case '!':
    if (*p == '=') {
      op_tok(s, p + 1, T_OPERATOR, SYN_OP_NEQ, PREC_CMP);
      break;
    }
    op_tok(s, p, T_OPERATOR, SYN_OP_NOT, 0);
    break;
  case '~':
    op_tok(s, p, T_OPERATOR, SYN_OP_TILDE, 0);
    break;

  default:
    if (c >= 0x80) {
      int size;
      int32_t r = decode_utf8((const unsigned char *)start, (const unsigned char *)s->end, &size);
      char buf[32];
      if (r == 0xFEFF) {
        /* skipped, like gc's source reader does */
        err_msg(s, start, "invalid BOM in the middle of the file");
        s->p = start + size;
        goto redo;
      }
      /* gc scans any other non-ASCII character as part of an
       * identifier, reporting the ones that cannot be */
      if (r < 0) {
        err_msg(s, start, "invalid UTF-8 encoding");
        r = 0xFFFD;
      }
      if (!syn_is_letter((uint32_t)r)) {
        if (syn_is_digit((uint32_t)r))
          err_at_ptr(s, start, "identifier cannot begin with digit %s",
                     syn_fmt_U(buf, sizeof buf, (uint32_t)r));
        else
          err_at_ptr(s, start, "invalid character %s in identifier", syn_fmt_U(buf, sizeof buf, (uint32_t)r));
      }
      ident(s, start, start + size);
      break;
    }
    {
      char buf[32];
      err_at_ptr(s, start, "invalid character %s", syn_fmt_U(buf, sizeof buf, c));
    }
    s->p = p;
    goto redo;
  }
  if (s->tok != T_SEMI) {
    s->tokcount++;
    s->last_tok_line = s->line;
  }
}
