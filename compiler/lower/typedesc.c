/*
 * typedesc.c: gc 1.19-layout type descriptors, itabs and type algorithms.
 *
 * What is emitted (abi.h [types], [map], [iface]; the API is typedesc.h)
 * ----------------------------------------------------------------------
 * For a Go type T, one global `type.LINK(T)` (gc's symbol: LINK is gc's
 * LinkString, package-path qualified: type.main.T, type.*main.T,
 * type.[]int, type.struct { main.x int }) holding, in this order and at the
 * offsets the runtime computes with sizeof:
 *     rog_type | kind-specific tail (rog_ptrtype, rog_structtype, ...)
 *     [rog_uncommon]                      if named or has methods
 *     [extra data]                        struct fields, imethods, func params
 *     [rog_method x mcount]               sorted like gc (exported first)
 * Everything a descriptor points into (its own field/imethod arrays) lives in
 * the same global, because abi.h's relative offsets
 * `trunc(sub(ptrtoint target, ptrtoint self))` are only expressible as an
 * ELF relocation when `self` is the global holding the field (PC-relative
 * with an addend). Names (runtime.name: flag byte, varint length, bytes,
 * [varint tag length, tag], [4-byte pkgPath nameOff relative to the name])
 * are separate globals `type..namedata.*` / `type..importpath.PATH.`.
 * Bitmaps are `runtime.gcbits.HEX`, equality/hash code `type..eq.LINK` /
 * `type..hash.LINK` with closures `type..eqfunc.LINK` / `type..hashfunc.LINK`
 * (and `type..eqfuncN` / `type..hashfuncN` for plain memory of N bytes:
 * two-word closures {rog_memequal_varlen, N}), itabs `go.itab.C,I` (in
 * section "rog_itabs", see typedesc_itab).
 *
 * Uniqueness. Each of those globals is linkonce_odr in a comdat of its own
 * name, so the linker keeps one per program and descriptor pointers can be
 * compared for type identity. Descriptors and names go to section
 * "rog_types" (the runtime tells static descriptors from reflect's by that
 * section's bounds). They are *not* marked constant: names carry no
 * relocations and descriptors do, so constant globals would ask for
 * read-only and relro flags on one section name, which LLVM rejects.
 *
 * Caching. The checker does not intern composite types, so the cache key is
 * the symbol name itself, looked up in the module's symbol table
 * (LLVMGetNamedGlobal): no side table can disagree with the module.
 * Recursive types (type T struct{ next *T }) work through a placeholder: the
 * symbol is first created as an `i8` declaration, the initializer is built
 * (recursive requests return the placeholder), then the real global is
 * created and the placeholder RAUW'd into it and deleted.
 *
 * Layout. Each descriptor is a *packed* LLVM struct assembled field by field
 * (Blob) with explicit padding, so the byte offsets are exactly the C
 * structs' of abi.h (checked by the tests through the runtime's own
 * accessors), independent of the module's data layout.
 *
 * Algorithms follow gc's AlgType: plain memory (AMEM: no floats, strings,
 * interfaces, blank fields or padding) uses rog_memequal*_closure /
 * rog_memhash*_closure by size; floats, complex, strings, interfaces use
 * the runtime's; other comparable structs/arrays get generated functions
 * that compare field by field (short-circuit, cheap fields first) and hash
 * field by field exactly like rog_typehash walks a descriptor, so both
 * give the same hash for a value. A struct with one non-blank field, and an
 * array of one element, behave as that element (as gc).
 *
 * Rejected: emitting descriptors as one table per package with indices
 * (smaller, but reflect and the runtime want gc's pointers and offsets);
 * hash-consing checker types to key the cache (the checker deliberately does
 * not intern, see types.h; the link string is gc's identity key anyway).
 *
 * TODO(typedesc): GC programs for huge pointerful arrays (a plain bitmap is
 * always emitted; correct but large); methods of generic instances (their
 * method sets go through the checker's instantiation hook; descriptors of
 * instances without methods match gc's, see typedesc_test);
 * struct tags with non-ASCII bytes are quoted byte-wise, not as strconv.Quote.
 */
#include "compiler/lower/typedesc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Comdat.h>

#include "rog/abi.h"

/* ---------------------------------------------------------------- buffers */

typedef struct Buf {
  char *p;
  size_t n, cap;
} Buf;

static void buf_grow(Buf *b, size_t k) {
  if (b->n + k + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->n + k + 1)
    cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    fputs("rog: out of memory\n", stderr);
    abort();
  }
  b->p = p;
  b->cap = cap;
}

static void buf_put(Buf *b, const char *s, size_t k) {
  buf_grow(b, k);
  memcpy(b->p + b->n, s, k);
  b->n += k;
  b->p[b->n] = 0;
}

static void buf_str(Buf *b, const char *s) {
  buf_put(b, s, strlen(s));
}

static void buf_ch(Buf *b, char c) {
  buf_put(b, &c, 1);
}

static void buf_fmt(Buf *b, const char *fmt, ...) {
  char tmp[64];
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  buf_put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* ---------------------------------------------------------------- emitter */

typedef struct LocalId {
  Object *obj;
  int id;
} LocalId;

/* Synthesized map bucket types: the bucket Type and its map type. */
typedef struct Bucket {
  Type *bucket, *map;
} Bucket;

struct TypeDescEmitter {
  LLVMModuleRef m;
  LLVMContextRef ctx;
  TypesCtx *tc;
  TypesPackage *pkg;
  LLVMTypeRef i1, i8, i16, i32, i64, ptr;
  typedesc_method_fn resolver;
  void *resolver_ctx;
  LocalId *locals; /* function-local named types -> ·N */
  int nlocals, cap_locals;
  Bucket *buckets;
  int nbuckets, cap_buckets;
  bool nointerface; /* typedesc_set_nointerface */
};

TypeDescEmitter *typedesc_new(LLVMModuleRef m, TypesCtx *tc, TypesPackage *pkg) {
  TypeDescEmitter *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->m = m;
  e->ctx = LLVMGetModuleContext(m);
  e->tc = tc;
  e->pkg = pkg;
  e->i1 = LLVMInt1TypeInContext(e->ctx);
  e->i8 = LLVMInt8TypeInContext(e->ctx);
  e->i16 = LLVMInt16TypeInContext(e->ctx);
  e->i32 = LLVMInt32TypeInContext(e->ctx);
  e->i64 = LLVMInt64TypeInContext(e->ctx);
  e->ptr = LLVMPointerTypeInContext(e->ctx, 0);
  return e;
}

/* Adds v[0..n) to the module's @llvm.compiler.used (appending linkage; the
 * list keeps globals nothing references through rog's passes), merging
 * with a list already there: the lowering puts its naked-jump thunks into
 * it too, and a second global of that name would be renamed and ignored. */
void typedesc_add_compiler_used(LLVMModuleRef m, LLVMValueRef *v, size_t n) {
  if (n == 0) return;
  LLVMTypeRef ptr = LLVMPointerTypeInContext(LLVMGetModuleContext(m), 0);
  LLVMValueRef old = LLVMGetNamedGlobal(m, "llvm.compiler.used");
  size_t nold = 0;
  LLVMValueRef init = old ? LLVMGetInitializer(old) : NULL;
  if (init) nold = (size_t)LLVMGetNumOperands(init);
  LLVMValueRef *all = malloc((nold + n) * sizeof *all);
  if (!all) abort();
  for (size_t i = 0; i < nold; i++)
    all[i] = LLVMGetOperand(init, (unsigned)i);
  memcpy(all + nold, v, n * sizeof *v);
  if (old) LLVMDeleteGlobal(old);
  LLVMValueRef used = LLVMAddGlobal(m, LLVMArrayType2(ptr, nold + n), "llvm.compiler.used");
  LLVMSetLinkage(used, LLVMAppendingLinkage);
  LLVMSetSection(used, "llvm.metadata");
  LLVMSetInitializer(used, LLVMConstArray2(ptr, all, nold + n));
  free(all);
}

/* Nothing references the typelinks entries (the runtime reads their
 * section), so they go into @llvm.compiler.used, which keeps them through
 * rog's passes (global DCE drops unreferenced linkonce globals). The
 * module itself is the list: every global in section rog_typelinks. */
void typedesc_finish(TypeDescEmitter *e) {
  size_t n = 0, cap = 64;
  LLVMValueRef *v = malloc(cap * sizeof *v);
  if (!v) abort();
  for (LLVMValueRef g = LLVMGetFirstGlobal(e->m); g; g = LLVMGetNextGlobal(g)) {
    const char *sec = LLVMGetSection(g);
    if (!sec || strcmp(sec, "rog_typelinks") != 0) continue;
    if (n == cap) {
      cap *= 2;
      v = realloc(v, cap * sizeof *v);
      if (!v) abort();
    }
    v[n++] = g;
  }
  typedesc_add_compiler_used(e->m, v, n);
  free(v);
}

void typedesc_free(TypeDescEmitter *e) {
  if (!e) return;
  free(e->locals);
  free(e->buckets);
  free(e);
}

void typedesc_set_method_resolver(TypeDescEmitter *e, typedesc_method_fn fn, void *ctx) {
  e->resolver = fn;
  e->resolver_ctx = ctx;
}

void typedesc_set_nointerface(TypeDescEmitter *e, bool on) {
  e->nointerface = on;
}

/* ------------------------------------------------------------ type basics */

/* Untyped constants' default types; NULL for untyped nil and non-types. */
static Type *concrete(TypeDescEmitter *e, Type *t) {
  if (!t) return NULL;
  if (t->kind == TY_BASIC && (types_is_untyped(t) || t->basic == INVALID)) {
    if (t->basic == UNTYPED_NIL || t->basic == INVALID) return NULL;
    return types_default(e->tc, t);
  }
  if (t->kind == TY_TUPLE || t->kind == TY_TYPEPARAM || t->kind == TY_UNION) return NULL;
  return t;
}

static Type *under(Type *t) {
  return types_underlying(t);
}

static bool is_named(Type *t) {
  return t->kind == TY_NAMED || t->kind == TY_BASIC;
}

static int64_t tsize(Type *t) {
  int64_t s = types_sizeof(t);
  return s < 0 ? 0 : s;
}

static bool name_exported(const char *n) {
  /* Go: starts with an upper-case letter (ASCII fast path; non-ASCII
   * letters: the checker's predicate). */
  unsigned char c = (unsigned char)n[0];
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  Object tmp = {0};
  tmp.name = n;
  return types_obj_exported(&tmp);
}

static bool is_blank(Object *f) {
  return f->name && strcmp(f->name, "_") == 0;
}

/* The package a type's methods and unexported names belong to (gc's
 * typePkg): the named type's, or its element's for unnamed
 * pointer/slice/array/chan; NULL for universe types. */
static TypesPackage *type_pkg(Type *t) {
  if (t->kind != TY_NAMED) {
    switch (t->kind) {
    case TY_POINTER:
      t = t->u.pointer.elem;
      break;
    case TY_SLICE:
      t = t->u.slice.elem;
      break;
    case TY_ARRAY:
      t = t->u.array.elem;
      break;
    case TY_CHAN:
      t = t->u.chan.elem;
      break;
    default:
      return NULL;
    }
    if (!t || t->kind != TY_NAMED) return NULL;
  }
  return t->u.named.obj ? t->u.named.obj->pkg : NULL;
}

/* gc's Sym.Less: exported names first, then by name, then by package path. */
static int method_cmp(const void *pa, const void *pb) {
  Object *a = *(Object *const *)pa, *b = *(Object *const *)pb;
  bool ea = name_exported(a->name), eb = name_exported(b->name);
  if (ea != eb) return ea ? -1 : 1;
  int c = strcmp(a->name, b->name);
  if (c || ea) return c;
  const char *pa_ = a->pkg && a->pkg->path ? a->pkg->path : "";
  const char *pb_ = b->pkg && b->pkg->path ? b->pkg->path : "";
  return strcmp(pa_, pb_);
}

/* ---------------------------------------------------------- type strings */

enum { MODE_LINK, MODE_NAME }; /* gc's fmtTypeID (symbols), fmtTypeIDName (reflect) */

/* gc's objabi.PathToPrefix: escape what the object file format reserves. */
static void put_prefix(Buf *b, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *last = slash ? slash + 1 : path;
  for (const char *p = path; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c <= ' ' || c == '%' || c == '"' || c >= 0x7f || (c == '.' && p >= last))
      buf_fmt(b, "%%%02x", c);
    else
      buf_ch(b, (char)c);
  }
}

