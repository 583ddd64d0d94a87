// iface_test: itabs, assertions and descriptor reading, over descriptors
// built here the way the compiler lays them out (gc 1.19 layout, names with
// varint lengths, offsets relative to the holding descriptor, everything in
// the "rog_types" section).
#include <pthread.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "runtime/iface/iface.h"
#include "gtest/gtest.h"

namespace {

// ---------------------------------------------------------------- builder

// The static type section of this test binary.
__attribute__((section("rog_types"), aligned(16))) char g_types[4 << 20];
size_t g_used = 0;
pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

void *Alloc(size_t n) {
  pthread_mutex_lock(&g_lock);
  g_used = (g_used + 15) & ~size_t{15};
  void *p = g_types + g_used;
  g_used += n;
  pthread_mutex_unlock(&g_lock);
  if (g_used > sizeof g_types) abort();
  return p;
}

int32_t Rel(const void *base, const void *target) {
  return static_cast<int32_t>(reinterpret_cast<const char *>(target) - reinterpret_cast<const char *>(base));
}

size_t PutVarint(uint8_t *p, size_t v) {
  size_t i = 0;
  for (; v >= 0x80; v >>= 7)
    p[i++] = static_cast<uint8_t>(v | 0x80);
  p[i++] = static_cast<uint8_t>(v);
  return i;
}

// A runtime.name: flags, varint len, bytes, [varint len, tag], [pkgPath nameOff].
const uint8_t *Name(const std::string &s, uint8_t flags = 0, const std::string *tag = nullptr,
                    const uint8_t *pkgpath = nullptr) {
  auto *p = static_cast<uint8_t *>(Alloc(1 + 10 + s.size() + 10 + (tag ? tag->size() : 0) + 4));
  if (tag) flags |= ROG_NAME_HAS_TAG;
  if (pkgpath) flags |= ROG_NAME_HAS_PKGPATH;
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') flags |= ROG_NAME_EXPORTED;
  p[0] = flags;
  size_t i = 1 + PutVarint(p + 1, s.size());
  memcpy(p + i, s.data(), s.size());
  i += s.size();
  if (tag) {
    i += PutVarint(p + i, tag->size());
    memcpy(p + i, tag->data(), tag->size());
    i += tag->size();
  }
  if (pkgpath) {
    int32_t off = Rel(p, pkgpath);
    memcpy(p + i, &off, 4);
  }
  return p;
}

uint32_t g_next_hash = 0x9e3779b9;

void InitType(rog_type *t, const std::string &str, uint8_t kind, uint8_t tflag = ROG_TFLAG_NAMED) {
  t->size = 8;
  t->align = t->field_align = 8;
  t->kind = kind;
  t->tflag = tflag;
  t->hash = g_next_hash = g_next_hash * 2654435761u + 12345;
  t->str = Rel(t, Name(str));
}

// A func() method type (one per distinct signature name, like the compiler).
const rog_type *FuncType(const std::string &sig) {
  auto *f = static_cast<rog_functype *>(Alloc(sizeof(rog_functype)));
  InitType(&f->typ, sig, ROG_KIND_FUNC, 0);
  return &f->typ;
}

struct Meth {
  std::string name;
  const rog_type *mtyp;
  void (*fn)();
  const uint8_t *pkgpath = nullptr; // for unexported methods of another package
};

// A named struct type with methods (sorted by name, as the compiler emits).
const rog_type *NamedType(const std::string &str, const std::string &pkg, std::vector<Meth> ms) {
  size_t size = sizeof(rog_structtype) + sizeof(rog_uncommon) + ms.size() * sizeof(rog_method);
  auto *st = static_cast<rog_structtype *>(Alloc(size));
  InitType(&st->typ, str, ROG_KIND_STRUCT, ROG_TFLAG_NAMED | ROG_TFLAG_UNCOMMON);
  auto *u = reinterpret_cast<rog_uncommon *>(st + 1);
  u->pkgpath = Rel(&st->typ, Name(pkg));
  u->mcount = static_cast<uint16_t>(ms.size());
  u->moff = sizeof(rog_uncommon);
  auto *m = reinterpret_cast<rog_method *>(u + 1);
  for (size_t i = 0; i < ms.size(); i++) {
    m[i].name = Rel(&st->typ, Name(ms[i].name, 0, nullptr, ms[i].pkgpath));
    m[i].mtyp = Rel(&st->typ, ms[i].mtyp);
    m[i].ifn = Rel(&st->typ, reinterpret_cast<const void *>(ms[i].fn));
    m[i].tfn = m[i].ifn;
  }
  return &st->typ;
}

const rog_interfacetype *Interface(const std::string &str, const std::string &pkg,
                                   std::vector<std::pair<std::string, const rog_type *>> ms) {
  auto *it = static_cast<rog_interfacetype *>(Alloc(sizeof(rog_interfacetype)));
  InitType(&it->typ, str, ROG_KIND_INTERFACE);
  it->pkgpath = Name(pkg);
  auto *im = static_cast<rog_imethod *>(Alloc(ms.size() * sizeof(rog_imethod)));
  for (size_t i = 0; i < ms.size(); i++) {
    im[i].name = Rel(&it->typ, Name(ms[i].first));
    im[i].ityp = Rel(&it->typ, ms[i].second);
  }
  it->mhdr.ptr = im;
  it->mhdr.len = it->mhdr.cap = static_cast<intptr_t>(ms.size());
  return it;
}

// Method bodies whose addresses end up in itabs.
int g_called = 0;
void MethA() {
  g_called = 'A';
}
void MethB() {
  g_called = 'B';
}
void MethC() {
  g_called = 'c';
}

std::string Str(rog_string s) {
  return std::string(reinterpret_cast<const char *>(s.ptr), static_cast<size_t>(s.len));
}

class Iface : public ::testing::Test {
protected:
  void SetUp() override {
    fn = FuncType("func()");
    fn_int = FuncType("func() int");
    T = NamedType("main.T", "main", {{"A", fn, MethA}, {"B", fn, MethB}, {"c", fn, MethC}});
    OnlyA = NamedType("main.OnlyA", "main", {{"A", fn, MethA}});
    WrongB = NamedType("main.WrongB", "main", {{"A", fn, MethA}, {"B", fn_int, MethB}});
    AB = Interface("main.AB", "main", {{"A", fn}, {"B", fn}});
    Ac = Interface("main.Ac", "main", {{"A", fn}, {"c", fn}});
    Empty = static_cast<rog_type *>(Alloc(sizeof(rog_interfacetype)));
    InitType(Empty, "interface {}", ROG_KIND_INTERFACE, 0);
  }
  const rog_type *fn, *fn_int, *T, *OnlyA, *WrongB;
  const rog_interfacetype *AB, *Ac;
  rog_type *Empty;
};

// ------------------------------------------------------------------ tests

TEST_F(Iface, NamesDecode) {
  std::string tag = "json:\"x\"";
  const uint8_t *pkg = Name("example.com/p");
  iface_name n{Name("field", ROG_NAME_EMBEDDED, &tag, pkg)};
  EXPECT_EQ(Str(iface_name_string(n)), "field");
  EXPECT_EQ(Str(iface_name_tag(n)), tag);
  EXPECT_EQ(Str(iface_name_pkgpath(n)), "example.com/p");
  EXPECT_TRUE(iface_name_embedded(n));
  EXPECT_FALSE(iface_name_exported(n));
  EXPECT_TRUE(iface_name_exported(iface_name{Name("Exported")}));
  std::string longname(300, 'x'); // a two-byte varint length
  EXPECT_EQ(Str(iface_name_string(iface_name{Name(longname)})), longname);
  EXPECT_EQ(iface_name_string(iface_name{nullptr}).len, 0);
}

TEST_F(Iface, TypeStringAndPkgpath) {
  EXPECT_EQ(Str(iface_type_string(T)), "main.T");
  EXPECT_EQ(Str(iface_type_pkgpath(T)), "main");
  EXPECT_EQ(Str(iface_type_pkgpath(&AB->typ)), "main");
  rog_type *p = static_cast<rog_type *>(Alloc(sizeof(rog_ptrtype)));
  InitType(p, "**main.T", ROG_KIND_POINTER, ROG_TFLAG_EXTRA_STAR);
  EXPECT_EQ(Str(iface_type_string(p)), "*main.T");
}

TEST_F(Iface, ItabListsMethodsInInterfaceOrder) {
  const rog_itab *m = rog_getitab(AB, T, false);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->inter, AB);
  EXPECT_EQ(m->type, T);
  EXPECT_EQ(m->hash, T->hash);
  reinterpret_cast<void (*)()>(m->fun[0])();
  EXPECT_EQ(g_called, 'A');
  reinterpret_cast<void (*)()>(m->fun[1])();
  EXPECT_EQ(g_called, 'B');
  EXPECT_EQ(rog_getitab(AB, T, false), m) << "itabs are cached";
}

