/// Resolves the names of an expression for the place it stands and checks its types.
///
/// Errors are positioned at the offending token: an unknown name, a unit-level name used in
/// a `where`, a wrong argument count, `text + number`. The checker never stops at the first
/// error of an expression that parsed: it reports each and carries on with type `any`.
public struct Checker {
    public struct Result: Sendable {
        public var type: ValueType
        /// Items the expression reads, with the offset of the first mention (for cycles).
        public var references: [String: Int]
        public var diagnostics: [Diagnostic]
    }

    let expression: Expression
    let scope: any NameScope
    var diagnostics: [Diagnostic] = []
    var references: [String: Int] = [:]

    public static func check(_ expression: Expression, in scope: any NameScope) -> Result {
        var c = Checker(expression: expression, scope: scope)
        let t = c.type(of: expression.root)
        return Result(type: t, references: c.references, diagnostics: c.diagnostics)
    }

    public static func typeOf(_ v: Value) -> ValueType {
        switch v {
        case .number: return .number
        case .text: return .text
        case .date: return .date
        case .bool: return .bool
        case .period: return .period
        case .none: return .none
        case .list(let xs): return .list(xs.first.map(typeOf) ?? .any)
        }
    }

    mutating func error(_ message: String, _ e: Expr, hint: String? = nil) {
        diagnostics.append(.error(message, at: expression.location(of: e), hint: hint))
    }

    mutating func type(of e: Expr) -> ValueType {
        switch e.kind {
        case .literal(let v):
            return Checker.typeOf(v)
        case .list(let items):
            var t: ValueType = .any
            for item in items {
                let it = type(of: item)
                if t == .any { t = it } else if it != .any, it != .none, it != t {
                    error("a list mixes \(t) and \(it)", item)
                }
            }
            return .list(t)
        case .name(let n):
            return resolveName(n, e)
        case .member(let base, let field):
            guard let b = base.nameValue else {
                error("'.\(field)' can only follow a name", e)
                return .any
            }
            switch scope.resolveMember(b, field) {
            case .found(let t, let item):
                if let item, references[item] == nil { references[item] = base.range.lowerBound }
                return t
            case .misplaced(let why):
                error(why, e)
                return .any
            case .unknown:
                if case .unknown = scope.resolve(b) {
                    unknownName(b, base)
                } else {
                    error("'\(b)' has no field '\(field)'", e,
                          hint: "an item has .value, .target, .rate, .points and .score")
                }
                return .any
            }
        case .index(let base, let key):
            _ = type(of: key)
            guard let b = base.nameValue else {
                error("only a table can be indexed with [ ]", e)
                return .any
            }
            guard let table = scope.table(b) else {
                if case .unknown = scope.resolve(b) { unknownName(b, base) } else {
                    error("'\(b)' is not a table; only a map table can be indexed with [ ]", base)
                }
                return .any
            }
            guard case .map = table else {
                error("'\(b)' is a tier table; use bracket(), marginal() or lookup() with it", base)
                return .any
            }
            return table.elementType
        case .call(let name, let args):
            return Builtins.check(name, args, e, &self)
        case .unary(.negate, let a):
            let t = type(of: a)
            if !t.fits(.number) { error("cannot negate \(t)", a) }
            return .number
        case .unary(.not, let a):
            let t = type(of: a)
            if !t.fits(.bool) { error("'not' needs true/false, found \(t)", a) }
            return .bool
        case .binary(let op, let a, let b):
            return binary(op, a, b, e)
        case .range(let a, let b):
            let ta = type(of: a), tb = type(of: b)
            if !ta.fits(.date) { error("a period runs between dates, found \(ta)", a) }
            if !tb.fits(.date) { error("a period runs between dates, found \(tb)", b) }
            return .period
        }
    }

    mutating func resolveName(_ n: String, _ e: Expr) -> ValueType {
        switch scope.resolve(n) {
        case .found(let t, let item):
            if let item, references[item] == nil { references[item] = e.range.lowerBound }
            return t
        case .misplaced(let why):
            error(why, e)
            return .any
        case .unknown:
            if scope.table(n) != nil { return .table }
            unknownName(n, e)
            return .any
        }
    }

    mutating func unknownName(_ n: String, _ e: Expr) {
        let hint = Suggest.nearest(n, in: scope.candidates).map { "did you mean '\($0)'?" }
        error("unknown name '\(n)'", e, hint: hint)
    }

    mutating func binary(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr, _ e: Expr) -> ValueType {
        let ta = type(of: a), tb = type(of: b)
        switch op {
        case .and, .or:
            if !ta.fits(.bool) { error("'\(op.rawValue)' needs true/false, found \(ta)", a) }
            if !tb.fits(.bool) { error("'\(op.rawValue)' needs true/false, found \(tb)", b) }
            return .bool
        case .add, .sub, .mul, .div:
            if op == .sub, ta == .date, tb == .date { return .number }
            if !(ta.fits(.number) && tb.fits(.number)) {
                error("cannot compute \(ta) \(op.rawValue) \(tb)", ta.fits(.number) ? b : a)
                return .any
            }
            return .number
        case .eq, .ne:
            if !(ta.fits(tb) || tb.fits(ta)) { error("cannot compare \(ta) with \(tb)", e) }
            return .bool
        case .lt, .le, .gt, .ge:
            let ok = ta.fits(tb) || tb.fits(ta)
            if !ok { error("cannot compare \(ta) with \(tb)", e) } else {
                for (t, x) in [(ta, a), (tb, b)] {
                    if case .list = t { error("cannot order a list", x) }
                    if t == .period || t == .table { error("cannot order a \(t)", x) }
                }
            }
            return .bool
        case .in, .notIn:
            switch tb {
            case .any: break
            case .period: if !ta.fits(.date) { error("only a date can be 'in' a period, found \(ta)", a) }
            case .list(let el): if !(ta.fits(el) || el.fits(ta)) { error("cannot look for \(ta) in a list of \(el)", e) }
            case .text: if !ta.fits(.text) { error("cannot look for \(ta) in text", e) }
            default: error("'\(op.rawValue)' needs a list, a period or text on its right, found \(tb)", b)
            }
            return .bool
        case .contains:
            switch ta {
            case .any: break
            case .list(let el): if !(tb.fits(el) || el.fits(tb)) { error("a list of \(el) cannot contain \(tb)", e) }
            case .text: if !tb.fits(.text) { error("text can only contain text, found \(tb)", b) }
            default: error("'contains' needs a list or text on its left, found \(ta)", a)
            }
            return .bool
        }
    }
}
