/*
 * runtime/panic: defer, panic, recover, Goexit and runtime errors (abi.h
 * [panic]). Design at the top of panic.c; runtime errors in errors.c; the
 * unrecovered-panic report in report.c. This header is for the rest of the
 * runtime (runtime/rt, runtime/signal's fault path) and tests.
 */
#ifndef ROG_PANIC_H
#define ROG_PANIC_H

#include <stdbool.h>
#include <stdint.h>

#include "rog/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* runtime.Goexit: runs every deferred call of the goroutine, then ends it.
 * On the main goroutine the program keeps running its other goroutines
 * (gc's rule) until they are all blocked or gone. */
__attribute__((noreturn)) void rog_goexit(void) __asm__("runtime.Goexit");

/* Makes sure this object is linked (runtime/rt calls it at start-up): the
 * strong definitions here replace the weak print-and-exit hooks of
 * runtime/{sched,iface,alg}. */
void panic_init(void);

/* A C-built panic value, used when the program has no Go runtime package
 * (C tests) to build runtime.Error values: msg is the error text without
 * the "runtime error: " prefix; plain selects gc's plainError. */
typedef struct panic_cerror {
  rog_string msg;
  bool plain;
} panic_cerror;
extern const rog_type panic_cerror_type;

/* The unrecovered-panic report (report.c): "panic: " lines for the chain,
 * the [signal ...] line, the goroutine's traceback; exits with status 2. */
struct panic_rec;
__attribute__((noreturn)) void panic_fatal(struct panic_rec *p);
/* Raises the nil-dereference runtime error without touching the
 * goroutine's recorded signal (errors.c; rog_panic_nil records one). */
__attribute__((noreturn)) void panic_nil_error(void);
/* Prints v as gc's printpanicval does (after error/Stringer conversion). */
void panic_print_value(const rog_type *t, void *data);

#ifdef __cplusplus
}
#endif
#endif
