/*
 * pprof2prof.c: `rog tool pprof2prof [-sample-index N] -o OUT.prof IN.pprof`
 *
 * Converts a Go CPU profile (pprof's profile.proto, gzip-compressed as
 * runtime/pprof and `go test -cpuprofile` write it, or raw) into an LLVM
 * sample profile in LLVM's text format, which `rog tool link
 * -pgo-sample-use` (lto.c, opt-19's pgo-sample-use-pipeline) reads. This is
 * how a gc user's `default.pgo` drives rog's PGO: rules_rog converts it
 * once per configuration.
 *
 * Reading: gzip through zlib (inflateInit2 with automatic gzip/zlib
 * detection; an input that is not compressed is read as is); protobuf by
 * hand: only the wire format (varints, 64/32-bit fixed, length-delimited)
 * and the fields used here are decoded, every other field is skipped by
 * wire type, and every length is checked against the buffer, so a corrupt
 * file gives "pprof2prof: FILE: ..." and exit status 1, never a crash.
 *   Profile:  1 sample_type (ValueType), 2 sample, 4 location, 5 function,
 *             6 string_table
 *   ValueType: 1 type (string index)
 *   Sample:   1 location_id (repeated, packed or not; leaf first),
 *             2 value (repeated, packed or not)
 *   Location: 1 id, 4 line (repeated Line: 1 function_id, 2 line; the
 *             innermost inlined frame first)
 *   Function: 1 id, 2 name (string index), 5 start_line
 * The value used is the one whose sample type is "samples" (CPU profiles:
 * samples/count, cpu/nanoseconds), or -sample-index N.
 *
 * Mapping to rog's code: rog emits gc's symbol names (main.fib,
 * main.(*T).M, ...) and DWARF subprograms at the `func` line; LLVM sample
 * profiles key body samples by (line - subprogram line). pprof's
 * Function.start_line is that line, but gc before 1.20 (so gc 1.19, the
 * baseline) writes 0 there. So the tool also reads the program's package
 * archives (`-a FILE`, archives from `rog tool compile -lto`): each
 * function's DISubprogram line in the _go_.bc members gives its start line
 * by rog's own symbol name, which is exact where gc's numbers are absent.
 * A frame whose function has no start line from either source is skipped
 * (and counted in a note on stderr). The profile is flat: every frame of a stack,
 * inlined by gc or not, is attributed to its own function (rog inlines
 * differently from gc, so gc's inline tree says nothing about rog's). For
 * one sample:
 *   - the leaf frame's line gets the sample's count as body samples;
 *   - each caller frame's line gets it too (the call was in progress) and
 *     a call target entry naming the callee (LLVM uses these for call
 *     graph hotness and indirect call promotion);
 *   - a (function, line, callee) seen twice in one stack (recursion) is
 *     counted once.
 * Head samples (function entry counts) are not in a CPU profile; they are
 * written as 0 and LLVM infers entry counts from the body.
 * Output: functions sorted by name, lines by offset, so equal inputs give
 * equal bytes (Bazel caches the conversion).
 * Rejected: the binary or extended-binary sample format (smaller, but the
 * text format is what a person can read and diff in a test); LLVM's
 * llvm-profgen (it wants perf data from this very binary, not a Go
 * profile).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>

#include "compiler/types/types.h"

#include "compiler/driver/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/strvec.h"

typedef struct Buf {
  const uint8_t *p, *end;
} Buf;

/* Returns false on a truncated or overlong varint. */
static bool get_varint(Buf *b, uint64_t *v) {
  uint64_t x = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (b->p >= b->end) return false;
    uint8_t c = *b->p++;
    x |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *v = x;
      return true;
    }
  }
  return false;
}

/* One field: its number, wire type, and value (varint/fixed) or bytes. */
typedef struct Field {
  uint64_t num;
  int wt;
  uint64_t v;
  Buf bytes;
} Field;

