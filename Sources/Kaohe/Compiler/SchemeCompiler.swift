/// Turns a scheme document into a checked ``Scheme``, collecting every diagnostic.
///
/// The stages: the `scheme:` header and tables, the data declarations (columns, computed
/// columns), units and groups, the items (structure first, then expressions in dependency
/// order, so that items may refer to each other in any order and a cycle is named), the
/// outcome sections, and the domain checks of SPEC §5. Nothing is thrown: the result carries
/// the scheme (when there were no errors) and all diagnostics, sorted by position.
public struct SchemeCompiler {
    public struct Output: Sendable {
        public var scheme: Scheme?
        public var diagnostics: Diagnostics
    }

    let file: String
    var d = Diagnostics()
    var tables: [String: Table] = [:]
    var tableOrder: [String] = []
    var datasets: [Dataset] = []
    var itemInfos: [String: UnitScope.ItemInfo] = [:]
    var columnOwners: [String: String] = [:]
    var groupNames: [String] = []
    var top: Fields?
    var rawItemFields: [String: Fields] = [:]
    /// Diagnostics of re-reads whose errors were already reported once.
    var scratch = Diagnostics()
    /// The record scopes of the items' and outcomes' `from:` datasets, made once each (the
    /// datasets and the items' names are known by then).
    var itemRecordScopes: [String: RecordScope?] = [:]

    func rawSection(_ section: Item.Section) -> [DocPair]? { top?[section.key]?.pairs }

    static let topKeys = ["scheme", "tables", "data", "units", "groups", "indicators", "bonuses", "deductions",
                          "vetoes", "total", "grades", "ranking", "teams", "deposits", "rewards", "penalties", "titles"]

    /// Compiles a scheme document read from `file`.
    public static func compile(_ root: DocNode, file: String) -> Output {
        var c = SchemeCompiler(file: file)
        let scheme = c.compileRoot(root)
        return Output(scheme: c.d.hasErrors ? nil : scheme, diagnostics: Diagnostics(c.d.sorted))
    }

    mutating func compileRoot(_ root: DocNode) -> Scheme? {
        guard let top = Fields(root, known: SchemeCompiler.topKeys, what: "the scheme", &d) else { return nil }
        self.top = top
        if root.isNull {
            d.error("the scheme is empty", at: root.location)
            return nil
        }
        let info = compileInfo(top["scheme"], at: root.location)
        compileTables(top["tables"])
        let data = compileData(top["data"], info: info)
        let units = compileUnits(top["units"], at: root.location)
        let groups = compileGroups(top["groups"])
        groupNames = groups.map(\.name)
        if case .inline(let decls) = units?.source {
            checkUnitGroups(decls, hasGroups: top.has("groups"))
        }
        var items = compileItems(top)
        let order = orderItems(&items)
        compileItemExpressions(&items, order: order)
        let total = compileTotal(top["total"])
        let grades = compileGrades(top["grades"])
        let ranking = compileRanking(top["ranking"])
        let teams = compileTeams(top["teams"])
        let deposits = compileDeposits(top["deposits"])
        let rewards = compileRewards(top["rewards"])
        let penalties = compileConditions(top["penalties"], what: "penalties", allowBlocks: true)
        let titles = compileConditions(top["titles"], what: "titles", allowBlocks: false)
        checkPoints(items, groups: groups, total: total)
        checkTargets(items, groups: groups, hasTargetsDataset: datasets.contains { $0.kind == .targets })
        guard let info, let units else { return nil }
        return Scheme(file: file, info: info, tables: tables, tableOrder: tableOrder, data: data, units: units,
                      groups: groups, items: items, evaluationOrder: order, total: total, grades: grades,
                      ranking: ranking, teams: teams, deposits: deposits, rewards: rewards,
                      penalties: penalties, titles: titles)
    }

    // MARK: Scalars

    mutating func text(_ node: DocNode, _ what: String) -> String? {
        guard let s = node.scalar else {
            d.error("\(what) must be a single value, found \(node.kindName)", at: node.location)
            return nil
        }
        return s.text
    }

    mutating func number(_ node: DocNode, _ what: String) -> Fixed? {
        guard let t = text(node, what) else { return nil }
        guard let v = Fixed(parsing: t) else {
            var hint: String? = "write a number such as 40, 12.5, 80%, 3‰, 5万 or 2亿"
            if let first = t.unicodeScalars.first, first.value >= 48 && first.value <= 57 {
                hint = "a number may end in %, ‰, 万 or 亿, optionally followed by 元"
            }
            d.error("\(what): '\(t)' is not a number", at: node.location, hint: hint)
            return nil
        }
        return v
    }

