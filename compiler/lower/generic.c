/*
 * generic.c: generics by stenciling. Every instantiation of a generic
 * function, and every method of an instantiated generic type, is lowered
 * as its own LLVM function, named as gc names instances (`main.F[int]`,
 * `main.(*List[string]).Push`), emitted once per module (linkonce_odr, so
 * two packages instantiating the same function link to one copy).
 *
 * Mechanism: while an instance's body is lowered, L->subst maps the
 * generic declaration's type parameters to the type arguments, and every
 * type the lowering reads (lower_tv, object types, the types given to the
 * emitting helpers) goes through lower_subst first (types_subst of the
 * checker). The body's AST and side tables are shared by all instances;
 * only types differ. Closures inside an instance inherit its substitution.
 *
 * Chosen: stenciling (full monomorphization). Each instance is ordinary
 * code for the optimizer: arithmetic on T is the machine instruction,
 * calls through constraint methods are static calls, and nothing differs
 * at run time from hand-written code. The cost is code size and compile
 * time per instantiation.
 * Rejected: gc's GC-shape stenciling with dictionaries (one body per
 * memory shape, type-dependent operations through a dictionary passed as
 * a hidden parameter). It shares code between instances with the same
 * shape, but every operation that depends on T (method calls, conversions
 * to interfaces, equality, composite literals of T) becomes an indirect
 * call or a runtime lookup, it needs a second calling convention for the
 * dictionary, and it is a large amount of machinery to get right; rog can
 * revisit it when code size of generic-heavy programs matters.
 *
 * Instances of other packages. An instance is lowered in every module
 * that uses it, whichever package declared the generic (gc does the same:
 * instances are emitted where they are instantiated, deduplicated at
 * link). The body of an imported generic comes from
 * LowerOptions.package_source: the first time a generic of package P is
 * instantiated, all of P's generic declarations are registered in
 * L->decls with P's TypesInfo, and the escape pre-pass is run over them
 * with P's side tables. emit_instance swaps L->info and L->file to the
 * declaring package's while the body is lowered; L->pkg stays the package
 * being compiled (P's package-level variables and functions are then
 * declarations, defined by P's own object). `rog build` hands over the
 * packages it checked from source (one TypesCtx, so P's objects are the
 * ones this package's checker resolved); `rog tool compile` re-checks the
 * bodies carried in export data (driver/tool_compile.c).
 * Instance symbols name type arguments by their link string (full import
 * path, `sync/atomic.(*Pointer[go/token.File]).Store`), so instances with
 * equally named types of two packages called `a` never share a symbol.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/internal.h"
#include "compiler/lower/typedesc.h"

Type *lower_subst(Lower *L, Type *t) {
  if (!t || !L->subst || L->subst->n == 0) return t;
  return types_subst(L->tc, t, L->subst->tparams, L->subst->targs, L->subst->n);
}

Type *lower_obj_type(Lower *L, Object *o) {
  return lower_subst(L, o->type);
}

/* "int,string" for the instance name. */
static const char *targs_string(Lower *L, Type **targs, uint32_t n) {
  size_t cap = 64, len = 0;
  char *buf = malloc(cap);
  buf[0] = 0;
  for (uint32_t i = 0; i < n; i++) {
    const char *s = typedesc_link_string(L->td, targs[i]);
    size_t k = strlen(s);
    if (len + k + 2 >= cap) {
      cap = 2 * (len + k + 2);
      buf = realloc(buf, cap);
    }
    if (i) buf[len++] = ',';
    memcpy(buf + len, s, k);
    len += k;
    buf[len] = 0;
  }
  const char *r = types_strdup(L->tc, buf, len);
  free(buf);
  return r;
}

const char *lower_instance_name(Lower *L, Type *named) {
  return lower_strf(L, "%s[%s]", named->u.named.obj ? named->u.named.obj->name : "?",
                    targs_string(L, named->u.named.targs, named->u.named.ntargs));
}

void lower_register_decl(Lower *L, Object *key, Object *fn, SynNode *decl, SynFile *file, TypesInfo *info) {
  LowerDecl *d = types_alloc(L->tc, sizeof *d);
  d->decl = decl;
  d->file = file;
  d->info = info;
  d->fn = fn;
  types_ptrmap_put(L->tc, &L->decls, key, d);
}

/* Registers the generic declarations of another package pkg (see
 * "Instances of other packages"); once per package. */
