/*
 * export.c: rog's export data, what `rog tool compile -stop-after=typecheck
 * -o OUT` writes for a package and what importers of the package read
 * instead of its source (DESIGN.md §2).
 *
 * File format (version 1)
 * -----------------------
 *   "rogexp\n"  7 bytes of magic
 *   u8          format version (EXPORT_VERSION)
 *   u64 LE      size of the payload once decompressed
 *   ...         the payload, one zstd frame
 *
 * The payload is a sequence of unsigned LEB128 varints (uv), strings
 * (uv length + bytes, no NUL) and bytes:
 *   str path, str name                  the package
 *   uv n, n x str                       its direct imports (paths)
 *   uv n, n x (str path, str name)      every package the data mentions
 *   uv n, n x entry                     the object index:
 *       str pkgpath, str name, u8 local, uv offset (into the data section)
 *   data section                        one record per object, in index order
 *
 * What is in it. Every package-level object of the package, exported or
 * not (importers need unexported fields, methods and types to get struct
 * layouts, method sets and identity right; gc exports those reachable from
 * the exported API, rog simply exports all), plus every object of another
 * package that a record mentions, transitively: the data is
 * self-contained, so an importer needs the export data of its direct
 * imports only (as with gc's format). Objects are identified by (package
 * path, name); a named type declared inside a function is a "local" entry
 * with a name made unique by a "·N" suffix and is not put in the scope.
 *
 * Records. u8 ObjKind, then:
 *   const: type, str value (const_encode: exact rationals or MPFR hex)
 *   var:   type
 *   func:  type parameters, signature, str generic body (see below)
 *   type:  u8 alias; alias: the aliased type; defined: type parameters,
 *          underlying type, uv n methods x (str name, str pkgpath,
 *          receiver type parameters, receiver var, signature, str body)
 * Type parameters are written as uv n, n x str name, then n constraints
 * (so a constraint may mention any of the list). Types are written
 * structurally with a tag byte (TAG_*); a defined type of any package is a
 * reference (TAG_NAMED: pkgpath, name) to its object's record, which
 * breaks every cycle except those through instances: an instance is
 * written once per record (TAG_INST: origin, type arguments, and its
 * substituted underlying type) and referred to by number afterwards
 * (TAG_INSTREF). A type parameter is a reference to its owner (the
 * generic type or function, or the method whose receiver declares it) and
 * its index.
 *
 * Generic bodies: the source text of each generic function and of each
 * method of a generic type, with its file's imports, so that an importer
 * can instantiate them: the reader keeps them in TypesPackage.generic_src,
 * types_check_bodies checks them and `rog tool compile` stencils them
 * (compiler/lower/generic.c). The import paths are as written in the
 * file: a body's imports must be resolvable by the importer. Not in the data: positions (imported
 * objects have none), escape summaries and inlinable bitcode (DESIGN §2,
 * later versions of the format).
 *
 * Export data is written alone (rog tool compile -stop-after=typecheck -o)
 * or as the __.PKGDEF member of a package archive (.a, as gc's; the object
 * is member _go_.o); the reader accepts both.
 *
 * Importing. A TypesExportImporter maps import paths to export files (gc's
 * importcfg "packagefile path=file" lines) or to in-memory data, and keeps
 * one TypesPackage per path for the whole TypesCtx: objects are looked up
 * in it before they are decoded, so a type reached through two export
 * files is one Type. Importing P decodes all of P's records; records of
 * other packages are decoded on demand when a reference needs them.
 *
 * Rejected: gc's own indexed format (versioned for gc's internals, and its
 * types2 importer is Go code), and text (3-5x larger before compression
 * and slower to read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "compiler/types/internal.h"

#define EXPORT_MAGIC "rogexp\n"
enum { MAGIC_LEN = 7, EXPORT_VERSION = 1, HEADER_LEN = MAGIC_LEN + 1 + 8, MAX_DEPTH = 200 };

enum {
  TAG_NIL = 0,
  TAG_BASIC,
  TAG_BYTE,
  TAG_RUNE,
  TAG_UNIV, /* str name: error, comparable */
  TAG_ANY,
  TAG_NAMED,
  TAG_INST,
  TAG_INSTREF,
  TAG_POINTER,
  TAG_SLICE,
  TAG_ARRAY,
  TAG_MAP,
  TAG_CHAN,
  TAG_SIG,
  TAG_STRUCT,
  TAG_IFACE,
  TAG_UNION,
  TAG_TUPLE,
  TAG_TPARAM,      /* u8 owner kind, objref, str method, uv index */
  TAG_TPARAM_FREE, /* str name, uv index, constraint (owner unknown) */
};

/* ---- byte buffers ---------------------------------------------------------------- */

typedef struct Buf {
  uint8_t *p;
  size_t n, cap;
} Buf;

static void b_need(Buf *b, size_t k) {
  if (b->n + k <= b->cap) return;
  size_t nc = b->cap ? b->cap * 2 : 4096;
  while (nc < b->n + k)
    nc *= 2;
  b->p = realloc(b->p, nc);
  if (!b->p) abort();
  b->cap = nc;
}

static void b_byte(Buf *b, uint8_t x) {
  b_need(b, 1);
  b->p[b->n++] = x;
}

static void b_uv(Buf *b, uint64_t x) {
  b_need(b, 10);
  while (x >= 0x80) {
    b->p[b->n++] = (uint8_t)(x | 0x80);
    x >>= 7;
  }
  b->p[b->n++] = (uint8_t)x;
}

static void b_str(Buf *b, const char *s, size_t n) {
  b_uv(b, n);
  b_need(b, n);
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
}

static void b_cstr(Buf *b, const char *s) {
  b_str(b, s ? s : "", s ? strlen(s) : 0);
}

/* ---- encoder ------------------------------------------------------------------- */

typedef struct Owner {
  uint8_t kind; /* 0: the object itself, 1: a method of the type object */
  Object *obj;
  const char *method;
  uint32_t index;
} Owner;

