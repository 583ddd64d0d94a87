/*
 * tool_compile.c: `rog tool compile [-e] [-stop-after=parse] [-d=ast] FILE...`
 *
 * Parses every file (one arena per file, freed after the file is done
 * unless -d=ast printed it) and reports errors the way gc does:
 *   - "file:line:col: message" (no column when a //line directive made it
 *     unknown), on stderr;
 *   - only the first syntax error per line is kept (gc's base.ErrorfAt);
 *   - errors gc would report from its type checker (SynError.soft) are
 *     dropped when there are syntax errors, as gc stops after parsing then;
 *   - all files are parsed, then the errors are sorted by position and
 *     printed; after 10, "file:line:col: too many errors", unless -e;
 *   - exit status 2 on any error (gc's base.ErrorExit), 0 otherwise.
 * Everything but -stop-after=parse is compile_package.c (checking against
 * export data, writing export data or a package archive).
 * Flags gc accepts that only matter to later phases (-p, -o, -importcfg,
 * -trimpath, -lang, -pack, -complete, -std) are accepted and ignored.
 * gc's compile binary prints its errors on stdout; rog uses stderr, as the
 * driver's other commands do. The exit status (2) matches gc's.
 * driver_tool_compile (driver.h) is the entry main.c dispatches to.
 */
#include "compiler/driver/tool_compile.h"

#include "compiler/driver/driver.h"
#include "compiler/driver/strvec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/syntax/syntax.h"

typedef struct Msg {
  char *filename;
  uint32_t line, col;
  char *msg;
  bool soft;
  uint32_t file; /* index of the file on the command line */
  uint32_t off;  /* physical byte offset in it */
  size_t seq;    /* order found, for a stable sort */
} Msg;

typedef struct Diag {
  Msg *v;
  size_t len, cap;
  bool all_errors; /* -e */
  uint32_t file;   /* index of the file being parsed */
  char last_file[512];
  uint32_t last_line;
} Diag;

/* The error sink: keeps the first syntax error of each line (gc's rule,
 * applied in the order errors are found), in found order. */
static void report(void *ctx, const SynError *e) {
  Diag *d = ctx;
  bool syntax = strncmp(e->msg, "syntax error", 12) == 0;
  if (syntax && e->line == d->last_line && strcmp(e->filename, d->last_file) == 0) return;
  if (syntax) {
    snprintf(d->last_file, sizeof d->last_file, "%s", e->filename);
    d->last_line = e->line;
  }
  if (d->len == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 64;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) {
      fputs("rog: out of memory\n", stderr);
      abort();
    }
  }
  Msg *m = &d->v[d->len];
  m->filename = strdup(e->filename);
  m->line = e->line;
  m->col = e->col;
  m->msg = strdup(e->msg);
  m->soft = e->soft;
  m->file = d->file;
  m->off = e->pos.off;
  m->seq = d->len++;
}

/* gc sorts by position in the source as read (//line directives do not
 * reorder errors): file, then byte offset, then order found. */
