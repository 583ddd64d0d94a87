/*
 * syntax.h: the public interface of rog's Go 1.19 front end (scanner,
 * parser, AST). This is the contract the type checker (compiler/types)
 * consumes; nothing else of compiler/syntax is meant to be used outside it.
 *
 * Design
 * ------
 * - One arena (SynArena) owns everything a parse produces: the copy of the
 *   source buffer, every node, every list, every pragma and error string.
 *   Freeing the arena frees the AST; there is no per-node free. One arena per
 *   file or per package is the caller's choice (syn_parse_file takes the
 *   arena to allocate into).
 * - Nodes are plain structs: a common header (kind, op, flags, position)
 *   followed by a union with one member per node kind. Each node is
 *   allocated with exactly the size of its kind's union member, so a Name
 *   costs 40 bytes and a FuncDecl more; never read a union member other than
 *   the one matching `kind`.
 * - Lists (SynList) are arrays in the arena: {items, len}. They are built on
 *   the parser's scratch stack and copied once, so there is no realloc.
 * - Identifiers and literals are length-delimited slices (SynStr) of the
 *   arena's copy of the source; they are not NUL-terminated and not
 *   interned (the checker interns them into its own scope tables).
 *   Literals keep their raw source text; the checker converts values.
 * - The AST mirrors Go's spec closely, in the shape gc's syntax package
 *   uses (types are expressions; x.(type) is a TypeSwitchGuard; multiple
 *   index expressions are a ListExpr; x++ is an AssignStmt whose rhs is
 *   NULL). Rejected alternative: go/ast's shape (separate Ident/StarExpr/
 *   UnaryExpr/BinaryExpr node families), which needs more kinds for the same
 *   information.
 * - Positions: every node has a SynPos (raw byte offset, raw line and column
 *   in the physical file, and the index of the position base in effect,
 *   which //line directives change). syn_pos_resolve() turns a SynPos into
 *   the (file, line, column) that diagnostics and debug info must show.
 * - Comments: the parser keeps the ones later phases need, not all of them:
 *   directives (//go:... and //export lines) are attached as pragmas to the
 *   declaration that follows them; //go:build and // +build lines before the
 *   package clause are collected per file; each declaration (and each spec
 *   of a grouped declaration) keeps its doc comment (the comment group
 *   ending on the line just before it) as a raw source slice, which is how
 *   the cgo preamble before `import "C"` is found (SynFile.cgo_preamble).
 * - Errors go to a caller-supplied sink (SynErrorFn) as they are found, in
 *   gc's wording ("syntax error: unexpected X, expecting Y"). The parser
 *   recovers and continues; limiting the count (gc stops at 10 unless -e)
 *   is the sink's business. Errors gc only finds in its type checker but
 *   Go's go/parser reports while parsing (a type used as a value, `[...]T`
 *   outside a composite literal, a non-name left of `:=`, a bad import
 *   path, a const spec without value) are reported too, flagged soft.
 * - Node positions follow gc: an operation is at its operator, a selector
 *   at its '.', a call or index at its '(' or '[', an assignment at its
 *   operator, a composite literal at its '{', a func type at its '(' (a
 *   FuncLit/FuncDecl at "func").
 *
 * Not done here (left to the type checker, as go/parser does): gc's
 * branch checks (undefined/unused labels, misplaced break/continue/goto/
 * fallthrough) and "misplaced compiler directive"; directives inside
 * function bodies are dropped. Limits: nesting deeper than 1000 levels is an
 * error ("nesting too deep"); files must be smaller than 4 GiB.
 */
#ifndef ROG_SYNTAX_SYNTAX_H
#define ROG_SYNTAX_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- arena ------------------------------------------------------------ */

typedef struct SynArena SynArena;

SynArena *syn_arena_new(void);
void syn_arena_free(SynArena *a);
/* Zeroed, 8-byte aligned memory living as long as the arena. */
void *syn_arena_alloc(SynArena *a, size_t size);
/* Total bytes handed out (for statistics). */
size_t syn_arena_used(const SynArena *a);

