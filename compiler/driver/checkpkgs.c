/*
 * checkpkgs.c: type-checking loaded packages from source in dependency
 * order, memoized, in one process (see checkpkgs.h for the contract).
 *
 * Order. checkpkgs_check(p) is a depth-first walk over ld_package.imported:
 * every import is checked (and memoized) before p, so when the checker
 * asks the importer for a path, the package is already complete. A
 * package is entered in the memo table (state CHECKING) before its
 * imports are walked; reaching it again during that walk is an import
 * cycle, which the loader has already reported as the package's error:
 * the importer then answers "import cycle not allowed" and the checker
 * reports the import as failed, as gc would never get that far.
 *
 * Import resolution. The checker asks for an import path as written in
 * the source. The loader resolved it when loading p (vendor rewriting:
 * "golang.org/x/net/dns/dnsmessage" from std is "vendor/golang.org/...",
 * test variants "q [p.test]" keep q's import path), and p->imported holds
 * the packages. The importer matches the written path against the
 * import paths of p->imported exactly, then as a vendored path (a
 * ".../vendor/PATH" suffix). Searching only p's own imports keeps the
 * right test variant: a test's dependency copy is a different
 * ld_package than the original, with its own CheckedPkg.
 * "unsafe" is the checker's own package, never parsed.
 *
 * Files and errors. A package's files are its go_files (for a test
 * variant the loader already appended the _test.go files), read from
 * lp->dir and parsed into one arena per package. A file is parsed once
 * per session: the copies "q [p.test]" of q share q's syntax trees (the
 * checker does not modify trees, and side tables are per package). As gc, syntax errors stop
 * a package: they are reported (soft parser errors only when there is no
 * hard one) and the package is still type-checked with its type errors
 * dropped, so that importers see its declarations. A loader error on the
 * package (bad import, no Go files, cycle) is reported once, as go build
 * would print it.
 *
 * Missing function bodies follow gc's -complete rule (go build passes
 * -complete when a package has no non-Go files, except a few std packages
 * whose bodyless functions the runtime provides through linkname): an
 * overlay package never counts as complete (its bodies are rog's C
 * runtime).
 *
 * Rejected: checking independent packages on several threads. The
 * TypesCtx is one arena shared by all packages (types of one package point
 * into another's), and the whole std checks in seconds on one core; the
 * memory it saves (one context) matters more on these 2-core machines.
 */
#include "compiler/driver/checkpkgs.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compiler/driver/strvec.h"

enum { PKG_CHECKING = 1, PKG_DONE = 2 };

typedef struct MemoEntry {
  ld_package *lp;
  CheckedPkg *cp;
  int state;
  struct MemoEntry *next;
} MemoEntry;

enum { MEMO_BUCKETS = 4096 };

/* A parsed file, shared by every package variant that lists it. */
typedef struct ParsedFile {
  char *path;
  SynFile *file;
  TypesDiag *errs; /* its parser errors, replayed for each package */
  size_t nerrs;
  struct ParsedFile *next;
} ParsedFile;

enum { FILE_BUCKETS = 8192 };

struct CheckSession {
  loader *l;
  TypesCtx *tc;
  CheckOptions opt;
  MemoEntry *memo[MEMO_BUCKETS];
  SynArena **arenas;
  size_t narenas, caparenas;
  ParsedFile *files[FILE_BUCKETS];
  CheckStats stats;
};

/* What the importer callback needs: the session and the importing package. */
typedef struct ImportCtx {
  CheckSession *s;
  ld_package *lp;
} ImportCtx;

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t checkpkgs_peak_rss(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  uint64_t kb = 0;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmHWM:", 6) == 0) {
      kb = strtoull(line + 6, NULL, 10);
      break;
    }
  fclose(f);
  return kb * 1024;
}

static MemoEntry *memo_find(CheckSession *s, const ld_package *lp) {
  size_t h = ((uintptr_t)lp >> 4) % MEMO_BUCKETS;
  for (MemoEntry *e = s->memo[h]; e; e = e->next)
    if (e->lp == lp) return e;
  return NULL;
}

