#if canImport(Glibc)
import Glibc
#endif

/// Makes fresh memory resident in one system call, before it is written
/// (`madvise(MADV_POPULATE_WRITE)`, Linux 5.14 and later; elsewhere nothing is done).
///
/// A province's ledgers are typed into a few hundred megabytes of arrays reserved once and
/// written as the file's blocks are joined. Written page by page, each fresh 4 KB page cost a
/// fault: trap, page, zeroing, accounting, about 2 µs on this kind of virtual machine, and
/// faults were a seventh of a 20,000-unit score's CPU. Populated ahead, a block's pages are
/// made in one call: 200 MB took 60–70 ms instead of 105–120. (2 MB pages were faster still
/// when the kernel had them, but stalled for 400 ms when it had to compact memory first.)
/// The pages are the same either way; only the faults are saved.
public enum PagePopulation {
    /// Less than this is left to fault: the call would cost more than it saves.
    static let minimumBytes = 64 << 10

    /// Makes the whole pages of `bytes` bytes from `start` resident (those already resident
    /// are left as they are). Errors are ignored: the pages then fault in as they are written.
    public static func populate(_ start: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= minimumBytes else { return }
        let page = 4096
        let from = (Int(bitPattern: start) + page - 1) & ~(page - 1)
        let to = (Int(bitPattern: start) + bytes) & ~(page - 1)
        guard to > from, let at = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(at, to - from, 23)   // MADV_POPULATE_WRITE
        #endif
    }

    /// Makes the whole pages of `count` values of `T` from `start` resident.
    public static func populate<T>(_ start: UnsafeMutablePointer<T>, count: Int) {
        populate(UnsafeMutableRawPointer(start), bytes: count * MemoryLayout<T>.stride)
    }
}

extension Array {
    /// Makes the room for `more` elements after the last resident ahead of appending them, when
    /// the array has that room already (reserved); otherwise nothing (appending will grow it).
    mutating func populateRoom(for more: Int) {
        #if os(Linux)
        guard more > 0, capacity - count >= more, more * MemoryLayout<Element>.stride >= PagePopulation.minimumBytes else { return }
        // A buffer shared with another array is copied here, with the room (appending would
        // copy it anyway): the room made resident is then this array's own. (Taken through
        // `withUnsafeMutableBufferPointer` alone, a shared buffer was copied at its count, and
        // the pages past that copy's end were someone else's.)
        reserveCapacity(count + more)
        let count = self.count
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            PagePopulation.populate(base + count, count: more)
        }
        #endif
    }
}
