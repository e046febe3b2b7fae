/// The year's data, loaded and typed: the units and every declared dataset.
///
/// Built by the loader (KaoheIO) from files; the engine reads only this.
public struct Ledger: Sendable {
    public var units: [UnitRecord]
    public var unitIndex: [String: Int] { didSet { byItem = nil } }
    public var datasets: [String: DatasetData]
    /// Targets from the `targets` dataset: unit → item → target.
    public var targets: [String: [String: LedgerTarget]]
    /// Rows of the `adjustments` dataset: unit → item → rows in file order.
    public var adjustments: [String: [String: [AdjustmentRow]]] { didSet { byItem = nil } }
    /// `sha256:…` of the scheme and every data file read (waited for when first read: the
    /// loader may still be hashing the last files on a core of its own).
    public var fingerprint: String {
        get { pendingFingerprint.value }
        set { pendingFingerprint = Pending(value: newValue) }
    }
    private var pendingFingerprint: Pending<String>
    /// The adjustments by item, then unit index, when worked out already (on another core,
    /// while the loader's checks and the aggregation run).
    private var byItem: Pending<[String: [Int: [AdjustmentRow]]]>?

    /// `pendingFingerprint`: the fingerprint, still being worked out (`fingerprint` is then
    /// not read).
    public init(units: [UnitRecord], datasets: [String: DatasetData] = [:],
                targets: [String: [String: LedgerTarget]] = [:],
                adjustments: [String: [String: [AdjustmentRow]]] = [:], fingerprint: String = "",
                pendingFingerprint: Pending<String>? = nil, unitIndex: [String: Int]? = nil) {
        self.units = units
        // (`unitIndex`: the index by name when the caller has made it already.)
        if let unitIndex {
            self.unitIndex = unitIndex
        } else {
            var index: [String: Int] = [:]
            for (i, u) in units.enumerated() { index[u.name] = i }
            self.unitIndex = index
        }
        self.datasets = datasets
        self.targets = targets
        self.adjustments = adjustments
        self.pendingFingerprint = pendingFingerprint ?? Pending(value: fingerprint)
    }

    /// The adjustments by item name, then unit index (units not in the ledger left out).
    public var adjustmentsByItem: [String: [Int: [AdjustmentRow]]] {
        byItem?.value ?? Ledger.byItem(adjustments, unitIndex)
    }

    /// Starts working out ``adjustmentsByItem`` on another core (a province's adjustments
    /// hash some 60,000 Chinese names: 20 ms).
    public mutating func prepareAdjustmentsByItem() {
        let adjustments = self.adjustments, unitIndex = self.unitIndex
        byItem = Pending { Ledger.byItem(adjustments, unitIndex) }
    }

    /// Takes `known` as ``adjustmentsByItem``: what the loader gathered while reading the
    /// adjustments (by unit numbers of ``unitIndex``), kept until either changes.
    public mutating func prepareAdjustmentsByItem(_ known: [String: [Int: [AdjustmentRow]]]) {
        byItem = Pending(value: known)
    }

    static func byItem(_ adjustments: [String: [String: [AdjustmentRow]]], _ unitIndex: [String: Int]) -> [String: [Int: [AdjustmentRow]]] {
        var out: [String: [Int: [AdjustmentRow]]] = [:]
        for (unitName, rows) in adjustments {
            guard let u = unitIndex[unitName] else { continue }
            for (item, r) in rows { out[item, default: [:]][u] = r }
        }
        return out
    }
}

/// One assessed unit, from the units file or the scheme's inline list.
public struct UnitRecord: Sendable {
    public var name: String
    public var group: String?
    public var team: String?
    /// Every column of the units file, for `unit.COLUMN`.
    public var columns: [String: String]
    public var location: SourceLocation

    public init(name: String, group: String?, team: String?, columns: [String: String] = [:], location: SourceLocation) {
        self.name = name
        self.group = group
        self.team = team
        self.columns = columns
        self.location = location
    }
}

public struct LedgerTarget: Sendable {
    public var value: Fixed
    public var location: SourceLocation
    public init(value: Fixed, location: SourceLocation) { self.value = value; self.location = location }
}

