import Testing
import Foundation
import Kaohe

/// A township scheme in the style of the seeds: each 攻坚组 member pays a risk deposit by role
/// (组长 6000, 副组长 4000, 组员 2000) and loses 1500 / 1000 / 500 for each quarter without a
/// qualifying project (达标项目: 到位资金 ≥ 500万); at year end the rest is refunded in full if
/// the year's task (3 达标项目) is met, half of it if 2 are, nothing otherwise.
let townshipScheme = """
scheme: {name: 某镇2021年度招商攻坚考核, year: 2021, money: 元}
tables:
  季度扣减: {组长: 1500, 副组长: 1000, 组员: 500}
  引荐费率: [[0, 1%], [100万, 2%], [500万, 3%]]
data:
  projects:
    file: projects.csv
    key: 编号
    unit: 攻坚组
    date: 签约日期
    columns: {编号: text, 攻坚组: unit, 签约日期: date, 到位资金: 万元}
  deposits:
    file: deposits.csv
    columns: {攻坚组: unit, 姓名: text, 职务: text, 金额: 元}
units:
  - {name: 一组}
  - {name: 二组}
  - {name: 三组}
indicators:
  达标项目:
    from: projects
    where: 到位资金 >= 500万
    count: true
    target: 3
    points: 100
    score: proportional
deposits:
  from: deposits
  basis: 达标项目
  settle:
    - when: basis >= 3
      refund: amount - deducted
    - when: basis >= 2
      refund: (amount - deducted) * 50%
    - refund: 0
  deduct:
    every: quarter
    when: 达标项目 == 0
    amount: 季度扣减[职务]
rewards:
  全额奖励:
    from: projects
    sum: bracket(到位资金, 引荐费率)
  超额累进奖励:
    from: projects
    sum: marginal(到位资金, 引荐费率)
"""

// 一组: qualifying projects in Q1, Q2, Q4 (3: task met), none in Q3.
// 二组: Q1 and Q1 again (2), none in Q2, Q3, Q4.
// 三组: one project of 300万 in Q2 (not qualifying): no qualifying quarter at all.
let townshipProjects = """
编号,攻坚组,签约日期,到位资金
A1,一组,2021-02-10,600
A2,一组,2021-05-20,800
A3,一组,2021-11-02,550
B1,二组,2021-01-15,500
B2,二组,2021-03-30,1200
C1,三组,2021-06-01,300

"""

let townshipDeposits = """
攻坚组,姓名,职务,金额
一组,张组长,组长,6000
一组,李副组长,副组长,4000
一组,王组员,组员,2000
二组,赵组长,组长,6000
二组,钱组员,组员,2000
三组,孙组长,组长,6000

"""

@Suite struct OutcomeTests {
    func township() throws -> Assessment {
        let fx = try Fixture(scheme: townshipScheme, files: ["projects.csv": townshipProjects, "deposits.csv": townshipDeposits])
        defer { fx.remove() }
        return try fx.assess().unwrap()
    }

    func deposit(_ a: Assessment, _ unit: String, _ name: String) -> DepositResult? {
        a.unit(unit)?.deposits.first { $0.name == name }
    }

    @Test func taskMetRefundsAllButTheDeductions() throws {
        let a = try township()
        // 一组: Q3 empty → 组长 6000 − 1500 = 4500; 副组长 4000 − 1000 = 3000; 组员 2000 − 500 = 1500.
        let z = try #require(deposit(a, "一组", "张组长"))
        #expect(z.deducted.description == "1500")
        #expect(z.deductedIn == ["2021Q3"])
        #expect(z.refund.description == "4500")
        #expect(z.forfeit.description == "1500")
        #expect(deposit(a, "一组", "李副组长")?.refund.description == "3000")
        #expect(deposit(a, "一组", "王组员")?.refund.description == "1500")
    }

    @Test func halfRefundAfterThreeEmptyQuarters() throws {
        let a = try township()
        // 二组: Q2, Q3, Q4 empty → 组长 deducted 3 × 1500 = 4500; 2 达标项目 → (6000 − 4500) × 50% = 750.
        let z = try #require(deposit(a, "二组", "赵组长"))
        #expect(z.deductedIn == ["2021Q2", "2021Q3", "2021Q4"])
        #expect(z.deducted.description == "4500")
        #expect(z.refund.description == "750")
        #expect(z.forfeit.description == "5250")
        // 组员: (2000 − 3 × 500) × 50% = 250.
        #expect(deposit(a, "二组", "钱组员")?.refund.description == "250")
    }

    @Test func taskMissedForfeitsAll() throws {
        let a = try township()
        // 三组: four empty quarters → deducted 4 × 1500 = 6000; 0 达标项目 → refund 0, all forfeited.
        let z = try #require(deposit(a, "三组", "孙组长"))
        #expect(z.deducted.description == "6000")
        #expect(z.refund.description == "0")
        #expect(z.forfeit.description == "6000")
    }

