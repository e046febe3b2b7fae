import Dispatch

/// A value worked out on another core, waited for where it is first needed.
///
/// The loader reads a province's 20,000 units (a tenth of a second on one core) while the
/// projects are being read, which need them only when their unit cells are resolved.
public final class Pending<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private let work: @Sendable () -> Value
    private var result: Value?

    /// Starts `work` on another thread.
    public init(_ work: @escaping @Sendable () -> Value) {
        self.work = work
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    /// A value known already.
    public init(value: Value) {
        work = { value }
        result = value
    }

    /// The value, once worked out (waits for it).
    public var value: Value {
        group.wait()
        // (Set before the group was left: the fallback is never taken.)
        return result ?? work()
    }
}