static void put_qual(Buf *b, TypesPackage *pkg, int mode) {
  if (!pkg) return;
  if (mode == MODE_LINK)
    put_prefix(b, pkg->path ? pkg->path : "");
  else
    buf_str(b, pkg->name ? pkg->name : "");
  buf_ch(b, '.');
}

static bool is_local(Object *o) {
  return o->pkg && o->pkg->scope && o->parent && o->parent != o->pkg->scope;
}

static int local_id(TypeDescEmitter *e, Object *o) {
  for (int i = 0; i < e->nlocals; i++)
    if (e->locals[i].obj == o) return e->locals[i].id;
  if (e->nlocals == e->cap_locals) {
    int cap = e->cap_locals ? 2 * e->cap_locals : 16;
    LocalId *p = realloc(e->locals, (size_t)cap * sizeof *p);
    if (!p) abort();
    e->locals = p;
    e->cap_locals = cap;
  }
  e->locals[e->nlocals] = (LocalId){o, e->nlocals + 1};
  return ++e->nlocals;
}

static void put_quoted(Buf *b, const char *s) {
  buf_ch(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"':
      buf_str(b, "\\\"");
      break;
    case '\\':
      buf_str(b, "\\\\");
      break;
    case '\n':
      buf_str(b, "\\n");
      break;
    case '\t':
      buf_str(b, "\\t");
      break;
    case '\r':
      buf_str(b, "\\r");
      break;
    default:
      if (*p < 0x20 || *p == 0x7f)
        buf_fmt(b, "\\x%02x", *p);
      else
        buf_ch(b, (char)*p);
    }
  }
  buf_ch(b, '"');
}

static const char *basic_name(int k) {
  static const char *const names[] = {
      [BOOL] = "bool",           [INT] = "int",
      [INT8] = "int8",           [INT16] = "int16",
      [INT32] = "int32",         [INT64] = "int64",
      [UINT] = "uint",           [UINT8] = "uint8",
      [UINT16] = "uint16",       [UINT32] = "uint32",
      [UINT64] = "uint64",       [UINTPTR] = "uintptr",
      [FLOAT32] = "float32",     [FLOAT64] = "float64",
      [COMPLEX64] = "complex64", [COMPLEX128] = "complex128",
      [STRING] = "string",       [UNSAFE_POINTER] = "unsafe.Pointer",
  };
  return k > 0 && k <= UNSAFE_POINTER && names[k] ? names[k] : "invalid";
}

static Bucket *bucket_of(TypeDescEmitter *e, Type *t) {
  for (int i = 0; i < e->nbuckets; i++)
    if (e->buckets[i].bucket == t) return &e->buckets[i];
  return NULL;
}

static void put_type(TypeDescEmitter *e, Buf *b, Type *t, int mode);

/* "(int, ...string) (int, error)" without the leading "func". */
static void put_sig(TypeDescEmitter *e, Buf *b, Type *sig, int mode) {
  Type *ps = sig->u.sig.params, *rs = sig->u.sig.results;
  uint32_t np = ps ? ps->u.tuple.len : 0, nr = rs ? rs->u.tuple.len : 0;
  buf_ch(b, '(');
  for (uint32_t i = 0; i < np; i++) {
    if (i) buf_str(b, ", ");
    Type *pt = ps->u.tuple.vars[i]->type;
    if (sig->u.sig.variadic && i == np - 1 && pt && under(pt)->kind == TY_SLICE) {
      buf_str(b, "...");
      put_type(e, b, under(pt)->u.slice.elem, mode);
    } else {
      put_type(e, b, pt, mode);
    }
  }
  buf_ch(b, ')');
  if (nr == 1) {
    buf_ch(b, ' ');
    put_type(e, b, rs->u.tuple.vars[0]->type, mode);
  } else if (nr > 1) {
    buf_str(b, " (");
    for (uint32_t i = 0; i < nr; i++) {
      if (i) buf_str(b, ", ");
      put_type(e, b, rs->u.tuple.vars[i]->type, mode);
    }
    buf_ch(b, ')');
  }
}

/* An interface's methods (all, embedded ones included) in gc's order. The
 * array lives in the checker's arena. */
static Object **iface_methods(TypeDescEmitter *e, Type *iface, uint32_t *n) {
  TypeSet *ts = types_typeset(e->tc, under(iface));
  *n = ts ? ts->nmethods : 0;
  if (*n == 0) return NULL;
  Object **ms = types_alloc(e->tc, *n * sizeof *ms);
  memcpy(ms, ts->methods, *n * sizeof *ms);
  qsort(ms, *n, sizeof *ms, method_cmp);
  return ms;
}

/* Whether an embedded field's name is the one its type implies (gc's
 * fldconv): then the link string shows just the type. Otherwise (the
 * field was embedded through an alias, or it embeds a predeclared type,
 * whose field name belongs to the package) it shows "name = type", so
 * struct{ Int } with `type Int = int` and struct{ int } stay distinct. */
static bool embedded_name_implied(Object *f) {
  Type *t = f->type;
  if (t && t->kind == TY_POINTER) t = t->u.pointer.elem;
  if (!t) return false;
  const char *tname;
  TypesPackage *tpkg;
  if (t->kind == TY_NAMED) {
    tname = t->u.named.obj->name;
    tpkg = t->u.named.obj->pkg;
  } else if (t->kind == TY_BASIC) {
    tname = basic_name(t->basic);
    tpkg = NULL;
  } else {
    return false;
  }
  if (strcmp(f->name, tname) != 0) return false;
  return name_exported(tname) || f->pkg == tpkg;
}

static void put_type(TypeDescEmitter *e, Buf *b, Type *t, int mode) {
  if (!t) {
    buf_str(b, "<nil>");
    return;
  }
  switch (t->kind) {
  case TY_BASIC:
    buf_str(b, basic_name(types_is_untyped(t) ? types_default(e->tc, t)->basic : t->basic));
    return;
  case TY_NAMED: {
    Object *o = t->u.named.obj;
    if (o->pkg) put_qual(b, o->pkg, mode);
    buf_str(b, o->name);
    if (t->u.named.ntargs) {
      /* gc names instances "List[ARGS]" with the arguments' link strings
       * (typecheck.InstTypeName), in both modes: they are part of the name */
      buf_ch(b, '[');
      for (uint32_t i = 0; i < t->u.named.ntargs; i++) {
        if (i) buf_ch(b, ',');
        put_type(e, b, t->u.named.targs[i], MODE_LINK);
      }
      buf_ch(b, ']');
    }
    if (mode == MODE_LINK && is_local(o)) buf_fmt(b, "\xc2\xb7%d", local_id(e, o));
    return;
  }
  case TY_POINTER:
    buf_ch(b, '*');
    put_type(e, b, t->u.pointer.elem, mode);
    return;
  case TY_ARRAY:
    buf_fmt(b, "[%lld]", (long long)t->u.array.len);
    put_type(e, b, t->u.array.elem, mode);
    return;
  case TY_SLICE:
    buf_str(b, "[]");
    put_type(e, b, t->u.slice.elem, mode);
    return;
  case TY_CHAN: {
    Type *el = t->u.chan.elem;
    if (t->u.chan.dir == CHAN_RECV) {
      buf_str(b, "<-chan ");
      put_type(e, b, el, mode);
    } else if (t->u.chan.dir == CHAN_SEND) {
      buf_str(b, "chan<- ");
      put_type(e, b, el, mode);
    } else if (el && el->kind == TY_CHAN && el->u.chan.dir == CHAN_RECV) {
      buf_str(b, "chan (");
      put_type(e, b, el, mode);
      buf_ch(b, ')');
    } else {
      buf_str(b, "chan ");
      put_type(e, b, el, mode);
    }
    return;
  }
  case TY_MAP:
    buf_str(b, "map[");
    put_type(e, b, t->u.map.key, mode);
    buf_ch(b, ']');
    put_type(e, b, t->u.map.elem, mode);
    return;
  case TY_SIGNATURE:
    buf_str(b, "func");
    put_sig(e, b, t, mode);
    return;
  case TY_INTERFACE: {
    uint32_t n;
    Object **ms = iface_methods(e, t, &n);
    if (n == 0) {
      buf_str(b, "interface {}");
      return;
    }
    buf_str(b, "interface {");
    for (uint32_t i = 0; i < n; i++) {
      buf_str(b, i ? "; " : " ");
      if (!name_exported(ms[i]->name)) put_qual(b, ms[i]->pkg, mode);
      buf_str(b, ms[i]->name);
      if (ms[i]->type && ms[i]->type->kind == TY_SIGNATURE) put_sig(e, b, ms[i]->type, mode);
    }
    buf_str(b, " }");
    return;
  }
  case TY_STRUCT: {
    Bucket *bk = bucket_of(e, t);
    if (bk) {
      buf_str(b, "map.bucket[");
      put_type(e, b, bk->map->u.map.key, mode);
      buf_ch(b, ']');
      put_type(e, b, bk->map->u.map.elem, mode);
      return;
    }
    uint32_t n = t->u.strukt.nfields;
    if (n == 0) {
      buf_str(b, "struct {}");
      return;
    }
    buf_str(b, "struct {");
    for (uint32_t i = 0; i < n; i++) {
      Object *f = t->u.strukt.fields[i];
      buf_str(b, i ? "; " : " ");
      if (!f->embedded || (mode == MODE_LINK && !embedded_name_implied(f))) {
        if (!name_exported(f->name) && mode == MODE_LINK) put_qual(b, f->pkg, mode);
        buf_str(b, f->name);
        buf_str(b, f->embedded ? " = " : " ");
      }
      put_type(e, b, f->type, mode);
      const char *tag = t->u.strukt.tags ? t->u.strukt.tags[i] : NULL;
      if (tag && *tag) {
        buf_ch(b, ' ');
        put_quoted(b, tag);
      }
    }
    buf_str(b, " }");
    return;
  }
  default:
    buf_str(b, "<bad>");
    return;
  }
}

