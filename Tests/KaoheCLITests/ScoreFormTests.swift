import Testing
import Foundation
import Kaohe

/// One dataset of projects for three units in one group; each test adds its items.
func formScheme(_ items: String, extra: String = "") -> String {
    """
    scheme: {name: 测试, year: 2021, money: 万元, round: 2}
    data:
      projects:
        file: projects.csv
        key: 编号
        unit: 单位
        date: 日期
        columns: {编号: text, 单位: unit, 日期: date, 到位资金: 万元, 来源: text}
    units:
      - {name: 甲镇, group: 一类}
      - {name: 乙镇, group: 一类}
      - {name: 丙镇, group: 一类}
    groups:
      一类: {targets: {到位资金: 1000万}}
    indicators:
    \(items)
    \(extra)
    """
}

// 甲镇: 600 + 500 = 1100万 (110%); 乙镇: 300 + 200×60% = 420万 (42%), 丙镇: 200×40% + 700 = 780万 (78%).
// One 省内 project of 甲镇 (900万) is left out by the where of 到位资金.
let formProjects = """
编号,单位,日期,到位资金,来源
P1,甲镇,2021-02-01,600,省外
P2,甲镇,2021/5/6,500,境外
P3,乙镇,2021年7月8日,300,省外
P4,乙镇 60%、丙镇 40%,2021-08-01,200,省外
P5,丙镇,2021-09-30,700,省外
P6,甲镇,2021-10-01,900,省内

"""

@Suite struct ScoreFormTests {
    func run(_ items: String, extra: String = "") throws -> Assessment {
        let fx = try Fixture(scheme: formScheme(items, extra: extra), files: ["projects.csv": formProjects])
        defer { fx.remove() }
        return try fx.assess().unwrap()
    }

    let money = """
      到位资金:
        from: projects
        where: 来源 in ['省外', '境外']
        sum: 到位资金
    """

    @Test func proportionalWithCapAndFloor() throws {
        let a = try run(money + """

            points: 40
            score: proportional
            cap: 105%
            floor: 50%
          其他: {value: 0, points: 60}
        """)
        // 甲镇: 40 × min(110%, 105%) = 42; 乙镇: 42% < 50% floor → 0; 丙镇: 40 × 78% = 31.2
        #expect(a.score("甲镇", "到位资金") == "42")
        #expect(a.score("乙镇", "到位资金") == "0")
        #expect(a.score("丙镇", "到位资金") == "31.2")
        // Values in 元: 1100万 = 11,000,000; 420万 = 4,200,000 (120万 of P4 is 乙镇's 60%).
        #expect(a.unit("甲镇")?.item("到位资金")?.value == .number(Fixed(11_000_000)))
        #expect(a.unit("乙镇")?.item("到位资金")?.value == .number(Fixed(4_200_000)))
        #expect(a.unit("丙镇")?.item("到位资金")?.rate?.description == "0.78")
    }

    @Test func steps() throws {
        let a = try run(money + """

            points: 40
            score: {steps: [[40%, 10], [70%, 25], [100%, 40]]}
          其他: {value: 0, points: 60}
        """)
        // 110% ≥ 100% → 40; 42% ≥ 40% → 10; 78% ≥ 70% → 25
        #expect(a.score("甲镇", "到位资金") == "40")
        #expect(a.score("乙镇", "到位资金") == "10")
        #expect(a.score("丙镇", "到位资金") == "25")
    }

    @Test func linearHeldFlatOutside() throws {
        let a = try run(money + """

            points: 20
            score: {linear: [[50%, 0], [100%, 20]]}
          其他: {value: 0, points: 80}
        """)
        // 甲镇 110% → held at 20; 乙镇 42% → held at 0; 丙镇: 0 + (78% − 50%) × 20 / 50% = 11.2
        #expect(a.score("甲镇", "到位资金") == "20")
        #expect(a.score("乙镇", "到位资金") == "0")
        #expect(a.score("丙镇", "到位资金") == "11.2")
    }

    @Test func eachWithMaxOnValue() throws {
        let a = try run("""
          项目个数:
            from: projects
            count: true
            points: 100
            score: {each: 30, max: 70}
        """)
        // Counts with shares: 甲镇 3 (P1, P2, P6); 乙镇 1 + 0.6 = 1.6; 丙镇 0.4 + 1 = 1.4.
        // 甲镇 min(90, 70) = 70; 乙镇 30 × 1.6 = 48; 丙镇 30 × 1.4 = 42.
        #expect(a.score("甲镇", "项目个数") == "70")
        #expect(a.score("乙镇", "项目个数") == "48")
        #expect(a.score("丙镇", "项目个数") == "42")
    }

    @Test func byRankAndRelative() throws {
        let a = try run(money + """

          名次分:
            value: 到位资金
            points: 50
            score: {by_rank: {1: 50, 2: 40}, else: 30}
          功效分:
            value: 到位资金
            points: 50
            score: {relative: [60%, 100%]}
        """, extra: "")
        // Values 1100万 > 780万 > 420万: ranks 1, 2, 3 → 50, 40, 30 (else).
        #expect(a.score("甲镇", "名次分") == "50")
        #expect(a.score("丙镇", "名次分") == "40")
        #expect(a.score("乙镇", "名次分") == "30")
        // relative: 50 × (0.6 + 0.4 × (x − 420) / (1100 − 420)).
        // 甲镇 = 50; 乙镇 = 30; 丙镇: 0.6 + 0.4 × 360/680 = 0.81176…, × 50 = 40.588… → 40.59
        #expect(a.score("甲镇", "功效分") == "50")
        #expect(a.score("乙镇", "功效分") == "30")
        #expect(a.score("丙镇", "功效分") == "40.59")
    }

