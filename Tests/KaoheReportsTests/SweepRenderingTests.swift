import Foundation
import Testing
@testable import Kaohe
@testable import KaoheReports

/// A hand-built sweep of `indicators.项目开工率.points` over 40, 45, 50, 55 with one tipping
/// point, at 50.
///
/// 城关镇 = 62 + 0.3 × points: 74, 75.5, 77, 78.5; 河西镇 = 30 + points: 70, 75, 80, 85;
/// `A&B<x>` (the only unit of its group, 3rd overall) stays at 60. At 50 河西镇 passes 城关镇
/// (rank 2 → 1) and reaches 80, 良好; the 1st of 一类乡镇 gets 50000 and the title, the 2nd
/// 30000: reward money 80000 at every value.
enum SweepFixture {
    static func f(_ text: String) -> Fixed { Fixed(parsing: text)! }

    static func entry(_ unit: String, _ total: String, rank: Int, rankAll: Int, grade: String, rewards: String, titles: [String] = []) -> SweepPoint.Entry {
        SweepPoint.Entry(unit: unit, total: f(total), rank: rank, rankAll: rankAll, grade: grade, titles: titles, rewards: f(rewards))
    }

    static let odd = "A&B<x>"

    static func point(_ value: String, chengguan: String, hexi: String) -> SweepPoint {
        let hexiFirst = f(hexi) > f(chengguan)
        let c = entry("城关镇", chengguan, rank: hexiFirst ? 2 : 1, rankAll: hexiFirst ? 2 : 1, grade: f(chengguan) >= f("80") ? "良好" : "合格",
                      rewards: hexiFirst ? "30000" : "50000", titles: hexiFirst ? [] : ["招商引资先进单位"])
        let h = entry("河西镇", hexi, rank: hexiFirst ? 1 : 2, rankAll: hexiFirst ? 1 : 2, grade: f(hexi) >= f("80") ? "良好" : "合格",
                      rewards: hexiFirst ? "50000" : "30000", titles: hexiFirst ? ["招商引资先进单位"] : [])
        let o = entry(odd, "60", rank: 1, rankAll: 3, grade: "合格", rewards: "0")
        let units = hexiFirst ? [h, c, o] : [c, h, o]
        let grades: [(grade: String, count: Int)] = ["优秀", "良好", "合格"].map { g in (grade: g, count: units.filter { $0.grade == .some(g) }.count) }
        return SweepPoint(values: [value], units: units, grades: grades, rewardTotal: f("80000"))
    }

    static let points = [
        point("40", chengguan: "74", hexi: "70"),
        point("45", chengguan: "75.5", hexi: "75"),
        point("50", chengguan: "77", hexi: "80"),
        point("55", chengguan: "78.5", hexi: "85"),
    ]

    static let result = SweepResult(
        parameters: ["indicators.项目开工率.points"], points: points,
        tippingPoints: SweepResult.tipping(points), units: ["城关镇", "河西镇", odd])

    static let wan = MoneyUnit(name: "万元", factor: Fixed(10_000))

