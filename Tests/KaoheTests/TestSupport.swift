@testable import Kaohe

/// A scope for expression tests: a few columns, items and tables, at the chosen level.
struct TestScope: NameScope {
    var level: Level = .unit
    var names: [String: ValueType] = [:]
    var tables: [String: Table] = [
        "T": .tiers([.init(threshold: .zero, value: Fixed(parsing: "3‰")!),
                     .init(threshold: Fixed(parsing: "1000万")!, value: Fixed(parsing: "4‰")!),
                     .init(threshold: Fixed(parsing: "1亿")!, value: Fixed(parsing: "5‰")!)]),
        "季度扣减": .map(keys: ["组长", "中层干部", "办事员"],
                       values: ["组长": .number(Fixed(1500)), "中层干部": .number(Fixed(1000)), "办事员": .number(Fixed(500))]),
    ]
    func resolve(_ name: String) -> Resolution { names[name].map { .found($0) } ?? .unknown }
    func resolveMember(_ base: String, _ field: String) -> Resolution { .unknown }
    func table(_ name: String) -> Table? { tables[name] }
    var candidates: [String] { Array(names.keys) }
}

/// Values for the names of ``TestScope``.
struct TestEnv: Environment {
    var values: [String: Value] = [:]
    var tables: [String: Table] = TestScope().tables
    func value(of name: String, _ e: Expr) throws(EvaluationError) -> Value {
        guard let v = values[name] else { throw EvaluationError("no value for \(name)", e) }
        return v
    }
    func member(_ base: String, _ field: String, _ e: Expr) throws(EvaluationError) -> Value {
        throw EvaluationError("no member", e)
    }
    func table(_ name: String) -> Table? { tables[name] }
}

/// Parses, checks and evaluates `text`; the test fails on any diagnostic.
func evaluate(_ text: String, _ values: [String: Value] = [:], types: [String: ValueType] = [:]) throws -> Value {
    let source = ExpressionSource(text: text)
    let expr = try Parser.parse(source).get()
    let r = Checker.check(expr, in: TestScope(names: types))
    if let d = r.diagnostics.first { throw EvaluationError(d.description) }
    return try Evaluator.evaluate(expr, in: TestEnv(values: values))
}

func num(_ s: String) -> Value { .number(Fixed(parsing: s)!) }
