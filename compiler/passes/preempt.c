/*
 * preempt.c: preemption checkpoints.
 *
 * The scheduler asks a goroutine to yield by setting the checkpoint word
 * rog_tls.preempt (abi.h, offset ROG_TLS_PREEMPT_OFFSET). Generated code
 * polls it where a goroutine could otherwise run unboundedly without
 * reaching the scheduler:
 *
 *   - on every loop latch (the source of a back edge), so any loop
 *     iteration passes a checkpoint;
 *   - at the entry of every function that makes calls, so recursion passes
 *     one at every level. Leaf functions without loops run a bounded amount
 *     of code and are not instrumented; calls to intrinsics and to noreturn
 *     functions (the panic paths of bounds and nil checks) do not count.
 *
 * The poll is a monotonic atomic load (LLVM does not hoist those out of
 * loops, unlike plain or unordered loads), a compare, and a branch weighted
 * 1:2000 to a block that calls the cold rog_checkpoint(). It is built once
 * as the internal alwaysinline helper rog.preempt.poll and inlined by
 * rog_passes_run.
 *
 * The pass runs after LLVM's loop optimizations, so vectorized loops keep
 * their shape and poll once per vector iteration.
 *
 * Loops are found without LLVM's LoopInfo (not in the C API): dominators
 * by the iterative algorithm of Cooper, Harvey and Kennedy ("A Simple,
 * Fast Dominance Algorithm") over reverse postorder, then an edge B->H is
 * a back edge when H dominates B. Irreducible cycles have no such edge;
 * they are caught by the entry poll only when they call. That matches gc,
 * whose loop preemption also relies on natural loops.
 *
 * Functions with the string attribute "rog-nopreempt" (//go:nosplit and
 * runtime-internal functions) are skipped.
 */
#include <stdlib.h>

#include "compiler/passes/internal.h"
#include "rog/abi.h"

#define POLL_HELPER "rog.preempt.poll"

static LLVMValueRef poll_helper(LLVMModuleRef m) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef voidt = LLVMVoidTypeInContext(ctx);
  LLVMTypeRef fnty = LLVMFunctionType(voidt, NULL, 0, 0);
  LLVMBasicBlockRef entry;
  LLVMValueRef f = pass_new_helper(m, POLL_HELPER, fnty, &entry);
  if (!f) return LLVMGetNamedFunction(m, POLL_HELPER);

  LLVMValueRef slow_fn = pass_get_or_declare(m, "rog_checkpoint", fnty);
  pass_add_fn_attr(slow_fn, "cold");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(ctx, f, "preempt");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(ctx, f, "done");
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
  LLVMTypeRef i8 = LLVMInt8TypeInContext(ctx);
  LLVMValueRef off = LLVMConstInt(LLVMInt64TypeInContext(ctx), ROG_TLS_PREEMPT_OFFSET, 0);
  LLVMValueRef addr = LLVMBuildGEP2(b, i8, pass_tls_block(m), &off, 1, "preempt.addr");
  LLVMValueRef word = LLVMBuildLoad2(b, i32, addr, "preempt");
  LLVMSetOrdering(word, LLVMAtomicOrderingMonotonic);
  LLVMSetAlignment(word, 4);
  LLVMValueRef want = LLVMBuildICmp(b, LLVMIntNE, word, LLVMConstInt(i32, 0, 0), "want");
  pass_set_unlikely(LLVMBuildCondBr(b, want, slow, done));
  LLVMPositionBuilderAtEnd(b, slow);
  LLVMValueRef call = LLVMBuildCall2(b, fnty, slow_fn, NULL, 0, "");
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex,
                           LLVMCreateEnumAttribute(ctx, LLVMGetEnumAttributeKindForName("cold", 4), 0));
  LLVMBuildBr(b, done);
  LLVMPositionBuilderAtEnd(b, done);
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  return f;
}

/* Dominator tree over the reachable blocks of one function, indexed in
 * reverse postorder (index 0 is the entry). idom[i] is the RPO index of
 * block i's immediate dominator. */
typedef struct Dom {
  LLVMBasicBlockRef *rpo;
  int n;
  int *idom;
  PtrMap index; /* block -> RPO index */
} Dom;

/* Postorder of the blocks reachable from entry, by an iterative DFS with an
 * explicit stack of (block, next successor). `seen` is sized for all blocks. */
static int postorder(LLVMBasicBlockRef entry, int nblocks, LLVMBasicBlockRef *out) {
  struct frame {
    LLVMBasicBlockRef bb;
    unsigned next;
  } *stack = malloc(nblocks * sizeof *stack);
  PtrMap seen;
  ptrmap_init(&seen, nblocks);
  int sn = 0, nout = 0;
  stack[sn++] = (struct frame){entry, 0};
  ptrmap_put(&seen, entry, 1);
  while (sn > 0) {
    struct frame *f = &stack[sn - 1];
    LLVMValueRef term = LLVMGetBasicBlockTerminator(f->bb);
    unsigned nsucc = term ? LLVMGetNumSuccessors(term) : 0;
    if (f->next < nsucc) {
      LLVMBasicBlockRef s = LLVMGetSuccessor(term, f->next++);
      if (ptrmap_get(&seen, s) < 0) {
        ptrmap_put(&seen, s, 1);
        stack[sn++] = (struct frame){s, 0}; /* each block is pushed once: sn <= nblocks */
      }
      continue;
    }
    out[nout++] = f->bb;
    sn--;
  }
  ptrmap_free(&seen);
  free(stack);
  return nout;
}

