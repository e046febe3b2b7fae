import Testing
@testable import KaoheReports

@Suite("Display width")
struct DisplayWidthTests {
    @Test("CJK characters are two columns, ASCII one")
    func cjkAndAscii() {
        #expect(displayWidth("城关镇") == 6)
        #expect(displayWidth("abc") == 3)
        #expect(displayWidth("城关镇abc") == 9)
        #expect(displayWidth("") == 0)
        #expect(displayWidth("第一分团 (2)") == 12)
    }

    @Test("Composed and decomposed é are one column")
    func combiningMarks() {
        #expect(displayWidth("\u{E9}") == 1)
        #expect(displayWidth("e\u{301}") == 1)
        #expect(displayWidth("e\u{301}\u{302}") == 1)
    }

    @Test("Emoji clusters are two columns")
    func emoji() {
        #expect(displayWidth("👍🏽") == 2)
        #expect(displayWidth("👨\u{200D}👩\u{200D}👧") == 2)
        #expect(displayWidth("❤\u{FE0F}") == 2)
        #expect(displayWidth("1\u{FE0F}\u{20E3}") == 2)
        #expect(displayWidth("🇨🇳") == 2)
        #expect(displayWidth("☺") == 1)
    }

    @Test("Fullwidth forms are two columns, halfwidth katakana one")
    func fullAndHalfWidth() {
        #expect(displayWidth("Ａ") == 2)
        #expect(displayWidth("ｱ") == 1)
        #expect(displayWidth("\u{3000}") == 2)   // ideographic space
        #expect(displayWidth("，。") == 4)
    }

    @Test("Ambiguous characters are one column")
    func ambiguous() {
        #expect(displayWidth("…") == 1)
        #expect(displayWidth("×") == 1)
    }

    @Test("Hangul: syllables and conjoining jamo are two columns")
    func hangul() {
        #expect(displayWidth("가") == 2)
        #expect(displayWidth("\u{1100}\u{1161}\u{11A8}") == 2)
    }

    @Test("Zero-width and control characters take no columns")
    func zeroWidth() {
        #expect(displayWidth("a\u{200B}b") == 2)       // zero width space
        #expect(displayWidth("a\u{200D}b") == 2)       // lone ZWJ
        #expect(displayWidth("\u{AD}") == 0)           // soft hyphen
        #expect(displayWidth("\u{FE0F}") == 0)
        #expect(displayWidth("a\tb\n") == 2)
        #expect(displayWidth("\r\n") == 0)
        #expect(displayWidth("\u{7}") == 0)
    }

    @Test("Unassigned code points are one column, except in the CJK planes")
    func unassigned() {
        #expect(displayWidth("\u{378}") == 1)
        #expect(displayWidth("\u{3FFFD}") == 2)
    }

    @Test("ANSI escape sequences take no columns")
    func escapes() {
        let style = TerminalStyle(enabled: true)
        #expect(displayWidth(style.red("否决")) == 4)
        #expect(displayWidth(style.bold(style.green("ok"))) == 2)
        #expect(displayWidth("\u{1B}]8;;https://example.com\u{7}链接\u{1B}]8;;\u{7}") == 4)
        #expect(displayWidth("\u{1B}") == 0)
    }

    @Test("The East Asian Width table is sorted, disjoint and not adjacent")
    func tableShape() {
        let ranges = EastAsianWidth.wideRanges
        #expect(!ranges.isEmpty)
        for (previous, next) in zip(ranges, ranges.dropFirst()) {
            #expect(previous.upperBound + 1 < next.lowerBound)
        }
        #expect(EastAsianWidth.isWide("城"))
        #expect(EastAsianWidth.isWide("\u{4E00}"))
        #expect(EastAsianWidth.isWide("\u{9FFF}"))
        #expect(!EastAsianWidth.isWide("A"))
        #expect(!EastAsianWidth.isWide("\u{10FFFF}"))
    }
}
