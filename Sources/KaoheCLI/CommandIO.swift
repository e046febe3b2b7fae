import Foundation

/// Where a command writes: the process's streams, or buffers in tests.
public final class CommandIO: @unchecked Sendable {
    private let lock = NSLock()
    private let writeOut: (String) -> Void
    private let writeOutBytes: ((UnsafeRawBufferPointer) -> Void)?
    private let writeErr: (String) -> Void
    /// Whether standard output is a terminal (for colour and table width).
    public let isTerminal: Bool
    public let environment: [String: String]
    /// Whether ``keepUntilExit(_:)`` keeps (only for the process's own streams).
    private var keepsUntilExit = false

    public init(isTerminal: Bool = false, environment: [String: String] = [:],
                out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.environment = environment
        self.writeOut = out
        self.writeOutBytes = nil
        self.writeErr = err
    }

    /// A ``CommandIO`` that can also take standard output as bytes (``outBytes(_:)``), for
    /// large outputs rendered as UTF-8 bytes (`score --format json`) that need never become
    /// a `String`.
    public init(isTerminal: Bool = false, environment: [String: String] = [:],
                out: @escaping (String) -> Void, outBytes: @escaping (UnsafeRawBufferPointer) -> Void,
                err: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.environment = environment
        self.writeOut = out
        self.writeOutBytes = outBytes
        self.writeErr = err
    }

    /// The real standard output and error.
    public static func standard() -> CommandIO {
        let io = CommandIO(isTerminal: isatty(1) == 1, environment: ProcessInfo.processInfo.environment,
                  out: { FileHandle.standardOutput.write(Data($0.utf8)) },
                  outBytes: { raw in
                      // Written from the caller's buffer itself: a copy into `Data` doubled
                      // the memory of an 80 MB score JSON.
                      guard let base = raw.baseAddress else { return }
                      FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base),
                                                           count: raw.count, deallocator: .none))
                  },
                  err: { FileHandle.standardError.write(Data($0.utf8)) })
        io.keepsUntilExit = true
        return io
    }

    public func out(_ s: String) { lock.lock(); defer { lock.unlock() }; writeOut(s) }
    /// Writes UTF-8 bytes to standard output as they are; an output without a byte writer
    /// (``CapturedIO``) gets them decoded as a `String`.
    /// Holds `values` until the process exits, for the real streams: a province's ledger and
    /// results are hundreds of megabytes of small objects, and freeing them one by one when
    /// the command returns took a tenth of a second or more, just before the process hands
    /// all its memory back anyway. Captured output (tests) lets them go as usual.
    public func keepUntilExit(_ values: Any...) {
        guard keepsUntilExit else { return }
        ProcessLifetime.keep(values)
    }

    /// The buffer is the caller's (a rendered chunk): written without a copy.
    public func outBytes(_ bytes: UnsafeRawBufferPointer) {
        lock.lock(); defer { lock.unlock() }
        if let writeOutBytes { writeOutBytes(bytes) } else { writeOut(String(decoding: bytes, as: UTF8.self)) }
    }
    public func err(_ s: String) { lock.lock(); defer { lock.unlock() }; writeErr(s) }
    public func line(_ s: String) { out(s + "\n") }
    public func errorLine(_ s: String) { err(s + "\n") }
}

/// A buffer-backed ``CommandIO`` for in-process tests.
public final class CapturedIO: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    public init() {}
    public var stdout: String { lock.lock(); defer { lock.unlock() }; return outText }
    public var stderr: String { lock.lock(); defer { lock.unlock() }; return errText }
    public func io(isTerminal: Bool = false, environment: [String: String] = [:]) -> CommandIO {
        CommandIO(isTerminal: isTerminal, environment: environment,
                  out: { s in self.lock.lock(); self.outText += s; self.lock.unlock() },
                  err: { s in self.lock.lock(); self.errText += s; self.lock.unlock() })
    }
}

/// What the process keeps until it exits (``CommandIO/keepUntilExit(_:)``).
enum ProcessLifetime {
    private static let lock = NSLock()
    /// Written only under `lock`, never read: its values live until the process exits.
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ values: [Any]) {
        lock.lock()
        defer { lock.unlock() }
        kept.append(contentsOf: values)
    }
}
