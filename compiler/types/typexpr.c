/*
 * typexpr.c: type expressions (names, qualified names, pointer, array,
 * slice, map, chan, func, struct, interface types, unions in constraints),
 * signatures with receivers and type parameters, instantiation of generic
 * types and signatures (substitution), constraint satisfaction, and the
 * "invalid recursive type" check.
 *
 * Named types are created before their right-hand side is checked, so
 * recursive references through pointers, slices, maps, channels,
 * functions and interface methods resolve to the (incomplete) Named type.
 * After the declaration, chk_valid_type walks the underlying type through
 * arrays and struct fields only (the places where a type contains itself
 * by value) and reports a cycle back to the declared type.
 *
 * Substitution (chk_subst) copies a type structurally, replacing type
 * parameters by type arguments; unchanged subtrees are shared. Instances
 * of generic named types are interned per origin (types.h).
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

static bool is_invalid(Type *t);

/* ---- checks that wait for complete types ------------------------------------------- */

/* A type whose underlying type is known all the way to the first
 * non-named level (a named type still being declared has none yet). */
static bool complete_type(Type *t) {
  return t->kind != TY_NAMED || t->u.named.underlying != NULL;
}

static void delay(Checker *ck, DelayKind kind, Type *t, SynPos pos) {
  Delayed d = {(uint8_t)kind, t, pos, ck->file};
  VEC_PUSH(ck, ck->delayed, ck->ndelayed, ck->cap_delayed, d);
}

static void check_map_key(Checker *ck, Type *k, SynPos pos) {
  if (k->kind == TY_TYPEPARAM) {
    /* types_comparable reads the constraint's type set, computed lazily */
    Type *ci = types_underlying(k->u.tparam.constraint);
    if (ci && ci->kind == TY_INTERFACE) types_typeset(ck->ctx, ci);
  }
  Type *ku = types_underlying(k);
  if (ku && k->kind != TY_TYPEPARAM && !types_comparable(k))
    chk_errorf(ck, pos, "invalid map key type %s", chk_type_string(ck, k));
  else if (k->kind == TY_TYPEPARAM && !types_comparable(k))
    chk_errorf(ck, pos, "invalid map key type %s (missing comparable constraint)", chk_type_string(ck, k));
}

static void check_embedded_named(Checker *ck, Type *et, SynPos pos) {
  Type *u = et->u.named.underlying;
  if (u && u->kind == TY_POINTER)
    chk_errorf(ck, pos, "embedded field type cannot be a pointer");
  else if (u && u->kind == TY_BASIC && u->basic == UNSAFE_POINTER)
    chk_errorf(ck, pos, "embedded field type cannot be unsafe.Pointer");
}

/* Methods that come from several embedded interfaces (or an embedding
 * and an explicit method) must have identical signatures (spec:
 * "Embedded interfaces"). The type set keeps the first; a different one is
 * gc's "duplicate method m", reported at the later embedding. */
static void check_iface_dups(Checker *ck, Type *it) {
  Object **seen = NULL;
  uint32_t nseen = 0, cap = 0;
  for (uint32_t i = 0; i < it->u.iface.nmethods; i++)
    VEC_PUSH(ck, seen, nseen, cap, it->u.iface.methods[i]);
  for (uint32_t k = 0; k < it->u.iface.nembeddeds; k++) {
    Type *eu = it->u.iface.embeddeds[k] ? types_underlying(it->u.iface.embeddeds[k]) : NULL;
    if (!eu || eu->kind != TY_INTERFACE) continue;
    TypeSet *ts = types_typeset(ck->ctx, eu);
    for (uint32_t j = 0; j < ts->nmethods; j++) {
      Object *m = ts->methods[j], *prev = NULL;
      for (uint32_t i = 0; i < nseen && !prev; i++)
        if (strcmp(seen[i]->name, m->name) == 0) prev = seen[i];
      if (!prev)
        VEC_PUSH(ck, seen, nseen, cap, m);
      else if (prev != m && !types_identical(prev->type, m->type))
        chk_errorf(ck, it->u.iface.embed_pos[k], "duplicate method %s", m->name);
    }
  }
  free(seen);
}

void chk_run_delayed(Checker *ck) {
  const SynFile *save = ck->file;
  for (uint32_t i = 0; i < ck->ndelayed; i++) { /* checks may add more */
    Delayed d = ck->delayed[i];
    ck->file = d.file;
    if (!complete_type(d.type) || is_invalid(d.type)) continue; /* its declaration reported the error */
    if (d.kind == DELAY_IFACE_DUPS)
      check_iface_dups(ck, d.type);
    else if (d.kind == DELAY_MAP_KEY)
      check_map_key(ck, d.type, d.pos);
    else
      check_embedded_named(ck, d.type, d.pos);
  }
  ck->file = save;
  ck->ndelayed = 0;
}

static Type *invalid(Checker *ck) {
  return types_basic(ck->ctx, INVALID);
}

static bool is_invalid(Type *t) {
  return !t || (t->kind == TY_BASIC && t->basic == INVALID);
}

/* Array length: a constant integer expression (messages as types2's
 * arrayLength, which special-cases names for missing constraints). */
static int64_t array_length(Checker *ck, SynNode *e) {
  if (e->kind == SYN_NAME) {
    const char *name = chk_name(ck, e);
    Object *o = types_scope_lookup(ck->fc.scope ? ck->fc.scope : ck->file_scope, name, NULL);
    if (!o) {
      chk_errorf(ck, e->pos, "undeclared name %s for array length", name);
      return -1;
    }
    if (o->kind != OBJ_CONST) {
      chk_errorf(ck, e->pos, "invalid array length %s", name);
      return -1;
    }
  }
  Operand x = {0};
  chk_expr(ck, &x, e);
  if (x.mode != TV_CONSTANT) {
    if (x.mode != TV_INVALID)
      chk_errorf(ck, chk_expr_pos(e), "array length %s must be constant", chk_operand_string(ck, &x));
    return -1;
  }
  if (types_is_untyped(x.type) || types_is_basic(x.type, BI_INTEGER)) {
    Const *v = const_to_int(ck->ctx, x.val);
    if (const_kind(v) == CONST_INT && const_representable(ck->ctx, v, INT, NULL)) {
      int64_t n;
      if (const_int64_val(v, &n) && n >= 0) return n;
      chk_errorf(ck, chk_expr_pos(e), "invalid array length %s", chk_operand_string(ck, &x));
      return -1;
    }
  }
  chk_errorf(ck, chk_expr_pos(e), "array length %s must be integer", chk_operand_string(ck, &x));
  return -1;
}

