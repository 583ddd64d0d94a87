/*
 * list.c: `rog list`, the go command's `go list` for packages.
 *
 *   rog list [-e] [-json] [-deps] [-test] [-tags t1,t2] [-goroot DIR] [packages]
 *
 * Loads the packages (load.c) and prints their import paths, or with -json
 * the fields load.c computes, in go list's JSON field order
 * (cmd/go/internal/load.PackagePublic). Environment: GOROOT (default
 * /usr/share/go-1.19; -goroot overrides), GOARCH (amd64 or arm64, default
 * the host), GOOS (linux only), GOFLAGS (-mod=mod / -mod=vendor),
 * GOMODCACHE/GOPATH (module cache, read only: rog never downloads).
 * CGO_ENABLED is not read: rog has no cgo, so listing is always done as
 * with CGO_ENABLED=0 (files importing "C" are ignored).
 *
 * Error handling mirrors go list: without -e, an error on a listed package
 * is printed to stderr, the package is dropped and the exit status is 1;
 * with -e errors are data (the Error and DepsErrors fields) and the exit
 * status is 0.
 *
 * -test adds the test packages go list reports ("p.test", "p [p.test]",
 * "p_test [p.test]" and the recompiled dependencies "q [p.test]"); the test
 * main's GoFiles is "_testmain.go" where go names a build-cache file.
 *
 * Patterns: std, cmd, import paths, import-path patterns with "...",
 * directories (".", "./x", "./...", absolute). Not supported (each rejected
 * with an error, never ignored): -f templates, -m, -export, -compiled,
 * -find, .go file arguments and the `all` pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/driver/driver.h"
#include "compiler/driver/json.h"
#include "compiler/driver/load.h"

#define DEFAULT_GOROOT "/usr/share/go-1.19"

static void list_usage(void) {
  fputs("usage: rog list [-e] [-json] [-deps] [-test] [-tags tag,list] [-goroot dir] [packages]\n", stderr);
}

static void write_error(json_writer *w, const ld_error *e) {
  json_begin_object(w);
  json_key(w, "ImportStack");
  json_begin_array(w);
  for (size_t i = 0; i < e->import_stack.n; i++)
    json_string(w, e->import_stack.v[i]);
  json_end_array(w);
  json_key(w, "Pos");
  json_string(w, e->pos ? e->pos : "");
  json_key(w, "Err");
  json_string(w, e->err);
  json_end_object(w);
}

static void write_module(json_writer *w, const ld_module *m) {
  json_begin_object(w);
  json_string_field(w, "Path", m->path);
  json_string_field(w, "Version", m->version);
  if (m->replace_path) {
    json_key(w, "Replace");
    json_begin_object(w);
    json_string_field(w, "Path", m->replace_path);
    json_string_field(w, "Version", m->replace_version);
    json_string_field(w, "Dir", m->dir);
    json_string_field(w, "GoMod", m->gomod);
    json_string_field(w, "GoVersion", m->go_version);
    json_end_object(w);
  }
  json_bool_field(w, "Main", m->main);
  json_string_field(w, "Dir", m->dir);
  json_string_field(w, "GoMod", m->gomod);
  json_string_field(w, "GoVersion", m->go_version);
  json_end_object(w);
}

static void write_package(strbuf *out, const ld_package *p) {
  json_writer w;
  json_init(&w, out);
  json_begin_object(&w);
  json_string_field(&w, "Dir", p->dir);
  json_string_field(&w, "ImportPath", p->import_path);
  json_string_field(&w, "Name", p->name);
  json_string_field(&w, "Doc", p->doc);
  json_string_field(&w, "Root", p->root);
  json_string_field(&w, "ForTest", p->for_test);
  if (p->module) {
    json_key(&w, "Module");
    write_module(&w, p->module);
  }
  json_string_list_field(&w, "Match", &p->match);
  json_bool_field(&w, "Goroot", p->goroot);
  json_bool_field(&w, "Standard", p->standard);
  json_bool_field(&w, "DepOnly", p->dep_only);
  json_bool_field(&w, "Incomplete", p->incomplete);
  json_string_list_field(&w, "GoFiles", &p->go_files);
  json_string_list_field(&w, "CgoFiles", &p->cgo_files);
  json_string_list_field(&w, "IgnoredGoFiles", &p->ignored_go_files);
  json_string_list_field(&w, "InvalidGoFiles", &p->invalid_go_files);
  json_string_list_field(&w, "IgnoredOtherFiles", &p->ignored_other_files);
  json_string_list_field(&w, "CFiles", &p->c_files);
  json_string_list_field(&w, "CXXFiles", &p->cxx_files);
  json_string_list_field(&w, "MFiles", &p->m_files);
  json_string_list_field(&w, "HFiles", &p->h_files);
  json_string_list_field(&w, "FFiles", &p->f_files);
  json_string_list_field(&w, "SFiles", &p->s_files);
  json_string_list_field(&w, "SwigFiles", &p->swig_files);
  json_string_list_field(&w, "SwigCXXFiles", &p->swigcxx_files);
  json_string_list_field(&w, "SysoFiles", &p->syso_files);
  json_string_list_field(&w, "EmbedPatterns", &p->embed_patterns);
  json_string_list_field(&w, "EmbedFiles", &p->embed_files);
  json_string_list_field(&w, "Imports", &p->imports);
  /* ImportMap: source path -> resolved path where they differ; encoding/json
   * prints map keys sorted and once. */
  strvec keys = {0};
  for (size_t i = 0; i < p->raw_imports.n && i < p->imports.n; i++)
    if (strcmp(p->raw_imports.v[i], p->imports.v[i]) != 0) strvec_pushdup(&keys, p->raw_imports.v[i]);
  strvec_sort_uniq(&keys);
  if (keys.n) {
    json_key(&w, "ImportMap");
    json_begin_object(&w);
    for (size_t k = 0; k < keys.n; k++) {
      const char *to = NULL;
      for (size_t i = 0; i < p->raw_imports.n && i < p->imports.n; i++)
        if (strcmp(p->raw_imports.v[i], keys.v[k]) == 0) to = p->imports.v[i];
      json_key(&w, keys.v[k]);
      json_string(&w, to);
    }
    json_end_object(&w);
  }
  strvec_free(&keys);
  json_string_list_field(&w, "Deps", &p->deps);
  if (p->error) {
    json_key(&w, "Error");
    write_error(&w, p->error);
  }
  if (p->ndeps_errors) {
    json_key(&w, "DepsErrors");
    json_begin_array(&w);
    for (size_t i = 0; i < p->ndeps_errors; i++)
      write_error(&w, p->deps_errors[i]);
    json_end_array(&w);
  }
  json_string_list_field(&w, "TestGoFiles", &p->test_go_files);
  json_string_list_field(&w, "TestImports", &p->test_imports);
  json_string_list_field(&w, "TestEmbedPatterns", &p->test_embed_patterns);
  json_string_list_field(&w, "TestEmbedFiles", &p->test_embed_files);
  json_string_list_field(&w, "XTestGoFiles", &p->xtest_go_files);
  json_string_list_field(&w, "XTestImports", &p->xtest_imports);
  json_string_list_field(&w, "XTestEmbedPatterns", &p->xtest_embed_patterns);
  json_string_list_field(&w, "XTestEmbedFiles", &p->xtest_embed_files);
  json_end_object(&w);
  strbuf_putc(out, '\n');
}

