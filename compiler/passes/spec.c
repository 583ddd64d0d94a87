/*
 * spec.c: the store-back speculation pass ("spec"): turns a conditional
 * min/max update of a memory location into an unconditional store of a
 * select, so LLVM's loop vectorizer can use packed min/max instructions
 * (MaxArray from the ROG talk compiles to maxpd on amd64).
 *
 *   P:  %old = load T, ptr %p          ; every path reads *p
 *       ...                            ; no store, call, fence, atomic
 *       %c = fcmp ogt T %v, %old       ; compares exactly %v and %old
 *       br %c, label %S, label %J
 *   S:  store T %v, ptr %p             ; S holds only this store
 *       br label %J
 * becomes
 *   P:  ... %s = select %c, T %v, T %old
 *       store T %s, ptr %p
 *       br %c, label %S, label %J      ; S is now empty; simplifycfg folds it
 *
 * Why this is legal in Go (the memory model forbids introducing writes
 * that a race-free program could observe, go_mem.html "Implementation
 * restrictions"): the new store writes back the bits that were just read
 * from *p, and nothing between the read and the store writes memory or
 * synchronizes (no calls, stores, fences, atomics; checked instruction by
 * instruction). Take a race-free program and another goroutine's access A
 * to *p. If A is a write, it is ordered with our load (both access *p, the
 * program is race-free): either A happens before the load, and so before
 * the store too, or the load happens before A through a synchronizing
 * operation of this goroutine that comes after the load in program order,
 * and therefore after the store, since no synchronization lies between
 * them. So no write can fall between our load and our store, and *p
 * already holds the stored bits when the store happens. If A is a read it
 * sees the same bits with or without the store (aligned stores of at most
 * a word are single-copy atomic on amd64 and arm64; wider types are only
 * ever written with the value already there, piece by piece). No
 * execution of the rewritten program shows a value the original could
 * not.
 *
 * What the rewrite can change, and why it is limited to min/max updates:
 *   - memory that cannot be written (a read-only mmap, string bytes seen
 *     through unsafe) now faults where the original only read. Go has no
 *     read-only memory outside unsafe and syscall.Mmap; turn the pass off
 *     (-passes without spec) for code that updates such memory in place.
 *   - a store dirties the cache line, so a location read by many threads
 *     and rarely updated would bounce between cores. The pattern is
 *     therefore restricted to the select being a min or max of the loaded
 *     value and the stored one (the comparison's operands are exactly %v
 *     and %old), the loop shape that pays for it with packed min/max.
 *   - stores of pointers are never touched (write barriers, and there is
 *     no pointer min/max).
 *
 * Rejected alternatives: masked stores (llvm.masked.store) are what the
 * vectorizer emits when the target has them (AVX, SVE), and need no
 * argument above, but amd64's baseline (GOAMD64=v1, SSE2) and arm64's NEON
 * have none, so the vectorizer falls back to one scalar store per lane
 * behind a branch, and no packed max appears. Letting LLVM do the rewrite
 * is not possible: its memory model (C++'s) forbids it and SimplifyCFG
 * only speculates a store after an earlier store to the same address.
 *
 * NaN and signed zeros: the select keeps Go's semantics (`y > c` is false
 * when either is NaN, and +0 > -0 is false), and LLVM lowers it to maxpd
 * only because x86's max returns its second operand in exactly those
 * cases. arm64's fmax (NaN-propagating) and fmaxnm (NaN-ignoring) both
 * differ from the select when c is NaN and y is not, so on arm64 the
 * vector loop uses fcmgt + bif/bsl, which is the exact semantics.
 *
 * The pass runs between LLVM's O2 simplification and its vectorizer (see
 * pipeline.c), on IR where bounds checks are already hoisted or versioned
 * and redundant loads merged, so the pattern is a single block pair.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/passes/internal.h"

/* True for an instruction that cannot write memory or synchronize. Calls
 * are all excluded except debug-info intrinsics. */
static bool is_quiet(LLVMValueRef i) {
  switch (LLVMGetInstructionOpcode(i)) {
  case LLVMStore:
  case LLVMFence:
  case LLVMAtomicRMW:
  case LLVMAtomicCmpXchg:
  case LLVMVAArg:
  case LLVMInvoke:
  case LLVMCallBr:
    return false;
  case LLVMLoad:
    return !LLVMGetVolatile(i) && LLVMGetOrdering(i) == LLVMAtomicOrderingNotAtomic;
  case LLVMCall: {
    LLVMValueRef callee = LLVMGetCalledValue(i);
    size_t n = 0;
    const char *name = callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &n) : "";
    return n > 9 && strncmp(name, "llvm.dbg.", 9) == 0;
  }
  default:
    return true;
  }
}

/* A type whose values may be stored back: integers, floats and vectors of
 * them (never pointers). */
static bool is_plain_type(LLVMTypeRef t) {
  switch (LLVMGetTypeKind(t)) {
  case LLVMIntegerTypeKind:
  case LLVMHalfTypeKind:
  case LLVMFloatTypeKind:
  case LLVMDoubleTypeKind:
    return true;
  case LLVMVectorTypeKind:
    return is_plain_type(LLVMGetElementType(t));
  default:
    return false;
  }
}

/* If block s is "store v, p; br j" (debug intrinsics aside), returns the
 * store. */
