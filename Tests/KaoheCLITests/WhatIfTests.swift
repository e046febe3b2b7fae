import Testing
import Foundation
import Kaohe
import KaoheIO
import KaoheReports
@testable import KaoheCLI

@Suite struct MergeTests {
    func doc(_ yaml: String) throws -> DocNode { try YAMLDocument.parse(yaml, file: "t.yaml").get() }

    @Test func mapsMergeListsReplaceNewKeysAdd() throws {
        let base = try doc("a: {b: 1, c: {d: 2, e: 3}}\nl: [1, 2, 3]\n")
        let over = try doc("a: {c: {e: 30, f: 4}}\nl: [9]\nn: new\n")
        let m = DocMerge.merge(base, over)
        #expect(DocMerge.text(m) == "{a: {b: 1, c: {d: 2, e: 30, f: 4}}, l: [9], n: new}")
        // The changed value keeps the overlay's position: errors point into the variant file.
        #expect(DocMerge.node(m, at: ["a", "c", "e"])?.location.line == 1)
        #expect(DocMerge.differences(base, m).map { "\($0.path): \($0.before ?? "~") → \($0.after ?? "~")" }
                == ["a.c.e: 3 → 30", "a.c.f: ~ → 4", "l: [1, 2, 3] → [9]", "n: ~ → new"])
    }

    @Test func setPaths() throws {
        let base = try doc("indicators:\n  到位资金: {points: 40, score: proportional}\ngrades:\n  - {grade: 优, when: total >= 90}\n")
        let v = try VariantLoader.parseSet("indicators.到位资金.points=50").get()
        let m = try DocMerge.set(base, path: v.0, to: v.1).get()
        #expect(DocMerge.node(m, at: ["indicators", "到位资金", "points"]).map(DocMerge.text) == "50")
        // A new last key is added; a list is indexed by number.
        let cap = try VariantLoader.parseSet("indicators.到位资金.cap=110%").get()
        let m2 = try DocMerge.set(m, path: cap.0, to: cap.1).get()
        #expect(DocMerge.node(m2, at: ["indicators", "到位资金", "cap"]).map(DocMerge.text) == "110%")
        let g = try VariantLoader.parseSet("grades.0.when=total >= 85").get()
        let m3 = try DocMerge.set(m2, path: g.0, to: g.1).get()
        #expect(DocMerge.node(m3, at: ["grades", "0", "when"]).map(DocMerge.text) == "total >= 85")
        // A flow list as a value.
        let steps = try VariantLoader.parseSet("indicators.到位资金.score={steps: [[50%, 10], [100%, 40]]}").get()
        #expect(DocMerge.text(steps.1) == "{steps: [[50%, 10], [100%, 40]]}")
    }

    @Test func typoInPathSuggests() throws {
        let base = try doc("indicators:\n  到位资金: {points: 40}\n")
        let v = try VariantLoader.parseSet("indicator.到位资金.points=50").get()
        guard case .failure(let e) = DocMerge.set(base, path: v.0, to: v.1) else {
            Issue.record("a typo'd path must fail")
            return
        }
        #expect(e.message == "no key 'indicator' here")
        #expect(e.suggestion == "indicators")
        let w = try VariantLoader.parseSet("indicators.到位资.points=50").get()
        guard case .failure(let e2) = DocMerge.set(base, path: w.0, to: w.1) else { return }
        #expect(e2.path == ["indicators", "到位资"])
        #expect(e2.suggestion == "到位资金")
    }

    @Test func setValueErrorsPointIntoTheOption() throws {
        // A typo'd last key is added and then caught by the compiler, at the option's column.
        let scheme = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let r = run(["whatif", scheme, "--set", "indicators.省外到位资金.caps=110%"])
        #expect(r.status == 1)
        #expect(r.err.contains("unknown key 'caps' in item 省外到位资金"))
        #expect(r.err.contains("did you mean 'cap'?"))
        // A whole item set to null: the error about the item is at the option, not in the base file.
        let null = run(["whatif", scheme, "--set", "bonuses.重大项目=null"])
        #expect(null.status == 1)
        #expect(null.err.hasPrefix("--set bonuses.重大项目:1:"))
        #expect(null.err.contains("item 重大项目 has no value"))
        // A sweep's typo is reported at its --vary option.
        let vary = run(["sweep", scheme, "--vary", "indicators.省外到位资金.pointz=20..40/10"])
        #expect(vary.status == 1)
        #expect(vary.err.contains("\n--vary indicators.省外到位资金.pointz:1:"))
        #expect(vary.err.contains("did you mean 'points'?"))
    }
}

