/*
 * importer.c: TEST UTILITY, not the real package loader (that is
 * compiler/driver/load.c, branch `loader`, which replaces this through the
 * TypesConfig.importer hook). It also holds types_check_files, the
 * `-stop-after=typecheck` entry used by tests and tool_check.c.
 *
 * The GOROOT importer type-checks $GOROOT/src/<path> from source for
 * linux/amd64 without cgo: it lists the directory, drops _test.go files and
 * files excluded by their name (_GOOS, _GOARCH suffixes) or by their
 * //go:build (or // +build) lines, parses the rest and checks them
 * recursively with itself as importer. Packages are cached by path for the
 * life of the importer; an import cycle or a package that fails to check
 * is reported as an import error (the importing package sees "could not
 * import"). Function bodies of imported packages are not checked (only
 * their declarations matter to importers), which keeps importing fmt's
 * ~60 dependencies fast.
 *
 * Rejected: reading gc's export data from $GOROOT/pkg — Debian's Go ships
 * no precompiled std archives for 1.19 and the format is gc-internal.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler/types/internal.h"

static const char *known_os[] = {"aix",     "android", "darwin",  "dragonfly", "freebsd", "hurd",
                                 "illumos", "ios",     "js",      "linux",     "nacl",    "netbsd",
                                 "openbsd", "plan9",   "solaris", "windows",   "zos",     NULL};
static const char *known_arch[] = {
    "386",     "amd64",  "amd64p32", "arm",       "armbe",       "arm64", "arm64be", "loong64", "mips",
    "mipsle",  "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",   "ppc64",   "ppc64le", "riscv",
    "riscv64", "s390",   "s390x",    "sparc",     "sparc64",     "wasm",  NULL};

static bool in_list(const char *s, size_t n, const char **list) {
  for (int i = 0; list[i]; i++)
    if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0) return true;
  return false;
}

static bool tag_true(const char *s, size_t n) {
  static const char *yes[] = {
      "linux", "amd64", "unix", "gc", "goexperiment.regabiwrappers", "goexperiment.regabiargs", NULL};
  if (in_list(s, n, yes)) return true;
  if (n > 4 && strncmp(s, "go1.", 4) == 0) {
    int minor = atoi(s + 4);
    return minor >= 1 && minor <= 19;
  }
  return false;
}

/* Filename constraints: name_GOOS_GOARCH.go, name_GOOS.go, name_GOARCH.go */
static bool good_name(const char *name) {
  size_t n = strlen(name);
  if (n < 3 || strcmp(name + n - 3, ".go") != 0) return false;
  if (n > 8 && strcmp(name + n - 8, "_test.go") == 0) return false;
  if (name[0] == '_' || name[0] == '.') return false;
  char base[512];
  if (n - 3 >= sizeof base) return false;
  memcpy(base, name, n - 3);
  base[n - 3] = 0;
  char *parts[16];
  int np = 0;
  char *save = NULL;
  for (char *p = strtok_r(base, "_", &save); p && np < 16; p = strtok_r(NULL, "_", &save))
    parts[np++] = p;
  if (np >= 3 && in_list(parts[np - 2], strlen(parts[np - 2]), known_os) &&
      in_list(parts[np - 1], strlen(parts[np - 1]), known_arch))
    return tag_true(parts[np - 2], strlen(parts[np - 2])) && tag_true(parts[np - 1], strlen(parts[np - 1]));
  if (np >= 2) {
    const char *l = parts[np - 1];
    if (in_list(l, strlen(l), known_os) || in_list(l, strlen(l), known_arch)) return tag_true(l, strlen(l));
  }
  return true;
}

/* //go:build expression evaluator: || && ! ( ) and tags. */
typedef struct BExpr {
  const char *p, *end;
  bool err;
} BExpr;

static void bskip(BExpr *b) {
  while (b->p < b->end && (*b->p == ' ' || *b->p == '\t'))
    b->p++;
}

static bool bor(BExpr *b);

static bool bunary(BExpr *b) {
  bskip(b);
  if (b->p < b->end && *b->p == '!') {
    b->p++;
    return !bunary(b);
  }
  if (b->p < b->end && *b->p == '(') {
    b->p++;
    bool v = bor(b);
    bskip(b);
    if (b->p < b->end && *b->p == ')')
      b->p++;
    else
      b->err = true;
    return v;
  }
  const char *s = b->p;
  while (b->p < b->end && (isalnum((unsigned char)*b->p) || *b->p == '_' || *b->p == '.'))
    b->p++;
  if (b->p == s) {
    b->err = true;
    return false;
  }
  return tag_true(s, (size_t)(b->p - s));
}

static bool band(BExpr *b) {
  bool v = bunary(b);
  for (;;) {
    bskip(b);
    if (b->p + 1 < b->end && b->p[0] == '&' && b->p[1] == '&') {
      b->p += 2;
      bool w = bunary(b);
      v = v && w;
    } else {
      return v;
    }
  }
}

