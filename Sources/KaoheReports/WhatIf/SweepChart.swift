import Kaohe

/// The HTML page of `kaohe sweep --format html`: one self-contained file (inline CSS and
/// JavaScript, no external resource, no web font — a Chinese-friendly font stack) that shows
/// how each unit fares as the parameter moves.
///
/// - A header: the title, the parameter and its range, how many tipping points and units
///   that change.
/// - One inline `<svg>`: a line per unit of its rank (rank 1 at the top; over all units when
///   some unit's rank within its group differs from its overall rank) — or, with the
///   排名 / 总分 toggle, of its total — against the parameter's values, evenly spaced. Each
///   point has a tooltip (value, total, ranks, grade, rewards). Every tipping point is a
///   dashed vertical line with a numbered marker whose tooltip lists the changes. The units
///   whose rank changes somewhere are highlighted (thick lines), the others drawn faint.
///   Names sit at the right end of the lines, pushed apart so they do not overlap.
/// - A legend with a checkbox per unit (its colour, name and rank first → last) to show or
///   hide its line; buttons to show all, only the units that change, or none; hovering a
///   legend entry or a line brings that line forward.
/// - The tipping points as a list, then a data table: units × values, `总分 (排名)`, with
///   the grade distribution and reward total per value.
///
/// Coordinates are computed with `Fixed` and written with one decimal place; names are
/// escaped with ``HTMLEscape`` everywhere (the script refers to units by index only).
struct SweepChart {
    let w: SweepWords
    let title: String
    /// A large sweep (``SweepReport/isLarge(_:)``): the chart and the legend show only the
    /// units whose rank moves most, the tipping points name their first units, and the data
    /// table has a row per value instead of a row per unit.
    let large: Bool
    /// The units drawn: every unit, or for a large sweep the ``largeLimit`` whose plotted rank
    /// moves most over the range (the base order among equals).
    let units: [String]
    /// How many units a large sweep's chart shows.
    static let largeLimit = 30
    /// Whether the rank plotted is the overall one (`rank_all`): when some unit's rank within
    /// its group differs from it, the group ranks would lie on top of each other.
    let overall: Bool
    let maxRank: Int
    /// The units whose rank changes at some tipping point (or, if none does, that change at all).
    let highlighted: Set<String>
    /// How many units change at some tipping point; those of them drawn.
    let changingCount: Int
    let changing: Set<String>

