/*
 * source.c: positions, //line directives and diagnostics.
 *
 * A SynPos records the physical position (offset, line, byte column) plus
 * the index of the position base in effect (SynFile.bases). Bases are
 * appended by line directives and never change afterwards, so a SynPos can
 * be resolved at any time, long after parsing:
 *   line = base.line + (pos.line - base.line_at)
 *   col  = base.col == 0 ? 0 (unknown)
 *        : pos.line == base.line_at ? base.col + (pos.col - base.col_at)
 *        : pos.col
 * which is gc's rule (cmd/compile's syntax.Pos.RelLine/RelCol).
 *
 * Directive syntax (see `go doc cmd/compile`): "//line name:line[:col]" at
 * the start of a line takes effect at the start of the next line;
 * the block form (slash-star "line name:line[:col]" star-slash) anywhere takes effect right after the
 * comment. The text is split at the last colon(s); if there is no colon the comment is not a directive; a
 * malformed number is an error ("invalid line number"). With a column and an empty name, the previous file
 * name is kept.
 *
 * Diagnostics: syn_error_at formats the message (vsnprintf into a stack
 * buffer, then copied to the arena so the sink may keep it), resolves the
 * position and calls the sink. After an error at EOF following another
 * error, the parser suppresses follow-up errors (see parser.c).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

void syn_pos_resolve(const SynFile *f, SynPos pos, SynStr *filename, uint32_t *line, uint32_t *col) {
  const SynPosBase *b = &f->bases[pos.base < f->nbases ? pos.base : 0];
  if (filename) *filename = b->filename;
  uint32_t l = pos.line, c = pos.col;
  if (pos.base != 0) {
    l = b->line + (pos.line - b->line_at);
    if (b->col == 0)
      c = 0;
    else if (pos.line == b->line_at)
      c = b->col + (pos.col - b->col_at);
  }
  if (line) *line = l;
  if (col) *col = c;
}

void syn_error_at(Scanner *s, SynPos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  syn_verror(s, pos, false, fmt, ap);
  va_end(ap);
}

void syn_verror(Scanner *s, SynPos pos, bool soft, const char *fmt, va_list ap) {
  char buf[512];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  s->nerrors++;
  s->file->nerrors = s->nerrors;
  char *msg = syn_arena_strdup(s->arena, buf, (size_t)n);
  if (!s->first_err) s->first_err = msg;
  if (!s->errfn) return;
  SynError e;
  SynStr fn;
  e.pos = pos;
  syn_pos_resolve(s->file, pos, &fn, &e.line, &e.col);
  e.filename = syn_arena_strdup(s->arena, fn.ptr, fn.len);
  e.msg = msg;
  e.soft = soft;
  s->errfn(s->errctx, &e);
}

static SynPosBase *new_base(Scanner *s) {
  SynFile *f = s->file;
  if (f->nbases == s->bases_cap) {
    uint32_t cap = s->bases_cap * 2;
    SynPosBase *nb = syn_arena_alloc(s->arena, cap * sizeof *nb);
    memcpy(nb, f->bases, f->nbases * sizeof *nb);
    f->bases = nb;
    s->bases_cap = cap;
  }
  return &f->bases[f->nbases++];
}

/* Finds the last ':' in t[0:n). Returns the index just after it (0 if there
 * is no colon) and parses the digits after it into *val (*ok = all digits,
 * non-empty, fits). */
static size_t trailing_digits(const char *t, size_t n, uint32_t *val, bool *ok) {
  size_t i = n;
  while (i > 0 && t[i - 1] != ':')
    i--;
  *ok = false;
  *val = 0;
  if (i == 0) return 0;
  uint64_t v = 0;
  if (i == n) return i;
  for (size_t j = i; j < n; j++) {
    if (t[j] < '0' || t[j] > '9') return i;
    v = v * 10 + (uint64_t)(t[j] - '0');
    if (v > (1u << 30)) return i;
  }
  *val = (uint32_t)v;
  *ok = true;
  return i;
}

/* text/len: the directive text after "line " (for the block form, without the
 * closing star-slash). after: the byte just after the comment. */
