/*
 * modfile.h: reader for go.mod files and vendor/modules.txt.
 *
 * go.mod is read into a modfile: the module path, the go version, and the
 * require, replace and exclude directives (retract is accepted and skipped:
 * it only matters to module consumers resolving versions, which rog leaves
 * to the go command). Single-line and parenthesized block forms are both
 * accepted, with // comments anywhere; "// indirect" on a require is kept.
 *
 * Errors follow the go command's format, `FILE:LINE: message` (or
 * `FILE:LINE:COL:` when the offending token is not at the line start); the
 * first error stops the parse and is stored in modfile.err.
 */
#ifndef ROG_DRIVER_MODFILE_H
#define ROG_DRIVER_MODFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/driver/strvec.h"

typedef struct {
  char *path, *version;
  bool indirect;
} mf_require;

typedef struct {
  char *old_path, *old_version; /* old_version NULL: every version */
  char *new_path, *new_version; /* new_version NULL: new_path is a directory */
} mf_replace;

typedef struct {
  char *module;     /* NULL if no module directive */
  char *go_version; /* NULL if no go directive */
  mf_require *reqs;
  size_t nreqs;
  mf_replace *reps;
  size_t nreps;
  mf_require *excludes;
  size_t nexcludes;
  char *err;
} modfile;

/* Returns 0, or -1 with mf->err set ("FILE:LINE: msg"). mf is always safe to
 * pass to modfile_free afterwards. */
int modfile_parse(const char *filename, const char *src, size_t len, modfile *mf);
void modfile_free(modfile *mf);

/* True for the replacement paths go treats as directories: rooted, or
 * starting with ./ or ../ (or the same with backslashes), or "." / "..". */
bool mf_is_dir_path(const char *p);

/* vendor/modules.txt: one entry per "# path version [=> replacement]" line,
 * with the packages listed under it. */
typedef struct {
  char *path, *version;
  bool explicit_req; /* "## explicit" seen */
  strvec pkgs;
} mf_vendored;

typedef struct {
  mf_vendored *mods;
  size_t nmods;
  char *err;
} mf_vendor;

int mf_vendor_parse(const char *filename, const char *src, size_t len, mf_vendor *v);
void mf_vendor_free(mf_vendor *v);

#endif
