/*
 * modfile.c: go.mod and vendor/modules.txt readers (see modfile.h).
 *
 * go.mod is line-oriented: each line is split into tokens (bare words,
 * "interpreted" or `raw` strings, "(", ")", "=>"), with // comments dropped
 * except that a trailing "// indirect" marks a requirement. A line whose
 * last token is "(" opens a block for its verb; a line holding only ")"
 * closes it; inside a block every line is one directive of that verb.
 *
 * Data structures are plain arrays grown by one; go.mod files are small.
 * Rejected alternative: a general token stream with a grammar shared by all
 * verbs -- every verb has its own arity rules, so the per-verb functions
 * below are shorter and give better messages.
 */
#include "compiler/driver/modfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/driver/fileheader.h"

typedef struct {
  char *text; /* unquoted */
  int col;
  bool quoted;
} mf_tok;

typedef struct {
  mf_tok *t;
  size_t n;
  bool indirect;
} mf_line;

static void line_free(mf_line *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->t[i].text);
  free(l->t);
  l->t = NULL;
  l->n = 0;
  l->indirect = false;
}

static void line_add(mf_line *l, char *text, int col, bool quoted) {
  l->t = xrealloc(l->t, (l->n + 1) * sizeof *l->t);
  l->t[l->n++] = (mf_tok){text, col, quoted};
}

static bool tok_eq(const mf_tok *t, const char *s) {
  return !t->quoted && strcmp(t->text, s) == 0;
}

static char *err_at(const char *file, int line, int col, const char *msg) {
  if (col > 1) return xasprintf("%s:%d:%d: %s", file, line, col, msg);
  return xasprintf("%s:%d: %s", file, line, msg);
}

/* Tokenizes one physical line s[0:n]. Returns NULL or an error message. */
static char *tokenize(const char *file, int lineno, const char *s, size_t n, mf_line *out) {
  size_t i = 0;
  while (i < n) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      i++;
      continue;
    }
    int col = (int)i + 1;
    if (c == '/' && i + 1 < n && s[i + 1] == '/') {
      const char *com = s + i + 2;
      size_t cn = n - i - 2;
      while (cn > 0 && (*com == ' ' || *com == '\t'))
        com++, cn--;
      while (cn > 0 && (com[cn - 1] == ' ' || com[cn - 1] == '\t' || com[cn - 1] == '\r'))
        cn--;
      if ((cn == 8 && memcmp(com, "indirect", 8) == 0) || (cn > 9 && memcmp(com, "indirect;", 9) == 0))
        out->indirect = true;
      break;
    }
    if (c == '(' || c == ')') {
      line_add(out, xstrndup(s + i, 1), col, false);
      i++;
      continue;
    }
    if (c == '=' && i + 1 < n && s[i + 1] == '>') {
      line_add(out, xstrdup("=>"), col, false);
      i += 2;
      continue;
    }
    if (c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < n && s[j] != c)
        j += (c == '"' && s[j] == '\\') ? 2 : 1;
      if (j >= n) return err_at(file, lineno, col, "unterminated quoted string");
      char *u = fh_unquote(s + i, j + 1 - i);
      if (!u) return err_at(file, lineno, col, "invalid quoted string");
      line_add(out, u, col, true);
      i = j + 1;
      continue;
    }
    size_t j = i;
    while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' && s[j] != '"' && s[j] != '`' &&
           s[j] != '(' && s[j] != ')' && !(s[j] == '/' && j + 1 < n && s[j + 1] == '/') &&
           !(s[j] == '=' && j + 1 < n && s[j + 1] == '>')) {
      if (s[j] == 0) return err_at(file, lineno, (int)j + 1, "unexpected NUL in go.mod");
      j++;
    }
    line_add(out, xstrndup(s + i, j - i), col, false);
    i = j;
  }
  return NULL;
}

bool mf_is_dir_path(const char *p) {
  return strncmp(p, "./", 2) == 0 || strncmp(p, "../", 3) == 0 || p[0] == '/' || strncmp(p, ".\\", 2) == 0 ||
         strncmp(p, "..\\", 3) == 0 || strcmp(p, ".") == 0 || strcmp(p, "..") == 0;
}

