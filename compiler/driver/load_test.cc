// load_test: module-mode loading of the modules in testdata/ -- a main
// module with a `replace` to a local directory (mod -> dep), a vendored
// module (vmod), and error cases (errs) -- plus std resolution details
// (vendored golang.org/x paths, -deps order). Expected values were checked
// against `go list` 1.19 (tests/list runs the full std comparison).
#include <gtest/gtest.h>

#include "compiler/driver/testdata_dir.h"

#include <algorithm>

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

extern "C" {
#include "compiler/driver/load.h"
}

namespace {

const char *kGoroot = "/usr/share/go-1.19";

std::vector<std::string> Strs(const strvec &v) {
  return std::vector<std::string>(v.v, v.v + v.n);
}

using V = std::vector<std::string>;

struct Load {
  loader l;
  ld_package **pkgs = nullptr;
  size_t n = 0;
  int rc;
  Load(const char *module, const char *arch, V patterns,
       std::vector<std::pair<std::string, std::string>> overlays = {}) {
    unsetenv("GOFLAGS");
    rc = ld_init(&l, kGoroot, arch, TestdataDir(module).c_str());
    if (rc != 0) return;
    for (auto &o : overlays)
      EXPECT_EQ(ld_add_overlay(&l, o.first.c_str(), o.second.c_str()), 0) << o.first;
    std::vector<char *> p;
    for (auto &s : patterns)
      p.push_back(const_cast<char *>(s.c_str()));
    pkgs = ld_load_patterns(&l, p.data(), p.size(), &n);
  }
  ~Load() {
    free(pkgs);
    ld_free(&l);
  }
  const ld_package *Find(const char *path) const {
    for (size_t i = 0; i < l.nall; i++)
      if (std::string(l.all[i]->import_path) == path) return l.all[i];
    return nullptr;
  }
  V Paths() const {
    V v;
    for (size_t i = 0; i < n; i++)
      v.push_back(pkgs[i]->import_path);
    return v;
  }
  std::string Err(const char *path) const {
    const ld_package *p = Find(path);
    if (!p || !p->error) return "<no error>";
    char *s = ld_error_string(p->error);
    std::string r = s;
    free(s);
    return r;
  }
};

TEST(Module, WalkOrderAndSkips) {
  Load ld("mod", "amd64", {"./..."});
  ASSERT_EQ(ld.rc, 0) << ld.l.fatal;
  // testdata/ and _skip/ are not walked
  EXPECT_EQ(ld.Paths(), (V{"example.com/m", "example.com/m/cmd/tool", "example.com/m/internal/secret",
                           "example.com/m/lib"}));
  for (size_t i = 0; i < ld.n; i++)
    EXPECT_EQ(ld.pkgs[i]->error, nullptr) << ld.pkgs[i]->import_path;
}

TEST(Module, FilesAndConstraints) {
  Load ld("mod", "amd64", {"./lib"});
  ASSERT_EQ(ld.n, 1u);
  const ld_package *p = ld.pkgs[0];
  EXPECT_STREQ(p->name, "lib");
  EXPECT_EQ(Strs(p->go_files), (V{"lib.go", "lib_amd64.go", "plus.go"}));
  // cgo.go: imports "C" with cgo off; doc.go: package documentation;
  // old.go: +build ignore; win_windows.go, lib_arm64.go: file names.
  EXPECT_EQ(Strs(p->ignored_go_files), (V{"cgo.go", "doc.go", "lib_arm64.go", "old.go", "win_windows.go"}));
  EXPECT_EQ(Strs(p->test_go_files), (V{"lib_test.go"}));
  EXPECT_EQ(Strs(p->xtest_go_files), (V{"x_test.go"}));
  EXPECT_EQ(Strs(p->imports), (V{"embed", "example.com/m/internal/secret", "math", "os", "strings"}));
  EXPECT_EQ(Strs(p->test_imports), (V{"testing"}));
  EXPECT_EQ(Strs(p->xtest_imports), (V{"example.com/m/lib", "testing"}));
  EXPECT_EQ(Strs(p->embed_patterns), (V{"data.txt", "quoted.txt", "raw*.txt"}));
  // x_test.go has a //go:embed line but does not import "embed"
  EXPECT_EQ(p->xtest_embed_patterns.n, 0u);
  EXPECT_EQ(Strs(p->s_files), (V{"asm_amd64.s"}));
  EXPECT_EQ(Strs(p->h_files), (V{"helper.h"}));
  ASSERT_NE(p->module, nullptr);
  EXPECT_TRUE(p->module->main);
  EXPECT_STREQ(p->module->path, "example.com/m");
  EXPECT_FALSE(p->standard);
}

TEST(Module, Arm64SelectsOtherFiles) {
  Load ld("mod", "arm64", {"./lib"});
  ASSERT_EQ(ld.n, 1u);
  EXPECT_EQ(Strs(ld.pkgs[0]->go_files), (V{"lib.go", "lib_arm64.go", "plus.go"}));
  EXPECT_EQ(Strs(ld.pkgs[0]->imports),
            (V{"embed", "example.com/m/internal/secret", "os", "strings", "unsafe"}));
  EXPECT_EQ(ld.pkgs[0]->s_files.n, 0u);
}

TEST(Module, ReplaceToLocalDirectory) {
  Load ld("mod", "amd64", {"."});
  ASSERT_EQ(ld.n, 1u);
  const ld_package *m = ld.pkgs[0];
  EXPECT_EQ(m->error, nullptr);
  EXPECT_STREQ(m->name, "main");
  EXPECT_EQ(Strs(m->imports), (V{"example.com/dep", "example.com/m/lib", "fmt"}));
  const ld_package *dep = ld.Find("example.com/dep");
  ASSERT_NE(dep, nullptr);
  EXPECT_EQ(std::string(dep->dir), TestdataDir("dep"));
  ASSERT_NE(dep->module, nullptr);
  EXPECT_STREQ(dep->module->version, "v1.0.0");
  EXPECT_STREQ(dep->module->replace_path, "../dep");
  EXPECT_STREQ(dep->module->go_version, "1.18");
  EXPECT_EQ(Strs(dep->imports), (V{"errors"}));
  // Deps are transitive and sorted, and include std
  V deps = Strs(m->deps);
  EXPECT_TRUE(std::find(deps.begin(), deps.end(), "example.com/dep") != deps.end());
  EXPECT_TRUE(std::find(deps.begin(), deps.end(), "internal/reflectlite") != deps.end());
  EXPECT_TRUE(std::is_sorted(deps.begin(), deps.end()));
}

TEST(Module, SubpackageOfReplacedModule) {
  Load ld("mod", "amd64", {"./cmd/tool"});
  const ld_package *sub = ld.Find("example.com/dep/sub");
  ASSERT_NE(sub, nullptr);
  EXPECT_EQ(sub->error, nullptr);
  EXPECT_EQ(std::string(sub->dir), TestdataDir("dep") + "/sub");
}

TEST(Vendor, ResolvesIntoVendorDirectory) {
  Load ld("vmod", "amd64", {"./..."});
  ASSERT_EQ(ld.rc, 0) << ld.l.fatal;
  EXPECT_TRUE(ld.l.vendor_mode);
  EXPECT_EQ(ld.Paths(), (V{"example.com/vm/app"})); // vendor/ is not walked
  const ld_package *v = ld.Find("example.com/v");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->error, nullptr);
  EXPECT_EQ(std::string(v->dir), TestdataDir("vmod") + "/vendor/example.com/v");
  const ld_package *inner = ld.Find("example.com/v/inner");
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->error, nullptr);
  ASSERT_NE(v->module, nullptr);
  EXPECT_STREQ(v->module->version, "v1.2.0");
}

