/*
 * lower.c: the lowering context, Go type -> LLVM type (the memory layout of
 * lower.h), gc symbol names, the escape pre-pass, and the package structure
 * (package variables, functions, methods, `P.init`).
 *
 * Escape pre-pass (lower_escape_analysis): one walk over every function
 * body before any code is emitted marks the local variables that must live
 * on the heap: operands of `&` (through field selections and array
 * indexing to the root variable), arrays that are sliced, addressable
 * receivers of pointer methods, and variables a func literal uses that are
 * declared outside it (captured by reference). Everything else is an
 * alloca. This is deliberately the simplest sound rule (the brief's
 * "address-taken or captured goes to the heap"); compiler/passes/h2s moves
 * provably non-escaping allocations back to the stack after inlining.
 * Rejected for now: gc-style escape summaries per function (the real
 * escape analysis DESIGN section 4 asks for); TODO(lower): add them.
 *
 * Package init (abi.h [rt]): `P.init` checks and sets a done flag, calls
 * the `.init` of each import in import order, runs the initializers of
 * TypesInfo.init_order, then `P.init.0`, `P.init.1`, ... in source order.
 *
 * Link-time string definitions (`rog tool link -X importpath.name=value`,
 * gc's -X): a package variable of type string is defined with weak linkage,
 * and one initialized by a constant gets it as a static initializer instead
 * of a store in `P.init` (as gc's static init does). The linker adds an
 * object with a strong definition of each -X symbol, which wins over the
 * weak one; a variable initialized by a non-constant expression still has
 * its store in `P.init`, which overwrites the -X value, as with gc.
 * Rejected: rewriting the symbol's binding in the object at link time
 * (ELF-only, and an LTO build links bitcode), recompiling the package per
 * binary with the value (every x_defs binary recompiles its library).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/internal.h"
#include "compiler/lower/typedesc.h"

/* ---- small accessors ---------------------------------------------------- */

LLVMModuleRef lower_module(Lower *L) {
  return L->mod;
}
LLVMContextRef lower_context(Lower *L) {
  return L->ctx;
}
LLVMBuilderRef lower_builder(Lower *L) {
  return L->b;
}
TypesCtx *lower_types_ctx(Lower *L) {
  return L->tc;
}
TypesPackage *lower_pkg(Lower *L) {
  return L->pkg;
}
TypeDescEmitter *lower_typedesc(Lower *L) {
  return L->td;
}

const char *lower_strf(Lower *L, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[1024];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  return types_strdup(L->tc, buf, (size_t)n);
}

void lower_error(Lower *L, SynPos pos, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  L->nerrors++;
  SynStr fname = {"?", 1};
  uint32_t line = pos.line, col = pos.col;
  if (L->file) syn_pos_resolve(L->file, pos, &fname, &line, &col);
  char fn[512];
  snprintf(fn, sizeof fn, "%.*s", (int)fname.len, fname.ptr);
  if (L->opt && L->opt->error)
    L->opt->error(L->opt->error_ctx, fn, line, col, msg);
  else
    fprintf(stderr, "%s:%u:%u: %s\n", fn, line, col, msg);
}

TypeAndValue *lower_tv(Lower *L, SynNode *n) {
  TypeAndValue *tv = types_ptrmap_get(&L->info->types, n);
  if (!tv || !L->subst || !tv->type) return tv;
  Type *t = lower_subst(L, tv->type);
  if (t == tv->type) return tv;
  TypeAndValue *c = types_alloc(L->tc, sizeof *c);
  *c = *tv;
  c->type = t;
  return c;
}

Type *lower_tv_type(Lower *L, SynNode *n) {
  TypeAndValue *tv = lower_tv(L, n);
  return tv ? tv->type : NULL;
}

Object *lower_use(Lower *L, SynNode *name) {
  Object *o = types_ptrmap_get(&L->info->uses, name);
  if (!o) o = types_ptrmap_get(&L->info->defs, name);
  return o;
}

Object *lower_def(Lower *L, SynNode *name) {
  Object *o = types_ptrmap_get(&L->info->defs, name);
  if (!o) o = types_ptrmap_get(&L->info->uses, name);
  return o;
}

bool lower_is_pkg_level(Lower *L, Object *o) {
  (void)L;
  return o->pkg && o->parent == o->pkg->scope;
}

/* ---- types -------------------------------------------------------------- */

int64_t lower_sizeof(Type *t) {
  return types_sizeof(t);
}

static LLVMTypeRef struct_type(Lower *L, Type *u) {
  uint32_t n = u->u.strukt.nfields;
  int64_t *offs = calloc(n + 1, sizeof *offs);
  types_offsetsof(u, offs);
  LLVMTypeRef *elems = calloc(2 * n + 2, sizeof *elems);
  unsigned ne = 0;
  int64_t cur = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (offs[i] > cur) elems[ne++] = LLVMArrayType2(L->i8, (uint64_t)(offs[i] - cur));
    Type *ft = u->u.strukt.fields[i]->type;
    elems[ne++] = lower_type(L, ft);
    cur = offs[i] + types_sizeof(ft);
  }
  int64_t size = types_sizeof(u);
  if (size > cur) elems[ne++] = LLVMArrayType2(L->i8, (uint64_t)(size - cur));
  LLVMTypeRef t = LLVMStructTypeInContext(L->ctx, elems, ne, true);
  free(offs);
  free(elems);
  return t;
}

