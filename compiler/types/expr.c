/*
 * expr.c: expressions. An expression evaluates to an Operand (mode, type,
 * constant value); the result is recorded in TypesInfo.types.
 *
 * Untyped values: constants and comparison results stay untyped until
 * they meet a typed operand or a context (assignment, conversion, call
 * argument), where chk_convert_untyped gives them their final type and
 * chk_update_expr_type rewrites the recorded types of the subexpressions
 * (so the back end sees final types everywhere). A non-constant shift with
 * an untyped left operand (1 << s) takes the type of its context; if that
 * type is not an integer type, the shift is an error, found during the
 * update.
 *
 * Constant arithmetic is exact (constant.c); typed constants are checked
 * for representability after each operation ("constant 300 overflows
 * byte"), untyped integers are limited to 512 bits, as in gc.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

#define INVALID_OP "invalid operation: "

static Type *invalid_t(Checker *ck) {
  return types_basic(ck->ctx, INVALID);
}
static bool is_invalid_t(Type *t) {
  return !t || (t->kind == TY_BASIC && t->basic == INVALID);
}

SynNode *chk_unparen(SynNode *e) {
  while (e && e->kind == SYN_PAREN)
    e = e->u.paren.x;
  return e;
}

uint32_t chk_list_len(SynNode *n) {
  if (!n) return 0;
  if (n->kind == SYN_LIST_EXPR) return n->u.list.elems.len;
  return 1;
}

SynNode *chk_list_at(SynNode *n, uint32_t i) {
  if (!n) return NULL;
  if (n->kind == SYN_LIST_EXPR) return i < n->u.list.elems.len ? n->u.list.elems.items[i] : NULL;
  return i == 0 ? n : NULL;
}

bool chk_is_const_type(Type *t) {
  Type *u = t && t->kind == TY_TYPEPARAM ? NULL : types_underlying(t);
  return u && u->kind == TY_BASIC && (u->u.basic.info & BI_CONST);
}

static bool is_nil(Operand *x) {
  return x->nilval || (x->type && x->type->kind == TY_BASIC && x->type->basic == UNTYPED_NIL);
}

/* ---- identifiers ---------------------------------------------------------------- */

static void ident(Checker *ck, Operand *x, SynNode *e, bool want_type) {
  const char *name = chk_name(ck, e);
  x->mode = TV_INVALID;
  x->expr = e;
  x->type = invalid_t(ck);
  if (strcmp(name, "_") == 0) {
    chk_errorf(ck, e->pos, "cannot use _ as value");
    return;
  }
  Scope *found = NULL;
  Object *o = types_scope_lookup(ck->fc.scope ? ck->fc.scope : ck->file_scope, name, &found);
  if (!o && ck->file_scope) o = types_scope_lookup(ck->file_scope, name, &found);
  if (!o) {
    if (strcmp(name, "iota") != 0)
      chk_errorf(ck, e->pos, "undefined: %s", name);
    else
      chk_errorf(ck, e->pos, "cannot use iota outside constant declaration");
    return;
  }
  chk_record_use(ck, e, o);
  if (o->kind == OBJ_PKGNAME) {
    chk_errorf(ck, e->pos, "use of package %s not in selector", o->name);
    return;
  }
  /* dot-imported object: mark the import used */
  if (o->pkg && o->pkg != ck->pkg && found != ck->pkg->scope && found && found->parent == ck->pkg->scope) {
    for (uint32_t i = 0; i < ck->nimports; i++)
      if (ck->imports[i]->imported == o->pkg) ck->imports[i]->used = true;
  }
  if (o->kind != OBJ_VAR || !o->is_field) o->used = true;
  /* declare on demand; objects that already have a type are not
   * re-entered (a grey function seen from its own signature then gives
   * "not a type" instead of a cycle error, as in types2) */
  if (o->decl && o->parent == ck->pkg->scope && (!o->type || o->kind == OBJ_TYPENAME)) chk_obj_decl(ck, o);
  if (o->parent == ck->pkg->scope) chk_add_dep(ck, o);
  Type *t = o->type;
  switch (o->kind) {
  case OBJ_CONST:
    if (strcmp(name, "iota") == 0 && !o->pkg && o->parent == types_universe(ck->ctx)) {
      if (!ck->fc.iota_valid) {
        chk_errorf(ck, e->pos, "cannot use iota outside constant declaration");
        return;
      }
      x->val = ck->fc.iota;
    } else {
      x->val = o->val;
    }
    if (!t || is_invalid_t(t) || !x->val) {
      x->type = invalid_t(ck);
      return;
    }
    x->mode = TV_CONSTANT;
    break;
  case OBJ_TYPENAME:
    x->mode = TV_TYPE;
    if (!t) t = invalid_t(ck);
    break;
  case OBJ_VAR:
    x->mode = TV_VARIABLE;
    if (!t) {
      /* variable used in its own initializer (x := x handled by scoping) */
      t = invalid_t(ck);
    }
    break;
  case OBJ_FUNC:
    x->mode = TV_VALUE;
    break;
  case OBJ_BUILTIN:
    x->mode = TV_BUILTIN;
    x->builtin = o->builtin;
    t = invalid_t(ck);
    break;
  case OBJ_NIL:
    x->mode = TV_VALUE;
    x->nilval = true;
    break;
  default:
    return;
  }
  if (!t) {
    x->mode = TV_INVALID;
    t = invalid_t(ck);
  }
  x->type = t;
  (void)want_type;
}

/* ---- untyped conversion ---------------------------------------------------------- */

enum { CONV_OK = 0, CONV_TRUNCATED, CONV_OVERFLOW, CONV_INVALID_CONST, CONV_INVALID };

static int representation(Checker *ck, Operand *x, Type *basic_t, Const **out) {
  if (const_representable(ck->ctx, x->val, basic_t->basic, out)) return CONV_OK;
  if (types_is_basic(x->type, BI_NUMERIC) && (basic_t->u.basic.info & BI_NUMERIC)) {
    if (!types_is_basic(x->type, BI_INTEGER) && (basic_t->u.basic.info & BI_INTEGER)) return CONV_TRUNCATED;
    return CONV_OVERFLOW;
  }
  return CONV_INVALID_CONST;
}

static void invalid_conversion(Checker *ck, int code, Operand *x, Type *target) {
  const char *xs = chk_operand_string(ck, x), *ts = chk_type_string(ck, target);
  if (code == CONV_TRUNCATED)
    chk_errorf(ck, chk_expr_pos(x->expr), "%s truncated to %s", xs, ts);
  else if (code == CONV_OVERFLOW)
    chk_errorf(ck, chk_expr_pos(x->expr), "%s overflows %s", xs, ts);
  else
    chk_errorf(ck, chk_expr_pos(x->expr), "cannot convert %s to %s", xs, ts);
}

bool chk_representable(Checker *ck, Operand *x, Type *target, bool report) {
  Type *u = types_underlying(target);
  if (!u || u->kind != TY_BASIC) return true;
  Const *v = NULL;
  int code = representation(ck, x, u, &v);
  if (code) {
    if (report) invalid_conversion(ck, code, x, u);
    x->mode = TV_INVALID;
    return false;
  }
  x->val = v;
  return true;
}

/* max of two untyped kinds (numeric order), NULL if incompatible */
static Type *max_untyped(Type *a, Type *b) {
  if (!types_is_untyped(a) || !types_is_untyped(b)) return NULL;
  if ((a->u.basic.info & BI_NUMERIC) && (b->u.basic.info & BI_NUMERIC)) return a->basic > b->basic ? a : b;
  return a->basic == b->basic ? a : NULL;
}

