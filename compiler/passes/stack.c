/*
 * stack.c: the prologue stack check (abi.h [stack], runtime/stack/stack.c).
 *
 * Goroutines run on segmented stacks that start at 2 KiB. Every function
 * that may need more than the reserve below the guard gets, at entry:
 *
 *   stack.check:                                 ; the new entry block
 *     %blk = alloca { params..., [parent frame], result }
 *     %sp  = ptrtoint (llvm.frameaddress(0))
 *     if (%sp - FS <u rog_tls.stack_guard)       ; TLS offset 0, unlikely
 *       goto stack.grow
 *     goto old entry
 *   stack.grow:                                  ; cold
 *     store the parameters (and for recover: llvm.frameaddress(1)) in %blk
 *     rog_morestack(@F·morestack, %blk, FS + thunk bound)
 *     ret (load %blk.result)                     ; or ret void (sret, void)
 *
 *   define internal void @F·morestack(ptr %blk)  ; the thunk, "rog-nosplit"
 *     [rog_panic_wrapper(%blk.parent, llvm.frameaddress(0))]   ; recover
 *     %r = call F(params loaded from %blk)       ; same attrs and convention
 *     store %r, %blk.result
 *
 * Parameters are forwarded with F's own parameter attributes (sret, nest,
 * byval, zeroext, ...) and calling convention, so any result survives: a
 * direct result (scalar, {A, B} literal struct, vector, x86_fp80) goes
 * through the block's result field, an sret result is written by F into
 * the caller's memory through the forwarded pointer, and a byval parameter
 * is copied again by the thunk's call onto the new segment. C varargs
 * functions cannot be forwarded (no va_list re-call); they are refused:
 * left unchecked, with a remark. Go code never produces them.
 *
 * Recover (abi.h [panic]): a function that reads its parent's frame
 * (calls rog_gorecover or rog_panic_wrapper, or llvm.frameaddress(N >= 1))
 * would see the thunk as its parent when re-run on a new segment. Its
 * cold path stores the original llvm.frameaddress(1) in the block and the
 * thunk calls rog_panic_wrapper(original parent, its own frameaddress(0))
 * first, which moves the panic's argp to the thunk's frame when it matched.
 *
 * Big frames: the check runs after the machine prologue has allocated the
 * frame, so until it branches, spill code may already write up to the
 * frame's size below the guard; the reserve below the guard (abi.h) only
 * budgets ROG_STACK_BIGFRAME for that. A function whose frame bound
 * exceeds ROG_STACK_BIGFRAME is split: its blocks move to an internal
 * F·body (which keeps F's debug info, so tracebacks name F, and is
 * "rog-nosplit"), and F becomes a small entry doing the check with
 * FS = bound(body) + ROG_STACK_BIGFRAME, then `musttail call F·body`
 * (a plain call when a parameter is byval: musttail cannot always forward
 * those). Its thunk calls F·body directly: the new segment holds it.
 *
 * Small leaves: a function without calls (intrinsics, inline asm and the
 * runtime's write-barrier and checkpoint slow paths, which the reserve's
 * ROG_STACK_RUNTIME_MAX budgets, do not count) whose bound is at most
 * ROG_STACK_NOSPLIT_MAX gets no check (gc's nosplit leaves). Functions
 * with the string attribute "rog-nosplit" (//go:nosplit, the thunks and
 * bodies this pass creates) and "naked" or available_externally functions
 * are left alone; checked functions get "rog-stack" so a second run of the
 * pass skips them.
 *
 * The frame size. The pass runs after LLVM's pipeline but before code
 * generation, so the real frame size is not known. Decision: a
 * conservative bound computed from the IR, documented and checked:
 *
 *   bound = 16 (return address / LR and saved frame pointer)
 *         + 16 (alignment of the frame)
 *         + static allocas, each rounded to its alignment (plus the
 *           alignment again when it exceeds 16: the frame is realigned)
 *         + callee-saved registers: 8 * min(integer values, NCSR_GPR)
 *           + 8 * min(FP/vector values, NCSR_FPR)   (amd64 5 and 0,
 *           arm64 10 and 8; an unknown target uses arm64's)
 *         + spill slots: every SSA value (parameters and non-void
 *           instructions other than allocas) its store size rounded to 8,
 *           phis twice (phi elimination gives each phi two virtual
 *           registers that may spill apart)
 *         + outgoing arguments: the largest sum of argument sizes (byval
 *           pointees included) over the calls, as if all went on the stack.
 *
 * LLVM gives every spilled virtual register its own slot before slot
 * coloring merges some, and every register in the machine function comes
 * from an IR value (constants are rematerialized), so the sum is an upper
 * bound for the fixed frame in practice; the e2e test
 * (compiler/passes/e2e) compiles real modules with -fstack-size-section
 * and checks bound >= the code generator's frame size for every function.
 * The bound is loose: 2.0-2.1x the real frames over the e2e test's ten
 * functions (amd64 and arm64), more for big functions, which then split
 * and grow their stack earlier than needed. TODO(passes): a liveness-based
 * bound (max simultaneously live bytes) would be much tighter.
 *
 * Rejected:
 *   - LLVM's "split-stack" attribute (x86 only; DESIGN.md requires the
 *     same mechanism on arm64, and it calls __morestack with libgcc's
 *     conventions, not rog's segments);
 *   - reading the real SP (llvm.read_register) for the check: exact for
 *     the frame the prologue built, but that frame is already allocated,
 *     so soundness still depends on deciding "small" from a bound, and the
 *     new segment's size and the split both need one anyway;
 *   - patching the frame size in after code generation (a per-function
 *     absolute symbol filled from .stack_sizes at link time): needs a link
 *     step in every build mode and a relocation in the prologue; kept as
 *     the fallback if the bound proves too loose.
 *   - estimating allocas only, plus a fixed slack for spills: unsound for
 *     functions with many values live across calls.
 *
 * Dynamic allocas (not produced by Go code) move SP after the check; they
 * are not covered and are named in the remark. TODO(passes): a check
 * before each dynamic alloca.
 *
 * Remarks (-d=stack): "F: stack: check, frame N", "... check, frame N
 * (big frame: entry + body)", "nosplit leaf, frame N",
 * "not checked (C varargs function)".
 */
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Target.h>