/* A semantic version as modules use it: v<digits>.<digits>.<digits> with an
 * optional -prerelease and +build suffix. */
static bool valid_version(const char *v) {
  if (v[0] != 'v') return false;
  const char *p = v + 1;
  for (int part = 0; part < 3; part++) {
    if (*p < '0' || *p > '9') return false;
    if (*p == '0' && p[1] >= '0' && p[1] <= '9') return false;
    while (*p >= '0' && *p <= '9')
      p++;
    if (part < 2) {
      if (*p != '.') return false;
      p++;
    }
  }
  if (*p == '-' || *p == '+') {
    p++;
    if (!*p) return false;
    for (; *p; p++)
      if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '.' ||
            *p == '-' || *p == '+'))
        return false;
  }
  return *p == 0;
}

/* go 1.19 accepts "go N.M" (no patch, no leading zeros). */
static bool valid_go_version(const char *v) {
  const char *p = v;
  if (*p < '1' || *p > '9') return false;
  while (*p >= '0' && *p <= '9')
    p++;
  if (*p++ != '.') return false;
  if (*p < '0' || *p > '9') return false;
  if (*p == '0' && p[1]) return false;
  while (*p >= '0' && *p <= '9')
    p++;
  return *p == 0;
}

static bool valid_module_path(const char *p) {
  if (!*p || p[0] == '/' || p[0] == '.' || p[0] == '-') return false;
  for (const unsigned char *s = (const unsigned char *)p; *s; s++)
    if (*s <= ' ' || *s == 0x7f || strchr("\"'*<>?`|:\\", *s)) return false;
  return true;
}

/* NULL if tok is a valid module path, else the error. */
static char *check_path(const char *file, int lineno, const mf_tok *tok) {
  if (valid_module_path(tok->text)) return NULL;
  char msg[300];
  snprintf(msg, sizeof msg, "invalid module path \"%.200s\"", tok->text);
  return err_at(file, lineno, tok->col, msg);
}

