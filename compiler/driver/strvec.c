/*
 * strvec.c: growable string vectors and byte buffers (see strvec.h).
 * Growth doubles the capacity, so n appends cost O(n) amortized.
 */
#define _GNU_SOURCE
#include "compiler/driver/strvec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(void) {
  fputs("rog: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory();
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory();
  return p;
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) out_of_memory();
  return p;
}

char *xstrndup(const char *s, size_t n) {
  char *d = xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *xstrdup(const char *s) {
  return xstrndup(s, strlen(s));
}

static char *vxasprintf(const char *fmt, va_list ap, int *len) {
  char *s = NULL;
  int n = vasprintf(&s, fmt, ap);
  if (n < 0) out_of_memory();
  *len = n;
  return s;
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n;
  char *s = vxasprintf(fmt, ap, &n);
  va_end(ap);
  return s;
}

void strvec_push(strvec *s, char *owned) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 8;
    s->v = xrealloc(s->v, s->cap * sizeof *s->v);
  }
  s->v[s->n++] = owned;
}

void strvec_pushdup(strvec *s, const char *str) {
  strvec_push(s, xstrdup(str));
}

bool strvec_contains(const strvec *s, const char *str) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i], str) == 0) return true;
  return false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort_uniq(strvec *s) {
  if (s->n < 2) return;
  qsort(s->v, s->n, sizeof *s->v, cmp_str);
  size_t j = 1;
  for (size_t i = 1; i < s->n; i++) {
    if (strcmp(s->v[i], s->v[j - 1]) == 0)
      free(s->v[i]);
    else
      s->v[j++] = s->v[i];
  }
  s->n = j;
}

void strvec_free(strvec *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

void strbuf_append(strbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
      cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void strbuf_puts(strbuf *b, const char *s) {
  strbuf_append(b, s, strlen(s));
}

void strbuf_putc(strbuf *b, char c) {
  strbuf_append(b, &c, 1);
}

void strbuf_printf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n;
  char *s = vxasprintf(fmt, ap, &n);
  va_end(ap);
  strbuf_append(b, s, (size_t)n);
  free(s);
}

void strbuf_free(strbuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  strbuf b = {0};
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    strbuf_append(&b, tmp, n);
  int err = ferror(f);
  fclose(f);
  if (err) {
    strbuf_free(&b);
    errno = EIO;
    return NULL;
  }
  if (!b.data) strbuf_append(&b, "", 0);
  *len = b.len;
  return b.data;
}
