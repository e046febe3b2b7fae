/// Steps 6–8 of SPEC §6: deposits, rewards, penalties, then titles.
enum Outcomes {
    struct Result {
        var deposits: [[DepositResult]]
        var rewards: [[RewardResult]]
        var penalties: [[String]]
        var titles: [[String]]
    }

    static func evaluate(_ state: UnitState, _ aggregates: Engine.Aggregates, periodStates: [(DeductPeriod, UnitState)],
                         _ d: inout Diagnostics) -> Result {
        let n = state.ledger.units.count
        var result = Result(deposits: Array(repeating: [], count: n), rewards: Array(repeating: [], count: n),
                            penalties: Array(repeating: [], count: n), titles: Array(repeating: [], count: n))
        if let spec = state.scheme.deposits {
            deposits(spec, state, periodStates, &result, &d)
        }
        for u in 0..<n {
            result.rewards[u] = rewards(u, state, aggregates, &d)
            var blocked = false
            for p in state.scheme.penalties where holds(p.when, u, state, "penalty \(p.name)", &d) {
                result.penalties[u].append(p.name)
                if p.blocksTitles { blocked = true }
            }
            if !state.vetoed[u] && !blocked {
                for t in state.scheme.titles where holds(t.when, u, state, "title \(t.name)", &d) {
                    result.titles[u].append(t.name)
                }
            }
        }
        return result
    }

    static func holds(_ e: CompiledExpression, _ u: Int, _ state: UnitState, _ what: String, _ d: inout Diagnostics,
                      extra: [String: Value] = [:]) -> Bool {
        var env = UnitEnvironment(state: state, unit: u)
        env.extra = extra
        do { return try Evaluator(e.expression, env).truth(e.expression.root) } catch {
            d.error("\(what) for \(state.ledger.units[u].name): \(error.message)", at: e.expression.source.location(at: error.range?.lowerBound ?? 0))
            return false
        }
    }

    static func money(_ e: CompiledExpression, _ u: Int, _ state: UnitState, _ what: String, _ d: inout Diagnostics,
                      extra: [String: Value] = [:]) -> Fixed? {
        var env = UnitEnvironment(state: state, unit: u)
        env.extra = extra
        do {
            let v = try Evaluator.evaluate(e.expression, in: env)
            switch v {
            case .number(let x): return x
            case .none: return .zero
            default: throw EvaluationError("gave \(v.literal), not an amount")
            }
        } catch let error as EvaluationError {
            d.error("\(what) for \(state.ledger.units[u].name): \(error.message)", at: e.expression.source.location(at: error.range?.lowerBound ?? 0))
            return nil
        } catch {
            d.error("\(what) for \(state.ledger.units[u].name): \(error)", at: e.location)
            return nil
        }
    }

    /// Money is rounded half-up to 0.01 元.
    static func cents(_ x: Fixed) -> Fixed { x.rounded(places: 2) }

    static func deposits(_ spec: DepositsSpec, _ state: UnitState, _ periodStates: [(DeductPeriod, UnitState)],
                         _ result: inout Result, _ d: inout Diagnostics) {
        guard let data = state.ledger.datasets[spec.dataset] else { return }
        let cols = data.columnNames
        for r in 0..<data.count {
            var record: [String: Value] = [:]
            for (c, name) in cols.enumerated() { record[name] = data.columns[c][r] }
            let amount: Fixed = record[spec.amountColumn]?.number ?? .zero
            let name = record[spec.nameColumn]?.description ?? ""
            let role = record[spec.roleColumn].map { $0.isNone ? "" : $0.description } ?? ""
            for credit in data.credits[r] {
                let u = credit.unit
                var extra = record
                extra["amount"] = .number(amount)
                // Periodic deductions: each ended quarter (month) where `when` holds costs `amount`.
                var deducted = Fixed.zero
                var deductedIn: [String] = []
                if let rule = spec.deduct {
                    for (period, ps) in periodStates where holds(rule.when, u, ps, "deduct when (\(period.label))", &d, extra: extra) {
                        if let x = money(rule.amount, u, ps, "deduct amount (\(period.label))", &d, extra: extra) {
                            deducted = deducted + x
                            deductedIn.append(period.label)
                        }
                    }
                }
                extra["deducted"] = .number(deducted)
                var basis: Value = .none
                if let b = spec.basis {
                    var env = UnitEnvironment(state: state, unit: u)
                    env.extra = record
                    do { basis = try Evaluator.evaluate(b.expression, in: env) } catch {
                        d.error("deposits basis for \(state.ledger.units[u].name): \(error.message)", at: b.location)
                    }
                }
                extra["basis"] = basis
                var refund = Fixed.zero, reward = Fixed.zero
                if !state.vetoed[u] {
                    for row in spec.settle {
                        if let w = row.when, !holds(w, u, state, "settle when", &d, extra: extra) { continue }
                        refund = money(row.refund, u, state, "refund", &d, extra: extra) ?? .zero
                        if let rw = row.reward { reward = money(rw, u, state, "reward", &d, extra: extra) ?? .zero }
                        break
                    }
                }
                refund = cents(min(max(refund, .zero), amount))
                reward = cents(max(reward, .zero))
                result.deposits[u].append(DepositResult(name: name, role: role, paid: amount, deducted: deducted,
                                                        deductedIn: deductedIn, refund: refund, reward: reward,
                                                        forfeit: amount - refund))
            }
        }
    }

    static func rewards(_ u: Int, _ state: UnitState, _ aggregates: Engine.Aggregates, _ d: inout Diagnostics) -> [RewardResult] {
        guard !state.vetoed[u] else { return [] }
        var out: [RewardResult] = []
        for r in state.scheme.rewards {
            if let w = r.when, !holds(w, u, state, "reward \(r.name) when", &d) { continue }
            var amount: Fixed
            switch r.amount {
            case .expression(let e):
                guard let x = money(e, u, state, "reward \(r.name)", &d) else { continue }
                amount = x
            case .aggregate:
                amount = aggregates.values[Engine.rewardKey(r.name)]?[u].number ?? .zero
            case .byRank(let table):
                amount = table[state.rank[u]] ?? .zero
            }
            if let m = r.max { amount = min(amount, m) }
            amount = cents(max(amount, .zero))
            out.append(RewardResult(name: r.name, amount: amount))
        }
        return out
    }
}