static bool bor(BExpr *b) {
  bool v = band(b);
  for (;;) {
    bskip(b);
    if (b->p + 1 < b->end && b->p[0] == '|' && b->p[1] == '|') {
      b->p += 2;
      bool w = band(b);
      v = v || w;
    } else {
      return v;
    }
  }
}

/* // +build lines: space = OR of comma = AND of [!]tag */
static bool plus_build(const char *s, size_t n) {
  const char *p = s, *end = s + n;
  bool any = false;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    if (p >= end) break;
    const char *w = p;
    while (p < end && *p != ' ' && *p != '\t')
      p++;
    /* w..p is a term like a,b,!c */
    bool all = true;
    const char *q = w;
    while (q < p) {
      const char *t = q;
      while (q < p && *q != ',')
        q++;
      bool neg = false;
      if (t < q && *t == '!') {
        neg = true;
        t++;
      }
      bool v = tag_true(t, (size_t)(q - t));
      if (neg) v = !v;
      if (!v) all = false;
      if (q < p) q++;
    }
    if (all) any = true;
  }
  return any;
}

static bool good_build_lines(const SynFile *f) {
  bool have_go_build = false;
  for (uint32_t i = 0; i < f->build_lines.len; i++) {
    SynStr t = f->build_lines.items[i].text;
    if (t.len >= 8 && strncmp(t.ptr, "go:build", 8) == 0) {
      have_go_build = true;
      BExpr b = {t.ptr + 8, t.ptr + t.len, false};
      bool v = bor(&b);
      return v && !b.err;
    }
  }
  if (have_go_build) return true;
  for (uint32_t i = 0; i < f->build_lines.len; i++) {
    SynStr t = f->build_lines.items[i].text;
    const char *p = t.ptr;
    size_t n = t.len;
    while (n && (*p == ' ' || *p == '\t')) {
      p++;
      n--;
    }
    if (n >= 6 && strncmp(p, "+build", 6) == 0 && !plus_build(p + 6, n - 6)) return false;
  }
  return true;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ignore_errors(void *ctx, const TypesDiag *d) {
  (void)ctx;
  (void)d;
}

static void ignore_syn_errors(void *ctx, const SynError *e) {
  int *n = ctx;
  (*n)++;
  (void)e;
}

/* Arenas of imported packages live as long as the process uses the
 * importer (types point into the AST for positions only). */
TypesPackage *types_goroot_import(void *ctxp, TypesCtx *tc, const char *path, const char **err) {
  TypesGorootImporter *im = ctxp;
  for (uint32_t i = 0; i < im->n; i++)
    if (strcmp(im->paths[i], path) == 0) {
      if (!im->pkgs[i]) {
        *err = "import cycle not allowed";
        return NULL;
      }
      return im->pkgs[i];
    }
  if (strcmp(path, "unsafe") == 0) return types_unsafe_package(tc);
  if (im->depth > 64) {
    *err = "import depth exceeded";
    return NULL;
  }
  const char *root = im->goroot ? im->goroot : getenv("GOROOT");
  if (!root || !root[0]) root = "/usr/share/go-1.19";
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/src/%s", root, path);
  /* vendored std dependencies (golang.org/x/...) */
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    snprintf(dir, sizeof dir, "%s/src/vendor/%s", root, path);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
      *err = "package not found";
      return NULL;
    }
  }
  DIR *d = opendir(dir);
  if (!d) {
    *err = "cannot open package directory";
    return NULL;
  }
  char **names = NULL;
  uint32_t nn = 0, cn = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (!good_name(de->d_name)) continue;
    char *s = strdup(de->d_name);
    VEC_PUSH(im, names, nn, cn, s);
  }
  closedir(d);
  if (nn > 1) qsort(names, nn, sizeof *names, cmp_str);
  /* register as in progress */
  uint32_t slot = im->n;
  VEC_PUSH(im, im->paths, im->n, im->cap, strdup(path));
  im->pkgs = realloc(im->pkgs, im->cap * sizeof *im->pkgs);
  im->pkgs[slot] = NULL;
  SynArena *arena = syn_arena_new();
  SynFile **files = calloc(nn + 1, sizeof *files);
  uint32_t nf = 0;
  int synerrs = 0;
  for (uint32_t i = 0; i < nn; i++) {
    char full[4200];
    snprintf(full, sizeof full, "%s/%s", dir, names[i]);
    size_t len;
    char *buf = (char *)types_read_file(full, &len);
    free(names[i]);
    if (!buf) continue;
    SynFile *f = syn_parse_file(arena, full, buf, len, ignore_syn_errors, &synerrs);
    free(buf);
    if (!good_build_lines(f)) continue;
    /* skip cgo files */
    bool cgo = false;
    for (uint32_t k = 0; k < f->decls.len; k++) {
      SynNode *dd = f->decls.items[k];
      if (dd->kind == SYN_IMPORT_DECL && dd->u.import_decl.path &&
          dd->u.import_decl.path->u.lit.value.len == 3 &&
          strncmp(dd->u.import_decl.path->u.lit.value.ptr, "\"C\"", 3) == 0)
        cgo = true;
    }
    if (cgo) continue;
    if (f->pkg_name && f->pkg_name->u.name.value.len == 4 &&
        strncmp(f->pkg_name->u.name.value.ptr, "main", 4) == 0 && strchr(path, '/') == NULL)
      continue;
    files[nf++] = f;
  }
  free(names);
  if (nf == 0 || synerrs) {
    free(files);
    *err = synerrs ? "syntax errors in package" : "no buildable Go source files";
    im->pkgs[slot] = NULL;
    im->paths[slot][0] = 0; /* forget the in-progress mark */
    syn_arena_free(arena);
    return NULL;
  }
  TypesConfig cfg = {0};
  cfg.importer = types_goroot_import;
  cfg.importer_ctx = im;
  cfg.error = ignore_errors;
  cfg.ignore_func_bodies = true;
  int nerr = 0;
  im->depth++;
  TypesPackage *p = types_check_package(tc, &cfg, path, files, nf, NULL, &nerr);
  im->depth--;
  free(files);
  /* the arena lives as long as the importer: objects refer to its files */
  im->pkgs[slot] = p;
  VEC_PUSH(im, im->arenas, im->narenas, im->cap_arenas, (void *)arena);
  return p;
}

