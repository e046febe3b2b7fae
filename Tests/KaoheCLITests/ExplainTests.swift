import Testing
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

@Suite struct ExplainTests {
    func explain(_ args: [String]) -> (status: Int32, out: String, err: String) { explainSample(args) }

    /// Golden explanations, reviewed by eye. Regenerate with KAOHE_UPDATE_GOLDEN=1 swift test.
    @Test(arguments: ["黄龙乡", "河口镇", "县自然资源局"])
    func golden(_ unit: String) throws {
        let r = explain(["--unit", unit, "--records", "5"])
        #expect(r.status == 0)
        try expectGolden(r.out, "explain-\(unit).txt")
    }

    @Test func unknownUnitSuggestsTheNearest() {
        let r = explain(["--unit", "黄龙"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("error: unknown unit '黄龙'\n  hint: did you mean '黄龙乡'?"))
        let i = explain(["--unit", "黄龙乡", "--item", "省外到位"])
        #expect(i.status == 1)
        #expect(i.err.contains("did you mean '省外到位资金'?"))
        let k = explain(["--record", "P2021-00018"])
        #expect(k.status == 1)
        #expect(k.err.contains("no record with the key 'P2021-00018'"))
        #expect(explain([]).status == 2)
    }

    @Test func noWhatItTakesForDeductions() throws {
        // A deduction of 1 a 省内 project, at most 3: 甲镇 has one (P6), so "2 more reach the
        // most" would urge more deductions. A bonus of the same form keeps its hint.
        let scheme = formScheme("""
          到位资金: {from: projects, sum: 到位资金, points: 100, score: proportional}
        """, extra: """
        bonuses:
          省外项目: {from: projects, where: "来源 == '省外'", count: true, score: {each: 1, max: 3}}
        deductions:
          省内项目: {from: projects, where: "来源 == '省内'", count: true, score: {each: 1, max: 3}}
        """)
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": formProjects])
        defer { fx.remove() }
        let r = run(["explain", fx.schemePath, "--unit", "甲镇", "--records", "0"])
        #expect(r.status == 0)
        // 甲镇 has one 省外 project (P1): 2 more give the bonus's 3.
        #expect(r.out.contains("提示：再有 2 个省外项目 可得满分 3 分"))
        #expect(!r.out.contains("个省内项目"))
    }

    @Test func recordCountedForWhomAndWhyNot() {
        // P2021-0013 is a 省内 project of 黄龙乡: counted in 签约项目, not in 省外到位资金.
        let r = explain(["--record", "P2021-0013"])
        #expect(r.status == 0)
        #expect(r.out.contains("计入单位：黄龙乡"))
        #expect(r.out.contains("  签约项目：计入\n"))
        #expect(r.out.contains("  省外到位资金：未计入，资金来源 = '省内'，要求 资金来源 in ['省外', '境外']"))
    }

    @Test func itemOnlyAndWhatItTakes() {
        let r = explain(["--unit", "黄龙乡", "--item", "省外到位资金", "--records", "0"])
        #expect(r.status == 0)
        // 1.32亿 of 1.5亿: 30 × 88% = 26.40; 1,800万 more gives full marks, 4,800万 more the 120% cap.
        #expect(r.out.contains("得分 = 30 × min(88.00%, 120.00%) = 26.40"))
        #expect(r.out.contains("提示：再到位 1,800万 可得满分 30 分"))
        #expect(r.out.contains("提示：再到位 4,800万 可得最高 36 分（120.00% 封顶）"))
        #expect(!r.out.contains("亿元项目"))
    }

    /// Every number of `score --format json` appears in the explanation with the same value.
    @Test func everyScoredNumberIsExplained() throws {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let loaded = SchemeLoader.load(path: path)
        let scheme = try #require(loaded.scheme)
        let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: nil)
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory).load(schemeBytes: []).unwrap()
        let tracer = Tracer(units: Set(ledger.units.map(\.name)))
        let a = try Engine(scheme: scheme, ledger: ledger, tracer: tracer).assess().unwrap()
        var checked = 0
        for u in a.units {
            let e = try #require(tracer.explanation(of: u.unit))
            func step(_ key: String) -> Value? {
                (e.totals + [e.rank, e.grade].compactMap { $0 }).first { $0.key == key }?.value
            }
            #expect(step("total") == .number(u.total))
            #expect(step("base") == .number(u.base))
            #expect(step("bonus") == .number(u.bonus))
            #expect(step("deduction") == .number(u.deduction))
            #expect(step("rank") == .number(Fixed(u.rank)))
            #expect(step("grade") == u.grade.map { .text($0) })
            for item in u.items {
                let x = try #require(e.item(item.name))
                #expect(x.value.value == item.value)
                #expect(x.target?.value == item.target.map { .number($0) })
                #expect(x.rate?.value == item.rate.map { .number($0) })
                #expect(x.score?.value == item.score.map { .number($0) })
                checked += 4
            }
            for dep in u.deposits {
                let s = try #require(e.deposits.first { $0.key == "deposits.\(dep.name)" })
                func child(_ f: String) -> Value? { s.children.first { $0.key == "deposits.\(dep.name).\(f)" }?.value }
                #expect(child("paid") == .number(dep.paid))
                #expect(child("deducted") == .number(dep.deducted))
                #expect(child("refund") == .number(dep.refund))
                #expect(child("reward") == .number(dep.reward))
                #expect(child("forfeit") == .number(dep.forfeit))
                checked += 5
            }
            for r in u.rewards {
                #expect(e.rewards.first { $0.key == "rewards.\(r.name)" }?.value == .number(r.amount))
                checked += 1
            }
            #expect(e.penalties.filter { $0.value == .bool(true) }.map { String($0.key.dropFirst("penalties.".count)) } == u.penalties)
            #expect(e.titles.filter { $0.value == .bool(true) }.map { String($0.key.dropFirst("titles.".count)) } == u.titles)
        }
        #expect(checked > 1000)
    }
}

