import Synchronization

/// Scores the points of a sweep (or any variant that changes only unit-level keys) from one
/// scored base, without building an ``Assessment`` per point.
///
/// The base scheme is scored once, up to its grades. Each point starts from a copy of that
/// state (its arrays shared until written), scores again only the items the variant changed
/// and the items that read them, then works out totals, ranks, grades, rewards, penalties
/// and titles for every unit: what a ``SweepPoint`` keeps. Deposits and teams are not part
/// of a sweep point and are not settled.
///
/// ``plan(_:_:)`` says which items a variant must score again, or nil when the variant
/// changes something a scored state cannot answer for (the data, the units, the groups'
/// membership, the ranking scope, items added or removed, an aggregate's records); such a
/// variant is scored from scratch by the caller. Points are independent: ``point(_:rescoring:values:gradeOrder:)``
/// may run on several threads at once (the base state is only read).
public final class SweepKernel: @unchecked Sendable {
    let engine: Engine
    let aggregates: Engine.Aggregates
    let asOf: Day?
    let document: DocNode
    /// The base, scored through grades; read by every point, never written after `init`.
    let state: UnitState
    let adjustments: [String: [Int: [AdjustmentRow]]]
    /// Each unit's place among the unit names sorted (ties in the ranking order by name).
    let nameOrder: [Int]
    /// The base's rewards, penalties and titles, rule by rule.
    let outcomes: SweepOutcomes
    /// The names of the base's rules, resolved (``ResolvedNames``): a point whose rules and
    /// grades are the base's uses them as they are. They read the state they are given, and
    /// only its layout (every point's) ahead.
    let ruleNames: Outcomes.Names
    let baseGradeNames: [String]
    /// The unit names, shared by every point.
    let names: [String]
    /// The ranking scopes in display order (``AssessmentBuilder/groupScopes(_:)``): the same
    /// for every point, whose layout is the base's.
    let groupScopes: [Int]?
    /// The base's diagnostics (warnings) of each item, kept by the items a variant does not score again.
    let itemDiagnostics: [Int: Diagnostics]

    /// What a variant asks of a point: the items to score again, and whether the rules of
    /// rewards, penalties or titles changed (then every unit's are evaluated again).
    public struct Plan: Sendable {
        public var rescoring: Set<Int>
        public var rulesChanged: Bool
        /// The rules changed, as `rewards.NAME`, `penalties.NAME`, `titles.NAME`; every rule
        /// when `everyRule` (a whole section or a table changed).
        public var changedRules: Set<String> = []
        public var everyRule = false
        /// The items of `rescoring` of which only scoring keys changed (`points`, `score`,
        /// `cap`, `floor`): their values, targets and rates are the base's.
        public var valuesKept: Set<Int> = []
        /// Whether the deposits settle exactly as the base's (the variant changes nothing they
        /// read): a what-if then settles them once for both.
        public var depositsKept = false
        /// The paths at which the variant differs from the base (``DocMerge/differencePaths(_:_:path:)``).
        public var paths: [[String]] = []
    }

    /// The base's aggregates' signatures, and the items its deductions read.
    let baseSignatures: [String: Engine.Signature]
    let baseDeductItems: Set<String>
    /// Each item's YAML as compact text (``DocMerge/text(_:)``), in the scheme's order: what
    /// ``plan(_:_:)`` searches for mentions of a changed item.
    let baseItemTexts: [String]
    /// Each item's targets from the targets file by unit, made once for every point.
    let unitTargets: [String: [Fixed?]]
    /// Where the points' columns are kept (see ``ColumnArena``).
    let arena = ColumnArena()
    /// The base's deposits, settled once for it and for the variants that keep them.
    let sharedDeposits = SharedDeposits()
    /// Plans by the paths their variants change (see ``plan(_:_:)``).
    private let plans = Mutex<[[[String]]: Plan?]>([:])

    /// The sums of the items a plan does not score again, by the items it does (every point
    /// of a sweep has the same plan).
    private let partials = Mutex<[[Int]: Engine.PartialTotals?]>([:])

    /// The overall order of the point ranked last (on any core): the next point's ranking
    /// starts from it (``UnitState/rankHint``). Neighbouring values of a sweep order the units
    /// almost alike, so the sort has little to do; the order found does not depend on it.
    private let lastOrder = Mutex<[Int]>([])

