/*
 * expr.c: expressions. Constants come exactly from the checker
 * (TypeAndValue.val); operators follow Go's semantics: integer arithmetic
 * wraps (no nsw/nuw flags), shifts by >= the width give 0 (or the sign for
 * signed >>), a negative signed shift count panics, division by zero calls
 * rog_panic_divide and MinInt / -1 gives MinInt (the divide is skipped for
 * -1 so the CPU never traps), float operations are IEEE. Indexing and
 * slicing check bounds with gc's panics; dereferences check nil explicitly
 * (rog_panic_nil) rather than relying on the signal handler, so the
 * optimizer may not move a load of a nil pointer before the check.
 *
 * Composite literals build SSA values for arrays and structs whose address
 * is not taken; &T{...} allocates with rog_alloc and stores the elements.
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

LLVMValueRef lower_str_len(Lower *L, LLVMValueRef s) {
  return LLVMBuildExtractValue(L->b, s, 1, "");
}
LLVMValueRef lower_str_ptr(Lower *L, LLVMValueRef s) {
  return LLVMBuildExtractValue(L->b, s, 0, "");
}

LLVMValueRef lower_make_str(Lower *L, LLVMValueRef p, LLVMValueRef n) {
  LLVMValueRef v = LLVMGetUndef(L->str);
  v = LLVMBuildInsertValue(L->b, v, p, 0, "");
  return LLVMBuildInsertValue(L->b, v, n, 1, "");
}

LLVMValueRef lower_make_slice(Lower *L, LLVMValueRef p, LLVMValueRef n, LLVMValueRef c) {
  LLVMValueRef v = LLVMGetUndef(L->slice);
  v = LLVMBuildInsertValue(L->b, v, p, 0, "");
  v = LLVMBuildInsertValue(L->b, v, n, 1, "");
  return LLVMBuildInsertValue(L->b, v, c, 2, "");
}

/* ---- checks -------------------------------------------------------------------- */

static void cold_branch(Lower *L, LLVMValueRef bad, LLVMBasicBlockRef *badbb, LLVMBasicBlockRef *okbb) {
  *badbb = lower_new_block(L, "panic");
  *okbb = lower_new_block(L, "ok");
  LLVMValueRef br = LLVMBuildCondBr(L->b, bad, *badbb, *okbb);
  /* weight: the panic is unlikely */
  LLVMMetadataRef md[3] = {LLVMMDStringInContext2(L->ctx, "branch_weights", 14),
                           LLVMValueAsMetadata(LLVMConstInt(L->i32, 1, false)),
                           LLVMValueAsMetadata(LLVMConstInt(L->i32, 2000, false))};
  LLVMSetMetadata(br, LLVMGetMDKindIDInContext(L->ctx, "prof", 4),
                  LLVMMetadataAsValue(L->ctx, LLVMMDNodeInContext2(L->ctx, md, 3)));
  LLVMPositionBuilderAtEnd(L->b, *badbb);
}

void lower_nil_check_at(Lower *L, LLVMValueRef p, uint64_t off) {
  if (LLVMIsConstant(p) && !LLVMIsNull(p)) return;
  LLVMBasicBlockRef bad, ok;
  cold_branch(L, LLVMBuildIsNull(L->b, p, ""), &bad, &ok);
  /* gc's faulting load reports addr=nil+offset; it checks explicitly (and
   * reports 0) when the offset is past the unmapped first page. */
  if (off > 0 && off < 4096) {
    LLVMValueRef a = LLVMConstInt(L->i64, off, false);
    lower_rt_call(L, "rog_panic_nil_at", NULL, &a, 1);
  } else {
    lower_rt_call(L, "rog_panic_nil", NULL, NULL, 0);
  }
  LLVMBuildUnreachable(L->b);
  LLVMPositionBuilderAtEnd(L->b, ok);
}

void lower_nil_check(Lower *L, LLVMValueRef p) {
  lower_nil_check_at(L, p, 0);
}

/* The offset of selection s's field from the start of struct type t,
 * following the path from index `from` through embedded struct fields and
 * stopping at an embedded pointer: where gc's faulting access to a nil t
 * would land. */
static uint64_t path_offset(Type *t, Selection *s, uint32_t from) {
  uint64_t off = 0;
  for (uint32_t i = from; i < s->nindex; i++) {
    Type *u = types_underlying(t);
    if (u->kind != TY_STRUCT || s->index[i] >= u->u.strukt.nfields) break;
    int64_t *offs = calloc(u->u.strukt.nfields, sizeof *offs);
    if (!offs || !types_offsetsof(u, offs)) {
      free(offs);
      break;
    }
    off += (uint64_t)offs[s->index[i]];
    free(offs);
    t = u->u.strukt.fields[s->index[i]]->type;
  }
  return off;
}

void lower_bounds_check(Lower *L, LLVMValueRef i, LLVMValueRef len, bool is_unsigned) {
  LLVMBasicBlockRef bad, ok;
  cold_branch(L, LLVMBuildICmp(L->b, LLVMIntUGE, i, len, ""), &bad, &ok);
  LLVMValueRef a[2] = {i, len};
  lower_rt_call(L, is_unsigned ? "rog_panic_index_u" : "rog_panic_index", NULL, a, 2);
  LLVMBuildUnreachable(L->b);
  LLVMPositionBuilderAtEnd(L->b, ok);
}

static void check_fail(Lower *L, LLVMValueRef bad, const char *fn, LLVMValueRef x, LLVMValueRef y) {
  LLVMBasicBlockRef badbb, ok;
  cold_branch(L, bad, &badbb, &ok);
  LLVMValueRef a[2] = {x, y};
  lower_rt_call(L, fn, NULL, a, x ? 2 : 0);
  LLVMBuildUnreachable(L->b);
  LLVMPositionBuilderAtEnd(L->b, ok);
}

/* Integer index value of expression e as i64 (checks negative through the
 * unsigned compare with the length). */
static LLVMValueRef index_value(Lower *L, SynNode *e, bool *is_unsigned) {
  LLVMValueRef v = lower_expr(L, e);
  Type *t = lower_tv_type(L, e);
  bool uns = types_is_basic(t, BI_UNSIGNED);
  *is_unsigned = uns;
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(v));
  if (w < 64) v = uns ? LLVMBuildZExt(L->b, v, L->i64, "") : LLVMBuildSExt(L->b, v, L->i64, "");
  return v;
}

/* ---- constants ------------------------------------------------------------------- */

LLVMValueRef lower_const(Lower *L, Const *c, Type *t) {
  t = lower_subst(L, t);
  if (types_is_untyped(t)) t = types_default(L->tc, t);
  Type *u = types_underlying(t);
  LLVMTypeRef lt = lower_type(L, t);
  if (u->kind != TY_BASIC) {
    if (u->kind == TY_INTERFACE) {
      /* constant converted to an interface type: box its default type */
      return LLVMConstNull(lt);
    }
    return LLVMConstNull(lt);
  }
  switch (const_kind(c)) {
  case CONST_BOOL:
    return LLVMConstInt(L->i1, const_bool_val(c), false);
  case CONST_STRING: {
    size_t n;
    const char *s = const_string_val(c, &n);
    return lower_cstring(L, s, n);
  }
  default:
    break;
  }
  uint32_t info = u->u.basic.info;
  if (info & BI_INTEGER) {
    int64_t v;
    uint64_t uv;
    Const *ic = const_to_int(L->tc, c);
    if (const_int64_val(ic, &v)) return LLVMConstInt(lt, (unsigned long long)v, true);
    if (const_uint64_val(ic, &uv)) return LLVMConstInt(lt, uv, false);
    return LLVMConstInt(lt, 0, false);
  }
  if (info & BI_FLOAT) {
    bool exact;
    double d = const_float64_val(const_to_float(L->tc, c), &exact);
    if (u->basic == FLOAT32) return LLVMConstReal(L->f32, (float)d);
    return LLVMConstReal(L->f64, d);
  }
  if (info & BI_COMPLEX) {
    Const *cc = const_to_complex(L->tc, c);
    bool exact;
    double re = const_float64_val(const_to_float(L->tc, const_real(L->tc, cc)), &exact);
    double im = const_float64_val(const_to_float(L->tc, const_imag(L->tc, cc)), &exact);
    LLVMTypeRef ft = u->basic == COMPLEX64 ? L->f32 : L->f64;
    LLVMValueRef parts[2] = {LLVMConstReal(ft, re), LLVMConstReal(ft, im)};
    return LLVMConstStructInContext(L->ctx, parts, 2, false);
  }
  if (u->basic == UNSAFE_POINTER || u->basic == UNTYPED_NIL) return LLVMConstNull(L->ptr);
  return LLVMConstNull(lt);
}

/* ---- interfaces -------------------------------------------------------------------- */

/* Whether values of t are stored directly in the interface data word. */
bool lower_pointer_shaped(Type *t) {
  Type *u = types_underlying(t);
  switch (u->kind) {
  case TY_POINTER:
  case TY_MAP:
  case TY_CHAN:
  case TY_SIGNATURE:
    return true;
  case TY_BASIC:
    return u->basic == UNSAFE_POINTER;
  case TY_ARRAY:
    return u->u.array.len == 1 && lower_pointer_shaped(u->u.array.elem);
  case TY_STRUCT:
    return u->u.strukt.nfields == 1 && lower_pointer_shaped(u->u.strukt.fields[0]->type);
  default:
    return false;
  }
}

/* The data word of an interface holding v of concrete type t. */
static LLVMValueRef box(Lower *L, LLVMValueRef v, Type *t) {
  if (lower_pointer_shaped(t)) {
    /* extract the single pointer */
    Type *u = types_underlying(t);
    while (u->kind == TY_ARRAY || u->kind == TY_STRUCT) {
      unsigned idx = u->kind == TY_ARRAY ? 0 : lower_field_index(L, u, 0);
      v = LLVMBuildExtractValue(L->b, v, idx, "");
      u = types_underlying(u->kind == TY_ARRAY ? u->u.array.elem : u->u.strukt.fields[0]->type);
    }
    return v;
  }
  if (types_sizeof(t) == 0) {
    /* gc's zerobase: zero-size values have a non-nil address, so value
       methods called through a pointer-taking wrapper do not fault */
    LLVMValueRef z = LLVMGetNamedGlobal(L->mod, "runtime.zerobase");
    if (!z) {
      z = LLVMAddGlobal(L->mod, L->i64, "runtime.zerobase");
      LLVMSetInitializer(z, LLVMConstNull(L->i64));
      LLVMSetLinkage(z, LLVMLinkOnceODRLinkage);
    }
    return z;
  }
  LLVMValueRef p = lower_alloc(L, t);
  lower_store(L, t, p, v);
  return p;
}

