/*
 * internal.h: helpers shared by rog's passes (not used outside
 * compiler/passes).
 */
#ifndef ROG_PASSES_INTERNAL_H
#define ROG_PASSES_INTERNAL_H

#include <stdbool.h>

#include <llvm-c/DebugInfo.h>

#include "compiler/passes/passes.h"

/* Prints a remark for pass `bit` about instruction `at` (or function `fn`
 * when `at` has no debug location), if remarks for that pass are on. */
void pass_remark(const RogPassConfig *cfg, unsigned bit, const char *pass, LLVMValueRef fn, LLVMValueRef at,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Gives `to` the debug location of `from`, if it has one (remarks and
 * tracebacks then point at the source construct the pass rewrote). */
void pass_copy_debug_loc(LLVMValueRef from, LLVMValueRef to);

/* Marks a conditional branch's first successor as unlikely. */
void pass_set_unlikely(LLVMValueRef br);

/* Adds an enum attribute (by name) to a function or call site index. */
void pass_add_fn_attr(LLVMValueRef fn, const char *name);

/* Returns the declaration of `name` in m, creating it with `type` if absent. */
LLVMValueRef pass_get_or_declare(LLVMModuleRef m, const char *name, LLVMTypeRef type);

/* True for functions the passes must not instrument: declarations, rog's own
 * helpers ("rog." prefix) and functions carrying "rog-nopreempt"-style
 * string attributes named by `attr` (NULL: none). */
bool pass_skip_function(LLVMValueRef fn, const char *attr);

/* Creates an internal, alwaysinline, nounwind function `name` of `type`
 * with an entry block, or returns NULL if it already exists (the caller then
 * fetches it with LLVMGetNamedFunction). *entry receives the entry block. */
LLVMValueRef pass_new_helper(LLVMModuleRef m, const char *name, LLVMTypeRef type, LLVMBasicBlockRef *entry);

/* The per-thread block rog_tls (abi.h [tls]) as an external initial-exec
 * thread-local i8 array, declared once per module. */
LLVMValueRef pass_tls_block(LLVMModuleRef m);

/* Strips GEPs and casts (instructions and constant expressions) from a
 * pointer, returning the base object. */
LLVMValueRef pass_strip_pointer(LLVMValueRef p);

/* Moves instruction inst to the builder's position, keeping its name. */
void pass_move_to_builder(LLVMBuilderRef b, LLVMValueRef inst);

/* Moves the constant-size allocas of fn's entry block to its top, so a
 * helper inlined at the entry (which splits the block) cannot turn one into
 * a dynamic alloca. rog_passes_run does it for every function first. */
void pass_hoist_entry_allocas(LLVMValueRef fn);

/* The first instruction of the entry block that is not an alloca. */
LLVMValueRef pass_entry_insert_point(LLVMValueRef fn);

/* Calls `fn` and returns whether the callee is the function named `name`. */
bool pass_is_call_to(LLVMValueRef inst, const char *name);

/* The direct calls to the function `name` in m, collected before any is
 * rewritten (rewriting while walking would skip or revisit instructions).
 * Returns the count; *out is malloc'd (free it; NULL when none). */
int pass_collect_calls(LLVMModuleRef m, const char *name, LLVMValueRef **out);

/* A map from pointers (blocks, instructions) to small integers, open
 * addressing with linear probing; sized once for n keys. */
typedef struct PtrMap {
  const void **keys;
  int *vals;
  size_t cap;
} PtrMap;

void ptrmap_init(PtrMap *m, size_t n);
void ptrmap_free(PtrMap *m);
void ptrmap_put(PtrMap *m, const void *key, int val);
/* Returns the value for key, or -1. */
int ptrmap_get(const PtrMap *m, const void *key);

#endif
