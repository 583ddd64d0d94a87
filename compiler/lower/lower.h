/*
 * lower.h: compiler/lower, the typed AST (syntax.h + types.h) to LLVM IR
 * through the LLVM-C API. One module per package; the driver runs rog's IR
 * passes and LLVM's pipeline over it afterwards.
 *
 * Files (one per construct area, DESIGN section 1):
 *   lower.c    context, Go type -> LLVM type, function declarations and gc
 *              symbol names, package structure (globals, init), entry point
 *   expr.c     expressions: constants, operators with Go semantics,
 *              indexing/slicing with bounds checks, composite literals
 *   stmt.c     statements: assignment, if/for/switch/range, branches
 *   call.c     calls in the [calls] convention, builtins, print/println
 *   conv.c     conversions
 *   iface.c    interfaces (itabs, method calls, assertions, type switches)
 *   closure.c  func literals, method values, func values of functions
 *   defer.c    defer/panic/recover per abi.h [panic]
 *   typedesc.c (typedesc helper) type descriptors, itabs, equal/hash
 *   map.c, chan.c (typedesc helper) maps, channels, select, go
 *
 * Value representation
 * --------------------
 * Every Go value of type T is one LLVM SSA value of lower_type(T), the
 * *memory* type: the same LLVM type is used for SSA values, allocas, globals
 * and loads/stores, so a value moves between registers and memory by a plain
 * load/store of lower_type(T).
 *   bool -> i1 (1 byte in memory: LLVM's alloc size of i1), intN -> iN,
 *   int/uint/uintptr -> i64, float32/64 -> float/double,
 *   complex64/128 -> {float,float}/{double,double},
 *   pointer, unsafe.Pointer, map, chan, func -> ptr (opaque pointers),
 *   string -> {ptr, i64}, slice -> {ptr, i64, i64}, interface -> {ptr, ptr},
 *   array [N]E -> [N x lower_type(E)],
 *   struct -> a *packed* LLVM struct with explicit [K x i8] padding so that
 *   field offsets and the total size are exactly types_offsetsof /
 *   types_sizeof (gc's layout, incl. the padding byte after a trailing
 *   zero-size field); field i of the Go struct is element
 *   LowerStructLayout.llvm_index[i].
 * Alignment is always set explicitly (types_alignof) on allocas, globals,
 * loads and stores, since packed structs have LLVM alignment 1.
 *
 * Addressable values
 * ------------------
 * An addressable operand (variable, *p, a[i] of an addressable array, s[i],
 * field of an addressable struct) is lowered to an LValue: its address and
 * Go type. Local variables live in an alloca in the entry block, unless the
 * checker's side tables show them address-taken (&x, method call with
 * pointer receiver, slicing an array) or captured by a closure: those are
 * heap objects from rog_alloc(size, type descriptor) (abi.h [alloc]);
 * compiler/passes/h2s turns provably non-escaping ones back into allocas.
 *
 * Calls
 * -----
 * abi.h [calls] ("flattened parts"): LowerSig records, for a Go signature,
 * the LLVM function type and how parameters/results map onto parts (direct,
 * {A,B} pair, sret, memory). Every Go function, method, closure body and
 * wrapper is declared through lower_declare_func, and every call goes
 * through lower_emit_call, so the convention lives in one place (call.c).
 *
 * Names
 * -----
 * gc's symbol names (abi.h [calls]): lower_func_symbol/lower_object_symbol.
 *
 * Rejected: representing aggregates only in memory (every struct/array
 * value an alloca, expressions returning pointers). It would avoid large
 * SSA aggregates but makes every temporary a stack slot the optimizer must
 * then promote; SSA aggregates plus SROA give the same code for the common
 * small values. Large arrays are still materialized through memory (their
 * loads/stores are what LLVM sees).
 */
#ifndef ROG_LOWER_LOWER_H
#define ROG_LOWER_LOWER_H

#include <stdbool.h>
#include <stdint.h>

#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>

