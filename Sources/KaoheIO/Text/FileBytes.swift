import Foundation
import Kaohe

/// Reading a whole ledger file into memory, with the errors a user should see.
///
/// A missing file and an unreadable one are reported as diagnostics naming the path as the
/// user gave it, not as Foundation's error text. Their location has line 0: the whole file
/// (`FILE: error: no such file`).
enum FileBytes {
    static func read(_ url: URL, file: String) -> Result<[UInt8], Diagnostics> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return .failure(Diagnostics([.error("no such file", at: SourceLocation(file: file, line: 0))]))
        }
        if isDirectory.boolValue {
            return .failure(Diagnostics([.error("a folder, not a file", at: SourceLocation(file: file, line: 0))]))
        }
        do {
            let data = try Data(contentsOf: url, options: .alwaysMapped)
            return .success([UInt8](data))
        } catch {
            return .failure(Diagnostics([.error("cannot read the file (\(error.localizedDescription))", at: SourceLocation(file: file, line: 0))]))
        }
    }
}
