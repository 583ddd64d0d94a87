/*
 * type.c: type constructors, predicates (identity, comparability,
 * assignability, convertibility), type sets of interfaces, core types,
 * type strings as gc prints them, and sizes for gc's 64-bit targets.
 *
 * Identity is structural (see types.h on interning). Recursive types are
 * always cut by a named type, and named types are compared by pointer
 * (instances: by origin and identical type arguments), so identity on
 * composite types terminates without a visited set, except for interfaces
 * and signatures that mention themselves through type parameters, which
 * cannot occur in Go 1.19.
 *
 * Type sets: an interface's type set is computed on first use and cached
 * (TypeSet). Terms are kept as a flat list of (tilde, type) without
 * normalization beyond intersection of unions; `comparable` is a flag. That
 * is enough for constraint satisfaction and core types, not for printing
 * normalized type sets.
 *
 * Sizes follow gc on amd64/arm64: word 8, max alignment 8; complex128 is
 * 16 bytes aligned 8; a struct ending in a zero-size field gets one byte of
 * padding (gc does that so &last field does not point past the object).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

/* Set on the checker's thread while a package is checked (check.c):
 * identity of interfaces then uses their type sets, computed on demand. */
_Thread_local TypesCtx *types_identity_ctx;

static Type *newt(TypesCtx *c, TypeKind k) {
  Type *t = types_alloc(c, sizeof *t);
  t->kind = (uint8_t)k;
  return t;
}

Type *types_new_pointer(TypesCtx *c, Type *elem) {
  if (elem && elem->ptr_to) return elem->ptr_to;
  Type *t = newt(c, TY_POINTER);
  t->u.pointer.elem = elem;
  if (elem) elem->ptr_to = t;
  return t;
}

Type *types_new_slice(TypesCtx *c, Type *elem) {
  Type *t = newt(c, TY_SLICE);
  t->u.slice.elem = elem;
  return t;
}

Type *types_new_array(TypesCtx *c, Type *elem, int64_t len) {
  Type *t = newt(c, TY_ARRAY);
  t->u.array.elem = elem;
  t->u.array.len = len;
  return t;
}

Type *types_new_map(TypesCtx *c, Type *key, Type *elem) {
  Type *t = newt(c, TY_MAP);
  t->u.map.key = key;
  t->u.map.elem = elem;
  return t;
}

Type *types_new_chan(TypesCtx *c, Type *elem, ChanDir dir) {
  Type *t = newt(c, TY_CHAN);
  t->u.chan.elem = elem;
  t->u.chan.dir = (uint8_t)dir;
  return t;
}

Type *types_new_tuple(TypesCtx *c, Object **vars, uint32_t n) {
  Type *t = newt(c, TY_TUPLE);
  t->u.tuple.vars = vars;
  t->u.tuple.len = n;
  return t;
}

Type *types_new_signature(TypesCtx *c, Object *recv, Type *params, Type *results, bool variadic) {
  Type *t = newt(c, TY_SIGNATURE);
  t->u.sig.recv = recv;
  t->u.sig.params = params ? params : types_new_tuple(c, NULL, 0);
  t->u.sig.results = results ? results : types_new_tuple(c, NULL, 0);
  t->u.sig.variadic = variadic;
  return t;
}

Type *types_new_struct(TypesCtx *c, Object **fields, const char **tags, uint32_t n) {
  Type *t = newt(c, TY_STRUCT);
  t->u.strukt.fields = fields;
  t->u.strukt.tags = tags;
  t->u.strukt.nfields = n;
  return t;
}

Type *types_new_interface(TypesCtx *c, Object **methods, uint32_t nm, Type **embeddeds, uint32_t ne) {
  Type *t = newt(c, TY_INTERFACE);
  t->u.iface.methods = methods;
  t->u.iface.nmethods = nm;
  t->u.iface.embeddeds = embeddeds;
  t->u.iface.nembeddeds = ne;
  return t;
}

Type *types_new_named(TypesCtx *c, Object *obj, Type *underlying) {
  Type *t = newt(c, TY_NAMED);
  t->u.named.obj = obj;
  t->u.named.underlying = underlying;
  if (obj && !obj->type) obj->type = t;
  return t;
}

Type *types_new_typeparam(TypesCtx *c, Object *obj, uint32_t index, Type *constraint) {
  Type *t = newt(c, TY_TYPEPARAM);
  t->u.tparam.obj = obj;
  t->u.tparam.index = index;
  t->u.tparam.constraint = constraint;
  t->u.tparam.id = ++c->next_tparam_id;
  if (obj && !obj->type) obj->type = t;
  return t;
}

void types_named_add_method(TypesCtx *c, Type *named, Object *m) {
  /* arrays live in the context's arena like the type itself */
  if (named->u.named.nmethods == named->u.named.cap_methods) {
    uint32_t nc = named->u.named.cap_methods ? named->u.named.cap_methods * 2 : 4;
    Object **nm = types_alloc(c, nc * sizeof *nm);
    if (named->u.named.nmethods) memcpy(nm, named->u.named.methods, named->u.named.nmethods * sizeof *nm);
    named->u.named.methods = nm;
    named->u.named.cap_methods = nc;
  }
  named->u.named.methods[named->u.named.nmethods++] = m;
}

/* ---- predicates ------------------------------------------------------------- */