static bool get_field(Buf *b, Field *f) {
  uint64_t key;
  if (!get_varint(b, &key)) return false;
  f->num = key >> 3;
  f->wt = (int)(key & 7);
  switch (f->wt) {
  case 0:
    return get_varint(b, &f->v);
  case 1:
  case 5: {
    size_t n = f->wt == 1 ? 8 : 4;
    if ((size_t)(b->end - b->p) < n) return false;
    f->v = 0;
    for (size_t i = 0; i < n; i++)
      f->v |= (uint64_t)b->p[i] << (8 * i);
    b->p += n;
    return true;
  }
  case 2: {
    uint64_t n;
    if (!get_varint(b, &n) || n > (uint64_t)(b->end - b->p)) return false;
    f->bytes = (Buf){b->p, b->p + n};
    b->p += n;
    return true;
  }
  default:
    return false; /* groups (3, 4) are not used by profile.proto */
  }
}

/* Appends a repeated integer field (packed or not) to a vector. */
typedef struct U64s {
  uint64_t *v;
  size_t n, cap;
} U64s;

static void u64_push(U64s *a, uint64_t x) {
  if (a->n == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 8;
    a->v = realloc(a->v, a->cap * sizeof *a->v);
    if (!a->v) abort();
  }
  a->v[a->n++] = x;
}

static bool get_repeated(const Field *f, U64s *out) {
  if (f->wt == 0) {
    u64_push(out, f->v);
    return true;
  }
  if (f->wt != 2) return false;
  Buf b = f->bytes;
  while (b.p < b.end) {
    uint64_t x;
    if (!get_varint(&b, &x)) return false;
    u64_push(out, x);
  }
  return true;
}

typedef struct Func {
  uint64_t id;
  uint64_t name; /* string index */
  int64_t start_line;
} Func;

typedef struct Line {
  uint64_t func_id;
  int64_t line;
} Line;

typedef struct Loc {
  uint64_t id;
  size_t first, n; /* into Profile.lines */
} Loc;

typedef struct Sample {
  size_t first, n;   /* into Profile.loc_ids */
  size_t vfirst, vn; /* into Profile.values */
} Sample;

typedef struct Profile {
  Buf *strings;
  size_t nstrings, capstrings;
  U64s sample_types; /* string index of each ValueType.type */
  Func *funcs;
  size_t nfuncs, capfuncs;
  Line *lines;
  size_t nlines, caplines;
  Loc *locs;
  size_t nlocs, caplocs;
  Sample *samples;
  size_t nsamples, capsamples;
  U64s loc_ids, values;
} Profile;

#define GROW(arr, n, cap)                                                                                    \
  do {                                                                                                       \
    if ((n) == (cap)) {                                                                                      \
      (cap) = (cap) ? 2 * (cap) : 16;                                                                        \
      (arr) = realloc((arr), (cap) * sizeof *(arr));                                                         \
      if (!(arr)) abort();                                                                                   \
    }                                                                                                        \
  } while (0)

static bool parse_function(Profile *p, Buf b) {
  Func fn = {0};
  Field f;
  while (b.p < b.end) {
    if (!get_field(&b, &f)) return false;
    if (f.num == 1 && f.wt == 0) fn.id = f.v;
    if (f.num == 2 && f.wt == 0) fn.name = f.v;
    if (f.num == 5 && f.wt == 0) fn.start_line = (int64_t)f.v;
  }
  GROW(p->funcs, p->nfuncs, p->capfuncs);
  p->funcs[p->nfuncs++] = fn;
  return true;
}

static bool parse_location(Profile *p, Buf b) {
  Loc loc = {0, p->nlines, 0};
  Field f;
  while (b.p < b.end) {
    if (!get_field(&b, &f)) return false;
    if (f.num == 1 && f.wt == 0) loc.id = f.v;
    if (f.num == 4 && f.wt == 2) {
      Line ln = {0, 0};
      Buf lb = f.bytes;
      Field g;
      while (lb.p < lb.end) {
        if (!get_field(&lb, &g)) return false;
        if (g.num == 1 && g.wt == 0) ln.func_id = g.v;
        if (g.num == 2 && g.wt == 0) ln.line = (int64_t)g.v;
      }
      GROW(p->lines, p->nlines, p->caplines);
      p->lines[p->nlines++] = ln;
      loc.n++;
    }
  }
  GROW(p->locs, p->nlocs, p->caplocs);
  p->locs[p->nlocs++] = loc;
  return true;
}

