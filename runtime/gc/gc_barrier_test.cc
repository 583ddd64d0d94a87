// runtime/gc/gc_barrier_test.cc: the insertion (new-value) half of
// rog_write_barrier, forced deterministically in the thread world's ragged
// cycle (collect.c, "Ragged cycle").
//
// The case the half exists for: object O is reachable only from thread
// T2's stack, which the cycle has not scanned yet; T2 stores O into a black
// object B and drops its own reference before its stack is scanned. Only
// the barrier's new-value half greys O; without it O is freed while B
// still points to it. B is black because it was allocated during marking
// by T1, whose stack was already scanned (allocate-black objects are never
// scanned, so nothing else finds B's field), and B is kept alive by that
// alone: it is reachable from no root the cycle scans later (T1 and the
// checker see it only through an XOR-hidden word).
//
// The ordering is forced, not hoped for: T2 makes no checkpoint except the
// one that runs the cycle's first handshake (the barrier acknowledgement;
// world_self_handshake_round tells it when that has run), so the stack-scan
// handshake waits for it; T1 passes its own scan (its cache turns black:
// alloc_self_black), allocates B and publishes it; only then does T2 store
// O into B, return (its frame with O dies), wipe the dead stack and reach
// its checkpoint, where its stack is scanned without O. GOGC is off so no
// cycle other than the test's runs; assists are off (orthogonal, and an
// assist wait on T1 would wait for T2, which waits for T1).
//
// Each round stores through another entry point: the inline barrier
// (rog_write_barrier), the front end's rog_gcwrite, and rog_gcmemmove
// (rog_write_barrier_bulk, which has its own copy of both halves).
//
// The deletion (old-value) half, the same way: X is reachable only from
// heap object A (through a global the cycle scans after every stack); T1,
// whose stack is already scanned, loads X into its stack and deletes A's
// pointer through the barrier, while T2 holds the stack-scan handshake
// open so the globals are not marked yet. Only the old-value half greys X;
// without it X, kept by T1's black stack alone, is freed. (The concurrent
// tests' DeletionBarrierSavesMovedPointer moves the pointer into another
// heap object, where the insertion half saves it too: it still passes
// with the old-value half removed.)
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "runtime/gc/gc_test_util.h"
extern "C" {
#include "runtime/alloc/alloc_internal.h"
#include "runtime/gc/gc_internal.h"
}

using gctest::Node;

namespace {

constexpr uintptr_t kKey = 0x5a5a5a5a5a5a5a5aull;
// XOR-hidden pointers: not registered as roots and not pointer-shaped, so
// neither a precise nor a conservative scan sees them.
uintptr_t g_hidden_o, g_hidden_b;
std::atomic<int> g_phase;
enum Phase { kStart, kOReady, kBReady, kStored, kDone };
// The deletion test's phases.
enum DelPhase { kDStart, kDReady, kDeleted, kDDone };
std::atomic<int> g_dphase;

const uint8_t kPtrBit[] = {0x01};
const rog_type kPtrType = {8, 8, 0, 0, 8, 8, ROG_KIND_POINTER, nullptr, kPtrBit, 0, 0};

enum How { kInline, kFrontEnd, kBulk };

// *slot = val through the entry point `how`.
void StoreThrough(How how, Node **slot, Node *val) {
  switch (how) {
  case kInline:
    rog_write_barrier(reinterpret_cast<void **>(slot), val);
    break;
  case kFrontEnd:
    rog_gcwrite(reinterpret_cast<void **>(slot), val);
    break;
  case kBulk:
    rog_gcmemmove(slot, &val, sizeof val, &kPtrType);
    break;
  }
}

// Spins without a checkpoint until phase reaches p: the collector must
// wait for this thread.
void SpinUntil(const std::atomic<int> &phase, int p) {
  while (phase.load() < p)
    std::this_thread::yield();
}

// Spins at checkpoints (so handshakes and stops get through).
void CheckpointUntil(const std::atomic<int> &phase, int p) {
  while (phase.load() < p) {
    gc_checkpoint();
    std::this_thread::yield();
  }
}

// T2's part while it holds O. Returns with O gone from its frames.
__attribute__((noinline)) void HoldOAndStoreIntoB(uint64_t id, How how) {
  Node *o = gctest::NewNode(id); // before the cycle: white when it starts
  __atomic_store_n(&g_hidden_o, reinterpret_cast<uintptr_t>(o) ^ kKey, __ATOMIC_RELEASE);
  g_phase.store(kOReady);
  while (!__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE))
    std::this_thread::yield();
  // Exactly one handshake callback: the acknowledgement that the barrier
  // is on. The next one (the stack scan) must wait until after the store.
  unsigned r0 = world_self_handshake_round();
  while (world_self_handshake_round() == r0)
    gc_checkpoint();
  SpinUntil(g_phase, kBReady);
  Node *b = reinterpret_cast<Node *>(__atomic_load_n(&g_hidden_b, __ATOMIC_ACQUIRE) ^ kKey);
  StoreThrough(how, &b->slot[0], o);
  g_phase.store(kStored);
}

