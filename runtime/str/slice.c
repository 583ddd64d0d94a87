/*
 * runtime/str/slice.c: make([]T, len, cap) and append's growth
 * (abi.h [print, str]).
 *
 * Capacity rounding. gc rounds every slice allocation up to its size class
 * (roundupsize) and reports the rounded capacity, so programs observe it
 * through cap(). rog's allocator has its own classes (runtime/alloc), but
 * here slices ask for gc's rounded size (the table below: gc 1.19's 67
 * class sizes, 8 KiB pages above 32 KiB), so cap() after append and after
 * []byte(s) matches gc exactly; the allocator may hand out a slightly
 * larger slot, which is simply unused. The table is data describing gc's
 * observable behaviour, not code.
 *
 * Growth (gc 1.19's growslice): the new capacity is the requested length
 * if that is more than double the old capacity; else double the old
 * capacity below 256 elements, and above that grow by (cap + 3*256)/4 per
 * step until it suffices (a smooth transition from 2x to 1.25x); then the
 * byte size is rounded up as above and the capacity recomputed from it.
 * Errors: "growslice: cap out of range" (a runtime.Error), and for make:
 * "makeslice: len out of range" / "makeslice: cap out of range".
 *
 * Copying the old elements into the new array uses memcpy without write
 * barriers: the new object is unpublished and, during concurrent marking,
 * allocated black; every pointer copied was reachable from the old array
 * at the start of the cycle (snapshot rule, runtime/gc/mark.c) or was
 * allocated black, so no barrier is needed (gc needs its barrier only for
 * its hybrid barrier's "shade the source" half).
 *
 * Zero-sized allocations return the address of a static zero word (gc's
 * zerobase): distinct slices of zero-sized elements may compare equal.
 */
#include <string.h>

#include "runtime/str/str.h"

static const uint16_t gc_class_sizes[] = {
    8,     16,    24,    32,    48,    64,    80,    96,    112,   128,   144,   160,   176,   192,
    208,   224,   240,   256,   288,   320,   352,   384,   416,   448,   480,   512,   576,   640,
    704,   768,   896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304,  2688,  3072,  3200,
    3456,  4096,  4864,  5376,  6144,  6528,  6784,  6912,  8192,  9472,  9728,  10240, 10880, 12288,
    13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
};
#define GC_MAX_SMALL 32768
#define GC_PAGE 8192

/* gc's zerobase: the address of zero-sized allocations. Compiled code
 * boxes zero-size values at the same symbol (a linkonce definition in each
 * module; this strong one wins at link time). */
uint64_t zerobase __asm__("runtime.zerobase") __attribute__((aligned(8)));

uintptr_t str_roundupsize(uintptr_t size) {
  if (size <= GC_MAX_SMALL) {
    if (size == 0) return 0;
    size_t lo = 0, hi = sizeof gc_class_sizes / sizeof gc_class_sizes[0] - 1;
    while (lo < hi) { /* first class >= size */
      size_t mid = (lo + hi) / 2;
      if (gc_class_sizes[mid] < size)
        lo = mid + 1;
      else
        hi = mid;
    }
    return gc_class_sizes[lo];
  }
  if (size + GC_PAGE < size) return size;
  return (size + GC_PAGE - 1) & ~(uintptr_t)(GC_PAGE - 1);
}

void rog_panic_runtime_error(const char *msg, bool plain);

static void *alloc_array(const rog_type *elem, uintptr_t bytes) {
  if (bytes == 0) return &zerobase;
  return rog_alloc(bytes, elem != NULL && elem->ptrdata != 0 ? elem : NULL);
}

/* elem == NULL is treated as a 1-byte pointer-free element. */
void *rog_makeslice(const rog_type *elem, intptr_t len, intptr_t cap) {
  uintptr_t size = elem != NULL ? elem->size : 1;
  uintptr_t mem;
  bool overflow = __builtin_mul_overflow(size, (uintptr_t)cap, &mem);
  if (overflow || mem > STR_MAX_ALLOC || len < 0 || len > cap) {
    overflow = __builtin_mul_overflow(size, (uintptr_t)len, &mem);
    if (overflow || mem > STR_MAX_ALLOC || len < 0) rog_panic_makeslice_len();
    rog_panic_makeslice_cap();
  }
  return alloc_array(elem, mem);
}

rog_slice rog_growslice(const rog_type *elem, void *oldptr, intptr_t oldlen, intptr_t oldcap,
                        intptr_t newlen) {
  if (newlen < oldcap) rog_panic_runtime_error("growslice: cap out of range", false);
  uintptr_t size = elem != NULL ? elem->size : 1;
  rog_slice r;
  if (size == 0) {
    r.ptr = &zerobase;
    r.len = newlen;
    r.cap = newlen;
    return r;
  }
  intptr_t newcap = oldcap;
  intptr_t doublecap = newcap + newcap;
  if (newlen > doublecap) {
    newcap = newlen;
  } else if (oldcap < 256) {
    newcap = doublecap;
  } else {
    /* +1.25x for large slices, smoothly from 2x at 256 elements; check
     * 0 < newcap to detect overflow and prevent an infinite loop. */
    while (0 < newcap && newcap < newlen)
      newcap += (newcap + 3 * 256) / 4;
    if (newcap <= 0) newcap = newlen;
  }
  uintptr_t capmem;
  bool overflow = __builtin_mul_overflow((uintptr_t)newcap, size, &capmem);
  if (!overflow) {
    capmem = str_roundupsize(capmem);
    newcap = (intptr_t)(capmem / size);
    capmem = (uintptr_t)newcap * size;
  }
  if (overflow || capmem > STR_MAX_ALLOC) rog_panic_runtime_error("growslice: cap out of range", false);
  void *p = alloc_array(elem, capmem);
  if (oldlen > 0) memcpy(p, oldptr, (size_t)oldlen * size);
  r.ptr = p;
  r.len = newlen;
  r.cap = newcap;
  return r;
}
