/*
 * atomic_ptr.c: the barrier slow path of sync/atomic's pointer stores
 * (abi.h [front-end barriers]).
 *
 * compiler/lower/atomic.c inlines StorePointer, SwapPointer and
 * CompareAndSwapPointer as LLVM atomics behind a test of rog_wb_enabled;
 * only while the concurrent collector marks do they come here. The
 * operation is the same seq_cst atomic, followed by the deletion barrier
 * mark.c's rog_write_barrier applies to plain pointer stores: shade the
 * pointer that was overwritten (a CAS that fails overwrote nothing).
 * Shading after the exchange is enough: the old pointer is still held by
 * this goroutine (in a register or on its stack, scanned conservatively)
 * until the call returns, so the collector cannot free it in between.
 *
 * Rejected: calling rog_write_barrier for StorePointer. It stores with
 * release ordering, weaker than the seq_cst sync/atomic promises.
 */
#include "rog/abi.h"
#include "runtime/alloc/alloc_internal.h"
#include "runtime/gc/gc_internal.h"

static void shade_old(void *old) {
  uintptr_t p = (uintptr_t)old;
  if (p - alloc_arena_lo < alloc_arena_hi - alloc_arena_lo) mark_shade(p);
}

void *rog_atomic_swap_ptr(void **slot, void *val) {
  void *old = __atomic_exchange_n(slot, val, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE)) shade_old(old);
  return old;
}

bool rog_atomic_cas_ptr(void **slot, void *old, void *val) {
  void *expected = old;
  bool ok = __atomic_compare_exchange_n(slot, &expected, val, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  if (ok && __atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE)) shade_old(old);
  return ok;
}
