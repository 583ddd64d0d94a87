/*
 * runtime/gc/options.c: the collector's configuration from the environment.
 *
 *   GOGC=N|off           heap growth percent (default 100)
 *   GOMEMLIMIT=SIZE|off  soft memory limit, SIZE as in Go: 123, 64KiB, 512MiB,
 *                        2GiB, 1TiB (also B, and decimal KB/MB/GB/TB)
 *   GODEBUG=gctrace=1    one line per cycle on stderr (other keys ignored)
 *   GOMAXPROCS=N         number of parallel mark workers (default: CPUs)
 *   ROG_OPTS=key=value,... or ROG_OPTS=@file (one key = value per line,
 *   '#' comments; a TOML subset):
 *     gc=stw|concurrent  algorithm (default stw)
 *     gcstress=N         collect every N allocations (all take the slow path)
 *     gcassist=0|1       mark assists in concurrent mode (default 1)
 *     gcragged=0|1       concurrent cycles without stopping the world, by
 *                        handshakes, when the world supports them (default 1)
 *     gcpausetrace=0|1   one line per pause on stderr: how long each phase
 *                        of it took (collect.c, pause_trace)
 *     debug=0|1|2        invariant checks; 2 verifies the heap after mark and
 *                        after sweep
 *     poison=0|1         fill freed memory with 0xdb
 *     gcworkers=N        parallel mark workers (stop-the-world pauses)
 *     gcbgworkers=N      background mark workers (concurrent mode)
 *     arena=SIZE         address space reserved for the heap (default 1TiB,
 *                        64GiB on arm64)
 * Unknown keys and bad values are reported on stderr and ignored: a typo in
 * a tuning knob must not stop a service from starting.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gc_internal.h"

gc_options gc_opts;

int64_t gc_parse_size(const char *s, int *ok) {
  *ok = 0;
  if (!s || !isdigit((unsigned char)*s)) return 0;
  errno = 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno) return 0;
  static const struct {
    const char *suffix;
    unsigned long long mul;
  } units[] = {{"", 1},
               {"B", 1},
               {"KiB", 1ull << 10},
               {"MiB", 1ull << 20},
               {"GiB", 1ull << 30},
               {"TiB", 1ull << 40},
               {"KB", 1000ull},
               {"MB", 1000000ull},
               {"GB", 1000000000ull},
               {"TB", 1000000000000ull}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (strcmp(end, units[i].suffix) == 0) {
      if (v > (unsigned long long)INT64_MAX / units[i].mul) return 0;
      *ok = 1;
      return (int64_t)(v * units[i].mul);
    }
  }
  return 0;
}

static int parse_int(const char *v, long min, long max, long *out) {
  if (!v || !*v) return -1;
  errno = 0;
  char *end;
  long x = strtol(v, &end, 10);
  if (errno || *end || x < min || x > max) return -1;
  *out = x;
  return 0;
}

static int apply(gc_options *o, const char *key, const char *val) {
  long x;
  int ok;
  if (strcmp(key, "gc") == 0) {
    if (strcmp(val, "stw") == 0)
      o->mode = GC_MODE_STW;
    else if (strcmp(val, "concurrent") == 0)
      o->mode = GC_MODE_CONCURRENT;
    else
      return -1;
  } else if (strcmp(key, "gcstress") == 0) {
    if (parse_int(val, 0, 1L << 40, &x) < 0) return -1;
    o->stress = (uint64_t)x;
  } else if (strcmp(key, "gcassist") == 0) {
    if (parse_int(val, 0, 1, &x) < 0) return -1;
    o->assist = (int)x;
  } else if (strcmp(key, "gcragged") == 0) {
    if (parse_int(val, 0, 1, &x) < 0) return -1;
    o->ragged = (int)x;
  } else if (strcmp(key, "gcpausetrace") == 0) {
    if (parse_int(val, 0, 1, &x) < 0) return -1;
    o->pausetrace = (int)x;
  } else if (strcmp(key, "debug") == 0) {
    if (parse_int(val, 0, 2, &x) < 0) return -1;
    o->debug = (int)x;
  } else if (strcmp(key, "poison") == 0) {
    if (parse_int(val, 0, 1, &x) < 0) return -1;
    o->poison = (int)x;
  } else if (strcmp(key, "gcworkers") == 0) {
    if (parse_int(val, 1, 64, &x) < 0) return -1;
    o->workers = (int)x;
  } else if (strcmp(key, "gcbgworkers") == 0) {
    if (parse_int(val, 1, 63, &x) < 0) return -1;
    o->conc_workers = (int)x;
  } else if (strcmp(key, "arena") == 0) {
    int64_t n = gc_parse_size(val, &ok);
    if (!ok || n < ((int64_t)1 << 32)) return -1;
    o->arena = (uint64_t)n;
  } else if (strcmp(key, "stackmin") == 0 || strcmp(key, "maxstack") == 0 || strcmp(key, "mainstack") == 0) {
    /* owned by runtime/stack and runtime/rt (parsed there) */
  } else {
    return -1;
  }
  return 0;
}

