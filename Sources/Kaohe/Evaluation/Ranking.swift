/// Step 3 of §6: ranks within the scope and over all units, by the scheme's keys.
enum Ranking {
    static func rank(_ state: UnitState, _ d: inout Diagnostics) {
        let units = state.ledger.units
        let keys = state.scheme.ranking.by
        var keyValues: [[Value]] = Array(repeating: [], count: units.count)
        for u in units.indices {
            let env = UnitEnvironment(state: state, unit: u)
            var row: [Value] = []
            for k in keys {
                do { row.append(try Evaluator.evaluate(k.expression.expression, in: env)) } catch {
                    d.error("ranking key \(k.expression) for \(units[u].name): \(error.message)", at: k.expression.location)
                    row.append(.none)
                }
            }
            keyValues[u] = row
        }
        /// -1 when a ranks before b, 0 when tied, 1 after.
        func order(_ a: Int, _ b: Int) -> Int {
            if state.vetoed[a] != state.vetoed[b] { return state.vetoed[a] ? 1 : -1 }
            for (k, key) in keys.enumerated() {
                let x = keyValues[a][k], y = keyValues[b][k]
                if x.isNone != y.isNone { return x.isNone ? 1 : -1 }
                guard let c = Value.compare(x, y), c != 0 else { continue }
                return (c > 0) == key.descending ? -1 : 1
            }
            return 0
        }
        let ties = state.scheme.ranking.ties
        func ranks(_ members: [Int]) -> [Int: Int] {
            let sorted = members.sorted { a, b in
                let o = order(a, b)
                return o != 0 ? o < 0 : units[a].name < units[b].name
            }
            var out: [Int: Int] = [:]
            for (pos, u) in sorted.enumerated() {
                if ties == .shared, pos > 0, order(sorted[pos - 1], u) == 0 {
                    out[u] = out[sorted[pos - 1]]
                } else {
                    out[u] = pos + 1
                }
            }
            return out
        }
        let all = ranks(Array(units.indices))
        var done = Set<Int>()
        for u in units.indices where !done.contains(u) {
            let scope = state.scopeOf[u]
            let r = ranks(scope)
            for v in scope {
                state.rank[v] = r[v] ?? 0
                state.rankPct[v] = (try? Fixed(state.rank[v]).divided(by: Fixed(scope.count))) ?? .zero
                done.insert(v)
            }
        }
        for u in units.indices { state.rankAll[u] = all[u] ?? 0 }
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
