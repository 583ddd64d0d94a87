// type_test.cc: identity and assignability tables, method sets and field
// lookup with embedding (depth, ambiguity, promotion through pointers),
// gc's amd64/arm64 sizes, and the package initialization order. Types are
// built by checking small packages, so the tests exercise the checker's
// declarations too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

namespace {

struct Pkg {
  SynArena *arena = syn_arena_new();
  TypesCtx *c = types_ctx_new();
  TypesInfo info{};
  TypesPackage *pkg = nullptr;
  std::vector<std::string> errors;

  static void on_err(void *ctx, const TypesDiag *d) {
    static_cast<Pkg *>(ctx)->errors.push_back(std::to_string(d->line) + ": " + d->msg);
  }
  static void on_syn(void *ctx, const SynError *e) {
    static_cast<Pkg *>(ctx)->errors.push_back(std::string("syntax: ") + e->msg);
  }
  explicit Pkg(const std::string &src) {
    SynFile *f = syn_parse_file(arena, "p.go", src.data(), src.size(), on_syn, this);
    TypesConfig cfg{};
    cfg.error = on_err;
    cfg.error_ctx = this;
    int n = 0;
    pkg = types_check_package(c, &cfg, "p", &f, 1, &info, &n);
  }
  ~Pkg() {
    types_ctx_free(c);
    syn_arena_free(arena);
  }
  Object *obj(const char *name) {
    return types_scope_lookup_local(pkg->scope, name);
  }
  Type *type(const char *name) {
    Object *o = obj(name);
    EXPECT_NE(o, nullptr) << name;
    return o ? o->type : nullptr;
  }
};

TEST(Identity, Table) {
  Pkg p(R"(package p
type T int
type U int
type A = T
var s1 []int
var s2 []int
var m1 map[string]T
var m2 map[string]A
var f1 func(int, ...string) (bool, error)
var f2 func(a int, b ...string) (ok bool, err error)
var f3 func(int, []string) (bool, error)
var st1 struct{ X int "tag" }
var st2 struct{ X int "tag" }
var st3 struct{ X int }
var c1 chan<- int
var c2 chan int
var i1 interface{ M(); N() }
var i2 interface{ N(); M() }
var ar1 [3]int
var ar2 [4]int
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  EXPECT_TRUE(types_identical(p.type("T"), p.type("A")));
  EXPECT_FALSE(types_identical(p.type("T"), p.type("U")));
  EXPECT_TRUE(types_identical(p.type("s1"), p.type("s2")));
  EXPECT_TRUE(types_identical(p.type("m1"), p.type("m2")));
  EXPECT_TRUE(types_identical(p.type("f1"), p.type("f2")));
  EXPECT_FALSE(types_identical(p.type("f1"), p.type("f3")));
  EXPECT_TRUE(types_identical(p.type("st1"), p.type("st2")));
  EXPECT_FALSE(types_identical(p.type("st1"), p.type("st3")));
  EXPECT_TRUE(types_identical_ignore_tags(p.type("st1"), p.type("st3")));
  EXPECT_FALSE(types_identical(p.type("c1"), p.type("c2")));
  types_typeset(p.c, p.type("i1"));
  types_typeset(p.c, p.type("i2"));
  EXPECT_TRUE(types_identical(p.type("i1"), p.type("i2")));
  EXPECT_FALSE(types_identical(p.type("ar1"), p.type("ar2")));
}

TEST(Assignability, Table) {
  Pkg p(R"(package p
type T int
type S []int
type I interface{ M() }
type V struct{}
func (V) M() {}
type P struct{}
func (*P) M() {}
var t T
var s S
var sl []int
var c chan int
var rc <-chan int
var v V
var pv *P
var pp P
var e error
var i I
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  struct {
    const char *from, *to;
    bool ok;
  } cases[] = {
      {"sl", "s", true},                     // identical underlying, one side unnamed
      {"s", "sl", true},  {"t", "i", false}, // T has no M
      {"v", "i", true},                      // value receiver
      {"pv", "i", true},                     // pointer receiver through *P
      {"pp", "i", false},                    // P's method set lacks M
      {"c", "rc", true},                     // bidirectional channel to receive-only
      {"rc", "c", false}, {"i", "e", false},
  };
  for (auto &cs : cases) {
    char *reason = nullptr;
    EXPECT_EQ(types_assignable(p.c, p.type(cs.from), p.type(cs.to), &reason), cs.ok)
        << cs.from << " -> " << cs.to;
  }
  // untyped constants
  EXPECT_TRUE(types_assignable(p.c, types_basic(p.c, UNTYPED_INT), p.type("t"), nullptr));
  EXPECT_TRUE(types_assignable(p.c, types_basic(p.c, UNTYPED_NIL), p.type("sl"), nullptr));
  EXPECT_FALSE(types_assignable(p.c, types_basic(p.c, UNTYPED_NIL), p.type("t"), nullptr));
  EXPECT_STREQ(types_missing_reason(p.c, p.type("pp"), p.type("i"), p.pkg),
               "(M method has pointer receiver)");
  EXPECT_STREQ(types_missing_reason(p.c, p.type("t"), p.type("i"), p.pkg), "(missing M method)");
}

TEST(Lookup, EmbeddingDepthAndAmbiguity) {
  Pkg p(R"(package p
type Inner struct{ X int }
func (Inner) Val() {}
func (*Inner) Ptr() {}
type A struct{ Y int }
type B struct{ Y int }
type Outer struct {
	Inner
	*A
	B
	X string
}
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  Type *outer = p.type("Outer");
  // the shallower X (depth 0) shadows Inner.X
  LookupResult r = types_lookup(p.c, outer, false, p.pkg, "X");
  ASSERT_NE(r.obj, nullptr);
  EXPECT_EQ(r.nindex, 1u);
  EXPECT_EQ(r.index[0], 3u);
  // Y is found in A and B at depth 1: ambiguous
  r = types_lookup(p.c, outer, false, p.pkg, "Y");
  EXPECT_EQ(r.obj, nullptr);
  EXPECT_TRUE(r.ambiguous);
  // promoted method
  r = types_lookup(p.c, outer, false, p.pkg, "Val");
  ASSERT_NE(r.obj, nullptr);
  EXPECT_EQ(r.nindex, 2u);
  // pointer method on a non-addressable value needs a pointer
  r = types_lookup(p.c, outer, false, p.pkg, "Ptr");
  ASSERT_NE(r.obj, nullptr);
  EXPECT_TRUE(r.needs_ptr);
  r = types_lookup(p.c, types_new_pointer(p.c, outer), false, p.pkg, "Ptr");
  ASSERT_NE(r.obj, nullptr);
  EXPECT_FALSE(r.needs_ptr);
}

TEST(Sizes, Gc64) {
  Pkg p(R"(package p
type S1 struct{ a bool; b int64; c bool }
type S2 struct{ a, b bool; c int32 }
type S3 struct{ a int64; z struct{} }
type E struct{}
var arr [10]int32
var str string
var sl []byte
var ifc interface{}
var cpx complex128
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  EXPECT_EQ(types_sizeof(p.type("S1")), 24);
  EXPECT_EQ(types_alignof(p.type("S1")), 8);
  EXPECT_EQ(types_sizeof(p.type("S2")), 8);
  EXPECT_EQ(types_sizeof(p.type("S3")), 16); // trailing zero-size field padded
  EXPECT_EQ(types_sizeof(p.type("E")), 0);
  EXPECT_EQ(types_sizeof(p.type("arr")), 40);
  EXPECT_EQ(types_sizeof(p.type("str")), 16);
  EXPECT_EQ(types_sizeof(p.type("sl")), 24);
  EXPECT_EQ(types_sizeof(p.type("ifc")), 16);
  EXPECT_EQ(types_sizeof(p.type("cpx")), 16);
  EXPECT_EQ(types_alignof(p.type("cpx")), 8);
  int64_t offs[3];
  ASSERT_TRUE(types_offsetsof(p.type("S1"), offs));
  EXPECT_EQ(offs[1], 8);
  EXPECT_EQ(offs[2], 16);
}

TEST(InitOrder, DependenciesThroughFunctions) {
  Pkg p(R"(package p
var a = b + c
var b = f()
var c = 1
var d = 3
func f() int { return d }
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  std::vector<std::string> order;
  for (uint32_t i = 0; i < p.info.ninit_order; i++)
    order.push_back(p.info.init_order[i].lhs[0]->name);
  // spec: earliest ready variable in declaration order first
  EXPECT_EQ(order, (std::vector<std::string>{"c", "d", "b", "a"}));
}

TEST(InitOrder, Loop) {
  Pkg p(R"(package p
var x = f()
func f() int { return x }
)");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0], "2: initialization loop for x");
}

TEST(Info, RecordsTypesAndUses) {
  Pkg p(R"(package p
const k = 1 << 3
var v = k + 0.5
)");
  ASSERT_TRUE(p.errors.empty()) << p.errors[0];
  Object *k = p.obj("k");
  ASSERT_NE(k, nullptr);
  int64_t val;
  EXPECT_TRUE(const_int64_val(k->val, &val));
  EXPECT_EQ(val, 8);
  EXPECT_EQ(std::string(types_string(p.c, p.type("v"), p.pkg)), "float64");
  EXPECT_GT(p.info.uses.len, 0u);
  EXPECT_GT(p.info.defs.len, 0u);
  EXPECT_GT(p.info.types.len, 0u);
}

} // namespace
