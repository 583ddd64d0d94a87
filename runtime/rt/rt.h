/*
 * runtime/rt: program start-up and the glue between the runtime's parts
 * (design in rt.c). Generated code sees only abi.h [rt].
 */
#ifndef ROG_RT_H
#define ROG_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Initializes the runtime (options, allocator, GC wired to the scheduler,
 * scheduler, signals) and runs `go_main` as the main goroutine; returns
 * the process exit status (0) when it returns. main.c calls it with a
 * function that runs runtime.init, main.init and main.main. */
int rt_run(int argc, char **argv, void (*go_main)(void));

/* Installs the collector's cycle-start hook (gcpause_std.c): sync.Pool's
 * cleanup and the request to purge free goroutines' stacks. */
void rt_install_cycle_hook(void);

/* The program's arguments and environment (os.Args, syscall.runtime_envs). */
extern int rt_argc;
extern char **rt_argv;

/* Bytes of the main goroutine's stack and of other goroutines' first
 * segment (ROG_OPTS mainstack=, stackmin=). */
extern size_t rt_main_stack, rt_goroutine_stack;

/* Goroutines the runtime started for itself (the finalizer goroutine), not
 * counted by runtime.NumGoroutine. */
extern _Atomic int rt_system_goroutines;
/* Is fn the body of one of those (goroutine profiles leave them out)? */
bool rt_is_system_goroutine(void (*fn)(void *));

#ifdef __cplusplus
}
#endif
#endif