    @Test func deductionsOnlyForQuartersEndedByAsOf() throws {
        let fx = try Fixture(scheme: townshipScheme, files: ["projects.csv": townshipProjects, "deposits.csv": townshipDeposits])
        defer { fx.remove() }
        let a = try fx.assess(asOf: Day(year: 2021, month: 8, day: 31)).unwrap()
        // By 2021-08-31 only Q1 and Q2 have ended: 二组 lost Q2 only (1500); 三组 Q1 and Q2 (3000).
        #expect(deposit(a, "二组", "赵组长")?.deductedIn == ["2021Q2"])
        #expect(deposit(a, "三组", "孙组长")?.deducted.description == "3000")
    }

    @Test func wholeAmountVersusMarginalTiers() throws {
        let a = try township()
        // Per project, whole amount (bracket) vs marginal slices, rates 1% < 100万 ≤ 2% < 500万 ≤ 3%:
        // A1 600万: bracket 600万 × 3% = 18万; marginal 100万×1% + 400万×2% + 100万×3% = 1 + 8 + 3 = 12万
        // A2 800万: bracket 24万; marginal 1 + 8 + 9 = 18万
        // A3 550万: bracket 16.5万; marginal 1 + 8 + 1.5 = 10.5万
        // 一组: bracket 58.5万 = 585,000; marginal 40.5万 = 405,000.
        let r = try #require(a.unit("一组")?.rewards)
        #expect(r.first { $0.name == "全额奖励" }?.amount.description == "585000")
        #expect(r.first { $0.name == "超额累进奖励" }?.amount.description == "405000")
        // 三组: 300万 → bracket 300万 × 2% = 6万; marginal 1万 + 200万 × 2% = 5万.
        let c = try #require(a.unit("三组")?.rewards)
        #expect(c.first { $0.name == "全额奖励" }?.amount.description == "60000")
        #expect(c.first { $0.name == "超额累进奖励" }?.amount.description == "50000")
    }

    @Test func rewardMaxWhenByRankAndVeto() throws {
        let fx = try Fixture(scheme: formScheme("""
          到位资金:
            from: projects
            where: 来源 in ['省外', '境外']
            sum: 到位资金
            points: 100
            score: proportional
        """, extra: """
        vetoes:
          否决: {value: 'if(unit == ''丙镇'', 1, 0)'}
        rewards:
          引资奖励: {amount: 到位资金 * 1%, max: 10万, when: total >= 40}
          名次奖: {by_rank: {1: 3万, 2: 2万}}
        penalties:
          通报: total < 50
          取消资格: {when: 到位资金.rate < 50%, blocks_titles: true}
        titles:
          先进: total >= 40
        """), files: ["projects.csv": formProjects])
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        // 甲镇 1100万 × 1% = 11万 → max 10万; rank 1 → 3万.
        #expect(a.unit("甲镇")?.rewards.map(\.amount.description) == ["100000", "30000"])
        // 乙镇 total 42 ≥ 40: 420万 × 1% = 42,000; rank 2 (丙镇 is vetoed, so last) → 2万.
        #expect(a.unit("乙镇")?.rewards.map(\.amount.description) == ["42000", "20000"])
        // 丙镇 is vetoed: no rewards, no titles.
        #expect(a.unit("丙镇")?.rewards.isEmpty == true)
        #expect(a.unit("丙镇")?.titles == [])
        // Penalties: 乙镇 42 < 50 → 通报; rate 42% < 50% → 取消资格, which blocks its title 先进.
        #expect(a.unit("乙镇")?.penalties == ["通报", "取消资格"])
        #expect(a.unit("乙镇")?.titles == [])
        #expect(a.unit("甲镇")?.titles == ["先进"])
    }
}

@Suite struct TestCommandTests {
    @Test func shippedCasesPass() {
        let r = run(["test", packageRoot.appendingPathComponent("rules/county-2021.test.yaml").path])
        #expect(r.status == 0)
        #expect(r.out == "51 passed, 0 failed\n")
    }

    @Test func independentReferenceCasesPass() {
        // samples/county-2021/cases.yaml was written by reference.py, a separate scorer of the scheme.
        let r = run(["test", packageRoot.appendingPathComponent("samples/county-2021/cases.yaml").path])
        #expect(r.status == 0)
        #expect(r.out.hasSuffix(" passed, 0 failed\n"))
    }

    @Test func failingExpectationsArePrintedAndExitOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scheme = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let cases = dir.appendingPathComponent("cases.yaml")
        try """
        scheme: \(scheme)
        expect:
          城关镇: {total: 80.7, rank: 1, grade: 良好, rewards.引资奖励: 20万}
          河口镇: {vetoed: true, titles: [先进]}
          无名镇: {total: 1}
        """.write(to: cases, atomically: true, encoding: .utf8)
        let r = run(["test", cases.path])
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("城关镇 total: expected 80.70, got 116.00"))
        #expect(lines.contains("城关镇 grade: expected 良好, got 优秀"))
        #expect(lines.contains("河口镇 titles: expected [先进], got []"))
        #expect(lines.contains("\(cases.path):5:3: error: unknown unit '无名镇'"))
        #expect(lines.last == "3 passed, 4 failed")
    }
}
