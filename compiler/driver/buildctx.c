/*
 * buildctx.c: build constraint evaluation (see buildctx.h for the rules).
 *
 * The //go:build parser is recursive descent over a hand-written tokenizer;
 * errors carry go/build/constraint's wording ("unexpected token", "missing
 * close paren", "double negation not allowed", "unexpected end of
 * expression", "invalid syntax at X") so `rog list` messages read like the
 * go command's. Tags are runs of letters, digits, '_' and '.'.
 *
 * The header scan in bc_should_build follows go/build's parseFileHeader:
 * lines are trimmed; blank lines (before the first non-comment line) move
 * the end of the "+build region"; a //go:build line is recognized anywhere
 * in the leading comments outside a block comment; scanning stops at the
 * first line that is not a comment.
 *
 * Std packages without assembly (bc_noasm_packages, bc_context.noasm).
 * rog never compiles Go assembly (.s files). Most std assembly has a rog
 * replacement: an overlay (runtime, internal/bytealg, internal/cpu), a
 * compiler intrinsic (sync/atomic, math's arch* functions) or runtime C
 * under the Go name (reflect, syscall, os/signal, runtime/internal/*). The
 * packages listed in noasm_packages have none: their .s files for amd64 or
 * arm64 implement hashing, ciphers, curve and bignum arithmetic, and every
 * one of them carries Go's own portable implementation for the GOARCHes
 * without assembly. rog selects that implementation, as a port to a new
 * GOARCH with no assembly yet would see it: while the files of such a
 * package are selected, the GOARCH tag is false (both in //go:build lines
 * and as a file-name suffix: sha256block_amd64.go, `amd64 || arm64`
 * constraints), and the tags purego (golang.org/x/crypto, edwards25519)
 * and math_big_pure_go (math/big, whose arith_decl.go is not
 * arch-constrained) are true. GOOS, unix, gc, cgo and release tags keep
 * their values; word size and byte order are the target's (they are not
 * file-selection questions for these packages).
 *
 * The rule applies only to rog's builds (the loader with rog's overlay
 * tree, and rules_rog's std graph: rules_rog/private/tools/stdgraph
 * mirrors the list and must match it); `rog list` reports go's file sets.
 *
 * Criterion for the list: the package has .s files for amd64 or arm64 and
 * rog provides no replacement for them, or its amd64/arm64 files use an
 * API that only exists with such a package's assembly (crypto/elliptic's
 * nistec_p256.go calls nistec.P256OrdInverse, p256_asm_ordinv.go). Rejected: applying the rule to
 * every package with .s files (math would lose its intrinsics and
 * vendor/golang.org/x/sys/cpu has no file declaring cacheLineSize for an
 * unknown GOARCH; its cpuid is runtime C, runtime/sys/std_net.c);
 * overlays with copies of the generic files (DESIGN §6: upstream files
 * unmodified, overlays as small as possible); panicking stubs for the
 * assembly (what hash/crc32 had: it only linked because internal/cpu
 * reports no features).
 */
#include "compiler/driver/buildctx.h"

#include <stdlib.h>
#include <string.h>

static const char *const known_os[] = {"aix",     "android", "darwin",  "dragonfly", "freebsd", "hurd",
                                       "illumos", "ios",     "js",      "linux",     "nacl",    "netbsd",
                                       "openbsd", "plan9",   "solaris", "windows",   "zos"};
static const char *const unix_os[] = {"aix",     "android", "darwin", "dragonfly", "freebsd", "hurd",
                                      "illumos", "ios",     "linux",  "netbsd",    "openbsd", "solaris"};
static const char *const known_arch[] = {
    "386",     "amd64",  "amd64p32", "arm",      "armbe",     "arm64",       "arm64be", "loong64",
    "mips",    "mipsle", "mips64",   "mips64le", "mips64p32", "mips64p32le", "ppc",     "ppc64",
    "ppc64le", "riscv",  "riscv64",  "s390",     "s390x",     "sparc",       "sparc64", "wasm"};