static char *type_string(TypeDescEmitter *e, Type *t, int mode) {
  Buf b = {0};
  put_type(e, &b, t, mode);
  char *s = types_strdup(e->tc, b.p ? b.p : "", b.n);
  free(b.p);
  return s;
}

const char *typedesc_link_string(TypeDescEmitter *e, Type *t) {
  return type_string(e, t, MODE_LINK);
}

const char *typedesc_name_string(TypeDescEmitter *e, Type *t) {
  return type_string(e, t, MODE_NAME);
}

/* ------------------------------------------------------------- algorithms */

/* gc's AlgType, with AMEM covering every plain-memory size. */
typedef enum Alg {
  ALG_NOEQ,
  ALG_MEM,
  ALG_F32,
  ALG_F64,
  ALG_C64,
  ALG_C128,
  ALG_STR,
  ALG_INTER,
  ALG_NILINTER,
  ALG_SPECIAL
} Alg;

static Alg alg_of(TypesCtx *tc, Type *t) {
  Type *u = under(t);
  if (!u) return ALG_NOEQ;
  switch (u->kind) {
  case TY_BASIC:
    switch (u->basic) {
    case FLOAT32:
      return ALG_F32;
    case FLOAT64:
      return ALG_F64;
    case COMPLEX64:
      return ALG_C64;
    case COMPLEX128:
      return ALG_C128;
    case STRING:
      return ALG_STR;
    default:
      return ALG_MEM;
    }
  case TY_POINTER:
  case TY_CHAN:
    return ALG_MEM;
  case TY_INTERFACE: {
    TypeSet *ts = types_typeset(tc, u);
    return !ts || ts->nmethods == 0 ? ALG_NILINTER : ALG_INTER;
  }
  case TY_ARRAY: {
    Alg a = alg_of(tc, u->u.array.elem);
    if (a == ALG_MEM || a == ALG_NOEQ) return a;
    if (u->u.array.len == 0) return ALG_MEM;
    if (u->u.array.len == 1) return a;
    return ALG_SPECIAL;
  }
  case TY_STRUCT: {
    uint32_t n = u->u.strukt.nfields;
    if (n == 1 && !is_blank(u->u.strukt.fields[0])) return alg_of(tc, u->u.strukt.fields[0]->type);
    int64_t *offs = malloc((n ? n : 1) * sizeof *offs);
    if (!offs || !types_offsetsof(u, offs)) {
      free(offs);
      return ALG_NOEQ;
    }
    Alg ret = ALG_MEM;
    int64_t size = tsize(u);
    for (uint32_t i = 0; i < n; i++) {
      Object *f = u->u.strukt.fields[i];
      Alg a = alg_of(tc, f->type);
      if (a == ALG_NOEQ) {
        free(offs);
        return ALG_NOEQ;
      }
      int64_t end = i + 1 < n ? offs[i + 1] : size;
      bool padded = offs[i] + tsize(f->type) != end;
      if (a != ALG_MEM || is_blank(f) || padded) ret = ALG_SPECIAL;
    }
    free(offs);
    return ret;
  }
  default:
    return ALG_NOEQ; /* slices, maps, funcs */
  }
}

bool typedesc_is_regular_memory(TypeDescEmitter *e, Type *t) {
  return alg_of(e->tc, t) == ALG_MEM;
}

/* ----------------------------------------------------------- LLVM helpers */

static LLVMValueRef cint(LLVMTypeRef ty, uint64_t v) {
  return LLVMConstInt(ty, v, false);
}

static void set_linkonce(TypeDescEmitter *e, LLVMValueRef g, const char *name) {
  LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
  LLVMSetComdat(g, LLVMGetOrInsertComdat(e->m, name));
}

/* A descriptor under construction: packed fields with explicit padding. */
typedef struct Blob {
  LLVMTypeRef *tys;
  LLVMValueRef *vals;
  unsigned n, cap;
  uint64_t off;      /* bytes so far */
  LLVMValueRef self; /* the global the offsets are relative to */
} Blob;

static void blob_add(Blob *bl, LLVMTypeRef ty, LLVMValueRef v, uint64_t size) {
  if (bl->n == bl->cap) {
    unsigned cap = bl->cap ? 2 * bl->cap : 32;
    bl->tys = realloc(bl->tys, cap * sizeof *bl->tys);
    bl->vals = realloc(bl->vals, cap * sizeof *bl->vals);
    if (!bl->tys || !bl->vals) abort();
    bl->cap = cap;
  }
  bl->tys[bl->n] = ty;
  bl->vals[bl->n] = v;
  bl->n++;
  bl->off += size;
}

static void blob_int(TypeDescEmitter *e, Blob *bl, unsigned bytes, uint64_t v) {
  LLVMTypeRef ty = bytes == 1 ? e->i8 : bytes == 2 ? e->i16 : bytes == 4 ? e->i32 : e->i64;
  blob_add(bl, ty, cint(ty, v), bytes);
}

static void blob_pad(TypeDescEmitter *e, Blob *bl, uint64_t align) {
  uint64_t k = (align - bl->off % align) % align;
  if (k == 0) return;
  LLVMTypeRef ty = LLVMArrayType2(e->i8, k);
  blob_add(bl, ty, LLVMConstNull(ty), k);
}

static void blob_ptr(TypeDescEmitter *e, Blob *bl, LLVMValueRef v) {
  blob_add(bl, e->ptr, v ? v : LLVMConstNull(e->ptr), 8);
}

/* A pointer to byte offset `at` of the blob's own global. */
static LLVMValueRef self_at(TypeDescEmitter *e, Blob *bl, uint64_t at) {
  LLVMValueRef idx = cint(e->i64, at);
  return LLVMConstInBoundsGEP2(e->i8, bl->self, &idx, 1);
}

/* abi.h's relative offset: trunc(sub(ptrtoint target, ptrtoint base)). */
static LLVMValueRef rel_off(TypeDescEmitter *e, LLVMValueRef target, LLVMValueRef base) {
  if (!target) return cint(e->i32, 0);
  LLVMValueRef d = LLVMConstSub(LLVMConstPtrToInt(target, e->i64), LLVMConstPtrToInt(base, e->i64));
  return LLVMConstTrunc(d, e->i32);
}

static void blob_off(TypeDescEmitter *e, Blob *bl, LLVMValueRef target) {
  blob_add(bl, e->i32, rel_off(e, target, bl->self), 4);
}

static void blob_free(Blob *bl) {
  free(bl->tys);
  free(bl->vals);
}

/* Creates the placeholder for symbol `name` (see the design notes). */
static LLVMValueRef placeholder(TypeDescEmitter *e, const char *name) {
  return LLVMAddGlobal(e->m, e->i8, name);
}

/* Turns the blob into the final global replacing placeholder `ph`. */
static LLVMValueRef blob_finish(TypeDescEmitter *e, Blob *bl, LLVMValueRef ph, const char *name,
                                const char *section, unsigned align) {
  LLVMTypeRef ty = LLVMStructTypeInContext(e->ctx, bl->tys, bl->n, true);
  LLVMValueRef g = LLVMAddGlobal(e->m, ty, "");
  LLVMSetInitializer(g, LLVMConstNamedStruct(ty, bl->vals, bl->n));
  LLVMReplaceAllUsesWith(ph, g);
  LLVMDeleteGlobal(ph);
  LLVMSetValueName2(g, name, strlen(name));
  set_linkonce(e, g, name);
  if (section) LLVMSetSection(g, section);
  LLVMSetAlignment(g, align);
  blob_free(bl);
  return g;
}

/* ------------------------------------------------------------------ names */

static size_t put_varint(uint8_t *p, size_t v) {
  size_t k = 0;
  do {
    p[k] = (uint8_t)(v & 0x7f);
    v >>= 7;
    if (v) p[k] |= 0x80;
    k++;
  } while (v);
  return k;
}

static LLVMValueRef import_path_name(TypeDescEmitter *e, TypesPackage *pkg);

/* A runtime.name. pkg != NULL adds the pkgPath nameOff. */
static LLVMValueRef make_name(TypeDescEmitter *e, const char *name, const char *tag, TypesPackage *pkg,
                              bool exported, bool embedded, const char *symprefix) {
  size_t nl = strlen(name), tl = tag ? strlen(tag) : 0;
  uint8_t flags = (uint8_t)((exported ? ROG_NAME_EXPORTED : 0) | (tl ? ROG_NAME_HAS_TAG : 0) |
                            (pkg ? ROG_NAME_HAS_PKGPATH : 0) | (embedded ? ROG_NAME_EMBEDDED : 0));
  Buf sym = {0};
  buf_str(&sym, symprefix);
  buf_fmt(&sym, "%u.", flags);
  buf_put(&sym, name, nl);
  if (tl) {
    buf_str(&sym, ".tag.");
    buf_put(&sym, tag, tl);
  }
  if (pkg) {
    buf_str(&sym, ".pkg.");
    buf_str(&sym, pkg->path ? pkg->path : "");
  }
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, sym.p);
  if (g) {
    free(sym.p);
    return g;
  }
  uint8_t *bytes = malloc(1 + 10 + nl + 10 + tl);
  if (!bytes) abort();
  size_t k = 0;
  bytes[k++] = flags;
  k += put_varint(bytes + k, nl);
  memcpy(bytes + k, name, nl);
  k += nl;
  if (tl) {
    k += put_varint(bytes + k, tl);
    memcpy(bytes + k, tag, tl);
    k += tl;
  }
  LLVMValueRef str = LLVMConstStringInContext2(e->ctx, (const char *)bytes, k, true);
  free(bytes);
  LLVMValueRef pathname = pkg ? import_path_name(e, pkg) : NULL;
  LLVMTypeRef elems[2] = {LLVMTypeOf(str), e->i32};
  LLVMTypeRef ty = LLVMStructTypeInContext(e->ctx, elems, pkg ? 2 : 1, true);
  g = LLVMAddGlobal(e->m, ty, sym.p);
  LLVMValueRef vals[2] = {str, pkg ? rel_off(e, pathname, g) : NULL};
  LLVMSetInitializer(g, LLVMConstNamedStruct(ty, vals, pkg ? 2 : 1));
  set_linkonce(e, g, sym.p);
  LLVMSetSection(g, "rog_types");
  LLVMSetAlignment(g, 1);
  free(sym.p);
  return g;
}