#include "compiler/passes/internal.h"
#include "rog/abi.h"

#define THUNK_SUFFIX "\xc2\xb7morestack" /* F·morestack */
#define BODY_SUFFIX                                                                                          \
  "\xc2\xb7"                                                                                                 \
  "body" /* F·body */

typedef struct Target {
  unsigned ncsr_gpr, ncsr_fpr;
} Target;

static Target target_of(LLVMModuleRef m) {
  const char *t = LLVMGetTarget(m);
  if (t && strncmp(t, "x86_64", 6) == 0) return (Target){5, 0};
  return (Target){10, 8}; /* aarch64, and the conservative default */
}

static uint64_t round_up(uint64_t n, uint64_t a) {
  return a ? (n + a - 1) / a * a : n;
}

/* Size of a value of type t in a register or spill slot, rounded to 8. */
static uint64_t value_size(LLVMTargetDataRef td, LLVMTypeRef t) {
  LLVMTypeKind k = LLVMGetTypeKind(t);
  if (k == LLVMScalableVectorTypeKind) return 256; /* SVE: up to 2048 bits */
  if (k == LLVMVoidTypeKind || k == LLVMLabelTypeKind || k == LLVMMetadataTypeKind ||
      k == LLVMTokenTypeKind || !LLVMTypeIsSized(t))
    return 0;
  return round_up(LLVMABISizeOfType(td, t), 8);
}

static bool is_fp_value(LLVMTypeRef t) {
  LLVMTypeKind k = LLVMGetTypeKind(t);
  return k == LLVMHalfTypeKind || k == LLVMBFloatTypeKind || k == LLVMFloatTypeKind ||
         k == LLVMDoubleTypeKind || k == LLVMX86_FP80TypeKind || k == LLVMFP128TypeKind ||
         k == LLVMVectorTypeKind || k == LLVMScalableVectorTypeKind;
}

