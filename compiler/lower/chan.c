/*
 * chan.c: `select` statements (abi.h [chan]).
 *
 * The other channel operations (make, send, receive, close, len/cap, range
 * over a channel) and `go` statements are lowered by the core (call.c,
 * stmt.c, closure.c) as direct rog_chan_* / rog_go calls; this file owns
 * select, which the core's stmt.c hands over through lower_select.
 *
 * Lowering, as gc's walkSelect:
 *   select {}                      -> rog_select with no cases, blocking
 *                                     (parks forever; deadlock detection
 *                                     is the scheduler's)
 *   select { default: B }          -> B
 *   one case, no default           -> the plain operation, then the body
 *   one case + default             -> rog_chan_trysend / rog_chan_tryrecv
 *   otherwise                      -> rog_select over a stack array of
 *                                     rog_scase (sends first, then
 *                                     receives, as abi.h orders them) and
 *                                     a switch on the chosen index.
 * Evaluation order (spec): every channel operand and every send value is
 * evaluated exactly once, in source order, on entering the statement; the
 * left-hand sides of receive assignments only when their case is chosen.
 * Each receive case gets its own stack slot for the received value (passed
 * to the runtime, copied into the case's variables in its body block).
 *
 * `break` inside a case leaves the select: the statement is a break target
 * (with its label) like switch.
 *
 * Rejected: lowering every select through rog_select (the one-case forms
 * are common in loops and the direct calls avoid the case array and the
 * random permutation, as gc does).
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/internal.h"

static SynNode *unparen(SynNode *n) {
  while (n && n->kind == SYN_PAREN)
    n = n->u.paren.x;
  return n;
}

/* One comm clause, classified. */
typedef struct Comm {
  SynNode *clause;
  bool send;
  SynNode *chan;        /* channel expression */
  SynNode *value;       /* send: the value */
  SynNode *lhs_v;       /* receive: variable receiving the value, or NULL */
  SynNode *lhs_ok;      /* receive: variable receiving ok, or NULL */
  bool define;          /* receive: `:=` */
  Type *elem;           /* channel element type */
  LLVMValueRef c;       /* evaluated channel */
  LLVMValueRef slot;    /* send: value slot; receive: destination (or NULL) */
  LLVMBasicBlockRef bb; /* body */
} Comm;

/* Fills cm from a comm clause's statement; false for default. */
static bool classify(Lower *L, SynNode *st, Comm *cm) {
  if (!st) return false;
  if (st->kind == SYN_SEND_STMT) {
    cm->send = true;
    cm->chan = st->u.send.chan;
    cm->value = st->u.send.value;
  } else {
    SynNode *rx = NULL;
    if (st->kind == SYN_EXPR_STMT) {
      rx = unparen(st->u.expr_stmt.x);
    } else if (st->kind == SYN_ASSIGN_STMT) {
      rx = unparen(st->u.assign.rhs);
      SynNode *lhs = st->u.assign.lhs;
      cm->define = st->op == SYN_OP_DEF;
      if (lhs && lhs->kind == SYN_LIST_EXPR) {
        cm->lhs_v = lhs->u.list.elems.len > 0 ? lhs->u.list.elems.items[0] : NULL;
        cm->lhs_ok = lhs->u.list.elems.len > 1 ? lhs->u.list.elems.items[1] : NULL;
      } else {
        cm->lhs_v = lhs;
      }
    }
    if (!rx || rx->kind != SYN_OPERATION || rx->op != SYN_OP_RECV || rx->u.operation.y) {
      lower_error(L, st->pos, "select case must be receive, send or assign recv");
      return false;
    }
    cm->chan = rx->u.operation.x;
  }
  Type *ct = types_underlying(lower_tv_type(L, cm->chan));
  cm->elem = ct && ct->kind == TY_CHAN ? ct->u.chan.elem : types_basic(L->tc, INT);
  return true;
}

static bool is_blank_name(SynNode *n) {
  n = unparen(n);
  return !n || (n->kind == SYN_NAME && n->u.name.value.len == 1 && n->u.name.value.ptr[0] == '_');
}

