/*
 * load.c: package loading, as the go command (1.19, module mode) does it.
 *
 * Pipeline. A command-line pattern is expanded to import paths (walking
 * GOROOT/src for `std`, the main module for `./...`), each path is resolved
 * to a directory (resolve_import), the directory is scanned into a package
 * (scan_dir: which files build, their imports, test files, embeds) and the
 * imports are loaded recursively (load_import), depth first, with an import
 * stack for cycle detection and error messages. Every package is loaded
 * once and kept in a hash table keyed by its (resolved) import path.
 *
 * Resolution rules (go's modload, reduced to what rog supports):
 *   - a path whose first element has no dot is a standard package if
 *     GOROOT/src/PATH holds Go files;
 *   - an import made from a standard package that names
 *     GOROOT/src/vendor/PATH resolves to "vendor/PATH" (how std reaches its
 *     golang.org/x copies); from a cmd/ package, GOROOT/src/cmd/vendor/PATH
 *     resolves to "cmd/vendor/PATH"; go list shows the rewritten path in
 *     Imports, Deps and ImportMap;
 *   - the main module's path or a path below it is under the module root;
 *   - in vendor mode (vendor/modules.txt present and go >= 1.14, or
 *     -mod=vendor) other module paths are under vendor/PATH, unrewritten;
 *   - otherwise the longest required module path that prefixes PATH
 *     decides: a `replace` to a directory maps it there, else the module
 *     cache ($GOMODCACHE/escaped-path@version) is used if it exists.
 *     rog never downloads: a module missing from the cache is an error.
 *
 * Build constraints are evaluated with the `gc` compiler tag, not a `rog`
 * tag. Why: `rog list` must report exactly the files `go list` reports (the
 * acceptance test diffs the two), and std has files selected by `gc` and
 * `gccgo` tags (runtime, os, syscall, internal/bytealg ...). rog compiles
 * std like gccgo/TinyGo do, with its own runtime overlay (DESIGN.md §6), and
 * that overlay will replace the gc-specific packages wholesale rather than
 * select gccgo's files; so `gc` is the tag that describes the sources rog
 * starts from. When the overlay exists, the build (not list) will swap
 * those packages.
 *
 * cgo is disabled (CGO_ENABLED=0 semantics): files importing "C" are listed
 * in IgnoredGoFiles and contribute no imports, and the `cgo` tag is false.
 *
 * //go:embed patterns are resolved into EmbedFiles like go's resolveEmbed,
 * except that symbolic links are followed (under Bazel every input is a
 * symlink into the source tree); test embeds are resolved only for -test,
 * as in go.
 *
 * Test packages (go list -test) follow go's TestPackagesAndErrors and
 * recompileForTest: "p.test" (its _testmain.go is not generated here),
 * "p [p.test]", "p_test [p.test]", and copies "q [p.test]" of every
 * dependency of the test that itself depends on p.
 *
 * Doc is go/doc's Synopsis of the first non-test file's package comment,
 * reduced to what plain-text synopses use (first sentence, first paragraph,
 * `` and '' quotes); fh_synopsis documents the rules.
 *
 * Fields not computed (and not printed): Target, Stale/StaleReason (need a
 * build cache), CompiledGoFiles, Cgo* flags. Vendor mode does not check
 * vendor/modules.txt against go.mod ("inconsistent vendoring") and does
 * not require packages to be listed there. The `all` pattern and .go
 * file arguments are rejected with an error. //line directives are not
 * applied to header error positions. GOEXPERIMENT is not read (the Go 1.19
 * default experiments are assumed).
 *
 * Ownership: the loader owns every package and module; ld_free releases
 * them. Errors are data (ld_error on the package), never aborts, so -e can
 * print them.
 */
#include "compiler/driver/load.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "compiler/driver/fileheader.h"

/* ---- paths ---- */

static char *path_join(const char *a, const char *b) {
  if (!*a) return xstrdup(b);
  if (!*b) return xstrdup(a);
  size_t n = strlen(a);
  return xasprintf("%s%s%s", a, a[n - 1] == '/' ? "" : "/", b);
}

/* Lexical cleaning like Go's filepath.Clean. */
static char *path_clean(const char *p) {
  bool rooted = p[0] == '/';
  strvec parts = {0};
  const char *s = p;
  while (*s) {
    while (*s == '/')
      s++;
    if (!*s) break;
    const char *e = s;
    while (*e && *e != '/')
      e++;
    size_t n = (size_t)(e - s);
    if (n == 1 && s[0] == '.') {
    } else if (n == 2 && s[0] == '.' && s[1] == '.') {
      if (parts.n > 0 && strcmp(parts.v[parts.n - 1], "..") != 0) {
        free(parts.v[--parts.n]);
      } else if (!rooted) {
        strvec_pushdup(&parts, "..");
      }
    } else {
      strvec_push(&parts, xstrndup(s, n));
    }
    s = e;
  }
  strbuf b = {0};
  if (rooted) strbuf_putc(&b, '/');
  for (size_t i = 0; i < parts.n; i++) {
    if (i) strbuf_putc(&b, '/');
    strbuf_puts(&b, parts.v[i]);
  }
  strvec_free(&parts);
  if (!b.data || !*b.data) {
    strbuf_free(&b);
    return xstrdup(rooted ? "/" : ".");
  }
  return b.data;
}

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool has_path_prefix(const char *s, const char *prefix) {
  size_t n = strlen(prefix);
  if (n == 0) return true;
  return strncmp(s, prefix, n) == 0 && (s[n] == 0 || s[n] == '/');
}

/* base.ShortPath: the path relative to cwd when that is shorter. */
static char *short_path(const loader *l, const char *path) {
  size_t n = strlen(l->cwd);
  if (strncmp(path, l->cwd, n) == 0 && path[n] == '/') return xstrdup(path + n + 1);
  return xstrdup(path);
}

static bool has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dir; dirs_only selects directories (for
 * walks) or everything else (for packages). Returns false if unreadable. */
static bool read_dir(const char *dir, bool dirs_only, strvec *out) {
  DIR *d = opendir(dir);
  if (!d) return false;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    bool isdir;
    if (e->d_type == DT_DIR || e->d_type == DT_REG) {
      isdir = e->d_type == DT_DIR;
    } else { /* symlinks (Bazel runfiles) and unknown types: follow */
      char *full = path_join(dir, e->d_name);
      isdir = is_dir(full);
      free(full);
    }
    if (isdir == dirs_only) strvec_pushdup(out, e->d_name);
  }
  closedir(d);
  if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, cmp_str);
  return true;
}

/* ---- errors ---- */

static ld_error *new_error(const strvec *stack, const char *pos, char *msg_owned) {
  ld_error *e = xcalloc(1, sizeof *e);
  if (stack)
    for (size_t i = 0; i < stack->n; i++)
      strvec_pushdup(&e->import_stack, stack->v[i]);
  e->pos = pos ? xstrdup(pos) : NULL;
  e->err = msg_owned;
  return e;
}

static void free_error(ld_error *e) {
  if (!e) return;
  strvec_free(&e->import_stack);
  free(e->pos);
  free(e->err);
  free(e);
}

char *ld_error_string(const ld_error *e) {
  if (e->pos && (e->import_stack.n == 0 || !e->always_print_stack))
    return xasprintf("%s: %s", e->pos, e->err);
  if (e->import_stack.n == 0) return xstrdup(e->err);
  strbuf b = {0};
  strbuf_puts(&b, "package ");
  for (size_t i = 0; i < e->import_stack.n; i++) {
    if (i) strbuf_puts(&b, "\n\timports ");
    strbuf_puts(&b, e->import_stack.v[i]);
  }
  if (e->pos) strbuf_printf(&b, "\n\t%s", e->pos);
  strbuf_printf(&b, ": %s", e->err);
  return b.data;
}

/* ---- package table ---- */

static unsigned long hash_str(const char *s) {
  unsigned long h = 1469598103934665603UL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211UL;
  return h;
}

static ld_package *lookup(loader *l, const char *path) {
  for (ld_package *p = l->table[hash_str(path) % l->table_size]; p; p = p->hash_next)
    if (strcmp(p->import_path, path) == 0) return p;
  return NULL;
}

static void remember(loader *l, ld_package *p, bool in_table) {
  if (l->nall == l->capall) {
    l->capall = l->capall ? 2 * l->capall : 256;
    l->all = xrealloc(l->all, l->capall * sizeof *l->all);
  }
  l->all[l->nall++] = p;
  if (in_table) {
    size_t h = hash_str(p->import_path) % l->table_size;
    p->hash_next = l->table[h];
    l->table[h] = p;
  }
}

static ld_package *new_package(loader *l, const char *import_path, bool in_table) {
  ld_package *p = xcalloc(1, sizeof *p);
  p->import_path = xstrdup(import_path);
  remember(l, p, in_table);
  return p;
}

/* Every string list of a package, for copying and freeing. */
enum { LIST_COUNT = 31 };
static void package_lists(ld_package *p, strvec *out[LIST_COUNT]) {
  strvec *lists[LIST_COUNT] = {&p->match,
                               &p->go_files,
                               &p->cgo_files,
                               &p->ignored_go_files,
                               &p->invalid_go_files,
                               &p->ignored_other_files,
                               &p->c_files,
                               &p->cxx_files,
                               &p->m_files,
                               &p->h_files,
                               &p->f_files,
                               &p->s_files,
                               &p->swig_files,
                               &p->swigcxx_files,
                               &p->syso_files,
                               &p->embed_patterns,
                               &p->test_embed_patterns,
                               &p->xtest_embed_patterns,
                               &p->embed_pattern_pos,
                               &p->embed_files,
                               &p->test_embed_files,
                               &p->xtest_embed_files,
                               &p->imports,
                               &p->raw_imports,
                               &p->raw_test_imports,
                               &p->raw_xtest_imports,
                               &p->deps,
                               &p->test_go_files,
                               &p->test_imports,
                               &p->xtest_go_files,
                               &p->xtest_imports};
  memcpy(out, lists, sizeof lists);
}

static void free_package(ld_package *p) {
  free(p->import_path);
  free(p->dir);
  free(p->name);
  free(p->doc);
  free(p->root);
  free(p->for_test);
  strvec *lists[LIST_COUNT];
  package_lists(p, lists);
  for (size_t i = 0; i < LIST_COUNT; i++)
    strvec_free(lists[i]);
  free_error(p->error);
  free(p->deps_errors);
  free(p->imported);
  free(p);
}

