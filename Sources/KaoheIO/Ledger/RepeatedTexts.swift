import Kaohe

/// Finds the records of a text column whose text repeats an earlier record's (duplicate keys),
/// for a column kept record by record (``TextDictionary/isUnique`` false).
///
/// Sorting beats a hash table here: each record's 64-bit hash, with the record's number in its
/// low bits, is sorted, so that records whose texts are equal lie together in record order
/// (their hashes are equal; their numbers differ); only records whose top 33 bits are equal
/// have their texts compared. Two million keys take a few tens of milliseconds, where a table
/// of two million entries missed the cache on every probe.
///
/// The work is shared by the cores: the hashes are made in pieces of the records, spread by
/// their top bits into buckets of about 32 records (each piece writing its own places, so that
/// a bucket holds its records in record order), and the buckets are sorted and searched in
/// pieces.
enum RepeatedTexts {
    /// Every record (in record order) whose text appeared before, with the first record that
    /// had it.
    static func find(codes: [Int32], dictionary: TextDictionary) -> [(row: Int, first: Int)] {
        let n = codes.count
        guard n > 1 else { return [] }
        let rowBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let rowMask = (UInt64(1) << UInt64(rowBits)) - 1
        // About 32 records a bucket (65,536 buckets for two million): a bucket is then sorted
        // by insertion in a few comparisons a record, where 2,048 buckets of a thousand records
        // each took the library sort most of this search's time.
        let bucketBits = min(16, max(4, Int.bitWidth - n.leadingZeroBitCount - 5))
        let buckets = 1 << bucketBits
        let shift = UInt64(64 - bucketBits)
        @inline(__always) func bucket(_ key: UInt64) -> Int { Int(key >> shift) }
        let pieces = n < 4096 ? 1 : 8
        let sharedCodes = UncheckedSendable(codes), sharedDictionary = UncheckedSendable(dictionary)
        // Each piece's keys (the hash's top bits above the record's number), and how many fall
        // in each bucket. (Written through pointers: appending, or reading the dictionary text
        // by text, checked the arrays' uniqueness for every key.)
        let made = parallelMap(pieces) { k -> (keys: [UInt64], counts: [Int]) in
            let rows = n * k / pieces..<n * (k + 1) / pieces
            var counts = [Int](repeating: 0, count: buckets)
            let keys = [UInt64](unsafeUninitializedCapacity: rows.count) { buffer, count in
                count = 0
                sharedCodes.value.withUnsafeBufferPointer { codes in
                    sharedDictionary.value.withTexts { storage, ends in
                        counts.withUnsafeMutableBufferPointer { counts in
                            for r in rows where codes[r] >= 0 {
                                let c = Int(codes[r])
                                let h = ByteInterner.hash(UnsafeBufferPointer(rebasing: storage[ends[c]..<ends[c + 1]]))
                                let key = h & ~rowMask | UInt64(r)
                                buffer[count] = key
                                count += 1
                                counts[bucket(key)] += 1
                            }
                        }
                    }
                }
            }
            return (keys, counts)
        }
        // Where each piece writes into each bucket: buckets in order, pieces in order within.
        let total = made.reduce(0) { $0 + $1.keys.count }
        var bucketStart = [Int](repeating: 0, count: buckets + 1)
        var places = [[Int]](repeating: [Int](repeating: 0, count: buckets), count: pieces)
        var sum = 0
        for b in 0..<buckets {
            bucketStart[b] = sum
            for k in 0..<pieces {
                places[k][b] = sum
                sum += made[k].counts[b]
            }
        }
        bucketStart[buckets] = sum
        var sorted = [UInt64](unsafeUninitializedCapacity: total) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            let out = UncheckedSendable(base)
            _ = parallelMap(pieces) { k -> Int in
                var at = places[k]
                for key in made[k].keys {
                    let b = bucket(key)
                    (out.value + at[b]).initialize(to: key)
                    at[b] += 1
                }
                return 0
            }
            count = total
        }
        // Each bucket sorted (the keys are distinct: the record numbers differ) and searched
        // for runs of equal top bits.
        let top: UInt64 = ~((UInt64(1) << 31) - 1)   // the 33 bits compared
        let starts = bucketStart
        let found = sorted.withUnsafeMutableBufferPointer { keys -> [(row: Int, first: Int)] in
            let shared = UncheckedSendable(keys)
            return parallelMap(pieces) { k -> [(row: Int, first: Int)] in
                let keys = shared.value
                var found: [(row: Int, first: Int)] = []
                for b in buckets * k / pieces..<buckets * (k + 1) / pieces {
                    var slice = UnsafeMutableBufferPointer(rebasing: keys[starts[b]..<starts[b + 1]])
                    if slice.count > 64 { slice.sort() } else { insertionSort(slice) }
                    var i = 0
                    while i < slice.count {
                        var j = i + 1
                        while j < slice.count, slice[j] & top == slice[i] & top { j += 1 }
                        if j - i > 1 {
                            // Equal texts have equal hashes, so they lie in record order here:
                            // the first of each text met is its first record.
                            var firsts: [Int] = []
                            for key in slice[i..<j] {
                                let r = Int(key & rowMask)
                                if let f = firsts.first(where: { same(sharedCodes.value[$0], sharedCodes.value[r], sharedDictionary.value) }) {
                                    found.append((r, f))
                                } else {
                                    firsts.append(r)
                                }
                            }
                        }
                        i = j
                    }
                }
                return found
            }.flatMap { $0 }
        }
        return found.sorted { $0.row < $1.row }
    }

    /// Sorts a few keys in place (the keys of one bucket).
    @inline(__always)
    static func insertionSort(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        guard keys.count > 1 else { return }
        for i in 1..<keys.count {
            let key = keys[i]
            var j = i
            while j > 0, keys[j - 1] > key {
                keys[j] = keys[j - 1]
                j -= 1
            }
            keys[j] = key
        }
    }

    static func same(_ a: Int32, _ b: Int32, _ dictionary: TextDictionary) -> Bool {
        dictionary.withBytes(Int(a)) { x in dictionary.withBytes(Int(b)) { y in x.elementsEqual(y) } }
    }
}
