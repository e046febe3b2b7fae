import Foundation
import Testing
@testable import KaoheGen
@testable import Kaohe

/// Cell readers that work on bytes, against the text readers they stand in for.
@Suite("Ledger cells")
struct LedgerCellTests {
    func day(_ text: String) -> Day? {
        var text = text
        return text.withUTF8 { Day.parseASCII($0) }
    }

    @Test("dates with 年月日 are read from their bytes, as the text reader reads them")
    func chineseDates() {
        #expect(day("2021年6月30日") == Day(year: 2021, month: 6, day: 30))
        #expect(day("2021年12月1日") == Day(year: 2021, month: 12, day: 1))
        #expect(day("2021-06-30") == Day(year: 2021, month: 6, day: 30))
        // Not dates, or not in this fast path: nil, and the text reader decides.
        #expect(day("2021年6月30") == nil)
        #expect(day("2021年2月30日") == nil)          // no 30 February
        #expect(Day(parsing: "2021年2月30日") == nil)
        #expect(day("2021年6月30日 ") == nil)         // (cells are trimmed before)
        for text in ["2021年1月13日", "2021年10月31日", "2020年2月29日"] {
            #expect(day(text) == Day(parsing: text))
        }
    }

    @Test("ten-byte dates (2021-06-30) read in place, as the text reader reads them")
    func isoDates() {
        #expect(day("2021-06-30") == Day(year: 2021, month: 6, day: 30))
        #expect(day("2020-02-29") == Day(year: 2020, month: 2, day: 29))
        #expect(day("1900-02-28")?.ordinal == Day(year: 1900, month: 2, day: 28)?.ordinal)
        // No such day, or not a date: nil here, as from the text reader.
        for text in ["2021-02-29", "1900-02-29", "2021-13-01", "2021-00-10", "2021-06-00", "2021-06-31", "0000-01-01",
                     "2021-1a-01", "2021-06-3x", "+021-06-30", "2021--6-30", "2021-6--30", "2021-06-30"] {
            #expect(day(text) == Day(parsing: text), "\(text)")
        }
        // Every day of 2020 and 2021 (and of February in 2100, not a leap year) both ways.
        for year in [2020, 2021, 2100] {
            for month in 1...12 {
                for d in 1...31 {
                    let text = String(format: "%04d-%02d-%02d", year, month, d)
                    #expect(day(text) == Day(parsing: text), "\(text)")
                    #expect(day(text) == Day(year: year, month: month, day: d), "\(text)")
                }
            }
        }
    }

    @Test("a column's ISO dates read with the year kept from the date before give what the cell reader gives")
    func isoDatesInARow() {
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        var reader = ISODayReader()
        func read(_ text: String) -> Int? { bytes(text).withUnsafeBufferPointer { reader.ordinal($0) } }
        // 1 March 2020 is day 31 + 29 + 1 of a leap year: 2020-01-01 + 60.
        let newYear = Day(year: 2020, month: 1, day: 1)!.ordinal
        #expect(read("2020-03-01") == newYear + 60)
        #expect(read("2021-03-01") == newYear + 366 + 59)
        // Every day of 2020, 2021, 1900 and 2100 (not leap years) and 2000 (a leap year),
        // years changing between dates and not, and the impossible days: what parseASCII gives.
        for year in [2020, 2021, 1900, 2100, 2000, 2021] {
            for month in 0...13 {
                for d in 0...32 {
                    let text = String(format: "%04d-%02d-%02d", year, month, d)
                    let expected = bytes(text).withUnsafeBufferPointer { Day.parseASCII($0)?.ordinal }
                    #expect(read(text) == expected, "\(text)")
                    if month >= 1 && month <= 12 && d >= 1 && d <= Day.daysIn(month: month, year: year) {
                        #expect(read(text) == Day(year: year, month: month, day: d)?.ordinal, "\(text)")
                    } else {
                        #expect(read(text) == nil, "\(text)")
                    }
                }
            }
        }
        // Not dates, after a year was kept and before; other spellings as parseASCII reads them.
        for text in ["2021-1a-01", "2021-06-3x", "+021-06-30", "2021--6-30", "2021-6--30", "0000-01-01", "202a-01-01",
                     "2021/6/30", "2021.06.30", "2021年6月30日", "2021-06-30 ", "", "2021-06-3"] {
            let expected = bytes(text).withUnsafeBufferPointer { Day.parseASCII($0)?.ordinal }
            #expect(read(text) == expected, "\(text)")
            _ = read("2021-06-30")
        }
    }