/* ---- setup ---- */

static ld_module *new_module(loader *l) {
  ld_module *m = xcalloc(1, sizeof *m);
  m->next = l->modules;
  l->modules = m;
  return m;
}

/* The go version of a module's go.mod, or NULL. */
static char *gomod_go_version(const char *gomod) {
  size_t len;
  char *src = read_file(gomod, &len);
  if (!src) return NULL;
  modfile mf;
  char *v = NULL;
  if (modfile_parse(gomod, src, len, &mf) == 0 && mf.go_version) v = xstrdup(mf.go_version);
  modfile_free(&mf);
  free(src);
  return v;
}

static int go_minor(const char *v) {
  if (!v || strncmp(v, "1.", 2) != 0) return 0;
  return atoi(v + 2);
}

int ld_init(loader *l, const char *goroot, const char *goarch, const char *cwd) {
  memset(l, 0, sizeof *l);
  bc_init(&l->bc, goarch);
  l->goroot = path_clean(goroot);
  l->cwd = path_clean(cwd);
  char *gsrc = path_join(l->goroot, "src");
  l->gorootsrc_real = realpath(gsrc, NULL);
  free(gsrc);
  l->table_size = 1024;
  l->table = xcalloc(l->table_size, sizeof *l->table);
  l->dircache = xcalloc(DIRCACHE_SIZE, sizeof *l->dircache);
  const char *mc = getenv("GOMODCACHE");
  if (mc && *mc) {
    l->modcache = xstrdup(mc);
  } else {
    const char *gp = getenv("GOPATH");
    const char *home = getenv("HOME");
    if (gp && *gp) {
      const char *colon = strchr(gp, ':');
      char *first = colon ? xstrndup(gp, (size_t)(colon - gp)) : xstrdup(gp);
      l->modcache = path_join(first, "pkg/mod");
      free(first);
    } else if (home) {
      l->modcache = xasprintf("%s/go/pkg/mod", home);
    }
  }

  /* Find go.mod upward from cwd. GOROOT/src's own go.mod (module std) does
   * not make std a main module for our purposes. */
  char *dir = xstrdup(l->cwd);
  for (;;) {
    char *gm = path_join(dir, "go.mod");
    bool found = is_file(gm);
    free(gm);
    if (found) break;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
      free(dir);
      dir = NULL;
      break;
    }
    *slash = 0;
  }
  if (dir) {
    char *gorootsrc = path_join(l->goroot, "src");
    if (has_path_prefix(dir, gorootsrc) || (l->gorootsrc_real && has_path_prefix(dir, l->gorootsrc_real))) {
      free(dir);
      dir = NULL;
    }
    free(gorootsrc);
  }
  if (!dir) return 0;
  l->modroot = dir;
  char *gomod = path_join(dir, "go.mod");
  size_t len;
  char *src = read_file(gomod, &len);
  if (!src) {
    l->fatal = xasprintf("go: reading %s: %s", gomod, strerror(errno));
    free(gomod);
    return -1;
  }
  int rc = modfile_parse(gomod, src, len, &l->mf);
  free(src);
  if (rc != 0) {
    l->fatal = xasprintf("go: errors parsing go.mod:\n%s", l->mf.err);
    free(gomod);
    return -1;
  }
  if (!l->mf.module) {
    l->fatal = xasprintf("go: error reading %s: missing module declaration. To specify the module path:\n"
                         "\tgo mod edit -module=example.com/mod",
                         gomod);
    free(gomod);
    return -1;
  }
  ld_module *m = new_module(l);
  m->path = xstrdup(l->mf.module);
  m->main = true;
  m->dir = xstrdup(dir);
  m->gomod = gomod;
  m->go_version = l->mf.go_version ? xstrdup(l->mf.go_version) : NULL;
  l->main_module = m;

  /* Vendor mode: -mod=vendor, or by default when vendor/modules.txt exists
   * and the go version is at least 1.14 (go's rule). GOFLAGS=-mod=mod turns
   * it off, as for the go command. */
  char *mt = path_join(dir, "vendor/modules.txt");
  const char *goflags = getenv("GOFLAGS");
  bool mod_mod = goflags && strstr(goflags, "-mod=mod");
  bool mod_vendor = goflags && strstr(goflags, "-mod=vendor");
  if (mod_vendor || (!mod_mod && is_file(mt) && go_minor(l->mf.go_version) >= 14)) {
    l->vendor_mode = true;
    src = read_file(mt, &len);
    if (src) {
      rc = mf_vendor_parse(mt, src, len, &l->vendor);
      free(src);
      if (rc != 0) {
        l->fatal = xasprintf("go: %s", l->vendor.err);
        free(mt);
        return -1;
      }
    }
  }
  free(mt);
  return 0;
}

void ld_free(loader *l) {
  for (size_t i = 0; i < l->nall; i++)
    free_package(l->all[i]);
  free(l->all);
  free(l->table);
  for (size_t i = 0; l->dircache && i < DIRCACHE_SIZE; i++)
    while (l->dircache[i]) {
      ld_dircache *c = l->dircache[i];
      l->dircache[i] = c->next;
      free(c->dir);
      free(c);
    }
  free(l->dircache);
  while (l->modules) {
    ld_module *m = l->modules;
    l->modules = m->next;
    free(m->path);
    free(m->version);
    free(m->dir);
    free(m->gomod);
    free(m->go_version);
    free(m->replace_path);
    free(m->replace_version);
    free(m);
  }
  bc_free(&l->bc);
  free(l->goroot);
  free(l->gorootsrc_real);
  free(l->cwd);
  free(l->modroot);
  modfile_free(&l->mf);
  mf_vendor_free(&l->vendor);
  free(l->modcache);
  free(l->fatal);
  strvec_free(&l->overlay_paths);
  strvec_free(&l->cmdline_files);
  strvec_free(&l->overlay_dirs);
  memset(l, 0, sizeof *l);
}

const char *ld_env_goarch(const char *cmd) {
  const char *goos = getenv("GOOS");
  if (goos && *goos && strcmp(goos, "linux") != 0) {
    fprintf(stderr, "rog %s: unsupported GOOS %s (rog targets linux)\n", cmd, goos);
    return NULL;
  }
  const char *goarch = getenv("GOARCH");
  if (goarch && *goarch) {
    if (strcmp(goarch, "amd64") != 0 && strcmp(goarch, "arm64") != 0) {
      fprintf(stderr, "rog %s: unsupported GOARCH %s (rog targets amd64 and arm64)\n", cmd, goarch);
      return NULL;
    }
    return goarch;
  }
  struct utsname u;
  if (uname(&u) == 0 && (strcmp(u.machine, "aarch64") == 0 || strcmp(u.machine, "arm64") == 0))
    return "arm64";
  return "amd64";
}

int ld_add_overlay(loader *l, const char *import_path, const char *dir) {
  if (!is_dir(dir)) return -1;
  char *d = path_clean(dir);
  for (size_t i = 0; i < l->overlay_paths.n; i++)
    if (strcmp(l->overlay_paths.v[i], import_path) == 0) {
      free(l->overlay_dirs.v[i]);
      l->overlay_dirs.v[i] = d;
      return 0;
    }
  strvec_pushdup(&l->overlay_paths, import_path);
  strvec_push(&l->overlay_dirs, d);
  return 0;
}

static bool has_go_files(const char *dir);

/* Walks dir/rel: a directory with .go files is overlaid as import path rel;
 * subdirectories are walked in name order (readdir's order is not stable,
 * and the overlay list order shows in nothing but keeps runs identical). */
static int overlay_walk(loader *l, const char *root, const char *rel, int depth) {
  char dir[4096];
  if (snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel) >= (int)sizeof dir) return 0;
  int n = 0;
  if (*rel && has_go_files(dir) && ld_add_overlay(l, rel, dir) == 0) n++;
  if (depth >= 16) return n; /* import paths are never this deep; guards symlink loops */
  struct dirent **ents = NULL;
  int ne = scandir(dir, &ents, NULL, alphasort);
  for (int i = 0; i < ne; i++) {
    const char *name = ents[i]->d_name;
    char sub[4096], subrel[4096];
    bool skip = name[0] == '.' || name[0] == '_' || strcmp(name, "testdata") == 0;
    if (!skip && snprintf(sub, sizeof sub, "%s/%s", dir, name) < (int)sizeof sub &&
        snprintf(subrel, sizeof subrel, "%s%s%s", rel, *rel ? "/" : "", name) < (int)sizeof subrel &&
        is_dir(sub))
      n += overlay_walk(l, root, subrel, depth + 1);
    free(ents[i]);
  }
  free(ents);
  return n;
}

int ld_add_overlay_tree(loader *l, const char *root) {
  l->rog_files = true;
  if (!is_dir(root)) return -1;
  return overlay_walk(l, root, "", 0);
}

/* ---- resolution ---- */

/* Whether a path is a standard-library-shaped import path (go's
 * search.IsStandardImportPath): no dot in the first element. */
static bool std_shaped(const char *path) {
  const char *slash = strchr(path, '/');
  size_t n = slash ? (size_t)(slash - path) : strlen(path);
  return memchr(path, '.', n) == NULL;
}

/* Whether dir holds at least one .go file (goroot.IsStandardPackage). */
static bool has_go_files(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return false;
  bool ok = false;
  struct dirent *e;
  while (!ok && (e = readdir(d)) != NULL) {
    if (!has_suffix(e->d_name, ".go")) continue;
    if (e->d_type == DT_REG) {
      ok = true;
    } else if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
      char *full = path_join(dir, e->d_name);
      ok = !is_dir(full);
      free(full);
    }
  }
  closedir(d);
  return ok;
}

/* has_go_files, memoized per loader: resolution asks about the same
 * directories once per import of them. */
static bool has_go_files_cached(loader *l, const char *dir) {
  size_t h = hash_str(dir) % DIRCACHE_SIZE;
  for (ld_dircache *c = l->dircache[h]; c; c = c->next)
    if (strcmp(c->dir, dir) == 0) return c->has_go;
  ld_dircache *c = xmalloc(sizeof *c);
  c->dir = xstrdup(dir);
  c->has_go = has_go_files(dir);
  c->next = l->dircache[h];
  l->dircache[h] = c;
  return c->has_go;
}