/// A small scheme for what-if by hand: 到位资金 (proportional) and 项目数 (each), three units.
let whatIfScheme = """
scheme: {name: 测试, year: 2021, money: 万元}
data:
  projects:
    file: projects.csv
    key: 编号
    unit: 单位
    date: 日期
    columns: {编号: text, 单位: unit, 日期: date, 到位资金: 万元, 来源: text}
  deposits:
    file: deposits.csv
    columns: {单位: unit, 姓名: text, 职务: text, 金额: 元}
units:
  - {name: 甲镇, group: 一类}
  - {name: 乙镇, group: 一类}
  - {name: 丙镇, group: 一类}
groups:
  一类: {targets: {到位资金: 1000万}}
indicators:
  到位资金:
    from: projects
    where: 来源 in ['省外', '境外']
    sum: 到位资金
    points: 60
    score: proportional
  项目数:
    from: projects
    count: true
    points: 40
    score: {each: 10, max: 40}
grades:
  - {grade: 优秀, when: total >= 80}
  - {grade: 合格}
deposits:
  from: deposits
  basis: 到位资金.rate
  settle:
    - {when: basis >= 100%, refund: amount}
    - refund: amount * basis
rewards:
  名次奖: {by_rank: {1: 1万}}
"""

let whatIfDeposits = "单位,姓名,职务,金额\n甲镇,张三,书记,5000\n乙镇,李四,书记,5000\n丙镇,王五,书记,5000\n"

@Suite struct WhatIfTests {
    func base(_ fx: Fixture) throws -> ScenarioBase {
        let cap = CapturedIO()
        guard let b = ScenarioBase.load(fx.schemePath, data: nil, asOf: nil, io: cap.io()) else {
            throw FixtureError(text: cap.stderr)
        }
        return b
    }

