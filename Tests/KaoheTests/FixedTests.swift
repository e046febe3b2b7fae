import Testing
@testable import KaoheGen
@testable import Kaohe

@Suite struct FixedTests {
    @Test func decimalTrapsDoNotApply() throws {
        // 0.1 + 0.2 is exactly 0.3 (binary floating point gives 0.30000000000000004).
        #expect(Fixed(parsing: "0.1")! + Fixed(parsing: "0.2")! == Fixed(parsing: "0.3")!)
        #expect(try evaluate("0.1 + 0.2 == 0.3") == .bool(true))
        // 1.005 rounds to 1.01 half-up (Double gives 1.0).
        #expect(Fixed(parsing: "1.005")!.rounded(places: 2).description == "1.01")
    }

    @Test func halfUpRounding() {
        #expect(Fixed(parsing: "0.125")!.rounded(places: 2).description == "0.13")
        #expect(Fixed(parsing: "0.124999")!.rounded(places: 2).description == "0.12")
        // Half away from zero for negatives (四舍五入): -2.345 → -2.35.
        #expect(Fixed(parsing: "-2.345")!.rounded(places: 2).description == "-2.35")
        #expect(Fixed(parsing: "9.995")!.formatted(places: 2) == "10.00")
        #expect(Fixed(parsing: "25.6")!.formatted(places: 2) == "25.60")
    }

    @Test func suffixes() {
        #expect(Fixed(parsing: "3万元")! == Fixed(30_000))
        #expect(Fixed(parsing: "2.5亿")! == Fixed(250_000_000))
        #expect(Fixed(parsing: "80%")!.description == "0.8")
        #expect(Fixed(parsing: "3‰")!.description == "0.003")
        #expect(Fixed(parsing: "1500元")! == Fixed(1500))
        #expect(Fixed(parsing: "12.3abc") == nil)
        #expect(Fixed(parsing: "1,234.5") == nil)
        #expect(Fixed(parsing: "1,234.5", allowGrouping: true)!.description == "1234.5")
        #expect(Fixed(parsing: "1,23", allowGrouping: true) == nil)
        #expect(Fixed(parsing: "%元") == nil)
        #expect(Fixed(parsing: "5%元") == nil)
    }

    @Test func divisionCarriesTwentyPlaces() throws {
        let third = try Fixed(1).divided(by: Fixed(3))
        #expect(third.description == "0.33333333333333333333")
        // 2/3 rounds half up at the 20th place.
        #expect(try Fixed(2).divided(by: Fixed(3)).description == "0.66666666666666666667")
        // 320000000 / 500000000 = 0.64 exactly.
        #expect(try Fixed(320_000_000).divided(by: Fixed(500_000_000)).description == "0.64")
        #expect(throws: ArithmeticError.divisionByZero) { try Fixed(1).divided(by: .zero) }
    }

    @Test func multiplicationAndOverflow() throws {
        // 40 × 0.64 = 25.6
        #expect(try Fixed(40).multiplied(by: Fixed(parsing: "0.64")!).description == "25.6")
        #expect(try Fixed(parsing: "-1.5")!.multiplied(by: Fixed(parsing: "1.5")!).description == "-2.25")
        let big = Fixed(parsing: "1000000000000000000")!   // 10¹⁸
        #expect(throws: ArithmeticError.overflow) { try big.multiplied(by: Fixed(10)) }
    }

    @Test func floorAndCeil() {
        #expect(Fixed(parsing: "2.5")!.floor() == Fixed(2))
        #expect(Fixed(parsing: "-2.5")!.floor() == Fixed(-3))
        #expect(Fixed(parsing: "2.1")!.ceil() == Fixed(3))
        #expect(Fixed(parsing: "-2.1")!.ceil() == Fixed(-2))
    }
}

@Suite struct FixedCentsProductTests {
    private func fixed(_ s: String) -> Fixed { Fixed(parsing: s, allowSuffix: false)! }

