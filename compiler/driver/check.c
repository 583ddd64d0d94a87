/*
 * check.c: `rog check`, type-checking packages from source.
 *
 *   rog check [-test] [-trace] [-upstream] [-bodies=deps|all] [-goroot DIR]
 *             [-overlay IMPORTPATH=DIR]... [packages]
 *
 * Loads the packages matching the patterns (load.c, as `rog list` does),
 * then type-checks each with all its dependencies from source in one
 * process (checkpkgs.c) and prints every syntax, loader and type error as
 * "file:line:col: message" on stderr. Exit status 1 on any error, 2 on a
 * usage error, 0 otherwise (gc's go vet/go build print errors the same
 * way).
 *
 * -test also checks each matched package's test packages: "p [p.test]"
 *   (p with its _test.go files) and "p_test" (the external test package),
 *   with the recompiled dependencies go builds for the test.
 * -tracepkgs is -trace plus one line per package (its parse and check
 *   time, error count and the peak RSS after it).
 * -trace prints per phase (load, parse, check) the wall time and the
 *   process's peak RSS so far on stderr. Parsing and checking alternate
 *   per package, so their times are sums over packages and their RSS is
 *   the peak at the end of the run.
 * By default the packages under rog's runtime/go (runtime,
 *   internal/bytealg, ...) replace the upstream ones, as in rog build (the
 *   overlay contract, ld_add_overlay_tree); -upstream checks Go's own
 *   versions instead. -overlay replaces one more package's directory
 *   (ld_add_overlay); it wins over rog's own.
 *
 * Function bodies are checked in every package, dependencies included:
 * a dependency outside the patterns is usually cheap, and checking it
 * whole means one memoized CheckedPkg per package (no second pass when a
 * later pattern names it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compiler/driver/checkpkgs.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/load.h"

#define DEFAULT_GOROOT "/usr/share/go-1.19"

static void check_usage(void) {
  fputs(
      "usage: rog check [-test] [-trace] [-tracepkgs] [-upstream] [-goroot dir] [-overlay importpath=dir]... "
      "[packages]\n",
      stderr);
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int driver_check(int argc, char **argv) {
  bool test = false, trace = false, trace_pkgs = false, upstream = false;
  const char *goroot = getenv("GOROOT");
  if (!goroot || !*goroot) goroot = DEFAULT_GOROOT;
  strvec overlays = {0};
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || strcmp(a, "-") == 0) break;
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (a[1] == '-') a++;
    if (strcmp(a, "-test") == 0) {
      test = true;
    } else if (strcmp(a, "-trace") == 0) {
      trace = true;
    } else if (strcmp(a, "-upstream") == 0) {
      upstream = true;
    } else if (strcmp(a, "-tracepkgs") == 0) {
      trace = trace_pkgs = true;
    } else if (strcmp(a, "-goroot") == 0 || strcmp(a, "-overlay") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "flag needs an argument: %s\n", a);
        check_usage();
        strvec_free(&overlays);
        return 2;
      }
      if (a[1] == 'g')
        goroot = argv[++i];
      else
        strvec_pushdup(&overlays, argv[++i]);
    } else if (strncmp(a, "-goroot=", 8) == 0) {
      goroot = a + 8;
    } else if (strncmp(a, "-overlay=", 9) == 0) {
      strvec_pushdup(&overlays, a + 9);
    } else {
      fprintf(stderr, "flag provided but not defined: %s\n", a);
      check_usage();
      strvec_free(&overlays);
      return 2;
    }
  }
  const char *goarch = ld_env_goarch("check");
  if (!goarch) {
    strvec_free(&overlays);
    return 2;
  }
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) {
    perror("rog check: getcwd");
    strvec_free(&overlays);
    return 1;
  }

  double t0 = wall();
  loader l;
  if (ld_init(&l, goroot, goarch, cwd) != 0) {
    fprintf(stderr, "%s\n", l.fatal);
    ld_free(&l);
    strvec_free(&overlays);
    return 1;
  }
  if (!upstream) {
    char ovroot[4096 + 32];
    snprintf(ovroot, sizeof ovroot, "%s/runtime/go", driver_rog_root());
    ld_add_overlay_tree(&l, ovroot);
  }
  for (size_t k = 0; k < overlays.n; k++) {
    char *eq = strchr(overlays.v[k], '=');
    if (!eq || eq == overlays.v[k]) {
      fprintf(stderr, "rog check: -overlay wants importpath=dir, not %s\n", overlays.v[k]);
      ld_free(&l);
      strvec_free(&overlays);
      return 2;
    }
    *eq = 0;
    if (ld_add_overlay(&l, overlays.v[k], eq + 1) != 0) {
      fprintf(stderr, "rog check: -overlay %s: %s is not a directory\n", overlays.v[k], eq + 1);
      ld_free(&l);
      strvec_free(&overlays);
      return 2;
    }
  }
  strvec_free(&overlays);

  char *dot[] = {"."};
  char **patterns = i < argc ? argv + i : dot;
  size_t npatterns = i < argc ? (size_t)(argc - i) : 1;
  size_t n = 0;
  ld_package **roots = ld_load_patterns(&l, patterns, npatterns, &n);
  /* test packages, in the order of their packages */
  ld_package **work = xcalloc(3 * n + 1, sizeof *work);
  size_t nwork = 0;
  for (size_t k = 0; k < n; k++) {
    work[nwork++] = roots[k];
    if (!test || roots[k]->error) continue;
    ld_test_pkgs t;
    ld_test_packages(&l, roots[k], &t);
    if (t.ptest != roots[k]) work[nwork++] = t.ptest;
    if (t.pxtest) work[nwork++] = t.pxtest;
  }
  double t1 = wall();
  if (trace)
    fprintf(stderr, "phase load: %.3f s wall, %zu packages, peak RSS %.1f MiB\n", t1 - t0, l.nall,
            (double)checkpkgs_peak_rss() / (1024.0 * 1024.0));

  TypesCtx *tc = types_ctx_new();
  CheckOptions opt = {0};
  opt.trace = trace ? stderr : NULL;
  opt.trace_packages = trace_pkgs ? stderr : NULL;
  CheckSession *s = checkpkgs_new(&l, tc, &opt);
  for (size_t k = 0; k < nwork; k++)
    checkpkgs_check(s, work[k]);
  CheckStats st;
  checkpkgs_stats(s, &st);
  checkpkgs_free(s);
  types_ctx_free(tc);
  if (trace)
    fprintf(stderr, "total: %.3f s wall, %u packages, %u files, %d errors, peak RSS %.1f MiB\n", wall() - t0,
            st.npackages, st.nfiles, st.nerrors, (double)checkpkgs_peak_rss() / (1024.0 * 1024.0));
  free(work);
  free(roots);
  ld_free(&l);
  return st.nerrors ? 1 : 0;
}