static bool name_is(LLVMValueRef fn, const char *name) {
  size_t n;
  const char *s = LLVMGetValueName2(fn, &n);
  return n == strlen(name) && memcmp(s, name, n) == 0;
}

/* Calls that do not make a function a non-leaf: intrinsics, inline asm,
 * and the runtime slow paths the other passes insert (runtime C that never
 * calls back into Go, budgeted by ROG_STACK_RUNTIME_MAX). */
static bool call_is_leafy(LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (LLVMIsAInlineAsm(callee)) return true;
  if (!LLVMIsAFunction(callee)) return false;
  if (LLVMGetIntrinsicID(callee) != 0) return true;
  return name_is(callee, "rog_checkpoint") || name_is(callee, "rog_write_barrier") ||
         name_is(callee, "rog_write_barrier_bulk");
}

/* What the pass learns about one function before changing it. */
typedef struct FrameInfo {
  uint64_t bound;     /* conservative frame size bound (bytes) */
  bool leaf;          /* no calls that count */
  bool dynamic;       /* has dynamic allocas */
  bool reads_parent;  /* needs the recover wrapper in its thunk */
  bool has_byval;     /* a parameter is byval/inalloca/preallocated */
  uint64_t max_outgo; /* largest outgoing argument area */
} FrameInfo;

static bool is_static_alloca(LLVMValueRef i, LLVMBasicBlockRef entry) {
  return LLVMIsAAllocaInst(i) && LLVMGetInstructionParent(i) == entry &&
         LLVMIsAConstantInt(LLVMGetOperand(i, 0));
}

static uint64_t byval_size(LLVMTargetDataRef td, LLVMValueRef call_or_fn, unsigned idx, bool is_call) {
  static const char *const kinds[] = {"byval", "inalloca", "preallocated"};
  for (int k = 0; k < 3; k++) {
    unsigned kind = LLVMGetEnumAttributeKindForName(kinds[k], strlen(kinds[k]));
    LLVMAttributeRef a = is_call ? LLVMGetCallSiteEnumAttribute(call_or_fn, idx, kind)
                                 : LLVMGetEnumAttributeAtIndex(call_or_fn, idx, kind);
    if (a) return round_up(LLVMABISizeOfType(td, LLVMGetTypeAttributeValue(a)), 8);
  }
  return 0;
}

static FrameInfo analyze(LLVMValueRef fn, LLVMTargetDataRef td, Target tg) {
  FrameInfo fi = {0};
  fi.leaf = true;
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
  uint64_t allocas = 0, spills = 0, nint = 0, nfp = 0;
  unsigned nparams = LLVMCountParams(fn);
  for (unsigned i = 0; i < nparams; i++) {
    LLVMTypeRef t = LLVMTypeOf(LLVMGetParam(fn, i));
    spills += value_size(td, t);
    if (is_fp_value(t))
      nfp++;
    else
      nint++;
    if (byval_size(td, fn, i + 1, false)) fi.has_byval = true;
  }
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
      if (LLVMIsAAllocaInst(i)) {
        if (!is_static_alloca(i, entry)) {
          fi.dynamic = true;
          continue;
        }
        uint64_t n = LLVMConstIntGetZExtValue(LLVMGetOperand(i, 0));
        uint64_t align = LLVMGetAlignment(i);
        uint64_t sz = LLVMABISizeOfType(td, LLVMGetAllocatedType(i)) * n;
        allocas += round_up(sz, align > 8 ? align : 8) + (align > 16 ? align : 0);
        continue;
      }
      LLVMTypeRef t = LLVMTypeOf(i);
      uint64_t vs = value_size(td, t);
      if (vs) {
        spills += LLVMIsAPHINode(i) ? 2 * vs : vs;
        if (is_fp_value(t))
          nfp++;
        else
          nint++;
      }
      if (!LLVMIsACallInst(i) && !LLVMIsAInvokeInst(i) && !LLVMIsACallBrInst(i)) continue;
      LLVMValueRef callee = LLVMGetCalledValue(i);
      if (LLVMIsAFunction(callee) &&
          (name_is(callee, "rog_gorecover") || name_is(callee, "rog_panic_wrapper")))
        fi.reads_parent = true;
      if (LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee) != 0) {
        size_t n;
        const char *s = LLVMGetValueName2(callee, &n);
        if (n >= 17 && strncmp(s, "llvm.frameaddress", 17) == 0) {
          LLVMValueRef depth = LLVMGetOperand(i, 0);
          if (!LLVMIsAConstantInt(depth) || LLVMConstIntGetZExtValue(depth) != 0) fi.reads_parent = true;
        }
      }
      if (call_is_leafy(i)) continue;
      fi.leaf = false;
      uint64_t out = 0;
      unsigned nargs = LLVMGetNumArgOperands(i);
      for (unsigned a = 0; a < nargs; a++)
        out += value_size(td, LLVMTypeOf(LLVMGetOperand(i, a))) + byval_size(td, i, a + 1, true);
      if (out > fi.max_outgo) fi.max_outgo = out;
    }
  }
  uint64_t csr = 8 * (nint < tg.ncsr_gpr ? nint : tg.ncsr_gpr) + 8 * (nfp < tg.ncsr_fpr ? nfp : tg.ncsr_fpr);
  fi.bound = 32 + allocas + csr + spills + fi.max_outgo;
  return fi;
}

