/*
 * runtime/str: strings, print and slice growth (abi.h [print, str]). This
 * header adds what the rest of the runtime uses; generated code sees only
 * abi.h. Design notes at the top of print.c, string.c and slice.c.
 */
#ifndef ROG_STR_H
#define ROG_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rog/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Raw output through the print buffer (inside rog_printlock) or at once. */
void str_print_bytes(const void *p, size_t n);
void str_print_cstr(const char *s);
/* Forget a print statement this thread was inside (fatal paths). */
void str_print_reset(void);

/* gc's roundupsize: the bytes gc's allocator would hand out for a request
 * of `size` (gc 1.19's size classes up to 32 KiB, 8 KiB pages above), so
 * that cap() after append and []byte(s) matches gc. Returns size when
 * rounding would overflow. */
uintptr_t str_roundupsize(uintptr_t size);

/* UTF-8 (gc's encoderune/decoderune rules). */
#define STR_RUNE_ERROR 0xFFFD
int str_encoderune(uint8_t *p, int32_t r); /* writes 1..4 bytes; invalid -> U+FFFD */
int str_runelen(int32_t r);

/* gc's maxAlloc on 64-bit Linux: the largest allocation a slice may ask for. */
#define STR_MAX_ALLOC ((uintptr_t)1 << 48)

#ifdef __cplusplus
}
#endif
#endif
