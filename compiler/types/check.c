/*
 * check.c: the package driver of the type checker, error reporting,
 * expression and operand strings for messages, and the side-table
 * recorders.
 *
 * Phases of types_check_package (same order as gc's types2):
 *   1. collect: file scopes, imports, package-level objects (decl.c);
 *   2. package objects: type-check every package-level declaration, on
 *      demand and in dependency order (an object is "grey" while its
 *      declaration is being checked; meeting a grey object again is a
 *      cycle, reported for types/constants, allowed through functions);
 *   3. method declarations are associated with their receiver base types
 *      during (2), function bodies are queued and checked after all
 *      package-level declarations are known;
 *   4. unused imports, initialization order (decl.c).
 *
 * Errors are collected (position, message) and handed to the configured
 * sink at the end, sorted by position and with exact duplicates removed,
 * which is what gc prints. Follow-on errors whose message mentions an
 * invalid operand or type are dropped once an error was reported (types2
 * does the same).
 */
#include <mpfr.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

/* ---- errors ------------------------------------------------------------------- */

char *chk_vsprintf(Checker *ck, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  char *s = types_alloc(ck->ctx, (size_t)n + 1);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  return s;
}

char *chk_sprintf(Checker *ck, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = chk_vsprintf(ck, fmt, ap);
  va_end(ap);
  return s;
}

static void add_error(Checker *ck, SynPos pos, char *msg, bool soft) {
  /* follow-on errors about operands whose type is already invalid */
  if (strstr(msg, "with invalid type") || strstr(msg, "invalid operand") ||
      (ck->nerrors > 0 && strstr(msg, "invalid type")))
    return;
  ErrorRec r = {ck->file, pos, msg, ck->nerrors, soft};
  VEC_PUSH(ck, ck->errors, ck->nerrors, ck->cap_errors, r);
  if (!soft) ck->hard_errors++;
}

void chk_errorf(Checker *ck, SynPos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = chk_vsprintf(ck, fmt, ap);
  va_end(ap);
  add_error(ck, pos, s, false);
}

void chk_softf(Checker *ck, SynPos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = chk_vsprintf(ck, fmt, ap);
  va_end(ap);
  add_error(ck, pos, s, true);
}

/* ---- strings for messages ------------------------------------------------------------ */

typedef struct Buf {
  char *p;
  size_t len, cap;
} Buf;

