/// Before and after a variant of the rules, unit by unit, with why each unit moved (SPEC §8).
public struct WhatIfResult: Sendable {
    public var changes: [VariantChange]
    public var before: Assessment
    public var after: Assessment
    /// Every unit, in the after ranking order.
    public var units: [UnitDiff]

    /// Units whose total, rank or any outcome changed.
    public var changed: [UnitDiff] { units.filter { $0.isChanged } }
    // (Counted, not filtered: a filtered array would copy every unit's diff, 20,000 at a
    // province, only to count them.)
    public var rankChanges: Int { numberOfUnits(where: { $0.before.rank != $0.after.rank || $0.before.rankAll != $0.after.rankAll }) }
    public var gradeChanges: Int { numberOfUnits(where: { $0.before.grade != $0.after.grade }) }
    public var rewardChanges: Int { numberOfUnits(where: { $0.rewardTotal.before != $0.rewardTotal.after }) }

    /// How many units `holds` is true of.
    private func numberOfUnits(where holds: (UnitDiff) -> Bool) -> Int {
        var n = 0
        for u in units where holds(u) { n += 1 }
        return n
    }
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
        var byName: [String: Int] = [:]
        byName.reserveCapacity(before.units.count)
        for (k, b) in before.units.enumerated() { byName[b.unit] = k }
        // Items by number: the before scheme's in its order, then the after scheme's new ones.
        // Matched once here, not by name for every unit (CJK names compare slowly).
        let beforeNames = before.items.map(\.name), afterNames = after.items.map(\.name)
        var extra = beforeNames.count
        let afterID = afterNames.map { n -> Int in
            if let k = beforeNames.firstIndex(of: n) { return k }
            extra += 1
            return extra - 1
        }
        let itemCount = extra
        /// The diffs of `after.units[range]`, each handed to `emit` (a unit the base lacks has none).
        func diffs(_ range: Range<Int>, _ emit: (UnitDiff) -> Void) {
            for a in after.units[range] {
                guard let k = byName[a.unit] else { continue }
                let b = before.units[k]
                let bIDs = ids(b.items, beforeNames, { $0 })
                let aIDs = ids(a.items, afterNames, { afterID[$0] })
                var scores = [(before: Fixed?, after: Fixed?, present: (Bool, Bool))](repeating: (nil, nil, (false, false)), count: itemCount)
                var order: [Int] = []
                order.reserveCapacity(bIDs.count + 2)
                for (i, id) in bIDs.enumerated() where id >= 0 {
                    if !scores[id].present.0 && !scores[id].present.1 { order.append(id) }
                    scores[id].before = b.items[i].score
                    scores[id].present.0 = true
                }
                for (i, id) in aIDs.enumerated() where id >= 0 {
                    if !scores[id].present.0 && !scores[id].present.1 { order.append(id) }
                    scores[id].after = a.items[i].score
                    scores[id].present.1 = true
                }
                var why: [(change: UnitDiff.ItemChange, place: Int)] = []
                for (place, id) in order.enumerated() where scores[id].before != scores[id].after {
                    let name = id < beforeNames.count ? beforeNames[id] : afterNames[afterID.firstIndex(of: id) ?? 0]
                    why.append((UnitDiff.ItemChange(item: name, before: scores[id].before, after: scores[id].after), place))
                }
                why.sort { l, r in
                    let dl = l.change.delta.magnitude, dr = r.change.delta.magnitude
                    return dl != dr ? dl > dr : l.place < r.place
                }
                emit(UnitDiff(unit: a.unit, before: b, after: a, why: why.map(\.change), outcomes: outcomes(b, a)))
            }
        }
        // Units are independent: in pieces on all cores, written in order in place.
        let n = after.units.count
        let diffs = parallelCollect(n, pieces: n >= 2_000 ? 8 : 1, diffs)
        return WhatIfResult(changes: changes, before: before, after: after, units: diffs)
    }

    /// The number of each of a unit's items: its place in `names` (the scheme's items, in whose
    /// order a unit's items come, so the next name usually matches at once), mapped by `id`;
    /// -1 for a name not there.
    static func ids(_ items: [ItemResult], _ names: [String], _ id: (Int) -> Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(items.count)
        var next = 0
        for item in items {
            var k = next
            while k < names.count && names[k] != item.name { k += 1 }
            if k == names.count { k = names.firstIndex(of: item.name) ?? -1 }
            out.append(k >= 0 ? id(k) : -1)
            if k >= 0 { next = k + 1 }
        }
        return out
    }

    static func outcomes(_ b: UnitResult, _ a: UnitResult) -> [UnitDiff.OutcomeChange] {
        var out: [UnitDiff.OutcomeChange] = []
        func add(_ key: @autoclosure () -> String, _ x: String, _ y: String) { if x != y { out.append(.init(key: key(), before: x, after: y)) } }
        /// Amounts compared as numbers; their text (absent is 0) only when they differ.
        func add(_ key: @autoclosure () -> String, _ x: Fixed?, _ y: Fixed?) {
            if (x ?? .zero) != (y ?? .zero) { out.append(.init(key: key(), before: x?.description ?? "0", after: y?.description ?? "0")) }
        }
        if b.grade != a.grade { add("grade", b.grade ?? "—", a.grade ?? "—") }
        if b.vetoed != a.vetoed { add("vetoed", b.vetoed ? "是" : "否", a.vetoed ? "是" : "否") }
        var people = b.deposits.map(\.name)
        for d in a.deposits where !people.contains(d.name) { people.append(d.name) }
        for p in people {
            let x = b.deposits.first { $0.name == p }, y = a.deposits.first { $0.name == p }
            add("deposits.\(p).refund", x?.refund, y?.refund)
            add("deposits.\(p).reward", x?.reward, y?.reward)
            add("deposits.\(p).forfeit", x?.forfeit, y?.forfeit)
        }
        var rewards = b.rewards.map(\.name)
        for r in a.rewards where !rewards.contains(r.name) { rewards.append(r.name) }
        for r in rewards {
            let x = b.rewards.first { $0.name == r }, y = a.rewards.first { $0.name == r }
            add("rewards.\(r)", x?.amount, y?.amount)
        }
        if b.penalties != a.penalties { add("penalties", b.penalties.joined(separator: "、"), a.penalties.joined(separator: "、")) }
        if b.titles != a.titles { add("titles", b.titles.joined(separator: "、"), a.titles.joined(separator: "、")) }
        return out
    }
}