    func partial(_ rescoring: Set<Int>) -> Engine.PartialTotals? {
        let key = rescoring.sorted()
        if let p = partials.withLock({ $0[key] }) { return p }
        var d = Diagnostics()
        var p = engine.partialTotals(state, excluding: rescoring, &d)
        if d.hasErrors { p = nil }
        partials.withLock { $0[key] = p }
        return p
    }

    /// Scores `engine`'s scheme (whose YAML tree is `document`) up to its grades, from
    /// `aggregates`; nil with the diagnostics when it has errors.
    public static func make(engine: Engine, document: DocNode, aggregates: Engine.Aggregates,
                            asOf: Day?) -> Result<SweepKernel, Diagnostics> {
        let state = UnitState(scheme: engine.scheme, ledger: engine.ledger, asOf: engine.effectiveAsOf(asOf),
                              progress: engine.progress(at: asOf))
        let units = engine.ledger.units
        var nameOrder = Array(repeating: 0, count: units.count)
        for (place, u) in units.indices.sorted(by: { units[$0].name < units[$1].name }).enumerated() { nameOrder[u] = place }
        state.nameOrder = nameOrder
        let adjustments = engine.adjustmentsByItem()
        var d = Diagnostics()
        var itemDiagnostics: [Int: Diagnostics] = [:]
        engine.rank(state, aggregates, asOf: asOf, rescoring: nil, adjustments: adjustments,
                    scored: { itemDiagnostics[$0] = $1 }, &d)
        if d.hasErrors { return .failure(d) }
        return .success(SweepKernel(engine: engine, aggregates: aggregates, asOf: asOf, document: document,
                                    state: state, adjustments: adjustments, nameOrder: nameOrder, itemDiagnostics: itemDiagnostics))
    }

    init(engine: Engine, aggregates: Engine.Aggregates, asOf: Day?, document: DocNode, state: UnitState,
         adjustments: [String: [Int: [AdjustmentRow]]], nameOrder: [Int], itemDiagnostics: [Int: Diagnostics]) {
        self.engine = engine
        self.aggregates = aggregates
        self.asOf = asOf
        self.document = document
        self.state = state
        self.adjustments = adjustments
        self.nameOrder = nameOrder
        self.itemDiagnostics = itemDiagnostics
        ruleNames = Outcomes.Names(state, aggregates)
        baseGradeNames = engine.scheme.grades.map(\.grade)
        outcomes = SweepOutcomes(state, ruleNames)
        names = engine.ledger.units.map(\.name)
        groupScopes = AssessmentBuilder.groupScopes(state)
        baseSignatures = Engine.signatures(engine.scheme)
        let ledger = engine.ledger
        unitTargets = Engine.unitTargets(of: engine.scheme.items.map(\.name), ledger)
        baseDeductItems = Engine.deductItems(engine.scheme)
        let sectionKey: [Item.Section: String] = [.indicator: "indicators", .bonus: "bonuses", .deduction: "deductions", .veto: "vetoes"]
        baseItemTexts = engine.scheme.items.map { item in
            DocMerge.node(document, at: [sectionKey[item.section] ?? "", item.name]).map(DocMerge.text) ?? ""
        }
    }

    /// The indices of the items `variant` (compiled from `variantDocument`) must score again,
    /// or nil when it changes more than unit-level keys.
    ///
    /// An item is scored again when its own keys or a group's target for it changed, or when
    /// it mentions an item that is scored again (its value or score formula may read it);
    /// every item when `scheme.round` or a table changed. Grades, ranking keys, totals' caps,
    /// rewards, penalties and titles are worked out again for every point anyway.
    public func plan(_ variantDocument: DocNode, _ variant: Scheme) -> Plan? {
        let scheme = engine.scheme
        guard variant.items.map(\.name) == scheme.items.map(\.name),
              variant.items.map(\.section) == scheme.items.map(\.section),
              variant.ranking.within == scheme.ranking.within,
              variant.groups.map(\.name) == scheme.groups.map(\.name),
              // The deductions' per-quarter sums are of the items `deduct:` reads, through
              // derived values and formulas: made for the base's.
              Engine.deductItems(variant) == baseDeductItems
        else { return nil }
        let paths = DocMerge.differencePaths(document, variantDocument)
        // The aggregates compared only when a change could reach one (their records, filters,
        // sums, the data's computed columns, a table they may name).
        if !paths.allSatisfy(Self.outsideAggregates), Engine.signatures(variant) != baseSignatures { return nil }
        // The plan depends on the changed paths alone (it reads no changed value: see below),
        // so it is the same for every variant changing these paths (a sweep's points): made once.
        if let hit = plans.withLock({ $0[paths] }) { return hit }
        var made = plan(paths, variant)
        made?.paths = paths
        plans.withLock { $0[paths] = made }
        return made
    }