    @Test func handComputedRankSwapAndDeposit() throws {
        let fx = try Fixture(scheme: whatIfScheme, files: ["projects.csv": formProjects, "deposits.csv": whatIfDeposits])
        defer { fx.remove() }
        let b = try base(fx)
        // Before: 甲镇 到位资金 1100万 → 60 × 100% = 60; 3 projects → 30; total 90.
        //         乙镇 420万 → 25.2; 1.6 projects → 16; total 41.2.   丙镇 780万 → 46.8; 1.4 → 14; 60.8.
        // After points 到位资金 = 20 and 项目数 max 80 (each 10 → uncapped): 甲镇 20 + 30 = 50,
        //         乙镇 8.4 + 16 = 24.4, 丙镇 15.6 + 14 = 29.6 — no swap yet; with each: 40 instead:
        //         甲镇 20 + min(120, 80) = 100; 乙镇 8.4 + 64 = 72.4; 丙镇 15.6 + 56 = 71.6 → 乙镇 passes 丙镇.
        let doc = try VariantLoader.document(base: b.document, schemePath: fx.schemePath, variantPath: nil,
                                             sets: ["indicators.到位资金.points=20", "indicators.项目数.score={each: 40, max: 80}"]).get()
        let after = try b.score(doc).get()
        let r = WhatIfResult.compare((try #require(b.assessment)), after, changes: [])
        func unit(_ n: String) -> UnitDiff? { r.units.first { $0.unit == n } }
        #expect(unit("甲镇")?.before.total.description == "90")
        #expect(unit("甲镇")?.after.total.description == "100")
        #expect(unit("乙镇")?.before.rank == 3)
        #expect(unit("乙镇")?.after.rank == 2)
        #expect(unit("丙镇")?.after.rank == 3)
        #expect(unit("乙镇")?.after.total.description == "72.4")
        // Why 乙镇 moved: 项目数 16 → 64 (+48) before 到位资金 25.2 → 8.4 (−16.8).
        #expect(unit("乙镇")?.why.map(\.item) == ["项目数", "到位资金"])
        // 乙镇's grade 合格 → 优秀 (72.4 < 80: no) — stays 合格; 甲镇 stays 优秀.
        #expect(unit("乙镇")?.outcomes.contains { $0.key == "grade" } == false)
        // Deposits depend on the rate only: unchanged.
        #expect(unit("乙镇")?.outcomes.contains { $0.key.hasPrefix("deposits") } == false)
    }

    /// A sweep keeps no assessment of its base but fails on the errors scoring it gives: a
    /// penalty that divides by zero for every unit, and a deposit refund that does for the two
    /// units below 100 % (乙镇 42 %, 丙镇 78 %; 甲镇 refunds the whole amount), the latter with
    /// an item whose target is 0 (a warning for each unit). Its errors and warnings are
    /// `score`'s, in the same order, and it exits 1.
    @Test func sweepFailsOnTheBasesErrors() throws {
        let penalty = whatIfScheme + "\npenalties:\n  坏: 到位资金 / (项目数 - 项目数) > 1\n"
        let refund = whatIfScheme.replacingOccurrences(of: "refund: amount * basis", with: "refund: amount / (basis - basis)")
            .replacingOccurrences(of: "grades:", with: "  无目标: {from: projects, sum: 到位资金, points: 10, target: 0, score: proportional}\ngrades:")
        for (scheme, errors) in [(penalty, ["penalty 坏 for 甲镇", "penalty 坏 for 乙镇", "penalty 坏 for 丙镇"]),
                                 (refund, ["refund for 乙镇", "refund for 丙镇"])] {
            let fx = try Fixture(scheme: scheme, files: ["projects.csv": formProjects, "deposits.csv": whatIfDeposits])
            defer { fx.remove() }
            let score = run(["score", fx.schemePath])
            let sweep = run(["sweep", fx.schemePath, "--vary", "indicators.到位资金.points=20..40/10"])
            #expect(score.status == 1 && sweep.status == 1)
            #expect(sweep.out.isEmpty)
            #expect(sweep.err == score.err)
            if scheme == refund { #expect(sweep.err.contains("warning: 无目标 for 乙镇: no completion rate")) }
            let found = sweep.err.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(found.count == errors.count)
            for (line, error) in zip(found, errors) {
                #expect(line.contains(error + ": division by zero"), "\(line)")
            }
        }
    }

    @Test func targetChangeMovesADeposit() throws {
        let fx = try Fixture(scheme: whatIfScheme, files: ["projects.csv": formProjects, "deposits.csv": whatIfDeposits])
        defer { fx.remove() }
        let b = try base(fx)
        // Target 1000万 → 800万: 丙镇 780万 → 97.5%: refund 5000 × 97.5% = 4875 (was 5000 × 78% = 3900).
        let doc = try VariantLoader.document(base: b.document, schemePath: fx.schemePath, variantPath: nil,
                                             sets: ["groups.一类.targets.到位资金=800万"]).get()
        let r = WhatIfResult.compare((try #require(b.assessment)), try b.score(doc).get(), changes: [])
        let c = try #require(r.units.first { $0.unit == "丙镇" })
        #expect(c.outcomes.contains(UnitDiff.OutcomeChange(key: "deposits.王五.refund", before: "3900", after: "4875")))
        #expect(c.outcomes.contains(UnitDiff.OutcomeChange(key: "deposits.王五.forfeit", before: "1100", after: "125")))
    }

    @Test func variantFileAndJSON() throws {
        let fx = try Fixture(scheme: whatIfScheme, files: ["projects.csv": formProjects, "deposits.csv": whatIfDeposits,
                                                          "variant.yaml": "base: scheme.yaml\nindicators:\n  到位资金: {points: 80}\n"])
        defer { fx.remove() }
        let r = run(["whatif", fx.schemePath, fx.dir.appendingPathComponent("variant.yaml").path, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("{\n  \"changes\": ["))
        #expect(r.out.contains("\"path\": \"indicators.到位资金.points\""))
        #expect(r.out.contains("\"before\": \"60\""))
        #expect(r.out.contains("\"after\": \"80\""))
        #expect(r.out == run(["whatif", fx.schemePath, fx.dir.appendingPathComponent("variant.yaml").path, "--format", "json"]).out)
    }

    @Test func variantOfAnotherBaseSaysWhichFiles() throws {
        // `base:` is relative to the variant's folder: `other/scheme.yaml` there is not the
        // scheme given, and the error shows both paths as resolved.
        let fx = try Fixture(scheme: whatIfScheme, files: ["projects.csv": formProjects, "deposits.csv": whatIfDeposits,
                                                          "variant.yaml": "base: other/scheme.yaml\nindicators:\n  到位资金: {points: 80}\n"])
        defer { fx.remove() }
        let r = run(["whatif", fx.schemePath, fx.dir.appendingPathComponent("variant.yaml").path])
        #expect(r.status == 1)
        #expect(r.err.contains("variant.yaml:1:7: error: the variant's base is other/scheme.yaml ("))
        #expect(r.err.contains("/other/scheme.yaml), not the scheme given ("))
        #expect(r.err.contains("hint: base: is read relative to the variant file's folder"))
        #expect(r.out.isEmpty)
    }

    /// Re-scoring from cached aggregates gives exactly what a fresh run of the variant gives,
    /// for every kind of unit-level change (and for a change that re-reads a dataset).
    @Test(arguments: [
        "indicators.省外到位资金.points=40",
        "indicators.省外到位资金.cap=150%",
        "indicators.省外到位资金.floor=70%",
        "indicators.亿元项目.score={steps: [[50%, 4], [100%, 15]]}",
        "groups.一类乡镇.targets.省外到位资金=3.5亿",
        "grades.0.when=total >= 100",
        "ranking.ties=order",
        // The keys after the first (a count with many ties) read from the base's very arrays,
        // but one sorted the other way, or in another order: the base's kept order of them
        // must not be used.
        "ranking.by=[亿元项目 desc, 省外到位资金.rate asc, 亿元项目 desc]",
        "ranking.by=[亿元项目 desc, 亿元项目 desc, 省外到位资金.rate desc]",
        "deposits.settle.1.refund=amount * 90%",
        "rewards.排名奖励.by_rank={1: 8万, 2: 4万}",
        "penalties.通报批评=total < 70",
        "titles.招商引资先进单位=rank <= 3",
        "total.bonus_cap=5",
        "indicators.省外到位资金.where=资金来源 in ['省外']",
        // A table that a reward's aggregate reads (`sum: marginal(到位资金, 引荐奖励费率)`):
        // its sums are worked out again, not reused (they once were, with the old rates).
        "tables.引荐奖励费率.0.1=5‰",
        // Which units an item applies to, and what the deposits' deductions count per quarter:
        // made for the base's rules, so such variants are scored afresh.
        "indicators.新入统项目.groups=[一类乡镇]",
        "deposits.deduct.when=亿元项目 == 0",
        "deposits.deduct.every=month",
        "deposits.deduct.amount=季度扣减[职务] * 2",
        // A grade renamed: the units keep their places, under the new name.
        "grades.0.grade=特优",
    ])
    func cachedEqualsFresh(_ set: String) throws {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(path, data: nil, asOf: nil, io: cap.io()))
        let doc = try VariantLoader.document(base: b.document, schemePath: path, variantPath: nil, sets: [set]).get()
        let cached = try b.score(doc).get()
        // Fresh: compile the variant and run everything from the ledger files.
        let compiled = SchemeCompiler.compile(doc, file: path)
        let scheme = try #require(compiled.scheme)
        let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: b.directory, override: nil)
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: b.directory).load(schemeBytes: []).unwrap()
        var fresh = try Engine(scheme: scheme, ledger: ledger).assess().unwrap()
        fresh.fingerprint = cached.fingerprint
        #expect(AssessmentJSON.render(cached) == AssessmentJSON.render(fresh))
        #expect(AssessmentJSON.render(cached) != AssessmentJSON.render((try #require(b.assessment))))
    }
}

@Suite struct SweepTests {
    @Test func rangeValues() throws {
        #expect(SweepRange.parse("20..50/10")?.values == ["20", "30", "40", "50"])
        #expect(SweepRange.parse("5亿..6亿/0.5亿")?.values == ["5亿", "5.5亿", "6亿"])
        #expect(SweepRange.parse("100%..120%/5%")?.values == ["100%", "105%", "110%", "115%", "120%"])
        #expect(SweepRange.parse("50..20/5") == nil)
        // Written from the high end down: the command says so and gives the range upwards.
        #expect(SweepCommand.upwards("50..20/5") == "20..50/5")
        #expect(SweepCommand.upwards("6亿..5亿/0.5亿") == "5亿..6亿/0.5亿")
        #expect(SweepCommand.upwards("20..50/5") == nil && SweepCommand.upwards("50..20") == nil && SweepCommand.upwards("x..y/1") == nil)
        let county = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let down = run(["sweep", county, "--vary", "indicators.省外到位资金.points=50..20/5"])
        #expect(down.status != 0 && down.out.isEmpty)
        #expect(down.err.contains("error: --vary indicators.省外到位资金.points=50..20/5: FROM is larger than TO; write the range upwards: indicators.省外到位资金.points=20..50/5"))
        #expect(SweepRange.parse("20..50") == nil)
    }

    @Test func tippingPointsKnownByHand() throws {
        let fx = try Fixture(scheme: whatIfScheme, files: ["projects.csv": formProjects, "deposits.csv": whatIfDeposits])
        defer { fx.remove() }
        // Vary 项目数's each over 10, 20, 30, 40 (max 80): totals
        //   甲镇: 60 + min(3e, 80)  → 90, 120, 140, 140
        //   乙镇: 25.2 + min(1.6e, 80) → 41.2, 57.2, 73.2, 89.2
        //   丙镇: 46.8 + min(1.4e, 80) → 60.8, 74.8, 88.8, 102.8
        // Ranks: 乙镇 is 3rd throughout; 丙镇 2nd throughout; no rank change. Grades (≥ 80 优秀):
        //   丙镇 合格 → 优秀 at 30; 乙镇 合格 → 优秀 at 40. So tipping points at 30 (丙镇) and 40 (乙镇).
        let r = run(["sweep", fx.schemePath, "--vary", "indicators.项目数.score.each=10..40/10", "--format", "json"])
        #expect(r.status == 0)
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(fx.schemePath, data: nil, asOf: nil, io: cap.io()))
        var points: [SweepPoint] = []
        for v in ["10", "20", "30", "40"] {
            let doc = try VariantLoader.document(base: b.document, schemePath: fx.schemePath, variantPath: nil,
                                                 sets: ["indicators.项目数.score.each=\(v)", "indicators.项目数.score.max=80"]).get()
            points.append(SweepResult.point(try b.score(doc).get(), values: [v], gradeOrder: ["优秀", "合格"]))
        }
        #expect(points.map { $0.units.first { $0.unit == "丙镇" }?.total.description } == ["60.8", "74.8", "88.8", "102.8"])
        let tips = SweepResult.tipping(points)
        #expect(tips.map(\.values) == [["30"], ["40"]])
        #expect(tips[0].changes.map { "\($0.unit) \($0.what) \($0.before)→\($0.after)" } == ["丙镇 grade 合格→优秀"])
        #expect(tips[1].changes.map { "\($0.unit) \($0.what) \($0.before)→\($0.after)" } == ["乙镇 grade 合格→优秀"])
        #expect(points.map { $0.grades.map(\.count) } == [[1, 2], [1, 2], [2, 1], [3, 0]])
    }
}

/// The sweep kernel (points scored from the base's scored state, outcomes kept where nothing
/// they read changed) gives exactly the point a fresh, full scoring of the variant gives.
@Suite struct SweepKernelTests {
    static let county = packageRoot.appendingPathComponent("rules/county-2021.yaml").path

    /// One point as JSON (what every sweep format is made of).
    func json(_ p: SweepPoint) -> String {
        SweepReport.json(SweepResult(parameters: ["x"], points: [p], tippingPoints: [], units: []))
    }

    /// Kernel and full scoring of `sets` on `base`; the kernel's plan must exist (the change is unit-level).
    func compare(_ b: ScenarioBase, _ path: String, _ sets: [String]) throws {
        let kernel = b.kernel
        let doc = try VariantLoader.document(base: b.document, schemePath: path, variantPath: nil, sets: sets).get()
        let variant = try #require(SchemeCompiler.compile(doc, file: path).scheme)
        let plan = try #require(kernel.plan(doc, variant), "\(sets) should be scored by the kernel")
        let grades = variant.grades.map(\.grade)
        let fast = try kernel.point(variant, plan: plan, values: ["v"], gradeOrder: grades).get()
        // Scored afresh from the aggregates (not from the kernel's state).
        let full = SweepResult.point(try b.fresh(doc).get(), values: ["v"], gradeOrder: grades)
        #expect(AssessmentJSON.render(try b.score(doc).get()) == AssessmentJSON.render(try b.fresh(doc).get()), "\(sets)")
        #expect(json(fast) == json(full), "\(sets)")
    }

    @Test(arguments: [
        "indicators.省外到位资金.points=40",
        "indicators.省外到位资金.points=12",
        "indicators.省外到位资金.cap=150%",
        "indicators.省外到位资金.floor=70%",
        "indicators.亿元项目.score={steps: [[50%, 4], [100%, 15]]}",
        "indicators.开工率.target=60%",
        "indicators.引荐项目.points=30",
        "groups.一类乡镇.targets.省外到位资金=3.5亿",
        "groups.县直单位.targets.省外到位资金=1亿",
        "grades.0.when=total >= 85",
        "grades.1.when=total >= 70",
        "ranking.ties=order",
        // The keys after the first (a count with many ties) read from the base's very arrays,
        // but one sorted the other way, or in another order: the base's kept order of them
        // must not be used.
        "ranking.by=[亿元项目 desc, 省外到位资金.rate asc, 亿元项目 desc]",
        "ranking.by=[亿元项目 desc, 亿元项目 desc, 省外到位资金.rate desc]",
        "ranking.by=[total desc]",
        "deposits.settle.1.refund=amount * 90%",
        "rewards.排名奖励.by_rank={1: 8万, 2: 4万}",
        "rewards.引资奖励.max=5万",
        "penalties.通报批评=total < 70",
        "titles.招商引资先进单位=rank <= 3",
        "total.bonus_cap=2",
        "total.deduction_cap=1",
        "scheme.round=0",
        "tables.工作经费档次.0.1=1万",
        "rewards.工作经费奖励.amount=lookup(total, 工作经费档次) * 2 - 1万",
        "rewards.引资奖励.amount=省外到位资金 * 1‰ + total",
        "vetoes.重大安全生产事故.effect=fail",
        "indicators.省外到位资金.label=到位资金",
        // One rule changed, the others' base results kept: a blocking penalty (every title
        // evaluated again), a title, a reward with a point change alongside.
        "penalties.取消评先评优资格.when=vetoed or total < 85",
        "penalties.取消评先评优资格.blocks_titles=false",
        "titles.招商引资标兵单位=省外到位资金 == max_of(省外到位资金)",
        "province:rewards.引资奖励.max=1万",
        "province:penalties.通报批评=total < 75",
        "province:indicators.省外到位资金.points=45",
        "province:indicators.省外到位资金.cap=100%",
        "province:indicators.亿元项目.points=5",
        "province:total.bonus_cap=3",
    ])
    func kernelEqualsFull(_ set: String) throws {
        // `province:` cases run on the generated province sample (ties, vetoes, caps and floors
        // by construction).
        let province = set.hasPrefix("province:")
        let path = province ? packageRoot.appendingPathComponent("rules/province-2021.yaml").path : Self.county
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(path, data: nil, asOf: nil, io: cap.io()))
        try compare(b, path, [province ? String(set.dropFirst("province:".count)) : set])
    }

    /// A reward and a penalty changed with the points: the two rules evaluated for every unit,
    /// the rest kept where nothing they read changed; the point is the full scoring's.
    @Test func rulesAndPointsChangedTogether() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        try compare(b, Self.county, ["indicators.省外到位资金.points=45", "rewards.引资奖励.max=5万", "penalties.通报批评=total < 80"])
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                             sets: ["rewards.引资奖励.max=5万", "penalties.通报批评=total < 80"]).get()
        let variant = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
        let plan = try #require(b.kernel.plan(doc, variant))
        #expect(plan.rulesChanged && !plan.everyRule)
        #expect(plan.changedRules == ["rewards.引资奖励", "penalties.通报批评"])
    }

    /// With `--as-of` (targets scaled by progress) and two changes at once.
    @Test func asOfAndTwoChanges() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: Day(parsing: "2021-06-30"), io: cap.io()))
        try compare(b, Self.county, ["indicators.省外到位资金.points=45", "grades.0.when=total >= 75"])
    }

    /// The base's assessment, made from the kernel's state, is the engine's own (warnings too).
    @Test(arguments: [nil, "2021-06-30", "2021-03-31"])
    func baseAssessmentIsTheEngines(_ asOf: String?) throws {
        let cap = CapturedIO()
        let day = asOf.flatMap { Day(parsing: $0) }
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: day, io: cap.io()))
        let direct = try Engine(scheme: b.scheme, ledger: b.ledger).assess(asOf: day).unwrap()
        #expect(AssessmentJSON.render((try #require(b.assessment))) == AssessmentJSON.render(direct))
        #expect((try #require(b.assessment)).warnings.map(\.description) == direct.warnings.map(\.description))
    }

    /// The base deducts a quarter when 开工率 < 80%; the variant makes 开工率 read 季度达标项目,
    /// which the base's quarters never summed: scored afresh, the deductions are the fresh run's
    /// (the kernel's state once counted the new item as 0 in every quarter).
    @Test func deductThroughADerivedItem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-deduct-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: Self.county, encoding: .utf8)
        #expect(text.contains("    when: 季度达标项目 == 0"))
        let path = dir.appendingPathComponent("scheme.yaml").path
        try text.replacingOccurrences(of: "    when: 季度达标项目 == 0", with: "    when: 开工率 < 80%").write(toFile: path, atomically: true, encoding: .utf8)
        let data = packageRoot.appendingPathComponent("samples/county-2021").path
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(path, data: data, asOf: nil, io: cap.io()))
        let doc = try VariantLoader.document(base: b.document, schemePath: path, variantPath: nil,
                                             sets: ["indicators.开工率.value=季度达标项目 / max(签约项目, 1)"]).get()
        let variant = try #require(SchemeCompiler.compile(doc, file: path).scheme)
        #expect(b.kernel.plan(doc, variant) == nil)
        let cached = try b.score(doc).get()
        let ledger = try LedgerLoader(scheme: variant, dataDirectory: URL(fileURLWithPath: data), schemeDirectory: dir).load(schemeBytes: []).unwrap()
        var fresh = try Engine(scheme: variant, ledger: ledger).assess().unwrap()
        fresh.fingerprint = cached.fingerprint
        #expect(AssessmentJSON.render(cached) == AssessmentJSON.render(fresh))
        // 河西镇 is deducted in three quarters (Q1, Q3, Q4), not four: its 党委书记 3 × 1000 = 3000,
        // the four who paid 3 × (1000 + 1000 + 600 + 400) = 9000.
        let unit = try #require(cached.units.first { $0.unit == "河西镇" })
        #expect(unit.deposits.first { $0.role == "党委书记" }?.deducted == Fixed(3000))
        #expect(unit.deposits.first { $0.role == "党委书记" }?.deductedIn.count == 3)
        #expect(unit.deposits.reduce(Fixed.zero) { $0 + $1.deducted } == Fixed(9000))
    }

    /// A change to what records are counted is not for the kernel: the sweep scores it afresh.
    @Test func recordLevelChangesAreNotPlanned() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let kernel = b.kernel
        for set in ["indicators.省外到位资金.where=资金来源 in ['省外']", "units.name=名称", "tables.引荐奖励费率.0.1=5‰",
                    "indicators.新入统项目.groups=[一类乡镇]", "deposits.deduct.when=亿元项目 == 0"] {
            let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: [set]).get()
            guard let variant = SchemeCompiler.compile(doc, file: Self.county).scheme else { continue }
            #expect(kernel.plan(doc, variant) == nil, "\(set)")
        }
    }

    /// The plan scores again the changed item and what reads it, nothing else.
    @Test func planReachesDependents() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let kernel = b.kernel
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                             sets: ["indicators.签约项目.label=新签约项目个数"]).get()
        let variant = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
        let plan = try #require(kernel.plan(doc, variant))
        let names = Set(plan.rescoring.map { variant.items[$0].name })
        // 开工率 reads 签约项目 (开工项目 / max(签约项目, 1)); nothing else mentions it.
        #expect(names.contains("签约项目"))
        #expect(names.contains("开工率"))
        #expect(!names.contains("省外到位资金"))
        #expect(plan.rulesChanged == false)
        // A label changes no value: 签约项目 keeps its values; 开工率, which reads it, does not.
        let kept = Set(plan.valuesKept.map { variant.items[$0].name })
        #expect(kept == ["签约项目"])
    }

    /// A plan depends on the paths changed, not on the values set there (it is made once per
    /// paths and kept): values at one path that mention other items, or none, or digits that
    /// item names hold (世界500强项目), give one plan, and each point is the full scoring's.
    @Test func planIsTheSameForEveryValueAtAPath() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        var plans: [(Set<Int>, Set<Int>, Bool, Bool)] = []
        for value in ["开工项目 / max(签约项目, 2)", "签约项目 * 2", "省外到位资金 / 1亿", "0.5", "世界500强项目 + 1"] {
            let sets = ["indicators.开工率.value=\(value)"]
            let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: sets).get()
            let variant = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
            let plan = try #require(b.kernel.plan(doc, variant), "\(value)")
            plans.append((plan.rescoring, plan.valuesKept, plan.rulesChanged, plan.depositsKept))
            // Only 开工率 (nothing mentions it), its values not kept.
            #expect(Set(plan.rescoring.map { variant.items[$0].name }) == ["开工率"], "\(value)")
            #expect(plan.valuesKept.isEmpty)
            try compare(b, Self.county, sets)
        }
        #expect(plans.allSatisfy { $0 == plans[0] })
    }

    /// Points, caps, floors and score forms change only scores: the plan keeps those items'
    /// values, targets and rates; a target does not.
    @Test func scoringKeysKeepValues() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        func kept(_ sets: [String]) throws -> Set<String> {
            let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: sets).get()
            let variant = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
            let plan = try #require(b.kernel.plan(doc, variant))
            return Set(plan.valuesKept.map { variant.items[$0].name })
        }
        #expect(try kept(["indicators.省外到位资金.points=40", "indicators.亿元项目.score={steps: [[50%, 4], [100%, 15]]}"])
                .isSuperset(of: ["省外到位资金", "亿元项目"]))
        #expect(try kept(["indicators.省外到位资金.cap=150%", "indicators.省外到位资金.floor=0%"]).contains("省外到位资金"))
        #expect(try !kept(["indicators.开工率.target=60%"]).contains("开工率"))
        #expect(try !kept(["groups.一类乡镇.targets.省外到位资金=3.5亿"]).contains("省外到位资金"))
        #expect(try !kept(["indicators.省外到位资金.points=40", "indicators.省外到位资金.target=1亿"]).contains("省外到位资金"))
        #expect(try kept(["vetoes.重大安全生产事故.effect=fail"]).isEmpty)
    }

    /// The county's deposits read 省外到位资金.rate (basis) and deduct on 季度达标项目: a change to
    /// how 省外到位资金 is scored keeps them; to its target, to a veto, to the deposits' rules, or
    /// to an item the deductions read does not.
    @Test func depositsKeptOnlyWhenNothingTheyReadChanges() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        func keeps(_ sets: [String]) throws -> Bool {
            let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: sets).get()
            let variant = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
            return try #require(b.kernel.plan(doc, variant)).depositsKept
        }
        #expect(try keeps(["indicators.省外到位资金.points=40"]))
        #expect(try keeps(["grades.0.when=total >= 85"]) == true)
        #expect(try keeps(["indicators.省外到位资金.target=1亿"]) == false)
        #expect(try keeps(["groups.一类乡镇.targets.省外到位资金=3.5亿"]) == false)
        #expect(try keeps(["vetoes.重大安全生产事故.effect=fail"]) == false)
        #expect(try keeps(["deposits.settle.1.refund=amount * 90%"]) == false)
        #expect(try keeps(["indicators.季度达标项目.points=5"]) == false)
        #expect(try keeps(["tables.工作经费档次.0.1=1万"]) == false)
    }
}