typedef struct Enc {
  TypesCtx *c;
  TypesPackage *pkg;
  Buf data;
  Object **objs; /* export index order */
  uint32_t nobjs, capobjs;
  PtrMap objidx; /* Object* -> index + 1 */
  PtrMap names;  /* Object* -> export name (local objects) */
  PtrMap towner; /* tparam Type* -> Owner* */
  PtrMap pkgs;   /* TypesPackage* -> 1 */
  TypesPackage **pkglist;
  uint32_t npkgs, cappkgs;
  Type **inst; /* instances written in the current record */
  uint32_t ninst, capinst;
  uint32_t local_seq;
} Enc;

static bool is_local(const Object *o) {
  return !o->pkg || !o->pkg->scope || o->parent != o->pkg->scope;
}

static void note_pkg(Enc *e, TypesPackage *p) {
  if (!p || types_ptrmap_get(&e->pkgs, p)) return;
  types_ptrmap_put(e->c, &e->pkgs, p, (void *)1);
  VEC_PUSH(e, e->pkglist, e->npkgs, e->cappkgs, p);
}

static const char *export_name(Enc *e, Object *o) {
  if (!is_local(o)) return o->name;
  const char *n = types_ptrmap_get(&e->names, o);
  if (n) return n;
  char buf[64];
  snprintf(buf, sizeof buf, "\xc2\xb7%u", ++e->local_seq);
  size_t k = strlen(o->name);
  char *s = types_alloc(e->c, k + strlen(buf) + 1);
  memcpy(s, o->name, k);
  strcpy(s + k, buf);
  types_ptrmap_put(e->c, &e->names, o, s);
  return s;
}

static void enqueue(Enc *e, Object *o) {
  if (types_ptrmap_get(&e->objidx, o)) return;
  VEC_PUSH(e, e->objs, e->nobjs, e->capobjs, o);
  types_ptrmap_put(e->c, &e->objidx, o, (void *)(uintptr_t)e->nobjs);
  note_pkg(e, o->pkg);
}

static void w_objref(Enc *e, Object *o) {
  enqueue(e, o);
  b_cstr(&e->data, o->pkg ? o->pkg->path : "");
  b_cstr(&e->data, export_name(e, o));
}

static void w_type(Enc *e, Type *t, int depth);

static void w_var(Enc *e, Object *v, int depth) {
  b_cstr(&e->data, v ? v->name : "");
  b_cstr(&e->data, v && v->pkg ? v->pkg->path : "");
  if (v && v->pkg) note_pkg(e, v->pkg);
  w_type(e, v ? v->type : NULL, depth + 1);
}

static void w_tuple(Enc *e, Type *t, int depth) {
  uint32_t n = t && t->kind == TY_TUPLE ? t->u.tuple.len : 0;
  b_uv(&e->data, n);
  for (uint32_t i = 0; i < n; i++)
    w_var(e, t->u.tuple.vars[i], depth);
}

/* params, results, variadic (no receiver, no type parameters) */
static void w_sig(Enc *e, Type *t, int depth) {
  bool ok = t && t->kind == TY_SIGNATURE;
  b_byte(&e->data, ok && t->u.sig.variadic);
  w_tuple(e, ok ? t->u.sig.params : NULL, depth);
  w_tuple(e, ok ? t->u.sig.results : NULL, depth);
}

static void w_tparams(Enc *e, Object **tps, uint32_t n, uint8_t kind, Object *owner, const char *method) {
  b_uv(&e->data, n);
  for (uint32_t i = 0; i < n; i++) {
    Owner *ow = types_alloc(e->c, sizeof *ow);
    *ow = (Owner){kind, owner, method, i};
    if (tps[i] && tps[i]->type) types_ptrmap_put(e->c, &e->towner, tps[i]->type, ow);
    b_cstr(&e->data, tps[i] ? tps[i]->name : "_");
  }
  for (uint32_t i = 0; i < n; i++) {
    Type *tp = tps[i] ? tps[i]->type : NULL;
    w_type(e, tp && tp->kind == TY_TYPEPARAM ? tp->u.tparam.constraint : NULL, 1);
  }
}

