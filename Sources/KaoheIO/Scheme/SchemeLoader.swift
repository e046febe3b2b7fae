import Foundation
import Kaohe

/// Loads a scheme file: reads it, parses the YAML and compiles the scheme.
public enum SchemeLoader {
    public struct Loaded: Sendable {
        public var scheme: Scheme?
        public var document: DocNode?
        public var diagnostics: Diagnostics
        /// The scheme file's folder, against which `data.dir` and unit files are resolved.
        public var directory: URL
    }

    /// Loads the scheme at `path` (as the user typed it; diagnostics name it so).
    public static func load(path: String) -> Loaded {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: path) else {
            var d = Diagnostics()
            let exists = FileManager.default.fileExists(atPath: path)
            d.error(exists ? "cannot read the file" : "no such file", at: SourceLocation(file: path, line: 0).fileOnly)
            return Loaded(scheme: nil, document: nil, diagnostics: d, directory: dir)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var d = Diagnostics()
            d.error("a scheme must be UTF-8 text", at: SourceLocation(file: path, line: 1))
            return Loaded(scheme: nil, document: nil, diagnostics: d, directory: dir)
        }
        return load(text: text, file: path, directory: dir)
    }

    public static func load(text: String, file: String, directory: URL) -> Loaded {
        switch YAMLDocument.parse(text, file: file) {
        case .failure(let d):
            return Loaded(scheme: nil, document: nil, diagnostics: d, directory: directory)
        case .success(let doc):
            let out = SchemeCompiler.compile(doc, file: file)
            return Loaded(scheme: out.scheme, document: doc, diagnostics: out.diagnostics, directory: directory)
        }
    }
}

extension SourceLocation {
    /// A location that names only the file (printed as `FILE: error: …`).
    var fileOnly: SourceLocation { SourceLocation(file: file, line: 0) }
}