static int implicit_type(Checker *ck, Operand *x, Type *target, Type **newt, Const **val) {
  *newt = x->type;
  *val = NULL;
  if (x->mode == TV_INVALID || types_is_typed(x->type) || is_invalid_t(target)) return CONV_OK;
  if (types_is_untyped(target)) {
    Type *m = max_untyped(x->type, target);
    if (m) {
      *newt = m;
      return CONV_OK;
    }
    return CONV_INVALID;
  }
  if (is_nil(x)) {
    if (types_has_nil(target)) {
      *newt = target;
      return CONV_OK;
    }
    return CONV_INVALID;
  }
  if (target->kind == TY_TYPEPARAM) {
    TypeSet *s = types_typeset(ck->ctx, target->u.tparam.constraint);
    if (s->all_types) return CONV_INVALID;
    for (uint32_t i = 0; i < s->nterms; i++) {
      Type *nt;
      Const *v;
      Operand y = *x;
      if (implicit_type(ck, &y, types_underlying(s->terms[i].type), &nt, &v) != CONV_OK) return CONV_INVALID;
    }
    *newt = target;
    return CONV_OK;
  }
  Type *u = types_underlying(target);
  if (!u) return CONV_OK;
  switch (u->kind) {
  case TY_BASIC:
    if (x->mode == TV_CONSTANT) {
      Const *v = NULL;
      int code = representation(ck, x, u, &v);
      if (code) return code;
      *newt = target;
      *val = v;
      return CONV_OK;
    }
    switch (x->type->basic) {
    case UNTYPED_BOOL:
      if (!(u->u.basic.info & BI_BOOLEAN)) return CONV_INVALID;
      break;
    case UNTYPED_INT:
    case UNTYPED_RUNE:
    case UNTYPED_FLOAT:
    case UNTYPED_COMPLEX:
      if (!(u->u.basic.info & BI_NUMERIC)) return CONV_INVALID;
      break;
    case UNTYPED_STRING:
      if (!(u->u.basic.info & BI_STRING)) return CONV_INVALID;
      break;
    default:
      return CONV_INVALID;
    }
    break;
  case TY_INTERFACE: {
    TypeSet *s = types_typeset(ck->ctx, u);
    if (s->nmethods || !s->all_types) return CONV_INVALID;
    *newt = types_default(ck->ctx, x->type);
    return CONV_OK;
  }
  default:
    return CONV_INVALID;
  }
  *newt = target;
  return CONV_OK;
}

void chk_convert_untyped(Checker *ck, Operand *x, Type *target) {
  Type *nt;
  Const *v;
  int code = implicit_type(ck, x, target, &nt, &v);
  if (code) {
    Type *t = target->kind == TY_TYPEPARAM ? target : types_underlying(target);
    invalid_conversion(ck, code, x, t ? t : target);
    x->mode = TV_INVALID;
    return;
  }
  if (v) {
    x->val = v;
  }
  if (nt != x->type) {
    x->type = nt;
    chk_update_expr_type(ck, x->expr, nt, true);
  }
}

void chk_default_untyped(Checker *ck, Operand *x) {
  if (x->mode != TV_INVALID && types_is_untyped(x->type) && !is_nil(x))
    chk_convert_untyped(ck, x, types_default(ck->ctx, x->type));
}

/* Rewrites recorded types of an untyped expression tree to t, and checks
 * that non-constant shifts of untyped operands end up integer. */
void chk_update_expr_type(Checker *ck, SynNode *e, Type *t, bool final) {
  (void) final;
  if (!e) return;
  TypeAndValue *tv = ck->info ? types_ptrmap_get(&ck->info->types, e) : NULL;
  if (tv && !types_is_untyped(tv->type)) return;
  switch (e->kind) {
  case SYN_PAREN:
    chk_update_expr_type(ck, e->u.paren.x, t, final);
    break;
  case SYN_OPERATION:
    if (!e->u.operation.y) {
      if (e->op != SYN_OP_RECV && e->op != SYN_OP_MUL && e->op != SYN_OP_AND)
        chk_update_expr_type(ck, e->u.operation.x, t, final);
      break;
    }
    switch (e->op) {
    case SYN_OP_EQL:
    case SYN_OP_NEQ:
    case SYN_OP_LSS:
    case SYN_OP_LEQ:
    case SYN_OP_GTR:
    case SYN_OP_GEQ:
      break; /* operands keep their own types */
    case SYN_OP_SHL:
    case SYN_OP_SHR:
      if (tv && tv->mode != TV_CONSTANT && !types_is_basic(t, BI_INTEGER) && !types_is_untyped(t) &&
          !types_is_interface(t)) {
        SynNode *l = e->u.operation.x;
        chk_errorf(ck, l->pos, INVALID_OP "shifted operand %s (type %s) must be integer",
                   chk_expr_string(ck, l), chk_type_string(ck, t));
        tv->type = t;
        return;
      }
      chk_update_expr_type(ck, e->u.operation.x, t, final);
      break;
    default:
      chk_update_expr_type(ck, e->u.operation.x, t, final);
      chk_update_expr_type(ck, e->u.operation.y, t, final);
    }
    break;
  default:
    break;
  }
  if (tv) tv->type = t;
}

/* ---- overflow ----------------------------------------------------------------------- */

void chk_overflow(Checker *ck, Operand *x, SynPos pos) {
  if (const_kind(x->val) == CONST_UNKNOWN) {
    chk_errorf(ck, pos, "constant result is not representable");
    x->mode = TV_INVALID;
    return;
  }
  if (types_is_typed(x->type)) {
    chk_representable(ck, x, x->type, true);
    return;
  }
  if (const_kind(x->val) == CONST_INT && const_bitlen(x->val) > 512) {
    const char *what = "";
    SynNode *e = x->expr;
    if (e && e->kind == SYN_OPERATION) {
      if (!e->u.operation.y) {
        switch (e->op) {
        case SYN_OP_ADD:
          what = "addition";
          break; /* unary + */
        case SYN_OP_SUB:
          what = "negation";
          break;
        case SYN_OP_XOR:
          what = "bitwise complement";
          break;
        default:
          what = "";
        }
      } else {
        switch (e->op) {
        case SYN_OP_ADD:
          what = "addition";
          break;
        case SYN_OP_SUB:
          what = "subtraction";
          break;
        case SYN_OP_MUL:
          what = "multiplication";
          break;
        case SYN_OP_SHL:
          what = "shift";
          break;
        case SYN_OP_XOR:
          what = "bitwise XOR";
          break;
        default:
          what = "";
        }
      }
    }
    if (what[0])
      chk_errorf(ck, pos, "constant %s overflow", what);
    else
      chk_errorf(ck, pos, "constant overflow");
    x->val = const_unknown(ck->ctx);
  }
}

/* ---- unary ---------------------------------------------------------------------------- */

static bool op_defined_unary(Type *t, int op) {
  switch (op) {
  case SYN_OP_ADD:
  case SYN_OP_SUB:
    return types_is_basic(t, BI_NUMERIC);
  case SYN_OP_XOR:
    return types_is_basic(t, BI_INTEGER);
  case SYN_OP_NOT:
    return types_is_basic(t, BI_BOOLEAN);
  }
  return false;
}

/* all specific types of a type parameter satisfy info */
static bool all_basic_info(Checker *ck, Type *t, uint32_t info) {
  if (t && t->kind == TY_TYPEPARAM) {
    TypeSet *s = types_typeset(ck->ctx, t->u.tparam.constraint);
    if (s->all_types || !s->nterms) return false;
    for (uint32_t i = 0; i < s->nterms; i++)
      if (!types_is_basic(s->terms[i].type, info)) return false;
    return true;
  }
  return types_is_basic(t, info);
}

static bool unary_ok(Checker *ck, Type *t, int op) {
  if (t && t->kind == TY_TYPEPARAM) {
    uint32_t info = op == SYN_OP_XOR ? BI_INTEGER : op == SYN_OP_NOT ? BI_BOOLEAN : BI_NUMERIC;
    return all_basic_info(ck, t, info);
  }
  return op_defined_unary(t, op);
}

static bool addressable_composite(SynNode *e) {
  e = chk_unparen(e);
  return e && e->kind == SYN_COMPOSITE_LIT;
}

