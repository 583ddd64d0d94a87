/*
 * runtime/str/string.c: string operations (abi.h [print, str]).
 *
 * Representation: {ptr, len}; the bytes are immutable once a string exists.
 * The empty string may have any ptr (NULL here). Strings made here live in
 * the GC heap as pointer-free objects (rog_alloc with a NULL type).
 *
 * The stack buffer rule (gc's tmpBuf): when the compiler proves a result
 * does not escape it passes a 32-byte buffer from its own frame (`buf`);
 * a result that fits goes there, avoiding an allocation. For []byte(s)
 * and []rune(s) the slice then has cap 32, as with gc. Concatenation with
 * exactly one non-empty operand returns that operand (gc does too). gc
 * also checks that such an operand is not itself in a stack buffer; rog
 * needs no check: a string is stack-backed only when the compiler proved
 * it does not escape, and the concatenation's result is the operand, so
 * it escapes only if the operand does.
 *
 * Conversions to []byte and []rune allocate str_roundupsize(n) bytes and
 * report that as the capacity, so cap() agrees with gc.
 *
 * UTF-8 decoding follows gc's decoderune: a byte sequence that is not the
 * shortest encoding of a valid rune (overlong forms, surrogates
 * U+D800..U+DFFF, values above U+10FFFF, truncated sequences) decodes as
 * (U+FFFD, 1 byte). Encoding an invalid rune writes U+FFFD.
 *
 * Single-byte strings made by conversion ([]byte{x} -> string) point into
 * a static table of all 256 bytes (gc's staticuint64s idea): no allocation.
 */
#include <string.h>

#include "runtime/str/str.h"

#define TMPBUF 32

static const uint8_t single_bytes[256] = {
    0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14,  15,  16,  17,  18,  19,
    20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,
    40,  41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,  53,  54,  55,  56,  57,  58,  59,
    60,  61,  62,  63,  64,  65,  66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,
    80,  81,  82,  83,  84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,  97,  98,  99,
    100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
    140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
    160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179,
    180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199,
    200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219,
    220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
    240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
};

/* A fresh string's bytes: the caller's buffer when it fits, else the heap. */
static uint8_t *rawstring(uint8_t *buf, intptr_t n) {
  if (buf != NULL && n <= TMPBUF) return buf;
  return rog_alloc((size_t)n, NULL);
}

void rog_panic_runtime_error(const char *msg, bool plain);
void rog_fatal(const char *msg);

rog_string rog_concatstrings(uint8_t *buf, const rog_string *parts, intptr_t n) {
  intptr_t total = 0, count = 0, idx = 0;
  for (intptr_t i = 0; i < n; i++) {
    intptr_t l = parts[i].len;
    if (l == 0) continue;
    if (total + l < total) rog_fatal("string concatenation too long");
    total += l;
    count++;
    idx = i;
  }
  rog_string r = {NULL, 0};
  if (count == 0) return r;
  /* one operand: the result is that operand (see the top comment) */
  if (count == 1) return parts[idx];
  uint8_t *p = rawstring(buf, total);
  intptr_t off = 0;
  for (intptr_t i = 0; i < n; i++) {
    if (parts[i].len == 0) continue;
    memcpy(p + off, parts[i].ptr, (size_t)parts[i].len);
    off += parts[i].len;
  }
  r.ptr = p;
  r.len = total;
  return r;
}

intptr_t rog_cmpstring(const uint8_t *p1, intptr_t n1, const uint8_t *p2, intptr_t n2) {
  intptr_t n = n1 < n2 ? n1 : n2;
  if (n > 0 && p1 != p2) {
    int c = memcmp(p1, p2, (size_t)n);
    if (c != 0) return c < 0 ? -1 : 1;
  }
  return n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
}

rog_string rog_slicebytetostring(uint8_t *buf, const uint8_t *p, intptr_t n) {
  rog_string r = {NULL, 0};
  if (n <= 0) return r;
  if (n == 1) {
    r.ptr = &single_bytes[p[0]];
    r.len = 1;
    return r;
  }
  uint8_t *q = rawstring(buf, n);
  memcpy(q, p, (size_t)n);
  r.ptr = q;
  r.len = n;
  return r;
}

rog_slice rog_stringtoslicebyte(uint8_t *buf, const uint8_t *p, intptr_t n) {
  rog_slice r;
  if (buf != NULL && n <= TMPBUF) {
    memset(buf, 0, TMPBUF);
    r.ptr = buf;
    r.cap = TMPBUF;
  } else {
    uintptr_t cap = str_roundupsize((uintptr_t)n);
    r.ptr = rog_alloc(cap, NULL);
    r.cap = (intptr_t)cap;
  }
  if (n > 0) memcpy(r.ptr, p, (size_t)n);
  r.len = n;
  return r;
}

/* ------------------------------------------------------------------ UTF-8 */

