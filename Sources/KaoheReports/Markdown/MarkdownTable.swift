/// A GitHub-flavoured Markdown table, padded so that the source lines up too.
///
/// Cells are escaped for the table syntax only: `|` becomes `\|` and line breaks become
/// `<br>`. Any other Markdown in a cell (emphasis, links, HTML) is passed through, so a caller
/// may use it on purpose. Columns are padded by display width (a CJK character counts as two
/// columns), and right-aligned columns are padded on the left, so the table reads well in a
/// plain editor as well as on GitHub.
///
/// ```swift
/// let table = MarkdownTable(
///     header: ["单位", "得分"],
///     alignments: [.left, .right],
///     rows: [["城关镇", "80.70"], ["河西镇", "75.30"]]
/// )
/// print(table.render(), terminator: "")
/// ```
///
/// prints
///
/// ```
/// | 单位   |  得分 |
/// | :----- | ----: |
/// | 城关镇 | 80.70 |
/// | 河西镇 | 75.30 |
/// ```
public struct MarkdownTable: Sendable, Hashable {
    /// The header cells; they fix the number of columns.
    public var header: [String]
    /// The alignment of each column; missing entries are ``Alignment/left``.
    public var alignments: [Alignment]
    /// The body rows. Missing cells are empty; cells beyond the header's count are dropped.
    public var rows: [[String]]

    /// A table from a header and rows of cells.
    ///
    /// - Parameters:
    ///   - header: The header cells; they fix the number of columns.
    ///   - alignments: The alignment of each column; missing entries are ``Alignment/left``.
    ///   - rows: The body rows.
    public init(header: [String], alignments: [Alignment] = [], rows: [[String]] = []) {
        self.header = header
        self.alignments = alignments
        self.rows = rows
    }

    /// The table as Markdown, each line ending in `\n`; empty when there are no columns.
    public func render() -> String {
        guard !header.isEmpty else { return "" }
        let columns = header.indices
        let alignment = columns.map { $0 < alignments.count ? alignments[$0] : .left }
        let head = header.map(Self.escape)
        let body = rows.map { row in columns.map { $0 < row.count ? Self.escape(row[$0]) : "" } }
        // Three dashes at least, and room for the colons of the delimiter row.
        let widths = columns.map { column in
            body.reduce(max(3, displayWidth(head[column]))) { max($0, displayWidth($1[column])) }
        }

        func line(_ cells: [String]) -> String {
            let fitted = columns.map { padded(cells[$0], to: widths[$0], align: alignment[$0]) }
            return "| " + fitted.joined(separator: " | ") + " |\n"
        }
        let delimiter = columns.map { column -> String in
            let width = widths[column]
            switch alignment[column] {
            case .left: return ":" + String(repeating: "-", count: width - 1)
            case .right: return String(repeating: "-", count: width - 1) + ":"
            case .center: return ":" + String(repeating: "-", count: width - 2) + ":"
            }
        }
        return line(head) + "| " + delimiter.joined(separator: " | ") + " |\n" + body.map(line).joined()
    }

    /// `cell` made safe inside a table row: `|` escaped, line breaks as `<br>`.
    ///
    /// ```swift
    /// MarkdownTable.escape("a|b\nc")   // "a\\|b<br>c"
    /// ```
    public static func escape(_ cell: String) -> String {
        var result = ""
        for character in cell {
            switch character {
            case "|": result += "\\|"
            case "\r\n", "\n", "\r": result += "<br>"
            default: result.append(character)
            }
        }
        return result
    }
}
