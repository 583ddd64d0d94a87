/*
 * errorcheck.c: the `// errorcheck` tests of Go's test/syntax directory,
 * run against rog's parser.
 *
 *   errorcheck [-v] FILE_OR_DIR...
 *
 * A directory stands for the *.go files directly in it (sorted).
 * For each file whose first line is "// errorcheck", every line carrying an
 * `// ERROR "regexp"` comment must receive at least one diagnostic from
 * syn_parse_file on that line (after //line resolution). The regexps
 * themselves are printed next to rog's message for comparison but not
 * matched (rog words its messages like gc, but the acceptance criterion is
 * the line). Files without an errorcheck header are skipped. Exit 1 if any
 * ERROR line got no diagnostic.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler/syntax/syntax.h"

#define MAXL 100000

static unsigned char *hits;
static int verbose;

static void on_error(void *ctx, const SynError *e) {
  (void)ctx;
  if (e->line < MAXL) hits[e->line] = 1;
  if (verbose) printf("    rog: %s:%u:%u: %s\n", e->filename, e->line, e->col, e->msg);
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
  int failed = 0, files = 0, checked = 0;
  hits = calloc(MAXL, 1);
  /* expand directories */
  char **paths = NULL;
  size_t npaths = 0, cap = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0) {
      verbose = 1;
      continue;
    }
    struct stat st;
    DIR *d = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? opendir(argv[i]) : NULL;
    size_t first = npaths;
    struct dirent *e;
    do {
      char *path;
      if (d) {
        e = readdir(d);
        if (!e) break;
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".go") != 0) continue;
        path = malloc(strlen(argv[i]) + n + 2);
        sprintf(path, "%s/%s", argv[i], e->d_name);
      } else {
        path = strdup(argv[i]);
      }
      if (npaths == cap) {
        cap = cap ? cap * 2 : 64;
        paths = realloc(paths, cap * sizeof *paths);
      }
      paths[npaths++] = path;
    } while (d);
    if (d) {
      closedir(d);
      qsort(paths + first, npaths - first, sizeof *paths, cmp);
    }
  }
  for (size_t i = 0; i < npaths; i++) {
    FILE *f = fopen(paths[i], "rb");
    if (!f) {
      perror(paths[i]);
      return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
      fprintf(stderr, "cannot read %s\n", paths[i]);
      return 2;
    }
    fclose(f);
    buf[n] = 0;
    if (strncmp(buf, "// errorcheck", 13) != 0) {
      free(buf);
      continue;
    }
    files++;
    memset(hits, 0, MAXL);
    if (verbose) printf("%s\n", paths[i]);
    SynArena *a = syn_arena_new();
    syn_parse_file(a, paths[i], buf, (size_t)n, on_error, NULL);
    syn_arena_free(a);
    unsigned line = 1;
    for (char *p = buf; *p;) {
      char *eol = strchr(p, '\n');
      size_t len = eol ? (size_t)(eol - p) : strlen(p);
      char *err = memmem(p, len, "// ERROR", 8);
      if (err) {
        checked++;
        if (line >= MAXL || !hits[line]) {
          printf("FAIL %s:%u: no error reported; want %.*s\n", paths[i], line, (int)(len - (size_t)(err - p)),
                 err);
          failed++;
        }
      }
      if (!eol) break;
      p = eol + 1;
      line++;
    }
    free(buf);
  }
  for (size_t i = 0; i < npaths; i++)
    free(paths[i]);
  free(paths);
  free(hits);
  if (files == 0) {
    printf("errorcheck: no errorcheck files found\n");
    return 1;
  }
  printf("errorcheck: %d files, %d ERROR lines, %d without a diagnostic\n", files, checked, failed);
  return failed ? 1 : 0;
}