static void w_type(Enc *e, Type *t, int depth) {
  Buf *b = &e->data;
  TypesCtx *c = e->c;
  if (!t || depth > MAX_DEPTH) {
    b_byte(b, TAG_NIL);
    return;
  }
  switch (t->kind) {
  case TY_BASIC:
    if (t == c->byte_alias) {
      b_byte(b, TAG_BYTE);
    } else if (t == c->rune_alias) {
      b_byte(b, TAG_RUNE);
    } else {
      b_byte(b, TAG_BASIC);
      b_uv(b, t->basic);
    }
    return;
  case TY_NAMED: {
    if (t->u.named.orig) {
      for (uint32_t i = 0; i < e->ninst; i++)
        if (e->inst[i] == t) {
          b_byte(b, TAG_INSTREF);
          b_uv(b, i);
          return;
        }
      VEC_PUSH(e, e->inst, e->ninst, e->capinst, t);
      b_byte(b, TAG_INST);
      w_objref(e, t->u.named.orig->u.named.obj);
      b_uv(b, t->u.named.ntargs);
      for (uint32_t i = 0; i < t->u.named.ntargs; i++)
        w_type(e, t->u.named.targs[i], depth + 1);
      bool has_u = t->u.named.expanded && t->u.named.underlying;
      b_byte(b, has_u);
      if (has_u) w_type(e, t->u.named.underlying, depth + 1);
      return;
    }
    Object *o = t->u.named.obj;
    if (!o || !o->pkg) {
      b_byte(b, TAG_UNIV);
      b_cstr(b, o ? o->name : "error");
      return;
    }
    b_byte(b, TAG_NAMED);
    w_objref(e, o);
    return;
  }
  case TY_POINTER:
    b_byte(b, TAG_POINTER);
    w_type(e, t->u.pointer.elem, depth + 1);
    return;
  case TY_SLICE:
    b_byte(b, TAG_SLICE);
    w_type(e, t->u.slice.elem, depth + 1);
    return;
  case TY_ARRAY:
    b_byte(b, TAG_ARRAY);
    b_uv(b, (uint64_t)(t->u.array.len + 1)); /* -1 (invalid) is 0 */
    w_type(e, t->u.array.elem, depth + 1);
    return;
  case TY_MAP:
    b_byte(b, TAG_MAP);
    w_type(e, t->u.map.key, depth + 1);
    w_type(e, t->u.map.elem, depth + 1);
    return;
  case TY_CHAN:
    b_byte(b, TAG_CHAN);
    b_byte(b, t->u.chan.dir);
    w_type(e, t->u.chan.elem, depth + 1);
    return;
  case TY_SIGNATURE:
    b_byte(b, TAG_SIG);
    w_sig(e, t, depth);
    return;
  case TY_STRUCT:
    b_byte(b, TAG_STRUCT);
    b_uv(b, t->u.strukt.nfields);
    for (uint32_t i = 0; i < t->u.strukt.nfields; i++) {
      Object *f = t->u.strukt.fields[i];
      b_byte(b, f->embedded);
      w_var(e, f, depth);
      const char *tag = t->u.strukt.tags ? t->u.strukt.tags[i] : NULL;
      b_byte(b, tag != NULL);
      if (tag) b_cstr(b, tag);
    }
    return;
  case TY_INTERFACE:
    if (t == c->any_type) {
      b_byte(b, TAG_ANY);
      return;
    }
    b_byte(b, TAG_IFACE);
    b_byte(b, (uint8_t)(t->u.iface.implicit | (t->u.iface.is_comparable_builtin << 1)));
    b_uv(b, t->u.iface.nmethods);
    for (uint32_t i = 0; i < t->u.iface.nmethods; i++) {
      Object *m = t->u.iface.methods[i];
      b_cstr(b, m->name);
      b_cstr(b, m->pkg ? m->pkg->path : "");
      if (m->pkg) note_pkg(e, m->pkg);
      w_sig(e, m->type, depth + 1);
    }
    b_uv(b, t->u.iface.nembeddeds);
    for (uint32_t i = 0; i < t->u.iface.nembeddeds; i++)
      w_type(e, t->u.iface.embeddeds[i], depth + 1);
    return;
  case TY_UNION:
    b_byte(b, TAG_UNION);
    b_uv(b, t->u.uni.nterms);
    for (uint32_t i = 0; i < t->u.uni.nterms; i++) {
      b_byte(b, t->u.uni.terms[i].tilde);
      w_type(e, t->u.uni.terms[i].type, depth + 1);
    }
    return;
  case TY_TUPLE:
    b_byte(b, TAG_TUPLE);
    w_tuple(e, t, depth);
    return;
  case TY_TYPEPARAM: {
    Owner *ow = types_ptrmap_get(&e->towner, t);
    if (ow) {
      b_byte(b, TAG_TPARAM);
      b_byte(b, ow->kind);
      w_objref(e, ow->obj);
      b_cstr(b, ow->method);
      b_uv(b, ow->index);
      return;
    }
    b_byte(b, TAG_TPARAM_FREE);
    b_cstr(b, t->u.tparam.obj ? t->u.tparam.obj->name : "_");
    b_uv(b, t->u.tparam.index);
    w_type(e, depth < 8 ? t->u.tparam.constraint : NULL, depth + 8);
    return;
  }
  default:
    b_byte(b, TAG_NIL);
    return;
  }
}

/* The source text of a generic declaration and its file's imports. */
static void w_body(Enc *e, Object *o, bool generic) {
  DeclInfo *d = o->decl;
  SynNode *fd = d ? d->spec : NULL;
  if (!generic || !fd || fd->kind != SYN_FUNC_DECL || !fd->u.func_decl.body || !d->file) {
    b_str(&e->data, "", 0);
    return;
  }
  uint32_t start = fd->pos.off, end = fd->u.func_decl.body->u.block.rbrace.off + 1;
  const SynStr *src = &d->file->src;
  if (start >= end || end > src->len) {
    b_str(&e->data, "", 0);
    return;
  }
  b_str(&e->data, src->ptr + start, end - start);
  const SynFile *f = d->file;
  uint32_t n = 0;
  for (uint32_t i = 0; i < f->decls.len; i++)
    n += f->decls.items[i]->kind == SYN_IMPORT_DECL;
  b_uv(&e->data, n);
  for (uint32_t i = 0; i < f->decls.len; i++) {
    SynNode *im = f->decls.items[i];
    if (im->kind != SYN_IMPORT_DECL) continue;
    SynNode *ln = im->u.import_decl.local_name, *p = im->u.import_decl.path;
    if (ln)
      b_str(&e->data, ln->u.name.value.ptr, ln->u.name.value.len);
    else
      b_str(&e->data, "", 0);
    if (p)
      b_str(&e->data, p->u.lit.value.ptr, p->u.lit.value.len);
    else
      b_str(&e->data, "", 0);
  }
}

static void w_record(Enc *e, Object *o) {
  Buf *b = &e->data;
  e->ninst = 0;
  b_byte(b, o->kind);
  switch (o->kind) {
  case OBJ_CONST: {
    w_type(e, o->type, 0);
    size_t n;
    char *v = const_encode(e->c, o->val, &n);
    b_str(b, v, n);
    break;
  }
  case OBJ_VAR:
    w_type(e, o->type, 0);
    break;
  case OBJ_FUNC: {
    Type *sig = o->type && o->type->kind == TY_SIGNATURE ? o->type : NULL;
    w_tparams(e, sig ? sig->u.sig.tparams : NULL, sig ? sig->u.sig.ntparams : 0, 0, o, "");
    w_sig(e, sig, 0);
    w_body(e, o, sig && sig->u.sig.ntparams);
    break;
  }
  case OBJ_TYPENAME: {
    Type *t = o->type;
    bool alias = o->is_alias || !t || t->kind != TY_NAMED || t->u.named.obj != o || t->u.named.orig;
    b_byte(b, alias);
    if (alias) {
      w_type(e, t, 0);
      break;
    }
    w_tparams(e, t->u.named.tparams, t->u.named.ntparams, 0, o, "");
    w_type(e, t->u.named.underlying, 0);
    b_uv(b, t->u.named.nmethods);
    for (uint32_t i = 0; i < t->u.named.nmethods; i++) {
      Object *m = t->u.named.methods[i];
      Type *ms = m->type && m->type->kind == TY_SIGNATURE ? m->type : NULL;
      b_cstr(b, m->name);
      b_cstr(b, m->pkg ? m->pkg->path : "");
      w_tparams(e, ms ? ms->u.sig.rtparams : NULL, ms ? ms->u.sig.nrtparams : 0, 1, o, m->name);
      w_var(e, ms ? ms->u.sig.recv : NULL, 0);
      w_sig(e, ms, 0);
      w_body(e, m, t->u.named.ntparams > 0);
    }
    break;
  }
  default:
    break;
  }
}

