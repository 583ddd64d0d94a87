/*
 * object.c: the checker's memory context (a bump arena), pointer-keyed
 * hash maps (the TypesInfo side tables), objects and scopes.
 *
 * Invariants
 * - Everything allocated here lives until types_ctx_free; nothing is freed
 *   individually. Side-table and scope arrays grow by doubling inside the
 *   arena (the old array is abandoned; the total waste is bounded by the
 *   final size).
 * - Scopes keep insertion order (for deterministic "declared but not used"
 *   reports and dumps) besides the hash slots.
 * Rejected: malloc per object (thousands of tiny frees and leak risk when an
 *   error path forgets one).
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/types/internal.h"

void types_const_clear(Const *x);

TypesCtx *types_ctx_new(void) {
  TypesCtx *c = calloc(1, sizeof *c);
  if (!c) abort();
  return c;
}

void types_ctx_free(TypesCtx *c) {
  if (!c) return;
  for (uint32_t i = 0; i < c->nconsts; i++)
    types_const_clear(c->consts[i]);
  free(c->consts);
  Chunk *ch = c->chunks;
  while (ch) {
    Chunk *next = ch->next;
    free(ch);
    ch = next;
  }
  free(c);
}

void types_ctx_track_const(TypesCtx *c, Const *x) {
  VEC_PUSH(c, c->consts, c->nconsts, c->cap_consts, x);
}

void *types_alloc(TypesCtx *c, size_t n) {
  n = (n + 15) & ~(size_t)15;
  Chunk *ch = c->chunks;
  if (!ch || ch->used + n > ch->cap) {
    size_t cap = n > 65536 ? n : 65536;
    ch = malloc(sizeof *ch + cap);
    if (!ch) abort();
    ch->cap = cap;
    ch->used = 0;
    ch->next = c->chunks;
    c->chunks = ch;
  }
  void *p = (char *)ch->data + ch->used;
  ch->used += n;
  memset(p, 0, n);
  return p;
}

char *types_strdup(TypesCtx *c, const char *s, size_t n) {
  char *r = types_alloc(c, n + 1);
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

/* ---- pointer maps -------------------------------------------------------- */

static uint32_t ptr_hash(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (uint32_t)x;
}

void *types_ptrmap_get(const PtrMap *m, const void *key) {
  if (!m->cap || !key) return NULL;
  uint32_t i = ptr_hash(key) & (m->cap - 1);
  while (m->keys[i]) {
    if (m->keys[i] == key) return m->vals[i];
    i = (i + 1) & (m->cap - 1);
  }
  return NULL;
}

static void ptrmap_grow(TypesCtx *c, PtrMap *m) {
  uint32_t ncap = m->cap ? m->cap * 2 : 64;
  const void **keys = types_alloc(c, ncap * sizeof *keys);
  void **vals = types_alloc(c, ncap * sizeof *vals);
  for (uint32_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    uint32_t j = ptr_hash(m->keys[i]) & (ncap - 1);
    while (keys[j])
      j = (j + 1) & (ncap - 1);
    keys[j] = m->keys[i];
    vals[j] = m->vals[i];
  }
  m->keys = keys;
  m->vals = vals;
  m->cap = ncap;
}

void types_ptrmap_put(TypesCtx *c, PtrMap *m, const void *key, void *val) {
  if (!key) return;
  if ((m->len + 1) * 4 >= m->cap * 3) ptrmap_grow(c, m);
  uint32_t i = ptr_hash(key) & (m->cap - 1);
  while (m->keys[i]) {
    if (m->keys[i] == key) {
      m->vals[i] = val;
      return;
    }
    i = (i + 1) & (m->cap - 1);
  }
  m->keys[i] = key;
  m->vals[i] = val;
  m->len++;
}

void types_ptrmap_reset(PtrMap *m) {
  memset(m, 0, sizeof *m);
}

/* ---- objects --------------------------------------------------------------- */

Object *types_new_object(TypesCtx *c, ObjKind k, TypesPackage *pkg, const char *name, Type *t) {
  Object *o = types_alloc(c, sizeof *o);
  o->kind = (uint8_t)k;
  o->pkg = pkg;
  o->name = name ? name : "_";
  o->type = t;
  return o;
}

