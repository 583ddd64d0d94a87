/*
 * stmt.c: function bodies and statements.
 *
 * A function body gets: an entry block whose start holds every alloca
 * (lower_entry_alloca), storage for parameters and named results (alloca,
 * or rog_alloc for variables the escape pre-pass marked), one result slot
 * per result, and one return block. `return` stores into the result slots
 * and branches to the return block, which runs the deferred calls
 * (rog_defer_return, abi.h [panic]) when the function has defers, loads the
 * slots and returns them in the [calls] convention. A recovered panic
 * resumes at the rog_setjmp in the entry block and branches to the same
 * return block.
 *
 * Assignment follows the spec's two phases: the operands of index
 * expressions and indirections on the left and all right-hand values are
 * evaluated first (left to right), then the stores happen left to right.
 *
 * Loop variables are per loop (Go 1.19): `for i := ...` allocates i once.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/internal.h"
#include "compiler/lower/typedesc.h"

static SynNode *unparen(SynNode *n) {
  while (n && n->kind == SYN_PAREN)
    n = n->u.paren.x;
  return n;
}

/* Items of an expression list node (ListExpr or a single expression). */
static SynNode **list_items(SynNode *n, uint32_t *len) {
  if (!n) {
    *len = 0;
    return NULL;
  }
  if (n->kind == SYN_LIST_EXPR) {
    *len = n->u.list.elems.len;
    return n->u.list.elems.items;
  }
  *len = 1;
  static __thread SynNode *one[1];
  one[0] = n;
  return one;
}

static void bind_var(Lower *L, Object *o, LLVMValueRef addr) {
  LocalVar *lv = types_alloc(L->tc, sizeof *lv);
  lv->addr = addr;
  lv->type = lower_obj_type(L, o);
  types_ptrmap_put(L->tc, &L->vars, o, lv);
}

/* Declares local variable o (zeroed) and returns its address. */
static LLVMValueRef declare_local(Lower *L, Object *o) {
  LLVMValueRef a = lower_var_storage(L, o);
  bind_var(L, o, a);
  return a;
}

/* ---- branch targets ---------------------------------------------------------------- */

static void push_target(Lower *L, SynNode *stmt, Object *label, LLVMBasicBlockRef brk,
                        LLVMBasicBlockRef cont) {
  Fn *f = L->fn;
  if (f->ntargets == f->cap_targets) {
    f->cap_targets = f->cap_targets ? 2 * f->cap_targets : 8;
    f->targets = realloc(f->targets, f->cap_targets * sizeof *f->targets);
  }
  f->targets[f->ntargets++] = (Target){stmt, label, brk, cont};
}

static void pop_target(Lower *L) {
  L->fn->ntargets--;
}

/* The one Object standing for label `name` in the current function
 * (labels are function-scoped, so the name decides; the checker's side
 * tables do not record every label reference). */
static Object *label_obj(Lower *L, SynNode *name) {
  if (!name) return NULL;
  Fn *f = L->fn;
  SynStr n = name->u.name.value;
  for (uint32_t i = 0; i < f->nlnames; i++)
    if (strlen(f->lnames[i]->name) == n.len && memcmp(f->lnames[i]->name, n.ptr, n.len) == 0)
      return f->lnames[i];
  Object *o = types_new_object(L->tc, OBJ_LABEL, L->pkg, types_strdup(L->tc, n.ptr, n.len), NULL);
  f->lnames = realloc(f->lnames, (f->nlnames + 1) * sizeof *f->lnames);
  f->lnames[f->nlnames++] = o;
  return o;
}

static LLVMBasicBlockRef label_block(Lower *L, Object *label) {
  LLVMBasicBlockRef bb = types_ptrmap_get(&L->fn->labels, label);
  if (!bb) {
    bb = lower_new_block(L, label->name);
    types_ptrmap_put(L->tc, &L->fn->labels, label, bb);
  }
  return bb;
}

static void br(Lower *L, LLVMBasicBlockRef bb) {
  if (!lower_block_terminated(L)) LLVMBuildBr(L->b, bb);
}

/* Starts a fresh block after a terminator (dead code keeps going there). */
static void after_jump(Lower *L) {
  LLVMPositionBuilderAtEnd(L->b, lower_new_block(L, "after"));
}

/* ---- assignment ---------------------------------------------------------------------- */

typedef struct LhsRef {
  enum { LHS_BLANK, LHS_ADDR, LHS_MAP } kind;
  LLVMValueRef addr;
  Type *type;
  LLVMValueRef map, key; /* LHS_MAP: map value and key slot */
  Type *maptype;
  SynNode *lazy; /* range with `=`: the operand, evaluated at each store */
} LhsRef;

static LhsRef lhs_ref(Lower *L, SynNode *x, bool define) {
  LhsRef r = {0};
  x = unparen(x);
  if (x->kind == SYN_NAME && x->u.name.value.len == 1 && x->u.name.value.ptr[0] == '_') {
    r.kind = LHS_BLANK;
    return r;
  }
  if (define && x->kind == SYN_NAME) {
    Object *d = types_ptrmap_get(&L->info->defs, x);
    if (d) {
      r.kind = LHS_ADDR;
      r.addr = declare_local(L, d);
      r.type = lower_obj_type(L, d);
      return r;
    }
  }
  if (x->kind == SYN_INDEX) {
    Type *mt = lower_tv_type(L, x->u.index.x);
    Type *mu = types_underlying(mt);
    if (mu->kind == TY_MAP) {
      r.kind = LHS_MAP;
      r.map = lower_expr(L, x->u.index.x);
      LLVMValueRef k = lower_expr_to(L, x->u.index.index, mu->u.map.key);
      r.key = lower_entry_alloca(L, mu->u.map.key, "key");
      lower_store(L, mu->u.map.key, r.key, k);
      r.type = mu->u.map.elem;
      r.maptype = mt;
      return r;
    }
  }
  LValue lv = lower_lvalue(L, x);
  r.kind = LHS_ADDR;
  r.addr = lv.addr;
  r.type = lv.type;
  return r;
}

