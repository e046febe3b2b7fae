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
/// | 排名 | 单位   | 省外到位资金 |  加分 | … | 等次              |
/// | ---: | :----- | -----------: | ----: | … | :---------------- |
/// |    1 | 城关镇 |        38.40 |  3.00 | … | 良好              |
/// |    2 | 河西镇 |        30.00 |  0.00 | … | 不合格 **否决**   |
///
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
        for group in order {
            let units = byGroup[group] ?? []
            let title = group ?? (layout.hasGroups ? lang.pick("未分组", "Ungrouped") : lang.pick("得分", "Scores"))
            // Item columns that apply to some unit of the section (SPEC §5 `groups:`).
            let shown = layout.items.indices.filter { column in units.contains { $0.item(layout.items[column]) != nil } }
            let header = [words.rank, words.unit] + shown.map { layout.items[$0] }
                + [words.bonus, words.deduction, words.total, words.grade]
            let alignments: [Alignment] = [.right, .left] + shown.map { _ in .right } + [.right, .right, .right, .left]
            let rows = units.map { u in
                let items = layout.itemCells(u)
                return [String(u.rank), u.unit] + shown.map { items[$0] } + layout.sumCells(u)
                    + [ScoreColumns.gradeCell(u, lang: lang) { "**" + $0 + "**" }]
            }
            out += "\n## " + title + "\n\n" + MarkdownTable(header: header, alignments: alignments, rows: rows).render()
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
}
