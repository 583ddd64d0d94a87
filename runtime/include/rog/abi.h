/*
 * rog/abi.h: THE compiler/runtime contract.
 *
 * Both sides include this header (the runtime directly; compiler/lower mirrors
 * the layouts and names in its LLVM types; a "must match" note sits beside
 * each mirror). Change a layout or a name here and you change both sides.
 *
 * What it fixes (DESIGN.md section 3):
 *   - data layouts of strings, slices, interfaces, func values;
 *   - type descriptors in gc 1.19's layout (runtime._type), so the standard
 *     reflect/fmt/encoding sources run unmodified;
 *   - the per-thread block the generated code reads (current goroutine,
 *     stack guard, checkpoint word), reached through initial-exec TLS;
 *   - the global words the IR passes read (write barrier enabled) and the
 *     slow-path entry points they call.
 *
 * Calling convention: the platform C convention. A func value is a pointer to
 * a closure object whose first word is the code pointer; the closure pointer
 * is passed in the `nest` register (r10 on amd64, x18 on arm64), so plain
 * functions and closures share one convention.
 *
 * Ownership of sections (so parallel work does not collide):
 *   [layouts], [types], [tls]     : shared; change only with a note in both sides
 *   [alloc], [gc]                 : runtime/alloc, runtime/gc
 *   [sched], [stack], [chan]      : runtime/sched, runtime/stack, runtime/chan
 *
 * Everything here is plain C11; no runtime-internal headers are pulled in.
 */
#ifndef ROG_ABI_H
#define ROG_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ROG_PTRSIZE 8 /* amd64 and arm64 only */

/* ---------------------------------------------------------------- [layouts] */

/* string: {ptr, len} */
typedef struct rog_string {
  const uint8_t *ptr;
  intptr_t len;
} rog_string;

/* slice: {ptr, len, cap} */
typedef struct rog_slice {
  void *ptr;
  intptr_t len;
  intptr_t cap;
} rog_slice;

/* interface: {itab|type, data}. For empty interfaces the first word is a
 * rog_type*, otherwise a rog_itab*. data points at the value, or is the
 * value itself when the type is pointer-shaped (ROG_KIND_DIRECT_IFACE). */
typedef struct rog_iface {
  void *tab;
  void *data;
} rog_iface;

/* func value: a pointer to a closure object; its first word is the code
 * pointer, captured variables follow. A plain function's func value points
 * at a static one-word closure. */
typedef struct rog_closure {
  void (*fn)(void);
  /* captured variables follow */
} rog_closure;

/* ------------------------------------------------------------------ [types] */

/* runtime._type, gc 1.19 layout (48 bytes on 64-bit targets). */
typedef struct rog_type {
  uintptr_t size;
  uintptr_t ptrdata; /* prefix of the object that can contain pointers */
  uint32_t hash;
  uint8_t tflag;
  uint8_t align;
  uint8_t field_align;
  uint8_t kind;             /* ROG_KIND_* | flags below */
  const rog_closure *equal; /* func(p, q unsafe.Pointer) bool, or NULL */
  const uint8_t *gcdata;    /* pointer bitmap, or GC program if ROG_KIND_GC_PROG */
  int32_t str;              /* nameOff */
  int32_t ptr_to_this;      /* typeOff */
} rog_type;

/* runtime.kind* values (reflect.Kind numbering). */
enum {
  ROG_KIND_BOOL = 1,
  ROG_KIND_INT,
  ROG_KIND_INT8,
  ROG_KIND_INT16,
  ROG_KIND_INT32,
  ROG_KIND_INT64,
  ROG_KIND_UINT,
  ROG_KIND_UINT8,
  ROG_KIND_UINT16,
  ROG_KIND_UINT32,
  ROG_KIND_UINT64,
  ROG_KIND_UINTPTR,
  ROG_KIND_FLOAT32,
  ROG_KIND_FLOAT64,
  ROG_KIND_COMPLEX64,
  ROG_KIND_COMPLEX128,
  ROG_KIND_ARRAY,
  ROG_KIND_CHAN,
  ROG_KIND_FUNC,
  ROG_KIND_INTERFACE,
  ROG_KIND_MAP,
  ROG_KIND_POINTER,
  ROG_KIND_SLICE,
  ROG_KIND_STRING,
  ROG_KIND_STRUCT,
  ROG_KIND_UNSAFE_POINTER,
};
#define ROG_KIND_DIRECT_IFACE (1u << 5)
#define ROG_KIND_GC_PROG (1u << 6)
#define ROG_KIND_MASK ((1u << 5) - 1)

/* tflag bits (runtime.tflag*). */
#define ROG_TFLAG_UNCOMMON (1u << 0)
#define ROG_TFLAG_EXTRA_STAR (1u << 1)
#define ROG_TFLAG_NAMED (1u << 2)
#define ROG_TFLAG_REGULAR_MEMORY (1u << 3)

/* runtime.itab, gc 1.19 layout: fun has a variable number of entries. */
typedef struct rog_itab {
  const void *inter; /* *interfacetype */
  const rog_type *type;
  uint32_t hash; /* copy of type->hash, for type switches */
  uint8_t _pad[4];
  uintptr_t fun[1]; /* fun[0] == 0 means type does not implement inter */
} rog_itab;

