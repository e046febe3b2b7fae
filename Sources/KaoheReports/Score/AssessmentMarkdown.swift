import Kaohe

/// An ``Assessment`` as Markdown (`kaohe score --format md`).
///
/// ```markdown
/// # XX县2021年度招商引资目标考核
///
/// 截至 2021-12-31 · 指纹 `sha256:…`
///
/// ## 一类乡镇
///
/// | 排名 | 单位   | 省外到位资金 | … |  总分 | 等次            | 抵押金退还(万元) | 抵押金奖励(万元) | 奖励(万元) | 处罚         | 称号             |
/// | ---: | :----- | -----------: | … | ----: | :-------------- | ---------------: | ---------------: | ---------: | :----------- | :--------------- |
/// |    1 | 城关镇 |        38.40 | … | 80.90 | 良好            |             6.38 |             0.50 |      25.00 |              | 招商引资先进单位 |
/// |    2 | 河西镇 |        30.00 | … | 62.00 | 不合格 **否决** |             0.00 |             0.00 |       0.00 | 取消评先资格 |                  |
///
/// ### 风险抵押金
///
/// | 单位   | 姓名 | 职务 | 缴纳(万元) |             扣减(万元) | 退还(万元) | 奖励(万元) | 没收(万元) |
/// | :----- | :--- | :--- | ---------: | ---------------------: | ---------: | ---------: | ---------: |
/// | 城关镇 | 张三 | 书记 |      5.000 |         1.000 (2021Q1) |      4.000 |      0.500 |      1.000 |
/// | 城关镇 | 王五 | 镇长 |      3.000 | 0.625 (2021Q1、2021Q3) |      2.375 |      0.000 |      0.625 |
/// | 河西镇 | 李四 | 镇长 |      3.000 |                  0.000 |      0.000 |      0.000 |      3.000 |
///
/// ### 奖励
///
/// | 单位   | 奖励     | 金额(万元) |
/// | :----- | :------- | ---------: |
/// | 城关镇 | 引资奖励 |      20.00 |
/// | 城关镇 | 排名奖励 |       5.00 |
///
/// ## 县直单位
/// …
/// ## 分团
/// …
/// ```
///
/// - A `#` heading with the scheme's name, then a line with the as-of date (and the 序时进度
///   when it is not 100%) and the fingerprint.
/// - One `##` section per group, in the order the groups first appear among the units, each
///   with a table of that group's units in the assessment's order: the columns of
///   ``AssessmentTable`` without 类别 and without the items that apply to none of the
///   section's units (`groups:` of SPEC §5), numbers right-aligned, a vetoed unit's grade
///   followed by `**否决**`. Units without a group come under 未分组 (Ungrouped); when no unit has a
///   group there is one section, 得分 (Scores).
///   After 等次 come the outcome columns of the section's units (see ``AssessmentTable``):
///   抵押金退还, 抵押金奖励, 奖励 in the scheme's money unit, 处罚, 称号 — each only when some
///   unit of the section has something for it.
/// - After a group's table, when its units have deposits, `### 风险抵押金` (Risk deposits):
///   one row per person — 单位, 姓名, 职务, 缴纳, 扣减 (followed by the periods in brackets,
///   `1.000 (2021Q1)`), 退还, 奖励, 没收 — in the scheme's money unit with two places, or
///   more (up to 6) when an amount of any deposit table needs them to show exactly (so that paid =
///   refund + forfeit on every row). Then, when its units have rewards, `### 奖励` (Rewards):
///   单位, 奖励, 金额, one row per reward other than 0.
/// - When there are teams, a last section 分团 (Teams): 排名, 分团, 单位数, 得分.
public enum AssessmentMarkdown {
    public static func render(_ a: Assessment, lang: Language = .zh) -> String {
        let layout = ScoreColumns(a)
        let words = ScoreColumns.Words(lang)
        var out = "# " + a.scheme + "\n\n"
        out += ScoreColumns.asOfText(a, lang: lang) + " · " + lang.pick("指纹", "fingerprint")
            + " `" + a.fingerprint + "`\n"

        // Groups in order of first appearance; each group's units in the given order.
        var order: [String?] = []
        var byGroup: [String?: [UnitResult]] = [:]
        for u in a.units {
            if byGroup[u.group] == nil { order.append(u.group) }
            byGroup[u.group, default: []].append(u)
        }
        // One number of places for every deposit table, enough to show each amount exactly.
        let depositPlaces = ScoreFormat.exactPlaces(
            a.units.flatMap { $0.deposits.flatMap { [$0.paid, $0.deducted, $0.refund, $0.reward, $0.forfeit] } }, in: a.money)
        for group in order {
            let units = byGroup[group] ?? []
            let title = group ?? (layout.hasGroups ? lang.pick("未分组", "Ungrouped") : lang.pick("得分", "Scores"))
            // Item columns that apply to some unit of the section (SPEC §5 `groups:`).
            let shown = layout.items.indices.filter { column in units.contains { $0.item(layout.items[column]) != nil } }
            // Outcome columns that some unit of the section has something for.
            let outcomes = ScoreColumns.Outcomes(units)
            let outcomeHeaders = outcomes.headers(money: a.money, lang: lang)
            let header = [words.rank, words.unit] + shown.map { layout.items[$0] }
                + [words.bonus, words.deduction, words.total, words.grade] + outcomeHeaders.map(\.title)
            let alignments: [Alignment] = [.right, .left] + shown.map { _ in .right } + [.right, .right, .right, .left]
                + outcomeHeaders.map { $0.isMoney ? .right : .left }
            let rows = units.map { u in
                let items = layout.itemCells(u)
                return [String(u.rank), u.unit] + shown.map { items[$0] } + layout.sumCells(u)
                    + [ScoreColumns.gradeCell(u, lang: lang) { "**" + $0 + "**" }]
                    + outcomes.cells(u, money: a.money, lang: lang)
            }
            out += "\n## " + title + "\n\n" + MarkdownTable(header: header, alignments: alignments, rows: rows).render()
            if units.contains(where: { !$0.deposits.isEmpty }) {
                out += "\n### " + lang.pick("风险抵押金", "Risk deposits") + "\n\n"
                    + depositTable(units, money: a.money, places: depositPlaces, lang: lang)
            }
            if units.contains(where: { $0.rewards.contains { !$0.amount.isZero } }) {
                out += "\n### " + lang.pick("奖励", "Rewards") + "\n\n" + rewardTable(units, money: a.money, lang: lang)
            }
        }

        if !a.teams.isEmpty {
            let rows = a.teams.map { t in
                [String(t.rank), t.team, String(t.units.count), ScoreFormat.score(t.score, places: a.round)]
            }
            out += "\n## " + words.teams + "\n\n" + MarkdownTable(
                header: [words.rank, words.team, words.units, words.score],
                alignments: [.right, .left, .right, .right],
                rows: rows
            ).render()
        }
        return out
    }

