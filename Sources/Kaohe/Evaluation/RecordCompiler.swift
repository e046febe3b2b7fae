/// Compiles record-level expressions (`where`, `sum`, computed columns) into closures over
/// the columnar data, so that aggregating two million records compares integers instead of
/// walking a tree and hashing names for every record.
///
/// Only common shapes get a fast form (a text column `in` a list of literals becomes a
/// lookup by code; number and date comparisons compare integers); everything else falls back
/// to the tree-walking ``Evaluator`` for that sub-expression, so the meaning is the
/// evaluator's in every case — including none (a comparison with none is false) and errors.
struct RecordCompiler {
    typealias Condition = (Int) throws(EvaluationError) -> Bool
    typealias Number = (Int) throws(EvaluationError) -> Fixed?
    typealias Generic = (Int) throws(EvaluationError) -> Value

    let data: DatasetData
    let computed: [String: ComputedColumn]
    let tables: [String: Table]
    let period: Period
    let asOf: Day

    func environment(_ r: Int) -> RecordEnvironment {
        RecordEnvironment(data: data, computed: computed, tables: tables, period: period, asOf: asOf, record: r, share: Fixed(1))
    }

    func generic(_ e: Expr, _ x: Expression) -> Generic {
        return { r throws(EvaluationError) in try Evaluator(x, environment(r)).eval(e) }
    }

    func genericCondition(_ e: Expr, _ x: Expression) -> Condition {
        return { r throws(EvaluationError) in try Evaluator(x, environment(r)).truth(e) }
    }

    // MARK: Conditions

    func condition(_ e: Expr, _ x: Expression) -> Condition {
        switch e.kind {
        case .binary(.and, let a, let b):
            let ca = condition(a, x), cb = condition(b, x)
            return { r throws(EvaluationError) in
                if try !ca(r) { return false }
                return try cb(r)
            }
        case .binary(.or, let a, let b):
            let ca = condition(a, x), cb = condition(b, x)
            return { r throws(EvaluationError) in
                if try ca(r) { return true }
                return try cb(r)
            }
        case .unary(.not, let a):
            let ca = condition(a, x)
            return { r throws(EvaluationError) in try !ca(r) }
        case .literal(.bool(let b)):
            return { _ throws(EvaluationError) in b }
        case .name(let n):
            if let c = data.columnIndex[n], case .bools(let bs) = data.columns[c] {
                return { r throws(EvaluationError) in bs[r] == 1 }
            }
            if let cc = computed[n], cc.expression.type == .bool {
                return condition(cc.expression.expression.root, cc.expression.expression)
            }
        case .binary(let op, let a, let b) where op == .in || op == .notIn:
            if let f = textIn(a, b, negate: op == .notIn) { return f }
            if let f = dateIn(a, b, x, negate: op == .notIn) { return f }
        case .binary(let op, let a, let b) where op == .eq || op == .ne:
            if let f = textEquals(a, b, negate: op == .ne) ?? textEquals(b, a, negate: op == .ne) { return f }
            if let f = noneTest(a, b, negate: op == .ne) ?? noneTest(b, a, negate: op == .ne) { return f }
            if let na = number(a, x), let nb = number(b, x), isNumeric(a), isNumeric(b) {
                let ne = op == .ne
                return { r throws(EvaluationError) in
                    let p = try na(r), q = try nb(r)
                    let equal = p == q
                    return ne ? !equal : equal
                }
            }
        case .binary(let op, let a, let b) where op == .lt || op == .le || op == .gt || op == .ge:
            if isNumeric(a), isNumeric(b), let na = number(a, x), let nb = number(b, x) {
                return { r throws(EvaluationError) in
                    // Both sides first, as the evaluator: an error on the right counts even
                    // where the left side is none.
                    let p = try na(r), q = try nb(r)
                    guard let p, let q else { return false }
                    switch op {
                    case .lt: return p < q
                    case .le: return p <= q
                    case .gt: return p > q
                    default: return p >= q
                    }
                }
            }
            if let f = dateCompare(op, a, b) { return f }
        case .binary(.contains, let a, let b):
            if let c = a.nameValue.flatMap({ data.columnIndex[$0] }), case .lists(let codes, let distinct) = data.columns[c],
               case .literal(.text(let t)) = b.kind {
                let holds = distinct.map { v -> Bool in
                    if case .list(let items) = v { return items.contains(.text(t)) }
                    return false
                }
                return { r throws(EvaluationError) in holds[Int(codes[r])] }
            }
            if let c = a.nameValue.flatMap({ data.columnIndex[$0] }), case .values(let vs) = data.columns[c],
               case .literal(.text(let t)) = b.kind {
                return { r throws(EvaluationError) in
                    if case .list(let items) = vs[r] { return items.contains(.text(t)) }
                    return false
                }
            }
        default:
            break
        }
        return genericCondition(e, x)
    }