static ld_module *find_module(loader *l, const char *path, const char *version) {
  for (ld_module *m = l->modules; m; m = m->next)
    if (strcmp(m->path, path) == 0 &&
        ((!m->version && !version) || (m->version && version && strcmp(m->version, version) == 0)))
      return m;
  return NULL;
}

/* Module cache directory name: upper-case letters become '!' + lower. */
static char *escape_module_path(const char *p) {
  strbuf b = {0};
  strbuf_append(&b, "", 0);
  for (; *p; p++) {
    if (*p >= 'A' && *p <= 'Z') {
      strbuf_putc(&b, '!');
      strbuf_putc(&b, (char)(*p - 'A' + 'a'));
    } else {
      strbuf_putc(&b, *p);
    }
  }
  return b.data;
}

typedef struct {
  char *import_path;
  char *dir;
  char *root;
  ld_module *module;
  bool standard, overlay;
  char *err; /* resolution failure */
} resolved;

static void resolved_free(resolved *r) {
  free(r->import_path);
  free(r->dir);
  free(r->root);
  free(r->err);
}

/* The module (require'd or replaced) whose path is the longest prefix of
 * path, with its directory; 0 if none. */
static bool resolve_module(loader *l, const char *path, resolved *r) {
  const mf_require *best = NULL;
  for (size_t i = 0; i < l->mf.nreqs; i++) {
    const mf_require *q = &l->mf.reqs[i];
    if (has_path_prefix(path, q->path) && (!best || strlen(q->path) > strlen(best->path))) best = q;
  }
  if (!best) return false;
  const mf_replace *rep = NULL;
  for (size_t i = 0; i < l->mf.nreps; i++) {
    const mf_replace *q = &l->mf.reps[i];
    if (strcmp(q->old_path, best->path) != 0) continue;
    if (q->old_version && strcmp(q->old_version, best->version) != 0) continue;
    if (!rep || (q->old_version && !rep->old_version)) rep = q; /* a versioned replace wins */
  }
  char *moddir;
  if (rep && !rep->new_version) {
    moddir = rep->new_path[0] == '/' ? path_clean(rep->new_path) : NULL;
    if (!moddir) {
      char *j = path_join(l->modroot, rep->new_path);
      moddir = path_clean(j);
      free(j);
    }
  } else {
    const char *mp = rep ? rep->new_path : best->path;
    const char *mv = rep ? rep->new_version : best->version;
    if (!l->modcache) return false;
    char *esc = escape_module_path(mp);
    moddir = xasprintf("%s/%s@%s", l->modcache, esc, mv);
    free(esc);
  }
  ld_module *m = find_module(l, best->path, best->version);
  if (!m) {
    m = new_module(l);
    m->path = xstrdup(best->path);
    m->version = xstrdup(best->version);
    m->dir = xstrdup(moddir);
    char *gm = path_join(moddir, "go.mod");
    if (is_file(gm)) {
      m->gomod = gm;
      m->go_version = gomod_go_version(gm);
    } else {
      free(gm);
    }
    if (rep) {
      m->replace_path = xstrdup(rep->new_path);
      m->replace_version = rep->new_version ? xstrdup(rep->new_version) : NULL;
    }
  }
  r->module = m;
  r->root = xstrdup(moddir);
  r->dir = path_join(moddir, path + strlen(best->path) + (path[strlen(best->path)] == '/'));
  free(moddir);
  return true;
}

/* Resolves path as GOROOT/src/PREFIX+PATH if that directory holds Go
 * files. */
static bool resolve_std(loader *l, const char *src, const char *prefix, const char *path, resolved *r) {
  char *ip = xasprintf("%s%s", prefix, path);
  char *d = path_join(src, ip);
  if (!has_go_files_cached(l, d)) {
    free(ip);
    free(d);
    return false;
  }
  r->import_path = ip;
  r->dir = d;
  r->root = xstrdup(l->goroot);
  r->standard = true;
  return true;
}

/* Resolves an import path seen in a package (parent, may be NULL for the
 * command line) into a directory and a canonical import path. */
static void resolve_import(loader *l, const char *path, const ld_package *parent, resolved *r) {
  memset(r, 0, sizeof *r);
  /* Overlays win over every other rule (the path is not rewritten). */
  for (size_t i = 0; i < l->overlay_paths.n; i++)
    if (strcmp(l->overlay_paths.v[i], path) == 0) {
      r->import_path = xstrdup(path);
      r->dir = xstrdup(l->overlay_dirs.v[i]);
      r->root = xstrdup(l->goroot);
      r->standard = std_shaped(path);
      r->overlay = true;
      return;
    }
  char *src = path_join(l->goroot, "src");
  /* std's vendored golang.org/x copies, then std itself */
  if ((parent && parent->standard && !std_shaped(path) && has_path_prefix(parent->import_path, "cmd") &&
       resolve_std(l, src, "cmd/vendor/", path, r)) ||
      (parent && parent->standard && !std_shaped(path) && !has_path_prefix(parent->import_path, "cmd") &&
       resolve_std(l, src, "vendor/", path, r)) ||
      (std_shaped(path) && resolve_std(l, src, "", path, r))) {
    free(src);
    return;
  }
  if (l->main_module && has_path_prefix(path, l->main_module->path)) {
    const char *rest = path + strlen(l->main_module->path);
    if (*rest == '/') rest++;
    r->import_path = xstrdup(path);
    r->dir = path_join(l->modroot, rest);
    r->root = xstrdup(l->modroot);
    r->module = l->main_module;
    if (!is_dir(r->dir)) {
      r->err = xasprintf("no required module provides package %s; to add it:\n\tgo get %s", path, path);
    }
    free(src);
    return;
  }
  if (std_shaped(path)) {
    char *d = path_join(src, path);
    r->import_path = xstrdup(path);
    r->err = xasprintf("package %s is not in GOROOT (%s)", path, d);
    free(d);
    free(src);
    return;
  }
  free(src);
  r->import_path = xstrdup(path);
  if (!l->main_module) {
    r->err =
        xasprintf("cannot find package \"%s\" in any of:\n\t%s/src/%s (from $GOROOT)\n\t($GOPATH not set)",
                  path, l->goroot, path);
    return;
  }
  if (l->vendor_mode) {
    const mf_vendored *best = NULL;
    for (size_t i = 0; i < l->vendor.nmods; i++) {
      const mf_vendored *v = &l->vendor.mods[i];
      if (has_path_prefix(path, v->path) && (!best || strlen(v->path) > strlen(best->path))) best = v;
    }
    char *d = xasprintf("%s/vendor/%s", l->modroot, path);
    if (best && is_dir(d)) {
      ld_module *m = find_module(l, best->path, best->version);
      if (!m) {
        m = new_module(l);
        m->path = xstrdup(best->path);
        m->version = best->version ? xstrdup(best->version) : NULL;
      }
      r->module = m;
      r->dir = d; /* go list reports no Root for vendored packages */
      return;
    }
    free(d);
    r->err =
        xasprintf("cannot find module providing package %s: import lookup disabled by -mod=vendor", path);
    return;
  }
  if (resolve_module(l, path, r)) {
    ld_module *m = r->module;
    if (!is_dir(r->root)) {
      if (m->replace_path && !m->replace_version)
        r->err = xasprintf("%s@%s (replaced by %s): replacement directory does not exist", m->path,
                           m->version, m->replace_path);
      else
        r->err = xasprintf("module %s@%s is not in the module cache (%s); rog does not download modules: "
                           "run 'go mod download %s'",
                           m->path, m->version, l->modcache ? l->modcache : "unset", m->path);
    } else if (!is_dir(r->dir)) {
      if (m->replace_path)
        r->err = xasprintf("module %s@%s found (%s, replaced by %s), but does not contain package %s",
                           m->path, m->version, m->version, m->replace_path, path);
      else
        r->err = xasprintf("module %s@%s found, but does not contain package %s", m->path, m->version, path);
    }
    if (r->err) {
      free(r->dir);
      r->dir = NULL;
    }
    return;
  }
  r->err = xasprintf("no required module provides package %s; to add it:\n\tgo get %s", path, path);
}

/* ---- directory scan (go/build's Import) ---- */

static strvec *list_for_ext(ld_package *p, const char *ext) {
  if (strcmp(ext, ".c") == 0) return &p->c_files;
  if (!strcmp(ext, ".cc") || !strcmp(ext, ".cpp") || !strcmp(ext, ".cxx")) return &p->cxx_files;
  if (strcmp(ext, ".m") == 0) return &p->m_files;
  if (!strcmp(ext, ".h") || !strcmp(ext, ".hh") || !strcmp(ext, ".hpp") || !strcmp(ext, ".hxx"))
    return &p->h_files;
  if (!strcmp(ext, ".f") || !strcmp(ext, ".F") || !strcmp(ext, ".for") || !strcmp(ext, ".f90"))
    return &p->f_files;
  if (!strcmp(ext, ".s") || !strcmp(ext, ".S") || !strcmp(ext, ".sx")) return &p->s_files;
  if (strcmp(ext, ".swig") == 0) return &p->swig_files;
  if (strcmp(ext, ".swigcxx") == 0) return &p->swigcxx_files;
  if (strcmp(ext, ".syso") == 0) return &p->syso_files;
  return NULL;
}

/* An import path with the position (file:line:col) of its first use. */
typedef struct {
  strvec path, pos;
} import_set;

static void import_set_add(import_set *s, const char *path, const char *pos) {
  if (strvec_contains(&s->path, path)) return;
  strvec_pushdup(&s->path, path);
  strvec_pushdup(&s->pos, pos);
}

static void import_set_free(import_set *s) {
  strvec_free(&s->path);
  strvec_free(&s->pos);
}

/* Sorted copy of s's paths into out, positions alongside into pos_out. */
static void import_set_sorted(import_set *s, strvec *out, strvec *pos_out) {
  size_t n = s->path.n;
  size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
  for (size_t i = 0; i < n; i++)
    idx[i] = i;
  for (size_t i = 1; i < n; i++) /* insertion sort: import lists are short */
    for (size_t j = i; j > 0 && strcmp(s->path.v[idx[j - 1]], s->path.v[idx[j]]) > 0; j--) {
      size_t t = idx[j];
      idx[j] = idx[j - 1];
      idx[j - 1] = t;
    }
  for (size_t i = 0; i < n; i++) {
    strvec_pushdup(out, s->path.v[idx[i]]);
    if (pos_out) strvec_pushdup(pos_out, s->pos.v[idx[i]]);
  }
  free(idx);
}

