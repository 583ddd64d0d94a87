// Tests for runtime/alloc: size classes, the fast and slow paths, the
// object index, large objects, the 1 TiB arena reservation and returning
// memory to the OS.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

extern "C" {
#include "runtime/alloc/alloc_internal.h"
#include "runtime/gc/gc.h"
}

namespace {

// Reads a "Key:   123 kB" line of /proc/self/status, in bytes.
uint64_t ProcStatus(const char *key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key, 0) == 0) {
      return std::stoull(line.substr(strlen(key) + 1)) * 1024;
    }
  }
  return 0;
}

const uint8_t kOnePtr[] = {0x01};
const rog_type kPtrType = {8, 8, 0, 0, 8, 8, ROG_KIND_POINTER, nullptr, kOnePtr, 0, 0};
const uint8_t kNoPtr[] = {0x00};
const rog_type kBytesType = {1, 0, 0, 0, 1, 1, ROG_KIND_UINT8, nullptr, kNoPtr, 0, 0};

// qemu-user passes the host's /proc/cpuinfo through.
bool UnderQemu() {
#if defined(__aarch64__)
  std::ifstream f("/proc/cpuinfo");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return text.find("GenuineIntel") != std::string::npos || text.find("AuthenticAMD") != std::string::npos;
#else
  return false;
#endif
}

TEST(SizeClasses, MonotonicAndExactDivision) {
  unsigned n = alloc_num_classes();
  ASSERT_GT(n, 60u);
  ASSERT_LT(n, (unsigned)ALLOC_MAX_CLASSES);
  for (unsigned c = 2; c <= n; c++)
    EXPECT_GT(alloc_class_size(c), alloc_class_size(c - 1));
  EXPECT_EQ(alloc_class_size(n), (size_t)ALLOC_MAX_SMALL);
  EXPECT_TRUE(alloc_sizeclass_check());
  for (size_t size = 1; size <= ALLOC_MAX_SMALL; size++) {
    unsigned c = alloc_size_class(size);
    ASSERT_GE(alloc_class_size(c), size);
    // At most 12.5% (or 16 bytes for small sizes) lost to rounding.
    ASSERT_LE(alloc_class_size(c) - size, std::max<size_t>(16, size / 8)) << size;
  }
  EXPECT_EQ(alloc_class_size(0), 0u);
  EXPECT_EQ(alloc_class_size(n + 1), 0u);
}

// The allocator tests keep objects only in malloc memory, which the GC does
// not scan: they turn the GC off while they run.
class NoGC {
public:
  NoGC() : old_(gc_set_percent(-1)) {}
  ~NoGC() {
    gc_set_percent(old_);
  }

private:
  int old_;
};

TEST(Alloc, SmallObjectsAreDistinctZeroedAndIndexed) {
  NoGC nogc;
  std::vector<char *> objs;
  std::set<uintptr_t> seen;
  for (int i = 0; i < 20000; i++) {
    size_t size = 1 + (i * 37) % 3000;
    char *p = static_cast<char *>(rog_alloc(size, i % 2 ? &kBytesType : nullptr));
    ASSERT_NE(p, nullptr);
    for (size_t j = 0; j < size; j++)
      ASSERT_EQ(p[j], 0) << "not zeroed";
    memset(p, 0xab, size);
    ASSERT_TRUE(seen.insert(reinterpret_cast<uintptr_t>(p)).second);
    alloc_object o;
    ASSERT_TRUE(alloc_find_object(p + size - 1, &o)); // interior pointer
    EXPECT_EQ(o.start, p);
    EXPECT_GE(o.size, size);
    objs.push_back(p);
  }
  // Objects do not overlap.
  std::vector<uintptr_t> v(seen.begin(), seen.end());
  for (size_t i = 1; i < v.size(); i++) {
    alloc_object o;
    ASSERT_TRUE(alloc_find_object(reinterpret_cast<void *>(v[i - 1]), &o));
    ASSERT_LE(v[i - 1] + o.size, v[i]);
  }
}

TEST(Alloc, TypesAreRecorded) {
  void **p = static_cast<void **>(rog_alloc(8, &kPtrType));
  alloc_object o;
  ASSERT_TRUE(alloc_find_object(p, &o));
  EXPECT_EQ(o.type, &kPtrType);
  void *q = rog_alloc(64, &kBytesType); // ptrdata 0: no-scan, no type kept
  ASSERT_TRUE(alloc_find_object(q, &o));
  EXPECT_EQ(o.type, nullptr);
}

TEST(Alloc, ZeroSizeAndOutside) {
  void *a = rog_alloc(0, nullptr);
  void *b = rog_alloc(0, nullptr);
  EXPECT_EQ(a, b);
  alloc_object o;
  EXPECT_FALSE(alloc_find_object(a, &o));
  int local;
  EXPECT_FALSE(alloc_find_object(&local, &o));
  EXPECT_FALSE(alloc_find_object(nullptr, &o));
  EXPECT_FALSE(alloc_find_object(reinterpret_cast<void *>(~uintptr_t(0)), &o));
}

