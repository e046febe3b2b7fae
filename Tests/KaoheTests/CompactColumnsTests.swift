import Testing
@testable import Kaohe

@Suite struct CompactColumnsTests {
    private func fixed(_ s: String) -> Fixed { Fixed(parsing: s, allowSuffix: false)! }

    @Test func totalsWithTwoPlacesKeptInSixtyFourBits() {
        // 72.68 = 7268 × 10^-2: every value a multiple of 0.01, so powers[18] (10^18 raw units).
        let values = ["72.68", "0", "-3.5", "120", "0.01"].map(fixed)
        #expect(FixedColumn.places(values) == 2)
        let column = FixedColumn(values)
        #expect(Array(column) == values)
        #expect(column[3].description == "120")
        #expect(column[2].description == "-3.5")
        // Quotients 7268, 0, -350, 12000, 1 all fit in 16 bits.
        #expect(column.bytesPerValue == 2)
    }

    @Test func quotientsPastSixteenBitsKeptInThirtyTwo() {
        // 327.67 = 32767 × 10^-2 (Int16.max) and -327.68 = -32768 × 10^-2 (Int16.min) fit in
        // 16 bits; 327.68 = 32768 × 10^-2 does not, so 32.
        let edge = ["327.67", "-327.68", "0"].map(fixed)
        #expect(FixedColumn(edge).bytesPerValue == 2)
        #expect(Array(FixedColumn(edge)) == edge)
        let past = ["327.68", "1.5"].map(fixed)
        #expect(FixedColumn(past).bytesPerValue == 4)
        #expect(Array(FixedColumn(past)) == past)
    }

    @Test func quotientsPastThirtyTwoBitsKeptInSixtyFour() {
        // 30000000.01 = 3000000001 × 10^-2: over 2^31 − 1 = 2147483647, so 64 bits; and
        // -21474836.48 = -2147483648 × 10^-2 is Int32.min, which still fits in 32.
        let wide = ["30000000.01", "1"].map(fixed)
        #expect(FixedColumn(wide).bytesPerValue == 8)
        #expect(Array(FixedColumn(wide)) == wide)
        let edge = ["-21474836.48", "21474836.47"].map(fixed)
        #expect(FixedColumn(edge).bytesPerValue == 4)
        #expect(Array(FixedColumn(edge)) == edge)
        let past = ["21474836.48"].map(fixed)
        #expect(FixedColumn(past).bytesPerValue == 8)
        #expect(Array(FixedColumn(past)) == past)
    }

    @Test func wholeMoneyAndZerosKeepTheirLargestPower() {
        // 500000 元 = 5 × 10^5 × 10^20 raw: a multiple of 10^20 raw with quotient 500000.
        let values = ["500000", "0", "200000"].map(fixed)
        #expect(FixedColumn.places(values) == 0)
        #expect(Array(FixedColumn(values)) == values)
        // All zeros: the largest power (any is a divisor of 0).
        #expect(FixedColumn.places([.zero, .zero]) == 0)
        #expect(Array(FixedColumn([.zero, .zero])) == [.zero, .zero])
    }

    @Test func twentyPlacesAndHugeValuesStayWhole() {
        // 1/3 to 20 places: the only divisor is 10^0 raw, and its quotient 333…(20 digits) is over 2^63.
        let third = try! Fixed(1).divided(by: Fixed(3))
        #expect(FixedColumn.places([third, Fixed(1)]) == nil)
        #expect(Array(FixedColumn([third, Fixed(1)])) == [third, Fixed(1)])
        // 0.123 (3 places) with 12 (whole): the power falls to 10^17 raw (3 places).
        let mixed = ["12", "0.123"].map(fixed)
        #expect(FixedColumn.places(mixed) == 3)
        #expect(Array(FixedColumn(mixed)) == mixed)
        // 10^17 with 0.01: at 2 places 10^17 is 10^19, over 2^63 ≈ 9.2 × 10^18; at 0 places
        // 0.01 is not whole. No power fits both: kept as they are.
        let wide = ["100000000000000000", "0.01"].map(fixed)
        #expect(FixedColumn.places(["10000000000", "0.01"].map(fixed)) == 2)
        #expect(FixedColumn.places(wide) == nil)
        #expect(Array(FixedColumn(wide)) == wide)
        #expect(Array(FixedColumn([])) == [])
    }

