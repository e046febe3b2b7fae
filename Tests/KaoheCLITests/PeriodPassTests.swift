import Testing
import Foundation
@testable import Kaohe
import KaoheIO

/// The deduct periods' aggregates come from the same single pass over each dataset as the
/// year's (each record also added to its quarter's or month's totals): they must equal one
/// record-by-record pass per period, as the reference evaluator still does it.
@Suite struct PeriodPassTests {
    /// The township scheme of ``OutcomeTests`` plus a monthly variant whose deduction reads a sum.
    static func load(_ scheme: String, _ projects: String = townshipProjects) throws -> (Scheme, Ledger, Fixture) {
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": projects, "deposits.csv": townshipDeposits])
        let loaded = SchemeLoader.load(path: fx.schemePath)
        guard let scheme = loaded.scheme else { throw FixtureError(text: loaded.diagnostics.description) }
        switch LedgerLoader(scheme: scheme, dataDirectory: fx.dir, schemeDirectory: fx.dir).load(schemeBytes: []) {
        case .success(let ledger): return (scheme, ledger, fx)
        case .failure(let d): throw FixtureError(text: d.description)
        }
    }

    /// [period label: [unit: value]] of one item.
    static func periods(_ a: Engine.Aggregates, _ item: String, _ ledger: Ledger) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for (p, values) in a.periods {
            for (u, unit) in ledger.units.enumerated() { out[p.label, default: [:]][unit.name] = values[item]?[u].description ?? "missing" }
        }
        return out
    }

    static func aggregates(_ scheme: Scheme, _ ledger: Ledger, asOf: Day? = nil, reference: Bool) throws -> Engine.Aggregates {
        var engine = Engine(scheme: scheme, ledger: ledger)
        engine.interpretedAggregation = reference
        var d = Diagnostics()
        let a = engine.aggregate(asOf: asOf, &d)
        if d.hasErrors { throw FixtureError(text: d.description) }
        return a
    }

    @Test func quartersFromOnePassEqualAPassPerQuarter() throws {
        let (scheme, ledger, fx) = try Self.load(townshipScheme)
        defer { fx.remove() }
        let fast = try Self.aggregates(scheme, ledger, reference: false)
        let reference = try Self.aggregates(scheme, ledger, reference: true)
        // 达标项目 (到位资金 ≥ 500万) by quarter of 签约日期:
        //   一组: A1 02-10 (600) Q1, A2 05-20 (800) Q2, A3 11-02 (550) Q4 → 1, 1, 0, 1
        //   二组: B1 01-15 (500), B2 03-30 (1200) both Q1 → 2, 0, 0, 0
        //   三组: C1 06-01 (300 < 500) → 0, 0, 0, 0
        let expected = [
            "2021Q1": ["一组": "1", "二组": "2", "三组": "0"],
            "2021Q2": ["一组": "1", "二组": "0", "三组": "0"],
            "2021Q3": ["一组": "0", "二组": "0", "三组": "0"],
            "2021Q4": ["一组": "1", "二组": "0", "三组": "0"],
        ]
        #expect(fast.periods.map(\.period.label) == ["2021Q1", "2021Q2", "2021Q3", "2021Q4"])
        #expect(Self.periods(fast, "达标项目", ledger) == expected)
        #expect(Self.periods(reference, "达标项目", ledger) == expected)
        // The year: 一组 3, 二组 2, 三组 0; only the items a deduction reads are aggregated per quarter.
        #expect(fast.values["达标项目"]?.map(\.description) == ["3", "2", "0"])
        #expect(fast.periods.allSatisfy { $0.values.keys.sorted() == ["达标项目"] })
        // Rewards are aggregated for the year only, identically.
        for key in fast.values.keys { #expect(fast.values[key] == reference.values[key]) }
        #expect(fast.values.keys.sorted() == reference.values.keys.sorted())
    }

    @Test func monthsEndedByAsOfWithASum() throws {
        // Monthly: 到位合计 (Σ 到位资金, 万元 → 元) per month; a record dated outside the period
        // (2020-12-31) counts in no month, nor in the year.
        let scheme = townshipScheme
            .replacingOccurrences(of: "every: quarter\n    when: 达标项目 == 0", with: "every: month\n    when: 到位合计 < 500万")
            .replacingOccurrences(of: "indicators:\n", with: "indicators:\n  到位合计:\n    from: projects\n    where: 签约日期 in period\n    sum: 到位资金\n")
        let projects = townshipProjects + "Z1,一组,2020-12-31,900\n"
        let (s, ledger, fx) = try Self.load(scheme, projects)
        defer { fx.remove() }
        let asOf = Day(year: 2021, month: 5, day: 31)
        let fast = try Self.aggregates(s, ledger, asOf: asOf, reference: false)
        let reference = try Self.aggregates(s, ledger, asOf: asOf, reference: true)
        // Months ended by 2021-05-31: 01 … 05. 一组: A1 600万 in 02 (A2 on 05-20: 800万 in 05);
        // 二组: B1 500万 in 01, B2 1200万 in 03; 三组: nothing before 06-01.
        let wan = { (x: Int) in String(x * 10_000) }
        let expected = [
            "2021-01": ["一组": "0", "二组": wan(500), "三组": "0"],
            "2021-02": ["一组": wan(600), "二组": "0", "三组": "0"],
            "2021-03": ["一组": "0", "二组": wan(1200), "三组": "0"],
            "2021-04": ["一组": "0", "二组": "0", "三组": "0"],
            "2021-05": ["一组": wan(800), "二组": "0", "三组": "0"],
        ]
        #expect(Self.periods(fast, "到位合计", ledger) == expected)
        #expect(Self.periods(reference, "到位合计", ledger) == expected)
        // The year to 2021-05-31: 一组 600 + 800 = 1400万 (Z1 is dated 2020); 二组 1700万; 三组 0.
        #expect(fast.values["到位合计"]?.map(\.description) == [wan(1400), wan(1700), "0"])
        #expect(fast.values["到位合计"] == reference.values["到位合计"])
        // Deductions follow: 一组 misses 01, 03, 04 (< 500万); 三组 every month.
        let a = try Engine(scheme: s, ledger: ledger).assess(asOf: asOf).get()
        #expect(a.units.first { $0.unit == "一组" }?.deposits.first?.deductedIn == ["2021-01", "2021-03", "2021-04"])
        #expect(a.units.first { $0.unit == "三组" }?.deposits.first?.deductedIn == ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05"])
    }

    @Test func whatIfReusesOrRecomputesThePeriods() throws {
        let (scheme, ledger, fx) = try Self.load(townshipScheme)
        defer { fx.remove() }
        let base = try Self.aggregates(scheme, ledger, reference: false)
        // A changed filter makes the dataset dirty: the year and the quarters are computed again.
        let stricter = townshipScheme.replacingOccurrences(of: "where: 到位资金 >= 500万", with: "where: 到位资金 >= 600万")
        let (s2, _, fx2) = try Self.load(stricter)
        defer { fx2.remove() }
        var d = Diagnostics()
        let again = Engine(scheme: s2, ledger: ledger).aggregate(asOf: nil, reusing: (scheme, base), &d)
        let fresh = try Self.aggregates(s2, ledger, reference: true)
        #expect(!d.hasErrors)
        #expect(Self.periods(again, "达标项目", ledger) == Self.periods(fresh, "达标项目", ledger))
        // 二组's Q1 keeps B2 only (1200 ≥ 600; B1 500 < 600).
        #expect(Self.periods(again, "达标项目", ledger)["2021Q1"]?["二组"] == "1")
        // An unchanged ledger-level definition reuses everything.
        let same = Engine(scheme: scheme, ledger: ledger).aggregate(asOf: nil, reusing: (scheme, base), &d)
        #expect(Self.periods(same, "达标项目", ledger) == Self.periods(base, "达标项目", ledger))
    }

    @Test func resolvedNamesReadWhatTheUnitEnvironmentReads() throws {
        // A deposit settle row's names through the resolved environment and through the unit
        // environment with the record bound as `extra`: the same values, the same errors.
        let (scheme, ledger, fx) = try Self.load(townshipScheme)
        defer { fx.remove() }
        let engine = Engine(scheme: scheme, ledger: ledger)
        let state = UnitState(scheme: scheme, ledger: ledger, asOf: scheme.info.period.end, progress: Fixed(1))
        var d = Diagnostics()
        let aggregates = engine.aggregate(asOf: nil, &d)
        for name in scheme.evaluationOrder {
            if let i = state.itemIndex[name] { engine.scoreItem(i, state, aggregates, scaled: false, adjustments: [:], &d) }
        }
        let data = try #require(ledger.datasets["deposits"])
        // Every node kind of the unit compiler, and its errors: none in arithmetic, a text where
        // a number or a truth is wanted, division by zero, an unknown name, calls and tables
        // left to the evaluator.
        let texts = ["amount - deducted", "(amount - deducted) * 50%", "basis >= 3", "季度扣减[职务] + 达标项目", "达标项目.rate",
                     "if(职务 == '组长', amount, 0)", "total", "unit", "no_such_name + 1", "-amount", "not (basis > 1) or 职务 == '组员'",
                     "职务 in ['组长', '组员']", "职务 not in ['组长']", "[amount, basis]", "达标项目.target / 0", "amount / (basis - 2)",
                     "职务 + 1", "职务 and true", "grade == none", "basis > none", "职务 < 1", "amount * 0.3333", "vetoed or basis != 2",
                     "2021-03-01 - 2021-01-01", "职务 contains '组'", "rank <= 3 and grade == '优秀'",
                     "达标项目 == max_of(达标项目)", "amount / max(min_of(达标项目), 1)", "sum_of(达标项目) + avg_of(达标项目)"]
        let bound = ["amount", "deducted", "basis"]
        for text in texts {
            let expr = try Parser.parse(ExpressionSource(text: text)).get()
            let compiled = CompiledExpression(expression: expr, type: .any, level: .unit, references: [])
            let names = ResolvedNames(compiled, state, columns: data.columnIndex, bound: bound)
            for r in 0..<data.count {
                for c in data.credits[r] {
                    let values: [Value] = [data.value(data.columnIndex["金额"] ?? 0, r), .number(Fixed(100)), .number(Fixed(2))]
                    var env = ResolvedEnvironment(state, c.unit, names)
                    env.record = DepositRecord(data, r)
                    env.bound = (values[0], values[1], values[2], .none)
                    env.boundCount = 3
                    var plain = UnitEnvironment(state: state, unit: c.unit)
                    for (k, name) in data.columnNames.enumerated() { plain.extra[name] = data.value(k, r) }
                    for (k, name) in bound.enumerated() { plain.extra[name] = values[k] }
                    let a = Result { () throws(EvaluationError) in try Evaluator.evaluate(expr, in: env) }
                    let b = Result { () throws(EvaluationError) in try Evaluator.evaluate(expr, in: plain) }
                    let c = Result { () throws(EvaluationError) in try names.evaluate(env) }
                    for (x, y) in [(a, b), (c, b)] {
                        switch (x, y) {
                        case let (.success(x), .success(y)): #expect(x == y, "\(text) at record \(r)")
                        case let (.failure(x), .failure(y)):
                            #expect(x.message == y.message, "\(text) at record \(r)")
                            #expect(x.range == y.range, "\(text) at record \(r)")
                        default: Issue.record("\(text) at record \(r): \(x) vs \(y)")
                        }
                    }
                }
            }
        }
    }
}

