/*
 * arena.c: the bump allocator that owns an AST.
 *
 * A SynArena is a linked list of chunks; allocation bumps a pointer (cur)
 * in the newest chunk (the fast path, arena_alloc, is inline in ast.h) and starts a new chunk (doubling up to
 * 1 MiB, or exactly the request size for huge requests) when the current one is full. Memory is zeroed
 * (chunks come from calloc) and 8-byte aligned. Nothing is freed individually; syn_arena_free releases all
 * chunks.
 *
 * Invariant: head's data <= cur <= end == head's data + head->cap (or all
 * three NULL before the first chunk); all returned blocks lie inside a
 * chunk of the list. Out of memory aborts: the front end has no sensible
 * way to continue, and callers need not check for NULL.
 * Rejected: malloc per node (slow, and freeing an AST would need a walk).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

struct SynChunk {
  SynChunk *next;
  size_t cap;
  /* followed by cap bytes of data, 8-aligned */
};

static void *xcalloc(size_t n) {
  void *p = calloc(1, n);
  if (!p) {
    fputs("rog: out of memory\n", stderr);
    abort();
  }
  return p;
}

SynArena *syn_arena_new(void) {
  SynArena *a = xcalloc(sizeof *a);
  a->next_cap = 16 << 10;
  return a;
}

void syn_arena_free(SynArena *a) {
  if (!a) return;
  SynChunk *c = a->head;
  while (c) {
    SynChunk *n = c->next;
    free(c);
    c = n;
  }
  free(a);
}

void *syn_arena_alloc_slow(SynArena *a, size_t size) {
  size_t cap = a->next_cap;
  if (cap < (1 << 20)) a->next_cap = cap * 2;
  if (cap < size) cap = size;
  if (a->head) a->done += (size_t)(a->cur - (char *)(a->head + 1));
  SynChunk *c = xcalloc(sizeof(SynChunk) + cap);
  c->cap = cap;
  c->next = a->head;
  a->head = c;
  a->cur = (char *)(c + 1) + size;
  a->end = (char *)(c + 1) + cap;
  return c + 1;
}

void *syn_arena_alloc(SynArena *a, size_t size) {
  return arena_alloc(a, size);
}

size_t syn_arena_used(const SynArena *a) {
  return a->done + (a->head ? (size_t)(a->cur - (char *)(a->head + 1)) : 0);
}

char *syn_arena_strdup(SynArena *a, const char *s, size_t n) {
  char *p = syn_arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}
