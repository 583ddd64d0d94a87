/*
 * stmt.c: function bodies and statements: blocks and scopes, assignments
 * (=, op=, :=, ++/--), variable initialization with multi-value calls and
 * comma-ok forms, if/for/range/switch/type switch/select, go/defer,
 * return, branch statements with labels, "declared but not used" and
 * "missing return" (terminating statements, spec "Terminating
 * statements").
 *
 * Context flags (ctxflags) passed down the statement walk say where
 * break/continue/fallthrough are allowed. Labels are resolved per function
 * body in a separate pass (chk_labels) over the whole body, so forward
 * gotos work, and jumps over variable declarations and into blocks are
 * detected by position.
 *
 * "declared but not used": every local variable is appended to
 * ck->localvars; a body reports the unused ones it added when it ends
 * (closures first, as their bodies end first). Assignments to a variable
 * do not count as uses.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

#define INVALID_OP "invalid operation: "

enum {
  CTX_BREAK = 1 << 0,
  CTX_CONTINUE = 1 << 1,
  CTX_FALLTHROUGH = 1 << 2,
  CTX_FINAL_SWITCH_CASE = 1 << 3,
  CTX_IN_TYPE_SWITCH = 1 << 4,
};

static Type *invalid_t(Checker *ck) {
  return types_basic(ck->ctx, INVALID);
}
static bool is_invalid_t(Type *t) {
  return !t || (t->kind == TY_BASIC && t->basic == INVALID);
}
static bool is_nil(Operand *x) {
  return x->nilval || (x->type && x->type->kind == TY_BASIC && x->type->basic == UNTYPED_NIL);
}

static void stmt(Checker *ck, SynNode *s, int ctx);

static void open_scope(Checker *ck) {
  ck->fc.scope = types_scope_new(ck->ctx, ck->fc.scope);
}
static void close_scope(Checker *ck) {
  ck->fc.scope = ck->fc.scope->parent;
}

void chk_stmt_list(Checker *ck, SynList *l, int ctx) {
  int inner = ctx & ~(CTX_FALLTHROUGH | CTX_FINAL_SWITCH_CASE);
  /* trailing empty statements do not count for fallthrough position */
  int32_t last = (int32_t)l->len - 1;
  while (last >= 0 && l->items[last]->kind == SYN_EMPTY_STMT)
    last--;
  for (uint32_t i = 0; i < l->len; i++) {
    int c = inner;
    if ((ctx & CTX_FALLTHROUGH) && (int32_t)i == last) c |= CTX_FALLTHROUGH;
    if ((ctx & CTX_FINAL_SWITCH_CASE) && (int32_t)i == last) c |= CTX_FINAL_SWITCH_CASE;
    stmt(ck, l->items[i], c);
  }
}

/* ---- termination ------------------------------------------------------------------ */

static bool is_terminating(Checker *ck, SynNode *s, const char *label);

static bool has_break(SynNode *s, const char *label, bool implicit, Checker *ck);

static bool has_break_list(SynList *l, const char *label, bool implicit, Checker *ck) {
  for (uint32_t i = 0; i < l->len; i++)
    if (has_break(l->items[i], label, implicit, ck)) return true;
  return false;
}

static bool name_is(Checker *ck, SynNode *n, const char *s) {
  return n && s && strcmp(chk_name(ck, n), s) == 0;
}

static bool has_break(SynNode *s, const char *label, bool implicit, Checker *ck) {
  if (!s) return false;
  switch (s->kind) {
  case SYN_BRANCH_STMT:
    if (s->op == SYN_BREAK) {
      if (!s->u.branch.label) return implicit;
      return name_is(ck, s->u.branch.label, label);
    }
    return false;
  case SYN_LABELED_STMT:
    return has_break(s->u.labeled.stmt, label, implicit, ck);
  case SYN_BLOCK_STMT:
    return has_break_list(&s->u.block.stmts, label, implicit, ck);
  case SYN_IF_STMT:
    return has_break(s->u.if_stmt.then, label, implicit, ck) ||
           has_break(s->u.if_stmt.else_, label, implicit, ck);
  case SYN_CASE_CLAUSE:
    return has_break_list(&s->u.case_clause.body, label, implicit, ck);
  case SYN_COMM_CLAUSE:
    return has_break_list(&s->u.comm_clause.body, label, implicit, ck);
  case SYN_SWITCH_STMT:
    if (!label) return false;
    for (uint32_t i = 0; i < s->u.switch_stmt.clauses.len; i++)
      if (has_break(s->u.switch_stmt.clauses.items[i], label, false, ck)) return true;
    return false;
  case SYN_SELECT_STMT:
    if (!label) return false;
    for (uint32_t i = 0; i < s->u.select_stmt.clauses.len; i++)
      if (has_break(s->u.select_stmt.clauses.items[i], label, false, ck)) return true;
    return false;
  case SYN_FOR_STMT:
    if (!label) return false;
    return has_break(s->u.for_stmt.body, label, false, ck);
  default:
    return false;
  }
}

static bool is_terminating_list(Checker *ck, SynList *l) {
  int32_t i = (int32_t)l->len - 1;
  while (i >= 0 && l->items[i]->kind == SYN_EMPTY_STMT)
    i--;
  return i >= 0 && is_terminating(ck, l->items[i], NULL);
}

static bool is_panic_call(Checker *ck, SynNode *e) {
  e = chk_unparen(e);
  if (!e || e->kind != SYN_CALL) return false;
  SynNode *f = chk_unparen(e->u.call.fun);
  if (!f || f->kind != SYN_NAME) return false;
  Object *o = ck->info ? types_ptrmap_get(&ck->info->uses, f) : NULL;
  if (o) return o->kind == OBJ_BUILTIN && o->builtin == BUILTIN_PANIC;
  Object *u = types_scope_lookup(ck->fc.scope, "panic", NULL);
  return name_is(ck, f, "panic") && u && u->kind == OBJ_BUILTIN;
}

static bool is_terminating(Checker *ck, SynNode *s, const char *label) {
  if (!s) return false;
  switch (s->kind) {
  case SYN_RETURN_STMT:
    return true;
  case SYN_BRANCH_STMT:
    return s->op == SYN_GOTO || s->op == SYN_FALLTHROUGH;
  case SYN_EXPR_STMT:
    return is_panic_call(ck, s->u.expr_stmt.x);
  case SYN_BLOCK_STMT:
    return is_terminating_list(ck, &s->u.block.stmts);
  case SYN_LABELED_STMT:
    return is_terminating(ck, s->u.labeled.stmt, chk_name(ck, s->u.labeled.label));
  case SYN_IF_STMT:
    return s->u.if_stmt.else_ && is_terminating(ck, s->u.if_stmt.then, NULL) &&
           is_terminating(ck, s->u.if_stmt.else_, NULL);
  case SYN_FOR_STMT:
    if (s->u.for_stmt.init && s->u.for_stmt.init->kind == SYN_RANGE_CLAUSE) return false;
    return !s->u.for_stmt.cond && !has_break(s->u.for_stmt.body, label, true, ck);
  case SYN_SWITCH_STMT: {
    bool has_default = false;
    for (uint32_t i = 0; i < s->u.switch_stmt.clauses.len; i++) {
      SynNode *c = s->u.switch_stmt.clauses.items[i];
      if (!c->u.case_clause.cases) has_default = true;
      if (!is_terminating_list(ck, &c->u.case_clause.body) ||
          has_break_list(&c->u.case_clause.body, label, true, ck))
        return false;
    }
    return has_default;
  }
  case SYN_SELECT_STMT:
    for (uint32_t i = 0; i < s->u.select_stmt.clauses.len; i++) {
      SynNode *c = s->u.select_stmt.clauses.items[i];
      if (!is_terminating_list(ck, &c->u.comm_clause.body) ||
          has_break_list(&c->u.comm_clause.body, label, true, ck))
        return false;
    }
    return true;
  default:
    return false;
  }
}

