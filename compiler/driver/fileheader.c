/*
 * fileheader.c: the Go file header reader (see fileheader.h for the
 * contract).
 *
 * Structure: a tiny scanner (next_token) that knows exactly the tokens a
 * header can contain -- identifiers, string literals, `(`, `)`, `.`, `;` --
 * plus Go's automatic semicolons, and reports any other byte as an
 * "other" token; a recursive-descent reader on top of it:
 *
 *   header  = "package" ident ";" { importdecl ";" } .
 *   importdecl = "import" ( spec | "(" { spec ";" } ")" ) .
 *   spec    = [ ident | "." ] string .
 *
 * The reader stops (successfully) at the first token after the last import
 * declaration that is not `import`. After a successful read, if some import
 * is "embed", the rest of the file is scanned for //go:embed lines (skipping
 * string, rune and comment contents so that a "//go:embed" inside a string
 * is not taken).
 *
 * Known gap: //line directives are not applied to error positions (go's
 * parser honours them; only Go's own test/ directory uses them in headers).
 *
 * Rejected alternative: running the real parser (compiler/syntax) in
 * imports-only mode. It couples loading to the parser's progress and costs a
 * full tokenizer per file; go/build made the same choice.
 */
#include "compiler/driver/fileheader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/driver/strvec.h"

enum tok { T_EOF, T_IDENT, T_STRING, T_LPAREN, T_RPAREN, T_DOT, T_SEMI, T_OTHER };

typedef struct {
  const char *file;
  const char *src;
  size_t len, pos;
  size_t line_start;
  int line;
  bool semi_ok;             /* a newline here would insert a semicolon */
  size_t prev_end, cur_end; /* ends of the last two non-semicolon tokens */
  /* the current comment group (comments with no blank line between) */
  size_t *grp; /* pairs of [start, end) offsets */
  size_t ngrp;
  int grp_end_line;
  /* current token */
  enum tok tok;
  size_t tpos; /* offset of the token */
  int tline, tcol;
  size_t tlen;
  bool newline_semi; /* T_SEMI that came from a newline or EOF */
  char *err;
  char *err_msg;
  int err_line, err_col;
  bool fatal;
} reader;

static void set_err(reader *r, int line, int col, const char *fmt, const char *arg) {
  if (r->err) return;
  char *msg = xasprintf(fmt, arg);
  r->err = xasprintf("%s:%d:%d: %s", r->file, line, col, msg);
  r->err_msg = msg;
  r->err_line = line;
  r->err_col = col;
}

static bool is_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

static void newline_at(reader *r, size_t pos) {
  r->line++;
  r->line_start = pos + 1;
}

/* Records a comment [start, r->pos) spanning lines first..last into the
 * current comment group, or starts a new group after a blank line. */
static void add_comment(reader *r, size_t start, int first, int last) {
  if (r->ngrp == 0 || first > r->grp_end_line + 1) r->ngrp = 0;
  r->grp = xrealloc(r->grp, (r->ngrp + 1) * 2 * sizeof *r->grp);
  r->grp[2 * r->ngrp] = start;
  r->grp[2 * r->ngrp + 1] = r->pos;
  r->ngrp++;
  r->grp_end_line = last;
}

/* go/ast's isDirective: "//line ", "//extern ", "//export ", or a
 * "word:word" directive such as go:build (c is the text after "//"). */
static bool is_directive(const char *c, size_t n) {
  if ((n >= 5 && memcmp(c, "line ", 5) == 0) || (n >= 7 && memcmp(c, "extern ", 7) == 0) ||
      (n >= 7 && memcmp(c, "export ", 7) == 0))
    return true;
  size_t colon = 0;
  while (colon < n && c[colon] != ':')
    colon++;
  if (colon == 0 || colon + 1 >= n) return false;
  for (size_t i = 0; i < n && c[i] != ' ' && c[i] != '\t' && c[i] != '\n'; i++) {
    if (i == colon) continue;
    if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9'))) return false;
  }
  return true;
}

