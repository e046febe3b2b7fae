/// Builds one ``ColumnData`` from cell bytes, parsing each cell by the column's type.
public struct ColumnBuilder: Sendable {
    public let type: ColumnType
    public let optional: Bool
    /// The column's type without its payload, and a money column's factor: switched on per
    /// cell (switching on `type` itself copied the money unit's name for every cell).
    private let kind: Kind
    /// A money column's factor, prepared for multiplying every cell.
    private let factor: Fixed.Multiplier
    /// Plain cells of a number column, or of a money column whose factor is a power of ten.
    private let decimals: ScaledDecimalReader?
    private var capacity: Int
    /// Whether room reserved is made resident at once (see ``init(type:optional:capacity:stored:populated:)``).
    private let populated: Bool
    /// The arrays of the texts kept cell by cell in the chunk typed before (``reset(capacity:)``),
    /// emptied, for ``keepRaw()`` to use again.
    private var spareTexts: TextDictionary?
    private var numbers: [Fixed] = []
    private var codes: [Int32] = []
    private var interner = ByteInterner()
    /// A text column of mostly distinct texts, kept cell by cell (see ``TextDictionary/isUnique``).
    private var cellTexts: TextDictionary?
    private var dates: [Int32] = []
    private var bools: [Int8] = []
    /// List cells as codes into `lists`, the list of each distinct cell text in order of first
    /// appearance (a ledger's tags repeat: two million cells of a 32-byte ``Value`` would take
    /// 64 MB). Cells are told apart by their bytes, which hash fast (a `Value` of Chinese
    /// texts hashes slowly); two spellings of one list (`甲、乙`, `甲,乙`) are two entries.
    private var listCodes: [Int32] = []
    private var lists: [Value] = []
    private var listTexts = ByteInterner()

    /// `unread`: a column no rule reads, checked (each cell as its type reads it) but not kept.
    private enum Kind { case number, money, text, date, bool, list, unread }
    /// The cells of an unread column.
    private var unreadCount = 0
    /// An unread column's type, without its payload: what its cells are checked as.
    private let unreadKind: Kind

    /// `stored` false: a column that is checked but not kept (``build()`` gives every cell as
    /// none), for a command that reads none of it. The unit column is always kept.
    /// `populated`: the room for `capacity` cells is made resident at once (``PagePopulation``),
    /// for a chunk's builder, whose capacity is its cells' count, known ahead (not for a file's,
    /// whose room has a margin that may stay unused).
    public init(type: ColumnType, optional: Bool, capacity: Int, stored: Bool = true, populated: Bool = false) {
        self.type = type
        self.optional = optional
        self.capacity = capacity
        self.populated = populated
        var factor = Fixed(1)
        var k = Kind.text
        switch type {
        case .number: k = .number
        case .money(_, let f): k = .money; factor = f
        case .text, .unit: k = .text
        case .date: k = .date
        case .bool: k = .bool
        case .list: k = .list
        }
        let unread = !stored && type != .unit
        unreadKind = k
        kind = unread ? .unread : k
        self.factor = Fixed.Multiplier(factor)
        decimals = k == .number || k == .money ? ScaledDecimalReader(factor: factor) : nil
        reserve(cells: capacity)   // (none for an unread column)
        if populated { populateRoom(for: capacity) }
    }

    /// Makes the room for `cells` cells of the column's array resident (``PagePopulation``).
    private mutating func populateRoom(for cells: Int) {
        switch kind {
        case .number, .money: numbers.populateRoom(for: cells)
        case .text: codes.populateRoom(for: cells)
        case .date: dates.populateRoom(for: cells)
        case .bool: bools.populateRoom(for: cells)
        case .list: listCodes.populateRoom(for: cells)
        case .unread: break
        }
    }

    static let emptyRequired = CellError("empty cell in a required column (declare the type with ? if it may be empty)")

