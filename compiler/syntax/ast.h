/*
 * ast.h: internal interfaces between the files of compiler/syntax
 * (arena.c, source.c, scanner.c, parser.c, nodes.c, dump.c). Not for use
 * outside this directory; the public contract is syntax.h.
 *
 * Layering: the scanner turns bytes into tokens (with automatic semicolons)
 * and records the comments the parser keeps (directives, build lines, doc
 * comment groups) and //line position bases; source.c owns positions and
 * error formatting; the parser builds nodes through nodes.c's constructors.
 */
#ifndef ROG_SYNTAX_AST_H
#define ROG_SYNTAX_AST_H

#include <stdarg.h>

#include "syntax.h"

/* The arena's layout, so that the allocation fast path can be inline. */
typedef struct SynChunk SynChunk;
struct SynArena {
  char *cur, *end; /* free space in the newest chunk */
  SynChunk *head;  /* newest chunk */
  size_t next_cap; /* size of the next chunk */
  size_t done;     /* bytes used in older chunks */
};

void *syn_arena_alloc_slow(SynArena *a, size_t size);

/* Zeroed (chunks come from calloc), 8-aligned. */
static inline void *arena_alloc(SynArena *a, size_t size) {
  size = (size + 7) & ~(size_t)7;
  if ((size_t)(a->end - a->cur) >= size) {
    void *p = a->cur;
    a->cur += size;
    return p;
  }
  return syn_arena_alloc_slow(a, size);
}

/* Tokens. The order of the keywords matters only for tok_string. */
typedef enum Token {
  T_EOF = 1,
  T_NAME,
  T_LITERAL,
  T_OPERATOR,  /* op, prec set; excludes '*' (T_STAR) */
  T_ASSIGN_OP, /* op= ; op set */
  T_INC_OP,    /* ++ or --; op = ADD or SUB */
  T_ASSIGN,    /* = */
  T_DEFINE,    /* := */
  T_ARROW,     /* <- */
  T_STAR,      /* * */
  T_LPAREN,
  T_LBRACK,
  T_LBRACE,
  T_RPAREN,
  T_RBRACK,
  T_RBRACE,
  T_COMMA,
  T_SEMI, /* lit: "semicolon", "newline" or "EOF" */
  T_COLON,
  T_DOT,
  T_DOTDOTDOT,
  /* keywords */
  T_BREAK,
  T_CASE,
  T_CHAN,
  T_CONST,
  T_CONTINUE,
  T_DEFAULT,
  T_DEFER,
  T_ELSE,
  T_FALLTHROUGH,
  T_FOR,
  T_FUNC,
  T_GO,
  T_GOTO,
  T_IF,
  T_IMPORT,
  T_INTERFACE,
  T_MAP,
  T_PACKAGE,
  T_RANGE,
  T_RETURN,
  T_SELECT,
  T_STRUCT,
  T_SWITCH,
  T_TYPE,
  T_VAR,
  T_COUNT
} Token;

/* Operator precedences (binary). */
enum { PREC_NONE = 0, PREC_OROR, PREC_ANDAND, PREC_CMP, PREC_ADD, PREC_MUL };

/* Growable array of pragmas, malloc'ed, reused across declarations. */
typedef struct PragmaBuf {
  SynPragma *v;
  uint32_t len, cap;
} PragmaBuf;

typedef struct Scanner {
  SynArena *arena;
  SynFile *file;
  const char *src; /* NUL-terminated copy in the arena */
  const char *end;
  const char *p;          /* next unread byte */
  const char *line_start; /* first byte of the current line */
  uint32_t line;
  bool nlsemi; /* a newline or EOF now produces a ';' */

  /* current token */
  Token tok;
  SynPos pos;
  SynStr lit;   /* T_NAME, T_LITERAL, T_SEMI text */
  uint8_t op;   /* SynOp for T_OPERATOR/T_ASSIGN_OP/T_INC_OP/T_STAR/T_ARROW */
  uint8_t prec; /* for T_OPERATOR (and T_STAR: PREC_MUL) */
  uint8_t kind; /* SynLitKind of T_LITERAL */
  bool bad;     /* T_LITERAL malformed */

  /* position bases (//line) */
  uint32_t cur_base;
  uint32_t pending_base; /* 0 = none */
  uint32_t pending_line; /* physical line where pending_base starts */
  uint32_t bases_cap;

  /* comments kept for the parser */
  PragmaBuf pragmas; /* directives since the last declaration */
  PragmaBuf build;   /* build lines (before package only) */
  bool seen_package;
  const char *grp_start, *grp_end; /* last comment group */
  uint32_t grp_end_line;
  uint32_t grp_tokcount; /* tokcount when the group's last comment was seen */
  bool grp_after_code;   /* the group began on a line with code before it */
  uint32_t tokcount;     /* non-';' tokens so far */
  uint32_t last_tok_line;

  /* errors */
  SynErrorFn errfn;
  void *errctx;
  uint32_t nerrors;
  const char *first_err; /* non-NULL once an error was reported */
} Scanner;

/* scanner.c */
void scanner_init(Scanner *s, SynArena *a, SynFile *f, SynErrorFn errfn, void *errctx);
void scanner_next(Scanner *s);
bool syn_is_letter(uint32_t r);
bool syn_is_digit(uint32_t r);
/* Formats r like Go's %#U ("U+0041 'A'"; no character if not printable). */
const char *syn_fmt_U(char *buf, size_t n, uint32_t r);

/* source.c */

/* The position of p, which must be on the scanner's current line. */
static inline SynPos scanner_pos_at(Scanner *s, const char *p) {
  SynPos pos;
  pos.off = (uint32_t)(p - s->src);
  pos.line = s->line;
  pos.col = (uint32_t)(p - s->line_start) + 1;
  pos.base = s->cur_base;
  return pos;
}

void syn_error_at(Scanner *s, SynPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void syn_verror(Scanner *s, SynPos pos, bool soft, const char *fmt, va_list ap);
void scanner_line_directive(Scanner *s, const char *text, size_t len, const char *after, bool block);
char *syn_arena_strdup(SynArena *a, const char *s, size_t n);
const char *tok_string(Token t);

/* nodes.c */
extern const uint16_t syn_node_sizes[SYN_KIND_COUNT];

/* A zeroed node of kind k, sized for its kind's union member. */
static inline SynNode *syn_new(SynArena *a, SynKind k, SynPos pos) {
  SynNode *n = arena_alloc(a, syn_node_sizes[k]);
  n->kind = (uint8_t)k;
  n->pos = pos;
  return n;
}
SynList syn_list_from(SynArena *a, SynNode **items, uint32_t n);
SynPragmaList syn_pragmas_take(SynArena *a, PragmaBuf *b);
void pragma_push(PragmaBuf *b, SynPragma pr);
/* Doubles a malloc'ed vector's capacity (min when empty); aborts on OOM. */
void *syn_grow(void *v, uint32_t *cap, size_t elem, uint32_t min);
void pragma_free(PragmaBuf *b);

#endif /* ROG_SYNTAX_AST_H */
