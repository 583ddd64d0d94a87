// modfile_test: go.mod directives in line and block form, comments,
// "// indirect", replace forms, errors with FILE:LINE[:COL]; and
// vendor/modules.txt.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "compiler/driver/modfile.h"
}

namespace {

struct Mod {
  modfile mf;
  int rc;
  explicit Mod(const std::string &src) {
    rc = modfile_parse("go.mod", src.data(), src.size(), &mf);
  }
  ~Mod() {
    modfile_free(&mf);
  }
  std::string Err() const {
    return mf.err ? mf.err : "";
  }
};

TEST(ModFile, Full) {
  Mod m("// leading comment\n"
        "module example.com/m // trailing\n"
        "\n"
        "go 1.19\n"
        "\n"
        "require example.com/a v1.2.3\n"
        "require (\n"
        "\texample.com/b v0.0.0-20200101000000-abcdefabcdef // indirect\n"
        "\t// a comment line in a block\n"
        "\t\"example.com/quoted\" v2.0.0+incompatible\n"
        ")\n"
        "replace example.com/a => ../a\n"
        "replace (\n"
        "\texample.com/b v0.0.0-20200101000000-abcdefabcdef => example.com/fork v1.0.0\n"
        "\texample.com/c => /abs/c\n"
        ")\n"
        "exclude example.com/a v1.0.0\n"
        "retract [v1.0.0, v1.0.5]\n");
  ASSERT_EQ(m.rc, 0) << m.Err();
  EXPECT_STREQ(m.mf.module, "example.com/m");
  EXPECT_STREQ(m.mf.go_version, "1.19");
  ASSERT_EQ(m.mf.nreqs, 3u);
  EXPECT_STREQ(m.mf.reqs[0].path, "example.com/a");
  EXPECT_STREQ(m.mf.reqs[0].version, "v1.2.3");
  EXPECT_FALSE(m.mf.reqs[0].indirect);
  EXPECT_TRUE(m.mf.reqs[1].indirect);
  EXPECT_STREQ(m.mf.reqs[2].path, "example.com/quoted");
  ASSERT_EQ(m.mf.nreps, 3u);
  EXPECT_STREQ(m.mf.reps[0].new_path, "../a");
  EXPECT_EQ(m.mf.reps[0].old_version, nullptr);
  EXPECT_EQ(m.mf.reps[0].new_version, nullptr);
  EXPECT_STREQ(m.mf.reps[1].old_version, "v0.0.0-20200101000000-abcdefabcdef");
  EXPECT_STREQ(m.mf.reps[1].new_path, "example.com/fork");
  EXPECT_STREQ(m.mf.reps[1].new_version, "v1.0.0");
  EXPECT_STREQ(m.mf.reps[2].new_path, "/abs/c");
  EXPECT_EQ(m.mf.nexcludes, 1u);
}

TEST(ModFile, Errors) {
  EXPECT_EQ(Mod("modul x\n").Err(), "go.mod:1: unknown directive: modul");
  EXPECT_EQ(Mod("module a\nmodule b\n").Err(), "go.mod:2: repeated module statement");
  EXPECT_EQ(Mod("module a\ngo 1.19.1\n").Err(),
            "go.mod:2:4: invalid go version '1.19.1': must match format 1.23");
  EXPECT_EQ(Mod("module a\nrequire b\n").Err(), "go.mod:2: usage: require module/path v1.2.3");
  EXPECT_EQ(Mod("module a\nrequire b 1.0\n").Err(), "go.mod:2:11: b@1.0: invalid module version");
  EXPECT_EQ(Mod("module a\nrequire (\nb v1.0.0\n").Err(), "go.mod:2: unterminated block (missing \")\")");
  EXPECT_EQ(Mod("module a\nreplace b => c\n").Err(),
            "go.mod:2:14: replacement module without version must be directory path (rooted or starting with "
            "./ or ../)");
  EXPECT_EQ(Mod("module a\nreplace b => ./c v1.0.0\n").Err(),
            "go.mod:2:18: replacement module directory path must not have version");
  EXPECT_EQ(Mod("module a\nreplace b\n").Err().substr(0, 22), "go.mod:2: usage: repla");
  EXPECT_EQ(Mod("module \"a\n").Err(), "go.mod:1:8: unterminated quoted string");
  EXPECT_EQ(Mod("module a\nfoo (\n)\n").Err(), "go.mod:2: unknown block type: foo");
  EXPECT_EQ(Mod("module a\n)\n").Err(), "go.mod:2: unexpected token )");
  EXPECT_EQ(Mod(std::string("module a\x00\n", 10)).Err(), "go.mod:1:9: unexpected NUL in go.mod");
  EXPECT_EQ(Mod("").rc, 0); // empty is valid syntax; the loader asks for a module line
}

TEST(ModFile, DirPaths) {
  EXPECT_TRUE(mf_is_dir_path("./x"));
  EXPECT_TRUE(mf_is_dir_path("../x"));
  EXPECT_TRUE(mf_is_dir_path("/x"));
  EXPECT_TRUE(mf_is_dir_path("."));
  EXPECT_FALSE(mf_is_dir_path("example.com/x"));
  EXPECT_FALSE(mf_is_dir_path(".x"));
}

TEST(ModulesTxt, Parse) {
  std::string src = "# example.com/a v1.0.0\n"
                    "## explicit; go 1.17\n"
                    "example.com/a\n"
                    "example.com/a/sub\n"
                    "# example.com/b v0.1.0 => ../b\n"
                    "example.com/b\n"
                    "# example.com/c v0.2.0\n";
  mf_vendor v;
  ASSERT_EQ(mf_vendor_parse("modules.txt", src.data(), src.size(), &v), 0);
  ASSERT_EQ(v.nmods, 3u);
  EXPECT_STREQ(v.mods[0].path, "example.com/a");
  EXPECT_TRUE(v.mods[0].explicit_req);
  EXPECT_EQ(v.mods[0].pkgs.n, 2u);
  EXPECT_STREQ(v.mods[1].version, "v0.1.0");
  EXPECT_FALSE(v.mods[1].explicit_req);
  EXPECT_EQ(v.mods[2].pkgs.n, 0u);
  mf_vendor_free(&v);
  std::string bad = "example.com/a\n";
  ASSERT_EQ(mf_vendor_parse("modules.txt", bad.data(), bad.size(), &v), -1);
  EXPECT_STREQ(v.err, "modules.txt:1: package line before any module line");
  mf_vendor_free(&v);
}

} // namespace
