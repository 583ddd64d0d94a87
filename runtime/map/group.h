/*
 * runtime/map/group.h: control-byte groups of the Swiss table (map.c).
 *
 * A group is 16 control bytes followed by 16 slots. A control byte is
 *   0x00           EMPTY    never used since the last rehash/clear
 *   0x01           DELETED  tombstone: a probe must continue past it
 *   0x80 | h2      FULL     h2 = the low 7 bits of the key's hash
 * EMPTY is 0 so freshly allocated (zeroed) memory is an empty table, and
 * "free" (EMPTY or DELETED) is exactly "high bit clear".
 *
 * The functions below compare all 16 bytes of a group at once and return a
 * bit set of matching slots (map_bitmask): SSE2 (pcmpeqb + pmovmskb, one
 * bit per slot) on amd64, NEON (cmeq + shrn narrowing, one bit out of each
 * 4 per slot) on arm64, and a plain byte loop elsewhere. The portable
 * versions are always compiled so tests can check the SIMD ones against
 * them. Walk a mask with bitmask_first / bitmask_drop_first.
 *
 * Rejected: 8-slot groups with 64-bit SWAR on every target (half the slots
 * per probe on amd64/arm64, and SWAR's borrow false positives need an extra
 * check); unaligned probe windows as in Abseil (needs the cloned control
 * tail and makes tombstone rules subtler, for no gain at 7/8 load).
 */
#ifndef ROG_MAP_GROUP_H
#define ROG_MAP_GROUP_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define MAP_GROUP_SSE2 1
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#define MAP_GROUP_NEON 1
#endif

#define MAP_GROUP_SLOTS 16
#define MAP_CTRL_EMPTY 0x00
#define MAP_CTRL_DELETED 0x01
#define MAP_CTRL_FULL 0x80

typedef uint64_t map_bitmask;

/* Bits per slot in a SIMD mask, as a shift: slot i is bit (i << shift). */
#if defined(MAP_GROUP_NEON)
#define MAP_BITMASK_SHIFT 2
#else
#define MAP_BITMASK_SHIFT 0
#endif

static inline unsigned bitmask_first(map_bitmask m) {
  return (unsigned)__builtin_ctzll(m) >> MAP_BITMASK_SHIFT;
}
static inline map_bitmask bitmask_drop_first(map_bitmask m) {
  return m & (m - 1);
}

/* Portable versions: one bit per slot (shift 0). */
static inline map_bitmask group_portable_match(const uint8_t *ctrl, uint8_t c) {
  map_bitmask m = 0;
  for (unsigned i = 0; i < MAP_GROUP_SLOTS; i++)
    m |= (map_bitmask)(ctrl[i] == c) << i;
  return m;
}
static inline map_bitmask group_portable_match_free(const uint8_t *ctrl) {
  map_bitmask m = 0;
  for (unsigned i = 0; i < MAP_GROUP_SLOTS; i++)
    m |= (map_bitmask)((ctrl[i] & 0x80) == 0) << i;
  return m;
}
static inline map_bitmask group_portable_match_full(const uint8_t *ctrl) {
  return ~group_portable_match_free(ctrl) & 0xffff;
}

#if defined(MAP_GROUP_SSE2)
static inline map_bitmask group_match(const uint8_t *ctrl, uint8_t c) {
  __m128i g = _mm_loadu_si128((const __m128i *)ctrl);
  return (map_bitmask)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(g, _mm_set1_epi8((char)c)));
}
static inline map_bitmask group_match_free(const uint8_t *ctrl) {
  __m128i g = _mm_loadu_si128((const __m128i *)ctrl);
  return (map_bitmask)(~(unsigned)_mm_movemask_epi8(g) & 0xffff);
}
static inline map_bitmask group_match_full(const uint8_t *ctrl) {
  __m128i g = _mm_loadu_si128((const __m128i *)ctrl);
  return (map_bitmask)(unsigned)_mm_movemask_epi8(g);
}
#elif defined(MAP_GROUP_NEON)
/* Narrow 16 byte lanes of 0x00/0xff to 16 nibbles, keep one bit of each. */
static inline map_bitmask group_neon_mask(uint8x16_t eq) {
  uint8x8_t n = vshrn_n_u16(vreinterpretq_u16_u8(eq), 4);
  return vget_lane_u64(vreinterpret_u64_u8(n), 0) & 0x8888888888888888ull;
}
static inline map_bitmask group_match(const uint8_t *ctrl, uint8_t c) {
  return group_neon_mask(vceqq_u8(vld1q_u8(ctrl), vdupq_n_u8(c)));
}
static inline map_bitmask group_match_free(const uint8_t *ctrl) {
  return group_neon_mask(vcltq_u8(vld1q_u8(ctrl), vdupq_n_u8(0x80)));
}
static inline map_bitmask group_match_full(const uint8_t *ctrl) {
  return group_neon_mask(vcgeq_u8(vld1q_u8(ctrl), vdupq_n_u8(0x80)));
}
#else
static inline map_bitmask group_match(const uint8_t *ctrl, uint8_t c) {
  return group_portable_match(ctrl, c);
}
static inline map_bitmask group_match_free(const uint8_t *ctrl) {
  return group_portable_match_free(ctrl);
}
static inline map_bitmask group_match_full(const uint8_t *ctrl) {
  return group_portable_match_full(ctrl);
}
#endif

/* EMPTY slots: a lookup stops at a group that has one. */
static inline map_bitmask group_match_empty(const uint8_t *ctrl) {
  return group_match(ctrl, MAP_CTRL_EMPTY);
}

#endif
