/// Steps 6–8 of SPEC §6: deposits, rewards, penalties, then titles.
enum Outcomes {
    struct Result {
        var deposits: [[DepositResult]]
        var rewards: [[RewardResult]]
        var penalties: [[String]]
        var titles: [[String]]
    }

    /// Step 6: every unit's deposits settled (deductions from `periodStates`).
    static func deposits(_ state: UnitState, periodStates: [(DeductPeriod, UnitState)], _ d: inout Diagnostics) -> [[DepositResult]] {
        let n = state.ledger.units.count
        var result = Result(deposits: Array(repeating: [], count: n), rewards: [], penalties: [], titles: [])
        if let spec = state.scheme.deposits {
            deposits(spec, state, periodStates, &result, &d)
        }
        return result.deposits
    }

    /// Steps 7 and 8 for every unit, with its settled `deposits`.
    static func evaluate(_ state: UnitState, _ aggregates: Engine.Aggregates, deposits: [[DepositResult]],
                         _ d: inout Diagnostics) -> Result {
        let n = state.ledger.units.count
        var result = Result(deposits: deposits, rewards: Array(repeating: [], count: n),
                            penalties: Array(repeating: [], count: n), titles: Array(repeating: [], count: n))
        struct Part {
            var rewards: [[RewardResult]] = []
            var penalties: [[String]] = []
            var titles: [[String]] = []
            var diagnostics = Diagnostics()
        }
        /// Rewards, penalties and titles of units `lo..<hi`.
        func units(_ lo: Int, _ hi: Int) -> Part {
            var part = Part()
            // Each piece resolves the rules and copies their names for itself: the cores then
            // count references to objects of their own (``Swift/String/unshared``).
            let names = Names(state, aggregates, unshared: true)
            for u in lo..<hi {
                let o = unit(u, state, names, &part.diagnostics)
                part.rewards.append(o.rewards)
                part.penalties.append(o.penalties)
                part.titles.append(o.titles)
            }
            return part
        }
        // Units are independent: in eight pieces on the cores (two halves left one core idle
        // whenever the other was busy with something else), put back in order (explanations,
        // which collect into one tracer, in one piece).
        let pieces = state.tracer == nil && n >= 2_000 ? 8 : 1
        let parts = parallelMap(pieces) { k in units(n * k / pieces, n * (k + 1) / pieces) }
        var u = 0
        for part in parts {
            for k in part.rewards.indices {
                result.rewards[u] = part.rewards[k]
                result.penalties[u] = part.penalties[k]
                result.titles[u] = part.titles[k]
                u += 1
            }
            d.append(contentsOf: part.diagnostics)
        }
        return result
    }

    /// What rewards, penalties and titles read, looked up once for every unit.
    struct Names {
        var rewards: RewardNames
        var penalties: [ResolvedNames]
        var titles: [ResolvedNames]
        /// The penalties' and titles' names, as the results hold them.
        var penaltyNames: [String]
        var titleNames: [String]

        /// `unshared`: the rules' names copied (``Swift/String/unshared``), for one piece of
        /// the units on one core.
        init(_ state: UnitState, _ aggregates: Engine.Aggregates, unshared: Bool = false) {
            rewards = RewardNames(state, aggregates, unshared: unshared)
            penalties = state.scheme.penalties.map { ResolvedNames($0.when, state) }
            titles = state.scheme.titles.map { ResolvedNames($0.when, state) }
            penaltyNames = state.scheme.penalties.map { unshared ? $0.name.unshared : $0.name }
            titleNames = state.scheme.titles.map { unshared ? $0.name.unshared : $0.name }
        }
    }

