/*
 * runtime/stack: segmented goroutine stacks.
 *
 * Decision: segmented stacks with a software prologue check.
 *   - Every function with a frame larger than ROG_STACK_NOSPLIT_MAX compares
 *     SP - framesize with rog_tls.stack_guard (abi.h [stack]); on failure it
 *     calls rog_morestack(thunk, argblock, framesize), which runs the thunk
 *     (the same function again, arguments unpacked from argblock) on a new
 *     segment and switches back when it returns. The check is plain LLVM IR
 *     emitted by rog's own pass, so it is identical on amd64 and arm64
 *     (LLVM's split-stack support is x86-only).
 *   - A goroutine starts with one small segment (stack_first_size, 2 KiB by
 *     default, like gc's first stack) carved from a slab; a parked goroutine
 *     costs about that plus its G. Each further segment doubles the size of
 *     the previous one (up to 64 MiB, or what the frame needs), so 256 MiB of
 *     frames takes ~20 segments and a split happens O(log depth) times.
 *   - Hot-split thrashing (a call in a loop right at a segment boundary) is
 *     avoided by keeping the last unwound segment in g->seg_cache; the next
 *     split reuses it without allocation. The cache is dropped when the
 *     goroutine parks, and all extra segments return when it exits: memory
 *     goes back as the goroutine unwinds or sleeps.
 *   - Stacks never move, as the conservative GC requires.
 *
 * Rejected: contiguous per-goroutine reservations (256 MiB+ each). 1M
 * goroutines x 256 MiB = 2^48 bytes, more than the 47-bit user address
 * space, and each reservation is a VMA (vm.max_map_count is 65530). Copying
 * stacks (gc's design) is impossible with conservative stack roots.
 *
 * Segment layout ([lo, lo+size)):
 *   lo:                       struct stack_seg header (STACK_SEG_HDR bytes)
 *   lo+HDR:                   reserve (stack_reserve bytes): nosplit leaves
 *                             and runtime C called from Go run here
 *   lo+HDR+reserve = guard    SP - framesize below this => morestack
 *   ... frames ...            grow down from
 *   lo+size                   top
 *
 * Runtime C code called from Go must fit in ROG_STACK_RUNTIME_MAX bytes;
 * anything deeper (libc, printing, thread creation, heap growth) goes
 * through sched_systemstack. Programs are linked with -z now (rog's driver,
 * //runtime/sched linkopts): with lazy binding, the first call through a
 * PLT slot runs ld.so's resolver on the caller's stack (~1.5 KiB on amd64,
 * it saves the extended register state), which overran the reserve and the
 * segment header ("stack segment corrupted"; stack_test reproduces it).
 * Under ASan/TSan frames are several times larger, so the first segment
 * and the reserve grow accordingly.
 *
 * Overflow: when a split would take the goroutine's total stack above
 * stack_max (gc's 1 GB on 64-bit; ROG_OPTS maxstack=N), the runtime prints
 * gc's "runtime: goroutine stack exceeds N-byte limit" and
 * "fatal error: stack overflow" with a traceback, and exits with status 2.
 *
 * Memory: segments up to SLAB_MAX come from 2 MiB slab chunks (mmap,
 * CHUNK-aligned so a segment finds its chunk by masking), one free list per
 * power-of-two class under a lock, plus a per-P cache of first-size
 * segments (spawn/exit needs no lock). Larger segments are mapped and
 * unmapped on their own. A dead G keeps only its first segment (gfput
 * frees the others at exit); after a GC cycle the scheduler frees the
 * first segments of the Gs on its global free list (sched.c,
 * sched_purge_free_stacks, like gc's markrootFreeGStacks) and then calls
 * stack_release_free, which unmaps every slab chunk whose segments are all
 * free (sorted free list, counted per chunk), so the memory of 100k exited
 * goroutines goes back to the OS. Unmapping 3 GB of touched stacks takes
 * the kernel most of a second, so sysmon unmaps at most
 * SCHED_UNMAP_BUDGET per tick (stack_unmap_pending) and keeps preempting
 * and retaking Ps in between; the chunks wait on a list linked through
 * their own first word. Partly used chunks stay: a free 2 KiB
 * segment shares its page with a neighbour and keeps its free-list link in
 * its header, so no page-level madvise (rejected: it would need the links
 * outside the segments, a side table per chunk).
 * TODO(gc): the GC enumerates in-use stack ranges through
 * sched_gc_for_each_root_range (runtime/sched/gcroots.c: segments from
 * g->sp, then each caller_sp upwards).
 */