static void store_pointerful(Lower *L, Type *t, LLVMValueRef addr, LLVMValueRef v) {
  t = lower_subst(L, t);
  /* [front-end barriers]: stores that may hit the heap go through
     rog_gcwrite/rog_gcmemmove; allocas are left plain (the wb pass would
     turn them back anyway). */
  if (!lower_has_pointers(t) || LLVMIsAAllocaInst(addr)) {
    lower_store(L, t, addr, v);
    return;
  }
  Type *u = types_underlying(t);
  if (LLVMTypeOf(v) == L->ptr) {
    LLVMValueRef a[2] = {addr, v};
    lower_rt_call(L, "rog_gcwrite", NULL, a, 2);
    return;
  }
  (void)u;
  LLVMValueRef tmp = lower_entry_alloca(L, t, "wbtmp");
  lower_store(L, t, tmp, v);
  LLVMValueRef a[4] = {addr, tmp, LLVMConstInt(L->i64, (unsigned long long)types_sizeof(t), false),
                       lower_typedesc_of(L, t)};
  lower_rt_call(L, "rog_gcmemmove", NULL, a, 4);
}

static void store_ref(Lower *L, LhsRef *r, LLVMValueRef v) {
  if (r->lazy) {
    LhsRef now = lhs_ref(L, r->lazy, false);
    store_ref(L, &now, lower_convert(L, v, r->type, now.type));
    return;
  }
  switch (r->kind) {
  case LHS_BLANK:
    return;
  case LHS_ADDR:
    store_pointerful(L, r->type, r->addr, v);
    return;
  case LHS_MAP: {
    LLVMValueRef slot = lower_map_assign(L, r->maptype, r->map, r->key);
    store_pointerful(L, r->type, slot, v);
    return;
  }
  }
}

static LLVMValueRef load_ref(Lower *L, LhsRef *r) {
  if (r->kind == LHS_MAP) {
    LLVMValueRef p = lower_map_access1(L, r->maptype, r->map, r->key);
    return lower_load(L, r->type, p);
  }
  return lower_load(L, r->type, r->addr);
}

void lower_assign_to(Lower *L, SynNode *lhs, LLVMValueRef v, Type *vt) {
  LhsRef r = lhs_ref(L, lhs, false);
  if (r.kind == LHS_BLANK) return;
  store_ref(L, &r, lower_convert(L, v, vt, r.type));
}

static void assign(Lower *L, SynNode *s) {
  bool define = s->op == SYN_OP_DEF;
  if (s->flags & SYN_F_IMPLICIT_ONE || (s->op != 0 && !define)) {
    /* x op= y, x++, x-- */
    LhsRef r = lhs_ref(L, s->u.assign.lhs, false);
    LLVMValueRef old = load_ref(L, &r);
    Type *t = r.type;
    LLVMValueRef y;
    int op = s->op;
    if (s->flags & SYN_F_IMPLICIT_ONE) {
      Type *u = types_underlying(t);
      if (u->u.basic.info & BI_FLOAT)
        y = LLVMConstReal(lower_type(L, t), 1.0);
      else if (u->u.basic.info & BI_COMPLEX) {
        LLVMTypeRef ft = u->basic == COMPLEX64 ? L->f32 : L->f64;
        LLVMValueRef p[2] = {LLVMConstReal(ft, 1.0), LLVMConstReal(ft, 0.0)};
        y = LLVMConstStructInContext(L->ctx, p, 2, false);
      } else
        y = LLVMConstInt(lower_type(L, t), 1, false);
    } else if (op == SYN_OP_SHL || op == SYN_OP_SHR) {
      /* shifts: reuse the operation lowering through a temporary node is
         not possible; emit directly */
      Type *st = lower_tv_type(L, s->u.assign.rhs);
      if (types_is_untyped(st)) st = types_basic(L->tc, UINT);
      LLVMValueRef sv = lower_expr_to(L, s->u.assign.rhs, st);
      store_ref(L, &r, lower_shift(L, op, old, sv, t, st));
      return;
    } else {
      y = lower_expr_to(L, s->u.assign.rhs, t);
    }
    LLVMValueRef nv;
    if (types_is_basic(t, BI_STRING)) {
      nv = lower_binary(L, SYN_OP_ADD, old, y, t, s->pos);
    } else {
      nv = lower_binary(L, op, old, y, t, s->pos);
    }
    store_ref(L, &r, nv);
    return;
  }
  uint32_t nl, nr;
  SynNode **ls = list_items(s->u.assign.lhs, &nl);
  SynNode **lcopy = calloc(nl + 1, sizeof *lcopy);
  if (nl) memcpy(lcopy, ls, nl * sizeof *ls);
  SynNode **rs = list_items(s->u.assign.rhs, &nr);
  SynNode **rcopy = calloc(nr + 1, sizeof *rcopy);
  if (nr) memcpy(rcopy, rs, nr * sizeof *rs);
  LLVMValueRef *vals = calloc(nl + 1, sizeof *vals);
  Type **tys = calloc(nl + 1, sizeof *tys);
  LhsRef *refs = calloc(nl + 1, sizeof *refs);
  /* phase 1: left operands (not new variables), then right values */
  for (uint32_t i = 0; i < nl; i++) {
    SynNode *x = unparen(lcopy[i]);
    bool isnew = define && x->kind == SYN_NAME && types_ptrmap_get(&L->info->defs, x);
    if (!isnew) refs[i] = lhs_ref(L, x, false);
  }
  if (nl == nr) {
    for (uint32_t i = 0; i < nr; i++) {
      SynNode *x = unparen(lcopy[i]);
      Type *lt = NULL;
      if (refs[i].kind == LHS_BLANK &&
          !(define && x->kind == SYN_NAME && types_ptrmap_get(&L->info->defs, x)) &&
          unparen(rcopy[i])->kind == SYN_NAME) {
        /* `_ = v`: nothing to evaluate (and no big value to load) */
        vals[i] = NULL;
        continue;
      }
      if (refs[i].kind == LHS_ADDR || refs[i].kind == LHS_MAP)
        lt = refs[i].type;
      else {
        Object *d = x->kind == SYN_NAME ? types_ptrmap_get(&L->info->defs, x) : NULL;
        if (d) lt = d->type;
      }
      if (lt) {
        vals[i] = lower_expr_to(L, rcopy[i], lt);
        tys[i] = lt;
      } else {
        vals[i] = lower_expr(L, rcopy[i]);
        tys[i] = lower_tv_type(L, rcopy[i]);
      }
    }
  } else {
    lower_multi(L, rcopy[0], vals, tys, nl);
  }
  /* phase 2: stores */
  for (uint32_t i = 0; i < nl; i++) {
    SynNode *x = unparen(lcopy[i]);
    bool isnew = define && x->kind == SYN_NAME && types_ptrmap_get(&L->info->defs, x);
    if (isnew) refs[i] = lhs_ref(L, x, true);
    if (refs[i].kind == LHS_BLANK) continue;
    store_ref(L, &refs[i], lower_convert(L, vals[i], tys[i], refs[i].type));
  }
  free(lcopy);
  free(rcopy);
  free(vals);
  free(tys);
  free(refs);
}

