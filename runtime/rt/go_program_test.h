/*
 * runtime/rt/go_program_test.h: what the C "Go programs" of runtime/rt's
 * tests (rt_test.c, ragged_test.c) share: the Go symbols they define or
 * call, and CHECK, which prints the failing condition with the test's name
 * (GO_PROGRAM_TEST_NAME, defined before including this) and exits 1, the
 * way these tests report failure (they run under the real C main, not
 * GoogleTest).
 */
#ifndef ROG_RT_GO_PROGRAM_TEST_H
#define ROG_RT_GO_PROGRAM_TEST_H

#include <stdio.h>
#include <stdlib.h>

#ifndef GO_PROGRAM_TEST_NAME
#error "define GO_PROGRAM_TEST_NAME before including go_program_test.h"
#endif

#define CHECK(c)                                                                                             \
  do {                                                                                                       \
    if (!(c)) {                                                                                              \
      fprintf(stderr, GO_PROGRAM_TEST_NAME ": %s:%d: check failed: %s\n", __FILE__, __LINE__, #c);           \
      exit(1);                                                                                               \
    }                                                                                                        \
  } while (0)

void go_main_init(void) __asm__("main.init");
void go_main_main(void) __asm__("main.main");
void rt_gc(void) __asm__("runtime.GC");

#endif
