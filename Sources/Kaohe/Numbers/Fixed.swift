/// An exact decimal number: a signed 128-bit integer counting units of 10⁻²⁰.
///
/// Money (in 元), scores, rates and counts are all `Fixed`. Addition and subtraction are
/// exact; a product or quotient is carried to 20 decimal places (rounded half away from
/// zero at the 20th place), which is what SPEC §3 asks of non-terminating quotients. The
/// magnitude is limited to about 1.7 × 10¹⁸, far beyond any sum of money a province
/// reports in 元; going past it is an ``ArithmeticError/overflow``, never a wrap.
///
/// ```swift
/// Fixed(parsing: "0.1")! + Fixed(parsing: "0.2")! == Fixed(parsing: "0.3")!   // true
/// Fixed(parsing: "0.125")!.rounded(places: 2).description                   // "0.13"
/// ```
public struct Fixed: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number of fractional digits carried.
    public static let scale = 20
    /// 10²⁰, the raw value of 1.
    public static let one: Int128 = 100_000_000_000_000_000_000

    /// The value × 10²⁰.
    public var raw: Int128

    public init(raw: Int128) { self.raw = raw }

    public init(_ int: Int) { raw = Int128(int) * Fixed.one }

    public static let zero = Fixed(raw: 0)
    public static let hundred = Fixed(100)

    public var isZero: Bool { raw == 0 }
    public var isNegative: Bool { raw < 0 }
    public var isInteger: Bool { raw % Fixed.one == 0 }

    /// The integer part when the value is whole and fits an `Int`.
    public var intValue: Int? {
        guard isInteger else { return nil }
        let q = raw / Fixed.one
        return q >= Int128(Int.min) && q <= Int128(Int.max) ? Int(q) : nil
    }

    public static func < (a: Fixed, b: Fixed) -> Bool { a.raw < b.raw }

    public static prefix func - (a: Fixed) -> Fixed { Fixed(raw: -a.raw) }

    public var magnitude: Fixed { Fixed(raw: raw < 0 ? -raw : raw) }

    /// 10⁰ … 10¹⁹, the powers of ten that fit 64 bits (a literal table: initialized statically,
    /// read without a lazy-initialization check).
    static let powersOfTen64: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
        1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    static func pow10(_ n: Int) -> Int128 {
        var r: Int128 = 1
        for _ in 0..<n { r *= 10 }
        return r
    }
}

/// Why an exact computation could not be carried out.
public enum ArithmeticError: Error, Equatable, Sendable, CustomStringConvertible {
    case overflow
    case divisionByZero

    public var description: String {
        switch self {
        case .overflow: return "number too large (beyond ±1.7 × 10¹⁸)"
        case .divisionByZero: return "division by zero"
        }
    }
}

extension Fixed {
    public func adding(_ b: Fixed) throws(ArithmeticError) -> Fixed {
        let (r, o) = raw.addingReportingOverflow(b.raw)
        if o { throw .overflow }
        return Fixed(raw: r)
    }

    public func subtracting(_ b: Fixed) throws(ArithmeticError) -> Fixed {
        let (r, o) = raw.subtractingReportingOverflow(b.raw)
        if o { throw .overflow }
        return Fixed(raw: r)
    }

    /// a × b, carried to 20 places, rounded half away from zero at the last place.
    public func multiplied(by b: Fixed) throws(ArithmeticError) -> Fixed {
        // Fast path: a whole factor (a count, a 10⁴ of 万元) needs no 256-bit division.
        // (-2¹²⁷ has no positive counterpart: an overflow, as the wide product says.)
        if let w = Fixed.exactQuotient(b.raw, Fixed.fewPlaces[0].whole) {
            let (r, o) = raw.multipliedReportingOverflow(by: w)
            if o || r == .min { throw .overflow }
            return Fixed(raw: r)
        }
        if let w = Fixed.exactQuotient(raw, Fixed.fewPlaces[0].whole) {
            let (r, o) = b.raw.multipliedReportingOverflow(by: w)
            if o || r == .min { throw .overflow }
            return Fixed(raw: r)
        }
        // A factor of at most 2 places (20.5 points, 0.35 of a rate): a × (b × 100) ÷ 100, the
        // same number reduced, with a 128-bit division instead of a 256-bit one.
        if let r = Fixed.multipliedByCents(raw, b.raw) ?? Fixed.multipliedByCents(b.raw, raw) { return Fixed(raw: r) }
        return try multipliedWide(by: b)
    }