    /// Parses and appends one cell (bytes of a CSV field or XLSX cell); the error when the cell
    /// cannot be read (a none is appended then).
    @inline(__always)
    public mutating func append(_ raw: UnsafeBufferPointer<UInt8>) -> CellError? {
        var lo = 0, hi = raw.count
        while lo < hi, raw[lo] == 32 || raw[lo] == 9 { lo += 1 }
        while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 { hi -= 1 }
        let b = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        // The common cells of each type, read straight from their bytes.
        switch kind {
        case .unread:
            unreadCount += 1
            return check(b)
        case .text:
            if b.isEmpty {
                codes.append(-1)
                return optional ? nil : Self.emptyRequired
            }
            if codes.count == 4096, interner.count > 3072 { keepRaw() }
            if cellTexts != nil {
                codes.append(Int32(truncatingIfNeeded: cellTexts?.count ?? 0))
                cellTexts?.append(b)
                return nil
            }
            codes.append(interner.intern(b).code)
            return nil
        case .number:
            if let n = Fixed.parsePlain(b) { numbers.append(n); return nil }
        case .money:
            if let n = Fixed.parsePlain(b), let v = try? factor.times(n) { numbers.append(v); return nil }
        case .date:
            if let d = Day.parseASCII(b) { dates.append(Int32(clamping: d.ordinal)); return nil }
        case .list:
            appendList(b)
            return nil
        case .bool:
            break
        }
        if b.isEmpty, optional, kind != .list {
            appendNone()
            return nil
        }
        switch CellParser.parse(bytes: b, as: type, optional: optional) {
        case .failure(let e):
            appendNone()
            return e
        case .success(let v):
            switch (kind, v) {
            case (.number, .number(let n)), (.money, .number(let n)): numbers.append(n)
            case (.date, .date(let d)): dates.append(Int32(clamping: d.ordinal))
            case (.bool, .bool(let b)): bools.append(b ? 1 : 0)
            case (.list, _): appendNone()   // (list cells are appended above)
            default: appendNone()
            }
            return nil
        }
    }