static int compress_out(const Buf *payload, uint8_t **out, size_t *len) {
  size_t bound = ZSTD_compressBound(payload->n);
  uint8_t *o = malloc(HEADER_LEN + bound);
  if (!o) return -1;
  memcpy(o, EXPORT_MAGIC, MAGIC_LEN);
  o[MAGIC_LEN] = EXPORT_VERSION;
  for (int i = 0; i < 8; i++)
    o[MAGIC_LEN + 1 + i] = (uint8_t)((uint64_t)payload->n >> (8 * i));
  size_t z = ZSTD_compress(o + HEADER_LEN, bound, payload->p, payload->n, 9);
  if (ZSTD_isError(z)) {
    free(o);
    return -1;
  }
  *out = o;
  *len = HEADER_LEN + z;
  return 0;
}

int types_export_write(TypesCtx *c, TypesPackage *pkg, uint8_t **out, size_t *len) {
  Enc e;
  memset(&e, 0, sizeof e);
  e.c = c;
  e.pkg = pkg;
  note_pkg(&e, pkg);
  for (uint32_t i = 0; pkg->scope && i < pkg->scope->order_len; i++) {
    Object *o = pkg->scope->order[i];
    if (o->kind == OBJ_CONST || o->kind == OBJ_VAR || o->kind == OBJ_FUNC || o->kind == OBJ_TYPENAME)
      enqueue(&e, o);
  }
  uint32_t *offs = NULL;
  uint32_t noffs = 0, capoffs = 0;
  for (uint32_t i = 0; i < e.nobjs; i++) { /* the queue grows while records are written */
    VEC_PUSH(&e, offs, noffs, capoffs, (uint32_t)e.data.n);
    w_record(&e, e.objs[i]);
  }
  Buf p = {0};
  b_cstr(&p, pkg->path);
  b_cstr(&p, pkg->name);
  b_uv(&p, pkg->nimports);
  for (uint32_t i = 0; i < pkg->nimports; i++)
    b_cstr(&p, pkg->imports[i]->path);
  b_uv(&p, e.npkgs);
  for (uint32_t i = 0; i < e.npkgs; i++) {
    b_cstr(&p, e.pkglist[i]->path);
    b_cstr(&p, e.pkglist[i]->name);
  }
  b_uv(&p, e.nobjs);
  for (uint32_t i = 0; i < e.nobjs; i++) {
    Object *o = e.objs[i];
    b_cstr(&p, o->pkg ? o->pkg->path : "");
    b_cstr(&p, export_name(&e, o));
    b_byte(&p, is_local(o));
    b_uv(&p, offs[i]);
  }
  b_need(&p, e.data.n);
  memcpy(p.p + p.n, e.data.p, e.data.n);
  p.n += e.data.n;
  int rc = compress_out(&p, out, len);
  free(p.p);
  free(e.data.p);
  free(e.objs);
  free(e.pkglist);
  free(e.inst);
  free(offs);
  return rc;
}

/* ---- decoder ------------------------------------------------------------------- */

typedef struct Entry {
  const char *pkgpath, *name;
  bool local;
  uint64_t off;
  Object *obj; /* once decoded (or found already imported) */
} Entry;

typedef struct Dec {
  TypesCtx *c;
  TypesExportImporter *im;
  const uint8_t *p;
  size_t n, pos;
  size_t data_off;
  Entry *ents;
  uint32_t nents;
  Type **inst;
  uint32_t ninst, capinst, inst_base;
  Type *cur_def; /* the named type whose underlying interface is being read */
  bool bad;
} Dec;

static uint64_t r_uv(Dec *d) {
  uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (d->pos >= d->n) {
      d->bad = true;
      return 0;
    }
    uint8_t b = d->p[d->pos++];
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return x;
  }
  d->bad = true;
  return x;
}

static uint8_t r_byte(Dec *d) {
  if (d->pos >= d->n) {
    d->bad = true;
    return 0;
  }
  return d->p[d->pos++];
}

/* A string copied into the context (NUL-terminated). */
static const char *r_str(Dec *d, size_t *len) {
  uint64_t n = r_uv(d);
  if (n > d->n - d->pos) {
    d->bad = true;
    n = 0;
  }
  const char *s = types_strdup(d->c, (const char *)d->p + d->pos, n);
  d->pos += n;
  if (len) *len = n;
  return s;
}

static uint32_t count(Dec *d) {
  uint64_t n = r_uv(d);
  if (n > d->n) { /* cannot hold that many items */
    d->bad = true;
    return 0;
  }
  return (uint32_t)n;
}

static TypesPackage *reg_find(TypesExportImporter *im, const char *path) {
  for (uint32_t i = 0; i < im->npkgs; i++)
    if (strcmp(im->pkgs[i]->path, path) == 0) return im->pkgs[i];
  return NULL;
}

static TypesPackage *reg_get(Dec *d, const char *path, const char *name) {
  if (strcmp(path, "unsafe") == 0) return types_unsafe_package(d->c);
  TypesPackage *p = reg_find(d->im, path);
  if (p) {
    if (name && (!p->name || !p->name[0])) p->name = types_strdup(d->c, name, strlen(name));
    return p;
  }
  p = types_alloc(d->c, sizeof *p);
  p->path = types_strdup(d->c, path, strlen(path));
  p->name = name ? types_strdup(d->c, name, strlen(name)) : "";
  p->scope = types_scope_new(d->c, types_universe(d->c));
  VEC_PUSH(d->im, d->im->pkgs, d->im->npkgs, d->im->cappkgs, p);
  return p;
}

static Type *r_type(Dec *d, int depth);
static Object *decode_entry(Dec *d, Entry *e);

static Entry *find_entry(Dec *d, const char *pkgpath, const char *name) {
  for (uint32_t i = 0; i < d->nents; i++)
    if (strcmp(d->ents[i].name, name) == 0 && strcmp(d->ents[i].pkgpath, pkgpath) == 0) return &d->ents[i];
  return NULL;
}