static void unary(Checker *ck, Operand *x, SynNode *e) {
  int op = e->op;
  if (op == SYN_OP_MUL) {
    /* *x: pointer indirection or pointer type */
    chk_expr_or_type(ck, x, e->u.operation.x, false);
    if (x->mode == TV_INVALID) return;
    if (x->mode == TV_TYPE) {
      x->type = types_new_pointer(ck->ctx, x->type);
      x->expr = e;
      return;
    }
    if (x->mode == TV_NOVALUE || x->mode == TV_BUILTIN) {
      chk_single_value(ck, x);
    }
    Type *core = types_core(x->type);
    if (is_nil(x)) {
      chk_errorf(ck, e->pos, INVALID_OP "cannot indirect nil");
      x->mode = TV_INVALID;
      return;
    }
    if (!core || core->kind != TY_POINTER) {
      chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot indirect %s", chk_operand_string(ck, x));
      x->mode = TV_INVALID;
      return;
    }
    x->mode = TV_VARIABLE;
    x->type = core->u.pointer.elem;
    x->expr = e;
    if (!x->type) x->type = invalid_t(ck);
    return;
  }
  if (op == SYN_OP_TILDE) {
    chk_errorf(ck, e->pos, "cannot use ~ outside of interface or type constraint");
    chk_expr(ck, x, e->u.operation.x);
    x->mode = TV_INVALID;
    return;
  }
  chk_expr(ck, x, e->u.operation.x);
  if (x->mode == TV_INVALID) return;
  switch (op) {
  case SYN_OP_AND: {
    SynNode *inner = chk_unparen(e->u.operation.x);
    if (x->mode != TV_VARIABLE && !addressable_composite(inner)) {
      chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot take address of %s",
                 chk_operand_string(ck, x));
      x->mode = TV_INVALID;
      return;
    }
    x->mode = TV_VALUE;
    x->type = types_new_pointer(ck->ctx, x->type);
    x->expr = e;
    return;
  }
  case SYN_OP_RECV: {
    Type *core = types_core(x->type);
    if (!core) {
      chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot receive from %s: no core type",
                 chk_operand_string(ck, x));
      x->mode = TV_INVALID;
      return;
    }
    if (core->kind != TY_CHAN) {
      chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot receive from non-channel %s",
                 chk_operand_string(ck, x));
      x->mode = TV_INVALID;
      return;
    }
    if (core->u.chan.dir == CHAN_SEND) {
      chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot receive from send-only channel %s",
                 chk_operand_string(ck, x));
      x->mode = TV_INVALID;
      return;
    }
    x->mode = TV_COMMAOK;
    x->type = core->u.chan.elem;
    x->expr = e;
    return;
  }
  default:
    break;
  }
  if (!unary_ok(ck, x->type, op)) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "operator %s not defined on %s",
               syn_op_string((SynOp)op), chk_operand_string(ck, x));
    x->mode = TV_INVALID;
    return;
  }
  if (x->mode == TV_CONSTANT) {
    int prec = 0;
    bool uns = types_is_basic(x->type, BI_UNSIGNED);
    if (uns) {
      int64_t s = types_sizeof(x->type);
      prec = s > 0 ? (int)(s * 8) : 64;
    }
    x->val = const_unary(ck->ctx, op, x->val, prec, uns);
    x->expr = e;
    chk_overflow(ck, x, e->pos);
    return;
  }
  x->mode = TV_VALUE;
  x->expr = e;
}

/* ---- binary ------------------------------------------------------------------------------ */

static bool is_comparison(int op) {
  return op == SYN_OP_EQL || op == SYN_OP_NEQ || op == SYN_OP_LSS || op == SYN_OP_LEQ || op == SYN_OP_GTR ||
         op == SYN_OP_GEQ;
}

static const char *kind_string(Checker *ck, Type *t) {
  Type *u = types_underlying(t);
  if (!u) return chk_type_string(ck, t);
  switch (u->kind) {
  case TY_SLICE:
    return "slice";
  case TY_SIGNATURE:
    return "func";
  case TY_MAP:
    return "map";
  case TY_STRUCT:
    return "struct";
  case TY_ARRAY:
    return "array";
  case TY_INTERFACE:
    return t->kind == TY_TYPEPARAM ? chk_type_string(ck, t) : "interface";
  case TY_POINTER:
    return "pointer";
  case TY_CHAN:
    return "chan";
  default:
    return chk_type_string(ck, t);
  }
}

static const char *incomparable_cause(Checker *ck, Type *t) {
  Type *u = types_underlying(t);
  if (u && (u->kind == TY_SLICE || u->kind == TY_SIGNATURE || u->kind == TY_MAP))
    return chk_sprintf(ck, "%s can only be compared to nil", kind_string(ck, t));
  if (t && t->kind == TY_TYPEPARAM) return chk_sprintf(ck, "incomparable types in type set");
  /* struct/array containing incomparable fields */
  if (u && u->kind == TY_STRUCT) {
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
      Object *f = u->u.strukt.fields[i];
      if (!types_comparable(f->type))
        return chk_sprintf(ck, "struct containing %s cannot be compared", chk_type_string(ck, f->type));
    }
  }
  if (u && u->kind == TY_ARRAY) return chk_sprintf(ck, "%s cannot be compared", chk_type_string(ck, t));
  return "";
}

static bool all_ordered(Checker *ck, Type *t) {
  return all_basic_info(ck, t, BI_ORDERED);
}

void chk_comparison(Checker *ck, Operand *x, Operand *y, int op, SynNode *e, bool switch_case) {
  Operand *err_op = x;
  const char *cause = "";
  bool ok =
      types_assignable(ck->ctx, x->type, y->type, NULL) || types_assignable(ck->ctx, y->type, x->type, NULL);
  if (!ok) {
    err_op = y;
    cause = chk_sprintf(ck, "mismatched types %s and %s", chk_type_string(ck, x->type),
                        chk_type_string(ck, y->type));
    goto error;
  }
  if (op == SYN_OP_EQL || op == SYN_OP_NEQ) {
    if (is_nil(x) && is_nil(y)) { /* types2: untyped nil has no nil to compare with */
      err_op = y;
      cause = chk_sprintf(ck, "operator %s not defined on untyped nil", syn_op_string((SynOp)op));
      goto error;
    }
    if (is_nil(x) || is_nil(y)) {
      Type *t = is_nil(x) ? y->type : x->type;
      if (!types_has_nil(t) && !(t->kind == TY_TYPEPARAM)) {
        err_op = y;
        goto error;
      }
      if (t->kind == TY_TYPEPARAM) {
        err_op = is_nil(x) ? y : x;
        goto error;
      }
    } else if (!types_comparable(x->type)) {
      err_op = x;
      cause = incomparable_cause(ck, x->type);
      goto error;
    } else if (!types_comparable(y->type)) {
      err_op = y;
      cause = incomparable_cause(ck, y->type);
      goto error;
    }
  } else {
    if (!all_ordered(ck, x->type)) {
      err_op = x;
      goto error;
    }
    if (!all_ordered(ck, y->type)) {
      err_op = y;
      goto error;
    }
  }
  if (x->mode == TV_CONSTANT && y->mode == TV_CONSTANT) {
    x->val = const_bool(ck->ctx, const_compare(x->val, op, y->val));
  } else {
    x->mode = TV_VALUE;
    chk_update_expr_type(ck, x->expr, types_default(ck->ctx, x->type), true);
    chk_update_expr_type(ck, y->expr, types_default(ck->ctx, y->type), true);
    x->val = NULL;
  }
  x->type = types_basic(ck->ctx, UNTYPED_BOOL);
  return;
error:
  if (!cause[0]) {
    if (x->type->kind == TY_TYPEPARAM || y->type->kind == TY_TYPEPARAM) {
      if (x->type->kind != TY_TYPEPARAM) err_op = y;
      cause = chk_sprintf(ck, "type parameter %s is not comparable with %s",
                          chk_type_string(ck, err_op->type), syn_op_string((SynOp)op));
    } else {
      cause = chk_sprintf(ck, "operator %s not defined on %s", syn_op_string((SynOp)op),
                          is_nil(err_op) ? "nil" : kind_string(ck, err_op->type));
    }
  }
  if (switch_case)
    chk_errorf(ck, chk_expr_pos(x->expr), "invalid case %s in switch on %s (%s)",
               chk_expr_string(ck, x->expr), chk_expr_string(ck, y->expr), cause);
  else
    chk_errorf(ck, chk_expr_pos(err_op->expr), INVALID_OP "%s %s %s (%s)", chk_expr_string(ck, x->expr),
               syn_op_string((SynOp)op), chk_expr_string(ck, y->expr), cause);
  x->mode = TV_INVALID;
  (void)e;
}

