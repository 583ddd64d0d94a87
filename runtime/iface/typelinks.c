/*
 * typelinks.c: reflect.typelinks, the program's list of static type
 * descriptors sorted by type string, and a lookup by string for rog's own
 * use (reflectcall.c finds a call's function type by name).
 *
 * Input: the compiler emits, next to every static type descriptor, a
 * pointer to it in section "rog_typelinks" (compiler/lower/typedesc.c,
 * typelink; one per type, deduplicated by comdat like the descriptors;
 * gc lists only composite unnamed types, rog all of them, see there).
 * The linker bounds the section with __start_rog_typelinks and
 * __stop_rog_typelinks.
 *
 * Output, built once on first use (on the system stack: qsort and malloc
 * are deep) and immutable afterwards: the descriptors sorted by
 * iface_type_string, and their int32 offsets from __start_rog_types, the
 * one "section" reflect gets. gc's typelinks() returns one section and one
 * sorted offset list per module; rog programs are one module. The arrays
 * are malloc'd, outside the collected heap (reflect only reads them, and
 * the collector ignores pointers outside its heap).
 *
 * Rejected: walking section rog_types itself (descriptors and names are
 * interleaved there, with no headers to tell them apart); registering
 * descriptors from init code (costs every program start).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/iface/iface.h"
#include "runtime/sched/sched.h"

extern const rog_type *const __start_rog_typelinks[] __attribute__((weak));
extern const rog_type *const __stop_rog_typelinks[] __attribute__((weak));
extern const char __start_rog_types[] __attribute__((weak));

static struct {
  const rog_type **types; /* sorted by string */
  int32_t *offs;          /* types[i] - __start_rog_types */
  size_t n;
  void *section;        /* reflect's sections[0] */
  rog_slice offsets[1]; /* reflect's offset[0] */
} links;
static pthread_once_t links_once = PTHREAD_ONCE_INIT;
static atomic_bool links_ready;

static int cmp_string(rog_string a, rog_string b) {
  size_t n = (size_t)(a.len < b.len ? a.len : b.len);
  int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
  if (c != 0) return c;
  return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

static int cmp_types(const void *a, const void *b) {
  return cmp_string(iface_type_string(*(const rog_type *const *)a),
                    iface_type_string(*(const rog_type *const *)b));
}

static void build_links(void) {
  size_t n = 0;
  if (__start_rog_typelinks && __start_rog_types) n = (size_t)(__stop_rog_typelinks - __start_rog_typelinks);
  links.types = malloc((n ? n : 1) * sizeof *links.types);
  links.offs = malloc((n ? n : 1) * sizeof *links.offs);
  if (!links.types || !links.offs) abort();
  for (size_t i = 0; i < n; i++)
    links.types[i] = __start_rog_typelinks[i];
  qsort(links.types, n, sizeof *links.types, cmp_types);
  for (size_t i = 0; i < n; i++)
    links.offs[i] = (int32_t)((const char *)links.types[i] - __start_rog_types);
  links.n = n;
  links.section = (void *)__start_rog_types;
  links.offsets[0] = (rog_slice){links.offs, (intptr_t)n, (intptr_t)n};
  atomic_store_explicit(&links_ready, true, memory_order_release);
}

static void build_links_once(void *arg) {
  (void)arg;
  pthread_once(&links_once, build_links);
}

static void ensure_links(void) {
  if (!atomic_load_explicit(&links_ready, memory_order_acquire)) sched_systemstack(build_links_once, NULL);
}

/* typelinks() (sections []unsafe.Pointer, offset [][]int32): six parts,
 * so through sret (abi.h [calls]). */
typedef struct typelinks_result {
  rog_slice sections, offsets;
} typelinks_result;
typelinks_result *rf_typelinks(typelinks_result *out) __asm__("reflect.typelinks");
typelinks_result *rf_typelinks(typelinks_result *out) {
  ensure_links();
  out->sections = (rog_slice){&links.section, 1, 1};
  out->offsets = (rog_slice){links.offsets, 1, 1};
  return out;
}

const rog_type *iface_typelinks_find(rog_string s, uint8_t kind) {
  ensure_links();
  size_t lo = 0, hi = links.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp_string(iface_type_string(links.types[mid]), s) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < links.n && cmp_string(iface_type_string(links.types[i]), s) == 0; i++)
    if (kind == 0 || (links.types[i]->kind & ROG_KIND_MASK) == kind) return links.types[i];
  return NULL;
}