    /// Steps 7 and 8 for unit `u`: its rewards, penalties, then titles (explained when traced).
    static func unit(_ u: Int, _ state: UnitState, _ names: Names, _ d: inout Diagnostics)
        -> (rewards: [RewardResult], penalties: [String], titles: [String]) {
        let rewards = Outcomes.rewards(u, state, names.rewards, &d)
        var penalties: [String] = [], titles: [String] = []
        var blockedBy: [String] = []
        let tracer = state.tracer.flatMap { $0.traces(u) ? $0 : nil }
        var env: UnitEnvironment { UnitEnvironment(state: state, unit: u) }   // (explanations only)
        // (The rules read in place: a rule copied out of the scheme at every unit retained
        // each of its parts.)
        let penaltyRules = state.scheme.penalties, titleRules = state.scheme.titles
        for k in penaltyRules.indices {
            let h = holds(ResolvedEnvironment(state, u, names.penalties[k]), u, state, "penalty \(penaltyRules[k].name)", &d)
            if h {
                penalties.append(names.penaltyNames[k])
                if penaltyRules[k].blocksTitles { blockedBy.append(penaltyRules[k].name) }
            }
            guard let tracer else { continue }
            let p = penaltyRules[k]
            let lang = tracer.language
            tracer.update(u, state) {
                $0.penalties.append(Step(key: "penalties.\(p.name)", label: lang.pick("处罚", "Penalty"), value: .bool(h),
                                         formula: condition(p.name, p.when, env, h, lang), rule: p.location,
                                         notes: h && p.blocksTitles ? [lang.pick("取消评先评优（称号）资格", "no longer eligible for titles")] : []))
            }
        }
        for k in titleRules.indices {
            let h = holds(ResolvedEnvironment(state, u, names.titles[k]), u, state, "title \(titleRules[k].name)", &d)
            let granted = h && !state.vetoed[u] && blockedBy.isEmpty
            if granted { titles.append(names.titleNames[k]) }
            if let tracer {
                let t = titleRules[k]
                let lang = tracer.language
                var notes: [String] = []
                if h && state.vetoed[u] { notes.append(lang.pick("单位被一票否决，不得称号", "the unit is vetoed: no titles")) }
                if h && !blockedBy.isEmpty {
                    notes.append(lang.pick("因 \(blockedBy.joined(separator: "、")) 取消称号资格",
                                           "not eligible for titles because of \(blockedBy.joined(separator: ", "))"))
                }
                tracer.update(u, state) {
                    $0.titles.append(Step(key: "titles.\(t.name)", label: lang.pick("称号", "Title"), value: .bool(granted),
                                          formula: condition(t.name, t.when, env, h, lang), rule: t.location, notes: notes))
                }
            }
        }
        return (rewards, penalties, titles)
    }

    /// A penalty's or a title's condition with the numbers put in, and whether it holds:
    /// `通报批评：total < 60（80.4 < 60）→ 否` (`通报批评: total < 60 (80.4 < 60) → no`).
    static func condition(_ name: String, _ when: CompiledExpression, _ env: UnitEnvironment, _ holds: Bool, _ lang: Language) -> String {
        let values = Substitution.render(when.expression, env, lang)
        switch lang {
        case .zh: return "\(name)：\(when.description)（\(values)）→ \(holds ? "是" : "否")"
        case .en: return "\(name): \(when.description) (\(values)) → \(holds ? "yes" : "no")"
        }
    }

    /// Whether the condition `env` was resolved for holds there; false, with an error naming
    /// `what` and the unit, when it cannot be evaluated.
    static func holds(_ env: ResolvedEnvironment, _ u: Int, _ state: UnitState,
                      _ what: @autoclosure () -> String, _ d: inout Diagnostics) -> Bool {
        if let fast = env.names.fast { return fast(env.state, env.unit) }
        let x = env.names.expression
        do throws(EvaluationError) {
            return try UnitCompiler.truth(try env.names.evaluate(env), x.text(of: x.root), x.root)
        } catch {
            d.error("\(what()) for \(state.ledger.units[u].name): \(error.message)", at: x.source.location(at: error.range?.lowerBound ?? 0))
            return false
        }
    }

    /// The amount the expression `env` was resolved for gives there (none is 0); nil, with an
    /// error naming `what` and the unit, when it cannot be evaluated or is not a number.
    static func money(_ env: ResolvedEnvironment, _ u: Int, _ state: UnitState,
                      _ what: @autoclosure () -> String, _ d: inout Diagnostics) -> Fixed? {
        if let fast = env.names.fastNumber, let x = fast(env.state, env.unit) { return x }
        do throws(EvaluationError) {
            let v = try env.names.evaluate(env)
            switch v {
            case .number(let x): return x
            case .none: return .zero
            default: throw EvaluationError("gave \(v.literal), not an amount")
            }
        } catch {
            d.error("\(what()) for \(state.ledger.units[u].name): \(error.message)", at: env.names.expression.source.location(at: error.range?.lowerBound ?? 0))
            return nil
        }
    }

    /// Money is rounded half-up to 0.01 元.
    /// (A rounder made at each call, from a literal table, rather than a lazy global read
    /// through its once-check.)
    @inline(__always)
    static func cents(_ x: Fixed) -> Fixed { Rounder(places: 2).round(x) }

