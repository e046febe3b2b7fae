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
/// The work is shared by the cores: the hashes are made in pieces of the records and spread by
/// their top 8 bits into 256 buckets (each piece writing its own places, so that a bucket holds
/// its records in record order). In each bucket (8,000 keys for two million, in the cache) a
/// small hash table finds the keys whose top bits another key of the bucket has; only those are
/// sorted and their texts compared. (Spreading two million keys into 65,536 buckets missed the
/// cache at every key, and sorting each by insertion mispredicted most comparisons: together
/// four times as long.)
enum RepeatedTexts {
    /// Every record (in record order) whose text appeared before, with the first record that
    /// had it.
    static func find(codes: [Int32], dictionary: TextDictionary) -> [(row: Int, first: Int)] {
        let n = codes.count
        guard n > 1 else { return [] }
        let rowBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let rowMask = (UInt64(1) << UInt64(rowBits)) - 1
        let buckets = 256
        @inline(__always) func bucket(_ key: UInt64) -> Int { Int(key >> 56) }
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
                if let start = buffer.baseAddress { PagePopulation.populate(start, count: rows.count) }
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
        let spread = [UInt64](unsafeUninitializedCapacity: total) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            let out = UncheckedSendable(base)
            // (Its fresh pages made resident at once, half on each core: ``PagePopulation``.)
            _ = parallelMap(2) { h -> Int in
                let from = total * h / 2, to = total * (h + 1) / 2
                PagePopulation.populate(out.value + from, count: to - from)
                return 0
            }
            _ = parallelMap(pieces) { k -> Int in
                var at = places[k]
                made[k].keys.withUnsafeBufferPointer { keys in
                    at.withUnsafeMutableBufferPointer { at in
                        for key in keys {
                            let b = bucket(key)
                            (out.value + at[b]).initialize(to: key)
                            at[b] += 1
                        }
                    }
                }
                return 0
            }
            count = total
        }
        // In each bucket (in the cache), the keys whose top bits another key of the bucket has
        // are found with a small hash table (a key is entered, or meets its twin); only those
        // few are sorted (the keys are distinct: the record numbers differ) and searched.
        // (Sorting every bucket by insertion mispredicted a branch at most comparisons.)
        let starts = bucketStart
        let largest = (0..<buckets).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        let found = spread.withUnsafeBufferPointer { keys -> [(row: Int, first: Int)] in
            let shared = UncheckedSendable(keys)
            return parallelMap(pieces) { k -> [(row: Int, first: Int)] in
                let keys = shared.value
                var found: [(row: Int, first: Int)] = []
                var size = 16
                while size < 2 * largest { size <<= 1 }
                // Slot: 1 + the index in the bucket of the key entered there (0: empty).
                let table = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: size)
                defer { table.deallocate() }
                let twin = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, largest))
                defer { twin.deallocate() }
                var candidates: [UInt64] = []
                for b in buckets * k / pieces..<buckets * (k + 1) / pieces {
                    let bucket = UnsafeBufferPointer(rebasing: keys[starts[b]..<starts[b + 1]])
                    guard bucket.count > 1 else { continue }
                    var used = 16
                    while used < 2 * bucket.count { used <<= 1 }
                    let usedMask = used - 1
                    UnsafeMutableBufferPointer(rebasing: table[0..<used]).update(repeating: 0)
                    var any = false
                    for i in bucket.indices {
                        twin[i] = false
                        let t = bucket[i] >> 31                     // the 33 bits compared
                        var slot = Int(truncatingIfNeeded: t) & usedMask
                        while true {
                            let e = Int(table[slot])
                            if e == 0 { table[slot] = UInt32(i + 1); break }
                            if bucket[e - 1] >> 31 == t {
                                twin[i] = true
                                twin[e - 1] = true
                                any = true
                                break
                            }
                            slot = (slot + 1) & usedMask
                        }
                    }
                    guard any else { continue }
                    candidates.removeAll(keepingCapacity: true)
                    for i in bucket.indices where twin[i] { candidates.append(bucket[i]) }
                    candidates.withUnsafeMutableBufferPointer { c in
                        search(c, rowMask: rowMask, codes: sharedCodes.value, dictionary: sharedDictionary.value, into: &found)
                    }
                }
                return found
            }.flatMap { $0 }
        }
        return found.sorted { $0.row < $1.row }
    }

    /// Sorts keys (of one bucket) and appends their records whose text an earlier record had,
    /// with that record.
    @inline(__always)
    static func search(_ keys: UnsafeMutableBufferPointer<UInt64>, rowMask: UInt64, codes: [Int32],
                       dictionary: TextDictionary, into found: inout [(row: Int, first: Int)]) {
        var keys = keys
        let top: UInt64 = ~((UInt64(1) << 31) - 1)   // the 33 bits compared
        if keys.count > 64 { keys.sort() } else { insertionSort(keys) }
        var i = 0
        while i < keys.count {
            var j = i + 1
            while j < keys.count, keys[j] & top == keys[i] & top { j += 1 }
            if j - i > 1 {
                // Equal texts have equal hashes, so they lie in record order here: the first
                // of each text met is its first record.
                var firsts: [Int] = []
                for key in keys[i..<j] {
                    let r = Int(key & rowMask)
                    if let f = firsts.first(where: { same(codes[$0], codes[r], dictionary) }) {
                        found.append((r, f))
                    } else {
                        firsts.append(r)
                    }
                }
            }
            i = j
        }
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