static Object *r_objref(Dec *d) {
  const char *pp = r_str(d, NULL), *name = r_str(d, NULL);
  if (d->bad) return NULL;
  Entry *e = find_entry(d, pp, name);
  if (e && e->obj) return e->obj;
  if (!e || !e->local) {
    TypesPackage *p = reg_get(d, pp, NULL);
    Object *o = types_scope_lookup_local(p->scope, name);
    if (o) {
      if (e) e->obj = o;
      return o;
    }
  }
  if (!e) {
    d->bad = true;
    return NULL;
  }
  return decode_entry(d, e);
}

static Object *r_var(Dec *d, int depth) {
  const char *name = r_str(d, NULL), *pp = r_str(d, NULL);
  TypesPackage *p = pp[0] ? reg_get(d, pp, NULL) : NULL;
  Object *v = types_new_object(d->c, OBJ_VAR, p, name, NULL);
  v->color = 2;
  v->type = r_type(d, depth + 1);
  return v;
}

static Type *r_tuple(Dec *d, int depth) {
  uint32_t n = count(d);
  Object **vs = types_alloc(d->c, (n ? n : 1) * sizeof *vs);
  uint32_t k = 0; /* a corrupt input stops early: only what was read counts */
  for (; k < n && !d->bad; k++) {
    vs[k] = r_var(d, depth);
    vs[k]->is_param = true;
  }
  return types_new_tuple(d->c, vs, k);
}

/* Fills sig (params, results, variadic). */
static void r_sig_into(Dec *d, Type *sig, int depth) {
  sig->u.sig.variadic = r_byte(d) != 0;
  sig->u.sig.params = r_tuple(d, depth);
  sig->u.sig.results = r_tuple(d, depth);
}

static Type *new_sig(Dec *d) {
  return types_new_signature(d->c, NULL, NULL, NULL, false);
}

/* Type parameter list: objects and types first, constraints after. */
static Object **r_tparams(Dec *d, TypesPackage *pkg, uint32_t *n_out, Object ***slot) {
  uint32_t n = count(d);
  Object **tps = types_alloc(d->c, (n ? n : 1) * sizeof *tps);
  uint32_t k = 0;
  for (; k < n && !d->bad; k++) {
    const char *name = r_str(d, NULL);
    tps[k] = types_new_object(d->c, OBJ_TYPENAME, pkg, name, NULL);
    tps[k]->color = 2;
    types_new_typeparam(d->c, tps[k], k, NULL);
  }
  n = k;
  *n_out = n;
  if (slot) *slot = tps; /* visible to references from the constraints */
  for (uint32_t i = 0; i < n && !d->bad; i++)
    tps[i]->type->u.tparam.constraint = r_type(d, 1);
  return tps;
}

static Type *find_instance(Type *orig, Type **targs, uint32_t n) {
  for (Type *i = orig->u.named.instances; i; i = i->u.named.next_inst) {
    bool same = i->u.named.ntargs == n;
    for (uint32_t k = 0; same && k < n; k++)
      same = types_identical(i->u.named.targs[k], targs[k]);
    if (same) return i;
  }
  return NULL;
}

static Type *invalid(Dec *d) {
  return types_basic(d->c, INVALID);
}