    func textCodes(_ e: Expr) -> (codes: [Int32], dictionary: TextDictionary)? {
        guard let n = e.nameValue, let c = data.columnIndex[n], case .texts(let codes, let dictionary) = data.columns[c],
              dictionary.isUnique else { return nil }
        return (codes, dictionary)
    }

    /// `textColumn in ['a', 'b']`: a table of the codes that match.
    func textIn(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard let (codes, dictionary) = textCodes(a), case .list(let items) = b.kind else { return nil }
        var wanted = Set<String>()
        for item in items {
            guard case .literal(.text(let t)) = item.kind else { return nil }
            wanted.insert(t)
        }
        let allowed = dictionary.map { wanted.contains($0) != negate }
        return { r throws(EvaluationError) in
            let c = codes[r]
            return c >= 0 && allowed[Int(c)]
        }
    }

    /// `textColumn == 'a'` (or `!=`): none is not equal to any text.
    func textEquals(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard let (codes, dictionary) = textCodes(a), case .literal(.text(let t)) = b.kind else { return nil }
        let target = Int32(dictionary.firstIndex(of: t) ?? -2)
        return { r throws(EvaluationError) in (codes[r] == target) != negate }
    }

    /// `column == none` / `column != none`.
    func noneTest(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard case .literal(.none) = b.kind, let n = a.nameValue, let c = data.columnIndex[n] else { return nil }
        let column = data.columns[c]
        return { r throws(EvaluationError) in column.value(r).isNone != negate }
    }

    func dayRange(_ e: Expr) -> (Int32, Int32)? {
        switch e.kind {
        case .name("period"): return (Int32(clamping: period.start.ordinal), Int32(clamping: period.end.ordinal))
        case .range(let lo, let hi):
            guard case .literal(.date(let a)) = lo.kind, case .literal(.date(let b)) = hi.kind else { return nil }
            return (Int32(clamping: a.ordinal), Int32(clamping: b.ordinal))
        default: return nil
        }
    }

    /// `dateColumn in period` / `in 2021-01-01 .. 2021-06-30`.
    func dateIn(_ a: Expr, _ b: Expr, _ x: Expression, negate: Bool) -> Condition? {
        guard let n = a.nameValue, let c = data.columnIndex[n], case .dates(let days) = data.columns[c],
              let (lo, hi) = dayRange(b) else { return nil }
        return { r throws(EvaluationError) in
            let d = days[r]
            if d == Int32.min { return false }
            return (d >= lo && d <= hi) != negate
        }
    }

    func dateCompare(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr) -> Condition? {
        func side(_ e: Expr) -> ((Int) -> Int32)? {
            if let n = e.nameValue, let c = data.columnIndex[n], case .dates(let days) = data.columns[c] { return { days[$0] } }
            if case .literal(.date(let d)) = e.kind { let v = Int32(clamping: d.ordinal); return { _ in v } }
            if e.nameValue == "as_of" { let v = Int32(clamping: asOf.ordinal); return { _ in v } }
            return nil
        }
        guard let fa = side(a), let fb = side(b) else { return nil }
        return { r throws(EvaluationError) in
            let p = fa(r), q = fb(r)
            if p == Int32.min || q == Int32.min { return false }
            switch op {
            case .lt: return p < q
            case .le: return p <= q
            case .gt: return p > q
            default: return p >= q
            }
        }
    }

