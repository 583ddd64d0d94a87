/*
 * build.c: `rog build` and `rog run` (`rog tool link` is tool_link.c).
 *
 *   rog build [-o OUT] [-O0|-O1|-O2|-O3] [-S] [-work] [-lto] [-d=LIST] [-passes=LIST] FILE.go...|DIR|PATTERN
 *   rog run [build flags] FILE.go... [ARGS]
 *
 * One process does the whole build: load (load.h, with the overlays that
 * make each package under rog's runtime/go, e.g. `runtime` and
 * `internal/bytealg`, replace the upstream one: ld_add_overlay_tree),
 * type-check in dependency order (checkpkgs.h), lower each package to an
 * object (codegen.c: compiler/lower, LLVM's pipeline, rog's IR passes; the
 * same steps as `rog tool compile`), one object per package into a work
 * directory, and link them with the runtime archive through clang-19
 * -fuse-ld=lld (codegen_link). -S writes assembly (OUT.s, or OUT if it ends in .s; per package
 * with several) instead of linking; -work keeps and prints the work
 * directory. -lto writes each package as bitcode and optimizes the whole
 * program at link time (lto.c), as `rog tool compile -lto` + `rog tool
 * link` do; the conformance runner uses it (tests/gotest, --rog-flags=-lto).
 *
 * Rog's own files are found relative to the rog binary (driver_rog_root),
 * so bazel-bin/compiler/rog works with no environment; ROG_ROOT overrides.
 *
 * Objects are cached per package (buildcache.c: keyed by the content of
 * the package's files, its dependencies' keys, the rog binary and the
 * settings; $ROGCACHE, ROGCACHE=off), so only changed packages and those
 * above them are lowered again; type checking runs every time.
 *
 * Rejected: a separate `rog tool compile` process per package (as the go
 * command does). It is what Bazel uses, but for `rog build` one process
 * avoids re-checking every dependency per package.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/driver/buildcache.h"
#include "compiler/driver/checkpkgs.h"
#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/load.h"
#include "compiler/driver/lto.h"
#include "compiler/driver/strvec.h"
#include "compiler/lower/lower.h"
#include "compiler/passes/passes.h"

#define DEFAULT_GOROOT "/usr/share/go-1.19"
#define CLANG "clang-19"

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *driver_rog_root(void) {
  static char root[PATH_MAX];
  if (root[0]) return root;
  const char *env = getenv("ROG_ROOT");
  if (env && *env) {
    snprintf(root, sizeof root, "%s", env);
    return root;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) {
    snprintf(root, sizeof root, ".");
    return root;
  }
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (slash) *slash = 0;
  char cand[PATH_MAX + 64];
  snprintf(cand, sizeof cand, "%s/rog.runfiles/rog", exe);
  if (is_dir(cand)) {
    snprintf(root, sizeof root, "%s", cand);
    return root;
  }
  snprintf(root, sizeof root, "%s/..", exe);
  return root;
}

typedef struct BuildFlags {
  const char *out;
  int olevel;
  bool asm_out, work, emit_ll, lto;
  RogPassConfig passes;
} BuildFlags;

static int parse_pass_list(const char *flag, const char *list, unsigned *bits) {
  if (strcmp(list, "none") == 0) {
    *bits = 0;
    return 0;
  }
  const char *bad;
  size_t bad_len;
  if (rog_pass_parse_list(list, bits, &bad, &bad_len) == 0) return 0;
  fprintf(stderr, "rog build: %s: unknown pass \"%.*s\"\n", flag, (int)bad_len, bad);
  return -1;
}

/* -lto: replaces the bitcode files objs[0..*n) by one object (lto.c). */
static int lto_objects(const BuildFlags *f, const char *goarch, const char *workdir, char **objs, size_t *n) {
  LtoInput *in = calloc(*n + 1, sizeof *in);
  if (!in) abort();
  int rc = 0;
  for (size_t i = 0; i < *n && rc == 0; i++) {
    size_t len;
    char *data = read_file(objs[i], &len);
    if (!data) {
      fprintf(stderr, "rog build: cannot read %s\n", objs[i]);
      rc = 1;
    }
    in[i] = (LtoInput){objs[i], data, len};
  }
  LtoOptions lo = {0};
  lo.goarch = goarch;
  lo.olevel = f->olevel;
  lo.passes = f->passes;
  lo.tmpdir = workdir;
  lo.internalize = true;
  char *obj = xasprintf("%s/lto.o", workdir);
  if (rc == 0 && lto_compile(&lo, in, *n, obj) != 0) rc = 1;
  for (size_t i = 0; i < *n; i++) {
    free((void *)in[i].data);
    free(objs[i]);
  }
  free(in);
  objs[0] = obj;
  *n = 1;
  return rc;
}