/* gc's type..importpath.PATH. : the path as a runtime.name. */
static LLVMValueRef import_path_name(TypeDescEmitter *e, TypesPackage *pkg) {
  return make_name(e, pkg->path ? pkg->path : "", NULL, NULL, false, false, "type..importpath.");
}

static LLVMValueRef plain_name(TypeDescEmitter *e, const char *name, const char *tag, TypesPackage *pkg,
                               bool exported, bool embedded) {
  return make_name(e, name, tag, pkg, exported, embedded, "type..namedata.");
}

/* ----------------------------------------------------------------- gcdata */

static void mark(uint8_t *bits, int64_t word) {
  bits[word / 8] |= (uint8_t)(1u << (word % 8));
}

/* Sets the pointer words of a value of type t at byte offset off. */
static void ptrmask(Type *t, uint8_t *bits, int64_t off) {
  Type *u = under(t);
  if (!u) return;
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING || u->basic == UNSAFE_POINTER) mark(bits, off / 8);
    return;
  case TY_POINTER:
  case TY_MAP:
  case TY_CHAN:
  case TY_SIGNATURE:
  case TY_SLICE:
    mark(bits, off / 8);
    return;
  case TY_INTERFACE:
    /* the type/itab word points at static data: only the data word (gc) */
    mark(bits, off / 8 + 1);
    return;
  case TY_ARRAY: {
    Type *el = u->u.array.elem;
    int64_t es = tsize(el);
    if (es == 0 || u->u.array.len <= 0) return;
    for (int64_t i = 0; i < u->u.array.len; i++)
      ptrmask(el, bits, off + i * es);
    return;
  }
  case TY_STRUCT: {
    uint32_t n = u->u.strukt.nfields;
    int64_t *offs = malloc((n ? n : 1) * sizeof *offs);
    if (offs && types_offsetsof(u, offs))
      for (uint32_t i = 0; i < n; i++)
        ptrmask(u->u.strukt.fields[i]->type, bits, off + offs[i]);
    free(offs);
    return;
  }
  default:
    return;
  }
}

static bool has_pointers(Type *t) {
  Type *u = under(t);
  if (!u) return false;
  switch (u->kind) {
  case TY_BASIC:
    return u->basic == STRING || u->basic == UNSAFE_POINTER;
  case TY_ARRAY:
    return u->u.array.len > 0 && has_pointers(u->u.array.elem);
  case TY_STRUCT:
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
      if (has_pointers(u->u.strukt.fields[i]->type)) return true;
    return false;
  default:
    return true;
  }
}

/* The bitmap of t and its ptrdata in bytes; NULL bitmap when no pointers. */
static uint8_t *gc_bitmap(Type *t, int64_t *ptrdata, int64_t *nbytes) {
  *ptrdata = 0;
  *nbytes = 0;
  if (!has_pointers(t)) return NULL;
  int64_t words = tsize(t) / 8;
  uint8_t *bits = calloc((size_t)(words / 8 + 1), 1);
  if (!bits) abort();
  ptrmask(t, bits, 0);
  int64_t last = -1;
  for (int64_t w = 0; w < words; w++)
    if (bits[w / 8] & (1u << (w % 8))) last = w;
  *ptrdata = (last + 1) * 8;
  *nbytes = (last + 1 + 7) / 8;
  return bits;
}

static LLVMValueRef gcdata_global(TypeDescEmitter *e, const uint8_t *bits, int64_t nbytes) {
  Buf sym = {0};
  buf_str(&sym, "runtime.gcbits.");
  for (int64_t i = 0; i < nbytes; i++)
    buf_fmt(&sym, "%02x", bits[i]);
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, sym.p);
  if (!g) {
    LLVMValueRef init =
        LLVMConstStringInContext2(e->ctx, (const char *)bits, (size_t)(nbytes ? nbytes : 1), true);
    g = LLVMAddGlobal(e->m, LLVMTypeOf(init), sym.p);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, true);
    set_linkonce(e, g, sym.p);
    LLVMSetAlignment(g, 1);
  }
  free(sym.p);
  return g;
}

/* ------------------------------------------------------ equality and hash */

static LLVMValueRef runtime_fn(TypeDescEmitter *e, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                               unsigned np) {
  LLVMValueRef f = LLVMGetNamedFunction(e->m, name);
  if (f) return f;
  f = LLVMAddFunction(e->m, name, LLVMFunctionType(ret, params, np, false));
  if (ret == e->i1)
    LLVMAddAttributeAtIndex(
        f, LLVMAttributeReturnIndex,
        LLVMCreateEnumAttribute(e->ctx, LLVMGetEnumAttributeKindForName("zeroext", 7), 0));
  return f;
}

static LLVMValueRef runtime_global(TypeDescEmitter *e, const char *name) {
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, name);
  if (g) return g;
  g = LLVMAddGlobal(e->m, e->ptr, name); /* opaque: only its address is used */
  LLVMSetGlobalConstant(g, true);
  return g;
}

static LLVMValueRef eq_fn_for(TypeDescEmitter *e, Type *t);
static LLVMValueRef hash_fn_for(TypeDescEmitter *e, Type *t);

static const char *mem_suffix(int64_t size) {
  switch (size) {
  case 0:
    return "0";
  case 1:
    return "8";
  case 2:
    return "16";
  case 4:
    return "32";
  case 8:
    return "64";
  case 16:
    return "128";
  default:
    return NULL;
  }
}

/* The {rog_mem*_varlen, size} closure for plain memory of other sizes. */
static LLVMValueRef varlen_closure(TypeDescEmitter *e, bool hash, int64_t size) {
  char name[64];
  snprintf(name, sizeof name, "type..%sfunc%lld", hash ? "hash" : "eq", (long long)size);
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, name);
  if (g) return g;
  LLVMValueRef fn = runtime_fn(e, hash ? "rog_memhash_varlen" : "rog_memequal_varlen",
                               LLVMVoidTypeInContext(e->ctx), NULL, 0);
  LLVMValueRef vals[2] = {fn, cint(e->i64, (uint64_t)size)};
  LLVMValueRef init = LLVMConstStructInContext(e->ctx, vals, 2, false);
  g = LLVMAddGlobal(e->m, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, true);
  set_linkonce(e, g, name);
  LLVMSetAlignment(g, 8);
  return g;
}

/* The closure for a generated function: `type..eqfunc.LINK`. */
static LLVMValueRef fn_closure(TypeDescEmitter *e, const char *prefix, const char *link, LLVMValueRef fn) {
  Buf sym = {0};
  buf_str(&sym, prefix);
  buf_str(&sym, link);
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, sym.p);
  if (!g) {
    g = LLVMAddGlobal(e->m, e->ptr, sym.p);
    LLVMSetInitializer(g, fn);
    LLVMSetGlobalConstant(g, true);
    set_linkonce(e, g, sym.p);
    LLVMSetAlignment(g, 8);
  }
  free(sym.p);
  return g;
}

/* The runtime's static closures per algorithm: {equality, hash}. */
static const char *const runtime_closures[][2] = {
    [ALG_F32] = {"rog_f32equal_closure", "rog_f32hash_closure"},
    [ALG_F64] = {"rog_f64equal_closure", "rog_f64hash_closure"},
    [ALG_C64] = {"rog_c64equal_closure", "rog_c64hash_closure"},
    [ALG_C128] = {"rog_c128equal_closure", "rog_c128hash_closure"},
    [ALG_STR] = {"rog_strequal_closure", "rog_strhash_closure"},
    [ALG_INTER] = {"rog_interequal_closure", "rog_interhash_closure"},
    [ALG_NILINTER] = {"rog_nilinterequal_closure", "rog_nilinterhash_closure"},
};

/* t's equality (hash == false) or hash closure. */
static LLVMValueRef alg_closure(TypeDescEmitter *e, Type *t, bool hash) {
  t = concrete(e, t);
  if (!t) return NULL;
  Alg a = alg_of(e->tc, t);
  switch (a) {
  case ALG_NOEQ:
    return NULL;
  case ALG_MEM: {
    const char *sfx = mem_suffix(tsize(t));
    if (!sfx) return varlen_closure(e, hash, tsize(t));
    char name[48];
    snprintf(name, sizeof name, "rog_mem%s%s_closure", hash ? "hash" : "equal", sfx);
    return runtime_global(e, name);
  }
  case ALG_SPECIAL:
    if (hash) return fn_closure(e, "type..hashfunc.", typedesc_link_string(e, t), hash_fn_for(e, t));
    return fn_closure(e, "type..eqfunc.", typedesc_link_string(e, t), eq_fn_for(e, t));
  default:
    return runtime_global(e, runtime_closures[a][hash]);
  }
}

LLVMValueRef typedesc_equal_closure(TypeDescEmitter *e, Type *t) {
  return alg_closure(e, t, false);
}

LLVMValueRef typedesc_hash_closure(TypeDescEmitter *e, Type *t) {
  return alg_closure(e, t, true);
}

/* The function behind a runtime closure, for direct calls. */
static LLVMValueRef eq_fn_runtime(TypeDescEmitter *e, const char *name) {
  LLVMTypeRef ps[2] = {e->ptr, e->ptr};
  return runtime_fn(e, name, e->i1, ps, 2);
}

static LLVMValueRef hash_fn_runtime(TypeDescEmitter *e, const char *name) {
  LLVMTypeRef ps[2] = {e->ptr, e->i64};
  return runtime_fn(e, name, e->i64, ps, 2);
}