static LLVMValueRef lone_store(LLVMBasicBlockRef s) {
  LLVMValueRef store = NULL;
  for (LLVMValueRef i = LLVMGetFirstInstruction(s); i; i = LLVMGetNextInstruction(i)) {
    LLVMOpcode op = LLVMGetInstructionOpcode(i);
    if (op == LLVMBr) return store && !LLVMIsConditional(i) ? store : NULL;
    if (op == LLVMStore && !store) {
      store = i;
    } else if (!(op == LLVMCall && is_quiet(i))) {
      return NULL;
    }
  }
  return NULL;
}

/* Tries the rewrite for block s with single predecessor p; returns whether
 * it was done. */
static bool speculate(LLVMBuilderRef b, const RogPassConfig *cfg, LLVMValueRef fn, LLVMBasicBlockRef p,
                      LLVMBasicBlockRef s) {
  LLVMValueRef store = lone_store(s);
  if (!store || LLVMGetVolatile(store) || LLVMGetOrdering(store) != LLVMAtomicOrderingNotAtomic) return false;
  LLVMValueRef v = LLVMGetOperand(store, 0), ptr = LLVMGetOperand(store, 1);
  if (!is_plain_type(LLVMTypeOf(v))) return false;
  LLVMValueRef br = LLVMGetBasicBlockTerminator(p);
  if (!br || LLVMGetInstructionOpcode(br) != LLVMBr || !LLVMIsConditional(br)) return false;
  LLVMBasicBlockRef join = LLVMGetSuccessor(LLVMGetBasicBlockTerminator(s), 0);
  bool s_first = LLVMGetSuccessor(br, 0) == s;
  if (LLVMGetSuccessor(br, s_first ? 1 : 0) != join) return false;
  LLVMValueRef cond = LLVMGetCondition(br);

  /* Walk back from the branch to a plain load of ptr with v's type. */
  LLVMValueRef old = NULL;
  for (LLVMValueRef i = LLVMGetPreviousInstruction(br); i; i = LLVMGetPreviousInstruction(i)) {
    if (!is_quiet(i)) return false;
    if (LLVMGetInstructionOpcode(i) == LLVMLoad && LLVMGetOperand(i, 0) == ptr &&
        LLVMTypeOf(i) == LLVMTypeOf(v)) {
      old = i;
      break;
    }
  }
  if (!old) return false;

  /* Only a min/max update: the condition compares exactly v and old. */
  if (!LLVMIsAFCmpInst(cond) && !LLVMIsAICmpInst(cond)) return false;
  LLVMValueRef a = LLVMGetOperand(cond, 0), c = LLVMGetOperand(cond, 1);
  if (!((a == v && c == old) || (a == old && c == v))) return false;

  LLVMPositionBuilderBefore(b, br);
  LLVMValueRef sel =
      s_first ? LLVMBuildSelect(b, cond, v, old, "spec.sel") : LLVMBuildSelect(b, cond, old, v, "spec.sel");
  LLVMValueRef st = LLVMBuildStore(b, sel, ptr);
  LLVMSetAlignment(st, LLVMGetAlignment(store));
  pass_copy_debug_loc(store, sel);
  pass_copy_debug_loc(store, st);
  pass_remark(cfg, ROG_PASS_SPEC, "spec", fn, store, "conditional store made unconditional (min/max update)");
  LLVMInstructionEraseFromParent(store);
  return true;
}

int rog_pass_spec(LLVMModuleRef m, const RogPassConfig *cfg) {
  int changed = 0;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(m));
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn)) {
    unsigned nblocks = LLVMCountBasicBlocks(fn);
    if (nblocks < 3) continue;
    /* Predecessor counts, and the predecessor of single-predecessor blocks. */
    PtrMap index;
    ptrmap_init(&index, nblocks);
    LLVMBasicBlockRef *blocks = calloc(nblocks, sizeof *blocks);
    LLVMBasicBlockRef *pred = calloc(nblocks, sizeof *pred);
    int *npred = calloc(nblocks, sizeof *npred);
    if (!blocks || !pred || !npred) {
      free(blocks);
      free(pred);
      free(npred);
      ptrmap_free(&index);
      continue;
    }
    LLVMGetBasicBlocks(fn, blocks);
    for (unsigned k = 0; k < nblocks; k++)
      ptrmap_put(&index, blocks[k], (int)k);
    for (unsigned k = 0; k < nblocks; k++) {
      LLVMValueRef t = LLVMGetBasicBlockTerminator(blocks[k]);
      unsigned ns = t ? LLVMGetNumSuccessors(t) : 0;
      for (unsigned j = 0; j < ns; j++) {
        int si = ptrmap_get(&index, LLVMGetSuccessor(t, j));
        if (si < 0) continue;
        /* A block listed twice by one terminator counts twice: not single. */
        npred[si]++;
        pred[si] = blocks[k];
      }
    }
    for (unsigned k = 0; k < nblocks; k++) {
      if (npred[k] == 1 && pred[k] != blocks[k] && speculate(b, cfg, fn, pred[k], blocks[k])) changed++;
    }
    free(blocks);
    free(pred);
    free(npred);
    ptrmap_free(&index);
  }
  LLVMDisposeBuilder(b);
  return changed;
}