#define _GNU_SOURCE
#include "runtime/stack/stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "runtime/sched/sched.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ROG_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ROG_SANITIZED 1
#endif
/* UBSan has no __has_feature; its checks also grow the runtime's frames
 * past ROG_STACK_RUNTIME_MAX (seen with code checked by the stack pass,
 * whose frame bounds leave only the reserve below the guard). */
#if defined(ROG_SANITIZER_UBSAN)
#define ROG_SANITIZED 1
#endif

#define SLAB_MIN_SHIFT 11 /* 2 KiB */
#define SLAB_MAX_SHIFT 15 /* 32 KiB */
#define NCLASS (SLAB_MAX_SHIFT - SLAB_MIN_SHIFT + 1)
#define CHUNK (2u << 20) /* one transparent huge page on amd64 */
#define HUGE_AFTER 8     /* chunks a class maps before it asks for huge pages */
#define GROW_MAX ((size_t)64 << 20)

_Static_assert(sizeof(struct stack_seg) <= STACK_SEG_HDR, "segment header too big");

size_t stack_first_size = 2048;
size_t stack_max = 1000000000;
size_t stack_reserve = ROG_STACK_RESERVE;

static sched_mutex slab_lock;
static stack_seg *slab_free[NCLASS];
static size_t slab_nfree[NCLASS];
static uintptr_t chunk_next[NCLASS], chunk_end[NCLASS];
static int nchunks[NCLASS]; /* mapped chunks per class */
/* bytes mapped for stacks: slab chunks + segments mapped on their own */
static _Atomic size_t mapped_bytes;

bool sched_opt_int(const char *key, long long *val);

static size_t round_pow2(size_t n) {
  size_t s = (size_t)1 << SLAB_MIN_SHIFT;
  while (s < n)
    s <<= 1;
  return s;
}

/* A program can carry a sanitizer's runtime while this runtime is not
 * instrumented: a sanitizer build of rog links one into every program it
 * builds (compiler/driver/codegen.c). Its interceptors then sit in front of
 * the libc calls that runtime C makes on goroutine stacks (memmove, write,
 * futex, ...) and need far more than ROG_STACK_RUNTIME_MAX, so such a
 * program gets the sanitized sizes too. (UBSan's runtime intercepts
 * nothing.) The driver marks such a link by defining the absolute symbol
 * rog_sanitizer_runtime_linked (codegen_link: -Wl,--defsym); a weak
 * reference to __asan_init/__tsan_init would do the same, but llvm-bolt
 * refuses any binary whose symbol table names them ("compiled or linked
 * with sanitizer support"), which broke BOLT for every rog program. */
extern char rog_sanitizer_runtime_linked __attribute__((weak));

static bool sanitizer_runtime_linked(void) {
  return &rog_sanitizer_runtime_linked != NULL;
}

/* A program built with rog's stack pass off (`rog build -passes=...`
 * without stack) has no stack checks: its goroutine stacks never grow, so
 * the first segment is what a goroutine has. The driver marks such a link
 * the same way (rog_stack_unchecked) and goroutines get UNCHECKED_STACK
 * bytes (mmap'd with MAP_NORESERVE: address space until touched), enough
 * for recursion depths the conformance tests use (issue10353's 10000
 * frames in a goroutine). */
extern char rog_stack_unchecked __attribute__((weak));
enum { UNCHECKED_STACK = 1 << 20 };