/* Offsets inside type descriptors (gc's nameOff, typeOff, textOff: int32).
 *
 * gc makes them relative to its module's type (or text) base. An ELF
 * object cannot express "symbol minus section start" as a relocation, so
 * rog makes each offset relative to the descriptor that holds it:
 *
 *   _type.str, _type.ptr_to_this, uncommon.pkgpath, method.*, imethod.*:
 *       target - (address of the rog_type those fields belong to)
 *   the pkgPath nameOff trailing a name's bytes:
 *       target - (address of the name's first byte)
 *
 * The compiler emits them as `trunc(sub(ptrtoint target, ptrtoint self))`,
 * which the assembler turns into 32-bit PC-relative relocations. These are
 * exactly the bases the unmodified reflect sources pass to
 * resolveNameOff/resolveTypeOff/resolveTextOff (the type, or the name's
 * bytes). 0 means "none". Descriptors created at run time by reflect are
 * not in the static type section and hold ids from addReflectOff instead.
 * rog's resolve*Off tell the two apart by the base's address. */
typedef int32_t rog_name_off;
typedef int32_t rog_type_off;
typedef int32_t rog_text_off;

/* runtime.name: a pointer to flag byte, varint length, bytes, [varint
 * tag length, tag], [pkgPath nameOff]. Flags below. */
#define ROG_NAME_EXPORTED (1u << 0)
#define ROG_NAME_HAS_TAG (1u << 1)
#define ROG_NAME_HAS_PKGPATH (1u << 2)
#define ROG_NAME_EMBEDDED (1u << 3)

/* runtime.uncommontype: follows the kind-specific descriptor when
 * tflag & ROG_TFLAG_UNCOMMON. */
typedef struct rog_uncommon {
  rog_name_off pkgpath;
  uint16_t mcount; /* methods */
  uint16_t xcount; /* exported methods (they come first) */
  uint32_t moff;   /* from this struct to [mcount]rog_method */
  uint32_t _unused;
} rog_uncommon;

/* runtime.method */
typedef struct rog_method {
  rog_name_off name;
  rog_type_off mtyp; /* method type without receiver */
  rog_text_off ifn;  /* used in interface calls: receiver is a pointer-shaped word */
  rog_text_off tfn;  /* used in method values/direct calls */
} rog_method;

/* runtime.imethod */
typedef struct rog_imethod {
  rog_name_off name;
  rog_type_off ityp;
} rog_imethod;

typedef struct rog_interfacetype {
  rog_type typ;
  const uint8_t *pkgpath; /* name */
  rog_slice mhdr;         /* []rog_imethod, sorted by name */
} rog_interfacetype;

typedef struct rog_maptype {
  rog_type typ;
  const rog_type *key;
  const rog_type *elem;
  const rog_type *bucket;    /* the bucket layout the map implementation scans */
  const rog_closure *hasher; /* func(key unsafe.Pointer, seed uintptr) uintptr */
  uint8_t keysize;
  uint8_t elemsize;
  uint16_t bucketsize;
  uint32_t flags; /* ROG_MAP_* */
} rog_maptype;
#define ROG_MAP_INDIRECT_KEY (1u << 0)
#define ROG_MAP_INDIRECT_ELEM (1u << 1)
#define ROG_MAP_REFLEXIVE_KEY (1u << 2)
#define ROG_MAP_NEED_KEY_UPDATE (1u << 3)
#define ROG_MAP_HASH_MIGHT_PANIC (1u << 4)

typedef struct rog_arraytype {
  rog_type typ;
  const rog_type *elem;
  const rog_type *slice;
  uintptr_t len;
} rog_arraytype;

typedef struct rog_chantype {
  rog_type typ;
  const rog_type *elem;
  uintptr_t dir; /* 1 recv, 2 send, 3 both (reflect.ChanDir) */
} rog_chantype;

typedef struct rog_slicetype {
  rog_type typ;
  const rog_type *elem;
} rog_slicetype;

typedef struct rog_ptrtype {
  rog_type typ;
  const rog_type *elem;
} rog_ptrtype;

/* runtime.functype: followed by the uncommon part (if any) and then
 * in/out parameter type pointers; outCount's top bit marks variadic. */
typedef struct rog_functype {
  rog_type typ;
  uint16_t in_count;
  uint16_t out_count;
} rog_functype;
#define ROG_FUNC_VARIADIC 0x8000u

typedef struct rog_structfield {
  const uint8_t *name; /* name (flags mark embedded fields) */
  const rog_type *typ;
  uintptr_t offset;
} rog_structfield;

typedef struct rog_structtype {
  rog_type typ;
  const uint8_t *pkgpath; /* name */
  rog_slice fields;       /* []rog_structfield */
} rog_structtype;

/* -------------------------------------------------------------------- [tls] */

/* The per-thread block generated code reads. Reached through the TLS symbol
 * `rog_tls` with the initial-exec model. Offsets are part of the contract:
 * the stack-check pass loads offset 0, the checkpoint pass offset 8. */