/* ---- strings, positions ---------------------------------------------- */

/* A length-delimited string (not NUL-terminated). */
typedef struct SynStr {
  const char *ptr;
  uint32_t len;
} SynStr;

/* A position. off is the byte offset into the file (0-based), line and col
 * are 1-based and physical (col counts bytes, like gc). base indexes
 * SynFile.bases: base 0 is the file itself, others come from //line
 * directives. line == 0 means "no position". */
typedef struct SynPos {
  uint32_t off;
  uint32_t line;
  uint32_t col;
  uint32_t base;
} SynPos;

/* A position base, established at the start of a file or by a //line
 * directive. From the physical position (line_at, col_at) on, positions
 * are reported as filename:line:col with line counting from `line`; col
 * is 0 when the directive gave no column (then columns are not reported
 * on lines after the directive's, as gc does). */
typedef struct SynPosBase {
  SynStr filename;
  uint32_t line_at; /* physical line where the base takes effect */
  uint32_t col_at;  /* physical column where the base takes effect */
  uint32_t line;    /* reported line at (line_at, col_at) */
  uint32_t col;     /* reported column at (line_at, col_at); 0 = unknown */
} SynPosBase;

/* ---- node kinds ------------------------------------------------------- */

typedef enum SynKind {
  SYN_BAD = 0, /* placeholder after a syntax error */

  /* declarations (only as elements of SynFile.decls or DeclStmt) */
  SYN_IMPORT_DECL,
  SYN_CONST_DECL,
  SYN_TYPE_DECL,
  SYN_VAR_DECL,
  SYN_FUNC_DECL,

  /* expressions */
  SYN_NAME,              /* name */
  SYN_BASIC_LIT,         /* lit */
  SYN_COMPOSITE_LIT,     /* composite */
  SYN_KEY_VALUE,         /* key_value: key: value in a composite literal */
  SYN_FUNC_LIT,          /* func_lit */
  SYN_PAREN,             /* paren: (x) */
  SYN_SELECTOR,          /* selector: x.sel */
  SYN_INDEX,             /* index: x[i] or x[T1, T2] (index is a LIST_EXPR) */
  SYN_SLICE,             /* slice: x[i:j] or x[i:j:k] */
  SYN_ASSERT,            /* assert: x.(T) */
  SYN_TYPE_SWITCH_GUARD, /* guard: [lhs :=] x.(type) */
  SYN_OPERATION,         /* operation: unary (y == NULL) or binary; op in node.op */
  SYN_CALL,              /* call: fun(args) or fun(args...) */
  SYN_LIST_EXPR,         /* list: x, y, z (only where lists are expressions) */

  /* types (also expressions) */
  SYN_ARRAY_TYPE,     /* array: [len]elem; len == NULL means [...]elem */
  SYN_SLICE_TYPE,     /* elem: []elem */
  SYN_DOTS_TYPE,      /* elem: ...elem (last parameter only) */
  SYN_STRUCT_TYPE,    /* struct_type */
  SYN_FIELD,          /* field: [name] type; also parameters and methods */
  SYN_INTERFACE_TYPE, /* interface_type */
  SYN_FUNC_TYPE,      /* func_type */
  SYN_MAP_TYPE,       /* map_type */
  SYN_CHAN_TYPE,      /* chan_type */

  /* statements */
  SYN_EMPTY_STMT,
  SYN_LABELED_STMT, /* labeled */
  SYN_BLOCK_STMT,   /* block */
  SYN_EXPR_STMT,    /* expr_stmt */
  SYN_SEND_STMT,    /* send */
  SYN_DECL_STMT,    /* decl_stmt */
  SYN_ASSIGN_STMT,  /* assign */
  SYN_BRANCH_STMT,  /* branch */
  SYN_CALL_STMT,    /* call_stmt: go/defer */
  SYN_RETURN_STMT,  /* ret */
  SYN_IF_STMT,      /* if_stmt */
  SYN_FOR_STMT,     /* for_stmt */
  SYN_SWITCH_STMT,  /* switch_stmt */
  SYN_SELECT_STMT,  /* select_stmt */
  SYN_RANGE_CLAUSE, /* range: only as ForStmt.init */
  SYN_CASE_CLAUSE,  /* case_clause */
  SYN_COMM_CLAUSE,  /* comm_clause */

  SYN_KIND_COUNT
} SynKind;

