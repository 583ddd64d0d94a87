// typedesc_unit_test: the emitter in-process (so ASan/UBSan see it): symbol
// names (gc's link strings), caching and identity, recursion, local types,
// generated algorithm functions, and a module that verifies.
#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>

#include "compiler/lower/typedesc.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

namespace {

const char kSrc[] = R"(package main

type T struct {
	x    int
	Next *T
	f    float64
	s    string
}

type I interface{ M() int; m() }

type R <-chan int

func (T) M() int { return 0 }
func (*T) m()    {}

var A struct{ x int }
var B struct{ x int }
var C chan (<-chan int)
var D func(int, ...string) (bool, error)
var E map[T][]*T
var F [2]T
var G struct{ _ int; y float32 }

type Int = int

var H struct{ int }
var J struct{ Int }
var K struct{ *T }

func f() {
	type T struct{ a byte }
	var t T
	_ = t
}
)";

class TypeDescTest : public ::testing::Test {
protected:
  void SetUp() override {
    arena_ = syn_arena_new();
    file_ = syn_parse_file(arena_, "p.go", kSrc, sizeof kSrc - 1, nullptr, nullptr);
    ASSERT_NE(file_, nullptr);
    tc_ = types_ctx_new();
    TypesConfig cfg{};
    int n = 0;
    pkg_ = types_check_package(tc_, &cfg, "main", &file_, 1, &info_, &n);
    ASSERT_EQ(n, 0);
    ctx_ = LLVMContextCreate();
    m_ = LLVMModuleCreateWithNameInContext("t", ctx_);
    td_ = typedesc_new(m_, tc_, pkg_);
  }
  void TearDown() override {
    typedesc_free(td_);
    LLVMDisposeModule(m_);
    LLVMContextDispose(ctx_);
    types_ctx_free(tc_);
    syn_arena_free(arena_);
  }
  Type *Lookup(const char *name) {
    Object *o = types_scope_lookup_local(pkg_->scope, name);
    return o ? o->type : nullptr;
  }
  std::string Sym(LLVMValueRef g) {
    size_t n;
    const char *s = LLVMGetValueName2(g, &n);
    return std::string(s, n);
  }
  SynArena *arena_ = nullptr;
  SynFile *file_ = nullptr;
  TypesCtx *tc_ = nullptr;
  TypesPackage *pkg_ = nullptr;
  TypesInfo info_{};
  LLVMContextRef ctx_ = nullptr;
  LLVMModuleRef m_ = nullptr;
  TypeDescEmitter *td_ = nullptr;
};

TEST_F(TypeDescTest, SymbolNamesAreGcLinkStrings) {
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("T"))), "type.main.T");
  EXPECT_EQ(Sym(typedesc_get(td_, types_new_pointer(tc_, Lookup("T")))), "type.*main.T");
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("A"))), "type.struct { main.x int }");
  EXPECT_STREQ(typedesc_name_string(td_, Lookup("A")), "struct { x int }");
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("C"))), "type.chan (<-chan int)");
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("D"))), "type.func(int, ...string) (bool, error)");
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("E"))), "type.map[main.T][]*main.T");
  EXPECT_NE(LLVMGetNamedGlobal(m_, "type.noalg.map.bucket[main.T][]*main.T"), nullptr);
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("I"))), "type.main.I");
  EXPECT_STREQ(typedesc_link_string(td_, types_underlying(Lookup("I"))), "interface { M() int; main.m() }");
  EXPECT_EQ(Sym(typedesc_get(td_, types_basic(tc_, UNTYPED_INT))), "type.int");
}

// gc's fldconv: an embedded field shows "name = type" in the link string
// unless the type implies the name (fixedbugs/issue50190).
TEST_F(TypeDescTest, EmbeddedFieldsThroughAliasesAreDistinct) {
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("H"))), "type.struct { main.int = int }");
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("J"))), "type.struct { Int = int }");
  EXPECT_EQ(Sym(typedesc_get(td_, Lookup("K"))), "type.struct { *main.T }");
  EXPECT_STREQ(typedesc_name_string(td_, Lookup("H")), "struct { int }");
  EXPECT_STREQ(typedesc_name_string(td_, Lookup("J")), "struct { int }");
}