    /// One row per deposit of the units, in order: 单位, 姓名, 职务, then 缴纳, 扣减 (with the
    /// periods it was deducted in, in brackets), 退还, 奖励, 没收 in the scheme's money unit
    /// with `places` places.
    static func depositTable(_ units: [UnitResult], money: MoneyUnit, places: Int, lang: Language) -> String {
        let unit = ScoreColumns.moneySuffix(money, lang: lang)
        let header = [lang.pick("单位", "Unit"), lang.pick("姓名", "Name"), lang.pick("职务", "Role")]
            + [lang.pick("缴纳", "Paid"), lang.pick("扣减", "Deducted"), lang.pick("退还", "Refund"),
               lang.pick("奖励", "Reward"), lang.pick("没收", "Forfeit")].map { $0 + unit }
        var rows: [[String]] = []
        for u in units {
            for d in u.deposits {
                var deducted = ScoreFormat.money(d.deducted, in: money, places: places)
                if !d.deductedIn.isEmpty { deducted += " (" + ScoreColumns.names(d.deductedIn, lang: lang) + ")" }
                rows.append([u.unit, d.name, d.role, ScoreFormat.money(d.paid, in: money, places: places), deducted]
                    + [d.refund, d.reward, d.forfeit].map { ScoreFormat.money($0, in: money, places: places) })
            }
        }
        return MarkdownTable(header: header, alignments: [.left, .left, .left] + Array(repeating: .right, count: 5), rows: rows).render()
    }

    /// One row per reward other than 0 of the units, in order: 单位, 奖励 (the reward's name),
    /// 金额 in the scheme's money unit.
    static func rewardTable(_ units: [UnitResult], money: MoneyUnit, lang: Language) -> String {
        let header = [lang.pick("单位", "Unit"), lang.pick("奖励", "Reward"),
                      lang.pick("金额", "Amount") + ScoreColumns.moneySuffix(money, lang: lang)]
        let rows = units.flatMap { u in
            u.rewards.filter { !$0.amount.isZero }.map { [u.unit, $0.name, ScoreFormat.money($0.amount, in: money)] }
        }
        return MarkdownTable(header: header, alignments: [.left, .left, .right], rows: rows).render()
    }
}
