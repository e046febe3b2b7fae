/// Column widths that fit a table into a maximum width.
enum ColumnWidths {
    /// Columns narrower than this are never narrowed, and no column is narrowed below it.
    static let minimumTruncatedWidth = 3

    /// The widths to draw the columns at.
    ///
    /// While the table is wider than `maxWidth`, the widest truncatable column (the leftmost
    /// of equals) loses one column. This narrows the widest columns to a common width first and
    /// leaves narrow and numeric columns alone.
    ///
    /// - Parameters:
    ///   - natural: The width each column needs to show every cell in full.
    ///   - truncatable: Whether each column may be narrowed.
    ///   - overhead: The columns taken by borders and padding.
    ///   - maxWidth: The widest the table may be; `nil` for no limit.
    static func fit(natural: [Int], truncatable: [Bool], overhead: Int, maxWidth: Int?) -> [Int] {
        guard let maxWidth else { return natural }
        var widths = natural
        var excess = widths.reduce(overhead, +) - maxWidth
        while excess > 0 {
            var widest: Int?
            for index in widths.indices where index < truncatable.count && truncatable[index] {
                guard widths[index] > minimumTruncatedWidth else { continue }
                if let current = widest, widths[current] >= widths[index] { continue }
                widest = index
            }
            guard let column = widest else { break }
            widths[column] -= 1
            excess -= 1
        }
        return widths
    }
}
