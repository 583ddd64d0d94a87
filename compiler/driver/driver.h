/*
 * driver.h: the subcommands of the `rog` command, one function each, called
 * from main.c with argv[0] set to the subcommand's own name.
 * Every function returns the process exit status (0 ok, 2 usage or errors,
 * as the go command does).
 */
#ifndef ROG_DRIVER_H
#define ROG_DRIVER_H

int driver_version(int argc, char **argv);

/* Registers LLVM's x86-64 and AArch64 targets (the ones rog emits code
 * for); idempotent. */
void driver_init_llvm_targets(void);
int driver_tool_compile(int argc, char **argv);
int driver_tool_opt(int argc, char **argv);
/* The -O`olevel` optimization pipeline over m for its target triple
 * (tool_opt.c; rog_pipeline_run: LLVM's default<On> with rog's spec pass
 * before vectorization when `cfg` enables it); -O0 runs nothing. Returns 0,
 * or -1 after printing the error. */
struct LLVMOpaqueModule;
struct RogPassConfig;
int driver_run_pipeline(struct LLVMOpaqueModule *m, int olevel, const char *cpu,
                        const struct RogPassConfig *cfg);
/* rog build / rog run / rog tool link (build.c). */
int driver_build(int argc, char **argv);
int driver_run(int argc, char **argv);
int driver_tool_link(int argc, char **argv);
/* The directory rog's own files (runtime archive, runtime/go) live under:
 * $ROG_ROOT, else <dir of rog>/rog.runfiles/rog (bazel-bin), else
 * <dir of rog>/.. (a release: ROOT/bin/rog). */
const char *driver_rog_root(void);
/* rog tool check: parse and type-check one package's files (tool_check.c). */
int driver_tool_check(int argc, char **argv);
int driver_list(int argc, char **argv);
/* rog check: load and type-check packages from source (check.c). */
int driver_check(int argc, char **argv);
/* rog tool pprof2prof: a Go CPU profile to an LLVM sample profile. */
int driver_tool_pprof2prof(int argc, char **argv);

#endif