static Type *r_type(Dec *d, int depth) {
  if (d->bad || depth > MAX_DEPTH) {
    d->bad = true;
    return invalid(d);
  }
  TypesCtx *c = d->c;
  uint8_t tag = r_byte(d);
  Type *save_def = d->cur_def;
  if (tag != TAG_IFACE) d->cur_def = NULL;
  Type *r = NULL;
  switch (tag) {
  case TAG_NIL:
    r = NULL;
    break;
  case TAG_BASIC: {
    uint64_t k = r_uv(d);
    r = k < BASIC_COUNT ? types_basic(c, (BasicKind)k) : invalid(d);
    break;
  }
  case TAG_BYTE:
    types_universe(c);
    r = c->byte_alias;
    break;
  case TAG_RUNE:
    types_universe(c);
    r = c->rune_alias;
    break;
  case TAG_UNIV: {
    const char *name = r_str(d, NULL);
    Object *o = types_scope_lookup_local(types_universe(c), name);
    r = o && o->kind == OBJ_TYPENAME ? o->type : invalid(d);
    break;
  }
  case TAG_ANY:
    r = types_universe_any(c);
    break;
  case TAG_NAMED: {
    Object *o = r_objref(d);
    r = o && o->type ? o->type : invalid(d);
    break;
  }
  case TAG_INST: {
    uint32_t id = d->ninst;
    VEC_PUSH(d, d->inst, d->ninst, d->capinst, NULL);
    Object *oo = r_objref(d);
    Type *orig = oo && oo->type && oo->type->kind == TY_NAMED ? oo->type : NULL;
    uint32_t n = count(d);
    Type **targs = types_alloc(c, (n ? n : 1) * sizeof *targs);
    uint32_t k = 0;
    for (; k < n && !d->bad; k++)
      targs[k] = r_type(d, depth + 1);
    n = k;
    Type *t = orig && !d->bad ? find_instance(orig, targs, n) : NULL;
    if (!t && orig) {
      t = types_new_named(c, NULL, NULL);
      t->u.named.obj = orig->u.named.obj;
      t->u.named.orig = orig;
      t->u.named.targs = targs;
      t->u.named.ntargs = n;
      t->u.named.next_inst = orig->u.named.instances;
      orig->u.named.instances = t;
    }
    d->inst[id] = t ? t : invalid(d);
    if (r_byte(d)) {
      Type *u = r_type(d, depth + 1);
      if (t && !t->u.named.underlying && u) {
        t->u.named.underlying = u;
        t->u.named.expanded = true;
      }
    }
    r = d->inst[id];
    break;
  }
  case TAG_INSTREF: {
    uint64_t id = r_uv(d);
    r = id < d->ninst - d->inst_base && d->inst[d->inst_base + id] ? d->inst[d->inst_base + id] : invalid(d);
    break;
  }
  case TAG_POINTER:
    r = types_new_pointer(c, r_type(d, depth + 1));
    break;
  case TAG_SLICE:
    r = types_new_slice(c, r_type(d, depth + 1));
    break;
  case TAG_ARRAY: {
    int64_t len = (int64_t)r_uv(d) - 1;
    r = types_new_array(c, r_type(d, depth + 1), len);
    break;
  }
  case TAG_MAP: {
    Type *k = r_type(d, depth + 1);
    r = types_new_map(c, k, r_type(d, depth + 1));
    break;
  }
  case TAG_CHAN: {
    uint8_t dir = r_byte(d);
    r = types_new_chan(c, r_type(d, depth + 1), dir <= CHAN_RECV ? (ChanDir)dir : CHAN_BOTH);
    break;
  }
  case TAG_SIG:
    r = new_sig(d);
    r_sig_into(d, r, depth);
    break;
  case TAG_STRUCT: {
    uint32_t n = count(d);
    Object **fs = types_alloc(c, (n ? n : 1) * sizeof *fs);
    const char **tags = NULL;
    uint32_t k = 0;
    for (; k < n && !d->bad; k++) {
      bool emb = r_byte(d) != 0;
      fs[k] = r_var(d, depth);
      fs[k]->is_field = true;
      fs[k]->embedded = emb;
      if (r_byte(d)) {
        if (!tags) tags = types_alloc(c, n * sizeof *tags);
        tags[k] = r_str(d, NULL);
      }
    }
    r = types_new_struct(c, fs, tags, k);
    break;
  }
  case TAG_IFACE: {
    uint8_t flags = r_byte(d);
    uint32_t nm = count(d);
    Object **ms = types_alloc(c, (nm ? nm : 1) * sizeof *ms);
    Type *it = types_new_interface(c, ms, 0, NULL, 0);
    it->u.iface.implicit = flags & 1;
    it->u.iface.is_comparable_builtin = (flags >> 1) & 1;
    Type *recvt = d->cur_def ? d->cur_def : it;
    d->cur_def = NULL;
    uint32_t km = 0;
    for (; km < nm && !d->bad; km++) {
      const char *name = r_str(d, NULL), *pp = r_str(d, NULL);
      TypesPackage *p = pp[0] ? reg_get(d, pp, NULL) : NULL;
      Object *m = types_new_object(c, OBJ_FUNC, p, name, NULL);
      m->color = 2;
      Type *sig = new_sig(d);
      sig->u.sig.recv = types_new_object(c, OBJ_VAR, p, "", recvt);
      m->type = sig;
      r_sig_into(d, sig, depth + 1);
      ms[km] = m;
    }
    it->u.iface.nmethods = km;
    uint32_t ne = count(d), ke = 0;
    Type **es = types_alloc(c, (ne ? ne : 1) * sizeof *es);
    for (; ke < ne && !d->bad; ke++)
      es[ke] = r_type(d, depth + 1);
    it->u.iface.embeddeds = es;
    it->u.iface.nembeddeds = ke;
    r = it;
    break;
  }
  case TAG_UNION: {
    uint32_t n = count(d);
    Term *ts = types_alloc(c, (n ? n : 1) * sizeof *ts);
    uint32_t k = 0;
    for (; k < n && !d->bad; k++) {
      ts[k].tilde = r_byte(d) != 0;
      ts[k].type = r_type(d, depth + 1);
    }
    r = types_alloc(c, sizeof *r);
    r->kind = TY_UNION;
    r->u.uni.terms = ts;
    r->u.uni.nterms = k;
    break;
  }
  case TAG_TUPLE:
    r = r_tuple(d, depth);
    break;
  case TAG_TPARAM: {
    uint8_t kind = r_byte(d);
    Object *o = r_objref(d);
    const char *meth = r_str(d, NULL);
    uint64_t idx = r_uv(d);
    Object **tps = NULL;
    uint32_t n = 0;
    if (o && o->type && kind == 0 && o->kind == OBJ_TYPENAME && o->type->kind == TY_NAMED) {
      tps = o->type->u.named.tparams;
      n = o->type->u.named.ntparams;
    } else if (o && o->type && kind == 0 && o->kind == OBJ_FUNC && o->type->kind == TY_SIGNATURE) {
      tps = o->type->u.sig.tparams;
      n = o->type->u.sig.ntparams;
    } else if (o && o->type && kind == 1 && o->type->kind == TY_NAMED) {
      for (uint32_t i = 0; i < o->type->u.named.nmethods; i++) {
        Object *m = o->type->u.named.methods[i];
        if (strcmp(m->name, meth) == 0 && m->type && m->type->kind == TY_SIGNATURE) {
          tps = m->type->u.sig.rtparams;
          n = m->type->u.sig.nrtparams;
        }
      }
    }
    r = tps && idx < n && tps[idx] ? tps[idx]->type : invalid(d);
    break;
  }
  case TAG_TPARAM_FREE: {
    const char *name = r_str(d, NULL);
    uint64_t idx = r_uv(d);
    Object *o = types_new_object(c, OBJ_TYPENAME, NULL, name, NULL);
    o->color = 2;
    r = types_new_typeparam(c, o, (uint32_t)idx, NULL);
    r->u.tparam.constraint = r_type(d, depth + 8);
    break;
  }
  default:
    d->bad = true;
    r = invalid(d);
    break;
  }
  d->cur_def = save_def;
  return r ? r : (tag == TAG_NIL ? NULL : invalid(d));
}

/* Reads a generic body (text and imports) of fn, an object of pkg, into
 * pkg->generic_src. */
static void r_body(Dec *d, TypesPackage *pkg, Object *fn) {
  size_t n;
  const char *text = r_str(d, &n);
  if (n == 0) return;
  uint32_t k = count(d);
  if (d->bad) return;
  TypesGenericSource g = {0};
  g.fn = fn;
  g.text = text; /* r_str's strings live in the context */
  g.len = (uint32_t)n;
  g.import_names = types_alloc(d->c, (k + 1) * sizeof *g.import_names);
  g.import_paths = types_alloc(d->c, (k + 1) * sizeof *g.import_paths);
  for (uint32_t i = 0; i < k && !d->bad; i++) {
    size_t a, b; /* NUL-terminated as well */
    g.import_names[i] = r_str(d, &a);
    g.import_paths[i] = r_str(d, &b);
    g.nimports = i + 1;
  }
  if (d->bad) return;
  if (pkg->ngeneric_src == pkg->cap_generic_src) {
    uint32_t nc = pkg->cap_generic_src ? 2 * pkg->cap_generic_src : 8;
    TypesGenericSource *v = types_alloc(d->c, nc * sizeof *v);
    if (pkg->ngeneric_src) memcpy(v, pkg->generic_src, pkg->ngeneric_src * sizeof *v);
    pkg->generic_src = v;
    pkg->cap_generic_src = nc;
  }
  pkg->generic_src[pkg->ngeneric_src++] = g;
}

