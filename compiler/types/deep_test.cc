// deep_test: generated code the checker must survive. A constant built by
// a `+` chain of 50,000 string literals (time/tzdata's zipdata has
// thousands) is a left-deep tree: checking it recursed deeper than an
// 8 MiB stack allows under ASan, and copying the string at every `+` used
// O(n^2) memory. Checks the value and that nothing overflows.
#include <gtest/gtest.h>

#include <string>

#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

namespace {

void Fail(void *ctx, const TypesDiag *d) {
  static_cast<std::string *>(ctx)->append(d->msg).append("\n");
}

TEST(Deep, LongStringConcatenation) {
  const int kTerms = 50000;
  std::string src = "package p\n\nconst S = \"\"";
  for (int i = 0; i < kTerms; i++)
    src += " +\n\t\"0123456789\"";
  src += "\n\nconst N = len(S)\n";
  SynArena *a = syn_arena_new();
  SynFile *f = syn_parse_file(a, "deep.go", src.data(), src.size(), nullptr, nullptr);
  ASSERT_EQ(f->nerrors, 0u);
  TypesCtx *c = types_ctx_new();
  TypesConfig cfg = {};
  std::string errs;
  cfg.error = Fail;
  cfg.error_ctx = &errs;
  int nerr = 0;
  TypesPackage *p = types_check_package(c, &cfg, "p", &f, 1, nullptr, &nerr);
  EXPECT_EQ(nerr, 0) << errs;
  Object *n = types_scope_lookup_local(p->scope, "N");
  ASSERT_NE(n, nullptr);
  int64_t v = 0;
  ASSERT_TRUE(const_int64_val(n->val, &v));
  EXPECT_EQ(v, 10 * kTerms);
  Object *s = types_scope_lookup_local(p->scope, "S");
  size_t len = 0;
  const char *bytes = const_string_val(s->val, &len);
  ASSERT_EQ(len, size_t(10 * kTerms));
  EXPECT_EQ(std::string(bytes + len - 10, 10), "0123456789");
  EXPECT_EQ(bytes[len], '\0');
  types_ctx_free(c);
  syn_arena_free(a);
}

} // namespace
