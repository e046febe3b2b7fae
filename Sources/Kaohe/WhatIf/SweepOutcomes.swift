/// The rewards, penalties and titles of a sweep point, worked out again only where they can
/// have changed.
///
/// Every rule (a reward, a penalty, a title) reads a few of a unit's fields: its total, rank,
/// grade, an item's value or score. The base's result of each rule for each unit is kept; at
/// a point, a unit's rule is evaluated again only when a field it reads differs from the
/// base's for that unit (``Fields``), and every rule of every unit when the variant changes
/// the rules themselves. A rule with `max_of(…)` (or a sibling) over something that can
/// change is evaluated for every unit. Evaluating the same rule on the same fields gives the
/// same result, so the point's results are those of evaluating everything.
struct SweepOutcomes {
    /// Which of a unit's fields differ from the base's, as bits.
    struct Fields: OptionSet {
        let rawValue: UInt32
        static let total = Fields(rawValue: 1 << 0)
        static let rank = Fields(rawValue: 1 << 1)
        static let rankAll = Fields(rawValue: 1 << 2)
        static let rankPct = Fields(rawValue: 1 << 3)
        static let grade = Fields(rawValue: 1 << 4)
        static let vetoed = Fields(rawValue: 1 << 5)
        static let parts = Fields(rawValue: 1 << 6)
        /// The value of an item scored again.
        static let itemValue = Fields(rawValue: 1 << 7)
        /// The score or points of an item scored again.
        static let itemScore = Fields(rawValue: 1 << 8)
        /// The target or rate of an item scored again (a group's target changed leaves the
        /// values, and what reads only them, as they were).
        static let itemRate = Fields(rawValue: 1 << 9)
        static let all = Fields(rawValue: ~0)
    }

    /// The base's result per rule and unit: a reward's amount (0 when not given), whether a
    /// penalty holds, whether a title is granted.
    var rewards: [[Fixed]]
    /// Each unit's base reward money, all rewards together: a point starts from it and
    /// replaces only the amounts it works out again (amounts are exact, so the sum is the same
    /// in any order).
    var rewardSum: [Fixed]
    /// Whether a reward's `when` held (and the unit was not vetoed): when it did not, and
    /// nothing the `when` reads changed, the reward stays 0 whatever its amount reads.
    var rewardHeld: [[Bool]]
    var penalties: [[Bool]]
    var titles: [[Bool]]
    /// Whether the base's results can be kept (its outcomes had no errors).
    var usable: Bool
    /// The base's amount of each reward whose amount is a fast form with a column form, for
    /// every unit whatever its `when` (``FastColumns/Number``), as money (capped by `max`, to
    /// the cent): a point whose rules are the base's and at which nothing the amount reads
    /// changed for any unit has the same amounts.
    var amountColumns: [(money: [Fixed], valid: [Bool])?]

    /// The base's results, evaluated rule by rule (`names`: its rules' names, resolved).
    init(_ state: UnitState, _ names: Outcomes.Names) {
        let n = state.ledger.units.count
        var d = Diagnostics()
        let rules = Rules(state.scheme)
        let rewards = (0..<rules.rewardCount).map { k in (0..<n).map { u in SweepOutcomes.reward(k, u, state, names, rules, &d) } }
        self.rewards = rewards.map { $0.map(\.amount) }
        var sum = [Fixed](repeating: .zero, count: n)
        for amounts in self.rewards { for u in 0..<n { sum[u] = sum[u] + amounts[u] } }
        rewardSum = sum
        rewardHeld = rewards.map { $0.map(\.held) }
        let penalties = (0..<rules.penaltyCount).map { k in (0..<n).map { u in SweepOutcomes.penalty(k, u, state, names, rules, &d) } }
        self.penalties = penalties
        titles = (0..<rules.titleCount).map { k in
            (0..<n).map { u in SweepOutcomes.title(k, u, state, names, rules, blocked: { penalties[$0][u] }, &d) }
        }
        usable = !d.hasErrors
        amountColumns = (0..<rules.rewardCount).map { k in
            guard case .expression = rules.rewardAmounts[k], let column = names.rewards.amount[k]?.fastNumberColumn else { return nil }
            var values = [Fixed](repeating: .zero, count: n), valid = [Bool](repeating: false, count: n)
            values.withUnsafeMutableBufferPointer { values in valid.withUnsafeMutableBufferPointer { column(state, values, $0, nil) } }
            // As ``allUnits`` makes money of an amount.
            let cap = rules.rewardMax[k]
            for u in 0..<n where valid[u] {
                var x = values[u]
                if let cap, x > cap { x = cap }
                values[u] = Outcomes.cents(max(x, .zero))
            }
            return (values, valid)
        }
    }

