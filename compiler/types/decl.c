/*
 * decl.c: declarations. Collection of package-level objects across the
 * files of a package (with imports), their on-demand resolution with cycle
 * detection, method association, local declarations (DeclStmt), and the
 * package initialization order.
 *
 * Cycle detection: chk_obj_decl paints an object grey while its
 * declaration is checked and keeps the chain of grey objects (ck->path).
 * Reaching a grey object again closes a cycle. A cycle is valid if it goes
 * through a named type's definition by way of an indirection (handled in
 * typexpr.c: a Named type is usable as soon as it is created, before its
 * underlying type is known) or through a function; otherwise it is an
 * error: "invalid recursive type T" for type names, "illegal cycle in
 * declaration of x" for constants and variables (e.g. const c = len(c)).
 *
 * Initialization order (spec "Package initialization"): each package-level
 * object's DeclInfo collects the package-level objects its initializer or
 * body refers to. The dependency graph without functions (whose edges are
 * passed through) is emitted repeatedly choosing the variable with no
 * pending dependencies that comes first in declaration order. A remaining
 * cycle through a variable is "initialization loop for x".
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

static void push_obj(Checker *ck, Object *o) {
  VEC_PUSH(ck, ck->objs, ck->nobjs, ck->cap_objs, o);
}

void chk_add_dep(Checker *ck, Object *o) {
  DeclInfo *d = ck->decl;
  if (!d || !o || !o->decl) return;
  if (o->kind != OBJ_VAR && o->kind != OBJ_FUNC && o->kind != OBJ_CONST) return;
  for (uint32_t i = 0; i < d->ndeps; i++)
    if (d->deps[i] == o) return;
  if (d->ndeps == d->cap_deps) {
    uint32_t nc = d->cap_deps ? d->cap_deps * 2 : 4;
    Object **nd = types_alloc(ck->ctx, nc * sizeof *nd);
    if (d->ndeps) memcpy(nd, d->deps, d->ndeps * sizeof *nd);
    d->deps = nd;
    d->cap_deps = nc;
  }
  d->deps[d->ndeps++] = o;
}

static Object *new_obj(Checker *ck, ObjKind k, SynNode *name) {
  Object *o = types_new_object(ck->ctx, k, ck->pkg, chk_name(ck, name), NULL);
  o->pos = name ? name->pos : (SynPos){0, 0, 0, 0};
  o->file = ck->file;
  return o;
}

static DeclInfo *new_decl(Checker *ck, SynNode *spec) {
  DeclInfo *d = types_alloc(ck->ctx, sizeof *d);
  d->file = ck->file;
  d->file_scope = ck->file_scope;
  d->spec = spec;
  return d;
}

/* Declares a package-level object: in the package scope, reporting
 * conflicts with the package scope and with file-scope imports. */
static void declare_pkg_obj(Checker *ck, SynNode *name, Object *o) {
  chk_record_def(ck, name, o);
  if (strcmp(o->name, "_") == 0) {
    push_obj(ck, o);
    return;
  }
  if (strcmp(o->name, "init") == 0 && o->kind != OBJ_FUNC) {
    chk_errorf(ck, o->pos, "cannot declare init - must be func");
    return;
  }
  if (strcmp(o->name, "main") == 0 && o->kind != OBJ_FUNC && strcmp(ck->pkg->name, "main") == 0) {
    chk_errorf(ck, o->pos, "cannot declare main - must be func");
    return;
  }
  Object *old = types_scope_insert(ck->ctx, ck->pkg->scope, o);
  if (old) {
    chk_errorf(ck, o->pos, "%s redeclared in this block", o->name);
    return;
  }
  o->parent = ck->pkg->scope;
  push_obj(ck, o);
}

static char *unquote_path(Checker *ck, SynNode *lit) {
  if (!lit || lit->kind != SYN_BASIC_LIT || lit->op != SYN_LIT_STRING) return NULL;
  const char *err = NULL;
  Const *v = const_from_literal(ck->ctx, SYN_LIT_STRING, lit->u.lit.value.ptr, lit->u.lit.value.len, &err);
  if (const_kind(v) != CONST_STRING) return NULL;
  size_t n;
  const char *s = const_string_val(v, &n);
  return types_strdup(ck->ctx, s, n);
}

static TypesPackage *fake_package(Checker *ck, const char *path) {
  TypesPackage *p = types_alloc(ck->ctx, sizeof *p);
  p->path = path;
  const char *slash = strrchr(path, '/');
  p->name = slash ? slash + 1 : path;
  p->scope = types_scope_new(ck->ctx, types_universe(ck->ctx));
  p->fake = true;
  p->complete = true;
  return p;
}