static Type *struct_type(Checker *ck, SynNode *e);
static Type *interface_type(Checker *ck, SynNode *e, Type *def);

Type *chk_typexpr(Checker *ck, SynNode *e) {
  return chk_definedType(ck, e, NULL);
}

Type *chk_varType(Checker *ck, SynNode *e) {
  Type *t = chk_definedType(ck, e, NULL);
  if (t && t->kind != TY_TYPEPARAM) {
    Type *u = types_underlying(t);
    if (u && u->kind == TY_INTERFACE) {
      TypeSet *s = types_typeset(ck->ctx, u);
      if (!s->all_types || s->comparable) chk_errorf(ck, e->pos, "interface contains type constraints");
    }
  }
  return t;
}

/* Generic type used without instantiation? */
static bool is_generic(Type *t) {
  return t && t->kind == TY_NAMED && t->u.named.ntparams && !t->u.named.orig;
}

static Type *instantiated_type(Checker *ck, SynNode *e, Type *def);

Type *chk_definedType(Checker *ck, SynNode *e, Type *def) {
  if (!e) return invalid(ck);
  Type *t = NULL;
  switch (e->kind) {
  case SYN_BAD:
    return invalid(ck);
  case SYN_NAME:
  case SYN_SELECTOR: {
    Operand x = {0};
    chk_expr_or_type(ck, &x, e, true);
    if (x.mode == TV_TYPE) {
      t = x.type;
      if (is_generic(t)) {
        chk_errorf(ck, e->pos, "cannot use generic type %s without instantiation", chk_type_string(ck, t));
        return invalid(ck);
      }
      return t;
    }
    if (x.mode == TV_INVALID) return invalid(ck);
    if (x.mode == TV_NOVALUE)
      chk_errorf(ck, e->pos, "%s used as type", chk_operand_string(ck, &x));
    else
      chk_errorf(ck, e->pos, "%s is not a type", chk_operand_string(ck, &x));
    return invalid(ck);
  }
  case SYN_INDEX:
    return instantiated_type(ck, e, def);
  case SYN_PAREN:
    return chk_definedType(ck, e->u.paren.x, def);
  case SYN_ARRAY_TYPE: {
    if (!e->u.array.len) {
      chk_errorf(ck, e->pos, "invalid use of [...] array (outside a composite literal)");
      chk_varType(ck, e->u.array.elem);
      return invalid(ck);
    }
    int64_t n = array_length(ck, e->u.array.len);
    Type *elem = chk_varType(ck, e->u.array.elem);
    t = types_new_array(ck->ctx, elem, n < 0 ? 0 : n);
    if (n < 0) t->u.array.len = -1;
    break;
  }
  case SYN_SLICE_TYPE:
    t = types_new_slice(ck->ctx, chk_varType(ck, e->u.elem.elem));
    break;
  case SYN_DOTS_TYPE:
    chk_errorf(ck, e->pos, "invalid use of ...");
    return invalid(ck);
  case SYN_STRUCT_TYPE:
    t = struct_type(ck, e);
    break;
  case SYN_OPERATION:
    if (e->op == SYN_OP_MUL && !e->u.operation.y) {
      t = types_new_pointer(ck->ctx, NULL);
      Type *elem = chk_varType(ck, e->u.operation.x);
      if (elem && elem->ptr_to)
        t = elem->ptr_to;
      else {
        t->u.pointer.elem = elem;
        if (elem) elem->ptr_to = t;
      }
      break;
    }
    if (e->op == SYN_OP_TILDE || e->op == SYN_OP_OR) {
      chk_errorf(ck, e->pos, "cannot use %s outside a type constraint", chk_expr_string(ck, e));
      return invalid(ck);
    }
    chk_errorf(ck, e->pos, "%s is not a type", chk_expr_string(ck, e));
    return invalid(ck);
  case SYN_FUNC_TYPE:
    t = chk_func_signature(ck, NULL, NULL, NULL, e, NULL);
    break;
  case SYN_INTERFACE_TYPE:
    t = interface_type(ck, e, def);
    break;
  case SYN_MAP_TYPE: {
    Type *k = chk_varType(ck, e->u.map_type.key);
    Type *v = chk_varType(ck, e->u.map_type.value);
    t = types_new_map(ck->ctx, k, v);
    /* key comparability: delayed until the key type is complete, and for
       a type parameter until its constraint is set (the bounds of a type
       parameter list are checked after the types that use them, e.g.
       [M ~map[K]V, K comparable], and after a generic type's body) */
    if (k && !is_invalid(k)) {
      if (!complete_type(k) || k->kind == TY_TYPEPARAM)
        delay(ck, DELAY_MAP_KEY, k, e->u.map_type.key->pos);
      else
        check_map_key(ck, k, e->u.map_type.key->pos);
    }
    break;
  }
  case SYN_CHAN_TYPE: {
    ChanDir dir = e->op == SYN_CHAN_SEND ? CHAN_SEND : e->op == SYN_CHAN_RECV ? CHAN_RECV : CHAN_BOTH;
    t = types_new_chan(ck->ctx, chk_varType(ck, e->u.chan_type.elem), dir);
    break;
  }
  default: {
    Operand x = {0};
    chk_expr_or_type(ck, &x, e, false);
    if (x.mode == TV_TYPE) return x.type;
    if (x.mode != TV_INVALID) chk_errorf(ck, e->pos, "%s is not a type", chk_expr_string(ck, e));
    return invalid(ck);
  }
  }
  if (def && def->kind == TY_NAMED && !def->u.named.underlying && t && t->kind != TY_NAMED)
    def->u.named.underlying = t;
  chk_record_type(ck, e, TV_TYPE, t, NULL);
  return t;
}