/* go/ast CommentGroup.Text over the group's comments. */
static char *group_text(const reader *r) {
  strvec lines = {0};
  for (size_t k = 0; k < r->ngrp; k++) {
    const char *c = r->src + r->grp[2 * k];
    size_t n = r->grp[2 * k + 1] - r->grp[2 * k];
    if (c[1] == '/') {
      c += 2, n -= 2;
      if (n > 0 && c[0] == ' ') {
        c++, n--;
      } else if (n > 0 && is_directive(c, n)) {
        continue;
      }
    } else {
      c += 2, n -= 4;
    }
    size_t i = 0;
    for (;;) { /* split on newlines, strip trailing blanks */
      size_t e = i;
      while (e < n && c[e] != '\n')
        e++;
      size_t t = e;
      while (t > i && (c[t - 1] == ' ' || c[t - 1] == '\t' || c[t - 1] == '\r'))
        t--;
      strvec_push(&lines, xstrndup(c + i, t - i));
      if (e >= n) break;
      i = e + 1;
    }
  }
  strbuf b = {0};
  strbuf_append(&b, "", 0);
  bool pending_blank = false, any = false;
  for (size_t i = 0; i < lines.n; i++) {
    if (!lines.v[i][0]) {
      pending_blank = any;
      continue;
    }
    if (pending_blank) strbuf_putc(&b, '\n');
    pending_blank = false;
    any = true;
    strbuf_puts(&b, lines.v[i]);
    strbuf_putc(&b, '\n');
  }
  strvec_free(&lines);
  return b.data;
}

/* Skips blanks and comments. Returns true if a newline (or a comment holding
 * one) was crossed. */
