/*
 * runtime/map/testing/test_alloc.h: TEST-ONLY stand-ins for the allocator
 * and the GC's barrier entry points (rog_alloc, rog_gcwrite, rog_gcmemmove),
 * so the map and alg tests and the map benchmark link without runtime/alloc
 * and runtime/gc (which live on other branches). Never link these into a
 * product binary: they leak until rog_test_alloc_reset and never collect.
 *
 * rog_alloc is calloc plus a record of (pointer, size, type) so tests can
 * check what the map allocates: that pointer-holding memory is typed and
 * that a given pointer sits in a word the type's bitmap marks (what the GC
 * would scan). The records also keep every block reachable, so LeakSanitizer
 * stays quiet about tables the map dropped (the GC's job).
 */
#ifndef ROG_MAP_TESTING_TEST_ALLOC_H
#define ROG_MAP_TESTING_TEST_ALLOC_H

#include <rog/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Free every block allocated so far (call only when no map is in use). */
void rog_test_alloc_reset(void);
/* Number of live test allocations and calls to rog_gcwrite/rog_gcmemmove
 * with pointer-holding data, since the last reset. */
size_t rog_test_alloc_count(void);
size_t rog_test_barrier_count(void);
/* Scan all live blocks for a word equal to `target`: 1 if some such word is
 * marked as a pointer by its block's type bitmap, 0 if it is only found in
 * unmarked words, -1 if not found. */
int rog_test_alloc_find_pointer(const void *target);

#ifdef __cplusplus
}
#endif
#endif
