import Foundation
import Kaohe
import Yams

/// Reads YAML text into the engine's neutral ``DocNode`` tree, with positions.
///
/// Yams (libyaml) does the parsing; this file adds what the engine needs on top: every
/// scalar kept as text (YAML 1.2: `on`, `yes`, `no` are words), where each line of a
/// scalar's content starts in the file (so expression errors point inside the scalar),
/// duplicate keys reported at the second key, and YAML syntax errors with a hint for the
/// classic trap of an expression with `,` `[` `]` inside a flow mapping `{…}`.
public enum YAMLDocument {
    public static func parse(_ text: String, file: String) -> Result<DocNode, Diagnostics> {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        do {
            // UTF-8 named, not Yams's default: that reads the whole environment at every parse
            // (a sweep parses each of its thousand values) and prints to standard output when
            // YAMS_DEFAULT_ENCODING is set.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                return .success(DocNode(.null, at: SourceLocation(file: file, line: 1, column: 1)))
            }
            var converter = Converter(file: file, lines: lines)
            let doc = converter.convert(node, inFlow: false)
            if !converter.diagnostics.isEmpty { return .failure(converter.diagnostics) }
            return .success(doc)
        } catch let error as YamlError {
            return .failure(Diagnostics([diagnostic(for: error, file: file, lines: lines)]))
        } catch {
            return .failure(Diagnostics([.error("cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1))]))
        }
    }

    static func diagnostic(for error: YamlError, file: String, lines: [[Unicode.Scalar]]) -> Diagnostic {
        func flowHint(_ mark: Mark) -> String? {
            let i = mark.line - 1
            guard i >= 0, i < lines.count else { return nil }
            let line = String(String.UnicodeScalarView(lines[i]))
            guard line.contains("{") || line.contains("[") else { return nil }
            return "inside a flow mapping {…} an expression with , [ ] { } must be quoted ('…') or written in block style"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return .error(message, at: SourceLocation(file: file, line: mark.line, column: mark.column), hint: flowHint(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.sorted().first ?? ""
            let loc = secondOccurrence(of: key, after: context.mark.line, lines: lines, file: file)
                ?? SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            return .error("duplicate key '\(key)'", at: loc, hint: "a key may appear only once in a mapping")
        case let .reader(problem, _, _, _):
            return .error("cannot read the file: \(problem)", at: SourceLocation(file: file, line: 1))
        default:
            return .error("YAML: \(error)", at: SourceLocation(file: file, line: 1))
        }
    }

    /// The second line (from `line`) where `key:` starts a mapping entry.
    static func secondOccurrence(of key: String, after line: Int, lines: [[Unicode.Scalar]], file: String) -> SourceLocation? {
        let k = Array(key.unicodeScalars)
        var seen = 0
        for i in max(0, line - 1)..<lines.count {
            let l = lines[i]
            var j = 0
            while j + k.count < l.count {
                let before: Unicode.Scalar = j == 0 ? " " : l[j - 1]
                if Array(l[j..<(j + k.count)]) == k, l[j + k.count] == ":",
                   before == " " || before == "{" || before == "," || before == "-" || before == "\t" {
                    seen += 1
                    if seen == 2 { return SourceLocation(file: file, line: i + 1, column: j + 1) }
                    break
                }
                j += 1
            }
        }
        return nil
    }

    struct Converter {
        let file: String
        let lines: [[Unicode.Scalar]]
        var diagnostics = Diagnostics()

        func location(_ mark: Mark?) -> SourceLocation {
            SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }

        mutating func convert(_ node: Node, inFlow: Bool) -> DocNode {
            switch node {
            case .scalar(let s):
                let loc = location(s.mark)
                if s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) {
                    return DocNode(.null, at: loc, inFlow: inFlow)
                }
                return DocNode(.scalar(scalar(s)), at: loc, inFlow: inFlow)
            case .mapping(let m):
                let flow = inFlow || m.style == .flow || opensFlow(at: m.mark)
                var pairs: [DocPair] = []
                for (k, v) in m {
                    guard case .scalar(let ks) = k else {
                        diagnostics.error("a key must be a plain name", at: location(k.mark))
                        continue
                    }
                    pairs.append(DocPair(key: scalar(ks), keyLocation: location(ks.mark), value: convert(v, inFlow: flow)))
                }
                return DocNode(.mapping(pairs), at: location(m.mark), inFlow: flow)
            case .sequence(let s):
                let flow = inFlow || s.style == .flow || opensFlow(at: s.mark)
                return DocNode(.sequence(s.map { convert($0, inFlow: flow) }), at: location(s.mark), inFlow: flow)
            case .alias(let a):
                diagnostics.error("YAML aliases are not supported in schemes", at: location(a.mark))
                return DocNode(.null, at: location(a.mark))
            }
        }

        func scalar(_ s: Node.Scalar) -> DocScalar {
            let mark = (line: s.mark?.line ?? 1, column: s.mark?.column ?? 1)
            let textLines = s.string.split(separator: "\n", omittingEmptySubsequences: false).count
            var starts: [SourceLocation] = []
            let style: DocScalar.Style
            switch s.style {
            case .singleQuoted: style = .singleQuoted
            case .doubleQuoted: style = .doubleQuoted
            case .literal: style = .literal
            case .folded: style = .folded
            default: style = .plain
            }
            switch style {
            case .plain, .singleQuoted, .doubleQuoted:
                let shift = style == .plain ? 0 : 1
                starts.append(SourceLocation(file: file, line: mark.line, column: mark.column + shift))
                for i in 1..<max(1, textLines) {
                    starts.append(SourceLocation(file: file, line: mark.line + i, column: indentation(ofLine: mark.line + i) + 1))
                }
            case .literal, .folded:
                // Content starts on the line after the indicator, at the block's indentation.
                var line = mark.line + 1
                while line <= lines.count, isBlank(line) { line += 1 }
                let indent = indentation(ofLine: line)
                for i in 0..<max(1, textLines) {
                    starts.append(SourceLocation(file: file, line: mark.line + 1 + i, column: indent + 1))
                }
            }
            return DocScalar(text: s.string, style: style, lineStarts: starts)
        }

        /// Whether a collection starts with `{` or `[` in the source. (Composed nodes carry
        /// no style in Yams 6.2.2: it reports `.any` for flow and block alike.)
        func opensFlow(at mark: Mark?) -> Bool {
            guard let mark, mark.line >= 1, mark.line <= lines.count else { return false }
            let line = lines[mark.line - 1]
            guard mark.column >= 1, mark.column <= line.count else { return false }
            return line[mark.column - 1] == "{" || line[mark.column - 1] == "["
        }

        func isBlank(_ line: Int) -> Bool {
            guard line >= 1, line <= lines.count else { return false }
            return lines[line - 1].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
        }

        func indentation(ofLine line: Int) -> Int {
            guard line >= 1, line <= lines.count else { return 0 }
            return lines[line - 1].prefix { $0 == " " }.count
        }
    }
}
