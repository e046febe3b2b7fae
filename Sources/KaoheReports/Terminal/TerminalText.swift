/// A piece of terminal text: either a visible grapheme cluster or an escape sequence.
///
/// Terminal text may carry ANSI escape sequences (colours from ``TerminalStyle``, for example)
/// that take no room on screen. Splitting text into segments lets the width functions skip them
/// and lets truncation copy them through unchanged.
enum TerminalTextSegment: Equatable {
    /// An escape sequence (CSI such as `ESC[1m`, OSC such as a hyperlink, or a two-character
    /// `ESC X` sequence), kept verbatim.
    case escape(String)
    /// One user-perceived character.
    case character(Character)

    /// Splits `text` into escape sequences and grapheme clusters.
    ///
    /// An `ESC` that does not start a complete sequence is returned as a character
    /// (a control character, zero columns wide).
    static func split(_ text: String) -> [TerminalTextSegment] {
        let characters = Array(text)
        var segments: [TerminalTextSegment] = []
        var index = 0
        while index < characters.count {
            if characters[index] == "\u{1B}", let end = escapeEnd(in: characters, from: index) {
                segments.append(.escape(String(characters[index...end])))
                index = end + 1
            } else {
                segments.append(.character(characters[index]))
                index += 1
            }
        }
        return segments
    }

    /// The index of the last character of the escape sequence starting at `start`,
    /// or `nil` when it is not a complete sequence.
    private static func escapeEnd(in characters: [Character], from start: Int) -> Int? {
        let next = start + 1
        guard next < characters.count else { return nil }
        switch characters[next] {
        case "[":
            // CSI: parameter and intermediate bytes, then one final byte in 0x40...0x7E.
            var index = next + 1
            while index < characters.count {
                guard let value = characters[index].asciiValue else { return nil }
                if (0x40...0x7E).contains(value) { return index }
                guard (0x20...0x3F).contains(value) else { return nil }
                index += 1
            }
            return nil
        case "]":
            // OSC: ends with BEL or with ST (ESC \).
            var index = next + 1
            while index < characters.count {
                if characters[index] == "\u{07}" { return index }
                if characters[index] == "\u{1B}" {
                    if index + 1 < characters.count, characters[index + 1] == "\\" { return index + 1 }
                    return nil
                }
                index += 1
            }
            return nil
        default:
            guard let value = characters[next].asciiValue, (0x40...0x5F).contains(value) else { return nil }
            return next
        }
    }
}