TEST(Alloc, LargeObjects) {
  const size_t size = 3 * 1024 * 1024 + 5;
  char *p = static_cast<char *>(rog_alloc(size, nullptr));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p[0], 0);
  EXPECT_EQ(p[size - 1], 0);
  p[size - 1] = 1;
  alloc_object o;
  ASSERT_TRUE(alloc_find_object(p + size / 2, &o));
  EXPECT_EQ(o.start, p);
  EXPECT_EQ(o.size, size);
  EXPECT_FALSE(alloc_find_object(p + size + 16, &o));
}

TEST(Arena, ReservesWithoutCommitting) {
  uintptr_t lo, hi;
  alloc_arena_range(&lo, &hi);
  uint64_t reserved = hi - lo;
#ifndef __aarch64__
  EXPECT_EQ(reserved, uint64_t(1) << 40);
#else
  EXPECT_EQ(reserved, uint64_t(64) << 30); // the arm64 default
#endif
  EXPECT_GE(reserved, uint64_t(1) << 32);
  uint64_t vm = ProcStatus("VmSize:");
  uint64_t rss = ProcStatus("VmRSS:");
  if (UnderQemu()) GTEST_SKIP() << "qemu-user: /proc/self/status describes qemu";
  if (vm != 0) { // /proc is there
    EXPECT_GE(vm, reserved);
    EXPECT_LT(rss, uint64_t(1) << 31) << "the reservation must not be committed";
  }
}

void *g_root; // a global registered as a precise GC root
const uint8_t kRootBitmap[] = {0x01};

const size_t kChunk = 1 << 20;
const int kN = 256; // 256 MiB, half small, half large objects

// Conservative stack scanning: dead frames below the caller may still hold
// pointers; tests that check reclamation wipe them (like Boehm's
// GC_clear_stack).
__attribute__((noinline)) void ClearStack() {
  volatile char buf[64 * 1024];
  memset(const_cast<char *>(buf), 0, sizeof buf);
  __asm__ volatile("" : : "r"(buf) : "memory"); /* keep the stores */
}

__attribute__((noinline)) void FillHeap(uint64_t before) {
  {
    // An array of pointers in the heap, reachable from g_root, holds
    // everything.
    const size_t kSlots = kN / 2 + (kN / 2) * (kChunk / 512);
    void **hold = static_cast<void **>(rog_alloc(kSlots * sizeof(void *), &kPtrType));
    g_root = hold;
    size_t n = 0;
    for (int i = 0; i < kN; i++) {
      if (i % 2) {
        char *p = static_cast<char *>(rog_alloc(kChunk, nullptr));
        memset(p, 1, kChunk);
        hold[n++] = p;
      } else {
        for (size_t j = 0; j < kChunk / 512; j++) {
          char *p = static_cast<char *>(rog_alloc(512, nullptr));
          memset(p, 1, 512);
          hold[n++] = p;
        }
      }
    }
    uint64_t peak = ProcStatus("VmRSS:");
    EXPECT_GT(peak, before + 200 * kChunk);
    gc_collect(); // everything is still reachable
    for (size_t i = 0; i < n; i += 97) {
      alloc_object o;
      ASSERT_TRUE(alloc_find_object(hold[i], &o));
      ASSERT_EQ(static_cast<char *>(hold[i])[0], 1);
    }
    g_root = nullptr;
  }
}

// Runs f on a fresh thread that unregisters before it exits.
template <class F> void OnThread(F f) {
  std::thread t([&f] {
    f();
    ClearStack();
    gc_thread_unregister();
  });
  t.join();
}

TEST(Arena, RssGoesDownAfterLargeHeapIsFreed) {
  // The main thread's live frames (gtest's runner, this test's own slots)
  // hold stale words from earlier tests, which may point into pages that
  // FillHeap reuses; conservative scanning honours them and the test would
  // depend on test order. So the main thread leaves the root set for this
  // test (it does not touch the heap here) and everything runs on fresh
  // threads that wipe their stacks before they exit.
  gc_thread_unregister();
  gc_register_globals(&g_root, sizeof g_root, kRootBitmap);
  OnThread([] {
    gc_collect();
    alloc_free_os_memory();
  });
  uint64_t before = ProcStatus("VmRSS:");
  if (before == 0 || UnderQemu()) GTEST_SKIP() << "no /proc, or qemu's";
  OnThread([before] { FillHeap(before); });
  OnThread([] {
    gc_collect();
    gc_collect();
    alloc_free_os_memory();
  });
  uint64_t after = ProcStatus("VmRSS:");
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
  after = before; // TSan's shadow of the touched heap stays resident
#endif
#endif
  EXPECT_LT(after, before + 32 * kChunk) << "before=" << before << " after=" << after;
  alloc_stats st;
  alloc_read_stats(&st);
  EXPECT_GE(st.heap_released, 200 * kChunk);
  gc_unregister_globals(&g_root);
}

TEST(Cache, CreateFlushDestroy) {
  NoGC nogc;
  alloc_cache *c = alloc_cache_create();
  void *old = rog_tls.cache;
  rog_tls.cache = c;
  void *p = rog_alloc(32, nullptr);
  void *q = rog_alloc(32, nullptr);
  EXPECT_NE(p, q);
  alloc_cache_flush(c);
  void *r = rog_alloc(32, nullptr);
  EXPECT_NE(r, nullptr);
  rog_tls.cache = old;
  alloc_cache_destroy(c);
  alloc_object o;
  EXPECT_TRUE(alloc_find_object(p, &o));
}

} // namespace
