/*
 * parser.c: Go 1.19 source file -> AST (recursive descent, one token of
 * lookahead).
 *
 * Design
 * - The grammar functions follow the spec's productions (named in the
 *   comment above each function) and resolve the spec's ambiguities the way
 *   gc's syntax package does, so that rog accepts and rejects the same
 *   programs and reports errors in the same words:
 *     * composite literal vs block: `T{` starts a literal only if T may be
 *       a type and we are not directly in a statement header
 *       (xnest < 0 inside if/for/switch headers, reset by parentheses);
 *     * `type T[...` is a type parameter list or an array length: parse
 *       the bracket's contents as an expression, then split it into
 *       "name constraint" if it syntactically can be one (extract_name);
 *     * `name [` in parameter lists and struct fields is an instantiated
 *       type or an array type depending on what follows (array_or_targs);
 *     * `<-chan T` vs receive of a conversion: parse a unary expression,
 *       then re-associate the arrow if the operand is a channel type.
 * - Errors: syntax_error() builds "syntax error: unexpected TOK, expecting
 *   X" from the current token; after an error, advance() skips to a token
 *   in a follow set (plus, inside functions, statement keywords). Once an
 *   error was reported, further errors at EOF are suppressed (they are
 *   always follow-ups).
 * - Memory: nodes come from the arena; lists are collected on the parser's
 *   scratch stack (stk, a malloc'ed vector reused for the whole file) and
 *   frozen into the arena with one copy (freeze()). Nested lists are fine:
 *   each list remembers its stack mark.
 * - Robustness: nesting depth is bounded (MAX_DEPTH) so hostile input
 *   cannot overflow the C stack; every loop either consumes a token or
 *   exits, so the parser always terminates.
 * Rejected: an operator-precedence table parser for types and expressions
 * together (Go types are expressions here anyway; the plain recursive
 * binary_expr with precedence climbing is short and fast).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

#define MAX_DEPTH 1000

typedef struct Parser {
  Scanner s;
  SynArena *a;
  SynNode **stk;
  uint32_t sp, cap;
  int fnest; /* function nesting (for advance's stop set) */
  int xnest; /* expression nesting; < 0 in statement headers */
  int depth; /* recursion depth guard */
  bool too_deep;
  bool no_check; /* inside `type T[...` analysis: operands may be types */
  uint32_t groups;
  SynNode **dots; /* [...]T array types not (yet) used as a complit type */
  uint32_t ndots, dots_cap;
} Parser;

#define TOK (p->s.tok)
#define BIT(t) ((uint64_t)1 << (t))

static SynNode *expr(Parser *p);
static SynNode *expr_list(Parser *p);
static SynNode *unary_expr(Parser *p);
static SynNode *binary_expr(Parser *p, SynNode *x, int prec);
static SynNode *pexpr(Parser *p, SynNode *x, bool keep_parens);
static SynNode *type_or_nil(Parser *p);
static SynNode *type_(Parser *p);
static SynNode *func_type(Parser *p, const char *context, SynList *tparams);
static SynList param_list(Parser *p, SynNode *name, SynNode *typ, Token close, bool require_names);
static SynNode *block_stmt(Parser *p, const char *context);
static SynList stmt_list(Parser *p);
static SynNode *stmt_or_nil(Parser *p);
static SynNode *embedded_elem(Parser *p, SynNode *f);
static SynNode *qualified_name(Parser *p, SynNode *name);

/* ---- helpers ------------------------------------------------------------ */

static void next(Parser *p) {
  scanner_next(&p->s);
}

static SynNode *node(Parser *p, SynKind k, SynPos pos) {
  return syn_new(p->a, k, pos);
}

static void push(Parser *p, SynNode *n) {
  if (p->sp == p->cap) p->stk = syn_grow(p->stk, &p->cap, sizeof *p->stk, 256);
  p->stk[p->sp++] = n;
}

/* Moves stk[mark:sp) into an arena list and pops it. */
static SynList freeze(Parser *p, uint32_t mark) {
  SynList l = {NULL, 0};
  if (p->sp > mark) l = syn_list_from(p->a, p->stk + mark, p->sp - mark);
  p->sp = mark;
  return l;
}

static bool has_prefix(const char *s, const char *pre) {
  return strncmp(s, pre, strlen(pre)) == 0;
}

/* gc's syntaxErrorAt: msg "" / "in ..." / "at ..." / "after ..." /
 * "expecting ..." describe the current token; other messages stand alone. */
static void syntax_error_at(Parser *p, SynPos pos, const char *msg) {
  if (TOK == T_EOF && p->s.first_err) return;
  const char *sep;
  if (msg[0] == 0)
    sep = "";
  else if (has_prefix(msg, "in ") || has_prefix(msg, "at ") || has_prefix(msg, "after "))
    sep = " ";
  else if (has_prefix(msg, "expecting "))
    sep = ", ";
  else {
    syn_error_at(&p->s, pos, "syntax error: %s", msg);
    return;
  }
  char tok[64];
  switch (TOK) {
  case T_NAME:
  case T_SEMI:
    snprintf(tok, sizeof tok, "%.*s", (int)p->s.lit.len, p->s.lit.ptr);
    break;
  case T_LITERAL:
    snprintf(tok, sizeof tok, "literal %.*s", (int)(p->s.lit.len > 40 ? 40 : p->s.lit.len), p->s.lit.ptr);
    break;
  case T_OPERATOR:
    snprintf(tok, sizeof tok, "%s", syn_op_string(p->s.op));
    break;
  case T_ASSIGN_OP:
    snprintf(tok, sizeof tok, "%s=", syn_op_string(p->s.op));
    break;
  case T_INC_OP:
    snprintf(tok, sizeof tok, "%s%s", syn_op_string(p->s.op), syn_op_string(p->s.op));
    break;
  default:
    snprintf(tok, sizeof tok, "%s", tok_string(TOK));
    break;
  }
  syn_error_at(&p->s, pos, "syntax error: unexpected %s%s%s", tok, sep, msg);
}

static void syntax_error(Parser *p, const char *msg) {
  syntax_error_at(p, p->s.pos, msg);
}

static void error_at(Parser *p, SynPos pos, const char *msg) {
  syn_error_at(&p->s, pos, "%s", msg);
}

static const uint64_t stopset = BIT(T_BREAK) | BIT(T_CONST) | BIT(T_CONTINUE) | BIT(T_DEFER) |
                                BIT(T_FALLTHROUGH) | BIT(T_FOR) | BIT(T_GO) | BIT(T_GOTO) | BIT(T_IF) |
                                BIT(T_RETURN) | BIT(T_SELECT) | BIT(T_SWITCH) | BIT(T_TYPE) | BIT(T_VAR);

/* Skips tokens until one in follow (or, inside functions, a statement
 * keyword). With follow == 0, skips exactly one token. */
static void advance(Parser *p, uint64_t follow) {
  uint64_t set = BIT(T_EOF);
  if (follow) {
    if (p->fnest > 0) set |= stopset;
    set |= follow;
  }
  while (!(set & BIT(TOK))) {
    next(p);
    if (!follow) break;
  }
}

static bool got(Parser *p, Token t) {
  if (TOK == t) {
    next(p);
    return true;
  }
  return false;
}

static void want(Parser *p, Token t) {
  if (!got(p, t)) {
    char msg[64];
    snprintf(msg, sizeof msg, "expecting %s", tok_string(t));
    syntax_error(p, msg);
    advance(p, 0);
  }
}

static bool got_assign(Parser *p) {
  if (TOK == T_DEFINE) {
    syntax_error(p, "expecting =");
    next(p);
    return true;
  }
  if (TOK == T_ASSIGN) {
    next(p);
    return true;
  }
  return false;
}

static bool enter(Parser *p) {
  if (++p->depth > MAX_DEPTH) {
    if (!p->too_deep) syn_error_at(&p->s, p->s.pos, "syntax error: nesting too deep");
    p->too_deep = true;
    return false;
  }
  return true;
}

static void leave(Parser *p) {
  p->depth--;
}

static SynNode *bad_expr(Parser *p) {
  return node(p, SYN_BAD, p->s.pos);
}

static SynNode *new_name(Parser *p, SynPos pos, const char *s) {
  SynNode *n = node(p, SYN_NAME, pos);
  n->u.name.value.ptr = s;
  n->u.name.value.len = (uint32_t)strlen(s);
  return n;
}

static SynNode *unparen(SynNode *x) {
  while (x && x->kind == SYN_PAREN)
    x = x->u.paren.x;
  return x;
}

/* The first position of an expression (gc's StartPos), for messages. */
static SynPos start_pos(SynNode *n) {
  for (;;) {
    switch (n->kind) {
    case SYN_COMPOSITE_LIT:
      if (!n->u.composite.type) return n->pos;
      n = n->u.composite.type;
      continue;
    case SYN_KEY_VALUE:
      n = n->u.key_value.key;
      continue;
    case SYN_SELECTOR:
      n = n->u.selector.x;
      continue;
    case SYN_INDEX:
      n = n->u.index.x;
      continue;
    case SYN_SLICE:
      n = n->u.slice.x;
      continue;
    case SYN_ASSERT:
      n = n->u.assert.x;
      continue;
    case SYN_TYPE_SWITCH_GUARD:
      if (n->u.guard.lhs) {
        n = n->u.guard.lhs;
        continue;
      }
      n = n->u.guard.x;
      continue;
    case SYN_OPERATION:
      if (n->u.operation.y) {
        n = n->u.operation.x;
        continue;
      }
      return n->pos;
    case SYN_CALL:
      n = n->u.call.fun;
      continue;
    case SYN_LIST_EXPR:
      if (n->u.list.elems.len) {
        n = n->u.list.elems.items[0];
        continue;
      }
      return n->pos;
    default:
      return n->pos;
    }
  }
}

/* ---- small expression printer for messages ("cannot use x := 0 as value") */

typedef struct Buf {
  char *p;
  size_t n, cap;
} Buf;

static void bputs(Buf *b, const char *s, size_t n) {
  while (n-- && b->n + 1 < b->cap)
    b->p[b->n++] = *s++;
  b->p[b->n] = 0;
}

static void bstr(Buf *b, const char *s) {
  bputs(b, s, strlen(s));
}

static void print_expr(Buf *b, const SynNode *n, int depth);

static void print_fields(Buf *b, SynList l, const char *sep, int depth) {
  for (uint32_t i = 0; i < l.len; i++) {
    if (i) bstr(b, sep);
    print_expr(b, l.items[i], depth + 1);
  }
}

/* x open y close: selectors, index expressions, type assertions */
static void print_postfix(Buf *b, const SynNode *x, const char *open, const SynNode *y, const char *close,
                          int depth) {
  print_expr(b, x, depth + 1);
  bstr(b, open);
  print_expr(b, y, depth + 1);
  bstr(b, close);
}

