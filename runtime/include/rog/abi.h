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
 *   [calls]                       : compiler/lower (mirrored by every C function Go calls by a Go name)
 *   [rt], [panic], [print, str]   : runtime/rt, runtime/panic, runtime/str
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

/* ---------------------------------------------------------------- [sched] */

/* Preemption checkpoint slow path: called when rog_tls.preempt != 0 at a
 * function entry or loop latch. May park the goroutine (GC stop-the-world,
 * sysmon preemption) and returns when it is scheduled again. */
void rog_checkpoint(void);

/* Runtime panic hook for the panics the runtime raises itself (send on closed
 * channel, close of nil channel, ...): a recoverable Go panic with gc's
 * plainError value (runtime/panic). runtime/sched's own weak version, used
 * only by its C tests, prints gc's report and exits with status 2. */
__attribute__((noreturn)) void rog_panic_string(const char *msg);

/* ---------------------------------------------------------------- [stack] */

/* Segmented goroutine stacks (design: runtime/stack/stack.c).
 *
 * Prologue the stack-check pass emits for a function F with frame size FS
 * (skipped for leaf frames of at most ROG_STACK_NOSPLIT_MAX bytes):
 *
 *     if (SP - FS < rog_tls.stack_guard) {        // load of TLS offset 0
 *       struct F_args a = { arg0, arg1, ... };    // alloca in F's frame
 *       rog_morestack(F_thunk, &a, FS);           // cold call
 *       return a.result;
 *     }
 *
 * where F_thunk(void *p) unpacks the block, calls F again and stores the
 * result into it. SP here is the frame address (llvm.frameaddress(0)).
 *
 * The check is IR, so it runs after the machine prologue has allocated F's
 * frame: a frame can sit up to its own size below the guard before the
 * check notices. Hence ROG_STACK_BIGFRAME: a function whose frame may exceed
 * it must be split into a small checking entry (the check with FS = the
 * body's frame size + ROG_STACK_BIGFRAME, then a tail call) and the body.
 * The compiler must also not emit stack probes (probe-stack) in checked
 * functions: a probe below the guard would touch another goroutine's
 * segment. rog_morestack switches SP to a new (or the goroutine's
 * cached) segment with at least FS + ROG_STACK_RESERVE usable bytes, calls
 * the thunk there, switches back and keeps the segment cached.
 *
 * Below the guard, each segment keeps ROG_STACK_RESERVE bytes for nosplit
 * leaf frames and for runtime C functions called from Go code (these must
 * stay under ROG_STACK_RUNTIME_MAX bytes of stack; deeper work runs on the
 * thread's system stack through sched_systemstack).
 *
 * Exceeding the maximum stack size (1 GB by default, ROG_OPTS maxstack=N)
 * prints gc's "runtime: goroutine stack exceeds N-byte limit" /
 * "fatal error: stack overflow" with a traceback and exits with status 2. */
#define ROG_STACK_RESERVE 1024
#define ROG_STACK_NOSPLIT_MAX 128
#define ROG_STACK_BIGFRAME 512
/* what is left for runtime C below a checked frame and a nosplit leaf */
#define ROG_STACK_RUNTIME_MAX (ROG_STACK_RESERVE - ROG_STACK_BIGFRAME - ROG_STACK_NOSPLIT_MAX)
void rog_morestack(void (*thunk)(void *args), void *args, uintptr_t framesize);

/* ----------------------------------------------------------------- [chan] */

/* Channels (design: runtime/chan/chan.c). Element values are copied with
 * memcpy of elemtype->size bytes from/to the pointers given. */
typedef struct rog_chan rog_chan;

/* make(chan T, size); a negative or too large size panics like gc
 * ("makechan: size out of range"). */
rog_chan *rog_chan_make(const rog_type *elemtype, intptr_t size);
/* c <- *elem; blocks; panics on a closed channel; blocks forever on nil. */
void rog_chan_send(rog_chan *c, const void *elem);
/* *elem = <-c (elem may be NULL to discard); returns false if the value is
 * the zero value because c is closed and drained. */
