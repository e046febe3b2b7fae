import Kaohe

/// A unit's explanation as JSON, for machines: the same tree as the text, with exact numbers.
public enum ExplanationJSON {
    public static func render(_ es: [UnitExplanation], item: String? = nil) -> String {
        JSONValue.array(es.map { unit($0, item: item) }).serialized(indent: 0) + "\n"
    }

    static func value(_ v: Value) -> JSONValue {
        switch v {
        case .number(let n): return .number(n.description)
        case .text(let t): return .string(t)
        case .bool(let b): return .bool(b)
        case .date(let d): return .string(d.description)
        case .list(let l): return .array(l.map(value))
        case .period(let p): return .string(p.description)
        case .none: return .null
        }
    }

    static func loc(_ l: SourceLocation?) -> JSONValue {
        guard let l else { return .null }
        return .string("\(l.file):\(l.line)")
    }

    static func step(_ s: Step) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("key", .string(s.key)), ("label", .string(s.label)), ("value", value(s.value)),
                                           ("formula", s.formula.map { .string($0) } ?? .null), ("rule", loc(s.rule))]
        if !s.notes.isEmpty { pairs.append(("notes", .array(s.notes.map { .string($0) }))) }
        if !s.children.isEmpty { pairs.append(("children", .array(s.children.map(step)))) }
        return .object(pairs)
    }

    static func record(_ r: RecordLine) -> JSONValue {
        .object([("key", .string(r.key)), ("at", .string("\(r.file):\(r.line)")),
                 ("amount", r.amount.map(value) ?? .null), ("share", r.share.map { .number($0.description) } ?? .null),
                 ("reason", r.reason.map { .string($0) } ?? .null)])
    }

    static func item(_ x: ItemExplanation) -> JSONValue {
        .object([("name", .string(x.name)), ("section", .string(x.section.rawValue)), ("rule", loc(x.rule)),
                 ("value", step(x.value)), ("target", x.target.map(step) ?? .null), ("rate", x.rate.map(step) ?? .null),
                 ("score", x.score.map(step) ?? .null),
                 ("adjustments", .array(x.adjustments.map { .object([("score", .number($0.score.description)), ("reason", .string($0.reason)), ("approver", .string($0.approver))]) })),
                 ("counted", .array(x.counted.map(record))), ("left_out", .array(x.leftOut.map(record))),
                 ("after_as_of", .array(x.afterAsOf.map(record))), ("to_take", .array(x.toTake.map { .string($0) }))])
    }

    static func unit(_ e: UnitExplanation, item only: String?) -> JSONValue {
        let items = e.items.filter { only == nil || $0.name == only }
        return .object([("unit", .string(e.unit)), ("group", e.group.map { .string($0) } ?? .null),
                        ("team", e.team.map { .string($0) } ?? .null), ("items", .array(items.map(item))),
                        ("totals", .array(e.totals.map(step))), ("vetoes", .array(e.vetoes.map(step))),
                        ("rank", e.rank.map(step) ?? .null), ("grade", e.grade.map(step) ?? .null),
                        ("next_grade", e.nextGrade.map { .string($0) } ?? .null),
                        ("deposits", .array(e.deposits.map(step))), ("rewards", .array(e.rewards.map(step))),
                        ("penalties", .array(e.penalties.map(step))), ("titles", .array(e.titles.map(step)))])
    }
}

/// A JSON value with ordered keys and numbers kept as exact decimal text.
indirect enum JSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    func serialized(indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return JSONValue.quote(s)
        case .array(let xs):
            if xs.isEmpty { return "[]" }
            return "[\n" + xs.map { inner + $0.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
        case .object(let ps):
            if ps.isEmpty { return "{}" }
            return "{\n" + ps.map { inner + JSONValue.quote($0.0) + ": " + $0.1.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    /// The one JSON string escaping of the package (see ``AssessmentJSON``).
    static func quote(_ s: String) -> String { AssessmentJSON.string(s) }
}
