/// The names of a record-level expression: the dataset's columns and computed columns,
/// `period`, `as_of` and `share`.
struct RecordScope: NameScope {
    let datasetName: String
    let columns: [String: ValueType]
    let tables: [String: Table]
    /// Unit-level names, to explain why they cannot be used here.
    let unitNames: Set<String>
    let level = Level.record

    func resolve(_ name: String) -> Resolution {
        if let t = columns[name] { return .found(t) }
        switch name {
        case "period": return .found(.period)
        case "as_of": return .found(.date)
        case "share": return .found(.number)
        default: break
        }
        if unitNames.contains(name) {
            return .misplaced("'\(name)' is a unit-level name and cannot be used in a record expression of dataset '\(datasetName)'")
        }
        return .unknown
    }

    func resolveMember(_ base: String, _ field: String) -> Resolution {
        if unitNames.contains(base) || base == "unit" {
            return .misplaced("'\(base).\(field)' is a unit-level name and cannot be used in a record expression of dataset '\(datasetName)'")
        }
        return .unknown
    }

    func table(_ name: String) -> Table? { tables[name] }

    var candidates: [String] { Array(columns.keys) + ["period", "as_of", "share"] + Array(tables.keys) }
}

/// How far the evaluation of a unit has got where an expression stands: later phases see
/// more names (SPEC §6 gives the order).
enum Phase: Int, Comparable {
    case items, totals, ranked, graded, outcomes
    static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }
}

/// The names of a unit-level expression.
struct UnitScope: NameScope {
    struct ItemInfo {
        var type: ValueType
        var groups: [String]?
    }

    let items: [String: ItemInfo]
    let tables: [String: Table]
    /// Every dataset column, to explain that columns are record-level.
    let columnOwners: [String: String]
    var phase: Phase
    /// Names bound in this place only (`value`, `target` in a score; `amount`, `basis` in a deposit).
    var extra: [String: ValueType] = [:]
    let level = Level.unit

    static let fieldTypes: [String: ValueType] = [
        "target": .number, "rate": .number, "points": .number, "score": .number,
    ]

    static let unitNames: [String: (ValueType, Phase)] = [
        "unit": (.text, .items), "group": (.text, .items), "team": (.text, .items),
        "as_of": (.date, .items), "progress": (.number, .items), "period": (.period, .items),
        "base": (.number, .totals), "bonus": (.number, .totals), "deduction": (.number, .totals),
        "total": (.number, .totals), "vetoed": (.bool, .totals),
        "rank": (.number, .ranked), "rank_all": (.number, .ranked), "rank_pct": (.number, .ranked),
        "grade": (.text, .graded),
    ]

    static func phaseName(_ p: Phase) -> String {
        switch p {
        case .items: return "while items are scored"
        case .totals: return "before ranking"
        case .ranked: return "before grades"
        case .graded, .outcomes: return "here"
        }
    }

    func resolve(_ name: String) -> Resolution {
        if let t = extra[name] { return .found(t) }
        if let info = items[name] { return .found(info.type, item: name) }
        if let (t, p) = UnitScope.unitNames[name] {
            if p > phase { return .misplaced("'\(name)' is not known yet \(UnitScope.phaseName(phase))") }
            return .found(t)
        }
        if let ds = columnOwners[name] {
            return .misplaced("'\(name)' is a column of dataset '\(ds)'; columns can only be used in the where/sum of an item with from: \(ds)")
        }
        return .unknown
    }

    func resolveMember(_ base: String, _ field: String) -> Resolution {
        if base == "unit" { return .found(.text) }
        guard let info = items[base] else { return .unknown }
        if field == "value" { return .found(info.type, item: base) }
        if let t = UnitScope.fieldTypes[field] { return .found(t, item: base) }
        return .unknown
    }

    func table(_ name: String) -> Table? { tables[name] }

    var candidates: [String] {
        Array(items.keys) + Array(extra.keys) + UnitScope.unitNames.filter { $0.value.1 <= phase }.map(\.key) + Array(tables.keys)
    }
}