    @Test func columnsKeptInAnArenaReadBackTheSame() {
        // Columns from one arena, read back while the arena is held only by them.
        var columns: [FixedColumn] = []
        var ranks: [CompactInts] = []
        do {
            let arena = ColumnArena()
            for k in 0..<3 {
                // Totals k + 0.01 × u (0.01 is 10^18 raw): quotients 100k + u fit in 32 bits.
                let values = (0..<1000).map { u in Fixed(raw: Int128(100 * k + u) * 1_000_000_000_000_000_000) }
                columns.append(FixedColumn(values, arena: arena))
            }
            ranks.append(CompactInts([3, 1, 2], arena: arena))
            ranks.append(CompactInts([300, 1, 65535], arena: arena))
        }
        for k in 0..<3 {
            // Hundredths up to (k + 9.99) × 100 = 1199: 16 bits.
            #expect(columns[k].bytesPerValue == 2)
            #expect(columns[k].count == 1000)
            #expect(columns[k][0] == Fixed(raw: Int128(100 * k) * 1_000_000_000_000_000_000))
            // 100k + 999 hundredths: k + 9.99.
            #expect(columns[k][999].description == "\(k + 9).99")
        }
        #expect(Array(ranks[0]) == [3, 1, 2])
        #expect(ranks[0].bytesPerValue == 1)
        #expect(Array(ranks[1]) == [300, 1, 65535])
        #expect(ranks[1].bytesPerValue == 2)
    }

