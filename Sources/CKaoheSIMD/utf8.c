// UTF-8 validation with AVX2, after the "lookup" algorithm of John Keiser and Daniel Lemire
// ("Validating UTF-8 In Less Than One Instruction Per Byte", Software: Practice and
// Experience 51(5), 2021), written anew for kaohe.
//
// Why C: Swift's SIMD types have no byte shuffle (vpshufb), which the algorithm is built on,
// and no package in the mirror validates UTF-8 with vector instructions. A province's ledgers
// are 260 MB, more than half of their bytes Chinese: the scalar check in Swift
// (KaoheIO/Text/UTF8Validation.swift) took about 5 % of a score's CPU; this takes a tenth of
// that. The Swift check stays the reference (the tests compare the two on many inputs) and
// the fallback on CPUs without AVX2.
//
// Each byte is checked together with the three before it: three table lookups (by the high
// and low nibble of the previous byte, by the high nibble of this one) give the set of
// errors the pair may show; their AND is the set it shows. What one pair cannot see (a third
// or fourth byte of a sequence that should be a continuation) is checked from the bytes two
// and three back. The last bytes must not begin a sequence that the input cuts short.

#include "CKaoheSIMD.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define TOO_SHORT (1 << 0)      // a lead byte not followed by enough continuations
#define TOO_LONG (1 << 1)       // a continuation after ASCII
#define OVERLONG_3 (1 << 2)     // E0 followed by 80..9F
#define TOO_LARGE (1 << 3)      // F4 followed by 90..BF, or F5..FF
#define SURROGATE (1 << 4)      // ED followed by A0..BF
#define OVERLONG_2 (1 << 5)     // C0, C1
#define TOO_LARGE_1000 (1 << 6) // F5..FF followed by 80..8F
#define OVERLONG_4 (1 << 6)     // F0 followed by 80..8F
#define TWO_CONTS (1 << 7)      // a continuation after a continuation (allowed only in 3- and 4-byte forms)
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

#define TARGET __attribute__((target("avx2,popcnt")))

// Both 128-bit lanes hold the same 16-entry table (vpshufb looks up within a lane).
#define C8(x) ((char)(unsigned char)(x))
#define TABLE16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
    _mm256_setr_epi8(C8(a), C8(b), C8(c), C8(d), C8(e), C8(f), C8(g), C8(h), C8(i), C8(j), C8(k), C8(l), C8(m), C8(n), C8(o), C8(p), \
                     C8(a), C8(b), C8(c), C8(d), C8(e), C8(f), C8(g), C8(h), C8(i), C8(j), C8(k), C8(l), C8(m), C8(n), C8(o), C8(p))

// The 32 bytes ending N bytes before the end of `input`: the last N bytes of `prev`, then
// `input` less its last N bytes.
#define PREV(input, prev, N) _mm256_alignr_epi8((input), _mm256_permute2x128_si256((prev), (input), 0x21), 16 - (N))

TARGET static inline __m256i high_nibbles(__m256i x) {
    return _mm256_and_si256(_mm256_srli_epi16(x, 4), _mm256_set1_epi8(0x0F));
}

TARGET static inline __m256i special_cases(__m256i input, __m256i prev1) {
    const __m256i byte_1_high_table = TABLE16(
        // 0_______: ASCII
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        // 10______: continuation
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        // 1100____: two-byte lead (C0, C1 overlong)
        TOO_SHORT | OVERLONG_2,
        // 1101____: two-byte lead
        TOO_SHORT,
        // 1110____: three-byte lead
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        // 1111____: four-byte lead
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m256i byte_1_low_table = TABLE16(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,  // ____0000
        CARRY | OVERLONG_2,                            // ____0001
        CARRY, CARRY,                                  // ____001_
        CARRY | TOO_LARGE,                             // ____0100
        CARRY | TOO_LARGE | TOO_LARGE_1000,            // ____0101
        CARRY | TOO_LARGE | TOO_LARGE_1000,            // ____011_
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,            // ____1___
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, // ____1101
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m256i byte_2_high_table = TABLE16(
        // ________ 0_______: ASCII
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        // ________ 1000____
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        // ________ 1001____
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        // ________ 101_____
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        // ________ 11______: lead
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    __m256i b1h = _mm256_shuffle_epi8(byte_1_high_table, high_nibbles(prev1));
    __m256i b1l = _mm256_shuffle_epi8(byte_1_low_table, _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)));
    __m256i b2h = _mm256_shuffle_epi8(byte_2_high_table, high_nibbles(input));
    return _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
}

// The errors of the 32 bytes of `input`, given the 32 before them.
TARGET static inline __m256i block_errors(__m256i input, __m256i prev) {
    __m256i prev1 = PREV(input, prev, 1);
    __m256i special = special_cases(input, prev1);
    __m256i prev2 = PREV(input, prev, 2);
    __m256i prev3 = PREV(input, prev, 3);
    // High bit set where the byte two back leads a 3- or 4-byte form (E0..FF), or the byte
    // three back a 4-byte form (F0..FF): there the byte must be a continuation, which the
    // pair check marked TWO_CONTS (bit 7). Anywhere else TWO_CONTS is an error.
    __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must23, special);
}

