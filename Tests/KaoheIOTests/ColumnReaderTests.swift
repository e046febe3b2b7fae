import Foundation
import Kaohe
import Testing
@testable import KaoheGen
@testable import KaoheIO

/// The block-by-block, chunk-parallel CSV reader gives what the sequential reader gives: the
/// same typed cells, lines, cell errors and file errors, wherever the blocks and chunks are cut.
@Suite("Column reader")
struct ColumnReaderTests {
    static let columns: [(name: String, type: ColumnType, optional: Bool)] = [
        ("编号", .text, false),
        ("名称", .text, true),
        ("单位", .unit, false),
        ("日期", .date, true),
        ("金额", .money(name: "万元", factor: Fixed(10000)), true),
        ("入统", .bool, true),
        ("标签", .list, true),
    ]

    /// A deterministic ledger with every awkward thing a CSV field can hold.
    static func ledger(rows: Int, seed: UInt64 = 7, stray: Bool = false) -> [UInt8] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var text = "编号,名称,单位,日期,金额,入统,标签,备注\n"
        for r in 0..<rows {
            var fields: [String] = []
            fields.append(next(50) == 0 ? "K\(r / 2)" : "K\(r)")                       // now and then a repeat
            switch next(6) {
            case 0: fields.append("\"名称, 带逗号 \(r)\"")
            case 1: fields.append("\"多行\n名称 \(r)\"")
            case 2: fields.append("\"引号\"\"里\"\"的 \(r)\"")
            case 3: fields.append("")
            case 4: fields.append("  空格 \(r)  ")
            default: fields.append("项目\(r)")
            }
            fields.append(["城关镇", "河西镇", "城关镇 60%、河西镇 40%", "  桃源乡 "][next(4)])
            fields.append(["2021-03-05", "2021年6月30日", "2021/7/1", "", "2021-02-30", "明天"][next(6)])
            fields.append(["1500", "\"1,234.5\"", "0.0001", "", "12万", "-3"][next(6)])
            fields.append(["是", "否", "", "Y", "也许"][next(5)])
            fields.append(["", "世界500强、央企", "\"外资,台资\"", "新兴"][next(4)])
            fields.append(stray && r == rows / 2 ? "5\"寸" : "")
            let line = fields.joined(separator: ",")
            text += line + (next(10) == 0 ? "\r\n" : "\n")
            if next(40) == 0 { text += next(2) == 0 ? "\n" : ",,,\n" }               // blank lines
        }
        return Array(text.utf8)
    }

    enum Outcome: Equatable {
        case success(Read)
        case failure(String)
    }

    /// The first difference between two outcomes, shortly (nil when equal).
    static func difference(_ a: Outcome, _ b: Outcome) -> String? {
        switch (a, b) {
        case (.failure(let x), .failure(let y)): return x == y ? nil : "errors differ:\n\(x)\n---\n\(y)"
        case (.success(let x), .success(let y)):
            if x.lines.count != y.lines.count { return "\(x.lines.count) rows, expected \(y.lines.count)" }
            if let r = x.lines.indices.first(where: { x.lines[$0] != y.lines[$0] }) { return "row \(r): line \(x.lines[r]), expected \(y.lines[r])" }
            for c in x.values.indices {
                if let r = x.values[c].indices.first(where: { x.values[c][$0] != y.values[c][$0] }) {
                    return "row \(r) column \(c): \(x.values[c][r]), expected \(y.values[c][r])"
                }
            }
            if x.errorCount != y.errorCount { return "\(x.errorCount) cell errors, expected \(y.errorCount)" }
            if x.errors != y.errors {
                let i = zip(x.errors, y.errors).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(x.errors.count, y.errors.count)
                return "cell errors differ at \(i): \(i < x.errors.count ? x.errors[i] : "-") / \(i < y.errors.count ? y.errors[i] : "-")"
            }
            return nil
        case (.failure(let x), _): return "failed: \(x.prefix(300))"
        case (_, .failure(let y)): return "expected failure: \(y.prefix(300))"
        }
    }

    struct Read: Equatable {
        var values: [[Value]]
        var lines: [Int]
        /// The first cell errors (the reader keeps 201), and how many there are in all.
        var errors: [String]
        var errorCount: Int
    }

    /// The sequential reader: a table of cells, each column typed on its own.
    static func reference(_ bytes: [UInt8], columns: [(name: String, type: ColumnType, optional: Bool)] = columns) -> Outcome {
        switch CSVReader.read(bytes: bytes, file: "t.csv") {
        case .failure(let d): return .failure(d.description)
        case .success(let table):
            var values: [[Value]] = []
            var errors: [(Int, Int, String)] = []
            for (k, c) in columns.enumerated() {
                var builder = ColumnBuilder(type: c.type, optional: c.optional, capacity: table.rowCount)
                let index = table.columnIndex(c.name) ?? -1
                for r in 0..<table.rowCount {
                    if let e = table.withCellBytes(r, index, { builder.append($0) }) { errors.append((r, k, e.message)) }
                }
                let column = builder.build()
                values.append((0..<table.rowCount).map { column.value($0) })
            }
            errors.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            return .success(Read(values: values, lines: (0..<table.rowCount).map { table.line(ofRow: $0) },
                                 errors: errors.prefix(CSVColumnReader.keptErrors).map { "\($0.0):\($0.1):\($0.2)" },
                                 errorCount: errors.count))
        }
    }

    /// The block reader over a file holding `bytes`.
    static func streamed(_ bytes: [UInt8], sizes: CSVColumnReader.Sizes,
                         columns: [(name: String, type: ColumnType, optional: Bool)] = columns) throws -> (Outcome, String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-column-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        let hasher = ConcurrentHasher()
        let outcome = CSVColumnReader.stream(fd, file: "t.csv", hasher: hasher, sizes: sizes) { header in
            columns.map { c in CSVColumnReader.Column(index: header.names.firstIndex(of: c.name), type: c.type, optional: c.optional) }
        }
        let digest = hasher.finish()
        switch outcome {
        case .unresolved: return (.failure("unresolved"), digest)
        case .whole:
            // Not for the block reader: what the loader then does, reading the file whole.
            return (reference(bytes, columns: columns), digest + "(whole)")
        case .typed(.failure(let d)): return (.failure(d.description), digest)
        case .typed(.success(let typed)):
            let values = typed.columns.map { column in (0..<typed.lines.count).map { column.value($0) } }
            return (.success(Read(values: values, lines: typed.lines,
                                  errors: typed.cellErrors.map { "\($0.row):\($0.column):\($0.message)" },
                                  errorCount: typed.cellErrorCount)), digest)
        }
    }

    /// (Mapped windows of the file, and buffers read as from a pipe.)
    static let sizes: [CSVColumnReader.Sizes] = [
        .init(block: 64, chunk: 16), .init(block: 1000, chunk: 100), .init(block: 4096, chunk: 700),
        .init(block: 1 << 16, chunk: 1 << 12), .standard,
        .init(block: 64, chunk: 16, mapped: false), .init(block: 1000, chunk: 100, mapped: false),
        .init(block: 4096, chunk: 700, mapped: false), .init(block: 1 << 16, chunk: 1 << 12, mapped: false),
    ]

    @Test("every block and chunk size gives the sequential reader's cells, lines and errors", arguments: sizes)
    func sameAsSequential(_ sizes: CSVColumnReader.Sizes) throws {
        let bytes = Self.ledger(rows: 600)
        guard case .success(let expected) = Self.reference(bytes) else { Issue.record("the ledger should read"); return }
        #expect(expected.values[0].count == 600)
        #expect(!expected.errors.isEmpty)                 // 2021-02-30, 明天, 也许 …
        let (got, digest) = try Self.streamed(bytes, sizes: sizes)
        #expect(Self.difference(got, .success(expected)) == nil)
        #expect(digest == SHA256.hex(bytes))              // hashed once, in order, whatever the blocks
    }

    /// (Mapped windows are 64 KB at least: these files span many, so that each next window is
    /// mapped while one is typed, and each window's columns are joined while the next is typed.)
    static let windowSizes: [CSVColumnReader.Sizes] = [
        .init(block: 1 << 16, chunk: 1 << 12), .init(block: 100_000, chunk: 7_000), .init(block: 1 << 16, chunk: 1 << 12, mapped: false),
    ]

    @Test("a file of many windows reads as the sequential reader reads it, hashed once in order")
    func manyWindows() throws {
        let bytes = Self.ledger(rows: 20_000, seed: 21)
        #expect(bytes.count > 20 << 16)                   // more than 20 windows of 64 KB
        guard case .success(let expected) = Self.reference(bytes) else { Issue.record("the ledger should read"); return }
        for sizes in Self.windowSizes {
            let (got, digest) = try Self.streamed(bytes, sizes: sizes)
            #expect(Self.difference(got, .success(expected)) == nil, "\(sizes.testDescription)")
            #expect(digest == SHA256.hex(bytes))
        }
    }

    @Test("windows without a quote (cut into chunks without counting quotes) among windows with quoted lines")
    func quoteFreeWindows() throws {
        // 30,000 plain records, and every 4,000th a quoted name holding a line feed and a comma:
        // most 64 KB windows hold no quote, a few do.
        var text = "编号,名称,单位,日期,金额,入统,标签,备注\n"
        for r in 0..<30_000 {
            let name = r % 4_000 == 1_999 ? "\"多行\n名称, \(r)\"" : "项目\(r)"
            text += "K\(r),\(name),\(["城关镇", "河西镇"][r % 2]),2021-03-\(10 + r % 19),\(r % 977).5,是,,\n"
        }
        let bytes = Array(text.utf8)
        guard case .success(let expected) = Self.reference(bytes) else { Issue.record("the ledger should read"); return }
        #expect(expected.values[1][1_999].description == "多行\n名称, 1999")
        #expect(expected.lines[2_000] == 2_003)   // the line after the two-line record
        for sizes in Self.windowSizes {
            let (got, digest) = try Self.streamed(bytes, sizes: sizes)
            #expect(Self.difference(got, .success(expected)) == nil, "\(sizes.testDescription)")
            #expect(digest == SHA256.hex(bytes))
        }
    }

    @Test("a header missing a column is reported though a later quoted field, cut by the window, holds a bad byte")
    func missingColumnBeforeABadByte() throws {
        // The header lacks 备注; 3,000 good records; then a quoted name holding 0xFF and a line
        // feed, spanning the end of the first 64 KB window. The first window's whole records
        // are good: the missing column is what is reported (not the bad byte, which the
        // whole-file reader would report instead).
        var text = "编号,名称,单位,日期,金额,入统,标签\n"
        for r in 0..<3_000 { text += "K\(r),项目\(r),城关镇,2021-03-10,\(r).5,是,\n" }
        var bytes = Array(text.utf8)
        #expect(bytes.count > 1 << 16)
        // (The quoted field starts before the first window's end and its line feed falls inside it.)
        let at = (1 << 16) - 40
        let cut = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        bytes = Array(bytes[..<cut]) + Array("K-bad,\"坏".utf8) + [0xFF] + Array(("\n" + String(repeating: "名称", count: 40) + "\",城关镇,2021-03-10,1,是,\n").utf8) + Array(bytes[cut...])
        // (Its line feed before the window's end, its closing quote after it.)
        #expect(cut + 11 < 1 << 16 && cut + 11 + 240 > 1 << 16)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-column-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for sizes in [CSVColumnReader.Sizes(block: 1 << 16, chunk: 1 << 12), .init(block: 1 << 16, chunk: 1 << 12, mapped: false)] {
            let fd = open(url.path, O_RDONLY)
            defer { close(fd) }
            // (As the loader resolves the columns: nil, reported, when one is missing.)
            let outcome = CSVColumnReader.stream(fd, file: "t.csv", hasher: ConcurrentHasher(), sizes: sizes) { header in
                (Self.columns.map(\.name) + ["备注"]).allSatisfy(header.names.contains) ? [] : nil
            }
            guard case .unresolved = outcome else { Issue.record("the missing column should be reported: \(sizes.testDescription)"); continue }
        }
        // The bad byte is still found when the header is whole: the file goes to the whole-file
        // reader, which reports it.
        var whole = bytes
        whole.replaceSubrange(0..<Array("编号,名称,单位,日期,金额,入统,标签".utf8).count, with: Array("编号,名称,单位,日期,金额,入统,标签,备注".utf8))
        try Data(whole).write(to: url)
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        let outcome = CSVColumnReader.stream(fd, file: "t.csv", hasher: ConcurrentHasher(), sizes: .init(block: 1 << 16, chunk: 1 << 12)) { _ in [] }
        guard case .whole = outcome else { Issue.record("a bad byte sends the file to the whole-file reader"); return }
    }

    @Test("a long record or a stray quote far into a file of many windows: as the sequential reader")
    func lateTroubleInManyWindows() throws {
        // A record with too many fields after 20,000 good ones; and a stray quote (which fools
        // the chunking: the file is read again whole) after 15,000.
        var long = String(decoding: Self.ledger(rows: 20_000, seed: 5), as: UTF8.self)
        long += "K-extra,a,城关镇,2021-01-01,1,是,,x,too,many\n"
        var stray = String(decoding: Self.ledger(rows: 15_000, seed: 5), as: UTF8.self)
        stray += String(decoding: Self.ledger(rows: 3_000, seed: 6, stray: true).drop(while: { $0 != 0x0A }).dropFirst(), as: UTF8.self)
        for (text, whole) in [(long, false), (stray, true)] {
            let bytes = Array(text.utf8)
            let expected = Self.reference(bytes)
            for sizes in Self.windowSizes {
                let (got, digest) = try Self.streamed(bytes, sizes: sizes)
                #expect(Self.difference(got, expected) == nil, "\(sizes.testDescription)")
                // Hashed once in order; or, handed to the whole-file reader, not at all (the
                // loader then hashes it as it reads it).
                #expect(digest == (whole ? SHA256.hex([]) + "(whole)" : SHA256.hex(bytes)), "\(sizes.testDescription)")
            }
        }
        guard case .failure(let message) = Self.reference(Array(long.utf8)) else { Issue.record("the long record is an error"); return }
        #expect(message.contains("has 10 fields, but the header has 8"), "\(message)")
    }

    @Test("a byte order mark is skipped and hashed", arguments: [CSVColumnReader.Sizes(block: 50, chunk: 10), .standard,
                                                                   CSVColumnReader.Sizes(block: 50, chunk: 10, mapped: false)])
    func byteOrderMark(_ sizes: CSVColumnReader.Sizes) throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Self.ledger(rows: 80, seed: 3)
        guard case .success(let expected) = Self.reference(bytes) else { Issue.record("the ledger should read"); return }
        let (got, digest) = try Self.streamed(bytes, sizes: sizes)
        #expect(Self.difference(got, .success(expected)) == nil)
        #expect(digest == SHA256.hex(bytes))
    }

    @Test("a quote inside an unquoted field, which fools the chunking, still reads as the sequential reader reads it")
    func strayQuote() throws {
        let bytes = Self.ledger(rows: 300, seed: 11, stray: true)
        let expected = Self.reference(bytes)
        for sizes in Self.sizes {
            let (got, _) = try Self.streamed(bytes, sizes: sizes)
            #expect(Self.difference(got, expected) == nil)
        }
    }

    @Test("broken records are reported at their lines, whichever block they fall in")
    func brokenRecords() throws {
        var text = String(decoding: Self.ledger(rows: 200, seed: 5), as: UTF8.self)
        text += "K-extra,a,城关镇,2021-01-01,1,是,,x,too,many\n"
        text += "K-open,\"never closed,城关镇\n"
        let bytes = Array(text.utf8)
        guard case .failure(let expected) = Self.reference(bytes) else { Issue.record("the ledger should fail"); return }
        #expect(expected.contains("fields, but the header has 8"))
        #expect(expected.contains("unterminated quoted field"))
        for sizes in Self.sizes {
            let (got, _) = try Self.streamed(bytes, sizes: sizes)
            #expect(Self.difference(got, .failure(expected)) == nil)
        }
    }

    /// Records the quick splitter takes and those it hands to the general one, mixed: fields
    /// led or ended by a no-break or full-width space (quick, trimmed), by a space or a quote
    /// (general), trailing empty fields past the header (read, blank), lone CR and CRLF line
    /// ends, and a last record without a line end; with a comma and with a TAB between fields.
    static func mixedRecords(rows: Int, delimiter: String) -> [UInt8] {
        var state: UInt64 = 17
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let d = delimiter
        var text = ["编号", "名称", "单位", "日期", "金额", "入统", "标签", "备注"].joined(separator: d) + "\n"
        for r in 0..<rows {
            let name = ["项目\(r)", "\u{3000}全角\(r)\u{3000}", "\u{00A0}不换行\(r)", " 前空格\(r)", "\"引号\(r)\"", ""][next(6)]
            let unit = ["城关镇", "河西镇\u{00A0}", "\u{3000}桃源乡"][next(3)]
            let money = ["1500", "0.0001", "", "-3", "12万"][next(5)]
            var record = ["K\(r)", name, unit, ["2021-03-05", "", "2021/7/1"][next(3)], money, ["是", "否", ""][next(3)], "", ""]
                .joined(separator: d)
            if next(8) == 0 { record += d + d }                                    // blank fields past the header
            text += record
            if r < rows - 1 { text += ["\n", "\r\n", "\r"][next(3)] }           // the last: no line end
        }
        return Array(text.utf8)
    }

    @Test("quick and general records mixed read as the sequential reader reads them", arguments: [",", "\t"])
    func quickAndGeneralRecords(delimiter: String) throws {
        let bytes = Self.mixedRecords(rows: 500, delimiter: delimiter)
        guard case .success(let expected) = Self.reference(bytes) else { Issue.record("the ledger should read"); return }
        #expect(expected.values[0].count == 500)
        // Trimmed on the quick path as on the general one: "\u{3000}桃源乡" is 桃源乡.
        #expect(expected.values[2].contains { $0.description == "桃源乡" })
        for sizes in Self.sizes {
            let (got, _) = try Self.streamed(bytes, sizes: sizes)
            #expect(Self.difference(got, .success(expected)) == nil, "\(sizes.testDescription)")
        }
    }

    @Test("columns asked in another order than the file's, one not in the file, two reading one field, and records shorter than the header")
    func shortRecordsAndAbsentColumn() throws {
        // Asked: 金额, 缺列 (not in the file: every cell empty), 编号, 日期, and 编号 again; the
        // file's 名称 and 备注 are read by none. A record of two fields has 编号 and 名称 only.
        let columns: [(name: String, type: ColumnType, optional: Bool)] = [
            ("金额", .money(name: "万元", factor: Fixed(10000)), true), ("缺列", .text, true),
            ("编号", .text, false), ("日期", .date, true), ("编号", .text, false),
        ]
        var text = "编号,名称,日期,金额,备注\n"
        for r in 0..<300 {
            switch r % 4 {
            case 0: text += "K\(r),项目\(r)\n"                               // short: 日期 and 金额 empty
            case 1: text += "K\(r),项目\(r),2021-03-0\(r % 9 + 1),\(r)\n"   // short: 备注 missing
            default: text += "K\(r),项目\(r),2021-04-01,\(r).5,备注\n"
            }
        }
        let bytes = Array(text.utf8)
        guard case .success(let expected) = Self.reference(bytes, columns: columns) else { Issue.record("the ledger should read"); return }
        // Row 1 (K1): 金额 1 万元 = 10,000 元; 缺列 none; 日期 2021-03-02. Row 0: 金额 none.
        #expect(expected.values[0][1] == .number(Fixed(10000)))
        #expect(expected.values[0][0] == .none)
        #expect(expected.values[1].allSatisfy { $0 == .none })
        #expect(expected.values[2][3] == .text("K3"))
        #expect(expected.values[0][2] == .number(Fixed(25000)))   // 2.5 万元
        #expect(expected.values[4] == expected.values[2])         // the second 编号: the same cells
        for sizes in Self.sizes {
            let (got, _) = try Self.streamed(bytes, sizes: sizes, columns: columns)
            #expect(Self.difference(got, .success(expected)) == nil, "\(sizes.testDescription)")
        }
    }

    @Test("a record with an extra field that is not blank is reported, as by the sequential reader")
    func extraFieldAfterQuickRecords() throws {
        var bytes = Self.mixedRecords(rows: 300, delimiter: ",")
        bytes += Array("\nK-extra,名称,城关镇,2021-01-01,1,是,,,多余\nK-after,名称,城关镇,2021-01-01,1,是,,\n".utf8)
        guard case .failure(let expected) = Self.reference(bytes) else { Issue.record("the ledger should fail"); return }
        #expect(expected.contains("has 9 fields, but the header has 8"))
        for sizes in Self.sizes {
            let (got, _) = try Self.streamed(bytes, sizes: sizes)
            #expect(Self.difference(got, .failure(expected)) == nil, "\(sizes.testDescription)")
        }
    }

    @Test("mostly distinct texts are kept cell by cell, and read back the same")
    func distinctTexts() throws {
        // 6,000 rows: past the 4,096 rows after which a builder stops looking texts up.
        let bytes = Self.ledger(rows: 6000, seed: 9)
        guard case .success(let expected) = Self.reference(bytes) else { Issue.record("the ledger should read"); return }
        let (got, _) = try Self.streamed(bytes, sizes: .standard)
        #expect(Self.difference(got, .success(expected)) == nil)
        guard case .success(let read) = got else { return }
        #expect(Set(read.values[0].map(\.description)).count < 6000)   // some keys repeat
    }

    @Test("empty cells among texts kept cell by cell: none, and an error where the column is required")
    func emptyCellsAmongDistinctTexts() throws {
        // 6,000 rows of distinct keys and names (kept cell by cell after the 4,096th), the
        // required key empty on rows 10, 5000, 5001 and 5999, the optional name on every 7th.
        var text = "编号,名称,单位\n"
        for r in 0..<6000 {
            let key = [10, 5000, 5001, 5999].contains(r) ? "" : "K\(r)"
            text += "\(key),\(r % 7 == 0 ? "" : "项目\(r)"),城关镇\n"
        }
        let bytes = Array(text.utf8)
        let columns: [(name: String, type: ColumnType, optional: Bool)] = [("编号", .text, false), ("名称", .text, true), ("单位", .unit, false)]
        let expected = Self.reference(bytes, columns: columns)
        for sizes in [CSVColumnReader.Sizes.standard, CSVColumnReader.Sizes(block: 1 << 16, chunk: 20_000, mapped: false)] {
            let (got, _) = try Self.streamed(bytes, sizes: sizes, columns: columns)
            #expect(Self.difference(got, expected) == nil)
        }
        // The reference itself: four errors on the key, none on the name; values as written.
        guard case .success(let read) = expected else { Issue.record("the ledger should read, with its cell errors"); return }
        #expect(read.errorCount == 4)
        #expect(read.errors.map { $0.split(separator: ":").prefix(2).joined(separator: ":") } == ["10:0", "5000:0", "5001:0", "5999:0"])
        #expect(read.values[0][4999].description == "K4999" && read.values[0][5000].isNone)
        #expect(read.values[1][5005].isNone && read.values[1][5006].description == "项目5006")
    }

    @Test("repeated texts are found with the first record that had them")
    func repeatedTexts() {
        // Records 0…4: a b a c b; record 5 empty; record 6: a again.
        let dictionary = TextDictionary(["a", "b", "a", "c", "b", "a"])
        #expect(!dictionary.isUnique)
        let codes: [Int32] = [0, 1, 2, 3, 4, -1, 5]
        let found = RepeatedTexts.find(codes: codes, dictionary: dictionary)
        #expect(found.map(\.row) == [2, 4, 6])
        #expect(found.map(\.first) == [0, 1, 0])
    }

    @Test("repeated texts among many: each repeat with the first record that had the text")
    func repeatedTextsMany() {
        // 20,000 keys drawn from 15,000 (so about a quarter repeat), some empty; the answer
        // worked out with a dictionary of the first record of each text.
        var rng = SplitMix64(7)
        var texts: [String] = [], codes: [Int32] = []
        for _ in 0..<20_000 {
            if rng.next() % 50 == 0 { codes.append(-1); continue }
            codes.append(Int32(texts.count))
            texts.append("P2021-\(rng.next() % 15_000)")
        }
        let dictionary = TextDictionary(texts)
        var firstOf: [String: Int] = [:], expected: [(Int, Int)] = []
        for (r, c) in codes.enumerated() where c >= 0 {
            let t = texts[Int(c)]
            if let f = firstOf[t] { expected.append((r, f)) } else { firstOf[t] = r }
        }
        let found = RepeatedTexts.find(codes: codes, dictionary: dictionary)
        #expect(expected.count > 3000)
        #expect(found.map(\.row) == expected.map(\.0))
        #expect(found.map(\.first) == expected.map(\.1))
    }

    @Test("texts repeated hundreds of times: a bucket of more records than an insertion sort is for")
    func repeatedTextsCrowded() {
        // 10,000 keys drawn from 40 texts: each text's records (about 250) share a hash and so
        // a bucket, which is then sorted by the library; every record after a text's first is
        // a repeat of that first record. Worked out with a dictionary, as above.
        var rng = SplitMix64(11)
        var texts: [String] = [], codes: [Int32] = []
        for _ in 0..<10_000 {
            codes.append(Int32(texts.count))
            texts.append("P2021-\(rng.next() % 40)")
        }
        let dictionary = TextDictionary(texts)
        var firstOf: [String: Int] = [:], expected: [(Int, Int)] = []
        for (r, c) in codes.enumerated() {
            let t = texts[Int(c)]
            if let f = firstOf[t] { expected.append((r, f)) } else { firstOf[t] = r }
        }
        let found = RepeatedTexts.find(codes: codes, dictionary: dictionary)
        #expect(firstOf.count == 40)
        #expect(expected.count == 10_000 - 40)
        #expect(found.map(\.row) == expected.map(\.0))
        #expect(found.map(\.first) == expected.map(\.1))
    }

    @Test("two different texts whose hashes share the bits compared are told apart by their bytes")
    func repeatedTextsHashTwins() throws {
        // Two keys whose hashes agree in the top 33 bits (found by search: about one pair in
        // 2^33, so among some 200,000 keys), beside repeats of each: only the true repeats are
        // reported, each with the first record of its own text.
        var seen: [UInt64: Int] = [:]
        var pair: (Int, Int)?
        for i in 0..<400_000 {
            var text = "K\(i)"
            let top = text.withUTF8 { ByteInterner.hash($0) } >> 31
            if let j = seen[top] { pair = (j, i); break }
            seen[top] = i
        }
        let (a, b) = try #require(pair)
        let x = "K\(a)", y = "K\(b)"
        // Records: x y x z y (z another text).
        let dictionary = TextDictionary([x, y, x, "Z", y])
        let found = RepeatedTexts.find(codes: [0, 1, 2, 3, 4], dictionary: dictionary)
        #expect(found.map(\.row) == [2, 4])
        #expect(found.map(\.first) == [0, 1])
    }

    @Test("unit names that hold a list separator or a percent sign are noticed (shared credit then read by names)")
    func unitNamesHoldingSeparators() {
        #expect(!UnitNames(["城关镇": 0, "河西镇": 1, "新山县（开发区）": 2]).nameHoldsSeparator)
        for name in ["甲、乙", "甲,乙", "甲，乙", "甲;乙", "甲；乙", "甲100%", "甲100％"] {
            #expect(UnitNames(["城关镇": 0, name: 1]).nameHoldsSeparator, "\(name)")
        }
        // Found by their bytes: 城关镇 (城 U+57CE) sorts before 河西镇 (河 U+6CB3).
        let names = UnitNames(["城关镇": 0, "河西镇": 1])
        let found = names.byName.keys.sorted().map { name -> Int32? in
            var name = name
            return name.withUTF8 { names.unit(named: $0) }
        }
        #expect(found == [0, 1])
    }

    @Test("merging chunks gives the codes one builder gives: in order of first appearance")
    func mergeCodes() {
        func build(_ cells: [String]) -> ColumnBuilder {
            var b = ColumnBuilder(type: .text, optional: true, capacity: cells.count)
            for c in cells { var c = c; _ = c.withUTF8 { b.append($0) } }
            return b
        }
        let merged = ColumnBuilder.merge([build(["乙", "甲"]), build(["丙", "甲", ""]), build(["乙", "丁"])])
        guard case .texts(let codes, let dictionary) = merged else { Issue.record("a text column"); return }
        #expect(codes == [0, 1, 2, 1, -1, 0, 3])
        #expect(Array(dictionary) == ["乙", "甲", "丙", "丁"])
        #expect(dictionary.isUnique)
    }
}

extension CSVColumnReader.Sizes: CustomTestStringConvertible {
    public var testDescription: String { "block \(block), chunk \(chunk)" }
}

/// Counting quotes (to cut a block into chunks outside quoted fields) gives the plain count,
/// whether the quotes are sparse (jumped to), dense (counted word by word) or both.
@Suite struct QuoteCountTests {
    @Test func countsEveryQuote() {
        var bytes: [UInt8] = []
        // Sparse: a quote every 1,000 bytes; then dense: every third byte; then none.
        for k in 0..<20_000 { bytes.append(k % 1000 == 7 ? 0x22 : 0x61) }
        for k in 0..<5_000 { bytes.append(k % 3 == 0 ? 0x22 : 0x2C) }
        for _ in 0..<3_001 { bytes.append(0x0A) }
        bytes.withUnsafeBufferPointer { b in
            for (from, to) in [(0, b.count), (0, 0), (5, 6), (7, 8), (3, 20_005), (19_990, 25_001), (20_000, b.count), (1, b.count - 1)] {
                let expected = b[from..<to].filter { $0 == 0x22 }.count
                #expect(CSVColumnReader.countQuotes(b, from, to) == expected, "\(from)..<\(to)")
            }
        }
    }
}
