// golden_test.cc: small programs with expected diagnostics. Each
// testdata/NAME.go is type-checked as package of its own (imports from
// GOROOT through the test importer); the diagnostics, one per line as
// "NAME.go:line:col: message", must equal testdata/NAME.golden.
// ROG_UPDATE_GOLDEN=1 rewrites the golden files (run with `bazel run`
// so the source tree is writable; BUILD_WORKSPACE_DIRECTORY is honoured).
#include <gtest/gtest.h>

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

namespace {

std::string dir() {
  if (const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY"))
    return std::string(ws) + "/compiler/types/testdata";
  return "compiler/types/testdata";
}

struct Out {
  std::string text;
  int nsyntax = 0;
};

void on_syn(void *ctx, const SynError *e) {
  Out *o = static_cast<Out *>(ctx);
  o->nsyntax++;
  std::string f = e->filename;
  o->text += f.substr(f.rfind('/') + 1) + ":" + std::to_string(e->line) + ":" + std::to_string(e->col) +
             ": " + e->msg + "\n";
}

void on_type(void *ctx, const TypesDiag *d) {
  Out *o = static_cast<Out *>(ctx);
  std::string f = d->filename;
  o->text += f.substr(f.rfind('/') + 1) + ":" + std::to_string(d->line) + ":" + std::to_string(d->col) +
             ": " + d->msg + "\n";
}

std::string check(const std::string &path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string src = ss.str();
  Out out;
  SynArena *a = syn_arena_new();
  SynFile *f = syn_parse_file(a, path.c_str(), src.data(), src.size(), on_syn, &out);
  if (out.nsyntax == 0) {
    TypesCtx *tc = types_ctx_new();
    TypesGorootImporter im{};
    TypesConfig cfg{};
    cfg.importer = types_goroot_import;
    cfg.importer_ctx = &im;
    cfg.error = on_type;
    cfg.error_ctx = &out;
    TypesInfo info{};
    int n = 0;
    types_check_package(tc, &cfg, "p", &f, 1, &info, &n);
    types_ctx_free(tc);
    types_goroot_importer_free(&im);
  }
  syn_arena_free(a);
  return out.text;
}

TEST(Golden, Diagnostics) {
  std::string d = dir();
  DIR *dp = opendir(d.c_str());
  ASSERT_NE(dp, nullptr) << d;
  std::vector<std::string> names;
  while (struct dirent *de = readdir(dp)) {
    std::string n = de->d_name;
    if (n.size() > 3 && n.substr(n.size() - 3) == ".go") names.push_back(n.substr(0, n.size() - 3));
  }
  closedir(dp);
  ASSERT_FALSE(names.empty());
  bool update = getenv("ROG_UPDATE_GOLDEN") != nullptr;
  for (const auto &n : names) {
    std::string got = check(d + "/" + n + ".go");
    std::string golden = d + "/" + n + ".golden";
    if (update) {
      std::ofstream(golden) << got;
      continue;
    }
    std::ifstream in(golden);
    ASSERT_TRUE(in.good()) << "missing " << golden;
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(got, ss.str()) << n;
  }
}

} // namespace
