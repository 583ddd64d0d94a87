/*
 * runtime/sched/sema.h: semaphores and notify lists for package sync
 * (design in sema.c). The C names exist for the runtime's own tests; Go code
 * reaches them through sync's hooks (sync.runtime_Semacquire, ...).
 */
#ifndef ROG_SCHED_SEMA_H
#define ROG_SCHED_SEMA_H

#include <stdbool.h>
#include <stdint.h>
#ifndef __cplusplus
#include <stdatomic.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* gc's semacquire1/semrelease1 on the uint32 at addr: acquire blocks the
 * goroutine until *addr > 0 and decrements it (lifo: queue first among the
 * waiters of addr); release increments it and wakes the first waiter
 * (handoff: the count goes straight to that waiter, which then runs next). */
void sema_acquire(_Atomic uint32_t *addr, bool lifo);
void sema_release(_Atomic uint32_t *addr, bool handoff);
/* Goroutines queued on addr (tests and diagnostics). */
int sema_nwaiters(_Atomic uint32_t *addr);

/* sync's and sync/atomic's procPin/procUnpin: no preemption of the calling
 * goroutine (m->locks) until unpinned; returns the current P's id. */
intptr_t sched_proc_pin(void);
void sched_proc_unpin(void);

/* sync.notifyList, used in place (32 bytes; see sema.c). */
typedef struct notify_list notify_list;
uint32_t notify_list_add(notify_list *l);
void notify_list_wait(notify_list *l, uint32_t ticket);
void notify_list_notify_all(notify_list *l);
void notify_list_notify_one(notify_list *l);

#ifdef __cplusplus
}
#endif
#endif
