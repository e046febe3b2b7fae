import Kaohe

/// What the score tables (terminal and Markdown) show of an ``Assessment``: shared by
/// ``AssessmentTable`` and ``AssessmentMarkdown`` so the two agree.
struct ScoreColumns {
    /// The items that get a column of their own: indicators and vetoes that have points or a
    /// score for some unit, in scheme order. Bonus and deduction items are summed into the
    /// 加分 / 扣分 columns (the unit's capped `bonus` and `deduction`).
    let items: [String]
    /// Each of `items`' place in the assessment's items, which is its place in every unit's
    /// items (both in scheme order): looked up there, not by name among all of them (for a
    /// province's twenty thousand units, comparing names had been most of the table's time).
    private let positions: [Int]
    /// Whether any unit has a group.
    let hasGroups: Bool
    let places: Int

    init(_ a: Assessment) {
        var items: [String] = [], positions: [Int] = []
        for (k, entry) in a.items.enumerated() where entry.section == .indicator || entry.section == .veto {
            if entry.points != nil || a.units.contains(where: { Self.item(entry.name, at: k, of: $0)?.score != nil }) {
                items.append(entry.name)
                positions.append(k)
            }
        }
        self.items = items
        self.positions = positions
        hasGroups = a.units.contains { $0.group != nil }
        places = a.round
    }

    /// Unit `u`'s item `name`: the one at `position` when it has that name (as it always has),
    /// else the one of that name.
    static func item(_ name: String, at position: Int, of u: UnitResult) -> ItemResult? {
        if position < u.items.count && u.items[position].name == name { return u.items[position] }
        return u.item(name)
    }

    /// The item score cells of a unit, one per ``items``; `—` where the item does not apply
    /// to the unit or has no score.
    func itemCells(_ u: UnitResult) -> [String] {
        items.indices.map { k in ScoreFormat.score(Self.item(items[k], at: positions[k], of: u)?.score, places: places) }
    }

    /// 加分, 扣分, 总分.
    func sumCells(_ u: UnitResult) -> [String] {
        [u.bonus, u.deduction, u.total].map { ScoreFormat.score($0, places: places) }
    }

    /// The grade, followed by the veto marker when the unit is vetoed.
    static func gradeCell(_ u: UnitResult, lang: Language, marker: (String) -> String) -> String {
        guard u.vetoed else { return u.grade ?? "" }
        let mark = marker(lang.pick("否决", "vetoed"))
        guard let grade = u.grade, !grade.isEmpty else { return mark }
        return grade + " " + mark
    }

    /// The outcome columns (SPEC §6) that follow 等次 in a score table of `units`: each one
    /// only when some of those units has something for it.
    ///
    /// - 抵押金退还 (Deposit refund): the sum of the unit's deposit refunds, when some unit
    ///   has deposits; `—` for a unit without any.
    /// - 抵押金奖励 (Deposit reward): the sum of its deposit rewards, when some deposit has a
    ///   reward other than 0; `—` for a unit without deposits.
    /// - 奖励 (Rewards): the sum of the unit's rewards, when some unit has a reward other than 0.
    /// - 处罚 (Penalties) and 称号 (Titles): the names, joined with `、` (`, `).
    ///
    /// Money is shown in the scheme's money unit with two places, the unit named in the header:
    /// `奖励(万元)`, `Rewards (万元)`.
    struct Outcomes {
        let refund: Bool
        let depositReward: Bool
        let rewards: Bool
        let penalties: Bool
        let titles: Bool

        init(_ units: [UnitResult]) {
            refund = units.contains { !$0.deposits.isEmpty }
            depositReward = units.contains { $0.deposits.contains { !$0.reward.isZero } }
            rewards = units.contains { $0.rewards.contains { !$0.amount.isZero } }
            penalties = units.contains { !$0.penalties.isEmpty }
            titles = units.contains { !$0.titles.isEmpty }
        }