static void load_source(Lower *L, TypesPackage *pkg) {
  if (!pkg || pkg == L->pkg || types_ptrmap_get(&L->sources, pkg)) return;
  types_ptrmap_put(L->tc, &L->sources, pkg, pkg);
  LowerPackageSource src = {0};
  if (!L->opt || !L->opt->package_source || !L->opt->package_source(L->opt->package_source_ctx, pkg, &src) ||
      !src.info)
    return;
  TypesInfo *saved = L->info;
  L->info = src.info;
  for (uint32_t i = 0; i < src.nbodies; i++) {
    TypesCheckedBody *b = &src.bodies[i];
    if (!b->fn || !b->checked || !b->decl || !b->decl->u.func_decl.body) continue;
    lower_register_decl(L, b->fn, b->checked, b->decl, b->file, src.info);
    lower_escape_analysis_decl(L, b->decl);
  }
  for (uint32_t fi = 0; fi < src.nfiles; fi++)
    for (uint32_t i = 0; i < src.files[fi]->decls.len; i++) {
      SynNode *d = src.files[fi]->decls.items[i];
      if (d->kind != SYN_FUNC_DECL || !d->u.func_decl.body) continue;
      Object *fo = lower_def(L, d->u.func_decl.name);
      if (!fo || !fo->type || (!fo->type->u.sig.ntparams && !fo->type->u.sig.nrtparams)) continue;
      lower_register_decl(L, fo, fo, d, src.files[fi], src.info);
      lower_escape_analysis_decl(L, d);
    }
  L->info = saved;
}

/* The declaration of function or method fo, of this package or (generic)
 * of another one; NULL if its body is not available. */
static LowerDecl *find_decl(Lower *L, Object *fo) {
  LowerDecl *d = types_ptrmap_get(&L->decls, fo);
  if (d || !fo->pkg || fo->pkg == L->pkg) return d;
  load_source(L, fo->pkg);
  return types_ptrmap_get(&L->decls, fo);
}

/* Lowers the body of d (a generic function or, method set, a method of
 * a generic type) under the substitution of its type parameters by targs
 * as function sym. */
static void emit_instance(Lower *L, LowerDecl *d, bool method, Type **targs, uint32_t n, const char *sym) {
  Object *fo = d->fn;
  Object **tparams = method ? fo->type->u.sig.rtparams : fo->type->u.sig.tparams;
  LowerSubst s = {tparams, targs, n};
  LowerSubst *saved = L->subst;
  SynFile *saved_file = L->file;
  TypesInfo *saved_info = L->info;
  L->subst = &s;
  L->file = d->file;
  L->info = d->info;
  lower_func_body(L, fo, d->decl->u.func_decl.type, d->decl->u.func_decl.body, sym, false, NULL, 0);
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f) LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
  L->subst = saved;
  L->file = saved_file;
  L->info = saved_info;
}

LLVMValueRef lower_generic_func(Lower *L, Object *fo, Type **targs0, uint32_t n) {
  Type **targs = types_alloc(L->tc, (n + 1) * sizeof *targs);
  for (uint32_t i = 0; i < n; i++)
    targs[i] = lower_subst(L, targs0[i]);
  const char *sym =
      lower_strf(L, "%s.%s[%s]", fo->pkg ? fo->pkg->path : "", fo->name, targs_string(L, targs, n));
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f && LLVMCountBasicBlocks(f) > 0) return f;
  LowerDecl *d = find_decl(L, fo);
  Type *isig = types_subst(L->tc, fo->type, fo->type->u.sig.tparams, targs, n);
  if (!d || !d->decl->u.func_decl.body) {
    LowerSig s;
    lower_sig(L, isig, NULL, false, &s);
    return lower_declare(L, sym, &s);
  }
  emit_instance(L, d, false, targs, n, sym);
  return LLVMGetNamedFunction(L->mod, sym);
}