static const char *tag_string(Checker *ck, SynNode *lit) {
  if (!lit) return NULL;
  const char *err;
  Const *v = const_from_literal(ck->ctx, SYN_LIT_STRING, lit->u.lit.value.ptr, lit->u.lit.value.len, &err);
  size_t n;
  const char *s = const_string_val(v, &n);
  return types_strdup(ck->ctx, s, n);
}

static SynNode *embedded_name(SynNode *t) {
  t = chk_unparen(t);
  if (t && t->kind == SYN_OPERATION && t->op == SYN_OP_MUL && !t->u.operation.y)
    t = chk_unparen(t->u.operation.x);
  if (t && t->kind == SYN_INDEX) t = t->u.index.x;
  if (t && t->kind == SYN_SELECTOR) return t->u.selector.sel;
  return t && t->kind == SYN_NAME ? t : NULL;
}

static Type *struct_type(Checker *ck, SynNode *e) {
  SynList *fl = &e->u.struct_type.fields;
  uint32_t n = fl->len;
  Object **fields = types_alloc(ck->ctx, (n ? n : 1) * sizeof *fields);
  const char **tags = NULL;
  Scope *names = types_scope_new(ck->ctx, NULL);
  Type *prev_type = NULL;
  SynNode *prev_texpr = NULL;
  for (uint32_t i = 0; i < n; i++) {
    SynNode *f = fl->items[i];
    Type *ft;
    if (f->u.field.type == prev_texpr && prev_texpr)
      ft = prev_type;
    else
      ft = chk_varType(ck, f->u.field.type);
    prev_texpr = f->u.field.type;
    prev_type = ft;
    SynNode *nm = f->u.field.name;
    Object *o;
    if (nm) {
      o = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, chk_name(ck, nm), ft);
      o->pos = nm->pos;
    } else {
      SynNode *en = embedded_name(f->u.field.type);
      o = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, en ? chk_name(ck, en) : "_", ft);
      o->embedded = true;
      o->pos = f->u.field.type->pos;
      /* embedded type restrictions */
      Type *et = ft;
      if (et && et->kind == TY_POINTER) {
        Type *b = et->u.pointer.elem;
        Type *bu = types_underlying(b);
        if (b && b->kind == TY_TYPEPARAM)
          chk_errorf(ck, f->u.field.type->pos,
                     "embedded field type cannot be a (pointer to a) type parameter");
        else if (bu && bu->kind == TY_POINTER)
          chk_errorf(ck, f->u.field.type->pos, "embedded field type cannot be a pointer");
        else if (bu && bu->kind == TY_INTERFACE)
          chk_errorf(ck, f->u.field.type->pos, "embedded field type cannot be a pointer to an interface");
      } else if (et && et->kind == TY_TYPEPARAM) {
        chk_errorf(ck, f->u.field.type->pos, "embedded field type cannot be a (pointer to a) type parameter");
      } else if (et && et->kind == TY_NAMED) {
        if (!et->u.named.underlying)
          delay(ck, DELAY_EMBEDDED, et, f->u.field.type->pos);
        else
          check_embedded_named(ck, et, f->u.field.type->pos);
      } else if (et && et->kind == TY_BASIC && et->basic == UNSAFE_POINTER) {
        chk_errorf(ck, f->u.field.type->pos, "embedded field type cannot be unsafe.Pointer");
      }
    }
    o->is_field = true;
    o->file = ck->file;
    fields[i] = o;
    if (nm) chk_record_def(ck, nm, o);
    if (strcmp(o->name, "_") != 0) {
      Object *old = types_scope_insert(ck->ctx, names, o);
      if (old) chk_errorf(ck, o->pos, "%s redeclared", o->name);
    }
    SynNode *tag = i < e->u.struct_type.tags.len ? e->u.struct_type.tags.items[i] : NULL;
    if (tag) {
      if (!tags) tags = types_alloc(ck->ctx, n * sizeof *tags);
      tags[i] = tag_string(ck, tag);
    }
  }
  return types_new_struct(ck->ctx, fields, tags, n);
}

