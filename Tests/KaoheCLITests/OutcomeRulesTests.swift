import Testing
import Foundation
import Kaohe

/// Vetoes, ranking variants, teams and progress rules on the small projects ledger of
/// ScoreFormTests (甲镇 1100万, 乙镇 420万, 丙镇 780万 of 省外/境外 money; target 1000万).
@Suite struct OutcomeRulesTests {
    func assess(_ tail: String, items: String? = nil, header: String? = nil, asOf: Day? = nil) throws -> Assessment {
        var s = formScheme(items ?? """
          到位资金:
            from: projects
            where: 来源 in ['省外', '境外']
            sum: 到位资金
            points: 100
            score: proportional
        """, extra: tail)
        if let header { s = s.replacingOccurrences(of: "scheme: {name: 测试, year: 2021, money: 万元, round: 2}", with: header) }
        let fx = try Fixture(scheme: s, files: ["projects.csv": formProjects])
        defer { fx.remove() }
        return try fx.assess(asOf: asOf).unwrap()
    }

    @Test func vetoEffectsAndRankingLast() throws {
        // 甲镇 has a 省内 project (P6): vetoed with effect zero; 丙镇's total ≥ 70 vetoes it (fail, by when).
        let a = try assess("""
        vetoes:
          省内项目: {from: projects, where: 来源 == '省内', count: true, effect: zero}
          高分否决: {value: 0, when: 到位资金.rate >= 70%}
        grades:
          - {grade: 好, when: total >= 50}
          - {grade: 差}
        """)
        // Scores: 甲镇 100 × 110%→capped 100% = 100 → zeroed; 乙镇 42; 丙镇 78 (kept, but vetoed).
        #expect(a.unit("甲镇")?.total.description == "0")
        // 甲镇's rate of 110% also meets the when of 高分否决: both are listed, in scheme order.
        #expect(a.unit("甲镇")?.vetoes == ["省内项目", "高分否决"])
        #expect(a.unit("丙镇")?.total.description == "78")
        #expect(a.unit("丙镇")?.vetoes == ["高分否决"])
        // 乙镇 is the only unit not vetoed: rank 1; vetoed units after it, by total.
        #expect(a.units.map(\.unit) == ["乙镇", "丙镇", "甲镇"])
        #expect(a.units.map(\.rank) == [1, 2, 3])
        // Vetoed units get the last grade whatever their total.
        #expect(a.units.map { $0.grade ?? "" } == ["差", "差", "差"])
    }

    @Test func tiesInOrderAndRankingOverAll() throws {
        let a = try assess("""
        ranking: {within: all, by: [total desc], ties: order}
        """, items: """
          同分: {value: 50, points: 100, score: value}
        """)
        // All three total 50: with ties: order they are ranked by name (Unicode order: 丙 < 乙 < 甲).
        #expect(a.units.map(\.unit) == ["丙镇", "乙镇", "甲镇"])
        #expect(a.units.map(\.rank) == [1, 2, 3])
        #expect(a.units.map(\.rankAll) == [1, 2, 3])
        // rank_pct = rank ÷ 3
        #expect(a.unit("乙镇")?.rankPct.description == "0.66666666666666666667")
    }

    @Test func sharedTiesSkipTheNextRank() throws {
        let a = try assess("", items: """
          同分: {value: 'if(unit == ''丙镇'', 40, 50)', points: 100, score: value}
        """)
        // 甲镇 = 乙镇 = 50 share rank 1; 丙镇 with 40 is 3rd.
        #expect(a.unit("甲镇")?.rank == 1)
        #expect(a.unit("乙镇")?.rank == 1)
        #expect(a.unit("丙镇")?.rank == 3)
    }

    @Test func rankingByAscendingKeyAndTieBreak() throws {
        let a = try assess("""
        ranking: {by: [到位资金.rate asc]}
        """)
        // Lowest rate first: 乙镇 42%, 丙镇 78%, 甲镇 110%.
        #expect(a.units.map(\.unit) == ["乙镇", "丙镇", "甲镇"])
    }

