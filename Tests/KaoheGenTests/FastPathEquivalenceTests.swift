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
