/*
 * runtime/signal: synchronous faults and os/signal delivery.
 *
 * Every M (and M0) gets a 32 KiB alternate signal stack (sched_signal_minit),
 * so handlers never run on a small goroutine segment. Handlers are installed
 * once with SA_ONSTACK | SA_SIGINFO | SA_RESTART.
 *
 * Faults (SIGSEGV, SIGBUS, SIGFPE): if the faulting thread was running a
 * goroutine, print what gc prints for an unrecovered runtime error:
 *   panic: runtime error: invalid memory address or nil pointer dereference
 *   [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]
 *
 *   goroutine 7 [running]:
 *   ...traceback from the faulting frame...
 * and exit with status 2. (Address >= 0x1000: gc's "unexpected fault
 * address" + "fatal error: fault".) SIGFPE from an integer division is
 * "integer divide by zero". When runtime/panic is linked (rog_sigpanic is
 * defined), nil dereferences and divisions by zero become recoverable Go
 * panics instead: the handler records the signal in the G, pushes the
 * faulting PC as a return address (amd64; lr on arm64) and resumes the
 * goroutine at rog_sigpanic, which raises the runtime error (gc's
 * sigpanic injection). The printed report is then panic/report.c's.
 * A fault outside goroutines (scheduler, C code on g0, foreign threads)
 * re-raises with the default action: a C crash stays a C crash.
 *
 * os/signal: rog_signal_enable(sig) routes sig to a pending mask; the
 * handler sets the bit and writes a byte to a non-blocking pipe registered
 * with the netpoller, so rog_signal_recv (a goroutine) sleeps in the poller
 * holding no thread. Only async-signal-safe operations in the handler.
 *
 * SIGPIPE (gc's rules): with SIGPIPE not notified, a write to a broken pipe
 * fails with EPIPE; the write wrapper calls rog_sigpipe() when the fd is 1
 * or 2, which kills the process with SIGPIPE. The handler itself ignores it.
 */
#define _GNU_SOURCE
#include "runtime/signal/signal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "runtime/netpoll/netpoll.h"
#include "runtime/sched/sched.h"

#define ALTSTACK_SIZE (32 << 10)
#define NSIG_MAX 65

static _Atomic uint64_t notified; /* bit per signal: deliver to the queue */
static _Atomic uint64_t ignored;
static _Atomic uint64_t pending;
static int sigpipe_fds[2] = {-1, -1};
static rog_polldesc *sig_pd;
static sched_mutex recv_lock;

void sched_signal_minit(void) {
  stack_t ss;
  if (sigaltstack(NULL, &ss) == 0 && !(ss.ss_flags & SS_DISABLE))
    return; /* one already (e.g. the sanitizer's) */
  void *mem = malloc(ALTSTACK_SIZE);
  if (mem == NULL) return;
  ss.ss_sp = mem;
  ss.ss_size = ALTSTACK_SIZE;
  ss.ss_flags = 0;
  sigaltstack(&ss, NULL);
}

static void print2(const char *s) {
  sched_print_str(s);
}

const char *rog_signal_name(int sig) {
  switch (sig) {
  case SIGSEGV:
    return "SIGSEGV: segmentation violation";
  case SIGBUS:
    return "SIGBUS: bus error";
  case SIGFPE:
    return "SIGFPE: floating-point exception";
  default:
    return "signal";
  }
}

static void ctx_regs(void *uctx, uintptr_t *pc, uintptr_t *fp) {
  ucontext_t *uc = uctx;
#if defined(__x86_64__)
  *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  *fp = (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
  *pc = (uintptr_t)uc->uc_mcontext.pc;
  *fp = (uintptr_t)uc->uc_mcontext.regs[29];
#endif
}

/* runtime/panic's entry for fault-raised panics (weak: the scheduler's own
 * tests link without runtime/panic). */
extern void rog_sigpanic(void) __attribute__((weak));

static void inject_sigpanic(void *uctx, uintptr_t pc) {
  ucontext_t *uc = uctx;
#if defined(__x86_64__)
  uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP] - 8;
  *(uintptr_t *)sp = pc;
  uc->uc_mcontext.gregs[REG_RSP] = (greg_t)sp;
  uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)rog_sigpanic;
#elif defined(__aarch64__)
  uc->uc_mcontext.regs[30] = pc;
  uc->uc_mcontext.pc = (uintptr_t)rog_sigpanic;
#endif
}

