/// The distinct texts of a text column, by code: one byte buffer and the offsets of each text.
///
/// A column of two million project names or keys would otherwise hold two million `String`s,
/// most too long to be stored inline: two million heap blocks, made while loading, though only
/// the few records an explanation shows are ever read back as text. Here a text is made into a
/// `String` only when it is asked for (`dictionary[code]`); conditions work on the codes.
public struct TextDictionary: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    /// The UTF-8 bytes of every text, one after the other.
    var storage: [UInt8]
    /// `count + 1` offsets into `storage`: text `i` is `storage[ends[i]..<ends[i + 1]]`.
    var ends: [Int]
    /// Whether every text is there once, so that equal codes mean equal texts and the reverse.
    /// False for a column of mostly distinct texts (keys, names) kept record by record without
    /// looking for repeats; conditions on such a column compare texts, not codes.
    public internal(set) var isUnique = true

    public init() {
        storage = []
        ends = [0]
    }

    public init(_ texts: [String]) {
        self.init()
        for t in texts { append(t.utf8) }
        isUnique = Set(texts).count == texts.count
    }

    public init(arrayLiteral elements: String...) { self.init(elements) }

    /// Adds a text at the end (its code is the old `count`); duplicates are not looked for
    /// (the caller keeps ``isUnique`` true only when it has made sure there are none).
    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        storage.append(contentsOf: bytes)
        ends.append(storage.count)
    }

    /// Adds the texts of rows `rows` at the end, row `r`'s being `base[spans[2r]..<spans[2r + 1]]`,
    /// in one go: gathered in a buffer, then appended to each array once (appended text by
    /// text, each text checked both arrays' uniqueness and room: a province's two million keys).
    mutating func append(spans: UnsafePointer<Int32>, rows: Range<Int>, base: UnsafePointer<UInt8>) {
        guard !rows.isEmpty else { return }
        var total = 0
        for r in rows { total += Int(spans[2 * r + 1]) - Int(spans[2 * r]) }
        // (Grown by doubling: reserving just the batch's room would copy the arrays every batch.)
        if storage.capacity < storage.count + total { storage.reserveCapacity(Swift.max(storage.count + total, 2 * storage.capacity)) }
        if ends.capacity < ends.count + rows.count { ends.reserveCapacity(Swift.max(ends.count + rows.count, 2 * ends.capacity)) }
        let start = storage.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(1, total)) { bytes in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: rows.count) { offsets in
                guard let out = bytes.baseAddress else { return }
                var at = 0, k = 0
                for r in rows {
                    let s = Int(spans[2 * r]), n = Int(spans[2 * r + 1]) - s
                    (out + at).update(from: base + s, count: n)
                    at += n
                    offsets.initializeElement(at: k, to: start + at)
                    k += 1
                }
                storage.append(contentsOf: UnsafeBufferPointer(start: out, count: total))
                ends.append(contentsOf: UnsafeBufferPointer(offsets))
            }
        }
    }

    /// Adds the texts of `other` at the end, in order.
    public mutating func append(contentsOf other: TextDictionary) {
        let base = storage.count
        storage.populateRoom(for: other.storage.count)
        storage.append(contentsOf: other.storage)
        ends.reserveCapacity(ends.count + other.count)
        ends.populateRoom(for: other.count)
        for e in other.ends.dropFirst() { ends.append(base + e) }
        if !other.isEmpty { isUnique = false }
    }

    /// Makes the room reserved resident at once (``PagePopulation``).
    mutating func populateRoom() {
        storage.populateRoom(for: storage.capacity - storage.count)
        ends.populateRoom(for: ends.capacity - ends.count)
    }

    /// No texts, the arrays keeping their room.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ends.append(0)
        isUnique = true
    }

    /// Room for `texts` more texts of `bytes` bytes in all.
    public mutating func reserve(bytes: Int, texts: Int) {
        storage.reserveCapacity(storage.count + bytes)
        ends.reserveCapacity(ends.count + texts)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count - 1 }

    public subscript(position: Int) -> String {
        storage.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[ends[position]..<ends[position + 1]]), as: UTF8.self)
        }
    }

    /// The length in bytes of text `code`.
    @inline(__always)
    public func length(_ code: Int) -> Int { ends[code + 1] - ends[code] }

    /// Calls `body` with every text's bytes and the `count + 1` offsets into them (text `i` is
    /// `bytes[ends[i]..<ends[i + 1]]`): for a loop over many texts, which would otherwise open
    /// the buffers text by text.
    @inline(__always)
    public func withTexts<R>(_ body: (_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { bytes in try ends.withUnsafeBufferPointer { try body(bytes, $0) } }
    }

    /// Calls `body` with the UTF-8 bytes of text `code`, without making a `String`.
    @inline(__always)
    public func withBytes<R>(_ code: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[ends[code]..<ends[code + 1]]))
        }
    }
}
