/// How the reader's memory is handed back to the system (glibc only; nothing elsewhere).
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
    /// threshold raised): a sweep frees and allocates the same few arrays of every unit at each
    /// point, and pages handed back are faulted in and zeroed again by the kernel, which cost
    /// a fifth of a province sweep point's time. Its resident size does not grow by it: the
    /// freed pages are the next point's.
    public static func keepFreedPages() {
        #if os(Linux)
        _ = glibcMallopt(-1, Int32.max)   // M_TRIM_THRESHOLD
        #endif
    }

    /// Returns the free pages of the heap to the system.
    static func returnFreePages() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    #if os(Linux)
    private static let configured: Bool = {
        glibcMallopt(-3, 1 << 20) == 1   // M_MMAP_THRESHOLD
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
