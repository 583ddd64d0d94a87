/*
 * runtime/netpoll: hooks internal/poll expects (gc's runtime_poll*), named
 * rog_poll_* for now. Design in netpoll.c.
 */
#ifndef ROG_NETPOLL_H
#define ROG_NETPOLL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rog_polldesc rog_polldesc;

enum { ROG_POLL_OK = 0, ROG_POLL_ERR_CLOSING = 1, ROG_POLL_ERR_TIMEOUT = 2, ROG_POLL_ERR_NOT_POLLABLE = 3 };

void rog_poll_server_init(void);                                   /* runtime_pollServerInit */
rog_polldesc *rog_poll_open(int fd, int *err);                     /* runtime_pollOpen (errno in *err) */
void rog_poll_close(rog_polldesc *pd);                             /* runtime_pollClose */
int rog_poll_reset(rog_polldesc *pd, int mode);                    /* runtime_pollReset, mode 'r'/'w' */
int rog_poll_wait(rog_polldesc *pd, int mode);                     /* runtime_pollWait */
void rog_poll_set_deadline(rog_polldesc *pd, int64_t d, int mode); /* runtime_pollSetDeadline */
void rog_poll_unblock(rog_polldesc *pd);                           /* runtime_pollUnblock */
int rog_poll_fd(const rog_polldesc *pd);
/* Whether fd is one the poller itself uses (epoll, wakeup eventfd). */
int rog_poll_is_server_fd(int fd);

#ifdef __cplusplus
}
#endif
#endif
