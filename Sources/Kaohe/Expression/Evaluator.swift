/// An error while evaluating: a message and the sub-expression it concerns.
public struct EvaluationError: Error, Sendable {
    public var message: String
    public var range: Range<Int>?
    /// The name the error is about, when the expression it points at is a plain name (the
    /// operand that is none, the key not in a table): a record's error then names its column
    /// (`FILE:ROW:COLUMN-NAME`, SPEC §8) when the name is one.
    public var name: String?

    public init(_ message: String, _ e: Expr? = nil) {
        self.message = message
        self.range = e?.range
        self.name = e?.nameValue
    }
}

/// The values an expression's names stand for at one record or one unit.
public protocol Environment {
    func value(of name: String, _ e: Expr) throws(EvaluationError) -> Value
    func member(_ base: String, _ field: String, _ e: Expr) throws(EvaluationError) -> Value
    func table(_ name: String) -> Table?
    /// `max_of(X)` and its siblings: X over the units of the ranking scope.
    func scopeAggregate(_ function: String, _ argument: Expr, _ expression: Expression) throws(EvaluationError) -> Value
}

extension Environment {
    public func scopeAggregate(_ function: String, _ argument: Expr, _ expression: Expression) throws(EvaluationError) -> Value {
        throw EvaluationError("\(function) is only available at unit level", argument)
    }
}

/// Evaluates a checked expression in an environment.
///
/// none semantics (SPEC §3): a comparison with none other than `== none` / `!= none` is
/// false; none in `and`/`or`/`not` counts as false; arithmetic with none is an error that
/// names the empty operand; date functions of none give none.
public struct Evaluator<Env: Environment> {
    public let expression: Expression
    public let env: Env

    public init(_ expression: Expression, _ env: Env) {
        self.expression = expression
        self.env = env
    }

    public static func evaluate(_ expression: Expression, in env: Env) throws(EvaluationError) -> Value {
        try Evaluator(expression, env).eval(expression.root)
    }

