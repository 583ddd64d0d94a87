/*
 * tool_compile.h: `rog tool compile`, the per-package compiler tool (the
 * counterpart of `go tool compile`). Only the front end exists so far.
 */
#ifndef ROG_DRIVER_TOOL_COMPILE_H
#define ROG_DRIVER_TOOL_COMPILE_H

/* argv[0] is "compile". Returns the process exit status:
 * 0 success, 2 compile errors or bad usage (as gc). */
int rog_tool_compile(int argc, char **argv);

/* `rog tool compile` without -stop-after=parse (compile_package.c):
 * check one package against its imports' export data, write its export
 * data (-stop-after=typecheck) or its package archive. */
int driver_compile_package(int argc, char **argv);

#endif