typedef struct {
  import_set imports, test_imports, xtest_imports;
  char *bad;     /* first bad-file error */
  char *bad_pos; /* set when that error is a header syntax error: its position */
  bool no_go;    /* NoGoError */
  char *first_file;
} scan_result;

static void scan_result_free(scan_result *sr) {
  import_set_free(&sr->imports);
  import_set_free(&sr->test_imports);
  import_set_free(&sr->xtest_imports);
  free(sr->bad);
  free(sr->bad_pos);
  free(sr->first_file);
}

static void bad_file(ld_package *p, scan_result *sr, const char *name, char *err_owned) {
  if (!sr->bad) {
    sr->bad = err_owned;
  } else {
    free(err_owned);
  }
  if (!strvec_contains(&p->invalid_go_files, name)) strvec_pushdup(&p->invalid_go_files, name);
}

static void add_embeds(strvec *list, strvec *pos, const fh_info *h, const char *file) {
  for (size_t i = 0; i < h->nembeds; i++) {
    if (strvec_contains(list, h->embeds[i].pattern)) continue;
    strvec_pushdup(list, h->embeds[i].pattern);
    if (pos) strvec_push(pos, xasprintf("%s:%d:%d", file, h->embeds[i].line, h->embeds[i].col));
  }
}

/* Scans p->dir into p's file lists; import paths go to sr. */
static void scan_dir(loader *l, ld_package *p, scan_result *sr) {
  strvec names = {0};
  strvec sfiles_upper = {0};
  if (!read_dir(p->dir, false, &names)) {
    sr->bad = xasprintf("cannot find package \"%s\" in:\n\t%s", p->import_path, p->dir);
    return;
  }
  bool only_named = l->cmdline_files.n > 0 && strcmp(p->import_path, "command-line-arguments") == 0;
  bc_context bc = l->bc;
  if (l->rog_files && p->standard && bc_noasm_package(p->import_path)) bc = bc_noasm_context(&l->bc);
  for (size_t i = 0; i < names.n; i++) {
    const char *name = names.v[i];
    if (only_named && !strvec_contains(&l->cmdline_files, name)) continue;
    if (!only_named && (name[0] == '_' || name[0] == '.')) continue;
    const char *dot = strrchr(name, '.');
    const char *ext = dot ? dot : "";
    bool is_go = strcmp(ext, ".go") == 0;
    if (!bc_good_os_arch_file(&bc, name)) {
      if (is_go)
        strvec_pushdup(&p->ignored_go_files, name);
      else if (list_for_ext(p, ext))
        strvec_pushdup(&p->ignored_other_files, name);
      continue;
    }
    strvec *other = list_for_ext(p, ext);
    if (!is_go && !other) continue;
    if (strcmp(ext, ".syso") == 0) {
      strvec_pushdup(&p->syso_files, name);
      continue;
    }
    char *full = path_join(p->dir, name);
    size_t len;
    char *src = read_file(full, &len);
    if (!src) {
      bad_file(p, sr, name, xasprintf("read %s: %s", full, strerror(errno)));
      free(full);
      continue;
    }
    char *shown = short_path(l, full);
    fh_info h = {0};
    if (is_go) fh_read(shown, src, len, &h);
    if (h.fatal) {
      bad_file(p, sr, name, xasprintf("read %s: %s", full, h.err_msg));
      fh_free(&h);
      free(src);
      free(full);
      free(shown);
      continue;
    }
    char *cerr = NULL;
    int ok = bc_should_build(&bc, src, len, &cerr);
    free(src);
    free(full);
    if (ok < 0) {
      bad_file(p, sr, name, xasprintf("%s: %s", name, cerr));
      free(cerr);
      fh_free(&h);
      free(shown);
      continue;
    }
    if (!ok) {
      if (is_go)
        strvec_pushdup(&p->ignored_go_files, name);
      else
        strvec_pushdup(&p->ignored_other_files, name);
      fh_free(&h);
      free(shown);
      continue;
    }
    if (!is_go) {
      if (!strcmp(ext, ".S") || !strcmp(ext, ".sx"))
        strvec_pushdup(&sfiles_upper, name);
      else
        strvec_pushdup(other, name);
      free(shown);
      continue;
    }
    if (h.err) {
      /* go/build records no imports or embeds from a file whose header does
       * not parse; the package name still counts. */
      if (!sr->bad) sr->bad_pos = xasprintf("%s:%d:%d", shown, h.err_line, h.err_col);
      bad_file(p, sr, name, xstrdup(h.err_msg));
      for (size_t k = 0; k < h.nimports; k++) {
        free(h.imports[k].path);
        free(h.imports[k].name);
      }
      h.nimports = 0;
      for (size_t k = 0; k < h.nembeds; k++)
        free(h.embeds[k].pattern);
      h.nembeds = 0;
    }
    const char *pkg = h.pkgname ? h.pkgname : "";
    if (strcmp(pkg, "documentation") == 0) {
      strvec_pushdup(&p->ignored_go_files, name);
      fh_free(&h);
      free(shown);
      continue;
    }
    bool is_test = has_suffix(name, "_test.go");
    bool is_xtest = false;
    char *pkgname = xstrdup(pkg);
    if (is_test && has_suffix(pkgname, "_test") && (!p->name || strcmp(p->name, pkgname) != 0)) {
      is_xtest = true;
      pkgname[strlen(pkgname) - 5] = 0;
    }
    if (!p->name) {
      p->name = xstrdup(pkgname);
      sr->first_file = xstrdup(name);
    } else if (strcmp(pkgname, p->name) != 0) {
      bad_file(p, sr, name,
               xasprintf("found packages %s (%s) and %s (%s) in %s", p->name, sr->first_file, pkgname, name,
                         p->dir));
    }
    free(pkgname);
    /* go/build: the first non-test file with a doc comment gives Doc */
    if (h.doc && (!p->doc || !*p->doc) && !is_test && !is_xtest) {
      free(p->doc);
      p->doc = fh_synopsis(h.doc);
    }
    bool is_cgo = false;
    for (size_t k = 0; k < h.nimports; k++) {
      if (strcmp(h.imports[k].path, "C") == 0) {
        if (is_test) {
          bad_file(p, sr, name, xasprintf("use of cgo in test %s not supported", shown));
          continue;
        }
        is_cgo = true;
      }
    }
    import_set *imps = NULL;
    strvec *embeds = NULL;
    if (is_cgo) {
      if (l->bc.cgo_enabled) {
        strvec_pushdup(&p->cgo_files, name);
        imps = &sr->imports;
        embeds = &p->embed_patterns;
      } else {
        strvec_pushdup(&p->ignored_go_files, name);
      }
    } else if (is_xtest) {
      strvec_pushdup(&p->xtest_go_files, name);
      imps = &sr->xtest_imports;
      embeds = &p->xtest_embed_patterns;
    } else if (is_test) {
      strvec_pushdup(&p->test_go_files, name);
      imps = &sr->test_imports;
      embeds = &p->test_embed_patterns;
    } else {
      strvec_pushdup(&p->go_files, name);
      imps = &sr->imports;
      embeds = &p->embed_patterns;
    }
    if (imps) {
      for (size_t k = 0; k < h.nimports; k++) {
        char *pos = xasprintf("%s:%d:%d", shown, h.imports[k].line, h.imports[k].col);
        import_set_add(imps, h.imports[k].path, pos);
        free(pos);
      }
      add_embeds(embeds, embeds == &p->embed_patterns ? &p->embed_pattern_pos : NULL, &h, shown);
    }
    fh_free(&h);
    free(shown);
  }
  /* go/build keeps .S files only for cgo packages. */
  for (size_t i = 0; i < sfiles_upper.n; i++)
    strvec_pushdup(p->cgo_files.n > 0 ? &p->s_files : &p->ignored_other_files, sfiles_upper.v[i]);
  strvec_sort_uniq(&p->s_files);
  strvec_sort_uniq(&p->ignored_other_files);
  strvec_sort_uniq(&p->test_embed_patterns);
  strvec_sort_uniq(&p->xtest_embed_patterns);
  strvec_free(&sfiles_upper);
  strvec_free(&names);
  if (!sr->bad && p->go_files.n + p->cgo_files.n + p->test_go_files.n + p->xtest_go_files.n == 0)
    sr->no_go = true;
}

/* ---- //go:embed resolution (go's resolveEmbed) ---- */

/* fs.ValidPath and not ".": unrooted, slash-separated, no empty, "." or
 * ".." elements; plus balanced [] classes (path.Match's syntax check). */
static bool valid_embed_pattern(const char *p) {
  if (!*p || strcmp(p, ".") == 0) return false;
  const char *s = p;
  for (;;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return false;
    if (!e) break;
    s = e + 1;
  }
  int depth = 0;
  for (s = p; *s; s++) {
    if (*s == '\\' && s[1])
      s++;
    else if (*s == '[')
      depth++;
    else if (*s == ']' && depth > 0)
      depth--;
  }
  return depth == 0;
}

/* module.CheckFilePath's element rules, reduced: names go refuses to
 * embed. */
static bool bad_embed_name(const char *name) {
  if (!*name || !strcmp(name, ".bzr") || !strcmp(name, ".hg") || !strcmp(name, ".git") ||
      !strcmp(name, ".svn"))
    return true;
  for (const unsigned char *c = (const unsigned char *)name; *c; c++)
    if (*c < 0x20 || *c == 0x7f || strchr("\"'*<>?`|:\\", *c)) return true;
  return false;
}

/* Adds every embeddable file below dir (rel is its path relative to the
 * package) to out; returns how many it found. */
static size_t embed_walk(const char *dir, const char *rel, bool all, strvec *out) {
  strvec names = {0};
  size_t count = 0;
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) strvec_pushdup(&names, e->d_name);
  closedir(d);
  for (size_t i = 0; i < names.n; i++) {
    const char *name = names.v[i];
    if (bad_embed_name(name) || ((name[0] == '.' || name[0] == '_') && !all)) continue;
    char *full = path_join(dir, name), *r = xasprintf("%s/%s", rel, name);
    struct stat st;
    if (stat(full, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        char *gm = path_join(full, "go.mod");
        if (!is_file(gm)) count += embed_walk(full, r, all, out);
        free(gm);
      } else if (S_ISREG(st.st_mode)) {
        count++;
        strvec_pushdup(out, r);
      }
    }
    free(full);
    free(r);
  }
  strvec_free(&names);
  return count;
}

