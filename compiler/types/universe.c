/*
 * universe.c: the universe scope (predeclared types, constants, nil,
 * builtin functions) and package unsafe, created once per TypesCtx.
 *
 * `byte` and `rune` are aliases: they are distinct Type values with the
 * basic kinds UINT8/INT32 and the names "byte"/"rune" (so messages say
 * byte where the source said byte), and identity treats basic types by
 * kind, so byte and uint8 are identical. `any` is an alias of interface{}.
 * `error` is a named type with one method Error() string.
 * `comparable` is a named interface whose type set is the comparable types.
 */
#include <string.h>

#include "compiler/types/internal.h"

static const struct {
  BasicKind kind;
  uint32_t info;
  const char *name;
} basic_info[] = {
    {INVALID, 0, "invalid type"},
    {BOOL, BI_BOOLEAN, "bool"},
    {INT, BI_INTEGER, "int"},
    {INT8, BI_INTEGER, "int8"},
    {INT16, BI_INTEGER, "int16"},
    {INT32, BI_INTEGER, "int32"},
    {INT64, BI_INTEGER, "int64"},
    {UINT, BI_INTEGER | BI_UNSIGNED, "uint"},
    {UINT8, BI_INTEGER | BI_UNSIGNED, "uint8"},
    {UINT16, BI_INTEGER | BI_UNSIGNED, "uint16"},
    {UINT32, BI_INTEGER | BI_UNSIGNED, "uint32"},
    {UINT64, BI_INTEGER | BI_UNSIGNED, "uint64"},
    {UINTPTR, BI_INTEGER | BI_UNSIGNED, "uintptr"},
    {FLOAT32, BI_FLOAT, "float32"},
    {FLOAT64, BI_FLOAT, "float64"},
    {COMPLEX64, BI_COMPLEX, "complex64"},
    {COMPLEX128, BI_COMPLEX, "complex128"},
    {STRING, BI_STRING, "string"},
    {UNSAFE_POINTER, 0, "Pointer"},
    {UNTYPED_BOOL, BI_BOOLEAN | BI_UNTYPED, "untyped bool"},
    {UNTYPED_INT, BI_INTEGER | BI_UNTYPED, "untyped int"},
    {UNTYPED_RUNE, BI_INTEGER | BI_UNTYPED, "untyped rune"},
    {UNTYPED_FLOAT, BI_FLOAT | BI_UNTYPED, "untyped float"},
    {UNTYPED_COMPLEX, BI_COMPLEX | BI_UNTYPED, "untyped complex"},
    {UNTYPED_STRING, BI_STRING | BI_UNTYPED, "untyped string"},
    {UNTYPED_NIL, BI_UNTYPED, "untyped nil"},
};

static Type *mk_basic(TypesCtx *c, BasicKind k, const char *name) {
  Type *t = types_alloc(c, sizeof *t);
  t->kind = TY_BASIC;
  t->basic = (uint8_t)k;
  t->u.basic.info = basic_info[k].info;
  t->u.basic.name = name;
  return t;
}

static void def(TypesCtx *c, Object *o) {
  types_scope_insert(c, c->universe, o);
}

static void def_builtin(TypesCtx *c, Scope *s, const char *name, BuiltinId id, TypesPackage *pkg) {
  Object *o = types_new_object(c, OBJ_BUILTIN, pkg, name, types_basic(c, INVALID));
  o->builtin = (uint8_t)id;
  types_scope_insert(c, s, o);
}

