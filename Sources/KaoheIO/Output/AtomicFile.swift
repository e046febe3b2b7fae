import Foundation

/// Writing a file so that it is replaced only when complete.
///
/// The data goes to a temporary file beside the target (`.NAME.tmp-PID`), which is then renamed
/// over it with POSIX `rename`, an atomic step on one file system: a reader sees the old file or
/// the new one, never half of one, and an interrupted run leaves the old file in place (SPEC
/// §8). The parent folder is created when missing; the temporary file is removed on failure.
///
/// ```swift
/// try AtomicFile.write(Data(json.utf8), to: URL(filePath: "out/score.json"))
/// ```
public enum AtomicFile {
    /// Why a file could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `bytes` without copying them into a `Data` first (an 80 MB score JSON).
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return try write(Data(), to: url) }
            try write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none), to: url)
        }
    }

    /// Writes the pieces that `body` hands to its writer, in order, without holding them all.
    public static func write(to url: URL, _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try write(to: url) { handle in
            try body { piece in
                guard let base = piece.baseAddress else { return }
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: piece.count,
                                                  deallocator: .none))
            }
        }
    }

    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { try $0.write(contentsOf: data) }
    }

    /// The temporary file beside `url`, filled through a file handle by `fill`, then renamed.
    static func write(to url: URL, fill: (FileHandle) throws -> Void) throws {
        let target = url.standardizedFileURL
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: url.path, reason: "its folder cannot be created (\(error.localizedDescription))")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw WriteError(path: url.path, reason: "the file cannot be created")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try fill(handle)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(path: url.path, reason: error.localizedDescription)
        }
        if rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WriteError(path: url.path, reason: reason)
        }
    }
}
