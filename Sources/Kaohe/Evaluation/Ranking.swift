/// Step 3 of §6: ranks within the scope and over all units, by the scheme's keys.
enum Ranking {
    /// One ranking key's value for every unit: numbers apart (compared as integers), the rest
    /// as values.
    struct Column {
        var numbers: [Fixed]
        var values: [Value]
        /// Whether a unit's value is none (it ranks after every unit that has one).
        var none: [Bool]
        /// Whether every value is a number or none (else `values` are compared).
        var numeric: Bool
        let descending: Bool
    }

    static func rank(_ state: UnitState, _ d: inout Diagnostics) {
        let units = state.ledger.units
        let n = units.count
        // Each key once per unit, by its expression compiled (``ResolvedNames``).
        let columns: [Column] = state.scheme.ranking.by.map { k in
            if let c = direct(k.expression.expression.root, state, descending: k.descending) { return c }
            let names = ResolvedNames(k.expression, state)
            var c = Column(numbers: Array(repeating: .zero, count: n), values: Array(repeating: .none, count: n),
                           none: Array(repeating: false, count: n), numeric: true, descending: k.descending)
            for u in 0..<n {
                var v = Value.none
                do throws(EvaluationError) { v = try names.evaluate(ResolvedEnvironment(state, u, names)) } catch {
                    d.error("ranking key \(k.expression) for \(units[u].name): \(error.message)", at: k.expression.location)
                }
                switch v {
                case .number(let x): c.numbers[u] = x
                case .none: c.none[u] = true
                default: c.numeric = false
                }
                c.values[u] = v
            }
            return c
        }
        let vetoed = state.vetoed
        // Every key a number (or none): the keys flattened unit by unit, a descending one negated,
        // so that comparing two units reads one array through a pointer.
        let k = columns.count
        let numeric = columns.allSatisfy(\.numeric)
        var flat = [Fixed](repeating: .zero, count: numeric ? n * k : 0)
        var noneFlat = [Bool](repeating: false, count: numeric ? n * k : 0)
        if numeric {
            for (c, column) in columns.enumerated() {
                for u in 0..<n {
                    flat[u * k + c] = column.descending ? -column.numbers[u] : column.numbers[u]
                    noneFlat[u * k + c] = column.none[u]
                }
            }
        }
        /// -1 when a ranks before b, 0 when tied, 1 after (every key a number or none).
        func numericOrder(_ a: Int, _ b: Int, _ keys: UnsafeBufferPointer<Fixed>, _ none: UnsafeBufferPointer<Bool>,
                          _ vetoed: UnsafeBufferPointer<Bool>) -> Int {
            if vetoed[a] != vetoed[b] { return vetoed[a] ? 1 : -1 }
            var i = a * k, j = b * k
            for _ in 0..<k {
                if none[i] != none[j] { return none[i] ? 1 : -1 }
                if !none[i] {
                    let x = keys[i], y = keys[j]
                    if x != y { return x < y ? -1 : 1 }
                }
                i += 1
                j += 1
            }
            return 0
        }
        /// -1 when a ranks before b, 0 when tied, 1 after.
        func order(_ a: Int, _ b: Int) -> Int {
            if vetoed[a] != vetoed[b] { return vetoed[a] ? 1 : -1 }
            for c in columns {
                if c.none[a] != c.none[b] { return c.none[a] ? 1 : -1 }
                if c.none[a] { continue }
                let r: Int
                if c.numeric {
                    let x = c.numbers[a], y = c.numbers[b]
                    if x == y { continue }
                    r = x < y ? -1 : 1
                } else {
                    guard let o = Value.compare(c.values[a], c.values[b]), o != 0 else { continue }
                    r = o
                }
                return (r > 0) == c.descending ? -1 : 1
            }
            return 0
        }
        let nameOrder = state.nameOrder
        let ties = state.scheme.ranking.ties
        /// Each member's rank (by position in `members`), written with `write`; the members sorted.
        func ranks(_ members: [Int], _ write: (Int, Int) -> Void) -> [Int] {
            flat.withUnsafeBufferPointer { keys in
                noneFlat.withUnsafeBufferPointer { none in
                    vetoed.withUnsafeBufferPointer { vetoed in
                        let compare: (Int, Int) -> Int = numeric ? { numericOrder($0, $1, keys, none, vetoed) } : order
                        var sorted = members
                        if let nameOrder {
                            nameOrder.withUnsafeBufferPointer { names in
                                sorted.sort { a, b in
                                    let o = compare(a, b)
                                    return o != 0 ? o < 0 : names[a] < names[b]
                                }
                            }
                        } else {
                            sorted.sort { a, b in
                                let o = compare(a, b)
                                return o != 0 ? o < 0 : units[a].name < units[b].name
                            }
                        }
                        var previous = 0
                        for (pos, u) in sorted.enumerated() {
                            let r = ties == .shared && pos > 0 && compare(sorted[pos - 1], u) == 0 ? previous : pos + 1
                            write(u, r)
                            previous = r
                        }
                        return sorted
                    }
                }
            }
        }
        state.sortedAll = ranks(Array(0..<n)) { u, r in state.rankAll[u] = r }
        // Each scope once (the units of a scope share its key).
        var members: [Int: [Int]] = [:]
        var scopes: [Int] = []
        for u in 0..<n {
            let key = state.scopeKey[u]
            if members[key] == nil { scopes.append(key) }
            members[key, default: []].append(u)
        }
        for key in scopes {
            guard let first = members[key]?.first else { continue }
            let scope = state.scopeOf[first]
            let size = Fixed(scope.count)
            state.sortedScopes[key] = ranks(scope) { u, r in
                state.rank[u] = r
                state.rankPct[u] = (try? Fixed(r).divided(by: size)) ?? .zero
            }
        }
    }

