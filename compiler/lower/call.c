/*
 * call.c: abi.h [calls] ("flattened parts") and every kind of call: static
 * functions, methods (static and through itabs), func values (closures,
 * nest register), conversions written as calls, and the builtins.
 *
 * Parts: parts(T) flattens T into scalar LLVM types (bool i1, ints,
 * floats, ptr; strings two parts, slices three, interfaces two, structs the
 * parts of their fields, arrays of length 0/1 none/the element's). A type
 * with more than 4 parts or containing an array longer than 1 is "memory":
 * passed as one ptr to a caller-made copy. Results concatenate their parts:
 * 0 -> void, 1 -> direct, 2 both i64/ptr or both double -> {A, B}, anything
 * else (or any memory-typed result) -> sret to a Go struct of the results.
 * i1 parts carry zeroext, small ints their extension, as a C compiler does.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/internal.h"
#include "compiler/lower/typedesc.h"

#define MAXPARTS 64

/* Number of parts of t, or -1 if it contains an array longer than 1. */
static int count_parts(Type *t) {
  Type *u = types_underlying(t);
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING) return 2;
    if (u->basic == COMPLEX64 || u->basic == COMPLEX128) return 2;
    return 1;
  case TY_SLICE:
    return 3;
  case TY_INTERFACE:
    return 2;
  case TY_ARRAY:
    if (u->u.array.len == 0) return 0;
    if (u->u.array.len == 1) return count_parts(u->u.array.elem);
    return -1;
  case TY_STRUCT: {
    int n = 0;
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
      int k = count_parts(u->u.strukt.fields[i]->type);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  default:
    return 1;
  }
}

static bool is_memory(Type *t) {
  int n = count_parts(t);
  return n < 0 || n > 4;
}

/* Scalar LLVM types of the parts of t (not memory). */
static void part_types(Lower *L, Type *t, LLVMTypeRef *out, unsigned *n) {
  Type *u = types_underlying(t);
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING || u->basic == UNTYPED_STRING) {
      out[(*n)++] = L->ptr;
      out[(*n)++] = L->i64;
    } else if (u->basic == COMPLEX64) {
      out[(*n)++] = L->f32;
      out[(*n)++] = L->f32;
    } else if (u->basic == COMPLEX128 || u->basic == UNTYPED_COMPLEX) {
      out[(*n)++] = L->f64;
      out[(*n)++] = L->f64;
    } else {
      out[(*n)++] = lower_type(L, t);
    }
    return;
  case TY_SLICE:
    out[(*n)++] = L->ptr;
    out[(*n)++] = L->i64;
    out[(*n)++] = L->i64;
    return;
  case TY_INTERFACE:
    out[(*n)++] = L->ptr;
    out[(*n)++] = L->ptr;
    return;
  case TY_ARRAY:
    if (u->u.array.len == 1) part_types(L, u->u.array.elem, out, n);
    return;
  case TY_STRUCT:
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
      part_types(L, u->u.strukt.fields[i]->type, out, n);
    return;
  default:
    out[(*n)++] = L->ptr;
    return;
  }
}

/* Extension attribute for a part of Go type t (scalar basic). */
static const char *ext_attr(Type *t) {
  Type *u = types_underlying(t);
  if (u->kind != TY_BASIC) return NULL;
  switch (u->basic) {
  case BOOL:
  case UINT8:
  case UINT16:
    return "zeroext";
  case INT8:
  case INT16:
    return "signext";
  default:
    return NULL;
  }
}

static void add_attr(Lower *L, LLVMValueRef f, unsigned idx, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  if (LLVMIsACallInst(f))
    LLVMAddCallSiteAttribute(f, idx, LLVMCreateEnumAttribute(L->ctx, kind, 0));
  else
    LLVMAddAttributeAtIndex(f, idx, LLVMCreateEnumAttribute(L->ctx, kind, 0));
}

static Type *res_type(Type *sig, uint32_t i) {
  return sig->u.sig.results->u.tuple.vars[i]->type;
}
static uint32_t nresults(Type *sig) {
  return sig->u.sig.results ? sig->u.sig.results->u.tuple.len : 0;
}
static uint32_t nparams(Type *sig) {
  return sig->u.sig.params ? sig->u.sig.params->u.tuple.len : 0;
}
static Type *param_type(Type *sig, uint32_t i) {
  return sig->u.sig.params->u.tuple.vars[i]->type;
}

void lower_sig(Lower *L, Type *sig, Type *recv, bool nest, LowerSig *s) {
  memset(s, 0, sizeof *s);
  sig = lower_subst(L, sig);
  recv = lower_subst(L, recv);
  s->sig = sig;
  s->recv = recv;
  s->nest = nest;
  LLVMTypeRef rp[MAXPARTS];
  unsigned nr = 0;
  bool mem = false;
  for (uint32_t i = 0; i < nresults(sig); i++) {
    Type *t = res_type(sig, i);
    if (is_memory(t) || count_parts(t) + nr > 8) {
      mem = true;
      break;
    }
    part_types(L, t, rp, &nr);
  }
  LLVMTypeRef ret;
  if (mem) {
    s->res = RES_SRET;
  } else if (nr == 0) {
    s->res = RES_VOID;
  } else if (nr == 1) {
    s->res = RES_DIRECT;
  } else if (nr == 2 && ((rp[0] == L->i64 || rp[0] == L->ptr) && (rp[1] == L->i64 || rp[1] == L->ptr))) {
    s->res = RES_PAIR;
  } else if (nr == 2 && rp[0] == L->f64 && rp[1] == L->f64) {
    s->res = RES_PAIR;
  } else {
    s->res = RES_SRET;
  }
  s->nres_parts = nr;
  if (s->res == RES_SRET) s->rtype = lower_type(L, sig->u.sig.results);
  switch (s->res) {
  case RES_VOID:
  case RES_SRET:
    ret = L->voidt;
    break;
  case RES_DIRECT:
    ret = rp[0];
    break;
  default:
    ret = LLVMStructTypeInContext(L->ctx, rp, 2, false);
    break;
  }
  LLVMTypeRef ps[MAXPARTS * 2];
  unsigned np = 0;
  if (s->res == RES_SRET) ps[np++] = L->ptr;
  if (nest) ps[np++] = L->ptr;
  Type *all[MAXPARTS];
  unsigned na = 0;
  if (recv) all[na++] = recv;
  for (uint32_t i = 0; i < nparams(sig) && na < MAXPARTS; i++)
    all[na++] = param_type(sig, i);
  for (unsigned i = 0; i < na; i++) {
    if (np >= MAXPARTS * 2 - 8) break;
    if (is_memory(all[i]))
      ps[np++] = L->ptr;
    else
      part_types(L, all[i], ps, &np);
  }
  s->fty = LLVMFunctionType(ret, ps, np, false);
}