bool rog_chan_recv(rog_chan *c, void *elem);
void rog_chan_close(rog_chan *c);
intptr_t rog_chan_len(const rog_chan *c);
intptr_t rog_chan_cap(const rog_chan *c);
/* select { case c <- v: ... default: } and the receive form: return true if
 * the operation happened. */
bool rog_chan_trysend(rog_chan *c, const void *elem);
bool rog_chan_tryrecv(rog_chan *c, void *elem, bool *ok);

/* General select, gc's selectgo: cases[0:nsends] are sends, cases[nsends:
 * nsends+nrecvs] receives (a case with c == NULL never proceeds). order is
 * caller-provided scratch of 2*(nsends+nrecvs) entries (so the runtime's own
 * frame stays small). Returns the chosen case index, or -1 when !block and
 * nothing was ready (the default case); *recv_ok tells a receive whether it
 * got a value (true) or the zero value of a closed channel (false). */
typedef struct rog_scase {
  rog_chan *c;
  void *elem; /* send: value to send; receive: destination (may be NULL) */
} rog_scase;
intptr_t rog_select(rog_scase *cases, uint16_t *order, intptr_t nsends, intptr_t nrecvs, bool block,
                    bool *recv_ok);

/* ------------------------------------------------------------------- [map] */

/* Owned by runtime/map and runtime/alg. Semantics follow Go 1.19 maps; the
 * gc name each entry point stands for is given in brackets.
 *
 * Type algorithms (runtime/alg). A type descriptor's `equal` and a map
 * type's `hasher` are func values (closures). rog provides these static,
 * capture-free closures for the compiler to reference:
 *   hashers  func(p unsafe.Pointer, seed uintptr) uintptr
 *     rog_memhash0/8/16/32/64/128_closure  [runtime.memhash0 ... memhash128]
 *     rog_strhash_closure                  [runtime.strhash]
 *     rog_f32hash_closure, rog_f64hash_closure   [f32hash, f64hash]
 *     rog_c64hash_closure, rog_c128hash_closure  [c64hash, c128hash]
 *     rog_interhash_closure, rog_nilinterhash_closure [interhash, nilinterhash]
 *   equality func(p, q unsafe.Pointer) bool
 *     rog_memequal0/8/16/32/64/128_closure [runtime.memequal0 ... memequal128]
 *     rog_strequal_closure, rog_f32equal_closure, rog_f64equal_closure,
 *     rog_c64equal_closure, rog_c128equal_closure,
 *     rog_interequal_closure, rog_nilinterequal_closure
 * For plain memory of any other size the compiler emits a two-word closure
 * {rog_memhash_varlen, size} or {rog_memequal_varlen, size} (gc's
 * memhash_varlen/memequal_varlen): those read the size from the closure
 * (nest register). Struct and array types that are not plain memory get
 * compiler-generated hashers that call the functions below field by field.
 *
 * Hash values: memhash(p, seed, n) for n == 4/8 equals memhash32/64(p, seed),
 * and strhash(s, seed) == memhash(s.ptr, seed, s.len), so a map may hash a
 * plain-memory or string key by kind instead of calling its closure. Floats
 * hash +0 and -0 alike and NaN randomly; interfaces hash through the dynamic
 * type's algorithm and panic "runtime error: hash of unhashable type T" for
 * types without `equal`. Comparing interfaces holding uncomparable types
 * panics "runtime error: comparing uncomparable type T". */