    @Test("list cells are split on 、 , ， ; ； and trimmed, empty parts dropped")
    func lists() {
        #expect(CellParser.splitList("世界500强、央企") == ["世界500强", "央企"])
        #expect(CellParser.splitList(" a ,b，c;d；e、、 ") == ["a", "b", "c", "d", "e"])
        #expect(CellParser.splitList("城关镇 60%、河西镇 40%") == ["城关镇 60%", "河西镇 40%"])
        #expect(CellParser.splitList("") == [])
        #expect(CellParser.splitList("一、") == ["一"])
    }

    @Test("shared credit read from bytes gives the credits read by names, or leaves the cell to them")
    func sharedCreditFromBytes() {
        let units = ["城关镇": 0, "河西镇": 1, "新山镇": 2]
        func byBytes(_ text: String) -> [DatasetData.Credit]? {
            var text = text
            return text.withUTF8 { b in
                CellParser.parseCredit(bytes: b) { name in units[String(decoding: name, as: UTF8.self)].map(Int32.init) }
            }
        }
        func byNames(_ text: String) -> [DatasetData.Credit]? {
            if case .success(let c) = CellParser.parseCredit(text, units: units) { return c }
            return nil
        }
        func pairs(_ c: [DatasetData.Credit]?) -> [String]? { c?.map { "\($0.unit):\($0.share)" } }
        // Read the same both ways: 60% is 0.6; equal thirds are 0.333… twice and the remainder
        // (1 − 2 × 0.333…) last; 33.3% + 66.7% = 100%.
        for text in ["城关镇 60%、河西镇 40%", "城关镇60%；河西镇40%", " 城关镇\t60% , 河西镇 40% ", "城关镇,河西镇",
                     "城关镇，河西镇，新山镇", "城关镇 33.3%;河西镇 66.7%", "城关镇 100%", "城关镇、"] {
            #expect(byBytes(text) != nil, "\(text)")
            #expect(pairs(byBytes(text)) == pairs(byNames(text)), "\(text)")
        }
        #expect(pairs(byBytes("城关镇 60%、河西镇 40%")) == ["0:0.6", "1:0.4"])
        #expect(pairs(byBytes("城关镇,河西镇")) == ["0:0.5", "1:0.5"])
        // Left to the names: each of these is an error there, or (％) read there.
        for text in ["城关镇 60%、东山镇 40%", "城关镇 60％、河西镇 40％", "城关镇 60%、河西镇 30%", "城关镇、城关镇",
                     "城关镇 60%、河西镇", "", " ,、", "城关镇 .5%、河西镇 99.5%", "城关镇 %、河西镇 100%"] {
            #expect(byBytes(text) == nil, "\(text)")
        }
        #expect(pairs(byNames("城关镇 60％、河西镇 40％")) == ["0:0.6", "1:0.4"])
    }

    @Test("a list column keeps each distinct cell text once; chunks merged give the cells of one builder")
    func listColumnsAreInterned() throws {
        let cells = ["世界500强、高新技术", "", "高新技术", "世界500强，高新技术", "", "高新技术"]
        func builder(_ cells: ArraySlice<String>) -> ColumnBuilder {
            var b = ColumnBuilder(type: .list, optional: true, capacity: cells.count)
            for var c in cells { _ = c.withUTF8 { b.append($0) } }
            return b
        }
        let whole = builder(cells[...]).build()
        let merged = ColumnBuilder.merge([builder(cells[0..<2]), builder(cells[2..<5]), builder(cells[5...])])
        for column in [whole, merged] {
            guard case .lists(let codes, let distinct) = column else { Issue.record("not a list column: \(column)"); continue }
            // Four distinct cell texts: cells 0 and 3 spell one list two ways (、 and ，), so
            // they are two entries of the same list; [] (cells 1, 4), [高新技术] (2, 5).
            #expect(codes == [0, 1, 2, 3, 1, 2])
            let both = Value.list([.text("世界500强"), .text("高新技术")])
            #expect(distinct == [both, .list([]), .list([.text("高新技术")]), both])
            #expect(column.value(3) == .list([.text("世界500强"), .text("高新技术")]))
            #expect(column.count == 6)
        }
    }

