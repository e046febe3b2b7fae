import Kaohe

/// A table of strings drawn for a terminal, with columns aligned by display width.
///
/// Cells are plain strings: format numbers first (see ``formatFixed(_:places:grouping:)``).
/// Column widths are measured with ``displayWidth(_:)``, so Chinese text (two columns per
/// character) lines up with ASCII. Numeric columns are right-aligned and are never truncated;
/// when ``maxWidth`` is set and the table is too wide, the widest text columns are shortened
/// with `…` until it fits.
///
/// ```swift
/// var table = TextTable(title: "2021年度考核得分", columns: [
///     .text("单位"), .number("得分"), .number("排名"),
/// ])
/// table.addRow(["城关镇", "80.70", "2"])
/// table.addRow(["河西镇", "75.30", "3"])
/// print(table.render(), terminator: "")
/// ```
///
/// prints
///
/// ```
///     2021年度考核得分
/// ┌────────┬───────┬──────┐
/// │ 单位   │  得分 │ 排名 │
/// ├────────┼───────┼──────┤
/// │ 城关镇 │ 80.70 │    2 │
/// │ 河西镇 │ 75.30 │    3 │
/// └────────┴───────┴──────┘
/// ```
public struct TextTable: Sendable, Hashable {
    /// One column: its header, how its cells are aligned, and whether they may be shortened.
    public struct Column: Sendable, Hashable {
        /// The header text.
        public var title: String
        /// How the header and the cells sit in the column.
        public var alignment: Alignment
        /// Whether ``TextTable/maxWidth`` may shorten this column's cells with `…`.
        public var isTruncatable: Bool

        /// A column; right-aligned columns hold numbers and are not truncatable.
        ///
        /// - Parameters:
        ///   - title: The header text.
        ///   - alignment: How the header and the cells sit in the column.
        public init(_ title: String, alignment: Alignment = .left) {
            self.init(title, alignment: alignment, isTruncatable: alignment != .right)
        }

        /// A column with an explicit truncation rule.
        ///
        /// - Parameters:
        ///   - title: The header text.
        ///   - alignment: How the header and the cells sit in the column.
        ///   - isTruncatable: Whether ``TextTable/maxWidth`` may shorten the cells.
        public init(_ title: String, alignment: Alignment, isTruncatable: Bool) {
            self.title = title
            self.alignment = alignment
            self.isTruncatable = isTruncatable
        }

        /// A left-aligned text column that may be truncated.
        public static func text(_ title: String) -> Column {
            Column(title, alignment: .left, isTruncatable: true)
        }

        /// A right-aligned numeric column that is never truncated.
        public static func number(_ title: String) -> Column {
            Column(title, alignment: .right, isTruncatable: false)
        }
    }

    /// A body row: cells, or a horizontal rule separating sections.
    public enum Row: Sendable, Hashable {
        /// One cell per column. Missing cells are drawn empty; extra cells are ignored.
        case cells([String])
        /// A horizontal rule between two groups of rows. Rules at the start or end of the body,
        /// or directly after another rule, are not drawn.
        case separator
    }

    /// The characters the table is drawn with.
    public enum Border: Sendable, Hashable {
        /// A full frame of box-drawing characters (`┌─┬┐ │ ├─┼┤ └─┴┘`).
        case box
        /// A full frame of plain ASCII (`+-+ |`), for terminals and files without Unicode lines.
        case ascii
        /// No frame: columns separated by two spaces, a `-` rule under the header and between
        /// sections, trailing spaces removed.
        case plain
    }

    /// An optional line above the table, centred over it.
    public var title: String?
    /// The columns, left to right.
    public var columns: [Column]
    /// The body rows, top to bottom.
    public var rows: [Row]
    /// The characters the table is drawn with.
    public var border: Border
    /// The widest the table may be, in terminal columns (usually the terminal width).
    ///
    /// When the table is wider, the widest truncatable columns are narrowed one column at a
    /// time (not below three columns, or their natural width if smaller) and their cells
    /// shortened with `…`. Numeric columns keep their width; if the table still does not fit
    /// it is drawn as narrow as it can be. `nil` means no limit.
    public var maxWidth: Int?

