/*
 * runtime/panic: the records shared by panic.c and report.c (design in
 * panic.c).
 */
#ifndef ROG_PANIC_INTERNAL_H
#define ROG_PANIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "rog/abi.h"

typedef struct defer_rec {
  struct defer_rec *link;
  const rog_closure *fn;
  struct panic_rec *panic; /* while started: the panic it runs for (on a stack) */
  uintptr_t started;
} defer_rec;

typedef struct panic_rec {
  struct panic_rec *link;
  rog_iface arg; /* {type, data} */
  void *argp;    /* frame address of call_deferred while a deferred call runs */
  bool recovered, aborted, goexit;
  /* Goexit only: where its defer loop resumes, and the frames/segment to
   * restore then */
  uintptr_t *resume;
  void *defer_top;
  void *seg;
} panic_rec;

#endif
