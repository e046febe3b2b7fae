/// How the rows of a large table are split for work on all cores: consecutive ranges, so that
/// the pieces' results joined in order are the rows in order. A small table (fewer than 2,048
/// rows, such as a county's) is one piece: splitting it would cost more than it saves.
enum RowPieces {
    /// `0..<count` in `pieces` consecutive ranges (nil: 1 for a small table, 16 for a large
    /// one). Ranges may be empty when there are more pieces than rows.
    static func ranges(_ count: Int, _ pieces: Int? = nil) -> [Range<Int>] {
        let n = max(1, pieces ?? (count < 2048 ? 1 : 16))
        return (0..<n).map { k in (count * k / n)..<(count * (k + 1) / n) }
    }
}
