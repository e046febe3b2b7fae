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
        // rank_pct read as a run of ranks per scope (with the layout given below).
        "rank_pct <= 50%", "rank_pct < 50%", "rank_pct > 25%", "rank_pct >= 25%", "rank_pct == 50%",
        "rank_pct != 50%", "30% >= rank_pct", "rank_pct <= 0", "rank_pct > 0",
    ])
    func sameAsCompiled(_ text: String) throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let e = try condition(b, text)
        let state = UnitState(copying: b.kernel.state, scheme: b.scheme, rescored: [])
        // Two units without a grade (as in a scheme whose last grade has a condition).
        for u in [1, 4] { state.gradeIndex[u] = -1 }
        let grades = b.scheme.grades.map(\.grade)
        guard let fast = FastCondition.compile(e.expression.root, grades: grades, items: state.itemIndex, layout: state) else {
            // Only arithmetic is left to the compiled expression.
            #expect(text.contains(" - "), "\(text) should be a fast condition")
            return
        }
        // The column form (every unit at once) answers as well.
        let column = try #require(FastColumns.condition(e.expression.root, grades: grades, items: state.itemIndex, layout: state))
        var answers = [Bool](repeating: false, count: state.total.count)
        answers.withUnsafeMutableBufferPointer { column(state, $0) }
        var held = 0
        for u in 0..<state.total.count {
            let expected = try evaluated(e, state, u)
            #expect(fast(state, u) == expected, "\(text) for \(b.ledger.units[u].name)")
            #expect(answers[u] == expected, "\(text) for \(b.ledger.units[u].name), as a column")
            if expected { held += 1 }
        }
        // Not vacuous: every condition here holds for some units and not for others, but for
        // the ones that hold for all or none by construction.
        if !["total == 0", "total != 0", "not vetoed", "grade == '没有这个等次'", "rank_pct <= 0", "rank_pct > 0"].contains(text) {
            #expect(held > 0 && held < state.total.count, "\(text) holds for \(held) units")
        }
    }

    /// A `rank_pct` condition made with one state's scopes answers for a state with other
    /// scopes (ranked over all units, not within groups) as the compiled expression does.
    @Test(arguments: ["rank_pct <= 50%", "rank_pct > 25%", "rank_pct == 50%", "rank_pct != 50%"])
    func rankPercentOfAnotherLayout(_ text: String) throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let e = try condition(b, text)
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                             sets: ["ranking.within=all"]).get()
        let all = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
        let other = try SweepKernel.make(engine: Engine(scheme: all, ledger: b.ledger), document: doc,
                                         aggregates: b.kernel.aggregates, asOf: nil).get().state
        #expect(other.percentStart != b.kernel.state.percentStart)
        let grades = b.scheme.grades.map(\.grade)
        let fast = try #require(FastCondition.compile(e.expression.root, grades: grades, items: b.kernel.state.itemIndex,
                                                      layout: b.kernel.state))
        // The column form made with the same layout answers the other state unit by unit too.
        let column = try #require(FastColumns.condition(e.expression.root, grades: grades, items: b.kernel.state.itemIndex,
                                                        layout: b.kernel.state))
        var answers = [Bool](repeating: false, count: other.total.count)
        answers.withUnsafeMutableBufferPointer { column(other, $0) }
        var held = 0
        for u in 0..<other.total.count {
            let expected = try evaluated(e, other, u)
            #expect(fast(other, u) == expected, "\(text) for \(b.ledger.units[u].name)")
            #expect(answers[u] == expected, "\(text) for \(b.ledger.units[u].name), as a column")
            if expected { held += 1 }
        }
        // (The county's units are an odd number: no unit's rank_pct is 50 % over all of them.)
        if !text.contains("50%") || text.contains("<=") {
            #expect(held > 0 && held < other.total.count, "\(text) holds for \(held) units")
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

/// The fast reward amounts give, for every unit of the county sample, what the compiled
/// expressions give; none and overflow are left to the evaluator (nil).
@Suite struct FastNumberTests {
    static let county = FastConditionTests.county

    func amount(_ b: ScenarioBase, _ text: String) throws -> CompiledExpression {
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil,
                                             sets: ["rewards.引资奖励.amount=\(text)"]).get()
        let scheme = try #require(SchemeCompiler.compile(doc, file: Self.county).scheme)
        let r = try #require(scheme.rewards.first { $0.name == "引资奖励" })
        guard case .expression(let e) = r.amount else {
            Issue.record("\(text) is not an amount expression")
            throw CancellationError()
        }
        return e
    }

    @Test(arguments: [
        "lookup(total, 工作经费档次)", "省外到位资金 * 0.5‰", "total - 60", "base + bonus - deduction",
        "lookup(total * 2, 工作经费档次) + 1万", "实际利用外资 * 2", "rank_pct * 100", "3万",
    ])
    func sameAsCompiled(_ text: String) throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        let e = try amount(b, text)
        let state = b.kernel.state
        let names = ResolvedNames(e, state)
        let fast = try #require(names.fastNumber, "\(text) should be a fast amount")
        // The column form (every unit at once) gives the per-unit closure's answers.
        let column = try #require(names.fastNumberColumn)
        var values = [Fixed](repeating: Fixed(-7), count: state.total.count)
        var valid = [Bool](repeating: true, count: state.total.count)
        values.withUnsafeMutableBufferPointer { v in valid.withUnsafeMutableBufferPointer { column(state, v, $0, nil) } }
        // With a mask (every other unit): the units masked out are not valid, the others as before.
        let mask = (0..<state.total.count).map { $0 % 2 == 0 }
        var masked = [Fixed](repeating: Fixed(-7), count: state.total.count)
        var maskedValid = [Bool](repeating: true, count: state.total.count)
        masked.withUnsafeMutableBufferPointer { v in
            maskedValid.withUnsafeMutableBufferPointer { m in mask.withUnsafeBufferPointer { column(state, v, m, $0) } }
        }
        for u in 0..<state.total.count {
            #expect((maskedValid[u] ? masked[u] : nil) == (mask[u] ? fast(state, u) : nil), "\(text) for unit \(u), masked")
        }
        var fell = 0, distinct = Set<Fixed>()
        for u in 0..<state.total.count {
            #expect((valid[u] ? values[u] : nil) == fast(state, u), "\(text) for \(b.ledger.units[u].name), as a column")
            // (The evaluator's error, where the value cannot be computed with, is none here.)
            let expected = (try? names.evaluate(ResolvedEnvironment(state, u, names))) ?? .none
            if let x = fast(state, u) {
                #expect(Value.number(x) == expected, "\(text) for \(b.ledger.units[u].name)")
                distinct.insert(x)
            } else {
                // Left to the evaluator only where the value is not a number (an item that is none).
                #expect(expected.number == nil, "\(text) for \(b.ledger.units[u].name)")
                fell += 1
            }
        }
        // 实际利用外资 is none for the units it does not apply to (县直单位): those fall back.
        #expect(text.contains("实际利用外资") ? fell > 0 : fell == 0, "\(text): \(fell) fell back")
        if text != "3万" { #expect(distinct.count > 1, "\(text) is not constant") }
    }

    @Test func otherFormsAreNotFast() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        for text in ["total / 2", "max(total, 60)", "省外到位资金.rate * 1万", "max_of(total)", "default(实际利用外资, 0)"] {
            let e = try amount(b, text)
            #expect(ResolvedNames(e, b.kernel.state).fastNumber == nil, "\(text)")
        }
    }
}


