import Foundation
import Kaohe
import KaoheIO

/// A scheme and its ledger, loaded for a command; diagnostics already printed.
struct Workspace {
    var scheme: Scheme
    var ledger: Ledger
    var schemePath: String
    /// The scheme's YAML tree (for variants) and folder.
    var document: DocNode
    var directory: URL
    /// The text columns, by dataset, that were checked but not kept (``UnreadColumns``).
    var unread: [String: Set<String>] = [:]

    /// Loads the scheme at `path` and its data (from `--data` or the scheme's `data.dir`).
    /// Prints every diagnostic; nil when there were errors.
    /// `keepingRead`: keep only the text columns the scheme reads (``UnreadColumns``), for a
    /// command that reads records only through the scheme (`score`), or through the scheme
    /// and the words `alsoRead` gives for its document (a variant's; nil: keep every column).
    /// `fingerprint`: false for a command whose output shows no fingerprint (the inputs are
    /// then not hashed).
    static func load(_ path: String, data: String?, io: CommandIO, keepingRead: Bool = false, fingerprint: Bool = true,
                     alsoRead: (DocNode) -> [String]? = { _ in [] }) -> Workspace? {
        let loaded = SchemeLoader.load(path: path)
        guard let scheme = loaded.scheme, let document = loaded.document, !loaded.diagnostics.hasErrors else {
            io.report(loaded.diagnostics)
            return nil
        }
        let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: data)
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        var loader = LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory)
        loader.fingerprint = fingerprint
        if keepingRead, let also = alsoRead(document) { loader.unread = UnreadColumns.find(scheme, document: document, also: also) }
        switch loader.load(schemeBytes: bytes) {
        case .failure(let d):
            var all = loaded.diagnostics
            all.append(contentsOf: d)
            io.report(all)
            return nil
        case .success(let ledger):
            io.report(loaded.diagnostics)
            return Workspace(scheme: scheme, ledger: ledger, schemePath: path, document: document, directory: loaded.directory,
                             unread: loader.unread)
        }
    }
}

/// Parses `--as-of` dates for the commands.
func parseDay(_ text: String?, io: CommandIO) -> (ok: Bool, day: Day?) {
    guard let text else { return (true, nil) }
    guard let d = Day(parsing: text) else {
        io.errorLine("error: --as-of '\(text)' is not a date (write 2021-06-30)")
        return (false, nil)
    }
    return (true, d)
}