unsigned lower_field_index(Lower *L, Type *strukt, uint32_t field) {
  (void)L;
  Type *u = types_underlying(strukt);
  uint32_t n = u->u.strukt.nfields;
  int64_t *offs = calloc(n + 1, sizeof *offs);
  types_offsetsof(u, offs);
  unsigned ne = 0, idx = 0;
  int64_t cur = 0;
  for (uint32_t i = 0; i <= field && i < n; i++) {
    if (offs[i] > cur) ne++;
    idx = ne++;
    cur = offs[i] + types_sizeof(u->u.strukt.fields[i]->type);
  }
  free(offs);
  return idx;
}

LLVMTypeRef lower_type(Lower *L, Type *t) {
  t = lower_subst(L, t);
  Type *u = types_underlying(t);
  if (!u) return L->i8;
  switch (u->kind) {
  case TY_BASIC:
    switch (u->basic) {
    case BOOL:
    case UNTYPED_BOOL:
      return L->i1;
    case INT8:
    case UINT8:
      return L->i8;
    case INT16:
    case UINT16:
      return L->i16;
    case INT32:
    case UINT32:
    case UNTYPED_RUNE:
      return L->i32;
    case INT:
    case INT64:
    case UINT:
    case UINT64:
    case UINTPTR:
    case UNTYPED_INT:
      return L->i64;
    case FLOAT32:
      return L->f32;
    case FLOAT64:
    case UNTYPED_FLOAT:
      return L->f64;
    case COMPLEX64: {
      LLVMTypeRef e[2] = {L->f32, L->f32};
      return LLVMStructTypeInContext(L->ctx, e, 2, false);
    }
    case COMPLEX128:
    case UNTYPED_COMPLEX: {
      LLVMTypeRef e[2] = {L->f64, L->f64};
      return LLVMStructTypeInContext(L->ctx, e, 2, false);
    }
    case STRING:
    case UNTYPED_STRING:
      return L->str;
    case UNSAFE_POINTER:
    case UNTYPED_NIL:
      return L->ptr;
    default:
      return L->i8;
    }
  case TY_POINTER:
  case TY_MAP:
  case TY_CHAN:
  case TY_SIGNATURE:
    return L->ptr;
  case TY_SLICE:
    return L->slice;
  case TY_INTERFACE:
    return L->iface;
  case TY_ARRAY:
    return LLVMArrayType2(lower_type(L, u->u.array.elem),
                          (uint64_t)(u->u.array.len < 0 ? 0 : u->u.array.len));
  case TY_STRUCT:
    return struct_type(L, u);
  case TY_TUPLE: {
    uint32_t n = u->u.tuple.len;
    LLVMTypeRef *e = calloc(n + 1, sizeof *e);
    for (uint32_t i = 0; i < n; i++)
      e[i] = lower_type(L, u->u.tuple.vars[i]->type);
    LLVMTypeRef r = LLVMStructTypeInContext(L->ctx, e, n, false);
    free(e);
    return r;
  }
  default:
    return L->i8;
  }
}

bool lower_has_pointers(Type *t) {
  Type *u = types_underlying(t);
  if (!u) return false;
  switch (u->kind) {
  case TY_BASIC:
    return u->basic == STRING || u->basic == UNSAFE_POINTER || u->basic == UNTYPED_STRING ||
           u->basic == UNTYPED_NIL;
  case TY_ARRAY:
    return u->u.array.len > 0 && lower_has_pointers(u->u.array.elem);
  case TY_STRUCT:
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
      if (lower_has_pointers(u->u.strukt.fields[i]->type)) return true;
    return false;
  default:
    return true;
  }
}

/* ---- values and memory --------------------------------------------------- */

LLVMValueRef lower_const_int(Lower *L, LLVMTypeRef t, int64_t v) {
  (void)L;
  return LLVMConstInt(t, (unsigned long long)v, true);
}

LLVMValueRef lower_zero(Lower *L, Type *t) {
  return LLVMConstNull(lower_type(L, t));
}

static unsigned align_of(Type *t) {
  int64_t a = types_alignof(t);
  return a > 0 ? (unsigned)a : 1;
}

LLVMValueRef lower_load(Lower *L, Type *t, LLVMValueRef addr) {
  t = lower_subst(L, t);
  LLVMValueRef v = LLVMBuildLoad2(L->b, lower_type(L, t), addr, "");
  LLVMSetAlignment(v, align_of(t));
  return v;
}

/* If v is a load of a big value whose memory nothing can have written
 * since (only non-memory instructions and rog_alloc calls follow it in
 * this block), the address it loads from; else NULL. */
static LLVMValueRef copy_source(Lower *L, LLVMValueRef v) {
  if (!LLVMIsALoadInst(v)) return NULL;
  LLVMBasicBlockRef bb = LLVMGetInsertBlock(L->b);
  if (LLVMGetInstructionParent(v) != bb) return NULL;
  for (LLVMValueRef i = LLVMGetLastInstruction(bb); i && i != v; i = LLVMGetPreviousInstruction(i)) {
    if (LLVMIsAStoreInst(i) || LLVMIsAMemIntrinsic(i)) return NULL;
    if (LLVMIsACallInst(i)) {
      LLVMValueRef callee = LLVMGetCalledValue(i);
      size_t n;
      const char *name = callee ? LLVMGetValueName2(callee, &n) : "";
      if (strcmp(name, "rog_alloc") != 0) return NULL;
    }
  }
  return LLVMGetOperand(v, 0);
}

