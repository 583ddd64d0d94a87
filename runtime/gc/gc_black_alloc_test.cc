// Black allocation versus old objects of the same span (the gcloss bug,
// session 5).
//
// A swept span restarts at freeindex 0 with its survivors in allocbits.
// When a cache acquires it during concurrent marking, black_from is 0, so
// every old survivor sits at or above black_from. alloc_allocated_black
// used to answer "handed out black" for those old objects too, and the
// write barrier (mark_shade) skipped them: an old object moved from its
// only (not yet scanned) reference into a new, black object, which the
// collector never scans, was freed while reachable. Compiled Go programs
// hit it under gcstress (runtime/rt ragged test, case 2 of its worker:
// n.left = root[i]; root[j] = n; root[i] = nil); the verifier reported
// "marked object X (+0) points to unmarked Y".
//
// The test forces that interleaving without timing luck:
//   1. build a long list whose nodes alternate with garbage of the same
//      size class, collect and sweep (stop-the-world): every span of the
//      class now holds old list nodes between free slots;
//   2. start a concurrent cycle on another thread and, once the barrier is
//      on and this thread's cache allocates black, allocate a node n; its
//      span S was acquired black with black_from 0;
//   3. pick an old list node Y in S far from the list head (the markers
//      trace the list from the head, so Y is still white; a round where it
//      is already marked does not count), store Y into n, publish n in a
//      global and unlink Y from the list, all through the barrier;
//   4. finish the cycle and sweep: Y must still be allocated and intact.
// Step 3 also checks the predicate directly (Y is not "allocated black").
// Both forms of the concurrent cycle run: the stopping one (gcragged=0)
// and the ragged one (the thread world has handshakes).
//
// Before the fix in alloc_allocated_black every round lost Y.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "runtime/gc/gc_test_util.h"
extern "C" {
#include "runtime/alloc/alloc_internal.h"
#include "runtime/gc/gc_internal.h"
}

using gctest::Node;

namespace {

Node *g_list; // the old list; its head is scanned first
Node *g_keep; // the new (black) nodes, linked through slot[1]
const uint8_t kOne[] = {0x01};

// Builds the list (returned in allocation order: index 0 is the deepest
// node) with one garbage node after each list node.
__attribute__((noinline)) std::vector<Node *> BuildList(int n) {
  std::vector<Node *> nodes;
  nodes.reserve(n);
  Node *head = nullptr;
  for (int i = 0; i < n; i++) {
    Node *x = gctest::NewNode(i);
    gctest::Store(&x->slot[0], head);
    head = x;
    nodes.push_back(x);
    gctest::NewNode(1000000 + i); // garbage: a free slot after the sweep
  }
  gctest::Store(&g_list, head);
  return nodes;
}

uint32_t SlotOf(const alloc_span *s, const void *p) {
  return alloc_slot_index(s, reinterpret_cast<uintptr_t>(p));
}

struct Round {
  bool overlapped = false; // the move happened while Y was white
  bool lost = false;
};

// Steps 2 and 3 (see the top). nodes[k + 1] is nodes[k]'s predecessor in
// the list (the list is prepended).
__attribute__((noinline)) void MoveOldIntoBlack(const std::vector<Node *> &nodes, Round *r, Node **moved) {
  int n = static_cast<int>(nodes.size());
  for (int tries = 0; tries < 64; tries++) {
    Node *fresh = gctest::NewNode(2000000 + tries);
    gctest::Store(&fresh->slot[1], gctest::Load(&g_keep));
    gctest::Store(&g_keep, fresh);
    alloc_span *s = alloc_span_of(reinterpret_cast<uintptr_t>(fresh));
    if (!s || !alloc_allocated_black(s, SlotOf(s, fresh))) continue; // not a black span
    // The deepest old list node of that span, in the deeper half of the list.
    for (int k = 0; k < n / 2; k++) {
      Node *y = nodes[k];
      if (alloc_span_of(reinterpret_cast<uintptr_t>(y)) != s) continue;
      if (alloc_is_marked(s, SlotOf(s, y))) return; // the markers were faster: no race this round
      // The predicate itself: the fresh slot is black, the old one is not.
      EXPECT_FALSE(alloc_allocated_black(s, SlotOf(s, y)))
          << "old node " << y << " counted as allocated black";
      Node *pred = nodes[k + 1];
      gctest::Store(&fresh->slot[0], y);
      gctest::Store(&pred->slot[0], gctest::Load(&y->slot[0]));
      r->overlapped = __atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE) != 0;
      *moved = y;
      return;
    }
  }
}

Round RunRound(int ragged, uint64_t round) {
  Round r;
  gc_opts.ragged = ragged;
  gc_set_mode(GC_MODE_STW);
  std::vector<Node *> nodes = BuildList(60000 / gctest::Scale());
  gctest::ClearStack();
  gc_collect(); // stop-the-world, returns swept: old nodes between free slots
  gc_set_mode(GC_MODE_CONCURRENT);
  std::atomic<bool> done{false};
  std::thread collector([&] {
    gc_thread_register();
    gc_collect();
    done = true;
    gc_thread_unregister();
  });
  // Wait until marking is on and this thread allocates black (the ragged
  // cycle blackens the cache when it scans this stack, at a checkpoint).
  // (alloc_marking first: alloc_self_black() is stale until marking bumps
  // the epoch, which the ragged cycle does after the "ack" handshake.)
  while (!done.load() && !(__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE) &&
                           atomic_load(&alloc_marking) && alloc_self_black()))
    gc_checkpoint();
  Node *y = nullptr;
  if (!done.load()) MoveOldIntoBlack(nodes, &r, &y);
  gc_blocking_begin();
  collector.join();
  gc_blocking_end();
  // Sweep what that cycle found dead; no further cycle (it could re-mark Y
  // through g_keep and hide the loss).
  alloc_sweep_finish();
  if (r.overlapped) {
    alloc_object o;
    r.lost = !alloc_find_object(y, &o) || o.start != y || y->check != gctest::CheckOf(y->id);
    if (r.lost) ADD_FAILURE() << "round " << round << " ragged=" << ragged << ": old node " << y << " freed";
  }
  gctest::Store(&g_list, nullptr);
  gctest::Store(&g_keep, nullptr);
  return r;
}

void RunRounds(int ragged) {
  gc_register_globals(&g_list, sizeof g_list, kOne);
  gc_register_globals(&g_keep, sizeof g_keep, kOne);
  __atomic_store_n(&alloc_opt_poison, 1, __ATOMIC_RELAXED);
  int old = gc_opts.ragged;
  int overlapped = 0, lost = 0;
  for (uint64_t round = 0; round < 6; round++) {
    Round r = RunRound(ragged, round);
    overlapped += r.overlapped;
    lost += r.lost;
  }
  printf("ragged=%d: %d of 6 rounds moved a white old node into a black one\n", ragged, overlapped);
  EXPECT_GT(overlapped, 0) << "the move never happened while the old node was white";
  EXPECT_EQ(lost, 0);
  gc_opts.ragged = old;
  __atomic_store_n(&alloc_opt_poison, 0, __ATOMIC_RELAXED);
  gc_set_mode(GC_MODE_STW);
  gc_unregister_globals(&g_list);
  gc_unregister_globals(&g_keep);
}

TEST(BlackAllocation, OldObjectMovedIntoNewObjectSurvivesStoppingCycle) {
  RunRounds(0);
}

TEST(BlackAllocation, OldObjectMovedIntoNewObjectSurvivesRaggedCycle) {
  RunRounds(1);
}

} // namespace