static void var_decl(Lower *L, SynNode *d) {
  SynList names = d->u.var_decl.names;
  uint32_t nv;
  SynNode **vs = list_items(d->u.var_decl.values, &nv);
  SynNode **vcopy = calloc(nv + 1, sizeof *vcopy);
  if (nv) memcpy(vcopy, vs, nv * sizeof *vs);
  LLVMValueRef vals[64];
  Type *tys[64];
  uint32_t n = names.len < 64 ? names.len : 64;
  if (nv == n) {
    for (uint32_t i = 0; i < n; i++) {
      Object *o = lower_def(L, names.items[i]);
      if (o && types_sizeof(lower_obj_type(L, o)) > 64 && unparen(vcopy[i])->kind == SYN_COMPOSITE_LIT) {
        vals[i] = NULL; /* stored in place below */
        tys[i] = o->type;
        continue;
      }
      vals[i] = lower_expr_to(L, vcopy[i], o ? o->type : lower_tv_type(L, vcopy[i]));
      tys[i] = o ? o->type : NULL;
    }
  } else if (nv == 1) {
    lower_multi(L, vcopy[0], vals, tys, n);
  }
  for (uint32_t i = 0; i < n; i++) {
    Object *o = lower_def(L, names.items[i]);
    if (!o || strcmp(o->name, "_") == 0) continue;
    if (nv == n && types_sizeof(lower_obj_type(L, o)) > 64 && unparen(vcopy[i])->kind == SYN_COMPOSITE_LIT) {
      LLVMValueRef a = declare_local(L, o);
      lower_composite_into(L, vcopy[i], lower_obj_type(L, o), a);
      continue;
    }
    LLVMValueRef a = declare_local(L, o);
    if (nv) lower_store(L, o->type, a, lower_convert(L, vals[i], tys[i], o->type));
  }
  free(vcopy);
}

/* ---- if / for / switch -------------------------------------------------------------- */

static void if_stmt(Lower *L, SynNode *s) {
  if (s->u.if_stmt.init) lower_stmt(L, s->u.if_stmt.init);
  LLVMValueRef c = lower_bool_expr(L, s->u.if_stmt.cond);
  LLVMBasicBlockRef then = lower_new_block(L, "then"), els = lower_new_block(L, "else"),
                    done = lower_new_block(L, "endif");
  LLVMBuildCondBr(L->b, c, then, s->u.if_stmt.else_ ? els : done);
  LLVMPositionBuilderAtEnd(L->b, then);
  lower_stmt(L, s->u.if_stmt.then);
  br(L, done);
  LLVMPositionBuilderAtEnd(L->b, els);
  if (s->u.if_stmt.else_) {
    lower_stmt(L, s->u.if_stmt.else_);
    br(L, done);
  } else {
    LLVMBuildUnreachable(L->b);
  }
  LLVMPositionBuilderAtEnd(L->b, done);
}

static Object *stmt_label(SynNode *s, Object *label) {
  (void)s;
  return label;
}

static void range_stmt(Lower *L, SynNode *s, Object *label);

static void for_loop(Lower *L, SynNode *s, Object *label);

/* for and range statements; counts the loop depth (Fn.loop_depth). */
static void for_stmt(Lower *L, SynNode *s, Object *label) {
  L->fn->loop_depth++;
  if (s->u.for_stmt.init && s->u.for_stmt.init->kind == SYN_RANGE_CLAUSE)
    range_stmt(L, s, label);
  else
    for_loop(L, s, label);
  L->fn->loop_depth--;
}

static void for_loop(Lower *L, SynNode *s, Object *label) {
  if (s->u.for_stmt.init) lower_stmt(L, s->u.for_stmt.init);
  LLVMBasicBlockRef cond = lower_new_block(L, "for.cond"), body = lower_new_block(L, "for.body"),
                    post = lower_new_block(L, "for.post"), done = lower_new_block(L, "for.done");
  br(L, cond);
  LLVMPositionBuilderAtEnd(L->b, cond);
  if (s->u.for_stmt.cond)
    LLVMBuildCondBr(L->b, lower_bool_expr(L, s->u.for_stmt.cond), body, done);
  else
    LLVMBuildBr(L->b, body);
  LLVMPositionBuilderAtEnd(L->b, body);
  push_target(L, s, stmt_label(s, label), done, post);
  lower_stmt(L, s->u.for_stmt.body);
  pop_target(L);
  br(L, post);
  LLVMPositionBuilderAtEnd(L->b, post);
  if (s->u.for_stmt.post) lower_stmt(L, s->u.for_stmt.post);
  br(L, cond);
  LLVMPositionBuilderAtEnd(L->b, done);
}

/* Evaluates the operands of `for k, v = range` (both, before either is
 * assigned: the spec's parallel assignment). */
static void resolve2(Lower *L, const LhsRef *k, const LhsRef *v, LhsRef *kk, LhsRef *vv) {
  *kk = *k;
  *vv = *v;
  if (k->lazy) *kk = lhs_ref(L, k->lazy, false);
  if (v->lazy) *vv = lhs_ref(L, v->lazy, false);
}

/* Range variables: returns the refs for key and value (blank if absent). */
static void range_lhs(Lower *L, SynNode *r, LhsRef *k, LhsRef *v) {
  memset(k, 0, sizeof *k);
  memset(v, 0, sizeof *v);
  uint32_t n;
  SynNode **ls = list_items(r->u.range.lhs, &n);
  SynNode *kn = n > 0 ? ls[0] : NULL, *vn = n > 1 ? ls[1] : NULL;
  bool def = (r->flags & SYN_F_RANGE_DEF) != 0;
  if (def) {
    if (kn) *k = lhs_ref(L, kn, def);
    if (vn) *v = lhs_ref(L, vn, def);
    return;
  }
  /* `for k, v = range`: the operands are evaluated at each iteration */
  SynNode *ns[2] = {kn, vn};
  LhsRef *rs[2] = {k, v};
  for (int i = 0; i < 2; i++) {
    SynNode *x = ns[i] ? unparen(ns[i]) : NULL;
    if (!x || (x->kind == SYN_NAME && x->u.name.value.len == 1 && x->u.name.value.ptr[0] == '_')) continue;
    rs[i]->kind = LHS_ADDR;
    rs[i]->lazy = x;
    rs[i]->type = lower_tv_type(L, x);
  }
}

