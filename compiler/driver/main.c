/*
 * main.c: the `rog` command's entry point and subcommand dispatch.
 *
 * rog follows the go command's shape: `rog build|run|test|list|check|version`
 * for users, `rog tool compile|link` for build systems (Bazel's rules_rog
 * calls these, one action per package), `rog tool opt` for working on the
 * IR passes. Each subcommand lives in its own
 * file; this file only parses the first word. A subcommand that is not built
 * yet says so and exits 2, so scripts can never mistake it for success.
 */
#include <stdio.h>
#include <string.h>

#include "compiler/driver/driver.h"

static void usage(FILE *f) {
  fputs("rog is a Go 1.19 compiler distribution built on LLVM.\n"
        "\n"
        "Usage:\n"
        "\n"
        "\trog <command> [arguments]\n"
        "\n"
        "The commands are:\n"
        "\n"
        "\tbuild       compile packages and dependencies\n"
        "\tcheck       type-check packages\n"
        "\tlist        list packages\n"
        "\trun         compile and run a Go program\n"
        "\ttest        test packages\n"
        "\tversion     print rog, LLVM and target versions\n"
        "\ttool        run a build tool (check, compile, link, opt, pprof2prof)\n"
        "\n"
        "Use \"rog help\" for this text.\n",
        f);
}

/* Subcommands that later issues implement. */
static const char *const not_yet[] = {"build", "run", "test"};

static int not_implemented(const char *what) {
  fprintf(stderr, "rog %s: not implemented yet\n", what);
  return 2;
}

static int tool(int argc, char **argv) {
  if (argc < 2) {
    fputs("usage: rog tool <check|compile|link|opt|pprof2prof> [arguments]\n", stderr);
    return 2;
  }
  if (strcmp(argv[1], "compile") == 0) return driver_tool_compile(argc - 1, argv + 1);
  if (strcmp(argv[1], "link") == 0) return driver_tool_link(argc - 1, argv + 1);
  if (strcmp(argv[1], "opt") == 0) return driver_tool_opt(argc - 1, argv + 1);
  if (strcmp(argv[1], "check") == 0) return driver_tool_check(argc - 1, argv + 1);
  if (strcmp(argv[1], "pprof2prof") == 0) return driver_tool_pprof2prof(argc - 1, argv + 1);
  fprintf(stderr, "rog tool: no such tool \"%s\"\n", argv[1]);
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(cmd, "version") == 0) return driver_version(argc - 1, argv + 1);
  if (strcmp(cmd, "tool") == 0) return tool(argc - 1, argv + 1);
  if (strcmp(cmd, "list") == 0) return driver_list(argc - 1, argv + 1);
  if (strcmp(cmd, "build") == 0) return driver_build(argc - 1, argv + 1);
  if (strcmp(cmd, "run") == 0) return driver_run(argc - 1, argv + 1);
  if (strcmp(cmd, "check") == 0) return driver_check(argc - 1, argv + 1);
  for (size_t i = 0; i < sizeof not_yet / sizeof not_yet[0]; i++)
    if (strcmp(cmd, not_yet[i]) == 0) return not_implemented(cmd);
  fprintf(stderr, "rog %s: unknown command\nRun 'rog help' for usage.\n", cmd);
  return 2;
}
