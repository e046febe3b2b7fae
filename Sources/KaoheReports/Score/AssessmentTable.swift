import Kaohe

/// An ``Assessment`` as the terminal table of `kaohe score` (SPEC §10).
///
/// ```
///                                                                   XX县2021年度招商引资目标考核  截至 2021-12-31
/// ┌──────┬────────┬──────────┬──────────────┬────────────┬──────┬──────┬───────┬─────────────┬──────────────────┬──────────────────┬────────────┬──────────────┬──────────────────┐
/// │ 排名 │ 单位   │ 类别     │ 省外到位资金 │ 项目开工率 │ 加分 │ 扣分 │  总分 │ 等次        │ 抵押金退还(万元) │ 抵押金奖励(万元) │ 奖励(万元) │ 处罚         │ 称号             │
/// ├──────┼────────┼──────────┼──────────────┼────────────┼──────┼──────┼───────┼─────────────┼──────────────────┼──────────────────┼────────────┼──────────────┼──────────────────┤
/// │    1 │ 城关镇 │ 一类乡镇 │        38.40 │      40.00 │ 3.00 │ 0.50 │ 80.90 │ 良好        │             6.38 │             0.50 │      25.00 │              │ 招商引资先进单位 │
/// │    2 │ 河西镇 │ 一类乡镇 │        30.00 │      32.00 │ 0.00 │ 0.00 │ 62.00 │ 不合格 否决 │             0.00 │             0.00 │       0.00 │ 取消评先资格 │                  │
/// ├──────┼────────┼──────────┼──────────────┼────────────┼──────┼──────┼───────┼─────────────┼──────────────────┼──────────────────┼────────────┼──────────────┼──────────────────┤
/// │    1 │ 发改局 │ 县直单位 │        60.00 │          — │ 1.50 │ 0.00 │ 61.50 │ 合格        │                — │                — │       0.00 │              │                  │
/// └──────┴────────┴──────────┴──────────────┴────────────┴──────┴──────┴───────┴─────────────┴──────────────────┴──────────────────┴────────────┴──────────────┴──────────────────┘
///
///                 分团
/// ┌──────┬──────────┬────────┬────────┐
/// │ 排名 │ 分团     │ 单位数 │   得分 │
/// ├──────┼──────────┼────────┼────────┤
/// │    1 │ 第一分团 │      2 │ 142.90 │
/// └──────┴──────────┴────────┴────────┘
/// ```
///
/// - The title is the scheme's name and the as-of date (and the 序时进度 when it is not 100%).
/// - Columns: 排名 (`rank`), 单位, 类别 (left out when no unit has a group), one column per
///   indicator or veto item that has points or a score (header: the item's name; `—` where
///   the item does not apply to the unit), then 加分, 扣分 (the unit's `bonus` and
///   `deduction`: its bonus and deduction items summed and capped), 总分, 等次. Scores show
///   with `a.round` places.
/// - After 等次, the outcomes (SPEC §6), each column only when some unit has something for
///   it: 抵押金退还 (the unit's deposit refunds summed; `—` for a unit without deposits),
///   抵押金奖励 (its deposit rewards summed, when some deposit has a reward), 奖励 (its
///   rewards summed) — money in `a.money` with two places, the unit in the header
///   (`奖励(万元)`) — then 处罚 and 称号, the names joined with `、`.
/// - A vetoed unit's 等次 shows its grade and `否决`, in red when `style` is enabled.
/// - Units come in the assessment's order; a rule separates the groups when each group's
///   units come together (ranking within groups), and none is drawn when they are
///   interleaved (ranking over all units).
/// - When there are teams, a second table 分团 follows after a blank line: 排名, 分团,
///   单位数, 得分 (the team's score with `a.round` places).
/// - With `maxWidth`, the names in 处罚 and 称号 are shortened first (the widest first, not
///   below their header's width or 3 columns), then the headers of item and money columns
///   wider than their numbers (likewise, not below the numbers' width), then the 单位, 类别,
///   处罚 and 称号 columns (by ``TextTable``); numbers and 等次 are never cut, so a table that
///   still does not fit is drawn as narrow as it can be.
public enum AssessmentTable {
    public static func render(
        _ a: Assessment,
        lang: Language = .zh,
        style: TerminalStyle = .plain,
        maxWidth: Int? = nil
    ) -> String {
        var text = scoreTable(a, lang: lang, style: style, maxWidth: maxWidth)
        if !a.teams.isEmpty {
            text += "\n" + teamTable(a, lang: lang, style: style, maxWidth: maxWidth)
        }
        return text
    }