/// A sweep point's scheme made by patching another point's compiled scheme is the scheme
/// compiling the point's document gives, and a sweep through the patch gives the same output
/// as one that compiles every point.
@Suite struct SchemePatchTests {
    static let county = SweepKernelTests.county

    func compiled(_ b: ScenarioBase, _ sets: [String]) throws -> (DocNode, Scheme) {
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: sets).get()
        return (doc, try #require(SchemeCompiler.compile(doc, file: Self.county).scheme))
    }

    @Test func patchedIsCompiled() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let paths = [["indicators", "省外到位资金", "points"], ["indicators", "省外到位资金", "cap"], ["bonuses", "高新技术项目", "points"]]
        let (_, template) = try compiled(b, ["indicators.省外到位资金.points=20", "indicators.省外到位资金.cap=100%", "bonuses.高新技术项目.points=1"])
        let patch = try #require(SchemePatch(paths: paths, template: template))
        for (points, cap, bonus) in [("33.33", "120%", "2"), ("0", "1.5", "0.5"), ("50", "80%", "3")] {
            let (doc, scheme) = try compiled(b, ["indicators.省外到位资金.points=\(points)", "indicators.省外到位资金.cap=\(cap)",
                                                 "bonuses.高新技术项目.points=\(bonus)"])
            let patched = try #require(patch.scheme(leaves: ScenarioBase.leaves(doc, paths)))
            #expect(SchemePatch.fingerprint(patched) == SchemePatch.fingerprint(scheme), "\(points) \(cap) \(bonus)")
            // By hand: 省外到位资金's points and cap are the values set.
            let item = try #require(patched.item(named: "省外到位资金"))
            #expect(item.points == Fixed(parsing: points) && item.cap == Fixed(parsing: cap))
        }
        // The fingerprint tells a different number apart.
        let (_, other) = try compiled(b, ["indicators.省外到位资金.points=21", "indicators.省外到位资金.cap=100%", "bonuses.高新技术项目.points=1"])
        #expect(SchemePatch.fingerprint(other) != SchemePatch.fingerprint(template))
        // A leaf that is not a number is not patched (compiling reports it).
        let (bad, _) = (try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                                   sets: ["indicators.省外到位资金.points=很多", "indicators.省外到位资金.cap=1",
                                                          "bonuses.高新技术项目.points=1"]).get(), 0)
        #expect(patch.scheme(leaves: ScenarioBase.leaves(bad, paths)) == nil)
    }

    @Test func groupTargetIsPatched() throws {
        // 一类乡镇's target for 省外到位资金 (3亿 in the scheme), with the points beside it.
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let paths = [["groups", "一类乡镇", "targets", "省外到位资金"], ["indicators", "省外到位资金", "points"]]
        let (_, template) = try compiled(b, ["groups.一类乡镇.targets.省外到位资金=2亿", "indicators.省外到位资金.points=30"])
        let patch = try #require(SchemePatch(paths: paths, template: template))
        for (target, points) in [("3.5亿", "40"), ("4.02亿", "35.5"), ("1", "0")] {
            let (doc, scheme) = try compiled(b, ["groups.一类乡镇.targets.省外到位资金=\(target)", "indicators.省外到位资金.points=\(points)"])
            let patched = try #require(patch.scheme(leaves: ScenarioBase.leaves(doc, paths)))
            #expect(SchemePatch.fingerprint(patched) == SchemePatch.fingerprint(scheme), "\(target)")
            // By hand: 3.5亿 is 350,000,000; the other group's target stays 1.5亿.
            let group = try #require(patched.groups.first { $0.name == "一类乡镇" })
            #expect(group.targets["省外到位资金"]?.value == Fixed(parsing: target))
            #expect(patched.groups.first { $0.name == "二类乡镇" }?.targets["省外到位资金"]?.value == Fixed(parsing: "1.5亿"))
        }
        #expect(Fixed(parsing: "3.5亿") == Fixed(350_000_000))
        // A sweep of 64 values or more takes the patch.
        let docs = try (0..<64).map { k in
            try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                       sets: ["groups.一类乡镇.targets.省外到位资金=\(2 + k)亿"]).get()
        }
        #expect(b.sweepPatch(paths: [paths[0]], docs: docs) != nil)
    }

    @Test func onlyItemNumbersAndGroupTargetsArePatched() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        for path in [["rewards", "引资奖励", "max"], ["indicators", "省外到位资金", "target"], ["indicators", "没有这项", "points"],
                     ["bonuses", "省外到位资金", "points"], ["tables", "工作经费档次", "0", "1"], ["indicators", "省外到位资金"],
                     ["groups", "没有这类", "targets", "省外到位资金"], ["groups", "一类乡镇", "targets", "开工率"], ["groups", "一类乡镇", "label"]] {
            #expect(SchemePatch(paths: [path], template: b.scheme) == nil, "\(path)")
        }
    }

    @Test func largeSweepTableIsSummarisedAsItGoes() throws {
        // 334 values × 60 units = 20,040 cells: a large sweep, whose table the command makes
        // from points summarised batch by batch (64 at a time) and let go. The same table from
        // every point kept (each point compiled, columns kept small).
        let vary = "indicators.省外到位资金.points=20..50/0.09"
        let values = SweepRange.parse("20..50/0.09")?.values ?? []
        #expect(values.count == 334)   // (50 − 20) ÷ 0.09 = 333.3: 20, 20.09, … 49.97
        let streamed = run(["sweep", provinceScheme, "--vary", vary])
        #expect(streamed.status == 0)
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(provinceScheme, data: nil, asOf: nil, io: cap.io()))
        #expect((try #require(b.assessment)).units.count == 60)
        let grades = b.scheme.grades.map(\.grade)
        let points = try values.map { v in
            let doc = try VariantLoader.document(base: b.document, schemePath: provinceScheme, variantPath: nil,
                                                 sets: ["indicators.省外到位资金.points=\(v)"]).get()
            return try b.sweepPoint(doc, values: [v], gradeOrder: grades).get()
        }
        let whole = SweepResult(parameters: ["indicators.省外到位资金.points"], points: points,
                                tippingPoints: SweepResult.tipping(points), units: (try #require(b.assessment)).units.map(\.unit))
        #expect(SweepReport.isLarge(units: 60, points: 334))
        #expect(streamed.out == SweepReport.table(whole, money: b.scheme.info.money, round: b.scheme.info.round))
        #expect(streamed.out.contains("（60 个单位 × 334 个取值；"))
        // Some value tips (the summary is not empty of changes).
        #expect(!whole.tippingPoints.isEmpty && streamed.out.contains("临界点（标 * 处；每处列出前 5 个变动的单位）"))
    }

    @Test func sweepThroughThePatchIsTheCompiledSweep() throws {
        // The same sweep as JSON with the patch (64 points or more) and point by point, each
        // point compiled.
        let vary = "indicators.省外到位资金.points=20..51.5/0.5"
        let whole = run(["sweep", Self.county, "--vary", vary, "--format", "json"])
        #expect(whole.status == 0)
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let values = SweepRange.parse("20..51.5/0.5")?.values ?? []
        #expect(values.count == 64)   // (51.5 − 20) ÷ 0.5 + 1
        let docs = try values.map {
            try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: ["indicators.省外到位资金.points=\($0)"]).get()
        }
        #expect(b.sweepPatch(paths: [["indicators", "省外到位资金", "points"]], docs: docs) != nil)
        #expect(b.sweepPatch(paths: [["indicators", "省外到位资金", "points"]], docs: Array(docs.prefix(63))) == nil)
        let grades = b.scheme.grades.map(\.grade)
        let compiledPoints = try zip(docs, values).map { try b.sweepPoint($0, values: [$1], gradeOrder: grades).get() }
        let expected = SweepReport.json(SweepResult(parameters: ["indicators.省外到位资金.points"], points: compiledPoints,
                                                    tippingPoints: SweepResult.tipping(compiledPoints), units: (try #require(b.assessment)).units.map(\.unit)))
        #expect(whole.out == expected)
    }
}
