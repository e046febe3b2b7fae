/// How glibc's allocator manages the process's memory (glibc only; nothing elsewhere): large
/// arrays mapped on their own, smaller blocks served from heaps that keep what is freed.
///
/// Typing a large ledger allocates and frees a file block and its chunks' columns for every
/// 32 MB read. glibc serves blocks below its mmap threshold from heaps that it does not shrink,
/// and raises that threshold (up to 32 MB) whenever a large block is freed, so a province's
/// projects left several hundred megabytes of freed memory counted in the process's resident
/// size, and the peak nearly doubled. A fixed threshold of 1 MB has every large array mapped
/// on its own and unmapped when freed.
public enum Memory {
    /// Sets the fixed mmap threshold (once per process).
    public static func useMappedLargeBlocks() {
        #if os(Linux)
        _ = configured
        #endif
    }

    /// Keeps freed heap pages in the process instead of handing them back (glibc's trim
    /// threshold raised), and grows the heap 64 MB at a time (its top pad): every command
    /// builds large tables, frees them and builds more (a province score its typed blocks,
    /// unit state, assessment and JSON; a sweep the same few arrays of every unit at each
    /// point), and pages handed back are faulted in and zeroed again by the kernel. That took
    /// a fifth of a province sweep point's time and of a 20,000-unit score's CPU; kept, the
    /// score took 0.98 s instead of 1.05 s (kernel time 0.33 → 0.25 s). Its resident size does
    /// not grow by it: the freed pages are the next table's. Set by ``runKaohe`` for every
    /// command, once per process.
    public static func keepFreedPages() {
        #if os(Linux)
        _ = keptFreedPages
        #endif
    }

    /// Returns the free pages of the heap to the system (``keepFreedPages()`` keeps them
    /// otherwise): for a command that runs on long after the ledgers are loaded, with
    /// tables of its own, so that what typing them freed does not stay in its resident size.
    public static func returnFreePages() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    #if os(Linux)
    private static let configured: Bool = {
        glibcMallopt(-3, 1 << 20) == 1   // M_MMAP_THRESHOLD
    }()
    private static let keptFreedPages: Bool = {
        glibcMallopt(-1, Int32.max) == 1   // M_TRIM_THRESHOLD
            && glibcMallopt(-2, 64 << 20) == 1   // M_TOP_PAD
    }()
    #endif
}

#if os(Linux)
/// glibc's `malloc_trim(3)` and `mallopt(3)`, which the Glibc module does not export.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