void lower_store(Lower *L, Type *t, LLVMValueRef addr, LLVMValueRef v) {
  t = lower_subst(L, t);
  int64_t size = types_sizeof(t);
  LLVMValueRef src = size > 64 ? copy_source(L, v) : NULL;
  if (src) {
    /* a copy of a big value: memmove, not an aggregate load and store */
    LLVMBuildMemMove(L->b, addr, align_of(t), src, align_of(t),
                     LLVMConstInt(L->i64, (unsigned long long)size, false));
    /* the load stays (callers may still use v); unused, the optimizer drops it */
    return;
  }
  if (size > 64 && LLVMIsConstant(v) && LLVMIsNull(v)) {
    /* zeroing big values: one memset, not an aggregate store the code
       generator would expand element by element */
    LLVMBuildMemSet(L->b, addr, LLVMConstInt(L->i8, 0, false),
                    LLVMConstInt(L->i64, (unsigned long long)size, false), align_of(t));
    return;
  }
  LLVMValueRef s = LLVMBuildStore(L->b, v, addr);
  LLVMSetAlignment(s, align_of(t));
}

LLVMValueRef lower_entry_alloca(Lower *L, Type *t, const char *name) {
  t = lower_subst(L, t);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L->ctx);
  LLVMBasicBlockRef entry = L->fn->entry;
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first)
    LLVMPositionBuilderBefore(b, first);
  else
    LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef a = LLVMBuildAlloca(b, lower_type(L, t), name);
  LLVMSetAlignment(a, align_of(t) < 8 ? 8 : align_of(t));
  LLVMDisposeBuilder(b);
  /* zero it where the variable is declared (the caller stores) */
  return a;
}

LLVMValueRef lower_entry_alloca_llvm(Lower *L, LLVMTypeRef t) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L->ctx);
  LLVMValueRef first = LLVMGetFirstInstruction(L->fn->entry);
  if (first)
    LLVMPositionBuilderBefore(b, first);
  else
    LLVMPositionBuilderAtEnd(b, L->fn->entry);
  LLVMValueRef a = LLVMBuildAlloca(b, t, "");
  LLVMSetAlignment(a, 8);
  LLVMDisposeBuilder(b);
  return a;
}

LLVMValueRef lower_runtime_fn(Lower *L, const char *name, LLVMTypeRef fty) {
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, name);
  if (!f) f = LLVMAddFunction(L->mod, name, fty);
  return f;
}

LLVMValueRef lower_rt_call(Lower *L, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n) {
  LLVMTypeRef ps[16];
  for (unsigned i = 0; i < n; i++)
    ps[i] = LLVMTypeOf(args[i]);
  LLVMTypeRef fty = LLVMFunctionType(ret ? ret : L->voidt, ps, n, false);
  LLVMValueRef f = lower_runtime_fn(L, name, fty);
  return LLVMBuildCall2(L->b, fty, f, args, n, "");
}

LLVMValueRef lower_rt_call_sret(Lower *L, const char *name, LLVMTypeRef rt, LLVMValueRef *args, unsigned n) {
  LLVMValueRef a[8];
  LLVMValueRef slot = lower_entry_alloca_llvm(L, rt);
  a[0] = slot;
  for (unsigned i = 0; i < n; i++)
    a[i + 1] = args[i];
  LLVMValueRef c = lower_rt_call(L, name, NULL, a, n + 1);
  unsigned kind = LLVMGetEnumAttributeKindForName("sret", 4);
  LLVMAddCallSiteAttribute(c, 1, LLVMCreateTypeAttribute(L->ctx, kind, rt));
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, name);
  if (f && LLVMGetEnumAttributeAtIndex(f, 1, kind) == NULL)
    LLVMAddAttributeAtIndex(f, 1, LLVMCreateTypeAttribute(L->ctx, kind, rt));
  return LLVMBuildLoad2(L->b, rt, slot, "");
}

bool lower_block_terminated(Lower *L) {
  LLVMBasicBlockRef bb = LLVMGetInsertBlock(L->b);
  return bb && LLVMGetBasicBlockTerminator(bb) != NULL;
}

LLVMBasicBlockRef lower_new_block(Lower *L, const char *name) {
  return LLVMAppendBasicBlockInContext(L->ctx, L->fn->fn, name);
}

void lower_panic_call(Lower *L, const char *name, LLVMValueRef *args, unsigned n) {
  LLVMValueRef c = lower_rt_call(L, name, NULL, args, n);
  (void)c;
  LLVMBuildUnreachable(L->b);
  /* code after a panic call is unreachable; keep a block to emit into */
  LLVMPositionBuilderAtEnd(L->b, lower_new_block(L, "dead"));
}