static Object *decode_entry(Dec *d, Entry *e) {
  if (e->obj) return e->obj;
  if (e->off > d->n - d->data_off) {
    d->bad = true;
    return NULL;
  }
  size_t save_pos = d->pos;
  uint32_t save_base = d->inst_base;
  Type *save_def = d->cur_def;
  d->inst_base = d->ninst;
  d->cur_def = NULL;
  d->pos = d->data_off + (size_t)e->off;
  TypesCtx *c = d->c;
  TypesPackage *pkg = reg_get(d, e->pkgpath, NULL);
  uint8_t kind = r_byte(d);
  Object *o = types_new_object(c, kind <= OBJ_FUNC ? (ObjKind)kind : OBJ_BAD, pkg, e->name, NULL);
  o->color = 2;
  e->obj = o;
  if (!e->local && kind >= OBJ_CONST && kind <= OBJ_FUNC) {
    o->parent = pkg->scope;
    types_scope_insert(c, pkg->scope, o);
  }
  switch (kind) {
  case OBJ_CONST: {
    o->type = r_type(d, 0);
    size_t n;
    const char *v = r_str(d, &n);
    o->val = const_decode(c, v, n);
    break;
  }
  case OBJ_VAR:
    o->type = r_type(d, 0);
    break;
  case OBJ_FUNC: {
    Type *sig = new_sig(d);
    o->type = sig;
    r_tparams(d, pkg, &sig->u.sig.ntparams, &sig->u.sig.tparams);
    r_sig_into(d, sig, 0);
    r_body(d, pkg, o);
    break;
  }
  case OBJ_TYPENAME: {
    if (r_byte(d)) {
      o->is_alias = true;
      o->type = r_type(d, 0);
      break;
    }
    Type *t = types_new_named(c, o, NULL);
    r_tparams(d, pkg, &t->u.named.ntparams, &t->u.named.tparams);
    d->cur_def = t;
    Type *u = r_type(d, 0);
    d->cur_def = NULL;
    t->u.named.underlying = u ? u : invalid(d);
    uint32_t nm = count(d);
    for (uint32_t i = 0; i < nm && !d->bad; i++) {
      const char *name = r_str(d, NULL), *pp = r_str(d, NULL);
      Object *m = types_new_object(c, OBJ_FUNC, pp[0] ? reg_get(d, pp, NULL) : pkg, name, NULL);
      m->color = 2;
      Type *sig = new_sig(d);
      m->type = sig;
      types_named_add_method(c, t, m);
      r_tparams(d, pkg, &sig->u.sig.nrtparams, &sig->u.sig.rtparams);
      sig->u.sig.recv = r_var(d, 0);
      r_sig_into(d, sig, 0);
      r_body(d, pkg, m);
    }
    break;
  }
  default:
    d->bad = true;
    break;
  }
  if (!o->type) o->type = invalid(d);
  d->pos = save_pos;
  d->ninst = d->inst_base;
  d->inst_base = save_base;
  d->cur_def = save_def;
  return o;
}

/* Decompresses export data; returns a malloc'ed payload or NULL. */
static uint8_t *decompress(const uint8_t *data, size_t len, size_t *out_len, const char **err) {
  if (len < HEADER_LEN || memcmp(data, EXPORT_MAGIC, MAGIC_LEN) != 0) {
    *err = "not rog export data";
    return NULL;
  }
  if (data[MAGIC_LEN] != EXPORT_VERSION) {
    *err = "unsupported export data version";
    return NULL;
  }
  uint64_t n = 0;
  for (int i = 0; i < 8; i++)
    n |= (uint64_t)data[MAGIC_LEN + 1 + i] << (8 * i);
  unsigned long long fs = ZSTD_getFrameContentSize(data + HEADER_LEN, len - HEADER_LEN);
  if (fs == ZSTD_CONTENTSIZE_ERROR || fs == ZSTD_CONTENTSIZE_UNKNOWN || fs != n || n > (1ull << 32)) {
    *err = "corrupt export data";
    return NULL;
  }
  uint8_t *p = malloc(n ? n : 1);
  if (!p) abort();
  size_t z = ZSTD_decompress(p, n, data + HEADER_LEN, len - HEADER_LEN);
  if (ZSTD_isError(z) || z != n) {
    free(p);
    *err = "corrupt export data";
    return NULL;
  }
  *out_len = n;
  return p;
}

const void *types_ar_member(const void *bufp, size_t len, const char *name, size_t *mlen) {
  const char *buf = bufp;
  if (len < 8 || memcmp(buf, "!<arch>\n", 8) != 0) return NULL;
  size_t pos = 8, nl = strlen(name);
  while (pos + 60 <= len) {
    const char *h = buf + pos;
    char sz[11];
    memcpy(sz, h + 48, 10);
    sz[10] = 0;
    char *end;
    unsigned long long msize = strtoull(sz, &end, 10);
    if (end == sz || memcmp(h + 58, "`\n", 2) != 0 || msize > len - pos - 60) return NULL;
    /* names are "NAME/" (GNU) or "NAME" padded with spaces */
    if (nl <= 16 && memcmp(h, name, nl) == 0 && (nl == 16 || h[nl] == '/' || h[nl] == ' ')) {
      *mlen = (size_t)msize;
      return buf + pos + 60;
    }
    pos += 60 + (size_t)msize + (msize & 1);
  }
  return NULL;
}

