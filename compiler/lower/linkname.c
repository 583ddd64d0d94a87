/*
 * linkname.c: //go:linkname on functions, with gc's meaning.
 *
 * `//go:linkname local importpath.name` (in any file of the package; gc
 * looks the local name up in package scope) says that the function
 * `local` of this package is the symbol importpath.name:
 *   - without a body, `local` is implemented by importpath.name (defined
 *     by another package or by the runtime): mime/multipart.readMIMEHeader
 *     is net/textproto.readMIMEHeader, time.runtimeNano is
 *     runtime.nanotime;
 *   - with a body, the body defines importpath.name (internal/fuzz's
 *     libfuzzer hooks define runtime.libfuzzer*).
 *
 * How rog does it. gc renames the local symbol and carries the linkname in
 * export data so importers name the target too. rog keeps every object's
 * symbol its own (lower_func_symbol: importers and this package need no
 * linkname knowledge, export data is unchanged) and ties the two names
 * together in the defining package:
 *   - bodyless: the local symbol is defined as a thunk that calls the
 *     target with the same signature and attributes (sret, nest, zext) and
 *     returns its result. In this package LLVM inlines it, so calls go
 *     straight to the target; importers pay one direct jump.
 *   - body: the local symbol is the definition and the target an alias
 *     of it (same address).
 * Rejected: renaming the local symbol to the target (would need the
 * linkname in export data for importers, a format change for one rare
 * directive) and runtime assembly trampolines per linkname (what
 * internal/syscall/unix had in runtime/sys/std.c).
 *
 * Only two-argument directives whose local name is a package-level
 * function without type parameters take effect; one-argument forms
 * (`//go:linkname Syscall`, an export marker) change nothing.
 * TODO(lower): linkname on variables (reflect.zeroVal, math/bits'
 * overflowError: rog defines them in their own package, so each package
 * has its own copy rather than the runtime's).
 */
#include <string.h>

#include "compiler/lower/internal.h"

/* The target of a two-argument //go:linkname whose local name is `name`
 * in the pragma list, or NULL. */
static const char *pragma_target(Lower *L, const SynPragmaList *pl, const char *name) {
  size_t n = strlen(name);
  SynStr local, target;
  for (uint32_t i = 0; i < pl->len; i++) {
    if (!syn_pragma_linkname(&pl->items[i], &local, &target) || local.len != n ||
        strncmp(local.ptr, name, n) != 0)
      continue;
    if (target.len == 0) return NULL; /* one-argument form */
    return lower_strf(L, "%.*s", (int)target.len, target.ptr);
  }
  return NULL;
}

const char *lower_linkname_target(Lower *L, SynFile **files, uint32_t nfiles, const char *name) {
  for (uint32_t fi = 0; fi < nfiles; fi++) {
    const SynFile *f = files[fi];
    const char *t = pragma_target(L, &f->pragmas, name);
    if (t) return t;
    for (uint32_t i = 0; i < f->decls.len; i++) {
      const SynPragmaList *pl = syn_decl_pragmas(f->decls.items[i]);
      if (pl && (t = pragma_target(L, pl, name))) return t;
    }
  }
  return NULL;
}

void lower_linkname_thunk(Lower *L, Object *fo, const char *target) {
  LLVMValueRef f = lower_func_value(L, fo);
  if (LLVMCountBasicBlocks(f) > 0) return;
  LowerSig s;
  lower_sig(L, fo->type, NULL, false, &s);
  LLVMValueRef t = lower_declare(L, target, &s);
  unsigned np = LLVMCountParams(f);
  LLVMValueRef args[np ? np : 1];
  for (unsigned i = 0; i < np; i++)
    args[i] = LLVMGetParam(f, i);
  /* frame pointers as in every Go function (abi.h [calls]) */
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(L->ctx, "frame-pointer", 13, "all", 3));
  LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(L->ctx, f, "entry");
  LLVMPositionBuilderAtEnd(L->b, bb);
  LLVMSetCurrentDebugLocation2(L->b, NULL);
  LLVMValueRef call = LLVMBuildCall2(L->b, s.fty, t, args, np, "");
  lower_sig_call_attrs(L, &s, call);
  LLVMSetTailCallKind(call, LLVMTailCallKindTail);
  if (LLVMGetTypeKind(LLVMGetReturnType(s.fty)) == LLVMVoidTypeKind)
    LLVMBuildRetVoid(L->b);
  else
    LLVMBuildRet(L->b, call);
}

void lower_linkname_alias(Lower *L, LLVMValueRef def, const char *target) {
  LLVMValueRef old = LLVMGetNamedFunction(L->mod, target);
  if (old == def) return;
  if (old && LLVMCountBasicBlocks(old) > 0) return; /* defined here under both names already */
  LLVMValueRef a = LLVMAddAlias2(L->mod, LLVMGlobalGetValueType(def), 0, def, target);
  if (old) {
    /* The package called the target before: its declaration becomes the alias. */
    LLVMReplaceAllUsesWith(old, a);
    LLVMDeleteFunction(old);
    LLVMSetValueName2(a, target, strlen(target));
  }
}