    public func eval(_ e: Expr) throws(EvaluationError) -> Value {
        switch e.kind {
        case .literal(let v):
            return v
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try eval(item)) }
            return .list(out)
        case .name(let n):
            return try env.value(of: n, e)
        case .member(let base, let field):
            guard let b = base.nameValue else { throw EvaluationError("'.\(field)' can only follow a name", e) }
            return try env.member(b, field, e)
        case .index(let base, let keyExpr):
            let b = base.nameValue
            let values = try Self.mapValues(b.flatMap { env.table($0) }, e)
            return try Self.lookUp(try eval(keyExpr), in: values, b ?? "", keyExpr, expression.text(of: keyExpr))
        case .call(let name, let args):
            return try Builtins.evaluate(name, args, e, self)
        case .unary(.negate, let a):
            let n = try number(a)
            return .number(-n)
        case .unary(.not, let a):
            return .bool(!(try truth(a)))
        case .binary(let op, let a, let b):
            return try binary(op, a, b, e)
        case .range(let a, let b):
            let x = try eval(a), y = try eval(b)
            guard case .date(let d1) = x, case .date(let d2) = y else {
                if x.isNone || y.isNone { return .none }
                throw EvaluationError("a period runs between dates", e)
            }
            return .period(Period(start: d1, end: d2))
        }
    }

    /// A condition's truth: none is false.
    public func truth(_ e: Expr) throws(EvaluationError) -> Bool {
        switch try eval(e) {
        case .bool(let b): return b
        case .none: return false
        default: throw EvaluationError("\(expression.text(of: e)) is not true/false", e)
        }
    }

    /// A number operand; none is an error naming the operand.
    public func number(_ e: Expr) throws(EvaluationError) -> Fixed {
        let v = try eval(e)
        switch v {
        case .number(let n): return n
        case .none: throw EvaluationError("\(expression.text(of: e)) is empty (none) and cannot be computed with; use default(\(expression.text(of: e)), 0)", e)
        default: throw EvaluationError("\(expression.text(of: e)) is \(v.literal), not a number", e)
        }
    }

    func arithmetic(_ f: () throws(ArithmeticError) -> Fixed, _ e: Expr) throws(EvaluationError) -> Value {
        do { return .number(try f()) } catch {
            throw EvaluationError("\(error) in \(expression.text(of: e))", e)
        }
    }

    func binary(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr, _ e: Expr) throws(EvaluationError) -> Value {
        switch op {
        case .and:
            if try !truth(a) { return .bool(false) }
            return .bool(try truth(b))
        case .or:
            if try truth(a) { return .bool(true) }
            return .bool(try truth(b))
        case .add, .sub, .mul, .div:
            if op == .sub, case .date(let d1) = try eval(a), case .date(let d2) = try eval(b) {
                return .number(Fixed(d1.ordinal - d2.ordinal))
            }
            let x = try number(a), y = try number(b)
            switch op {
            case .add: return try arithmetic({ () throws(ArithmeticError) in try x.adding(y) }, e)
            case .sub: return try arithmetic({ () throws(ArithmeticError) in try x.subtracting(y) }, e)
            case .mul: return try arithmetic({ () throws(ArithmeticError) in try x.multiplied(by: y) }, e)
            default:
                if y.isZero { throw EvaluationError("division by zero: \(expression.text(of: b)) is 0", b) }
                return try arithmetic({ () throws(ArithmeticError) in try x.divided(by: y) }, e)
            }
        case .eq, .ne:
            let x = try eval(a), y = try eval(b)
            let equal = Evaluator.equal(x, y)
            return .bool(op == .eq ? equal : !equal)
        case .lt, .le, .gt, .ge:
            let x = try eval(a), y = try eval(b)
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
        case .in, .notIn:
            let x = try eval(a), y = try eval(b)
            if x.isNone || y.isNone { return .bool(false) }
            let found = try Evaluator.member(x, of: y, e)
            return .bool(op == .in ? found : !found)
        case .contains:
            let x = try eval(a), y = try eval(b)
            if x.isNone || y.isNone { return .bool(false) }
            return .bool(try Evaluator.member(y, of: x, e))
        }
    }

    /// `T[key]`, first: the values of map table `table` (nil: `T` names no table).
    static func mapValues(_ table: Table?, _ e: Expr) throws(EvaluationError) -> [String: Value] {
        guard let table, case .map(_, let values) = table else {
            throw EvaluationError("only a map table can be indexed with [ ]", e)
        }
        return values
    }

    /// `T[key]`, then: `key`'s value in the map table named `name` (`keyText`: how the rule
    /// writes the key).
    static func lookUp(_ key: Value, in values: [String: Value], _ name: String, _ keyExpr: Expr,
                       _ keyText: @autoclosure () -> String) throws(EvaluationError) -> Value {
        if key.isNone { throw EvaluationError("\(keyText()) is empty (none): no key to look up in \(name)", keyExpr) }
        guard let v = values[key.description] else {
            throw EvaluationError("table \(name) has no key '\(key.description)'", keyExpr)
        }
        return v
    }

    static func equal(_ x: Value, _ y: Value) -> Bool {
        if case .number(let a) = x, case .number(let b) = y { return a == b }
        return x == y
    }

    static func member(_ x: Value, of container: Value, _ e: Expr) throws(EvaluationError) -> Bool {
        switch container {
        case .list(let items): return items.contains { equal($0, x) }
        case .period(let p):
            guard case .date(let d) = x else { throw EvaluationError("only a date can be in a period", e) }
            return p.contains(d)
        case .text(let t):
            guard case .text(let s) = x else { throw EvaluationError("only text can be in text", e) }
            return t.contains(s)
        default:
            throw EvaluationError("\(container.literal) is not a list, a period or text", e)
        }
    }
}
