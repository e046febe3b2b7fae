import Testing
@testable import Kaohe
@testable import KaoheReports

/// The byte-level JSON writer: numbers must be exactly `Fixed.description`, strings escaped
/// exactly as ``AssessmentJSON`` documents, and the parallel unit rendering the same bytes as
/// a sequential one.
@Suite("JSON bytes")
struct JSONBytesTests {
    static func digits(_ f: Fixed) -> String {
        var out: [UInt8] = []
        f.appendDescription(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func quoted(_ s: String) -> String {
        var w = JSONBytes()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The escaping as it was written before the byte writer, scalar by scalar: the reference.
    static func referenceQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func parsed(_ text: String) throws -> Fixed {
        try #require(Fixed(parsing: text))
    }

    @Test("Fixed digits: hand-picked values match description")
    func fixedDigitsTricky() throws {
        let texts = [
            "0", "1", "-1", "0.1", "-0.1", "0.3", "0.64", "25.6", "-3.5", "100", "1000000",
            "320000000", "500000000", "-320000000", "1234567890.0001", "0.00000000000000000001",
            "-0.00000000000000000001", "0.0000000001", "0.00000000001", "0.00000000009999999999",
            "0.99999999999999999999", "1.5", "10.000000001", "99999999999999999.99999999999999999999",
            "1700000000000000000", "-1700000000000000000", "18446744073.709551615", "1701411834604692317.31687303715884105727",
            "0.12345678901234567890", "9.9", "10", "12.34500",
        ]
        for text in texts {
            let f = try Self.parsed(text)
            #expect(Self.digits(f) == f.description, "\(text)")
        }
        // 0.1 + 0.2 is exactly 0.3; trailing zeros never written.
        let sum = try Self.parsed("0.1") + Self.parsed("0.2")
        #expect(Self.digits(sum) == "0.3")
        #expect(Self.digits(try Self.parsed("1.50")) == "1.5")
        #expect(Self.digits(try Self.parsed("320000000")) == "320000000")
        #expect(Self.digits(Fixed(raw: 1)) == "0.00000000000000000001")
        #expect(Self.digits(Fixed(raw: -1)) == "-0.00000000000000000001")
        #expect(Self.digits(.zero) == "0")
        // Quotients carried to 20 places.
        let third = try Fixed(1).divided(by: Fixed(3))
        #expect(Self.digits(third) == third.description)
        #expect(Self.digits(-third) == (-third).description)
        let seventh = try Fixed(-2).divided(by: Fixed(7))
        #expect(Self.digits(seventh) == seventh.description)
    }

    @Test("Fixed digits: extremes, powers of ten and their neighbours")
    func fixedDigitsExtremes() {
        var raws: [Int128] = [0, 1, -1, Int128.max, Int128.min, Int128.max - 1, Int128.min + 1,
                              Int128(Int64.max), Int128(Int64.min), Int128(UInt64.max), -Int128(UInt64.max),
                              Int128(UInt64.max) + 1, Fixed.one, -Fixed.one, Fixed.one - 1, Fixed.one + 1,
                              // Around 2⁸⁴ (|value| ≈ 193,428), where the integer part needs a 128-bit division.
                              Int128(1) << 84, (Int128(1) << 84) - 1, (Int128(1) << 84) + 1, -(Int128(1) << 84)]
        var p: Int128 = 1
        for _ in 0...38 {
            raws += [p, p - 1, p + 1, -p, -(p - 1), p / 2 * 3]
            if p > Int128.max / 10 { break }
            p *= 10
        }
        for raw in raws {
            let f = Fixed(raw: raw)
            #expect(Self.digits(f) == f.description, "raw \(raw)")
        }
    }

    @Test("Fixed digits: pseudo-random values of every magnitude")
    func fixedDigitsRandom() {
        // A fixed-seed xorshift, so a failure is reproducible.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        for k in 0..<20_000 {
            let wide = UInt128(next()) << 64 | UInt128(next())
            // Shift to spread magnitudes from a few digits to the full 127 bits.
            let bits = k % 127
            var raw = Int128(truncatingIfNeeded: wide >> (127 - bits))
            // Round some to whole numbers and short decimals (trailing zeros in the fraction).
            switch k % 4 {
            case 1: raw -= raw % Fixed.one
            case 2: raw -= raw % 10_000_000_000_000_000
            default: break
            }
            if next() & 1 == 1 { raw = -raw }
            let f = Fixed(raw: raw)
            #expect(Self.digits(f) == f.description, "raw \(raw)")
        }
    }

    @Test("Fixed digits append to what is already there")
    func fixedDigitsAppend() throws {
        var out = Array("x: ".utf8)
        try Self.parsed("-12.5").appendDescription(to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x: -12.5")
    }

    @Test("String escaping: the documented escapes")
    func escaping() {
        #expect(Self.quoted("") == #""""#)
        #expect(Self.quoted("城关镇") == #""城关镇""#)
        #expect(Self.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(Self.quoted("\u{08}\u{0C}\n\r\t") == #""\b\f\n\r\t""#)
        #expect(Self.quoted("\u{00}\u{01}\u{1A}\u{1F}") == #""\u0000\u0001\u001a\u001f""#)
        #expect(Self.quoted("\u{7F}") == "\"\u{7F}\"")
        #expect(Self.quoted("x\u{2028}y\u{2029}") == #""x\u2028y\u2029""#)
        // Other characters with the lead byte E2 stay as they are.
        #expect(Self.quoted("\u{2027}\u{202A}€→…") == "\"\u{2027}\u{202A}€→…\"")
        #expect(Self.quoted("😀 e\u{301}") == "\"😀 e\u{301}\"")
    }

    @Test("String escaping: the same as the scalar-by-scalar reference")
    func escapingMatchesReference() {
        var samples = ["", "plain", "省外到位资金", "a\u{2028}", "\u{2029}", "\u{E2}", "ends with E2 lead: \u{2000}",
                       "mixed \"q\" \\ \t tab \u{2028} 中文 \u{1F}", String(repeating: "长", count: 100) + "\n"]
        for v in 0..<0x80 { samples.append("x" + String(Character(UnicodeScalar(UInt8(v)))) + "y") }
        for v: UInt32 in [0x2000, 0x2020, 0x2027, 0x2028, 0x2029, 0x202A, 0x20AC, 0x2FFF, 0xFEFF, 0x1F600] {
            if let scalar = UnicodeScalar(v) { samples.append(String(Character(scalar))) }
        }
        for s in samples {
            #expect(Self.quoted(s) == Self.referenceQuoted(s), "\(s.unicodeScalars.map { $0.value })")
            #expect(AssessmentJSON.string(s) == Self.referenceQuoted(s))
        }
    }

    @Test("Integers as String(_:) writes them")
    func integers() {
        for i in [0, 1, -1, 9, 10, 2021, -2021, Int.max, Int.min, 1_000_000] {
            var w = JSONBytes()
            w.int(i)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(i))
        }
    }

    @Test("Item names quoted once for a piece of units: a unit whose items differ from the last one's gets its own")
    func quotedNamesFollowEachUnit() {
        // The second unit has its items in the other order and one name that must be escaped
        // ("名\"称" with a line feed); the third is the first again.
        let first = ScoreFixture.chengguan
        var second = first
        second.unit = "另一单位"
        second.items.reverse()
        second.items[0].name = "名\"称\n"
        // The fourth and fifth: a name in composed form, then the same name decomposed
        // ("Café" with U+00E9, then with e and U+0301: equal as Strings, not as bytes).
        var composed = first, decomposed = first
        composed.items[0].name = "Caf\u{E9}"
        decomposed.items[0].name = "Cafe\u{301}"
        let units = [first, second, first, composed, decomposed]
        let chunk = AssessmentJSON.unitPiece(units, piece: 0, of: 1)
        let bytes = Array(UnsafeBufferPointer(start: chunk.base, count: chunk.count))
        let alone = units.map { "    " + AssessmentJSON.unit($0, depth: 2) }.joined(separator: ",\n")
        #expect(bytes == Array(alone.utf8))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""name": "名\"称\n""#))
        #expect(bytes.count(of: Array("Cafe\u{301}".utf8)) == 1 && bytes.count(of: Array("Caf\u{E9}".utf8)) == 1)
    }

    @Test("Parallel chunks give the same bytes as one unit after another")
    func parallelUnits() {
        let base = [ScoreFixture.chengguan, ScoreFixture.hexi, ScoreFixture.fagaiju]
        var units: [UnitResult] = []
        for k in 0..<1_000 {
            var u = base[k % 3]
            u.unit += String(k)
            units.append(u)
        }
        let a = ScoreFixture.assessment(units: units)
        let bytes = AssessmentJSON.renderBytes(a)
        #expect(String(decoding: bytes, as: UTF8.self) == AssessmentJSON.render(a))
        let joined = units.map { "    " + AssessmentJSON.unit($0, depth: 2) }.joined(separator: ",\n")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("  \"units\": [\n" + joined + "\n  ],\n  \"teams\": "))
        #expect(AssessmentJSON.renderBytes(a) == bytes)
    }
}

/// Written a few chunks at a time (`kaohe score` and `kaohe whatif` on a province), the JSON is
/// the same bytes as rendered whole.
@Suite struct JSONWavesTests {
    static func units(_ count: Int) -> [UnitResult] {
        let base = [ScoreFixture.chengguan, ScoreFixture.hexi, ScoreFixture.fagaiju]
        return (0..<count).map { k in
            var u = base[k % 3]
            u.unit += String(k)
            return u
        }
    }

