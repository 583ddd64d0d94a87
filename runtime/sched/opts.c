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
 * ROG_OPTS=@FILE reads FILE instead: "key = value" lines, '#' comments
 * (the same TOML subset runtime/gc accepts).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTS 32

static struct {
  char key[32];
  char val[32];
  bool warned; /* a bad value is reported once, however often it is read */
} opts[MAX_OPTS];
static int nopts;

/* One "key=value" item (spaces around either side and double quotes
 * around the value are dropped); anything else is ignored. */
static void add_item(const char *s, size_t len) {
  while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\r'))
    s++, len--;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
    len--;
  const char *eq = memchr(s, '=', len);
  if (eq == NULL || nopts == MAX_OPTS) return;
  size_t kl = (size_t)(eq - s), vl = len - kl - 1;
  const char *v = eq + 1;
  while (kl > 0 && (s[kl - 1] == ' ' || s[kl - 1] == '\t'))
    kl--;
  while (vl > 0 && (*v == ' ' || *v == '\t'))
    v++, vl--;
  if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') v++, vl -= 2;
  if (kl == 0 || kl >= sizeof opts[0].key || vl >= sizeof opts[0].val) return;
  memcpy(opts[nopts].key, s, kl);
  opts[nopts].key[kl] = 0;
  memcpy(opts[nopts].val, v, vl);
  opts[nopts].val[vl] = 0;
  nopts++;
}

/* Items separated by sep; with comments, '#' starts a comment to the end
 * of the item (the @file form: one item per line). */
static void add_items(const char *s, char sep, bool comments) {
  while (*s) {
    const char *end = strchr(s, sep);
    size_t len = end ? (size_t)(end - s) : strlen(s);
    const char *hash = comments ? memchr(s, '#', len) : NULL;
    add_item(s, hash ? (size_t)(hash - s) : len);
    if (!end) break;
    s = end + 1;
  }
}

void sched_opts_init(void) {
  const char *env = getenv("ROG_OPTS");
  if (env == NULL || *env == 0) return;
  if (*env == '@') { /* the TOML subset runtime/gc also reads: key = value lines */
    FILE *f = fopen(env + 1, "r");
    if (f == NULL) return; /* runtime/gc reports the missing file */
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    add_items(buf, '\n', true);
    return;
  }
  add_items(env, ',', false);
}

bool sched_opt_int(const char *key, long long *val) {
  for (int i = 0; i < nopts; i++) {
    if (strcmp(opts[i].key, key) != 0) continue;
    char *e;
    long long v = strtoll(opts[i].val, &e, 0);
    if (opts[i].val[0] == 0 || *e != 0) {
      if (!opts[i].warned)
        fprintf(stderr, "runtime: ROG_OPTS: bad value in \"%s=%s\"; ignored\n", opts[i].key, opts[i].val);
      opts[i].warned = true;
      return false;
    }
    *val = v;
    return true;
  }
  return false;
}
