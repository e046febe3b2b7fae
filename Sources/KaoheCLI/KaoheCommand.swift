import ArgumentParser
import Kaohe

/// A subcommand that runs against a ``CommandIO`` and returns its exit status.
protocol KaoheCommand: ParsableCommand {
    func run(io: CommandIO) -> Int32
}

/// Exit statuses (SPEC §8).
public enum ExitStatus {
    public static let success: Int32 = 0
    /// Errors in rules or data, or a failing `test`.
    public static let inputError: Int32 = 1
    public static let usage: Int32 = 2
}

extension CommandIO {
    /// Prints diagnostics to standard error, sorted by position, with a closing count.
    func report(_ diagnostics: Diagnostics) {
        for d in diagnostics.sorted { errorLine(d.description) }
        let e = diagnostics.errors.count, w = diagnostics.warnings.count
        if e > 0 {
            errorLine("\(e) error\(e == 1 ? "" : "s")" + (w > 0 ? ", \(w) warning\(w == 1 ? "" : "s")" : ""))
        }
    }
}