/* ---- bodies ---------------------------------------------------------------------------- */

static void report_unused(Checker *ck, uint32_t from) {
  for (uint32_t i = from; i < ck->nlocalvars; i++) {
    Object *o = ck->localvars[i];
    if (!o->used && strcmp(o->name, "_") != 0) {
      const SynFile *save = ck->file;
      ck->file = o->file;
      chk_softf(ck, o->pos, "%s declared but not used", o->name);
      ck->file = save;
    }
  }
  ck->nlocalvars = from;
}

void chk_body(Checker *ck, Type *sig, SynNode *body, Scope *scope, const char *name) {
  (void)name;
  if (!body) return;
  FuncCtx save = ck->fc;
  DeclInfo *save_decl = ck->decl;
  uint32_t from = ck->nlocalvars;
  ck->fc.sig = sig;
  ck->fc.scope = scope ? scope : types_scope_new(ck->ctx, ck->file_scope);
  ck->fc.iota_valid = 0;
  /* a body's dependencies belong to the function's DeclInfo */
  if (!save_decl || !scope) {
  }
  chk_stmt_list(ck, &body->u.block.stmts, 0);
  chk_labels(ck, body);
  if (sig && sig->u.sig.results && sig->u.sig.results->u.tuple.len && !is_terminating(ck, body, NULL))
    chk_errorf(ck, body->u.block.rbrace, "missing return");
  report_unused(ck, from);
  ck->fc = save;
  ck->decl = save_decl;
}

/* ---- assignments ------------------------------------------------------------------------ */

/* Evaluates rhs expressions; expands a single multi-value call. With
 * allow_commaok and a single comma-ok operand (map index, type assertion,
 * receive), returns two operands (value, untyped bool). */
static Operand *expr_list(Checker *ck, SynNode *rhs, uint32_t *n, bool allow_commaok, bool *commaok) {
  uint32_t nr = chk_list_len(rhs);
  *commaok = false;
  if (nr == 1) {
    Operand x = {0};
    chk_multi_expr(ck, &x, chk_list_at(rhs, 0));
    if (x.mode != TV_INVALID && x.type && x.type->kind == TY_TUPLE) {
      uint32_t k = x.type->u.tuple.len;
      Operand *ops = calloc(k ? k : 1, sizeof *ops);
      for (uint32_t i = 0; i < k; i++) {
        ops[i].mode = TV_VALUE;
        ops[i].expr = x.expr;
        ops[i].type = x.type->u.tuple.vars[i]->type;
      }
      *n = k;
      return ops;
    }
    if (allow_commaok && (x.mode == TV_MAPINDEX || x.mode == TV_COMMAOK)) {
      Operand *ops = calloc(2, sizeof *ops);
      ops[0] = x;
      ops[0].mode = TV_VALUE;
      ops[1].mode = TV_VALUE;
      ops[1].expr = x.expr;
      ops[1].type = types_basic(ck->ctx, UNTYPED_BOOL);
      *n = 2;
      *commaok = true;
      return ops;
    }
    Operand *ops = calloc(1, sizeof *ops);
    ops[0] = x;
    *n = 1;
    return ops;
  }
  Operand *ops = calloc(nr ? nr : 1, sizeof *ops);
  for (uint32_t i = 0; i < nr; i++)
    chk_expr(ck, &ops[i], chk_list_at(rhs, i));
  *n = nr;
  return ops;
}

static void assign_error(Checker *ck, SynNode *rhs, uint32_t nvars, uint32_t nvals) {
  const char *vars = chk_sprintf(ck, "%u variable%s", nvars, nvars == 1 ? "" : "s");
  const char *vals = chk_sprintf(ck, "%u value%s", nvals, nvals == 1 ? "" : "s");
  SynNode *r0 = chk_list_at(rhs, 0);
  SynNode *u = chk_unparen(r0);
  if (chk_list_len(rhs) == 1 && u && u->kind == SYN_CALL) {
    chk_errorf(ck, chk_pos(r0), "assignment mismatch: %s but %s returns %s", vars,
               chk_expr_string(ck, u->u.call.fun), vals);
    return;
  }
  chk_errorf(ck, chk_pos(r0), "assignment mismatch: %s but %s", vars, vals);
}

void chk_init_const(Checker *ck, Object *o, Operand *x) {
  if (x->mode == TV_INVALID || is_invalid_t(x->type) || (o->type && is_invalid_t(o->type))) {
    if (!o->type) o->type = invalid_t(ck);
    o->val = const_unknown(ck->ctx);
    return;
  }
  if (x->mode != TV_CONSTANT) {
    chk_errorf(ck, chk_expr_pos(x->expr), "%s is not constant", chk_operand_string(ck, x));
    if (!o->type) o->type = invalid_t(ck);
    o->val = const_unknown(ck->ctx);
    return;
  }
  if (!o->type) o->type = x->type;
  if (!chk_assignment(ck, x, o->type, "constant declaration")) {
    o->val = const_unknown(ck->ctx);
    return;
  }
  o->val = x->val;
}

void chk_init_var(Checker *ck, Object *o, Operand *x, const char *context) {
  if (x->mode == TV_INVALID || is_invalid_t(x->type) || (o->type && is_invalid_t(o->type))) {
    if (!o->type) o->type = invalid_t(ck);
    o->used = true;
    return;
  }
  if (!o->type) {
    Type *t = x->type;
    if (types_is_untyped(t)) {
      if (is_nil(x)) {
        chk_errorf(ck, chk_expr_pos(x->expr), "use of untyped nil in %s", context);
        o->type = invalid_t(ck);
        return;
      }
      t = types_default(ck->ctx, t);
    }
    o->type = t;
  }
  if (!chk_assignment(ck, x, o->type, context)) o->used = true;
}

void chk_init_vars(Checker *ck, Object **lhs, uint32_t nl, SynNode *rhs, SynPos pos, const char *context) {
  uint32_t nr;
  bool commaok;
  Operand *ops = expr_list(ck, rhs, &nr, nl == 2, &commaok);
  (void)pos;
  if (nl != nr) {
    for (uint32_t i = 0; i < nl; i++) {
      lhs[i]->used = true;
      if (!lhs[i]->type) lhs[i]->type = invalid_t(ck);
    }
    bool any_invalid = false;
    for (uint32_t i = 0; i < nr; i++)
      if (ops[i].mode == TV_INVALID) any_invalid = true;
    if (!any_invalid) assign_error(ck, rhs, nl, nr);
    free(ops);
    return;
  }
  bool ok = true;
  for (uint32_t i = 0; i < nl; i++) {
    if (ops[i].mode == TV_INVALID) ok = false;
    chk_init_var(ck, lhs[i], &ops[i], context);
    if (ops[i].mode == TV_INVALID) ok = false;
  }
  /* no "declared but not used" follow-ups when an initialization failed */
  if (!ok)
    for (uint32_t i = 0; i < nl; i++)
      lhs[i]->used = true;
  free(ops);
}

