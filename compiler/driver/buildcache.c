/*
 * buildcache.c: the package object cache of `rog build` / `rog run`, so a
 * program that imports fmt compiles fmt's 20-odd dependencies once, not on
 * every build (the go command's GOCACHE, in a simpler form).
 *
 * What is cached: the object (or LTO bitcode) codegen_package writes for
 * one package. Type checking still runs on every build, from source (the
 * checker needs every package's types anyway and takes a few seconds for
 * all of std); lowering, LLVM's pipeline and code generation are what the
 * cache saves.
 *
 * Key (SHA-256, hex): a salt, then the package's import path, directory,
 * and for each of its files the name and the content, then the keys of the
 * packages it imports. The salt hashes the rog binary itself (so a rebuilt
 * compiler never reuses objects of an older one; it costs ~0.1 s per build
 * for 60 MB) and the settings string (GOARCH, -O level, enabled passes,
 * bitcode or not). Including the dependencies' keys makes the key cover
 * everything an object can depend on: a package's object is a function of
 * its own files and the types, constants and generic bodies of the
 * packages below it, which are functions of their files in turn. Builds
 * whose outputs are more than the object (-S, -ll, -d remarks on stderr)
 * bypass the cache.
 *
 * Layout: DIR/xx/KEY.o (xx = the key's first two digits). Entries are
 * written to a temporary name and renamed into place, so concurrent rog
 * processes never read half an entry; two writers of one key write the
 * same bytes. A hit refreshes the entry's mtime; at most once a day
 * (DIR/trim.txt) entries unused for 5 days are deleted, as the go command
 * does.
 *
 * Location: $ROGCACHE, else $XDG_CACHE_HOME/rog-build, else
 * $HOME/.cache/rog-build; ROGCACHE=off turns the cache off.
 *
 * Rejected: keying on file modification times (what make does): a checkout
 * or a `git stash` changes mtimes without changing content and content
 * changes within one second go unseen. Hashing content is cheap next to
 * compiling.
 */
#define _GNU_SOURCE
#include "compiler/driver/buildcache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TRIM_INTERVAL (24 * 3600)
#define TRIM_UNUSED (5 * 24 * 3600)

static void hex(const unsigned char *d, unsigned n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (unsigned i = 0; i < n; i++) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 15];
  }
  out[2 * n] = 0;
}

/* Adds a length-prefixed field, so ("ab","c") and ("a","bc") differ. */
static void add_field(EVP_MD_CTX *md, const void *p, size_t n) {
  unsigned char len[8];
  for (int i = 0; i < 8; i++)
    len[i] = (unsigned char)(n >> (8 * i));
  EVP_DigestUpdate(md, len, sizeof len);
  EVP_DigestUpdate(md, p, n);
}

static void add_str(EVP_MD_CTX *md, const char *s) {
  add_field(md, s, strlen(s));
}

/* Adds a file's length and content; returns -1 if it cannot be read. */
static int add_file(EVP_MD_CTX *md, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return -1;
  }
  unsigned char len[8];
  for (int i = 0; i < 8; i++)
    len[i] = (unsigned char)((uint64_t)st.st_size >> (8 * i));
  EVP_DigestUpdate(md, len, sizeof len);
  unsigned char buf[1 << 16];
  off_t total = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return -1;
    }
    if (n == 0) break;
    EVP_DigestUpdate(md, buf, (size_t)n);
    total += n;
  }
  close(fd);
  return total == st.st_size ? 0 : -1; /* changed while we read it */
}

static void finish(EVP_MD_CTX *md, char out[BUILDCACHE_KEY_HEX]) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_DigestFinal_ex(md, d, &n);
  EVP_MD_CTX_free(md);
  hex(d, n, out);
}

static EVP_MD_CTX *begin(void) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(md);
    md = NULL;
  }
  return md;
}

static int mkdir_p(const char *path) {
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) return -1;
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(tmp, 0777) != 0 && errno != EEXIST) return -1;
      *p = '/';
    }
  return mkdir(tmp, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static void off(BuildCache *c, const char *why) {
  fprintf(stderr, "rog: build cache off: %s\n", why);
  free(c->dir);
  c->dir = NULL;
}

/* Deletes entries not used for TRIM_UNUSED, at most once per TRIM_INTERVAL. */
static void trim(BuildCache *c) {
  char stamp[PATH_MAX];
  snprintf(stamp, sizeof stamp, "%s/trim.txt", c->dir);
  time_t now = time(NULL);
  struct stat st;
  if (stat(stamp, &st) == 0 && now - st.st_mtime < TRIM_INTERVAL) return;
  FILE *f = fopen(stamp, "w");
  if (f) {
    fprintf(f, "%lld\n", (long long)now);
    fclose(f);
  }
  for (int i = 0; i < 256; i++) {
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/%02x", c->dir, i);
    DIR *d = opendir(sub);
    if (!d) continue;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char p[PATH_MAX];
      if (snprintf(p, sizeof p, "%s/%s", sub, e->d_name) >= (int)sizeof p) continue;
      if (stat(p, &st) == 0 && now - st.st_mtime > TRIM_UNUSED) unlink(p);
    }
    closedir(d);
  }
}

