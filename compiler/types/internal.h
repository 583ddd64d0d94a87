/*
 * internal.h: what the files of compiler/types share and nothing outside
 * uses: the context layout, the Checker state, operands, and the
 * declarations of each file's entry points. The public contract is
 * types.h.
 *
 * Layering: constant.c (exact values) <- type.c (types, predicates,
 * sizes, type strings) <- lookup.c (fields/methods, interface
 * satisfaction) <- the checker files, which all operate on one Checker:
 *   check.c    package driver, error reporting, collection of objects
 *   decl.c     package-level and local declarations, cycles, init order
 *   typexpr.c  type expressions, generic type instantiation (substitution)
 *   expr.c     expressions and operands, untyped conversion, operators
 *   call.c     calls, conversions, builtins, selectors, inference
 *   stmt.c     statements, labels, termination ("missing return")
 */
#ifndef ROG_TYPES_INTERNAL_H
#define ROG_TYPES_INTERNAL_H

#include <stdarg.h>

#include "compiler/types/types.h"

/* Bump arena chunk. */
typedef struct Chunk {
  struct Chunk *next;
  size_t used, cap;
  max_align_t data[];
} Chunk;

struct TypesCtx {
  Chunk *chunks;
  Const **consts; /* values holding GMP/MPFR storage, cleared on free */
  uint32_t nconsts, cap_consts;
  Type *basics[BASIC_COUNT];
  Type *byte_alias, *rune_alias;
  Scope *universe;
  TypesPackage *unsafe_pkg;
  Type *error_type, *comparable_type, *any_type;
  uint32_t next_tparam_id;
  /* Set by the checker: the method m of generic type inst->orig, with the
   * receiver type arguments substituted (lookup.c calls it). */
  Object *(*inst_method)(void *ck, Type *inst, Object *m);
  void *inst_method_ctx;
  /* Set by the checker: declares (checks the signature of) a method of the
   * package being checked that lookup found before its declaration was
   * reached (`var _ I = T{}` above T's methods), as types2's lookup does. */
  void (*decl_method)(void *ck, Object *m);
};

/* ---- operands ---------------------------------------------------------- */

typedef struct Operand {
  uint8_t mode; /* TVMode */
  uint8_t builtin;
  bool nilval; /* the predeclared nil (types2's nilvalue mode), even after conversion */
  SynNode *expr;
  Type *type;
  Const *val;
} Operand;

/* ---- declarations ------------------------------------------------------- */

struct DeclInfo {
  const SynFile *file;
  Scope *file_scope;
  SynNode *spec;      /* ConstDecl/VarDecl/TypeDecl/FuncDecl */
  SynNode *type_expr; /* const/var: declared type */
  SynNode *init;      /* const/var: init expression (one) */
  SynNode *init_list; /* var a, b = f(): the shared rhs */
  Object **lhs;       /* var a, b = f(): all lhs objects */
  uint32_t nlhs;
  int64_t iota;
  Object **deps; /* package-level objects the init depends on */
  uint32_t ndeps, cap_deps;
  bool inherited; /* const spec reusing the previous spec's exprs */
};

typedef struct ErrorRec {
  const SynFile *file;
  SynPos pos;
  char *msg;
  uint32_t seq;
  bool soft;
} ErrorRec;

/* Pending function bodies. */
typedef struct BodyWork {
  Object *fn;
  SynNode *decl;
  Type *sig;
  SynNode *body;
  Scope *scope;
  const SynFile *file;
} BodyWork;

typedef struct PendingUnder {
  Type *named; /* its underlying type is that of rt */
  Type *rt;
  Object *obj; /* named's TypeName */
} PendingUnder;

typedef struct Checker Checker;

/* Per-function context. */
typedef struct FuncCtx {
  Type *sig;
  Scope *scope;
  DeclInfo *decl; /* package-level decl being checked (for deps) */
  bool has_label, has_defer_or_call;
  int iota_valid;
  Const *iota;
} FuncCtx;

