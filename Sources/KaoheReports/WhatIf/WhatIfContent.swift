import Kaohe

/// What a `whatif` report says, in words and formatted numbers, shared by the terminal
/// table and the Markdown of ``WhatIfReport`` so the two agree.
///
/// Money is shown in `r.after.money` (with as many places as the amounts of a line need to
/// show exactly, at least two), scores with `r.after.round` places; every number is
/// formatted from the exact decimal text of a `Fixed`.
struct WhatIfContent {
    let r: WhatIfResult
    let lang: Language

    init(_ r: WhatIfResult, lang: Language) {
        self.r = r
        self.lang = lang
    }

    /// One line of a unit's block: `总分  80.90 → 78.50 (-2.40)`.
    struct Line {
        var label: String
        var before: String
        var after: String
        /// What follows the values: the change (`(-2.40)`, `(降 1 位)`), or empty.
        var note: String
        /// +1 when the unit is better off after, -1 when worse, 0 when neither applies.
        var direction: Int

        /// `before → after`, or the one value when it did not change.
        func values(unchanged: String) -> String {
            before == after ? before + " " + unchanged : before + " → " + after
        }
    }

    var money: MoneyUnit { r.after.money }
    var places: Int { r.after.round }

    // MARK: Header

    var title: String { lang.pick("规则变更对比：", "What if: ") + r.after.scheme }

    /// Each changed path with its text before and after (`（无）` when absent).
    var changes: [(path: String, before: String, after: String)] {
        r.changes.map { ($0.path, $0.before ?? none, $0.after ?? none) }
    }

    var none: String { lang.pick("（无）", "(none)") }

    /// `排名变化 2 个单位，等次变化 1 个，奖励变化 1 个`.
    var counts: String {
        switch lang {
        case .zh:
            return "排名变化 \(r.rankChanges) 个单位，等次变化 \(r.gradeChanges) 个，奖励变化 \(r.rewardChanges) 个"
        case .en:
            return "Rank changed for \(r.rankChanges) \(r.rankChanges == 1 ? "unit" : "units"), grade for \(r.gradeChanges), rewards for \(r.rewardChanges)"
        }
    }

    /// `奖励总额 25.00 → 21.00 万元 (-4.00)`, `奖励总额 28.00 万元 (不变)`.
    var rewardTotal: String {
        let (b, a) = r.rewardMoney
        return lang.pick("奖励总额 ", "Reward total ") + moneyChange(b, a)
    }

    // MARK: Units

    /// The heading of a unit's block: `城关镇（一类乡镇）`.
    func heading(_ d: UnitDiff) -> String {
        guard let group = d.after.group ?? d.before.group, !group.isEmpty else { return d.unit }
        return d.unit + lang.pick("（", " (") + group + lang.pick("）", ")")
    }

    /// 总分, 排名, 全部排名 (each shown even when unchanged, so the block reads whole), then
    /// every outcome that changed.
    func lines(_ d: UnitDiff) -> [Line] {
        let b = d.before, a = d.after
        var out: [Line] = []
        let delta = a.total - b.total
        out.append(Line(label: lang.pick("总分", "Total"), before: score(b.total), after: score(a.total),
                        note: delta.isZero ? "" : "(" + signed(ScoreFormat.score(delta, places: places)) + ")",
                        direction: delta.isZero ? 0 : (delta.isNegative ? -1 : 1)))
        out.append(rankLine(lang.pick("排名", "Rank"), b.rank, a.rank))
        out.append(rankLine(lang.pick("全部排名", "Overall rank"), b.rankAll, a.rankAll))
        for o in d.outcomes { out.append(outcome(o, d)) }
        return out
    }

    /// The items whose score changed, largest change first: `省外到位资金  38.40 → 36.00 (-2.40)`.
    func why(_ d: UnitDiff) -> [Line] {
        d.why.map { c in
            let delta = c.delta
            return Line(label: c.item, before: ScoreFormat.score(c.before, places: places),
                        after: ScoreFormat.score(c.after, places: places),
                        note: "(" + signed(ScoreFormat.score(delta, places: places)) + ")",
                        direction: delta.isZero ? 0 : (delta.isNegative ? -1 : 1))
        }
    }

    func rankLine(_ label: String, _ b: Int, _ a: Int) -> Line {
        let up = b - a
        let note: String
        switch lang {
        case .zh: note = up == 0 ? "" : up > 0 ? "(升 \(up) 位)" : "(降 \(-up) 位)"
        case .en: note = up == 0 ? "" : up > 0 ? "(up \(up))" : "(down \(-up))"
        }
        return Line(label: label, before: String(b), after: String(a), note: note, direction: up.signum())
    }