uintptr_t rog_memhash(const void *p, uintptr_t seed, uintptr_t size); /* [runtime.memhash] */
uintptr_t rog_memhash32(const void *p, uintptr_t seed);               /* [runtime.memhash32] */
uintptr_t rog_memhash64(const void *p, uintptr_t seed);               /* [runtime.memhash64] */
uintptr_t rog_strhash(const void *p, uintptr_t seed);                 /* [runtime.strhash], p: *rog_string */
uintptr_t rog_f32hash(const void *p, uintptr_t seed);
uintptr_t rog_f64hash(const void *p, uintptr_t seed);
uintptr_t rog_c64hash(const void *p, uintptr_t seed);
uintptr_t rog_c128hash(const void *p, uintptr_t seed);
uintptr_t rog_interhash(const void *p, uintptr_t seed);    /* p: *rog_iface (itab) */
uintptr_t rog_nilinterhash(const void *p, uintptr_t seed); /* p: *rog_iface (type) */
/* [runtime.typehash]: hash of the value at p of type t (what reflect.MapOf's
 * hashers and interhash use). */
uintptr_t rog_typehash(const rog_type *t, const void *p, uintptr_t seed);
bool rog_memequal(const void *p, const void *q, uintptr_t size); /* [runtime.memequal] */
bool rog_strequal(const void *p, const void *q);
bool rog_f32equal(const void *p, const void *q);
bool rog_f64equal(const void *p, const void *q);
bool rog_c64equal(const void *p, const void *q);
bool rog_c128equal(const void *p, const void *q);
bool rog_interequal(const void *p, const void *q);
bool rog_nilinterequal(const void *p, const void *q);
/* [runtime.efaceeq, ifaceeq]: x, y are the data words of two interfaces
 * whose type (itab) words are equal and are t (tab). */
bool rog_efaceeq(const rog_type *t, void *x, void *y);
bool rog_ifaceeq(const rog_itab *tab, void *x, void *y);
void rog_memhash_varlen(void);  /* closure code: {fn, size}; see above */
void rog_memequal_varlen(void); /* closure code: {fn, size}; see above */

extern const rog_closure rog_memhash0_closure, rog_memhash8_closure, rog_memhash16_closure,
    rog_memhash32_closure, rog_memhash64_closure, rog_memhash128_closure, rog_strhash_closure,
    rog_f32hash_closure, rog_f64hash_closure, rog_c64hash_closure, rog_c128hash_closure,
    rog_interhash_closure, rog_nilinterhash_closure;
extern const rog_closure rog_memequal0_closure, rog_memequal8_closure, rog_memequal16_closure,
    rog_memequal32_closure, rog_memequal64_closure, rog_memequal128_closure, rog_strequal_closure,
    rog_f32equal_closure, rog_f64equal_closure, rog_c64equal_closure, rog_c128equal_closure,
    rog_interequal_closure, rog_nilinterequal_closure;

/* Panic and fatal hooks the map and alg code call. runtime/panic defines
 * them (real panics with runtime.Error values); runtime/alg references
 * them weakly and, in its own tests without runtime/panic, falls back to
 * printing gc's message ("panic: runtime error: MSG" or "panic: MSG" for
 * plain errors, "fatal error: MSG") and exiting with status 2.
 *   rog_panic_runtime_error: panic with a runtime.Error; `plain` selects
 *     gc's plainError (message without the "runtime error: " prefix).
 *   rog_fatal: unrecoverable error (gc's runtime.fatal/throw). */
void rog_panic_runtime_error(const char *msg, bool plain);
void rog_fatal(const char *msg);

/* Maps (runtime/map). A Go map value is a pointer to rog_map, or NULL for a
 * nil map. The first word of rog_map is the entry count, so the compiler may
 * inline len(m) as `m ? *(intptr_t *)m : 0` (what rog_maplen does). The
 * rest of rog_map is private to runtime/map.
 *
 * Keys and elems are passed by pointer. Every pointer returned to an elem
 * stays valid until the next write to the map (assign or delete may move
 * entries); the compiler copies out of it at once, as with gc.
 *
 * A missing key reads as a pointer to zeroed memory of the elem size: for
 * elems up to ROG_MAP_ZERO_SIZE bytes that is rog_map_zero [runtime.zeroVal];
 * for bigger elems the compiler calls the _fat variants with its own zero
 * object. Never write through such a pointer. */
