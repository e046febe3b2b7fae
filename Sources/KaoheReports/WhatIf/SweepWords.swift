import Kaohe

/// What the sweep reports say, in words and formatted numbers, shared by the table, the CSV
/// and the HTML of ``SweepReport``.
///
/// A ``SweepResult`` does not carry the scheme's money unit or rounding: money is shown in
/// `money` (元 unless the caller passes the scheme's), scores with `round` places — or, when
/// `round` is nil, with as many places as the totals have (at least two, at most six), so
/// nothing is hidden.
struct SweepWords {
    let s: SweepResult
    let lang: Language
    let money: MoneyUnit
    let places: Int
    let moneyPlaces: Int
    /// Unit names: the base order, then any unit that only appears at some point.
    let units: [String]

    init(_ s: SweepResult, lang: Language, money: MoneyUnit, round: Int?) {
        self.s = s
        self.lang = lang
        self.money = money
        if let round {
            places = max(0, round)
        } else {
            var p = 2
            for t in s.points.lazy.flatMap(\.totals) {
                let text = t.description
                if let dot = text.firstIndex(of: ".") { p = max(p, text.distance(from: dot, to: text.endIndex) - 1) }
            }
            places = min(p, 6)
        }
        // Reward money reads like a report: 2 places in the scheme's money unit (exact amounts are in the JSON).
        moneyPlaces = 2
        var names = s.units
        var seen = Set(names)
        var checked: [String]?
        for p in s.points {
            // Points of one sweep share their unit names: each list looked through once.
            if let checked, checked == p.names { continue }
            for name in p.names where !seen.contains(name) { names.append(name); seen.insert(name) }
            checked = p.names
        }
        units = names
    }

    /// The words of a sweep's summary (``SweepSummary``), which has no points: no unit names,
    /// and scores (which a summary does not show) with 2 places.
    init(parameters: [String], lang: Language, money: MoneyUnit) {
        s = SweepResult(parameters: parameters, points: [], tippingPoints: [], units: [])
        self.lang = lang
        self.money = money
        places = 2
        moneyPlaces = 2
        units = []
    }

    /// The parameter(s): `indicators.省外到位资金.points`, several joined with ` / `.
    var parameters: String { s.parameters.joined(separator: " / ") }

    /// A point's value(s) as written: `50`, several joined with `, `.
    func label(_ values: [String]) -> String { values.joined(separator: ", ") }

    func score(_ x: Fixed) -> String { ScoreFormat.score(x, places: places) }

    func money(_ yuan: Fixed) -> String { ScoreFormat.money(yuan, in: money, places: moneyPlaces) }

    /// `(万元)`, ` (万元)` in English.
    var moneySuffix: String { lang.pick("(", " (") + money.name + ")" }

    /// The entries of a point by unit name.
    func entries(_ p: SweepPoint) -> [String: SweepPoint.Entry] {
        var out: [String: SweepPoint.Entry] = [:]
        for e in p.units { out[e.unit] = e }
        return out
    }

    /// `优秀 1、良好 2` (grades with no unit left out; `—` when none).
    func grades(_ p: SweepPoint) -> String { grades(p.grades) }

    /// Units per grade as ``grades(_:)-(SweepPoint)`` shows them.
    func grades(_ counts: [(grade: String, count: Int)]) -> String {
        let shown = counts.filter { $0.count > 0 }.map { "\($0.grade) \($0.count)" }
        return shown.isEmpty ? ScoreFormat.missing : shown.joined(separator: lang.pick("、", ", "))
    }

    /// Every grade that some unit gets at some point, in the scheme's order.
    var gradeNames: [String] {
        var names: [String] = []
        for p in s.points { for g in p.grades where g.count > 0 && !names.contains(g.grade) { names.append(g.grade) } }
        let order = s.points.first?.grades.map(\.grade) ?? []
        return names.sorted { (order.firstIndex(of: $0) ?? Int.max, $0) < (order.firstIndex(of: $1) ?? Int.max, $1) }
    }

    /// The word for a tipping change: 排名, 等次, 称号, 奖励.
    func what(_ what: String) -> String {
        switch what {
        case "rank": return lang.pick("排名", "rank")
        case "grade": return lang.pick("等次", "grade")
        case "titles": return lang.pick("称号", "titles")
        case "rewards": return lang.pick("奖励", "rewards")
        default: return what
        }
    }

    /// `排名 1 → 2`, `奖励 0.00 → 5.00 万元`, `称号 无 → 先进单位`.
    func change(_ c: TippingPoint.Change) -> String {
        var before = c.before, after = c.after
        switch c.what {
        case "rewards":
            if let b = Fixed(parsing: before, allowSuffix: false), let a = Fixed(parsing: after, allowSuffix: false) {
                before = money(b); after = money(a) + " " + money.name
            }
        case "titles":
            before = names(before); after = names(after)
        default: break
        }
        return what(c.what) + " " + before + " → " + after
    }

    func names(_ joined: String) -> String {
        guard !joined.isEmpty else { return lang.pick("无", "none") }
        return lang == .zh ? joined : joined.replacingOccurrences(of: "、", with: ", ")
    }

    /// A tipping point's changes by unit, in the order the units first appear:
    /// `[("城关镇", ["排名 1 → 2", "等次 良好 → 合格"])]`.
    func byUnit(_ t: TippingPoint) -> [(unit: String, changes: [String])] {
        var out: [(unit: String, changes: [String])] = []
        var at: [String: Int] = [:]
        for c in t.changes {
            // A unit's changes come one after another: look it up only when the unit changes.
            if let last = out.last, last.unit == c.unit {
                out[out.count - 1].changes.append(change(c))
            } else if let i = at[c.unit] {
                out[i].changes.append(change(c))
            } else {
                at[c.unit] = out.count
                out.append((c.unit, [change(c)]))
            }
        }
        return out
    }

    /// The units that change at some tipping point, in ``units`` order.
    var changingUnits: Set<String> { Set(s.tippingPoints.flatMap { $0.changes.map(\.unit) }) }

    /// The units whose rank changes at some tipping point.
    var rankChangingUnits: Set<String> { Set(s.tippingPoints.flatMap { $0.changes.filter { $0.what == "rank" }.map(\.unit) }) }

    /// Indices of the points at which some unit's rank changes, by unit.
    var rankChangedAt: Set<PointUnit> {
        var out: Set<PointUnit> = []
        for t in s.tippingPoints { for c in t.changes where c.what == "rank" { out.insert(PointUnit(index: t.index, unit: c.unit)) } }
        return out
    }

    struct PointUnit: Hashable {
        var index: Int
        var unit: String
    }
}
