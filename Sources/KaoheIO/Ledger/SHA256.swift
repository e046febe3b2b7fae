import Crypto
import Foundation

/// SHA-256 of a run's inputs (the `fingerprint` of SPEC §9), fed file by file.
///
/// A thin wrapper over swift-crypto's hasher, whose BoringSSL code uses the CPU's SHA
/// instructions: a province's 260 MB of ledgers hash in a fraction of the time a Swift
/// implementation took (which had become the largest single cost of reading them).
struct SHA256 {
    private var hasher = Crypto.SHA256()

    mutating func update(_ bytes: [UInt8]) {
        hasher.update(data: bytes)
    }

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
    }

    /// Hashes a file's contents without copying them into an array first.
    mutating func update(_ data: Foundation.Data) {
        data.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    mutating func finish() -> String {
        hasher.finalize().map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        var s = SHA256()
        s.update(bytes)
        return s.finish()
    }
}

/// The run's fingerprint, hashed on a serial queue of its own so that hashing one file overlaps
/// with parsing the next (the files are hashed in the order they are added).
final class ConcurrentHasher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kaohe.fingerprint")
    private var hasher = SHA256()
    /// Recording: the pieces are kept, to be hashed later after the files before them (a file
    /// read at the same time as an earlier one); see ``recorded``.
    private let recording: Bool
    private var pieces: [Piece] = []
    /// False: nothing is hashed (a command that shows no fingerprint), and ``finish()`` is
    /// empty.
    let isEnabled: Bool

    /// A piece of a file kept by a recording hasher: an array or a mapped window as it was
    /// given (they do not change), so that no byte is copied; a block's bytes (its buffer is
    /// used again) copied. Copying every piece grew an array of all the small files of a
    /// province (34 MB, fresh pages each faulted in) while the projects were read.
    enum Piece: @unchecked Sendable {
        case bytes([UInt8], from: Int)
        case window(FileWindow, from: Int)

        func withBytes(_ body: (UnsafeRawBufferPointer) -> Void) {
            switch self {
            case .bytes(let a, let from):
                a.withUnsafeBytes { all in body(UnsafeRawBufferPointer(rebasing: all[from...])) }
            case .window(let w, let from):
                body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(w.buffer)[from...]))
            }
        }
    }

    init(recording: Bool = false, enabled: Bool = true) {
        self.recording = recording
        isEnabled = enabled
    }

    /// Hashes the piece, or keeps it when recording (on the queue).
    private func take(_ piece: Piece) {
        if recording { pieces.append(piece) } else { piece.withBytes { hasher.update($0) } }
    }

    func add(_ bytes: [UInt8]) {
        add(bytes, from: 0)
    }

    /// Adds `bytes[from...]` (the array must not change afterwards; it is read later).
    func add(_ bytes: [UInt8], from: Int) {
        guard isEnabled else { return }
        queue.async { self.take(.bytes(bytes, from: from)) }
    }

    /// Adds the pieces a recording hasher kept, in order.
    func add(_ pieces: [Piece]) {
        guard isEnabled, !pieces.isEmpty else { return }
        queue.async { for p in pieces { self.take(p) } }
    }

    /// Adds `block`'s bytes from `from` on (the block must not change until ``wait()``).
    func add(_ block: ByteBlock, from: Int) {
        guard isEnabled else { return }
        queue.async {
            let bytes = UnsafeBufferPointer(rebasing: block.buffer[from...])
            if self.recording {
                self.pieces.append(.bytes(Array(bytes), from: 0))
            } else {
                self.hasher.update(UnsafeRawBufferPointer(bytes))
            }
        }
    }

    /// Adds `window`'s bytes from `from` on (the window is kept mapped until they are hashed).
    func add(_ window: FileWindow, from: Int) {
        guard isEnabled else { return }
        queue.async { self.take(.window(window, from: from)) }
    }

    /// Waits until everything added so far is hashed.
    func wait() { queue.sync {} }

    /// The state after everything added so far, to go back to with ``restore(_:)``.
    struct Mark {
        fileprivate var hasher: SHA256
        fileprivate var recorded: Int
    }

    func snapshot() -> Mark { queue.sync { Mark(hasher: hasher, recorded: pieces.count) } }

    /// Goes back to an earlier state (a file whose blocks were hashed is to be read again).
    func restore(_ mark: Mark) {
        queue.sync {
            hasher = mark.hasher
            pieces.removeSubrange(mark.recorded...)
        }
    }

    /// The pieces a recording hasher was given, in order.
    var recorded: [Piece] { queue.sync { pieces } }

    /// The hex digest of everything added (empty when not enabled).
    func finish() -> String {
        guard isEnabled else { return "" }
        return queue.sync { hasher.finish() }
    }
}