TEST(Errors, GoStyleMessages) {
  Load ld("errs", "amd64", {"./..."});
  std::string d = TestdataDir("errs");
  EXPECT_EQ(ld.Err("example.com/errs/a"),
            "package example.com/errs/a\n\timports example.com/errs/b\n\timports example.com/errs/a: "
            "import cycle not allowed");
  EXPECT_EQ(ld.Err("example.com/errs/bad"), "bad/bad.go:5:6: expected 'STRING', found bar");
  EXPECT_EQ(
      ld.Err("nosuchstd/pkg"),
      "missing/m.go:5:2: package nosuchstd/pkg is not in GOROOT (/usr/share/go-1.19/src/nosuchstd/pkg)");
  EXPECT_EQ(ld.Err("example.com/errs/nothere"),
            "missing/m.go:6:2: no required module provides package example.com/errs/nothere; to add it:\n"
            "\tgo get example.com/errs/nothere");
  EXPECT_EQ(ld.Err("example.com/errs/twopkg"),
            "found packages one (one.go) and two (two.go) in " + d + "/twopkg");
  // excluded/ has only a windows file: not matched by ./..., but by name
  EXPECT_EQ(ld.Find("example.com/errs/excluded"), nullptr);
  Load ex("errs", "amd64", {"./excluded"});
  EXPECT_EQ(ex.Err("example.com/errs/excluded"),
            "package example.com/errs/excluded: build constraints exclude all Go files in " + d +
                "/excluded");
  // the internal violation is an error of the import, on a copy of the package
  const ld_package *u = ld.Find("example.com/errs/useint");
  ASSERT_NE(u, nullptr);
  ASSERT_EQ(u->nimported, 1u);
  ASSERT_NE(u->imported[0]->error, nullptr);
  char *s = ld_error_string(u->imported[0]->error);
  EXPECT_STREQ(
      s,
      "package example.com/errs/useint\n\tuseint/u.go:3:8: use of internal package internal/cpu not allowed");
  free(s);
  EXPECT_EQ(ld.Find("internal/cpu")->error, nullptr);
  EXPECT_EQ(ld.Err("example.com/errs/embedbad"),
            "embedbad/e.go:5:12: pattern nothere.txt: no matching files found");
}