void stack_init(void) {
#ifdef ROG_SANITIZED
  bool sanitized = true;
#else
  bool sanitized = sanitizer_runtime_linked();
#endif
  if (sanitized) {
    stack_first_size = 64 << 10;
    stack_reserve = 32 << 10;
  }
  if (&rog_stack_unchecked != NULL) stack_first_size = UNCHECKED_STACK;
  long long v;
  if (sched_opt_int("stackmin", &v)) {
    if (v >= 2048 && v <= (64 << 20))
      stack_first_size = round_pow2((size_t)v);
    else
      fprintf(stderr, "runtime: ROG_OPTS stackmin=%lld out of range [2048, 64M]; ignored\n", v);
  }
  if (sched_opt_int("maxstack", &v)) {
    if (v >= 4096)
      stack_max = (size_t)v;
    else
      fprintf(stderr, "runtime: ROG_OPTS maxstack=%lld too small; ignored\n", v);
  }
  if (stack_first_size < STACK_SEG_HDR + stack_reserve + 512)
    stack_first_size = round_pow2(STACK_SEG_HDR + stack_reserve + 512);
}

static int size_class(size_t size) {
  for (int c = 0; c < NCLASS; c++)
    if (size == ((size_t)1 << (SLAB_MIN_SHIFT + c))) return c;
  return -1;
}

static stack_seg *seg_init(void *mem, size_t size, int cls) {
  stack_seg *s = mem;
  s->magic = STACK_SEG_MAGIC;
  s->size = size;
  s->prev = NULL;
  s->next = NULL;
  s->caller_sp = 0;
  s->saved_guard = 0;
  s->cls = cls;
  return s;
}

static void *os_map(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return NULL;
  return p;
}

/* A CHUNK-aligned slab chunk: map twice the size, unmap the ends. The
 * class of first segments, once it has many chunks (a program with
 * thousands of goroutines), gets its further chunks backed by transparent
 * huge pages: spawning and running 100k+ queued goroutines touches a new
 * G and stack page each time, and with 4 KiB pages every one was a TLB
 * miss too (spawn_exit with 200k goroutines queued: about 14% less CPU per
 * goroutine). First segments are touched whole (stack top, header), so
 * this costs no RSS. Not the other classes: a grown stack touches its
 * last segment only at the top and the header, and huge pages made 100k
 * parked deep stacks 15% bigger (//tests/bench:stack_rss). Not small
 * programs: a huge page would make their first goroutine cost 2 MiB of
 * RSS. slab_lock held. */
static void *chunk_map(int cls) {
  uintptr_t p = (uintptr_t)os_map(2 * CHUNK);
  if (p == 0) return NULL;
  uintptr_t c = (p + CHUNK - 1) & ~(uintptr_t)(CHUNK - 1);
  if (c > p) munmap((void *)p, c - p);
  if (p + 2 * CHUNK > c + CHUNK) munmap((void *)(c + CHUNK), p + 2 * CHUNK - (c + CHUNK));
  if (++nchunks[cls] > HUGE_AFTER && ((size_t)1 << (SLAB_MIN_SHIFT + cls)) == stack_first_size)
    madvise((void *)c, CHUNK, MADV_HUGEPAGE);
  atomic_fetch_add(&mapped_bytes, CHUNK);
  return (void *)c;
}

size_t stack_mapped_bytes(void) {
  return atomic_load(&mapped_bytes);
}

static stack_seg *slab_alloc(int cls) {
  size_t size = (size_t)1 << (SLAB_MIN_SHIFT + cls);
  sched_mutex_lock(&slab_lock);
  stack_seg *s = slab_free[cls];
  if (s) {
    slab_free[cls] = s->next;
    slab_nfree[cls]--;
    sched_mutex_unlock(&slab_lock);
    return seg_init(s, size, cls);
  }
  if (chunk_next[cls] + size > chunk_end[cls]) {
    void *c = chunk_map(cls);
    if (c == NULL) {
      sched_mutex_unlock(&slab_lock);
      return NULL;
    }
    chunk_next[cls] = (uintptr_t)c;
    chunk_end[cls] = (uintptr_t)c + CHUNK;
  }
  void *mem = (void *)chunk_next[cls];
  chunk_next[cls] += size;
  sched_mutex_unlock(&slab_lock);
  return seg_init(mem, size, cls);
}

