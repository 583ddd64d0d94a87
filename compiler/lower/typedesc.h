/*
 * typedesc.h: type descriptors, itabs and type algorithms (compiler/lower).
 *
 * The emitter turns checker types (types.h) into gc 1.19-layout run-time
 * type descriptors (abi.h [types], [map]) inside one LLVM module:
 *   - `type.LINKSTRING` globals (gc's symbol names: type.main.T, type.*main.T,
 *     type.[]int, type.map[string]int, type.func(int) string, ...), each one
 *     linkonce_odr in its own comdat, in section "rog_types", holding the
 *     kind-specific descriptor, the uncommon part and its arrays (struct
 *     fields, interface methods, func parameters, methods);
 *   - names (runtime.name encoding) and gcdata bitmaps, deduplicated the same
 *     way;
 *   - itabs `go.itab.CONCRETE,IFACE`;
 *   - equality and hash closures (the runtime's static closures for plain
 *     memory, strings, floats, interfaces; generated functions
 *     `type..eq.T` / `type..hash.T` for other structs and arrays).
 * Everything is created on first request and cached by the type's link
 * string, so identical types (types are not interned by the checker) share
 * one descriptor per module, and linkonce_odr makes them one per program.
 * Design notes and rejected alternatives: typedesc.c.
 */
#ifndef ROG_LOWER_TYPEDESC_H
#define ROG_LOWER_TYPEDESC_H

#include <stdbool.h>

#include <llvm-c/Core.h>

#include "compiler/types/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TypeDescEmitter TypeDescEmitter;

/* m: the module being built; tc: the checker's context; pkg: the package
 * being compiled (its path qualifies unexported names and local types). */
TypeDescEmitter *typedesc_new(LLVMModuleRef m, TypesCtx *tc, TypesPackage *pkg);
/* Ends emission into the module: keeps the typelinks entries (section
 * rog_typelinks) alive through optimization (@llvm.compiler.used). */
void typedesc_finish(TypeDescEmitter *e);
/* Adds v[0..n) to the module's @llvm.compiler.used, merging with the list
 * already there (one list per module: a second one would be ignored). */
void typedesc_add_compiler_used(LLVMModuleRef m, LLVMValueRef *v, size_t n);
void typedesc_free(TypeDescEmitter *e);

/* The LLVM function of a method, provided by the lower core. recv is the
 * named type T or *T whose method set holds `method` (possibly promoted
 * through embedded fields: method is then the embedded type's method and
 * the resolver provides the wrapper gc names `pkg.T.M` / `pkg.(*T).M`).
 * ifn: the variant taking the receiver as one pointer-shaped word (for T
 * that is not pointer-shaped, the pointer wrapper `pkg.(*T).M`); !ifn: the
 * function called directly (`pkg.T.M` for value receivers). May return NULL
 * (the method entry then gets offset 0, which the runtime treats as "not
 * implemented"). */
typedef LLVMValueRef (*typedesc_method_fn)(void *ctx, Type *recv, Object *method, bool ifn);
void typedesc_set_method_resolver(TypeDescEmitter *e, typedesc_method_fn fn, void *ctx);
/* GOEXPERIMENT=fieldtrack: methods declared //go:nointerface are left out
 * of method tables and itabs, so no interface is satisfied through them
 * at run time (gc's reflectdata does this under that experiment only;
 * test/fixedbugs/issue47928.go). */
void typedesc_set_nointerface(TypeDescEmitter *e, bool on);

/* A pointer to the type's rog_type (the start of its kind-specific
 * descriptor). t must be a typed, non-tuple, non-generic type. */
LLVMValueRef typedesc_get(TypeDescEmitter *e, Type *t);
/* The static itab go.itab.CONCRETE,IFACE (iface a non-empty interface that
 * concrete implements). */
LLVMValueRef typedesc_itab(TypeDescEmitter *e, Type *concrete, Type *iface);
/* Func values (pointers to closures): t's equality func(p, q unsafe.Pointer)
 * bool (NULL if t is not comparable), and its hash func(p unsafe.Pointer,
 * seed uintptr) uintptr (NULL if not comparable). */
LLVMValueRef typedesc_equal_closure(TypeDescEmitter *e, Type *t);
LLVMValueRef typedesc_hash_closure(TypeDescEmitter *e, Type *t);
/* The LLVM functions behind those closures, for direct calls (`a == b` on a
 * struct): i1 (ptr, ptr) and i64 (ptr, i64). NULL if not comparable. */
LLVMValueRef typedesc_equal_fn(TypeDescEmitter *e, Type *t);
LLVMValueRef typedesc_hash_fn(TypeDescEmitter *e, Type *t);

/* Map key classification for the _fast entry points of abi.h [map]. */
typedef enum TypedescMapFast {
  TD_MAP_SLOW = 0, /* generic rog_mapaccess1 & co */
  TD_MAP_FAST32,   /* 4-byte plain-memory key, elem <= 128 bytes */
  TD_MAP_FAST64,   /* 8-byte plain-memory key, elem <= 128 bytes */
  TD_MAP_FASTSTR   /* string key, elem <= 128 bytes */
} TypedescMapFast;
TypedescMapFast typedesc_map_fast(TypeDescEmitter *e, Type *map);
/* Whether t's values are plain memory (== is memcmp, gc's AMEM). */
bool typedesc_is_regular_memory(TypeDescEmitter *e, Type *t);

/* gc's link string of t ("main.T", "*main.T", "map[string]int") and the
 * string reflect shows (t.String()): arena strings of the emitter. */
const char *typedesc_link_string(TypeDescEmitter *e, Type *t);
const char *typedesc_name_string(TypeDescEmitter *e, Type *t);

#ifdef __cplusplus
}
#endif
#endif /* ROG_LOWER_TYPEDESC_H */
