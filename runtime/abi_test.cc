// abi_test: the layouts in rog/abi.h match gc 1.19's runtime structures and
// the offsets the compiler's IR passes hard-code. A change to abi.h that
// breaks either side fails here first.
#include <cstddef>
#include <cstdint>

#include "rog/abi.h"
#include "gtest/gtest.h"

namespace {

TEST(AbiLayout, BasicValues) {
  EXPECT_EQ(sizeof(rog_string), 16u);
  EXPECT_EQ(sizeof(rog_slice), 24u);
  EXPECT_EQ(sizeof(rog_iface), 16u);
  EXPECT_EQ(offsetof(rog_slice, cap), 16u);
  EXPECT_EQ(offsetof(rog_iface, data), 8u);
}

// runtime._type in gc 1.19 (runtime/type.go): size, ptrdata uintptr; hash
// uint32; tflag, align, fieldAlign, kind uint8; equal func; gcdata *byte;
// str nameOff; ptrToThis typeOff.
TEST(AbiLayout, TypeDescriptorMatchesGc119) {
  EXPECT_EQ(offsetof(rog_type, size), 0u);
  EXPECT_EQ(offsetof(rog_type, ptrdata), 8u);
  EXPECT_EQ(offsetof(rog_type, hash), 16u);
  EXPECT_EQ(offsetof(rog_type, tflag), 20u);
  EXPECT_EQ(offsetof(rog_type, align), 21u);
  EXPECT_EQ(offsetof(rog_type, field_align), 22u);
  EXPECT_EQ(offsetof(rog_type, kind), 23u);
  EXPECT_EQ(offsetof(rog_type, equal), 24u);
  EXPECT_EQ(offsetof(rog_type, gcdata), 32u);
  EXPECT_EQ(offsetof(rog_type, str), 40u);
  EXPECT_EQ(offsetof(rog_type, ptr_to_this), 44u);
  EXPECT_EQ(sizeof(rog_type), 48u);
}

// runtime.itab: inter, _type, hash uint32, _ [4]byte, fun [1]uintptr.
TEST(AbiLayout, ItabMatchesGc119) {
  EXPECT_EQ(offsetof(rog_itab, inter), 0u);
  EXPECT_EQ(offsetof(rog_itab, type), 8u);
  EXPECT_EQ(offsetof(rog_itab, hash), 16u);
  EXPECT_EQ(offsetof(rog_itab, fun), 24u);
}

// The kind-specific descriptors of gc 1.19's runtime/type.go, each starting
// with the 48-byte _type.
TEST(AbiLayout, KindDescriptorsMatchGc119) {
  EXPECT_EQ(sizeof(rog_uncommon), 16u);
  EXPECT_EQ(offsetof(rog_uncommon, moff), 8u);
  EXPECT_EQ(sizeof(rog_method), 16u);
  EXPECT_EQ(sizeof(rog_imethod), 8u);
  EXPECT_EQ(offsetof(rog_interfacetype, pkgpath), 48u);
  EXPECT_EQ(offsetof(rog_interfacetype, mhdr), 56u);
  EXPECT_EQ(sizeof(rog_interfacetype), 80u);
  EXPECT_EQ(offsetof(rog_maptype, key), 48u);
  EXPECT_EQ(offsetof(rog_maptype, bucket), 64u);
  EXPECT_EQ(offsetof(rog_maptype, hasher), 72u);
  EXPECT_EQ(offsetof(rog_maptype, keysize), 80u);
  EXPECT_EQ(offsetof(rog_maptype, bucketsize), 82u);
  EXPECT_EQ(offsetof(rog_maptype, flags), 84u);
  EXPECT_EQ(sizeof(rog_maptype), 88u);
  EXPECT_EQ(offsetof(rog_arraytype, len), 64u);
  EXPECT_EQ(sizeof(rog_chantype), 64u);
  EXPECT_EQ(sizeof(rog_slicetype), 56u);
  EXPECT_EQ(sizeof(rog_ptrtype), 56u);
  EXPECT_EQ(offsetof(rog_functype, out_count), 50u);
  EXPECT_EQ(sizeof(rog_functype), 56u); /* padded: in/out types follow at +56 */
  EXPECT_EQ(sizeof(rog_structfield), 24u);
  EXPECT_EQ(offsetof(rog_structtype, fields), 56u);
  EXPECT_EQ(sizeof(rog_structtype), 80u);
}

TEST(AbiLayout, KindNumberingMatchesReflect) {
  // reflect.Kind: Bool=1 ... UnsafePointer=26; kindMask is 31.
  EXPECT_EQ(ROG_KIND_BOOL, 1);
  EXPECT_EQ(ROG_KIND_STRING, 24);
  EXPECT_EQ(ROG_KIND_UNSAFE_POINTER, 26);
  EXPECT_EQ(ROG_KIND_MASK, 31u);
  EXPECT_EQ(ROG_KIND_DIRECT_IFACE, 32u);
  EXPECT_EQ(ROG_KIND_GC_PROG, 64u);
}

// The IR passes load these offsets from the TLS block directly.
TEST(AbiLayout, TlsBlockOffsets) {
  EXPECT_EQ(offsetof(rog_tls_block, stack_guard), size_t{ROG_TLS_STACK_GUARD_OFFSET});
  EXPECT_EQ(offsetof(rog_tls_block, preempt), size_t{ROG_TLS_PREEMPT_OFFSET});
  EXPECT_EQ(offsetof(rog_tls_block, g), size_t{ROG_TLS_G_OFFSET});
}

TEST(AbiLayout, BuiltForTheExpectedArchitecture) {
#if defined(__x86_64__)
  const char *arch = "amd64";
#elif defined(__aarch64__)
  const char *arch = "arm64";
#else
  const char *arch = "unknown";
#endif
  EXPECT_STRNE(arch, "unknown");
  EXPECT_EQ(sizeof(void *), size_t{ROG_PTRSIZE});
  RecordProperty("arch", arch);
  printf("abi_test running on %s\n", arch);
}

} // namespace