/* Parses build flags from argv[*i...]; stops at the first non-flag. */
static int parse_flags(int argc, char **argv, int *i, BuildFlags *f) {
  f->olevel = 2;
  f->passes = rog_pass_config_default();
  for (; *i < argc; (*i)++) {
    const char *a = argv[*i];
    if (a[0] != '-' || a[1] == 0) break;
    if (strcmp(a, "-o") == 0 && *i + 1 < argc) {
      f->out = argv[++*i];
    } else if (strlen(a) == 3 && a[1] == 'O' && a[2] >= '0' && a[2] <= '3') {
      f->olevel = a[2] - '0';
    } else if (strcmp(a, "-S") == 0) {
      f->asm_out = true;
    } else if (strcmp(a, "-lto") == 0) {
      f->lto = true;
    } else if (strcmp(a, "-ll") == 0) {
      f->emit_ll = true;
    } else if (strncmp(a, "-gcflags=", 9) == 0 || strncmp(a, "-ldflags=", 9) == 0) {
      /* gc's compiler/linker flags (-l, -N, -d=...): nothing to do for rog */
    } else if (strcmp(a, "-work") == 0) {
      f->work = true;
    } else if (strncmp(a, "-d=", 3) == 0) {
      if (parse_pass_list("-d", a + 3, &f->passes.remarks)) return -1;
    } else if (strncmp(a, "-passes=", 8) == 0) {
      if (parse_pass_list("-passes", a + 8, &f->passes.enabled)) return -1;
    } else {
      fprintf(stderr, "rog build: unknown flag %s\n", a);
      return -1;
    }
  }
  return 0;
}

static int rm_rf(const char *dir) {
  char *argv[] = {"rm", "-rf", (char *)dir, NULL};
  return codegen_run(argv);
}

/* The cache key of all[i] (buildcache_key) from its files and the keys of
 * the packages it imports, which come earlier in all (dependency order)
 * and are already in keys; a dependency without a key (unsafe, or an
 * unreadable file) makes this package uncached too. */
static int package_key(const BuildCache *c, ld_package *lp, const char *path, ld_package **all, size_t i,
                       char (*keys)[BUILDCACHE_KEY_HEX]) {
  size_t nfiles = lp->go_files.n + lp->embed_files.n;
  char **files = calloc(nfiles + 1, sizeof *files);
  /* memcpy from a NULL (empty) vector is undefined even for 0 bytes */
  if (lp->go_files.n) memcpy(files, lp->go_files.v, lp->go_files.n * sizeof *files);
  if (lp->embed_files.n) memcpy(files + lp->go_files.n, lp->embed_files.v, lp->embed_files.n * sizeof *files);
  char(*deps)[BUILDCACHE_KEY_HEX] = calloc(lp->nimported + 1, sizeof *deps);
  int rc = 0;
  for (size_t k = 0; k < lp->nimported && rc == 0; k++) {
    const ld_package *d = lp->imported[k];
    if (strcmp(d->import_path, "unsafe") == 0) {
      strcpy(deps[k], "unsafe");
      continue;
    }
    size_t j = 0;
    while (j < i && all[j] != d)
      j++;
    if (j == i || !keys[j][0])
      rc = -1;
    else
      memcpy(deps[k], keys[j], BUILDCACHE_KEY_HEX);
  }
  if (rc == 0) rc = buildcache_key(c, path, lp->dir, files, nfiles, deps, lp->nimported, keys[i]);
  free(deps);
  free(files);
  return rc;
}

