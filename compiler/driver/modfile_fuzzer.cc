// modfile_fuzzer: libFuzzer target for the go.mod and vendor/modules.txt
// readers. Invariants: no crash or leak (ASan); a failed parse has a
// "go.mod:LINE" error; a successful one has well-formed directives.
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "compiler/driver/modfile.h"
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *src = reinterpret_cast<const char *>(data);
  modfile mf;
  int rc = modfile_parse("go.mod", src, size, &mf);
  if (rc != 0 && (!mf.err || strncmp(mf.err, "go.mod:", 7) != 0)) abort();
  if (rc == 0) {
    for (size_t i = 0; i < mf.nreqs; i++)
      if (!mf.reqs[i].path || !mf.reqs[i].version || mf.reqs[i].version[0] != 'v') abort();
    for (size_t i = 0; i < mf.nreps; i++)
      if (!mf.reps[i].new_version && !mf_is_dir_path(mf.reps[i].new_path)) abort();
  }
  modfile_free(&mf);
  mf_vendor v;
  mf_vendor_parse("modules.txt", src, size, &v);
  mf_vendor_free(&v);
  return 0;
}
