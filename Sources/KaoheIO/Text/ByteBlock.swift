import Foundation

/// A buffer of file bytes that is reused from block to block while a ledger is read.
///
/// Mapped on its own and, where the kernel allows, with huge pages: a fresh 32 MB array per
/// block cost a page fault (and the zeroing of a page) for every 4 KB read, several tenths of a
/// second over a province's 260 MB of projects.
final class ByteBlock: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// How many bytes hold data.
    var count = 0
    private let mapped: Bool

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        if let memory = mmap(nil, self.capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
           memory != MAP_FAILED {
            #if os(Linux)
            _ = madvise(memory, self.capacity, 14)   // MADV_HUGEPAGE
            #endif
            base = memory.assumingMemoryBound(to: UInt8.self)
            mapped = true
        } else {
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
            mapped = false
        }
    }

    deinit {
        if mapped { munmap(base, capacity) } else { base.deallocate() }
    }

    /// The bytes that hold data.
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