TEST_F(Iface, StaticItabsAreTheCachedOnes) {
  // Two itabs back to back, as the compiler lays them out in rog_itabs:
  // (Ac, T) with two methods, then (AB, OnlyA)... which OnlyA does not
  // implement, so that one is an incomplete entry the walk must skip.
  const rog_type *T2 = NamedType("main.T2", "main", {{"A", fn, MethA}, {"c", fn, MethC}});
  static uintptr_t words[3 + 2 + 3 + 2]; // the cache keeps pointers into it
  memset(words, 0, sizeof words);
  auto *a = reinterpret_cast<rog_itab *>(words);
  a->inter = Ac;
  a->type = T2;
  a->hash = T2->hash;
  a->fun[0] = reinterpret_cast<uintptr_t>(MethA);
  a->fun[1] = reinterpret_cast<uintptr_t>(MethC);
  auto *b = reinterpret_cast<rog_itab *>(words + 5);
  b->inter = AB;
  b->type = OnlyA;
  iface_register_itabs(words, words + 10);
  EXPECT_EQ(rog_getitab(Ac, T2, false), a);
  EXPECT_EQ(rog_convI2I(Ac, a), a);
  EXPECT_EQ(rog_getitab(AB, OnlyA, true), nullptr);
}

TEST_F(Iface, MissingOrMistypedMethodFails) {
  EXPECT_EQ(rog_getitab(AB, OnlyA, true), nullptr);
  EXPECT_EQ(rog_getitab(AB, OnlyA, true), nullptr) << "failures are cached too";
  EXPECT_EQ(rog_getitab(AB, WrongB, true), nullptr) << "B has the wrong signature";
  EXPECT_EQ(rog_getitab(AB, Empty, true), nullptr) << "no methods at all";
}

