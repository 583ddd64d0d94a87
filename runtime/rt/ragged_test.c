/*
 * runtime/rt/ragged_test.c: ragged GC cycles in the scheduler's world
 * (runtime/sched/gchandshake.c, wired by rt.c), as a whole "Go program"
 * in C linked with the real C main (like rt_test.c). Run with ROG_OPTS
 * gc=concurrent (BUILD sets it; ragged_stress_test adds gcstress).
 *
 * W goroutines each own a random pointer graph: a heap array of R root
 * slots and nodes {left, right, id, check}, where check == ~id * K and a
 * node's id is unique. Each goroutine loops: allocate nodes and store
 * them (through the barrier, as compiled Go code does) into a random root
 * slot or a random reachable node's field, overwrite or clear other
 * fields (garbage), keep a few nodes referenced only from its C stack
 * frame across parks (channel ping-pong with a partner, Gosched, short
 * sleeps: G-to-G switches, parked and runnable goroutines the collector
 * scans, timers), and call rog_checkpoint in its loops (where the ragged
 * handshake catches running goroutines). Shadow check: every node
 * reached, from the roots or the stack, must have the right check word
 * (the collector's debug poisoning overwrites freed objects), and the
 * per-goroutine count of nodes reachable from the stack-only list must
 * match. Meanwhile the main goroutine forces collections; at the end the
 * test requires that ragged cycles ran (gc_ragged_cycles), so it fails if
 * the scheduler's world stops offering handshakes. Exit status 0 is
 * success; any failure prints and exits 1.
 *
 * The goroutines here are C, not compiled with rog's stack-check pass, so
 * they need big first segments: BUILD runs the test with ROG_OPTS
 * stackmin=1048576 (2 KiB segments overflow in walk() and fprintf).
 *
 * Regression: with RAGGED_TEST_ANY_MODE=1 it also runs the stopping
 * collectors; under gcstress=500 it lost nodes in both concurrent forms
 * until alloc_allocated_black stopped counting a black-acquired span's
 * old (white) slots above black_from as black (ragged_stress_test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/gc/gc.h"
#include "runtime/sched/sched.h"
#include "runtime/time/timer.h"

#define GO_PROGRAM_TEST_NAME "ragged_test"
#include "runtime/rt/go_program_test.h"

extern _Atomic uint64_t gc_ragged_cycles; /* runtime/gc/collect.c */

enum { W = 8, R = 64, STACK_NODES = 8 };
#define K 0x9e3779b97f4a7c15ull

typedef struct node {
  struct node *left, *right;
  uint64_t id, check;
} node;

static const uint8_t node_bits[1] = {3};
static const rog_type node_t = {
    .size = 32, .ptrdata = 16, .align = 8, .field_align = 8, .kind = ROG_KIND_STRUCT, .gcdata = node_bits};