TypesPackage *types_export_read(TypesCtx *c, TypesExportImporter *im, const uint8_t *data, size_t len,
                                const char **err) {
  if (len >= 8 && memcmp(data, "!<arch>\n", 8) == 0) {
    size_t mlen;
    const uint8_t *m = types_ar_member(data, len, "__.PKGDEF", &mlen);
    if (!m) {
      *err = "package archive without export data (__.PKGDEF)";
      return NULL;
    }
    data = m;
    len = mlen;
  }
  size_t n;
  uint8_t *p = decompress(data, len, &n, err);
  if (!p) return NULL;
  Dec d;
  memset(&d, 0, sizeof d);
  d.c = c;
  d.im = im;
  d.p = p;
  d.n = n;
  const char *path = r_str(&d, NULL), *name = r_str(&d, NULL);
  uint32_t nimp = count(&d);
  const char **imps = types_alloc(c, (nimp ? nimp : 1) * sizeof *imps);
  for (uint32_t i = 0; i < nimp && !d.bad; i++)
    imps[i] = r_str(&d, NULL);
  uint32_t npk = count(&d);
  for (uint32_t i = 0; i < npk && !d.bad; i++) {
    const char *pp = r_str(&d, NULL), *pn = r_str(&d, NULL);
    reg_get(&d, pp, pn);
  }
  d.nents = count(&d);
  d.ents = calloc(d.nents ? d.nents : 1, sizeof *d.ents);
  for (uint32_t i = 0; i < d.nents && !d.bad; i++) {
    d.ents[i].pkgpath = r_str(&d, NULL);
    d.ents[i].name = r_str(&d, NULL);
    d.ents[i].local = r_byte(&d) != 0;
    d.ents[i].off = r_uv(&d);
  }
  d.data_off = d.pos;
  TypesPackage *pkg = d.bad ? NULL : reg_get(&d, path, name);
  for (uint32_t i = 0; i < d.nents && !d.bad; i++) {
    Entry *e = &d.ents[i];
    if (strcmp(e->pkgpath, path) != 0 || e->local) continue;
    Object *o = types_scope_lookup_local(pkg->scope, e->name);
    if (o)
      e->obj = o;
    else
      decode_entry(&d, e);
  }
  if (pkg && !d.bad) {
    pkg->imports = types_alloc(c, (nimp ? nimp : 1) * sizeof *pkg->imports);
    for (uint32_t i = 0; i < nimp; i++)
      pkg->imports[i] = reg_get(&d, imps[i], NULL);
    pkg->nimports = nimp;
    pkg->complete = true;
  }
  free(d.ents);
  free(d.inst);
  free(p);
  if (d.bad) {
    *err = "corrupt export data";
    return NULL;
  }
  return pkg;
}

/* ---- the importer ------------------------------------------------------------------ */

int types_export_importer_add_file(TypesExportImporter *im, const char *path, const char *file) {
  for (uint32_t i = 0; i < im->nsrc; i++)
    if (!im->src[i].map_to && strcmp(im->src[i].path, path) == 0) {
      free(im->src[i].file);
      im->src[i].file = strdup(file);
      return 0;
    }
  TypesExportSource s = {strdup(path), strdup(file), NULL, 0, NULL};
  VEC_PUSH(im, im->src, im->nsrc, im->capsrc, s);
  return 0;
}

void types_export_importer_add_data(TypesExportImporter *im, const char *path, const uint8_t *data,
                                    size_t len) {
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) abort();
  memcpy(copy, data, len);
  TypesExportSource s = {strdup(path), NULL, copy, len, NULL};
  VEC_PUSH(im, im->src, im->nsrc, im->capsrc, s);
}

int types_export_importer_read_importcfg(TypesExportImporter *im, const char *cfgfile, char **err) {
  FILE *f = fopen(cfgfile, "r");
  if (!f) {
    *err = strdup("cannot open importcfg");
    return -1;
  }
  char line[8192];
  int lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
      line[--n] = 0;
    char *s = line;
    while (*s == ' ' || *s == '\t')
      s++;
    if (!*s || *s == '#') continue;
    bool pf = strncmp(s, "packagefile ", 12) == 0, imap = strncmp(s, "importmap ", 10) == 0;
    if (!pf && !imap) continue; /* packageshlib: no shared libraries in rog */
    char *kv = s + (pf ? 12 : 10), *eq = strchr(kv, '=');
    if (!eq || eq == kv) {
      char buf[64];
      snprintf(buf, sizeof buf, "importcfg:%d: invalid %s", lineno, pf ? "packagefile" : "importmap");
      *err = strdup(buf);
      fclose(f);
      return -1;
    }
    *eq = 0;
    if (pf)
      types_export_importer_add_file(im, kv, eq + 1);
    else
      types_export_importer_add_map(im, kv, eq + 1);
  }
  fclose(f);
  return 0;
}

uint8_t *types_read_file(const char *file, size_t *len) {
  FILE *f = fopen(file, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, r;
  uint8_t *b = malloc(cap);
  if (!b) abort();
  while ((r = fread(b + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      cap *= 2;
      b = realloc(b, cap);
      if (!b) abort();
    }
  }
  fclose(f);
  *len = n;
  return b;
}

void types_export_importer_add_map(TypesExportImporter *im, const char *from, const char *to) {
  TypesExportSource s = {strdup(from), NULL, NULL, 0, strdup(to)};
  VEC_PUSH(im, im->src, im->nsrc, im->capsrc, s);
}

TypesPackage *types_export_import(void *ctx, TypesCtx *tc, const char *path, const char **err) {
  TypesExportImporter *im = ctx;
  for (uint32_t i = 0; i < im->nsrc; i++)
    if (im->src[i].map_to && strcmp(im->src[i].path, path) == 0) {
      path = im->src[i].map_to;
      break;
    }
  if (strcmp(path, "unsafe") == 0) return types_unsafe_package(tc);
  TypesPackage *p = reg_find(im, path);
  if (p && p->complete) return p;
  for (uint32_t i = 0; i < im->nsrc; i++) {
    TypesExportSource *s = &im->src[i];
    if (s->map_to || strcmp(s->path, path) != 0) continue;
    if (s->data) return types_export_read(tc, im, s->data, s->len, err);
    size_t len;
    uint8_t *buf = types_read_file(s->file, &len);
    if (!buf) {
      *err = "cannot read export data file";
      return NULL;
    }
    p = types_export_read(tc, im, buf, len, err);
    free(buf);
    return p;
  }
  *err = "package not in importcfg";
  return NULL;
}

void types_export_importer_free(TypesExportImporter *im) {
  for (uint32_t i = 0; i < im->nsrc; i++) {
    free(im->src[i].path);
    free(im->src[i].file);
    free(im->src[i].data);
    free(im->src[i].map_to);
  }
  free(im->src);
  free(im->pkgs);
  memset(im, 0, sizeof *im);
}
