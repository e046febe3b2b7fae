/// `s` padded with spaces to `width` terminal columns.
///
/// Widths are display widths (see ``displayWidth(_:)``), so a CJK character counts as two
/// columns. Text that is already `width` columns or wider is returned unchanged; use
/// ``truncated(_:toWidth:)`` first to make it fit.
///
/// ```swift
/// padded("城关镇", to: 8, align: .left)    // "城关镇  "
/// padded("80.70", to: 7, align: .right)   // "  80.70"
/// padded("合计", to: 7, align: .center)    // " 合计  "
/// ```
///
/// - Parameters:
///   - s: The text to pad.
///   - width: The display width to reach.
///   - align: Where the text goes; with ``Alignment/center`` an odd leftover column goes on
///     the right.
public func padded(_ s: String, to width: Int, align: Alignment) -> String {
    let missing = width - displayWidth(s)
    guard missing > 0 else { return s }
    switch align {
    case .left:
        return s + String(repeating: " ", count: missing)
    case .right:
        return String(repeating: " ", count: missing) + s
    case .center:
        let before = missing / 2
        return String(repeating: " ", count: before) + s + String(repeating: " ", count: missing - before)
    }
}
