/// Turns the finished unit state into the ``Assessment`` renderers read, in ranking order.
enum AssessmentBuilder {
    static func build(_ state: UnitState, teams: [TeamResult], outcomes: Outcomes.Result, warnings: [Diagnostic]) -> Assessment {
        let scheme = state.scheme
        let units = state.ledger.units
        // What each unit's items repeat, taken out of the items once (not a copy of each item
        // per unit), with names of each piece's own (``Swift/String/unshared``).
        typealias Head = (section: Item.Section, name: String, points: Fixed?)
        func heads() -> [Head] { scheme.items.map { (section: $0.section, name: $0.name.unshared, points: $0.points) } }
        /// The state's columns, taken out once per piece: read through the state at every unit
        /// and item, each inner array was retained and released, by both cores at once.
        struct Columns {
            let applies: [[Bool]], values: [[Value]], targets: [[Fixed?]], rates: [[Fixed?]], scores: [[Fixed?]]
            let adjustments: [[[AdjustmentResult]]]
        }
        func columns() -> Columns {
            Columns(applies: state.applies, values: state.values, targets: state.targets, rates: state.rates,
                    scores: state.scores, adjustments: state.adjustments)
        }
        /// The sheets of units `lo..<hi`, given to `emit` in unit order. Their items are made
        /// item by item over the block of units (each item's arrays read front to back): made
        /// unit by unit, each unit read a hundred arrays at a scattered place each, too many
        /// streams for the cache's prefetcher, and a province's build waited on memory.
        func results(_ lo: Int, _ hi: Int, _ heads: [Head], _ c: Columns, _ emit: (Int, UnitResult) -> Void) {
            var itemsOf = [[ItemResult]](repeating: [], count: hi - lo)
            for k in itemsOf.indices { itemsOf[k].reserveCapacity(heads.count) }
            for i in heads.indices {
                let applies = c.applies[i], values = c.values[i], targets = c.targets[i], rates = c.rates[i]
                let scores = c.scores[i], adjustments = c.adjustments[i]
                let head = heads[i]
                for u in lo..<hi where applies[u] {
                    itemsOf[u - lo].append(ItemResult(section: head.section, name: head.name, value: values[u],
                                                      target: targets[u], rate: rates[u], points: head.points,
                                                      score: scores[u], adjustments: adjustments[u]))
                }
            }
            for u in lo..<hi {
                emit(u, UnitResult(unit: units[u].name, group: units[u].group, team: units[u].team, items: itemsOf[u - lo],
                                   base: state.base[u], bonus: state.bonus[u], deduction: state.deduction[u],
                                   total: state.total[u], rank: state.rank[u], rankAll: state.rankAll[u],
                                   rankPct: state.rankPct(u), grade: state.gradeName(u), vetoed: state.vetoed[u],
                                   vetoes: state.vetoes[u], deposits: outcomes.deposits[u], rewards: outcomes.rewards[u],
                                   penalties: outcomes.penalties[u], titles: outcomes.titles[u]))
            }
        }
        /// Units in blocks of this many (a block's item arrays stay in the cache).
        let block = 64
        // Units are independent: in halves on two cores when there are many. Each sheet is
        // made in unit order, so that the state's arrays (one per item and field, a hundred of
        // them) are read front to back, not at the ranking's scattered places, and put straight
        // into its place in the ranking order (not made, then copied there).
        let order = AssessmentBuilder.order(state)
        let n = units.count
        let pieces = n >= 2_000 ? 2 : 1
        let shared = UncheckedSendable(results)
        var placeOf = [Int](repeating: -1, count: n)
        var isPermutation = order.count == n
        for (p, u) in order.enumerated() where isPermutation {
            guard u >= 0, u < n, placeOf[u] < 0 else { isPermutation = false; continue }
            placeOf[u] = p
        }
        let sheets: [UnitResult]
        if isPermutation {
            let places = placeOf
            sheets = [UnitResult](unsafeUninitializedCapacity: n) { buffer, count in
                guard let base = buffer.baseAddress else { count = 0; return }
                let out = UncheckedSendable(base)
                _ = parallelMap(pieces) { k -> Int in
                    let heads = heads(), c = columns()
                    let hi = n * (k + 1) / pieces
                    for lo in stride(from: n * k / pieces, to: hi, by: block) {
                        shared.value(lo, min(lo + block, hi), heads, c) { u, sheet in (out.value + places[u]).initialize(to: sheet) }
                    }
                    return 0
                }
                count = n
            }
        } else {
            sheets = parallelCollect(order.count, pieces: pieces) { places, emit in
                let heads = heads(), c = columns()
                for p in places { shared.value(order[p], order[p] + 1, heads, c) { _, sheet in emit(sheet) } }
            }
        }
        return Assessment(scheme: scheme.info.name, year: scheme.info.year, asOf: state.asOf, progress: state.progress,
                          fingerprint: state.ledger.fingerprint, money: scheme.info.money, round: scheme.info.round,
                          units: sheets, teams: teams,
                          items: scheme.items.map { ($0.name, $0.section, $0.points) }, warnings: warnings)
    }

