/// The score forms of SPEC §5, for one item and one unit.
///
/// With `trace`, each form also writes its formula with the numbers put in, the way
/// published score tables print it: `得分 = 40 × min(64.00%, 120%) = 25.60`.
enum Scoring {
    /// `proportional`: `points × min(rate, cap)`, 0 below the `floor`.
    @inline(__always)
    static func proportional(_ rate: Fixed, points: Fixed, cap: Fixed, floor: Fixed?) throws(ArithmeticError) -> Fixed {
        if let floor, rate < floor { return .zero }
        return try points.multiplied(by: min(rate, cap))
    }

    /// The names a score formula may read besides items and the unit's own: bound in this
    /// order for ``formula(_:item:itemIndex:unit:_:)``.
    static let formulaNames = ["value", "target", "rate", "points"]

    /// A score formula's score for unit `u`, untraced, from its names resolved once for every
    /// unit (`names`, bound to ``formulaNames``): what ``score(_:item:itemIndex:unit:_:_:trace:formula:)``
    /// gives for it, without a dictionary of the four names made and hashed at every unit.
    static func formula(_ names: ResolvedNames, item: Item, itemIndex i: Int, unit u: Int, _ state: UnitState) throws(EvaluationError) -> Fixed {
        var env = ResolvedEnvironment(state, u, names)
        env.boundCount = 4
        env.bound = (state.values[i][u], state.targets[i][u].map { .number($0) } ?? .none,
                     state.rates[i][u].map { .number($0) } ?? .none, item.points.map { .number($0) } ?? .none)
        let v = try names.evaluate(env)
        switch v {
        case .number(let n): return n
        case .none: return .zero
        default: throw EvaluationError("the score formula gave \(v.literal), not a number")
        }
    }