    /// A larger sweep for the picture: 18 units over 11 values (5亿 … 10亿), totals
    /// `base + slope × k` in hundredths, ranks by total (ties by name), 优秀 from 90, 良好
    /// from 80, rewards 5万/3万/2万 for the first three.
    static func large() -> SweepResult {
        let names = ["城关镇", "河西镇", "东山乡", "西湖镇", "南岭镇", "北坪乡", "经济技术开发区管委会", "高新区", "发改局", "商务局",
                     "工信局", "自然资源局", "住建局", "农业农村局", "文旅局", "A&B<x>", "青山镇", "白沙镇"]
        var points: [SweepPoint] = []
        for k in 0...10 {
            var entries: [(String, Fixed)] = []
            for (i, name) in names.enumerated() {
                let base = 7000 + (i * 737) % 2200, slope = ((i * 53) % 90) - 30
                entries.append((name, Fixed(raw: Int128(base + slope * k) * Fixed.one / 100)))
            }
            entries.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            let units = entries.enumerated().map { r, e in
                SweepPoint.Entry(unit: e.0, total: e.1, rank: r + 1, rankAll: r + 1,
                                 grade: e.1 >= Fixed(90) ? "优秀" : e.1 >= Fixed(80) ? "良好" : "合格",
                                 titles: r == 0 ? ["招商引资先进单位"] : [], rewards: r < 3 ? Fixed([50000, 30000, 20000][r]) : .zero)
            }
            let grades: [(grade: String, count: Int)] = ["优秀", "良好", "合格"].map { g in (grade: g, count: units.filter { $0.grade == .some(g) }.count) }
            let value = (try! Fixed(10 + k).divided(by: Fixed(2))).description + "亿"   // 5亿, 5.5亿 … 10亿
            points.append(SweepPoint(values: [value], units: units, grades: grades, rewardTotal: Fixed(100000)))
        }
        return SweepResult(parameters: ["groups.一类乡镇.targets.省外到位资金"], points: points,
                           tippingPoints: SweepResult.tipping(points), units: points[0].units.map(\.unit))
    }
}

@Suite("Sweep rendering")
struct SweepRenderingTests {
    let s = SweepFixture.result

