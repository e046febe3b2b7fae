/// The result of scoring a scheme on a ledger: every unit's sheet, ranked, and the teams.
///
/// This is what every renderer reads (table, JSON, CSV, Markdown, sheets). Units are in
/// ranking order: by group in the scheme's group order when ranking is within groups.
public struct Assessment: Sendable {
    public var scheme: String
    public var year: Int?
    public var asOf: Day
    public var progress: Fixed
    /// `sha256:…` of the scheme and every data file read (filled in by the loader).
    public var fingerprint: String
    /// The money unit amounts are shown in.
    public var money: MoneyUnit
    /// Places item scores are rounded to.
    public var round: Int
    public var units: [UnitResult]
    public var teams: [TeamResult]
    /// Item names and sections in scheme order (the columns of a score table).
    public var items: [(name: String, section: Item.Section, points: Fixed?)]
    public var warnings: [Diagnostic]
}

/// One unit's sheet.
public struct UnitResult: Sendable {
    public var unit: String
    public var group: String?
    public var team: String?
    public var items: [ItemResult]
    public var base: Fixed
    public var bonus: Fixed
    public var deduction: Fixed
    public var total: Fixed
    public var rank: Int
    public var rankAll: Int
    public var rankPct: Fixed
    public var grade: String?
    public var vetoed: Bool
    /// The names of the veto items that hold.
    public var vetoes: [String]
    public var deposits: [DepositResult]
    public var rewards: [RewardResult]
    public var penalties: [String]
    public var titles: [String]

    public func item(_ name: String) -> ItemResult? { items.first { $0.name == name } }
}

/// One line of a unit's sheet.
///
/// The four optional amounts are kept as amounts with a mark of which are absent, and the value
/// last: a `Fixed?` takes 32 bytes (16 and a tag, aligned to 16), so that an item took 192
/// bytes, and a province's 420,000 items 80 MB of fresh pages; laid out this way, an item
/// takes 128 bytes.
public struct ItemResult: Sendable {
    public var section: Item.Section
    /// Bit k set: amount k (target, rate, points, score) is absent.
    private var absent: UInt8
    public var name: String
    public var adjustments: [AdjustmentResult]
    private var amounts: (Fixed, Fixed, Fixed, Fixed)
    public var value: Value

    public init(section: Item.Section, name: String, value: Value, target: Fixed?, rate: Fixed?, points: Fixed?,
                score: Fixed?, adjustments: [AdjustmentResult]) {
        self.section = section
        self.name = name
        self.value = value
        self.adjustments = adjustments
        absent = (target == nil ? 1 : 0) | (rate == nil ? 2 : 0) | (points == nil ? 4 : 0) | (score == nil ? 8 : 0)
        amounts = (target ?? .zero, rate ?? .zero, points ?? .zero, score ?? .zero)
    }

    public var target: Fixed? {
        get { absent & 1 != 0 ? nil : amounts.0 }
        set { amounts.0 = newValue ?? .zero; absent = newValue == nil ? absent | 1 : absent & ~1 }
    }
    public var rate: Fixed? {
        get { absent & 2 != 0 ? nil : amounts.1 }
        set { amounts.1 = newValue ?? .zero; absent = newValue == nil ? absent | 2 : absent & ~2 }
    }
    public var points: Fixed? {
        get { absent & 4 != 0 ? nil : amounts.2 }
        set { amounts.2 = newValue ?? .zero; absent = newValue == nil ? absent | 4 : absent & ~4 }
    }
    /// nil when the item has no score form (shown, scores nothing).
    public var score: Fixed? {
        get { absent & 8 != 0 ? nil : amounts.3 }
        set { amounts.3 = newValue ?? .zero; absent = newValue == nil ? absent | 8 : absent & ~8 }
    }
}

public struct AdjustmentResult: Sendable, Hashable {
    public var score: Fixed
    public var reason: String
    public var approver: String
}

public struct DepositResult: Sendable {
    public var name: String
    public var role: String
    public var paid: Fixed
    public var deducted: Fixed
    public var deductedIn: [String]
    public var refund: Fixed
    public var reward: Fixed
    public var forfeit: Fixed
}

public struct RewardResult: Sendable {
    public var name: String
    public var amount: Fixed
}

public struct TeamResult: Sendable {
    public var team: String
    public var units: [String]
    public var score: Fixed
    public var rank: Int
}
