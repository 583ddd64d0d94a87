/*
 * runtime/sys/std.c: the runtime hooks of packages syscall and os (gc
 * implements them in package runtime and in assembly; rog's std sources
 * are compiled unmodified, so their bodyless functions are defined here
 * under the std package's symbol names, abi.h [calls]).
 *
 * syscall: Syscall/Syscall6 have Go bodies that bracket RawSyscall6 with
 * runtime_entersyscall/exitsyscall; RawSyscall6 and rawSyscallNoError are
 * the kernel entry of syscall.c. syscall's runtime_entersyscall and
 * runtime_exitsyscall are //go:linkname'd to runtime.entersyscall and
 * runtime.exitsyscall, defined here (compiler/lower/linkname.c).
 *
 * Fork/exec: forkAndExecInChild1 (Go) calls runtime_BeforeFork, then
 * rawVforkSyscall(SYS_CLONE, CLONE_VFORK|CLONE_VM|SIGCHLD|...), and the
 * child runs Go code until execve. gc runs that child on the parent's
 * memory with stack growth disabled. rog's Go code may split its stack
 * (rog_morestack takes segments from per-P caches) and the child would
 * corrupt the parent's runtime state through the shared memory, so
 * rawVforkSyscall drops CLONE_VM and CLONE_VFORK: the child is an ordinary
 * fork (a copy of the calling thread only) whose Go code can do anything
 * but take locks held by other threads, which it does not (only raw
 * system calls until execve). Rejected: a C child (reimplementing
 * forkAndExecInChild1's many options in C). Cost: fork copies page tables
 * (gc's vfork does not); fine for os/exec's uses. Signals are blocked
 * around the fork (BeforeFork/AfterFork) so no handler runs in the child
 * before AfterForkInChild resets the handlers to their defaults.
 *
 * Stack: the hooks run on the calling goroutine's small stack segment
 * (at most ROG_STACK_RUNTIME_MAX bytes for C, abi.h [stack]); exit and
 * anything else deep go through sched_systemstack.
 *
 * Environment and arguments: runtime_envs/os.runtime_args build Go
 * []string values in Go (runtime/go/runtime/std_sys.go: goEnvs, goArgs,
 * whose strings point into the process's argv/environ memory like gc's
 * gostringnocopy); the hooks here forward to them. setenv_c/unsetenv_c do
 * nothing, as in gc without cgo: package syscall keeps its own copy of the
 * environment.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rog/abi.h"
#include "runtime/sched/sched.h"
#include "runtime/sys/syscall.h"

/* runtime/rt (rt.c) records main's arguments; weak so the scheduler's own
 * tests link without runtime/rt. */
extern int rt_argc __attribute__((weak));
extern char **rt_argv __attribute__((weak));
extern char **environ;

/* ------------------------------------------------------- package runtime */

static rog_string cstr(const char *s) {
  rog_string r = {(const uint8_t *)s, s ? (intptr_t)strlen(s) : 0};
  return r;
}

intptr_t rt_argc_go(void) __asm__("runtime.argc");
intptr_t rt_argc_go(void) {
  return &rt_argc ? rt_argc : 0;
}

rog_string rt_argv_go(intptr_t i) __asm__("runtime.argv");
rog_string rt_argv_go(intptr_t i) {
  if (!&rt_argv || i < 0 || i >= rt_argc) return cstr(NULL);
  return cstr(rt_argv[i]);
}

intptr_t rt_envc_go(void) __asm__("runtime.envc");
intptr_t rt_envc_go(void) {
  intptr_t n = 0;
  while (environ && environ[n])
    n++;
  return n;
}

rog_string rt_envv_go(intptr_t i) __asm__("runtime.envv");
rog_string rt_envv_go(intptr_t i) {
  if (i < 0 || i >= rt_envc_go()) return cstr(NULL);
  return cstr(environ[i]);
}

/* runtime.getenv: the process's environment at start (gc's gogetenv). */
rog_string rt_getenv_go(const uint8_t *p, intptr_t n) __asm__("runtime.getenv");
rog_string rt_getenv_go(const uint8_t *p, intptr_t n) {
  for (intptr_t i = 0; environ && environ[i]; i++) {
    const char *e = environ[i];
    if (strncmp(e, (const char *)p, (size_t)n) == 0 && e[n] == '=') return cstr(e + n + 1);
  }
  return cstr(NULL);
}