static void bput(Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t nc = (b->cap + n + 1) * 2;
    char *np = realloc(b->p, nc);
    if (!np) abort();
    b->p = np;
    b->cap = nc;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void bputs(Buf *b, const char *s) {
  bput(b, s, strlen(s));
}

const char *chk_name(Checker *ck, SynNode *n) {
  if (!n || n->kind != SYN_NAME) return "_";
  return types_strdup(ck->ctx, n->u.name.value.ptr, n->u.name.value.len);
}

static void write_expr(Checker *ck, Buf *b, SynNode *e, int depth);

static void write_list(Checker *ck, Buf *b, SynList *l, int depth) {
  for (uint32_t i = 0; i < l->len; i++) {
    if (i) bputs(b, ", ");
    write_expr(ck, b, l->items[i], depth + 1);
  }
}

static void write_fields(Checker *ck, Buf *b, SynList *l, const char *sep, int depth) {
  /* group consecutive fields sharing a type node: a, b int */
  for (uint32_t i = 0; i < l->len; i++) {
    SynNode *f = l->items[i];
    if (i) bputs(b, i > 0 && l->items[i - 1]->u.field.type == f->u.field.type ? ", " : sep);
    if (f->u.field.name) {
      write_expr(ck, b, f->u.field.name, depth + 1);
      if (i + 1 < l->len && l->items[i + 1]->u.field.type == f->u.field.type) continue;
      bputs(b, " ");
    }
    write_expr(ck, b, f->u.field.type, depth + 1);
  }
}

static void write_sig_expr(Checker *ck, Buf *b, SynNode *ft, int depth) {
  bputs(b, "(");
  write_fields(ck, b, &ft->u.func_type.params, ", ", depth);
  bputs(b, ")");
  SynList *r = &ft->u.func_type.results;
  if (r->len == 0) return;
  bputs(b, " ");
  if (r->len == 1 && !r->items[0]->u.field.name) {
    write_expr(ck, b, r->items[0]->u.field.type, depth + 1);
    return;
  }
  bputs(b, "(");
  write_fields(ck, b, r, ", ", depth);
  bputs(b, ")");
}

static void write_expr(Checker *ck, Buf *b, SynNode *e, int depth) {
  if (!e) {
    return;
  }
  if (depth > 40) {
    bputs(b, "…");
    return;
  }
  switch (e->kind) {
  case SYN_BAD:
    bputs(b, "<bad expr>");
    break;
  case SYN_NAME:
    bput(b, e->u.name.value.ptr, e->u.name.value.len);
    break;
  case SYN_BASIC_LIT:
    bput(b, e->u.lit.value.ptr, e->u.lit.value.len);
    break;
  case SYN_FUNC_LIT:
    bputs(b, "func");
    write_sig_expr(ck, b, e->u.func_lit.type, depth);
    bputs(b, " {");
    if (e->u.func_lit.body && e->u.func_lit.body->u.block.stmts.len) bputs(b, "…");
    bputs(b, "}");
    break;
  case SYN_COMPOSITE_LIT:
    write_expr(ck, b, e->u.composite.type, depth + 1);
    bputs(b, "{");
    if (e->u.composite.elems.len) bputs(b, "…");
    bputs(b, "}");
    break;
  case SYN_KEY_VALUE:
    write_expr(ck, b, e->u.key_value.key, depth + 1);
    bputs(b, ": ");
    write_expr(ck, b, e->u.key_value.value, depth + 1);
    break;
  case SYN_PAREN:
    bputs(b, "(");
    write_expr(ck, b, e->u.paren.x, depth + 1);
    bputs(b, ")");
    break;
  case SYN_SELECTOR:
    write_expr(ck, b, e->u.selector.x, depth + 1);
    bputs(b, ".");
    write_expr(ck, b, e->u.selector.sel, depth + 1);
    break;
  case SYN_INDEX:
    write_expr(ck, b, e->u.index.x, depth + 1);
    bputs(b, "[");
    write_expr(ck, b, e->u.index.index, depth + 1);
    bputs(b, "]");
    break;
  case SYN_SLICE:
    write_expr(ck, b, e->u.slice.x, depth + 1);
    bputs(b, "[");
    write_expr(ck, b, e->u.slice.index[0], depth + 1);
    bputs(b, ":");
    write_expr(ck, b, e->u.slice.index[1], depth + 1);
    if (e->u.slice.index[2]) {
      bputs(b, ":");
      write_expr(ck, b, e->u.slice.index[2], depth + 1);
    }
    bputs(b, "]");
    break;
  case SYN_ASSERT:
    write_expr(ck, b, e->u.assert.x, depth + 1);
    bputs(b, ".(");
    write_expr(ck, b, e->u.assert.type, depth + 1);
    bputs(b, ")");
    break;
  case SYN_TYPE_SWITCH_GUARD:
    if (e->u.guard.lhs) {
      write_expr(ck, b, e->u.guard.lhs, depth + 1);
      bputs(b, " := ");
    }
    write_expr(ck, b, e->u.guard.x, depth + 1);
    bputs(b, ".(type)");
    break;
  case SYN_OPERATION:
    if (!e->u.operation.y) {
      bputs(b, e->op == SYN_OP_MUL ? "*" : syn_op_string((SynOp)e->op));
      write_expr(ck, b, e->u.operation.x, depth + 1);
    } else {
      write_expr(ck, b, e->u.operation.x, depth + 1);
      bputs(b, " ");
      bputs(b, syn_op_string((SynOp)e->op));
      bputs(b, " ");
      write_expr(ck, b, e->u.operation.y, depth + 1);
    }
    break;
  case SYN_CALL:
    write_expr(ck, b, e->u.call.fun, depth + 1);
    bputs(b, "(");
    write_list(ck, b, &e->u.call.args, depth);
    if (e->flags & SYN_F_HAS_DOTS) bputs(b, "...");
    bputs(b, ")");
    break;
  case SYN_LIST_EXPR:
    write_list(ck, b, &e->u.list.elems, depth);
    break;
  case SYN_ARRAY_TYPE:
    bputs(b, "[");
    if (e->u.array.len)
      write_expr(ck, b, e->u.array.len, depth + 1);
    else
      bputs(b, "...");
    bputs(b, "]");
    write_expr(ck, b, e->u.array.elem, depth + 1);
    break;
  case SYN_SLICE_TYPE:
    bputs(b, "[]");
    write_expr(ck, b, e->u.elem.elem, depth + 1);
    break;
  case SYN_DOTS_TYPE:
    bputs(b, "...");
    write_expr(ck, b, e->u.elem.elem, depth + 1);
    break;
  case SYN_STRUCT_TYPE:
    bputs(b, "struct{");
    write_fields(ck, b, &e->u.struct_type.fields, "; ", depth);
    bputs(b, "}");
    break;
  case SYN_FIELD:
    if (e->u.field.name) {
      write_expr(ck, b, e->u.field.name, depth + 1);
      bputs(b, " ");
    }
    write_expr(ck, b, e->u.field.type, depth + 1);
    break;
  case SYN_INTERFACE_TYPE: {
    bputs(b, "interface{");
    SynList *l = &e->u.interface_type.methods;
    for (uint32_t i = 0; i < l->len; i++) {
      SynNode *f = l->items[i];
      if (i) bputs(b, "; ");
      if (f->u.field.name) {
        write_expr(ck, b, f->u.field.name, depth + 1);
        if (f->u.field.type && f->u.field.type->kind == SYN_FUNC_TYPE)
          write_sig_expr(ck, b, f->u.field.type, depth + 1);
      } else {
        write_expr(ck, b, f->u.field.type, depth + 1);
      }
    }
    bputs(b, "}");
    break;
  }
  case SYN_FUNC_TYPE:
    bputs(b, "func");
    write_sig_expr(ck, b, e, depth);
    break;
  case SYN_MAP_TYPE:
    bputs(b, "map[");
    write_expr(ck, b, e->u.map_type.key, depth + 1);
    bputs(b, "]");
    write_expr(ck, b, e->u.map_type.value, depth + 1);
    break;
  case SYN_CHAN_TYPE:
    if (e->op == SYN_CHAN_RECV)
      bputs(b, "<-chan ");
    else if (e->op == SYN_CHAN_SEND)
      bputs(b, "chan<- ");
    else
      bputs(b, "chan ");
    write_expr(ck, b, e->u.chan_type.elem, depth + 1);
    break;
  default:
    bputs(b, "<expr>");
    break;
  }
}

char *chk_expr_string(Checker *ck, SynNode *e) {
  Buf b = {0};
  bputs(&b, "");
  write_expr(ck, &b, e, 0);
  char *r = types_strdup(ck->ctx, b.p, b.len);
  free(b.p);
  return r;
}

char *chk_type_string(Checker *ck, Type *t) {
  return types_string(ck->ctx, t, ck->pkg);
}

static const char *mode_string(int mode) {
  switch (mode) {
  case TV_INVALID:
    return "invalid operand";
  case TV_NOVALUE:
    return "no value";
  case TV_BUILTIN:
    return "built-in";
  case TV_TYPE:
    return "type";
  case TV_CONSTANT:
    return "constant";
  case TV_VARIABLE:
    return "variable";
  case TV_MAPINDEX:
    return "map index expression";
  case TV_VALUE:
    return "value";
  case TV_COMMAOK:
    return "comma, ok expression";
  }
  return "?";
}

static bool is_nil_expr(Operand *x) {
  return x->type && x->type->kind == TY_BASIC && x->type->basic == UNTYPED_NIL;
}

static bool is_converted_nil(Operand *x) {
  return x->nilval && !is_nil_expr(x);
}

char *chk_operand_string(Checker *ck, Operand *x) {
  if (is_nil_expr(x) && x->mode != TV_INVALID) return "nil";
  if (is_converted_nil(x) && x->mode != TV_INVALID)
    return chk_sprintf(ck, "nil (of type %s)", chk_type_string(ck, x->type));
  Buf b = {0};
  bputs(&b, "");
  const char *expr = "";
  if (x->expr)
    expr = chk_expr_string(ck, x->expr);
  else if (x->mode == TV_TYPE)
    expr = chk_type_string(ck, x->type);
  else if (x->mode == TV_CONSTANT && x->val)
    expr = const_string_repr(ck->ctx, x->val);
  if (expr[0]) {
    bputs(&b, expr);
    bputs(&b, " (");
  }
  bool has_type = false;
  switch (x->mode) {
  case TV_INVALID:
  case TV_NOVALUE:
  case TV_BUILTIN:
  case TV_TYPE:
    break;
  default:
    if (x->type) {
      if (types_is_untyped(x->type)) {
        bputs(&b, x->type->u.basic.name);
        bputs(&b, " ");
        break;
      }
      has_type = true;
    }
  }
  bputs(&b, mode_string(x->mode));
  if (x->mode == TV_CONSTANT && x->val) {
    const char *s = const_string_repr(ck->ctx, x->val);
    if (strcmp(s, expr) != 0) {
      bputs(&b, " ");
      bputs(&b, s);
    }
  }
  if (has_type) {
    if (!(x->type->kind == TY_BASIC && x->type->basic == INVALID)) {
      bool generic = (x->type->kind == TY_NAMED && x->type->u.named.ntparams && !x->type->u.named.orig) ||
                     (x->type->kind == TY_SIGNATURE && x->type->u.sig.ntparams);
      bputs(&b, generic ? " of parameterized type " : " of type ");
      bputs(&b, chk_type_string(ck, x->type));
      if (x->type->kind == TY_TYPEPARAM) {
        bputs(&b, " constrained by ");
        bputs(&b, chk_type_string(ck, x->type->u.tparam.constraint));
      }
    } else {
      bputs(&b, " with invalid type");
    }
  }
  if (expr[0]) bputs(&b, ")");
  char *r = types_strdup(ck->ctx, b.p, b.len);
  free(b.p);
  return r;
}

SynPos chk_expr_pos(SynNode *e) {
  /* gc reports an operand's errors at the start of its expression
   * (syntax.StartPos): the leftmost token. */
  for (int guard = 0; e && guard < 10000; guard++) {
    switch (e->kind) {
    case SYN_COMPOSITE_LIT:
      if (e->u.composite.type) {
        e = e->u.composite.type;
        continue;
      }
      return e->pos;
    case SYN_KEY_VALUE:
      e = e->u.key_value.key;
      continue;
    case SYN_SELECTOR:
      e = e->u.selector.x;
      continue;
    case SYN_INDEX:
      e = e->u.index.x;
      continue;
    case SYN_SLICE:
      e = e->u.slice.x;
      continue;
    case SYN_ASSERT:
      e = e->u.assert.x;
      continue;
    case SYN_TYPE_SWITCH_GUARD:
      e = e->u.guard.lhs ? e->u.guard.lhs : e->u.guard.x;
      continue;
    case SYN_OPERATION:
      if (e->u.operation.y) {
        e = e->u.operation.x;
        continue;
      }
      return e->pos;
    case SYN_CALL:
      e = e->u.call.fun;
      continue;
    case SYN_LIST_EXPR:
      if (e->u.list.elems.len) {
        e = e->u.list.elems.items[0];
        continue;
      }
      return e->pos;
    default:
      return e->pos;
    }
  }
  return e ? e->pos : (SynPos){0, 0, 0, 0};
}

/* ---- side tables ------------------------------------------------------------------ */

void chk_record_type(Checker *ck, SynNode *e, uint8_t mode, Type *t, Const *val) {
  if (!ck->info || !e) return;
  TypeAndValue *tv = types_ptrmap_get(&ck->info->types, e);
  if (!tv) {
    tv = types_alloc(ck->info_ctx, sizeof *tv);
    types_ptrmap_put(ck->info_ctx, &ck->info->types, e, tv);
  }
  tv->mode = mode;
  tv->type = t;
  tv->val = val;
}

void chk_record_def(Checker *ck, SynNode *name, Object *o) {
  if (ck->info && name) types_ptrmap_put(ck->info_ctx, &ck->info->defs, name, o);
}

void chk_record_use(Checker *ck, SynNode *name, Object *o) {
  if (ck->info && name) types_ptrmap_put(ck->info_ctx, &ck->info->uses, name, o);
}

void chk_record_implicit(Checker *ck, SynNode *n, Object *o) {
  if (ck->info && n) types_ptrmap_put(ck->info_ctx, &ck->info->implicits, n, o);
}

void chk_add_localvar(Checker *ck, Object *o) {
  VEC_PUSH(ck, ck->localvars, ck->nlocalvars, ck->cap_localvars, o);
}

/* Declares o in scope s; reports redeclarations. name may be NULL. */
bool chk_declare(Checker *ck, Scope *s, SynNode *name, Object *o) {
  if (name) chk_record_def(ck, name, o);
  if (strcmp(o->name, "_") == 0) return true;
  Object *old = types_scope_insert(ck->ctx, s, o);
  if (old) {
    chk_errorf(ck, o->pos, "%s redeclared in this block", o->name);
    /* types2 also reports "other declaration of" as a continuation; gc
     * prints it as part of the same error, on the next line. */
    return false;
  }
  return true;
}

/* ---- driver --------------------------------------------------------------------- */

static Object *inst_method_hook(void *ckp, Type *inst, Object *m);
static void decl_method_hook(void *ckp, Object *m);

static int cmp_err(const void *a, const void *b) {
  const ErrorRec *x = a, *y = b;
  if (x->file != y->file) {
    /* keep file order as given */
    return x->seq < y->seq ? -1 : 1;
  }
  if (x->pos.line != y->pos.line) return x->pos.line < y->pos.line ? -1 : 1;
  if (x->pos.col != y->pos.col) return x->pos.col < y->pos.col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void flush_errors(Checker *ck) {
  if (ck->nerrors > 1) /* qsort's array may not be NULL, even when empty */
    qsort(ck->errors, ck->nerrors, sizeof *ck->errors, cmp_err);
  for (uint32_t i = 0; i < ck->nerrors; i++) {
    ErrorRec *r = &ck->errors[i];
    TypesDiag d = {0};
    SynStr fname = {"", 0};
    uint32_t line = r->pos.line, col = r->pos.col;
    if (r->file) syn_pos_resolve(r->file, r->pos, &fname, &line, &col);
    d.filename = types_strdup(ck->ctx, fname.ptr, fname.len);
    d.line = line;
    d.col = col;
    d.msg = r->msg;
    d.soft = r->soft;
    if (i > 0) {
      ErrorRec *p = &ck->errors[i - 1];
      if (p->file == r->file && p->pos.line == r->pos.line && strcmp(p->msg, r->msg) == 0) continue;
    }
    if (ck->cfg->error) ck->cfg->error(ck->cfg->error_ctx, &d);
  }
}

static TypesPackage *check_package(TypesCtx *c, const TypesConfig *cfg, const char *path, SynFile **files,
                                   uint32_t nfiles, TypesInfo *info, int *nerrors);

/* The checker recurses over the syntax tree, and generated code nests
 * deeply: time/tzdata's zipdata is one `"..." + "..." + ...` chain of
 * thousands of operands, a left-deep tree that overflows an 8 MiB stack
 * under ASan. Checking runs on a thread with a 1 GiB stack (address
 * space only: pages are committed as they are touched). Importers called
 * back from the checker run on that thread too. Rejected: rewriting every
 * recursive walk as a loop (the operand logic of binary expressions is
 * long and shared with the non-constant case). */
enum { CHECK_STACK = 1u << 30 };

typedef struct CheckCall {
  TypesCtx *c;
  const TypesConfig *cfg;
  const char *path;
  SynFile **files;
  uint32_t nfiles;
  TypesInfo *info;
  int *nerrors;
  TypesPackage *result;
} CheckCall;

static _Thread_local bool on_check_stack;

static void *check_thread_entry(void *arg) {
  CheckCall *k = arg;
  on_check_stack = true;
  k->result = check_package(k->c, k->cfg, k->path, k->files, k->nfiles, k->info, k->nerrors);
  mpfr_free_cache(); /* MPFR's caches are per thread (constants, pow): free this thread's */
  return NULL;
}

TypesPackage *types_check_package(TypesCtx *c, const TypesConfig *cfg, const char *path, SynFile **files,
                                  uint32_t nfiles, TypesInfo *info, int *nerrors) {
  if (on_check_stack) /* an importer checking a dependency from source: already on a big stack */
    return check_package(c, cfg, path, files, nfiles, info, nerrors);
  CheckCall k = {c, cfg, path, files, nfiles, info, nerrors, NULL};
  pthread_attr_t attr;
  pthread_t th;
  if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, CHECK_STACK) == 0 &&
      pthread_create(&th, &attr, check_thread_entry, &k) == 0) {
    pthread_attr_destroy(&attr);
    pthread_join(th, NULL);
    return k.result;
  }
  /* no thread (resource limits): check on this stack */
  return check_package(c, cfg, path, files, nfiles, info, nerrors);
}

