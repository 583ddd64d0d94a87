/*
 * runtime/map/map.c: Go maps as Swiss tables.
 *
 * Choice. A map is one open-addressing table of groups of 16 slots with a
 * control byte per slot (group.h). A lookup hashes the key once; the high
 * bits pick the first group, the low 7 bits (h2) are compared against all
 * 16 control bytes at once with SSE2/NEON, so almost every probe touches
 * one group and compares one key. Groups are probed triangularly (g, g+1,
 * g+3, ...), which visits every group of a power-of-two table. Load factor
 * is 7/8. Compared with gc 1.19's design (buckets of 8 with tophash bytes
 * and overflow-bucket chains, incremental evacuation), this needs no
 * overflow pointers, no per-access "is it growing" checks, fewer cache
 * misses on misses, and a denser table.
 * Rejected: gc's chained buckets (slower misses, pointer-chasing overflow
 * chains, the evacuation state machine on every access); Robin Hood
 * hashing (moves entries on insert and delete, which breaks iteration).
 *
 * Table layout. `groups` is an array of groups; a group is 16 control
 * bytes then 16 slots; a slot is the key then the elem, each at its natural
 * alignment. Keys or elems over 128 bytes, or whose type has a GC program,
 * are stored indirectly: the slot holds a pointer to a separately allocated
 * object (as gc does). One map_info per map type (cached, built on first
 * makemap) holds the layout and a synthesized rog_type per group and per
 * slot whose gcdata bitmaps (1 bit per word) mark exactly the pointer words
 * of keys and elems, so the GC scans tables precisely.
 *
 * Invariants.
 *   - count == number of FULL control bytes of the current table.
 *   - Slots that are not FULL hold all-zero bytes (delete and clear zero
 *     them, through rog_gcmemmove, so the GC never retains dead keys).
 *   - growth_left == number of EMPTY slots that may still become FULL before
 *     a rehash; at least one EMPTY slot always remains, so probes end.
 *   - A group without an EMPTY slot never gets one back until a rehash, so
 *     delete may turn a slot EMPTY (instead of DELETED) when its group
 *     already has an EMPTY: no probe ever ran through that group.
 *   - A table is never modified after it is replaced: growth (and tombstone
 *     cleanup, which is a same-size rehash) always allocates a new table.
 *     Old tables die with their last iterator (GC).
 *
 * Iteration. The iterator remembers the table it started on, a random start
 * slot and the number of slots visited; it walks all slots once, rotated by
 * the start (so two iterations usually differ in order, as gc's do). While
 * the map still uses that table, FULL slots are produced directly. Once the
 * map has grown, the old table is frozen: for each FULL slot there, the key
 * is looked up in the current table and produced from it (with its current
 * elem) if still present. So entries present at start and not deleted are
 * produced exactly once, deleted ones are not, and new ones may or may not
 * be. Keys that are not equal to themselves (NaN) cannot be looked up; they
 * are produced from the old table unless the map was cleared since
 * (clear_seq).
 *
 * Concurrency. Like gc, best effort: a writer sets MAP_WRITING for the
 * duration of the write; a second writer, a reader or an iterator that sees
 * it raises "fatal error: concurrent map writes" (or "... read and map
 * write"). The flag is accessed with relaxed atomics so the compiler keeps
 * the checks; it is not a lock.
 *
 * Hashing by kind. Plain-memory keys (any size) and string keys are hashed
 * with rog_memhash directly and compared inline (4, 8 and <= 16-byte string
 * keys) or with memcmp; other keys call the type's hasher and equal
 * closures through runtime/alg's nest-register trampolines. The abi.h hash
 * invariants make both give the same values, so the generic and _fast
 * entry points of one map agree. The _fast paths take keys by value (no
 * address-taken locals, so no stack-protector canary on the hot path) and
 * assume direct keys and elems, which the compiler guarantees by using
 * them only for elems <= 128 bytes.
 *
 * Memory. Every table, header and indirect key/elem comes from rog_alloc
 * with its synthesized type; nothing is freed explicitly (the GC does).
 * Pointer stores into map memory go through rog_gcwrite/rog_gcmemmove.
 * Tables never shrink (as in gc); rog_mapclear reuses the table.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/alg/alg.h"
#include "runtime/map/group.h"
#include "runtime/sched/sched.h"
#include <rog/abi.h>

#define MAP_HIDDEN __attribute__((visibility("hidden")))
#define MAP_MAX_DIRECT 128 /* bigger keys/elems are stored indirectly */
#define MAP_WRITING 1u

const uint8_t rog_map_zero[ROG_MAP_ZERO_SIZE];

