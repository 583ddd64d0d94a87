/*
 * errorcheck.c: runner for the `// errorcheck` tests of Go's test suite
 * (/usr/share/go-1.19/test), with rog's front end (compiler/syntax +
 * compiler/types) in place of `go tool compile -e -C`.
 *
 * Usage: errorcheck [-v] [-list FILE] [-root DIR] [TEST.go ...]
 *   With test files: runs each, prints PASS/FAIL/SKIP lines; -v prints
 *   the mismatches. With -list FILE: runs the tests named in FILE (paths
 *   relative to -root) and exits non-zero if any of them fails (this is the
 *   regression test Bazel runs over passing.txt).
 *
 * Matching follows test/run.go (errorCheck, wantedErrors, matchPrefix):
 *   - each line containing `// ERROR ` (or `// ERRORAUTO `, or the GC_
 *     variants) contributes one wanted error per "..." quoted regexp on it;
 *     lines containing `////` are ignored; LINE, LINE+n, LINE-n in a regexp
 *     become file:line;
 *   - the reported errors are "file:line: msg" (no columns, like -C); a
 *     wanted error takes all reported errors whose text starts with
 *     "file:line" followed by ':' or '[' and requires one of them to match
 *     its regexp (matched against the text after the first space); the
 *     others go back to the pool;
 *   - every reported error must be consumed by some wanted error.
 *   Errors are multi-line when the checker adds continuation lines (a tab
 *   after a newline), exactly like run.go's splitOutput joins them.
 * Go regexps are RE2; they are translated to POSIX ERE for regcomp: \d,
 * \s, \w and their negations, (?: groups, escapes of punctuation, and the
 * (?s)/(?i) flags. Tests whose regexps do not translate are skipped.
 *
 * Directives handled: `// errorcheck` with no flags or with flags that
 * only affect later compiler phases that report nothing on these tests
 * (-d=panic, -std, -+, -lang=go1.N is honoured only as "skip"). Tests with
 * -0 -m, -live, -race, -d=ssa/..., errorcheckdir/errorcheckoutput/
 * errorcheckwithauto are skipped: they check optimizer output, not type
 * errors.
 */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

typedef struct Msg {
  char *text; /* "file:line: msg" */
  bool used;
} Msg;

typedef struct Out {
  Msg *v;
  int n, cap;
  const char *short_name;
  int nsyntax;
  char last_file[1024];
  uint32_t last_line;
} Out;

static void push_msg(Out *o, const char *file, uint32_t line, const char *msg) {
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 16;
    o->v = realloc(o->v, (size_t)o->cap * sizeof *o->v);
  }
  const char *base = strrchr(file, '/');
  base = base ? base + 1 : file;
  /* like run.go, replace the test's full path by its short name inside
   * messages too (positions of other declarations) */
  size_t fl = strlen(file), bl = strlen(base);
  char *m2 = malloc(strlen(msg) + 1);
  size_t k = 0;
  for (const char *p = msg; *p;) {
    if (fl > bl && strncmp(p, file, fl) == 0) {
      memcpy(m2 + k, base, bl);
      k += bl;
      p += fl;
    } else {
      m2[k++] = *p++;
    }
  }
  m2[k] = 0;
  size_t n = strlen(base) + strlen(m2) + 32;
  char *s = malloc(n);
  snprintf(s, n, "%s:%u: %s", base, line, m2);
  free(m2);
  /* gc removes exact duplicate lines */
  for (int i = 0; i < o->n; i++)
    if (strcmp(o->v[i].text, s) == 0) {
      free(s);
      return;
    }
  o->v[o->n].text = s;
  o->v[o->n].used = false;
  o->n++;
}

static void on_syntax(void *ctx, const SynError *e) {
  Out *o = ctx;
  bool syntax = strncmp(e->msg, "syntax error", 12) == 0;
  if (syntax) {
    if (e->line == o->last_line && strcmp(e->filename, o->last_file) == 0) return;
    snprintf(o->last_file, sizeof o->last_file, "%s", e->filename);
    o->last_line = e->line;
    o->nsyntax++;
  }
  push_msg(o, e->filename, e->line, e->msg);
}

static void on_type(void *ctx, const TypesDiag *d) {
  Out *o = ctx;
  push_msg(o, d->filename, d->line, d->msg);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  size_t r = fread(buf, 1, (size_t)n, f);
  buf[r] = 0;
  fclose(f);
  *len = r;
  return buf;
}

