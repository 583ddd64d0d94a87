/*
 * internal.h: state shared by the files of compiler/lower (not for other
 * components; they use lower.h).
 *
 * Lower holds the per-package state; Fn the state of the function body
 * being emitted (entry-block allocas, result slots, branch targets, the
 * closure environment, the defer frame). Locals are found through
 * Lower.vars (Object* -> LocalVar*), which is per function (reset at each
 * function; closures see their captured variables through env loads that
 * are bound into the same map while their body is emitted).
 */
#ifndef ROG_LOWER_INTERNAL_H
#define ROG_LOWER_INTERNAL_H

#include <stdarg.h>

#include "compiler/lower/lower.h"

/* How a Go signature maps onto an LLVM function type (abi.h [calls]). */
typedef enum { RES_VOID, RES_DIRECT, RES_PAIR, RES_SRET } ResKind;

typedef struct LowerSig {
  Type *sig;         /* the Go signature (TY_SIGNATURE) */
  Type *recv;        /* receiver type or NULL */
  bool nest;         /* has a nest parameter (closure bodies, func-value calls) */
  LLVMTypeRef fty;   /* the LLVM function type */
  ResKind res;       /* how results come back */
  LLVMTypeRef rtype; /* RES_SRET: the Go struct of the results (memory type) */
  unsigned nres_parts;
} LowerSig;

/* The active substitution of a stenciled instance (generic.c). */
typedef struct LowerSubst {
  Object **tparams;
  Type **targs;
  uint32_t n;
} LowerSubst;

/* A function declaration of this package or, for generic ones, of another
 * package of the program (for instances). */
typedef struct LowerDecl {
  SynNode *decl;
  SynFile *file;
  TypesInfo *info; /* the side tables of decl's package */
  Object *fn;      /* the object decl's body was checked against: the
                      declared one, or types_check_bodies' stand-in */
} LowerDecl;

typedef struct LocalVar {
  LLVMValueRef addr; /* pointer to the variable's storage */
  Type *type;
} LocalVar;

/* An addressable operand. */
typedef struct LValue {
  LLVMValueRef addr;
  Type *type;
} LValue;

typedef struct Target {
  SynNode *stmt; /* the for/switch/select statement */
  Object *label; /* its label, or NULL */
  LLVMBasicBlockRef brk, cont;
} Target;

typedef struct Fn {
  LLVMValueRef fn;
  LowerSig sig;
  Type *gosig;
  LLVMBasicBlockRef entry; /* allocas go at its start */
  LLVMValueRef alloca_pt;  /* insertion point for allocas */
  LLVMValueRef *res_slots; /* one per result: addresses */
  Object **res_vars;       /* named results, or NULL entries */
  uint32_t nres;
  LLVMValueRef sret; /* sret parameter, or NULL */
  LLVMValueRef nest; /* closure object, or NULL */
  Target *targets;
  uint32_t ntargets, cap_targets;
  PtrMap labels;   /* Object* (label) -> LLVMBasicBlockRef */
  Object **lnames; /* label objects by name (stmt.c label_obj) */
  uint32_t nlnames;
  LLVMValueRef defer_frame; /* rog_defer_frame alloca, or NULL */
  LLVMValueRef recover_val; /* rog_gorecover's result slot, or NULL */
  LLVMBasicBlockRef fallthrough_to;
  int nclosures;     /* for .funcN naming */
  int loop_depth;    /* for/range statements around the statement being lowered */
  bool has_goto;     /* the body has a goto (it may loop without a for) */
  bool lit_on_stack; /* the next func literal lowered is a deferred one whose closure goes in the frame */
  const char *name;  /* symbol */
  struct Fn *outer;
} Fn;

