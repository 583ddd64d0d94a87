/*
 * iface.c: itabs, interface conversions and type assertions.
 *
 * An itab pairs a non-empty interface type with a concrete type and lists
 * the concrete type's method code pointers in the interface's method order
 * (abi.h, gc 1.19 layout). The compiler emits itabs it can see statically
 * (a concrete type converted to an interface); everything dynamic comes
 * through iface_getitab: assertions to interface types, interface-to-
 * interface conversions, reflect.
 *
 * Cache. One global open-addressing table of itab pointers, hashed by
 * inter->hash ^ type->hash (gc's choice), probed quadratically. Readers
 * never lock: they load the table pointer and the entries with acquire
 * ordering. Writers serialize on a mutex, fill a new itab completely, then
 * publish it with a release store. Growing copies into a table twice the
 * size and publishes that; the old table is never freed, because a reader
 * may still be probing it (gc makes the same choice; the tables total at
 * most twice the final size). The new table points at the old one, so it
 * stays reachable rather than leaked. Failed lookups are cached too (fun[0] == 0),
 * so a failing type switch case costs one probe after the first time.
 *
 * Matching. Both method lists are sorted by name, so one lock-step pass
 * matches them (O(ni + nt)): a concrete method satisfies an interface method
 * when the names are equal, the method types are the same descriptor
 * (descriptors are unique per type, abi.h), and the name is exported or
 * both come from the same package.
 *
 * Itabs live in malloc'd memory and are never freed: they point only at
 * type descriptors and code, never at the GC heap, so the collector has
 * nothing to scan in them.
 *
 * Static itabs. The compiler puts every itab it emits in the ELF section
 * "rog_itabs", back to back (each offsetof(fun) + 8 * max(methods, 1)
 * bytes, 8-aligned, so no gaps). Before the first lookup they all enter
 * the cache (gc's itabsinit), so the runtime returns the static itab for a
 * pair whenever the program has one, and itab words compare exactly.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/iface/iface.h"
#include "runtime/sched/sched.h"

typedef struct itab_table {
  struct itab_table *prev; /* the table this one replaced: kept, see above */
  size_t size;             /* power of two */
  size_t count;            /* entries in use (written under itab_lock) */
  _Atomic(const rog_itab *) entries[];
} itab_table;

static _Atomic(itab_table *) itab_current;
static pthread_mutex_t itab_lock = PTHREAD_MUTEX_INITIALIZER;

/* Fatal errors end the process at once, without exit handlers (as gc's
 * throw does). */
static __attribute__((noreturn)) void iface_fatal(const char *msg) {
  fprintf(stderr, "fatal error: %s\n", msg);
  _exit(2);
}

static void *iface_calloc(size_t n) {
  void *p = calloc(1, n);
  if (!p) iface_fatal("out of memory allocating an itab");
  return p;
}

static itab_table *table_new(size_t size) {
  itab_table *t = iface_calloc(sizeof *t + size * sizeof t->entries[0]);
  t->size = size;
  return t;
}

static size_t itab_hash(const rog_interfacetype *inter, const rog_type *typ) {
  return (size_t)(inter->typ.hash ^ typ->hash);
}

static const rog_itab *table_find(itab_table *t, const rog_interfacetype *inter, const rog_type *typ) {
  size_t mask = t->size - 1, h = itab_hash(inter, typ) & mask;
  for (size_t i = 1;; i++) {
    const rog_itab *m = atomic_load_explicit(&t->entries[h], memory_order_acquire);
    if (!m) return NULL;
    if (m->inter == inter && m->type == typ) return m;
    h = (h + i) & mask;
  }
}

/* Inserts into t; the caller holds itab_lock and has checked capacity. */
static void table_add(itab_table *t, const rog_itab *m) {
  size_t mask = t->size - 1, h = itab_hash(m->inter, m->type) & mask;
  for (size_t i = 1;; i++) {
    const rog_itab *e = atomic_load_explicit(&t->entries[h], memory_order_relaxed);
    if (!e) {
      atomic_store_explicit(&t->entries[h], m, memory_order_release);
      t->count++;
      return;
    }
    if (e == m) return;
    h = (h + i) & mask;
  }
}

static void cache_add(const rog_itab *m) {
  itab_table *t = atomic_load_explicit(&itab_current, memory_order_relaxed);
  if (!t) {
    t = table_new(512);
    atomic_store_explicit(&itab_current, t, memory_order_release);
  }
  if (4 * (t->count + 1) > 3 * t->size) { /* keep the load under 75% */
    itab_table *bigger = table_new(2 * t->size);
    bigger->prev = t;
    for (size_t i = 0; i < t->size; i++) {
      const rog_itab *e = atomic_load_explicit(&t->entries[i], memory_order_relaxed);
      if (e) table_add(bigger, e);
    }
    atomic_store_explicit(&itab_current, bigger, memory_order_release);
    t = bigger; /* the old table stays valid for readers; never freed */
  }
  table_add(t, m);
}

static bool str_eq(rog_string a, rog_string b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
}

/* Fills m->fun. Returns the name of the first interface method typ lacks
 * (and sets fun[0] = 0), or an empty string when typ implements inter. */