static void range_stmt(Lower *L, SynNode *s, Object *label) {
  SynNode *r = s->u.for_stmt.init;
  SynNode *x = r->u.range.x;
  Type *xt = lower_tv_type(L, x);
  Type *u = types_underlying(xt);
  LLVMBasicBlockRef cond = lower_new_block(L, "range.cond"), body = lower_new_block(L, "range.body"),
                    post = lower_new_block(L, "range.post"), done = lower_new_block(L, "range.done");
  LhsRef k, v;
  if (u->kind == TY_MAP) {
    LLVMValueRef m = lower_expr(L, x);
    range_lhs(L, r, &k, &v);
    LLVMTypeRef it_t = LLVMArrayType2(L->i64, 12);
    LLVMValueRef it = lower_alloc(L, types_new_array(L->tc, types_basic(L->tc, UNSAFE_POINTER), 12));
    (void)it_t;
    LLVMValueRef a[3] = {lower_typedesc_of(L, xt), m, it};
    lower_rt_call(L, "rog_mapiterinit", NULL, a, 3);
    br(L, cond);
    LLVMPositionBuilderAtEnd(L->b, cond);
    LLVMValueRef kp = LLVMBuildLoad2(L->b, L->ptr, it, "");
    LLVMBuildCondBr(L->b, LLVMBuildIsNull(L->b, kp, ""), done, body);
    LLVMPositionBuilderAtEnd(L->b, body);
    LhsRef kk, vv;
    resolve2(L, &k, &v, &kk, &vv);
    if (k.kind != LHS_BLANK) store_ref(L, &kk, lower_load(L, u->u.map.key, kp));
    if (v.kind != LHS_BLANK) {
      LLVMValueRef ep = LLVMBuildLoad2(
          L->b, L->ptr,
          LLVMBuildGEP2(L->b, L->ptr, it, (LLVMValueRef[]){LLVMConstInt(L->i64, 1, false)}, 1, ""), "");
      store_ref(L, &vv, lower_load(L, u->u.map.elem, ep));
    }
    push_target(L, s, label, done, post);
    lower_stmt(L, s->u.for_stmt.body);
    pop_target(L);
    br(L, post);
    LLVMPositionBuilderAtEnd(L->b, post);
    LLVMValueRef b1[1] = {it};
    lower_rt_call(L, "rog_mapiternext", NULL, b1, 1);
    br(L, cond);
    LLVMPositionBuilderAtEnd(L->b, done);
    return;
  }
  if (u->kind == TY_CHAN) {
    LLVMValueRef c = lower_expr(L, x);
    range_lhs(L, r, &k, &v);
    Type *et = u->u.chan.elem;
    LLVMValueRef slot = lower_entry_alloca(L, et, "recv");
    br(L, cond);
    LLVMPositionBuilderAtEnd(L->b, cond);
    lower_store(L, et, slot, lower_zero(L, et));
    LLVMValueRef a[2] = {c, slot};
    LLVMValueRef ok = lower_rt_call(L, "rog_chan_recv", L->i1, a, 2);
    LLVMBuildCondBr(L->b, ok, body, done);
    LLVMPositionBuilderAtEnd(L->b, body);
    if (k.kind != LHS_BLANK) store_ref(L, &k, lower_load(L, et, slot));
    push_target(L, s, label, done, cond);
    lower_stmt(L, s->u.for_stmt.body);
    pop_target(L);
    br(L, cond);
    (void)post;
    LLVMPositionBuilderAtEnd(L->b, post);
    LLVMBuildBr(L->b, done);
    LLVMPositionBuilderAtEnd(L->b, done);
    return;
  }
  /* arrays, pointers to arrays, slices, strings: index loop */
  LLVMValueRef base = NULL, len, sval = NULL, arrtmp = NULL;
  Type *et = NULL;
  bool str = false;
  if (types_is_basic(u, BI_STRING)) {
    sval = lower_expr(L, x);
    len = lower_str_len(L, sval);
    str = true;
  } else if (u->kind == TY_SLICE) {
    LLVMValueRef sl = lower_expr(L, x);
    base = LLVMBuildExtractValue(L->b, sl, 0, "");
    len = LLVMBuildExtractValue(L->b, sl, 1, "");
    et = u->u.slice.elem;
  } else if (u->kind == TY_POINTER) {
    Type *at = types_underlying(u->u.pointer.elem);
    base = lower_expr(L, x);
    len = LLVMConstInt(L->i64, (unsigned long long)at->u.array.len, false);
    et = at->u.array.elem;
    xt = u->u.pointer.elem;
  } else {
    /* arrays: the range expression is evaluated once (copied) unless only
       the index is used */
    len = LLVMConstInt(L->i64, (unsigned long long)u->u.array.len, false);
    et = u->u.array.elem;
    uint32_t nl;
    list_items(r->u.range.lhs, &nl);
    /* len(x) is constant, but x is still evaluated unless it is a
       plain addressable operand (function calls, receives) */
    if (nl > 1 || !lower_is_addressable(L, x)) {
      arrtmp = lower_entry_alloca(L, xt, "rangearr");
      lower_store(L, xt, arrtmp, lower_expr(L, x));
      base = arrtmp;
    }
  }
  range_lhs(L, r, &k, &v);
  LLVMValueRef idx = lower_entry_alloca(L, types_basic(L->tc, INT), "ri");
  LLVMBuildStore(L->b, LLVMConstInt(L->i64, 0, false), idx);
  LLVMValueRef next = str ? lower_entry_alloca(L, types_basic(L->tc, INT), "rnext") : NULL;
  br(L, cond);
  LLVMPositionBuilderAtEnd(L->b, cond);
  LLVMValueRef i = LLVMBuildLoad2(L->b, L->i64, idx, "");
  LLVMBuildCondBr(L->b, LLVMBuildICmp(L->b, LLVMIntSLT, i, len, ""), body, done);
  LLVMPositionBuilderAtEnd(L->b, body);
  if (str) {
    /* decode one rune: ASCII inline, else rog_decoderune */
    LLVMValueRef p = lower_str_ptr(L, sval);
    LLVMValueRef c = LLVMBuildLoad2(L->b, L->i8, LLVMBuildGEP2(L->b, L->i8, p, &i, 1, ""), "");
    LLVMValueRef ascii = LLVMBuildICmp(L->b, LLVMIntULT, c, LLVMConstInt(L->i8, 0x80, false), "");
    LLVMBasicBlockRef a_bb = lower_new_block(L, "ascii"), m_bb = lower_new_block(L, "multi"),
                      j_bb = lower_new_block(L, "decoded");
    LLVMBuildCondBr(L->b, ascii, a_bb, m_bb);
    LLVMPositionBuilderAtEnd(L->b, a_bb);
    LLVMValueRef r1 = LLVMBuildZExt(L->b, c, L->i32, "");
    LLVMValueRef n1 = LLVMBuildAdd(L->b, i, LLVMConstInt(L->i64, 1, false), "");
    LLVMBuildBr(L->b, j_bb);
    LLVMPositionBuilderAtEnd(L->b, m_bb);
    LLVMValueRef a[3] = {p, len, i};
    LLVMTypeRef rt_e[2] = {L->i32, L->i64};
    LLVMValueRef dr =
        lower_rt_call(L, "rog_decoderune", LLVMStructTypeInContext(L->ctx, rt_e, 2, false), a, 3);
    LLVMValueRef r2 = LLVMBuildExtractValue(L->b, dr, 0, ""), n2 = LLVMBuildExtractValue(L->b, dr, 1, "");
    LLVMBasicBlockRef m_end = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, j_bb);
    LLVMPositionBuilderAtEnd(L->b, j_bb);
    LLVMValueRef rp = LLVMBuildPhi(L->b, L->i32, ""), np = LLVMBuildPhi(L->b, L->i64, "");
    LLVMValueRef rv[2] = {r1, r2}, nvv[2] = {n1, n2};
    LLVMBasicBlockRef bbs[2] = {a_bb, m_end};
    LLVMAddIncoming(rp, rv, bbs, 2);
    LLVMAddIncoming(np, nvv, bbs, 2);
    LLVMBuildStore(L->b, np, next);
    LhsRef kk, vv;
    resolve2(L, &k, &v, &kk, &vv);
    if (k.kind != LHS_BLANK) store_ref(L, &kk, lower_convert(L, i, types_basic(L->tc, INT), k.type));
    if (v.kind != LHS_BLANK) store_ref(L, &vv, lower_convert(L, rp, types_basic(L->tc, INT32), v.type));
  } else {
    LhsRef kk, vv;
    resolve2(L, &k, &v, &kk, &vv);
    if (k.kind != LHS_BLANK) store_ref(L, &kk, lower_convert(L, i, types_basic(L->tc, INT), k.type));
    if (v.kind != LHS_BLANK) {
      LLVMValueRef ep;
      if (u->kind == TY_SLICE) {
        ep = LLVMBuildGEP2(L->b, lower_type(L, et), base, &i, 1, "");
      } else {
        if (u->kind == TY_POINTER) lower_nil_check(L, base);
        LLVMValueRef ix[2] = {LLVMConstInt(L->i64, 0, false), i};
        ep = LLVMBuildGEP2(L->b, lower_type(L, xt), base, ix, 2, "");
      }
      store_ref(L, &vv, lower_convert(L, lower_load(L, et, ep), et, v.type));
    }
  }
  push_target(L, s, label, done, post);
  lower_stmt(L, s->u.for_stmt.body);
  pop_target(L);
  br(L, post);
  LLVMPositionBuilderAtEnd(L->b, post);
  LLVMValueRef ni =
      str ? LLVMBuildLoad2(L->b, L->i64, next, "")
          : LLVMBuildAdd(L->b, LLVMBuildLoad2(L->b, L->i64, idx, ""), LLVMConstInt(L->i64, 1, false), "");
  LLVMBuildStore(L->b, ni, idx);
  br(L, cond);
  LLVMPositionBuilderAtEnd(L->b, done);
}