TEST(Module, EmbedFiles) {
  Load ld("mod", "amd64", {"./lib"});
  ASSERT_EQ(ld.n, 1u);
  EXPECT_EQ(Strs(ld.pkgs[0]->embed_files), (V{"data.txt", "quoted.txt", "raw1.txt"}));
}

TEST(Module, TestPackages) {
  Load ld("mod", "amd64", {"./lib"});
  ASSERT_EQ(ld.n, 1u);
  ld_package *p = ld.pkgs[0];
  ld_test_pkgs t;
  ld_test_packages(&ld.l, p, &t);
  ASSERT_NE(t.pmain, nullptr);
  ASSERT_NE(t.ptest, p);
  ASSERT_NE(t.pxtest, nullptr);
  EXPECT_STREQ(t.pmain->import_path, "example.com/m/lib.test");
  EXPECT_EQ(Strs(t.ptest->go_files), (V{"lib.go", "lib_amd64.go", "plus.go", "lib_test.go"}));
  EXPECT_EQ(Strs(t.pxtest->go_files), (V{"x_test.go"}));
  ld_package *roots[] = {p, t.pmain, t.ptest, t.pxtest};
  size_t n;
  ld_package **all = ld_package_list(roots, 4, &n);
  ld_finish_test_variants(all, n);
  free(all);
  EXPECT_STREQ(t.ptest->import_path, "example.com/m/lib [example.com/m/lib.test]");
  EXPECT_STREQ(t.pxtest->import_path, "example.com/m/lib_test [example.com/m/lib.test]");
  // the external test imports the recompiled package, and so does the main
  EXPECT_EQ(Strs(t.pxtest->imports), (V{"example.com/m/lib [example.com/m/lib.test]", "testing"}));
  EXPECT_EQ(Strs(t.pmain->imports), (V{"example.com/m/lib [example.com/m/lib.test]",
                                       "example.com/m/lib_test [example.com/m/lib.test]", "os", "reflect",
                                       "testing", "testing/internal/testdeps"}));
}

TEST(Errors, BadGoMod) {
  loader l;
  std::string dir = TestdataDir("errs") + "/../badmod";
  EXPECT_EQ(ld_init(&l, kGoroot, "amd64", dir.c_str()), -1);
  ASSERT_NE(l.fatal, nullptr);
  EXPECT_NE(std::string(l.fatal).find("go.mod:3: unknown directive: requre"), std::string::npos) << l.fatal;
  ld_free(&l);
}

TEST(Std, VendoredGolangOrgX) {
  Load ld("errs", "amd64", {"net/http"});
  ASSERT_EQ(ld.n, 1u);
  const ld_package *p = ld.pkgs[0];
  EXPECT_EQ(p->error, nullptr);
  V imps = Strs(p->imports);
  EXPECT_TRUE(std::find(imps.begin(), imps.end(), "vendor/golang.org/x/net/http/httpguts") != imps.end());
  V raw = Strs(p->raw_imports);
  ASSERT_EQ(raw.size(), imps.size());
  size_t k = std::find(raw.begin(), raw.end(), "golang.org/x/net/http/httpguts") - raw.begin();
  ASSERT_LT(k, raw.size());
  EXPECT_EQ(imps[k], "vendor/golang.org/x/net/http/httpguts");
  const ld_package *hg = ld.Find("vendor/golang.org/x/net/http/httpguts");
  ASSERT_NE(hg, nullptr);
  EXPECT_TRUE(hg->standard);
}

