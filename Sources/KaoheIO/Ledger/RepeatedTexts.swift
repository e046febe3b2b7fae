import Kaohe

/// Finds the records of a text column whose text repeats an earlier record's (duplicate keys),
/// for a column kept record by record (``TextDictionary/isUnique`` false).
///
/// Sorting beats a hash table here: each record's 64-bit hash, with the record's number in its
/// low bits, is sorted by the hash's top 33 bits with a stable radix sort (three passes of 11
/// bits: 2,048 counters and write streams, which stay in the caches), so that records whose
/// top bits are equal lie together in record order; only those have their texts compared. Two
/// million keys take a few tens of milliseconds, where a table of two million entries missed
/// the cache on every probe.
enum RepeatedTexts {
    /// Every record (in record order) whose text appeared before, with the first record that
    /// had it.
    static func find(codes: [Int32], dictionary: TextDictionary) -> [(row: Int, first: Int)] {
        let n = codes.count
        guard n > 1 else { return [] }
        let rowBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let rowMask = (UInt64(1) << UInt64(rowBits)) - 1
        // (Written through pointers: appending, or reading the dictionary text by text,
        // checked the arrays' uniqueness for every key.)
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
            count = 0
            codes.withUnsafeBufferPointer { codes in
                dictionary.withTexts { storage, ends in
                    do {
                        for r in 0..<n where codes[r] >= 0 {
                            let c = Int(codes[r])
                            let h = ByteInterner.hash(UnsafeBufferPointer(rebasing: storage[ends[c]..<ends[c + 1]]))
                            // The hash's top bits above the record's number.
                            buffer[count] = h & ~rowMask | UInt64(r)
                            count += 1
                        }
                    }
                }
            }
        }
        radixSortTop(&keys)
        var found: [(row: Int, first: Int)] = []
        let top: UInt64 = ~((UInt64(1) << 31) - 1)   // the 33 bits sorted by
        var i = 0
        while i < keys.count {
            var j = i + 1
            while j < keys.count, keys[j] & top == keys[i] & top { j += 1 }
            if j - i > 1 {
                // Records whose sorted bits are equal, in record order: compare texts within the run.
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

    /// Sorts in place by bits 31…63, stably (keys with equal top bits keep their order): three
    /// passes of 11 bits, least significant first, the three counts made in one read.
    static func radixSortTop(_ keys: inout [UInt64]) {
        let n = keys.count
        var other = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 3 * 2048)
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for k in keys {
                    counts[Int((k >> 31) & 0x7FF)] += 1
                    counts[2048 + Int((k >> 42) & 0x7FF)] += 1
                    counts[4096 + Int((k >> 53) & 0x7FF)] += 1
                }
            }
        }
        for pass in 0..<3 {
            let shift = UInt64(31 + 11 * pass)
            var start = [Int](repeating: 0, count: 2048)
            var sum = 0
            for d in 0..<2048 {
                start[d] = sum
                sum += counts[pass * 2048 + d]
            }
            keys.withUnsafeBufferPointer { from in
                other.withUnsafeMutableBufferPointer { to in
                    start.withUnsafeMutableBufferPointer { start in
                        for k in from {
                            let d = Int((k >> shift) & 0x7FF)
                            to[start[d]] = k
                            start[d] += 1
                        }
                    }
                }
            }
            swap(&keys, &other)
        }
    }
}
