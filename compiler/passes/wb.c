/*
 * wb.c: the write-barrier pass.
 *
 * The front end emits every pointer store that may hit the heap as a call
 * to the runtime's out-of-line barrier, rog_gcwrite(slot, val), and every
 * bulk copy of pointerful memory as rog_gcmemmove(dst, src, n, type)
 * (abi.h). Those are real runtime functions, so unlowered calls (this pass
 * off, -O0) are correct. This pass, after LLVM's optimizer, rewrites each:
 *
 *   - destination provably on the stack (the slot's base, through GEPs and
 *     casts, is an alloca: including objects heap-to-stack moved there)
 *     -> a plain store / llvm.memmove: stacks are scanned as roots, never
 *     through the barrier;
 *   - otherwise -> the inline form, via the alwaysinline helpers
 *         rog.wb.store:   if (rog_wb_enabled) rog_write_barrier(slot, val);
 *                         else *slot = val;
 *         rog.wb.memmove: if (rog_wb_enabled) rog_write_barrier_bulk(...);
 *                         else memmove(dst, src, n);
 *     with the enabled test weighted unlikely (the barrier is on only while
 *     the concurrent collector marks) and the slow paths cold.
 *
 * Not done yet: eliding barriers on stores into objects allocated in the
 * same function before they are published. Whether that is sound depends
 * on the collector's barrier (it is for a deletion barrier with objects
 * allocated black, not for an insertion barrier), which runtime/gc decides;
 * it comes with the collector.
 */
#include <stdlib.h>

#include "compiler/passes/internal.h"

#define STORE_HELPER "rog.wb.store"
#define MEMMOVE_HELPER "rog.wb.memmove"

static LLVMValueRef wb_enabled_word(LLVMModuleRef m) {
  LLVMValueRef g = LLVMGetNamedGlobal(m, "rog_wb_enabled");
  if (!g) g = LLVMAddGlobal(m, LLVMInt32TypeInContext(LLVMGetModuleContext(m)), "rog_wb_enabled");
  return g;
}

/* Emits `if (rog_wb_enabled) goto slow else goto fast` at the end of entry. */
static void branch_on_enabled(LLVMModuleRef m, LLVMBuilderRef b, LLVMBasicBlockRef slow,
                              LLVMBasicBlockRef fast) {
  LLVMTypeRef i32 = LLVMInt32TypeInContext(LLVMGetModuleContext(m));
  LLVMValueRef on = LLVMBuildLoad2(b, i32, wb_enabled_word(m), "wb.enabled");
  LLVMSetOrdering(on, LLVMAtomicOrderingMonotonic);
  LLVMSetAlignment(on, 4);
  LLVMValueRef c = LLVMBuildICmp(b, LLVMIntNE, on, LLVMConstInt(i32, 0, 0), "wb.on");
  pass_set_unlikely(LLVMBuildCondBr(b, c, slow, fast));
}

static void call_cold(LLVMBuilderRef b, LLVMValueRef fn, LLVMValueRef *args, unsigned n) {
  LLVMValueRef call = LLVMBuildCall2(b, LLVMGlobalGetValueType(fn), fn, args, n, "");
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(fn));
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex,
                           LLVMCreateEnumAttribute(ctx, LLVMGetEnumAttributeKindForName("cold", 4), 0));
}

static LLVMValueRef store_helper(LLVMModuleRef m) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef params[2] = {ptr, ptr};
  LLVMTypeRef fnty = LLVMFunctionType(LLVMVoidTypeInContext(ctx), params, 2, 0);
  LLVMBasicBlockRef entry;
  LLVMValueRef f = pass_new_helper(m, STORE_HELPER, fnty, &entry);
  if (!f) return LLVMGetNamedFunction(m, STORE_HELPER);
  LLVMValueRef slow_fn = pass_get_or_declare(m, "rog_write_barrier", fnty);
  pass_add_fn_attr(slow_fn, "cold");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(ctx, f, "barrier");
  LLVMBasicBlockRef fast = LLVMAppendBasicBlockInContext(ctx, f, "store");
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, entry);
  branch_on_enabled(m, b, slow, fast);
  LLVMPositionBuilderAtEnd(b, slow);
  LLVMValueRef args[2] = {LLVMGetParam(f, 0), LLVMGetParam(f, 1)};
  call_cold(b, slow_fn, args, 2);
  LLVMBuildRetVoid(b);
  LLVMPositionBuilderAtEnd(b, fast);
  LLVMValueRef st = LLVMBuildStore(b, LLVMGetParam(f, 1), LLVMGetParam(f, 0));
  LLVMSetAlignment(st, 8);
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  return f;
}

