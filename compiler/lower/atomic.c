/*
 * atomic.c: package sync/atomic's bodyless functions as compiler
 * intrinsics.
 *
 * gc implements Load*, Store*, Add*, Swap* and CompareAndSwap* of
 * sync/atomic in assembly (and the *Pointer ones in its runtime, with a
 * write barrier). rog never compiles assembly (DESIGN.md §6), so a call to
 * one of them is lowered here to one LLVM atomic instruction, sequentially
 * consistent as Go's memory model asks of sync/atomic:
 *
 *   LoadT(p)            load atomic seq_cst
 *   StoreT(p, v)        store atomic seq_cst
 *   AddT(p, d)          atomicrmw add seq_cst, returns old + d (the new value)
 *   SwapT(p, v)         atomicrmw xchg seq_cst, returns the old value
 *   CompareAndSwapT     cmpxchg seq_cst seq_cst, returns the success bit
 *
 * for T in Int32, Int64, Uint32, Uint64, Uintptr, Pointer. Every access
 * is aligned to its size (LLVM would otherwise turn an atomic it cannot
 * prove aligned into a libatomic call); a nil address faults and becomes
 * Go's nil-dereference panic through the runtime's SIGSEGV handler, as in
 * gc.
 *
 * Pointer stores (StorePointer, SwapPointer, CompareAndSwapPointer) need
 * the collector's deletion barrier (abi.h [front-end barriers]): the fast
 * path tests rog_wb_enabled (unlikely) and does the instruction inline;
 * while the concurrent collector marks, the slow path calls the runtime's
 * rog_atomic_swap_ptr / rog_atomic_cas_ptr (runtime/gc/atomic_ptr.c), which
 * do the same atomic operation and shade the overwritten pointer.
 *
 * Two entry points share one emitter (atomic_emit): call sites of the
 * intrinsics (call.c: no call at all) and, when the package being lowered
 * is sync/atomic itself, real definitions of the bodyless functions, so a
 * function value such as `f := atomic.AddInt32` still has a symbol.
 *
 * Rejected: C functions in the runtime under the sync/atomic.* names. They
 * work, but every atomic would cost a call and a frame, and the optimizer
 * could not see through it; an inline instruction is what gc's intrinsics
 * give too.
 */
#include <string.h>

#include "compiler/lower/internal.h"

typedef enum { AT_LOAD, AT_STORE, AT_ADD, AT_SWAP, AT_CAS } AtomicOp;

/* Parses a sync/atomic function name: op and operand width in bits (0 for
 * Pointer). Returns false for anything else (the methods of the atomic
 * types, Value, the runtime_* hooks). */
static bool atomic_parse(const char *name, AtomicOp *op, unsigned *bits, bool *ptr) {
  static const struct {
    const char *prefix;
    AtomicOp op;
  } ops[] = {
      {"Load", AT_LOAD}, {"Store", AT_STORE}, {"Add", AT_ADD}, {"Swap", AT_SWAP}, {"CompareAndSwap", AT_CAS}};
  static const struct {
    const char *suffix;
    unsigned bits;
  } tys[] = {{"Int32", 32}, {"Uint32", 32}, {"Int64", 64}, {"Uint64", 64}, {"Uintptr", 64}, {"Pointer", 0}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    size_t n = strlen(ops[i].prefix);
    if (strncmp(name, ops[i].prefix, n) != 0) continue;
    for (size_t k = 0; k < sizeof tys / sizeof tys[0]; k++)
      if (strcmp(name + n, tys[k].suffix) == 0) {
        if (ops[i].op == AT_ADD && tys[k].bits == 0) return false; /* no AddPointer */
        *op = ops[i].op;
        *bits = tys[k].bits;
        *ptr = tys[k].bits == 0;
        return true;
      }
  }
  return false;
}

static bool is_atomic_intrinsic(Object *fo, AtomicOp *op, unsigned *bits, bool *ptr) {
  if (!fo || fo->kind != OBJ_FUNC || !fo->pkg || strcmp(fo->pkg->path, "sync/atomic") != 0) return false;
  if (fo->type->u.sig.recv) return false;
  return atomic_parse(fo->name, op, bits, ptr);
}

