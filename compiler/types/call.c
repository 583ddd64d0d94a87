/*
 * call.c: calls (functions, methods, conversions, builtins), selectors
 * (qualified identifiers, fields, method values and expressions), function
 * literals, explicit instantiation of generic functions and function
 * argument type inference.
 *
 * Inference (Go 1.19 rules, simplified): type arguments given explicitly
 * are taken first; then each typed argument is unified with its parameter
 * type (structural unification binding type parameters, with inexact
 * matching of defined types against their underlying type literals);
 * then untyped constant arguments whose parameter is a bare type
 * parameter still unbound get their default type; finally constraint type
 * inference binds a type parameter whose constraint has a core type (~[]E)
 * by unifying with that core type. Any parameter left unbound is reported
 * as "cannot infer T".
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

#define INVALID_OP "invalid operation: "
#define INVALID_ARG "invalid argument: "

static Type *invalid_t(Checker *ck) {
  return types_basic(ck->ctx, INVALID);
}
static bool is_invalid_t(Type *t) {
  return !t || (t->kind == TY_BASIC && t->basic == INVALID);
}
static bool is_nil(Operand *x) {
  return x->nilval || (x->type && x->type->kind == TY_BASIC && x->type->basic == UNTYPED_NIL);
}

/* ---- conversions ------------------------------------------------------------------ */

static bool const_convertible(Checker *ck, Operand *x, Type *T, Const **val) {
  Type *u = types_underlying(T);
  if (!u || u->kind != TY_BASIC) return false;
  if (const_representable(ck->ctx, x->val, u->basic, val)) return true;
  if (types_is_basic(x->type, BI_INTEGER) && (u->u.basic.info & BI_STRING)) {
    uint64_t i;
    uint32_t cp = 0xFFFD;
    if (const_uint64_val(const_to_int(ck->ctx, x->val), &i) && i <= 0x10FFFF && !(i >= 0xD800 && i <= 0xDFFF))
      cp = (uint32_t)i;
    char buf[4];
    size_t n = syn_utf8_encode(buf, cp);
    if (val) *val = const_string(ck->ctx, buf, n);
    return true;
  }
  return false;
}

void chk_conversion(Checker *ck, Operand *x, Type *T) {
  bool const_arg = x->mode == TV_CONSTANT;
  bool ok = false;
  Const *val = x->val;
  if (const_arg && chk_is_const_type(T)) {
    ok = const_convertible(ck, x, T, &val);
    if (ok) x->val = val;
  } else if (const_arg && T->kind == TY_TYPEPARAM) {
    TypeSet *s = types_typeset(ck->ctx, T->u.tparam.constraint);
    ok = !s->all_types;
    for (uint32_t i = 0; ok && i < s->nterms; i++) {
      Type *u = types_underlying(s->terms[i].type);
      if (types_is_basic(x->type, BI_STRING) && u->kind == TY_SLICE) continue;
      if (!const_convertible(ck, x, u, NULL)) ok = false;
    }
    x->mode = TV_VALUE;
  } else {
    Type *src = x->type;
    if (is_nil(x)) {
      ok = types_has_nil(T);
    } else if (types_is_untyped(src)) {
      /* untyped non-nil constant to a non-constant type: use the default type */
      Type *d = types_default(ck->ctx, src);
      if (const_arg) {
        Type *tu = types_underlying(T);
        if (tu && tu->kind == TY_INTERFACE) {
          ok = types_convertible(ck->ctx, d, T);
        } else if (T->kind == TY_TYPEPARAM) {
          ok = types_convertible(ck->ctx, d, T);
        } else {
          ok = types_convertible(ck->ctx, d, T);
        }
      } else {
        ok = types_convertible(ck->ctx, d, T) || types_convertible(ck->ctx, src, T);
      }
    } else {
      ok = types_convertible(ck->ctx, src, T);
    }
    if (ok) x->mode = TV_VALUE;
  }
  if (!ok) {
    if (is_nil(x))
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot convert nil to type %s", chk_type_string(ck, T));
    else if (types_is_interface(T) && !types_is_interface(x->type) &&
             types_missing_reason(ck->ctx, x->type, T, ck->pkg))
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot convert %s to type %s:\n\t%s does not implement %s %s",
                 chk_operand_string(ck, x), chk_type_string(ck, T), chk_type_string(ck, x->type),
                 chk_type_string(ck, T), types_missing_reason(ck->ctx, x->type, T, ck->pkg));
    else
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot convert %s to type %s", chk_operand_string(ck, x),
                 chk_type_string(ck, T));
    x->mode = TV_INVALID;
    return;
  }
  if (types_is_untyped(x->type)) {
    Type *final = T;
    Type *tu = types_underlying(T);
    if ((tu && tu->kind == TY_INTERFACE && T->kind != TY_TYPEPARAM) || (const_arg && !chk_is_const_type(T)) ||
        is_nil(x))
      final = types_default(ck->ctx, x->type);
    else if (x->mode == TV_CONSTANT && types_is_basic(x->type, BI_INTEGER) && types_is_basic(T, BI_STRING))
      final = x->type;
    chk_update_expr_type(ck, x->expr, final, true);
  }
  if (x->mode == TV_CONSTANT && !chk_is_const_type(T)) x->mode = TV_VALUE;
  x->type = T;
}

/* ---- arguments ------------------------------------------------------------------------ */

char *chk_types_summary(Checker *ck, Type **ts, uint32_t n, bool variadic) {
  size_t cap = 64;
  char *buf = malloc(cap);
  size_t len = 0;
  buf[len++] = '(';
  for (uint32_t i = 0; i < n; i++) {
    Type *t = ts[i];
    const char *s;
    if (is_invalid_t(t))
      s = "<T>";
    else if (types_is_untyped(t))
      s = (t->u.basic.info & BI_NUMERIC) ? "number" : t->u.basic.name + 8;
    else if (variadic && i == n - 1 && t->kind == TY_SLICE)
      s = chk_sprintf(ck, "...%s", chk_type_string(ck, t->u.slice.elem));
    else
      s = chk_type_string(ck, t);
    size_t sl = strlen(s);
    while (len + sl + 4 > cap) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
    if (i) {
      buf[len++] = ',';
      buf[len++] = ' ';
    }
    memcpy(buf + len, s, sl);
    len += sl;
  }
  buf[len++] = ')';
  char *r = types_strdup(ck->ctx, buf, len);
  free(buf);
  return r;
}

/* Evaluates call arguments: a single multi-valued call f(g()) is expanded. */
static Operand *eval_args(Checker *ck, SynList *args, uint32_t *nout, bool *is_tuple_call) {
  *is_tuple_call = false;
  if (args->len == 1) {
    Operand x = {0};
    chk_multi_expr(ck, &x, args->items[0]);
    if (x.mode != TV_INVALID && x.type && x.type->kind == TY_TUPLE) {
      uint32_t n = x.type->u.tuple.len;
      Operand *ops = calloc(n ? n : 1, sizeof *ops);
      for (uint32_t i = 0; i < n; i++) {
        ops[i].mode = TV_VALUE;
        ops[i].expr = args->items[0];
        ops[i].type = x.type->u.tuple.vars[i]->type;
      }
      *nout = n;
      *is_tuple_call = true;
      return ops;
    }
    Operand *ops = calloc(1, sizeof *ops);
    ops[0] = x;
    *nout = 1;
    return ops;
  }
  Operand *ops = calloc(args->len ? args->len : 1, sizeof *ops);
  for (uint32_t i = 0; i < args->len; i++)
    chk_expr(ck, &ops[i], args->items[i]);
  *nout = args->len;
  return ops;
}