static LLVMValueRef memmove_helper(LLVMModuleRef m) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef params[4] = {ptr, ptr, i64, ptr};
  LLVMTypeRef fnty = LLVMFunctionType(LLVMVoidTypeInContext(ctx), params, 4, 0);
  LLVMBasicBlockRef entry;
  LLVMValueRef f = pass_new_helper(m, MEMMOVE_HELPER, fnty, &entry);
  if (!f) return LLVMGetNamedFunction(m, MEMMOVE_HELPER);
  LLVMValueRef slow_fn = pass_get_or_declare(m, "rog_write_barrier_bulk", fnty);
  pass_add_fn_attr(slow_fn, "cold");
  LLVMBasicBlockRef slow = LLVMAppendBasicBlockInContext(ctx, f, "barrier");
  LLVMBasicBlockRef fast = LLVMAppendBasicBlockInContext(ctx, f, "move");
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, entry);
  branch_on_enabled(m, b, slow, fast);
  LLVMPositionBuilderAtEnd(b, slow);
  LLVMValueRef args[4] = {LLVMGetParam(f, 0), LLVMGetParam(f, 1), LLVMGetParam(f, 2), LLVMGetParam(f, 3)};
  call_cold(b, slow_fn, args, 4);
  LLVMBuildRetVoid(b);
  LLVMPositionBuilderAtEnd(b, fast);
  LLVMBuildMemMove(b, LLVMGetParam(f, 0), 8, LLVMGetParam(f, 1), 8, LLVMGetParam(f, 2));
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  return f;
}

static bool on_stack(LLVMValueRef p) {
  return LLVMIsAAllocaInst(pass_strip_pointer(p)) != NULL;
}

int rog_pass_wb(LLVMModuleRef m, const RogPassConfig *cfg) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(m));
  LLVMValueRef *calls;
  int changed = 0;

  int n = pass_collect_calls(m, "rog_gcwrite", &calls);
  for (int i = 0; i < n; i++) {
    LLVMValueRef call = calls[i];
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
    LLVMValueRef slot = LLVMGetOperand(call, 0), val = LLVMGetOperand(call, 1);
    LLVMPositionBuilderBefore(b, call);
    LLVMValueRef repl;
    if (on_stack(slot)) {
      repl = LLVMBuildStore(b, val, slot);
      LLVMSetAlignment(repl, 8);
      pass_remark(cfg, ROG_PASS_WB, "wb", fn, call, "no barrier: store to stack");
    } else {
      LLVMValueRef h = store_helper(m);
      LLVMValueRef args[2] = {slot, val};
      repl = LLVMBuildCall2(b, LLVMGlobalGetValueType(h), h, args, 2, "");
      pass_remark(cfg, ROG_PASS_WB, "wb", fn, call, "barrier: store may hit the heap");
    }
    pass_copy_debug_loc(call, repl);
    LLVMInstructionEraseFromParent(call);
    changed++;
  }
  free(calls);

  n = pass_collect_calls(m, "rog_gcmemmove", &calls);
  for (int i = 0; i < n; i++) {
    LLVMValueRef call = calls[i];
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
    LLVMValueRef dst = LLVMGetOperand(call, 0), src = LLVMGetOperand(call, 1), len = LLVMGetOperand(call, 2);
    LLVMPositionBuilderBefore(b, call);
    LLVMValueRef repl;
    if (on_stack(dst)) {
      repl = LLVMBuildMemMove(b, dst, 8, src, 8, len);
      pass_remark(cfg, ROG_PASS_WB, "wb", fn, call, "no barrier: copy to stack");
    } else {
      LLVMValueRef h = memmove_helper(m);
      LLVMValueRef args[4] = {dst, src, len, LLVMGetOperand(call, 3)};
      repl = LLVMBuildCall2(b, LLVMGlobalGetValueType(h), h, args, 4, "");
      pass_remark(cfg, ROG_PASS_WB, "wb", fn, call, "barrier: copy may hit the heap");
    }
    pass_copy_debug_loc(call, repl);
    LLVMInstructionEraseFromParent(call);
    changed++;
  }
  free(calls);
  LLVMDisposeBuilder(b);
  return changed;
}