static LLVMValueRef unbox(Lower *L, LLVMValueRef data, Type *t) {
  if (lower_pointer_shaped(t)) {
    Type *u = types_underlying(t);
    if (u->kind == TY_ARRAY || u->kind == TY_STRUCT) {
      LLVMValueRef tmp = lower_entry_alloca(L, t, "unbox");
      LLVMBuildStore(L->b, data, tmp);
      return lower_load(L, t, tmp);
    }
    return data;
  }
  if (types_sizeof(t) == 0) return lower_zero(L, t);
  return lower_load(L, t, data);
}

LLVMValueRef lower_to_iface(Lower *L, LLVMValueRef v, Type *from, Type *to) {
  from = lower_subst(L, from);
  to = lower_subst(L, to);
  if (types_is_interface(from)) {
    if (types_identical(types_underlying(from), types_underlying(to))) return v;
    TypeSet *tts = types_typeset(L->tc, types_underlying(to));
    TypeSet *fts = types_typeset(L->tc, types_underlying(from));
    LLVMValueRef tab = LLVMBuildExtractValue(L->b, v, 0, "");
    LLVMValueRef data = LLVMBuildExtractValue(L->b, v, 1, "");
    LLVMValueRef nt;
    if (tts->nmethods == 0) {
      if (fts->nmethods == 0) return v;
      /* itab -> type: itab->type (offset 8), nil stays nil */
      LLVMValueRef isnil = LLVMBuildIsNull(L->b, tab, "");
      LLVMValueRef safe = LLVMBuildSelect(L->b, isnil, LLVMConstNull(L->ptr), tab, "");
      LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
      LLVMBasicBlockRef ld = lower_new_block(L, "i2e"), done = lower_new_block(L, "i2e.done");
      LLVMBuildCondBr(L->b, isnil, done, ld);
      LLVMPositionBuilderAtEnd(L->b, ld);
      LLVMValueRef tp =
          LLVMBuildGEP2(L->b, L->ptr, safe, (LLVMValueRef[]){LLVMConstInt(L->i64, 1, false)}, 1, "");
      LLVMValueRef ty = LLVMBuildLoad2(L->b, L->ptr, tp, "");
      LLVMBasicBlockRef ldend = LLVMGetInsertBlock(L->b);
      LLVMBuildBr(L->b, done);
      LLVMPositionBuilderAtEnd(L->b, done);
      nt = LLVMBuildPhi(L->b, L->ptr, "");
      LLVMValueRef vals[2] = {LLVMConstNull(L->ptr), ty};
      LLVMBasicBlockRef bbs[2] = {cur, ldend};
      LLVMAddIncoming(nt, vals, bbs, 2);
    } else if (fts->nmethods == 0) {
      LLVMValueRef a[2] = {lower_typedesc_of(L, to), tab};
      nt = lower_rt_call(L, "rog_assertE2I", L->ptr, a, 2);
      /* nil eface converts to nil iface only in assertions; in a plain
         conversion the source is non-empty, so this is an assertion */
    } else {
      LLVMValueRef a[2] = {lower_typedesc_of(L, to), tab};
      nt = lower_rt_call(L, "rog_convI2I", L->ptr, a, 2);
    }
    LLVMValueRef r = LLVMGetUndef(L->iface);
    r = LLVMBuildInsertValue(L->b, r, nt, 0, "");
    return LLVMBuildInsertValue(L->b, r, data, 1, "");
  }
  if (from->kind == TY_BASIC && from->basic == UNTYPED_NIL) return LLVMConstNull(L->iface);
  if (types_is_untyped(from)) from = types_default(L->tc, from);
  TypeSet *ts = types_typeset(L->tc, types_underlying(to));
  LLVMValueRef tab = ts->nmethods == 0 ? lower_typedesc_of(L, from) : typedesc_itab(L->td, from, to);
  LLVMValueRef data = box(L, v, from);
  LLVMValueRef r = LLVMGetUndef(L->iface);
  r = LLVMBuildInsertValue(L->b, r, tab, 0, "");
  return LLVMBuildInsertValue(L->b, r, data, 1, "");
}

/* The dynamic type word of interface value v (static type t). */
static LLVMValueRef dyn_type(Lower *L, LLVMValueRef v, Type *t) {
  LLVMValueRef tab = LLVMBuildExtractValue(L->b, v, 0, "");
  TypeSet *ts = types_typeset(L->tc, types_underlying(t));
  if (ts->nmethods == 0) return tab;
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
  LLVMBasicBlockRef ld = lower_new_block(L, "dyn"), done = lower_new_block(L, "dyn.done");
  LLVMBuildCondBr(L->b, LLVMBuildIsNull(L->b, tab, ""), done, ld);
  LLVMPositionBuilderAtEnd(L->b, ld);
  LLVMValueRef tp = LLVMBuildGEP2(L->b, L->ptr, tab, (LLVMValueRef[]){LLVMConstInt(L->i64, 1, false)}, 1, "");
  LLVMValueRef ty = LLVMBuildLoad2(L->b, L->ptr, tp, "");
  LLVMBasicBlockRef ldend = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->ptr, "");
  LLVMValueRef vals[2] = {LLVMConstNull(L->ptr), ty};
  LLVMBasicBlockRef bbs[2] = {cur, ldend};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

LLVMValueRef lower_assert_value(Lower *L, LLVMValueRef x, Type *from, Type *to, bool commaok,
                                LLVMValueRef *ok) {
  from = lower_subst(L, from);
  to = lower_subst(L, to);
  TypeSet *fts = types_typeset(L->tc, types_underlying(from));
  bool from_empty = fts->nmethods == 0;
  if (types_is_interface(to)) {
    TypeSet *tts = types_typeset(L->tc, types_underlying(to));
    LLVMValueRef t = dyn_type(L, x, from);
    LLVMValueRef data = LLVMBuildExtractValue(L->b, x, 1, "");
    LLVMValueRef tab;
    if (tts->nmethods == 0) {
      tab = t;
      if (commaok)
        *ok = LLVMBuildIsNotNull(L->b, t, "");
      else {
        LLVMBasicBlockRef bad, okb;
        cold_branch(L, LLVMBuildIsNull(L->b, t, ""), &bad, &okb);
        LLVMValueRef a[1] = {lower_typedesc_of(L, to)};
        lower_rt_call(L, "rog_panicnildottype", NULL, a, 1);
        LLVMBuildUnreachable(L->b);
        LLVMPositionBuilderAtEnd(L->b, okb);
      }
    } else if (commaok) {
      LLVMValueRef a[3] = {lower_typedesc_of(L, to), t, data};
      LLVMValueRef r = lower_rt_call(L, "rog_assertE2I2", L->iface, a, 3);
      tab = LLVMBuildExtractValue(L->b, r, 0, "");
      data = LLVMBuildExtractValue(L->b, r, 1, "");
      *ok = LLVMBuildIsNotNull(L->b, tab, "");
    } else {
      LLVMValueRef a[2] = {lower_typedesc_of(L, to), t};
      tab = lower_rt_call(L, "rog_assertE2I", L->ptr, a, 2);
    }
    (void)from_empty;
    LLVMValueRef r = LLVMGetUndef(L->iface);
    r = LLVMBuildInsertValue(L->b, r, tab, 0, "");
    return LLVMBuildInsertValue(L->b, r, data, 1, "");
  }
  /* concrete type: compare the type word (or itab) with the static one */
  LLVMValueRef tab = LLVMBuildExtractValue(L->b, x, 0, "");
  /* compare type descriptors (unique per type): for a non-empty
     interface the itab's type word, since the runtime may have built the
     itab itself (rog_assertE2I) instead of using the static one */
  LLVMValueRef have = from_empty ? tab : dyn_type(L, x, from);
  LLVMValueRef match = LLVMBuildICmp(L->b, LLVMIntEQ, have, lower_typedesc_of(L, to), "");
  LLVMValueRef data = LLVMBuildExtractValue(L->b, x, 1, "");
  if (commaok) {
    *ok = match;
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
    LLVMBasicBlockRef yes = lower_new_block(L, "assert.yes"), done = lower_new_block(L, "assert.done");
    LLVMBuildCondBr(L->b, match, yes, done);
    LLVMPositionBuilderAtEnd(L->b, yes);
    LLVMValueRef v = unbox(L, data, to);
    LLVMBasicBlockRef yend = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, done);
    LLVMPositionBuilderAtEnd(L->b, done);
    LLVMValueRef phi = LLVMBuildPhi(L->b, lower_type(L, to), "");
    LLVMValueRef vals[2] = {lower_zero(L, to), v};
    LLVMBasicBlockRef bbs[2] = {cur, yend};
    LLVMAddIncoming(phi, vals, bbs, 2);
    return phi;
  }
  LLVMBasicBlockRef bad, okb;
  cold_branch(L, LLVMBuildNot(L->b, match, ""), &bad, &okb);
  if (from_empty) {
    LLVMValueRef a[3] = {tab, lower_typedesc_of(L, to), lower_typedesc_of(L, from)};
    lower_rt_call(L, "rog_panicdottypeE", NULL, a, 3);
  } else {
    LLVMValueRef a[3] = {tab, lower_typedesc_of(L, to), lower_typedesc_of(L, from)};
    lower_rt_call(L, "rog_panicdottypeI", NULL, a, 3);
  }
  LLVMBuildUnreachable(L->b);
  LLVMPositionBuilderAtEnd(L->b, okb);
  return unbox(L, data, to);
}

LLVMValueRef lower_assert(Lower *L, SynNode *e, Type *to, bool commaok, LLVMValueRef *ok) {
  LLVMValueRef x = lower_expr(L, e->u.assert.x);
  return lower_assert_value(L, x, lower_tv_type(L, e->u.assert.x), to, commaok, ok);
}