static int by_pos(const void *a, const void *b) {
  const Msg *x = a, *y = b;
  if (x->file != y->file) return x->file < y->file ? -1 : 1;
  if (x->off != y->off) return x->off < y->off ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_pos(const Msg *m) {
  if (m->col)
    fprintf(stderr, "%s:%u:%u: ", m->filename, m->line, m->col);
  else
    fprintf(stderr, "%s:%u: ", m->filename, m->line);
}

/* Prints the errors like gc's FlushErrors: soft (type-checker) errors only
 * if there is no syntax error, sorted by position, exact duplicates once,
 * at most 10 then "too many errors" unless -e. Returns the count printed. */
static size_t flush(Diag *d) {
  bool hard = false;
  for (size_t i = 0; i < d->len; i++)
    hard |= !d->v[i].soft;
  size_t n = 0;
  for (size_t i = 0; i < d->len; i++)
    if (!(hard && d->v[i].soft))
      d->v[n++] = d->v[i];
    else {
      free(d->v[i].filename);
      free(d->v[i].msg);
    }
  d->len = n;
  if (d->len > 1) /* qsort's array may not be NULL, even when empty */
    qsort(d->v, d->len, sizeof *d->v, by_pos);
  size_t printed = 0;
  for (size_t i = 0; i < d->len; i++) {
    Msg *m = &d->v[i];
    const Msg *prev = i > 0 ? &d->v[i - 1] : NULL;
    if (prev && m->line == prev->line && m->col == prev->col && strcmp(m->msg, prev->msg) == 0 &&
        strcmp(m->filename, prev->filename) == 0)
      continue;
    print_pos(m);
    fprintf(stderr, "%s\n", m->msg);
    printed++;
    if (printed >= 10 && !d->all_errors) {
      print_pos(m);
      fputs("too many errors\n", stderr);
      break;
    }
  }
  for (size_t i = 0; i < d->len; i++) {
    free(d->v[i].filename);
    free(d->v[i].msg);
  }
  free(d->v);
  return printed;
}

static int usage(void) {
  fputs("usage: rog tool compile [-e] [-stop-after=parse] [-d=ast] file.go...\n", stderr);
  return 2;
}

static bool takes_value(const char *flag) {
  static const char *const with_value[] = {"-p",       "-o",       "-importcfg", "-trimpath",
                                           "-lang",    "-buildid", "-embedcfg",  "-asmhdr",
                                           "-symabis", "-D",       "-I",         "-c"};
  for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
    if (strcmp(flag, with_value[i]) == 0) return true;
  return false;
}

int rog_tool_compile(int argc, char **argv) {
  bool parse_only = false;
  for (int k = 1; k < argc; k++)
    if (strcmp(argv[k], "-stop-after=parse") == 0 ||
        (strcmp(argv[k], "-stop-after") == 0 && k + 1 < argc && strcmp(argv[k + 1], "parse") == 0))
      parse_only = true;
  if (!parse_only) return driver_compile_package(argc, argv);
  Diag d;
  memset(&d, 0, sizeof d);
  bool stop_after_parse = false, dump_ast = false;
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || a[1] == 0) break;
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "-e") == 0)
      d.all_errors = true;
    else if (strcmp(a, "-stop-after=parse") == 0)
      stop_after_parse = true;
    else if (strcmp(a, "-stop-after") == 0 && i + 1 < argc && strcmp(argv[i + 1], "parse") == 0)
      stop_after_parse = true, i++;
    else if (strcmp(a, "-d=ast") == 0)
      dump_ast = true;
    else if (strcmp(a, "-pack") == 0 || strcmp(a, "-complete") == 0 || strcmp(a, "-std") == 0)
      ;
    else if (takes_value(a) && i + 1 < argc)
      i++;
    else if (strchr(a, '=') &&
             (strncmp(a, "-p=", 3) == 0 || strncmp(a, "-o=", 3) == 0 || strncmp(a, "-importcfg=", 11) == 0 ||
              strncmp(a, "-trimpath=", 10) == 0 || strncmp(a, "-lang=", 6) == 0))
      ;
    else {
      fprintf(stderr, "flag provided but not defined: %s\n", a);
      return usage();
    }
  }
  if (!stop_after_parse) {
    fputs("rog tool compile: only -stop-after=parse is implemented yet\n", stderr);
    return 2;
  }
  if (i >= argc) return usage();
  int status = 0;
  for (; i < argc; i++) {
    size_t len = 0;
    char *buf = read_file(argv[i], &len);
    if (!buf) {
      fprintf(stderr, "open %s: %s\n", argv[i], strerror(errno ? errno : EIO));
      status = 2;
      continue;
    }
    SynArena *a = syn_arena_new();
    SynFile *f = syn_parse_file(a, argv[i], buf, len, report, &d);
    d.file++;
    free(buf);
    if (f->nerrors)
      status = 2;
    else if (dump_ast)
      syn_dump_file(stdout, f);
    syn_arena_free(a);
  }
  if (flush(&d)) status = 2;
  fflush(stdout);
  return status;
}

int driver_tool_compile(int argc, char **argv) {
  return rog_tool_compile(argc, argv);
}
