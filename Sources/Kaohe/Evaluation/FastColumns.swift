/// Whole-column forms of the fast conditions and amounts (``FastCondition``, ``FastNumber``):
/// a rule answered for every unit in one pass over the arrays it reads.
///
/// A sweep point answers each reward, penalty and title for nearly every unit (the totals all
/// moved). Called unit by unit, a closure reads the state's array afresh each time, and reading
/// an array out of a class retains and releases it: a fifth of the outcomes' time. Here each
/// array is read once per rule. The answers are those of the per-unit closures, unit by unit:
/// the forms not written out here run the per-unit closure over the units.
enum FastColumns {
    /// Writes the condition's value for unit `u` to `out[u]` (as many units as `out` holds).
    typealias Condition = (UnitState, UnsafeMutableBufferPointer<Bool>) -> Void
    /// Writes the amount of unit `u` to `values[u]`, and whether there is one (the per-unit
    /// closure's non-nil) to `valid[u]`; only for the units where `mask` (when given) is true,
    /// the others' `valid` false.
    typealias Number = (UnitState, UnsafeMutableBufferPointer<Fixed>, UnsafeMutableBufferPointer<Bool>,
                        _ mask: UnsafeBufferPointer<Bool>?) -> Void

    /// The column form of a condition ``FastCondition/compile(_:grades:items:layout:)``
    /// compiles; nil when it gives nil.
    static func condition(_ e: Expr, grades: [String], items: [String: Int], layout: UnitState? = nil) -> Condition? {
        guard FastCondition.compile(e, grades: grades, items: items, layout: layout) != nil else { return nil }
        return condition(e, grades: grades, layout: layout)
    }

    private static func condition(_ e: Expr, grades: [String], layout: UnitState?) -> Condition? {
        switch e.kind {
        case .binary(let op, let a, let b) where op == .and || op == .or:
            guard let ca = condition(a, grades: grades, layout: layout),
                  let cb = condition(b, grades: grades, layout: layout) else { return nil }
            // (Both sides for every unit: the forms cannot fail, so `and` and `or` need not
            // stop early to give the evaluator's answer.)
            return { s, out in
                ca(s, out)
                var other = [Bool](repeating: false, count: out.count)
                other.withUnsafeMutableBufferPointer { other in
                    cb(s, other)
                    if op == .and {
                        for u in 0..<out.count { out[u] = out[u] && other[u] }
                    } else {
                        for u in 0..<out.count { out[u] = out[u] || other[u] }
                    }
                }
            }
        case .unary(.not, let a):
            guard let ca = condition(a, grades: grades, layout: layout) else { return nil }
            return { s, out in
                ca(s, out)
                for u in 0..<out.count { out[u] = !out[u] }
            }
        case .name("vetoed"):
            return { s, out in
                s.vetoed.withUnsafeBufferPointer { v in for u in 0..<out.count { out[u] = v[u] } }
            }
        case .binary(let op, let a, let b):
            if let f = number(op, a, b) ?? number(FastCondition.flipped(op), b, a) { return f }
            if let f = grade(op, a, b, grades) { return f }
            if let layout, let f = rankPercent(op, a, b, layout) ?? rankPercent(FastCondition.flipped(op), b, a, layout) { return f }
            return perUnit(FastCondition.compiled(e, grades: grades, layout: layout))
        default:
            return perUnit(FastCondition.compiled(e, grades: grades, layout: layout))
        }
    }

    /// The per-unit closure run over the units.
    private static func perUnit(_ f: FastCondition.Fn?) -> Condition? {
        guard let f else { return nil }
        return { s, out in for u in 0..<out.count { out[u] = f(s, u) } }
    }

    /// A unit's total, parts or ranks compared with a number (`rank_pct` is left to the
    /// per-unit form, which reads its runs of ranks).
    private static func number(_ op: Expr.BinaryOp, _ field: Expr, _ literal: Expr) -> Condition? {
        guard case .name(let name) = field.kind, case .literal(.number(let x)) = literal.kind,
              [.lt, .le, .gt, .ge, .eq, .ne].contains(op) else { return nil }
        @inline(__always) func holds(_ v: Fixed) -> Bool { FastCondition.compare(op, v, x) }
        func over(_ read: @escaping (UnitState) -> [Fixed]) -> Condition {
            { s, out in read(s).withUnsafeBufferPointer { v in for u in 0..<out.count { out[u] = holds(v[u]) } } }
        }
        func overRanks(_ read: @escaping (UnitState) -> [Int]) -> Condition {
            // A whole number compared with the ranks as they are (no rank made a fixed-point
            // number at every unit): x is whole, so `r op x` for integers is `Fixed(r) op x`.
            if x.raw % Fixed.one == 0, let whole = Int(exactly: x.raw / Fixed.one) {
                return { s, out in
                    read(s).withUnsafeBufferPointer { r in
                        for u in 0..<out.count { out[u] = FastCondition.compare(op, r[u], whole) }
                    }
                }
            }
            return { s, out in read(s).withUnsafeBufferPointer { r in for u in 0..<out.count { out[u] = holds(Fixed(r[u])) } } }
        }
        switch name {
        case "total": return over { $0.total }
        case "base": return over { $0.base }
        case "bonus": return over { $0.bonus }
        case "deduction": return over { $0.deduction }
        case "rank": return overRanks { $0.rank }
        case "rank_all": return overRanks { $0.rankAll }
        default: return nil
        }
    }