    /// The units in ranking order: by group in the scheme's order when ranking is within
    /// groups, then by rank, then by name (`nameOrder`: each unit's place among the names
    /// sorted, when worked out already).
    /// `scopes`: ``groupScopes(_:)`` of the state's layout, made once for many states that
    /// share it (a sweep's points).
    static func order(_ state: UnitState, nameOrder: [Int]? = nil, scopes: [Int]? = nil) -> [Int] {
        if let scopes, let out = concatenated(state, scopes) { return out }
        let scheme = state.scheme
        let units = state.ledger.units
        let groupOrder = Dictionary(scheme.groups.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let within = scheme.ranking.within == .group
        // Sort keys computed once (a group's position, not its name, in the comparisons).
        let orderOfGroup = state.groupNames.map { groupOrder[$0] ?? Int.max }
        let noGroup = groupOrder[""] ?? Int.max
        let groupIndex = units.indices.map { u in
            let g = state.unitGroup[u]
            return g >= 0 ? orderOfGroup[g] : noGroup
        }
        // What the ranking sorted, when every unit's group is one of the scheme's (then the
        // groups in the scheme's order, each in ranking order, is this order).
        if !within, state.sortedAll.count == units.count { return state.sortedAll }
        if within, let scopes = groupScopes(state, groupIndex: groupIndex), let out = concatenated(state, scopes) { return out }
        let rank = state.rank, rankAll = state.rankAll
        let nameOrder = nameOrder ?? state.nameOrder
        return units.indices.sorted { a, b in
            if within {
                if groupIndex[a] != groupIndex[b] { return groupIndex[a] < groupIndex[b] }
                if rank[a] != rank[b] { return rank[a] < rank[b] }
            } else if rankAll[a] != rankAll[b] {
                return rankAll[a] < rankAll[b]
            }
            if let nameOrder { return nameOrder[a] < nameOrder[b] }
            return units[a].name < units[b].name
        }
    }

    /// When ranking is within groups and every unit's group is one of the scheme's: the
    /// ranking scopes of the groups in the scheme's order (each group's first unit's scope),
    /// whose ranked units, one after the other, are the order. It depends only on the
    /// state's layout (groups and scopes), not on its scores.
    static func groupScopes(_ state: UnitState) -> [Int]? {
        guard state.scheme.ranking.within == .group else { return nil }
        let groupOrder = Dictionary(state.scheme.groups.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let orderOfGroup = state.groupNames.map { groupOrder[$0] ?? Int.max }
        let noGroup = groupOrder[""] ?? Int.max
        let groupIndex = state.ledger.units.indices.map { u in
            let g = state.unitGroup[u]
            return g >= 0 ? orderOfGroup[g] : noGroup
        }
        return groupScopes(state, groupIndex: groupIndex)
    }

    private static func groupScopes(_ state: UnitState, groupIndex: [Int]) -> [Int]? {
        guard groupIndex.allSatisfy({ $0 != Int.max }) else { return nil }
        // Each group's first unit (groups are numbered by their place in the scheme).
        var firstOfGroup = [Int](repeating: -1, count: state.scheme.groups.count)
        for u in groupIndex.indices where firstOfGroup[groupIndex[u]] < 0 { firstOfGroup[groupIndex[u]] = u }
        return firstOfGroup.filter { $0 >= 0 }.map { state.scopeKey[$0] }
    }

    /// The ranked units of `scopes`, one scope after the other, when they are every unit
    /// (nil when the state has not ranked them so, or some unit is in none).
    private static func concatenated(_ state: UnitState, _ scopes: [Int]) -> [Int]? {
        let n = state.ledger.units.count
        guard !state.sortedScopes.isEmpty else { return nil }
        var out: [Int] = []
        out.reserveCapacity(n)
        for s in scopes {
            guard let members = state.sortedScopes[s] else { return nil }
            out += members
        }
        return out.count == n ? out : nil
    }
}
