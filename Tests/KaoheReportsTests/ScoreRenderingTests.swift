import Testing
@testable import Kaohe
@testable import KaoheReports

/// A hand-built assessment: two groups, three units (河西镇 vetoed), indicators, a bonus, a
/// deduction and a veto item, an adjustment on one item, an item that does not apply to one
/// group, deposits (two for 城关镇, one forfeited by the vetoed 河西镇, none for 发改局),
/// rewards (one of 0), a penalty, a title and one team.
///
/// Hand-checked sums: 城关镇 base 38.4 + 40 = 78.4, total 78.4 + 3 − 0.5 = 80.9;
/// 河西镇 30 + (30 + 2 adjusted) = 62; 发改局 base 60, total 60 + 1.5 = 61.5; 第一分团 80.9 + 62 = 142.9.
/// 城关镇's deposits: paid 50000 + 30000 = 80000, deducted 10000 + 6250 = 16250, refund
/// 40000 + 23750 = 63750 (6.375 万元, shown 6.38), reward 5000 + 0 = 5000, forfeit 10000 + 6250
/// = 16250; its rewards 200000 + 0 + 50000 = 250000 (25.00 万元). 河西镇 forfeits its 30000.
enum ScoreFixture {
    static func f(_ text: String) -> Fixed { Fixed(parsing: text)! }

    static func item(
        _ section: Item.Section, _ name: String, value: Value, target: String? = nil, rate: String? = nil,
        points: String? = nil, score: String?, adjustments: [AdjustmentResult] = []
    ) -> ItemResult {
        ItemResult(
            section: section, name: name, value: value, target: target.map(f), rate: rate.map(f),
            points: points.map(f), score: score.map(f), adjustments: adjustments
        )
    }

    static func unit(
        _ name: String, group: String?, team: String?, items: [ItemResult],
        base: String, bonus: String, deduction: String, total: String, rank: Int, rankAll: Int, rankPct: String,
        grade: String?, vetoes: [String] = [], deposits: [DepositResult] = [], rewards: [RewardResult] = [],
        penalties: [String] = [], titles: [String] = []
    ) -> UnitResult {
        UnitResult(
            unit: name, group: group, team: team, items: items, base: f(base), bonus: f(bonus),
            deduction: f(deduction), total: f(total), rank: rank, rankAll: rankAll, rankPct: f(rankPct),
            grade: grade, vetoed: !vetoes.isEmpty, vetoes: vetoes, deposits: deposits, rewards: rewards,
            penalties: penalties, titles: titles
        )
    }

    static let chengguan = unit(
        "城关镇", group: "一类乡镇", team: "第一分团",
        items: [
            item(.indicator, "省外到位资金", value: .number(f("320000000")), target: "500000000", rate: "0.64", points: "60", score: "38.4"),
            item(.indicator, "项目开工率", value: .number(f("0.9")), target: "0.8", rate: "1.125", points: "40", score: "40"),
            item(.bonus, "重大项目", value: .number(f("2")), score: "3"),
            item(.deduction, "安全生产", value: .number(f("1")), score: "0.5"),
            item(.veto, "重大安全事故", value: .number(f("0")), score: nil),
        ],
        base: "78.4", bonus: "3", deduction: "0.5", total: "80.9", rank: 1, rankAll: 1, rankPct: "0.5",
        grade: "良好",
        deposits: [
            DepositResult(
                name: "张三", role: "书记", paid: f("50000"), deducted: f("10000"), deductedIn: ["2021Q1"],
                refund: f("40000"), reward: f("5000"), forfeit: f("10000")),
            DepositResult(
                name: "王五", role: "镇长", paid: f("30000"), deducted: f("6250"), deductedIn: ["2021Q1", "2021Q3"],
                refund: f("23750"), reward: .zero, forfeit: f("6250")),
        ],
        rewards: [
            RewardResult(name: "引资奖励", amount: f("200000")), RewardResult(name: "进位奖", amount: .zero),
            RewardResult(name: "排名奖励", amount: f("50000")),
        ],
        titles: ["招商引资先进单位"]
    )