/* ------------------------------------------------------------ rewriting */

/* Copies every attribute at index idx of function `from` to `to` (a
 * function, or a call site when is_call). */
static void copy_attrs(LLVMValueRef from, LLVMValueRef to, LLVMAttributeIndex idx, bool is_call) {
  unsigned n = LLVMGetAttributeCountAtIndex(from, idx);
  if (n == 0) return;
  LLVMAttributeRef *as = malloc(n * sizeof *as);
  LLVMGetAttributesAtIndex(from, idx, as);
  for (unsigned i = 0; i < n; i++) {
    if (is_call)
      LLVMAddCallSiteAttribute(to, idx, as[i]);
    else
      LLVMAddAttributeAtIndex(to, idx, as[i]);
  }
  free(as);
}

/* Parameter and return attributes of fn onto a call of it. */
static void copy_call_attrs(LLVMValueRef fn, LLVMValueRef call) {
  copy_attrs(fn, call, LLVMAttributeReturnIndex, true);
  unsigned np = LLVMCountParams(fn);
  for (unsigned i = 0; i < np; i++)
    copy_attrs(fn, call, i + 1, true);
  LLVMSetInstructionCallConv(call, LLVMGetFunctionCallConv(fn));
}

/* The code-generation string attributes of F (target-cpu, target-features,
 * frame-pointer, ...) onto a function the pass creates, so arguments travel
 * in the same registers; probe-stack is never copied. */
static void copy_codegen_attrs(LLVMValueRef from, LLVMValueRef to) {
  unsigned n = LLVMGetAttributeCountAtIndex(from, LLVMAttributeFunctionIndex);
  LLVMAttributeRef *as = malloc((n ? n : 1) * sizeof *as);
  LLVMGetAttributesAtIndex(from, LLVMAttributeFunctionIndex, as);
  for (unsigned i = 0; i < n; i++) {
    if (!LLVMIsStringAttribute(as[i])) continue;
    unsigned klen;
    const char *k = LLVMGetStringAttributeKind(as[i], &klen);
    if ((klen == 11 && memcmp(k, "probe-stack", 11) == 0) || (klen == 9 && memcmp(k, "rog-stack", 9) == 0))
      continue;
    LLVMAddAttributeAtIndex(to, LLVMAttributeFunctionIndex, as[i]);
  }
  free(as);
}

static void add_string_attr(LLVMValueRef fn, const char *k) {
  LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(fn));
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(ctx, k, (unsigned)strlen(k), "", 0));
}

static void remove_probes(LLVMValueRef fn) {
  LLVMRemoveStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, "probe-stack", 11);
}

