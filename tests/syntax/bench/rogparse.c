/*
 * rogparse.c: the rog side of the parse benchmark (see parse_bench.sh).
 * Reads and parses every file named in LISTFILE (one per line), one arena
 * per file, REPS times; prints the best repetition (wall and CPU time) in
 * the same format as goparse.go. Errors are counted, not printed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "compiler/syntax/syntax.h"

static void count(void *ctx, const SynError *e) {
  (void)e;
  (*(long *)ctx)++;
}

static double cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: rogparse LISTFILE [REPS]\n");
    return 2;
  }
  int reps = argc > 2 ? atoi(argv[2]) : 3;
  FILE *lf = fopen(argv[1], "r");
  if (!lf) {
    perror(argv[1]);
    return 2;
  }
  char **files = NULL;
  size_t n = 0, cap = 0;
  char line[4096];
  while (fgets(line, sizeof line, lf)) {
    line[strcspn(line, "\n")] = 0;
    if (n == cap) {
      cap = cap ? cap * 2 : 1024;
      files = realloc(files, cap * sizeof *files);
    }
    files[n++] = strdup(line);
  }
  fclose(lf);
  double best = 1e30, best_cpu = 1e30;
  long bytes = 0, errors = 0;
  size_t bufcap = 1 << 20;
  char *buf = malloc(bufcap);
  for (int r = 0; r < reps; r++) {
    bytes = 0;
    errors = 0;
    double start = now(), c0 = cpu();
    for (size_t i = 0; i < n; i++) {
      FILE *f = fopen(files[i], "rb");
      if (!f) continue;
      size_t len = 0, got;
      while ((got = fread(buf + len, 1, bufcap - len, f)) > 0) {
        len += got;
        if (len == bufcap) {
          bufcap *= 2;
          buf = realloc(buf, bufcap);
        }
      }
      fclose(f);
      bytes += (long)len;
      SynArena *a = syn_arena_new();
      syn_parse_file(a, files[i], buf, len, count, &errors);
      syn_arena_free(a);
    }
    double d = now() - start, c = cpu() - c0;
    if (d < best) best = d;
    if (c < best_cpu) best_cpu = c;
  }
  printf("rog: %zu files, %ld bytes, %.3f seconds, %.1f MB/s, %.3f cpu-seconds, %.1f MB/cpu-s (%ld errors)\n",
         n, bytes, best, bytes / best / 1e6, best_cpu, bytes / best_cpu / 1e6, errors);
  return 0;
}