/* Checks an assignment target; returns its type (NULL for blank). */
static Type *lhs_var(Checker *ck, SynNode *lhs, bool *ok) {
  *ok = true;
  SynNode *u = chk_unparen(lhs);
  if (u && u->kind == SYN_NAME && strcmp(chk_name(ck, u), "_") == 0) {
    chk_record_def(ck, u, NULL);
    return NULL;
  }
  /* an identifier on the lhs is not a use */
  Object *v = NULL;
  bool was_used = false;
  if (u && u->kind == SYN_NAME) {
    v = types_scope_lookup(ck->fc.scope, chk_name(ck, u), NULL);
    if (v && v->kind == OBJ_VAR && v->pkg == ck->pkg)
      was_used = v->used;
    else
      v = NULL;
  }
  Operand x = {0};
  chk_expr(ck, &x, lhs);
  if (v) v->used = was_used;
  if (x.mode == TV_INVALID) {
    *ok = false;
    return invalid_t(ck);
  }
  switch (x.mode) {
  case TV_VARIABLE:
  case TV_MAPINDEX:
    break;
  default: {
    SynNode *e = chk_unparen(x.expr);
    if (e && e->kind == SYN_SELECTOR) {
      Operand b = {0};
      SynNode *be = chk_unparen(e->u.selector.x);
      TypeAndValue *tv = ck->info ? types_ptrmap_get(&ck->info->types, be) : NULL;
      if (tv && tv->mode == TV_MAPINDEX) {
        chk_errorf(ck, chk_pos(lhs), "cannot assign to struct field %s in map", chk_expr_string(ck, e));
        *ok = false;
        return invalid_t(ck);
      }
      (void)b;
    }
    chk_errorf(ck, chk_pos(lhs), "cannot assign to %s", chk_operand_string(ck, &x));
    *ok = false;
    return invalid_t(ck);
  }
  }
  return x.type;
}

static void assign_var(Checker *ck, SynNode *lhs, Operand *x) {
  bool ok;
  Type *T = lhs_var(ck, lhs, &ok);
  if (!ok) {
    return;
  }
  if (x->mode == TV_INVALID) return;
  if (!T) {
    /* blank */
    chk_assignment(ck, x, NULL, "assignment");
    return;
  }
  chk_assignment(ck, x, T, "assignment");
  if (x->mode == TV_INVALID) {
    /* gc 1.19 reports no "declared but not used" for a variable whose
     * assignment failed (`var t *T; t = i` with a missing type assertion) */
    SynNode *u = chk_unparen(lhs);
    Object *v = u && u->kind == SYN_NAME ? types_scope_lookup(ck->fc.scope, chk_name(ck, u), NULL) : NULL;
    if (v && v->kind == OBJ_VAR) v->used = true;
  }
}

void chk_assign_vars(Checker *ck, SynNode *lhs, SynNode *rhs, SynPos pos) {
  uint32_t nl = chk_list_len(lhs);
  uint32_t nr;
  bool commaok;
  Operand *ops = expr_list(ck, rhs, &nr, nl == 2, &commaok);
  (void)pos;
  if (nl != nr) {
    for (uint32_t i = 0; i < nl; i++)
      chk_use_expr(ck, chk_list_at(lhs, i));
    bool any_invalid = false;
    for (uint32_t i = 0; i < nr; i++)
      if (ops[i].mode == TV_INVALID) any_invalid = true;
    if (!any_invalid) assign_error(ck, rhs, nl, nr);
    free(ops);
    return;
  }
  for (uint32_t i = 0; i < nl; i++)
    assign_var(ck, chk_list_at(lhs, i), &ops[i]);
  free(ops);
}

void chk_short_var_decl(Checker *ck, SynNode *lhs, SynNode *rhs, SynPos pos) {
  uint32_t nl = chk_list_len(lhs);
  Object **vars = calloc(nl ? nl : 1, sizeof *vars);
  Object **newvars = calloc(nl ? nl : 1, sizeof *newvars);
  SynNode **newnames = calloc(nl ? nl : 1, sizeof *newnames);
  uint32_t nnew = 0;
  bool has_err = false;
  Scope *names = types_scope_new(ck->ctx, NULL);
  for (uint32_t i = 0; i < nl; i++) {
    SynNode *l = chk_list_at(lhs, i);
    if (!l || l->kind != SYN_NAME) {
      chk_use_expr(ck, l);
      chk_errorf(ck, chk_pos(l), "non-name %s on left side of :=", chk_expr_string(ck, l));
      has_err = true;
      continue;
    }
    const char *name = chk_name(ck, l);
    if (strcmp(name, "_") != 0) {
      Object *dummy = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, name, NULL);
      if (types_scope_insert(ck->ctx, names, dummy)) {
        chk_errorf(ck, l->pos, "%s repeated on left side of :=", name);
        has_err = true;
        continue;
      }
    }
    Object *alt = strcmp(name, "_") != 0 ? types_scope_lookup_local(ck->fc.scope, name) : NULL;
    if (alt) {
      chk_record_use(ck, l, alt);
      if (alt->kind == OBJ_VAR)
        vars[i] = alt;
      else {
        chk_errorf(ck, l->pos, "cannot assign to %s", chk_expr_string(ck, l));
        has_err = true;
      }
      continue;
    }
    Object *v = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, name, NULL);
    v->pos = l->pos;
    v->file = ck->file;
    vars[i] = v;
    newvars[nnew] = v;
    newnames[nnew++] = l;
    chk_add_localvar(ck, v);
    chk_record_def(ck, l, v);
  }
  /* dummy vars for errors */
  for (uint32_t i = 0; i < nl; i++)
    if (!vars[i]) {
      vars[i] = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, "_", NULL);
      vars[i]->used = true;
    }
  /* types of existing vars are fixed; the init checks assignability */
  chk_init_vars(ck, vars, nl, rhs, pos, "assignment");
  for (uint32_t i = 0; i < nnew; i++)
    if (strcmp(newvars[i]->name, "_") != 0) types_scope_insert(ck->ctx, ck->fc.scope, newvars[i]);
  if (nnew == 0 && !has_err) chk_softf(ck, pos, "no new variables on left side of :=");
  free(vars);
  free(newvars);
  free(newnames);
}

/* ---- statements ------------------------------------------------------------------------------ */

static void simple_stmt(Checker *ck, SynNode *s) {
  stmt(ck, s, 0);
}

static void suspended_call(Checker *ck, const char *kw, SynNode *call) {
  SynNode *c = chk_unparen(call);
  Operand x = {0};
  if (!c || c->kind != SYN_CALL) {
    chk_raw_expr(ck, &x, call, NULL, false);
    chk_errorf(ck, chk_pos(call), "expression in %s must be function call", kw);
    return;
  }
  chk_raw_expr(ck, &x, c, NULL, false);
  if (x.mode == TV_INVALID) return;
  TypeAndValue *tv = ck->info ? types_ptrmap_get(&ck->info->types, c->u.call.fun) : NULL;
  const char *msg = NULL;
  if (tv && tv->mode == TV_TYPE)
    msg = "requires function call, not conversion";
  else if (x.mode != TV_NOVALUE) {
    /* builtins that are statements are fine; value-returning builtins are not */
    SynNode *f = chk_unparen(c->u.call.fun);
    Object *o = f && f->kind == SYN_NAME && ck->info ? types_ptrmap_get(&ck->info->uses, f) : NULL;
    if (o && o->kind == OBJ_BUILTIN && !(o->builtin == BUILTIN_COPY || o->builtin == BUILTIN_RECOVER))
      msg = "discards result of";
    else if (x.mode == TV_CONSTANT)
      msg = "discards result of";
  }
  if (msg) chk_errorf(ck, chk_pos(call), "%s %s %s", kw, msg, chk_operand_string(ck, &x));
}

