/*
 * typeinfo.c: reading gc 1.19-layout type descriptors at run time.
 *
 * Offsets. abi.h fixes rog's rule: a nameOff/typeOff/textOff stored in a
 * compiler-emitted descriptor is relative to that descriptor (or, for the
 * pkgPath offset at the end of a name, to the name's first byte). All
 * compiler-emitted descriptors and names live in the ELF section
 * "rog_types", whose bounds the linker provides as __start_rog_types and
 * __stop_rog_types. A base inside those bounds means "relative offset"; any
 * other base is a descriptor reflect built at run time, whose offsets are
 * ids handed out by iface_add_reflect_off (gc's reflectOffs). Rejected: gc's
 * module-relative offsets, which need "symbol minus section start"
 * relocations ELF does not have.
 *
 * Names. A runtime.name is a flag byte, a varint length and the bytes, then
 * optionally a varint-length tag, then optionally a 4-byte pkgPath nameOff
 * (unaligned). Decoding follows runtime/type.go's name methods.
 *
 * The reflect-offset registry is a small array under a mutex: reflect
 * registers only the types it creates (StructOf, FuncOf, ...), which are
 * few and cached by reflect itself.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/iface/iface.h"

/* Linker-provided bounds of the static type section (weak: a program or
 * test without descriptors has no such section). */
extern const char __start_rog_types[] __attribute__((weak));
extern const char __stop_rog_types[] __attribute__((weak));

static bool in_static_types(const void *p) {
  const char *c = p;
  return __start_rog_types && c >= __start_rog_types && c < __stop_rog_types;
}

static struct {
  pthread_mutex_t lock;
  const void **ptrs; /* id -k is ptrs[k-1] */
  int32_t n, cap;
} reflect_offs = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

int32_t iface_add_reflect_off(const void *ptr) {
  pthread_mutex_lock(&reflect_offs.lock);
  int32_t id = 0;
  for (int32_t i = 0; i < reflect_offs.n; i++) {
    if (reflect_offs.ptrs[i] == ptr) {
      id = -(i + 1);
      break;
    }
  }
  if (id == 0) {
    if (reflect_offs.n == reflect_offs.cap) {
      int32_t cap = reflect_offs.cap ? 2 * reflect_offs.cap : 64;
      const void **p = realloc(reflect_offs.ptrs, (size_t)cap * sizeof *p);
      if (!p) {
        fputs("fatal error: out of memory registering a reflect offset\n", stderr);
        _exit(2);
      }
      reflect_offs.ptrs = p;
      reflect_offs.cap = cap;
    }
    reflect_offs.ptrs[reflect_offs.n++] = ptr;
    id = -reflect_offs.n;
  }
  pthread_mutex_unlock(&reflect_offs.lock);
  return id;
}

static __attribute__((noreturn)) void bad_offset(const char *what, const void *base, int32_t off) {
  fprintf(stderr, "runtime: %s %#x base %p not in the type section or reflect registry\n", what,
          (unsigned)off, base);
  fputs("fatal error: runtime: offset base pointer out of range\n", stderr);
  _exit(2);
}

static const void *resolve(const char *what, const void *base, int32_t off) {
  if (off == 0) return NULL;
  if (in_static_types(base)) return (const char *)base + off;
  const void *res = NULL;
  pthread_mutex_lock(&reflect_offs.lock);
  if (off < 0 && -off <= reflect_offs.n) res = reflect_offs.ptrs[-off - 1];
  pthread_mutex_unlock(&reflect_offs.lock);
  if (!res) bad_offset(what, base, off);
  return res;
}

iface_name iface_resolve_name_off(const void *base, rog_name_off off) {
  return (iface_name){resolve("nameOff", base, off)};
}

const rog_type *iface_resolve_type_off(const void *base, rog_type_off off) {
  return resolve("typeOff", base, off);
}

const void *iface_resolve_text_off(const void *base, rog_text_off off) {
  return resolve("textOff", base, off);
}

