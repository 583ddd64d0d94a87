// fileheader_test: the Go header reader -- every import form, the package
// clause, comments and BOMs, //go:embed collection, and malformed headers
// reported as file:line:col errors (never crashes).
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "compiler/driver/fileheader.h"
}

namespace {

struct Header {
  fh_info h;
  int rc;
  explicit Header(const std::string &src) {
    rc = fh_read("a.go", src.data(), src.size(), &h);
  }
  ~Header() {
    fh_free(&h);
  }
  std::vector<std::string> Paths() const {
    std::vector<std::string> v;
    for (size_t i = 0; i < h.nimports; i++)
      v.push_back(h.imports[i].path);
    return v;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> v;
    for (size_t i = 0; i < h.nimports; i++)
      v.push_back(h.imports[i].name ? h.imports[i].name : "");
    return v;
  }
  std::vector<std::string> Embeds() const {
    std::vector<std::string> v;
    for (size_t i = 0; i < h.nembeds; i++)
      v.push_back(h.embeds[i].pattern);
    return v;
  }
  std::string Err() const {
    return h.err ? h.err : "";
  }
};

using V = std::vector<std::string>;

TEST(Header, PackageOnly) {
  Header a("package foo\n");
  EXPECT_EQ(a.rc, 0);
  EXPECT_STREQ(a.h.pkgname, "foo");
  EXPECT_EQ(a.h.pkg_line, 1);
  EXPECT_EQ(a.h.pkg_col, 9);
  EXPECT_EQ(a.h.nimports, 0u);
  Header b("package foo"); // no newline at EOF
  EXPECT_EQ(b.rc, 0);
  Header c("// doc\n/* block\n comment */ package  foo ; var x = 1");
  EXPECT_EQ(c.rc, 0);
  EXPECT_STREQ(c.h.pkgname, "foo");
  EXPECT_EQ(c.h.pkg_line, 3);
}

TEST(Header, ImportForms) {
  Header a("package p\n"
           "import \"fmt\"\n"
           "import (\n"
           "\t\"os\"\n"
           "\tstr \"strings\"\n"
           "\t. \"math\"\n"
           "\t_ \"embed\"\n"
           "\t`raw/path`\n"
           "\t\"esc\\x61ped/\\u00e9\"; \"semi\"\n"
           ")\n"
           "import ()\n"
           "import x \"last\"\n"
           "func main() {}\n"
           "import \"not/header\"\n");
  EXPECT_EQ(a.rc, 0) << a.Err();
  EXPECT_EQ(a.Paths(),
            (V{"fmt", "os", "strings", "math", "embed", "raw/path", "escaped/\xc3\xa9", "semi", "last"}));
  EXPECT_EQ(a.Names(), (V{"", "", "str", ".", "_", "", "", "", "x"}));
  EXPECT_EQ(a.h.imports[0].line, 2);
  EXPECT_EQ(a.h.imports[0].col, 8);
  EXPECT_EQ(a.h.imports[2].line, 5);
  EXPECT_EQ(a.h.imports[2].col, 2);
}

TEST(Header, CommentsBetweenTokens) {
  Header a("package p // c\n/* x */ import /* y */ ( // z\n \"a\" /* q */\n // r\n\"b\"\n)\n");
  EXPECT_EQ(a.rc, 0) << a.Err();
  EXPECT_EQ(a.Paths(), (V{"a", "b"}));
}

TEST(Header, ImportC) {
  Header a("package p\n\n// #include <stdio.h>\nimport \"C\"\nimport \"unsafe\"\n");
  EXPECT_EQ(a.rc, 0);
  EXPECT_EQ(a.Paths(), (V{"C", "unsafe"}));
}

TEST(Header, Bom) {
  Header a("\xef\xbb\xbfpackage p\nimport \"os\"\n");
  EXPECT_EQ(a.rc, 0) << a.Err();
  EXPECT_EQ(a.Paths(), (V{"os"}));
}

TEST(Header, Embeds) {
  Header a("package p\n"
           "import _ \"embed\"\n"
           "//go:embed a.txt b/*.txt\n"
           "var x string\n"
           "var s = \"//go:embed not/this\"\n"
           "/*\n//go:embed nor/this\n*/\n"
           "\t//go:embed \"quoted name\" `raw*`\n"
           "//go:embed \"bad\n"
           "x := `\n//go:embed in/raw/string\n`\n");
  EXPECT_EQ(a.rc, 0) << a.Err();
  EXPECT_EQ(a.Embeds(), (V{"a.txt", "b/*.txt", "quoted name", "raw*"}));
  EXPECT_EQ(a.h.embeds[0].line, 3);
  EXPECT_EQ(a.h.embeds[0].col, 12);
  // without import "embed" the directive is not collected
  Header b("package p\n//go:embed a.txt\nvar x string\n");
  EXPECT_EQ(b.h.nembeds, 0u);
  // right after the import block, as in std's embed tests
  Header c("package p\nimport (\n\t\"embed\"\n)\n\n//go:embed x/*.txt\nvar f embed.FS\n");
  EXPECT_EQ(c.Embeds(), (V{"x/*.txt"}));
}

TEST(Header, Errors) {
  EXPECT_EQ(Header("").Err(), "a.go:1:1: expected 'package', found 'EOF'");
  EXPECT_EQ(Header("import \"x\"").Err(), "a.go:1:1: expected 'package', found 'import'");
  EXPECT_EQ(Header("package\n").Err(), "a.go:1:9: expected 'IDENT', found 'EOF'");
  EXPECT_EQ(Header("package 1\n").Err(), "a.go:1:9: expected 'IDENT', found 1");
  EXPECT_EQ(Header("package p\nfunc").Err(), "");
  EXPECT_EQ(Header("package p\nimport (\n\t\"fmt\"\n\tfoo bar\n)\n").Err(),
            "a.go:4:6: expected 'STRING', found bar");
  EXPECT_EQ(Header("package p\nimport \"fmt\" \"os\"\n").Err(), "a.go:2:14: expected ';', found \"os\"");
  EXPECT_EQ(Header("package p\nimport \"a\nb\"\n").Err(), "a.go:2:8: string literal not terminated");
  EXPECT_EQ(Header("package p\nimport `abc").Err(), "a.go:2:8: raw string literal not terminated");
  EXPECT_EQ(Header("package p\nimport \"\"\n").Err(), "a.go:2:8: invalid import path: \"\"");
  EXPECT_EQ(Header("package p\nimport \"a b\"\n").Err(), "a.go:2:8: invalid import path: \"a b\"");
  EXPECT_EQ(Header("package p\nimport \"\\q\"\n").Err(), "a.go:2:10: unknown escape sequence");
  EXPECT_EQ(Header("package p\nimport \"\\x4g\"\n").Err(),
            "a.go:2:12: illegal character U+0067 'g' in escape sequence");
  EXPECT_EQ(Header("package p\nimport \"\\ud800\"\n").Err(),
            "a.go:2:10: escape sequence is invalid Unicode code point");
  EXPECT_EQ(Header("package p\nimport (\n\"a\"\n").Err(), "a.go:3:5: expected ')', found 'EOF'");
  EXPECT_EQ(Header("/* never closed\npackage p\n").Err(), "a.go:1:1: comment not terminated");
  EXPECT_EQ(Header("package p; import x").Err(), "a.go:1:20: expected 'STRING', found newline");
  Header nul(std::string("package p\nimport \"a\x00\"\n", 22));
  EXPECT_EQ(nul.Err(), "a.go:2:10: unexpected NUL in input");
  EXPECT_STREQ(nul.h.err_msg, "unexpected NUL in input");
  EXPECT_TRUE(nul.h.fatal);
}

TEST(Header, DocComment) {
  Header a("// Copyright 2009.\n\n// Package p does\n// things.\n//go:generate x\npackage p\n");
  ASSERT_NE(a.h.doc, nullptr);
  EXPECT_STREQ(a.h.doc, "Package p does\nthings.\n");
  // a blank line between comment and package: no doc
  Header b("// Package p.\n\npackage p\n");
  EXPECT_EQ(b.h.doc, nullptr);
  Header c("/*\nPackage p is\n  here.\n*/\npackage p\n");
  ASSERT_NE(c.h.doc, nullptr);
  EXPECT_STREQ(c.h.doc, "Package p is\n  here.\n");
}

std::string Synopsis(const char *text) {
  char *s = fh_synopsis(text);
  std::string r = s;
  free(s);
  return r;
}

TEST(Synopsis, GoDocRules) {
  EXPECT_EQ(Synopsis("Package p does\nthings. More text.\n"), "Package p does things.");
  // an initial is not the end of a sentence, an abbreviation after a capital is
  EXPECT_EQ(Synopsis("Package lzw, described in T. A. Welch, \u201cX\u201d. Next."),
            "Package lzw, described in T. A. Welch, \u201cX\u201d.");
  EXPECT_EQ(Synopsis("Package x parses X.509-encoded keys. More."), "Package x parses X.509-encoded keys.");
  EXPECT_EQ(Synopsis("Package sig holds ``code signatures'' that run.\n"),
            "Package sig holds \u201ccode signatures\u201d that run.");
  EXPECT_EQ(Synopsis("No period here\n\nSecond paragraph.\n"), "No period here");
  EXPECT_EQ(Synopsis("Copyright 2020 Someone. All rights reserved.\n"), "");
  EXPECT_EQ(Synopsis("Author: me.\n"), "");
  EXPECT_EQ(Synopsis("\tcode block first.\n"), "");
  EXPECT_EQ(Synopsis("# Heading\n"), "");
  EXPECT_EQ(Synopsis(""), "");
  EXPECT_EQ(Synopsis("See [Cache] for more. Next."), "See [Cache] for more.");
  EXPECT_EQ(Synopsis("Package a is\u3002Rest"), "Package a is\u3002");
}

TEST(Unquote, Escapes) {
  auto U = [](const char *s) {
    char *r = fh_unquote(s, strlen(s));
    std::string out = r ? r : "<null>";
    free(r);
    return out;
  };
  EXPECT_EQ(U("\"a\\tb\""), "a\tb");
  EXPECT_EQ(U("\"\\101\\x42\\u0043\\U00000044\""), "ABCD");
  EXPECT_EQ(U("`a\\tb`"), "a\\tb");
  EXPECT_EQ(U("`a\r\nb`"), "a\nb");
  EXPECT_EQ(U("\"\\'\""), "<null>");
  EXPECT_EQ(U("\"\\400\""), "<null>");
  EXPECT_EQ(U("\"\\ud800\""), "<null>");
  EXPECT_EQ(U("\"\\x4\""), "<null>");
  EXPECT_EQ(U("\"abc"), "<null>");
  char nul_escape[] = {'"', '\\', 0, 'x', '"'};
  EXPECT_EQ(fh_unquote(nul_escape, sizeof nul_escape), nullptr);
  EXPECT_EQ(U("\"\\0\""), "<null>");
  EXPECT_EQ(U("\"\\a\\\"\""), "\a\"");
  EXPECT_EQ(U("\""), "<null>");
}

} // namespace
