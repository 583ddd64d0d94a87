/*
 * reflectcall.c: reflect's dynamic calls under rog: reflect.call (runtime.reflectcall by
 * reflect's linkname, behind
 * Value.Call, CallSlice and method calls), reflect.makeFuncStub (the code
 * of every MakeFunc function) and reflect.methodValueCall (the code of
 * method values made by reflect: v.Method(i).Interface()), on amd64
 * through libffi.
 *
 * The two conventions
 * -------------------
 * reflect builds a call frame in gc's ABI0 layout: rog's internal/abi
 * overlay (runtime/go/internal/abi) declares no argument registers, so
 * every argument and result is in memory: [receiver word] then each
 * argument at its own alignment, results from `retoff` (pointer-aligned)
 * on, each at its alignment. rog's functions take the C convention of the
 * flattened parts (abi.h [calls]; compiler/lower/call.c is the reference):
 * scalars, strings 2 parts, slices 3, interfaces 2, structs their fields'
 * parts, arrays of length 0/1 nothing/the element's; a value of more than
 * 4 parts or holding a longer array is "memory" (a pointer to a copy the
 * callee owns); results: none -> void, one part -> returned, two 8-byte
 * integer/pointer parts or two doubles -> a 16-byte pair, else (or any
 * memory result, or more than 8 result parts) an sret pointer to a Go
 * struct of the results, laid out exactly like the frame's result area.
 * A Sig (below) is that mapping for one function type: an ffi_cif over the
 * parts plus, for each ffi argument and result part, its offset in the
 * frame. Func values are called with their closure object in the nest
 * register: libffi's Go entry points (ffi_call_go, ffi_prep_go_closure)
 * use exactly that register (r10), as gccgo does.
 *
 * Finding the function type. reflect.call gets the frame's type but not
 * the function's. The frame type is reflect's funcLayout result, named
 * "funcargs(T)" or "methodargs(R)(T)" with T the function type's string;
 * T is looked up in the program's typelinks (typelinks.c), which hold
 * every static func type (named ones too). Func types that exist only at
 * run time (reflect.FuncOf) have no static functions; the functions of
 * those types are MakeFunc functions, which reflect.call recognises by
 * their code (makeFuncStub, methodValueCall) and runs through reflect's
 * own callReflect/callMethod with the frame as it is. The Sig is checked
 * against reflect's frame (retoff must agree) so a layout disagreement is
 * a clear panic, not memory corruption.
 *
 * MakeFunc. reflect stores makeFuncStub's code in the makeFuncImpl whose
 * pointer is the func value, so a call arrives at makeFuncStub with the
 * impl in r10 and the arguments in the C convention of impl.ftyp. The stub
 * (assembly below) saves the argument registers, asks
 * rf_makefunc_closure for the libffi Go closure of that type (one per
 * function type, cached with the Sig), hands the impl over through a
 * thread-local word, restores the registers and jumps into the closure's
 * trampoline with r10 = the closure. libffi then decodes the arguments and
 * calls closure_entry, which lays them out in a frame and runs reflect's
 * callReflect (or callMethod) on it, then returns the results from the
 * frame. Nothing between the stub and closure_entry can switch goroutines
 * or threads, so the thread-local handover is exact.
 *
 * Stacks. These functions are called from Go on goroutine stacks, where
 * runtime C may use ROG_STACK_RUNTIME_MAX bytes. The calls out (libffi,
 * the callee, callReflect) need more: when the stack is within HEADROOM of
 * the guard, the work moves to a fresh segment through rog_morestack, as
 * runtime/panic does for deferred calls. Building a Sig (malloc, string
 * work, ffi_prep_cif) runs on the system stack.
 *
 * Memory. Sigs are malloc'd and live for the program (function types do
 * too). Frames built for callReflect are collected objects with the
 * frame's pointer bitmap (a per-Sig rog_type), so arguments and results
 * in them are traced. The callee's copies of memory arguments are
 * collected objects held by this function's frame (stacks are scanned
 * conservatively) until the call returns.
 *
 * arm64: the cross sysroot has no libffi (no Debian arm64 multiarch on the
 * build machine), so on arm64 these entry points keep panicking with a
 * clear message. TODO(reflect): arm64 through libffi once libffi-dev:arm64
 * is installable, or a hand-written AAPCS64 mapping.
 *
 * Rejected: a table from code address to function type emitted by the
 * compiler (every function would need an entry; reflect already names
 * the type); gc's register ABI image (reflect splits integer and float
 * registers, losing the order of the parts the C convention needs).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rog/abi.h"
#include "runtime/iface/iface.h"

#if defined(__x86_64__)

#include <ffi.h>
#include <pthread.h>
#include <stdlib.h>

#include "runtime/sched/sched.h"

/* reflect's Go functions this file calls (Go names, abi.h [calls]). */
void reflect_call_reflect(void *ctxt, void *frame, bool *ret_valid,
                          void *regs) __asm__("reflect.callReflect");
