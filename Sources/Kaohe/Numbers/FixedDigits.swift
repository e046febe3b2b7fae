extension Fixed {
    /// The longest text ``description`` gives: a sign, 19 integer digits (|value| < 1.8 × 10¹⁸),
    /// a point and 20 fraction digits.
    public static let maxDescriptionLength = 41

    /// Appends the text of ``description`` (`12`, `0.64`, `-3.5`: plain decimal, no exponent,
    /// no trailing zeros) to `out` as UTF-8 bytes.
    ///
    /// Written by hand for the byte-level renderers (a province's JSON holds millions of
    /// numbers): see ``writeDescription(to:)``.
    ///
    /// ```swift
    /// var bytes: [UInt8] = []
    /// Fixed(parsing: "0.64")!.appendDescription(to: &bytes)   // bytes == Array("0.64".utf8)
    /// ```
    public func appendDescription(to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Fixed.maxDescriptionLength) { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = writeDescription(to: base)
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: n))
        }
    }

    /// Writes the text of ``description`` as UTF-8 bytes at `p`, which must have room for
    /// ``maxDescriptionLength`` bytes; returns the number of bytes written.
    ///
    /// Hand-written for speed, with exactly the decimals of `description` (the tests compare
    /// the two over extremes and random values): no `String` is created, and the 128-bit raw
    /// value is split into integer part and fraction without a general `UInt128` division.
    /// 10²⁰ = 2²⁰ · 5²⁰, so the integer part is `(|raw| >> 20) / 5²⁰`: a 64-bit division by a
    /// constant (a multiplication) when |value| < 193,428 (scores, rates, points), one
    /// 128-by-64 division for larger money. The fraction's two halves of 10 digits come the
    /// same way, `(fraction >> 10) / 5¹⁰`; digits are printed two at a time from a table.
    public func writeDescription(to p: UnsafeMutablePointer<UInt8>) -> Int {
        let m = raw.magnitude
        let fivePow20: UInt64 = 95_367_431_640_625
        let shifted = m >> 20
        let intPart: UInt64
        if shifted >> 64 == 0 {
            intPart = UInt64(truncatingIfNeeded: shifted) / fivePow20
        } else {
            // |raw| < 2¹²⁷, so the high half (< 2⁴³) is below 5²⁰ and the quotient fits 64 bits.
            intPart = fivePow20.dividingFullWidth((high: UInt64(truncatingIfNeeded: shifted >> 64),
                                                   low: UInt64(truncatingIfNeeded: shifted))).quotient
        }
        // The fraction, < 10²⁰ < 2⁶⁷, in 20 digits as two halves of 10.
        let frac = m &- UInt128(intPart) &* UInt128(Fixed.one)
        let fracHigh = UInt64(truncatingIfNeeded: frac >> 10) / 9_765_625
        let fracLow = UInt64(truncatingIfNeeded: frac) &- fracHigh &* 10_000_000_000

        var n = 0
        if raw < 0 { p[0] = UInt8(ascii: "-"); n = 1 }
        n += Fixed.writeDigits(intPart, to: p + n)
        if frac != 0 {
            p[n] = UInt8(ascii: ".")
            n += 1
            if fracLow == 0 {
                n += Fixed.writeTrimmedFraction(fracHigh, to: p + n)
            } else {
                Fixed.writePadded(fracHigh, width: 10, to: p + n)
                n += 10
                n += Fixed.writeTrimmedFraction(fracLow, to: p + n)
            }
        }
        return n
    }

    /// "00" "01" … "99": two digits per division.
    private static var digitPairs: StaticString { "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" }

    /// The number of decimal digits of `v` (1 for 0).
    private static func digitCount(_ v: UInt64) -> Int {
        var n = 1
        var p: UInt64 = 10
        // 10¹⁹ is the largest power of ten below 2⁶⁴: stop there rather than overflow.
        while v >= p {
            n += 1
            if n == 20 { break }
            p *= 10
        }
        return n
    }

    /// Writes `v` in decimal at `p`; returns the number of bytes written.
    private static func writeDigits(_ v: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let count = digitCount(v)
        writePadded(v, width: count, to: p)
        return count
    }

    /// Writes `v` as exactly `width` digits (left-padded with zeros) at `p`; `v` must fit.
    private static func writePadded(_ v: UInt64, width: Int, to p: UnsafeMutablePointer<UInt8>) {
        var v = v
        var i = width
        let pairs = digitPairs.utf8Start
        while i >= 2 {
            let (q, r) = v.quotientAndRemainder(dividingBy: 100)
            v = q
            i -= 2
            p[i] = pairs[Int(r) * 2]
            p[i + 1] = pairs[Int(r) * 2 + 1]
        }
        if i == 1 {
            p[0] = UInt8(ascii: "0") + UInt8(v % 10)
        }
    }

    /// Writes a 10-digit fraction group (`v` < 10¹⁰, not 0) without its trailing zeros:
    /// 6400000000 → `64`. Returns the number of bytes written.
    private static func writeTrimmedFraction(_ v: UInt64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var v = v
        var width = 10
        while v % 10 == 0 {
            v /= 10
            width -= 1
        }
        writePadded(v, width: width, to: p)
        return width
    }
}