    /// a × b through the 256-bit product (any factors).
    func multipliedWide(by b: Fixed) throws(ArithmeticError) -> Fixed {
        let negative = (raw < 0) != (b.raw < 0)
        let full = raw.magnitude.multipliedFullWidth(by: b.raw.magnitude)
        let divisor = UInt128(Fixed.one)
        guard full.high < divisor else { throw .overflow }
        let (q, r) = divisor.dividingFullWidth(full)
        return try Fixed.signed(q, remainder: r, divisor: divisor, negative: negative)
    }

    /// `a × b ÷ 10²⁰` (raw numbers) rounded half away from zero, when `b` has at most 8 decimal
    /// places (20.03 points, a 0.5‰ rate) and the reduced product fits; nil otherwise.
    @inline(__always)
    static func multipliedByCents(_ a: Int128, _ b: Int128) -> Int128? {
        // b = b' × 10^(20 − k): a × b ÷ 10²⁰ = a × b' ÷ 10^k, the same number reduced.
        for k in 1..<Self.fewPlaces.count {
            let places = Self.fewPlaces[k]
            guard let reduced = exactQuotient(b, places.whole) else { continue }
            let (p, o) = a.multipliedReportingOverflow(by: reduced)
            guard !o else { return nil }
            var (q, r) = dividedSmall(p.magnitude, places.divisor)
            if r >= places.divisor - r { q += 1 }
            guard q <= UInt128(Int128.max) else { return nil }
            let v = Int128(q)
            return p < 0 ? -v : v
        }
        return nil
    }

    /// A power of ten 10^e (of raw units) for exact division by it without dividing: its
    /// power of two as a shift, its power of five, and that power's inverse modulo 2¹²⁸.
    struct ExactDivisor: Sendable {
        let shift: Int
        let five: Int128
        let inverse: UInt128

        init(exponent e: Int) {
            var five: UInt128 = 1
            for _ in 0..<e { five *= 5 }
            // Newton's iteration for the inverse of an odd number modulo 2¹²⁸ (each step
            // doubles the bits that are right; 7 steps from 1 reach 128).
            var x = five
            for _ in 0..<7 { x = x &* (2 &- five &* x) }
            shift = e
            self.five = Int128(five)
            inverse = x
        }
    }

    /// `x ÷ 10^e` when `x` is a multiple of it, else nil; two multiplications rather than a
    /// 128-bit division. A multiple has its low `e` bits zero, and then `x >> e` × the inverse
    /// of 5^e modulo 2¹²⁸ is the quotient exactly; whether it is one shows in multiplying back
    /// without overflow (the product always agrees modulo 2¹²⁸, so only an exact one does not
    /// wrap).
    @inline(__always)
    static func exactQuotient(_ x: Int128, _ d: ExactDivisor) -> Int128? {
        guard x & ((1 << Int128(d.shift)) - 1) == 0 else { return nil }
        let odd = x >> Int128(d.shift)
        let q = Int128(bitPattern: UInt128(bitPattern: odd) &* d.inverse)
        let (back, o) = q.multipliedReportingOverflow(by: d.five)
        return !o && back == odd ? q : nil
    }

    /// `m ÷ d` and its remainder for a divisor that fits in 64 bits, as two 64-bit divisions
    /// (a 128-bit division is a library call several times slower).
    @inline(__always)
    static func dividedSmall(_ m: UInt128, _ d: UInt128) -> (quotient: UInt128, remainder: UInt128) {
        let d64 = UInt64(truncatingIfNeeded: d)
        let high = UInt64(truncatingIfNeeded: m >> 64), low = UInt64(truncatingIfNeeded: m)
        let (qHigh, rHigh) = high.quotientAndRemainder(dividingBy: d64)
        let (qLow, r) = d64.dividingFullWidth((high: rHigh, low: low))
        return (UInt128(qHigh) << 64 | UInt128(qLow), UInt128(r))
    }