void reflect_call_method(void *ctxt, void *frame, bool *ret_valid, void *regs) __asm__("reflect.callMethod");
typedef struct method_receiver_result {
  const rog_type *rcvrtype;
  const rog_functype *t;
  void *fn;
} method_receiver_result;
method_receiver_result *reflect_method_receiver(method_receiver_result *out, const uint8_t *op,
                                                intptr_t oplen, const void *vtyp, void *vptr, uintptr_t vflag,
                                                intptr_t i) __asm__("reflect.methodReceiver");

/* The stubs (assembly at the end of this file). */
void rf_make_func_stub(void) __asm__("reflect.makeFuncStub");
void rf_method_value_call(void) __asm__("reflect.methodValueCall");

/* reflect's makeFuncImpl and methodValue start with makeFuncCtxt
 * {fn, stack, argLen, regPtrs [0]uint8}: 3 words, and a fourth because a
 * struct ending in a zero-size field is padded (gc's layout, rog's too). */
typedef struct makefunc_impl {
  void *code, *stack;
  uintptr_t arglen, pad;
  const rog_functype *ftyp;
  void *fn;
} makefunc_impl;
typedef struct method_value {
  void *code, *stack;
  uintptr_t arglen, pad;
  intptr_t method;
  const rog_type *rtyp; /* rcvr Value {typ, ptr, flag} */
  void *rptr;
  uintptr_t rflag;
} method_value;

/* ---- Sig: one function type in both conventions ------------------------ */

enum { RES_VOID, RES_DIRECT, RES_PAIR, RES_SRET };
#define MAX_ARG_PARTS 256

typedef struct Part {
  ffi_type *ft;
  uint32_t off;           /* in the frame */
  uint8_t size;           /* bytes in the frame */
  bool ptr;               /* a pointer (stores go through the barrier) */
  const rog_type *memory; /* non-NULL: a memory argument of this type at off */
} Part;

typedef struct Sig {
  const rog_functype *ft;
  bool rcvr; /* a receiver word leads (methodargs) */
  uint32_t retoff, framesize;
  int res;
  unsigned nargs; /* ffi arguments (an sret pointer first) */
  Part *args;
  ffi_type **atypes;
  Part rparts[2];
  ffi_type pair, *pair_elems[3];
  ffi_cif cif;
  rog_type frametype; /* frame layout for frames built here */
  uint8_t *gcbits;
  ffi_go_closure *closure; /* MakeFunc/method value entry (lazily) */
  void *closure_code;
  struct Sig *next;
} Sig;

static const rog_type *const *fn_params(const rog_functype *t) {
  size_t add = sizeof *t + ((t->typ.tflag & ROG_TFLAG_UNCOMMON) ? sizeof(rog_uncommon) : 0);
  return (const rog_type *const *)((const char *)t + add);
}

static unsigned fn_nin(const rog_functype *t) {
  return t->in_count;
}

static unsigned fn_nout(const rog_functype *t) {
  return t->out_count & ~ROG_FUNC_VARIADIC;
}

static uint32_t align_up(uint32_t x, uint32_t a) {
  return a > 1 ? (x + a - 1) / a * a : x;
}

/* Number of parts of t, or -1 if it holds an array longer than 1
 * (call.c count_parts). */