    static func deposits(_ spec: DepositsSpec, _ state: UnitState, _ periodStates: [(DeductPeriod, UnitState)],
                         _ result: inout Result, _ d: inout Diagnostics) {
        guard let data = state.ledger.datasets[spec.dataset] else { return }
        let cols = data.columnNames
        let amountColumn = data.columnIndex[spec.amountColumn]
        let nameColumn = data.columnIndex[spec.nameColumn]
        let roleColumn = data.columnIndex[spec.roleColumn]
        // The names of every deposit expression, resolved once: bound names, then the
        // record's columns (as the `extra` of a unit environment: `amount` in deductions;
        // `amount`, `deducted`, `basis` in settle rows; only the columns in `basis`).
        func names(_ e: CompiledExpression, _ bound: [String]) -> ResolvedNames {
            ResolvedNames(e, state, columns: data.columnIndex, bound: bound)
        }
        let settleBound = ["amount", "deducted", "basis"]
        /// The settlements of records `lo..<hi`, in record order, and their diagnostics.
        func settle(_ lo: Int, _ hi: Int) -> (settled: [(unit: Int, result: DepositResult)], diagnostics: Diagnostics) {
        // Each piece resolves and compiles the expressions for itself: the two cores then
        // count references to objects of their own (taking turns at the same counters made
        // every evaluation several times slower).
        let deductNames = spec.deduct.map { (when: names($0.when, ["amount"]), amount: names($0.amount, ["amount"])) }
        let basisNames = spec.basis.map { names($0, []) }
        let settleNames = spec.settle.map { row in
            (when: row.when.map { names($0, settleBound) }, refund: names(row.refund, settleBound), reward: row.reward.map { names($0, settleBound) })
        }
        var settled: [(unit: Int, result: DepositResult)] = []
        var d = Diagnostics()
        let record = DepositRecord(data, 0)
        // One environment per state, at the piece's record, made once: the unit's (`envs[0]`)
        // and each period's (`envs[1 + p]`); each evaluation sets its unit, names and bound
        // values. (An environment made and dropped at every evaluation retained and released
        // the shared unit states, from both cores at once: a third of the deposits' time.)
        var envs: [ResolvedEnvironment] = []
        if let any = settleNames.first?.refund ?? basisNames ?? deductNames?.when {
            for s in [state] + periodStates.map(\.1) {
                var env = ResolvedEnvironment(s, 0, any)
                env.record = record
                envs.append(env)
            }
        }
        /// `body` on environment `k` set for unit `u`, `names` and `count` of the bound values.
        func with<T>(_ k: Int, _ u: Int, _ names: ResolvedNames, _ bound: (Value, Value, Value), _ count: Int,
                     _ body: (inout ResolvedEnvironment) -> T) -> T {
            envs[k].unit = u
            envs[k].names = names
            envs[k].boundCount = count
            envs[k].bound = (bound.0, bound.1, bound.2, .none)
            // (Lent in place, and exclusively: `body(envs[k])`, and `body($0[k])` of the
            // array's buffer, copied the environment, retaining each of its references, at
            // every evaluation; read from an `inout`, it need not be copied.)
            return envs.withUnsafeMutableBufferPointer { body(&$0[k]) }
        }
        // Whether `when` holds for a unit in a period does not depend on the record when it reads
        // no column and no bound name: then once per unit and period (errors are not kept, so
        // that each record reports its own).
        var heldBy: [(unit: Int, holds: Bool)?] = Array(repeating: nil, count: periodStates.count)
        var basisOf: (unit: Int, value: Value)?
        for r in lo..<hi {
            record.index = r
            let amount: Fixed = amountColumn.flatMap { data.value($0, r).number } ?? .zero
            let name = nameColumn.map { data.value($0, r).description } ?? ""
            let role = roleColumn.map { c in data.value(c, r) }.map { $0.isNone ? "" : $0.description } ?? ""
            for credit in data.credits[r] {
                let u = credit.unit
                // Periodic deductions: each ended quarter (month) where `when` holds costs `amount`.
                var deducted = Fixed.zero
                var deductedIn: [String] = []
                if let names = deductNames {
                    let bound: (Value, Value, Value) = (.number(amount), .none, .none)
                    for (p, (period, ps)) in periodStates.enumerated() {
                        let h: Bool
                        if let held = heldBy[p], held.unit == u {
                            h = held.holds
                        } else {
                            let before = d.items.count
                            h = with(1 + p, u, names.when, bound, 1) { env in holds(env, u, ps, "deduct when (\(period.label))", &d) }
                            let failed = d.items.count != before
                            heldBy[p] = names.when.readsRecord || failed ? nil : (u, h)
                        }
                        guard h else { continue }
                        if let x = with(1 + p, u, names.amount, bound, 1, { env in money(env, u, ps, "deduct amount (\(period.label))", &d) }) {
                            deducted = deducted + x
                            deductedIn.append(period.label)
                        }
                    }
                }
                var basis: Value = .none
                if let b = spec.basis, let names = basisNames {
                    if let known = basisOf, known.unit == u {
                        basis = known.value
                    } else {
                        let got = with(0, u, names, (.none, .none, .none), 0) { env -> Swift.Result<Value, EvaluationError> in
                            do throws(EvaluationError) { return .success(try env.names.evaluate(env)) } catch { return .failure(error) }
                        }
                        switch got {
                        case .success(let v):
                            basis = v
                            basisOf = names.readsRecord ? nil : (u, basis)
                        case .failure(let error):
                            basisOf = nil
                            d.error("deposits basis for \(state.ledger.units[u].name): \(error.message)", at: b.location)
                        }
                    }
                }
                let bound: (Value, Value, Value) = (.number(amount), .number(deducted), basis)
                var refund = Fixed.zero, reward = Fixed.zero
                var usedRow: Int?
                if !state.vetoed[u] {
                    for (k, names) in settleNames.enumerated() {
                        if let wn = names.when, !with(0, u, wn, bound, 3, { env in holds(env, u, state, "settle when", &d) }) { continue }
                        refund = with(0, u, names.refund, bound, 3) { env in money(env, u, state, "refund", &d) } ?? .zero
                        if let rn = names.reward {
                            reward = with(0, u, rn, bound, 3) { env in money(env, u, state, "reward", &d) } ?? .zero
                        }
                        usedRow = k
                        break
                    }
                }
                let unclamped = refund
                refund = cents(min(max(refund, .zero), amount))
                reward = cents(max(reward, .zero))
                if let t = state.tracer, t.traces(u) {
                    let used = usedRow.map { spec.settle[$0] }
                    var extra: [String: Value] = [:]
                    for (c, name) in cols.enumerated() { extra[name] = data.value(c, r) }
                    extra["amount"] = .number(amount)
                    extra["deducted"] = .number(deducted)
                    extra["basis"] = basis
                    var env = UnitEnvironment(state: state, unit: u)
                    env.extra = extra
                    var steps: [Step] = []
                    let who = "deposits.\(name)"
                    let lang = t.language
                    /// `侯玉（党委书记）`, `侯玉 (党委书记)`.
                    let person = name + lang.pick("（", " (") + role + lang.pick("）", ")")
                    steps.append(Step(key: "\(who).paid", label: lang.pick("缴纳", "Paid"), value: .number(amount),
                                      formula: person + lang.pick("缴纳 ", " paid ") + "\(ExplainFormat.number(amount)) 元", rule: spec.location))
                    var dNotes: [String] = []
                    if let rule = spec.deduct {
                        switch lang {
                        case .zh:
                            dNotes.append(deductedIn.isEmpty ? "各\(rule.every == .quarter ? "季度" : "月")均未触发扣减条件 \(rule.when.description)"
                                          : "\(deductedIn.joined(separator: "、")) 满足 \(rule.when.description)，每次扣减 \(rule.amount.description)")
                        case .en:
                            dNotes.append(deductedIn.isEmpty ? "no \(rule.every == .quarter ? "quarter" : "month") met the deduction condition \(rule.when.description)"
                                          : "\(deductedIn.joined(separator: ", ")) met \(rule.when.description); \(rule.amount.description) deducted each time")
                        }
                    }
                    steps.append(Step(key: "\(who).deducted", label: lang.pick("扣减", "Deducted"), value: .number(deducted),
                                      formula: lang.pick("扣减", "deducted") + " = \(ExplainFormat.number(deducted)) 元", rule: spec.deduct?.location, notes: dNotes))
                    var refundF: String
                    var rNotes: [String] = []
                    if state.vetoed[u] {
                        refundF = lang.pick("单位被一票否决：抵押金全部没收，退还 0", "the unit is vetoed: the whole deposit is forfeited, refund 0")
                    } else if let row = used {
                        let cond = row.when.map {
                            "\($0.description)" + lang.pick("（", " (") + Substitution.render($0.expression, env, lang) + lang.pick("）", ")")
                        } ?? lang.pick("其余情形", "otherwise")
                        refundF = lang.pick("退还", "refund")
                            + " = \(row.refund.description) = \(Substitution.render(row.refund.expression, env, lang)) = \(ExplainFormat.trimmed(unclamped, 2))"
                        rNotes.append(lang.pick("适用：", "applies: ") + cond)
                        if unclamped != refund {
                            rNotes.append(lang.pick("限 0 … \(ExplainFormat.number(amount)) 元，并保留到分：",
                                                    "kept within 0 … \(ExplainFormat.number(amount)) 元 and rounded to cents: ")
                                          + ExplainFormat.trimmed(refund, 2))
                        }
                        if let b = spec.basis { rNotes.append("basis = \(b.description) = \(ExplainFormat.value(basis, percent: Substitution.isFraction(basis), lang))") }
                    } else {
                        refundF = lang.pick("没有适用的退还规则：退还 0", "no settle rule applies: refund 0")
                    }
                    steps.append(Step(key: "\(who).refund", label: lang.pick("退还", "Refund"), value: .number(refund), formula: refundF,
                                      rule: used?.location, notes: rNotes))
                    var rewardF = lang.pick("奖励", "reward") + " = 0"
                    if let row = used, let rw = row.reward {
                        rewardF = lang.pick("奖励", "reward")
                            + " = \(rw.description) = \(Substitution.render(rw.expression, env, lang)) = \(ExplainFormat.trimmed(reward, 2))"
                    }
                    steps.append(Step(key: "\(who).reward", label: lang.pick("奖励", "Reward"), value: .number(reward), formula: rewardF, rule: used?.location))
                    steps.append(Step(key: "\(who).forfeit", label: lang.pick("没收", "Forfeit"), value: .number(amount - refund),
                                      formula: lang.pick("没收", "forfeit")
                                        + " = \(ExplainFormat.trimmed(amount, 2)) − \(ExplainFormat.trimmed(refund, 2)) = \(ExplainFormat.trimmed(amount - refund, 2))"))
                    t.update(u, state) {
                        $0.deposits.append(Step(key: who, label: lang.pick("风险抵押金", "Risk deposit"), value: .text(name), formula: person, children: steps))
                    }
                }
                settled.append((u, DepositResult(name: name, role: role, paid: amount, deducted: deducted,
                                                 deductedIn: deductedIn, refund: refund, reward: reward,
                                                 forfeit: amount - refund)))
            }
        }
        return (settled, d)
        }
        // Records are independent: in eight pieces on the cores, put back in record order
        // (explanations, which collect into one tracer, in one piece).
        let n = data.count
        let pieces = state.tracer == nil && n >= 2_000 ? 8 : 1
        for part in parallelMap(pieces, { k in settle(n * k / pieces, n * (k + 1) / pieces) }) {
            for (u, r) in part.settled { result.deposits[u].append(r) }
            d.append(contentsOf: part.diagnostics)
        }
    }