/* ---- conversions ------------------------------------------------------------------- */

static bool is_int(Type *u) {
  return u->kind == TY_BASIC && (u->u.basic.info & BI_INTEGER);
}
static bool is_float(Type *u) {
  return u->kind == TY_BASIC && (u->u.basic.info & BI_FLOAT);
}
static bool is_complex(Type *u) {
  return u->kind == TY_BASIC && (u->u.basic.info & BI_COMPLEX);
}
static bool is_string(Type *u) {
  return u->kind == TY_BASIC && (u->u.basic.info & BI_STRING);
}
static bool is_unsigned(Type *u) {
  return u->kind == TY_BASIC && (u->u.basic.info & BI_UNSIGNED);
}

LLVMValueRef lower_convert(Lower *L, LLVMValueRef v, Type *from, Type *to) {
  if (!from || !to) return v;
  from = lower_subst(L, from);
  to = lower_subst(L, to);
  if (types_is_untyped(from)) {
    if (from->kind == TY_BASIC && from->basic == UNTYPED_NIL) return lower_zero(L, to);
    from = types_default(L->tc, from);
  }
  if (types_is_interface(to)) return lower_to_iface(L, v, from, to);
  Type *fu = types_underlying(from), *tu = types_underlying(to);
  if (types_identical_ignore_tags(fu, tu)) return v;
  LLVMTypeRef lt = lower_type(L, to);
  if (is_int(fu) && is_int(tu)) {
    unsigned fw = LLVMGetIntTypeWidth(LLVMTypeOf(v)), tw = LLVMGetIntTypeWidth(lt);
    if (fw == tw) return v;
    if (fw > tw) return LLVMBuildTrunc(L->b, v, lt, "");
    return is_unsigned(fu) ? LLVMBuildZExt(L->b, v, lt, "") : LLVMBuildSExt(L->b, v, lt, "");
  }
  if (is_int(fu) && is_float(tu))
    return is_unsigned(fu) ? LLVMBuildUIToFP(L->b, v, lt, "") : LLVMBuildSIToFP(L->b, v, lt, "");
  if (is_float(fu) && is_int(tu)) {
    /* Go leaves out-of-range conversions implementation-defined; use the
       saturating intrinsics so LLVM cannot treat them as poison */
    const char *name = is_unsigned(tu) ? "llvm.fptoui.sat" : "llvm.fptosi.sat";
    LLVMTypeRef tys[2] = {lt, LLVMTypeOf(v)};
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(L->mod, id, tys, 2);
    LLVMTypeRef fty = LLVMIntrinsicGetType(L->ctx, id, tys, 2);
    return LLVMBuildCall2(L->b, fty, fn, &v, 1, "");
  }
  if (is_float(fu) && is_float(tu)) {
    if (LLVMTypeOf(v) == lt) return v;
    return lt == L->f64 ? LLVMBuildFPExt(L->b, v, lt, "") : LLVMBuildFPTrunc(L->b, v, lt, "");
  }
  if (is_complex(fu) && is_complex(tu)) {
    LLVMTypeRef ft = tu->basic == COMPLEX64 ? L->f32 : L->f64;
    LLVMValueRef re = LLVMBuildExtractValue(L->b, v, 0, ""), im = LLVMBuildExtractValue(L->b, v, 1, "");
    if (LLVMTypeOf(re) != ft) {
      re = ft == L->f64 ? LLVMBuildFPExt(L->b, re, ft, "") : LLVMBuildFPTrunc(L->b, re, ft, "");
      im = ft == L->f64 ? LLVMBuildFPExt(L->b, im, ft, "") : LLVMBuildFPTrunc(L->b, im, ft, "");
    }
    LLVMValueRef r = LLVMGetUndef(lt);
    r = LLVMBuildInsertValue(L->b, r, re, 0, "");
    return LLVMBuildInsertValue(L->b, r, im, 1, "");
  }
  if (is_string(tu)) {
    if (is_int(fu)) {
      LLVMValueRef x = v;
      unsigned fw = LLVMGetIntTypeWidth(LLVMTypeOf(v));
      if (fw < 64)
        x = is_unsigned(fu) ? LLVMBuildZExt(L->b, x, L->i64, "") : LLVMBuildSExt(L->b, x, L->i64, "");
      else if (is_unsigned(fu)) {
        /* values beyond int64 are invalid runes */
        LLVMValueRef big = LLVMBuildICmp(L->b, LLVMIntUGT, x, LLVMConstInt(L->i64, 0x10FFFF, false), "");
        x = LLVMBuildSelect(L->b, big, LLVMConstInt(L->i64, 0xFFFD, false), x, "");
      }
      LLVMValueRef a[2] = {LLVMConstNull(L->ptr), x};
      return lower_rt_call(L, "rog_intstring", L->str, a, 2);
    }
    if (fu->kind == TY_SLICE) {
      Type *eu = types_underlying(fu->u.slice.elem);
      LLVMValueRef a[3] = {LLVMConstNull(L->ptr), LLVMBuildExtractValue(L->b, v, 0, ""),
                           LLVMBuildExtractValue(L->b, v, 1, "")};
      if (eu->basic == INT32) return lower_rt_call(L, "rog_slicerunetostring", L->str, a, 3);
      return lower_rt_call(L, "rog_slicebytetostring", L->str, a, 3);
    }
  }
  if (is_string(fu) && tu->kind == TY_SLICE) {
    Type *eu = types_underlying(tu->u.slice.elem);
    LLVMValueRef a[3] = {LLVMConstNull(L->ptr), LLVMBuildExtractValue(L->b, v, 0, ""),
                         LLVMBuildExtractValue(L->b, v, 1, "")};
    if (eu->basic == INT32) return lower_rt_call_sret(L, "rog_stringtoslicerune", L->slice, a, 3);
    return lower_rt_call_sret(L, "rog_stringtoslicebyte", L->slice, a, 3);
  }
  if (fu->kind == TY_SLICE && tu->kind == TY_POINTER) {
    /* slice to array pointer */
    Type *at = types_underlying(tu->u.pointer.elem);
    LLVMValueRef n = LLVMBuildExtractValue(L->b, v, 1, "");
    LLVMValueRef want = LLVMConstInt(L->i64, (unsigned long long)at->u.array.len, false);
    check_fail(L, LLVMBuildICmp(L->b, LLVMIntSLT, n, want, ""), "rog_panic_slice_convert", n, want);
    return LLVMBuildExtractValue(L->b, v, 0, "");
  }
  /* pointers, unsafe.Pointer, uintptr */
  LLVMTypeRef ft = LLVMTypeOf(v);
  if (ft == L->ptr && LLVMGetTypeKind(lt) == LLVMIntegerTypeKind) return LLVMBuildPtrToInt(L->b, v, lt, "");
  if (LLVMGetTypeKind(ft) == LLVMIntegerTypeKind && lt == L->ptr) return LLVMBuildIntToPtr(L->b, v, lt, "");
  return v;
}

/* ---- names ---------------------------------------------------------------------- */

static LLVMValueRef var_addr(Lower *L, Object *o) {
  if (lower_is_pkg_level(L, o)) return lower_global_var(L, o);
  LocalVar *lv = types_ptrmap_get(&L->vars, o);
  if (!lv) return NULL;
  return lv->addr;
}

static LLVMValueRef name_value(Lower *L, SynNode *e) {
  Object *o = lower_use(L, e);
  Type *t = lower_tv_type(L, e);
  if (!o) {
    lower_error(L, e->pos, "unresolved name");
    return LLVMGetUndef(lower_type(L, t));
  }
  switch (o->kind) {
  case OBJ_VAR: {
    LLVMValueRef a = var_addr(L, o);
    if (!a) {
      lower_error(L, e->pos, "variable %s has no storage", o->name);
      return LLVMGetUndef(lower_type(L, t));
    }
    return lower_load(L, o->type, a);
  }
  case OBJ_FUNC:
    if (o->type->u.sig.ntparams) {
      Instance *inst = lower_instance_of(L, o, e, NULL);
      if (!inst) {
        lower_error(L, e->pos, "generic function without instance");
        return LLVMGetUndef(L->ptr);
      }
      return lower_static_closure(L, lower_generic_func(L, o, inst->targs, inst->ntargs), false);
    }
    return lower_static_closure(L, lower_func_value(L, o), false);
  case OBJ_NIL:
    return lower_zero(L, t);
  case OBJ_CONST: {
    /* a constant the checker recorded as a value: the untyped operand of
       a non-constant shift (`half >> e`, math.Round), typed by context */
    Type *ct = t ? t : o->type;
    if (types_is_untyped(ct)) ct = types_default(L->tc, ct);
    return lower_const(L, o->val, ct);
  }
  default:
    lower_error(L, e->pos, "cannot lower name %s", o->name);
    return LLVMGetUndef(lower_type(L, t));
  }
}

/* ---- addressability ---------------------------------------------------------------- */

bool lower_is_addressable(Lower *L, SynNode *e) {
  e = unparen(e);
  switch (e->kind) {
  case SYN_NAME: {
    Object *o = lower_use(L, e);
    return o && o->kind == OBJ_VAR;
  }
  case SYN_OPERATION:
    return e->op == SYN_OP_MUL && !e->u.operation.y;
  case SYN_SELECTOR: {
    Selection *s = types_ptrmap_get(&L->info->selections, e);
    if (!s) {
      Object *o = lower_use(L, e->u.selector.sel);
      return o && o->kind == OBJ_VAR;
    }
    if (s->kind != SEL_FIELD) return false;
    if (s->indirect) return true;
    Type *xt = lower_tv_type(L, e->u.selector.x);
    if (types_underlying(xt)->kind == TY_POINTER) return true;
    return lower_is_addressable(L, e->u.selector.x);
  }
  case SYN_INDEX: {
    Type *xt = types_underlying(lower_tv_type(L, e->u.index.x));
    if (!xt) return false;
    if (xt->kind == TY_SLICE) return true;
    if (xt->kind == TY_POINTER) return true;
    if (xt->kind == TY_ARRAY) return lower_is_addressable(L, e->u.index.x);
    return false;
  }
  default:
    return false;
  }
}