        /// The columns, in order: each header and whether it holds money (numbers,
        /// right-aligned, never cut) or names (text, left-aligned, may be cut).
        func headers(money: MoneyUnit, lang: Language) -> [(title: String, isMoney: Bool)] {
            let unit = ScoreColumns.moneySuffix(money, lang: lang)
            var headers: [(title: String, isMoney: Bool)] = []
            if refund { headers.append((lang.pick("抵押金退还", "Deposit refund") + unit, true)) }
            if depositReward { headers.append((lang.pick("抵押金奖励", "Deposit reward") + unit, true)) }
            if rewards { headers.append((lang.pick("奖励", "Rewards") + unit, true)) }
            if penalties { headers.append((lang.pick("处罚", "Penalties"), false)) }
            if titles { headers.append((lang.pick("称号", "Titles"), false)) }
            return headers
        }

        /// The unit's cells, one per header.
        func cells(_ u: UnitResult, money: MoneyUnit, lang: Language) -> [String] {
            var cells: [String] = []
            let deposits = !u.deposits.isEmpty
            if refund { cells.append(deposits ? ScoreColumns.moneyCell(ScoreColumns.sum(u.deposits.map(\.refund)), money) : ScoreFormat.missing) }
            if depositReward { cells.append(deposits ? ScoreColumns.moneyCell(ScoreColumns.sum(u.deposits.map(\.reward)), money) : ScoreFormat.missing) }
            if rewards { cells.append(ScoreColumns.moneyCell(ScoreColumns.sum(u.rewards.map(\.amount)), money)) }
            if penalties { cells.append(ScoreColumns.names(u.penalties, lang: lang)) }
            if titles { cells.append(ScoreColumns.names(u.titles, lang: lang)) }
            return cells
        }
    }

    /// The exact sum of `values`; nil if it is beyond what ``Fixed`` holds (shown as `—`,
    /// never as a wrapped number).
    static func sum(_ values: [Fixed]) -> Fixed? {
        var total = Fixed.zero
        for value in values {
            guard let next = try? total.adding(value) else { return nil }
            total = next
        }
        return total
    }

    /// An amount in 元 shown in `money` with two places; `—` for nil.
    static func moneyCell(_ yuan: Fixed?, _ money: MoneyUnit) -> String {
        yuan.map { ScoreFormat.money($0, in: money) } ?? ScoreFormat.missing
    }

    /// The money unit for a header: `(万元)`, ` (万元)` in English.
    static func moneySuffix(_ money: MoneyUnit, lang: Language) -> String {
        lang.pick("(", " (") + money.name + ")"
    }

    /// Names (penalties, titles, periods) in one cell: joined with `、` (`, `).
    static func names(_ list: [String], lang: Language) -> String {
        list.joined(separator: lang.pick("、", ", "))
    }

    /// The units split into runs of the same group, in the order given: each run's group and
    /// the range of its units' indices.
    static func runs(_ units: [UnitResult]) -> [(group: String?, units: Range<Int>)] {
        var runs: [(group: String?, units: Range<Int>)] = []
        for (i, u) in units.enumerated() {
            if let last = runs.last, last.group == u.group {
                runs[runs.count - 1].units = last.units.lowerBound..<(i + 1)
            } else {
                runs.append((u.group, i..<(i + 1)))
            }
        }
        return runs
    }

    /// The line under a report's title: the as-of date, and the progress when it is not 100%.
    static func asOfText(_ a: Assessment, lang: Language) -> String {
        var text = lang.pick("截至 ", "as of ") + a.asOf.description
        if a.progress != Fixed(1) {
            text += lang.pick("，序时进度 ", ", progress ") + ScoreFormat.rate(a.progress)
        }
        return text
    }

    /// The header words.
    struct Words {
        let rank, unit, group, bonus, deduction, total, grade: String
        let teams, team, units, score: String

        init(_ lang: Language) {
            rank = lang.pick("排名", "Rank")
            unit = lang.pick("单位", "Unit")
            group = lang.pick("类别", "Group")
            bonus = lang.pick("加分", "Bonus")
            deduction = lang.pick("扣分", "Deduction")
            total = lang.pick("总分", "Total")
            grade = lang.pick("等次", "Grade")
            teams = lang.pick("分团", "Teams")
            team = lang.pick("分团", "Team")
            units = lang.pick("单位数", "Units")
            score = lang.pick("得分", "Score")
        }
    }
}
