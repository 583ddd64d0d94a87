/*
 * typecheck_main.c: a small driver for tests and manual use, equivalent to
 * `rog tool compile -stop-after=typecheck`: parses and type-checks the
 * given files as one package (imports resolved from $GOROOT/src by the
 * test importer) and prints gc-style diagnostics. Exit status 2 on errors.
 *   typecheck [-p importpath] [-C] FILE.go...     (-C: no columns, like gc)
 */
#include <stdio.h>
#include <string.h>

#include "compiler/types/types.h"

int main(int argc, char **argv) {
  const char *pkg = "main";
  bool columns = true;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
      pkg = argv[++i];
    else if (strncmp(argv[i], "-p=", 3) == 0)
      pkg = argv[i] + 3;
    else if (strcmp(argv[i], "-C") == 0)
      columns = false;
    else {
      fprintf(stderr, "usage: typecheck [-p importpath] [-C] file.go...\n");
      return 2;
    }
  }
  if (i >= argc) {
    fprintf(stderr, "usage: typecheck [-p importpath] [-C] file.go...\n");
    return 2;
  }
  int n = types_check_files(pkg, (const char **)(argv + i), argc - i, NULL, columns);
  return n ? 2 : 0;
}