/* Address of field path of a selector; x_addr points at a value of type xt. */
static LLVMValueRef field_path_addr(Lower *L, LLVMValueRef addr, Type *xt, Selection *s, Type **out) {
  Type *cur = xt;
  for (uint32_t i = 0; i < s->nindex; i++) {
    Type *u = types_underlying(cur);
    if (u->kind == TY_POINTER) {
      LLVMValueRef p = lower_load(L, cur, addr);
      lower_nil_check_at(L, p, path_offset(u->u.pointer.elem, s, i));
      addr = p;
      cur = u->u.pointer.elem;
      u = types_underlying(cur);
    }
    addr = LLVMBuildStructGEP2(L->b, lower_type(L, u), addr, lower_field_index(L, u, s->index[i]), "");
    cur = u->u.strukt.fields[s->index[i]]->type;
  }
  *out = cur;
  return addr;
}

LLVMValueRef lower_index_addr(Lower *L, SynNode *e, Type **elem) {
  SynNode *x = e->u.index.x;
  Type *xt = lower_tv_type(L, x);
  Type *u = types_underlying(xt);
  bool uns;
  if (u->kind == TY_SLICE) {
    LLVMValueRef s = lower_expr(L, x);
    LLVMValueRef i = index_value(L, e->u.index.index, &uns);
    lower_bounds_check(L, i, LLVMBuildExtractValue(L->b, s, 1, ""), uns);
    *elem = u->u.slice.elem;
    return LLVMBuildGEP2(L->b, lower_type(L, *elem), LLVMBuildExtractValue(L->b, s, 0, ""), &i, 1, "");
  }
  LLVMValueRef base;
  Type *at;
  if (u->kind == TY_POINTER) {
    base = lower_expr(L, x);
    at = types_underlying(u->u.pointer.elem);
  } else {
    base = lower_lvalue(L, x).addr;
    at = u;
  }
  LLVMValueRef i = index_value(L, e->u.index.index, &uns);
  TypeAndValue *itv = lower_tv(L, e->u.index.index);
  if (u->kind == TY_POINTER) lower_nil_check(L, base);
  if (!(itv && itv->mode == TV_CONSTANT))
    lower_bounds_check(L, i, LLVMConstInt(L->i64, (unsigned long long)at->u.array.len, false), uns);
  *elem = at->u.array.elem;
  LLVMValueRef idx[2] = {LLVMConstInt(L->i64, 0, false), i};
  return LLVMBuildGEP2(L->b, lower_type(L, at), base, idx, 2, "");
}

LValue lower_lvalue(Lower *L, SynNode *e) {
  e = unparen(e);
  LValue lv = {NULL, lower_tv_type(L, e)};
  uint64_t nil_off = L->nil_off; /* see Lower.nil_off */
  L->nil_off = 0;
  switch (e->kind) {
  case SYN_NAME: {
    Object *o = lower_use(L, e);
    if (o && o->kind == OBJ_VAR) lv.addr = var_addr(L, o);
    if (o) lv.type = o->type;
    break;
  }
  case SYN_OPERATION:
    if (e->op == SYN_OP_MUL && !e->u.operation.y) {
      lv.addr = lower_expr(L, e->u.operation.x);
      lower_nil_check_at(L, lv.addr, nil_off);
    }
    break;
  case SYN_SELECTOR: {
    Selection *s = types_ptrmap_get(&L->info->selections, e);
    if (!s) {
      Object *o = lower_use(L, e->u.selector.sel);
      if (o && o->kind == OBJ_VAR) lv.addr = var_addr(L, o);
      break;
    }
    SynNode *x = e->u.selector.x;
    Type *xt = lower_tv_type(L, x);
    LLVMValueRef base;
    Type *bt;
    if (types_underlying(xt)->kind == TY_POINTER) {
      base = lower_expr(L, x);
      bt = types_underlying(xt)->u.pointer.elem;
      lower_nil_check_at(L, base, nil_off + path_offset(bt, s, 0));
    } else if (lower_is_addressable(L, x)) {
      L->nil_off = nil_off + path_offset(xt, s, 0);
      base = lower_lvalue(L, x).addr;
      bt = xt;
    } else {
      base = lower_entry_alloca(L, xt, "tmp");
      lower_store(L, xt, base, lower_expr(L, x));
      bt = xt;
    }
    Type *ft;
    lv.addr = field_path_addr(L, base, bt, s, &ft);
    lv.type = ft;
    break;
  }
  case SYN_INDEX: {
    Type *et;
    lv.addr = lower_index_addr(L, e, &et);
    lv.type = et;
    break;
  }
  case SYN_COMPOSITE_LIT: {
    LLVMValueRef v = lower_expr(L, e);
    lv.addr = lower_alloc(L, lv.type);
    lower_store(L, lv.type, lv.addr, v);
    break;
  }
  default:
    break;
  }
  if (!lv.addr) {
    lower_error(L, e->pos, "cannot take the address of this expression");
    lv.addr = lower_entry_alloca(L, lv.type, "bad");
  }
  return lv;
}

/* ---- operators ------------------------------------------------------------------------ */

LLVMValueRef lower_shift(Lower *L, int op, LLVMValueRef x, LLVMValueRef s, Type *t, Type *st) {
  t = lower_subst(L, t);
  st = lower_subst(L, st);
  LLVMTypeRef lt = LLVMTypeOf(x);
  unsigned w = LLVMGetIntTypeWidth(lt);
  Type *su = types_underlying(st);
  bool sunsigned = is_unsigned(su);
  unsigned sw = LLVMGetIntTypeWidth(LLVMTypeOf(s));
  if (!sunsigned && !LLVMIsConstant(s))
    check_fail(L, LLVMBuildICmp(L->b, LLVMIntSLT, s, LLVMConstInt(LLVMTypeOf(s), 0, false), ""),
               "rog_panic_shift", NULL, NULL);
  /* normalize the count to the operand width, saturating */
  LLVMValueRef cnt;
  if (sw > w) {
    LLVMValueRef big = LLVMBuildICmp(L->b, LLVMIntUGE, s, LLVMConstInt(LLVMTypeOf(s), w, false), "");
    cnt = LLVMBuildSelect(L->b, big, LLVMConstInt(LLVMTypeOf(s), w, false), s, "");
    cnt = LLVMBuildTrunc(L->b, cnt, lt, "");
  } else if (sw < w) {
    cnt = LLVMBuildZExt(L->b, s, lt, "");
  } else {
    cnt = s;
  }
  LLVMValueRef big = LLVMBuildICmp(L->b, LLVMIntUGE, cnt, LLVMConstInt(lt, w, false), "");
  LLVMValueRef safe = LLVMBuildSelect(L->b, big, LLVMConstInt(lt, w - 1, false), cnt, "");
  bool uns = is_unsigned(types_underlying(t));
  if (op == SYN_OP_SHL) {
    LLVMValueRef r = LLVMBuildShl(L->b, x, safe, "");
    return LLVMBuildSelect(L->b, big, LLVMConstNull(lt), r, "");
  }
  if (uns) {
    LLVMValueRef r = LLVMBuildLShr(L->b, x, safe, "");
    return LLVMBuildSelect(L->b, big, LLVMConstNull(lt), r, "");
  }
  return LLVMBuildAShr(L->b, x, safe, "");
}

static LLVMValueRef int_div(Lower *L, int op, LLVMValueRef x, LLVMValueRef y, bool uns) {
  LLVMTypeRef lt = LLVMTypeOf(x);
  if (!(LLVMIsConstant(y) && !LLVMIsNull(y)))
    check_fail(L, LLVMBuildIsNull(L->b, y, ""), "rog_panic_divide", NULL, NULL);
  if (uns) return op == SYN_OP_DIV ? LLVMBuildUDiv(L->b, x, y, "") : LLVMBuildURem(L->b, x, y, "");
  /* y == -1: x / -1 = -x (wraps for MinInt), x % -1 = 0 */
  LLVMValueRef m1 = LLVMBuildICmp(L->b, LLVMIntEQ, y, LLVMConstAllOnes(lt), "");
  LLVMValueRef ysafe = LLVMBuildSelect(L->b, m1, LLVMConstInt(lt, 1, false), y, "");
  if (op == SYN_OP_DIV) {
    LLVMValueRef q = LLVMBuildSDiv(L->b, x, ysafe, "");
    return LLVMBuildSelect(L->b, m1, LLVMBuildNeg(L->b, x, ""), q, "");
  }
  LLVMValueRef r = LLVMBuildSRem(L->b, x, ysafe, "");
  return LLVMBuildSelect(L->b, m1, LLVMConstNull(lt), r, "");
}

