// runtime/map/map_diff_test.cc: randomized differential test of the map
// against std::unordered_map, over millions of mixed operations (assign,
// delete, lookup with 1 and 2 results, full iterations, iterations that
// mutate the map under them, clears), through both the generic and the
// fast entry points, for int64, string and struct-with-pointer keys. The
// key range changes in phases so tables grow, churn tombstones and rehash.
//
// Scale: ROG_MAP_DIFF_OPS (millions of ops for the int run; strings and
// structs run half as many) overrides the default; qemu and TSan runs use
// a tenth of it, ASan/UBSan half, to stay under a minute.
#include "runtime/map/testing/test_alloc.h"
#include "runtime/map/testing/test_types.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

using namespace rogtest;

namespace {

long default_ops() {
  if (const char *e = getenv("ROG_MAP_DIFF_OPS")) return atol(e);
#if defined(__aarch64__) || defined(ROG_SANITIZER_TSAN)
  return 300000;
#elif defined(ROG_SANITIZER_ASAN) || defined(ROG_SANITIZER_UBSAN)
  return 1000000;
#else
  return 1500000;
#endif
}

// How one key kind maps reference ids to Go keys and back.
struct KeyKind {
  const rog_maptype *t;
  virtual ~KeyKind() = default;
  virtual void key(int64_t id, bool copy, void *out) = 0; // write the Go key for id
  virtual int64_t id(const void *key) = 0;
  // Fast entry points, if the kind has them (else the generic ones).
  virtual void *fast_assign(rog_map *m, const void *key) {
    return rog_mapassign(t, m, key);
  }
  virtual void *fast_access2(rog_map *m, const void *key, bool *ok) {
    return rog_mapaccess2(t, m, key, ok);
  }
  virtual void fast_delete(rog_map *m, const void *key) {
    rog_mapdelete(t, m, key);
  }
};

struct IntKind : KeyKind {
  void key(int64_t id, bool, void *out) override {
    *(int64_t *)out = id * 0x9e3779b1;
  }
  int64_t id(const void *k) override {
    return *(const int64_t *)k / 0x9e3779b1;
  }
  void *fast_assign(rog_map *m, const void *k) override {
    return rog_mapassign_fast64(t, m, *(const uint64_t *)k);
  }
  void *fast_access2(rog_map *m, const void *k, bool *ok) override {
    return rog_mapaccess2_fast64(t, m, *(const uint64_t *)k, ok);
  }
  void fast_delete(rog_map *m, const void *k) override {
    rog_mapdelete_fast64(t, m, *(const uint64_t *)k);
  }
};

// Strings "s<id>" from two pools with separate bytes (lookups use either).
struct StringKind : KeyKind {
  std::vector<std::string> pool[2];
  explicit StringKind(int64_t n) {
    for (int p = 0; p < 2; p++) {
      pool[p].reserve(n);
      for (int64_t i = 0; i < n; i++)
        pool[p].push_back("s" + std::to_string(i) + (i % 3 ? "" : "-with-a-longer-tail-to-pass-32-bytes"));
    }
  }
  void key(int64_t id, bool copy, void *out) override {
    const std::string &s = pool[copy][id];
    *(rog_string *)out = rog_string{(const uint8_t *)s.data(), (intptr_t)s.size()};
  }
  int64_t id(const void *k) override {
    const rog_string *s = (const rog_string *)k;
    return std::stoll(std::string((const char *)s->ptr + 1, (size_t)s->len - 1));
  }
  void *fast_assign(rog_map *m, const void *k) override {
    return rog_mapassign_faststr(t, m, *(const rog_string *)k);
  }
  void *fast_access2(rog_map *m, const void *k, bool *ok) override {
    return rog_mapaccess2_faststr(t, m, *(const rog_string *)k, ok);
  }
  void fast_delete(rog_map *m, const void *k) override {
    rog_mapdelete_faststr(t, m, *(const rog_string *)k);
  }
};

// struct{ s string; _ int64; p *int64; n int32 } keys: hashed and compared
// through the compiler-style closures (not plain memory).
struct PairKind : KeyKind {
  StringKind strings{64};
  int64_t targets[97];
  std::mt19937_64 junk{1};
  void key(int64_t id, bool copy, void *out) override {
    Pair *p = (Pair *)out;
    strings.key(id % 64, copy, &p->s);
    p->blank = (int64_t)junk(); // ignored by hash and equal
    p->p = &targets[id % 97];
    p->n = (int32_t)id;
  }
  int64_t id(const void *k) override {
    return ((const Pair *)k)->n;
  }
};

void check_full_iteration(KeyKind &kk, rog_map *m, const std::unordered_map<int64_t, int64_t> &ref) {
  std::unordered_map<int64_t, int64_t> seen;
  rog_hiter it;
  for (rog_mapiterinit(kk.t, m, &it); it.key; rog_mapiternext(&it)) {
    int64_t id = kk.id(it.key);
    ASSERT_TRUE(seen.emplace(id, *(int64_t *)it.elem).second) << "produced twice: " << id;
  }
  ASSERT_EQ(seen, ref);
}

// An iteration that assigns, updates and deletes under itself.
int mutating_iterations; // how many ran (the test checks it is not zero)

void check_mutating_iteration(KeyKind &kk, rog_map *m, std::unordered_map<int64_t, int64_t> &ref,
                              std::mt19937_64 &rng, int64_t range) {
  mutating_iterations++;
  std::unordered_map<int64_t, int64_t> start = ref;
  // produced_live: produced and not deleted since (a deleted and re-added
  // key is a new entry, which may be produced again).
  std::set<int64_t> produced, produced_live, deleted, added;
  alignas(8) uint8_t kb[64];
  rog_hiter it;
  for (rog_mapiterinit(kk.t, m, &it); it.key; rog_mapiternext(&it)) {
    int64_t id = kk.id(it.key);
    ASSERT_TRUE(produced_live.insert(id).second) << "produced twice: " << id;
    produced.insert(id);
    ASSERT_TRUE(ref.count(id)) << "produced a deleted or unknown key " << id;
    ASSERT_EQ(*(int64_t *)it.elem, ref[id]) << "stale value for " << id;
    for (int j = 0; j < 3; j++) {
      int64_t k = (int64_t)(rng() % (uint64_t)(range * 2));
      kk.key(k, false, kb);
      if (rng() % 2) {
        int64_t v = (int64_t)rng();
        *(int64_t *)rog_mapassign(kk.t, m, kb) = v;
        if (!ref.count(k)) added.insert(k);
        ref[k] = v;
        deleted.erase(k);
      } else {
        rog_mapdelete(kk.t, m, kb);
        if (ref.erase(k) && !produced.count(k)) deleted.insert(k);
        produced_live.erase(k);
      }
    }
  }
  for (auto &e : start)
    if (ref.count(e.first) && !added.count(e.first) && !deleted.count(e.first))
      ASSERT_TRUE(produced.count(e.first)) << "entry present throughout was not produced: " << e.first;
}

void run(KeyKind &kk, long ops, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::unordered_map<int64_t, int64_t> ref;
  rog_map *m = rog_makemap(kk.t, (intptr_t)(rng() % 100));
  static const int64_t ranges[] = {50, 1000, 20000, 150000, 300};
  alignas(8) uint8_t kb[64];
  int64_t range = ranges[0];
  mutating_iterations = 0;
  for (long op = 0; op < ops; op++) {
    if (op % 100000 == 0) range = ranges[(op / 100000) % 5];
    int64_t id = (int64_t)(rng() % (uint64_t)range);
    bool fast = rng() % 2;
    unsigned r = (unsigned)(rng() % 1000);
    if (r < 400) {
      kk.key(id, false, kb);
      int64_t v = (int64_t)rng();
      *(int64_t *)(fast ? kk.fast_assign(m, kb) : rog_mapassign(kk.t, m, kb)) = v;
      ref[id] = v;
    } else if (r < 650) {
      kk.key(id, rng() % 2, kb);
      if (fast)
        kk.fast_delete(m, kb);
      else
        rog_mapdelete(kk.t, m, kb);
      ref.erase(id);
    } else if (r < 820) {
      kk.key(id, rng() % 2, kb);
      bool ok = false;
      int64_t v = *(int64_t *)(fast ? kk.fast_access2(m, kb, &ok) : rog_mapaccess2(kk.t, m, kb, &ok));
      auto e = ref.find(id);
      ASSERT_EQ(ok, e != ref.end()) << "op " << op << " id " << id;
      ASSERT_EQ(v, e == ref.end() ? 0 : e->second) << "op " << op << " id " << id;
    } else if (r < 999) {
      kk.key(id, rng() % 2, kb);
      int64_t v = *(int64_t *)rog_mapaccess1(kk.t, m, kb);
      auto e = ref.find(id);
      ASSERT_EQ(v, e == ref.end() ? 0 : e->second) << "op " << op;
    } else if (op % 7 == 0 && ref.size() < 5000) {
      ASSERT_NO_FATAL_FAILURE(check_mutating_iteration(kk, m, ref, rng, range));
    } else if (op % 13 == 0) {
      rog_mapclear(kk.t, m);
      ref.clear();
    }
    ASSERT_EQ(rog_maplen(m), (intptr_t)ref.size()) << "op " << op;
    if (op % 100000 == 99999) ASSERT_NO_FATAL_FAILURE(check_full_iteration(kk, m, ref));
  }
  ASSERT_NO_FATAL_FAILURE(check_full_iteration(kk, m, ref));
  EXPECT_GT(mutating_iterations, 3);
}

class MapDiffTest : public ::testing::Test {
protected:
  void TearDown() override {
    rog_test_alloc_reset();
  }
};

TEST_F(MapDiffTest, Int64Keys) {
  IntKind k;
  k.t = &types()->m_int64.d;
  run(k, default_ops(), 1);
}

TEST_F(MapDiffTest, StringKeys) {
  StringKind k(300000);
  k.t = &types()->m_string.d;
  run(k, default_ops() / 2, 2);
}

TEST_F(MapDiffTest, StructWithPointerKeys) {
  static Named<rog_maptype> mt;
  static const rog_closure h = {(void (*)(void))pair_hash};
  PairKind k;
  k.t = map_of(&mt, "map[main.pair]int64", types()->pair(), types()->int64(), &h,
               ROG_MAP_REFLEXIVE_KEY | ROG_MAP_NEED_KEY_UPDATE);
  run(k, default_ops() / 2, 3);
}

} // namespace
