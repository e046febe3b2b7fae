import Kaohe

/// Finds the records of a text column whose text repeats an earlier record's (duplicate keys),
/// for a column kept record by record (``TextDictionary/isUnique`` false).
///
/// Sorting beats a hash table here: each record's 64-bit hash, with the record's number in its
/// low bits, is sorted with a radix sort (four passes of 16 bits, in cache-friendly streams),
/// and only records whose hashes are equal have their texts compared. Two million keys take a
/// few tens of milliseconds, where a table of two million entries missed the cache on every
/// probe.
enum RepeatedTexts {
    /// Every record (in record order) whose text appeared before, with the first record that
    /// had it.
    static func find(codes: [Int32], dictionary: TextDictionary) -> [(row: Int, first: Int)] {
        let n = codes.count
        guard n > 1 else { return [] }
        let rowBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        // (Written through a pointer: appending checked the array's uniqueness for every key.)
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
            count = 0
            codes.withUnsafeBufferPointer { codes in
                for r in 0..<n where codes[r] >= 0 {
                    let h = dictionary.withBytes(Int(codes[r])) { ByteInterner.hash($0) }
                    buffer[count] = h << UInt64(rowBits) | UInt64(r)
                    count += 1
                }
            }
        }
        radixSort(&keys)
        let rowMask = (UInt64(1) << UInt64(rowBits)) - 1
        var found: [(row: Int, first: Int)] = []
        var i = 0
        while i < keys.count {
            var j = i + 1
            while j < keys.count, keys[j] >> UInt64(rowBits) == keys[i] >> UInt64(rowBits) { j += 1 }
            if j - i > 1 {
                // Records with equal hashes, in record order: compare texts within the run.
                let rows = keys[i..<j].map { Int($0 & rowMask) }
                var firsts: [Int] = []
                for r in rows {
                    if let f = firsts.first(where: { same(codes[$0], codes[r], dictionary) }) {
                        found.append((r, f))
                    } else {
                        firsts.append(r)
                    }
                }
            }
            i = j
        }
        found.sort { $0.row < $1.row }
        return found
    }

    static func same(_ a: Int32, _ b: Int32, _ dictionary: TextDictionary) -> Bool {
        dictionary.withBytes(Int(a)) { x in dictionary.withBytes(Int(b)) { y in x.elementsEqual(y) } }
    }

    /// Sorts in place, least significant 16 bits first.
    static func radixSort(_ keys: inout [UInt64]) {
        var other = [UInt64](repeating: 0, count: keys.count)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            var counts = [Int](repeating: 0, count: 65537)
            for k in keys { counts[Int((k >> shift) & 0xFFFF) + 1] += 1 }
            for d in 1..<65537 { counts[d] += counts[d - 1] }
            for k in keys {
                let d = Int((k >> shift) & 0xFFFF)
                other[counts[d]] = k
                counts[d] += 1
            }
            swap(&keys, &other)
        }
    }
}
