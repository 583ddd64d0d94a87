// buildctx_test: build constraints as Go 1.19 evaluates them -- //go:build
// expressions (precedence, parens, errors), // +build lines (when they
// count, how they combine), file-name suffixes and the tag set.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

extern "C" {
#include "compiler/driver/buildctx.h"
}

namespace {

struct Ctx {
  bc_context c;
  explicit Ctx(const char *arch = "amd64") {
    bc_init(&c, arch);
  }
  ~Ctx() {
    bc_free(&c);
  }
};

// Evaluates a //go:build expression; "ERR: msg" on a syntax error.
std::string GoBuild(const bc_context *c, const char *expr) {
  char *err = nullptr;
  bc_expr *x = bc_parse_gobuild(expr, &err);
  if (!x) {
    std::string s = std::string("ERR: ") + err;
    free(err);
    return s;
  }
  bool v = bc_eval(c, x);
  bc_expr_free(x);
  return v ? "true" : "false";
}

bool PlusBuild(const bc_context *c, const char *text) {
  bc_expr *x = bc_parse_plusbuild(text);
  bool v = bc_eval(c, x);
  bc_expr_free(x);
  return v;
}

// bc_should_build on a whole file: 1, 0, or -1 with the message in *msg.
int Should(const bc_context *c, const std::string &src, std::string *msg = nullptr) {
  char *err = nullptr;
  int r = bc_should_build(c, src.data(), src.size(), &err);
  if (err) {
    if (msg) *msg = err;
    free(err);
  }
  return r;
}

TEST(Tags, TargetAndReleaseTags) {
  Ctx amd, arm("arm64");
  EXPECT_TRUE(bc_match_tag(&amd.c, "linux"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "unix"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "amd64"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "arm64"));
  EXPECT_TRUE(bc_match_tag(&arm.c, "arm64"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "gc"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "gccgo"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "cgo"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "windows"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "go1.1"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "go1.19"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "go1.20"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "goexperiment.regabiargs"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "goexperiment.unified"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "foo"));
  bc_add_tags(&amd.c, "foo,bar baz");
  EXPECT_TRUE(bc_match_tag(&amd.c, "foo"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "bar"));
  EXPECT_TRUE(bc_match_tag(&amd.c, "baz"));
}

TEST(GoBuild, Precedence) {
  Ctx x;
  EXPECT_EQ(GoBuild(&x.c, "linux"), "true");
  EXPECT_EQ(GoBuild(&x.c, "!linux"), "false");
  // && binds tighter than ||
  EXPECT_EQ(GoBuild(&x.c, "windows && arm64 || linux"), "true");
  EXPECT_EQ(GoBuild(&x.c, "linux || windows && arm64"), "true");
  EXPECT_EQ(GoBuild(&x.c, "(linux || windows) && arm64"), "false");
  EXPECT_EQ(GoBuild(&x.c, "!windows && !(arm64 || 386)"), "true");
  EXPECT_EQ(GoBuild(&x.c, "  linux&&amd64  "), "true");
  EXPECT_EQ(GoBuild(&x.c, "go1.18 && !go1.20"), "true");
  EXPECT_EQ(GoBuild(&x.c, "((((linux))))"), "true");
  EXPECT_EQ(GoBuild(&x.c, "cgo || !cgo"), "true");
  EXPECT_EQ(GoBuild(&x.c, "cgo"), "false");
}

TEST(GoBuild, SyntaxErrors) {
  Ctx x;
  EXPECT_EQ(GoBuild(&x.c, ""), "ERR: unexpected end of expression");
  EXPECT_EQ(GoBuild(&x.c, "linux &&"), "ERR: unexpected end of expression");
  EXPECT_EQ(GoBuild(&x.c, "!!linux"), "ERR: double negation not allowed");
  EXPECT_EQ(GoBuild(&x.c, "(linux"), "ERR: missing close paren");
  EXPECT_EQ(GoBuild(&x.c, "linux)"), "ERR: unexpected token )");
  EXPECT_EQ(GoBuild(&x.c, "linux amd64"), "ERR: unexpected token amd64");
  EXPECT_EQ(GoBuild(&x.c, "linux & amd64"), "ERR: invalid syntax at &");
  EXPECT_EQ(GoBuild(&x.c, "linux,amd64"), "ERR: invalid syntax at ,");
  EXPECT_EQ(GoBuild(&x.c, "&& linux"), "ERR: unexpected token &&");
}

TEST(PlusBuild, OrOfAnds) {
  Ctx x;
  EXPECT_TRUE(PlusBuild(&x.c, "linux darwin"));
  EXPECT_TRUE(PlusBuild(&x.c, "linux,amd64"));
  EXPECT_FALSE(PlusBuild(&x.c, "linux,arm64"));
  EXPECT_TRUE(PlusBuild(&x.c, "windows linux,!cgo"));
  EXPECT_FALSE(PlusBuild(&x.c, "!linux"));
  // malformed terms never match
  EXPECT_FALSE(PlusBuild(&x.c, "!!linux"));
  EXPECT_FALSE(PlusBuild(&x.c, "!"));
  EXPECT_FALSE(PlusBuild(&x.c, "linux&amd64"));
  EXPECT_FALSE(PlusBuild(&x.c, ""));
  EXPECT_TRUE(PlusBuild(&x.c, "li$nux linux"));
}

TEST(FileHeader, GoBuildLine) {
  Ctx x;
  EXPECT_EQ(Should(&x.c, "//go:build windows\n\npackage p\n"), 0);
  EXPECT_EQ(Should(&x.c, "//go:build linux\npackage p\n"), 1);
  // //go:build wins over // +build
  EXPECT_EQ(Should(&x.c, "//go:build linux\n// +build windows\n\npackage p\n"), 1);
  // a //go:build after other comments still counts
  EXPECT_EQ(Should(&x.c, "// Copyright\n\n//go:build ignore\n\npackage p\n"), 0);
  // not inside a block comment, not after the package clause
  EXPECT_EQ(Should(&x.c, "/*\n//go:build ignore\n*/\npackage p\n"), 1);
  EXPECT_EQ(Should(&x.c, "package p\n//go:build ignore\n"), 1);
  // "//go:buildx" is not a constraint
  EXPECT_EQ(Should(&x.c, "//go:buildignore\n\npackage p\n"), 1);
  std::string msg;
  EXPECT_EQ(Should(&x.c, "//go:build linux\n//go:build amd64\n\npackage p\n", &msg), -1);
  EXPECT_EQ(msg, "multiple //go:build comments");
  EXPECT_EQ(Should(&x.c, "//go:build linux &&\n\npackage p\n", &msg), -1);
  EXPECT_EQ(msg, "parsing //go:build line: unexpected end of expression");
}

TEST(FileHeader, PlusBuildLines) {
  Ctx x;
  EXPECT_EQ(Should(&x.c, "// +build windows\n\npackage p\n"), 0);
  EXPECT_EQ(Should(&x.c, "// +build linux\n\npackage p\n"), 1);
  // lines AND together
  EXPECT_EQ(Should(&x.c, "// +build linux\n// +build arm64\n\npackage p\n"), 0);
  // a +build line must be followed by a blank line
  EXPECT_EQ(Should(&x.c, "// +build windows\npackage p\n"), 1);
  // ... and must come before the package clause
  EXPECT_EQ(Should(&x.c, "package p\n\n// +build windows\n\n"), 1);
  // "+buildfoo" is not a constraint; "+build" alone never matches
  EXPECT_EQ(Should(&x.c, "// +buildwindows\n\npackage p\n"), 1);
  EXPECT_EQ(Should(&x.c, "// +build\n\npackage p\n"), 0);
  // inside a comment block that starts the file
  EXPECT_EQ(Should(&x.c, "// Copyright\n// +build ignore\n\n/* doc */\npackage p\n"), 0);
  EXPECT_EQ(Should(&x.c, "\xef\xbb\xbfpackage p\n"), 1);
}

TEST(FileNames, Suffixes) {
  Ctx x, a("arm64");
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "x.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "x_linux.go"));
  EXPECT_FALSE(bc_good_os_arch_file(&x.c, "x_windows.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "x_amd64.go"));
  EXPECT_FALSE(bc_good_os_arch_file(&x.c, "x_arm64.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&a.c, "x_arm64.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "x_linux_amd64.go"));
  EXPECT_FALSE(bc_good_os_arch_file(&x.c, "x_linux_arm64_test.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&a.c, "x_linux_arm64_test.go"));
  EXPECT_FALSE(bc_good_os_arch_file(&x.c, "x_windows_test.go"));
  // the part before the first '_' never constrains
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "windows.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "arm64_x.go"));
  // unix is a tag but not a file-name suffix
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "x_unix.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "x_nonsense.go"));
  // an OS_ARCH pair needs both to match
  EXPECT_FALSE(bc_good_os_arch_file(&x.c, "x_windows_amd64.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&x.c, "abi_amd64.s"));
  EXPECT_FALSE(bc_good_os_arch_file(&x.c, "abi_arm64.h"));
}

// rog's selection for std packages without assembly: the GOARCH tag and
// suffix are false, purego and math_big_pure_go true, the rest unchanged.
TEST(NoAsm, GoarchFalsePureGoTrue) {
  Ctx amd, arm("arm64");
  bc_context n = bc_noasm_context(&amd.c);
  EXPECT_FALSE(bc_match_tag(&n, "amd64"));
  EXPECT_FALSE(bc_match_tag(&n, "arm64"));
  EXPECT_TRUE(bc_match_tag(&n, "linux"));
  EXPECT_TRUE(bc_match_tag(&n, "unix"));
  EXPECT_TRUE(bc_match_tag(&n, "gc"));
  EXPECT_TRUE(bc_match_tag(&n, "go1.19"));
  EXPECT_TRUE(bc_match_tag(&n, "purego"));
  EXPECT_TRUE(bc_match_tag(&n, "math_big_pure_go"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "purego"));
  EXPECT_FALSE(bc_match_tag(&amd.c, "math_big_pure_go"));
  EXPECT_FALSE(bc_good_os_arch_file(&n, "sha256block_amd64.go"));
  EXPECT_FALSE(bc_good_os_arch_file(&n, "x_linux_amd64.go"));
  EXPECT_TRUE(bc_good_os_arch_file(&n, "x_linux.go"));
  // crypto/aes: cipher_asm.go and cipher_generic.go
  EXPECT_EQ(GoBuild(&n, "amd64 || arm64 || ppc64 || ppc64le"), "false");
  EXPECT_EQ(GoBuild(&n, "!amd64 && !s390x && !ppc64 && !ppc64le && !arm64"), "true");
  EXPECT_EQ(GoBuild(&amd.c, "!amd64 && !s390x && !ppc64 && !ppc64le && !arm64"), "false");
  // vendor/golang.org/x/crypto/chacha20poly1305
  EXPECT_EQ(GoBuild(&n, "!amd64 || !gc || purego"), "true");
  bc_context na = bc_noasm_context(&arm.c);
  EXPECT_FALSE(bc_match_tag(&na, "arm64"));
  EXPECT_FALSE(bc_good_os_arch_file(&na, "fe_arm64.go"));
  EXPECT_TRUE(bc_noasm_package("crypto/sha256"));
  EXPECT_TRUE(bc_noasm_package("math/big"));
  EXPECT_TRUE(bc_noasm_package("vendor/golang.org/x/crypto/chacha20poly1305"));
  EXPECT_FALSE(bc_noasm_package("math"));
  EXPECT_FALSE(bc_noasm_package("crypto/sha256/x"));
}

} // namespace
