#ifndef CKAOHE_SIMD_H
#define CKAOHE_SIMD_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU and its operating system run AVX2 (asked once), else 0.
int kaohe_has_avx2(void);

/// Checks `count` bytes at `bytes` as UTF-8 with the CPU's vector instructions (AVX2):
/// 1 when they are all valid UTF-8 (strict: no overlong forms, no surrogates, nothing above
/// U+10FFFF, no sequence cut short at the end), 0 when not, and -1 when this CPU (or this
/// build) has no such instructions, so that the caller checks them itself. `has_nul` is set
/// to 1 when a byte is 0 (otherwise 0), when the answer is not -1.
int kaohe_utf8_check(const uint8_t *bytes, size_t count, int *has_nul);

/// `kaohe_utf8_check`, which also counts the quote characters (`"`) among the bytes into
/// `quotes` when the answer is not -1 (a CSV reader learns in the same pass whether a block
/// holds any quoted field).
int kaohe_utf8_check_counting_quotes(const uint8_t *bytes, size_t count, int *has_nul, size_t *quotes);

/// Marks where `bytes` holds `delimiter`, LF or CR: bit `i % 64` of `stops[i / 64]` is set when
/// `bytes[i]` is one, for `i < count`; the bits past `count` in the last word are 0. Fills
/// `(count + 63) / 64` words and returns 1, or returns 0 (filling nothing) when this CPU (or
/// this build) has no vector instructions for it.
int kaohe_stop_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops);

/// `kaohe_stop_bits` for at most 4,096 bytes, with two more sets of bits in the same pass:
/// `line_ends` marks LF and CR; `trouble` marks where a field needs care: a byte just after a
/// stop that leads a field the quick way cannot take (a quote, a space, a TAB unless it is the
/// delimiter) or a space to trim (the C2 of a no-break space C2 A0, the E3 of an ideographic
/// space E3 80 80), and a byte that is not a stop, just before a stop, that ends a space to
/// trim (a space, a TAB, the A0 of C2 A0, the last 80 of E3 80 80). Bytes outside the
/// `count` given are taken as none of these: a byte at offset 0 is not marked as just after a
/// stop, nor the last byte as just before one, and a space cut by either end is not seen.
/// Returns 1, or 0 (filling nothing) when this CPU (or this build) has no vector instructions
/// for it, or `count` is over 4,096.
int kaohe_field_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops, uint64_t *line_ends,
                     uint64_t *trouble);

#endif
