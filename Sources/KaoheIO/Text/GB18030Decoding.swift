import Foundation

/// A fast GB18030 to UTF-8 decoder, using Foundation's own mapping.
///
/// Foundation decodes GB18030 at about 60 MB/s on Linux, too slow for a year's ledger (a
/// 260 MB export would take four seconds). This decoder asks Foundation once for the 23 940
/// two-byte characters (all of GBK), keeps them in a table, and then decodes at memory speed:
/// ASCII is copied, two-byte characters are looked up, four-byte characters beyond the BMP are
/// computed (they map linearly from U+10000), and the rare four-byte BMP characters are asked
/// of Foundation one by one. So the result is Foundation's, only faster. The input must have
/// passed ``GB18030Validation``.
enum GB18030Decoding {
    static let encoding = String.Encoding(rawValue: 0x8000_0632)

    /// The scalar of each two-byte character, at `(lead − 0x81) × 191 + (trail − 0x40)`; 0 when
    /// Foundation does not map it.
    static let twoByteTable: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 126 * 191)
        for lead in UInt8(0x81)...0xFE {
            var bytes: [UInt8] = []
            var trails: [UInt8] = []
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                bytes += [lead, trail]
                trails.append(trail)
            }
            let index = { (trail: UInt8) in Int(lead - 0x81) * 191 + Int(trail - 0x40) }
            if let text = String(data: Data(bytes), encoding: encoding),
               text.unicodeScalars.count == trails.count {
                for (trail, scalar) in zip(trails, text.unicodeScalars) { table[index(trail)] = scalar.value }
            } else {
                for trail in trails {
                    table[index(trail)] = single([lead, trail]) ?? 0
                }
            }
        }
        return table
    }()

    /// The one scalar Foundation decodes `bytes` to, or nil.
    static func single(_ bytes: [UInt8]) -> UInt32? {
        guard let text = String(data: Data(bytes), encoding: encoding),
              text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else { return nil }
        return scalar.value
    }

    /// The UTF-8 text of validated GB18030 bytes, or the offset of a character that has no
    /// Unicode mapping.
    static func decode(_ bytes: [UInt8]) -> Result<[UInt8], DecodingFailure> {
        let table = twoByteTable
        var fourByteCache: [UInt32: UInt32] = [:]
        var failure: Int?
        // A character of n bytes becomes at most 3n/2 bytes of UTF-8 (two bytes → three).
        let capacity = bytes.count + bytes.count / 2 + 4
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { out, initialized in
            var o = 0
            @inline(__always) func put(_ scalar: UInt32) {
                switch scalar {
                case 0..<0x80:
                    out[o] = UInt8(scalar)
                    o += 1
                case 0x80..<0x800:
                    out[o] = UInt8(0xC0 | scalar >> 6)
                    out[o + 1] = UInt8(0x80 | scalar & 0x3F)
                    o += 2
                case 0x800..<0x10000:
                    out[o] = UInt8(0xE0 | scalar >> 12)
                    out[o + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    out[o + 2] = UInt8(0x80 | scalar & 0x3F)
                    o += 3
                default:
                    out[o] = UInt8(0xF0 | scalar >> 18)
                    out[o + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                    out[o + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    out[o + 3] = UInt8(0x80 | scalar & 0x3F)
                    o += 4
                }
            }
            bytes.withUnsafeBufferPointer { buffer in
                let count = buffer.count
                var i = 0
                while i < count {
                    let b0 = buffer[i]
                    if b0 < 0x80 {
                        out[o] = b0
                        o += 1
                        i += 1
                        continue
                    }
                    guard i + 1 < count else { failure = i; return }
                    let b1 = buffer[i + 1]
                    if b1 >= 0x40 {
                        let scalar = table[Int(b0 &- 0x81) * 191 + Int(b1 &- 0x40)]
                        guard scalar != 0 else { failure = i; return }
                        put(scalar)
                        i += 2
                        continue
                    }
                    guard i + 3 < count else { failure = i; return }
                    let b2 = buffer[i + 2], b3 = buffer[i + 3]
                    let linear = ((Int(b0 &- 0x81) * 10 + Int(b1 &- 0x30)) * 126 + Int(b2 &- 0x81)) * 10 + Int(b3 &- 0x30)
                    if linear >= 189_000 {
                        // 90 30 81 30 is U+10000; the planes above the BMP follow in order.
                        guard linear - 189_000 <= 0xFFFFF else { failure = i; return }
                        put(UInt32(0x10000 + linear - 189_000))
                    } else {
                        let key = UInt32(b0) << 24 | UInt32(b1) << 16 | UInt32(b2) << 8 | UInt32(b3)
                        if let cached = fourByteCache[key] {
                            put(cached)
                        } else {
                            guard let found = single([b0, b1, b2, b3]) else { failure = i; return }
                            fourByteCache[key] = found
                            put(found)
                        }
                    }
                    i += 4
                }
            }
            initialized = o
        }
        if let failure { return .failure(DecodingFailure(offset: failure)) }
        return .success(output)
    }

    /// A character without a Unicode mapping, at `offset`.
    struct DecodingFailure: Error {
        var offset: Int
    }
}
