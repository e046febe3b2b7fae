// Whether this CPU (and its operating system) runs AVX2 (and POPCNT), asked once. The answer is kept in an
// atomic: the checks of UTF-8 and of field ends ask from every core at the same time.

#include "CKaoheSIMD.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

int kaohe_has_avx2(void) {
    static int known = -1;   // -1: not asked yet; else 0 or 1
    int answer = __atomic_load_n(&known, __ATOMIC_ACQUIRE);
    if (answer < 0) {
        __builtin_cpu_init();
        // (POPCNT too, which the quote count uses: every AVX2 CPU has it.)
        answer = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") ? 1 : 0;
        __atomic_store_n(&known, answer, __ATOMIC_RELEASE);
    }
    return answer;
}

#else

int kaohe_has_avx2(void) { return 0; }

#endif