/// The column-at-a-time compiler agrees with the record-by-record path where records are none
/// or the expression fails: the same values, the same errors (the unsure records are handed
/// back to the record compiler).
@Suite struct ColumnPathTests {
    static let scheme = """
    scheme: {name: 列式计算, year: 2021, money: 元}
    data:
      projects:
        file: projects.csv
        key: 编号
        unit: 单位
        date: 签约日期
        columns: {编号: text, 单位: unit, 签约日期: date, 金额: number?, 标签: list}
    units:
      - {name: 甲}
      - {name: 乙}
    indicators:
      大额:
        from: projects
        where: 金额 >= 10 and not (金额 == 20)
        count: true
      半数:
        from: projects
        where: 标签 contains 'A' or 金额 < 5
        sum: default(金额, 100) * 50%
      有标签:
        from: projects
        where: 标签 contains 'B'
        sum: 金额 * 0.1
      过半:
        from: projects
        where: 金额 >= 金额 * 50% and 20 > 金额 - 1
        count: true
      二十:
        from: projects
        where: 金额 * 2 == 20 or 金额 / 4 == 10
        count: true
      A合计:
        from: projects
        where: 标签 contains 'A'
        sum: 金额
      一半:
        from: projects
        where: 金额 * 0.5 == 5 or 15 < 金额 * 0.5
        count: true
    """