static char *directive(const char *file, int lineno, const char *verb, mf_line *l, size_t a, modfile *mf) {
  size_t nargs = l->n - a;
  mf_tok *args = l->t + a;
  char msg[512];
  if (strcmp(verb, "module") == 0) {
    if (mf->module) return err_at(file, lineno, 1, "repeated module statement");
    if (nargs != 1) return err_at(file, lineno, 1, "usage: module module/path");
    char *perr = check_path(file, lineno, &args[0]);
    if (perr) return perr;
    mf->module = xstrdup(args[0].text);
    return NULL;
  }
  if (strcmp(verb, "go") == 0) {
    if (mf->go_version) return err_at(file, lineno, 1, "repeated go statement");
    if (nargs != 1) return err_at(file, lineno, 1, "go directive expects exactly one argument");
    if (!valid_go_version(args[0].text)) {
      snprintf(msg, sizeof msg, "invalid go version '%.200s': must match format 1.23", args[0].text);
      return err_at(file, lineno, args[0].col, msg);
    }
    mf->go_version = xstrdup(args[0].text);
    return NULL;
  }
  if (strcmp(verb, "require") == 0 || strcmp(verb, "exclude") == 0) {
    bool req = verb[0] == 'r';
    if (nargs != 2) {
      snprintf(msg, sizeof msg, "usage: %s module/path v1.2.3", verb);
      return err_at(file, lineno, 1, msg);
    }
    char *perr = check_path(file, lineno, &args[0]);
    if (perr) return perr;
    if (!valid_version(args[1].text)) {
      snprintf(msg, sizeof msg, "%.200s@%.200s: invalid module version", args[0].text, args[1].text);
      return err_at(file, lineno, args[1].col, msg);
    }
    mf_require r = {xstrdup(args[0].text), xstrdup(args[1].text), l->indirect};
    if (req) {
      mf->reqs = xrealloc(mf->reqs, (mf->nreqs + 1) * sizeof *mf->reqs);
      mf->reqs[mf->nreqs++] = r;
    } else {
      mf->excludes = xrealloc(mf->excludes, (mf->nexcludes + 1) * sizeof *mf->excludes);
      mf->excludes[mf->nexcludes++] = r;
    }
    return NULL;
  }
  if (strcmp(verb, "replace") == 0) {
    size_t arrow = 0;
    while (arrow < nargs && !tok_eq(&args[arrow], "=>"))
      arrow++;
    if (arrow == nargs || arrow == 0 || arrow > 2 || nargs - arrow - 1 < 1 || nargs - arrow - 1 > 2)
      return err_at(file, lineno, 1,
                    "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path "
                    "[v1.2.3] => ../local/directory");
    char *perr = check_path(file, lineno, &args[0]);
    if (perr) return perr;
    if (arrow == 2 && !valid_version(args[1].text)) {
      snprintf(msg, sizeof msg, "%.200s@%.200s: invalid module version", args[0].text, args[1].text);
      return err_at(file, lineno, args[1].col, msg);
    }
    mf_tok *nw = &args[arrow + 1];
    mf_tok *nv = nargs - arrow - 1 == 2 ? &args[arrow + 2] : NULL;
    if (!nv && !mf_is_dir_path(nw->text))
      return err_at(file, lineno, nw->col,
                    "replacement module without version must be directory path (rooted or starting with "
                    "./ or ../)");
    if (nv && mf_is_dir_path(nw->text))
      return err_at(file, lineno, nv->col, "replacement module directory path must not have version");
    if (nv && !valid_version(nv->text)) {
      snprintf(msg, sizeof msg, "%.200s@%.200s: invalid module version", nw->text, nv->text);
      return err_at(file, lineno, nv->col, msg);
    }
    mf_replace r = {xstrdup(args[0].text), arrow == 2 ? xstrdup(args[1].text) : NULL, xstrdup(nw->text),
                    nv ? xstrdup(nv->text) : NULL};
    mf->reps = xrealloc(mf->reps, (mf->nreps + 1) * sizeof *mf->reps);
    mf->reps[mf->nreps++] = r;
    return NULL;
  }
  if (strcmp(verb, "retract") == 0) {
    if (nargs == 0) return err_at(file, lineno, 1, "usage: retract version or retract [low, high]");
    return NULL;
  }
  snprintf(msg, sizeof msg, "unknown directive: %.200s", verb);
  return err_at(file, lineno, 1, msg);
}

int modfile_parse(const char *filename, const char *src, size_t len, modfile *mf) {
  memset(mf, 0, sizeof *mf);
  char *block = NULL; /* verb of the open block */
  int block_line = 0;
  size_t pos = 0;
  int lineno = 0;
  mf_line l = {0};
  char *err = NULL;
  while (pos < len && !err) {
    const char *s = src + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) : len - pos;
    pos += n + 1;
    lineno++;
    line_free(&l);
    err = tokenize(filename, lineno, s, n, &l);
    if (err || l.n == 0) continue;
    if (block) {
      if (tok_eq(&l.t[0], ")")) {
        if (l.n != 1) err = err_at(filename, lineno, l.t[1].col, "unexpected token after )");
        free(block);
        block = NULL;
        continue;
      }
      if (tok_eq(&l.t[l.n - 1], "(")) {
        err = err_at(filename, lineno, l.t[l.n - 1].col, "unexpected (");
        continue;
      }
      err = directive(filename, lineno, block, &l, 0, mf);
      continue;
    }
    if (l.t[0].quoted || tok_eq(&l.t[0], "(") || tok_eq(&l.t[0], ")") || tok_eq(&l.t[0], "=>")) {
      char msg[300];
      snprintf(msg, sizeof msg, "unexpected token %.200s", l.t[0].text);
      err = err_at(filename, lineno, l.t[0].col, msg);
      continue;
    }
    if (l.n >= 2 && tok_eq(&l.t[l.n - 1], "(")) {
      if (l.n != 2) {
        err = err_at(filename, lineno, l.t[l.n - 1].col, "unexpected (");
        continue;
      }
      const char *v = l.t[0].text;
      if (strcmp(v, "module") && strcmp(v, "require") && strcmp(v, "replace") && strcmp(v, "exclude") &&
          strcmp(v, "retract")) {
        char msg[300];
        snprintf(msg, sizeof msg, "unknown block type: %.200s", v);
        err = err_at(filename, lineno, 1, msg);
        continue;
      }
      block = xstrdup(v);
      block_line = lineno;
      continue;
    }
    err = directive(filename, lineno, l.t[0].text, &l, 1, mf);
  }
  line_free(&l);
  if (!err && block) err = err_at(filename, block_line, 1, "unterminated block (missing \")\")");
  free(block);
  if (err) {
    mf->err = err;
    return -1;
  }
  return 0;
}