static void collect_import(Checker *ck, SynNode *d) {
  char *path = unquote_path(ck, d->u.import_decl.path);
  if (!path || !path[0]) {
    chk_errorf(ck, chk_pos(d->u.import_decl.path), "invalid import path (empty string)");
    return;
  }
  /* gc's validatedImportPath: no absolute paths, graphic non-space
   * characters only, none of !"#$%&'()*,:;<=>?[\]^`{|} or U+FFFD */
  for (const unsigned char *q = (const unsigned char *)path; *q;) {
    uint32_t r = *q;
    int len = 1;
    if (r >= 0x80) {
      len = (r & 0xE0) == 0xC0 ? 2 : (r & 0xF0) == 0xE0 ? 3 : (r & 0xF8) == 0xF0 ? 4 : 1;
      bool ok = len > 1;
      for (int k = 1; ok && k < len; k++)
        if ((q[k] & 0xC0) != 0x80) ok = false;
      if (!ok) {
        r = 0xFFFD;
        len = 1;
      } else {
        r &= 0x7F >> len;
        for (int k = 1; k < len; k++)
          r = (r << 6) | (q[k] & 0x3F);
      }
    }
    bool bad = r < 0x21 || r == 0x7F || (r >= 0x80 && r < 0xA1) || r == 0xFFFD ||
               (r < 0x80 && strchr("!\"#$%&'()*,:;<=>?[\\]^`{|}", (int)r));
    if (bad) {
      if (r < 0x21 || r == 0x7F || (r >= 0x80 && r < 0xA1))
        chk_errorf(ck, d->u.import_decl.path->pos, "invalid import path (invalid character U+%04X)", r);
      else
        chk_errorf(ck, d->u.import_decl.path->pos, "invalid import path (invalid character U+%04X '%.*s')", r,
                   r == 0xFFFD && len == 1 ? 3 : len,
                   r == 0xFFFD && len == 1 ? "\xef\xbf\xbd" : (const char *)q);
      return;
    }
    q += len;
  }
  if (path[0] == '/') {
    chk_errorf(ck, d->u.import_decl.path->pos, "invalid import path (import path cannot be absolute path)");
    return;
  }
  TypesPackage *imp = NULL;
  if (strcmp(path, "unsafe") == 0) {
    imp = types_unsafe_package(ck->ctx);
  } else if (strcmp(path, "C") == 0) {
    imp = fake_package(ck, "C"); /* cgo is not supported: references to C.x are errors */
  } else if (ck->cfg->importer) {
    const char *err = NULL;
    imp = ck->cfg->importer(ck->cfg->importer_ctx, ck->ctx, path, &err);
    if (!imp) {
      chk_errorf(ck, d->u.import_decl.path->pos, "could not import %s (%s)", path, err ? err : "not found");
      imp = fake_package(ck, path);
    }
  } else {
    chk_errorf(ck, d->u.import_decl.path->pos, "could not import %s (no importer)", path);
    imp = fake_package(ck, path);
  }
  SynNode *ln = d->u.import_decl.local_name;
  const char *name = ln ? chk_name(ck, ln) : imp->name;
  if (ln && strcmp(name, "init") == 0) {
    chk_errorf(ck, ln->pos, "cannot import package as init - init must be a func");
    return;
  }
  if (strcmp(name, ".") == 0) {
    /* dot import: merge exported objects into the file scope */
    Scope *ps = imp->scope;
    Object *pn = types_new_object(ck->ctx, OBJ_PKGNAME, ck->pkg, ".", NULL);
    pn->imported = imp;
    pn->pos = d->pos;
    pn->file = ck->file;
    bool any = false;
    for (uint32_t i = 0; i < ps->order_len; i++) {
      Object *o = ps->order[i];
      if (!types_obj_exported(o)) continue;
      any = true;
      Object *old = types_scope_insert(ck->ctx, ck->file_scope, o);
      if (old) chk_errorf(ck, d->pos, "%s redeclared in this block", o->name);
    }
    (void)any;
    /* unused dot imports: the identifier lookup (expr.c) marks the
     * PkgName used when it resolves to an object of this package */
    types_ptrmap_put(ck->ctx, &ck->unused_imports, pn, d);
    VEC_PUSH(ck, ck->imports, ck->nimports, ck->cap_imports, pn);
    return;
  }
  Object *pn = types_new_object(ck->ctx, OBJ_PKGNAME, ck->pkg, name, NULL);
  pn->imported = imp;
  pn->pos = ln ? ln->pos : d->u.import_decl.path->pos;
  pn->file = ck->file;
  if (ln)
    chk_record_def(ck, ln, pn);
  else
    chk_record_implicit(ck, d, pn);
  if (strcmp(name, "_") == 0) return;
  Object *old = types_scope_insert(ck->ctx, ck->file_scope, pn);
  if (old) chk_errorf(ck, pn->pos, "%s redeclared in this block", name);
  /* a redeclared import is still reported when unused, as gc does */
  types_ptrmap_put(ck->ctx, &ck->unused_imports, pn, d);
  VEC_PUSH(ck, ck->imports, ck->nimports, ck->cap_imports, pn);
  TypesPackage **ni = types_alloc(ck->ctx, (ck->pkg->nimports + 1) * sizeof *ni);
  if (ck->pkg->nimports) memcpy(ni, ck->pkg->imports, ck->pkg->nimports * sizeof *ni);
  ni[ck->pkg->nimports++] = imp;
  ck->pkg->imports = ni;
}

static void arity(Checker *ck, SynList *names, SynNode *values, bool is_const, bool inherited, SynPos pos) {
  uint32_t l = names->len, r = chk_list_len(values);
  if (l < r) {
    SynNode *n = chk_list_at(values, l);
    if (inherited)
      chk_errorf(ck, pos, "extra init expr at %s", "?");
    else
      chk_errorf(ck, n->pos, "extra init expr %s", chk_expr_string(ck, n));
  } else if (l > r && (is_const || r != 1)) {
    SynNode *n = names->items[r];
    chk_errorf(ck, n->pos, "missing init expr for %s", chk_name(ck, n));
  }
}

/* Tracks iota and implicit repetition across the specs of a const group
 * (spec "Iota", "Constant declarations"): returns the spec whose type and
 * values apply to d (d itself, or the last spec with values). */
typedef struct ConstGroup {
  uint32_t group;
  int64_t iota;
  SynNode *last;
} ConstGroup;

static SynNode *const_group_next(ConstGroup *g, SynNode *d, bool *inherited) {
  uint32_t grp = d->u.const_decl.c.group;
  if (grp == 0 || grp != g->group) {
    g->iota = 0;
    g->last = NULL;
  } else {
    g->iota++;
  }
  g->group = grp;
  *inherited = false;
  if (!d->u.const_decl.type && !d->u.const_decl.values) {
    if (g->last) {
      *inherited = true;
      return g->last;
    }
    return d;
  }
  g->last = d;
  return d;
}