static void switch_stmt(Lower *L, SynNode *s, Object *label) {
  if (s->u.switch_stmt.init) lower_stmt(L, s->u.switch_stmt.init);
  SynNode *tag = s->u.switch_stmt.tag;
  bool typesw = tag && tag->kind == SYN_TYPE_SWITCH_GUARD;
  LLVMValueRef tv = NULL, dyn = NULL;
  Type *tt = NULL;
  if (typesw) {
    tv = lower_expr(L, tag->u.guard.x);
    tt = lower_tv_type(L, tag->u.guard.x);
  } else if (tag) {
    tt = lower_tv_type(L, tag);
    if (types_is_untyped(tt)) tt = types_default(L->tc, tt);
    tv = lower_expr_to(L, tag, tt);
  }
  (void)dyn;
  SynList cl = s->u.switch_stmt.clauses;
  LLVMBasicBlockRef done = lower_new_block(L, "switch.done");
  LLVMBasicBlockRef *bodies = calloc(cl.len + 1, sizeof *bodies);
  for (uint32_t i = 0; i < cl.len; i++)
    bodies[i] = lower_new_block(L, "case");
  bodies[cl.len] = done;
  int def = -1;
  /* tests */
  for (uint32_t i = 0; i < cl.len; i++) {
    SynNode *c = cl.items[i];
    if (!c->u.case_clause.cases) {
      def = (int)i;
      continue;
    }
    uint32_t n;
    SynNode **cs = list_items(c->u.case_clause.cases, &n);
    SynNode **ccopy = calloc(n + 1, sizeof *ccopy);
    if (n) memcpy(ccopy, cs, n * sizeof *cs);
    for (uint32_t k = 0; k < n; k++) {
      LLVMValueRef match;
      if (typesw) {
        TypeAndValue *ctv = lower_tv(L, ccopy[k]);
        Type *ct = ctv ? ctv->type : NULL;
        if (!ct || (ctv->mode == TV_VALUE && ct->kind == TY_BASIC && ct->basic == UNTYPED_NIL) ||
            (ct->kind == TY_BASIC && ct->basic == UNTYPED_NIL)) {
          match = LLVMBuildIsNull(L->b, LLVMBuildExtractValue(L->b, tv, 0, ""), "");
        } else {
          LLVMValueRef ok;
          lower_assert_value(L, tv, tt, ct, true, &ok);
          match = ok;
        }
      } else if (tag) {
        Type *ct = lower_tv_type(L, ccopy[k]);
        Type *cmpt = tt;
        if (types_is_interface(ct) && !types_is_interface(tt)) cmpt = ct;
        LLVMValueRef cv = lower_expr_to(L, ccopy[k], cmpt);
        LLVMValueRef tv2 = cmpt == tt ? tv : lower_convert(L, tv, tt, cmpt);
        match = lower_equal(L, tv2, cv, cmpt);
      } else {
        match = lower_bool_expr(L, ccopy[k]);
      }
      LLVMBasicBlockRef next = lower_new_block(L, "case.next");
      LLVMBuildCondBr(L->b, match, bodies[i], next);
      LLVMPositionBuilderAtEnd(L->b, next);
    }
    free(ccopy);
  }
  LLVMBuildBr(L->b, def >= 0 ? bodies[def] : done);
  /* bodies */
  push_target(L, s, label, done, NULL);
  for (uint32_t i = 0; i < cl.len; i++) {
    SynNode *c = cl.items[i];
    LLVMPositionBuilderAtEnd(L->b, bodies[i]);
    if (typesw) {
      Object *v = types_ptrmap_get(&L->info->implicits, c);
      if (v) {
        LLVMValueRef a = declare_local(L, v);
        uint32_t n;
        list_items(c->u.case_clause.cases, &n);
        Type *vt = lower_obj_type(L, v);
        if (types_is_interface(vt)) {
          lower_store(L, vt, a, lower_convert(L, tv, tt, vt));
        } else {
          LLVMValueRef ok;
          LLVMValueRef val = lower_assert_value(L, tv, tt, vt, true, &ok);
          lower_store(L, vt, a, val);
        }
      }
    }
    L->fn->fallthrough_to = bodies[i + 1];
    lower_block(L, c->u.case_clause.body);
    br(L, done);
  }
  pop_target(L);
  free(bodies);
  LLVMPositionBuilderAtEnd(L->b, done);
}

