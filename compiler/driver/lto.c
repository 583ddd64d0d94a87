/*
 * lto.c: whole-program optimization at link time (LTO, PGO).
 *
 * Input: the _go_.bc members of a program's package archives (each the
 * lowered, verified module of one package, codegen.c with emit_bc). Steps:
 *
 *   1. parse every module into one LLVMContext and merge them with
 *      LLVMLinkModules2 (in memory; the first module is the destination).
 *      Link errors (two strong definitions of a symbol, mismatched types)
 *      come through the context's diagnostic handler and fail the link;
 *   1b. internalize: every external, strong definition that rog's C
 *      runtime archive does not reference (llvm-nm-19 --undefined-only:
 *      main.main, main.init, runtime.init, the runtime.goPanic* helpers,
 *      std hooks...) gets internal linkage, so the optimizer may inline
 *      it everywhere, drop unused functions and specialize the rest. Weak
 *      and linkonce definitions are left alone (-X overrides weak string
 *      variables with strong definitions from another object), as are
 *      comdat members. Internal symbols stay in .symtab as locals, so
 *      tracebacks and perf still name them;
 *   2. run LLVM's default<On> pipeline once over the merged module, so
 *      calls across packages are inlined and optimized like calls inside
 *      one package;
 *   3. run rog's passes once (write barrier, stack check, preemption,
 *      heap-to-stack: the same ones codegen_package runs per package
 *      without LTO, in the same place, after the pipeline);
 *   4. emit one object for the whole Go program; tool_link.c links it with
 *      the runtime archive as usual.
 *
 * PGO. LLVM-C's LLVMPassBuilderOptions has no PGOOptions (no profile
 * file, no instrumentation kind) and the profile passes' file names are
 * only reachable through LLVM's global cl::opt flags, which
 * LLVMParseCommandLineOptions sets once per process and which `rog build`
 * (many links per process) could not reset. So when PGO is on, step 2 is
 * done by the real LLVM tool: the merged module is written as bitcode to
 * the scratch directory and `opt-19 -passes=default<On> -pgo-kind=...
 * -profile-file=...` runs the same pipeline with PassBuilder's PGOOptions
 * set, exactly as clang would build them; rog reads the result back and
 * goes on with step 3. The three kinds:
 *   - pgo_instrument: pgo-instr-gen-pipeline (counters; value profiling
 *     off: its runtime calls would run C on goroutine stacks from any
 *     instruction); the link adds clang's profile runtime
 *     (-fprofile-instr-generate), which writes default.profraw at exit
 *     (LLVM_PROFILE_FILE renames it); llvm-profdata-19 merge makes the
 *     .profdata;
 *   - pgo_instr_use: pgo-instr-use-pipeline with a .profdata;
 *   - pgo_sample_use: pgo-sample-use-pipeline with an LLVM sample profile
 *     (pprof2prof.c converts a Go CPU profile); it matches functions by
 *     symbol name and lines as offsets from the function's DISubprogram
 *     line, which lowering emits for every function.
 * Rejected: `clang-19 -O2 -fprofile-use= x.bc -c` (it would also run the
 * backend, leaving no place for rog's passes between the pipeline and code
 * generation).
 * Remarks (-remarks FILE, for tests and for people asking "what did LTO
 * inline?") also go through opt-19: the C API cannot attach a remark
 * streamer either.
 */
#include "compiler/driver/lto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/Comdat.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/Linker.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/strvec.h"

#define OPT "opt-19"
#define NM "llvm-nm-19"

/* Names the runtime archive uses but does not define, sorted. */
typedef struct Names {
  char **v;
  size_t n, cap;
} Names;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int runtime_undefined(const char *goarch, Names *out) {
  char rt[4096];
  codegen_runtime_archive(goarch, rt, sizeof rt);
  if (strchr(rt, '\'')) {
    fprintf(stderr, "rog tool link: lto: cannot quote %s\n", rt);
    return -1;
  }
  char *cmd = xasprintf(NM " --undefined-only --just-symbol-name '%s' 2>/dev/null", rt);
  FILE *p = popen(cmd, "r");
  free(cmd);
  if (!p) return -1;
  char line[4096];
  while (fgets(line, sizeof line, p)) {
    size_t len = strcspn(line, "\r\n");
    line[len] = 0;
    if (len == 0 || line[len - 1] == ':') continue; /* blank lines and "member.o:" headers */
    if (out->n == out->cap) {
      out->cap = out->cap ? 2 * out->cap : 256;
      out->v = realloc(out->v, out->cap * sizeof *out->v);
      if (!out->v) abort();
    }
    out->v[out->n++] = strdup(line);
  }
  int st = pclose(p);
  if (st != 0 || out->n == 0) {
    fprintf(stderr, "rog tool link: lto: %s found no symbols in %s\n", NM, rt);
    return -1;
  }
  qsort(out->v, out->n, sizeof *out->v, cmp_str);
  return 0;
}