int driver_list(int argc, char **argv) {
  bool json = false, deps = false, keep_errors = false, test = false;
  const char *goroot = getenv("GOROOT");
  if (!goroot || !*goroot) goroot = DEFAULT_GOROOT;
  const char *tags = NULL;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || strcmp(a, "-") == 0) break;
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (a[1] == '-') a++; /* --flag == -flag, as Go's flag package allows */
    if (strcmp(a, "-json") == 0) {
      json = true;
    } else if (strcmp(a, "-deps") == 0) {
      deps = true;
    } else if (strcmp(a, "-test") == 0) {
      test = true;
    } else if (strcmp(a, "-e") == 0) {
      keep_errors = true;
    } else if (strcmp(a, "-goroot") == 0 || strcmp(a, "-tags") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr, "flag needs an argument: %s\n", a);
        list_usage();
        return 2;
      }
      if (a[1] == 'g')
        goroot = argv[++i];
      else
        tags = argv[++i];
    } else if (strncmp(a, "-goroot=", 8) == 0) {
      goroot = a + 8;
    } else if (strncmp(a, "-tags=", 6) == 0) {
      tags = a + 6;
    } else if (strcmp(a, "-f") == 0 || strncmp(a, "-f=", 3) == 0 || strcmp(a, "-m") == 0 ||
               strcmp(a, "-export") == 0 || strcmp(a, "-compiled") == 0 || strcmp(a, "-find") == 0 ||
               strncmp(a, "-json=", 6) == 0) {
      fprintf(stderr, "rog list: flag %s is not supported yet\n", a);
      return 2;
    } else {
      fprintf(stderr, "flag provided but not defined: %s\n", a);
      list_usage();
      return 2;
    }
  }

  const char *goarch = ld_env_goarch("list");
  if (!goarch) return 2;

  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) {
    perror("rog list: getcwd");
    return 1;
  }
  loader l;
  if (ld_init(&l, goroot, goarch, cwd) != 0) {
    fprintf(stderr, "%s\n", l.fatal);
    ld_free(&l);
    return 1;
  }
  if (tags) bc_add_tags(&l.bc, tags);

  char *dot[] = {"."};
  char **patterns = i < argc ? argv + i : dot;
  size_t npatterns = i < argc ? (size_t)(argc - i) : 1;
  size_t n;
  ld_package **pkgs = ld_load_patterns(&l, patterns, npatterns, &n);
  if (l.fatal) {
    fprintf(stderr, "%s\n", l.fatal);
    free(pkgs);
    ld_free(&l);
    return 1;
  }

  int status = 0;
  if (!keep_errors) {
    size_t w = 0;
    for (size_t k = 0; k < n; k++) {
      if (pkgs[k]->error) {
        char *s = ld_error_string(pkgs[k]->error);
        fprintf(stderr, "%s\n", s);
        free(s);
        status = 1;
        continue;
      }
      pkgs[w++] = pkgs[k];
    }
    n = w;
  }
  if (status != 0) goto done; /* go exits before listing anything */
  if (test) {
    /* Test packages follow all named packages, per package: p.test, then
     * p [p.test] and p_test [p.test] (go list -test). */
    size_t n0 = n;
    for (size_t k = 0; k < n0; k++) {
      ld_package *p = pkgs[k];
      if (p->test_go_files.n + p->xtest_go_files.n == 0) continue;
      ld_test_pkgs t;
      ld_test_packages(&l, p, &t);
      ld_package *three[3] = {t.pmain, t.ptest != p ? t.ptest : NULL, t.pxtest};
      const ld_error *err = NULL;
      for (int j = 0; j < 3 && !err; j++)
        if (three[j] && three[j]->error) err = three[j]->error;
      for (int j = 0; j < 3 && !err; j++)
        if (three[j] && three[j]->ndeps_errors) err = three[j]->deps_errors[0];
      if (err && !keep_errors) {
        char *s = ld_error_string(err);
        fprintf(stderr, "can't load test package: %s\n", s);
        free(s);
        status = 1;
        for (int j = 0; j < 3; j++)
          if (three[j] && (three[j]->error || three[j]->ndeps_errors)) three[j] = NULL;
      }
      pkgs = realloc(pkgs, (n + 3) * sizeof *pkgs);
      for (int j = 0; j < 3; j++)
        if (three[j]) pkgs[n++] = three[j];
    }
  }
  {
    ld_package **list = pkgs;
    size_t nlist = n;
    if (deps) {
      list = ld_package_list(pkgs, n, &nlist);
      for (size_t k = 0; k < nlist; k++) {
        bool cmdline = false;
        for (size_t j = 0; j < n && !cmdline; j++)
          cmdline = pkgs[j] == list[k];
        list[k]->dep_only = !cmdline;
        if (!keep_errors && list[k]->error) {
          char *s = ld_error_string(list[k]->error);
          fprintf(stderr, "%s\n", s);
          free(s);
          status = 1;
        }
      }
    }
    if (test) {
      size_t nall = nlist;
      ld_package **all = deps ? list : ld_package_list(pkgs, n, &nall);
      ld_finish_test_variants(all, nall);
      if (all != list) free(all);
    }
    strbuf out = {0};
    for (size_t k = 0; k < nlist; k++) {
      if (json) {
        write_package(&out, list[k]);
      } else {
        strbuf_puts(&out, list[k]->import_path);
        strbuf_putc(&out, '\n');
      }
      if (out.len > 1 << 16) {
        fwrite(out.data, 1, out.len, stdout);
        out.len = 0;
      }
    }
    if (out.len) fwrite(out.data, 1, out.len, stdout);
    strbuf_free(&out);
    if (list != pkgs) free(list);
  }
done:
  free(pkgs);
  ld_free(&l);
  if (fflush(stdout) != 0) status = 1;
  return status;
}
