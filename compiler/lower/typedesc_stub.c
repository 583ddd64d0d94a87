/*
 * typedesc_stub.c: TEMPORARY minimal implementation of typedesc.h so the
 * lowering core can build and run programs before the typedesc helper's
 * typedesc.c lands (then this file is deleted). It emits only what the
 * runtime needs to allocate and scan: size, ptrdata, kind, align, the
 * gcdata bitmap, the element pointers of pointer/slice/array/chan/map
 * descriptors, and static itabs with the method words. No names, no
 * uncommon/method tables, no equal/hash closures (NULL).
 * TODO(typedesc): replace by typedesc.c.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/lower/typedesc.h"

struct TypeDescEmitter {
  LLVMModuleRef m;
  LLVMContextRef ctx;
  TypesCtx *tc;
  TypesPackage *pkg;
  typedesc_method_fn resolve;
  void *resolve_ctx;
};

TypeDescEmitter *typedesc_new(LLVMModuleRef m, TypesCtx *tc, TypesPackage *pkg) {
  TypeDescEmitter *e = calloc(1, sizeof *e);
  e->m = m;
  e->ctx = LLVMGetModuleContext(m);
  e->tc = tc;
  e->pkg = pkg;
  return e;
}

void typedesc_free(TypeDescEmitter *e) { free(e); }

void typedesc_set_method_resolver(TypeDescEmitter *e, typedesc_method_fn fn, void *ctx) {
  e->resolve = fn;
  e->resolve_ctx = ctx;
}

const char *typedesc_link_string(TypeDescEmitter *e, Type *t) { return types_string(e->tc, t, NULL); }
const char *typedesc_name_string(TypeDescEmitter *e, Type *t) { return types_string(e->tc, t, e->pkg); }

static void set_bits(Type *t, int64_t off, uint8_t *bits) {
  Type *u = types_underlying(t);
  switch (u->kind) {
  case TY_BASIC:
    if (u->basic == STRING || u->basic == UNSAFE_POINTER) bits[off / 8 / 8] |= (uint8_t)(1u << ((off / 8) % 8));
    return;
  case TY_POINTER:
  case TY_MAP:
  case TY_CHAN:
  case TY_SIGNATURE:
  case TY_SLICE:
    bits[off / 8 / 8] |= (uint8_t)(1u << ((off / 8) % 8));
    return;
  case TY_INTERFACE:
    bits[off / 8 / 8] |= (uint8_t)(1u << ((off / 8) % 8));
    off += 8;
    bits[off / 8 / 8] |= (uint8_t)(1u << ((off / 8) % 8));
    return;
  case TY_ARRAY: {
    int64_t es = types_sizeof(u->u.array.elem);
    for (int64_t i = 0; i < u->u.array.len; i++) set_bits(u->u.array.elem, off + i * es, bits);
    return;
  }
  case TY_STRUCT: {
    int64_t *offs = calloc(u->u.strukt.nfields + 1, sizeof *offs);
    types_offsetsof(u, offs);
    for (uint32_t i = 0; i < u->u.strukt.nfields; i++) set_bits(u->u.strukt.fields[i]->type, off + offs[i], bits);
    free(offs);
    return;
  }
  default:
    return;
  }
}

static int kind_of(Type *u) {
  switch (u->kind) {
  case TY_BASIC:
    switch (u->basic) {
    case BOOL:
      return 1;
    case INT:
      return 2;
    case INT8:
      return 3;
    case INT16:
      return 4;
    case INT32:
      return 5;
    case INT64:
      return 6;
    case UINT:
      return 7;
    case UINT8:
      return 8;
    case UINT16:
      return 9;
    case UINT32:
      return 10;
    case UINT64:
      return 11;
    case UINTPTR:
      return 12;
    case FLOAT32:
      return 13;
    case FLOAT64:
      return 14;
    case COMPLEX64:
      return 15;
    case COMPLEX128:
      return 16;
    case STRING:
      return 24;
    case UNSAFE_POINTER:
      return 26;
    default:
      return 0;
    }
  case TY_ARRAY:
    return 17;
  case TY_CHAN:
    return 18;
  case TY_SIGNATURE:
    return 19;
  case TY_INTERFACE:
    return 20;
  case TY_MAP:
    return 21;
  case TY_POINTER:
    return 22;
  case TY_SLICE:
    return 23;
  case TY_STRUCT:
    return 25;
  default:
    return 0;
  }
}

LLVMValueRef typedesc_get(TypeDescEmitter *e, Type *t) {
  const char *ls = typedesc_link_string(e, t);
  char *name = malloc(strlen(ls) + 8);
  strcpy(name, "type.");
  strcat(name, ls);
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, name);
  if (g) {
    free(name);
    return g;
  }
  LLVMTypeRef i8 = LLVMInt8TypeInContext(e->ctx), i32 = LLVMInt32TypeInContext(e->ctx),
              i64 = LLVMInt64TypeInContext(e->ctx), ptr = LLVMPointerTypeInContext(e->ctx, 0);
  Type *u = types_underlying(t);
  int64_t size = types_sizeof(t);
  if (size < 0) size = 0;
  int64_t nwords = (size + 7) / 8;
  uint8_t *bits = calloc((size_t)(nwords / 8 + 2), 1);
  set_bits(t, 0, bits);
  int64_t ptrdata = 0;
  for (int64_t w = 0; w < nwords; w++)
    if (bits[w / 8] & (1u << (w % 8))) ptrdata = (w + 1) * 8;
  LLVMValueRef gcdata = LLVMConstNull(ptr);
  if (ptrdata) {
    size_t nb = (size_t)(ptrdata / 8 + 7) / 8;
    LLVMValueRef init = LLVMConstStringInContext2(e->ctx, (const char *)bits, nb, true);
    LLVMValueRef gg = LLVMAddGlobal(e->m, LLVMTypeOf(init), "");
    LLVMSetInitializer(gg, init);
    LLVMSetGlobalConstant(gg, true);
    LLVMSetLinkage(gg, LLVMPrivateLinkage);
    gcdata = gg;
  }
  free(bits);
  int kind = kind_of(u);
  bool direct = u->kind == TY_POINTER || u->kind == TY_MAP || u->kind == TY_CHAN || u->kind == TY_SIGNATURE ||
                (u->kind == TY_BASIC && u->basic == UNSAFE_POINTER);
  if (direct) kind |= 1 << 5;
  uint32_t hash = 2166136261u;
  for (const char *p = ls; *p; p++) hash = (hash ^ (uint8_t)*p) * 16777619u;
  int64_t al = types_alignof(t);
  LLVMValueRef f[16];
  LLVMTypeRef ft[16];
  unsigned n = 0;
#define F(ty, v)                                                                                             \
  do {                                                                                                       \
    ft[n] = ty;                                                                                              \
    f[n++] = v;                                                                                              \
  } while (0)
  F(i64, LLVMConstInt(i64, (unsigned long long)size, false));
  F(i64, LLVMConstInt(i64, (unsigned long long)ptrdata, false));
  F(i32, LLVMConstInt(i32, hash, false));
  F(i8, LLVMConstInt(i8, 0, false));
  F(i8, LLVMConstInt(i8, (unsigned long long)al, false));
  F(i8, LLVMConstInt(i8, (unsigned long long)al, false));
  F(i8, LLVMConstInt(i8, (unsigned long long)kind, false));
  F(ptr, LLVMConstNull(ptr));
  F(ptr, gcdata);
  F(i32, LLVMConstInt(i32, 0, false));
  F(i32, LLVMConstInt(i32, 0, false));
  LLVMTypeRef pre[16];
  memcpy(pre, ft, sizeof ft);
  /* create the global first (recursive types refer to it) */
  g = LLVMAddGlobal(e->m, LLVMStructTypeInContext(e->ctx, ft, n, false), name);
  switch (u->kind) {
  case TY_POINTER:
    F(ptr, typedesc_get(e, u->u.pointer.elem));
    break;
  case TY_SLICE:
    F(ptr, typedesc_get(e, u->u.slice.elem));
    break;
  case TY_ARRAY:
    F(ptr, typedesc_get(e, u->u.array.elem));
    F(ptr, LLVMConstNull(ptr));
    F(i64, LLVMConstInt(i64, (unsigned long long)u->u.array.len, false));
    break;
  case TY_CHAN:
    F(ptr, typedesc_get(e, u->u.chan.elem));
    F(i64, LLVMConstInt(i64, 3, false));
    break;
  default:
    break;
  }