static bool skip_space(reader *r) {
  bool nl = false;
  while (r->pos < r->len) {
    unsigned char c = (unsigned char)r->src[r->pos];
    if (c == '\n') {
      newline_at(r, r->pos);
      r->pos++;
      nl = true;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      r->pos++;
    } else if (c == '/' && r->pos + 1 < r->len && r->src[r->pos + 1] == '/') {
      size_t start = r->pos;
      while (r->pos < r->len && r->src[r->pos] != '\n')
        r->pos++;
      add_comment(r, start, r->line, r->line);
    } else if (c == '/' && r->pos + 1 < r->len && r->src[r->pos + 1] == '*') {
      int line = r->line, col = (int)(r->pos - r->line_start) + 1;
      size_t start = r->pos;
      r->pos += 2;
      bool closed = false;
      while (r->pos < r->len) {
        if (r->src[r->pos] == '*' && r->pos + 1 < r->len && r->src[r->pos + 1] == '/') {
          r->pos += 2;
          closed = true;
          break;
        }
        if (r->src[r->pos] == '\n') {
          newline_at(r, r->pos);
          nl = true;
        }
        r->pos++;
      }
      if (!closed)
        set_err(r, line, col, "comment not terminated%s", "");
      else
        add_comment(r, start, line, r->line);
    } else {
      break;
    }
  }
  return nl;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool is_keyword(const char *s, size_t n) {
  static const char *const kw[] = {
      "break", "case",   "chan",   "const",  "continue", "default", "defer",     "else", "fallthrough",
      "for",   "func",   "go",     "goto",   "if",       "import",  "interface", "map",  "package",
      "range", "return", "select", "struct", "switch",   "type",    "var"};
  for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
    if (strlen(kw[i]) == n && memcmp(kw[i], s, n) == 0) return true;
  return false;
}

static void scan_token(reader *r);

/* go/token never starts a line at the end of the file: an EOF after a final
 * newline is reported at the end of the last line. */
static void eof_position(reader *r) {
  if (r->len == 0 || r->src[r->len - 1] != '\n') return;
  size_t end = r->len - 1, start = end;
  while (start > 0 && r->src[start - 1] != '\n')
    start--;
  int line = 1;
  for (size_t i = 0; i < start; i++)
    if (r->src[i] == '\n') line++;
  r->tline = line;
  r->tcol = (int)(r->len - start) + 1;
}

/* Reads the next token and remembers where the previous real tokens ended
 * (where the header ends when reading stops). */
/* Validates the escape whose letter is at src[p] (after a backslash), as
 * go/scanner does; returns the offset after it. */
/* The escapes of Go string literals. Single-character ones map through
 * these two strings; numeric ones are described by escape_digits. */
static const char simple_escapes[] = "abfnrtv\\\"";
static const char simple_values[] = "\a\b\f\n\r\t\v\\\"";

/* For a numeric escape letter: how many digits follow (after the letter
 * for x/u/U, including it for octal), their base, and the maximum value;
 * false for anything else. */
static bool escape_digits(char e, int *n, int *base, uint32_t *max, int *skip) {
  *skip = 1;
  if (e >= '0' && e <= '7') {
    *n = 3, *base = 8, *max = 255, *skip = 0;
  } else if (e == 'x') {
    *n = 2, *base = 16, *max = 255;
  } else if (e == 'u') {
    *n = 4, *base = 16, *max = 0x10ffff;
  } else if (e == 'U') {
    *n = 8, *base = 16, *max = 0x10ffff;
  } else {
    return false;
  }
  return true;
}

static size_t check_escape(reader *r, size_t p) {
  int col = (int)(p - r->line_start) + 1;
  if (p >= r->len || r->src[p] == '\n') {
    set_err(r, r->line, col, "escape sequence not terminated%s", "");
    return p;
  }
  char e = r->src[p];
  int n = 0, base = 0, skip = 0;
  uint32_t max = 0;
  if (e && strchr(simple_escapes, e)) return p + 1;
  if (!escape_digits(e, &n, &base, &max, &skip)) {
    set_err(r, r->line, col, "unknown escape sequence%s", "");
    return p + 1;
  }
  p += (size_t)skip;
  uint32_t v = 0;
  for (int k = 0; k < n; k++, p++) {
    int d = p < r->len ? hexval(r->src[p]) : -1;
    if (d < 0 || d >= base) {
      int ccol = (int)(p - r->line_start) + 1;
      if (p >= r->len || r->src[p] == '\n' || r->src[p] == '"') {
        set_err(r, r->line, ccol, "escape sequence not terminated%s", "");
      } else {
        char *m = xasprintf("illegal character U+%04X '%c' in escape sequence", (unsigned char)r->src[p],
                            r->src[p]);
        set_err(r, r->line, ccol, "%s", m);
        free(m);
      }
      return p;
    }
    v = v * (uint32_t)base + (uint32_t)d;
  }
  if (v > max || (v >= 0xd800 && v < 0xe000 && max > 255))
    set_err(r, r->line, col, "escape sequence is invalid Unicode code point%s", "");
  return p;
}

static void next_token(reader *r) {
  scan_token(r);
  if (r->tok != T_EOF && !r->newline_semi) {
    r->prev_end = r->cur_end;
    r->cur_end = r->pos;
  }
}

static void scan_token(reader *r) {
  bool nl = skip_space(r);
  r->newline_semi = false;
  if (r->semi_ok && (nl || r->pos >= r->len)) {
    r->semi_ok = false;
    r->tok = T_SEMI;
    r->newline_semi = true;
    r->tpos = r->pos;
    r->tlen = 0;
    r->tline = r->line;
    r->tcol = (int)(r->pos - r->line_start) + 1;
    if (r->pos >= r->len) eof_position(r);
    return;
  }
  r->tpos = r->pos;
  r->tline = r->line;
  r->tcol = (int)(r->pos - r->line_start) + 1;
  r->semi_ok = false;
  if (r->pos >= r->len) {
    r->tok = T_EOF;
    r->tlen = 0;
    eof_position(r);
    return;
  }
  unsigned char c = (unsigned char)r->src[r->pos];
  if (is_letter(c)) {
    size_t p = r->pos;
    while (p < r->len && (is_letter((unsigned char)r->src[p]) || is_digit((unsigned char)r->src[p])))
      p++;
    r->tok = T_IDENT;
    r->tlen = p - r->pos;
    r->pos = p;
    /* keywords insert no semicolon, except these four */
    const char *w = r->src + r->tpos;
    size_t n = r->tlen;
    r->semi_ok = !is_keyword(w, n) || (n == 5 && memcmp(w, "break", 5) == 0) ||
                 (n == 8 && memcmp(w, "continue", 8) == 0) ||
                 (n == 11 && memcmp(w, "fallthrough", 11) == 0) || (n == 6 && memcmp(w, "return", 6) == 0);
    return;
  }
  if (c == '"' || c == '`') {
    size_t p = r->pos + 1;
    bool ok = false;
    while (p < r->len) {
      char d = r->src[p];
      if (c == '"' && d == '\n') break;
      if (c == '"' && d == '\\') {
        p = check_escape(r, p + 1);
        continue;
      }
      if (d == '\n') newline_at(r, p);
      p++;
      if (d == (char)c) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      set_err(r, r->tline, r->tcol, "%s literal not terminated", c == '"' ? "string" : "raw string");
      if (p > r->len) p = r->len;
    }
    r->tok = T_STRING;
    r->tlen = p - r->pos;
    r->pos = p;
    r->semi_ok = true;
    return;
  }
  if (is_digit(c)) {
    size_t p = r->pos;
    while (p < r->len &&
           (is_letter((unsigned char)r->src[p]) || is_digit((unsigned char)r->src[p]) || r->src[p] == '.'))
      p++;
    r->tok = T_OTHER;
    r->tlen = p - r->pos;
    r->pos = p;
    r->semi_ok = true;
    return;
  }
  r->pos++;
  r->tlen = 1;
  switch (c) {
  case '(':
    r->tok = T_LPAREN;
    break;
  case ')':
    r->tok = T_RPAREN;
    r->semi_ok = true;
    break;
  case '.':
    r->tok = T_DOT;
    break;
  case ';':
    r->tok = T_SEMI;
    break;
  default:
    r->tok = T_OTHER;
    break;
  }
}

/* "found ..." part of a parse error, go/parser style: literals (names,
 * numbers, strings) raw, keywords and operators quoted. */
static char *found(reader *r) {
  switch (r->tok) {
  case T_EOF:
    return xstrdup("'EOF'");
  case T_SEMI:
    return xstrdup(r->newline_semi ? "newline" : "';'");
  case T_IDENT:
    if (is_keyword(r->src + r->tpos, r->tlen)) return xasprintf("'%.*s'", (int)r->tlen, r->src + r->tpos);
    return xstrndup(r->src + r->tpos, r->tlen > 40 ? 40 : r->tlen);
  case T_STRING:
    return xstrndup(r->src + r->tpos, r->tlen > 40 ? 40 : r->tlen);
  default: {
    unsigned char c = (unsigned char)r->src[r->tpos];
    if (is_digit(c)) return xstrndup(r->src + r->tpos, r->tlen);
    if (c >= 0x20 && c < 0x7f) return xasprintf("'%c'", c);
    return xasprintf("'\\x%02x'", c);
  }
  }
}

static void expected(reader *r, const char *what) {
  if (r->err) return;
  char *f = found(r);
  char *msg = xasprintf("expected %s, found %s", what, f);
  set_err(r, r->tline, r->tcol, "%s", msg);
  free(msg);
  free(f);
}

static bool tok_is(reader *r, const char *word) {
  size_t n = strlen(word);
  return r->tok == T_IDENT && r->tlen == n && memcmp(r->src + r->tpos, word, n) == 0;
}

static void put_utf8(strbuf *b, uint32_t c) {
  char t[4];
  if (c < 0x80) {
    t[0] = (char)c;
    strbuf_append(b, t, 1);
  } else if (c < 0x800) {
    t[0] = (char)(0xc0 | (c >> 6));
    t[1] = (char)(0x80 | (c & 0x3f));
    strbuf_append(b, t, 2);
  } else if (c < 0x10000) {
    t[0] = (char)(0xe0 | (c >> 12));
    t[1] = (char)(0x80 | ((c >> 6) & 0x3f));
    t[2] = (char)(0x80 | (c & 0x3f));
    strbuf_append(b, t, 3);
  } else {
    t[0] = (char)(0xf0 | (c >> 18));
    t[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    t[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    t[3] = (char)(0x80 | (c & 0x3f));
    strbuf_append(b, t, 4);
  }
}

char *fh_unquote(const char *lit, size_t len) {
  if (len < 2 || lit[0] != lit[len - 1] || (lit[0] != '"' && lit[0] != '`')) return NULL;
  strbuf b = {0};
  strbuf_append(&b, "", 0);
  if (lit[0] == '`') {
    for (size_t i = 1; i + 1 < len; i++) {
      if (lit[i] == '`' || lit[i] == 0) goto bad;
      if (lit[i] != '\r') strbuf_putc(&b, lit[i]);
    }
    return b.data;
  }
  for (size_t i = 1; i + 1 < len;) {
    char c = lit[i];
    if (c == '"' || c == '\n' || c == 0) goto bad;
    if (c != '\\') {
      strbuf_putc(&b, c);
      i++;
      continue;
    }
    if (i + 2 >= len) goto bad;
    char e = lit[i + 1];
    i += 2;
    const char *simple = e ? strchr(simple_escapes, e) : NULL;
    int n, base, skip;
    uint32_t max;
    if (simple) {
      strbuf_putc(&b, simple_values[simple - simple_escapes]);
      continue;
    }
    if (!escape_digits(e, &n, &base, &max, &skip)) goto bad;
    i -= (size_t)(1 - skip); /* octal digits start at the escape letter */
    if (i + (size_t)n > len - 1) goto bad;
    uint32_t v = 0;
    for (int k = 0; k < n; k++) {
      int h = hexval(lit[i + (size_t)k]);
      if (h < 0 || h >= base) goto bad;
      v = v * (uint32_t)base + (uint32_t)h;
    }
    i += (size_t)n;
    if (v == 0 || v > max || (max > 255 && v >= 0xd800 && v < 0xe000)) goto bad;
    if (max == 255)
      strbuf_putc(&b, (char)v);
    else
      put_utf8(&b, v);
  }
  return b.data;
bad:
  strbuf_free(&b);
  return NULL;
}

/* Go's go/parser import path check: non-empty, and no spaces, controls,
 * U+FFFD or the characters !"#$%&'()*,:;<=>?[\]^`{|} . */
static bool valid_import_path(const char *p) {
  if (!*p) return false;
  for (const unsigned char *s = (const unsigned char *)p; *s; s++) {
    if (*s <= 0x20 || *s == 0x7f) return false;
    if (strchr("!\"#$%&'()*,:;<=>?[\\]^`{|}", *s)) return false;
    if (s[0] == 0xef && s[1] == 0xbf && s[2] == 0xbd) return false;
  }
  return true;
}

static void add_import(fh_info *info, char *path, char *name, int line, int col) {
  info->imports = xrealloc(info->imports, (info->nimports + 1) * sizeof *info->imports);
  info->imports[info->nimports++] = (fh_import){path, name, line, col};
}

/* spec = [ ident | "." ] string . Leaves the token after the string. */
static void read_spec(reader *r, fh_info *info) {
  char *name = NULL;
  int line = r->tline, col = r->tcol;
  if (r->tok == T_IDENT) {
    name = xstrndup(r->src + r->tpos, r->tlen);
    next_token(r);
  } else if (r->tok == T_DOT) {
    name = xstrdup(".");
    next_token(r);
  }
  if (r->tok != T_STRING) {
    expected(r, "'STRING'");
    free(name);
    return;
  }
  if (r->err) {
    free(name);
    return;
  }
  char *path = fh_unquote(r->src + r->tpos, r->tlen);
  if (!path || !valid_import_path(path)) {
    char *lit = xstrndup(r->src + r->tpos, r->tlen);
    set_err(r, r->tline, r->tcol, "invalid import path: %s", lit);
    free(lit);
    free(path);
    free(name);
    return;
  }
  add_import(info, path, name, line, col);
  next_token(r);
}

static void add_embed(fh_info *info, char *pattern, int line, int col) {
  info->embeds = xrealloc(info->embeds, (info->nembeds + 1) * sizeof *info->embeds);
  info->embeds[info->nembeds++] = (fh_embed){pattern, line, col};
}

/* Parses the text after "//go:embed" into patterns, as go/build does: fields
 * separated by spaces, each bare or a Go string literal. A malformed line
 * contributes no patterns (the compiler reports it later). */
static void parse_embed_line(fh_info *info, const char *s, size_t n, int line, int col) {
  size_t nbefore = info->nembeds;
  size_t i = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
      i++;
    if (i >= n) break;
    size_t start = i;
    char *pat;
    if (s[i] == '"' || s[i] == '`') {
      char q = s[i++];
      while (i < n && s[i] != q)
        i += (q == '"' && s[i] == '\\') ? 2 : 1;
      if (i >= n) goto bad;
      i++;
      pat = fh_unquote(s + start, i - start);
      if (!pat) goto bad;
      if (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
        free(pat);
        goto bad;
      }
    } else {
      while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
        i++;
      pat = xstrndup(s + start, i - start);
    }
    add_embed(info, pat, line, col + (int)start);
  }
  return;
bad:
  for (size_t k = nbefore; k < info->nembeds; k++)
    free(info->embeds[k].pattern);
  info->nembeds = nbefore;
}

/* Scans src[pos:] for //go:embed lines outside strings and comments. */
static void find_embeds(reader *r, fh_info *info) {
  const char *s = r->src;
  size_t n = r->len, i = r->pos;
  int line = r->line;
  size_t line_start = r->line_start;
  bool line_blank = true; /* only blanks since the start of this line */
  for (size_t k = line_start; k < i; k++)
    if (s[k] != ' ' && s[k] != '\t') line_blank = false;
  while (i < n) {
    char c = s[i];
    if (c == '\n') {
      line++;
      line_start = ++i;
      line_blank = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      i++;
      continue;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '/') {
      const char *kw = "//go:embed";
      size_t kl = strlen(kw);
      if (line_blank && i + kl <= n && memcmp(s + i, kw, kl) == 0 &&
          (i + kl == n || s[i + kl] == ' ' || s[i + kl] == '\t')) {
        size_t e = i + kl;
        while (e < n && s[e] != '\n')
          e++;
        parse_embed_line(info, s + i + kl, e - i - kl, line, (int)(i + kl - line_start) + 1);
        i = e;
        continue;
      }
      while (i < n && s[i] != '\n')
        i++;
      continue;
    }
    line_blank = false;
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      i += 2;
      while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/')) {
        if (s[i] == '\n') {
          line++;
          line_start = i + 1;
        }
        i++;
      }
      i += 2;
      continue;
    }
    if (c == '"' || c == '\'') {
      i++;
      while (i < n && s[i] != c && s[i] != '\n')
        i += s[i] == '\\' ? 2 : 1;
      if (i < n && s[i] == c) i++;
      continue;
    }
    if (c == '`') {
      i++;
      while (i < n && s[i] != '`') {
        if (s[i] == '\n') {
          line++;
          line_start = i + 1;
        }
        i++;
      }
      i++;
      continue;
    }
    i++;
  }
}