/* Evaluates the operands of a case (on entry, in source order). */
static void eval_operands(Lower *L, Comm *cm) {
  cm->c = lower_expr(L, cm->chan);
  if (cm->send) {
    LLVMValueRef v = lower_expr_to(L, cm->value, cm->elem);
    cm->slot = lower_entry_alloca(L, cm->elem, "select.send");
    lower_store(L, cm->elem, cm->slot, v);
  } else if ((cm->lhs_v && !is_blank_name(cm->lhs_v)) || cm->lhs_ok) {
    cm->slot = lower_entry_alloca(L, cm->elem, "select.recv");
  } else {
    cm->slot = NULL; /* value discarded */
  }
}

/* Stores v (of type vt) into a receive case's left-hand side. */
static void assign_lhs(Lower *L, Comm *cm, SynNode *lhs, LLVMValueRef v, Type *vt) {
  if (!lhs || is_blank_name(lhs)) return;
  if (cm->define) {
    Object *o = lower_def(L, unparen(lhs));
    if (!o) return; /* redeclared in a := with other new names: plain assignment */
    if (!types_ptrmap_get(&L->vars, o)) {
      LocalVar *lv = types_alloc(L->tc, sizeof *lv);
      lv->addr = lower_var_storage(L, o);
      lv->type = o->type;
      types_ptrmap_put(L->tc, &L->vars, o, lv);
    }
    LocalVar *lv = types_ptrmap_get(&L->vars, o);
    lower_store(L, o->type, lv->addr, lower_convert(L, v, vt, o->type));
    return;
  }
  lower_assign_to(L, lhs, v, vt);
}

/* In a chosen receive case: bind/assign the received value and ok. */
static void finish_recv(Lower *L, Comm *cm, LLVMValueRef ok) {
  if (cm->send) return;
  if (cm->lhs_v && cm->slot) assign_lhs(L, cm, cm->lhs_v, lower_load(L, cm->elem, cm->slot), cm->elem);
  if (cm->lhs_ok) assign_lhs(L, cm, cm->lhs_ok, ok, types_basic(L->tc, BOOL));
}

/* The select statement as a break target (stmt.c keeps the stack). */
static void push_break(Lower *L, SynNode *s, Object *label, LLVMBasicBlockRef done) {
  Fn *f = L->fn;
  if (f->ntargets == f->cap_targets) {
    f->cap_targets = f->cap_targets ? 2 * f->cap_targets : 8;
    f->targets = realloc(f->targets, f->cap_targets * sizeof *f->targets);
    if (!f->targets) abort();
  }
  f->targets[f->ntargets++] = (Target){s, label, done, NULL};
}

static void body(Lower *L, SynNode *clause, LLVMBasicBlockRef done) {
  lower_block(L, clause->u.comm_clause.body);
  if (!lower_block_terminated(L)) LLVMBuildBr(L->b, done);
}

