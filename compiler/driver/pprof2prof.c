/*
 * pprof2prof.c: `rog tool pprof2prof [-sample-index N] [-a PKG.a]... -o OUT.prof IN.pprof`
 *
 * The command line of pprof.c's conversion (a Go CPU profile to an LLVM
 * sample profile; pprof.c's header says how). This file adds what needs
 * LLVM and files: -a reads each package archive's _go_.bc and records
 * every function's DISubprogram line under its symbol name (the start
 * lines gc 1.19 profiles lack), and the output is written to OUT.tmp and
 * renamed, so a failed run leaves no OUT behind.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>

#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/pprof.h"
#include "compiler/driver/strvec.h"
#include "compiler/types/types.h"

static int read_starts(const char *archive, PprofStarts *st) {
  size_t len, bclen;
  char *buf = read_file(archive, &len);
  if (!buf) {
    fprintf(stderr, "pprof2prof: cannot read %s\n", archive);
    return -1;
  }
  const void *bc = types_ar_member(buf, len, AR_BITCODE_MEMBER, &bclen);
  if (!bc) {
    fprintf(stderr, "pprof2prof: %s: no bitcode (compile it with rog tool compile -lto)\n", archive);
    free(buf);
    return -1;
  }
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMMemoryBufferRef mb = LLVMCreateMemoryBufferWithMemoryRangeCopy(bc, bclen, archive);
  LLVMModuleRef m = NULL;
  int rc = 0;
  if (LLVMParseBitcodeInContext2(ctx, mb, &m)) {
    fprintf(stderr, "pprof2prof: %s: invalid bitcode\n", archive);
    rc = -1;
  }
  LLVMDisposeMemoryBuffer(mb);
  for (LLVMValueRef f = m ? LLVMGetFirstFunction(m) : NULL; f; f = LLVMGetNextFunction(f)) {
    LLVMMetadataRef sp = LLVMIsDeclaration(f) ? NULL : LLVMGetSubprogram(f);
    if (!sp) continue;
    size_t nlen;
    const char *name = LLVMGetValueName2(f, &nlen);
    pprof_starts_add(st, name, nlen, LLVMDISubprogramGetLine(sp));
  }
  if (m) LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  free(buf);
  return rc;
}

static int usage(void) {
  fputs("usage: rog tool pprof2prof [-sample-index N] [-a package.a]... -o out.prof profile.pprof\n", stderr);
  return 2;
}

static int run(const char *in, const char *out, const PprofStarts *starts, long index);

int driver_tool_pprof2prof(int argc, char **argv) {
  const char *out = NULL, *in = NULL;
  long index = -1;
  PprofStarts starts = {0};
  int rc = 0;
  for (int i = 1; i < argc && rc == 0; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      out = argv[++i];
    else if (strcmp(argv[i], "-a") == 0 && i + 1 < argc) {
      if (read_starts(argv[++i], &starts) != 0) rc = 1;
    } else if (strcmp(argv[i], "-sample-index") == 0 && i + 1 < argc) {
      char *end;
      index = strtol(argv[++i], &end, 10);
      if (*end || index < 0) rc = 2;
    } else if (argv[i][0] == '-' || in)
      rc = 2;
    else
      in = argv[i];
  }
  if (rc == 0 && (!out || !in)) rc = 2;
  if (rc == 0) pprof_starts_sort(&starts);
  if (rc == 0)
    rc = run(in, out, &starts, index);
  else if (rc == 2)
    usage();
  pprof_starts_free(&starts);
  return rc;
}

static int run(const char *in, const char *out, const PprofStarts *starts, long index) {
  size_t len;
  char *raw = read_file(in, &len);
  if (!raw) {
    fprintf(stderr, "pprof2prof: %s: %s\n", in, strerror(errno ? errno : EIO));
    return 1;
  }
  char *tmp = xasprintf("%s.tmp", out);
  FILE *f = fopen(tmp, "w");
  int rc = 0;
  if (!f) {
    fprintf(stderr, "pprof2prof: cannot write %s\n", tmp);
    rc = 1;
  } else {
    rc = pprof_convert((const uint8_t *)raw, len, starts, index, f, in);
    if (fclose(f) != 0) rc = 1;
    if (rc == 0 && rename(tmp, out) != 0) {
      fprintf(stderr, "pprof2prof: cannot write %s\n", out);
      rc = 1;
    }
    if (rc != 0) remove(tmp);
  }
  free(tmp);
  free(raw);
  return rc;
}
