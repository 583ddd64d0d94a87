/*
 * codegen.h: from a type-checked package to an object file, and from
 * objects to an executable: the steps `rog build` (one process, all
 * packages) and `rog tool compile` / `rog tool link` (one package or one
 * link per process, as build systems run them) share. See codegen.c.
 */
#ifndef ROG_DRIVER_CODEGEN_H
#define ROG_DRIVER_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/lower/lower.h"
#include "compiler/passes/passes.h"
#include "compiler/types/types.h"

typedef struct Codegen {
  const char *goarch, *triple;
  int olevel;
  RogPassConfig passes;
  bool emit_ll; /* also write DEBUG_PREFIX.lowered.ll and .ll */
  bool emit_bc; /* LTO: write the lowered module as bitcode (no pipeline,
                 * no rog passes: the link runs both once, lto.c) */
  void *tm;     /* LLVMTargetMachineRef */
  void *td;     /* LLVMTargetDataRef */
  char *data_layout;
  bool fieldtrack; /* GOEXPERIMENT lists fieldtrack (read by codegen_init) */
  /* Other packages' syntax and side tables for stenciling their generics
   * (LowerOptions.package_source); NULL: none. */
  bool (*package_source)(void *ctx, TypesPackage *pkg, LowerPackageSource *out);
  void *package_source_ctx;
} Codegen;

/* Sets up the target machine for goarch (amd64, arm64) at -Oolevel with
 * rog's default passes. Returns 0, or -1 after printing an error. */
int codegen_init(Codegen *cg, const char *goarch, int olevel);
void codegen_free(Codegen *cg);

/* Lowers the package (files/info as the checker saw and produced them),
 * verifies the module, runs LLVM's pipeline and rog's passes, and writes
 * an object (or assembly when asm_out) to out_path. debug_prefix (may be
 * NULL) names the .ll files of -ll and of an invalid module. Package main
 * must already carry the path "main". Returns 0, or -1 after printing the
 * errors. */
int codegen_package(Codegen *cg, TypesCtx *tc, TypesPackage *pkg, SynFile **files, uint32_t nfiles,
                    TypesInfo *info, bool asm_out, const char *out_path, const char *debug_prefix);

/* Links objects and archives with rog's runtime archive for goarch into
 * the executable out (clang-19 + lld); extra (nextra entries, may be NULL)
 * are more clang arguments, placed before the inputs (PGO's profile
 * runtime, BOLT's --emit-relocs). Returns the exit status. */
int codegen_link(const char *out, char **inputs, size_t n, const char *goarch, char **extra, size_t nextra);

/* The path of rog's runtime archive (librog_rt.a) for goarch. */
void codegen_runtime_archive(const char *goarch, char *buf, size_t n);

/* Runs argv (argv[0] looked up in PATH) and returns its exit status. */
int codegen_run(char **argv);

/* ---- package archives (ar format, as gc's .a) ----------------------------- */

/* Writes a deterministic ar archive (mtime/uid/gid 0, mode 0644) with the
 * given members; returns 0 or -1. */
typedef struct ArMember {
  const char *name; /* at most 15 bytes */
  const void *data;
  size_t len;
} ArMember;
int ar_write(const char *path, const ArMember *m, size_t n);
/* The archive member holding a package's object, and (rog tool compile
 * -lto) the one holding its LLVM bitcode instead. */
#define AR_OBJECT_MEMBER "_go_.o"
#define AR_BITCODE_MEMBER "_go_.bc"
/* Reading members: types_ar_member (compiler/types, whose importer reads
 * __.PKGDEF from package archives). */

#endif