static LLVMValueRef frameaddress(LLVMModuleRef m, LLVMBuilderRef b, unsigned depth, const char *name) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  unsigned id = LLVMLookupIntrinsicID("llvm.frameaddress", 17);
  LLVMValueRef f = LLVMGetIntrinsicDeclaration(m, id, &ptr, 1);
  LLVMValueRef arg = LLVMConstInt(LLVMInt32TypeInContext(ctx), depth, 0);
  return LLVMBuildCall2(b, LLVMGlobalGetValueType(f), f, &arg, 1, name);
}

/* The argument block's type: parameters, [parent frame], [result]. */
typedef struct Block {
  LLVMTypeRef type;
  unsigned nparams;
  int parent_field; /* -1 when absent */
  int result_field; /* -1 for void results */
} Block;

static Block block_type(LLVMContextRef ctx, LLVMValueRef fn, bool reads_parent) {
  Block blk = {0};
  LLVMTypeRef fnty = LLVMGlobalGetValueType(fn);
  unsigned np = LLVMCountParamTypes(fnty);
  LLVMTypeRef *fields = malloc((np + 2) * sizeof *fields);
  LLVMGetParamTypes(fnty, fields);
  unsigned n = np;
  blk.nparams = np;
  blk.parent_field = -1;
  blk.result_field = -1;
  if (reads_parent) {
    blk.parent_field = (int)n;
    fields[n++] = LLVMPointerTypeInContext(ctx, 0);
  }
  LLVMTypeRef ret = LLVMGetReturnType(fnty);
  if (LLVMGetTypeKind(ret) != LLVMVoidTypeKind) {
    blk.result_field = (int)n;
    fields[n++] = ret;
  }
  blk.type = LLVMStructTypeInContext(ctx, fields, n, 0);
  free(fields);
  return blk;
}

static LLVMValueRef field_ptr(LLVMBuilderRef b, const Block *blk, LLVMValueRef base, unsigned i) {
  return LLVMBuildStructGEP2(b, blk->type, base, i, "");
}

/* A new internal function named fn's name + suffix. */
static LLVMValueRef add_internal_fn(LLVMModuleRef m, LLVMValueRef fn, const char *suffix, LLVMTypeRef type) {
  size_t n, sn = strlen(suffix);
  const char *name = LLVMGetValueName2(fn, &n);
  char *full = malloc(n + sn + 1);
  memcpy(full, name, n);
  memcpy(full + n, suffix, sn + 1);
  LLVMValueRef f = LLVMAddFunction(m, full, type);
  free(full);
  LLVMSetLinkage(f, LLVMInternalLinkage);
  return f;
}

/* Builds `define internal void @NAME·morestack(ptr %blk)` calling target. */
static LLVMValueRef build_thunk(LLVMModuleRef m, LLVMValueRef fn, LLVMValueRef target, const Block *blk) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMTypeRef thunk_ty = LLVMFunctionType(LLVMVoidTypeInContext(ctx), &ptr, 1, 0);
  LLVMValueRef thunk = add_internal_fn(m, fn, THUNK_SUFFIX, thunk_ty);
  copy_codegen_attrs(fn, thunk);
  pass_add_fn_attr(thunk, "noinline");
  add_string_attr(thunk, "rog-nosplit");

  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, thunk, "entry"));
  LLVMValueRef base = LLVMGetParam(thunk, 0);
  if (blk->parent_field >= 0) {
    LLVMValueRef parent =
        LLVMBuildLoad2(b, ptr, field_ptr(b, blk, base, (unsigned)blk->parent_field), "parent");
    LLVMValueRef self = frameaddress(m, b, 0, "self");
    LLVMTypeRef pw_params[2] = {ptr, ptr};
    LLVMValueRef pw = pass_get_or_declare(m, "rog_panic_wrapper",
                                          LLVMFunctionType(LLVMVoidTypeInContext(ctx), pw_params, 2, 0));
    LLVMValueRef args[2] = {parent, self};
    LLVMBuildCall2(b, LLVMGlobalGetValueType(pw), pw, args, 2, "");
  }
  LLVMTypeRef fnty = LLVMGlobalGetValueType(fn);
  LLVMTypeRef *ptys = malloc((blk->nparams ? blk->nparams : 1) * sizeof *ptys);
  LLVMValueRef *args = malloc((blk->nparams ? blk->nparams : 1) * sizeof *args);
  LLVMGetParamTypes(fnty, ptys);
  for (unsigned i = 0; i < blk->nparams; i++)
    args[i] = LLVMBuildLoad2(b, ptys[i], field_ptr(b, blk, base, i), "");
  LLVMValueRef call = LLVMBuildCall2(b, fnty, target, args, blk->nparams, blk->result_field >= 0 ? "r" : "");
  copy_call_attrs(target, call);
  if (blk->result_field >= 0) LLVMBuildStore(b, call, field_ptr(b, blk, base, (unsigned)blk->result_field));
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  free(ptys);
  free(args);
  return thunk;
}