    /// `rank_pct` compared with a number, by the runs of ranks ``FastCondition/RankPercentRuns``
    /// finds in `layout`: whether the state has the layout's tables is checked once, not per unit.
    private static func rankPercent(_ op: Expr.BinaryOp, _ field: Expr, _ literal: Expr, _ layout: UnitState) -> Condition? {
        guard let runs = FastCondition.RankPercentRuns(op, field, literal, layout) else { return nil }
        return { s, out in
            guard runs.fits(s) else {
                for u in 0..<out.count { out[u] = runs.plain(s, u) }
                return
            }
            s.scopeKey.withUnsafeBufferPointer { scope in
                s.rank.withUnsafeBufferPointer { rank in
                    for u in 0..<out.count { out[u] = runs.holds(scope[u], rank[u]) }
                }
            }
        }
    }

    /// `grade == 'X'`, `grade != 'X'`, `grade in [...]`, `grade not in [...]`, by the test
    /// ``FastCondition/gradeTest(_:_:_:_:)`` makes, answered once per place.
    private static func grade(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr, _ grades: [String]) -> Condition? {
        guard let test = FastCondition.gradeTest(op, a, b, grades) else { return nil }
        // The answer for each place (-1: no grade), looked up per unit.
        let answers = (-1..<grades.count).map { test(Int16($0)) }
        return { s, out in
            s.gradeIndex.withUnsafeBufferPointer { g in
                answers.withUnsafeBufferPointer { answers in
                    for u in 0..<min(out.count, g.count) {
                        let k = Int(g[u]) + 1
                        out[u] = k >= 0 && k < answers.count ? answers[k] : test(g[u])
                    }
                }
            }
        }
    }

    /// The column form of an amount ``FastNumber/compile(_:items:tables:)`` compiles; nil when
    /// it gives nil.
    static func number(_ e: Expr, items: [String: Int], tables: [String: Table]) -> Number? {
        guard let plain = FastNumber.compile(e, items: items, tables: tables) else { return nil }
        switch e.kind {
        case .call("lookup", let args):
            // `lookup(total, 档次)`: the table by the name FastNumber took.
            guard args.count == 2, case .name(let field) = args[0].kind, let n = args[1].nameValue, items[n] == nil, items[field] == nil,
                  case .tiers(let rows) = tables[n], let read = parts(field) else { break }
            return { s, values, valid, mask in
                read(s).withUnsafeBufferPointer { x in
                    for u in 0..<values.count {
                        if let mask, !mask[u] { valid[u] = false; continue }
                        values[u] = Table.lookup(x[u], rows)
                        valid[u] = true
                    }
                }
            }
        case .binary(.mul, let a, let b):
            // An item or a part times a literal: the factor prepared once.
            for (field, literal) in [(a, b), (b, a)] {
                guard case .literal(.number(let c)) = literal.kind, case .name(let name) = field.kind else { continue }
                let times = Fixed.Multiplier(c)
                if let i = items[name] {
                    return { s, values, valid, mask in
                        s.values[i].withUnsafeBufferPointer { v in
                            s.applies[i].withUnsafeBufferPointer { applies in
                                for u in 0..<values.count {
                                    if mask?[u] ?? true, applies[u], case .number(let x) = v[u], let p = try? times.times(x) {
                                        values[u] = p
                                        valid[u] = true
                                    } else {
                                        valid[u] = false
                                    }
                                }
                            }
                        }
                    }
                }
                if let read = parts(name) {
                    return { s, values, valid, mask in
                        read(s).withUnsafeBufferPointer { x in
                            for u in 0..<values.count {
                                if mask?[u] ?? true, let p = try? times.times(x[u]) {
                                    values[u] = p
                                    valid[u] = true
                                } else {
                                    valid[u] = false
                                }
                            }
                        }
                    }
                }
            }
        default:
            break
        }
        return { s, values, valid, mask in
            for u in 0..<values.count {
                if mask?[u] ?? true, let x = plain(s, u) {
                    values[u] = x
                    valid[u] = true
                } else {
                    valid[u] = false
                }
            }
        }
    }

    /// The array of a unit's total or part, by its name.
    private static func parts(_ name: String) -> ((UnitState) -> [Fixed])? {
        switch name {
        case "total": return { $0.total }
        case "base": return { $0.base }
        case "bonus": return { $0.bonus }
        case "deduction": return { $0.deduction }
        default: return nil
        }
    }
}