/* Attributes a definition or call site needs (sret, nest, extensions). */
static void sig_attrs(Lower *L, const LowerSig *s, LLVMValueRef f) {
  unsigned idx = 1;
  if (s->res == RES_SRET) {
    unsigned kind = LLVMGetEnumAttributeKindForName("sret", 4);
    if (LLVMIsACallInst(f))
      LLVMAddCallSiteAttribute(f, idx, LLVMCreateTypeAttribute(L->ctx, kind, s->rtype));
    else
      LLVMAddAttributeAtIndex(f, idx, LLVMCreateTypeAttribute(L->ctx, kind, s->rtype));
    idx++;
  }
  if (s->nest) {
    add_attr(L, f, idx, "nest");
    idx++;
  }
  Type *all[MAXPARTS];
  unsigned na = 0;
  if (s->recv) all[na++] = s->recv;
  for (uint32_t i = 0; i < nparams(s->sig) && na < MAXPARTS; i++)
    all[na++] = param_type(s->sig, i);
  for (unsigned i = 0; i < na; i++) {
    if (is_memory(all[i])) {
      idx++;
      continue;
    }
    LLVMTypeRef pt[MAXPARTS];
    unsigned n = 0;
    part_types(L, all[i], pt, &n);
    const char *e = n == 1 ? ext_attr(all[i]) : NULL;
    if (e) add_attr(L, f, idx, e);
    idx += n;
  }
  if (s->res == RES_DIRECT && nresults(s->sig) == 1) {
    const char *e = ext_attr(res_type(s->sig, 0));
    if (e) add_attr(L, f, LLVMAttributeReturnIndex, e);
  }
}

void lower_sig_call_attrs(Lower *L, const LowerSig *s, LLVMValueRef call) {
  sig_attrs(L, s, call);
}

LLVMValueRef lower_declare(Lower *L, const char *sym, const LowerSig *s) {
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, sym);
  if (f) return f;
  f = LLVMAddFunction(L->mod, sym, s->fty);
  sig_attrs(L, s, f);
  return f;
}

/* ---- values <-> parts ------------------------------------------------------- */

static void to_parts(Lower *L, LLVMValueRef v, Type *t, LLVMValueRef *out, unsigned *n) {
  Type *u = types_underlying(t);
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING || u->basic == COMPLEX64 || u->basic == COMPLEX128 || u->basic == UNTYPED_STRING ||
        u->basic == UNTYPED_COMPLEX) {
      out[(*n)++] = LLVMBuildExtractValue(L->b, v, 0, "");
      out[(*n)++] = LLVMBuildExtractValue(L->b, v, 1, "");
    } else {
      out[(*n)++] = v;
    }
    return;
  case TY_SLICE:
    for (unsigned i = 0; i < 3; i++)
      out[(*n)++] = LLVMBuildExtractValue(L->b, v, i, "");
    return;
  case TY_INTERFACE:
    for (unsigned i = 0; i < 2; i++)
      out[(*n)++] = LLVMBuildExtractValue(L->b, v, i, "");
    return;
  case TY_ARRAY:
    if (u->u.array.len == 1) to_parts(L, LLVMBuildExtractValue(L->b, v, 0, ""), u->u.array.elem, out, n);
    return;
  case TY_STRUCT:
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
      to_parts(L, LLVMBuildExtractValue(L->b, v, lower_field_index(L, u, i), ""), u->u.strukt.fields[i]->type,
               out, n);
    return;
  default:
    out[(*n)++] = v;
    return;
  }
}

static LLVMValueRef from_parts(Lower *L, Type *t, LLVMValueRef *parts, unsigned *k) {
  Type *u = types_underlying(t);
  LLVMTypeRef lt = lower_type(L, t);
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING || u->basic == COMPLEX64 || u->basic == COMPLEX128) {
      LLVMValueRef v = LLVMGetUndef(lt);
      v = LLVMBuildInsertValue(L->b, v, parts[(*k)++], 0, "");
      return LLVMBuildInsertValue(L->b, v, parts[(*k)++], 1, "");
    }
    return parts[(*k)++];
  case TY_SLICE:
  case TY_INTERFACE: {
    unsigned n = u->kind == TY_SLICE ? 3 : 2;
    LLVMValueRef v = LLVMGetUndef(lt);
    for (unsigned i = 0; i < n; i++)
      v = LLVMBuildInsertValue(L->b, v, parts[(*k)++], i, "");
    return v;
  }
  case TY_ARRAY:
    if (u->u.array.len == 1) {
      LLVMValueRef e = from_parts(L, u->u.array.elem, parts, k);
      return LLVMBuildInsertValue(L->b, LLVMGetUndef(lt), e, 0, "");
    }
    return LLVMConstNull(lt);
  case TY_STRUCT: {
    LLVMValueRef v = LLVMConstNull(lt);
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
      LLVMValueRef e = from_parts(L, u->u.strukt.fields[i]->type, parts, k);
      v = LLVMBuildInsertValue(L->b, v, e, lower_field_index(L, u, i), "");
    }
    return v;
  }
  default:
    return parts[(*k)++];
  }
}

static SynNode *unparen(SynNode *n);

/* ---- calls -------------------------------------------------------------------- */

void lower_emit_call(Lower *L, const LowerSig *s, LLVMValueRef fnptr, LLVMValueRef nest, LLVMValueRef *args,
                     unsigned nargs, LLVMValueRef *res) {
  LLVMValueRef cargs[MAXPARTS * 2];
  unsigned n = 0;
  LLVMValueRef sret = NULL;
  if (s->res == RES_SRET) {
    sret = lower_entry_alloca(L, s->sig->u.sig.results, "sret");
    cargs[n++] = sret;
  }
  if (s->nest) cargs[n++] = nest ? nest : LLVMConstNull(L->ptr);
  unsigned ai = 0;
  Type *all[MAXPARTS];
  unsigned na = 0;
  if (s->recv) all[na++] = s->recv;
  for (uint32_t i = 0; i < nparams(s->sig) && na < MAXPARTS; i++)
    all[na++] = param_type(s->sig, i);
  for (unsigned i = 0; i < na && ai < nargs; i++, ai++) {
    if (is_memory(all[i])) {
      LLVMValueRef tmp = lower_entry_alloca(L, all[i], "arg");
      lower_store(L, all[i], tmp, args[ai]);
      cargs[n++] = tmp;
    } else {
      to_parts(L, args[ai], all[i], cargs, &n);
    }
  }
  LLVMValueRef call = LLVMBuildCall2(L->b, s->fty, fnptr, cargs, n, "");
  sig_attrs(L, s, call);
  uint32_t nr = nresults(s->sig);
  if (!res || nr == 0) return;
  LLVMValueRef parts[MAXPARTS];
  unsigned np = 0;
  switch (s->res) {
  case RES_SRET: {
    LLVMValueRef all_res = LLVMBuildLoad2(L->b, s->rtype, sret, "");
    for (uint32_t i = 0; i < nr; i++)
      res[i] = LLVMBuildExtractValue(L->b, all_res, i, "");
    return;
  }
  case RES_DIRECT:
    parts[np++] = call;
    break;
  case RES_PAIR:
    parts[np++] = LLVMBuildExtractValue(L->b, call, 0, "");
    parts[np++] = LLVMBuildExtractValue(L->b, call, 1, "");
    break;
  default:
    break;
  }
  unsigned k = 0;
  for (uint32_t i = 0; i < nr; i++)
    res[i] = from_parts(L, res_type(s->sig, i), parts, &k);
}