void buildcache_open(BuildCache *c, const char *settings) {
  memset(c, 0, sizeof *c);
  const char *env = getenv("ROGCACHE");
  char dir[PATH_MAX];
  if (env && strcmp(env, "off") == 0) return;
  if (env && *env) {
    if (env[0] != '/') {
      fprintf(stderr, "rog: build cache off: ROGCACHE=%s is not an absolute path\n", env);
      return;
    }
    snprintf(dir, sizeof dir, "%s", env);
  } else if ((env = getenv("XDG_CACHE_HOME")) && env[0] == '/') {
    snprintf(dir, sizeof dir, "%s/rog-build", env);
  } else if ((env = getenv("HOME")) && env[0] == '/') {
    snprintf(dir, sizeof dir, "%s/.cache/rog-build", env);
  } else {
    return; /* no home: no cache, as the go command without GOCACHE */
  }
  c->dir = strdup(dir);
  if (mkdir_p(c->dir) != 0) {
    off(c, strerror(errno));
    return;
  }
  EVP_MD_CTX *md = begin();
  if (!md || add_file(md, "/proc/self/exe") != 0) {
    if (md) EVP_MD_CTX_free(md);
    off(c, "cannot hash the rog binary");
    return;
  }
  add_str(md, settings);
  char salt[BUILDCACHE_KEY_HEX];
  finish(md, salt);
  c->salt = strdup(salt);
  trim(c);
}

void buildcache_close(BuildCache *c) {
  free(c->dir);
  free(c->salt);
  memset(c, 0, sizeof *c);
}

int buildcache_key(const BuildCache *c, const char *import_path, const char *dir, char *const *files,
                   size_t nfiles, char (*dep_keys)[BUILDCACHE_KEY_HEX], size_t ndeps,
                   char out[BUILDCACHE_KEY_HEX]) {
  if (!c->dir) return -1;
  EVP_MD_CTX *md = begin();
  if (!md) return -1;
  add_str(md, c->salt);
  add_str(md, import_path);
  add_str(md, dir);
  for (size_t i = 0; i < nfiles; i++) {
    char p[PATH_MAX];
    if (files[i][0] == '/')
      snprintf(p, sizeof p, "%s", files[i]);
    else
      snprintf(p, sizeof p, "%s/%s", dir, files[i]);
    add_str(md, files[i]);
    if (add_file(md, p) != 0) {
      EVP_MD_CTX_free(md);
      return -1;
    }
  }
  add_field(md, "deps", 4);
  for (size_t i = 0; i < ndeps; i++)
    add_str(md, dep_keys[i]);
  finish(md, out);
  return 0;
}

static void entry_path(const BuildCache *c, const char *key, char *buf, size_t n) {
  snprintf(buf, n, "%s/%.2s/%s.o", c->dir, key, key);
}

static int copy_file(const char *src, const char *dst) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) return -1;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    close(in);
    return -1;
  }
  unsigned char buf[1 << 16];
  int rc = 0;
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      rc = n < 0 ? -1 : 0;
      break;
    }
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(out, buf + off, (size_t)(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        rc = -1;
        break;
      }
      off += w;
    }
    if (rc) break;
  }
  close(in);
  if (close(out) != 0) rc = -1;
  return rc;
}

bool buildcache_get(BuildCache *c, const char *key, const char *dst) {
  if (!c->dir) return false;
  char p[PATH_MAX];
  entry_path(c, key, p, sizeof p);
  if (copy_file(p, dst) != 0) {
    unlink(dst);
    c->misses++;
    return false;
  }
  utimensat(AT_FDCWD, p, NULL, 0); /* used now: trim keeps it */
  c->hits++;
  return true;
}

void buildcache_put(BuildCache *c, const char *key, const char *src) {
  if (!c->dir) return;
  char p[PATH_MAX], sub[PATH_MAX], tmp[PATH_MAX + 32];
  snprintf(sub, sizeof sub, "%s/%.2s", c->dir, key);
  entry_path(c, key, p, sizeof p);
  snprintf(tmp, sizeof tmp, "%s.tmp%ld", p, (long)getpid());
  if (mkdir_p(sub) != 0 || copy_file(src, tmp) != 0 || rename(tmp, p) != 0) {
    fprintf(stderr, "rog: build cache: cannot store %s: %s\n", p, strerror(errno));
    unlink(tmp);
  }
}
