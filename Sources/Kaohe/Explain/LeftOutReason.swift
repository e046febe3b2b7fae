/// Why a record was not counted: the part of `where` that was false, with the record's values.
///
/// For `a and b and c` the first false conjunct is named; for a condition with `or`, the
/// whole disjunction. Example: `资金来源 = '省内'，要求 资金来源 in ['省外', '境外']`
/// (`资金来源 = '省内'; needs 资金来源 in ['省外', '境外']` in English).
enum LeftOutReason {
    static func explain<Env: Environment>(_ filter: Expression, _ env: Env, _ lang: Language) -> String {
        let ev = Evaluator(filter, env)
        let failing = firstFalse(filter.root, ev) ?? filter.root
        // A computed column that is false: say why, from its own definition.
        if let n = failing.nameValue, let rec = env as? RecordEnvironment, let cc = rec.computed[n] {
            return lang.pick("\(n) 不成立（\(cc.expression.description)）：", "\(n) is false (\(cc.expression.description)): ")
                + explain(cc.expression.expression, env, lang)
        }
        var names: [String] = []
        failing.walk { e in
            switch e.kind {
            case .name(let n) where !names.contains(n): names.append(n)
            default: break
            }
        }
        let values = names.compactMap { n -> String? in
            guard let v = try? env.value(of: n, failing) else { return nil }
            if case .period = v { return nil }
            return "\(n) = \(ExplainFormat.value(v, lang))"
        }
        let condition = filter.text(of: failing)
        if values.isEmpty { return lang.pick("不满足 \(condition)", "\(condition) does not hold") }
        return values.joined(separator: lang.pick("，", ", ")) + lang.pick("，要求 \(condition)", "; needs \(condition)")
    }

    static func firstFalse<Env: Environment>(_ e: Expr, _ ev: Evaluator<Env>) -> Expr? {
        if case .binary(.and, let a, let b) = e.kind {
            if let x = firstFalse(a, ev) { return x }
            return firstFalse(b, ev)
        }
        let holds = (try? ev.truth(e)) ?? false
        return holds ? nil : e
    }
}
