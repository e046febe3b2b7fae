/// Columns of a sweep point kept small: a province sweep keeps a thousand points of twenty
/// thousand units, and each page of fresh memory costs more to fault in than the arithmetic
/// of the point that fills it.

/// Decimals kept as 64-bit multiples of a power of ten when every one of them is such a
/// multiple (totals rounded to 2 places, money in 元), else as they are. Exact either way.
public struct FixedColumn: RandomAccessCollection, Sendable {
    /// `short[i]`, `narrow[i]` or `small[i]` × `unit` is value `i`'s raw integer, when `large`
    /// is empty: 16 bits when every quotient fits (a total of 95.37 is 9537 hundredths), 32
    /// when they fit there (money up to 21 million 元), else 64.
    private let short: ArenaValues<Int16>
    private let narrow: ArenaValues<Int32>
    private let small: [Int64]
    private let unit: Int128
    private let large: [Fixed]

    public init(_ values: [Fixed]) { self.init(values, arena: nil) }

    /// `arena`: where to keep the values when they fit in 32 bits (a sweep's points).
    init(_ values: [Fixed], arena: ColumnArena?) {
        // One pass per power tried (the first value other than zero bounds it; usually the
        // first power tried fits them all).
        var k = Self.start(values)
        while k < Self.powers.count {
            let p = Self.powers[k]
            var ok = true, fits32 = true, fits16 = true
            let quotients = [Int64](unsafeUninitializedCapacity: values.count) { buffer, count in
                count = 0
                for v in values {
                    guard let q = Self.quotient(v.raw, p) else { ok = false; return }
                    buffer[count] = q
                    if q != Int64(Int32(truncatingIfNeeded: q)) { fits32 = false }
                    if q != Int64(Int16(truncatingIfNeeded: q)) { fits16 = false }
                    count += 1
                }
            }
            if ok {
                unit = p.unit
                large = []
                if fits16 {
                    short = ArenaValues(count: quotients.count, arena: arena) { out in
                        for i in quotients.indices { out[i] = Int16(truncatingIfNeeded: quotients[i]) }
                    }
                    narrow = ArenaValues()
                    small = []
                } else if fits32 {
                    short = ArenaValues()
                    narrow = ArenaValues(count: quotients.count, arena: arena) { out in
                        for i in quotients.indices { out[i] = Int32(truncatingIfNeeded: quotients[i]) }
                    }
                    small = []
                } else {
                    short = ArenaValues()
                    narrow = ArenaValues()
                    small = quotients
                }
                return
            }
            k += 1
        }
        unit = 1
        short = ArenaValues()
        narrow = ArenaValues()
        small = []
        large = values
    }

