import Foundation
import Testing
@testable import KaoheGen
@testable import KaoheIO

/// The vector UTF-8 check (CKaoheSIMD, AVX2) answers as the scalar reference does
/// (``UTF8Validation/firstInvalidByte(in:)`` and `memchr` for NUL), on inputs made to hit
/// every error class at every place around its 32-byte blocks and its tail.
@Suite("UTF-8 vector check")
struct UTF8VectorCheckTests {
    /// Both answers for `bytes`: (vector, scalar), each (valid, has a NUL, quote characters).
    static func both(_ bytes: [UInt8]) -> (vector: (Bool, Bool, Int), scalar: (Bool, Bool, Int)) {
        bytes.withUnsafeBufferPointer { b in
            let v = UTF8Validation.piece(b, vector: true, countingQuotes: true)
            let s = UTF8Validation.piece(b, vector: false, countingQuotes: true)
            return ((v.valid, v.hasNul, v.quotes), (s.valid, s.hasNul, s.quotes))
        }
    }

    /// Byte sequences, each valid or not on its own, with whether it is.
    static let pieces: [(bytes: [UInt8], valid: Bool, what: String)] = [
        ([0x41], true, "ASCII"),
        ([0xC2, 0xA0], true, "two bytes (U+00A0)"),
        ([0xDF, 0xBF], true, "two bytes (U+07FF)"),
        ([0xE4, 0xB8, 0xAD], true, "three bytes (中)"),
        ([0xE0, 0xA0, 0x80], true, "three bytes (U+0800)"),
        ([0xED, 0x9F, 0xBF], true, "three bytes (U+D7FF)"),
        ([0xEE, 0x80, 0x80], true, "three bytes (U+E000)"),
        ([0xEF, 0xBF, 0xBF], true, "three bytes (U+FFFF)"),
        ([0xF0, 0x90, 0x80, 0x80], true, "four bytes (U+10000)"),
        ([0xF4, 0x8F, 0xBF, 0xBF], true, "four bytes (U+10FFFF)"),
        ([0xF3, 0xA0, 0x80, 0x80], true, "four bytes (U+E0000)"),
        ([0x80], false, "a lone continuation"),
        ([0xBF], false, "a lone continuation (BF)"),
        ([0xC0, 0x80], false, "overlong two bytes (C0)"),
        ([0xC1, 0xBF], false, "overlong two bytes (C1)"),
        ([0xE0, 0x80, 0x80], false, "overlong three bytes"),
        ([0xE0, 0x9F, 0xBF], false, "overlong three bytes (E0 9F)"),
        ([0xED, 0xA0, 0x80], false, "a surrogate (U+D800)"),
        ([0xED, 0xBF, 0xBF], false, "a surrogate (U+DFFF)"),
        ([0xF0, 0x80, 0x80, 0x80], false, "overlong four bytes"),
        ([0xF0, 0x8F, 0xBF, 0xBF], false, "overlong four bytes (F0 8F)"),
        ([0xF4, 0x90, 0x80, 0x80], false, "above U+10FFFF"),
        ([0xF5, 0x80, 0x80, 0x80], false, "F5 lead"),
        ([0xFF], false, "FF"),
        ([0xFE], false, "FE"),
        ([0xC2], false, "two bytes cut short"),
        ([0xE4, 0xB8], false, "three bytes cut short"),
        ([0xE4], false, "three bytes cut to one"),
        ([0xF0, 0x90, 0x80], false, "four bytes cut short"),
        ([0xF0, 0x90], false, "four bytes cut to two"),
        ([0xF0], false, "four bytes cut to one"),
        ([0xC2, 0xA0, 0xA0], false, "two bytes and a continuation too many"),
        ([0xE4, 0xB8, 0xAD, 0x80], false, "three bytes and a continuation too many"),
        ([0x00], true, "NUL"),
    ]

