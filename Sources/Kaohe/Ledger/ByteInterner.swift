/// Gives each distinct byte string a small code, without building a `String` for repeats.
///
/// An open-addressing hash table over FNV-1a of the raw UTF-8 bytes. Swift's own `String`
/// hashing normalises Unicode first and showed up as the top cost of reading ledgers; cell
/// texts are already exact bytes, so comparing bytes is both correct here and much faster.
public struct ByteInterner: Sendable {
    private var slots: [Int32]          // code + 1, 0 = empty
    private var hashes: [UInt64] = []   // per code
    private var starts: [Int] = []      // per code, into storage
    private var storage: [UInt8] = []
    public private(set) var strings: [String] = []

    public init(capacity: Int = 64) {
        var n = 64
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: 0, count: n)
    }

    public var count: Int { strings.count }

    /// The code of `bytes`, and whether it was new.
    public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (code: Int32, isNew: Bool) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            let code = Int(s - 1)
            if hashes[code] == h, equal(code, bytes) { return (Int32(code), false) }
            i = (i + 1) & mask
        }
        let code = strings.count
        slots[i] = Int32(code + 1)
        hashes.append(h)
        starts.append(storage.count)
        storage.append(contentsOf: bytes)
        strings.append(String(decoding: bytes, as: UTF8.self))
        if strings.count * 2 > slots.count { grow() }
        return (Int32(code), true)
    }

    private func equal(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[code]
        let end = code + 1 < starts.count ? starts[code + 1] : storage.count
        guard end - start == bytes.count else { return false }
        var k = 0
        while k < bytes.count {
            if storage[start + k] != bytes[k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (code, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & mask
            while bigger[i] != 0 { i = (i + 1) & mask }
            bigger[i] = Int32(code + 1)
        }
        slots = bigger
    }
}