    /// The plan for a variant whose differences from the base are at `paths`.
    private func plan(_ paths: [[String]], _ variant: Scheme) -> Plan? {
        var changed = Set<String>()
        // The items with a change to a key other than how they are scored.
        var valuesChanged = Set<String>()
        var everything = false
        var rulesChanged = false
        var changedRules = Set<String>(), everyRule = false
        for path in paths {
            guard let top = path.first else { return nil }
            switch top {
            case "indicators", "bonuses", "deductions", "vetoes":
                guard path.count >= 2 else { return nil }
                // Which units an item applies to is the state's, made once for the base.
                if path.count >= 3 && path[2] == "groups" { return nil }
                changed.insert(path[1])
                if top == "vetoes" || path.count < 3 || !Self.scoringKeys.contains(path[2]) { valuesChanged.insert(path[1]) }
            case "groups":
                // Only a group's targets; its items (which units an item applies to) need a new state.
                guard path.count >= 4, path[2] == "targets" else { return nil }
                changed.insert(path[3])
                valuesChanged.insert(path[3])
            case "deposits":
                // The deductions are worked out period by period from the periods' own
                // aggregates, made for the base's `deduct:`: a new one is scored afresh.
                if path.count >= 2 && path[1] == "deduct" { return nil }
            case "grades", "ranking", "total", "teams":
                continue
            case "rewards", "penalties", "titles":
                rulesChanged = true
                if path.count >= 2 { changedRules.insert(top + "." + path[1]) } else { everyRule = true }
            case "tables":
                everything = true
                rulesChanged = true
                everyRule = true
            case "scheme":
                guard path.count >= 2 else { return nil }
                switch path[1] {
                case "round": everything = true
                case "name", "money": continue
                default: return nil
                }
            default:
                return nil
            }
        }
        if everything {
            return Plan(rescoring: Set(variant.items.indices), rulesChanged: rulesChanged, changedRules: changedRules, everyRule: everyRule)
        }
        // The items that mention a changed one, until none is added (over-approximate: a name
        // inside another only scores one item more).
        // Only the texts of items no path reaches are read, and those are the base's (a path
        // under an item's key names the item; the others leave items' nodes as they are).
        let texts = baseItemTexts
        var grew = true
        while grew {
            grew = false
            for (i, item) in variant.items.enumerated() where !changed.contains(item.name) {
                if changed.contains(where: { texts[i].contains($0) }) {
                    changed.insert(item.name)
                    valuesChanged.insert(item.name)
                    grew = true
                }
            }
        }
        // (An item's value cannot read its own points or score: the checker rejects the cycle.)
        let rescoring = Set(variant.items.indices.filter { changed.contains(variant.items[$0].name) })
        let valuesKept = rescoring.filter { !valuesChanged.contains(variant.items[$0].name) }
        let depositsKept = !paths.contains { ["deposits", "tables", "scheme"].contains($0.first ?? "") }
            && Self.depositsUnchanged(variant, rescored: Set(rescoring.map { variant.items[$0].name }),
                                      valuesKept: Set(valuesKept.map { variant.items[$0].name }),
                                      vetoRescored: rescoring.contains { variant.items[$0].section == .veto })
        return Plan(rescoring: rescoring, rulesChanged: rulesChanged, changedRules: changedRules, everyRule: everyRule,
                    valuesKept: valuesKept, depositsKept: depositsKept)
    }

    /// The names a unit's totals, ranks, grades and outcomes go by: they change at any point.
    static let pointNames: Set<String> = ["total", "base", "bonus", "deduction", "rank", "rank_all", "rank_pct", "grade",
                                          "vetoed", "vetoes", "titles", "penalties", "rewards"]

