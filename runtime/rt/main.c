/*
 * runtime/rt/main.c: the C `main` of every Go program rog builds (abi.h
 * [rt]). Kept apart from rt.c so that tests can link rt without it.
 *
 * runtime.init is weak: rog's Go runtime package defines it when it is
 * compiled into the program; main.init and main.main are the program's.
 */
#include <stdlib.h>

#include "runtime/rt/rt.h"

extern void go_runtime_init(void) __asm__("runtime.init") __attribute__((weak));
extern void go_main_init(void) __asm__("main.init");
extern void go_main_main(void) __asm__("main.main");

static void run_go_main(void) {
  if (go_runtime_init) go_runtime_init();
  go_main_init();
  go_main_main();
}

int main(int argc, char **argv) {
  exit(rt_run(argc, argv, run_go_main));
}