    @Test("a text dictionary hands out texts by code; the interner finds them by bytes")
    func dictionaries() {
        var interner = ByteInterner()
        var codes: [Int32] = []
        for t in ["甲", "乙", "甲", "丙", "乙"] {
            var t = t
            codes.append(t.withUTF8 { interner.intern($0).code })
        }
        #expect(codes == [0, 1, 0, 2, 1])
        #expect(Array(interner.dictionary) == ["甲", "乙", "丙"])
        var wanted = "丙", missing = "丁"
        #expect(wanted.withUTF8 { interner.find($0) } == 2)
        #expect(missing.withUTF8 { interner.find($0) } == nil)
        // Growing keeps every code.
        for i in 0..<10_000 { var t = "项\(i)"; _ = t.withUTF8 { interner.intern($0) } }
        #expect(wanted.withUTF8 { interner.find($0) } == 2)
        var last = "项9999"
        #expect(last.withUTF8 { interner.find($0) } == 10_002)
        #expect(interner.dictionary[10_002] == "项9999")
    }

    @Test("a credit table keeps single units inline and shared credits aside")
    func credits() {
        let shared = [DatasetData.Credit(unit: 1, share: Fixed(parsing: "60%")!),
                      DatasetData.Credit(unit: 2, share: Fixed(parsing: "40%")!)]
        let table = CreditTable([[DatasetData.Credit(unit: 3, share: Fixed(1))], [], shared])
        #expect(table.count == 3)
        #expect(Array(table[0]) == [DatasetData.Credit(unit: 3, share: Fixed(1))])
        #expect(table[1].isEmpty)
        #expect(Array(table[2]) == shared)
    }

    /// Credits by cell code: each distinct cell's list kept once, every record of it pointing
    /// there; empty cells (-1), unread cells (nil) and cells out of range credit nobody. The
    /// same records as appending each record's list.
    @Test("credits by the unit cell's code, a shared list kept once")
    func creditsByCode() {
        let whole3 = [DatasetData.Credit(unit: 3, share: Fixed(1))]
        let shared = [DatasetData.Credit(unit: 1, share: Fixed(parsing: "60%")!),
                      DatasetData.Credit(unit: 2, share: Fixed(parsing: "40%")!)]
        let ofCode: [[DatasetData.Credit]?] = [whole3, shared, nil, []]
        // 100,000 records (numbered on all cores): codes 0, 1, -1, 2, 3, 1, 0, … and one past the codes.
        var codes = (0..<100_000).map { r -> Int32 in [0, 1, -1, 2, 3, 1][r % 6] }
        codes[99_999] = 7
        let table = CreditTable(codes: codes, ofCode: ofCode)
        let appended = CreditTable(codes.map { c in c >= 0 && Int(c) < ofCode.count ? (ofCode[Int(c)] ?? []) : [] })
        #expect(table.count == 100_000)
        for r in [0, 1, 2, 3, 4, 5, 6, 99_998, 99_999] {
            #expect(Array(table[r]) == Array(appended[r]), "record \(r)")
        }
        #expect(Array(table[1]) == shared && Array(table[5]) == shared && table[2].isEmpty && table[99_999].isEmpty)
        #expect(table.shared.count == 2)   // (kept once, for 33,333 records)
        // The bound counts a shared list for each record that gives it: 16,667 records of unit 3
        // (code 0, r ≡ 0 mod 6; 99,996 is the last) and 2 × 33,333 of the shared list (r ≡ 1, 5).
        #expect(table.bound.entries == appended.bound.entries)
        #expect(table.bound.entries == 16_667 + 2 * 33_333)
        #expect(table.bound.maxShare == appended.bound.maxShare)
    }

    /// The byte hash reads a text's last one to seven bytes in one load of its last eight (when
    /// it has eight): the same value as gathering them byte by byte, for every length.
    @Test func byteHashTails() {
        // The hash of the bytes, its tail gathered byte by byte (as it was written first).
        func reference(_ bytes: [UInt8]) -> UInt64 {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var i = 0
            while i + 8 <= bytes.count {
                var w: UInt64 = 0
                for k in 0..<8 { w |= UInt64(bytes[i + k]) << UInt64(8 * k) }
                h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                i += 8
            }
            if i < bytes.count {
                var w: UInt64 = 0
                for k in i..<bytes.count { w |= UInt64(bytes[k]) << UInt64(8 * (k - i)) }
                h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            }
            return ByteInterner.mix(h)
        }
        var generator = SplitMix64(0x2545_F491_4F6C_DD1D)
        for n in 0...40 {
            for _ in 0..<20 {
                let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                #expect(bytes.withUnsafeBufferPointer { ByteInterner.hash($0) } == reference(bytes), "\(n) bytes")
            }
        }
        // A 14-byte key (a project's number) and its neighbour differ.
        let a = Array("P2020-00000001".utf8), b = Array("P2020-00000002".utf8)
        #expect(a.withUnsafeBufferPointer { ByteInterner.hash($0) } != b.withUnsafeBufferPointer { ByteInterner.hash($0) })
    }
}
