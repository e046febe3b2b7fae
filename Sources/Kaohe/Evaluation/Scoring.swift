/// The score forms of SPEC §5, for one item and one unit.
enum Scoring {
    static func score(_ form: ScoreRule, item: Item, itemIndex i: Int, unit u: Int, _ state: UnitState,
                      _ d: inout Diagnostics) throws(EvaluationError) -> Fixed {
        let points = item.points ?? .zero
        let value = state.values[i][u]
        let rate = state.rates[i][u]
        let unitName = state.ledger.units[u].name

        /// The number a form reads; nil (and a warning) when there is none.
        func basis(_ on: ScoreBasis) -> Fixed? {
            switch on {
            case .rate:
                if rate == nil { d.warning("\(item.name) for \(unitName): no completion rate (the target is 0 or missing); scored 0", at: item.location) }
                return rate
            case .value:
                switch value {
                case .number(let n): return n
                case .bool(let b): return b ? Fixed(1) : .zero
                default: return nil
                }
            }
        }
        func arith(_ f: () throws(ArithmeticError) -> Fixed) throws(EvaluationError) -> Fixed {
            do { return try f() } catch { throw EvaluationError("\(error)") }
        }

        switch form {
        case .proportional:
            guard let r = basis(.rate) else { return .zero }
            if let floor = item.floor, r < floor { return .zero }
            let capped = min(r, item.cap ?? Fixed(1))
            return try arith { () throws(ArithmeticError) in try points.multiplied(by: capped) }
        case .steps(let rows, let on):
            guard let x = basis(on) else { return .zero }
            var best: (Fixed, Fixed)?
            for row in rows where row.threshold <= x {
                if best == nil || row.threshold > best?.0 ?? row.threshold { best = (row.threshold, row.score) }
            }
            return best?.1 ?? .zero
        case .linear(let x0, let y0, let x1, let y1, let on):
            guard let x = basis(on) else { return .zero }
            let lo = min(x0, x1), hi = max(x0, x1)
            let xc = min(max(x, lo), hi)
            return try arith { () throws(ArithmeticError) in
                try y0.adding(try (try xc.subtracting(x0)).multiplied(by: try (try y1.subtracting(y0)).divided(by: try x1.subtracting(x0))))
            }
        case .each(let e, let m, let on):
            guard let x = basis(on) else { return .zero }
            let s = try arith { () throws(ArithmeticError) in try e.multiplied(by: x) }
            return m.map { min(s, $0) } ?? s
        case .byRank(let table, let otherwise):
            let scope = state.scopeOf[u].filter { state.applies[i][$0] }
            guard !value.isNone else { return otherwise }
            var rank = 1
            for v in scope where v != u {
                if let c = Value.compare(state.values[i][v], value), c > 0 { rank += 1 }
            }
            return table[rank] ?? otherwise
        case .relative(let lo, let hi, let on):
            let scope = state.scopeOf[u].filter { state.applies[i][$0] }
            func x(_ v: Int) -> Fixed? {
                switch on {
                case .rate: return state.rates[i][v]
                case .value: return state.values[i][v].number ?? state.values[i][v].bool.map { $0 ? Fixed(1) : .zero }
                }
            }
            guard let mine = x(u) else { return .zero }
            let xs = scope.compactMap(x)
            guard let mn = xs.min(), let mx = xs.max() else { return .zero }
            if mn == mx { return try arith { () throws(ArithmeticError) in try points.multiplied(by: hi) } }
            return try arith { () throws(ArithmeticError) in
                let t = try (try mine.subtracting(mn)).divided(by: try mx.subtracting(mn))
                return try points.multiplied(by: try lo.adding(try (try hi.subtracting(lo)).multiplied(by: t)))
            }
        case .formula(let f):
            var env = UnitEnvironment(state: state, unit: u)
            env.extra = ["value": value, "target": state.targets[i][u].map { .number($0) } ?? .none,
                         "rate": rate.map { .number($0) } ?? .none, "points": item.points.map { .number($0) } ?? .none]
            let v = try Evaluator.evaluate(f.expression, in: env)
            switch v {
            case .number(let n): return n
            case .none: return .zero
            default: throw EvaluationError("the score formula gave \(v.literal), not a number")
            }
        case .rated:
            return .zero
        }
    }
}
