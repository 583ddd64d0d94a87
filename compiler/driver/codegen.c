/*
 * codegen.c: the back half of compiling a package (lower, verify, LLVM
 * pipeline, rog's passes, object emission), linking, and package archives.
 * Shared by build.c (`rog build`/`rog run`: one process for all packages)
 * and compile_package.c/tool_link.c (`rog tool compile`/`rog tool link`: one
 * package or one link per process, the way Bazel runs them), so both
 * produce the same objects for the same checked package.
 *
 * Archives are gc's package archive shape: an ar file with the export
 * data as member __.PKGDEF and the object as _go_.o, written
 * deterministically (zero mtime/uid/gid) so equal inputs give equal bytes.
 * The linker does not read them as archives (they have no symbol index,
 * and every package of a Go program is linked whole anyway): `rog tool
 * link` extracts each _go_.o and passes the objects.
 *
 * LTO (`rog tool compile -lto`): the archive holds _go_.bc, the lowered
 * and verified module as bitcode, instead of _go_.o. Neither LLVM's
 * pipeline nor rog's passes run at compile time then: the link (lto.c)
 * merges every package's module and runs both exactly once over the whole
 * program, so the passes see the same kind of input as without LTO, only
 * bigger. Rejected: running lto-pre-link<O2> at compile time (faster links,
 * but rog's passes would then have to be split into early and late halves
 * around two optimizer runs; today they all run after the pipeline).
 */
#include "compiler/driver/codegen.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"

#define CLANG "clang-19"

static bool is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int codegen_init(Codegen *cg, const char *goarch, int olevel) {
  memset(cg, 0, sizeof *cg);
  cg->goarch = goarch;
  cg->olevel = olevel;
  cg->passes = rog_pass_config_default();
  const char *exp = getenv("GOEXPERIMENT");
  cg->fieldtrack = exp && strstr(exp, "fieldtrack") != NULL && strstr(exp, "nofieldtrack") == NULL;
  cg->triple = strcmp(goarch, "arm64") == 0 ? "aarch64-unknown-linux-gnu" : "x86_64-unknown-linux-gnu";
  driver_init_llvm_targets();
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(cg->triple, &target, &err)) {
    fprintf(stderr, "rog: %s\n", err);
    LLVMDisposeMessage(err);
    return -1;
  }
  LLVMCodeGenOptLevel lvl = olevel == 0   ? LLVMCodeGenLevelNone
                            : olevel == 3 ? LLVMCodeGenLevelAggressive
                                          : LLVMCodeGenLevelDefault;
  LLVMTargetMachineRef tm =
      LLVMCreateTargetMachine(target, cg->triple, "generic", "", lvl, LLVMRelocPIC, LLVMCodeModelDefault);
  if (!tm) {
    fprintf(stderr, "rog: cannot create a target machine for %s\n", cg->triple);
    return -1;
  }
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
  cg->tm = tm;
  cg->td = td;
  cg->data_layout = LLVMCopyStringRepOfTargetData(td);
  return 0;
}

void codegen_free(Codegen *cg) {
  if (cg->data_layout) LLVMDisposeMessage(cg->data_layout);
  if (cg->td) LLVMDisposeTargetData((LLVMTargetDataRef)cg->td);
  if (cg->tm) LLVMDisposeTargetMachine((LLVMTargetMachineRef)cg->tm);
  memset(cg, 0, sizeof *cg);
}

static void print_error(void *ctx, const char *filename, uint32_t line, uint32_t col, const char *msg) {
  (void)ctx;
  fprintf(stderr, "%s:%u:%u: %s\n", filename, line, col, msg);
}

static void write_ll(LLVMModuleRef m, const char *prefix, const char *suffix) {
  if (!prefix) return;
  char p[PATH_MAX + 64];
  snprintf(p, sizeof p, "%s%s", prefix, suffix);
  LLVMPrintModuleToFile(m, p, NULL);
}

int codegen_package(Codegen *cg, TypesCtx *tc, TypesPackage *pkg, SynFile **files, uint32_t nfiles,
                    TypesInfo *info, bool asm_out, const char *out_path, const char *debug_prefix) {
  LLVMContextRef ctx = LLVMContextCreate();
  LowerOptions lo = {0};
  lo.triple = cg->triple;
  lo.data_layout = cg->data_layout;
  lo.debug_info = true;
  lo.fieldtrack = cg->fieldtrack;
  lo.error = print_error;
  lo.package_source = cg->package_source;
  lo.package_source_ctx = cg->package_source_ctx;
  int lerr = 0, rc = 0;
  LLVMModuleRef m = lower_package(ctx, tc, pkg, files, nfiles, info, &lo, &lerr);
  if (!m) {
    LLVMContextDispose(ctx);
    return -1;
  }
  char *err = NULL;
  if (LLVMVerifyModule(m, LLVMReturnStatusAction, &err)) {
    fprintf(stderr, "rog: %s: internal error: invalid module:\n%.2000s\n", pkg->path, err);
    write_ll(m, debug_prefix, ".bad.ll");
    rc = -1;
  }
  LLVMDisposeMessage(err);
  err = NULL;
  if (rc == 0 && cg->emit_ll) write_ll(m, debug_prefix, ".lowered.ll");
  if (rc == 0 && cg->emit_bc) {
    if (LLVMWriteBitcodeToFile(m, out_path) != 0) {
      fprintf(stderr, "rog: %s: cannot write bitcode\n", out_path);
      rc = -1;
    }
    LLVMDisposeModule(m);
    LLVMContextDispose(ctx);
    return rc;
  }
  if (rc == 0 && (driver_run_pipeline(m, cg->olevel, "generic", &cg->passes) != 0 ||
                  rog_passes_run(m, &cg->passes, &err) != 0)) {
    if (err) {
      fprintf(stderr, "rog: %s\n", err);
      LLVMDisposeErrorMessage(err);
      err = NULL;
    }
    rc = -1;
  }
  if (rc == 0 && cg->emit_ll) write_ll(m, debug_prefix, ".ll");
  if (rc == 0 && LLVMTargetMachineEmitToFile((LLVMTargetMachineRef)cg->tm, m, (char *)out_path,
                                             asm_out ? LLVMAssemblyFile : LLVMObjectFile, &err)) {
    fprintf(stderr, "rog: %s: %s\n", out_path, err);
    LLVMDisposeMessage(err);
    rc = -1;
  }
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  return rc;
}

