/// `deposits:` — 风险抵押金 and how each is settled (SPEC §6 step 6).
public struct DepositsSpec: Sendable {
    public var dataset: String
    public var amountColumn: String
    public var nameColumn: String
    public var roleColumn: String
    public var basis: CompiledExpression?
    public var settle: [SettleRow]
    public var deduct: DeductRule?
    public var location: SourceLocation

    public struct SettleRow: Sendable {
        public var when: CompiledExpression?
        public var refund: CompiledExpression
        public var reward: CompiledExpression?
        public var location: SourceLocation
    }

    /// Periodic deductions: each quarter (or month) where `when` holds costs `amount`.
    public struct DeductRule: Sendable {
        public enum Every: String, Sendable { case quarter, month }
        public var every: Every
        public var when: CompiledExpression
        public var amount: CompiledExpression
        public var location: SourceLocation
    }
}

/// One reward (奖励) of `rewards:` (SPEC §6 step 7).
public struct RewardSpec: Sendable {
    public enum Amount: Sendable {
        case expression(CompiledExpression)
        case aggregate(Aggregate)
        case byRank([Int: Fixed])
    }
    public var name: String
    public var amount: Amount
    public var max: Fixed?
    public var when: CompiledExpression?
    public var location: SourceLocation
}
