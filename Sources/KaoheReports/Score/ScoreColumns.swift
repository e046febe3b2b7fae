import Kaohe

/// What the score tables (terminal and Markdown) show of an ``Assessment``: shared by
/// ``AssessmentTable`` and ``AssessmentMarkdown`` so the two agree.
struct ScoreColumns {
    /// The items that get a column of their own: indicators and vetoes that have points or a
    /// score for some unit, in scheme order. Bonus and deduction items are summed into the
    /// 加分 / 扣分 columns (the unit's capped `bonus` and `deduction`).
    let items: [String]
    /// Whether any unit has a group.
    let hasGroups: Bool
    let places: Int

    init(_ a: Assessment) {
        items = a.items.compactMap { entry in
            guard entry.section == .indicator || entry.section == .veto else { return nil }
            let scored = entry.points != nil || a.units.contains { $0.item(entry.name)?.score != nil }
            return scored ? entry.name : nil
        }
        hasGroups = a.units.contains { $0.group != nil }
        places = a.round
    }

    /// The item score cells of a unit, one per ``items``; `—` where the item does not apply
    /// to the unit or has no score.
    func itemCells(_ u: UnitResult) -> [String] {
        items.map { ScoreFormat.score(u.item($0)?.score, places: places) }
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

    /// The units split into runs of the same group, in the order given.
    static func runs(_ units: [UnitResult]) -> [(group: String?, units: [UnitResult])] {
        var runs: [(group: String?, units: [UnitResult])] = []
        for u in units {
            if let last = runs.last, last.group == u.group {
                runs[runs.count - 1].units.append(u)
            } else {
                runs.append((u.group, [u]))
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
