/// Reads plain ASCII decimals (`1510`, `-845.6`) straight into ``Fixed`` values multiplied by
/// a power of ten: the cells of a number column (×1) or of a money column in 元, 万元 or
/// 亿元 (×1, ×10⁴, ×10⁸).
///
/// A ledger's amounts are most of its cells. ``Fixed/parsePlain(_:)`` and then the money
/// factor's 128-bit multiplication with its overflow checks took some 170 instructions a cell;
/// here the digits are gathered into one 64-bit word in one loop and placed by one
/// multiplication that cannot overflow (at most 19 digits, and the power of ten chosen so that
/// the product stays below 10³⁸). Any other cell (more digits, more places than 20, a suffix,
/// grouping) gives nil, and the caller reads it the general way; a cell read here has exactly
/// the value the general way gives it.
public struct ScaledDecimalReader: @unchecked Sendable {
    /// The power of ten of the factor, k in 10^k.
    public let tenPower: Int
    /// ``table``, held by each reader: read in the loop without the static's lazy check.
    private let powers: UnsafePointer<Int128>

    /// The reader for `factor`, or nil when it is not 10^k for k in 0...18.
    public init?(factor: Fixed) {
        var p: Int128 = Fixed.one
        for k in 0...18 {
            if factor.raw == p {
                tenPower = k
                powers = Self.table
                return
            }
            p &*= 10   // (10³⁸ at most: no overflow)
        }
        return nil
    }

    /// 10⁰ … 10³⁸ (Int128 holds up to about 1.7 × 10³⁸), made once and never freed (it is
    /// read-only, and every reader points at it).
    nonisolated(unsafe) static let table: UnsafePointer<Int128> = {
        let out = UnsafeMutablePointer<Int128>.allocate(capacity: 39)
        var p: Int128 = 1
        for k in 0...38 {
            out[k] = p
            if k < 38 { p = p &* 10 }
        }
        return UnsafePointer(out)
    }()

    /// The cell's value × 10^k, or nil when it is not a plain decimal read here.
    @inline(__always)
    public func read(_ b: UnsafeBufferPointer<UInt8>) -> Fixed? {
        let n = b.count
        guard n > 0, n <= 21, let p = b.baseAddress else { return nil }
        var i = 0
        var negative = false
        let sign = p[0]
        if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            i = 1
        }
        var m: UInt64 = 0
        var digits = 0
        var point = -1   // the digits before the point, when there is one
        while i < n {
            let c = p[i]
            let d = c &- 48
            if d < 10 {
                m = m &* 10 &+ UInt64(d)
                digits &+= 1
            } else if c == UInt8(ascii: "."), point < 0 {
                point = digits
            } else {
                return nil
            }
            i &+= 1
        }
        // As parsePlain: digits before a point, and after it.
        guard digits > 0, digits <= 19, point != 0, point != digits else { return nil }
        let places = point < 0 ? 0 : digits - point
        let e = Fixed.scale - places + tenPower
        guard e >= 0, digits + e <= 38 else { return nil }
        let raw = Int128(m) &* powers[e]
        return Fixed(raw: negative ? -raw : raw)
    }
}