    /// Whether `variant`'s deposits (same rules as the base's) settle as the base's: no veto is
    /// scored again (a vetoed unit's deposit is forfeited), the deductions' items are not scored
    /// again, and the basis, settle rows and deductions read neither a unit's totals, ranks or
    /// outcomes nor an item scored again, except the value, target or rate of one whose values
    /// are kept.
    static func depositsUnchanged(_ variant: Scheme, rescored: Set<String>, valuesKept: Set<String>, vetoRescored: Bool) -> Bool {
        guard let spec = variant.deposits else { return true }
        if vetoRescored || !Engine.deductItems(variant).isDisjoint(with: rescored) { return false }
        func reads(_ e: Expr) -> Bool {
            switch e.kind {
            case .literal: return false
            case .name(let n): return pointNames.contains(n) || (rescored.contains(n) && !valuesKept.contains(n))
            case .member(let b, let field):
                if let n = b.nameValue, rescored.contains(n) {
                    return !(valuesKept.contains(n) && ["value", "target", "rate"].contains(field))
                }
                return reads(b)
            case .list(let xs): return xs.contains(where: reads)
            case .call(_, let args): return args.contains(where: reads)
            case .index(let a, let b), .binary(_, let a, let b), .range(let a, let b): return reads(a) || reads(b)
            case .unary(_, let a): return reads(a)
            }
        }
        let expressions = [spec.basis, spec.deduct?.when, spec.deduct?.amount].compactMap { $0 }
            + spec.settle.flatMap { [$0.when, $0.refund, $0.reward].compactMap { $0 } }
        return !expressions.contains { reads($0.expression.root) }
    }

    /// Whether a change at `path` leaves every aggregate as it is: a key of how items are
    /// scored, of grades, ranking, totals, teams, deposits, penalties and titles, a group's
    /// targets, a reward's unit-level keys, the scheme's rounding, name or money unit.
    static func outsideAggregates(_ path: [String]) -> Bool {
        guard let top = path.first else { return false }
        let key = path.count >= 3 ? path[2] : nil
        switch top {
        case "grades", "ranking", "total", "teams", "deposits", "penalties", "titles", "groups":
            return true
        case "indicators", "bonuses", "deductions", "vetoes":
            return key.map { scoringKeys.contains($0) || ["target", "value", "when", "effect", "groups"].contains($0) } ?? false
        case "rewards":
            return key.map { ["amount", "max", "when", "by_rank"].contains($0) } ?? false
        case "scheme":
            return path.count >= 2 && ["round", "name", "money"].contains(path[1])
        default:
            return false
        }
    }

    /// The keys of an item that change only how its value is scored (and `label`, `note`).
    static let scoringKeys: Set<String> = ["points", "score", "cap", "floor", "label", "note"]

    /// The whole assessment of the base (`variant` nil) or of a variant scored from the base
    /// as `plan` says: deposits, teams and explanations' inputs included, exactly what
    /// ``Engine/score(_:asOf:)`` gives for it.
    public func assessment(_ variant: Scheme? = nil, plan: Plan? = nil) -> Result<Assessment, Diagnostics> {
        let scheme = variant ?? engine.scheme
        let rescoring: Set<Int> = variant == nil ? [] : plan?.rescoring ?? Set(scheme.items.indices)
        let s = UnitState(copying: state, scheme: scheme, rescored: rescoring, valuesKept: plan?.valuesKept ?? [])
        var engine = Engine(scheme: scheme, ledger: self.engine.ledger)
        engine.unitTargets = unitTargets
        var d = Diagnostics()
        if variant == nil {
            // Ranked already: only the items' diagnostics.
            d = baseItemDiagnostics()
        } else {
            engine.rank(s, aggregates, asOf: asOf, rescoring: rescoring, adjustments: adjustments, kept: itemDiagnostics,
                        valuesKept: plan?.valuesKept ?? [], partial: partial(rescoring), &d)
            if d.hasErrors { return .failure(d) }
        }
        let shared = variant == nil || plan?.depositsKept == true ? sharedDeposits : nil
        return engine.finish(s, aggregates, adjustments: adjustments, deposits: shared, &d)
    }

    /// The diagnostics the base's deposits, rewards, penalties and titles give, without making
    /// its assessment: a sweep, which shows none of it, fails on the errors scoring the base
    /// would give. (The deposits settled here serve a later ``assessment(_:plan:)``.)
    ///
    /// The base's rewards, penalties and titles were evaluated for every unit already
    /// (``outcomes``), by the same forms as the assessment's: only when that gave an error are
    /// they evaluated again as the assessment does, for its errors in its order.
    public func baseDiagnostics() -> Diagnostics {
        let s = UnitState(copying: state, scheme: engine.scheme, rescored: [], valuesKept: [])
        var engine = Engine(scheme: engine.scheme, ledger: self.engine.ledger)
        engine.unitTargets = unitTargets
        var d = baseItemDiagnostics()
        d.append(contentsOf: engine.finishDiagnostics(s, aggregates, adjustments: adjustments, deposits: sharedDeposits,
                                                      outcomes: !outcomes.usable))
        return d
    }