    // 甲: 10 (A), 20 (B), none (A), 3; 乙: 40 (B), none (B).
    // 大额: 甲 10 → 1 (20 is excluded, none fails ≥); 乙 40 → 1.
    // 半数: 甲 A-10 → 5, A-none → default 100 → 50, 3 < 5 → 1.5: 56.5; 乙: none of A, 40 ≥ 5 → 0.
    // 有标签: 甲 20 × 0.1 = 2; 乙 40 × 0.1 = 4, then none × 0.1: an error naming 金额, on P6.
    // 过半: x ≥ x × 50% holds for every number x, and 20 > x − 1 for 10, 20 (19) and 3: 甲 3;
    //   乙 40 (20 > 39 fails) → 0. none × 50% is an error even though the left side is none
    //   (the evaluator computes both sides of a comparison): P3, P6.
    // 二十: 10 × 2 = 20 (P1) and 40 ÷ 4 = 10 (P5) count; none × 2 is an error (P3, P6).
    // A合计: 甲 P1 10, P3 none is an error ("the value to sum is empty"); 乙 0.
    // 一半 (the product on the left, then on the right): 10 × 0.5 = 5 (P1) and 40 × 0.5 = 20 > 15
    //   (P5) count; 20 × 0.5 = 10 and 3 × 0.5 = 1.5 do not; none × 0.5 is an error (P3, P6).
    static let projects = """
    编号,单位,签约日期,金额,标签
    P1,甲,2021-01-05,10,A
    P2,甲,2021-02-05,20,B
    P3,甲,2021-03-05,,A
    P4,甲,2021-04-05,3,
    P5,乙,2021-05-05,40,B
    P6,乙,2021-06-05,,B

    """