    @Test("the fixture: one tipping point, at 50")
    func fixture() {
        #expect(s.tippingPoints.map(\.index) == [2])
        #expect(s.tippingPoints[0].changes.map { "\($0.unit) \($0.what)" }
            == ["河西镇 rank", "河西镇 grade", "河西镇 titles", "河西镇 rewards", "城关镇 rank", "城关镇 titles", "城关镇 rewards"])
    }

    @Test("table: the matrix, grade distribution and reward total per value, tipping points under it")
    func table() {
        let expected = #"""
                 变动参数：indicators.项目开工率.points（单元格为 总分 (排名)）
        ┌──────┬────────────┬────────────┬────────────┬────────────────┬────────────────┐
        │ 取值 │     城关镇 │     河西镇 │     A&B<x> │ 等次分布       │ 奖励总额(万元) │
        ├──────┼────────────┼────────────┼────────────┼────────────────┼────────────────┤
        │  40  │ 74.00 (1)  │ 70.00 (2)  │ 60.00 (1)  │ 合格 3         │           8.00 │
        │  45  │ 75.50 (1)  │ 75.00 (2)  │ 60.00 (1)  │ 合格 3         │           8.00 │
        │  50* │ 77.00 (2)* │ 80.00 (1)* │ 60.00 (1)  │ 良好 1、合格 2 │           8.00 │
        │  55  │ 78.50 (2)  │ 85.00 (1)  │ 60.00 (1)  │ 良好 1、合格 2 │           8.00 │
        └──────┴────────────┴────────────┴────────────┴────────────────┴────────────────┘

        临界点（标 * 处，排名、等次、称号或奖励发生变化）：
          取值 50：
            河西镇  排名 2 → 1，等次 合格 → 良好，称号 无 → 招商引资先进单位，奖励 3.00 → 5.00 万元
            城关镇  排名 1 → 2，称号 招商引资先进单位 → 无，奖励 5.00 → 3.00 万元

        """#
        let text = SweepReport.table(s, money: SweepFixture.wan, round: 2)
        #expect(text == expected)
        #expect(text == SweepReport.table(s, money: SweepFixture.wan, round: 2))
        // Every line of the grid has the same display width.
        let grid = text.split(separator: "\n").filter { "┌│├└".contains($0.first!) }
        #expect(grid.count == 8)
        #expect(Set(grid.map { displayWidth(String($0)) }).count == 1)
    }

    @Test("table: ranks only, units as rows, when that is what fits; tipping changes one a line")
    func narrowTable() {
        let text = SweepReport.table(s, lang: .en, maxWidth: 60, money: SweepFixture.wan, round: 2)
        #expect(text.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= 60 })
        #expect(text.contains("(cells: rank)"))
        #expect(text.contains("│ Unit                │   40  │   45  │   50* │   55  │"))
        #expect(text.contains("│ 城关镇              │    1  │    1  │    2* │    2  │"))
        #expect(text.contains("│ Grade 良好          │    0  │    0  │    1  │    1  │"))
        #expect(text.contains("│ Reward total (万元) │ 8.00  │ 8.00  │ 8.00  │ 8.00  │"))
        #expect(text.contains("  at 50:\n    河西镇\n      rank 2 → 1\n      grade 合格 → 良好\n      titles none → 招商引资先进单位\n      rewards 3.00 → 5.00 万元\n"))
        let grid = text.split(separator: "\n").filter { "┌│├└".contains($0.first!) }
        #expect(Set(grid.map { displayWidth(String($0)) }).count == 1)
    }

    @Test("table: many units and values — units as rows, a grid of equal width")
    func largeTable() {
        let big = SweepFixture.large()
        let text = SweepReport.table(big, money: SweepFixture.wan, round: 2)
        let grid = text.split(separator: "\n").filter { "┌│├└".contains($0.first!) }
        #expect(grid.count == 1 + 1 + 1 + 18 + 1 + 3 + 1 + 1)   // top, header, rule, units, rule, grades, reward total, bottom
        #expect(Set(grid.map { displayWidth(String($0)) }).count == 1)
        #expect(grid[1].hasPrefix("│ 单位 "))
    }

    @Test("table: no tipping point")
    func flat() {
        let flat = SweepResult(parameters: ["x"], points: [SweepFixture.points[0], SweepFixture.points[0]], tippingPoints: [],
                               units: SweepFixture.result.units)
        #expect(SweepReport.table(flat).hasSuffix("\n无临界点：整个范围内各单位的排名、等次、称号和奖励均不变。\n"))
    }

    @Test("JSON: exact numbers, the same bytes every time")
    func json() throws {
        let expected = #"""
        {
          "parameters": ["indicators.项目开工率.points"],
          "units": ["城关镇", "河西镇", "A&B<x>"],
          "points": [
            {
              "values": ["40"],
              "units": [
                {"unit": "城关镇", "total": 74, "rank": 1, "rank_all": 1, "grade": "合格", "titles": ["招商引资先进单位"], "rewards": 50000},
                {"unit": "河西镇", "total": 70, "rank": 2, "rank_all": 2, "grade": "合格", "titles": [], "rewards": 30000},
                {"unit": "A&B<x>", "total": 60, "rank": 1, "rank_all": 3, "grade": "合格", "titles": [], "rewards": 0}
              ],
              "grades": [{"grade": "优秀", "count": 0}, {"grade": "良好", "count": 0}, {"grade": "合格", "count": 3}],
              "reward_total": 80000
            },
            {
              "values": ["45"],
              "units": [
                {"unit": "城关镇", "total": 75.5, "rank": 1, "rank_all": 1, "grade": "合格", "titles": ["招商引资先进单位"], "rewards": 50000},
                {"unit": "河西镇", "total": 75, "rank": 2, "rank_all": 2, "grade": "合格", "titles": [], "rewards": 30000},
                {"unit": "A&B<x>", "total": 60, "rank": 1, "rank_all": 3, "grade": "合格", "titles": [], "rewards": 0}
              ],
              "grades": [{"grade": "优秀", "count": 0}, {"grade": "良好", "count": 0}, {"grade": "合格", "count": 3}],
              "reward_total": 80000
            },
            {
              "values": ["50"],
              "units": [
                {"unit": "河西镇", "total": 80, "rank": 1, "rank_all": 1, "grade": "良好", "titles": ["招商引资先进单位"], "rewards": 50000},
                {"unit": "城关镇", "total": 77, "rank": 2, "rank_all": 2, "grade": "合格", "titles": [], "rewards": 30000},
                {"unit": "A&B<x>", "total": 60, "rank": 1, "rank_all": 3, "grade": "合格", "titles": [], "rewards": 0}
              ],
              "grades": [{"grade": "优秀", "count": 0}, {"grade": "良好", "count": 1}, {"grade": "合格", "count": 2}],
              "reward_total": 80000
            },
            {
              "values": ["55"],
              "units": [
                {"unit": "河西镇", "total": 85, "rank": 1, "rank_all": 1, "grade": "良好", "titles": ["招商引资先进单位"], "rewards": 50000},
                {"unit": "城关镇", "total": 78.5, "rank": 2, "rank_all": 2, "grade": "合格", "titles": [], "rewards": 30000},
                {"unit": "A&B<x>", "total": 60, "rank": 1, "rank_all": 3, "grade": "合格", "titles": [], "rewards": 0}
              ],
              "grades": [{"grade": "优秀", "count": 0}, {"grade": "良好", "count": 1}, {"grade": "合格", "count": 2}],
              "reward_total": 80000
            }
          ],
          "tipping_points": [
            {
              "index": 2,
              "values": ["50"],
              "changes": [
                {"unit": "河西镇", "what": "rank", "before": 2, "after": 1},
                {"unit": "河西镇", "what": "grade", "before": "合格", "after": "良好"},
                {"unit": "河西镇", "what": "titles", "before": [], "after": ["招商引资先进单位"]},
                {"unit": "河西镇", "what": "rewards", "before": 30000, "after": 50000},
                {"unit": "城关镇", "what": "rank", "before": 1, "after": 2},
                {"unit": "城关镇", "what": "titles", "before": ["招商引资先进单位"], "after": []},
                {"unit": "城关镇", "what": "rewards", "before": 50000, "after": 30000}
              ]
            }
          ]
        }

        """#
        #expect(SweepReport.json(s) == expected)
        #expect(Data(SweepReport.json(s).utf8) == Data(SweepReport.json(SweepFixture.result).utf8))
        let parsed = try JSONSerialization.jsonObject(with: Data(SweepReport.json(s).utf8)) as? [String: Any]
        #expect((parsed?["points"] as? [Any])?.count == 4)
    }

    @Test("CSV: one row per (value, unit)")
    func csv() {
        let lines = [
            "indicators.项目开工率.points,单位,总分,排名,等次,奖励",
            "40,城关镇,74.00,1,合格,50000",
            "40,河西镇,70.00,2,合格,30000",
            "40,A&B<x>,60.00,1,合格,0",
            "45,城关镇,75.50,1,合格,50000",
            "45,河西镇,75.00,2,合格,30000",
            "45,A&B<x>,60.00,1,合格,0",
            "50,城关镇,77.00,2,合格,30000",
            "50,河西镇,80.00,1,良好,50000",
            "50,A&B<x>,60.00,1,合格,0",
            "55,城关镇,78.50,2,合格,30000",
            "55,河西镇,85.00,1,良好,50000",
            "55,A&B<x>,60.00,1,合格,0",
        ]
        #expect(SweepReport.csv(s) == "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined())
        #expect(SweepReport.csv(s, lang: .en).hasPrefix("\u{FEFF}indicators.项目开工率.points,Unit,Total,Rank,Grade,Rewards\r\n"))
    }

    @Test("HTML: one self-contained page, one SVG, a line per unit, escaped names, a checkbox legend")
    func html() {
        let page = SweepReport.html(s, title: "项目开工率 <测算> & 比较", money: SweepFixture.wan, round: 2)
        #expect(page == SweepReport.html(s, title: "项目开工率 <测算> & 比较", money: SweepFixture.wan, round: 2))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(count("<svg", in: page) == 1)
        // A polyline per unit in each view (rank and total).
        #expect(count("<polyline", in: page) == 6)
        for i in 0..<3 { #expect(count("data-u=\"\(i)\" style=\"--c:", in: page) == 2) }
        // Names escaped everywhere; the raw name never appears.
        #expect(page.contains("A&amp;B&lt;x&gt;"))
        #expect(!page.contains("A&B<x>"))
        #expect(page.contains("<title>项目开工率 &lt;测算&gt; &amp; 比较</title>"))
        // Self-contained: no URL, no external script, style or font.
        #expect(!page.contains("http"))
        #expect(!page.contains("src="))
        #expect(!page.contains("<link"))
        #expect(!page.contains("@import"))
        #expect(page.contains("<style>") && page.contains("<script>"))
        #expect(page.contains("\"Noto Sans CJK SC\""))
        // The legend: a checkbox per unit; the units whose rank changes are highlighted.
        #expect(count("type=\"checkbox\"", in: page) == 3)
        #expect(page.contains("<li class=\"hl ch\"><label title=\"城关镇\"><input type=\"checkbox\" data-u=\"0\" checked>"))
        #expect(page.contains("<li><label title=\"A&amp;B&lt;x&gt;\"><input type=\"checkbox\" data-u=\"2\" checked>"))
        #expect(page.contains("<g class=\"u hl\" data-u=\"1\""))
        #expect(page.contains("<g class=\"u\" data-u=\"2\""))
        // The rank / total toggle.
        #expect(page.contains("name=\"view\" value=\"rank\" checked") && page.contains("name=\"view\" value=\"total\""))
        // One tipping point in each view, its tooltip listing the changes.
        #expect(count("<g class=\"tip\">", in: page) == 2)
        #expect(page.contains("<title>临界点 1：indicators.项目开工率.points = 50（上一取值 45）\n河西镇：排名 2 → 1，等次 合格 → 良好，称号 无 → 招商引资先进单位，奖励 3.00 → 5.00 万元\n城关镇：排名 1 → 2，称号 招商引资先进单位 → 无，奖励 5.00 → 3.00 万元</title>"))
        // Chart coordinates: rank 1 at the top of the plot, rank 3 (overall) at the bottom.
        #expect(page.contains("<polyline points=\"64.0,56.0 312.7,56.0 561.3,206.0 810.0,206.0\"/>"))
    }

    @Test("HTML in English; a larger sweep")
    func htmlLarge() {
        let big = SweepFixture.large()
        let page = SweepReport.html(big, title: "Sweep", lang: .en, money: SweepFixture.wan, round: 2)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(count("<svg", in: page) == 1)
        #expect(count("<polyline", in: page) == 36)
        #expect(count("type=\"checkbox\"", in: page) == 18)
        #expect(count("<g class=\"tip\">", in: page) == 2 * big.tippingPoints.count)
        #expect(!page.contains("http"))
        #expect(page.contains("A&amp;B&lt;x&gt;") && !page.contains("A&B<x>"))
        #expect(page.contains(">Only changing</button>"))
    }

    /// How many times `needle` occurs in `text`.
    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

/// A province-sized sweep in miniature: 250 units `u000` … `u249` over three values, totals
/// 1000 − i (so `u000` ranks 1st); at the second value the pairs (u000, u001), (u002, u003),
/// (u004, u005), (u006, u007) swap totals, at the third they swap back. Everyone is 合格,
/// no rewards, no titles.
enum ScaleFixture {
    static func point(_ value: String, swapped: Bool) -> SweepPoint {
        var entries: [(String, Fixed)] = (0..<250).map { i in
            var t = 1000 - i
            if swapped && i < 8 { t = i % 2 == 0 ? t - 1 : t + 1 }
            return (String(format: "u%03d", i), Fixed(t))
        }
        entries.sort { $0.1 > $1.1 }
        let units = entries.enumerated().map { r, e in
            SweepPoint.Entry(unit: e.0, total: e.1, rank: r + 1, rankAll: r + 1, grade: "合格", titles: [], rewards: .zero)
        }
        return SweepPoint(values: [value], units: units, grades: [("合格", 250)], rewardTotal: .zero)
    }

    static let result: SweepResult = {
        let points = [point("1", swapped: false), point("2", swapped: true), point("3", swapped: false)]
        return SweepResult(parameters: ["x"], points: points, tippingPoints: SweepResult.tipping(points),
                           units: points[0].units.map(\.unit))
    }()
}

@Suite("Sweep rendering at scale")
struct SweepScaleTests {
    let s = ScaleFixture.result

    @Test("over 200 units the table has a row per value: grades, money and how many units change")
    func summaryTable() {
        #expect(SweepReport.isLarge(s))
        let text = SweepReport.table(s, round: 0)
        #expect(text.contains("（250 个单位 × 3 个取值；各单位的总分和排名见 --format csv 或 json）"))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("│") }.map(String.init)
        // Header, then one row per value: 8 units change rank at 2 and again at 3; nothing else changes.
        #expect(rows.count == 4)
        #expect(rows[1].hasPrefix("│   1  │ 合格 250 │"))
        #expect(rows[2].contains("│        8 │        0 │        0 │        0 │"))
        #expect(rows[3].contains("│        8 │        0 │        0 │        0 │"))
        // At 2: u001 (now 1st), u000 (2nd), u003, u002, u005 shown; u004, u007, u006 counted.
        #expect(text.contains("""
              取值 2：
                u001  排名 2 → 1
                u000  排名 1 → 2
                u003  排名 4 → 3
                u002  排名 3 → 4
                u005  排名 6 → 5
                ……另有 3 个单位

            """))
        #expect(!text.contains("u249"))
    }

    @Test("the counts of a tipping point's changes, without making them")
    func counts() {
        let t = s.tippingPoints[0]
        #expect(SweepReport.changeCounts(t) == ["rank": 8])
        #expect(SweepReport.changedUnitCount(t) == 8)
        #expect(SweepReport.firstUnits(t, 2).changes.map(\.unit) == ["u001", "u000"])
    }

    @Test("a summary made point by point, in batches of any size, is the whole sweep's")
    func summaryInBatches() {
        let whole = SweepReport.table(s, round: 0)
        for size in [1, 2, 3] {
            var summary = SweepSummary(parameters: s.parameters, unitCount: 250, shownUnits: SweepReport.shownUnits)
            for start in stride(from: 0, to: s.points.count, by: size) {
                summary.add(Array(s.points[start..<min(s.points.count, start + size)]))
            }
            // Three rows; tipping points at 2 and 3 (indices 1 and 2), each 8 rank changes of
            // 8 units, 5 of them kept (10 … 14 changes are not: one change a unit).
            #expect(summary.rows.map(\.values) == [["1"], ["2"], ["3"]], "\(size)")
            #expect(summary.tippingPoints.map(\.index) == [1, 2])
            #expect(summary.tippingPoints.map(\.kindCounts) == [[8, 0, 0, 0], [8, 0, 0, 0]])
            #expect(summary.tippingPoints.map(\.changedUnitCount) == [8, 8])
            #expect(summary.tippingPoints[0].changes.map(\.unit) == ["u001", "u000", "u003", "u002", "u005"])
            #expect(summary.tippingPoints[0].changes.map(\.after) == ["1", "2", "3", "4", "5"])
            #expect(SweepReport.table(summary) == whole, "\(size)")
        }
        // No points: the title and no tipping points.
        let empty = SweepReport.table(SweepSummary(parameters: ["x"], unitCount: 250, shownUnits: 5))
        #expect(empty.contains("（250 个单位 × 0 个取值；"))
        #expect(empty.contains("无临界点"))
    }

    @Test("a tipping point given as changes is counted and summarised as one found by comparing")
    func givenChangesSummarised() {
        let t = TippingPoint(index: 3, values: ["7"], changes: [
            .init(unit: "甲", what: "rank", before: "1", after: "2"), .init(unit: "甲", what: "rewards", before: "0", after: "5"),
            .init(unit: "乙", what: "rank", before: "2", after: "1"), .init(unit: "丙", what: "grade", before: "合格", after: "良好"),
        ])
        // rank 2, grade 1, titles 0, rewards 1; 3 units.
        #expect(t.kindCounts == [2, 1, 0, 1])
        #expect(t.changedUnitCount == 3)
        let two = t.summarised(firstUnits: 2)
        // The first 2 units' 3 changes kept; the counts of all 4.
        #expect(two.changes.map(\.unit) == ["甲", "甲", "乙"])
        #expect(two.kindCounts == [2, 1, 0, 1] && two.changedUnitCount == 3 && two.changeCount == 4)
        #expect(two.index == 3 && two.values == ["7"])
    }

    @Test("the HTML of a large sweep draws the 30 units whose rank moves most and a row per value")
    func html() {
        let page = SweepReport.html(s, title: "规模")
        // The 8 that move, then the first 22 of the others in the base order: a line each in
        // the rank view and in the total view.
        #expect(page.components(separatedBy: "<polyline").count - 1 == 2 * 30)
        #expect(page.contains(">u007<") && page.contains(">u029<") && !page.contains(">u030<"))
        #expect(page.contains("图中为排名变动最大的 30 个单位"))
        #expect(page.contains("……另有 3 个单位"))
        #expect(page.contains("<tr class=\"tp\"><th>2</th><td>合格 250</td><td>0.00</td><td>8</td><td>0</td><td>0</td><td>0</td></tr>"))
    }
}

@Suite("Sweep CSV")
struct SweepCSVTests {
    /// Names with a comma, a quote and a leading `=` are escaped as ``CSVWriter`` escapes them;
    /// a unit without a grade has an empty cell.
    @Test func escapedAsTheWriterDoes() {
        let names = ["a,b", "=SUM(1)", "say \"hi\""]
        let units = names.enumerated().map { i, n in
            SweepPoint.Entry(unit: n, total: Fixed(90 - i), rank: i + 1, rankAll: i + 1, grade: i == 2 ? nil : "优秀",
                             titles: [], rewards: Fixed(i * 1000))
        }
        let p = SweepPoint(values: ["-5"], units: units, grades: [("优秀", 2)], rewardTotal: Fixed(3000))
        let s = SweepResult(parameters: ["x,y"], points: [p], tippingPoints: [], units: names)
        // 90 − i with round 1: 90.0, 89.0, 88.0; rewards 0, 1000, 2000.
        let expected = CSVWriter().string(rows: [
            ["x,y", "单位", "总分", "排名", "等次", "奖励"],
            ["-5", "a,b", "90.0", "1", "优秀", "0"],
            ["-5", "=SUM(1)", "89.0", "2", "优秀", "1000"],
            ["-5", "say \"hi\"", "88.0", "3", "", "2000"],
        ])
        #expect(SweepReport.csv(s, round: 1) == expected)
        #expect(expected.contains("\"a,b\"") && expected.contains("'=SUM(1)") && expected.contains("\"say \"\"hi\"\"\""))
    }

    /// The CSV's totals as bytes are `formatted(places:)`: rounded half away from zero, the
    /// fraction padded to the places (72.6 → 72.60; -0.005 → -0.01; 3 → 3.00; 2.5 at 0 places → 3).
    @Test func csvScoresAsBytesMatchFormatted() {
        let values = ["72.6", "-0.005", "3", "2.5", "0", "99.995", "-12.344", "0.0001", "123456.789"].map { Fixed(parsing: $0, allowSuffix: false)! }
        for places in 0...4 {
            for x in values {
                var out: [UInt8] = []
                SweepReport.appendScore(x, places: places, to: &out)
                #expect(String(decoding: out, as: UTF8.self) == x.formatted(places: places), "\(x) at \(places)")
            }
        }
        var out: [UInt8] = []
        SweepReport.appendScore(Fixed(parsing: "72.6")!, places: 2, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "72.60")
    }
}