    /// A table with the given columns and, optionally, rows.
    ///
    /// - Parameters:
    ///   - title: An optional line above the table.
    ///   - columns: The columns, left to right.
    ///   - rows: The body rows.
    ///   - border: The characters the table is drawn with.
    ///   - maxWidth: The widest the table may be, in terminal columns.
    public init(
        title: String? = nil,
        columns: [Column],
        rows: [Row] = [],
        border: Border = .box,
        maxWidth: Int? = nil
    ) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.border = border
        self.maxWidth = maxWidth
    }

    /// Appends a row of cells, one per column.
    public mutating func addRow(_ cells: [String]) {
        rows.append(.cells(cells))
    }

    /// Appends a horizontal rule that separates the rows above from the rows below.
    public mutating func addSeparator() {
        rows.append(.separator)
    }

    /// The table as text, one line per row, each line ending in `\n`.
    ///
    /// Newlines and tabs inside cells become spaces. With ``Border/box`` and ``Border/ascii``
    /// every line of the table (not the title) has the same display width.
    ///
    /// - Parameter style: Applied to the header cells (bold); pass an enabled
    ///   ``TerminalStyle`` only when writing to a terminal.
    public func render(style: TerminalStyle = .plain) -> String { render(style: style, pieces: nil) }

    /// `pieces`: how many pieces of rows to work on in parallel (nil: one for a small table,
    /// more for a large one); the text is the same for any number (tests hold it so).
    func render(style: TerminalStyle, pieces pieceCount: Int?) -> String {
        guard !columns.isEmpty else { return title.map { $0 + "\n" } ?? "" }
        let header = columns.map { Self.clean($0.title) }
        // The rows in pieces on all cores (a province's score table has twenty thousand):
        // each piece's cells cleaned, and their widths.
        let visible = Self.visibleRows(rows)
        let pieces = RowPieces.ranges(visible.count, pieceCount)
        let columnCount = columns.count
        let cleaned = parallelMap(pieces.count) { k -> (rows: [[String]?], widths: [Int]) in
            var widths = [Int](repeating: 0, count: columnCount)
            let rows = visible[pieces[k]].map { row -> [String]? in
                guard case .cells(let cells) = row else { return nil }
                let clean = (0..<columnCount).map { $0 < cells.count ? Self.clean(cells[$0]) : "" }
                for c in 0..<columnCount { widths[c] = max(widths[c], displayWidth(clean[c])) }
                return clean
            }
            return (rows, widths)
        }
        let body = cleaned.flatMap(\.rows)
        let natural = columns.indices.map { column in
            cleaned.reduce(displayWidth(header[column])) { max($0, $1.widths[column]) }
        }
        let widths = ColumnWidths.fit(
            natural: natural,
            truncatable: columns.map(\.isTruncatable),
            overhead: frameWidth(columns: columns.count),
            maxWidth: maxWidth
        )

        var lines: [String] = []
        if let title, !title.isEmpty {
            let tableWidth = widths.reduce(0, +) + frameWidth(columns: columns.count)
            let shown = maxWidth.map { truncated(title, toWidth: $0) } ?? title
            let indent = max(0, (tableWidth - displayWidth(shown)) / 2)
            lines.append(String(repeating: " ", count: indent) + shown)
        }
        if let top = rule(.top, widths: widths) { lines.append(top) }
        lines.append(line(header.map { style.bold($0) }, widths: widths))
        if let under = rule(.inner, widths: widths) { lines.append(under) }
        let between = rule(.inner, widths: widths)
        let drawn = parallelMap(pieces.count) { k in
            body[pieces[k]].compactMap { row in row.map { line($0, widths: widths) } ?? between }
        }
        for piece in drawn { lines += piece }
        if let bottom = rule(.bottom, widths: widths) { lines.append(bottom) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The columns taken by borders and cell padding, for `columns` columns.
    private func frameWidth(columns: Int) -> Int {
        switch border {
        case .box, .ascii: return 3 * columns + 1
        case .plain: return 2 * (columns - 1)
        }
    }

    /// One row of cells, each fitted to its column's width.
    private func line(_ cells: [String], widths: [Int]) -> String {
        let fitted = cells.indices.map { index in
            padded(truncated(cells[index], toWidth: widths[index]), to: widths[index], align: columns[index].alignment)
        }
        switch border {
        case .box:
            return "│ " + fitted.joined(separator: " │ ") + " │"
        case .ascii:
            return "| " + fitted.joined(separator: " | ") + " |"
        case .plain:
            return trimmingTrailingSpaces(fitted.joined(separator: "  "))
        }
    }

    /// Where a horizontal rule goes.
    private enum RulePosition {
        case top, inner, bottom
    }

    /// A horizontal rule, or `nil` when the border has none there (`.plain` has no frame).
    private func rule(_ position: RulePosition, widths: [Int]) -> String? {
        switch border {
        case .box:
            let (left, middle, right) = switch position {
            case .top: ("┌", "┬", "┐")
            case .inner: ("├", "┼", "┤")
            case .bottom: ("└", "┴", "┘")
            }
            return left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right
        case .ascii:
            return "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        case .plain:
            guard position == .inner else { return nil }
            return widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        }
    }

    private func trimmingTrailingSpaces(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Drops separators that would draw a rule next to another rule or the frame.
    private static func visibleRows(_ rows: [Row]) -> [Row] {
        var visible: [Row] = []
        for row in rows {
            if row == .separator, visible.isEmpty || visible.last == .separator { continue }
            visible.append(row)
        }
        if visible.last == .separator { visible.removeLast() }
        return visible
    }

    /// A cell with line breaks and tabs turned into spaces, so that it stays on one line.
    private static func clean(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" }) else { return cell }
        return String(cell.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" ? " " : $0 })
    }
}