    @Test func valuesAndErrorsMatchTheRecordPath() throws {
        let fx = try Fixture(scheme: Self.scheme, files: ["projects.csv": Self.projects])
        defer { fx.remove() }
        let loaded = SchemeLoader.load(path: fx.schemePath)
        let scheme = try #require(loaded.scheme, "\(loaded.diagnostics)")
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: fx.dir, schemeDirectory: fx.dir).load(schemeBytes: []).get()
        var fast = Diagnostics(), slow = Diagnostics()
        let a = Engine(scheme: scheme, ledger: ledger).aggregate(asOf: nil, &fast)
        var reference = Engine(scheme: scheme, ledger: ledger)
        reference.interpretedAggregation = true
        let b = reference.aggregate(asOf: nil, &slow)
        #expect(a.values["大额"]?.map(\.description) == ["1", "1"])
        #expect(a.values["半数"]?.map(\.description) == ["56.5", "0"])
        #expect(a.values["有标签"]?.map(\.description) == ["2", "4"])
        #expect(a.values["过半"]?.map(\.description) == ["3", "0"])
        #expect(a.values["二十"]?.map(\.description) == ["1", "1"])
        #expect(a.values["一半"]?.map(\.description) == ["1", "1"])
        for key in b.values.keys { #expect(a.values[key] == b.values[key], "\(key)") }
        #expect(fast.errors.map(\.description) == slow.errors.map(\.description))
        #expect(a.values["A合计"]?.map(\.description) == ["10", "0"])
        // (有标签 P6; 过半, 二十 and 一半 P3 and P6; A合计 P3.)
        #expect(fast.errors.count == 8)
        #expect(fast.errors.filter { $0.message.contains("金额 is empty (none)") }.count == 7)
        #expect(fast.errors.filter { $0.message == "record P3: the value to sum is empty (none); use default(…, 0)" }.count == 1)
        // An empty column named by the error, or the column summed, is its place
        // (FILE:ROW:COLUMN-NAME). (The record path gives the same: above.)
        #expect(fast.errors.filter { $0.message.contains("金额 is empty (none)") }.allSatisfy { $0.location?.field == "金额" })
        #expect(fast.errors.first { $0.message.contains("the value to sum") }?.location?.field == "金额")
        #expect(Set(fast.errors.compactMap { $0.message.split(separator: ":").first.map(String.init) }) == ["record P3", "record P6"])
    }