#define ROG_MAP_ZERO_SIZE 1024
extern const uint8_t rog_map_zero[ROG_MAP_ZERO_SIZE];

typedef struct rog_map rog_map;

/* Iterator state [runtime.hiter]. The compiler allocates it (stack or heap)
 * and rog_mapiterinit fills it. key is NULL when the iteration is over;
 * key and elem point at the current entry otherwise. Must fit reflect's
 * hiter (12 words, the first 8 of them pointers); words 2..7 may hold heap
 * pointers, words 8..11 never do. */
typedef struct rog_hiter {
  void *key;  /* +0 */
  void *elem; /* +8 */
  const rog_maptype *t;
  rog_map *m;
  void *groups;    /* table being iterated (kept alive by this word) */
  void *_ptrs[3];  /* reserved pointer words */
  uintptr_t start; /* random start slot */
  uintptr_t i;     /* slots visited so far */
  uintptr_t mask;  /* slot count - 1 of `groups` */
  uintptr_t clear_seq;
} rog_hiter;

/* make(map[K]V, hint) [runtime.makemap]. hint < 0 panics like gc
 * ("makemap: size out of range" is a plainError). */
rog_map *rog_makemap(const rog_maptype *t, intptr_t hint);
/* v := m[k] [mapaccess1]: pointer to the elem, or to zero memory. */
void *rog_mapaccess1(const rog_maptype *t, rog_map *m, const void *key);
/* v, ok := m[k] [mapaccess2]: *ok = present. */
void *rog_mapaccess2(const rog_maptype *t, rog_map *m, const void *key, bool *ok);
/* Elems bigger than ROG_MAP_ZERO_SIZE [mapaccess1_fat, mapaccess2_fat]. */
void *rog_mapaccess1_fat(const rog_maptype *t, rog_map *m, const void *key, const void *zero);
void *rog_mapaccess2_fat(const rog_maptype *t, rog_map *m, const void *key, const void *zero, bool *ok);
/* m[k] = ... [mapassign]: returns the elem slot to store into (existing or
 * new, zeroed); the caller stores through rog_gcwrite/rog_gcmemmove. Panics
 * "assignment to entry in nil map" (plain) when m is NULL. */
void *rog_mapassign(const rog_maptype *t, rog_map *m, const void *key);
/* delete(m, k) [mapdelete]: no-op for nil maps and missing keys. */
void rog_mapdelete(const rog_maptype *t, rog_map *m, const void *key);
/* for k, v := range m [mapiterinit, mapiternext]: a randomized order;
 * entries present at init and not deleted are produced exactly once,
 * entries added meanwhile may or may not be. */
void rog_mapiterinit(const rog_maptype *t, rog_map *m, rog_hiter *it);
void rog_mapiternext(rog_hiter *it);
/* len(m) [maplen]. */
intptr_t rog_maplen(rog_map *m);
/* `for k := range m { delete(m, k) }` [mapclear]. */
void rog_mapclear(const rog_maptype *t, rog_map *m);

/* Fast paths the compiler uses when they fit the key type, as gc does:
 *   _fast32:  4-byte plain-memory keys (int32, uint32, ...), elem <= 128 bytes
 *   _fast64:  8-byte plain-memory keys (int64, uint64, ...), elem <= 128 bytes
 *   _fast32ptr/_fast64ptr: assign with pointer-shaped keys (the key is
 *             stored with a write barrier)
 *   _faststr: string keys, elem <= 128 bytes
 * Keys are passed by value. Results are as for the generic functions. */