static MemoEntry *memo_add(CheckSession *s, ld_package *lp) {
  size_t h = ((uintptr_t)lp >> 4) % MEMO_BUCKETS;
  MemoEntry *e = xcalloc(1, sizeof *e);
  e->lp = lp;
  e->cp = xcalloc(1, sizeof *e->cp);
  e->cp->lp = lp;
  e->next = s->memo[h];
  s->memo[h] = e;
  return e;
}

static void print_diag(void *ctx, const CheckedPkg *pkg, const TypesDiag *d) {
  (void)ctx;
  (void)pkg;
  if (d->filename && d->col)
    fprintf(stderr, "%s:%u:%u: %s\n", d->filename, d->line, d->col, d->msg);
  else if (d->filename)
    fprintf(stderr, "%s:%u: %s\n", d->filename, d->line, d->msg);
  else
    fprintf(stderr, "%s\n", d->msg);
}

static void report(CheckSession *s, CheckedPkg *cp, const TypesDiag *d) {
  cp->nerrors++;
  s->stats.nerrors++;
  if (s->opt.error)
    s->opt.error(s->opt.error_ctx, cp, d);
  else
    print_diag(NULL, cp, d);
}

/* A loader error: its position is "file:line:col" or absent. */
static void report_loader_error(CheckSession *s, CheckedPkg *cp, const ld_error *e) {
  char *msg = ld_error_string(e);
  TypesDiag d = {0};
  char *file = NULL;
  if (e->pos) {
    file = xstrdup(e->pos);
    unsigned line = 0, col = 0;
    char *c2 = strrchr(file, ':');
    if (c2) {
      *c2 = 0;
      col = (unsigned)atoi(c2 + 1);
      char *c1 = strrchr(file, ':');
      if (c1) {
        *c1 = 0;
        line = (unsigned)atoi(c1 + 1);
      } else {
        line = col;
        col = 0;
      }
    }
    d.filename = file;
    d.line = line;
    d.col = col;
  }
  d.msg = msg;
  report(s, cp, &d);
  free(file);
  free(msg);
}

static bool has_suffix_path(const char *s, const char *path) {
  size_t n = strlen(s), m = strlen(path);
  if (n < m + 7) return false; /* "vendor/" */
  if (strcmp(s + n - m, path) != 0) return false;
  const char *v = s + n - m - 7;
  return strncmp(v, "vendor/", 7) == 0 && (v == s || v[-1] == '/');
}

static TypesPackage *import_fn(void *ctxp, TypesCtx *tc, const char *path, const char **err) {
  ImportCtx *ic = ctxp;
  if (strcmp(path, "unsafe") == 0) return types_unsafe_package(tc);
  ld_package *found = NULL;
  for (size_t i = 0; i < ic->lp->nimported && !found; i++)
    if (strcmp(ic->lp->imported[i]->import_path, path) == 0) found = ic->lp->imported[i];
  for (size_t i = 0; i < ic->lp->nimported && !found; i++)
    if (has_suffix_path(ic->lp->imported[i]->import_path, path)) found = ic->lp->imported[i];
  if (!found) {
    *err = "package not loaded";
    return NULL;
  }
  MemoEntry *e = memo_find(ic->s, found);
  if (!e) {
    *err = "package not checked";
    return NULL;
  }
  if (e->state != PKG_DONE) {
    *err = "import cycle not allowed";
    return NULL;
  }
  if (!e->cp->pkg) {
    *err = found->error ? found->error->err : "no Go files";
    return NULL;
  }
  return e->cp->pkg;
}

/* gc's -complete (cmd/go's gc.go): no non-Go files, and not one of the std
 * packages whose bodyless functions come from the runtime. */
static bool is_complete(const ld_package *p) {
  if (p->overlay) return false;
  if (p->cgo_files.n + p->c_files.n + p->cxx_files.n + p->m_files.n + p->f_files.n + p->s_files.n +
          p->syso_files.n + p->swig_files.n + p->swigcxx_files.n >
      0)
    return false;
  if (p->standard) {
    static const char *const exempt[] = {"bytes",           "internal/poll", "net",           "os",
                                         "runtime/metrics", "runtime/pprof", "runtime/trace", "sync",
                                         "syscall",         "time"};
    for (size_t i = 0; i < sizeof exempt / sizeof *exempt; i++)
      if (strcmp(p->import_path, exempt[i]) == 0) return false;
  }
  return true;
}

