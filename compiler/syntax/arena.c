/*
 * arena.c: the bump allocator that owns an AST.
 *
 * A SynArena is a linked list of chunks; allocation bumps a pointer in the
 * newest chunk and starts a new chunk (doubling up to 1 MiB, or exactly the
 * request size for huge requests) when the current one is full. Memory is
 * zeroed (chunks come from calloc) and 8-byte aligned. Nothing is freed
 * individually; syn_arena_free releases all chunks.
 *
 * Invariant: head->used <= head->cap; all returned blocks lie inside a
 * chunk of the list. Out of memory aborts: the front end has no sensible
 * way to continue, and callers need not check for NULL.
 * Rejected: malloc per node (slow, and freeing an AST would need a walk).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

typedef struct Chunk {
    struct Chunk *next;
    size_t cap, used;
    /* followed by cap bytes of data, 8-aligned */
} Chunk;

struct SynArena {
    Chunk *head;
    size_t next_cap;
    size_t total;
};

static void *xcalloc(size_t n)
{
    void *p = calloc(1, n);
    if (!p) {
        fputs("rog: out of memory\n", stderr);
        abort();
    }
    return p;
}

SynArena *syn_arena_new(void)
{
    SynArena *a = xcalloc(sizeof *a);
    a->next_cap = 16 << 10;
    return a;
}

void syn_arena_free(SynArena *a)
{
    if (!a)
        return;
    Chunk *c = a->head;
    while (c) {
        Chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a);
}

static void *alloc_slow(SynArena *a, size_t size)
{
    size_t cap = a->next_cap;
    if (cap < (1 << 20))
        a->next_cap = cap * 2;
    if (cap < size)
        cap = size;
    Chunk *c = xcalloc(sizeof(Chunk) + cap);
    c->cap = cap;
    c->used = size;
    c->next = a->head;
    a->head = c;
    return (char *)(c + 1);
}

void *syn_arena_alloc(SynArena *a, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    a->total += size;
    Chunk *c = a->head;
    if (c && c->cap - c->used >= size) {
        void *p = (char *)(c + 1) + c->used;
        c->used += size;
        return p;
    }
    return alloc_slow(a, size);
}

size_t syn_arena_used(const SynArena *a) { return a->total; }

char *syn_arena_strdup(SynArena *a, const char *s, size_t n)
{
    char *p = syn_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}