int64_t rt_goid_go(void) __asm__("runtime.goid");
int64_t rt_goid_go(void) {
  return sched_goid();
}

/* The Go side (std_sys.go); weak so the C tests link without package
 * runtime (they get nil slices). */
rog_slice rt_go_args(void) __asm__("runtime.goArgs") __attribute__((weak));
rog_slice rt_go_envs(void) __asm__("runtime.goEnvs") __attribute__((weak));
static const rog_slice nil_slice = {NULL, 0, 0};

/* ------------------------------------------------------------ package os */

rog_slice os_runtime_args(void) __asm__("os.runtime_args");
rog_slice os_runtime_args(void) {
  return rt_go_args ? rt_go_args() : nil_slice;
}

void os_runtime_before_exit(void) __asm__("os.runtime_beforeExit");
void os_runtime_before_exit(void) {
  /* gc: race detector and coverage flushing; rog has neither */
}

/* ------------------------------------------------------- package syscall */

rog_slice sys_runtime_envs(void) __asm__("syscall.runtime_envs");
rog_slice sys_runtime_envs(void) {
  return rt_go_envs ? rt_go_envs() : nil_slice;
}

void sys_setenv_c(const uint8_t *k, intptr_t kn, const uint8_t *v, intptr_t vn) __asm__("syscall.setenv_c");
void sys_setenv_c(const uint8_t *k, intptr_t kn, const uint8_t *v, intptr_t vn) {
  (void)k, (void)kn, (void)v, (void)vn;
}

void sys_unsetenv_c(const uint8_t *k, intptr_t kn) __asm__("syscall.unsetenv_c");
void sys_unsetenv_c(const uint8_t *k, intptr_t kn) {
  (void)k, (void)kn;
}

rog_syscall_ret sys_rawsyscall6(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                                uintptr_t a5, uintptr_t a6) __asm__("syscall.RawSyscall6");
rog_syscall_ret sys_rawsyscall6(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3, uintptr_t a4,
                                uintptr_t a5, uintptr_t a6) {
  return rog_rawsyscall6(trap, a1, a2, a3, a4, a5, a6);
}

typedef struct sys_ret2 {
  uintptr_t r1, r2;
} sys_ret2;

/* rawSyscallNoError: calls that cannot fail (getpid, ...): raw results. */
sys_ret2 sys_rawsyscall_noerror(uintptr_t trap, uintptr_t a1, uintptr_t a2,
                                uintptr_t a3) __asm__("syscall.rawSyscallNoError");
sys_ret2 sys_rawsyscall_noerror(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3) {
  rog_syscall_ret r = rog_rawsyscall6(trap, a1, a2, a3, 0, 0, 0);
  sys_ret2 res = {r.err ? (uintptr_t)-(intptr_t)r.err : r.r1, r.r2};
  return res;
}

/* syscall.runtime_entersyscall/exitsyscall are //go:linkname'd to these. */
void rt_entersyscall(void) __asm__("runtime.entersyscall");
void rt_entersyscall(void) {
  sched_entersyscall();
}

void rt_exitsyscall(void) __asm__("runtime.exitsyscall");
void rt_exitsyscall(void) {
  sched_exitsyscall();
}

/* AllThreadsSyscall (Setuid & co. on every thread): gc needs cgo off and
 * stops the world to run it on each M. TODO(sys): the same over rog's Ms;
 * until then the call fails with ENOTSUP, which os and syscall report. */
rog_syscall_ret sys_all_threads_syscall(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                                        uintptr_t a4, uintptr_t a5,
                                        uintptr_t a6) __asm__("syscall.runtime_doAllThreadsSyscall");
rog_syscall_ret sys_all_threads_syscall(uintptr_t trap, uintptr_t a1, uintptr_t a2, uintptr_t a3,
                                        uintptr_t a4, uintptr_t a5, uintptr_t a6) {
  (void)trap, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)a6;
  rog_syscall_ret r = {(uintptr_t)-1, 0, ENOTSUP};
  return r;
}

