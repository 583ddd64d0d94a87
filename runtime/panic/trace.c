/*
 * runtime/panic/trace.c: the goroutine traceback of fatal reports.
 *
 * TODO(traceback): file:line from the binary's DWARF line table (libdw)
 * in gc's format; until then runtime/sched's frame-pointer walk with
 * dladdr names ("name(...)\n\tbinary +0xoff").
 */
#include "runtime/sched/sched.h"

void panic_print_traceback(sched_g *g, uintptr_t fp);

void panic_print_traceback(sched_g *g, uintptr_t fp) {
  sched_print_goroutine(g, true, fp);
}