static void return_stmt(Checker *ck, SynNode *s) {
  Type *sig = ck->fc.sig;
  Type *res = sig ? sig->u.sig.results : NULL;
  uint32_t nres = res ? res->u.tuple.len : 0;
  SynNode *r = s->u.ret.results;
  if (!r) {
    if (nres > 0) {
      bool named = res->u.tuple.vars[0]->name && res->u.tuple.vars[0]->name[0];
      if (named) {
        /* naked return: results must not be shadowed */
        for (uint32_t i = 0; i < nres; i++) {
          Object *v = res->u.tuple.vars[i];
          Object *alt = types_scope_lookup(ck->fc.scope, v->name, NULL);
          if (alt && alt != v && strcmp(v->name, "_") != 0) {
            chk_errorf(ck, s->pos, "result parameter %s not in scope at return\n\tinner declaration of %s",
                       v->name, chk_sprintf(ck, "var %s %s", alt->name, chk_type_string(ck, alt->type)));
          }
        }
        return;
      }
      chk_errorf(ck, s->pos, "not enough return values\n\thave ()\n\twant %s", chk_type_string(ck, res));
    }
    return;
  }
  if (nres == 0) {
    uint32_t nr;
    bool commaok;
    Operand *ops = expr_list(ck, r, &nr, false, &commaok);
    bool bad = false;
    Type **ts = malloc((nr + 1) * sizeof *ts);
    for (uint32_t i = 0; i < nr; i++) {
      ts[i] = ops[i].type;
      if (ops[i].mode == TV_INVALID) bad = true;
    }
    char *have = chk_types_summary(ck, ts, nr, false);
    free(ts);
    if (!bad)
      chk_errorf(ck, chk_pos(chk_list_at(r, 0)), "too many return values\n\thave %s\n\twant ()", have);
    free(ops);
    return;
  }
  uint32_t nr;
  bool commaok;
  Operand *ops = expr_list(ck, r, &nr, false, &commaok);
  if (nr != nres) {
    bool any_invalid = false;
    for (uint32_t i = 0; i < nr; i++)
      if (ops[i].mode == TV_INVALID) any_invalid = true;
    if (!any_invalid) {
      const char *qual = nr > nres ? "too many" : "not enough";
      SynPos at = s->pos;
      if (nr > nres)
        at = chk_pos(ops[nres].expr);
      else if (nr > 0)
        at = chk_pos(ops[nr - 1].expr);
      Type **ts = malloc((nr + nres + 1) * sizeof *ts);
      for (uint32_t i = 0; i < nr; i++)
        ts[i] = ops[i].type;
      for (uint32_t i = 0; i < nres; i++)
        ts[nr + i] = res->u.tuple.vars[i]->type;
      char *have = chk_types_summary(ck, ts, nr, false);
      char *want = chk_types_summary(ck, ts + nr, nres, false);
      free(ts);
      chk_errorf(ck, at, "%s return values\n\thave %s\n\twant %s", qual, have, want);
    }
    free(ops);
    return;
  }
  for (uint32_t i = 0; i < nr; i++)
    chk_assignment(ck, &ops[i], res->u.tuple.vars[i]->type, "return statement");
  free(ops);
}

static void inc_dec_or_op_assign(Checker *ck, SynNode *s) {
  SynNode *lhs = s->u.assign.lhs;
  if (chk_list_len(lhs) != 1 || (s->u.assign.rhs && chk_list_len(s->u.assign.rhs) != 1)) {
    chk_errorf(ck, s->pos, "assignment operation %s requires single-valued expressions",
               syn_op_string((SynOp)s->op));
    return;
  }
  Operand x = {0};
  if (!s->u.assign.rhs) {
    /* x++ / x-- */
    chk_expr(ck, &x, lhs);
    if (x.mode == TV_INVALID) return;
    if (!types_is_basic(x.type, BI_NUMERIC) && x.type->kind != TY_TYPEPARAM) {
      const char *op = s->op == SYN_OP_ADD ? "++" : "--";
      chk_errorf(ck, lhs->pos, INVALID_OP "%s%s (non-numeric type %s)", chk_expr_string(ck, lhs), op,
                 chk_type_string(ck, x.type));
      return;
    }
    Operand one = {0};
    one.mode = TV_CONSTANT;
    one.type = types_basic(ck->ctx, UNTYPED_INT);
    one.val = const_int64(ck->ctx, 1);
    one.expr = lhs;
    Operand r = x;
    (void)one;
    (void)r;
    bool ok;
    Type *T = lhs_var(ck, lhs, &ok);
    (void)T;
    return;
  }
  chk_binary(ck, &x, NULL, lhs, s->u.assign.rhs, s->op);
  if (x.mode == TV_INVALID) {
    return;
  }
  assign_var(ck, lhs, &x);
}

static void range_stmt(Checker *ck, SynNode *s, SynNode *rc, int ctx) {
  Operand x = {0};
  chk_expr(ck, &x, rc->u.range.x);
  Type *key = NULL, *val = NULL;
  const char *cause = "";
  bool ok = false;
  if (x.mode != TV_INVALID) {
    Type *u = types_core(x.type);
    if (!u) {
      cause = "no core type";
    } else {
      switch (u->kind) {
      case TY_BASIC:
        if (u->u.basic.info & BI_STRING) {
          key = types_basic(ck->ctx, INT);
          val = ck->ctx->rune_alias;
          ok = true;
        }
        break;
      case TY_ARRAY:
        key = types_basic(ck->ctx, INT);
        val = u->u.array.elem;
        ok = true;
        break;
      case TY_SLICE:
        key = types_basic(ck->ctx, INT);
        val = u->u.slice.elem;
        ok = true;
        break;
      case TY_POINTER: {
        Type *a = types_underlying(u->u.pointer.elem);
        if (a && a->kind == TY_ARRAY) {
          key = types_basic(ck->ctx, INT);
          val = a->u.array.elem;
          ok = true;
        }
        break;
      }
      case TY_MAP:
        key = u->u.map.key;
        val = u->u.map.elem;
        ok = true;
        break;
      case TY_CHAN:
        key = u->u.chan.elem;
        val = NULL;
        if (u->u.chan.dir == CHAN_SEND)
          cause = "receive from send-only channel";
        else
          ok = true;
        break;
      default:
        break;
      }
    }
    if (!ok) {
      if (cause[0])
        chk_softf(ck, chk_expr_pos(x.expr), "cannot range over %s (%s)", chk_operand_string(ck, &x), cause);
      else
        chk_softf(ck, chk_expr_pos(x.expr), "cannot range over %s", chk_operand_string(ck, &x));
    }
    if (ok && types_is_untyped(x.type)) chk_default_untyped(ck, &x);
  }
  SynNode *lhs = rc->u.range.lhs;
  uint32_t nl = chk_list_len(lhs);
  if (nl > 2) {
    chk_softf(ck, chk_pos(chk_list_at(lhs, 2)), "range clause permits at most two iteration variables");
    nl = 2;
  }
  if (ok && nl == 2 && !val) {
    chk_softf(ck, chk_pos(chk_list_at(lhs, 1)), "range over %s permits only one iteration variable",
              chk_operand_string(ck, &x));
  }
  Type *types[2] = {key, val};
  open_scope(ck);
  if (rc->flags & SYN_F_RANGE_DEF) {
    Object *vars[2] = {NULL, NULL};
    for (uint32_t i = 0; i < nl; i++) {
      SynNode *l = chk_list_at(lhs, i);
      if (!l || l->kind != SYN_NAME) {
        chk_errorf(ck, chk_pos(l), "non-name %s on left side of :=", chk_expr_string(ck, l));
        chk_use_expr(ck, l);
        continue;
      }
      Object *v = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, chk_name(ck, l), NULL);
      v->pos = l->pos;
      v->file = ck->file;
      chk_record_def(ck, l, v);
      vars[i] = v;
      if (ok && types[i]) {
        v->type = types[i];
      } else {
        v->type = invalid_t(ck);
        v->used = true;
      }
    }
    for (uint32_t i = 0; i < nl; i++)
      if (vars[i] && strcmp(vars[i]->name, "_") != 0) {
        Object *old = types_scope_insert(ck->ctx, ck->fc.scope, vars[i]);
        if (old)
          chk_errorf(ck, vars[i]->pos, "%s redeclared in this block", vars[i]->name);
        else
          chk_add_localvar(ck, vars[i]);
      }
    bool any = false;
    for (uint32_t i = 0; i < nl; i++)
      if (vars[i] && strcmp(vars[i]->name, "_") != 0) any = true;
    if (!any && nl > 0) chk_softf(ck, s->pos, "no new variables on left side of :=");
  } else if (nl > 0) {
    for (uint32_t i = 0; i < nl; i++) {
      SynNode *l = chk_list_at(lhs, i);
      if (!l) continue;
      if (!ok || !types[i]) {
        chk_use_expr(ck, l);
        continue;
      }
      Operand v = {0};
      v.mode = TV_VALUE;
      v.expr = l;
      v.type = types[i];
      assign_var(ck, l, &v);
    }
  }
  stmt(ck, s->u.for_stmt.body, ctx | CTX_BREAK | CTX_CONTINUE);
  close_scope(ck);
}

