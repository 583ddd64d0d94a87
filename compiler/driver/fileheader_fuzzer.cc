// fileheader_fuzzer: libFuzzer target for the Go header reader and the
// build-constraint scan that runs on the same bytes. Invariants checked:
// no crash or leak (ASan), and the reader either succeeds with a package
// name or fails with a "a.go:LINE:COL: " error.
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "compiler/driver/buildctx.h"
#include "compiler/driver/fileheader.h"
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *src = reinterpret_cast<const char *>(data);
  fh_info h;
  int rc = fh_read("a.go", src, size, &h);
  if (rc == 0 && !h.pkgname) abort();
  if (rc != 0 && (!h.err || strncmp(h.err, "a.go:", 5) != 0 || !h.err_msg)) abort();
  for (size_t i = 0; i < h.nimports; i++)
    if (!h.imports[i].path || h.imports[i].line < 1 || h.imports[i].col < 1) abort();
  if (h.doc) free(fh_synopsis(h.doc));
  fh_free(&h);

  static bc_context *ctx;
  if (!ctx) {
    ctx = static_cast<bc_context *>(malloc(sizeof *ctx));
    bc_init(ctx, "amd64");
  }
  char *err = nullptr;
  int ok = bc_should_build(ctx, src, size, &err);
  if ((ok < 0) != (err != nullptr)) abort();
  free(err);
  if (ok >= 0 && ok != 0 && ok != 1) abort();
  return 0;
}
