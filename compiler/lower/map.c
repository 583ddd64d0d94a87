/*
 * map.c: map element access (abi.h [map]).
 *
 * The core (expr.c, stmt.c, call.c) evaluates the map and the key (into a
 * stack slot) and asks this file for the elem pointer of `m[k]`, the slot
 * of `m[k] = v` or the deletion; make, literals, len and range stay in the
 * core as plain rog_makemap/rog_maplen/rog_mapiter* calls. Here the entry
 * point is chosen as gc's walk does:
 *   key kind (typedesc_map_fast)      access / delete        assign
 *   4-byte plain memory, elem <= 128  *_fast32 (key by value) _fast32
 *   8-byte plain memory, elem <= 128  *_fast64                _fast64, or
 *                                                             _fast64ptr when
 *                                                             the key is a
 *                                                             pointer
 *   string, elem <= 128               *_faststr (ptr, len)    _faststr
 *   anything else                     generic (key by pointer)
 * Elems over ROG_MAP_ZERO_SIZE bytes read through the _fat variants with a
 * zero object of the elem's size (`go.map.zero.N`, linkonce_odr, one per
 * size per program) because the runtime's shared zero block is smaller.
 *
 * Fast-path keys are loaded from the caller's key slot; LLVM forwards the
 * store that filled it, so no stack traffic remains after optimization.
 * Rejected: passing every key by pointer (the generic path costs a hasher
 * closure call per access; the fast paths hash inline in the runtime).
 */
#include <stdio.h>

#include <llvm-c/Comdat.h>

#include "compiler/lower/internal.h"
#include "compiler/lower/typedesc.h"
#include "rog/abi.h"

/* The map type's key, elem and fast-path class. */
typedef struct MapInfo {
  Type *key, *elem;
  TypedescMapFast fast;
  bool fat;       /* elem larger than the runtime's zero block */
  bool ptr_key;   /* 8-byte key that is a pointer (assign: _fast64ptr) */
  LLVMValueRef t; /* the map type descriptor */
} MapInfo;

static MapInfo map_info(Lower *L, Type *mt) {
  MapInfo mi;
  Type *u = types_underlying(mt);
  mi.key = u->u.map.key;
  mi.elem = u->u.map.elem;
  mi.fast = typedesc_map_fast(L->td, mt);
  mi.fat = types_sizeof(mi.elem) > ROG_MAP_ZERO_SIZE;
  Type *ku = types_underlying(mi.key);
  mi.ptr_key = mi.fast == TD_MAP_FAST64 && (ku->kind == TY_POINTER || ku->kind == TY_CHAN ||
                                            (ku->kind == TY_BASIC && ku->basic == UNSAFE_POINTER));
  mi.t = lower_typedesc_of(L, mt);
  return mi;
}

/* The first arguments of a fast entry point: t, m, then the key by value
 * (i32, i64, or a string's ptr and len). Returns the argument count. */
static unsigned fast_args(Lower *L, const MapInfo *mi, LLVMValueRef m, LLVMValueRef kp, bool ptr_key,
                          LLVMValueRef *a) {
  a[0] = mi->t;
  a[1] = m;
  switch (mi->fast) {
  case TD_MAP_FAST32:
    a[2] = LLVMBuildLoad2(L->b, L->i32, kp, "key");
    LLVMSetAlignment(a[2], 1);
    return 3;
  case TD_MAP_FAST64:
    a[2] = LLVMBuildLoad2(L->b, ptr_key ? L->ptr : L->i64, kp, "key");
    LLVMSetAlignment(a[2], 1);
    return 3;
  case TD_MAP_FASTSTR: {
    LLVMValueRef s = LLVMBuildLoad2(L->b, L->str, kp, "key");
    a[2] = LLVMBuildExtractValue(L->b, s, 0, "");
    a[3] = LLVMBuildExtractValue(L->b, s, 1, "");
    return 4;
  }
  default:
    a[2] = kp;
    return 3;
  }
}

static const char *fast_suffix(TypedescMapFast f) {
  switch (f) {
  case TD_MAP_FAST32:
    return "_fast32";
  case TD_MAP_FAST64:
    return "_fast64";
  case TD_MAP_FASTSTR:
    return "_faststr";
  default:
    return "";
  }
}

/* go.map.zero.N: N zero bytes for the _fat reads. */
static LLVMValueRef zero_object(Lower *L, Type *elem) {
  int64_t n = types_sizeof(elem);
  char name[64];
  snprintf(name, sizeof name, "go.map.zero.%lld", (long long)n);
  LLVMValueRef g = LLVMGetNamedGlobal(L->mod, name);
  if (g) return g;
  LLVMTypeRef ty = LLVMArrayType2(L->i8, (uint64_t)n);
  g = LLVMAddGlobal(L->mod, ty, name);
  LLVMSetInitializer(g, LLVMConstNull(ty));
  LLVMSetGlobalConstant(g, true);
  LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
  LLVMSetComdat(g, LLVMGetOrInsertComdat(L->mod, name));
  LLVMSetAlignment(g, 8);
  return g;
}

LLVMValueRef lower_map_access1(Lower *L, Type *mt, LLVMValueRef m, LLVMValueRef kp) {
  MapInfo mi = map_info(L, mt);
  LLVMValueRef a[5];
  if (mi.fat) {
    LLVMValueRef f[4] = {mi.t, m, kp, zero_object(L, mi.elem)};
    return lower_rt_call(L, "rog_mapaccess1_fat", L->ptr, f, 4);
  }
  unsigned n = fast_args(L, &mi, m, kp, false, a);
  return lower_rt_call(L, lower_strf(L, "rog_mapaccess1%s", fast_suffix(mi.fast)), L->ptr, a, n);
}

LLVMValueRef lower_map_access2(Lower *L, Type *mt, LLVMValueRef m, LLVMValueRef kp, LLVMValueRef okp) {
  MapInfo mi = map_info(L, mt);
  LLVMValueRef a[6];
  if (mi.fat) {
    LLVMValueRef f[5] = {mi.t, m, kp, zero_object(L, mi.elem), okp};
    return lower_rt_call(L, "rog_mapaccess2_fat", L->ptr, f, 5);
  }
  unsigned n = fast_args(L, &mi, m, kp, false, a);
  a[n++] = okp;
  return lower_rt_call(L, lower_strf(L, "rog_mapaccess2%s", fast_suffix(mi.fast)), L->ptr, a, n);
}

LLVMValueRef lower_map_assign(Lower *L, Type *mt, LLVMValueRef m, LLVMValueRef kp) {
  MapInfo mi = map_info(L, mt);
  LLVMValueRef a[5];
  unsigned n = fast_args(L, &mi, m, kp, mi.ptr_key, a);
  const char *sfx = mi.ptr_key ? "_fast64ptr" : fast_suffix(mi.fast);
  return lower_rt_call(L, lower_strf(L, "rog_mapassign%s", sfx), L->ptr, a, n);
}

void lower_map_delete(Lower *L, Type *mt, LLVMValueRef m, LLVMValueRef kp) {
  MapInfo mi = map_info(L, mt);
  LLVMValueRef a[5];
  unsigned n = fast_args(L, &mi, m, kp, false, a);
  lower_rt_call(L, lower_strf(L, "rog_mapdelete%s", fast_suffix(mi.fast)), NULL, a, n);
}
