// Helpers shared by the collector's tests: test types, roots, stack
// wiping, scaling for slow platforms.
#ifndef ROG_GC_TEST_UTIL_H
#define ROG_GC_TEST_UTIL_H

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <thread>

extern "C" {
#include "runtime/alloc/alloc.h"
#include "runtime/gc/gc.h"
}

namespace gctest {

// Loop counts are divided by this under qemu (arm64) and sanitizers.
inline int Scale() {
  const char *s = getenv("ROG_TEST_SCALE");
  if (s && atoi(s) > 0) return atoi(s);
#if defined(__aarch64__)
  return 8;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
  return 4;
#else
  return 1;
#endif
#else
  return 1;
#endif
}

// A node: four pointer words, then an id and a check word (no pointers).
struct Node {
  Node *slot[4];
  uint64_t id;
  uint64_t check;
};
static const uint8_t kNodeBits[] = {0x0f};
static const rog_type kNodeType = {sizeof(Node), 32, 0, 0, 8, 8, ROG_KIND_STRUCT, nullptr, kNodeBits, 0, 0};

inline uint64_t CheckOf(uint64_t id) {
  return id * 0x9e3779b97f4a7c15ULL ^ 0x5555;
}

inline Node *NewNode(uint64_t id) {
  Node *n = static_cast<Node *>(rog_alloc(sizeof(Node), &kNodeType));
  n->id = id;
  n->check = CheckOf(id);
  return n;
}

// Pointer stores as the compiler emits them: through the barrier when it is
// on (concurrent marking), else a plain (atomic, for TSan) store.
inline void Store(void *slot, void *val) {
  if (__atomic_load_n(&rog_wb_enabled, __ATOMIC_ACQUIRE))
    rog_write_barrier(static_cast<void **>(slot), val);
  else
    __atomic_store_n(static_cast<void **>(slot), val, __ATOMIC_RELEASE);
}
template <typename T> inline T *Load(T *const *slot) {
  return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

// A complete binary tree of `depth` levels of nodes (ids from *id on),
// children in slot[0] and slot[1].
inline Node *BuildTree(int depth, uint64_t *id) {
  if (depth == 0) return nullptr;
  Node *n = NewNode((*id)++);
  Store(&n->slot[0], BuildTree(depth - 1, id));
  Store(&n->slot[1], BuildTree(depth - 1, id));
  return n;
}

// Its node count, or at least 2^40 when a node has been freed.
inline uint64_t CountTree(const Node *n) {
  if (!n) return 0;
  if (n->check != CheckOf(n->id)) return 1ull << 40;
  return 1 + CountTree(n->slot[0]) + CountTree(n->slot[1]);
}

// Conservative stack scanning sees dead frames below the caller: wipe them
// before checking that something was reclaimed (like Boehm's GC_clear_stack).
__attribute__((noinline)) inline void ClearStack() {
  volatile char buf[64 * 1024];
  memset(const_cast<char *>(buf), 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory");
}

// Sleeps without holding up a stop-the-world.
inline void BlockingSleepMs(int ms) {
  gc_blocking_begin();
  usleep(ms * 1000);
  gc_blocking_end();
}

// Runs fn on a fresh thread that exits afterwards: pointers it leaves in
// registers or dead frames cannot keep anything alive (the conservative
// stack scan only sees live threads). Tests that check reclamation build
// their garbage this way.
template <typename F> void OnThread(F fn) {
  std::thread t([&] {
    gc_thread_register();
    fn();
    gc_thread_unregister();
  });
  gc_blocking_begin();
  t.join();
  gc_blocking_end();
}

} // namespace gctest

#endif // ROG_GC_TEST_UTIL_H
