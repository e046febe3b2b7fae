@testable import Kaohe
@testable import KaoheCLI
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