void chk_collect_objects(Checker *ck) {
  ck->file_scopes = calloc(ck->nfiles ? ck->nfiles : 1, sizeof *ck->file_scopes);
  for (uint32_t fi = 0; fi < ck->nfiles; fi++) {
    SynFile *f = ck->files[fi];
    ck->file = f;
    ck->file_scope = types_scope_new(ck->ctx, ck->pkg->scope);
    ck->file_scopes[fi] = ck->file_scope;
    ConstGroup cg = {0, 0, NULL};
    for (uint32_t i = 0; i < f->decls.len; i++) {
      SynNode *d = f->decls.items[i];
      if (d->kind != SYN_CONST_DECL) cg.group = 0;
      switch (d->kind) {
      case SYN_IMPORT_DECL:
        collect_import(ck, d);
        break;
      case SYN_CONST_DECL: {
        bool inherited;
        SynNode *spec = const_group_next(&cg, d, &inherited);
        int64_t iota = cg.iota;
        SynNode *values = spec->u.const_decl.values;
        for (uint32_t k = 0; k < d->u.const_decl.names.len; k++) {
          SynNode *nm = d->u.const_decl.names.items[k];
          Object *o = new_obj(ck, OBJ_CONST, nm);
          DeclInfo *di = new_decl(ck, d);
          di->type_expr = spec->u.const_decl.type;
          di->init = k < chk_list_len(values) ? chk_list_at(values, k) : NULL;
          di->iota = iota;
          di->inherited = inherited;
          o->decl = di;
          declare_pkg_obj(ck, nm, o);
        }
        arity(ck, &d->u.const_decl.names, values, true, inherited, d->pos);
        break;
      }
      case SYN_VAR_DECL: {
        SynList *names = &d->u.var_decl.names;
        SynNode *values = d->u.var_decl.values;
        uint32_t nv = chk_list_len(values);
        Object **lhs = types_alloc(ck->ctx, (names->len + 1) * sizeof *lhs);
        DeclInfo *shared = NULL; /* var a, b = f(): one DeclInfo for all */
        for (uint32_t k = 0; k < names->len; k++) {
          SynNode *nm = names->items[k];
          Object *o = new_obj(ck, OBJ_VAR, nm);
          lhs[k] = o;
          if (shared) {
            o->decl = shared;
            declare_pkg_obj(ck, nm, o);
            continue;
          }
          DeclInfo *di = new_decl(ck, d);
          di->type_expr = d->u.var_decl.type;
          if (nv == names->len)
            di->init = chk_list_at(values, k);
          else if (nv == 1 && names->len > 1) {
            di->init_list = values;
            di->lhs = lhs;
            di->nlhs = names->len;
            shared = di;
          }
          o->decl = di;
          declare_pkg_obj(ck, nm, o);
        }
        if (values) arity(ck, names, values, false, false, d->pos);
        break;
      }
      case SYN_TYPE_DECL: {
        Object *o = new_obj(ck, OBJ_TYPENAME, d->u.type_decl.name);
        o->decl = new_decl(ck, d);
        o->is_alias = (d->flags & SYN_F_ALIAS) != 0;
        declare_pkg_obj(ck, d->u.type_decl.name, o);
        break;
      }
      case SYN_FUNC_DECL: {
        SynNode *nm = d->u.func_decl.name;
        Object *o = new_obj(ck, OBJ_FUNC, nm);
        o->decl = new_decl(ck, d);
        if (d->u.func_decl.recv) {
          chk_record_def(ck, nm, o);
          VEC_PUSH(ck, ck->methods, ck->nmethods, ck->cap_methods, o);
          push_obj(ck, o);
          break;
        }
        const char *name = o->name;
        if (strcmp(name, "init") == 0 || (strcmp(name, "main") == 0 && strcmp(ck->pkg->name, "main") == 0)) {
          if (d->u.func_decl.tparams.len)
            chk_errorf(ck, d->u.func_decl.tparams.items[0]->pos, "func %s must have no type parameters",
                       name);
          SynNode *ft = d->u.func_decl.type;
          if (ft && (ft->u.func_type.params.len || ft->u.func_type.results.len))
            chk_errorf(ck, nm->pos, "func %s must have no arguments and no return values", name);
        }
        if (strcmp(name, "init") == 0) {
          chk_record_def(ck, nm, o);
          o->parent = ck->pkg->scope;
          push_obj(ck, o);
          if (!d->u.func_decl.body) chk_errorf(ck, nm->pos, "missing function body");
          break;
        }
        declare_pkg_obj(ck, nm, o);
        break;
      }
      default:
        break;
      }
    }
  }
  /* conflicts between file-scope imports and package objects */
  for (uint32_t fi = 0; fi < ck->nfiles; fi++) {
    Scope *fs = ck->file_scopes[fi];
    ck->file = ck->files[fi];
    for (uint32_t i = 0; i < fs->order_len; i++) {
      Object *o = fs->order[i];
      Object *alt = types_scope_lookup_local(ck->pkg->scope, o->name);
      if (alt && o->kind == OBJ_PKGNAME) {
        ck->file = alt->file;
        chk_errorf(ck, alt->pos, "%s already declared through import of %s", alt->name,
                   o->imported ? o->imported->path : "?");
      }
    }
  }
}