    /// Appends `count` cells of this column at once: cell `r` is the bytes
    /// `base[spans[2r]..<spans[2r + 1]]`, already trimmed of spaces and tabs (the CSV reader
    /// trims more than that). Each type's common cells are read in a loop of their own, with
    /// no switch on the type and no call per cell (reading a province's projects cell by cell,
    /// each through ``append(_:)``, was most of their typing); any other cell as ``append(_:)``
    /// reads it. `failed` is told the cells that did not parse (by `r`), in order.
    public mutating func appendColumn(_ spans: UnsafePointer<Int32>, count: Int, in base: UnsafePointer<UInt8>,
                                      failed: (Int, CellError) -> Void) {
        @inline(__always) func cell(_ r: Int) -> UnsafeBufferPointer<UInt8> {
            let s = Int(spans[2 * r])
            return UnsafeBufferPointer(start: base + s, count: Int(spans[2 * r + 1]) - s)
        }
        switch kind {
        // (An empty cell of an optional column is none, without trying to read it.)
        // Cells are staged in a buffer and appended to their array a batch at a time (each
        // `append` checked the array's uniqueness and room, a call into the runtime a cell);
        // the staged ones go first whenever a cell is read the general way.
        case .number, .money:
            Self.withStaging(Fixed.self, count) { staged in
                if let decimals {
                    for r in 0..<count {
                        let b = cell(r)
                        if b.isEmpty, optional { staged.put(ColumnData.noneNumber); continue }
                        if let v = decimals.read(b) { staged.put(v); continue }
                        staged.drain(into: &numbers)
                        if let e = append(b) { failed(r, e) }
                    }
                } else {
                    for r in 0..<count {
                        let b = cell(r)
                        if b.isEmpty, optional { staged.put(ColumnData.noneNumber); continue }
                        if let n = Fixed.parsePlain(b), let v = try? factor.times(n) { staged.put(v); continue }
                        staged.drain(into: &numbers)
                        if let e = append(b) { failed(r, e) }
                    }
                }
                staged.drain(into: &numbers)
            }
        case .date:
            Self.withStaging(Int32.self, count) { staged in
                var reader = ISODayReader()
                for r in 0..<count {
                    let b = cell(r)
                    if b.isEmpty, optional { staged.put(Int32.min); continue }
                    if let d = reader.ordinal(b) { staged.put(Int32(clamping: d)); continue }
                    staged.drain(into: &dates)
                    if let e = append(b) { failed(r, e) }
                }
                staged.drain(into: &dates)
            }
        case .text where cellTexts != nil:
            // A column kept cell by cell: each run of cells that are not empty appended at once;
            // an empty cell is none (an error when the column is required).
            guard var texts = cellTexts else { return }
            cellTexts = nil
            defer { cellTexts = texts }
            Self.withStaging(Int32.self, count) { staged in
                var r = 0
                while r < count {
                    var end = r
                    while end < count, spans[2 * end] != spans[2 * end + 1] {
                        staged.put(Int32(truncatingIfNeeded: texts.count + end - r))
                        end += 1
                    }
                    texts.append(spans: spans, rows: r..<end, base: base)
                    guard end < count else { break }
                    // (As ``append(_:)`` takes an empty cell.)
                    staged.put(-1)
                    if !optional { failed(end, Self.emptyRequired) }
                    r = end + 1
                }
                staged.drain(into: &codes)
            }
        case .text:
            // The last cell looked up, and its code: a ledger sorted by unit repeats each unit's
            // name for a hundred records, and comparing with the cell before costs less than
            // hashing it and probing a table of 20,000 names.
            Self.withStaging(Int32.self, count) { staged in
                var last = UnsafeBufferPointer<UInt8>(start: nil, count: 0), lastCode: Int32 = -1
                for r in 0..<count {
                    let b = cell(r)
                    // (At the 4,096th cell ``append(_:)`` decides whether to keep texts cell by cell.)
                    if !b.isEmpty, codes.count &+ staged.count != 4096 {
                        if cellTexts == nil {
                            if lastCode >= 0, last.count == b.count, let x = last.baseAddress, let y = b.baseAddress, memcmpBytes(x, y, b.count) {
                                staged.put(lastCode)
                                continue
                            }
                            let code = interner.intern(b).code
                            staged.put(code)
                            last = b
                            lastCode = code
                        } else {
                            staged.put(Int32(truncatingIfNeeded: cellTexts?.count ?? 0))
                            cellTexts?.append(b)
                        }
                        continue
                    }
                    staged.drain(into: &codes)
                    if let e = append(b) { failed(r, e) }
                }
                staged.drain(into: &codes)
            }
        case .unread:
            unreadCount += count
            // An optional text's cells are all good; a required one's, all but the empty.
            if unreadKind == .text {
                if !optional {
                    for r in 0..<count where spans[2 * r] == spans[2 * r + 1] { failed(r, Self.emptyRequired) }
                }
                return
            }
            // The common cells of the others read as when kept (an empty optional one is none),
            // and thrown away; any other cell checked as ``append(_:)`` reads it.
            if let decimals {
                for r in 0..<count {
                    let b = cell(r)
                    if b.isEmpty, optional { continue }
                    if decimals.read(b) != nil { continue }
                    if let e = check(b) { failed(r, e) }
                }
                return
            }
            var days = ISODayReader()
            for r in 0..<count {
                let b = cell(r)
                if b.isEmpty, optional { continue }
                if unreadKind == .date, days.ordinal(b) != nil { continue }
                if let e = check(b) { failed(r, e) }
            }
        case .bool:
            Self.withStaging(Int8.self, count) { staged in
                for r in 0..<count {
                    let b = cell(r)
                    if b.isEmpty, optional { staged.put(-1); continue }
                    if let x = CellParser.plainBool(b) { staged.put(x ? 1 : 0); continue }
                    staged.drain(into: &bools)
                    if let e = append(b) { failed(r, e) }
                }
                staged.drain(into: &bools)
            }
        case .list:
            // (A list cell always reads, an empty one as the empty list.) A cell like the one
            // before it (most often both empty) takes its code without a lookup.
            var last = UnsafeBufferPointer<UInt8>(start: nil, count: 0), lastCode: Int32 = -1
            for r in 0..<count {
                let b = cell(r)
                if lastCode >= 0, last.count == b.count, let x = last.baseAddress, let y = b.baseAddress, memcmpBytes(x, y, b.count) {
                    listCodes.append(lastCode)
                    continue
                }
                appendList(b)
                last = b
                lastCode = listCodes[listCodes.count - 1]
            }
        }
    }

    /// Calls `body` with room for `count` staged cells of type `T` (a trivial type).
    @inline(__always)
    private static func withStaging<T>(_: T.Type, _ count: Int, _ body: (inout Staging<T>) -> Void) {
        withUnsafeTemporaryAllocation(of: T.self, capacity: max(1, count)) { buffer in
            guard let base = buffer.baseAddress else { return }
            var staging = Staging(base: base)
            body(&staging)
        }
    }

    /// The error of an unread column's (trimmed) cell: what ``append(_:)`` gives for it when the
    /// column is kept, without keeping it.
    private func check(_ b: UnsafeBufferPointer<UInt8>) -> CellError? {
        switch unreadKind {
        case .text: return b.isEmpty && !optional ? Self.emptyRequired : nil
        case .number: if Fixed.parsePlain(b) != nil { return nil }
        case .money: if let n = Fixed.parsePlain(b), (try? factor.times(n)) != nil { return nil }
        case .date: if Day.parseASCII(b) != nil { return nil }
        case .list: return nil
        case .bool, .unread: break
        }
        if b.isEmpty, optional { return nil }
        if case .failure(let e) = CellParser.parse(bytes: b, as: type, optional: optional) { return e }
        return nil
    }