static void shift(Checker *ck, Operand *x, Operand *y, SynNode *e, int op) {
  Const *xval = NULL;
  if (x->mode == TV_CONSTANT) xval = const_to_int(ck->ctx, x->val);
  if (all_basic_info(ck, x->type, BI_INTEGER) ||
      (types_is_untyped(x->type) && xval && const_kind(xval) == CONST_INT)) {
    /* ok */
  } else {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "shifted operand %s must be integer",
               chk_operand_string(ck, x));
    x->mode = TV_INVALID;
    return;
  }
  /* shift count */
  Const *yval = NULL;
  if (y->mode == TV_CONSTANT) {
    yval = const_to_int(ck->ctx, y->val);
    if (const_kind(yval) == CONST_INT && const_sign(yval) < 0) {
      chk_errorf(ck, chk_expr_pos(y->expr), INVALID_OP "negative shift count %s", chk_operand_string(ck, y));
      x->mode = TV_INVALID;
      return;
    }
    if (types_is_untyped(y->type)) {
      if (const_kind(yval) != CONST_INT) {
        chk_errorf(ck, chk_expr_pos(y->expr), INVALID_OP "shift count %s must be integer",
                   chk_operand_string(ck, y));
        x->mode = TV_INVALID;
        return;
      }
      y->val = yval;
      chk_convert_untyped(ck, y, types_basic(ck->ctx, UINT));
      if (y->mode == TV_INVALID) {
        x->mode = TV_INVALID;
        return;
      }
    }
  } else if (types_is_untyped(y->type)) {
    chk_convert_untyped(ck, y, types_basic(ck->ctx, UINT));
    if (y->mode == TV_INVALID) {
      x->mode = TV_INVALID;
      return;
    }
  }
  if (!all_basic_info(ck, y->type, BI_INTEGER)) {
    chk_errorf(ck, chk_expr_pos(y->expr), INVALID_OP "shift count %s must be integer",
               chk_operand_string(ck, y));
    x->mode = TV_INVALID;
    return;
  }
  if (x->mode == TV_CONSTANT) {
    if (y->mode == TV_CONSTANT) {
      if (const_kind(x->val) == CONST_UNKNOWN || const_kind(y->val) == CONST_UNKNOWN) {
        x->val = const_unknown(ck->ctx);
        if (!types_is_basic(x->type, BI_INTEGER)) x->type = types_basic(ck->ctx, UNTYPED_INT);
        return;
      }
      uint64_t s;
      const uint64_t shift_bound = 1023 - 1 + 52;
      if (!const_uint64_val(const_to_int(ck->ctx, y->val), &s) || s > shift_bound) {
        chk_errorf(ck, chk_expr_pos(y->expr), INVALID_OP "invalid shift count %s", chk_operand_string(ck, y));
        x->mode = TV_INVALID;
        return;
      }
      if (!types_is_basic(x->type, BI_INTEGER)) x->type = types_basic(ck->ctx, UNTYPED_INT);
      x->val = const_shift(ck->ctx, xval, op, s);
      x->expr = e;
      chk_overflow(ck, x, e->pos);
      return;
    }
    if (types_is_untyped(x->type)) {
      /* non-constant shift with untyped lhs: delayed; type from context */
      x->mode = TV_VALUE;
      x->val = NULL;
      if (ck->info) chk_record_type(ck, x->expr, TV_VALUE, x->type, NULL);
      return;
    }
  }
  if (y->mode == TV_CONSTANT) {
    uint64_t s;
    if (!const_uint64_val(const_to_int(ck->ctx, y->val), &s)) {
      chk_errorf(ck, chk_expr_pos(y->expr), INVALID_OP "invalid shift count %s", chk_operand_string(ck, y));
      x->mode = TV_INVALID;
      return;
    }
  }
  x->mode = TV_VALUE;
  x->val = NULL;
}

static bool binary_op_ok(Checker *ck, Type *t, int op) {
  switch (op) {
  case SYN_OP_ADD:
    return all_basic_info(ck, t, BI_NUMERIC | BI_STRING);
  case SYN_OP_SUB:
  case SYN_OP_MUL:
  case SYN_OP_DIV:
    return all_basic_info(ck, t, BI_NUMERIC);
  case SYN_OP_REM:
  case SYN_OP_AND:
  case SYN_OP_OR:
  case SYN_OP_XOR:
  case SYN_OP_ANDNOT:
    return all_basic_info(ck, t, BI_INTEGER);
  case SYN_OP_ANDAND:
  case SYN_OP_OROR:
    return all_basic_info(ck, t, BI_BOOLEAN);
  }
  return false;
}

static bool non_tp_interface(Type *t) {
  return t && t->kind != TY_TYPEPARAM && types_is_interface(t);
}

static bool may_convert(Checker *ck, Operand *x, Operand *y) {
  if (non_tp_interface(x->type) || non_tp_interface(y->type)) return true;
  if (all_basic_info(ck, x->type, BI_BOOLEAN) != all_basic_info(ck, y->type, BI_BOOLEAN)) return false;
  if (all_basic_info(ck, x->type, BI_STRING) != all_basic_info(ck, y->type, BI_STRING)) return false;
  if (is_nil(x) && !types_has_nil(y->type)) return false;
  if (is_nil(y) && !types_has_nil(x->type)) return false;
  return true;
}

void chk_match_types(Checker *ck, Operand *x, Operand *y) {
  if (may_convert(ck, x, y)) {
    chk_convert_untyped(ck, x, y->type);
    if (x->mode == TV_INVALID) return;
    chk_convert_untyped(ck, y, x->type);
    if (y->mode == TV_INVALID) x->mode = TV_INVALID;
  }
}

void chk_binary(Checker *ck, Operand *x, SynNode *e, SynNode *lhs, SynNode *rhs, int op) {
  Operand y = {0};
  chk_expr(ck, x, lhs);
  chk_expr(ck, &y, rhs);
  if (x->mode == TV_INVALID) return;
  if (y.mode == TV_INVALID) {
    x->mode = TV_INVALID;
    x->expr = y.expr;
    return;
  }
  if (op == SYN_OP_SHL || op == SYN_OP_SHR) {
    shift(ck, x, &y, e, op);
    if (x->mode != TV_INVALID) x->expr = e;
    return;
  }
  chk_match_types(ck, x, &y);
  if (x->mode == TV_INVALID) return;
  if (is_comparison(op)) {
    chk_comparison(ck, x, &y, op, e, false);
    x->expr = e;
    return;
  }
  if (!types_identical(x->type, y.type)) {
    if (!is_invalid_t(x->type) && !is_invalid_t(y.type)) {
      if (e)
        chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "%s (mismatched types %s and %s)",
                   chk_expr_string(ck, e), chk_type_string(ck, x->type), chk_type_string(ck, y.type));
      else
        chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "%s %s= %s (mismatched types %s and %s)",
                   chk_expr_string(ck, lhs), syn_op_string((SynOp)op), chk_expr_string(ck, rhs),
                   chk_type_string(ck, x->type), chk_type_string(ck, y.type));
    }
    x->mode = TV_INVALID;
    return;
  }
  if (!binary_op_ok(ck, x->type, op)) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "operator %s not defined on %s",
               syn_op_string((SynOp)op), chk_operand_string(ck, x));
    x->mode = TV_INVALID;
    return;
  }
  if (op == SYN_OP_DIV || op == SYN_OP_REM) {
    if ((x->mode == TV_CONSTANT || all_basic_info(ck, x->type, BI_INTEGER)) && y.mode == TV_CONSTANT &&
        const_sign(y.val) == 0) {
      chk_errorf(ck, chk_expr_pos(y.expr), INVALID_OP "division by zero");
      x->mode = TV_INVALID;
      return;
    }
    if (x->mode == TV_CONSTANT && y.mode == TV_CONSTANT && types_is_basic(x->type, BI_COMPLEX)) {
      Const *re = const_real(ck->ctx, y.val), *im = const_imag(ck->ctx, y.val);
      if (const_sign(re) == 0 && const_sign(im) == 0) {
        chk_errorf(ck, chk_expr_pos(y.expr), INVALID_OP "division by zero");
        x->mode = TV_INVALID;
        return;
      }
    }
  }
  if (x->mode == TV_CONSTANT && y.mode == TV_CONSTANT) {
    bool int_div = op == SYN_OP_DIV && types_is_basic(x->type, BI_INTEGER);
    Const *xv = x->val, *yv = y.val;
    if (int_div) {
      xv = const_to_int(ck->ctx, xv);
      yv = const_to_int(ck->ctx, yv);
    }
    Const *r = const_binary(ck->ctx, xv, op, yv, int_div);
    if (!r) {
      chk_errorf(ck, chk_expr_pos(y.expr), INVALID_OP "division by zero");
      x->mode = TV_INVALID;
      return;
    }
    x->val = r;
    x->expr = e;
    chk_overflow(ck, x, e ? e->pos : chk_pos(lhs));
    return;
  }
  x->mode = TV_VALUE;
  x->val = NULL;
  x->expr = e;
}