/* Resolves patterns against dir into files (sorted, unique). Returns NULL
 * or the error ("pattern P: ..."), *bad_pattern set to its index.
 * Unlike go, symbolic links are followed: under Bazel every input file is
 * a symlink into the source tree. */
static char *resolve_embed(const char *dir, const strvec *patterns, strvec *files, size_t *bad_pattern) {
  for (size_t k = 0; k < patterns->n; k++) {
    const char *pattern = patterns->v[k];
    bool all = strncmp(pattern, "all:", 4) == 0;
    const char *pat = all ? pattern + 4 : pattern;
    char *err = NULL;
    *bad_pattern = k;
    if (!valid_embed_pattern(pat)) return xasprintf("pattern %s: invalid pattern syntax", pattern);
    strbuf g = {0};
    for (const char *c = dir; *c; c++) {
      if (strchr("*?[\\", *c)) strbuf_putc(&g, '\\');
      strbuf_putc(&g, *c);
    }
    strbuf_printf(&g, "/%s", pat);
    glob_t gl;
    int rc = glob(g.data, GLOB_PERIOD, NULL, &gl);
    strbuf_free(&g);
    strvec list = {0};
    for (size_t i = 0; rc == 0 && i < gl.gl_pathc && !err; i++) {
      const char *file = gl.gl_pathv[i];
      const char *rel = file + strlen(dir) + 1;
      /* GLOB_PERIOD lets '*' match hidden names as Go's Match does, but
       * also "." and ".." entries, which Go's Glob never sees. */
      char *tmp = path_clean(rel);
      bool dots = strcmp(tmp, rel) != 0;
      free(tmp);
      struct stat st;
      if (dots || stat(file, &st) != 0) continue;
      const char *what = S_ISDIR(st.st_mode) ? "directory" : "file";
      /* every directory from the match up to the package */
      char *cur = xstrdup(file);
      while (strlen(cur) > strlen(dir) + 1 && !err) {
        char *gm = path_join(cur, "go.mod");
        if (is_file(gm))
          err = xasprintf("pattern %s: cannot embed %s %s: in different module", pattern, what, rel);
        free(gm);
        const char *base = strrchr(cur, '/') + 1;
        if (!err && bad_embed_name(base))
          err = strcmp(cur, file) == 0
                    ? xasprintf("pattern %s: cannot embed %s %s: invalid name %s", pattern, what, rel, base)
                    : xasprintf("pattern %s: cannot embed %s %s: in invalid directory %s", pattern, what, rel,
                                base);
        *strrchr(cur, '/') = 0;
      }
      free(cur);
      if (err) break;
      if (S_ISREG(st.st_mode)) {
        strvec_pushdup(&list, rel);
      } else if (S_ISDIR(st.st_mode)) {
        if (embed_walk(file, rel, all, &list) == 0)
          err =
              xasprintf("pattern %s: cannot embed directory %s: contains no embeddable files", pattern, rel);
      } else {
        err = xasprintf("pattern %s: cannot embed irregular file %s", pattern, rel);
      }
    }
    if (rc == 0) globfree(&gl);
    if (!err && list.n == 0) err = xasprintf("pattern %s: no matching files found", pattern);
    for (size_t i = 0; i < list.n; i++)
      strvec_pushdup(files, list.v[i]);
    strvec_free(&list);
    if (err) {
      strvec_free(files);
      return err;
    }
  }
  strvec_sort_uniq(files);
  return NULL;
}

/* ---- loading ---- */

static ld_package *load_import(loader *l, const char *path, ld_package *parent, const char *pos,
                               strvec *stack);
static void compute_deps(ld_package *p);

/* Replaces e's import stack with stack if stack is shorter (go keeps the
 * shortest path to an error). */
static void maybe_shorten_stack(ld_error *e, const strvec *stack) {
  if (!e || stack->n >= e->import_stack.n) return;
  strvec_free(&e->import_stack);
  for (size_t i = 0; i < stack->n; i++)
    strvec_pushdup(&e->import_stack, stack->v[i]);
}

/* go list shows test imports resolved (std's vendored paths rewritten) and
 * re-sorted, without loading them. */
static void resolve_list(loader *l, const ld_package *p, strvec *v) {
  for (size_t i = 0; i < v->n; i++) {
    if (strcmp(v->v[i], "C") == 0) continue;
    resolved r;
    resolve_import(l, v->v[i], p, &r);
    if (r.import_path && strcmp(r.import_path, v->v[i]) != 0) {
      free(v->v[i]);
      v->v[i] = r.import_path;
      r.import_path = NULL;
    }
    resolved_free(&r);
  }
  strvec_sort_uniq(v);
}

/* Fills p (import path, dir, root, module set) from its directory. */
static void load_package(loader *l, ld_package *p, const char *pos, strvec *stack) {
  p->state = 1;
  scan_result sr = {0};
  scan_dir(l, p, &sr);
  if (sr.bad || sr.no_go) {
    /* go's setLoadPackageDataError: "no Go files" and syntax errors are
     * errors of the package itself (it goes on the stack, the position is
     * the syntax error's); other errors are reported at the import. */
    bool own = sr.no_go || sr.bad_pos;
    char *msg;
    if (sr.bad)
      msg = xstrdup(sr.bad);
    else if (p->ignored_go_files.n > 0)
      msg = xasprintf("build constraints exclude all Go files in %s", p->dir);
    else if (p->test_go_files.n + p->xtest_go_files.n > 0)
      msg = xasprintf("no non-test Go files in %s", p->dir);
    else
      msg = xasprintf("no Go files in %s", p->dir);
    if (own) strvec_pushdup(stack, p->import_path);
    p->error = new_error(stack, own ? sr.bad_pos : pos, msg);
    if (own) free(stack->v[--stack->n]);
    p->incomplete = true;
  }

  /* the embed patterns, sorted, with their positions alongside */
  import_set emb = {0};
  for (size_t i = 0; i < p->embed_patterns.n; i++)
    import_set_add(&emb, p->embed_patterns.v[i], p->embed_pattern_pos.v[i]);
  strvec_free(&p->embed_patterns);
  strvec_free(&p->embed_pattern_pos);
  import_set_sorted(&emb, &p->embed_patterns, &p->embed_pattern_pos);
  import_set_free(&emb);
  size_t bad;
  char *eerr = p->dir ? resolve_embed(p->dir, &p->embed_patterns, &p->embed_files, &bad) : NULL;
  if (eerr && !p->error) {
    strvec_pushdup(stack, p->import_path);
    p->error = new_error(stack, p->embed_pattern_pos.v[bad], eerr);
    free(stack->v[--stack->n]);
    p->incomplete = true;
  } else {
    free(eerr);
  }

  strvec raw = {0}, rawpos = {0};
  import_set_sorted(&sr.imports, &raw, &rawpos);
  import_set_sorted(&sr.test_imports, &p->test_imports, NULL);
  import_set_sorted(&sr.xtest_imports, &p->xtest_imports, NULL);
  for (size_t i = 0; i < p->test_imports.n; i++)
    strvec_pushdup(&p->raw_test_imports, p->test_imports.v[i]);
  for (size_t i = 0; i < p->xtest_imports.n; i++)
    strvec_pushdup(&p->raw_xtest_imports, p->xtest_imports.v[i]);
  resolve_list(l, p, &p->test_imports);
  resolve_list(l, p, &p->xtest_imports);

  strvec_pushdup(stack, p->import_path);
  /* p->imported stays empty until all imports are loaded: a cycle back to
   * p must see no imports (go's Internal.Imports == nil). */
  ld_package **imported = xcalloc(raw.n ? raw.n : 1, sizeof *imported);
  size_t nimported = 0;
  for (size_t i = 0; i < raw.n; i++) {
    if (strcmp(raw.v[i], "C") == 0) continue;
    ld_package *q = load_import(l, raw.v[i], p, rawpos.v[i], stack);
    imported[nimported++] = q;
    strvec_pushdup(&p->imports, q->import_path);
    strvec_pushdup(&p->raw_imports, raw.v[i]);
    if (q->incomplete) p->incomplete = true;
  }
  free(stack->v[--stack->n]);
  p->imported = imported;
  p->nimported = nimported;
  compute_deps(p);
  strvec_free(&raw);
  strvec_free(&rawpos);
  scan_result_free(&sr);
  p->state = 2;
}

static bool is_local_path(const char *path) {
  return strcmp(path, ".") == 0 || strcmp(path, "..") == 0 || strncmp(path, "./", 2) == 0 ||
         strncmp(path, "../", 3) == 0;
}

/* A copy of p that carries an importer-specific error (go's `perr := *p`):
 * used for internal-package violations, which are errors of the import, not
 * of the imported package. */
/* A deep copy of p (go's `p1 := *p`), not entered in the package table.
 * The error is not copied: callers set their own. */
static ld_package *copy_package(loader *l, const ld_package *p) {
  ld_package *c = new_package(l, p->import_path, false);
  c->dir = p->dir ? xstrdup(p->dir) : NULL;
  c->name = p->name ? xstrdup(p->name) : NULL;
  c->doc = p->doc ? xstrdup(p->doc) : NULL;
  c->root = p->root ? xstrdup(p->root) : NULL;
  c->for_test = p->for_test ? xstrdup(p->for_test) : NULL;
  c->module = p->module;
  c->goroot = p->goroot;
  c->standard = p->standard;
  c->overlay = p->overlay;
  c->incomplete = p->incomplete;
  c->state = 2;
  strvec *to[LIST_COUNT], *from[LIST_COUNT];
  package_lists(c, to);
  package_lists((ld_package *)p, from);
  for (size_t k = 0; k < LIST_COUNT; k++)
    for (size_t i = 0; i < from[k]->n; i++)
      strvec_pushdup(to[k], from[k]->v[i]);
  c->imported = xcalloc(p->nimported ? p->nimported : 1, sizeof *c->imported);
  memcpy(c->imported, p->imported, p->nimported * sizeof *p->imported);
  c->nimported = p->nimported;
  c->deps_errors = xcalloc(p->ndeps_errors ? p->ndeps_errors : 1, sizeof *c->deps_errors);
  memcpy(c->deps_errors, p->deps_errors, p->ndeps_errors * sizeof *p->deps_errors);
  c->ndeps_errors = p->ndeps_errors;
  return c;
}

/* A copy of p that carries an importer-specific error (go's `perr := *p`):
 * used for internal-package violations, which are errors of the import, not
 * of the imported package. */