static void print_expr(Buf *b, const SynNode *n, int depth) {
  if (!n || depth > 20) {
    bstr(b, "…");
    return;
  }
  switch (n->kind) {
  case SYN_NAME:
    bputs(b, n->u.name.value.ptr, n->u.name.value.len);
    break;
  case SYN_BASIC_LIT:
    bputs(b, n->u.lit.value.ptr, n->u.lit.value.len);
    break;
  case SYN_PAREN:
    bstr(b, "(");
    print_expr(b, n->u.paren.x, depth + 1);
    bstr(b, ")");
    break;
  case SYN_SELECTOR:
    print_postfix(b, n->u.selector.x, ".", n->u.selector.sel, "", depth);
    break;
  case SYN_INDEX:
    print_postfix(b, n->u.index.x, "[", n->u.index.index, "]", depth);
    break;
  case SYN_OPERATION:
    if (!n->u.operation.y) {
      bstr(b, syn_op_string(n->op));
      print_expr(b, n->u.operation.x, depth + 1);
    } else {
      print_expr(b, n->u.operation.x, depth + 1);
      bstr(b, " ");
      bstr(b, syn_op_string(n->op));
      bstr(b, " ");
      print_expr(b, n->u.operation.y, depth + 1);
    }
    break;
  case SYN_CALL:
    print_expr(b, n->u.call.fun, depth + 1);
    bstr(b, "(");
    for (uint32_t i = 0; i < n->u.call.args.len; i++) {
      if (i) bstr(b, ", ");
      print_expr(b, n->u.call.args.items[i], depth + 1);
    }
    if (n->flags & SYN_F_HAS_DOTS) bstr(b, "...");
    bstr(b, ")");
    break;
  case SYN_LIST_EXPR:
    for (uint32_t i = 0; i < n->u.list.elems.len; i++) {
      if (i) bstr(b, ", ");
      print_expr(b, n->u.list.elems.items[i], depth + 1);
    }
    break;
  case SYN_ASSIGN_STMT:
    print_expr(b, n->u.assign.lhs, depth + 1);
    if (!n->u.assign.rhs) {
      bstr(b, syn_op_string(n->op));
      bstr(b, syn_op_string(n->op));
      break;
    }
    bstr(b, " ");
    if (n->op != SYN_OP_NONE) bstr(b, syn_op_string(n->op));
    bstr(b, "= ");
    print_expr(b, n->u.assign.rhs, depth + 1);
    break;
  case SYN_SEND_STMT:
    print_expr(b, n->u.send.chan, depth + 1);
    bstr(b, " <- ");
    print_expr(b, n->u.send.value, depth + 1);
    break;
  case SYN_RANGE_CLAUSE:
    bstr(b, "range ");
    print_expr(b, n->u.range.x, depth + 1);
    break;
  case SYN_ARRAY_TYPE:
    bstr(b, "[");
    if (n->u.array.len)
      print_expr(b, n->u.array.len, depth + 1);
    else
      bstr(b, "...");
    bstr(b, "]");
    print_expr(b, n->u.array.elem, depth + 1);
    break;
  case SYN_SLICE_TYPE:
    bstr(b, "[]");
    print_expr(b, n->u.elem.elem, depth + 1);
    break;
  case SYN_DOTS_TYPE:
    bstr(b, "...");
    print_expr(b, n->u.elem.elem, depth + 1);
    break;
  case SYN_MAP_TYPE:
    bstr(b, "map[");
    print_expr(b, n->u.map_type.key, depth + 1);
    bstr(b, "]");
    print_expr(b, n->u.map_type.value, depth + 1);
    break;
  case SYN_CHAN_TYPE:
    bstr(b, n->op == SYN_CHAN_RECV ? "<-chan " : n->op == SYN_CHAN_SEND ? "chan<- " : "chan ");
    print_expr(b, n->u.chan_type.elem, depth + 1);
    break;
  case SYN_FUNC_TYPE: {
    bstr(b, "func(");
    print_fields(b, n->u.func_type.params, ", ", depth);
    bstr(b, ")");
    SynList r = n->u.func_type.results;
    if (r.len == 1 && !r.items[0]->u.field.name) {
      bstr(b, " ");
      print_expr(b, r.items[0]->u.field.type, depth + 1);
    } else if (r.len) {
      bstr(b, " (");
      print_fields(b, r, ", ", depth);
      bstr(b, ")");
    }
    break;
  }
  case SYN_TYPE_SWITCH_GUARD:
    if (n->u.guard.lhs) {
      print_expr(b, n->u.guard.lhs, depth + 1);
      bstr(b, " := ");
    }
    print_expr(b, n->u.guard.x, depth + 1);
    bstr(b, ".(type)");
    break;
  case SYN_ASSERT:
    print_postfix(b, n->u.assert.x, ".(", n->u.assert.type, ")", depth);
    break;
  case SYN_STRUCT_TYPE:
    bstr(b, "struct{");
    print_fields(b, n->u.struct_type.fields, "; ", depth);
    bstr(b, "}");
    break;
  case SYN_INTERFACE_TYPE:
    bstr(b, "interface{");
    print_fields(b, n->u.interface_type.methods, "; ", depth);
    bstr(b, "}");
    break;
  case SYN_FIELD:
    if (n->u.field.name) {
      print_expr(b, n->u.field.name, depth + 1);
      if (n->u.field.type && n->u.field.type->kind == SYN_FUNC_TYPE) {
        /* interface method: m(params) results */
        SynNode *ft = n->u.field.type;
        bstr(b, "(");
        print_fields(b, ft->u.func_type.params, ", ", depth);
        bstr(b, ")");
        if (ft->u.func_type.results.len) {
          bstr(b, " ");
          print_fields(b, ft->u.func_type.results, ", ", depth);
        }
        break;
      }
      bstr(b, " ");
    }
    print_expr(b, n->u.field.type, depth + 1);
    break;
  case SYN_FUNC_LIT:
    bstr(b, "func literal");
    break;
  case SYN_COMPOSITE_LIT:
    if (n->u.composite.type) print_expr(b, n->u.composite.type, depth + 1);
    bstr(b, "{…}");
    break;
  default:
    bstr(b, "…");
    break;
  }
}

/* ---- checks that gc leaves to its type checker but Go's own parser
 * (go/parser, and so gofmt) makes while parsing. rog reports them here, in
 * gc's (types2's) words, so that "does this file parse" has the same answer
 * as Go's parser; the programs involved are all invalid Go either way. */