static void names_free(Names *n) {
  for (size_t i = 0; i < n->n; i++)
    free(n->v[i]);
  free(n->v);
}

static bool keep_external(LLVMValueRef v, const Names *keep) {
  if (LLVMIsDeclaration(v) || LLVMGetLinkage(v) != LLVMExternalLinkage || LLVMGetComdat(v)) return true;
  size_t len;
  const char *name = LLVMGetValueName2(v, &len);
  if (len == 0 || strncmp(name, "llvm.", 5) == 0) return true;
  char *key = strndup(name, len);
  bool found = bsearch(&key, keep->v, keep->n, sizeof *keep->v, cmp_str) != NULL;
  free(key);
  return found;
}

/* Step 1b (see the header). Returns the number of symbols internalized,
 * or -1 when the runtime archive cannot be read. */
static long internalize(LLVMModuleRef m, const char *goarch) {
  Names keep = {0};
  if (runtime_undefined(goarch, &keep) != 0) {
    names_free(&keep);
    return -1;
  }
  long n = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f))
    if (!keep_external(f, &keep)) {
      LLVMSetLinkage(f, LLVMInternalLinkage);
      LLVMSetVisibility(f, LLVMDefaultVisibility);
      n++;
    }
  for (LLVMValueRef g = LLVMGetFirstGlobal(m); g; g = LLVMGetNextGlobal(g))
    if (!keep_external(g, &keep)) {
      LLVMSetLinkage(g, LLVMInternalLinkage);
      LLVMSetVisibility(g, LLVMDefaultVisibility);
      n++;
    }
  names_free(&keep);
  return n;
}

typedef struct DiagState {
  bool error;
} DiagState;

static void on_diag(LLVMDiagnosticInfoRef di, void *ctx) {
  DiagState *st = ctx;
  LLVMDiagnosticSeverity sev = LLVMGetDiagInfoSeverity(di);
  if (sev != LLVMDSError && sev != LLVMDSWarning) return;
  char *msg = LLVMGetDiagInfoDescription(di);
  fprintf(stderr, "rog tool link: lto: %s: %s\n", sev == LLVMDSError ? "error" : "warning", msg);
  LLVMDisposeMessage(msg);
  if (sev == LLVMDSError) st->error = true;
}

static LLVMModuleRef parse_bc(LLVMContextRef ctx, const char *name, const void *data, size_t len) {
  LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, len, name);
  LLVMModuleRef m = NULL;
  if (LLVMParseBitcodeInContext2(ctx, buf, &m)) {
    fprintf(stderr, "rog tool link: %s: invalid bitcode\n", name);
    m = NULL;
  }
  LLVMDisposeMemoryBuffer(buf);
  return m;
}

bool lto_needs_opt_tool(const LtoOptions *o) {
  return o->pgo_instrument || o->pgo_instr_use || o->pgo_sample_use || o->remarks;
}

/* Step 2 through opt-19 (see the header): replaces *m with the optimized
 * module. Returns 0 or -1. */
static int opt_tool(const LtoOptions *o, LLVMContextRef ctx, LLVMModuleRef *m) {
  char *in = xasprintf("%s/merged.bc", o->tmpdir);
  char *out = xasprintf("%s/optimized.bc", o->tmpdir);
  char *passes = xasprintf("-passes=default<O%d>", o->olevel ? o->olevel : 2);
  char *profile = NULL, *remarks = NULL;
  int rc = -1;
  if (LLVMWriteBitcodeToFile(*m, in) != 0) {
    fprintf(stderr, "rog tool link: cannot write %s\n", in);
    goto done;
  }
  char *argv[16];
  size_t k = 0;
  argv[k++] = OPT;
  argv[k++] = passes;
  if (o->pgo_instrument) {
    argv[k++] = "-pgo-kind=pgo-instr-gen-pipeline";
    argv[k++] = "-disable-vp";
  } else if (o->pgo_instr_use) {
    argv[k++] = "-pgo-kind=pgo-instr-use-pipeline";
    argv[k++] = profile = xasprintf("-profile-file=%s", o->pgo_instr_use);
  } else if (o->pgo_sample_use) {
    argv[k++] = "-pgo-kind=pgo-sample-use-pipeline";
    argv[k++] = profile = xasprintf("-profile-file=%s", o->pgo_sample_use);
  }
  if (o->remarks) {
    argv[k++] = remarks = xasprintf("-pass-remarks-output=%s", o->remarks);
    argv[k++] = "-pass-remarks-filter=inline|pgo|sample-profile";
  }
  argv[k++] = "-o";
  argv[k++] = out;
  argv[k++] = in;
  argv[k] = NULL;
  int st = codegen_run(argv);
  if (st != 0) {
    fprintf(stderr, "rog tool link: %s failed (exit status %d)\n", OPT, st);
    goto done;
  }
  LLVMMemoryBufferRef buf = NULL;
  char *err = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(out, &buf, &err)) {
    fprintf(stderr, "rog tool link: %s: %s\n", out, err);
    LLVMDisposeMessage(err);
    goto done;
  }
  LLVMModuleRef nm = NULL;
  bool bad = LLVMParseBitcodeInContext2(ctx, buf, &nm);
  LLVMDisposeMemoryBuffer(buf);
  if (bad) {
    fprintf(stderr, "rog tool link: %s: invalid bitcode from %s\n", out, OPT);
    goto done;
  }
  LLVMDisposeModule(*m);
  *m = nm;
  rc = 0;
