import Foundation
import Testing
@testable import Kaohe
@testable import KaoheReports

/// A hand-built what-if: `indicators.项目开工率.points` 40 → 50 over three units.
///
/// Before: 城关镇 54 + 20 = 74 (1st of 一类乡镇, 1st overall, 合格), 河西镇 30 + 40 = 70 (2nd,
/// 2nd, 合格), 发改局 60 (1st of 县直单位, 3rd overall, 合格; no 项目开工率).
/// After: 城关镇 54 + 25 = 79 (2nd, 2nd, 合格), 河西镇 30 + 50 = 80 (1st, 1st, 良好, a title),
/// 发改局 unchanged. 城关镇's 张三 gets 39500 back instead of 37000 (forfeits 10500, not
/// 13000). 排名奖励 50000 for the 1st and 30000 for the 2nd change hands; 城关镇 keeps its
/// 引资奖励 200000: reward money 280000 before and after.
enum WhatIfFixture {
    static func f(_ text: String) -> Fixed { Fixed(parsing: text)! }

    static func item(_ name: String, points: String, score: String?) -> ItemResult {
        ItemResult(section: .indicator, name: name, value: .number(f("1")), target: nil, rate: nil,
                   points: f(points), score: score.map(f), adjustments: [])
    }

    static func unit(
        _ name: String, group: String, items: [ItemResult], total: String, rank: Int, rankAll: Int, grade: String,
        deposits: [DepositResult] = [], rewards: [RewardResult] = [], titles: [String] = []
    ) -> UnitResult {
        UnitResult(unit: name, group: group, team: nil, items: items, base: f(total), bonus: .zero, deduction: .zero,
                   total: f(total), rank: rank, rankAll: rankAll, rankPct: .zero, grade: grade, vetoed: false, vetoes: [],
                   deposits: deposits, rewards: rewards, penalties: [], titles: titles)
    }

    static func deposit(refund: String, forfeit: String) -> DepositResult {
        DepositResult(name: "张三", role: "书记", paid: f("50000"), deducted: .zero, deductedIn: [],
                      refund: f(refund), reward: .zero, forfeit: f(forfeit))
    }

    static func assessment(_ units: [UnitResult]) -> Assessment {
        Assessment(scheme: "XX县2021年度招商引资目标考核", year: 2021, asOf: Day(year: 2021, month: 12, day: 31)!,
                   progress: f("1"), fingerprint: "sha256:0f1e2d", money: MoneyUnit(name: "万元", factor: f("10000")),
                   round: 2, units: units, teams: [],
                   items: [(name: "省外到位资金", section: .indicator, points: f("60")),
                           (name: "项目开工率", section: .indicator, points: f("40"))],
                   warnings: [])
    }

    static let before = assessment([
        unit("城关镇", group: "一类乡镇",
             items: [item("省外到位资金", points: "60", score: "54"), item("项目开工率", points: "40", score: "20")],
             total: "74", rank: 1, rankAll: 1, grade: "合格",
             deposits: [deposit(refund: "37000", forfeit: "13000")],
             rewards: [RewardResult(name: "引资奖励", amount: f("200000")), RewardResult(name: "排名奖励", amount: f("50000"))]),
        unit("河西镇", group: "一类乡镇",
             items: [item("省外到位资金", points: "60", score: "30"), item("项目开工率", points: "40", score: "40")],
             total: "70", rank: 2, rankAll: 2, grade: "合格",
             rewards: [RewardResult(name: "排名奖励", amount: f("30000"))]),
        unit("发改局", group: "县直单位", items: [item("省外到位资金", points: "60", score: "60")],
             total: "60", rank: 1, rankAll: 3, grade: "合格"),
    ])

    static let after = assessment([
        unit("河西镇", group: "一类乡镇",
             items: [item("省外到位资金", points: "60", score: "30"), item("项目开工率", points: "50", score: "50")],
             total: "80", rank: 1, rankAll: 1, grade: "良好",
             rewards: [RewardResult(name: "排名奖励", amount: f("50000"))], titles: ["招商引资先进单位"]),
        unit("城关镇", group: "一类乡镇",
             items: [item("省外到位资金", points: "60", score: "54"), item("项目开工率", points: "50", score: "25")],
             total: "79", rank: 2, rankAll: 2, grade: "合格",
             deposits: [deposit(refund: "39500", forfeit: "10500")],
             rewards: [RewardResult(name: "引资奖励", amount: f("200000")), RewardResult(name: "排名奖励", amount: f("30000"))]),
        unit("发改局", group: "县直单位", items: [item("省外到位资金", points: "60", score: "60")],
             total: "60", rank: 1, rankAll: 3, grade: "合格"),
    ])

