/// SHA-256 (FIPS 180-4), for the `fingerprint` of a run's inputs.
///
/// Hand-written because Foundation on Linux has no digest API and swift-crypto would add a
/// minute to every clean build for one hash of a few files.
struct SHA256 {
    private var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The message schedule, allocated once.
    private var w = [UInt32](repeating: 0, count: 64)

    mutating func update(_ bytes: [UInt8]) {
        length &+= UInt64(bytes.count)
        var input = bytes[...]
        // Complete a partial block first, then hash whole blocks straight from the input.
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, input.count)
            buffer.append(contentsOf: input.prefix(take))
            input = input.dropFirst(take)
            if buffer.count == 64 { block(buffer[...]); buffer.removeAll(keepingCapacity: true) }
        }
        while input.count >= 64 {
            block(input.prefix(64))
            input = input.dropFirst(64)
        }
        buffer.append(contentsOf: input)
    }

    mutating func finish() -> String {
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = length &* 8
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        var offset = 0
        while offset < tail.count { block(tail[offset..<(offset + 64)]); offset += 64 }
        buffer = []
        return h.map { word in
            let s = String(word, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }

    private mutating func block(_ chunk: ArraySlice<UInt8>) {
        chunk.withUnsafeBufferPointer { p in
            w.withUnsafeMutableBufferPointer { w in
                h.withUnsafeMutableBufferPointer { h in
                    SHA256.compress(p, w, h)
                }
            }
        }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// One 64-byte block, on raw buffers (no bounds checks in the 64 rounds).
    private static func compress(_ p: UnsafeBufferPointer<UInt8>, _ w: UnsafeMutableBufferPointer<UInt32>, _ h: UnsafeMutableBufferPointer<UInt32>) {
        guard let b = p.baseAddress, let wp = w.baseAddress, let hp = h.baseAddress else { return }
        for i in 0..<16 {
            wp[i] = UInt32(b[4 * i]) << 24 | UInt32(b[4 * i + 1]) << 16 | UInt32(b[4 * i + 2]) << 8 | UInt32(b[4 * i + 3])
        }
        for i in 16..<64 {
            let x = wp[i - 15], y = wp[i - 2]
            let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
            let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
            wp[i] = wp[i - 16] &+ s0 &+ wp[i - 7] &+ s1
        }
        var a = hp[0], bb = hp[1], c = hp[2], d = hp[3], e = hp[4], f = hp[5], g = hp[6], hh = hp[7]
        k.withUnsafeBufferPointer { kp in
            guard let kb = kp.baseAddress else { return }
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ kb[i] &+ wp[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & bb) ^ (a & c) ^ (bb & c)
                let t2 = s0 &+ maj
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = bb; bb = a; a = t1 &+ t2
            }
        }
        hp[0] &+= a; hp[1] &+= bb; hp[2] &+= c; hp[3] &+= d; hp[4] &+= e; hp[5] &+= f; hp[6] &+= g; hp[7] &+= hh
    }

    static func hex(_ bytes: [UInt8]) -> String {
        var s = SHA256()
        s.update(bytes)
        return s.finish()
    }
}