    /// For k = 0 (whole numbers), 2, 4, 6, 8 decimal places: 10^(20 − k) as an exact divisor
    /// and 10^k.
    static let fewPlaces: [(whole: ExactDivisor, divisor: UInt128)] = [0, 2, 4, 6, 8].map { k in
        (ExactDivisor(exponent: scale - k), UInt128(pow10(k)))
    }

    /// a ÷ b, carried to 20 places, rounded half away from zero at the last place.
    public func divided(by b: Fixed) throws(ArithmeticError) -> Fixed {
        if b.raw == 0 { throw .divisionByZero }
        let negative = (raw < 0) != (b.raw < 0)
        let full = raw.magnitude.multipliedFullWidth(by: UInt128(Fixed.one))
        let divisor = b.raw.magnitude
        guard full.high < divisor else { throw .overflow }
        let (q, r) = divisor.dividingFullWidth(full)
        return try Fixed.signed(q, remainder: r, divisor: divisor, negative: negative)
    }

    private static func signed(_ q: UInt128, remainder r: UInt128, divisor: UInt128, negative: Bool) throws(ArithmeticError) -> Fixed {
        var q = q
        // r ≥ divisor - r  ⇔  2r ≥ divisor, without overflowing.
        if r >= divisor - r { q += 1 }
        guard q <= UInt128(Int128.max) else { throw .overflow }
        return Fixed(raw: negative ? -Int128(q) : Int128(q))
    }

    /// Rounded half away from zero (四舍五入) to `places` decimal places (0…20).
    public func rounded(places: Int) -> Fixed {
        let places = max(0, min(Fixed.scale, places))
        if places == Fixed.scale { return self }
        let unit = Fixed.pow10(Fixed.scale - places)
        let m = raw.magnitude
        var q = m / UInt128(unit)
        let r = m % UInt128(unit)
        if r >= UInt128(unit) - r { q += 1 }
        let v = Int128(q) * unit
        return Fixed(raw: raw < 0 ? -v : v)
    }

    /// The greatest whole number ≤ self.
    public func floor() -> Fixed {
        let r = raw % Fixed.one
        if r == 0 { return self }
        return Fixed(raw: raw - r - (raw < 0 ? Fixed.one : 0))
    }

    /// The least whole number ≥ self.
    public func ceil() -> Fixed {
        let r = raw % Fixed.one
        if r == 0 { return self }
        return Fixed(raw: raw - r + (raw > 0 ? Fixed.one : 0))
    }

    public static func + (a: Fixed, b: Fixed) -> Fixed { Fixed(raw: a.raw &+ b.raw) }
    public static func - (a: Fixed, b: Fixed) -> Fixed { Fixed(raw: a.raw &- b.raw) }
}

extension Fixed {
    /// The shortest plain decimal text: `12`, `0.64`, `-3.5` (no exponent, no trailing zeros).
    public var description: String {
        let m = raw.magnitude
        let (intPart, frac) = m.quotientAndRemainder(dividingBy: UInt128(Fixed.one))
        var text = raw < 0 ? "-" : ""
        // Through UInt64 where it fits: much faster than printing a UInt128.
        text += intPart <= UInt128(UInt64.max) ? String(UInt64(intPart)) : String(intPart)
        if frac != 0 {
            // 20 fraction digits as two halves of 10 (each fits a UInt64).
            let (hi, lo) = frac.quotientAndRemainder(dividingBy: 10_000_000_000)
            var digits = Fixed.padded(UInt64(hi), 10) + Fixed.padded(UInt64(lo), 10)
            while digits.last == "0" { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static func padded(_ v: UInt64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Fixed number of decimal places, rounded half away from zero: `formatted(places: 2)` of 25.6 is `25.60`.
    public func formatted(places: Int) -> String {
        let r = rounded(places: places)
        let m = r.raw.magnitude
        let intPart = m / UInt128(Fixed.one)
        var text = r.raw < 0 ? "-" : ""
        text += String(intPart)
        if places > 0 {
            let frac = (m % UInt128(Fixed.one)) / UInt128(Fixed.pow10(Fixed.scale - places))
            let digits = String(frac)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return text
    }
}
