/*
 * reflect.c: the runtime functions that packages internal/reflectlite and
 * reflect declare without a body (gc's runtime provides them through
 * //go:linkname; rog's defines them under their Go names, abi.h [calls]).
 *
 * Every hook is a thin adapter onto an entry point the compiler already
 * uses (abi.h): offsets resolve through typeinfo.c's rule (relative to
 * the descriptor or name that holds them; the base reflect passes is
 * exactly that holder, so no per-module base is needed), allocation is
 * rog_alloc with the type's pointer layout, copies of pointerful memory
 * go through rog_gcmemmove / rog_gcwrite (the write barrier), maps and
 * channels through rog_map* and rog_chan*.
 *
 * Conventions (abi.h [calls]): unsafe.Pointer and *rtype are pointers,
 * int is intptr_t, a string is two parts (ptr, len), a slice three
 * (unsafeheader.Slice too); results that are not one part or two 8-byte
 * parts come back through a caller-provided struct (the sret pointer,
 * declared here as an explicit first parameter and returned, as a C
 * compiler's sret callee does).
 *
 * Stack: these run on goroutine stacks, where runtime C may use at most
 * ROG_STACK_RUNTIME_MAX bytes, so nothing here has large locals; rselect's
 * case arrays are heap-allocated.
 *
 * Not here yet (TODO(reflect)): typelinks (returns no sections: reflect's
 * ArrayOf/SliceOf/MapOf/... then build new descriptors instead of finding
 * the compiler's, so e.g. reflect.SliceOf(t) != the static []T's type);
 * reflect.call, makeFuncStub and methodValueCall (Value.Call, MakeFunc,
 * method values through libffi, DESIGN.md §6).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/iface/iface.h"

/* ---- offsets ------------------------------------------------------------- */

static void *resolve_name_off(void *base, int32_t off) {
  return (void *)iface_resolve_name_off(base, off).bytes;
}

static void *resolve_type_off(void *base, int32_t off) {
  return (void *)iface_resolve_type_off(base, off);
}

void *rf_resolve_name_off(void *base, int32_t off) __asm__("reflect.resolveNameOff");
void *rf_resolve_name_off(void *base, int32_t off) {
  return resolve_name_off(base, off);
}

void *rf_resolve_type_off(void *base, int32_t off) __asm__("reflect.resolveTypeOff");
void *rf_resolve_type_off(void *base, int32_t off) {
  return resolve_type_off(base, off);
}

void *rf_resolve_text_off(void *base, int32_t off) __asm__("reflect.resolveTextOff");
void *rf_resolve_text_off(void *base, int32_t off) {
  return (void *)iface_resolve_text_off(base, off);
}

int32_t rf_add_reflect_off(void *p) __asm__("reflect.addReflectOff");
int32_t rf_add_reflect_off(void *p) {
  return iface_add_reflect_off(p);
}

/* typelinks() (sections []unsafe.Pointer, offset [][]int32): two empty
 * slices, returned through sret (six parts). See the TODO above. */
typedef struct typelinks_result {
  rog_slice sections, offsets;
} typelinks_result;
typelinks_result *rf_typelinks(typelinks_result *out) __asm__("reflect.typelinks");
typelinks_result *rf_typelinks(typelinks_result *out) {
  memset(out, 0, sizeof *out);
  return out;
}

/* ---- memory -------------------------------------------------------------- */

static void *unsafe_new(const rog_type *t) {
  return rog_alloc(t->size ? t->size : 1, t);
}

void *rf_unsafe_new(const rog_type *t) __asm__("reflect.unsafe_New");
void *rf_unsafe_new(const rog_type *t) {
  return unsafe_new(t);
}

void *rf_unsafe_new_array(const rog_type *t, intptr_t n) __asm__("reflect.unsafe_NewArray");
void *rf_unsafe_new_array(const rog_type *t, intptr_t n) {
  /* reflect checks n against the address space before calling */
  if (n <= 0 || t->size == 0) return rog_alloc(1, NULL);
  return rog_alloc(t->size * (size_t)n, t);
}

