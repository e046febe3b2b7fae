import Synchronization

/// Compiles a unit-level expression (the conditions and amounts of outcomes) to closures over a
/// ``ResolvedEnvironment``, so that settling sixty thousand deposits does not walk the tree of
/// each expression again for every record.
///
/// Every node does what ``Evaluator`` does for it, with its messages (none in `and`/`or`/`not`
/// is false; a comparison with none is false; arithmetic with none is an error naming the
/// operand); calls, table lookups and periods are left to the evaluator itself, on that
/// sub-expression.
struct UnitCompiler {
    typealias Fn = (ResolvedEnvironment) throws(EvaluationError) -> Value

    let expression: Expression

    static func compile(_ e: CompiledExpression) -> Fn {
        UnitCompiler(expression: e.expression).compile(e.expression.root)
    }

    func text(_ e: Expr) -> String { expression.text(of: e) }

    /// A condition's truth, as ``Evaluator/truth(_:)``.
    @inline(__always)
    static func truth(_ v: Value, _ text: @autoclosure () -> String, _ e: Expr) throws(EvaluationError) -> Bool {
        switch v {
        case .bool(let b): return b
        case .none: return false
        default: throw EvaluationError("\(text()) is not true/false", e)
        }
    }

    /// A number operand, as ``Evaluator/number(_:)``.
    @inline(__always)
    static func number(_ v: Value, _ text: String, _ e: Expr) throws(EvaluationError) -> Fixed {
        switch v {
        case .number(let n): return n
        case .none: throw EvaluationError("\(text) is empty (none) and cannot be computed with; use default(\(text), 0)", e)
        default: throw EvaluationError("\(text) is \(v.literal), not a number", e)
        }
    }

    func compile(_ e: Expr) -> Fn {
        switch e.kind {
        case .literal(let v):
            return { _ throws(EvaluationError) in v }
        case .name(let n):
            return { env throws(EvaluationError) in try env.value(of: n, e) }
        case .member(let base, let field):
            guard let b = base.nameValue else { break }
            return { env throws(EvaluationError) in try env.member(b, field, e) }
        case .list(let items):
            let fs = items.map { compile($0) }
            return { env throws(EvaluationError) in
                var out: [Value] = []
                out.reserveCapacity(fs.count)
                for f in fs { out.append(try f(env)) }
                return .list(out)
            }
        case .unary(.not, let a):
            let fa = compile(a), ta = text(a)
            return { env throws(EvaluationError) in .bool(!(try UnitCompiler.truth(try fa(env), ta, a))) }
        case .unary(.negate, let a):
            let fa = compile(a), ta = text(a)
            return { env throws(EvaluationError) in .number(-(try UnitCompiler.number(try fa(env), ta, a))) }
        case .binary(let op, let a, let b):
            return binary(op, a, b, e)
        case .index(let base, let keyExpr):
            // `季度扣减[职务]`, as the evaluator looks it up (a deposit's deduction at every
            // record and quarter went through a new evaluator each time).
            guard let b = base.nameValue else { break }
            let fk = compile(keyExpr), tk = text(keyExpr)
            return { env throws(EvaluationError) in
                let values = try Evaluator<ResolvedEnvironment>.mapValues(env.table(b), e)
                return try Evaluator<ResolvedEnvironment>.lookUp(try fk(env), in: values, b, keyExpr, tk)
            }
        case .call(let name, let args) where ["max_of", "min_of", "avg_of", "sum_of"].contains(name) && !args.isEmpty:
            // The same for every unit of a scope: kept here by state and scope, without the
            // state's text key (the argument's CJK text hashed for every unit).
            let argument = args[0], x = expression
            let cache = ScopeValues()
            return { env throws(EvaluationError) in
                let key = ScopeValues.Key(state: ObjectIdentifier(env.state), scope: env.state.scopeKey[env.unit])
                if let v = cache.values.withLock({ $0[key] }) { return v }
                let v = try env.scopeAggregate(name, argument, x)
                cache.values.withLock { $0[key] = v }
                return v
            }
        default:
            break
        }
        // Calls, periods, an index not on a table's name: the evaluator, on this sub-expression.
        let x = expression
        return { env throws(EvaluationError) in try Evaluator(x, env).eval(e) }
    }