#undef F
  LLVMValueRef init = LLVMConstStructInContext(e->ctx, f, n, false);
  if (LLVMTypeOf(init) != LLVMGlobalGetValueType(g)) {
    LLVMValueRef g2 = LLVMAddGlobal(e->m, LLVMTypeOf(init), "");
    LLVMReplaceAllUsesWith(g, g2);
    LLVMDeleteGlobal(g);
    g = g2;
    LLVMSetValueName2(g, name, strlen(name));
  }
  LLVMSetInitializer(g, init);
  LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
  LLVMSetAlignment(g, 8);
  free(name);
  return g;
}

LLVMValueRef typedesc_itab(TypeDescEmitter *e, Type *concrete, Type *iface) {
  const char *cs = typedesc_link_string(e, concrete), *is = typedesc_link_string(e, iface);
  char *name = malloc(strlen(cs) + strlen(is) + 16);
  sprintf(name, "go.itab.%s,%s", cs, is);
  LLVMValueRef g = LLVMGetNamedGlobal(e->m, name);
  if (g) {
    free(name);
    return g;
  }
  LLVMTypeRef i32 = LLVMInt32TypeInContext(e->ctx), ptr = LLVMPointerTypeInContext(e->ctx, 0);
  TypeSet *ts = types_typeset(e->tc, types_underlying(iface));
  unsigned n = 4 + ts->nmethods;
  LLVMValueRef *f = calloc(n, sizeof *f);
  LLVMTypeRef *ft = calloc(n, sizeof *ft);
  ft[0] = ptr;
  ft[1] = ptr;
  ft[2] = i32;
  ft[3] = i32;
  for (unsigned i = 4; i < n; i++) ft[i] = ptr;
  g = LLVMAddGlobal(e->m, LLVMStructTypeInContext(e->ctx, ft, n, false), name);
  f[0] = typedesc_get(e, iface);
  f[1] = typedesc_get(e, concrete);
  f[2] = LLVMConstInt(i32, 0, false);
  f[3] = LLVMConstInt(i32, 0, false);
  for (uint32_t i = 0; i < ts->nmethods; i++) {
    LLVMValueRef code = e->resolve ? e->resolve(e->resolve_ctx, concrete, ts->methods[i], true) : NULL;
    f[4 + i] = code ? code : LLVMConstNull(ptr);
  }
  LLVMSetInitializer(g, LLVMConstStructInContext(e->ctx, f, n, false));
  LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
  LLVMSetAlignment(g, 8);
  free(f);
  free(ft);
  free(name);
  return g;
}

LLVMValueRef typedesc_equal_closure(TypeDescEmitter *e, Type *t) {
  (void)t;
  return LLVMConstNull(LLVMPointerTypeInContext(e->ctx, 0));
}
LLVMValueRef typedesc_hash_closure(TypeDescEmitter *e, Type *t) {
  (void)t;
  return LLVMConstNull(LLVMPointerTypeInContext(e->ctx, 0));
}
LLVMValueRef typedesc_equal_fn(TypeDescEmitter *e, Type *t) {
  (void)t;
  return LLVMConstNull(LLVMPointerTypeInContext(e->ctx, 0));
}
LLVMValueRef typedesc_hash_fn(TypeDescEmitter *e, Type *t) {
  (void)t;
  return LLVMConstNull(LLVMPointerTypeInContext(e->ctx, 0));
}
TypedescMapFast typedesc_map_fast(TypeDescEmitter *e, Type *map) {
  (void)e;
  (void)map;
  return TD_MAP_SLOW;
}
bool typedesc_is_regular_memory(Type *t) {
  (void)t;
  return false;
}
