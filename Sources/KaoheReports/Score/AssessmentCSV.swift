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
///   否决 (Vetoed) as 是/否 (yes/no);
/// - when some unit has deposits: 抵押金缴纳 (Deposit paid), 抵押金扣减 (Deposit deducted),
///   抵押金退还 (Deposit refund), 抵押金奖励 (Deposit reward), 抵押金没收 (Deposit forfeit) —
///   the sums of the unit's deposits, in 元 as plain decimals; empty for a unit without any;
/// - `奖励.NAME` (`Reward.NAME`) for every reward that some unit gets (other than 0), in
///   scheme order: the unit's amount in 元, 0 when it has none;
/// - 处罚 (Penalties), 称号 (Titles): the names joined with `、` (`, `), empty when none.
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
        let hasDeposits = a.units.contains { !$0.deposits.isEmpty }
        if hasDeposits {
            header += [
                lang.pick("抵押金缴纳", "Deposit paid"), lang.pick("抵押金扣减", "Deposit deducted"),
                lang.pick("抵押金退还", "Deposit refund"), lang.pick("抵押金奖励", "Deposit reward"),
                lang.pick("抵押金没收", "Deposit forfeit"),
            ]
        }
        let rewardNames = rewardNames(a.units)
        header += rewardNames.map { lang.pick("奖励.", "Reward.") + $0 }
        header += [lang.pick("处罚", "Penalties"), lang.pick("称号", "Titles")]

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
            if hasDeposits {
                let fields: [KeyPath<DepositResult, Fixed>] = [\.paid, \.deducted, \.refund, \.reward, \.forfeit]
                row += fields.map { field in
                    u.deposits.isEmpty ? "" : yuan(ScoreColumns.sum(u.deposits.map { $0[keyPath: field] }))
                }
            }
            row += rewardNames.map { name in yuan(ScoreColumns.sum(u.rewards.filter { $0.name == name }.map(\.amount))) }
            row += [ScoreColumns.names(u.penalties, lang: lang), ScoreColumns.names(u.titles, lang: lang)]
            rows.append(row)
        }
        return CSVWriter().string(rows: rows)
    }

    /// An amount in 元 as a plain decimal (`105982.6`); empty when the sum overflowed.
    static func yuan(_ amount: Fixed?) -> String { amount?.description ?? "" }

    /// The names of the rewards other than 0 that some unit has, in the order the units list
    /// them (a name first seen in a later unit goes before the first name that follows it in
    /// that unit's list, so the scheme's order is kept when units have different rewards).
    static func rewardNames(_ units: [UnitResult]) -> [String] {
        var names: [String] = []
        for u in units {
            let list = u.rewards.filter { !$0.amount.isZero }.map(\.name)
            for (index, name) in list.enumerated() where !names.contains(name) {
                if let next = list[(index + 1)...].first(where: names.contains), let at = names.firstIndex(of: next) {
                    names.insert(name, at: at)
                } else {
                    names.append(name)
                }
            }
        }
        return names
    }
}
