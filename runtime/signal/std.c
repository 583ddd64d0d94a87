/*
 * runtime/signal/std.c: os/signal's and os's runtime hooks (gc's
 * signal_enable & co. in sigqueue.go, os.sigpipe), under their std symbol
 * names, on top of signal.c's queue. signal_recv blocks the goroutine in
 * the netpoller until a notified signal arrives (signal.c's design).
 *
 * signalWaitUntilIdle (signal.Stop/Reset): gc waits until the delivery
 * goroutine has taken every caught signal; rog yields until signal.c's
 * pending mask is empty. A signal whose handler has run is then either
 * queued in os/signal's channels or dropped as gc would.
 */
#include <stdbool.h>
#include <stdint.h>

#include "runtime/sched/sched.h"
#include "runtime/signal/signal.h"

void os_signal_enable(uint32_t sig) __asm__("os/signal.signal_enable");
void os_signal_enable(uint32_t sig) {
  rog_signal_enable((int)sig);
}

void os_signal_disable(uint32_t sig) __asm__("os/signal.signal_disable");
void os_signal_disable(uint32_t sig) {
  rog_signal_disable((int)sig);
}

void os_signal_ignore(uint32_t sig) __asm__("os/signal.signal_ignore");
void os_signal_ignore(uint32_t sig) {
  rog_signal_ignore((int)sig);
}

bool os_signal_ignored(uint32_t sig) __asm__("os/signal.signal_ignored");
bool os_signal_ignored(uint32_t sig) {
  return rog_signal_ignored((int)sig);
}

uint32_t os_signal_recv(void) __asm__("os/signal.signal_recv");
uint32_t os_signal_recv(void) {
  return (uint32_t)rog_signal_recv();
}

void os_signal_wait_until_idle(void) __asm__("os/signal.signalWaitUntilIdle");
void os_signal_wait_until_idle(void) {
  while (rog_signal_pending())
    sched_gosched();
}

void os_sigpipe(void) __asm__("os.sigpipe");
void os_sigpipe(void) {
  rog_sigpipe();
}
