/*
 * tool_compile.c: `rog tool compile`, the per-package compiler that build
 * systems call (gc's `go tool compile`). Not built yet: the front end
 * (compiler/syntax, compiler/types) provides it.
 */
#include <stdio.h>

#include "compiler/driver/driver.h"

int driver_tool_compile(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("rog tool compile: not implemented yet\n", stderr);
  return 2;
}
