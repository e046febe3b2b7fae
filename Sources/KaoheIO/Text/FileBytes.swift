import Foundation
import Kaohe

/// Reading a whole ledger file into memory, with the errors a user should see.
///
/// A missing file and an unreadable one are reported as diagnostics naming the path as the
/// user gave it, not as Foundation's error text. Their location has line 0: the whole file
/// (`FILE: error: no such file`).
enum FileBytes {
    /// Whether `url` names an existing file that is not a folder.
    static func isRegularFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func read(_ url: URL, file: String) -> Result<[UInt8], Diagnostics> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return .failure(Diagnostics([.error("no such file", at: SourceLocation(file: file, line: 0))]))
        }
        if isDirectory.boolValue {
            return .failure(Diagnostics([.error("a folder, not a file", at: SourceLocation(file: file, line: 0))]))
        }
        // POSIX reads straight into the array: `Data(contentsOf:)` and a copy into `[UInt8]`
        // touched every page twice (a tenth of a second for a 260 MB ledger).
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return failure(file, String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return failure(file, String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        var readError: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            while initialized < size, let base = buffer.baseAddress {
                let n = Foundation.read(fd, base + initialized, size - initialized)
                if n < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    break
                }
                if n == 0 { break }
                initialized += n
            }
        }
        if readError != 0 { return failure(file, String(cString: strerror(readError))) }
        // A file that grew while it was read: take the rest as well.
        var more = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = more.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: more[0..<n])
        }
        return .success(bytes)
    }

    static func failure(_ file: String, _ reason: String) -> Result<[UInt8], Diagnostics> {
        .failure(Diagnostics([.error("cannot read the file (\(reason))", at: SourceLocation(file: file, line: 0))]))
    }
}
