// syntax_test.cc: unit tests for the scanner, parser and positions.
//
// Each test parses a small Go source and asserts on the AST (through the
// public syntax.h only) or on the exact diagnostics (gc's wording and
// positions). Golden AST dumps of larger files are in golden_test.cc.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/syntax/syntax.h"

namespace {

struct Parsed {
  SynArena *arena = nullptr;
  SynFile *file = nullptr;
  std::vector<std::string> errors; // "line:col: msg"
  ~Parsed() {
    syn_arena_free(arena);
  }
};

void collect(void *ctx, const SynError *e) {
  auto *v = static_cast<std::vector<std::string> *>(ctx);
  v->push_back(std::to_string(e->line) + ":" + std::to_string(e->col) + ": " + e->msg);
}

std::unique_ptr<Parsed> parse(const std::string &src, const char *name = "x.go") {
  auto p = std::make_unique<Parsed>();
  p->arena = syn_arena_new();
  p->file = syn_parse_file(p->arena, name, src.data(), src.size(), collect, &p->errors);
  return p;
}

std::string str(SynStr s) {
  return std::string(s.ptr, s.len);
}

std::string errs(const Parsed &p) {
  std::string out;
  for (auto &e : p.errors)
    out += e + "\n";
  return out;
}

// Parses "package p; func f() { <stmts> }" and returns the body's statements.
SynList body(const Parsed &p) {
  SynNode *f = p.file->decls.items[p.file->decls.len - 1];
  EXPECT_EQ(f->kind, SYN_FUNC_DECL);
  return f->u.func_decl.body->u.block.stmts;
}

// ---- literals (spec: Integer/Floating-point/Imaginary/Rune/String literals)

TEST(Utf8, EncodesLikeGo) {
  char b[4];
  EXPECT_EQ(syn_utf8_encode(b, 'a'), 1u);
  EXPECT_EQ(b[0], 'a');
  ASSERT_EQ(syn_utf8_encode(b, 0xE9), 2u); // é
  EXPECT_EQ(std::string(b, 2), "\xC3\xA9");
  ASSERT_EQ(syn_utf8_encode(b, 0x20AC), 3u); // €
  EXPECT_EQ(std::string(b, 3), "\xE2\x82\xAC");
  ASSERT_EQ(syn_utf8_encode(b, 0x1F600), 4u);
  EXPECT_EQ(std::string(b, 4), "\xF0\x9F\x98\x80");
  // Surrogates and out-of-range values become U+FFFD (utf8.EncodeRune).
  for (uint32_t bad : {0xD800u, 0xDFFFu, 0x110000u, 0xFFFFFFFFu}) {
    ASSERT_EQ(syn_utf8_encode(b, bad), 3u);
    EXPECT_EQ(std::string(b, 3), "\xEF\xBF\xBD");
  }
}

TEST(Literals, ValidFormsParse) {
  auto p = parse(
      "package p\n"
      "var _ = []any{42, 4_2, 0600, 0_600, 0o600, 0O600, 0xBadFace, 0xBad_Face, 0x_67_7a_2f_cc_40_c6,\n"
      " 0b1011, 0B_1_0, 170141183460469231731687303715884105727,\n"
      " 0., 72.40, 072.40, 2.71828, 1.e+0, 6.67428e-11, 1E6, .25, .12345E+5, 1_5., 0.15e+0_2,\n"
      " 0x1p-2, 0x2.p10, 0x1.Fp+0, 0X.8p-0, 0X_1FFFP-16, 0x15e-2,\n"
      " 0i, 0123i, 0o123i, 0xabci, 0.i, 2.71828i, 1.e+0i, 6.67428e-11i, 1E6i, .25i, .12345E+5i, 0x1p-2i,\n"
      " 'a', 'ä', '本', '\\t', '\\000', '\\007', '\\377', '\\x07', '\\xff', '\\u12e4', '\\U00101234', "
      "'\\'',\n"
      " `abc`, `\\n\n\\n`, \"\\n\", \"\\\"\", \"Hello, world!\\n\", \"日本語\", \"\\u65e5本\\U00008a9e\",\n"
      " \"\\xff\\u00FF\", \"\\uD7FF\"}\n");
  EXPECT_EQ(errs(*p), "");
}

TEST(Literals, KindsAndRawText) {
  auto p = parse("package p\nvar _ = f(0x1p-2, 1i, 'a', `r`, 07)\n");
  ASSERT_EQ(errs(*p), "");
  SynNode *call = p->file->decls.items[0]->u.var_decl.values;
  ASSERT_EQ(call->kind, SYN_CALL);
  SynList a = call->u.call.args;
  ASSERT_EQ(a.len, 5u);
  EXPECT_EQ(a.items[0]->op, SYN_LIT_FLOAT);
  EXPECT_EQ(str(a.items[0]->u.lit.value), "0x1p-2");
  EXPECT_EQ(a.items[1]->op, SYN_LIT_IMAG);
  EXPECT_EQ(a.items[2]->op, SYN_LIT_RUNE);
  EXPECT_EQ(a.items[3]->op, SYN_LIT_STRING);
  EXPECT_EQ(str(a.items[3]->u.lit.value), "`r`");
  EXPECT_EQ(a.items[4]->op, SYN_LIT_INT);
}

struct BadLit {
  const char *lit;
  const char *error;
};

class LiteralErrors : public ::testing::TestWithParam<BadLit> {};

TEST_P(LiteralErrors, Reported) {
  auto p = parse(std::string("package p\nvar _ = ") + GetParam().lit + "\n");
  ASSERT_FALSE(p->errors.empty()) << GetParam().lit;
  EXPECT_NE(p->errors[0].find(GetParam().error), std::string::npos) << errs(*p);
}

INSTANTIATE_TEST_SUITE_P(
    Scanner, LiteralErrors,
    ::testing::Values(BadLit{"0x", "hexadecimal literal has no digits"},
                      BadLit{"0b", "binary literal has no digits"},
                      BadLit{"0o", "octal literal has no digits"},
                      BadLit{"0128", "invalid digit '8' in octal literal"},
                      BadLit{"0b102", "invalid digit '2' in binary literal"},
                      BadLit{"1__2", "'_' must separate successive digits"},
                      BadLit{"1_", "'_' must separate successive digits"},
                      BadLit{"0x1.5", "hexadecimal mantissa requires a 'p' exponent"},
                      BadLit{"1p3", "'p' exponent requires hexadecimal mantissa"},
                      BadLit{"0x1e3p", "exponent has no digits"}, BadLit{"1e", "exponent has no digits"},
                      BadLit{"0b1.0", "invalid radix point in binary literal"},
                      BadLit{"''", "2:10: empty rune literal or unescaped '"},
                      BadLit{"'ab'", "more than one character in rune literal"},
                      BadLit{"'\\q'", "unknown escape"}, BadLit{"\"\\400\"", "octal escape value 256 > 255"},
                      BadLit{"\"\\uD800\"", "escape is invalid Unicode code point U+D800"},
                      BadLit{"\"\\x4\"", "invalid character '\"' in hexadecimal escape"},
                      BadLit{"\"abc", "newline in string"}, BadLit{"`abc", "2:9: string not terminated"},
                      BadLit{"'a", "newline in rune literal"}, BadLit{"x /* y", "comment not terminated"},
                      BadLit{"a$b", "invalid character U+0024 '$'"},
                      BadLit{"x⊛y", "invalid character U+229B '⊛' in identifier"}));

TEST(Scanner, UnicodeIdentifiers) {
  auto p = parse("package p\nvar ä, 本, _x9, ǅ, ŝ = 1, 2, 3, 4, 5\n");
  EXPECT_EQ(errs(*p), "");
  EXPECT_EQ(str(p->file->decls.items[0]->u.var_decl.names.items[1]->u.name.value), "本");
}

TEST(Scanner, Bom) {
  auto ok = parse("\xEF\xBB\xBFpackage p\n");
  EXPECT_EQ(errs(*ok), "");
  auto bad = parse("package p\n\xEF\xBB\xBFvar x int\n");
  EXPECT_EQ(errs(*bad), "2:1: invalid BOM in the middle of the file\n");
}

TEST(Scanner, NulAndBadUtf8) {
  auto p = parse(std::string("package p\nvar x = \"a\0b\"\n", 24));
  EXPECT_EQ(errs(*p), "2:11: invalid NUL character\n");
  auto q = parse("package p\n// \xff\n");
  EXPECT_EQ(errs(*q), "2:4: invalid UTF-8 encoding\n");
}

// ---- automatic semicolons (spec: Semicolons)

TEST(Semicolons, InsertedAfterLineFinalTokens) {
  auto p = parse("package p\n"
                 "func f() int {\n"
                 "\tx := 1\n"
                 "\tx++\n"
                 "\tfor {\n"
                 "\t\tbreak\n"
                 "\t}\n"
                 "\treturn x /* c\n"
                 "\t*/\n"
                 "}\n");
  EXPECT_EQ(errs(*p), "");
  EXPECT_EQ(body(*p).len, 4u);
}

TEST(Semicolons, BraceOnNextLine) {
  auto p = parse("package p\nfunc f()\n{\n}\n");
  ASSERT_FALSE(p->errors.empty());
  EXPECT_EQ(p->errors[0], "3:1: syntax error: unexpected semicolon or newline before {");
}

// ---- declarations

TEST(Decls, AllForms) {
  auto p = parse("package p\n"
                 "import (\n\t\"fmt\"\n\tm \"math\"\n\t. \"os\"\n\t_ \"io\"\n)\n"
                 "const (\n\tA = iota\n\tB\n\tC int = 3\n)\n"
                 "type (\n\tT struct{ a, b int; *E; F `tag` }\n\tAl = T\n)\n"
                 "var x, y = 1, 2\n"
                 "func (t *T) M(a int, b ...string) (r int, err error) { return }\n"
                 "func F()\n");
  ASSERT_EQ(errs(*p), "");
  SynList d = p->file->decls;
  ASSERT_EQ(d.len, 12u);
  EXPECT_EQ(d.items[0]->kind, SYN_IMPORT_DECL);
  EXPECT_EQ(str(d.items[2]->u.import_decl.local_name->u.name.value), ".");
  EXPECT_EQ(d.items[0]->u.import_decl.c.group, d.items[3]->u.import_decl.c.group);
  EXPECT_NE(d.items[0]->u.import_decl.c.group, 0u);
  EXPECT_EQ(d.items[5]->u.const_decl.values, nullptr); // B
  EXPECT_EQ(d.items[6]->u.const_decl.c.index, 2u);     // C: iota 2
  EXPECT_EQ(d.items[3]->u.import_decl.c.index, 3u);
  EXPECT_TRUE(d.items[8]->flags & SYN_F_ALIAS);
  SynNode *st = d.items[7]->u.type_decl.type;
  ASSERT_EQ(st->kind, SYN_STRUCT_TYPE);
  EXPECT_EQ(st->u.struct_type.fields.len, 4u);
  ASSERT_EQ(st->u.struct_type.tags.len, 4u);
  EXPECT_EQ(st->u.struct_type.tags.items[0], nullptr);
  EXPECT_EQ(str(st->u.struct_type.tags.items[3]->u.lit.value), "`tag`");
  SynNode *m = d.items[10];
  ASSERT_NE(m->u.func_decl.recv, nullptr);
  EXPECT_EQ(m->u.func_decl.type->u.func_type.params.items[1]->u.field.type->kind, SYN_DOTS_TYPE);
  EXPECT_EQ(d.items[11]->u.func_decl.body, nullptr);
}

TEST(Decls, MissingConstValue) {
  auto p = parse("package p\nconst x int\n");
  EXPECT_EQ(errs(*p), "2:7: missing init expr for x\n");
}

TEST(Decls, ImportPathChecks) {
  auto p = parse("package p\nimport \"\"\nimport \"a b\"\nimport \"a\\\\b\"\nimport \"a!b\"\n");
  EXPECT_EQ(errs(*p), "2:8: invalid import path (empty string)\n"
                      "3:8: invalid import path (invalid character U+0020 ' ')\n"
                      "4:8: invalid import path (invalid character U+005C '\\')\n"
                      "5:8: invalid import path (invalid character U+0021 '!')\n");
}

// ---- generics

TEST(Generics, TypeParamsVsArrays) {
  auto p = parse("package p\n"
                 "type A [N]int\n"
                 "type B [N * M]int\n"
                 "type G[P any] struct{}\n"
                 "type H[P *C] int\n"
                 "type I[P *C,] int\n"
                 "type J[P interface{}, Q ~int | ~string] int\n"
                 "type K[P []E] int\n"
                 "type L[P ([]int)] int\n"
                 "func F[T constraints.Ordered](x T) T { return G[int, string]{}.m(x) }\n"
                 "var _ = F[int]\n"
                 "var _ = m[k1][k2]\n");
  ASSERT_EQ(errs(*p), "");
  SynList d = p->file->decls;
  EXPECT_EQ(d.items[0]->u.type_decl.tparams.len, 0u);
  EXPECT_EQ(d.items[0]->u.type_decl.type->kind, SYN_ARRAY_TYPE);
  EXPECT_EQ(d.items[1]->u.type_decl.type->kind, SYN_ARRAY_TYPE);
  EXPECT_EQ(d.items[2]->u.type_decl.tparams.len, 1u);
  // gc's rule: [P *C] is an array length (P*C) unless forced by a comma
  EXPECT_EQ(d.items[3]->u.type_decl.tparams.len, 0u);
  EXPECT_EQ(d.items[3]->u.type_decl.type->kind, SYN_ARRAY_TYPE);
  ASSERT_EQ(d.items[4]->u.type_decl.tparams.len, 1u);
  EXPECT_EQ(d.items[4]->u.type_decl.tparams.items[0]->u.field.type->op, SYN_OP_MUL);
  ASSERT_EQ(d.items[5]->u.type_decl.tparams.len, 2u);
  SynNode *q = d.items[5]->u.type_decl.tparams.items[1]->u.field.type;
  EXPECT_EQ(q->kind, SYN_OPERATION);
  EXPECT_EQ(q->op, SYN_OP_OR);
  EXPECT_EQ(d.items[6]->u.type_decl.tparams.len, 1u);
  EXPECT_EQ(d.items[7]->u.type_decl.tparams.len, 1u);
  EXPECT_EQ(d.items[8]->u.func_decl.tparams.len, 1u);
}

TEST(Generics, Errors) {
  auto p = parse("package p\ntype T[P] int\nfunc f[]() {}\ntype U[P any, Q] int\n");
  EXPECT_EQ(errs(*p), "3:8: syntax error: empty type parameter list\n"
                      "4:16: syntax error: missing type constraint\n");
}

// ---- statements

TEST(Stmts, AllForms) {
  auto p =
      parse("package p\n"
            "func f() {\n"
            "L:\n"
            "\tfor i := 0; i < 10; i++ {\n"
            "\t\tif x := g(); x {\n\t\t\tcontinue L\n\t\t} else if y {\n\t\t} else {\n\t\t\tbreak L\n\t\t}\n"
            "\t}\n"
            "\tfor k, v := range m {}\n"
            "\tfor range ch {}\n"
            "\tswitch x := y.(type) {\n\tcase int, *T:\n\t\tfallthrough\n\tdefault:\n\t}\n"
            "\tswitch {\n\tcase a > b:\n\t}\n"
            "\tselect {\n\tcase v := <-c:\n\tcase c <- 1:\n\tdefault:\n\t}\n"
            "\tgo f()\n"
            "\tdefer func() {}()\n"
            "\tgoto L\n"
            "\tx, y = y, x\n"
            "\tx += 2\n"
            "\tc <- v\n"
            "\t{}\n"
            "\t;\n"
            "}\n");
  ASSERT_EQ(errs(*p), "");
  SynList s = body(*p);
  EXPECT_EQ(s.items[0]->kind, SYN_LABELED_STMT);
  EXPECT_EQ(s.items[1]->kind, SYN_FOR_STMT);
  EXPECT_EQ(s.items[1]->u.for_stmt.init->kind, SYN_RANGE_CLAUSE);
  EXPECT_TRUE(s.items[1]->u.for_stmt.init->flags & SYN_F_RANGE_DEF);
  EXPECT_EQ(s.items[3]->u.switch_stmt.tag->kind, SYN_TYPE_SWITCH_GUARD);
  EXPECT_NE(s.items[3]->u.switch_stmt.tag->u.guard.lhs, nullptr);
  EXPECT_EQ(s.items[5]->kind, SYN_SELECT_STMT);
  EXPECT_EQ(s.items[6]->kind, SYN_CALL_STMT);
  EXPECT_EQ(s.items[6]->op, SYN_GO);
  EXPECT_EQ(s.items[9]->kind, SYN_ASSIGN_STMT);
  EXPECT_EQ(s.items[10]->op, SYN_OP_ADD);
  EXPECT_EQ(s.items[11]->kind, SYN_SEND_STMT);
}

TEST(Stmts, CompositeLiteralInHeaderNeedsParens) {
  auto ok = parse("package p\nfunc f() { if x == (T{}) {} }\n");
  EXPECT_EQ(errs(*ok), "");
  auto bad = parse("package p\nfunc f() { for x := range []int{1} { _ = x } }\n");
  EXPECT_EQ(errs(*bad), "");
}

// ---- diagnostics in gc's words

struct BadSrc {
  const char *src;
  const char *error; // first error, "line:col: msg"
};

class SyntaxErrors : public ::testing::TestWithParam<BadSrc> {};

TEST_P(SyntaxErrors, FirstErrorMatchesGc) {
  auto p = parse(GetParam().src);
  ASSERT_FALSE(p->errors.empty()) << GetParam().src;
  EXPECT_EQ(p->errors[0], GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Parser, SyntaxErrors,
    ::testing::Values(
        BadSrc{"func f() {}\n", "1:1: syntax error: package statement must be first"},
        BadSrc{"package p\nx := 1\n", "2:1: syntax error: non-declaration statement outside function body"},
        BadSrc{"package p\nfunc f(a int\n",
               "2:13: syntax error: unexpected newline in parameter list; possibly missing comma or )"},
        BadSrc{"package p\nfunc f() { if x {} else for {} }\n",
               "2:25: syntax error: else must be followed by if or statement block"},
        BadSrc{"package p\nfunc f() { if x := 1 {} }\n", "2:17: syntax error: cannot use x := 1 as value"},
        BadSrc{"package p\nfunc f() { if x = 1 {} }\n",
               "2:17: syntax error: cannot use assignment (x) = (1) as value"},
        BadSrc{"package p\nfunc f() { for ; ; x := 1 {} }\n",
               "2:22: syntax error: cannot declare in post statement of for loop"},
        BadSrc{"package p\nfunc f() { var x = []int{1, 2\n}\n",
               "2:30: syntax error: unexpected newline in composite literal; possibly missing comma or }"},
        BadSrc{"package p\nvar x = a[1:2:]\n", "2:15: final index required in 3-index slice"},
        BadSrc{"package p\nfunc f() { go (f()) }\n", "2:15: expression in go must not be parenthesized"},
        BadSrc{"package p\nfunc f() { defer f }\n", "2:18: expression in defer must be function call"},
        BadSrc{"package p\nfunc f() { L: ) }\n", "2:13: syntax error: missing statement after label"},
        BadSrc{"package p\nvar f = func(int)\n", "2:13: func(int) (type) is not an expression"},
        BadSrc{"package p\nfunc f() { a.b := 1 }\n", "2:12: non-name a.b on left side of :="},
        BadSrc{"package p\nfunc f() { for a, b, c := range x {} }\n",
               "2:22: range clause permits at most two iteration variables"},
        BadSrc{"package p\nvar x [...]int = f([...]int)\n",
               "2:20: invalid use of [...] array (outside a composite literal)"},
        BadSrc{"package p\nfunc f() { switch x.(type) { case 0: } }\n", "2:35: 0 is not a type"}));

void collect_soft(void *ctx, const SynError *e) {
  static_cast<std::vector<bool> *>(ctx)->push_back(e->soft);
}

TEST(Errors, TypeCheckerLevelErrorsAreSoft) {
  // a syntax error, then an error gc leaves to its type checker
  std::string src = "package p\nfunc f() { x := }\nvar g = []int\n";
  std::vector<bool> soft;
  SynArena *a = syn_arena_new();
  syn_parse_file(a, "x.go", src.data(), src.size(), collect_soft, &soft);
  syn_arena_free(a);
  ASSERT_EQ(soft.size(), 2u);
  EXPECT_FALSE(soft[0]);
  EXPECT_TRUE(soft[1]);
}

TEST(Errors, NoFollowUpErrorsAtEof) {
  auto p = parse("package p\nfunc f() {\n\tx := [\n");
  EXPECT_EQ(p->errors.size(), 1u) << errs(*p);
}

// ---- positions and //line directives

TEST(Positions, NodesHaveOffsetsLinesColumns) {
  auto p = parse("package p\n\nvar  xyz = 1\n");
  SynNode *v = p->file->decls.items[0];
  SynNode *name = v->u.var_decl.names.items[0];
  EXPECT_EQ(name->pos.line, 3u);
  EXPECT_EQ(name->pos.col, 6u);
  EXPECT_EQ(name->pos.off, 16u);
  EXPECT_EQ(std::string(p->file->src.ptr + name->pos.off, 3), "xyz");
}

TEST(Positions, LineDirectives) {
  auto p = parse("package p\n"
                 "//line foo.go:100\n"
                 "var a = $1\n"
                 "/*line bar.go:20:5*/var b = $1\n"
                 "//line :7:3\n"
                 "var c = $1\n");
  ASSERT_EQ(p->errors.size(), 3u) << errs(*p);
  EXPECT_EQ(p->errors[0], "100:0: invalid character U+0024 '$'"); // column unknown after //line file:line
  EXPECT_EQ(p->errors[1], "20:13: invalid character U+0024 '$'");
  EXPECT_EQ(p->errors[2], "7:11: invalid character U+0024 '$'");
  // and the file names
  SynStr fn;
  uint32_t line, col;
  syn_pos_resolve(p->file, p->file->decls.items[0]->pos, &fn, &line, &col);
  EXPECT_EQ(str(fn), "foo.go");
  EXPECT_EQ(line, 100u);
  syn_pos_resolve(p->file, p->file->decls.items[2]->pos, &fn, &line, &col);
  EXPECT_EQ(str(fn), "bar.go"); // :line:col keeps the previous file name
  EXPECT_EQ(line, 7u);
  EXPECT_EQ(col, 7u); // "c" is 4 bytes right of the directive's 7:3
}

TEST(Positions, BadLineDirective) {
  auto p = parse("package p\n//line foo.go:x\n");
  EXPECT_EQ(errs(*p), "2:15: invalid line number: x\n");
}

// ---- comments kept for later phases

TEST(Comments, PragmasBuildLinesDocsCgo) {
  auto p = parse("//go:build linux && amd64\n"
                 "// +build linux,amd64\n"
                 "\n"
                 "// Package p is documented.\n"
                 "package p\n"
                 "\n"
                 "/*\n#include <stdio.h>\n*/\n"
                 "import \"C\"\n"
                 "\n"
                 "import _ \"embed\"\n"
                 "\n"
                 "// F does things.\n"
                 "//\n"
                 "//go:noinline\n"
                 "//go:nosplit\n"
                 "func F() {}\n"
                 "\n"
                 "//go:linkname g runtime.g\n"
                 "func g()\n"
                 "\n"
                 "//export H\n"
                 "func H() {}\n"
                 "\n"
                 "var (\n"
                 "\t//go:embed hello.txt\n"
                 "\ts string\n"
                 "\tt int\n"
                 ")\n");
  ASSERT_EQ(errs(*p), "");
  SynFile *f = p->file;
  ASSERT_EQ(f->build_lines.len, 2u);
  EXPECT_EQ(str(f->build_lines.items[0].text), "go:build linux && amd64");
  EXPECT_EQ(str(f->build_lines.items[1].text), " +build linux,amd64");
  EXPECT_EQ(str(f->doc), "// Package p is documented.");
  EXPECT_EQ(str(f->cgo_preamble), "/*\n#include <stdio.h>\n*/");
  SynList d = f->decls;
  SynNode *F = d.items[2];
  ASSERT_EQ(F->kind, SYN_FUNC_DECL);
  ASSERT_EQ(F->u.func_decl.c.pragmas.len, 2u);
  EXPECT_EQ(str(F->u.func_decl.c.pragmas.items[0].text), "go:noinline");
  EXPECT_EQ(str(F->u.func_decl.c.pragmas.items[1].text), "go:nosplit");
  EXPECT_EQ(str(F->u.func_decl.c.doc), "// F does things.\n//\n//go:noinline\n//go:nosplit");
  ASSERT_EQ(d.items[3]->u.func_decl.c.pragmas.len, 1u);
  EXPECT_EQ(str(d.items[3]->u.func_decl.c.pragmas.items[0].text), "go:linkname g runtime.g");
  ASSERT_EQ(d.items[4]->u.func_decl.c.pragmas.len, 1u);
  EXPECT_EQ(str(d.items[4]->u.func_decl.c.pragmas.items[0].text), "export H");
  ASSERT_EQ(d.items[5]->u.var_decl.c.pragmas.len, 1u);
  EXPECT_EQ(str(d.items[5]->u.var_decl.c.pragmas.items[0].text), "go:embed hello.txt");
  EXPECT_EQ(d.items[6]->u.var_decl.c.pragmas.len, 0u);
  // syn_decl_pragmas and syn_pragma_linkname (types/decl.c, lower/linkname.c)
  EXPECT_EQ(syn_decl_pragmas(d.items[3]), &d.items[3]->u.func_decl.c.pragmas);
  EXPECT_EQ(syn_decl_pragmas(d.items[5]), &d.items[5]->u.var_decl.c.pragmas);
  SynStr local, target;
  ASSERT_TRUE(syn_pragma_linkname(&d.items[3]->u.func_decl.c.pragmas.items[0], &local, &target));
  EXPECT_EQ(str(local), "g");
  EXPECT_EQ(str(target), "runtime.g");
  EXPECT_FALSE(syn_pragma_linkname(&F->u.func_decl.c.pragmas.items[0], &local, &target));
  EXPECT_FALSE(syn_pragma_linkname(&d.items[4]->u.func_decl.c.pragmas.items[0], &local, &target));
}

TEST(Comments, LinknameForms) {
  SynStr local, target;
  SynPragma one = {{0}, {"go:linkname Syscall", 19}};
  ASSERT_TRUE(syn_pragma_linkname(&one, &local, &target));
  EXPECT_EQ(std::string(local.ptr, local.len), "Syscall");
  EXPECT_EQ(target.len, 0u);
  SynPragma tabs = {{0}, {"go:linkname\tf \t net/textproto.readMIMEHeader\r", 45}};
  ASSERT_TRUE(syn_pragma_linkname(&tabs, &local, &target));
  EXPECT_EQ(std::string(local.ptr, local.len), "f");
  EXPECT_EQ(std::string(target.ptr, target.len), "net/textproto.readMIMEHeader");
  SynPragma bare = {{0}, {"go:linkname", 11}};
  EXPECT_FALSE(syn_pragma_linkname(&bare, &local, &target));
  SynPragma other = {{0}, {"go:linknamex a b", 16}};
  EXPECT_FALSE(syn_pragma_linkname(&other, &local, &target));
}

TEST(Comments, BuildLinesAfterPackageIgnored) {
  auto p = parse("package p\n//go:build linux\n");
  EXPECT_EQ(p->file->build_lines.len, 0u);
}

// ---- robustness

TEST(Robustness, DeepNestingIsAnErrorNotACrash) {
  std::string src = "package p\nvar x = ";
  src += std::string(100000, '(');
  src += "1";
  auto p = parse(src);
  ASSERT_FALSE(p->errors.empty());
  EXPECT_NE(p->errors[0].find("nesting too deep"), std::string::npos) << p->errors[0];
}

TEST(Robustness, LongOperatorChainsAreFine) {
  std::string src = "package p\ntype T[P ";
  for (int i = 0; i < 50000; i++)
    src += "A|";
  src += "B] int\nvar y = a";
  for (int i = 0; i < 50000; i++)
    src += "[0]";
  src += "\n";
  auto p = parse(src);
  EXPECT_EQ(errs(*p), "");
  FILE *devnull = fopen("/dev/null", "w");
  syn_dump_file(devnull, p->file);
  fclose(devnull);
}

TEST(Robustness, EveryPrefixOfAFileParsesWithoutCrashing) {
  std::string src = "package p\nimport \"fmt\"\ntype T[P any] struct{ x P `t` }\n"
                    "func (t *T[P]) M(a, b int, c ...string) (int, error) {\n"
                    "\tfor i, v := range []int{1, 2} { fmt.Println(i, v, 'x', \"s\", `r`, 0x1p3, 1e3i) }\n"
                    "\tswitch y := any(t).(type) { case int: _ = y }\n"
                    "\tselect { case <-make(chan int): default: }\n"
                    "\treturn 0, nil\n}\n";
  for (size_t n = 0; n <= src.size(); n++) {
    auto p = parse(src.substr(0, n));
    (void)p;
  }
}

} // namespace