/* A constraint element: T, ~T, A|B. Returns a union type or a plain type. */
static Type *union_elem(Checker *ck, SynNode *e) {
  /* flatten A|B|C */
  SynNode *stack[256];
  uint32_t ns = 0;
  SynNode *terms[256];
  uint32_t nt = 0;
  stack[ns++] = e;
  while (ns) {
    SynNode *x = stack[--ns];
    x = chk_unparen(x);
    if (x && x->kind == SYN_OPERATION && x->op == SYN_OP_OR && x->u.operation.y && ns + 2 < 256) {
      stack[ns++] = x->u.operation.y;
      stack[ns++] = x->u.operation.x;
    } else if (nt < 256) {
      terms[nt++] = x;
    }
  }
  bool any_tilde = false;
  for (uint32_t i = 0; i < nt; i++)
    if (terms[i] && terms[i]->kind == SYN_OPERATION && terms[i]->op == SYN_OP_TILDE &&
        !terms[i]->u.operation.y)
      any_tilde = true;
  if (nt == 1 && !any_tilde) {
    Type *t = chk_typexpr(ck, terms[0]);
    return t;
  }
  if (nt > 100) {
    chk_errorf(ck, e->pos, "cannot handle more than 100 union terms (implementation limitation)");
    return invalid(ck);
  }
  Term *ts = types_alloc(ck->ctx, nt * sizeof *ts);
  for (uint32_t i = 0; i < nt; i++) {
    SynNode *x = terms[i];
    bool tilde = false;
    if (x && x->kind == SYN_OPERATION && x->op == SYN_OP_TILDE && !x->u.operation.y) {
      tilde = true;
      x = x->u.operation.x;
    }
    Type *t = chk_typexpr(ck, x);
    ts[i].tilde = tilde;
    ts[i].type = t;
    if (is_invalid(t)) continue;
    if (tilde) {
      Type *u = types_underlying(t);
      if (t->kind == TY_TYPEPARAM || (u && !types_identical(t, u) && t->kind == TY_NAMED)) {
        chk_errorf(ck, x->pos, "invalid use of ~ (underlying type of %s is %s)", chk_type_string(ck, t),
                   chk_type_string(ck, u));
      }
    }
    if (nt > 1) {
      Type *u = types_underlying(t);
      if (t->kind == TY_TYPEPARAM)
        chk_errorf(ck, x->pos, "term cannot be a type parameter");
      else if (u && u->kind == TY_INTERFACE && types_typeset(ck->ctx, u)->nmethods) {
        chk_errorf(ck, x->pos, "cannot use %s in union (%s contains methods)", chk_type_string(ck, t),
                   chk_type_string(ck, t));
      } else if (t == types_universe_comparable(ck->ctx)) {
        chk_errorf(ck, x->pos, "cannot use comparable in union");
      }
    }
  }
  Type *u = types_alloc(ck->ctx, sizeof *u);
  u->kind = TY_UNION;
  u->u.uni.terms = ts;
  u->u.uni.nterms = nt;
  return u;
}

static Type *interface_type(Checker *ck, SynNode *e, Type *def) {
  SynList *ml = &e->u.interface_type.methods;
  Object **methods = types_alloc(ck->ctx, (ml->len + 1) * sizeof *methods);
  Type **embeds = types_alloc(ck->ctx, (ml->len + 1) * sizeof *embeds);
  SynPos *epos = types_alloc(ck->ctx, (ml->len + 1) * sizeof *epos);
  uint32_t nm = 0, ne = 0;
  Type *it = types_new_interface(ck->ctx, methods, 0, embeds, 0);
  /* Method signatures may refer to the interface itself (type T
   * interface{ M(T) }); what they compute meanwhile must not freeze a type
   * set with the methods collected so far. */
  it->u.iface.building = true;
  if (def && def->kind == TY_NAMED && !def->u.named.underlying) def->u.named.underlying = it;
  Scope *names = types_scope_new(ck->ctx, NULL);
  for (uint32_t i = 0; i < ml->len; i++) {
    SynNode *f = ml->items[i];
    if (f->u.field.name) {
      const char *name = chk_name(ck, f->u.field.name);
      Object *m = types_new_object(ck->ctx, OBJ_FUNC, ck->pkg, name, NULL);
      m->pos = f->u.field.name->pos;
      m->file = ck->file;
      chk_record_def(ck, f->u.field.name, m);
      if (strcmp(name, "_") == 0) {
        chk_errorf(ck, m->pos, "methods must have a unique non-blank name");
        continue;
      }
      Object *old = types_scope_insert(ck->ctx, names, m);
      if (old) {
        chk_errorf(ck, m->pos, "duplicate method %s", name);
        continue;
      }
      Object *recv = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, "", def ? def : it);
      Type *sig = chk_func_signature(ck, NULL, NULL, NULL, f->u.field.type, NULL);
      sig->u.sig.recv = recv;
      m->type = sig;
      methods[nm++] = m;
    } else {
      Type *t = union_elem(ck, f->u.field.type);
      if (is_invalid(t)) continue;
      if (t->kind != TY_UNION) {
        Type *u = types_underlying(t);
        if (t->kind == TY_TYPEPARAM) {
          chk_errorf(ck, f->u.field.type->pos, "cannot embed a type parameter");
          continue;
        }
        if (!u && t->kind == TY_NAMED) {
          /* interface being defined: recursive embedding */
          chk_errorf(ck, f->u.field.type->pos, "invalid recursive type %s", chk_type_string(ck, t));
          continue;
        }
        if (u && u->kind != TY_INTERFACE) {
          /* a non-interface type term: only in constraints */
        }
      }
      epos[ne] = f->u.field.type->pos;
      embeds[ne++] = t;
    }
  }
  it->u.iface.nmethods = nm;
  it->u.iface.nembeddeds = ne;
  it->u.iface.embed_pos = epos;
  it->u.iface.building = false;
  it->u.iface.tset = NULL; /* computed again with every method */
  if (ne) delay(ck, DELAY_IFACE_DUPS, it, e->pos);
  /* duplicate methods across embeddings are checked when the type set is computed */
  return it;
}

/* ---- signatures ------------------------------------------------------------------- */

static Type *collect_params(Checker *ck, Scope *scope, SynList *fields, bool variadic_ok, bool *variadic,
                            bool is_result) {
  uint32_t n = fields->len;
  Object **vars = types_alloc(ck->ctx, (n ? n : 1) * sizeof *vars);
  bool named = false, anon = false;
  Type *prev = NULL;
  SynNode *prev_texpr = NULL;
  for (uint32_t i = 0; i < n; i++) {
    SynNode *f = fields->items[i];
    SynNode *te = f->u.field.type;
    Type *t;
    if (te && te->kind == SYN_DOTS_TYPE) {
      if (variadic_ok && i == n - 1) {
        if (te != prev_texpr) {
          Type *elem = chk_varType(ck, te->u.elem.elem);
          prev = types_new_slice(ck->ctx, elem);
        }
        t = prev;
        if (variadic) *variadic = true;
      } else {
        chk_errorf(ck, te->pos, "can only use ... with final parameter in list");
        chk_varType(ck, te->u.elem.elem);
        t = invalid(ck);
      }
    } else if (te == prev_texpr && te) {
      t = prev;
    } else {
      t = chk_varType(ck, te);
    }
    prev = t;
    prev_texpr = te;
    const char *name = "";
    if (f->u.field.name) {
      name = chk_name(ck, f->u.field.name);
      named = true;
    } else {
      anon = true;
    }
    Object *v = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, name, t);
    v->pos = f->u.field.name ? f->u.field.name->pos : f->pos;
    v->file = ck->file;
    v->is_param = true;
    v->used = true;
    vars[i] = v;
    if (f->u.field.name && scope) chk_declare(ck, scope, f->u.field.name, v);
    (void)is_result;
  }
  (void)named, (void)anon;
  return types_new_tuple(ck->ctx, vars, n);
}

