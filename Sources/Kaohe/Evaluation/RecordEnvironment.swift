/// The names of a record-level expression at one record: its columns, computed columns,
/// `period`, `as_of` and the crediting unit's `share`.
struct RecordEnvironment: Environment {
    let data: DatasetData
    let computed: [String: ComputedColumn]
    let tables: [String: Table]
    let period: Period
    let asOf: Day
    var record: Int
    var share: Fixed

    func value(of name: String, _ e: Expr) throws(EvaluationError) -> Value {
        if let c = data.columnIndex[name] { return data.value(c, record) }
        if let cc = computed[name] { return try Evaluator.evaluate(cc.expression.expression, in: self) }
        switch name {
        case "period": return .period(period)
        case "as_of": return .date(asOf)
        case "share": return .number(share)
        default: throw EvaluationError("unknown name '\(name)'", e)
        }
    }

    func member(_ base: String, _ field: String, _ e: Expr) throws(EvaluationError) -> Value {
        throw EvaluationError("'\(base).\(field)' is not a record-level name", e)
    }

    func table(_ name: String) -> Table? { tables[name] }
}