    @Test(arguments: [0, 3, 511, 512, 1_000])
    func scoreWrittenInWaves(_ count: Int) {
        let a = ScoreFixture.assessment(units: Self.units(count))
        var written: [UInt8] = []
        AssessmentJSON.write(a) { written += $0 }
        #expect(written == AssessmentJSON.renderBytes(a))
    }

    @Test(arguments: [3, 600])
    func whatIfWrittenInWaves(_ count: Int) {
        let before = Self.units(count)
        // After: every third unit 1.5 points higher (ranks and totals move).
        let after = before.enumerated().map { k, u -> UnitResult in
            var u = u
            if k % 3 == 0 { u.total = u.total + Fixed(parsing: "1.5")! }
            return u
        }
        let r = WhatIfResult.compare(ScoreFixture.assessment(units: before), ScoreFixture.assessment(units: after),
                                     changes: [VariantChange(path: "indicators.x.points", before: "30", after: "40")])
        var written: [UInt8] = []
        WhatIfReport.writeJSON(r) { written += $0 }
        #expect(written == WhatIfReport.jsonBytes(r))
        #expect(r.units.count == count)
    }
}

extension Array where Element == UInt8 {
    /// How many times `part` occurs in the bytes (overlaps not counted).
    func count(of part: [UInt8]) -> Int {
        guard !part.isEmpty, part.count <= count else { return 0 }
        var n = 0, i = 0
        while i + part.count <= count {
            if self[i..<(i + part.count)].elementsEqual(part) { n += 1; i += part.count } else { i += 1 }
        }
        return n
    }
}
