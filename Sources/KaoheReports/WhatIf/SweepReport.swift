import Kaohe

/// A ``SweepResult`` as text (`kaohe sweep`, SPEC §8): a terminal table, JSON, CSV and a
/// self-contained HTML chart.
///
/// A sweep result does not carry the scheme's money unit or rounding: pass `money` (the
/// scheme's `money`, e.g. 万元) and `round` (its `round`) to show amounts and scores as the
/// score table does. Without them money is in 元 and scores show every place they have (at
/// least two). JSON and CSV are exact: money in 元, totals as computed.
///
/// **Table.** A matrix with a cell per (value, unit): `总分 (排名)` — or only the rank when
/// that is what fits in `maxWidth`. Rows are the units and columns the values when there
/// are at least as many units as values (the usual case), rows the values otherwise; a
/// header `50*` (a row's value `50*`) marks a tipping point and a cell `77.00 (2)*` a rank
/// that changed there. With units as rows, rows per grade that some unit gets (how many
/// units get it at each value) and a row 奖励总额 follow a rule; with values as rows, the
/// columns 等次分布 and 奖励总额 end each row (and, for one parameter, the first column is
/// 取值, the parameter being named in the title). Under the table, every tipping point: its
/// value, then each unit that changes and what (排名 1 → 2, 等次 良好 → 合格, 称号 …,
/// 奖励 …), one change a line when the line would be wider than `maxWidth`.
///
/// Three units over four values, so values as rows:
///
/// ```
///          变动参数：indicators.项目开工率.points（单元格为 总分 (排名)）
/// ┌──────┬────────────┬────────────┬────────────┬────────────────┬────────────────┐
/// │ 取值 │     城关镇 │     河西镇 │     A&B<x> │ 等次分布       │ 奖励总额(万元) │
/// ├──────┼────────────┼────────────┼────────────┼────────────────┼────────────────┤
/// │  40  │ 74.00 (1)  │ 70.00 (2)  │ 60.00 (1)  │ 合格 3         │           8.00 │
/// │  45  │ 75.50 (1)  │ 75.00 (2)  │ 60.00 (1)  │ 合格 3         │           8.00 │
/// │  50* │ 77.00 (2)* │ 80.00 (1)* │ 60.00 (1)  │ 良好 1、合格 2 │           8.00 │
/// │  55  │ 78.50 (2)  │ 85.00 (1)  │ 60.00 (1)  │ 良好 1、合格 2 │           8.00 │
/// └──────┴────────────┴────────────┴────────────┴────────────────┴────────────────┘
///
/// 临界点（标 * 处，排名、等次、称号或奖励发生变化）：
///   取值 50：
///     河西镇  排名 2 → 1，等次 合格 → 良好，称号 无 → 招商引资先进单位，奖励 3.00 → 5.00 万元
///     城关镇  排名 1 → 2，称号 招商引资先进单位 → 无，奖励 5.00 → 3.00 万元
/// ```
public enum SweepReport {
    public static func table(
        _ s: SweepResult,
        lang: Language = .zh,
        style: TerminalStyle = .plain,
        maxWidth: Int? = nil,
        money: MoneyUnit = .yuan,
        round: Int? = nil
    ) -> String {
        if isLarge(s) {
            return table(SweepSummary(s, shownUnits: shownUnits), lang: lang, style: style, maxWidth: maxWidth, money: money)
        }
        let w = SweepWords(s, lang: lang, money: money, round: round)
        let valuesAsRows = w.units.count < s.points.count
        // Totals and ranks in the preferred layout, then in the other; then ranks only; the
        // first that fits `maxWidth` without shortening anything. When none does: ranks only
        // in the preferred layout, names shortened by ``TextTable``.
        let layouts = [(valuesAsRows, false), (!valuesAsRows, false), (valuesAsRows, true), (!valuesAsRows, true)]
        let layout = layouts.first { layout in
            guard let maxWidth else { return true }
            let natural = matrix(w, valuesAsRows: layout.0, compact: layout.1, maxWidth: nil).render()
            return natural.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= maxWidth }
        } ?? (valuesAsRows, true)
        var text = matrix(w, valuesAsRows: layout.0, compact: layout.1, maxWidth: maxWidth).render(style: style)
        text += "\n"
        var lines: [String] = []
        if s.tippingPoints.isEmpty {
            lines.append(noTippingPoints(lang))
        } else {
            lines.append(lang.pick("临界点（标 * 处，排名、等次、称号或奖励发生变化）：",
                                   "Tipping points (marked *: a rank, grade, title or reward changes):"))
            for t in s.tippingPoints { lines += tippingLines(t, w.byUnit(t), w, style: style, maxWidth: maxWidth) }
        }
        if let maxWidth { lines = lines.map { truncated($0, toWidth: maxWidth) } }
        return text + lines.map { $0 + "\n" }.joined()
    }

    /// Whether a sweep is too large for a matrix of every unit at every value (a province's
    /// thousands of units, or many values of many units): the table then summarises each value.
    static func isLarge(_ s: SweepResult) -> Bool {
        isLarge(units: s.points.first?.names.count ?? s.units.count, points: s.points.count)
    }

    /// Whether a sweep of `points` values over `units` units is large (its table summarises
    /// each value: ``table(_:lang:style:maxWidth:money:)``).
    public static func isLarge(units: Int, points: Int) -> Bool {
        units > 200 || units * points > 20_000
    }

    /// The table of a large sweep: a row per value with its grade distribution, reward money
    /// and how many units change rank, grade, titles and rewards there; under it each tipping
    /// point with its first few units' changes and how many more there are. Every unit's
    /// total and rank at every value are in the CSV and the JSON.
    ///
    /// ```
    ///          变动参数：indicators.省外到位资金.points（20000 个单位 × 3 个取值；各单位的总分和排名见 --format csv 或 json）
    /// ┌──────┬─────────────────────────────────────┬────────────────┬──────────┬──────────┬──────────┬──────────┐
    /// │ 取值 │ 等次分布                            │ 奖励总额(万元) │ 排名变动 │ 等次变动 │ 称号变动 │ 奖励变动 │
    /// ├──────┼─────────────────────────────────────┼────────────────┼──────────┼──────────┼──────────┼──────────┤
    /// │  20  │ 优秀 3016、良好 4213、合格 9280 …  │     103,215.18 │          │          │          │          │
    /// │  25* │ 优秀 3147、良好 4265、合格 9212 …  │     103,811.40 │    16760 │      640 │        2 │      575 │
    /// ```
    ///
    /// It is made from the sweep's summary (``SweepSummary``), which a large sweep can make
    /// point by point without keeping every point.
    public static func table(
        _ s: SweepSummary,
        lang: Language = .zh,
        style: TerminalStyle = .plain,
        maxWidth: Int? = nil,
        money: MoneyUnit = .yuan
    ) -> String {
        let w = SweepWords(parameters: s.parameters, lang: lang, money: money)
        let units = s.unitCount
        let tipping = Dictionary(s.tippingPoints.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        let title = lang.pick("变动参数：", "Varying: ") + w.parameters
            + lang.pick("（\(units) 个单位 × \(s.rows.count) 个取值；各单位的总分和排名见 --format csv 或 json）",
                        " (\(units) units × \(s.rows.count) values; every unit's total and rank: --format csv or json)")
        let headers = s.parameters.count == 1 ? [lang.pick("取值", "Value")] : s.parameters
        var columns: [TextTable.Column] = headers.map { .number($0) }
        columns += [.text(lang.pick("等次分布", "Grades")), .number(lang.pick("奖励总额", "Reward total") + w.moneySuffix)]
        let kinds = ["rank", "grade", "titles", "rewards"]
        columns += [lang.pick("排名变动", "Rank changes"), lang.pick("等次变动", "Grade changes"),
                    lang.pick("称号变动", "Title changes"), lang.pick("奖励变动", "Reward changes")].map { TextTable.Column.number($0) }
        var table = TextTable(title: title, columns: columns, maxWidth: maxWidth)
        for (index, p) in s.rows.enumerated() {
            let t = tipping[index]
            let mark = t == nil ? " " : "*"
            var cells = s.parameters.indices.map { ($0 < p.values.count ? p.values[$0] : "") + mark }
            cells += [w.grades(p.grades), w.money(p.rewardTotal)]
            let counts = t.map(changeCounts) ?? [:]
            cells += kinds.map { k in t == nil ? "" : String(counts[k] ?? 0) }
            table.addRow(cells)
        }
        var text = table.render(style: style) + "\n"
        var lines: [String] = []
        if s.tippingPoints.isEmpty {
            lines.append(noTippingPoints(lang))
        } else {
            lines.append(lang.pick("临界点（标 * 处；每处列出前 \(s.shownUnits) 个变动的单位）：",
                                   "Tipping points (marked *; the first \(s.shownUnits) units that change at each):"))
            for t in s.tippingPoints {
                let shown = w.byUnit(t.firstUnits(s.shownUnits))
                lines += tippingLines(t, shown, w, style: style, maxWidth: maxWidth)
                let total = t.changedUnitCount
                if total > shown.count {
                    lines.append("    " + lang.pick("……另有 \(total - shown.count) 个单位", "… and \(total - shown.count) more units"))
                }
            }
        }
        if let maxWidth { lines = lines.map { truncated($0, toWidth: maxWidth) } }
        text += lines.map { $0 + "\n" }.joined()
        return text
    }

    /// A tipping point under a sweep table: its value, then each unit and its changes (one
    /// change a line under the unit when the line would be wider than `maxWidth`).
    static func tippingLines(_ t: TippingPoint, _ byUnit: [(unit: String, changes: [String])], _ w: SweepWords,
                             style: TerminalStyle, maxWidth: Int?) -> [String] {
        let lang = w.lang
        var lines = ["  " + lang.pick("取值 ", "at ") + style.bold(w.label(t.values)) + lang.pick("：", ":")]
        let width = byUnit.map { displayWidth($0.unit) }.max() ?? 0
        for (unit, changes) in byUnit {
            let line = "    " + padded(unit, to: width, align: .left) + "  " + changes.joined(separator: lang.pick("，", ", "))
            if let maxWidth, displayWidth(line) > maxWidth {
                lines.append("    " + unit)
                lines += changes.map { "      " + $0 }
            } else {
                lines.append(line)
            }
        }
        return lines
    }

    static func noTippingPoints(_ lang: Language) -> String {
        lang.pick("无临界点：整个范围内各单位的排名、等次、称号和奖励均不变。",
                  "No tipping points: no unit's rank, grade, titles or rewards change over the range.")
    }

    /// How many units a large sweep's table names at each tipping point.
    public static let shownUnits = 5

    /// How many units change each thing at a tipping point.
    static func changeCounts(_ t: TippingPoint) -> [String: Int] {
        var out: [String: Int] = [:]
        for (k, c) in t.kindCounts.enumerated() where c > 0 { out[TippingPoint.kinds[k]] = c }
        return out
    }

    /// How many units change at a tipping point.
    static func changedUnitCount(_ t: TippingPoint) -> Int { t.changedUnitCount }

    /// The tipping point with only the changes of its first `n` units (in ranking order).
    static func firstUnits(_ t: TippingPoint, _ n: Int) -> TippingPoint { t.firstUnits(n) }

    /// The matrix of totals and ranks (`compact`: ranks only).
    static func matrix(_ w: SweepWords, valuesAsRows: Bool, compact: Bool, maxWidth: Int?) -> TextTable {
        let s = w.s
        let lang = w.lang
        let tipping = Set(s.tippingPoints.map(\.index))
        let rankChanged = w.rankChangedAt
        let lookup = s.points.map(w.entries)
        func cell(_ index: Int, _ unit: String) -> String {
            guard let e = lookup[index][unit] else { return ScoreFormat.missing + " " }
            let mark = rankChanged.contains(.init(index: index, unit: unit)) ? "*" : " "
            return (compact ? String(e.rank) : w.score(e.total) + " (" + String(e.rank) + ")") + mark
        }
        func valueLabel(_ index: Int) -> String {
            w.label(s.points[index].values) + (tipping.contains(index) ? "*" : " ")
        }
        let title = lang.pick("变动参数：", "Varying: ") + w.parameters
            + (compact ? lang.pick("（单元格为排名）", " (cells: rank)") : lang.pick("（单元格为 总分 (排名)）", " (cells: total (rank))"))
        let rewardTitle = lang.pick("奖励总额", "Reward total") + w.moneySuffix
        if valuesAsRows {
            // One parameter: it is named in the title, the column is just 取值 (Value).
            let headers = s.parameters.count == 1 ? [lang.pick("取值", "Value")] : s.parameters
            var columns: [TextTable.Column] = headers.map { .number($0) }
            columns += w.units.map { TextTable.Column($0, alignment: .right, isTruncatable: false) }
            columns += [.text(lang.pick("等次分布", "Grades")), .number(rewardTitle)]
            var table = TextTable(title: title, columns: columns, maxWidth: maxWidth)
            for (index, p) in s.points.enumerated() {
                let mark = tipping.contains(index) ? "*" : " "
                var cells = s.parameters.indices.map { ($0 < p.values.count ? p.values[$0] : "") + mark }
                cells += w.units.map { cell(index, $0) }
                cells += [w.grades(p), w.money(p.rewardTotal)]
                table.addRow(cells)
            }
            return table
        } else {
            var columns: [TextTable.Column] = [.text(lang.pick("单位", "Unit"))]
            columns += s.points.indices.map { TextTable.Column(valueLabel($0), alignment: .right, isTruncatable: false) }
            var table = TextTable(title: title, columns: columns, maxWidth: maxWidth)
            for unit in w.units {
                table.addRow([unit] + s.points.indices.map { cell($0, unit) })
            }
            table.addSeparator()
            for grade in w.gradeNames {
                table.addRow([lang.pick("等次 ", "Grade ") + grade] + s.points.map { p in
                    String(p.grades.first { $0.grade == grade }?.count ?? 0) + " "
                })
            }
            table.addRow([rewardTitle] + s.points.map { w.money($0.rewardTotal) + " " })
            return table
        }
    }

    // MARK: JSON

    /// The sweep as JSON, in the layout of ``AssessmentJSON``:
    ///
    /// ```json
    /// {
    ///   "parameters": ["indicators.省外到位资金.points"],
    ///   "units": ["城关镇", "河西镇"],
    ///   "points": [
    ///     {
    ///       "values": ["40"],
    ///       "units": [
    ///         {"unit": "城关镇", "total": 80.9, "rank": 1, "rank_all": 1, "grade": "良好", "titles": [], "rewards": 250000}
    ///       ],
    ///       "grades": [{"grade": "优秀", "count": 0}, {"grade": "良好", "count": 2}],
    ///       "reward_total": 250000
    ///     }
    ///   ],
    ///   "tipping_points": [
    ///     {
    ///       "index": 2,
    ///       "values": ["50"],
    ///       "changes": [
    ///         {"unit": "城关镇", "what": "rank", "before": 1, "after": 2}
    ///       ]
    ///     }
    ///   ]
    /// }
    /// ```
    ///
    /// `units` (top level) is the base ranking order; a point's `units` are in that point's
    /// ranking order. Money in 元. A change's `before` and `after` are numbers for `rank`
    /// and `rewards`, a string (or `null`) for `grade`, an array of names for `titles`;
    /// `index` counts the points from 0.
    public static func json(_ s: SweepResult) -> String {
        String(decoding: AssessmentJSON.join(SweepJSON.chunks(s)), as: UTF8.self)
    }

    /// The JSON text of ``json(_:)``, handed to `write` piece by piece in order (each piece
    /// whole UTF-8), without ever holding it whole.
    public static func writeJSON(_ s: SweepResult, to write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try SweepJSON.write(s, to: write)
    }

    // MARK: CSV

    /// One row per (value, unit), the units in the base ranking order: the parameters'
    /// values, 单位, 总分, 排名 (within the group), 等次, 奖励 (the unit's rewards in 元, a plain
    /// decimal). Written by ``CSVWriter``'s rules (UTF-8 with a byte order mark, CRLF).
    public static func csv(_ s: SweepResult, lang: Language = .zh, round: Int? = nil) -> String {
        var bytes: [UInt8] = []
        writeCSV(s, lang: lang, round: round) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``csv(_:lang:round:)`` handed to `write` piece by piece, as bytes: a province sweep's
    /// CSV is hundreds of megabytes. The points are made a few at a time on all cores, each
    /// written and freed before the next.
    public static func writeCSV(_ s: SweepResult, lang: Language = .zh, round: Int? = nil,
                                to write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let w = SweepWords(s, lang: lang, money: .yuan, round: round)
        let scorePlaces = w.places
        let writer = CSVWriter()
        var head = Array(((writer.includesBOM ? "\u{FEFF}" : "") + writer.record(s.parameters + [
            lang.pick("单位", "Unit"), lang.pick("总分", "Total"), lang.pick("排名", "Rank"),
            lang.pick("等次", "Grade"), lang.pick("奖励", "Rewards"),
        ])).utf8)
        try head.withUnsafeBytes { try write($0) }
        head = []
        /// Where each of the report's units is in a point's columns (-1: not there).
        @Sendable func places(_ names: [String]) -> [Int] {
            let at = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            return w.units.map { at[$0] ?? -1 }
        }
        // Points share their unit names: looked up once. Each point's records are made of
        // fields escaped once (a unit's name, a point's values, a grade) and of numbers, which
        // need no escaping: the same text as `writer.record` of each row.
        let shared = s.points.first.map { ($0.names, places($0.names)) }
        let unitFields = w.units.map { Array((writer.field($0) + ",").utf8) }
        let chunk: @Sendable (Int) -> JSONChunk = { k in
            let p = s.points[k]
            let at = shared.flatMap { $0.0 == p.names ? $0.1 : nil } ?? places(p.names)
            let values = Array(s.parameters.indices.map { writer.field($0 < p.values.count ? p.values[$0] : "") + "," }.joined().utf8)
            let grades = p.gradeNames.map { Array(("," + writer.field($0) + ",").utf8) }
            let noGrade = Array(("," + writer.field("") + ",").utf8)
            var out: [UInt8] = []
            out.reserveCapacity(at.count * (values.count + 80))
            for (i, field) in unitFields.enumerated() where at[i] >= 0 {
                let u = at[i], g = Int(p.gradeOf[u])
                out.append(contentsOf: values)
                out.append(contentsOf: field)
                Self.appendScore(p.totals[u], places: scorePlaces, to: &out)
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: String(p.ranks[u]).utf8)
                out.append(contentsOf: g >= 0 && g < grades.count ? grades[g] : noGrade)
                p.rewards[u].appendDescription(to: &out)
                out.append(contentsOf: [13, 10])
            }
            return JSONChunk(out)
        }
        try JSONChunk.inWaves(s.points.count, render: chunk, write: write)
    }

    /// `x.formatted(places:)` (``ScoreFormat/score(_:places:)``) as bytes: the rounded value's
    /// plain decimal, its fraction padded with zeros to `places` digits.
    static func appendScore(_ x: Fixed, places: Int, to out: inout [UInt8]) {
        let places = max(0, places)
        let start = out.count
        x.rounded(places: places).appendDescription(to: &out)
        guard places > 0 else { return }
        if let dot = out[start...].firstIndex(of: UInt8(ascii: ".")) {
            let digits = out.count - dot - 1
            if digits < places { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: places - digits)) }
        } else {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: places))
        }
    }

    // MARK: HTML

    /// One self-contained HTML page (inline CSS and JavaScript, no external resource): an SVG
    /// chart of every unit's rank — or total, a toggle — against the parameter, the tipping
    /// points marked with a tooltip listing the changes, a legend with a checkbox per unit
    /// (the units whose rank changes are highlighted), then the tipping points and a data
    /// table (totals and ranks, grade distribution and reward total per value). See
    /// ``SweepChart``.
    public static func html(
        _ s: SweepResult,
        title: String,
        lang: Language = .zh,
        money: MoneyUnit = .yuan,
        round: Int? = nil
    ) -> String {
        SweepChart(SweepWords(s, lang: lang, money: money, round: round), title: title).render()
    }
}