    /// Which fields each rule of a point's scheme reads (with `vetoed`, which every rule
    /// reads); a title also reads what the penalties that block titles read.
    struct Reads {
        var rewards: [Fields]
        /// What each reward's `when` reads (with `vetoed`).
        var rewardWhen: [Fields]
        /// What each reward's amount expression reads (`.all` for the other kinds of amount).
        var rewardAmount: [Fields]
        /// A `by_rank` reward's final amount by rank.
        var byRank: [[Int: Fixed]?]
        var penalties: [Fields]
        var titles: [Fields]
        /// The scheme's rules.
        var rules: Rules

        /// The fields any rule asks about unit by unit (its condition, amount, or the
        /// penalties blocking titles): what ``SweepOutcomes/changed(_:_:_:pointsChanged:marking:)``
        /// needs to mark.
        var perUnit: Fields {
            (rewards + rewardWhen + penalties + titles).reduce(into: Fields()) { $0.formUnion($1) }
        }

        /// - Parameters:
        ///   - rescored: the items the point scored again;
        ///   - changing: the fields that differ from the base's for some unit.
        init(_ state: UnitState, rescored: Set<Int>, changing: Fields) {
            let scheme = state.scheme
            rules = Rules(scheme)
            let reads = { (e: CompiledExpression?) in
                e.map { SweepOutcomes.reads($0.expression.root, state, rescored, changing: changing) } ?? []
            }
            rewards = scheme.rewards.map { r in
                var f: Fields = [.vetoed]
                f.formUnion(reads(r.when))
                switch r.amount {
                case .expression(let e): f.formUnion(reads(e))
                case .aggregate: break
                case .byRank: f.insert(.rank)
                }
                return f
            }
            rewardWhen = scheme.rewards.map { reads($0.when).union(.vetoed) }
            rewardAmount = scheme.rewards.map { r in
                if case .expression(let e) = r.amount { return reads(e) }
                return .all
            }
            byRank = scheme.rewards.map { r in
                guard case .byRank(let table) = r.amount else { return nil }
                // The amount of each rank in the table (after `max` and to the cent); others 0.
                return table.mapValues { x in Outcomes.cents(max(r.max.map { min(x, $0) } ?? x, .zero)) }
            }
            penalties = scheme.penalties.map { reads($0.when) }
            var blocking: Fields = []
            for (k, p) in scheme.penalties.enumerated() where p.blocksTitles { blocking.formUnion(penalties[k]) }
            titles = scheme.titles.map { reads($0.when).union(blocking).union(.vetoed) }
        }
    }

    /// The fields an expression reads, as ``ResolvedEnvironment`` looks its names up: an item's
    /// name is its value; `ITEM.score` and `.points` its score, `.target` and `.rate` its rate,
    /// `.value` its value;
    /// `max_of(…)` and its siblings over a field in `changing` read everything.
    static func reads(_ root: Expr, _ state: UnitState, _ rescored: Set<Int>, changing: Fields) -> Fields {
        var f: Fields = []
        root.walk { e in
            switch e.kind {
            case .name(let n):
                if let i = state.itemIndex[n] {
                    if rescored.contains(i) { f.insert(.itemValue) }
                    return
                }
                // A table is the scheme's (a point whose tables change evaluates every rule).
                if state.scheme.tables[n] != nil { return }
                switch n {
                case "total": f.insert(.total)
                case "rank": f.insert(.rank)
                case "rank_all": f.insert(.rankAll)
                case "rank_pct": f.insert(.rankPct)
                case "grade": f.insert(.grade)
                case "vetoed": f.insert(.vetoed)
                case "base", "bonus", "deduction": f.insert(.parts)
                case "unit", "group", "team", "as_of", "progress", "period": break
                default: f = .all
                }
            case .member(let base, let field):
                guard let b = base.nameValue else { return }
                if let i = state.itemIndex[b] {
                    if rescored.contains(i) {
                        switch field {
                        case "score", "points": f.insert(.itemScore)
                        case "target", "rate": f.insert(.itemRate)
                        default: f.insert(.itemValue)
                        }
                    }
                } else if b != "unit" {
                    f = .all
                }
            case .call(let name, let args) where Builtins.scopeFunctions.contains(name):
                // The same for the whole scope: changes when some unit's argument does.
                if args.contains(where: { !reads($0, state, rescored, changing: changing).isDisjoint(with: changing) }) { f = .all }
            default:
                break
            }
        }
        return f
    }

