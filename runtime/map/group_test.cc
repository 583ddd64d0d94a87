// runtime/map/group_test.cc: the SIMD control-byte matchers of group.h
// (SSE2 on amd64, NEON on arm64) against the portable byte loops, over
// random and edge-case groups.
#include "runtime/map/group.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace {

// Normalize a mask to one bit per slot (NEON uses one bit of each nibble).
uint32_t slots(map_bitmask m) {
  uint32_t out = 0;
  for (; m; m = bitmask_drop_first(m))
    out |= 1u << bitmask_first(m);
  return out;
}

TEST(Group, SimdMatchesPortable) {
  std::mt19937 rng(7);
  const uint8_t interesting[] = {MAP_CTRL_EMPTY, MAP_CTRL_DELETED, 0x80, 0x81, 0xfe, 0xff, 0x7f};
  for (int trial = 0; trial < 20000; trial++) {
    alignas(16) uint8_t ctrl[MAP_GROUP_SLOTS];
    for (auto &c : ctrl)
      c = trial % 2 ? interesting[rng() % sizeof interesting] : (uint8_t)rng();
    uint8_t h2 = (uint8_t)(MAP_CTRL_FULL | (rng() & 0x7f));
    if (trial % 3 == 0) ctrl[rng() % MAP_GROUP_SLOTS] = h2;
    ASSERT_EQ(slots(group_match(ctrl, h2)), (uint32_t)group_portable_match(ctrl, h2));
    ASSERT_EQ(slots(group_match_empty(ctrl)), (uint32_t)group_portable_match(ctrl, MAP_CTRL_EMPTY));
    ASSERT_EQ(slots(group_match_free(ctrl)), (uint32_t)group_portable_match_free(ctrl));
    ASSERT_EQ(slots(group_match_full(ctrl)), (uint32_t)group_portable_match_full(ctrl));
  }
}

TEST(Group, PortableEdgeCases) {
  uint8_t ctrl[MAP_GROUP_SLOTS] = {};
  EXPECT_EQ(group_portable_match_free(ctrl), 0xffffu);
  EXPECT_EQ(group_portable_match_full(ctrl), 0u);
  ctrl[0] = 0x80;
  ctrl[15] = 0x85;
  ctrl[7] = MAP_CTRL_DELETED;
  EXPECT_EQ(group_portable_match(ctrl, 0x85), 1u << 15);
  EXPECT_EQ(group_portable_match_full(ctrl), (1u << 15) | 1u);
  EXPECT_EQ(group_portable_match(ctrl, MAP_CTRL_EMPTY), 0xffffu & ~((1u << 15) | 1u | (1u << 7)));
  EXPECT_EQ(bitmask_first(group_match(ctrl, 0x85)), 15u);
}

} // namespace