static LLVMTypeRef eq_fty(TypeDescEmitter *e) {
  LLVMTypeRef ps[2] = {e->ptr, e->ptr};
  return LLVMFunctionType(e->i1, ps, 2, false);
}

static LLVMTypeRef hash_fty(TypeDescEmitter *e) {
  LLVMTypeRef ps[2] = {e->ptr, e->i64};
  return LLVMFunctionType(e->i64, ps, 2, false);
}

static LLVMValueRef new_alg_fn(TypeDescEmitter *e, const char *prefix, const char *link, LLVMTypeRef fty,
                               bool *created) {
  Buf sym = {0};
  buf_str(&sym, prefix);
  buf_str(&sym, link);
  LLVMValueRef f = LLVMGetNamedFunction(e->m, sym.p);
  *created = false;
  if (!f) {
    f = LLVMAddFunction(e->m, sym.p, fty);
    set_linkonce(e, f, sym.p);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                            LLVMCreateStringAttribute(e->ctx, "frame-pointer", 13, "all", 3));
    if (LLVMGetReturnType(fty) == e->i1)
      LLVMAddAttributeAtIndex(
          f, LLVMAttributeReturnIndex,
          LLVMCreateEnumAttribute(e->ctx, LLVMGetEnumAttributeKindForName("zeroext", 7), 0));
    *created = true;
  }
  free(sym.p);
  return f;
}

static LLVMValueRef gep8(TypeDescEmitter *e, LLVMBuilderRef b, LLVMValueRef p, int64_t off) {
  if (off == 0) return p;
  LLVMValueRef idx = cint(e->i64, (uint64_t)off);
  return LLVMBuildInBoundsGEP2(b, e->i8, p, &idx, 1, "");
}

static LLVMValueRef call2(LLVMBuilderRef b, LLVMValueRef fn, LLVMTypeRef fty, LLVMValueRef x,
                          LLVMValueRef y) {
  LLVMValueRef args[2] = {x, y};
  return LLVMBuildCall2(b, fty, fn, args, 2, "");
}

/* Equality of the values of type t at p and q (i1). */
static LLVMValueRef emit_eq(TypeDescEmitter *e, LLVMBuilderRef b, Type *t, LLVMValueRef p, LLVMValueRef q) {
  int64_t size = tsize(t);
  switch (alg_of(e->tc, t)) {
  case ALG_MEM: {
    if (size == 0) return cint(e->i1, 1);
    if (size == 1 || size == 2 || size == 4 || size == 8) {
      LLVMTypeRef it = LLVMIntTypeInContext(e->ctx, (unsigned)size * 8);
      LLVMValueRef x = LLVMBuildLoad2(b, it, p, ""), y = LLVMBuildLoad2(b, it, q, "");
      LLVMSetAlignment(x, 1);
      LLVMSetAlignment(y, 1);
      return LLVMBuildICmp(b, LLVMIntEQ, x, y, "");
    }
    LLVMTypeRef ps[3] = {e->ptr, e->ptr, e->i64};
    LLVMValueRef f = runtime_fn(e, "rog_memequal", e->i1, ps, 3);
    LLVMValueRef args[3] = {p, q, cint(e->i64, (uint64_t)size)};
    return LLVMBuildCall2(b, LLVMFunctionType(e->i1, ps, 3, false), f, args, 3, "");
  }
  case ALG_F32:
  case ALG_F64: {
    LLVMTypeRef ft =
        alg_of(e->tc, t) == ALG_F32 ? LLVMFloatTypeInContext(e->ctx) : LLVMDoubleTypeInContext(e->ctx);
    LLVMValueRef x = LLVMBuildLoad2(b, ft, p, ""), y = LLVMBuildLoad2(b, ft, q, "");
    return LLVMBuildFCmp(b, LLVMRealOEQ, x, y, "");
  }
  case ALG_C64:
  case ALG_C128: {
    bool small = alg_of(e->tc, t) == ALG_C64;
    LLVMTypeRef ft = small ? LLVMFloatTypeInContext(e->ctx) : LLVMDoubleTypeInContext(e->ctx);
    int64_t half = small ? 4 : 8;
    LLVMValueRef re =
        LLVMBuildFCmp(b, LLVMRealOEQ, LLVMBuildLoad2(b, ft, p, ""), LLVMBuildLoad2(b, ft, q, ""), "");
    LLVMValueRef im = LLVMBuildFCmp(b, LLVMRealOEQ, LLVMBuildLoad2(b, ft, gep8(e, b, p, half), ""),
                                    LLVMBuildLoad2(b, ft, gep8(e, b, q, half), ""), "");
    return LLVMBuildAnd(b, re, im, "");
  }
  case ALG_STR:
    return call2(b, eq_fn_runtime(e, "rog_strequal"), eq_fty(e), p, q);
  case ALG_INTER:
    return call2(b, eq_fn_runtime(e, "rog_interequal"), eq_fty(e), p, q);
  case ALG_NILINTER:
    return call2(b, eq_fn_runtime(e, "rog_nilinterequal"), eq_fty(e), p, q);
  case ALG_SPECIAL: {
    /* one-element arrays and one-field structs are their element */
    Type *u = under(t);
    if (u->kind == TY_ARRAY && u->u.array.len == 1) return emit_eq(e, b, u->u.array.elem, p, q);
    if (u->kind == TY_STRUCT && u->u.strukt.nfields == 1 && !is_blank(u->u.strukt.fields[0]))
      return emit_eq(e, b, u->u.strukt.fields[0]->type, p, q);
    return call2(b, eq_fn_for(e, t), eq_fty(e), p, q);
  }
  case ALG_NOEQ:
    break;
  }
  return cint(e->i1, 0);
}

/* hash of the value of type t at p, chained from seed; matches rog_typehash. */
static LLVMValueRef emit_hash(TypeDescEmitter *e, LLVMBuilderRef b, Type *t, LLVMValueRef p,
                              LLVMValueRef seed) {
  int64_t size = tsize(t);
  switch (alg_of(e->tc, t)) {
  case ALG_MEM: {
    if (size == 4) return call2(b, hash_fn_runtime(e, "rog_memhash32"), hash_fty(e), p, seed);
    if (size == 8) return call2(b, hash_fn_runtime(e, "rog_memhash64"), hash_fty(e), p, seed);
    LLVMTypeRef ps[3] = {e->ptr, e->i64, e->i64};
    LLVMValueRef f = runtime_fn(e, "rog_memhash", e->i64, ps, 3);
    LLVMValueRef args[3] = {p, seed, cint(e->i64, (uint64_t)size)};
    return LLVMBuildCall2(b, LLVMFunctionType(e->i64, ps, 3, false), f, args, 3, "");
  }
  case ALG_F32:
    return call2(b, hash_fn_runtime(e, "rog_f32hash"), hash_fty(e), p, seed);
  case ALG_F64:
    return call2(b, hash_fn_runtime(e, "rog_f64hash"), hash_fty(e), p, seed);
  case ALG_C64:
    return call2(b, hash_fn_runtime(e, "rog_c64hash"), hash_fty(e), p, seed);
  case ALG_C128:
    return call2(b, hash_fn_runtime(e, "rog_c128hash"), hash_fty(e), p, seed);
  case ALG_STR:
    return call2(b, hash_fn_runtime(e, "rog_strhash"), hash_fty(e), p, seed);
  case ALG_INTER:
    return call2(b, hash_fn_runtime(e, "rog_interhash"), hash_fty(e), p, seed);
  case ALG_NILINTER:
    return call2(b, hash_fn_runtime(e, "rog_nilinterhash"), hash_fty(e), p, seed);
  case ALG_SPECIAL:
    return call2(b, hash_fn_for(e, t), hash_fty(e), p, seed);
  case ALG_NOEQ:
    break;
  }
  return seed;
}

/* Order of the comparisons in a generated struct equality: cheap ones
 * first, as gc does (memory and floats, then strings, then interfaces). */
static int eq_rank(TypeDescEmitter *e, Type *t) {
  switch (alg_of(e->tc, t)) {
  case ALG_STR:
    return 1;
  case ALG_INTER:
  case ALG_NILINTER:
    return 2;
  case ALG_SPECIAL:
    return 1;
  default:
    return 0;
  }
}

/* Generated `type..eq.LINK` for an ALG_SPECIAL struct or array. */
static LLVMValueRef eq_fn_for(TypeDescEmitter *e, Type *t) {
  bool created;
  LLVMValueRef f = new_alg_fn(e, "type..eq.", typedesc_link_string(e, t), eq_fty(e), &created);
  if (!created) return f;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(e->ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(e->ctx, f, "entry");
  LLVMBasicBlockRef no = LLVMAppendBasicBlockInContext(e->ctx, f, "ne");
  LLVMPositionBuilderAtEnd(b, no);
  LLVMBuildRet(b, cint(e->i1, 0));
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef p = LLVMGetParam(f, 0), q = LLVMGetParam(f, 1);
  Type *u = under(t);
  if (u->kind == TY_ARRAY) {
    /* for i in 0..len: if !eq(p[i], q[i]) return false */
    Type *el = u->u.array.elem;
    int64_t es = tsize(el);
    LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(e->ctx, f, "loop");
    LLVMBasicBlockRef next = LLVMAppendBasicBlockInContext(e->ctx, f, "next");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(e->ctx, f, "eq");
    LLVMBuildBr(b, loop);
    LLVMPositionBuilderAtEnd(b, loop);
    LLVMValueRef i = LLVMBuildPhi(b, e->i64, "i");
    LLVMValueRef off = LLVMBuildMul(b, i, cint(e->i64, (uint64_t)es), "");
    LLVMValueRef pi = LLVMBuildInBoundsGEP2(b, e->i8, p, &off, 1, "");
    LLVMValueRef qi = LLVMBuildInBoundsGEP2(b, e->i8, q, &off, 1, "");
    LLVMBuildCondBr(b, emit_eq(e, b, el, pi, qi), next, no);
    LLVMPositionBuilderAtEnd(b, next);
    LLVMValueRef i1 = LLVMBuildAdd(b, i, cint(e->i64, 1), "");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, i1, cint(e->i64, (uint64_t)u->u.array.len), ""), loop,
                    done);
    LLVMValueRef inc[2] = {cint(e->i64, 0), i1};
    LLVMBasicBlockRef from[2] = {entry, next};
    LLVMAddIncoming(i, inc, from, 2);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRet(b, cint(e->i1, 1));
  } else {
    uint32_t n = u->u.strukt.nfields;
    int64_t *offs = malloc((n ? n : 1) * sizeof *offs);
    if (!offs || !types_offsetsof(u, offs)) abort();
    for (int rank = 0; rank < 3; rank++) {
      for (uint32_t i = 0; i < n; i++) {
        Object *f_ = u->u.strukt.fields[i];
        if (is_blank(f_) || eq_rank(e, f_->type) != rank || tsize(f_->type) == 0) continue;
        /* merge a run of adjacent plain-memory fields into one compare */
        int64_t start = offs[i], end = offs[i] + tsize(f_->type);
        if (alg_of(e->tc, f_->type) == ALG_MEM) {
          while (i + 1 < n && alg_of(e->tc, u->u.strukt.fields[i + 1]->type) == ALG_MEM &&
                 !is_blank(u->u.strukt.fields[i + 1]) && offs[i + 1] == end) {
            i++;
            end = offs[i] + tsize(u->u.strukt.fields[i]->type);
          }
        }
        LLVMValueRef c;
        if (end - start != tsize(f_->type)) {
          /* a run: compare it as plain memory of its length */
          Type *run = types_new_array(e->tc, types_basic(e->tc, UINT8), end - start);
          c = emit_eq(e, b, run, gep8(e, b, p, start), gep8(e, b, q, start));
        } else {
          c = emit_eq(e, b, f_->type, gep8(e, b, p, start), gep8(e, b, q, start));
        }
        LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(e->ctx, f, "");
        LLVMBuildCondBr(b, c, ok, no);
        LLVMPositionBuilderAtEnd(b, ok);
      }
    }
    free(offs);
    LLVMBuildRet(b, cint(e->i1, 1));
  }
  LLVMDisposeBuilder(b);
  return f;
}