Type *types_underlying(Type *t) {
  for (int guard = 0; t && t->kind == TY_NAMED && guard < 100; guard++) {
    Type *u = t->u.named.underlying;
    if (!u) return NULL;
    t = u;
  }
  if (t && t->kind == TY_TYPEPARAM)
    return t->u.tparam.constraint ? types_underlying(t->u.tparam.constraint) : NULL;
  return t;
}

/* Under, but a type parameter stays a type parameter (types2's under()
 * returns the constraint interface for type params; callers that must
 * distinguish use this). */
static Type *under_keep_tp(Type *t) {
  if (t && t->kind == TY_TYPEPARAM) return t;
  return types_underlying(t);
}

bool types_is_typeparam(Type *t) {
  return t && t->kind == TY_TYPEPARAM;
}

bool types_is_basic(Type *t, uint32_t info) {
  Type *u = under_keep_tp(t);
  return u && u->kind == TY_BASIC && (u->u.basic.info & info);
}

bool types_is_untyped(Type *t) {
  return t && t->kind == TY_BASIC && (t->u.basic.info & BI_UNTYPED);
}
bool types_is_typed(Type *t) {
  return !types_is_untyped(t);
}

bool types_is_interface(Type *t) {
  if (!t || t->kind == TY_TYPEPARAM) return false;
  Type *u = types_underlying(t);
  return u && u->kind == TY_INTERFACE;
}

bool types_is_named(Type *t) {
  return t && (t->kind == TY_BASIC || t->kind == TY_NAMED || t->kind == TY_TYPEPARAM);
}

static bool identical(Type *x, Type *y, bool cmp_tags, int depth);
static bool identical_iface_fallback(Type *x, Type *y);

static bool identical_tuple(Type *x, Type *y, bool cmp_tags, int depth) {
  if (!x || !y) return x == y;
  if (x->u.tuple.len != y->u.tuple.len) return false;
  for (uint32_t i = 0; i < x->u.tuple.len; i++)
    if (!identical(x->u.tuple.vars[i]->type, y->u.tuple.vars[i]->type, cmp_tags, depth)) return false;
  return true;
}

static int cmp_obj_name(const void *a, const void *b) {
  return strcmp((*(Object *const *)a)->name, (*(Object *const *)b)->name);
}

static bool identical(Type *x, Type *y, bool cmp_tags, int depth) {
  if (x == y) return true;
  if (!x || !y || depth > 64) return false;
  if (x->kind != y->kind) return false;
  switch (x->kind) {
  case TY_BASIC:
    return x->basic == y->basic;
  case TY_POINTER:
    return identical(x->u.pointer.elem, y->u.pointer.elem, cmp_tags, depth + 1);
  case TY_SLICE:
    return identical(x->u.slice.elem, y->u.slice.elem, cmp_tags, depth + 1);
  case TY_ARRAY:
    return x->u.array.len == y->u.array.len &&
           identical(x->u.array.elem, y->u.array.elem, cmp_tags, depth + 1);
  case TY_MAP:
    return identical(x->u.map.key, y->u.map.key, cmp_tags, depth + 1) &&
           identical(x->u.map.elem, y->u.map.elem, cmp_tags, depth + 1);
  case TY_CHAN:
    return x->u.chan.dir == y->u.chan.dir && identical(x->u.chan.elem, y->u.chan.elem, cmp_tags, depth + 1);
  case TY_SIGNATURE:
    if (x->u.sig.ntparams != y->u.sig.ntparams) return false;
    return x->u.sig.variadic == y->u.sig.variadic &&
           identical_tuple(x->u.sig.params, y->u.sig.params, cmp_tags, depth + 1) &&
           identical_tuple(x->u.sig.results, y->u.sig.results, cmp_tags, depth + 1);
  case TY_STRUCT:
    if (x->u.strukt.nfields != y->u.strukt.nfields) return false;
    for (uint32_t i = 0; i < x->u.strukt.nfields; i++) {
      Object *f = x->u.strukt.fields[i], *g = y->u.strukt.fields[i];
      if (f->embedded != g->embedded || strcmp(f->name, g->name) != 0) return false;
      if (!types_obj_exported(f) && f->pkg != g->pkg) return false;
      if (cmp_tags) {
        const char *ta = x->u.strukt.tags ? x->u.strukt.tags[i] : NULL;
        const char *tb = y->u.strukt.tags ? y->u.strukt.tags[i] : NULL;
        if (strcmp(ta ? ta : "", tb ? tb : "") != 0) return false;
      }
      if (!identical(f->type, g->type, cmp_tags, depth + 1)) return false;
    }
    return true;
  case TY_INTERFACE: {
    TypeSet *a = x->u.iface.tset, *b = y->u.iface.tset;
    if ((!a || !b) && types_identity_ctx) { /* the checker's thread: sets can be computed */
      a = types_typeset(types_identity_ctx, x);
      b = types_typeset(types_identity_ctx, y);
    }
    if (!a || !b) return identical_iface_fallback(x, y);
    if (a->nmethods != b->nmethods || a->all_types != b->all_types || a->comparable != b->comparable ||
        a->nterms != b->nterms)
      return false;
    for (uint32_t i = 0; i < a->nmethods; i++) {
      Object *f = a->methods[i], *g = b->methods[i];
      if (strcmp(f->name, g->name) != 0 || (!types_obj_exported(f) && f->pkg != g->pkg)) return false;
      if (!identical(f->type, g->type, cmp_tags, depth + 1)) return false;
    }
    for (uint32_t i = 0; i < a->nterms; i++) {
      bool found = false;
      for (uint32_t j = 0; j < b->nterms && !found; j++)
        found = a->terms[i].tilde == b->terms[j].tilde &&
                identical(a->terms[i].type, b->terms[j].type, cmp_tags, depth + 1);
      if (!found) return false;
    }
    return true;
  }
  case TY_NAMED:
    if (x->u.named.orig && x->u.named.orig == y->u.named.orig && x->u.named.ntargs == y->u.named.ntargs) {
      for (uint32_t i = 0; i < x->u.named.ntargs; i++)
        if (!identical(x->u.named.targs[i], y->u.named.targs[i], cmp_tags, depth + 1)) return false;
      return true;
    }
    return false;
  case TY_TUPLE:
    return identical_tuple(x, y, cmp_tags, depth);
  case TY_TYPEPARAM:
    return false;
  case TY_UNION:
    return false;
  }
  return false;
}