    /// Stops looking texts up: a column of mostly distinct texts (keys, names) would spend its
    /// time in a hash table of millions of entries, every probe a cache miss.
    private mutating func keepRaw() {
        var texts = spareTexts ?? TextDictionary()
        spareTexts = nil
        texts.isUnique = false
        let roomBefore = texts.storage.capacity + texts.ends.capacity
        texts.reserve(bytes: capacity * max(1, interner.dictionary.storage.count / max(1, interner.count)), texts: capacity)
        // (Room kept from the chunk before is resident already: only new room is populated.)
        if populated, texts.storage.capacity + texts.ends.capacity != roomBefore { texts.populateRoom() }
        for r in codes.indices where codes[r] >= 0 {
            interner.dictionary.withBytes(Int(codes[r])) { texts.append($0) }
            codes[r] = Int32(texts.count - 1)
        }
        cellTexts = texts
        interner = ByteInterner()
    }

    /// Appends a list cell by its trimmed bytes (an empty cell is the empty list).
    private mutating func appendList(_ b: UnsafeBufferPointer<UInt8>) {
        // An empty cell is kept as one NUL byte, which no cell holds.
        let nul: [UInt8] = [0]
        let (code, isNew) = b.isEmpty ? nul.withUnsafeBufferPointer { listTexts.intern($0) } : listTexts.intern(b)
        if isNew {
            // (A list cell always parses: an empty one is the empty list.)
            if case .success(let v) = CellParser.parse(bytes: b, as: type, optional: optional) { lists.append(v) } else { lists.append(.list([])) }
        }
        listCodes.append(code)
    }

    private mutating func appendNone() {
        switch kind {
        case .number, .money: numbers.append(ColumnData.noneNumber)
        case .text: codes.append(-1)
        case .date: dates.append(Int32.min)
        case .bool: bools.append(-1)
        case .list: appendList(UnsafeBufferPointer(start: nil, count: 0))
        case .unread: unreadCount += 1
        }
    }

    /// The text of a code appended earlier.
    public func text(_ code: Int32) -> String { interner.dictionary[Int(code)] }

    public func build() -> ColumnData {
        // Unread: every cell none (nothing reads them; a reader would find none, not garbage),
        // with nothing stored.
        if kind == .unread { return .absent(count: unreadCount) }
        switch type {
        case .number, .money: return .numbers(numbers)
        case .text, .unit: return .texts(codes: codes, dictionary: cellTexts ?? interner.dictionary)
        case .date: return .dates(dates)
        case .bool: return .bools(bools)
        case .list: return .lists(codes: listCodes, distinct: lists)
        }
    }

    /// Empties the builder for the next chunk of the same column, its arrays keeping their room
    /// (their pages resident: a chunk's typed cells made in fresh arrays had their pages
    /// zeroed by the kernel, or at least looked up, every time); room for `capacity` cells is
    /// made, and populated when the builder populates, where the arrays lack it.
    public mutating func reset(capacity: Int) {
        numbers.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
        interner = ByteInterner()
        if var texts = cellTexts {
            cellTexts = nil
            texts.removeAll()
            spareTexts = texts
        }
        dates.removeAll(keepingCapacity: true)
        bools.removeAll(keepingCapacity: true)
        listCodes.removeAll(keepingCapacity: true)
        lists.removeAll(keepingCapacity: true)
        listTexts = ByteInterner()
        unreadCount = 0
        self.capacity = capacity
        let room = self.room
        reserve(cells: capacity)
        // (Only a buffer made anew is fresh memory; the room kept is resident already.)
        if populated, self.room != room { populateRoom(for: capacity) }
    }

    /// The room of the array the column's cells go to.
    var room: Int {
        switch kind {
        case .number, .money: return numbers.capacity
        case .text: return codes.capacity
        case .date: return dates.capacity
        case .bool: return bools.capacity
        case .list: return listCodes.capacity
        case .unread: return 0
        }
    }

    /// The column made of the cells of `parts`, one after the other (the chunks of one file
    /// typed in parallel). Texts get the codes a single builder would have given them: in
    /// order of first appearance.
    public static func merge(_ parts: [ColumnBuilder]) -> ColumnData {
        guard var first = parts.first else { return ColumnBuilder(type: .text, optional: true, capacity: 0).build() }
        first.reserve(cells: parts.reduce(0) { $0 + $1.count })
        for p in parts.dropFirst() { first.append(contentsOf: p) }
        return first.build()
    }

