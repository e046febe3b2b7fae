/// The functions of the expression language (SPEC §4): their signatures for the checker and
/// their meaning for the evaluator, side by side.
public enum Builtins {
    /// Every function name with its accepted argument counts, for help and suggestions.
    public static let arities: [String: ClosedRange<Int>] = [
        "min": 2...32, "max": 2...32, "abs": 1...1, "floor": 1...1, "ceil": 1...1,
        "round": 1...2, "clamp": 3...3, "if": 3...3, "default": 2...2,
        "days": 2...2, "months": 2...2, "year": 1...1, "quarter": 1...1, "month": 1...1,
        "len": 1...1, "bracket": 2...2, "marginal": 2...2, "lookup": 2...2,
        "max_of": 1...1, "min_of": 1...1, "avg_of": 1...1, "sum_of": 1...1,
    ]

    static let scopeFunctions: Set<String> = ["max_of", "min_of", "avg_of", "sum_of"]

    static func arityText(_ r: ClosedRange<Int>) -> String {
        if r.lowerBound == r.upperBound { return r.lowerBound == 1 ? "1 argument" : "\(r.lowerBound) arguments" }
        if r.upperBound > 3 { return "at least \(r.lowerBound) arguments" }
        return "\(r.lowerBound) or \(r.upperBound) arguments"
    }

    static func check(_ name: String, _ args: [Expr], _ e: Expr, _ c: inout Checker) -> ValueType {
        guard let arity = arities[name] else {
            let hint = Suggest.nearest(name, in: Array(arities.keys)).map { "did you mean '\($0)'?" }
            c.error("unknown function '\(name)'", e, hint: hint)
            for a in args { _ = c.type(of: a) }
            return .any
        }
        guard arity.contains(args.count) else {
            c.error("\(name)() takes \(arityText(arity)), given \(args.count)", e)
            for a in args { _ = c.type(of: a) }
            return .any
        }
        func want(_ a: Expr, _ t: ValueType, _ what: String) {
            let at = c.type(of: a)
            if !at.fits(t) { c.error("\(name)() needs \(what), found \(at)", a) }
        }
        switch name {
        case "min", "max":
            var t: ValueType = .any
            for a in args {
                let at = c.type(of: a)
                if at != .any, at != .none {
                    if at != .number && at != .date && at != .bool { c.error("\(name)() compares numbers, dates or true/false, found \(at)", a) } else if t == .any { t = at } else if t != at { c.error("\(name)() mixes \(t) and \(at)", a) }
                }
            }
            return t
        case "abs", "floor", "ceil":
            want(args[0], .number, "a number"); return .number
        case "round":
            want(args[0], .number, "a number")
            if args.count == 2 {
                want(args[1], .number, "a whole number of places")
                if case .literal(.number(let n)) = args[1].kind, n.intValue == nil || (n.intValue ?? 0) < 0 || (n.intValue ?? 0) > 20 {
                    c.error("round() places must be a whole number from 0 to 20", args[1])
                }
            }
            return .number
        case "clamp":
            for a in args { want(a, .number, "numbers") }
            return .number
        case "if":
            want(args[0], .bool, "a condition first")
            let a = c.type(of: args[1]), b = c.type(of: args[2])
            if !(a.fits(b) || b.fits(a)) { c.error("if() gives \(a) or \(b): both branches must be of one type", e) }
            return a == .none || a == .any ? b : a
        case "default":
            let a = c.type(of: args[0]), b = c.type(of: args[1])
            if !(a.fits(b) || b.fits(a)) { c.error("default() of \(a) with \(b): both must be of one type", args[1]) }
            return a == .none || a == .any ? b : a
        case "days", "months":
            want(args[0], .date, "dates"); want(args[1], .date, "dates"); return .number
        case "year", "quarter", "month":
            want(args[0], .date, "a date"); return .number
        case "len":
            let t = c.type(of: args[0])
            switch t {
            case .list, .text, .any: break
            default: c.error("len() needs a list or text, found \(t)", args[0])
            }
            return .number
        case "bracket", "marginal", "lookup":
            want(args[0], .number, "a number first")
            guard let tn = args[1].nameValue, let table = c.scope.table(tn) else {
                c.error("\(name)() needs a tier table as its second argument", args[1])
                return .number
            }
            if case .map = table { c.error("\(name)() needs a tier table ([[threshold, rate], …]); \(tn) is a map", args[1]) }
            return .number
        case "max_of", "min_of", "avg_of", "sum_of":
            guard c.scope.level == .unit else {
                c.error("\(name)() compares units and is only available at unit level, not in a record condition", e)
                return .any
            }
            let t = c.type(of: args[0])
            if !t.fits(.number) { c.error("\(name)() needs a number, found \(t)", args[0]) }
            return .number
        default:
            return .any
        }
    }

