import Testing
@testable import KaoheGen
@testable import KaoheIO

/// Field ends found by stop bits (``CSVParser/nextStop(from:)``, with vector instructions and
/// with words) are where the byte-by-byte definition puts them: the next delimiter, LF or CR,
/// or the end of the text.
@Suite("Stop bits")
struct StopBitsTests {
    /// The first delimiter, LF or CR at or after `from`, byte by byte.
    static func reference(_ bytes: [UInt8], _ from: Int, _ delimiter: UInt8) -> Int {
        var i = from
        while i < bytes.count, bytes[i] != delimiter, bytes[i] != 0x0A, bytes[i] != 0x0D { i += 1 }
        return i
    }

    /// Every field end of `bytes` by `nextStop` (asked from every offset, in increasing order
    /// and then from a few offsets back, as a parser that reads a record again does).
    static func check(_ bytes: [UInt8], delimiter: UInt8, vector: Bool) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = CSVParser(buffer: buffer, delimiter: delimiter, file: "t.csv")
            let window = UnsafeMutablePointer<UInt64>.allocate(capacity: CSVParser.windowCapacity)
            defer { window.deallocate() }
            parser.window = window
            parser.vectorStops = vector
            var offsets = Array(0...bytes.count)
            offsets += stride(from: bytes.count, through: 0, by: -37)
            for from in offsets {
                let got = parser.nextStop(from: from)
                guard got == reference(bytes, from, delimiter), got == parser.unquotedEnd(from: from) else { return false }
            }
            return true
        }
    }

    @Test("random texts of every length up to past two windows, both ways, comma and tab")
    func randomTexts() {
        var rng = SplitMix64(64)
        let alphabet: [UInt8] = Array("a,\t\n\r\"中".utf8) + [0x00, 0xFF, 0x2C]
        var lengths = Array(0...200)
        lengths += [4095, 4096, 4097, 8191, 8192, 8193, 9000]
        for length in lengths {
            for density in [2, 20] {
                var bytes: [UInt8] = []
                for _ in 0..<length {
                    // Sparse or dense stop bytes.
                    bytes.append(rng.next() % UInt64(density) == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : 0x61)
                }
                for delimiter: UInt8 in [0x2C, 0x09] {
                    #expect(Self.check(bytes, delimiter: delimiter, vector: true), "length \(length), vector")
                    #expect(Self.check(bytes, delimiter: delimiter, vector: false), "length \(length), words")
                }
            }
        }
    }

    @Test("a stop byte at each of the 64 places of a word, and none at all")
    func everyBit() {
        for place in 0..<130 {
            var bytes = [UInt8](repeating: 0x62, count: 130)
            bytes[place] = 0x0A
            #expect(Self.check(bytes, delimiter: 0x2C, vector: true), "\(place)")
            #expect(Self.check(bytes, delimiter: 0x2C, vector: false), "\(place)")
        }
        let none = [UInt8](repeating: 0x62, count: 5000)
        #expect(Self.check(none, delimiter: 0x2C, vector: true))
        #expect(Self.check(none, delimiter: 0x2C, vector: false))
    }

    @Test("this machine's CPU makes the stop bits with vector instructions")
    func vectorAvailable() {
        #if arch(x86_64)
        #expect(CSVParser.hasVectorStops)
        #endif
    }
}

/// The byte classes the quick record reader looks up say what the comparisons they replace
/// said, byte for byte, with a comma and with a TAB as the delimiter.
@Suite("Byte classes")
struct ByteClassTests {
    @Test(arguments: [UInt8(ascii: ","), 0x09])
    func classesAreTheComparisons(_ delimiter: UInt8) {
        let parser = CSVParser(buffer: UnsafeBufferPointer(start: nil, count: 0), delimiter: delimiter, file: "t.csv")
        let tabIsSpace = delimiter != 0x09
        var general = 0
        for b in 0...255 {
            let byte = UInt8(b), c = parser.classes[b]
            // To the general reader: a quote, a space, a TAB that is not the delimiter.
            let leads = byte == 0x22 || byte == 0x20 || (byte == 0x09 && tabIsSpace)
            #expect((c & CSVParser.leadsToGeneral != 0) == leads, "\(b)")
            if leads { general += 1 }
            // A no-break (C2 A0) or ideographic (E3 80 80) space may begin with it.
            #expect((c & CSVParser.mayLeadSpace != 0) == (byte == 0xC2 || byte == 0xE3), "\(b)")
            // Any space to trim may end with it.
            #expect((c & CSVParser.mayEndSpace != 0) == [0x20, 0x09, 0xA0, 0x80].contains(byte), "\(b)")
        }
        // Quote, space, and TAB unless it is the delimiter: 3 bytes with a comma, 2 with a TAB.
        #expect(general == (tabIsSpace ? 3 : 2))
    }
}