LLVMValueRef lower_cstring(Lower *L, const char *s, size_t n) {
  LLVMValueRef p;
  if (n == 0) {
    p = LLVMConstNull(L->ptr);
  } else {
    LLVMValueRef init = LLVMConstStringInContext2(L->ctx, s, n, true);
    char name[64];
    snprintf(name, sizeof name, "go.string.%d", L->strid++);
    p = LLVMAddGlobal(L->mod, LLVMTypeOf(init), name);
    LLVMSetInitializer(p, init);
    LLVMSetGlobalConstant(p, true);
    LLVMSetLinkage(p, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(p, LLVMGlobalUnnamedAddr);
    LLVMSetAlignment(p, 1);
  }
  LLVMValueRef f[2] = {p, LLVMConstInt(L->i64, n, false)};
  return LLVMConstNamedStruct(L->str, f, 2);
}

LLVMValueRef lower_alloc(Lower *L, Type *t) {
  t = lower_subst(L, t);
  int64_t size = types_sizeof(t);
  LLVMValueRef args[2] = {LLVMConstInt(L->i64, (unsigned long long)(size > 0 ? size : 0), false),
                          lower_has_pointers(t) ? lower_typedesc_of(L, t) : LLVMConstNull(L->ptr)};
  return lower_rt_call(L, "rog_alloc", L->ptr, args, 2);
}

LLVMValueRef lower_typedesc_of(Lower *L, Type *t) {
  return typedesc_get(L->td, lower_subst(L, t));
}

LLVMValueRef lower_var_storage(Lower *L, Object *v) {
  Type *vt = lower_obj_type(L, v);
  if (types_ptrmap_get(&L->escapes, v)) return lower_alloc(L, vt);
  LLVMValueRef a = lower_entry_alloca(L, vt, v->name);
  lower_store(L, vt, a, lower_zero(L, vt));
  return a;
}

/* ---- symbols ----------------------------------------------------------------- */

static const char *pkg_path(Object *o) {
  return o->pkg ? o->pkg->path : "";
}

const char *lower_func_symbol(Lower *L, Object *fn) {
  Type *sig = fn->type;
  Object *recv = sig && sig->kind == TY_SIGNATURE ? sig->u.sig.recv : NULL;
  if (!recv) return lower_strf(L, "%s.%s", pkg_path(fn), fn->name);
  Type *rt = recv->type;
  bool ptr = false;
  if (rt->kind == TY_POINTER) {
    ptr = true;
    rt = rt->u.pointer.elem;
  }
  const char *tname = rt->kind == TY_NAMED ? rt->u.named.obj->name : "?";
  if (ptr) return lower_strf(L, "%s.(*%s).%s", pkg_path(fn), tname, fn->name);
  return lower_strf(L, "%s.%s.%s", pkg_path(fn), tname, fn->name);
}

LLVMValueRef lower_func_value(Lower *L, Object *fn) {
  Object *rv = fn->type && fn->type->kind == TY_SIGNATURE ? fn->type->u.sig.recv : NULL;
  if (rv) {
    Type *rt = lower_subst(L, rv->type);
    if (lower_is_instance(rt)) return lower_instance_method(L, fn, rt);
  }
  const char *sym = lower_func_symbol(L, fn);
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f) return f;
  Type *sig = fn->type;
  Object *recv = sig->u.sig.recv;
  LowerSig s;
  lower_sig(L, sig, recv ? recv->type : NULL, false, &s);
  return lower_declare(L, sym, &s);
}

/* A package variable -X may set: of the predeclared type string. */
static bool x_string_var(Lower *L, Object *v) {
  return v->type == types_basic(L->tc, STRING) && strcmp(v->name, "_") != 0;
}

LLVMValueRef lower_global_var(Lower *L, Object *v) {
  LLVMValueRef g = types_ptrmap_get(&L->globals, v);
  if (g) return g;
  const char *sym = lower_strf(L, "%s.%s", pkg_path(v), v->name);
  if (strcmp(v->name, "_") == 0) sym = lower_strf(L, "%s._.%u", pkg_path(v), v->order);
  g = LLVMGetNamedGlobal(L->mod, sym);
  if (!g) {
    g = LLVMAddGlobal(L->mod, lower_type(L, v->type), sym);
    LLVMSetAlignment(g, align_of(v->type) < 8 ? 8 : align_of(v->type));
    if (v->pkg == L->pkg) {
      LLVMSetInitializer(g, lower_zero(L, v->type));
      if (x_string_var(L, v)) LLVMSetLinkage(g, LLVMWeakAnyLinkage);
    }
  }
  types_ptrmap_put(L->tc, &L->globals, v, g);
  return g;
}

/* ---- debug locations --------------------------------------------------------- */

void lower_set_loc(Lower *L, SynPos pos) {
  if (!L->di || !L->di_sp || pos.line == 0) return;
  SynStr fname;
  uint32_t line, col;
  syn_pos_resolve(L->file, pos, &fname, &line, &col);
  LLVMMetadataRef loc = LLVMDIBuilderCreateDebugLocation(L->ctx, line, col, L->di_sp, NULL);
  LLVMSetCurrentDebugLocation2(L->b, loc);
}

/* ---- escape pre-pass --------------------------------------------------------- */

typedef struct EscWalk {
  Lower *L;
  PtrMap depth; /* Object* -> (void*)(depth + 1) */
  intptr_t cur;
  /* Of the function being walked: for/range statements around the node,
   * and whether its body has a goto. A `defer func() {...}()` outside any
   * loop of a goto-free function runs at most once per call, before the
   * frame is gone: its literal is lowered with its closure in the frame
   * (closure.c defer_env), so the variables it captures need not escape
   * for it; the walk enters such a literal without a new depth. */
  int loops;
  bool has_goto;
} EscWalk;

static void goto_scan(void *ctx, SynNode *n) {
  if (n->kind == SYN_FUNC_LIT) return;
  if (n->kind == SYN_BRANCH_STMT && n->op == SYN_GOTO) *(bool *)ctx = true;
  lower_each_child(n, goto_scan, ctx);
}

bool lower_body_has_goto(SynNode *body) {
  bool g = false;
  if (body) lower_each_child(body, goto_scan, &g);
  return g;
}

static void each_list(SynList l, lower_child_fn f, void *ctx) {
  for (uint32_t i = 0; i < l.len; i++)
    if (l.items[i]) f(ctx, l.items[i]);
}