/* ---- unification and inference ------------------------------------------------------------ */

typedef struct Unifier {
  Object **tparams;
  Type **bound;
  uint32_t n;
} Unifier;

static int tp_index(Unifier *u, Type *t) {
  if (!t || t->kind != TY_TYPEPARAM) return -1;
  for (uint32_t i = 0; i < u->n; i++)
    if (u->tparams[i]->type == t) return (int)i;
  return -1;
}

static bool unify(Checker *ck, Unifier *u, Type *x, Type *y, int depth, bool exact);

static bool unify_tuple(Checker *ck, Unifier *u, Type *x, Type *y, int depth) {
  if (!x || !y) return x == y;
  if (x->u.tuple.len != y->u.tuple.len) return false;
  for (uint32_t i = 0; i < x->u.tuple.len; i++)
    if (!unify(ck, u, x->u.tuple.vars[i]->type, y->u.tuple.vars[i]->type, depth + 1, true)) return false;
  return true;
}

/* x is the parameter type (may contain type params), y the argument type. */
static bool unify(Checker *ck, Unifier *u, Type *x, Type *y, int depth, bool exact) {
  if (!x || !y || depth > 40) return x == y;
  int i = tp_index(u, x);
  if (i >= 0) {
    if (u->bound[i]) {
      if (types_identical(u->bound[i], y)) return true;
      /* inexact: named vs its underlying literal */
      if (!exact) {
        Type *a = u->bound[i], *b = y;
        if (a->kind == TY_NAMED && b->kind != TY_NAMED && types_identical(types_underlying(a), b))
          return true;
        if (b->kind == TY_NAMED && a->kind != TY_NAMED && types_identical(types_underlying(b), a)) {
          u->bound[i] = b;
          return true;
        }
      }
      return false;
    }
    u->bound[i] = y;
    return true;
  }
  if (x == y) return true;
  if (!exact) {
    /* a defined type matches a type literal with identical structure */
    if (x->kind == TY_NAMED && y->kind != TY_NAMED && y->kind != TY_TYPEPARAM)
      x = types_underlying(x);
    else if (y->kind == TY_NAMED && x->kind != TY_NAMED && x->kind != TY_TYPEPARAM)
      y = types_underlying(y);
    if (!x || !y) return false;
  }
  if (x->kind != y->kind) return false;
  switch (x->kind) {
  case TY_BASIC:
    return x->basic == y->basic;
  case TY_POINTER:
    return unify(ck, u, x->u.pointer.elem, y->u.pointer.elem, depth + 1, exact);
  case TY_SLICE:
    return unify(ck, u, x->u.slice.elem, y->u.slice.elem, depth + 1, exact);
  case TY_ARRAY:
    return x->u.array.len == y->u.array.len &&
           unify(ck, u, x->u.array.elem, y->u.array.elem, depth + 1, exact);
  case TY_MAP:
    return unify(ck, u, x->u.map.key, y->u.map.key, depth + 1, exact) &&
           unify(ck, u, x->u.map.elem, y->u.map.elem, depth + 1, exact);
  case TY_CHAN:
    return (!exact || x->u.chan.dir == y->u.chan.dir) &&
           unify(ck, u, x->u.chan.elem, y->u.chan.elem, depth + 1, exact);
  case TY_SIGNATURE:
    return x->u.sig.variadic == y->u.sig.variadic &&
           unify_tuple(ck, u, x->u.sig.params, y->u.sig.params, depth) &&
           unify_tuple(ck, u, x->u.sig.results, y->u.sig.results, depth);
  case TY_STRUCT:
    if (x->u.strukt.nfields != y->u.strukt.nfields) return false;
    for (uint32_t k = 0; k < x->u.strukt.nfields; k++)
      if (strcmp(x->u.strukt.fields[k]->name, y->u.strukt.fields[k]->name) != 0 ||
          !unify(ck, u, x->u.strukt.fields[k]->type, y->u.strukt.fields[k]->type, depth + 1, true))
        return false;
    return true;
  case TY_NAMED:
    if (x->u.named.orig && y->u.named.orig && x->u.named.orig == y->u.named.orig) {
      for (uint32_t k = 0; k < x->u.named.ntargs; k++)
        if (!unify(ck, u, x->u.named.targs[k], y->u.named.targs[k], depth + 1, true)) return false;
      return true;
    }
    return types_identical(x, y);
  case TY_INTERFACE:
    return types_identical(x, y);
  default:
    return types_identical(x, y);
  }
}

/* Whether t mentions one of the n type parameters: substitution shares
 * unchanged subtrees, so it returns t itself when there is none. */
static bool mentions_tparams(Checker *ck, Type *t, Object **tparams, uint32_t n) {
  if (!t || n == 0) return false;
  Type **probe = types_alloc(ck->ctx, n * sizeof *probe);
  for (uint32_t i = 0; i < n; i++)
    probe[i] = types_basic(ck->ctx, INT);
  return chk_subst(ck, t, tparams, probe, n) != t;
}

/* Infers missing type arguments. targs has n slots (explicit ones set).
 * Returns false (error reported) if some cannot be inferred. */
static bool infer(Checker *ck, SynPos pos, Object **tparams, uint32_t n, Type **targs, Type *params,
                  Operand *args, uint32_t nargs, bool variadic) {
  Unifier u = {tparams, targs, n};
  bool all = true;
  for (uint32_t i = 0; i < n; i++)
    if (!targs[i]) all = false;
  if (all) return true;
  uint32_t np = params ? params->u.tuple.len : 0;
  for (uint32_t i = 0; i < nargs; i++) {
    Type *pt;
    if (variadic && i >= np - 1) {
      Type *last = params->u.tuple.vars[np - 1]->type;
      pt = last && last->kind == TY_SLICE ? last->u.slice.elem : last;
    } else if (i < np) {
      pt = params->u.tuple.vars[i]->type;
    } else {
      break;
    }
    Operand *a = &args[i];
    if (a->mode == TV_INVALID || types_is_untyped(a->type)) continue;
    /* only parameters whose type mentions the type parameters take part
       (types2's isParameterized): h[T C](t T, i I) called with a myint
       for i is checked by assignability, not unified with I */
    if (!mentions_tparams(ck, pt, tparams, n)) continue;
    if (!unify(ck, &u, pt, a->type, 0, false)) {
      Type *inferred = chk_subst(ck, pt, tparams, targs, n);
      chk_errorf(ck, chk_expr_pos(a->expr), "type %s of %s does not match %s", chk_type_string(ck, a->type),
                 chk_expr_string(ck, a->expr),
                 inferred != pt ? chk_sprintf(ck, "inferred type %s for %s", chk_type_string(ck, inferred),
                                              chk_type_string(ck, pt))
                                : chk_type_string(ck, pt));
      return false;
    }
  }
  /* untyped arguments for bare type parameters */
  for (uint32_t i = 0; i < nargs; i++) {
    Type *pt = i < np ? params->u.tuple.vars[i]->type : NULL;
    if (variadic && i >= np - 1 && np) {
      Type *last = params->u.tuple.vars[np - 1]->type;
      pt = last && last->kind == TY_SLICE ? last->u.slice.elem : last;
    }
    int k = tp_index(&u, pt);
    if (k >= 0 && !targs[k] && args[i].mode != TV_INVALID && types_is_untyped(args[i].type) &&
        !is_nil(&args[i]))
      targs[k] = types_default(ck->ctx, args[i].type);
  }
  /* constraint type inference: core types of constraints */
  for (int round = 0; round < 3; round++)
    for (uint32_t i = 0; i < n; i++) {
      Type *c = tparams[i]->type->u.tparam.constraint;
      Type *cu = types_underlying(c);
      if (!cu || cu->kind != TY_INTERFACE) continue;
      TypeSet *s = types_typeset(ck->ctx, cu);
      if (s->all_types || s->nterms != 1) continue;
      Type *core = s->terms[0].type;
      if (targs[i]) {
        Type *tu = s->terms[0].tilde ? types_underlying(targs[i]) : targs[i];
        unify(ck, &u, core, tu, 0, false);
      } else {
        Type *sc = chk_subst(ck, core, tparams, targs, n);
        bool complete = true;
        for (uint32_t k = 0; k < n; k++)
          if (!targs[k] && sc != core) {
            /* check whether sc still mentions unbound params: approximate */
          }
        if (!s->terms[0].tilde || complete) {
          if (sc && !(sc->kind == TY_TYPEPARAM && tp_index(&u, sc) >= 0)) targs[i] = sc;
        }
      }
    }
  for (uint32_t i = 0; i < n; i++)
    if (!targs[i]) {
      chk_errorf(ck, pos, "cannot infer %s", tparams[i]->name);
      return false;
    }
  return true;
}

