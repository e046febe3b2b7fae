import Foundation
import Testing
@testable import Kaohe
import KaoheIO
@testable import KaoheCLI

/// A score formula's names resolved once for every unit (``Scoring/formula(_:item:itemIndex:unit:_:)``)
/// give, for every unit of the county sample, the score — or the error — that the formula
/// evaluated unit by unit with its names looked up each time gives.
@Suite struct FormulaScoreTests {

    @Test(arguments: [
        "if(rate >= 100%, points, points * rate * 80%)",
        "points * min(rate, 120%)",
        "value / target * points",
        "target - value",
        "value / 0",                      // an error for every unit with a value
        "rate * points / (value - value)", // an error where rate and value are numbers
        "none",                           // none scores 0
        "points * value / max_of(省外到位资金)",
        "if(rate == none, 1, 2)",
    ])
    func sameAsLookedUp(_ text: String) throws {
        let (b, scheme) = try countyVariant("indicators.省外到位资金.score=\(text)")
        let i = try #require(scheme.items.firstIndex { $0.name == "省外到位资金" })
        guard case .formula(let f) = scheme.items[i].score else {
            Issue.record("\(text) should be a formula")
            return
        }
        let state = UnitState(copying: b.kernel.state, scheme: scheme, rescored: [])
        let names = ResolvedNames(f, state, bound: Scoring.formulaNames)
        var scored = 0, failed = 0
        for u in 0..<state.total.count {
            var d = Diagnostics()
            var formula: String?
            let expected = evaluation { () throws(EvaluationError) in
                try Scoring.score(scheme.items[i].score!, item: scheme.items[i], itemIndex: i, unit: u,
                                  state, &d, trace: false, formula: &formula)
            }
            let got = evaluation { () throws(EvaluationError) in
                try Scoring.formula(names, item: scheme.items[i], itemIndex: i, unit: u, state)
            }
            switch expectSameEvaluation(expected, got, "\(text) for \(b.ledger.units[u].name)") {
            case true: scored += 1
            case false: failed += 1
            case nil: break
            }
        }
        // Every unit answered one way or the other.
        #expect(scored + failed == state.total.count)
        #expect(state.total.count > 20)
        // The dividing formulas fail somewhere, the others score somewhere.
        if text.contains("/ 0") || text.contains("(value - value)") { #expect(failed > 0) } else { #expect(scored > 0) }
    }
}