/* Type sets are computed with a context; identity is called without one,
 * so interfaces reached during identity get their sets here from a
 * process-wide fallback context owned by nobody? No: interfaces always
 * carry their context through types_typeset calls made by the checker
 * before comparison. For safety, identity of interfaces whose sets are
 * missing compares their explicit methods only. */
static bool identical_iface_fallback(Type *x, Type *y) {
  if (x->u.iface.nembeddeds || y->u.iface.nembeddeds) return false;
  if (x->u.iface.nmethods != y->u.iface.nmethods) return false;
  if (x->u.iface.is_comparable_builtin != y->u.iface.is_comparable_builtin) return false;
  Object *a[64], *b[64];
  uint32_t n = x->u.iface.nmethods;
  if (n > 64) return false;
  if (n == 0) return true; /* (the method arrays may be NULL) */
  memcpy(a, x->u.iface.methods, n * sizeof *a);
  memcpy(b, y->u.iface.methods, n * sizeof *b);
  qsort(a, n, sizeof *a, cmp_obj_name);
  qsort(b, n, sizeof *b, cmp_obj_name);
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(a[i]->name, b[i]->name) != 0 || !identical(a[i]->type, b[i]->type, true, 1)) return false;
  return true;
}

static bool identical_top(Type *x, Type *y, bool cmp_tags) {
  if (x && y && x->kind == TY_INTERFACE && y->kind == TY_INTERFACE &&
      (!x->u.iface.tset || !y->u.iface.tset) && !types_identity_ctx)
    return identical_iface_fallback(x, y);
  return identical(x, y, cmp_tags, 0);
}

bool types_identical(Type *x, Type *y) {
  return identical_top(x, y, true);
}
bool types_identical_ignore_tags(Type *x, Type *y) {
  return identical_top(x, y, false);
}

/* ---- type sets ------------------------------------------------------------------ */

static void add_method(TypesCtx *c, Object ***ms, uint32_t *n, uint32_t *cap, Object *m) {
  for (uint32_t i = 0; i < *n; i++)
    if (strcmp((*ms)[i]->name, m->name) == 0)
      return; /* duplicate (identical signatures assumed; checker reports conflicts) */
  if (*n == *cap) {
    uint32_t nc = *cap ? *cap * 2 : 8;
    Object **nm = types_alloc(c, nc * sizeof *nm);
    if (*n) memcpy(nm, *ms, *n * sizeof *nm);
    *ms = nm;
    *cap = nc;
  }
  (*ms)[(*n)++] = m;
}

/* Term list of a single embedded element (type or union). all = true means
 * "all types". */
static void terms_of(TypesCtx *c, Type *e, Term **out, uint32_t *n, bool *all, bool *comparable, Object ***ms,
                     uint32_t *nm, uint32_t *cap_m) {
  *all = false;
  *out = NULL;
  *n = 0;
  if (e->kind == TY_UNION) {
    Term *ts = types_alloc(c, (e->u.uni.nterms ? e->u.uni.nterms : 1) * 8 * sizeof *ts);
    uint32_t k = 0, capk = (e->u.uni.nterms ? e->u.uni.nterms : 1) * 8;
    for (uint32_t i = 0; i < e->u.uni.nterms; i++) {
      Term t = e->u.uni.terms[i];
      Type *u = types_underlying(t.type);
      if (!t.tilde && u && u->kind == TY_INTERFACE && t.type->kind != TY_TYPEPARAM) {
        TypeSet *s = types_typeset(c, u);
        if (s->all_types) {
          *all = true;
          return;
        }
        for (uint32_t j = 0; j < s->nterms && k < capk; j++)
          ts[k++] = s->terms[j];
      } else if (k < capk) {
        ts[k++] = t;
      }
    }
    *out = ts;
    *n = k;
    return;
  }
  Type *u = types_underlying(e);
  if (e->kind != TY_TYPEPARAM && u && u->kind == TY_INTERFACE) {
    TypeSet *s = types_typeset(c, u);
    for (uint32_t i = 0; i < s->nmethods; i++)
      add_method(c, ms, nm, cap_m, s->methods[i]);
    if (s->comparable) *comparable = true;
    *all = s->all_types;
    *out = s->terms;
    *n = s->nterms;
    return;
  }
  Term *t = types_alloc(c, sizeof *t);
  t->tilde = false;
  t->type = e;
  *out = t;
  *n = 1;
}

/* Does term a include type t? */
static bool term_includes(Term a, Type *t) {
  if (a.tilde) return types_identical(types_underlying(a.type), types_underlying(t));
  return types_identical(a.type, t);
}

/* Intersection of two term lists (approximate: keeps terms of x covered by y
 * and terms of y covered by x). */