    /// Room for `cells` cells in all, so that appending chunks does not regrow the arrays.
    public mutating func reserve(cells: Int) {
        switch kind {
        case .number, .money: numbers.reserveCapacity(cells)
        case .text: codes.reserveCapacity(cells)
        case .date: dates.reserveCapacity(cells)
        case .bool: bools.reserveCapacity(cells)
        case .list: listCodes.reserveCapacity(cells)
        case .unread: break
        }
    }

    /// Appends the cells of `other` (the next chunk of the same column). Texts keep the codes a
    /// single builder would have given them: in order of first appearance. `expectedCells`,
    /// when known, is how many cells the column will have in the end (for a column kept cell
    /// by cell, room for its texts is made in proportion).
    public mutating func append(contentsOf other: ColumnBuilder, expectedCells: Int? = nil) {
        switch kind {
        case .unread: unreadCount += other.unreadCount
        // (The room reserved for the file's cells made resident a chunk at a time, not faulted
        // in page by page: ``PagePopulation``.)
        case .number, .money:
            numbers.populateRoom(for: other.numbers.count)
            numbers.append(contentsOf: other.numbers)
        case .date:
            dates.populateRoom(for: other.dates.count)
            dates.append(contentsOf: other.dates)
        case .bool:
            bools.populateRoom(for: other.bools.count)
            bools.append(contentsOf: other.bools)
        case .list:
            listCodes.populateRoom(for: other.listCodes.count)
            // The chunk's cell texts renumbered into this builder's.
            var remap = [Int32](repeating: 0, count: other.lists.count)
            for code in 0..<other.lists.count {
                let (mine, isNew) = other.listTexts.dictionary.withBytes(code) { listTexts.intern($0) }
                if isNew { lists.append(other.lists[code]) }
                remap[code] = mine
            }
            for c in other.listCodes { listCodes.append(remap[Int(c)]) }
        case .text:
            codes.populateRoom(for: other.codes.count)
            if cellTexts == nil, other.cellTexts == nil {
                // Each of the chunk's codes, renumbered into this dictionary.
                interner.reserve(interner.count + other.interner.count)
                var remap = [Int32](repeating: -1, count: other.interner.count)
                for code in 0..<other.interner.count {
                    remap[code] = other.interner.dictionary.withBytes(code) { interner.intern($0).code }
                }
                for c in other.codes { codes.append(c < 0 ? c : remap[Int(c)]) }
                return
            }
            // Kept cell by cell on either side: so in all, each cell's text after the last.
            if cellTexts == nil { keepRaw() }
            let bytes = other.cellTexts?.storage.count
                ?? other.codes.reduce(0) { $1 < 0 ? $0 : $0 + other.interner.dictionary.length(Int($1)) }
            // (Sizes read first: holding a copy of the dictionary while reserving would copy it.)
            let stored = cellTexts?.storage.count ?? 0, room = cellTexts?.storage.capacity ?? 0
            let texts = cellTexts?.count ?? 0
            if let expectedCells, codes.count > 0, stored + bytes > room {
                let expected = (stored + bytes) * expectedCells / (codes.count + other.codes.count) * 5 / 4
                cellTexts?.reserve(bytes: max(bytes, expected - stored), texts: max(other.codes.count, expectedCells - texts))
            }
            let base = Int32(truncatingIfNeeded: cellTexts?.count ?? 0)
            if let texts = other.cellTexts {
                cellTexts?.append(contentsOf: texts)
                for c in other.codes { codes.append(c < 0 ? c : c + base) }
            } else {
                for c in other.codes {
                    if c < 0 { codes.append(c); continue }
                    codes.append(Int32(truncatingIfNeeded: cellTexts?.count ?? 0))
                    other.interner.dictionary.withBytes(Int(c)) { cellTexts?.append($0) }
                }
            }
        }
    }

    /// The number of cells appended.
    public var count: Int {
        if kind == .unread { return unreadCount }
        switch type {
        case .number, .money: return numbers.count
        case .text, .unit: return codes.count
        case .date: return dates.count
        case .bool: return bools.count
        case .list: return listCodes.count
        }
    }
}

/// Cells of a batch staged in a buffer of the batch's size, then appended to their column's
/// array at once (see ``ColumnBuilder/appendColumn(_:count:in:failed:)``).
struct Staging<T> {
    let base: UnsafeMutablePointer<T>
    private(set) var count = 0

    init(base: UnsafeMutablePointer<T>) { self.base = base }

    @inline(__always)
    mutating func put(_ x: T) {
        (base + count).initialize(to: x)
        count &+= 1
    }

    /// Appends the staged cells to `array`, and starts again.
    @inline(__always)
    mutating func drain(into array: inout [T]) {
        guard count > 0 else { return }
        array.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        count = 0
    }
}