static void soft_error(Parser *p, SynPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void soft_error(Parser *p, SynPos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  syn_verror(&p->s, pos, true, fmt, ap);
  va_end(ap);
}

/* A soft error whose single %s is the printed expression x. */
static void exprf(Parser *p, SynPos pos, const char *fmt, const SynNode *x) {
  char buf[256];
  Buf b = {buf, 0, sizeof buf};
  buf[0] = 0;
  print_expr(&b, x, 0);
  soft_error(p, pos, fmt, buf);
}

static bool is_raw_type(const SynNode *x) {
  switch (x->kind) {
  case SYN_ARRAY_TYPE:
  case SYN_SLICE_TYPE:
  case SYN_STRUCT_TYPE:
  case SYN_FUNC_TYPE:
  case SYN_INTERFACE_TYPE:
  case SYN_MAP_TYPE:
  case SYN_CHAN_TYPE:
  case SYN_DOTS_TYPE:
    return true;
  default:
    return false;
  }
}

/* A type literal where a value is required ("var f = func(int)"). */
static SynNode *check_expr(Parser *p, SynNode *x) {
  if (p->no_check || (TOK == T_EOF && p->s.first_err)) return x;
  SynNode *t = unparen(x);
  if (t && is_raw_type(t)) exprf(p, start_pos(x), "%s (type) is not an expression", x);
  return x;
}

/* Could x be a type, syntactically? (type switch cases) */
static bool is_type_syntax_d(const SynNode *x, int d) {
  if (d > 500) return true;
  switch (x->kind) {
  case SYN_NAME:
  case SYN_BAD:
    return true;
  case SYN_SELECTOR:
    return x->u.selector.x->kind == SYN_NAME;
  case SYN_INDEX:
    return is_type_syntax_d(x->u.index.x, d + 1);
  case SYN_PAREN:
    return is_type_syntax_d(x->u.paren.x, d + 1);
  case SYN_OPERATION:
    return x->op == SYN_OP_MUL && !x->u.operation.y && is_type_syntax_d(x->u.operation.x, d + 1);
  default:
    return is_raw_type(x);
  }
}

static bool is_type_syntax(const SynNode *x) {
  return is_type_syntax_d(x, 0);
}

static void note_dots_array(Parser *p, SynNode *t) {
  if (p->ndots == p->dots_cap) p->dots = syn_grow(p->dots, &p->dots_cap, sizeof *p->dots, 16);
  p->dots[p->ndots++] = t;
}

/* [...]T is only valid as the type of a composite literal. */
static void check_dots_arrays(Parser *p) {
  for (uint32_t i = 0; i < p->ndots; i++)
    if (p->dots[i])
      soft_error(p, p->dots[i]->pos, "invalid use of [...] array (outside a composite literal)");
  p->ndots = 0;
}

static bool is_unicode_space(uint32_t r) {
  return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 || r == 0x1680 ||
         (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F ||
         r == 0x3000;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Unquotes a (valid) string literal into out (cap >= lit.len). */
static size_t unquote(SynStr lit, char *out) {
  size_t n = 0;
  const char *s = lit.ptr + 1, *e = lit.ptr + lit.len - 1;
  if (lit.ptr[0] == '`') {
    for (; s < e; s++)
      if (*s != '\r') out[n++] = *s;
    return n;
  }
  while (s < e) {
    if (*s != '\\') {
      out[n++] = *s++;
      continue;
    }
    s++;
    char c = *s++;
    uint32_t v = 0;
    int digits = 0;
    switch (c) {
    case 'a':
      out[n++] = '\a';
      continue;
    case 'b':
      out[n++] = '\b';
      continue;
    case 'f':
      out[n++] = '\f';
      continue;
    case 'n':
      out[n++] = '\n';
      continue;
    case 'r':
      out[n++] = '\r';
      continue;
    case 't':
      out[n++] = '\t';
      continue;
    case 'v':
      out[n++] = '\v';
      continue;
    case 'x':
      digits = 2;
      break;
    case 'u':
      digits = 4;
      break;
    case 'U':
      digits = 8;
      break;
    default:
      if (c >= '0' && c <= '7') {
        v = (uint32_t)(c - '0');
        for (int i = 0; i < 2 && s < e; i++)
          v = v * 8 + (uint32_t)(*s++ - '0');
        out[n++] = (char)v;
        continue;
      }
      out[n++] = c; /* \\ \" \' */
      continue;
    }
    for (int i = 0; i < digits && s < e; i++) {
      int h = hexval(*s++);
      v = v * 16 + (uint32_t)(h < 0 ? 0 : h);
    }
    if (c == 'x')
      out[n++] = (char)v;
    else
      n += syn_utf8_encode(out + n, v);
  }
  return n;
}

/* types2's import path rules (validatedImportPath), which match go/parser's
 * isValidImport: non-empty; no spaces, non-graphic or special characters. */
static void check_import_path(Parser *p, SynNode *lit) {
  SynStr v = lit->u.lit.value;
  char *buf = malloc(v.len * 2 + 8);
  if (!buf) abort();
  size_t n = unquote(v, buf);
  char msg[80];
  msg[0] = 0;
  if (n == 0) snprintf(msg, sizeof msg, "empty string");
  for (size_t i = 0; i < n && !msg[0];) {
    unsigned char c = (unsigned char)buf[i];
    uint32_t r = c;
    size_t size = 1;
    if (c >= 0x80) {
      /* decode; invalid sequences count as U+FFFD, as Go's range does */
      int need = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xC2 && c <= 0xDF ? 1 : -1;
      if (need > 0 && i + (size_t)need < n + 1 && i + (size_t)need <= n - 1 + 1) {
        r = c & (0x3F >> need);
        for (int k = 1; k <= need && need > 0; k++) {
          if (i + (size_t)k >= n || ((unsigned char)buf[i + (size_t)k] & 0xC0) != 0x80) {
            need = -1;
            break;
          }
          r = (r << 6) | ((unsigned char)buf[i + (size_t)k] & 0x3F);
        }
      } else {
        need = -1;
      }
      if (need < 0 || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        r = 0xFFFD;
      else
        size = (size_t)need + 1;
    }
    bool bad = r == 0xFFFD || is_unicode_space(r) || r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) ||
               (r < 0x80 && strchr("!\"#$%&'()*,:;<=>?[\\]^`{|}", (int)r));
    if (bad) {
      char u[32];
      snprintf(msg, sizeof msg, "invalid character %s", syn_fmt_U(u, sizeof u, r));
    }
    i += size;
  }
  free(buf);
  if (!msg[0]) return;
  lit->flags |= SYN_F_BAD_LIT;
  soft_error(p, lit->pos, "invalid import path (%s)", msg);
}

/* ---- common productions --------------------------------------------------- */

/* Name = identifier . */
static SynNode *name(Parser *p) {
  if (TOK == T_NAME) {
    SynNode *n = node(p, SYN_NAME, p->s.pos);
    n->u.name.value = p->s.lit;
    next(p);
    return n;
  }
  SynNode *n = new_name(p, p->s.pos, "_");
  syntax_error(p, "expecting name");
  advance(p, 0);
  return n;
}

/* IdentifierList = identifier { "," identifier } . (first already parsed) */
static SynList name_list(Parser *p, SynNode *first) {
  uint32_t mark = p->sp;
  push(p, first);
  while (got(p, T_COMMA))
    push(p, name(p));
  return freeze(p, mark);
}

static SynNode *oliteral(Parser *p) {
  if (TOK != T_LITERAL) return NULL;
  SynNode *b = node(p, SYN_BASIC_LIT, p->s.pos);
  b->u.lit.value = p->s.lit;
  b->op = p->s.kind;
  if (p->s.bad) b->flags |= SYN_F_BAD_LIT;
  next(p);
  return b;
}

static SynNode *new_list_expr(Parser *p, uint32_t mark) {
  SynNode *l = node(p, SYN_LIST_EXPR, p->stk[mark]->pos);
  l->u.list.elems = freeze(p, mark);
  return l;
}

/* ExpressionList = Expression { "," Expression } . */
static SynNode *expr_list_nocheck(Parser *p) {
  SynNode *x = expr(p);
  if (TOK != T_COMMA) return x;
  uint32_t mark = p->sp;
  push(p, x);
  while (got(p, T_COMMA))
    push(p, expr(p));
  return new_list_expr(p, mark);
}

/* As go/parser, elements of value lists must not be types. */
static SynNode *expr_list(Parser *p) {
  SynNode *x = expr_list_nocheck(p);
  if (x->kind == SYN_LIST_EXPR) {
    for (uint32_t i = 0; i < x->u.list.elems.len; i++)
      check_expr(p, x->u.list.elems.items[i]);
  } else {
    check_expr(p, x);
  }
  return x;
}

/* typeList = arg { "," arg } [ "," ] . (first may be any expression) */
static SynNode *type_list(Parser *p, bool *comma) {
  p->xnest++;
  SynNode *x = expr(p);
  *comma = false;
  if (got(p, T_COMMA)) {
    *comma = true;
    SynNode *t = type_or_nil(p);
    if (t) {
      uint32_t mark = p->sp;
      push(p, x);
      push(p, t);
      while (got(p, T_COMMA)) {
        t = type_or_nil(p);
        if (!t) break;
        push(p, t);
      }
      x = new_list_expr(p, mark);
    }
  }
  p->xnest--;
  return x;
}

/* QualifiedIdent = [ PackageName "." ] identifier [ TypeArgs ] . */
static SynNode *type_instance(Parser *p, SynNode *typ) {
  SynNode *x = node(p, SYN_INDEX, p->s.pos);
  want(p, T_LBRACK);
  x->u.index.x = typ;
  if (TOK == T_RBRACK) {
    syntax_error(p, "expecting type");
    x->u.index.index = bad_expr(p);
  } else {
    bool comma;
    SynNode *l = type_list(p, &comma);
    x->u.index.index = l;
    /* in a type, the arguments of an instantiation must be types */
    SynList args = {&x->u.index.index, 1};
    if (l->kind == SYN_LIST_EXPR) args = l->u.list.elems;
    for (uint32_t i = 0; i < args.len; i++)
      if (!is_type_syntax(args.items[i])) exprf(p, args.items[i]->pos, "%s is not a type", args.items[i]);
  }
  want(p, T_RBRACK);
  return x;
}

static SynNode *qualified_name(Parser *p, SynNode *nm) {
  SynNode *x;
  if (nm) {
    x = nm;
  } else if (TOK == T_NAME) {
    x = name(p);
  } else {
    x = new_name(p, p->s.pos, "_");
    syntax_error(p, "expecting name");
    advance(p, BIT(T_DOT) | BIT(T_SEMI) | BIT(T_RBRACE));
  }
  if (TOK == T_DOT) {
    SynNode *s = node(p, SYN_SELECTOR, p->s.pos);
    next(p);
    s->u.selector.x = x;
    s->u.selector.sel = name(p);
    x = s;
  }
  if (TOK == T_LBRACK) x = type_instance(p, x);
  return x;
}

/* ---- expressions ---------------------------------------------------------- */

static SynNode *expr(Parser *p) {
  return binary_expr(p, NULL, 0);
}

/* Expression = UnaryExpr | Expression binary_op Expression . */
static SynNode *binary_expr(Parser *p, SynNode *x, int prec) {
  if (!x) x = unary_expr(p);
  while ((TOK == T_OPERATOR || TOK == T_STAR) && p->s.prec > prec) {
    SynNode *t = node(p, SYN_OPERATION, p->s.pos);
    t->op = p->s.op;
    int tprec = p->s.prec;
    next(p);
    t->u.operation.x = check_expr(p, x);
    t->u.operation.y = check_expr(p, binary_expr(p, NULL, tprec));
    x = t;
  }
  return x;
}

static SynNode *unary_expr_inner(Parser *p) {
  if (TOK == T_OPERATOR || TOK == T_STAR) {
    switch (p->s.op) {
    case SYN_OP_MUL:
    case SYN_OP_ADD:
    case SYN_OP_SUB:
    case SYN_OP_NOT:
    case SYN_OP_XOR:
    case SYN_OP_TILDE:
    case SYN_OP_AND: {
      SynNode *x = node(p, SYN_OPERATION, p->s.pos);
      x->op = p->s.op;
      next(p);
      x->u.operation.x = unary_expr(p);
      if (x->op != SYN_OP_MUL && x->op != SYN_OP_TILDE) check_expr(p, x->u.operation.x);
      if (x->op == SYN_OP_AND) x->u.operation.x = unparen(x->u.operation.x);
      return x;
    }
    default:
      break;
    }
  } else if (TOK == T_ARROW) {
    SynPos pos = p->s.pos;
    next(p);
    SynNode *x = unary_expr(p);
    if (x->kind == SYN_CHAN_TYPE) {
      /* <-chan T: re-associate the arrow with the channel type(s) */
      int dir = SYN_CHAN_SEND;
      SynNode *t = x;
      while (dir == SYN_CHAN_SEND) {
        if (t->kind != SYN_CHAN_TYPE) break;
        dir = t->op;
        if (dir == SYN_CHAN_RECV) syntax_error(p, "unexpected <-, expecting chan");
        t->op = SYN_CHAN_RECV;
        t = t->u.chan_type.elem;
      }
      if (dir == SYN_CHAN_SEND) {
        Buf b;
        char buf[128];
        b.p = buf;
        b.n = 0;
        b.cap = sizeof buf;
        buf[0] = 0;
        print_expr(&b, t, 0);
        char msg[200];
        snprintf(msg, sizeof msg, "unexpected %s, expecting chan", buf);
        syntax_error(p, msg);
      }
      x->pos = pos;
      return x;
    }
    SynNode *o = node(p, SYN_OPERATION, pos);
    o->op = SYN_OP_RECV;
    o->u.operation.x = check_expr(p, x);
    return o;
  }
  return pexpr(p, NULL, true);
}

/* UnaryExpr = PrimaryExpr | unary_op UnaryExpr . */
static SynNode *unary_expr(Parser *p) {
  if (!enter(p)) {
    SynNode *b = bad_expr(p);
    advance(p, 0);
    leave(p);
    return b;
  }
  SynNode *x = unary_expr_inner(p);
  leave(p);
  return x;
}

/* FuncBody = Block . */
static SynNode *func_body(Parser *p) {
  p->fnest++;
  SynNode *b = block_stmt(p, "");
  p->fnest--;
  return b;
}

/* Operand = Literal | OperandName | "(" Expression ")" | FunctionLit | TypeLit. */
static SynNode *operand(Parser *p, bool keep_parens) {
  switch (TOK) {
  case T_NAME:
    return name(p);
  case T_LITERAL:
    return oliteral(p);
  case T_LPAREN: {
    SynPos pos = p->s.pos;
    next(p);
    p->xnest++;
    SynNode *x = expr(p);
    p->xnest--;
    want(p, T_RPAREN);
    /* keep parens where they matter for errors: before '{' (complit
     * type) and in go/defer statements */
    if (TOK == T_LBRACE) keep_parens = true;
    if (keep_parens) {
      SynNode *px = node(p, SYN_PAREN, pos);
      px->u.paren.x = x;
      x = px;
    }
    return x;
  }
  case T_FUNC: {
    SynPos pos = p->s.pos;
    next(p);
    SynNode *ftyp = func_type(p, "function type", NULL); /* positioned at "(", as gc */
    if (TOK == T_LBRACE) {
      p->xnest++;
      SynNode *f = node(p, SYN_FUNC_LIT, pos);
      f->u.func_lit.type = ftyp;
      f->u.func_lit.body = func_body(p);
      p->xnest--;
      return f;
    }
    return ftyp;
  }
  case T_LBRACK:
  case T_CHAN:
  case T_MAP:
  case T_STRUCT:
  case T_INTERFACE: {
    SynNode *t = type_(p);
    /* [...]T as an operand must be a composite literal's type */
    if (t->kind == SYN_ARRAY_TYPE && !t->u.array.len) note_dots_array(p, t);
    return t;
  }
  default: {
    SynNode *x = bad_expr(p);
    syntax_error(p, "expecting expression");
    advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
    return x;
  }
  }
}

/* isValue: x syntactically must be a value, not a type. The helpers that
 * walk expression trees take a depth: operator and index chains build
 * left-deep trees of any height without nesting in the source, so they stop
 * (answering conservatively) instead of recursing without bound. */
#define MAX_WALK 500

static bool is_value_d(SynNode *x, int d) {
  if (d > MAX_WALK) return false;
  switch (x->kind) {
  case SYN_BASIC_LIT:
  case SYN_COMPOSITE_LIT:
  case SYN_FUNC_LIT:
  case SYN_SLICE:
  case SYN_ASSERT:
  case SYN_TYPE_SWITCH_GUARD:
  case SYN_CALL:
    return true;
  case SYN_OPERATION:
    return x->op != SYN_OP_MUL || x->u.operation.y != NULL;
  case SYN_PAREN:
    return is_value_d(x->u.paren.x, d + 1);
  case SYN_INDEX:
    return is_value_d(x->u.index.x, d + 1) || is_value_d(x->u.index.index, d + 1);
  default:
    return false;
  }
}

static bool is_value(SynNode *x) {
  return is_value_d(x, 0);
}

static SynNode *bare_complitexpr(Parser *p);

/* LiteralValue = "{" [ ElementList [ "," ] ] "}" . */
static SynNode *complitexpr(Parser *p) {
  SynNode *x = node(p, SYN_COMPOSITE_LIT, p->s.pos);
  p->xnest++;
  want(p, T_LBRACE);
  uint32_t mark = p->sp;
  uint32_t nkeys = 0;
  /* list("composite literal", ",", "}") */
  while (TOK != T_EOF && TOK != T_RBRACE) {
    SynNode *e = bare_complitexpr(p);
    if (TOK == T_COLON) {
      SynNode *kv = node(p, SYN_KEY_VALUE, p->s.pos);
      next(p);
      kv->u.key_value.key = e;
      kv->u.key_value.value = bare_complitexpr(p);
      e = kv;
      nkeys++;
    }
    push(p, e);
    if (!got(p, T_COMMA) && TOK != T_RBRACE) {
      syntax_error(p, "in composite literal; possibly missing comma or }");
      advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
      if (TOK != T_RBRACE) goto out;
    }
  }
  x->u.composite.rbrace = p->s.pos;
  want(p, T_RBRACE);
out:
  x->u.composite.elems = freeze(p, mark);
  x->u.composite.nkeys = nkeys;
  p->xnest--;
  return x;
}

/* Element = Expression | LiteralValue . */
static SynNode *bare_complitexpr(Parser *p) {
  if (TOK == T_LBRACE) {
    if (!enter(p)) {
      SynNode *b = bad_expr(p);
      advance(p, 0);
      leave(p);
      return b;
    }
    SynNode *x = complitexpr(p);
    leave(p);
    return x;
  }
  return expr(p);
}

/* Arguments = "(" [ ( ExpressionList | Type [ "," ExpressionList ] ) [ "..." ] [ "," ] ] ")" . */
static void arg_list(Parser *p, SynNode *call) {
  p->xnest++;
  uint32_t mark = p->sp;
  bool dots = false;
  while (TOK != T_EOF && TOK != T_RPAREN && !dots) {
    push(p, expr(p));
    dots = got(p, T_DOTDOTDOT);
    if (!got(p, T_COMMA) && TOK != T_RPAREN) {
      syntax_error(p, "in argument list; possibly missing comma or )");
      advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
      if (TOK != T_RPAREN) goto out;
    }
  }
  want(p, T_RPAREN);
out:
  call->u.call.args = freeze(p, mark);
  if (dots) call->flags |= SYN_F_HAS_DOTS;
  p->xnest--;
}

/* PrimaryExpr = Operand | Conversion | PrimaryExpr Selector | ... Index |
 *               ... Slice | ... TypeAssertion | ... Arguments . */
static SynNode *pexpr(Parser *p, SynNode *x, bool keep_parens) {
  if (!x) x = operand(p, keep_parens);
  for (;;) {
    SynPos pos = p->s.pos;
    switch (TOK) {
    case T_DOT:
      next(p);
      if (TOK == T_NAME) {
        SynNode *t = node(p, SYN_SELECTOR, pos);
        t->u.selector.x = x;
        t->u.selector.sel = name(p);
        x = t;
      } else if (TOK == T_LPAREN) {
        next(p);
        if (got(p, T_TYPE)) {
          SynNode *t = node(p, SYN_TYPE_SWITCH_GUARD, pos);
          t->u.guard.x = x;
          x = t;
        } else {
          SynNode *t = node(p, SYN_ASSERT, pos);
          t->u.assert.x = check_expr(p, x);
          t->u.assert.type = type_(p);
          x = t;
        }
        want(p, T_RPAREN);
      } else {
        syntax_error(p, "expecting name or (");
        advance(p, BIT(T_SEMI) | BIT(T_RPAREN));
      }
      break;

    case T_LBRACK: {
      check_expr(p, x);
      next(p);
      if (TOK == T_RBRACK) {
        syntax_error(p, "expecting operand");
        next(p);
        break;
      }
      SynNode *i = NULL;
      if (TOK != T_COLON) {
        bool comma;
        i = type_list(p, &comma);
        if (comma || TOK == T_RBRACK) {
          want(p, T_RBRACK);
          SynNode *t = node(p, SYN_INDEX, pos);
          t->u.index.x = x;
          t->u.index.index = i;
          x = t;
          break;
        }
      }
      if (!got(p, T_COLON)) {
        syntax_error(p, "expecting comma, : or ]");
        advance(p, BIT(T_COMMA) | BIT(T_COLON) | BIT(T_RBRACK));
      }
      p->xnest++;
      SynNode *t = node(p, SYN_SLICE, pos);
      t->u.slice.x = x;
      t->u.slice.index[0] = i;
      if (TOK != T_COLON && TOK != T_RBRACK) t->u.slice.index[1] = expr(p);
      if (TOK == T_COLON) {
        t->flags |= SYN_F_FULL_SLICE;
        if (!t->u.slice.index[1]) {
          error_at(p, p->s.pos, "middle index required in 3-index slice");
          t->u.slice.index[1] = bad_expr(p);
        }
        next(p);
        if (TOK != T_RBRACK) {
          t->u.slice.index[2] = expr(p);
        } else {
          error_at(p, p->s.pos, "final index required in 3-index slice");
          t->u.slice.index[2] = bad_expr(p);
        }
      }
      p->xnest--;
      want(p, T_RBRACK);
      x = t;
      break;
    }

    case T_LPAREN: {
      SynNode *t = node(p, SYN_CALL, pos);
      next(p);
      t->u.call.fun = x;
      arg_list(p, t);
      x = t;
      break;
    }

    case T_LBRACE: {
      SynNode *t = unparen(x);
      bool ok = false;
      switch (t->kind) {
      case SYN_NAME:
      case SYN_SELECTOR:
        ok = p->xnest >= 0;
        break;
      case SYN_INDEX:
        ok = p->xnest >= 0 && !is_value(t);
        break;
      case SYN_ARRAY_TYPE:
      case SYN_SLICE_TYPE:
      case SYN_STRUCT_TYPE:
      case SYN_MAP_TYPE:
        ok = true;
        break;
      default:
        break;
      }
      if (!ok) return x;
      if (t != x) syntax_error(p, "cannot parenthesize type in composite literal");
      if (!enter(p)) {
        leave(p);
        advance(p, 0);
        return x;
      }
      if (t->kind == SYN_ARRAY_TYPE && !t->u.array.len) {
        for (uint32_t k = p->ndots; k-- > 0;)
          if (p->dots[k] == t) {
            p->dots[k] = NULL;
            break;
          }
      }
      SynNode *n = complitexpr(p);
      leave(p);
      n->u.composite.type = x;
      x = n;
      break;
    }

    default:
      return x;
    }
  }
}

/* ---- types ---------------------------------------------------------------- */

static SynNode *type_(Parser *p) {
  SynNode *t = type_or_nil(p);
  if (!t) {
    t = bad_expr(p);
    syntax_error(p, "expecting type");
    advance(p, BIT(T_COMMA) | BIT(T_COLON) | BIT(T_SEMI) | BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
  }
  return t;
}

static SynNode *new_indirect(Parser *p, SynPos pos, SynNode *typ) {
  SynNode *o = node(p, SYN_OPERATION, pos);
  o->op = SYN_OP_MUL;
  o->u.operation.x = typ;
  return o;
}

static SynNode *chan_elem(Parser *p) {
  SynNode *t = type_or_nil(p);
  if (!t) {
    t = bad_expr(p);
    syntax_error(p, "missing channel element type");
  }
  return t;
}

/* "[" consumed at pos; len (if non-NULL) already parsed.
 * ArrayType = "[" ArrayLength "]" ElementType . */
static SynNode *array_type(Parser *p, SynPos pos, SynNode *len) {
  bool dots = false;
  if (!len && got(p, T_DOTDOTDOT))
    dots = true;
  else if (!len) {
    p->xnest++;
    len = expr(p);
    p->xnest--;
  }
  if (TOK == T_COMMA) {
    syntax_error(p, "unexpected comma; expecting ]");
    next(p);
  }
  want(p, T_RBRACK);
  SynNode *t = node(p, SYN_ARRAY_TYPE, pos);
  t->u.array.len = len;
  (void)dots;
  t->u.array.elem = type_(p);
  return t;
}

/* SliceType = "[" "]" ElementType . ("[" "]" consumed) */
static SynNode *slice_type(Parser *p, SynPos pos) {
  SynNode *t = node(p, SYN_SLICE_TYPE, pos);
  t->u.elem.elem = type_(p);
  return t;
}

static SynNode *new_field(Parser *p, SynPos pos, SynNode *nm, SynNode *typ) {
  SynNode *f = node(p, SYN_FIELD, pos);
  f->u.field.name = nm;
  f->u.field.type = typ;
  return f;
}

/* StructType = "struct" "{" { FieldDecl ";" } "}" .
 * FieldDecl  = (IdentifierList Type | EmbeddedField) [ Tag ] . */
static SynNode *array_or_targs(Parser *p);

static SynNode *struct_type(Parser *p) {
  SynNode *typ = node(p, SYN_STRUCT_TYPE, p->s.pos);
  want(p, T_STRUCT);
  want(p, T_LBRACE);
  uint32_t mark = p->sp;
  /* tags: collected into a growable malloc'ed buffer */
  SynNode **tags = NULL;
  uint32_t ntags = 0, tcap = 0;
  bool any_tag = false;
  while (TOK != T_EOF && TOK != T_RBRACE) {
    SynPos pos = p->s.pos;
    uint32_t before = p->sp;
    SynNode *tag = NULL;
    switch (TOK) {
    case T_NAME: {
      SynNode *nm = name(p);
      if (TOK == T_DOT || TOK == T_LITERAL || TOK == T_SEMI || TOK == T_RBRACE) {
        SynNode *t = qualified_name(p, nm);
        tag = oliteral(p);
        push(p, new_field(p, pos, NULL, t));
        break;
      }
      SynList names = name_list(p, nm);
      SynNode *t;
      if (names.len == 1 && TOK == T_LBRACK) {
        t = array_or_targs(p);
        if (t->kind == SYN_INDEX) {
          t->u.index.x = nm;
          tag = oliteral(p);
          push(p, new_field(p, pos, NULL, t));
          break;
        }
      } else {
        t = type_(p);
      }
      tag = oliteral(p);
      for (uint32_t i = 0; i < names.len; i++)
        push(p, new_field(p, names.items[i]->pos, names.items[i], t));
      break;
    }
    case T_STAR: {
      next(p);
      SynNode *t;
      if (TOK == T_LPAREN) {
        syntax_error(p, "cannot parenthesize embedded type");
        next(p);
        t = qualified_name(p, NULL);
        got(p, T_RPAREN);
      } else {
        t = qualified_name(p, NULL);
      }
      tag = oliteral(p);
      push(p, new_field(p, pos, NULL, new_indirect(p, pos, t)));
      break;
    }
    case T_LPAREN: {
      syntax_error(p, "cannot parenthesize embedded type");
      next(p);
      SynNode *t;
      if (TOK == T_STAR) {
        SynPos spos = p->s.pos;
        next(p);
        t = new_indirect(p, spos, qualified_name(p, NULL));
      } else {
        t = qualified_name(p, NULL);
      }
      got(p, T_RPAREN);
      tag = oliteral(p);
      push(p, new_field(p, pos, NULL, t));
      break;
    }
    default:
      syntax_error(p, "expecting field name or embedded type");
      advance(p, BIT(T_SEMI) | BIT(T_RBRACE));
      break;
    }
    /* record the tag for every field added by this declaration */
    uint32_t added = p->sp - before;
    while (ntags + added > tcap)
      tags = syn_grow(tags, &tcap, sizeof *tags, 16);
    for (uint32_t i = 0; i < added; i++)
      tags[ntags++] = tag;
    if (tag) any_tag = true;
    if (!got(p, T_SEMI) && TOK != T_RBRACE) {
      syntax_error(p, "in struct type; possibly missing semicolon or newline or }");
      advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
      if (TOK != T_RBRACE) goto out;
    }
  }
  want(p, T_RBRACE);
out:
  typ->u.struct_type.fields = freeze(p, mark);
  if (any_tag) typ->u.struct_type.tags = syn_list_from(p->a, tags, ntags);
  free(tags);
  return typ;
}

/* x [n]E or x[n,], x[n1, n2], ... ; returns ArrayType/SliceType or an
 * IndexExpr whose x the caller fills in. */
static SynNode *array_or_targs(Parser *p) {
  SynPos pos = p->s.pos;
  want(p, T_LBRACK);
  if (got(p, T_RBRACK)) return slice_type(p, pos);
  bool comma;
  SynNode *n = type_list(p, &comma);
  want(p, T_RBRACK);
  if (!comma) {
    SynNode *elem = type_or_nil(p);
    if (elem) {
      SynNode *t = node(p, SYN_ARRAY_TYPE, pos);
      t->u.array.len = n;
      t->u.array.elem = elem;
      return t;
    }
  }
  SynNode *t = node(p, SYN_INDEX, pos);
  t->u.index.index = n;
  return t;
}

/* MethodSpec = MethodName Signature | InterfaceTypeName . */
static SynNode *method_decl(Parser *p) {
  SynPos fpos = p->s.pos;
  SynNode *nm = name(p);
  SynNode *f = new_field(p, fpos, NULL, NULL);
  const char *context = "interface method";
  switch (TOK) {
  case T_LPAREN:
    f->u.field.name = nm;
    f->u.field.type = func_type(p, context, NULL);
    break;
  case T_LBRACK: {
    SynPos pos = p->s.pos;
    next(p);
    if (TOK == T_RBRACK) {
      SynPos rpos = p->s.pos;
      next(p);
      if (TOK == T_LPAREN) {
        error_at(p, rpos, "empty type parameter list");
        f->u.field.name = nm;
        f->u.field.type = func_type(p, context, NULL);
      } else {
        error_at(p, rpos, "empty type argument list");
        f->u.field.type = nm;
      }
      break;
    }
    SynList list = param_list(p, NULL, NULL, T_RBRACK, false);
    if (list.len == 0) {
      if (TOK == T_LPAREN) {
        f->u.field.name = nm;
        f->u.field.type = func_type(p, context, NULL);
      } else {
        f->u.field.type = nm;
      }
      break;
    }
    if (list.items[0]->u.field.name) {
      f->u.field.name = nm;
      f->u.field.type = func_type(p, context, NULL);
      error_at(p, pos, "interface method must have no type parameters");
      break;
    }
    SynNode *t = node(p, SYN_INDEX, pos);
    t->u.index.x = nm;
    if (list.len == 1) {
      t->u.index.index = list.items[0]->u.field.type;
    } else {
      uint32_t mark = p->sp;
      for (uint32_t i = 0; i < list.len; i++)
        push(p, list.items[i]->u.field.type);
      t->u.index.index = new_list_expr(p, mark);
    }
    f->u.field.type = t;
    break;
  }
  default:
    f->u.field.type = qualified_name(p, nm);
    break;
  }
  return f;
}

/* EmbeddedTerm = [ "~" ] Type . */
static SynNode *embedded_term(Parser *p) {
  if (TOK == T_OPERATOR && p->s.op == SYN_OP_TILDE) {
    SynNode *t = node(p, SYN_OPERATION, p->s.pos);
    t->op = SYN_OP_TILDE;
    next(p);
    t->u.operation.x = type_(p);
    return t;
  }
  SynNode *t = type_or_nil(p);
  if (!t) {
    t = bad_expr(p);
    syntax_error(p, "expecting ~ term or type");
    advance(p, BIT(T_OPERATOR) | BIT(T_SEMI) | BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
  }
  return t;
}

/* EmbeddedElem = MethodSpec | EmbeddedTerm { "|" EmbeddedTerm } . */
static SynNode *embedded_elem(Parser *p, SynNode *f) {
  if (!f) {
    SynPos pos = p->s.pos;
    f = new_field(p, pos, NULL, embedded_term(p));
  }
  while (TOK == T_OPERATOR && p->s.op == SYN_OP_OR) {
    SynNode *t = node(p, SYN_OPERATION, p->s.pos);
    t->op = SYN_OP_OR;
    next(p);
    t->u.operation.x = f->u.field.type;
    t->u.operation.y = embedded_term(p);
    f->u.field.type = t;
  }
  return f;
}

/* InterfaceType = "interface" "{" { ( MethodElem | TypeElem ) ";" } "}" . */
static SynNode *interface_type(Parser *p) {
  SynNode *typ = node(p, SYN_INTERFACE_TYPE, p->s.pos);
  want(p, T_INTERFACE);
  want(p, T_LBRACE);
  uint32_t mark = p->sp;
  while (TOK != T_EOF && TOK != T_RBRACE) {
    SynNode *f = NULL;
    if (TOK == T_NAME) f = method_decl(p);
    if (!f || !f->u.field.name) f = embedded_elem(p, f);
    push(p, f);
    if (!got(p, T_SEMI) && TOK != T_RBRACE) {
      syntax_error(p, "in interface type; possibly missing semicolon or newline or }");
      advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
      if (TOK != T_RBRACE) goto out;
    }
  }
  want(p, T_RBRACE);
out:
  typ->u.interface_type.methods = freeze(p, mark);
  return typ;
}

static SynNode *type_or_nil_inner(Parser *p) {
  SynPos pos = p->s.pos;
  switch (TOK) {
  case T_STAR:
    next(p);
    return new_indirect(p, pos, type_(p));
  case T_ARROW: {
    next(p);
    want(p, T_CHAN);
    SynNode *t = node(p, SYN_CHAN_TYPE, pos);
    t->op = SYN_CHAN_RECV;
    t->u.chan_type.elem = chan_elem(p);
    return t;
  }
  case T_FUNC: {
    next(p);
    return func_type(p, "function type", NULL); /* positioned at "(", as gc */
  }
  case T_LBRACK:
    next(p);
    if (got(p, T_RBRACK)) return slice_type(p, pos);
    return array_type(p, pos, NULL);
  case T_CHAN: {
    next(p);
    SynNode *t = node(p, SYN_CHAN_TYPE, pos);
    if (got(p, T_ARROW)) t->op = SYN_CHAN_SEND;
    t->u.chan_type.elem = chan_elem(p);
    return t;
  }
  case T_MAP: {
    next(p);
    want(p, T_LBRACK);
    SynNode *t = node(p, SYN_MAP_TYPE, pos);
    t->u.map_type.key = type_(p);
    want(p, T_RBRACK);
    t->u.map_type.value = type_(p);
    return t;
  }
  case T_STRUCT:
    return struct_type(p);
  case T_INTERFACE:
    return interface_type(p);
  case T_NAME:
    return qualified_name(p, NULL);
  case T_LPAREN: {
    next(p);
    SynNode *t = type_(p);
    want(p, T_RPAREN);
    return t;
  }
  default:
    return NULL;
  }
}

/* Type = TypeName [ TypeArgs ] | TypeLit | "(" Type ")" . NULL if absent. */
static SynNode *type_or_nil(Parser *p) {
  if (!enter(p)) {
    leave(p);
    SynNode *b = bad_expr(p);
    advance(p, 0);
    return b;
  }
  SynNode *t = type_or_nil_inner(p);
  leave(p);
  return t;
}

/* Result = Parameters | Type . */
static SynList func_result(Parser *p) {
  if (got(p, T_LPAREN)) return param_list(p, NULL, NULL, T_RPAREN, false);
  SynPos pos = p->s.pos;
  SynNode *t = type_or_nil(p);
  if (t) {
    SynNode *f = new_field(p, pos, NULL, t);
    return syn_list_from(p->a, &f, 1);
  }
  SynList none = {NULL, 0};
  return none;
}

/* Signature = [ TypeParams ] Parameters [ Result ] . If context is
 * non-NULL/non-empty, type parameters are an error (accepted). */
static SynNode *func_type(Parser *p, const char *context, SynList *tparams) {
  SynNode *typ = node(p, SYN_FUNC_TYPE, p->s.pos);
  if (got(p, T_LBRACK)) {
    if (context && context[0]) {
      char msg[96];
      snprintf(msg, sizeof msg, "%s must have no type parameters", context);
      syntax_error_at(p, typ->pos, msg);
    }
    if (TOK == T_RBRACK) {
      syntax_error(p, "empty type parameter list");
      next(p);
    } else {
      SynList l = param_list(p, NULL, NULL, T_RBRACK, true);
      if (tparams) *tparams = l;
    }
  }
  want(p, T_LPAREN);
  typ->u.func_type.params = param_list(p, NULL, NULL, T_RPAREN, false);
  typ->u.func_type.results = func_result(p);
  return typ;
}

/* ParameterDecl = [ IdentifierList ] [ "..." ] Type . */
static SynNode *param_decl_or_nil(Parser *p, SynNode *nm, Token follow) {
  bool type_sets_ok = follow == T_RBRACK;
  SynPos pos = p->s.pos;
  if (nm)
    pos = nm->pos;
  else if (type_sets_ok && TOK == T_OPERATOR && p->s.op == SYN_OP_TILDE)
    return embedded_elem(p, NULL);

  SynNode *f = new_field(p, pos, NULL, NULL);
  if (TOK == T_NAME || nm) {
    if (!nm) nm = name(p);
    if (TOK == T_LBRACK) {
      f->u.field.type = array_or_targs(p);
      if (f->u.field.type->kind == SYN_INDEX)
        f->u.field.type->u.index.x = nm;
      else
        f->u.field.name = nm;
      if (type_sets_ok && TOK == T_OPERATOR && p->s.op == SYN_OP_OR) f = embedded_elem(p, f);
      return f;
    }
    if (TOK == T_DOT) {
      f->u.field.type = qualified_name(p, nm);
      if (type_sets_ok && TOK == T_OPERATOR && p->s.op == SYN_OP_OR) f = embedded_elem(p, f);
      return f;
    }
    if (type_sets_ok && TOK == T_OPERATOR && p->s.op == SYN_OP_OR) {
      f->u.field.type = nm;
      return embedded_elem(p, f);
    }
    f->u.field.name = nm;
  }
  if (TOK == T_DOTDOTDOT) {
    SynNode *t = node(p, SYN_DOTS_TYPE, p->s.pos);
    next(p);
    t->u.elem.elem = type_or_nil(p);
    if (!t->u.elem.elem) {
      t->u.elem.elem = bad_expr(p);
      syntax_error(p, "... is missing type");
    }
    f->u.field.type = t;
    return f;
  }
  if (type_sets_ok && TOK == T_OPERATOR && p->s.op == SYN_OP_TILDE) {
    f->u.field.type = embedded_elem(p, NULL)->u.field.type;
    return f;
  }
  f->u.field.type = type_or_nil(p);
  if (type_sets_ok && TOK == T_OPERATOR && p->s.op == SYN_OP_OR && f->u.field.type) f = embedded_elem(p, f);
  if (f->u.field.name || f->u.field.type) return f;
  char msg[64];
  snprintf(msg, sizeof msg, "expecting %s", tok_string(follow));
  syntax_error(p, msg);
  advance(p, BIT(T_COMMA) | BIT(follow));
  return NULL;
}

/* Parameters = "(" [ ParameterList [ "," ] ] ")" .  ("(" or "[" consumed)
 * If nm != NULL it is the first name; if typ != NULL, (nm, typ) is the
 * first field. In the result, either all fields are named or none is. */
static SynList param_list(Parser *p, SynNode *nm, SynNode *typ, Token close, bool require_names) {
  if (nm && typ && TOK == close) {
    next(p);
    SynNode *f = new_field(p, nm->pos, nm, typ);
    return syn_list_from(p->a, &f, 1);
  }
  uint32_t mark = p->sp;
  int named = 0, typed = 0;
  SynPos end;
  const char *ctx = close == T_RPAREN ? "in parameter list; possibly missing comma or )"
                                      : "in parameter list; possibly missing comma or ]";
  while (TOK != T_EOF && TOK != close) {
    SynNode *par;
    if (typ) {
      par = new_field(p, nm->pos, nm, typ);
    } else {
      par = param_decl_or_nil(p, nm, close);
    }
    nm = NULL;
    typ = NULL;
    if (par) {
      if (par->u.field.name && par->u.field.type) named++;
      if (par->u.field.type) typed++;
      push(p, par);
    }
    if (!got(p, T_COMMA) && TOK != close) {
      syntax_error(p, ctx);
      advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
      if (TOK != close) {
        end = p->s.pos;
        goto distribute;
      }
    }
  }
  end = p->s.pos;
  want(p, close);
distribute:;
  SynList list = freeze(p, mark);
  if (list.len == 0) return list;
  if (named == 0 && !require_names) {
    /* all unnamed => the names found are type names */
    for (uint32_t i = 0; i < list.len; i++) {
      SynNode *par = list.items[i];
      if (par->u.field.name) {
        par->u.field.type = par->u.field.name;
        par->u.field.name = NULL;
      }
    }
  } else if ((uint32_t)named != list.len) {
    /* some named => all must have names and types */
    SynPos errpos = {0, 0, 0, 0};
    SynNode *t = NULL;
    for (uint32_t k = list.len; k-- > 0;) {
      SynNode *par = list.items[k];
      if (par->u.field.type) {
        t = par->u.field.type;
        if (!par->u.field.name) {
          errpos = start_pos(t);
          par->u.field.name = new_name(p, errpos, "_");
        }
      } else if (t) {
        par->u.field.type = t;
      } else {
        errpos = par->u.field.name->pos;
        SynNode *b = node(p, SYN_BAD, errpos);
        par->u.field.type = b;
      }
    }
    if (errpos.line) {
      const char *msg;
      if (require_names) {
        if (named == typed) {
          errpos = end;
          msg = "missing type constraint";
        } else {
          msg = "type parameters must be named";
        }
      } else {
        msg = "mixed named and unnamed parameters";
      }
      syntax_error_at(p, errpos, msg);
    }
  }
  return list;
}

/* ---- statements ------------------------------------------------------------ */

static SynNode *new_assign(Parser *p, SynPos pos, int op, SynNode *lhs, SynNode *rhs) {
  SynNode *a = node(p, SYN_ASSIGN_STMT, pos);
  a->op = (uint8_t)op;
  a->u.assign.lhs = lhs;
  a->u.assign.rhs = rhs;
  return a;
}

static void check_define_lhs(Parser *p, SynNode *lhs) {
  if (lhs->kind == SYN_LIST_EXPR) {
    for (uint32_t i = 0; i < lhs->u.list.elems.len; i++) {
      SynNode *x = lhs->u.list.elems.items[i];
      if (x->kind != SYN_NAME) exprf(p, start_pos(x), "non-name %s on left side of :=", x);
    }
  } else if (lhs->kind != SYN_NAME) {
    exprf(p, start_pos(lhs), "non-name %s on left side of :=", lhs);
  }
}

static SynNode *new_range_clause(Parser *p, SynNode *lhs, bool def) {
  if (lhs && lhs->kind == SYN_LIST_EXPR && lhs->u.list.elems.len > 2)
    soft_error(p, lhs->u.list.elems.items[2]->pos, "range clause permits at most two iteration variables");
  if (lhs && def) check_define_lhs(p, lhs);
  SynNode *r = node(p, SYN_RANGE_CLAUSE, p->s.pos);
  next(p); /* range */
  r->u.range.lhs = lhs;
  if (def) r->flags |= SYN_F_RANGE_DEF;
  r->u.range.x = expr(p);
  return r;
}

static SynNode *new_expr_stmt(Parser *p, SynNode *x) {
  SynNode *s = node(p, SYN_EXPR_STMT, start_pos(x));
  s->u.expr_stmt.x = x;
  return s;
}

/* SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt |
 *              Assignment | ShortVarDecl . keyword: the statement keyword
 * whose header we are in (T_FOR permits range clauses), or 0. */
static SynNode *simple_stmt(Parser *p, SynNode *lhs, Token keyword) {
  if (keyword == T_FOR && TOK == T_RANGE) return new_range_clause(p, NULL, false);
  if (!lhs) lhs = expr_list(p);
  if (lhs->kind != SYN_LIST_EXPR && TOK != T_ASSIGN && TOK != T_DEFINE) {
    SynPos pos = p->s.pos;
    switch (TOK) {
    case T_ASSIGN_OP: {
      int op = p->s.op;
      next(p);
      return new_assign(p, pos, op, lhs, expr(p));
    }
    case T_INC_OP: {
      int op = p->s.op;
      next(p);
      SynNode *a = new_assign(p, pos, op, lhs, NULL);
      a->flags |= SYN_F_IMPLICIT_ONE;
      return a;
    }
    case T_ARROW: {
      SynNode *s = node(p, SYN_SEND_STMT, pos);
      next(p);
      s->u.send.chan = lhs;
      s->u.send.value = expr(p);
      return s;
    }
    default:
      return new_expr_stmt(p, lhs);
    }
  }
  if (TOK == T_ASSIGN || TOK == T_DEFINE) {
    SynPos pos = p->s.pos;
    int op = TOK == T_DEFINE ? SYN_OP_DEF : SYN_OP_NONE;
    next(p);
    if (keyword == T_FOR && TOK == T_RANGE) return new_range_clause(p, lhs, op == SYN_OP_DEF);
    SynNode *rhs = expr_list(p);
    if (op == SYN_OP_DEF && !(keyword == T_SWITCH && rhs->kind == SYN_TYPE_SWITCH_GUARD))
      check_define_lhs(p, lhs);
    if (rhs->kind == SYN_TYPE_SWITCH_GUARD && keyword == T_SWITCH && op == SYN_OP_DEF &&
        lhs->kind == SYN_NAME) {
      rhs->u.guard.lhs = lhs;
      SynNode *s = node(p, SYN_EXPR_STMT, rhs->pos);
      s->u.expr_stmt.x = rhs;
      return s;
    }
    return new_assign(p, pos, op, lhs, rhs);
  }
  syntax_error(p, "expecting := or = or comma");
  advance(p, BIT(T_SEMI) | BIT(T_RBRACE));
  if (lhs->kind == SYN_LIST_EXPR) lhs = lhs->u.list.elems.items[0];
  return new_expr_stmt(p, lhs);
}

/* LabeledStmt = Label ":" Statement . */
static SynNode *labeled_stmt_or_nil(Parser *p, SynNode *label) {
  SynNode *s = node(p, SYN_LABELED_STMT, p->s.pos);
  s->u.labeled.label = label;
  want(p, T_COLON);
  if (TOK == T_RBRACE) {
    s->u.labeled.stmt = node(p, SYN_EMPTY_STMT, p->s.pos);
    return s;
  }
  s->u.labeled.stmt = stmt_or_nil(p);
  if (s->u.labeled.stmt) return s;
  syntax_error_at(p, s->pos, "missing statement after label");
  return NULL;
}

/* Block = "{" StatementList "}" . */
static SynNode *block_stmt(Parser *p, const char *context) {
  SynNode *s = node(p, SYN_BLOCK_STMT, p->s.pos);
  if (!got(p, T_LBRACE)) {
    char msg[96];
    snprintf(msg, sizeof msg, "expecting { after %s", context);
    syntax_error(p, msg);
    advance(p, BIT(T_NAME) | BIT(T_RBRACE));
    s->u.block.rbrace = p->s.pos;
    if (got(p, T_RBRACE)) return s;
  }
  s->u.block.stmts = stmt_list(p);
  s->u.block.rbrace = p->s.pos;
  want(p, T_RBRACE);
  return s;
}

static SynNode *decl_spec(Parser *p, Token kw, uint32_t group, uint32_t iota);

/* Declaration = ConstDecl | TypeDecl | VarDecl . (keyword is current) */
static void append_group(Parser *p, Token kw) {
  if (TOK == T_LPAREN) {
    uint32_t group = ++p->groups;
    uint32_t iota = 0;
    next(p);
    /* list("grouped declaration", ";", ")") */
    while (TOK != T_EOF && TOK != T_RPAREN) {
      SynNode *d = decl_spec(p, kw, group, iota++);
      if (d) push(p, d);
      if (!got(p, T_SEMI) && TOK != T_RPAREN) {
        syntax_error(p, "in grouped declaration; possibly missing semicolon or newline or )");
        advance(p, BIT(T_RPAREN) | BIT(T_RBRACK) | BIT(T_RBRACE));
        if (TOK != T_RPAREN) return;
      }
    }
    want(p, T_RPAREN);
    return;
  }
  SynNode *d = decl_spec(p, kw, 0, 0);
  if (d) push(p, d);
}

static SynNode *decl_stmt(Parser *p) {
  SynNode *s = node(p, SYN_DECL_STMT, p->s.pos);
  Token kw = TOK;
  next(p);
  uint32_t mark = p->sp;
  append_group(p, kw);
  s->u.decl_stmt.decls = freeze(p, mark);
  return s;
}

/* header parses the part between keyword (if/for/switch) and "{". */
static void header(Parser *p, Token keyword, SynNode **init, SynNode **cond, SynNode **post) {
  *init = *cond = NULL;
  if (post) *post = NULL;
  want(p, keyword);
  if (TOK == T_LBRACE) {
    if (keyword == T_IF) {
      syntax_error(p, "missing condition in if statement");
      *cond = bad_expr(p);
    }
    return;
  }
  int outer = p->xnest;
  p->xnest = -1;
  if (TOK != T_SEMI) {
    if (got(p, T_VAR)) {
      char msg[96];
      snprintf(msg, sizeof msg, "var declaration not allowed in %s initializer", tok_string(keyword));
      syntax_error(p, msg);
    }
    *init = simple_stmt(p, NULL, keyword);
    if ((*init)->kind == SYN_RANGE_CLAUSE) {
      p->xnest = outer;
      return;
    }
  }
  SynNode *cond_stmt = NULL;
  SynPos semi_pos = {0, 0, 0, 0};
  SynStr semi_lit = {NULL, 0};
  if (TOK != T_LBRACE) {
    if (TOK == T_SEMI) {
      semi_pos = p->s.pos;
      semi_lit = p->s.lit;
      next(p);
    } else {
      want(p, T_LBRACE);
      if (TOK != T_LBRACE) advance(p, BIT(T_LBRACE) | BIT(T_RBRACE));
    }
    if (keyword == T_FOR) {
      if (TOK != T_SEMI) {
        if (TOK == T_LBRACE) {
          syntax_error(p, "expecting for loop condition");
          goto done;
        }
        cond_stmt = simple_stmt(p, NULL, 0);
      }
      want(p, T_SEMI);
      if (TOK != T_LBRACE) {
        SynNode *ps = simple_stmt(p, NULL, 0);
        if (post) *post = ps;
        if (ps->kind == SYN_ASSIGN_STMT && ps->op == SYN_OP_DEF)
          syntax_error_at(p, ps->pos, "cannot declare in post statement of for loop");
      }
    } else if (TOK != T_LBRACE) {
      cond_stmt = simple_stmt(p, NULL, keyword);
    }
  } else {
    cond_stmt = *init;
    *init = NULL;
  }
done:
  if (!cond_stmt) {
    if (keyword == T_IF && semi_pos.line) {
      if (!(semi_lit.len == 9 && memcmp(semi_lit.ptr, "semicolon", 9) == 0)) {
        char msg[96];
        snprintf(msg, sizeof msg, "unexpected %.*s, expecting { after if clause", (int)semi_lit.len,
                 semi_lit.ptr);
        syntax_error_at(p, semi_pos, msg);
      } else {
        syntax_error_at(p, semi_pos, "missing condition in if statement");
      }
      *cond = node(p, SYN_BAD, semi_pos);
    }
  } else if (cond_stmt->kind == SYN_EXPR_STMT) {
    *cond = cond_stmt->u.expr_stmt.x;
  } else {
    char buf[160], msg[256];
    Buf b = {buf, 0, sizeof buf};
    buf[0] = 0;
    if (cond_stmt->kind == SYN_ASSIGN_STMT && cond_stmt->op == SYN_OP_NONE && cond_stmt->u.assign.rhs) {
      bstr(&b, "assignment (");
      print_expr(&b, cond_stmt->u.assign.lhs, 0);
      bstr(&b, ") = (");
      print_expr(&b, cond_stmt->u.assign.rhs, 0);
      bstr(&b, ")");
    } else {
      print_expr(&b, cond_stmt, 0);
    }
    snprintf(msg, sizeof msg, "cannot use %s as value", buf);
    syntax_error_at(p, cond_stmt->pos, msg);
  }
  p->xnest = outer;
}

static SynNode *if_stmt(Parser *p) {
  if (!enter(p)) {
    leave(p);
    advance(p, 0);
    return node(p, SYN_EMPTY_STMT, p->s.pos);
  }
  SynNode *s = node(p, SYN_IF_STMT, p->s.pos);
  header(p, T_IF, &s->u.if_stmt.init, &s->u.if_stmt.cond, NULL);
  s->u.if_stmt.then = block_stmt(p, "if clause");
  if (got(p, T_ELSE)) {
    if (TOK == T_IF) {
      s->u.if_stmt.else_ = if_stmt(p);
    } else if (TOK == T_LBRACE) {
      s->u.if_stmt.else_ = block_stmt(p, "");
    } else {
      syntax_error(p, "else must be followed by if or statement block");
      advance(p, BIT(T_NAME) | BIT(T_RBRACE));
    }
  }
  leave(p);
  return s;
}

static SynNode *for_stmt(Parser *p) {
  SynNode *s = node(p, SYN_FOR_STMT, p->s.pos);
  header(p, T_FOR, &s->u.for_stmt.init, &s->u.for_stmt.cond, &s->u.for_stmt.post);
  s->u.for_stmt.body = block_stmt(p, "for clause");
  return s;
}

/* kind: 0 expression switch, 1 select, 2 type switch */
static SynNode *case_clause(Parser *p, int kind) {
  bool comm = kind == 1;
  SynNode *c = node(p, comm ? SYN_COMM_CLAUSE : SYN_CASE_CLAUSE, p->s.pos);
  SynNode *head = NULL;
  switch (TOK) {
  case T_CASE:
    next(p);
    if (comm) {
      head = simple_stmt(p, NULL, 0);
    } else if (kind == 2) {
      head = expr_list_nocheck(p);
      SynList l = {&head, 1};
      if (head->kind == SYN_LIST_EXPR) l = head->u.list.elems;
      for (uint32_t i = 0; i < l.len; i++)
        if (!is_type_syntax(l.items[i])) exprf(p, l.items[i]->pos, "%s is not a type", l.items[i]);
    } else {
      head = expr_list(p);
    }
    break;
  case T_DEFAULT:
    next(p);
    break;
  default:
    syntax_error(p, "expecting case or default or }");
    advance(p, BIT(T_COLON) | BIT(T_CASE) | BIT(T_DEFAULT) | BIT(T_RBRACE));
    break;
  }
  SynPos colon = p->s.pos;
  want(p, T_COLON);
  SynList body = stmt_list(p);
  if (comm) {
    c->u.comm_clause.comm = head;
    c->u.comm_clause.colon = colon;
    c->u.comm_clause.body = body;
  } else {
    c->u.case_clause.cases = head;
    c->u.case_clause.colon = colon;
    c->u.case_clause.body = body;
  }
  return c;
}

static SynNode *switch_stmt(Parser *p) {
  SynNode *s = node(p, SYN_SWITCH_STMT, p->s.pos);
  header(p, T_SWITCH, &s->u.switch_stmt.init, &s->u.switch_stmt.tag, NULL);
  bool type_switch = s->u.switch_stmt.tag && s->u.switch_stmt.tag->kind == SYN_TYPE_SWITCH_GUARD;
  if (!got(p, T_LBRACE)) {
    syntax_error(p, "missing { after switch clause");
    advance(p, BIT(T_CASE) | BIT(T_DEFAULT) | BIT(T_RBRACE));
  }
  uint32_t mark = p->sp;
  while (TOK != T_EOF && TOK != T_RBRACE)
    push(p, case_clause(p, type_switch ? 2 : 0));
  s->u.switch_stmt.clauses = freeze(p, mark);
  s->u.switch_stmt.rbrace = p->s.pos;
  want(p, T_RBRACE);
  return s;
}

static SynNode *select_stmt(Parser *p) {
  SynNode *s = node(p, SYN_SELECT_STMT, p->s.pos);
  want(p, T_SELECT);
  if (!got(p, T_LBRACE)) {
    syntax_error(p, "missing { after select clause");
    advance(p, BIT(T_CASE) | BIT(T_DEFAULT) | BIT(T_RBRACE));
  }
  uint32_t mark = p->sp;
  while (TOK != T_EOF && TOK != T_RBRACE)
    push(p, case_clause(p, 1));
  s->u.select_stmt.clauses = freeze(p, mark);
  s->u.select_stmt.rbrace = p->s.pos;
  want(p, T_RBRACE);
  return s;
}

/* GoStmt = "go" Expression . DeferStmt = "defer" Expression . */
static SynNode *call_stmt(Parser *p) {
  SynNode *s = node(p, SYN_CALL_STMT, p->s.pos);
  const char *kw = TOK == T_GO ? "go" : "defer";
  s->op = TOK == T_GO ? SYN_GO : SYN_DEFER;
  next(p);
  SynNode *x = pexpr(p, NULL, TOK == T_LPAREN);
  SynNode *t = unparen(x);
  char msg[96];
  if (t != x) {
    snprintf(msg, sizeof msg, "expression in %s must not be parenthesized", kw);
    error_at(p, x->pos, msg);
    x = t;
  }
  if (x->kind != SYN_CALL) {
    snprintf(msg, sizeof msg, "expression in %s must be function call", kw);
    error_at(p, x->pos, msg);
    SynNode *cx = node(p, SYN_CALL, x->pos);
    cx->u.call.fun = x;
    x = cx;
  }
  s->u.call_stmt.call = x;
  return s;
}

static SynNode *stmt_or_nil_inner(Parser *p) {
  if (TOK == T_NAME) {
    SynNode *lhs = expr_list(p);
    if (lhs->kind == SYN_NAME && TOK == T_COLON) return labeled_stmt_or_nil(p, lhs);
    return simple_stmt(p, lhs, 0);
  }
  switch (TOK) {
  case T_VAR:
  case T_CONST:
  case T_TYPE:
    return decl_stmt(p);
  case T_LBRACE:
    return block_stmt(p, "");
  case T_OPERATOR:
  case T_STAR:
    switch (p->s.op) {
    case SYN_OP_ADD:
    case SYN_OP_SUB:
    case SYN_OP_MUL:
    case SYN_OP_AND:
    case SYN_OP_XOR:
    case SYN_OP_NOT:
      return simple_stmt(p, NULL, 0);
    default:
      return NULL;
    }
  case T_LITERAL:
  case T_FUNC:
  case T_LPAREN:
  case T_LBRACK:
  case T_STRUCT:
  case T_MAP:
  case T_CHAN:
  case T_INTERFACE:
  case T_ARROW:
    return simple_stmt(p, NULL, 0);
  case T_FOR:
    return for_stmt(p);
  case T_SWITCH:
    return switch_stmt(p);
  case T_SELECT:
    return select_stmt(p);
  case T_IF:
    return if_stmt(p);
  case T_FALLTHROUGH: {
    SynNode *s = node(p, SYN_BRANCH_STMT, p->s.pos);
    s->op = SYN_FALLTHROUGH;
    next(p);
    return s;
  }
  case T_BREAK:
  case T_CONTINUE: {
    SynNode *s = node(p, SYN_BRANCH_STMT, p->s.pos);
    s->op = TOK == T_BREAK ? SYN_BREAK : SYN_CONTINUE;
    next(p);
    if (TOK == T_NAME) s->u.branch.label = name(p);
    return s;
  }
  case T_GO:
  case T_DEFER:
    return call_stmt(p);
  case T_GOTO: {
    SynNode *s = node(p, SYN_BRANCH_STMT, p->s.pos);
    s->op = SYN_GOTO;
    next(p);
    s->u.branch.label = name(p);
    return s;
  }
  case T_RETURN: {
    SynNode *s = node(p, SYN_RETURN_STMT, p->s.pos);
    next(p);
    if (TOK != T_SEMI && TOK != T_RBRACE) s->u.ret.results = expr_list(p);
    return s;
  }
  case T_SEMI:
    return node(p, SYN_EMPTY_STMT, p->s.pos);
  default:
    return NULL;
  }
}

/* Statement; NULL if none starts here. */
static SynNode *stmt_or_nil(Parser *p) {
  if (!enter(p)) {
    leave(p);
    advance(p, 0);
    return NULL;
  }
  SynNode *s = stmt_or_nil_inner(p);
  leave(p);
  return s;
}

/* StatementList = { Statement ";" } . */
static SynList stmt_list(Parser *p) {
  uint32_t mark = p->sp;
  while (TOK != T_EOF && TOK != T_RBRACE && TOK != T_CASE && TOK != T_DEFAULT) {
    SynNode *s = stmt_or_nil(p);
    p->s.pragmas.len = 0; /* directives inside bodies attach to nothing */
    if (!s) break;
    push(p, s);
    if (!got(p, T_SEMI) && TOK != T_RBRACE) {
      syntax_error(p, "at end of statement");
      advance(p, BIT(T_SEMI) | BIT(T_RBRACE) | BIT(T_CASE) | BIT(T_DEFAULT));
      got(p, T_SEMI);
    }
  }
  return freeze(p, mark);
}

/* ---- declarations ------------------------------------------------------------ */

/* The doc comment of a declaration whose first token is current: the
 * comment group that ends on the line before, with no token in between. */
static SynStr take_doc(Parser *p) {
  Scanner *s = &p->s;
  SynStr doc = {NULL, 0};
  if (s->grp_start && !s->grp_after_code && s->grp_tokcount + 1 == s->tokcount &&
      s->grp_end_line + 1 >= s->pos.line) {
    doc.ptr = s->grp_start;
    doc.len = (uint32_t)(s->grp_end - s->grp_start);
  }
  return doc;
}

static void decl_common(Parser *p, SynDeclCommon *c, uint32_t group, uint32_t index, SynStr outer_doc) {
  c->group = group;
  c->index = index;
  c->doc = take_doc(p);
  if (!c->doc.len) c->doc = outer_doc;
  c->pragmas = syn_pragmas_take(p->a, &p->s.pragmas);
}

/* extract_name splits x into (name, expr) if x can be read as
 * "name expr" with expr a type element (or force is set); see typeDecl. */
static bool is_type_elem_d(SynNode *x, int d) {
  if (d > MAX_WALK) return false;
  switch (x->kind) {
  case SYN_ARRAY_TYPE:
  case SYN_STRUCT_TYPE:
  case SYN_FUNC_TYPE:
  case SYN_INTERFACE_TYPE:
  case SYN_SLICE_TYPE:
  case SYN_MAP_TYPE:
  case SYN_CHAN_TYPE:
    return true;
  case SYN_OPERATION:
    return is_type_elem_d(x->u.operation.x, d + 1) ||
           (x->u.operation.y && is_type_elem_d(x->u.operation.y, d + 1)) || x->op == SYN_OP_TILDE;
  case SYN_PAREN:
    return is_type_elem_d(x->u.paren.x, d + 1);
  default:
    return false;
  }
}

static bool is_type_elem(SynNode *x) {
  return is_type_elem_d(x, 0);
}

static SynNode *extract_name_d(Parser *p, SynNode *x, bool force, SynNode **rest, int d) {
  *rest = x;
  if (d > MAX_WALK) return NULL;
  switch (x->kind) {
  case SYN_NAME:
    *rest = NULL;
    return x;
  case SYN_OPERATION:
    if (!x->u.operation.y) break;
    if (x->op == SYN_OP_MUL) {
      SynNode *nm = x->u.operation.x;
      if (nm->kind == SYN_NAME && (force || is_type_elem(x->u.operation.y))) {
        SynNode *op = node(p, SYN_OPERATION, x->pos);
        op->op = SYN_OP_MUL;
        op->u.operation.x = x->u.operation.y;
        *rest = op;
        return nm;
      }
    } else if (x->op == SYN_OP_OR) {
      SynNode *lhs;
      SynNode *nm = extract_name_d(p, x->u.operation.x, force || is_type_elem(x->u.operation.y), &lhs, d + 1);
      if (nm && lhs) {
        SynNode *op = node(p, SYN_OPERATION, x->pos);
        op->op = SYN_OP_OR;
        op->u.operation.x = lhs;
        op->u.operation.y = x->u.operation.y;
        *rest = op;
        return nm;
      }
    }
    break;
  case SYN_CALL: {
    SynNode *nm = x->u.call.fun;
    if (nm->kind == SYN_NAME && x->u.call.args.len == 1 && !(x->flags & SYN_F_HAS_DOTS) &&
        (force || is_type_elem(x->u.call.args.items[0]))) {
      *rest = x->u.call.args.items[0];
      return nm;
    }
    break;
  }
  default:
    break;
  }
  *rest = x;
  return NULL;
}

static SynNode *extract_name(Parser *p, SynNode *x, bool force, SynNode **rest) {
  return extract_name_d(p, x, force, rest, 0);
}

/* TypeSpec = identifier [ TypeParams ] [ "=" ] Type . */
static void type_spec(Parser *p, SynNode *d) {
  d->u.type_decl.name = name(p);
  SynNode *t = NULL;
  if (TOK == T_LBRACK) {
    SynPos pos = p->s.pos;
    next(p);
    if (TOK == T_NAME) {
      SynNode *x = name(p);
      if (TOK != T_LBRACK) {
        p->xnest++;
        bool old = p->no_check;
        p->no_check = true;
        x = binary_expr(p, pexpr(p, x, false), 0);
        p->no_check = old;
        p->xnest--;
      }
      SynNode *ptype;
      SynNode *pname = extract_name(p, x, TOK == T_COMMA, &ptype);
      if (pname && (ptype || TOK != T_RBRACK)) {
        d->u.type_decl.tparams = param_list(p, pname, ptype, T_RBRACK, true);
        if (got_assign(p)) d->flags |= SYN_F_ALIAS;
        t = type_or_nil(p);
      } else {
        t = array_type(p, pos, x);
      }
    } else if (TOK == T_RBRACK) {
      next(p);
      t = slice_type(p, pos);
    } else {
      t = array_type(p, pos, NULL);
    }
  } else {
    if (got_assign(p)) d->flags |= SYN_F_ALIAS;
    t = type_or_nil(p);
  }
  if (!t) {
    t = bad_expr(p);
    syntax_error(p, "in type declaration");
    advance(p, BIT(T_SEMI) | BIT(T_RPAREN));
  }
  d->u.type_decl.type = t;
}

static SynNode *decl_spec(Parser *p, Token kw, uint32_t group, uint32_t iota) {
  SynNode *d;
  SynStr nodoc = {NULL, 0};
  switch (kw) {
  case T_IMPORT:
    d = node(p, SYN_IMPORT_DECL, p->s.pos);
    decl_common(p, &d->u.import_decl.c, group, iota, nodoc);
    if (TOK == T_NAME) {
      d->u.import_decl.local_name = name(p);
    } else if (TOK == T_DOT) {
      d->u.import_decl.local_name = new_name(p, p->s.pos, ".");
      next(p);
    }
    d->u.import_decl.path = oliteral(p);
    if (!d->u.import_decl.path) {
      syntax_error(p, "missing import path");
      advance(p, BIT(T_SEMI) | BIT(T_RPAREN));
      return d;
    }
    if (!(d->u.import_decl.path->flags & SYN_F_BAD_LIT) && d->u.import_decl.path->op != SYN_LIT_STRING) {
      syntax_error(p, "import path must be a string");
      d->u.import_decl.path->flags |= SYN_F_BAD_LIT;
    }
    if (!(d->u.import_decl.path->flags & SYN_F_BAD_LIT)) check_import_path(p, d->u.import_decl.path);
    return d;
  case T_CONST:
    d = node(p, SYN_CONST_DECL, p->s.pos);
    decl_common(p, &d->u.const_decl.c, group, iota, nodoc);
    d->u.const_decl.names = name_list(p, name(p));
    if (TOK != T_EOF && TOK != T_SEMI && TOK != T_RPAREN) {
      d->u.const_decl.type = type_or_nil(p);
      if (got_assign(p)) d->u.const_decl.values = expr_list(p);
    }
    if (!d->u.const_decl.values && (iota == 0 || d->u.const_decl.type)) {
      SynNode *n0 = d->u.const_decl.names.items[0];
      soft_error(p, n0->pos, "missing init expr for %.*s", (int)n0->u.name.value.len, n0->u.name.value.ptr);
    }
    return d;
  case T_TYPE:
    d = node(p, SYN_TYPE_DECL, p->s.pos);
    decl_common(p, &d->u.type_decl.c, group, iota, nodoc);
    type_spec(p, d);
    return d;
  case T_VAR:
    d = node(p, SYN_VAR_DECL, p->s.pos);
    decl_common(p, &d->u.var_decl.c, group, iota, nodoc);
    d->u.var_decl.names = name_list(p, name(p));
    if (got_assign(p)) {
      d->u.var_decl.values = expr_list(p);
    } else {
      d->u.var_decl.type = type_(p);
      if (got_assign(p)) d->u.var_decl.values = expr_list(p);
    }
    return d;
  default:
    return NULL;
  }
}

/* FunctionDecl = "func" FunctionName [ TypeParams ] ( Function | Signature ) .
 * MethodDecl   = "func" Receiver MethodName ( Function | Signature ) .
 * ("func" consumed; doc and pragmas were taken at "func".) */
static SynNode *func_decl_or_nil(Parser *p, SynNode *f) {
  if (got(p, T_LPAREN)) {
    SynPos rpos = p->s.pos;
    SynList rcvr = param_list(p, NULL, NULL, T_RPAREN, false);
    (void)rpos;
    if (rcvr.len == 0) {
      error_at(p, p->s.pos, "method has no receiver");
    } else {
      if (rcvr.len > 1) error_at(p, p->s.pos, "method has multiple receivers");
      f->u.func_decl.recv = rcvr.items[0];
    }
  }
  if (TOK != T_NAME) {
    syntax_error(p, "expecting name or (");
    advance(p, BIT(T_LBRACE) | BIT(T_SEMI));
    return NULL;
  }
  f->u.func_decl.name = name(p);
  const char *context = f->u.func_decl.recv ? "method" : "";
  f->u.func_decl.type = func_type(p, context, &f->u.func_decl.tparams);
  if (TOK == T_LBRACE) f->u.func_decl.body = func_body(p);
  return f;
}

/* SourceFile = PackageClause ";" { ImportDecl ";" } { TopLevelDecl ";" } . */
static void file(Parser *p, SynFile *f) {
  f->pos = p->s.pos;
  if (TOK != T_PACKAGE) {
    syntax_error(p, "package statement must be first");
    return;
  }
  f->doc = take_doc(p);
  p->s.seen_package = true;
  f->pragmas = syn_pragmas_take(p->a, &p->s.pragmas);
  f->build_lines = syn_pragmas_take(p->a, &p->s.build);
  next(p);
  f->pkg_name = name(p);
  want(p, T_SEMI);
  if (p->s.first_err) return;

  uint32_t mark = p->sp;
  while (TOK == T_IMPORT) {
    SynStr doc = take_doc(p);
    uint32_t first = p->sp;
    next(p);
    append_group(p, T_IMPORT);
    /* a group's doc comment documents specs that have none */
    for (uint32_t i = first; i < p->sp; i++) {
      SynNode *d = p->stk[i];
      if (!d->u.import_decl.c.doc.len) d->u.import_decl.c.doc = doc;
      SynNode *path = d->u.import_decl.path;
      if (path && !f->cgo_preamble.len && path->u.lit.value.len == 3 &&
          memcmp(path->u.lit.value.ptr, "\"C\"", 3) == 0)
        f->cgo_preamble = d->u.import_decl.c.doc;
    }
    want(p, T_SEMI);
  }

  uint32_t last_func_without_body = 0;
  while (TOK != T_EOF) {
    SynStr doc = take_doc(p);
    uint32_t first = p->sp;
    switch (TOK) {
    case T_CONST:
    case T_TYPE:
    case T_VAR: {
      Token kw = TOK;
      next(p);
      append_group(p, kw);
      for (uint32_t i = first; i < p->sp; i++) {
        SynDeclCommon *c = &p->stk[i]->u.var_decl.c;
        if (p->stk[i]->kind == SYN_CONST_DECL)
          c = &p->stk[i]->u.const_decl.c;
        else if (p->stk[i]->kind == SYN_TYPE_DECL)
          c = &p->stk[i]->u.type_decl.c;
        if (!c->doc.len) c->doc = doc;
      }
      last_func_without_body = 0;
      break;
    }
    case T_FUNC: {
      SynNode *fd = node(p, SYN_FUNC_DECL, p->s.pos);
      decl_common(p, &fd->u.func_decl.c, 0, 0, doc);
      next(p);
      if (func_decl_or_nil(p, fd)) {
        push(p, fd);
        last_func_without_body = fd->u.func_decl.body ? 0 : p->sp;
      }
      break;
    }
    default:
      if (TOK == T_LBRACE && last_func_without_body && last_func_without_body == p->sp)
        syntax_error(p, "unexpected semicolon or newline before {");
      else
        syntax_error(p, "non-declaration statement outside function body");
      advance(p, BIT(T_CONST) | BIT(T_TYPE) | BIT(T_VAR) | BIT(T_FUNC));
      continue;
    }
    p->s.pragmas.len = 0;
    check_dots_arrays(p);
    if (TOK != T_EOF && !got(p, T_SEMI)) {
      syntax_error(p, "after top level declaration");
      advance(p, BIT(T_CONST) | BIT(T_TYPE) | BIT(T_VAR) | BIT(T_FUNC));
    }
  }
  f->decls = freeze(p, mark);
  check_dots_arrays(p);
}

SynFile *syn_parse_file(SynArena *a, const char *filename, const char *buf, size_t len, SynErrorFn errfn,
                        void *errctx) {
  SynFile *f = syn_arena_alloc(a, sizeof *f);
  size_t fnlen = strlen(filename);
  f->filename.ptr = syn_arena_strdup(a, filename, fnlen);
  f->filename.len = (uint32_t)fnlen;
  if (len > 0xFFFFFFF0u) len = 0xFFFFFFF0u; /* positions are 32-bit; larger files are truncated (and fail) */
  f->src.ptr = syn_arena_strdup(a, buf ? buf : "", buf ? len : 0);
  f->src.len = (uint32_t)(buf ? len : 0);
  f->bases = syn_arena_alloc(a, 4 * sizeof(SynPosBase));
  f->nbases = 1;
  f->bases[0].filename = f->filename;
  f->bases[0].line_at = 1;
  f->bases[0].col_at = 1;
  f->bases[0].line = 1;
  f->bases[0].col = 1;

  Parser *p = calloc(1, sizeof *p);
  if (!p) {
    fputs("rog: out of memory\n", stderr);
    abort();
  }
  scanner_init(&p->s, a, f, errfn, errctx);
  p->s.bases_cap = 4;
  p->a = a;
  next(p);
  file(p, f);
  f->nerrors = p->s.nerrors;
  free(p->stk);
  free(p->dots);
  pragma_free(&p->s.pragmas);
  pragma_free(&p->s.build);
  free(p);
  return f;
}
