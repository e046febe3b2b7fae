/// SplitMix64: expands a 64-bit seed into well-mixed words (used to seed ``RandomStream``).
struct SplitMix64 {
    var state: UInt64

    init(_ state: UInt64) { self.state = state }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded xoshiro256** generator with its own bounded-integer and probability helpers.
///
/// Everything here is defined bit for bit (no `SystemRandomNumberGenerator`, no standard
/// library `random(in:)`, whose algorithm may change between Swift versions, no libm), so the
/// same seed gives the same numbers on every platform and toolchain.
///
/// Each unit of the province gets its own streams, derived from the seed, the unit's index and
/// a stream number (``RandomStream/init(seed:unit:stream:)``): a unit's ledgers do not depend on
/// how many draws another unit made, and two units built from the same index (the tie twins)
/// get the same numbers.
struct RandomStream {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var sm = SplitMix64(seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// The stream number `stream` of unit `unit` under the run's `seed`.
    init(seed: UInt64, unit: Int, stream: UInt64) {
        var sm = SplitMix64(seed)
        let base = sm.next()
        self.init(seed: base ^ (UInt64(truncatingIfNeeded: unit) &* 0xD1B5_4A32_D192_ED03)
                       ^ (stream &* 0x8CB9_2BA7_2F3D_8DD7))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in `0 ..< n` (Lemire's multiply-shift with rejection); 0 when `n <= 1`.
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        let m = UInt64(n)
        var r = next().multipliedFullWidth(by: m)
        if r.low < m {
            let threshold = (0 &- m) % m
            while r.low < threshold { r = next().multipliedFullWidth(by: m) }
        }
        return Int(r.high)
    }

    /// Uniform in `lo ... hi`.
    @inline(__always)
    mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// Uniform in [0, 1), from 53 bits (IEEE arithmetic only: identical everywhere).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    @inline(__always)
    mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}