static void intersect(TypesCtx *c, Term *x, uint32_t nx, Term *y, uint32_t ny, Term **out, uint32_t *n) {
  Term *r = types_alloc(c, (nx * ny + 1) * sizeof *r);
  uint32_t k = 0;
  for (uint32_t i = 0; i < nx; i++)
    for (uint32_t j = 0; j < ny; j++) {
      Term a = x[i], b = y[j];
      if (a.tilde && b.tilde) {
        if (types_identical(types_underlying(a.type), types_underlying(b.type))) r[k++] = a;
      } else if (a.tilde) {
        if (term_includes(a, b.type)) r[k++] = b;
      } else if (b.tilde) {
        if (term_includes(b, a.type)) r[k++] = a;
      } else if (types_identical(a.type, b.type)) {
        r[k++] = a;
      }
    }
  *out = r;
  *n = k;
}

TypeSet *types_typeset(TypesCtx *c, Type *t) {
  static TypeSet empty_all = {NULL, 0, true, false, NULL, 0};
  if (!t) return &empty_all;
  if (t->kind != TY_INTERFACE) {
    t = types_underlying(t);
    if (!t || t->kind != TY_INTERFACE) return &empty_all;
  }
  if (t->u.iface.tset) return t->u.iface.tset;
  if (t->u.iface.computing) return &empty_all; /* invalid recursive interface; checker reports */
  t->u.iface.computing = true;
  TypeSet *s = types_alloc(c, sizeof *s);
  uint32_t cap_m = 0;
  for (uint32_t i = 0; i < t->u.iface.nmethods; i++)
    add_method(c, &s->methods, &s->nmethods, &cap_m, t->u.iface.methods[i]);
  s->all_types = true;
  s->comparable = t->u.iface.is_comparable_builtin;
  for (uint32_t i = 0; i < t->u.iface.nembeddeds; i++) {
    Type *e = t->u.iface.embeddeds[i];
    if (!e) continue;
    Term *ts;
    uint32_t n;
    bool all;
    terms_of(c, e, &ts, &n, &all, &s->comparable, &s->methods, &s->nmethods, &cap_m);
    if (all) continue;
    if (s->all_types) {
      s->all_types = false;
      s->terms = ts;
      s->nterms = n;
    } else {
      intersect(c, s->terms, s->nterms, ts, n, &s->terms, &s->nterms);
    }
  }
  if (s->nmethods > 1) qsort(s->methods, s->nmethods, sizeof *s->methods, cmp_obj_name);
  /* not cached while an embedded type is still being declared either */
  bool incomplete = t->u.iface.building;
  for (uint32_t i = 0; i < t->u.iface.nembeddeds && !incomplete; i++) {
    Type *e = t->u.iface.embeddeds[i];
    if (e && e->kind == TY_NAMED && !e->u.named.underlying) incomplete = true;
    Type *eu = e ? types_underlying(e) : NULL;
    if (eu && eu->kind == TY_INTERFACE && eu->u.iface.building) incomplete = true;
  }
  if (!incomplete) t->u.iface.tset = s;
  t->u.iface.computing = false;
  return s;
}

bool types_typeset_is_empty(TypeSet *ts) {
  return !ts->all_types && ts->nterms == 0;
}

bool types_typeset_includes(TypeSet *ts, Type *t) {
  if (ts->all_types) return true;
  for (uint32_t i = 0; i < ts->nterms; i++)
    if (term_includes(ts->terms[i], t)) return true;
  return false;
}

bool types_under_is(TypesCtx *c, Type *t, bool (*f)(Type *u, void *arg), void *arg) {
  if (t && t->kind == TY_TYPEPARAM) {
    TypeSet *s = types_typeset(c, t->u.tparam.constraint);
    if (s->all_types) return f(NULL, arg);
    for (uint32_t i = 0; i < s->nterms; i++)
      if (!f(types_underlying(s->terms[i].type), arg)) return false;
    return true;
  }
  return f(types_underlying(t), arg);
}

Type *types_core(Type *t) {
  if (!t) return NULL;
  if (t->kind != TY_TYPEPARAM) {
    Type *u = types_underlying(t);
    if (u && u->kind == TY_INTERFACE) {
      TypeSet *s = u->u.iface.tset;
      if (!s || s->all_types) return u;
      t = NULL;
      (void)s;
      return u;
    }
    return u;
  }
  TypeSet *s = t->u.tparam.constraint ? t->u.tparam.constraint->u.iface.tset : NULL;
  if (!s) {
    Type *u = types_underlying(t->u.tparam.constraint);
    s = u ? u->u.iface.tset : NULL;
  }
  if (!s || s->all_types || s->nterms == 0) return NULL;
  Type *r = NULL;
  for (uint32_t i = 0; i < s->nterms; i++) {
    Type *u = types_underlying(s->terms[i].type);
    if (!r) {
      r = u;
    } else if (!types_identical(r, u)) {
      /* channels with differing directions: pick the directional one */
      if (r->kind == TY_CHAN && u->kind == TY_CHAN && types_identical(r->u.chan.elem, u->u.chan.elem)) {
        if (r->u.chan.dir == CHAN_BOTH)
          r = u;
        else if (u->u.chan.dir != CHAN_BOTH && u->u.chan.dir != r->u.chan.dir)
          return NULL;
        continue;
      }
      return NULL;
    }
  }
  return r;
}

