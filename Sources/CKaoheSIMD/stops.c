// Where a CSV text's fields may end (a delimiter, LF or CR), as one bit per byte, found 64
// bytes at a time with AVX2: three comparisons and a mask per 32 bytes. The splitter in Swift
// (KaoheIO/CSV/CSVParser.swift) then finds each field's end with a bit scan instead of
// loading and masking the field's bytes word by word (which was a third of splitting a
// province's projects). Swift's SIMD types do compare, but have no cheap byte-mask extraction
// (vpmovmskb); the splitter falls back to masks of its own on other CPUs.

#include "CKaoheSIMD.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <string.h>

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

// The bits of 64 bytes at `x` for `field_bits_avx2`: stops (delimiter, LF, CR), line ends (LF,
// CR), `general` (bytes that send a field to the general reader when they lead it: quote,
// space, TAB unless the delimiter), `space` (space and TAB), and where a no-break space C2 A0
// and an ideographic space E3 80 80 start. Reads two bytes past the 64 (the spaces' last bytes).
__attribute__((target("avx2"))) static inline void word_bits(const uint8_t *x, uint8_t delimiter, int tab_is_space,
                                                             uint64_t *stops, uint64_t *lines, uint64_t *general,
                                                             uint64_t *space, uint64_t *nbsp, uint64_t *ideographic) {
    uint64_t k[6] = {0, 0, 0, 0, 0, 0};
    for (int half = 0; half < 2; half++) {
        // (Masks joined as vectors: one byte-mask extraction for each set of bits.)
        const uint8_t *at = x + 32 * half;
        __m256i v = _mm256_loadu_si256((const __m256i *)at);
        __m256i line = _mm256_or_si256(KAOHE_EQ(v, '\n'), KAOHE_EQ(v, '\r'));
        __m256i sp = KAOHE_EQ(v, ' '), tab = KAOHE_EQ(v, '\t');
        __m256i lead = _mm256_or_si256(KAOHE_EQ(v, '"'), tab_is_space ? _mm256_or_si256(sp, tab) : sp);
        __m256i c2 = KAOHE_EQ(v, 0xC2), e3 = KAOHE_EQ(v, 0xE3);
        int shift = 32 * half;
        uint64_t l = KAOHE_BITS(line);
        k[0] |= (l | KAOHE_BITS(KAOHE_EQ(v, delimiter))) << shift;
        k[1] |= l << shift;
        k[2] |= KAOHE_BITS(lead) << shift;
        k[3] |= KAOHE_BITS(_mm256_or_si256(sp, tab)) << shift;
        // (C2 and E3 are rare in Chinese text: the spaces' other bytes are looked at only
        // where one is.)
        if (!_mm256_testz_si256(_mm256_or_si256(c2, e3), _mm256_or_si256(c2, e3))) {
            __m256i v1 = _mm256_loadu_si256((const __m256i *)(at + 1));
            __m256i v2 = _mm256_loadu_si256((const __m256i *)(at + 2));
            __m256i nb = _mm256_and_si256(c2, KAOHE_EQ(v1, 0xA0));
            __m256i id = _mm256_and_si256(_mm256_and_si256(e3, KAOHE_EQ(v1, 0x80)), KAOHE_EQ(v2, 0x80));
            k[4] |= KAOHE_BITS(nb) << shift;
            k[5] |= KAOHE_BITS(id) << shift;
        }
    }
    *stops = k[0];
    *lines = k[1];
    *general = k[2];
    *space = k[3];
    *nbsp = k[4];
    *ideographic = k[5];
}

// The trouble bits (see kaohe_field_bits) from each word's sets: a field led by a `general`
// byte or by a space to trim (where a no-break or ideographic space starts); a field ended by
// a space, a TAB that is not a stop, or the last byte of a no-break (start + 1) or ideographic
// space (start + 2): exactly where the quick reader would go to the general reader or trim
// (TextTrimming). Bytes outside the window count as none.
__attribute__((target("avx2"))) static void field_bits_avx2(const uint8_t *bytes, size_t count, uint8_t delimiter,
                                                           uint64_t *stops, uint64_t *line_ends, uint64_t *trouble) {
    uint64_t led[64], ended[64];
    const int tab_is_space = delimiter != '\t';
    size_t w = 0, i = 0;
    uint64_t carry = 0;   // the ends of spaces that started in the last word and end in this one
    for (; i < count; i += 64, w++) {
        uint64_t s, n, g, sp, nb, id;
        if (i + 66 <= count) {
            word_bits(bytes + i, delimiter, tab_is_space, &s, &n, &g, &sp, &nb, &id);
        } else {
            // The last bytes, copied with zeros after them (a zero is in no set), their bits
            // past the end cleared.
            uint8_t tail[128];
            memset(tail, 0, sizeof tail);
            size_t rest = count - i;
            memcpy(tail, bytes + i, rest);
            word_bits(tail, delimiter, tab_is_space, &s, &n, &g, &sp, &nb, &id);
            uint64_t real = rest >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << rest) - 1);
            s &= real; n &= real; g &= real; sp &= real; nb &= real; id &= real;
        }
        stops[w] = s;
        line_ends[w] = n;
        led[w] = g | nb | id;
        ended[w] = sp | (nb << 1) | (id << 2) | carry;
        carry = (nb >> 63) | (id >> 62);
    }
    for (size_t k = 0; k < w; k++) {
        uint64_t s = stops[k];
        uint64_t after = (s << 1) | (k > 0 ? stops[k - 1] >> 63 : 0);
        uint64_t before = (s >> 1) | (k + 1 < w ? stops[k + 1] << 63 : 0);
        trouble[k] = (led[k] & after) | (ended[k] & ~s & before);
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