/* ---- return ------------------------------------------------------------------------ */

static void return_stmt(Lower *L, SynNode *s) {
  Fn *f = L->fn;
  uint32_t n;
  SynNode **rs = list_items(s->u.ret.results, &n);
  SynNode **rcopy = calloc(n + 1, sizeof *rcopy);
  if (n) memcpy(rcopy, rs, n * sizeof *rs);
  if (n > 0) {
    LLVMValueRef vals[64];
    Type *tys[64];
    Type *results = f->gosig->u.sig.results;
    if (n == f->nres) {
      for (uint32_t i = 0; i < n && i < 64; i++)
        vals[i] = lower_expr_to(L, rcopy[i], results->u.tuple.vars[i]->type);
    } else {
      lower_multi(L, rcopy[0], vals, tys, f->nres);
      for (uint32_t i = 0; i < f->nres; i++)
        vals[i] = lower_convert(L, vals[i], tys[i], results->u.tuple.vars[i]->type);
    }
    for (uint32_t i = 0; i < f->nres; i++)
      lower_store(L, results->u.tuple.vars[i]->type, f->res_slots[i], vals[i]);
  }
  free(rcopy);
  LLVMBuildBr(L->b, (LLVMBasicBlockRef)types_ptrmap_get(&f->labels, f));
  after_jump(L);
}

/* ---- statements ---------------------------------------------------------------------- */

void lower_block(Lower *L, SynList stmts) {
  for (uint32_t i = 0; i < stmts.len; i++)
    lower_stmt(L, stmts.items[i]);
}

static Target *find_target(Lower *L, SynNode *labelname, bool cont) {
  Object *label = label_obj(L, labelname);
  for (uint32_t i = L->fn->ntargets; i-- > 0;) {
    Target *t = &L->fn->targets[i];
    if (label && t->label != label) continue;
    if (cont && !t->cont) continue;
    return t;
  }
  return NULL;
}

/* select is chan.c's (typedesc helper); until it lands this weak
 * definition reports it. */
__attribute__((weak)) void lower_select(Lower *L, SynNode *s, Object *label) {
  (void)label;
  lower_error(L, s->pos, "select statements are not supported yet");
}

static void labeled_stmt(Lower *L, SynNode *s) {
  Object *label = label_obj(L, s->u.labeled.label);
  LLVMBasicBlockRef bb = label ? label_block(L, label) : lower_new_block(L, "label");
  br(L, bb);
  LLVMPositionBuilderAtEnd(L->b, bb);
  SynNode *st = s->u.labeled.stmt;
  if (!st) return;
  switch (st->kind) {
  case SYN_FOR_STMT:
    for_stmt(L, st, label);
    return;
  case SYN_SWITCH_STMT:
    switch_stmt(L, st, label);
    return;
  case SYN_SELECT_STMT:
    lower_select(L, st, label);
    return;
  default:
    lower_stmt(L, st);
    return;
  }
}

void lower_stmt(Lower *L, SynNode *s) {
  if (!s) return;
  lower_set_loc(L, s->pos);
  switch (s->kind) {
  case SYN_EMPTY_STMT:
    return;
  case SYN_BLOCK_STMT:
    lower_block(L, s->u.block.stmts);
    return;
  case SYN_EXPR_STMT: {
    SynNode *x = unparen(s->u.expr_stmt.x);
    if (x->kind == SYN_CALL) {
      LLVMValueRef res[64];
      lower_call_expr(L, x, res, 64);
    } else {
      lower_expr(L, x);
    }
    return;
  }
  case SYN_SEND_STMT: {
    Type *ct = types_underlying(lower_tv_type(L, s->u.send.chan));
    LLVMValueRef c = lower_expr(L, s->u.send.chan);
    LLVMValueRef v = lower_expr_to(L, s->u.send.value, ct->u.chan.elem);
    LLVMValueRef slot = lower_entry_alloca(L, ct->u.chan.elem, "send");
    lower_store(L, ct->u.chan.elem, slot, v);
    LLVMValueRef a[2] = {c, slot};
    lower_rt_call(L, "rog_chan_send", NULL, a, 2);
    return;
  }
  case SYN_DECL_STMT:
    for (uint32_t i = 0; i < s->u.decl_stmt.decls.len; i++) {
      SynNode *d = s->u.decl_stmt.decls.items[i];
      if (d->kind == SYN_VAR_DECL) var_decl(L, d);
    }
    return;
  case SYN_ASSIGN_STMT:
    assign(L, s);
    return;
  case SYN_BRANCH_STMT:
    switch (s->op) {
    case SYN_BREAK:
    case SYN_CONTINUE: {
      Target *t = find_target(L, s->u.branch.label, s->op == SYN_CONTINUE);
      if (!t) {
        lower_error(L, s->pos, "branch target not found");
        return;
      }
      LLVMBuildBr(L->b, s->op == SYN_CONTINUE ? t->cont : t->brk);
      after_jump(L);
      return;
    }
    case SYN_GOTO: {
      Object *label = label_obj(L, s->u.branch.label);
      if (label) LLVMBuildBr(L->b, label_block(L, label));
      after_jump(L);
      return;
    }
    case SYN_FALLTHROUGH:
      LLVMBuildBr(L->b, L->fn->fallthrough_to);
      after_jump(L);
      return;
    default:
      return;
    }
  case SYN_CALL_STMT:
    lower_go_defer(L, s);
    return;
  case SYN_RETURN_STMT:
    return_stmt(L, s);
    return;
  case SYN_IF_STMT:
    if_stmt(L, s);
    return;
  case SYN_FOR_STMT:
    for_stmt(L, s, NULL);
    return;
  case SYN_SWITCH_STMT:
    switch_stmt(L, s, NULL);
    return;
  case SYN_SELECT_STMT:
    lower_select(L, s, NULL);
    return;
  case SYN_LABELED_STMT:
    labeled_stmt(L, s);
    return;
  default:
    lower_error(L, s->pos, "statement not supported (%s)", syn_kind_name(s->kind));
    return;
  }
}

