/*
 * lookup.c: field and method lookup with embedding, and interface
 * satisfaction (method sets).
 *
 * Algorithm (spec "Selectors"): breadth-first over the embedding graph, one
 * depth at a time. At each depth, every type reached is searched for the
 * name: its declared methods (named types), its fields (structs) or its
 * methods (interfaces). A name found exactly once at the shallowest depth
 * wins; found more than once is ambiguous (x.f is then an error). Named
 * types already visited at a smaller depth are skipped, which cuts
 * recursive embedding (type T struct{ *T }).
 *
 * Method sets: a method with a pointer receiver is in the method set of *T
 * only. For a value that is addressable the compiler takes its address
 * implicitly, so lookup reports needs_ptr only; the caller decides.
 *
 * Rejected: precomputed method sets per named type. Lookups are few per
 * selector and the BFS is short; precomputing would need invalidation while
 * methods are still being collected.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compiler/types/internal.h"

typedef struct Embedded {
  Type *type;
  uint32_t *index;
  uint32_t nindex;
  bool indirect;
  bool multiples;
} Embedded;

static bool same_name(Object *o, TypesPackage *pkg, const char *name) {
  if (strcmp(o->name, name) != 0) return false;
  if (types_obj_exported(o)) return true;
  return !o->pkg || !pkg || o->pkg == pkg ||
         (o->pkg->path && pkg->path && strcmp(o->pkg->path, pkg->path) == 0);
}

static uint32_t *path_append(TypesCtx *c, uint32_t *idx, uint32_t n, uint32_t i) {
  uint32_t *r = types_alloc(c, (n + 1) * sizeof *r);
  if (n) memcpy(r, idx, n * sizeof *r);
  r[n] = i;
  return r;
}

static Object *named_method(TypesCtx *c, Type *n, TypesPackage *pkg, const char *name, uint32_t *index) {
  Type *orig = n->u.named.orig ? n->u.named.orig : n;
  for (uint32_t i = 0; i < orig->u.named.nmethods; i++) {
    Object *m = orig->u.named.methods[i];
    if (same_name(m, pkg, name)) {
      *index = i;
      if (m->color == 0 && m->decl && c->decl_method) c->decl_method(c->inst_method_ctx, m);
      if (n->u.named.orig && c->inst_method) return c->inst_method(c->inst_method_ctx, n, m);
      return m;
    }
  }
  return NULL;
}

static bool ptr_recv(Object *m) {
  if (!m || m->kind != OBJ_FUNC || !m->type || m->type->kind != TY_SIGNATURE || !m->type->u.sig.recv)
    return false;
  Type *rt = m->type->u.sig.recv->type;
  return rt && rt->kind == TY_POINTER;
}

LookupResult types_lookup(TypesCtx *c, Type *t, bool addressable, TypesPackage *pkg, const char *name) {
  LookupResult res = {0};
  if (!t || strcmp(name, "_") == 0) return res;
  bool is_ptr = false;
  bool named_ptr = false;
  {
    Type *tu = t->kind == TY_TYPEPARAM ? NULL : types_underlying(t);
    if (tu && tu->kind == TY_POINTER && tu->u.pointer.elem) {
      Type *e = tu->u.pointer.elem;
      Type *eu = e->kind == TY_TYPEPARAM ? NULL : types_underlying(e);
      if (!eu || eu->kind != TY_INTERFACE) {
        named_ptr = t->kind == TY_NAMED;
        t = e;
        is_ptr = true;
      }
    }
  }
  Embedded *cur = malloc(sizeof *cur);
  uint32_t ncur = 1;
  cur[0] = (Embedded){t, NULL, 0, is_ptr, false};
  Type **seen = NULL;
  uint32_t nseen = 0, cap_seen = 0;
  for (int depth = 0; ncur > 0 && depth < 64; depth++) {
    Embedded *next = NULL;
    uint32_t nnext = 0, cap_next = 0;
    Object *found = NULL;
    uint32_t *found_idx = NULL, found_n = 0;
    bool found_indirect = false;
    int nfound = 0;
    for (uint32_t e = 0; e < ncur; e++) {
      Type *typ = cur[e].type;
      if (typ && typ->kind == TY_NAMED) {
        bool dup = false;
        for (uint32_t s = 0; s < nseen; s++)
          if (seen[s] == typ) dup = true;
        if (dup) continue;
        VEC_PUSH(c, seen, nseen, cap_seen, typ);
        uint32_t mi;
        Object *m = named_method(c, typ, pkg, name, &mi);
        if (m) {
          nfound += cur[e].multiples ? 2 : 1;
          found = m;
          found_idx = path_append(c, cur[e].index, cur[e].nindex, mi);
          found_n = cur[e].nindex + 1;
          found_indirect = cur[e].indirect;
          continue;
        }
      }
      Type *u;
      if (typ && typ->kind == TY_TYPEPARAM)
        /* a type parameter has the methods of its constraint; *P has none
         * (types2: "*typ where typ is an interface (incl. a type
         * parameter) has no methods") */
        u = depth == 0 && !is_ptr ? types_underlying(typ->u.tparam.constraint) : NULL;
      else
        u = types_underlying(typ);
      if (!u) continue;
      if (u->kind == TY_STRUCT) {
        for (uint32_t i = 0; i < u->u.strukt.nfields; i++) {
          Object *f = u->u.strukt.fields[i];
          if (same_name(f, pkg, name)) {
            nfound += cur[e].multiples ? 2 : 1;
            found = f;
            found_idx = path_append(c, cur[e].index, cur[e].nindex, i);
            found_n = cur[e].nindex + 1;
            found_indirect = cur[e].indirect;
            continue;
          }
          if (f->embedded && !found) {
            Type *ft = f->type;
            bool ind = cur[e].indirect;
            if (ft && ft->kind == TY_POINTER) {
              ft = ft->u.pointer.elem;
              ind = true;
            }
            Embedded ne = {ft, path_append(c, cur[e].index, cur[e].nindex, i), cur[e].nindex + 1, ind,
                           cur[e].multiples};
            /* merge duplicates: same type reached twice -> multiples */
            bool merged = false;
            for (uint32_t k = 0; k < nnext; k++)
              if (next[k].type == ft) {
                next[k].multiples = true;
                merged = true;
              }
            if (!merged) VEC_PUSH(c, next, nnext, cap_next, ne);
          }
        }
      } else if (u->kind == TY_INTERFACE) {
        TypeSet *s = types_typeset(c, u);
        for (uint32_t i = 0; i < s->nmethods; i++)
          if (same_name(s->methods[i], pkg, name)) {
            nfound += cur[e].multiples ? 2 : 1;
            found = s->methods[i];
            found_idx = path_append(c, cur[e].index, cur[e].nindex, i);
            found_n = cur[e].nindex + 1;
            found_indirect = cur[e].indirect;
          }
      }
    }
    if (nfound > 0) {
      free(next);
      free(cur);
      free(seen);
      if (nfound > 1) {
        res.ambiguous = true;
        return res;
      }
      if (named_ptr && found->kind == OBJ_FUNC)
        return res; /* methods are not promoted through defined pointer types */
      res.obj = found;
      res.index = found_idx;
      res.nindex = found_n;
      res.indirect = found_indirect;
      if (found->kind == OBJ_FUNC && ptr_recv(found) && !found_indirect && !addressable) res.needs_ptr = true;
      return res;
    }
    free(cur);
    cur = next;
    ncur = nnext;
  }
  free(cur);
  free(seen);
  return res;
}

