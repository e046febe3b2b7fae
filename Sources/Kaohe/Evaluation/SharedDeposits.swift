import Synchronization

/// Deposits settled once and handed to every assessment that shares them: a what-if scores its
/// base and a variant at the same time, and a variant that changes nothing the deposits read
/// (see ``SweepKernel/Plan/depositsKept``) settles them exactly as the base does. Whichever
/// asks first settles them; the other waits and takes the same results and diagnostics.
final class SharedDeposits: Sendable {
    struct Settled: Sendable {
        var results: [[DepositResult]]
        var diagnostics: Diagnostics
    }

    private let kept = Mutex<Settled?>(nil)

    /// The settled deposits, made by `settle` the first time.
    func settled(_ settle: () -> Settled) -> Settled {
        kept.withLock { value in
            if let value { return value }
            let made = settle()
            value = made
            return made
        }
    }
}
