extension Fixed {
    /// One factor multiplied by many numbers: an item's points by every unit's rate, a money
    /// column's unit factor by every cell. What makes a product fast (how many decimal places
    /// the factor has) is worked out once, here, instead of at every product.
    ///
    /// `times(x)` is exactly `factor.multiplied(by: x)`, errors included: every path of that
    /// product gives the exact product rounded half away from zero (or an overflow), so which
    /// path computes it does not change the result.
    struct Multiplier: Sendable {
        let factor: Fixed
        /// The factor ÷ 10^(20 − k), for the fewest places k of ``fewPlaces`` that hold it
        /// exactly.
        private let reduced: Int128
        /// 10^k: 1 for a whole factor; 0 when the factor has more places than any k.
        private let divisor: UInt128

        init(_ factor: Fixed) {
            self.factor = factor
            var reduced: Int128 = 0, divisor: UInt128 = 0
            for places in Fixed.fewPlaces {
                if let q = Fixed.exactQuotient(factor.raw, places.whole) {
                    reduced = q
                    divisor = places.divisor
                    break
                }
            }
            self.reduced = reduced
            self.divisor = divisor
        }

        /// factor × x, rounded half away from zero at the 20th place.
        @inline(__always)
        func times(_ x: Fixed) throws(ArithmeticError) -> Fixed {
            if divisor == 1 {
                // A whole factor: the product of raw numbers is the answer, or an overflow
                // (-2¹²⁷ has no positive counterpart: an overflow too, as the wide product says).
                let (p, o) = x.raw.multipliedReportingOverflow(by: reduced)
                if o || p == .min { throw .overflow }
                return Fixed(raw: p)
            }
            if divisor != 0 {
                // x × (factor × 10^k) ÷ 10^k: the same number reduced, by two 64-bit divisions.
                let (p, o) = x.raw.multipliedReportingOverflow(by: reduced)
                if !o {
                    var (q, r) = Fixed.dividedSmall(p.magnitude, divisor)
                    if r >= divisor - r { q += 1 }
                    if q <= UInt128(Int128.max) {
                        let v = Int128(q)
                        return Fixed(raw: p < 0 ? -v : v)
                    }
                }
            }
            return try factor.multiplied(by: x)
        }

        /// Whether ``timesToCents(_:)`` may answer: the factor is whole or has two places, and
        /// is below 2³² in those units (a score's points).
        var roundsToCentsWithoutDivision: Bool {
            (divisor == 1 || divisor == 100) && reduced.magnitude < 1 << 32
        }

        /// `times(x)` rounded half away from zero to two places (what `Rounder(places: 2)`
        /// does to it), or nil when the product is too large for this form (the caller then
        /// takes that way). Only when ``roundsToCentsWithoutDivision``.
        ///
        /// Why: a sweep point scores 20,000 units, and the two roundings were two 128-bit
        /// divisions each (library calls). Here the exact product X = |x| × reduced (scale
        /// 10^(20 + k), k = 0 or 2) is divided once by T = 10^(18 + k) = 2^e × 5^e: shifted
        /// by e, then a 64-bit division by the constant 5^e (a multiplication). With
        /// X = T·q + r, the first rounding (by 10^k) and the second (to cents) give q + 1
        /// exactly when r ≥ T/2 − ⌊10^k / 2⌋: the first rounding carries r up to the half
        /// when it is within half a unit of it. Signs as both roundings: on the magnitude.
        @inline(__always)
        func timesToCents(_ x: Fixed) -> Fixed? {
            let m = x.raw.magnitude
            guard m >> 90 == 0 else { return nil }
            let product = m &* UInt128(reduced.magnitude)
            let q: UInt64, up: Bool
            if divisor == 100 {
                // T = 10^20 = 2^20 · 5^20.
                guard product >> 84 == 0 else { return nil }
                let y = UInt64(truncatingIfNeeded: product >> 20)
                let five: UInt64 = 95_367_431_640_625
                q = y / five
                let r = UInt128(y &- q &* five) << 20 | (product & 0xF_FFFF)
                up = r >= 50_000_000_000_000_000_000 - 50
            } else {
                // T = 10^18 = 2^18 · 5^18 (a whole factor: no first rounding).
                guard product >> 82 == 0 else { return nil }
                let y = UInt64(truncatingIfNeeded: product >> 18)
                let five: UInt64 = 3_814_697_265_625
                q = y / five
                let r = UInt128(y &- q &* five) << 18 | (product & 0x3_FFFF)
                up = r >= 500_000_000_000_000_000
            }
            let cents = Int128(q) + (up ? 1 : 0)
            let v = cents &* 1_000_000_000_000_000_000
            return Fixed(raw: (x.raw < 0) != (reduced < 0) ? -v : v)
        }
    }
}
