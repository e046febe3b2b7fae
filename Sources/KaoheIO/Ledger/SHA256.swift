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