static bool is_type_switch(SynNode *s) {
  return s->u.switch_stmt.tag && s->u.switch_stmt.tag->kind == SYN_TYPE_SWITCH_GUARD;
}

static void case_values(Checker *ck, Operand *tag, SynNode *cases, Operand **seen, uint32_t *nseen,
                        uint32_t *cap_seen) {
  uint32_t n = chk_list_len(cases);
  for (uint32_t i = 0; i < n; i++) {
    SynNode *e = chk_list_at(cases, i);
    Operand v = {0};
    chk_expr(ck, &v, e);
    if (v.mode == TV_INVALID || tag->mode == TV_INVALID) continue;
    /* compare v == tag, as types2 does (errors name the case) */
    Operand res = v;
    Operand t2 = *tag;
    chk_match_types(ck, &res, &t2);
    if (res.mode == TV_INVALID || t2.mode == TV_INVALID) continue;
    Operand cmp = res;
    chk_comparison(ck, &cmp, &t2, SYN_OP_EQL, NULL, true);
    if (cmp.mode == TV_INVALID) continue;
    if (res.mode == TV_CONSTANT) {
      bool dup = false;
      for (uint32_t k = 0; k < *nseen; k++)
        if (types_identical((*seen)[k].type, res.type) &&
            const_compare((*seen)[k].val, SYN_OP_EQL, res.val)) {
          const SynFile *f = ck->file;
          (void)f;
          uint32_t line = (*seen)[k].expr ? (*seen)[k].expr->pos.line : 0;
          SynStr fn = {"", 0};
          uint32_t l2 = line, c2 = 0;
          if (ck->file && (*seen)[k].expr) syn_pos_resolve(ck->file, (*seen)[k].expr->pos, &fn, &l2, &c2);
          chk_errorf(ck, e->pos, "duplicate case %s in expression switch\n\t%.*s:%u:%u: previous case",
                     chk_expr_string(ck, e), (int)fn.len, fn.ptr, l2, c2);
          dup = true;
          break;
        }
      if (!dup) VEC_PUSH(ck, *seen, *nseen, *cap_seen, res);
    }
  }
}

/* A default clause c of a switch or select: the first one is remembered,
 * any later one is gc's "multiple defaults" error. */
static void note_default(Checker *ck, SynNode **first, SynNode *c) {
  if (!*first) {
    *first = c;
    return;
  }
  SynStr fn;
  uint32_t l, col;
  syn_pos_resolve(ck->file, (*first)->pos, &fn, &l, &col);
  chk_errorf(ck, c->pos, "multiple defaults (first at %.*s:%u:%u)", (int)fn.len, fn.ptr, l, col);
}

static void switch_stmt(Checker *ck, SynNode *s, int ctx) {
  open_scope(ck);
  if (s->u.switch_stmt.init) simple_stmt(ck, s->u.switch_stmt.init);
  Operand tag = {0};
  if (s->u.switch_stmt.tag) {
    chk_expr(ck, &tag, s->u.switch_stmt.tag);
    chk_default_untyped(ck, &tag);
    if (tag.mode != TV_INVALID && !types_comparable(tag.type) && !types_has_nil(tag.type)) {
      chk_errorf(ck, chk_expr_pos(tag.expr), "cannot switch on %s (%s is not comparable)",
                 chk_operand_string(ck, &tag), chk_type_string(ck, tag.type));
      tag.mode = TV_INVALID;
    }
  } else {
    tag.mode = TV_CONSTANT;
    tag.type = types_basic(ck->ctx, BOOL);
    tag.val = const_bool(ck->ctx, true);
    tag.expr = NULL;
  }
  SynList *cl = &s->u.switch_stmt.clauses;
  SynNode *first_default = NULL;
  Operand *seen = NULL;
  uint32_t nseen = 0, cap_seen = 0;
  for (uint32_t i = 0; i < cl->len; i++) {
    SynNode *c = cl->items[i];
    if (!c->u.case_clause.cases) {
      note_default(ck, &first_default, c);
    } else {
      if (!s->u.switch_stmt.tag) {
        /* switch { case cond: } : cases must be boolean */
        uint32_t n = chk_list_len(c->u.case_clause.cases);
        for (uint32_t k = 0; k < n; k++) {
          SynNode *e = chk_list_at(c->u.case_clause.cases, k);
          Operand v = {0};
          chk_expr(ck, &v, e);
          if (v.mode == TV_INVALID) continue;
          chk_convert_untyped(ck, &v, types_basic(ck->ctx, BOOL));
          if (v.mode != TV_INVALID && !types_is_basic(v.type, BI_BOOLEAN))
            chk_errorf(ck, e->pos, "invalid case %s in switch (mismatched types %s and bool)",
                       chk_expr_string(ck, e), chk_type_string(ck, v.type));
        }
      } else {
        case_values(ck, &tag, c->u.case_clause.cases, &seen, &nseen, &cap_seen);
      }
    }
    open_scope(ck);
    int inner = ctx | CTX_BREAK;
    if (i + 1 < cl->len)
      inner |= CTX_FALLTHROUGH;
    else
      inner |= CTX_FINAL_SWITCH_CASE;
    chk_stmt_list(ck, &c->u.case_clause.body, inner);
    close_scope(ck);
  }
  free(seen);
  close_scope(ck);
}

