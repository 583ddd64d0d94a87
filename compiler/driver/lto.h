/*
 * lto.h: the whole-program half of `rog tool link` for package archives
 * that carry bitcode (`rog tool compile -lto`): merge, optimize (plain,
 * PGO-instrumented or PGO-using), rog's passes, one object. See lto.c.
 */
#ifndef ROG_DRIVER_LTO_H
#define ROG_DRIVER_LTO_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/passes/passes.h"

typedef struct LtoOptions {
  const char *goarch;
  int olevel; /* LLVM's default<On> (2 unless -O) */
  RogPassConfig passes;
  bool pgo_instrument;        /* training build: IR instrumentation (.profraw) */
  const char *pgo_instr_use;  /* an indexed LLVM profile (.profdata), or NULL */
  const char *pgo_sample_use; /* an LLVM sample profile (pprof2prof's), or NULL */
  const char *remarks;        /* YAML optimization remarks (inline, pgo) or NULL */
  const char *tmpdir;         /* scratch directory for the opt-19 round trip */
  bool internalize;           /* step 1b of lto.c (on unless rog tool link -no-internalize) */
} LtoOptions;

/* One package's bitcode (the _go_.bc member), named for error messages. */
typedef struct LtoInput {
  const char *name;
  const void *data;
  size_t len;
} LtoInput;

/* Links the modules into one (LLVMLinkModules2), runs LLVM's pipeline
 * (through opt-19 when PGO or remarks ask for it, in process otherwise)
 * and rog's passes over it, and writes one object file to obj_out.
 * Returns 0, or -1 after printing an error. */
int lto_compile(const LtoOptions *o, const LtoInput *in, size_t n, const char *obj_out);

/* True if the options need the opt-19 round trip (see lto.c). */
bool lto_needs_opt_tool(const LtoOptions *o);

#endif