    static let hexi = unit(
        "河西镇", group: "一类乡镇", team: "第一分团",
        items: [
            item(.indicator, "省外到位资金", value: .number(f("250000000")), target: "500000000", rate: "0.5", points: "60", score: "30"),
            item(.indicator, "项目开工率", value: .number(f("0.6")), target: "0.8", rate: "0.75", points: "40", score: "32",
                 adjustments: [AdjustmentResult(score: f("2"), reason: "申诉更正：漏报\"东区\"项目", approver: "县考核办")]),
            item(.bonus, "重大项目", value: .number(f("0")), score: "0"),
            item(.deduction, "安全生产", value: .number(f("0")), score: "0"),
            item(.veto, "重大安全事故", value: .number(f("1")), score: nil),
        ],
        base: "62", bonus: "0", deduction: "0", total: "62", rank: 2, rankAll: 3, rankPct: "1",
        grade: "不合格", vetoes: ["重大安全事故"],
        deposits: [DepositResult(
            name: "李四", role: "镇长", paid: f("30000"), deducted: .zero, deductedIn: [],
            refund: .zero, reward: .zero, forfeit: f("30000"))],
        penalties: ["取消评先资格"]
    )

    static let fagaiju = unit(
        "发改局", group: "县直单位", team: nil,
        items: [
            item(.indicator, "省外到位资金", value: .number(f("180000000")), target: "150000000", rate: "1.2", points: "60", score: "60"),
            item(.bonus, "重大项目", value: .number(f("1")), score: "1.5"),
            item(.deduction, "安全生产", value: .number(f("0")), score: "0"),
            item(.veto, "重大安全事故", value: .number(f("0")), score: nil),
        ],
        base: "60", bonus: "1.5", deduction: "0", total: "61.5", rank: 1, rankAll: 2, rankPct: "1",
        grade: "合格"
    )

    static func assessment(units: [UnitResult] = [chengguan, hexi, fagaiju]) -> Assessment {
        Assessment(
            scheme: "XX县2021年度招商引资目标考核", year: 2021, asOf: Day(year: 2021, month: 12, day: 31)!,
            progress: f("1"), fingerprint: "sha256:0f1e2d", money: MoneyUnit(name: "万元", factor: f("10000")),
            round: 2, units: units,
            teams: [TeamResult(team: "第一分团", units: ["城关镇", "河西镇"], score: f("142.9"), rank: 1)],
            items: [
                (name: "省外到位资金", section: .indicator, points: f("60")),
                (name: "项目开工率", section: .indicator, points: f("40")),
                (name: "重大项目", section: .bonus, points: nil),
                (name: "安全生产", section: .deduction, points: nil),
                (name: "重大安全事故", section: .veto, points: nil),
            ],
            warnings: []
        )
    }
}

@Suite("Score rendering")
struct ScoreRenderingTests {
    let a = ScoreFixture.assessment()