void chk_collect_tparams(Checker *ck, Scope *s, SynList *tparams, Object ***out, uint32_t *nout) {
  uint32_t n = tparams->len;
  Object **tps = types_alloc(ck->ctx, (n ? n : 1) * sizeof *tps);
  /* declare all first: constraints may refer to any of them */
  for (uint32_t i = 0; i < n; i++) {
    SynNode *f = tparams->items[i];
    Object *o = types_new_object(ck->ctx, OBJ_TYPENAME, ck->pkg, chk_name(ck, f->u.field.name), NULL);
    o->pos = f->u.field.name ? f->u.field.name->pos : f->pos;
    o->file = ck->file;
    types_new_typeparam(ck->ctx, o, i, NULL);
    tps[i] = o;
    chk_declare(ck, s, f->u.field.name, o);
  }
  *out = tps;
  *nout = n;
  Type *prev = NULL;
  SynNode *prev_e = NULL;
  for (uint32_t i = 0; i < n; i++) {
    SynNode *f = tparams->items[i];
    SynNode *ce = f->u.field.type;
    Type *bound;
    if (ce == prev_e && ce) {
      bound = prev;
    } else {
      Type *t = union_elem(ck, ce);
      if (is_invalid(t)) {
        bound = types_universe_any(ck->ctx);
      } else if (t->kind == TY_TYPEPARAM) {
        chk_errorf(ck, ce->pos, "cannot use a type parameter as constraint");
        bound = types_universe_any(ck->ctx);
      } else {
        Type *u = types_underlying(t);
        if (t->kind == TY_UNION || !u || u->kind != TY_INTERFACE) {
          Type **emb = types_alloc(ck->ctx, sizeof *emb);
          emb[0] = t;
          bound = types_new_interface(ck->ctx, NULL, 0, emb, 1);
          bound->u.iface.implicit = true;
        } else {
          bound = t;
        }
      }
    }
    prev = bound;
    prev_e = ce;
    tps[i]->type->u.tparam.constraint = bound;
  }
}