/* ---- composite literals ---------------------------------------------------------------- */

static int64_t index_of_const(Checker *ck, SynNode *e, int64_t max) {
  return chk_index(ck, e, max, false, "index");
}

static void composite_lit(Checker *ck, Operand *x, SynNode *e, Type *hint) {
  Type *typ = NULL, *base = NULL;
  SynNode *texpr = e->u.composite.type;
  if (texpr) {
    if (texpr->kind == SYN_ARRAY_TYPE && !texpr->u.array.len) {
      Type *elem = chk_varType(ck, texpr->u.array.elem);
      typ = types_new_array(ck->ctx, elem, -2); /* length set below */
      base = typ;
    } else {
      typ = chk_typexpr(ck, texpr);
      base = typ;
    }
  } else if (hint) {
    typ = hint;
    base = typ;
    Type *bu = types_core(base);
    if (bu && bu->kind == TY_POINTER) {
      base = bu->u.pointer.elem;
    }
  } else {
    chk_errorf(ck, e->pos, "missing type in composite literal");
    x->mode = TV_INVALID;
    x->type = invalid_t(ck);
    chk_use_exprs(ck, e->u.composite.elems.items, e->u.composite.elems.len);
    return;
  }
  Type *u = types_core(base);
  SynList *el = &e->u.composite.elems;
  if (!u || is_invalid_t(u)) {
    if (!u && !is_invalid_t(base))
      chk_errorf(ck, e->pos, "invalid composite literal type %s", chk_type_string(ck, typ));
    for (uint32_t i = 0; i < el->len; i++) {
      SynNode *k = el->items[i];
      if (k->kind == SYN_KEY_VALUE)
        chk_use_expr(ck, k->u.key_value.value);
      else
        chk_use_expr(ck, k);
    }
    x->mode = TV_INVALID;
    x->type = invalid_t(ck);
    return;
  }
  switch (u->kind) {
  case TY_STRUCT: {
    uint32_t nf = u->u.strukt.nfields;
    if (el->len == 0) break;
    bool keyed = el->items[0]->kind == SYN_KEY_VALUE;
    if (keyed) {
      bool *seen = calloc(nf ? nf : 1, 1);
      for (uint32_t i = 0; i < el->len; i++) {
        SynNode *kv = el->items[i];
        if (kv->kind != SYN_KEY_VALUE) {
          chk_errorf(ck, kv->pos, "mixture of field:value and value elements in struct literal");
          chk_use_expr(ck, kv);
          continue;
        }
        SynNode *key = kv->u.key_value.key;
        if (!key || key->kind != SYN_NAME) {
          chk_errorf(ck, kv->pos, "invalid field name %s in struct literal", chk_expr_string(ck, key));
          chk_use_expr(ck, kv->u.key_value.value);
          continue;
        }
        const char *name = chk_name(ck, key);
        int fi = -1;
        for (uint32_t k = 0; k < nf && strcmp(name, "_") != 0; k++)
          if (strcmp(u->u.strukt.fields[k]->name, name) == 0) {
            Object *f = u->u.strukt.fields[k];
            if (types_obj_exported(f) || f->pkg == ck->pkg) fi = (int)k;
          }
        if (fi < 0) {
          if (base->kind == TY_NAMED)
            chk_errorf(ck, key->pos, "unknown field '%s' in struct literal of type %s", name,
                       chk_type_string(ck, base));
          else
            chk_errorf(ck, key->pos, "unknown field '%s' in struct literal of type %s", name,
                       chk_type_string(ck, base));
          chk_use_expr(ck, kv->u.key_value.value);
          continue;
        }
        Object *f = u->u.strukt.fields[fi];
        chk_record_use(ck, key, f);
        Operand v = {0};
        chk_expr(ck, &v, kv->u.key_value.value); /* no hint: struct elements keep their types (types2) */
        chk_assignment(ck, &v, f->type, "struct literal");
        if (seen[fi]) {
          chk_errorf(ck, kv->pos, "duplicate field name %s in struct literal", name);
          continue;
        }
        seen[fi] = true;
      }
      free(seen);
    } else {
      bool reported = false;
      for (uint32_t i = 0; i < el->len; i++) {
        SynNode *v = el->items[i];
        if (v->kind == SYN_KEY_VALUE) {
          chk_errorf(ck, v->pos, "mixture of field:value and value elements in struct literal");
          chk_use_expr(ck, v->u.key_value.value);
          continue;
        }
        Operand o = {0};
        chk_expr(ck, &o, v);
        if (i >= nf) {
          if (!reported) chk_errorf(ck, v->pos, "too many values in %s{…}", chk_type_string(ck, base));
          reported = true;
          continue;
        }
        Object *f = u->u.strukt.fields[i];
        if (!types_obj_exported(f) && f->pkg != ck->pkg) {
          chk_errorf(ck, v->pos, "implicit assignment to unexported field %s in %s literal", f->name,
                     chk_type_string(ck, base));
          continue;
        }
        chk_assignment(ck, &o, f->type, "struct literal");
      }
      if (el->len < nf && !reported)
        chk_errorf(ck, e->u.composite.rbrace, "too few values in %s{…}", chk_type_string(ck, base));
    }
    break;
  }
  case TY_ARRAY:
  case TY_SLICE: {
    Type *elem = u->kind == TY_ARRAY ? u->u.array.elem : u->u.slice.elem;
    int64_t max = u->kind == TY_ARRAY && u->u.array.len >= 0 ? u->u.array.len : -1;
    int64_t idx = 0, maxidx = 0;
    /* duplicate index detection: small bitmap of seen constant indices */
    int64_t *seen = NULL;
    uint32_t nseen = 0, cap_seen = 0;
    for (uint32_t i = 0; i < el->len; i++) {
      SynNode *v = el->items[i];
      bool valid_index = false;
      if (v->kind == SYN_KEY_VALUE) {
        int64_t k = index_of_const(ck, v->u.key_value.key, max);
        if (k >= 0) {
          idx = k;
          valid_index = true;
        } else if (k == -1) {
          /* error reported */
        } else {
          chk_errorf(ck, v->pos, "index %s must be integer constant",
                     chk_expr_string(ck, v->u.key_value.key));
        }
        v = v->u.key_value.value;
      } else if (max >= 0 && idx >= max) {
        chk_errorf(ck, v->pos, "index %lld is out of bounds (>= %lld)", (long long)idx, (long long)max);
      } else {
        valid_index = true;
      }
      if (valid_index) {
        bool dup = false;
        for (uint32_t s = 0; s < nseen; s++)
          if (seen[s] == idx) dup = true;
        if (dup)
          chk_errorf(ck, v->pos, "duplicate index %lld in array or slice literal", (long long)idx);
        else if (nseen < 100000)
          VEC_PUSH(ck, seen, nseen, cap_seen, idx);
      }
      idx++;
      if (idx > maxidx) maxidx = idx;
      Operand o = {0};
      chk_expr_with_hint(ck, &o, v, elem);
      chk_assignment(ck, &o, elem, "array or slice literal");
    }
    free(seen);
    if (u->kind == TY_ARRAY && u->u.array.len == -2) u->u.array.len = maxidx;
    break;
  }
  case TY_MAP: {
    Operand *keys = NULL;
    uint32_t nkeys = 0, cap_keys = 0;
    for (uint32_t i = 0; i < el->len; i++) {
      SynNode *kv = el->items[i];
      if (kv->kind != SYN_KEY_VALUE) {
        chk_errorf(ck, kv->pos, "missing key in map literal");
        chk_use_expr(ck, kv);
        continue;
      }
      Operand k = {0};
      chk_expr_with_hint(ck, &k, kv->u.key_value.key, u->u.map.key);
      chk_assignment(ck, &k, u->u.map.key, "map literal");
      if (k.mode == TV_CONSTANT) { /* interface keys: same value and same type */
        bool dup = false;
        for (uint32_t s = 0; s < nkeys; s++)
          if (types_identical(keys[s].type, k.type) && const_compare(keys[s].val, SYN_OP_EQL, k.val))
            dup = true;
        if (dup)
          chk_errorf(ck, kv->u.key_value.key->pos, "duplicate key %s in map literal",
                     const_string_repr(ck->ctx, k.val));
        else
          VEC_PUSH(ck, keys, nkeys, cap_keys, k);
      }
      Operand v = {0};
      chk_expr_with_hint(ck, &v, kv->u.key_value.value, u->u.map.elem);
      chk_assignment(ck, &v, u->u.map.elem, "map literal");
    }
    free(keys);
    break;
  }
  default:
    chk_errorf(ck, e->pos, "invalid composite literal type %s", chk_type_string(ck, typ));
    for (uint32_t i = 0; i < el->len; i++) {
      SynNode *k = el->items[i];
      chk_use_expr(ck, k->kind == SYN_KEY_VALUE ? k->u.key_value.value : k);
    }
    x->mode = TV_INVALID;
    x->type = invalid_t(ck);
    return;
  }
  if (typ->kind == TY_ARRAY && typ->u.array.len == -2) typ->u.array.len = 0;
  x->mode = TV_VALUE;
  x->type = typ;
  x->expr = e;
}