/* Reads the varint at p; returns its value and stores its length in *n. */
static size_t read_varint(const uint8_t *p, size_t *n) {
  size_t v = 0;
  for (size_t i = 0;; i++) {
    v |= (size_t)(p[i] & 0x7f) << (7 * i);
    if (!(p[i] & 0x80)) {
      *n = i + 1;
      return v;
    }
  }
}

rog_string iface_name_string(iface_name n) {
  if (!n.bytes) return (rog_string){NULL, 0};
  size_t vl, len = read_varint(n.bytes + 1, &vl);
  return (rog_string){n.bytes + 1 + vl, (intptr_t)len};
}

rog_string iface_name_tag(iface_name n) {
  if (!n.bytes || !(n.bytes[0] & ROG_NAME_HAS_TAG)) return (rog_string){NULL, 0};
  size_t vl, len = read_varint(n.bytes + 1, &vl);
  const uint8_t *p = n.bytes + 1 + vl + len;
  size_t tl, tlen = read_varint(p, &tl);
  return (rog_string){p + tl, (intptr_t)tlen};
}

rog_string iface_name_pkgpath(iface_name n) {
  if (!n.bytes || !(n.bytes[0] & ROG_NAME_HAS_PKGPATH)) return (rog_string){NULL, 0};
  size_t vl, len = read_varint(n.bytes + 1, &vl);
  const uint8_t *p = n.bytes + 1 + vl + len;
  if (n.bytes[0] & ROG_NAME_HAS_TAG) {
    size_t tl, tlen = read_varint(p, &tl);
    p += tl + tlen;
  }
  int32_t off;
  memcpy(&off, p, sizeof off); /* unaligned */
  return iface_name_string(iface_resolve_name_off(n.bytes, off));
}

bool iface_name_exported(iface_name n) {
  return n.bytes && (n.bytes[0] & ROG_NAME_EXPORTED);
}

bool iface_name_embedded(iface_name n) {
  return n.bytes && (n.bytes[0] & ROG_NAME_EMBEDDED);
}

/* Size of the kind-specific descriptor the uncommon part follows. */
static size_t kind_header_size(const rog_type *t) {
  switch (t->kind & ROG_KIND_MASK) {
  case ROG_KIND_STRUCT:
    return sizeof(rog_structtype);
  case ROG_KIND_POINTER:
    return sizeof(rog_ptrtype);
  case ROG_KIND_FUNC:
    return sizeof(rog_functype);
  case ROG_KIND_SLICE:
    return sizeof(rog_slicetype);
  case ROG_KIND_ARRAY:
    return sizeof(rog_arraytype);
  case ROG_KIND_CHAN:
    return sizeof(rog_chantype);
  case ROG_KIND_MAP:
    return sizeof(rog_maptype);
  case ROG_KIND_INTERFACE:
    return sizeof(rog_interfacetype);
  default:
    return sizeof(rog_type);
  }
}

const rog_uncommon *iface_uncommon(const rog_type *t) {
  if (!(t->tflag & ROG_TFLAG_UNCOMMON)) return NULL;
  return (const rog_uncommon *)((const char *)t + kind_header_size(t));
}

const rog_method *iface_methods(const rog_type *t, const rog_uncommon *u) {
  (void)t;
  if (!u || u->mcount == 0) return NULL;
  return (const rog_method *)((const char *)u + u->moff);
}

rog_string iface_type_string(const rog_type *t) {
  rog_string s = iface_name_string(iface_resolve_name_off(t, t->str));
  if ((t->tflag & ROG_TFLAG_EXTRA_STAR) && s.len > 0) {
    s.ptr++;
    s.len--;
  }
  return s;
}

rog_string iface_type_pkgpath(const rog_type *t) {
  const rog_uncommon *u = iface_uncommon(t);
  if (u) return iface_name_string(iface_resolve_name_off(t, u->pkgpath));
  switch (t->kind & ROG_KIND_MASK) {
  case ROG_KIND_STRUCT:
    return iface_name_string((iface_name){((const rog_structtype *)t)->pkgpath});
  case ROG_KIND_INTERFACE:
    return iface_name_string((iface_name){((const rog_interfacetype *)t)->pkgpath});
  default:
    return (rog_string){NULL, 0};
  }
}