Type *chk_func_signature(Checker *ck, Object *fn, SynNode *recv, SynList *tparams, SynNode *ftype,
                         Scope **scope_out) {
  Scope *scope = types_scope_new(ck->ctx, ck->fc.scope ? ck->fc.scope : ck->pkg->scope);
  scope->is_func = true;
  Scope *save = ck->fc.scope;
  ck->fc.scope = scope;
  Type *sig = types_new_signature(ck->ctx, NULL, NULL, NULL, false);
  if (tparams && tparams->len) {
    chk_collect_tparams(ck, scope, tparams, &sig->u.sig.tparams, &sig->u.sig.ntparams);
    if (recv) chk_errorf(ck, tparams->items[0]->pos, "methods cannot have type parameters");
  }
  if (recv) {
    /* receiver: T, *T, T[P...], *T[P...] */
    SynNode *rt = recv->u.field.type;
    SynNode *base = chk_unparen(rt);
    bool ptr = false;
    if (base && base->kind == SYN_OPERATION && base->op == SYN_OP_MUL && !base->u.operation.y) {
      ptr = true;
      base = chk_unparen(base->u.operation.x);
    }
    Type *t = NULL;
    if (base && base->kind == SYN_INDEX) {
      /* receiver type parameters */
      Operand x = {0};
      chk_expr_or_type(ck, &x, base->u.index.x, true);
      Type *g = x.mode == TV_TYPE ? x.type : NULL;
      uint32_t nargs = chk_list_len(base->u.index.index);
      if (g && g->kind == TY_NAMED && g->u.named.ntparams) {
        if (nargs != g->u.named.ntparams) {
          chk_errorf(ck, base->pos, "got %u type parameters, but receiver base type declares %u", nargs,
                     g->u.named.ntparams);
          t = invalid(ck);
        } else {
          Object **rtps = types_alloc(ck->ctx, nargs * sizeof *rtps);
          Type **targs = types_alloc(ck->ctx, nargs * sizeof *targs);
          for (uint32_t i = 0; i < nargs; i++) {
            SynNode *a = chk_list_at(base->u.index.index, i);
            const char *nm = a && a->kind == SYN_NAME ? chk_name(ck, a) : "_";
            if (!a || a->kind != SYN_NAME)
              chk_errorf(ck, chk_pos(a), "receiver type parameter %s must be an identifier",
                         chk_expr_string(ck, a));
            Object *o = types_new_object(ck->ctx, OBJ_TYPENAME, ck->pkg, nm, NULL);
            o->pos = chk_pos(a);
            o->file = ck->file;
            types_new_typeparam(ck->ctx, o, i, NULL);
            rtps[i] = o;
            targs[i] = o->type;
            if (a && a->kind == SYN_NAME) chk_declare(ck, scope, a, o);
          }
          /* bounds: the generic type's constraints, substituted */
          for (uint32_t i = 0; i < nargs; i++) {
            Type *b = g->u.named.tparams[i]->type->u.tparam.constraint;
            rtps[i]->type->u.tparam.constraint =
                chk_subst(ck, b, g->u.named.tparams, targs, g->u.named.ntparams);
          }
          sig->u.sig.rtparams = rtps;
          sig->u.sig.nrtparams = nargs;
          t = chk_instantiate(ck, base->pos, g, targs, nargs, false);
        }
      } else if (g) {
        chk_errorf(ck, base->pos, "%s is not a generic type", chk_type_string(ck, g));
        t = invalid(ck);
      } else {
        t = invalid(ck);
      }
    } else {
      t = chk_varType(ck, base);
      if (t && t->kind == TY_NAMED && t->u.named.ntparams && !t->u.named.orig) {
        chk_errorf(ck, base->pos, "cannot use generic type %s without instantiation", chk_type_string(ck, t));
        t = invalid(ck);
      }
    }
    Type *recv_t = t;
    if (!is_invalid(t)) {
      /* valid receiver base: a defined type of this package, not a pointer or interface */
      bool ok = true;
      if (t->kind != TY_NAMED) {
        if (t->kind == TY_BASIC)
          chk_errorf(ck, base->pos, "cannot define new methods on non-local type %s", chk_type_string(ck, t));
        else
          chk_errorf(ck, base->pos, "invalid receiver type %s", chk_type_string(ck, t));
        ok = false;
      } else {
        Type *o = t->u.named.orig ? t->u.named.orig : t;
        if (o->u.named.obj->pkg != ck->pkg) {
          chk_errorf(ck, base->pos, "cannot define new methods on non-local type %s", chk_type_string(ck, t));
          ok = false;
        } else {
          Type *u = types_underlying(t);
          if (u && u->kind == TY_POINTER) {
            chk_errorf(ck, base->pos, "invalid receiver type %s (pointer or interface type)",
                       chk_type_string(ck, t));
            ok = false;
          } else if (u && u->kind == TY_INTERFACE) {
            chk_errorf(ck, base->pos, "invalid receiver type %s (pointer or interface type)",
                       chk_type_string(ck, t));
            ok = false;
          }
        }
      }
      if (!ok)
        recv_t = invalid(ck);
      else if (ptr)
        recv_t = types_new_pointer(ck->ctx, t);
    }
    const char *rname = recv->u.field.name ? chk_name(ck, recv->u.field.name) : "";
    Object *rv = types_new_object(ck->ctx, OBJ_VAR, ck->pkg, rname, recv_t);
    rv->pos = recv->u.field.name ? recv->u.field.name->pos : recv->pos;
    rv->file = ck->file;
    rv->is_param = true;
    rv->used = true;
    if (recv->u.field.name) chk_declare(ck, scope, recv->u.field.name, rv);
    sig->u.sig.recv = rv;
  }
  bool variadic = false;
  /* all parameter and result types are resolved before any of their
   * names is declared (func f(int b) int: the result int is the type) */
  sig->u.sig.params = collect_params(ck, NULL, &ftype->u.func_type.params, true, &variadic, false);
  sig->u.sig.results = collect_params(ck, NULL, &ftype->u.func_type.results, false, NULL, true);
  SynList *lists[2] = {&ftype->u.func_type.params, &ftype->u.func_type.results};
  Type *tuples[2] = {sig->u.sig.params, sig->u.sig.results};
  for (int k = 0; k < 2; k++)
    for (uint32_t i = 0; i < lists[k]->len; i++) {
      SynNode *nm = lists[k]->items[i]->u.field.name;
      if (nm) chk_declare(ck, scope, nm, tuples[k]->u.tuple.vars[i]);
    }
  sig->u.sig.variadic = variadic;
  ck->fc.scope = save;
  if (scope_out) *scope_out = scope;
  (void)fn;
  chk_record_type(ck, ftype, TV_TYPE, sig, NULL);
  return sig;
}

/* ---- instantiation and substitution ------------------------------------------------ */

typedef struct Subst {
  Checker *ck;
  Object **tparams;
  Type **targs;
  uint32_t n;
  int depth;
} Subst;

static Type *subst(Subst *s, Type *t);

static Type *subst_tuple(Subst *s, Type *t) {
  if (!t) return t;
  Object **vars = NULL;
  for (uint32_t i = 0; i < t->u.tuple.len; i++) {
    Object *v = t->u.tuple.vars[i];
    Type *nt = subst(s, v->type);
    if (nt != v->type && !vars) {
      vars = types_alloc(s->ck->ctx, t->u.tuple.len * sizeof *vars);
      memcpy(vars, t->u.tuple.vars, t->u.tuple.len * sizeof *vars);
    }
    if (vars && nt != v->type) {
      Object *nv = types_alloc(s->ck->ctx, sizeof *nv);
      *nv = *v;
      nv->type = nt;
      vars[i] = nv;
    }
  }
  return vars ? types_new_tuple(s->ck->ctx, vars, t->u.tuple.len) : t;
}

