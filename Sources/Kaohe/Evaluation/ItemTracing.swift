/// Explanations of items, built from the values the engine has just stored (never recomputed
/// by a second path, except the words that say where a target came from).
extension Engine {
    func explainItem(_ i: Int, _ u: Int, _ state: UnitState, scaled: Bool, score: (String?, Fixed, String?)?) {
        guard let t = state.tracer else { return }
        let item = scheme.items[i]
        let places = scheme.info.round
        let value = state.values[i][u]
        let env = UnitEnvironment(state: state, unit: u)
        let lang = t.language
        var valueFormula: String?
        switch item.source {
        case .aggregate(let a):
            let n = t.counted[u]?[item.name]?.count ?? 0
            switch a.kind {
            case .count:
                valueFormula = lang.pick("\(item.name) = 计数（\(a.dataset) 中符合条件的 \(n) 条记录，按份额）= \(ExplainFormat.value(value))",
                                         "\(item.name) = count (\(ExplainFormat.records(n, matching: true)) of \(a.dataset), by share) = \(ExplainFormat.value(value, lang))")
            default:
                valueFormula = lang.pick("\(item.name) = \(a.kind.rawValue)(\(a.expression?.description ?? ""))（\(a.dataset) 中 \(n) 条记录，按份额）= \(ExplainFormat.value(value))",
                                         "\(item.name) = \(a.kind.rawValue)(\(a.expression?.description ?? "")) (\(ExplainFormat.records(n)) of \(a.dataset), by share) = \(ExplainFormat.value(value, lang))")
            }
            if let w = a.filter, let f = valueFormula { valueFormula = f + lang.pick("；条件：\(w.description)", "; where \(w.description)") }
        case .derived(let e):
            valueFormula = "\(item.name) = \(e.description) = \(Substitution.render(e.expression, env, lang)) = \(ExplainFormat.value(value, lang))"
        case .rated:
            valueFormula = nil
        }
        var x = ItemExplanation(name: item.name, section: item.section, rule: item.location,
                                value: Step(key: "\(item.name).value", label: lang.pick("完成值", "Value"), value: value, formula: valueFormula, rule: item.location))
        x.counted = t.counted[u]?[item.name] ?? []
        x.leftOut = t.leftOut[u]?[item.name] ?? []
        x.afterAsOf = t.afterAsOf[u]?[item.name] ?? []
        if let target = state.targets[i][u] {
            let (source, rule) = targetSource(item, u, lang)
            let base = scaledBack(target, scaled, item, state)
            let shown = Substitution.isFraction(.number(base)) ? ExplainFormat.percent(base) : ExplainFormat.number(base)
            var f = lang.pick("目标 = \(shown)（\(source)）", "target = \(shown) (\(source))")
            if scaled, case .lookup = item.target {
                f += lang.pick(" × 序时进度 ", " × progress ") + "\(ExplainFormat.percent(state.progress)) = \(ExplainFormat.number(target))"
            }
            x.target = Step(key: "\(item.name).target", label: lang.pick("目标", "Target"), value: .number(target), formula: f, rule: rule)
        }
        if let rate = state.rates[i][u], let target = state.targets[i][u] {
            x.rate = Step(key: "\(item.name).rate", label: lang.pick("完成率", "Completion rate"), value: .number(rate),
                          formula: lang.pick("完成率", "rate") + " = \(ExplainFormat.value(value, lang)) ÷ \(ExplainFormat.number(target)) = \(ExplainFormat.percent(rate))",
                          rule: item.location)
        }
        if let s = state.scores[i][u] {
            var lines: [String] = []
            if let (formula, raw, adjusted) = score {
                if let formula { lines.append(formula) }
                if raw != raw.rounded(places: places) {
                    lines.append(lang.pick("四舍五入保留 \(places) 位：", "rounded to \(places) places: ")
                                 + "\(ExplainFormat.trimmed(raw, 6)) → \(raw.rounded(places: places).formatted(places: places))")
                }
                if let adjusted { lines.append(adjusted) }
            }
            x.score = Step(key: "\(item.name).score", label: lang.pick("得分", "Score"), value: .number(s), formula: lines.first,
                           rule: item.location, notes: Array(lines.dropFirst()))
            x.adjustments = state.adjustments[i][u]
            x.toTake = WhatItTakes.lines(item, i, u, state)
        }
        t.update(u, state) { $0.items.append(x) }
    }