bool types_func_has_directive(const Object *fn, const char *directive) {
  if (!fn || fn->kind != OBJ_FUNC || !fn->decl || !fn->decl->spec || fn->decl->spec->kind != SYN_FUNC_DECL)
    return false;
  const SynPragmaList *pl = &fn->decl->spec->u.func_decl.c.pragmas;
  size_t n = strlen(directive);
  for (uint32_t i = 0; i < pl->len; i++) {
    SynStr t = pl->items[i].text;
    if (t.len >= n && strncmp(t.ptr, directive, n) == 0 &&
        (t.len == n || t.ptr[n] == ' ' || t.ptr[n] == '\t'))
      return true;
  }
  return false;
}

bool types_obj_exported(const Object *o) {
  unsigned char ch = (unsigned char)o->name[0];
  if (ch >= 'A' && ch <= 'Z') return true;
  if (ch < 0x80) return false;
  /* Non-ASCII: upper-case letters of the common Unicode blocks (Latin-1,
   * Latin Extended-A pairs, Greek, Cyrillic). TODO: full Unicode Lu table. */
  const unsigned char *p = (const unsigned char *)o->name;
  uint32_t r = 0;
  if ((p[0] & 0xE0) == 0xC0) r = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return true;
  if (r >= 0x391 && r <= 0x3A9) return true;
  if (r >= 0x400 && r <= 0x42F) return true;
  if (r >= 0x100 && r <= 0x17F) return (r & 1) == 0;
  return false;
}

const char *types_obj_qualified(TypesCtx *c, const Object *o, TypesPackage *rel) {
  if (!o->pkg || o->pkg == rel) return o->name;
  size_t n = strlen(o->pkg->name) + strlen(o->name) + 2;
  char *s = types_alloc(c, n);
  strcpy(s, o->pkg->name);
  strcat(s, ".");
  strcat(s, o->name);
  return s;
}

/* ---- scopes ------------------------------------------------------------------ */

static uint32_t str_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

Scope *types_scope_new(TypesCtx *c, Scope *parent) {
  Scope *s = types_alloc(c, sizeof *s);
  s->parent = parent;
  return s;
}

Object *types_scope_lookup_local(Scope *s, const char *name) {
  if (!s || !s->cap) return NULL;
  uint32_t i = str_hash(name) & (s->cap - 1);
  while (s->slots[i]) {
    if (strcmp(s->slots[i]->name, name) == 0) return s->slots[i];
    i = (i + 1) & (s->cap - 1);
  }
  return NULL;
}

Object *types_scope_lookup(Scope *s, const char *name, Scope **found_in) {
  for (; s; s = s->parent) {
    Object *o = types_scope_lookup_local(s, name);
    if (o) {
      if (found_in) *found_in = s;
      return o;
    }
  }
  return NULL;
}

Object *types_scope_insert(TypesCtx *c, Scope *s, Object *o) {
  Object *old = types_scope_lookup_local(s, o->name);
  if (old) return old;
  if ((s->len + 1) * 2 >= s->cap) {
    uint32_t ncap = s->cap ? s->cap * 2 : 8;
    Object **slots = types_alloc(c, ncap * sizeof *slots);
    for (uint32_t i = 0; i < s->cap; i++) {
      if (!s->slots[i]) continue;
      uint32_t j = str_hash(s->slots[i]->name) & (ncap - 1);
      while (slots[j])
        j = (j + 1) & (ncap - 1);
      slots[j] = s->slots[i];
    }
    s->slots = slots;
    s->cap = ncap;
  }
  uint32_t i = str_hash(o->name) & (s->cap - 1);
  while (s->slots[i])
    i = (i + 1) & (s->cap - 1);
  s->slots[i] = o;
  s->len++;
  if (s->order_len == s->order_cap) {
    uint32_t ncap = s->order_cap ? s->order_cap * 2 : 8;
    Object **no = types_alloc(c, ncap * sizeof *no);
    if (s->order_len) memcpy(no, s->order, s->order_len * sizeof *no);
    s->order = no;
    s->order_cap = ncap;
  }
  s->order[s->order_len++] = o;
  if (!o->parent) o->parent = s;
  return NULL;
}