static bool in_list(const char *const *list, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0) return true;
  return false;
}

static const char *const noasm_packages[] = {
    "crypto/aes",
    "crypto/cipher",
    "crypto/elliptic",
    "crypto/internal/edwards25519/field",
    "crypto/internal/nistec",
    "crypto/md5",
    "crypto/sha1",
    "crypto/sha256",
    "crypto/sha512",
    "hash/crc32",
    "math/big",
    "vendor/golang.org/x/crypto/chacha20",
    "vendor/golang.org/x/crypto/chacha20poly1305",
    "vendor/golang.org/x/crypto/curve25519/internal/field",
    "vendor/golang.org/x/crypto/internal/poly1305",
};

bool bc_noasm_package(const char *import_path) {
  return in_list(noasm_packages, sizeof noasm_packages / sizeof *noasm_packages, import_path);
}

bc_context bc_noasm_context(const bc_context *c) {
  bc_context n = *c;
  n.noasm = true;
  return n;
}

bool bc_known_os(const char *s) {
  return in_list(known_os, sizeof known_os / sizeof *known_os, s);
}
bool bc_known_arch(const char *s) {
  return in_list(known_arch, sizeof known_arch / sizeof *known_arch, s);
}

void bc_init(bc_context *c, const char *goarch) {
  memset(c, 0, sizeof *c);
  c->goos = xstrdup("linux");
  c->goarch = xstrdup(goarch);
  c->compiler = xstrdup("gc");
  c->cgo_enabled = false;
  /* Go 1.19 enables the register ABI experiments on these architectures
   * (internal/buildcfg), and go/build turns each into a tool tag. */
  if (strcmp(goarch, "amd64") == 0 || strcmp(goarch, "arm64") == 0 || strcmp(goarch, "ppc64") == 0 ||
      strcmp(goarch, "ppc64le") == 0 || strcmp(goarch, "riscv64") == 0) {
    strvec_pushdup(&c->tool_tags, "goexperiment.regabiwrappers");
    strvec_pushdup(&c->tool_tags, "goexperiment.regabiargs");
  }
  for (int v = 1; v <= 19; v++)
    strvec_push(&c->release_tags, xasprintf("go1.%d", v));
}

void bc_add_tags(bc_context *c, const char *list) {
  const char *p = list;
  while (*p) {
    while (*p == ',' || *p == ' ')
      p++;
    const char *s = p;
    while (*p && *p != ',' && *p != ' ')
      p++;
    if (p > s) strvec_push(&c->build_tags, xstrndup(s, (size_t)(p - s)));
  }
}

void bc_free(bc_context *c) {
  free(c->goos);
  free(c->goarch);
  free(c->compiler);
  strvec_free(&c->build_tags);
  strvec_free(&c->tool_tags);
  strvec_free(&c->release_tags);
}

bool bc_match_tag(const bc_context *c, const char *name) {
  if (c->cgo_enabled && strcmp(name, "cgo") == 0) return true;
  if (c->noasm) {
    if (strcmp(name, c->goarch) == 0) return false;
    if (strcmp(name, "purego") == 0 || strcmp(name, "math_big_pure_go") == 0) return true;
  }
  if (strcmp(name, c->goos) == 0 || strcmp(name, c->goarch) == 0 || strcmp(name, c->compiler) == 0)
    return true;
  if (strcmp(c->goos, "android") == 0 && strcmp(name, "linux") == 0) return true;
  if (strcmp(c->goos, "illumos") == 0 && strcmp(name, "solaris") == 0) return true;
  if (strcmp(c->goos, "ios") == 0 && strcmp(name, "darwin") == 0) return true;
  if (strcmp(name, "unix") == 0 && in_list(unix_os, sizeof unix_os / sizeof *unix_os, c->goos)) return true;
  if (strcmp(name, "boringcrypto") == 0) name = "goexperiment.boringcrypto";
  return strvec_contains(&c->build_tags, name) || strvec_contains(&c->tool_tags, name) ||
         strvec_contains(&c->release_tags, name);
}

