/*
 * load.h: the package loader behind `rog list` (and later `rog build`).
 * See load.c for the design; this header declares only what list.c and the
 * tests use.
 */
#ifndef ROG_DRIVER_LOAD_H
#define ROG_DRIVER_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/driver/buildctx.h"
#include "compiler/driver/modfile.h"
#include "compiler/driver/strvec.h"

/* A module a package belongs to (go list's Module field). */
typedef struct ld_module {
  char *path, *version; /* version NULL for the main module */
  bool main;
  char *dir;          /* NULL when not known (vendored modules) */
  char *gomod;        /* path of its go.mod, NULL if none */
  char *go_version;   /* from its go.mod, NULL if none */
  char *replace_path; /* the replacement as written in go.mod, or NULL */
  char *replace_version;
  struct ld_module *next;
} ld_module;

/* go list's PackageError. */
typedef struct {
  strvec import_stack;
  char *pos; /* "file:line:col" or NULL */
  char *err;
  bool always_print_stack; /* internal-package violations print the stack */
} ld_error;

typedef struct ld_package {
  char *import_path; /* after vendor resolution */
  char *dir;
  char *name;
  char *doc; /* synopsis of the package doc comment, or NULL */
  char *root;
  char *for_test;    /* go list's ForTest: set on test variants */
  ld_module *module; /* NULL for std */
  bool goroot, standard, dep_only, incomplete;
  bool overlay; /* its directory comes from ld_add_overlay, not from resolution */
  strvec match;

  strvec go_files, cgo_files, ignored_go_files, invalid_go_files, ignored_other_files;
  strvec c_files, cxx_files, m_files, h_files, f_files, s_files, swig_files, swigcxx_files, syso_files;
  strvec embed_patterns, test_embed_patterns, xtest_embed_patterns;
  strvec embed_pattern_pos; /* "file:line:col" of each embed pattern's first use */
  strvec embed_files, test_embed_files, xtest_embed_files;
  strvec imports;     /* resolved import paths, sorted */
  strvec raw_imports; /* the import paths as written, parallel to imports (go's ImportMap source) */
  strvec raw_test_imports, raw_xtest_imports; /* as written, sorted (for -test) */
  strvec deps;                                /* all transitive imports, sorted */
  strvec test_go_files, test_imports, xtest_go_files, xtest_imports;

  ld_error *error;        /* this package's own error, or NULL */
  ld_error **deps_errors; /* errors of dependencies (borrowed pointers) */
  size_t ndeps_errors;

  struct ld_package **imported; /* packages for .imports, same order */
  size_t nimported;

  int state; /* 0 new, 1 loading (on the import stack), 2 loaded */
  struct ld_package *hash_next;
} ld_package;

typedef struct ld_dircache {
  char *dir;
  bool has_go;
  struct ld_dircache *next;
} ld_dircache;
enum { DIRCACHE_SIZE = 1024 };

typedef struct {
  bc_context bc;
  char *goroot;         /* GOROOT as given: used in Dir and error paths */
  char *gorootsrc_real; /* realpath of GOROOT/src, to place directories */
  char *cwd;
  char *modroot; /* directory of the main module's go.mod, or NULL */
  modfile mf;    /* valid when modroot != NULL */
  bool vendor_mode;
  mf_vendor vendor;
  char *modcache; /* GOMODCACHE */
  ld_module *modules;
  ld_module *main_module;

  ld_dircache **dircache; /* directory -> holds .go files */
  ld_package **table;     /* hash table by import path */
  size_t table_size;
  ld_package **all; /* every package, in load order */
  size_t nall, capall;
  char *fatal; /* a setup error (bad go.mod, no go.mod for ./x ...): report it and list nothing */
  strvec overlay_paths, overlay_dirs; /* parallel: import path -> directory (ld_add_overlay) */
  bool rog_files;       /* rog's file selection (buildctx.c: std packages without assembly); set by
                           ld_add_overlay_tree */
  strvec cmdline_files; /* base names of .go file arguments (package command-line-arguments) */
} loader;

/* Sets up a loader for GOOS=linux/goarch rooted at cwd: finds go.mod upward
 * from cwd, reads it and vendor/modules.txt. Returns 0, or -1 with
 * l->fatal set. Always call ld_free. */
int ld_init(loader *l, const char *goroot, const char *goarch, const char *cwd);
void ld_free(loader *l);

/* The target GOARCH as the go command takes it: $GOARCH (amd64 or arm64)
 * or the host's; GOOS must be linux or unset. On an unsupported value,
 * prints "rog CMD: unsupported ..." to stderr and returns NULL. */
const char *ld_env_goarch(const char *cmd);

/* Overlays (DESIGN.md §6): rog replaces a few std packages (runtime,
 * internal/bytealg, ...) with its own sources. After ld_add_overlay, the
 * package import_path is read from dir instead of where resolution would
 * find it; everything else (build constraints, imports, the standard and
 * goroot flags of a std path) is as for the original, and the package has
 * .overlay set. The path need not exist in GOROOT. Call before loading;
 * adding a path twice replaces its directory. Returns 0, or -1 if dir is
 * not a directory. */
int ld_add_overlay(loader *l, const char *import_path, const char *dir);

/* The overlay contract (DESIGN.md §6): every directory under root (rog's
 * runtime/go) that holds .go files replaces the package whose import path
 * is its path relative to root (runtime/go/internal/bytealg ->
 * internal/bytealg). Directories named testdata or starting with . or _
 * are skipped, as the go command skips them. It also turns on rog's file
 * selection for the std packages whose assembly rog does not provide
 * (bc_noasm_package): a build with rog's overlays is a build by rog.
 * Returns the number of overlays added, or -1 if root is not a directory. */
int ld_add_overlay_tree(loader *l, const char *root);

/* Expands command-line patterns and loads the matching packages (with all
 * their dependencies). Returns the matched packages in go list's order;
 * *n receives the count. The array is malloc'ed, its packages belong to l.
 * Pattern errors ("matched no packages" is a warning in go) are returned as
 * packages with an error, like go does. */
ld_package **ld_load_patterns(loader *l, char **patterns, size_t npatterns, size_t *n);

/* Depth-first post-order over roots and their imports (go list -deps). */
ld_package **ld_package_list(ld_package **roots, size_t nroots, size_t *n);

/* The test packages of p (go's TestPackagesAndErrors): pmain "p.test",
 * ptest ("p" recompiled with its _test.go files; p itself when p has none)
 * and pxtest ("p_test", NULL when p has no external tests). Dependencies
 * of the test that depend on p are split into copies with ForTest = p. */
typedef struct {
  ld_package *pmain, *ptest, *pxtest;
} ld_test_pkgs;
void ld_test_packages(loader *l, ld_package *p, ld_test_pkgs *out);

/* After test packages exist (go list -test): renames every variant to
 * "path [p.test]", rewrites Imports to the new names and recomputes Deps.
 * all must be in dependency post-order (ld_package_list). */
void ld_finish_test_variants(ld_package **all, size_t n);

/* "package a\n\timports b: msg" etc., as go prints a PackageError. */
char *ld_error_string(const ld_error *e);

#endif