static TypesPackage *check_package1(TypesCtx *c, const TypesConfig *cfg, const char *path, SynFile **files,
                                    uint32_t nfiles, TypesInfo *info, int *nerrors);

static TypesPackage *check_package(TypesCtx *c, const TypesConfig *cfg, const char *path, SynFile **files,
                                   uint32_t nfiles, TypesInfo *info, int *nerrors) {
  TypesCtx *save = types_identity_ctx; /* nested when an importer checks from source */
  types_identity_ctx = c;
  TypesPackage *p = check_package1(c, cfg, path, files, nfiles, info, nerrors);
  types_identity_ctx = save;
  return p;
}

static TypesPackage *check_package1(TypesCtx *c, const TypesConfig *cfg, const char *path, SynFile **files,
                                    uint32_t nfiles, TypesInfo *info, int *nerrors) {
  Checker ck;
  memset(&ck, 0, sizeof ck);
  ck.ctx = c;
  ck.cfg = cfg;
  /* The checker reads its own records back (is this call's function a
   * type? was this selector's name used?), so it always keeps the side
   * tables; without a caller's info they live in the context. */
  TypesCtx *scratch = info ? NULL : types_ctx_new();
  ck.info = info ? info : types_alloc(scratch, sizeof *info);
  ck.info_ctx = info ? c : scratch;
  ck.files = files;
  ck.nfiles = nfiles;
  c->inst_method = inst_method_hook;
  c->inst_method_ctx = &ck;
  c->decl_method = decl_method_hook;
  TypesPackage *pkg = types_alloc(c, sizeof *pkg);
  pkg->path = types_strdup(c, path, strlen(path));
  pkg->scope = types_scope_new(c, types_universe(c));
  pkg->name = "";
  for (uint32_t i = 0; i < nfiles; i++)
    if (files[i]->pkg_name) {
      ck.file = files[i];
      const char *nm = chk_name(&ck, files[i]->pkg_name);
      if (!pkg->name[0])
        pkg->name = nm;
      else if (strcmp(pkg->name, nm) != 0)
        chk_errorf(&ck, files[i]->pkg_name->pos, "package %s; expected package %s", nm, pkg->name);
    }
  ck.pkg = pkg;
  for (uint32_t i = 0; i < nfiles; i++)
    if (files[i]->pkg_name && strcmp(chk_name(&ck, files[i]->pkg_name), "_") == 0) {
      ck.file = files[i];
      chk_errorf(&ck, files[i]->pkg_name->pos, "invalid package name _");
    }
  chk_collect_objects(&ck);
  chk_package_objects(&ck);
  chk_run_delayed(&ck);
  /* function bodies (more may be queued while checking: closures are
   * checked inline, so only declarations end up here) */
  for (uint32_t i = 0; i < ck.nbodies; i++) {
    BodyWork *w = &ck.bodies[i];
    ck.file = w->file;
    ck.decl = w->fn ? w->fn->decl : NULL;
    ck.top_generic = w->sig && (w->sig->u.sig.ntparams || w->sig->u.sig.nrtparams);
    chk_body(&ck, w->sig, w->body, w->scope, w->fn ? w->fn->name : "");
    ck.top_generic = false;
  }
  chk_run_delayed(&ck); /* local types */

  /* unused imports */
  for (uint32_t i = 0; i < ck.nimports; i++) {
    Object *o = ck.imports[i];
    if (!o->used) {
      ck.file = o->file;
      SynNode *spec = types_ptrmap_get(&ck.unused_imports, o);
      const char *p = o->imported ? o->imported->path : "?";
      if (spec && spec->u.import_decl.local_name && strcmp(o->name, "_") != 0 && strcmp(o->name, ".") != 0 &&
          o->imported && strcmp(o->name, o->imported->name) != 0)
        chk_softf(&ck, o->pos, "imported and not used: \"%s\" as %s", p, o->name);
      else if (strcmp(o->name, ".") == 0)
        chk_softf(&ck, o->pos, "imported and not used: \"%s\"", p);
      else if (strcmp(o->name, "_") != 0)
        chk_softf(&ck, o->pos, "imported and not used: \"%s\"", p);
    }
  }
  chk_init_order(&ck);
  pkg->complete = true;
  flush_errors(&ck);
  if (nerrors) *nerrors = (int)ck.nerrors;
  c->inst_method = NULL;
  c->decl_method = NULL;
  if (scratch) types_ctx_free(scratch);
  free(ck.delayed);
  free(ck.pending);
  free(ck.errors);
  free(ck.objs);
  free(ck.methods);
  free(ck.bodies);
  free(ck.path);
  free(ck.imports);
  free(ck.localvars);
  free(ck.file_scopes);
  return pkg;
}