void lower_bind_params(Lower *L, const LowerSig *s, LLVMValueRef fn, LLVMValueRef *out, unsigned nout) {
  unsigned idx = 0;
  if (s->res == RES_SRET) L->fn->sret = LLVMGetParam(fn, idx++);
  if (s->nest) L->fn->nest = LLVMGetParam(fn, idx++);
  Type *all[MAXPARTS];
  unsigned na = 0;
  if (s->recv) all[na++] = s->recv;
  for (uint32_t i = 0; i < nparams(s->sig) && na < MAXPARTS; i++)
    all[na++] = param_type(s->sig, i);
  for (unsigned i = 0; i < na && i < nout; i++) {
    if (is_memory(all[i])) {
      out[i] = lower_load(L, all[i], LLVMGetParam(fn, idx++));
      continue;
    }
    LLVMTypeRef pt[MAXPARTS];
    unsigned n = 0;
    part_types(L, all[i], pt, &n);
    LLVMValueRef parts[MAXPARTS];
    for (unsigned k = 0; k < n; k++)
      parts[k] = LLVMGetParam(fn, idx++);
    unsigned k = 0;
    out[i] = from_parts(L, all[i], parts, &k);
  }
}

void lower_emit_return(Lower *L, const LowerSig *s, LLVMValueRef *vals) {
  uint32_t nr = nresults(s->sig);
  switch (s->res) {
  case RES_VOID:
    LLVMBuildRetVoid(L->b);
    return;
  case RES_SRET: {
    LLVMValueRef agg = LLVMGetUndef(s->rtype);
    for (uint32_t i = 0; i < nr; i++)
      agg = LLVMBuildInsertValue(L->b, agg, vals[i], i, "");
    LLVMBuildStore(L->b, agg, L->fn->sret);
    LLVMBuildRetVoid(L->b);
    return;
  }
  default:
    break;
  }
  LLVMValueRef parts[MAXPARTS];
  unsigned n = 0;
  for (uint32_t i = 0; i < nr; i++)
    to_parts(L, vals[i], res_type(s->sig, i), parts, &n);
  if (s->res == RES_DIRECT) {
    LLVMBuildRet(L->b, parts[0]);
  } else {
    LLVMBuildAggregateRet(L->b, parts, 2);
  }
}

/* ---- call expressions ---------------------------------------------------------- */

static SynNode *unparen(SynNode *n) {
  while (n && n->kind == SYN_PAREN)
    n = n->u.paren.x;
  return n;
}

/* Evaluates the arguments of a call to a function of signature sig into
 * Go values (variadic packing, f(g()) spreading). */
unsigned lower_eval_args(Lower *L, SynNode *call, Type *sig, LLVMValueRef *out) {
  SynList args = call->u.call.args;
  uint32_t np = nparams(sig);
  LLVMValueRef vals[MAXPARTS];
  Type *types[MAXPARTS];
  unsigned nv = 0;
  if (args.len == 1 && (np > 1 || (np == 1 && sig->u.sig.variadic))) {
    SynNode *a0 = unparen(args.items[0]);
    if (a0->kind == SYN_CALL) {
      Type *ft = types_underlying(lower_tv_type(L, a0->u.call.fun));
      TypeAndValue *ftv = lower_tv(L, a0->u.call.fun);
      if (ft && ft->kind == TY_SIGNATURE && ftv && ftv->mode != TV_TYPE && ftv->mode != TV_BUILTIN &&
          nresults(ft) > 1)
        nv = lower_multi(L, a0, vals, types, MAXPARTS);
    }
  }
  if (nv == 0) {
    for (uint32_t i = 0; i < args.len && i < MAXPARTS; i++) {
      Type *pt = NULL;
      if (sig->u.sig.variadic && i >= np - 1) {
        pt = param_type(sig, np - 1);
        if (!(call->flags & SYN_F_HAS_DOTS)) pt = types_underlying(pt)->u.slice.elem;
      } else if (i < np) {
        pt = param_type(sig, i);
      }
      vals[nv] = pt ? lower_expr_to(L, args.items[i], pt) : lower_expr(L, args.items[i]);
      types[nv] = pt ? pt : lower_tv_type(L, args.items[i]);
      nv++;
    }
  } else {
    for (unsigned i = 0; i < nv; i++) {
      Type *pt;
      if (sig->u.sig.variadic && i >= np - 1)
        pt = types_underlying(param_type(sig, np - 1))->u.slice.elem;
      else
        pt = param_type(sig, i);
      vals[i] = lower_convert(L, vals[i], types[i], pt);
    }
  }
  if (!sig->u.sig.variadic || (call->flags & SYN_F_HAS_DOTS)) {
    for (unsigned i = 0; i < nv; i++)
      out[i] = vals[i];
    return nv;
  }
  /* pack the variadic tail into a new slice */
  for (unsigned i = 0; i < np - 1; i++)
    out[i] = vals[i];
  Type *st = param_type(sig, np - 1);
  Type *et = types_underlying(st)->u.slice.elem;
  unsigned extra = nv - (np - 1);
  if (extra == 0) {
    out[np - 1] = LLVMConstNull(L->slice);
    return np;
  }
  Type *at = types_new_array(L->tc, et, extra);
  LLVMValueRef arr = lower_alloc(L, at);
  LLVMTypeRef alt = lower_type(L, at);
  for (unsigned i = 0; i < extra; i++) {
    LLVMValueRef idx[2] = {LLVMConstInt(L->i64, 0, false), LLVMConstInt(L->i64, i, false)};
    LLVMValueRef p = LLVMBuildInBoundsGEP2(L->b, alt, arr, idx, 2, "");
    lower_store(L, et, p, vals[np - 1 + i]);
  }
  LLVMValueRef n = LLVMConstInt(L->i64, extra, false);
  out[np - 1] = lower_make_slice(L, arr, n, n);
  return np;
}