/* Moves every static alloca of block `from` to the end of builder's block. */
static void move_allocas(LLVMBuilderRef b, LLVMBasicBlockRef from) {
  LLVMValueRef i = LLVMGetFirstInstruction(from);
  while (i) {
    LLVMValueRef next = LLVMGetNextInstruction(i);
    if (is_static_alloca(i, from)) pass_move_to_builder(b, i);
    i = next;
  }
}

/* The first instruction of fn with a debug location, or NULL. */
static LLVMValueRef first_located(LLVMValueRef fn) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
      if (LLVMInstructionGetDebugLoc(i)) return i;
  return NULL;
}

/* Emits the check and the cold path into `check` (positioned in b), with
 * `hot` as the fall-through. `fn` is the function whose parameters are
 * stored (F itself), thunk the block's consumer. */
static void emit_check(LLVMModuleRef m, LLVMBuilderRef b, LLVMValueRef fn, LLVMValueRef thunk,
                       const Block *blk, uint64_t fs, uint64_t morestack_fs, LLVMBasicBlockRef hot,
                       LLVMValueRef dbg_from) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
  LLVMValueRef base = LLVMBuildAlloca(b, blk->type, "stack.args");
  LLVMValueRef fa = frameaddress(m, b, 0, "stack.fa");
  LLVMValueRef sp = LLVMBuildPtrToInt(b, fa, i64, "stack.sp");
  LLVMValueRef lim = LLVMBuildSub(b, sp, LLVMConstInt(i64, fs, 0), "stack.lim");
  LLVMValueRef off = LLVMConstInt(i64, ROG_TLS_STACK_GUARD_OFFSET, 0);
  LLVMValueRef gaddr =
      LLVMBuildGEP2(b, LLVMInt8TypeInContext(ctx), pass_tls_block(m), &off, 1, "stack.guard.addr");
  LLVMValueRef guard = LLVMBuildLoad2(b, i64, gaddr, "stack.guard");
  LLVMSetAlignment(guard, 8);
  LLVMValueRef low = LLVMBuildICmp(b, LLVMIntULT, lim, guard, "stack.low");
  LLVMBasicBlockRef grow = LLVMAppendBasicBlockInContext(ctx, fn, "stack.grow");
  LLVMValueRef br = LLVMBuildCondBr(b, low, grow, hot);
  pass_set_unlikely(br);

  LLVMPositionBuilderAtEnd(b, grow);
  for (unsigned i = 0; i < blk->nparams; i++)
    LLVMBuildStore(b, LLVMGetParam(fn, i), field_ptr(b, blk, base, i));
  if (blk->parent_field >= 0)
    LLVMBuildStore(b, frameaddress(m, b, 1, "stack.parent"),
                   field_ptr(b, blk, base, (unsigned)blk->parent_field));
  LLVMTypeRef ms_params[3] = {ptr, ptr, i64};
  LLVMValueRef ms =
      pass_get_or_declare(m, "rog_morestack", LLVMFunctionType(LLVMVoidTypeInContext(ctx), ms_params, 3, 0));
  LLVMValueRef args[3] = {thunk, base, LLVMConstInt(i64, morestack_fs, 0)};
  LLVMValueRef call = LLVMBuildCall2(b, LLVMGlobalGetValueType(ms), ms, args, 3, "");
  LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex,
                           LLVMCreateEnumAttribute(ctx, LLVMGetEnumAttributeKindForName("cold", 4), 0));
  if (dbg_from) pass_copy_debug_loc(dbg_from, call);
  if (blk->result_field >= 0) {
    LLVMTypeRef rt = LLVMGetReturnType(LLVMGlobalGetValueType(fn));
    LLVMBuildRet(b,
                 LLVMBuildLoad2(b, rt, field_ptr(b, blk, base, (unsigned)blk->result_field), "stack.result"));
  } else {
    LLVMBuildRetVoid(b);
  }
}