static void typedmemmove(const rog_type *t, void *dst, const void *src) {
  if (dst == src || t->size == 0) return;
  rog_gcmemmove(dst, src, t->size, t);
}

void rf_typedmemmove(const rog_type *t, void *dst, const void *src) __asm__("reflect.typedmemmove");
void rf_typedmemmove(const rog_type *t, void *dst, const void *src) {
  typedmemmove(t, dst, src);
}

/* A part of a value: its layout relative to the start of the type is not
 * at hand, so every whole word goes through the barrier (a word that is
 * not a pointer only makes the barrier shade something it need not:
 * conservative, never wrong). */
static void move_words(void *dst, const void *src, size_t size) {
  uintptr_t *d = dst;
  const uintptr_t *s = src;
  size_t nw = size / sizeof(uintptr_t);
  for (size_t i = 0; i < nw; i++)
    rog_gcwrite((void **)&d[i], (void *)s[i]);
  memmove((char *)dst + nw * sizeof(uintptr_t), (const char *)src + nw * sizeof(uintptr_t),
          size - nw * sizeof(uintptr_t));
}

void rf_typedmemmovepartial(const rog_type *t, void *dst, const void *src, uintptr_t off,
                            uintptr_t size) __asm__("reflect.typedmemmovepartial");
void rf_typedmemmovepartial(const rog_type *t, void *dst, const void *src, uintptr_t off, uintptr_t size) {
  if (t->ptrdata <= off || off % sizeof(uintptr_t) != 0)
    memmove(dst, src, size);
  else
    move_words(dst, src, size);
}

static void clear_words(void *p, size_t size) {
  uintptr_t *w = p;
  size_t nw = size / sizeof(uintptr_t);
  for (size_t i = 0; i < nw; i++)
    rog_gcwrite((void **)&w[i], NULL);
  memset((char *)p + nw * sizeof(uintptr_t), 0, size - nw * sizeof(uintptr_t));
}

void rf_typedmemclr(const rog_type *t, void *p) __asm__("reflect.typedmemclr");
void rf_typedmemclr(const rog_type *t, void *p) {
  if (t->ptrdata == 0)
    memset(p, 0, t->size);
  else
    clear_words(p, t->size);
}

void rf_typedmemclrpartial(const rog_type *t, void *p, uintptr_t off,
                           uintptr_t size) __asm__("reflect.typedmemclrpartial");
void rf_typedmemclrpartial(const rog_type *t, void *p, uintptr_t off, uintptr_t size) {
  if (t->ptrdata <= off || off % sizeof(uintptr_t) != 0)
    memset((char *)p + off, 0, size);
  else
    clear_words((char *)p + off, size);
}

intptr_t rf_typedslicecopy(const rog_type *elem, void *dp, intptr_t dlen, intptr_t dcap, const void *sp,
                           intptr_t slen, intptr_t scap) __asm__("reflect.typedslicecopy");
intptr_t rf_typedslicecopy(const rog_type *elem, void *dp, intptr_t dlen, intptr_t dcap, const void *sp,
                           intptr_t slen, intptr_t scap) {
  (void)dcap, (void)scap;
  intptr_t n = dlen < slen ? dlen : slen;
  if (n <= 0 || dp == sp || elem->size == 0) return n > 0 ? n : 0;
  rog_gcmemmove(dp, sp, (size_t)n * elem->size, elem);
  return n;
}

void rf_memmove(void *dst, const void *src, uintptr_t n) __asm__("reflect.memmove");
void rf_memmove(void *dst, const void *src, uintptr_t n) {
  memmove(dst, src, n);
}

uintptr_t rf_typehash(const rog_type *t, const void *p, uintptr_t h) __asm__("reflect.typehash");
uintptr_t rf_typehash(const rog_type *t, const void *p, uintptr_t h) {
  return rog_typehash(t, p, h);
}

/* rog has no go:notinheap types, so no pointer is one into them */
bool rf_verify_not_in_heap_ptr(uintptr_t p) __asm__("reflect.verifyNotInHeapPtr");
bool rf_verify_not_in_heap_ptr(uintptr_t p) {
  (void)p;
  return true;
}