static void trim(char **s) {
  while (isspace((unsigned char)**s))
    (*s)++;
  char *e = *s + strlen(*s);
  while (e > *s && isspace((unsigned char)e[-1]))
    *--e = 0;
}

/* Parses items separated by `sep` ("," or "\n"), key=value or key = value. */
static int parse_items(char *buf, const char *sep, gc_options *o) {
  int rc = 0;
  char *save = NULL;
  for (char *item = strtok_r(buf, sep, &save); item; item = strtok_r(NULL, sep, &save)) {
    char *hash = strchr(item, '#');
    if (hash) *hash = 0;
    trim(&item);
    if (!*item) continue;
    char *eq = strchr(item, '=');
    if (!eq) {
      fprintf(stderr, "ROG_OPTS: ignoring '%s' (want key=value)\n", item);
      rc = -1;
      continue;
    }
    *eq = 0;
    char *key = item, *val = eq + 1;
    trim(&key);
    trim(&val);
    size_t vl = strlen(val);
    if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
      val[vl - 1] = 0;
      val++;
    }
    if (apply(o, key, val) < 0) {
      fprintf(stderr, "ROG_OPTS: ignoring bad option %s=%s\n", key, val);
      rc = -1;
    }
  }
  return rc;
}

int gc_parse_opts_string(const char *s, gc_options *o) {
  if (!s) return 0;
  if (s[0] == '@') {
    FILE *f = fopen(s + 1, "r");
    if (!f) {
      fprintf(stderr, "ROG_OPTS: cannot open %s\n", s + 1);
      return -1;
    }
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return parse_items(buf, "\n", o);
  }
  char *copy = strdup(s);
  if (!copy) return -1;
  int rc = parse_items(copy, ",", o);
  free(copy);
  return rc;
}

void gc_parse_options(void) {
  gc_options *o = &gc_opts;
  o->mode = GC_MODE_STW;
  o->percent = 100;
  o->assist = 1;
  o->ragged = 1;
  o->memory_limit = INT64_MAX;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  o->workers = ncpu > 0 ? (int)ncpu : 1;
#if defined(__aarch64__)
  /* Many arm64 kernels give user space 39 bits (512 GiB), and qemu-user
   * spends memory per reserved guest page: reserve 64 GiB by default. */
  o->arena = (uint64_t)64 << 30;
#else
  o->arena = (uint64_t)1 << 40;
#endif
  const char *v;
  long x;
  if ((v = getenv("GOMAXPROCS")) && parse_int(v, 1, 64, &x) == 0) o->workers = (int)x;
  if ((v = getenv("GOGC"))) {
    if (strcmp(v, "off") == 0)
      o->percent = -1;
    else if (parse_int(v, -1, 1L << 30, &x) == 0)
      o->percent = (int)x;
    else
      fprintf(stderr, "GOGC: ignoring bad value %s\n", v);
  }
  if ((v = getenv("GOMEMLIMIT")) && strcmp(v, "off") != 0) {
    int ok;
    int64_t n = gc_parse_size(v, &ok);
    if (ok)
      o->memory_limit = n;
    else
      fprintf(stderr, "GOMEMLIMIT: ignoring bad value %s\n", v);
  }
  if ((v = getenv("GODEBUG"))) {
    const char *p = strstr(v, "gctrace=");
    if (p && (p == v || p[-1] == ',')) o->gctrace = atoi(p + 8);
  }
  gc_parse_opts_string(getenv("ROG_OPTS"), o);
  if (o->conc_workers == 0) o->conc_workers = o->workers / 4 > 0 ? o->workers / 4 : 1;
}