    init(_ w: SweepWords, title: String) {
        self.w = w
        self.title = title
        let s = w.s
        large = SweepReport.isLarge(s)
        overall = s.points.contains { p in zip(p.ranks, p.ranksAll).contains { $0 != $1 } }
        let all = w.units
        if large {
            // Each unit's plotted rank, lowest and highest over the points (by index when the
            // points share their units, as a sweep's do).
            var low = [Int32](repeating: .max, count: all.count), high = [Int32](repeating: .min, count: all.count)
            let at = Dictionary(all.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var slots: [Int] = [], slotNames: [String]?
            for p in s.points {
                if slotNames != p.names {
                    slots = p.names.map { at[$0] ?? -1 }
                    slotNames = p.names
                }
                let ranks = overall ? p.ranksAll : p.ranks
                for (u, r) in ranks.enumerated() where slots[u] >= 0 {
                    low[slots[u]] = min(low[slots[u]], r)
                    high[slots[u]] = max(high[slots[u]], r)
                }
            }
            let moved = all.indices.filter { high[$0] >= low[$0] }
                .sorted { (high[$0] - low[$0], -$0) > (high[$1] - low[$1], -$1) }
            units = moved.prefix(SweepChart.largeLimit).sorted().map { all[$0] }
        } else {
            units = all
        }
        var changing = Set<String>(), rankChanging = Set<String>()
        for t in s.tippingPoints {
            if let after = t.after, t.before != nil {
                for f in t.found {
                    changing.insert(after.names[Int(f.unit)])
                    if f.what == 0 { rankChanging.insert(after.names[Int(f.unit)]) }
                }
            } else {
                for c in t.changes {
                    changing.insert(c.unit)
                    if c.what == "rank" { rankChanging.insert(c.unit) }
                }
            }
        }
        changingCount = changing.count
        let shown = Set(units)
        self.changing = changing.intersection(shown)
        highlighted = (rankChanging.isEmpty ? changing : rankChanging).intersection(shown)
        var most = 2
        for p in s.points {
            let ranks = overall ? p.ranksAll : p.ranks
            for (u, r) in ranks.enumerated() where !large || shown.contains(p.names[u]) { most = max(most, Int(r)) }
        }
        maxRank = most
    }

    // MARK: Geometry

    let width = 960
    let left = 64
    let right = 150
    let top = 56
    let bottom = 60
    var plotWidth: Int { width - left - right }
    var plotHeight: Int { max(300, min(units.count, 36) * 18) }
    var height: Int { top + plotHeight + bottom }

    var points: [SweepPoint] { w.s.points }
    var lang: Language { w.lang }

    /// The entries of a point by unit name: of every unit, or of the drawn ones.
    func entries(_ p: SweepPoint) -> [String: SweepPoint.Entry] {
        guard large else { return w.entries(p) }
        let shown = Set(units)
        var out: [String: SweepPoint.Entry] = [:]
        for (u, name) in p.names.enumerated() where shown.contains(name) { out[name] = p.entry(at: u) }
        return out
    }

    /// A tipping point's changes by unit; for a large sweep only its first units, and how
    /// many more there are.
    func changesByUnit(_ t: TippingPoint) -> (units: [(unit: String, changes: [String])], more: Int) {
        guard large else { return (w.byUnit(t), 0) }
        let first = w.byUnit(SweepReport.firstUnits(t, SweepReport.shownUnits)).prefix(SweepReport.shownUnits)
        return (Array(first), SweepReport.changedUnitCount(t) - first.count)
    }

    /// `……另有 N 个单位`.
    func more(_ n: Int) -> String { lang.pick("……另有 \(n) 个单位", "… and \(n) more units") }

    func rank(_ e: SweepPoint.Entry) -> Int { overall ? e.rankAll : e.rank }

    func ratio(_ a: Fixed, _ b: Fixed) -> Fixed { (try? a.divided(by: b)) ?? .zero }

    func times(_ a: Fixed, _ b: Fixed) -> Fixed { (try? a.multiplied(by: b)) ?? .zero }

    func x(_ index: Int) -> Fixed {
        guard points.count > 1 else { return Fixed(left + plotWidth / 2) }
        return Fixed(left) + ratio(Fixed(index * plotWidth), Fixed(points.count - 1))
    }

    func yRank(_ r: Int) -> Fixed {
        Fixed(top) + ratio(Fixed((r - 1) * plotHeight), Fixed(maxRank - 1))
    }

    /// The total axis: from `lo` to `hi` in steps of `step`, round numbers around the totals.
    var totalScale: (lo: Fixed, hi: Fixed, step: Fixed) {
        let shown = Set(units)
        let totals = points.flatMap { p in large ? p.names.indices.filter { shown.contains(p.names[$0]) }.map { p.totals[$0] } : Array(p.totals) }
        var lo = totals.min() ?? .zero, hi = totals.max() ?? Fixed(100)
        if lo == hi { lo = lo - Fixed(1); hi = hi + Fixed(1) }
        let steps = ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100", "200", "500",
                     "1000", "2000", "5000", "10000", "100000", "1000000"].compactMap { Fixed(parsing: $0, allowSuffix: false) }
        let step = steps.first { ratio(hi - lo, $0) <= Fixed(6) } ?? steps[steps.count - 1]
        return (times(ratio(lo, step).floor(), step), times(ratio(hi, step).ceil(), step), step)
    }

    func yTotal(_ v: Fixed, _ scale: (lo: Fixed, hi: Fixed, step: Fixed)) -> Fixed {
        Fixed(top) + ratio(times(scale.hi - v, Fixed(plotHeight)), scale.hi - scale.lo)
    }

    /// A coordinate as written in the SVG: one decimal place.
    func c(_ f: Fixed) -> String { f.formatted(places: 1) }

    static let palette = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#17becf"]

    func color(_ i: Int) -> String { Self.palette[i % Self.palette.count] }

