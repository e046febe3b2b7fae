// Where a CSV text's fields may end (a delimiter, LF or CR), as one bit per byte, found 64
// bytes at a time with AVX2: three comparisons and a mask per 32 bytes. The splitter in Swift
// (KaoheIO/CSV/CSVParser.swift) then finds each field's end with a bit scan instead of
// loading and masking the field's bytes word by word (which was a third of splitting a
// province's projects). Swift's SIMD types do compare, but have no cheap byte-mask extraction
// (vpmovmskb); the splitter falls back to masks of its own on other CPUs.

#include "CKaoheSIMD.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx2"))) static int stop_bits_avx2(const uint8_t *bytes, size_t count, uint8_t delimiter,
                                                          uint64_t *stops) {
    const __m256i d = _mm256_set1_epi8((char)delimiter);
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    size_t w = 0, i = 0;
    for (; i + 64 <= count; i += 64, w++) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(bytes + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(bytes + i + 32));
        __m256i ma = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a, d), _mm256_cmpeq_epi8(a, lf)), _mm256_cmpeq_epi8(a, cr));
        __m256i mb = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(b, d), _mm256_cmpeq_epi8(b, lf)), _mm256_cmpeq_epi8(b, cr));
        stops[w] = (uint64_t)(uint32_t)_mm256_movemask_epi8(ma) | ((uint64_t)(uint32_t)_mm256_movemask_epi8(mb) << 32);
    }
    if (i < count) {
        uint64_t word = 0;
        for (size_t k = 0; i + k < count; k++) {
            uint8_t c = bytes[i + k];
            if (c == delimiter || c == '\n' || c == '\r') word |= (uint64_t)1 << k;
        }
        stops[w] = word;
    }
    return 1;
}

int kaohe_stop_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops) {
    if (!kaohe_has_avx2()) return 0;
    return stop_bits_avx2(bytes, count, delimiter, stops);
}

#else

int kaohe_stop_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops) {
    (void)bytes;
    (void)count;
    (void)delimiter;
    (void)stops;
    return 0;
}

#endif