/* The runtime's barrier slow path for a pointer swap or compare-and-swap
 * (abi.h [front-end barriers]). */
static LLVMValueRef slow_fn(Lower *L, bool cas) {
  const char *name = cas ? "rog_atomic_cas_ptr" : "rog_atomic_swap_ptr";
  LLVMValueRef f = LLVMGetNamedFunction(L->mod, name);
  if (f) return f;
  LLVMTypeRef ps[3] = {L->ptr, L->ptr, L->ptr};
  LLVMTypeRef ft = cas ? LLVMFunctionType(L->i1, ps, 3, 0) : LLVMFunctionType(L->ptr, ps, 2, 0);
  f = LLVMAddFunction(L->mod, name, ft);
  if (cas)
    LLVMAddAttributeAtIndex(
        f, 0, LLVMCreateEnumAttribute(L->ctx, LLVMGetEnumAttributeKindForName("zeroext", 7), 0));
  return f;
}

static LLVMValueRef wb_enabled(Lower *L) {
  LLVMValueRef g = LLVMGetNamedGlobal(L->mod, "rog_wb_enabled");
  if (!g) g = LLVMAddGlobal(L->mod, L->i32, "rog_wb_enabled");
  LLVMValueRef on = LLVMBuildLoad2(L->b, L->i32, g, "wb.enabled");
  LLVMSetOrdering(on, LLVMAtomicOrderingMonotonic);
  LLVMSetAlignment(on, 4);
  return LLVMBuildICmp(L->b, LLVMIntNE, on, LLVMConstInt(L->i32, 0, 0), "wb.on");
}

static void set_unlikely(Lower *L, LLVMValueRef br) {
  LLVMMetadataRef ops[3] = {LLVMMDStringInContext2(L->ctx, "branch_weights", 14),
                            LLVMValueAsMetadata(LLVMConstInt(L->i32, 1, 0)),
                            LLVMValueAsMetadata(LLVMConstInt(L->i32, 2000, 0))};
  LLVMSetMetadata(br, LLVMGetMDKindIDInContext(L->ctx, "prof", 4),
                  LLVMMetadataAsValue(L->ctx, LLVMMDNodeInContext2(L->ctx, ops, 3)));
}

/* The inline instruction for op on address p (args[0]); v, w are the
 * operands after the address. */
static LLVMValueRef atomic_inst(Lower *L, AtomicOp op, LLVMTypeRef t, unsigned align, LLVMValueRef p,
                                LLVMValueRef v, LLVMValueRef w) {
  const LLVMAtomicOrdering sc = LLVMAtomicOrderingSequentiallyConsistent;
  LLVMValueRef r;
  switch (op) {
  case AT_LOAD:
    r = LLVMBuildLoad2(L->b, t, p, "atomic.load");
    LLVMSetOrdering(r, sc);
    LLVMSetAlignment(r, align);
    return r;
  case AT_STORE:
    r = LLVMBuildStore(L->b, v, p);
    LLVMSetOrdering(r, sc);
    LLVMSetAlignment(r, align);
    return NULL;
  case AT_ADD:
    r = LLVMBuildAtomicRMW(L->b, LLVMAtomicRMWBinOpAdd, p, v, sc, 0);
    LLVMSetAlignment(r, align);
    return LLVMBuildAdd(L->b, r, v, "atomic.new");
  case AT_SWAP:
    r = LLVMBuildAtomicRMW(L->b, LLVMAtomicRMWBinOpXchg, p, v, sc, 0);
    LLVMSetAlignment(r, align);
    return r;
  case AT_CAS:
    r = LLVMBuildAtomicCmpXchg(L->b, p, v, w, sc, sc, 0);
    LLVMSetAlignment(r, align);
    return LLVMBuildExtractValue(L->b, r, 1, "atomic.swapped");
  }
  return NULL;
}

/* Emits op; args are the Go argument values. Returns the Go result value,
 * or NULL for the Stores. */
