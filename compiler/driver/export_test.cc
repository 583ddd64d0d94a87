// export_test: export data round trip. A set of std packages (with
// generics: sync/atomic, crypto/elliptic's internals) and the testdata/chk
// module are checked from source; every checked package is written as
// export data; then, in a fresh TypesCtx that sees only the export data:
//   - each package read back has the same API (types_package_api) as the
//     package checked from source, and
//   - each package checked from source against its dependencies' export
//     data has no errors (the same verdict as checking from source).
#include <gtest/gtest.h>

#include "compiler/driver/testdata_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "compiler/driver/checkpkgs.h"
}

namespace {

const char *kGoroot = "/usr/share/go-1.19";

void CountErr(void *ctx, const CheckedPkg *, const TypesDiag *d) {
  auto *v = static_cast<std::vector<std::string> *>(ctx);
  v->push_back(std::string(d->filename ? d->filename : "") + ":" + std::to_string(d->line) + ": " + d->msg);
}

void CollectTypesErr(void *ctx, const TypesDiag *d) {
  auto *v = static_cast<std::vector<std::string> *>(ctx);
  v->push_back(std::string(d->filename ? d->filename : "") + ":" + std::to_string(d->line) + ": " + d->msg);
}

std::string Slurp(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(Export, RoundTripAgreesWithSource) {
  std::vector<std::string> patterns = {"./lib",         "./good",         "fmt",          "sort",
                                       "sync/atomic",   "go/ast",         "net/http",     "crypto/elliptic",
                                       "encoding/json", "container/list", "text/template"};
  loader l;
  unsetenv("GOFLAGS");
  ASSERT_EQ(ld_init(&l, kGoroot, "amd64", TestdataDir("chk").c_str()), 0);
  std::vector<char *> pv;
  for (auto &s : patterns)
    pv.push_back(const_cast<char *>(s.c_str()));
  size_t n;
  ld_package **roots = ld_load_patterns(&l, pv.data(), pv.size(), &n);
  ASSERT_EQ(n, patterns.size());
  size_t nall;
  ld_package **all = ld_package_list(roots, n, &nall);

  TypesCtx *tc = types_ctx_new();
  std::vector<std::string> errs;
  CheckOptions opt = {};
  opt.error = CountErr;
  opt.error_ctx = &errs;
  CheckSession *s = checkpkgs_new(&l, tc, &opt);
  TypesCtx *tc2 = types_ctx_new();
  TypesExportImporter im = {};
  size_t total_bytes = 0;
  for (size_t i = 0; i < nall; i++) {
    CheckedPkg *cp = checkpkgs_check(s, all[i]);
    if (!cp->pkg || strcmp(cp->pkg->path, "unsafe") == 0) continue;
    uint8_t *data;
    size_t len;
    ASSERT_EQ(types_export_write(tc, cp->pkg, &data, &len), 0) << cp->pkg->path;
    total_bytes += len;
    types_export_importer_add_data(&im, cp->pkg->path, data, len);
    free(data);
  }
  EXPECT_EQ(errs, std::vector<std::string>{});
  EXPECT_GT(total_bytes, 1000u);

  for (size_t r = 0; r < n; r++) {
    CheckedPkg *cp = checkpkgs_check(s, roots[r]);
    ASSERT_NE(cp->pkg, nullptr);
    const char *err = nullptr;
    TypesPackage *ip = types_export_import(&im, tc2, cp->pkg->path, &err);
    ASSERT_NE(ip, nullptr) << cp->pkg->path << ": " << (err ? err : "");
    char *a = types_package_api(tc, cp->pkg);
    char *b = types_package_api(tc2, ip);
    EXPECT_STREQ(a, b) << cp->pkg->path;
    EXPECT_GT(strlen(a), 20u) << cp->pkg->path; // a real API was compared
    if (strcmp(cp->pkg->path, "example.com/chk/lib") == 0)
      EXPECT_NE(strstr(b, "func Map[E any, R any] func[E any, R any](s []E, f func(E) R) []R"), nullptr) << b;
    free(a);
    free(b);

    // Check the package from source again, its imports from export data.
    SynArena *arena = syn_arena_new();
    std::vector<SynFile *> files;
    for (size_t k = 0; k < roots[r]->go_files.n; k++) {
      std::string path = std::string(roots[r]->dir) + "/" + roots[r]->go_files.v[k];
      std::string src = Slurp(path);
      files.push_back(syn_parse_file(arena, path.c_str(), src.data(), src.size(), nullptr, nullptr));
    }
    for (size_t k = 0; k < roots[r]->raw_imports.n && k < roots[r]->imports.n; k++)
      if (strcmp(roots[r]->raw_imports.v[k], roots[r]->imports.v[k]) != 0)
        types_export_importer_add_map(&im, roots[r]->raw_imports.v[k], roots[r]->imports.v[k]);
    TypesConfig cfg = {};
    cfg.importer = types_export_import;
    cfg.importer_ctx = &im;
    std::vector<std::string> terrs;
    cfg.error = CollectTypesErr;
    cfg.error_ctx = &terrs;
    int nerr = 0;
    TypesCtx *tc3 = tc2; // same registry context as the importer
    types_check_package(tc3, &cfg, (std::string(cp->pkg->path) + "#fromexport").c_str(), files.data(),
                        (uint32_t)files.size(), nullptr, &nerr);
    EXPECT_EQ(terrs, std::vector<std::string>{}) << cp->pkg->path;
    syn_arena_free(arena);
  }
  printf("export data: %zu packages, %zu bytes compressed\n", nall, total_bytes);
  types_export_importer_free(&im);
  types_ctx_free(tc2);
  checkpkgs_free(s);
  types_ctx_free(tc);
  free(all);
  free(roots);
  ld_free(&l);
}

TEST(Export, RejectsCorruptData) {
  TypesCtx *tc = types_ctx_new();
  TypesExportImporter im = {};
  const char *err = nullptr;
  const uint8_t junk[] = "rogexp\n\x01garbagegarbage";
  EXPECT_EQ(types_export_read(tc, &im, junk, sizeof junk, &err), nullptr);
  EXPECT_NE(err, nullptr);
  const uint8_t other[] = "!<arch>\n";
  EXPECT_EQ(types_export_read(tc, &im, other, sizeof other, &err), nullptr);
  types_export_importer_free(&im);
  types_ctx_free(tc);
}

} // namespace