/* Translates an RE2 regexp to POSIX ERE. Returns NULL if unsupported. */
static char *translate_re(const char *re, int *flags) {
  size_t n = strlen(re);
  char *out = malloc(n * 16 + 16);
  size_t m = 0;
  *flags = REG_EXTENDED | REG_NOSUB;
  for (size_t i = 0; i < n; i++) {
    char c = re[i];
    if (c == '(' && i + 2 < n && re[i + 1] == '?') {
      if (re[i + 2] == ':') {
        out[m++] = '(';
        i += 2;
        continue;
      }
      /* (?i) (?s) flags */
      size_t j = i + 2;
      bool ok = true;
      while (j < n && re[j] != ')') {
        if (re[j] == 'i')
          *flags |= REG_ICASE;
        else if (re[j] != 's')
          ok = false;
        j++;
      }
      if (!ok || j >= n) {
        free(out);
        return NULL;
      }
      i = j;
      continue;
    }
    if (c == '\\' && i + 1 < n) {
      char e = re[++i];
      const char *rep = NULL;
      switch (e) {
      case 'd':
        rep = "[0-9]";
        break;
      case 'D':
        rep = "[^0-9]";
        break;
      case 's':
        rep = "[[:space:]]";
        break;
      case 'S':
        rep = "[^[:space:]]";
        break;
      case 'w':
        rep = "[0-9A-Za-z_]";
        break;
      case 'W':
        rep = "[^0-9A-Za-z_]";
        break;
      case 'x':
        if (i + 2 < n && isxdigit((unsigned char)re[i + 1]) && isxdigit((unsigned char)re[i + 2])) {
          char hex[3] = {re[i + 1], re[i + 2], 0};
          char ch = (char)strtol(hex, NULL, 16);
          i += 2;
          if (strchr(".[]()*+?{}|^$\\", ch)) out[m++] = '\\';
          out[m++] = ch;
          continue;
        }
        free(out);
        return NULL;
      case 't':
        rep = "\t";
        break;
      case 'n':
        rep = "\n";
        break;
      case 'b':
      case 'B':
      case 'A':
      case 'z':
      case 'p':
      case 'P':
      case 'Q':
      case 'E':
        free(out);
        return NULL;
      default:
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
          free(out);
          return NULL;
        }
        out[m++] = '\\';
        out[m++] = e;
        continue;
      }
      size_t rl = strlen(rep);
      memcpy(out + m, rep, rl);
      m += rl;
      continue;
    }
    if (c == '*' && i + 1 < n && re[i + 1] == '?') {
      out[m++] = '*';
      i++;
      continue;
    }
    if (c == '+' && i + 1 < n && re[i + 1] == '?') {
      out[m++] = '+';
      i++;
      continue;
    }
    if (c == '{' && !(i + 1 < n && re[i + 1] >= '0' && re[i + 1] <= '9')) {
      out[m++] = '\\';
      out[m++] = '{';
      continue;
    }
    if (c == '}') {
      /* a '}' closing a repetition {n,m} is kept; a lone one escaped */
      size_t k = m;
      bool rep = false;
      while (k > 0 && ((out[k - 1] >= '0' && out[k - 1] <= '9') || out[k - 1] == ','))
        k--;
      if (k > 0 && out[k - 1] == '{' && !(k > 1 && out[k - 2] == '\\')) rep = true;
      if (!rep) out[m++] = '\\';
      out[m++] = '}';
      continue;
    }
    out[m++] = c;
  }
  out[m] = 0;
  return out;
}

typedef struct Want {
  char *re;
  char prefix[600];
  int line;
} Want;

static bool match_prefix(const char *s, const char *prefix) {
  const char *colon = strchr(s, ':');
  if (!colon) return false;
  const char *slash = NULL;
  for (const char *p = s; p < colon; p++)
    if (*p == '/') slash = p;
  if (slash) s = slash + 1;
  size_t pl = strlen(prefix);
  if (strlen(s) <= pl || strncmp(s, prefix, pl) != 0) return false;
  return s[pl] == '[' || s[pl] == ':';
}

enum { R_PASS, R_FAIL, R_SKIP };

static void free_run(Want *wants, int nw, Out *out) {
  for (int k = 0; k < nw; k++)
    free(wants[k].re);
  free(wants);
  for (int k = 0; k < out->n; k++)
    free(out->v[k].text);
  free(out->v);
}

