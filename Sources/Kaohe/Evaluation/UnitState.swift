import Synchronization

/// Everything known so far about every unit, filled in item by item, then totals, ranks,
/// grades and outcomes. Shared by the unit environments of one evaluation.
final class UnitState {
    let scheme: Scheme
    let ledger: Ledger
    let asOf: Day
    let progress: Fixed
    let itemIndex: [String: Int]
    /// [item][unit]
    var values: [[Value]]
    var targets: [[Fixed?]]
    var rates: [[Fixed?]]
    var scores: [[Fixed?]]
    var adjustments: [[[AdjustmentResult]]]
    var applies: [[Bool]]
    var base: [Fixed]
    var bonus: [Fixed]
    var deduction: [Fixed]
    var total: [Fixed]
    var vetoed: [Bool]
    var vetoes: [[String]]
    var rank: [Int]
    var rankAll: [Int]
    /// `rank / size of the ranking scope` for each rank of each scope (``scopeKey``), the
    /// scopes' tables laid end to end (scope k's from `percentStart[k]`, one flat array read per
    /// unit without taking hold of an inner one): a unit's `rank_pct` is read from its scope's
    /// table (``rankPct(_:)``), not kept per unit.
    let percentFlat: [Fixed]
    let percentStart: [Int]
    /// How many units rank in each scope (by ``scopeKey``): the layout's, read by every ranking.
    let scopeSizes: [Int]
    /// Each unit's grade as its place in the scheme's grades (-1: none): ``gradeName(_:)``
    /// names it (names are not kept per unit: a sweep sets them at every point).
    var gradeIndex: [Int16]
    /// The units of each unit's ranking scope (its group, or all).
    var scopeOf: [[Int]]
    /// Collects explanations for some units (nil in ordinary runs and in deduct periods).
    var tracer: Tracer?
    /// The language of the explanations' words (the tracer's; Chinese when there is none).
    var lang: Language { tracer?.language ?? .zh }
    /// Which scope each unit ranks in (an index shared by the units of one scope).
    var scopeKey: [Int]
    /// Each unit's group as an index into `groupNames` (-1: no group): CJK names hash slowly.
    var unitGroup: [Int]
    var groupNames: [String]
    /// Each unit's place among the unit names sorted, when worked out (a sweep ranks many
    /// times): ties in a ranking are ordered by name.
    var nameOrder: [Int]?
    /// The units of each ranking scope (by ``scopeKey``), and all units, in ranking order
    /// (rank, then name): what ``Ranking`` sorted, for the assessment's order.
    var sortedScopes: [Int: [Int]] = [:]
    var sortedAll: [Int] = []
    /// An overall order of the units close to the one ranking will find (a sweep's previous
    /// point's), from which the sort starts; empty: the sort starts from ``sortedAll``. Only
    /// the time of the sort depends on it. Not copied with the state.
    var rankHint: [Int] = []
    /// Per item and scope, computed once: the values in descending order (by_rank), the
    /// minimum and maximum (relative); and `max_of(…)` and its siblings per argument.
    var rankCache: [Int: [Int: [Fixed]]] = [:]
    var rangeCache: [Int: [Int: (Fixed, Fixed)?]] = [:]
    /// Behind a lock: outcomes evaluate units on several threads.
    let scopeAggregateCache = Mutex<[String: Value]>([:])
    /// The order of the units by the ranking keys after the first, shared by a sweep's states.
    let tieOrders: TieOrders

    /// `r / size` for every rank `r` of a scope of `size` units (index 0 is 0): worked out once
    /// per state, then shared by its copies (a sweep's points).
    static func percentTable(size: Int) -> [Fixed] {
        let divisor = Fixed(size)
        return (0...size).map { r in (try? Fixed(r).divided(by: divisor)) ?? .zero }
    }

    /// Unit `u`'s `rank_pct`: its rank over the size of its ranking scope (0 before ranking).
    func rankPct(_ u: Int) -> Fixed {
        let k = scopeKey[u], r = rank[u]
        return r >= 0 && r < percentStart[k + 1] - percentStart[k] ? percentFlat[percentStart[k] + r] : .zero
    }

    /// Unit `u`'s grade, if it has one.
    func gradeName(_ u: Int) -> String? {
        let k = Int(gradeIndex[u])
        return k >= 0 && k < scheme.grades.count ? scheme.grades[k].grade : nil
    }