void *rog_mapaccess1_fast32(const rog_maptype *t, rog_map *m, uint32_t key);
void *rog_mapaccess2_fast32(const rog_maptype *t, rog_map *m, uint32_t key, bool *ok);
void *rog_mapassign_fast32(const rog_maptype *t, rog_map *m, uint32_t key);
void *rog_mapassign_fast32ptr(const rog_maptype *t, rog_map *m, void *key);
void rog_mapdelete_fast32(const rog_maptype *t, rog_map *m, uint32_t key);
void *rog_mapaccess1_fast64(const rog_maptype *t, rog_map *m, uint64_t key);
void *rog_mapaccess2_fast64(const rog_maptype *t, rog_map *m, uint64_t key, bool *ok);
void *rog_mapassign_fast64(const rog_maptype *t, rog_map *m, uint64_t key);
void *rog_mapassign_fast64ptr(const rog_maptype *t, rog_map *m, void *key);
void rog_mapdelete_fast64(const rog_maptype *t, rog_map *m, uint64_t key);
void *rog_mapaccess1_faststr(const rog_maptype *t, rog_map *m, rog_string key);
void *rog_mapaccess2_faststr(const rog_maptype *t, rog_map *m, rog_string key, bool *ok);
void *rog_mapassign_faststr(const rog_maptype *t, rog_map *m, rog_string key);
void rog_mapdelete_faststr(const rog_maptype *t, rog_map *m, rog_string key);

/* reflect's entry points [reflect.mapaccess, mapassign, mapdelete,
 * mapiterinit, mapiternext, mapiterkey, mapiterelem, maplen, makemap,
 * typehash] are the functions above; reflect.mapassign copies *val into
 * the slot rog_mapassign returns with rog_gcmemmove. */
void *rog_mapiterkey(rog_hiter *it);
void *rog_mapiterelem(rog_hiter *it);

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

/* ------------------------------------------------------------------ [calls] */

/* How Go functions are lowered to the platform C convention ("flattened
 * parts"). compiler/lower implements it; C runtime functions that Go code
 * calls by a Go name (bodyless declarations in runtime/go, e.g.
 * `func printstring(s string)` defined in C as
 * `void rog_printstring(const uint8_t *p, intptr_t n) __asm__("runtime.printstring")`)
 * follow it too.
 *
 * Parts of a Go value of type T (in order):
 *   bool -> i1 (zeroext, C `bool`); intN/uintN -> iN; int, uint, uintptr ->
 *   i64; float32/64 -> float/double; complex64/128 -> two floats/doubles;
 *   pointer, unsafe.Pointer, map, chan, func -> ptr; string -> ptr, i64;
 *   slice -> ptr, i64, i64; interface -> ptr, ptr; struct -> the parts of
 *   its fields in order; array of length 0 -> none, of length 1 -> the
 *   element's parts. A struct or array with more than 4 parts (or an array
 *   longer than 1) is "memory": one ptr part pointing at a copy the caller
 *   made for this call (the callee owns it and may modify it).
 * Parameters, in order: [sret ptr] [nest ptr] receiver parts, parameter
 *   parts (a variadic parameter is a slice). `nest` (r10 on amd64, x18 on
 *   arm64) carries the closure object to closure bodies; plain functions
 *   have no nest parameter, and a call through a func value always passes
 *   one (harmless to a plain function).
 * Results: the parts of all results concatenated. None -> void; one part ->
 *   returned directly; two parts that are both 8-byte integers/pointers, or
 *   both doubles -> an LLVM literal struct {A, B} (what a C function
 *   returning a 16-byte struct of two such fields does); anything else ->
 *   an `sret` first parameter pointing at caller memory laid out as a Go
 *   struct of the result types (what a C function returning that struct by
 *   value does). A C implementation declares parameters flattened (never a
 *   struct by value) and multi-part results as a struct return.
 * Functions keep frame pointers ("frame-pointer"="all"); tracebacks and
 * recover depend on it.
 *
 * Symbols use gc's names: `main.main`, `pkg/path.F`, `pkg/path.T.M` (value
 * receiver), `pkg/path.(*T).M` (pointer receiver, and the compiler's
 * pointer wrapper of a value method), closures `pkg/path.F.func1`, the
 * static func value of F `pkg/path.F·f`, package variables
 * `pkg/path.V`, type descriptors `type.pkg/path.T` (gc 1.19 spelling,
 * `type.*pkg/path.T`, `type.[]int`, ...), itabs `go.itab.CONCRETE,IFACE`. */