int fh_read(const char *filename, const char *src, size_t len, fh_info *info) {
  memset(info, 0, sizeof *info);
  reader r = {.file = filename, .src = src, .len = len, .line = 1};
  if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) r.pos = 3;

  next_token(&r);
  if (!tok_is(&r, "package")) {
    expected(&r, "'package'");
    goto done;
  }
  if (r.ngrp > 0 && r.grp_end_line + 1 == r.tline) info->doc = group_text(&r);
  free(r.grp);
  r.grp = NULL;
  r.ngrp = 0;
  next_token(&r);
  if (r.tok != T_IDENT) {
    expected(&r, "'IDENT'");
    goto done;
  }
  info->pkgname = xstrndup(src + r.tpos, r.tlen);
  info->pkg_line = r.tline;
  info->pkg_col = r.tcol;
  next_token(&r);
  if (r.tok != T_SEMI && r.tok != T_EOF) {
    expected(&r, "';'");
    goto done;
  }
  if (r.tok == T_SEMI) next_token(&r);
  while (!r.err && tok_is(&r, "import")) {
    next_token(&r);
    if (r.tok == T_LPAREN) {
      next_token(&r);
      while (!r.err && r.tok != T_RPAREN && r.tok != T_EOF) {
        read_spec(&r, info);
        if (r.err) break;
        if (r.tok == T_SEMI)
          next_token(&r);
        else if (r.tok != T_RPAREN)
          expected(&r, "';'");
      }
      if (r.err) break;
      if (r.tok != T_RPAREN) {
        expected(&r, "')'");
        break;
      }
      next_token(&r);
    } else {
      read_spec(&r, info);
    }
    if (r.err) break;
    if (r.tok == T_SEMI)
      next_token(&r);
    else if (r.tok != T_EOF)
      expected(&r, "';'");
  }