static bool parse_sample(Profile *p, Buf b) {
  Sample s = {p->loc_ids.n, 0, p->values.n, 0};
  Field f;
  while (b.p < b.end) {
    if (!get_field(&b, &f)) return false;
    if (f.num == 1 && !get_repeated(&f, &p->loc_ids)) return false;
    if (f.num == 2 && !get_repeated(&f, &p->values)) return false;
  }
  s.n = p->loc_ids.n - s.first;
  s.vn = p->values.n - s.vfirst;
  GROW(p->samples, p->nsamples, p->capsamples);
  p->samples[p->nsamples++] = s;
  return true;
}

static bool parse_profile(Profile *p, Buf b) {
  Field f;
  while (b.p < b.end) {
    if (!get_field(&b, &f)) return false;
    bool ok = true;
    if (f.wt == 2) switch (f.num) {
      case 1: {
        Buf vb = f.bytes;
        Field g;
        uint64_t type = 0;
        while (vb.p < vb.end && ok) {
          ok = get_field(&vb, &g);
          if (ok && g.num == 1 && g.wt == 0) type = g.v;
        }
        u64_push(&p->sample_types, type);
        break;
      }
      case 2:
        ok = parse_sample(p, f.bytes);
        break;
      case 4:
        ok = parse_location(p, f.bytes);
        break;
      case 5:
        ok = parse_function(p, f.bytes);
        break;
      case 6:
        GROW(p->strings, p->nstrings, p->capstrings);
        p->strings[p->nstrings++] = f.bytes;
        break;
      default:
        break;
      }
    if (!ok) return false;
  }
  return true;
}

static void profile_free(Profile *p) {
  free(p->strings);
  free(p->sample_types.v);
  free(p->funcs);
  free(p->lines);
  free(p->locs);
  free(p->samples);
  free(p->loc_ids.v);
  free(p->values.v);
}

static int cmp_func_id(const void *a, const void *b) {
  uint64_t x = ((const Func *)a)->id, y = ((const Func *)b)->id;
  return x < y ? -1 : x > y;
}
static int cmp_loc_id(const void *a, const void *b) {
  uint64_t x = ((const Loc *)a)->id, y = ((const Loc *)b)->id;
  return x < y ? -1 : x > y;
}

static const Func *find_func(const Profile *p, uint64_t id) {
  Func key = {id, 0, 0};
  return p->nfuncs ? bsearch(&key, p->funcs, p->nfuncs, sizeof key, cmp_func_id) : NULL;
}
static const Loc *find_loc(const Profile *p, uint64_t id) {
  Loc key = {id, 0, 0};
  return p->nlocs ? bsearch(&key, p->locs, p->nlocs, sizeof key, cmp_loc_id) : NULL;
}

/* gunzip (or zlib) data into a new buffer; NULL if it is not compressed
 * data or is corrupt. */
static uint8_t *inflate_all(const uint8_t *in, size_t len, size_t *outlen) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK) return NULL;
  size_t cap = len * 4 + 4096, n = 0;
  uint8_t *out = malloc(cap);
  if (!out) abort();
  z.next_in = (Bytef *)in;
  z.avail_in = (uInt)len;
  int r;
  do {
    if (n == cap) {
      cap *= 2;
      out = realloc(out, cap);
      if (!out) abort();
    }
    z.next_out = out + n;
    z.avail_out = (uInt)(cap - n);
    r = inflate(&z, Z_NO_FLUSH);
    n = cap - z.avail_out;
  } while (r == Z_OK);
  inflateEnd(&z);
  if (r != Z_STREAM_END) {
    free(out);
    return NULL;
  }
  *outlen = n;
  return out;
}