static void type_switch_stmt(Checker *ck, SynNode *s, int ctx) {
  open_scope(ck);
  if (s->u.switch_stmt.init) simple_stmt(ck, s->u.switch_stmt.init);
  SynNode *guard = s->u.switch_stmt.tag;
  SynNode *lhs = guard->u.guard.lhs;
  const char *lhs_name = NULL;
  if (lhs) {
    lhs_name = chk_name(ck, lhs);
    if (strcmp(lhs_name, "_") == 0) {
      chk_softf(ck, lhs->pos, "no new variable on left side of :=");
      lhs_name = NULL;
    } else {
      chk_record_def(ck, lhs, NULL);
    }
  }
  Operand x = {0};
  chk_expr(ck, &x, guard->u.guard.x);
  if (x.mode != TV_INVALID) {
    if (x.type->kind == TY_TYPEPARAM) {
      chk_errorf(ck, chk_expr_pos(x.expr), "cannot use type switch on type parameter value %s",
                 chk_operand_string(ck, &x));
      x.mode = TV_INVALID;
    } else if (!types_is_interface(x.type)) {
      chk_errorf(ck, chk_expr_pos(x.expr), "%s is not an interface", chk_operand_string(ck, &x));
      x.mode = TV_INVALID;
    }
  }
  SynList *cl = &s->u.switch_stmt.clauses;
  SynNode *first_default = NULL;
  Object **lhs_vars = calloc(cl->len + 1, sizeof *lhs_vars);
  uint32_t nlhs = 0;
  Type **seen = NULL;
  SynNode **seen_e = NULL;
  uint32_t nseen = 0, cap_seen = 0, nseen_e = 0, cap_seen_e = 0;
  for (uint32_t i = 0; i < cl->len; i++) {
    SynNode *c = cl->items[i];
    Type *T = NULL;
    uint32_t ncases = chk_list_len(c->u.case_clause.cases);
    if (!c->u.case_clause.cases) {
      note_default(ck, &first_default, c);
    }
    for (uint32_t k = 0; k < ncases; k++) {
      SynNode *e = chk_list_at(c->u.case_clause.cases, k);
      Operand t = {0};
      chk_expr_or_type(ck, &t, e, false);
      Type *ct = NULL;
      if (t.mode == TV_INVALID) {
        if (ncases == 1) T = invalid_t(ck);
        continue;
      }
      if (is_nil(&t) && t.mode != TV_TYPE) {
        ct = NULL; /* nil case */
        T = ncases == 1 ? x.type : NULL;
      } else if (t.mode != TV_TYPE) {
        chk_errorf(ck, e->pos, "%s is not a type", chk_expr_string(ck, e));
        continue;
      } else {
        ct = t.type;
        if (ncases == 1) T = ct;
      }
      /* duplicates */
      bool dup = false;
      for (uint32_t q = 0; q < nseen; q++)
        if ((seen[q] == NULL && ct == NULL) || (seen[q] && ct && types_identical(seen[q], ct))) {
          SynStr fn;
          uint32_t l, col;
          syn_pos_resolve(ck->file, seen_e[q]->pos, &fn, &l, &col);
          chk_errorf(ck, e->pos, "duplicate case %s in type switch\n\t%.*s:%u:%u: previous case",
                     ct ? chk_type_string(ck, ct) : "nil", (int)fn.len, fn.ptr, l, col);
          dup = true;
        }
      if (!dup) {
        VEC_PUSH(ck, seen, nseen, cap_seen, ct);
        VEC_PUSH(ck, seen_e, nseen_e, cap_seen_e, e);
      }
      /* impossible case */
      if (ct && x.mode != TV_INVALID && !types_is_interface(ct) && ct->kind != TY_TYPEPARAM) {
        Object *m = NULL;
        bool wrong = false, ptr = false;
        if (!types_missing_method(ck->ctx, ct, x.type, &m, &wrong, &ptr)) {
          const char *cause = types_missing_reason(ck->ctx, ct, x.type, ck->pkg);
          (void)wrong, (void)ptr, (void)m;
          chk_errorf(ck, e->pos, "impossible type switch case: %s\n\t%s cannot have dynamic type %s %s",
                     chk_expr_string(ck, e), chk_operand_string(ck, &x), chk_type_string(ck, ct), cause);
        }
      }
    }
    open_scope(ck);
    if (lhs_name) {
      if (!T) T = x.type;
      Object *v = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, lhs_name, T ? T : invalid_t(ck));
      v->pos = lhs->pos;
      v->file = ck->file;
      types_scope_insert(ck->ctx, ck->fc.scope, v);
      chk_record_implicit(ck, c, v);
      lhs_vars[nlhs++] = v;
    }
    chk_stmt_list(ck, &c->u.case_clause.body, ctx | CTX_BREAK);
    close_scope(ck);
  }
  if (lhs_name) {
    bool used = false;
    for (uint32_t i = 0; i < nlhs; i++)
      if (lhs_vars[i]->used) used = true;
    if (!used && x.mode != TV_INVALID) chk_softf(ck, lhs->pos, "%s declared but not used", lhs_name);
  }
  free(lhs_vars);
  free(seen);
  free(seen_e);
  close_scope(ck);
}

static bool is_recv(SynNode *e) {
  e = chk_unparen(e);
  return e && e->kind == SYN_OPERATION && e->op == SYN_OP_RECV && !e->u.operation.y;
}

static void select_stmt(Checker *ck, SynNode *s, int ctx) {
  SynList *cl = &s->u.select_stmt.clauses;
  SynNode *first_default = NULL;
  for (uint32_t i = 0; i < cl->len; i++) {
    SynNode *c = cl->items[i];
    SynNode *comm = c->u.comm_clause.comm;
    if (!comm) {
      note_default(ck, &first_default, c);
    } else {
      bool valid = false;
      switch (comm->kind) {
      case SYN_SEND_STMT:
        valid = true;
        break;
      case SYN_ASSIGN_STMT:
        valid =
            comm->u.assign.rhs && is_recv(comm->u.assign.rhs) && (comm->op == 0 || comm->op == SYN_OP_DEF);
        break;
      case SYN_EXPR_STMT:
        valid = is_recv(comm->u.expr_stmt.x);
        break;
      default:
        break;
      }
      if (!valid) {
        chk_errorf(ck, comm->pos, "select case must be send or receive (possibly with assignment)");
        continue;
      }
    }
    open_scope(ck);
    if (comm) simple_stmt(ck, comm);
    chk_stmt_list(ck, &c->u.comm_clause.body, ctx | CTX_BREAK);
    close_scope(ck);
  }
}