/* Receiver value for a method selected by s on expression x: follows the
 * embedding path, then takes the address or dereferences to match the
 * method's receiver type. */
LLVMValueRef lower_method_receiver(Lower *L, SynNode *x, Selection *s, Type *want) {
  Type *xt = lower_tv_type(L, x);
  bool want_ptr = types_underlying(want)->kind == TY_POINTER && types_underlying(want)->kind != TY_INTERFACE;
  /* walk the path of embedded fields (all but the last index) */
  uint32_t nfield = s->nindex ? s->nindex - 1 : 0;
  bool xptr = types_underlying(xt)->kind == TY_POINTER;
  LLVMValueRef addr = NULL, val = NULL;
  Type *cur = xt;
  if (xptr) {
    val = lower_expr(L, x);
  } else if (nfield > 0 || want_ptr) {
    if (lower_is_addressable(L, x)) {
      LValue lv = lower_lvalue(L, x);
      addr = lv.addr;
    } else {
      val = lower_expr(L, x);
      if (nfield > 0 || want_ptr) {
        addr = lower_entry_alloca(L, xt, "recv");
        lower_store(L, xt, addr, val);
        val = NULL;
      }
    }
  } else {
    val = lower_expr(L, x);
  }
  for (uint32_t i = 0; i < nfield; i++) {
    Type *u = types_underlying(cur);
    if (u->kind == TY_POINTER) {
      if (!addr) addr = val;
      lower_nil_check(L, addr);
      cur = u->u.pointer.elem;
      u = types_underlying(cur);
    } else if (!addr) {
      addr = lower_entry_alloca(L, cur, "recv");
      lower_store(L, cur, addr, val);
    }
    LLVMValueRef p =
        LLVMBuildStructGEP2(L->b, lower_type(L, u), addr, lower_field_index(L, u, s->index[i]), "");
    cur = u->u.strukt.fields[s->index[i]]->type;
    addr = p;
    val = NULL;
    if (types_underlying(cur)->kind == TY_POINTER && i + 1 < nfield) {
      val = lower_load(L, cur, addr);
      addr = NULL;
    }
  }
  /* now `addr` points at a cur, or val is a cur */
  Type *cu = types_underlying(cur);
  if (cu->kind == TY_POINTER) {
    LLVMValueRef pv = val ? val : lower_load(L, cur, addr);
    if (want_ptr) return pv;
    lower_nil_check(L, pv);
    return lower_load(L, want, pv);
  }
  if (want_ptr) {
    if (addr) return addr;
    LLVMValueRef tmp = lower_alloc(L, cur);
    lower_store(L, cur, tmp, val);
    return tmp;
  }
  if (val) return val;
  return lower_load(L, cur, addr);
}

/* Index of method name in the sorted method set of interface type it. */
static uint32_t imethod_index(Lower *L, Type *it, const char *name) {
  TypeSet *ts = types_typeset(L->tc, types_underlying(it));
  for (uint32_t i = 0; i < ts->nmethods; i++)
    if (strcmp(ts->methods[i]->name, name) == 0) return i;
  return 0;
}

void lower_iface_method_call(Lower *L, LLVMValueRef iv, Type *it, Object *m, LLVMValueRef *args,
                             unsigned nargs, LLVMValueRef *res) {
  uint32_t idx = imethod_index(L, it, m->name);
  LLVMValueRef tab = LLVMBuildExtractValue(L->b, iv, 0, "");
  LLVMValueRef data = LLVMBuildExtractValue(L->b, iv, 1, "");
  lower_nil_check(L, tab);
  LLVMValueRef slot =
      LLVMBuildGEP2(L->b, L->ptr, tab, (LLVMValueRef[]){LLVMConstInt(L->i64, 3 + idx, false)}, 1, "");
  LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, slot, "");
  LowerSig s;
  lower_sig(L, m->type, types_basic(L->tc, UNSAFE_POINTER), false, &s);
  LLVMValueRef all[MAXPARTS];
  all[0] = data;
  for (unsigned i = 0; i < nargs; i++)
    all[i + 1] = args[i];
  lower_emit_call(L, &s, code, NULL, all, nargs + 1, res);
}

/* Call of an interface method: iv is the interface value. */
static void iface_call(Lower *L, SynNode *call, LLVMValueRef iv, Type *it, Object *m, LLVMValueRef *res) {
  LLVMValueRef args[MAXPARTS];
  unsigned n = lower_eval_args(L, call, m->type, args);
  lower_iface_method_call(L, iv, it, m, args, n, res);
}

