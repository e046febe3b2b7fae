import Testing
@testable import Kaohe

@Suite struct ExpressionTests {
    @Test func suffixArithmetic() throws {
        // 3万元 + 2.5亿 = 30,000 + 250,000,000 = 250,030,000 元
        #expect(try evaluate("3万元 + 2.5亿") == num("250030000"))
        #expect(try evaluate("5亿 == 50000万") == .bool(true))
        #expect(try evaluate("1500 == 1500元") == .bool(true))
    }

    @Test func precedence() throws {
        #expect(try evaluate("2 + 3 * 4") == num("14"))
        #expect(try evaluate("(2 + 3) * 4") == num("20"))
        #expect(try evaluate("-2 * -3") == num("6"))
        #expect(try evaluate("10 - 4 - 3") == num("3"))
        #expect(try evaluate("1 < 2 and not 3 < 2 or false") == .bool(true))
    }

    @Test func roundAndFunctions() throws {
        #expect(try evaluate("round(0.125, 2)") == num("0.13"))
        #expect(try evaluate("round(2.5)") == num("3"))
        #expect(try evaluate("min(3, 1, 2)") == num("1"))
        #expect(try evaluate("max(3, 1, 2)") == num("3"))
        #expect(try evaluate("clamp(120%, 0, 100%)") == num("1"))
        #expect(try evaluate("abs(-4.5)") == num("4.5"))
        #expect(try evaluate("if(1 > 2, 10, 20)") == num("20"))
        #expect(try evaluate("default(x, 7)", ["x": .none], types: ["x": .number]) == num("7"))
        #expect(try evaluate("default(x, 7)", ["x": num("3")], types: ["x": .number]) == num("3"))
        #expect(try evaluate("len(['a', 'b'])") == num("2"))
    }

    @Test func tierTables() throws {
        // marginal: 1000万×3‰ = 3万; (1亿−1000万)×4‰ = 36万; (1.5亿−1亿)×5‰ = 25万 → 64万
        #expect(try evaluate("marginal(1.5亿, T) == 64万") == .bool(true))
        // bracket: whole amount at the top rate reached: 1.5亿 × 5‰ = 75万
        #expect(try evaluate("bracket(1.5亿, T) == 75万") == .bool(true))
        // lookup: the value of the highest row ≤ x: 5000万 → 4‰
        #expect(try evaluate("lookup(5000万, T)") == num("0.004"))
        #expect(try evaluate("marginal(500万, T)") == num("15000"))   // 500万 × 3‰
        #expect(try evaluate("季度扣减['中层干部']") == num("1000"))
    }

    @Test func datesAndPeriods() throws {
        #expect(try evaluate("2021-06-30 in 2021-01-01 .. 2021-12-31") == .bool(true))
        #expect(try evaluate("2022-01-01 in 2021-01-01 .. 2021-12-31") == .bool(false))
        #expect(try evaluate("days(2021-01-01, 2021-03-01)") == num("59"))
        #expect(try evaluate("months(2021-01-31, 2021-03-30)") == num("1"))
        #expect(try evaluate("months(2021-01-31, 2021-03-31)") == num("2"))
        #expect(try evaluate("quarter(2021-08-15)") == num("3"))
        #expect(try evaluate("year(2021-08-15) * 100 + month(2021-08-15)") == num("202108"))
    }

    @Test func noneSemantics() throws {
        let t: [String: ValueType] = ["d": .date, "x": .number, "s": .text]
        let v: [String: Value] = ["d": .none, "x": .none, "s": .none]
        #expect(try evaluate("d != none", v, types: t) == .bool(false))
        #expect(try evaluate("d == none", v, types: t) == .bool(true))
        // A comparison with none is false, and only that comparison.
        #expect(try evaluate("x > 5 or s == none", v, types: t) == .bool(true))
        #expect(try evaluate("x <= 5", v, types: t) == .bool(false))
        #expect(try evaluate("s in ['省外']", v, types: t) == .bool(false))
        #expect(throws: EvaluationError.self) { try evaluate("x + 1", v, types: t) }
    }