/// Grades whose conditions are all `total >= X` or `total > X` are read straight from the
/// totals: the same grades as the same conditions evaluated the general way.
@Suite struct GradeThresholdTests {
    static let county = FastConditionTests.county

    func grades(_ b: ScenarioBase, _ conditions: [String]) throws -> [String?] {
        let sets = conditions.enumerated().map { "grades.\($0.offset).when=\($0.element)" }
        let doc = try VariantLoader.document(base: b.document, schemePath: Self.county, variantPath: nil, sets: sets).get()
        return try b.fresh(doc).get().units.map(\.grade)
    }

    @Test func thresholdsAreTheGeneralConditions() throws {
        let cap = CapturedIO()
        let b = try #require(ScenarioBase.load(Self.county, data: nil, asOf: nil, io: cap.io()))
        #expect(Engine.totalThreshold(try Parser.parse(ExpressionSource(text: "total >= 90")).get().root)?.1 == 1)
        #expect(Engine.totalThreshold(try Parser.parse(ExpressionSource(text: "80 < total")).get().root)?.1 == 2)
        #expect(Engine.totalThreshold(try Parser.parse(ExpressionSource(text: "total + 0 >= 90")).get().root) == nil)
        // Bounds at totals the sample has (ties at the bound decide `>=` against `>`).
        let totals = try b.fresh(b.document).get().units.map(\.total)
        let bound = try #require(totals.sorted()[totals.count / 2]).description
        let fast = try grades(b, ["total >= \(bound)", "70 < total", "total > 60"])
        let general = try grades(b, ["total + 0 >= \(bound)", "total - 70 > 0", "total - 60 > 0"])
        #expect(fast == general)
        #expect(Set(fast.compactMap { $0 }).count >= 3)
    }
}
