/*
 * pipeline.c: the optimization pipeline the compiler runs after lowering:
 * LLVM 19's default<On>, cut just before its loop vectorizer, with rog's
 * store-back speculation (spec.c) at the cut. rog's other passes (h2s, wb,
 * preempt, stack) run afterwards (rog_passes_run).
 *
 * Why the cut: spec.c must see loops after LLVM has simplified them (bounds
 * checks versioned, loads merged, conditional stores in a block of their
 * own) but before the loop vectorizer, which would otherwise vectorize a
 * conditional store as one scalar store per lane behind branches. The
 * LLVM-C API cannot insert a C pass into a pipeline, so the pipeline runs
 * as two texts, generated from LLVM's own (`opt -print-pipeline-passes`)
 * by gen_pipeline.py into pipeline_llvm19.inc: together they are exactly
 * default<On>, only the function-pass group around the cut is split in
 * two. pipeline_test checks the file against the installed opt.
 *
 * Rejected: running default<On> with the C API's
 * LLVMPassBuilderOptionsSetLoopVectorization(0) and a hand-written
 * vectorization stage after spec: LLVM 19's C API still vectorized with the
 * option off (measured), and a hand-copied stage drifts from LLVM's.
 *
 * -O1 runs default<O1> alone (it does not vectorize); -O0 runs nothing.
 * With spec turned off the cut is kept, so turning the pass off measures
 * only the pass.
 */
#include <llvm-c/Transforms/PassBuilder.h>

#include "compiler/passes/internal.h"
#include "compiler/passes/pipeline_llvm19.inc"

static int run(LLVMModuleRef m, const char *pipeline, LLVMTargetMachineRef tm, char **err) {
  LLVMPassBuilderOptionsRef o = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, pipeline, tm, o);
  LLVMDisposePassBuilderOptions(o);
  if (e) {
    *err = LLVMGetErrorMessage(e);
    return -1;
  }
  return 0;
}

int rog_pipeline_run(LLVMModuleRef m, LLVMTargetMachineRef tm, int olevel, const RogPassConfig *cfg,
                     char **err) {
  if (olevel <= 0) return 0;
  if (olevel == 1) return run(m, "default<O1>", tm, err);
  bool o3 = olevel >= 3;
  if (run(m, o3 ? pipeline_o3_simplify : pipeline_o2_simplify, tm, err) != 0) return -1;
  if (cfg->enabled & ROG_PASS_SPEC) rog_pass_spec(m, cfg);
  return run(m, o3 ? pipeline_o3_vectorize : pipeline_o2_vectorize, tm, err);
}
