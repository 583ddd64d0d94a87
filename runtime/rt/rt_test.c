/*
 * runtime/rt/rt_test.c: a whole "Go program" written in C the way
 * compiler/lower lowers Go, linked with the real C main (//runtime/rt:main):
 * main.init and main.main are defined under their Go symbol names. It
 * checks start-up (main.init before main.main, the main goroutine's big
 * stack), `go` statements through rog_go with nest-only closures,
 * channels, the GC wired to the scheduler (a heap object referenced only
 * from .bss survives collections, garbage is freed, collections run while
 * other goroutines are parked), finalizers on their goroutine, and the
 * runtime API functions of rog's Go package. Any failure exits with
 * status 1 and a message; success is exit status 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/alloc/alloc.h"
#include "runtime/gc/gc.h"
#include "runtime/sched/sched.h"
#include "runtime/time/timer.h"

#define GO_PROGRAM_TEST_NAME "rt_test"
#include "runtime/rt/go_program_test.h"

intptr_t rt_num_goroutine(void) __asm__("runtime.NumGoroutine");
void rt_set_finalizer(const rog_type *ot, void *obj, const rog_type *ft,
                      void *fn) __asm__("runtime.SetFinalizer");
void rt_read_memstats(gc_memstats *m) __asm__("runtime.ReadMemStats");
void rt_gosched(void) __asm__("runtime.Gosched");

static int init_done;
static const rog_type byte_t = {.size = 1, .align = 1, .field_align = 1, .kind = ROG_KIND_UINT8};
static const uint8_t ptr_bits[1] = {1};
/* struct { next *node; val int } */
static const rog_type node_t = {
    .size = 16, .ptrdata = 8, .align = 8, .field_align = 8, .kind = ROG_KIND_STRUCT, .gcdata = ptr_bits};
static const rog_type ptr_t = {.size = 8,
                               .ptrdata = 8,
                               .align = 8,
                               .field_align = 8,
                               .kind = ROG_KIND_POINTER | ROG_KIND_DIRECT_IFACE,
                               .gcdata = ptr_bits};
static const rog_type func_t = {.size = 8,
                                .ptrdata = 8,
                                .align = 8,
                                .field_align = 8,
                                .kind = ROG_KIND_FUNC | ROG_KIND_DIRECT_IFACE,
                                .gcdata = ptr_bits};

typedef struct node {
  struct node *next;
  intptr_t val;
} node;

static node *global_list; /* in .bss: the only reference to the list */

void go_main_init(void) {
  init_done = 1;
}

/* go worker(c, i): the compiler's closure {code, c, i}; code reads it from
 * the nest register, which C cannot name, so the closure code is a small
 * assembly thunk that moves it into the first argument. */
typedef struct go_closure {
  void (*code)(void);
  void (*body)(struct go_closure *);
  rog_chan *c;
  intptr_t i;
} go_closure;

extern void rt_test_thunk(void);
#if defined(__x86_64__)
__asm__(".text\n.globl rt_test_thunk\n.type rt_test_thunk,@function\n"
        "rt_test_thunk:\n\tmovq %r10, %rdi\n\tjmpq *8(%r10)\n");
#elif defined(__aarch64__)
__asm__(".text\n.globl rt_test_thunk\n.type rt_test_thunk,%function\n"
        "rt_test_thunk:\n\tmov x0, x18\n\tldr x16, [x18, #8]\n\tbr x16\n");
#endif

static const uint8_t go_closure_bits[1] = {0x5}; /* code (static), body (static), c */
static const rog_type go_closure_t = {.size = sizeof(go_closure),
                                      .ptrdata = 24,
                                      .align = 8,
                                      .field_align = 8,
                                      .kind = ROG_KIND_STRUCT,
                                      .gcdata = go_closure_bits};

static void worker(go_closure *cl) {
  /* some garbage per goroutine, then report */
  for (int k = 0; k < 100; k++) {
    node *n = rog_alloc(sizeof *n, &node_t);
    n->val = k;
  }
  intptr_t v = cl->i * 2;
  rog_chan_send(cl->c, &v);
}