    /// An outcome change in words; money keys (`deposits.…`, `rewards.…`) shown in the
    /// scheme's money unit with the change.
    func outcome(_ o: UnitDiff.OutcomeChange, _ d: UnitDiff) -> Line {
        let key = o.key
        if key.hasPrefix("deposits.") {
            for (suffix, zh, en, better) in [(".refund", "抵押金退还", "Deposit refund", 1), (".reward", "抵押金奖励", "Deposit reward", 1),
                                             (".forfeit", "抵押金没收", "Deposit forfeit", -1)] where key.hasSuffix(suffix) {
                let person = String(key.dropFirst("deposits.".count).dropLast(suffix.count))
                return moneyLine(lang.pick(zh, en) + " " + person, o, better: better)
            }
        }
        if key.hasPrefix("rewards.") {
            return moneyLine(lang.pick("奖励", "Reward") + " " + String(key.dropFirst("rewards.".count)), o, better: 1)
        }
        switch key {
        case "grade":
            return Line(label: lang.pick("等次", "Grade"), before: o.before, after: o.after, note: "", direction: 0)
        case "vetoed":
            let vetoed = o.after == "是" || o.after == "true"
            return Line(label: lang.pick("否决", "Vetoed"), before: yesNo(o.before), after: yesNo(o.after), note: "",
                        direction: vetoed ? -1 : 1)
        case "penalties":
            return Line(label: lang.pick("处罚", "Penalties"), before: names(o.before), after: names(o.after), note: "", direction: 0)
        case "titles":
            return Line(label: lang.pick("称号", "Titles"), before: names(o.before), after: names(o.after), note: "", direction: 0)
        case "rank":
            return rankLine(lang.pick("排名", "Rank"), Int(o.before) ?? 0, Int(o.after) ?? 0)
        default:
            return Line(label: key, before: o.before, after: o.after, note: "", direction: 0)
        }
    }

    func moneyLine(_ label: String, _ o: UnitDiff.OutcomeChange, better: Int) -> Line {
        guard let b = Fixed(parsing: o.before, allowSuffix: false), let a = Fixed(parsing: o.after, allowSuffix: false) else {
            return Line(label: label, before: o.before, after: o.after, note: "", direction: 0)
        }
        let p = ScoreFormat.exactPlaces([b, a, a - b], in: money)
        let delta = a - b
        return Line(label: label, before: ScoreFormat.money(b, in: money, places: p),
                    after: ScoreFormat.money(a, in: money, places: p) + " " + money.name,
                    note: delta.isZero ? "" : "(" + signed(ScoreFormat.money(delta, in: money, places: p)) + ")",
                    direction: delta.isZero ? 0 : (delta.isNegative ? -better : better))
    }

    /// `25.00 → 21.00 万元 (-4.00)`.
    func moneyChange(_ b: Fixed, _ a: Fixed) -> String {
        // A headline total: 2 places, as reports print money (exact amounts are in the JSON).
        let p = ScoreFormat.exactPlaces([b, a, a - b], in: money, maximum: 2)
        let delta = a - b
        guard !delta.isZero else {
            return ScoreFormat.money(a, in: money, places: p) + " " + money.name + " " + lang.pick("(不变)", "(unchanged)")
        }
        return ScoreFormat.money(b, in: money, places: p) + " → " + ScoreFormat.money(a, in: money, places: p) + " " + money.name
            + " (" + signed(ScoreFormat.money(delta, in: money, places: p)) + ")"
    }

    func yesNo(_ text: String) -> String {
        switch text {
        case "是", "true": return lang.pick("是", "yes")
        case "否", "false": return lang.pick("否", "no")
        default: return text
        }
    }

    /// Names joined with `、` in the model; `无` (none) when empty.
    func names(_ joined: String) -> String {
        guard !joined.isEmpty else { return lang.pick("无", "none") }
        return lang == .zh ? joined : joined.replacingOccurrences(of: "、", with: ", ")
    }

    func score(_ x: Fixed) -> String { ScoreFormat.score(x, places: places) }

    /// A change with its sign: `+2.40`, `-2.40`, `0.00`.
    func signed(_ text: String) -> String {
        if text.hasPrefix("-") { return text }
        return text.contains(where: { $0 >= "1" && $0 <= "9" }) ? "+" + text : text
    }

    // MARK: Unchanged

    var unchanged: [UnitDiff] { r.units.filter { !$0.isChanged } }

    /// `其余 3 个单位无变化：A、B、C`; `全部 3 个单位无变化：…` when nothing changed; nil when every
    /// unit changed.
    var unchangedLine: String? {
        let same = unchanged
        guard !same.isEmpty else { return nil }
        let all = same.count == r.units.count
        switch lang {
        case .zh:
            return (all ? "全部" : "其余") + " \(same.count) 个单位无变化：" + same.map(\.unit).joined(separator: "、")
        case .en:
            let names = same.map(\.unit).joined(separator: ", ")
            if all { return "None of the \(same.count) \(same.count == 1 ? "unit" : "units") changed: " + names }
            return "\(same.count) other \(same.count == 1 ? "unit" : "units") did not change: " + names
        }
    }
}
