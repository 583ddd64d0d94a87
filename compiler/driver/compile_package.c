/*
 * compile_package.c: `rog tool compile` for one package, the way build
 * systems run it (one action per package, in dependency order):
 *
 *   rog tool compile -p IMPORTPATH [-importcfg CFG] -o OUT.a [-O0..3]
 *       [-passes=LIST] [-d=LIST] [-S] [-lang go1.N] [-complete] [-e] FILE.go...
 *   rog tool compile -stop-after=typecheck -p IMPORTPATH [-importcfg CFG]
 *       [-o OUT] ... FILE.go...
 *
 * Parses the files, type-checks them as package IMPORTPATH with imports
 * read from export data (gc's importcfg: "packagefile path=file",
 * "importmap from=to"; a file is export data or a package archive) and
 * prints errors as "file:line:col: message" on stderr (sorted by position;
 * at most 10 unless -e, as gc). Exit status 2 on any error, 0 otherwise.
 *
 * -stop-after=typecheck writes the export data alone to OUT (if given).
 * Otherwise the package is compiled (codegen.c: lowering, LLVM pipeline,
 * rog's passes, the same steps as `rog build`) and OUT is a package archive
 * like gc's: ar members __.PKGDEF (export data) and _go_.o (the object);
 * -S writes assembly to OUT instead. -lto writes the member _go_.bc
 * (the lowered module as LLVM bitcode, codegen.c) instead of _go_.o, for
 * `rog tool link` to optimize the whole program (lto.c); -O and -passes
 * are then the link's business. Package main is compiled with the
 * symbol prefix "main" whatever -p says, as `rog build` does.
 *
 * Outputs are written to a temporary file next to OUT and renamed, so a
 * failed run never leaves a truncated OUT behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/load.h"
#include "compiler/driver/strvec.h"
#include "compiler/driver/tool_compile.h"
#include "compiler/types/types.h"

typedef struct Err {
  char *file;
  uint32_t line, col;
  char *msg;
  size_t seq;
} Err;

typedef struct Errs {
  Err *v;
  size_t n, cap;
  bool has_hard_syntax;
} Errs;

static void push(Errs *e, const char *file, uint32_t line, uint32_t col, const char *msg) {
  if (e->n == e->cap) {
    e->cap = e->cap ? 2 * e->cap : 16;
    e->v = realloc(e->v, e->cap * sizeof *e->v);
    if (!e->v) abort();
  }
  e->v[e->n] = (Err){strdup(file ? file : ""), line, col, strdup(msg), e->n};
  e->n++;
}

static void on_syn(void *ctx, const SynError *s) {
  Errs *e = ctx;
  if (!s->soft) e->has_hard_syntax = true;
  push(e, s->filename, s->line, s->col, s->msg);
}

static void on_type(void *ctx, const TypesDiag *d) {
  push(ctx, d->filename, d->line, d->col, d->msg);
}

static int cmp_err(const void *a, const void *b) {
  const Err *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* OUT.tmpPID next to out: the name outputs are written under first. */
static char *tmp_name(const char *out, const char *suffix) {
  return xasprintf("%s.tmp%ld%s", out, (long)getpid(), suffix);
}