    static func evaluate<Env: Environment>(_ name: String, _ args: [Expr], _ e: Expr, _ ev: Evaluator<Env>) throws(EvaluationError) -> Value {
        func wrap(_ f: () throws(ArithmeticError) -> Fixed) throws(EvaluationError) -> Value {
            do { return .number(try f()) } catch { throw EvaluationError("\(error) in \(ev.expression.text(of: e))", e) }
        }
        func date(_ a: Expr) throws(EvaluationError) -> Day? {
            switch try ev.eval(a) {
            case .date(let d): return d
            case .none: return nil
            case let v: throw EvaluationError("\(ev.expression.text(of: a)) is \(v.literal), not a date", a)
            }
        }
        func tiers(_ a: Expr) throws(EvaluationError) -> [Table.Tier] {
            guard let n = a.nameValue, let t = ev.env.table(n), case .tiers(let rows) = t else {
                throw EvaluationError("\(name)() needs a tier table", a)
            }
            return rows
        }
        switch name {
        case "min", "max":
            var best: Value?
            for a in args {
                let v = try ev.eval(a)
                if v.isNone { throw EvaluationError("\(ev.expression.text(of: a)) is empty (none) in \(name)()", a) }
                guard let b = best else { best = v; continue }
                guard let c = Value.compare(v, b) else { throw EvaluationError("\(name)() cannot compare \(v.literal) with \(b.literal)", a) }
                if (name == "min" && c < 0) || (name == "max" && c > 0) { best = v }
            }
            return best ?? .none
        case "abs": return .number(try ev.number(args[0]).magnitude)
        case "floor": return .number(try ev.number(args[0]).floor())
        case "ceil": return .number(try ev.number(args[0]).ceil())
        case "round":
            let x = try ev.number(args[0])
            var places = 0
            if args.count == 2 {
                guard let p = try ev.number(args[1]).intValue, (0...20).contains(p) else {
                    throw EvaluationError("round() places must be a whole number from 0 to 20", args[1])
                }
                places = p
            }
            return .number(x.rounded(places: places))
        case "clamp":
            let x = try ev.number(args[0]), lo = try ev.number(args[1]), hi = try ev.number(args[2])
            return .number(min(max(x, lo), hi))
        case "if":
            return try ev.truth(args[0]) ? ev.eval(args[1]) : ev.eval(args[2])
        case "default":
            let v = try ev.eval(args[0])
            return v.isNone ? try ev.eval(args[1]) : v
        case "days":
            guard let a = try date(args[0]), let b = try date(args[1]) else { return .none }
            return .number(Fixed(b.ordinal - a.ordinal))
        case "months":
            guard let a = try date(args[0]), let b = try date(args[1]) else { return .none }
            return .number(Fixed(Day.months(from: a, to: b)))
        case "year":
            guard let d = try date(args[0]) else { return .none }
            return .number(Fixed(d.year))
        case "quarter":
            guard let d = try date(args[0]) else { return .none }
            return .number(Fixed(d.quarter))
        case "month":
            guard let d = try date(args[0]) else { return .none }
            return .number(Fixed(d.month))
        case "len":
            switch try ev.eval(args[0]) {
            case .list(let l): return .number(Fixed(l.count))
            case .text(let t): return .number(Fixed(t.count))
            case .none: return .number(.zero)
            case let v: throw EvaluationError("len() of \(v.literal)", args[0])
            }
        case "bracket":
            let x = try ev.number(args[0]); let rows = try tiers(args[1])
            return try wrap { () throws(ArithmeticError) in try Table.bracket(x, rows) }
        case "marginal":
            let x = try ev.number(args[0]); let rows = try tiers(args[1])
            return try wrap { () throws(ArithmeticError) in try Table.marginal(x, rows) }
        case "lookup":
            let x = try ev.number(args[0]); let rows = try tiers(args[1])
            return .number(Table.lookup(x, rows))
        case "max_of", "min_of", "avg_of", "sum_of":
            return try ev.env.scopeAggregate(name, args[0], ev.expression)
        default:
            throw EvaluationError("unknown function '\(name)'", e)
        }
    }
}