/* One aggregated record: body samples (callee NULL) or a call target. */
typedef struct Rec {
  const Buf *fn;
  int64_t off;
  const Buf *callee;
  uint64_t count;
} Rec;

static int cmp_buf(const Buf *a, const Buf *b) {
  size_t la = (size_t)(a->end - a->p), lb = (size_t)(b->end - b->p);
  int c = memcmp(a->p, b->p, la < lb ? la : lb);
  return c ? c : (la < lb ? -1 : la > lb);
}

static int cmp_rec(const void *a, const void *b) {
  const Rec *x = a, *y = b;
  int c = cmp_buf(x->fn, y->fn);
  if (c) return c;
  if (x->off != y->off) return x->off < y->off ? -1 : 1;
  if (!x->callee || !y->callee) return (x->callee != NULL) - (y->callee != NULL);
  return cmp_buf(x->callee, y->callee);
}

typedef struct Recs {
  Rec *v;
  size_t n, cap;
} Recs;

static void rec_push(Recs *r, Rec x) {
  GROW(r->v, r->n, r->cap);
  r->v[r->n++] = x;
}

/* A frame of one stack, leaf first. */
typedef struct Frame {
  const Buf *fn;
  int64_t off;
} Frame;

static bool valid_name(const Buf *b) {
  if (b->p == b->end) return false;
  for (const uint8_t *q = b->p; q < b->end; q++)
    if (*q <= ' ' || *q == ':' || *q >= 0x7f) return false; /* the text format's separators */
  return true;
}

/* Start lines by symbol name, from -a archives' bitcode; sorted by name. */
typedef struct Start {
  char *name;
  int64_t line;
} Start;

typedef struct Starts {
  Start *v;
  size_t n, cap;
} Starts;

static int cmp_start(const void *a, const void *b) {
  return strcmp(((const Start *)a)->name, ((const Start *)b)->name);
}

static int read_starts(const char *archive, Starts *st) {
  size_t len, bclen;
  char *buf = read_file(archive, &len);
  if (!buf) {
    fprintf(stderr, "pprof2prof: cannot read %s\n", archive);
    return -1;
  }
  const void *bc = types_ar_member(buf, len, AR_BITCODE_MEMBER, &bclen);
  if (!bc) {
    fprintf(stderr, "pprof2prof: %s: no bitcode (compile it with rog tool compile -lto)\n", archive);
    free(buf);
    return -1;
  }
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMMemoryBufferRef mb = LLVMCreateMemoryBufferWithMemoryRangeCopy(bc, bclen, archive);
  LLVMModuleRef m = NULL;
  int rc = 0;
  if (LLVMParseBitcodeInContext2(ctx, mb, &m)) {
    fprintf(stderr, "pprof2prof: %s: invalid bitcode\n", archive);
    rc = -1;
  }
  LLVMDisposeMemoryBuffer(mb);
  for (LLVMValueRef f = m ? LLVMGetFirstFunction(m) : NULL; f; f = LLVMGetNextFunction(f)) {
    LLVMMetadataRef sp = LLVMIsDeclaration(f) ? NULL : LLVMGetSubprogram(f);
    if (!sp) continue;
    size_t nlen;
    const char *name = LLVMGetValueName2(f, &nlen);
    GROW(st->v, st->n, st->cap);
    st->v[st->n].name = strndup(name, nlen);
    st->v[st->n++].line = LLVMDISubprogramGetLine(sp);
  }
  if (m) LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  free(buf);
  return rc;
}

static int64_t start_line(const Starts *st, const Buf *name) {
  if (st->n == 0) return 0;
  char *key = strndup((const char *)name->p, (size_t)(name->end - name->p));
  Start k = {key, 0};
  const Start *hit = bsearch(&k, st->v, st->n, sizeof k, cmp_start);
  free(key);
  return hit ? hit->line : 0;
}