/* --------------------------------------------------------------------- [rt] */

/* Program structure (runtime/rt).
 *
 * Every package P compiled by rog defines `P.init` (no parameters): it runs
 * once (a done flag), first calling the `.init` of each package P imports
 * (in import order), then P's variable initializers in dependency order,
 * then P's init functions (`P.init.0`, `P.init.1`, ...). Every program
 * implicitly imports package runtime (rog's own, runtime/go/runtime), whose
 * init the runtime calls first.
 *
 * The C `main` (runtime/rt) initializes the allocator, GC and scheduler,
 * and runs on the main goroutine `main.init` then `main.main`, then exits
 * with status 0 (other goroutines are not waited for, as in gc).
 *
 * Globals: the runtime scans the executable's writable data (.data, .bss)
 * conservatively as GC roots, so the compiler registers nothing yet.
 * TODO(roots): precise bitmaps for globals.
 *
 * `go f(x, y)`: the compiler evaluates f and the arguments into a closure
 * object (rog_alloc) whose code takes only the nest parameter and makes the
 * call; rog_go starts a goroutine running it. Deferred calls are closures
 * of the same shape. rog_call_closure calls such a closure from C (it sets
 * the nest register). */
void rog_go(const rog_closure *c);
void rog_call_closure(const rog_closure *c);

/* ------------------------------------------------------------------ [panic] */

/* defer / panic / recover / Goexit (runtime/panic). Go's exact semantics.
 *
 * A function F that contains defer statements lowers to:
 *
 *   rog_defer_frame fr;                     // alloca in F's frame
 *   fr.results = &F's result slots;         // results live in memory
 *   rog_defer_enter(&fr);
 *   if (rog_setjmp(fr.jmpbuf) != 0)         // call marked returns_twice
 *     goto recovered;
 *   ... `defer g(a)` -> rog_defer_push(&fr, closure calling g(a)) ...
 *   every return: store the results into their slots, then
 *     rog_defer_return(&fr); load the result slots; return them
 *   recovered:                              // a deferred call of F recovered
 *     rog_defer_return(&fr); load the result slots; return them
 *
 * fr.results is only there so the result slots escape (the optimizer must
 * keep them in memory across rog_setjmp); the runtime does not read it.
 *
 * panic(v) -> rog_gopanic(type word, data word) of the eface of v: runs the
 * deferred calls of the goroutine's frames, newest first; when a deferred
 * call recovered, the runtime unwinds to that call's frame (restoring the
 * stack segment) and rog_longjmp(fr.jmpbuf, 1). If nothing recovers it
 * prints "panic: " + the value (runtime.printpanicval, gc's format, with
 * " [recovered]" and nested panics as gc), "\n\ngoroutine N [running]:\n"
 * and a traceback, and exits with status 2.
 *
 * recover() -> rog_gorecover(llvm.frameaddress(1)) evaluated at F's entry:
 * it returns the panic value when called directly by a deferred call (the
 * runtime records the frame address of the C function that calls deferred
 * closures as the panic's argp), else nil. So functions that call recover
 * are never inlined. Compiler-generated wrappers between the runtime and
 * the user's function (the closure of `defer f(x)`, method wrappers, the
 * stack-check pass's thunks) call rog_panic_wrapper(frameaddress(1) of the
 * wrapped frame, frameaddress(0)) first, which moves argp to the wrapper's
 * frame when it matched (gc's WRAPPER rule).
 *
 * runtime.Goexit runs all deferred calls and ends the goroutine; recover
 * returns nil during it. */
