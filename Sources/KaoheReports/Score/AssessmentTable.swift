import Kaohe

/// An ``Assessment`` as the terminal table of `kaohe score` (SPEC §10).
///
/// ```
///         XX县2021年度招商引资目标考核  截至 2021-12-31
/// ┌──────┬────────┬──────────┬──────────────┬──────┬──────┬───────┬────────────┐
/// │ 排名 │ 单位   │ 类别     │ 省外到位资金 │ 加分 │ 扣分 │  总分 │ 等次       │
/// ├──────┼────────┼──────────┼──────────────┼──────┼──────┼───────┼────────────┤
/// │    1 │ 城关镇 │ 一类乡镇 │        38.40 │ 3.00 │ 0.50 │ 80.90 │ 良好       │
/// │    2 │ 河西镇 │ 一类乡镇 │        30.00 │ 0.00 │ 0.00 │ 62.00 │ 不合格 否决 │
/// ├──────┼────────┼──────────┼──────────────┼──────┼──────┼───────┼────────────┤
/// …
/// ```
///
/// - The title is the scheme's name and the as-of date (and the 序时进度 when it is not 100%).
/// - Columns: 排名 (`rank`), 单位, 类别 (left out when no unit has a group), one column per
///   indicator or veto item that has points or a score (header: the item's name; `—` where
///   the item does not apply to the unit), then 加分, 扣分 (the unit's `bonus` and
///   `deduction`: its bonus and deduction items summed and capped), 总分, 等次. Scores show
///   with `a.round` places.
/// - A vetoed unit's 等次 shows its grade and `否决`, in red when `style` is enabled.
/// - Units come in the assessment's order; a rule separates the groups when each group's
///   units come together (ranking within groups), and none is drawn when they are
///   interleaved (ranking over all units).
/// - When there are teams, a second table 分团 follows after a blank line: 排名, 分团,
///   单位数, 得分 (the team's score with `a.round` places).
/// - With `maxWidth`, long item names in the header are shortened to the width of their
///   numbers first, then the 单位 and 类别 columns; numbers are never cut.
public enum AssessmentTable {
    public static func render(
        _ a: Assessment,
        lang: Language = .zh,
        style: TerminalStyle = .plain,
        maxWidth: Int? = nil
    ) -> String {
        var text = scoreTable(a, lang: lang, style: style, maxWidth: maxWidth, shortenHeaders: false)
        if let maxWidth, widest(text) > maxWidth {
            text = scoreTable(a, lang: lang, style: style, maxWidth: maxWidth, shortenHeaders: true)
        }
        if !a.teams.isEmpty {
            text += "\n" + teamTable(a, lang: lang, style: style, maxWidth: maxWidth)
        }
        return text
    }

    static func scoreTable(
        _ a: Assessment, lang: Language, style: TerminalStyle, maxWidth: Int?, shortenHeaders: Bool
    ) -> String {
        let layout = ScoreColumns(a)
        let words = ScoreColumns.Words(lang)
        let itemRows = a.units.map(layout.itemCells)
        let itemHeaders = layout.items.indices.map { column -> String in
            let name = layout.items[column]
            guard shortenHeaders else { return name }
            let room = itemRows.reduce(3) { max($0, displayWidth($1[column])) }
            return truncated(name, toWidth: room)
        }

        var columns: [TextTable.Column] = [.number(words.rank), .text(words.unit)]
        if layout.hasGroups { columns.append(.text(words.group)) }
        columns += itemHeaders.map { TextTable.Column.number($0) }
        columns += [.number(words.bonus), .number(words.deduction), .number(words.total), .text(words.grade)]

        let title = a.scheme + "  " + ScoreColumns.asOfText(a, lang: lang)
        var table = TextTable(title: title, columns: columns, maxWidth: maxWidth)
        let runs = ScoreColumns.runs(a.units)
        let contiguous = Set(runs.map(\.group)).count == runs.count
        var index = 0
        for (number, run) in runs.enumerated() {
            if number > 0 && contiguous { table.addSeparator() }
            for u in run.units {
                var cells = [String(u.rank), u.unit]
                if layout.hasGroups { cells.append(u.group ?? "") }
                cells += itemRows[index]
                cells += layout.sumCells(u)
                cells.append(ScoreColumns.gradeCell(u, lang: lang, marker: style.red))
                table.addRow(cells)
                index += 1
            }
        }
        return table.render(style: style)
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

    private static func widest(_ text: String) -> Int {
        text.split(separator: "\n").reduce(0) { max($0, displayWidth(String($1))) }
    }
}
