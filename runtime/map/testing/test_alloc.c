/*
 * runtime/map/testing/test_alloc.c: TEST-ONLY rog_alloc / rog_gcwrite /
 * rog_gcmemmove (see test_alloc.h). calloc-based, records every block in a
 * growable array under a mutex; barriers are plain stores and copies that
 * count how often they are called with pointer-holding data.
 */
#include "test_alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
  void *p;
  size_t size;
  const rog_type *type;
} block;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static block *blocks;
static size_t nblocks, capblocks;
static size_t barriers;

void *rog_alloc(size_t size, const rog_type *type) {
  void *p = calloc(1, size ? size : 1);
  if (p == NULL) {
    fprintf(stderr, "fatal error: out of memory (test rog_alloc)\n");
    abort();
  }
  if (type && type->ptrdata && type->size && size % type->size != 0) {
    fprintf(stderr, "test rog_alloc: size %zu not a multiple of type size %zu\n", size, (size_t)type->size);
    abort();
  }
  pthread_mutex_lock(&lock);
  if (nblocks == capblocks) {
    capblocks = capblocks ? capblocks * 2 : 1024;
    blocks = realloc(blocks, capblocks * sizeof *blocks);
    if (blocks == NULL) abort();
  }
  blocks[nblocks++] = (block){p, size, type};
  pthread_mutex_unlock(&lock);
  return p;
}

void rog_gcwrite(void **slot, void *val) {
  __atomic_fetch_add(&barriers, 1, __ATOMIC_RELAXED);
  *slot = val;
}

void rog_gcmemmove(void *dst, const void *src, size_t n, const rog_type *type) {
  if (type && type->ptrdata) __atomic_fetch_add(&barriers, 1, __ATOMIC_RELAXED);
  memmove(dst, src, n);
}

void rog_test_alloc_reset(void) {
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < nblocks; i++)
    free(blocks[i].p);
  nblocks = 0;
  __atomic_store_n(&barriers, 0, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&lock);
}

size_t rog_test_alloc_count(void) {
  pthread_mutex_lock(&lock);
  size_t n = nblocks;
  pthread_mutex_unlock(&lock);
  return n;
}

size_t rog_test_barrier_count(void) {
  return __atomic_load_n(&barriers, __ATOMIC_RELAXED);
}

int rog_test_alloc_find_pointer(const void *target) {
  int found = -1;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < nblocks && found < 1; i++) {
    const block *b = &blocks[i];
    const uintptr_t *w = b->p;
    for (size_t j = 0; j < b->size / 8; j++) {
      if (w[j] != (uintptr_t)target) continue;
      bool marked = false;
      if (b->type && b->type->ptrdata) {
        size_t off = (j * 8) % b->type->size / 8; /* word within the element */
        marked = off < b->type->ptrdata / 8 && (b->type->gcdata[off / 8] >> (off % 8) & 1);
      }
      if (marked) {
        found = 1;
        break;
      }
      found = 0;
    }
  }
  pthread_mutex_unlock(&lock);
  return found;
}
