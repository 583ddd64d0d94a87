/*
 * xdefs.c: the object behind `rog tool link -X importpath.name=value`.
 *
 * gc's -X sets a string variable that is uninitialized or initialized to a
 * constant. rog's lowering (compiler/lower/lower.c, "Link-time string
 * definitions") defines every package variable of type string with weak
 * linkage and a static initializer when it is a constant; this file emits
 * one small object with a strong definition per -X symbol, which lld
 * prefers over the weak one. Layout: the symbol importpath.name is a string
 * header {ptr, len} (abi.h [str]) pointing to a private constant holding
 * the value's bytes.
 *
 * As with gc: -X for a name no package defines is ignored (the symbol is
 * unreferenced), a variable initialized by a non-constant expression keeps
 * the value its initializer computes at init (the store in P.init runs
 * after), the last -X for a name wins. Unlike gc, -X on a variable that is
 * not of type string is a duplicate-symbol error from the linker (gc says
 * "cannot set with -X: not a var of type string").
 *
 * Rejected: patching the symbol's binding in the package's object at link
 * time (ELF-specific; LTO links bitcode), C source compiled by clang (a
 * value's bytes would need escaping; the LLVM-C API is already here).
 */
#include "compiler/driver/xdefs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/driver/codegen.h"

const char *xdefs_check(const char *def) {
  const char *eq = strchr(def, '=');
  if (!eq) return "-X flag requires argument of the form importpath.name=value";
  const char *dot = NULL;
  for (const char *p = def; p < eq; p++)
    if (*p == '.') dot = p;
  if (!dot || dot == def || dot + 1 == eq)
    return "-X flag requires argument of the form importpath.name=value";
  return NULL;
}

int xdefs_write_object(const char *path, char **defs, size_t n, const char *goarch) {
  Codegen cg;
  if (codegen_init(&cg, goarch, 0) != 0) return -1;
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef m = LLVMModuleCreateWithNameInContext("go.xdefs", ctx);
  LLVMSetTarget(m, cg.triple);
  LLVMSetDataLayout(m, cg.data_layout);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0), i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef f[2] = {ptr, i64};
  LLVMTypeRef str = LLVMStructTypeInContext(ctx, f, 2, false);
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(defs[i], '=');
    char *sym = strndup(defs[i], (size_t)(eq - defs[i]));
    const char *val = eq + 1;
    size_t len = strlen(val);
    LLVMValueRef data = LLVMConstNull(ptr);
    if (len > 0) {
      LLVMValueRef bytes = LLVMConstStringInContext2(ctx, val, len, true);
      data = LLVMAddGlobal(m, LLVMTypeOf(bytes), "go.xdefs.string");
      LLVMSetInitializer(data, bytes);
      LLVMSetGlobalConstant(data, true);
      LLVMSetLinkage(data, LLVMPrivateLinkage);
      LLVMSetAlignment(data, 1);
    }
    LLVMValueRef v[2] = {data, LLVMConstInt(i64, len, false)};
    LLVMValueRef g = LLVMGetNamedGlobal(m, sym);
    if (!g) {
      g = LLVMAddGlobal(m, str, sym);
      LLVMSetAlignment(g, 8);
    }
    LLVMSetInitializer(g, LLVMConstStructInContext(ctx, v, 2, false));
    free(sym);
  }
  char *err = NULL;
  int rc = 0;
  if (LLVMTargetMachineEmitToFile((LLVMTargetMachineRef)cg.tm, m, (char *)path, LLVMObjectFile, &err)) {
    fprintf(stderr, "rog tool link: %s: %s\n", path, err);
    LLVMDisposeMessage(err);
    rc = -1;
  }
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  codegen_free(&cg);
  return rc;
}