/* ---- function bodies ------------------------------------------------------------------ */

typedef struct BodyScan {
  bool has_defer, has_recover, has_goto;
  Lower *L;
} BodyScan;

/* Finds defer statements and recover calls of this body (not of nested
 * function literals). */
static void scan_body(void *ctx, SynNode *n) {
  BodyScan *bs = ctx;
  switch (n->kind) {
  case SYN_FUNC_LIT:
    return;
  case SYN_CALL_STMT:
    if (n->op == SYN_DEFER) bs->has_defer = true;
    break;
  case SYN_BRANCH_STMT:
    if (n->op == SYN_GOTO) bs->has_goto = true;
    break;
  case SYN_CALL: {
    SynNode *f = unparen(n->u.call.fun);
    if (f->kind == SYN_NAME) {
      Object *o = lower_use(bs->L, f);
      if (o && o->kind == OBJ_BUILTIN && o->builtin == BUILTIN_RECOVER) bs->has_recover = true;
    }
    break;
  }
  default:
    break;
  }
  lower_each_child(n, scan_body, bs);
}

static void set_fn_attr(Lower *L, LLVMValueRef f, const char *k, const char *v) {
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(L->ctx, k, (unsigned)strlen(k), v, (unsigned)strlen(v)));
}

static void set_enum_fn_attr(Lower *L, LLVMValueRef f, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(L->ctx, kind, 0));
}

LLVMValueRef lower_frameaddress(Lower *L, unsigned level) {
  LLVMTypeRef tys[1] = {L->ptr};
  unsigned id = LLVMLookupIntrinsicID("llvm.frameaddress", 17);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(L->mod, id, tys, 1);
  LLVMTypeRef fty = LLVMIntrinsicGetType(L->ctx, id, tys, 1);
  LLVMValueRef a[1] = {LLVMConstInt(L->i32, level, false)};
  return LLVMBuildCall2(L->b, fty, fn, a, 1, "");
}