/* Comparable per the spec. Type params are comparable if their type set is. */
static bool comparable_rec(Type *t, int depth) {
  if (!t || depth > 50) return true;
  if (t->kind == TY_TYPEPARAM) {
    Type *ci = types_underlying(t->u.tparam.constraint);
    TypeSet *s = ci ? ci->u.iface.tset : NULL;
    if (!s) return false;
    if (s->comparable) return true;
    if (s->all_types) return false;
    for (uint32_t i = 0; i < s->nterms; i++)
      if (!comparable_rec(s->terms[i].type, depth + 1)) return false;
    return s->nterms > 0;
  }
  Type *u = types_underlying(t);
  if (!u) return true;
  switch (u->kind) {
  case TY_BASIC:
    return u->basic != UNTYPED_NIL;
  case TY_POINTER:
  case TY_CHAN:
  case TY_INTERFACE:
    return true;
  case TY_STRUCT:
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
      if (!comparable_rec(u->u.strukt.fields[i]->type, depth + 1)) return false;
    return true;
  case TY_ARRAY:
    return comparable_rec(u->u.array.elem, depth + 1);
  default:
    return false;
  }
}

bool types_comparable(Type *t) {
  return comparable_rec(t, 0);
}

bool types_has_nil(Type *t) {
  if (t && t->kind == TY_TYPEPARAM) {
    Type *core = types_core(t);
    return core && core->kind != TY_BASIC && types_has_nil(core) && false;
  }
  Type *u = types_underlying(t);
  if (!u) return false;
  switch (u->kind) {
  case TY_BASIC:
    return u->basic == UNSAFE_POINTER || u->basic == UNTYPED_NIL;
  case TY_SLICE:
  case TY_POINTER:
  case TY_SIGNATURE:
  case TY_INTERFACE:
  case TY_MAP:
  case TY_CHAN:
    return true;
  default:
    return false;
  }
}

Type *types_default(TypesCtx *c, Type *t) {
  if (!t || t->kind != TY_BASIC) return t;
  switch (t->basic) {
  case UNTYPED_BOOL:
    return types_basic(c, BOOL);
  case UNTYPED_INT:
    return types_basic(c, INT);
  case UNTYPED_RUNE:
    return c->rune_alias;
  case UNTYPED_FLOAT:
    return types_basic(c, FLOAT64);
  case UNTYPED_COMPLEX:
    return types_basic(c, COMPLEX128);
  case UNTYPED_STRING:
    return types_basic(c, STRING);
  default:
    return t;
  }
}

/* ---- assignability and convertibility ----------------------------------------- */

static void set_reason(TypesCtx *c, char **reason, const char *msg) {
  if (reason) *reason = types_strdup(c, msg, strlen(msg));
}

bool types_assignable(TypesCtx *c, Type *v, Type *t, char **reason) {
  if (reason) *reason = NULL;
  if (!v || !t) return true;
  if (types_identical(v, t)) return true;
  Type *vu = types_underlying(v), *tu = types_underlying(t);
  if (!vu || !tu) return true; /* invalid types: errors reported elsewhere */
  if (vu->kind == TY_BASIC && vu->basic == INVALID) return true;
  if (tu->kind == TY_BASIC && tu->basic == INVALID) return true;
  if (types_is_untyped(v)) {
    if (t->kind == TY_TYPEPARAM) {
      TypeSet *s = types_typeset(c, t->u.tparam.constraint);
      if (s->all_types) return v->basic == UNTYPED_NIL ? false : false;
      for (uint32_t i = 0; i < s->nterms; i++)
        if (!types_assignable(c, v, s->terms[i].type, NULL)) return false;
      return true;
    }
    if (tu->kind == TY_BASIC) {
      if (v->basic == UNTYPED_NIL) return tu->basic == UNSAFE_POINTER;
      uint32_t vi = vu->u.basic.info, ti = tu->u.basic.info;
      if (vi & BI_BOOLEAN) return ti & BI_BOOLEAN;
      if (vi & BI_STRING) return ti & BI_STRING;
      if (vi & BI_NUMERIC) return ti & BI_NUMERIC;
      return false;
    }
    if (tu->kind == TY_INTERFACE)
      return v->basic == UNTYPED_NIL || types_typeset(c, tu)->nmethods == 0 ||
             (v->basic != UNTYPED_NIL && types_assignable(c, types_default(c, v), t, reason));
    return v->basic == UNTYPED_NIL && types_has_nil(t);
  }
  /* type parameters (spec "Assignability"): a value of an unnamed type V
     is assignable to a type parameter T if it is assignable to each type
     of T's type set, and a value of type parameter type V to an unnamed T
     if each type of V's type set is (t = func() T {...} with T
     constrained by ~func() T: typeparam/issue48137) */
  if (t->kind == TY_TYPEPARAM && v->kind != TY_TYPEPARAM && !types_is_named(v)) {
    TypeSet *s = types_typeset(c, t->u.tparam.constraint);
    if (s && !s->all_types && s->nterms > 0) {
      for (uint32_t i = 0; i < s->nterms; i++)
        if (!types_assignable(c, v, s->terms[i].type, NULL)) return false;
      return true;
    }
  }
  if (v->kind == TY_TYPEPARAM && t->kind != TY_TYPEPARAM && !types_is_named(t)) {
    TypeSet *s = types_typeset(c, v->u.tparam.constraint);
    if (s && !s->all_types && s->nterms > 0) {
      for (uint32_t i = 0; i < s->nterms; i++)
        if (!types_assignable(c, s->terms[i].type, t, NULL)) return false;
      return true;
    }
  }
  /* identical underlying types and at least one is not a named type */
  if (types_identical(vu, tu) && (!types_is_named(v) || !types_is_named(t)) && v->kind != TY_TYPEPARAM &&
      t->kind != TY_TYPEPARAM)
    return true;
  /* an interface value needs a type assertion to become a concrete type */
  if (vu->kind == TY_INTERFACE && v->kind != TY_TYPEPARAM && tu->kind != TY_INTERFACE && reason) {
    Object *m = NULL;
    bool wrong = false, ptr = false;
    if (types_missing_method(c, t, v, &m, &wrong, &ptr)) set_reason(c, reason, "need type assertion");
    return false;
  }
  /* interface */
  if (tu->kind == TY_INTERFACE && t->kind != TY_TYPEPARAM) {
    Object *m = NULL;
    bool wrong = false, ptr = false;
    if (types_missing_method(c, v, t, &m, &wrong, &ptr)) return true;
    if (reason) {
      char *r = types_missing_reason(c, v, t, NULL);
      if (r) *reason = types_strdup(c, r, strlen(r));
    }
    return false;
  }
  /* bidirectional channel */
  if (vu->kind == TY_CHAN && vu->u.chan.dir == CHAN_BOTH && tu->kind == TY_CHAN &&
      types_identical(vu->u.chan.elem, tu->u.chan.elem) && (!types_is_named(v) || !types_is_named(t)))
    return true;
  return false;
}

