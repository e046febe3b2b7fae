import Dispatch
import Synchronization

/// Runs `body` for `0..<count` on all cores and returns the results in index order, so that
/// parallel work (typing columns, aggregating chunks, sweep points, rendering units) gives the
/// same output as a sequential loop. `body` must only read shared state.
public func parallelMap<T>(_ count: Int, _ body: @escaping (Int) -> T) -> [T] {
    if count <= 1 { return (0..<count).map(body) }
    let slots = Slots<T>(count: count)
    let shared = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, shared.value(i)) }
    return slots.values
}

/// One result slot per index, filled concurrently.
final class Slots<T>: @unchecked Sendable {
    private let lock = Mutex(())
    private var items: [T?]

    init(count: Int) { items = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) { lock.withLock { _ in items[i] = value } }

    /// Every slot's value (each was set exactly once by ``parallelMap(_:_:)``).
    var values: [T] { lock.withLock { _ in items.compactMap { $0 } } }
}

/// Hands a value to concurrent code that only reads it (or writes disjoint parts).
public final class UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// Values handed out once each to concurrent code. Taking one moves it out of the array, so
/// that the taker holds the only reference to its arrays: a copy would copy them at its first
/// change (a column builder growing, a unit's totals merged).
public final class Handout<T>: @unchecked Sendable {
    private let lock = Mutex(())
    private var items: [T?]

    public init(_ items: [T]) { self.items = items }

    /// Item `i`, or nil when it was taken already.
    public func take(_ i: Int) -> T? {
        lock.withLock { _ in
            let out = items[i]
            items[i] = nil
            return out
        }
    }
}
