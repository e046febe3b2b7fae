/// A value an expression computes: the data types of SPEC §3.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case number(Fixed)
    case text(String)
    case date(Day)
    case bool(Bool)
    case list([Value])
    case period(Period)
    case none

    public var isNone: Bool { if case .none = self { return true } else { return false } }

    public var number: Fixed? { if case .number(let n) = self { return n } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var text: String? { if case .text(let t) = self { return t } else { return nil } }

    /// What users read: `12.5`, `省外`, `2021-06-30`, `是`/`否`, `[a, b]`, `none`.
    public var description: String {
        switch self {
        case .number(let n): return n.description
        case .text(let t): return t
        case .date(let d): return d.description
        case .bool(let b): return b ? "true" : "false"
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .period(let p): return p.description
        case .none: return "none"
        }
    }

    /// As written in a rule: text quoted, so an explanation can print `资金来源 == '省内'`.
    public var literal: String {
        switch self {
        case .text(let t): return "'\(t)'"
        case .list(let l): return "[" + l.map(\.literal).joined(separator: ", ") + "]"
        default: return description
        }
    }

    /// Ordering used by `by:` keys, max/min and comparisons: numbers, dates and texts among
    /// themselves; true > false. nil when the two are not comparable.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case let (.number(x), .number(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.date(x), .date(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.text(x), .text(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }
}

/// The static type of an expression, as the checker sees it.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case number, text, date, bool, period, none
    case list(ValueType)
    /// A table, only valid as `T[key]` or a tier function's argument.
    case table
    /// Not known statically (e.g. after an earlier error); accepted everywhere.
    case any

    public var description: String {
        switch self {
        case .number: return "number"
        case .text: return "text"
        case .date: return "date"
        case .bool: return "true/false"
        case .period: return "period"
        case .none: return "none"
        case .list(let e): return e == .any ? "list" : "list of \(e)"
        case .table: return "table"
        case .any: return "any"
        }
    }

    /// Whether a value of this type may stand where `other` is wanted.
    public func fits(_ other: ValueType) -> Bool {
        if self == .any || other == .any || self == .none { return true }
        if case .list(let a) = self, case .list(let b) = other { return a.fits(b) }
        return self == other
    }
}
