import Foundation
import Testing
@testable import Kaohe
import KaoheIO
@testable import KaoheCLI

/// `T[key]` compiled (``UnitCompiler``) gives, at every deposit record of the county sample and
/// every unit it credits, the value — or the error, with its position — that the evaluator gives
/// for the record's columns.
@Suite struct TableIndexTests {
    static let county = packageRoot.appendingPathComponent("rules/county-2021.yaml").path

    @Test(arguments: [
        "季度扣减[职务]",                 // 1000, 600 or 400 by the payer's post
        "季度扣减[职务] * 2 + 1",          // inside arithmetic
        "季度扣减[姓名]",                 // no such key: an error naming it
        "季度扣减[default(职务, '镇长')]", // the key itself computed
        "季度扣减[if(职务 == '镇长', none, 职务)]", // no key for the 镇长's records: an error there
    ])
    func sameAsEvaluator(_ text: String) throws {
        let (b, scheme) = try countyVariant("deposits.deduct.amount=\(text)")
        let spec = try #require(scheme.deposits)
        let e = try #require(spec.deduct?.amount)
        let data = try #require(b.ledger.datasets[spec.dataset])
        let state = UnitState(copying: b.kernel.state, scheme: scheme, rescored: [])
        let names = ResolvedNames(e, state, columns: data.columnIndex, bound: ["amount"])
        let record = DepositRecord(data, 0)
        var values = 0, errors = 0
        for r in 0..<data.count {
            record.index = r
            let amount = Value.number(Fixed(500))
            for credit in data.credits[r] {
                let u = credit.unit
                var env = ResolvedEnvironment(state, u, names)
                env.record = record
                env.boundCount = 1
                env.bound.0 = amount
                let got = evaluation { () throws(EvaluationError) in try names.evaluate(env) }
                var plain = UnitEnvironment(state: state, unit: u)
                var extra: [String: Value] = [:]
                for (c, name) in data.columnNames.enumerated() { extra[name] = data.value(c, r) }
                extra["amount"] = amount
                plain.extra = extra
                let expected = evaluation { () throws(EvaluationError) in try Evaluator.evaluate(e.expression, in: plain) }
                switch expectSameEvaluation(expected, got, "\(text) at record \(r)") {
                case true: values += 1
                case false: errors += 1
                case nil: break
                }
            }
        }
        // Not vacuous: the county has deposits; a lookup by name fails at every one, by a post
        // made none for 镇长 at theirs only.
        #expect(values + errors > 20)
        if text.contains("姓名") {
            #expect(values == 0)
        } else if text.contains("none") {
            #expect(values > 0 && errors > 0)
        } else {
            #expect(errors == 0)
        }
    }

    @Test func postsLookedUp() throws {
        // The county's standard by post: 党委书记 and 镇长 1000 元 a quarter, 分管领导 600.
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        guard case .map(_, let values) = try #require(b.scheme.tables["季度扣减"]) else {
            Issue.record("季度扣减 should be a map table")
            return
        }
        #expect(values["党委书记"] == .number(Fixed(1000)))
        #expect(values["分管领导"] == .number(Fixed(600)))
    }
}
