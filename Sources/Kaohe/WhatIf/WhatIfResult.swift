/// Before and after a variant of the rules, unit by unit, with why each unit moved (SPEC §8).
public struct WhatIfResult: Sendable {
    public var changes: [VariantChange]
    public var before: Assessment
    public var after: Assessment
    /// Every unit, in the after ranking order.
    public var units: [UnitDiff]

    /// Units whose total, rank or any outcome changed.
    public var changed: [UnitDiff] { units.filter(\.isChanged) }
    public var rankChanges: Int { units.filter { $0.before.rank != $0.after.rank || $0.before.rankAll != $0.after.rankAll }.count }
    public var gradeChanges: Int { units.filter { $0.before.grade != $0.after.grade }.count }
    public var rewardChanges: Int { units.filter { $0.rewardTotal.before != $0.rewardTotal.after }.count }
    public var rewardMoney: (before: Fixed, after: Fixed) {
        (units.reduce(.zero) { $0 + $1.rewardTotal.before }, units.reduce(.zero) { $0 + $1.rewardTotal.after })
    }
}

/// One edit of the rules: a path of the merged YAML and its text before and after.
public struct VariantChange: Sendable {
    public var path: String
    public var before: String?
    public var after: String?
    public init(path: String, before: String?, after: String?) {
        self.path = path
        self.before = before
        self.after = after
    }
}

/// One unit before and after.
public struct UnitDiff: Sendable {
    public var unit: String
    public var before: UnitResult
    public var after: UnitResult
    /// Items whose score changed, largest change first.
    public var why: [ItemChange]
    /// Outcomes that changed, in words: `等次 良好 → 优秀`, `奖励 引资奖励 16.8万 → 20万` …
    public var outcomes: [OutcomeChange]

    public struct ItemChange: Sendable {
        public var item: String
        public var before: Fixed?
        public var after: Fixed?
        public var delta: Fixed { (after ?? .zero) - (before ?? .zero) }
        public init(item: String, before: Fixed?, after: Fixed?) { self.item = item; self.before = before; self.after = after }
    }

    public struct OutcomeChange: Sendable, Hashable {
        /// `grade`, `rank`, `deposits.张三.refund`, `rewards.引资奖励`, `penalties`, `titles`
        public var key: String
        public var before: String
        public var after: String
        public init(key: String, before: String, after: String) { self.key = key; self.before = before; self.after = after }
    }

    public var rewardTotal: (before: Fixed, after: Fixed) {
        (before.rewards.reduce(.zero) { $0 + $1.amount }, after.rewards.reduce(.zero) { $0 + $1.amount })
    }

    public var isChanged: Bool {
        before.total != after.total || before.rank != after.rank || before.rankAll != after.rankAll
            || !outcomes.isEmpty || !why.isEmpty
    }
}

extension WhatIfResult {
    /// Compares two assessments of the same units.
    public static func compare(_ before: Assessment, _ after: Assessment, changes: [VariantChange]) -> WhatIfResult {
        var diffs: [UnitDiff] = []
        var byName: [String: UnitResult] = [:]
        for b in before.units { byName[b.unit] = b }
        for a in after.units {
            guard let b = byName[a.unit] else { continue }
            var why: [UnitDiff.ItemChange] = []
            var names = b.items.map(\.name)
            for i in a.items where !names.contains(i.name) { names.append(i.name) }
            for name in names {
                let x = b.item(name)?.score, y = a.item(name)?.score
                if x != y { why.append(UnitDiff.ItemChange(item: name, before: x, after: y)) }
            }
            why.sort { l, r in
                let dl = l.delta.magnitude, dr = r.delta.magnitude
                return dl != dr ? dl > dr : names.firstIndex(of: l.item) ?? 0 < names.firstIndex(of: r.item) ?? 0
            }
            diffs.append(UnitDiff(unit: a.unit, before: b, after: a, why: why, outcomes: outcomes(b, a)))
        }
        return WhatIfResult(changes: changes, before: before, after: after, units: diffs)
    }

    static func outcomes(_ b: UnitResult, _ a: UnitResult) -> [UnitDiff.OutcomeChange] {
        var out: [UnitDiff.OutcomeChange] = []
        func add(_ key: String, _ x: String, _ y: String) { if x != y { out.append(.init(key: key, before: x, after: y)) } }
        add("grade", b.grade ?? "—", a.grade ?? "—")
        add("vetoed", b.vetoed ? "是" : "否", a.vetoed ? "是" : "否")
        var people = b.deposits.map(\.name)
        for d in a.deposits where !people.contains(d.name) { people.append(d.name) }
        for p in people {
            let x = b.deposits.first { $0.name == p }, y = a.deposits.first { $0.name == p }
            add("deposits.\(p).refund", x?.refund.description ?? "0", y?.refund.description ?? "0")
            add("deposits.\(p).reward", x?.reward.description ?? "0", y?.reward.description ?? "0")
            add("deposits.\(p).forfeit", x?.forfeit.description ?? "0", y?.forfeit.description ?? "0")
        }
        var rewards = b.rewards.map(\.name)
        for r in a.rewards where !rewards.contains(r.name) { rewards.append(r.name) }
        for r in rewards {
            add("rewards.\(r)", b.rewards.first { $0.name == r }?.amount.description ?? "0",
                a.rewards.first { $0.name == r }?.amount.description ?? "0")
        }
        add("penalties", b.penalties.joined(separator: "、"), a.penalties.joined(separator: "、"))
        add("titles", b.titles.joined(separator: "、"), a.titles.joined(separator: "、"))
        return out
    }
}