public struct AdjustmentRow: Sendable {
    public var score: Fixed
    public var reason: String
    public var approver: String
    public var location: SourceLocation
    public init(score: Fixed, reason: String, approver: String, location: SourceLocation) {
        self.score = score; self.reason = reason; self.approver = approver; self.location = location
    }
}

/// One dataset's records, column by column.
public struct DatasetData: Sendable {
    public var name: String
    public var file: String
    /// The declared columns, in declaration order (aligned with `columns`).
    public var columnNames: [String]
    public var columnIndex: [String: Int]
    /// The declared columns' data, by type (see ``ColumnData``).
    public var columns: [ColumnData]
    /// The source line (CSV) or sheet row (XLSX) of each record.
    public var lines: [Int]
    /// The units each record credits, with their shares (1 for a single unit).
    public var credits: CreditTable
    /// The index in `columns` of the dataset's `date:` column, if any.
    public let dateColumn: Int?
    /// The index in `columns` of the dataset's `key:` column, if any.
    public var keyColumn: Int?
    /// The record's date (the dataset's `date:` column), for `--as-of`: `dates[r]`.
    public let dates: RecordDates

    public struct Credit: Sendable, Hashable {
        public var unit: Int
        public var share: Fixed
        public init(unit: Int, share: Fixed) { self.unit = unit; self.share = share }
    }

    public var count: Int { lines.count }

    public init(name: String, file: String, columnNames: [String], columns: [ColumnData], lines: [Int],
                credits: CreditTable, dateColumn: Int?, keyColumn: Int?) {
        self.name = name
        self.file = file
        self.columnNames = columnNames
        var index: [String: Int] = [:]
        for (i, c) in columnNames.enumerated() { index[c] = i }
        self.columnIndex = index
        self.columns = columns
        self.lines = lines
        self.credits = credits
        self.dateColumn = dateColumn
        self.keyColumn = keyColumn
        if let c = dateColumn, case .dates(let days) = columns[c] {
            dates = RecordDates(days: days)
        } else {
            dates = RecordDates(days: [Int32](repeating: Int32.min, count: lines.count))
        }
    }

    /// The value of column `c` in record `r`.
    @inline(__always)
    public func value(_ c: Int, _ r: Int) -> Value { columns[c].value(r) }


    /// The record's key (the dataset's `key:` column) as text, for explanations: `keys?[r]`;
    /// an empty key is "".
    public var keys: RecordKeys? { keyColumn.map { RecordKeys(column: columns[$0]) } }

    public func location(ofRecord r: Int, column: String? = nil) -> SourceLocation {
        SourceLocation(file: file, line: lines[r], field: column)
    }

    /// `name` when it is one of the dataset's columns (a computed column or an item is not).
    public func column(named name: String?) -> String? {
        guard let name, columnIndex[name] != nil else { return nil }
        return name
    }
}

/// The dates of a dataset's records (none where the cell is empty), by record.
public struct RecordDates: RandomAccessCollection, Sendable {
    let days: [Int32]
    public var startIndex: Int { 0 }
    public var endIndex: Int { days.count }
    @inline(__always)
    public subscript(r: Int) -> Day? {
        let d = days[r]
        return d == Int32.min ? nil : Day(ordinal: Int(d))
    }
}

/// The keys of a dataset's records as text, made only when read.
public struct RecordKeys: RandomAccessCollection, Sendable {
    let column: ColumnData
    public var startIndex: Int { 0 }
    public var endIndex: Int { column.count }
    public subscript(r: Int) -> String {
        if case .texts(let codes, let dictionary) = column {
            return codes[r] < 0 ? "" : dictionary[Int(codes[r])]
        }
        let v = column.value(r)
        return v.isNone ? "" : v.description
    }
}

/// The units each record credits: for most records one unit with share 1, kept as its index;
/// shared records keep their list in one side array (no array per record).
public struct CreditTable: RandomAccessCollection, Sendable {
    /// Per record: the unit (≥ 0) credited in full, -1 for none, or `-2 - k` for the `k`-th
    /// range of `ranges`.
    var single: [Int32]
    var shared: [DatasetData.Credit]
    var ranges: [Range<Int>]

    public init() {
        single = []
        shared = []
        ranges = []
    }

    public init(_ lists: [[DatasetData.Credit]]) {
        self.init()
        single.reserveCapacity(lists.count)
        for l in lists { append(l) }
    }