static LLVMValueRef complex_op(Lower *L, int op, LLVMValueRef x, LLVMValueRef y, LLVMTypeRef lt) {
  LLVMValueRef a = LLVMBuildExtractValue(L->b, x, 0, ""), b = LLVMBuildExtractValue(L->b, x, 1, "");
  LLVMValueRef c = LLVMBuildExtractValue(L->b, y, 0, ""), d = LLVMBuildExtractValue(L->b, y, 1, "");
  LLVMValueRef re, im;
  switch (op) {
  case SYN_OP_ADD:
    re = LLVMBuildFAdd(L->b, a, c, "");
    im = LLVMBuildFAdd(L->b, b, d, "");
    break;
  case SYN_OP_SUB:
    re = LLVMBuildFSub(L->b, a, c, "");
    im = LLVMBuildFSub(L->b, b, d, "");
    break;
  case SYN_OP_MUL:
    re = LLVMBuildFSub(L->b, LLVMBuildFMul(L->b, a, c, ""), LLVMBuildFMul(L->b, b, d, ""), "");
    im = LLVMBuildFAdd(L->b, LLVMBuildFMul(L->b, a, d, ""), LLVMBuildFMul(L->b, b, c, ""), "");
    break;
  default: {
    /* division in double precision, as gc's complex128div */
    LLVMTypeRef et = LLVMTypeOf(a);
    bool f32 = et == L->f32;
    if (f32) {
      a = LLVMBuildFPExt(L->b, a, L->f64, "");
      b = LLVMBuildFPExt(L->b, b, L->f64, "");
      c = LLVMBuildFPExt(L->b, c, L->f64, "");
      d = LLVMBuildFPExt(L->b, d, L->f64, "");
    }
    /* Smith's algorithm (CACM 5(8), 1962): scale by the larger of |c|,
       |d| so the intermediate products do not overflow.
       TODO(lower): C99 Annex G's infinity/NaN fix-ups. */
    LLVMTypeRef ft = L->f64;
    unsigned fabs_id = LLVMLookupIntrinsicID("llvm.fabs", 9);
    LLVMValueRef fabs_fn = LLVMGetIntrinsicDeclaration(L->mod, fabs_id, &ft, 1);
    LLVMTypeRef fabs_ty = LLVMIntrinsicGetType(L->ctx, fabs_id, &ft, 1);
    LLVMValueRef ac = LLVMBuildCall2(L->b, fabs_ty, fabs_fn, &c, 1, "");
    LLVMValueRef ad = LLVMBuildCall2(L->b, fabs_ty, fabs_fn, &d, 1, "");
    LLVMValueRef cbig = LLVMBuildFCmp(L->b, LLVMRealOGE, ac, ad, "");
    /* c dominant: r = d/c, den = c + r*d, e = (a + b*r)/den, f = (b - a*r)/den */
    LLVMValueRef r1 = LLVMBuildFDiv(L->b, d, c, "");
    LLVMValueRef den1 = LLVMBuildFAdd(L->b, c, LLVMBuildFMul(L->b, r1, d, ""), "");
    LLVMValueRef e1 =
        LLVMBuildFDiv(L->b, LLVMBuildFAdd(L->b, a, LLVMBuildFMul(L->b, b, r1, ""), ""), den1, "");
    LLVMValueRef f1 =
        LLVMBuildFDiv(L->b, LLVMBuildFSub(L->b, b, LLVMBuildFMul(L->b, a, r1, ""), ""), den1, "");
    /* d dominant: r = c/d, den = d + r*c, e = (a*r + b)/den, f = (b*r - a)/den */
    LLVMValueRef r2 = LLVMBuildFDiv(L->b, c, d, "");
    LLVMValueRef den2 = LLVMBuildFAdd(L->b, d, LLVMBuildFMul(L->b, r2, c, ""), "");
    LLVMValueRef e2 =
        LLVMBuildFDiv(L->b, LLVMBuildFAdd(L->b, LLVMBuildFMul(L->b, a, r2, ""), b, ""), den2, "");
    LLVMValueRef f2 =
        LLVMBuildFDiv(L->b, LLVMBuildFSub(L->b, LLVMBuildFMul(L->b, b, r2, ""), a, ""), den2, "");
    re = LLVMBuildSelect(L->b, cbig, e1, e2, "");
    im = LLVMBuildSelect(L->b, cbig, f1, f2, "");
    if (f32) {
      re = LLVMBuildFPTrunc(L->b, re, L->f32, "");
      im = LLVMBuildFPTrunc(L->b, im, L->f32, "");
    }
    break;
  }
  }
  LLVMValueRef r = LLVMGetUndef(lt);
  r = LLVMBuildInsertValue(L->b, r, re, 0, "");
  return LLVMBuildInsertValue(L->b, r, im, 1, "");
}

static LLVMValueRef concat(Lower *L, LLVMValueRef *parts, unsigned n) {
  LLVMTypeRef at = LLVMArrayType2(L->str, n);
  LLVMValueRef arr = lower_entry_alloca_llvm(L, at);
  for (unsigned i = 0; i < n; i++) {
    LLVMValueRef idx[2] = {LLVMConstInt(L->i64, 0, false), LLVMConstInt(L->i64, i, false)};
    LLVMBuildStore(L->b, parts[i], LLVMBuildGEP2(L->b, at, arr, idx, 2, ""));
  }
  LLVMValueRef a[3] = {LLVMConstNull(L->ptr), arr, LLVMConstInt(L->i64, n, false)};
  return lower_rt_call(L, "rog_concatstrings", L->str, a, 3);
}

LLVMValueRef lower_binary(Lower *L, int op, LLVMValueRef x, LLVMValueRef y, Type *t, SynPos pos) {
  t = lower_subst(L, t);
  (void)pos;
  Type *u = types_underlying(t);
  if (is_string(u)) {
    LLVMValueRef p[2] = {x, y};
    return concat(L, p, 2);
  }
  if (is_complex(u)) return complex_op(L, op, x, y, LLVMTypeOf(x));
  if (is_float(u)) {
    switch (op) {
    case SYN_OP_ADD:
      return LLVMBuildFAdd(L->b, x, y, "");
    case SYN_OP_SUB:
      return LLVMBuildFSub(L->b, x, y, "");
    case SYN_OP_MUL:
      return LLVMBuildFMul(L->b, x, y, "");
    case SYN_OP_DIV:
      return LLVMBuildFDiv(L->b, x, y, "");
    default:
      return x;
    }
  }
  bool uns = is_unsigned(u);
  switch (op) {
  case SYN_OP_ADD:
    return LLVMBuildAdd(L->b, x, y, "");
  case SYN_OP_SUB:
    return LLVMBuildSub(L->b, x, y, "");
  case SYN_OP_MUL:
    return LLVMBuildMul(L->b, x, y, "");
  case SYN_OP_DIV:
  case SYN_OP_REM:
    return int_div(L, op, x, y, uns);
  case SYN_OP_AND:
    return LLVMBuildAnd(L->b, x, y, "");
  case SYN_OP_OR:
    return LLVMBuildOr(L->b, x, y, "");
  case SYN_OP_XOR:
    return LLVMBuildXor(L->b, x, y, "");
  case SYN_OP_ANDNOT:
    return LLVMBuildAnd(L->b, x, LLVMBuildNot(L->b, y, ""), "");
  default:
    return x;
  }
}

/* x == y for values of type t. */
LLVMValueRef lower_equal(Lower *L, LLVMValueRef x, LLVMValueRef y, Type *t) {
  t = lower_subst(L, t);
  Type *u = types_underlying(t);
  switch (u->kind) {
  case TY_BASIC:
    if (is_string(u)) {
      LLVMValueRef n1 = lower_str_len(L, x), n2 = lower_str_len(L, y);
      LLVMValueRef sameLen = LLVMBuildICmp(L->b, LLVMIntEQ, n1, n2, "");
      LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
      LLVMBasicBlockRef cmp = lower_new_block(L, "streq"), done = lower_new_block(L, "streq.done");
      LLVMBuildCondBr(L->b, sameLen, cmp, done);
      LLVMPositionBuilderAtEnd(L->b, cmp);
      LLVMValueRef a[3] = {lower_str_ptr(L, x), lower_str_ptr(L, y), n1};
      LLVMValueRef eq = lower_rt_call(L, "rog_memequal", L->i1, a, 3);
      LLVMBasicBlockRef cmpend = LLVMGetInsertBlock(L->b);
      LLVMBuildBr(L->b, done);
      LLVMPositionBuilderAtEnd(L->b, done);
      LLVMValueRef phi = LLVMBuildPhi(L->b, L->i1, "");
      LLVMValueRef vals[2] = {LLVMConstInt(L->i1, 0, false), eq};
      LLVMBasicBlockRef bbs[2] = {cur, cmpend};
      LLVMAddIncoming(phi, vals, bbs, 2);
      return phi;
    }
    if (is_complex(u)) {
      LLVMValueRef r = LLVMBuildFCmp(L->b, LLVMRealOEQ, LLVMBuildExtractValue(L->b, x, 0, ""),
                                     LLVMBuildExtractValue(L->b, y, 0, ""), "");
      LLVMValueRef i = LLVMBuildFCmp(L->b, LLVMRealOEQ, LLVMBuildExtractValue(L->b, x, 1, ""),
                                     LLVMBuildExtractValue(L->b, y, 1, ""), "");
      return LLVMBuildAnd(L->b, r, i, "");
    }
    if (is_float(u)) return LLVMBuildFCmp(L->b, LLVMRealOEQ, x, y, "");
    return LLVMBuildICmp(L->b, LLVMIntEQ, x, y, "");
  case TY_INTERFACE: {
    /* compare dynamic types (itabs of one type may differ: static and
       runtime-built), then the values through rog_efaceeq */
    LLVMValueRef t1 = dyn_type(L, x, t), t2 = dyn_type(L, y, t);
    LLVMValueRef same = LLVMBuildICmp(L->b, LLVMIntEQ, t1, t2, "");
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
    LLVMBasicBlockRef cmp = lower_new_block(L, "ifaceeq"), done = lower_new_block(L, "ifaceeq.done");
    LLVMBuildCondBr(L->b, same, cmp, done);
    LLVMPositionBuilderAtEnd(L->b, cmp);
    TypeSet *ts = types_typeset(L->tc, u);
    LLVMValueRef a[3] = {t1, LLVMBuildExtractValue(L->b, x, 1, ""), LLVMBuildExtractValue(L->b, y, 1, "")};
    LLVMValueRef eq;
    /* nil == nil without calling the runtime */
    LLVMBasicBlockRef call = lower_new_block(L, "ifaceeq.call");
    LLVMBasicBlockRef cmpnil = LLVMGetInsertBlock(L->b);
    LLVMBuildCondBr(L->b, LLVMBuildIsNull(L->b, t1, ""), done, call);
    LLVMPositionBuilderAtEnd(L->b, call);
    (void)ts;
    eq = lower_rt_call(L, "rog_efaceeq", L->i1, a, 3);
    LLVMBasicBlockRef callend = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, done);
    LLVMPositionBuilderAtEnd(L->b, done);
    LLVMValueRef phi = LLVMBuildPhi(L->b, L->i1, "");
    LLVMValueRef vals[3] = {LLVMConstInt(L->i1, 0, false), LLVMConstInt(L->i1, 1, false), eq};
    LLVMBasicBlockRef bbs[3] = {cur, cmpnil, callend};
    LLVMAddIncoming(phi, vals, bbs, 3);
    return phi;
  }
  case TY_STRUCT: {
    LLVMValueRef r = LLVMConstInt(L->i1, 1, false);
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
      Object *f = u->u.strukt.fields[i];
      if (strcmp(f->name, "_") == 0) continue;
      unsigned idx = lower_field_index(L, u, i);
      LLVMValueRef e = lower_equal(L, LLVMBuildExtractValue(L->b, x, idx, ""),
                                   LLVMBuildExtractValue(L->b, y, idx, ""), f->type);
      r = LLVMBuildAnd(L->b, r, e, "");
    }
    return r;
  }
  case TY_ARRAY: {
    LLVMValueRef r = LLVMConstInt(L->i1, 1, false);
    if (u->u.array.len > 64) {
      /* compare in memory through the type's equal function */
      LLVMValueRef px = lower_entry_alloca(L, t, "eqx"), py = lower_entry_alloca(L, t, "eqy");
      lower_store(L, t, px, x);
      lower_store(L, t, py, y);
      LLVMValueRef f = typedesc_equal_fn(L->td, t);
      LLVMTypeRef pt[2] = {L->ptr, L->ptr};
      LLVMTypeRef fty = LLVMFunctionType(L->i1, pt, 2, false);
      LLVMValueRef a[2] = {px, py};
      return LLVMBuildCall2(L->b, fty, f, a, 2, "");
    }
    for (int64_t i = 0; i < u->u.array.len; i++) {
      LLVMValueRef e = lower_equal(L, LLVMBuildExtractValue(L->b, x, (unsigned)i, ""),
                                   LLVMBuildExtractValue(L->b, y, (unsigned)i, ""), u->u.array.elem);
      r = LLVMBuildAnd(L->b, r, e, "");
    }
    return r;
  }
  case TY_SLICE:
    return LLVMBuildICmp(L->b, LLVMIntEQ, LLVMBuildExtractValue(L->b, x, 0, ""),
                         LLVMBuildExtractValue(L->b, y, 0, ""), "");
  default:
    return LLVMBuildICmp(L->b, LLVMIntEQ, x, y, "");
  }
}

