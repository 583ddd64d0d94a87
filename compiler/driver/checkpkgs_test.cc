// checkpkgs_test: type-checking loaded packages from source in dependency
// order (checkpkgs.c) over the module in testdata/chk and a few std
// packages. Expected diagnostics were checked against `go build` 1.19
// (`cd testdata/chk && go build ./...`).
#include <gtest/gtest.h>

#include "compiler/driver/testdata_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

extern "C" {
#include "compiler/driver/checkpkgs.h"
}

namespace {

const char *kGoroot = "/usr/share/go-1.19";

struct Diag {
  std::string pkg, where, msg;
};

void Collect(void *ctx, const CheckedPkg *p, const TypesDiag *d) {
  auto *v = static_cast<std::vector<Diag> *>(ctx);
  std::string where;
  if (d->filename) {
    std::string f = d->filename;
    size_t slash = f.rfind('/');
    where = f.substr(slash == std::string::npos ? 0 : slash + 1) + ":" + std::to_string(d->line) + ":" +
            std::to_string(d->col);
  }
  v->push_back({p->lp->import_path, where, d->msg});
}

struct Session {
  loader l;
  TypesCtx *tc = nullptr;
  CheckSession *s = nullptr;
  std::vector<Diag> diags;
  ld_package **pkgs = nullptr;
  size_t n = 0;
  Session(const char *module, std::vector<std::string> patterns,
          std::vector<std::pair<std::string, std::string>> overlays = {}, bool keep_info = true) {
    unsetenv("GOFLAGS");
    EXPECT_EQ(ld_init(&l, kGoroot, "amd64", TestdataDir(module).c_str()), 0);
    for (auto &o : overlays)
      EXPECT_EQ(ld_add_overlay(&l, o.first.c_str(), o.second.c_str()), 0);
    std::vector<char *> p;
    for (auto &x : patterns)
      p.push_back(const_cast<char *>(x.c_str()));
    pkgs = ld_load_patterns(&l, p.data(), p.size(), &n);
    tc = types_ctx_new();
    CheckOptions opt = {};
    opt.error = Collect;
    opt.error_ctx = &diags;
    opt.keep_info = keep_info;
    s = checkpkgs_new(&l, tc, &opt);
  }
  ~Session() {
    checkpkgs_free(s);
    types_ctx_free(tc);
    free(pkgs);
    ld_free(&l);
  }
  ld_package *Find(const char *path) {
    for (size_t i = 0; i < l.nall; i++)
      if (std::string(l.all[i]->import_path) == path && !l.all[i]->for_test) return l.all[i];
    return nullptr;
  }
  std::vector<std::string> Errors() {
    std::vector<std::string> r;
    for (auto &d : diags)
      r.push_back(d.pkg + " " + d.where + ": " + d.msg);
    return r;
  }
};

using V = std::vector<std::string>;

TEST(CheckPkgs, CrossPackageTypesAndGenerics) {
  Session s("chk", {"./good"});
  ASSERT_EQ(s.n, 1u);
  CheckedPkg *cp = checkpkgs_check(s.s, s.pkgs[0]);
  EXPECT_EQ(s.Errors(), V{});
  ASSERT_NE(cp->pkg, nullptr);
  EXPECT_STREQ(cp->pkg->path, "example.com/chk/good");
  EXPECT_EQ(cp->nfiles, 1u);
  ASSERT_NE(cp->info, nullptr);
  EXPECT_GT(cp->info->types.len, 0u);
  // lib was checked first and is memoized: the same CheckedPkg comes back.
  ld_package *lib = s.Find("example.com/chk/lib");
  ASSERT_NE(lib, nullptr);
  CheckedPkg *lc = checkpkgs_check(s.s, lib);
  ASSERT_NE(lc->pkg, nullptr);
  EXPECT_EQ(checkpkgs_check(s.s, lib), lc);
  // good's import of lib is lib's TypesPackage object, not a copy.
  bool found = false;
  for (uint32_t i = 0; i < cp->pkg->nimports; i++)
    found |= cp->pkg->imports[i] == lc->pkg;
  EXPECT_TRUE(found);
  CheckStats st;
  checkpkgs_stats(s.s, &st);
  EXPECT_EQ(st.nerrors, 0);
  EXPECT_GT(st.npackages, 10u); // strings and its std dependencies
}

TEST(CheckPkgs, TypeErrorsWithPositions) {
  Session s("chk", {"./bad"});
  CheckedPkg *cp = checkpkgs_check(s.s, s.pkgs[0]);
  EXPECT_EQ(cp->nerrors, 2);
  EXPECT_EQ(s.Errors(),
            (V{"example.com/chk/bad bad.go:6:13: cannot use \"s\" (untyped string constant) as int value in "
               "variable declaration",
               "example.com/chk/bad bad.go:10:4: t.Missing undefined (type lib.T has no field or method "
               "Missing)"}));
}

TEST(CheckPkgs, MissingFunctionBodyFollowsGcComplete) {
  Session s("chk", {"./nobody"});
  checkpkgs_check(s.s, s.pkgs[0]);
  EXPECT_EQ(s.Errors(), (V{"example.com/chk/nobody nobody.go:7:6: missing function body"}));
}

TEST(CheckPkgs, SyntaxErrorsStopThePackageButNotItsImporters) {
  Session s("chk", {"./usesyn"});
  CheckedPkg *cp = checkpkgs_check(s.s, s.pkgs[0]);
  EXPECT_EQ(cp->nerrors, 0);
  EXPECT_EQ(s.Errors(),
            (V{"example.com/chk/syn syn.go:8:1: syntax error: unexpected }, expecting expression"}));
}

TEST(CheckPkgs, TestVariants) {
  Session s("chk", {"./lib"});
  ld_test_pkgs t;
  ld_test_packages(&s.l, s.pkgs[0], &t);
  ASSERT_NE(t.ptest, s.pkgs[0]);
  ASSERT_NE(t.pxtest, nullptr);
  CheckedPkg *pt = checkpkgs_check(s.s, t.ptest);
  CheckedPkg *px = checkpkgs_check(s.s, t.pxtest);
  EXPECT_EQ(s.Errors(), V{});
  EXPECT_EQ(pt->nfiles, 2u);
  EXPECT_EQ(px->nfiles, 1u);
  // lib_test imports the test variant of lib (with lib_test.go), not lib.
  bool found = false;
  for (uint32_t i = 0; px->pkg && i < px->pkg->nimports; i++)
    found |= px->pkg->imports[i] == pt->pkg;
  EXPECT_TRUE(found);
}

TEST(CheckPkgs, StdWithVendoredImports) {
  // net/http/httpguts is vendored into std (vendor/golang.org/x/...):
  // the importer must follow the loader's rewriting.
  Session s("chk", {"vendor/golang.org/x/net/http/httpguts", "sort", "errors"});
  for (size_t i = 0; i < s.n; i++)
    checkpkgs_check(s.s, s.pkgs[i]);
  EXPECT_EQ(s.Errors(), V{});
}

TEST(CheckPkgs, OverlayPackageMayOmitBodies) {
  std::string ov = TestdataDir("overlay");
  Session s("chk", {"runtime"},
            {{"runtime", ov + "/runtime"}, {"internal/rogonly", ov + "/internal/rogonly"}});
  ASSERT_EQ(s.n, 1u);
  CheckedPkg *cp = checkpkgs_check(s.s, s.pkgs[0]);
  EXPECT_EQ(s.Errors(), V{});
  ASSERT_NE(cp->pkg, nullptr);
  EXPECT_NE(types_scope_lookup_local(cp->pkg->scope, "KeepAlive"), nullptr);
}

TEST(CheckPkgs, SameVerdictWithoutInfo) {
  Session s("chk", {"./lenconst", "runtime/debug"}, {}, /*keep_info=*/false);
  for (size_t i = 0; i < s.n; i++) {
    CheckedPkg *cp = checkpkgs_check(s.s, s.pkgs[i]);
    EXPECT_EQ(cp->info, nullptr);
  }
  EXPECT_EQ(s.Errors(), V{});
}

TEST(CheckPkgs, LoaderErrorsAreReported) {
  Session s("chk", {"example.com/chk/nonexistent"});
  ASSERT_EQ(s.n, 1u);
  CheckedPkg *cp = checkpkgs_check(s.s, s.pkgs[0]);
  EXPECT_GE(cp->nerrors, 1);
  EXPECT_EQ(cp->pkg, nullptr);
}

} // namespace
