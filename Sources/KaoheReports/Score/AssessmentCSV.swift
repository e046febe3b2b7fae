import Kaohe

/// An ``Assessment`` as CSV (`kaohe score --format csv`): one row per unit, for a spreadsheet.
///
/// Columns, in order (English names with `lang: .en` in brackets):
/// - 排名 (Rank), 单位 (Unit), 类别 (Group), 分团 (Team) — empty when the unit has none;
/// - for **every** item of `a.items`, in scheme order: `ITEM`, its score (empty when the item
///   does not apply to the unit or has no score), and, for an item that has a value for some
///   unit, `ITEM.完成值` (`ITEM.value`) — the value as a plain decimal, money in 元 and
///   rates as fractions, exactly as in the JSON; true/false as 是/否 (yes/no), lists joined
///   with `、` (`, `), none empty;
/// - 加分 (Bonus), 扣分 (Deduction), 基础分 (Base), 总分 (Total), 等次 (Grade),
///   否决 (Vetoed) as 是/否 (yes/no).
///
/// Scores have `a.round` places. The text is written by ``CSVWriter``: UTF-8 with a byte
/// order mark, CRLF line ends, formula guard on.
public enum AssessmentCSV {
    public static func render(_ a: Assessment, lang: Language = .zh) -> String {
        let valued = a.items.map { entry in
            a.units.contains { !($0.item(entry.name)?.value.isNone ?? true) }
        }
        var header = [
            lang.pick("排名", "Rank"), lang.pick("单位", "Unit"),
            lang.pick("类别", "Group"), lang.pick("分团", "Team"),
        ]
        for (entry, hasValue) in zip(a.items, valued) {
            header.append(entry.name)
            if hasValue { header.append(entry.name + lang.pick(".完成值", ".value")) }
        }
        header += [
            lang.pick("加分", "Bonus"), lang.pick("扣分", "Deduction"), lang.pick("基础分", "Base"),
            lang.pick("总分", "Total"), lang.pick("等次", "Grade"), lang.pick("否决", "Vetoed"),
        ]

        var rows = [header]
        for u in a.units {
            var row = [String(u.rank), u.unit, u.group ?? "", u.team ?? ""]
            for (entry, hasValue) in zip(a.items, valued) {
                let item = u.item(entry.name)
                row.append(item?.score.map { $0.formatted(places: a.round) } ?? "")
                if hasValue { row.append(item.map { ScoreFormat.plain($0.value, lang: lang) } ?? "") }
            }
            row += [u.bonus, u.deduction, u.base, u.total].map { $0.formatted(places: a.round) }
            row.append(u.grade ?? "")
            row.append(u.vetoed ? lang.pick("是", "yes") : lang.pick("否", "no"))
            rows.append(row)
        }
        return CSVWriter().string(rows: rows)
    }
}