    /// `pieces`: how many pieces of units to work on in parallel (nil: one for a small
    /// assessment, more for a large one); the text is the same for any number.
    static func scoreTable(_ a: Assessment, lang: Language, style: TerminalStyle, maxWidth: Int?, pieces pieceCount: Int? = nil) -> String {
        let layout = ScoreColumns(a)
        let words = ScoreColumns.Words(lang)
        let outcomes = ScoreColumns.Outcomes(a.units)

        var columns: [TextTable.Column] = [.number(words.rank), .text(words.unit)]
        if layout.hasGroups { columns.append(.text(words.group)) }
        let firstItem = columns.count
        columns += layout.items.map { TextTable.Column.number($0) }
        columns += [
            .number(words.bonus), .number(words.deduction), .number(words.total),
            // The grade carries the veto marker: never cut.
            TextTable.Column(words.grade, alignment: .left, isTruncatable: false),
        ]
        let firstOutcome = columns.count
        let outcomeHeaders = outcomes.headers(money: a.money, lang: lang)
        columns += outcomeHeaders.map { $0.isMoney ? TextTable.Column.number($0.title) : .text($0.title) }

        // Each unit's row, in pieces on all cores (a province has twenty thousand units).
        let units = a.units
        let pieces = RowPieces.ranges(units.count, pieceCount)
        var rows: [[String]] = parallelMap(pieces.count) { k in
            pieces[k].map { i in
                let u = units[i]
                var cells = [String(u.rank), u.unit]
                if layout.hasGroups { cells.append(u.group ?? "") }
                cells += layout.itemCells(u)
                cells += layout.sumCells(u)
                cells.append(ScoreColumns.gradeCell(u, lang: lang, marker: style.red))
                cells += outcomes.cells(u, money: a.money, lang: lang)
                return cells
            }
        }.flatMap { $0 }
        // A rule before each group's units when they come together.
        var separators: Set<Int> = []
        let runs = ScoreColumns.runs(units)
        if Set(runs.map(\.group)).count == runs.count {
            for run in runs.dropFirst() { separators.insert(run.units.lowerBound) }
        }
        if let maxWidth {
            let outcomeColumns = outcomeHeaders.indices.map { firstOutcome + $0 }
            shorten(
                &columns, rows: &rows,
                headers: Array(firstItem..<(firstItem + layout.items.count)) + outcomeColumns.filter { columns[$0].alignment == .right },
                cells: outcomeColumns.filter { columns[$0].alignment != .right },
                maxWidth: maxWidth
            )
        }

        let title = a.scheme + "  " + ScoreColumns.asOfText(a, lang: lang)
        var table = TextTable(title: title, columns: columns, maxWidth: maxWidth)
        for (index, cells) in rows.enumerated() {
            if separators.contains(index) { table.addSeparator() }
            table.addRow(cells)
        }
        return table.render(style: style, pieces: pieceCount)
    }

    /// Narrows columns one display column at a time, the widest first, until the table fits
    /// `maxWidth` or none of them can be narrowed further:
    /// - first `cells` (处罚, 称号): the names are shortened, down to the width of the header
    ///   (and at least 3);
    /// - then `headers` (item and money columns): the header is shortened, down to the width
    ///   of the column's numbers (and at least 3); the numbers are never cut.
    ///
    /// ``TextTable`` then shortens what is still too wide: the 单位 and 类别 columns, and the
    /// `cells` columns below their headers.
    static func shorten(
        _ columns: inout [TextTable.Column], rows: inout [[String]],
        headers: [Int], cells: [Int], maxWidth: Int
    ) {
        let cellWidth = columns.indices.map { column in rows.reduce(0) { max($0, displayWidth($1[column])) } }
        var widths = columns.indices.map { max(displayWidth(columns[$0].title), cellWidth[$0]) }
        var floor: [Int: Int] = [:]
        for column in headers { floor[column] = max(cellWidth[column], 3) }
        for column in cells { floor[column] = max(displayWidth(columns[column].title), 3) }
        var excess = widths.reduce(3 * columns.count + 1, +) - maxWidth
        // The names first: a header cut loses what its numbers mean.
        for candidates in [cells, headers] {
            while excess > 0 {
                guard let widest = candidates.filter({ widths[$0] > floor[$0]! })
                    .max(by: { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 > $1) }) else { break }
                widths[widest] -= 1
                excess -= 1
            }
        }
        for column in headers where widths[column] < displayWidth(columns[column].title) {
            columns[column].title = truncated(columns[column].title, toWidth: widths[column])
        }
        for column in cells where widths[column] < cellWidth[column] {
            for row in rows.indices { rows[row][column] = truncated(rows[row][column], toWidth: widths[column]) }
        }
    }

    static func teamTable(_ a: Assessment, lang: Language, style: TerminalStyle, maxWidth: Int?) -> String {
        let words = ScoreColumns.Words(lang)
        var table = TextTable(
            title: words.teams,
            columns: [.number(words.rank), .text(words.team), .number(words.units), .number(words.score)],
            maxWidth: maxWidth
        )
        for t in a.teams {
            table.addRow([String(t.rank), t.team, String(t.units.count), ScoreFormat.score(t.score, places: a.round)])
        }
        return table.render(style: style)
    }
}