static rog_string itab_init(rog_itab *m) {
  const rog_interfacetype *inter = m->inter;
  const rog_type *typ = m->type;
  const rog_uncommon *u = iface_uncommon(typ);
  const rog_method *tm = iface_methods(typ, u);
  size_t nt = u ? u->mcount : 0, ni = (size_t)inter->mhdr.len, j = 0;
  const rog_imethod *im = inter->mhdr.ptr;
  uintptr_t fun0 = 0;
  for (size_t k = 0; k < ni; k++) {
    const rog_type *itype = iface_resolve_type_off(&inter->typ, im[k].ityp);
    iface_name iname = iface_resolve_name_off(&inter->typ, im[k].name);
    rog_string istr = iface_name_string(iname);
    rog_string ipkg = iface_name_pkgpath(iname);
    if (ipkg.len == 0) ipkg = iface_name_string((iface_name){inter->pkgpath});
    bool found = false;
    for (; j < nt && !found; j++) {
      iface_name tname = iface_resolve_name_off(typ, tm[j].name);
      if (iface_resolve_type_off(typ, tm[j].mtyp) != itype || !str_eq(iface_name_string(tname), istr))
        continue;
      rog_string tpkg = iface_name_pkgpath(tname);
      if (tpkg.len == 0) tpkg = iface_name_string(iface_resolve_name_off(typ, u->pkgpath));
      if (!iface_name_exported(tname) && !str_eq(tpkg, ipkg)) continue;
      uintptr_t fn = (uintptr_t)iface_resolve_text_off(typ, tm[j].ifn);
      if (k == 0)
        fun0 = fn; /* set last: fun[0] != 0 marks a complete itab */
      else
        m->fun[k] = fn;
      found = true;
    }
    if (!found) {
      m->fun[0] = 0;
      return istr;
    }
  }
  m->fun[0] = fun0;
  return (rog_string){NULL, 0};
}

/* Linker-provided bounds of the static itabs (weak: none in C tests). */
extern const char __start_rog_itabs[] __attribute__((weak));
extern const char __stop_rog_itabs[] __attribute__((weak));

void iface_register_itabs(const void *start, const void *stop) {
  const char *p = start, *end = stop;
  pthread_mutex_lock(&itab_lock);
  while (p != NULL && p + sizeof(rog_itab) <= end) {
    const rog_itab *m = (const rog_itab *)p;
    if (m->inter == NULL || m->type == NULL) break; /* not an itab: stop rather than guess */
    const rog_interfacetype *inter = m->inter;
    size_t n = inter->mhdr.len > 0 ? (size_t)inter->mhdr.len : 1;
    itab_table *t = atomic_load_explicit(&itab_current, memory_order_relaxed);
    if (m->fun[0] != 0 && !(t && table_find(t, m->inter, m->type))) cache_add(m);
    p += offsetof(rog_itab, fun) + n * sizeof(uintptr_t);
  }
  pthread_mutex_unlock(&itab_lock);
}

static pthread_once_t static_itabs_once = PTHREAD_ONCE_INIT;

static void register_static_itabs(void) {
  if (__start_rog_itabs != NULL) iface_register_itabs(__start_rog_itabs, __stop_rog_itabs);
}

/* The slow paths of iface_getitab, run on the system stack (called from
 * Go code, whose stack may have only ROG_STACK_RUNTIME_MAX bytes left). */
typedef struct itab_req {
  const rog_interfacetype *inter;
  const rog_type *typ;
  const rog_itab *m;
  rog_string missing;
} itab_req;

static void itab_add_sys(void *arg) {
  itab_req *r = arg;
  pthread_mutex_lock(&itab_lock);
  itab_table *t = atomic_load_explicit(&itab_current, memory_order_relaxed);
  r->m = t ? table_find(t, r->inter, r->typ) : NULL;
  if (!r->m) {
    rog_itab *n = iface_calloc(sizeof(rog_itab) + ((size_t)r->inter->mhdr.len - 1) * sizeof(uintptr_t));
    n->inter = r->inter;
    n->type = r->typ;
    n->hash = r->typ->hash;
    itab_init(n);
    cache_add(n);
    r->m = n;
  }
  pthread_mutex_unlock(&itab_lock);
}

/* Recomputes which method is missing, for the message (gc does too). */
static void itab_missing_sys(void *arg) {
  itab_req *r = arg;
  rog_itab *scratch = iface_calloc(sizeof(rog_itab) + ((size_t)r->inter->mhdr.len - 1) * sizeof(uintptr_t));
  scratch->inter = r->inter;
  scratch->type = r->typ;
  r->missing = itab_init(scratch);
}

