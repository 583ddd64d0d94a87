/*
 * runtime/netpoll/std.c: internal/poll's runtime hooks (gc's
 * runtime_poll* in netpoll.go), defined under internal/poll's symbol names
 * on top of netpoll.c. A poll descriptor travels through Go as a uintptr
 * (the rog_polldesc pointer; netpoll.c allocates descriptors outside the Go
 * heap and never frees them while a Go FD can still name them, so the
 * collector need not see it). Error codes are gc's (pollNoError = 0,
 * pollErrClosing, pollErrTimeout, pollErrNotPollable), which ROG_POLL_*
 * mirror.
 */
#include <stdbool.h>
#include <stdint.h>

#include "runtime/netpoll/netpoll.h"
#include "runtime/sched/sched.h"

void ip_poll_server_init(void) __asm__("internal/poll.runtime_pollServerInit");
void ip_poll_server_init(void) {
  rog_poll_server_init();
}

typedef struct ip_open_ret {
  uintptr_t ctx;
  intptr_t err;
} ip_open_ret;

ip_open_ret ip_poll_open(uintptr_t fd) __asm__("internal/poll.runtime_pollOpen");
ip_open_ret ip_poll_open(uintptr_t fd) {
  int err = 0;
  rog_polldesc *pd = rog_poll_open((int)fd, &err);
  ip_open_ret r = {(uintptr_t)pd, pd ? 0 : err};
  return r;
}

void ip_poll_close(uintptr_t ctx) __asm__("internal/poll.runtime_pollClose");
void ip_poll_close(uintptr_t ctx) {
  rog_poll_close((rog_polldesc *)ctx);
}

intptr_t ip_poll_wait(uintptr_t ctx, intptr_t mode) __asm__("internal/poll.runtime_pollWait");
intptr_t ip_poll_wait(uintptr_t ctx, intptr_t mode) {
  return rog_poll_wait((rog_polldesc *)ctx, (int)mode);
}

/* Windows only in gc; defined so every internal/poll build links. */
void ip_poll_wait_canceled(uintptr_t ctx, intptr_t mode) __asm__("internal/poll.runtime_pollWaitCanceled");
void ip_poll_wait_canceled(uintptr_t ctx, intptr_t mode) {
  (void)ctx;
  (void)mode;
}

intptr_t ip_poll_reset(uintptr_t ctx, intptr_t mode) __asm__("internal/poll.runtime_pollReset");
intptr_t ip_poll_reset(uintptr_t ctx, intptr_t mode) {
  return rog_poll_reset((rog_polldesc *)ctx, (int)mode);
}

void ip_poll_set_deadline(uintptr_t ctx, int64_t d,
                          intptr_t mode) __asm__("internal/poll.runtime_pollSetDeadline");
void ip_poll_set_deadline(uintptr_t ctx, int64_t d, intptr_t mode) {
  rog_poll_set_deadline((rog_polldesc *)ctx, d, (int)mode);
}

void ip_poll_unblock(uintptr_t ctx) __asm__("internal/poll.runtime_pollUnblock");
void ip_poll_unblock(uintptr_t ctx) {
  rog_poll_unblock((rog_polldesc *)ctx);
}

bool ip_is_poll_server_fd(uintptr_t fd) __asm__("internal/poll.runtime_isPollServerDescriptor");
bool ip_is_poll_server_fd(uintptr_t fd) {
  return rog_poll_is_server_fd((int)fd) != 0;
}

/* net.fastrandu (DNS query ids, shuffles): gc's runtime.fastrandu. */
uintptr_t net_fastrandu(void) __asm__("net.fastrandu");
uintptr_t net_fastrandu(void) {
  return ((uintptr_t)sched_fastrand() << 32) | sched_fastrand();
}
