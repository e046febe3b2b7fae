/// The `data:` section: where the ledgers are and what their columns mean.
public struct DataSpec: Sendable {
    /// Default data folder, relative to the scheme file (`--data` overrides).
    public var dir: String?
    public var datasets: [Dataset]
}

/// One declared ledger file.
public struct Dataset: Sendable {
    public enum Kind: String, Sendable { case regular, targets, adjustments }
    public enum Credit: String, Sendable { case split, full }

    public var name: String
    public var kind: Kind
    public var file: String
    public var sheet: String?
    public var key: String?
    /// The column that credits units.
    public var unitColumn: String?
    /// The record's date, for `--as-of`.
    public var dateColumn: String?
    public var credit: Credit
    public var columns: [Column]
    public var computed: [ComputedColumn]
    public var location: SourceLocation

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }
}

public struct Column: Sendable {
    public var name: String
    public var type: ColumnType
    /// `?`: an empty cell is none instead of an error.
    public var optional: Bool
    public var location: SourceLocation
}

public enum ColumnType: Sendable, Hashable, CustomStringConvertible {
    case text, number, date, bool, list, unit
    /// Money: a cell is multiplied by `factor` to give 元 (万元: 10⁴; 万美元: 10⁴ × rate).
    case money(name: String, factor: Fixed)

    /// The type expressions see.
    public var valueType: ValueType {
        switch self {
        case .text, .unit: return .text
        case .number, .money: return .number
        case .date: return .date
        case .bool: return .bool
        case .list: return .list(.text)
        }
    }

    public var description: String {
        switch self {
        case .text: return "text"
        case .number: return "number"
        case .date: return "date"
        case .bool: return "bool"
        case .list: return "list"
        case .unit: return "unit"
        case .money(let name, _): return name
        }
    }
}

public struct ComputedColumn: Sendable {
    public var name: String
    public var expression: CompiledExpression
    public var location: SourceLocation
}

/// Where the units come from: a file, or an inline list.
public struct UnitsSpec: Sendable {
    public enum Source: Sendable {
        case file(path: String, sheet: String?)
        case inline([UnitDeclaration])
    }
    public var source: Source
    public var nameColumn: String
    public var groupColumn: String?
    public var teamColumn: String?
    public var location: SourceLocation
}

public struct UnitDeclaration: Sendable {
    public var name: String
    public var group: String?
    public var team: String?
    public var columns: [String: String]
    public var location: SourceLocation
}