/* ---- index and slice expressions ------------------------------------------------------------ */

int64_t chk_index(Checker *ck, SynNode *e, int64_t max, bool allow_neg, const char *what) {
  Operand x = {0};
  chk_expr(ck, &x, e);
  if (x.mode == TV_INVALID) return -1;
  chk_convert_untyped(ck, &x, types_basic(ck->ctx, INT));
  if (x.mode == TV_INVALID) return -1;
  if (!all_basic_info(ck, x.type, BI_INTEGER)) {
    chk_errorf(ck, e->pos, "invalid argument: %s %s must be integer", what, chk_operand_string(ck, &x));
    return -1;
  }
  if (x.mode == TV_CONSTANT) {
    if (!allow_neg && const_sign(x.val) < 0) {
      chk_errorf(ck, e->pos, "invalid argument: %s %s must not be negative", what,
                 chk_operand_string(ck, &x));
      return -1;
    }
    int64_t v;
    if (!const_int64_val(const_to_int(ck->ctx, x.val), &v)) {
      chk_errorf(ck, e->pos, "invalid argument: %s %s overflows int", what, chk_operand_string(ck, &x));
      return -1;
    }
    if (max >= 0 && v >= max) {
      chk_errorf(ck, e->pos, "invalid argument: index %s out of bounds [0:%lld]",
                 const_string_repr(ck->ctx, x.val), (long long)max);
      return -1;
    }
    return v;
  }
  return -3; /* valid non-constant */
}

void chk_index_expr(Checker *ck, Operand *x, SynNode *e) {
  chk_expr_or_type(ck, x, e->u.index.x, true);
  if (x->mode == TV_INVALID) {
    chk_use_expr(ck, e->u.index.index);
    return;
  }
  if (x->mode == TV_TYPE) {
    /* generic type instantiation */
    Type *t = chk_typexpr(ck, e);
    x->mode = is_invalid_t(t) ? TV_INVALID : TV_TYPE;
    x->type = t;
    x->expr = e;
    return;
  }
  if (x->mode == TV_VALUE && x->type && x->type->kind == TY_SIGNATURE && x->type->u.sig.ntparams) {
    chk_func_inst(ck, x, e);
    return;
  }
  if (x->mode == TV_BUILTIN || x->mode == TV_NOVALUE) {
    chk_single_value(ck, x);
    if (x->mode == TV_INVALID) return;
  }
  SynNode *ie = e->u.index.index;
  if (ie && ie->kind == SYN_LIST_EXPR) {
    chk_errorf(ck, ie->pos, INVALID_OP "more than one index");
    ie = ie->u.list.elems.len ? ie->u.list.elems.items[0] : NULL;
  }
  Type *u = types_core(x->type);
  if (x->type->kind == TY_TYPEPARAM && !u) {
    /* all types in the type set must support indexing with the same element type */
    TypeSet *s = types_typeset(ck->ctx, x->type->u.tparam.constraint);
    Type *elem = NULL;
    bool ok = !s->all_types && s->nterms;
    /* as types2: addressable unless a string, or an array of a
       non-addressable operand, is in the type set */
    uint8_t mode = TV_VARIABLE;
    for (uint32_t i = 0; ok && i < s->nterms; i++) {
      Type *tu = types_underlying(s->terms[i].type);
      Type *el = NULL;
      if (tu->kind == TY_BASIC && (tu->u.basic.info & BI_STRING)) {
        el = types_basic(ck->ctx, UINT8);
        mode = TV_VALUE;
      } else if (tu->kind == TY_ARRAY) {
        el = tu->u.array.elem;
        if (x->mode != TV_VARIABLE) mode = TV_VALUE;
      } else if (tu->kind == TY_SLICE)
        el = tu->u.slice.elem;
      else if (tu->kind == TY_POINTER && types_underlying(tu->u.pointer.elem)->kind == TY_ARRAY)
        el = types_underlying(tu->u.pointer.elem)->u.array.elem;
      if (!el || (elem && !types_identical(elem, el))) ok = false;
      elem = el;
    }
    if (ok) {
      chk_index(ck, ie, -1, false, "index");
      x->mode = mode;
      x->type = elem;
      x->expr = e;
      return;
    }
  }
  if (!u) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot index %s", chk_operand_string(ck, x));
    chk_use_expr(ck, ie);
    x->mode = TV_INVALID;
    return;
  }
  int64_t length = -1;
  bool valid = false;
  switch (u->kind) {
  case TY_BASIC:
    if (u->u.basic.info & BI_STRING) {
      valid = true;
      if (x->mode == TV_CONSTANT) {
        size_t n;
        const_string_val(x->val, &n);
        length = (int64_t)n;
      }
      x->mode = TV_VALUE;
      x->type = ck->ctx->byte_alias;
    }
    break;
  case TY_ARRAY:
    valid = true;
    length = u->u.array.len;
    if (x->mode != TV_VARIABLE) x->mode = TV_VALUE;
    x->type = u->u.array.elem;
    break;
  case TY_POINTER: {
    Type *a = types_underlying(u->u.pointer.elem);
    if (a && a->kind == TY_ARRAY) {
      valid = true;
      length = a->u.array.len;
      x->mode = TV_VARIABLE;
      x->type = a->u.array.elem;
    }
    break;
  }
  case TY_SLICE:
    valid = true;
    x->mode = TV_VARIABLE;
    x->type = u->u.slice.elem;
    break;
  case TY_MAP: {
    Operand k = {0};
    chk_expr_with_hint(ck, &k, ie, u->u.map.key);
    chk_assignment(ck, &k, u->u.map.key, "map index");
    x->mode = TV_MAPINDEX;
    x->type = u->u.map.elem;
    x->expr = e;
    return;
  }
  default:
    break;
  }
  if (!valid) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot index %s", chk_operand_string(ck, x));
    chk_use_expr(ck, ie);
    x->mode = TV_INVALID;
    return;
  }
  if (!ie) {
    chk_errorf(ck, e->pos, "expected index");
    x->mode = TV_INVALID;
    return;
  }
  int64_t r = chk_index(ck, ie, length, false, "index");
  if (r == -1) {
    /* keep the element type to avoid follow-on errors */
  }
  if (x->mode == TV_VALUE && x->type && x->type->kind == TY_BASIC && length >= 0 && r >= 0 && 0) {
  }
  x->expr = e;
  if (!x->type) x->type = invalid_t(ck);
}

