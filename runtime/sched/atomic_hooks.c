/*
 * atomic_hooks.c: the runtime functions package sync/atomic declares
 * without a body (abi.h [calls], std hooks): runtime_procPin and
 * runtime_procUnpin, which atomic.Value's first Store/Swap/CompareAndSwap
 * wrap around the short window in which the value's type word holds the
 * "store in progress" marker while other goroutines spin on it.
 *
 * Under gc, pinning disables preemption so that a spinner never waits for
 * a descheduled storer. rog's scheduler has no preemption-disable count
 * yet: procPin returns the current P's id (what gc returns) and pins
 * nothing. That is still correct, only slower in the rare contended case:
 * the spinners' loops contain preemption checkpoints (compiler/passes/
 * preempt.c), so they yield and the storer runs again.
 * TODO(sched): a per-M pin count honoured by rog_checkpoint and sysmon,
 * shared with sync.runtime_procPin (sync.Pool needs a real pin).
 *
 * The other sync/atomic functions are compiler intrinsics
 * (compiler/lower/atomic.c), never calls.
 */
#include <stdint.h>

#include "runtime/sched/sched.h"

intptr_t atomic_proc_pin(void) __asm__("sync/atomic.runtime_procPin");
void atomic_proc_unpin(void) __asm__("sync/atomic.runtime_procUnpin");

intptr_t atomic_proc_pin(void) {
  sched_m *m = sched_getm();
  return m && m->p ? m->p->id : 0;
}

void atomic_proc_unpin(void) {}
