/*
 * export_fuzzer.c: libFuzzer target for the export data reader, which
 * reads files a build system hands to the compiler (untrusted input). An
 * input that starts with the format's magic is read as a whole export
 * file; any other input is taken as a decompressed payload and wrapped in
 * a valid header and zstd frame first, so the fuzzer spends its time in
 * the decoder rather than in zstd's checks. The package read back is
 * printed with types_package_api (which walks every decoded type). The
 * property is "no crash, no leak, no sanitizer report".
 * Seeds: export files from `rog tool compile -stop-after=typecheck -o`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "compiler/types/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t *buf = NULL;
  size_t len = size;
  const uint8_t *in = data;
  if (size < 7 || memcmp(data, "rogexp\n", 7) != 0) {
    size_t bound = ZSTD_compressBound(size);
    buf = malloc(16 + bound);
    if (!buf) return 0;
    memcpy(buf, "rogexp\n\x01", 8);
    for (int i = 0; i < 8; i++)
      buf[8 + i] = (uint8_t)((uint64_t)size >> (8 * i));
    size_t z = ZSTD_compress(buf + 16, bound, data, size, 1);
    if (ZSTD_isError(z)) {
      free(buf);
      return 0;
    }
    in = buf;
    len = 16 + z;
  }
  TypesCtx *tc = types_ctx_new();
  TypesExportImporter im;
  memset(&im, 0, sizeof im);
  const char *err = NULL;
  TypesPackage *p = types_export_read(tc, &im, in, len, &err);
  if (p) free(types_package_api(tc, p));
  types_export_importer_free(&im);
  types_ctx_free(tc);
  free(buf);
  return 0;
}
