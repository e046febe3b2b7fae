extension SchemeCompiler {
    mutating func compileTotal(_ node: DocNode?) -> TotalSpec {
        var t = TotalSpec(bonusCap: nil, deductionCap: nil, max: Fixed(100))
        guard let node, let f = Fields(node, known: ["bonus_cap", "deduction_cap", "max"], what: "total", &d) else { return t }
        t.bonusCap = f["bonus_cap"].flatMap { number($0, "total.bonus_cap") }
        t.deductionCap = f["deduction_cap"].flatMap { number($0, "total.deduction_cap") }
        if let m = f["max"].flatMap({ number($0, "total.max") }) { t.max = m }
        return t
    }

    mutating func compileGrades(_ node: DocNode?) -> [GradeRule] {
        guard let node else { return [] }
        guard let rows = node.elements else {
            d.error("grades must be a list of {grade: NAME, when: CONDITION}", at: node.location)
            return []
        }
        var out: [GradeRule] = []
        for (i, row) in rows.enumerated() {
            guard let f = Fields(row, known: ["grade", "when"], what: "a grade", &d) else { continue }
            guard let g = f["grade"].flatMap({ text($0, "grade") }) else {
                d.error("a grade row needs grade: NAME", at: row.location)
                continue
            }
            var when: CompiledExpression?
            if let w = f["when"] {
                when = expression(w, unitScope(.ranked), expect: .bool, what: "grade \(g) when")
                if when == nil { continue }
            } else if i != rows.count - 1 {
                d.error("grade \(g) has no when: but is not the last row; the rows after it can never apply", at: row.location)
            }
            out.append(GradeRule(grade: g, when: when, location: row.location))
        }
        return out
    }

    mutating func compileRanking(_ node: DocNode?) -> RankingSpec {
        let totalKey = Parser.parse(ExpressionSource(text: "total")).map { e in
            CompiledExpression(expression: e, type: .number, level: .unit, references: [])
        }
        var spec = RankingSpec(within: .group, by: [], ties: .shared, location: node?.location)
        if case .success(let k) = totalKey { spec.by = [RankingSpec.Key(expression: k, descending: true)] }
        guard let node, let f = Fields(node, known: ["within", "by", "ties"], what: "ranking", &d) else { return spec }
        if let w = f["within"], let v = choice(w, "ranking.within", RankingSpec.Scope.self, ["group", "all"]) { spec.within = v }
        if let t = f["ties"], let v = choice(t, "ranking.ties", RankingSpec.Ties.self, ["shared", "order"]) { spec.ties = v }
        if let by = f["by"] {
            let keys = by.elements ?? [by]
            var out: [RankingSpec.Key] = []
            for k in keys {
                guard let s = k.scalar else {
                    d.error("a ranking key must be EXPRESSION asc|desc", at: k.location)
                    continue
                }
                var text = s.text.trimmingSpaces
                var descending = true
                for (suffix, desc) in [(" desc", true), (" asc", false)] where text.hasSuffix(suffix) {
                    text.removeLast(suffix.count)
                    descending = desc
                }
                let trimmed = DocScalar(text: text, style: s.style, lineStarts: s.lineStarts)
                let node = DocNode(.scalar(trimmed), at: k.location, inFlow: k.inFlow)
                if let e = expression(node, unitScope(.totals), what: "ranking key") {
                    if case .list = e.type { d.error("a ranking key cannot be a list", at: e.location) } else {
                        out.append(RankingSpec.Key(expression: e, descending: descending))
                    }
                }
            }
            if !out.isEmpty { spec.by = out }
        }
        return spec
    }

    mutating func compileTeams(_ node: DocNode?) -> TeamsSpec? {
        guard let node, let f = Fields(node, known: ["score"], what: "teams", &d) else { return nil }
        var score = TeamsSpec.Score.average
        if let s = f["score"], let v = choice(s, "teams.score", TeamsSpec.Score.self, ["sum", "average"]) { score = v }
        return TeamsSpec(score: score, location: node.location)
    }

    static let depositKeys = ["from", "amount", "name", "role", "basis", "settle", "deduct"]

    mutating func compileDeposits(_ node: DocNode?) -> DepositsSpec? {
        guard let node, let f = Fields(node, known: SchemeCompiler.depositKeys, what: "deposits", &d) else { return nil }
        guard let fromNode = f["from"], let from = text(fromNode, "deposits.from") else {
            d.error("deposits needs from: DATASET (the deposit ledger)", at: node.location)
            return nil
        }
        guard let ds = datasets.first(where: { $0.name == from }) else {
            d.error("deposits: unknown dataset '\(from)'", at: fromNode.location,
                    hint: Suggest.nearest(from, in: datasets.map(\.name)).map { "did you mean '\($0)'?" })
            return nil
        }
        func column(_ key: String, _ def: String) -> String {
            let c = f[key].flatMap { text($0, "deposits.\(key)") } ?? def
            if ds.column(named: c) == nil {
                d.error("deposits.\(key): dataset \(from) has no column '\(c)'", at: f[key]?.location ?? fromNode.location,
                        hint: Suggest.nearest(c, in: ds.columns.map(\.name)).map { "did you mean '\($0)'?" })
            }
            return c
        }
        let amount = column("amount", "金额")
        let name = column("name", "姓名")
        let role = column("role", "职务")
        var recordNames: [String: ValueType] = [:]
        for c in ds.columns { recordNames[c.name] = c.type.valueType }
        for c in ds.computed { recordNames[c.name] = c.expression.type }
        let basis = f["basis"].flatMap { expression($0, unitScope(.outcomes, extra: recordNames), what: "deposits.basis") }
        var names = recordNames
        names["amount"] = .number
        names["basis"] = basis?.type ?? .number
        names["deducted"] = .number
        var settle: [DepositsSpec.SettleRow] = []
        if let s = f["settle"] {
            if let rows = s.elements {
                for row in rows {
                    guard let rf = Fields(row, known: ["when", "refund", "reward"], what: "a settle row", &d) else { continue }
                    let when = rf["when"].flatMap { expression($0, unitScope(.outcomes, extra: names), expect: .bool, what: "settle when") }
                    guard let r = rf["refund"] else {
                        d.error("a settle row needs refund: (money, e.g. amount or 0)", at: row.location)
                        continue
                    }
                    guard let refund = expression(r, unitScope(.outcomes, extra: names), expect: .number, what: "refund") else { continue }
                    let reward = rf["reward"].flatMap { expression($0, unitScope(.outcomes, extra: names), expect: .number, what: "reward") }
                    settle.append(DepositsSpec.SettleRow(when: when, refund: refund, reward: reward, location: row.location))
                }
                if rows.isEmpty { d.error("deposits.settle is empty", at: s.location) }
            } else {
                d.error("deposits.settle must be a list of {when, refund, reward} rows", at: s.location)
            }
        } else {
            d.error("deposits has no settle: rows; say how each deposit is refunded", at: node.location,
                    hint: "settle: [{when: basis >= 100%, refund: amount}, {refund: 0}]")
        }
        var deduct: DepositsSpec.DeductRule?
        if let dn = f["deduct"], let df = Fields(dn, known: ["every", "when", "amount"], what: "deposits.deduct", &d) {
            var every = DepositsSpec.DeductRule.Every.quarter
            if let e = df["every"], let v = choice(e, "deduct.every", DepositsSpec.DeductRule.Every.self, ["quarter", "month"]) { every = v }
            let when = df["when"].flatMap { expression($0, unitScope(.items, extra: recordNames), expect: .bool, what: "deduct when") }
            let amt = df["amount"].flatMap { expression($0, unitScope(.items, extra: recordNames), expect: .number, what: "deduct amount") }
            if df["when"] == nil { d.error("deduct needs when: (the condition of a period that costs)", at: dn.location) }
            if df["amount"] == nil { d.error("deduct needs amount:", at: dn.location) }
            if let when, let amt { deduct = DepositsSpec.DeductRule(every: every, when: when, amount: amt, location: dn.location) }
        }
        return DepositsSpec(dataset: from, amountColumn: amount, nameColumn: name, roleColumn: role, basis: basis,
                            settle: settle, deduct: deduct, location: node.location)
    }

    static let rewardKeys = ["amount", "from", "where", "sum", "by_rank", "max", "when", "label", "note"]

    mutating func compileRewards(_ node: DocNode?) -> [RewardSpec] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            d.error("rewards must be a mapping {reward: {…}}", at: node.location)
            return []
        }
        var out: [RewardSpec] = []
        for p in pairs {
            let what = "reward \(p.key.text)"
            guard let f = Fields(p.value, known: SchemeCompiler.rewardKeys, what: what, &d) else { continue }
            var amount: RewardSpec.Amount?
            let ways = ["amount", "from", "by_rank"].filter { f.has($0) }
            if ways.count != 1 {
                d.error(ways.isEmpty ? "\(what) needs amount:, from:/sum: or by_rank:" : "\(what) has \(ways.joined(separator: " and ")); give one",
                        at: p.keyLocation)
                continue
            }
            if let a = f["amount"] {
                amount = expression(a, unitScope(.outcomes), expect: .number, what: "\(what).amount").map { .expression($0) }
            } else if let fromNode = f["from"], let ds = text(fromNode, "\(what).from") {
                guard let scope = itemRecordScope(ds) else {
                    d.error("\(what): unknown dataset '\(ds)' in from", at: fromNode.location,
                            hint: Suggest.nearest(ds, in: datasets.map(\.name)).map { "did you mean '\($0)'?" })
                    continue
                }
                let filter = f["where"].flatMap { expression($0, scope, expect: .bool, what: "\(what).where") }
                guard let s = f["sum"] else {
                    d.error("\(what) has from: but no sum:", at: p.keyLocation)
                    continue
                }
                if let e = expression(s, scope, expect: .number, what: "\(what).sum") {
                    amount = .aggregate(Aggregate(dataset: ds, filter: filter, kind: .sum, expression: e))
                }
            } else if let br = f["by_rank"] {
                guard let entries = br.pairs else {
                    d.error("\(what).by_rank must be a mapping {rank: amount}", at: br.location)
                    continue
                }
                var table: [Int: Fixed] = [:]
                for e in entries {
                    guard let r = Int(e.key.text), r >= 1 else {
                        d.error("\(what).by_rank: '\(e.key.text)' is not a rank", at: e.keyLocation)
                        continue
                    }
                    if let v = number(e.value, "\(what).by_rank[\(r)]") { table[r] = v }
                }
                amount = .byRank(table)
            }
            let max = f["max"].flatMap { number($0, "\(what).max") }
            let when = f["when"].flatMap { expression($0, unitScope(.outcomes), expect: .bool, what: "\(what).when") }
            if let amount { out.append(RewardSpec(name: p.key.text, amount: amount, max: max, when: when, location: p.keyLocation)) }
        }
        return out
    }

    mutating func compileConditions(_ node: DocNode?, what: String, allowBlocks: Bool) -> [ConditionRule] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            d.error("\(what) must be a mapping {name: condition}", at: node.location)
            return []
        }
        var out: [ConditionRule] = []
        for p in pairs {
            var whenNode = p.value
            var blocks = false
            if p.value.pairs != nil {
                let known = allowBlocks ? ["when", "blocks_titles"] : ["when"]
                guard let f = Fields(p.value, known: known, what: "\(what) \(p.key.text)", &d) else { continue }
                guard let w = f["when"] else {
                    d.error("\(p.key.text) needs when: CONDITION", at: p.keyLocation)
                    continue
                }
                whenNode = w
                blocks = f["blocks_titles"].flatMap { bool($0, "blocks_titles") } ?? false
            }
            if let e = expression(whenNode, unitScope(.outcomes), expect: .bool, what: "\(p.key.text)") {
                out.append(ConditionRule(name: p.key.text, when: e, blocksTitles: blocks, location: p.keyLocation))
            }
        }
        return out
    }
}
