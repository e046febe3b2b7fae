/// One scored line of a unit's sheet: an indicator, a bonus, a deduction or a veto (SPEC §5).
public struct Item: Sendable {
    public enum Section: String, Sendable, CaseIterable {
        case indicator, bonus, deduction, veto

        /// The scheme key that holds the section.
        public var key: String {
            switch self {
            case .indicator: return "indicators"
            case .bonus: return "bonuses"
            case .deduction: return "deductions"
            case .veto: return "vetoes"
            }
        }
    }

    public var name: String
    public var section: Section
    public var label: String?
    public var note: String?
    public var source: Source
    public var target: TargetRule
    public var points: Fixed?
    public var score: ScoreRule?
    public var cap: Fixed?
    public var floor: Fixed?
    /// Only units of these groups have the item (nil: every unit).
    public var groups: [String]?
    public var veto: Veto?
    /// The item's key in the scheme.
    public var location: SourceLocation
    /// The value's type: number for aggregates, the expression's type for derived items.
    public var valueType: ValueType

    public enum Source: Sendable {
        case aggregate(Aggregate)
        case derived(CompiledExpression)
        /// No value: the score is the sum of the item's adjustments.
        case rated

        /// Whether the value is an expression over the unit's other values.
        public var isDerived: Bool {
            if case .derived = self { return true }
            return false
        }
    }

    public struct Veto: Sendable {
        public enum Effect: String, Sendable { case fail, zero }
        public var effect: Effect
        public var when: CompiledExpression?
    }

    public func applies(toGroup group: String?) -> Bool {
        guard let groups else { return true }
        guard let group else { return false }
        return groups.contains(group)
    }
}

/// `from: DATASET`, `where:`, and one of count / sum / avg / min / max / distinct.
public struct Aggregate: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case count, sum, avg, min, max, distinct }
    public var dataset: String
    public var filter: CompiledExpression?
    public var kind: Kind
    /// The per-record expression (nil for count).
    public var expression: CompiledExpression?
}

public enum TargetRule: Sendable {
    case literal(Fixed, SourceLocation)
    /// The targets dataset's row first, then the unit's group targets.
    case lookup
}

/// Which number a scoring form reads.
public enum ScoreBasis: String, Sendable { case rate, value }

/// The score forms of SPEC §5.
public enum ScoreRule: Sendable {
    case proportional
    case steps([(threshold: Fixed, score: Fixed)], on: ScoreBasis)
    case linear(x0: Fixed, y0: Fixed, x1: Fixed, y1: Fixed, on: ScoreBasis)
    case each(Fixed, max: Fixed?, on: ScoreBasis)
    case byRank([Int: Fixed], otherwise: Fixed)
    case relative(lo: Fixed, hi: Fixed, on: ScoreBasis)
    case formula(CompiledExpression)
    case rated

    /// Whether the form reads the completion rate (and so needs a target).
    public var readsRate: Bool {
        switch self {
        case .proportional: return true
        case .steps(_, let on), .linear(_, _, _, _, let on), .each(_, _, let on), .relative(_, _, let on):
            return on == .rate
        case .formula(let f): return f.expression.root.mentions("rate") || f.expression.root.mentions("target")
        case .byRank, .rated: return false
        }
    }
}

extension Expr {
    /// Whether a plain name occurs in the expression.
    func mentions(_ name: String) -> Bool {
        var found = false
        walk { if $0.nameValue == name { found = true } }
        return found
    }
}