struct alloc_req {
  size_t size;
  stack_seg *out;
};

static void alloc_slow(void *arg) {
  struct alloc_req *r = arg;
  int cls = size_class(r->size);
  if (cls >= 0) {
    r->out = slab_alloc(cls);
  } else {
    void *mem = os_map(r->size);
    if (mem) atomic_fetch_add(&mapped_bytes, r->size);
    r->out = mem ? seg_init(mem, r->size, -1) : NULL;
  }
}

stack_seg *stack_alloc(sched_p *p, size_t size) {
  size = round_pow2(size);
  if (p && size == stack_first_size && p->nsegcache > 0) {
    stack_seg *s = p->segcache[--p->nsegcache];
    return seg_init(s, size, s->cls);
  }
  struct alloc_req r = {size, NULL};
  sched_systemstack(alloc_slow, &r); /* mmap and locks: off the goroutine stack */
  if (r.out == NULL) sched_fatal("out of memory allocating a goroutine stack");
  return r.out;
}

static void free_slow(void *arg) {
  stack_seg *s = arg;
  if (s->cls < 0) {
    atomic_fetch_sub(&mapped_bytes, s->size);
    munmap(s, s->size);
    return;
  }
  sched_mutex_lock(&slab_lock);
  s->next = slab_free[s->cls];
  slab_free[s->cls] = s;
  slab_nfree[s->cls]++;
  sched_mutex_unlock(&slab_lock);
}

void stack_free(sched_p *p, stack_seg *s) {
  if (p && s->size == stack_first_size && p->nsegcache < SCHED_SEGCACHE) {
    p->segcache[p->nsegcache++] = s;
    return;
  }
  sched_systemstack(free_slow, s);
}

static int cmp_addr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return x < y ? -1 : x > y;
}

/* Chunks taken off the free lists, waiting for munmap: linked through
 * their first word (they are all free memory), under slab_lock. */
static uintptr_t unmap_head;
static _Atomic size_t unmap_bytes;

/* slab_lock held. Sorts class cls's free list by address, drops the
 * segments of every chunk that is free as a whole (all its carved
 * segments are on the list) and queues those chunks for munmap. The bump
 * chunk counts only its carved part; when that is all free it is released
 * too and the next allocation maps a new one. v has room for
 * slab_nfree[cls] entries. */
static void release_class(int cls, uintptr_t *v) {
  size_t size = (size_t)1 << (SLAB_MIN_SHIFT + cls);
  size_t n = 0;
  for (stack_seg *s = slab_free[cls]; s && n < slab_nfree[cls]; s = s->next)
    v[n++] = (uintptr_t)s;
  qsort(v, n, sizeof *v, cmp_addr);
  uintptr_t bump = chunk_end[cls] ? chunk_end[cls] - CHUNK : 0;
  stack_seg *head = NULL;
  size_t kept = 0;
  for (size_t i = 0; i < n;) {
    uintptr_t base = v[i] & ~(uintptr_t)(CHUNK - 1);
    size_t j = i;
    while (j < n && (v[j] & ~(uintptr_t)(CHUNK - 1)) == base)
      j++;
    size_t carved = base == bump ? (chunk_next[cls] - base) / size : CHUNK / size;
    if (j - i == carved) {
      if (base == bump) chunk_next[cls] = chunk_end[cls] = 0;
      *(uintptr_t *)base = unmap_head;
      unmap_head = base;
      nchunks[cls]--;
      atomic_fetch_add(&unmap_bytes, CHUNK);
    } else {
      for (size_t k = i; k < j; k++) {
        stack_seg *s = (stack_seg *)v[k];
        s->next = head;
        head = s;
        kept++;
      }
    }
    i = j;
  }
  slab_free[cls] = head;
  slab_nfree[cls] = kept;
}