void modfile_free(modfile *mf) {
  free(mf->module);
  free(mf->go_version);
  for (size_t i = 0; i < mf->nreqs; i++) {
    free(mf->reqs[i].path);
    free(mf->reqs[i].version);
  }
  free(mf->reqs);
  for (size_t i = 0; i < mf->nexcludes; i++) {
    free(mf->excludes[i].path);
    free(mf->excludes[i].version);
  }
  free(mf->excludes);
  for (size_t i = 0; i < mf->nreps; i++) {
    free(mf->reps[i].old_path);
    free(mf->reps[i].old_version);
    free(mf->reps[i].new_path);
    free(mf->reps[i].new_version);
  }
  free(mf->reps);
  free(mf->err);
  memset(mf, 0, sizeof *mf);
}

int mf_vendor_parse(const char *filename, const char *src, size_t len, mf_vendor *v) {
  memset(v, 0, sizeof *v);
  size_t pos = 0;
  int lineno = 0;
  while (pos < len) {
    const char *s = src + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) : len - pos;
    pos += n + 1;
    lineno++;
    while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
      n--;
    if (n == 0) continue;
    if (memchr(s, 0, n)) {
      v->err = xasprintf("%s:%d: unexpected NUL", filename, lineno);
      return -1;
    }
    if (n >= 3 && memcmp(s, "## ", 3) == 0) {
      if (v->nmods == 0) continue;
      /* "## explicit" or "## explicit; go 1.17" */
      if (n >= 11 && memcmp(s + 3, "explicit", 8) == 0 && (n == 11 || s[11] == ';'))
        v->mods[v->nmods - 1].explicit_req = true;
      continue;
    }
    if (n >= 2 && memcmp(s, "# ", 2) == 0) {
      char *line = xstrndup(s + 2, n - 2);
      char *save = NULL;
      char *path = strtok_r(line, " \t", &save);
      char *ver = path ? strtok_r(NULL, " \t", &save) : NULL;
      if (!path) {
        free(line);
        v->err = xasprintf("%s:%d: malformed module line", filename, lineno);
        return -1;
      }
      v->mods = xrealloc(v->mods, (v->nmods + 1) * sizeof *v->mods);
      mf_vendored *m = &v->mods[v->nmods++];
      memset(m, 0, sizeof *m);
      m->path = xstrdup(path);
      m->version = (ver && strcmp(ver, "=>") != 0) ? xstrdup(ver) : NULL;
      free(line);
      continue;
    }
    if (s[0] == '#') continue;
    if (v->nmods == 0) {
      v->err = xasprintf("%s:%d: package line before any module line", filename, lineno);
      return -1;
    }
    strvec_push(&v->mods[v->nmods - 1].pkgs, xstrndup(s, n));
  }
  return 0;
}

void mf_vendor_free(mf_vendor *v) {
  for (size_t i = 0; i < v->nmods; i++) {
    free(v->mods[i].path);
    free(v->mods[i].version);
    strvec_free(&v->mods[i].pkgs);
  }
  free(v->mods);
  free(v->err);
  memset(v, 0, sizeof *v);
}
