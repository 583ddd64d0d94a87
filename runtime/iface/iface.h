/*
 * iface.h: type descriptors at run time and interfaces (runtime/iface).
 *
 * Two parts:
 *   typeinfo.c  reading gc-layout type descriptors: resolving name/type/text
 *               offsets (abi.h's relative-offset rule), decoding names,
 *               a type's string and package path, the uncommon part, and
 *               the registry of descriptors created at run time (reflect's
 *               addReflectOff).
 *   iface.c     itabs: the global itab cache, building an itab by matching
 *               method lists, interface conversions and type assertions
 *               with gc's panic messages.
 *
 * The entry points generated code calls are declared in abi.h ([iface]);
 * this header adds what the rest of the runtime (and reflect's hooks) use.
 */
#ifndef ROG_RUNTIME_IFACE_H
#define ROG_RUNTIME_IFACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rog/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoded runtime.name. bytes == NULL for "no name". */
typedef struct iface_name {
  const uint8_t *bytes;
} iface_name;

/* Offsets (abi.h): relative to `base` when base lies in the static type
 * section, else ids registered with iface_add_reflect_off. A bad offset is
 * a fatal error (gc throws too). */
iface_name iface_resolve_name_off(const void *base, rog_name_off off);
const rog_type *iface_resolve_type_off(const void *base, rog_type_off off);
const void *iface_resolve_text_off(const void *base, rog_text_off off);

/* Registers a run-time-created descriptor, name or function and returns its
 * id (negative, never 0), as reflect.addReflectOff does. Idempotent. */
int32_t iface_add_reflect_off(const void *ptr);

/* Name accessors (runtime.name methods). Strings point into the name's
 * bytes and are not NUL-terminated. */
rog_string iface_name_string(iface_name n);
rog_string iface_name_tag(iface_name n);
rog_string iface_name_pkgpath(iface_name n);
bool iface_name_exported(iface_name n);
bool iface_name_embedded(iface_name n);

/* The type's uncommon part, or NULL. */
const rog_uncommon *iface_uncommon(const rog_type *t);
/* The type's methods (uncommon->mcount of them), or NULL. */
const rog_method *iface_methods(const rog_type *t, const rog_uncommon *u);
/* t.string(): "main.T", "*main.T", "[]int", ... */
rog_string iface_type_string(const rog_type *t);
/* The static type descriptor of kind `kind` (0: any) whose t.string() is
 * s, from the program's typelinks (typelinks.c), or NULL. */
const rog_type *iface_typelinks_find(rog_string s, uint8_t kind);
/* t.pkgpath() */
rog_string iface_type_pkgpath(const rog_type *t);

/* The itab for (inter, typ). With canfail, returns NULL when typ does not
 * implement inter; without, panics with gc's TypeAssertionError message.
 * Results (including failures) are cached. */
const rog_itab *iface_getitab(const rog_interfacetype *inter, const rog_type *typ, bool canfail);

/* Adds the complete itabs laid out back to back in [start, stop) to the
 * cache (what the runtime does once with the section rog_itabs); a lookup
 * of such a pair then returns that very itab. */
void iface_register_itabs(const void *start, const void *stop);

/* Formats gc's TypeAssertionError text into buf (always NUL-terminated,
 * truncated to n-1 bytes). iface_type may be NULL ("interface"); concrete
 * NULL means a nil interface value; missing names the missing method or is
 * NULL. Returns the full length, as snprintf does. */
size_t iface_typeassert_message(char *buf, size_t n, const rog_type *iface_type, const rog_type *concrete,
                                const rog_type *asserted, const char *missing, size_t missing_len);

/* Raises a TypeAssertionError panic. The panic machinery (runtime/panic)
 * replaces this weak default, which prints gc's "panic: interface
 * conversion: ..." line and exits with status 2. */
void rog_panic_typeassert(const rog_type *iface_type, const rog_type *concrete, const rog_type *asserted,
                          const char *missing, size_t missing_len) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif
#endif
