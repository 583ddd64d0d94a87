/*
 * atomic_hooks.c: the runtime functions package sync/atomic declares
 * without a body (abi.h [calls], std hooks): runtime_procPin and
 * runtime_procUnpin, which atomic.Value's first Store/Swap/CompareAndSwap
 * wrap around the short window in which the value's type word holds the
 * "store in progress" marker while other goroutines spin on it.
 *
 * Pinning (sema.c's sched_proc_pin, shared with sync.runtime_procPin)
 * raises the M's lock count, which rog_checkpoint honours: the goroutine
 * is not preempted between pin and unpin, so spinners never wait for a
 * descheduled storer (gc's semantics).
 *
 * The other sync/atomic functions are compiler intrinsics
 * (compiler/lower/atomic.c), never calls.
 */
#include <stdint.h>

#include "runtime/sched/sched.h"
#include "runtime/sched/sema.h"

intptr_t atomic_proc_pin(void) __asm__("sync/atomic.runtime_procPin");
void atomic_proc_unpin(void) __asm__("sync/atomic.runtime_procUnpin");

intptr_t atomic_proc_pin(void) {
  return sched_proc_pin();
}

void atomic_proc_unpin(void) {
  sched_proc_unpin();
}