    /// A ledger of more records than one core takes (100,000: two halves, one a core), for the
    /// column pass's split.
    static let bigScheme = """
    scheme: {name: 大台账, year: 2021, period: 2021-01-01 .. 2021-12-31, money: 元}
    data:
      projects:
        file: projects.csv
        key: 编号
        unit: 单位
        columns: {编号: text, 单位: unit, 金额: number?}
    units:
      - {name: 甲}
      - {name: 乙}
      - {name: 丙}
    indicators:
      合计:
        from: projects
        sum: 金额
      笔数:
        from: projects
        where: 金额 >= 3
        count: true
    """

    /// Record `i` (P0…): unit 甲 乙 丙 in turn; amount `i % 7`, but `amount` when given for it.
    static func bigLedger(_ n: Int, amount: (Int) -> String?) -> String {
        var s = "编号,单位,金额\n"
        let units = ["甲", "乙", "丙"]
        for i in 0..<n { s += "P\(i),\(units[i % 3]),\(amount(i) ?? String(i % 7))\n" }
        return s
    }

    static func aggregate(_ projects: String) throws -> (Engine.Aggregates, Diagnostics) {
        let fx = try Fixture(scheme: bigScheme, files: ["projects.csv": projects])
        defer { fx.remove() }
        let loaded = SchemeLoader.load(path: fx.schemePath)
        let scheme = try #require(loaded.scheme, "\(loaded.diagnostics)")
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: fx.dir, schemeDirectory: fx.dir).load(schemeBytes: []).get()
        var d = Diagnostics()
        let a = Engine(scheme: scheme, ledger: ledger).aggregate(asOf: nil, &d)
        return (a, d)
    }

    /// Records split between the cores: the sums are those of one pass, and the errors the first
    /// 50 in record order (whichever core met them), then how many more.
    @Test func splitPassGivesOnePassValuesAndErrors() throws {
        let n = 100_000
        // Every 997th record (P0, P997, …, P99703: 101 of them) has no amount: an error of the sum.
        let empty = { (i: Int) -> String? in i % 997 == 0 ? "" : nil }
        let (a, d) = try Self.aggregate(Self.bigLedger(n, amount: empty))
        var sums = [0, 0, 0], counts = [0, 0, 0]
        for i in 0..<n where i % 997 != 0 {
            sums[i % 3] += i % 7
            if i % 7 >= 3 { counts[i % 3] += 1 }
        }
        #expect(a.values["合计"]?.map(\.description) == sums.map(String.init))
        #expect(a.values["笔数"]?.map(\.description) == counts.map(String.init))
        let errors = d.errors.map(\.message)
        #expect(errors.count == 51)
        // The first 50 empty records in record order: P0, P997, …, P48853; then the rest counted.
        let expected = (0..<50).map { "record P\($0 * 997): the value to sum is empty (none); use default(…, 0)" }
        #expect(Array(errors.prefix(50)) == expected)
        #expect(errors.last?.hasPrefix("51 more errors in ") == true && errors.last?.hasSuffix("/projects.csv") == true)
        #expect(d.errors.first?.location?.line == 2)   // P0 is on the file's second line
    }

    /// A sum that overflows: where its error falls depends on the order records are added in,
    /// so the split between the cores must not depend on their timing (fixed halves): the same
    /// errors every time.
    @Test func anOverflowGivesTheSameErrorsEveryTime() throws {
        // Three records of 甲 (P0, P39999, P99999: each 3 × k) of 9 × 10^17 each: the total of
        // 2.7 × 10^18 does not fit a Fixed (at most about 1.7 × 10^18). In fixed halves, the
        // first half's second (P39999, line 40001) overflows, then the merge.
        let huge = { (i: Int) -> String? in i == 0 || i == 39_999 || i == 99_999 ? "900000000000000000" : nil }
        let ledger = Self.bigLedger(100_000, amount: huge)
        let (_, first) = try Self.aggregate(ledger)
        #expect(!first.errors.isEmpty)
        #expect(first.errors.contains { $0.message.contains("number too large") })
        // (Each run reads a fixture of its own: the errors compared without its directory.)
        func plain(_ d: Diagnostics) -> [String] {
            d.errors.map { "\($0.location?.line ?? 0): \($0.message.replacingOccurrences(of: #"/tmp/[^ ]*/"#, with: "", options: .regularExpression))" }
        }
        for _ in 0..<3 {
            let (_, again) = try Self.aggregate(ledger)
            #expect(plain(again) == plain(first))
        }
        #expect(plain(first) == ["40001: number too large (beyond ±1.7 × 10¹⁸)", "0: number too large (beyond ±1.7 × 10¹⁸) adding up projects.csv"])
    }

    /// An overflow that the first half meets (P0 and P39999, 9 × 10^17 each) though the whole
    /// sum, with P66000's −9 × 10^17, would fit: reported at P39999 every time, never lost to a
    /// split of the records that depends on the cores' timing (records handed out in ranges
    /// lost it in most runs).
    @Test func anOverflowOfOneHalfIsReportedEveryTime() throws {
        let amount = { (i: Int) -> String? in
            i == 0 || i == 39_999 ? "900000000000000000" : (i == 66_000 ? "-900000000000000000" : nil)
        }
        let ledger = Self.bigLedger(100_000, amount: amount)
        func plain(_ d: Diagnostics) -> [String] {
            d.errors.map { "\($0.location?.line ?? 0): \($0.message.replacingOccurrences(of: #"/tmp/[^ ]*/"#, with: "", options: .regularExpression))" }
        }
        for _ in 0..<3 {
            let (_, d) = try Self.aggregate(ledger)
            #expect(plain(d) == ["40001: number too large (beyond ±1.7 × 10¹⁸)"])
        }
    }

    /// The greatest of values that do not compare (a table of a number and a text): the one the
    /// first half met, every time (records handed out in ranges gave either, run by run).
    @Test func maxOfIncomparableValuesIsTheSameEveryTime() throws {
        let scheme = """
        scheme: {name: 混合, year: 2021, period: 2021-01-01 .. 2021-12-31, money: 元}
        tables:
          类表: {x: 1, y: 甲}
        data:
          projects:
            file: projects.csv
            key: 编号
            unit: 单位
            columns: {编号: text, 单位: unit, 类: text}
        units:
          - {name: 甲}
          - {name: 乙}
          - {name: 丙}
        indicators:
          最大:
            from: projects
            max: '类表[类]'
        """
        var s = "编号,单位,类\n"
        let units = ["甲", "乙", "丙"]
        for i in 0..<100_000 { s += "P\(i),\(units[i % 3]),\(i == 99_999 ? "y" : "x")\n" }
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": s])
        defer { fx.remove() }
        let loaded = SchemeLoader.load(path: fx.schemePath)
        let compiled = try #require(loaded.scheme, "\(loaded.diagnostics)")
        let ledger = try LedgerLoader(scheme: compiled, dataDirectory: fx.dir, schemeDirectory: fx.dir).load(schemeBytes: []).get()
        for _ in 0..<3 {
            var d = Diagnostics()
            let a = Engine(scheme: compiled, ledger: ledger).aggregate(asOf: nil, &d)
            #expect(!d.hasErrors, "\(d)")
            // P99999 (甲's, the only 'y') is in the second half: the first half's 1 is kept.
            #expect(a.values["最大"]?.first?.description == "1")
        }
    }

    /// When records may be handed to the cores in any order: only when no partial sum can
    /// overflow whatever the order (the credits times the largest term stay below 2^127 raw).
    @Test func orderCannotMatterOnlyBelowTheBound() throws {
        let one = UInt128(Fixed.one)
        func check(_ yuan: UInt128, _ credits: CreditTable) -> Bool { DatasetAggregator.orderCannotMatter(yuan * one, credits) }
        let whole = DatasetData.Credit(unit: 0, share: Fixed(1))
        // 2,000 records crediting one unit each, amounts up to 5 × 10^9 元: 2,000 × 5 × 10^29 =
        // 10^33 < 1.7 × 10^38 (raw).
        let singles = CreditTable(Array(repeating: [whole], count: 2_000))
        let fits = check(5_000_000_000, singles)
        #expect(fits)
        // 9 × 10^17 元 (an ID pasted as an amount): 2,000 × 9 × 10^37 > 1.7 × 10^38.
        let pasted = check(900_000_000_000_000_000, singles)
        #expect(!pasted)
        // 1.6 × 10^18 元 fits one credit (1.6 × 10^38 + 1 raw), not two.
        let one1 = check(1_600_000_000_000_000_000, CreditTable([[whole]]))
        let two = check(1_600_000_000_000_000_000, CreditTable([[whole], [whole]]))
        #expect(one1 && !two)
        // Shares above 1 (150 %) count rounded up to 2: 10^17 元 × 2 × 1,000 credits > bound;
        // 10^14 元 × 2 × 1,000 fits.
        let big = try #require(Fixed(parsing: "1.5"))
        let shared = CreditTable(Array(repeating: [DatasetData.Credit(unit: 0, share: big), DatasetData.Credit(unit: 1, share: big)], count: 500))
        let large = check(100_000_000_000_000_000, shared), small = check(100_000_000_000_000, shared)
        #expect(!large && small)
        // A product that reaches 2^128 − 1 exactly (a share of 300 % times (2^128 − 1) / 3): no
        // trap on the rounding's + 1, just no.
        let edge = DatasetAggregator.orderCannotMatter(UInt128.max / 3, CreditTable([[DatasetData.Credit(unit: 0, share: Fixed(3))]]))
        #expect(!edge)
    }

    @Test func productByAConstantIsFixedMultiplication() {
        // ConstantFactor must round exactly as Fixed.multiplied: half away from zero at the
        // 20th place, and fail where it fails. 0.5 × 0.00000000000000000001 = 0.000000000000000000005 → …01.
        let constants = ["0.5", "-0.5", "1‰", "50%", "3", "-2", "0.1", "0.00000000000000000001", "123456.789", "-0.07"]
        var xs = ["0", "1", "-1", "0.00000000000000000001", "-0.00000000000000000001", "0.00000000000000000005",
                  "1510", "12345678.9", "-98765.4321", "1000000000000000000", "-1700000000000000000", "0.33333333333333333333"]
        for k in 0..<200 { xs.append(String(k * 7919 % 100003) + "." + String(k * 31 % 97)) }
        for c in constants.compactMap({ Fixed(parsing: $0) }) {
            let f = ConstantFactor(c)
            for x in xs.compactMap({ Fixed(parsing: $0) }) {
                for v in [x, -x, Fixed(raw: x.raw / 3), Fixed(raw: x.raw &* 7)] {
                    #expect(f.times(v) == (try? v.multiplied(by: c)), "\(v) × \(c)")
                }
            }
        }
    }

    @Test func orderWithAProductIsTheOrderWithTheProductComputed() {
        // `order(a, timesOf: x)` is the order of a and x × c without dividing: for every a
        // around x × c (one unit of 10⁻²⁰ off, either way, and at it), and for products that
        // round: 0.5 × 3e-20 = 1.5e-20 → 2e-20 (half away from zero); −0.5 × 3e-20 → −2e-20.
        let constants = ["0.5", "-0.5", "1‰", "50%", "0.1", "0.00000000000000000001", "123456.789", "-0.07", "0.333"]
        var xs = ["0", "1", "-1", "0.00000000000000000001", "0.00000000000000000003", "-0.00000000000000000003",
                  "1510", "12345678.9", "-98765.4321", "1000000000000000000", "-1700000000000000000", "0.33333333333333333333"]
        for k in 0..<100 { xs.append(String(k * 7919 % 100003) + "." + String(k * 31 % 97)) }
        var compared = 0
        for c in constants.compactMap({ Fixed(parsing: $0) }) {
            let f = ConstantFactor(c)
            for x in xs.compactMap({ Fixed(parsing: $0) }) {
                for v in [x, -x, Fixed(raw: x.raw / 3)] {
                    guard let product = f.times(v) else { continue }
                    for a in [product.raw - 1, product.raw, product.raw + 1, product.raw / 2, -product.raw, 0] {
                        guard let order = f.order(Fixed(raw: a), timesOf: v) else { continue }
                        let expected = a < product.raw ? -1 : (a > product.raw ? 1 : 0)
                        #expect(order == expected, "\(Fixed(raw: a)) against \(v) × \(c)")
                        compared += 1
                    }
                }
            }
        }
        // Only the largest values' products (about 10¹⁸ × 10⁵) give up; the rest are compared.
        #expect(compared > 3_000)
        // 0.5 × 3e-20 = 1.5e-20, rounded to 2e-20: 2e-20 equals it, 1e-20 is below it.
        let half = ConstantFactor(Fixed(parsing: "0.5")!)
        #expect(half.order(Fixed(raw: 2), timesOf: Fixed(raw: 3)) == 0)
        #expect(half.order(Fixed(raw: 1), timesOf: Fixed(raw: 3)) == -1)
        #expect(half.order(Fixed(raw: -2), timesOf: Fixed(raw: -3)) == 0)
        #expect(half.order(Fixed(raw: -1), timesOf: Fixed(raw: -3)) == 1)
        // A whole constant is left to `times` (a multiplication alone).
        #expect(ConstantFactor(Fixed(3)).order(Fixed(1), timesOf: Fixed(1)) == nil)
    }
}

@Suite struct RounderTests {
    @Test func roundsAsFixedRounded() {
        // Half away from zero at every number of places: 0.125 → 0.13, −0.125 → −0.13, 2.5 → 3.
        let xs = ["0.125", "-0.125", "2.5", "-2.5", "0.005", "0.00499999999999999999", "123456789.123456789",
                  "-0.00000000000000000001", "0", "1700000000000000000", "-1700000000000000000", "0.99999999999999999999"]
        for x in xs.compactMap({ Fixed(parsing: $0) }) {
            for places in [-1, 0, 1, 2, 4, 19, 20, 25] {
                #expect(Rounder(places: places).round(x) == x.rounded(places: places), "\(x) to \(places)")
            }
        }
        #expect(Rounder(places: 2).round(Fixed(parsing: "0.125")!).description == "0.13")
    }
}