/* ---- calls ------------------------------------------------------------------------------------ */

static void arguments(Checker *ck, SynNode *call, Type *sig, Operand *args, uint32_t nargs,
                      bool is_tuple_call) {
  Type *params = sig->u.sig.params;
  uint32_t np = params ? params->u.tuple.len : 0;
  bool dots = (call->flags & SYN_F_HAS_DOTS) != 0;
  bool variadic = sig->u.sig.variadic;
  for (uint32_t i = 0; i < nargs; i++)
    if (args[i].mode == TV_INVALID) return;
  if (dots) {
    if (!variadic) {
      chk_errorf(ck, call->pos, "cannot use ... in call to non-variadic %s",
                 chk_expr_string(ck, call->u.call.fun));
      return;
    }
    if (is_tuple_call) {
      chk_errorf(ck, call->pos, "cannot use ... with %u-valued %s", nargs,
                 chk_expr_string(ck, call->u.call.args.items[0]));
      return;
    }
  }
  bool ok_count;
  if (variadic && !dots)
    ok_count = nargs >= np - 1;
  else
    ok_count = nargs == np;
  if (!ok_count) {
    const char *qual = "not enough";
    SynPos at = call->pos;
    if (nargs > np && !(variadic && !dots)) {
      qual = "too many";
      if (!is_tuple_call) at = chk_pos(args[np].expr);
    } else if (nargs > 0 && !is_tuple_call) {
      at = chk_pos(args[nargs - 1].expr);
    }
    Type **have = malloc((nargs + 1) * sizeof *have);
    for (uint32_t i = 0; i < nargs; i++)
      have[i] = args[i].type;
    Type **want = malloc((np + 1) * sizeof *want);
    for (uint32_t i = 0; i < np; i++)
      want[i] = params->u.tuple.vars[i]->type;
    chk_errorf(ck, at, "%s arguments in call to %s\n\thave %s\n\twant %s", qual,
               chk_expr_string(ck, call->u.call.fun), chk_types_summary(ck, have, nargs, false),
               chk_types_summary(ck, want, np, variadic));
    free(have);
    free(want);
    return;
  }
  const char *context = chk_sprintf(ck, "argument to %s", chk_expr_string(ck, call->u.call.fun));
  for (uint32_t i = 0; i < nargs; i++) {
    Type *pt;
    if (variadic && i >= np - 1) {
      Type *last = params->u.tuple.vars[np - 1]->type;
      if (dots)
        pt = last;
      else
        pt = last && last->kind == TY_SLICE ? last->u.slice.elem : last;
    } else {
      pt = params->u.tuple.vars[i]->type;
    }
    chk_assignment(ck, &args[i], pt, context);
  }
}

static Type *result_type(Checker *ck, Type *sig, TVMode *mode) {
  Type *r = sig->u.sig.results;
  uint32_t n = r ? r->u.tuple.len : 0;
  if (n == 0) {
    *mode = TV_NOVALUE;
    return invalid_t(ck);
  }
  *mode = TV_VALUE;
  if (n == 1) return r->u.tuple.vars[0]->type;
  return r;
}