intptr_t sys_getpagesize(void) __asm__("syscall.Getpagesize");
intptr_t sys_getpagesize(void) {
  return (intptr_t)getpagesize();
}

void sys_exit(intptr_t code) __asm__("syscall.Exit");
static void exit_on_system_stack(void *arg) {
  exit((int)(intptr_t)arg); /* atexit handlers may need a deep stack */
}

void sys_exit(intptr_t code) {
  sched_systemstack(exit_on_system_stack, (void *)code);
  _exit((int)code);
}

/* gettimeofday (amd64's syscall.Gettimeofday goes through the vDSO in gc). */
uintptr_t sys_gettimeofday(void *tv) __asm__("syscall.gettimeofday");
uintptr_t sys_gettimeofday(void *tv) {
  return rog_rawsyscall6(SYS_gettimeofday, (uintptr_t)tv, 0, 0, 0, 0, 0).err;
}

/* ----------------------------------------------------------- fork, exec */

static sigset_t fork_saved_mask; /* under syscall.ForkLock (write-locked) */

void sys_before_fork(void) __asm__("syscall.runtime_BeforeFork");
void sys_before_fork(void) {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &fork_saved_mask);
}

void sys_after_fork(void) __asm__("syscall.runtime_AfterFork");
void sys_after_fork(void) {
  pthread_sigmask(SIG_SETMASK, &fork_saved_mask, NULL);
}

/* In the child: handlers the runtime installed go back to SIG_DFL (ignored
 * signals stay ignored, as exec would keep them), then the mask is
 * restored. Only async-signal-safe calls. */
void sys_after_fork_in_child(void) __asm__("syscall.runtime_AfterForkInChild");
void sys_after_fork_in_child(void) {
  for (int sig = 1; sig < NSIG; sig++) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) != 0) continue;
    if (sa.sa_handler == SIG_IGN || sa.sa_handler == SIG_DFL) continue;
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
  }
  pthread_sigmask(SIG_SETMASK, &fork_saved_mask, NULL);
}

void sys_before_exec(void) __asm__("syscall.runtime_BeforeExec");
void sys_before_exec(void) {}

void sys_after_exec(void) __asm__("syscall.runtime_AfterExec");
void sys_after_exec(void) {}

typedef struct sys_vfork_ret {
  uintptr_t r1, err;
} sys_vfork_ret;

sys_vfork_ret sys_raw_vfork_syscall(uintptr_t trap, uintptr_t flags) __asm__("syscall.rawVforkSyscall");
sys_vfork_ret sys_raw_vfork_syscall(uintptr_t trap, uintptr_t flags) {
  /* a plain fork: see the design note above */
  flags &= ~(uintptr_t)(CLONE_VM | CLONE_VFORK);
  rog_syscall_ret r = rog_rawsyscall6(trap, flags, 0, 0, 0, 0, 0);
  sys_vfork_ret res = {r.r1, r.err};
  return res;
}

/* cgocaller: syscall calls it only when cgo provides libc's setuid & co.
 * (cgo_libc_setegid != nil), never in rog's cgo-free programs. */
uintptr_t sys_cgocaller(void *fn, uintptr_t *args, intptr_t n, intptr_t cap) __asm__("syscall.cgocaller");
uintptr_t sys_cgocaller(void *fn, uintptr_t *args, intptr_t n, intptr_t cap) {
  (void)fn, (void)args, (void)n, (void)cap;
  sched_fatal("syscall: cgocaller called without cgo");
}

/* fastrand for os (temp file names) and the runtime's //go:linkname
 * target. */
uint32_t os_fastrand(void) __asm__("os.fastrand");
uint32_t os_fastrand(void) {
  return sched_fastrand();
}

uint32_t rt_fastrand(void) __asm__("runtime.fastrand");
uint32_t rt_fastrand(void) {
  return sched_fastrand();
}

uintptr_t rt_fastrandu(void) __asm__("runtime.fastrandu");
uintptr_t rt_fastrandu(void) {
  return ((uintptr_t)sched_fastrand() << 32) | sched_fastrand();
}