    /// What rewards read for every unit, looked up once: their expressions' names and their
    /// aggregates' values.
    struct RewardNames {
        /// What a reward's amount is, without its payload (read without copying the rule).
        enum Kind { case expression, aggregate, byRank }

        var when: [ResolvedNames?]
        var amount: [ResolvedNames?]
        var aggregated: [[Value]?]
        var kinds: [Kind]
        /// `by_rank` tables, by reward.
        var byRank: [[Int: Fixed]?]
        var max: [Fixed?]
        /// The rewards' names, as the results hold them.
        var names: [String]

        init(_ state: UnitState, _ aggregates: Engine.Aggregates, unshared: Bool = false) {
            kinds = state.scheme.rewards.map { r in
                switch r.amount {
                case .expression: return .expression
                case .aggregate: return .aggregate
                case .byRank: return .byRank
                }
            }
            byRank = state.scheme.rewards.map { r in
                if case .byRank(let table) = r.amount { return table }
                return nil
            }
            max = state.scheme.rewards.map(\.max)
            names = state.scheme.rewards.map { unshared ? $0.name.unshared : $0.name }
            when = state.scheme.rewards.map { r in r.when.map { ResolvedNames($0, state) } }
            amount = state.scheme.rewards.map { r in
                if case .expression(let e) = r.amount { return ResolvedNames(e, state) }
                return nil
            }
            aggregated = state.scheme.rewards.map { r in
                if case .aggregate = r.amount { return aggregates.values[Engine.rewardKey(r.name)] }
                return nil
            }
        }
    }

