@testable import Kaohe
@testable import KaoheCLI
import Foundation
import Testing
import KaoheIO
import KaoheReports

/// A province's aggregate items have their values, targets and rates worked out on all cores
/// (from 4,096 units); the bundled province sample (60 units) is scored both ways here.
@Suite struct ParallelValuesTests {
    @Test func sameAssessmentEitherWay() throws {
        let (scheme, loader, bytes) = try provinceLoader()
        let ledger = try loader.load(schemeBytes: bytes).unwrap()
        let plain = Engine(scheme: scheme, ledger: ledger)
        var parallel = plain
        parallel.parallelValuesFrom = 0
        let a = try plain.assess().unwrap(), b = try parallel.assess().unwrap()
        #expect(a.units.count == 60)
        #expect(AssessmentJSON.render(a) == AssessmentJSON.render(b))
        // As of mid-year too: targets then scaled by the progress (序时进度).
        let mid = try #require(Day(year: 2021, month: 6, day: 30))
        #expect(AssessmentJSON.render(try plain.assess(asOf: mid).unwrap()) == AssessmentJSON.render(try parallel.assess(asOf: mid).unwrap()))
    }

    /// A derived item's values and the item scores that are not `by_rank` or `relative` are
    /// worked out in pieces on all cores too, each piece's errors and warnings after the one
    /// before it: the county scheme, changed so that some units or all of them give an error
    /// or a warning, gives the same diagnostics in the same order, or the same assessment.
    @Test(arguments: [
        // An error for every unit: the messages in unit order.
        (["indicators.开工率.value=100 / (签约项目 - 签约项目)"], 3),
        // None for the units with few signings: their rates are none, a warning each.
        (["indicators.开工率.value=if(签约项目 > 21, 开工项目 / 签约项目, none)"], 3),
        // An error only where the formula divides by zero.
        (["indicators.新入统项目.score=points / (value - 2)"], 3),
        // Formulas that read their own item's score (each unit's not written yet when read):
        // worked out unit after unit, as the plain loop does; an error for every unit, then
        // every unit scored as if the score were 1.
        (["indicators.新入统项目.score=新入统项目.score + 1"], 3),
        (["indicators.新入统项目.score=default(新入统项目.score, 1) * points"], 0),
        // Adjustments and warnings of a `steps` score together.
        (["indicators.开工率.score={steps: [[50%, 5], [100%, 10]]}",
          "indicators.开工率.value=if(签约项目 > 30, 开工项目 / 签约项目, none)"], 3),
    ])
    func derivedAndScoredInPieces(_ sets: [String], _ diagnostics: Int) throws {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(path, data: nil, asOf: nil, io: cap.io()))
        let doc = try VariantLoader.document(base: b.document, schemePath: path, variantPath: nil, sets: sets).get()
        let scheme = try #require(SchemeCompiler.compile(doc, file: path).scheme)
        let plain = Engine(scheme: scheme, ledger: b.ledger)
        var pieces = plain
        pieces.parallelValuesFrom = 0
        func outcome(_ r: Result<Assessment, Diagnostics>) -> (json: String?, diagnostics: [String]) {
            switch r {
            case .success(let a): return (AssessmentJSON.render(a), a.warnings.map(\.description))
            case .failure(let d): return (nil, d.items.map(\.description))
            }
        }
        let a = outcome(plain.assess()), p = outcome(pieces.assess())
        #expect(a.json == p.json)
        #expect(a.diagnostics == p.diagnostics)
        // Not vacuous: the cases that give diagnostics give them for several units (more than
        // one piece's worth of the county's 25); the others score every unit.
        #expect(a.diagnostics.count >= diagnostics, "\(sets): \(a.diagnostics)")
        if diagnostics == 0 { #expect(a.json != nil) }
    }

    @Test func pendingValueIsWaitedFor() {
        // A value worked out on another thread, read twice; one known at once.
        let later = Pending { (1...1000).reduce(0, +) }   // 1 + … + 1000 = 500,500
        #expect(later.value == 500_500)
        #expect(later.value == 500_500)
        #expect(Pending(value: "sha256:x").value == "sha256:x")
    }

    @Test func adjustmentsByItemPreparedOrNot() throws {
        let (_, loader, bytes) = try provinceLoader()
        var ledger = try loader.load(schemeBytes: bytes).unwrap()
        let plain = ledger.adjustmentsByItem
        ledger.prepareAdjustmentsByItem()
        let prepared = ledger.adjustmentsByItem
        #expect(!plain.isEmpty)
        #expect(prepared.keys.sorted() == plain.keys.sorted())
        for (item, byUnit) in plain {
            #expect(prepared[item]?.keys.sorted() == byUnit.keys.sorted())
            for (u, rows) in byUnit { #expect(prepared[item]?[u]?.map(\.score) == rows.map(\.score)) }
        }
        // Changing the adjustments drops what was prepared: a unit's rows taken away.
        let (unit, _) = try #require(ledger.adjustments.first)
        ledger.adjustments[unit] = nil
        let u = try #require(ledger.unitIndex[unit])
        #expect(ledger.adjustmentsByItem.values.allSatisfy { $0[u] == nil })
    }
}