void chk_collect_bodies(Checker *ck, Object **checked) {
  ck->file_scopes = calloc(ck->nfiles ? ck->nfiles : 1, sizeof *ck->file_scopes);
  for (uint32_t fi = 0; fi < ck->nfiles; fi++) {
    SynFile *f = ck->files[fi];
    ck->file = f;
    ck->file_scope = types_scope_new(ck->ctx, ck->pkg->scope);
    ck->file_scopes[fi] = ck->file_scope;
    checked[fi] = NULL;
    for (uint32_t i = 0; i < f->decls.len; i++) {
      SynNode *d = f->decls.items[i];
      if (d->kind == SYN_IMPORT_DECL) {
        collect_import(ck, d);
      } else if (d->kind == SYN_FUNC_DECL && !checked[fi]) {
        /* a stand-in, never declared: the imported object keeps its type */
        Object *o = new_obj(ck, OBJ_FUNC, d->u.func_decl.name);
        o->decl = new_decl(ck, d);
        o->parent = ck->pkg->scope;
        chk_record_def(ck, d->u.func_decl.name, o);
        checked[fi] = o;
      }
    }
  }
  for (uint32_t fi = 0; fi < ck->nfiles; fi++)
    if (checked[fi]) chk_obj_decl(ck, checked[fi]);
}

static Scope *scope_of_file(Checker *ck, const SynFile *f) {
  for (uint32_t i = 0; i < ck->nfiles; i++)
    if (ck->files[i] == f) return ck->file_scopes[i];
  return ck->pkg->scope;
}

/* ---- object resolution ----------------------------------------------------------- */

static void cycle_error(Checker *ck, uint32_t start) {
  /* the object that appears first in the source */
  Object *first = ck->path[start];
  for (uint32_t i = start; i < ck->npath; i++) {
    Object *o = ck->path[i];
    if (o->file == first->file && o->pos.off < first->pos.off) first = o;
  }
  const SynFile *save = ck->file;
  ck->file = first->file;
  if (first->kind == OBJ_TYPENAME)
    chk_errorf(ck, first->pos, "invalid recursive type %s", first->name);
  else
    chk_errorf(ck, first->pos, "illegal cycle in declaration of %s", first->name);
  ck->file = save;
}

static void const_decl(Checker *ck, Object *o, DeclInfo *d);
static void var_decl(Checker *ck, Object *o, DeclInfo *d);
static void type_decl(Checker *ck, Object *o, SynNode *spec);
static void func_decl(Checker *ck, Object *o, DeclInfo *d);
static void resolve_pending_underlying(Checker *ck);

/* Saves and restores the per-declaration state around a nested object
 * resolution. */
typedef struct SavedState {
  const SynFile *file;
  Scope *file_scope;
  FuncCtx fc;
  DeclInfo *decl;
} SavedState;

static SavedState save_state(Checker *ck) {
  SavedState s = {ck->file, ck->file_scope, ck->fc, ck->decl};
  return s;
}

static void restore_state(Checker *ck, SavedState s) {
  ck->file = s.file;
  ck->file_scope = s.file_scope;
  ck->fc = s.fc;
  ck->decl = s.decl;
}

void chk_obj_decl(Checker *ck, Object *o) {
  if (!o || o->color == 2 || !o->decl) {
    return;
  }
  if (o->color == 1) {
    /* cycle: valid if it consists of constants and variables only (the
     * initialization order check reports those) or of types with at
     * least one type definition (validity of the type itself is
     * checked by chk_valid_type) */
    uint32_t start = 0;
    for (uint32_t i = ck->npath; i-- > 0;)
      if (ck->path[i] == o) {
        start = i;
        break;
      }
    uint32_t nval = 0, ndef = 0, len = ck->npath - start;
    for (uint32_t i = start; i < ck->npath; i++) {
      Object *p = ck->path[i];
      if (p->kind == OBJ_CONST || p->kind == OBJ_VAR)
        nval++;
      else if (p->kind == OBJ_TYPENAME && !p->is_alias)
        ndef++;
    }
    bool valid = nval == len || (nval == 0 && ndef > 0);
    if (!valid) cycle_error(ck, start);
    if (!valid || !o->type) {
      if (o->kind != OBJ_TYPENAME || !o->type || !valid) o->type = types_basic(ck->ctx, INVALID);
    }
    return;
  }
  o->color = 1;
  VEC_PUSH(ck, ck->path, ck->npath, ck->cap_path, o);
  SavedState st = save_state(ck);
  DeclInfo *d = o->decl;
  ck->file = d->file;
  ck->file_scope = d->file_scope ? d->file_scope : scope_of_file(ck, d->file);
  memset(&ck->fc, 0, sizeof ck->fc);
  ck->fc.scope = ck->file_scope;
  ck->decl = d;
  switch (o->kind) {
  case OBJ_CONST:
    const_decl(ck, o, d);
    break;
  case OBJ_VAR:
    var_decl(ck, o, d);
    break;
  case OBJ_TYPENAME:
    type_decl(ck, o, d->spec);
    break;
  case OBJ_FUNC:
    func_decl(ck, o, d);
    break;
  default:
    break;
  }
  restore_state(ck, st);
  ck->npath--;
  o->color = 2;
  if (ck->npath == 0) resolve_pending_underlying(ck);
}

/* The type a pending declaration waits for, or NULL. */
static Type *pending_target(Checker *ck, Type *named) {
  for (uint32_t i = 0; i < ck->npending; i++)
    if (ck->pending[i].named == named) return ck->pending[i].rt;
  return NULL;
}

static bool in_pending_cycle(Checker *ck, Type *named) {
  Type *t = pending_target(ck, named);
  for (uint32_t k = 0; t && k <= ck->npending; k++, t = pending_target(ck, t))
    if (t == named) return true;
  return false;
}

/* Sets the underlying types type_decl left pending, once the types they
 * wait for have theirs (chains in any order); what never resolves is a
 * cycle of type names, reported at the declaration first in the source. */
