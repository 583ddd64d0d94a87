/*
 * runtime/sys: system calls from Go code (design in syscall.c).
 */
#ifndef ROG_SYSCALL_H
#define ROG_SYSCALL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* syscall.Syscall6's results: r1, r2 and the errno (0 on success). */
typedef struct rog_syscall_ret {
  uintptr_t r1, r2, err;
} rog_syscall_ret;

/* syscall.Syscall6: tells the scheduler the goroutine may block (its P can
 * be handed to another M meanwhile). */
rog_syscall_ret rog_syscall6(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                             uintptr_t a5, uintptr_t a6);
/* syscall.RawSyscall6: for calls that never block. */
rog_syscall_ret rog_rawsyscall6(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                                uintptr_t a5, uintptr_t a6);

#ifdef __cplusplus
}
#endif
#endif