/* Operators (SYN_OPERATION's and SYN_ASSIGN_STMT's node.op). */
typedef enum SynOp {
  SYN_OP_NONE = 0,
  SYN_OP_DEF,   /* ':' of := (AssignStmt only) */
  SYN_OP_NOT,   /* ! */
  SYN_OP_RECV,  /* <- */
  SYN_OP_TILDE, /* ~ */
  SYN_OP_OROR,  /* || */
  SYN_OP_ANDAND,
  SYN_OP_EQL, /* == */
  SYN_OP_NEQ,
  SYN_OP_LSS,
  SYN_OP_LEQ,
  SYN_OP_GTR,
  SYN_OP_GEQ,
  SYN_OP_ADD,
  SYN_OP_SUB,
  SYN_OP_OR,
  SYN_OP_XOR,
  SYN_OP_MUL,
  SYN_OP_DIV,
  SYN_OP_REM,
  SYN_OP_AND,
  SYN_OP_ANDNOT,
  SYN_OP_SHL,
  SYN_OP_SHR,
  SYN_OP_COUNT
} SynOp;

/* Literal kinds (SYN_BASIC_LIT). */
typedef enum SynLitKind { SYN_LIT_INT, SYN_LIT_FLOAT, SYN_LIT_IMAG, SYN_LIT_RUNE, SYN_LIT_STRING } SynLitKind;

/* Branch statement / call statement keywords. */
typedef enum SynBranchTok {
  SYN_BREAK = 1,
  SYN_CONTINUE,
  SYN_FALLTHROUGH,
  SYN_GOTO,
  SYN_GO,
  SYN_DEFER
} SynBranchTok;

/* Channel directions. */
typedef enum SynChanDir { SYN_CHAN_BOTH = 0, SYN_CHAN_SEND, SYN_CHAN_RECV } SynChanDir;

/* node.flags bits */
enum {
  SYN_F_BAD_LIT = 1 << 0,      /* BasicLit: malformed (an error was reported) */
  SYN_F_HAS_DOTS = 1 << 1,     /* Call: f(x...) */
  SYN_F_FULL_SLICE = 1 << 2,   /* Slice: x[i:j:k] */
  SYN_F_ALIAS = 1 << 3,        /* TypeDecl: type A = B */
  SYN_F_RANGE_DEF = 1 << 4,    /* RangeClause: k, v := range x */
  SYN_F_IMPLICIT_ONE = 1 << 5, /* AssignStmt: x++ / x-- (rhs == NULL) */
};

/* ---- nodes ------------------------------------------------------------ */

typedef struct SynNode SynNode;

typedef struct SynList {
  SynNode **items;
  uint32_t len;
} SynList;

/* A compiler directive comment (//go:noinline, //go:linkname a b,
 * //go:embed pat, //export f, ...). text excludes the leading "//". */
typedef struct SynPragma {
  SynPos pos;
  SynStr text;
} SynPragma;

typedef struct SynPragmaList {
  SynPragma *items;
  uint32_t len;
} SynPragmaList;

/* Fields shared by all declarations. group != 0 identifies the
 * parenthesized group a spec belongs to (same value for all specs of one
 * group, unique within a file); index is the spec's position in its group
 * (0 outside groups; iota for constants). doc is the raw text of the comment
 * group immediately preceding the spec (or the group keyword), empty if
 * none. pragmas are the directives (//go:..., //export) since the previous
 * declaration; in a group, those before the keyword go to the first spec. */
typedef struct SynDeclCommon {
  uint32_t group;
  uint32_t index;
  SynStr doc;
  SynPragmaList pragmas;
} SynDeclCommon;

