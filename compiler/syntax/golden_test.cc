// golden_test.cc: golden AST dumps. For every testdata/NAME.go, the
// diagnostics (if any) followed by syn_dump_file's output must equal
// testdata/NAME.golden byte for byte.
//
// Update mode: ROG_UPDATE_GOLDEN=1 rewrites the .golden files instead of
// comparing (run from the repository root, or through `bazel run`, which
// sets BUILD_WORKSPACE_DIRECTORY). The test data directory defaults to
// compiler/syntax/testdata relative to the working directory (the runfiles
// root under Bazel); ROG_SYNTAX_TESTDATA overrides it.

#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/syntax/syntax.h"

namespace {

std::string testdata_dir() {
  if (const char *d = getenv("ROG_SYNTAX_TESTDATA")) return d;
  if (getenv("ROG_UPDATE_GOLDEN"))
    if (const char *w = getenv("BUILD_WORKSPACE_DIRECTORY"))
      return std::string(w) + "/compiler/syntax/testdata";
  return "compiler/syntax/testdata";
}

std::string read(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void on_error(void *ctx, const SynError *e) {
  auto *out = static_cast<std::string *>(ctx);
  *out += std::string(e->filename) + ":" + std::to_string(e->line) + ":" + std::to_string(e->col) + ": " +
          e->msg + "\n";
}

std::string render(const std::string &name, const std::string &src) {
  std::string out;
  SynArena *a = syn_arena_new();
  SynFile *f = syn_parse_file(a, name.c_str(), src.data(), src.size(), on_error, &out);
  char *buf = nullptr;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  syn_dump_file(mem, f);
  fclose(mem);
  out += buf;
  free(buf);
  syn_arena_free(a);
  return out;
}

TEST(Golden, Dumps) {
  std::string dir = testdata_dir();
  DIR *d = opendir(dir.c_str());
  ASSERT_NE(d, nullptr) << "cannot open " << dir;
  std::vector<std::string> names;
  while (struct dirent *e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 3 && n.compare(n.size() - 3, 3, ".go") == 0) names.push_back(n.substr(0, n.size() - 3));
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  ASSERT_GE(names.size(), 5u);
  bool update = getenv("ROG_UPDATE_GOLDEN") != nullptr;
  for (const auto &n : names) {
    std::string got = render(n + ".go", read(dir + "/" + n + ".go"));
    std::string golden = dir + "/" + n + ".golden";
    if (update) {
      std::ofstream(golden, std::ios::binary) << got;
      continue;
    }
    EXPECT_EQ(got, read(golden)) << "golden mismatch for " << n
                                 << " (rerun with ROG_UPDATE_GOLDEN=1 to update)";
  }
}

} // namespace