    func binary(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr, _ e: Expr) -> Fn {
        let fa = compile(a), fb = compile(b)
        let ta = text(a), tb = text(b)
        switch op {
        case .and:
            return { env throws(EvaluationError) in
                if try !UnitCompiler.truth(try fa(env), ta, a) { return .bool(false) }
                return .bool(try UnitCompiler.truth(try fb(env), tb, b))
            }
        case .or:
            return { env throws(EvaluationError) in
                if try UnitCompiler.truth(try fa(env), ta, a) { return .bool(true) }
                return .bool(try UnitCompiler.truth(try fb(env), tb, b))
            }
        case .add, .sub, .mul, .div:
            let whole = text(e)
            return { env throws(EvaluationError) in
                let va = try fa(env)
                var vb: Value?
                // date − date is a number of days (the evaluator looks at both sides first).
                if op == .sub, case .date(let d1) = va {
                    let v = try fb(env)
                    if case .date(let d2) = v { return .number(Fixed(d1.ordinal - d2.ordinal)) }
                    vb = v
                }
                let x = try UnitCompiler.number(va, ta, a)
                let right: Value
                if let vb { right = vb } else { right = try fb(env) }
                let y = try UnitCompiler.number(right, tb, b)
                do {
                    switch op {
                    case .add: return .number(try x.adding(y))
                    case .sub: return .number(try x.subtracting(y))
                    case .mul: return .number(try x.multiplied(by: y))
                    default:
                        if y.isZero { throw EvaluationError("division by zero: \(tb) is 0", b) }
                        return .number(try x.divided(by: y))
                    }
                } catch let error as EvaluationError {
                    throw error
                } catch {
                    throw EvaluationError("\(error) in \(whole)", e)
                }
            }
        case .eq, .ne:
            return { env throws(EvaluationError) in
                let x = try fa(env), y = try fb(env)
                let equal = Evaluator<ResolvedEnvironment>.equal(x, y)
                return .bool(op == .eq ? equal : !equal)
            }
        case .lt, .le, .gt, .ge:
            return { env throws(EvaluationError) in
                let x = try fa(env), y = try fb(env)
                if x.isNone || y.isNone { return .bool(false) }
                guard let c = Value.compare(x, y) else {
                    throw EvaluationError("cannot compare \(x.literal) with \(y.literal)", e)
                }
                switch op {
                case .lt: return .bool(c < 0)
                case .le: return .bool(c <= 0)
                case .gt: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        case .in, .notIn:
            return { env throws(EvaluationError) in
                let x = try fa(env), y = try fb(env)
                if x.isNone || y.isNone { return .bool(false) }
                let found = try Evaluator<ResolvedEnvironment>.member(x, of: y, e)
                return .bool(op == .in ? found : !found)
            }
        case .contains:
            return { env throws(EvaluationError) in
                let x = try fa(env), y = try fb(env)
                if x.isNone || y.isNone { return .bool(false) }
                return .bool(try Evaluator<ResolvedEnvironment>.member(y, of: x, e))
            }
        }
    }
}

/// The values of one `max_of(…)` (or sibling) node, by unit state and ranking scope; shared by
/// the threads that evaluate units.
final class ScopeValues: Sendable {
    struct Key: Hashable, Sendable {
        var state: ObjectIdentifier
        var scope: Int
    }
    let values = Mutex<[Key: Value]>([:])
}

/// ``Fixed/rounded(places:)`` with its power of ten worked out once (it is recomputed on every
/// call there, and scores and money are rounded once per unit and item).
struct Rounder {
    let places: Int
    /// 10^(20 − places).
    let unit: Int128

    init(places: Int) {
        let p = max(0, min(Fixed.scale, places))
        self.places = p
        // (From the table of powers that fit 64 bits: no loop of 128-bit products.)
        unit = Fixed.scale - p < Fixed.powersOfTen64.count ? Int128(Fixed.powersOfTen64[Fixed.scale - p]) : Fixed.one
    }

    /// Half away from zero (四舍五入), exactly as `rounded(places:)`.
    @inline(__always)
    func round(_ x: Fixed) -> Fixed {
        if places == Fixed.scale { return x }
        let m = x.raw.magnitude, d = UInt128(unit)
        // By two 64-bit divisions where the unit fits 64 bits (1 place or more): a 128-bit
        // division is a library call several times slower.
        var (q, r) = places > 0 ? Fixed.dividedSmall(m, d) : m.quotientAndRemainder(dividingBy: d)
        if r >= d - r { q += 1 }
        let v = Int128(q) * unit
        return Fixed(raw: x.raw < 0 ? -v : v)
    }
}