struct SynNode {
  uint8_t kind;   /* SynKind */
  uint8_t op;     /* SynOp (Operation, AssignStmt), SynBranchTok, SynChanDir, SynLitKind */
  uint16_t flags; /* SYN_F_* */
  SynPos pos;
  union {
    /* declarations */
    struct {
      SynDeclCommon c;
      SynNode *local_name;
      SynNode *path;
    } import_decl;
    struct {
      SynDeclCommon c;
      SynList names;
      SynNode *type;
      SynNode *values;
    } const_decl; /* type, values may be NULL */
    struct {
      SynDeclCommon c;
      SynNode *name;
      SynList tparams;
      SynNode *type;
    } type_decl;
    struct {
      SynDeclCommon c;
      SynList names;
      SynNode *type;
      SynNode *values;
    } var_decl;
    struct {
      SynDeclCommon c;
      SynNode *recv; /* Field or NULL */
      SynNode *name;
      SynList tparams; /* Fields */
      SynNode *type;   /* FuncType */
      SynNode *body;   /* BlockStmt or NULL */
    } func_decl;

    /* expressions */
    struct {
      SynStr value;
    } name;
    struct {
      SynStr value;
    } lit; /* op = SynLitKind; raw source text */
    struct {
      SynNode *type;
      SynList elems;
      uint32_t nkeys;
      SynPos rbrace;
    } composite;
    struct {
      SynNode *key, *value;
    } key_value;
    struct {
      SynNode *type;
      SynNode *body;
    } func_lit;
    struct {
      SynNode *x;
    } paren;
    struct {
      SynNode *x;
      SynNode *sel;
    } selector;
    struct {
      SynNode *x;
      SynNode *index;
    } index;
    struct {
      SynNode *x;
      SynNode *index[3];
    } slice; /* NULL = omitted */
    struct {
      SynNode *x;
      SynNode *type;
    } assert;
    struct {
      SynNode *lhs;
      SynNode *x;
    } guard; /* lhs: Name or NULL */
    struct {
      SynNode *x, *y;
    } operation;
    struct {
      SynNode *fun;
      SynList args;
    } call;
    struct {
      SynList elems;
    } list;

    /* types */
    struct {
      SynNode *len;
      SynNode *elem;
    } array;
    struct {
      SynNode *elem;
    } elem; /* SliceType, DotsType */
    struct {
      SynList fields;
      SynList tags;
    } struct_type; /* tags parallel to fields; NULL items = no tag */
    struct {
      SynNode *name;
      SynNode *type;
    } field; /* name may be NULL (embedded/anonymous) */
    struct {
      SynList methods;
    } interface_type; /* Fields: name+FuncType, or embedded element (name NULL) */
    struct {
      SynList params;
      SynList results;
    } func_type;
    struct {
      SynNode *key, *value;
    } map_type;
    struct {
      SynNode *elem;
    } chan_type; /* op = SynChanDir */

    /* statements */
    struct {
      SynNode *label;
      SynNode *stmt;
    } labeled;
    struct {
      SynList stmts;
      SynPos rbrace;
    } block;
    struct {
      SynNode *x;
    } expr_stmt;
    struct {
      SynNode *chan, *value;
    } send;
    struct {
      SynList decls;
    } decl_stmt;
    struct {
      SynNode *lhs, *rhs;
    } assign; /* op: 0 plain =, SYN_OP_DEF for :=, else op= */
    struct {
      SynNode *label;
    } branch; /* op = SynBranchTok; label may be NULL */
    struct {
      SynNode *call;
    } call_stmt; /* op = SYN_GO or SYN_DEFER */
    struct {
      SynNode *results;
    } ret; /* NULL, expr, or ListExpr */
    struct {
      SynNode *init, *cond, *then, *else_;
    } if_stmt;
    struct {
      SynNode *init, *cond, *post, *body;
    } for_stmt; /* init may be a RangeClause */
    struct {
      SynNode *lhs;
      SynNode *x;
    } range; /* lhs NULL, expr or ListExpr */
    struct {
      SynNode *init, *tag;
      SynList clauses;
      SynPos rbrace;
    } switch_stmt;
    struct {
      SynList clauses;
      SynPos rbrace;
    } select_stmt;
    struct {
      SynNode *cases;
      SynList body;
      SynPos colon;
    } case_clause; /* cases NULL = default */
    struct {
      SynNode *comm;
      SynList body;
      SynPos colon;
    } comm_clause; /* comm NULL = default */
  } u;
};