    @Test func byHand() throws {
        // 20.03 × 0.6423 = 12.865269 (2003 × 6423 = 12865269, 6 places).
        #expect(try fixed("20.03").multiplied(by: fixed("0.6423")).description == "12.865269")
        // 0.05 × 1/3: 5 × 0.333…(20 places) = 1.666…65 ×10⁻²⁰ → the last place 0.0166…6|65 rounds up to …67.
        let third = try Fixed(1).divided(by: Fixed(3))
        #expect(try fixed("0.05").multiplied(by: third).description == "0.01666666666666666667")
        // Negative: -2.5 × 1/3 = -0.8333…(20 places) with the half away from zero.
        #expect(try fixed("-2.5").multiplied(by: third).description == "-0.83333333333333333333")
        #expect(try fixed("-0.01").multiplied(by: fixed("-0.01")).description == "0.0001")
        // 4 places: 12345678.9 × 0.5‰ = 6172.83945 (123456789 × 5 = 617283945, 5 places).
        #expect(try fixed("12345678.9").multiplied(by: fixed("0.0005")).description == "6172.83945")
    }

    @Test func sameAsTheWideProduct() throws {
        let third = try Fixed(1).divided(by: Fixed(3)), seventh = try Fixed(-1).divided(by: Fixed(7))
        let values = ["20.03", "0.5", "-3.25", "99999999.99", "0.01", "0", "1.23456789", "123456.7891", "-0.00000000000000000001",
                      "0.0005", "0.12345", "-7.000001"]
            .map(fixed) + [third, seventh]
        for a in values {
            for b in values {
                #expect(try a.multiplied(by: b) == (try a.multipliedWide(by: b)), "\(a) × \(b)")
            }
        }
    }

    /// Random factors of every kind the fast paths tell apart (whole, 2 to 8 places, 20
    /// places; signs; near the 10^k boundaries): the same product, or the same overflow, as
    /// the 256-bit product.
    @Test func sameAsTheWideProductOnRandomFactors() {
        var generator = SplitMix64(0x2545_F491_4F6C_DD1D)
        func next() -> UInt64 { generator.next() }
        func factor() -> Fixed { Self.randomFactor(next) }
        var fast = 0
        for _ in 0..<20_000 {
            let a = factor(), b = factor()
            let wide = Result { () throws(ArithmeticError) in try a.multipliedWide(by: b) }
            let product = Result { () throws(ArithmeticError) in try a.multiplied(by: b) }
            switch (product, wide) {
            case (.success(let x), .success(let y)): #expect(x == y, "\(a) × \(b)")
            case (.failure(let x), .failure(let y)): #expect(x == y, "\(a) × \(b)")
            default: Issue.record("\(a) × \(b): \(product) against \(wide)")
            }
            if b.raw % Fixed.pow10(12) == 0 || a.raw % Fixed.pow10(12) == 0 { fast += 1 }
        }
        // Most pairs have a factor of at most 8 places (the fast paths are exercised).
        #expect(fast > 10_000)
    }

    /// A random factor: digits (up to 12 before the point) times a power of ten of raw units,
    /// 10^20 (whole) down to 10^0 (20 places), sometimes off by one raw unit, of either sign.
    static func randomFactor(_ next: () -> UInt64) -> Fixed {
        let digits = Int128(next() % 1_000_000_000_000)
        let exponent = [20, 18, 16, 14, 12, 10, 5, 0][Int(next() % 8)]
        var raw = digits * Fixed.pow10(exponent)
        if next() % 7 == 0 { raw += 1 }
        if next() % 3 == 0 { raw = -raw }
        return Fixed(raw: raw)
    }

    @Test func productOfMinusTwoToThe127IsAnOverflow() {
        // -4 × (2^125 raw units) = -2^127 raw: the wide product (by magnitudes) overflows, and
        // so must the whole-number path.
        let a = Fixed(-4), b = Fixed(raw: Int128(1) << 125)
        #expect(throws: ArithmeticError.overflow) { try a.multiplied(by: b) }
        #expect(throws: ArithmeticError.overflow) { try b.multiplied(by: a) }
        #expect(throws: ArithmeticError.overflow) { try a.multipliedWide(by: b) }
    }

    @Test func exactQuotientOnlyOfMultiples() {
        let d = Fixed.ExactDivisor(exponent: 18)
        let unit = Fixed.pow10(18)
        for x: Int128 in [0, unit, -unit, 2003 * unit, -2003 * unit, Int128.max / unit * unit] {
            #expect(Fixed.exactQuotient(x, d) == x / unit)
        }
        // Not multiples: one raw unit off, a multiple of 2^18 only, of 5^18 only.
        for x: Int128 in [unit + 1, -unit - 1, 1 << 18, 3_814_697_265_625, Int128.max, Int128.min] {
            #expect(Fixed.exactQuotient(x, d) == nil, "\(x)")
        }
    }