static const uint8_t roots_bits[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const rog_type roots_t = {.size = R * 8,
                                 .ptrdata = R * 8,
                                 .align = 8,
                                 .field_align = 8,
                                 .kind = ROG_KIND_ARRAY,
                                 .gcdata = roots_bits};
static const rog_type int_t = {.size = 8, .align = 8, .field_align = 8, .kind = ROG_KIND_INT};

/* A pointer store into the heap, as the write-barrier pass emits it. */
static void store(node **slot, node *v) {
  if (__atomic_load_n(&rog_wb_enabled, __ATOMIC_RELAXED))
    rog_write_barrier((void **)slot, v);
  else
    *slot = v;
}

static uint64_t rnd(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static node *new_node(uint64_t id) {
  node *n = rog_alloc(sizeof(node), &node_t);
  n->id = id;
  n->check = ~id * K;
  return n;
}

static void check_node(const node *n) {
  if (n->check != ~n->id * K) {
    fprintf(stderr, "ragged_test: node %p corrupted (id %llx check %llx): freed while reachable?\n",
            (void *)n, (unsigned long long)n->id, (unsigned long long)n->check);
    exit(1);
  }
}

/* Checks up to budget nodes reachable from n (the graph may share). */
static void walk(const node *n, int *budget) {
  while (n && (*budget)-- > 0) {
    check_node(n);
    if (n->left) walk(n->left, budget);
    n = n->right;
  }
}

typedef struct worker_arg {
  int id, iters;
  rog_chan *ping, *pong; /* partner ping-pong (int) */
  rog_chan *done;
} worker_arg;

static void worker(void *p) {
  worker_arg *a = p;
  uint64_t seed = 0x12345678u + (uint64_t)a->id * 7919u, next_id = (uint64_t)a->id << 40;
  node **roots = rog_alloc(R * sizeof(node *), &roots_t);
  /* only on this goroutine's stack: a list rebuilt now and then */
  node *stack_list = NULL;
  int stack_len = 0;
  for (int it = 0; it < a->iters; it++) {
    for (int k = 0; k < 32; k++) {
      rog_checkpoint();
      uint64_t r = rnd(&seed);
      node *n = new_node(next_id++);
      node *target = roots[r % R];
      switch ((r >> 8) % 4) {
      case 0: /* new root */
        store(&roots[r % R], n);
        break;
      case 1: /* hang it below an existing node, dropping what was there */
        if (target) {
          store((r >> 12) & 1 ? &target->left : &target->right, n);
          break;
        }
        store(&roots[r % R], n);
        break;
      case 2: /* move a subtree between roots */
        store(&n->left, target);
        store(&roots[(r >> 16) % R], n);
        store(&roots[r % R], NULL);
        break;
      default:                        /* the stack-only list */
        store(&n->right, stack_list); /* barriered, as compiled Go code stores today */
        stack_list = n;
        stack_len++;
        break;
      }
    }
    /* park: on the partner's channel, Gosched or a short sleep */
    intptr_t v = it;
    switch (it % 3) {
    case 0:
      rog_chan_send(a->ping, &v);
      rog_chan_recv(a->pong, &v);
      break;
    case 1:
      sched_gosched();
      break;
    default:
      sched_sleep(20000);
      break;
    }
    int budget = 4096;
    for (int i = 0; i < R; i++)
      walk(roots[i], &budget);
    int len = 0;
    for (node *n = stack_list; n; n = n->right) {
      check_node(n);
      len++;
    }
    CHECK(len == stack_len);
    if (stack_len > 4 * STACK_NODES) {
      stack_list = NULL;
      stack_len = 0;
    }
  }
  intptr_t one = 1;
  rog_chan_send(a->done, &one);
}

/* The partner answers every ping. */
static void partner(void *p) {
  worker_arg *a = p;
  intptr_t v;
  for (;;) {
    if (!rog_chan_recv(a->ping, &v)) return;
    rog_chan_send(a->pong, &v);
  }
}

void go_main_init(void) {}

void go_main_main(void) {

  /* RAGGED_TEST_ANY_MODE=1: run the same mutators under any ROG_OPTS (to
   * compare with the stopping collectors) without requiring ragged cycles */
  bool any_mode = getenv("RAGGED_TEST_ANY_MODE") != NULL;
  CHECK(any_mode || gc_get_mode() == GC_MODE_CONCURRENT);
  const char *it = getenv("RAGGED_TEST_ITERS");
  int iters = it ? atoi(it) : 300;
  rog_chan *done = rog_chan_make(&int_t, W);
  static worker_arg args[W]; /* .bss: scanned as a root; the channels are malloc'ed */
  for (int i = 0; i < W; i++) {
    args[i] = (worker_arg){i, iters, rog_chan_make(&int_t, 0), rog_chan_make(&int_t, 0), done};
    sched_go(partner, &args[i]);
    sched_go(worker, &args[i]);
  }
  uint64_t before = gc_ragged_cycles;
  for (int i = 0; i < 3; i++)
    rt_gc();
  for (int finished = 0; finished < W;) {
    intptr_t v;
    if (rog_chan_tryrecv(done, &v, NULL)) {
      finished++;
      continue;
    }
    rt_gc();
    sched_sleep(1000000);
  }
  uint64_t ragged = gc_ragged_cycles - before;
  fprintf(stderr, "ragged_test: %llu ragged cycles, %u cycles in all\n", (unsigned long long)ragged,
          gc_cycles());
  CHECK(any_mode || ragged >= 3);
}