static void resolve_pending_underlying(Checker *ck) {
  if (ck->npending == 0) return;
  bool progress = true;
  while (progress) {
    progress = false;
    for (uint32_t i = 0; i < ck->npending; i++) {
      PendingUnder *p = &ck->pending[i];
      if (p->named->u.named.underlying || !p->rt->u.named.underlying) continue;
      p->named->u.named.underlying = p->rt->u.named.underlying;
      progress = true;
    }
  }
  /* each cycle once, at its member first in the source (a type that only
     leads into a cycle, `type a b` before `type b c; type c b`, is not
     reported: it is invalid through b) */
  for (uint32_t i = 0; i < ck->npending; i++) {
    PendingUnder *p = &ck->pending[i];
    if (p->named->u.named.underlying || !in_pending_cycle(ck, p->named)) continue;
    Object *first = p->obj;
    Type *t = pending_target(ck, p->named);
    for (uint32_t k = 0; t && t != p->named && k < ck->npending; k++, t = pending_target(ck, t)) {
      Object *o = t->u.named.obj;
      if (o && o->file == first->file && o->pos.off < first->pos.off) first = o;
    }
    if (first != p->obj) continue; /* reported at the first member */
    const SynFile *save = ck->file;
    ck->file = first->file;
    chk_errorf(ck, first->pos, "invalid recursive type %s", first->name);
    ck->file = save;
  }
  uint32_t n = ck->npending;
  ck->npending = 0;
  for (uint32_t i = 0; i < n; i++) {
    PendingUnder *p = &ck->pending[i];
    if (!p->named->u.named.underlying)
      p->named->u.named.underlying = types_basic(ck->ctx, INVALID);
    else
      chk_valid_type(ck, p->named, p->obj);
  }
}

static void const_decl(Checker *ck, Object *o, DeclInfo *d) {
  ck->fc.iota = const_int64(ck->ctx, d->iota);
  ck->fc.iota_valid = 1;
  Type *t = NULL;
  if (d->type_expr) {
    t = chk_typexpr(ck, d->type_expr);
    if (t && !chk_is_const_type(t)) {
      Type *u = types_underlying(t);
      if (!(u && u->kind == TY_BASIC && u->basic == INVALID))
        chk_errorf(ck, d->type_expr->pos, "invalid constant type %s", chk_type_string(ck, t));
      o->type = types_basic(ck->ctx, INVALID);
      o->val = const_unknown(ck->ctx);
      return;
    }
  }
  o->type = t;
  Operand x = {0};
  if (d->init) {
    bool save = ck->in_const_decl;
    ck->in_const_decl = true;
    chk_expr(ck, &x, d->init);
    ck->in_const_decl = save;
  }
  chk_init_const(ck, o, &x);
}

static void var_decl(Checker *ck, Object *o, DeclInfo *d) {
  if (d->type_expr) o->type = chk_varType(ck, d->type_expr);
  if (d->init_list) {
    /* var a, b = f(): check once for all lhs */
    for (uint32_t i = 0; i < d->nlhs; i++) {
      Object *l = d->lhs[i];
      if (d->type_expr) l->type = o->type;
      l->color = 1;
    }
    chk_init_vars(ck, d->lhs, d->nlhs, d->init_list, d->spec->pos, "assignment");
    for (uint32_t i = 0; i < d->nlhs; i++)
      if (d->lhs[i] != o) d->lhs[i]->color = 2;
    return;
  }
  if (!d->init) {
    if (!d->type_expr) o->type = types_basic(ck->ctx, INVALID);
    return;
  }
  Operand x = {0};
  chk_expr_with_hint(ck, &x, d->init, o->type);
  chk_init_var(ck, o, &x, "variable declaration");
}

/* Adds the methods declared for the named type of object o. */
static void collect_methods(Checker *ck, Object *o);

static void type_decl(Checker *ck, Object *o, SynNode *spec) {
  SynNode *rhs = spec->u.type_decl.type;
  if (o->is_alias) {
    if (spec->u.type_decl.tparams.len) {
      chk_errorf(ck, spec->pos, "generic type cannot be alias");
    }
    o->type = types_basic(ck->ctx, INVALID); /* provisional, for cycles */
    Type *t = chk_typexpr(ck, rhs);
    o->type = t ? t : types_basic(ck->ctx, INVALID);
    return;
  }
  Type *named = types_new_named(ck->ctx, o, NULL);
  o->type = named;
  Scope *save_scope = ck->fc.scope;
  if (spec->u.type_decl.tparams.len) {
    Scope *s = types_scope_new(ck->ctx, ck->fc.scope);
    ck->fc.scope = s;
    chk_collect_tparams(ck, s, &spec->u.type_decl.tparams, &named->u.named.tparams, &named->u.named.ntparams);
  }
  Type *rt = chk_definedType(ck, rhs, named);
  ck->fc.scope = save_scope;
  if (rt && rt->kind == TY_TYPEPARAM) {
    chk_errorf(ck, rhs->pos, "cannot use a type parameter as RHS in type declaration");
    rt = types_basic(ck->ctx, INVALID);
  }
  Type *u = NULL;
  if (rt && rt->kind == TY_NAMED) {
    if (rt == named) {
      u = NULL;
    } else {
      chk_expand_named(ck, rt);
      u = types_underlying(rt);
    }
    if (!u && rt != named) {
      /* rhs is a named type still being declared (we were reached through
         its type, e.g. `type T1 struct{ Next *T2 }; type T2 T1`): T2's
         underlying type is T1's, once there is one. A cycle of such
         declarations without a type literal in between never resolves and
         is reported then; containment by value is chk_valid_type's. */
      PendingUnder pu = {named, rt, o};
      VEC_PUSH(ck, ck->pending, ck->npending, ck->cap_pending, pu);
      collect_methods(ck, o);
      return;
    }
    if (!u) {
      /* rhs is the type being declared: a cycle */
      if (!named->u.named.underlying) {
        Object *ro = rt->u.named.obj;
        uint32_t start = ck->npath;
        for (uint32_t i = 0; i < ck->npath; i++)
          if (ck->path[i] == ro) start = i;
        if (start < ck->npath)
          cycle_error(ck, start);
        else
          chk_errorf(ck, o->pos, "invalid recursive type %s", o->name);
        if (ro && ro->type && ro->type->kind == TY_NAMED && !ro->type->u.named.underlying)
          ro->type->u.named.underlying = types_basic(ck->ctx, INVALID);
      }
      u = types_basic(ck->ctx, INVALID);
    }
  } else {
    u = rt;
  }
  if (!u) u = types_basic(ck->ctx, INVALID);
  if (!named->u.named.underlying) named->u.named.underlying = u;
  chk_valid_type(ck, named, o);
  collect_methods(ck, o);
}