int str_runelen(int32_t r) {
  if (r < 0) return 3;
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xD800 && r <= 0xDFFF) return 3; /* surrogate: U+FFFD */
  if (r < 0x10000) return 3;
  if (r <= 0x10FFFF) return 4;
  return 3;
}

int str_encoderune(uint8_t *p, int32_t r) {
  uint32_t c = (uint32_t)r;
  if (c < 0x80) {
    p[0] = (uint8_t)c;
    return 1;
  }
  if (c < 0x800) {
    p[0] = (uint8_t)(0xC0 | (c >> 6));
    p[1] = (uint8_t)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = STR_RUNE_ERROR;
  if (c < 0x10000) {
    p[0] = (uint8_t)(0xE0 | (c >> 12));
    p[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    p[2] = (uint8_t)(0x80 | (c & 0x3F));
    return 3;
  }
  p[0] = (uint8_t)(0xF0 | (c >> 18));
  p[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
  p[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
  p[3] = (uint8_t)(0x80 | (c & 0x3F));
  return 4;
}

rog_decoderune_result rog_decoderune(const uint8_t *p, intptr_t n, intptr_t k) {
  rog_decoderune_result bad = {STR_RUNE_ERROR, k + 1};
  if (k < 0 || k >= n) return bad;
  uint32_t c0 = p[k];
  intptr_t left = n - k;
  if (c0 < 0x80) {
    rog_decoderune_result r = {(int32_t)c0, k + 1};
    return r;
  }
  if (c0 >= 0xC2 && c0 <= 0xDF) { /* 2 bytes; C0, C1 would be overlong */
    if (left < 2 || (p[k + 1] & 0xC0) != 0x80) return bad;
    rog_decoderune_result r = {(int32_t)(((c0 & 0x1F) << 6) | (p[k + 1] & 0x3F)), k + 2};
    return r;
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    if (left < 3 || (p[k + 1] & 0xC0) != 0x80 || (p[k + 2] & 0xC0) != 0x80) return bad;
    uint32_t c = ((c0 & 0x0F) << 12) | ((uint32_t)(p[k + 1] & 0x3F) << 6) | (p[k + 2] & 0x3F);
    if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return bad; /* overlong or surrogate */
    rog_decoderune_result r = {(int32_t)c, k + 3};
    return r;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    if (left < 4 || (p[k + 1] & 0xC0) != 0x80 || (p[k + 2] & 0xC0) != 0x80 || (p[k + 3] & 0xC0) != 0x80)
      return bad;
    uint32_t c = ((c0 & 0x07) << 18) | ((uint32_t)(p[k + 1] & 0x3F) << 12) |
                 ((uint32_t)(p[k + 2] & 0x3F) << 6) | (p[k + 3] & 0x3F);
    if (c < 0x10000 || c > 0x10FFFF) return bad;
    rog_decoderune_result r = {(int32_t)c, k + 4};
    return r;
  }
  return bad;
}

rog_slice rog_stringtoslicerune(int32_t *buf, const uint8_t *p, intptr_t n) {
  intptr_t count = 0;
  for (intptr_t k = 0; k < n;) {
    if (p[k] < 0x80)
      k++;
    else
      k = rog_decoderune(p, n, k).k;
    count++;
  }
  rog_slice r;
  if (buf != NULL && count <= TMPBUF) {
    memset(buf, 0, TMPBUF * sizeof *buf);
    r.ptr = buf;
    r.cap = TMPBUF;
  } else {
    if ((uintptr_t)count > STR_MAX_ALLOC / 4) rog_panic_makeslice_len();
    uintptr_t mem = str_roundupsize((uintptr_t)count * 4);
    r.ptr = rog_alloc(mem, NULL);
    r.cap = (intptr_t)(mem / 4);
  }
  int32_t *out = r.ptr;
  intptr_t i = 0;
  for (intptr_t k = 0; k < n; i++) {
    if (p[k] < 0x80) {
      out[i] = p[k++];
    } else {
      rog_decoderune_result d = rog_decoderune(p, n, k);
      out[i] = d.r;
      k = d.k;
    }
  }
  r.len = count;
  return r;
}

rog_string rog_slicerunetostring(uint8_t *buf, const int32_t *p, intptr_t n) {
  intptr_t size = 0;
  for (intptr_t i = 0; i < n; i++)
    size += str_runelen(p[i]);
  rog_string r = {NULL, 0};
  if (size == 0) return r;
  uint8_t *q = rawstring(buf, size);
  intptr_t off = 0;
  for (intptr_t i = 0; i < n; i++)
    off += str_encoderune(q + off, p[i]);
  r.ptr = q;
  r.len = off;
  return r;
}

rog_string rog_intstring(uint8_t *buf, int64_t v) {
  uint8_t *q = buf != NULL ? buf : rog_alloc(4, NULL);
  int32_t r = (int64_t)(int32_t)v == v ? (int32_t)v : STR_RUNE_ERROR;
  rog_string s = {q, str_encoderune(q, r)};
  return s;
}
