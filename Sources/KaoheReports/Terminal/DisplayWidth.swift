/// The number of terminal columns that `s` occupies.
///
/// Widths are counted per grapheme cluster (Swift `Character`), the way terminals draw text:
///
/// - East Asian Wide and Fullwidth characters (CJK ideographs, kana, Hangul, `Ａ`): 2.
/// - Emoji presentation clusters (`👍🏽`, `❤️`, ZWJ families, flags, keycaps): 2.
/// - Combining marks, format characters (ZWJ, soft hyphen), variation selectors on
///   their own: 0; after a base character they add nothing.
/// - Control characters (including tab and newline): 0.
/// - Everything else, including East Asian *Ambiguous* characters such as `…` and `×`: 1.
///
/// ANSI escape sequences (such as those written by ``TerminalStyle``) take no columns.
///
/// ```swift
/// displayWidth("城关镇")   // 6
/// displayWidth("abc")     // 3
/// displayWidth("👍🏽")      // 2
/// ```
public func displayWidth(_ s: String) -> Int {
    if let width = simpleWidth(s) { return width }
    var width = 0
    for segment in TerminalTextSegment.split(s) {
        if case .character(let character) = segment {
            width += displayWidth(of: character)
        }
    }
    return width
}

/// The number of terminal columns that one grapheme cluster occupies: 0, 1 or 2.
///
/// See ``displayWidth(_:)`` for the rules.
///
/// ```swift
/// displayWidth(of: "城")   // 2
/// displayWidth(of: "é")   // 1
/// ```
public func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.count > 1 {
        // An emoji followed by VS16 (U+FE0F), a skin tone or a ZWJ is drawn as a wide emoji.
        if first.properties.isEmoji,
           scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D || $0.properties.isEmojiModifier }) {
            return 2
        }
        // A keycap sequence (digit, optional VS16, U+20E3) is an emoji too.
        if scalars.contains(where: { $0.value == 0x20E3 }) { return 2 }
    }
    // The first scalar that takes room decides the width of the whole cluster.
    for scalar in scalars {
        let width = displayWidth(ofScalar: scalar)
        if width > 0 { return width }
        if isControl(scalar) { return 0 }
    }
    return 0
}

/// The width of text made only of printable ASCII and CJK ideographs (most cells of a score
/// table: names, numbers), scalar by scalar without segmenting graphemes; nil for anything
/// else (escape sequences, marks, emoji, other scripts), which takes the general path. None of
/// these scalars combines with another, so each is one column (ASCII) or two (ideographs), as
/// the general path counts them.
private func simpleWidth(_ s: String) -> Int? {
    var width = 0
    for scalar in s.unicodeScalars {
        switch scalar.value {
        case 0x20...0x7E: width += 1
        case 0x3400...0x4DBF, 0x4E00...0x9FFF: width += 2
        default: return nil
        }
    }
    return width
}

/// The width of one scalar on its own: 0, 1 or 2.
private func displayWidth(ofScalar scalar: Unicode.Scalar) -> Int {
    if isControl(scalar) || isZeroWidth(scalar) { return 0 }
    if scalar.properties.isEmojiPresentation || EastAsianWidth.isWide(scalar) { return 2 }
    return 1
}

/// Control characters (`Cc`) and line or paragraph separators draw nothing.
private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
}

/// Combining marks, format characters (ZWJ, ZWNJ, soft hyphen, bidi controls),
/// variation selectors and conjoining Hangul vowels and finals take no column of their own.
private func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format:
        return true
    default:
        // Hangul Jungseong and Jongseong join the preceding Choseong.
        return (0x1160...0x11FF).contains(scalar.value) || (0xD7B0...0xD7FF).contains(scalar.value)
    }
}