/* Calls f on every direct child node of n (the one AST walker of lower). */
void lower_each_child(SynNode *n, lower_child_fn f, void *ctx) {
#define C(x)                                                                                                 \
  do {                                                                                                       \
    if (x) f(ctx, x);                                                                                        \
  } while (0)
  switch (n->kind) {
  case SYN_CONST_DECL:
    each_list(n->u.const_decl.names, f, ctx);
    C(n->u.const_decl.type);
    C(n->u.const_decl.values);
    break;
  case SYN_VAR_DECL:
    each_list(n->u.var_decl.names, f, ctx);
    C(n->u.var_decl.type);
    C(n->u.var_decl.values);
    break;
  case SYN_FUNC_DECL:
    C(n->u.func_decl.recv);
    C(n->u.func_decl.type);
    C(n->u.func_decl.body);
    break;
  case SYN_COMPOSITE_LIT:
    C(n->u.composite.type);
    each_list(n->u.composite.elems, f, ctx);
    break;
  case SYN_KEY_VALUE:
    C(n->u.key_value.key);
    C(n->u.key_value.value);
    break;
  case SYN_FUNC_LIT:
    C(n->u.func_lit.type);
    C(n->u.func_lit.body);
    break;
  case SYN_PAREN:
    C(n->u.paren.x);
    break;
  case SYN_SELECTOR:
    C(n->u.selector.x);
    break;
  case SYN_INDEX:
    C(n->u.index.x);
    C(n->u.index.index);
    break;
  case SYN_SLICE:
    C(n->u.slice.x);
    for (int i = 0; i < 3; i++)
      C(n->u.slice.index[i]);
    break;
  case SYN_ASSERT:
    C(n->u.assert.x);
    break;
  case SYN_TYPE_SWITCH_GUARD:
    C(n->u.guard.lhs);
    C(n->u.guard.x);
    break;
  case SYN_OPERATION:
    C(n->u.operation.x);
    C(n->u.operation.y);
    break;
  case SYN_CALL:
    C(n->u.call.fun);
    each_list(n->u.call.args, f, ctx);
    break;
  case SYN_LIST_EXPR:
    each_list(n->u.list.elems, f, ctx);
    break;
  case SYN_FIELD:
    C(n->u.field.name);
    break;
  case SYN_FUNC_TYPE:
    each_list(n->u.func_type.params, f, ctx);
    each_list(n->u.func_type.results, f, ctx);
    break;
  case SYN_LABELED_STMT:
    C(n->u.labeled.stmt);
    break;
  case SYN_BLOCK_STMT:
    each_list(n->u.block.stmts, f, ctx);
    break;
  case SYN_EXPR_STMT:
    C(n->u.expr_stmt.x);
    break;
  case SYN_SEND_STMT:
    C(n->u.send.chan);
    C(n->u.send.value);
    break;
  case SYN_DECL_STMT:
    each_list(n->u.decl_stmt.decls, f, ctx);
    break;
  case SYN_ASSIGN_STMT:
    C(n->u.assign.lhs);
    C(n->u.assign.rhs);
    break;
  case SYN_CALL_STMT:
    C(n->u.call_stmt.call);
    break;
  case SYN_RETURN_STMT:
    C(n->u.ret.results);
    break;
  case SYN_IF_STMT:
    C(n->u.if_stmt.init);
    C(n->u.if_stmt.cond);
    C(n->u.if_stmt.then);
    C(n->u.if_stmt.else_);
    break;
  case SYN_FOR_STMT:
    C(n->u.for_stmt.init);
    C(n->u.for_stmt.cond);
    C(n->u.for_stmt.post);
    C(n->u.for_stmt.body);
    break;
  case SYN_RANGE_CLAUSE:
    C(n->u.range.lhs);
    C(n->u.range.x);
    break;
  case SYN_SWITCH_STMT:
    C(n->u.switch_stmt.init);
    C(n->u.switch_stmt.tag);
    each_list(n->u.switch_stmt.clauses, f, ctx);
    break;
  case SYN_SELECT_STMT:
    each_list(n->u.select_stmt.clauses, f, ctx);
    break;
  case SYN_CASE_CLAUSE:
    C(n->u.case_clause.cases);
    each_list(n->u.case_clause.body, f, ctx);
    break;
  case SYN_COMM_CLAUSE:
    C(n->u.comm_clause.comm);
    each_list(n->u.comm_clause.body, f, ctx);
    break;
  default:
    break;
  }
#undef C
}

static SynNode *unparen(SynNode *n) {
  while (n && n->kind == SYN_PAREN)
    n = n->u.paren.x;
  return n;
}

static void mark_root(EscWalk *w, SynNode *x) {
  Lower *L = w->L;
  for (;;) {
    x = unparen(x);
    if (!x) return;
    if (x->kind == SYN_NAME) {
      Object *o = lower_use(L, x);
      if (o && o->kind == OBJ_VAR && !lower_is_pkg_level(L, o)) types_ptrmap_put(L->tc, &L->escapes, o, o);
      return;
    }
    if (x->kind == SYN_SELECTOR) {
      Selection *s = types_ptrmap_get(&L->info->selections, x);
      if (!s || s->kind != SEL_FIELD || s->indirect) return;
      Type *xt = lower_tv_type(L, x->u.selector.x);
      if (!xt || types_underlying(xt)->kind == TY_POINTER) return;
      x = x->u.selector.x;
      continue;
    }
    if (x->kind == SYN_INDEX) {
      Type *xt = lower_tv_type(L, x->u.index.x);
      if (!xt || types_underlying(xt)->kind != TY_ARRAY) return;
      x = x->u.index.x;
      continue;
    }
    if (x->kind == SYN_COMPOSITE_LIT) return;
    return;
  }
}