done:
  remove(in);
  remove(out);
  free(in);
  free(out);
  free(passes);
  free(profile);
  free(remarks);
  return rc;
}

int lto_compile(const LtoOptions *o, const LtoInput *in, size_t n, const char *obj_out) {
  if (n == 0) return -1;
  Codegen cg;
  if (codegen_init(&cg, o->goarch, o->olevel) != 0) return -1;
  LLVMContextRef ctx = LLVMContextCreate();
  DiagState ds = {false};
  LLVMContextSetDiagnosticHandler(ctx, on_diag, &ds);
  int rc = 0;
  LLVMModuleRef dst = parse_bc(ctx, in[0].name, in[0].data, in[0].len);
  if (!dst) rc = -1;
  for (size_t i = 1; i < n && rc == 0; i++) {
    LLVMModuleRef src = parse_bc(ctx, in[i].name, in[i].data, in[i].len);
    if (!src) {
      rc = -1;
      break;
    }
    /* LLVMLinkModules2 destroys src, also on failure. */
    if (LLVMLinkModules2(dst, src) || ds.error) {
      fprintf(stderr, "rog tool link: lto: cannot link %s into the program\n", in[i].name);
      rc = -1;
    }
  }
  char *err = NULL;
  if (rc == 0 && LLVMVerifyModule(dst, LLVMReturnStatusAction, &err)) {
    fprintf(stderr, "rog tool link: lto: internal error: invalid merged module:\n%.2000s\n", err);
    rc = -1;
  }
  LLVMDisposeMessage(err);
  err = NULL;
  /* LLVM's sample profile loader only reads functions marked for it
   * (clang marks every function under -fprofile-sample-use), and by
   * default looks them up by the name up to the first '.', which for Go
   * names is the import path's first element: "none" keeps names whole. */
  if (rc == 0 && o->pgo_sample_use)
    for (LLVMValueRef f = LLVMGetFirstFunction(dst); f; f = LLVMGetNextFunction(f)) {
      if (LLVMIsDeclaration(f)) continue;
      LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                              LLVMCreateStringAttribute(ctx, "use-sample-profile", 18, "", 0));
      LLVMAddAttributeAtIndex(
          f, LLVMAttributeFunctionIndex,
          LLVMCreateStringAttribute(ctx, "sample-profile-suffix-elision-policy", 36, "none", 4));
    }
  if (rc == 0 && o->internalize && internalize(dst, o->goarch) < 0) rc = -1;
  if (rc == 0) {
    if (lto_needs_opt_tool(o))
      rc = opt_tool(o, ctx, &dst);
    else
      rc = driver_run_pipeline(dst, o->olevel, "generic", &o->passes);
  }
  if (rc == 0 && rog_passes_run(dst, &o->passes, &err) != 0) {
    if (err) {
      fprintf(stderr, "rog tool link: %s\n", err);
      LLVMDisposeErrorMessage(err);
      err = NULL;
    }
    rc = -1;
  }
  if (rc == 0 &&
      LLVMTargetMachineEmitToFile((LLVMTargetMachineRef)cg.tm, dst, (char *)obj_out, LLVMObjectFile, &err)) {
    fprintf(stderr, "rog tool link: %s: %s\n", obj_out, err);
    LLVMDisposeMessage(err);
    rc = -1;
  }
  if (dst) LLVMDisposeModule(dst);
  LLVMContextDispose(ctx);
  codegen_free(&cg);
  return rc;
}
