/*
 * tool_opt.c: `rog tool opt`: runs LLVM's pipeline and rog's IR passes over
 * an LLVM module (.ll or .bc), the way the compiler does after lowering.
 * For developing and measuring the passes, and for golden tests by hand.
 *
 *   rog tool opt [-O0|-O1|-O2|-O3] [-passes=h2s,wb,preempt,stack,spec|all|none]
 *                [-d=h2s,wb,preempt,stack] [-mcpu=CPU] [-o OUT.ll] IN.ll
 *
 * -O selects the optimization pipeline (LLVM's default<On> with rog's spec
 * pass before vectorization, compiler/passes/pipeline.c), run before rog's
 * other passes (-O0 runs none). -passes picks rog's passes (default all); turning one off is how
 * its cost or benefit is measured. -d prints each pass's decisions, like
 * gc's -m. The result is verified and written as text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "compiler/driver/driver.h"
#include "compiler/passes/passes.h"

static int usage(void) {
  fputs("usage: rog tool opt [-O0|-O1|-O2|-O3] [-passes=LIST|none] [-d=LIST] [-mcpu=CPU] [-o OUT.ll] IN.ll\n"
        "  LIST: comma-separated h2s, wb, preempt, stack, spec, or all\n",
        stderr);
  return 2;
}

static int parse_passes(const char *flag, const char *list, unsigned *bits) {
  if (strcmp(list, "none") == 0) {
    *bits = 0;
    return 0;
  }
  const char *bad;
  size_t bad_len;
  if (rog_pass_parse_list(list, bits, &bad, &bad_len) == 0) return 0;
  fprintf(stderr, "rog tool opt: %s: unknown pass \"%.*s\"\n", flag, (int)bad_len, bad);
  return -1;
}

int driver_run_pipeline(LLVMModuleRef m, int olevel, const char *cpu, const RogPassConfig *cfg) {
  if (olevel == 0) return 0;
  char *triple = LLVMGetDefaultTargetTriple();
  const char *t = LLVMGetTarget(m);
  if (t && *t) {
    LLVMDisposeMessage(triple);
    triple = strdup(t);
  }
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &err)) {
    fprintf(stderr, "rog tool opt: %s\n", err);
    LLVMDisposeMessage(err);
    free(triple);
    return -1;
  }
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, "", LLVMCodeGenLevelDefault,
                                                    LLVMRelocPIC, LLVMCodeModelDefault);
  free(triple);
  char *msg = NULL;
  int rc = rog_pipeline_run(m, tm, olevel, cfg, &msg);
  LLVMDisposeTargetMachine(tm);
  if (rc != 0) {
    fprintf(stderr, "rog tool opt: %s\n", msg);
    LLVMDisposeErrorMessage(msg);
    return -1;
  }
  return 0;
}

int driver_tool_opt(int argc, char **argv) {
  RogPassConfig cfg = rog_pass_config_default();
  int olevel = 2;
  const char *in = NULL, *out = "-", *cpu = "generic";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strlen(a) == 3 && a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3') {
      olevel = a[2] - '0';
    } else if (strncmp(a, "-passes=", 8) == 0) {
      if (parse_passes("-passes", a + 8, &cfg.enabled)) return 2;
    } else if (strncmp(a, "-d=", 3) == 0) {
      if (parse_passes("-d", a + 3, &cfg.remarks)) return 2;
    } else if (strncmp(a, "-mcpu=", 6) == 0) {
      cpu = a + 6;
    } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
      out = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "rog tool opt: unknown flag %s\n", a);
      return usage();
    } else if (!in) {
      in = a;
    } else {
      return usage();
    }
  }
  if (!in) return usage();

  driver_init_llvm_targets();

  LLVMMemoryBufferRef buf;
  char *err = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(in, &buf, &err)) {
    fprintf(stderr, "rog tool opt: %s: %s\n", in, err);
    LLVMDisposeMessage(err);
    return 1;
  }
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef m;
  if (LLVMParseIRInContext(ctx, buf, &m, &err)) {
    fprintf(stderr, "%s\n", err); /* LLVM's "file:line:col: error: ..." */
    LLVMDisposeMessage(err);
    LLVMContextDispose(ctx);
    return 1;
  }
  int rc = 1;
  if (driver_run_pipeline(m, olevel, cpu, &cfg) != 0) goto done;
  if (rog_passes_run(m, &cfg, &err) != 0) {
    fprintf(stderr, "rog tool opt: %s\n", err);
    LLVMDisposeErrorMessage(err);
    goto done;
  }
  if (LLVMVerifyModule(m, LLVMReturnStatusAction, &err)) {
    fprintf(stderr, "rog tool opt: invalid module after passes: %s\n", err);
    LLVMDisposeMessage(err);
    goto done;
  }
  LLVMDisposeMessage(err);
  if (strcmp(out, "-") == 0) {
    char *text = LLVMPrintModuleToString(m);
    fputs(text, stdout);
    LLVMDisposeMessage(text);
  } else if (LLVMPrintModuleToFile(m, out, &err)) {
    fprintf(stderr, "rog tool opt: %s: %s\n", out, err);
    LLVMDisposeMessage(err);
    goto done;
  }
  rc = 0;
done:
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  return rc;
}
