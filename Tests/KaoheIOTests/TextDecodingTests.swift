import Foundation
import Kaohe
import Testing
@testable import KaoheGen
@testable import KaoheIO

/// Encoding detection and decoding, below the CSV reader.
@Suite("Text decoding")
struct TextDecodingTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    func decode(_ bytes: [UInt8]) throws -> DecodedText {
        try TextDecoding.decode(bytes, file: "t.csv").get()
    }

    func error(_ bytes: [UInt8]) throws -> Diagnostic {
        guard case .failure(let diagnostics) = TextDecoding.decode(bytes, file: "t.csv") else {
            Issue.record("expected an error")
            throw CancellationError()
        }
        return try #require(diagnostics.errors.first)
    }

    @Test("Foundation on Linux decodes GB18030 (0x80000632), incl. 4-byte characters; GBK 0x80000631 does not exist")
    func foundationDecodesGB18030() throws {
        let text = "城关镇 𠀀 €"
        let bytes = try #require(text.data(using: Self.gb18030))
        #expect(Array(bytes.prefix(2)) == [0xB3, 0xC7])
        #expect(Array(bytes).contains(0x95)) // 𠀀 is the 4-byte sequence 95 32 82 36
        #expect(String(data: bytes, encoding: Self.gb18030) == text)
        #expect("城".data(using: String.Encoding(rawValue: 0x8000_0631)) == nil)
    }

    @Test("the table-driven GB18030 decoder agrees with Foundation on every two-byte character and on four-byte ones")
    func fastDecoderAgreesWithFoundation() throws {
        var bytes: [UInt8] = Array("ascii,".utf8)
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F { bytes += [lead, trail] }
        }
        // Four-byte characters: the first, some in the BMP (incl. U+FFFF at 84 31 A4 39), U+10000, 𠀀, U+10FFFF.
        bytes += [0x81, 0x30, 0x81, 0x30, 0x81, 0x30, 0x89, 0x38, 0x82, 0x35, 0x87, 0x30,
                  0x84, 0x31, 0xA4, 0x39, 0x90, 0x30, 0x81, 0x30, 0x95, 0x32, 0x82, 0x36, 0xE3, 0x32, 0x9A, 0x35]
        let expected = try #require(String(data: Data(bytes), encoding: Self.gb18030))
        let decoded = try GB18030Decoding.decode(bytes).get()
        #expect(String(decoding: decoded, as: UTF8.self) == expected)
        #expect(String(decoding: decoded, as: UTF8.self).unicodeScalars.last == Unicode.Scalar(0x10FFFF))
        // Beyond U+10FFFF there is no character.
        guard case .failure(let failure) = GB18030Decoding.decode([0x41, 0xE3, 0x32, 0x9A, 0x36]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.offset == 1)
    }

    @Test("UTF-8 without a BOM is read as is")
    func utf8() throws {
        let decoded = try decode(Array("单位,得分\n".utf8))
        #expect(decoded.encoding == .utf8)
        #expect(decoded.bytes == Array("单位,得分\n".utf8))
    }

    @Test("a UTF-8 byte order mark is detected and removed")
    func utf8BOM() throws {
        let decoded = try decode([0xEF, 0xBB, 0xBF] + Array("单位".utf8))
        #expect(decoded.encoding == .utf8BOM)
        #expect(decoded.bytes == Array("单位".utf8))
    }

    @Test("UTF-16 LE and BE with a BOM, incl. a surrogate pair, decode to UTF-8")
    func utf16() throws {
        let text = "单位\t得分\r\n𠀀\t1\r\n"
        let little = try decode([0xFF, 0xFE] + Array(try #require(text.data(using: .utf16LittleEndian))))
        #expect(little.encoding == .utf16LE)
        #expect(String(decoding: little.bytes, as: UTF8.self) == text)
        let big = try decode([0xFE, 0xFF] + Array(try #require(text.data(using: .utf16BigEndian))))
        #expect(big.encoding == .utf16BE)
        #expect(String(decoding: big.bytes, as: UTF8.self) == text)
    }

    @Test("GB18030 is decoded when the bytes are not UTF-8")
    func gb18030() throws {
        let bytes = Array(try #require("单位,得分\n城关镇,90\n".data(using: Self.gb18030)))
        let decoded = try decode(bytes)
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "单位,得分\n城关镇,90\n")
    }

    @Test("bytes valid as both UTF-8 and GB18030 are read as UTF-8")
    func ambiguousIsUTF8() throws {
        // "中文" in UTF-8 is E4 B8 | AD E6 | 96 87 as GB18030 pairs: valid in both encodings.
        let bytes = Array("中文".utf8)
        #expect(GB18030Validation.firstInvalidByte(in: bytes) == nil)
        let decoded = try decode(bytes)
        #expect(decoded.encoding == .utf8)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "中文")
    }

    @Test("an invalid GB18030 byte is reported with its line")
    func invalidGB18030() throws {
        var bytes = Array(try #require("单位,得分\n城关镇,90\n".data(using: Self.gb18030)))
        bytes += [0x41, 0x42, 0xFF, 0x0A] // "AB", then 0xFF, never valid in GB18030, on line 3
        let diagnostic = try error(bytes)
        #expect(diagnostic.location == SourceLocation(file: "t.csv", line: 3))
        #expect(diagnostic.message == "the file is neither UTF-8 nor GB18030 (invalid byte 0xFF at line 3)")
    }

    @Test("a UTF-8 file with one broken byte is reported at that byte, not at GB18030's first failure")
    func brokenUTF8() throws {
        let bytes = Array("单位,得分\n城关镇,90\n河西镇,".utf8) + [0xE4, 0x0A]
        let diagnostic = try error(bytes)
        #expect(diagnostic.location?.line == 3)
    }

    @Test("invalid UTF-8 after a UTF-8 BOM is an error with the line")
    func badAfterBOM() throws {
        let diagnostic = try error([0xEF, 0xBB, 0xBF] + Array("a\nb\n".utf8) + [0xC0, 0x80])
        #expect(diagnostic.location?.line == 3)
        #expect(diagnostic.message.contains("invalid byte 0xC0 at line 3"))
    }

    @Test("NUL bytes in a UTF-8 file suggest UTF-16 without a BOM")
    func nulBytes() throws {
        let diagnostic = try error([0x61, 0x00, 0x2C, 0x00])
        #expect(diagnostic.message.contains("NUL byte"))
    }

    @Test("a UTF-16 file with an odd number of bytes or an unpaired surrogate is an error")
    func badUTF16() throws {
        #expect(try error([0xFF, 0xFE, 0x61, 0x00, 0x62]).message.contains("odd number of bytes"))
        let lone = try error([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x61, 0x00])
        #expect(lone.message.contains("unpaired surrogate"))
        #expect(lone.location?.line == 2)
    }

    @Test("strict UTF-8: overlong forms, surrogates and values above U+10FFFF are invalid")
    func strictUTF8() {
        #expect(UTF8Validation.firstInvalidByte(in: Array("abcdefghij中文𠀀".utf8)) == nil)
        #expect(UTF8Validation.firstInvalidByte(in: [0x61, 0xC0, 0xAF]) == 1)          // overlong '/'
        #expect(UTF8Validation.firstInvalidByte(in: [0xE0, 0x80, 0xAF]) == 0)          // overlong
        #expect(UTF8Validation.firstInvalidByte(in: [0xED, 0xA0, 0x80]) == 0)          // surrogate
        #expect(UTF8Validation.firstInvalidByte(in: [0xF4, 0x90, 0x80, 0x80]) == 0)    // > U+10FFFF
        #expect(UTF8Validation.firstInvalidByte(in: Array("12345678901".utf8) + [0xE4, 0xB8]) == 11) // truncated
    }

    @Test("UTF-8 validation agrees with the standard library on Chinese text with bad bytes mixed in")
    func utf8AgreesWithStandardLibrary() {
        // Chinese text (three-byte runs, the fast path), ASCII, and now and then a byte that
        // breaks a sequence or leads a bad one: E0 and ED leads, lone continuation bytes, a
        // lead cut short at the end.
        var generator = SplitMix64(7)
        let pieces: [[UInt8]] = [Array("城关镇".utf8), Array("项目,".utf8), Array("2021-03-01".utf8), Array("𠀀".utf8),
                                 Array("é".utf8), [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
                                 [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xE4, 0xB8], [0xEF, 0xBF, 0xBF], [0xEE, 0x80, 0x80]]
        var invalid = 0
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 12) {
                // Mostly valid pieces (indices 0–6, 11, 12); one in about five an invalid one (7–10).
                let k = Int(generator.next() % 64)
                bytes += pieces[k < 52 ? [0, 1, 2, 3, 4, 5, 6, 11, 12][k % 9] : [7, 8, 9, 10][k % 4]]
            }
            let first = UTF8Validation.firstInvalidByte(in: bytes)
            #expect((first == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            if let first {
                invalid += 1
                // Everything before it is valid, and it is where a character starts.
                #expect(String(validating: bytes[..<first], as: UTF8.self) != nil, "\(bytes)")
            }
        }
        #expect(invalid > 100 && invalid < 1900)
    }

    @Test("GB18030 structure: 1, 2 and 4-byte characters; the offset of the first bad byte")
    func gbStructure() {
        #expect(GB18030Validation.firstInvalidByte(in: [0x41, 0xB3, 0xC7, 0x95, 0x32, 0x82, 0x36]) == nil)
        #expect(GB18030Validation.firstInvalidByte(in: [0x41, 0x80]) == 1)
        #expect(GB18030Validation.firstInvalidByte(in: [0xB3, 0x0A]) == 1)
        #expect(GB18030Validation.firstInvalidByte(in: [0x81, 0x30, 0x20, 0x30]) == 2)
        #expect(GB18030Validation.firstInvalidByte(in: [0x81, 0x30, 0x81]) == 0) // truncated
    }

    @Test("line numbers count LF, CRLF and lone CR")
    func lineNumbers() {
        let bytes = Array("a\nb\r\nc\rd".utf8)
        #expect(TextDecoding.lineNumber(at: 0, in: bytes) == 1)
        #expect(TextDecoding.lineNumber(at: 2, in: bytes) == 2)
        #expect(TextDecoding.lineNumber(at: 5, in: bytes) == 3)
        #expect(TextDecoding.lineNumber(at: 7, in: bytes) == 4)
    }
}