    static func score(_ form: ScoreRule, item: Item, itemIndex i: Int, unit u: Int, _ state: UnitState,
                      _ d: inout Diagnostics, trace: Bool = false, formula: inout String?) throws(EvaluationError) -> Fixed {
        let points = item.points ?? .zero
        let value = state.values[i][u]
        let rate = state.rates[i][u]
        var unitName: String { state.ledger.units[u].name }
        let places = state.scheme.info.round
        func pct(_ x: Fixed) -> String { ExplainFormat.percent(x) }
        func num(_ x: Fixed) -> String { ExplainFormat.number(x) }
        func show(_ x: Fixed, _ on: ScoreBasis) -> String { on == .rate ? pct(x) : num(x) }
        func note(_ s: @autoclosure () -> String) { if trace { formula = s() } }
        var lang: Language { state.lang }
        /// "得分 = " ("score = "), the left side of a formula.
        var score: String { lang.pick("得分 = ", "score = ") }
        /// "：得分 = " (": score = "), after a reason.
        var then: String { lang.pick("：得分 = ", ": score = ") }

        /// The number a form reads; nil (and a warning) when there is none.
        func basis(_ on: ScoreBasis) -> Fixed? {
            switch on {
            case .rate:
                if rate == nil {
                    // Why there is none: no target (or 0), or no value to divide.
                    let target = state.targets[i][u]
                    if let target, !target.isZero {
                        d.warning("\(item.name) for \(unitName): no completion rate (the value is empty or not a number); scored 0", at: item.location)
                        note(lang.pick("无完成率（完成值为空或非数值）", "no completion rate (the value is empty or not a number)") + then + "0")
                    } else {
                        d.warning("\(item.name) for \(unitName): no completion rate (the target is 0 or missing); scored 0", at: item.location)
                        note(lang.pick("无完成率（目标为 0 或缺失）", "no completion rate (the target is 0 or missing)") + then + "0")
                    }
                }
                return rate
            case .value:
                switch value {
                case .number(let n): return n
                case .bool(let b): return b ? Fixed(1) : .zero
                default:
                    note(lang.pick("完成值为空", "the value is empty") + then + "0")
                    return nil
                }
            }
        }
        func arith(_ f: () throws(ArithmeticError) -> Fixed) throws(EvaluationError) -> Fixed {
            do { return try f() } catch { throw EvaluationError("\(error)") }
        }

        switch form {
        case .proportional:
            guard let r = basis(.rate) else { return .zero }
            if let floor = item.floor, r < floor {
                note(lang.pick("完成率 \(pct(r)) 低于起评线 \(pct(floor))", "rate \(pct(r)) is below the floor of \(pct(floor))") + then + "0")
                return .zero
            }
            let cap = item.cap ?? Fixed(1)
            let s = try arith { () throws(ArithmeticError) in try proportional(r, points: points, cap: cap, floor: nil) }
            note(score + "\(num(points)) × min(\(pct(r)), \(pct(cap))) = \(s.formatted(places: places))")
            return s
        case .steps(let rows, let on):
            guard let x = basis(on) else { return .zero }
            var best: (Fixed, Fixed)?
            for row in rows where row.threshold <= x {
                if best == nil || row.threshold > best?.0 ?? row.threshold { best = (row.threshold, row.score) }
            }
            if let best {
                note((on == .rate ? lang.pick("完成率", "rate") : lang.pick("完成值", "value")) + " \(show(x, on)) ≥ \(show(best.0, on))" + then + num(best.1))
            } else {
                let lowest = rows.map(\.threshold).min() ?? .zero
                note((on == .rate ? lang.pick("完成率", "rate") : lang.pick("完成值", "value"))
                     + " \(show(x, on)) " + lang.pick("低于最低档", "is below the lowest step") + " \(show(lowest, on))" + then + "0")
            }
            return best?.1 ?? .zero
        case .linear(let x0, let y0, let x1, let y1, let on):
            guard let x = basis(on) else { return .zero }
            let lo = min(x0, x1), hi = max(x0, x1)
            let xc = min(max(x, lo), hi)
            let s = try arith { () throws(ArithmeticError) in
                try y0.adding(try (try xc.subtracting(x0)).multiplied(by: try (try y1.subtracting(y0)).divided(by: try x1.subtracting(x0))))
            }
            // (Written out only when traced: the note is an autoclosure, this was not.)
            var held: String {
                xc != x ? lang.pick("（\(show(x, on)) 按 \(show(xc, on)) 计）", " (\(show(x, on)) counted as \(show(xc, on)))") : ""
            }
            note(score + "\(num(y0)) + (\(show(xc, on)) − \(show(x0, on))) × (\(num(y1)) − \(num(y0))) ÷ (\(show(x1, on)) − \(show(x0, on))) = \(s.formatted(places: places))\(held)")
            return s
        case .each(let e, let m, let on):
            guard let x = basis(on) else { return .zero }
            let s = try arith { () throws(ArithmeticError) in try e.multiplied(by: x) }
            let out = m.map { min(s, $0) } ?? s
            note(m.map { score + "min(\(num(e)) × \(show(x, on)), \(num($0))) = \(out.formatted(places: places))" }
                 ?? score + "\(num(e)) × \(show(x, on)) = \(out.formatted(places: places))")
            return out
        case .byRank(let table, let otherwise):
            func scope() -> [Int] { state.scopeOf[u].filter { state.applies[i][$0] } }
            guard !value.isNone else {
                note(lang.pick("完成值为空", "the value is empty") + then + num(otherwise))
                return otherwise
            }
            var rank = 1
            if case .number(let mine) = value {
                // The scope's numbers in descending order, once per item and scope.
                let sorted: [Fixed]
                if let s = state.rankCache[i]?[state.scopeKey[u]] { sorted = s } else {
                    sorted = scope().compactMap { state.values[i][$0].number }.sorted(by: >)
                    state.rankCache[i, default: [:]][state.scopeKey[u]] = sorted
                }
                // Units with a greater value: the first index whose value is not greater.
                var lo = 0, hi = sorted.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if sorted[mid] > mine { lo = mid + 1 } else { hi = mid }
                }
                rank = lo + 1
            } else {
                for v in scope() where v != u {
                    if let c = Value.compare(state.values[i][v], value), c > 0 { rank += 1 }
                }
            }
            let s = table[rank] ?? otherwise
            note(lang.pick("完成值 \(ExplainFormat.value(value)) 在 \(scope().count) 个单位中排第 \(rank)",
                           "value \(ExplainFormat.value(value, lang)) is \(ExplainFormat.ordinal(rank)) of \(scope().count) units") + then + num(s))
            return s
        case .relative(let lo, let hi, let on):
            func x(_ v: Int) -> Fixed? {
                switch on {
                case .rate: return state.rates[i][v]
                case .value: return state.values[i][v].number ?? state.values[i][v].bool.map { $0 ? Fixed(1) : .zero }
                }
            }
            guard let mine = x(u) else {
                note(lang.pick("完成值为空", "the value is empty") + then + "0")
                return .zero
            }
            let range: (Fixed, Fixed)?
            if let cached = state.rangeCache[i]?[state.scopeKey[u]] { range = cached } else {
                let xs = state.scopeOf[u].filter { state.applies[i][$0] }.compactMap(x)
                range = xs.min().flatMap { mn in xs.max().map { (mn, $0) } }
                state.rangeCache[i, default: [:]][state.scopeKey[u]] = range
            }
            guard let (mn, mx) = range else { return .zero }
            if mn == mx {
                let s = try arith { () throws(ArithmeticError) in try points.multiplied(by: hi) }
                note(lang.pick("各单位完成值相同", "all units have the same value") + then + "\(num(points)) × \(pct(hi)) = \(s.formatted(places: places))")
                return s
            }
            let s = try arith { () throws(ArithmeticError) in
                let t = try (try mine.subtracting(mn)).divided(by: try mx.subtracting(mn))
                return try points.multiplied(by: try lo.adding(try (try hi.subtracting(lo)).multiplied(by: t)))
            }
            note(score + "\(num(points)) × (\(pct(lo)) + \(pct(hi - lo)) × (\(show(mine, on)) − \(show(mn, on))) ÷ (\(show(mx, on)) − \(show(mn, on)))) = \(s.formatted(places: places))")
            return s
        case .formula(let f):
            var env = UnitEnvironment(state: state, unit: u)
            env.extra = ["value": value, "target": state.targets[i][u].map { .number($0) } ?? .none,
                         "rate": rate.map { .number($0) } ?? .none, "points": item.points.map { .number($0) } ?? .none]
            let v = try Evaluator.evaluate(f.expression, in: env)
            let out: Fixed
            switch v {
            case .number(let n): out = n
            case .none: out = .zero
            default: throw EvaluationError("the score formula gave \(v.literal), not a number")
            }
            note(score + "\(f.expression.source.text) = \(Substitution.render(f.expression, env, lang)) = \(out.formatted(places: places))")
            return out
        case .rated:
            note(lang.pick("评议计分：得分为调整分之和", "rated: the score is the sum of the adjustments"))
            return .zero
        }
    }
}
