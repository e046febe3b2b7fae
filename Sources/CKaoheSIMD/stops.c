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

// The bytes of `x` equal to `c`, as a vector mask.
#define KAOHE_EQ(x, c) _mm256_cmpeq_epi8((x), _mm256_set1_epi8((char)(c)))
#define KAOHE_BITS(m) ((uint64_t)(uint32_t)_mm256_movemask_epi8(m))

// A byte's bits: stop (delimiter, LF, CR), line end (LF, CR), may lead badly (quote, space,
// TAB unless the delimiter, C2, E3: the bytes of CSVParser.classes with leadsToGeneral or
// mayLeadSpace), may end with a space (space, TAB, A0, 80: mayEndSpace).
static inline void field_classes(uint8_t c, uint8_t delimiter, int tab_is_space, uint64_t bit, uint64_t *s, uint64_t *n,
                                 uint64_t *l, uint64_t *e) {
    if (c == '\n' || c == '\r') { *n |= bit; *s |= bit; }
    if (c == delimiter) *s |= bit;
    if (c == '"' || c == ' ' || (c == '\t' && tab_is_space) || c == 0xC2 || c == 0xE3) *l |= bit;
    if (c == ' ' || c == '\t' || c == 0xA0 || c == 0x80) *e |= bit;
}

__attribute__((target("avx2"))) static void field_bits_avx2(const uint8_t *bytes, size_t count, uint8_t delimiter,
                                                           uint64_t *stops, uint64_t *line_ends, uint64_t *trouble) {
    uint64_t leads[64], ends[64];
    const int tab_is_space = delimiter != '\t';
    size_t w = 0, i = 0;
    for (; i + 64 <= count; i += 64, w++) {
        uint64_t s = 0, n = 0, l = 0, e = 0;
        for (int half = 0; half < 2; half++) {
            // (Masks joined as vectors: one byte-mask extraction for each set of bits.)
            __m256i x = _mm256_loadu_si256((const __m256i *)(bytes + i + 32 * half));
            __m256i line = _mm256_or_si256(KAOHE_EQ(x, '\n'), KAOHE_EQ(x, '\r'));
            __m256i sp = KAOHE_EQ(x, ' '), tab = KAOHE_EQ(x, '\t');
            __m256i lead = _mm256_or_si256(_mm256_or_si256(KAOHE_EQ(x, '"'), sp),
                                           _mm256_or_si256(KAOHE_EQ(x, 0xC2), KAOHE_EQ(x, 0xE3)));
            if (tab_is_space) lead = _mm256_or_si256(lead, tab);
            // (0x80 and 0xA0: the bytes whose bits other than 0x20 are 0x80.)
            __m256i end = _mm256_or_si256(_mm256_or_si256(sp, tab),
                                          KAOHE_EQ(_mm256_and_si256(x, _mm256_set1_epi8((char)0xDF)), 0x80));
            int at = 32 * half;
            uint64_t lines = KAOHE_BITS(line);
            n |= lines << at;
            s |= (lines | KAOHE_BITS(KAOHE_EQ(x, delimiter))) << at;
            l |= KAOHE_BITS(lead) << at;
            e |= KAOHE_BITS(end) << at;
        }
        stops[w] = s;
        line_ends[w] = n;
        leads[w] = l;
        ends[w] = e;
    }
    if (i < count) {
        uint64_t s = 0, n = 0, l = 0, e = 0;
        for (size_t k = 0; i + k < count; k++) field_classes(bytes[i + k], delimiter, tab_is_space, (uint64_t)1 << k, &s, &n, &l, &e);
        stops[w] = s;
        line_ends[w] = n;
        leads[w] = l;
        ends[w] = e;
        w++;
    }
    for (size_t k = 0; k < w; k++) {
        uint64_t s = stops[k];
        uint64_t after = (s << 1) | (k > 0 ? stops[k - 1] >> 63 : 0);
        uint64_t before = (s >> 1) | (k + 1 < w ? stops[k + 1] << 63 : 0);
        trouble[k] = (leads[k] & after) | (ends[k] & ~s & before);
    }
}

int kaohe_field_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops, uint64_t *line_ends,
                     uint64_t *trouble) {
    if (!kaohe_has_avx2() || count > 4096) return 0;
    field_bits_avx2(bytes, count, delimiter, stops, line_ends, trouble);
    return 1;
}

#else

int kaohe_stop_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops) {
    (void)bytes;
    (void)count;
    (void)delimiter;
    (void)stops;
    return 0;
}

int kaohe_field_bits(const uint8_t *bytes, size_t count, uint8_t delimiter, uint64_t *stops, uint64_t *line_ends,
                     uint64_t *trouble) {
    (void)bytes;
    (void)count;
    (void)delimiter;
    (void)stops;
    (void)line_ends;
    (void)trouble;
    return 0;
}

#endif
