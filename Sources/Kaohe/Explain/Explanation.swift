/// Every number of one unit's sheet, with how it came about (SPEC §8 `explain`).
///
/// Produced by the engine itself while it evaluates (a ``Tracer`` rides along), so the
/// explanation cannot disagree with the scores: it reads the very values the engine stored.
public struct UnitExplanation: Sendable {
    public var unit: String
    public var group: String?
    public var team: String?
    public var items: [ItemExplanation] = []
    /// base, bonus, deduction, total (each a step with its formula).
    public var totals: [Step] = []
    public var vetoes: [Step] = []
    public var rank: Step?
    public var grade: Step?
    /// Points missing to the next grade ("距 优秀（90 分）还差 1.63 分").
    public var nextGrade: String?
    public var deposits: [Step] = []
    public var rewards: [Step] = []
    public var penalties: [Step] = []
    public var titles: [Step] = []

    public func item(_ name: String) -> ItemExplanation? { items.first { $0.name == name } }
}

/// One number and how it was obtained.
public struct Step: Sendable {
    /// A machine key: `total`, `省外到位资金.score`, `deposits.张三.refund`, `rewards.引资奖励`.
    public var key: String
    /// The word users read: 总分, 得分, 退还 …
    public var label: String
    public var value: Value
    /// The formula with the numbers put in: `得分 = 40 × min(64.00%, 120%) = 25.60`.
    public var formula: String?
    /// The rule's position in the scheme.
    public var rule: SourceLocation?
    /// Further lines: why a reward is 0, what blocked a title, which units are tied.
    public var notes: [String] = []
    public var children: [Step] = []

    public init(key: String, label: String, value: Value, formula: String? = nil, rule: SourceLocation? = nil,
                notes: [String] = [], children: [Step] = []) {
        self.key = key
        self.label = label
        self.value = value
        self.formula = formula
        self.rule = rule
        self.notes = notes
        self.children = children
    }
}

/// One item of a unit's sheet, explained.
public struct ItemExplanation: Sendable {
    public var name: String
    public var section: Item.Section
    public var rule: SourceLocation
    public var value: Step
    /// For aggregates: the records counted for this unit.
    public var counted: [RecordLine] = []
    /// Records of this unit that a `where` left out, each with the condition that was false.
    public var leftOut: [RecordLine] = []
    /// Records left out because they are dated after `--as-of`.
    public var afterAsOf: [RecordLine] = []
    public var target: Step?
    public var rate: Step?
    public var score: Step?
    public var adjustments: [AdjustmentResult] = []
    /// What it would take to score more: "再到位 1.2亿 可得满分 40 分".
    public var toTake: [String] = []
}

/// A ledger record as an explanation cites it.
public struct RecordLine: Sendable, Hashable {
    public var key: String
    public var file: String
    public var line: Int
    /// The summed value (nil for count).
    public var amount: Value?
    /// This unit's share when the record credits several units.
    public var share: Fixed?
    /// Why it was left out: `资金来源 == '省内'，要求 资金来源 in ['省外', '境外']`.
    public var reason: String?

    public var location: SourceLocation { SourceLocation(file: file, line: line) }
}