/* ---- channels ------------------------------------------------------------ */

intptr_t rf_chanlen(rog_chan *c) __asm__("reflect.chanlen");
intptr_t rf_chanlen(rog_chan *c) {
  return rog_chan_len(c);
}

intptr_t rf_chancap(rog_chan *c) __asm__("reflect.chancap");
intptr_t rf_chancap(rog_chan *c) {
  return rog_chan_cap(c);
}

void rf_chanclose(rog_chan *c) __asm__("reflect.chanclose");
void rf_chanclose(rog_chan *c) {
  rog_chan_close(c);
}

rog_chan *rf_makechan(const rog_chantype *t, intptr_t size) __asm__("reflect.makechan");
rog_chan *rf_makechan(const rog_chantype *t, intptr_t size) {
  return rog_chan_make(t->elem, size);
}

/* chansend(ch, val, nb) bool: blocking unless nb; false if nb and it would
 * block. */
bool rf_chansend(rog_chan *c, const void *val, bool nb) __asm__("reflect.chansend");
bool rf_chansend(rog_chan *c, const void *val, bool nb) {
  if (nb) return rog_chan_trysend(c, val);
  rog_chan_send(c, val);
  return true;
}

/* chanrecv(ch, nb, val) (selected, received bool): two bools, so sret. */
typedef struct chanrecv_result {
  bool selected, received;
} chanrecv_result;
chanrecv_result *rf_chanrecv(chanrecv_result *out, rog_chan *c, bool nb,
                             void *val) __asm__("reflect.chanrecv");
chanrecv_result *rf_chanrecv(chanrecv_result *out, rog_chan *c, bool nb, void *val) {
  if (nb) {
    bool ok = false;
    out->selected = rog_chan_tryrecv(c, val, &ok);
    out->received = out->selected && ok;
  } else {
    out->selected = true;
    out->received = rog_chan_recv(c, val);
  }
  return out;
}

/* reflect.runtimeSelect and SelectDir's values. */
typedef struct rselect_case {
  intptr_t dir; /* 1 send, 2 recv, 3 default */
  const rog_type *typ;
  rog_chan *ch;
  void *val;
} rselect_case;
enum { SELECT_SEND = 1, SELECT_RECV = 2, SELECT_DEFAULT = 3 };

typedef struct rselect_result {
  intptr_t chosen;
  bool recv_ok;
} rselect_result;

/* rselect(cases) (chosen int, recvOK bool): sends first, then receives, in
 * rog_select's layout; a default case makes it non-blocking. */
rselect_result *rf_rselect(rselect_result *out, rselect_case *cs, intptr_t n,
                           intptr_t cap) __asm__("reflect.rselect");
rselect_result *rf_rselect(rselect_result *out, rselect_case *cs, intptr_t n, intptr_t cap) {
  (void)cap;
  intptr_t nsend = 0, nrecv = 0, dflt = -1;
  for (intptr_t i = 0; i < n; i++) {
    if (cs[i].dir == SELECT_SEND) nsend++;
    if (cs[i].dir == SELECT_RECV) nrecv++;
    if (cs[i].dir == SELECT_DEFAULT) dflt = i;
  }
  intptr_t m = nsend + nrecv;
  /* scratch on the heap (the goroutine stack allows runtime C only a few
     hundred bytes); the channels and values are also held by cs */
  rog_scase *sc = m ? rog_alloc((size_t)m * sizeof *sc, NULL) : NULL;
  intptr_t *which = m ? rog_alloc((size_t)m * sizeof *which, NULL) : NULL;
  uint16_t *order = m ? rog_alloc((size_t)(2 * m) * sizeof *order, NULL) : NULL;
  intptr_t s = 0, r = nsend;
  for (intptr_t i = 0; i < n; i++) {
    if (cs[i].dir == SELECT_SEND) {
      sc[s] = (rog_scase){cs[i].ch, cs[i].val};
      which[s++] = i;
    } else if (cs[i].dir == SELECT_RECV) {
      sc[r] = (rog_scase){cs[i].ch, cs[i].val};
      which[r++] = i;
    }
  }
  bool ok = false;
  intptr_t k = rog_select(sc, order, nsend, nrecv, dflt < 0, &ok);
  out->chosen = k < 0 ? dflt : which[k];
  out->recv_ok = k >= nsend && ok;
  return out;
}

