/*
 * runtime/signal: fault handling and os/signal delivery (design in signal.c).
 */
#ifndef ROG_SIGNAL_H
#define ROG_SIGNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Installs h for sig as every runtime handler is installed: SA_SIGINFO,
 * on the alternate signal stack, restarting system calls, all signals
 * blocked while it runs. */
void rog_signal_install(int sig, void (*h)(int, siginfo_t *, void *));

/* os/signal (gc's signal_enable / signal_disable / signal_ignore /
 * signal_recv): deliver sig to the queue instead of its default action. */
void rog_signal_enable(int sig);
void rog_signal_disable(int sig);
void rog_signal_ignore(int sig);
bool rog_signal_ignored(int sig);
/* Blocks the calling goroutine until a notified signal arrives; returns it. */
int rog_signal_recv(void);
/* Whether caught signals wait for rog_signal_recv. */
bool rog_signal_pending(void);
/* gc's sigpipe(): a write to fd 1 or 2 failed with EPIPE and SIGPIPE is not
 * notified: die of SIGPIPE like a C program. */
void rog_sigpipe(void);
/* gc's signal names for the fault signals ("SIGSEGV: segmentation
 * violation"), "signal" for others. */
const char *rog_signal_name(int sig);

#ifdef __cplusplus
}
#endif
#endif
