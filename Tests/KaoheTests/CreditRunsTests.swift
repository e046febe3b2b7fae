import Testing
@testable import Kaohe

/// The aggregation's runs of one unit's whole credits, and the bit counts over record ranges
/// that add them up (``RecordBlock/runs(_:_:_:_:)``, ``ColumnCompiler/count(_:from:to:)``).
@Suite struct CreditRunsTests {
    /// Bits of 200 records (4 words): record r is in when r % 3 == 0 or r is 64…70 or 190.
    static let bits: [UInt64] = {
        var words = [UInt64](repeating: 0, count: 4)
        for r in 0..<200 where r % 3 == 0 || (64...70).contains(r) || r == 190 { words[r >> 6] |= 1 << UInt64(r & 63) }
        return words
    }()

    static func isIn(_ r: Int) -> Bool { bits[r >> 6] & (1 << UInt64(r & 63)) != 0 }

    @Test func countAndEachOverEveryRangeAgreeWithOneByOne() {
        Self.bits.withUnsafeBufferPointer { b in
            // Every range of 0…200, within a word, across one edge and across several.
            for from in 0...200 {
                for to in from...200 {
                    let expected = (from..<to).filter(Self.isIn)
                    #expect(ColumnCompiler.count(b, from: from, to: to) == expected.count)
                    var seen: [Int] = []
                    ColumnCompiler.each(b, from: from, to: to) { seen.append($0) }
                    #expect(seen == expected)
                }
            }
        }
    }

    @Test func countsOfKnownRanges() {
        Self.bits.withUnsafeBufferPointer { b in
            // 0..<10: 0, 3, 6, 9 → 4.
            #expect(ColumnCompiler.count(b, from: 0, to: 10) == 4)
            // 63..<72: 63 (÷3), 64…70 (7 records; 66 and 69 among them) → 8.
            #expect(ColumnCompiler.count(b, from: 63, to: 72) == 8)
            // 190..<191: 190 alone → 1; 191..<192: none (191 = 3 × 63 + 2).
            #expect(ColumnCompiler.count(b, from: 190, to: 191) == 1)
            #expect(ColumnCompiler.count(b, from: 191, to: 192) == 0)
            #expect(ColumnCompiler.count(b, from: 5, to: 5) == 0)
        }
    }

    @Test func runsCutWhereTheUnitOrTheKindOfCreditChanges() {
        // Records: 0–2 unit 4 whole; 3 shared 60/40 by 4 and 5; 4 unit 4 at a 60 % share;
        // 5 no credit; 6–7 unit 5 whole; 8 unit 4 whole.
        let starts: [Int32] = [0, 1, 2, 3, 5, 6, 6, 7, 8, 9]
        let units: [Int32] = [4, 4, 4, 4, 5, 4, 5, 5, 4]
        let sixty = Fixed(raw: Fixed.one * 6 / 10), forty = Fixed(raw: Fixed.one * 4 / 10)
        let shares: [Fixed] = [Fixed(1), Fixed(1), Fixed(1), sixty, forty, sixty, Fixed(1), Fixed(1), Fixed(1)]
        let (runs, runUnit) = starts.withUnsafeBufferPointer { s in
            units.withUnsafeBufferPointer { u in
                shares.withUnsafeBufferPointer { RecordBlock.runs(9, s, u, $0) }
            }
        }
        // 0..<3 unit 4; 3..<6 other (shared, part share, none: one run of "other");
        // 6..<8 unit 5; 8..<9 unit 4.
        #expect(runs == [0, 3, 6, 8, 9])
        #expect(runUnit == [4, -1, 5, 4])
        let none: [Int32] = [0], noUnits: [Int32] = [], noShares: [Fixed] = []
        let empty = none.withUnsafeBufferPointer { s in
            noUnits.withUnsafeBufferPointer { u in
                noShares.withUnsafeBufferPointer { RecordBlock.runs(0, s, u, $0) }
            }
        }
        #expect(empty.runs == [0])
        #expect(empty.units.isEmpty)
    }
}