static Object *recv_base_obj(Checker *ck, SynNode *recv_type, bool *ptr) {
  SynNode *t = recv_type;
  *ptr = false;
  for (;;) {
    t = chk_unparen(t);
    if (t && t->kind == SYN_OPERATION && t->op == SYN_OP_MUL && !t->u.operation.y) {
      *ptr = true;
      t = t->u.operation.x;
      continue;
    }
    break;
  }
  if (t && t->kind == SYN_INDEX) t = t->u.index.x;
  if (!t || t->kind != SYN_NAME) return NULL;
  Object *o = types_scope_lookup_local(ck->pkg->scope, chk_name(ck, t));
  return o && o->kind == OBJ_TYPENAME ? o : NULL;
}

static void collect_methods(Checker *ck, Object *o) {
  Type *named = o->type;
  if (!named || named->kind != TY_NAMED) return;
  for (uint32_t i = 0; i < ck->nmethods; i++) {
    Object *m = ck->methods[i];
    if (!m) continue;
    DeclInfo *d = m->decl;
    SynNode *recv = d->spec->u.func_decl.recv;
    const SynFile *save = ck->file;
    ck->file = d->file;
    bool ptr;
    Object *base = recv_base_obj(ck, recv->u.field.type, &ptr);
    ck->file = save;
    if (base != o) continue;
    ck->methods[i] = NULL;
    /* duplicate methods and field/method conflicts */
    bool dup = false;
    for (uint32_t k = 0; k < named->u.named.nmethods; k++)
      if (strcmp(named->u.named.methods[k]->name, m->name) == 0 && strcmp(m->name, "_") != 0) {
        const SynFile *sv = ck->file;
        ck->file = m->file;
        Object *prev = named->u.named.methods[k];
        SynStr fn = {"", 0};
        uint32_t l = 0, col = 0;
        if (prev->file) syn_pos_resolve(prev->file, prev->pos, &fn, &l, &col);
        chk_errorf(ck, m->pos, "%s.%s redeclared in this block\n\t%.*s:%u:%u: other declaration of %s",
                   o->name, m->name, (int)fn.len, fn.ptr, l, col, m->name);
        ck->file = sv;
        dup = true;
      }
    if (dup) continue;
    m->pkg = ck->pkg;
    types_named_add_method(ck->ctx, named, m);
  }
}

/* Checks a method's conflicts with fields once the receiver's underlying
 * type is known. */
static void check_field_method_conflict(Checker *ck, Object *m, Type *named) {
  Type *u = types_underlying(named);
  if (!u || u->kind != TY_STRUCT) return;
  for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
    if (strcmp(u->u.strukt.fields[i]->name, m->name) == 0) {
      chk_errorf(ck, m->pos, "field and method with the same name %s", m->name);
      return;
    }
}

/* Whether some //go:linkname directive of the package names `name` as
 * its local name (gc accepts a bodyless function then: the body is
 * elsewhere). Directives before any declaration count too. */
static bool pragma_links(const SynPragmaList *pl, const char *name) {
  size_t n = strlen(name);
  SynStr local, target;
  for (uint32_t i = 0; i < pl->len; i++)
    if (syn_pragma_linkname(&pl->items[i], &local, &target) && local.len == n &&
        strncmp(local.ptr, name, n) == 0)
      return true;
  return false;
}

static bool linknamed(Checker *ck, const char *name) {
  for (uint32_t fi = 0; fi < ck->nfiles; fi++) {
    const SynFile *f = ck->files[fi];
    if (pragma_links(&f->pragmas, name)) return true;
    for (uint32_t i = 0; i < f->decls.len; i++) {
      const SynPragmaList *pl = syn_decl_pragmas(f->decls.items[i]);
      if (pl && pragma_links(pl, name)) return true;
    }
  }
  return false;
}

static void func_decl(Checker *ck, Object *o, DeclInfo *d) {
  SynNode *fd = d->spec;
  /* guard against cycles: uses of o while its signature is checked see
   * an empty signature (types2 does the same) */
  o->type = types_new_signature(ck->ctx, NULL, NULL, NULL, false);
  Scope *scope = NULL;
  SynNode *recv = fd->u.func_decl.recv;
  if (recv) {
    bool ptr;
    Object *base = recv_base_obj(ck, recv->u.field.type, &ptr);
    if (base) chk_obj_decl(ck, base);
  }
  Type *sig = chk_func_signature(ck, o, recv, &fd->u.func_decl.tparams, fd->u.func_decl.type, &scope);
  o->type = sig;
  if (recv && sig->u.sig.recv) {
    Type *rt = sig->u.sig.recv->type;
    if (rt && rt->kind == TY_POINTER) rt = rt->u.pointer.elem;
    if (rt && rt->kind == TY_NAMED) {
      Type *base = rt->u.named.orig ? rt->u.named.orig : rt;
      if (base->u.named.obj && base->u.named.obj->pkg == ck->pkg) check_field_method_conflict(ck, o, base);
    }
  }
  if (!fd->u.func_decl.body) {
    if (fd->u.func_decl.tparams.len)
      chk_errorf(ck, fd->pos, "parameterized function is missing function body");
    else if (ck->cfg->complete && (recv || (strcmp(o->name, "init") != 0 && !linknamed(ck, o->name))))
      chk_errorf(ck, fd->u.func_decl.name->pos, "missing function body");
    return;
  }
  if (ck->cfg->ignore_func_bodies) return;
  BodyWork w = {o, fd, sig, fd->u.func_decl.body, scope, d->file};
  VEC_PUSH(ck, ck->bodies, ck->nbodies, ck->cap_bodies, w);
}