TEST_F(TypeDescTest, IdenticalTypesShareOneDescriptor) {
  LLVMValueRef a = typedesc_get(td_, Lookup("A")), b = typedesc_get(td_, Lookup("B"));
  EXPECT_EQ(a, b); /* two checker Types, one descriptor */
  EXPECT_EQ(typedesc_get(td_, Lookup("T")), typedesc_get(td_, Lookup("T")));
  EXPECT_EQ(typedesc_equal_closure(td_, Lookup("A")), typedesc_equal_closure(td_, Lookup("B")));
}

TEST_F(TypeDescTest, LocalTypesGetAVargenSuffix) {
  Object *fo = types_scope_lookup_local(pkg_->scope, "f");
  ASSERT_NE(fo, nullptr);
  // find the local T through the package's defs
  Type *local = nullptr;
  for (uint32_t i = 0; i < info_.defs.cap; i++) {
    Object *o = info_.defs.keys[i] ? static_cast<Object *>(info_.defs.vals[i]) : nullptr;
    if (o && o->kind == OBJ_TYPENAME && strcmp(o->name, "T") == 0 && o->parent != pkg_->scope)
      local = o->type;
  }
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(Sym(typedesc_get(td_, local)), "type.main.T\xc2\xb7"
                                           "1");
  EXPECT_STREQ(typedesc_name_string(td_, local), "main.T");
}

TEST_F(TypeDescTest, AlgorithmsAndMapFastPaths) {
  Type *t = Lookup("T");
  EXPECT_NE(typedesc_equal_fn(td_, t), nullptr);
  EXPECT_NE(LLVMGetNamedFunction(m_, "type..eq.main.T"), nullptr);
  EXPECT_NE(typedesc_hash_fn(td_, t), nullptr);
  EXPECT_EQ(typedesc_equal_closure(td_, Lookup("D")), nullptr); /* funcs are not comparable */
  EXPECT_EQ(typedesc_equal_closure(td_, Lookup("E")), nullptr);
  EXPECT_FALSE(typedesc_is_regular_memory(td_, t));
  EXPECT_TRUE(typedesc_is_regular_memory(td_, Lookup("A")));
  EXPECT_FALSE(typedesc_is_regular_memory(td_, Lookup("G"))); /* blank field */
  EXPECT_EQ(Sym(typedesc_equal_closure(td_, Lookup("A"))), "rog_memequal64_closure");
  EXPECT_EQ(typedesc_map_fast(td_, Lookup("E")), TD_MAP_SLOW);
  Type *mi = types_new_map(tc_, types_basic(tc_, INT), types_basic(tc_, STRING));
  Type *ms = types_new_map(tc_, types_basic(tc_, STRING), types_basic(tc_, INT));
  Type *mu = types_new_map(tc_, types_basic(tc_, UINT32), types_new_array(tc_, types_basic(tc_, INT8), 200));
  EXPECT_EQ(typedesc_map_fast(td_, mi), TD_MAP_FAST64);
  EXPECT_EQ(typedesc_map_fast(td_, ms), TD_MAP_FASTSTR);
  EXPECT_EQ(typedesc_map_fast(td_, mu), TD_MAP_SLOW); /* elem over 128 bytes */
  EXPECT_EQ(Sym(typedesc_hash_closure(td_, Lookup("F"))), "type..hashfunc.[2]main.T");
}

TEST_F(TypeDescTest, ItabAndModuleVerifies) {
  LLVMValueRef it = typedesc_itab(td_, types_new_pointer(tc_, Lookup("T")), Lookup("I"));
  EXPECT_EQ(Sym(it), "go.itab.*main.T,main.I");
  EXPECT_EQ(it, typedesc_itab(td_, types_new_pointer(tc_, Lookup("T")), Lookup("I")));
  for (const char *n : {"T", "I", "R", "A", "C", "D", "E", "F", "G"})
    typedesc_get(td_, Lookup(n));
  typedesc_equal_fn(td_, Lookup("F"));
  char *msg = nullptr;
  EXPECT_FALSE(LLVMVerifyModule(m_, LLVMReturnStatusAction, &msg)) << msg;
  LLVMDisposeMessage(msg);
}

TEST_F(TypeDescTest, BadInputDoesNotCrash) {
  EXPECT_NE(typedesc_get(td_, nullptr), nullptr); /* a null pointer constant */
  EXPECT_EQ(typedesc_equal_closure(td_, types_basic(tc_, UNTYPED_NIL)), nullptr);
  EXPECT_EQ(typedesc_hash_fn(td_, nullptr), nullptr);
}

} // namespace