static int write_output(const char *out, const uint8_t *data, size_t len) {
  char *tmp = tmp_name(out, "");
  FILE *f = fopen(tmp, "wb");
  bool ok = f != NULL;
  if (f) {
    ok = fwrite(data, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
  }
  ok = ok && rename(tmp, out) == 0;
  if (!ok) {
    unlink(tmp);
    fprintf(stderr, "rog tool compile: cannot write %s\n", out);
  }
  free(tmp);
  return ok ? 0 : -1;
}

/* LowerOptions.package_source for tool compile: an imported package's
 * generic bodies from its export data (TypesPackage.generic_src), each
 * parsed as a file of its own (`package P`, the imports of its original
 * file, the declaration) and checked by types_check_bodies against the
 * imported objects. Its imports are resolved through the same importcfg:
 * a body that imports a package the importcfg lacks is not stenciled (a
 * warning; the link then reports the missing instance). */
typedef struct ToolSources {
  TypesCtx *tc;
  TypesExportImporter *im;
  SynArena *arena;
} ToolSources;

typedef struct BodyErr {
  bool any;
  char first[512];
} BodyErr;

static void on_body_syn(void *ctx, const SynError *s) {
  BodyErr *e = ctx;
  if (!e->any) snprintf(e->first, sizeof e->first, "%s:%u:%u: %s", s->filename, s->line, s->col, s->msg);
  e->any = true;
}

static void on_body_type(void *ctx, const TypesDiag *d) {
  BodyErr *e = ctx;
  if (!e->any) snprintf(e->first, sizeof e->first, "%s:%u:%u: %s", d->filename, d->line, d->col, d->msg);
  e->any = true;
}

/* Whether import k of g's file goes into its body's file. The imports are
 * those of the whole original file, and an importcfg lists direct imports
 * only, so one the importer cannot resolve is dropped unless the body
 * names it (`name.` in the text, name the local name or the path's last
 * element): a body that does use a missing package still fails to check. */
static bool body_needs_import(ToolSources *ts, const TypesGenericSource *g, uint32_t k) {
  const char *lit = g->import_paths[k];
  size_t n = strlen(lit);
  if (n < 2) return false;
  char *path = strndup(lit + 1, n - 2); /* the literal's quotes */
  const char *err = NULL;
  bool found = strcmp(path, "unsafe") == 0 || types_export_import(ts->im, ts->tc, path, &err) != NULL;
  const char *name = g->import_names[k][0] ? g->import_names[k]
                     : strrchr(path, '/')  ? strrchr(path, '/') + 1
                                           : path;
  size_t nl = strlen(name);
  bool named = false;
  for (const char *p = g->text; !named && (p = strstr(p, name)) != NULL; p++)
    named =
        p[nl] == '.' && (p == g->text || !(p[-1] == '_' || p[-1] == '.' || (p[-1] >= '0' && p[-1] <= '9') ||
                                           ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z')));
  free(path);
  return found || named;
}

static bool tool_package_source(void *ctx, TypesPackage *pkg, LowerPackageSource *out) {
  ToolSources *ts = ctx;
  uint32_t n = pkg->ngeneric_src;
  if (n == 0) return false;
  SynFile **files = types_alloc(ts->tc, n * sizeof *files);
  Object **fns = types_alloc(ts->tc, n * sizeof *fns);
  BodyErr err = {0};
  for (uint32_t i = 0; i < n; i++) {
    TypesGenericSource *g = &pkg->generic_src[i];
    size_t cap = g->len + strlen(pkg->name) + 64, len = 0;
    for (uint32_t k = 0; k < g->nimports; k++)
      cap += strlen(g->import_names[k]) + strlen(g->import_paths[k]) + 16;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf + len, cap - len, "package %s\n", pkg->name);
    for (uint32_t k = 0; k < g->nimports; k++)
      if (body_needs_import(ts, g, k))
        len +=
            (size_t)snprintf(buf + len, cap - len, "import %s %s\n", g->import_names[k], g->import_paths[k]);
    memcpy(buf + len, g->text, g->len);
    len += g->len;
    char *name = types_alloc(ts->tc, strlen(pkg->path) + 32);
    sprintf(name, "%s/<generic %u>.go", pkg->path, i);
    files[i] = syn_parse_file(ts->arena, name, buf, len, on_body_syn, &err);
    free(buf);
    fns[i] = g->fn;
  }
  TypesInfo *info = types_alloc(ts->tc, sizeof *info);
  TypesCheckedBody *bodies = types_alloc(ts->tc, n * sizeof *bodies);
  if (!err.any) {
    TypesConfig cfg = {0};
    cfg.importer = types_export_import;
    cfg.importer_ctx = ts->im;
    cfg.error = on_body_type;
    cfg.error_ctx = &err;
    types_check_bodies(ts->tc, &cfg, pkg, files, fns, n, info, bodies);
  }
  if (err.any) {
    fprintf(stderr, "rog tool compile: warning: generic bodies of %s not instantiated here: %s\n", pkg->path,
            err.first);
    return false;
  }
  out->info = info;
  out->bodies = bodies;
  out->nbodies = n;
  return true;
}

/* Lowers and emits the package; writes the archive (or assembly) to out. */
static int compile_object(TypesCtx *tc, TypesExportImporter *im, TypesPackage *pkg, SynFile **files,
                          uint32_t nfiles, TypesInfo *info, const char *goarch, int olevel,
                          const RogPassConfig *passes, bool asm_out, bool lto, const char *out,
                          const uint8_t *exp, size_t explen) {
  Codegen cg;
  if (codegen_init(&cg, goarch, olevel) != 0) return -1;
  cg.passes = *passes;
  ToolSources sources = {tc, im, syn_arena_new()};
  cg.package_source = tool_package_source;
  cg.package_source_ctx = &sources;
  cg.emit_bc = lto && !asm_out;
  /* Symbols are prefixed by -p, as gc's: a program's main package is
   * compiled with -p main (main.main), while a package main compiled as a
   * library keeps its import path, so that the test binary of a package
   * main (its internal test package plus the generated main) links
   * without two main.main. */
  char *obj = tmp_name(out, asm_out ? ".s" : cg.emit_bc ? ".bc" : ".o");
  int rc = codegen_package(&cg, tc, pkg, files, nfiles, info, asm_out, obj, NULL);
  codegen_free(&cg);
  if (rc == 0 && asm_out) {
    if (rename(obj, out) != 0) {
      fprintf(stderr, "rog tool compile: cannot write %s\n", out);
      rc = -1;
    }
  } else if (rc == 0) {
    size_t olen;
    char *o = read_file(obj, &olen);
    char *tmp = tmp_name(out, ".a");
    ArMember m[2] = {{"__.PKGDEF", exp, explen}, {lto ? AR_BITCODE_MEMBER : AR_OBJECT_MEMBER, o, olen}};
    if (!o || ar_write(tmp, m, 2) != 0 || rename(tmp, out) != 0) {
      fprintf(stderr, "rog tool compile: cannot write %s\n", out);
      unlink(tmp);
      rc = -1;
    }
    free(o);
    free(tmp);
  }
  unlink(obj);
  free(obj);
  syn_arena_free(sources.arena);
  return rc;
}

static int usage(void) {
  fputs("usage: rog tool compile [-stop-after=typecheck] -p importpath [-importcfg file] -o file "
        "[-O0..3] [-passes=list] [-d=list] [-S] [-lto] [-lang goN.M] [-complete] [-e] file.go...\n",
        stderr);
  return 2;
}

/* Value of a flag given as "-f v" or "-f=v"; advances *i. */
static const char *flag_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] == 0 && *i + 1 < argc) return argv[++*i];
  return NULL;
}