/* "1.18" -> 118; 0 if absent or malformed. */
static int lang_of(const char *v) {
  if (!v || strncmp(v, "1.", 2) != 0) return 0;
  int minor = atoi(v + 2);
  return minor > 0 && minor < 100 ? 100 + minor : 0;
}

/* Parser errors of one package, held until parsing ends (soft ones are
 * printed only if there is no hard one). */
typedef struct SynErrs {
  TypesDiag *v;
  size_t n, cap;
  size_t nhard;
} SynErrs;

static void collect_syn(void *ctx, const SynError *e) {
  SynErrs *se = ctx;
  if (se->n == se->cap) {
    se->cap = se->cap ? 2 * se->cap : 8;
    se->v = xrealloc(se->v, se->cap * sizeof *se->v);
  }
  TypesDiag d = {xstrdup(e->filename), e->line, e->col, xstrdup(e->msg), e->soft};
  se->v[se->n++] = d;
  if (!e->soft) se->nhard++;
}

typedef struct DiagCtx {
  CheckSession *s;
  CheckedPkg *cp;
  bool drop;
} DiagCtx;

static void forward_diag(void *ctx, const TypesDiag *d) {
  DiagCtx *dc = ctx;
  if (!dc->drop) report(dc->s, dc->cp, d);
}

CheckSession *checkpkgs_new(loader *l, TypesCtx *tc, const CheckOptions *opt) {
  CheckSession *s = xcalloc(1, sizeof *s);
  s->l = l;
  s->tc = tc;
  if (opt) s->opt = *opt;
  return s;
}

static size_t hash_path(const char *p) {
  size_t h = 5381;
  for (; *p; p++)
    h = h * 33 + (unsigned char)*p;
  return h % FILE_BUCKETS;
}

/* Parses path once per session (test variants list the same files as
 * their package; the AST is not modified by checking, and side tables
 * are per package, so sharing is safe). A file that cannot be read gives
 * a ParsedFile with no SynFile and one error. */
static ParsedFile *parse_cached(CheckSession *s, const char *path, SynArena **arena) {
  size_t h = hash_path(path);
  for (ParsedFile *pf = s->files[h]; pf; pf = pf->next)
    if (strcmp(pf->path, path) == 0) return pf;
  ParsedFile *pf = xcalloc(1, sizeof *pf);
  pf->path = xstrdup(path);
  pf->next = s->files[h];
  s->files[h] = pf;
  size_t len;
  char *buf = read_file(path, &len);
  SynErrs se = {0};
  if (!buf) {
    TypesDiag d = {0};
    d.msg = xasprintf("open %s: cannot read file", path);
    se.v = xmalloc(sizeof *se.v);
    se.v[se.n++] = d;
  } else {
    if (!*arena) {
      *arena = syn_arena_new();
      if (s->narenas == s->caparenas) {
        s->caparenas = s->caparenas ? 2 * s->caparenas : 64;
        s->arenas = xrealloc(s->arenas, s->caparenas * sizeof *s->arenas);
      }
      s->arenas[s->narenas++] = *arena;
    }
    pf->file = syn_parse_file(*arena, path, buf, len, collect_syn, &se);
    free(buf);
    s->stats.nfiles++;
  }
  pf->errs = se.v;
  pf->nerrs = se.n;
  return pf;
}

