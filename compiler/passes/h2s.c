/*
 * h2s.c: heap-to-stack.
 *
 * After inlining, an allocation call rog_alloc(size, type) whose result
 * cannot outlive the function becomes a stack slot:
 *
 *   %p = call ptr @rog_alloc(i64 24, ptr @type.T)
 * =>
 *   entry: %p.h2s = alloca [24 x i8], align 8
 *   ...    call void @llvm.memset(ptr %p.h2s, i8 0, i64 24)   ; Go zeroes new objects
 *
 * Conditions: the size is a constant no larger than h2s_max_object, the
 * function's total stays within h2s_max_function (goroutine stacks start
 * small), and the pointer is not captured. Capture analysis follows the
 * pointer through GEPs and casts; these uses are safe:
 *   loads from it; stores *into* it (storing the pointer itself escapes);
 *   rog_gcwrite/rog_gcmemmove with it as destination (or as source of a
 *   copy); llvm.memset/memcpy/memmove and lifetime intrinsics; icmp; call
 *   arguments marked nocapture.
 * Everything else (stored as a value, returned, phi/select, ptrtoint, a
 * capturing call) counts as an escape. Phis are rejected on purpose: the
 * single alloca is reused by every execution of the call, which is only
 * sound if no pointer from one execution is live at the next, and without
 * phis (or stores) the SSA value cannot carry it across.
 *
 * The stack object keeps the GC correct without type information: stacks
 * are scanned conservatively, so pointers stored in it keep their targets
 * alive. The front end's escape analysis (export-data summaries, gc-style)
 * will mark more parameters nocapture and make this pass catch more.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/passes/internal.h"

static bool callee_named(LLVMValueRef call, const char *name) {
  LLVMValueRef c = LLVMGetCalledValue(call);
  if (!LLVMIsAFunction(c)) return false;
  size_t n;
  const char *s = LLVMGetValueName2(c, &n);
  return n == strlen(name) && memcmp(s, name, n) == 0;
}

static bool is_mem_intrinsic(LLVMValueRef call) {
  LLVMValueRef c = LLVMGetCalledValue(call);
  if (!LLVMIsAFunction(c) || LLVMGetIntrinsicID(c) == 0) return false;
  size_t n;
  const char *s = LLVMGetValueName2(c, &n);
  return (n >= 11 && strncmp(s, "llvm.memset", 11) == 0) || (n >= 11 && strncmp(s, "llvm.memcpy", 11) == 0) ||
         (n >= 12 && strncmp(s, "llvm.memmove", 12) == 0) ||
         (n >= 13 && strncmp(s, "llvm.lifetime", 13) == 0);
}

/* Does any use of v (a pointer derived from the allocation) let it escape?
 * Depth-limited so pathological GEP chains cannot blow the C stack. */
static bool escapes(LLVMValueRef v, unsigned nocapture_kind, int depth) {
  if (depth > 32) return true;
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (LLVMIsALoadInst(user) || LLVMIsAICmpInst(user)) continue;
    if (LLVMIsAStoreInst(user)) {
      if (LLVMGetOperand(user, 0) == v) return true; /* the pointer itself is stored */
      continue;
    }
    if (LLVMIsAGetElementPtrInst(user) || LLVMIsABitCastInst(user) || LLVMIsAAddrSpaceCastInst(user)) {
      if (escapes(user, nocapture_kind, depth + 1)) return true;
      continue;
    }
    if (LLVMIsACallInst(user)) {
      unsigned nargs = (unsigned)LLVMGetNumArgOperands(user);
      if (LLVMGetCalledValue(user) == v) return true;
      if (is_mem_intrinsic(user)) continue;
      bool ok = true;
      for (unsigned a = 0; a < nargs && ok; a++) {
        if (LLVMGetOperand(user, a) != v) continue;
        if (callee_named(user, "rog_gcwrite"))
          ok = a == 0;
        else if (callee_named(user, "rog_gcmemmove"))
          ok = a <= 1;
        else
          ok = LLVMGetCallSiteEnumAttribute(user, a + 1, nocapture_kind) != NULL ||
               (LLVMIsAFunction(LLVMGetCalledValue(user)) &&
                LLVMGetEnumAttributeAtIndex(LLVMGetCalledValue(user), a + 1, nocapture_kind) != NULL);
      }
      if (!ok) return true;
      continue;
    }
    return true;
  }
  return false;
}

int rog_pass_h2s(LLVMModuleRef m, const RogPassConfig *cfg) {
  LLVMValueRef *calls;
  int n = pass_collect_calls(m, "rog_alloc", &calls);
  if (n == 0) return 0;
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  unsigned nocapture = LLVMGetEnumAttributeKindForName("nocapture", 9);
  LLVMTypeRef i8 = LLVMInt8TypeInContext(ctx);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  /* Bytes moved so far, per function (calls are grouped by function in
   * use-list order only loosely, so keep a small map). */
  PtrMap budget;
  ptrmap_init(&budget, n);
  int changed = 0;
  for (int i = 0; i < n; i++) {
    LLVMValueRef call = calls[i];
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
    LLVMValueRef size = LLVMGetOperand(call, 0);
    if (!LLVMIsAConstantInt(size)) {
      pass_remark(cfg, ROG_PASS_H2S, "h2s", fn, call, "stays on heap: size not constant");
      continue;
    }
    unsigned long long bytes = LLVMConstIntGetZExtValue(size);
    int used = ptrmap_get(&budget, fn);
    if (used < 0) used = 0;
    if (bytes > cfg->h2s_max_object || used + bytes > cfg->h2s_max_function) {
      pass_remark(cfg, ROG_PASS_H2S, "h2s", fn, call, "stays on heap: %llu bytes is too large", bytes);
      continue;
    }
    if (escapes(call, nocapture, 0)) {
      pass_remark(cfg, ROG_PASS_H2S, "h2s", fn, call, "stays on heap: escapes");
      continue;
    }
    LLVMPositionBuilderBefore(b, pass_entry_insert_point(fn));
    LLVMValueRef slot = LLVMBuildAlloca(b, LLVMArrayType2(i8, bytes ? bytes : 1), "h2s");
    LLVMSetAlignment(slot, 8);
    LLVMPositionBuilderBefore(b, call);
    if (bytes > 0) {
      LLVMValueRef z = LLVMBuildMemSet(b, slot, LLVMConstInt(i8, 0, 0), LLVMConstInt(i64, bytes, 0), 8);
      pass_copy_debug_loc(call, z);
    }
    pass_remark(cfg, ROG_PASS_H2S, "h2s", fn, call, "moved %llu-byte allocation to stack", bytes);
    LLVMReplaceAllUsesWith(call, slot);
    LLVMInstructionEraseFromParent(call);
    ptrmap_put(&budget, fn, used + (int)bytes);
    changed++;
  }
  ptrmap_free(&budget);
  free(calls);
  LLVMDisposeBuilder(b);
  return changed;
}