struct Lower {
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  TypesCtx *tc;
  TypesPackage *pkg;
  TypesInfo *info;
  TypeDescEmitter *td;
  const LowerOptions *opt;
  int nerrors;
  SynFile *file; /* file being lowered (for positions) */
  Fn *fn;
  PtrMap vars;     /* Object* -> LocalVar* (function locals) */
  PtrMap escapes;  /* Object* -> non-NULL if heap-allocated */
  PtrMap globals;  /* Object* -> LLVMValueRef (package vars of this and other packages) */
  PtrMap funclits; /* SynNode* (FuncLit) -> const char* symbol */
  PtrMap decls;    /* Object* (func or method) -> LowerDecl* */
  PtrMap sources;  /* TypesPackage* -> non-NULL once its generic decls are in decls */
  /* functions only inline asm refers to (closure.c's nest thunks jump to
   * them): kept alive through llvm.compiler.used */
  LLVMValueRef *asm_used;
  uint32_t nasm_used, cap_asm_used;
  LowerSubst *subst; /* while lowering an instance, else NULL */
  /* Offset added to the next nil check of an lvalue chain: lower_lvalue of
   * x in x.f passes f's offset down so `p.s.f` reports nil+offset(s.f), as
   * gc's faulting load does. lower_lvalue reads and clears it on entry. */
  uint64_t nil_off;
  /* common LLVM types */
  LLVMTypeRef i1, i8, i16, i32, i64, f32, f64, ptr, voidt, str, slice, iface;
  /* debug info */
  LLVMDIBuilderRef di;
  LLVMMetadataRef di_cu, di_file, di_sp;
  int strid;
};

/* lower.c */
typedef void (*lower_child_fn)(void *ctx, SynNode *n);
/* Whether a function body has a goto (not counting nested literals). */
bool lower_body_has_goto(SynNode *body);
void lower_each_child(SynNode *n, lower_child_fn f, void *ctx);
Type *lower_tv_type(Lower *L, SynNode *n);
TypeAndValue *lower_tv(Lower *L, SynNode *n);
Object *lower_use(Lower *L, SynNode *name);
Object *lower_def(Lower *L, SynNode *name);
LLVMValueRef lower_entry_alloca(Lower *L, Type *t, const char *name);
LLVMValueRef lower_var_storage(Lower *L, Object *v); /* alloca or heap per escapes */
void lower_set_loc(Lower *L, SynPos pos);
LLVMValueRef lower_zero(Lower *L, Type *t);
LLVMValueRef lower_load(Lower *L, Type *t, LLVMValueRef addr);
void lower_store(Lower *L, Type *t, LLVMValueRef addr, LLVMValueRef v);
bool lower_has_pointers(Type *t);
LLVMValueRef lower_const_int(Lower *L, LLVMTypeRef t, int64_t v);
LLVMValueRef lower_cstring(Lower *L, const char *s, size_t n); /* string value */
LLVMValueRef lower_global_var(Lower *L, Object *v);
LLVMValueRef lower_typedesc_of(Lower *L, Type *t);
bool lower_is_pkg_level(Lower *L, Object *o);
const char *lower_strf(Lower *L, const char *fmt, ...);
void lower_panic_call(Lower *L, const char *name, LLVMValueRef *args, unsigned n);
LLVMValueRef lower_rt_call(Lower *L, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n);
bool lower_block_terminated(Lower *L);
/* Calls a C runtime function returning a struct in memory (sret). */
LLVMValueRef lower_rt_call_sret(Lower *L, const char *name, LLVMTypeRef rt, LLVMValueRef *args, unsigned n);
LLVMValueRef lower_entry_alloca_llvm(Lower *L, LLVMTypeRef t);
LLVMBasicBlockRef lower_new_block(Lower *L, const char *name);
void lower_escape_analysis(Lower *L, SynFile **files, uint32_t nfiles);
/* The same walk over one function declaration (of L->info's package). */
void lower_escape_analysis_decl(Lower *L, SynNode *decl);
int64_t lower_sizeof(Type *t);

/* call.c */
void lower_sig(Lower *L, Type *sig, Type *recv, bool nest, LowerSig *out);
/* Puts s's parameter attributes (sret, nest, zext/sext) on a call. */
void lower_sig_call_attrs(Lower *L, const LowerSig *s, LLVMValueRef call);
/* Declares (or finds) a function named sym with the given signature. */
LLVMValueRef lower_declare(Lower *L, const char *sym, const LowerSig *s);
/* Calls fnptr (a function, or code pointer loaded from a closure) with Go
 * values args (receiver first, if any); returns the results as Go values
 * in res (count = results of sig). nest may be NULL. */
void lower_emit_call(Lower *L, const LowerSig *s, LLVMValueRef fnptr, LLVMValueRef nest, LLVMValueRef *args,
                     unsigned nargs, LLVMValueRef *res);