unsigned lower_call_expr(Lower *L, SynNode *call, LLVMValueRef *res, unsigned maxres) {
  (void)maxres;
  SynNode *fun = unparen(call->u.call.fun);
  TypeAndValue *ftv = lower_tv(L, fun);
  lower_set_loc(L, call->pos);
  if (ftv && ftv->mode == TV_TYPE) {
    Type *to = ftv->type;
    SynNode *a = call->u.call.args.items[0];
    res[0] = lower_convert(L, lower_expr(L, a), lower_tv_type(L, a), to);
    return 1;
  }
  if (ftv && ftv->mode == TV_BUILTIN) {
    SynNode *bn = fun;
    if (bn->kind == SYN_SELECTOR) bn = bn->u.selector.sel;
    Object *b = lower_use(L, bn);
    bool novalue = false;
    LLVMValueRef v = lower_builtin_call(L, call, b, &novalue);
    if (novalue) return 0;
    res[0] = v;
    return 1;
  }
  Type *sig = types_underlying(ftv ? ftv->type : NULL);
  if (!sig || sig->kind != TY_SIGNATURE) {
    lower_error(L, call->pos, "cannot lower call");
    return 0;
  }
  uint32_t nr = nresults(sig);
  LLVMValueRef args[MAXPARTS];
  /* explicit instantiation f[int](...) */
  SynNode *inst_index = NULL;
  if (fun->kind == SYN_INDEX) {
    SynNode *gx = unparen(fun->u.index.x);
    SynNode *gn = gx->kind == SYN_SELECTOR ? gx->u.selector.sel : gx;
    Object *go = gn->kind == SYN_NAME ? lower_use(L, gn) : NULL;
    if (go && go->kind == OBJ_FUNC && go->type->u.sig.ntparams) {
      inst_index = fun;
      fun = gx;
    }
  }
  /* static function */
  Object *fo = NULL;
  if (fun->kind == SYN_NAME) fo = lower_use(L, fun);
  if (fun->kind == SYN_SELECTOR && !types_ptrmap_get(&L->info->selections, fun))
    fo = lower_use(L, fun->u.selector.sel);
  if (fo && fo->kind == OBJ_FUNC && fo->type->u.sig.ntparams) {
    /* a generic function: call its instance */
    SynNode *nm = fun->kind == SYN_SELECTOR ? fun->u.selector.sel : fun;
    Instance *inst = lower_instance_of(L, fo, nm, inst_index);
    if (!inst) {
      lower_error(L, call->pos, "generic function without instance");
      return 0;
    }
    Type *isig = lower_subst(L, inst->type);
    LowerSig s;
    lower_sig(L, isig, NULL, false, &s);
    unsigned n = lower_eval_args(L, call, isig, args);
    LLVMValueRef f = lower_generic_func(L, fo, inst->targs, inst->ntargs);
    lower_emit_call(L, &s, f, NULL, args, n, res);
    return nresults(isig);
  }
  if (fo && fo->kind == OBJ_FUNC && !fo->type->u.sig.ntparams) {
    LowerSig s;
    lower_sig(L, fo->type, NULL, false, &s);
    unsigned n = lower_eval_args(L, call, fo->type, args);
    /* intrinsics: sync/atomic, math's arch* functions */
    if (lower_atomic_call(L, fo, args, n, res) || lower_math_call(L, fo, args, n, res)) return nr;
    LLVMValueRef f = lower_func_value(L, fo);
    lower_emit_call(L, &s, f, NULL, args, n, res);
    return nr;
  }
  /* methods */
  if (fun->kind == SYN_SELECTOR) {
    Selection *sel = types_ptrmap_get(&L->info->selections, fun);
    if (sel && sel->kind == SEL_METHOD_VAL) {
      Object *m = sel->obj;
      Type *recvt = m->type->u.sig.recv ? m->type->u.sig.recv->type : NULL;
      Selection tmpsel;
      if (L->subst && (!recvt || types_is_interface(recvt))) {
        /* a method of a type parameter's constraint on a concrete type
           argument: call the concrete method */
        Type *xt = lower_tv_type(L, fun->u.selector.x);
        if (xt && !types_is_interface(xt)) {
          LookupResult lr =
              types_lookup(L->tc, xt, lower_is_addressable(L, fun->u.selector.x), m->pkg, m->name);
          if (lr.obj && lr.obj->kind == OBJ_FUNC) {
            tmpsel = *sel;
            tmpsel.obj = lr.obj;
            tmpsel.index = lr.index;
            tmpsel.nindex = lr.nindex;
            tmpsel.indirect = lr.indirect;
            sel = &tmpsel;
            m = lr.obj;
            recvt = m->type->u.sig.recv ? m->type->u.sig.recv->type : NULL;
          }
        }
      }
      if (!recvt || types_is_interface(recvt)) {
        /* interface method: receiver is the (embedded) interface value;
           the method's index is in the itab of the value's static
           interface type (which may embed the declaring one) */
        Type *it = lower_path_type(L, lower_tv_type(L, fun->u.selector.x), sel->index, sel->nindex - 1);
        if (!it || !types_is_interface(it)) it = recvt;
        LLVMValueRef iv;
        if (sel->nindex > 1) {
          /* interface embedded in a struct: get the field value */
          Selection tmp = *sel;
          Type *xt = lower_tv_type(L, fun->u.selector.x);
          (void)xt;
          /* receiver path: evaluate the embedded interface field */
          tmp.nindex = sel->nindex;
          iv = lower_method_receiver(L, fun->u.selector.x, &tmp, it ? it : types_universe_any(L->tc));
        } else {
          iv = lower_expr(L, fun->u.selector.x);
        }
        if (!it) it = lower_tv_type(L, fun->u.selector.x);
        iface_call(L, call, iv, it, m, res);
        return nr;
      }
      Type *through = lower_path_type(L, lower_tv_type(L, fun->u.selector.x), sel->index, sel->nindex - 1);
      /* a method of an instance: its receiver type is the instance (the
         checker's receiver still names the generic type's parameters,
         whose layout is not the instance's: A[T]{val T} with T = [5]int) */
      Type *msig, *irt;
      lower_method_sig(L, m, through, &msig, &irt);
      if (irt) recvt = irt;
      args[0] = lower_method_receiver(L, fun->u.selector.x, sel, recvt);
      LowerSig s;
      lower_sig(L, msig, recvt, false, &s);
      unsigned n = lower_eval_args(L, call, m->type, args + 1);
      lower_emit_call(L, &s, lower_method_func(L, m, through), NULL, args, n + 1, res);
      return nr;
    }
    if (sel && sel->kind == SEL_METHOD_EXPR) {
      Object *m = sel->obj;
      Type *recvt = m->type->u.sig.recv ? m->type->u.sig.recv->type : NULL;
      if (recvt && !types_is_interface(recvt) && sel->nindex == 1 && nparams(sig) > 0 &&
          (types_underlying(param_type(sig, 0))->kind == TY_POINTER) ==
              (types_underlying(recvt)->kind == TY_POINTER)) {
        /* T.M(x, args): sig has the receiver as first parameter */
        LowerSig s;
        lower_sig(L, m->type, recvt, false, &s);
        unsigned n = lower_eval_args(L, call, sig, args);
        if (n > 0) args[0] = lower_convert(L, args[0], param_type(sig, 0), recvt);
        lower_emit_call(L, &s, lower_method_func(L, m, sel->recv), NULL, args, n, res);
        return nr;
      }
    }
  }
  /* func value: closure call */
  LLVMValueRef fv = lower_expr(L, fun);
  lower_nil_check(L, fv);
  LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, fv, "");
  LowerSig s;
  lower_sig(L, sig, NULL, true, &s);
  unsigned n = lower_eval_args(L, call, sig, args);
  lower_emit_call(L, &s, code, fv, args, n, res);
  return nr;
}

/* ---- builtins -------------------------------------------------------------------- */