done:
  /* go/build treats a NUL byte in the part it reads as a read error. */
  for (size_t i = 0; i < r.pos && i < len; i++) {
    if (src[i] == 0) {
      int line = 1;
      size_t ls = 0;
      for (size_t k = 0; k < i; k++)
        if (src[k] == '\n') {
          line++;
          ls = k + 1;
        }
      free(r.err);
      free(r.err_msg);
      r.err = NULL;
      set_err(&r, line, (int)(i - ls) + 1, "unexpected NUL in input%s", "");
      r.fatal = true;
      break;
    }
  }
  if (!r.err) {
    for (size_t i = 0; i < info->nimports; i++) {
      if (strcmp(info->imports[i].path, "embed") == 0) {
        /* Scan from the end of the header's last token: the //go:embed
         * comments right after the imports belong to the file too. */
        r.pos = (r.tok == T_EOF || r.newline_semi) ? r.cur_end : r.prev_end;
        r.line = 1;
        r.line_start = 0;
        for (size_t k = 0; k < r.pos; k++)
          if (src[k] == '\n') {
            r.line++;
            r.line_start = k + 1;
          }
        find_embeds(&r, info);
        break;
      }
    }
  }
  free(r.grp);
  info->err = r.err;
  info->err_msg = r.err_msg;
  info->err_line = r.err_line;
  info->err_col = r.err_col;
  info->fatal = r.fatal;
  return r.err ? -1 : 0;
}