    /// Which fields differ between `state` and `base` for some unit (`rescored`: the items
    /// scored again; `pointsChanged`: some of them have other points): each pair of arrays
    /// read only up to its first difference.
    static func changing(_ state: UnitState, _ base: UnitState, _ rescored: [Int], pointsChanged: Bool) -> Fields {
        struct Found: FieldVisitor {
            var out: Fields
            let n: Int
            mutating func visit<T: Equatable>(_ a: [T], _ b: [T], _ f: Fields) {
                if out.isSuperset(of: f) { return }
                let differ = a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y -> Bool in
                        // The same storage (a column the point kept from the base): nothing changed.
                        if x.baseAddress == y.baseAddress && x.count == y.count { return false }
                        for u in 0..<min(n, x.count, y.count) where x[u] != y[u] { return true }
                        return false
                    }
                }
                if differ { out.formUnion(f) }
            }
        }
        let n = state.total.count
        var v = Found(out: pointsChanged && n > 0 ? .itemScore : [], n: n)
        forEachField(state, base, rescored, pointsChanged: pointsChanged, &v)
        return v.out
    }

    /// Which of each unit's fields differ between `state` and `base`, as ``changing(_:_:_:pointsChanged:)``
    /// finds them, marked only for the fields in `marking` (those some rule reads: no rule
    /// asks about the others).
    static func changed(_ state: UnitState, _ base: UnitState, _ rescored: [Int], pointsChanged: Bool,
                        marking: Fields = .all) -> [Fields] {
        let n = state.total.count
        var out = [Fields](repeating: pointsChanged ? Fields.itemScore.intersection(marking) : [], count: n)
        // Field by field over all units, each array read once (through buffers: written
        // element by element, the captured array was checked for uniqueness at every unit).
        struct Marks: FieldVisitor {
            let out: UnsafeMutableBufferPointer<Fields>
            let marking: Fields
            func visit<T: Equatable>(_ a: [T], _ b: [T], _ f: Fields) {
                let f = f.intersection(marking)
                if f.isEmpty { return }
                a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        // The same storage (a column the point kept from the base): nothing changed.
                        if x.baseAddress == y.baseAddress && x.count == y.count { return }
                        for u in 0..<min(out.count, x.count, y.count) where x[u] != y[u] { out[u].insert(f) }
                    }
                }
            }
        }
        out.withUnsafeMutableBufferPointer { out in
            var v = Marks(out: out, marking: marking)
            forEachField(state, base, rescored, pointsChanged: pointsChanged, &v)
        }
        return out
    }

    /// Calls `visitor` with each field's pair of arrays, of `state` and of `base`, and the
    /// fields a difference there changes.
    private static func forEachField<V: FieldVisitor>(_ state: UnitState, _ base: UnitState, _ rescored: [Int],
                                                      pointsChanged: Bool, _ v: inout V) {
        v.visit(state.total, base.total, .total)
        // (A unit's scope is the same at every point: its rank_pct changes with its rank.)
        v.visit(state.rank, base.rank, [.rank, .rankPct])
        v.visit(state.rankAll, base.rankAll, .rankAll)
        v.visit(state.gradeIndex, base.gradeIndex, .grade)
        v.visit(state.vetoed, base.vetoed, .vetoed)
        v.visit(state.base, base.base, .parts)
        v.visit(state.bonus, base.bonus, .parts)
        v.visit(state.deduction, base.deduction, .parts)
        for i in rescored {
            // (Every unit's score differs already when the points changed.)
            if !pointsChanged { v.visit(state.scores[i], base.scores[i], .itemScore) }
            v.visit(state.values[i], base.values[i], .itemValue)
            v.visit(state.targets[i], base.targets[i], .itemRate)
            v.visit(state.rates[i], base.rates[i], .itemRate)
        }
    }

    /// Unit `u`'s reward money and titles at a point whose state is `state`: each rule kept from
    /// the base unless it reads a field in `changed` (or `all`: the rules themselves changed).
    /// The titles granted are appended to `titles` by their index in the scheme.
    func unit(_ u: Int, _ state: UnitState, _ names: Outcomes.Names, _ reads: Reads, changed: Fields, all: Bool,
              titles granted: inout [Int32], _ d: inout Diagnostics) -> Fixed {
        let rules = reads.rules
        var money = Fixed.zero
        for k in 0..<rules.rewardCount {
            if !all {
                if reads.rewards[k].isDisjoint(with: changed) {
                    money = money + rewards[k][u]
                    continue
                }
                // Its condition still fails: no need to work the amount out.
                if !rewardHeld[k][u] && reads.rewardWhen[k].isDisjoint(with: changed) { continue }
            }
            if let table = reads.byRank[k], !rules.rewardHasWhen[k] {
                if !state.vetoed[u] { money = money + (table[state.rank[u]] ?? .zero) }
                continue
            }
            money = money + SweepOutcomes.reward(k, u, state, names, rules, &d).amount
        }
        guard rules.titleCount > 0 else { return money }
        // The penalties worked out so far and whether each holds (bit p; past 64, in `more`).
        var known: UInt64 = 0, holding: UInt64 = 0
        var more: [Bool?] = rules.penaltyCount > 64 ? Array(repeating: nil, count: rules.penaltyCount) : []
        func penalty(_ p: Int, _ d: inout Diagnostics) -> Bool {
            if p < 64 {
                if known & (1 << p) != 0 { return holding & (1 << p) != 0 }
            } else if let h = more[p] {
                return h
            }
            let keep = !all && reads.penalties[p].isDisjoint(with: changed)
            let h = keep ? penalties[p][u] : SweepOutcomes.penalty(p, u, state, names, rules, &d)
            if p < 64 {
                known |= 1 << p
                if h { holding |= 1 << p }
            } else {
                more[p] = h
            }
            return h
        }
        // Every penalty is evaluated where the full outcomes evaluate it (for its errors).
        for p in 0..<rules.penaltyCount { _ = penalty(p, &d) }
        let holds = { (p: Int) -> Bool in p < 64 ? holding & (1 << p) != 0 : more[p] ?? false }
        for k in 0..<rules.titleCount {
            let keep = !all && reads.titles[k].isDisjoint(with: changed)
            let g = keep ? self.titles[k][u] : SweepOutcomes.title(k, u, state, names, rules, blocked: holds, &d)
            if g { granted.append(Int32(k)) }
        }
        return money
    }

    /// Every unit's reward money and titles at a point, rule by rule: a rule that reads nothing
    /// that changed for any unit (`changing`) is the base's column; the others are evaluated
    /// unit by unit where what they read changed. Title `k` granted is bit `k` of a unit's
    /// `titles` (at most 8 titles, 64 penalties, and as many rules of each kind as the base:
    /// else nil, and the caller goes unit by unit).
    /// The results are ``unit(_:_:_:_:changed:all:titles:_:)``'s; on an error it gives nil
    /// too, so that the caller's unit-by-unit evaluation reports the errors in its order.
    ///
    /// `all`: every rule is evaluated for every unit (the rules changed in ways the base's
    /// results cannot answer for); `fresh`: the rules evaluated for every unit though the
    /// others are the base's (the rules a variant changed, each in the base's place).
    func allUnits(_ state: UnitState, _ names: Outcomes.Names, _ reads: Reads, changed: [Fields], changing: Fields,
                  all: Bool, fresh: FreshRules = FreshRules()) -> (rewards: [Fixed], titles: [UInt8])? {
        let rules = reads.rules
        guard rules.titleCount <= 8, rules.penaltyCount <= 64 else { return nil }
        let n = changed.count
        // (Rules in the base's places only: else unit by unit, every rule evaluated.)
        guard rules.rewardCount == rewards.count, rules.penaltyCount == penalties.count,
              rules.titleCount == titles.count, rewardSum.count == n else { return nil }
        var d = Diagnostics()
        // The base's money, each amount worked out again replacing the base's (subtracted,
        // then the new one added).
        var money = rewardSum
        let vetoed = state.vetoed
        for k in 0..<rules.rewardCount {
            let all = all || fresh.rewards.contains(k)
            let base = rewards[k]
            // (Kept: in the base's money already.)
            if !all && reads.rewards[k].isDisjoint(with: changing) { continue }
            let held = rewardHeld[k]
            let byRank = rules.rewardHasWhen[k] ? nil : reads.byRank[k].map { Self.dense($0, units: n) }
            let whole = reads.rewards[k], when = reads.rewardWhen[k]
            let rank = state.rank
            // The rule read once, not for every unit: its condition and amount when both are
            // fast forms (else, or when a fast amount has no answer, ``reward`` as for one unit).
            let whenNames = rules.rewardHasWhen[k] ? names.rewards.when[k] : nil
            let whenFast = whenNames?.fast
            var amountFast: FastNumber.Fn?
            if case .expression = rules.rewardAmounts[k], whenNames == nil || whenFast != nil {
                amountFast = names.rewards.amount[k]?.fastNumber
            }
            let cap = rules.rewardMax[k]
            // The fast forms answered for every unit at once (``FastColumns``): the same
            // answers, each array read once.
            // (Only when many units need them: else unit by unit, as few as need it.)
            var whenColumn: [Bool] = [], amounts: [Fixed] = [], amountValid: [Bool] = []
            var amountsAreMoney = false
            // (Counted only until there are enough.)
            var needed = 0
            if all { needed = n } else if byRank == nil {
                for u in 0..<n where !whole.isDisjoint(with: changed[u]) && (held[u] || !when.isDisjoint(with: changed[u])) {
                    needed += 1
                    if needed >= n / 8 { break }
                }
            }
            if needed >= n / 8, amountFast != nil, whenFast == nil || whenNames?.fastColumn != nil {
                if let whenAll = whenNames?.fastColumn {
                    whenColumn = [Bool](repeating: false, count: n)
                    whenColumn.withUnsafeMutableBufferPointer { whenAll(state, $0) }
                }
                if !all, reads.rewardAmount[k].isDisjoint(with: changing), let kept = amountColumns[k] {
                    // Nothing the amount reads changed: the base's amounts, as money already.
                    (amounts, amountValid) = kept
                    amountsAreMoney = true
                } else if let amountAll = names.rewards.amount[k]?.fastNumberColumn {
                    // The amounts for every unit at once when many units need one: those whose
                    // rule is evaluated again, are not vetoed and meet the `when`.
                    var wanted = 0
                    for u in 0..<n where !vetoed[u] && (whenColumn.isEmpty || whenColumn[u])
                        && (all || (!whole.isDisjoint(with: changed[u]) && (held[u] || !when.isDisjoint(with: changed[u])))) {
                        wanted += 1
                        if wanted >= n / 8 { break }
                    }
                    if wanted >= n / 8 {
                        // (Only where the `when` holds: the others' amounts are not read.)
                        amounts = [Fixed](repeating: .zero, count: n)
                        amountValid = [Bool](repeating: false, count: n)
                        amounts.withUnsafeMutableBufferPointer { values in
                            amountValid.withUnsafeMutableBufferPointer { valid in
                                if whenColumn.isEmpty {
                                    amountAll(state, values, valid, nil)
                                } else {
                                    whenColumn.withUnsafeBufferPointer { amountAll(state, values, valid, $0) }
                                }
                            }
                        }
                    }
                }
            }
            let amountColumn = !amounts.isEmpty, whenFromColumn = !whenColumn.isEmpty
            // (The closures are read in the loop only where no column answers: bound to a
            // name there, each unit retained and released them.)
            let fastAmount = amountFast != nil
            // Every array read through a buffer opened once, and one loop per form of the rule
            // (a table by rank; a fast amount answered by columns; any other), so that no
            // unit tests what the rule is again.
            changed.withUnsafeBufferPointer { changed in
                base.withUnsafeBufferPointer { base in
                    held.withUnsafeBufferPointer { held in
                        vetoed.withUnsafeBufferPointer { vetoed in
                            money.withUnsafeMutableBufferPointer { money in
                                /// Whether unit `u` keeps the base's amount (or its condition
                                /// still fails: none, as in the base); else the base's amount is
                                /// taken off its money, and false: the rule is worked out for it.
                                @inline(__always) func kept(_ u: Int) -> Bool {
                                    if !all && (whole.isDisjoint(with: changed[u]) || (!held[u] && when.isDisjoint(with: changed[u]))) {
                                        return true
                                    }
                                    money[u] = money[u] - base[u]
                                    return false
                                }
                                /// A fast form's amount as money: as it is when it is money
                                /// already, else capped by `max` and to the cent.
                                @inline(__always) func asMoney(_ amount: Fixed) -> Fixed {
                                    if amountsAreMoney { return amount }
                                    var x = amount
                                    if let cap, x > cap { x = cap }
                                    return Outcomes.cents(max(x, .zero))
                                }
                                if let table = byRank {
                                    // Every unit's amount from its rank, the same answer a kept unit
                                    // had in the base (nothing it reads changed): no unit tests
                                    // whether it is kept (an unpredictable branch), and only a unit
                                    // whose amount differs from the base's has its money changed
                                    // (most have none, before and after).
                                    rank.withUnsafeBufferPointer { rank in
                                        table.withUnsafeBufferPointer { table in
                                            for u in 0..<n {
                                                let r = rank[u]
                                                let x = !vetoed[u] && r >= 0 && r < table.count ? table[r] ?? .zero : .zero
                                                if x != base[u] { money[u] = money[u] - base[u] + x }
                                            }
                                        }
                                    }
                                    return
                                }
                                if fastAmount && amountColumn && (whenFromColumn || whenFast == nil) {
                                    // Every unit's amount from the columns (as for a table by rank:
                                    // a kept unit's is the base's, so none tests whether it is
                                    // kept), its money changed only where the amount differs.
                                    whenColumn.withUnsafeBufferPointer { whenColumn in
                                        amounts.withUnsafeBufferPointer { amounts in
                                            amountValid.withUnsafeBufferPointer { valid in
                                                for u in 0..<n {
                                                    let x: Fixed
                                                    if vetoed[u] || (whenFromColumn && !whenColumn[u]) {
                                                        x = .zero
                                                    } else if !valid[u] {
                                                        // No answer from the fast form: as for one unit.
                                                        x = SweepOutcomes.reward(k, u, state, names, rules, &d).amount
                                                    } else {
                                                        x = asMoney(amounts[u])
                                                    }
                                                    if x != base[u] { money[u] = money[u] - base[u] + x }
                                                }
                                            }
                                        }
                                    }
                                    return
                                }
                                for u in 0..<n where !kept(u) {
                                    if fastAmount {
                                        // The fast forms' answers: from the columns when made, else unit by unit.
                                        if vetoed[u] { continue }
                                        if whenFromColumn {
                                            if !whenColumn[u] { continue }
                                        } else if let whenFast, !whenFast(state, u) {
                                            continue
                                        }
                                        let amount: Fixed?
                                        if amountColumn {
                                            amount = amountValid[u] ? amounts[u] : nil
                                        } else {
                                            amount = amountFast?(state, u)
                                        }
                                        if let x = amount {
                                            money[u] = money[u] + asMoney(x)
                                            continue
                                        }
                                    }
                                    money[u] = money[u] + SweepOutcomes.reward(k, u, state, names, rules, &d).amount
                                }
                            }
                        }
                    }
                }
            }
        }
        var titles = [UInt8](repeating: 0, count: n)
        guard rules.titleCount > 0 else { return d.hasErrors ? nil : (money, titles) }
        // Every penalty, where the full outcomes evaluate it (for its errors).
        var holding: [[Bool]] = []
        for p in 0..<rules.penaltyCount {
            let all = all || fresh.penalties.contains(p)
            if !all && reads.penalties[p].isDisjoint(with: changing) {
                holding.append(penalties[p])
                continue
            }
            var h = penalties[p]
            let reading = reads.penalties[p]
            let fast = names.penalties[p].fast
            let column = Self.answers(names.penalties[p], state, reading, changed, all: all)
            if !column.isEmpty {
                // Answered for every unit: a unit whose reads did not change has the base's
                // answer there as well (so no unit tests whether it changed).
                holding.append(column)
                continue
            }
            h.withUnsafeMutableBufferPointer { h in
                for u in 0..<n where all || !reading.isDisjoint(with: changed[u]) {
                    h[u] = fast.map { $0(state, u) } ?? SweepOutcomes.penalty(p, u, state, names, rules, &d)
                }
            }
            holding.append(h)
        }
        // Whether a penalty that blocks titles holds, unit by unit (read for every title).
        var blocked = [Bool](repeating: false, count: n)
        for p in rules.blocking {
            holding[p].withUnsafeBufferPointer { h in
                blocked.withUnsafeMutableBufferPointer { blocked in
                    for u in 0..<min(n, h.count, blocked.count) { blocked[u] = blocked[u] || h[u] }
                }
            }
        }
        for k in 0..<rules.titleCount {
            let all = all || fresh.titles.contains(k)
            let bit = UInt8(1) << UInt8(k)
            let base = self.titles[k]
            if !all && reads.titles[k].isDisjoint(with: changing) {
                for u in 0..<n where base[u] { titles[u] |= bit }
                continue
            }
            let reading = reads.titles[k]
            let fast = names.titles[k].fast
            let column = Self.answers(names.titles[k], state, reading, changed, all: all)
            if !column.isEmpty {
                // Answered for every unit (see the penalties above).
                titles.withUnsafeMutableBufferPointer { titles in
                    column.withUnsafeBufferPointer { column in
                        vetoed.withUnsafeBufferPointer { vetoed in
                            blocked.withUnsafeBufferPointer { blocked in
                                for u in 0..<min(n, column.count, vetoed.count, blocked.count) {
                                    let granted = column[u] && !vetoed[u] && !blocked[u]
                                    titles[u] |= granted ? bit : 0
                                }
                            }
                        }
                    }
                }
                continue
            }
            titles.withUnsafeMutableBufferPointer { titles in
                for u in 0..<n {
                    let granted: Bool
                    if !all && reading.isDisjoint(with: changed[u]) {
                        granted = base[u]
                    } else if let fast {
                        granted = fast(state, u) && !vetoed[u] && !blocked[u]
                    } else {
                        granted = SweepOutcomes.title(k, u, state, names, rules, blocked: { holding[$0][u] }, &d)
                    }
                    if granted { titles[u] |= bit }
                }
            }
        }
        return d.hasErrors ? nil : (money, titles)
    }

    /// The rules (by their place in the scheme) that a point evaluates for every unit while
    /// keeping the base's results of the others.
    struct FreshRules {
        var rewards: Set<Int> = []
        var penalties: Set<Int> = []
        var titles: Set<Int> = []
    }

    /// A condition's fast form answered for every unit at once (``FastColumns``), when at least
    /// an eighth of the units need it (all, or those where something it reads changed); else
    /// empty, and the caller answers the units that need it one by one.
    static func answers(_ names: ResolvedNames, _ state: UnitState, _ reading: Fields, _ changed: [Fields], all: Bool) -> [Bool] {
        let n = changed.count
        guard let answer = names.fastColumn else { return [] }
        if !all {
            // (Counted only until there are enough.)
            var needing = 0
            for f in changed where !reading.isDisjoint(with: f) {
                needing += 1
                if needing >= n / 8 { break }
            }
            guard needing >= n / 8 else { return [] }
        }
        var column = [Bool](repeating: false, count: n)
        column.withUnsafeMutableBufferPointer { answer(state, $0) }
        return column
    }

    /// A `by_rank` table as an array by rank (nil: no money for that rank), up to the last
    /// rank of `units` units.
    static func dense(_ table: [Int: Fixed], units: Int) -> [Fixed?] {
        let top = min(table.keys.max() ?? 0, units)
        var out = [Fixed?](repeating: nil, count: max(0, top) + 1)
        for (r, x) in table where r >= 0 && r <= top { out[r] = x }
        return out
    }

    /// What the rules of a scheme are, read once per point rather than per unit (reading a
    /// rule out of the scheme copies it).
    struct Rules {
        var rewardCount: Int
        var rewardNames: [String]
        var rewardHasWhen: [Bool]
        var rewardMax: [Fixed?]
        var rewardAmounts: [RewardSpec.Amount]
        var penaltyCount: Int
        var penaltyNames: [String]
        /// The penalties that block titles.
        var blocking: [Int]
        var titleCount: Int
        var titleNames: [String]

        init(_ scheme: Scheme) {
            rewardCount = scheme.rewards.count
            rewardNames = scheme.rewards.map(\.name)
            rewardHasWhen = scheme.rewards.map { $0.when != nil }
            rewardMax = scheme.rewards.map(\.max)
            rewardAmounts = scheme.rewards.map(\.amount)
            penaltyCount = scheme.penalties.count
            penaltyNames = scheme.penalties.map(\.name)
            blocking = scheme.penalties.indices.filter { scheme.penalties[$0].blocksTitles }
            titleCount = scheme.titles.count
            titleNames = scheme.titles.map(\.name)
        }
    }

    // MARK: One rule for one unit

    /// Reward `k`'s amount for unit `u` (0 when vetoed or its `when` does not hold), as
    /// ``Outcomes/rewards(_:_:_:_:)`` works it out; and whether its `when` held.
    static func reward(_ k: Int, _ u: Int, _ state: UnitState, _ names: Outcomes.Names, _ rules: Rules,
                       _ d: inout Diagnostics) -> (amount: Fixed, held: Bool) {
        if state.vetoed[u] { return (.zero, false) }
        if rules.rewardHasWhen[k], let wn = names.rewards.when[k] {
            // (The fast forms first: an environment is costly to make for every unit.)
            let holds = wn.fast.map { $0(state, u) }
                ?? Outcomes.holds(ResolvedEnvironment(state, u, wn), u, state, "reward \(rules.rewardNames[k]) when", &d)
            if !holds { return (.zero, false) }
        }
        var amount: Fixed
        switch rules.rewardAmounts[k] {
        case .expression:
            guard let an = names.rewards.amount[k] else { return (.zero, true) }
            if let fast = an.fastNumber, let x = fast(state, u) {
                amount = x
            } else {
                guard let x = Outcomes.money(ResolvedEnvironment(state, u, an), u, state, "reward \(rules.rewardNames[k])", &d) else { return (.zero, true) }
                amount = x
            }
        case .aggregate:
            amount = names.rewards.aggregated[k]?[u].number ?? .zero
        case .byRank(let table):
            amount = table[state.rank[u]] ?? .zero
        }
        if let m = rules.rewardMax[k], amount > m { amount = m }
        return (Outcomes.cents(max(amount, .zero)), true)
    }

    static func penalty(_ k: Int, _ u: Int, _ state: UnitState, _ names: Outcomes.Names, _ rules: Rules, _ d: inout Diagnostics) -> Bool {
        if let fast = names.penalties[k].fast { return fast(state, u) }
        return Outcomes.holds(ResolvedEnvironment(state, u, names.penalties[k]), u, state, "penalty \(rules.penaltyNames[k])", &d)
    }

    /// Whether title `k` is granted to unit `u`: its condition holds, the unit is not vetoed
    /// and no penalty that blocks titles holds (`blocked`).
    static func title(_ k: Int, _ u: Int, _ state: UnitState, _ names: Outcomes.Names, _ rules: Rules, blocked: (Int) -> Bool,
                      _ d: inout Diagnostics) -> Bool {
        let h = names.titles[k].fast.map { $0(state, u) }
            ?? Outcomes.holds(ResolvedEnvironment(state, u, names.titles[k]), u, state, "title \(rules.titleNames[k])", &d)
        return h && !state.vetoed[u] && !rules.blocking.contains { blocked($0) }
    }
}

/// What ``SweepOutcomes/changing(_:_:_:pointsChanged:)`` and ``SweepOutcomes/changed(_:_:_:pointsChanged:marking:)``
/// do with each field's two columns (a point's and the base's).
protocol FieldVisitor {
    mutating func visit<T: Equatable>(_ a: [T], _ b: [T], _ f: SweepOutcomes.Fields)
}
