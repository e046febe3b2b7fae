/// Where text sits inside a cell that is wider than the text.
///
/// Used by ``padded(_:to:align:)``, ``TextTable`` and ``MarkdownTable``. Numbers are
/// conventionally right-aligned so that their digits line up.
///
/// ```swift
/// padded("得分", to: 6, align: .right)   // "  得分"
/// ```
public enum Alignment: Sendable, Hashable, CaseIterable {
    /// Text starts at the left edge; padding goes on the right.
    case left
    /// Text ends at the right edge; padding goes on the left.
    case right
    /// Text sits in the middle; an odd leftover column goes on the right.
    case center
}