    mutating func integer(_ node: DocNode, _ what: String) -> Int? {
        guard let v = number(node, what) else { return nil }
        guard let i = v.intValue else {
            d.error("\(what) must be a whole number, found \(v)", at: node.location)
            return nil
        }
        return i
    }

    mutating func bool(_ node: DocNode, _ what: String) -> Bool? {
        guard let t = text(node, what) else { return nil }
        switch t {
        case "true", "yes", "是": return true
        case "false", "no", "否": return false
        default:
            d.error("\(what) must be true or false, found '\(t)'", at: node.location)
            return nil
        }
    }

    mutating func choice<T: RawRepresentable>(_ node: DocNode, _ what: String, _ type: T.Type, _ all: [String]) -> T? where T.RawValue == String {
        guard let t = text(node, what) else { return nil }
        guard let v = T(rawValue: t) else {
            let hint = Suggest.nearest(t, in: all).map { "did you mean '\($0)'?" } ?? "one of: \(all.joined(separator: ", "))"
            d.error("\(what): '\(t)' is not one of \(all.joined(separator: ", "))", at: node.location, hint: hint)
            return nil
        }
        return v
    }

    mutating func textList(_ node: DocNode, _ what: String) -> [String]? {
        if let s = node.scalar { return [s.text] }
        guard let elements = node.elements else {
            d.error("\(what) must be a list, found \(node.kindName)", at: node.location)
            return nil
        }
        return elements.compactMap { text($0, what) }
    }

    // MARK: Expressions

    /// Parses and checks an expression where it stands; nil (with diagnostics) when wrong.
    mutating func expression(_ node: DocNode, _ scope: any NameScope, expect: ValueType? = nil, what: String) -> CompiledExpression? {
        guard let s = node.scalar else {
            var hint: String? = nil
            if node.inFlow || node.elements != nil || node.pairs != nil {
                hint = "an expression with , [ ] { } inside a flow mapping {…} must be quoted or written in block style"
            }
            d.error("\(what) must be an expression, found \(node.kindName)", at: node.location, hint: hint)
            return nil
        }
        let source = s.source
        switch Parser.parse(source) {
        case .failure(let e):
            var hint = e.hint
            if node.inFlow && !s.isQuoted {
                hint = "inside a flow mapping {…} an expression with , [ ] { } must be quoted or written in block style"
            }
            d.error(e.message, at: source.location(at: e.offset), hint: hint)
            return nil
        case .success(let expr):
            let r = Checker.check(expr, in: scope)
            d.append(contentsOf: r.diagnostics)
            if !r.diagnostics.isEmpty { return nil }
            if let expect, !r.type.fits(expect) {
                d.error("\(what) must be \(expect == .bool ? "a condition (true/false)" : "a \(expect)"), found \(r.type)", at: expr.location)
                return nil
            }
            return CompiledExpression(expression: expr, type: r.type, level: scope.level, references: Set(r.references.keys))
        }
    }

    func unitScope(_ phase: Phase, extra: [String: ValueType] = [:]) -> UnitScope {
        UnitScope(items: itemInfos, tables: tables, columnOwners: columnOwners, phase: phase, extra: extra)
    }

    /// ``recordScope(_:)`` once per dataset: for items and outcomes, compiled after the data
    /// and the items' names.
    mutating func itemRecordScope(_ dataset: String) -> RecordScope? {
        if let scope = itemRecordScopes[dataset] { return scope }
        let scope = recordScope(dataset)
        itemRecordScopes[dataset] = scope
        return scope
    }

    func recordScope(_ dataset: String) -> RecordScope? {
        guard let ds = datasets.first(where: { $0.name == dataset }) else { return nil }
        var columns: [String: ValueType] = [:]
        for c in ds.columns { columns[c.name] = c.type.valueType }
        for c in ds.computed { columns[c.name] = c.expression.type }
        var unitNames = Set(itemInfos.keys)
        for k in UnitScope.unitNames.keys where !["period", "as_of"].contains(k) { unitNames.insert(k) }
        return RecordScope(datasetName: dataset, columns: columns, tables: tables, unitNames: unitNames)
    }

    // MARK: scheme:

    static let infoKeys = ["name", "year", "period", "money", "round", "progress", "rates"]