    /// The values as they are, not made smaller: for a point that is compared with its
    /// neighbours and let go (a summarised sweep), where making it smaller costs more than it saves.
    init(uncompacted values: [Fixed]) {
        unit = 1
        short = ArenaValues()
        narrow = ArenaValues()
        small = []
        large = values
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { short.count + narrow.count + small.count + large.count }

    /// Bytes per value as stored (2, 4, 8 or 16), for tests.
    var bytesPerValue: Int { !short.isEmpty ? 2 : !narrow.isEmpty ? 4 : !small.isEmpty ? 8 : 16 }

    /// Sets `bit` in `flags[i]` wherever `self[i] != other[i]` (columns of the same count):
    /// the stored integers compared when both columns keep the same width and unit.
    func markDifferences(from other: FixedColumn, bit: UInt8, into flags: UnsafeMutableBufferPointer<UInt8>) {
        if unit == other.unit {
            if !short.isEmpty && !other.short.isEmpty { return short.markDifferences(from: other.short, bit: bit, into: flags) }
            if !narrow.isEmpty && !other.narrow.isEmpty { return narrow.markDifferences(from: other.narrow, bit: bit, into: flags) }
        }
        if !large.isEmpty && !other.large.isEmpty {
            return large.withUnsafeBufferPointer { a in
                other.large.withUnsafeBufferPointer { b in
                    for i in 0..<Swift.min(a.count, b.count, flags.count) where a[i] != b[i] { flags[i] |= bit }
                }
            }
        }
        for i in 0..<Swift.min(count, other.count, flags.count) where self[i] != other[i] { flags[i] |= bit }
    }

    public subscript(i: Int) -> Fixed {
        if !short.isEmpty { return Fixed(raw: Int128(short[i]) &* unit) }
        if !narrow.isEmpty { return Fixed(raw: Int128(narrow[i]) &* unit) }
        return large.isEmpty ? Fixed(raw: Int128(small[i]) &* unit) : large[i]
    }

    /// The index into ``powers`` of the largest power of ten of which every value is a
    /// multiple with a quotient that fits in 64 bits; nil when none does (or no value is given).
    static func places(_ values: [Fixed]) -> Int? {
        guard !values.isEmpty else { return nil }
        var k = start(values)
        while k < powers.count {
            let p = powers[k]
            if values.allSatisfy({ quotient($0.raw, p) != nil }) { return k }
            k += 1
        }
        return nil
    }

    /// The first power worth trying: the largest that the first value other than zero allows.
    static func start(_ values: [Fixed]) -> Int {
        var k = 0
        if let first = values.first(where: { !$0.isZero }) {
            while k < powers.count && quotient(first.raw, powers[k]) == nil { k += 1 }
        }
        return k
    }

    /// `raw` / `p.unit` when it is a whole number that fits in 64 bits.
    @inline(__always)
    static func quotient(_ raw: Int128, _ p: (unit: Int128, divisor: Fixed.ExactDivisor)) -> Int64? {
        Fixed.exactQuotient(raw, p.divisor).flatMap { Int64(exactly: $0) }
    }

    /// 10^20, 10^18, …, 10^0 of raw units (whole numbers, 2 places, … 20 places), each as an
    /// exact divisor (``Fixed/exactQuotient(_:_:)``).
    static let powers: [(unit: Int128, divisor: Fixed.ExactDivisor)] = stride(from: 20, through: 0, by: -1).map { e in
        (Fixed.pow10(e), Fixed.ExactDivisor(exponent: e))
    }
}

/// Small non-negative integers (ranks, places, indices) in 8 or 16 bits each when they all
/// fit, else 32.
public struct CompactInts: RandomAccessCollection, Sendable {
    private let bytes: ArenaValues<UInt8>
    private let narrow: ArenaValues<UInt16>
    private let wide: [Int32]
    /// Uncompacted whole integers, kept as the array they came in (shared, not copied).
    private let words: [Int]

    public init<C: Collection>(_ values: C) where C.Element: BinaryInteger { self.init(values, arena: nil) }

    /// `arena`: where to keep them when they fit in 8 or 16 bits (a sweep's points).
    init<C: Collection>(_ values: C, arena: ColumnArena?) where C.Element: BinaryInteger {
        var low = true, fits16 = true
        for v in values {
            if v < 0 || v > C.Element(UInt16.max) { fits16 = false; break }
            if v > C.Element(UInt8.max) { low = false }
        }
        if fits16 && low {
            bytes = ArenaValues(count: values.count, arena: arena) { out in
                for (i, v) in values.enumerated() { out[i] = UInt8(truncatingIfNeeded: v) }
            }
            narrow = ArenaValues()
            wide = []
            words = []
        } else if fits16 {
            bytes = ArenaValues()
            narrow = ArenaValues(count: values.count, arena: arena) { out in
                for (i, v) in values.enumerated() { out[i] = UInt16(truncatingIfNeeded: v) }
            }
            wide = []
            words = []
        } else {
            bytes = ArenaValues()
            narrow = ArenaValues()
            wide = values.map { Int32(truncatingIfNeeded: $0) }
            words = []
        }
    }