enum { HASH_MEM32, HASH_MEM64, HASH_MEM, HASH_STR, HASH_CLOSURE };
enum { EQ_MEM32, EQ_MEM64, EQ_MEM, EQ_STR, EQ_CLOSURE };
/* Which specialization of the access paths (constant-folded). */
enum key_mode { KM_GENERIC, KM_U32, KM_U64, KM_STR };

typedef struct map_info {
  const rog_maptype *t;
  uintptr_t keysize, elemsize; /* of the Go types */
  uint32_t elemoff;            /* offset of the elem (or its pointer) in a slot */
  uint32_t slotsize;
  uint32_t groupsize; /* 16 control bytes + 16 slots */
  bool indirect_key, indirect_elem;
  bool key_ptrs, elem_ptrs, slot_ptrs; /* layout has pointer words */
  bool reflexive, need_key_update, hash_might_panic;
  uint8_t hash_kind, eq_kind;
  rog_type slot_type;  /* GC layout of one slot */
  rog_type group_type; /* GC layout of one group */
  struct map_info *next;
} map_info;

struct rog_map {
  intptr_t count; /* +0: len(m), read inline by generated code */
  uint32_t flags; /* MAP_WRITING */
  uint32_t _pad;
  uintptr_t seed;
  uint8_t *groups;       /* current table, NULL until the first insert */
  uintptr_t slot_mask;   /* slots in table - 1 (0 when groups is NULL) */
  uintptr_t growth_left; /* EMPTY slots that may still be filled */
  const map_info *info;  /* not a heap pointer */
  uintptr_t clear_seq;   /* bumped by rog_mapclear */
};

/* The header's GC layout: only `groups` (word 3) points into the heap. */
static const uint8_t map_hdr_gcdata[] = {0x08};
static const rog_type map_hdr_type = {
    .size = sizeof(struct rog_map),
    .ptrdata = 4 * sizeof(void *),
    .align = 8,
    .field_align = 8,
    .kind = ROG_KIND_STRUCT,
    .gcdata = map_hdr_gcdata,
};

/* ------------------------------------------------------------- panics */

static _Noreturn __attribute__((noinline, cold)) void map_panic(const char *msg, bool plain) {
  alg_panic(msg, plain);
}

static _Noreturn __attribute__((noinline, cold)) void map_fatal(const char *msg) {
  alg_fatal(msg);
}

static inline uint32_t map_flags(const rog_map *m) {
  return __atomic_load_n(&m->flags, __ATOMIC_RELAXED);
}

static inline void map_check_read(const rog_map *m) {
  if (__builtin_expect(map_flags(m) & MAP_WRITING, 0)) map_fatal("concurrent map read and map write");
}

static inline void map_check_write(const rog_map *m) {
  if (__builtin_expect(map_flags(m) & MAP_WRITING, 0)) map_fatal("concurrent map writes");
}

static inline void map_begin_write(rog_map *m) {
  map_check_write(m);
  __atomic_store_n(&m->flags, map_flags(m) | MAP_WRITING, __ATOMIC_RELAXED);
}

