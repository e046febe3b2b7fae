// How the command-line processes ask glibc's allocator to manage their memory.
//
// A province run types two million records into columns, joins each block's columns, frees
// the blocks, then builds the unit state, the assessment and its JSON. With glibc's defaults,
// memory freed at the top of a heap is given back to the system at once (trim threshold
// 128 KB) and a heap grows by no more than it needs (top pad 128 KB), so the next table is
// built on fresh pages: a page fault and a zeroed page for every 4 KB, over and over. The
// kernel then took a fifth of the run's CPU time.
//
// Kept memory instead (trim threshold 1 GB; heaps grown 64 MB at a time), a 20,000-unit score
// took 0.98 s instead of 1.05 s (median of 10 interleaved runs, 2-core VM) and its kernel time
// fell from 0.33 s to 0.25 s, with the same peak resident memory (about 430 MB): the pages are
// reused, not added. Set in C because Swift's Glibc module does not export mallopt.

#include "CKaoheMemory.h"
#include <stdlib.h>   // (defines __GLIBC__ on glibc)

#if defined(__GLIBC__)
#include <malloc.h>

void kaohe_tune_allocator(void) {
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
}

#else

void kaohe_tune_allocator(void) {}

#endif