    static func rewards(_ u: Int, _ state: UnitState, _ names: RewardNames, _ d: inout Diagnostics) -> [RewardResult] {
        let tracer = state.tracer.flatMap { $0.traces(u) ? $0 : nil }
        let lang = state.lang
        func explain(_ r: RewardSpec, _ amount: Fixed, _ formula: @autoclosure () -> String, _ notes: [String] = []) {
            tracer?.update(u, state) {
                $0.rewards.append(Step(key: "rewards.\(r.name)", label: lang.pick("奖励", "Reward"), value: .number(amount), formula: formula(), rule: r.location, notes: notes))
            }
        }
        // (The rules read in place, their parts only when explained: a rule copied out of the
        // scheme at every unit retained each of its parts.)
        let rules = state.scheme.rewards
        if state.vetoed[u] {
            if tracer != nil { for r in rules { explain(r, .zero, "\(r.name) = 0", [lang.pick("单位被一票否决，不得奖励", "the unit is vetoed: no rewards")]) } }
            return []
        }
        var out: [RewardResult] = []
        var env: UnitEnvironment { UnitEnvironment(state: state, unit: u) }
        for k in rules.indices {
            if let wn = names.when[k], !holds(ResolvedEnvironment(state, u, wn), u, state, "reward \(names.names[k]) when", &d) {
                if tracer != nil, let w = rules[k].when {
                    explain(rules[k], .zero, "\(rules[k].name) = 0", [lang.pick("条件不满足：\(w.description)（\(Substitution.render(w.expression, env, lang))）",
                                                                         "condition not met: \(w.description) (\(Substitution.render(w.expression, env, lang)))")])
                }
                continue
            }
            var amount: Fixed
            // The formula is written out for explanations only.
            var formula = ""
            switch names.kinds[k] {
            case .expression:
                guard let an = names.amount[k], let x = money(ResolvedEnvironment(state, u, an), u, state, "reward \(names.names[k])", &d) else { continue }
                amount = x
                if tracer != nil, case .expression(let e) = rules[k].amount {
                    formula = "\(rules[k].name) = \(e.description) = \(Substitution.render(e.expression, env, lang)) = \(ExplainFormat.trimmed(x, 2))"
                }
            case .aggregate:
                amount = names.aggregated[k]?[u].number ?? .zero
                if tracer != nil, case .aggregate(let a) = rules[k].amount {
                    let r = rules[k]
                    let n = tracer?.counted[u]?[Engine.rewardKey(r.name)]?.count ?? 0
                    switch lang {
                    case .zh:
                        formula = "\(r.name) = Σ \(a.expression?.description ?? "")（\(a.dataset) 中 \(n) 条记录\(a.filter.map { "，条件 \($0.description)" } ?? "")）= \(ExplainFormat.trimmed(amount, 2))"
                    case .en:
                        formula = "\(r.name) = Σ \(a.expression?.description ?? "") (\(ExplainFormat.records(n)) of \(a.dataset)\(a.filter.map { ", where \($0.description)" } ?? "")) = \(ExplainFormat.trimmed(amount, 2))"
                    }
                }
            case .byRank:
                amount = names.byRank[k]?[state.rank[u]] ?? .zero
                if tracer != nil {
                    formula = rules[k].name + lang.pick("：排名第 \(state.rank[u])", ": rank \(state.rank[u])") + " → \(ExplainFormat.trimmed(amount, 2))"
                }
            }
            var notes: [String] = []
            if let m = names.max[k], amount > m {
                if tracer != nil {
                    notes.append(lang.pick("超过上限 \(ExplainFormat.number(m))，按 \(ExplainFormat.number(m)) 计",
                                           "over the maximum of \(ExplainFormat.number(m)): \(ExplainFormat.number(m)) counted"))
                }
                amount = m
            }
            amount = cents(Swift.max(amount, .zero))
            if tracer != nil {
                if amount.isZero && notes.isEmpty { notes.append(lang.pick("金额为 0", "the amount is 0")) }
                explain(rules[k], amount, formula, notes)
            }
            out.append(RewardResult(name: names.names[k], amount: amount))
        }
        return out
    }
}
