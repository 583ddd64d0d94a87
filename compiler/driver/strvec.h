/*
 * strvec.h: the two small containers the package loader is built from: a
 * growable vector of owned C strings and a growable byte buffer, plus
 * allocation helpers that abort on exhaustion.
 *
 * Invariants: a zero-initialized strvec or strbuf is empty and valid; a
 * strvec owns every string it holds (free with strvec_free); strbuf.data is
 * always NUL-terminated once anything was appended. Memory exhaustion aborts
 * the process with a message: the driver is a short-lived command and has no
 * useful way to continue without memory (rejected: threading ENOMEM through
 * every loader function, which would double their size for no user benefit).
 */
#ifndef ROG_DRIVER_STRVEC_H
#define ROG_DRIVER_STRVEC_H

#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

typedef struct {
  char **v;
  size_t n, cap;
} strvec;

void strvec_push(strvec *s, char *owned);
void strvec_pushdup(strvec *s, const char *str);
bool strvec_contains(const strvec *s, const char *str);
/* Sorts by byte order (Go's sort.Strings order) and drops duplicates. */
void strvec_sort_uniq(strvec *s);
void strvec_free(strvec *s);

typedef struct {
  char *data;
  size_t len, cap;
} strbuf;

void strbuf_append(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_free(strbuf *b);

/* Reads a whole file; returns NULL (errno set) on failure. *len excludes the
 * NUL terminator that is always appended. */
char *read_file(const char *path, size_t *len);

#endif