LLVMValueRef lower_compare(Lower *L, int op, LLVMValueRef x, LLVMValueRef y, Type *t) {
  t = lower_subst(L, t);
  Type *u = types_underlying(t);
  if (op == SYN_OP_EQL) return lower_equal(L, x, y, t);
  if (op == SYN_OP_NEQ) {
    LLVMValueRef e = lower_equal(L, x, y, t);
    return LLVMBuildNot(L->b, e, "");
  }
  if (is_string(u)) {
    LLVMValueRef a[4] = {lower_str_ptr(L, x), lower_str_len(L, x), lower_str_ptr(L, y), lower_str_len(L, y)};
    LLVMValueRef c = lower_rt_call(L, "rog_cmpstring", L->i64, a, 4);
    LLVMValueRef z = LLVMConstInt(L->i64, 0, false);
    switch (op) {
    case SYN_OP_LSS:
      return LLVMBuildICmp(L->b, LLVMIntSLT, c, z, "");
    case SYN_OP_LEQ:
      return LLVMBuildICmp(L->b, LLVMIntSLE, c, z, "");
    case SYN_OP_GTR:
      return LLVMBuildICmp(L->b, LLVMIntSGT, c, z, "");
    default:
      return LLVMBuildICmp(L->b, LLVMIntSGE, c, z, "");
    }
  }
  if (is_float(u)) {
    LLVMRealPredicate p = op == SYN_OP_LSS   ? LLVMRealOLT
                          : op == SYN_OP_LEQ ? LLVMRealOLE
                          : op == SYN_OP_GTR ? LLVMRealOGT
                                             : LLVMRealOGE;
    return LLVMBuildFCmp(L->b, p, x, y, "");
  }
  bool uns = is_unsigned(u);
  LLVMIntPredicate p;
  switch (op) {
  case SYN_OP_LSS:
    p = uns ? LLVMIntULT : LLVMIntSLT;
    break;
  case SYN_OP_LEQ:
    p = uns ? LLVMIntULE : LLVMIntSLE;
    break;
  case SYN_OP_GTR:
    p = uns ? LLVMIntUGT : LLVMIntSGT;
    break;
  default:
    p = uns ? LLVMIntUGE : LLVMIntSGE;
    break;
  }
  return LLVMBuildICmp(L->b, p, x, y, "");
}

static bool is_cmp(int op) {
  return op == SYN_OP_EQL || op == SYN_OP_NEQ || op == SYN_OP_LSS || op == SYN_OP_LEQ || op == SYN_OP_GTR ||
         op == SYN_OP_GEQ;
}