static void print_value(Lower *L, LLVMValueRef v, Type *t) {
  Type *u = types_underlying(t);
  LLVMValueRef a[3];
  if (u->kind == TY_BASIC) {
    uint32_t info = u->u.basic.info;
    if (u->basic == BOOL || u->basic == UNTYPED_BOOL) {
      a[0] = v;
      LLVMValueRef c = lower_rt_call(L, "rog_printbool", NULL, a, 1);
      LLVMAddCallSiteAttribute(
          c, 1, LLVMCreateEnumAttribute(L->ctx, LLVMGetEnumAttributeKindForName("zeroext", 7), 0));
    } else if (info & BI_INTEGER) {
      LLVMTypeRef lt = LLVMTypeOf(v);
      bool uns = (info & BI_UNSIGNED) != 0;
      a[0] = LLVMGetIntTypeWidth(lt) < 64
                 ? (uns ? LLVMBuildZExt(L->b, v, L->i64, "") : LLVMBuildSExt(L->b, v, L->i64, ""))
                 : v;
      lower_rt_call(L, uns ? "rog_printuint" : "rog_printint", NULL, a, 1);
    } else if (info & BI_FLOAT) {
      a[0] = LLVMTypeOf(v) == L->f32 ? LLVMBuildFPExt(L->b, v, L->f64, "") : v;
      lower_rt_call(L, "rog_printfloat", NULL, a, 1);
    } else if (info & BI_COMPLEX) {
      a[0] = LLVMBuildExtractValue(L->b, v, 0, "");
      a[1] = LLVMBuildExtractValue(L->b, v, 1, "");
      if (LLVMTypeOf(a[0]) == L->f32) {
        a[0] = LLVMBuildFPExt(L->b, a[0], L->f64, "");
        a[1] = LLVMBuildFPExt(L->b, a[1], L->f64, "");
      }
      lower_rt_call(L, "rog_printcomplex", NULL, a, 2);
    } else if (info & BI_STRING) {
      a[0] = LLVMBuildExtractValue(L->b, v, 0, "");
      a[1] = LLVMBuildExtractValue(L->b, v, 1, "");
      lower_rt_call(L, "rog_printstring", NULL, a, 2);
    } else {
      a[0] = v;
      lower_rt_call(L, "rog_printpointer", NULL, a, 1);
    }
    return;
  }
  switch (u->kind) {
  case TY_SLICE:
    for (int i = 0; i < 3; i++)
      a[i] = LLVMBuildExtractValue(L->b, v, (unsigned)i, "");
    lower_rt_call(L, "rog_printslice", NULL, a, 3);
    return;
  case TY_INTERFACE:
    for (int i = 0; i < 2; i++)
      a[i] = LLVMBuildExtractValue(L->b, v, (unsigned)i, "");
    lower_rt_call(L, "rog_printiface", NULL, a, 2);
    return;
  default:
    a[0] = v;
    lower_rt_call(L, "rog_printpointer", NULL, a, 1);
    return;
  }
}

void lower_print_values(Lower *L, LLVMValueRef *vals, Type **tys, uint32_t n, bool ln) {
  lower_rt_call(L, "rog_printlock", NULL, NULL, 0);
  for (uint32_t i = 0; i < n; i++) {
    if (ln && i > 0) lower_rt_call(L, "rog_printsp", NULL, NULL, 0);
    print_value(L, vals[i], tys[i]);
  }
  if (ln) lower_rt_call(L, "rog_printnl", NULL, NULL, 0);
  lower_rt_call(L, "rog_printunlock", NULL, NULL, 0);
}

static LLVMValueRef arg_expr(Lower *L, SynNode *call, unsigned i) {
  return lower_expr(L, call->u.call.args.items[i]);
}

static Type *arg_type(Lower *L, SynNode *call, unsigned i) {
  return lower_tv_type(L, call->u.call.args.items[i]);
}

static LLVMValueRef to_int(Lower *L, LLVMValueRef v, Type *t) {
  LLVMTypeRef lt = LLVMTypeOf(v);
  unsigned w = LLVMGetIntTypeWidth(lt);
  if (w == 64) return v;
  bool uns = types_is_basic(t, BI_UNSIGNED);
  return uns ? LLVMBuildZExt(L->b, v, L->i64, "") : LLVMBuildSExt(L->b, v, L->i64, "");
}

/* len/cap of a value of type t. */
static LLVMValueRef len_of(Lower *L, LLVMValueRef v, Type *t, bool cap) {
  Type *u = types_underlying(t);
  if (u->kind == TY_POINTER) u = types_underlying(u->u.pointer.elem);
  switch (u->kind) {
  case TY_BASIC:
    return LLVMBuildExtractValue(L->b, v, 1, "");
  case TY_SLICE:
    return LLVMBuildExtractValue(L->b, v, cap ? 2 : 1, "");
  case TY_ARRAY:
    return LLVMConstInt(L->i64, (unsigned long long)u->u.array.len, false);
  case TY_CHAN: {
    LLVMValueRef a[1] = {v};
    return lower_rt_call(L, cap ? "rog_chan_cap" : "rog_chan_len", L->i64, a, 1);
  }
  case TY_MAP: {
    /* the map's count is its first word (runtime/map); nil map has 0 */
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
    LLVMBasicBlockRef nn = lower_new_block(L, "map.len"), done = lower_new_block(L, "map.len.done");
    LLVMValueRef isnil = LLVMBuildIsNull(L->b, v, "");
    LLVMBuildCondBr(L->b, isnil, done, nn);
    LLVMPositionBuilderAtEnd(L->b, nn);
    LLVMValueRef a[1] = {v};
    LLVMValueRef n = lower_rt_call(L, "rog_maplen", L->i64, a, 1);
    LLVMBasicBlockRef nn_end = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, done);
    LLVMPositionBuilderAtEnd(L->b, done);
    LLVMValueRef phi = LLVMBuildPhi(L->b, L->i64, "");
    LLVMValueRef vals[2] = {LLVMConstInt(L->i64, 0, false), n};
    LLVMBasicBlockRef bbs[2] = {cur, nn_end};
    LLVMAddIncoming(phi, vals, bbs, 2);
    return phi;
  }
  default:
    return LLVMConstInt(L->i64, 0, false);
  }
}

static unsigned multi_arg(Lower *L, SynNode *call, LLVMValueRef *vals, Type **tys, unsigned max);

