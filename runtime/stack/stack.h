/*
 * runtime/stack: segmented goroutine stacks (design in stack.c).
 */
#ifndef ROG_STACK_H
#define ROG_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "runtime/sched/sched.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Lives at the low end of its segment: [lo, lo + size). */
struct stack_seg {
  uintptr_t magic; /* STACK_SEG_MAGIC: checked at every switch-out */
  uintptr_t size;
  stack_seg *prev;       /* the outer segment (NULL for the first) */
  stack_seg *next;       /* free-list link */
  uintptr_t caller_sp;   /* SP in prev when this segment was entered */
  uintptr_t saved_guard; /* prev's guard */
  int cls;               /* size class, or -1 when mapped on its own */
};

#define STACK_SEG_HDR 64
#define STACK_SEG_MAGIC ((uintptr_t)0x726f67737461636bull) /* "rogstack" */

static inline uintptr_t stack_seg_lo(const stack_seg *s) {
  return (uintptr_t)s;
}
static inline uintptr_t stack_seg_top(const stack_seg *s) {
  return (uintptr_t)s + s->size;
}
extern size_t stack_first_size; /* size of a goroutine's first segment */
extern size_t stack_max;        /* max total stack per goroutine */
extern size_t stack_reserve;    /* ROG_STACK_RESERVE; more under sanitizers */

static inline uintptr_t stack_seg_guard(const stack_seg *s) {
  return (uintptr_t)s + STACK_SEG_HDR + stack_reserve;
}

void stack_init(void);
/* A segment of at least `size` bytes (power-of-two classes). p may be NULL. */
stack_seg *stack_alloc(sched_p *p, size_t size);
void stack_free(sched_p *p, stack_seg *s);
/* Frees the cached segment of a goroutine that parks (memory back). */
void stack_trim(sched_p *p, sched_g *g);
/* Takes the slab chunks whose segments are all free off the free lists
 * and queues them for munmap, then unmaps up to budget bytes of the queue
 * (SIZE_MAX: all); returns the bytes unmapped. Takes the slab lock and
 * calls malloc: system stack or a thread outside the scheduler only. */
size_t stack_release_free(size_t budget);
/* Unmaps up to budget bytes of queued chunks; returns the bytes unmapped. */
size_t stack_unmap_pending(size_t budget);
size_t stack_unmap_pending_bytes(void); /* bytes still queued */
/* Bytes mapped for goroutine stacks (slab chunks and big segments). */
size_t stack_mapped_bytes(void);

#ifdef __cplusplus
}
#endif
#endif