    @Test("every error class, at every offset around two 32-byte blocks, in ASCII and in Chinese")
    func everyPlace() {
        let chinese = Array("招商引资目标考核到位资金".utf8)
        for piece in Self.pieces {
            for background in [[UInt8](repeating: 0x61, count: 80), Array((chinese + chinese + chinese).prefix(80))] {
                for offset in 0...72 {
                    // The piece placed at `offset`, after whole characters of the background.
                    var at = offset
                    while at < background.count, background[at] & 0xC0 == 0x80 { at += 1 }
                    let bytes = Array(background[..<min(at, background.count)]) + piece.bytes
                    for end in [bytes.count, bytes.count + 1, bytes.count + 31, bytes.count + 33] {
                        var tail = bytes
                        tail += Array("abcdefghijklmnopqrstuvwxyz0123456789abcd".utf8.prefix(end - bytes.count))
                        let (vector, scalar) = Self.both(tail)
                        #expect(vector == scalar, "\(piece.what) at \(at), length \(tail.count)")
                        #expect(scalar.0 == piece.valid, "\(piece.what) at \(at), length \(tail.count)")
                        #expect(scalar.1 == (piece.bytes == [0]), "\(piece.what) at \(at), length \(tail.count)")
                    }
                }
            }
        }
    }

    @Test("random mixtures of characters, some bytes changed: the same answer as the scalar check")
    func randomInputs() {
        var rng = SplitMix64(2021)
        let characters: [[UInt8]] = ["a", ",", "\n", "é", "中", "资", "€", "𠀀", "😀", " ", "\""].map { Array($0.utf8) } + [[0x00]]
        var invalid = 0, valid = 0, quoted = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            let count = Int(rng.next() % 200)
            for _ in 0..<count { bytes += characters[Int(rng.next() % UInt64(characters.count))] }
            // Half the inputs get one to three bytes changed to any value.
            if rng.next() % 2 == 0, !bytes.isEmpty {
                for _ in 0..<(1 + rng.next() % 3) {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            let (vector, scalar) = Self.both(bytes)
            #expect(vector == scalar, "\(bytes)")
            #expect(scalar.2 == bytes.count { $0 == 0x22 }, "\(bytes)")   // (quotes counted exactly, by both)
            if scalar.0 { valid += 1 } else { invalid += 1 }
            if scalar.2 > 0 { quoted += 1 }
        }
        // Both kinds were tried many times.
        #expect(valid > 5_000)
        #expect(invalid > 5_000)
        #expect(quoted > 5_000)
    }

    @Test("a large piece checked on all cores: valid, invalid near its end, NUL near its end")
    func largeInput() {
        let line = Array("P2021-00000001,天津金泰民宿集群项目,新山县城关镇,文化旅游,2020-10-31,,1510,,845.6,,县内,是,\n".utf8)
        var bytes: [UInt8] = []
        while bytes.count < 5 << 20 { bytes += line }
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.check($0) } == (true, false))
        var bad = bytes
        // The comma before the last 是 made a three-byte lead: followed by 是's own lead byte,
        // it is cut short.
        bad[bad.count - 6] = 0xE4
        #expect(bad.withUnsafeBufferPointer { UTF8Validation.check($0) }.valid == false)
        var nul = bytes
        nul[nul.count - 2] = 0   // (the last comma)
        #expect(nul.withUnsafeBufferPointer { UTF8Validation.check($0) } == (true, true))
        // Quotes counted on all cores, the pieces' counts added: every 1,000th line's key's
        // first and last bytes made quotes, and the last comma, in the vector loop's tail.
        var quoted = bytes
        let lines = bytes.count / line.count
        for k in stride(from: 0, to: lines, by: 1_000) { quoted[k * line.count] = 0x22; quoted[k * line.count + 13] = 0x22 }
        quoted[quoted.count - 2] = 0x22
        let expectedQuotes = 2 * ((lines + 999) / 1_000) + 1
        #expect(quoted.count { $0 == 0x22 } == expectedQuotes)
        let counted = quoted.withUnsafeBufferPointer { UTF8Validation.checkCountingQuotes($0) }
        #expect(counted == (true, false, expectedQuotes))
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.checkCountingQuotes($0) } == (true, false, 0))
    }

    @Test("this machine's CPU has the vector check (else the scalar one answers)")
    func vectorCheckAvailable() {
        // The CI machines are x86-64 with AVX2; elsewhere the fallback is what runs, and the
        // tests above compare the scalar check with itself.
        #if arch(x86_64)
        #expect(UTF8Validation.hasVectorCheck)
        #endif
    }
}