static int convert(Profile *p, const Starts *starts, long index, FILE *out, const char *name) {
  size_t vi = 0;
  if (index >= 0)
    vi = (size_t)index;
  else
    for (size_t i = 0; i < p->sample_types.n; i++) {
      uint64_t s = p->sample_types.v[i];
      if (s < p->nstrings &&
          cmp_buf(&p->strings[s], &(Buf){(const uint8_t *)"samples", (const uint8_t *)"samples" + 7}) == 0)
        vi = i;
    }
  /* qsort's array may not be NULL, even when empty */
  if (p->nfuncs > 1) qsort(p->funcs, p->nfuncs, sizeof *p->funcs, cmp_func_id);
  if (p->nlocs > 1) qsort(p->locs, p->nlocs, sizeof *p->locs, cmp_loc_id);
  Recs recs = {0};
  Frame *frames = NULL;
  size_t nframes = 0, capframes = 0;
  size_t skipped = 0;
  for (size_t si = 0; si < p->nsamples; si++) {
    const Sample *s = &p->samples[si];
    if (vi >= s->vn) continue;
    int64_t count = (int64_t)p->values.v[s->vfirst + vi];
    if (count <= 0) continue;
    nframes = 0;
    for (size_t k = 0; k < s->n; k++) {
      const Loc *loc = find_loc(p, p->loc_ids.v[s->first + k]);
      if (!loc) continue;
      for (size_t j = 0; j < loc->n; j++) {
        const Line *ln = &p->lines[loc->first + j];
        const Func *fn = find_func(p, ln->func_id);
        if (!fn || fn->name >= p->nstrings || !valid_name(&p->strings[fn->name])) {
          skipped++;
          continue;
        }
        int64_t start = fn->start_line > 0 ? fn->start_line : start_line(starts, &p->strings[fn->name]);
        if (start <= 0 || ln->line < start) {
          skipped++;
          continue;
        }
        GROW(frames, nframes, capframes);
        frames[nframes++] = (Frame){&p->strings[fn->name], ln->line - start};
      }
    }
    for (size_t k = 0; k < nframes; k++) {
      const Buf *callee = k > 0 ? frames[k - 1].fn : NULL;
      bool seen = false; /* recursion: count each (fn, line, callee) once per stack */
      for (size_t j = 1; j < k && !seen && callee; j++) /* the leaf (k == 0) is never a repeat */
        seen = frames[j].off == frames[k].off && cmp_buf(frames[j].fn, frames[k].fn) == 0 &&
               cmp_buf(frames[j - 1].fn, callee) == 0;
      if (seen) continue;
      rec_push(&recs, (Rec){frames[k].fn, frames[k].off, NULL, (uint64_t)count});
      if (callee) rec_push(&recs, (Rec){frames[k].fn, frames[k].off, callee, (uint64_t)count});
    }
  }
  free(frames);
  if (recs.n > 1) qsort(recs.v, recs.n, sizeof *recs.v, cmp_rec);
  /* merge equal keys */
  size_t m = 0;
  for (size_t i = 0; i < recs.n; i++) {
    if (m > 0 && cmp_rec(&recs.v[m - 1], &recs.v[i]) == 0)
      recs.v[m - 1].count += recs.v[i].count;
    else
      recs.v[m++] = recs.v[i];
  }
  recs.n = m;
  /* print: per function its total, then each line with its call targets */
  size_t nfn = 0;
  for (size_t i = 0; i < recs.n;) {
    const Buf *fn = recs.v[i].fn;
    size_t end = i;
    uint64_t total = 0;
    while (end < recs.n && cmp_buf(recs.v[end].fn, fn) == 0) {
      if (!recs.v[end].callee) total += recs.v[end].count;
      end++;
    }
    fprintf(out, "%.*s:%llu:0\n", (int)(fn->end - fn->p), fn->p, (unsigned long long)total);
    for (size_t k = i; k < end; k++) {
      const Rec *r = &recs.v[k];
      if (r->callee) continue; /* printed with their line */
      fprintf(out, " %lld: %llu", (long long)r->off, (unsigned long long)r->count);
      for (size_t c = k + 1; c < end && recs.v[c].off == r->off && recs.v[c].callee; c++)
        fprintf(out, " %.*s:%llu", (int)(recs.v[c].callee->end - recs.v[c].callee->p), recs.v[c].callee->p,
                (unsigned long long)recs.v[c].count);
      fputc('\n', out);
    }
    nfn++;
    i = end;
  }
  free(recs.v);
  if (nfn == 0) {
    fprintf(stderr, "pprof2prof: %s: no samples with value index %zu\n", name, vi);
    return 1;
  }
  if (skipped)
    fprintf(stderr, "pprof2prof: %s: %zu frames without a usable function or line skipped\n", name, skipped);
  return 0;
}