bool bc_good_os_arch_file(const bc_context *c, const char *name) {
  const char *dot = strchr(name, '.');
  size_t n = dot ? (size_t)(dot - name) : strlen(name);
  const char *us = memchr(name, '_', n);
  if (!us) return true;
  /* Split name[us:n] at '_' (the first element is empty: everything before
   * the first '_' never constrains). */
  char *rest = xstrndup(us + 1, n - (size_t)(us + 1 - name));
  char *parts[64];
  size_t np = 0;
  char *save = rest;
  for (char *p = rest;; p++) {
    if (*p == '_' || *p == 0) {
      bool end = *p == 0;
      *p = 0;
      if (np < 64) parts[np++] = save;
      save = p + 1;
      if (end) break;
    }
  }
  if (np > 0 && strcmp(parts[np - 1], "test") == 0) np--;
  bool ok = true;
  if (np >= 2 && bc_known_os(parts[np - 2]) && bc_known_arch(parts[np - 1]))
    ok = bc_match_tag(c, parts[np - 1]) && bc_match_tag(c, parts[np - 2]);
  else if (np >= 1 && (bc_known_os(parts[np - 1]) || bc_known_arch(parts[np - 1])))
    ok = bc_match_tag(c, parts[np - 1]);
  free(rest);
  return ok;
}

/* ---- expressions ---- */

static bc_expr *mk(bc_kind k, bc_expr *x, bc_expr *y) {
  bc_expr *e = xcalloc(1, sizeof *e);
  e->kind = k;
  e->x = x;
  e->y = y;
  return e;
}

static bc_expr *mk_tag(const char *s, size_t n) {
  bc_expr *e = mk(BC_TAG, NULL, NULL);
  e->tag = xstrndup(s, n);
  return e;
}

void bc_expr_free(bc_expr *x) {
  if (!x) return;
  bc_expr_free(x->x);
  bc_expr_free(x->y);
  free(x->tag);
  free(x);
}

bool bc_eval(const bc_context *c, const bc_expr *x) {
  switch (x->kind) {
  case BC_TAG:
    return bc_match_tag(c, x->tag);
  case BC_NOT:
    return !bc_eval(c, x->x);
  case BC_AND:
    return bc_eval(c, x->x) && bc_eval(c, x->y);
  case BC_OR:
    return bc_eval(c, x->x) || bc_eval(c, x->y);
  }
  return false;
}

static bool is_tag_char(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
         ch == '.' || ch >= 0x80;
}

typedef struct {
  const char *s;
  size_t i;
  /* current token: "(" ")" "!" "&&" "||" a tag, or "" at the end */
  const char *tok;
  size_t toklen;
  size_t tokpos;
  char *err;
} gb_parser;

static void gb_fail(gb_parser *p, const char *fmt, const char *arg) {
  if (!p->err) p->err = xasprintf(fmt, arg);
}

static void gb_lex(gb_parser *p) {
  if (p->err) return;
  while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
    p->i++;
  p->tokpos = p->i;
  const char *s = p->s + p->i;
  if (*s == 0) {
    p->tok = "";
    p->toklen = 0;
    return;
  }
  if (*s == '(' || *s == ')' || *s == '!') {
    p->tok = s;
    p->toklen = 1;
    p->i++;
    return;
  }
  if ((s[0] == '&' && s[1] == '&') || (s[0] == '|' && s[1] == '|')) {
    p->tok = s;
    p->toklen = 2;
    p->i += 2;
    return;
  }
  if (!is_tag_char((unsigned char)*s)) {
    char c[2] = {*s, 0};
    gb_fail(p, "invalid syntax at %s", c);
    p->tok = "";
    p->toklen = 0;
    return;
  }
  size_t n = 0;
  while (is_tag_char((unsigned char)s[n]))
    n++;
  p->tok = s;
  p->toklen = n;
  p->i += n;
}

