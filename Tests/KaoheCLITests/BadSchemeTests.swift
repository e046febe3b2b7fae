import Testing
import Foundation
import Kaohe
@testable import KaoheIO

/// A small valid scheme; each test changes one line and asserts the exact position of the error.
/// Line numbers are 1-based; the comment on each line gives its number.
let baseScheme = [
    "scheme:",                                                        // 1
    "  name: 测试县考核",                                               // 2
    "  year: 2021",                                                   // 3
    "  money: 万元",                                                   // 4
    "tables:",                                                        // 5
    "  费率: [[0, 3‰], [1000万, 4‰]]",                                  // 6
    "data:",                                                          // 7
    "  projects:",                                                    // 8
    "    file: projects.csv",                                         // 9
    "    columns: {单位: unit, 签约日期: date, 到位资金: 万元, 来源: text, 名称: text}",  // 10
    "units:",                                                         // 11
    "  - {name: 城关镇, group: 一类}",                                   // 12
    "  - {name: 河西镇, group: 一类}",                                   // 13
    "groups:",                                                        // 14
    "  一类: {targets: {到位资金: 5亿}}",                                 // 15
    "indicators:",                                                    // 16
    "  到位资金:",                                                     // 17
    "    from: projects",                                             // 18
    "    where: 来源 in ['省外', '境外']",                                // 19
    "    sum: 到位资金",                                               // 20
    "    points: 60",                                                 // 21
    "    score: proportional",                                        // 22
    "  项目数:",                                                       // 23
    "    from: projects",                                             // 24
    "    count: true",                                                // 25
    "    points: 40",                                                 // 26
    "    score: {steps: [[1, 10], [3, 25], [5, 40]], on: value}",      // 27
    "  人均:",                                                         // 28
    "    value: 到位资金 / 项目数",                                      // 29
    "grades:",                                                        // 30
    "  - {grade: 合格, when: total >= 60}",                             // 31
    "  - {grade: 不合格}",                                              // 32
]

func check(_ lines: [String]) -> [Diagnostic] {
    let text = lines.joined(separator: "\n") + "\n"
    let loaded = SchemeLoader.load(text: text, file: "s.yaml", directory: URL(fileURLWithPath: "/tmp"))
    return loaded.diagnostics.sorted
}

func replacing(_ line: Int, with text: String) -> [String] {
    var lines = baseScheme
    lines[line - 1] = text
    return lines
}

func firstError(_ lines: [String]) -> Diagnostic? { check(lines).first { $0.severity == .error } }

@Suite struct BadSchemeTests {
    @Test func baseIsValid() {
        #expect(check(baseScheme).isEmpty)
    }

    @Test func unknownKeyWithSuggestion() {
        // The item then also lacks points for its proportional score: both are reported.
        let e = check(replacing(21, with: "    pionts: 60")).first { $0.message.hasPrefix("unknown key") }
        #expect(e?.location?.description == "s.yaml:21:5")
        #expect(e?.message == "unknown key 'pionts' in item 到位资金")
        #expect(e?.hint == "did you mean 'points'?")
    }

