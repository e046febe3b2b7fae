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
    }
}