static bool gb_is(gb_parser *p, const char *t) {
  return p->toklen == strlen(t) && memcmp(p->tok, t, p->toklen) == 0;
}

static void gb_unexpected(gb_parser *p) {
  if (p->toklen == 0) {
    gb_fail(p, "unexpected end of expression%s", "");
  } else {
    char *t = xstrndup(p->tok, p->toklen);
    gb_fail(p, "unexpected token %s", t);
    free(t);
  }
}

static bc_expr *gb_or(gb_parser *p);

static bc_expr *gb_not(gb_parser *p) {
  if (p->err) return NULL;
  if (gb_is(p, "!")) {
    gb_lex(p);
    if (gb_is(p, "!")) {
      gb_fail(p, "double negation not allowed%s", "");
      return NULL;
    }
    bc_expr *x = gb_not(p);
    return x ? mk(BC_NOT, x, NULL) : NULL;
  }
  if (gb_is(p, "(")) {
    gb_lex(p);
    bc_expr *x = gb_or(p);
    if (!x) return NULL;
    if (!gb_is(p, ")")) {
      gb_fail(p, "missing close paren%s", "");
      bc_expr_free(x);
      return NULL;
    }
    gb_lex(p);
    return x;
  }
  if (p->toklen == 0 || !is_tag_char((unsigned char)p->tok[0])) {
    gb_unexpected(p);
    return NULL;
  }
  bc_expr *x = mk_tag(p->tok, p->toklen);
  gb_lex(p);
  return x;
}

static bc_expr *gb_and(gb_parser *p) {
  bc_expr *x = gb_not(p);
  while (x && gb_is(p, "&&")) {
    gb_lex(p);
    bc_expr *y = gb_not(p);
    if (!y) {
      bc_expr_free(x);
      return NULL;
    }
    x = mk(BC_AND, x, y);
  }
  return x;
}

static bc_expr *gb_or(gb_parser *p) {
  bc_expr *x = gb_and(p);
  while (x && gb_is(p, "||")) {
    gb_lex(p);
    bc_expr *y = gb_and(p);
    if (!y) {
      bc_expr_free(x);
      return NULL;
    }
    x = mk(BC_OR, x, y);
  }
  return x;
}

bc_expr *bc_parse_gobuild(const char *text, char **err) {
  gb_parser p = {.s = text};
  gb_lex(&p);
  bc_expr *x = gb_or(&p);
  if (x && !p.err && p.toklen != 0) {
    gb_unexpected(&p);
  }
  if (p.err) {
    bc_expr_free(x);
    *err = p.err;
    return NULL;
  }
  *err = NULL;
  return x;
}

static bool valid_tag(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (!is_tag_char((unsigned char)s[i])) return false;
  return true;
}

bc_expr *bc_parse_plusbuild(const char *text) {
  bc_expr *x = NULL;
  const char *p = text;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
      p++;
    if (!*p) break;
    const char *cs = p;
    while (*p && !(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f'))
      p++;
    /* clause cs..p: comma-separated literals */
    bc_expr *y = NULL;
    const char *q = cs;
    for (;;) {
      const char *ls = q;
      while (q < p && *q != ',')
        q++;
      size_t n = (size_t)(q - ls);
      bc_expr *z;
      if ((n >= 2 && ls[0] == '!' && ls[1] == '!') || (n == 1 && ls[0] == '!')) {
        z = mk_tag("ignore", 6);
      } else {
        bool neg = n > 0 && ls[0] == '!';
        if (neg) {
          ls++;
          n--;
        }
        z = valid_tag(ls, n) ? mk_tag(ls, n) : mk_tag("ignore", 6);
        if (neg) z = mk(BC_NOT, z, NULL);
      }
      y = y ? mk(BC_AND, y, z) : z;
      if (q >= p) break;
      q++; /* skip ',' */
    }
    x = x ? mk(BC_OR, x, y) : y;
  }
  return x ? x : mk_tag("ignore", 6);
}

/* ---- file headers ---- */

static bool has_prefix(const char *s, size_t n, const char *pre) {
  size_t m = strlen(pre);
  return n >= m && memcmp(s, pre, m) == 0;
}

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n) {
  while (*n > 0 && is_space(**s))
    (*s)++, (*n)--;
  while (*n > 0 && is_space((*s)[*n - 1]))
    (*n)--;
}