    /// Room for `n` records.
    public mutating func reserveCapacity(_ n: Int) { single.reserveCapacity(n) }

    /// The credits of records whose unit cells are `codes` (into the column's distinct cells;
    /// -1 for an empty one), when the cell with code `c` credits `ofCode[c]` (nil or empty:
    /// nobody). Each distinct cell's shared list is kept once, for all its records, and the
    /// records are numbered on all cores: a province's two million were appended one by one.
    public init(codes: [Int32], ofCode: [[DatasetData.Credit]?]) {
        self.init()
        var kind = [Int32](repeating: -1, count: ofCode.count)
        for (c, credits) in ofCode.enumerated() {
            guard let credits, !credits.isEmpty else { continue }
            if credits.count == 1, credits[0].share == Fixed(1), let u = Int32(exactly: credits[0].unit) {
                kind[c] = u
            } else {
                kind[c] = Int32(-2 - ranges.count)
                ranges.append(shared.count..<(shared.count + credits.count))
                shared.append(contentsOf: credits)
            }
        }
        let n = codes.count
        single = [Int32](unsafeUninitializedCapacity: n) { out, count in
            let target = UncheckedSendable(out)
            let pieces = n < 65_536 ? 1 : 8
            _ = parallelMap(pieces) { k -> Int in
                let rows = n * k / pieces..<n * (k + 1) / pieces
                if let start = target.value.baseAddress { PagePopulation.populate(start + rows.lowerBound, count: rows.count) }
                return codes.withUnsafeBufferPointer { codes in
                    kind.withUnsafeBufferPointer { kind in
                        for r in rows {
                            let c = Int(codes[r])
                            target.value[r] = c >= 0 && c < kind.count ? kind[c] : -1
                        }
                        return 0
                    }
                }
            }
            count = n
        }
    }

    /// Adds the next record's credits.
    public mutating func append(_ credits: [DatasetData.Credit]) {
        if credits.isEmpty {
            single.append(-1)
        } else if credits.count == 1, credits[0].share == Fixed(1), let u = Int32(exactly: credits[0].unit) {
            single.append(u)
        } else {
            single.append(Int32(-2 - ranges.count))
            ranges.append(shared.count..<(shared.count + credits.count))
            shared.append(contentsOf: credits)
        }
    }

    /// Adds a record that credits unit `unit` in full.
    @inline(__always)
    public mutating func append(unit: Int) { single.append(Int32(truncatingIfNeeded: unit)) }

    /// Adds a record that credits nobody (its unit cell could not be read).
    public mutating func appendNone() { single.append(-1) }

    /// How many credits all records give, and the largest magnitude (raw) of a share.
    /// (Records may share a list: each is counted for every record that gives it.)
    var bound: (entries: Int, maxShare: UInt128) {
        var entries = 0, whole = false, maxShare: UInt128 = 0
        for s in single {
            if s >= 0 {
                entries += 1
                whole = true
            } else if s <= -2 {
                entries += ranges[Int(-2 - s)].count
            }
        }
        if whole { maxShare = UInt128(Fixed.one) }
        for c in shared { maxShare = Swift.max(maxShare, c.share.raw.magnitude) }
        return (entries, maxShare)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { single.count }

    /// How many units record `r` credits.
    @inline(__always)
    func count(of r: Int) -> Int {
        let s = single[r]
        if s >= 0 { return 1 }
        if s == -1 { return 0 }
        return ranges[Int(-2 - s)].count
    }

    @inline(__always)
    public subscript(r: Int) -> Credits {
        let s = single[r]
        if s >= 0 { return Credits(unit: Int(s), shared: nil) }
        if s == -1 { return Credits(unit: -1, shared: nil) }
        return Credits(unit: -1, shared: shared[ranges[Int(-2 - s)]])
    }

    /// The credits of one record.
    public struct Credits: RandomAccessCollection, Sendable {
        let unit: Int
        let shared: ArraySlice<DatasetData.Credit>?
        public var startIndex: Int { 0 }
        public var endIndex: Int { shared?.count ?? (unit >= 0 ? 1 : 0) }
        @inline(__always)
        public subscript(i: Int) -> DatasetData.Credit {
            if let shared { return shared[shared.startIndex + i] }
            return DatasetData.Credit(unit: unit, share: Fixed(1))
        }
    }
}