int types_check_bodies(TypesCtx *c, const TypesConfig *cfg, TypesPackage *pkg, SynFile **files, Object **fns,
                       uint32_t nfiles, TypesInfo *info, TypesCheckedBody *out) {
  TypesCtx *save_ctx = types_identity_ctx;
  types_identity_ctx = c;
  Checker ck;
  memset(&ck, 0, sizeof ck);
  ck.ctx = c;
  ck.cfg = cfg;
  ck.info = info;
  ck.info_ctx = c;
  ck.files = files;
  ck.nfiles = nfiles;
  ck.pkg = pkg;
  c->inst_method = inst_method_hook;
  c->inst_method_ctx = &ck;
  c->decl_method = decl_method_hook;
  Object **checked = calloc(nfiles + 1, sizeof *checked);
  chk_collect_bodies(&ck, checked);
  chk_run_delayed(&ck);
  for (uint32_t i = 0; i < ck.nbodies; i++) {
    BodyWork *w = &ck.bodies[i];
    ck.file = w->file;
    ck.decl = w->fn ? w->fn->decl : NULL;
    ck.top_generic = w->sig && (w->sig->u.sig.ntparams || w->sig->u.sig.nrtparams);
    chk_body(&ck, w->sig, w->body, w->scope, w->fn ? w->fn->name : "");
    ck.top_generic = false;
  }
  chk_run_delayed(&ck);
  /* no unused-import check: a file's imports are those of the whole
     original file, of which this one body may use a few */
  for (uint32_t i = 0; i < nfiles; i++) {
    out[i].fn = fns[i];
    out[i].checked = checked[i];
    out[i].file = files[i];
    out[i].decl = checked[i] ? checked[i]->decl->spec : NULL;
  }
  flush_errors(&ck);
  int nerr = (int)ck.nerrors;
  c->inst_method = NULL;
  c->decl_method = NULL;
  free(checked);
  free(ck.delayed);
  free(ck.pending);
  free(ck.errors);
  free(ck.objs);
  free(ck.methods);
  free(ck.bodies);
  free(ck.path);
  free(ck.imports);
  free(ck.localvars);
  free(ck.file_scopes);
  types_identity_ctx = save_ctx;
  return nerr;
}

static void decl_method_hook(void *ckp, Object *m) {
  Checker *ck = ckp;
  if (m->pkg == ck->pkg) chk_obj_decl(ck, m);
}

static Object *inst_method_hook(void *ckp, Type *inst, Object *m) {
  Checker *ck = ckp;
  Type *orig = inst->u.named.orig;
  if (!m->type || m->type->kind != TY_SIGNATURE) return m;
  Type *sig = m->type;
  Object **tps = sig->u.sig.rtparams;
  uint32_t n = sig->u.sig.nrtparams;
  if (!tps || n != inst->u.named.ntargs) {
    tps = orig->u.named.tparams;
    n = orig->u.named.ntparams;
    if (n != inst->u.named.ntargs) return m;
  }
  Object *r = types_new_object(ck->ctx, OBJ_FUNC, m->pkg, m->name, NULL);
  *r = *m;
  r->type = chk_subst(ck, sig, tps, inst->u.named.targs, n);
  return r;
}
