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

    public static func write(_ data: Data, to url: URL) throws {
        let target = url.standardizedFileURL
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: url.path, reason: "its folder cannot be created (\(error.localizedDescription))")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try data.write(to: temporary)
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
