/// Gives each distinct byte string a small code, without building a `String` for any of them.
///
/// An open-addressing hash table over a hash of the raw UTF-8 bytes (``hash(_:)``). Swift's
/// own `String` hashing normalises Unicode first and showed up as the top cost of reading
/// ledgers; cell texts are already exact bytes, so comparing bytes is both correct here and
/// much faster.
/// The texts themselves are kept in a ``TextDictionary`` (one buffer, no `String` per text).
public struct ByteInterner: Sendable {
    /// Open addressing: 0 is empty, else the low 32 bits are `code + 1` and the high 32 bits
    /// the top of the text's hash, so that most mismatches are seen without reading the text.
    private var slots: [UInt64]
    public private(set) var dictionary = TextDictionary()
    public private(set) var count = 0

    /// A table with room for about `capacity` distinct texts before it grows.
    public init(capacity: Int = 32) {
        var n = 64
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: 0, count: n)
    }

    /// The code of `bytes`, and whether it was new.
    @inline(__always)
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (code: Int32, isNew: Bool) {
        let (slot, found, tag) = probe(bytes)
        if let found { return (found, false) }
        let code = count
        count += 1
        slots[slot] = tag | UInt64(code + 1)
        dictionary.append(bytes)
        if count * 2 > slots.count { grow() }
        return (Int32(code), true)
    }

    /// The code of `bytes` if it was interned, without adding it.
    public func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? { probe(bytes).found }

    /// A hash of the bytes, eight at a time: each word multiplied into the state, then the
    /// state's bits mixed (the low bits pick the slot, the high ones are the tag). Byte-at-a-time
    /// FNV-1a cost a dependent multiply per byte, and a province's keys and unit cells are
    /// tens of millions of bytes.
    @inline(__always)
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        guard let base = bytes.baseAddress, n > 0 else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            // The last one to seven bytes, as one word: from the text's last eight bytes when it
            // has eight (the bytes before them shifted out: the same word, in one load).
            var w: UInt64 = 0
            if n >= 8 {
                w = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (i + 8 - n))
            } else {
                var shift: UInt64 = 0
                while i < n {
                    w |= UInt64(base[i]) << shift
                    shift += 8
                    i += 1
                }
            }
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        }
        return mix(h)
    }

    /// The finaliser of MurmurHash3: every bit of `h` reaches every bit of the result.
    @inline(__always)
    static func mix(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// The slot where `bytes` is or would go, its code if it is there, and its slot tag.
    @inline(__always)
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>) -> (slot: Int, found: Int32?, tag: UInt64) {
        let h = Self.hash(bytes)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (i, nil, tag) }
            if s & 0xFFFF_FFFF_0000_0000 == tag {
                let code = Int(s & 0xFFFF_FFFF) - 1
                if equal(code, bytes) { return (i, Int32(code), tag) }
            }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = dictionary.ends[code], end = dictionary.ends[code + 1]
        guard end - start == bytes.count else { return false }
        return dictionary.storage.withUnsafeBufferPointer { stored in
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmpBytes(a + start, b, bytes.count)
        }
    }

    private mutating func grow() { rehash(slots.count * 2) }

    /// Makes room for `capacity` distinct texts at once (a column of mostly distinct texts,
    /// such as keys, would otherwise rehash many times).
    public mutating func reserve(_ capacity: Int) {
        var n = slots.count
        while n < capacity * 2 { n <<= 1 }
        if n > slots.count { rehash(n) }
        dictionary.reserve(bytes: 0, texts: capacity)
    }

    private mutating func rehash(_ size: Int) {
        var bigger = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        // Codes in order, so that the texts are read from front to back.
        for code in 0..<count {
            let h = dictionary.withBytes(code) { Self.hash($0) }
            var i = Int(truncatingIfNeeded: h) & mask
            while bigger[i] != 0 { i = (i + 1) & mask }
            bigger[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(code + 1)
        }
        slots = bigger
    }
}

/// Byte equality of two buffers of `count` bytes (eight at a time).
@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var k = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while k + 8 <= count {
        if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
        k += 8
    }
    while k < count {
        if a[k] != b[k] { return false }
        k += 1
    }
    return true
}