/* Outgoing area of the thunk's call (all arguments on the stack) plus its
 * own small frame: what a new segment needs beyond F's frame. */
static uint64_t thunk_bound(LLVMTargetDataRef td, LLVMValueRef fn) {
  uint64_t out = 64;
  unsigned np = LLVMCountParams(fn);
  for (unsigned i = 0; i < np; i++)
    out += value_size(td, LLVMTypeOf(LLVMGetParam(fn, i)));
  return out;
}

/* Small frame: the check in F itself, before its old entry block. */
static void check_in_place(LLVMModuleRef m, LLVMValueRef fn, const FrameInfo *fi, const Block *blk,
                           LLVMTargetDataRef td) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMBasicBlockRef old = LLVMGetEntryBasicBlock(fn);
  LLVMBasicBlockRef check = LLVMInsertBasicBlockInContext(ctx, old, "stack.check");
  LLVMValueRef dbg = first_located(fn);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, check);
  move_allocas(b, old);
  LLVMValueRef thunk = build_thunk(m, fn, fn, blk);
  emit_check(m, b, fn, thunk, blk, fi->bound, fi->bound + thunk_bound(td, fn), old, dbg);
  LLVMDisposeBuilder(b);
}

/* Big frame: F's blocks move to F·body; F becomes the checking entry. */
static void split_entry_body(LLVMModuleRef m, LLVMValueRef fn, const FrameInfo *fi, const Block *blk,
                             LLVMTargetDataRef td) {
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTypeRef fnty = LLVMGlobalGetValueType(fn);
  LLVMValueRef body = add_internal_fn(m, fn, BODY_SUFFIX, fnty);
  LLVMSetFunctionCallConv(body, LLVMGetFunctionCallConv(fn));
  copy_attrs(fn, body, LLVMAttributeFunctionIndex, false);
  copy_attrs(fn, body, LLVMAttributeReturnIndex, false);
  unsigned np = LLVMCountParams(fn);
  for (unsigned i = 0; i < np; i++) {
    copy_attrs(fn, body, i + 1, false);
    size_t pn;
    const char *pname = LLVMGetValueName2(LLVMGetParam(fn, i), &pn);
    LLVMSetValueName2(LLVMGetParam(body, i), pname, pn);
    LLVMReplaceAllUsesWith(LLVMGetParam(fn, i), LLVMGetParam(body, i));
  }
  remove_probes(body);
  add_string_attr(body, "rog-nosplit");
  pass_add_fn_attr(body, "noinline");
  if (LLVMHasPersonalityFn(fn)) LLVMSetPersonalityFn(body, LLVMGetPersonalityFn(fn));
  LLVMMetadataRef sp = LLVMGetSubprogram(fn);
  if (sp) {
    LLVMSetSubprogram(body, sp);
    LLVMGlobalEraseMetadata(fn, LLVMGetMDKindIDInContext(ctx, "dbg", 3));
  }
  LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn);
  while (bb) {
    LLVMBasicBlockRef next = LLVMGetNextBasicBlock(bb);
    LLVMRemoveBasicBlockFromParent(bb);
    LLVMAppendExistingBasicBlock(body, bb);
    bb = next;
  }
  /* F keeps no debug info: its locations belong to F·body now. */

  /* F: check, then (must)tail call the body. */
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMBasicBlockRef check = LLVMAppendBasicBlockInContext(ctx, fn, "stack.check");
  LLVMBasicBlockRef hot = LLVMAppendBasicBlockInContext(ctx, fn, "stack.body");
  LLVMPositionBuilderAtEnd(b, hot);
  LLVMValueRef *args = malloc((np ? np : 1) * sizeof *args);
  for (unsigned i = 0; i < np; i++)
    args[i] = LLVMGetParam(fn, i);
  bool void_ret = LLVMGetTypeKind(LLVMGetReturnType(fnty)) == LLVMVoidTypeKind;
  LLVMValueRef call = LLVMBuildCall2(b, fnty, body, args, np, void_ret ? "" : "r");
  free(args);
  copy_call_attrs(body, call);
  LLVMSetTailCallKind(call, fi->has_byval ? LLVMTailCallKindTail : LLVMTailCallKindMustTail);
  if (void_ret)
    LLVMBuildRetVoid(b);
  else
    LLVMBuildRet(b, call);

  LLVMPositionBuilderAtEnd(b, check);
  LLVMValueRef thunk = build_thunk(m, fn, body, blk);
  uint64_t fs = fi->bound + ROG_STACK_BIGFRAME;
  emit_check(m, b, fn, thunk, blk, fs, fs + thunk_bound(td, fn), hot, NULL);
  LLVMDisposeBuilder(b);
}

