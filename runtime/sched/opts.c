/*
 * ROG_OPTS: rog's own runtime knobs, "key=value,key=value" (DESIGN §5).
 * Parsed once at sched_init into a small table; components look keys up
 * with sched_opt_int. Unknown keys are ignored (other runtime parts own
 * them); malformed values print a warning and are ignored, never crash.
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
  long long val;
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
      char num[32];
      size_t nl = len - (size_t)(eq - s) - 1;
      if (nl > 0 && nl < sizeof num) {
        memcpy(num, eq + 1, nl);
        num[nl] = 0;
        char *e;
        long long v = strtoll(num, &e, 0);
        if (*e == 0) {
          memcpy(opts[nopts].key, s, (size_t)(eq - s));
          opts[nopts].key[eq - s] = 0;
          opts[nopts].val = v;
          nopts++;
        } else {
          fprintf(stderr, "runtime: ROG_OPTS: bad value in \"%.*s\"; ignored\n", (int)len, s);
        }
      }
    }
    if (!end) break;
    s = end + 1;
  }
}

bool sched_opt_int(const char *key, long long *val) {
  for (int i = 0; i < nopts; i++) {
    if (strcmp(opts[i].key, key) == 0) {
      *val = opts[i].val;
      return true;
    }
  }
  return false;
}