static void slice_expr(Checker *ck, Operand *x, SynNode *e) {
  chk_expr(ck, x, e->u.slice.x);
  if (x->mode == TV_INVALID) {
    for (int i = 0; i < 3; i++)
      chk_use_expr(ck, e->u.slice.index[i]);
    return;
  }
  bool full = (e->flags & SYN_F_FULL_SLICE) != 0;
  int64_t length = -1;
  Type *u = types_core(x->type);
  bool valid = false;
  if (u) switch (u->kind) {
    case TY_BASIC:
      if (u->u.basic.info & BI_STRING) {
        if (full) {
          chk_errorf(ck, e->pos, INVALID_OP "3-index slice of string");
          x->mode = TV_INVALID;
          return;
        }
        valid = true;
        if (x->mode == TV_CONSTANT) {
          size_t n;
          const_string_val(x->val, &n);
          length = (int64_t)n;
        }
        if (types_is_untyped(x->type)) x->type = types_basic(ck->ctx, STRING);
      }
      break;
    case TY_ARRAY:
      valid = true;
      length = u->u.array.len;
      if (x->mode != TV_VARIABLE) {
        chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "%s (slice of unaddressable value)",
                   chk_expr_string(ck, e));
        x->mode = TV_INVALID;
        return;
      }
      x->type = types_new_slice(ck->ctx, u->u.array.elem);
      break;
    case TY_POINTER: {
      Type *a = types_underlying(u->u.pointer.elem);
      if (a && a->kind == TY_ARRAY) {
        valid = true;
        length = a->u.array.len;
        x->type = types_new_slice(ck->ctx, a->u.array.elem);
      }
      break;
    }
    case TY_SLICE:
      valid = true;
      break;
    default:
      break;
    }
  if (!valid) {
    chk_errorf(ck, chk_expr_pos(x->expr), "cannot slice %s", chk_operand_string(ck, x));
    x->mode = TV_INVALID;
    return;
  }
  x->mode = TV_VALUE;
  if (full && (!e->u.slice.index[1] || !e->u.slice.index[2])) {
    chk_errorf(ck, e->pos, INVALID_OP "middle index required in 3-index slice");
    x->mode = TV_INVALID;
    return;
  }
  int64_t vals[3] = {-1, -1, -1};
  for (int i = 0; i < 3; i++) {
    if (!e->u.slice.index[i]) continue;
    int64_t max = length >= 0 ? length + 1 : -1;
    int64_t v = chk_index(ck, e->u.slice.index[i], max, false, "index");
    vals[i] = v;
  }
  /* constant indices must be non-decreasing */
  int64_t prev = -1;
  for (int i = 0; i < 3; i++) {
    if (vals[i] >= 0) {
      if (prev > vals[i]) {
        chk_errorf(ck, e->u.slice.index[i]->pos, "invalid slice indices: %lld < %lld", (long long)vals[i],
                   (long long)prev);
        break;
      }
      prev = vals[i];
    }
  }
  x->expr = e;
}

/* ---- type assertions ---------------------------------------------------------------------------- */

static void type_assertion(Checker *ck, Operand *x, SynNode *e) {
  chk_expr(ck, x, e->u.assert.x);
  if (x->mode == TV_INVALID) {
    chk_typexpr(ck, e->u.assert.type);
    return;
  }
  if (x->type->kind == TY_TYPEPARAM) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "cannot use type assertion on type parameter value %s",
               chk_operand_string(ck, x));
    x->mode = TV_INVALID;
    return;
  }
  if (!types_is_interface(x->type)) {
    chk_errorf(ck, chk_expr_pos(x->expr), INVALID_OP "%s is not an interface", chk_operand_string(ck, x));
    chk_typexpr(ck, e->u.assert.type);
    x->mode = TV_INVALID;
    return;
  }
  Type *T = chk_varType(ck, e->u.assert.type);
  if (is_invalid_t(T)) {
    x->mode = TV_INVALID;
    return;
  }
  /* a type parameter is checked as an interface (its constraint) would
     be: statically never impossible (types2's assertableTo) */
  if (!types_is_interface(T) && T->kind != TY_TYPEPARAM) {
    Object *m = NULL;
    bool wrong = false, ptr = false;
    if (!types_missing_method(ck->ctx, T, x->type, &m, &wrong, &ptr)) {
      const char *cause = types_missing_reason(ck->ctx, T, x->type, ck->pkg);
      (void)wrong, (void)ptr, (void)m;
      chk_errorf(ck, e->pos, "impossible type assertion: %s\n\t%s does not implement %s %s",
                 chk_expr_string(ck, e), chk_type_string(ck, T), chk_type_string(ck, x->type), cause);
      x->mode = TV_INVALID;
      return;
    }
  }
  x->mode = TV_COMMAOK;
  x->type = T;
  x->expr = e;
}

/* ---- main dispatch ---------------------------------------------------------------------------- */

static void basic_lit(Checker *ck, Operand *x, SynNode *e) {
  x->expr = e;
  if (e->flags & SYN_F_BAD_LIT) {
    x->mode = TV_INVALID;
    x->type = invalid_t(ck);
    return;
  }
  if (e->u.lit.value.len > 10000 && e->op != SYN_LIT_STRING) {
    chk_errorf(ck, e->pos, "excessively long constant: %.10s... (%u chars)", e->u.lit.value.ptr,
               e->u.lit.value.len);
    x->mode = TV_INVALID;
    x->type = invalid_t(ck);
    return;
  }
  const char *err = NULL;
  Const *v = const_from_literal(ck->ctx, e->op, e->u.lit.value.ptr, e->u.lit.value.len, &err);
  if (const_kind(v) == CONST_UNKNOWN) {
    chk_errorf(ck, e->pos, "malformed constant: %s", chk_expr_string(ck, e));
    x->mode = TV_INVALID;
    x->type = invalid_t(ck);
    return;
  }
  BasicKind k = UNTYPED_INT;
  switch (e->op) {
  case SYN_LIT_INT:
    k = UNTYPED_INT;
    break;
  case SYN_LIT_FLOAT:
    k = UNTYPED_FLOAT;
    break;
  case SYN_LIT_IMAG:
    k = UNTYPED_COMPLEX;
    break;
  case SYN_LIT_RUNE:
    k = UNTYPED_RUNE;
    break;
  case SYN_LIT_STRING:
    k = UNTYPED_STRING;
    break;
  }
  x->mode = TV_CONSTANT;
  x->type = types_basic(ck->ctx, k);
  x->val = v;
}

