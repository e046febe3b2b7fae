/// A place in a user's file: a scheme line and column, or a data row and column name.
///
/// Scheme positions print as `FILE:LINE:COLUMN`; data positions as `FILE:ROW:COLUMN-NAME`
/// (SPEC §8). Lines, rows and columns are 1-based; columns count Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based column in Unicode scalars, or nil when only the line is known.
    public var column: Int?
    /// The data column's name, for data files (printed instead of a column number).
    public var field: String?

    public init(file: String, line: Int, column: Int? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
    }

    public var description: String {
        if line <= 0 { return file }
        if let field { return "\(file):\(line):\(field)" }
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if (a.column ?? 0) != (b.column ?? 0) { return (a.column ?? 0) < (b.column ?? 0) }
        return (a.field ?? "") < (b.field ?? "")
    }
}
