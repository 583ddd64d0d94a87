// typedesc_test: rog's type descriptors (typedesc.c), emitted for
// testdata/typedesc/types.go by typedesc_testgen into an object linked into
// this test, read back through the runtime's own decoders (runtime/iface)
// and algorithms (runtime/alg), and compared with gc 1.19:
//   - Layout: every probe is dumped in dump_gc.go's format and compared line
//     by line with types.out, gc's dump of the same types.
//   - Itabs: each static itab equals the one rog_getitab builds from the
//     method tables, and its slots point at the right method code.
//   - Algorithms: equal/hash closures of structs with floats, strings,
//     interfaces, padding and blank fields.
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rog/abi.h"
#include "runtime/alg/alg.h"
#include "runtime/iface/iface.h"

extern "C" {
extern const rog_type *const rog_test_probes[];
extern const int64_t rog_test_probes_n;
extern const rog_itab *const rog_test_itabs[];
extern const int64_t rog_test_itabs_n;
extern const char __start_rog_itabs[], __stop_rog_itabs[];
}

namespace {

std::string S(rog_string s) {
  return s.ptr ? std::string(reinterpret_cast<const char *>(s.ptr), static_cast<size_t>(s.len)) : "";
}

std::string Fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Fmt(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

// Go's %q for the ASCII strings the probes use.
std::string Q(const std::string &s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\';
    r += c;
  }
  return r + "\"";
}

std::string TS(const rog_type *t) {
  return S(iface_type_string(t));
}

std::string GcData(const rog_type *t) {
  if (t->ptrdata == 0) return "-";
  std::string s;
  for (uintptr_t i = 0; i < (t->ptrdata / 8 + 7) / 8; i++)
    s += Fmt("%02x", t->gcdata[i]);
  return s;
}

const char *B(bool b) {
  return b ? "true" : "false";
}

std::string Dump(const rog_type *t) {
  std::string o;
  iface_name str = iface_resolve_name_off(t, t->str);
  o += Fmt("type %s kind=%d direct=%d gcprog=%d size=%zu ptrdata=%zu align=%d falign=%d tflag=%d "
           "strexported=%d gcdata=%s equal=%s",
           TS(t).c_str(), t->kind & 31, t->kind >> 5 & 1, t->kind >> 6 & 1, (size_t)t->size,
           (size_t)t->ptrdata, t->align, t->field_align, t->tflag, str.bytes[0] & 1, GcData(t).c_str(),
           B(t->equal != nullptr));
  if ((t->tflag & ROG_TFLAG_NAMED) && t->ptr_to_this)
    o += " ptrToThis=" + TS(iface_resolve_type_off(t, t->ptr_to_this));
  o += "\n";
  switch (t->kind & ROG_KIND_MASK) {
  case ROG_KIND_POINTER:
    o += "  elem " + TS(reinterpret_cast<const rog_ptrtype *>(t)->elem) + "\n";
    break;
  case ROG_KIND_SLICE:
    o += "  elem " + TS(reinterpret_cast<const rog_slicetype *>(t)->elem) + "\n";
    break;
  case ROG_KIND_ARRAY: {
    auto a = reinterpret_cast<const rog_arraytype *>(t);
    o += Fmt("  array elem=%s slice=%s len=%zu\n", TS(a->elem).c_str(), TS(a->slice).c_str(), (size_t)a->len);
    break;
  }
  case ROG_KIND_CHAN: {
    auto c = reinterpret_cast<const rog_chantype *>(t);
    o += Fmt("  chan elem=%s dir=%zu\n", TS(c->elem).c_str(), (size_t)c->dir);
    break;
  }
  case ROG_KIND_MAP: {
    auto m = reinterpret_cast<const rog_maptype *>(t);
    const rog_type *bk = m->bucket;
    o += Fmt(
        "  map key=%s elem=%s bucket=%s bucket.size=%zu bucket.ptrdata=%zu bucket.gcdata=%s bucket.kind=%d "
        "hasher=%s keysize=%d elemsize=%d bucketsize=%d flags=%u\n",
        TS(m->key).c_str(), TS(m->elem).c_str(), TS(bk).c_str(), (size_t)bk->size, (size_t)bk->ptrdata,
        GcData(bk).c_str(), bk->kind & 31, B(m->hasher != nullptr), m->keysize, m->elemsize, m->bucketsize,
        m->flags);
    break;
  }
  case ROG_KIND_FUNC: {
    auto f = reinterpret_cast<const rog_functype *>(t);
    const char *p = reinterpret_cast<const char *>(t) + sizeof(rog_functype);
    if (t->tflag & ROG_TFLAG_UNCOMMON) p += sizeof(rog_uncommon);
    auto params = reinterpret_cast<const rog_type *const *>(p);
    int n = f->in_count + (f->out_count & 0x7fff);
    o += Fmt("  func in=%d out=%d variadic=%s", f->in_count, f->out_count & 0x7fff,
             B(f->out_count & ROG_FUNC_VARIADIC));
    for (int i = 0; i < n; i++)
      o += " " + TS(params[i]);
    o += "\n";
    break;
  }
  case ROG_KIND_INTERFACE: {
    auto it = reinterpret_cast<const rog_interfacetype *>(t);
    o += Fmt("  iface pkgpath=%s n=%zd\n", Q(S(iface_name_string(iface_name{it->pkgpath}))).c_str(),
             (ssize_t)it->mhdr.len);
    auto ms = static_cast<const rog_imethod *>(it->mhdr.ptr);
    for (intptr_t i = 0; i < it->mhdr.len; i++) {
      iface_name n = iface_resolve_name_off(t, ms[i].name);
      o += Fmt("  imethod %s flags=%d pkgpath=%s typ=%s\n", S(iface_name_string(n)).c_str(), n.bytes[0],
               Q(S(iface_name_pkgpath(n))).c_str(), TS(iface_resolve_type_off(t, ms[i].ityp)).c_str());
    }
    break;
  }
  case ROG_KIND_STRUCT: {
    auto st = reinterpret_cast<const rog_structtype *>(t);
    o += Fmt("  struct pkgpath=%s n=%zd\n", Q(S(iface_name_string(iface_name{st->pkgpath}))).c_str(),
             (ssize_t)st->fields.len);
    auto fs = static_cast<const rog_structfield *>(st->fields.ptr);
    for (intptr_t i = 0; i < st->fields.len; i++) {
      iface_name n{fs[i].name};
      o += Fmt("  field %s flags=%d tag=%s pkgpath=%s type=%s offset=%zu\n", S(iface_name_string(n)).c_str(),
               n.bytes[0], Q(S(iface_name_tag(n))).c_str(), Q(S(iface_name_pkgpath(n))).c_str(),
               TS(fs[i].typ).c_str(), (size_t)fs[i].offset);
    }
    break;
  }
  default:
    break;
  }
  if (const rog_uncommon *u = iface_uncommon(t)) {
    o += Fmt("  uncommon pkgpath=%s mcount=%d xcount=%d\n",
             Q(S(iface_name_string(iface_resolve_name_off(t, u->pkgpath)))).c_str(), u->mcount, u->xcount);
    const rog_method *ms = iface_methods(t, u);
    for (int i = 0; i < u->mcount; i++) {
      iface_name n = iface_resolve_name_off(t, ms[i].name);
      o += Fmt("  method %s flags=%d pkgpath=%s mtyp=%s\n", S(iface_name_string(n)).c_str(), n.bytes[0],
               Q(S(iface_name_pkgpath(n))).c_str(), TS(iface_resolve_type_off(t, ms[i].mtyp)).c_str());
    }
  }
  return o;
}

std::vector<std::string> Lines(const std::string &s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    v.push_back(l);
  return v;
}

const rog_type *Find(const std::string &name) {
  for (int64_t i = 0; i < rog_test_probes_n; i++)
    if (TS(rog_test_probes[i]) == name) return rog_test_probes[i];
  return nullptr;
}

TEST(TypeDesc, MatchesGc) {
  std::string got;
  for (int64_t i = 0; i < rog_test_probes_n; i++)
    got += Dump(rog_test_probes[i]);
  std::ifstream in("compiler/lower/testdata/typedesc/types.out");
  ASSERT_TRUE(in.good());
  std::stringstream want;
  want << in.rdbuf();
  std::vector<std::string> g = Lines(got), w = Lines(want.str());
  size_t n = std::max(g.size(), w.size());
  int bad = 0;
  for (size_t i = 0; i < n && bad < 20; i++) {
    std::string gl = i < g.size() ? g[i] : "<none>", wl = i < w.size() ? w[i] : "<none>";
    if (gl != wl) {
      ADD_FAILURE() << "line " << i + 1 << "\n  rog: " << gl << "\n  gc:  " << wl;
      bad++;
    }
  }
  if (getenv("TYPEDESC_DUMP")) fputs(got.c_str(), stdout);
}

// The code a method entry or itab slot points at: the test generator's stubs
// return their own symbol name.
std::string Code(uintptr_t fn) {
  if (!fn) return "<nil>";
  return reinterpret_cast<const char *(*)()>(fn)();
}

TEST(TypeDesc, ItabsMatchRuntime) {
  ASSERT_EQ(rog_test_itabs_n, 5);
  std::vector<std::string> want = {
      "main.(*Counter).String", /* Stringer = Counter: the value method's pointer wrapper (ifn) */
      "main.(*File).String", "main.(*File).Read main.(*File).Write main.(*File).close",
      "main.(*Counter).String", "main.(*Embeds).String"};
  for (int64_t i = 0; i < rog_test_itabs_n; i++) {
    const rog_itab *st = rog_test_itabs[i];
    auto inter = static_cast<const rog_interfacetype *>(st->inter);
    EXPECT_EQ(st->hash, st->type->hash);
    const rog_itab *dyn = rog_getitab(inter, st->type, true);
    ASSERT_NE(dyn, nullptr) << TS(st->type);
    std::string slots;
    for (intptr_t k = 0; k < inter->mhdr.len; k++) {
      EXPECT_EQ(st->fun[k], dyn->fun[k]) << TS(st->type) << " slot " << k;
      slots += (k ? " " : "") + Code(st->fun[k]);
    }
    EXPECT_EQ(slots, want[i]) << TS(st->type);
  }
  // Counter is not pointer-shaped: its itab slot is the (*Counter).String
  // wrapper (ifn), its method table's tfn the value method.
  const rog_type *counter = Find("main.Counter");
  ASSERT_NE(counter, nullptr);
  const rog_uncommon *u = iface_uncommon(counter);
  ASSERT_NE(u, nullptr);
  const rog_method *m = iface_methods(counter, u);
  ASSERT_EQ(u->mcount, 2);
  EXPECT_EQ(Code((uintptr_t)iface_resolve_text_off(counter, m[0].ifn)), "main.(*Counter).String");
  EXPECT_EQ(Code((uintptr_t)iface_resolve_text_off(counter, m[0].tfn)), "main.Counter.String");
  EXPECT_EQ(Code(rog_test_itabs[0]->fun[0]), "main.(*Counter).String");
  EXPECT_EQ(Code(rog_test_itabs[2]->fun[0]), "main.(*File).Read");
  EXPECT_EQ(Code(rog_test_itabs[2]->fun[2]), "main.(*File).close");
  // Counter's method set lacks Inc (pointer receiver); *Counter's has it.
  const rog_type *pc = Find("*main.Counter");
  ASSERT_NE(pc, nullptr);
  EXPECT_EQ(iface_uncommon(pc)->mcount, 3);
  // ReadWriter needs close, which Counter lacks: no itab.
  const rog_type *rw = Find("main.ReadWriter");
  ASSERT_NE(rw, nullptr);
  EXPECT_EQ(rog_getitab(reinterpret_cast<const rog_interfacetype *>(rw), pc, true), nullptr);
}

// Static itabs lie back to back in section rog_itabs, each 24 + 8*max(n,1)
// bytes: a walk from __start_rog_itabs finds exactly the program's itabs.
TEST(TypeDesc, ItabSectionIsWalkable) {
  std::vector<const rog_itab *> found;
  for (const char *p = __start_rog_itabs; p < __stop_rog_itabs;) {
    auto m = reinterpret_cast<const rog_itab *>(p);
    auto inter = static_cast<const rog_interfacetype *>(m->inter);
    found.push_back(m);
    p += 24 + 8 * std::max<intptr_t>(inter->mhdr.len, 1);
  }
  ASSERT_EQ(found.size(), static_cast<size_t>(rog_test_itabs_n));
  for (int64_t i = 0; i < rog_test_itabs_n; i++)
    EXPECT_NE(std::find(found.begin(), found.end(), rog_test_itabs[i]), found.end()) << i;
}

bool Eq(const rog_type *t, const void *p, const void *q) {
  return alg_call_equal(t->equal, p, q);
}

uintptr_t Hash(const rog_type *t, const void *p) {
  // a map type of the key would carry the closure; the descriptor's equal
  // pairs with rog_typehash, which the generated hashers must match
  return rog_typehash(t, p, 42);
}

// Mixed: I int64; f float64; S string; _ int32; E any; P *int; B bool;
// C complex64; Er error.
struct Mixed {
  int64_t i;
  double f;
  rog_string s;
  int32_t blank;
  int32_t pad0;
  rog_iface e;
  int *p;
  bool b;
  uint8_t pad1[3];
  float c[2];
  rog_iface er;
};

TEST(TypeDesc, EqualAndHashClosures) {
  const rog_type *mixed = Find("main.Mixed");
  ASSERT_NE(mixed, nullptr);
  ASSERT_EQ(mixed->size, sizeof(Mixed));
  ASSERT_NE(mixed->equal, nullptr);
  EXPECT_FALSE(mixed->tflag & ROG_TFLAG_REGULAR_MEMORY);
  const rog_type *tint = Find("int");
  static int64_t seven = 7, seven2 = 7;
  Mixed a, b;
  memset(&a, 0, sizeof a);
  a.i = 1;
  a.f = 0.0;
  a.s = {reinterpret_cast<const uint8_t *>("hello"), 5};
  a.e = {const_cast<rog_type *>(tint), &seven};
  a.c[0] = 1.5f;
  memcpy(&b, &a, sizeof a);
  b.s = {reinterpret_cast<const uint8_t *>(strdup("hello")), 5}; /* other bytes, same string */
  b.e.data = &seven2;                                            /* other box, same value */
  b.f = -0.0;                                                    /* -0 == +0 */
  b.blank = 99;                                                  /* blank field ignored */
  b.pad0 = 123;                                                  /* padding ignored */
  memset(b.pad1, 0xff, sizeof b.pad1);
  EXPECT_TRUE(Eq(mixed, &a, &b));
  EXPECT_EQ(Hash(mixed, &a), Hash(mixed, &b));
  b.f = NAN;
  EXPECT_FALSE(Eq(mixed, &b, &b)); /* NaN != NaN */
  b.f = 0;
  b.s.len = 4;
  EXPECT_FALSE(Eq(mixed, &a, &b));
  b.s.len = 5;
  seven2 = 8;
  EXPECT_FALSE(Eq(mixed, &a, &b)); /* interface data compared by value */
  seven2 = 7;
  b.c[1] = 2;
  EXPECT_FALSE(Eq(mixed, &a, &b));
  free(const_cast<uint8_t *>(b.s.ptr));

  // Padded {a byte; b int64; c byte}: not regular memory, padding ignored.
  const rog_type *padded = Find("main.Padded");
  ASSERT_NE(padded, nullptr);
  EXPECT_FALSE(padded->tflag & ROG_TFLAG_REGULAR_MEMORY);
  uint8_t x[24], y[24];
  memset(x, 0, 24);
  memset(y, 0xee, 24);
  y[0] = 0;
  memset(y + 8, 0, 8);
  y[16] = 0;
  EXPECT_TRUE(Eq(padded, x, y));
  y[16] = 1;
  EXPECT_FALSE(Eq(padded, x, y));

  // Blank {A int32; _ int32}
  const rog_type *blank = Find("main.Blank");
  ASSERT_NE(blank, nullptr);
  int32_t p1[2] = {5, 1}, p2[2] = {5, 2};
  EXPECT_TRUE(Eq(blank, p1, p2));
  p2[0] = 6;
  EXPECT_FALSE(Eq(blank, p1, p2));

  // Grid [4][4]float64: generated array loop; -0 equals +0.
  const rog_type *grid = Find("main.Grid");
  ASSERT_NE(grid, nullptr);
  double g1[16] = {0}, g2[16] = {0};
  g2[15] = -0.0;
  EXPECT_TRUE(Eq(grid, g1, g2));
  g2[15] = 1;
  EXPECT_FALSE(Eq(grid, g1, g2));
}

// Map types: the hasher closure of a struct key hashes like rog_typehash.
TEST(TypeDesc, MapHasher) {
  const rog_type *sk = Find("main.StructKey");
  ASSERT_NE(sk, nullptr);
  auto mt = reinterpret_cast<const rog_maptype *>(sk);
  int16_t small[2] = {0x0102, 0x0304};
  EXPECT_EQ(alg_call_hasher(mt->hasher, small, 7), rog_typehash(mt->key, small, 7));
  const rog_type *mk = Find("map[[2]string]*main.Node");
  ASSERT_NE(mk, nullptr);
  auto mt2 = reinterpret_cast<const rog_maptype *>(mk);
  rog_string k[2] = {{reinterpret_cast<const uint8_t *>("ab"), 2},
                     {reinterpret_cast<const uint8_t *>("c"), 1}};
  EXPECT_EQ(alg_call_hasher(mt2->hasher, k, 9), rog_typehash(mt2->key, k, 9));
  EXPECT_TRUE(alg_call_equal(mt2->key->equal, k, k));
}

} // namespace