TEST_F(Iface, UnexportedMethodsMatchOnlyWithinTheirPackage) {
  EXPECT_NE(rog_getitab(Ac, T, true), nullptr);
  const rog_type *other =
      NamedType("q.T", "example.com/q", {{"A", fn, MethA}, {"c", fn, MethC, Name("example.com/q")}});
  EXPECT_EQ(rog_getitab(Ac, other, true), nullptr);
}

TEST_F(Iface, AssertionsAndConversions) {
  int x = 0;
  rog_iface ok = rog_assertE2I2(AB, T, &x);
  EXPECT_NE(ok.tab, nullptr);
  EXPECT_EQ(ok.data, &x);
  rog_iface bad = rog_assertE2I2(AB, OnlyA, &x);
  EXPECT_EQ(bad.tab, nullptr);
  EXPECT_EQ(bad.data, nullptr);
  EXPECT_EQ(rog_assertE2I2(AB, nullptr, nullptr).tab, nullptr);
  const rog_itab *ab = rog_assertE2I(AB, T);
  const rog_interfacetype *justA = Interface("main.JustA", "main", {{"A", fn}});
  const rog_itab *a = rog_convI2I(justA, ab);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->inter, justA);
  EXPECT_EQ(rog_convI2I(justA, nullptr), nullptr);
}

TEST_F(Iface, MessagesMatchGc) {
  char buf[256];
  iface_typeassert_message(buf, sizeof buf, Empty, T, OnlyA, nullptr, 0);
  EXPECT_STREQ(buf, "interface conversion: interface {} is main.T, not main.OnlyA");
  iface_typeassert_message(buf, sizeof buf, nullptr, nullptr, &AB->typ, nullptr, 0);
  EXPECT_STREQ(buf, "interface conversion: interface is nil, not main.AB");
  iface_typeassert_message(buf, sizeof buf, nullptr, OnlyA, &AB->typ, "B", 1);
  EXPECT_STREQ(buf, "interface conversion: main.OnlyA is not main.AB: missing method B");
  const rog_type *T2 = NamedType("main.T", "other", {});
  iface_typeassert_message(buf, sizeof buf, Empty, T, T2, nullptr, 0);
  EXPECT_STREQ(buf,
               "interface conversion: interface {} is main.T, not main.T (types from different packages)");
  char small[16];
  size_t full = iface_typeassert_message(small, sizeof small, Empty, T, OnlyA, nullptr, 0);
  EXPECT_EQ(full, strlen("interface conversion: interface {} is main.T, not main.OnlyA"));
  EXPECT_EQ(strlen(small), sizeof small - 1) << "truncated, still terminated";
}