    @Test("JSON: the exact text of SPEC §9")
    func jsonGolden() {
        let expected = #"""
            {
              "scheme": "XX县2021年度招商引资目标考核",
              "year": 2021,
              "as_of": "2021-12-31",
              "progress": 1,
              "fingerprint": "sha256:0f1e2d",
              "units": [
                {
                  "unit": "城关镇",
                  "group": "一类乡镇",
                  "team": "第一分团",
                  "items": [
                    {"section": "indicator", "name": "省外到位资金", "value": 320000000, "target": 500000000, "rate": 0.64, "points": 60, "score": 38.4},
                    {"section": "indicator", "name": "项目开工率", "value": 0.9, "target": 0.8, "rate": 1.125, "points": 40, "score": 40},
                    {"section": "bonus", "name": "重大项目", "value": 2, "target": null, "rate": null, "points": null, "score": 3},
                    {"section": "deduction", "name": "安全生产", "value": 1, "target": null, "rate": null, "points": null, "score": 0.5},
                    {"section": "veto", "name": "重大安全事故", "value": 0, "target": null, "rate": null, "points": null, "score": null}
                  ],
                  "base": 78.4,
                  "bonus": 3,
                  "deduction": 0.5,
                  "total": 80.9,
                  "rank": 1,
                  "rank_all": 1,
                  "grade": "良好",
                  "vetoed": false,
                  "vetoes": [],
                  "deposits": [
                    {"name": "张三", "role": "书记", "paid": 50000, "deducted": 10000, "deducted_in": ["2021Q1"], "refund": 40000, "reward": 5000, "forfeit": 10000},
                    {"name": "王五", "role": "镇长", "paid": 30000, "deducted": 6250, "deducted_in": ["2021Q1", "2021Q3"], "refund": 23750, "reward": 0, "forfeit": 6250}
                  ],
                  "rewards": [
                    {"name": "引资奖励", "amount": 200000},
                    {"name": "排名奖励", "amount": 50000}
                  ],
                  "penalties": [],
                  "titles": ["招商引资先进单位"]
                },
                {
                  "unit": "河西镇",
                  "group": "一类乡镇",
                  "team": "第一分团",
                  "items": [
                    {"section": "indicator", "name": "省外到位资金", "value": 250000000, "target": 500000000, "rate": 0.5, "points": 60, "score": 30},
                    {"section": "indicator", "name": "项目开工率", "value": 0.6, "target": 0.8, "rate": 0.75, "points": 40, "score": 32, "adjustments": [{"score": 2, "reason": "申诉更正：漏报\"东区\"项目", "approver": "县考核办"}]},
                    {"section": "bonus", "name": "重大项目", "value": 0, "target": null, "rate": null, "points": null, "score": 0},
                    {"section": "deduction", "name": "安全生产", "value": 0, "target": null, "rate": null, "points": null, "score": 0},
                    {"section": "veto", "name": "重大安全事故", "value": 1, "target": null, "rate": null, "points": null, "score": null}
                  ],
                  "base": 62,
                  "bonus": 0,
                  "deduction": 0,
                  "total": 62,
                  "rank": 2,
                  "rank_all": 3,
                  "grade": "不合格",
                  "vetoed": true,
                  "vetoes": ["重大安全事故"],
                  "deposits": [
                    {"name": "李四", "role": "镇长", "paid": 30000, "deducted": 0, "deducted_in": [], "refund": 0, "reward": 0, "forfeit": 30000}
                  ],
                  "rewards": [],
                  "penalties": ["取消评先资格"],
                  "titles": []
                },
                {
                  "unit": "发改局",
                  "group": "县直单位",
                  "team": null,
                  "items": [
                    {"section": "indicator", "name": "省外到位资金", "value": 180000000, "target": 150000000, "rate": 1.2, "points": 60, "score": 60},
                    {"section": "bonus", "name": "重大项目", "value": 1, "target": null, "rate": null, "points": null, "score": 1.5},
                    {"section": "deduction", "name": "安全生产", "value": 0, "target": null, "rate": null, "points": null, "score": 0},
                    {"section": "veto", "name": "重大安全事故", "value": 0, "target": null, "rate": null, "points": null, "score": null}
                  ],
                  "base": 60,
                  "bonus": 1.5,
                  "deduction": 0,
                  "total": 61.5,
                  "rank": 1,
                  "rank_all": 2,
                  "grade": "合格",
                  "vetoed": false,
                  "vetoes": [],
                  "deposits": [],
                  "rewards": [],
                  "penalties": [],
                  "titles": []
                }
              ],
              "teams": [
                {"team": "第一分团", "units": ["城关镇", "河西镇"], "score": 142.9, "rank": 1}
              ]
            }

            """#
        let json = AssessmentJSON.render(a)
        #expect(json == expected)
        if json != expected { print(json) }
    }

    @Test("JSON: the same input gives the same bytes")
    func jsonDeterministic() {
        let first = Array(AssessmentJSON.render(a).utf8)
        let second = Array(AssessmentJSON.render(ScoreFixture.assessment()).utf8)
        #expect(first == second)
        #expect(first.last == UInt8(ascii: "\n"))
    }

    @Test("JSON: strings are escaped, CJK kept as UTF-8")
    func jsonEscaping() {
        var odd = ScoreFixture.fagaiju
        odd.unit = "城\"关\"\n镇\\\t\u{01}"
        let json = AssessmentJSON.render(ScoreFixture.assessment(units: [odd]))
        #expect(json.contains(#""unit": "城\"关\"\n镇\\\t\u0001","#))
        #expect(AssessmentJSON.string("a\u{1F}b\u{7F}\u{2028}") == #""a\u001fb"# + "\u{7F}" + #"\u2028""#)
        #expect(AssessmentJSON.string("\u{08}\u{0C}\r") == #""\b\f\r""#)
    }

    @Test("JSON: every kind of value")
    func jsonValues() {
        let day = Day(year: 2021, month: 6, day: 30)!
        #expect(AssessmentJSON.value(.number(ScoreFixture.f("-0.125"))) == "-0.125")
        #expect(AssessmentJSON.value(.number(ScoreFixture.f("1234567890.0001"))) == "1234567890.0001")
        #expect(AssessmentJSON.value(.text("省外")) == #""省外""#)
        #expect(AssessmentJSON.value(.bool(true)) == "true")
        #expect(AssessmentJSON.value(.bool(false)) == "false")
        #expect(AssessmentJSON.value(.date(day)) == #""2021-06-30""#)
        #expect(AssessmentJSON.value(.list([.number(ScoreFixture.f("1")), .text("a")])) == #"[1, "a"]"#)
        #expect(AssessmentJSON.value(.list([])) == "[]")
        #expect(AssessmentJSON.value(.none) == "null")
        #expect(AssessmentJSON.value(.period(Period(start: Day(year: 2021, month: 1, day: 1)!, end: day))) == #""2021-01-01 .. 2021-06-30""#)
    }

    @Test("JSON: empty units and teams, no year")
    func jsonEmpty() {
        var empty = ScoreFixture.assessment(units: [])
        empty.teams = []
        empty.year = nil
        #expect(AssessmentJSON.render(empty) == """
            {
              "scheme": "XX县2021年度招商引资目标考核",
              "year": null,
              "as_of": "2021-12-31",
              "progress": 1,
              "fingerprint": "sha256:0f1e2d",
              "units": [],
              "teams": []
            }

            """)
    }

    @Test("Table: golden text, every line of a table the same width")
    func tableGolden() {
        let text = AssessmentTable.render(a)
        #expect(text == """
                                                                              XX县2021年度招商引资目标考核  截至 2021-12-31
            ┌──────┬────────┬──────────┬──────────────┬────────────┬──────┬──────┬───────┬─────────────┬──────────────────┬──────────────────┬────────────┬──────────────┬──────────────────┐
            │ 排名 │ 单位   │ 类别     │ 省外到位资金 │ 项目开工率 │ 加分 │ 扣分 │  总分 │ 等次        │ 抵押金退还(万元) │ 抵押金奖励(万元) │ 奖励(万元) │ 处罚         │ 称号             │
            ├──────┼────────┼──────────┼──────────────┼────────────┼──────┼──────┼───────┼─────────────┼──────────────────┼──────────────────┼────────────┼──────────────┼──────────────────┤
            │    1 │ 城关镇 │ 一类乡镇 │        38.40 │      40.00 │ 3.00 │ 0.50 │ 80.90 │ 良好        │             6.38 │             0.50 │      25.00 │              │ 招商引资先进单位 │
            │    2 │ 河西镇 │ 一类乡镇 │        30.00 │      32.00 │ 0.00 │ 0.00 │ 62.00 │ 不合格 否决 │             0.00 │             0.00 │       0.00 │ 取消评先资格 │                  │
            ├──────┼────────┼──────────┼──────────────┼────────────┼──────┼──────┼───────┼─────────────┼──────────────────┼──────────────────┼────────────┼──────────────┼──────────────────┤
            │    1 │ 发改局 │ 县直单位 │        60.00 │          — │ 1.50 │ 0.00 │ 61.50 │ 合格        │                — │                — │       0.00 │              │                  │
            └──────┴────────┴──────────┴──────────────┴────────────┴──────┴──────┴───────┴─────────────┴──────────────────┴──────────────────┴────────────┴──────────────┴──────────────────┘

                            分团
            ┌──────┬──────────┬────────┬────────┐
            │ 排名 │ 分团     │ 单位数 │   得分 │
            ├──────┼──────────┼────────┼────────┤
            │    1 │ 第一分团 │      2 │ 142.90 │
            └──────┴──────────┴────────┴────────┘

            """)
        // Every line of each table (not its title, not the blank line between) is as wide as its top rule.
        for block in text.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n").dropFirst().map(String.init)
            let width = displayWidth(lines[0])
            #expect(lines.allSatisfy { displayWidth($0) == width })
        }
    }

    @Test("Table: English headers, the veto marker in red")
    func tableEnglish() {
        let text = AssessmentTable.render(a, lang: .en, style: TerminalStyle(enabled: true))
        #expect(text.contains("as of 2021-12-31"))
        for word in ["Rank", "Unit", "Group", "Bonus", "Deduction", "Total", "Grade", "Team", "Units", "Score",
                     "Deposit refund (万元)", "Deposit reward (万元)", "Rewards (万元)", "Penalties", "Titles"] {
            #expect(text.contains("\u{1B}[1m\(word)\u{1B}[22m"), "header \(word)")
        }
        #expect(text.contains("  Teams\n"))
        #expect(text.contains("不合格 \u{1B}[31mvetoed\u{1B}[39m"))
        #expect(!text.contains("排名"))
    }

    @Test("Table: progress below 100% in the title; no 类别 or rules without groups")
    func tableProgressNoGroups() {
        var b = a
        b.progress = ScoreFixture.f("0.5")
        b.units = b.units.map { var u = $0; u.group = nil; return u }
        b.teams = []
        let text = AssessmentTable.render(b)
        #expect(text.contains("XX县2021年度招商引资目标考核  截至 2021-12-31，序时进度 50.00%\n"))
        #expect(!text.contains("类别"))
        #expect(text.components(separatedBy: "├").count == 2)   // the rule under the header only
        #expect(!text.contains("分团"))
    }

    /// A large table's rows are made and drawn in pieces on all cores: the text is the same
    /// for any number of pieces, more pieces than rows included, cut to a width or not.
    @Test("Table: the same text whether made in one piece or many")
    func tableInPieces() {
        for maxWidth in [nil, 120] as [Int?] {
            let one = AssessmentTable.scoreTable(a, lang: .zh, style: .plain, maxWidth: maxWidth, pieces: 1)
            for pieces in [2, 3, 16] {
                #expect(AssessmentTable.scoreTable(a, lang: .zh, style: .plain, maxWidth: maxWidth, pieces: pieces) == one)
            }
        }
        // 2,100 units (the automatic split is 16 pieces from 2,048): the county's three under
        // names of every width, in their groups' runs, so that the rules between groups fall
        // inside pieces.
        var big = a
        big.units = (0..<2100).map { k in
            var u = a.units[k * 3 / 2100]
            u.unit += String(repeating: "镇", count: k % 5) + String(k)
            return u
        }
        let serial = AssessmentTable.scoreTable(big, lang: .zh, style: .plain, maxWidth: nil, pieces: 1)
        #expect(AssessmentTable.scoreTable(big, lang: .zh, style: .plain, maxWidth: nil) == serial)
        #expect(AssessmentTable.scoreTable(big, lang: .zh, style: .plain, maxWidth: nil, pieces: 7) == serial)
        // Title, top rule, header, rule, 2,100 rows and one rule between the two groups, bottom rule.
        let lines = serial.split(separator: "\n")
        #expect(lines.count == 1 + 3 + 2100 + 1 + 1)
        #expect(lines[4].contains("城关镇0 "))
        #expect(lines[2104].contains("发改局镇镇镇镇2099 "))
        #expect(Set(lines.dropFirst().map { displayWidth(String($0)) }).count == 1)
    }

    @Test("Table: maxWidth shortens the widest headers and names first, never numbers or the veto marker")
    func tableMaxWidth() {
        let text = AssessmentTable.render(a, maxWidth: 120)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { displayWidth($0) <= 120 })
        // Penalties and titles cut to their header's width first, then the item and money
        // headers, the widest first, towards their numbers' width; 单位 and 类别 untouched.
        #expect(text.contains("│ 排名 │ 单位   │ 类别     │ 省外… │ 项目… │ 加分 │ 扣分 │  总分 │ 等次        │ 抵押… │ 抵押… │ 奖励(… │ 处罚 │ 称号 │"))
        #expect(text.contains("│    1 │ 城关镇 │ 一类乡镇 │ 38.40 │ 40.00 │ 3.00 │ 0.50 │ 80.90 │ 良好        │  6.38 │  0.50 │  25.00 │      │ 招…  │"))
        #expect(text.contains("│    2 │ 河西镇 │ 一类乡镇 │ 30.00 │ 32.00 │ 0.00 │ 0.00 │ 62.00 │ 不合格 否决 │  0.00 │  0.00 │   0.00 │ 取…  │      │"))
        // A little short: only the names are cut, the widest first; every header stays whole.
        let wide = AssessmentTable.render(a, maxWidth: 170)
        #expect(wide.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= 170 })
        #expect(wide.contains("│ 省外到位资金 │ 项目开工率 │ 加分 │ 扣分 │  总分 │ 等次        │ 抵押金退还(万元) │ 抵押金奖励(万元) │ 奖励(万元) │ 处罚      │ 称号        │"))
        #expect(wide.contains("│ 不合格 否决 │             0.00 │             0.00 │       0.00 │ 取消评先… │             │"))
        #expect(wide.contains("│ 良好        │             6.38 │             0.50 │      25.00 │           │ 招商引资先… │"))
        // Narrower than the table can be: text columns shortened, numbers and grade kept whole.
        for width in [80, 40] {
            let narrow = AssessmentTable.render(a, maxWidth: width)
            for number in ["38.40", "不合格 否决", "142.90", "6.38", "25.00"] {
                #expect(narrow.contains(number), "\(number) at \(width)")
            }
        }
    }

    @Test("Table: outcome columns only when some unit has something for them")
    func tableOutcomesMissing() {
        // No deposits anywhere, rewards all 0, no penalties or titles: no outcome columns.
        var b = a
        b.units = b.units.map {
            var u = $0
            u.deposits = []
            u.rewards = u.rewards.map { RewardResult(name: $0.name, amount: .zero) }
            u.penalties = []
            u.titles = []
            return u
        }
        let bare = AssessmentTable.render(b)
        #expect(bare.contains("│ 等次        │\n"))
        for word in ["抵押金", "奖励", "处罚", "称号"] { #expect(!bare.contains(word), "\(word)") }
        // Deposits without rewards: refunds but no 抵押金奖励; a unit without deposits shows —.
        var c = a
        c.units = c.units.map {
            var u = $0
            u.deposits = u.deposits.map { var d = $0; d.reward = .zero; return d }
            return u
        }
        let refundsOnly = AssessmentTable.render(c)
        #expect(refundsOnly.contains("│ 等次        │ 抵押金退还(万元) │ 奖励(万元) │ 处罚         │ 称号             │\n"))
        #expect(refundsOnly.contains("│ 合格        │                — │       0.00 │              │                  │\n"))
        // Money in the scheme's unit: in 元, with thousands separators.
        c.money = .yuan
        #expect(AssessmentTable.render(c).contains("│ 等次        │ 抵押金退还(元) │   奖励(元) │ 处罚         │ 称号             │\n"))
        #expect(AssessmentTable.render(c).contains("│ 良好        │      63,750.00 │ 250,000.00 │              │ 招商引资先进单位 │\n"))
    }

    @Test("CSV: BOM, header row, one row per unit")
    func csv() {
        let text = AssessmentCSV.render(a)
        #expect(text.hasPrefix("\u{FEFF}"))
        let records = text.dropFirst().components(separatedBy: "\r\n")
        #expect(records.count == 5)   // header, three units, and the empty rest after the last CRLF
        #expect(records[0] == "排名,单位,类别,分团,省外到位资金,省外到位资金.完成值,项目开工率,项目开工率.完成值,重大项目,重大项目.完成值,安全生产,安全生产.完成值,重大安全事故,重大安全事故.完成值,加分,扣分,基础分,总分,等次,否决,抵押金缴纳,抵押金扣减,抵押金退还,抵押金奖励,抵押金没收,奖励.引资奖励,奖励.排名奖励,处罚,称号")
        // 城关镇's two deposits summed (50000 + 30000, 10000 + 6250, 40000 + 23750, 5000 + 0,
        // 10000 + 6250); its rewards by name, 进位奖 (0) has no column.
        #expect(records[1] == "1,城关镇,一类乡镇,第一分团,38.40,320000000,40.00,0.9,3.00,2,0.50,1,,0,3.00,0.50,78.40,80.90,良好,否,80000,16250,63750,5000,16250,200000,50000,,招商引资先进单位")
        // The vetoed 河西镇 forfeits all its 30000 and has no rewards.
        #expect(records[2] == "2,河西镇,一类乡镇,第一分团,30.00,250000000,32.00,0.6,0.00,0,0.00,0,,1,0.00,0.00,62.00,62.00,不合格,是,30000,0,0,0,30000,0,0,取消评先资格,")
        // 发改局 has no deposits (empty) and no rewards (0).
        #expect(records[3] == "1,发改局,县直单位,,60.00,180000000,,,1.50,1,0.00,0,,0,1.50,0.00,60.00,61.50,合格,否,,,,,,0,0,,")
        #expect(records[4] == "")
        let english = AssessmentCSV.render(a, lang: .en).dropFirst().components(separatedBy: "\r\n")
        #expect(english[0].hasPrefix("Rank,Unit,Group,Team,省外到位资金,省外到位资金.value,"))
        #expect(english[0].hasSuffix(",Bonus,Deduction,Base,Total,Grade,Vetoed,Deposit paid,Deposit deducted,Deposit refund,Deposit reward,Deposit forfeit,Reward.引资奖励,Reward.排名奖励,Penalties,Titles"))
        #expect(english[2].hasSuffix(",不合格,yes,30000,0,0,0,30000,0,0,取消评先资格,"))
    }

    @Test("CSV: no deposit or reward columns when there are none; names joined, quoted when needed")
    func csvOutcomesMissing() {
        var b = a
        b.units = b.units.map { var u = $0; u.deposits = []; u.rewards = [RewardResult(name: "进位奖", amount: .zero)]; return u }
        b.units[0].penalties = ["通报批评", "约谈"]
        b.units[0].titles = ["先进单位", "标兵单位"]
        let records = AssessmentCSV.render(b).dropFirst().components(separatedBy: "\r\n")
        #expect(records[0].hasSuffix(",等次,否决,处罚,称号"))
        #expect(records[1].hasSuffix(",良好,否,通报批评、约谈,先进单位、标兵单位"))
        let english = AssessmentCSV.render(b, lang: .en).dropFirst().components(separatedBy: "\r\n")
        #expect(english[1].hasSuffix(",no,\"通报批评, 约谈\",\"先进单位, 标兵单位\""))
    }

    @Test("CSV: reward columns keep the scheme's order when units get different rewards")
    func csvRewardOrder() {
        func unit(_ names: [String]) -> UnitResult {
            var u = ScoreFixture.fagaiju
            u.rewards = names.map { RewardResult(name: $0, amount: ScoreFixture.f("1")) }
            return u
        }
        #expect(AssessmentCSV.rewardNames([unit(["引荐"]), unit(["引资", "排名", "引荐"]), unit(["外资"])]) == ["引资", "排名", "引荐", "外资"])
        #expect(AssessmentCSV.rewardNames([unit(["引资", "外资"]), unit(["排名", "外资"])]) == ["引资", "排名", "外资"])
    }

    @Test("Markdown: golden text: one section per group with its outcomes, deposits and rewards, teams")
    func markdown() {
        let text = AssessmentMarkdown.render(a)
        // 项目开工率 applies to no unit of 县直单位, and 发改局 has no deposits, rewards,
        // penalties or titles: none of those columns or tables there. The deposit tables show
        // three places because 王五's 6,250 元 is 0.625 万元.
        #expect(text == """
            # XX县2021年度招商引资目标考核

            截至 2021-12-31 · 指纹 `sha256:0f1e2d`

            ## 一类乡镇

            | 排名 | 单位   | 省外到位资金 | 项目开工率 | 加分 | 扣分 |  总分 | 等次            | 抵押金退还(万元) | 抵押金奖励(万元) | 奖励(万元) | 处罚         | 称号             |
            | ---: | :----- | -----------: | ---------: | ---: | ---: | ----: | :-------------- | ---------------: | ---------------: | ---------: | :----------- | :--------------- |
            |    1 | 城关镇 |        38.40 |      40.00 | 3.00 | 0.50 | 80.90 | 良好            |             6.38 |             0.50 |      25.00 |              | 招商引资先进单位 |
            |    2 | 河西镇 |        30.00 |      32.00 | 0.00 | 0.00 | 62.00 | 不合格 **否决** |             0.00 |             0.00 |       0.00 | 取消评先资格 |                  |

            ### 风险抵押金

            | 单位   | 姓名 | 职务 | 缴纳(万元) |             扣减(万元) | 退还(万元) | 奖励(万元) | 没收(万元) |
            | :----- | :--- | :--- | ---------: | ---------------------: | ---------: | ---------: | ---------: |
            | 城关镇 | 张三 | 书记 |      5.000 |         1.000 (2021Q1) |      4.000 |      0.500 |      1.000 |
            | 城关镇 | 王五 | 镇长 |      3.000 | 0.625 (2021Q1、2021Q3) |      2.375 |      0.000 |      0.625 |
            | 河西镇 | 李四 | 镇长 |      3.000 |                  0.000 |      0.000 |      0.000 |      3.000 |

            ### 奖励

            | 单位   | 奖励     | 金额(万元) |
            | :----- | :------- | ---------: |
            | 城关镇 | 引资奖励 |      20.00 |
            | 城关镇 | 排名奖励 |       5.00 |

            ## 县直单位

            | 排名 | 单位   | 省外到位资金 | 加分 | 扣分 |  总分 | 等次 |
            | ---: | :----- | -----------: | ---: | ---: | ----: | :--- |
            |    1 | 发改局 |        60.00 | 1.50 | 0.00 | 61.50 | 合格 |

            ## 分团

            | 排名 | 分团     | 单位数 |   得分 |
            | ---: | :------- | -----: | -----: |
            |    1 | 第一分团 |      2 | 142.90 |

            """)
        let sections = text.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(sections == ["## 一类乡镇", "## 县直单位", "## 分团"])
        var ungrouped = a
        ungrouped.units = ungrouped.units.map { var u = $0; u.group = nil; return u }
        #expect(AssessmentMarkdown.render(ungrouped, lang: .en).split(separator: "\n").filter { $0.hasPrefix("#") }
            == ["# XX县2021年度招商引资目标考核", "## Scores", "### Risk deposits", "### Rewards", "## Teams"])
    }

    @Test("Markdown: English words; deposit amounts with two places when they are exact")
    func markdownEnglish() {
        var b = a
        b.units[0].deposits.removeLast()   // 王五's 0.625 万元 needed the third place
        let text = AssessmentMarkdown.render(b, lang: .en)
        #expect(text.contains("""
            | Unit   | Name | Role | Paid (万元) | Deducted (万元) | Refund (万元) | Reward (万元) | Forfeit (万元) |
            | :----- | :--- | :--- | ----------: | --------------: | ------------: | ------------: | -------------: |
            | 城关镇 | 张三 | 书记 |        5.00 |   1.00 (2021Q1) |          4.00 |          0.50 |           1.00 |
            | 河西镇 | 李四 | 镇长 |        3.00 |            0.00 |          0.00 |          0.00 |           3.00 |

            ### Rewards

            | Unit   | Reward   | Amount (万元) |
            | :----- | :------- | ------------: |
            | 城关镇 | 引资奖励 |         20.00 |
            | 城关镇 | 排名奖励 |          5.00 |

            """))
        #expect(text.contains("| Grade             | Deposit refund (万元) | Deposit reward (万元) | Rewards (万元) | Penalties    | Titles           |\n"))
        #expect(text.contains("| 不合格 **vetoed** |                  0.00 |                  0.00 |           0.00 | 取消评先资格 |                  |\n"))
    }

    @Test("ScoreFormat: scores, money in the scheme's unit, rates")
    func formats() {
        let wan = MoneyUnit(name: "万元", factor: ScoreFixture.f("10000"))
        #expect(ScoreFormat.score(ScoreFixture.f("25.6"), places: 2) == "25.60")
        #expect(ScoreFormat.score(ScoreFixture.f("0.125"), places: 2) == "0.13")
        #expect(ScoreFormat.score(nil, places: 2) == "—")
        #expect(ScoreFormat.money(ScoreFixture.f("320000000"), in: wan) == "32,000.00")
        #expect(ScoreFormat.money(ScoreFixture.f("12345"), in: wan) == "1.23")
        #expect(ScoreFormat.money(ScoreFixture.f("12355"), in: wan) == "1.24")   // 1.2355 half-up
        #expect(ScoreFormat.money(ScoreFixture.f("-1234567.891"), in: .yuan) == "-1,234,567.89")
        #expect(ScoreFormat.money(ScoreFixture.f("100000000"), in: MoneyUnit(name: "亿元", factor: ScoreFixture.f("100000000"))) == "1.00")
        #expect(ScoreFormat.exactPlaces([ScoreFixture.f("50000"), ScoreFixture.f("3750")], in: wan) == 3)   // 0.375
        #expect(ScoreFormat.exactPlaces([ScoreFixture.f("50000"), ScoreFixture.f("3700")], in: wan) == 2)
        #expect(ScoreFormat.exactPlaces([ScoreFixture.f("1234.56")], in: wan) == 6)
        #expect(ScoreFormat.exactPlaces([ScoreFixture.f("0.01")], in: MoneyUnit(name: "亿元", factor: ScoreFixture.f("100000000"))) == 6)
        #expect(ScoreFormat.exactPlaces([], in: wan) == 2)
        #expect(ScoreFormat.rate(ScoreFixture.f("0.64")) == "64.00%")
        #expect(ScoreFormat.rate(ScoreFixture.f("1.125")) == "112.50%")
        #expect(ScoreFormat.rate(nil) == "—")
        #expect(ScoreFormat.plain(.bool(true), lang: .zh) == "是")
        #expect(ScoreFormat.plain(.list([.text("a"), .text("b")]), lang: .zh) == "a、b")
        #expect(ScoreFormat.plain(.none, lang: .en) == "")
    }
}