typedef struct rog_tls_block {
  uintptr_t stack_guard;     /* +0: lowest SP a prologue may go below minus frame */
  volatile uint32_t preempt; /* +8: checkpoint word; nonzero asks the goroutine to call rog_checkpoint */
  uint32_t _pad0;
  void *g;     /* +16: current goroutine (runtime/sched's G) */
  void *m;     /* +24: current thread (runtime/sched's M) */
  void *cache; /* +32: current P's allocation cache (runtime/alloc) */
  void *p;     /* +40: current P, or NULL */
} rog_tls_block;

#define ROG_TLS_STACK_GUARD_OFFSET 0
#define ROG_TLS_PREEMPT_OFFSET 8
#define ROG_TLS_G_OFFSET 16

extern __thread rog_tls_block rog_tls __attribute__((tls_model("initial-exec")));

/* ------------------------------------------------------------------ [alloc] */

/* Allocate a zeroed object of `size` bytes whose pointer layout is `type`
 * (NULL or type->ptrdata == 0: pointer-free, goes to a no-scan span). For
 * arrays of `type`, size is a multiple of type->size. Never returns NULL:
 * out of memory is a fatal error. */
void *rog_alloc(size_t size, const rog_type *type);

/* ----------------------------------------------------------------- [gc] */

/* Write barrier. Generated code emits every pointer store that may hit the
 * heap as `rog_gcwrite(slot, val)`; the write-barrier pass lowers it to
 *   if (rog_wb_enabled) rog_write_barrier(slot, val); else *slot = val;
 * with the branch weighted unlikely. rog_write_barrier performs the store. */
extern volatile uint32_t rog_wb_enabled;
void rog_write_barrier(void **slot, void *val);
/* Bulk form: copy n bytes of values of `type` layout from src to dst (like
 * gc's typedmemmove; dst and src may overlap), with barriers as needed. */
void rog_write_barrier_bulk(void *dst, const void *src, size_t n, const rog_type *type);

/* --------------------------------------------------------- [sched] [stack] */

/* Preemption checkpoint slow path: called when rog_tls.preempt != 0 at a
 * function entry or loop latch. May park the goroutine (GC stop-the-world,
 * sysmon preemption) and returns when it is scheduled again. */
void rog_checkpoint(void);

/* Stack overflow slow path for the prologue check (see runtime/stack for the
 * mechanism). Arguments and semantics are owned by runtime/stack and
 * documented there; the stack-check pass emits calls matching it. */

/* ------------------------------------------------------------------ [iface] */

/* Interfaces (design: runtime/iface/iface.c). The compiler emits the itabs
 * it sees statically (concrete type to interface) and inline checks for
 * assertions to concrete types (compare the type word, or itab->type, with
 * the static descriptor); the rest calls these.
 *
 * Type descriptors are unique per type in a program (emitted once, with
 * linkonce_odr/comdat under the type's symbol name), so two descriptors are
 * the same type exactly when the pointers are equal. All compiler-emitted
 * descriptors and names go into the section "rog_types" (abi.h's offset
 * rule depends on it). */

/* The itab for (inter, typ): NULL if typ does not implement inter and
 * canfail, else a TypeAssertionError panic. */
const rog_itab *rog_getitab(const rog_interfacetype *inter, const rog_type *typ, bool canfail);
/* x.(I) for an empty-interface x with type word t (for a non-empty x, pass
 * itab->type): the itab, or a panic (also when t is NULL). */
const rog_itab *rog_assertE2I(const rog_interfacetype *inter, const rog_type *t);
/* v, ok := x.(I): {itab, data}, or {NULL, NULL} when it fails. */
rog_iface rog_assertE2I2(const rog_interfacetype *inter, const rog_type *t, void *data);
/* Converting a non-empty interface to another: the itab (NULL stays NULL). */
const rog_itab *rog_convI2I(const rog_interfacetype *inter, const rog_itab *src);
/* Failed x.(T) for a concrete T: have is the dynamic type (or itab), want
 * T, iface the static type of x. gc's messages; they do not return. */
void rog_panicdottypeE(const rog_type *have, const rog_type *want, const rog_type *iface)
    __attribute__((noreturn));
void rog_panicdottypeI(const rog_itab *have, const rog_type *want, const rog_type *iface)
    __attribute__((noreturn));
void rog_panicnildottype(const rog_type *want) __attribute__((noreturn));

/* ------------------------------------------------------ [front-end barriers] */

/* What the front end emits for pointer stores and copies that may hit the
 * heap. Both are real runtime functions, the out-of-line barrier (test
 * rog_wb_enabled, barrier when on, then store/copy), so an unlowered call is
 * correct; compiler/passes/wb.c rewrites calls into plain stores/memmoves
 * (stack destinations) or the inline test with rog_write_barrier /
 * rog_write_barrier_bulk as the slow path. */
void rog_gcwrite(void **slot, void *val);
void rog_gcmemmove(void *dst, const void *src, size_t n, const rog_type *type);

#ifdef __cplusplus
}
#endif
#endif /* ROG_ABI_H */