int rog_pass_stack(LLVMModuleRef m, const RogPassConfig *cfg) {
  int changed = 0;
  LLVMContextRef ctx = LLVMGetModuleContext(m);
  LLVMTargetDataRef td = LLVMCreateTargetData(LLVMGetDataLayoutStr(m));
  Target tg = target_of(m);
  unsigned naked = LLVMGetEnumAttributeKindForName("naked", 5);
  /* Collect first: the pass adds functions (thunks, bodies) as it goes. */
  int nfn = 0, cap = 16;
  LLVMValueRef *fns = malloc(cap * sizeof *fns);
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn)) {
    if (pass_skip_function(fn, "rog-nosplit")) continue;
    if (LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, "rog-stack", 9)) continue;
    if (LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, naked)) continue;
    if (LLVMGetLinkage(fn) == LLVMAvailableExternallyLinkage) continue;
    if (nfn == cap) fns = realloc(fns, (cap *= 2) * sizeof *fns);
    fns[nfn++] = fn;
  }
  for (int k = 0; k < nfn; k++) {
    LLVMValueRef fn = fns[k];
    FrameInfo fi = analyze(fn, td, tg);
    if (fi.leaf && !fi.dynamic && fi.bound <= ROG_STACK_NOSPLIT_MAX) {
      pass_remark(cfg, ROG_PASS_STACK, "stack", fn, NULL, "nosplit leaf, frame %llu",
                  (unsigned long long)fi.bound);
      continue;
    }
    if (LLVMIsFunctionVarArg(LLVMGlobalGetValueType(fn))) {
      pass_remark(cfg, ROG_PASS_STACK, "stack", fn, NULL, "not checked (C varargs function), frame %llu",
                  (unsigned long long)fi.bound);
      continue;
    }
    Block blk = block_type(ctx, fn, fi.reads_parent);
    /* The block is an alloca in F's frame: count it. */
    fi.bound += round_up(LLVMABISizeOfType(td, blk.type), 8);
    remove_probes(fn);
    bool big = fi.bound > ROG_STACK_BIGFRAME;
    if (big)
      split_entry_body(m, fn, &fi, &blk, td);
    else
      check_in_place(m, fn, &fi, &blk, td);
    add_string_attr(fn, "rog-stack");
    pass_remark(cfg, ROG_PASS_STACK, "stack", fn, NULL, "check, frame %llu%s%s%s",
                (unsigned long long)fi.bound, big ? " (big frame: entry + body)" : "",
                fi.reads_parent ? " (recover wrapper)" : "",
                fi.dynamic ? " (dynamic allocas not covered)" : "");
    changed++;
  }
  free(fns);
  LLVMDisposeTargetData(td);
  return changed;
}