Instance *lower_instance_of(Lower *L, Object *fo, SynNode *name, SynNode *index) {
  Instance *inst = types_ptrmap_get(&L->info->instances, name);
  if (inst && inst->ntargs == fo->type->u.sig.ntparams) return inst;
  if (!index) return NULL;
  /* f[T1, T2] fully explicit: the checker records no instance; the type
     arguments are the index expressions */
  SynNode *ix = index->u.index.index;
  uint32_t n = ix->kind == SYN_LIST_EXPR ? ix->u.list.elems.len : 1;
  if (n != fo->type->u.sig.ntparams) return NULL;
  Instance *r = types_alloc(L->tc, sizeof *r);
  r->targs = types_alloc(L->tc, n * sizeof *r->targs);
  r->ntargs = n;
  for (uint32_t i = 0; i < n; i++) {
    SynNode *te = ix->kind == SYN_LIST_EXPR ? ix->u.list.elems.items[i] : ix;
    r->targs[i] = lower_tv_type(L, te);
    if (!r->targs[i]) return NULL;
  }
  r->type = types_subst(L->tc, fo->type, fo->type->u.sig.tparams, r->targs, n);
  return r;
}

/* The origin method (declared on the generic type) named like m. */
static Object *origin_method(Type *orig, const char *name) {
  for (uint32_t i = 0; i < orig->u.named.nmethods; i++)
    if (strcmp(orig->u.named.methods[i]->name, name) == 0) return orig->u.named.methods[i];
  return NULL;
}

LLVMValueRef lower_instance_method(Lower *L, Object *m, Type *recv) {
  bool ptr = recv->kind == TY_POINTER;
  Type *named = ptr ? recv->u.pointer.elem : recv;
  Type *orig = named->u.named.orig;
  Object *om = origin_method(orig, m->name);
  if (!om) om = m;
  const char *ts = lower_instance_name(L, named);
  const char *pp = m->pkg ? m->pkg->path : "";
  const char *sym =
      ptr ? lower_strf(L, "%s.(*%s).%s", pp, ts, m->name) : lower_strf(L, "%s.%s.%s", pp, ts, m->name);
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f && LLVMCountBasicBlocks(f) > 0) return f;
  LowerDecl *d = find_decl(L, om);
  Type *sig = om->type;
  if (!d || !sig->u.sig.nrtparams) {
    Type *isig = lower_subst(L, m->type);
    LowerSig s;
    lower_sig(L, isig, recv, false, &s);
    return lower_declare(L, sym, &s);
  }
  emit_instance(L, d, true, named->u.named.targs, named->u.named.ntargs, sym);
  return LLVMGetNamedFunction(L->mod, sym);
}

Type *lower_path_type(Lower *L, Type *t, const uint32_t *index, uint32_t n) {
  t = lower_subst(L, t);
  for (uint32_t i = 0; i < n && t; i++) {
    Type *u = types_underlying(t);
    if (u->kind == TY_POINTER) u = types_underlying(u->u.pointer.elem);
    if (u->kind != TY_STRUCT || index[i] >= u->u.strukt.nfields) return t;
    t = u->u.strukt.fields[index[i]]->type;
  }
  return t;
}

void lower_method_sig(Lower *L, Object *m, Type *through, Type **sig, Type **recv) {
  Type *rt = m->type->u.sig.recv ? m->type->u.sig.recv->type : NULL;
  *sig = m->type;
  *recv = rt;
  through = lower_subst(L, through);
  Type *base = through && through->kind == TY_POINTER ? through->u.pointer.elem : through;
  if (!rt || !base || base->kind != TY_NAMED || !base->u.named.orig) return;
  Object *om = origin_method(base->u.named.orig, m->name);
  if (!om || !om->type->u.sig.nrtparams) return;
  *sig = types_subst(L->tc, om->type, om->type->u.sig.rtparams, base->u.named.targs, base->u.named.ntargs);
  *recv = rt->kind == TY_POINTER ? types_new_pointer(L->tc, base) : base;
}

LLVMValueRef lower_method_func(Lower *L, Object *m, Type *through) {
  through = lower_subst(L, through);
  Type *base = through && through->kind == TY_POINTER ? through->u.pointer.elem : through;
  if (base && base->kind == TY_NAMED && base->u.named.orig) {
    Type *rt = m->type->u.sig.recv ? m->type->u.sig.recv->type : NULL;
    bool ptr = rt && rt->kind == TY_POINTER;
    return lower_instance_method(L, m, ptr ? types_new_pointer(L->tc, base) : base);
  }
  return lower_func_value(L, m);
}

/* Whether t (after substitution) is an instantiated generic named type or
 * a pointer to one. */
bool lower_is_instance(Type *t) {
  if (!t) return false;
  if (t->kind == TY_POINTER) t = t->u.pointer.elem;
  return t && t->kind == TY_NAMED && t->u.named.orig != NULL;
}