/* LowerOptions.package_source for rog build: every package of the build
 * was checked from source in one session (generic.c, "Instances of other
 * packages"). */
typedef struct BuildSources {
  CheckSession *s;
  ld_package **all;
  size_t nall;
} BuildSources;

static bool build_package_source(void *ctx, TypesPackage *pkg, LowerPackageSource *out) {
  BuildSources *bs = ctx;
  for (size_t i = 0; i < bs->nall; i++) {
    CheckedPkg *cp = checkpkgs_check(bs->s, bs->all[i]);
    if (cp->pkg != pkg) continue;
    if (cp->nerrors || !cp->info) return false;
    out->files = cp->files;
    out->nfiles = cp->nfiles;
    out->info = cp->info;
    return true;
  }
  return false;
}

/* Builds the packages of patterns; links an executable to out (or writes
 * assembly). Returns the exit status. */
static int build(BuildFlags *f, char **patterns, size_t npatterns, const char *out) {
  const char *goroot = getenv("GOROOT");
  if (!goroot || !*goroot) goroot = DEFAULT_GOROOT;
  const char *goarch = ld_env_goarch("build");
  if (!goarch) return 2;
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return 1;
  loader l;
  if (ld_init(&l, goroot, goarch, cwd) != 0) {
    fprintf(stderr, "%s\n", l.fatal);
    ld_free(&l);
    return 1;
  }
  char rtdir[PATH_MAX + 32];
  snprintf(rtdir, sizeof rtdir, "%s/runtime/go/runtime", driver_rog_root());
  if (!is_dir(rtdir)) {
    fprintf(stderr, "rog: %s: rog's runtime package is missing (set ROG_ROOT?)\n", rtdir);
    ld_free(&l);
    return 1;
  }
  /* the overlay contract: every package under runtime/go (runtime,
   * internal/bytealg, ...) replaces the upstream one */
  char ovroot[PATH_MAX + 32];
  snprintf(ovroot, sizeof ovroot, "%s/runtime/go", driver_rog_root());
  ld_add_overlay_tree(&l, ovroot);
  /* every program imports package runtime (abi.h [rt]) */
  char **pats = calloc(npatterns + 1, sizeof *pats);
  memcpy(pats, patterns, npatterns * sizeof *pats);
  pats[npatterns] = "runtime";
  size_t nroots = 0;
  ld_package **roots = ld_load_patterns(&l, pats, npatterns + 1, &nroots);
  free(pats);
  int rc = 0;
  if (l.fatal) {
    fprintf(stderr, "%s\n", l.fatal);
    rc = 1;
  }
  for (size_t i = 0; i < nroots; i++)
    if (roots[i]->error) {
      ld_error *e = roots[i]->error;
      if (e->pos)
        fprintf(stderr, "%s: %s\n", e->pos, e->err);
      else
        fprintf(stderr, "%s\n", e->err);
      rc = 1;
    }
  if (rc || nroots == 0) {
    free(roots);
    ld_free(&l);
    return rc ? rc : 1;
  }
  TypesCtx *tc = types_ctx_new();
  CheckOptions copt = {0};
  copt.keep_info = true;
  CheckSession *s = checkpkgs_new(&l, tc, &copt);
  size_t nall = 0;
  ld_package **all = ld_package_list(roots, nroots, &nall);
  /* a package with type errors, or depending on one, is not lowered; the
     others still are (all errors at once, and -work's objects for
     tests/std/survey.sh), but nothing is linked */
  strvec failed = {0};
  for (size_t i = 0; i < nall; i++) {
    CheckedPkg *cp = checkpkgs_check(s, all[i]);
    bool bad = cp->nerrors > 0;
    for (size_t d = 0; d < all[i]->deps.n && !bad; d++)
      for (size_t k = 0; k < failed.n && !bad; k++)
        bad = strcmp(failed.v[k], all[i]->deps.v[d]) == 0;
    if (bad) strvec_pushdup(&failed, all[i]->import_path);
  }
  if (failed.n) rc = 1;

  Codegen cg;
  if (codegen_init(&cg, goarch, f->olevel) != 0) {
    rc = 1;
    goto out;
  }
  cg.passes = f->passes;
  cg.emit_ll = f->emit_ll;
  BuildSources sources = {s, all, nall};
  cg.package_source = build_package_source;
  cg.package_source_ctx = &sources;
  cg.emit_bc = f->lto && !f->asm_out;
  char workdir[] = "/tmp/rog-build-XXXXXX";
  if (!mkdtemp(workdir)) {
    perror("rog build: mkdtemp");
    rc = 1;
    goto out_cg;
  }
  if (f->work) fprintf(stderr, "WORK=%s\n", workdir);
  char **objs = calloc(nall + 1, sizeof *objs);
  size_t nobjs = 0;
  /* -work: WORK/packages.txt names each object: "pkgN<TAB>import path<TAB>
     its transitive imports" (tests/std/survey.sh links per package) */
  FILE *index = NULL;
  if (f->work) {
    char ip[PATH_MAX + 32];
    snprintf(ip, sizeof ip, "%s/packages.txt", workdir);
    index = fopen(ip, "w");
  }
  /* the object cache (buildcache.c); builds that write more than objects
   * bypass it */
  BuildCache cache = {0};
  bool use_cache = !f->asm_out && !f->emit_ll && f->passes.remarks == 0;
  char(*keys)[BUILDCACHE_KEY_HEX] = calloc(nall + 1, sizeof *keys);
  if (use_cache) {
    char settings[256];
    snprintf(settings, sizeof settings, "goarch=%s O=%d passes=%#x bc=%d h2s=%llu,%llu fieldtrack=%d", goarch,
             f->olevel, f->passes.enabled, cg.emit_bc, (unsigned long long)f->passes.h2s_max_object,
             (unsigned long long)f->passes.h2s_max_function, cg.fieldtrack);
    buildcache_open(&cache, settings);
  }
  /* every package is lowered even after one fails (all errors at once) */
  for (size_t i = 0; i < nall; i++) {
    ld_package *lp = all[i];
    if (strcmp(lp->import_path, "unsafe") == 0) continue;
    bool skip = false;
    for (size_t k = 0; k < failed.n && !skip; k++)
      skip = strcmp(failed.v[k], lp->import_path) == 0;
    if (skip) continue;
    CheckedPkg *cp = checkpkgs_check(s, lp);
    /* gc names the symbols of package main "main.*" */
    if (strcmp(cp->pkg->name, "main") == 0) cp->pkg->path = "main";
    bool keyed = use_cache && package_key(&cache, lp, cp->pkg->path, all, i, keys) == 0;
    char path[PATH_MAX + 64], prefix[PATH_MAX + 64];
    snprintf(prefix, sizeof prefix, "%s/pkg%zu", workdir, i);
    if (f->asm_out) {
      /* OUT.s, or OUT itself when it already ends in .s */
      const char *o = out ? out : "out";
      size_t ol = strlen(o);
      snprintf(path, sizeof path, "%s%s", o, ol > 2 && strcmp(o + ol - 2, ".s") == 0 ? "" : ".s");
    } else
      snprintf(path, sizeof path, "%s/pkg%zu.%s", workdir, i, cg.emit_bc ? "bc" : "o");
    /* -S: the main package's assembly is OUT(.s); the others stay in WORK */
    if (f->asm_out && strcmp(cp->pkg->name, "main") != 0)
      snprintf(path, sizeof path, "%s/pkg%zu.s", workdir, i);
    if (index) {
      fprintf(index, "pkg%zu\t%s\t", i, lp->import_path);
      for (size_t d = 0; d < lp->deps.n; d++)
        fprintf(index, "%s%s", d ? " " : "", lp->deps.v[d]);
      fputc('\n', index);
      fflush(index);
    }
    if (keyed && buildcache_get(&cache, keys[i], path)) {
      objs[nobjs++] = strdup(path);
      continue;
    }
    if (codegen_package(&cg, tc, cp->pkg, cp->files, cp->nfiles, cp->info, f->asm_out, path, prefix) != 0) {
      rc = 1;
    } else if (!f->asm_out) {
      objs[nobjs++] = strdup(path);
      if (keyed) buildcache_put(&cache, keys[i], path);
    }
  }
  if (index) fclose(index);
  if (getenv("ROG_BUILDCACHE_STATS"))
    fprintf(stderr, "rog: build cache: %zu hits, %zu misses\n", cache.hits, cache.misses);
  buildcache_close(&cache);
  free(keys);
  if (rc == 0 && cg.emit_bc && out) rc = lto_objects(f, goarch, workdir, objs, &nobjs);
  if (rc == 0 && !f->asm_out && out) rc = codegen_link(out, objs, nobjs, goarch, NULL, 0);
  for (size_t i = 0; i < nobjs; i++)
    free(objs[i]);
  free(objs);
  if (!f->work) rm_rf(workdir);
out_cg:
  codegen_free(&cg);
out:
  strvec_free(&failed);
  free(all);
  checkpkgs_free(s);
  types_ctx_free(tc);
  free(roots);
  ld_free(&l);
  return rc;
}