static void stmt(Checker *ck, SynNode *s, int ctx) {
  if (!s) return;
  switch (s->kind) {
  case SYN_BAD:
  case SYN_EMPTY_STMT:
    break;
  case SYN_DECL_STMT:
    chk_decl_stmt(ck, s);
    break;
  case SYN_LABELED_STMT:
    stmt(ck, s->u.labeled.stmt, ctx);
    break;
  case SYN_EXPR_STMT: {
    Operand x = {0};
    SynNode *e = s->u.expr_stmt.x;
    chk_raw_expr(ck, &x, e, NULL, false);
    const char *msg = NULL;
    switch (x.mode) {
    case TV_INVALID:
      return;
    case TV_NOVALUE:
      return;
    case TV_BUILTIN:
      msg = "must be called";
      break;
    case TV_TYPE:
      msg = "is not an expression";
      break;
    default: {
      SynNode *u = chk_unparen(e);
      if (u && u->kind == SYN_CALL) {
        TypeAndValue *tv = ck->info ? types_ptrmap_get(&ck->info->types, u->u.call.fun) : NULL;
        if (tv && tv->mode == TV_TYPE) {
          msg = "is not used";
          break;
        }
        SynNode *f = chk_unparen(u->u.call.fun);
        Object *o = f && f->kind == SYN_NAME && ck->info ? types_ptrmap_get(&ck->info->uses, f) : NULL;
        if (!o && f && f->kind == SYN_SELECTOR && ck->info)
          o = types_ptrmap_get(&ck->info->uses, f->u.selector.sel);
        if (o && o->kind == OBJ_BUILTIN && o->builtin != BUILTIN_COPY && o->builtin != BUILTIN_RECOVER) {
          msg = "is not used";
          break;
        }
        return;
      }
      if (is_recv(u)) return;
      msg = "is not used";
    }
    }
    chk_errorf(ck, chk_expr_pos(x.expr), "%s %s", chk_operand_string(ck, &x), msg);
    break;
  }
  case SYN_SEND_STMT: {
    Operand ch = {0}, v = {0};
    chk_expr(ck, &ch, s->u.send.chan);
    chk_expr(ck, &v, s->u.send.value);
    if (ch.mode == TV_INVALID || v.mode == TV_INVALID) return;
    Type *u = types_core(ch.type);
    if (!u) {
      chk_errorf(ck, s->pos, INVALID_OP "cannot send to %s: no core type", chk_operand_string(ck, &ch));
      return;
    }
    if (u->kind != TY_CHAN) {
      chk_errorf(ck, s->pos, INVALID_OP "cannot send to non-channel %s", chk_operand_string(ck, &ch));
      return;
    }
    if (u->u.chan.dir == CHAN_RECV) {
      chk_errorf(ck, s->pos, INVALID_OP "cannot send to receive-only channel %s",
                 chk_operand_string(ck, &ch));
      return;
    }
    chk_assignment(ck, &v, u->u.chan.elem, "send");
    break;
  }
  case SYN_ASSIGN_STMT:
    if (s->op == SYN_OP_DEF) {
      chk_short_var_decl(ck, s->u.assign.lhs, s->u.assign.rhs, s->pos);
    } else if (s->op == 0) {
      chk_assign_vars(ck, s->u.assign.lhs, s->u.assign.rhs, s->pos);
    } else {
      inc_dec_or_op_assign(ck, s);
    }
    break;
  case SYN_CALL_STMT:
    suspended_call(ck, s->op == SYN_GO ? "go" : "defer", s->u.call_stmt.call);
    break;
  case SYN_RETURN_STMT:
    return_stmt(ck, s);
    break;
  case SYN_BRANCH_STMT:
    switch (s->op) {
    case SYN_BREAK:
      if (!s->u.branch.label && !(ctx & CTX_BREAK))
        chk_errorf(ck, s->pos, "break is not in a loop, switch, or select");
      break;
    case SYN_CONTINUE:
      if (!s->u.branch.label && !(ctx & CTX_CONTINUE)) chk_errorf(ck, s->pos, "continue is not in a loop");
      break;
    case SYN_FALLTHROUGH:
      if (!(ctx & CTX_FALLTHROUGH)) {
        if (ctx & CTX_FINAL_SWITCH_CASE)
          chk_errorf(ck, s->pos, "cannot fallthrough final case in switch");
        else if (ctx & CTX_IN_TYPE_SWITCH)
          chk_errorf(ck, s->pos, "cannot fallthrough in type switch");
        else
          chk_errorf(ck, s->pos, "fallthrough statement out of place");
      }
      break;
    default:
      break;
    }
    break;
  case SYN_BLOCK_STMT:
    open_scope(ck);
    /* fallthrough must be the last statement of the case itself */
    chk_stmt_list(ck, &s->u.block.stmts, ctx & ~(CTX_FALLTHROUGH | CTX_FINAL_SWITCH_CASE));
    close_scope(ck);
    break;
  case SYN_IF_STMT: {
    open_scope(ck);
    if (s->u.if_stmt.init) simple_stmt(ck, s->u.if_stmt.init);
    Operand x = {0};
    chk_expr(ck, &x, s->u.if_stmt.cond);
    if (x.mode != TV_INVALID && !types_is_basic(x.type, BI_BOOLEAN))
      chk_errorf(ck, chk_pos(s->u.if_stmt.cond), "non-boolean condition in if statement");
    stmt(ck, s->u.if_stmt.then, ctx);
    if (s->u.if_stmt.else_) {
      SynNode *el = s->u.if_stmt.else_;
      if (el->kind == SYN_IF_STMT || el->kind == SYN_BLOCK_STMT)
        stmt(ck, el, ctx);
      else
        chk_errorf(ck, el->pos, "invalid else branch in if statement");
    }
    close_scope(ck);
    break;
  }
  case SYN_SWITCH_STMT:
    if (is_type_switch(s))
      type_switch_stmt(ck, s, (ctx & ~(CTX_FALLTHROUGH | CTX_FINAL_SWITCH_CASE)) | CTX_IN_TYPE_SWITCH);
    else
      switch_stmt(ck, s, ctx & ~(CTX_FALLTHROUGH | CTX_FINAL_SWITCH_CASE | CTX_IN_TYPE_SWITCH));
    break;
  case SYN_SELECT_STMT:
    select_stmt(ck, s, ctx & ~(CTX_FALLTHROUGH | CTX_FINAL_SWITCH_CASE | CTX_IN_TYPE_SWITCH));
    break;
  case SYN_FOR_STMT: {
    int inner =
        (ctx & ~(CTX_FALLTHROUGH | CTX_FINAL_SWITCH_CASE | CTX_IN_TYPE_SWITCH)) | CTX_BREAK | CTX_CONTINUE;
    if (s->u.for_stmt.init && s->u.for_stmt.init->kind == SYN_RANGE_CLAUSE) {
      range_stmt(ck, s, s->u.for_stmt.init, inner & ~(CTX_BREAK | CTX_CONTINUE));
      break;
    }
    open_scope(ck);
    if (s->u.for_stmt.init) simple_stmt(ck, s->u.for_stmt.init);
    if (s->u.for_stmt.cond) {
      Operand x = {0};
      chk_expr(ck, &x, s->u.for_stmt.cond);
      if (x.mode != TV_INVALID && !types_is_basic(x.type, BI_BOOLEAN))
        chk_errorf(ck, s->u.for_stmt.cond->pos, "non-boolean condition in for statement");
    }
    if (s->u.for_stmt.post) {
      SynNode *p = s->u.for_stmt.post;
      if (p->kind == SYN_ASSIGN_STMT && p->op == SYN_OP_DEF)
        chk_errorf(ck, p->pos, "cannot declare in post statement of for loop");
      else
        simple_stmt(ck, p);
    }
    stmt(ck, s->u.for_stmt.body, inner);
    close_scope(ck);
    break;
  }
  default:
    chk_errorf(ck, s->pos, "invalid statement");
    break;
  }
}

/* ---- labels ------------------------------------------------------------------------------------- */

typedef struct LabelInfo {
  const char *name;
  SynNode *stmt;   /* LabeledStmt */
  SynNode **block; /* enclosing blocks chain (innermost last) */
  uint32_t nblock;
  bool used;
} LabelInfo;

typedef struct LabelCtx {
  Checker *ck;
  LabelInfo *labels;
  uint32_t n, cap;
  SynNode *blocks[256];
  uint32_t nblocks;
} LabelCtx;

static void collect_labels(LabelCtx *lc, SynNode *s);

static void collect_list(LabelCtx *lc, SynList *l, SynNode *owner) {
  if (lc->nblocks < 256) lc->blocks[lc->nblocks++] = owner;
  for (uint32_t i = 0; i < l->len; i++)
    collect_labels(lc, l->items[i]);
  lc->nblocks--;
}

static void collect_labels(LabelCtx *lc, SynNode *s) {
  if (!s) return;
  switch (s->kind) {
  case SYN_LABELED_STMT: {
    const char *name = chk_name(lc->ck, s->u.labeled.label);
    if (strcmp(name, "_") != 0) {
      bool dup = false;
      for (uint32_t i = 0; i < lc->n; i++)
        if (strcmp(lc->labels[i].name, name) == 0) {
          SynStr fn;
          uint32_t l, c;
          syn_pos_resolve(lc->ck->file, lc->labels[i].stmt->u.labeled.label->pos, &fn, &l, &c);
          chk_errorf(lc->ck, s->u.labeled.label->pos, "label %s already defined at %.*s:%u:%u", name,
                     (int)fn.len, fn.ptr, l, c);
          dup = true;
        }
      if (!dup) {
        LabelInfo li = {name, s, NULL, lc->nblocks, false};
        li.block = malloc((lc->nblocks + 1) * sizeof *li.block);
        memcpy(li.block, lc->blocks, lc->nblocks * sizeof *li.block);
        VEC_PUSH(lc->ck, lc->labels, lc->n, lc->cap, li);
      }
    }
    collect_labels(lc, s->u.labeled.stmt);
    break;
  }
  case SYN_BLOCK_STMT:
    collect_list(lc, &s->u.block.stmts, s);
    break;
  case SYN_IF_STMT:
    collect_labels(lc, s->u.if_stmt.then);
    collect_labels(lc, s->u.if_stmt.else_);
    break;
  case SYN_FOR_STMT:
    collect_labels(lc, s->u.for_stmt.body);
    break;
  case SYN_SWITCH_STMT:
    for (uint32_t i = 0; i < s->u.switch_stmt.clauses.len; i++) {
      SynNode *c = s->u.switch_stmt.clauses.items[i];
      collect_list(lc, &c->u.case_clause.body, c);
    }
    break;
  case SYN_SELECT_STMT:
    for (uint32_t i = 0; i < s->u.select_stmt.clauses.len; i++) {
      SynNode *c = s->u.select_stmt.clauses.items[i];
      collect_list(lc, &c->u.comm_clause.body, c);
    }
    break;
  default:
    break;
  }
}