#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TypeDescEmitter TypeDescEmitter; /* typedesc.h */
typedef struct Lower Lower;

/* One source file of the package being lowered. */
typedef struct LowerFile {
  SynFile *file;
  LLVMMetadataRef di_file; /* debug info file */
} LowerFile;

/* The syntax and checker results of another package of the program, for
 * stenciling its generic functions and methods in this module (generic.c:
 * "Instances of other packages"). */
typedef struct LowerPackageSource {
  SynFile **files;
  uint32_t nfiles;
  TypesInfo *info; /* the checker's side tables for files */
  /* Instead of files (export data, types_check_bodies): the generic
   * declarations alone, each checked against a stand-in object. */
  TypesCheckedBody *bodies;
  uint32_t nbodies;
} LowerPackageSource;

/* Options of one lowering. */
typedef struct LowerOptions {
  const char *triple;      /* target triple; NULL = host default */
  const char *data_layout; /* NULL = from the target machine of the driver */
  bool debug_info;         /* emit DWARF line tables */
  bool fieldtrack;         /* GOEXPERIMENT=fieldtrack: honour //go:nointerface (typedesc.h) */
  /* Diagnostics (unsupported constructs): "file:line:col: msg". */
  void (*error)(void *ctx, const char *filename, uint32_t line, uint32_t col, const char *msg);
  void *error_ctx;
  /* The source of package pkg (a package this one imports, directly or
   * not): fills *out and returns true, or false if there is none (the
   * generic instances it would define are then only declared). NULL: no
   * other package's bodies are available. */
  bool (*package_source)(void *ctx, TypesPackage *pkg, LowerPackageSource *out);
  void *package_source_ctx;
} LowerOptions;

/* Lowers one type-checked package into a new module in ctx. files/info are
 * what types_check_package saw and produced. Returns NULL (after reporting
 * through opt->error) if something could not be lowered; *nerrors gets the
 * count. The module defines `PATH.init` (abi.h [rt]) and calls the `.init`
 * of every imported package. */
LLVMModuleRef lower_package(LLVMContextRef ctx, TypesCtx *tc, TypesPackage *pkg, SynFile **files,
                            uint32_t nfiles, TypesInfo *info, const LowerOptions *opt, int *nerrors);

/* ---- the API shared with typedesc.c, map.c, chan.c ---------------------- */

/* The module, context, builder and checker state of the lowering. */
LLVMModuleRef lower_module(Lower *L);
LLVMContextRef lower_context(Lower *L);
LLVMBuilderRef lower_builder(Lower *L);
TypesCtx *lower_types_ctx(Lower *L);
TypesPackage *lower_pkg(Lower *L);
TypeDescEmitter *lower_typedesc(Lower *L);

/* The LLVM memory type of a Go type (see "Value representation"). */
LLVMTypeRef lower_type(Lower *L, Type *t);
/* For struct types: the LLVM element index of Go field i. */
unsigned lower_field_index(Lower *L, Type *strukt, uint32_t field);

/* gc's symbol of a function or method object (`main.main`, `p.T.M`,
 * `p.(*T).M`). Returned string lives as long as the lowering. */
const char *lower_func_symbol(Lower *L, Object *fn);
/* The LLVM function of a Go function or method (declared on first use,
 * defined when its package is the one being lowered). */
LLVMValueRef lower_func_value(Lower *L, Object *fn);
/* For method tables (typedesc's resolver): the method m of named type (or
 * pointer to named type) recv as code; ifn selects the variant taking a
 * pointer-shaped receiver word. */
LLVMValueRef lower_method_code(Lower *L, Type *recv, Object *m, bool ifn);

/* Emitting helpers other files use. */
LLVMValueRef lower_alloc(Lower *L, Type *t); /* rog_alloc of one T */
LLVMValueRef lower_runtime_fn(Lower *L, const char *name, LLVMTypeRef fty);
void lower_error(Lower *L, SynPos pos, const char *fmt, ...);

#ifdef __cplusplus
}
#endif
#endif /* ROG_LOWER_LOWER_H */
