/// `s` shortened to at most `width` terminal columns, ending in `…` when anything was cut.
///
/// Whole grapheme clusters are kept or dropped, so a wide character is never split: when the
/// next character does not fit, the result is one column narrower than `width` (pad it with
/// ``padded(_:to:align:)`` if you need the exact width). Text that already fits is returned
/// unchanged. ANSI escape sequences are kept, and a reset (`ESC[0m`) is added after the `…`
/// when any were present, so a cut never leaves the terminal coloured.
///
/// ```swift
/// truncated("城关镇人民政府", toWidth: 7)   // "城关镇…"   (width 7)
/// truncated("城关镇人民政府", toWidth: 6)   // "城关…"     (width 5)
/// truncated("abc", toWidth: 5)             // "abc"
/// ```
///
/// - Parameters:
///   - s: The text to shorten.
///   - width: The maximum display width; `0` or less gives the empty string.
public func truncated(_ s: String, toWidth width: Int) -> String {
    guard width > 0 else { return "" }
    guard displayWidth(s) > width else { return s }
    let ellipsis = "…"
    let room = width - displayWidth(ellipsis)
    var result = ""
    var used = 0
    var sawEscape = false
    for segment in TerminalTextSegment.split(s) {
        switch segment {
        case .escape(let sequence):
            result += sequence
            sawEscape = true
        case .character(let character):
            let characterWidth = displayWidth(of: character)
            if used + characterWidth > room {
                return result + ellipsis + (sawEscape ? "\u{1B}[0m" : "")
            }
            result.append(character)
            used += characterWidth
        }
    }
    // Unreachable in practice: the text was wider than `width`, so the loop returned.
    return result + ellipsis + (sawEscape ? "\u{1B}[0m" : "")
}