void lower_func_body(Lower *L, Object *fobj, SynNode *ftype, SynNode *body, const char *sym, bool is_closure,
                     Object **captured, uint32_t ncaptured) {
  (void)ftype;
  /* the declared signature: its parameter objects are the ones the body
     uses (in an instance, their types are substituted where read) */
  TypeAndValue *rawtv = fobj ? NULL : types_ptrmap_get(&L->info->types, ftype);
  Type *sig = fobj ? fobj->type : rawtv->type;
  Object *recv = sig->u.sig.recv;
  /* save the outer state (closures are emitted while their parent is) */
  Fn *outer = L->fn;
  PtrMap outer_vars = L->vars;
  LLVMBasicBlockRef outer_bb = LLVMGetInsertBlock(L->b);
  LLVMMetadataRef outer_sp = L->di_sp;
  LLVMMetadataRef outer_loc = LLVMGetCurrentDebugLocation2(L->b);

  Fn *f = calloc(1, sizeof *f);
  f->outer = outer;
  f->gosig = sig;
  f->name = sym;
  lower_sig(L, sig, recv ? recv->type : NULL, is_closure, &f->sig);
  f->fn = lower_declare(L, sym, &f->sig);
  if (LLVMCountBasicBlocks(f->fn) > 0) {
    /* already defined (duplicate symbol, e.g. two methods named _) */
    free(f);
    return;
  }
  set_fn_attr(L, f->fn, "frame-pointer", "all");
  /* No sibling calls out of Go functions, as gc: recover() compares its
   * caller's caller frame with the deferring thunk's (abi.h [panic]), so
   * `defer helper()` with helper ending in a call to a recovering function
   * must keep helper's frame (a tail call would make the thunk the
   * caller), and tracebacks keep every frame. Compiler wrappers
   * (closure.c) still tail-call: they are meant to be invisible. */
  set_fn_attr(L, f->fn, "disable-tail-calls", "true");
  if (is_closure || !types_obj_exported(fobj ? fobj : NULL) || true) {
    /* Go functions may be referenced from other packages: keep external */
  }
  L->fn = f;
  if (!is_closure)
    memset(&L->vars, 0, sizeof L->vars);
  else
    memset(&L->vars, 0, sizeof L->vars);
  BodyScan bs = {.L = L};
  scan_body(&bs, body);
  if (bs.has_recover) set_enum_fn_attr(L, f->fn, "noinline");
  f->has_goto = bs.has_goto;

  if (L->di) {
    SynStr fname;
    uint32_t line, col;
    syn_pos_resolve(L->file, body->pos, &fname, &line, &col);
    LLVMMetadataRef file = LLVMDIBuilderCreateFile(L->di, fname.ptr, fname.len, ".", 1);
    LLVMMetadataRef sty = LLVMDIBuilderCreateSubroutineType(L->di, file, NULL, 0, LLVMDIFlagZero);
    L->di_sp = LLVMDIBuilderCreateFunction(L->di, file, sym, strlen(sym), sym, strlen(sym), file, line, sty,
                                           false, true, line, LLVMDIFlagZero, false);
    LLVMSetSubprogram(f->fn, L->di_sp);
  } else {
    L->di_sp = NULL;
  }
  LLVMSetCurrentDebugLocation2(L->b, NULL);

  f->entry = LLVMAppendBasicBlockInContext(L->ctx, f->fn, "entry");
  LLVMBasicBlockRef start = LLVMAppendBasicBlockInContext(L->ctx, f->fn, "start");
  LLVMPositionBuilderAtEnd(L->b, start);
  LLVMBasicBlockRef retbb = LLVMAppendBasicBlockInContext(L->ctx, f->fn, "return");
  types_ptrmap_put(L->tc, &f->labels, f, retbb); /* the return block, keyed by the Fn */

  if (bs.has_recover) {
    f->recover_val = lower_entry_alloca(L, types_basic(L->tc, UNSAFE_POINTER), "recover.fp");
    LLVMBuildStore(L->b, lower_frameaddress(L, 1), f->recover_val);
  }

  /* parameters */
  uint32_t np = sig->u.sig.params ? sig->u.sig.params->u.tuple.len : 0;
  LLVMValueRef *pv = calloc(np + 2, sizeof *pv);
  lower_bind_params(L, &f->sig, f->fn, pv, np + (recv ? 1 : 0));
  unsigned k = 0;
  if (recv) {
    if (strcmp(recv->name, "_") != 0 && recv->name[0]) {
      LLVMValueRef a = declare_local(L, recv);
      lower_store(L, recv->type, a, pv[0]);
    }
    k = 1;
  }
  for (uint32_t i = 0; i < np; i++) {
    Object *p = sig->u.sig.params->u.tuple.vars[i];
    if (!p->name[0] || strcmp(p->name, "_") == 0) continue;
    LLVMValueRef a = declare_local(L, p);
    lower_store(L, p->type, a, pv[k + i]);
  }
  free(pv);
  /* captured variables of closures: env words 1.. hold their addresses */
  for (uint32_t i = 0; i < ncaptured; i++) {
    LLVMValueRef idx = LLVMConstInt(L->i64, i + 1, false);
    LLVMValueRef slot = LLVMBuildGEP2(L->b, L->ptr, f->nest, &idx, 1, "");
    bind_var(L, captured[i], LLVMBuildLoad2(L->b, L->ptr, slot, captured[i]->name));
  }
  /* results */
  Type *results = sig->u.sig.results;
  f->nres = results ? results->u.tuple.len : 0;
  f->res_slots = calloc(f->nres + 1, sizeof *f->res_slots);
  LLVMValueRef resmem = NULL;
  if (f->nres) {
    resmem = lower_entry_alloca(L, results, "results");
    LLVMBuildStore(L->b, LLVMConstNull(lower_type(L, results)), resmem);
  }
  for (uint32_t i = 0; i < f->nres; i++) {
    Object *r = results->u.tuple.vars[i];
    if (r->name[0] && strcmp(r->name, "_") != 0 && types_ptrmap_get(&L->escapes, r)) {
      f->res_slots[i] = declare_local(L, r);
    } else {
      f->res_slots[i] = LLVMBuildStructGEP2(L->b, lower_type(L, results), resmem, i, "");
      if (r->name[0]) bind_var(L, r, f->res_slots[i]);
    }
  }
  /* defer frame */
  LLVMBasicBlockRef body_bb = NULL;
  if (bs.has_defer) {
    LLVMTypeRef frt = LLVMArrayType2(L->i64, 4 + 22);
    LLVMValueRef fr = LLVMBuildAlloca(L->b, frt, "deferframe");
    LLVMSetAlignment(fr, 16);
    f->defer_frame = fr;
    LLVMValueRef rp =
        LLVMBuildGEP2(L->b, L->i64, fr, (LLVMValueRef[]){LLVMConstInt(L->i64, 3, false)}, 1, "");
    LLVMBuildStore(L->b, resmem ? resmem : LLVMConstNull(L->ptr), rp);
    LLVMValueRef a[1] = {fr};
    lower_rt_call(L, "rog_defer_enter", NULL, a, 1);
    LLVMValueRef jb =
        LLVMBuildGEP2(L->b, L->i64, fr, (LLVMValueRef[]){LLVMConstInt(L->i64, 4, false)}, 1, "");
    LLVMValueRef sj = lower_rt_call(L, "rog_setjmp", L->i32, &jb, 1);
    set_enum_fn_attr(L, LLVMGetNamedFunction(L->mod, "rog_setjmp"), "returns_twice");
    LLVMAddCallSiteAttribute(
        sj, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(L->ctx, LLVMGetEnumAttributeKindForName("returns_twice", 13), 0));
    body_bb = lower_new_block(L, "body");
    LLVMBuildCondBr(L->b, LLVMBuildICmp(L->b, LLVMIntNE, sj, LLVMConstInt(L->i32, 0, false), ""), retbb,
                    body_bb);
    LLVMPositionBuilderAtEnd(L->b, body_bb);
  }

  lower_set_loc(L, body->pos);
  lower_block(L, body->u.block.stmts);
  br(L, retbb);

  /* the return block */
  LLVMMoveBasicBlockAfter(retbb, LLVMGetLastBasicBlock(f->fn));
  LLVMPositionBuilderAtEnd(L->b, retbb);
  if (body->kind == SYN_BLOCK_STMT) lower_set_loc(L, body->u.block.rbrace);
  if (f->defer_frame) {
    LLVMValueRef a[1] = {f->defer_frame};
    lower_rt_call(L, "rog_defer_return", NULL, a, 1);
  }
  LLVMValueRef *vals = calloc(f->nres + 1, sizeof *vals);
  for (uint32_t i = 0; i < f->nres; i++)
    vals[i] = lower_load(L, results->u.tuple.vars[i]->type, f->res_slots[i]);
  lower_emit_return(L, &f->sig, vals);
  free(vals);
  /* entry falls into start */
  LLVMPositionBuilderAtEnd(L->b, f->entry);
  LLVMBuildBr(L->b, start);

  free(f->res_slots);
  free(f->targets);
  free(f->lnames);
  free(f);
  L->fn = outer;
  L->vars = outer_vars;
  L->di_sp = outer_sp;
  if (outer_bb) LLVMPositionBuilderAtEnd(L->b, outer_bb);
  LLVMSetCurrentDebugLocation2(L->b, outer_loc);
}