/* A parsed file. */
typedef struct SynFile {
  SynStr filename;
  SynStr src;                /* the arena's copy of the source */
  SynPos pos;                /* of the package keyword */
  SynNode *pkg_name;         /* Name; NULL if the package clause is missing */
  SynStr doc;                /* package doc comment */
  SynPragmaList pragmas;     /* directives before the package clause */
  SynList decls;             /* top-level declarations */
  SynPragmaList build_lines; /* //go:build and // +build lines before package */
  SynStr cgo_preamble;       /* doc comment of the first `import "C"`, if any */
  SynPosBase *bases;         /* bases[0] is the file itself */
  uint32_t nbases;
  uint32_t nerrors; /* errors reported while parsing this file */
} SynFile;

/* ---- errors ------------------------------------------------------------ */

typedef struct SynError {
  SynPos pos;
  const char *filename; /* resolved (after //line), NUL-terminated */
  uint32_t line, col;   /* resolved; col 0 = unknown */
  const char *msg;      /* e.g. "syntax error: unexpected newline, expecting comma or )" */
  /* soft: an error gc reports in its type checker rather than its parser
   * (but Go's own go/parser reports while parsing, e.g. "x (type) is not
   * an expression"). gc prints these only when there are no syntax
   * errors; `rog tool compile` does the same. */
  bool soft;
} SynError;

typedef void (*SynErrorFn)(void *ctx, const SynError *err);

/* ---- entry points ----------------------------------------------------- */

/* Parses one Go source file. buf need not be NUL-terminated and is copied
 * into the arena (so it may be freed afterwards). filename is copied too.
 * Errors are passed to errfn (if non-NULL) in source order; parsing always
 * returns a SynFile (possibly with BAD nodes) unless memory runs out
 * (then it aborts). A leading UTF-8 BOM is skipped. */
SynFile *syn_parse_file(SynArena *a, const char *filename, const char *buf, size_t len, SynErrorFn errfn,
                        void *errctx);

/* Resolves a position through the file's //line bases. */
void syn_pos_resolve(const SynFile *f, SynPos pos, SynStr *filename, uint32_t *line, uint32_t *col);

/* Writes the UTF-8 encoding of rune r to out (up to 4 bytes) and returns its
 * length. Invalid code points (surrogates, beyond U+10FFFF) encode as
 * U+FFFD, as Go's utf8.EncodeRune does. Shared by the parser (escapes in
 * import paths) and the type checker (string constants). */
size_t syn_utf8_encode(char *out, uint32_t r);

/* Writes an indented dump of the AST (one node per line with its resolved
 * position), the format `rog tool compile -d=ast` prints. */
void syn_dump_file(FILE *out, const SynFile *f);
void syn_dump_node(FILE *out, const SynFile *f, const SynNode *n, int indent);

/* Splits a `//go:linkname LOCAL [TARGET]` directive (p->text without the
 * leading "//"): false if p is not one; *target is empty for the
 * one-argument form. Shared by the type checker (a linknamed function may
 * lack a body) and lower (linkname.c). */
bool syn_pragma_linkname(const SynPragma *p, SynStr *local, SynStr *target);
/* The pragmas of a top-level declaration node, or NULL for other nodes. */
const SynPragmaList *syn_decl_pragmas(const SynNode *d);

/* Names for diagnostics and dumps. */
const char *syn_kind_name(SynKind k);
const char *syn_op_string(SynOp op);

#ifdef __cplusplus
}
#endif

#endif /* ROG_SYNTAX_SYNTAX_H */