static void build_universe(TypesCtx *c) {
  c->universe = types_scope_new(c, NULL);
  for (int k = 0; k < BASIC_COUNT; k++)
    c->basics[k] = mk_basic(c, (BasicKind)k, basic_info[k].name);
  c->byte_alias = mk_basic(c, UINT8, "byte");
  c->rune_alias = mk_basic(c, INT32, "rune");
  for (int k = BOOL; k <= STRING; k++)
    def(c, types_new_object(c, OBJ_TYPENAME, NULL, basic_info[k].name, c->basics[k]));
  def(c, types_new_object(c, OBJ_TYPENAME, NULL, "byte", c->byte_alias));
  def(c, types_new_object(c, OBJ_TYPENAME, NULL, "rune", c->rune_alias));

  /* any = interface{} */
  c->any_type = types_new_interface(c, NULL, 0, NULL, 0);
  Object *any = types_new_object(c, OBJ_TYPENAME, NULL, "any", c->any_type);
  any->is_alias = true;
  def(c, any);

  /* type error interface { Error() string } */
  Object *eobj = types_new_object(c, OBJ_TYPENAME, NULL, "error", NULL);
  Type *et = types_new_named(c, eobj, NULL);
  Object *res = types_new_object(c, OBJ_VAR, NULL, "", c->basics[STRING]);
  Object **rv = types_alloc(c, sizeof *rv);
  rv[0] = res;
  Object *recv = types_new_object(c, OBJ_VAR, NULL, "", et);
  Type *sig = types_new_signature(c, recv, types_new_tuple(c, NULL, 0), types_new_tuple(c, rv, 1), false);
  Object *m = types_new_object(c, OBJ_FUNC, NULL, "Error", sig);
  Object **ms = types_alloc(c, sizeof *ms);
  ms[0] = m;
  et->u.named.underlying = types_new_interface(c, ms, 1, NULL, 0);
  c->error_type = et;
  def(c, eobj);

  /* type comparable interface{ comparable } */
  Object *cobj = types_new_object(c, OBJ_TYPENAME, NULL, "comparable", NULL);
  Type *ct = types_new_named(c, cobj, NULL);
  Type *ci = types_new_interface(c, NULL, 0, NULL, 0);
  ci->u.iface.is_comparable_builtin = true;
  ct->u.named.underlying = ci;
  c->comparable_type = ct;
  def(c, cobj);

  Object *t = types_new_object(c, OBJ_CONST, NULL, "true", c->basics[UNTYPED_BOOL]);
  t->val = const_bool(c, true);
  def(c, t);
  Object *f = types_new_object(c, OBJ_CONST, NULL, "false", c->basics[UNTYPED_BOOL]);
  f->val = const_bool(c, false);
  def(c, f);
  Object *iota = types_new_object(c, OBJ_CONST, NULL, "iota", c->basics[UNTYPED_INT]);
  iota->val = const_int64(c, 0);
  def(c, iota);
  def(c, types_new_object(c, OBJ_NIL, NULL, "nil", c->basics[UNTYPED_NIL]));

  static const struct {
    const char *name;
    BuiltinId id;
  } bs[] = {{"append", BUILTIN_APPEND},   {"cap", BUILTIN_CAP},     {"close", BUILTIN_CLOSE},
            {"complex", BUILTIN_COMPLEX}, {"copy", BUILTIN_COPY},   {"delete", BUILTIN_DELETE},
            {"imag", BUILTIN_IMAG},       {"len", BUILTIN_LEN},     {"make", BUILTIN_MAKE},
            {"new", BUILTIN_NEW},         {"panic", BUILTIN_PANIC}, {"print", BUILTIN_PRINT},
            {"println", BUILTIN_PRINTLN}, {"real", BUILTIN_REAL},   {"recover", BUILTIN_RECOVER}};
  for (size_t i = 0; i < sizeof bs / sizeof bs[0]; i++)
    def_builtin(c, c->universe, bs[i].name, bs[i].id, NULL);

  /* package unsafe */
  TypesPackage *u = types_alloc(c, sizeof *u);
  u->path = "unsafe";
  u->name = "unsafe";
  u->scope = types_scope_new(c, c->universe);
  u->complete = true;
  Object *ptr = types_new_object(c, OBJ_TYPENAME, u, "Pointer", c->basics[UNSAFE_POINTER]);
  types_scope_insert(c, u->scope, ptr);
  def_builtin(c, u->scope, "Add", BUILTIN_UNSAFE_ADD, u);
  def_builtin(c, u->scope, "Alignof", BUILTIN_UNSAFE_ALIGNOF, u);
  def_builtin(c, u->scope, "Offsetof", BUILTIN_UNSAFE_OFFSETOF, u);
  def_builtin(c, u->scope, "Sizeof", BUILTIN_UNSAFE_SIZEOF, u);
  def_builtin(c, u->scope, "Slice", BUILTIN_UNSAFE_SLICE, u);
  c->unsafe_pkg = u;
}

Scope *types_universe(TypesCtx *c) {
  if (!c->universe) build_universe(c);
  return c->universe;
}

Type *types_basic(TypesCtx *c, BasicKind k) {
  types_universe(c);
  return c->basics[k];
}

TypesPackage *types_unsafe_package(TypesCtx *c) {
  types_universe(c);
  return c->unsafe_pkg;
}

Type *types_universe_error(TypesCtx *c) {
  types_universe(c);
  return c->error_type;
}

Type *types_universe_comparable(TypesCtx *c) {
  types_universe(c);
  return c->comparable_type;
}

Type *types_universe_any(TypesCtx *c) {
  types_universe(c);
  return c->any_type;
}