const rog_itab *iface_getitab(const rog_interfacetype *inter, const rog_type *typ, bool canfail) {
  if (inter->mhdr.len == 0) iface_fatal("internal error - misuse of itab");
  pthread_once(&static_itabs_once, register_static_itabs);
  if (!iface_uncommon(typ)) { /* no methods at all */
    if (canfail) return NULL;
    rog_string name =
        iface_name_string(iface_resolve_name_off(&inter->typ, ((rog_imethod *)inter->mhdr.ptr)[0].name));
    rog_panic_typeassert(NULL, typ, &inter->typ, (const char *)name.ptr, (size_t)name.len);
  }
  itab_table *t = atomic_load_explicit(&itab_current, memory_order_acquire);
  const rog_itab *m = t ? table_find(t, inter, typ) : NULL;
  itab_req r = {inter, typ, m, {NULL, 0}};
  if (!m) { /* malloc, a lock, table growth: off the goroutine stack */
    sched_systemstack(itab_add_sys, &r);
    m = r.m;
  }
  if (m->fun[0] != 0) return m;
  if (canfail) return NULL;
  sched_systemstack(itab_missing_sys, &r);
  rog_panic_typeassert(NULL, typ, &inter->typ, (const char *)r.missing.ptr, (size_t)r.missing.len);
}

/* ------------------------------------------------- generated-code entry points */

const rog_itab *rog_getitab(const rog_interfacetype *inter, const rog_type *typ, bool canfail) {
  return iface_getitab(inter, typ, canfail);
}

const rog_itab *rog_assertE2I(const rog_interfacetype *inter, const rog_type *t) {
  if (!t) rog_panic_typeassert(NULL, NULL, &inter->typ, NULL, 0);
  return iface_getitab(inter, t, false);
}

rog_iface rog_assertE2I2(const rog_interfacetype *inter, const rog_type *t, void *data) {
  rog_iface r = {NULL, NULL};
  if (!t) return r;
  const rog_itab *m = iface_getitab(inter, t, true);
  if (!m) return r;
  r.tab = (void *)m;
  r.data = data;
  return r;
}

const rog_itab *rog_convI2I(const rog_interfacetype *inter, const rog_itab *src) {
  if (!src) return NULL;
  if (src->inter == inter) return src;
  return iface_getitab(inter, src->type, false);
}

void rog_panicdottypeE(const rog_type *have, const rog_type *want, const rog_type *iface) {
  rog_panic_typeassert(iface, have, want, NULL, 0);
}

void rog_panicdottypeI(const rog_itab *have, const rog_type *want, const rog_type *iface) {
  rog_panic_typeassert(iface, have ? have->type : NULL, want, NULL, 0);
}

void rog_panicnildottype(const rog_type *want) {
  rog_panic_typeassert(NULL, NULL, want, NULL, 0);
}

/* ------------------------------------------------------------------ messages */

/* Appends s to buf at *pos, truncating at n-1; *pos counts the full length. */
static void put(char *buf, size_t n, size_t *pos, const void *s, size_t len) {
  if (*pos < n) {
    size_t room = n - 1 - *pos;
    memcpy(buf + *pos, s, len < room ? len : room);
  }
  *pos += len;
}

static void puts_(char *buf, size_t n, size_t *pos, const char *s) {
  put(buf, n, pos, s, strlen(s));
}

static void put_type(char *buf, size_t n, size_t *pos, const rog_type *t) {
  rog_string s = iface_type_string(t);
  put(buf, n, pos, s.ptr, (size_t)s.len);
}

size_t iface_typeassert_message(char *buf, size_t n, const rog_type *iface_type, const rog_type *concrete,
                                const rog_type *asserted, const char *missing, size_t missing_len) {
  size_t pos = 0;
  puts_(buf, n, &pos, "interface conversion: ");
  if (missing) {
    put_type(buf, n, &pos, concrete);
    puts_(buf, n, &pos, " is not ");
    put_type(buf, n, &pos, asserted);
    puts_(buf, n, &pos, ": missing method ");
    put(buf, n, &pos, missing, missing_len);
  } else {
    if (iface_type)
      put_type(buf, n, &pos, iface_type);
    else
      puts_(buf, n, &pos, "interface");
    if (!concrete) {
      puts_(buf, n, &pos, " is nil, not ");
      put_type(buf, n, &pos, asserted);
    } else {
      puts_(buf, n, &pos, " is ");
      put_type(buf, n, &pos, concrete);
      puts_(buf, n, &pos, ", not ");
      put_type(buf, n, &pos, asserted);
      if (str_eq(iface_type_string(concrete), iface_type_string(asserted))) {
        puts_(buf, n, &pos,
              str_eq(iface_type_pkgpath(concrete), iface_type_pkgpath(asserted))
                  ? " (types from different scopes)"
                  : " (types from different packages)");
      }
    }
  }
  if (n > 0) buf[pos < n ? pos : n - 1] = '\0';
  return pos;
}

__attribute__((weak, noreturn)) void rog_panic_typeassert(const rog_type *iface_type,
                                                          const rog_type *concrete, const rog_type *asserted,
                                                          const char *missing, size_t missing_len) {
  /* Default until runtime/panic exists: gc's first line of an unrecovered
   * runtime.Error panic, and gc's exit status. */
  char msg[1024];
  iface_typeassert_message(msg, sizeof msg, iface_type, concrete, asserted, missing, missing_len);
  fprintf(stderr, "panic: %s\n\n[rog: no traceback yet; runtime/panic replaces this handler]\n", msg);
  fflush(stderr);
  _exit(2);
}