    /// A factor prepared once (an item's points, a money column's factor) gives the same
    /// product, or the same overflow, as multiplying by it each time: on the same random
    /// factors as above, each side as the prepared one.
    @Test func preparedFactorSameAsMultiplied() throws {
        var generator = SplitMix64(0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { generator.next() }
        func factor() -> Fixed { Self.randomFactor(next) }
        let edges = [Fixed(1), Fixed(0), Fixed(-1), Fixed(raw: Int128.max), Fixed(raw: Int128.min + 1), Fixed(raw: 1),
                     Fixed(raw: Int128(1) << 125), Fixed(-4), Fixed(10_000), Fixed(raw: Fixed.one / 100 * 2003)]
        var pairs = (0..<20_000).map { _ in (factor(), factor()) }
        for a in edges { for b in edges { pairs.append((a, b)) } }
        for (a, b) in pairs {
            let plain = Result { () throws(ArithmeticError) in try a.multiplied(by: b) }
            let prepared = Result { () throws(ArithmeticError) in try Fixed.Multiplier(a).times(b) }
            switch (prepared, plain) {
            case (.success(let x), .success(let y)): #expect(x == y, "\(a) × \(b)")
            case (.failure(let x), .failure(let y)): #expect(x == y, "\(a) × \(b)")
            default: Issue.record("\(a) × \(b): \(prepared) against \(plain)")
            }
        }
        // By hand: 20.03 × 0.6432 = 12.883296 (2003 × 6432 = 12,883,296; 2 + 4 places);
        // 10,000 × 1.5 = 15,000; 0.05 × 0.00000000000000000001 = 0 (5 × 10⁻²², rounded).
        #expect(try Fixed.Multiplier(fixed("20.03")).times(fixed("0.6432")).description == "12.883296")
        #expect(try Fixed.Multiplier(Fixed(10_000)).times(fixed("1.5")) == Fixed(15_000))
        #expect(try Fixed.Multiplier(fixed("0.05")).times(Fixed(raw: 1)) == Fixed.zero)
        // 0.5 × 0.00000000000000000001 = 5 × 10⁻²¹: half a raw unit, rounded away from zero.
        #expect(try Fixed.Multiplier(fixed("0.5")).times(Fixed(raw: 1)) == Fixed(raw: 1))
        #expect(try Fixed.Multiplier(fixed("0.5")).times(Fixed(raw: -1)) == Fixed(raw: -1))
        #expect(throws: ArithmeticError.overflow) { try Fixed.Multiplier(Fixed(-4)).times(Fixed(raw: Int128(1) << 125)) }
    }

    /// Points to two places times a rate, straight to cents, is what rounding the product
    /// at the 20th place and then to two places gives: on the boundaries where the first
    /// rounding carries the product up to the half, and on random rates and points.
    @Test func productToCentsSameAsTwoRoundings() throws {
        let cents = Rounder(places: 2)
        func twice(_ m: Fixed.Multiplier, _ x: Fixed) throws -> Fixed { cents.round(try m.times(x)) }
        // 20.03 × 0.6432 = 12.883296 → 12.88; 40 × 0.8765 = 35.06; 40 × −0.8765 = −35.06.
        #expect(Fixed.Multiplier(fixed("20.03")).timesToCents(fixed("0.6432")) == fixed("12.88"))
        #expect(Fixed.Multiplier(Fixed(40)).timesToCents(fixed("0.876543")) == fixed("35.06"))
        #expect(Fixed.Multiplier(Fixed(40)).timesToCents(fixed("-0.876543")) == fixed("-35.06"))
        // 0.01 × 0.5 = 0.005 → 0.01 (half away from zero); × −0.5 → −0.01.
        #expect(Fixed.Multiplier(fixed("0.01")).timesToCents(fixed("0.5")) == fixed("0.01"))
        #expect(Fixed.Multiplier(fixed("0.01")).timesToCents(fixed("-0.5")) == fixed("-0.01"))
        // Double rounding: 0.03 × 0.16666666666666666650 = 0.0049999999999999999950 exactly
        // (3 × …650 = 49,999,999,999,999,999,950 at 22 places). At the 20th place the last
        // two digits, 50, round it up to 0.00500000000000000000, and then to 0.01; rounded
        // once it would be 0.00. One raw unit less, …649 (3 × … = …947: 47 rounds down),
        // stays 0.00499999999999999999 and gives 0.00.
        let third = Fixed.Multiplier(fixed("0.03"))
        #expect(third.timesToCents(fixed("0.16666666666666666650")) == fixed("0.01"))
        #expect(try twice(third, fixed("0.16666666666666666650")) == fixed("0.01"))
        #expect(third.timesToCents(fixed("0.16666666666666666649")) == Fixed.zero)
        #expect(try twice(third, fixed("0.16666666666666666649")) == Fixed.zero)
        // A whole factor: 3 × 0.00166666666666666667 = 0.00500000000000000001 → 0.01; …666 → 0.00.
        #expect(Fixed.Multiplier(Fixed(3)).timesToCents(fixed("0.00166666666666666667")) == fixed("0.01"))
        #expect(Fixed.Multiplier(Fixed(3)).timesToCents(fixed("0.00166666666666666666")) == Fixed.zero)
        // Only for points whole or to two places: 0.125 has three.
        #expect(!Fixed.Multiplier(fixed("0.125")).roundsToCentsWithoutDivision)
        #expect(Fixed.Multiplier(fixed("20.5")).roundsToCentsWithoutDivision)
        // Too large a product: nil, and the caller divides.
        #expect(Fixed.Multiplier(Fixed(40)).timesToCents(Fixed(raw: Int128(1) << 100)) == nil)
        var generator = SplitMix64(0x2545_F491_4F6C_DD1D)
        var checked = 0
        for _ in 0..<50_000 {
            // Points 0.00 … 99.99 (or whole), rates up to ±1.2 with 20 random places.
            let r = generator.next()
            let points = r & 1 == 0 ? Fixed(raw: Int128((r >> 1) % 10_000) * (Fixed.one / 100)) : Fixed(Int((r >> 1) % 100))
            let magnitude = Int128(generator.next()) * 7 % 120_000_000_000_000_000_000
            let rate = Fixed(raw: generator.next() & 1 == 0 ? magnitude : -magnitude)
            let m = Fixed.Multiplier(points)
            guard m.roundsToCentsWithoutDivision, let fast = m.timesToCents(rate) else { continue }
            #expect(fast == (try twice(m, rate)), "\(points) × \(rate)")
            checked += 1
        }
        #expect(checked == 50_000)
        // Rates whose product with points p (hundredths) lands within a few raw units of the
        // rounding boundary, 10²⁰·q + 5·10¹⁹ − 50 (at 22 places), on either side.
        for _ in 0..<2_000 {
            let hundredths = Int128(generator.next() % 9_999 + 1)
            let q = Int128(generator.next() % 5_000)
            for d: Int128 in -3...3 {
                let target = q * 100_000_000_000_000_000_000 + 50_000_000_000_000_000_000 - 50 + d * hundredths
                let rate = Fixed(raw: target / hundredths)
                let m = Fixed.Multiplier(Fixed(raw: hundredths * (Fixed.one / 100)))
                #expect(m.timesToCents(rate) == (try twice(m, rate)), "\(hundredths)/100 × \(rate)")
            }
        }
    }

    /// The ledgers' plain-number reader gives what the strict general reader gives, for
    /// random plain decimals (up to 18 whole digits and 20 places) and for the texts it must
    /// refuse (nil), which the general reader then reads or refuses.
    @Test func plainNumbersSameAsTheGeneralReader() {
        var generator = SplitMix64(0xD1B5_4A32_D192_ED03)
        func next() -> UInt64 { generator.next() }
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(next() % 10)) }) }
        var texts = ["0", "-0", "+7", "12", "3456.78", "0.5", "999999999999999999", "1000000000000000000",
                     "0.00000000000000000001", "0.000000000000000000001", "1.", ".5", "-", "", "1,200", "12万", "1e3",
                     "1.2.3", " 1", "１２", "-999999999999999999.99999999999999999999"]
        for _ in 0..<5_000 {
            let sign = ["", "-", "+"][Int(next() % 3)]
            let whole = digits(1 + Int(next() % 19))
            let places = Int(next() % 22)
            texts.append(sign + whole + (places == 0 ? "" : "." + digits(places)))
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let plain = bytes.withUnsafeBufferPointer { Fixed.parsePlain($0) }
            if let plain {
                #expect(plain == Fixed(parsing: text, allowSuffix: false), "\(text)")
            } else {
                // Refused: more than 18 whole digits, more than 20 places, or not plain.
                let general = Fixed(parsing: text, allowSuffix: false)
                let wholeDigits = text.drop { $0 == "-" || $0 == "+" }.prefix { $0.isASCII && $0.isNumber }.count
                let plainShape = text.allSatisfy { "0123456789.+-".contains($0) }
                #expect(general == nil || wholeDigits > 18 || !plainShape, "\(text)")
            }
        }
        // By hand: 3456.78 is 345678 × 10¹⁸ raw units; -0.00000000000000000001 is -1 raw unit.
        #expect(Array("3456.78".utf8).withUnsafeBufferPointer { Fixed.parsePlain($0) } == Fixed(raw: 345_678 * Fixed.pow10(18)))
        #expect(Array("-0.00000000000000000001".utf8).withUnsafeBufferPointer { Fixed.parsePlain($0) } == Fixed(raw: -1))
        #expect(Array("1.000000000000000000001".utf8).withUnsafeBufferPointer { Fixed.parsePlain($0) } == nil)
    }

    /// Rounding to places by 64-bit divisions gives `rounded(places:)` for every place count.
    @Test func rounderSameAsRounded() {
        var generator = SplitMix64(0x94D0_49BB_1331_11EB)
        for _ in 0..<5_000 {
            let raw = Int128(bitPattern: UInt128(generator.next()) << 64 | UInt128(generator.next())) >> Int128(generator.next() % 100)
            let x = Fixed(raw: raw == .min ? raw + 1 : raw)
            for places in [0, 1, 2, 4, 19, 20] {
                #expect(Rounder(places: places).round(x) == x.rounded(places: places), "\(x) to \(places)")
            }
        }
        // By hand: 2.345 → 2.35 and -2.345 → -2.35 (half away from zero); 0.5 → 1 at 0 places.
        #expect(Rounder(places: 2).round(fixed("2.345")) == fixed("2.35"))
        #expect(Rounder(places: 2).round(fixed("-2.345")) == fixed("-2.35"))
        #expect(Rounder(places: 0).round(fixed("0.5")) == Fixed(1))
    }

    /// Scaled reading gives parsePlain × the factor for every cell it reads, and reads the
    /// common cells (a few digits and places).
    @Test func scaledDecimalsSameAsPlainTimesFactor() throws {
        var generator = SplitMix64(0x5DEE_CE66_D1CE_4E5B)
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(generator.next() % 10)) }) }
        var texts = ["0", "-0", "+7", "1510", "845.6", "-3", "0.0001", "12.", ".5", "1,234", "12万", "1e5", "--1", "-", "",
                     "1234567890123456789", "12345678901234567890", "0.00000000000000000001", "1.5.2"]
        for _ in 0..<3_000 {
            let sign = ["", "-", "+"][Int(generator.next() % 3)]
            let whole = digits(1 + Int(generator.next() % 12))
            let places = Int(generator.next() % 9)
            texts.append(sign + whole + (places == 0 ? "" : "." + digits(places)))
        }
        for k in [0, 4, 8] {
            let factor = Fixed(raw: Fixed.pow10(20 + k))
            let reader = try #require(ScaledDecimalReader(factor: factor))
            #expect(reader.tenPower == k)
            let multiplier = Fixed.Multiplier(factor)
            for text in texts {
                let bytes = Array(text.utf8)
                let scaled = bytes.withUnsafeBufferPointer { reader.read($0) }
                let plain = bytes.withUnsafeBufferPointer { Fixed.parsePlain($0) }.flatMap { try? multiplier.times($0) }
                if let scaled { #expect(scaled == plain, "\(text) × 10^\(k)") }
            }
        }
        // By hand, ×10⁴ (万元): 845.6 is 8,456,000 元; -3 is -30,000 元; 0.0001 is 1 元.
        let wan = try #require(ScaledDecimalReader(factor: Fixed(10_000)))
        func read(_ text: String) -> Fixed? {
            Array(text.utf8).withUnsafeBufferPointer { wan.read($0) }
        }
        #expect(read("845.6") == Fixed(8_456_000))
        #expect(read("-3") == Fixed(-30_000))
        #expect(read("0.0001") == Fixed(1))
        // Not read here (the general reader's): no digit before or after the point, a suffix.
        #expect(read("12.") == nil && read(".5") == nil && read("12万") == nil && read("1,234") == nil)
        // A factor that is no power of ten (美元 at 6.45) has no scaled reader.
        #expect(ScaledDecimalReader(factor: fixed("6.45")) == nil)
    }
}
