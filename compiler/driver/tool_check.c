/*
 * tool_check.c: `rog tool check [-p importpath] [-C] FILE.go...`, the
 * `-stop-after=typecheck` entry of the front end: parses and type-checks
 * the files of one package and prints gc-style diagnostics
 * ("file:line:col: message", sorted by position; -C drops columns).
 * Exit status 2 on any error, 0 otherwise.
 *
 * Imports are resolved by compiler/types' GOROOT test importer until the
 * package loader (compiler/driver/load.c) provides a types_import_fn;
 * then this file passes that importer in TypesConfig.importer.
 *
 * main.c routes `rog tool check` here.
 */
#include <stdio.h>
#include <string.h>

#include "compiler/driver/driver.h"
#include "compiler/types/types.h"

int driver_tool_check(int argc, char **argv) {
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
    else if (strcmp(argv[i], "-e") == 0 || strcmp(argv[i], "-stop-after=typecheck") == 0)
      continue; /* all errors are always reported; checking is all this tool does */
    else {
      fprintf(stderr, "usage: rog tool check [-p importpath] [-C] file.go...\n");
      return 2;
    }
  }
  if (i >= argc) {
    fprintf(stderr, "usage: rog tool check [-p importpath] [-C] file.go...\n");
    return 2;
  }
  return types_check_files(pkg, (const char **)(argv + i), argc - i, NULL, columns) ? 2 : 0;
}