int codegen_run(char **argv) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "rog: exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

void codegen_runtime_archive(const char *goarch, char *buf, size_t n) {
  const char *root = driver_rog_root();
  if (strcmp(goarch, "arm64") == 0)
    snprintf(buf, n, "%s/runtime/arm64/librog_rt.a", root);
  else
    snprintf(buf, n, "%s/runtime/librog_rt.a", root);
}

int codegen_link(const char *out, char **inputs, size_t n, const char *goarch, char **extra, size_t nextra) {
  char rt[PATH_MAX];
  codegen_runtime_archive(goarch, rt, sizeof rt);
  if (!is_file(rt)) {
    fprintf(stderr, "rog: runtime archive %s not found (set ROG_ROOT?)\n", rt);
    return 1;
  }
  char **argv = calloc(n + nextra + 16, sizeof *argv);
  if (!argv) abort();
  size_t k = 0;
  argv[k++] = CLANG;
  argv[k++] = "-fuse-ld=lld";
  /* no lazy binding: ld.so's resolver needs ~1.5 KiB of the caller's
   * stack, more than a goroutine segment's reserve (runtime/stack) */
  argv[k++] = "-Wl,-z,now";
  if (strcmp(goarch, "arm64") == 0) argv[k++] = "--target=aarch64-linux-gnu";
  argv[k++] = "-o";
  argv[k++] = (char *)out;
  for (size_t i = 0; i < nextra; i++)
    argv[k++] = extra[i];
  for (size_t i = 0; i < n; i++)
    argv[k++] = inputs[i];
  argv[k++] = rt;
  /* file offset == virtual address for every segment (lld otherwise
   * shifts segments after the first by a page): gc's `go tool pprof`
   * computes a PIE's load base from the mapping's file offset as if they
   * were equal, and symbolized CPU profiles of rog binaries one page off */
  argv[k++] = "-Wl,-z,separate-loadable-segments";
  /* rog's runtime archive comes from the same Bazel configuration as rog
   * itself: a sanitizer build of rog carries an instrumented runtime,
   * which needs the sanitizer's runtime library in the program too. */
#if defined(ROG_SANITIZER_ASAN) || defined(ROG_SANITIZER_TSAN)
  /* the runtime sizes goroutine stacks for the interceptors (runtime/stack) */
  argv[k++] = "-Wl,--defsym=rog_sanitizer_runtime_linked=1";
#endif
#if defined(ROG_SANITIZER_ASAN)
  argv[k++] = "-fsanitize=address";
#endif
#if defined(ROG_SANITIZER_UBSAN)
  argv[k++] = "-fsanitize=undefined";
#endif
#if defined(ROG_SANITIZER_TSAN)
  argv[k++] = "-fsanitize=thread";
#endif
  /* reflect's dynamic calls (runtime/iface/reflectcall.c) use libffi,
   * linked statically so programs need no libffi at run time; the arm64
   * runtime has no libffi (no arm64 libffi in the cross sysroot). */
  if (strcmp(goarch, "arm64") != 0) argv[k++] = "-l:libffi.a";
  argv[k++] = "-lpthread";
  argv[k++] = "-lm";
  argv[k] = NULL;
  int rc = codegen_run(argv);
  free(argv);
  if (rc != 0) fprintf(stderr, "rog: link failed\n");
  return rc;
}

int ar_write(const char *path, const ArMember *m, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  bool ok = fwrite("!<arch>\n", 1, 8, f) == 8;
  for (size_t i = 0; i < n && ok; i++) {
    char hdr[61];
    char name[17];
    snprintf(name, sizeof name, "%s/", m[i].name);
    snprintf(hdr, sizeof hdr, "%-16s%-12d%-6d%-6d%-8s%-10zu`\n", name, 0, 0, 0, "644", m[i].len);
    ok = fwrite(hdr, 1, 60, f) == 60 && fwrite(m[i].data, 1, m[i].len, f) == m[i].len;
    if (ok && (m[i].len & 1)) ok = fputc('\n', f) != EOF;
  }
  ok = fclose(f) == 0 && ok;
  return ok ? 0 : -1;
}