/* Signature identity ignoring the receiver. */
static bool same_sig(Type *a, Type *b) {
  if (!a || !b) return a == b;
  if (a->kind != TY_SIGNATURE || b->kind != TY_SIGNATURE) return false;
  return a->u.sig.variadic == b->u.sig.variadic && types_identical(a->u.sig.params, b->u.sig.params) &&
         types_identical(a->u.sig.results, b->u.sig.results);
}

static bool missing_method(TypesCtx *c, Type *t, Type *iface, Object **missing, bool *wrong_type,
                           bool *ptr_recv_out, Object **alt);

bool types_missing_method(TypesCtx *c, Type *t, Type *iface, Object **missing, bool *wrong_type,
                          bool *ptr_recv_out) {
  Object *alt = NULL;
  return missing_method(c, t, iface, missing, wrong_type, ptr_recv_out, &alt);
}

static bool is_interface_ptr(Type *t) {
  Type *u = types_underlying(t);
  return u && u->kind == TY_POINTER && u->u.pointer.elem && u->u.pointer.elem->kind != TY_TYPEPARAM &&
         types_is_interface(u->u.pointer.elem);
}

char *types_missing_reason(TypesCtx *c, Type *t, Type *iface, TypesPackage *rel) {
  Object *m = NULL, *alt = NULL;
  bool wrong = false, ptr = false;
  if (missing_method(c, t, iface, &m, &wrong, &ptr, &alt)) return NULL;
  const char *mname = m ? m->name : "?";
  char buf[2048];
  if (alt && m) {
    char *have = types_string(c, alt->type, rel), *want = types_string(c, m->type, rel);
    /* funcString: name followed by the signature without "func" */
    if (strncmp(have, "func", 4) == 0) have += 4;
    if (strncmp(want, "func", 4) == 0) want += 4;
    if (ptr)
      snprintf(buf, sizeof buf, "(%s method has pointer receiver)", mname);
    else if (strcmp(alt->name, m->name) != 0)
      snprintf(buf, sizeof buf, "(missing %s method)\n\t\thave %s%s\n\t\twant %s%s", mname, alt->name, have,
               m->name, want);
    else
      snprintf(buf, sizeof buf, "(wrong type for %s method)\n\t\thave %s%s\n\t\twant %s%s", mname, alt->name,
               have, m->name, want);
  } else if (is_interface_ptr(t)) {
    snprintf(buf, sizeof buf, "(type %s is pointer to interface, not interface)", types_string(c, t, rel));
  } else if (is_interface_ptr(iface)) {
    snprintf(buf, sizeof buf, "(type %s is pointer to interface, not interface)",
             types_string(c, iface, rel));
  } else {
    snprintf(buf, sizeof buf, "(missing %s method)", mname);
  }
  return types_strdup(c, buf, strlen(buf));
}