    func scaledBack(_ target: Fixed, _ scaled: Bool, _ item: Item, _ state: UnitState) -> Fixed {
        guard scaled, case .lookup = item.target, !state.progress.isZero else { return target }
        return (try? target.divided(by: state.progress)) ?? target
    }

    /// Where a unit's target of an item comes from, in words, and its position.
    func targetSource(_ item: Item, _ u: Int, _ lang: Language) -> (String, SourceLocation?) {
        switch item.target {
        case .literal(_, let loc): return (lang.pick("规则规定", "set by the rule"), loc)
        case .lookup:
            let unit = ledger.units[u]
            if let t = ledger.targets[unit.name]?[item.name] {
                return (lang.pick("目标任务表 ", "targets table ") + "\(t.location.file):\(t.location.line)", t.location)
            }
            if let g = unit.group, let t = scheme.group(named: g)?.targets[item.name] {
                return (lang.pick("\(g) 目标", "target of \(g)"), t.location)
            }
            return (lang.pick("无", "none"), nil)
        }
    }

    /// Totals, vetoes, rank and grade of the traced units.
    func explainTotals(_ state: UnitState) {
        guard let t = state.tracer else { return }
        let lang = t.language
        let places = scheme.info.round
        func f(_ x: Fixed) -> String { x.formatted(places: places) }
        for u in ledger.units.indices where t.traces(u) {
            var parts: [Item.Section: [Fixed]] = [:]
            for (i, item) in scheme.items.enumerated() where state.applies[i][u] {
                if let s = state.scores[i][u] { parts[item.section, default: []].append(s) }
            }
            func sum(_ sec: Item.Section) -> String {
                let xs = parts[sec] ?? []
                return xs.isEmpty ? "0" : xs.map(f).joined(separator: " + ")
            }
            let rawBonus = (parts[.bonus] ?? []).reduce(Fixed.zero, +)
            let rawDeduction = (parts[.deduction] ?? []).reduce(Fixed.zero, +)
            var steps: [Step] = []
            func capped(_ cap: Fixed, _ x: Fixed) -> String {
                lang.pick("，封顶 \(f(cap)) 分 = \(f(x))", ", capped at \(f(cap)) points = \(f(x))")
            }
            steps.append(Step(key: "base", label: lang.pick("基础分", "Base"), value: .number(state.base[u]),
                              formula: lang.pick("基础分", "base") + " = \(sum(.indicator)) = \(f(state.base[u]))"))
            var bonusF = lang.pick("加分", "bonus") + " = \(sum(.bonus)) = \(f(rawBonus))"
            if let cap = scheme.total.bonusCap, rawBonus > cap { bonusF += capped(cap, state.bonus[u]) }
            steps.append(Step(key: "bonus", label: lang.pick("加分", "Bonus"), value: .number(state.bonus[u]), formula: bonusF))
            var dedF = lang.pick("扣分", "deduction") + " = \(sum(.deduction)) = \(f(rawDeduction))"
            if let cap = scheme.total.deductionCap, rawDeduction > cap { dedF += capped(cap, state.deduction[u]) }
            steps.append(Step(key: "deduction", label: lang.pick("扣分", "Deduction"), value: .number(state.deduction[u]), formula: dedF))
            var totalF = lang.pick("总分", "total") + " = \(f(state.base[u])) + \(f(state.bonus[u])) − \(f(state.deduction[u])) = \(f(state.total[u]))"
            var vetoSteps: [Step] = []
            for (i, item) in scheme.items.enumerated() where item.section == .veto && state.applies[i][u] {
                let holds = state.vetoes[u].contains(item.name)
                let effect = item.veto?.effect ?? .fail
                var why = item.veto?.when.map { lang.pick("条件 ", "condition ") + $0.description }
                    ?? lang.pick("完成值 ", "value ") + "\(ExplainFormat.value(state.values[i][u], lang)) > 0"
                if holds {
                    why += effect == .zero ? lang.pick("：否决（总分计 0）", ": vetoed (the total counts as 0)")
                        : lang.pick("：否决（末等、无奖励、无称号、抵押金没收）", ": vetoed (lowest grade, no rewards, no titles, deposits forfeited)")
                } else {
                    why += lang.pick("：未否决", ": not vetoed")
                }
                vetoSteps.append(Step(key: "vetoes.\(item.name)", label: lang.pick("一票否决", "Veto"), value: .bool(holds),
                                      formula: "\(item.name)" + lang.pick("：", ": ") + why, rule: item.location))
            }
            if state.vetoes[u].contains(where: { scheme.item(named: $0)?.veto?.effect == .zero }) {
                totalF += lang.pick("（一票否决：总分计 0）", " (vetoed: the total counts as 0)")
            }
            steps.append(Step(key: "total", label: lang.pick("总分", "Total"), value: .number(state.total[u]), formula: totalF))
            t.update(u, state) {
                $0.totals = steps
                $0.vetoes = vetoSteps
            }
        }
    }