#define ROG_JMPBUF_WORDS 22 /* callee-saved GPRs, FP/LR, SP, FP regs (arm64 d8-d15) */
typedef struct rog_defer_frame {
  struct rog_defer_frame *link; /* runtime: the goroutine's next older frame */
  void *defers;                 /* runtime: pending deferred closures, newest first */
  void *stack_seg;              /* runtime: the stack segment at entry */
  void *results;                /* compiler: address of the result slots (see above) */
  uintptr_t jmpbuf[ROG_JMPBUF_WORDS];
} rog_defer_frame;

int rog_setjmp(uintptr_t *jmpbuf) __attribute__((returns_twice));
__attribute__((noreturn)) void rog_longjmp(uintptr_t *jmpbuf, int val);
void rog_defer_enter(rog_defer_frame *fr);
void rog_defer_push(rog_defer_frame *fr, const rog_closure *c);
void rog_defer_return(rog_defer_frame *fr);
__attribute__((noreturn)) void rog_gopanic(const rog_type *t, void *data);
rog_iface rog_gorecover(void *caller_frame);
void rog_panic_wrapper(void *wrapped_parent_frame, void *self_frame);

/* Runtime errors raised by generated code, with gc's messages; they panic
 * with a runtime.Error (values of rog's runtime package types). Parameters
 * are the offending index/bounds as gc prints them. */
__attribute__((noreturn)) void rog_panic_index(intptr_t x,
                                               intptr_t len); /* index out of range [x] with length len */
__attribute__((noreturn)) void rog_panic_index_u(uintptr_t x, intptr_t len); /* same, x unsigned */
__attribute__((noreturn)) void
rog_panic_slice_alen(intptr_t x, intptr_t y); /* slice bounds out of range [:x] with length y */
__attribute__((noreturn)) void rog_panic_slice_acap(intptr_t x, intptr_t y);  /* ... [:x] with capacity y */
__attribute__((noreturn)) void rog_panic_slice_b(intptr_t x, intptr_t y);     /* ... [x:y] */
__attribute__((noreturn)) void rog_panic_slice3_alen(intptr_t x, intptr_t y); /* ... [::x] with length y */
__attribute__((noreturn)) void rog_panic_slice3_acap(intptr_t x, intptr_t y); /* ... [::x] with capacity y */
__attribute__((noreturn)) void rog_panic_slice3_b(intptr_t x, intptr_t y);    /* ... [:x:y] */
__attribute__((noreturn)) void rog_panic_slice3_c(intptr_t x, intptr_t y);    /* ... [x:y:] */
__attribute__((noreturn)) void rog_panic_slice_convert(
    intptr_t x, intptr_t y); /* cannot convert slice with length x to pointer to array with length y */
__attribute__((noreturn)) void rog_panic_divide(void); /* integer divide by zero */
__attribute__((noreturn)) void rog_panic_shift(void);  /* negative shift amount */
__attribute__((noreturn)) void rog_panic_nil(void);    /* invalid memory address or nil pointer dereference */
/* The same, for a check guarding a load or store at nil+addr (a field at
 * offset addr < 4096): the report's [signal ...] line says addr=addr, as
 * gc's faulting access would. rog_panic_nil reports addr=0x0. */
__attribute__((noreturn)) void rog_panic_nil_at(uintptr_t addr);
__attribute__((noreturn)) void rog_panic_makeslice_len(void); /* makeslice: len out of range */
__attribute__((noreturn)) void rog_panic_makeslice_cap(void); /* makeslice: cap out of range */

/* ------------------------------------------------------------ [print, str] */

/* print/println (gc's formats, to standard error). println is lowered as
 * the prints with rog_printsp between operands and rog_printnl at the end.
 * Floats print as gc does (+1.500000e+000), complex as (re+imi), pointers
 * and chans/maps/funcs as 0x..., slices as [len/cap]0xptr, interfaces as
 * (0xtab,0xdata). The prints of one statement are one write (gc's
 * printlock): rog_printlock/rog_printunlock around them. */