/* A method of t (or *t) whose name equals name but for letter case. */
static Object *fold_case_method(Type *t, const char *name) {
  if (t && t->kind == TY_POINTER) t = t->u.pointer.elem;
  if (!t || t->kind != TY_NAMED) return NULL;
  Type *orig = t->u.named.orig ? t->u.named.orig : t;
  for (uint32_t i = 0; i < orig->u.named.nmethods; i++) {
    Object *m = orig->u.named.methods[i];
    if (strcasecmp(m->name, name) == 0 && strcmp(m->name, name) != 0 && m->type) return m;
  }
  return NULL;
}

static bool missing_method(TypesCtx *c, Type *t, Type *iface, Object **missing, bool *wrong_type,
                           bool *ptr_recv_out, Object **alt) {
  *missing = NULL;
  *wrong_type = false;
  *ptr_recv_out = false;
  Type *iu = types_underlying(iface);
  if (!iu || iu->kind != TY_INTERFACE) return true;
  TypeSet *s = types_typeset(c, iu);
  Type *tu = t && t->kind == TY_TYPEPARAM ? NULL : types_underlying(t);
  if (tu && tu->kind == TY_INTERFACE) {
    TypeSet *ts = types_typeset(c, tu);
    for (uint32_t i = 0; i < s->nmethods; i++) {
      Object *m = s->methods[i], *f = NULL;
      for (uint32_t j = 0; j < ts->nmethods; j++)
        if (same_name(ts->methods[j], m->pkg, m->name)) f = ts->methods[j];
      if (!f) {
        *missing = m;
        return false;
      }
      if (!same_sig(f->type, m->type)) {
        *missing = m;
        *wrong_type = true;
        *alt = f;
        return false;
      }
    }
    return true;
  }
  for (uint32_t i = 0; i < s->nmethods; i++) {
    Object *m = s->methods[i];
    Object *f = NULL;
    bool needs_ptr = false;
    if (t && t->kind == TY_TYPEPARAM) {
      TypeSet *ts = types_typeset(c, t->u.tparam.constraint);
      for (uint32_t j = 0; j < ts->nmethods; j++)
        if (same_name(ts->methods[j], m->pkg, m->name)) f = ts->methods[j];
    } else {
      LookupResult r = types_lookup(c, t, false, m->pkg, m->name);
      f = r.obj;
      needs_ptr = r.needs_ptr;
    }
    if (!f || f->kind != OBJ_FUNC) {
      *missing = m;
      *alt = fold_case_method(t, m->name); /* types2 shows "have m(int) want M(int)" */
      return false;
    }
    if (!same_sig(f->type, m->type)) {
      *missing = m;
      *wrong_type = true;
      *alt = f;
      return false;
    }
    if (needs_ptr) {
      *missing = m;
      *ptr_recv_out = true;
      *alt = f;
      return false;
    }
  }
  return true;
}