    func explainRankAndGrade(_ state: UnitState) {
        guard let t = state.tracer else { return }
        let lang = t.language
        let keys = scheme.ranking.by.map { "\($0.expression.description) \($0.descending ? "desc" : "asc")" }.joined(separator: lang.pick("、", ", "))
        for u in ledger.units.indices where t.traces(u) {
            let scope = state.scopeOf[u]
            let tied = scope.filter { $0 != u && state.rank[$0] == state.rank[u] }.map { ledger.units[$0].name }
            var notes: [String] = []
            if !tied.isEmpty { notes.append(lang.pick("与 \(tied.joined(separator: "、")) 并列", "tied with \(tied.joined(separator: ", "))")) }
            if state.vetoed[u] { notes.append(lang.pick("被一票否决的单位排在最后", "vetoed units rank last")) }
            let byGroup = scheme.ranking.within == .group
            let group = ledger.units[u].group ?? ""
            let formula: String
            switch lang {
            case .zh:
                let within = byGroup ? "\(group) \(scope.count) 个单位中" : "全部 \(scope.count) 个单位中"
                formula = "按 \(keys) 排序，在\(within)排第 \(state.rank[u])（全部单位中第 \(state.rankAll[u])）"
            case .en:
                // (A unit of no group ranks among the other ungrouped units.)
                let within = byGroup ? (group.isEmpty ? "of \(scope.count) units" : "of the \(scope.count) units of \(group)")
                    : "of all \(scope.count) units"
                formula = "ranked by \(keys): \(ExplainFormat.ordinal(state.rank[u])) \(within) (\(ExplainFormat.ordinal(state.rankAll[u])) of all units)"
            }
            let rank = Step(key: "rank", label: lang.pick("排名", "Rank"), value: .number(Fixed(state.rank[u])),
                            formula: formula,
                            rule: scheme.ranking.location, notes: notes)
            var grade: Step?
            var next: String?
            if let g = state.gradeName(u) {
                if state.vetoed[u] {
                    grade = Step(key: "grade", label: lang.pick("等次", "Grade"), value: .text(g),
                                 formula: lang.pick("被一票否决：定为末等 \(g)", "vetoed: the lowest grade (\(g))"), rule: scheme.grades.last?.location)
                } else if let row = scheme.grades.firstIndex(where: { $0.grade == g }) {
                    let rule = scheme.grades[row]
                    let cond = rule.when.map {
                        "\($0.description)" + lang.pick("（", " (") + Substitution.render($0.expression, UnitEnvironment(state: state, unit: u), lang)
                            + lang.pick("）", ")")
                    } ?? lang.pick("其余", "otherwise")
                    grade = Step(key: "grade", label: lang.pick("等次", "Grade"), value: .text(g), formula: "\(cond) → \(g)", rule: rule.location)
                    if row > 0 { next = WhatItTakes.nextGrade(scheme.grades[row - 1], total: state.total[u], places: scheme.info.round, lang) }
                }
            }
            t.update(u, state) {
                $0.rank = rank
                $0.grade = grade
                $0.nextGrade = next
            }
        }
    }
}