    @Test func teamsSumAndAverage() throws {
        let s = """
        teams: {score: sum}
        """
        let fx = try Fixture(scheme: formScheme("""
          到位资金:
            from: projects
            where: 来源 in ['省外', '境外']
            sum: 到位资金
            points: 100
            score: proportional
        """, extra: s).replacingOccurrences(of: "{name: 甲镇, group: 一类}", with: "{name: 甲镇, group: 一类, team: 一团}")
            .replacingOccurrences(of: "{name: 乙镇, group: 一类}", with: "{name: 乙镇, group: 一类, team: 一团}")
            .replacingOccurrences(of: "{name: 丙镇, group: 一类}", with: "{name: 丙镇, group: 一类, team: 二团}"),
                             files: ["projects.csv": formProjects])
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        // 一团 = 100 + 42 = 142; 二团 = 78.
        #expect(a.teams.map(\.team) == ["一团", "二团"])
        #expect(a.teams.map(\.score.description) == ["142", "78"])
        #expect(a.teams.map(\.rank) == [1, 2])
    }

    @Test func progressByDaysAndByTable() throws {
        let days = try assess("", header: "scheme: {name: 测试, period: 2021-01-01 .. 2021-12-31, money: 万元, progress: days}",
                              asOf: Day(year: 2021, month: 3, day: 31))
        // 90 days of 365 elapsed: 90/365 = 0.24657534246575342466.
        #expect(days.progress.description == "0.24657534246575342466")
        let table = try assess("", header: """
        scheme:
          name: 测试
          year: 2021
          money: 万元
          progress: {3: 20%, 6: 45%, 9: 72%, 12: 100%}
        """, asOf: Day(year: 2021, month: 8, day: 15))
        // August: the row of the greatest month ≤ 8 is 6 → 45%; target 1000万 × 45% = 450万.
        #expect(table.progress.description == "0.45")
        #expect(table.unit("甲镇")?.item("到位资金")?.target == Fixed(4_500_000))
    }

    @Test func bonusAndDeductionCaps() throws {
        let a = try assess("""
        bonuses:
          项目加分: {from: projects, count: true, score: {each: 2}}
        deductions:
          固定扣分: {value: 1, score: {each: 7}}
        total: {bonus_cap: 5, deduction_cap: 6}
        """)
        // 甲镇: 3 projects × 2 = 6 → capped 5; deduction 7 → capped 6: 100 + 5 − 6 = 99.
        #expect(a.unit("甲镇")?.bonus.description == "5")
        #expect(a.unit("甲镇")?.deduction.description == "6")
        #expect(a.unit("甲镇")?.total.description == "99")
        // Items keep their own uncapped scores.
        #expect(a.score("甲镇", "项目加分") == "6")
    }

    @Test func foreignCurrencyInTenThousands() throws {
        let fx = try Fixture(scheme: """
        scheme: {name: 测试, year: 2021, rates: {美元: 6.45}}
        data:
          p:
            file: p.csv
            columns: {单位: unit, 外资: 万美元}
        units: [甲镇]
        indicators:
          外资: {from: p, sum: 外资}
        """, files: ["p.csv": "单位,外资\n甲镇,1.5\n"])
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        // 1.5万美元 × 6.45 = 96,750 元.
        #expect(a.unit("甲镇")?.item("外资")?.value == .number(Fixed(96_750)))
    }

    @Test func itemLimitedToGroupsIsAbsentElsewhere() throws {
        let fx = try Fixture(scheme: """
        scheme: {name: 测试, year: 2021}
        units:
          - {name: 甲镇, group: 乡镇}
          - {name: 商务局, group: 部门}
        groups: {乡镇: {}, 部门: {}}
        indicators:
          乡镇项: {value: 60, points: 60, score: value, groups: [乡镇]}
          共同项: {value: 40, points: 40, score: value}
          部门项: {value: 60, points: 60, score: value, groups: [部门]}
          看乡镇项: {value: 'default(乡镇项, -1)'}
        """)
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        #expect(a.unit("商务局")?.item("乡镇项") == nil)
        #expect(a.unit("商务局")?.item("看乡镇项")?.value == .number(Fixed(-1)))
        #expect(a.unit("甲镇")?.total.description == "100")
        #expect(a.unit("商务局")?.total.description == "100")
    }
}