void T2(uint64_t id, How how) {
  gc_thread_register();
  HoldOAndStoreIntoB(id, how);
  gctest::ClearStack();
  CheckpointUntil(g_phase, kDone); // the first of these checkpoints scans this stack
  gc_thread_unregister();
}

__attribute__((noinline)) void AllocateBBlack(bool *was_black) {
  Node *b = gctest::NewNode(7);
  alloc_span *s = alloc_span_of(reinterpret_cast<uintptr_t>(b));
  *was_black = s && alloc_allocated_black(s, alloc_slot_index(s, reinterpret_cast<uintptr_t>(b)));
  __atomic_store_n(&g_hidden_b, reinterpret_cast<uintptr_t>(b) ^ kKey, __ATOMIC_RELEASE);
}

void T1(bool *b_black) {
  gc_thread_register();
  gctest::NewNode(1); // a cache, before the cycle
  // alloc_marking first: a cache made between cycles carries the last
  // epoch, so alloc_self_black() is stale until marking bumps it (which
  // the ragged cycle does after the barrier's "ack" handshake).
  while (!__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE) || !atomic_load(&alloc_marking) ||
         !alloc_self_black()) {
    gc_checkpoint();
    std::this_thread::yield();
  }
  AllocateBBlack(b_black); // after this thread's stack scan: black
  g_phase.store(kBReady);
  gctest::ClearStack();
  CheckpointUntil(g_phase, kDone);
  gc_thread_unregister();
}

__attribute__((noinline)) bool OAliveInB(uint64_t id) {
  Node *o = reinterpret_cast<Node *>(g_hidden_o ^ kKey);
  Node *b = reinterpret_cast<Node *>(g_hidden_b ^ kKey);
  alloc_object obj;
  return gctest::Load(&b->slot[0]) == o && alloc_find_object(o, &obj) && obj.start == o && o->id == id &&
         o->check == gctest::CheckOf(id);
}

TEST(Barrier, InsertionHalfSavesPointerMovedFromUnscannedStackIntoBlackObject) {
  ASSERT_NE(gc_thread_world_ops()->handshake, nullptr);
  int old_percent = gc_set_percent(-1);
  int old_assist = gc_opts.assist, old_ragged = gc_opts.ragged;
  gc_opts.assist = 0;
  gc_opts.ragged = 1;
  gc_set_mode(GC_MODE_CONCURRENT);
  const How hows[] = {kInline, kFrontEnd, kBulk};
  const char *names[] = {"rog_write_barrier", "rog_gcwrite", "rog_gcmemmove"};
  for (int round = 0; round < 3; round++) {
    uint64_t id = 1000 + static_cast<uint64_t>(round);
    uint64_t ragged0 = atomic_load(&gc_ragged_cycles);
    g_phase.store(kStart);
    bool b_black = false;
    std::thread t2(T2, id, hows[round]);
    std::thread t1(T1, &b_black);
    CheckpointUntil(g_phase, kOReady);
    gc_collect(); // ragged: waits for T2's scan, which comes after its store
    EXPECT_EQ(g_phase.load(), kStored) << names[round];
    g_phase.store(kDone);
    gc_blocking_begin();
    t1.join();
    t2.join();
    gc_blocking_end();
    EXPECT_EQ(atomic_load(&gc_ragged_cycles), ragged0 + 1) << names[round];
    EXPECT_TRUE(b_black) << names[round] << ": B was not allocated black; the case is not set up";
    // gc_collect returned swept: a white O has been freed by now.
    EXPECT_TRUE(OAliveInB(id)) << names[round] << ": O was freed while B points to it";
  }
  gc_set_mode(GC_MODE_STW);
  gc_opts.assist = old_assist;
  gc_opts.ragged = old_ragged;
  gc_set_percent(old_percent);
}

// ---------------------------------------------------------- deletion half

Node *g_a; // the global that reaches A (scanned after every stack)
const uint8_t kOneBit[] = {0x01};