static void fault_handler(int sig, siginfo_t *info, void *uctx) {
  rog_tls_block *t = sched_tls();
  sched_m *m = (sched_m *)t->m;
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL || t->g != (void *)g) {
    /* not Go code: default action */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  uintptr_t pc, fp;
  ctx_regs(uctx, &pc, &fp);
  uintptr_t addr = (uintptr_t)info->si_addr;
  bool intdiv = sig == SIGFPE && (info->si_code == FPE_INTDIV || info->si_code == FPE_INTOVF);
  bool nilderef = (sig == SIGSEGV || sig == SIGBUS) && addr < 0x1000;
  if (rog_sigpanic && (intdiv || nilderef)) {
    g->sig = (uint32_t)sig;
    g->sigcode = (uintptr_t)(uint32_t)info->si_code;
    g->sigaddr = addr;
    g->sigpc = pc;
    inject_sigpanic(uctx, pc);
    return;
  }
  char buf[256];
  if (sig == SIGFPE && (info->si_code == FPE_INTDIV || info->si_code == FPE_INTOVF)) {
    print2("panic: runtime error: integer divide by zero\n");
  } else if ((sig == SIGSEGV || sig == SIGBUS) && addr < 0x1000) {
    print2("panic: runtime error: invalid memory address or nil pointer dereference\n");
  } else {
    snprintf(buf, sizeof buf, "unexpected fault address 0x%lx\nfatal error: fault\n", (unsigned long)addr);
    print2(buf);
  }
  snprintf(buf, sizeof buf, "[signal %s code=0x%x addr=0x%lx pc=0x%lx]\n\n", rog_signal_name(sig),
           info->si_code, (unsigned long)addr, (unsigned long)pc);
  print2(buf);
  sched_print_goroutine(g, true, 0);
  sched_print_frame(pc + 1); /* the faulting function itself */
  sched_print_frames(g, fp);
  _exit(2);
}

static void notify_handler(int sig, siginfo_t *info, void *uctx) {
  (void)info;
  (void)uctx;
  if (sig <= 0 || sig >= NSIG_MAX) return;
  if (!(atomic_load(&notified) & (1ull << sig))) return; /* SIGPIPE not notified: the write returns EPIPE */
  int saved = errno;
  atomic_fetch_or(&pending, 1ull << sig);
  if (sigpipe_fds[1] >= 0) {
    char c = 0;
    ssize_t r = write(sigpipe_fds[1], &c, 1);
    (void)r;
  }
  errno = saved;
}

void rog_signal_install(int sig, void (*h)(int, siginfo_t *, void *)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = h;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigfillset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

void sched_signal_init(void) {
  rog_signal_install(SIGSEGV, fault_handler);
  rog_signal_install(SIGBUS, fault_handler);
  rog_signal_install(SIGFPE, fault_handler);
  rog_signal_install(SIGPIPE, notify_handler);
}

/* ---------------------------------------------------------------- os/signal */

static void setup_pipe(void *arg) {
  (void)arg;
  if (sigpipe_fds[0] >= 0) return;
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) sched_fatal("signal: cannot create the signal pipe");
  sigpipe_fds[0] = fds[0];
  sigpipe_fds[1] = fds[1];
}

void rog_signal_enable(int sig) {
  if (sig <= 0 || sig >= NSIG_MAX || sig == SIGKILL || sig == SIGSTOP) return;
  sched_init();
  sched_mutex_lock(&recv_lock);
  sched_systemstack(setup_pipe, NULL);
  sched_mutex_unlock(&recv_lock);
  atomic_fetch_and(&ignored, ~(1ull << sig));
  atomic_fetch_or(&notified, 1ull << sig);
  if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE) rog_signal_install(sig, notify_handler);
}

void rog_signal_disable(int sig) {
  if (sig <= 0 || sig >= NSIG_MAX || sig == SIGKILL || sig == SIGSTOP) return;
  atomic_fetch_and(&notified, ~(1ull << sig));
  if (sig == SIGPIPE) return; /* keep the handler: EPIPE semantics */
  if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE) signal(sig, SIG_DFL);
}

void rog_signal_ignore(int sig) {
  if (sig <= 0 || sig >= NSIG_MAX || sig == SIGKILL || sig == SIGSTOP) return;
  atomic_fetch_and(&notified, ~(1ull << sig));
  atomic_fetch_or(&ignored, 1ull << sig);
  if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGPIPE) signal(sig, SIG_IGN);
}

bool rog_signal_ignored(int sig) {
  return sig > 0 && sig < NSIG_MAX && (atomic_load(&ignored) & (1ull << sig));
}

int rog_signal_recv(void) {
  for (;;) {
    uint64_t p = atomic_load(&pending);
    while (p) {
      int sig = __builtin_ctzll(p);
      if (atomic_compare_exchange_strong(&pending, &p, p & ~(1ull << sig))) return sig;
    }
    if (sigpipe_fds[0] < 0) sched_systemstack(setup_pipe, NULL);
    if (sig_pd == NULL) {
      sched_mutex_lock(&recv_lock);
      if (sig_pd == NULL) {
        int err = 0;
        sig_pd = rog_poll_open(sigpipe_fds[0], &err);
        if (sig_pd == NULL) sched_fatal("signal: cannot poll the signal pipe");
      }
      sched_mutex_unlock(&recv_lock);
    }
    char buf[64];
    while (read(sigpipe_fds[0], buf, sizeof buf) > 0) {
    }
    if (atomic_load(&pending)) continue;
    rog_poll_wait(sig_pd, 'r');
  }
}

/* Signals caught but not yet taken by rog_signal_recv. */
bool rog_signal_pending(void) {
  return atomic_load(&pending) != 0;
}

void rog_sigpipe(void) {
  if (atomic_load(&notified) & (1ull << SIGPIPE)) return;
  signal(SIGPIPE, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_UNBLOCK, &set, NULL);
  raise(SIGPIPE);
}
