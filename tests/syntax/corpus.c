/*
 * corpus.c: checks rog's parser against Go's own verdicts on the whole Go
 * 1.19 tree.
 *
 *   corpus GOROOT EXPECTED DISAGREEMENTS [-v]
 *
 * EXPECTED (expected_verdicts.txt, produced by gen_expected.sh from
 * `gofmt -e -l`) has lines "ok PATH" / "err PATH" with PATH relative to
 * GOROOT. Each file is parsed with syn_parse_file; rog's verdict is "err" if
 * any error was reported. DISAGREEMENTS (disagreements.txt) lists the files
 * where rog knowingly differs from gofmt, one "PATH  reason" per line
 * ('#' comments allowed). Exit status: 0 if every disagreement is listed and
 * every listed file really disagrees, 1 otherwise (with the offending files
 * printed, and with -v the first error rog reported for each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/syntax/syntax.h"

typedef struct {
  char first[600];
  int n;
} Errs;

static void on_error(void *ctx, const SynError *e) {
  Errs *er = ctx;
  if (er->n++ == 0)
    snprintf(er->first, sizeof er->first, "%s:%u:%u: %s", e->filename, e->line, e->col, e->msg);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    free(b);
    return NULL;
  }
  fclose(f);
  b[n] = 0;
  *len = (size_t)n;
  return b;
}

static char **listed;
static int nlisted;
static int *listed_hit;

static int is_listed(const char *path) {
  for (int i = 0; i < nlisted; i++)
    if (strcmp(listed[i], path) == 0) return i;
  return -1;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: corpus GOROOT EXPECTED DISAGREEMENTS [-v]\n");
    return 2;
  }
  const char *root = argv[1];
  int verbose = argc > 4 && strcmp(argv[4], "-v") == 0;
  FILE *dl = fopen(argv[3], "r");
  char line[4096];
  if (!dl) {
    perror(argv[3]);
    return 2;
  }
  listed = calloc(1024, sizeof *listed);
  while (fgets(line, sizeof line, dl) && nlisted < 1024) {
    if (line[0] == '#' || line[0] == '\n') continue;
    line[strcspn(line, " \t\n")] = 0;
    listed[nlisted++] = strdup(line);
  }
  fclose(dl);
  listed_hit = calloc((size_t)nlisted + 1, sizeof *listed_hit);
  FILE *ex = fopen(argv[2], "r");
  if (!ex) {
    perror(argv[2]);
    return 2;
  }
  int total = 0, bad = 0, known = 0;
  while (fgets(line, sizeof line, ex)) {
    line[strcspn(line, "\n")] = 0;
    char *sp = strchr(line, ' ');
    if (!sp) continue;
    *sp = 0;
    int want_ok = strcmp(line, "ok") == 0;
    const char *rel = sp + 1;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    size_t len;
    char *buf = slurp(path, &len);
    if (!buf) {
      fprintf(stderr, "cannot read %s\n", path);
      bad++;
      continue;
    }
    Errs er = {{0}, 0};
    SynArena *a = syn_arena_new();
    syn_parse_file(a, rel, buf, len, on_error, &er);
    syn_arena_free(a);
    free(buf);
    total++;
    int got_ok = er.n == 0;
    int li = is_listed(rel);
    if (got_ok != want_ok) {
      if (li >= 0) {
        listed_hit[li] = 1;
        known++;
        continue;
      }
      bad++;
      printf("DISAGREE %s: gofmt %s, rog %s\n", rel, want_ok ? "ok" : "err", got_ok ? "ok" : "err");
      if (verbose && er.n) printf("    %s\n", er.first);
    }
  }
  fclose(ex);
  for (int i = 0; i < nlisted; i++) {
    if (!listed_hit[i]) {
      printf("STALE %s: listed in disagreements but rog agrees with gofmt\n", listed[i]);
      bad++;
    }
  }
  printf("corpus: %d files, %d listed disagreements, %d unexpected\n", total, known, bad);
  return bad ? 1 : 0;
}