static void esc_visit(void *ctx, SynNode *n);

static void esc_def(EscWalk *w, Object *o) {
  if (o && o->kind == OBJ_VAR) types_ptrmap_put(w->L->tc, &w->depth, o, (void *)(w->cur + 1));
}

static void esc_visit(void *ctx, SynNode *n) {
  EscWalk *w = ctx;
  Lower *L = w->L;
  switch (n->kind) {
  case SYN_NAME: {
    Object *d = types_ptrmap_get(&L->info->defs, n);
    if (d) {
      if (!types_ptrmap_get(&w->depth, d)) esc_def(w, d);
      return;
    }
    Object *o = types_ptrmap_get(&L->info->uses, n);
    if (o && o->kind == OBJ_VAR && !o->is_field && !lower_is_pkg_level(L, o)) {
      intptr_t d1 = (intptr_t)types_ptrmap_get(&w->depth, o);
      if (d1 && d1 - 1 < w->cur) types_ptrmap_put(L->tc, &L->escapes, o, o);
    }
    return;
  }
  case SYN_FUNC_DECL:
  case SYN_FUNC_LIT: {
    int loops = w->loops;
    bool has_goto = w->has_goto;
    w->loops = 0;
    w->has_goto = lower_body_has_goto(n->kind == SYN_FUNC_DECL ? n->u.func_decl.body : n->u.func_lit.body);
    if (n->kind == SYN_FUNC_LIT) w->cur++;
    lower_each_child(n, esc_visit, w);
    if (n->kind == SYN_FUNC_LIT) w->cur--;
    w->loops = loops;
    w->has_goto = has_goto;
    return;
  }
  case SYN_FOR_STMT:
    w->loops++;
    lower_each_child(n, esc_visit, w);
    w->loops--;
    return;
  case SYN_CALL_STMT: {
    SynNode *call = unparen(n->u.call_stmt.call);
    SynNode *fun = call && call->kind == SYN_CALL ? unparen(call->u.call.fun) : NULL;
    if (n->op == SYN_DEFER && w->loops == 0 && !w->has_goto && fun && fun->kind == SYN_FUNC_LIT) {
      each_list(call->u.call.args, esc_visit, w);
      /* the literal as its own function, but at this depth */
      int loops = w->loops;
      bool has_goto = w->has_goto;
      w->has_goto = lower_body_has_goto(fun->u.func_lit.body);
      lower_each_child(fun, esc_visit, w);
      w->loops = loops;
      w->has_goto = has_goto;
      return;
    }
    break;
  }
  case SYN_OPERATION:
    if (n->op == SYN_OP_AND && !n->u.operation.y) mark_root(w, n->u.operation.x);
    break;
  case SYN_SLICE: {
    Type *xt = lower_tv_type(L, n->u.slice.x);
    if (xt && types_underlying(xt)->kind == TY_ARRAY) mark_root(w, n->u.slice.x);
    break;
  }
  case SYN_SELECTOR: {
    Selection *s = types_ptrmap_get(&L->info->selections, n);
    if (s && s->kind == SEL_METHOD_VAL && s->obj->type->u.sig.recv) {
      Type *rt = s->obj->type->u.sig.recv->type;
      Type *xt = lower_tv_type(L, n->u.selector.x);
      if (rt->kind == TY_POINTER && xt && types_underlying(xt)->kind != TY_POINTER)
        mark_root(w, n->u.selector.x);
    }
    break;
  }
  case SYN_CASE_CLAUSE: {
    Object *o = types_ptrmap_get(&L->info->implicits, n);
    if (o) esc_def(w, o);
    break;
  }
  default:
    break;
  }
  lower_each_child(n, esc_visit, w);
}

void lower_escape_analysis(Lower *L, SynFile **files, uint32_t nfiles) {
  EscWalk w = {.L = L};
  for (uint32_t i = 0; i < nfiles; i++)
    each_list(files[i]->decls, esc_visit, &w);
}

void lower_escape_analysis_decl(Lower *L, SynNode *decl) {
  EscWalk w = {.L = L};
  esc_visit(&w, decl);
}

/* ---- package structure ------------------------------------------------------ */