    /// A copy of `state`, scored under `scheme` (a variant with the same items, groups and
    /// ranking scope): every array is shared until written (copy on write), the caches of
    /// the items in `rescored` are dropped, and ranks, grades and totals are left to be
    /// worked out again. What ``SweepKernel`` starts each point from.
    /// `valuesKept`: items of `rescored` whose values, targets and rates are kept (only their
    /// scores and adjustments start afresh).
    init(copying state: UnitState, scheme: Scheme, rescored: Set<Int>, valuesKept: Set<Int> = []) {
        self.scheme = scheme
        ledger = state.ledger
        asOf = state.asOf
        progress = state.progress
        itemIndex = state.itemIndex
        values = state.values
        targets = state.targets
        rates = state.rates
        scores = state.scores
        adjustments = state.adjustments
        applies = state.applies
        base = state.base
        bonus = state.bonus
        deduction = state.deduction
        total = state.total
        vetoed = state.vetoed
        vetoes = state.vetoes
        rank = state.rank
        rankAll = state.rankAll
        percentFlat = state.percentFlat
        percentStart = state.percentStart
        scopeSizes = state.scopeSizes
        gradeIndex = state.gradeIndex
        scopeOf = state.scopeOf
        scopeKey = state.scopeKey
        unitGroup = state.unitGroup
        groupNames = state.groupNames
        nameOrder = state.nameOrder
        sortedScopes = state.sortedScopes
        sortedAll = state.sortedAll
        tieOrders = state.tieOrders
        rankCache = state.rankCache.filter { !rescored.contains($0.key) }
        rangeCache = state.rangeCache.filter { !rescored.contains($0.key) }
        // The rescored items start as in a fresh state: scoring writes only what it finds.
        let n = state.ledger.units.count
        for i in rescored where i >= 0 && i < values.count {
            scores[i] = Array(repeating: nil, count: n)
            // (A column with no adjustments is already as a fresh one: kept, not made again,
            // which for a sweep point was twenty thousand empty lists made and destroyed.)
            if adjustments[i].count != n || !adjustments[i].allSatisfy({ $0.isEmpty }) { adjustments[i] = Array(repeating: [], count: n) }
            if valuesKept.contains(i) { continue }
            values[i] = Array(repeating: .none, count: n)
            targets[i] = scores[i]
            rates[i] = scores[i]
        }
    }

    /// `layout`: a state of the same scheme and ledger whose item index, applicability and
    /// ranking scopes are reused (a deduct period's state shares the year's).
    init(scheme: Scheme, ledger: Ledger, asOf: Day, progress: Fixed, layout: UnitState? = nil) {
        self.scheme = scheme
        self.ledger = ledger
        self.asOf = asOf
        self.progress = progress
        tieOrders = layout?.tieOrders ?? TieOrders()
        let n = ledger.units.count, m = scheme.items.count
        // Every per-unit array starts empty (none, nil, zero, no rank, no grade).
        values = Array(repeating: Array(repeating: .none, count: n), count: m)
        targets = Array(repeating: Array(repeating: nil, count: n), count: m)
        rates = targets
        scores = targets
        adjustments = Array(repeating: Array(repeating: [], count: n), count: m)
        base = Array(repeating: .zero, count: n)
        bonus = base; deduction = base; total = base
        vetoed = Array(repeating: false, count: n)
        vetoes = Array(repeating: [], count: n)
        rank = Array(repeating: 0, count: n)
        rankAll = rank
        gradeIndex = Array(repeating: -1, count: n)
        if let layout {
            itemIndex = layout.itemIndex
            applies = layout.applies
            scopeOf = layout.scopeOf
            scopeKey = layout.scopeKey
            unitGroup = layout.unitGroup
            groupNames = layout.groupNames
            percentFlat = layout.percentFlat
            percentStart = layout.percentStart
            scopeSizes = layout.scopeSizes
            return
        }
        var idx: [String: Int] = [:]
        for (i, item) in scheme.items.enumerated() { idx[item.name] = i }
        itemIndex = idx
        // Each unit's group, by its place among the groups in order of first appearance (-1:
        // none): everything below is then worked out once per group, not once per unit (a
        // province's 20,000 units hashed their Chinese group names four times, and were copied
        // once per item).
        let groups = UnitNamesInOrder(ledger.units) { $0[$1].group }
        let names = groups.names, of = groups.of
        applies = scheme.items.map { item in
            let byGroup = names.map { item.applies(toGroup: $0) || scheme.groups.isEmpty }
            let ungrouped = item.applies(toGroup: nil) || scheme.groups.isEmpty
            return of.map { $0 < 0 ? ungrouped : byGroup[$0] }
        }
        // Ranking scopes: units by group, no group counted as the group "" (keys in name order).
        var keyOf: [String: Int] = [:], keys: [String] = []
        let groupKey = (names + [""]).map { name -> Int in
            if let k = keyOf[name] { return k }
            keyOf[name] = keys.count
            keys.append(name)
            return keys.count - 1
        }
        let unitKey = of.map { groupKey[$0 < 0 ? names.count : $0] }
        var members = [[Int]](repeating: [], count: keys.count)
        for (i, k) in unitKey.enumerated() { members[k].append(i) }
        let all = Array(0..<n)
        let within = scheme.ranking.within == .all
        scopeOf = unitKey.map { within ? all : members[$0] }
        let sortedRank = Dictionary(uniqueKeysWithValues: keys.indices.filter { !members[$0].isEmpty }
            .sorted { keys[$0] < keys[$1] }.enumerated().map { ($1, $0) })
        scopeKey = unitKey.map { within ? 0 : (sortedRank[$0] ?? 0) }
        var sizes = [Int](repeating: 0, count: (scopeKey.max() ?? 0) + 1)
        for k in scopeKey { sizes[k] += 1 }
        let tables = sizes.map(Self.percentTable)
        percentFlat = tables.flatMap { $0 }
        percentStart = tables.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        scopeSizes = sizes
        unitGroup = of
        groupNames = names
    }
}