/* ---- maps ---------------------------------------------------------------- */

intptr_t rf_maplen(rog_map *m) __asm__("reflect.maplen");
intptr_t rf_maplen(rog_map *m) {
  return rog_maplen(m);
}

rog_map *rf_makemap(const rog_maptype *t, intptr_t hint) __asm__("reflect.makemap");
rog_map *rf_makemap(const rog_maptype *t, intptr_t hint) {
  return rog_makemap(t, hint);
}

/* mapaccess: the elem's address, or nil if the key is absent (unlike
 * m[k], which yields zero memory). */
void *rf_mapaccess(const rog_maptype *t, rog_map *m, const void *key) __asm__("reflect.mapaccess");
void *rf_mapaccess(const rog_maptype *t, rog_map *m, const void *key) {
  bool ok = false;
  void *e = rog_mapaccess2(t, m, key, &ok);
  return ok ? e : NULL;
}

void *rf_mapaccess_faststr(const rog_maptype *t, rog_map *m, const uint8_t *p,
                           intptr_t n) __asm__("reflect.mapaccess_faststr");
void *rf_mapaccess_faststr(const rog_maptype *t, rog_map *m, const uint8_t *p, intptr_t n) {
  rog_string k = {p, n};
  return rf_mapaccess(t, m, &k);
}

void rf_mapassign(const rog_maptype *t, rog_map *m, const void *key,
                  const void *val) __asm__("reflect.mapassign");
void rf_mapassign(const rog_maptype *t, rog_map *m, const void *key, const void *val) {
  void *slot = rog_mapassign(t, m, key);
  typedmemmove(t->elem, slot, val);
}

void rf_mapassign_faststr(const rog_maptype *t, rog_map *m, const uint8_t *p, intptr_t n,
                          const void *val) __asm__("reflect.mapassign_faststr");
void rf_mapassign_faststr(const rog_maptype *t, rog_map *m, const uint8_t *p, intptr_t n, const void *val) {
  rog_string k = {p, n};
  rf_mapassign(t, m, &k, val);
}

void rf_mapdelete(const rog_maptype *t, rog_map *m, const void *key) __asm__("reflect.mapdelete");
void rf_mapdelete(const rog_maptype *t, rog_map *m, const void *key) {
  rog_mapdelete(t, m, key);
}

void rf_mapdelete_faststr(const rog_maptype *t, rog_map *m, const uint8_t *p,
                          intptr_t n) __asm__("reflect.mapdelete_faststr");
void rf_mapdelete_faststr(const rog_maptype *t, rog_map *m, const uint8_t *p, intptr_t n) {
  rog_string k = {p, n};
  rog_mapdelete(t, m, &k);
}

/* reflect's hiter is 12 words; rog_hiter fits it (abi.h [map]) with key
 * and elem first, and t (reflect's "initialized" test) third. */
void rf_mapiterinit(const rog_maptype *t, rog_map *m, rog_hiter *it) __asm__("reflect.mapiterinit");
void rf_mapiterinit(const rog_maptype *t, rog_map *m, rog_hiter *it) {
  rog_mapiterinit(t, m, it);
}

void rf_mapiternext(rog_hiter *it) __asm__("reflect.mapiternext");
void rf_mapiternext(rog_hiter *it) {
  rog_mapiternext(it);
}

void *rf_mapiterkey(rog_hiter *it) __asm__("reflect.mapiterkey");
void *rf_mapiterkey(rog_hiter *it) {
  return it->key;
}

void *rf_mapiterelem(rog_hiter *it) __asm__("reflect.mapiterelem");
void *rf_mapiterelem(rog_hiter *it) {
  return it->elem;
}

/* ---- interfaces ---------------------------------------------------------- */

/* ifaceE2I(t, src any, dst): *dst = src converted to the non-empty
 * interface type t (callers checked that src's type implements t; a nil
 * src gives a nil interface). */