static ld_package *error_copy(loader *l, const ld_package *p, ld_error *e) {
  ld_package *c = copy_package(l, p);
  strvec_free(&c->match);
  c->incomplete = true;
  c->error = e;
  return c;
}

/* go's disallowInternal on import paths: a path with an "internal" element
 * may only be imported from within the tree rooted at that element's
 * parent; top-level "internal/..." only from std. */
static bool internal_allowed(const ld_package *parent, const ld_package *p) {
  const char *path = p->import_path;
  const char *cut = NULL;
  if (strncmp(path, "internal/", 9) == 0 || strcmp(path, "internal") == 0) cut = path;
  for (const char *s = path; (s = strstr(s, "/internal")) != NULL; s++)
    if (s[9] == 0 || s[9] == '/') cut = s;
  if (!cut) return true;
  if (!parent) return true;
  if (cut == path) return parent->standard && p->standard;
  size_t n = (size_t)(cut - path);
  return strncmp(parent->import_path, path, n) == 0 &&
         (parent->import_path[n] == 0 || parent->import_path[n] == '/');
}

static ld_package *load_import(loader *l, const char *path, ld_package *parent, const char *pos,
                               strvec *stack) {
  resolved r;
  resolve_import(l, path, parent, &r);
  ld_package *p = lookup(l, r.import_path);
  if (p) {
    if (p->state == 1) {
      /* Reached again while loading: an import cycle. */
      strvec_pushdup(stack, path);
      if (!p->error) p->error = new_error(stack, NULL, xstrdup("import cycle not allowed"));
      free(stack->v[--stack->n]);
      p->incomplete = true;
    } else {
      strvec_pushdup(stack, path);
      if (p->error && strcmp(p->error->err, "import cycle not allowed") != 0)
        maybe_shorten_stack(p->error, stack);
      free(stack->v[--stack->n]);
    }
  } else {
    p = new_package(l, r.import_path, true);
    p->root = r.root && !r.err ? xstrdup(r.root) : NULL;
    p->module = r.err ? NULL : r.module;
    p->standard = r.standard;
    p->goroot = r.standard;
    p->overlay = r.overlay;
    if (r.err) {
      p->error = new_error(stack, pos, xstrdup(r.err));
      p->incomplete = true;
      p->state = 2;
    } else {
      p->dir = xstrdup(r.dir);
      load_package(l, p, pos, stack);
    }
  }
  resolved_free(&r);
  if (parent && !internal_allowed(parent, p)) {
    ld_error *e = new_error(stack, pos, xasprintf("use of internal package %s not allowed", p->import_path));
    e->always_print_stack = true;
    return error_copy(l, p, e);
  }
  if (parent && p->name && strcmp(p->name, "main") == 0 && p->dir && parent->dir &&
      strcmp(p->dir, parent->dir) != 0)
    return error_copy(
        l, p,
        new_error(stack, pos, xasprintf("import \"%s\" is a program, not an importable package", path)));
  if (parent && is_local_path(path))
    return error_copy(l, p,
                      new_error(stack, pos, xasprintf("local import \"%s\" in non-local package", path)));
  return p;
}

/* go's collectDeps: breadth-first over imports, one package per import
 * path, preferring a package that carries an error (with the shorter
 * stack); Deps sorted; DepsErrors in Deps order. Run when p finishes
 * loading, so a package still being loaded (a cycle) contributes no
 * imports, exactly as in go. */
static void compute_deps(ld_package *p) {
  size_t nq = 0, capq = 16, nd = 0;
  ld_package **q = xmalloc(capq * sizeof *q);
  ld_package **dep = NULL; /* one per import path */
  for (size_t i = 0; i < p->nimported; i++) {
    if (nq == capq) q = xrealloc(q, (capq *= 2) * sizeof *q);
    q[nq++] = p->imported[i];
  }
  for (size_t i = 0; i < nq; i++) {
    ld_package *p1 = q[i];
    size_t k = 0;
    while (k < nd && strcmp(dep[k]->import_path, p1->import_path) != 0)
      k++;
    ld_package *p0 = k < nd ? dep[k] : NULL;
    if (p0 && !(p1->error && (!p0->error || p0->error->import_stack.n > p1->error->import_stack.n))) continue;
    if (!p0) {
      dep = xrealloc(dep, (nd + 1) * sizeof *dep);
      nd++;
    }
    dep[k] = p1;
    for (size_t j = 0; j < p1->nimported; j++) {
      ld_package *p2 = p1->imported[j];
      bool same = false;
      for (size_t m = 0; m < nd && !same; m++)
        same = dep[m] == p2;
      if (same) continue;
      if (nq == capq) q = xrealloc(q, (capq *= 2) * sizeof *q);
      q[nq++] = p2;
    }
  }
  for (size_t i = 1; i < nd; i++) /* sort by import path */
    for (size_t j = i; j > 0 && strcmp(dep[j - 1]->import_path, dep[j]->import_path) > 0; j--) {
      ld_package *t = dep[j];
      dep[j] = dep[j - 1];
      dep[j - 1] = t;
    }
  p->deps_errors = xcalloc(nd ? nd : 1, sizeof *p->deps_errors);
  for (size_t i = 0; i < nd; i++) {
    strvec_pushdup(&p->deps, dep[i]->import_path);
    if (dep[i]->error) p->deps_errors[p->ndeps_errors++] = dep[i]->error;
  }
  free(dep);
  free(q);
}

ld_package **ld_package_list(ld_package **roots, size_t nroots, size_t *n) {
  /* Iterative post-order DFS: std's import chains are deep enough that
   * recursion would be fine, but user graphs need not be. */
  size_t cap = 64, out = 0, sp = 0, scap = 64;
  ld_package **list = xmalloc(cap * sizeof *list);
  ld_package **seen = NULL;
  size_t nseen = 0;
  struct frame {
    ld_package *p;
    size_t next;
  } *st = xmalloc(scap * sizeof *st);
  for (size_t r = 0; r < nroots; r++) {
    bool dup = false;
    for (size_t k = 0; k < nseen && !dup; k++)
      dup = seen[k] == roots[r];
    if (dup) continue;
    seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
    seen[nseen++] = roots[r];
    st[sp++] = (struct frame){roots[r], 0};
    while (sp > 0) {
      struct frame *f = &st[sp - 1];
      if (f->next < f->p->nimported) {
        ld_package *d = f->p->imported[f->next++];
        bool s = false;
        for (size_t k = 0; k < nseen && !s; k++)
          s = seen[k] == d;
        if (s) continue;
        seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
        seen[nseen++] = d;
        if (sp == scap) {
          scap *= 2;
          st = xrealloc(st, scap * sizeof *st);
        }
        st[sp++] = (struct frame){d, 0};
        continue;
      }
      if (out == cap) {
        cap *= 2;
        list = xrealloc(list, cap * sizeof *list);
      }
      list[out++] = f->p;
      sp--;
    }
  }
  free(seen);
  free(st);
  *n = out;
  return list;
}

/* ---- patterns ---- */

/* go's pattern matching: "..." matches any string; "x/..." also matches x. */
static bool match_glob(const char *pat, const char *s) {
  if (!*pat) return !*s;
  if (strncmp(pat, "...", 3) == 0) {
    for (const char *t = s;; t++) {
      if (match_glob(pat + 3, t)) return true;
      if (!*t) return false;
    }
  }
  return *s == *pat && match_glob(pat + 1, s + 1);
}

static bool match_pattern(const char *pat, const char *path) {
  if (match_glob(pat, path)) return true;
  size_t n = strlen(pat);
  if (n >= 4 && strcmp(pat + n - 4, "/...") == 0) {
    char *base = xstrndup(pat, n - 4);
    bool ok = strcmp(base, path) == 0;
    free(base);
    return ok;
  }
  return false;
}

typedef struct {
  strvec paths; /* import paths in walk order */
} walk_result;

/* Walks root (import path prefix `prefix`), collecting directories that
 * hold Go files. skip_vendor/skip_modules: module-tree walks stop at vendor
 * directories and nested modules; the std walk keeps vendor. */
static void walk(const char *dir, const char *prefix, bool is_root, bool skip_vendor, bool skip_cmd,
                 strvec *out, strvec *dirs) {
  if (!is_root) {
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    if (base[0] == '.' || base[0] == '_' || strcmp(base, "testdata") == 0) return;
    if (skip_vendor && strcmp(base, "vendor") == 0) return;
    char *gm = path_join(dir, "go.mod");
    bool nested = is_file(gm);
    free(gm);
    if (nested) return;
  }
  if (has_go_files(dir)) {
    strvec_pushdup(out, prefix);
    strvec_pushdup(dirs, dir);
  }
  strvec subs = {0};
  read_dir(dir, true, &subs);
  for (size_t i = 0; i < subs.n; i++) {
    if (is_root && skip_cmd && strcmp(subs.v[i], "cmd") == 0) continue;
    char *d = path_join(dir, subs.v[i]);
    char *pp = *prefix ? xasprintf("%s/%s", prefix, subs.v[i]) : xstrdup(subs.v[i]);
    walk(d, pp, false, skip_vendor, skip_cmd, out, dirs);
    free(d);
    free(pp);
  }
  strvec_free(&subs);
}

/* Whether a directory's package exists for pattern purposes (not a
 * NoGoError): scan it without loading imports. */
static bool dir_has_package(loader *l, const char *import_path, const char *dir) {
  ld_package tmp = {0};
  tmp.import_path = (char *)import_path;
  tmp.dir = (char *)dir;
  scan_result sr = {0};
  scan_dir(l, &tmp, &sr);
  bool ok = !sr.no_go;
  scan_result_free(&sr);
  tmp.import_path = NULL;
  tmp.dir = NULL;
  free(tmp.name);
  free(tmp.doc);
  strvec *lists[LIST_COUNT];
  package_lists(&tmp, lists);
  for (size_t i = 0; i < LIST_COUNT; i++)
    strvec_free(lists[i]);
  return ok;
}

