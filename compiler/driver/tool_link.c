/*
 * tool_link.c: `rog tool link`, linking a program from package archives
 * or objects (the counterpart of `go tool link`).
 *
 *   rog tool link [-X importpath.name=value]... -importcfg CFG -o EXE MAIN.a
 *   rog tool link [-X importpath.name=value]... -o EXE FILE.o|FILE.a...
 *
 * With -importcfg (what build systems use), every "packagefile path=file"
 * line of CFG names one package archive of the program (all transitive
 * dependencies, as with gc's link importcfg); MAIN.a is package main.
 * Package `runtime` (rog's own, compiled from runtime/go/runtime with
 * -p runtime) must be among them. Each archive's object member _go_.o is
 * extracted into a temporary directory and all objects are linked with
 * rog's runtime archive (codegen_link). Without -importcfg, the arguments
 * are objects, or package archives treated the same way. -X sets a string
 * variable, as gc's -X (an object of strong definitions linked with the
 * program, also after LTO: xdefs.c).
 *
 * Archives from `rog tool compile -lto` hold _go_.bc instead of _go_.o:
 * all bitcode members are merged, optimized and compiled into one object
 * (lto.c) that is linked with the other objects. Flags for that step:
 *   -O0..3                 the link-time pipeline (default -O2)
 *   -passes=LIST           rog's passes at link time (as tool compile)
 *   -pgo-instrument        instrumented training build (+ profile runtime)
 *   -pgo-instr-use FILE    use an LLVM .profdata
 *   -pgo-sample-use FILE   use an LLVM sample profile (rog tool pprof2prof)
 *   -remarks FILE          YAML optimization remarks of the LTO pipeline
 *   -no-internalize        keep every Go symbol external (lto.c step 1b)
 * PGO needs bitcode (it is applied in the whole-program step): asking for
 * it without any -lto archive is an error, never silently ignored.
 * With PGO, lld keeps the .text.hot/.text.unlikely prefixes
 * (-z keep-text-section-prefix), so the layout the profile chose is
 * visible in the binary's section table.
 *   -emit-relocs           keep relocations in the executable (llvm-bolt)
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/load.h"
#include "compiler/driver/lto.h"
#include "compiler/driver/strvec.h"
#include "compiler/driver/xdefs.h"
#include "compiler/types/types.h"

static int usage(void) {
  fputs("usage: rog tool link [-X importpath.name=value]... [-importcfg file] [-O0..3] [-passes=list] "
        "[-pgo-instrument] "
        "[-pgo-instr-use file.profdata] [-pgo-sample-use file.prof] [-remarks file.yaml] "
        "[-emit-relocs] [-no-internalize] -o out main.a|file.o...\n",
        stderr);
  return 2;
}

/* A bitcode member kept for lto_compile, with the archive it came from. */
typedef struct Bitcode {
  LtoInput *v;
  char **bufs; /* the archives' contents v[i].data points into */
  size_t n, cap;
} Bitcode;

static void bitcode_push(Bitcode *b, const char *name, char *buf, const void *data, size_t len) {
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 16;
    b->v = realloc(b->v, b->cap * sizeof *b->v);
    b->bufs = realloc(b->bufs, b->cap * sizeof *b->bufs);
    if (!b->v || !b->bufs) abort();
  }
  b->v[b->n] = (LtoInput){name, data, len};
  b->bufs[b->n++] = buf;
}

static void bitcode_free(Bitcode *b) {
  for (size_t i = 0; i < b->n; i++)
    free(b->bufs[i]);
  free(b->v);
  free(b->bufs);
}

/* obj gets the path to link for input: the input itself for an object,
 * the extracted _go_.o of a package archive (written into dir); an
 * archive with _go_.bc goes to bc instead. */
