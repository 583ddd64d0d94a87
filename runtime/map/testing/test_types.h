// runtime/map/testing/test_types.h: hand-built type descriptors for the map
// and alg tests and the map benchmark (TEST-ONLY).
//
// They stand in for what the compiler will emit: gc 1.19 layouts from
// rog/abi.h, with names encoded as runtime.name (flag byte, varint length,
// bytes) right after the descriptor, so `str` (relative to the descriptor)
// is small. Struct keys that are not plain memory get a hand-written hasher
// and equal closure, the way the compiler generates type..hash/type..eq.
#ifndef ROG_MAP_TESTING_TEST_TYPES_H
#define ROG_MAP_TESTING_TEST_TYPES_H

#include <rog/abi.h>

#include <cstring>

namespace rogtest {

// A descriptor of kind-specific type D followed by its name bytes.
template <class D> struct Named {
  D d;
  uint8_t name[64];
};

template <class D> inline void set_name(Named<D> *n, const char *s) {
  size_t len = strlen(s);
  n->name[0] = 0;
  n->name[1] = (uint8_t)len; // names here are < 128 bytes: one varint byte
  memcpy(n->name + 2, s, len);
  rog_type *t = (rog_type *)&n->d;
  t->str = (int32_t)((uint8_t *)n->name - (uint8_t *)t);
}

inline const uint8_t *gc_bits(uint8_t b) {
  static uint8_t table[256];
  table[b] = b;
  return &table[b];
}

template <class D>
inline Named<D> *basic(Named<D> *n, const char *name, uintptr_t size, uintptr_t ptrdata, uint8_t bits,
                       uint8_t kind, uint8_t tflag, const rog_closure *equal, uint8_t align = 8) {
  memset(n, 0, sizeof *n);
  rog_type *t = (rog_type *)&n->d;
  t->size = size;
  t->ptrdata = ptrdata;
  t->align = align;
  t->field_align = align;
  t->kind = kind;
  t->tflag = tflag;
  t->equal = equal;
  t->gcdata = ptrdata ? gc_bits(bits) : nullptr;
  set_name(n, name);
  return n;
}

inline rog_maptype *map_of(Named<rog_maptype> *n, const char *name, const rog_type *k, const rog_type *e,
                           const rog_closure *hasher, uint32_t flags) {
  basic(n, name, 8, 8, 1, ROG_KIND_MAP | ROG_KIND_DIRECT_IFACE, 0, nullptr);
  n->d.key = k;
  n->d.elem = e;
  n->d.hasher = hasher;
  n->d.keysize = (uint8_t)(k->size > 128 ? 8 : k->size);
  n->d.elemsize = (uint8_t)(e->size > 128 ? 8 : e->size);
  n->d.flags = flags;
  return &n->d;
}

// The common types, built once.
struct Types {
  Named<rog_type> int64_t_, int32_t_, int8_t_, string_, float64_, float32_, complex128_, ptr_, slice_, big_,
      bigelem_, sptr_;
  Named<rog_interfacetype> eface_;
  Named<rog_structtype> pair_; // struct{ s string; _ int64; p *int64; n int32 }
  rog_structfield pair_fields[4];
  uint8_t fname_s[4], fname_blank[4], fname_p[4], fname_n[4];
  Named<rog_maptype> m_int64, m_int32, m_string, m_float64, m_eface, m_pair, m_big, m_bigelem, m_ptrelem,
      m_sptr, m_complex;

