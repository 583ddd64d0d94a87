/*
 * version.c: `rog version`: rog's version, the LLVM it is linked against and
 * the targets it can emit code for.
 *
 * The target list is not a constant: each supported target is looked up in
 * LLVM's registry and a target machine is created for it, so the output is
 * proof that the linked LLVM can generate code for that architecture.
 */
#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/driver/driver.h"
#include "compiler/driver/version.h"

/* The Go architectures rog targets and LLVM's names for them. */
static const struct {
  const char *goarch;
  const char *triple;
} targets[] = {
    {"amd64", "x86_64-unknown-linux-gnu"},
    {"arm64", "aarch64-unknown-linux-gnu"},
};

void driver_init_llvm_targets(void) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeAArch64AsmPrinter();
  /* inline asm (closure.c's nest thunks) is assembled by the asm parsers */
  LLVMInitializeX86AsmParser();
  LLVMInitializeAArch64AsmParser();
}

/* Returns 0 when a target machine for `triple` can be created. */
static int check_target(const char *triple, const char **name, const char **desc) {
  LLVMTargetRef t;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(triple, &t, &err)) {
    fprintf(stderr, "rog version: %s: %s\n", triple, err);
    LLVMDisposeMessage(err);
    return 1;
  }
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(t, triple, "generic", "", LLVMCodeGenLevelDefault,
                                                    LLVMRelocPIC, LLVMCodeModelDefault);
  if (!tm) {
    fprintf(stderr, "rog version: %s: cannot create a target machine\n", triple);
    return 1;
  }
  LLVMDisposeTargetMachine(tm);
  *name = LLVMGetTargetName(t);
  *desc = LLVMGetTargetDescription(t);
  return 0;
}

int driver_version(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {
    fputs("usage: rog version\n", stderr);
    return 2;
  }
  unsigned major, minor, patch;
  LLVMGetVersion(&major, &minor, &patch);
  printf("rog version %s (go1.19 linux)\n", ROG_VERSION);
  printf("LLVM %u.%u.%u\n", major, minor, patch);
  driver_init_llvm_targets();
  int bad = 0;
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    const char *name = NULL, *desc = NULL;
    if (check_target(targets[i].triple, &name, &desc)) {
      bad = 1;
      continue;
    }
    printf("target %s: %s (%s, %s)\n", targets[i].goarch, targets[i].triple, name, desc);
  }
  return bad ? 1 : 0;
}