    /// The values as they are, not made smaller (see ``FixedColumn/init(uncompacted:)``): the
    /// array itself is kept, not a copy. (Values outside 32 bits read truncated, as the
    /// compacted forms would keep them.)
    init(uncompacted values: [Int]) {
        bytes = ArenaValues()
        narrow = ArenaValues()
        wide = []
        words = values
    }

    /// 32-bit values as they are (see ``init(uncompacted:)-([Int])``).
    init(uncompacted values: [Int32]) {
        bytes = ArenaValues()
        narrow = ArenaValues()
        wide = values
        words = []
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { bytes.count + narrow.count + wide.count + words.count }

    /// Bytes per value as stored (1, 2, 4 or 8), for tests.
    var bytesPerValue: Int { !bytes.isEmpty ? 1 : !narrow.isEmpty ? 2 : !words.isEmpty ? 8 : 4 }

    public subscript(i: Int) -> Int32 {
        if !narrow.isEmpty { return Int32(narrow[i]) }
        if !bytes.isEmpty { return Int32(bytes[i]) }
        return words.isEmpty ? wide[i] : Int32(truncatingIfNeeded: words[i])
    }

    /// Sets `bit` in `flags[i]` wherever `self[i] != other[i]` (the same count): the stored
    /// integers compared when both keep the same width.
    func markDifferences(from other: CompactInts, bit: UInt8, into flags: UnsafeMutableBufferPointer<UInt8>) {
        if !bytes.isEmpty && !other.bytes.isEmpty { return bytes.markDifferences(from: other.bytes, bit: bit, into: flags) }
        if !narrow.isEmpty && !other.narrow.isEmpty { return narrow.markDifferences(from: other.narrow, bit: bit, into: flags) }
        if !wide.isEmpty && !other.wide.isEmpty { return Self.markDifferences(wide, other.wide, bit: bit, into: flags) }
        if !words.isEmpty && !other.words.isEmpty { return Self.markDifferences(words, other.words, bit: bit, into: flags) }
        for i in 0..<Swift.min(count, other.count, flags.count) where self[i] != other[i] { flags[i] |= bit }
    }
}

extension CompactInts {
    /// Sets `bit` in `flags[i]` wherever `a[i] != b[i]`.
    static func markDifferences<T: FixedWidthInteger>(_ a: [T], _ b: [T], bit: UInt8, into flags: UnsafeMutableBufferPointer<UInt8>) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in 0..<Swift.min(a.count, b.count, flags.count) where a[i] != b[i] { flags[i] |= bit }
            }
        }
    }
}

/// Grade places (-1: no grade), kept as place + 1 in 8 or 16 bits (see ``CompactInts``).
public struct GradePlaces: RandomAccessCollection, Sendable {
    private let shifted: CompactInts
    /// Uncompacted: the places as they came (shared, not copied); else empty.
    private let places: [Int16]

    public init(_ places: [Int16]) { self.init(places, arena: nil) }

    init(_ places: [Int16], arena: ColumnArena?) {
        shifted = CompactInts(places.lazy.map { Int32($0) + 1 }, arena: arena)
        self.places = []
    }

    /// Not made smaller (see ``FixedColumn/init(uncompacted:)``): the array itself is kept.
    init(uncompacted places: [Int16]) {
        shifted = CompactInts([Int32]())
        self.places = places
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { places.isEmpty ? shifted.count : places.count }

    public subscript(i: Int) -> Int16 { places.isEmpty ? Int16(truncatingIfNeeded: shifted[i] - 1) : places[i] }

    /// Sets `bit` in `flags[i]` wherever `self[i] != other[i]` (the same count).
    func markDifferences(from other: GradePlaces, bit: UInt8, into flags: UnsafeMutableBufferPointer<UInt8>) {
        if !places.isEmpty && !other.places.isEmpty { return CompactInts.markDifferences(places, other.places, bit: bit, into: flags) }
        if places.isEmpty && other.places.isEmpty { return shifted.markDifferences(from: other.shifted, bit: bit, into: flags) }
        for i in 0..<Swift.min(count, other.count, flags.count) where self[i] != other[i] { flags[i] |= bit }
    }
}