static Type *subst(Subst *s, Type *t) {
  if (!t || s->depth > 50) return t;
  s->depth++;
  Type *r = t;
  TypesCtx *c = s->ck->ctx;
  switch (t->kind) {
  case TY_TYPEPARAM:
    for (uint32_t i = 0; i < s->n; i++)
      if (s->tparams[i] && s->tparams[i]->type == t) {
        r = s->targs[i] ? s->targs[i] : t;
        break;
      }
    break;
  case TY_POINTER: {
    Type *e = subst(s, t->u.pointer.elem);
    if (e != t->u.pointer.elem) r = types_new_pointer(c, e);
    break;
  }
  case TY_SLICE: {
    Type *e = subst(s, t->u.slice.elem);
    if (e != t->u.slice.elem) r = types_new_slice(c, e);
    break;
  }
  case TY_ARRAY: {
    Type *e = subst(s, t->u.array.elem);
    if (e != t->u.array.elem) r = types_new_array(c, e, t->u.array.len);
    break;
  }
  case TY_MAP: {
    Type *k = subst(s, t->u.map.key), *e = subst(s, t->u.map.elem);
    if (k != t->u.map.key || e != t->u.map.elem) r = types_new_map(c, k, e);
    break;
  }
  case TY_CHAN: {
    Type *e = subst(s, t->u.chan.elem);
    if (e != t->u.chan.elem) r = types_new_chan(c, e, (ChanDir)t->u.chan.dir);
    break;
  }
  case TY_TUPLE:
    r = subst_tuple(s, t);
    break;
  case TY_SIGNATURE: {
    Type *p = subst_tuple(s, t->u.sig.params), *q = subst_tuple(s, t->u.sig.results);
    if (p != t->u.sig.params || q != t->u.sig.results) {
      r = types_new_signature(c, t->u.sig.recv, p, q, t->u.sig.variadic);
      r->u.sig.tparams = t->u.sig.tparams;
      r->u.sig.ntparams = t->u.sig.ntparams;
    }
    break;
  }
  case TY_STRUCT: {
    Object **fs = NULL;
    uint32_t n = t->u.strukt.nfields;
    for (uint32_t i = 0; i < n; i++) {
      Object *f = t->u.strukt.fields[i];
      Type *nt = subst(s, f->type);
      if (nt != f->type) {
        if (!fs) {
          fs = types_alloc(c, n * sizeof *fs);
          memcpy(fs, t->u.strukt.fields, n * sizeof *fs);
        }
        Object *nf = types_alloc(c, sizeof *nf);
        *nf = *f;
        nf->type = nt;
        fs[i] = nf;
      }
    }
    if (fs) r = types_new_struct(c, fs, t->u.strukt.tags, n);
    break;
  }
  case TY_INTERFACE: {
    bool changed = false;
    Object **ms = types_alloc(c, (t->u.iface.nmethods + 1) * sizeof *ms);
    for (uint32_t i = 0; i < t->u.iface.nmethods; i++) {
      Object *m = t->u.iface.methods[i];
      Type *nt = subst(s, m->type);
      ms[i] = m;
      if (nt != m->type) {
        Object *nm = types_alloc(c, sizeof *nm);
        *nm = *m;
        nm->type = nt;
        ms[i] = nm;
        changed = true;
      }
    }
    Type **es = types_alloc(c, (t->u.iface.nembeddeds + 1) * sizeof *es);
    for (uint32_t i = 0; i < t->u.iface.nembeddeds; i++) {
      es[i] = subst(s, t->u.iface.embeddeds[i]);
      if (es[i] != t->u.iface.embeddeds[i]) changed = true;
    }
    if (changed) {
      r = types_new_interface(c, ms, t->u.iface.nmethods, es, t->u.iface.nembeddeds);
      r->u.iface.implicit = t->u.iface.implicit;
    }
    break;
  }
  case TY_UNION: {
    bool changed = false;
    Term *ts = types_alloc(c, t->u.uni.nterms * sizeof *ts);
    for (uint32_t i = 0; i < t->u.uni.nterms; i++) {
      ts[i] = t->u.uni.terms[i];
      ts[i].type = subst(s, ts[i].type);
      if (ts[i].type != t->u.uni.terms[i].type) changed = true;
    }
    if (changed) {
      r = types_alloc(c, sizeof *r);
      r->kind = TY_UNION;
      r->u.uni.terms = ts;
      r->u.uni.nterms = t->u.uni.nterms;
    }
    break;
  }
  case TY_NAMED:
    if (t->u.named.orig && t->u.named.ntargs) {
      bool changed = false;
      Type **na = types_alloc(c, t->u.named.ntargs * sizeof *na);
      for (uint32_t i = 0; i < t->u.named.ntargs; i++) {
        na[i] = subst(s, t->u.named.targs[i]);
        if (na[i] != t->u.named.targs[i]) changed = true;
      }
      if (changed)
        r = chk_instantiate(s->ck, (SynPos){0, 0, 0, 0}, t->u.named.orig, na, t->u.named.ntargs, false);
    }
    break;
  default:
    break;
  }
  s->depth--;
  return r;
}

Type *chk_subst(Checker *ck, Type *t, Object **tparams, Type **targs, uint32_t n) {
  Subst s = {ck, tparams, targs, n, 0};
  return subst(&s, t);
}

Type *types_subst(TypesCtx *c, Type *t, Object **tparams, Type **targs, uint32_t n) {
  Checker ck;
  memset(&ck, 0, sizeof ck);
  ck.ctx = c;
  return chk_subst(&ck, t, tparams, targs, n);
}

void chk_expand_named(Checker *ck, Type *t) {
  if (!t || t->kind != TY_NAMED || !t->u.named.orig || t->u.named.expanded) return;
  Type *orig = t->u.named.orig;
  if (!orig->u.named.underlying) return; /* still being declared: expand later */
  /* an interface whose methods are still being collected: a copy now
   * would miss them (type point[T any] interface{...} used in a
   * constraint before its declaration is reached) */
  if (orig->u.named.underlying->kind == TY_INTERFACE && orig->u.named.underlying->u.iface.building) return;
  t->u.named.expanded = true;
  Type *u = orig->u.named.underlying;
  t->u.named.underlying = chk_subst(ck, u, orig->u.named.tparams, t->u.named.targs, t->u.named.ntargs);
  if (t->u.named.underlying && t->u.named.underlying->kind == TY_INTERFACE)
    types_typeset(ck->ctx, t->u.named.underlying);
}

Type *chk_instantiate(Checker *ck, SynPos pos, Type *g, Type **targs, uint32_t n, bool verify) {
  if (!g || g->kind != TY_NAMED) return invalid(ck);
  for (Type *i = g->u.named.instances; i; i = i->u.named.next_inst) {
    bool same = i->u.named.ntargs == n;
    for (uint32_t k = 0; same && k < n; k++)
      same = types_identical(i->u.named.targs[k], targs[k]);
    if (same) {
      chk_expand_named(ck, i);
      return i;
    }
  }
  Type *t = types_new_named(ck->ctx, NULL, NULL);
  t->u.named.obj = g->u.named.obj;
  t->u.named.orig = g;
  t->u.named.targs = types_alloc(ck->ctx, (n ? n : 1) * sizeof *targs);
  memcpy(t->u.named.targs, targs, n * sizeof *targs);
  t->u.named.ntargs = n;
  t->u.named.next_inst = g->u.named.instances;
  g->u.named.instances = t;
  chk_expand_named(ck, t);
  if (verify) {
    for (uint32_t i = 0; i < n && i < g->u.named.ntparams; i++) {
      Type *tp = g->u.named.tparams[i]->type;
      Type *bound = chk_subst(ck, tp->u.tparam.constraint, g->u.named.tparams, targs, n);
      if (!chk_satisfies(ck, pos, targs[i], tp, bound, true)) break;
    }
  }
  return t;
}