/* In a function being defined: the Go values of its parameters. */
void lower_bind_params(Lower *L, const LowerSig *s, LLVMValueRef fn, LLVMValueRef *out, unsigned nout);
/* Emits the return of Go result values. */
void lower_emit_return(Lower *L, const LowerSig *s, LLVMValueRef *vals);
/* Expression call; nres results into res (multi-value). */
unsigned lower_call_expr(Lower *L, SynNode *call, LLVMValueRef *res, unsigned maxres);
void lower_print_values(Lower *L, LLVMValueRef *vals, Type **tys, uint32_t n, bool ln);
LLVMValueRef lower_builtin_call(Lower *L, SynNode *call, Object *b, bool *novalue);

/* Receiver of the method selected by s on x, converted to want. */
LLVMValueRef lower_method_receiver(Lower *L, SynNode *x, Selection *s, Type *want);
/* Calls interface method m of interface value iv (static type it). */
void lower_iface_method_call(Lower *L, LLVMValueRef iv, Type *it, Object *m, LLVMValueRef *args,
                             unsigned nargs, LLVMValueRef *res);

/* linkname.c */
/* The target symbol of `//go:linkname name target` in the package's
 * files, or NULL (no directive, or the one-argument form). */
const char *lower_linkname_target(Lower *L, SynFile **files, uint32_t nfiles, const char *name);
/* Defines bodyless function fo as a call of target (gc: fo is target). */
void lower_linkname_thunk(Lower *L, Object *fo, const char *target);
/* Makes target another name of the defined function def. */
void lower_linkname_alias(Lower *L, LLVMValueRef def, const char *target);

/* expr.c */
bool lower_composite_into(Lower *L, SynNode *e, Type *t, LLVMValueRef addr);
/* Values of t live directly in an interface's data word. */
bool lower_pointer_shaped(Type *t);
LLVMValueRef lower_expr(Lower *L, SynNode *e);
/* Value of e converted to type t (assignment conversion: interfaces). */
LLVMValueRef lower_expr_to(Lower *L, SynNode *e, Type *t);
LValue lower_lvalue(Lower *L, SynNode *e);
bool lower_is_addressable(Lower *L, SynNode *e);
LLVMValueRef lower_convert(Lower *L, LLVMValueRef v, Type *from, Type *to);
LLVMValueRef lower_const(Lower *L, Const *c, Type *t);
LLVMValueRef lower_bool_expr(Lower *L, SynNode *e);
LLVMValueRef lower_equal(Lower *L, LLVMValueRef x, LLVMValueRef y, Type *t);
LLVMValueRef lower_compare(Lower *L, int op, LLVMValueRef x, LLVMValueRef y, Type *t);
LLVMValueRef lower_str_len(Lower *L, LLVMValueRef s);
LLVMValueRef lower_str_ptr(Lower *L, LLVMValueRef s);
LLVMValueRef lower_make_str(Lower *L, LLVMValueRef p, LLVMValueRef n);
LLVMValueRef lower_make_slice(Lower *L, LLVMValueRef p, LLVMValueRef n, LLVMValueRef c);
LLVMValueRef lower_to_iface(Lower *L, LLVMValueRef v, Type *from, Type *to);
LLVMValueRef lower_binary(Lower *L, int op, LLVMValueRef x, LLVMValueRef y, Type *t, SynPos pos);
LLVMValueRef lower_func_lit(Lower *L, SynNode *lit);
void lower_nil_check(Lower *L, LLVMValueRef p);
/* The same for an access at p+off (a field): the panic's [signal] line
 * reports addr=off as gc's faulting load does (rog_panic_nil_at). */
void lower_nil_check_at(Lower *L, LLVMValueRef p, uint64_t off);
void lower_bounds_check(Lower *L, LLVMValueRef i, LLVMValueRef len, bool is_unsigned);
LLVMValueRef lower_index_addr(Lower *L, SynNode *e, Type **elem);
LLVMValueRef lower_method_value(Lower *L, SynNode *sel, Selection *s);
LLVMValueRef lower_assert(Lower *L, SynNode *e, Type *to, bool commaok, LLVMValueRef *ok);
LLVMValueRef lower_assert_value(Lower *L, LLVMValueRef x, Type *from, Type *to, bool commaok,
                                LLVMValueRef *ok);
