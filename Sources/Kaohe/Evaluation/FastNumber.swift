/// The common unit-level amounts of rewards — `lookup(total, 工作经费档次)`, `省外到位资金 * 0.5‰`,
/// `total - 60` — compiled to closures that read the unit state's arrays directly, as
/// ``FastCondition`` does for conditions.
///
/// A sweep evaluates a reward's amount for every unit whose total moved, at every point;
/// through ``UnitCompiler`` each name is boxed as a ``Value`` and each table looked up by
/// name. The closure gives nil where the evaluator would do more than compute: an item that is
/// none or not a number, an overflow. The caller then evaluates the expression the general way
/// (which reports the error), so the results and errors are the evaluator's.
enum FastNumber {
    typealias Fn = (UnitState, Int) -> Fixed?

    /// `items`: the scheme's item names and indices; `tables`: the scheme's tables.
    static func compile(_ e: Expr, items: [String: Int], tables: [String: Table]) -> Fn? {
        switch e.kind {
        case .literal(.number(let x)):
            return { _, _ in x }
        case .name(let name):
            if let i = items[name] {
                return { s, u in
                    guard s.applies[i][u], case .number(let x) = s.values[i][u] else { return nil }
                    return x
                }
            }
            switch name {
            case "total": return { s, u in s.total[u] }
            case "base": return { s, u in s.base[u] }
            case "bonus": return { s, u in s.bonus[u] }
            case "deduction": return { s, u in s.deduction[u] }
            case "rank_pct": return { s, u in s.rankPct(u) }
            default: return nil
            }
        case .binary(let op, let a, let b):
            guard let fa = compile(a, items: items, tables: tables), let fb = compile(b, items: items, tables: tables) else { return nil }
            switch op {
            case .add:
                return { s, u in
                    guard let x = fa(s, u), let y = fb(s, u) else { return nil }
                    return try? x.adding(y)
                }
            case .sub:
                return { s, u in
                    guard let x = fa(s, u), let y = fb(s, u) else { return nil }
                    return try? x.subtracting(y)
                }
            case .mul:
                // By a literal (`省外到位资金 * 0.5‰`): the factor prepared once.
                if case .literal(.number(let c)) = b.kind {
                    let times = Fixed.Multiplier(c)
                    return { s, u in fa(s, u).flatMap { try? times.times($0) } }
                }
                if case .literal(.number(let c)) = a.kind {
                    let times = Fixed.Multiplier(c)
                    return { s, u in fb(s, u).flatMap { try? times.times($0) } }
                }
                return { s, u in
                    guard let x = fa(s, u), let y = fb(s, u) else { return nil }
                    return try? x.multiplied(by: y)
                }
            default:
                return nil
            }
        case .call("lookup", let args):
            // The table by the name the checker accepted (an item of that name is not a table).
            guard args.count == 2, let n = args[1].nameValue, items[n] == nil,
                  case .tiers(let rows) = tables[n], let fx = compile(args[0], items: items, tables: tables) else { return nil }
            return { s, u in fx(s, u).map { Table.lookup($0, rows) } }
        default:
            return nil
        }
    }
}
