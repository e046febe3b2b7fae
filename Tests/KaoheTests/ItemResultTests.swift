import Testing
@testable import Kaohe

@Suite("Item results")
struct ItemResultTests {
    /// The optional amounts read back as given, absent ones as nil; setting one changes only it.
    @Test func optionalAmountsRoundTrip() throws {
        let target = try #require(Fixed(parsing: "500000000"))
        let rate = try #require(Fixed(parsing: "1.2196648364"))
        var item = ItemResult(section: .indicator, name: "省外到位资金", value: .number(try #require(Fixed(parsing: "609832418.2"))),
                              target: target, rate: rate, points: nil, score: .zero, adjustments: [])
        #expect(item.target == target && item.rate == rate)
        #expect(item.points == nil)
        #expect(item.score == .zero)   // a score of 0 is a score, not an absent one
        item.points = Fixed(30)
        item.target = nil
        #expect(item.points == Fixed(30) && item.target == nil)
        #expect(item.rate == rate && item.score == .zero)
        item.score = nil
        #expect(item.score == nil && item.points == Fixed(30))
        item.target = target
        #expect(item.target == target)
    }

    /// 128 bytes an item (it was 192: four `Fixed?` of 32 bytes each), so that a province's
    /// 420,000 items take 54 MB, not 80.
    @Test func itemTakes128Bytes() {
        #expect(MemoryLayout<ItemResult>.stride <= 128)
    }
}