static void check_one(CheckSession *s, CheckedPkg *cp) {
  ld_package *lp = cp->lp;
  if (lp->error) report_loader_error(s, cp, lp->error);
  if (!lp->dir || lp->go_files.n == 0) return;

  double t0 = now_seconds();
  cp->files = types_alloc(s->tc, lp->go_files.n * sizeof *cp->files);
  size_t nhard = 0;
  ParsedFile **pfs = xcalloc(lp->go_files.n + 1, sizeof *pfs);
  SynArena *arena = NULL; /* this package's, made for its first file not parsed before */
  for (size_t i = 0; i < lp->go_files.n; i++) {
    char *full = xasprintf("%s/%s", lp->dir, lp->go_files.v[i]);
    ParsedFile *pf = parse_cached(s, full, &arena);
    free(full);
    if (!pf) continue;
    pfs[i] = pf;
    if (pf->file) cp->files[cp->nfiles++] = pf->file;
    for (size_t k = 0; k < pf->nerrs; k++)
      if (!pf->errs[k].soft) nhard++;
  }
  for (size_t i = 0; i < lp->go_files.n; i++)
    for (size_t k = 0; pfs[i] && k < pfs[i]->nerrs; k++)
      if (!pfs[i]->errs[k].soft || nhard == 0) report(s, cp, &pfs[i]->errs[k]);
  free(pfs);
  double t1 = now_seconds();
  s->stats.parse_seconds += t1 - t0;

  ImportCtx ic = {s, lp};
  DiagCtx dc = {s, cp, nhard > 0};
  TypesConfig cfg = {0};
  cfg.importer = import_fn;
  cfg.importer_ctx = &ic;
  cfg.error = forward_diag;
  cfg.error_ctx = &dc;
  cfg.ignore_func_bodies = s->opt.ignore_func_bodies;
  cfg.complete = is_complete(lp);
  cfg.lang_version = lp->module ? lang_of(lp->module->go_version) : 0;
  if (!cfg.lang_version) cfg.lang_version = s->opt.lang_version;
  if (s->opt.keep_info) cp->info = types_alloc(s->tc, sizeof *cp->info);
  int nerr = 0;
  cp->pkg = types_check_package(s->tc, &cfg, lp->import_path, cp->files, cp->nfiles, cp->info, &nerr);
  double t2 = now_seconds();
  s->stats.check_seconds += t2 - t1;
  if (s->opt.trace_packages)
    fprintf(s->opt.trace_packages, "package %s: parse %.3f s, check %.3f s, %d errors, peak RSS %.1f MiB\n",
            lp->import_path, t1 - t0, t2 - t1, cp->nerrors, (double)checkpkgs_peak_rss() / (1024.0 * 1024.0));
}

CheckedPkg *checkpkgs_check(CheckSession *s, ld_package *p) {
  MemoEntry *e = memo_find(s, p);
  if (e) return e->cp;
  e = memo_add(s, p);
  e->state = PKG_CHECKING;
  if (strcmp(p->import_path, "unsafe") == 0 && !p->for_test) {
    e->cp->pkg = types_unsafe_package(s->tc);
    e->state = PKG_DONE;
    return e->cp;
  }
  for (size_t i = 0; i < p->nimported; i++)
    checkpkgs_check(s, p->imported[i]);
  s->stats.npackages++;
  check_one(s, e->cp);
  e->state = PKG_DONE;
  return e->cp;
}

void checkpkgs_stats(const CheckSession *s, CheckStats *out) {
  *out = s->stats;
}

void checkpkgs_free(CheckSession *s) {
  if (!s) return;
  if (s->opt.trace) {
    double mib = (double)checkpkgs_peak_rss() / (1024.0 * 1024.0);
    fprintf(s->opt.trace, "phase parse: %.3f s wall, %u files, peak RSS %.1f MiB\n", s->stats.parse_seconds,
            s->stats.nfiles, mib);
    fprintf(s->opt.trace, "phase check: %.3f s wall, %u packages, peak RSS %.1f MiB\n",
            s->stats.check_seconds, s->stats.npackages, mib);
  }
  for (size_t h = 0; h < MEMO_BUCKETS; h++)
    while (s->memo[h]) {
      MemoEntry *e = s->memo[h];
      s->memo[h] = e->next;
      free(e->cp);
      free(e);
    }
  for (size_t h = 0; h < FILE_BUCKETS; h++)
    while (s->files[h]) {
      ParsedFile *pf = s->files[h];
      s->files[h] = pf->next;
      for (size_t k = 0; k < pf->nerrs; k++) {
        free((char *)pf->errs[k].filename);
        free((char *)pf->errs[k].msg);
      }
      free(pf->errs);
      free(pf->path);
      free(pf);
    }
  for (size_t i = 0; i < s->narenas; i++)
    syn_arena_free(s->arenas[i]);
  free(s->arenas);
  free(s);
}