static int object_of(const char *input, const char *dir, size_t k, strvec *objs, Bitcode *bc) {
  size_t len;
  char *buf = read_file(input, &len);
  if (!buf) {
    fprintf(stderr, "rog tool link: cannot read %s\n", input);
    return -1;
  }
  if (len < 8 || memcmp(buf, "!<arch>\n", 8) != 0) {
    free(buf);
    strvec_pushdup(objs, input);
    return 0;
  }
  size_t olen;
  const void *o = types_ar_member(buf, len, AR_BITCODE_MEMBER, &olen);
  if (o) {
    bitcode_push(bc, input, buf, o, olen);
    return 0;
  }
  o = types_ar_member(buf, len, AR_OBJECT_MEMBER, &olen);
  if (!o) {
    free(buf);
    fprintf(stderr, "rog tool link: %s: not a rog package archive (no _go_.o or _go_.bc)\n", input);
    return -1;
  }
  char *path = xasprintf("%s/%zu.o", dir, k);
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(o, 1, olen, f) == olen;
  if (f) ok = fclose(f) == 0 && ok;
  free(buf);
  if (!ok) {
    fprintf(stderr, "rog tool link: cannot write %s\n", path);
    free(path);
    return -1;
  }
  strvec_push(objs, path);
  return 0;
}

