import Testing
@testable import KaoheReports

@Suite("Padding and truncation")
struct PaddingTruncationTests {
    @Test("Padding counts display columns")
    func padding() {
        #expect(padded("城关镇", to: 8, align: .left) == "城关镇  ")
        #expect(padded("城关镇", to: 8, align: .right) == "  城关镇")
        #expect(padded("合计", to: 7, align: .center) == " 合计  ")
        #expect(padded("80.70", to: 7, align: .right) == "  80.70")
        #expect(padded("城关镇", to: 4, align: .left) == "城关镇")
        #expect(padded("", to: 2, align: .center) == "  ")
    }

    @Test("Truncation ends in an ellipsis and never splits a wide character")
    func truncation() {
        let seven = truncated("城关镇人民政府", toWidth: 7)
        #expect(seven == "城关镇…")
        #expect(displayWidth(seven) == 7)
        let six = truncated("城关镇人民政府", toWidth: 6)
        #expect(six == "城关…")
        #expect(displayWidth(six) == 5)
        #expect(truncated("Riverside", toWidth: 4) == "Riv…")
        #expect(truncated("城关镇", toWidth: 6) == "城关镇")
        #expect(truncated("城关镇", toWidth: 1) == "…")
        #expect(truncated("城关镇", toWidth: 0) == "")
        #expect(truncated("👨\u{200D}👩\u{200D}👧👍🏽x", toWidth: 4) == "👨\u{200D}👩\u{200D}👧…")
    }

    @Test("Truncating styled text keeps the codes and resets after the ellipsis")
    func truncatingStyledText() {
        let style = TerminalStyle(enabled: true)
        let cut = truncated(style.red("城关镇人民政府"), toWidth: 5)
        #expect(cut == "\u{1B}[31m城关…\u{1B}[0m")
        #expect(displayWidth(cut) == 5)
    }
}