static const char *skip_reason;

/* Runs one test; returns R_*. */
static int run_test(const char *path, bool verbose) {
  size_t len;
  char *src = read_file(path, &len);
  if (!src) {
    skip_reason = "cannot read";
    return R_SKIP;
  }
  /* directive: first non-blank line that is a comment */
  const char *p = src;
  while (*p == '\n' || *p == ' ')
    p++;
  if (strncmp(p, "// errorcheck", 13) != 0 || (p[13] != '\n' && p[13] != ' ')) {
    free(src);
    skip_reason = "not errorcheck";
    return R_SKIP;
  }
  const char *eol = strchr(p, '\n');
  char directive[256];
  size_t dl = eol ? (size_t)(eol - p) : strlen(p);
  if (dl >= sizeof directive) dl = sizeof directive - 1;
  memcpy(directive, p, dl);
  directive[dl] = 0;
  /* flags */
  char *flags = directive + 13;
  char *save = NULL;
  for (char *f = strtok_r(flags, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
    if (strcmp(f, "-d=panic") == 0 || strcmp(f, "-std") == 0 || strcmp(f, "-+") == 0 || strcmp(f, "-e") == 0)
      continue;
    if (strcmp(f, "-lang=go1.19") == 0 || strcmp(f, "-lang=go1.18") == 0) continue;
    free(src);
    skip_reason = "flags";
    return R_SKIP;
  }
  const char *short_name = strrchr(path, '/');
  short_name = short_name ? short_name + 1 : path;
  /* wanted errors */
  Want *wants = NULL;
  int nw = 0, cw = 0;
  int lineno = 0;
  for (const char *l = src; *l;) {
    lineno++;
    const char *le = strchr(l, '\n');
    size_t ll = le ? (size_t)(le - l) : strlen(l);
    char *line = malloc(ll + 1);
    memcpy(line, l, ll);
    line[ll] = 0;
    l = le ? le + 1 : l + ll;
    if (strstr(line, "////")) {
      free(line);
      continue;
    }
    char *m = strstr(line, "// ERROR ");
    size_t skip = 9;
    if (!m) {
      m = strstr(line, "// GC_ERROR ");
      skip = 12;
    }
    if (!m) {
      m = strstr(line, "// ERRORAUTO ");
      skip = 13;
    }
    if (!m) {
      free(line);
      continue;
    }
    char *q = m + skip;
    bool any = false;
    for (;;) {
      char *a = strchr(q, '"');
      if (!a) break;
      char *b = strchr(a + 1, '"');
      if (!b) break;
      any = true;
      /* substitute LINE, LINE+n, LINE-n */
      char re[4096];
      size_t rn = 0;
      for (char *s = a + 1; s < b && rn < sizeof re - 64;) {
        if (strncmp(s, "LINE", 4) == 0) {
          int n = lineno;
          s += 4;
          if (*s == '+' || *s == '-') {
            char sign = *s;
            char *end;
            long d = strtol(s + 1, &end, 10);
            if (end != s + 1) {
              n = sign == '+' ? n + (int)d : n - (int)d;
              s = end;
            }
          }
          rn += (size_t)snprintf(re + rn, sizeof re - rn, "%s:%d", short_name, n);
          continue;
        }
        re[rn++] = *s++;
      }
      re[rn] = 0;
      if (nw == cw) {
        cw = cw ? cw * 2 : 16;
        wants = realloc(wants, (size_t)cw * sizeof *wants);
      }
      wants[nw].re = strdup(re);
      snprintf(wants[nw].prefix, sizeof wants[nw].prefix, "%s:%d", short_name, lineno);
      wants[nw].line = lineno;
      nw++;
      q = b + 1;
    }
    (void)any;
    free(line);
  }
  /* compile the test */
  Out out;
  memset(&out, 0, sizeof out);
  out.short_name = short_name;
  SynArena *arena = syn_arena_new();
  SynFile *f = syn_parse_file(arena, path, src, len, on_syntax, &out);
  if (out.nsyntax == 0) {
    TypesCtx *tc = types_ctx_new();
    TypesGorootImporter im;
    memset(&im, 0, sizeof im);
    TypesConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.importer = types_goroot_import;
    cfg.importer_ctx = &im;
    cfg.error = on_type;
    cfg.error_ctx = &out;
    TypesInfo info;
    memset(&info, 0, sizeof info);
    int nerr = 0;
    types_check_package(tc, &cfg, "p", &f, 1, &info, &nerr);
    types_ctx_free(tc);
    types_goroot_importer_free(&im);
  }
  syn_arena_free(arena);
  free(src);
  /* match */
  bool ok = true;
  for (int i = 0; i < nw; i++) {
    int flags;
    char *ere = translate_re(wants[i].re, &flags);
    regex_t rx;
    if (!ere || regcomp(&rx, ere, flags) != 0) {
      free(ere);
      skip_reason = "regexp";
      free_run(wants, nw, &out);
      return R_SKIP;
    }
    free(ere);
    bool any = false, matched = false;
    for (int k = 0; k < out.n; k++) {
      if (out.v[k].used || !match_prefix(out.v[k].text, wants[i].prefix)) continue;
      any = true;
      const char *text = strchr(out.v[k].text, ' ');
      text = text ? text + 1 : out.v[k].text;
      if (regexec(&rx, text, 0, NULL, 0) == 0) {
        matched = true;
        out.v[k].used = true;
      }
    }
    /* run.go removes all errors of the line once one matched: errors on the line
     * that did not match are put back into the pool */
    regfree(&rx);
    if (!any) {
      ok = false;
      if (verbose) printf("  %s:%d: missing error \"%s\"\n", short_name, wants[i].line, wants[i].re);
    } else if (!matched) {
      ok = false;
      if (verbose) {
        printf("  %s:%d: no match for \"%s\" in:\n", short_name, wants[i].line, wants[i].re);
        for (int k = 0; k < out.n; k++)
          if (match_prefix(out.v[k].text, wants[i].prefix)) printf("\t%s\n", out.v[k].text);
      }
    }
  }
  for (int k = 0; k < out.n; k++)
    if (!out.v[k].used) {
      /* an error on a line that has a want but was not the matching one
       * is unmatched too (run.go puts it back into `out`) */
      ok = false;
      if (verbose) printf("  unmatched: %s\n", out.v[k].text);
    }
  free_run(wants, nw, &out);
  return ok ? R_PASS : R_FAIL;
}

int main(int argc, char **argv) {
  bool verbose = false;
  const char *list = NULL;
  const char *root = "/usr/share/go-1.19/test";
  int first = 1;
  for (; first < argc; first++) {
    if (strcmp(argv[first], "-v") == 0)
      verbose = true;
    else if (strcmp(argv[first], "-list") == 0 && first + 1 < argc)
      list = argv[++first];
    else if (strcmp(argv[first], "-root") == 0 && first + 1 < argc)
      root = argv[++first];
    else
      break;
  }
  int npass = 0, nfail = 0, nskip = 0;
  if (list) {
    FILE *lf = fopen(list, "r");
    if (!lf) {
      fprintf(stderr, "cannot open %s\n", list);
      return 2;
    }
    char line[1024];
    while (fgets(line, sizeof line, lf)) {
      line[strcspn(line, "\r\n")] = 0;
      if (!line[0] || line[0] == '#') continue;
      char path[2048];
      snprintf(path, sizeof path, "%s/%s", root, line);
      int r = run_test(path, verbose);
      if (r == R_PASS) {
        npass++;
      } else {
        nfail++;
        printf("%s %s\n", r == R_FAIL ? "FAIL" : "SKIP", line);
        if (r == R_FAIL && !verbose) run_test(path, true);
      }
    }
    fclose(lf);
    printf("passing list: %d pass, %d regressed\n", npass, nfail);
    return nfail ? 1 : 0;
  }
  for (int i = first; i < argc; i++) {
    int r = run_test(argv[i], verbose);
    const char *rel = argv[i];
    size_t rl = strlen(root);
    if (strncmp(rel, root, rl) == 0 && rel[rl] == '/') rel += rl + 1;
    if (r == R_PASS) {
      npass++;
      printf("PASS %s\n", rel);
    } else if (r == R_FAIL) {
      nfail++;
      printf("FAIL %s\n", rel);
    } else {
      nskip++;
      printf("SKIP %s (%s)\n", rel, skip_reason);
    }
    fflush(stdout);
  }
  fprintf(stderr, "%d pass, %d fail, %d skip\n", npass, nfail, nskip);
  return 0;
}