static inline void map_end_write(rog_map *m) {
  uint32_t f = map_flags(m);
  if (__builtin_expect(!(f & MAP_WRITING), 0)) map_fatal("concurrent map writes");
  __atomic_store_n(&m->flags, f & ~MAP_WRITING, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------- map type info */

static uintptr_t align_up(uintptr_t x, uintptr_t a) {
  return a ? (x + a - 1) / a * a : x;
}

/* Set bits in `bits` for the pointer words of a value of type t stored
 * (directly or, if indirect, as one pointer) at byte offset off. */
static void mark_ptrs(uint8_t *bits, uintptr_t off, const rog_type *t, bool indirect) {
  if (indirect) {
    bits[off / 8 / 8] |= (uint8_t)(1u << (off / 8 % 8));
    return;
  }
  for (uintptr_t w = 0; w < t->ptrdata / 8; w++) {
    if (t->gcdata[w / 8] & (1u << (w % 8))) {
      uintptr_t word = off / 8 + w;
      bits[word / 8] |= (uint8_t)(1u << (word % 8));
    }
  }
}

static map_info *map_info_build(const rog_maptype *t) {
  map_info *mi = calloc(1, sizeof *mi);
  if (mi == NULL) map_fatal("out of memory (map type info)");
  const rog_type *k = t->key, *e = t->elem;
  mi->t = t;
  mi->keysize = k->size;
  mi->elemsize = e->size;
  mi->indirect_key = k->size > MAP_MAX_DIRECT || (k->kind & ROG_KIND_GC_PROG);
  mi->indirect_elem = e->size > MAP_MAX_DIRECT || (e->kind & ROG_KIND_GC_PROG);
  uintptr_t ksz = mi->indirect_key ? 8 : k->size, kal = mi->indirect_key ? 8 : (k->align ? k->align : 1);
  uintptr_t esz = mi->indirect_elem ? 8 : e->size, eal = mi->indirect_elem ? 8 : (e->align ? e->align : 1);
  uintptr_t sal = kal > eal ? kal : eal;
  mi->elemoff = (uint32_t)align_up(ksz, eal);
  mi->slotsize = (uint32_t)align_up(mi->elemoff + esz, sal);
  if (mi->slotsize == 0) mi->slotsize = 1; /* zero-size key and elem: keep slot pointers inside the table */
  mi->groupsize = (uint32_t)(MAP_GROUP_SLOTS + MAP_GROUP_SLOTS * mi->slotsize);
  if (mi->groupsize % 8) mi->groupsize = (uint32_t)align_up(mi->groupsize, 8); /* keep groups word aligned */
  mi->key_ptrs = mi->indirect_key || k->ptrdata != 0;
  mi->elem_ptrs = mi->indirect_elem || e->ptrdata != 0;
  mi->slot_ptrs = mi->key_ptrs || mi->elem_ptrs;
  mi->reflexive = (t->flags & ROG_MAP_REFLEXIVE_KEY) != 0;
  mi->need_key_update = (t->flags & ROG_MAP_NEED_KEY_UPDATE) != 0;
  mi->hash_might_panic = (t->flags & ROG_MAP_HASH_MIGHT_PANIC) != 0;
  if (mi->indirect_key) {
    mi->hash_kind = HASH_CLOSURE;
    mi->eq_kind = EQ_CLOSURE;
  } else if (k->tflag & ROG_TFLAG_REGULAR_MEMORY) {
    mi->hash_kind = k->size == 4 ? HASH_MEM32 : k->size == 8 ? HASH_MEM64 : HASH_MEM;
    mi->eq_kind = k->size == 4 ? EQ_MEM32 : k->size == 8 ? EQ_MEM64 : EQ_MEM;
  } else if ((k->kind & ROG_KIND_MASK) == ROG_KIND_STRING) {
    mi->hash_kind = HASH_STR;
    mi->eq_kind = EQ_STR;
  } else {
    mi->hash_kind = HASH_CLOSURE;
    mi->eq_kind = EQ_CLOSURE;
  }
  /* GC layouts: slot bitmap, and group bitmap (control bytes hold none). */
  uintptr_t slot_words = mi->slotsize / 8, group_words = mi->groupsize / 8;
  uint8_t *sbits = calloc(1, slot_words / 8 + 1), *gbits = calloc(1, group_words / 8 + 1);
  if (sbits == NULL || gbits == NULL) map_fatal("out of memory (map type info)");
  if (mi->key_ptrs) mark_ptrs(sbits, 0, k, mi->indirect_key);
  if (mi->elem_ptrs) mark_ptrs(sbits, mi->elemoff, e, mi->indirect_elem);
  uintptr_t last = 0; /* words up to the last pointer word + 1 */
  for (unsigned i = 0; i < MAP_GROUP_SLOTS && mi->slot_ptrs; i++) {
    uintptr_t base = MAP_GROUP_SLOTS + (uintptr_t)i * mi->slotsize;
    if (mi->key_ptrs) mark_ptrs(gbits, base, k, mi->indirect_key);
    if (mi->elem_ptrs) mark_ptrs(gbits, base + mi->elemoff, e, mi->indirect_elem);
  }
  for (uintptr_t w = 0; w < group_words; w++)
    if (gbits[w / 8] & (1u << (w % 8))) last = w + 1;
  mi->group_type = (rog_type){.size = mi->groupsize,
                              .ptrdata = last * 8,
                              .align = 8,
                              .field_align = 8,
                              .kind = ROG_KIND_STRUCT,
                              .gcdata = gbits};
  last = 0;
  for (uintptr_t w = 0; w < slot_words; w++)
    if (sbits[w / 8] & (1u << (w % 8))) last = w + 1;
  mi->slot_type = (rog_type){.size = mi->slotsize,
                             .ptrdata = last * 8,
                             .align = 8,
                             .field_align = 8,
                             .kind = ROG_KIND_STRUCT,
                             .gcdata = sbits};
  return mi;
}

/* Cache of map_info by map type: lock-free readers, a mutex for inserts.
 * Entries live forever (one per map type used). */
#define MAP_INFO_BUCKETS 256
static map_info *_Atomic map_info_cache[MAP_INFO_BUCKETS];
static pthread_mutex_t map_info_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct map_info_req {
  const rog_maptype *t;
  const map_info *mi;
} map_info_req;

/* On the system stack: malloc, a lock and a walk over the key and element
 * types are too deep for what Go code leaves below its frames. */
static void map_info_add_sys(void *arg) {
  map_info_req *r = arg;
  const rog_maptype *t = r->t;
  size_t b = ((uintptr_t)t >> 4) % MAP_INFO_BUCKETS;
  pthread_mutex_lock(&map_info_lock);
  map_info *head = atomic_load_explicit(&map_info_cache[b], memory_order_relaxed), *mi;
  for (mi = head; mi; mi = mi->next)
    if (mi->t == t) break;
  if (mi == NULL) {
    mi = map_info_build(t);
    mi->next = head;
    atomic_store_explicit(&map_info_cache[b], mi, memory_order_release);
  }
  pthread_mutex_unlock(&map_info_lock);
  r->mi = mi;
}

static const map_info *map_info_get(const rog_maptype *t) {
  size_t b = ((uintptr_t)t >> 4) % MAP_INFO_BUCKETS;
  for (map_info *mi = atomic_load_explicit(&map_info_cache[b], memory_order_acquire); mi; mi = mi->next)
    if (mi->t == t) return mi;
  map_info_req r = {t, NULL};
  sched_systemstack(map_info_add_sys, &r);
  return r.mi;
}

/* ------------------------------------------------------ slots and keys */

static inline uint8_t *group_at(const uint8_t *groups, const map_info *mi, uintptr_t g) {
  return (uint8_t *)groups + g * mi->groupsize;
}
static inline uint8_t *slot_at(uint8_t *group, const map_info *mi, unsigned i) {
  return group + MAP_GROUP_SLOTS + (uintptr_t)i * mi->slotsize;
}
static inline void *slot_key(const map_info *mi, uint8_t *slot) {
  return mi->indirect_key ? *(void **)slot : (void *)slot;
}
static inline void *slot_elem(const map_info *mi, uint8_t *slot) {
  uint8_t *p = slot + mi->elemoff;
  return mi->indirect_elem ? *(void **)p : (void *)p;
}
/* In the _fast paths keys and elems are direct (abi.h: the compiler uses
 * them only for elems <= 128 bytes, and their keys are never indirect). */
static inline void *slot_key_km(const map_info *mi, uint8_t *slot, enum key_mode km) {
  return km == KM_GENERIC ? slot_key(mi, slot) : (void *)slot;
}
static inline void *slot_elem_km(const map_info *mi, uint8_t *slot, enum key_mode km) {
  return km == KM_GENERIC ? slot_elem(mi, slot) : (void *)(slot + mi->elemoff);
}
static inline uintptr_t max_load(uintptr_t nslots) {
  return nslots - nslots / 8;
}

static inline uintptr_t map_hash(const rog_map *m, const map_info *mi, const void *key, enum key_mode km) {
  switch (km) {
  case KM_U32:
    return alg_memhash32_value(*(const uint32_t *)key, m->seed);
  case KM_U64:
    return alg_memhash64_value(*(const uint64_t *)key, m->seed);
  case KM_STR:
    return rog_memhash(((const rog_string *)key)->ptr, m->seed, (uintptr_t)((const rog_string *)key)->len);
  case KM_GENERIC:
    break;
  }
  switch (mi->hash_kind) {
  case HASH_MEM32:
    return rog_memhash32(key, m->seed);
  case HASH_MEM64:
    return rog_memhash64(key, m->seed);
  case HASH_MEM:
    return rog_memhash(key, m->seed, mi->keysize);
  case HASH_STR:
    return rog_strhash(key, m->seed);
  default:
    return alg_call_hasher(mi->t->hasher, key, m->seed);
  }
}

/* String equality; keys up to 16 bytes compare with two overlapping loads
 * instead of a memcmp call. */
static inline bool str_eq(const rog_string *a, const rog_string *b) {
  if (a->len != b->len) return false;
  const uint8_t *p = a->ptr, *q = b->ptr;
  size_t n = (size_t)a->len;
  if (p == q) return true;
  if (n >= 8 && n <= 16)
    return alg_load64(p) == alg_load64(q) && alg_load64(p + n - 8) == alg_load64(q + n - 8);
  if (n >= 4 && n < 8)
    return alg_load32(p) == alg_load32(q) && alg_load32(p + n - 4) == alg_load32(q + n - 4);
  return memcmp(p, q, n) == 0;
}

static inline bool key_eq(const map_info *mi, const void *a, const void *b, enum key_mode km) {
  switch (km) {
  case KM_U32:
    return *(const uint32_t *)a == *(const uint32_t *)b;
  case KM_U64:
    return *(const uint64_t *)a == *(const uint64_t *)b;
  case KM_STR:
    return str_eq(a, b);
  case KM_GENERIC:
    break;
  }
  switch (mi->eq_kind) {
  case EQ_MEM32:
    return *(const uint32_t *)a == *(const uint32_t *)b;
  case EQ_MEM64:
    return *(const uint64_t *)a == *(const uint64_t *)b;
  case EQ_MEM:
    return memcmp(a, b, mi->keysize) == 0;
  case EQ_STR:
    return str_eq(a, b);
  default:
    return alg_call_equal(mi->t->key->equal, a, b);
  }
}

/* Copy a value of type t (size n) into map memory, with barriers if it has
 * pointers. */
static inline void store_value(void *dst, const void *src, uintptr_t n, const rog_type *t) {
  if (t->ptrdata)
    rog_gcmemmove(dst, src, n, t);
  else
    memcpy(dst, src, n);
}

/* Zero a slot (delete, clear): through the barrier when it has pointers. */
static void slot_clear(const map_info *mi, uint8_t *slot) {
  if (mi->slot_ptrs)
    rog_gcmemmove(slot, rog_map_zero, mi->slotsize, &mi->slot_type);
  else
    memset(slot, 0, mi->slotsize);
}

/* Fill a free slot with key and a zero elem (free slots are zero
 * already); returns the elem pointer. */
static inline __attribute__((always_inline)) void *slot_fill(const map_info *mi, uint8_t *slot,
                                                             const void *key, enum key_mode km) {
  const rog_maptype *t = mi->t;
  if (km == KM_U64 && !mi->key_ptrs) {
    memcpy(slot, key, 8);
  } else if (km == KM_U32) {
    memcpy(slot, key, 4);
  } else if (mi->indirect_key) {
    void *k = rog_alloc(mi->keysize, t->key);
    store_value(k, key, mi->keysize, t->key);
    rog_gcwrite((void **)slot, k);
  } else {
    store_value(slot, key, mi->keysize, t->key);
  }
  uint8_t *ep = slot + mi->elemoff;
  if (mi->indirect_elem) {
    void *e = rog_alloc(mi->elemsize, t->elem);
    rog_gcwrite((void **)ep, e);
    return e;
  }
  return ep;
}

/* ---------------------------------------------------------------- find */

/* The FULL slot holding key, or NULL; *ctrl (if ctrl) gets its control
 * byte. m->groups must not be NULL. */
static inline __attribute__((always_inline)) uint8_t *map_find(const rog_map *m, const map_info *mi,
                                                               const void *key, uintptr_t hash,
                                                               enum key_mode km, uint8_t **ctrl) {
  uint8_t h2 = (uint8_t)(MAP_CTRL_FULL | (hash & 0x7f));
  uintptr_t gmask = m->slot_mask / MAP_GROUP_SLOTS;
  uintptr_t g = (hash >> 7) & gmask;
  for (uintptr_t step = 1;; step++) {
    uint8_t *grp = group_at(m->groups, mi, g);
    for (map_bitmask b = group_match(grp, h2); b; b = bitmask_drop_first(b)) {
      unsigned i = bitmask_first(b);
      uint8_t *slot = slot_at(grp, mi, i);
      if (__builtin_expect(key_eq(mi, slot_key_km(mi, slot, km), key, km), 1)) {
        if (ctrl) *ctrl = grp + i;
        return slot;
      }
    }
    if (__builtin_expect(group_match_empty(grp) != 0, 1)) return NULL;
    g = (g + step) & gmask;
  }
}

/* --------------------------------------------------------------- tables */

static uint8_t *table_alloc(const map_info *mi, uintptr_t nslots) {
  uintptr_t ngroups = nslots / MAP_GROUP_SLOTS;
  return rog_alloc(ngroups * mi->groupsize, mi->slot_ptrs ? &mi->group_type : NULL);
}

/* Slot count for a hint: a power of two, at least one group, with the hint
 * under the load factor. */
static uintptr_t slots_for(uintptr_t hint) {
  uintptr_t n = MAP_GROUP_SLOTS;
  while (max_load(n) < hint)
    n *= 2;
  return n;
}

/* First free slot on hash's probe sequence in a table without DELETED
 * slots (a fresh table during rehash). */
static uint8_t *table_free_slot(uint8_t *groups, uintptr_t slot_mask, const map_info *mi, uintptr_t hash,
                                uint8_t **ctrl) {
  uintptr_t gmask = slot_mask / MAP_GROUP_SLOTS;
  uintptr_t g = (hash >> 7) & gmask;
  for (uintptr_t step = 1;; step++) {
    uint8_t *grp = group_at(groups, mi, g);
    map_bitmask b = group_match_free(grp);
    if (b) {
      unsigned i = bitmask_first(b);
      *ctrl = grp + i;
      return slot_at(grp, mi, i);
    }
    g = (g + step) & gmask;
  }
}

/* Move every entry to a new table of nslots slots. The old table is left
 * untouched (iterators may still walk it). */
static void map_rehash(rog_map *m, const map_info *mi, uintptr_t nslots) {
  uint8_t *ng = table_alloc(mi, nslots);
  uintptr_t nmask = nslots - 1, moved = 0;
  if (m->groups) {
    uintptr_t ngroups = (m->slot_mask + 1) / MAP_GROUP_SLOTS;
    for (uintptr_t g = 0; g < ngroups; g++) {
      uint8_t *grp = group_at(m->groups, mi, g);
      for (map_bitmask b = group_match_full(grp); b; b = bitmask_drop_first(b)) {
        unsigned i = bitmask_first(b);
        uint8_t *slot = slot_at(grp, mi, i);
        uintptr_t h = map_hash(m, mi, slot_key(mi, slot), KM_GENERIC);
        uint8_t *ctrl;
        uint8_t *dst = table_free_slot(ng, nmask, mi, h, &ctrl);
        *ctrl = (uint8_t)(MAP_CTRL_FULL | (h & 0x7f));
        if (mi->slot_ptrs)
          rog_gcmemmove(dst, slot, mi->slotsize, &mi->slot_type);
        else
          memcpy(dst, slot, mi->slotsize);
        moved++;
      }
    }
  }
  if (moved != (uintptr_t)m->count) map_fatal("map: entry count out of sync (concurrent map writes?)");
  rog_gcwrite((void **)&m->groups, ng);
  m->slot_mask = nmask;
  m->growth_left = max_load(nslots) - moved;
}

/* Make room for one insert into an EMPTY slot: grow when more than half
 * the load budget is live, else clean tombstones at the same size. */
static void map_make_room(rog_map *m, const map_info *mi) {
  uintptr_t nslots = m->groups ? m->slot_mask + 1 : 0;
  if (nslots == 0)
    nslots = MAP_GROUP_SLOTS;
  else if ((uintptr_t)m->count + 1 > max_load(nslots) / 2)
    nslots *= 2;
  map_rehash(m, mi, nslots);
}

/* ----------------------------------------------------------- operations */

rog_map *rog_makemap(const rog_maptype *t, intptr_t hint) {
  if (hint < 0) map_panic("makemap: size out of range", false);
  rog_map *m = rog_alloc(sizeof *m, &map_hdr_type);
  const map_info *mi = map_info_get(t);
  m->info = mi;
  m->seed = (uintptr_t)alg_rand64();
  /* Preallocate for the hint, like gc, unless it is absurd (then grow). */
  if (hint > MAP_GROUP_SLOTS - MAP_GROUP_SLOTS / 8 &&
      (uintptr_t)hint <= ((uintptr_t)1 << 40) / mi->groupsize) {
    uintptr_t n = slots_for((uintptr_t)hint);
    rog_gcwrite((void **)&m->groups, table_alloc(mi, n));
    m->slot_mask = n - 1;
    m->growth_left = max_load(n);
  }
  return m;
}

intptr_t rog_maplen(rog_map *m) {
  return m ? m->count : 0;
}

static inline __attribute__((always_inline)) void *
map_access(const rog_maptype *t, rog_map *m, const void *key, const void *zero, bool *ok, enum key_mode km) {
  if (m == NULL || m->count == 0) {
    if (km == KM_GENERIC && t->flags & ROG_MAP_HASH_MIGHT_PANIC)
      alg_call_hasher(t->hasher, key, 0); /* panics for unhashable keys */
    if (ok) *ok = false;
    return (void *)zero;
  }
  map_check_read(m);
  const map_info *mi = m->info;
  uint8_t *slot = map_find(m, mi, key, map_hash(m, mi, key, km), km, NULL);
  if (ok) *ok = slot != NULL;
  return slot ? slot_elem_km(mi, slot, km) : (void *)zero;
}

static inline __attribute__((always_inline)) void *map_assign(const rog_maptype *t, rog_map *m,
                                                              const void *key, enum key_mode km) {
  if (m == NULL) map_panic("assignment to entry in nil map", true);
  map_check_write(m); /* before hashing too, as gc */
  const map_info *mi = m->info;
  (void)t;
  uintptr_t hash = map_hash(m, mi, key, km);
  map_begin_write(m);
  if (m->groups == NULL) map_make_room(m, mi);
  uint8_t h2 = (uint8_t)(MAP_CTRL_FULL | (hash & 0x7f));
  void *elem;
  for (;;) {
    uintptr_t gmask = m->slot_mask / MAP_GROUP_SLOTS, g = (hash >> 7) & gmask;
    uint8_t *free_ctrl = NULL, *free_slot = NULL;
    for (uintptr_t step = 1;; step++) {
      uint8_t *grp = group_at(m->groups, mi, g);
      for (map_bitmask b = group_match(grp, h2); b; b = bitmask_drop_first(b)) {
        uint8_t *slot = slot_at(grp, mi, bitmask_first(b));
        if (key_eq(mi, slot_key_km(mi, slot, km), key, km)) {
          if (mi->need_key_update) store_value(slot_key_km(mi, slot, km), key, mi->keysize, mi->t->key);
          elem = slot_elem_km(mi, slot, km);
          goto done;
        }
      }
      if (free_slot == NULL) {
        map_bitmask f = group_match_free(grp);
        if (f) {
          unsigned i = bitmask_first(f);
          free_ctrl = grp + i;
          free_slot = slot_at(grp, mi, i);
        }
      }
      if (group_match_empty(grp)) break;
      g = (g + step) & gmask;
    }
    /* Not present: insert at the first free slot of the probe sequence. */
    if (*free_ctrl == MAP_CTRL_EMPTY && m->growth_left == 0) {
      map_make_room(m, mi);
      continue; /* probe the new table */
    }
    if (*free_ctrl == MAP_CTRL_EMPTY) m->growth_left--;
    *free_ctrl = h2;
    m->count++;
    elem = slot_fill(mi, free_slot, key, km);
    break;
  }
done:
  map_end_write(m);
  return elem;
}

static inline __attribute__((always_inline)) void map_delete(const rog_maptype *t, rog_map *m,
                                                             const void *key, enum key_mode km) {
  if (m == NULL || m->count == 0) {
    if (km == KM_GENERIC && t->flags & ROG_MAP_HASH_MIGHT_PANIC) alg_call_hasher(t->hasher, key, 0);
    return;
  }
  map_check_write(m);
  const map_info *mi = m->info;
  uintptr_t hash = map_hash(m, mi, key, km);
  map_begin_write(m);
  uint8_t *ctrl;
  uint8_t *slot = map_find(m, mi, key, hash, km, &ctrl);
  if (slot) {
    uint8_t *grp = m->groups + (uintptr_t)(ctrl - m->groups) / mi->groupsize * mi->groupsize;
    slot_clear(mi, slot);
    if (group_match_empty(grp)) {
      *ctrl = MAP_CTRL_EMPTY;
      m->growth_left++;
    } else {
      *ctrl = MAP_CTRL_DELETED;
    }
    m->count--;
  }
  map_end_write(m);
}

void *rog_mapaccess1(const rog_maptype *t, rog_map *m, const void *key) {
  return map_access(t, m, key, rog_map_zero, NULL, KM_GENERIC);
}
void *rog_mapaccess2(const rog_maptype *t, rog_map *m, const void *key, bool *ok) {
  return map_access(t, m, key, rog_map_zero, ok, KM_GENERIC);
}
void *rog_mapaccess1_fat(const rog_maptype *t, rog_map *m, const void *key, const void *zero) {
  return map_access(t, m, key, zero, NULL, KM_GENERIC);
}
void *rog_mapaccess2_fat(const rog_maptype *t, rog_map *m, const void *key, const void *zero, bool *ok) {
  return map_access(t, m, key, zero, ok, KM_GENERIC);
}
void *rog_mapassign(const rog_maptype *t, rog_map *m, const void *key) {
  return map_assign(t, m, key, KM_GENERIC);
}
void rog_mapdelete(const rog_maptype *t, rog_map *m, const void *key) {
  map_delete(t, m, key, KM_GENERIC);
}

void *rog_mapaccess1_fast32(const rog_maptype *t, rog_map *m, uint32_t key) {
  return map_access(t, m, &key, rog_map_zero, NULL, KM_U32);
}
void *rog_mapaccess2_fast32(const rog_maptype *t, rog_map *m, uint32_t key, bool *ok) {
  return map_access(t, m, &key, rog_map_zero, ok, KM_U32);
}
void *rog_mapassign_fast32(const rog_maptype *t, rog_map *m, uint32_t key) {
  return map_assign(t, m, &key, KM_U32);
}
void *rog_mapassign_fast32ptr(const rog_maptype *t, rog_map *m, void *key) {
  /* 4-byte pointers do not exist on rog's 64-bit targets; kept for gc's
   * set of entry points, it treats the key as a plain 32-bit word. */
  uint32_t k = (uint32_t)(uintptr_t)key;
  return map_assign(t, m, &k, KM_U32);
}
void rog_mapdelete_fast32(const rog_maptype *t, rog_map *m, uint32_t key) {
  map_delete(t, m, &key, KM_U32);
}

void *rog_mapaccess1_fast64(const rog_maptype *t, rog_map *m, uint64_t key) {
  return map_access(t, m, &key, rog_map_zero, NULL, KM_U64);
}
void *rog_mapaccess2_fast64(const rog_maptype *t, rog_map *m, uint64_t key, bool *ok) {
  return map_access(t, m, &key, rog_map_zero, ok, KM_U64);
}
void *rog_mapassign_fast64(const rog_maptype *t, rog_map *m, uint64_t key) {
  return map_assign(t, m, &key, KM_U64);
}
void *rog_mapassign_fast64ptr(const rog_maptype *t, rog_map *m, void *key) {
  return map_assign(t, m, &key, KM_U64); /* slot_fill stores it with the key type's barrier */
}
void rog_mapdelete_fast64(const rog_maptype *t, rog_map *m, uint64_t key) {
  map_delete(t, m, &key, KM_U64);
}

void *rog_mapaccess1_faststr(const rog_maptype *t, rog_map *m, rog_string key) {
  return map_access(t, m, &key, rog_map_zero, NULL, KM_STR);
}
void *rog_mapaccess2_faststr(const rog_maptype *t, rog_map *m, rog_string key, bool *ok) {
  return map_access(t, m, &key, rog_map_zero, ok, KM_STR);
}
void *rog_mapassign_faststr(const rog_maptype *t, rog_map *m, rog_string key) {
  return map_assign(t, m, &key, KM_STR);
}
void rog_mapdelete_faststr(const rog_maptype *t, rog_map *m, rog_string key) {
  map_delete(t, m, &key, KM_STR);
}

void rog_mapclear(const rog_maptype *t, rog_map *m) {
  (void)t;
  if (m == NULL) return;
  map_begin_write(m);
  const map_info *mi = m->info;
  if (m->groups) {
    uintptr_t ngroups = (m->slot_mask + 1) / MAP_GROUP_SLOTS;
    for (uintptr_t g = 0; g < ngroups; g++) {
      uint8_t *grp = group_at(m->groups, mi, g);
      if (mi->slot_ptrs)
        for (map_bitmask b = group_match_full(grp); b; b = bitmask_drop_first(b))
          slot_clear(mi, slot_at(grp, mi, bitmask_first(b)));
      else
        memset(grp + MAP_GROUP_SLOTS, 0, mi->groupsize - MAP_GROUP_SLOTS);
      memset(grp, MAP_CTRL_EMPTY, MAP_GROUP_SLOTS);
    }
    m->growth_left = max_load(m->slot_mask + 1);
  }
  m->count = 0;
  m->clear_seq++;
  m->seed = (uintptr_t)alg_rand64(); /* as gc: a fresh seed after a clear */
  map_end_write(m);
}

/* ------------------------------------------------------------ iteration */

void rog_mapiterinit(const rog_maptype *t, rog_map *m, rog_hiter *it) {
  memset(it, 0, sizeof *it);
  it->t = t;
  it->m = m;
  if (m == NULL || m->count == 0 || m->groups == NULL) return; /* key == NULL: done */
  map_check_read(m);
  it->groups = m->groups;
  it->mask = m->slot_mask;
  it->start = (uintptr_t)alg_rand64() & it->mask;
  it->clear_seq = m->clear_seq;
  rog_mapiternext(it);
}

void rog_mapiternext(rog_hiter *it) {
  rog_map *m = it->m;
  it->key = NULL;
  it->elem = NULL;
  if (it->groups == NULL) return;
  map_check_read(m);
  const map_info *mi = m->info;
  const uint8_t *groups = it->groups;
  while (it->i <= it->mask) {
    uintptr_t pos = (it->start + it->i) & it->mask;
    it->i++;
    uint8_t *grp = group_at(groups, mi, pos / MAP_GROUP_SLOTS);
    unsigned si = (unsigned)(pos % MAP_GROUP_SLOTS);
    if (!(grp[si] & MAP_CTRL_FULL)) continue;
    uint8_t *slot = slot_at(grp, mi, si);
    void *key = slot_key(mi, slot);
    if (groups == m->groups) {
      it->key = key;
      it->elem = slot_elem(mi, slot);
      return;
    }
    /* The map grew since this iteration started: the old table is frozen;
     * the current table has the truth. */
    if (mi->reflexive || key_eq(mi, key, key, KM_GENERIC)) {
      if (m->count == 0) continue;
      uint8_t *cur = map_find(m, mi, key, map_hash(m, mi, key, KM_GENERIC), KM_GENERIC, NULL);
      if (cur == NULL) continue; /* deleted */
      it->key = slot_key(mi, cur);
      it->elem = slot_elem(mi, cur);
      return;
    }
    if (it->clear_seq != m->clear_seq) continue; /* NaN-like key, gone with a clear */
    it->key = key;
    it->elem = slot_elem(mi, slot);
    return;
  }
  it->groups = NULL; /* done; drop the table */
}

void *rog_mapiterkey(rog_hiter *it) {
  return it->key;
}
void *rog_mapiterelem(rog_hiter *it) {
  return it->elem;
}
