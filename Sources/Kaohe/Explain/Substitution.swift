/// Writes an expression with the numbers put in: `开工项目 / 签约项目` → `36 / 42`.
///
/// Names and fields become their values (rates as percentages); literals stay as written;
/// functions and operators keep their shape, so the line reads like the rule.
enum Substitution {
    /// (`lang`: true/false and none are written 是/否/空, or yes/no/none in English.)
    static func render<Env: Environment>(_ expression: Expression, _ env: Env, _ lang: Language) -> String {
        render(expression.root, expression, env, parentPrecedence: 0, lang)
    }

    static func precedence(_ e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _):
            switch op {
            case .or: return 1
            case .and: return 2
            case .eq, .ne, .lt, .le, .gt, .ge, .in, .notIn, .contains: return 4
            case .add, .sub: return 6
            case .mul, .div: return 7
            }
        case .unary(.not, _): return 3
        case .range: return 5
        case .unary(.negate, _): return 8
        default: return 10
        }
    }

    static func render<Env: Environment>(_ e: Expr, _ x: Expression, _ env: Env, parentPrecedence: Int, _ lang: Language) -> String {
        let p = precedence(e)
        let text: String
        switch e.kind {
        case .literal:
            text = x.text(of: e)
        case .list:
            text = x.text(of: e)
        case .name(let n):
            let v = (try? Evaluator(x, env).eval(e)) ?? .none
            text = ExplainFormat.value(v, percent: n == "rate" || n == "rank_pct" || (n == "basis" && isFraction(v)), lang)
        case .member(_, let field):
            let v = (try? Evaluator(x, env).eval(e)) ?? .none
            text = ExplainFormat.value(v, percent: field == "rate", lang)
        case .index:
            let v = (try? Evaluator(x, env).eval(e)) ?? .none
            text = ExplainFormat.value(v, lang)
        case .call(let name, let args):
            if Builtins.scopeFunctions.contains(name) {
                let v = (try? Evaluator(x, env).eval(e)) ?? .none
                text = ExplainFormat.value(v, lang)
            } else {
                let rendered = args.enumerated().map { i, a in
                    // A tier table's name stays a name.
                    ["bracket", "marginal", "lookup"].contains(name) && i == 1 ? x.text(of: a) : render(a, x, env, parentPrecedence: 0, lang)
                }
                text = "\(name)(" + rendered.joined(separator: ", ") + ")"
            }
        case .unary(.negate, let a):
            text = "-" + render(a, x, env, parentPrecedence: p, lang)
        case .unary(.not, let a):
            text = "not " + render(a, x, env, parentPrecedence: p, lang)
        case .binary(let op, let a, let b):
            let symbol: String
            switch op {
            case .mul: symbol = "×"
            case .div: symbol = "÷"
            case .sub: symbol = "−"
            default: symbol = op.rawValue
            }
            text = render(a, x, env, parentPrecedence: p, lang) + " \(symbol) " + render(b, x, env, parentPrecedence: p + 1, lang)
        case .range(let a, let b):
            text = render(a, x, env, parentPrecedence: p, lang) + " .. " + render(b, x, env, parentPrecedence: p, lang)
        }
        return p < parentPrecedence ? "(" + text + ")" : text
    }

    static func isFraction(_ v: Value) -> Bool {
        if case .number(let n) = v { return n.magnitude <= Fixed(10) && !n.isInteger }
        return false
    }
}