    @Test func misspeltScoreForm() {
        // "    score: " is 11 columns: the word starts at column 12. One error, with the form meant.
        let errors = check(replacing(22, with: "    score: proprtional")).filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.location?.description == "s.yaml:22:12")
        #expect(errors.first?.message == "item 到位资金.score: 'proprtional' is not a score form")
        #expect(errors.first?.hint == "did you mean 'proportional'?")
        #expect(firstError(replacing(22, with: "    score: ratd"))?.hint == "did you mean 'rated'?")
        // A lone word that is a name is a formula (the item's own rate), not a misspelt form.
        #expect(firstError(replacing(22, with: "    score: rate * 60")) == nil)
        #expect(check(replacing(22, with: "    score: points")).filter { $0.severity == .error }.isEmpty)
        // A word near no form stays an unknown name.
        #expect(firstError(replacing(22, with: "    score: 分数"))?.message == "unknown name '分数'")
    }

    @Test func unknownNameInWhere() {
        // "    where: " is 11 columns, so the expression starts at column 12; "来源x" is its first token.
        let e = firstError(replacing(19, with: "    where: 来源x in ['省外']"))
        #expect(e?.location?.description == "s.yaml:19:12")
        #expect(e?.message == "unknown name '来源x'")
        #expect(e?.hint == "did you mean '来源'?")
    }

    @Test func unitLevelNameAtRecordLevel() {
        // "    where: 来源 == '省外' and " is 11 + 15 = 26 columns: 'total' starts at 27.
        let e = firstError(replacing(19, with: "    where: 来源 == '省外' and total > 1"))
        #expect(e?.location?.description == "s.yaml:19:27")
        #expect(e?.message == "'total' is a unit-level name and cannot be used in a record expression of dataset 'projects'")
    }

    @Test func cycleIsNamed() {
        var lines = replacing(29, with: "    value: 到位资金 / 项目数 + 比率")
        lines.append(contentsOf: ["bonuses:", "  比率: {value: 人均 * 2}"])   // lines 33, 34
        let e = firstError(lines)
        #expect(e?.message == "items refer to each other in a cycle: 人均 → 比率 → 人均")
        #expect(e?.location?.description == "s.yaml:28:3")
    }

    @Test func badSuffix() {
        // "    sum: 到位资金 * 3" is 17 columns; the suffix '千' is column 18.
        let e = firstError(replacing(20, with: "    sum: 到位资金 * 3千"))
        #expect(e?.location?.description == "s.yaml:20:18")
        #expect(e?.message == "unknown number suffix '千'")
    }

    @Test func unclosedString() {
        // The quote opens at column 18: "    where: 来源 == " is 17 columns.
        let e = firstError(replacing(19, with: "    where: 来源 == '省外"))
        #expect(e?.location?.description == "s.yaml:19:18")
        #expect(e?.message == "unclosed string")
    }

    @Test func wrongArity() {
        let e = firstError(replacing(20, with: "    sum: round(到位资金, 2, 3)"))
        #expect(e?.location?.description == "s.yaml:20:10")
        #expect(e?.message == "round() takes 1 or 2 arguments, given 3")
    }

    @Test func textPlusNumber() {
        // "    sum: 到位资金 + " is 16 columns: '名称' at 17.
        let e = firstError(replacing(20, with: "    sum: 到位资金 + 名称"))
        #expect(e?.location?.description == "s.yaml:20:17")
        #expect(e?.message == "cannot compute number + text")
    }

    @Test func stepsNotMonotone() {
        // "    score: {steps: [[1, 10], [3, 25], [" is 39 columns: the threshold 2 is at column 40.
        let e = firstError(replacing(27, with: "    score: {steps: [[1, 10], [3, 25], [2, 40]], on: value}"))
        #expect(e?.location?.description == "s.yaml:27:40")
        #expect(e?.message.hasPrefix("item 项目数.score.steps: thresholds must be strictly increasing or strictly decreasing") == true)
    }

    @Test func missingTargetForProportional() {
        let e = firstError(replacing(15, with: "  一类: {targets: {}}"))
        #expect(e?.location?.description == "s.yaml:17:3")
        #expect(e?.message == "item 到位资金 is scored on its rate but has no target for group 一类")
    }

    @Test func duplicateItemAcrossSections() {
        var lines = baseScheme
        lines.append(contentsOf: ["bonuses:", "  项目数: {value: 1}"])   // 33, 34
        let e = firstError(lines)
        #expect(e?.location?.description == "s.yaml:34:3")
        #expect(e?.message == "item '项目数' is defined twice (first under indicators at line 23)")
    }

    @Test func unknownDatasetInFrom() {
        let e = firstError(replacing(24, with: "    from: project"))
        #expect(e?.location?.description == "s.yaml:24:11")
        #expect(e?.message == "item 项目数: unknown dataset 'project' in from")
        #expect(e?.hint == "did you mean 'projects'?")
    }

    @Test func sumOfTextColumn() {
        let e = firstError(replacing(20, with: "    sum: 名称"))
        #expect(e?.location?.description == "s.yaml:20:10")
        #expect(e?.message == "item 到位资金.sum must be a number, found text")
    }

    @Test func depositsWithoutSettle() {
        var lines = baseScheme
        lines.insert(contentsOf: ["  deposits:", "    file: deposits.csv", "    columns: {单位: unit, 姓名: text, 职务: text, 金额: 元}"], at: 10)
        // Three lines inserted after line 10: the old last line 32 is now 35.
        lines.append(contentsOf: ["deposits:", "  from: deposits", "  basis: 到位资金.rate"])   // 36, 37, 38
        let e = firstError(lines)
        #expect(e?.location?.description == "s.yaml:37:3")
        #expect(e?.message == "deposits has no settle: rows; say how each deposit is refunded")
    }

    @Test func flowMappingTrap() {
        // The comma cuts `max(到位资金, 1)` in two: the parser sees `max(到位资金` and a key `1)`.
        let d = check(replacing(29, with: "    value: 1") + ["bonuses:", "  奖: {value: max(到位资金, 1)}"])
        let e = d.first { $0.severity == .error }
        // "  奖: {value: " is 13 columns; 'max(到位资金' runs 8 columns; the end is at column 22.
        #expect(e?.location?.description == "s.yaml:34:22")
        #expect(e?.message == "expected ')', found end of expression")
        #expect(e?.hint?.contains("flow mapping") == true)
    }

    @Test func yamlSyntaxErrorInFlowMapping() {
        let e = firstError(replacing(31, with: "  - {grade: 合格, when: 来源 in ['a', 'b']}"))
        #expect(e?.message.hasPrefix("YAML syntax:") == true)
        #expect(e?.location?.line == 31)
        #expect(e?.hint?.contains("flow mapping") == true)
    }

    @Test func duplicateKeyAtSecondKey() {
        var lines = baseScheme
        lines.insert("    points: 50", at: 21)   // becomes line 22, a second points: in 到位资金
        let e = firstError(lines)
        #expect(e?.location?.description == "s.yaml:22:5")
        #expect(e?.message == "duplicate key 'points'")
    }

    @Test func unknownColumnType() {
        let e = firstError(replacing(10, with: "    columns: {单位: unit, 签约日期: date, 到位资金: 万圆, 来源: text, 名称: text}"))
        // "    columns: {单位: unit, 签约日期: date, 到位资金: " is 42 columns.
        #expect(e?.location?.description == "s.yaml:10:43")
        #expect(e?.message == "unknown column type '万圆'")
    }

    @Test func unknownGroupOfUnit() {
        let e = firstError(replacing(13, with: "  - {name: 河西镇, group: 二类}"))
        #expect(e?.location?.description == "s.yaml:13:5")
        #expect(e?.message == "unit '河西镇': group '二类' is not declared under groups")
    }

    @Test func columnAtUnitLevel() {
        let e = firstError(replacing(29, with: "    value: 来源"))
        #expect(e?.location?.description == "s.yaml:29:12")
        #expect(e?.message.hasPrefix("'来源' is a column of dataset 'projects'") == true)
    }

    @Test func totalNotKnownWhileScoring() {
        let e = firstError(replacing(29, with: "    value: total * 2"))
        #expect(e?.message == "'total' is not known yet while items are scored")
    }

    @Test func pointsWarning() {
        let d = check(replacing(26, with: "    points: 30"))
        #expect(d.filter { $0.severity == .error }.isEmpty)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.message == "the indicator points of group 一类 add up to 90, not 100")
        #expect(d.first?.location?.description == "s.yaml:15:3")
    }

    @Test func allErrorsAreReported() {
        var lines = replacing(21, with: "    pionts: 60")
        lines[19] = "    sum: 到位资金 * 3千"
        lines[23] = "    from: project"
        let errors = check(lines).filter { $0.severity == .error }
        // 17: 到位资金 has a proportional score but (with 'pionts' unknown) no points.
        #expect(errors.map { $0.location?.line ?? 0 } == [17, 20, 21, 24])
    }

    @Test func onIsAWordNotABoolean() {
        // YAML 1.1 would read `on` and `yes` as booleans; kaohe reads them as words.
        let e = firstError(replacing(27, with: "    score: {steps: [[1, 10], [3, 25], [5, 40]], on: yes}"))
        #expect(e?.message == "item 项目数.score.on: 'yes' is not one of rate, value")
    }
}