void scanner_line_directive(Scanner *s, const char *text, size_t len, const char *after, bool block) {
  uint32_t n, n2;
  bool ok, ok2;
  SynPos tpos = scanner_pos_at(s, text);
  size_t i = trailing_digits(text, len, &n, &ok);
  if (i == 0) return;
  if (!ok) {
    tpos.off += (uint32_t)i;
    tpos.col += (uint32_t)i;
    syn_error_at(s, tpos, "invalid line number: %.*s", (int)(len - i), text + i);
    return;
  }
  uint32_t line, col = 0;
  size_t i2 = trailing_digits(text, i - 1, &n2, &ok2);
  size_t name_end;
  if (ok2) {
    line = n2;
    col = n;
    if (col == 0) {
      tpos.off += (uint32_t)i;
      tpos.col += (uint32_t)i;
      syn_error_at(s, tpos, "invalid column number: %.*s", (int)(len - i), text + i);
      return;
    }
    name_end = i2 - 1;
    i = i2;
  } else {
    line = n;
    name_end = i - 1;
  }
  if (line == 0) {
    tpos.off += (uint32_t)i;
    tpos.col += (uint32_t)i;
    syn_error_at(s, tpos, "invalid line number: %.*s", (int)(len - i), text + i);
    return;
  }
  SynStr fname = {text, (uint32_t)name_end};
  if (name_end == 0 && ok2) fname = s->file->bases[s->pending_base ? s->pending_base : s->cur_base].filename;
  uint32_t idx = s->file->nbases;
  SynPosBase *b = new_base(s);
  b->filename = fname;
  b->line = line;
  b->col = col;
  if (block) {
    b->line_at = s->line;
    b->col_at = (uint32_t)(after - s->line_start) + 1;
    s->cur_base = idx;
    s->pending_base = 0;
  } else {
    b->line_at = s->line + 1;
    b->col_at = 1;
    s->pending_base = idx;
    s->pending_line = s->line + 1;
  }
}

static const char *const tok_names[T_COUNT] = {
    [T_EOF] = "EOF",
    [T_NAME] = "name",
    [T_LITERAL] = "literal",
    [T_OPERATOR] = "op",
    [T_ASSIGN_OP] = "op=",
    [T_INC_OP] = "opop",
    [T_ASSIGN] = "=",
    [T_DEFINE] = ":=",
    [T_ARROW] = "<-",
    [T_STAR] = "*",
    [T_LPAREN] = "(",
    [T_LBRACK] = "[",
    [T_LBRACE] = "{",
    [T_RPAREN] = ")",
    [T_RBRACK] = "]",
    [T_RBRACE] = "}",
    [T_COMMA] = "comma",
    [T_SEMI] = "semicolon or newline",
    [T_COLON] = ":",
    [T_DOT] = ".",
    [T_DOTDOTDOT] = "...",
    [T_BREAK] = "break",
    [T_CASE] = "case",
    [T_CHAN] = "chan",
    [T_CONST] = "const",
    [T_CONTINUE] = "continue",
    [T_DEFAULT] = "default",
    [T_DEFER] = "defer",
    [T_ELSE] = "else",
    [T_FALLTHROUGH] = "fallthrough",
    [T_FOR] = "for",
    [T_FUNC] = "func",
    [T_GO] = "go",
    [T_GOTO] = "goto",
    [T_IF] = "if",
    [T_IMPORT] = "import",
    [T_INTERFACE] = "interface",
    [T_MAP] = "map",
    [T_PACKAGE] = "package",
    [T_RANGE] = "range",
    [T_RETURN] = "return",
    [T_SELECT] = "select",
    [T_STRUCT] = "struct",
    [T_SWITCH] = "switch",
    [T_TYPE] = "type",
    [T_VAR] = "var",
};

/* The English word for a token in "expecting X" messages (gc's tokstring). */
const char *tok_string(Token t) {
  if ((unsigned)t < T_COUNT && tok_names[t]) return tok_names[t];
  return "?";
}

size_t syn_utf8_encode(char *out, uint32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  if (r < 0x80) {
    out[0] = (char)r;
    return 1;
  }
  if (r < 0x800) {
    out[0] = (char)(0xC0 | (r >> 6));
    out[1] = (char)(0x80 | (r & 0x3F));
    return 2;
  }
  if (r < 0x10000) {
    out[0] = (char)(0xE0 | (r >> 12));
    out[1] = (char)(0x80 | ((r >> 6) & 0x3F));
    out[2] = (char)(0x80 | (r & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (r >> 18));
  out[1] = (char)(0x80 | ((r >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((r >> 6) & 0x3F));
  out[3] = (char)(0x80 | (r & 0x3F));
  return 4;
}