    static let result = WhatIfResult.compare(
        before, after, changes: [VariantChange(path: "indicators.项目开工率.points", before: "40", after: "50")])
}

@Suite("What-if rendering")
struct WhatIfRenderingTests {
    let r = WhatIfFixture.result

    @Test("the fixture: one rank swap, one grade, one deposit refund, rewards changing hands")
    func fixture() {
        #expect(r.changed.map(\.unit) == ["河西镇", "城关镇"])
        #expect(r.rankChanges == 2)
        #expect(r.gradeChanges == 1)
        #expect(r.rewardChanges == 2)
        #expect(r.units[1].outcomes.map(\.key) == ["deposits.张三.refund", "deposits.张三.forfeit", "rewards.排名奖励"])
    }

    @Test("JSON: SPEC §8, every unit, before/after as SPEC §9 unit objects")
    func json() throws {
        let expected = #"""
        {
          "changes": [
            {"path": "indicators.项目开工率.points", "before": "40", "after": "50"}
          ],
          "units": [
            {
              "unit": "河西镇",
              "before": {
                "unit": "河西镇",
                "group": "一类乡镇",
                "team": null,
                "items": [
                  {"section": "indicator", "name": "省外到位资金", "value": 1, "target": null, "rate": null, "points": 60, "score": 30},
                  {"section": "indicator", "name": "项目开工率", "value": 1, "target": null, "rate": null, "points": 40, "score": 40}
                ],
                "base": 70,
                "bonus": 0,
                "deduction": 0,
                "total": 70,
                "rank": 2,
                "rank_all": 2,
                "grade": "合格",
                "vetoed": false,
                "vetoes": [],
                "deposits": [],
                "rewards": [
                  {"name": "排名奖励", "amount": 30000}
                ],
                "penalties": [],
                "titles": []
              },
              "after": {
                "unit": "河西镇",
                "group": "一类乡镇",
                "team": null,
                "items": [
                  {"section": "indicator", "name": "省外到位资金", "value": 1, "target": null, "rate": null, "points": 60, "score": 30},
                  {"section": "indicator", "name": "项目开工率", "value": 1, "target": null, "rate": null, "points": 50, "score": 50}
                ],
                "base": 80,
                "bonus": 0,
                "deduction": 0,
                "total": 80,
                "rank": 1,
                "rank_all": 1,
                "grade": "良好",
                "vetoed": false,
                "vetoes": [],
                "deposits": [],
                "rewards": [
                  {"name": "排名奖励", "amount": 50000}
                ],
                "penalties": [],
                "titles": ["招商引资先进单位"]
              },
              "why": [
                {"item": "项目开工率", "before": 40, "after": 50}
              ]
            },
            {
              "unit": "城关镇",
              "before": {
                "unit": "城关镇",
                "group": "一类乡镇",
                "team": null,
                "items": [
                  {"section": "indicator", "name": "省外到位资金", "value": 1, "target": null, "rate": null, "points": 60, "score": 54},
                  {"section": "indicator", "name": "项目开工率", "value": 1, "target": null, "rate": null, "points": 40, "score": 20}
                ],
                "base": 74,
                "bonus": 0,
                "deduction": 0,
                "total": 74,
                "rank": 1,
                "rank_all": 1,
                "grade": "合格",
                "vetoed": false,
                "vetoes": [],
                "deposits": [
                  {"name": "张三", "role": "书记", "paid": 50000, "deducted": 0, "deducted_in": [], "refund": 37000, "reward": 0, "forfeit": 13000}
                ],
                "rewards": [
                  {"name": "引资奖励", "amount": 200000},
                  {"name": "排名奖励", "amount": 50000}
                ],
                "penalties": [],
                "titles": []
              },
              "after": {
                "unit": "城关镇",
                "group": "一类乡镇",
                "team": null,
                "items": [
                  {"section": "indicator", "name": "省外到位资金", "value": 1, "target": null, "rate": null, "points": 60, "score": 54},
                  {"section": "indicator", "name": "项目开工率", "value": 1, "target": null, "rate": null, "points": 50, "score": 25}
                ],
                "base": 79,
                "bonus": 0,
                "deduction": 0,
                "total": 79,
                "rank": 2,
                "rank_all": 2,
                "grade": "合格",
                "vetoed": false,
                "vetoes": [],
                "deposits": [
                  {"name": "张三", "role": "书记", "paid": 50000, "deducted": 0, "deducted_in": [], "refund": 39500, "reward": 0, "forfeit": 10500}
                ],
                "rewards": [
                  {"name": "引资奖励", "amount": 200000},
                  {"name": "排名奖励", "amount": 30000}
                ],
                "penalties": [],
                "titles": []
              },
              "why": [
                {"item": "项目开工率", "before": 20, "after": 25}
              ]
            },
            {
              "unit": "发改局",
              "before": {
                "unit": "发改局",
                "group": "县直单位",
                "team": null,
                "items": [
                  {"section": "indicator", "name": "省外到位资金", "value": 1, "target": null, "rate": null, "points": 60, "score": 60}
                ],
                "base": 60,
                "bonus": 0,
                "deduction": 0,
                "total": 60,
                "rank": 1,
                "rank_all": 3,
                "grade": "合格",
                "vetoed": false,
                "vetoes": [],
                "deposits": [],
                "rewards": [],
                "penalties": [],
                "titles": []
              },
              "after": {
                "unit": "发改局",
                "group": "县直单位",
                "team": null,
                "items": [
                  {"section": "indicator", "name": "省外到位资金", "value": 1, "target": null, "rate": null, "points": 60, "score": 60}
                ],
                "base": 60,
                "bonus": 0,
                "deduction": 0,
                "total": 60,
                "rank": 1,
                "rank_all": 3,
                "grade": "合格",
                "vetoed": false,
                "vetoes": [],
                "deposits": [],
                "rewards": [],
                "penalties": [],
                "titles": []
              },
              "why": []
            }
          ]
        }

        """#
        #expect(WhatIfReport.json(r) == expected)
        // What `kaohe whatif --format json` writes: the same text, as bytes.
        #expect(String(decoding: WhatIfReport.jsonBytes(r), as: UTF8.self) == expected)
        let parsed = try JSONSerialization.jsonObject(with: Data(WhatIfReport.json(r).utf8)) as? [String: Any]
        #expect((parsed?["units"] as? [Any])?.count == 3)
    }

    @Test("JSON: the same bytes every time")
    func jsonDeterministic() {
        #expect(Data(WhatIfReport.json(r).utf8) == Data(WhatIfReport.json(WhatIfFixture.result).utf8))
    }

    @Test("table: header, one block per changed unit, the unchanged units in one line")
    func table() {
        let expected = #"""
        规则变更对比：XX县2021年度招商引资目标考核
        变更：
          indicators.项目开工率.points  40 → 50
        排名变化 2 个单位，等次变化 1 个，奖励变化 2 个
        奖励总额 28.00 万元 (不变)

        河西镇（一类乡镇）
          总分             70.00 → 80.00 (+10.00)
          排名             2 → 1 (升 1 位)
          全部排名         2 → 1 (升 1 位)
          等次             合格 → 良好
          奖励 排名奖励    3.00 → 5.00 万元 (+2.00)
          称号             无 → 招商引资先进单位
          原因：
            项目开工率  40.00 → 50.00 (+10.00)

        城关镇（一类乡镇）
          总分             74.00 → 79.00 (+5.00)
          排名             1 → 2 (降 1 位)
          全部排名         1 → 2 (降 1 位)
          抵押金退还 张三  3.70 → 3.95 万元 (+0.25)
          抵押金没收 张三  1.30 → 1.05 万元 (-0.25)
          奖励 排名奖励    5.00 → 3.00 万元 (-2.00)
          原因：
            项目开工率  20.00 → 25.00 (+5.00)

        其余 1 个单位无变化：发改局

        """#
        let text = WhatIfReport.table(r)
        #expect(text == expected)
        #expect(text == WhatIfReport.table(r))
        #expect(text.split(separator: "\n").last == "其余 1 个单位无变化：发改局")
    }

    @Test("table: the values of every block line up")
    func tableAligned() {
        let lines = WhatIfReport.table(r).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.drop { !$0.isEmpty }.filter { $0.hasPrefix("  ") && !$0.hasPrefix("    ") && !$0.hasPrefix("  原因") }
        let columns = rows.map { row -> Int in
            // The value starts after the label and a gap of two spaces or more.
            let chars = Array(row)
            var i = 2
            while !(chars[i] == " " && chars[i + 1] == " ") { i += 1 }
            while chars[i] == " " { i += 1 }
            return displayWidth(String(chars[..<i]))
        }
        #expect(columns.count == 12)
        #expect(Set(columns).count == 1)
    }

    @Test("table in English")
    func english() {
        let text = WhatIfReport.table(r, lang: .en)
        #expect(text.hasPrefix("What if: XX县2021年度招商引资目标考核\nChanges:\n  indicators.项目开工率.points  40 → 50\n"))
        #expect(text.contains("Rank changed for 2 units, grade for 1, rewards for 2\n"))
        #expect(text.contains("Reward total 28.00 万元 (unchanged)\n"))
        #expect(text.contains("  Rank                  2 → 1 (up 1)\n"))
        #expect(text.contains("  Deposit refund 张三   3.70 → 3.95 万元 (+0.25)\n"))
        #expect(text.contains("  Titles                none → 招商引资先进单位\n"))
        #expect(text.contains("  Why:\n    项目开工率  40.00 → 50.00 (+10.00)\n"))
        #expect(text.hasSuffix("\n1 other unit did not change: 发改局\n"))
    }

    @Test("nothing changed: every unit named in one line, wrapped to maxWidth")
    func nothingChanged() {
        let same = WhatIfResult.compare(WhatIfFixture.before, WhatIfFixture.before, changes: [])
        let text = WhatIfReport.table(same)
        #expect(text == """
            规则变更对比：XX县2021年度招商引资目标考核
            变更：（无）
            排名变化 0 个单位，等次变化 0 个，奖励变化 0 个
            奖励总额 28.00 万元 (不变)

            全部 3 个单位无变化：城关镇、河西镇、发改局

            """)
        let narrow = WhatIfReport.table(same, maxWidth: 28)
        #expect(narrow.hasSuffix("\n全部 3 个单位无变化：\n  城关镇、河西镇、发改局\n"))
        #expect(narrow.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= 28 }, "\(narrow)")
    }

    @Test("table: colours only when the style is on; maxWidth shortens long lines")
    func styleAndWidth() {
        let coloured = WhatIfReport.table(r, style: TerminalStyle(enabled: true))
        #expect(coloured.contains("\u{1B}[32m(升 1 位)\u{1B}[39m"))
        #expect(coloured.contains("\u{1B}[31m(降 1 位)\u{1B}[39m"))
        #expect(coloured.contains("\u{1B}[32m(+0.25)\u{1B}[39m"))   // more refunded is better…
        #expect(coloured.contains("\u{1B}[32m(-0.25)\u{1B}[39m"))   // …and less forfeited
        #expect(coloured.contains("\u{1B}[31m(-2.00)\u{1B}[39m"))   // a smaller reward is not
        #expect(!WhatIfReport.table(r).contains("\u{1B}"))
        let narrow = WhatIfReport.table(r, maxWidth: 30)
        #expect(narrow.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= 30 })
    }

    @Test("Markdown")
    func markdown() {
        let expected = #"""
        # 规则变更对比：XX县2021年度招商引资目标考核

        ## 变更

        | 路径                           | 原值 | 新值 |
        | :----------------------------- | :--- | :--- |
        | `indicators.项目开工率.points` | `40` | `50` |

        排名变化 2 个单位，等次变化 1 个，奖励变化 2 个；奖励总额 28.00 万元 (不变)。

        ## 变化的单位

        ### 河西镇（一类乡镇）

        - 总分：70.00 → 80.00 (+10.00)
        - 排名：2 → 1 (升 1 位)
        - 全部排名：2 → 1 (升 1 位)
        - 等次：合格 → 良好
        - 奖励 排名奖励：3.00 → 5.00 万元 (+2.00)
        - 称号：无 → 招商引资先进单位

        | 原因（得分变化的指标） | 原得分 | 新得分 |   变化 |
        | :--------------------- | -----: | -----: | -----: |
        | 项目开工率             |  40.00 |  50.00 | +10.00 |

        ### 城关镇（一类乡镇）

        - 总分：74.00 → 79.00 (+5.00)
        - 排名：1 → 2 (降 1 位)
        - 全部排名：1 → 2 (降 1 位)
        - 抵押金退还 张三：3.70 → 3.95 万元 (+0.25)
        - 抵押金没收 张三：1.30 → 1.05 万元 (-0.25)
        - 奖励 排名奖励：5.00 → 3.00 万元 (-2.00)

        | 原因（得分变化的指标） | 原得分 | 新得分 |  变化 |
        | :--------------------- | -----: | -----: | ----: |
        | 项目开工率             |  20.00 |  25.00 | +5.00 |

        其余 1 个单位无变化：发改局

        """#
        #expect(WhatIfReport.markdown(r) == expected)
    }

    @Test("Markdown escapes names from the data")
    func markdownEscapes() {
        var after = WhatIfFixture.after
        after.units[2].unit = "a*b_<c>"
        after.units[2].total = Fixed(61)
        var before = WhatIfFixture.before
        before.units[2].unit = "a*b_<c>"
        let md = WhatIfReport.markdown(WhatIfResult.compare(before, after, changes: []))
        #expect(md.contains("### a\\*b\\_\\<c\\>（县直单位）"))
    }
}
