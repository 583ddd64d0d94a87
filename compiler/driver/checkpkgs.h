/*
 * checkpkgs.h: type-checking loaded packages from source, in dependency
 * order, in one process (`rog check`, `rog build`).
 *
 * A CheckSession sits between the loader (load.h) and the type checker
 * (compiler/types/types.h). checkpkgs_check(s, p) first checks every
 * package p imports (depth first, through ld_package.imported), then p
 * itself; each package is checked once per session (memoized by its
 * ld_package pointer, so a test variant "q [p.test]" is a package of its
 * own). The checker's importer callback resolves an import path as written
 * in p's source through p's raw_imports/imported lists and returns the
 * TypesPackage already checked for it. All packages share the session's
 * TypesCtx, so types of different packages point at each other.
 *
 * Ownership: the session owns every CheckedPkg, its syntax trees (one
 * arena per package, kept for the session's life: objects point into them
 * for positions and declarations) and its TypesInfo. The TypesCtx and the
 * loader belong to the caller and must outlive the session.
 *
 * Errors: syntax and type errors are reported through opt->error (in
 * gc's order within one package: sorted by position); a package with
 * errors is still returned (nerrors > 0) and its importers are checked
 * against what could be checked. A package the loader marked with an
 * error (missing import, bad file) reports that error once and is checked
 * as far as its files allow.
 */
#ifndef ROG_DRIVER_CHECKPKGS_H
#define ROG_DRIVER_CHECKPKGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler/driver/load.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

typedef struct CheckedPkg {
  ld_package *lp;
  TypesPackage *pkg;
  TypesInfo *info; /* NULL when opt->keep_info is false */
  SynFile **files; /* parsed Go files, in lp->go_files order (test files after them for test variants) */
  uint32_t nfiles;
  int nerrors; /* syntax + type errors of this package (not of its imports) */
} CheckedPkg;

/* One diagnostic. filename/line/col may be 0/NULL for package-level
 * errors without a position (loader errors). */
typedef void (*checkpkgs_error_fn)(void *ctx, const CheckedPkg *pkg, const TypesDiag *d);

typedef struct CheckOptions {
  checkpkgs_error_fn error; /* NULL: print "file:line:col: msg" to stderr */
  void *error_ctx;
  /* Per-phase accounting: when non-NULL, checkpkgs_free prints one line
   * per phase (parse, check) with wall time and the process's peak RSS. */
  FILE *trace;
  /* When non-NULL: one line per package checked (times, errors, RSS). */
  FILE *trace_packages;
  /* Keep each package's TypesInfo (the back end needs it; `rog check`
   * does not, and saves memory). */
  bool keep_info;
  /* Do not check function bodies (declarations only). */
  bool ignore_func_bodies;
  /* Go language version for packages without a go.mod version (0: 119). */
  int lang_version;
} CheckOptions;

typedef struct CheckSession CheckSession;

/* l must have loaded the packages that will be checked. */
CheckSession *checkpkgs_new(loader *l, TypesCtx *tc, const CheckOptions *opt);

/* Checks p's imports, then p. Returns p's CheckedPkg (never NULL; owned by
 * the session). An import cycle (which the loader also reports) yields
 * a package checked against a fake stand-in. */
CheckedPkg *checkpkgs_check(CheckSession *s, ld_package *p);

/* Totals over the session so far. */
typedef struct CheckStats {
  uint32_t npackages, nfiles;
  int nerrors;
  double parse_seconds, check_seconds; /* wall time */
} CheckStats;
void checkpkgs_stats(const CheckSession *s, CheckStats *out);

void checkpkgs_free(CheckSession *s);

/* Peak resident set size of this process in bytes (VmHWM), 0 if unknown. */
uint64_t checkpkgs_peak_rss(void);

#endif