void lower_select(Lower *L, SynNode *s, Object *label) {
  SynList cl = s->u.select_stmt.clauses;
  Comm *cs = calloc(cl.len + 1, sizeof *cs);
  if (!cs) abort();
  uint32_t n = 0;
  SynNode *def = NULL;
  for (uint32_t i = 0; i < cl.len; i++) {
    SynNode *c = cl.items[i];
    if (!c->u.comm_clause.comm) {
      def = c;
      continue;
    }
    memset(&cs[n], 0, sizeof cs[n]);
    cs[n].clause = c;
    if (classify(L, c->u.comm_clause.comm, &cs[n])) n++;
  }
  for (uint32_t i = 0; i < n; i++)
    eval_operands(L, &cs[i]);

  LLVMBasicBlockRef done = lower_new_block(L, "select.done");
  push_break(L, s, label, done);
  LLVMValueRef okslot = lower_entry_alloca(L, types_basic(L->tc, BOOL), "select.ok");

  if (n == 0 && !def) {
    /* select {}: block forever */
    LLVMValueRef a[6] = {LLVMConstNull(L->ptr),         LLVMConstNull(L->ptr),
                         lower_const_int(L, L->i64, 0), lower_const_int(L, L->i64, 0),
                         LLVMConstInt(L->i1, 1, 0),     LLVMConstNull(L->ptr)};
    lower_rt_call(L, "rog_select", L->i64, a, 6);
    LLVMBuildUnreachable(L->b);
  } else if (n == 0) {
    body(L, def, done);
  } else if (n == 1 && !def) {
    /* the plain operation */
    Comm *cm = &cs[0];
    LLVMValueRef ok = LLVMConstInt(L->i1, 1, 0);
    if (cm->send) {
      LLVMValueRef a[2] = {cm->c, cm->slot};
      lower_rt_call(L, "rog_chan_send", NULL, a, 2);
    } else {
      LLVMValueRef a[2] = {cm->c, cm->slot ? cm->slot : LLVMConstNull(L->ptr)};
      ok = lower_rt_call(L, "rog_chan_recv", L->i1, a, 2);
    }
    finish_recv(L, cm, ok);
    body(L, cm->clause, done);
  } else if (n == 1) {
    /* one case and default: non-blocking */
    Comm *cm = &cs[0];
    LLVMValueRef happened;
    if (cm->send) {
      LLVMValueRef a[2] = {cm->c, cm->slot};
      happened = lower_rt_call(L, "rog_chan_trysend", L->i1, a, 2);
    } else {
      LLVMValueRef a[3] = {cm->c, cm->slot ? cm->slot : LLVMConstNull(L->ptr), okslot};
      happened = lower_rt_call(L, "rog_chan_tryrecv", L->i1, a, 3);
    }
    LLVMBasicBlockRef yes = lower_new_block(L, "select.case"), no = lower_new_block(L, "select.default");
    LLVMBuildCondBr(L->b, happened, yes, no);
    LLVMPositionBuilderAtEnd(L->b, yes);
    finish_recv(L, cm, cm->send ? NULL : LLVMBuildLoad2(L->b, L->i1, okslot, ""));
    body(L, cm->clause, done);
    LLVMPositionBuilderAtEnd(L->b, no);
    body(L, def, done);
  } else {
    /* general: rog_scase cases[n] (sends first), uint16 order[2n] */
    /* rog_scase is {c, elem}: the case array is [2n]unsafe.Pointer */
    Type *upt = types_basic(L->tc, UNSAFE_POINTER);
    LLVMValueRef cases = lower_entry_alloca(L, types_new_array(L->tc, upt, 2 * (int64_t)n), "select.cases");
    LLVMValueRef order = lower_entry_alloca(
        L, types_new_array(L->tc, types_basic(L->tc, UINT16), 2 * (int64_t)n), "select.order");
    uint32_t *index = calloc(n, sizeof *index); /* case array slot of cs[i] */
    if (!index) abort();
    uint32_t k = 0, nsends = 0;
    for (int pass = 0; pass < 2; pass++)
      for (uint32_t i = 0; i < n; i++) {
        if (cs[i].send != (pass == 0)) continue;
        if (pass == 0) nsends++;
        index[i] = k;
        LLVMValueRef i0 = lower_const_int(L, L->i64, 2 * k), i1 = lower_const_int(L, L->i64, 2 * k + 1);
        LLVMBuildStore(L->b, cs[i].c, LLVMBuildInBoundsGEP2(L->b, L->ptr, cases, &i0, 1, ""));
        LLVMBuildStore(L->b, cs[i].slot ? cs[i].slot : LLVMConstNull(L->ptr),
                       LLVMBuildInBoundsGEP2(L->b, L->ptr, cases, &i1, 1, ""));
        k++;
      }
    LLVMValueRef a[6] = {cases,
                         order,
                         lower_const_int(L, L->i64, nsends),
                         lower_const_int(L, L->i64, (int64_t)(n - nsends)),
                         LLVMConstInt(L->i1, def ? 0 : 1, 0),
                         okslot};
    LLVMValueRef chosen = lower_rt_call(L, "rog_select", L->i64, a, 6);
    LLVMBasicBlockRef defbb = lower_new_block(L, def ? "select.default" : "select.none");
    LLVMValueRef sw = LLVMBuildSwitch(L->b, chosen, defbb, n);
    for (uint32_t i = 0; i < n; i++) {
      cs[i].bb = lower_new_block(L, "select.case");
      LLVMAddCase(sw, lower_const_int(L, L->i64, index[i]), cs[i].bb);
    }
    for (uint32_t i = 0; i < n; i++) {
      LLVMPositionBuilderAtEnd(L->b, cs[i].bb);
      finish_recv(L, &cs[i], cs[i].send ? NULL : LLVMBuildLoad2(L->b, L->i1, okslot, ""));
      body(L, cs[i].clause, done);
    }
    LLVMPositionBuilderAtEnd(L->b, defbb);
    if (def)
      body(L, def, done);
    else
      LLVMBuildUnreachable(L->b); /* a blocking select always picks a case */
    free(index);
  }
  L->fn->ntargets--;
  free(cs);
  LLVMPositionBuilderAtEnd(L->b, done);
}