Type *chk_instantiate_sig(Checker *ck, Type *sig, Type **targs, uint32_t n) {
  Type *r = chk_subst(ck, sig, sig->u.sig.tparams, targs, n);
  if (r == sig) {
    r = types_new_signature(ck->ctx, sig->u.sig.recv, sig->u.sig.params, sig->u.sig.results,
                            sig->u.sig.variadic);
  }
  r->u.sig.tparams = NULL;
  r->u.sig.ntparams = 0;
  return r;
}

bool chk_satisfies(Checker *ck, SynPos pos, Type *t, Type *tp, Type *constraint, bool report) {
  Type *iu = types_underlying(constraint);
  if (!iu || iu->kind != TY_INTERFACE || is_invalid(t)) return true;
  TypeSet *s = types_typeset(ck->ctx, iu);
  const char *ts = chk_type_string(ck, t);
  const char *cs = chk_type_string(ck, constraint);
  if (!s->all_types) {
    bool ok = false;
    if (t->kind == TY_TYPEPARAM) {
      TypeSet *ts2 = types_typeset(ck->ctx, t->u.tparam.constraint);
      ok = !ts2->all_types;
      for (uint32_t i = 0; ok && i < ts2->nterms; i++)
        if (!types_typeset_includes(s, ts2->terms[i].type)) ok = false;
    } else {
      ok = types_typeset_includes(s, t);
    }
    if (!ok) {
      if (report) {
        if (types_typeset_is_empty(s)) {
          chk_errorf(ck, pos, "cannot satisfy %s (empty type set)", cs);
        } else {
          char *terms = "";
          for (uint32_t i = 0; i < s->nterms; i++)
            terms = chk_sprintf(ck, "%s%s%s%s", terms, i ? " | " : "", s->terms[i].tilde ? "~" : "",
                                chk_type_string(ck, s->terms[i].type));
          chk_errorf(ck, pos, "%s does not implement %s (%s missing in %s)", ts, cs, ts, terms);
        }
      }
      return false;
    }
  }
  if (s->comparable && !types_comparable(t)) {
    if (report) chk_errorf(ck, pos, "%s does not implement comparable", ts);
    return false;
  }
  Object *m = NULL;
  bool wrong = false, ptr = false;
  if (s->nmethods && !types_missing_method(ck->ctx, t, iu, &m, &wrong, &ptr)) {
    if (report)
      chk_errorf(ck, pos, "%s does not implement %s %s", ts, cs,
                 types_missing_reason(ck->ctx, t, iu, ck->pkg));
    (void)wrong, (void)ptr, (void)m;
    return false;
  }
  (void)tp;
  return true;
}

static Type *instantiated_type(Checker *ck, SynNode *e, Type *def) {
  Operand x = {0};
  chk_expr_or_type(ck, &x, e->u.index.x, true);
  if (x.mode == TV_INVALID) return invalid(ck);
  if (x.mode != TV_TYPE) {
    chk_errorf(ck, e->u.index.x->pos, "%s is not a type", chk_expr_string(ck, e->u.index.x));
    return invalid(ck);
  }
  Type *g = x.type;
  if (!g || g->kind != TY_NAMED || !g->u.named.ntparams || g->u.named.orig) {
    chk_errorf(ck, e->u.index.x->pos, "%s is not a generic type", chk_type_string(ck, g));
    return invalid(ck);
  }
  uint32_t n = chk_list_len(e->u.index.index);
  Type **targs = types_alloc(ck->ctx, (n ? n : 1) * sizeof *targs);
  for (uint32_t i = 0; i < n; i++) {
    targs[i] = chk_varType(ck, chk_list_at(e->u.index.index, i));
    if (is_invalid(targs[i])) return invalid(ck);
  }
  if (n != g->u.named.ntparams) {
    chk_errorf(ck, e->pos, "got %u arguments but %u type parameters", n, g->u.named.ntparams);
    return invalid(ck);
  }
  Type *t = chk_instantiate(ck, e->pos, g, targs, n, true);
  (void)def;
  chk_record_type(ck, e, TV_TYPE, t, NULL);
  return t;
}

/* ---- valid types ----------------------------------------------------------------------- */

static bool contains(Checker *ck, Type *t, Type *target, int depth) {
  if (!t || depth > 100) return false;
  if (t == target) return true;
  switch (t->kind) {
  case TY_NAMED: {
    Type *u = t->u.named.underlying;
    if (t->u.named.orig) {
      if (t->u.named.orig == target) return true;
      chk_expand_named(ck, t);
      u = t->u.named.underlying;
    }
    return contains(ck, u, target, depth + 1);
  }
  case TY_ARRAY:
    return contains(ck, t->u.array.elem, target, depth + 1);
  case TY_STRUCT:
    for (uint32_t i = 0; i < t->u.strukt.nfields; i++)
      if (contains(ck, t->u.strukt.fields[i]->type, target, depth + 1)) return true;
    return false;
  default:
    return false;
  }
}

void chk_valid_type(Checker *ck, Type *t, Object *start) {
  Type *u = t->u.named.underlying;
  if (contains(ck, u, t, 0)) {
    const SynFile *save = ck->file;
    ck->file = start->file;
    chk_errorf(ck, start->pos, "invalid recursive type %s", start->name);
    ck->file = save;
    t->u.named.underlying = invalid(ck);
  }
}