static LLVMValueRef builtin_append(Lower *L, SynNode *call, Type *st) {
  SynList args = call->u.call.args;
  Type *et = types_underlying(st)->u.slice.elem;
  LLVMValueRef mv[64];
  Type *mt[64];
  unsigned nm = call->flags & SYN_F_HAS_DOTS ? 0 : multi_arg(L, call, mv, mt, 64);
  LLVMValueRef s;
  if (nm) {
    /* append(f()): the slice and the elements come from one call */
    s = lower_convert(L, mv[0], mt[0], st);
    args.len = nm;
  } else {
    s = lower_expr_to(L, args.items[0], st);
  }
  if (args.len == 1) return s;
  LLVMValueRef *vals = calloc(args.len, sizeof *vals);
  LLVMValueRef addn;
  LLVMValueRef srcp = NULL;
  if (call->flags & SYN_F_HAS_DOTS) {
    LLVMValueRef o = lower_expr(L, args.items[1]);
    srcp = LLVMBuildExtractValue(L->b, o, 0, "");
    addn = LLVMBuildExtractValue(L->b, o, 1, "");
  } else {
    for (uint32_t i = 1; i < args.len; i++)
      vals[i] = nm ? lower_convert(L, mv[i], mt[i], et) : lower_expr_to(L, args.items[i], et);
    addn = LLVMConstInt(L->i64, args.len - 1, false);
  }
  LLVMValueRef p = LLVMBuildExtractValue(L->b, s, 0, "");
  LLVMValueRef n = LLVMBuildExtractValue(L->b, s, 1, "");
  LLVMValueRef c = LLVMBuildExtractValue(L->b, s, 2, "");
  LLVMValueRef newlen = LLVMBuildAdd(L->b, n, addn, "");
  LLVMValueRef grow = LLVMBuildICmp(L->b, LLVMIntUGT, newlen, c, "");
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(L->b);
  LLVMBasicBlockRef gb = lower_new_block(L, "append.grow"), done = lower_new_block(L, "append.done");
  LLVMBuildCondBr(L->b, grow, gb, done);
  LLVMPositionBuilderAtEnd(L->b, gb);
  LLVMValueRef ga[5] = {lower_typedesc_of(L, et), p, n, c, newlen};
  LLVMValueRef ns = lower_rt_call_sret(L, "rog_growslice", L->slice, ga, 5);
  LLVMValueRef gp = LLVMBuildExtractValue(L->b, ns, 0, "");
  LLVMValueRef gc = LLVMBuildExtractValue(L->b, ns, 2, "");
  LLVMBasicBlockRef gend = LLVMGetInsertBlock(L->b);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  LLVMValueRef pp = LLVMBuildPhi(L->b, L->ptr, "");
  LLVMValueRef cp = LLVMBuildPhi(L->b, L->i64, "");
  LLVMBasicBlockRef bbs[2] = {cur, gend};
  LLVMValueRef pv[2] = {p, gp}, cv[2] = {c, gc};
  LLVMAddIncoming(pp, pv, bbs, 2);
  LLVMAddIncoming(cp, cv, bbs, 2);
  LLVMTypeRef elt = lower_type(L, et);
  int64_t esz = types_sizeof(et);
  if (srcp) {
    LLVMValueRef dst = LLVMBuildGEP2(L->b, elt, pp, &n, 1, "");
    LLVMValueRef bytes = LLVMBuildMul(L->b, addn, LLVMConstInt(L->i64, (unsigned long long)esz, false), "");
    if (lower_has_pointers(et)) {
      LLVMValueRef a[4] = {dst, srcp, bytes, lower_typedesc_of(L, et)};
      lower_rt_call(L, "rog_gcmemmove", NULL, a, 4);
    } else {
      LLVMBuildMemMove(L->b, dst, 1, srcp, 1, bytes);
    }
  } else {
    for (uint32_t i = 1; i < args.len; i++) {
      LLVMValueRef idx = LLVMBuildAdd(L->b, n, LLVMConstInt(L->i64, i - 1, false), "");
      LLVMValueRef dst = LLVMBuildGEP2(L->b, elt, pp, &idx, 1, "");
      lower_store(L, et, dst, vals[i]);
    }
  }
  free(vals);
  return lower_make_slice(L, pp, newlen, cp);
}

static LLVMValueRef builtin_copy(Lower *L, SynNode *call) {
  LLVMValueRef d = arg_expr(L, call, 0), s = arg_expr(L, call, 1);
  Type *dt = arg_type(L, call, 0);
  Type *et = types_underlying(dt)->u.slice.elem;
  LLVMValueRef dn = LLVMBuildExtractValue(L->b, d, 1, ""), sn = LLVMBuildExtractValue(L->b, s, 1, "");
  LLVMValueRef n = LLVMBuildSelect(L->b, LLVMBuildICmp(L->b, LLVMIntSLT, dn, sn, ""), dn, sn, "");
  LLVMValueRef bytes =
      LLVMBuildMul(L->b, n, LLVMConstInt(L->i64, (unsigned long long)types_sizeof(et), false), "");
  LLVMValueRef dp = LLVMBuildExtractValue(L->b, d, 0, ""), sp = LLVMBuildExtractValue(L->b, s, 0, "");
  if (lower_has_pointers(et)) {
    LLVMValueRef a[4] = {dp, sp, bytes, lower_typedesc_of(L, et)};
    lower_rt_call(L, "rog_gcmemmove", NULL, a, 4);
  } else {
    LLVMBuildMemMove(L->b, dp, 1, sp, 1, bytes);
  }
  return n;
}

static LLVMValueRef builtin_make(Lower *L, SynNode *call) {
  Type *t = lower_tv_type(L, call->u.call.args.items[0]);
  Type *u = types_underlying(t);
  uint32_t na = call->u.call.args.len;
  if (u->kind == TY_SLICE) {
    LLVMValueRef len = to_int(L, arg_expr(L, call, 1), arg_type(L, call, 1));
    LLVMValueRef cap = na > 2 ? to_int(L, arg_expr(L, call, 2), arg_type(L, call, 2)) : len;
    LLVMValueRef a[3] = {lower_typedesc_of(L, u->u.slice.elem), len, cap};
    LLVMValueRef p = lower_rt_call(L, "rog_makeslice", L->ptr, a, 3);
    return lower_make_slice(L, p, len, cap);
  }
  if (u->kind == TY_CHAN) {
    LLVMValueRef size =
        na > 1 ? to_int(L, arg_expr(L, call, 1), arg_type(L, call, 1)) : LLVMConstInt(L->i64, 0, false);
    LLVMValueRef a[2] = {lower_typedesc_of(L, u->u.chan.elem), size};
    return lower_rt_call(L, "rog_chan_make", L->ptr, a, 2);
  }
  if (u->kind == TY_MAP) {
    LLVMValueRef hint =
        na > 1 ? to_int(L, arg_expr(L, call, 1), arg_type(L, call, 1)) : LLVMConstInt(L->i64, 0, false);
    LLVMValueRef a[2] = {lower_typedesc_of(L, t), hint};
    return lower_rt_call(L, "rog_makemap", L->ptr, a, 2);
  }
  lower_error(L, call->pos, "cannot make this type");
  return LLVMGetUndef(lower_type(L, t));
}

/* print(f()), complex(f()): a single multi-value call as the arguments.
 * Returns the number of values (0 if the call is not of that form). */
static unsigned multi_arg(Lower *L, SynNode *call, LLVMValueRef *vals, Type **tys, unsigned max) {
  if (call->u.call.args.len != 1) return 0;
  SynNode *a0 = unparen(call->u.call.args.items[0]);
  if (a0->kind != SYN_CALL) return 0;
  TypeAndValue *ftv = lower_tv(L, a0->u.call.fun);
  Type *ft = types_underlying(lower_tv_type(L, a0->u.call.fun));
  if (!ftv || ftv->mode == TV_TYPE || ftv->mode == TV_BUILTIN || !ft || ft->kind != TY_SIGNATURE ||
      nresults(ft) < 2)
    return 0;
  return lower_multi(L, a0, vals, tys, max);
}

