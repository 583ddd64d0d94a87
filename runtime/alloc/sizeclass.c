/*
 * runtime/alloc/sizeclass.c: the size classes, computed at start-up.
 *
 * Classes: 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, then eight classes per
 * power of two (step = power/8) up to 32 KiB: at most 12.5% of a slot is
 * lost to rounding. Each class's span is the smallest number of pages that
 * wastes at most 1/8 of the span at its tail and holds at least 8 objects
 * (at least 2 for classes above 8 KiB), so a cache refill amortizes over
 * several objects.
 *
 * Lookup: alloc_class_by8[(size+7)/8] for sizes up to 1 KiB and
 * alloc_class_by128[(size-1024+127)/128] above, both filled here; the fast
 * path reads one of them.
 *
 * Object index division: idx = (off * divmul) >> 32 with divmul =
 * ceil(2^32 / size). This is exact for every offset inside a span when
 * off < 2^32 / (size * error) holds; alloc_sizeclass_init checks it for
 * every slot start and end of every class and aborts if a table change ever
 * breaks it (cheap: a few hundred thousand multiplies at start-up in debug
 * builds, skipped otherwise; the unit test runs it).
 *
 * Rejected: gc's hand-tuned 68-class table (a copy of it is not allowed, and
 * a generated table is within a few percent of its waste).
 */
#include "alloc_internal.h"

unsigned alloc_nclasses;
uint32_t alloc_class_size_tab[ALLOC_MAX_CLASSES];
uint32_t alloc_class_npages[ALLOC_MAX_CLASSES];
uint32_t alloc_class_divmul[ALLOC_MAX_CLASSES];
uint8_t alloc_class_by8[1024 / 8 + 1];
uint8_t alloc_class_by128[(ALLOC_MAX_SMALL - 1024) / 128 + 1];

static void add_class(uint32_t size) {
  unsigned c = ++alloc_nclasses;
  if (c >= ALLOC_MAX_CLASSES) alloc_fatal("too many size classes");
  alloc_class_size_tab[c] = size;
  uint32_t minobj = size > 8192 ? 2 : 8;
  uint32_t np = 1;
  for (;;) {
    uintptr_t bytes = (uintptr_t)np * ALLOC_PAGE_SIZE;
    if (bytes / size >= minobj && (bytes % size) * 8 <= bytes) break;
    np++;
  }
  alloc_class_npages[c] = np;
  alloc_class_divmul[c] = (uint32_t)(((uint64_t)1 << 32) / size + 1);
}

/* Checks the reciprocal division of every class over its whole span. */
bool alloc_sizeclass_check(void) {
  for (unsigned c = 1; c <= alloc_nclasses; c++) {
    uint64_t size = alloc_class_size_tab[c];
    uint64_t bytes = (uint64_t)alloc_class_npages[c] * ALLOC_PAGE_SIZE;
    for (uint64_t i = 0; i < bytes / size; i++) {
      uint64_t lo = i * size, hi = i * size + size - 1;
      if (((lo * alloc_class_divmul[c]) >> 32) != i || ((hi * alloc_class_divmul[c]) >> 32) != i)
        return false;
    }
  }
  return true;
}

void alloc_sizeclass_init(void) {
  static const uint32_t small[] = {8, 16, 24, 32, 48, 64, 80, 96, 112, 128};
  for (unsigned i = 0; i < sizeof small / sizeof small[0]; i++)
    add_class(small[i]);
  for (uint32_t pow = 128; pow < ALLOC_MAX_SMALL; pow *= 2)
    for (uint32_t size = pow + pow / 8; size <= 2 * pow; size += pow / 8)
      add_class(size);
  unsigned c = 1;
  for (uint32_t i = 0; i <= 1024 / 8; i++) {
    uint32_t size = i * 8;
    while (alloc_class_size_tab[c] < size)
      c++;
    alloc_class_by8[i] = (uint8_t)c;
  }
  for (uint32_t i = 0; i <= (ALLOC_MAX_SMALL - 1024) / 128; i++) {
    uint32_t size = 1024 + i * 128;
    while (alloc_class_size_tab[c] < size)
      c++;
    alloc_class_by128[i] = (uint8_t)c;
  }
  if (alloc_opt_debug && !alloc_sizeclass_check()) alloc_fatal("size class reciprocal division is inexact");
}

unsigned alloc_num_classes(void) {
  alloc_init();
  return alloc_nclasses;
}

size_t alloc_class_size(unsigned cls) {
  alloc_init();
  return cls >= 1 && cls <= alloc_nclasses ? alloc_class_size_tab[cls] : 0;
}
