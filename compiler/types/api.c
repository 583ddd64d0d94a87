/*
 * api.c: a package's API as text, one declaration per line, sorted: what
 * export data must preserve, so tests compare the API of a package
 * checked from source with the API of the same package read back from
 * its export data (compiler/driver:export_test). Every package-level
 * object is listed, exported or not, with its type as gc prints it
 * (types_string), constants with their exact value, defined types with
 * their type parameters, underlying type and methods.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

typedef struct Lines {
  char **v;
  uint32_t n, cap;
} Lines;

static void add(Lines *l, char *s) {
  VEC_PUSH(l, l->v, l->n, l->cap, s);
}

static int cmp_line(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *tparams_str(TypesCtx *c, Object **tps, uint32_t n, TypesPackage *rel) {
  if (!n) return strdup("");
  size_t cap = 256, len = 0;
  char *s = malloc(cap);
  if (!s) abort();
  s[len++] = '[';
  for (uint32_t i = 0; i < n; i++) {
    Type *tp = tps[i] ? tps[i]->type : NULL;
    const char *cs = tp && tp->kind == TY_TYPEPARAM && tp->u.tparam.constraint
                         ? types_string(c, tp->u.tparam.constraint, rel)
                         : "?";
    size_t need = strlen(cs) + strlen(tps[i] ? tps[i]->name : "_") + 8;
    while (len + need >= cap) {
      cap *= 2;
      s = realloc(s, cap);
      if (!s) abort();
    }
    len += (size_t)sprintf(s + len, "%s%s %s", i ? ", " : "", tps[i] ? tps[i]->name : "_", cs);
  }
  s[len++] = ']';
  s[len] = 0;
  return s;
}

static char *fmt(const char *f, const char *a, const char *b, const char *c2, const char *d) {
  size_t n = strlen(f) + strlen(a) + strlen(b) + strlen(c2) + strlen(d) + 1;
  char *s = malloc(n);
  if (!s) abort();
  snprintf(s, n, f, a, b, c2, d);
  return s;
}

char *types_package_api(TypesCtx *c, TypesPackage *pkg) {
  Lines l = {0};
  Scope *sc = pkg->scope;
  for (uint32_t i = 0; sc && i < sc->order_len; i++) {
    Object *o = sc->order[i];
    const char *ts = o->type ? types_string(c, o->type, pkg) : "<nil>";
    switch (o->kind) {
    case OBJ_CONST: {
      size_t n;
      char *v = const_encode(c, o->val, &n);
      char *vz = types_strdup(c, v, n);
      for (char *p = vz; *p; p++)
        if (*p == '\n') *p = ' ';
      add(&l, fmt("const %s %s = %s%s", o->name, ts, vz, ""));
      break;
    }
    case OBJ_VAR:
      add(&l, fmt("var %s %s%s%s", o->name, ts, "", ""));
      break;
    case OBJ_FUNC: {
      Type *sig = o->type;
      char *tp = sig && sig->kind == TY_SIGNATURE
                     ? tparams_str(c, sig->u.sig.tparams, sig->u.sig.ntparams, pkg)
                     : strdup("");
      add(&l, fmt("func %s%s %s%s", o->name, tp, ts, ""));
      free(tp);
      break;
    }
    case OBJ_TYPENAME: {
      Type *t = o->type;
      if (o->is_alias || !t || t->kind != TY_NAMED || t->u.named.obj != o) {
        add(&l, fmt("type %s = %s%s%s", o->name, ts, "", ""));
        break;
      }
      char *tp = tparams_str(c, t->u.named.tparams, t->u.named.ntparams, pkg);
      const char *us = t->u.named.underlying ? types_string(c, t->u.named.underlying, pkg) : "<nil>";
      add(&l, fmt("type %s%s %s%s", o->name, tp, us, ""));
      free(tp);
      for (uint32_t k = 0; k < t->u.named.nmethods; k++) {
        Object *m = t->u.named.methods[k];
        Type *ms = m->type;
        const char *rs = ms && ms->kind == TY_SIGNATURE && ms->u.sig.recv && ms->u.sig.recv->type
                             ? types_string(c, ms->u.sig.recv->type, pkg)
                             : "?";
        add(&l, fmt("method (%s) %s.%s %s", rs, o->name, m->name, ms ? types_string(c, ms, pkg) : "<nil>"));
      }
      break;
    }
    default:
      break;
    }
  }
  if (l.n > 1) qsort(l.v, l.n, sizeof *l.v, cmp_line);
  size_t total = 1;
  for (uint32_t i = 0; i < l.n; i++)
    total += strlen(l.v[i]) + 1;
  char *out = malloc(total);
  if (!out) abort();
  size_t len = 0;
  for (uint32_t i = 0; i < l.n; i++) {
    size_t k = strlen(l.v[i]);
    memcpy(out + len, l.v[i], k);
    out[len + k] = '\n';
    len += k + 1;
    free(l.v[i]);
  }
  out[len] = 0;
  free(l.v);
  return out;
}
