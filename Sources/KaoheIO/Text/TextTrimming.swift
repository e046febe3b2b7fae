/// Trimming of the spaces that surround a cell's text.
///
/// Spaces around a value are almost always accidents of typing or export, and a unit named
/// `城关镇 ` would silently fail to match `城关镇`. Trimmed are ASCII space and tab, the
/// no-break space U+00A0 and the ideographic (full-width) space U+3000, at both ends only.
enum TextTrimming {
    /// The range of `bytes[start..<end]` left after removing surrounding spaces.
    @inline(__always)
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var start = start, end = end
        while start < end {
            let b = bytes[start]
            if b == 0x20 || b == 0x09 {
                start += 1
            } else if b == 0xC2, start + 1 < end, bytes[start + 1] == 0xA0 {
                start += 2
            } else if b == 0xE3, start + 2 < end, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 {
                start += 3
            } else {
                break
            }
        }
        while end > start {
            let b = bytes[end - 1]
            if b == 0x20 || b == 0x09 {
                end -= 1
            } else if b == 0xA0, end - 2 >= start, bytes[end - 2] == 0xC2 {
                end -= 2
            } else if b == 0x80, end - 3 >= start, bytes[end - 2] == 0x80, bytes[end - 3] == 0xE3 {
                end -= 3
            } else {
                break
            }
        }
        return (start, end)
    }

    /// `text` without surrounding spaces.
    static func trimmed(_ text: String) -> String {
        // Nothing that could be trimmed at either end (the common case): the text itself, its
        // bytes not copied. (A leading space starts 20, 09, C2 or E3; a trailing one ends 20,
        // 09, A0 or 80.)
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if first != 0x20, first != 0x09, first != 0xC2, first != 0xE3, last != 0x20, last != 0x09, last != 0xA0, last != 0x80 {
            return text
        }
        var utf8 = Array(text.utf8)
        let count = utf8.count
        let (start, end) = utf8.withUnsafeMutableBufferPointer { trim(UnsafeBufferPointer($0), 0, count) }
        if start == 0 && end == count { return text }
        utf8 = Array(utf8[start..<end])
        return String(decoding: utf8, as: UTF8.self)
    }
}