    @Test func textAndLists() throws {
        let t: [String: ValueType] = ["来源": .text, "标签": .list(.text)]
        let v: [String: Value] = ["来源": .text("境外"), "标签": .list([.text("世界500强"), .text("高新技术")])]
        #expect(try evaluate("来源 in ['省外', '境外']", v, types: t) == .bool(true))
        #expect(try evaluate("来源 not in ['省外', '境外']", v, types: t) == .bool(false))
        #expect(try evaluate("标签 contains '世界500强'", v, types: t) == .bool(true))
        #expect(try evaluate("来源 == “境外”", v, types: t) == .bool(true))
    }

    @Test func fullWidthInput() throws {
        #expect(try evaluate("max（1，2）≥ 2") == .bool(true))
        #expect(try evaluate("6 ÷ 4 × 2") == num("3"))
    }
}

@Suite struct CheckerTests {
    func diagnostics(_ text: String, _ scope: TestScope = TestScope()) -> [Diagnostic] {
        switch Parser.parse(ExpressionSource(text: text, file: "f.yaml", line: 3, column: 10)) {
        case .failure(let e):
            return [.error(e.message, at: ExpressionSource(text: text, file: "f.yaml", line: 3, column: 10).location(at: e.offset))]
        case .success(let x):
            return Checker.check(x, in: scope).diagnostics
        }
    }

    @Test func textPlusNumber() {
        let d = diagnostics("名称 + 1", TestScope(names: ["名称": .text]))
        #expect(d.map(\.message) == ["cannot compute text + number"])
        #expect(d.first?.location == SourceLocation(file: "f.yaml", line: 3, column: 10))
    }

    @Test func unknownNameAndFunction() {
        let d = diagnostics("1 + 金额x", TestScope(names: ["金额": .number]))
        #expect(d.first?.message == "unknown name '金额x'")
        #expect(d.first?.hint == "did you mean '金额'?")
        #expect(d.first?.location?.column == 14)   // 10 + 4 scalars: "1 + "
        let f = diagnostics("maxx(1, 2)")
        #expect(f.first?.message == "unknown function 'maxx'")
        #expect(f.first?.hint == "did you mean 'max'?")
    }

    @Test func arity() {
        let d = diagnostics("round(1, 2, 3)")
        #expect(d.first?.message == "round() takes 1 or 2 arguments, given 3")
        #expect(diagnostics("clamp(1, 2)").first?.message == "clamp() takes 3 arguments, given 2")
    }

    @Test func lexErrors() {
        #expect(diagnostics("x > 3千").first?.message == "unknown number suffix '千'")
        #expect(diagnostics("x > 3千").first?.location?.column == 15)   // 10 + 5
        #expect(diagnostics("来源 == '省外").first?.message == "unclosed string")
        #expect(diagnostics("来源 == '省外").first?.location?.column == 16)   // 10 + 6
        #expect(diagnostics("a = 1").first?.message == "'=' is not an operator")
        #expect(diagnostics("(1 + 2").first?.message == "expected ')', found end of expression")
    }

    @Test func comparisonsOfMismatchedTypes() {
        let s = TestScope(names: ["d": .date, "n": .number])
        #expect(diagnostics("d > 5", s).first?.message == "cannot compare date with number")
        #expect(diagnostics("n in 2021-01-01 .. 2021-12-31", s).first?.message == "only a date can be 'in' a period, found number")
        #expect(diagnostics("d in 2021-01-01 .. 2021-12-31", s).isEmpty)
    }

    @Test func scopeFunctionsOnlyAtUnitLevel() {
        var s = TestScope(names: ["x": .number])
        s.level = .record
        #expect(diagnostics("max_of(x)", s).first?.message.hasPrefix("max_of() compares units") == true)
    }

    @Test func suggestion() {
        #expect(Suggest.nearest("pionts", in: ["points", "score", "cap"]) == "points")
        #expect(Suggest.nearest("省外到位资", in: ["省外到位资金", "亿元项目"]) == "省外到位资金")
        #expect(Suggest.nearest("zzzzzz", in: ["points"]) == nil)
    }
}