/* Default output name: the first file's base name without .go, or the
 * directory's base name. */
static char *default_out(const char *arg) {
  const char *b = strrchr(arg, '/');
  b = b ? b + 1 : arg;
  char *o = strdup(*b ? b : "a.out");
  size_t n = strlen(o);
  if (n > 3 && strcmp(o + n - 3, ".go") == 0) o[n - 3] = 0;
  if (strcmp(o, ".") == 0 || strcmp(o, "..") == 0) {
    free(o);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
      const char *c = strrchr(cwd, '/');
      return strdup(c ? c + 1 : "a.out");
    }
    return strdup("a.out");
  }
  return o;
}

int driver_build(int argc, char **argv) {
  BuildFlags f = {0};
  int i = 1;
  if (parse_flags(argc, argv, &i, &f)) return 2;
  char *dot[] = {"."};
  char **pats = i < argc ? argv + i : dot;
  size_t npats = i < argc ? (size_t)(argc - i) : 1;
  char *out = f.out ? strdup(f.out) : default_out(pats[0]);
  int rc = build(&f, pats, npats, out);
  free(out);
  return rc;
}

int driver_run(int argc, char **argv) {
  BuildFlags f = {0};
  int i = 1;
  if (parse_flags(argc, argv, &i, &f)) return 2;
  int first = i;
  while (i < argc && strlen(argv[i]) > 3 && strcmp(argv[i] + strlen(argv[i]) - 3, ".go") == 0)
    i++;
  if (i == first) {
    fputs("usage: rog run [build flags] FILE.go... [arguments]\n", stderr);
    return 2;
  }
  char dir[] = "/tmp/rog-run-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char exe[PATH_MAX];
  snprintf(exe, sizeof exe, "%s/prog", dir);
  f.asm_out = false;
  int rc = build(&f, argv + first, (size_t)(i - first), exe);
  if (rc == 0) {
    char **args = calloc((size_t)(argc - i) + 2, sizeof *args);
    args[0] = exe;
    for (int k = i; k < argc; k++)
      args[k - i + 1] = argv[k];
    rc = codegen_run(args);
    free(args);
    if (rc > 0 && rc < 128) {
      /* the program's own exit status (go run prints "exit status N") */
      fprintf(stderr, "exit status %d\n", rc);
      rc = 1;
    }
  }
  rm_rf(dir);
  return rc;
}
