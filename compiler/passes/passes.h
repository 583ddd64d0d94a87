/*
 * passes.h: rog's own LLVM IR passes (DESIGN.md section 4), written over the
 * LLVM-C API and run after LLVM's optimization pipeline.
 *
 *   h2s      heap-to-stack: rog_alloc calls with a small constant size whose
 *            result is not captured become zeroed entry-block allocas.
 *   wb       write barrier: calls to the runtime's out-of-line barrier forms
 *            (rog_gcwrite, rog_gcmemmove) become plain stores/memmoves when
 *            the destination is on the stack, otherwise an inline test of
 *            rog_wb_enabled with the slow path out of line.
 *   preempt  preemption checkpoints: a monotonic load of rog_tls.preempt on
 *            every loop latch and at the entry of every function that makes
 *            calls, branching (weighted unlikely) to a cold rog_checkpoint().
 *   stack    the prologue stack check for segmented goroutine stacks
 *            (abi.h [stack]): SP minus a conservative frame bound against
 *            rog_tls.stack_guard, a cold rog_morestack(thunk, args, size)
 *            that re-runs the function on a new segment; small leaves are
 *            skipped, big frames split into a checking entry and a body.
 *            Runs last, after always-inline. Design in stack.c.
 *   spec     store-back speculation: a conditional min/max update of a
 *            location just read becomes an unconditional store of a select,
 *            so loops like MaxArray vectorize to packed max. Runs between
 *            LLVM's simplification and its vectorizer (rog_pipeline_run);
 *            why Go's memory model allows it is in spec.c.
 *
 * Turning a pass off keeps programs correct: the runtime defines
 * rog_gcwrite/rog_gcmemmove (out-of-line barriers) and rog_alloc, so an
 * unlowered call still works; only preemption of tight loops is lost when
 * preempt is off, which is what measuring its overhead needs.
 *
 * Mechanism: the C API cannot split blocks, so a pass that needs a branch
 * rewrites the site into a call to a small internal alwaysinline helper
 * ("rog.wb.store", "rog.preempt.poll", ...) created once per module;
 * rog_passes_run then runs LLVM's always-inline pass to splice them in.
 * The stack pass builds its blocks directly (a new entry block, a thunk
 * function per checked function), so it needs no helper.
 *
 * Static allocas must sit at the top of the entry block (inlining a helper
 * splits its block, and an alloca after the split point would become a
 * dynamic one); rog_passes_run first moves constant-size entry allocas
 * there, so front ends need not.
 *
 * Remarks (-d=h2s,wb,stack,preempt) print one line per decision, as gc's -m does:
 *   file:line:col: wb: barrier kept (destination may be on the heap)
 * using the instruction's debug location, or "FUNCTION: ..." without one.
 */
#ifndef ROG_PASSES_PASSES_H
#define ROG_PASSES_PASSES_H

#include <stdint.h>
#include <stdio.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

enum {
  ROG_PASS_H2S = 1u << 0,
  ROG_PASS_WB = 1u << 1,
  ROG_PASS_PREEMPT = 1u << 2,
  ROG_PASS_STACK = 1u << 3,
  ROG_PASS_SPEC = 1u << 4,
  ROG_PASS_ALL = ROG_PASS_H2S | ROG_PASS_WB | ROG_PASS_PREEMPT | ROG_PASS_STACK | ROG_PASS_SPEC,
};

typedef struct RogPassConfig {
  unsigned enabled;          /* ROG_PASS_* bits to run */
  unsigned remarks;          /* ROG_PASS_* bits whose decisions are printed */
  FILE *remark_out;          /* where remarks go (stderr if NULL) */
  uint64_t h2s_max_object;   /* largest object moved to the stack (bytes) */
  uint64_t h2s_max_function; /* total bytes moved per function */
} RogPassConfig;

/* Defaults: every built pass on, no remarks, gc's 64 KiB implicit-variable
 * limit per object, 128 KiB per function. */
RogPassConfig rog_pass_config_default(void);

/* Parses a "-d=" style list ("h2s,wb,preempt,stack" or "all") into bits.
 * Returns -1 and names the bad word in *bad on error. */
int rog_pass_parse_list(const char *list, unsigned *bits, const char **bad, size_t *bad_len);

/* The individual passes; each returns the number of sites it changed. */
int rog_pass_h2s(LLVMModuleRef m, const RogPassConfig *cfg);
int rog_pass_wb(LLVMModuleRef m, const RogPassConfig *cfg);
int rog_pass_preempt(LLVMModuleRef m, const RogPassConfig *cfg);
int rog_pass_stack(LLVMModuleRef m, const RogPassConfig *cfg);
int rog_pass_spec(LLVMModuleRef m, const RogPassConfig *cfg);

/* Runs the optimization pipeline for -O`olevel` (pipeline.c): LLVM's
 * default<On> without vectorizers, the spec pass if enabled, then LLVM's
 * vectorization stage. Returns 0, or -1 with a message in *err (free with
 * LLVMDisposeErrorMessage). */
int rog_pipeline_run(LLVMModuleRef m, LLVMTargetMachineRef tm, int olevel, const RogPassConfig *cfg,
                     char **err);

/* Runs the enabled passes in order (h2s, wb, preempt), then always-inline
 * to splice the helpers in, then stack (which must see the final calls). Returns 0, or -1 with a message in
 * *err (free with LLVMDisposeErrorMessage) if LLVM's pass pipeline fails. */
int rog_passes_run(LLVMModuleRef m, const RogPassConfig *cfg, char **err);

#endif
