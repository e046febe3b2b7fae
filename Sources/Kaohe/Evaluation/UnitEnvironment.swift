/// The names of a unit-level expression for one unit (SPEC §4): items, their fields, the
/// unit's own fields, and names bound in one place only (`value` in a score, `amount` in a
/// deposit row).
struct UnitEnvironment: Environment {
    let state: UnitState
    let unit: Int
    var extra: [String: Value] = [:]

    func itemValue(_ i: Int) -> Value {
        state.applies[i][unit] ? state.values[i][unit] : .none
    }

    func value(of name: String, _ e: Expr) throws(EvaluationError) -> Value {
        // (An empty dictionary still hashes the name: CJK names hash slowly.)
        if !extra.isEmpty, let v = extra[name] { return v }
        if let i = state.itemIndex[name] { return itemValue(i) }
        return try special(name, e)
    }

    /// The names that are neither bound in `extra` nor items.
    func special(_ name: String, _ e: Expr) throws(EvaluationError) -> Value {
        let u = state.ledger.units[unit]
        switch name {
        case "unit": return .text(u.name)
        case "group": return u.group.map { .text($0) } ?? .none
        case "team": return u.team.map { .text($0) } ?? .none
        case "as_of": return .date(state.asOf)
        case "progress": return .number(state.progress)
        case "period": return .period(state.scheme.info.period)
        case "base": return .number(state.base[unit])
        case "bonus": return .number(state.bonus[unit])
        case "deduction": return .number(state.deduction[unit])
        case "total": return .number(state.total[unit])
        case "vetoed": return .bool(state.vetoed[unit])
        case "rank": return .number(Fixed(state.rank[unit]))
        case "rank_all": return .number(Fixed(state.rankAll[unit]))
        case "rank_pct": return .number(state.rankPct(unit))
        case "grade": return state.gradeName(unit).map { .text($0) } ?? .none
        default: throw EvaluationError("unknown name '\(name)'", e)
        }
    }

    func member(_ base: String, _ field: String, _ e: Expr) throws(EvaluationError) -> Value {
        if base == "unit" {
            guard let v = state.ledger.units[unit].columns[field] else {
                throw EvaluationError("the units file has no column '\(field)'", e)
            }
            return .text(v)
        }
        guard let i = state.itemIndex[base] else { throw EvaluationError("unknown item '\(base)'", e) }
        guard let f = ItemField(rawValue: field) else { throw EvaluationError("'\(base)' has no field '\(field)'", e) }
        return member(i, f)
    }

    /// `X.value`, `X.target`, … of item `i`.
    func member(_ i: Int, _ field: ItemField) -> Value {
        let applies = state.applies[i][unit]
        func num(_ x: Fixed?) -> Value { applies ? (x.map { .number($0) } ?? .none) : .none }
        switch field {
        case .value: return itemValue(i)
        case .target: return num(state.targets[i][unit])
        case .rate: return num(state.rates[i][unit])
        case .points: return num(state.scheme.items[i].points)
        case .score: return num(state.scores[i][unit])
        }
    }

    func table(_ name: String) -> Table? { state.scheme.tables[name] }

    /// The fields of an item a unit-level expression may read.
    enum ItemField: String {
        case value, target, rate, points, score
    }

    func scopeAggregate(_ function: String, _ argument: Expr, _ expression: Expression) throws(EvaluationError) -> Value {
        // Once per scope and argument: the same for every unit of the scope.
        let key = "\(function)|\(state.scopeKey[unit])|\(expression.text(of: argument))"
        if let cached = state.scopeAggregateCache.withLock({ $0[key] }) { return cached }
        let v = try computeScopeAggregate(function, argument, expression)
        state.scopeAggregateCache.withLock { $0[key] = v }
        return v
    }

    func computeScopeAggregate(_ function: String, _ argument: Expr, _ expression: Expression) throws(EvaluationError) -> Value {
        var xs: [Fixed] = []
        for u in state.scopeOf[unit] {
            let env = UnitEnvironment(state: state, unit: u)
            // Units an item does not apply to have none for it: they are left out.
            let v = try Evaluator(expression, env).eval(argument)
            if case .number(let n) = v { xs.append(n) }
        }
        guard !xs.isEmpty else { return .none }
        switch function {
        case "max_of": return .number(xs.max() ?? .zero)
        case "min_of": return .number(xs.min() ?? .zero)
        default:
            var s = Fixed.zero
            for x in xs {
                do { s = try s.adding(x) } catch { throw EvaluationError("\(error) in \(function)") }
            }
            if function == "sum_of" { return .number(s) }
            do { return .number(try s.divided(by: Fixed(xs.count))) } catch { throw EvaluationError("\(error) in \(function)") }
        }
    }
}