    /// The diagnostics (warnings) of the base's items, in evaluation order, as scoring it reports them.
    private func baseItemDiagnostics() -> Diagnostics {
        var d = Diagnostics()
        for name in engine.scheme.evaluationOrder {
            if let i = state.itemIndex[name], let k = itemDiagnostics[i] { d.append(contentsOf: k) }
        }
        return d
    }

    /// The unit names in the base's ranking order: the order of its assessment's units.
    public var baseOrder: [String] {
        AssessmentBuilder.order(state, nameOrder: nameOrder).map { names[$0] }
    }

    /// One point: `variant` scored from the base as `plan` says.
    ///
    /// `compact`: its columns made small and kept in the sweep's arena, for a sweep that keeps
    /// every point; false for one whose points are compared with their neighbours and let go
    /// (``SweepSummary``): the columns are then the state's arrays, held as they are.
    public func point(_ variant: Scheme, plan: Plan, values: [String], gradeOrder: [String],
                      compact: Bool = true) -> Result<SweepPoint, Diagnostics> {
        let rescoring = plan.rescoring
        let s = UnitState(copying: state, scheme: variant, rescored: rescoring, valuesKept: plan.valuesKept)
        s.rankHint = lastOrder.withLock { $0 }
        var engine = Engine(scheme: variant, ledger: self.engine.ledger)
        engine.unitTargets = unitTargets
        var d = Diagnostics()
        engine.rank(s, aggregates, asOf: asOf, rescoring: rescoring, adjustments: adjustments, kept: itemDiagnostics,
                    valuesKept: plan.valuesKept, partial: partial(rescoring), &d)
        if d.hasErrors { return .failure(d) }
        s.rankHint = []
        let ranked = s.sortedAll
        if ranked.count == s.ledger.units.count { lastOrder.withLock { $0 = ranked } }
        let units = engine.ledger.units
        // What differs from the base, unit by unit: the rules that read none of it keep the base's result.
        let rescored = rescoring.sorted()
        let pointsChanged = rescored.contains { variant.items[$0].points != self.engine.scheme.items[$0].points }
        // The fields that changed for some unit, then each unit's marks of those a rule reads.
        let changing = SweepOutcomes.changing(s, state, rescored, pointsChanged: pointsChanged)
        let reads = SweepOutcomes.Reads(s, rescored: rescoring, changing: changing)
        let changed = SweepOutcomes.changed(s, state, rescored, pointsChanged: pointsChanged, marking: reads.perUnit)
        let all = plan.rulesChanged || !outcomes.usable
        // (A grade test reads a grade's place among the scheme's grades.)
        let ruleNames = plan.rulesChanged || variant.grades.map(\.grade) != baseGradeNames ? Outcomes.Names(s, aggregates) : self.ruleNames
        var rewards: [Fixed]
        // Titles as the set of title rules granted (the same lists at every point, so that
        // points compare them by index): up to 8 titles, the set's bits; else numbered in
        // the order units first have them.
        let titleNames = variant.titles.map(\.name)
        var titlesOf: [Int32]
        var titleLists: [[String]] = titleNames.count <= 8
            ? (0..<(1 << titleNames.count)).map { mask in titleNames.indices.filter { mask & (1 << $0) != 0 }.map { titleNames[$0] } }
            : [[]]
        // The rules a variant changed, each in the base's place, are evaluated for every unit;
        // the others keep the base's results where nothing they read changed. Rules added,
        // removed, renamed or moved, or a penalty that blocks titles changed: every rule.
        let baseScheme = self.engine.scheme
        var fresh = SweepOutcomes.FreshRules()
        var everyRule = all
        if plan.rulesChanged && !plan.everyRule && outcomes.usable
            && variant.rewards.map(\.name) == baseScheme.rewards.map(\.name)
            && variant.penalties.map(\.name) == baseScheme.penalties.map(\.name)
            && variant.titles.map(\.name) == baseScheme.titles.map(\.name)
            && variant.penalties.map(\.blocksTitles) == baseScheme.penalties.map(\.blocksTitles) {
            fresh.rewards = Set(variant.rewards.indices.filter { plan.changedRules.contains("rewards." + variant.rewards[$0].name) })
            fresh.penalties = Set(variant.penalties.indices.filter { plan.changedRules.contains("penalties." + variant.penalties[$0].name) })
            fresh.titles = Set(variant.titles.indices.filter { plan.changedRules.contains("titles." + variant.titles[$0].name) })
            // A title reads whether a penalty that blocks titles holds.
            if fresh.penalties.contains(where: { variant.penalties[$0].blocksTitles }) { fresh.titles = Set(variant.titles.indices) }
            everyRule = false
        }
        if let o = outcomes.allUnits(s, ruleNames, reads, changed: changed, changing: changing, all: everyRule, fresh: fresh) {
            rewards = o.rewards
            titlesOf = o.titles.map { Int32($0) }
        } else {
            rewards = Array(repeating: Fixed.zero, count: units.count)
            titlesOf = Array(repeating: Int32(0), count: units.count)
            var listIndex: [[Int32]: Int32] = [[]: 0]
            var granted: [Int32] = []
            for u in units.indices {
                granted.removeAll(keepingCapacity: true)
                rewards[u] = outcomes.unit(u, s, ruleNames, reads, changed: changed[u], all: all, titles: &granted, &d)
                if titleNames.count <= 8 {
                    titlesOf[u] = granted.reduce(0) { $0 | (1 << $1) }
                } else if let k = listIndex[granted] {
                    titlesOf[u] = k
                } else {
                    let k = Int32(titleLists.count)
                    listIndex[granted] = k
                    titleLists.append(granted.map { titleNames[Int($0)] })
                    titlesOf[u] = k
                }
            }
        }
        if d.hasErrors { return .failure(d) }
        let order = AssessmentBuilder.order(s, nameOrder: nameOrder, scopes: groupScopes)
        // Grades by their place in the scheme.
        let gradeNames = variant.grades.map(\.grade)
        var counts = Array(repeating: 0, count: gradeNames.count)
        let gradeOf: [Int16]
        if Set(gradeNames).count == gradeNames.count {
            // The state's own grade numbers (each grade's place).
            gradeOf = s.gradeIndex
            for k in gradeOf where k >= 0 { counts[Int(k)] += 1 }
        } else {
            var gradeIndex: [String: Int16] = [:]
            for (k, g) in gradeNames.enumerated() where gradeIndex[g] == nil { gradeIndex[g] = Int16(k) }
            gradeOf = s.ledger.units.indices.map { u -> Int16 in
                guard let g = s.gradeName(u), let k = gradeIndex[g] else { return -1 }
                counts[Int(k)] += 1
                return k
            }
        }
        let byName = Dictionary(gradeNames.enumerated().map { ($1, counts[$0]) }, uniquingKeysWith: { a, _ in a })
        let rewardTotal = rewards.reduce(.zero) { $0 + $1 }
        if !compact {
            return .success(SweepPoint(values: values, grades: gradeOrder.map { ($0, byName[$0] ?? 0) },
                                       rewardTotal: rewardTotal, names: names,
                                       order: CompactInts(uncompacted: order), totals: FixedColumn(uncompacted: s.total),
                                       ranks: CompactInts(uncompacted: s.rank), ranksAll: CompactInts(uncompacted: s.rankAll),
                                       gradeOf: GradePlaces(uncompacted: gradeOf), gradeNames: gradeNames,
                                       titlesOf: CompactInts(uncompacted: titlesOf),
                                       titleLists: titleLists, rewards: FixedColumn(uncompacted: rewards)))
        }
        return .success(SweepPoint(values: values, grades: gradeOrder.map { ($0, byName[$0] ?? 0) },
                                   rewardTotal: rewardTotal, names: names,
                                   order: CompactInts(order, arena: arena), totals: FixedColumn(s.total, arena: arena),
                                   ranks: CompactInts(s.rank, arena: arena), ranksAll: CompactInts(s.rankAll, arena: arena),
                                   gradeOf: GradePlaces(gradeOf, arena: arena), gradeNames: gradeNames,
                                   titlesOf: CompactInts(titlesOf, arena: arena),
                                   titleLists: titleLists, rewards: FixedColumn(rewards, arena: arena)))
    }
}