static __attribute__((noinline)) void build_list(int n) {
  for (int i = 0; i < n; i++) {
    node *x = rog_alloc(sizeof *x, &node_t);
    x->val = i;
    x->next = global_list;
    global_list = x;
  }
}

static __attribute__((noinline)) void make_garbage(int n) {
  for (int i = 0; i < n; i++) {
    node *x = rog_alloc(sizeof *x, &node_t);
    x->val = i;
  }
}

static intptr_t sum_list(void) {
  intptr_t s = 0;
  for (node *x = global_list; x; x = x->next)
    s += x->val;
  return s;
}

static int finalized;
static void finalizer_body(void) {
  __atomic_add_fetch(&finalized, 1, __ATOMIC_SEQ_CST);
}
static const rog_closure finalizer_closure = {finalizer_body};

static __attribute__((noinline)) void set_finalizers(int n) {
  for (int i = 0; i < n; i++) {
    node *x = rog_alloc(sizeof *x, &node_t);
    rt_set_finalizer(&ptr_t, x, &func_t, (void *)&finalizer_closure);
  }
}

static uintptr_t stack_room(void) {
  sched_g *g = sched_getg();
  return (uintptr_t)__builtin_frame_address(0) - (uintptr_t)g->seg;
}

void go_main_main(void) {
  CHECK(init_done);
  CHECK(rt_num_goroutine() == 1);
  CHECK(stack_room() > (7u << 20)); /* the main goroutine keeps an 8 MiB first segment (rt.c) */

  build_list(1000);
  intptr_t want = 999 * 1000 / 2;
  CHECK(sum_list() == want);

  enum { N = 50 };
  rog_chan *c = rog_chan_make(&byte_t, 0);
  (void)c;
  static const rog_type int_t = {.size = 8, .align = 8, .field_align = 8, .kind = ROG_KIND_INT};
  rog_chan *results = rog_chan_make(&int_t, 0);
  for (int i = 0; i < N; i++) {
    go_closure *cl = rog_alloc(sizeof *cl, &go_closure_t);
    cl->code = rt_test_thunk;
    cl->body = worker;
    cl->c = results;
    cl->i = i;
    rog_go((const rog_closure *)cl);
  }
  intptr_t total = 0;
  for (int i = 0; i < N; i++) {
    intptr_t v;
    rog_chan_recv(results, &v);
    total += v;
    if (i % 10 == 0) rt_gc(); /* others parked in chan send or running */
  }
  CHECK(total == N * (N - 1));

  gc_memstats ms0, ms1;
  rt_read_memstats(&ms0);
  make_garbage(100000);
  rt_gc();
  rt_gc();
  rt_read_memstats(&ms1);
  CHECK(ms1.frees > ms0.frees + 50000); /* the garbage went away */
  CHECK(ms1.num_gc >= ms0.num_gc + 2);
  CHECK(sum_list() == want); /* the .bss-rooted list survived */

  /* a cycle asks sysmon to purge the free Gs' stacks (gcpause_std.c) */
  uint32_t purges = sched_stack_purges();
  rt_gc();
  for (int i = 0; i < 5000 && sched_stack_purges() == purges; i++)
    sched_sleep(1000000);
  CHECK(sched_stack_purges() > purges);

  set_finalizers(100);
  for (int round = 0; round < 200 && __atomic_load_n(&finalized, __ATOMIC_SEQ_CST) < 50; round++) {
    rt_gc();
    rt_gosched();
    sched_sleep(1000000);
  }
  CHECK(__atomic_load_n(&finalized, __ATOMIC_SEQ_CST) >= 50);
  for (int i = 0; i < 100 && rt_num_goroutine() > 1; i++)
    sched_sleep(1000000);
  CHECK(rt_num_goroutine() == 1); /* the finalizer goroutine is not counted */
  fprintf(stderr, "rt_test: ok\n");
}