    /// A key that is a unit's total, or an item's value, target, rate or score, read straight
    /// from the state's arrays (as ``UnitEnvironment`` reads them: none where the item does not
    /// apply); nil for any other expression, or an item value that is not a number.
    static func direct(_ e: Expr, _ state: UnitState, descending: Bool) -> Column? {
        let n = state.total.count
        var numbers = [Fixed](repeating: .zero, count: n), none = [Bool](repeating: false, count: n)
        func fill(_ applies: [Bool], _ xs: [Fixed?]) {
            for u in 0..<n {
                if applies[u], let x = xs[u] { numbers[u] = x } else { none[u] = true }
            }
        }
        switch e.kind {
        case .name("total") where state.itemIndex["total"] == nil:
            numbers = state.total
        case .name(let name):
            guard let i = state.itemIndex[name] else { return nil }
            let applies = state.applies[i], values = state.values[i]
            for u in 0..<n {
                switch applies[u] ? values[u] : .none {
                case .number(let x): numbers[u] = x
                case .none: none[u] = true
                default: return nil
                }
            }
        case .member(let base, let field):
            guard let b = base.nameValue, b != "unit", let i = state.itemIndex[b] else { return nil }
            switch field {
            case "target": fill(state.applies[i], state.targets[i])
            case "rate": fill(state.applies[i], state.rates[i])
            case "score": fill(state.applies[i], state.scores[i])
            default: return nil
            }
        default:
            return nil
        }
        // A numeric column is compared by `numbers` only.
        return Column(numbers: numbers, values: [], none: none, numeric: true, descending: descending)
    }
}

/// Step 5 of §6: the units sharing a team, scored by the sum or average of their totals.
enum Teams {
    static func score(_ state: UnitState) -> [TeamResult] {
        guard let spec = state.scheme.teams else { return [] }
        var members: [String: [Int]] = [:]
        var order: [String] = []
        for (i, u) in state.ledger.units.enumerated() {
            guard let t = u.team, !t.isEmpty else { continue }
            if members[t] == nil { order.append(t) }
            members[t, default: []].append(i)
        }
        var teams: [TeamResult] = order.map { t in
            let idx = members[t] ?? []
            let sum = idx.reduce(Fixed.zero) { $0 + state.total[$1] }
            var score = sum
            if spec.score == .average, !idx.isEmpty {
                score = ((try? sum.divided(by: Fixed(idx.count))) ?? sum).rounded(places: state.scheme.info.round)
            }
            return TeamResult(team: t, units: idx.map { state.ledger.units[$0].name }, score: score, rank: 0)
        }
        teams.sort { $0.score != $1.score ? $0.score > $1.score : $0.team < $1.team }
        for i in teams.indices {
            teams[i].rank = i > 0 && teams[i].score == teams[i - 1].score ? teams[i - 1].rank : i + 1
        }
        return teams
    }
}