void types_goroot_importer_free(TypesGorootImporter *im) {
  for (uint32_t i = 0; i < im->n; i++)
    free(im->paths[i]);
  for (uint32_t i = 0; i < im->narenas; i++)
    syn_arena_free(im->arenas[i]);
  free(im->arenas);
  free(im->paths);
  free(im->pkgs);
  memset(im, 0, sizeof *im);
}

/* ---- -stop-after=typecheck entry ------------------------------------------------------- */

typedef struct PrintCtx {
  bool columns;
  int nerrors;
  char last_file[1024];
  uint32_t last_line;
} PrintCtx;

static void print_diag(void *ctx, const TypesDiag *d) {
  PrintCtx *p = ctx;
  if (p->columns && d->col)
    fprintf(stderr, "%s:%u:%u: %s\n", d->filename, d->line, d->col, d->msg);
  else
    fprintf(stderr, "%s:%u: %s\n", d->filename, d->line, d->msg);
  p->nerrors++;
}

typedef struct SynDiag {
  PrintCtx *p;
  int n;
} SynDiag;

static void print_syn(void *ctx, const SynError *e) {
  SynDiag *s = ctx;
  bool syntax = strncmp(e->msg, "syntax error", 12) == 0;
  if (syntax && e->line == s->p->last_line && strcmp(e->filename, s->p->last_file) == 0) return;
  if (syntax) {
    snprintf(s->p->last_file, sizeof s->p->last_file, "%s", e->filename);
    s->p->last_line = e->line;
  }
  if (s->p->columns && e->col)
    fprintf(stderr, "%s:%u:%u: %s\n", e->filename, e->line, e->col, e->msg);
  else
    fprintf(stderr, "%s:%u: %s\n", e->filename, e->line, e->msg);
  s->n++;
}

int types_check_files(const char *pkgpath, const char **filenames, int nfiles, const TypesConfig *cfg_in,
                      bool columns) {
  PrintCtx pc = {columns, 0, {0}, 0};
  SynDiag sd = {&pc, 0};
  SynArena *arena = syn_arena_new();
  SynFile **files = calloc((size_t)nfiles + 1, sizeof *files);
  int nf = 0;
  for (int i = 0; i < nfiles; i++) {
    size_t len;
    char *buf = (char *)types_read_file(filenames[i], &len);
    if (!buf) {
      fprintf(stderr, "open %s: no such file or directory\n", filenames[i]);
      sd.n++;
      continue;
    }
    files[nf++] = syn_parse_file(arena, filenames[i], buf, len, print_syn, &sd);
    free(buf);
  }
  if (sd.n) {
    free(files);
    syn_arena_free(arena);
    return sd.n;
  }
  TypesCtx *tc = types_ctx_new();
  TypesGorootImporter im;
  memset(&im, 0, sizeof im);
  TypesConfig cfg;
  if (cfg_in)
    cfg = *cfg_in;
  else
    memset(&cfg, 0, sizeof cfg);
  if (!cfg.importer) {
    cfg.importer = types_goroot_import;
    cfg.importer_ctx = &im;
  }
  cfg.error = print_diag;
  cfg.error_ctx = &pc;
  TypesInfo info;
  memset(&info, 0, sizeof info);
  int nerr = 0;
  types_check_package(tc, &cfg, pkgpath, files, (uint32_t)nf, &info, &nerr);
  types_ctx_free(tc);
  types_goroot_importer_free(&im);
  free(files);
  syn_arena_free(arena);
  return pc.nerrors;
}