// Nonzero where the last bytes of `input` begin a form longer than the bytes left.
TARGET static inline __m256i incomplete(__m256i input) {
    const __m256i max = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(input, max);
}

TARGET static int check_avx2(const uint8_t *bytes, size_t count, int *has_nul, size_t *quotes) {
    __m256i error = _mm256_setzero_si256();
    const __m256i quote = _mm256_set1_epi8('"');
    size_t quoted = 0;
    __m256i nul = _mm256_setzero_si256();
    __m256i prev = _mm256_setzero_si256();
    __m256i prev_incomplete = _mm256_setzero_si256();
    const __m256i zero = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(bytes + i));
        nul = _mm256_or_si256(nul, _mm256_cmpeq_epi8(input, zero));
        quoted += (size_t)__builtin_popcount((uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(input, quote)));
        if (_mm256_movemask_epi8(input) == 0) {
            // All ASCII: only a form cut short by it can be wrong.
            error = _mm256_or_si256(error, prev_incomplete);
            prev_incomplete = zero;
        } else {
            error = _mm256_or_si256(error, block_errors(input, prev));
            prev_incomplete = incomplete(input);
        }
        prev = input;
    }
    // The last bytes, padded with zeros (ASCII: a form they cut short is an error), whose NULs
    // are not the input's.
    size_t rest = count - i;
    if (rest > 0) {
        uint8_t tail[32];
        memset(tail, 0, sizeof tail);
        memcpy(tail, bytes + i, rest);
        __m256i input = _mm256_loadu_si256((const __m256i *)tail);
        __m256i is_nul = _mm256_cmpeq_epi8(input, zero);
        uint32_t real = rest == 32 ? 0xFFFFFFFFu : ((1u << rest) - 1);
        if ((uint32_t)_mm256_movemask_epi8(is_nul) & real) nul = _mm256_set1_epi8(-1);
        quoted += (size_t)__builtin_popcount((uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(input, quote)) & real);
        error = _mm256_or_si256(error, block_errors(input, prev));
        prev_incomplete = zero;   // (the zeros after the last byte were checked as its followers)
    }
    error = _mm256_or_si256(error, prev_incomplete);
    *has_nul = _mm256_testz_si256(nul, nul) ? 0 : 1;
    if (quotes) *quotes = quoted;
    return _mm256_testz_si256(error, error) ? 1 : 0;
}

int kaohe_utf8_check(const uint8_t *bytes, size_t count, int *has_nul) {
    if (!kaohe_has_avx2()) return -1;
    return check_avx2(bytes, count, has_nul, NULL);
}

int kaohe_utf8_check_counting_quotes(const uint8_t *bytes, size_t count, int *has_nul, size_t *quotes) {
    if (!kaohe_has_avx2()) return -1;
    return check_avx2(bytes, count, has_nul, quotes);
}

#else

int kaohe_utf8_check(const uint8_t *bytes, size_t count, int *has_nul) {
    (void)bytes;
    (void)count;
    (void)has_nul;
    return -1;
}

int kaohe_utf8_check_counting_quotes(const uint8_t *bytes, size_t count, int *has_nul, size_t *quotes) {
    (void)bytes;
    (void)count;
    (void)has_nul;
    (void)quotes;
    return -1;
}

#endif
