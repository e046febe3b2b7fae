#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Memory for the columns a sweep keeps, handed out from large blocks and never returned
/// before the sweep's result goes.
///
/// A province sweep keeps about 0.4 MB of columns for each of a thousand points. Kept in
/// arrays of their own, they grew the heap page by page, and each fresh 4 KB page cost a
/// fault (about 6 µs on this kind of virtual machine): an eighth of the sweep's time. A block
/// here is mapped once and, where the kernel allows, backed by 2 MB pages (`MADV_HUGEPAGE`), so
/// it faults in a few hundred times in all.
final class ColumnArena: Sendable {
    /// The blocks mapped so far, and the free part of the last one.
    private struct Blocks: @unchecked Sendable {
        var mapped: [(base: UnsafeMutableRawPointer, bytes: Int)] = []
        var next: UnsafeMutableRawPointer?
        var left = 0
    }

    private let blocks = Mutex(Blocks())
    static let blockBytes = 32 << 20

    /// `count` values of `T`, uninitialized, aligned to 64 bytes; nil when no memory could be
    /// mapped (the caller keeps the values in an array instead).
    func allocate<T: BitwiseCopyable>(_ type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T>? {
        let bytes = (count * MemoryLayout<T>.stride + 63) & ~63
        guard bytes > 0 else { return nil }
        let raw: UnsafeMutableRawPointer? = blocks.withLock { b in
            if bytes > b.left {
                let size = max(Self.blockBytes, bytes)
                guard let block = Self.map(size) else { return nil }
                b.mapped.append((block, size))
                b.next = block
                b.left = size
            }
            guard let at = b.next else { return nil }
            b.next = at + bytes
            b.left -= bytes
            return at
        }
        guard let raw else { return nil }
        return UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: count), count: count)
    }

    private static func map(_ size: Int) -> UnsafeMutableRawPointer? {
        #if canImport(Glibc) || canImport(Darwin)
        guard let memory = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED else { return nil }
        #if os(Linux)
        _ = madvise(memory, size, 14)   // MADV_HUGEPAGE
        #endif
        return memory
        #else
        return nil
        #endif
    }

    deinit {
        #if canImport(Glibc) || canImport(Darwin)
        blocks.withLock { b in
            for m in b.mapped { munmap(m.base, m.bytes) }
        }
        #endif
    }
}

/// Values kept in a ``ColumnArena`` (the arena held, so that they live as long as this) or,
/// without one, in an array.
struct ArenaValues<T: BitwiseCopyable>: @unchecked Sendable {
    private let array: [T]
    private let pointer: UnsafePointer<T>?
    private let arena: ColumnArena?
    let count: Int

    init() {
        array = []
        pointer = nil
        arena = nil
        count = 0
    }

    /// `count` values written by `fill` (into the arena's memory when there is an arena and it
    /// has memory, else into an array).
    init(count: Int, arena: ColumnArena?, fill: (UnsafeMutableBufferPointer<T>) -> Void) {
        self.count = count
        if let arena, let memory = arena.allocate(T.self, count: count) {
            fill(memory)
            pointer = UnsafePointer(memory.baseAddress)
            self.arena = arena
            array = []
        } else {
            array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                fill(buffer)
                initialized = count
            }
            pointer = nil
            self.arena = nil
        }
    }

    var isEmpty: Bool { count == 0 }

    /// The values as one buffer.
    @inline(__always)
    func withBuffer<R>(_ body: (UnsafeBufferPointer<T>) -> R) -> R {
        if let pointer { return body(UnsafeBufferPointer(start: pointer, count: count)) }
        return array.withUnsafeBufferPointer(body)
    }

    /// Sets `bit` in `flags[i]` wherever `self[i] != other[i]` (the same count), comparing
    /// the stored integers.
    func markDifferences(from other: ArenaValues<T>, bit: UInt8, into flags: UnsafeMutableBufferPointer<UInt8>)
        where T: Equatable {
        withBuffer { a in
            other.withBuffer { b in
                for i in 0..<min(a.count, b.count, flags.count) where a[i] != b[i] { flags[i] |= bit }
            }
        }
    }

    @inline(__always)
    subscript(i: Int) -> T {
        if let pointer {
            precondition(i >= 0 && i < count, "index out of range")
            return pointer[i]
        }
        return array[i]
    }
}