int driver_compile_package(int argc, char **argv) {
  const char *pkgpath = NULL, *importcfg = NULL, *out = NULL, *lang = NULL, *v;
  bool complete = false, all_errors = false, typecheck_only = false, asm_out = false, lto = false;
  int olevel = 2;
  RogPassConfig passes = rog_pass_config_default();
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || a[1] == 0) break;
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "-pack") == 0 || strcmp(a, "-std") == 0) continue;
    if (strcmp(a, "-stop-after=typecheck") == 0)
      typecheck_only = true;
    else if (strlen(a) == 3 && a[1] == 'O' && a[2] >= '0' && a[2] <= '3')
      olevel = a[2] - '0';
    else if (strcmp(a, "-S") == 0)
      asm_out = true;
    else if (strcmp(a, "-lto") == 0)
      lto = true;
    else if (strncmp(a, "-passes=", 8) == 0 || strncmp(a, "-d=", 3) == 0) {
      bool p = a[1] == 'p';
      const char *list = a + (p ? 8 : 3), *bad;
      size_t bad_len;
      unsigned *bits = p ? &passes.enabled : &passes.remarks;
      if (strcmp(list, "none") == 0)
        *bits = 0;
      else if (rog_pass_parse_list(list, bits, &bad, &bad_len) != 0) {
        fprintf(stderr, "rog tool compile: %.*s: unknown pass \"%.*s\"\n", p ? 7 : 2, a, (int)bad_len, bad);
        return 2;
      }
    } else if (strcmp(a, "-complete") == 0)
      complete = true;
    else if (strcmp(a, "-e") == 0)
      all_errors = true;
    else if ((v = flag_value(argc, argv, &i, "-p")))
      pkgpath = v;
    else if ((v = flag_value(argc, argv, &i, "-importcfg")))
      importcfg = v;
    else if ((v = flag_value(argc, argv, &i, "-o")))
      out = v;
    else if ((v = flag_value(argc, argv, &i, "-lang")))
      lang = v;
    else if (flag_value(argc, argv, &i, "-trimpath") || flag_value(argc, argv, &i, "-buildid"))
      continue;
    else {
      fprintf(stderr, "flag provided but not defined: %s\n", a);
      return usage();
    }
  }
  if (i >= argc || !pkgpath || (!typecheck_only && !out)) return usage();
  const char *goarch = NULL;
  if (!typecheck_only && !(goarch = ld_env_goarch("tool compile"))) return 2;

  TypesExportImporter im = {0};
  if (importcfg) {
    char *err = NULL;
    if (types_export_importer_read_importcfg(&im, importcfg, &err) != 0) {
      fprintf(stderr, "%s: %s\n", importcfg, err);
      free(err);
      types_export_importer_free(&im);
      return 2;
    }
  }
  Errs errs = {0};
  SynArena *arena = syn_arena_new();
  int nfiles = argc - i;
  SynFile **files = calloc((size_t)nfiles, sizeof *files);
  int nf = 0;
  for (; i < argc; i++) {
    size_t len;
    char *buf = read_file(argv[i], &len);
    if (!buf) {
      char msg[512];
      snprintf(msg, sizeof msg, "open %s: no such file or directory", argv[i]);
      push(&errs, NULL, 0, 0, msg);
      errs.has_hard_syntax = true;
      continue;
    }
    files[nf++] = syn_parse_file(arena, argv[i], buf, len, on_syn, &errs);
    free(buf);
  }
  TypesCtx *tc = types_ctx_new();
  TypesPackage *pkg = NULL;
  TypesInfo *info = NULL;
  if (!errs.has_hard_syntax) {
    TypesConfig cfg = {0};
    cfg.importer = types_export_import;
    cfg.importer_ctx = &im;
    cfg.error = on_type;
    cfg.error_ctx = &errs;
    cfg.complete = complete;
    if (lang && strncmp(lang, "go1.", 4) == 0) cfg.lang_version = 100 + atoi(lang + 4);
    int nerr = 0;
    if (!typecheck_only) info = types_alloc(tc, sizeof *info);
    pkg = types_check_package(tc, &cfg, pkgpath, files, (uint32_t)nf, info, &nerr);
  } else {
    /* as gc: soft (type-checker) errors found by the parser are dropped
     * when there are syntax errors */
  }
  int status = errs.n ? 2 : 0;
  if (errs.n > 1) qsort(errs.v, errs.n, sizeof *errs.v, cmp_err);
  size_t shown = 0;
  for (size_t k = 0; k < errs.n; k++) {
    Err *e = &errs.v[k];
    if (!all_errors && shown == 10) {
      fprintf(stderr, "%s:%u:%u: too many errors\n", e->file, e->line, e->col);
      break;
    }
    if (!e->file[0])
      fprintf(stderr, "%s\n", e->msg);
    else if (e->col)
      fprintf(stderr, "%s:%u:%u: %s\n", e->file, e->line, e->col, e->msg);
    else
      fprintf(stderr, "%s:%u: %s\n", e->file, e->line, e->msg);
    shown++;
  }
  if (status == 0 && out && pkg) {
    uint8_t *data = NULL;
    size_t len = 0;
    if (!asm_out && types_export_write(tc, pkg, &data, &len) != 0) {
      fprintf(stderr, "rog tool compile: cannot encode export data\n");
      status = 2;
    } else if (typecheck_only) {
      if (write_output(out, data, len) != 0) status = 2;
    } else if (compile_object(tc, &im, pkg, files, (uint32_t)nf, info, goarch, olevel, &passes, asm_out, lto,
                              out, data, len) != 0) {
      status = 2;
    }
    free(data);
  }
  for (size_t k = 0; k < errs.n; k++) {
    free(errs.v[k].file);
    free(errs.v[k].msg);
  }
  free(errs.v);
  types_ctx_free(tc);
  types_export_importer_free(&im);
  free(files);
  syn_arena_free(arena);
  return status;
}
