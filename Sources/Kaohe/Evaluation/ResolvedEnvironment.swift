/// The names of one unit-level expression, looked up once instead of at every evaluation:
/// what each name node stands for (a record column, a bound name like `amount`, an item, or
/// one of the unit's own fields), by the node's position in the expression.
///
/// Outcomes evaluate the same few expressions for every unit and every deposit record;
/// hashing their CJK names each time (twice: the bound names, then the items) cost more than
/// the arithmetic. The lookup order is ``UnitEnvironment``'s: names bound for the expression
/// (`bound`, then the record's columns), then items, then the unit's fields.
final class ResolvedNames {
    enum Slot {
        /// `bound[k]`.
        case bound(Int)
        /// The record's column.
        case column(Int)
        case item(Int)
        /// `total`, `grade`, `unit` …: ``UnitEnvironment/special(_:_:)``.
        case special
    }

    /// By the scalar offset of each name node.
    let names: [Slot?]
    /// By the scalar offset of each `ITEM.FIELD` node.
    let members: [(item: Int, field: UnitEnvironment.ItemField)?]
    /// Whether any name is a bound one or a record's column: if not, the value is the unit's
    /// alone, the same for each of its records.
    let readsRecord: Bool
    /// The expression compiled to closures (``UnitCompiler``).
    let evaluate: UnitCompiler.Fn
    /// The expression as a ``FastCondition``, when it is one.
    let fast: FastCondition.Fn?
    /// The expression as a ``FastNumber``, when it is one.
    let fastNumber: FastNumber.Fn?
    /// `fast` and `fastNumber` for every unit at once (``FastColumns``).
    let fastColumn: FastColumns.Condition?
    let fastNumberColumn: FastColumns.Number?
    /// The expression itself (for messages and their positions).
    let expression: Expression

    /// - Parameters:
    ///   - columns: the record's columns (a deposit's), or none.
    ///   - bound: further names bound for this expression, before the columns.
    init(_ e: CompiledExpression, _ state: UnitState, columns: [String: Int] = [:], bound: [String] = []) {
        let size = e.expression.source.scalars.count + 1
        var names = [Slot?](repeating: nil, count: size)
        var members = [(item: Int, field: UnitEnvironment.ItemField)?](repeating: nil, count: size)
        var readsRecord = false
        e.expression.root.walk { node in
            let o = node.range.lowerBound
            guard o >= 0 && o < size else { return }
            switch node.kind {
            case .name(let n):
                if let k = bound.firstIndex(of: n) {
                    names[o] = .bound(k)
                    readsRecord = true
                } else if let c = columns[n] {
                    names[o] = .column(c)
                    readsRecord = true
                } else if let i = state.itemIndex[n] {
                    names[o] = .item(i)
                } else {
                    names[o] = .special
                }
            case .member(let base, let field):
                if let b = base.nameValue, b != "unit", let i = state.itemIndex[b], let f = UnitEnvironment.ItemField(rawValue: field) {
                    members[o] = (i, f)
                }
            default:
                break
            }
        }
        self.names = names
        self.members = members
        self.readsRecord = readsRecord
        self.evaluate = UnitCompiler.compile(e)
        self.expression = e.expression
        fast = bound.isEmpty && columns.isEmpty
            ? FastCondition.compile(e.expression.root, grades: state.scheme.grades.map(\.grade), items: state.itemIndex,
                                  layout: state) : nil
        fastNumber = bound.isEmpty && columns.isEmpty && fast == nil
            ? FastNumber.compile(e.expression.root, items: state.itemIndex, tables: state.scheme.tables) : nil
        fastColumn = fast == nil ? nil
            : FastColumns.condition(e.expression.root, grades: state.scheme.grades.map(\.grade), items: state.itemIndex, layout: state)
        fastNumberColumn = fastNumber == nil ? nil
            : FastColumns.number(e.expression.root, items: state.itemIndex, tables: state.scheme.tables)
    }
}

/// A unit-level environment whose names were resolved ahead (``ResolvedNames``), optionally at
/// one record of a dataset (a deposit) with up to four bound values (`amount`, `deducted`,
/// `basis`; a score formula's `value`, `target`, `rate`, `points`). Names it has no slot for are looked up as ``UnitEnvironment`` does. Small and
/// cheap to copy (the evaluator copies its environment often).
struct ResolvedEnvironment: Environment {
    let state: UnitState
    /// (Both set anew when one environment serves many evaluations: see ``Outcomes``' deposits.)
    var unit: Int
    var names: ResolvedNames
    var record: DepositRecord?
    /// The values of the `bound` names, in order.
    var bound: (Value, Value, Value, Value) = (.none, .none, .none, .none)
    var boundCount = 0

    init(_ state: UnitState, _ u: Int, _ names: ResolvedNames) {
        self.state = state
        self.unit = u
        self.names = names
    }

    var plain: UnitEnvironment { UnitEnvironment(state: state, unit: unit) }

    func value(of name: String, _ e: Expr) throws(EvaluationError) -> Value {
        let o = e.range.lowerBound
        if o >= 0 && o < names.names.count, let slot = names.names[o] {
            switch slot {
            case .bound(let k):
                if k < boundCount { return k == 0 ? bound.0 : k == 1 ? bound.1 : k == 2 ? bound.2 : bound.3 }
            case .column(let c):
                if let record { return record.data.value(c, record.index) }
            case .item(let i):
                return state.applies[i][unit] ? state.values[i][unit] : .none
            case .special:
                return try plain.special(name, e)
            }
        }
        return try plain.value(of: name, e)
    }

    func member(_ base: String, _ field: String, _ e: Expr) throws(EvaluationError) -> Value {
        let o = e.range.lowerBound
        if o >= 0 && o < names.members.count, let m = names.members[o] { return plain.member(m.item, m.field) }
        return try plain.member(base, field, e)
    }

    func table(_ name: String) -> Table? { state.scheme.tables[name] }

    func scopeAggregate(_ function: String, _ argument: Expr, _ expression: Expression) throws(EvaluationError) -> Value {
        try plain.scopeAggregate(function, argument, expression)
    }
}

/// One record of a dataset, for the record-level names of a unit-level expression (a deposit's
/// columns in its settle rows).
final class DepositRecord {
    let data: DatasetData
    var index: Int

    init(_ data: DatasetData, _ index: Int) {
        self.data = data
        self.index = index
    }
}