struct Checker {
  TypesCtx *ctx;
  const TypesConfig *cfg;
  TypesPackage *pkg;
  TypesInfo *info;
  /* Where the side tables' storage comes from: ctx for a caller's info, a
   * scratch context freed at the end when the caller wants none. */
  TypesCtx *info_ctx;
  SynFile **files;
  uint32_t nfiles;
  const SynFile *file; /* file of the node being checked */
  Scope *file_scope;
  Scope **file_scopes;
  Object **objs; /* package-level objects in source order */
  uint32_t nobjs, cap_objs;
  Object **methods; /* methods (FuncDecl with receiver) */
  uint32_t nmethods, cap_methods;
  BodyWork *bodies;
  uint32_t nbodies, cap_bodies;
  Object **path; /* object path for cycle detection */
  uint32_t npath, cap_path;
  ErrorRec *errors;
  uint32_t nerrors, cap_errors;
  int hard_errors;
  FuncCtx fc;     /* current function context */
  DeclInfo *decl; /* package-level decl whose init is being checked */
  Object **dotimports_used;
  PtrMap unused_imports; /* PkgName -> SynNode* */
  PtrMap delayed_types;  /* misc */
  Object **imports;      /* PkgName objects */
  uint32_t nimports, cap_imports;
  Object **localvars; /* locals for declared-but-not-used */
  uint32_t nlocalvars, cap_localvars;
  bool in_const_decl;
  bool top_generic; /* checking the body of a generic function or of a method of a generic type */
  /* Checks that need complete types (types2's check.later): a map key
   * or embedded field whose type was still being declared. */
  struct Delayed *delayed;
  uint32_t ndelayed, cap_delayed;
  /* `type T2 T1` while T1 is still being declared (reached through a
   * pointer in T1's own type): T2's underlying type waits for T1's
   * (decl.c, resolve_pending_underlying) */
  struct PendingUnder *pending;
  uint32_t npending, cap_pending;
};

typedef enum DelayKind { DELAY_MAP_KEY = 1, DELAY_EMBEDDED, DELAY_IFACE_DUPS, DELAY_TPARAM_TSET } DelayKind;
typedef struct Delayed {
  uint8_t kind; /* DelayKind */
  Type *type;
  SynPos pos;
  const SynFile *file;
} Delayed;
/* typexpr.c: run the delayed checks (after the package's declarations) */
void chk_run_delayed(Checker *ck);