/* Import path of a directory (for "./x" patterns), or NULL. */
static char *dir_import_path(loader *l, const char *dir) {
  char *src = path_join(l->goroot, "src");
  char *res = NULL;
  if (has_path_prefix(dir, src)) {
    res = xstrdup(dir[strlen(src)] ? dir + strlen(src) + 1 : "");
  } else if (l->gorootsrc_real && has_path_prefix(dir, l->gorootsrc_real)) {
    /* cwd is physical; GOROOT may be given through a symlink (Debian's
     * /usr/lib/go-1.19/src -> /usr/share/go-1.19/src) */
    const char *rest = dir + strlen(l->gorootsrc_real);
    res = xstrdup(*rest ? rest + 1 : "");
  } else if (l->modroot && has_path_prefix(dir, l->modroot)) {
    const char *rest = dir + strlen(l->modroot);
    res = *rest ? xasprintf("%s%s", l->main_module->path, rest) : xstrdup(l->main_module->path);
  }
  free(src);
  return res;
}

typedef struct {
  ld_package **v;
  size_t n;
} pkg_list;

static void add_match(pkg_list *out, ld_package *p, const char *pattern) {
  if (!strvec_contains(&p->match, pattern)) strvec_pushdup(&p->match, pattern);
  for (size_t i = 0; i < out->n; i++)
    if (out->v[i] == p) return;
  out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
  out->v[out->n++] = p;
}

static ld_package *load_root(loader *l, const char *path) {
  strvec stack = {0};
  ld_package *p = load_import(l, path, NULL, NULL, &stack);
  strvec_free(&stack);
  return p;
}

static void warn_no_match(const char *pattern) {
  fprintf(stderr, "go: warning: \"%s\" matched no packages\n", pattern);
}

ld_package **ld_load_patterns(loader *l, char **patterns, size_t npatterns, size_t *n) {
  pkg_list out = {0};
  strvec cleaned = {0};
  for (size_t i = 0; i < npatterns; i++) {
    /* go's CleanPatterns: "" is ".", import paths are cleaned lexically
     * ("a/../b" is "b"); directory patterns are cleaned when resolved. */
    const char *raw = patterns[i];
    if (!*raw) {
      raw = ".";
    } else if (!is_local_path(raw) && raw[0] != '/') {
      strvec_push(&cleaned, path_clean(raw));
      raw = cleaned.v[cleaned.n - 1];
    }
    const char *pat = raw;
    if (strcmp(pat, "std") == 0 || strcmp(pat, "cmd") == 0 || strcmp(pat, "all") == 0 ||
        (strstr(pat, "...") && !is_local_path(pat) && pat[0] != '/')) {
      if (strcmp(pat, "all") == 0) {
        ld_package *p = new_package(l, pat, false);
        p->error = new_error(NULL, NULL, xasprintf("rog list: pattern \"%s\" is not supported yet", pat));
        p->incomplete = true;
        p->state = 2;
        add_match(&out, p, pat);
        continue;
      }
      strvec paths = {0}, dirs = {0};
      char *src = path_join(l->goroot, "src");
      /* std is GOROOT/src without cmd; cmd (its own module in GOROOT, with
       * its vendor directory listed like std's) is walked for "cmd" and
       * for "..." patterns that can reach it. */
      if (strcmp(pat, "cmd") != 0) walk(src, "", true, false, true, &paths, &dirs);
      if (strcmp(pat, "std") != 0 &&
          (strcmp(pat, "cmd") == 0 || strncmp(pat, "cmd", 3) == 0 || pat[0] == '.')) {
        char *cmd = path_join(src, "cmd");
        walk(cmd, "cmd", true, false, false, &paths, &dirs);
        free(cmd);
      }
      free(src);
      if (l->modroot && strcmp(pat, "std") != 0)
        walk(l->modroot, l->main_module->path, true, true, false, &paths, &dirs);
      size_t before = out.n;
      for (size_t k = 0; k < paths.n; k++) {
        const char *ip = paths.v[k];
        /* go never matches the documentation-only "builtin" package, nor
         * runtime/cgo when cgo is off. */
        if (strcmp(ip, "builtin") == 0 || (!l->bc.cgo_enabled && strcmp(ip, "runtime/cgo") == 0)) continue;
        if (strcmp(pat, "std") != 0 && strcmp(pat, "cmd") != 0) {
          if (!match_pattern(pat, ip)) continue;
          /* "..." patterns do not match vendored packages unless they say so */
          if (strstr(pat, "vendor") == NULL && (strncmp(ip, "vendor/", 7) == 0 || strstr(ip, "/vendor/")))
            continue;
        }
        if (dir_has_package(l, ip, dirs.v[k])) add_match(&out, load_root(l, ip), pat);
      }
      if (out.n == before) warn_no_match(pat);
      /* go sorts the packages a wildcard (or std/cmd) matched */
      for (size_t a = before + 1; a < out.n; a++)
        for (size_t b = a; b > before && strcmp(out.v[b - 1]->import_path, out.v[b]->import_path) > 0; b--) {
          ld_package *t = out.v[b];
          out.v[b] = out.v[b - 1];
          out.v[b - 1] = t;
        }
      strvec_free(&paths);
      strvec_free(&dirs);
      continue;
    }
    if (has_suffix(pat, ".go")) {
      /* go build x.go y.go: the named files (all in one directory) form
       * the package "command-line-arguments" (go's GoFilesPackage). */
      if (l->cmdline_files.n > 0) continue; /* already made from the first .go argument */
      char *absdir = NULL;
      {
        const char *slash = strrchr(pat, '/');
        char *d = slash ? xasprintf("%.*s", (int)(slash - pat), pat) : xstrdup(".");
        if (!*d) {
          free(d);
          d = xstrdup("/");
        }
        absdir = realpath(d, NULL);
        if (!absdir)
          absdir = d;
        else
          free(d);
      }
      for (size_t k = i; k < npatterns; k++)
        if (has_suffix(patterns[k], ".go")) {
          const char *slash = strrchr(patterns[k], '/');
          strvec_pushdup(&l->cmdline_files, slash ? slash + 1 : patterns[k]);
        }
      ld_package *p = new_package(l, "command-line-arguments", false);
      p->dir = absdir;
      strvec stack = {0};
      load_package(l, p, NULL, &stack);
      strvec_free(&stack);
      add_match(&out, p, pat);
      continue;
    }
    if (is_local_path(pat) || pat[0] == '/') {
      char *abs = pat[0] == '/' ? xstrdup(pat) : path_join(l->cwd, pat);
      char *clean = path_clean(abs);
      free(abs);
      char *ip0 = dir_import_path(l, clean);
      bool placed = ip0 != NULL;
      free(ip0);
      if (!l->modroot && !placed) {
        /* go: outside a module, directory patterns outside GOROOT fail */
        free(clean);
        if (!l->fatal)
          l->fatal =
              xstrdup("go: go.mod file not found in current directory or any parent directory; see 'go "
                      "help modules'");
        continue;
      }
      size_t len = strlen(clean);
      if (len >= 4 && strcmp(clean + len - 4, "/...") == 0) {
        clean[len - 4] = 0;
        char *ip = dir_import_path(l, clean);
        if (!ip) {
          ld_package *p = new_package(l, pat, false);
          p->error = new_error(
              NULL, NULL, xasprintf("directory %s outside main module or its selected dependencies", pat));
          p->incomplete = true;
          p->state = 2;
          add_match(&out, p, pat);
          free(clean);
          continue;
        }
        strvec paths = {0}, dirs = {0};
        walk(clean, ip, true, true, false, &paths, &dirs);
        size_t before = out.n;
        for (size_t k = 0; k < paths.n; k++)
          if (dir_has_package(l, paths.v[k], dirs.v[k])) add_match(&out, load_root(l, paths.v[k]), pat);
        if (out.n == before) warn_no_match(pat);
        strvec_free(&paths);
        strvec_free(&dirs);
        free(ip);
        free(clean);
        continue;
      }
      char *ip = dir_import_path(l, clean);
      if (!is_dir(clean) || !has_go_files(clean)) {
        /* go reports these as pattern errors, named by the pattern */
        ld_package *p = new_package(l, pat, false);
        if (is_dir(clean)) {
          p->dir = xstrdup(clean);
          p->error = new_error(NULL, NULL, xasprintf("no Go files in %s", clean));
        } else {
          p->error = new_error(NULL, NULL, xasprintf("stat %s: directory not found", clean));
        }
        p->incomplete = true;
        p->state = 2;
        add_match(&out, p, pat);
      } else if (!ip) {
        ld_package *p = new_package(l, pat, false);
        p->error = new_error(NULL, NULL,
                             xasprintf("directory %s outside main module or its selected dependencies", pat));
        p->incomplete = true;
        p->state = 2;
        add_match(&out, p, pat);
      } else {
        add_match(&out, load_root(l, ip), pat);
      }
      free(ip);
      free(clean);
      continue;
    }
    add_match(&out, load_root(l, pat), pat);
  }
  strvec_free(&cleaned);
  *n = out.n;
  return out.v;
}

/* ---- test packages (go list -test) ---- */

static void add_imported(ld_package *p, ld_package *q) {
  p->imported = xrealloc(p->imported, (p->nimported + 1) * sizeof *p->imported);
  p->imported[p->nimported++] = q;
}

/* Import path chain from `from` to the package `target` (go's
 * importCycleStack), appended to out. */
static bool import_chain(const ld_package *from, const char *target, strvec *out, int depth) {
  strvec_pushdup(out, from->import_path);
  if (strcmp(from->import_path, target) == 0) return true;
  if (depth < 200)
    for (size_t i = 0; i < from->nimported; i++) {
      if (!strvec_contains(&from->imported[i]->deps, target) &&
          strcmp(from->imported[i]->import_path, target) != 0)
        continue;
      if (import_chain(from->imported[i], target, out, depth + 1)) return true;
    }
  free(out->v[--out->n]);
  return false;
}

/* go's recompileForTest: walking the test binary's packages in post-order,
 * every package that imports a package already split (starting with
 * p -> ptest) is split too. */
static void recompile_for_test(loader *l, ld_package *pmain, ld_package *p, ld_package *ptest,
                               ld_package *pxtest) {
  size_t n;
  ld_package **order = ld_package_list(&pmain, 1, &n);
  ld_package **from = xmalloc((n + 1) * sizeof *from), **to = xmalloc((n + 1) * sizeof *to);
  size_t ncopy = 0;
  from[ncopy] = p;
  to[ncopy++] = ptest;
  for (size_t k = 0; k < n; k++) {
    ld_package *q = order[k];
    if (q == p) continue;
    bool did_split = q == pmain || q == pxtest;
    for (size_t i = 0; i < q->nimported; i++) {
      ld_package *imp = q->imported[i], *cp = NULL;
      for (size_t j = 0; j < ncopy && !cp; j++)
        if (from[j] == imp) cp = to[j];
      if (!cp || cp == imp) continue;
      if (!did_split) {
        did_split = true;
        ld_package *c = copy_package(l, q);
        c->error = NULL;
        free(c->for_test);
        c->for_test = xstrdup(p->import_path);
        from[ncopy] = q;
        to[ncopy++] = c;
        q = c;
      }
      q->imported[i] = cp;
    }
  }
  free(order);
  free(from);
  free(to);
}

