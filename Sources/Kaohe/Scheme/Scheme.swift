/// A checked assessment scheme (考核办法): the typed, immutable model of one YAML file.
///
/// Built by ``SchemeCompiler`` from a ``DocNode`` tree; every field that came from the file
/// keeps its position so that explanations and errors can point at the rule.
public struct Scheme: Sendable {
    public var file: String
    public var info: SchemeInfo
    public var tables: [String: Table]
    public var tableOrder: [String]
    public var data: DataSpec
    public var units: UnitsSpec
    public var groups: [GroupSpec]
    /// Every item of every section, in scheme order.
    public var items: [Item]
    /// Item names in an order where each comes after the items it reads.
    public var evaluationOrder: [String]
    public var total: TotalSpec
    public var grades: [GradeRule]
    public var ranking: RankingSpec
    public var teams: TeamsSpec?
    public var deposits: DepositsSpec?
    public var rewards: [RewardSpec]
    public var penalties: [ConditionRule]
    public var titles: [ConditionRule]

    public func item(named name: String) -> Item? { items.first { $0.name == name } }
    public func dataset(named name: String) -> Dataset? { data.datasets.first { $0.name == name } }
    public func group(named name: String) -> GroupSpec? { groups.first { $0.name == name } }
}

public struct SchemeInfo: Sendable {
    public var name: String
    public var year: Int?
    public var period: Period
    /// The money unit amounts are shown in: 元 (1), 万元 (10⁴), 亿元 (10⁸).
    public var money: MoneyUnit
    /// Item scores are rounded half-up to this many places.
    public var round: Int
    public var progress: ProgressRule
    /// 元 per unit of a foreign currency (`美元: 6.45`).
    public var rates: [String: Fixed]
    public var location: SourceLocation
}

public struct MoneyUnit: Sendable, Hashable {
    public var name: String
    public var factor: Fixed
    public static let yuan = MoneyUnit(name: "元", factor: Fixed(1))
}

/// How `--as-of` scales looked-up targets (SPEC §7).
public enum ProgressRule: Sendable, Hashable {
    case months
    case days
    /// `{3: 20%, 6: 45%, …}`: the row of the greatest month ≤ month(as_of).
    case table([(month: Int, share: Fixed)])

    public static func == (a: ProgressRule, b: ProgressRule) -> Bool {
        switch (a, b) {
        case (.months, .months), (.days, .days): return true
        case let (.table(x), .table(y)): return x.map(\.month) == y.map(\.month) && x.map(\.share) == y.map(\.share)
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .months: h.combine(0)
        case .days: h.combine(1)
        case .table(let rows): for r in rows { h.combine(r.month); h.combine(r.share) }
        }
    }
}

public struct GroupSpec: Sendable {
    public var name: String
    public var label: String?
    public var targets: [String: Target]
    public var location: SourceLocation

    public struct Target: Sendable, Hashable {
        public var value: Fixed
        public var location: SourceLocation
        /// Where the target's item is named (its key).
        public var keyLocation: SourceLocation?
    }
}

public struct TotalSpec: Sendable {
    public var bonusCap: Fixed?
    public var deductionCap: Fixed?
    /// The full mark; checked against each group's points. Caps nothing.
    public var max: Fixed
}

public struct GradeRule: Sendable {
    public var grade: String
    public var when: CompiledExpression?
    public var location: SourceLocation
}

public struct RankingSpec: Sendable {
    public enum Scope: String, Sendable { case group, all }
    public enum Ties: String, Sendable { case shared, order }
    public struct Key: Sendable {
        public var expression: CompiledExpression
        public var descending: Bool
    }
    public var within: Scope
    public var by: [Key]
    public var ties: Ties
    public var location: SourceLocation?
}

public struct TeamsSpec: Sendable {
    public enum Score: String, Sendable { case sum, average }
    public var score: Score
    public var location: SourceLocation
}

public struct ConditionRule: Sendable {
    public var name: String
    public var when: CompiledExpression
    public var blocksTitles: Bool
    public var location: SourceLocation
}