/* Emits every function and method declared in the package. */
static void lower_funcs(Lower *L, SynFile **files, uint32_t nfiles, LLVMValueRef *inits, uint32_t *ninits) {
  for (uint32_t fi = 0; fi < nfiles; fi++) {
    L->file = files[fi];
    SynList decls = files[fi]->decls;
    for (uint32_t i = 0; i < decls.len; i++) {
      SynNode *d = decls.items[i];
      if (d->kind != SYN_FUNC_DECL) continue;
      if (!d->u.func_decl.body) {
        /* bodyless: defined elsewhere (runtime, abi.h [calls]), except the
           intrinsics this package's own lowering defines and the
           //go:linkname'd ones (linkname.c) */
        Object *bo = lower_def(L, d->u.func_decl.name);
        if (lower_atomic_define(L, bo)) continue;
        const char *target = bo && !d->u.func_decl.recv && !bo->type->u.sig.ntparams
                                 ? lower_linkname_target(L, files, nfiles, bo->name)
                                 : NULL;
        if (target) lower_linkname_thunk(L, bo, target);
        continue;
      }
      Object *fo = lower_def(L, d->u.func_decl.name);
      if (!fo) continue;
      /* generic functions and methods of generic types: stenciled per
         instance on first use (generic.c) */
      if (fo->type->u.sig.ntparams || fo->type->u.sig.nrtparams) continue;
      const char *sym;
      if (!d->u.func_decl.recv && strcmp(fo->name, "init") == 0) {
        sym = lower_strf(L, "%s.init.%u", L->pkg->path, *ninits);
      } else if (strcmp(fo->name, "_") == 0) {
        continue;
      } else {
        sym = lower_func_symbol(L, fo);
      }
      lower_func_body(L, fo, d->u.func_decl.type, d->u.func_decl.body, sym, false, NULL, 0);
      if (!d->u.func_decl.recv && strcmp(fo->name, "init") == 0) {
        inits[(*ninits)++] = LLVMGetNamedFunction(L->mod, sym);
      } else if (!d->u.func_decl.recv) {
        const char *target = lower_linkname_target(L, files, nfiles, fo->name);
        if (target) lower_linkname_alias(L, LLVMGetNamedFunction(L->mod, sym), target);
      }
    }
  }
}

static uint32_t count_inits(SynFile **files, uint32_t nfiles) {
  uint32_t n = 0;
  for (uint32_t fi = 0; fi < nfiles; fi++)
    for (uint32_t i = 0; i < files[fi]->decls.len; i++)
      n++;
  return n;
}

static void declare_globals(Lower *L, SynFile **files, uint32_t nfiles) {
  for (uint32_t fi = 0; fi < nfiles; fi++) {
    SynList decls = files[fi]->decls;
    for (uint32_t i = 0; i < decls.len; i++) {
      SynNode *d = decls.items[i];
      if (d->kind != SYN_VAR_DECL) continue;
      for (uint32_t k = 0; k < d->u.var_decl.names.len; k++) {
        Object *o = lower_def(L, d->u.var_decl.names.items[k]);
        if (o) lower_global_var(L, o);
      }
    }
  }
}

/* The file a node belongs to (for positions of initializers). */
static SynFile *file_of(SynFile **files, uint32_t nfiles, SynNode *n) {
  for (uint32_t i = 0; i < nfiles; i++)
    if (n->pos.off < files[i]->src.len && files[i]->src.ptr + n->pos.off >= files[i]->src.ptr) {
      /* positions are per file; pick by containment of the node pointer is
         impossible, so use the first file whose source covers the offset
         and whose decls contain the node's line range; good enough for
         line tables */
      return files[i];
    }
  return files[0];
}

static void lower_init_func(Lower *L, SynFile **files, uint32_t nfiles, LLVMValueRef *inits,
                            uint32_t ninits) {
  const char *sym = lower_strf(L, "%s.init", L->pkg->path);
  LowerSig s;
  Type *sig = types_new_signature(L->tc, NULL, types_new_tuple(L->tc, NULL, 0),
                                  types_new_tuple(L->tc, NULL, 0), false);
  lower_sig(L, sig, NULL, false, &s);
  LLVMValueRef f = lower_declare(L, sym, &s);
  LLVMValueRef done = LLVMAddGlobal(L->mod, L->i1, lower_strf(L, "%s.init.done", L->pkg->path));
  LLVMSetInitializer(done, LLVMConstNull(L->i1));
  LLVMSetLinkage(done, LLVMInternalLinkage);

  Fn fn = {0};
  fn.fn = f;
  fn.sig = s;
  fn.gosig = sig;
  fn.name = sym;
  L->fn = &fn;
  L->di_sp = NULL;
  fn.entry = LLVMAppendBasicBlockInContext(L->ctx, f, "entry");
  LLVMPositionBuilderAtEnd(L->b, fn.entry);
  LLVMBasicBlockRef run = lower_new_block(L, "run"), ret = lower_new_block(L, "ret");
  LLVMValueRef d = LLVMBuildLoad2(L->b, L->i1, done, "");
  LLVMBuildCondBr(L->b, d, ret, run);
  LLVMPositionBuilderAtEnd(L->b, ret);
  LLVMBuildRetVoid(L->b);
  LLVMPositionBuilderAtEnd(L->b, run);
  LLVMBuildStore(L->b, LLVMConstInt(L->i1, 1, false), done);
  LLVMTypeRef vfty = LLVMFunctionType(L->voidt, NULL, 0, false);
  for (uint32_t i = 0; i < L->pkg->nimports; i++) {
    TypesPackage *ip = L->pkg->imports[i];
    if (!ip || strcmp(ip->path, "unsafe") == 0) continue;
    LLVMValueRef g = lower_runtime_fn(L, lower_strf(L, "%s.init", ip->path), vfty);
    LLVMBuildCall2(L->b, vfty, g, NULL, 0, "");
  }
  for (uint32_t i = 0; i < L->info->ninit_order; i++) {
    Initializer *in = &L->info->init_order[i];
    L->file = file_of(files, nfiles, in->rhs);
    if (in->nlhs == 1) {
      Object *o = in->lhs[0];
      LLVMValueRef g = lower_global_var(L, o);
      TypeAndValue *tv = lower_tv(L, in->rhs);
      if (x_string_var(L, o) && tv && tv->mode == TV_CONSTANT && tv->val) {
        LLVMSetInitializer(g, lower_const(L, tv->val, o->type));
        continue;
      }
      if (types_sizeof(o->type) > 64 && lower_composite_into(L, in->rhs, o->type, g)) continue;
      lower_store(L, o->type, g, lower_expr_to(L, in->rhs, o->type));
    } else {
      LLVMValueRef res[16];
      Type *tys[16];
      unsigned n = lower_multi(L, in->rhs, res, tys, 16);
      for (unsigned k = 0; k < n && k < in->nlhs; k++) {
        Object *o = in->lhs[k];
        lower_store(L, o->type, lower_global_var(L, o), lower_convert(L, res[k], tys[k], o->type));
      }
    }
  }
  for (uint32_t i = 0; i < ninits; i++)
    LLVMBuildCall2(L->b, vfty, inits[i], NULL, 0, "");
  LLVMBuildRetVoid(L->b);
  L->fn = NULL;
}