void chk_raw_expr(Checker *ck, Operand *x, SynNode *e, Type *hint, bool allow_generic) {
  memset(x, 0, sizeof *x);
  x->expr = e;
  x->type = invalid_t(ck);
  if (!e) {
    return;
  }
  switch (e->kind) {
  case SYN_BAD:
    break;
  case SYN_NAME:
    ident(ck, x, e, false);
    break;
  case SYN_BASIC_LIT:
    basic_lit(ck, x, e);
    break;
  case SYN_COMPOSITE_LIT:
    composite_lit(ck, x, e, hint);
    break;
  case SYN_FUNC_LIT:
    chk_func_lit(ck, x, e);
    break;
  case SYN_PAREN: {
    chk_raw_expr(ck, x, e->u.paren.x, hint, allow_generic);
    x->expr = e;
    break;
  }
  case SYN_SELECTOR:
    chk_selector(ck, x, e, false);
    break;
  case SYN_INDEX:
    chk_index_expr(ck, x, e);
    break;
  case SYN_SLICE:
    slice_expr(ck, x, e);
    break;
  case SYN_ASSERT:
    type_assertion(ck, x, e);
    break;
  case SYN_TYPE_SWITCH_GUARD:
    chk_errorf(ck, e->pos, "use of .(type) outside type switch");
    chk_use_expr(ck, e->u.guard.x);
    break;
  case SYN_CALL:
    chk_call(ck, x, e);
    break;
  case SYN_OPERATION:
    if (!e->u.operation.y) {
      unary(ck, x, e);
    } else {
      chk_binary(ck, x, e, e->u.operation.x, e->u.operation.y, e->op);
    }
    break;
  case SYN_KEY_VALUE:
    chk_errorf(ck, e->pos, "unexpected key:value expression");
    chk_use_expr(ck, e->u.key_value.value);
    break;
  case SYN_LIST_EXPR:
    chk_errorf(ck, e->pos, "unexpected list of expressions");
    chk_use_exprs(ck, e->u.list.elems.items, e->u.list.elems.len);
    break;
  case SYN_ARRAY_TYPE:
  case SYN_SLICE_TYPE:
  case SYN_STRUCT_TYPE:
  case SYN_FUNC_TYPE:
  case SYN_INTERFACE_TYPE:
  case SYN_MAP_TYPE:
  case SYN_CHAN_TYPE:
    x->mode = TV_TYPE;
    x->type = chk_typexpr(ck, e);
    break;
  case SYN_DOTS_TYPE:
    chk_errorf(ck, e->pos, "invalid use of '...'");
    break;
  default:
    chk_errorf(ck, e->pos, "unexpected %s in expression", syn_kind_name((SynKind)e->kind));
    break;
  }
  if (!x->type) x->type = invalid_t(ck);
  if (e->kind != SYN_NAME && e->kind != SYN_PAREN) x->nilval = false;
  if (x->mode != TV_INVALID && x->type->kind != TY_TUPLE)
    chk_record_type(ck, e, x->mode, x->type, x->mode == TV_CONSTANT ? x->val : NULL);
  if (!allow_generic && x->mode == TV_VALUE && x->type->kind == TY_SIGNATURE && x->type->u.sig.ntparams &&
      e->kind != SYN_CALL) {
    /* generic function used without instantiation: reported by callers
     * that need a value (chk_expr) */
  }
  if (!allow_generic && x->mode == TV_TYPE && x->type->kind == TY_NAMED && x->type->u.named.ntparams &&
      !x->type->u.named.orig) {
    chk_errorf(ck, e->pos, "cannot use generic type %s without instantiation", chk_type_string(ck, x->type));
    x->mode = TV_INVALID;
  }
}

void chk_single_value(Checker *ck, Operand *x) {
  if (x->mode == TV_VALUE && x->type && x->type->kind == TY_TUPLE) {
    chk_errorf(ck, chk_expr_pos(x->expr), "multiple-value %s in single-value context",
               chk_operand_string(ck, x));
    x->mode = TV_INVALID;
  }
}

static void exclude(Checker *ck, Operand *x, bool allow_type) {
  const char *msg = NULL;
  switch (x->mode) {
  case TV_NOVALUE:
    msg = allow_type ? "%s used as value or type" : "%s used as value";
    break;
  case TV_BUILTIN:
    msg = "%s must be called";
    break;
  case TV_TYPE:
    if (!allow_type) msg = "%s is not an expression";
    break;
  default:
    break;
  }
  if (msg) {
    chk_errorf(ck, chk_expr_pos(x->expr), msg, chk_operand_string(ck, x));
    x->mode = TV_INVALID;
  }
}

void chk_expr(Checker *ck, Operand *x, SynNode *e) {
  chk_raw_expr(ck, x, e, NULL, false);
  exclude(ck, x, false);
  chk_single_value(ck, x);
  if (x->mode == TV_VALUE && x->type->kind == TY_SIGNATURE && x->type->u.sig.ntparams) {
    /* allowed only in calls and instantiations; the caller checks
     * assignment of generic functions */
  }
}

void chk_expr_with_hint(Checker *ck, Operand *x, SynNode *e, Type *hint) {
  chk_raw_expr(ck, x, e, hint, false);
  exclude(ck, x, false);
  chk_single_value(ck, x);
}

void chk_multi_expr(Checker *ck, Operand *x, SynNode *e) {
  chk_raw_expr(ck, x, e, NULL, false);
  exclude(ck, x, false);
}

void chk_expr_or_type(Checker *ck, Operand *x, SynNode *e, bool allow_generic) {
  chk_raw_expr(ck, x, e, NULL, allow_generic);
  if (x->mode == TV_NOVALUE) {
    chk_errorf(ck, chk_expr_pos(x->expr), "%s used as value or type", chk_operand_string(ck, x));
    x->mode = TV_INVALID;
  }
  chk_single_value(ck, x);
}

void chk_use_expr(Checker *ck, SynNode *e) {
  if (!e) return;
  if (e->kind == SYN_NAME && e->u.name.value.len == 1 && e->u.name.value.ptr[0] == '_') return;
  Operand x = {0};
  uint32_t save = ck->nerrors;
  (void)save;
  chk_raw_expr(ck, &x, e, NULL, true);
}

void chk_use_exprs(Checker *ck, SynNode **es, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    chk_use_expr(ck, es[i]);
}

/* ---- assignment ---------------------------------------------------------------------------------- */

bool chk_assignment(Checker *ck, Operand *x, Type *T, const char *context) {
  chk_single_value(ck, x);
  if (x->mode == TV_INVALID) return false;
  switch (x->mode) {
  case TV_CONSTANT:
  case TV_VARIABLE:
  case TV_MAPINDEX:
  case TV_VALUE:
  case TV_COMMAOK:
    break;
  default:
    chk_errorf(ck, chk_expr_pos(x->expr), "cannot assign %s to %s in %s", chk_operand_string(ck, x),
               chk_type_string(ck, T), context);
    x->mode = TV_INVALID;
    return false;
  }
  if (types_is_untyped(x->type)) {
    Type *target = T;
    if (is_nil(x)) {
      if (!T) {
        chk_errorf(ck, chk_expr_pos(x->expr), "use of untyped nil in %s", context);
        x->mode = TV_INVALID;
        return false;
      }
    } else if (!T || (types_is_interface(T) && T->kind != TY_TYPEPARAM)) {
      target = types_default(ck->ctx, x->type);
    }
    Type *nt;
    Const *v;
    int code = implicit_type(ck, x, target, &nt, &v);
    if (code) {
      const char *suffix = code == CONV_TRUNCATED  ? " (truncated)"
                           : code == CONV_OVERFLOW ? " (overflows)"
                                                   : "";
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot use %s as %s value in %s%s", chk_operand_string(ck, x),
                 chk_type_string(ck, target), context, suffix);
      x->mode = TV_INVALID;
      return false;
    }
    if (v) x->val = v;
    if (nt != x->type) {
      x->type = nt;
      chk_update_expr_type(ck, x->expr, nt, false);
    }
  }
  if (x->type->kind == TY_SIGNATURE && x->type->u.sig.ntparams) {
    chk_errorf(ck, chk_expr_pos(x->expr), "cannot use generic function %s without instantiation in %s",
               chk_expr_string(ck, x->expr), context);
    x->mode = TV_INVALID;
    return false;
  }
  if (!T) return true;
  char *reason = NULL;
  if (!types_assignable(ck->ctx, x->type, T, &reason)) {
    if (reason && strcmp(reason, "need type assertion") == 0) {
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot use %s as type %s in %s:\n\tneed type assertion",
                 chk_operand_string(ck, x), chk_type_string(ck, T), context);
    } else if (reason && reason[0]) {
      reason = types_missing_reason(ck->ctx, x->type, T, ck->pkg);
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot use %s as type %s in %s:\n\t%s does not implement %s %s",
                 chk_operand_string(ck, x), chk_type_string(ck, T), context, chk_type_string(ck, x->type),
                 chk_type_string(ck, T), reason ? reason : "");
    } else {
      chk_errorf(ck, chk_expr_pos(x->expr), "cannot use %s as type %s in %s", chk_operand_string(ck, x),
                 chk_type_string(ck, T), context);
    }
    x->mode = TV_INVALID;
    return false;
  }
  return true;
}
