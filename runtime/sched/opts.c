/*
 * ROG_OPTS: rog's own runtime knobs, "key=value,key=value" (DESIGN §5).
 * Parsed once at sched_init into a small table of key/value strings;
 * components look keys up with sched_opt_int. Unknown keys are ignored
 * (other runtime parts own them, e.g. runtime/gc's gc=concurrent, with
 * values that are not numbers); a key that is looked up with a value that
 * is not a number prints a warning and is ignored, never a crash.
 * Keys used by the scheduler and stacks:
 *   stackmin=N   bytes of a goroutine's first stack segment (power of 2)
 *   maxstack=N   max total stack bytes per goroutine (gc: 1000000000)
 * TODO: the "@file.toml" form of ROG_OPTS.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTS 32

static struct {
  char key[32];
  char val[32];
} opts[MAX_OPTS];
static int nopts;

void sched_opts_init(void) {
  const char *env = getenv("ROG_OPTS");
  if (env == NULL || *env == 0) return;
  if (*env == '@') {
    fprintf(stderr, "runtime: ROG_OPTS=@file is not supported yet; ignored\n");
    return;
  }
  const char *s = env;
  while (*s && nopts < MAX_OPTS) {
    const char *end = strchr(s, ',');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    const char *eq = memchr(s, '=', len);
    if (eq && (size_t)(eq - s) < sizeof opts[0].key && eq > s) {
      size_t nl = len - (size_t)(eq - s) - 1;
      if (nl < sizeof opts[0].val) {
        memcpy(opts[nopts].key, s, (size_t)(eq - s));
        opts[nopts].key[eq - s] = 0;
        memcpy(opts[nopts].val, eq + 1, nl);
        opts[nopts].val[nl] = 0;
        nopts++;
      }
    }
    if (!end) break;
    s = end + 1;
  }
}

bool sched_opt_int(const char *key, long long *val) {
  for (int i = 0; i < nopts; i++) {
    if (strcmp(opts[i].key, key) != 0) continue;
    char *e;
    long long v = strtoll(opts[i].val, &e, 0);
    if (opts[i].val[0] == 0 || *e != 0) {
      fprintf(stderr, "runtime: ROG_OPTS: bad value in \"%s=%s\"; ignored\n", opts[i].key, opts[i].val);
      return false;
    }
    *val = v;
    return true;
  }
  return false;
}