bool types_convertible(TypesCtx *c, Type *v, Type *t) {
  if (types_assignable(c, v, t, NULL)) return true;
  Type *vu = types_underlying(v), *tu = types_underlying(t);
  if (!vu || !tu) return true;
  if (v->kind == TY_TYPEPARAM || t->kind == TY_TYPEPARAM) {
    /* each pair of specific types must be convertible */
    TypeSet *vs = v->kind == TY_TYPEPARAM ? types_typeset(c, v->u.tparam.constraint) : NULL;
    TypeSet *ts = t->kind == TY_TYPEPARAM ? types_typeset(c, t->u.tparam.constraint) : NULL;
    if ((vs && vs->all_types) || (ts && ts->all_types)) return false;
    uint32_t nv = vs ? vs->nterms : 1, nt = ts ? ts->nterms : 1;
    for (uint32_t i = 0; i < nv; i++)
      for (uint32_t j = 0; j < nt; j++) {
        Type *a = vs ? vs->terms[i].type : v, *b = ts ? ts->terms[j].type : t;
        if (!types_convertible(c, a, b)) return false;
      }
    return true;
  }
  if (types_identical_ignore_tags(vu, tu)) return true;
  if (vu->kind == TY_POINTER && tu->kind == TY_POINTER && v->kind != TY_NAMED && t->kind != TY_NAMED &&
      types_identical_ignore_tags(types_underlying(vu->u.pointer.elem), types_underlying(tu->u.pointer.elem)))
    return true;
  if (vu->kind == TY_BASIC && tu->kind == TY_BASIC) {
    uint32_t vi = vu->u.basic.info, ti = tu->u.basic.info;
    if ((vi & (BI_INTEGER | BI_FLOAT)) && (ti & (BI_INTEGER | BI_FLOAT))) return true;
    if ((vi & BI_COMPLEX) && (ti & BI_COMPLEX)) return true;
    if ((vi & BI_INTEGER) && (ti & BI_STRING)) return true;
    /* spec (Package unsafe): only uintptr converts to and from Pointer */
    if (vu->basic == UINTPTR && tu->basic == UNSAFE_POINTER) return true;
    if (vu->basic == UNSAFE_POINTER && tu->basic == UINTPTR) return true;
  }
  if (vu->kind == TY_BASIC && vu->basic == UNSAFE_POINTER && tu->kind == TY_POINTER) return true;
  if (tu->kind == TY_BASIC && tu->basic == UNSAFE_POINTER && vu->kind == TY_POINTER) return true;
  /* string <-> []byte, []rune */
  if (tu->kind == TY_BASIC && (tu->u.basic.info & BI_STRING) && vu->kind == TY_SLICE) {
    Type *e = types_underlying(vu->u.slice.elem);
    if (e && e->kind == TY_BASIC && (e->basic == UINT8 || e->basic == INT32)) return true;
  }
  if (vu->kind == TY_BASIC && (vu->u.basic.info & BI_STRING) && tu->kind == TY_SLICE) {
    Type *e = types_underlying(tu->u.slice.elem);
    if (e && e->kind == TY_BASIC && (e->basic == UINT8 || e->basic == INT32)) return true;
  }
  /* slice to array pointer (Go 1.17) */
  if (vu->kind == TY_SLICE && tu->kind == TY_POINTER) {
    Type *a = types_underlying(tu->u.pointer.elem);
    if (a && a->kind == TY_ARRAY && types_identical(vu->u.slice.elem, a->u.array.elem)) return true;
  }
  return false;
}

/* ---- type strings ------------------------------------------------------------------ */

typedef struct SBuf {
  char *p;
  size_t len, cap;
} SBuf;

static void sb_put(SBuf *b, const char *s) {
  size_t n = strlen(s);
  if (b->len + n + 1 > b->cap) {
    size_t nc = (b->cap + n + 1) * 2;
    char *np = realloc(b->p, nc);
    if (!np) abort();
    b->p = np;
    b->cap = nc;
  }
  memcpy(b->p + b->len, s, n + 1);
  b->len += n;
}

static void write_type(TypesCtx *c, SBuf *b, Type *t, TypesPackage *rel, int depth);