void ld_test_packages(loader *l, ld_package *p, ld_test_pkgs *out) {
  strvec stack = {0};
  memset(out, 0, sizeof *out);
  ld_package **imports = xcalloc(p->raw_test_imports.n + 1, sizeof *imports);
  size_t nimports = 0;
  ld_error *ptest_err = NULL;
  strvec_push(&stack, xasprintf("%s (test)", p->import_path));
  for (size_t i = 0; i < p->raw_test_imports.n; i++) {
    if (strcmp(p->raw_test_imports.v[i], "C") == 0) continue;
    ld_package *q = load_import(l, p->raw_test_imports.v[i], p, NULL, &stack);
    if (!ptest_err && (q == p || strvec_contains(&q->deps, p->import_path))) {
      strvec chain = {0};
      import_chain(q, p->import_path, &chain, 0);
      ptest_err = new_error(&chain, NULL, xstrdup("import cycle not allowed in test"));
      strvec_free(&chain);
    }
    imports[nimports++] = q;
  }
  strvec_free(&stack);
  ld_package **ximports = xcalloc(p->raw_xtest_imports.n + 1, sizeof *ximports);
  strvec xresolved = {0};
  size_t nximports = 0;
  bool pxtest_needs_ptest = false;
  strvec_push(&stack, xasprintf("%s_test", p->import_path));
  for (size_t i = 0; i < p->raw_xtest_imports.n; i++) {
    if (strcmp(p->raw_xtest_imports.v[i], "C") == 0) continue;
    ld_package *q = load_import(l, p->raw_xtest_imports.v[i], p, NULL, &stack);
    strvec_pushdup(&xresolved, q->import_path);
    if (q == p)
      pxtest_needs_ptest = true;
    else
      ximports[nximports++] = q;
  }
  strvec_free(&stack);

  /* go resolves test embeds only for test packages */
  size_t bad;
  char *terr = p->dir ? resolve_embed(p->dir, &p->test_embed_patterns, &p->test_embed_files, &bad) : NULL;
  if (terr && !ptest_err) {
    strvec st = {0};
    strvec_push(&st, xasprintf("%s (test)", p->import_path));
    ptest_err = new_error(&st, NULL, terr);
    strvec_free(&st);
  } else {
    free(terr);
  }
  ld_error *pxtest_err = NULL;
  char *xerr = p->dir ? resolve_embed(p->dir, &p->xtest_embed_patterns, &p->xtest_embed_files, &bad) : NULL;
  if (xerr) {
    strvec st = {0};
    strvec_push(&st, xasprintf("%s_test", p->import_path));
    pxtest_err = new_error(&st, NULL, xerr);
    strvec_free(&st);
  }

  ld_package *ptest = p;
  if (p->test_go_files.n > 0 || (p->name && strcmp(p->name, "main") == 0)) {
    ptest = copy_package(l, p);
    ptest->error = ptest_err;
    ptest_err = NULL;
    ptest->for_test = xstrdup(p->import_path);
    for (size_t i = 0; i < p->test_go_files.n; i++)
      strvec_pushdup(&ptest->go_files, p->test_go_files.v[i]);
    for (size_t i = 0; i < p->test_embed_files.n; i++)
      strvec_pushdup(&ptest->embed_files, p->test_embed_files.v[i]);
    strvec_free(&ptest->test_embed_files);
    for (size_t i = 0; i < p->test_embed_files.n; i++)
      strvec_pushdup(&ptest->test_embed_files, p->test_embed_files.v[i]);
    strvec_free(&ptest->imports);
    strvec_free(&ptest->raw_imports);
    for (size_t i = 0; i < nimports; i++)
      strvec_pushdup(&ptest->imports, imports[i]->import_path);
    for (size_t i = 0; i < p->imports.n; i++)
      strvec_pushdup(&ptest->imports, p->imports.v[i]);
    for (size_t i = 0; i < p->raw_test_imports.n; i++)
      if (strcmp(p->raw_test_imports.v[i], "C") != 0)
        strvec_pushdup(&ptest->raw_imports, p->raw_test_imports.v[i]);
    for (size_t i = 0; i < p->raw_imports.n; i++)
      strvec_pushdup(&ptest->raw_imports, p->raw_imports.v[i]);
    free(ptest->imported);
    ptest->imported = xcalloc(nimports + p->nimported + 1, sizeof *ptest->imported);
    ptest->nimported = 0;
    for (size_t i = 0; i < nimports; i++)
      ptest->imported[ptest->nimported++] = imports[i];
    for (size_t i = 0; i < p->nimported; i++)
      ptest->imported[ptest->nimported++] = p->imported[i];
    strvec_free(&ptest->deps);
    free(ptest->deps_errors);
    ptest->deps_errors = NULL;
    ptest->ndeps_errors = 0;
    compute_deps(ptest);
  }
  free_error(ptest_err);

  ld_package *pxtest = NULL;
  if (p->xtest_go_files.n > 0) {
    char *path = xasprintf("%s_test", p->import_path);
    pxtest = new_package(l, path, false);
    free(path);
    pxtest->name = xasprintf("%s_test", p->name ? p->name : "");
    pxtest->root = p->root ? xstrdup(p->root) : NULL;
    pxtest->dir = p->dir ? xstrdup(p->dir) : NULL;
    pxtest->goroot = p->goroot;
    pxtest->module = p->module;
    pxtest->for_test = xstrdup(p->import_path);
    pxtest->state = 2;
    pxtest->error = pxtest_err;
    pxtest_err = NULL;
    for (size_t i = 0; i < p->xtest_embed_files.n; i++)
      strvec_pushdup(&pxtest->embed_files, p->xtest_embed_files.v[i]);
    for (size_t i = 0; i < p->xtest_go_files.n; i++)
      strvec_pushdup(&pxtest->go_files, p->xtest_go_files.v[i]);
    for (size_t i = 0; i < xresolved.n; i++)
      strvec_pushdup(&pxtest->imports, xresolved.v[i]);
    for (size_t i = 0; i < p->raw_xtest_imports.n; i++)
      if (strcmp(p->raw_xtest_imports.v[i], "C") != 0)
        strvec_pushdup(&pxtest->raw_imports, p->raw_xtest_imports.v[i]);
    for (size_t i = 0; i < nximports; i++)
      add_imported(pxtest, ximports[i]);
    if (pxtest_needs_ptest) add_imported(pxtest, ptest);
    compute_deps(pxtest);
  }
  free_error(pxtest_err);

  char *path = xasprintf("%s.test", p->import_path);
  ld_package *pmain = new_package(l, path, false);
  free(path);
  pmain->name = xstrdup("main");
  pmain->dir = p->dir ? xstrdup(p->dir) : NULL;
  pmain->root = p->root ? xstrdup(p->root) : NULL;
  pmain->module = p->module;
  pmain->state = 2;
  /* The generated _testmain.go; go names it by its build-cache path. */
  strvec_pushdup(&pmain->go_files, "_testmain.go");
  /* go's TestMainDeps, then LinkerDeps ("runtime" for cgo-less linux) */
  static const char *const main_deps[] = {"os", "reflect", "testing", "testing/internal/testdeps", "runtime"};
  strvec_push(&stack, xstrdup("testmain"));
  for (size_t i = 0; i < sizeof main_deps / sizeof *main_deps; i++) {
    if (i < 4) strvec_pushdup(&pmain->imports, main_deps[i]);
    if (strcmp(main_deps[i], ptest->import_path) == 0 && ptest != p)
      add_imported(pmain, ptest);
    else
      add_imported(pmain, load_import(l, main_deps[i], NULL, NULL, &stack));
  }
  strvec_free(&stack);
  if (ptest->go_files.n + ptest->cgo_files.n > 0) {
    add_imported(pmain, ptest);
    strvec_pushdup(&pmain->imports, ptest->import_path);
  }
  if (pxtest) {
    add_imported(pmain, pxtest);
    strvec_pushdup(&pmain->imports, pxtest->import_path);
  }
  compute_deps(pmain);
  strvec_sort_uniq(&pmain->imports);
  for (size_t i = 0; i < pmain->imports.n; i++)
    strvec_pushdup(&pmain->raw_imports, pmain->imports.v[i]);
  recompile_for_test(l, pmain, p, ptest, pxtest);
  strvec_free(&xresolved);
  free(imports);
  free(ximports);
  out->pmain = pmain;
  out->ptest = ptest;
  out->pxtest = pxtest;
}

void ld_finish_test_variants(ld_package **all, size_t n) {
  for (size_t i = 0; i < n; i++) {
    ld_package *p = all[i];
    if (!p->for_test) continue;
    char *desc = xasprintf("%s [%s.test]", p->import_path, p->for_test);
    free(p->import_path);
    p->import_path = desc;
  }
  for (size_t i = 0; i < n; i++) {
    ld_package *p = all[i];
    /* Imports hold the pre-rename paths: rename those whose package is a
     * variant (ImportMap, derived from raw_imports, then shows it). */
    for (size_t k = 0; k < p->nimported; k++) {
      ld_package *q = p->imported[k];
      if (!q->for_test) continue;
      size_t oldn = (size_t)(strstr(q->import_path, " [") - q->import_path);
      for (size_t j = 0; j < p->imports.n; j++) {
        if (strlen(p->imports.v[j]) == oldn && strncmp(p->imports.v[j], q->import_path, oldn) == 0) {
          free(p->imports.v[j]);
          p->imports.v[j] = xstrdup(q->import_path);
        }
      }
    }
    strvec deps = {0};
    for (size_t k = 0; k < p->nimported; k++) {
      strvec_pushdup(&deps, p->imported[k]->import_path);
      for (size_t j = 0; j < p->imported[k]->deps.n; j++)
        strvec_pushdup(&deps, p->imported[k]->deps.v[j]);
    }
    strvec_sort_uniq(&deps);
    strvec_free(&p->deps);
    p->deps = deps;
  }
}