/* Expression with n results (call, comma-ok forms). */
unsigned lower_multi(Lower *L, SynNode *e, LLVMValueRef *res, Type **types, unsigned max);

LLVMValueRef lower_shift(Lower *L, int op, LLVMValueRef x, LLVMValueRef s, Type *t, Type *st);
unsigned lower_eval_args(Lower *L, SynNode *call, Type *sig, LLVMValueRef *out);

/* generic.c */
Type *lower_subst(Lower *L, Type *t);
Type *lower_obj_type(Lower *L, Object *o);
/* "List[int]" (type arguments by link string) of an instantiated named
 * type, for the symbols of its methods and wrappers. */
const char *lower_instance_name(Lower *L, Type *named);
void lower_register_decl(Lower *L, Object *key, Object *fn, SynNode *decl, SynFile *file, TypesInfo *info);
LLVMValueRef lower_generic_func(Lower *L, Object *fo, Type **targs, uint32_t n);
/* The instance of generic function fo named at name (index: the f[...]
 * expression around it, or NULL). */
Instance *lower_instance_of(Lower *L, Object *fo, SynNode *name, SynNode *index);
LLVMValueRef lower_instance_method(Lower *L, Object *m, Type *recv);
bool lower_is_instance(Type *t);
/* The type reached from t along the embedded fields index[0..n-1]. */
Type *lower_path_type(Lower *L, Type *t, const uint32_t *index, uint32_t n);
/* The function of method m reached through a value of type `through`
 * (T or *T of the type declaring m; for instances of generic types, the
 * stenciled method of that instance). */
LLVMValueRef lower_method_func(Lower *L, Object *m, Type *through);
/* The signature and receiver type of method m called through `through`
 * (substituted for the instance when through is an instance). */
void lower_method_sig(Lower *L, Object *m, Type *through, Type **sig, Type **recv);

/* atomic.c: sync/atomic's bodyless functions as inline atomics. At a call
 * of fo with Go argument values args: emits the instruction, stores the
 * result in res[0] and returns true, or returns false if fo is not one.
 * lower_atomic_define gives the bodyless declaration fo of package
 * sync/atomic its definition (for function values); false if not one. */
bool lower_atomic_call(Lower *L, Object *fo, LLVMValueRef *args, unsigned nargs, LLVMValueRef *res);
bool lower_atomic_define(Lower *L, Object *fo);
/* mathintr.c: math's bodyless arch* functions at a call (as
 * lower_atomic_call). */
bool lower_math_call(Lower *L, Object *fo, LLVMValueRef *args, unsigned nargs, LLVMValueRef *res);

/* closure.c */
LLVMValueRef lower_static_closure(Lower *L, LLVMValueRef code, bool has_nest);
void lower_go_defer(Lower *L, SynNode *s);
LLVMValueRef lower_frameaddress(Lower *L, unsigned level);
/* A Go struct type of the given field types (closure environments). */
Type *lower_env_type(Lower *L, Type **fields, uint32_t n);

/* map.c: m[k] reads (elem pointer; access2 stores ok at okp), the slot of
 * m[k] = v, and delete(m, k). kp points at the key (a stack slot). */
LLVMValueRef lower_map_access1(Lower *L, Type *maptype, LLVMValueRef m, LLVMValueRef kp);
LLVMValueRef lower_map_access2(Lower *L, Type *maptype, LLVMValueRef m, LLVMValueRef kp, LLVMValueRef okp);
LLVMValueRef lower_map_assign(Lower *L, Type *maptype, LLVMValueRef m, LLVMValueRef kp);
void lower_map_delete(Lower *L, Type *maptype, LLVMValueRef m, LLVMValueRef kp);

/* stmt.c (select: chan.c) */
void lower_select(Lower *L, SynNode *s, Object *label);
void lower_block(Lower *L, SynList stmts);
void lower_stmt(Lower *L, SynNode *s);
void lower_func_body(Lower *L, Object *fobj, SynNode *ftype, SynNode *body, const char *sym, bool is_closure,
                     Object **captured, uint32_t ncaptured);
void lower_assign_to(Lower *L, SynNode *lhs, LLVMValueRef v, Type *vt);

#endif /* ROG_LOWER_INTERNAL_H */
