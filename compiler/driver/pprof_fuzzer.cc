// pprof_fuzzer: libFuzzer target for pprof.c (protobuf and gzip decoding,
// aggregation, text output). Invariants checked: no crash or leak (ASan);
// the result is 0 or 1; on success the output is non-empty text whose
// every line is "NAME:TOTAL:0" or starts with a space (a body line).
// Seed it with rules_rog/tests/pgo/default.pgo (gzip) and its gunzipped
// bytes. The converter reports bad input on stderr: run with
// -close_fd_mask=2 to keep libFuzzer's own output readable.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "compiler/driver/pprof.h"
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static PprofStarts starts;
  if (starts.n == 0) {
    static const char name[] = "main.main";
    pprof_starts_add(&starts, name, sizeof name - 1, 3);
    pprof_starts_sort(&starts);
  }
  char *buf = nullptr;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) abort();
  int rc = pprof_convert(data, size, &starts, -1, out, "f.pprof");
  fclose(out);
  if (rc != 0 && rc != 1) abort();
  if (rc == 0) {
    if (len == 0) abort();
    for (char *line = buf; line < buf + len;) {
      char *nl = static_cast<char *>(memchr(line, '\n', static_cast<size_t>(buf + len - line)));
      if (!nl) abort(); /* every line ends in a newline */
      if (line[0] != ' ' && !memchr(line, ':', static_cast<size_t>(nl - line))) abort();
      line = nl + 1;
    }
  }
  free(buf);
  return 0;
}