static LabelInfo *find_label(LabelCtx *lc, const char *name) {
  for (uint32_t i = 0; i < lc->n; i++)
    if (strcmp(lc->labels[i].name, name) == 0) return &lc->labels[i];
  return NULL;
}

/* Is `target` (a labeled statement) an enclosing statement of the current
 * position? enclosing[] holds the statements entered. */
static void check_branches(LabelCtx *lc, SynNode *s, SynNode **encl, uint32_t nencl, SynList *cur_list,
                           uint32_t cur_index);

static void branches_list(LabelCtx *lc, SynList *l, SynNode **encl, uint32_t nencl, SynNode *owner) {
  if (lc->nblocks < 256) lc->blocks[lc->nblocks++] = owner;
  for (uint32_t i = 0; i < l->len; i++)
    check_branches(lc, l->items[i], encl, nencl, l, i);
  lc->nblocks--;
}

static bool block_in_chain(LabelCtx *lc, LabelInfo *li) {
  /* the label's enclosing blocks must all be enclosing blocks of the goto */
  if (li->nblock > lc->nblocks) return false;
  for (uint32_t i = 0; i < li->nblock; i++)
    if (li->block[i] != lc->blocks[i]) return false;
  return true;
}

static void check_branches(LabelCtx *lc, SynNode *s, SynNode **encl, uint32_t nencl, SynList *cur_list,
                           uint32_t cur_index) {
  Checker *ck = lc->ck;
  if (!s) return;
  switch (s->kind) {
  case SYN_LABELED_STMT: {
    SynNode *ne[128];
    uint32_t n = nencl < 127 ? nencl : 127;
    if (n) memcpy(ne, encl, n * sizeof *ne);
    ne[n++] = s;
    check_branches(lc, s->u.labeled.stmt, ne, n, cur_list, cur_index);
    break;
  }
  case SYN_BRANCH_STMT: {
    if (!s->u.branch.label) break;
    const char *name = chk_name(ck, s->u.branch.label);
    LabelInfo *li = find_label(lc, name);
    if (!li) {
      if (s->op == SYN_GOTO)
        chk_errorf(ck, s->u.branch.label->pos, "label %s not defined", name);
      else
        chk_errorf(ck, s->u.branch.label->pos, "%s label not defined: %s",
                   s->op == SYN_BREAK ? "break" : "continue", name);
      break;
    }
    li->used = true;
    if (s->op == SYN_GOTO) {
      if (!block_in_chain(lc, li)) {
        /* gc names the innermost block of the label */
        SynNode *blk = li->block[li->nblock - 1];
        SynStr fn;
        uint32_t l, c;
        syn_pos_resolve(ck->file,
                        blk->kind == SYN_BLOCK_STMT    ? blk->pos
                        : blk->kind == SYN_CASE_CLAUSE ? blk->u.case_clause.colon
                                                       : blk->u.comm_clause.colon,
                        &fn, &l, &c);
        chk_errorf(ck, s->u.branch.label->pos, "goto %s jumps into block starting at %.*s:%u:%u", name,
                   (int)fn.len, fn.ptr, l, c);
        break;
      }
      /* jumps over variable declaration: forward goto in the same block
       * list with a var decl between */
      if (li->nblock == lc->nblocks && cur_list) {
        SynNode *target = li->stmt;
        SynNode *lastvar = NULL;
        bool found = false;
        for (uint32_t i = cur_index + 1; i < cur_list->len; i++) {
          SynNode *x = cur_list->items[i];
          if (x == target) {
            found = true;
            break;
          }
          if ((x->kind == SYN_DECL_STMT && x->u.decl_stmt.decls.len &&
               x->u.decl_stmt.decls.items[0]->kind == SYN_VAR_DECL) ||
              (x->kind == SYN_ASSIGN_STMT && x->op == SYN_OP_DEF))
            lastvar = x;
        }
        if (found && lastvar) {
          SynNode *vn;
          if (lastvar->kind == SYN_DECL_STMT) {
            SynNode *vd = lastvar->u.decl_stmt.decls.items[lastvar->u.decl_stmt.decls.len - 1];
            vn = vd->u.var_decl.names.items[vd->u.var_decl.names.len - 1];
          } else {
            vn = chk_list_at(lastvar->u.assign.lhs, chk_list_len(lastvar->u.assign.lhs) - 1);
          }
          SynStr fn;
          uint32_t l, c;
          syn_pos_resolve(ck->file, chk_pos(vn), &fn, &l, &c);
          chk_errorf(ck, s->u.branch.label->pos, "goto %s jumps over declaration of %s at %.*s:%u:%u", name,
                     chk_expr_string(ck, vn), (int)fn.len, fn.ptr, l, c);
        }
      }
      break;
    }
    /* break/continue with label: must label an enclosing for/switch/select */
    bool ok = false;
    for (uint32_t i = 0; i < nencl; i++)
      if (encl[i] == li->stmt) {
        SynNode *t = li->stmt->u.labeled.stmt;
        if (s->op == SYN_BREAK)
          ok = t && (t->kind == SYN_FOR_STMT || t->kind == SYN_SWITCH_STMT || t->kind == SYN_SELECT_STMT);
        else
          ok = t && t->kind == SYN_FOR_STMT;
      }
    if (!ok)
      chk_errorf(ck, s->u.branch.label->pos, "invalid %s label %s", s->op == SYN_BREAK ? "break" : "continue",
                 name);
    break;
  }
  case SYN_BLOCK_STMT:
    branches_list(lc, &s->u.block.stmts, encl, nencl, s);
    break;
  case SYN_IF_STMT:
    check_branches(lc, s->u.if_stmt.then, encl, nencl, NULL, 0);
    check_branches(lc, s->u.if_stmt.else_, encl, nencl, NULL, 0);
    break;
  case SYN_FOR_STMT:
    check_branches(lc, s->u.for_stmt.body, encl, nencl, NULL, 0);
    break;
  case SYN_SWITCH_STMT:
    for (uint32_t i = 0; i < s->u.switch_stmt.clauses.len; i++) {
      SynNode *c = s->u.switch_stmt.clauses.items[i];
      branches_list(lc, &c->u.case_clause.body, encl, nencl, c);
    }
    break;
  case SYN_SELECT_STMT:
    for (uint32_t i = 0; i < s->u.select_stmt.clauses.len; i++) {
      SynNode *c = s->u.select_stmt.clauses.items[i];
      branches_list(lc, &c->u.comm_clause.body, encl, nencl, c);
    }
    break;
  default:
    break;
  }
}

void chk_labels(Checker *ck, SynNode *body) {
  LabelCtx lc;
  memset(&lc, 0, sizeof lc);
  lc.ck = ck;
  collect_list(&lc, &body->u.block.stmts, body);
  lc.nblocks = 0;
  branches_list(&lc, &body->u.block.stmts, NULL, 0, body);
  for (uint32_t i = 0; i < lc.n; i++) {
    if (!lc.labels[i].used)
      chk_softf(ck, lc.labels[i].stmt->u.labeled.label->pos, "label %s defined and not used",
                lc.labels[i].name);
    free(lc.labels[i].block);
  }
  free(lc.labels);
}