/* Generated `type..hash.LINK` for an ALG_SPECIAL struct or array. */
static LLVMValueRef hash_fn_for(TypeDescEmitter *e, Type *t) {
  bool created;
  LLVMValueRef f = new_alg_fn(e, "type..hash.", typedesc_link_string(e, t), hash_fty(e), &created);
  if (!created) return f;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(e->ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(e->ctx, f, "entry");
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef p = LLVMGetParam(f, 0), h = LLVMGetParam(f, 1);
  Type *u = under(t);
  if (u->kind == TY_ARRAY) {
    Type *el = u->u.array.elem;
    int64_t es = tsize(el);
    LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(e->ctx, f, "loop");
    LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(e->ctx, f, "done");
    LLVMBuildBr(b, loop);
    LLVMPositionBuilderAtEnd(b, loop);
    LLVMValueRef i = LLVMBuildPhi(b, e->i64, "i");
    LLVMValueRef hp = LLVMBuildPhi(b, e->i64, "h");
    LLVMValueRef off = LLVMBuildMul(b, i, cint(e->i64, (uint64_t)es), "");
    LLVMValueRef hn = emit_hash(e, b, el, LLVMBuildInBoundsGEP2(b, e->i8, p, &off, 1, ""), hp);
    LLVMBasicBlockRef body_end = LLVMGetInsertBlock(b);
    LLVMValueRef i1 = LLVMBuildAdd(b, i, cint(e->i64, 1), "");
    LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULT, i1, cint(e->i64, (uint64_t)u->u.array.len), ""), loop,
                    done);
    LLVMValueRef inci[2] = {cint(e->i64, 0), i1}, inch[2] = {h, hn};
    LLVMBasicBlockRef from[2] = {entry, body_end};
    LLVMAddIncoming(i, inci, from, 2);
    LLVMAddIncoming(hp, inch, from, 2);
    LLVMPositionBuilderAtEnd(b, done);
    LLVMBuildRet(b, hn);
  } else {
    uint32_t n = u->u.strukt.nfields;
    int64_t *offs = malloc((n ? n : 1) * sizeof *offs);
    if (!offs || !types_offsetsof(u, offs)) abort();
    for (uint32_t i = 0; i < n; i++) {
      Object *fld = u->u.strukt.fields[i];
      if (is_blank(fld)) continue;
      h = emit_hash(e, b, fld->type, gep8(e, b, p, offs[i]), h);
    }
    free(offs);
    LLVMBuildRet(b, h);
  }
  LLVMDisposeBuilder(b);
  return f;
}

/* A function for direct calls of t's equality or hash: the generated one,
 * or a small wrapper around the inline comparison / runtime hash. */
static LLVMValueRef alg_fn(TypeDescEmitter *e, Type *t, bool hash) {
  t = concrete(e, t);
  if (!t) return NULL;
  switch (alg_of(e->tc, t)) {
  case ALG_NOEQ:
    return NULL;
  case ALG_SPECIAL:
    return hash ? hash_fn_for(e, t) : eq_fn_for(e, t);
  default: {
    bool created;
    LLVMValueRef f = new_alg_fn(e, hash ? "type..hash." : "type..eq.", typedesc_link_string(e, t),
                                hash ? hash_fty(e) : eq_fty(e), &created);
    if (created) {
      LLVMBuilderRef b = LLVMCreateBuilderInContext(e->ctx);
      LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(e->ctx, f, "entry"));
      LLVMValueRef p = LLVMGetParam(f, 0), q = LLVMGetParam(f, 1);
      LLVMBuildRet(b, hash ? emit_hash(e, b, t, p, q) : emit_eq(e, b, t, p, q));
      LLVMDisposeBuilder(b);
    }
    return f;
  }
  }
}

LLVMValueRef typedesc_equal_fn(TypeDescEmitter *e, Type *t) {
  return alg_fn(e, t, false);
}

LLVMValueRef typedesc_hash_fn(TypeDescEmitter *e, Type *t) {
  return alg_fn(e, t, true);
}

/* ------------------------------------------------------------ method sets */

typedef struct MethodSet {
  Object **m;
  uint32_t n, cap;
} MethodSet;

static void ms_push(MethodSet *s, Object *o) {
  if (s->n == s->cap) {
    uint32_t cap = s->cap ? 2 * s->cap : 8;
    Object **p = realloc(s->m, cap * sizeof *p);
    if (!p) abort();
    s->m = p;
    s->cap = cap;
  }
  s->m[s->n++] = o;
}

static bool same_method_name(Object *a, Object *b) {
  if (strcmp(a->name, b->name) != 0) return false;
  if (name_exported(a->name)) return true;
  return a->pkg == b->pkg ||
         (a->pkg && b->pkg && a->pkg->path && b->pkg->path && strcmp(a->pkg->path, b->pkg->path) == 0);
}

/* Candidate method names reachable from t through embedding. */
static void collect_candidates(TypeDescEmitter *e, Type *t, MethodSet *cand, int depth, Type **seen,
                               int *nseen) {
  if (!t || depth > 16) return;
  if (t->kind == TY_POINTER) t = t->u.pointer.elem;
  if (!t) return;
  if (t->kind == TY_NAMED) {
    for (int i = 0; i < *nseen; i++)
      if (seen[i] == t) return;
    if (*nseen < 256) seen[(*nseen)++] = t;
    Type *orig = t->u.named.orig ? t->u.named.orig : t;
    for (uint32_t i = 0; i < orig->u.named.nmethods; i++) {
      Object *m = orig->u.named.methods[i];
      bool dup = false;
      for (uint32_t k = 0; k < cand->n; k++)
        if (same_method_name(cand->m[k], m)) dup = true;
      if (!dup) ms_push(cand, m);
    }
  }
  Type *u = under(t);
  if (!u) return;
  if (u->kind == TY_STRUCT) {
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++)
      if (u->u.strukt.fields[i]->embedded)
        collect_candidates(e, u->u.strukt.fields[i]->type, cand, depth + 1, seen, nseen);
  } else if (u->kind == TY_INTERFACE && depth > 0) {
    TypeSet *ts = types_typeset(e->tc, u);
    for (uint32_t i = 0; ts && i < ts->nmethods; i++) {
      bool dup = false;
      for (uint32_t k = 0; k < cand->n; k++)
        if (same_method_name(cand->m[k], ts->methods[i])) dup = true;
      if (!dup) ms_push(cand, ts->methods[i]);
    }
  }
}

/* The method set of t (gc's methods(t)), sorted; caller frees s->m. */
static void method_set(TypeDescEmitter *e, Type *t, MethodSet *s) {
  memset(s, 0, sizeof *s);
  Type *base = t;
  if (t->kind == TY_POINTER) {
    base = t->u.pointer.elem;
    if (!base) return;
  }
  /* gc's ReceiverBaseType: a named type or an unnamed struct; interfaces
   * keep their methods in the interface descriptor. */
  Type *bu = under(base);
  if (!bu || bu->kind == TY_INTERFACE || bu->kind == TY_POINTER) return;
  if (base->kind != TY_NAMED && bu->kind != TY_STRUCT) return;
  if (base->kind == TY_NAMED && base->u.named.ntparams) return; /* generic, uninstantiated */
  MethodSet cand = {0};
  Type *seen[256];
  int nseen = 0;
  collect_candidates(e, base, &cand, 0, seen, &nseen);
  for (uint32_t i = 0; i < cand.n; i++) {
    LookupResult r = types_lookup(e->tc, t, false, cand.m[i]->pkg, cand.m[i]->name);
    if (!r.obj || r.obj->kind != OBJ_FUNC || r.ambiguous || r.needs_ptr) continue;
    if (e->nointerface && types_func_has_directive(r.obj, "go:nointerface")) continue;
    ms_push(s, r.obj);
  }
  free(cand.m);
  if (s->n > 1) qsort(s->m, s->n, sizeof *s->m, method_cmp);
}

/* The method's type without receiver (a func type descriptor). */
static Type *method_type(TypeDescEmitter *e, Object *m) {
  Type *sig = m->type;
  if (!sig || sig->kind != TY_SIGNATURE) return NULL;
  return types_new_signature(e->tc, NULL, sig->u.sig.params, sig->u.sig.results, sig->u.sig.variadic);
}

/* The same for a method of type t: a method of a generic type is declared
 * over its receiver type parameters, which an instance t replaces by its
 * type arguments (s[int].g1 is func() int, not func() T: the runtime
 * compares these when asserting to an interface). */
static Type *method_type_of(TypeDescEmitter *e, Type *t, Object *m) {
  Type *sig = m->type;
  Type *base = t && t->kind == TY_POINTER ? t->u.pointer.elem : t;
  if (sig && sig->kind == TY_SIGNATURE && sig->u.sig.nrtparams && base && base->kind == TY_NAMED &&
      base->u.named.orig && base->u.named.ntargs == sig->u.sig.nrtparams)
    sig = types_subst(e->tc, sig, sig->u.sig.rtparams, base->u.named.targs, base->u.named.ntargs);
  if (!sig || sig->kind != TY_SIGNATURE) return NULL;
  return types_new_signature(e->tc, NULL, sig->u.sig.params, sig->u.sig.results, sig->u.sig.variadic);
}