void chk_func_type(Checker *ck, Object *fn, SynNode *decl) {
  (void)ck, (void)fn, (void)decl;
}

void chk_package_objects(Checker *ck) {
  for (uint32_t i = 0; i < ck->nobjs; i++)
    chk_obj_decl(ck, ck->objs[i]);
  /* methods whose receiver base type was not found */
  for (uint32_t i = 0; i < ck->nmethods; i++) {
    Object *m = ck->methods[i];
    if (!m) continue;
    /* checked in func_decl, which reported the receiver error */
  }
}

/* ---- local declarations ------------------------------------------------------------- */

void chk_decl_stmt(Checker *ck, SynNode *ds) {
  SynList *l = &ds->u.decl_stmt.decls;
  ConstGroup cg = {0, 0, NULL};
  /* gc 1.19 (noder, issue 47631): no local types in generic functions */
  if (ck->top_generic && l->len && l->items[0]->kind == SYN_TYPE_DECL)
    chk_errorf(ck, ds->pos, "type declarations inside generic functions are not currently supported");
  for (uint32_t i = 0; i < l->len; i++) {
    SynNode *d = l->items[i];
    if (d->kind != SYN_CONST_DECL) cg.group = 0;
    switch (d->kind) {
    case SYN_CONST_DECL: {
      bool inherited;
      SynNode *spec = const_group_next(&cg, d, &inherited);
      int64_t iota = cg.iota;
      SynNode *values = spec->u.const_decl.values;
      uint32_t n = d->u.const_decl.names.len;
      Object **objs = calloc(n ? n : 1, sizeof *objs);
      Const *save_iota = ck->fc.iota;
      int save_valid = ck->fc.iota_valid;
      for (uint32_t k = 0; k < n; k++) {
        SynNode *nm = d->u.const_decl.names.items[k];
        Object *o = new_obj(ck, OBJ_CONST, nm);
        objs[k] = o;
        ck->fc.iota = const_int64(ck->ctx, iota);
        ck->fc.iota_valid = 1;
        Type *t = NULL;
        if (spec->u.const_decl.type) {
          t = chk_typexpr(ck, spec->u.const_decl.type);
          if (t && !chk_is_const_type(t)) {
            Type *u = types_underlying(t);
            if (!(u && u->kind == TY_BASIC && u->basic == INVALID))
              chk_errorf(ck, spec->u.const_decl.type->pos, "invalid constant type %s",
                         chk_type_string(ck, t));
            t = types_basic(ck->ctx, INVALID);
          }
        }
        o->type = t;
        Operand x = {0};
        SynNode *init = k < chk_list_len(values) ? chk_list_at(values, k) : NULL;
        if (init) {
          bool sv = ck->in_const_decl;
          ck->in_const_decl = true;
          chk_expr(ck, &x, init);
          ck->in_const_decl = sv;
        }
        chk_init_const(ck, o, &x);
      }
      ck->fc.iota = save_iota;
      ck->fc.iota_valid = save_valid;
      arity(ck, &d->u.const_decl.names, values, true, inherited, d->pos);
      for (uint32_t k = 0; k < n; k++)
        chk_declare(ck, ck->fc.scope, d->u.const_decl.names.items[k], objs[k]);
      free(objs);
      break;
    }
    case SYN_VAR_DECL: {
      SynList *names = &d->u.var_decl.names;
      uint32_t n = names->len;
      Object **objs = types_alloc(ck->ctx, (n ? n : 1) * sizeof *objs);
      for (uint32_t k = 0; k < n; k++)
        objs[k] = new_obj(ck, OBJ_VAR, names->items[k]);
      Type *t = d->u.var_decl.type ? chk_varType(ck, d->u.var_decl.type) : NULL;
      for (uint32_t k = 0; k < n; k++)
        objs[k]->type = t;
      SynNode *values = d->u.var_decl.values;
      uint32_t nv = chk_list_len(values);
      if (values) {
        if (nv == n) {
          for (uint32_t k = 0; k < n; k++) {
            Operand x = {0};
            chk_expr_with_hint(ck, &x, chk_list_at(values, k), t);
            chk_init_var(ck, objs[k], &x, "variable declaration");
          }
        } else {
          chk_init_vars(ck, objs, n, values, d->pos, "assignment");
        }
      }
      if (!values && !t)
        for (uint32_t k = 0; k < n; k++)
          objs[k]->type = types_basic(ck->ctx, INVALID);
      if (values && nv != n && !(nv == 1 && n > 1)) arity(ck, names, values, false, false, d->pos);
      for (uint32_t k = 0; k < n; k++)
        if (chk_declare(ck, ck->fc.scope, names->items[k], objs[k])) chk_add_localvar(ck, objs[k]);
      break;
    }
    case SYN_TYPE_DECL: {
      Object *o = new_obj(ck, OBJ_TYPENAME, d->u.type_decl.name);
      o->is_alias = (d->flags & SYN_F_ALIAS) != 0;
      /* declare first: the scope of a local type starts at its name */
      chk_declare(ck, ck->fc.scope, d->u.type_decl.name, o);
      o->color = 1;
      VEC_PUSH(ck, ck->path, ck->npath, ck->cap_path, o);
      DeclInfo *di = new_decl(ck, d);
      o->decl = di;
      if (d->u.type_decl.tparams.len)
        chk_errorf(ck, d->pos, "generic type cannot be declared inside a function");
      type_decl(ck, o, d);
      ck->npath--;
      o->color = 2;
      o->decl = NULL;
      if (ck->npath == 0) resolve_pending_underlying(ck);
      break;
    }
    default:
      break;
    }
  }
}