LLVMValueRef lower_builtin_call(Lower *L, SynNode *call, Object *b, bool *novalue) {
  SynList args = call->u.call.args;
  Type *rt = lower_tv_type(L, call);
  *novalue = false;
  switch (b->builtin) {
  case BUILTIN_PRINT:
  case BUILTIN_PRINTLN: {
    LLVMValueRef *vals = calloc(args.len + 1, sizeof *vals);
    Type **tys = calloc(args.len + 1, sizeof *tys);
    LLVMValueRef mv[16];
    Type *mt[16];
    unsigned nm = multi_arg(L, call, mv, mt, 16);
    if (nm) {
      lower_print_values(L, mv, mt, nm, b->builtin == BUILTIN_PRINTLN);
      free(vals);
      free(tys);
      *novalue = true;
      return NULL;
    }
    for (uint32_t i = 0; i < args.len; i++) {
      tys[i] = lower_tv_type(L, args.items[i]);
      if (types_is_untyped(tys[i])) tys[i] = types_default(L->tc, tys[i]);
      if (tys[i]->kind == TY_BASIC && tys[i]->basic == UNTYPED_NIL)
        tys[i] = types_basic(L->tc, UNSAFE_POINTER);
      vals[i] = lower_expr_to(L, args.items[i], tys[i]);
    }
    lower_print_values(L, vals, tys, args.len, b->builtin == BUILTIN_PRINTLN);
    free(vals);
    free(tys);
    *novalue = true;
    return NULL;
  }
  case BUILTIN_LEN:
  case BUILTIN_CAP: {
    TypeAndValue *tv = lower_tv(L, call);
    if (tv && tv->mode == TV_CONSTANT) return lower_const(L, tv->val, tv->type);
    return len_of(L, arg_expr(L, call, 0), arg_type(L, call, 0), b->builtin == BUILTIN_CAP);
  }
  case BUILTIN_APPEND:
    return builtin_append(L, call, rt);
  case BUILTIN_COPY: {
    Type *st = arg_type(L, call, 1);
    if (types_is_basic(st, BI_STRING)) {
      LLVMValueRef d = arg_expr(L, call, 0), s = arg_expr(L, call, 1);
      LLVMValueRef dn = LLVMBuildExtractValue(L->b, d, 1, ""), sn = LLVMBuildExtractValue(L->b, s, 1, "");
      LLVMValueRef n = LLVMBuildSelect(L->b, LLVMBuildICmp(L->b, LLVMIntSLT, dn, sn, ""), dn, sn, "");
      LLVMBuildMemMove(L->b, LLVMBuildExtractValue(L->b, d, 0, ""), 1, LLVMBuildExtractValue(L->b, s, 0, ""),
                       1, n);
      return n;
    }
    return builtin_copy(L, call);
  }
  case BUILTIN_MAKE:
    return builtin_make(L, call);
  case BUILTIN_NEW: {
    Type *t = types_underlying(rt)->u.pointer.elem;
    return lower_alloc(L, t);
  }
  case BUILTIN_PANIC: {
    LLVMValueRef v = lower_expr_to(L, args.items[0], types_universe_any(L->tc));
    LLVMValueRef a[2] = {LLVMBuildExtractValue(L->b, v, 0, ""), LLVMBuildExtractValue(L->b, v, 1, "")};
    lower_panic_call(L, "rog_gopanic", a, 2);
    *novalue = true;
    return NULL;
  }
  case BUILTIN_RECOVER: {
    if (!L->fn->recover_val) return LLVMConstNull(L->iface);
    LLVMValueRef a[1] = {LLVMBuildLoad2(L->b, L->ptr, L->fn->recover_val, "")};
    return lower_rt_call(L, "rog_gorecover", L->iface, a, 1);
  }
  case BUILTIN_CLOSE: {
    LLVMValueRef a[1] = {arg_expr(L, call, 0)};
    lower_rt_call(L, "rog_chan_close", NULL, a, 1);
    *novalue = true;
    return NULL;
  }
  case BUILTIN_DELETE: {
    Type *mt = arg_type(L, call, 0);
    Type *kt = types_underlying(mt)->u.map.key;
    LLVMValueRef m = arg_expr(L, call, 0);
    LLVMValueRef k = lower_expr_to(L, args.items[1], kt);
    LLVMValueRef kp = lower_entry_alloca(L, kt, "key");
    lower_store(L, kt, kp, k);
    lower_map_delete(L, mt, m, kp);
    *novalue = true;
    return NULL;
  }
  case BUILTIN_COMPLEX: {
    Type *ft =
        types_underlying(rt)->basic == COMPLEX64 ? types_basic(L->tc, FLOAT32) : types_basic(L->tc, FLOAT64);
    LLVMValueRef re, im, mv[2];
    Type *mt[2];
    if (multi_arg(L, call, mv, mt, 2) == 2) {
      re = lower_convert(L, mv[0], mt[0], ft);
      im = lower_convert(L, mv[1], mt[1], ft);
    } else {
      re = lower_expr_to(L, args.items[0], ft);
      im = lower_expr_to(L, args.items[1], ft);
    }
    LLVMValueRef v = LLVMGetUndef(lower_type(L, rt));
    v = LLVMBuildInsertValue(L->b, v, re, 0, "");
    return LLVMBuildInsertValue(L->b, v, im, 1, "");
  }
  case BUILTIN_REAL:
  case BUILTIN_IMAG: {
    TypeAndValue *tv = lower_tv(L, call);
    if (tv && tv->mode == TV_CONSTANT) return lower_const(L, tv->val, tv->type);
    LLVMValueRef v = arg_expr(L, call, 0);
    return LLVMBuildExtractValue(L->b, v, b->builtin == BUILTIN_REAL ? 0 : 1, "");
  }
  case BUILTIN_UNSAFE_SIZEOF:
  case BUILTIN_UNSAFE_ALIGNOF:
  case BUILTIN_UNSAFE_OFFSETOF: {
    TypeAndValue *tv = lower_tv(L, call);
    return lower_const(L, tv->val, tv->type);
  }
  case BUILTIN_UNSAFE_ADD: {
    LLVMValueRef p = arg_expr(L, call, 0);
    LLVMValueRef n = to_int(L, arg_expr(L, call, 1), arg_type(L, call, 1));
    return LLVMBuildGEP2(L->b, L->i8, p, &n, 1, "");
  }
  case BUILTIN_UNSAFE_SLICE: {
    LLVMValueRef p = arg_expr(L, call, 0);
    LLVMValueRef n = to_int(L, arg_expr(L, call, 1), arg_type(L, call, 1));
    return lower_make_slice(L, p, n, n);
  }
  default:
    lower_error(L, call->pos, "builtin %s not supported", b->name);
    return LLVMGetUndef(lower_type(L, rt));
  }
}