static void iface_e2i(const rog_type *t, const rog_type *st, void *data, void **dst) {
  const void *tab = st ? iface_getitab((const rog_interfacetype *)t, st, false) : NULL;
  rog_gcwrite(&dst[0], (void *)tab);
  rog_gcwrite(&dst[1], st ? data : NULL);
}

void rf_iface_e2i(const rog_type *t, const rog_type *st, void *data, void **dst) __asm__("reflect.ifaceE2I");
void rf_iface_e2i(const rog_type *t, const rog_type *st, void *data, void **dst) {
  iface_e2i(t, st, data, dst);
}

/* ---- function values ----------------------------------------------------- */

/* internal/abi.FuncPCABI0 / FuncPCABIInternal(f any) uintptr: gc's
 * compiler intrinsics for "the entry PC of the function f holds". A func
 * value is pointer-shaped, so the interface's data word is the closure
 * object itself, whose first word is the code pointer (abi.h). rog has
 * one ABI, so both give the same PC. */
uintptr_t abi_func_pc_abi0(const rog_type *t, const rog_closure *c) __asm__("internal/abi.FuncPCABI0");
uintptr_t abi_func_pc_abi0(const rog_type *t, const rog_closure *c) {
  (void)t;
  return c ? (uintptr_t)c->fn : 0;
}
extern __typeof__(abi_func_pc_abi0) abi_func_pc_internal __asm__("internal/abi.FuncPCABIInternal")
    __attribute__((alias("internal/abi.FuncPCABI0")));

/* reflect.call, makeFuncStub, methodValueCall: Value.Call, MakeFunc and
 * method values. reflect lays calls out in gc's register ABI
 * (internal/abi.RegArgs) and hands call() only the frame, not the
 * function's type, so they cannot be mapped onto rog's flattened C
 * convention here.
 * TODO(reflect): an overlay of internal/abi with no argument registers
 * plus the func type at call() (or rog's own Value.call), calling through
 * libffi (DESIGN.md §6). Until then they panic with a clear message. */
/* reflect.call is `//go:linkname call runtime.reflectcall`. */
void rf_call(void) __asm__("runtime.reflectcall");
void rf_call(void) {
  rog_panic_string("reflect: Value.Call is not supported by rog yet");
}

void rf_make_func_stub(void) __asm__("reflect.makeFuncStub");
void rf_make_func_stub(void) {
  rog_panic_string("reflect: functions made by MakeFunc cannot be called under rog yet");
}

void rf_method_value_call(void) __asm__("reflect.methodValueCall");
void rf_method_value_call(void) {
  rog_panic_string("reflect: method values from reflect cannot be called under rog yet");
}

/* ---- internal/reflectlite ------------------------------------------------ */

/* reflectlite declares a subset of reflect's hooks with the same meaning:
 * the same code under a second symbol. */
extern __typeof__(rf_resolve_name_off) rl_resolve_name_off __asm__("internal/reflectlite.resolveNameOff")
    __attribute__((alias("reflect.resolveNameOff")));
extern __typeof__(rf_resolve_type_off) rl_resolve_type_off __asm__("internal/reflectlite.resolveTypeOff")
    __attribute__((alias("reflect.resolveTypeOff")));
extern __typeof__(rf_unsafe_new) rl_unsafe_new __asm__("internal/reflectlite.unsafe_New")
    __attribute__((alias("reflect.unsafe_New")));
extern __typeof__(rf_typedmemmove) rl_typedmemmove __asm__("internal/reflectlite.typedmemmove")
    __attribute__((alias("reflect.typedmemmove")));
extern __typeof__(rf_chanlen) rl_chanlen __asm__("internal/reflectlite.chanlen")
    __attribute__((alias("reflect.chanlen")));
extern __typeof__(rf_maplen) rl_maplen __asm__("internal/reflectlite.maplen")
    __attribute__((alias("reflect.maplen")));
extern __typeof__(rf_iface_e2i) rl_iface_e2i __asm__("internal/reflectlite.ifaceE2I")
    __attribute__((alias("reflect.ifaceE2I")));