void fh_free(fh_info *info) {
  free(info->pkgname);
  free(info->doc);
  for (size_t i = 0; i < info->nimports; i++) {
    free(info->imports[i].path);
    free(info->imports[i].name);
  }
  free(info->imports);
  for (size_t i = 0; i < info->nembeds; i++)
    free(info->embeds[i].pattern);
  free(info->embeds);
  free(info->err);
  free(info->err_msg);
  memset(info, 0, sizeof *info);
}

/* ---- package synopsis (go/doc.Synopsis) ---- */

static bool ascii_upper(unsigned c) {
  return c >= 'A' && c <= 'Z';
}

char *fh_synopsis(const char *text) {
  /* firstSentence: up to the first ". " not after a lone capital (an
   * initial), or after an ideographic full stop. */
  size_t n = strlen(text), cut = n;
  unsigned ppp = ' ', pp = ' ', p = ' ';
  for (size_t i = 0; i < n; i++) {
    unsigned q = (unsigned char)text[i];
    if (q == '\n' || q == '\r' || q == '\t') q = ' ';
    if (q == ' ' && p == '.' && (!ascii_upper(pp) || ascii_upper(ppp))) {
      cut = i;
      break;
    }
    if (i >= 3 &&
        (memcmp(text + i - 3, "\xe3\x80\x82", 3) == 0 || memcmp(text + i - 3, "\xef\xbc\x8e", 3) == 0)) {
      cut = i;
      break;
    }
    if ((q & 0xc0) == 0x80) continue; /* continuation bytes are not runes */
    ppp = pp, pp = p, p = q;
  }
  char *s = xstrndup(text, cut);
  char lower[16] = {0};
  for (size_t i = 0; i < 15 && s[i]; i++)
    lower[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
  if (strncmp(lower, "copyright", 9) == 0 || strncmp(lower, "all rights", 10) == 0 ||
      strncmp(lower, "author", 6) == 0 || s[0] == ' ' || s[0] == '\t' || (s[0] == '#' && s[1] == ' ')) {
    free(s);
    return xstrdup("");
  }
  /* the first paragraph, as one line: fields joined by one space, with
   * `` and '' as curly quotes (doc links keep their brackets in text) */
  strbuf b = {0};
  strbuf_append(&b, "", 0);
  bool space = false;
  for (size_t i = 0; s[i]; i++) {
    if (s[i] == '\n' && s[i + 1] == '\n') break;
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = b.len > 0;
      continue;
    }
    if (space) strbuf_putc(&b, ' ');
    space = false;
    if (c == '`' && s[i + 1] == '`') {
      strbuf_puts(&b, "\xe2\x80\x9c");
      i++;
    } else if (c == '\'' && s[i + 1] == '\'') {
      strbuf_puts(&b, "\xe2\x80\x9d");
      i++;
    } else {
      strbuf_putc(&b, c);
    }
  }
  free(s);
  return b.data;
}