/* ------------------------------------------------------------ descriptors */

static bool is_direct_iface(Type *t) {
  Type *u = under(t);
  if (!u) return false;
  switch (u->kind) {
  case TY_POINTER:
  case TY_CHAN:
  case TY_MAP:
  case TY_SIGNATURE:
    return true;
  case TY_BASIC:
    return u->basic == UNSAFE_POINTER;
  case TY_ARRAY:
    return u->u.array.len == 1 && is_direct_iface(u->u.array.elem);
  case TY_STRUCT:
    return u->u.strukt.nfields == 1 && is_direct_iface(u->u.strukt.fields[0]->type);
  default:
    return false;
  }
}

static uint8_t kind_of(Type *t) {
  Type *u = under(t);
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING) return ROG_KIND_STRING;
    if (u->basic == UNSAFE_POINTER) return ROG_KIND_UNSAFE_POINTER;
    return (uint8_t)u->basic; /* BOOL..COMPLEX128 share reflect's numbering */
  case TY_POINTER:
    return ROG_KIND_POINTER;
  case TY_SLICE:
    return ROG_KIND_SLICE;
  case TY_ARRAY:
    return ROG_KIND_ARRAY;
  case TY_MAP:
    return ROG_KIND_MAP;
  case TY_CHAN:
    return ROG_KIND_CHAN;
  case TY_SIGNATURE:
    return ROG_KIND_FUNC;
  case TY_STRUCT:
    return ROG_KIND_STRUCT;
  case TY_INTERFACE:
    return ROG_KIND_INTERFACE;
  default:
    return 0;
  }
}

/* FNV-1a of the link string: equal types hash equal. */
static uint32_t type_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

static LLVMValueRef desc(TypeDescEmitter *e, Type *t);

/* Does gc emit ptrToThis for t? Named types (and types whose pointer has
 * methods) always; pointer types (named ones too) only as elements of
 * pointers, which is a weak reference in gc: never here. */
static bool wants_ptr_to_this(TypeDescEmitter *e, Type *t) {
  if (under(t)->kind == TY_POINTER || bucket_of(e, t)) return false;
  if (is_named(t)) return true;
  MethodSet ms;
  method_set(e, types_new_pointer(e->tc, t), &ms);
  free(ms.m);
  return ms.n > 0;
}

/* rog_type (48 bytes). */
static void put_common(TypeDescEmitter *e, Blob *bl, Type *t, const char *link, bool uncommon) {
  int64_t size = tsize(t), ptrdata, nbytes;
  uint8_t *bits = gc_bitmap(t, &ptrdata, &nbytes);
  Alg alg = bucket_of(e, t) ? ALG_NOEQ : alg_of(e->tc, t);
  const char *nm = typedesc_name_string(e, t);
  uint8_t tflag = 0;
  if (uncommon) tflag |= ROG_TFLAG_UNCOMMON;
  if (is_named(t)) tflag |= ROG_TFLAG_NAMED;
  if (alg == ALG_MEM) tflag |= ROG_TFLAG_REGULAR_MEMORY;
  /* gc stores "*T" for T and sets extraStar, so T and *T share bytes */
  bool exported = false;
  Buf s = {0};
  if (nm[0] != '*') {
    buf_ch(&s, '*');
    tflag |= ROG_TFLAG_EXTRA_STAR;
    if (t->kind == TY_NAMED) exported = name_exported(t->u.named.obj->name);
  } else if (t->kind == TY_POINTER && t->u.pointer.elem && t->u.pointer.elem->kind == TY_NAMED) {
    exported = name_exported(t->u.pointer.elem->u.named.obj->name);
  }
  buf_str(&s, nm);
  LLVMValueRef str = plain_name(e, s.p, NULL, NULL, exported, false);
  free(s.p);
  uint8_t kind = kind_of(t);
  if (is_direct_iface(t)) kind |= ROG_KIND_DIRECT_IFACE;
  int64_t align = types_alignof(t);
  if (align < 1) align = 1;
  blob_int(e, bl, 8, (uint64_t)size);
  blob_int(e, bl, 8, (uint64_t)ptrdata);
  blob_int(e, bl, 4, type_hash(link));
  blob_int(e, bl, 1, tflag);
  blob_int(e, bl, 1, (uint64_t)align);
  blob_int(e, bl, 1, (uint64_t)align);
  blob_int(e, bl, 1, kind);
  blob_ptr(e, bl, alg == ALG_NOEQ ? NULL : typedesc_equal_closure(e, t));
  blob_ptr(e, bl, bits ? gcdata_global(e, bits, nbytes) : gcdata_global(e, (const uint8_t *)"", 0));
  free(bits);
  blob_off(e, bl, str);
  blob_off(e, bl, wants_ptr_to_this(e, t) ? desc(e, types_new_pointer(e->tc, t)) : NULL);
}

/* rog_uncommon (16 bytes): `extra` bytes of array data follow it before the
 * methods. */
static void put_uncommon(TypeDescEmitter *e, Blob *bl, Type *t, MethodSet *ms, uint64_t extra) {
  TypesPackage *p = type_pkg(t);
  uint32_t x = 0;
  for (uint32_t i = 0; i < ms->n; i++)
    if (name_exported(ms->m[i]->name)) x++;
  blob_off(e, bl, p ? import_path_name(e, p) : NULL);
  blob_int(e, bl, 2, ms->n);
  blob_int(e, bl, 2, x);
  blob_int(e, bl, 4, sizeof(rog_uncommon) + extra);
  blob_int(e, bl, 4, 0);
}

static LLVMValueRef resolve_method(TypeDescEmitter *e, Type *recv, Object *m, bool ifn) {
  if (!e->resolver) return NULL;
  return e->resolver(e->resolver_ctx, recv, m, ifn);
}

static void put_methods(TypeDescEmitter *e, Blob *bl, Type *t, MethodSet *ms) {
  TypesPackage *tp = type_pkg(t);
  for (uint32_t i = 0; i < ms->n; i++) {
    Object *m = ms->m[i];
    bool ex = name_exported(m->name);
    TypesPackage *mp = !ex && m->pkg != tp ? m->pkg : NULL;
    blob_off(e, bl, plain_name(e, m->name, NULL, mp, ex, false));
    Type *mt = method_type_of(e, t, m);
    blob_off(e, bl, mt ? desc(e, mt) : NULL);
    blob_off(e, bl, resolve_method(e, t, m, true));
    blob_off(e, bl, resolve_method(e, t, m, false));
  }
}

static Type *bucket_type(TypeDescEmitter *e, Type *map);

static LLVMValueRef build_desc(TypeDescEmitter *e, Type *t, const char *sym, const char *link) {
  LLVMValueRef ph = placeholder(e, sym);
  Blob bl = {0};
  bl.self = ph;
  MethodSet ms = {0};
  if (!bucket_of(e, t)) method_set(e, t, &ms);
  bool uncommon = !bucket_of(e, t) && (is_named(t) || ms.n > 0);
  put_common(e, &bl, t, link, uncommon);
  Type *u = under(t);
  uint64_t extra = 0;
  switch (u->kind) {
  case TY_POINTER:
    blob_ptr(e, &bl, desc(e, u->u.pointer.elem));
    break;
  case TY_SLICE:
    blob_ptr(e, &bl, desc(e, u->u.slice.elem));
    break;
  case TY_ARRAY:
    blob_ptr(e, &bl, desc(e, u->u.array.elem));
    blob_ptr(e, &bl, desc(e, types_new_slice(e->tc, u->u.array.elem)));
    blob_int(e, &bl, 8, (uint64_t)u->u.array.len);
    break;
  case TY_CHAN: {
    uint64_t dir = u->u.chan.dir == CHAN_RECV ? 1 : u->u.chan.dir == CHAN_SEND ? 2 : 3;
    blob_ptr(e, &bl, desc(e, u->u.chan.elem));
    blob_int(e, &bl, 8, dir);
    break;
  }
  case TY_MAP: {
    Type *k = u->u.map.key, *v = u->u.map.elem;
    Type *bk = bucket_type(e, u);
    int64_t ks = tsize(k), vs = tsize(v);
    uint32_t flags = 0;
    if (ks > 128) flags |= ROG_MAP_INDIRECT_KEY;
    if (vs > 128) flags |= ROG_MAP_INDIRECT_ELEM;
    Alg ka = alg_of(e->tc, k);
    /* reflexive: k == k for every key; gc's isReflexive / needkeyupdate /
     * hashMightPanic, computed by walking the key type */
    bool refl = true, upd = false, panics = false;
    Type *stack[64];
    int sp = 0;
    stack[sp++] = k;
    while (sp > 0) {
      Type *x = under(stack[--sp]);
      if (!x) continue;
      if (x->kind == TY_BASIC) {
        if (types_is_basic(x, BI_FLOAT | BI_COMPLEX)) refl = false, upd = true;
        if (x->basic == STRING) upd = true;
      } else if (x->kind == TY_INTERFACE) {
        refl = false, upd = true, panics = true;
      } else if (x->kind == TY_ARRAY && sp < 64) {
        stack[sp++] = x->u.array.elem;
      } else if (x->kind == TY_STRUCT) {
        for (uint32_t i = 0; i < x->u.strukt.nfields && sp < 64; i++)
          stack[sp++] = x->u.strukt.fields[i]->type;
      }
    }
    (void)ka;
    if (refl) flags |= ROG_MAP_REFLEXIVE_KEY;
    if (upd) flags |= ROG_MAP_NEED_KEY_UPDATE;
    if (panics) flags |= ROG_MAP_HASH_MIGHT_PANIC;
    blob_ptr(e, &bl, desc(e, k));
    blob_ptr(e, &bl, desc(e, v));
    blob_ptr(e, &bl, desc(e, bk));
    blob_ptr(e, &bl, typedesc_hash_closure(e, k));
    blob_int(e, &bl, 1, (uint64_t)(ks > 128 ? 8 : ks));
    blob_int(e, &bl, 1, (uint64_t)(vs > 128 ? 8 : vs));
    blob_int(e, &bl, 2, (uint64_t)tsize(bk));
    blob_int(e, &bl, 4, flags);
    break;
  }
  case TY_SIGNATURE: {
    Type *ps = u->u.sig.params, *rs = u->u.sig.results;
    uint32_t np = ps ? ps->u.tuple.len : 0, nr = rs ? rs->u.tuple.len : 0;
    blob_int(e, &bl, 2, np);
    blob_int(e, &bl, 2, nr | (u->u.sig.variadic ? ROG_FUNC_VARIADIC : 0));
    blob_pad(e, &bl, 8);
    extra = 8 * (uint64_t)(np + nr);
    if (uncommon) put_uncommon(e, &bl, t, &ms, extra);
    for (uint32_t i = 0; i < np; i++)
      blob_ptr(e, &bl, desc(e, ps->u.tuple.vars[i]->type));
    for (uint32_t i = 0; i < nr; i++)
      blob_ptr(e, &bl, desc(e, rs->u.tuple.vars[i]->type));
    goto methods;
  }
  case TY_INTERFACE: {
    uint32_t n;
    Object **im = iface_methods(e, u, &n);
    TypesPackage *tpkg = t->kind == TY_NAMED ? t->u.named.obj->pkg : NULL;
    blob_ptr(e, &bl, tpkg ? import_path_name(e, tpkg) : NULL);
    uint64_t arr = sizeof(rog_interfacetype) + (uncommon ? sizeof(rog_uncommon) : 0);
    blob_ptr(e, &bl, n ? self_at(e, &bl, arr) : NULL);
    blob_int(e, &bl, 8, n);
    blob_int(e, &bl, 8, n);
    extra = sizeof(rog_imethod) * (uint64_t)n;
    if (uncommon) put_uncommon(e, &bl, t, &ms, extra);
    for (uint32_t i = 0; i < n; i++) {
      bool ex = name_exported(im[i]->name);
      TypesPackage *mp = !ex && im[i]->pkg != tpkg ? im[i]->pkg : NULL;
      blob_off(e, &bl, plain_name(e, im[i]->name, NULL, mp, ex, false));
      Type *mt = method_type(e, im[i]);
      blob_off(e, &bl, mt ? desc(e, mt) : NULL);
    }
    goto methods;
  }
  case TY_STRUCT: {
    uint32_t n = u->u.strukt.nfields;
    TypesPackage *spkg = NULL;
    for (uint32_t i = 0; i < n; i++)
      if (!name_exported(u->u.strukt.fields[i]->name)) {
        spkg = u->u.strukt.fields[i]->pkg;
        break;
      }
    int64_t *offs = malloc((n ? n : 1) * sizeof *offs);
    if (!offs || !types_offsetsof(u, offs)) abort();
    blob_ptr(e, &bl, spkg ? import_path_name(e, spkg) : NULL);
    uint64_t arr = sizeof(rog_structtype) + (uncommon ? sizeof(rog_uncommon) : 0);
    blob_ptr(e, &bl, n ? self_at(e, &bl, arr) : NULL);
    blob_int(e, &bl, 8, n);
    blob_int(e, &bl, 8, n);
    extra = sizeof(rog_structfield) * (uint64_t)n;
    if (uncommon) put_uncommon(e, &bl, t, &ms, extra);
    for (uint32_t i = 0; i < n; i++) {
      Object *f = u->u.strukt.fields[i];
      const char *tag = u->u.strukt.tags ? u->u.strukt.tags[i] : NULL;
      blob_ptr(e, &bl, plain_name(e, f->name, tag, NULL, name_exported(f->name), f->embedded));
      blob_ptr(e, &bl, desc(e, f->type));
      blob_int(e, &bl, 8, (uint64_t)offs[i]);
    }
    free(offs);
    goto methods;
  }
  default:
    break;
  }
  if (uncommon) put_uncommon(e, &bl, t, &ms, 0);
methods:
  put_methods(e, &bl, t, &ms);
  free(ms.m);
  return blob_finish(e, &bl, ph, sym, "rog_types", 8);
}

