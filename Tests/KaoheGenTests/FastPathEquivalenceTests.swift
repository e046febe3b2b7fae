import Testing
import Foundation
import Kaohe
import KaoheIO
import KaoheReports
@testable import KaoheGen

/// The compiled, parallel aggregation gives byte-identical JSON to the tree-walking evaluator
/// on generated province data (N = 200 units × 260 projects, every path of the scheme).
@Suite struct FastPathEquivalenceTests {
    @Test func compiledEqualsInterpreted() throws {
        // 260 projects per unit: over 50,000 records, so the aggregation runs in two chunks.
        let (dir, _) = try generate(units: 200, perUnit: 260, seed: 7)
        defer { removeDir(dir) }
        let path = repoRoot.appendingPathComponent("rules/province-2021.yaml").path
        let loaded = SchemeLoader.load(path: path)
        let scheme = try #require(loaded.scheme)
        let ledger: Ledger
        switch LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory).load(schemeBytes: []) {
        case .success(let l): ledger = l
        case .failure(let d): Issue.record("\(d)"); return
        }
        var reference = Engine(scheme: scheme, ledger: ledger)
        reference.interpretedAggregation = true
        let fast = Engine(scheme: scheme, ledger: ledger)
        for asOf in [nil, Day(year: 2021, month: 6, day: 30)] {
            let a = try fast.assess(asOf: asOf).get()
            let b = try reference.assess(asOf: asOf).get()
            #expect(AssessmentJSON.render(a) == AssessmentJSON.render(b))
            #expect(a.units.count == 200)
        }
    }
}

/// The sweep kernel — points scored from the base's state, rewards, penalties and titles kept
/// where nothing they read changed — gives the points a full scoring of each variant gives, on
/// generated province data (N = 200: ranks, grades, titles and by-rank rewards all move).
@Suite struct SweepKernelEquivalenceTests {
    @Test(arguments: [
        ["indicators.省外到位资金.points=20"], ["indicators.省外到位资金.points=45"], ["indicators.省外到位资金.cap=150%"],
        ["indicators.亿元项目.points=25"], ["groups.二类乡镇.targets.省外到位资金=2亿"], ["grades.0.when=total >= 85"],
        ["rewards.排名奖励.by_rank={1: 9万, 2: 6万}"], ["titles.招商引资先进单位=rank <= 5"], ["total.bonus_cap=3"],
        ["indicators.签约合同额.points=20", "penalties.通报批评=total < 70"],
    ])
    func kernelEqualsFull(_ sets: [String]) throws {
        let (dir, _) = try generate(units: 200, perUnit: 20, seed: 11)
        defer { removeDir(dir) }
        let path = repoRoot.appendingPathComponent("rules/province-2021.yaml").path
        let loaded = SchemeLoader.load(path: path)
        let scheme = try #require(loaded.scheme)
        let document = try #require(loaded.document)
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory).load(schemeBytes: []).get()
        let engine = Engine(scheme: scheme, ledger: ledger)
        var d = Diagnostics()
        let aggregates = engine.aggregate(asOf: nil, &d)
        let kernel = try SweepKernel.make(engine: engine, document: document, aggregates: aggregates, asOf: nil).get()
        let doc = try VariantLoader.document(base: document, schemePath: path, variantPath: nil, sets: sets).get()
        let variant = try #require(SchemeCompiler.compile(doc, file: path).scheme)
        let plan = try #require(kernel.plan(doc, variant))
        let grades = variant.grades.map(\.grade)
        let fast = try kernel.point(variant, plan: plan, values: ["v"], gradeOrder: grades).get()
        let full = SweepResult.point(try Engine(scheme: variant, ledger: ledger).assess().get(), values: ["v"], gradeOrder: grades)
        func json(_ p: SweepPoint) -> String { SweepReport.json(SweepResult(parameters: ["x"], points: [p], tippingPoints: [], units: [])) }
        #expect(json(fast) == json(full), "\(sets)")
        // And the whole assessment from the kernel's state is the full one.
        var whole = try kernel.assessment(variant, plan: plan).get()
        let fresh = try Engine(scheme: variant, ledger: ledger).assess().get()
        whole.fingerprint = fresh.fingerprint
        #expect(AssessmentJSON.render(whole) == AssessmentJSON.render(fresh), "\(sets)")
    }
}