static LLVMValueRef atomic_emit(Lower *L, AtomicOp op, unsigned bits, bool ptr, LLVMValueRef *args) {
  LLVMTypeRef t = ptr ? L->ptr : LLVMIntTypeInContext(L->ctx, bits);
  unsigned align = ptr ? 8 : bits / 8;
  LLVMValueRef p = args[0], v = op == AT_LOAD ? NULL : args[1], w = op == AT_CAS ? args[2] : NULL;
  if (!ptr || op == AT_LOAD) return atomic_inst(L, op, t, align, p, v, w);
  /* pointer store: barrier test, inline fast path, runtime slow path */
  LLVMBasicBlockRef slow = lower_new_block(L, "atomic.wb"), fast = lower_new_block(L, "atomic.fast"),
                    done = lower_new_block(L, "atomic.done");
  set_unlikely(L, LLVMBuildCondBr(L->b, wb_enabled(L), slow, fast));
  LLVMPositionBuilderAtEnd(L->b, fast);
  LLVMValueRef fr = atomic_inst(L, op, t, align, p, v, w);
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, slow);
  LLVMValueRef f = slow_fn(L, op == AT_CAS);
  LLVMValueRef sargs[3] = {p, v, w};
  LLVMValueRef sr = LLVMBuildCall2(L->b, LLVMGlobalGetValueType(f), f, sargs, op == AT_CAS ? 3 : 2, "");
  LLVMBuildBr(L->b, done);
  LLVMPositionBuilderAtEnd(L->b, done);
  if (op == AT_STORE) return NULL;
  LLVMValueRef phi = LLVMBuildPhi(L->b, op == AT_CAS ? L->i1 : L->ptr, "atomic.res");
  LLVMValueRef vals[2] = {fr, sr};
  LLVMBasicBlockRef bbs[2] = {fast, slow};
  LLVMAddIncoming(phi, vals, bbs, 2);
  return phi;
}

bool lower_atomic_call(Lower *L, Object *fo, LLVMValueRef *args, unsigned nargs, LLVMValueRef *res) {
  AtomicOp op;
  unsigned bits;
  bool ptr;
  if (!is_atomic_intrinsic(fo, &op, &bits, &ptr)) return false;
  unsigned want = op == AT_LOAD ? 1 : op == AT_CAS ? 3 : 2;
  if (nargs != want) return false;
  LLVMValueRef r = atomic_emit(L, op, bits, ptr, args);
  if (r) res[0] = r;
  return true;
}

bool lower_atomic_define(Lower *L, Object *fo) {
  AtomicOp op;
  unsigned bits;
  bool ptr;
  if (!is_atomic_intrinsic(fo, &op, &bits, &ptr)) return false;
  LowerSig s;
  lower_sig(L, fo->type, NULL, false, &s);
  LLVMValueRef fn = lower_declare(L, lower_func_symbol(L, fo), &s);
  if (LLVMCountBasicBlocks(fn)) return true;
  /* every parameter is one scalar part (pointers and integers), every
     result one direct part: the LLVM parameters are the Go values */
  LLVMValueRef args[3] = {0};
  unsigned n = LLVMCountParams(fn);
  for (unsigned i = 0; i < n && i < 3; i++)
    args[i] = LLVMGetParam(fn, i);
  LLVMBasicBlockRef saved = LLVMGetInsertBlock(L->b);
  LLVMMetadataRef saved_loc = LLVMGetCurrentDebugLocation2(L->b);
  LLVMSetCurrentDebugLocation2(L->b, NULL); /* fn has no DISubprogram */
  Fn tmp = {.fn = fn, .name = LLVMGetValueName(fn)};
  Fn *outer = L->fn;
  L->fn = &tmp;
  LLVMPositionBuilderAtEnd(L->b, LLVMAppendBasicBlockInContext(L->ctx, fn, "entry"));
  LLVMValueRef r = atomic_emit(L, op, bits, ptr, args);
  if (r)
    LLVMBuildRet(L->b, r);
  else
    LLVMBuildRetVoid(L->b);
  L->fn = outer;
  if (saved) LLVMPositionBuilderAtEnd(L->b, saved);
  LLVMSetCurrentDebugLocation2(L->b, saved_loc);
  return true;
}
