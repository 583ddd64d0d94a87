/*
 * runtime/sys: syscall.Syscall6 / RawSyscall6.
 *
 * The kernel entry is inline assembly per architecture (no libc wrapper, so
 * no errno TLS traffic and the exact r1/r2 of gc's convention): amd64 puts
 * the trap in rax and arguments in rdi, rsi, rdx, r10, r8, r9, results in
 * rax/rdx; arm64 uses x8 and x0-x5, results in x0/x1. A return value in
 * [-4095, -1] is -errno; r1 is then -1 (all ones) like gc.
 *
 * rog_syscall6 brackets the call with sched_entersyscall/exitsyscall: the
 * goroutine's P is marked P_SYSCALL; sysmon hands it to another M when the
 * call blocks (> 20 us with work waiting, or 10 ms), so one blocked thread
 * never stalls the other goroutines; exitsyscall gets the P back if still
 * free, or another idle P, or queues the goroutine and parks the thread.
 * Callee-saved registers of the goroutine stay in its frames during the
 * call (TODO(gc): a concurrent stop-the-world must scan them: spill them in
 * entersyscall before the P can be retaken).
 */
#include "runtime/sys/syscall.h"

#include "runtime/sched/sched.h"

static inline rog_syscall_ret raw(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                                  uintptr_t a5, uintptr_t a6) {
  rog_syscall_ret r;
#if defined(__x86_64__)
  register uintptr_t r10 __asm__("r10") = a4;
  register uintptr_t r8 __asm__("r8") = a5;
  register uintptr_t r9 __asm__("r9") = a6;
  uintptr_t rax = trap, rdx = a3;
  __asm__ volatile("syscall"
                   : "+a"(rax), "+d"(rdx)
                   : "D"(a1), "S"(a2), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  r.r1 = rax;
  r.r2 = rdx;
#elif defined(__aarch64__)
  register uintptr_t x8 __asm__("x8") = trap;
  register uintptr_t x0 __asm__("x0") = a1;
  register uintptr_t x1 __asm__("x1") = a2;
  register uintptr_t x2 __asm__("x2") = a3;
  register uintptr_t x3 __asm__("x3") = a4;
  register uintptr_t x4 __asm__("x4") = a5;
  register uintptr_t x5 __asm__("x5") = a6;
  __asm__ volatile("svc #0" : "+r"(x0), "+r"(x1) : "r"(x8), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
  r.r1 = x0;
  r.r2 = x1;
#endif
  if (r.r1 > (uintptr_t)-4096) {
    r.err = -r.r1;
    r.r1 = (uintptr_t)-1;
    r.r2 = 0;
  } else {
    r.err = 0;
  }
  return r;
}

rog_syscall_ret rog_rawsyscall6(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                                uintptr_t a5, uintptr_t a6) {
  return raw(trap, a1, a2, a3, a4, a5, a6);
}

rog_syscall_ret rog_syscall6(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                             uintptr_t a5, uintptr_t a6) {
  sched_entersyscall();
  rog_syscall_ret r = raw(trap, a1, a2, a3, a4, a5, a6);
  sched_exitsyscall();
  return r;
}