    /// Lines of the second and later rounds of the palette are dashed, so no two look alike.
    func dash(_ i: Int) -> String {
        switch (i / Self.palette.count) % 4 {
        case 0: return ""
        case 1: return " stroke-dasharray=\"7 3\""
        case 2: return " stroke-dasharray=\"2 3\""
        default: return " stroke-dasharray=\"9 3 2 3\""
        }
    }

    func e(_ s: String) -> String { HTMLEscape.text(s) }

    // MARK: Page

    func render() -> String {
        let lookup = points.map(entries)
        let hl = highlighted
        var out = "<!DOCTYPE html>\n<html lang=\"" + lang.pick("zh-CN", "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>" + e(title) + "</title>\n<style>\n" + Self.css + "</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>" + e(title) + "</h1>\n"
        out += "<p class=\"sub\">" + subtitle() + "</p>\n"
        out += "<div class=\"controls\" role=\"radiogroup\" aria-label=\"" + lang.pick("纵轴", "Vertical axis") + "\">"
        out += "<label><input type=\"radio\" name=\"view\" value=\"rank\" checked> " + e(rankWord) + "</label>"
        out += "<label><input type=\"radio\" name=\"view\" value=\"total\"> " + lang.pick("总分", "Total") + "</label></div>\n"
        out += "<div class=\"layout\">\n<figure id=\"chart\" class=\"chart" + (hl.isEmpty ? "" : " has-hl") + "\">\n"
        out += svg(lookup: lookup, highlighted: hl)
        out += "<figcaption>" + lang.pick(
            "虚线为临界点（排名、等次、称号或奖励在该值发生变化），鼠标移到圆圈或点上查看详情；粗线为排名有变化的单位。",
            "Dashed lines are tipping points (a rank, grade, title or reward changes at that value): point at a marker or a dot for details. Thick lines: units whose rank changes."
        ) + "</figcaption>\n</figure>\n"
        out += legend(lookup: lookup, highlighted: hl)
        out += "</div>\n"
        out += tippingSection()
        out += dataSection(lookup: lookup)
        out += "</main>\n<script>\n" + Self.script + "</script>\n</body>\n</html>\n"
        return out
    }

    var rankWord: String { overall ? lang.pick("全部排名", "Overall rank") : lang.pick("排名", "Rank") }

    func subtitle() -> String {
        let first = points.first.map { w.label($0.values) } ?? "", last = points.last.map { w.label($0.values) } ?? ""
        let tips = w.s.tippingPoints.count, changing = changingCount, all = w.units.count
        switch lang {
        case .zh:
            return "变动参数 <code>" + e(w.parameters) + "</code>：" + e(first) + " → " + e(last) + "，共 \(points.count) 个取值 · "
                + (tips == 0 ? "无临界点" : "临界点 \(tips) 个，\(changing) 个单位有变化") + " · 共 \(all) 个单位"
                + (large ? "；图中为排名变动最大的 \(units.count) 个单位，各单位的总分和排名见 <code>--format csv</code> 或 <code>json</code>" : "")
        case .en:
            return "Varying <code>" + e(w.parameters) + "</code>: " + e(first) + " → " + e(last) + ", \(points.count) values · "
                + (tips == 0 ? "no tipping points" : "\(tips) tipping \(tips == 1 ? "point" : "points"), \(changing) \(changing == 1 ? "unit changes" : "units change")")
                + " · \(all) units"
                + (large ? "; the chart shows the \(units.count) units whose rank moves most (every unit's total and rank: <code>--format csv</code> or <code>json</code>)" : "")
        }
    }

    // MARK: SVG

    func svg(lookup: [[String: SweepPoint.Entry]], highlighted hl: Set<String>) -> String {
        var out = "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"" + e(title) + "\" font-size=\"12\">\n"
        // The rank view.
        out += "<g class=\"view view-rank\">\n"
        var ranks: [Int] = []
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500].first { maxRank / $0 <= 15 } ?? 1000
        ranks.append(1)
        var r = step
        while r <= maxRank { if r > 1 { ranks.append(r) }; r += step }
        out += grid(ticks: ranks.map { (yRank($0), String($0)) }, axisTitle: rankWord)
        out += tips()
        out += lines(lookup: lookup, highlighted: hl) { yRank(rank($0)) }
        out += "</g>\n"
        // The total view.
        let scale = totalScale
        out += "<g class=\"view view-total\">\n"
        var ticks: [(Fixed, String)] = []
        let places = fractionDigits(scale.step)
        var v = scale.lo
        while v <= scale.hi, ticks.count < 50 { ticks.append((yTotal(v, scale), v.formatted(places: places))); v = v + scale.step }
        out += grid(ticks: ticks, axisTitle: lang.pick("总分", "Total"))
        out += tips()
        out += lines(lookup: lookup, highlighted: hl) { yTotal($0.total, scale) }
        out += "</g>\n</svg>\n"
        return out
    }

