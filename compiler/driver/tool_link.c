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
 * -X sets a string variable, as gc's -X (an object of strong definitions
 * linked with the program: xdefs.c).
 * Package `runtime` (rog's own, compiled from runtime/go/runtime with
 * -p runtime) must be among them. Each archive's object member _go_.o is
 * extracted into a temporary directory and all objects are linked with
 * rog's runtime archive (codegen_link). Without -importcfg, the arguments
 * are objects, or package archives treated the same way.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/load.h"
#include "compiler/driver/strvec.h"
#include "compiler/driver/xdefs.h"
#include "compiler/types/types.h"

static int usage(void) {
  fputs("usage: rog tool link [-X importpath.name=value]... [-importcfg file] -o out main.a|file.o...\n",
        stderr);
  return 2;
}

/* obj gets the path to link for input: the input itself for an object,
 * the extracted _go_.o of a package archive (written into dir). */
static int object_of(const char *input, const char *dir, size_t k, strvec *objs) {
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
  const void *o = types_ar_member(buf, len, "_go_.o", &olen);
  if (!o) {
    free(buf);
    fprintf(stderr, "rog tool link: %s: not a rog package archive (no _go_.o)\n", input);
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
  strvec inputs = {0}, xdefs = {0};
  for (int i = 1; i < argc; i++) {
    const char *x = NULL;
    if (strcmp(argv[i], "-X") == 0 && i + 1 < argc)
      x = argv[++i];
    else if (strncmp(argv[i], "-X=", 3) == 0)
      x = argv[i] + 3;
    if (x) {
      const char *bad = xdefs_check(x);
      if (bad) {
        fprintf(stderr, "rog tool link: %s (got %s)\n", bad, x);
        strvec_free(&inputs);
        strvec_free(&xdefs);
        return 2;
      }
      strvec_pushdup(&xdefs, x);
    } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
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
  int rc = 0;
  for (size_t i = 0; i < inputs.n && rc == 0; i++)
    if (object_of(inputs.v[i], dir, i, &objs) != 0) rc = 1;
  if (rc == 0 && xdefs.n > 0) {
    char *xo = xasprintf("%s/xdefs.o", dir);
    strvec_push(&objs, xo);
    if (xdefs_write_object(xo, xdefs.v, xdefs.n, goarch) != 0) rc = 1;
  }
  if (rc == 0) rc = codegen_link(out, objs.v, objs.n, goarch);
  for (size_t i = 0; i < objs.n; i++)
    if (strncmp(objs.v[i], dir, strlen(dir)) == 0) unlink(objs.v[i]);
  rmdir(dir);
  strvec_free(&objs);
  strvec_free(&inputs);
  strvec_free(&xdefs);
  return rc;
}