void chk_call(Checker *ck, Operand *x, SynNode *e) {
  SynNode *fun = e->u.call.fun;
  chk_expr_or_type(ck, x, fun, true);
  switch (x->mode) {
  case TV_INVALID:
    chk_use_exprs(ck, e->u.call.args.items, e->u.call.args.len);
    x->expr = e;
    return;
  case TV_TYPE: {
    Type *T = x->type;
    x->mode = TV_INVALID;
    x->expr = e;
    uint32_t n = e->u.call.args.len;
    if (n == 0) {
      chk_errorf(ck, e->pos, "missing argument in conversion to %s", chk_type_string(ck, T));
      return;
    }
    if (n > 1) {
      chk_use_exprs(ck, e->u.call.args.items, n);
      chk_errorf(ck, e->u.call.args.items[n - 1]->pos, "too many arguments in conversion to %s",
                 chk_type_string(ck, T));
      return;
    }
    if (e->flags & SYN_F_HAS_DOTS) {
      chk_use_expr(ck, e->u.call.args.items[0]);
      chk_errorf(ck, e->u.call.args.items[0]->pos, "invalid use of ... in type conversion to %s",
                 chk_type_string(ck, T));
      return;
    }
    Type *tu = types_underlying(T);
    if (tu && tu->kind == TY_INTERFACE && T->kind != TY_TYPEPARAM) {
      TypeSet *s = types_typeset(ck->ctx, tu);
      if (!s->all_types || s->comparable) {
        chk_use_expr(ck, e->u.call.args.items[0]);
        chk_errorf(
            ck, e->pos,
            "cannot use interface %s in conversion (contains specific type constraints or is comparable)",
            chk_type_string(ck, T));
        return;
      }
    }
    chk_expr_with_hint(ck, x, e->u.call.args.items[0], T);
    if (x->mode == TV_INVALID) return;
    chk_conversion(ck, x, T);
    x->expr = e;
    return;
  }
  case TV_BUILTIN:
    chk_builtin(ck, x, e, x->builtin);
    x->expr = e;
    return;
  default:
    break;
  }
  /* function call */
  Type *sig = types_core(x->type);
  if (!sig || sig->kind != TY_SIGNATURE) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot call non-function %s",
               chk_operand_string(ck, x));
    chk_use_exprs(ck, e->u.call.args.items, e->u.call.args.len);
    x->mode = TV_INVALID;
    x->expr = e;
    return;
  }
  /* explicit partial instantiation f[int](...) was handled in chk_func_inst
   * which leaves a generic signature only for partial lists */
  uint32_t nargs;
  bool tuple_call;
  Operand *args = eval_args(ck, &e->u.call.args, &nargs, &tuple_call);
  if (sig->u.sig.ntparams) {
    uint32_t n = sig->u.sig.ntparams;
    Type **targs = types_alloc(ck->ctx, n * sizeof *targs);
    /* partial explicit type args are stored by chk_func_inst in the operand's val slot? no: in the
     * recorded instance; here we only infer from arguments */
    Instance *pre = ck->info ? types_ptrmap_get(&ck->info->instances, fun) : NULL;
    if (pre && pre->ntargs <= n)
      for (uint32_t i = 0; i < pre->ntargs; i++)
        targs[i] = pre->targs[i];
    bool ok = true;
    for (uint32_t i = 0; i < nargs; i++)
      if (args[i].mode == TV_INVALID) ok = false;
    if (ok && !infer(ck, e->pos, sig->u.sig.tparams, n, targs, sig->u.sig.params, args, nargs,
                     sig->u.sig.variadic)) {
      free(args);
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    if (!ok) {
      free(args);
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    /* verify constraints */
    for (uint32_t i = 0; i < n; i++) {
      Type *tp = sig->u.sig.tparams[i]->type;
      Type *bound = chk_subst(ck, tp->u.tparam.constraint, sig->u.sig.tparams, targs, n);
      if (!chk_satisfies(ck, e->pos, targs[i], tp, bound, true)) {
        free(args);
        x->mode = TV_INVALID;
        x->expr = e;
        return;
      }
    }
    Type *isig = chk_instantiate_sig(ck, sig, targs, n);
    if (ck->info) {
      SynNode *id = chk_unparen(fun);
      if (id && id->kind == SYN_INDEX) id = id->u.index.x;
      if (id && id->kind == SYN_SELECTOR) id = id->u.selector.sel;
      Instance *in = types_alloc(ck->ctx, sizeof *in);
      in->targs = targs;
      in->ntargs = n;
      in->type = isig;
      types_ptrmap_put(ck->info_ctx, &ck->info->instances, id, in);
    }
    sig = isig;
  }
  arguments(ck, e, sig, args, nargs, tuple_call);
  free(args);
  TVMode mode;
  x->type = result_type(ck, sig, &mode);
  x->mode = mode;
  x->expr = e;
  x->val = NULL;
}

void chk_func_inst(Checker *ck, Operand *x, SynNode *e) {
  Type *sig = x->type;
  uint32_t n = chk_list_len(e->u.index.index);
  uint32_t want = sig->u.sig.ntparams;
  Type **targs = types_alloc(ck->ctx, (want > n ? want : n) * sizeof *targs + 1);
  for (uint32_t i = 0; i < n; i++) {
    targs[i] = chk_varType(ck, chk_list_at(e->u.index.index, i));
    if (is_invalid_t(targs[i])) {
      x->mode = TV_INVALID;
      return;
    }
  }
  if (n > want) {
    chk_errorf(ck, chk_list_at(e->u.index.index, want)->pos, "got %u type arguments but want %u", n, want);
    x->mode = TV_INVALID;
    return;
  }
  if (n < want) {
    /* partial instantiation: the rest is inferred in the call */
    Instance *in = types_alloc(ck->ctx, sizeof *in);
    in->targs = targs;
    in->ntargs = n;
    if (ck->info)
      types_ptrmap_put(ck->info_ctx, &ck->info->instances, e, in);
    else {
      chk_errorf(ck, e->pos, "cannot infer %s", sig->u.sig.tparams[n]->name);
      x->mode = TV_INVALID;
      return;
    }
    x->expr = e;
    return;
  }
  for (uint32_t i = 0; i < n; i++) {
    Type *tp = sig->u.sig.tparams[i]->type;
    Type *bound = chk_subst(ck, tp->u.tparam.constraint, sig->u.sig.tparams, targs, n);
    if (!chk_satisfies(ck, chk_list_at(e->u.index.index, i)->pos, targs[i], tp, bound, true)) {
      x->mode = TV_INVALID;
      return;
    }
  }
  x->type = chk_instantiate_sig(ck, sig, targs, n);
  x->mode = TV_VALUE;
  x->expr = e;
}

/* ---- selectors ----------------------------------------------------------------------------------- */

static void record_selection(Checker *ck, SynNode *e, SelKind k, Type *recv, LookupResult *r) {
  if (!ck->info) return;
  Selection *s = types_alloc(ck->ctx, sizeof *s);
  s->kind = (uint8_t)k;
  s->recv = recv;
  s->obj = r->obj;
  s->index = r->index;
  s->nindex = r->nindex;
  s->indirect = r->indirect;
  types_ptrmap_put(ck->info_ctx, &ck->info->selections, e, s);
}

void chk_selector(Checker *ck, Operand *x, SynNode *e, bool want_type) {
  SynNode *base = e->u.selector.x;
  const char *sel = chk_name(ck, e->u.selector.sel);
  (void)want_type;
  /* qualified identifier */
  SynNode *ub = chk_unparen(base);
  if (ub && ub->kind == SYN_NAME && ub == base) {
    const char *name = chk_name(ck, ub);
    Object *o = types_scope_lookup(ck->fc.scope ? ck->fc.scope : ck->file_scope, name, NULL);
    if (o && o->kind == OBJ_PKGNAME) {
      chk_record_use(ck, ub, o);
      o->used = true;
      TypesPackage *p = o->imported;
      x->mode = TV_INVALID;
      x->expr = e;
      x->type = invalid_t(ck);
      if (!p) return;
      Object *m = types_scope_lookup_local(p->scope, sel);
      if (p->fake) {
        if (strcmp(p->path, "C") == 0)
          chk_errorf(ck, e->u.selector.sel->pos, "%s not declared by package C", sel);
        return; /* import error reported already */
      }
      if (!m) {
        chk_errorf(ck, e->u.selector.sel->pos, "undefined: %s.%s", p->name, sel);
        return;
      }
      if (!types_obj_exported(m)) {
        /* gc imports export data, where unexported names do not exist */
        chk_errorf(ck, e->u.selector.sel->pos, "undefined: %s.%s", p->name, sel);
        return;
      }
      chk_record_use(ck, e->u.selector.sel, m);
      switch (m->kind) {
      case OBJ_CONST:
        x->mode = TV_CONSTANT;
        x->val = m->val;
        break;
      case OBJ_TYPENAME:
        x->mode = TV_TYPE;
        break;
      case OBJ_VAR:
        x->mode = TV_VARIABLE;
        break;
      case OBJ_FUNC:
        x->mode = TV_VALUE;
        break;
      case OBJ_BUILTIN:
        x->mode = TV_BUILTIN;
        x->builtin = m->builtin;
        break;
      default:
        return;
      }
      x->type = m->type ? m->type : invalid_t(ck);
      if (is_invalid_t(x->type) && m->kind != OBJ_BUILTIN) x->mode = TV_INVALID;
      return;
    }
  }
  chk_expr_or_type(ck, x, base, false);
  if (x->mode == TV_INVALID) {
    x->expr = e;
    return;
  }
  if (x->mode == TV_BUILTIN) {
    chk_errorf(ck, chk_expr_pos(x->expr), "%s must be called", chk_operand_string(ck, x));
    x->mode = TV_INVALID;
    x->expr = e;
    return;
  }
  Type *T = x->type;
  if (x->mode == TV_VALUE && T->kind == TY_TUPLE) {
    chk_single_value(ck, x);
    x->expr = e;
    return;
  }
  LookupResult r = types_lookup(ck->ctx, T, x->mode == TV_VARIABLE, ck->pkg, sel);
  if (!r.obj) {
    if (is_invalid_t(types_underlying(T)) || is_invalid_t(T)) {
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    if (r.ambiguous) {
      chk_errorf(ck, e->u.selector.sel->pos, "ambiguous selector %s.%s", chk_expr_string(ck, base), sel);
    } else {
      const char *why;
      Type *pu = types_underlying(T);
      if (pu && pu->kind == TY_POINTER && types_is_interface(pu->u.pointer.elem) &&
          pu->u.pointer.elem->kind != TY_TYPEPARAM) {
        why = chk_sprintf(ck, "type %s is pointer to interface, not interface", chk_type_string(ck, T));
      } else if (pu && pu->kind == TY_POINTER && pu->u.pointer.elem &&
                 pu->u.pointer.elem->kind == TY_TYPEPARAM) {
        why = chk_sprintf(ck, "type %s is pointer to type parameter, not type parameter",
                          chk_type_string(ck, T));
      } else {
        why = chk_sprintf(ck, "type %s has no field or method %s", chk_type_string(ck, T), sel);
        /* capitalization hint */
        char alt[256];
        size_t sl = strlen(sel);
        if (sl > 0 && sl < sizeof alt) {
          memcpy(alt, sel, sl + 1);
          if (alt[0] >= 'a' && alt[0] <= 'z')
            alt[0] = (char)(alt[0] - 'a' + 'A');
          else if (alt[0] >= 'A' && alt[0] <= 'Z')
            alt[0] = (char)(alt[0] - 'A' + 'a');
          LookupResult r2 = types_lookup(ck->ctx, T, x->mode == TV_VARIABLE, ck->pkg, alt);
          if (r2.obj) why = chk_sprintf(ck, "%s, but does have %s", why, alt);
        }
      }
      chk_errorf(ck, e->u.selector.sel->pos, "%s.%s undefined (%s)", chk_expr_string(ck, base), sel, why);
    }
    x->mode = TV_INVALID;
    x->expr = e;
    return;
  }
  Object *obj = r.obj;
  if (obj->kind == OBJ_FUNC && obj->decl && obj->color != 2) chk_obj_decl(ck, obj);
  if (obj->kind == OBJ_FUNC && obj->decl) chk_add_dep(ck, obj);
  chk_record_use(ck, e->u.selector.sel, obj);
  if (x->mode == TV_TYPE) {
    /* method expression */
    if (obj->kind != OBJ_FUNC) {
      chk_errorf(ck, e->u.selector.sel->pos, "%s.%s undefined (type %s has no method %s)",
                 chk_expr_string(ck, base), sel, chk_type_string(ck, T), sel);
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    if (r.needs_ptr && T->kind != TY_POINTER) {
      chk_errorf(ck, e->pos, INVALID_OP "cannot call pointer method %s on %s", sel, chk_type_string(ck, T));
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    record_selection(ck, e, SEL_METHOD_EXPR, T, &r);
    Type *msig = obj->type;
    if (!msig || msig->kind != TY_SIGNATURE) {
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    uint32_t np = msig->u.sig.params->u.tuple.len;
    Object **vars = types_alloc(ck->ctx, (np + 1) * sizeof *vars);
    vars[0] = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, "", T);
    for (uint32_t i = 0; i < np; i++)
      vars[i + 1] = msig->u.sig.params->u.tuple.vars[i];
    x->type = types_new_signature(ck->ctx, NULL, types_new_tuple(ck->ctx, vars, np + 1), msig->u.sig.results,
                                  msig->u.sig.variadic);
    x->mode = TV_VALUE;
    x->expr = e;
    return;
  }
  if (obj->kind == OBJ_VAR) {
    record_selection(ck, e, SEL_FIELD, T, &r);
    if (x->mode == TV_VARIABLE || r.indirect)
      x->mode = TV_VARIABLE;
    else
      x->mode = TV_VALUE;
    x->type = obj->type ? obj->type : invalid_t(ck);
    x->expr = e;
    return;
  }
  if (obj->kind == OBJ_FUNC) {
    if (r.needs_ptr) {
      chk_errorf(ck, e->u.selector.sel->pos, "cannot call pointer method %s on %s", sel,
                 chk_type_string(ck, T));
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    record_selection(ck, e, SEL_METHOD_VAL, T, &r);
    Type *msig = obj->type;
    if (!msig || msig->kind != TY_SIGNATURE) {
      x->mode = TV_INVALID;
      x->expr = e;
      return;
    }
    Type *s =
        types_new_signature(ck->ctx, NULL, msig->u.sig.params, msig->u.sig.results, msig->u.sig.variadic);
    x->mode = TV_VALUE;
    x->type = s;
    x->expr = e;
    return;
  }
  x->mode = TV_INVALID;
  x->expr = e;
}

/* ---- function literals ------------------------------------------------------------------------- */

void chk_func_lit(Checker *ck, Operand *x, SynNode *e) {
  Scope *scope = NULL;
  Type *sig = chk_func_signature(ck, NULL, NULL, NULL, e->u.func_lit.type, &scope);
  if (!ck->cfg->ignore_func_bodies && e->u.func_lit.body) {
    FuncCtx save = ck->fc;
    uint32_t save_locals = ck->nlocalvars;
    (void)save_locals;
    ck->fc.iota_valid = 0;
    chk_body(ck, sig, e->u.func_lit.body, scope, "");
    ck->fc = save;
  }
  x->mode = TV_VALUE;
  x->type = sig;
  x->expr = e;
}

/* A type parameter whose type set has only string and []byte types, at
 * least one string: types2's coreString case of append. */
static bool bytestring_term(Type *u, void *arg) {
  bool *has_string = arg;
  if (!u) return false;
  if (u->kind == TY_BASIC && types_is_basic(u, BI_STRING)) {
    *has_string = true;
    return true;
  }
  if (u->kind != TY_SLICE) return false;
  Type *e = types_underlying(u->u.slice.elem);
  return e && e->kind == TY_BASIC && e->basic == UINT8;
}

static bool bytestring_tparam(Checker *ck, Type *t) {
  if (!t || t->kind != TY_TYPEPARAM) return false;
  bool has_string = false;
  return types_under_is(ck->ctx, t, bytestring_term, &has_string) && has_string;
}

/* ---- builtins -------------------------------------------------------------------------------------- */

static const char *builtin_name(int id) {
  static const char *names[] = {"",     "append",  "cap",  "close",   "complex",  "copy",   "delete",
                                "imag", "len",     "make", "new",     "panic",    "print",  "println",
                                "real", "recover", "Add",  "Alignof", "Offsetof", "Sizeof", "Slice"};
  return id > 0 && id < BUILTIN_COUNT ? names[id] : "?";
}

static bool has_dots_ok(int id) {
  return id == BUILTIN_APPEND;
}

typedef struct LenArg {
  bool ok;
} LenArg;

static bool len_ok(Type *u, void *arg) {
  (void)arg;
  if (!u) return false;
  switch (u->kind) {
  case TY_BASIC:
    return (u->u.basic.info & BI_STRING) != 0;
  case TY_ARRAY:
  case TY_SLICE:
  case TY_CHAN:
  case TY_MAP:
    return true;
  case TY_POINTER: {
    Type *a = types_underlying(u->u.pointer.elem);
    return a && a->kind == TY_ARRAY;
  }
  default:
    return false;
  }
}

static bool cap_ok(Type *u, void *arg) {
  if (u && u->kind == TY_MAP) return false;
  if (u && u->kind == TY_BASIC) return false;
  return len_ok(u, arg);
}

/* does the expression contain a (non-constant) function call or channel receive? */
static bool has_call_or_recv(Checker *ck, SynNode *e, int depth) {
  if (!e || depth > 100) return false;
  switch (e->kind) {
  case SYN_CALL: {
    TypeAndValue *tv = ck->info ? types_ptrmap_get(&ck->info->types, e->u.call.fun) : NULL;
    if (tv && tv->mode == TV_TYPE)
      return has_call_or_recv(ck, e->u.call.args.len ? e->u.call.args.items[0] : NULL, depth + 1);
    /* builtin len/cap/unsafe calls with constant results are constant */
    TypeAndValue *tc = ck->info ? types_ptrmap_get(&ck->info->types, e) : NULL;
    if (tc && tc->mode == TV_CONSTANT) return false;
    return true;
  }
  case SYN_OPERATION:
    if (!e->u.operation.y && e->op == SYN_OP_RECV) return true;
    return has_call_or_recv(ck, e->u.operation.x, depth + 1) ||
           has_call_or_recv(ck, e->u.operation.y, depth + 1);
  case SYN_PAREN:
    return has_call_or_recv(ck, e->u.paren.x, depth + 1);
  case SYN_SELECTOR:
    return has_call_or_recv(ck, e->u.selector.x, depth + 1);
  case SYN_INDEX:
    return has_call_or_recv(ck, e->u.index.x, depth + 1) || has_call_or_recv(ck, e->u.index.index, depth + 1);
  case SYN_SLICE:
    return has_call_or_recv(ck, e->u.slice.x, depth + 1);
  case SYN_COMPOSITE_LIT:
    for (uint32_t i = 0; i < e->u.composite.elems.len; i++)
      if (has_call_or_recv(ck, e->u.composite.elems.items[i], depth + 1)) return true;
    return false;
  case SYN_KEY_VALUE:
    return has_call_or_recv(ck, e->u.key_value.value, depth + 1);
  case SYN_ASSERT:
    return has_call_or_recv(ck, e->u.assert.x, depth + 1);
  default:
    return false;
  }
}

void chk_builtin(Checker *ck, Operand *x, SynNode *call, int id) {
  SynList *args = &call->u.call.args;
  uint32_t nargs = args->len;
  const char *name = builtin_name(id);
  Operand *ops = NULL;
  if ((call->flags & SYN_F_HAS_DOTS) && !has_dots_ok(id)) {
    chk_errorf(ck, call->pos, INVALID_OP "invalid use of ... with built-in %s", name);
    chk_use_exprs(ck, args->items, nargs);
    x->mode = TV_INVALID;
    return;
  }
  /* argument counts */
  int min = 0;
  bool variadic = false;
  switch (id) {
  case BUILTIN_APPEND:
    min = 1;
    variadic = true;
    break;
  case BUILTIN_CAP:
  case BUILTIN_CLOSE:
  case BUILTIN_IMAG:
  case BUILTIN_LEN:
  case BUILTIN_NEW:
  case BUILTIN_PANIC:
  case BUILTIN_REAL:
  case BUILTIN_UNSAFE_ALIGNOF:
  case BUILTIN_UNSAFE_OFFSETOF:
  case BUILTIN_UNSAFE_SIZEOF:
    min = 1;
    break;
  case BUILTIN_COMPLEX:
  case BUILTIN_COPY:
  case BUILTIN_DELETE:
  case BUILTIN_UNSAFE_ADD:
  case BUILTIN_UNSAFE_SLICE:
    min = 2;
    break;
  case BUILTIN_MAKE:
    min = 1;
    variadic = true;
    break;
  case BUILTIN_PRINT:
  case BUILTIN_PRINTLN:
    min = 0;
    variadic = true;
    break;
  case BUILTIN_RECOVER:
    min = 0;
    break;
  }
  /* evaluate arguments (make/new take a type first; Offsetof a selector) */
  bool first_is_type = id == BUILTIN_MAKE || id == BUILTIN_NEW;
  if (id != BUILTIN_UNSAFE_OFFSETOF) {
    ops = calloc(nargs + 1, sizeof *ops);
    for (uint32_t i = 0; i < nargs; i++) {
      if (i == 0 && first_is_type) continue;
      if (nargs == 1 && id != BUILTIN_LEN && id != BUILTIN_CAP && id != BUILTIN_PANIC &&
          id != BUILTIN_UNSAFE_SIZEOF && id != BUILTIN_UNSAFE_ALIGNOF && id != BUILTIN_REAL &&
          id != BUILTIN_IMAG && id != BUILTIN_CLOSE) {
        chk_multi_expr(ck, &ops[i], args->items[i]);
        /* f() returning multiple values as the only argument */
        if (ops[i].mode != TV_INVALID && ops[i].type->kind == TY_TUPLE &&
            (id == BUILTIN_PRINT || id == BUILTIN_PRINTLN || id == BUILTIN_APPEND || id == BUILTIN_COMPLEX ||
             id == BUILTIN_COPY || id == BUILTIN_DELETE)) {
          Type *tt = ops[i].type;
          uint32_t n = tt->u.tuple.len;
          Operand *nops = calloc(n + 1, sizeof *nops);
          for (uint32_t k = 0; k < n; k++) {
            nops[k].mode = TV_VALUE;
            nops[k].expr = args->items[0];
            nops[k].type = tt->u.tuple.vars[k]->type;
          }
          free(ops);
          ops = nops;
          nargs = n;
          break;
        }
        chk_single_value(ck, &ops[i]);
      } else {
        chk_expr(ck, &ops[i], args->items[i]);
      }
    }
    for (uint32_t i = 0; i < nargs; i++)
      if (!(i == 0 && first_is_type) && ops[i].mode == TV_INVALID) {
        free(ops);
        x->mode = TV_INVALID;
        return;
      }
  }
  int max = variadic ? -1 : min;
  if (id == BUILTIN_MAKE) max = 3;
  if ((int)nargs < min || (max >= 0 && (int)nargs > max)) {
    const char *msg = (int)nargs < min ? "not enough" : "too many";
    if (id == BUILTIN_MAKE && (int)nargs > max) {
      chk_errorf(ck, call->pos, INVALID_OP "%s expects %d or %d arguments; found %u",
                 chk_expr_string(ck, call), 2, 3, nargs);
    } else {
      chk_errorf(ck, call->pos, INVALID_OP "%s arguments for %s (expected %d, found %u)", msg,
                 chk_expr_string(ck, call), min, nargs);
    }
    free(ops);
    x->mode = TV_INVALID;
    return;
  }
  x->mode = TV_INVALID;
  Operand *a = ops;
  switch (id) {
  case BUILTIN_APPEND: {
    Type *S = a[0].type;
    Type *core = types_core(S);
    if (is_nil(&a[0])) {
      chk_errorf(ck, chk_expr_pos(a[0].expr),
                 "first argument to append must be a typed slice; have untyped nil");
      break;
    }
    if (!core || core->kind != TY_SLICE) {
      const char *cause = core ? chk_sprintf(ck, "have %s", chk_operand_string(ck, &a[0]))
                               : chk_sprintf(ck, "%s has no core type", chk_operand_string(ck, &a[0]));
      chk_errorf(ck, chk_expr_pos(a[0].expr), "first argument to append must be a slice; %s", cause);
      break;
    }
    Type *T = core->u.slice.elem;
    if ((call->flags & SYN_F_HAS_DOTS) && nargs != 2) {
      chk_errorf(ck, call->pos, "%s arguments in call to append", nargs < 2 ? "not enough" : "too many");
      break;
    }
    if (nargs == 2 && (call->flags & SYN_F_HAS_DOTS)) {
      /* append([]byte, string...), the string possibly a type parameter
         whose type set holds strings and byte slices (types2's coreString) */
      if (types_is_basic(a[1].type, BI_STRING) || bytestring_tparam(ck, a[1].type)) {
        Type *eu = types_underlying(T);
        if (eu && eu->kind == TY_BASIC && eu->basic == UINT8) {
          chk_convert_untyped(ck, &a[1], types_basic(ck->ctx, STRING));
          x->mode = TV_VALUE;
          x->type = S;
          break;
        }
      }
      chk_assignment(ck, &a[1], types_new_slice(ck->ctx, T), "argument to append");
      x->mode = TV_VALUE;
      x->type = S;
      break;
    }
    for (uint32_t i = 1; i < nargs; i++)
      chk_assignment(ck, &a[i], T, "argument to append");
    x->mode = TV_VALUE;
    x->type = S;
    break;
  }
  case BUILTIN_CAP:
  case BUILTIN_LEN: {
    Type *t = a[0].type;
    bool ok;
    if (t->kind == TY_TYPEPARAM) {
      TypeSet *s = types_typeset(ck->ctx, t->u.tparam.constraint);
      ok = !s->all_types && s->nterms;
      for (uint32_t i = 0; ok && i < s->nterms; i++)
        ok = id == BUILTIN_LEN ? len_ok(types_underlying(s->terms[i].type), NULL)
                               : cap_ok(types_underlying(s->terms[i].type), NULL);
    } else {
      Type *u = types_underlying(t);
      ok = id == BUILTIN_LEN ? len_ok(u, NULL) : cap_ok(u, NULL);
    }
    if (!ok) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_ARG "%s for %s", chk_operand_string(ck, &a[0]), name);
      break;
    }
    Type *u = types_underlying(t);
    x->mode = TV_VALUE;
    x->type = types_basic(ck->ctx, INT);
    if (t->kind != TY_TYPEPARAM && u) {
      if (u->kind == TY_BASIC && a[0].mode == TV_CONSTANT) {
        size_t n;
        const_string_val(a[0].val, &n);
        x->mode = TV_CONSTANT;
        x->val = const_int64(ck->ctx, (int64_t)n);
      } else {
        Type *arr =
            u->kind == TY_ARRAY ? u : (u->kind == TY_POINTER ? types_underlying(u->u.pointer.elem) : NULL);
        if (arr && arr->kind == TY_ARRAY && arr->u.array.len >= 0 && !has_call_or_recv(ck, a[0].expr, 0)) {
          x->mode = TV_CONSTANT;
          x->val = const_int64(ck->ctx, arr->u.array.len);
        }
      }
    }
    break;
  }
  case BUILTIN_CLOSE: {
    Type *core = types_core(a[0].type);
    if (!core || core->kind != TY_CHAN) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_OP "cannot close non-channel %s",
                 chk_operand_string(ck, &a[0]));
      break;
    }
    if (core->u.chan.dir == CHAN_RECV) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_OP "cannot close receive-only channel %s",
                 chk_operand_string(ck, &a[0]));
      break;
    }
    x->mode = TV_NOVALUE;
    break;
  }
  case BUILTIN_COMPLEX: {
    Operand *p = &a[0], *q = &a[1];
    /* untyped float conversions */
    if (types_is_untyped(p->type) && !types_is_untyped(q->type))
      chk_convert_untyped(ck, p, q->type);
    else if (types_is_untyped(q->type) && !types_is_untyped(p->type))
      chk_convert_untyped(ck, q, p->type);
    else if (types_is_untyped(p->type) && types_is_untyped(q->type)) {
      if (p->mode == TV_CONSTANT && q->mode == TV_CONSTANT) {
        Type *uf = types_basic(ck->ctx, UNTYPED_FLOAT);
        chk_convert_untyped(ck, p, uf);
        chk_convert_untyped(ck, q, uf);
      }
    }
    if (p->mode == TV_INVALID || q->mode == TV_INVALID) break;
    if (!types_identical(p->type, q->type)) {
      chk_errorf(ck, chk_expr_pos(p->expr), INVALID_OP "%s (mismatched types %s and %s)",
                 chk_expr_string(ck, call), chk_type_string(ck, p->type), chk_type_string(ck, q->type));
      break;
    }
    Type *u = types_underlying(p->type);
    BasicKind rk = INVALID;
    if (u && u->kind == TY_BASIC) {
      if (u->basic == FLOAT32)
        rk = COMPLEX64;
      else if (u->basic == FLOAT64)
        rk = COMPLEX128;
      else if (u->basic == UNTYPED_FLOAT)
        rk = UNTYPED_COMPLEX;
    }
    if (rk == INVALID) {
      chk_errorf(ck, chk_expr_pos(p->expr), INVALID_ARG "arguments have type %s, expected floating-point",
                 chk_type_string(ck, p->type));
      break;
    }
    if (p->mode == TV_CONSTANT && q->mode == TV_CONSTANT) {
      x->mode = TV_CONSTANT;
      x->val = const_make_complex(ck->ctx, p->val, q->val);
    } else {
      x->mode = TV_VALUE;
    }
    if (types_is_untyped(p->type) && x->mode != TV_CONSTANT) rk = COMPLEX128;
    x->type = types_basic(ck->ctx, rk);
    break;
  }
  case BUILTIN_COPY: {
    Type *d = types_core(a[0].type), *s = types_core(a[1].type);
    Type *de = d && d->kind == TY_SLICE ? d->u.slice.elem : NULL;
    Type *se = NULL;
    if (s && s->kind == TY_SLICE)
      se = s->u.slice.elem;
    else if (s && s->kind == TY_BASIC && (s->u.basic.info & BI_STRING))
      se = ck->ctx->byte_alias;
    if (!de || !se) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_ARG "copy expects slice arguments; found %s and %s",
                 chk_operand_string(ck, &a[0]), chk_operand_string(ck, &a[1]));
      break;
    }
    if (!types_identical(de, se)) {
      chk_errorf(ck, chk_expr_pos(a[0].expr),
                 INVALID_ARG "arguments to copy %s and %s have different element types %s and %s",
                 chk_operand_string(ck, &a[0]), chk_operand_string(ck, &a[1]), chk_type_string(ck, de),
                 chk_type_string(ck, se));
      break;
    }
    x->mode = TV_VALUE;
    x->type = types_basic(ck->ctx, INT);
    break;
  }
  case BUILTIN_DELETE: {
    Type *m = types_core(a[0].type);
    if (!m || m->kind != TY_MAP) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_ARG "%s is not a map", chk_operand_string(ck, &a[0]));
      break;
    }
    if (!chk_assignment(ck, &a[1], m->u.map.key, "argument to delete")) break;
    x->mode = TV_NOVALUE;
    break;
  }
  case BUILTIN_IMAG:
  case BUILTIN_REAL: {
    if (types_is_untyped(a[0].type) && a[0].mode == TV_CONSTANT)
      chk_convert_untyped(ck, &a[0], types_basic(ck->ctx, UNTYPED_COMPLEX));
    if (a[0].mode == TV_INVALID) break;
    Type *u = types_underlying(a[0].type);
    BasicKind rk = INVALID;
    if (u && u->kind == TY_BASIC) {
      if (u->basic == COMPLEX64)
        rk = FLOAT32;
      else if (u->basic == COMPLEX128)
        rk = FLOAT64;
      else if (u->basic == UNTYPED_COMPLEX)
        rk = UNTYPED_FLOAT;
    }
    if (rk == INVALID) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_ARG "argument has type %s, expected complex type",
                 chk_type_string(ck, a[0].type));
      break;
    }
    if (a[0].mode == TV_CONSTANT) {
      x->mode = TV_CONSTANT;
      x->val = id == BUILTIN_REAL ? const_real(ck->ctx, a[0].val) : const_imag(ck->ctx, a[0].val);
    } else {
      x->mode = TV_VALUE;
    }
    x->type = types_basic(ck->ctx, rk);
    break;
  }
  case BUILTIN_MAKE: {
    Type *T = chk_varType(ck, args->items[0]);
    if (is_invalid_t(T)) break;
    Type *core = types_core(T);
    int need = 0;
    if (!core) {
      chk_errorf(ck, args->items[0]->pos, INVALID_ARG "cannot make %s: no core type",
                 chk_expr_string(ck, args->items[0]));
      break;
    }
    switch (core->kind) {
    case TY_SLICE:
      need = 2;
      break;
    case TY_MAP:
    case TY_CHAN:
      need = 1;
      break;
    default:
      chk_errorf(ck, args->items[0]->pos, INVALID_ARG "cannot make %s; type must be slice, map, or channel",
                 chk_expr_string(ck, args->items[0]));
      break;
    }
    if (!need) break;
    if ((int)nargs < need || nargs > (uint32_t)need + 1) {
      chk_errorf(ck, call->pos, INVALID_OP "%s expects %d or %d arguments; found %u",
                 chk_expr_string(ck, call), need, need + 1, nargs);
      break;
    }
    int64_t sizes[2] = {-3, -3};
    bool bad = false;
    for (uint32_t i = 1; i < nargs; i++) {
      int64_t v = chk_index(ck, args->items[i], -1, false, "index");
      if (v == -1) bad = true;
      sizes[i - 1] = v;
    }
    if (bad) break;
    if (nargs == 3 && sizes[0] >= 0 && sizes[1] >= 0 && sizes[0] > sizes[1]) {
      chk_errorf(ck, args->items[1]->pos, INVALID_ARG "length and capacity swapped");
      break;
    }
    x->mode = TV_VALUE;
    x->type = T;
    break;
  }
  case BUILTIN_NEW: {
    Type *T = chk_varType(ck, args->items[0]);
    if (is_invalid_t(T)) break;
    x->mode = TV_VALUE;
    x->type = types_new_pointer(ck->ctx, T);
    break;
  }
  case BUILTIN_PANIC: {
    chk_assignment(ck, &a[0], types_universe_any(ck->ctx), "argument to panic");
    if (a[0].mode == TV_INVALID) break;
    x->mode = TV_NOVALUE;
    break;
  }
  case BUILTIN_PRINT:
  case BUILTIN_PRINTLN: {
    bool bad = false;
    for (uint32_t i = 0; i < nargs; i++) {
      chk_assignment(ck, &a[i], NULL, chk_sprintf(ck, "argument to %s", name));
      if (a[i].mode == TV_INVALID) bad = true;
    }
    if (bad) break;
    x->mode = TV_NOVALUE;
    break;
  }
  case BUILTIN_RECOVER:
    x->mode = TV_VALUE;
    x->type = types_universe_any(ck->ctx);
    break;
  case BUILTIN_UNSAFE_ADD: {
    if (!chk_assignment(ck, &a[0], types_basic(ck->ctx, UNSAFE_POINTER), "argument to unsafe.Add")) break;
    chk_convert_untyped(ck, &a[1], types_basic(ck->ctx, INT));
    if (a[1].mode == TV_INVALID) break;
    if (!types_is_basic(a[1].type, BI_INTEGER)) {
      chk_errorf(ck, chk_expr_pos(a[1].expr), "cannot use %s as int value in argument to unsafe.Add",
                 chk_operand_string(ck, &a[1]));
      break;
    }
    x->mode = TV_VALUE;
    x->type = types_basic(ck->ctx, UNSAFE_POINTER);
    break;
  }
  case BUILTIN_UNSAFE_ALIGNOF:
  case BUILTIN_UNSAFE_SIZEOF: {
    chk_assignment(ck, &a[0], NULL, chk_sprintf(ck, "argument to unsafe.%s", name));
    if (a[0].mode == TV_INVALID) break;
    Type *t = a[0].type;
    x->type = types_basic(ck->ctx, UINTPTR);
    if (t->kind == TY_TYPEPARAM) {
      x->mode = TV_VALUE;
      break;
    }
    int64_t v = id == BUILTIN_UNSAFE_SIZEOF ? types_sizeof(t) : types_alignof(t);
    if (v < 0) {
      x->mode = TV_VALUE;
      break;
    }
    x->mode = TV_CONSTANT;
    x->val = const_int64(ck->ctx, v);
    break;
  }
  case BUILTIN_UNSAFE_OFFSETOF: {
    SynNode *arg0 = chk_unparen(args->items[0]);
    if (!arg0 || arg0->kind != SYN_SELECTOR) {
      chk_errorf(ck, args->items[0]->pos, INVALID_ARG "%s is not a selector expression",
                 chk_expr_string(ck, args->items[0]));
      chk_use_expr(ck, args->items[0]);
      break;
    }
    Operand b = {0};
    chk_expr(ck, &b, arg0->u.selector.x);
    if (b.mode == TV_INVALID) break;
    const char *sel = chk_name(ck, arg0->u.selector.sel);
    Type *base = b.type;
    {
      Type *bu = types_underlying(base);
      if (bu && bu->kind == TY_POINTER) {
        Type *eu = types_underlying(bu->u.pointer.elem);
        if (eu && eu->kind == TY_STRUCT) base = bu->u.pointer.elem;
      }
    }
    LookupResult r = types_lookup(ck->ctx, base, false, ck->pkg, sel);
    if (!r.obj) {
      chk_errorf(ck, arg0->pos, INVALID_ARG "%s has no single field %s", chk_type_string(ck, base), sel);
      break;
    }
    if (r.obj->kind == OBJ_FUNC) {
      chk_errorf(ck, arg0->pos, INVALID_ARG "%s is a method value", chk_expr_string(ck, arg0));
      break;
    }
    if (r.indirect) {
      chk_errorf(ck, arg0->pos, INVALID_ARG "field %s is embedded via a pointer in %s", sel,
                 chk_type_string(ck, base));
      break;
    }
    chk_record_use(ck, arg0->u.selector.sel, r.obj);
    /* offset: sum along the path */
    Type *t = base;
    int64_t off = 0;
    bool ok = true;
    for (uint32_t i = 0; i < r.nindex && ok; i++) {
      Type *u = types_underlying(t);
      if (u && u->kind == TY_POINTER) u = types_underlying(u->u.pointer.elem);
      if (!u || u->kind != TY_STRUCT || r.index[i] >= u->u.strukt.nfields) {
        ok = false;
        break;
      }
      int64_t *offs = malloc((u->u.strukt.nfields + 1) * sizeof *offs);
      if (!types_offsetsof(u, offs))
        ok = false;
      else
        off += offs[r.index[i]];
      free(offs);
      t = u->u.strukt.fields[r.index[i]]->type;
    }
    x->type = types_basic(ck->ctx, UINTPTR);
    if (!ok) {
      x->mode = TV_VALUE;
      break;
    }
    x->mode = TV_CONSTANT;
    x->val = const_int64(ck->ctx, off);
    break;
  }
  case BUILTIN_UNSAFE_SLICE: {
    Type *pu = types_underlying(a[0].type);
    if (!pu || pu->kind != TY_POINTER) {
      chk_errorf(ck, chk_expr_pos(a[0].expr), INVALID_ARG "%s is not a pointer",
                 chk_operand_string(ck, &a[0]));
      break;
    }
    chk_convert_untyped(ck, &a[1], types_basic(ck->ctx, INT));
    if (a[1].mode == TV_INVALID) break;
    if (!types_is_basic(a[1].type, BI_INTEGER)) {
      chk_errorf(ck, chk_expr_pos(a[1].expr), "cannot use %s as int value in argument to unsafe.Slice",
                 chk_operand_string(ck, &a[1]));
      break;
    }
    x->mode = TV_VALUE;
    x->type = types_new_slice(ck->ctx, pu->u.pointer.elem);
    break;
  }
  default:
    break;
  }
  free(ops);
  if (x->mode == TV_CONSTANT && !x->val) x->mode = TV_VALUE;
  if (x->mode == TV_NOVALUE) x->type = invalid_t(ck);
  if (!x->type) x->type = invalid_t(ck);
}