/// Left-out reasons for each kind of condition.
@Suite struct LeftOutReasonTests {
    @Test func eachKindOfCondition() throws {
        let fx = try Fixture(scheme: """
        scheme: {name: 测试, year: 2021, money: 万元}
        data:
          p:
            file: p.csv
            key: 编号
            unit: 单位
            date: 日期
            columns: {编号: text, 单位: unit, 日期: date, 开工: date?, 金额: 万元, 来源: text, 标签: list}
        units: [甲镇]
        indicators:
          来源项: {from: p, where: "来源 in ['省外', '境外']", count: true}
          金额项: {from: p, where: 金额 >= 100万, count: true}
          标签项: {from: p, where: "标签 contains '高新技术'", count: true}
          开工项: {from: p, where: 开工 != none, count: true}
          期间项: {from: p, where: 日期 in 2021-03-01 .. 2021-12-31 and 金额 > 0, count: true}
        """, files: ["p.csv": """
        编号,单位,日期,开工,金额,来源,标签
        A,甲镇,2021-02-01,,50,省内,总部经济
        B,甲镇,2021-09-01,2021-10-01,200,省外,高新技术
        C,甲镇,2021-08-01,,20,境外,

        """])
        defer { fx.remove() }
        let loaded = SchemeLoader.load(path: fx.schemePath)
        let scheme = try #require(loaded.scheme)
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: fx.dir, schemeDirectory: fx.dir).load(schemeBytes: []).unwrap()
        let tracer = Tracer(units: ["甲镇"])
        _ = try Engine(scheme: scheme, ledger: ledger, tracer: tracer).assess(asOf: Day(year: 2021, month: 8, day: 31)).unwrap()
        let e = try #require(tracer.explanation(of: "甲镇"))
        func reasons(_ item: String) -> [String] { e.item(item)?.leftOut.map { "\($0.key): \($0.reason ?? "")" } ?? [] }
        // `in`
        #expect(reasons("来源项") == ["A: 来源 = '省内'，要求 来源 in ['省外', '境外']"])
        // comparison (money shown at a glance: 50万)
        #expect(reasons("金额项") == ["A: 金额 = 50万，要求 金额 >= 100万", "C: 金额 = 20万，要求 金额 >= 100万"])
        // contains on a list (C's empty list)
        #expect(reasons("标签项") == ["A: 标签 = ['总部经济']，要求 标签 contains '高新技术'", "C: 标签 = []，要求 标签 contains '高新技术'"])
        // none
        #expect(reasons("开工项") == ["A: 开工 = 空，要求 开工 != none", "C: 开工 = 空，要求 开工 != none"])
        // date range: the first false conjunct is named
        #expect(reasons("期间项") == ["A: 日期 = 2021-02-01，要求 日期 in 2021-03-01 .. 2021-12-31"])
        // as-of: B (2021-09-01) is after 2021-08-31 and would have counted
        #expect(e.item("来源项")?.afterAsOf.map { "\($0.key): \($0.reason ?? "")" } == ["B: 日期 = 2021-09-01，晚于截止日期 2021-08-31"])
        #expect(e.item("来源项")?.counted.map(\.key) == ["C"])
    }
}