    func fractionDigits(_ f: Fixed) -> Int {
        let text = f.description
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// Horizontal grid lines with their labels, the x-axis labels and the axis titles.
    func grid(ticks: [(y: Fixed, label: String)], axisTitle: String) -> String {
        let x0 = c(Fixed(left)), x1 = c(Fixed(left + plotWidth))
        var out = "<g class=\"grid\">\n"
        for t in ticks {
            out += "<line x1=\"\(x0)\" x2=\"\(x1)\" y1=\"\(c(t.y))\" y2=\"\(c(t.y))\"/>"
            out += "<text class=\"yl\" x=\"\(c(Fixed(left - 8)))\" y=\"\(c(t.y + Fixed(4)))\" text-anchor=\"end\">" + e(t.label) + "</text>\n"
        }
        // x labels: every k-th value, so that they do not overlap.
        let labelWidth = (points.map { displayWidth(w.label($0.values)) }.max() ?? 1) * 7 + 10
        let spacing = points.count > 1 ? plotWidth / (points.count - 1) : plotWidth
        let every = max(1, (labelWidth + spacing - 1) / max(1, spacing))
        let baseline = top + plotHeight
        for (i, p) in points.enumerated() where i % every == 0 || i == points.count - 1 && (points.count - 1) % every == 0 {
            out += "<line class=\"xt\" x1=\"\(c(x(i)))\" x2=\"\(c(x(i)))\" y1=\"\(baseline)\" y2=\"\(baseline + 5)\"/>"
            out += "<text class=\"xl\" x=\"\(c(x(i)))\" y=\"\(baseline + 20)\" text-anchor=\"middle\">" + e(w.label(p.values)) + "</text>\n"
        }
        out += "<text class=\"at\" x=\"\(left + plotWidth / 2)\" y=\"\(baseline + 46)\" text-anchor=\"middle\">" + e(w.parameters) + "</text>\n"
        out += "<text class=\"at\" x=\"\(left - 8)\" y=\"\(top - 30)\" text-anchor=\"end\">" + e(axisTitle) + "</text>\n"
        out += "</g>\n"
        return out
    }

    /// The tipping points: a dashed line, a numbered marker above the plot, and a tooltip.
    func tips() -> String {
        var out = "<g class=\"tips\">\n"
        for (n, t) in w.s.tippingPoints.enumerated() {
            let xs = c(x(t.index))
            var tooltip = lang.pick("临界点 ", "Tipping point ") + "\(n + 1)" + lang.pick("：", ": ") + w.parameters + " = " + w.label(t.values)
            if let prev = (0..<points.count).contains(t.index - 1) ? points[t.index - 1] : nil {
                tooltip += lang.pick("（上一取值 ", " (previous value ") + w.label(prev.values) + lang.pick("）", ")")
            }
            let byUnit = changesByUnit(t)
            for (unit, changes) in byUnit.units { tooltip += "\n" + unit + lang.pick("：", ": ") + changes.joined(separator: lang.pick("，", ", ")) }
            if byUnit.more > 0 { tooltip += "\n" + more(byUnit.more) }
            out += "<g class=\"tip\"><title>" + e(tooltip) + "</title>"
            if t.index > 0 {
                // The stretch in which the change happens: from the value before to this one.
                let x0 = x(t.index - 1)
                out += "<rect class=\"tb\" x=\"\(c(x0))\" y=\"\(top)\" width=\"\(c(x(t.index) - x0))\" height=\"\(plotHeight)\"/>"
            }
            out += "<line class=\"hit\" x1=\"\(xs)\" x2=\"\(xs)\" y1=\"\(top - 26)\" y2=\"\(top + plotHeight)\"/>"
            out += "<line class=\"tl\" x1=\"\(xs)\" x2=\"\(xs)\" y1=\"\(top - 8)\" y2=\"\(top + plotHeight)\"/>"
            out += "<circle class=\"tm\" cx=\"\(xs)\" cy=\"\(top - 18)\" r=\"9\"/>"
            out += "<text class=\"tn\" x=\"\(xs)\" y=\"\(top - 14)\" text-anchor=\"middle\">\(n + 1)</text></g>\n"
        }
        out += "</g>\n"
        return out
    }

    /// A group per unit: its polyline, a dot per point with a tooltip, and its name at the
    /// right end (pushed apart from the others).
    func lines(lookup: [[String: SweepPoint.Entry]], highlighted hl: Set<String>, y: (SweepPoint.Entry) -> Fixed) -> String {
        // End labels: at the last point where the unit is, pushed apart by 13 px.
        var ends: [(unit: Int, y: Fixed)] = []
        for (i, unit) in units.enumerated() {
            if let last = lookup.lastIndex(where: { $0[unit] != nil }), let entry = lookup[last][unit] { ends.append((i, y(entry))) }
        }
        ends.sort { $0.y != $1.y ? $0.y < $1.y : $0.unit < $1.unit }
        let gap = Fixed(13)
        for k in ends.indices.dropFirst() where ends[k].y < ends[k - 1].y + gap { ends[k].y = ends[k - 1].y + gap }
        let overflow = (ends.last?.y ?? .zero) - Fixed(top + plotHeight + 6)
        if overflow > .zero {
            // Pull the labels back up, keeping their spacing, but not above the plot.
            for k in ends.indices.reversed() {
                let limit = k + 1 < ends.count ? ends[k + 1].y - gap : Fixed(top + plotHeight + 6)
                if ends[k].y > limit { ends[k].y = max(limit, Fixed(top - 6)) }
            }
        }
        var labelY: [Int: Fixed] = [:]
        for end in ends { labelY[end.unit] = end.y }

        var out = "<g class=\"units\">\n"
        for (i, unit) in units.enumerated() {
            let cls = "u" + (hl.contains(unit) ? " hl" : "")
            out += "<g class=\"\(cls)\" data-u=\"\(i)\" style=\"--c:\(color(i))\">"
            var coords: [String] = []
            var dots = ""
            for (k, p) in points.enumerated() {
                guard let entry = lookup[k][unit] else { continue }
                let px = c(x(k)), py = c(y(entry))
                coords.append(px + "," + py)
                dots += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"3.5\"><title>" + e(tooltip(unit, p, entry)) + "</title></circle>"
            }
            out += "<polyline points=\"" + coords.joined(separator: " ") + "\"" + dash(i) + "/>"
            out += dots
            if let ly = labelY[i] {
                // At most 20 columns (10 Chinese characters) fit right of the plot.
                out += "<text class=\"end\" x=\"\(left + plotWidth + 10)\" y=\"\(c(ly + Fixed(4)))\">" + e(truncated(unit, toWidth: 20)) + "</text>"
            }
            out += "</g>\n"
        }
        out += "</g>\n"
        return out
    }

    func tooltip(_ unit: String, _ p: SweepPoint, _ entry: SweepPoint.Entry) -> String {
        var parts = [
            lang.pick("总分 ", "total ") + w.score(entry.total),
            lang.pick("排名 ", "rank ") + String(entry.rank) + (entry.rank != entry.rankAll ? lang.pick("（全部 \(entry.rankAll)）", " (overall \(entry.rankAll))") : ""),
        ]
        if let grade = entry.grade { parts.append(lang.pick("等次 ", "grade ") + grade) }
        if !entry.rewards.isZero { parts.append(lang.pick("奖励 ", "rewards ") + w.money(entry.rewards) + " " + w.money.name) }
        if !entry.titles.isEmpty { parts.append(lang.pick("称号 ", "titles ") + w.names(entry.titles.joined(separator: "、"))) }
        return unit + " · " + w.parameters + " = " + w.label(p.values) + "\n" + parts.joined(separator: lang.pick("，", ", "))
    }

    // MARK: Legend, tipping points, data

    func legend(lookup: [[String: SweepPoint.Entry]], highlighted hl: Set<String>) -> String {
        var out = "<aside id=\"legend\" aria-label=\"" + lang.pick("单位", "Units") + "\">\n<div class=\"lb\">"
        out += "<button type=\"button\" data-act=\"all\">" + lang.pick("全部", "All") + "</button>"
        out += "<button type=\"button\" data-act=\"changed\">" + lang.pick("只看有变化的", "Only changing") + "</button>"
        out += "<button type=\"button\" data-act=\"none\">" + lang.pick("清除", "None") + "</button></div>\n<ul>\n"
        for (i, unit) in units.enumerated() {
            let first = lookup.first { $0[unit] != nil }?[unit], last = lookup.last { $0[unit] != nil }?[unit]
            var ranks = ""
            if let first, let last { ranks = rank(first) == rank(last) ? String(rank(first)) : "\(rank(first)) → \(rank(last))" }
            let cls = (hl.contains(unit) ? "hl" : "") + (changing.contains(unit) ? (hl.contains(unit) ? " ch" : "ch") : "")
            out += "<li" + (cls.isEmpty ? "" : " class=\"\(cls)\"") + "><label title=\"" + e(unit) + "\"><input type=\"checkbox\" data-u=\"\(i)\" checked>"
            out += "<span class=\"sw\" style=\"--c:\(color(i))\"></span><span class=\"nm\">" + e(unit) + "</span>"
            out += "<span class=\"rk\">" + e(ranks) + "</span></label></li>\n"
        }
        out += "</ul>\n</aside>\n"
        return out
    }

    func tippingSection() -> String {
        var out = "<section>\n<h2>" + lang.pick("临界点", "Tipping points") + "</h2>\n"
        guard !w.s.tippingPoints.isEmpty else {
            return out + "<p>" + lang.pick("整个范围内各单位的排名、等次、称号和奖励均不变。",
                                           "No unit's rank, grade, titles or rewards change over the range.") + "</p>\n</section>\n"
        }
        out += "<ol class=\"tiplist\">\n"
        for t in w.s.tippingPoints {
            out += "<li><b>" + e(w.parameters) + " = " + e(w.label(t.values)) + "</b><ul>"
            let byUnit = changesByUnit(t)
            for (unit, changes) in byUnit.units {
                out += "<li><span class=\"nm\">" + e(unit) + "</span>" + lang.pick("：", ": ") + e(changes.joined(separator: lang.pick("，", ", "))) + "</li>"
            }
            if byUnit.more > 0 { out += "<li>" + e(more(byUnit.more)) + "</li>" }
            out += "</ul></li>\n"
        }
        return out + "</ol>\n</section>\n"
    }

    func dataSection(lookup: [[String: SweepPoint.Entry]]) -> String {
        if large { return summarySection() }
        let tipping = Set(w.s.tippingPoints.map(\.index))
        let changed = w.rankChangedAt
        var out = "<section>\n<h2>" + lang.pick("数据", "Data") + "</h2>\n<p class=\"note\">"
            + lang.pick("单元格为 总分 (排名)；标色的列为临界点，标色的单元格为排名在此变化。",
                        "Cells: total (rank); highlighted columns are tipping points, highlighted cells a rank that changes there.")
            + "</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>" + lang.pick("单位", "Unit") + "</th>"
        for (k, p) in points.enumerated() {
            out += "<th" + (tipping.contains(k) ? " class=\"tp\"" : "") + ">" + e(w.label(p.values)) + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for unit in units {
            out += "<tr><th>" + e(unit) + "</th>"
            for k in points.indices {
                guard let entry = lookup[k][unit] else { out += "<td>" + ScoreFormat.missing + "</td>"; continue }
                let cls = changed.contains(.init(index: k, unit: unit)) ? " class=\"rc\"" : (tipping.contains(k) ? " class=\"tp\"" : "")
                out += "<td\(cls)>" + w.score(entry.total) + " <small>(\(entry.rank))</small></td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n<tfoot>\n"
        for grade in w.gradeNames {
            out += "<tr><th>" + lang.pick("等次 ", "Grade ") + e(grade) + "</th>"
            for p in points { out += "<td>" + String(p.grades.first { $0.grade == grade }?.count ?? 0) + "</td>" }
            out += "</tr>\n"
        }
        out += "<tr><th>" + lang.pick("奖励总额", "Reward total") + e(w.moneySuffix) + "</th>"
        for p in points { out += "<td>" + w.money(p.rewardTotal) + "</td>" }
        out += "</tr>\n</tfoot>\n</table></div>\n</section>\n"
        return out
    }

    // MARK: Style and script

    /// A large sweep's data: a row per value (grades, reward money, how many units change).
    func summarySection() -> String {
        let tipping = Dictionary(w.s.tippingPoints.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        var out = "<section>\n<h2>" + lang.pick("数据", "Data") + "</h2>\n<p class=\"note\">"
            + lang.pick("每个取值的等次分布、奖励总额，以及与上一取值相比排名、等次、称号、奖励有变化的单位数；标色的行为临界点。",
                        "Per value: grade distribution, reward total, and how many units' rank, grade, titles and rewards change from the previous value; highlighted rows are tipping points.")
            + "</p>\n<div class=\"scroll\"><table>\n<thead><tr><th>" + lang.pick("取值", "Value") + "</th>"
        let heads = [lang.pick("等次分布", "Grades"), lang.pick("奖励总额", "Reward total") + w.moneySuffix,
                     lang.pick("排名变动", "Rank changes"), lang.pick("等次变动", "Grade changes"),
                     lang.pick("称号变动", "Title changes"), lang.pick("奖励变动", "Reward changes")]
        out += heads.map { "<th>" + e($0) + "</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (k, p) in points.enumerated() {
            let t = tipping[k]
            out += "<tr" + (t == nil ? "" : " class=\"tp\"") + "><th>" + e(w.label(p.values)) + "</th>"
            out += "<td>" + e(w.grades(p)) + "</td><td>" + w.money(p.rewardTotal) + "</td>"
            let counts = t.map(SweepReport.changeCounts) ?? [:]
            for kind in ["rank", "grade", "titles", "rewards"] { out += "<td>" + (t == nil ? "" : String(counts[kind] ?? 0)) + "</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</section>\n"
    }

    static let css = """
    :root{--fg:#1f2933;--mute:#6b7280;--line:#e5e7eb;--accent:#c2410c}
    *{box-sizing:border-box}
    body{margin:0;color:var(--fg);background:#fafaf9;font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;line-height:1.5}
    main{max-width:1280px;margin:0 auto;padding:20px 24px 40px}
    h1{font-size:22px;margin:0 0 4px}
    h2{font-size:17px;margin:28px 0 8px}
    .sub{color:var(--mute);margin:0 0 12px}
    code{background:#f1f5f9;padding:1px 5px;border-radius:4px;font-size:13px}
    .controls{display:inline-flex;border:1px solid #cbd5e1;border-radius:6px;overflow:hidden;margin-bottom:8px}
    .controls label{padding:4px 14px;cursor:pointer;user-select:none}
    .controls label:has(input:checked){background:#1e3a8a;color:#fff}
    .controls input{margin:0 4px 0 0}
    .layout{display:flex;gap:16px;align-items:flex-start}
    .chart{flex:1 1 auto;min-width:0;margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px}
    .chart svg{display:block;width:100%;height:auto}
    figcaption{color:var(--mute);font-size:12px;padding:4px 8px}
    .grid line{stroke:var(--line)}
    .grid .xt{stroke:#9ca3af}
    .grid text{fill:var(--mute)}
    .grid .at{fill:var(--fg);font-weight:600}
    .tip .hit{stroke:transparent;stroke-width:12}
    .tip .tb{fill:#fff7ed;opacity:.7}
    .tip .tl{stroke:var(--accent);stroke-width:1.5;stroke-dasharray:5 4}
    .tip .tm{fill:var(--accent)}
    .tip .tn{fill:#fff;font-size:11px;font-weight:700;pointer-events:none}
    .tip:hover .tl{stroke-width:2.5}
    .u polyline{fill:none;stroke:var(--c);stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
    .u circle{fill:#fff;stroke:var(--c);stroke-width:1.5}
    .u circle:hover{fill:var(--c)}
    .u .end{fill:var(--c);font-weight:600}
    .has-hl .u:not(.hl) polyline{stroke-opacity:.3;stroke-width:1.3}
    .has-hl .u:not(.hl) circle{stroke-opacity:.35}
    .has-hl .u:not(.hl) .end{opacity:.55;font-weight:400}
    .u.hl polyline{stroke-width:3.2}
    .u.off{display:none}
    .focusing .u:not(.focus){opacity:.12}
    .focusing .u.focus polyline{stroke-width:3.6;stroke-opacity:1}
    .chart .view-total{display:none}
    .chart.show-total .view-total{display:inline}
    .chart.show-total .view-rank{display:none}
    #legend{flex:0 0 220px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px;max-height:80vh;overflow:auto}
    #legend .lb{display:flex;gap:4px;flex-wrap:wrap;margin-bottom:6px}
    #legend button{font:inherit;font-size:12px;padding:2px 8px;border:1px solid #cbd5e1;background:#f8fafc;border-radius:4px;cursor:pointer}
    #legend ul{list-style:none;margin:0;padding:0}
    #legend li label{display:flex;align-items:center;gap:6px;padding:2px 4px;border-radius:4px;cursor:pointer}
    #legend li label:hover{background:#f1f5f9}
    #legend li.hl .nm{font-weight:700}
    #legend .sw{width:18px;height:4px;border-radius:2px;background:var(--c);flex:none}
    #legend li:not(.hl) .sw{opacity:.5}
    #legend .nm{flex:1 1 auto;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
    #legend .rk{color:var(--mute);font-size:12px;white-space:nowrap}
    #legend li.ch .rk{color:var(--accent)}
    .tiplist li{margin:4px 0}
    .tiplist ul{margin:2px 0 6px;padding-left:20px}
    .note{color:var(--mute);font-size:12px}
    .scroll{overflow:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
    table{border-collapse:collapse;font-variant-numeric:tabular-nums}
    th,td{padding:4px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
    td{text-align:right}
    th{text-align:left;font-weight:600}
    thead th{background:#f8fafc;text-align:right}
    thead th:first-child{text-align:left}
    th.tp,td.tp,tr.tp>*{background:#fff7ed}
    td.rc{background:#fed7aa;font-weight:600}
    td small{color:var(--mute)}
    tfoot th,tfoot td{background:#f8fafc}
    @media (max-width:900px){.layout{flex-direction:column}#legend{flex:none;width:100%;max-height:none}}

    """

    static let script = """
    (function () {
      var chart = document.getElementById('chart');
      var boxes = Array.prototype.slice.call(document.querySelectorAll('#legend input[data-u]'));
      var groups = Array.prototype.slice.call(chart.querySelectorAll('.u'));
      function apply() {
        var shown = {};
        boxes.forEach(function (b) { shown[b.getAttribute('data-u')] = b.checked; });
        groups.forEach(function (g) { g.classList.toggle('off', !shown[g.getAttribute('data-u')]); });
      }
      function focus(u) {
        chart.classList.toggle('focusing', u !== null);
        groups.forEach(function (g) { g.classList.toggle('focus', g.getAttribute('data-u') === u); });
      }
      boxes.forEach(function (b) {
        b.addEventListener('change', apply);
        var row = b.closest('label');
        row.addEventListener('mouseenter', function () { focus(b.getAttribute('data-u')); });
        row.addEventListener('mouseleave', function () { focus(null); });
      });
      groups.forEach(function (g) {
        g.addEventListener('mouseenter', function () { focus(g.getAttribute('data-u')); });
        g.addEventListener('mouseleave', function () { focus(null); });
      });
      Array.prototype.forEach.call(document.querySelectorAll('#legend button'), function (button) {
        button.addEventListener('click', function () {
          var act = button.getAttribute('data-act');
          boxes.forEach(function (b) {
            b.checked = act === 'all' || (act === 'changed' && b.closest('li').classList.contains('ch'));
          });
          apply();
        });
      });
      Array.prototype.forEach.call(document.querySelectorAll('input[name=view]'), function (r) {
        r.addEventListener('change', function () { chart.classList.toggle('show-total', r.value === 'total' && r.checked); });
      });
      apply();
    })();

    """
}