static void write_tuple(TypesCtx *c, SBuf *b, Type *t, bool variadic, TypesPackage *rel, int depth) {
  sb_put(b, "(");
  if (t)
    for (uint32_t i = 0; i < t->u.tuple.len; i++) {
      Object *v = t->u.tuple.vars[i];
      if (i) sb_put(b, ", ");
      if (v->name && v->name[0]) {
        sb_put(b, v->name);
        sb_put(b, " ");
      }
      if (variadic && i == t->u.tuple.len - 1 && v->type && v->type->kind == TY_SLICE) {
        sb_put(b, "...");
        write_type(c, b, v->type->u.slice.elem, rel, depth + 1);
      } else {
        write_type(c, b, v->type, rel, depth + 1);
      }
    }
  sb_put(b, ")");
}

static void write_sig(TypesCtx *c, SBuf *b, Type *t, TypesPackage *rel, int depth) {
  if (t->u.sig.ntparams) {
    sb_put(b, "[");
    for (uint32_t i = 0; i < t->u.sig.ntparams; i++) {
      if (i) sb_put(b, ", ");
      Object *tp = t->u.sig.tparams[i];
      sb_put(b, tp->name);
      sb_put(b, " ");
      if (tp->type && tp->type->kind == TY_TYPEPARAM)
        write_type(c, b, tp->type->u.tparam.constraint, rel, depth + 1);
    }
    sb_put(b, "]");
  }
  write_tuple(c, b, t->u.sig.params, t->u.sig.variadic, rel, depth);
  Type *r = t->u.sig.results;
  if (!r || r->u.tuple.len == 0) return;
  sb_put(b, " ");
  if (r->u.tuple.len == 1 && !(r->u.tuple.vars[0]->name && r->u.tuple.vars[0]->name[0])) {
    write_type(c, b, r->u.tuple.vars[0]->type, rel, depth + 1);
    return;
  }
  write_tuple(c, b, r, false, rel, depth);
}

static void write_pkg_prefix(SBuf *b, TypesPackage *p, TypesPackage *rel) {
  if (p && p != rel) {
    sb_put(b, p->name ? p->name : p->path);
    sb_put(b, ".");
  }
}

static void write_type(TypesCtx *c, SBuf *b, Type *t, TypesPackage *rel, int depth) {
  char num[32];
  if (!t) {
    sb_put(b, "invalid type");
    return;
  }
  if (depth > 30) {
    sb_put(b, "...");
    return;
  }
  switch (t->kind) {
  case TY_BASIC:
    if (t->basic == UNSAFE_POINTER)
      sb_put(b, rel && rel->path && strcmp(rel->path, "unsafe") == 0 ? "Pointer" : "unsafe.Pointer");
    else
      sb_put(b, t->u.basic.name);
    break;
  case TY_POINTER:
    sb_put(b, "*");
    write_type(c, b, t->u.pointer.elem, rel, depth + 1);
    break;
  case TY_SLICE:
    sb_put(b, "[]");
    write_type(c, b, t->u.slice.elem, rel, depth + 1);
    break;
  case TY_ARRAY:
    snprintf(num, sizeof num, "[%lld]", (long long)t->u.array.len);
    sb_put(b, t->u.array.len < 0 ? "[unknown]" : num);
    write_type(c, b, t->u.array.elem, rel, depth + 1);
    break;
  case TY_MAP:
    sb_put(b, "map[");
    write_type(c, b, t->u.map.key, rel, depth + 1);
    sb_put(b, "]");
    write_type(c, b, t->u.map.elem, rel, depth + 1);
    break;
  case TY_CHAN: {
    bool paren = false;
    if (t->u.chan.dir == CHAN_SEND)
      sb_put(b, "chan<- ");
    else if (t->u.chan.dir == CHAN_RECV)
      sb_put(b, "<-chan ");
    else {
      sb_put(b, "chan ");
      Type *e = t->u.chan.elem;
      if (e && e->kind == TY_CHAN && e->u.chan.dir == CHAN_RECV) {
        paren = true;
        sb_put(b, "(");
      }
    }
    write_type(c, b, t->u.chan.elem, rel, depth + 1);
    if (paren) sb_put(b, ")");
    break;
  }
  case TY_SIGNATURE:
    sb_put(b, "func");
    write_sig(c, b, t, rel, depth);
    break;
  case TY_STRUCT:
    sb_put(b, "struct{");
    for (uint32_t i = 0; i < t->u.strukt.nfields; i++) {
      Object *f = t->u.strukt.fields[i];
      if (i) sb_put(b, "; ");
      if (!f->embedded) {
        sb_put(b, f->name);
        sb_put(b, " ");
      }
      write_type(c, b, f->type, rel, depth + 1);
      if (t->u.strukt.tags && t->u.strukt.tags[i]) {
        sb_put(b, " ");
        sb_put(b, "\"");
        sb_put(b, t->u.strukt.tags[i]);
        sb_put(b, "\"");
      }
    }
    sb_put(b, "}");
    break;
  case TY_INTERFACE: {
    if (t == c->any_type && depth >= 0) {
      sb_put(b, "any");
      break;
    }
    if (t->u.iface.is_comparable_builtin) {
      sb_put(b, "comparable");
      break;
    }
    if (t->u.iface.implicit && t->u.iface.nembeddeds == 1 && t->u.iface.nmethods == 0) {
      write_type(c, b, t->u.iface.embeddeds[0], rel, depth + 1);
      break;
    }
    sb_put(b, "interface{");
    bool first = true;
    for (uint32_t i = 0; i < t->u.iface.nmethods; i++) {
      Object *m = t->u.iface.methods[i];
      if (!first) sb_put(b, "; ");
      first = false;
      sb_put(b, m->name);
      if (m->type && m->type->kind == TY_SIGNATURE) write_sig(c, b, m->type, rel, depth + 1);
    }
    for (uint32_t i = 0; i < t->u.iface.nembeddeds; i++) {
      if (!first) sb_put(b, "; ");
      first = false;
      write_type(c, b, t->u.iface.embeddeds[i], rel, depth + 1);
    }
    sb_put(b, "}");
    break;
  }
  case TY_NAMED: {
    Object *o = t->u.named.obj;
    Type *orig = t->u.named.orig;
    if (orig) o = orig->u.named.obj;
    if (o) {
      write_pkg_prefix(b, o->pkg, rel);
      sb_put(b, o->name);
    }
    if (t->u.named.ntargs) {
      sb_put(b, "[");
      for (uint32_t i = 0; i < t->u.named.ntargs; i++) {
        if (i) sb_put(b, ",");
        write_type(c, b, t->u.named.targs[i], rel, depth + 1);
      }
      sb_put(b, "]");
    }
    break;
  }
  case TY_TUPLE:
    write_tuple(c, b, t, false, rel, depth);
    break;
  case TY_TYPEPARAM:
    sb_put(b, t->u.tparam.obj ? t->u.tparam.obj->name : "?");
    break;
  case TY_UNION:
    for (uint32_t i = 0; i < t->u.uni.nterms; i++) {
      if (i) sb_put(b, " | ");
      if (t->u.uni.terms[i].tilde) sb_put(b, "~");
      write_type(c, b, t->u.uni.terms[i].type, rel, depth + 1);
    }
    break;
  }
}