/* ---- initialization order ----------------------------------------------------------- */

typedef struct InitNode {
  Object *obj;
  struct InitNode **succ; /* nodes this one depends on */
  uint32_t nsucc, cap_succ;
  struct InitNode **pred; /* nodes depending on this one */
  uint32_t npred, cap_pred;
  uint32_t order;
  bool done, removed;
} InitNode;

static bool node_has(InitNode **v, uint32_t n, InitNode *x) {
  for (uint32_t i = 0; i < n; i++)
    if (v[i] == x) return true;
  return false;
}

static void node_remove(InitNode **v, uint32_t *n, InitNode *x) {
  for (uint32_t i = 0; i < *n; i++)
    if (v[i] == x) {
      v[i] = v[--*n];
      return;
    }
}

static void add_edge(Checker *ck, InitNode *from, InitNode *to) {
  if (!node_has(from->succ, from->nsucc, to)) VEC_PUSH(ck, from->succ, from->nsucc, from->cap_succ, to);
  if (!node_has(to->pred, to->npred, from)) VEC_PUSH(ck, to->pred, to->npred, to->cap_pred, from);
}

/* Path from `from` to `to` over the original dependencies (functions
 * included); the result is in reverse order, ending at from's first step. */
static bool find_path(Checker *ck, Object *from, Object *to, Object ***seen, uint32_t *nseen,
                      uint32_t *cap_seen) {
  for (uint32_t i = 0; i < *nseen; i++)
    if ((*seen)[i] == from) return false;
  VEC_PUSH(ck, *seen, *nseen, *cap_seen, from);
  DeclInfo *d = from->decl;
  if (!d) return false;
  for (uint32_t i = 0; i < d->ndeps; i++) {
    if (d->deps[i] == to) return true;
    if (find_path(ck, d->deps[i], to, seen, nseen, cap_seen)) return true;
  }
  return false;
}

void chk_init_order(Checker *ck) {
  uint32_t n = ck->nobjs;
  InitNode *nodes = calloc(n ? n : 1, sizeof *nodes);
  PtrMap index;
  memset(&index, 0, sizeof index);
  for (uint32_t i = 0; i < n; i++) {
    nodes[i].obj = ck->objs[i];
    nodes[i].order = i;
    types_ptrmap_put(ck->ctx, &index, ck->objs[i], &nodes[i]);
  }
  for (uint32_t i = 0; i < n; i++) {
    DeclInfo *d = nodes[i].obj->decl;
    if (!d) continue;
    for (uint32_t k = 0; k < d->ndeps; k++) {
      InitNode *t = types_ptrmap_get(&index, d->deps[k]);
      if (t) add_edge(ck, &nodes[i], t);
    }
  }
  /* remove function nodes, connecting their predecessors to their successors */
  for (uint32_t i = 0; i < n; i++) {
    InitNode *f = &nodes[i];
    if (f->obj->kind != OBJ_FUNC) continue;
    for (uint32_t a = 0; a < f->npred; a++) {
      InitNode *p = f->pred[a];
      if (p == f) continue;
      for (uint32_t b = 0; b < f->nsucc; b++) {
        InitNode *s = f->succ[b];
        if (s == f) continue;
        add_edge(ck, p, s);
      }
      node_remove(p->succ, &p->nsucc, f);
    }
    for (uint32_t b = 0; b < f->nsucc; b++)
      node_remove(f->succ[b]->pred, &f->succ[b]->npred, f);
    f->removed = true;
  }
  TypesInfo *info = ck->info;
  for (;;) {
    /* next: fewest pending dependencies, then source order */
    InitNode *best = NULL;
    for (uint32_t i = 0; i < n; i++) {
      InitNode *x = &nodes[i];
      if (x->done || x->removed) continue;
      if (!best || x->nsucc < best->nsucc) best = x;
    }
    if (!best) break;
    best->done = true;
    Object *o = best->obj;
    if (best->nsucc > 0 && (o->kind == OBJ_VAR || o->kind == OBJ_CONST)) {
      Object **seen = NULL;
      uint32_t ns = 0, cs = 0;
      if (find_path(ck, o, o, &seen, &ns, &cs)) {
        ck->file = o->file;
        chk_errorf(ck, o->pos, "initialization loop for %s", o->name);
      }
      free(seen);
    }
    for (uint32_t k = 0; k < best->npred; k++) {
      InitNode *p = best->pred[k];
      node_remove(p->succ, &p->nsucc, best);
    }
    DeclInfo *d = o->decl;
    if (o->kind != OBJ_VAR || !info || !d || (!d->init && !d->init_list)) continue;
    if (d->init_list) {
      bool emitted = false;
      for (uint32_t k = 0; k < info->ninit_order; k++)
        if (info->init_order[k].rhs == d->init_list) emitted = true;
      if (emitted) continue;
    }
    Initializer *ni = types_alloc(ck->info_ctx, (info->ninit_order + 1) * sizeof *ni);
    if (info->ninit_order) memcpy(ni, info->init_order, info->ninit_order * sizeof *ni);
    Initializer *in = &ni[info->ninit_order];
    if (d->init_list) {
      in->lhs = d->lhs;
      in->nlhs = d->nlhs;
      in->rhs = d->init_list;
    } else {
      in->lhs = types_alloc(ck->info_ctx, sizeof *in->lhs);
      in->lhs[0] = o;
      in->nlhs = 1;
      in->rhs = d->init;
    }
    info->init_order = ni;
    info->ninit_order++;
  }
  for (uint32_t i = 0; i < n; i++) {
    free(nodes[i].succ);
    free(nodes[i].pred);
  }
  free(nodes);
}