TEST(Std, DepsPostOrder) {
  Load ld("errs", "amd64", {"errors"});
  size_t n;
  ld_package **list = ld_package_list(ld.pkgs, ld.n, &n);
  V got;
  for (size_t i = 0; i < n; i++)
    got.push_back(list[i]->import_path);
  free(list);
  // go list -deps errors (Go 1.19, linux/amd64)
  EXPECT_EQ(got, (V{"internal/goarch", "unsafe", "internal/unsafeheader", "internal/abi", "internal/cpu",
                    "internal/bytealg", "internal/goexperiment", "internal/goos", "runtime/internal/atomic",
                    "runtime/internal/math", "runtime/internal/sys", "runtime/internal/syscall", "runtime",
                    "internal/reflectlite", "errors"}));
}

// Overlays: runtime comes from testdata/overlay/runtime (with the build
// constraints of the target), internal/rogonly exists only as an overlay,
// and packages that import runtime see the overlay.
TEST(Overlay, ReplacesStdPackage) {
  std::string ov = TestdataDir("overlay");
  for (const char *arch : {"amd64", "arm64"}) {
    Load ld("errs", arch, {"errors"},
            {{"runtime", ov + "/runtime"}, {"internal/rogonly", ov + "/internal/rogonly"}});
    ASSERT_EQ(ld.n, 1u);
    EXPECT_EQ(ld.pkgs[0]->error, nullptr);
    const ld_package *rt = ld.Find("runtime");
    ASSERT_NE(rt, nullptr);
    EXPECT_EQ(rt->dir, ov + "/runtime");
    EXPECT_TRUE(rt->overlay);
    EXPECT_TRUE(rt->standard);
    EXPECT_EQ(rt->error, nullptr);
    if (std::string(arch) == "arm64")
      EXPECT_EQ(Strs(rt->go_files), (V{"runtime.go", "runtime_arm64.go"}));
    else
      EXPECT_EQ(Strs(rt->go_files), (V{"runtime.go"}));
    EXPECT_EQ(Strs(rt->imports), (V{"internal/rogonly"}));
    const ld_package *ro = ld.Find("internal/rogonly");
    ASSERT_NE(ro, nullptr);
    EXPECT_TRUE(ro->overlay);
    EXPECT_EQ(ro->error, nullptr);
    const ld_package *rl = ld.Find("internal/reflectlite");
    ASSERT_NE(rl, nullptr);
    EXPECT_FALSE(rl->overlay);
    EXPECT_EQ(ld.Find("runtime/internal/sys"), nullptr); // GOROOT's runtime's imports are gone
  }
}

TEST(Overlay, RejectsMissingDirectoryAndReplaces) {
  loader l;
  ASSERT_EQ(ld_init(&l, kGoroot, "amd64", TestdataDir("errs").c_str()), 0);
  EXPECT_EQ(ld_add_overlay(&l, "runtime", "/nonexistent/dir"), -1);
  std::string ov = TestdataDir("overlay");
  EXPECT_EQ(ld_add_overlay(&l, "runtime", (ov + "/internal").c_str()), 0);
  EXPECT_EQ(ld_add_overlay(&l, "runtime", (ov + "/runtime").c_str()), 0);
  ASSERT_EQ(l.overlay_paths.n, 1u);
  EXPECT_EQ(std::string(l.overlay_dirs.v[0]), ov + "/runtime");
  ld_free(&l);
}

// The overlay contract: every directory under the root holding .go files
// is overlaid as its relative path; directories without .go files
// (internal/), testdata and _-prefixed ones are not.
TEST(Overlay, TreeAddsEveryPackageDirectory) {
  loader l;
  ASSERT_EQ(ld_init(&l, kGoroot, "amd64", TestdataDir("errs").c_str()), 0);
  EXPECT_EQ(ld_add_overlay_tree(&l, "/nonexistent/dir"), -1);
  std::string ov = TestdataDir("overlay");
  EXPECT_EQ(ld_add_overlay_tree(&l, ov.c_str()), 2);
  ASSERT_EQ(l.overlay_paths.n, 2u);
  EXPECT_EQ(std::string(l.overlay_paths.v[0]), "internal/rogonly");
  EXPECT_EQ(std::string(l.overlay_dirs.v[0]), ov + "/internal/rogonly");
  EXPECT_EQ(std::string(l.overlay_paths.v[1]), "runtime");
  EXPECT_EQ(std::string(l.overlay_dirs.v[1]), ov + "/runtime");
  ld_free(&l);
}

} // namespace
