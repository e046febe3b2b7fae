import Foundation
import Kaohe

/// Builds a variant of a scheme's document (SPEC §8): a variant file (`base:` and the keys it
/// changes, merged map by map) and `--set PATH=VALUE` edits, in that order. The result is
/// compiled like any scheme; its nodes keep the positions of the file they came from.
public enum VariantLoader {
    /// Reads `variantPath` (if any) and applies `sets` to `base`.
    /// `schemePath` is the base scheme as given; a variant's `base:` must name the same file.
    /// `option` names the command-line option the edits came from, for messages.
    public static func document(base: DocNode, schemePath: String, variantPath: String?, sets: [String],
                                option: String = "--set") -> Result<DocNode, Diagnostics> {
        var d = Diagnostics()
        var doc = base
        if let variantPath {
            guard let data = FileManager.default.contents(atPath: variantPath),
                  let text = String(data: data, encoding: .utf8) else {
                d.error(FileManager.default.fileExists(atPath: variantPath) ? "cannot read the file" : "no such file",
                        at: SourceLocation(file: variantPath, line: 0))
                return .failure(d)
            }
            switch YAMLDocument.parse(text, file: variantPath) {
            case .failure(let e): return .failure(e)
            case .success(let v):
                guard var pairs = v.pairs else {
                    d.error("a variant must be a mapping: base: SCHEME and the keys it changes", at: v.location)
                    return .failure(d)
                }
                if let b = pairs.first(where: { $0.key.text == "base" }) {
                    let named = URL(fileURLWithPath: b.value.scalar?.text ?? "",
                                    relativeTo: URL(fileURLWithPath: variantPath).deletingLastPathComponent()).standardizedFileURL.path
                    let given = URL(fileURLWithPath: schemePath).standardizedFileURL.path
                    if named != given {
                        // (Both paths as resolved: `base:` is relative to the variant file, so the
                        // same text can name another file.)
                        d.error("the variant's base is \(b.value.scalar?.text ?? "?") (\(named)), not the scheme given (\(given))",
                                at: b.value.location, hint: "base: is read relative to the variant file's folder")
                        return .failure(d)
                    }
                    pairs.removeAll { $0.key.text == "base" }
                }
                doc = DocMerge.merge(doc, DocNode(.mapping(pairs), at: v.location))
            }
        }
        for s in sets {
            switch parseSet(s, option: option) {
            case .failure(let e): d.append(e)
            case .success(let (path, value)):
                switch DocMerge.set(doc, path: path, to: value) {
                case .success(let n): doc = n
                case .failure(let e):
                    d.error("\(option) \(s): \(e.message) (at \(e.path.joined(separator: ".")))", at: nil,
                            hint: e.suggestion.map { "did you mean '\($0)'?" })
                }
            }
        }
        return d.hasErrors ? .failure(d) : .success(doc)
    }

    /// `indicators.省外到位资金.points=50` → the path and the value as a YAML node. The value's
    /// positions name the option (`--set indicators.…:1:COLUMN`, or `--vary …` for a sweep) so errors point into it.
    public static func parseSet(_ s: String, option: String = "--set") -> Result<([String], DocNode), Diagnostic> {
        guard let eq = s.firstIndex(of: "=") else {
            return .failure(.error("\(option) \(s): write PATH=VALUE, e.g. indicators.省外到位资金.points=50", at: nil))
        }
        let path = s[..<eq].split(separator: ".", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        let value = String(s[s.index(after: eq)...])
        if path.contains(where: \.isEmpty) {
            return .failure(.error("\(option) \(s): the path has an empty part", at: nil))
        }
        let name = "\(option) \(s[..<eq])"
        let column = s[..<eq].unicodeScalars.count + 2
        switch YAMLDocument.parse(value, file: name) {
        case .failure(let d):
            return .failure(d.errors.first ?? .error("\(option) \(s): the value is not YAML", at: nil))
        case .success(let node):
            return .success((path, shift(node, by: column - 1)))
        }
    }

    /// Moves every position of a parsed `--set` value right by `columns` (past `PATH=`).
    static func shift(_ n: DocNode, by columns: Int) -> DocNode {
        func loc(_ l: SourceLocation) -> SourceLocation {
            var l = l
            if l.line == 1, let c = l.column { l.column = c + columns }
            return l
        }
        func scalar(_ s: DocScalar) -> DocScalar {
            DocScalar(text: s.text, style: s.style, lineStarts: s.lineStarts.map(loc))
        }
        switch n.content {
        case .null: return DocNode(.null, at: loc(n.location), inFlow: n.inFlow)
        case .scalar(let s): return DocNode(.scalar(scalar(s)), at: loc(n.location), inFlow: n.inFlow)
        case .sequence(let xs): return DocNode(.sequence(xs.map { shift($0, by: columns) }), at: loc(n.location), inFlow: n.inFlow)
        case .mapping(let ps):
            return DocNode(.mapping(ps.map { DocPair(key: scalar($0.key), keyLocation: loc($0.keyLocation), value: shift($0.value, by: columns)) }),
                           at: loc(n.location), inFlow: n.inFlow)
        }
    }
}