    mutating func compileInfo(_ node: DocNode?, at rootLocation: SourceLocation) -> SchemeInfo? {
        guard let node else {
            d.error("the scheme has no 'scheme:' section (name, year, period)", at: rootLocation)
            return nil
        }
        guard let f = Fields(node, known: SchemeCompiler.infoKeys, what: "scheme", &d) else { return nil }
        let name = f["name"].flatMap { text($0, "scheme.name") } ?? ""
        if f["name"] == nil { d.error("scheme.name is missing", at: node.location) }
        let year = f["year"].flatMap { integer($0, "scheme.year") }
        var period: Period?
        if let p = f["period"] {
            if let t = text(p, "scheme.period") {
                period = Period(parsing: t)
                if period == nil {
                    d.error("scheme.period: '\(t)' is not a period", at: p.location, hint: "write it as 2021-01-01 .. 2021-12-31")
                }
            }
        } else if let year {
            period = Period(start: Day(year: year, month: 1, day: 1) ?? Day(ordinal: 0),
                            end: Day(year: year, month: 12, day: 31) ?? Day(ordinal: 0))
        } else {
            d.error("scheme.period is missing (or give scheme.year)", at: node.location)
        }
        var money = MoneyUnit.yuan
        if let m = f["money"], let t = text(m, "scheme.money") {
            switch t {
            case "元": money = .yuan
            case "万元": money = MoneyUnit(name: "万元", factor: Fixed(10_000))
            case "亿元": money = MoneyUnit(name: "亿元", factor: Fixed(100_000_000))
            default: d.error("scheme.money: '\(t)' is not 元, 万元 or 亿元", at: m.location)
            }
        }
        var round = 2
        if let r = f["round"], let v = integer(r, "scheme.round") {
            if (0...10).contains(v) { round = v } else { d.error("scheme.round must be from 0 to 10", at: r.location) }
        }
        var progress = ProgressRule.months
        if let p = f["progress"] {
            if let t = p.scalar?.text {
                switch t {
                case "months": progress = .months
                case "days": progress = .days
                default:
                    d.error("scheme.progress: '\(t)' is not months, days or a table {month: share}", at: p.location,
                            hint: Suggest.nearest(t, in: ["months", "days"]).map { "did you mean '\($0)'?" })
                }
            } else if let pairs = p.pairs {
                var rows: [(month: Int, share: Fixed)] = []
                for pair in pairs {
                    guard let m = Int(pair.key.text), (1...12).contains(m) else {
                        d.error("scheme.progress: '\(pair.key.text)' is not a month from 1 to 12", at: pair.keyLocation)
                        continue
                    }
                    if let share = number(pair.value, "scheme.progress[\(m)]") { rows.append((m, share)) }
                }
                rows.sort { $0.month < $1.month }
                progress = .table(rows)
            } else {
                d.error("scheme.progress must be months, days or a table {month: share}", at: p.location)
            }
        }
        var rates: [String: Fixed] = [:]
        if let r = f["rates"] {
            if let pairs = r.pairs {
                for pair in pairs {
                    if let v = number(pair.value, "rate of \(pair.key.text)") { rates[pair.key.text] = v }
                }
            } else {
                d.error("scheme.rates must be a mapping {currency: 元 per unit}", at: r.location)
            }
        }
        return SchemeInfo(name: name, year: year, period: period ?? Period(start: Day(ordinal: 0), end: Day(ordinal: 0)),
                          money: money, round: round, progress: progress, rates: rates, location: node.location)
    }

    // MARK: tables:

    mutating func compileTables(_ node: DocNode?) {
        guard let node else { return }
        guard let pairs = node.pairs else {
            d.error("tables must be a mapping of named tables", at: node.location)
            return
        }
        for pair in pairs {
            let name = pair.key.text
            let v = pair.value
            if let rows = v.elements {
                var tiers: [Table.Tier] = []
                for row in rows {
                    guard let cells = row.elements, cells.count == 2 else {
                        d.error("a row of table \(name) must be [threshold, value]", at: row.location)
                        continue
                    }
                    guard let t = number(cells[0], "table \(name) threshold"),
                          let x = number(cells[1], "table \(name) value") else { continue }
                    if let last = tiers.last, t <= last.threshold {
                        d.error("table \(name): thresholds must be strictly increasing (\(t) after \(last.threshold))", at: cells[0].location)
                    }
                    tiers.append(Table.Tier(threshold: t, value: x))
                }
                tables[name] = .tiers(tiers)
            } else if let entries = v.pairs {
                var keys: [String] = []
                var values: [String: Value] = [:]
                for e in entries {
                    guard let s = e.value.scalar else {
                        d.error("table \(name): the value of '\(e.key.text)' must be a single value", at: e.value.location)
                        continue
                    }
                    keys.append(e.key.text)
                    if !s.isQuoted, let n = Fixed(parsing: s.text) { values[e.key.text] = .number(n) } else { values[e.key.text] = .text(s.text) }
                }
                tables[name] = .map(keys: keys, values: values)
            } else {
                d.error("table \(name) must be a list of [threshold, value] rows or a mapping {key: value}", at: v.location)
                continue
            }
            tableOrder.append(name)
        }
    }
}