    @Test func arenaMapsAnotherBlockWhenOneIsFull() throws {
        let arena = ColumnArena()
        // 20 MB, then 20 MB more: past the first 32 MB block, so from a second one; and one
        // larger than a block, mapped on its own. Each is written at both ends and read back.
        let sizes = [20 << 20, 20 << 20, 40 << 20]
        let buffers = try sizes.map { try #require(arena.allocate(UInt8.self, count: $0)) }
        for (k, b) in buffers.enumerated() {
            #expect(b.count == sizes[k])
            b[0] = UInt8(k + 1)
            b[b.count - 1] = UInt8(k + 10)
        }
        for (k, b) in buffers.enumerated() {
            #expect(b[0] == UInt8(k + 1) && b[b.count - 1] == UInt8(k + 10))
        }
        // The second does not overlap the first.
        let first = UInt(bitPattern: buffers[0].baseAddress), second = UInt(bitPattern: buffers[1].baseAddress)
        #expect(second >= first + UInt(sizes[0]) || first >= second + UInt(sizes[1]))
    }

    @Test func uncompactedColumnsHoldTheValuesAsTheyAre() {
        // 95.37, 1/3 (not a multiple of any power of ten that fits) and 0: 16 bytes each, as given.
        let third = (try? Fixed(1).divided(by: Fixed(3))) ?? .zero
        let totals = [Fixed(parsing: "95.37") ?? .zero, third, .zero]
        let raw = FixedColumn(uncompacted: totals)
        #expect(raw.bytesPerValue == 16)
        #expect(Array(raw) == totals)
        // Whole integers kept as the array they came in (8 bytes each), 32-bit ones as 4.
        let ranks = CompactInts(uncompacted: [3, 1, 2])
        #expect(ranks.bytesPerValue == 8)
        #expect(Array(ranks) == [3, 1, 2])
        let titles = CompactInts(uncompacted: [Int32(5), 0, 70_000])
        #expect(titles.bytesPerValue == 4)
        #expect(Array(titles) == [5, 0, 70_000])
        #expect(Array(GradePlaces(uncompacted: [2, -1, 0])) == [2, -1, 0])
    }

    @Test func differencesAreMarkedWhateverTheStorage() {
        // The same columns kept small and as they are, against a second column that differs
        // at 1 and 3: bit 4 set there, whichever storage each side has.
        let a = [Fixed(1), Fixed(parsing: "2.5") ?? .zero, Fixed(3), Fixed(4)]
        let b = [Fixed(1), Fixed(parsing: "2.25") ?? .zero, Fixed(3), Fixed(5)]
        let ia = [1, 2, 3, 4], ib = [1, 7, 3, 9]
        for (x, y) in [(FixedColumn(a), FixedColumn(b)), (FixedColumn(uncompacted: a), FixedColumn(uncompacted: b)),
                       (FixedColumn(a), FixedColumn(uncompacted: b)), (FixedColumn(uncompacted: a), FixedColumn(b))] {
            var flags = [UInt8](repeating: 0, count: 4)
            flags.withUnsafeMutableBufferPointer { y.markDifferences(from: x, bit: 4, into: $0) }
            #expect(flags == [0, 4, 0, 4])
        }
        for (x, y) in [(CompactInts(ia), CompactInts(ib)), (CompactInts(uncompacted: ia), CompactInts(uncompacted: ib)),
                       (CompactInts(ia), CompactInts(uncompacted: ib)), (CompactInts(uncompacted: ia), CompactInts(ib))] {
            var flags = [UInt8](repeating: 1, count: 4)
            flags.withUnsafeMutableBufferPointer { y.markDifferences(from: x, bit: 2, into: $0) }
            #expect(flags == [1, 3, 1, 3])
        }
        // Grade places (-1: none) differing at 1 and 3, kept small or as they are.
        let ga: [Int16] = [0, -1, 2, 1], gb: [Int16] = [0, 1, 2, -1]
        for (x, y) in [(GradePlaces(ga), GradePlaces(gb)), (GradePlaces(uncompacted: ga), GradePlaces(uncompacted: gb)),
                       (GradePlaces(ga), GradePlaces(uncompacted: gb)), (GradePlaces(uncompacted: ga), GradePlaces(gb))] {
            var flags = [UInt8](repeating: 0, count: 4)
            flags.withUnsafeMutableBufferPointer { y.markDifferences(from: x, bit: 1, into: $0) }
            #expect(flags == [0, 1, 0, 1])
            #expect(Array(y) == gb)
        }
        let wa = ia.map { Int32($0) }, wb = ib.map { Int32($0) }
        for (x, y) in [(CompactInts(uncompacted: wa), CompactInts(uncompacted: wb)), (CompactInts(ia), CompactInts(uncompacted: wb)),
                       (CompactInts(uncompacted: ia), CompactInts(uncompacted: wb))] {
            var flags = [UInt8](repeating: 0, count: 4)
            flags.withUnsafeMutableBufferPointer { y.markDifferences(from: x, bit: 2, into: $0) }
            #expect(flags == [0, 2, 0, 2])
        }
    }

    @Test func gradePlacesKeepNone() {
        // -1 (no grade) is kept as 0, place k as k + 1: all in bytes.
        let places = GradePlaces([2, -1, 0, 1])
        #expect(Array(places) == [2, -1, 0, 1])
        #expect(GradePlaces([Int16]()).isEmpty)
    }

    /// Differences marked by comparing the stored integers are those of the values, whatever
    /// width and unit each column chose.
    @Test func differencesMarkedAsTheValuesDiffer() {
        func marks(_ a: FixedColumn, _ b: FixedColumn) -> [UInt8] {
            var flags = [UInt8](repeating: 0, count: a.count)
            flags.withUnsafeMutableBufferPointer { a.markDifferences(from: b, bit: 8, into: $0) }
            return flags
        }
        let x = ["1.5", "2", "95.37", "0"].map(fixed)
        // Same width and unit (16 bits, hundredths): 2 → 2.01 and 0 → -0.01 differ.
        #expect(marks(FixedColumn(x), FixedColumn(["1.5", "2.01", "95.37", "-0.01"].map(fixed))) == [0, 8, 0, 8])
        // Another unit (tenths: 1.5, 2, 95.4, 0 would be 15, 20, 954, 0) and another width
        // (32 bits for 400.01): compared as values.
        #expect(marks(FixedColumn(x), FixedColumn(["1.5", "2", "95.4", "0"].map(fixed))) == [0, 0, 8, 0])
        #expect(marks(FixedColumn(x), FixedColumn(["1.5", "400.01", "95.37", "0"].map(fixed))) == [0, 8, 0, 0])
        // Integers: 8 against 8 bits, and 8 against 16.
        func marks(_ a: CompactInts, _ b: CompactInts) -> [UInt8] {
            var flags = [UInt8](repeating: 1, count: a.count)
            flags.withUnsafeMutableBufferPointer { a.markDifferences(from: b, bit: 2, into: $0) }
            return flags
        }
        #expect(marks(CompactInts([1, 2, 3]), CompactInts([1, 3, 3])) == [1, 3, 1])
        #expect(marks(CompactInts([1, 2, 3]), CompactInts([1, 2, 300])) == [1, 1, 3])
        var grades = [UInt8](repeating: 0, count: 3)
        grades.withUnsafeMutableBufferPointer { GradePlaces([0, -1, 2]).markDifferences(from: GradePlaces([0, 1, 2]), bit: 4, into: $0) }
        #expect(grades == [0, 4, 0])
    }

    @Test func compactIntsNarrowOrWide() {
        let bytes = CompactInts([0, 7, 255])
        #expect(bytes.bytesPerValue == 1)
        #expect(Array(bytes) == [0, 7, 255])
        let narrow = CompactInts([0, 1, 65535])
        #expect(narrow.bytesPerValue == 2)
        #expect(Array(narrow) == [0, 1, 65535])
        #expect(CompactInts([256, 0]).bytesPerValue == 2)
        let wide = CompactInts([0, 65536, 3])
        #expect(wide.bytesPerValue == 4)
        #expect(Array(wide) == [0, 65536, 3])
        let negative = CompactInts([Int32(-1), 2])
        #expect(Array(negative) == [-1, 2])
        #expect(CompactInts([Int]()).isEmpty)
    }
}