/// "What it would take": the smallest change of a value that raises the score.
enum WhatItTakes {
    static func lines(_ item: Item, _ i: Int, _ u: Int, _ state: UnitState) -> [String] {
        // (Only where more is better: a deduction's or a veto's "full marks" is a penalty.)
        guard let form = item.score, item.section == .indicator || item.section == .bonus else { return [] }
        guard case .number(let v) = state.values[i][u] else { return [] }
        let target = state.targets[i][u]
        let rate = state.rates[i][u]
        let places = state.scheme.info.round
        let lang = state.lang
        let isCount: Bool = {
            if case .aggregate(let a) = item.source { return a.kind == .count || a.kind == .distinct }
            return false
        }()
        let paidIn = item.name.contains("到位")
        func amount(_ need: Fixed) -> String {
            let count = ExplainFormat.trimmed(need.ceil(), 0), more = ExplainFormat.number(need)
            switch lang {
            case .zh: return isCount ? "再有 \(count) 个\(item.name)" : "\(paidIn ? "再到位" : "再增加") \(more)"
            case .en: return isCount ? "\(count) more \(item.name)" : "\(more) more\(paidIn ? " paid in" : "")"
            }
        }
        /// "可得满分 30 分": "would give full marks (30 points)".
        func fullMarks(_ p: Fixed) -> String {
            lang.pick("可得满分 \(ExplainFormat.trimmed(p, places)) 分", "would give full marks (\(ExplainFormat.points(p, places)))")
        }
        func needValue(forRate r: Fixed) -> Fixed? {
            guard let target, let x = try? r.multiplied(by: target) else { return nil }
            return x - v
        }
        var out: [String] = []
        switch form {
        case .proportional:
            guard let rate, let p = item.points else { return [] }
            if let floor = item.floor, rate < floor, let need = needValue(forRate: floor) {
                out.append("\(amount(need)) " + lang.pick("可达起评线 ", "would reach the floor of ") + ExplainFormat.percent(floor))
            }
            if rate < Fixed(1), let need = needValue(forRate: Fixed(1)) {
                out.append("\(amount(need)) \(fullMarks(p))")
            }
            if let cap = item.cap, cap > Fixed(1), rate < cap, let need = needValue(forRate: cap),
               let top = try? p.multiplied(by: cap) {
                out.append("\(amount(need)) " + lang.pick("可得最高 \(ExplainFormat.trimmed(top, places)) 分（\(ExplainFormat.percent(cap)) 封顶）",
                                                          "would give the most, \(ExplainFormat.points(top, places)) (capped at \(ExplainFormat.percent(cap)))"))
            }
        case .steps(let rows, let on):
            let x = on == .rate ? rate : v
            guard let x else { return [] }
            let current = rows.filter { $0.threshold <= x }.max { $0.threshold < $1.threshold }?.score ?? .zero
            if let next = rows.filter({ $0.threshold > x && $0.score > current }).min(by: { $0.threshold < $1.threshold }) {
                let need = on == .rate ? needValue(forRate: next.threshold) : next.threshold - v
                if let need {
                    out.append("\(amount(need)) " + lang.pick("升至 \(ExplainFormat.trimmed(next.score, places)) 分",
                                                              "would raise the score to \(ExplainFormat.points(next.score, places))"))
                }
            }
        case .linear(let x0, let y0, let x1, let y1, let on):
            let (xTop, yTop) = y1 >= y0 ? (x1, y1) : (x0, y0)
            let x = on == .rate ? rate : v
            guard let x, x < xTop else { return [] }
            let need = on == .rate ? needValue(forRate: xTop) : xTop - v
            if let need { out.append("\(amount(need)) \(fullMarks(yTop))") }
        case .each(let e, let m, let on):
            guard let m, on == .value, !e.isZero, let full = try? m.divided(by: e), v < full else { return [] }
            out.append("\(amount(full - v)) \(fullMarks(m))")
        default:
            break
        }
        return out
    }

    /// "距 优秀（总分 90 分）还差 1.63 分" ("1.63 points short of 优秀 (total 90)"), when the higher
    /// grade's condition is `total >= N`.
    static func nextGrade(_ rule: GradeRule, total: Fixed, places: Int, _ lang: Language) -> String? {
        guard let w = rule.when, case .binary(let op, let a, let b) = w.expression.root.kind,
              op == .ge || op == .gt, a.nameValue == "total", case .literal(.number(let n)) = b.kind else { return nil }
        let missing = n - total
        guard missing > .zero || (op == .gt && missing == .zero) else { return nil }
        switch lang {
        case .zh: return "距 \(rule.grade)（总分 \(op == .gt ? "超过 " : "")\(ExplainFormat.trimmed(n, places)) 分）还差 \(missing.formatted(places: places)) 分"
        case .en:
            return "\(missing.formatted(places: places)) points short of \(rule.grade) (a total \(op == .gt ? "over" : "of") \(ExplainFormat.trimmed(n, places)))"
        }
    }
}