/* With RPO indexes, a dominator always has a smaller index. */
static int intersect(const int *idom, int a, int b) {
  while (a != b) {
    while (a > b)
      a = idom[a];
    while (b > a)
      b = idom[b];
  }
  return a;
}

static Dom dominators(LLVMValueRef fn) {
  Dom d = {0};
  int nblocks = (int)LLVMCountBasicBlocks(fn);
  LLVMBasicBlockRef *po = malloc(nblocks * sizeof *po);
  int npo = postorder(LLVMGetEntryBasicBlock(fn), nblocks, po);
  d.n = npo;
  d.rpo = malloc(npo * sizeof *d.rpo);
  ptrmap_init(&d.index, npo);
  for (int i = 0; i < npo; i++) {
    d.rpo[i] = po[npo - 1 - i];
    ptrmap_put(&d.index, d.rpo[i], i);
  }
  free(po);
  /* Predecessor lists, as RPO indexes, in one array (CSR layout). */
  int *npred = calloc(npo + 1, sizeof *npred);
  int nedges = 0;
  for (int i = 0; i < npo; i++) {
    LLVMValueRef term = LLVMGetBasicBlockTerminator(d.rpo[i]);
    unsigned ns = term ? LLVMGetNumSuccessors(term) : 0;
    for (unsigned s = 0; s < ns; s++) {
      npred[ptrmap_get(&d.index, LLVMGetSuccessor(term, s)) + 1]++;
      nedges++;
    }
  }
  for (int i = 0; i < npo; i++)
    npred[i + 1] += npred[i];
  int *pred = malloc((nedges ? nedges : 1) * sizeof *pred);
  int *fill = calloc(npo, sizeof *fill);
  for (int i = 0; i < npo; i++) {
    LLVMValueRef term = LLVMGetBasicBlockTerminator(d.rpo[i]);
    unsigned ns = term ? LLVMGetNumSuccessors(term) : 0;
    for (unsigned s = 0; s < ns; s++) {
      int j = ptrmap_get(&d.index, LLVMGetSuccessor(term, s));
      pred[npred[j] + fill[j]++] = i;
    }
  }
  free(fill);
  d.idom = malloc(npo * sizeof *d.idom);
  for (int i = 0; i < npo; i++)
    d.idom[i] = -1;
  d.idom[0] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 1; i < npo; i++) {
      int new_idom = -1;
      for (int k = npred[i]; k < npred[i + 1]; k++) {
        int p = pred[k];
        if (d.idom[p] < 0) continue;
        new_idom = new_idom < 0 ? p : intersect(d.idom, p, new_idom);
      }
      if (new_idom >= 0 && d.idom[i] != new_idom) {
        d.idom[i] = new_idom;
        changed = true;
      }
    }
  }
  free(pred);
  free(npred);
  return d;
}

static void dom_free(Dom *d) {
  free(d->rpo);
  free(d->idom);
  ptrmap_free(&d->index);
}

static bool dominates(const Dom *d, int a, int b) {
  for (;;) {
    if (a == b) return true;
    if (b == 0) return false;
    b = d->idom[b];
  }
}

static bool makes_calls(LLVMValueRef fn) {
  unsigned noreturn = LLVMGetEnumAttributeKindForName("noreturn", 8);
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
      if (!LLVMIsACallInst(i) && !LLVMIsAInvokeInst(i)) continue;
      LLVMValueRef callee = LLVMGetCalledValue(i);
      if (LLVMIsAInlineAsm(callee)) continue;
      /* Intrinsics and calls that never return (panics) cannot recurse. */
      if (LLVMIsAFunction(callee) &&
          (LLVMGetIntrinsicID(callee) != 0 ||
           LLVMGetEnumAttributeAtIndex(callee, LLVMAttributeFunctionIndex, noreturn) != NULL))
        continue;
      return true;
    }
  }
  return false;
}

static void insert_poll(LLVMBuilderRef b, LLVMValueRef before, LLVMValueRef helper) {
  LLVMPositionBuilderBefore(b, before);
  LLVMValueRef call = LLVMBuildCall2(b, LLVMGlobalGetValueType(helper), helper, NULL, 0, "");
  /* Give the poll the debug location of the instruction it precedes, so
   * tracebacks from rog_checkpoint point at the loop or the function. */
  pass_copy_debug_loc(before, call);
}

int rog_pass_preempt(LLVMModuleRef m, const RogPassConfig *cfg) {
  int changed = 0;
  LLVMValueRef helper = NULL;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(m));
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn)) {
    if (pass_skip_function(fn, "rog-nopreempt")) continue;
    if (!helper) helper = poll_helper(m);
    bool nonleaf = makes_calls(fn); /* before the polls below add calls */
    Dom d = dominators(fn);
    for (int i = 0; i < d.n; i++) {
      LLVMValueRef term = LLVMGetBasicBlockTerminator(d.rpo[i]);
      unsigned ns = term ? LLVMGetNumSuccessors(term) : 0;
      for (unsigned s = 0; s < ns; s++) {
        int h = ptrmap_get(&d.index, LLVMGetSuccessor(term, s));
        if (h < 0 || !dominates(&d, h, i)) continue;
        insert_poll(b, term, helper);
        pass_remark(cfg, ROG_PASS_PREEMPT, "preempt", fn, term, "checkpoint on loop latch");
        changed++;
        break; /* one poll per latch block, however many back edges */
      }
    }
    dom_free(&d);
    if (nonleaf) {
      LLVMValueRef at = pass_entry_insert_point(fn);
      insert_poll(b, at, helper);
      pass_remark(cfg, ROG_PASS_PREEMPT, "preempt", fn, at, "checkpoint at function entry");
      changed++;
    }
  }
  LLVMDisposeBuilder(b);
  return changed;
}