size_t stack_unmap_pending(size_t budget) {
  size_t done = 0;
  while (done < budget) {
    sched_mutex_lock(&slab_lock);
    uintptr_t c = unmap_head;
    if (c) unmap_head = *(uintptr_t *)c;
    sched_mutex_unlock(&slab_lock);
    if (c == 0) break;
    munmap((void *)c, CHUNK);
    atomic_fetch_sub(&mapped_bytes, CHUNK);
    atomic_fetch_sub(&unmap_bytes, CHUNK);
    done += CHUNK;
  }
  return done;
}

size_t stack_unmap_pending_bytes(void) {
  return atomic_load_explicit(&unmap_bytes, memory_order_relaxed);
}

size_t stack_release_free(size_t budget) {
  size_t total = 0;
  sched_mutex_lock(&slab_lock);
  for (int c = 0; c < NCLASS; c++)
    total += slab_nfree[c];
  sched_mutex_unlock(&slab_lock);
  /* Room for the free lists as they are now (malloc outside the lock); a
   * class whose list grew past it is skipped until the next call. */
  size_t cap = total + 64;
  uintptr_t *v = total ? malloc(cap * sizeof *v) : NULL;
  if (v) {
    sched_mutex_lock(&slab_lock);
    for (int c = 0; c < NCLASS; c++)
      if (slab_nfree[c] <= cap) release_class(c, v);
    sched_mutex_unlock(&slab_lock);
    free(v);
  }
  return stack_unmap_pending(budget);
}

void stack_trim(sched_p *p, sched_g *g) {
  if (g->seg_cache) {
    stack_seg *s = g->seg_cache;
    g->seg_cache = NULL;
    stack_free(p, s);
  }
}

struct overflow_args {
  size_t limit;
};

static void overflow_msg(void *arg) {
  struct overflow_args *a = arg;
  char buf[128];
  snprintf(buf, sizeof buf, "runtime: goroutine stack exceeds %zu-byte limit\n", a->limit);
  sched_print_str(buf);
}

static __attribute__((noinline, noreturn)) void stack_overflow(void) {
  struct overflow_args a = {stack_max};
  sched_systemstack(overflow_msg, &a);
  sched_fatal("stack overflow");
}

void rog_morestack(void (*thunk)(void *), void *args, uintptr_t framesize) {
  rog_tls_block *t = sched_tls();
  sched_m *m = (sched_m *)t->m;
  sched_g *g = m ? m->curg : NULL;
  if (g == NULL || t->g != (void *)g) {
    /* system stack or a thread outside the scheduler: guard is 0 there, so
     * this only happens if a caller passed a huge frame size */
    thunk(args);
    return;
  }
  stack_seg *cur = g->seg;
  size_t need = framesize + STACK_SEG_HDR + stack_reserve + 512;
  if (need < framesize) stack_overflow(); /* absurd frame size */
  size_t size = cur->size * 2;
  if (size > GROW_MAX) size = GROW_MAX;
  if (size < need) size = round_pow2(need);
  stack_seg *s = g->seg_cache;
  if (s && s->size < need) {
    g->seg_cache = NULL;
    stack_free(m->p, s);
    s = NULL;
  }
  size_t add = s ? s->size : size;
  if (g->stack_total + add > stack_max) stack_overflow();
  if (s)
    g->seg_cache = NULL;
  else
    s = stack_alloc(m->p, size);
  s->prev = cur;
  s->caller_sp = (uintptr_t)__builtin_frame_address(0);
  s->saved_guard = t->stack_guard;
  g->seg = s;
  g->stack_total += s->size;
  t->stack_guard = stack_seg_guard(s);

  rog_call_on_stack(thunk, args, stack_seg_top(s) & ~(uintptr_t)15);

  /* back on the outer segment, maybe on another thread */
  t = sched_tls();
  m = (sched_m *)t->m;
  g = m->curg;
  g->seg = s->prev;
  g->stack_total -= s->size;
  t->stack_guard = s->saved_guard;
  if (g->seg_cache) stack_free(m->p, g->seg_cache);
  g->seg_cache = s;
}
