/// The year's data, loaded and typed: the units and every declared dataset.
///
/// Built by the loader (KaoheIO) from files; the engine reads only this.
public struct Ledger: Sendable {
    public var units: [UnitRecord]
    public var unitIndex: [String: Int]
    public var datasets: [String: DatasetData]
    /// Targets from the `targets` dataset: unit → item → target.
    public var targets: [String: [String: LedgerTarget]]
    /// Rows of the `adjustments` dataset: unit → item → rows in file order.
    public var adjustments: [String: [String: [AdjustmentRow]]]
    /// `sha256:…` of the scheme and every data file read.
    public var fingerprint: String

    public init(units: [UnitRecord], datasets: [String: DatasetData] = [:],
                targets: [String: [String: LedgerTarget]] = [:],
                adjustments: [String: [String: [AdjustmentRow]]] = [:], fingerprint: String = "") {
        self.units = units
        var index: [String: Int] = [:]
        for (i, u) in units.enumerated() { index[u.name] = i }
        self.unitIndex = index
        self.datasets = datasets
        self.targets = targets
        self.adjustments = adjustments
        self.fingerprint = fingerprint
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
    public var credits: [[Credit]]
    /// The record's date (the dataset's `date:` column), for `--as-of`.
    public var dates: [Day?]
    /// The record's key (the dataset's `key:` column), for explanations.
    public var keys: [String]?

    public struct Credit: Sendable, Hashable {
        public var unit: Int
        public var share: Fixed
        public init(unit: Int, share: Fixed) { self.unit = unit; self.share = share }
    }

    public var count: Int { lines.count }

    public init(name: String, file: String, columnNames: [String], columns: [ColumnData], lines: [Int],
                credits: [[Credit]], dates: [Day?], keys: [String]?) {
        self.name = name
        self.file = file
        self.columnNames = columnNames
        var index: [String: Int] = [:]
        for (i, c) in columnNames.enumerated() { index[c] = i }
        self.columnIndex = index
        self.columns = columns
        self.lines = lines
        self.credits = credits
        self.dates = dates
        self.keys = keys
    }

    /// The value of column `c` in record `r`.
    @inline(__always)
    public func value(_ c: Int, _ r: Int) -> Value { columns[c].value(r) }

    public func location(ofRecord r: Int, column: String? = nil) -> SourceLocation {
        SourceLocation(file: file, line: lines[r], field: column)
    }
}
