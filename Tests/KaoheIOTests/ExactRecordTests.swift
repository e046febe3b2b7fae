import CKaoheSIMD
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import KaoheGen
@testable import KaoheIO

/// The quick record reader's whole-record way (``CSVParser/readExactRecords(slots:width:into:lines:rows:)``,
/// from the window's line-end and trouble bits), then its field-by-field way
/// (``CSVParser/readSimpleRecord(slots:width:into:capacity:)``) for the records the first
/// leaves, read every record as the field-by-field way alone does: the same answer, spans, position and lines, record after record,
/// on texts made of the bytes that make a record need care.
@Suite("Exact records")
struct ExactRecordTests {
    /// What reading a text record by record gave: per record, the answer (fields, blank, extra;
    /// nil when handed to the general reader, which then reads it), the slots written, and
    /// where the parser stood after it.
    struct Step: Equatable {
        var fields: Int?
        var blank = false
        var extra = false
        var slots: [Int32]
        var position: Int
        var line: Int
        var recordLine: Int
    }

    /// Reads `bytes` from `start`, record by record, the quick way when it takes the record and
    /// the general way when not (as the column reader does), with `slots` as the reader's.
    static func steps(_ bytes: [UInt8], start: Int = 0, delimiter: UInt8, width: Int, slots: [Int], exact: Bool) -> [Step] {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = CSVParser(buffer: buffer, delimiter: delimiter, file: "t.csv")
            parser.position = start
            let window = UnsafeMutablePointer<UInt64>.allocate(capacity: CSVParser.windowCapacity)
            defer { window.deallocate() }
            parser.window = window
            parser.exactRecords = exact
            let room = width + 8
            var slotTable = slots + [Int](repeating: -1, count: room - slots.count)
            let out = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * room)
            defer { out.deallocate() }
            var steps: [Step] = []
            while parser.position < bytes.count {
                out.initialize(repeating: -7, count: 2 * room)
                // Whole first (one record), then field by field, as the column reader reads.
                var lineOut: Int32 = 0
                let whole = slotTable.withUnsafeMutableBufferPointer { s in
                    parser.readExactRecords(slots: s.baseAddress!, width: width, into: out, lines: &lineOut, rows: 1)
                }
                if whole == 1, Int(lineOut) != parser.recordLine { Issue.record("line \(lineOut) against \(parser.recordLine)") }
                let simple: CSVParser.SimpleRecord? = whole == 1 ? CSVParser.SimpleRecord(fields: width, blank: false, extra: false)
                    : slotTable.withUnsafeMutableBufferPointer { s in
                        parser.readSimpleRecord(slots: s.baseAddress!, width: width, into: out, capacity: room)
                    }
                if let simple {
                    // (Only what a record of its fields wrote: slots past them are left for the
                    // reader to fill, whatever a way wrote there before finding the record long.)
                    let written = (0..<min(simple.fields, room)).flatMap { f -> [Int32] in
                        slotTable[f] >= 0 ? [out[slotTable[f]], out[slotTable[f] + 1]] : []
                    }
                    steps.append(Step(fields: simple.fields, blank: simple.blank, extra: simple.extra, slots: written,
                                      position: parser.position, line: parser.line, recordLine: parser.recordLine))
                } else {
                    let before = parser.position
                    guard parser.readRecord() else { break }
                    steps.append(Step(fields: nil, slots: parser.spans, position: parser.position, line: parser.line,
                                      recordLine: parser.recordLine))
                    parser.spans.removeAll()
                    parser.side.removeAll()
                    if parser.stopped || parser.position == before { break }
                }
            }
            return steps
        }
    }

    /// Random records of `width` fields or thereabouts, from pieces that each need some care:
    /// spaces of every kind at either end, quotes, TABs, bytes that lead or end a space, empty
    /// and blank records, CR, LF and CRLF.
    static func text(records: Int, width: Int, delimiter: UInt8, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed)
        func next(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let plain: [[UInt8]] = ["项目", "1500", "2021-03-05", "城关镇", "a", "", "中"].map { Array($0.utf8) }
        // Fields led or ended by spaces to trim, quoted, or led by a quote.
        let spaced: [[UInt8]] = [" a", "a ", "\ta", "a\t", "\"q\"", "\"a,b\"", "\u{3000}全角", "全角\u{3000}",
                                 "\u{00A0}x", "x\u{00A0}", "a\"b", "\u{00A0}", "\u{3000}", "a\u{3000}\u{3000}"].map { Array($0.utf8) }
        // Not spaces, though they begin C2 or E3 or end A0 or 80: characters (©, 〇, ぁ, 一 E4 B8 80,
        // U+0080 C2 80, 〠 E3 80 A0), and bytes that are not UTF-8 (the parser does not care).
        let nearSpaces: [[UInt8]] = ["©", "〇", "€", "ぁ", "一", "\u{0080}", "〠"].map { Array($0.utf8) }
            + [[0x80], [0xA0], [0xE3, 0x80], [0x80, 0x80], [0x61, 0xC2], [0xC2, 0x61], [0xE3, 0x80, 0x61], [0x61, 0x80, 0x80]]
        let troubled = spaced + nearSpaces
        var out: [UInt8] = []
        for _ in 0..<records {
            let fields = next(6) == 0 ? width + next(3) - 1 : width
            if next(25) == 0 {
                out += [UInt8](repeating: delimiter, count: max(0, fields - 1))   // blank
            } else {
                for f in 0..<fields {
                    if f > 0 { out.append(delimiter) }
                    out += next(10) == 0 ? troubled[next(troubled.count)] : plain[next(plain.count)]
                    // Long fields now and then, so that records cross the 4 KB windows.
                    if next(40) == 0 { out += [UInt8](repeating: 0x61, count: next(300)) }
                }
            }
            out += [[0x0A], [0x0D, 0x0A], [0x0D]][next(3)]
        }
        if next(2) == 0 { out.removeLast() }   // (now and then no line end at the very end)
        return out
    }

    @Test("record by record as the field-by-field way, comma and TAB, every slot layout", arguments: [UInt8(ascii: ","), 0x09])
    func sameAsFieldByField(_ delimiter: UInt8) {
        let layouts: [(width: Int, slots: [Int])] = [
            (5, [0, 2, 4, 6, 8]),            // every field kept
            (5, [8, -1, 0, -1, 4]),          // some skipped, out of order
            (1, [0]),
            (13, Array(stride(from: 0, to: 26, by: 2))),
        ]
        for (k, layout) in layouts.enumerated() {
            for seed in 1...6 {
                let bytes = Self.text(records: 400, width: layout.width, delimiter: delimiter, seed: UInt64(seed * 10 + k))
                for start in [0, 1, 3] where start < bytes.count {
                    let exact = Self.steps(bytes, start: start, delimiter: delimiter, width: layout.width, slots: layout.slots, exact: true)
                    let byField = Self.steps(bytes, start: start, delimiter: delimiter, width: layout.width, slots: layout.slots, exact: false)
                    // (The first record where they differ, not all of them.)
                    let first = (0..<min(exact.count, byField.count)).first { exact[$0] != byField[$0] }
                        ?? (exact.count == byField.count ? nil : min(exact.count, byField.count))
                    #expect(first == nil, "width \(layout.width), seed \(seed), start \(start): record \(first ?? 0): \(first.map { exact.count > $0 ? "\(exact[$0])" : "none" } ?? "") against \(first.map { byField.count > $0 ? "\(byField[$0])" : "none" } ?? "")")
                }
            }
        }
    }

    @Test("plain records are taken whole, and give their fields' spans")
    func plainRecords() {
        // "a,bc,,d\n" then "e,f,g,h\r\n": fields at 0..<1, 2..<4, (empty), 6..<7; then 8..<9,
        // 10..<11, 12..<13, 14..<15; the line ends at 15 (CR) and the record at 17.
        let bytes = Array("a,bc,,d\ne,f,g,h\r\n".utf8)
        let steps = Self.steps(bytes, delimiter: 0x2C, width: 4, slots: [0, 2, 4, 6], exact: true)
        #expect(steps == [
            Step(fields: 4, slots: [0, 1, 2, 4, 0, 0, 6, 7], position: 8, line: 2, recordLine: 1),
            Step(fields: 4, slots: [8, 9, 10, 11, 12, 13, 14, 15], position: 17, line: 3, recordLine: 2),
        ])
    }

    /// The trouble bits as ``kaohe_field_bits`` defines them, byte by byte.
    static func referenceBits(_ bytes: [UInt8], delimiter: UInt8) -> (stops: [UInt64], lineEnds: [UInt64], trouble: [UInt64]) {
        let parser = CSVParser(buffer: UnsafeBufferPointer(start: nil, count: 0), delimiter: delimiter, file: "t.csv")
        let words = (bytes.count + 63) / 64
        var stops = [UInt64](repeating: 0, count: words), lineEnds = stops, trouble = stops
        func isStop(_ i: Int) -> Bool { i >= 0 && i < bytes.count && [delimiter, 0x0A, 0x0D].contains(bytes[i]) }
        for i in bytes.indices {
            let bit: UInt64 = 1 << UInt64(i % 64)
            if isStop(i) { stops[i / 64] |= bit }
            if bytes[i] == 0x0A || bytes[i] == 0x0D { lineEnds[i / 64] |= bit }
            // Led by what sends a field to the general reader (the parser's class) or by a space
            // to trim; ended by a space to trim (as TextTrimming trims).
            func at(_ j: Int) -> UInt8? { j >= 0 && j < bytes.count ? bytes[j] : nil }
            let b = bytes[i]
            let general = parser.classes[Int(b)] & CSVParser.leadsToGeneral != 0
            let leadSpace = (b == 0xC2 && at(i + 1) == 0xA0) || (b == 0xE3 && at(i + 1) == 0x80 && at(i + 2) == 0x80)
            let endSpace = b == 0x20 || b == 0x09 || (b == 0xA0 && at(i - 1) == 0xC2)
                || (b == 0x80 && at(i - 1) == 0x80 && at(i - 2) == 0xE3)
            let leads = (general || leadSpace) && isStop(i - 1)
            let ends = endSpace && !isStop(i) && isStop(i + 1)
            if leads || ends { trouble[i / 64] |= bit }
        }
        return (stops, lineEnds, trouble)
    }

    @Test("the field bits are the byte-by-byte definition's, from the parser's own byte classes", arguments: [UInt8(ascii: ","), 0x09, UInt8(ascii: ";")])
    func fieldBits(_ delimiter: UInt8) {
        guard kaohe_has_avx2() == 1 else { return }
        var rng = SplitMix64(99)
        // Single bytes, and the spaces and near-spaces of two and three bytes.
        let alphabet: [[UInt8]] = [0x22, 0x20, 0x09, 0xC2, 0xE3, 0xA0, 0x80, 0x0A, 0x0D, 0x2C, 0x3B, 0x61, 0xE4, 0xBF, 0x00, 0xFF].map { [$0] }
            + [[0xC2, 0xA0], [0xE3, 0x80, 0x80], [0xE3, 0x80], [0x80, 0x80], [0xC2, 0xA0, 0xA0], [0xE3, 0x80, 0x80, 0x80]]
        for length in Array(0...140) + [4000, 4095, 4096] {
            for _ in 0..<3 {
                var bytes: [UInt8] = []
                while bytes.count < length { bytes += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                bytes.removeLast(bytes.count - length)
                let words = max(1, (length + 63) / 64)
                var stops = [UInt64](repeating: 0, count: words), lineEnds = stops, trouble = stops
                let done = bytes.withUnsafeBufferPointer { b in
                    kaohe_field_bits(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, length, delimiter, &stops, &lineEnds, &trouble)
                }
                #expect(done == 1)
                let expected = Self.referenceBits(bytes, delimiter: delimiter)
                let n = (length + 63) / 64
                #expect(Array(stops.prefix(n)) == expected.stops, "length \(length)")
                #expect(Array(lineEnds.prefix(n)) == expected.lineEnds, "length \(length)")
                #expect(Array(trouble.prefix(n)) == expected.trouble, "length \(length)")
            }
        }
        // No byte read past the end: the text put just before a page that cannot be read (a
        // read past it would crash the test), every length of the last words.
        #if os(Linux)
        let page = 4096
        if let memory = mmap(nil, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED {
            defer { munmap(memory, 3 * page) }
            _ = mprotect(memory + 2 * page, page, PROT_NONE)
            let end = memory.assumingMemoryBound(to: UInt8.self) + 2 * page
            for length in Array(0...200) + [4000, 4094, 4095, 4096] {
                let bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))].first! }
                let start = end - length
                for k in 0..<length { start[k] = bytes[k] }
                let words = max(1, (length + 63) / 64)
                var stops = [UInt64](repeating: 0, count: words), lineEnds = stops, trouble = stops
                #expect(kaohe_field_bits(start, length, 0x2C, &stops, &lineEnds, &trouble) == 1)
                let expected = Self.referenceBits(bytes, delimiter: 0x2C)
                #expect(Array(trouble.prefix((length + 63) / 64)) == expected.trouble, "length \(length), at a guard page")
            }
        }
        #endif
        // More than a window's 4,096 bytes: not done, nothing written.
        var word: [UInt64] = Array(repeating: 7, count: 65 * 3)
        let big = [UInt8](repeating: 0x61, count: 4097)
        let done = big.withUnsafeBufferPointer { b in
            word.withUnsafeMutableBufferPointer { w in
                kaohe_field_bits(b.baseAddress!, 4097, 0x2C, w.baseAddress!, w.baseAddress! + 65, w.baseAddress! + 130)
            }
        }
        #expect(done == 0)
        #expect(word.allSatisfy { $0 == 7 })
    }
}