static LLVMValueRef andor(Lower *L, SynNode *e) {
  bool isand = e->op == SYN_OP_ANDAND;
  LLVMValueRef x = lower_bool_expr(L, e->u.operation.x);
  LLVMBasicBlockRef xend = LLVMGetInsertBlock(L->b);
  LLVMBasicBlockRef rhs = lower_new_block(L, "rhs"), done = lower_new_block(L, "andor");
  if (isand)
    LLVMBuildCondBr(L->b, x, rhs, done);
  else
    LLVMBuildCondBr(L->b, x, done, rhs);
  LLVMPositionBuilderAtEnd(L->b, rhs);
  LLVMValueRef y = lower_bool_expr(L, e->u.operation.y);
  LLVMBasicBlockRef yend = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef phi = LLVMBuildPhi(L->b, L->i1, "");
  LLVMValueRef vals[2] = {LLVMConstInt(L->i1, isand ? 0 : 1, false), y};
  LLVMBasicBlockRef bbs[2] = {xend, yend};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

LLVMValueRef lower_bool_expr(Lower *L, SynNode *e) {
  return lower_expr(L, e);
}

static LLVMValueRef operation(Lower *L, SynNode *e) {
  SynNode *x = e->u.operation.x, *y = e->u.operation.y;
  Type *t = lower_tv_type(L, e);
  if (!y) {
    switch (e->op) {
    case SYN_OP_AND: {
      SynNode *ux = unparen(x);
      if (ux->kind == SYN_COMPOSITE_LIT) {
        Type *lt = lower_tv_type(L, ux);
        LLVMValueRef p = lower_alloc(L, lt);
        if (!lower_composite_into(L, ux, lt, p)) lower_store(L, lt, p, lower_expr(L, ux));
        return p;
      }
      return lower_lvalue(L, x).addr;
    }
    case SYN_OP_MUL: {
      LLVMValueRef p = lower_expr(L, x);
      lower_nil_check(L, p);
      return lower_load(L, t, p);
    }
    case SYN_OP_SUB: {
      LLVMValueRef v = lower_expr_to(L, x, t);
      Type *u = types_underlying(t);
      if (is_complex(u)) {
        LLVMValueRef r = LLVMBuildFNeg(L->b, LLVMBuildExtractValue(L->b, v, 0, ""), "");
        LLVMValueRef i = LLVMBuildFNeg(L->b, LLVMBuildExtractValue(L->b, v, 1, ""), "");
        LLVMValueRef c = LLVMGetUndef(LLVMTypeOf(v));
        c = LLVMBuildInsertValue(L->b, c, r, 0, "");
        return LLVMBuildInsertValue(L->b, c, i, 1, "");
      }
      if (is_float(u)) return LLVMBuildFNeg(L->b, v, "");
      return LLVMBuildNeg(L->b, v, "");
    }
    case SYN_OP_ADD:
      return lower_expr_to(L, x, t);
    case SYN_OP_NOT:
      return LLVMBuildNot(L->b, lower_expr(L, x), "");
    case SYN_OP_XOR:
      return LLVMBuildNot(L->b, lower_expr_to(L, x, t), "");
    case SYN_OP_RECV: {
      LLVMValueRef res[2];
      Type *tys[2];
      lower_multi(L, e, res, tys, 2);
      return res[0];
    }
    default:
      lower_error(L, e->pos, "unary operator not supported");
      return LLVMGetUndef(lower_type(L, t));
    }
  }
  if (e->op == SYN_OP_ANDAND || e->op == SYN_OP_OROR) return andor(L, e);
  if (is_cmp(e->op)) {
    Type *xt = lower_tv_type(L, x), *yt = lower_tv_type(L, y);
    Type *ct = xt;
    /* mixed interface/concrete comparison: compare as interfaces */
    if (types_is_untyped(xt) || (types_is_interface(yt) && !types_is_interface(xt))) ct = yt;
    if (types_is_untyped(ct)) ct = types_default(L->tc, ct);
    if (ct->kind == TY_BASIC && ct->basic == UNTYPED_NIL) ct = yt;
    LLVMValueRef xv = lower_expr_to(L, x, ct), yv = lower_expr_to(L, y, ct);
    return lower_compare(L, e->op, xv, yv, ct);
  }
  if (e->op == SYN_OP_SHL || e->op == SYN_OP_SHR) {
    LLVMValueRef xv = lower_expr_to(L, x, t);
    Type *st = lower_tv_type(L, y);
    if (types_is_untyped(st)) st = types_basic(L->tc, UINT);
    LLVMValueRef sv = lower_expr_to(L, y, st);
    return lower_shift(L, e->op, xv, sv, t, st);
  }
  if (e->op == SYN_OP_ADD && types_is_basic(t, BI_STRING)) {
    /* flatten a + b + c into one concatenation */
    SynNode *stack[64];
    unsigned n = 0;
    SynNode *cur = e;
    while (n < 60 && unparen(cur)->kind == SYN_OPERATION && unparen(cur)->op == SYN_OP_ADD &&
           unparen(cur)->u.operation.y) {
      TypeAndValue *tv = lower_tv(L, unparen(cur));
      if (tv && tv->mode == TV_CONSTANT && cur != e) break;
      stack[n++] = unparen(cur)->u.operation.y;
      cur = unparen(cur)->u.operation.x;
    }
    stack[n++] = cur;
    LLVMValueRef parts[64];
    for (unsigned i = 0; i < n; i++)
      parts[i] = lower_expr_to(L, stack[n - 1 - i], t);
    return concat(L, parts, n);
  }
  LLVMValueRef xv = lower_expr_to(L, x, t), yv = lower_expr_to(L, y, t);
  return lower_binary(L, e->op, xv, yv, t, e->pos);
}

/* ---- composite literals -------------------------------------------------------------- */

/* Stores the array or struct literal e (of type t) into addr element by
 * element: big literals never become one SSA value (an aggregate of
 * millions of elements stalls LLVM). Returns false if e is not such a
 * literal (the caller stores lower_expr's value). */
bool lower_composite_into(Lower *L, SynNode *e, Type *t, LLVMValueRef addr) {
  e = e->kind == SYN_PAREN ? e->u.paren.x : e;
  if (e->kind != SYN_COMPOSITE_LIT) return false;
  t = lower_subst(L, t);
  Type *u = types_underlying(t);
  if (u->kind != TY_ARRAY && u->kind != TY_STRUCT) return false;
  if (!types_identical(types_underlying(lower_tv_type(L, e)), u)) return false;
  lower_store(L, t, addr, lower_zero(L, t));
  LLVMTypeRef lt = lower_type(L, t);
  SynList el = e->u.composite.elems;
  int64_t idx = 0;
  for (uint32_t i = 0; i < el.len; i++) {
    SynNode *x = el.items[i];
    Type *et;
    LLVMValueRef p;
    if (u->kind == TY_ARRAY) {
      if (x->kind == SYN_KEY_VALUE) {
        TypeAndValue *ktv = lower_tv(L, x->u.key_value.key);
        if (ktv && ktv->val) const_int64_val(const_to_int(L->tc, ktv->val), &idx);
        x = x->u.key_value.value;
      }
      et = u->u.array.elem;
      LLVMValueRef ix[2] = {LLVMConstInt(L->i64, 0, false),
                            LLVMConstInt(L->i64, (unsigned long long)idx, false)};
      p = LLVMBuildGEP2(L->b, lt, addr, ix, 2, "");
      idx++;
    } else {
      uint32_t fi = i;
      if (x->kind == SYN_KEY_VALUE) {
        SynNode *k = x->u.key_value.key;
        for (fi = 0; fi < u->u.strukt.nfields; fi++)
          if (strlen(u->u.strukt.fields[fi]->name) == k->u.name.value.len &&
              memcmp(u->u.strukt.fields[fi]->name, k->u.name.value.ptr, k->u.name.value.len) == 0)
            break;
        x = x->u.key_value.value;
      }
      if (fi >= u->u.strukt.nfields) continue;
      et = u->u.strukt.fields[fi]->type;
      p = LLVMBuildStructGEP2(L->b, lt, addr, lower_field_index(L, u, fi), "");
    }
    if (!lower_composite_into(L, x, et, p)) lower_store(L, et, p, lower_expr_to(L, x, et));
  }
  return true;
}

static LLVMValueRef composite(Lower *L, SynNode *e) {
  Type *t = lower_tv_type(L, e);
  Type *u = types_underlying(t);
  if (u->kind == TY_POINTER) {
    /* &T elided in a nested literal: {..} of type *T */
    Type *et = u->u.pointer.elem;
    LLVMValueRef p = lower_alloc(L, et);
    TypeAndValue *tv = types_ptrmap_get(&L->info->types, e);
    Type *saved = tv->type;
    tv->type = et;
    if (!lower_composite_into(L, e, et, p)) lower_store(L, et, p, composite(L, e));
    tv->type = saved;
    return p;
  }
  SynList el = e->u.composite.elems;
  LLVMTypeRef lt = lower_type(L, t);
  switch (u->kind) {
  case TY_STRUCT: {
    LLVMValueRef v = LLVMConstNull(lt);
    for (uint32_t i = 0; i < el.len; i++) {
      SynNode *x = el.items[i];
      uint32_t fi = i;
      if (x->kind == SYN_KEY_VALUE) {
        const char *name = NULL;
        SynNode *k = x->u.key_value.key;
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", (int)k->u.name.value.len, k->u.name.value.ptr);
        name = buf;
        for (fi = 0; fi < u->u.strukt.nfields; fi++)
          if (strcmp(u->u.strukt.fields[fi]->name, name) == 0) break;
        x = x->u.key_value.value;
      }
      if (fi >= u->u.strukt.nfields) continue;
      Type *ft = u->u.strukt.fields[fi]->type;
      v = LLVMBuildInsertValue(L->b, v, lower_expr_to(L, x, ft), lower_field_index(L, u, fi), "");
    }
    return v;
  }
  case TY_ARRAY:
  case TY_SLICE: {
    Type *et = u->kind == TY_ARRAY ? u->u.array.elem : u->u.slice.elem;
    /* length: arrays have it; slices: max index + 1 */
    int64_t len = 0, idx = 0;
    for (uint32_t i = 0; i < el.len; i++) {
      SynNode *x = el.items[i];
      if (x->kind == SYN_KEY_VALUE) {
        TypeAndValue *ktv = lower_tv(L, x->u.key_value.key);
        int64_t k = 0;
        if (ktv && ktv->val) const_int64_val(const_to_int(L->tc, ktv->val), &k);
        idx = k;
      }
      idx++;
      if (idx > len) len = idx;
    }
    if (u->kind == TY_ARRAY) len = u->u.array.len;
    Type *at = u->kind == TY_ARRAY ? t : types_new_array(L->tc, et, len);
    LLVMTypeRef alt = lower_type(L, at);
    LLVMValueRef base;
    bool in_mem = u->kind == TY_SLICE || len > 16;
    if (u->kind == TY_SLICE)
      base = lower_alloc(L, at);
    else if (in_mem) {
      base = lower_entry_alloca(L, at, "arrlit");
      lower_store(L, at, base, LLVMConstNull(alt));
    } else
      base = NULL;
    LLVMValueRef v = LLVMConstNull(alt);
    idx = 0;
    for (uint32_t i = 0; i < el.len; i++) {
      SynNode *x = el.items[i];
      if (x->kind == SYN_KEY_VALUE) {
        TypeAndValue *ktv = lower_tv(L, x->u.key_value.key);
        int64_t k = 0;
        if (ktv && ktv->val) const_int64_val(const_to_int(L->tc, ktv->val), &k);
        idx = k;
        x = x->u.key_value.value;
      }
      LLVMValueRef ev = lower_expr_to(L, x, et);
      if (base) {
        LLVMValueRef ix[2] = {LLVMConstInt(L->i64, 0, false),
                              LLVMConstInt(L->i64, (unsigned long long)idx, false)};
        lower_store(L, et, LLVMBuildGEP2(L->b, alt, base, ix, 2, ""), ev);
      } else {
        v = LLVMBuildInsertValue(L->b, v, ev, (unsigned)idx, "");
      }
      idx++;
    }
    if (u->kind == TY_SLICE) {
      LLVMValueRef n = LLVMConstInt(L->i64, (unsigned long long)len, false);
      return lower_make_slice(L, base, n, n);
    }
    if (base) return lower_load(L, at, base);
    return v;
  }
  case TY_MAP: {
    LLVMValueRef a[2] = {lower_typedesc_of(L, t), LLVMConstInt(L->i64, el.len, false)};
    LLVMValueRef m = lower_rt_call(L, "rog_makemap", L->ptr, a, 2);
    Type *kt = u->u.map.key, *vt = u->u.map.elem;
    for (uint32_t i = 0; i < el.len; i++) {
      SynNode *x = el.items[i];
      if (x->kind != SYN_KEY_VALUE) continue;
      LLVMValueRef k = lower_expr_to(L, x->u.key_value.key, kt);
      LLVMValueRef v = lower_expr_to(L, x->u.key_value.value, vt);
      LLVMValueRef kp = lower_entry_alloca(L, kt, "key");
      lower_store(L, kt, kp, k);
      LLVMValueRef slot = lower_map_assign(L, t, m, kp);
      lower_store(L, vt, slot, v);
    }
    return m;
  }
  default:
    lower_error(L, e->pos, "composite literal of this type not supported");
    return LLVMGetUndef(lt);
  }
}

/* ---- slicing --------------------------------------------------------------------------- */

static LLVMValueRef slice_expr(Lower *L, SynNode *e) {
  SynNode *x = e->u.slice.x;
  Type *xt = lower_tv_type(L, x);
  Type *u = types_underlying(xt);
  LLVMValueRef base, len, cap;
  Type *et = NULL;
  bool str = false;
  if (is_string(u)) {
    LLVMValueRef s = lower_expr(L, x);
    base = lower_str_ptr(L, s);
    len = cap = lower_str_len(L, s);
    str = true;
  } else if (u->kind == TY_SLICE) {
    LLVMValueRef s = lower_expr(L, x);
    base = LLVMBuildExtractValue(L->b, s, 0, "");
    len = LLVMBuildExtractValue(L->b, s, 1, "");
    cap = LLVMBuildExtractValue(L->b, s, 2, "");
    et = u->u.slice.elem;
  } else {
    Type *at;
    if (u->kind == TY_POINTER) {
      base = lower_expr(L, x);
      lower_nil_check(L, base);
      at = types_underlying(u->u.pointer.elem);
    } else {
      base = lower_lvalue(L, x).addr;
      at = u;
    }
    len = cap = LLVMConstInt(L->i64, (unsigned long long)at->u.array.len, false);
    et = at->u.array.elem;
  }
  bool uns;
  LLVMValueRef lo =
      e->u.slice.index[0] ? index_value(L, e->u.slice.index[0], &uns) : LLVMConstInt(L->i64, 0, false);
  LLVMValueRef hi = e->u.slice.index[1] ? index_value(L, e->u.slice.index[1], &uns) : len;
  LLVMValueRef mx = NULL;
  if (e->flags & SYN_F_FULL_SLICE) {
    mx = index_value(L, e->u.slice.index[2], &uns);
    check_fail(L, LLVMBuildICmp(L->b, LLVMIntUGT, mx, cap, ""), "rog_panic_slice3_acap", mx, cap);
    check_fail(L, LLVMBuildICmp(L->b, LLVMIntUGT, hi, mx, ""), "rog_panic_slice3_b", hi, mx);
    check_fail(L, LLVMBuildICmp(L->b, LLVMIntUGT, lo, hi, ""), "rog_panic_slice3_c", lo, hi);
  } else {
    if (e->u.slice.index[1]) {
      if (str || u->kind != TY_SLICE)
        check_fail(L, LLVMBuildICmp(L->b, LLVMIntUGT, hi, len, ""), "rog_panic_slice_alen", hi, len);
      else
        check_fail(L, LLVMBuildICmp(L->b, LLVMIntUGT, hi, cap, ""), "rog_panic_slice_acap", hi, cap);
    }
    check_fail(L, LLVMBuildICmp(L->b, LLVMIntUGT, lo, hi, ""), "rog_panic_slice_b", lo, hi);
    mx = cap;
  }
  LLVMValueRef nlen = LLVMBuildSub(L->b, hi, lo, "");
  if (str) {
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->i8, base, &lo, 1, "");
    /* do not form a pointer past the end for an empty result */
    LLVMValueRef empty = LLVMBuildICmp(L->b, LLVMIntEQ, nlen, LLVMConstInt(L->i64, 0, false), "");
    p = LLVMBuildSelect(L->b, empty, base, p, "");
    return lower_make_str(L, p, nlen);
  }
  LLVMValueRef ncap = LLVMBuildSub(L->b, mx, lo, "");
  LLVMValueRef p = LLVMBuildGEP2(L->b, lower_type(L, et), base, &lo, 1, "");
  LLVMValueRef empty = LLVMBuildICmp(L->b, LLVMIntEQ, ncap, LLVMConstInt(L->i64, 0, false), "");
  p = LLVMBuildSelect(L->b, empty, base, p, "");
  return lower_make_slice(L, p, nlen, ncap);
}