    @Test func expressionScoreAndRated() throws {
        let fx = try Fixture(scheme: formScheme(money + """

            points: 60
            score: if(rate >= 100%, points, round(points * rate, 1))
          活动: {score: rated, points: 40}
        """, extra: """
        """).replacingOccurrences(of: "  projects:\n", with: "  adjustments: adjustments.csv\n  projects:\n"),
            files: ["projects.csv": formProjects,
                    "adjustments.csv": "单位,指标,分数,理由,批准人\n甲镇,活动,35,推介会,考核委\n乙镇,活动,30,推介会,考核委\n乙镇,活动,15,申诉加分,考核委\n"])
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        // 甲镇 rate 110% → 60; 乙镇 round(60 × 0.42, 1) = 25.2; 丙镇 round(46.8, 1) = 46.8
        #expect(a.score("甲镇", "到位资金") == "60")
        #expect(a.score("乙镇", "到位资金") == "25.2")
        #expect(a.score("丙镇", "到位资金") == "46.8")
        // rated: the sum of adjustments held within 0 … 40: 甲镇 35; 乙镇 30 + 15 = 45 → 40; 丙镇 none → 0.
        #expect(a.score("甲镇", "活动") == "35")
        #expect(a.score("乙镇", "活动") == "40")
        #expect(a.score("丙镇", "活动") == "0")
        #expect(a.unit("乙镇")?.item("活动")?.adjustments.count == 2)
        // totals: 甲镇 60 + 35 = 95; 乙镇 25.2 + 40 = 65.2; 丙镇 46.8.
        #expect(a.unit("甲镇")?.total.description == "95")
        #expect(a.unit("乙镇")?.total.description == "65.2")
    }

    @Test func roundingHalfUpPerItemAndTotalIsSumOfRounded() throws {
        // Thirds: 丙镇's 780/1100 of 10 points … use a derived value with a repeating decimal.
        let a = try run("""
          甲:
            value: 1 / 3
            points: 50
            score: value * points
          乙:
            value: 2 / 3
            points: 50
            score: value * points
        """)
        // 16.666… → 16.67; 33.333… → 33.33; total 50.00 = 16.67 + 33.33 (sum of rounded items).
        #expect(a.score("甲镇", "甲") == "16.67")
        #expect(a.score("甲镇", "乙") == "33.33")
        #expect(a.unit("甲镇")?.total.description == "50")
    }

    @Test func asOfLeavesOutLaterRecordsAndScalesTargets() throws {
        let fx = try Fixture(scheme: formScheme(money + """

            points: 40
            score: proportional
            cap: 200%
          其他: {value: 0, points: 60}
        """), files: ["projects.csv": formProjects])
        defer { fx.remove() }
        let a = try fx.assess(asOf: Day(year: 2021, month: 6, day: 30)).unwrap()
        // progress 6/12 = 0.5: target 1000万 → 500万. 甲镇: P1 + P2 = 1100万 → rate 220%, capped 200% → 80.
        // 乙镇: P3 (July) and P4 (August) are after 06-30: 0; 丙镇: 0.
        #expect(a.progress.description == "0.5")
        #expect(a.unit("甲镇")?.item("到位资金")?.target == Fixed(5_000_000))
        #expect(a.unit("甲镇")?.item("到位资金")?.rate?.description == "2.2")
        #expect(a.score("甲镇", "到位资金") == "80")
        #expect(a.score("乙镇", "到位资金") == "0")
    }

    /// A unit without a completion rate scores 0 with a warning that says why: no value to
    /// divide (a target is there), or a target of 0.
    @Test func noRateWarningSaysWhy() throws {
        // 境外资金 is the largest 境外 project: 甲镇 P2 500万 (rate 500 / 400 = 125%); 乙镇 and 丙镇
        // have none (max of nothing is none) though the target is 400万. 零目标 has a target of 0.
        let a = try run("""
          境外资金:
            from: projects
            where: 来源 == '境外'
            max: 到位资金
            target: 400万
            points: 60
            score: proportional
          零目标:
            value: 1
            target: 0
            points: 40
            score: proportional
        """)
        let texts = a.warnings.map(\.message)
        #expect(!texts.contains { $0.contains("境外资金 for 甲镇") })
        #expect(texts.contains("境外资金 for 丙镇: no completion rate (the value is empty or not a number); scored 0"))
        #expect(texts.contains("零目标 for 甲镇: no completion rate (the target is 0 or missing); scored 0"))
        // 甲镇: 60 × min(125%, 100%) = 60; 丙镇: 0.
        #expect(a.score("甲镇", "境外资金") == "60")
        #expect(a.score("丙镇", "境外资金") == "0")
    }
}