char *types_string(TypesCtx *c, Type *t, TypesPackage *rel) {
  SBuf b = {0};
  sb_put(&b, "");
  write_type(c, &b, t, rel, 0);
  char *r = types_strdup(c, b.p, b.len);
  free(b.p);
  return r;
}

/* ---- sizes --------------------------------------------------------------------------- */

static int64_t align_up(int64_t x, int64_t a) {
  return (x + a - 1) / a * a;
}

int64_t types_alignof(Type *t) {
  Type *u = types_underlying(t);
  if (!u) return -1;
  switch (u->kind) {
  case TY_ARRAY:
    return types_alignof(u->u.array.elem);
  case TY_STRUCT: {
    int64_t a = 1;
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
      int64_t fa = types_alignof(u->u.strukt.fields[i]->type);
      if (fa < 0) return -1;
      if (fa > a) a = fa;
    }
    return a;
  }
  case TY_BASIC:
    if (u->basic == COMPLEX128) return 8;
    if (u->basic == COMPLEX64) return 4;
    if (u->basic == STRING) return 8;
    break;
  case TY_SLICE:
  case TY_INTERFACE:
    return 8;
  default:
    break;
  }
  int64_t s = types_sizeof(t);
  if (s < 0) return -1;
  if (s < 1) return 1;
  return s > 8 ? 8 : s;
}

bool types_offsetsof(Type *strukt, int64_t *offsets) {
  Type *u = types_underlying(strukt);
  if (!u || u->kind != TY_STRUCT) return false;
  int64_t off = 0;
  for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
    Type *ft = u->u.strukt.fields[i]->type;
    int64_t a = types_alignof(ft), s = types_sizeof(ft);
    if (a < 0 || s < 0) return false;
    off = align_up(off, a);
    offsets[i] = off;
    off += s;
  }
  return true;
}

int64_t types_sizeof(Type *t) {
  Type *u = types_underlying(t);
  if (!u) return -1;
  switch (u->kind) {
  case TY_BASIC:
    switch (u->basic) {
    case BOOL:
    case INT8:
    case UINT8:
      return 1;
    case INT16:
    case UINT16:
      return 2;
    case INT32:
    case UINT32:
    case FLOAT32:
      return 4;
    case INT:
    case INT64:
    case UINT:
    case UINT64:
    case UINTPTR:
    case FLOAT64:
    case COMPLEX64:
    case UNSAFE_POINTER:
      return 8;
    case COMPLEX128:
    case STRING:
      return 16;
    default:
      return -1;
    }
  case TY_POINTER:
  case TY_MAP:
  case TY_CHAN:
  case TY_SIGNATURE:
    return 8;
  case TY_SLICE:
    return 24;
  case TY_INTERFACE:
    return 16;
  case TY_ARRAY: {
    if (u->u.array.len < 0) return -1;
    int64_t es = types_sizeof(u->u.array.elem);
    if (es < 0) return -1;
    if (es && u->u.array.len > INT64_MAX / es) return -1;
    return es * u->u.array.len;
  }
  case TY_STRUCT: {
    uint32_t n = u->u.strukt.nfields;
    if (n == 0) return 0;
    int64_t *offs = malloc(n * sizeof *offs);
    if (!types_offsetsof(u, offs)) {
      free(offs);
      return -1;
    }
    int64_t last = types_sizeof(u->u.strukt.fields[n - 1]->type);
    int64_t size = offs[n - 1] + last;
    free(offs);
    if (last == 0 && size > 0) size++; /* gc pads a trailing zero-size field */
    return align_up(size, types_alignof(u));
  }
  default:
    return -1;
  }
}
