// runtime/map/map_test.cc: Go 1.19 map semantics of the Swiss-table map.
//
// Maps are driven through the abi.h entry points with the hand-built type
// descriptors of testing/test_types.h and the TEST-ONLY allocator of
// testing/test_alloc.c (which also lets us check the GC layouts).
#include "runtime/map/testing/test_alloc.h"
#include "runtime/map/testing/test_types.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace rogtest;

static_assert(sizeof(rog_hiter) == 12 * sizeof(void *), "rog_hiter must fit reflect's hiter");

namespace {

class MapTest : public ::testing::Test {
protected:
  void TearDown() override {
    rog_test_alloc_reset();
  }
  Types *T = types();
  const rog_maptype *mi64() {
    return &T->m_int64.d;
  }
};

int64_t get(const rog_maptype *t, rog_map *m, int64_t k) {
  return *(int64_t *)rog_mapaccess1(t, m, &k);
}
bool has(const rog_maptype *t, rog_map *m, int64_t k) {
  bool ok = true;
  rog_mapaccess2(t, m, &k, &ok);
  return ok;
}
void put(const rog_maptype *t, rog_map *m, int64_t k, int64_t v) {
  *(int64_t *)rog_mapassign(t, m, &k) = v;
}
void del(const rog_maptype *t, rog_map *m, int64_t k) {
  rog_mapdelete(t, m, &k);
}

std::vector<std::pair<int64_t, int64_t>> entries(const rog_maptype *t, rog_map *m) {
  std::vector<std::pair<int64_t, int64_t>> out;
  rog_hiter it;
  for (rog_mapiterinit(t, m, &it); it.key; rog_mapiternext(&it))
    out.push_back({*(int64_t *)it.key, *(int64_t *)it.elem});
  return out;
}

TEST_F(MapTest, InsertLookupDeleteLen) {
  rog_map *m = rog_makemap(mi64(), 0);
  EXPECT_EQ(rog_maplen(m), 0);
  EXPECT_EQ(*(intptr_t *)m, 0); // len is the first word (inlined by the compiler)
  for (int64_t i = 0; i < 1000; i++)
    put(mi64(), m, i, i * 10);
  EXPECT_EQ(rog_maplen(m), 1000);
  EXPECT_EQ(*(intptr_t *)m, 1000);
  for (int64_t i = 0; i < 1000; i++) {
    EXPECT_EQ(get(mi64(), m, i), i * 10);
    EXPECT_TRUE(has(mi64(), m, i));
  }
  EXPECT_FALSE(has(mi64(), m, 1000));
  EXPECT_EQ(get(mi64(), m, -1), 0);
  EXPECT_EQ(rog_mapaccess1(mi64(), m, &m), (void *)rog_map_zero); // missing: zeroVal
  put(mi64(), m, 5, 55);                                          // overwrite
  EXPECT_EQ(get(mi64(), m, 5), 55);
  EXPECT_EQ(rog_maplen(m), 1000);
  for (int64_t i = 0; i < 1000; i += 2)
    del(mi64(), m, i);
  del(mi64(), m, 5000); // missing: no-op
  EXPECT_EQ(rog_maplen(m), 500);
  for (int64_t i = 0; i < 1000; i++)
    EXPECT_EQ(has(mi64(), m, i), i % 2 == 1) << i;
}

TEST_F(MapTest, FastPathsAgreeWithGeneric) {
  rog_map *m = rog_makemap(mi64(), 0);
  for (uint64_t i = 0; i < 300; i++)
    *(int64_t *)rog_mapassign_fast64(mi64(), m, i * 7) = (int64_t)i;
  for (uint64_t i = 0; i < 300; i++) {
    EXPECT_EQ(get(mi64(), m, (int64_t)(i * 7)), (int64_t)i);
    bool ok = false;
    EXPECT_EQ(*(int64_t *)rog_mapaccess2_fast64(mi64(), m, i * 7, &ok), (int64_t)i);
    EXPECT_TRUE(ok);
  }
  rog_mapdelete_fast64(mi64(), m, 7);
  EXPECT_FALSE(has(mi64(), m, 7));
  EXPECT_EQ(*(int64_t *)rog_mapaccess1_fast64(mi64(), m, 7), 0);

  const rog_maptype *t32 = &T->m_int32.d;
  rog_map *m32 = rog_makemap(t32, 0);
  for (uint32_t i = 0; i < 300; i++)
    *(int32_t *)rog_mapassign_fast32(t32, m32, i) = (int32_t)i + 1;
  for (int32_t i = 0; i < 300; i++)
    EXPECT_EQ(*(int32_t *)rog_mapaccess1(t32, m32, &i), i + 1);
  rog_mapdelete_fast32(t32, m32, 3);
  bool ok = true;
  rog_mapaccess2_fast32(t32, m32, 3, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(rog_maplen(m32), 299);

  const rog_maptype *ts = &T->m_string.d;
  rog_map *ms = rog_makemap(ts, 0);
  std::vector<std::string> keys;
  for (int i = 0; i < 300; i++)
    keys.push_back("key-" + std::to_string(i));
  for (int i = 0; i < 300; i++)
    *(int64_t *)rog_mapassign_faststr(
        ts, ms, rog_string{(const uint8_t *)keys[i].data(), (intptr_t)keys[i].size()}) = i;
  for (int i = 0; i < 300; i++) {
    std::string copy = keys[i]; // other bytes, same content
    rog_string k{(const uint8_t *)copy.data(), (intptr_t)copy.size()};
    EXPECT_EQ(*(int64_t *)rog_mapaccess1(ts, ms, &k), i);
    EXPECT_EQ(*(int64_t *)rog_mapaccess1_faststr(ts, ms, k), i);
  }
  rog_mapdelete_faststr(ts, ms, str("key-1"));
  rog_mapaccess2_faststr(ts, ms, str("key-1"), &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(*(int64_t *)rog_mapaccess1_faststr(ts, ms, str("")), 0);
}

TEST_F(MapTest, StringKeyIsUpdatedOnAssign) {
  // NEED_KEY_UPDATE: the stored key takes the new string (gc does this so
  // the old backing array can be collected).
  const rog_maptype *ts = &T->m_string.d;
  rog_map *m = rog_makemap(ts, 0);
  std::string a = "same", b = "same";
  rog_string ka{(const uint8_t *)a.data(), 4}, kb{(const uint8_t *)b.data(), 4};
  *(int64_t *)rog_mapassign(ts, m, &ka) = 1;
  *(int64_t *)rog_mapassign(ts, m, &kb) = 2;
  rog_hiter it;
  rog_mapiterinit(ts, m, &it);
  ASSERT_NE(it.key, nullptr);
  EXPECT_EQ(((rog_string *)it.key)->ptr, (const uint8_t *)b.data());
  EXPECT_EQ(*(int64_t *)it.elem, 2);
  rog_mapiternext(&it);
  EXPECT_EQ(it.key, nullptr);
}

TEST_F(MapTest, NilMapReadsZero) {
  EXPECT_EQ(rog_maplen(nullptr), 0);
  EXPECT_EQ(get(mi64(), nullptr, 1), 0);
  EXPECT_FALSE(has(mi64(), nullptr, 1));
  EXPECT_EQ(*(int64_t *)rog_mapaccess1_fast64(mi64(), nullptr, 1), 0);
  del(mi64(), nullptr, 1);
  rog_mapclear(mi64(), nullptr);
  rog_hiter it;
  rog_mapiterinit(mi64(), nullptr, &it);
  EXPECT_EQ(it.key, nullptr);
}

TEST_F(MapTest, FatAccessReturnsCallersZero) {
  const rog_maptype *t = &T->m_bigelem.d;
  rog_map *m = rog_makemap(t, 0);
  static const int64_t zero[40] = {};
  int64_t k = 3;
  EXPECT_EQ(rog_mapaccess1_fat(t, m, &k, zero), (void *)zero);
  ((int64_t *)rog_mapassign(t, m, &k))[39] = 9;
  bool ok = false;
  EXPECT_EQ(((int64_t *)rog_mapaccess2_fat(t, m, &k, zero, &ok))[39], 9);
  EXPECT_TRUE(ok);
}

using MapDeathTest = MapTest;

TEST_F(MapDeathTest, NilMapWritePanics) {
  EXPECT_EXIT(put(mi64(), nullptr, 1, 1), ::testing::ExitedWithCode(2),
              "panic: assignment to entry in nil map");
  EXPECT_EXIT(rog_mapassign_faststr(&T->m_string.d, nullptr, str("x")), ::testing::ExitedWithCode(2),
              "panic: assignment to entry in nil map");
}

TEST_F(MapDeathTest, NegativeHintPanics) {
  EXPECT_EXIT(rog_makemap(mi64(), -1), ::testing::ExitedWithCode(2), "makemap: size out of range");
}

TEST_F(MapDeathTest, UnhashableInterfaceKeyPanics) {
  const rog_maptype *t = &T->m_eface.d;
  rog_slice s{nullptr, 0, 0};
  rog_iface k{(void *)T->slice(), &s};
  rog_map *m = rog_makemap(t, 0);
  EXPECT_EXIT(rog_mapassign(t, m, &k), ::testing::ExitedWithCode(2),
              "panic: runtime error: hash of unhashable type \\[\\]int");
  // Even reading a nil or empty map hashes the key when hashing may panic.
  EXPECT_EXIT(rog_mapaccess1(t, nullptr, &k), ::testing::ExitedWithCode(2),
              "hash of unhashable type \\[\\]int");
  EXPECT_EXIT(rog_mapdelete(t, m, &k), ::testing::ExitedWithCode(2), "hash of unhashable type \\[\\]int");
}

// Concurrent-write detection, made deterministic: a key type whose equal
// function (run by the map in the middle of a write) touches the same map,
// as another goroutine would.
rog_map *reentrant_map;
const rog_maptype *reentrant_type;
int reentrant_mode; // 0 off, 1 assign, 2 read
bool reentrant_equal(const void *a, const void *b) {
  int mode = reentrant_mode;
  reentrant_mode = 0;
  int64_t other = 1 << 20;
  if (mode == 1) rog_mapassign(reentrant_type, reentrant_map, &other);
  if (mode == 2) rog_mapaccess1(reentrant_type, reentrant_map, &other);
  return *(const int64_t *)a == *(const int64_t *)b;
}

TEST_F(MapDeathTest, ConcurrentWritesAreFatal) {
  static Named<rog_type> kt;
  static const rog_closure eq = {(void (*)(void))reentrant_equal};
  basic(&kt, "main.K", 8, 0, 0, ROG_KIND_INT64, 0, &eq); // not plain memory: equal is called
  static Named<rog_maptype> mt;
  reentrant_type = map_of(&mt, "map[main.K]int64", &kt.d, T->int64(), &rog_memhash64_closure, 0);
  reentrant_map = rog_makemap(reentrant_type, 0);
  put(reentrant_type, reentrant_map, 1, 1);
  reentrant_mode = 1;
  EXPECT_EXIT(put(reentrant_type, reentrant_map, 1, 2), ::testing::ExitedWithCode(2),
              "fatal error: concurrent map writes");
  reentrant_mode = 2;
  EXPECT_EXIT(put(reentrant_type, reentrant_map, 1, 2), ::testing::ExitedWithCode(2),
              "fatal error: concurrent map read and map write");
  reentrant_mode = 0;
  put(reentrant_type, reentrant_map, 1, 3); // without interference: fine
  EXPECT_EQ(get(reentrant_type, reentrant_map, 1), 3);
}

// The real thing, best effort as in gc: two threads writing one map die
// with gc's message (no lock makes it certain, but within seconds it is).
// Not under TSan, which would (rightly) report the race itself.
#ifndef ROG_SANITIZER_TSAN
TEST_F(MapDeathTest, TwoThreadsWritingAreDetected) {
  auto racers = [this] {
    rog_map *m = rog_makemap(mi64(), 0);
    auto writer = [&](int64_t base) {
      for (int64_t i = 0; i < 200000000; i++) {
        put(mi64(), m, base + (i & 0xffff), i);
        del(mi64(), m, base + ((i + 7) & 0xffff));
      }
    };
    std::thread a(writer, 0), b(writer, 1 << 20);
    a.join();
    b.join();
    exit(0); // not detected: the test fails
  };
  EXPECT_EXIT(racers(), ::testing::ExitedWithCode(2), "fatal error: concurrent map");
}
#endif

TEST_F(MapTest, HintPreallocates) {
  rog_map *m = rog_makemap(mi64(), 5000);
  size_t allocs = rog_test_alloc_count();
  for (int64_t i = 0; i < 5000; i++)
    put(mi64(), m, i, i);
  EXPECT_EQ(rog_test_alloc_count(), allocs);                 // no growth
  put(mi64(), rog_makemap(mi64(), (intptr_t)1 << 62), 1, 1); // absurd hint: ignored, grows instead
}

TEST_F(MapTest, GrowthKeepsEverything) {
  rog_map *m = rog_makemap(mi64(), 0);
  const int64_t n = 200000;
  for (int64_t i = 0; i < n; i++)
    put(mi64(), m, i * 0x10001, i);
  EXPECT_EQ(rog_maplen(m), n);
  for (int64_t i = 0; i < n; i++)
    ASSERT_EQ(get(mi64(), m, i * 0x10001), i);
  // Churn: delete and reinsert many times (tombstone cleanup rehashes).
  for (int round = 0; round < 5; round++) {
    for (int64_t i = 0; i < n; i += 3)
      del(mi64(), m, i * 0x10001);
    for (int64_t i = 0; i < n; i += 3)
      put(mi64(), m, i * 0x10001, i + round);
  }
  EXPECT_EQ(rog_maplen(m), n);
  EXPECT_EQ(get(mi64(), m, 3 * 0x10001), 3 + 4);
}

TEST_F(MapTest, SmallAndZeroSizeTypes) {
  static Named<rog_type> empty;
  basic(&empty, "struct {}", 0, 0, 0, ROG_KIND_STRUCT, ROG_TFLAG_REGULAR_MEMORY, &rog_memequal0_closure, 1);
  static Named<rog_maptype> set8, unit;
  // map[int8]struct{}: 1-byte keys, zero-size elems.
  const rog_maptype *ts = map_of(&set8, "map[int8]struct {}", &T->int8_t_.d, &empty.d, &rog_memhash8_closure,
                                 ROG_MAP_REFLEXIVE_KEY);
  rog_map *m = rog_makemap(ts, 0);
  for (int i = 0; i < 1000; i++) {
    int8_t k = (int8_t)i;
    rog_mapassign(ts, m, &k);
  }
  EXPECT_EQ(rog_maplen(m), 256);
  int8_t k = -5;
  bool ok = false;
  rog_mapaccess2(ts, m, &k, &ok);
  EXPECT_TRUE(ok);
  rog_mapdelete(ts, m, &k);
  rog_mapaccess2(ts, m, &k, &ok);
  EXPECT_FALSE(ok);
  size_t count = 0;
  rog_hiter it;
  for (rog_mapiterinit(ts, m, &it); it.key; rog_mapiternext(&it))
    count++;
  EXPECT_EQ(count, 255u);
  // map[struct{}]int64: a single possible key.
  const rog_maptype *tu = map_of(&unit, "map[struct {}]int64", &empty.d, T->int64(), &rog_memhash0_closure,
                                 ROG_MAP_REFLEXIVE_KEY);
  rog_map *mu = rog_makemap(tu, 0);
  char key;
  *(int64_t *)rog_mapassign(tu, mu, &key) = 1;
  *(int64_t *)rog_mapassign(tu, mu, &key) = 2;
  EXPECT_EQ(rog_maplen(mu), 1);
  EXPECT_EQ(*(int64_t *)rog_mapaccess1(tu, mu, &key), 2);
  rog_mapdelete(tu, mu, &key);
  EXPECT_EQ(rog_maplen(mu), 0);
}

TEST_F(MapTest, NaNKeysAreAlwaysNew) {
  const rog_maptype *t = &T->m_float64.d;
  rog_map *m = rog_makemap(t, 0);
  double nan = std::nan("");
  for (int i = 0; i < 3; i++)
    *(int64_t *)rog_mapassign(t, m, &nan) = i;
  EXPECT_EQ(rog_maplen(m), 3);
  bool ok = true;
  rog_mapaccess2(t, m, &nan, &ok);
  EXPECT_FALSE(ok);
  rog_mapdelete(t, m, &nan);
  EXPECT_EQ(rog_maplen(m), 3);
  // Iteration produces each, and after growth too.
  rog_hiter it;
  rog_mapiterinit(t, m, &it);
  int nans = 0;
  std::set<int64_t> vals;
  bool grown = false;
  for (; it.key; rog_mapiternext(&it)) {
    if (std::isnan(*(double *)it.key)) {
      nans++;
      vals.insert(*(int64_t *)it.elem);
    }
    if (!grown) { // grow the map under the iterator
      for (double d = 1; d < 1000; d++)
        *(int64_t *)rog_mapassign(t, m, &d) = 7;
      grown = true;
    }
  }
  EXPECT_EQ(nans, 3);
  EXPECT_EQ(vals, (std::set<int64_t>{0, 1, 2}));
  rog_mapclear(t, m);
  EXPECT_EQ(rog_maplen(m), 0);
}

TEST_F(MapTest, PlusAndMinusZeroAreOneKey) {
  const rog_maptype *t = &T->m_float64.d;
  rog_map *m = rog_makemap(t, 0);
  double pz = 0.0, nz = -0.0;
  *(int64_t *)rog_mapassign(t, m, &pz) = 1;
  *(int64_t *)rog_mapassign(t, m, &nz) = 2;
  EXPECT_EQ(rog_maplen(m), 1);
  EXPECT_EQ(*(int64_t *)rog_mapaccess1(t, m, &pz), 2);
  rog_hiter it;
  rog_mapiterinit(t, m, &it);
  EXPECT_TRUE(std::signbit(*(double *)it.key)); // key updated to the last one assigned, as gc
  rog_mapdelete(t, m, &pz);
  EXPECT_EQ(rog_maplen(m), 0);

  const rog_maptype *tc = &T->m_complex.d;
  rog_map *mc = rog_makemap(tc, 0);
  double c1[2] = {0.0, -0.0}, c2[2] = {-0.0, 0.0};
  *(int64_t *)rog_mapassign(tc, mc, c1) = 1;
  *(int64_t *)rog_mapassign(tc, mc, c2) = 2;
  EXPECT_EQ(rog_maplen(mc), 1);
}

TEST_F(MapTest, InterfaceKeys) {
  const rog_maptype *t = &T->m_eface.d;
  rog_map *m = rog_makemap(t, 0);
  std::vector<int64_t> ints(100);
  std::vector<std::string> strs(100);
  for (int i = 0; i < 100; i++) {
    ints[i] = i;
    strs[i] = std::to_string(i);
  }
  std::vector<rog_string> sv(100);
  for (int i = 0; i < 100; i++) {
    rog_iface k{(void *)T->int64(), &ints[i]};
    *(int64_t *)rog_mapassign(t, m, &k) = i;
    sv[i] = rog_string{(const uint8_t *)strs[i].data(), (intptr_t)strs[i].size()};
    rog_iface ks{(void *)T->string(), &sv[i]};
    *(int64_t *)rog_mapassign(t, m, &ks) = 1000 + i;
  }
  rog_iface nil{nullptr, nullptr};
  *(int64_t *)rog_mapassign(t, m, &nil) = -1;
  EXPECT_EQ(rog_maplen(m), 201);
  for (int i = 0; i < 100; i++) {
    int64_t v = i;
    rog_iface k{(void *)T->int64(), &v};
    EXPECT_EQ(*(int64_t *)rog_mapaccess1(t, m, &k), i);
    std::string copy = strs[i];
    rog_string s{(const uint8_t *)copy.data(), (intptr_t)copy.size()};
    rog_iface ks{(void *)T->string(), &s};
    EXPECT_EQ(*(int64_t *)rog_mapaccess1(t, m, &ks), 1000 + i);
  }
  EXPECT_EQ(*(int64_t *)rog_mapaccess1(t, m, &nil), -1);
}

TEST_F(MapTest, IterationOrderIsRandomized) {
  rog_map *m = rog_makemap(mi64(), 0);
  for (int64_t i = 0; i < 100; i++)
    put(mi64(), m, i, i);
  int differ = 0;
  for (int trial = 0; trial < 20; trial++) {
    auto a = entries(mi64(), m), b = entries(mi64(), m);
    ASSERT_EQ(a.size(), 100u);
    ASSERT_EQ(b.size(), 100u);
    if (a != b) differ++;
  }
  EXPECT_GE(differ, 15);
}

TEST_F(MapTest, IterationProducesEachEntryOnce) {
  rog_map *m = rog_makemap(mi64(), 0);
  for (int64_t i = 0; i < 5000; i++)
    put(mi64(), m, i, -i);
  std::map<int64_t, int> seen;
  for (auto &e : entries(mi64(), m)) {
    seen[e.first]++;
    EXPECT_EQ(e.second, -e.first);
  }
  EXPECT_EQ(seen.size(), 5000u);
  for (auto &s : seen)
    EXPECT_EQ(s.second, 1);
}

// The Go spec's three rules, with the map growing (several times) and
// deleting under the iterator.
void check_mutating_iteration(Types *T, bool grow) {
  const rog_maptype *t = &T->m_int64.d;
  rog_map *m = rog_makemap(t, 0);
  const int64_t n = 2000;
  for (int64_t i = 0; i < n; i++)
    put(t, m, i, i);
  std::map<int64_t, int> produced;
  std::map<int64_t, int64_t> cur; // current values
  for (int64_t i = 0; i < n; i++)
    cur[i] = i;
  std::set<int64_t> deleted_unvisited, added;
  rog_hiter it;
  int64_t step = 0, next_new = 1 << 30;
  for (rog_mapiterinit(t, m, &it); it.key; rog_mapiternext(&it), step++) {
    int64_t k = *(int64_t *)it.key;
    produced[k]++;
    EXPECT_EQ(*(int64_t *)it.elem, cur[k]) << k;
    if (step % 10 == 0) {
      // Delete an original entry we have not seen yet (if any).
      for (int64_t c = (step * 37) % n; c < n; c++) {
        if (!produced.count(c) && !deleted_unvisited.count(c)) {
          del(t, m, c);
          deleted_unvisited.insert(c);
          break;
        }
      }
      // Update some not-yet-seen originals: the new value must show.
      for (int64_t c = 0; c < n; c += 7)
        if (!deleted_unvisited.count(c)) put(t, m, c, cur[c] = cur[c] + 1);
      int adds = grow ? 40 : 1;
      for (int a = 0; a < adds; a++) {
        put(t, m, next_new, cur[next_new] = 42);
        added.insert(next_new++);
      }
    }
  }
  for (int64_t i = 0; i < n; i++) {
    if (deleted_unvisited.count(i))
      EXPECT_EQ(produced.count(i), 0u) << "deleted entry produced: " << i;
    else
      EXPECT_EQ(produced[i], 1) << "original entry " << i;
  }
  for (auto &p : produced) {
    EXPECT_EQ(p.second, 1) << p.first;
    EXPECT_TRUE(p.first < n || added.count(p.first)) << p.first;
  }
  EXPECT_GT(deleted_unvisited.size(), 10u);
  if (grow) EXPECT_GT(rog_maplen(m), 4 * n); // the table was replaced (twice)
}

TEST_F(MapTest, IterationWithGrowthFollowsSpec) {
  check_mutating_iteration(T, true);
}
TEST_F(MapTest, IterationWithoutGrowthFollowsSpec) {
  check_mutating_iteration(T, false);
}

TEST_F(MapTest, ClearDuringIteration) {
  rog_map *m = rog_makemap(mi64(), 0);
  for (int64_t i = 0; i < 500; i++)
    put(mi64(), m, i, i);
  rog_hiter it;
  rog_mapiterinit(mi64(), m, &it);
  ASSERT_NE(it.key, nullptr);
  rog_mapclear(mi64(), m);
  EXPECT_EQ(rog_maplen(m), 0);
  rog_mapiternext(&it);
  EXPECT_EQ(it.key, nullptr); // everything was deleted
  put(mi64(), m, 1, 1);
  EXPECT_EQ(entries(mi64(), m).size(), 1u);
}

TEST_F(MapTest, LargeKeysAndElemsAreIndirect) {
  const rog_maptype *t = &T->m_big.d;
  rog_map *m = rog_makemap(t, 0);
  for (int64_t i = 0; i < 500; i++) {
    int64_t k[20] = {};
    k[0] = i;
    k[19] = -i;
    *(int64_t *)rog_mapassign(t, m, k) = i;
  }
  EXPECT_EQ(rog_maplen(m), 500);
  for (int64_t i = 0; i < 500; i++) {
    int64_t k[20] = {};
    k[0] = i;
    k[19] = -i;
    EXPECT_EQ(*(int64_t *)rog_mapaccess1(t, m, k), i);
    k[19] = 1;
    bool ok = true;
    rog_mapaccess2(t, m, k, &ok);
    EXPECT_FALSE(ok);
  }
  // The key lives in its own object; the table holds a typed pointer to it.
  rog_hiter it;
  rog_mapiterinit(t, m, &it);
  EXPECT_EQ(rog_test_alloc_find_pointer(it.key), 1);

  const rog_maptype *te = &T->m_bigelem.d;
  rog_map *me = rog_makemap(te, 0);
  for (int64_t i = 0; i < 100; i++)
    ((int64_t *)rog_mapassign(te, me, &i))[39] = i;
  for (int64_t i = 0; i < 100; i++)
    EXPECT_EQ(((int64_t *)rog_mapaccess1(te, me, &i))[39], i);
  int64_t k = 5;
  EXPECT_EQ(rog_test_alloc_find_pointer(rog_mapaccess1(te, me, &k)), 1);
}

TEST_F(MapTest, GcProgramElemsAreIndirect) {
  const rog_maptype *t = &T->m_sptr.d;
  rog_map *m = rog_makemap(t, 0);
  int64_t target = 1;
  void **e = (void **)rog_mapassign_faststr(t, m, str("a"));
  e[2] = &target;
  EXPECT_EQ(rog_test_alloc_find_pointer(e), 1); // the table points at the elem object
}

TEST_F(MapTest, GcLayoutMarksKeyAndElemPointers) {
  const rog_maptype *t = &T->m_pair.d;
  rog_map *m = rog_makemap(t, 100); // no growth: no frozen old tables hold copies
  static int64_t key_target, elem_target;
  static const char bytes[] = "string-bytes";
  size_t before = rog_test_barrier_count();
  for (int i = 0; i < 50; i++) {
    Pair k{rog_string{(const uint8_t *)bytes, 12}, i, &key_target, i};
    rog_gcwrite((void **)rog_mapassign(t, m, &k), &elem_target);
  }
  EXPECT_GT(rog_test_barrier_count(), before + 50); // key stores went through barriers
  EXPECT_EQ(rog_test_alloc_find_pointer(&key_target), 1);
  EXPECT_EQ(rog_test_alloc_find_pointer(&elem_target), 1);
  EXPECT_EQ(rog_test_alloc_find_pointer(bytes), 1);
  // The blank field is not part of the key.
  Pair q{str("string-bytes"), 999, &key_target, 7};
  EXPECT_EQ(*(int64_t **)rog_mapaccess1(t, m, &q), &elem_target);
  EXPECT_EQ(rog_maplen(m), 50);
  // Pointer-free maps are not scanned: no typed block holds the int keys.
  rog_map *mi = rog_makemap(mi64(), 0);
  int64_t addr = (int64_t)(uintptr_t)&key_target;
  put(mi64(), mi, addr, 1);
  rog_mapclear(t, m);
  EXPECT_EQ(rog_test_alloc_find_pointer(&elem_target), -1); // clear zeroed the slots
  EXPECT_EQ(rog_test_alloc_find_pointer(&key_target), 0);   // only as an int key
}

// Go allows concurrent readers (lookups and iterations) without writers;
// under --config=tsan this checks the map and the type-info cache are
// race-free for them.
TEST_F(MapTest, ConcurrentReadersAreSafe) {
  rog_map *m = rog_makemap(mi64(), 0);
  for (int64_t i = 0; i < 2000; i++)
    put(mi64(), m, i, i + 1);
  static Named<rog_maptype> fresh; // a map type nobody has used yet
  const rog_maptype *ft = map_of(&fresh, "map[int64]int32", T->int64(), T->int32(), &rog_memhash64_closure,
                                 ROG_MAP_REFLEXIVE_KEY);
  std::vector<std::thread> threads;
  std::vector<int64_t> sums(4);
  for (int t = 0; t < 4; t++)
    threads.emplace_back([&, t] {
      rog_map *own = rog_makemap(ft, 0); // races on the info cache
      *(int32_t *)rog_mapassign_fast64(ft, own, (uint64_t)t) = t;
      int64_t s = *(int32_t *)rog_mapaccess1_fast64(ft, own, (uint64_t)t);
      for (int rep = 0; rep < 20; rep++) {
        for (int64_t i = 0; i < 2000; i++)
          s += get(mi64(), m, i);
        rog_hiter it;
        for (rog_mapiterinit(mi64(), m, &it); it.key; rog_mapiternext(&it))
          s -= *(int64_t *)it.elem;
      }
      sums[t] = s;
    });
  for (auto &th : threads)
    th.join();
  for (int t = 0; t < 4; t++)
    EXPECT_EQ(sums[t], t);
}

} // namespace
