import Foundation
import Testing
@testable import Kaohe
import KaoheIO
@testable import KaoheCLI

/// The fast conditions (grades, penalties, titles and reward conditions read straight from the
/// unit state) give, for every unit of the county sample, what the compiled expressions give —
/// also for units without a grade, which compare as none does.
@Suite struct FastConditionTests {
    static let county = packageRoot.appendingPathComponent("rules/county-2021.yaml").path

    /// The county's state scored to its grades, and `text` compiled as a penalty condition of it.
    func condition(_ b: ScenarioBase, _ text: String) throws -> CompiledExpression {
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                             sets: ["penalties.通报批评=\(text)"]).get()
        let scheme = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
        return try #require(scheme.penalties.first { $0.name == "通报批评" }?.when)
    }

    func evaluated(_ e: CompiledExpression, _ state: UnitState, _ u: Int) throws -> Bool {
        let names = ResolvedNames(e, state)
        return try UnitCompiler.truth(try names.evaluate(ResolvedEnvironment(state, u, names)), "", e.expression.root)
    }

    @Test(arguments: [
        "total >= 80", "80 <= total", "total < 60", "total == 0", "total != 0",
        "rank <= 3 and grade == '优秀'", "rank_all > 10 or vetoed", "not vetoed",
        "rank_pct <= 50% and grade in ['优秀', '良好']", "grade not in ['良好', '合格']",
        "grade != '优秀'", "grade == '没有这个等次'", "base - 0 >= 0 or deduction > 0",
        "bonus > 0 or deduction > 0",
    ])
    func sameAsCompiled(_ text: String) throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let e = try condition(b, text)
        let state = UnitState(copying: b.kernel.state, scheme: b.scheme, rescored: [])
        // Two units without a grade (as in a scheme whose last grade has a condition).
        for u in [1, 4] {
            state.grade[u] = nil
            state.gradeIndex[u] = -1
        }
        let grades = b.scheme.grades.map(\.grade)
        guard let fast = FastCondition.compile(e.expression.root, grades: grades, items: state.itemIndex) else {
            // Only arithmetic is left to the compiled expression.
            #expect(text.contains(" - "), "\(text) should be a fast condition")
            return
        }
        var held = 0
        for u in 0..<state.total.count {
            let expected = try evaluated(e, state, u)
            #expect(fast(state, u) == expected, "\(text) for \(b.ledger.units[u].name)")
            if expected { held += 1 }
        }
        // Not vacuous: every condition here holds for some units and not for others, but for
        // the ones that hold for all or none by construction.
        if !["total == 0", "total != 0", "not vetoed", "grade == '没有这个等次'"].contains(text) {
            #expect(held > 0 && held < state.total.count, "\(text) holds for \(held) units")
        }
    }

    @Test func itemsAndArithmeticAreNotFast() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let grades = b.scheme.grades.map(\.grade)
        for text in ["省外到位资金.rate >= 100%", "total + 1 > 80", "max_of(total) == total", "group == '一类乡镇'"] {
            let e = try condition(b, text)
            #expect(FastCondition.compile(e.expression.root, grades: grades, items: b.kernel.state.itemIndex) == nil, "\(text)")
        }
    }
}