__attribute__((noinline)) void MakeAWithX(uint64_t id) {
  Node *a = gctest::NewNode(20);
  gctest::Store(&a->slot[0], gctest::NewNode(id));
  gctest::Store(&g_a, a);
}

// T2 holds the stack-scan handshake open: one callback (the barrier's
// acknowledgement), then no checkpoint until T1 has deleted.
void HoldScan() {
  gc_thread_register();
  g_dphase.store(kDReady);
  while (!__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE))
    std::this_thread::yield();
  unsigned r0 = world_self_handshake_round();
  while (world_self_handshake_round() == r0)
    gc_checkpoint();
  SpinUntil(g_dphase, kDeleted);
  CheckpointUntil(g_dphase, kDDone);
  gc_thread_unregister();
}

// T1: after its own stack scan, moves X from A into its (black) stack.
__attribute__((noinline)) Node *TakeXFromA(How how) {
  Node *a = gctest::Load(&g_a);
  Node *x = gctest::Load(&a->slot[0]);
  StoreThrough(how, &a->slot[0], nullptr);
  return x;
}

__attribute__((noinline)) bool Alive(Node *x, uint64_t id) {
  alloc_object o;
  return alloc_find_object(x, &o) && o.start == x && x->id == id && x->check == gctest::CheckOf(id);
}

void T1Deleter(uint64_t id, How how, bool *alive, bool *scanned_first) {
  gc_thread_register();
  gctest::NewNode(1); // a cache, before the cycle
  // alloc_marking first: a cache made between cycles carries the last
  // epoch, so alloc_self_black() is stale until marking bumps it (which
  // the ragged cycle does after the barrier's "ack" handshake).
  while (!__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE) || !atomic_load(&alloc_marking) ||
         !alloc_self_black()) {
    gc_checkpoint();
    std::this_thread::yield();
  }
  *scanned_first = true;
  Node *volatile x = TakeXFromA(how); // X now lives on this (scanned) stack only
  g_dphase.store(kDeleted);
  CheckpointUntil(g_dphase, kDDone); // the cycle ends meanwhile (gc_collect returned, swept)
  *alive = Alive(x, id);
  // No stale X for a later round's thread that gets this stack from
  // glibc's cache (X's slot may be X's again then).
  x = nullptr;
  gctest::ClearStack();
  gc_thread_unregister();
}

TEST(Barrier, DeletionHalfSavesPointerMovedFromUnscannedHeapIntoScannedStack) {
  ASSERT_NE(gc_thread_world_ops()->handshake, nullptr);
  gc_register_globals(&g_a, sizeof g_a, kOneBit);
  int old_percent = gc_set_percent(-1);
  int old_assist = gc_opts.assist, old_ragged = gc_opts.ragged;
  gc_opts.assist = 0;
  gc_opts.ragged = 1;
  gc_set_mode(GC_MODE_CONCURRENT);
  const How hows[] = {kInline, kFrontEnd, kBulk};
  const char *names[] = {"rog_write_barrier", "rog_gcwrite", "rog_gcmemmove"};
  for (int round = 0; round < 3; round++) {
    uint64_t id = 2000 + static_cast<uint64_t>(round);
    // On a thread that exits, its dead frames wiped: no stale copy of X
    // in this thread's registers or frames, nor in a later thread that
    // glibc gives the same stack (uninitialized slots of live frames are
    // scanned too), can keep X alive.
    gctest::OnThread([id] {
      MakeAWithX(id);
      gctest::ClearStack();
    });
    g_dphase.store(kDStart);
    bool alive = false, scanned_first = false;
    std::thread t2(HoldScan);
    std::thread t1(T1Deleter, id, hows[round], &alive, &scanned_first);
    CheckpointUntil(g_dphase, kDReady);
    gc_collect(); // waits for T2's stack scan, which comes after T1's delete
    EXPECT_EQ(g_dphase.load(), kDeleted) << names[round];
    g_dphase.store(kDDone);
    gc_blocking_begin();
    t1.join();
    t2.join();
    gc_blocking_end();
    EXPECT_TRUE(scanned_first) << names[round];
    EXPECT_TRUE(alive) << names[round] << ": X was freed while T1 holds it";
  }
  gc_set_mode(GC_MODE_STW);
  gc_opts.assist = old_assist;
  gc_opts.ragged = old_ragged;
  gc_set_percent(old_percent);
  gctest::Store(&g_a, nullptr);
  gc_unregister_globals(&g_a);
}

} // namespace