/* check.c */
void chk_errorf(Checker *ck, SynPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void chk_softf(Checker *ck, SynPos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *chk_sprintf(Checker *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *chk_vsprintf(Checker *ck, const char *fmt, va_list ap);
const char *chk_name(Checker *ck, SynNode *name); /* NUL-terminated copy of a Name */
char *chk_expr_string(Checker *ck, SynNode *e);
char *chk_type_string(Checker *ck, Type *t);
char *chk_operand_string(Checker *ck, Operand *x);
void chk_record_type(Checker *ck, SynNode *e, uint8_t mode, Type *t, Const *val);
void chk_record_def(Checker *ck, SynNode *name, Object *o);
void chk_record_use(Checker *ck, SynNode *name, Object *o);
void chk_record_implicit(Checker *ck, SynNode *n, Object *o);
/* false (and an error) if the name is already declared in s */
bool chk_declare(Checker *ck, Scope *s, SynNode *name, Object *o);
SynPos chk_expr_pos(SynNode *e); /* start position of an expression */
void chk_add_localvar(Checker *ck, Object *o);

/* decl.c */
void chk_obj_decl(Checker *ck, Object *o);
void chk_collect_objects(Checker *ck);
/* types_check_bodies: file scopes with their imports, and each file's one
 * FuncDecl checked (signature now, body queued) against a new object,
 * stored in checked[file index]. */
void chk_collect_bodies(Checker *ck, Object **checked);
void chk_package_objects(Checker *ck);
void chk_decl_stmt(Checker *ck, SynNode *decl_stmt);
void chk_init_order(Checker *ck);
void chk_add_dep(Checker *ck, Object *o);
void chk_func_type(Checker *ck, Object *fn, SynNode *decl);

/* typexpr.c */
Type *chk_typexpr(Checker *ck, SynNode *e);
Type *chk_varType(Checker *ck, SynNode *e); /* type for a variable (no constraint interfaces) */
Type *chk_definedType(Checker *ck, SynNode *e, Type *def);
Type *chk_func_signature(Checker *ck, Object *recv_obj, SynNode *recv, SynList *tparams, SynNode *ftype,
                         Scope **scope_out);
void chk_collect_tparams(Checker *ck, Scope *s, SynList *tparams, Object ***out, uint32_t *n);
Type *chk_instantiate(Checker *ck, SynPos pos, Type *generic, Type **targs, uint32_t n, bool verify);
Type *chk_subst(Checker *ck, Type *t, Object **tparams, Type **targs, uint32_t n);
void chk_expand_named(Checker *ck, Type *t);
Type *chk_instantiate_sig(Checker *ck, Type *sig, Type **targs, uint32_t n);
bool chk_satisfies(Checker *ck, SynPos pos, Type *t, Type *tparam_type, Type *constraint, bool report);
void chk_valid_type(Checker *ck, Type *t, Object *start);

/* expr.c */
void chk_expr(Checker *ck, Operand *x, SynNode *e);       /* single value */
void chk_multi_expr(Checker *ck, Operand *x, SynNode *e); /* value or tuple */
void chk_expr_or_type(Checker *ck, Operand *x, SynNode *e, bool allow_generic);
void chk_raw_expr(Checker *ck, Operand *x, SynNode *e, Type *hint, bool allow_generic);
void chk_expr_with_hint(Checker *ck, Operand *x, SynNode *e, Type *hint);
void chk_convert_untyped(Checker *ck, Operand *x, Type *target);
void chk_default_untyped(Checker *ck, Operand *x);
bool chk_assignment(Checker *ck, Operand *x, Type *T, const char *context);
void chk_single_value(Checker *ck, Operand *x);
void chk_use_exprs(Checker *ck, SynNode **es, uint32_t n);
void chk_use_expr(Checker *ck, SynNode *e);
void chk_update_expr_type(Checker *ck, SynNode *e, Type *t, bool final);
bool chk_is_const_type(Type *t);
void chk_overflow(Checker *ck, Operand *x, SynPos pos);
bool chk_representable(Checker *ck, Operand *x, Type *target, bool report);
void chk_binary(Checker *ck, Operand *x, SynNode *e, SynNode *lhs, SynNode *rhs, int op);
void chk_index_expr(Checker *ck, Operand *x, SynNode *e);
void chk_comparison(Checker *ck, Operand *x, Operand *y, int op, SynNode *e, bool switch_case);
void chk_match_types(Checker *ck, Operand *x, Operand *y);
int64_t chk_index(Checker *ck, SynNode *e, int64_t max, bool allow_neg, const char *what);
uint32_t chk_list_len(SynNode *n);
SynNode *chk_list_at(SynNode *n, uint32_t i);
SynNode *chk_unparen(SynNode *e);

/* call.c */
void chk_call(Checker *ck, Operand *x, SynNode *e);
void chk_selector(Checker *ck, Operand *x, SynNode *e, bool want_type);
void chk_conversion(Checker *ck, Operand *x, Type *T);
/* "(int, number, ...T)": operand or parameter types as gc summarizes them */
char *chk_types_summary(Checker *ck, Type **ts, uint32_t n, bool variadic);
void chk_builtin(Checker *ck, Operand *x, SynNode *call, int id);
void chk_func_inst(Checker *ck, Operand *x, SynNode *e);
void chk_func_body(Checker *ck, const char *name, Type *sig, SynNode *body, Scope *scope);
void chk_func_lit(Checker *ck, Operand *x, SynNode *e);

/* stmt.c */
void chk_stmt_list(Checker *ck, SynList *l, int ctxflags);
void chk_body(Checker *ck, Type *sig, SynNode *body, Scope *scope, const char *name);
void chk_assign_vars(Checker *ck, SynNode *lhs, SynNode *rhs, SynPos pos);
void chk_init_vars(Checker *ck, Object **lhs, uint32_t nlhs, SynNode *rhs, SynPos pos, const char *ctx);
void chk_short_var_decl(Checker *ck, SynNode *lhs, SynNode *rhs, SynPos pos);
void chk_init_const(Checker *ck, Object *o, Operand *x);
void chk_init_var(Checker *ck, Object *o, Operand *x, const char *context);
void chk_labels(Checker *ck, SynNode *body);

/* misc helpers */
static inline SynPos chk_pos(SynNode *n) {
  return n ? n->pos : (SynPos){0, 0, 0, 0};
}
void types_ptrmap_reset(PtrMap *m);
void types_ctx_track_const(TypesCtx *c, Const *x);

#define VEC_PUSH(ck_ctx_unused, arr, n, cap, val)                                                            \
  do {                                                                                                       \
    if ((n) == (cap)) {                                                                                      \
      (cap) = (cap) ? (cap) * 2 : 8;                                                                         \
      void *nv_ = realloc((arr), (size_t)(cap) * sizeof *(arr));                                             \
      if (!nv_) abort();                                                                                     \
      (arr) = nv_;                                                                                           \
    }                                                                                                        \
    (arr)[(n)++] = (val);                                                                                    \
  } while (0)

/* type.c: the context of the package being checked on this thread. */
extern _Thread_local TypesCtx *types_identity_ctx;

/* export.c: a whole file, malloc'ed (NULL if it cannot be read). */
uint8_t *types_read_file(const char *file, size_t *len);

#endif /* ROG_TYPES_INTERNAL_H */