int driver_tool_link(int argc, char **argv) {
  const char *out = NULL, *importcfg = NULL;
  LtoOptions lo = {0};
  lo.olevel = 2;
  lo.passes = rog_pass_config_default();
  lo.internalize = true;
  bool emit_relocs = false;
  strvec inputs = {0}, xdefs = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *x = NULL;
    if (strcmp(a, "-X") == 0 && i + 1 < argc)
      x = argv[++i];
    else if (strncmp(a, "-X=", 3) == 0)
      x = a + 3;
    if (x) {
      const char *bad = xdefs_check(x);
      if (bad) {
        fprintf(stderr, "rog tool link: %s (got %s)\n", bad, x);
        strvec_free(&inputs);
        strvec_free(&xdefs);
        return 2;
      }
      strvec_pushdup(&xdefs, x);
    } else if (strlen(a) == 3 && a[1] == 'O' && a[2] >= '0' && a[2] <= '3')
      lo.olevel = a[2] - '0';
    else if (strncmp(a, "-passes=", 8) == 0) {
      const char *bad;
      size_t bad_len;
      if (strcmp(a + 8, "none") == 0)
        lo.passes.enabled = 0;
      else if (rog_pass_parse_list(a + 8, &lo.passes.enabled, &bad, &bad_len) != 0) {
        fprintf(stderr, "rog tool link: -passes: unknown pass \"%.*s\"\n", (int)bad_len, bad);
        strvec_free(&inputs);
        strvec_free(&xdefs);
        return 2;
      }
    } else if (strcmp(a, "-pgo-instrument") == 0)
      lo.pgo_instrument = true;
    else if (strcmp(a, "-pgo-instr-use") == 0 && i + 1 < argc)
      lo.pgo_instr_use = argv[++i];
    else if (strcmp(a, "-pgo-sample-use") == 0 && i + 1 < argc)
      lo.pgo_sample_use = argv[++i];
    else if (strcmp(a, "-remarks") == 0 && i + 1 < argc)
      lo.remarks = argv[++i];
    else if (strcmp(a, "-emit-relocs") == 0)
      emit_relocs = true;
    else if (strcmp(a, "-no-internalize") == 0)
      lo.internalize = false;
    else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      out = argv[++i];
    else if (strcmp(argv[i], "-importcfg") == 0 && i + 1 < argc)
      importcfg = argv[++i];
    else if (strncmp(argv[i], "-importcfg=", 11) == 0)
      importcfg = argv[i] + 11;
    else if (argv[i][0] == '-') {
      fprintf(stderr, "rog tool link: unknown flag %s\n", argv[i]);
      strvec_free(&inputs);
      strvec_free(&xdefs);
      return usage();
    } else
      strvec_pushdup(&inputs, argv[i]);
  }
  if (!out || inputs.n == 0 || (importcfg && inputs.n != 1)) {
    strvec_free(&inputs);
    strvec_free(&xdefs);
    return usage();
  }
  if (!!lo.pgo_instrument + !!lo.pgo_instr_use + !!lo.pgo_sample_use > 1) {
    fputs("rog tool link: -pgo-instrument, -pgo-instr-use and -pgo-sample-use exclude each other\n", stderr);
    strvec_free(&inputs);
    strvec_free(&xdefs);
    return 2;
  }
  const char *goarch = ld_env_goarch("tool link");
  if (!goarch) {
    strvec_free(&inputs);
    strvec_free(&xdefs);
    return 2;
  }
  if (importcfg) {
    TypesExportImporter im = {0};
    char *err = NULL;
    if (types_export_importer_read_importcfg(&im, importcfg, &err) != 0) {
      fprintf(stderr, "rog tool link: %s: %s\n", importcfg, err);
      free(err);
      strvec_free(&inputs);
      strvec_free(&xdefs);
      return 2;
    }
    bool have_runtime = false;
    for (uint32_t i = 0; i < im.nsrc; i++) {
      if (!im.src[i].file) continue;
      if (strcmp(im.src[i].path, "runtime") == 0) have_runtime = true;
      if (strcmp(im.src[i].path, "main") != 0) strvec_pushdup(&inputs, im.src[i].file);
    }
    types_export_importer_free(&im);
    if (!have_runtime) {
      fprintf(stderr,
              "rog tool link: package runtime is not in %s (compile rog's runtime/go/runtime with "
              "-p runtime and list it)\n",
              importcfg);
      strvec_free(&inputs);
      strvec_free(&xdefs);
      return 2;
    }
  }
  char dir[] = "/tmp/rog-link-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("rog tool link: mkdtemp");
    strvec_free(&inputs);
    strvec_free(&xdefs);
    return 1;
  }
  strvec objs = {0};
  Bitcode bc = {0};
  int rc = 0;
  for (size_t i = 0; i < inputs.n && rc == 0; i++)
    if (object_of(inputs.v[i], dir, i, &objs, &bc) != 0) rc = 1;
  bool pgo = lo.pgo_instrument || lo.pgo_instr_use || lo.pgo_sample_use;
  if (rc == 0 && bc.n == 0 && (pgo || lo.remarks)) {
    fputs(
        "rog tool link: PGO and -remarks work on bitcode: compile the packages with rog tool compile -lto\n",
        stderr);
    rc = 2;
  }
  if (rc == 0 && bc.n > 0) {
    lo.goarch = goarch;
    lo.tmpdir = dir;
    char *obj = xasprintf("%s/lto.o", dir);
    if (lto_compile(&lo, bc.v, bc.n, obj) != 0) {
      free(obj);
      rc = 1;
    } else
      strvec_push(&objs, obj);
  }
  if (rc == 0 && xdefs.n > 0) {
    char *xo = xasprintf("%s/xdefs.o", dir);
    strvec_push(&objs, xo);
    if (xdefs_write_object(xo, xdefs.v, xdefs.n, goarch) != 0) rc = 1;
  }
  char *extra[4];
  size_t nextra = 0;
  if (lo.pgo_instrument) extra[nextra++] = "-fprofile-instr-generate";
  if (pgo) extra[nextra++] = "-Wl,-z,keep-text-section-prefix";
  if (emit_relocs) extra[nextra++] = "-Wl,--emit-relocs";
  if (rc == 0) rc = codegen_link(out, objs.v, objs.n, goarch, extra, nextra);
  bitcode_free(&bc);
  for (size_t i = 0; i < objs.n; i++)
    if (strncmp(objs.v[i], dir, strlen(dir)) == 0) unlink(objs.v[i]);
  rmdir(dir);
  strvec_free(&objs);
  strvec_free(&inputs);
  strvec_free(&xdefs);
  return rc;
}