    // MARK: Numbers

    func isNumeric(_ e: Expr) -> Bool {
        switch e.kind {
        case .literal(.number): return true
        case .name(let n):
            if let c = data.columnIndex[n], case .numbers = data.columns[c] { return true }
            if let cc = computed[n] { return cc.expression.type == .number }
            return false
        case .binary(let op, let a, let b) where [.add, .sub, .mul, .div].contains(op): return isNumeric(a) && isNumeric(b)
        case .unary(.negate, let a): return isNumeric(a)
        case .call("default", let args): return args.count == 2 && isNumeric(args[0]) && isNumeric(args[1])
        case .call(let f, let args) where ["marginal", "bracket", "lookup"].contains(f): return args.count == 2 && isNumeric(args[0])
        default: return false
        }
    }

    /// A numeric expression as a closure giving nil for none; nil when it is not numeric.
    func number(_ e: Expr, _ x: Expression) -> Number? {
        switch e.kind {
        case .literal(.number(let n)):
            return { _ throws(EvaluationError) in n }
        case .name(let n):
            if let c = data.columnIndex[n], case .numbers(let xs) = data.columns[c] {
                return { r throws(EvaluationError) in
                    let v = xs[r]
                    return v.raw == Int128.min ? nil : v
                }
            }
            if let cc = computed[n], cc.expression.type == .number {
                return number(cc.expression.expression.root, cc.expression.expression)
            }
            return nil
        case .unary(.negate, let a):
            guard let fa = number(a, x) else { return nil }
            return { r throws(EvaluationError) in try fa(r).map { -$0 } }
        case .binary(let op, let a, let b) where [.add, .sub, .mul, .div].contains(op):
            guard let fa = number(a, x), let fb = number(b, x) else { return nil }
            let ta = x.text(of: a), tb = x.text(of: b), whole = x.text(of: e)
            return { r throws(EvaluationError) in
                guard let p = try fa(r) else {
                    throw EvaluationError("\(ta) is empty (none) and cannot be computed with; use default(\(ta), 0)", a)
                }
                guard let q = try fb(r) else {
                    throw EvaluationError("\(tb) is empty (none) and cannot be computed with; use default(\(tb), 0)", b)
                }
                do {
                    switch op {
                    case .add: return try p.adding(q)
                    case .sub: return try p.subtracting(q)
                    case .mul: return try p.multiplied(by: q)
                    default:
                        if q.isZero { throw EvaluationError("division by zero: \(tb) is 0", b) }
                        return try p.divided(by: q)
                    }
                } catch let error as EvaluationError {
                    throw error
                } catch {
                    throw EvaluationError("\(error) in \(whole)", e)
                }
            }
        case .call("default", let args) where args.count == 2:
            guard let fa = number(args[0], x), let fb = number(args[1], x) else { return nil }
            return { r throws(EvaluationError) in
                if let v = try fa(r) { return v }
                return try fb(r)
            }
        case .call(let f, let args) where ["marginal", "bracket", "lookup"].contains(f) && args.count == 2:
            guard let fa = number(args[0], x), let t = args[1].nameValue, case .tiers(let rows)? = tables[t] else { return nil }
            let ta = x.text(of: args[0]), whole = x.text(of: e)
            return { r throws(EvaluationError) in
                guard let v = try fa(r) else {
                    throw EvaluationError("\(ta) is empty (none) and cannot be computed with; use default(\(ta), 0)", args[0])
                }
                do {
                    switch f {
                    case "marginal": return try Table.marginal(v, rows)
                    case "bracket": return try Table.bracket(v, rows)
                    default: return Table.lookup(v, rows)
                    }
                } catch {
                    throw EvaluationError("\(error) in \(whole)", e)
                }
            }
        default:
            return nil
        }
    }
}