static int usage(void) {
  fputs("usage: rog tool pprof2prof [-sample-index N] [-a package.a]... -o out.prof profile.pprof\n", stderr);
  return 2;
}

static int run(const char *in, const char *out, const Starts *starts, long index);

int driver_tool_pprof2prof(int argc, char **argv) {
  const char *out = NULL, *in = NULL;
  long index = -1;
  Starts starts = {0};
  int rc = 0;
  for (int i = 1; i < argc && rc == 0; i++) {
    if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
      out = argv[++i];
    else if (strcmp(argv[i], "-a") == 0 && i + 1 < argc) {
      if (read_starts(argv[++i], &starts) != 0) rc = 1;
    } else if (strcmp(argv[i], "-sample-index") == 0 && i + 1 < argc) {
      char *end;
      index = strtol(argv[++i], &end, 10);
      if (*end || index < 0) rc = 2;
    } else if (argv[i][0] == '-' || in)
      rc = 2;
    else
      in = argv[i];
  }
  if (rc == 0 && (!out || !in)) rc = 2;
  if (rc == 0 && starts.n > 1) qsort(starts.v, starts.n, sizeof *starts.v, cmp_start);
  if (rc == 0)
    rc = run(in, out, &starts, index);
  else if (rc == 2)
    usage();
  for (size_t i = 0; i < starts.n; i++)
    free(starts.v[i].name);
  free(starts.v);
  return rc;
}

static int run(const char *in, const char *out, const Starts *starts, long index) {
  size_t len;
  char *raw = read_file(in, &len);
  if (!raw) {
    fprintf(stderr, "pprof2prof: %s: %s\n", in, strerror(errno ? errno : EIO));
    return 1;
  }
  size_t plen = len;
  uint8_t *data = (uint8_t *)raw;
  uint8_t *inflated = NULL;
  if (len >= 2 && (uint8_t)raw[0] == 0x1f && (uint8_t)raw[1] == 0x8b) {
    inflated = inflate_all((const uint8_t *)raw, len, &plen);
    if (!inflated) {
      fprintf(stderr, "pprof2prof: %s: corrupt gzip data\n", in);
      free(raw);
      return 1;
    }
    data = inflated;
  }
  Profile p;
  memset(&p, 0, sizeof p);
  int rc = 0;
  if (!parse_profile(&p, (Buf){data, data + plen})) {
    fprintf(stderr, "pprof2prof: %s: not a pprof profile (malformed protobuf)\n", in);
    rc = 1;
  }
  if (rc == 0) {
    char *tmp = xasprintf("%s.tmp", out);
    FILE *f = fopen(tmp, "w");
    if (!f) {
      fprintf(stderr, "pprof2prof: cannot write %s\n", tmp);
      rc = 1;
    } else {
      rc = convert(&p, starts, index, f, in);
      if (fclose(f) != 0) rc = 1;
      if (rc == 0 && rename(tmp, out) != 0) {
        fprintf(stderr, "pprof2prof: cannot write %s\n", out);
        rc = 1;
      }
      if (rc != 0) remove(tmp);
    }
    free(tmp);
  }
  profile_free(&p);
  free(inflated);
  free(raw);
  return rc;
}
