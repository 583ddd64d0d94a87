/*
 * pprof.h: Go CPU profiles (pprof) to LLVM sample profiles (pprof.c).
 */
#ifndef ROG_DRIVER_PPROF_H
#define ROG_DRIVER_PPROF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Function start lines by symbol name (from rog's bitcode: pprof2prof.c),
 * for profiles whose Function.start_line is 0 (gc before 1.20). */
typedef struct PprofStart {
  char *name;
  int64_t line;
} PprofStart;

typedef struct PprofStarts {
  PprofStart *v;
  size_t n, cap;
} PprofStarts;

void pprof_starts_add(PprofStarts *st, const char *name, size_t len, int64_t line);
/* Sorts by name; call after the last add and before pprof_convert. */
void pprof_starts_sort(PprofStarts *st);
void pprof_starts_free(PprofStarts *st);

/* Converts the profile in data (protobuf, raw or gzip-compressed) into an
 * LLVM text sample profile written to out, using the sample value at
 * index (-1: the "samples" type). Errors and notes go to stderr as
 * "pprof2prof: NAME: ...". Returns 0, or 1 for input it cannot use. */
int pprof_convert(const uint8_t *data, size_t len, const PprofStarts *starts, long index, FILE *out,
                  const char *name);

#endif