static void init_types(Lower *L) {
  L->i1 = LLVMInt1TypeInContext(L->ctx);
  L->i8 = LLVMInt8TypeInContext(L->ctx);
  L->i16 = LLVMInt16TypeInContext(L->ctx);
  L->i32 = LLVMInt32TypeInContext(L->ctx);
  L->i64 = LLVMInt64TypeInContext(L->ctx);
  L->f32 = LLVMFloatTypeInContext(L->ctx);
  L->f64 = LLVMDoubleTypeInContext(L->ctx);
  L->ptr = LLVMPointerTypeInContext(L->ctx, 0);
  L->voidt = LLVMVoidTypeInContext(L->ctx);
  LLVMTypeRef s[3] = {L->ptr, L->i64, L->i64};
  L->str = LLVMStructTypeInContext(L->ctx, s, 2, false);
  L->slice = LLVMStructTypeInContext(L->ctx, s, 3, false);
  LLVMTypeRef i[2] = {L->ptr, L->ptr};
  L->iface = LLVMStructTypeInContext(L->ctx, i, 2, false);
}

static LLVMValueRef method_resolver(void *ctx, Type *recv, Object *m, bool ifn) {
  return lower_method_code(ctx, recv, m, ifn);
}

LLVMModuleRef lower_package(LLVMContextRef ctx, TypesCtx *tc, TypesPackage *pkg, SynFile **files,
                            uint32_t nfiles, TypesInfo *info, const LowerOptions *opt, int *nerrors) {
  Lower *L = calloc(1, sizeof *L);
  L->ctx = ctx;
  L->tc = tc;
  L->pkg = pkg;
  L->info = info;
  L->opt = opt;
  L->mod = LLVMModuleCreateWithNameInContext(pkg->path, ctx);
  if (opt && opt->triple) LLVMSetTarget(L->mod, opt->triple);
  if (opt && opt->data_layout) LLVMSetDataLayout(L->mod, opt->data_layout);
  L->b = LLVMCreateBuilderInContext(ctx);
  init_types(L);
  L->td = typedesc_new(L->mod, tc, pkg);
  typedesc_set_method_resolver(L->td, method_resolver, L);
  typedesc_set_nointerface(L->td, opt && opt->fieldtrack);
  if (opt && opt->debug_info && nfiles > 0) {
    L->di = LLVMCreateDIBuilder(L->mod);
    SynStr fn = files[0]->filename;
    L->di_file = LLVMDIBuilderCreateFile(L->di, fn.ptr, fn.len, ".", 1);
    L->di_cu = LLVMDIBuilderCreateCompileUnit(L->di, LLVMDWARFSourceLanguageGo, L->di_file, "rog", 3, false,
                                              "", 0, 0, "", 0, LLVMDWARFEmissionLineTablesOnly, 0, false,
                                              false, "", 0, "", 0);
    LLVMAddModuleFlag(L->mod, LLVMModuleFlagBehaviorWarning, "Debug Info Version", 18,
                      LLVMValueAsMetadata(LLVMConstInt(L->i32, LLVMDebugMetadataVersion(), false)));
    LLVMAddModuleFlag(L->mod, LLVMModuleFlagBehaviorWarning, "Dwarf Version", 13,
                      LLVMValueAsMetadata(LLVMConstInt(L->i32, 4, false)));
  }
  lower_escape_analysis(L, files, nfiles);
  for (uint32_t fi = 0; fi < nfiles; fi++)
    for (uint32_t i = 0; i < files[fi]->decls.len; i++) {
      SynNode *d = files[fi]->decls.items[i];
      if (d->kind != SYN_FUNC_DECL) continue;
      Object *fo = lower_def(L, d->u.func_decl.name);
      if (fo) lower_register_decl(L, fo, fo, d, files[fi], info);
    }
  declare_globals(L, files, nfiles);
  uint32_t cap = count_inits(files, nfiles) + 1;
  LLVMValueRef *inits = calloc(cap, sizeof *inits);
  uint32_t ninits = 0;
  lower_funcs(L, files, nfiles, inits, &ninits);
  lower_init_func(L, files, nfiles, inits, ninits);
  free(inits);
  typedesc_add_compiler_used(L->mod, L->asm_used, L->nasm_used);
  free(L->asm_used);
  if (L->di) {
    LLVMDIBuilderFinalize(L->di);
    LLVMDisposeDIBuilder(L->di);
  }
  typedesc_finish(L->td);
  typedesc_free(L->td);
  LLVMDisposeBuilder(L->b);
  LLVMModuleRef m = L->mod;
  *nerrors = L->nerrors;
  if (L->nerrors) {
    LLVMDisposeModule(m);
    m = NULL;
  }
  free(L);
  return m;
}