/* ---- multi-value expressions ----------------------------------------------------------- */

unsigned lower_multi(Lower *L, SynNode *e, LLVMValueRef *res, Type **types, unsigned max) {
  e = unparen(e);
  TypeAndValue *tv = lower_tv(L, e);
  if (e->kind == SYN_CALL) {
    unsigned n = lower_call_expr(L, e, res, max);
    Type *t = tv ? tv->type : NULL;
    if (!t) {
      /* the checker records no type for multi-value calls: use the callee's results */
      Type *ft = types_underlying(lower_tv_type(L, e->u.call.fun));
      if (ft && ft->kind == TY_SIGNATURE) t = ft->u.sig.results;
    }
    if (t && t->kind == TY_TUPLE)
      for (unsigned i = 0; i < n && i < t->u.tuple.len; i++)
        types[i] = t->u.tuple.vars[i]->type;
    else
      types[0] = t;
    return n;
  }
  if (e->kind == SYN_ASSERT) {
    Type *to = lower_tv_type(L, e->u.assert.type);
    LLVMValueRef ok;
    res[0] = lower_assert(L, e, to, true, &ok);
    res[1] = ok;
    types[0] = to;
    types[1] = types_basic(L->tc, BOOL);
    return 2;
  }
  if (e->kind == SYN_INDEX) {
    /* v, ok := m[k] */
    Type *mt = lower_tv_type(L, e->u.index.x);
    Type *mu = types_underlying(mt);
    LLVMValueRef m = lower_expr(L, e->u.index.x);
    LLVMValueRef k = lower_expr_to(L, e->u.index.index, mu->u.map.key);
    LLVMValueRef kp = lower_entry_alloca(L, mu->u.map.key, "key");
    lower_store(L, mu->u.map.key, kp, k);
    LLVMValueRef okp = lower_entry_alloca(L, types_basic(L->tc, BOOL), "ok");
    LLVMValueRef p = lower_map_access2(L, mt, m, kp, okp);
    res[0] = lower_load(L, mu->u.map.elem, p);
    res[1] = LLVMBuildLoad2(L->b, L->i1, okp, "");
    types[0] = mu->u.map.elem;
    types[1] = types_basic(L->tc, BOOL);
    return 2;
  }
  if (e->kind == SYN_OPERATION && e->op == SYN_OP_RECV) {
    Type *ct = types_underlying(lower_tv_type(L, e->u.operation.x));
    Type *et = ct->u.chan.elem;
    LLVMValueRef c = lower_expr(L, e->u.operation.x);
    LLVMValueRef slot = lower_entry_alloca(L, et, "recv");
    lower_store(L, et, slot, lower_zero(L, et));
    LLVMValueRef a[2] = {c, slot};
    res[1] = lower_rt_call(L, "rog_chan_recv", L->i1, a, 2);
    res[0] = lower_load(L, et, slot);
    types[0] = et;
    types[1] = types_basic(L->tc, BOOL);
    return 2;
  }
  res[0] = lower_expr(L, e);
  types[0] = tv ? tv->type : NULL;
  return 1;
}

/* ---- expressions --------------------------------------------------------------------- */

LLVMValueRef lower_expr_to(Lower *L, SynNode *e, Type *t) {
  t = lower_subst(L, t);
  TypeAndValue *tv = lower_tv(L, e);
  if (tv && tv->mode == TV_CONSTANT && !types_is_interface(t)) return lower_const(L, tv->val, t);
  LLVMValueRef v = lower_expr(L, e);
  return lower_convert(L, v, tv ? tv->type : t, t);
}

LLVMValueRef lower_expr(Lower *L, SynNode *e) {
  TypeAndValue *tv = lower_tv(L, e);
  if (tv && tv->mode == TV_CONSTANT) return lower_const(L, tv->val, tv->type);
  Type *t = tv ? tv->type : NULL;
  switch (e->kind) {
  case SYN_PAREN:
    return lower_expr(L, e->u.paren.x);
  case SYN_BASIC_LIT: {
    /* a literal the checker recorded as a value (untyped operand of a
       non-constant shift): its value from the source text */
    const char *err = NULL;
    Const *c = const_from_literal(L->tc, e->op, e->u.lit.value.ptr, e->u.lit.value.len, &err);
    return lower_const(L, c, t ? t : types_basic(L->tc, INT));
  }
  case SYN_NAME:
    return name_value(L, e);
  case SYN_FUNC_LIT:
    return lower_func_lit(L, e);
  case SYN_COMPOSITE_LIT:
    return composite(L, e);
  case SYN_OPERATION:
    return operation(L, e);
  case SYN_CALL: {
    LLVMValueRef res[64];
    unsigned n = lower_call_expr(L, e, res, 64);
    if (n == 0) return NULL;
    return res[0];
  }
  case SYN_SELECTOR: {
    Selection *s = types_ptrmap_get(&L->info->selections, e);
    if (!s) return name_value(L, e->u.selector.sel);
    if (s->kind == SEL_FIELD) {
      if (lower_is_addressable(L, e)) {
        LValue lv = lower_lvalue(L, e);
        return lower_load(L, lv.type, lv.addr);
      }
      /* field of a non-addressable struct value: extract */
      LLVMValueRef v = lower_expr(L, e->u.selector.x);
      Type *cur = lower_tv_type(L, e->u.selector.x);
      for (uint32_t i = 0; i < s->nindex; i++) {
        Type *u = types_underlying(cur);
        if (u->kind == TY_POINTER) {
          lower_nil_check_at(L, v, path_offset(u->u.pointer.elem, s, i));
          cur = u->u.pointer.elem;
          v = lower_load(L, cur, v);
          u = types_underlying(cur);
        }
        v = LLVMBuildExtractValue(L->b, v, lower_field_index(L, u, s->index[i]), "");
        cur = u->u.strukt.fields[s->index[i]]->type;
      }
      return v;
    }
    return lower_method_value(L, e, s);
  }
  case SYN_INDEX: {
    SynNode *gx = unparen(e->u.index.x);
    if (gx->kind == SYN_NAME || gx->kind == SYN_SELECTOR) {
      SynNode *gn = gx->kind == SYN_SELECTOR ? gx->u.selector.sel : gx;
      Object *go = lower_use(L, gn);
      if (go && go->kind == OBJ_FUNC && !go->type->u.sig.ntparams && go->pkg) {
        /* the checker may record the instantiated object: find the origin */
        Object *orig = types_scope_lookup_local(go->pkg->scope, go->name);
        if (orig && orig->kind == OBJ_FUNC && orig->type->u.sig.ntparams) go = orig;
      }
      if (go && go->kind == OBJ_FUNC && go->type->u.sig.ntparams) {
        Instance *inst = lower_instance_of(L, go, gn, e);
        if (!inst) {
          lower_error(L, e->pos, "generic function without instance");
          return LLVMGetUndef(L->ptr);
        }
        return lower_static_closure(L, lower_generic_func(L, go, inst->targs, inst->ntargs), false);
      }
    }
    Type *xt = types_underlying(lower_tv_type(L, e->u.index.x));
    if (xt->kind == TY_MAP) {
      LLVMValueRef m = lower_expr(L, e->u.index.x);
      LLVMValueRef k = lower_expr_to(L, e->u.index.index, xt->u.map.key);
      LLVMValueRef kp = lower_entry_alloca(L, xt->u.map.key, "key");
      lower_store(L, xt->u.map.key, kp, k);
      LLVMValueRef p = lower_map_access1(L, lower_tv_type(L, e->u.index.x), m, kp);
      return lower_load(L, xt->u.map.elem, p);
    }
    if (is_string(xt)) {
      LLVMValueRef s = lower_expr(L, e->u.index.x);
      bool uns;
      LLVMValueRef i = index_value(L, e->u.index.index, &uns);
      lower_bounds_check(L, i, lower_str_len(L, s), uns);
      LLVMValueRef p = LLVMBuildGEP2(L->b, L->i8, lower_str_ptr(L, s), &i, 1, "");
      return LLVMBuildLoad2(L->b, L->i8, p, "");
    }
    if (xt->kind == TY_ARRAY && !lower_is_addressable(L, e->u.index.x)) {
      LLVMValueRef a = lower_expr(L, e->u.index.x);
      LLVMValueRef tmp = lower_entry_alloca(L, lower_tv_type(L, e->u.index.x), "arr");
      lower_store(L, lower_tv_type(L, e->u.index.x), tmp, a);
      bool uns;
      LLVMValueRef i = index_value(L, e->u.index.index, &uns);
      lower_bounds_check(L, i, LLVMConstInt(L->i64, (unsigned long long)xt->u.array.len, false), uns);
      LLVMValueRef idx[2] = {LLVMConstInt(L->i64, 0, false), i};
      return lower_load(L, xt->u.array.elem, LLVMBuildGEP2(L->b, lower_type(L, xt), tmp, idx, 2, ""));
    }
    Type *et;
    LLVMValueRef p = lower_index_addr(L, e, &et);
    return lower_load(L, et, p);
  }
  case SYN_SLICE:
    return slice_expr(L, e);
  case SYN_ASSERT: {
    Type *to = lower_tv_type(L, e->u.assert.type);
    return lower_assert(L, e, to, false, NULL);
  }
  default:
    lower_error(L, e->pos, "expression not supported (%s)", syn_kind_name(e->kind));
    return LLVMGetUndef(t ? lower_type(L, t) : L->i64);
  }
}
