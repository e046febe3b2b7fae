/// The text of one expression and where it sits in its file.
///
/// An expression is usually a YAML scalar. The loader records where each line of the
/// scalar's content starts in the file (after an opening quote, or at the indentation of a
/// block scalar's line), so that an offset inside the expression becomes a file position:
/// diagnostics point at the offending token, not at the scalar's start.
public struct ExpressionSource: Sendable, Hashable {
    public let text: String
    public let scalars: [Unicode.Scalar]
    /// Where each content line of `text` starts in the file (one entry per line of text).
    public let lineStarts: [SourceLocation]

    public init(text: String, lineStarts: [SourceLocation]) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        self.lineStarts = lineStarts
    }

    /// For expressions that come from nowhere in particular (tests, `--set`).
    public init(text: String, file: String = "<expr>", line: Int = 1, column: Int = 1) {
        self.init(text: text, lineStarts: [SourceLocation(file: file, line: line, column: column)])
    }

    /// The file position of the scalar at `offset` (0-based, in Unicode scalars).
    public func location(at offset: Int) -> SourceLocation {
        var line = 0
        var lineStartOffset = 0
        var i = 0
        let end = min(offset, scalars.count)
        while i < end {
            if scalars[i] == "\n" { line += 1; lineStartOffset = i + 1 }
            i += 1
        }
        guard let first = lineStarts.first else {
            return SourceLocation(file: "<expr>", line: 1, column: offset + 1)
        }
        let start = line < lineStarts.count ? lineStarts[line]
            : SourceLocation(file: first.file, line: first.line + line, column: 1)
        var loc = start
        loc.column = (start.column ?? 1) + (offset - lineStartOffset)
        return loc
    }

    /// The source text of `range` (offsets in Unicode scalars), as the user wrote it.
    public func slice(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, scalars.count))
        let hi = max(lo, min(range.upperBound, scalars.count))
        return String(String.UnicodeScalarView(scalars[lo..<hi]))
    }
}