void rog_printlock(void);
void rog_printunlock(void);
void rog_printbool(bool v);
void rog_printint(int64_t v);
void rog_printuint(uint64_t v);
void rog_printhex(uint64_t v);
void rog_printfloat(double v);
void rog_printcomplex(double re, double im);
void rog_printstring(const uint8_t *p, intptr_t n);
void rog_printpointer(const void *p);
void rog_printslice(const void *p, intptr_t len, intptr_t cap);
void rog_printiface(const void *tab, const void *data);
void rog_printsp(void);
void rog_printnl(void);

/* Strings (runtime/str). Results follow [calls]. */
typedef struct rog_decoderune_result {
  int32_t r;  /* rune */
  intptr_t k; /* index after it */
} rog_decoderune_result;
/* s1 + s2 + ... : parts is an array of n strings; buf, if non-NULL, is a
 * 32-byte stack buffer the result may live in when it does not escape. */
rog_string rog_concatstrings(uint8_t *buf, const rog_string *parts, intptr_t n);
/* -1, 0, +1 (byte-wise) */
intptr_t rog_cmpstring(const uint8_t *p1, intptr_t n1, const uint8_t *p2, intptr_t n2);
rog_string rog_slicebytetostring(uint8_t *buf, const uint8_t *p, intptr_t n);
rog_slice rog_stringtoslicebyte(uint8_t *buf, const uint8_t *p, intptr_t n);
rog_slice rog_stringtoslicerune(int32_t *buf, const uint8_t *p, intptr_t n);
rog_string rog_slicerunetostring(uint8_t *buf, const int32_t *p, intptr_t n);
rog_string rog_intstring(uint8_t *buf, int64_t v); /* string(rune(v)); invalid -> "\uFFFD" */
/* for i, r := range s: the rune starting at s[k] (k < n, s[k] >= 0x80) and
 * the index after it; invalid UTF-8 gives (0xFFFD, k+1). */
rog_decoderune_result rog_decoderune(const uint8_t *p, intptr_t n, intptr_t k);

/* Slices (runtime/str). */
/* make([]T, len, cap) with gc's panics: a zeroed array of cap elements. elem
 * gives the element size and pointer layout (NULL: 1-byte, pointer-free). */
void *rog_makeslice(const rog_type *elem, intptr_t len, intptr_t cap);
/* append growth: returns the new slice with len = newlen (old elements
 * copied, the rest zeroed), following gc 1.19's growth formula. */
rog_slice rog_growslice(const rog_type *elem, void *oldptr, intptr_t oldlen, intptr_t oldcap,
                        intptr_t newlen);

/* ------------------------------------------------------ [front-end barriers] */

/* What the front end emits for pointer stores and copies that may hit the
 * heap. Both are real runtime functions, the out-of-line barrier (test
 * rog_wb_enabled, barrier when on, then store/copy), so an unlowered call is
 * correct; compiler/passes/wb.c rewrites calls into plain stores/memmoves
 * (stack destinations) or the inline test with rog_write_barrier /
 * rog_write_barrier_bulk as the slow path. */
void rog_gcwrite(void **slot, void *val);
void rog_gcmemmove(void *dst, const void *src, size_t n, const rog_type *type);

/* sync/atomic's pointer stores while the collector marks (compiler/lower/
 * atomic.c inlines StorePointer, SwapPointer, CompareAndSwapPointer and
 * calls these only when rog_wb_enabled is set): the same seq_cst atomic
 * operation plus the deletion barrier on the overwritten pointer.
 * rog_atomic_swap_ptr returns the old value (StorePointer ignores it),
 * rog_atomic_cas_ptr whether it swapped. */
void *rog_atomic_swap_ptr(void **slot, void *val);
bool rog_atomic_cas_ptr(void **slot, void *old, void *val);

#ifdef __cplusplus
}
#endif
#endif /* ROG_ABI_H */