/* line is trimmed. "//go:build" followed by nothing or a space. */
static bool is_gobuild_line(const char *line, size_t n) {
  return has_prefix(line, n, "//go:build") && (n == 10 || is_space(line[10]));
}

static const char *find2(const char *s, size_t n, char a, char b) {
  for (size_t i = 0; i + 1 < n; i++)
    if (s[i] == a && s[i + 1] == b) return s + i;
  return NULL;
}

int bc_should_build(const bc_context *c, const char *src, size_t len, char **err) {
  *err = NULL;
  size_t end = 0; /* end of the region where // +build lines count */
  size_t pos = 0;
  bool ended = false, in_block = false;
  const char *gobuild = NULL;
  size_t gobuild_len = 0;
  while (pos < len) {
    const char *line = src + pos;
    const char *nl = memchr(line, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - line) : len - pos;
    pos = nl ? pos + n + 1 : len;
    trim(&line, &n);
    if (n == 0 && !ended) {
      end = pos;
      continue;
    }
    if (!has_prefix(line, n, "//")) ended = true;
    if (!in_block && is_gobuild_line(line, n)) {
      if (gobuild) {
        *err = xstrdup("multiple //go:build comments");
        return -1;
      }
      gobuild = line;
      gobuild_len = n;
    }
    /* Skip the comments on this line; stop at anything else. */
    bool stop = false;
    while (n > 0) {
      if (in_block) {
        const char *e = find2(line, n, '*', '/');
        if (!e) break;
        in_block = false;
        n -= (size_t)(e + 2 - line);
        line = e + 2;
        trim(&line, &n);
        continue;
      }
      if (has_prefix(line, n, "//")) break;
      if (has_prefix(line, n, "/*")) {
        in_block = true;
        line += 2;
        n -= 2;
        trim(&line, &n);
        continue;
      }
      stop = true;
      break;
    }
    if (stop) break;
  }

  if (gobuild) {
    char *text = xstrndup(gobuild + 10, gobuild_len - 10);
    char *perr = NULL;
    bc_expr *x = bc_parse_gobuild(text, &perr);
    free(text);
    if (!x) {
      *err = xasprintf("parsing //go:build line: %s", perr);
      free(perr);
      return -1;
    }
    bool ok = bc_eval(c, x);
    bc_expr_free(x);
    return ok;
  }

  bool ok = true;
  pos = 0;
  while (pos < end) {
    const char *line = src + pos;
    const char *nl = memchr(line, '\n', end - pos);
    size_t n = nl ? (size_t)(nl - line) : end - pos;
    pos = nl ? pos + n + 1 : end;
    trim(&line, &n);
    if (!has_prefix(line, n, "//")) continue;
    const char *t = line + 2;
    size_t tn = n - 2;
    trim(&t, &tn);
    if (!has_prefix(t, tn, "+build")) continue;
    if (tn > 6 && !is_space(t[6])) continue; /* "+buildfoo" is not a constraint */
    char *text = xstrndup(t + 6, tn - 6);
    bc_expr *x = bc_parse_plusbuild(text);
    free(text);
    if (!bc_eval(c, x)) ok = false;
    bc_expr_free(x);
  }
  return ok;
}