/* The typelinks entry of a descriptor (reflect's typelinks, served by
 * runtime/iface/typelinks.c): a pointer to it in section "rog_typelinks",
 * `type..link.SYM`, linkonce in a comdat of its own name like the
 * descriptor, so a program keeps one per type. gc lists only the unnamed
 * pointer, array, chan, func, map, slice and struct types (the ones
 * reflect's PtrTo/ArrayOf/ChanOf/FuncOf/MapOf/SliceOf/StructOf must find
 * instead of building a duplicate); rog lists every type, because
 * reflect.call resolves the types named in a call frame's name by string
 * (runtime/iface/reflectcall.c). The extra entries never match reflect's
 * own lookups: a named type's string is its qualified name, which no
 * composite type string equals. */
static void typelink(TypeDescEmitter *e, LLVMValueRef g, const char *sym) {
  Buf name = {0};
  buf_str(&name, "type..link.");
  buf_str(&name, sym);
  LLVMValueRef l = LLVMAddGlobal(e->m, e->ptr, name.p);
  LLVMSetInitializer(l, g);
  set_linkonce(e, l, name.p);
  LLVMSetSection(l, "rog_typelinks");
  LLVMSetAlignment(l, 8);
  free(name.p);
}

static LLVMValueRef desc(TypeDescEmitter *e, Type *t) {
  t = concrete(e, t);
  if (!t) return NULL;
  const char *link = typedesc_link_string(e, t);
  Buf sym = {0};
  buf_str(&sym, "type.");
  if (bucket_of(e, t)) buf_str(&sym, "noalg.");
  buf_str(&sym, link);
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, sym.p);
  if (!g) {
    g = build_desc(e, t, sym.p, link);
    if (!bucket_of(e, t)) typelink(e, g, sym.p);
  }
  free(sym.p);
  return g;
}

LLVMValueRef typedesc_get(TypeDescEmitter *e, Type *t) {
  LLVMValueRef g = desc(e, t);
  return g ? g : LLVMConstNull(e->ptr);
}

/* gc's map bucket: struct { topbits [8]uint8; keys [8]K; elems [8]V;
 * overflow P } with K/V replaced by pointers above 128 bytes and P uintptr
 * when nothing else has pointers. */
static Type *bucket_type(TypeDescEmitter *e, Type *map) {
  for (int i = 0; i < e->nbuckets; i++)
    if (types_identical(e->buckets[i].map, map)) return e->buckets[i].bucket;
  Type *k = map->u.map.key, *v = map->u.map.elem;
  if (tsize(k) > 128) k = types_new_pointer(e->tc, k);
  if (tsize(v) > 128) v = types_new_pointer(e->tc, v);
  Type *ov = types_basic(e->tc, has_pointers(k) || has_pointers(v) ? UNSAFE_POINTER : UINTPTR);
  Object **f = types_alloc(e->tc, 4 * sizeof *f);
  const char *names[4] = {"topbits", "keys", "elems", "overflow"};
  Type *ft[4] = {types_new_array(e->tc, types_basic(e->tc, UINT8), 8), types_new_array(e->tc, k, 8),
                 types_new_array(e->tc, v, 8), ov};
  for (int i = 0; i < 4; i++) {
    f[i] = types_new_object(e->tc, OBJ_VAR, e->pkg, names[i], ft[i]);
    f[i]->is_field = true;
  }
  Type *bk = types_new_struct(e->tc, f, NULL, 4);
  if (e->nbuckets == e->cap_buckets) {
    int cap = e->cap_buckets ? 2 * e->cap_buckets : 8;
    Bucket *p = realloc(e->buckets, (size_t)cap * sizeof *p);
    if (!p) abort();
    e->buckets = p;
    e->cap_buckets = cap;
  }
  e->buckets[e->nbuckets++] = (Bucket){bk, map};
  return bk;
}

TypedescMapFast typedesc_map_fast(TypeDescEmitter *e, Type *map) {
  (void)e;
  Type *u = under(map);
  if (!u || u->kind != TY_MAP || tsize(u->u.map.elem) > 128) return TD_MAP_SLOW;
  Type *k = u->u.map.key;
  Type *ku = under(k);
  if (ku->kind == TY_BASIC && ku->basic == STRING) return TD_MAP_FASTSTR;
  if (alg_of(e->tc, k) != ALG_MEM) return TD_MAP_SLOW;
  if (tsize(k) == 4) return TD_MAP_FAST32;
  if (tsize(k) == 8) return TD_MAP_FAST64;
  return TD_MAP_SLOW;
}

/* ------------------------------------------------------------------ itabs */

LLVMValueRef typedesc_itab(TypeDescEmitter *e, Type *concrete_t, Type *iface) {
  Buf sym = {0};
  buf_str(&sym, "go.itab.");
  buf_str(&sym, typedesc_link_string(e, concrete_t));
  buf_ch(&sym, ',');
  buf_str(&sym, typedesc_link_string(e, iface));
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, sym.p);
  if (g) {
    free(sym.p);
    return g;
  }
  uint32_t n;
  Object **im = iface_methods(e, iface, &n);
  MethodSet ms;
  method_set(e, concrete_t, &ms);
  LLVMTypeRef fun_ty = LLVMArrayType2(e->ptr, n ? n : 1);
  LLVMValueRef *fns = calloc(n ? n : 1, sizeof *fns);
  if (!fns) abort();
  for (uint32_t i = 0; i < n; i++) {
    LLVMValueRef f = NULL;
    for (uint32_t j = 0; j < ms.n; j++)
      if (same_method_name(ms.m[j], im[i])) f = resolve_method(e, concrete_t, ms.m[j], true);
    fns[i] = f ? f : LLVMConstNull(e->ptr);
  }
  if (n == 0) fns[0] = LLVMConstNull(e->ptr);
  free(ms.m);
  LLVMTypeRef tys[5] = {e->ptr, e->ptr, e->i32, LLVMArrayType2(e->i8, 4), fun_ty};
  LLVMValueRef vals[5] = {desc(e, iface), desc(e, concrete_t),
                          cint(e->i32, type_hash(typedesc_link_string(e, concrete_t))), LLVMConstNull(tys[3]),
                          LLVMConstArray2(e->ptr, fns, n ? n : 1)};
  free(fns);
  LLVMTypeRef ty = LLVMStructTypeInContext(e->ctx, tys, 5, false);
  g = LLVMAddGlobal(e->m, ty, sym.p);
  LLVMSetInitializer(g, LLVMConstNamedStruct(ty, vals, 5));
  set_linkonce(e, g, sym.p);
  /* Section "rog_itabs": back to back (each 24 + 8*max(n,1) bytes, a
   * multiple of the alignment), so the runtime can walk them from
   * __start_rog_itabs and make its itab cache return these very itabs, as
   * gc's itabsinit does (then itab pointers are unique per program). */
  LLVMSetSection(g, "rog_itabs");
  LLVMSetAlignment(g, 8);
  free(sym.p);
  return g;
}