static int count_parts(const rog_type *t) {
  switch (t->kind & ROG_KIND_MASK) {
  case ROG_KIND_STRING:
  case ROG_KIND_COMPLEX64:
  case ROG_KIND_COMPLEX128:
  case ROG_KIND_INTERFACE:
    return 2;
  case ROG_KIND_SLICE:
    return 3;
  case ROG_KIND_ARRAY: {
    const rog_arraytype *a = (const rog_arraytype *)t;
    if (a->len == 0) return 0;
    if (a->len == 1) return count_parts(a->elem);
    return -1;
  }
  case ROG_KIND_STRUCT: {
    const rog_structtype *s = (const rog_structtype *)t;
    const rog_structfield *f = s->fields.ptr;
    int n = 0;
    for (intptr_t i = 0; i < s->fields.len; i++) {
      int k = count_parts(f[i].typ);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  default:
    return 1;
  }
}

static bool is_memory(const rog_type *t) {
  int n = count_parts(t);
  return n < 0 || n > 4;
}

static void add_part(Part *out, unsigned *n, ffi_type *ft, uint32_t off, uint8_t size, bool ptr) {
  out[*n] = (Part){ft, off, size, ptr, NULL};
  (*n)++;
}

/* The parts of a value of type t at frame offset off (t not memory). */
static void flatten(const rog_type *t, uint32_t off, Part *out, unsigned *n) {
  switch (t->kind & ROG_KIND_MASK) {
  case ROG_KIND_BOOL:
  case ROG_KIND_UINT8:
    add_part(out, n, &ffi_type_uint8, off, 1, false);
    return;
  case ROG_KIND_INT8:
    add_part(out, n, &ffi_type_sint8, off, 1, false);
    return;
  case ROG_KIND_INT16:
    add_part(out, n, &ffi_type_sint16, off, 2, false);
    return;
  case ROG_KIND_UINT16:
    add_part(out, n, &ffi_type_uint16, off, 2, false);
    return;
  case ROG_KIND_INT32:
    add_part(out, n, &ffi_type_sint32, off, 4, false);
    return;
  case ROG_KIND_UINT32:
    add_part(out, n, &ffi_type_uint32, off, 4, false);
    return;
  case ROG_KIND_INT:
  case ROG_KIND_INT64:
    add_part(out, n, &ffi_type_sint64, off, 8, false);
    return;
  case ROG_KIND_UINT:
  case ROG_KIND_UINT64:
  case ROG_KIND_UINTPTR:
    add_part(out, n, &ffi_type_uint64, off, 8, false);
    return;
  case ROG_KIND_FLOAT32:
    add_part(out, n, &ffi_type_float, off, 4, false);
    return;
  case ROG_KIND_FLOAT64:
    add_part(out, n, &ffi_type_double, off, 8, false);
    return;
  case ROG_KIND_COMPLEX64:
    add_part(out, n, &ffi_type_float, off, 4, false);
    add_part(out, n, &ffi_type_float, off + 4, 4, false);
    return;
  case ROG_KIND_COMPLEX128:
    add_part(out, n, &ffi_type_double, off, 8, false);
    add_part(out, n, &ffi_type_double, off + 8, 8, false);
    return;
  case ROG_KIND_STRING:
    add_part(out, n, &ffi_type_pointer, off, 8, true);
    add_part(out, n, &ffi_type_sint64, off + 8, 8, false);
    return;
  case ROG_KIND_SLICE:
    add_part(out, n, &ffi_type_pointer, off, 8, true);
    add_part(out, n, &ffi_type_sint64, off + 8, 8, false);
    add_part(out, n, &ffi_type_sint64, off + 16, 8, false);
    return;
  case ROG_KIND_INTERFACE:
    add_part(out, n, &ffi_type_pointer, off, 8, true);
    add_part(out, n, &ffi_type_pointer, off + 8, 8, true);
    return;
  case ROG_KIND_ARRAY: {
    const rog_arraytype *a = (const rog_arraytype *)t;
    if (a->len == 1) flatten(a->elem, off, out, n);
    return;
  }
  case ROG_KIND_STRUCT: {
    const rog_structtype *s = (const rog_structtype *)t;
    const rog_structfield *f = s->fields.ptr;
    for (intptr_t i = 0; i < s->fields.len; i++)
      flatten(f[i].typ, off + (uint32_t)f[i].offset, out, n);
    return;
  }
  default: /* chan, func, map, pointer, unsafe.Pointer */
    add_part(out, n, &ffi_type_pointer, off, 8, true);
    return;
  }
}

static bool is_int8(const Part *p) {
  return p->ft == &ffi_type_pointer || p->ft == &ffi_type_sint64 || p->ft == &ffi_type_uint64;
}

/* Marks the pointer words of t (at frame offset off) in bits. */
static void mark_ptrs(uint8_t *bits, const rog_type *t, uint32_t off) {
  if (t->ptrdata == 0) return;
  for (uintptr_t w = 0; w < t->ptrdata / 8; w++)
    if (t->gcdata[w / 8] >> (w % 8) & 1) {
      uintptr_t k = off / 8 + w;
      bits[k / 8] |= (uint8_t)(1u << (k % 8));
    }
}

/* Builds the Sig of ft; NULL with *err set when rog cannot call it. */
static Sig *sig_build(const rog_functype *ft, bool rcvr, const char **err) {
  unsigned nin = fn_nin(ft), nout = fn_nout(ft);
  const rog_type *const *pt = fn_params(ft);
  Sig *s = calloc(1, sizeof *s);
  Part *tmp = calloc(MAX_ARG_PARTS + 8, sizeof *tmp);
  if (!s || !tmp) abort();
  s->ft = ft;
  s->rcvr = rcvr;
  /* frame layout (reflect's funcLayout with no argument registers) */
  uint32_t off = 0;
  unsigned na = 0;
  bool sret = false;
  uint32_t *inoff = calloc(nin + 1, sizeof *inoff);
  if (!inoff) abort();
  if (rcvr) off = 8;
  for (unsigned i = 0; i < nin; i++) {
    off = align_up(off, pt[i]->align);
    inoff[i] = off;
    off += (uint32_t)pt[i]->size;
  }
  s->retoff = align_up(off, 8);
  off = s->retoff;
  unsigned nr = 0;
  Part rp[10];
  for (unsigned i = 0; i < nout; i++) {
    const rog_type *t = pt[nin + i];
    off = align_up(off, t->align);
    if (is_memory(t) || (unsigned)count_parts(t) + nr > 8)
      sret = true;
    else if (!sret)
      flatten(t, off, rp, &nr);
    off += (uint32_t)t->size;
  }
  s->framesize = align_up(off, 8);
  if (!sret) {
    if (nr == 0)
      s->res = RES_VOID;
    else if (nr == 1)
      s->res = RES_DIRECT;
    else if (nr == 2 && ((is_int8(&rp[0]) && is_int8(&rp[1])) ||
                         (rp[0].ft == &ffi_type_double && rp[1].ft == &ffi_type_double)))
      s->res = RES_PAIR;
    else
      sret = true;
  }
  if (sret) s->res = RES_SRET;
  /* arguments: [sret] [receiver word] parts of each parameter */
  if (sret) add_part(tmp, &na, &ffi_type_pointer, s->retoff, 8, true);
  if (rcvr) add_part(tmp, &na, &ffi_type_pointer, 0, 8, true);
  for (unsigned i = 0; i < nin; i++) {
    if (na > MAX_ARG_PARTS) break;
    if (is_memory(pt[i])) {
      add_part(tmp, &na, &ffi_type_pointer, inoff[i], 8, true);
      tmp[na - 1].memory = pt[i];
    } else {
      flatten(pt[i], inoff[i], tmp, &na);
    }
  }
  free(inoff);
  if (na > MAX_ARG_PARTS) {
    *err = "reflect: too many argument parts for a call under rog";
    free(tmp);
    free(s);
    return NULL;
  }
  s->nargs = na;
  s->args = calloc(na + 1, sizeof *s->args);
  s->atypes = calloc(na + 1, sizeof *s->atypes);
  if (!s->args || !s->atypes) abort();
  memcpy(s->args, tmp, na * sizeof *tmp);
  free(tmp);
  for (unsigned i = 0; i < na; i++)
    s->atypes[i] = s->args[i].ft;
  ffi_type *rt = &ffi_type_void;
  if (s->res == RES_DIRECT) {
    s->rparts[0] = rp[0];
    rt = rp[0].ft;
  } else if (s->res == RES_PAIR) {
    s->rparts[0] = rp[0];
    s->rparts[1] = rp[1];
    s->pair_elems[0] = rp[0].ft;
    s->pair_elems[1] = rp[1].ft;
    s->pair_elems[2] = NULL;
    s->pair.type = FFI_TYPE_STRUCT;
    s->pair.elements = s->pair_elems;
    rt = &s->pair;
  }
  if (ffi_prep_cif(&s->cif, FFI_DEFAULT_ABI, na, rt, s->atypes) != FFI_OK) {
    *err = "reflect: libffi cannot describe this call";
    return NULL;
  }
  /* the frame's own type, for frames built by closure_entry */
  size_t words = s->framesize / 8;
  s->gcbits = calloc(words / 8 + 1, 1);
  if (!s->gcbits) abort();
  uintptr_t ptrdata = 0;
  for (unsigned i = 0; i < nin + nout; i++)
    if (pt[i]->ptrdata && (pt[i]->kind & ROG_KIND_GC_PROG)) {
      /* TODO(reflect): GC programs (only reflect.ArrayOf makes them) */
      *err = "reflect: rog cannot call functions with huge pointerful arguments yet";
      return NULL;
    }
  /* offsets again, for the bitmap (cheap; keeps the layout loop simple) */
  off = rcvr ? 8 : 0;
  for (unsigned i = 0; i < nin + nout; i++) {
    if (i == nin) off = s->retoff;
    off = align_up(off, pt[i]->align);
    mark_ptrs(s->gcbits, pt[i], off);
    if (pt[i]->ptrdata) ptrdata = off + pt[i]->ptrdata;
    off += (uint32_t)pt[i]->size;
  }
  if (rcvr) {
    s->gcbits[0] |= 1;
    if (ptrdata < 8) ptrdata = 8;
  }
  s->frametype.size = s->framesize;
  s->frametype.ptrdata = ptrdata;
  s->frametype.align = 8;
  s->frametype.field_align = 8;
  s->frametype.kind = ROG_KIND_STRUCT;
  s->frametype.gcdata = s->gcbits;
  return s;
}

/* Sigs by (function type, receiver), in a lock-protected list per hash
 * bucket; found under the lock, built on the system stack. */
#define SIG_BUCKETS 256
static Sig *sigs[SIG_BUCKETS];
static pthread_mutex_t sigs_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned sig_hash(const rog_functype *ft, bool rcvr) {
  uintptr_t h = (uintptr_t)ft >> 3;
  return (unsigned)((h ^ (h >> 9) ^ (rcvr ? 0x55 : 0)) % SIG_BUCKETS);
}

static Sig *sig_find_locked(const rog_functype *ft, bool rcvr) {
  for (Sig *s = sigs[sig_hash(ft, rcvr)]; s; s = s->next)
    if (s->ft == ft && s->rcvr == rcvr) return s;
  return NULL;
}

typedef struct sig_req {
  const rog_functype *ft;
  bool rcvr;
  Sig *out;
  const char *err;
} sig_req;

static void sig_build_sys(void *arg) {
  sig_req *r = arg;
  pthread_mutex_lock(&sigs_lock);
  r->out = sig_find_locked(r->ft, r->rcvr);
  if (!r->out) {
    r->out = sig_build(r->ft, r->rcvr, &r->err);
    if (r->out) {
      unsigned h = sig_hash(r->ft, r->rcvr);
      r->out->next = sigs[h];
      sigs[h] = r->out;
    }
  }
  pthread_mutex_unlock(&sigs_lock);
}

static Sig *sig_get(const rog_functype *ft, bool rcvr) {
  pthread_mutex_lock(&sigs_lock);
  Sig *s = sig_find_locked(ft, rcvr);
  pthread_mutex_unlock(&sigs_lock);
  if (s) return s;
  sig_req r = {ft, rcvr, NULL, NULL};
  sched_systemstack(sig_build_sys, &r);
  if (!r.out) rog_panic_string(r.err ? r.err : "reflect: cannot call this function under rog");
  return r.out;
}

/* ---- finding the function type of a reflect frame ----------------------- */

/* Frame types (reflect's funcLayout) -> (function type, receiver), cached
 * by frame type pointer, which reflect itself caches per function type. */
typedef struct FrameKey {
  const rog_type *frametype;
  const rog_functype *ft;
  bool rcvr;
  struct FrameKey *next;
} FrameKey;
static FrameKey *frames[SIG_BUCKETS];

typedef struct frame_req {
  const rog_type *frametype;
  const rog_functype *ft;
  bool rcvr;
} frame_req;

/* The end of the type string starting at s[i] (a top-level ',' or ')' or
 * the end): skips nested (), [], {} and quoted struct tags. */
static intptr_t type_end(const char *s, intptr_t n, intptr_t i) {
  int depth = 0;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '"') {
      for (i++; i < n && s[i] != '"'; i++)
        if (s[i] == '\\') i++;
    } else if (c == '(' || c == '[' || c == '{') {
      depth++;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth == 0) return i;
      depth--;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return n;
}

/* Splits the list "A, B, ...C" in s[i..] up to its closing ')' into types
 * looked up by string; returns the index after the ')' or -1. */
static intptr_t parse_list(const char *s, intptr_t n, intptr_t i, const rog_type **out, unsigned *k,
                           unsigned max, bool *variadic) {
  if (i < n && s[i] == ')') return i + 1;
  for (;;) {
    intptr_t e = type_end(s, n, i);
    if (e >= n || *k >= max) return -1;
    rog_string ts = {(const uint8_t *)s + i, e - i};
    if (variadic && ts.len > 3 && memcmp(ts.ptr, "...", 3) == 0) {
      /* ...T is the slice type []T: look it up as such */
      char *sl = malloc((size_t)ts.len);
      if (!sl) abort();
      memcpy(sl, "[]", 2);
      memcpy(sl + 2, ts.ptr + 3, (size_t)ts.len - 3);
      out[*k] = iface_typelinks_find((rog_string){(const uint8_t *)sl, ts.len - 1}, 0);
      free(sl);
      *variadic = true;
    } else {
      out[*k] = iface_typelinks_find(ts, 0);
    }
    if (!out[*k]) return -1;
    (*k)++;
    if (s[e] == ')') return e + 1;
    i = e + 2; /* ", " */
  }
}

/* A function type that exists only at run time (reflect.FuncOf, e.g. the
 * type of Method(i).Func) has no typelinks entry; its parameter and
 * result types usually do. Builds a functype from its string
 * "func(A, ...B) R" or "func(A) (R1, R2)" with those types (malloc'd,
 * cached per frame type by the caller), or NULL. */
static const rog_functype *synth_functype(rog_string str) {
  const char *s = (const char *)str.ptr;
  intptr_t n = str.len;
  if (n < 6 || memcmp(s, "func(", 5) != 0) return NULL;
  enum { MAXT = 128 };
  const rog_type **ts = calloc(MAXT, sizeof *ts);
  if (!ts) abort();
  unsigned nin = 0, nout = 0;
  bool variadic = false;
  intptr_t i = parse_list(s, n, 5, ts, &nin, MAXT, &variadic);
  const rog_functype *ft = NULL;
  if (i < 0) goto out;
  if (i < n) {
    if (s[i] != ' ') goto out;
    i++;
    unsigned k = nin;
    if (i < n && s[i] == '(') {
      if (parse_list(s, n, i + 1, ts, &k, MAXT, NULL) != n) goto out;
    } else {
      if (k >= MAXT || type_end(s, n, i) != n) goto out;
      ts[k] = iface_typelinks_find((rog_string){(const uint8_t *)s + i, n - i}, 0);
      if (!ts[k++]) goto out;
    }
    nout = k - nin;
  }
  rog_functype *f = calloc(1, sizeof *f + (nin + nout) * sizeof(rog_type *));
  if (!f) abort();
  f->typ.size = 8;
  f->typ.ptrdata = 8;
  f->typ.align = f->typ.field_align = 8;
  f->typ.kind = ROG_KIND_FUNC;
  f->in_count = (uint16_t)nin;
  f->out_count = (uint16_t)(nout | (variadic ? ROG_FUNC_VARIADIC : 0));
  memcpy((char *)f + sizeof *f, ts, (nin + nout) * sizeof(rog_type *));
  ft = f;
out:
  free(ts);
  return ft;
}

/* "funcargs(T)" or "methodargs(R)(T)" -> T's descriptor via typelinks. */
static void frame_lookup_sys(void *arg) {
  frame_req *r = arg;
  rog_string name = iface_type_string(r->frametype);
  const char *p = (const char *)name.ptr;
  intptr_t n = name.len;
  static const char fa[] = "funcargs(", ma[] = "methodargs(";
  rog_string t = {NULL, 0};
  if (n > (intptr_t)sizeof fa && memcmp(p, fa, sizeof fa - 1) == 0 && p[n - 1] == ')') {
    t = (rog_string){(const uint8_t *)p + sizeof fa - 1, n - (intptr_t)sizeof fa};
  } else if (n > (intptr_t)sizeof ma && memcmp(p, ma, sizeof ma - 1) == 0 && p[n - 1] == ')') {
    /* skip R: up to the parenthesis that closes "methodargs(" */
    intptr_t i = sizeof ma - 1, depth = 1;
    for (; i < n && depth > 0; i++) {
      if (p[i] == '(') depth++;
      if (p[i] == ')') depth--;
    }
    if (i < n && p[i] == '(') {
      t = (rog_string){(const uint8_t *)p + i + 1, n - i - 2};
      r->rcvr = true;
    }
  }
  if (t.ptr) r->ft = (const rog_functype *)iface_typelinks_find(t, ROG_KIND_FUNC);
  if (!r->ft && t.ptr) r->ft = synth_functype(t);
  if (!r->ft) return;
  pthread_mutex_lock(&sigs_lock);
  FrameKey *k = malloc(sizeof *k);
  if (!k) abort();
  unsigned h = (unsigned)(((uintptr_t)r->frametype >> 3) % SIG_BUCKETS);
  *k = (FrameKey){r->frametype, r->ft, r->rcvr, frames[h]};
  frames[h] = k;
  pthread_mutex_unlock(&sigs_lock);
}

static Sig *sig_of_frame(const rog_type *frametype) {
  unsigned h = (unsigned)(((uintptr_t)frametype >> 3) % SIG_BUCKETS);
  frame_req r = {frametype, NULL, false};
  pthread_mutex_lock(&sigs_lock);
  for (FrameKey *k = frames[h]; k; k = k->next)
    if (k->frametype == frametype) {
      r.ft = k->ft;
      r.rcvr = k->rcvr;
      break;
    }
  pthread_mutex_unlock(&sigs_lock);
  if (!r.ft) sched_systemstack(frame_lookup_sys, &r);
  if (!r.ft) rog_panic_string("reflect: Value.Call under rog cannot find the function's type in typelinks");
  return sig_get(r.ft, r.rcvr);
}

/* ---- calling out --------------------------------------------------------- */

/* Room above the stack guard for libffi's frames, its stack arguments, the
 * argument arrays here and the callee's checked prologue. */
static uintptr_t headroom(const Sig *s) {
  return ROG_STACK_BIGFRAME + 1024 + (uintptr_t)s->nargs * 32;
}

static bool near_guard(uintptr_t need) {
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  uintptr_t guard = rog_tls.stack_guard;
  return guard != 0 && sp < guard + need;
}

typedef struct call_args {
  const Sig *s;
  void *fn;
  char *frame;
} call_args;

static __attribute__((noinline)) void do_call(void *arg) {
  call_args *a = arg;
  const Sig *s = a->s;
  void *avalue[s->nargs + 1];
  void *copies[s->nargs + 1];
  for (unsigned i = 0; i < s->nargs; i++) {
    const Part *p = &s->args[i];
    if (s->res == RES_SRET && i == 0) {
      copies[i] = a->frame + s->retoff;
      avalue[i] = &copies[i];
    } else if (p->memory) {
      /* the callee owns its copy (abi.h [calls]) */
      copies[i] = rog_alloc(p->memory->size ? p->memory->size : 1, p->memory);
      if (p->memory->size) rog_gcmemmove(copies[i], a->frame + p->off, p->memory->size, p->memory);
      avalue[i] = &copies[i];
    } else {
      avalue[i] = a->frame + p->off;
    }
  }
  uint64_t ret[2] = {0, 0};
  void *code = (void *)((const rog_closure *)a->fn)->fn;
  ffi_call_go((ffi_cif *)&s->cif, FFI_FN(code), ret, avalue, a->fn);
  unsigned nr = s->res == RES_DIRECT ? 1 : s->res == RES_PAIR ? 2 : 0;
  for (unsigned i = 0; i < nr; i++) {
    const Part *p = &s->rparts[i];
    void *src = &ret[i];
    if (p->ptr)
      rog_gcwrite((void **)(a->frame + p->off), *(void **)src);
    else
      memcpy(a->frame + p->off, src, p->size);
  }
}

void rf_call(const rog_type *frametype, void *fn, void *frame, uint32_t argsize, uint32_t retoff,
             uint32_t framesize, void *regs) __asm__("runtime.reflectcall");
void rf_call(const rog_type *frametype, void *fn, void *frame, uint32_t argsize, uint32_t retoff,
             uint32_t framesize, void *regs) {
  (void)argsize, (void)framesize;
  void *code = (void *)((const rog_closure *)fn)->fn;
  if (code == (void *)rf_make_func_stub || code == (void *)rf_method_value_call) {
    /* a MakeFunc function or a reflect method value: reflect's own entry
       takes this very frame */
    bool valid = false;
    if (code == (void *)rf_make_func_stub)
      reflect_call_reflect(fn, frame, &valid, regs);
    else
      reflect_call_method(fn, frame, &valid, regs);
    return;
  }
  const Sig *s = sig_of_frame(frametype);
  if (s->retoff != retoff) rog_panic_string("reflect: rog's call frame layout disagrees with reflect's");
  call_args a = {s, fn, frame};
  uintptr_t need = headroom(s);
  if (near_guard(need))
    rog_morestack(do_call, &a, 2 * need);
  else
    do_call(&a);
}

/* ---- calling in: MakeFunc functions and method values -------------------- */

/* The impl (makefunc_impl or method_value) the stub is entering and its
 * Sig, handed from rf_makefunc_closure to closure_entry on the same
 * thread. */
static __thread void *entering;
static __thread const Sig *entering_sig;

typedef struct entry_args {
  const Sig *s;
  void *ctxt;
  bool method;
  void *rvalue;
  void **avalue;
} entry_args;

static __attribute__((noinline)) void do_entry(void *arg) {
  entry_args *a = arg;
  const Sig *s = a->s;
  char *frame = rog_alloc(s->framesize ? s->framesize : 8, s->framesize ? &s->frametype : NULL);
  char *sret = NULL;
  for (unsigned i = 0; i < s->nargs; i++) {
    const Part *p = &s->args[i];
    if (s->res == RES_SRET && i == 0) {
      sret = *(char **)a->avalue[i];
    } else if (p->memory) {
      const char *src = *(char **)a->avalue[i];
      if (p->memory->size) rog_gcmemmove(frame + p->off, src, p->memory->size, p->memory);
    } else if (p->ptr) {
      rog_gcwrite((void **)(frame + p->off), *(void **)a->avalue[i]);
    } else {
      memcpy(frame + p->off, a->avalue[i], p->size);
    }
  }
  bool valid = false;
  char regs[8] = {0}; /* abi.RegArgs is empty under rog */
  if (a->method)
    reflect_call_method(a->ctxt, frame, &valid, regs);
  else
    reflect_call_reflect(a->ctxt, frame, &valid, regs);
  if (s->res == RES_SRET) {
    /* the caller's result memory: a Go struct of the results, laid out
       like the frame's result area */
    const rog_type *const *pt = fn_params(s->ft);
    unsigned nin = fn_nin(s->ft), nout = fn_nout(s->ft);
    uint32_t off = s->retoff;
    for (unsigned i = 0; i < nout; i++) {
      const rog_type *t = pt[nin + i];
      off = align_up(off, t->align);
      if (t->size) rog_gcmemmove(sret + (off - s->retoff), frame + off, t->size, t);
      off += (uint32_t)t->size;
    }
    return;
  }
  unsigned nr = s->res == RES_DIRECT ? 1 : s->res == RES_PAIR ? 2 : 0;
  if (nr == 1) {
    /* libffi wants results narrower than a word widened to ffi_arg */
    const Part *p = &s->rparts[0];
    ffi_arg w = 0;
    if (p->ft == &ffi_type_sint8)
      w = (ffi_arg)(int64_t)*(int8_t *)(frame + p->off);
    else if (p->ft == &ffi_type_sint16)
      w = (ffi_arg)(int64_t)*(int16_t *)(frame + p->off);
    else if (p->ft == &ffi_type_sint32)
      w = (ffi_arg)(int64_t)*(int32_t *)(frame + p->off);
    else
      memcpy(&w, frame + p->off, p->size);
    if (p->ft == &ffi_type_float || p->ft == &ffi_type_double)
      memcpy(a->rvalue, frame + p->off, p->size);
    else
      memcpy(a->rvalue, &w, sizeof w);
  } else if (nr == 2) {
    memcpy(a->rvalue, frame + s->rparts[0].off, 8);
    memcpy((char *)a->rvalue + 8, frame + s->rparts[1].off, 8);
  }
}

/* libffi's entry for a closure: ctxt from the stub, arguments decoded. */
static void closure_entry(ffi_cif *cif, void *rvalue, void **avalue, void *closure) {
  (void)cif, (void)closure;
  void *ctxt = entering;
  const Sig *s = entering_sig;
  entering = NULL;
  entering_sig = NULL;
  const makefunc_impl *impl = ctxt;
  bool method = impl->code == (void *)rf_method_value_call;
  entry_args a = {s, ctxt, method, rvalue, avalue};
  uintptr_t need = headroom(s);
  if (near_guard(need))
    rog_morestack(do_entry, &a, 2 * need);
  else
    do_entry(&a);
}

typedef struct closure_req {
  Sig *s;
} closure_req;

static void closure_build_sys(void *arg) {
  closure_req *r = arg;
  pthread_mutex_lock(&sigs_lock);
  if (!r->s->closure) {
    void *code = NULL;
    ffi_go_closure *c = ffi_closure_alloc(sizeof *c, &code);
    if (!c || ffi_prep_go_closure(c, &r->s->cif, closure_entry) != FFI_OK) abort();
    r->s->closure_code = code;
    __atomic_store_n(&r->s->closure, c, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&sigs_lock);
}

/* Called by the stubs with the impl (r10): the libffi Go closure to jump
 * into, after handing the impl to closure_entry. */
ffi_go_closure *rf_makefunc_closure(void *ctxt) {
  const makefunc_impl *impl = ctxt;
  Sig *s;
  if (impl->code == (void *)rf_method_value_call) {
    const method_value *mv = ctxt;
    method_receiver_result r;
    reflect_method_receiver(&r, (const uint8_t *)"call", 4, mv->rtyp, mv->rptr, mv->rflag, mv->method);
    s = sig_get(r.t, false);
  } else {
    s = sig_get(impl->ftyp, false);
  }
  ffi_go_closure *c = __atomic_load_n(&s->closure, __ATOMIC_ACQUIRE);
  if (!c) {
    closure_req r = {s};
    sched_systemstack(closure_build_sys, &r);
    c = s->closure;
  }
  entering = ctxt;
  entering_sig = s;
  return c;
}

/* reflect.makeFuncStub and reflect.methodValueCall: save the argument
 * registers (rdi, rsi, rdx, rcx, r8, r9, xmm0-7), get the closure for the
 * impl in r10, restore them and enter the closure's trampoline with r10 =
 * the closure (libffi's Go closure convention). The return address and
 * stack arguments are untouched, so the trampoline sees the original
 * call.
 * TODO(reflect): the stub, rf_makefunc_closure and libffi's closure
 * frames (about 600 bytes together) run below the caller's checked frame
 * before closure_entry can move to a new segment; that fits the segment's
 * ROG_STACK_RESERVE but exceeds ROG_STACK_RUNTIME_MAX. A stack check in
 * the stub itself (rog_morestack around the whole entry) would close it. */
__asm__(".text\n"
        ".p2align 4\n"
        ".globl reflect.makeFuncStub\n"
        ".type reflect.makeFuncStub,@function\n"
        "reflect.makeFuncStub:\n"
        "  pushq %rbp\n"
        "  movq %rsp, %rbp\n"
        "  subq $176, %rsp\n"
        "  movq %rdi, 0(%rsp)\n"
        "  movq %rsi, 8(%rsp)\n"
        "  movq %rdx, 16(%rsp)\n"
        "  movq %rcx, 24(%rsp)\n"
        "  movq %r8, 32(%rsp)\n"
        "  movq %r9, 40(%rsp)\n"
        "  movsd %xmm0, 48(%rsp)\n"
        "  movsd %xmm1, 56(%rsp)\n"
        "  movsd %xmm2, 64(%rsp)\n"
        "  movsd %xmm3, 72(%rsp)\n"
        "  movsd %xmm4, 80(%rsp)\n"
        "  movsd %xmm5, 88(%rsp)\n"
        "  movsd %xmm6, 96(%rsp)\n"
        "  movsd %xmm7, 104(%rsp)\n"
        "  movq %r10, %rdi\n"
        "  call rf_makefunc_closure\n"
        "  movq %rax, %r10\n"
        "  movq 0(%rsp), %rdi\n"
        "  movq 8(%rsp), %rsi\n"
        "  movq 16(%rsp), %rdx\n"
        "  movq 24(%rsp), %rcx\n"
        "  movq 32(%rsp), %r8\n"
        "  movq 40(%rsp), %r9\n"
        "  movsd 48(%rsp), %xmm0\n"
        "  movsd 56(%rsp), %xmm1\n"
        "  movsd 64(%rsp), %xmm2\n"
        "  movsd 72(%rsp), %xmm3\n"
        "  movsd 80(%rsp), %xmm4\n"
        "  movsd 88(%rsp), %xmm5\n"
        "  movsd 96(%rsp), %xmm6\n"
        "  movsd 104(%rsp), %xmm7\n"
        "  leave\n"
        "  jmpq *(%r10)\n"
        ".size reflect.makeFuncStub, .-reflect.makeFuncStub\n"
        /* a second address, so that reflect.call and closure_entry can tell
           method values (impl.code) from MakeFunc functions */
        ".p2align 4\n"
        ".globl reflect.methodValueCall\n"
        ".type reflect.methodValueCall,@function\n"
        "reflect.methodValueCall:\n"
        "  jmp reflect.makeFuncStub\n"
        ".size reflect.methodValueCall, .-reflect.methodValueCall\n");

#else /* !__x86_64__ */

/* TODO(reflect): arm64 (see the file comment). */
void rf_call(void) __asm__("runtime.reflectcall");
void rf_call(void) {
  rog_panic_string("reflect: Value.Call is not supported by rog on this architecture yet");
}

void rf_make_func_stub(void) __asm__("reflect.makeFuncStub");
void rf_make_func_stub(void) {
  rog_panic_string("reflect: functions made by MakeFunc cannot be called under rog on this architecture yet");
}

void rf_method_value_call(void) __asm__("reflect.methodValueCall");
void rf_method_value_call(void) {
  rog_panic_string("reflect: method values from reflect cannot be called under rog on this architecture yet");
}

#endif