TEST_F(Iface, FailedAssertionPanicsLikeGc) {
  EXPECT_EXIT(rog_getitab(AB, OnlyA, false), ::testing::ExitedWithCode(2),
              "panic: interface conversion: main.OnlyA is not main.AB: missing method B");
  EXPECT_EXIT(rog_assertE2I(AB, nullptr), ::testing::ExitedWithCode(2),
              "panic: interface conversion: interface is nil, not main.AB");
  EXPECT_EXIT(rog_panicdottypeE(T, OnlyA, Empty), ::testing::ExitedWithCode(2),
              "panic: interface conversion: interface \\{\\} is main.T, not main.OnlyA");
}

TEST_F(Iface, CacheGrowsAndStaysCorrect) {
  // Enough distinct pairs to grow the table several times.
  std::vector<const rog_type *> types;
  for (int i = 0; i < 3000; i++)
    types.push_back(NamedType("main.G" + std::to_string(i), "main", {{"A", fn, MethA}, {"B", fn, MethB}}));
  std::vector<const rog_itab *> first;
  for (const rog_type *t : types)
    first.push_back(rog_getitab(AB, t, false));
  for (size_t i = 0; i < types.size(); i++) {
    ASSERT_EQ(rog_getitab(AB, types[i], false), first[i]);
    ASSERT_EQ(first[i]->type, types[i]);
  }
}

TEST_F(Iface, ConcurrentLookupsAgree) {
  std::vector<const rog_type *> types;
  for (int i = 0; i < 600; i++)
    types.push_back(NamedType("main.C" + std::to_string(i), "main", {{"A", fn, MethA}, {"B", fn, MethB}}));
  std::vector<std::vector<const rog_itab *>> seen(4);
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; w++) {
    threads.emplace_back([&, w] {
      for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < types.size(); i++) {
          size_t k = (i * 7 + w * 13) % types.size();
          const rog_itab *m = rog_getitab(AB, types[k], false);
          if (round == 0 && seen[w].size() < types.size()) seen[w].resize(types.size());
          seen[w][k] = m;
        }
    });
  }
  for (auto &t : threads)
    t.join();
  for (size_t i = 0; i < types.size(); i++)
    for (int w = 1; w < 4; w++)
      ASSERT_EQ(seen[w][i], seen[0][i]) << "one itab per pair";
}

TEST_F(Iface, RuntimeCreatedDescriptorsUseRegistryIds) {
  // A type built at run time (as reflect.StructOf does) lives outside the
  // section; its offsets are registry ids.
  auto *st = static_cast<rog_structtype *>(
      calloc(1, sizeof(rog_structtype) + sizeof(rog_uncommon) + sizeof(rog_method)));
  st->typ.kind = ROG_KIND_STRUCT;
  st->typ.tflag = ROG_TFLAG_UNCOMMON;
  st->typ.hash = 42;
  st->typ.str = iface_add_reflect_off(Name("struct { X int }"));
  auto *u = reinterpret_cast<rog_uncommon *>(st + 1);
  u->mcount = 1;
  u->moff = sizeof(rog_uncommon);
  auto *m = reinterpret_cast<rog_method *>(u + 1);
  m->name = iface_add_reflect_off(Name("A"));
  m->mtyp = iface_add_reflect_off(fn);
  m->ifn = m->tfn = iface_add_reflect_off(reinterpret_cast<const void *>(MethA));
  EXPECT_EQ(iface_add_reflect_off(fn), m->mtyp) << "ids are stable";
  EXPECT_EQ(Str(iface_type_string(&st->typ)), "struct { X int }");
  const rog_interfacetype *justA = Interface("main.JustA2", "main", {{"A", fn}});
  const rog_itab *it = rog_getitab(justA, &st->typ, false);
  reinterpret_cast<void (*)()>(it->fun[0])();
  EXPECT_EQ(g_called, 'A');
  EXPECT_EXIT(iface_resolve_name_off(&st->typ, -100000), ::testing::ExitedWithCode(2),
              "offset base pointer out of range");
  free(st);
}

} // namespace