  const rog_type *int64() const {
    return &int64_t_.d;
  }
  const rog_type *int32() const {
    return &int32_t_.d;
  }
  const rog_type *string() const {
    return &string_.d;
  }
  const rog_type *float64() const {
    return &float64_.d;
  }
  const rog_type *eface() const {
    return &eface_.d.typ;
  }
  const rog_type *slice() const {
    return &slice_.d;
  }
  const rog_type *pair() const {
    return &pair_.d.typ;
  }
};

// struct pair { s string; _ int64; p *int64; n int32 }: 40 bytes; the
// compiler-style hasher skips the blank field and the padding.
struct Pair {
  rog_string s;
  int64_t blank;
  int64_t *p;
  int32_t n;
};

extern "C" inline uintptr_t pair_hash(const void *v, uintptr_t seed) {
  const Pair *x = (const Pair *)v;
  seed = rog_strhash(&x->s, seed);
  seed = rog_memhash64(&x->p, seed);
  return rog_memhash32(&x->n, seed);
}
extern "C" inline bool pair_equal(const void *a, const void *b) {
  const Pair *x = (const Pair *)a, *y = (const Pair *)b;
  return rog_strequal(&x->s, &y->s) && x->p == y->p && x->n == y->n;
}

struct VarlenClosure {
  void (*fn)(void);
  uintptr_t size;
};

// In the static type section ("rog_types", abi.h) like compiler-emitted
// descriptors, so runtime/iface resolves their name offsets.
inline Types test_types_storage __attribute__((section("rog_types")));

inline Types *types() {
  static Types *T = [] {
    Types *t = &test_types_storage;
    const uint8_t R = ROG_TFLAG_REGULAR_MEMORY;
    basic(&t->int64_t_, "int64", 8, 0, 0, ROG_KIND_INT64, R, &rog_memequal64_closure);
    basic(&t->int32_t_, "int32", 4, 0, 0, ROG_KIND_INT32, R, &rog_memequal32_closure, 4);
    basic(&t->int8_t_, "int8", 1, 0, 0, ROG_KIND_INT8, R, &rog_memequal8_closure, 1);
    basic(&t->string_, "string", 16, 8, 1, ROG_KIND_STRING, 0, &rog_strequal_closure);
    basic(&t->float64_, "float64", 8, 0, 0, ROG_KIND_FLOAT64, 0, &rog_f64equal_closure);
    basic(&t->float32_, "float32", 4, 0, 0, ROG_KIND_FLOAT32, 0, &rog_f32equal_closure, 4);
    basic(&t->complex128_, "complex128", 16, 0, 0, ROG_KIND_COMPLEX128, 0, &rog_c128equal_closure);
    basic(&t->ptr_, "*int64", 8, 8, 1, ROG_KIND_POINTER | ROG_KIND_DIRECT_IFACE, R, &rog_memequal64_closure);
    basic(&t->slice_, "[]int", 24, 8, 1, ROG_KIND_SLICE, 0, nullptr);
    static VarlenClosure big_eq = {rog_memequal_varlen, 160};
    basic(&t->big_, "[20]int64", 160, 0, 0, ROG_KIND_ARRAY, R, (const rog_closure *)&big_eq);
    basic(&t->bigelem_, "[40]int64", 320, 0, 0, ROG_KIND_ARRAY, R, nullptr);
    // [3]*int64 with a GC program flag: must go indirect.
    basic(&t->sptr_, "[3]*int64", 24, 24, 7, ROG_KIND_ARRAY | ROG_KIND_GC_PROG, R, nullptr);
    basic(&t->eface_, "interface {}", 16, 16, 3, ROG_KIND_INTERFACE, 0, &rog_nilinterequal_closure);
    static const rog_closure pair_eq = {(void (*)(void))pair_equal};
    basic(&t->pair_, "main.pair", 40, 32, 0x9, ROG_KIND_STRUCT, ROG_TFLAG_NAMED, &pair_eq);
    auto fname = [](uint8_t *buf, const char *s) {
      buf[0] = 0;
      buf[1] = (uint8_t)strlen(s);
      memcpy(buf + 2, s, strlen(s));
      return buf;
    };
    t->pair_fields[0] = {fname(t->fname_s, "s"), t->string(), 0};
    t->pair_fields[1] = {fname(t->fname_blank, "_"), t->int64(), 16};
    t->pair_fields[2] = {fname(t->fname_p, "p"), &t->ptr_.d, 24};
    t->pair_fields[3] = {fname(t->fname_n, "n"), t->int32(), 32};
    t->pair_.d.fields = {t->pair_fields, 4, 4};

    const uint32_t REFL = ROG_MAP_REFLEXIVE_KEY, UPD = ROG_MAP_NEED_KEY_UPDATE;
    map_of(&t->m_int64, "map[int64]int64", t->int64(), t->int64(), &rog_memhash64_closure, REFL);
    map_of(&t->m_int32, "map[int32]int32", t->int32(), t->int32(), &rog_memhash32_closure, REFL);
    map_of(&t->m_string, "map[string]int64", t->string(), t->int64(), &rog_strhash_closure, REFL | UPD);
    map_of(&t->m_float64, "map[float64]int64", t->float64(), t->int64(), &rog_f64hash_closure, UPD);
    map_of(&t->m_complex, "map[complex128]int64", &t->complex128_.d, t->int64(), &rog_c128hash_closure, UPD);
    map_of(&t->m_eface, "map[interface {}]int64", t->eface(), t->int64(), &rog_nilinterhash_closure,
           UPD | ROG_MAP_HASH_MIGHT_PANIC);
    static const rog_closure pair_h = {(void (*)(void))pair_hash};
    map_of(&t->m_pair, "map[main.pair]*int64", t->pair(), &t->ptr_.d, &pair_h, REFL | UPD);
    static VarlenClosure big_h = {rog_memhash_varlen, 160};
    map_of(&t->m_big, "map[[20]int64]int64", &t->big_.d, t->int64(), (const rog_closure *)&big_h, REFL);
    map_of(&t->m_bigelem, "map[int64][40]int64", t->int64(), &t->bigelem_.d, &rog_memhash64_closure, REFL);
    map_of(&t->m_ptrelem, "map[int64]*int64", t->int64(), &t->ptr_.d, &rog_memhash64_closure, REFL);
    map_of(&t->m_sptr, "map[string][3]*int64", t->string(), &t->sptr_.d, &rog_strhash_closure, REFL | UPD);
    return t;
  }();
  return T;
}

inline rog_string str(const char *s) {
  return rog_string{(const uint8_t *)s, (intptr_t)strlen(s)};
}

} // namespace rogtest

#endif
