import Testing
import Foundation
import Kaohe
@testable import KaoheIO
@testable import KaoheCLI

/// Rules of SPEC §5, §6 and §8 that a review against the SPEC found unkept: true/false in
/// `max`/`min`, units in one unnamed group without `groups:`, team averages as computed, group
/// targets naming no item, and a `--set` that is not PATH=VALUE.
@Suite struct SpecRulesTests {
    /// `formScheme`'s units and data with `items` (ScoreFormTests: 甲镇 has P1 省外, P2 境外
    /// and P6 省内; 乙镇 P3 省外 and 60% of P4 省外; 丙镇 40% of P4 and P5, both 省外).
    func assess(_ items: String, extra: String = "", replacing: [(String, String)] = []) throws -> Assessment {
        var scheme = formScheme(items, extra: extra)
        for (a, b) in replacing { scheme = scheme.replacingOccurrences(of: a, with: b) }
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": formProjects])
        defer { fx.remove() }
        return try fx.assess().unwrap()
    }

    @Test func trueIsGreaterThanFalseInMaxAndMin() throws {
        let a = try assess("""
          有省内: {from: projects, max: 来源 == '省内'}
          全省外: {from: projects, min: 来源 == '省外'}
          大: {value: 'max(有省内, false)'}
          小: {value: 'min(全省外, true)'}
          到位资金: {from: projects, sum: 到位资金, points: 100, score: proportional}
        """)
        // 甲镇: P6 is 省内, so the max of its three truths is true; P2 is 境外, so the min is false.
        #expect(a.unit("甲镇")?.item("有省内")?.value == .bool(true))
        #expect(a.unit("甲镇")?.item("全省外")?.value == .bool(false))
        #expect(a.unit("甲镇")?.item("大")?.value == .bool(true))     // max(true, false)
        #expect(a.unit("甲镇")?.item("小")?.value == .bool(false))    // min(false, true)
        // 乙镇 and 丙镇: every project 省外 — max false, min true.
        for u in ["乙镇", "丙镇"] {
            #expect(a.unit(u)?.item("有省内")?.value == .bool(false))
            #expect(a.unit(u)?.item("全省外")?.value == .bool(true))
            #expect(a.unit(u)?.item("大")?.value == .bool(false))     // max(false, false)
            #expect(a.unit(u)?.item("小")?.value == .bool(true))      // min(true, true)
        }
    }

    @Test func maxOfTextIsStillRefused() {
        // (Only numbers, dates and true/false have an order for max/min.)
        let e = check(replacing(25, with: "    max: 来源")).first { $0.severity == .error }
        #expect(e?.message == "item 项目数.max must be a number, a date or true/false, found text")
        let f = firstError(replacing(29, with: "    value: max('甲', '乙')"))
        #expect(f?.message == "max() compares numbers, dates or true/false, found text")
    }

    @Test func withoutGroupsEveryUnitIsInOneUnnamedGroup() throws {
        // Two groups given, none declared: ranked together (甲镇 100 > 丙镇 78 > 乙镇 42).
        let a = try assess("""
          到位资金: {from: projects, sum: 到位资金, points: 100, score: proportional, target: 1000万}
        """, replacing: [("groups:\n  一类: {targets: {到位资金: 1000万}}", ""),
                         ("{name: 乙镇, group: 一类}", "{name: 乙镇, group: 二类}")])
        #expect(a.units.map(\.unit) == ["甲镇", "丙镇", "乙镇"])
        #expect(a.units.map(\.rank) == [1, 2, 3])
        #expect(a.units.map(\.rankAll) == [1, 2, 3])
        #expect(a.units.allSatisfy { $0.group == nil })
    }

    @Test func rankLineOfAUnitOfNoGroup() throws {
        // No groups: (ranking within group by default): 乙镇 is 3rd of the 3 units.
        let scheme = formScheme("""
          到位资金: {from: projects, sum: 到位资金, points: 100, score: proportional, target: 1000万}
        """).replacingOccurrences(of: "groups:\n  一类: {targets: {到位资金: 1000万}}", with: "")
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": formProjects])
        defer { fx.remove() }
        let en = run(["explain", fx.schemePath, "--unit", "乙镇", "--lang", "en", "--records", "0"])
        #expect(en.status == 0)
        #expect(en.out.contains("ranked by total desc: 3rd of 3 units (3rd of all units)"), "\(en.out)")
        let zh = run(["explain", fx.schemePath, "--unit", "乙镇", "--records", "0"])
        #expect(zh.out.contains("按 total desc 排序，在 3 个单位中排第 3（全部单位中第 3）"), "\(zh.out)")
    }

    @Test func undeclaredGroupsAreWarnedOf() {
        // The base scheme without its groups: (lines 14–15); its inline units give groups.
        let lines = baseScheme.enumerated().filter { ![13, 14].contains($0.offset) }.map(\.element)
        let w = check(lines).first { $0.severity == .warning && $0.message.contains("declares no groups") }
        #expect(w?.message == "2 units are given a group, but the scheme declares no groups: every unit is ranked in one unnamed group")
        #expect(w?.location?.description == "s.yaml:12:5")
        // A units file whose group column is named (lines 12–13 become file: and group:).
        var file = lines
        file[11] = "  file: units.csv"
        file[12] = "  group: 组"
        let v = check(file).first { $0.severity == .warning && $0.message.contains("declares no groups") }
        #expect(v?.message == "units.group names a column, but the scheme declares no groups: every unit is ranked in one unnamed group")
        #expect(v?.location?.description == "s.yaml:13:3")
    }

    @Test func unitsFileGroupsAreDroppedWithoutGroups() throws {
        let scheme = formScheme("""
          到位资金: {from: projects, sum: 到位资金, points: 100, score: proportional, target: 1000万}
        """).replacingOccurrences(of: "groups:\n  一类: {targets: {到位资金: 1000万}}", with: "")
            .replacingOccurrences(of: "  - {name: 甲镇, group: 一类}\n  - {name: 乙镇, group: 一类}\n  - {name: 丙镇, group: 一类}",
                                  with: "  file: units.csv\n  name: 单位\n  group: 组")
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": formProjects, "units.csv": "单位,组\n甲镇,一类\n乙镇,二类\n丙镇,二类\n"])
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        // One ranking over the three: 甲镇 110% → 100, 丙镇 78, 乙镇 42.
        #expect(a.units.map(\.unit) == ["甲镇", "丙镇", "乙镇"])
        #expect(a.units.map(\.rank) == [1, 2, 3])
        #expect(a.units.allSatisfy { $0.group == nil })
    }

    @Test func teamAverageIsAsComputed() throws {
        let a = try assess("""
          到位资金: {from: projects, where: "来源 in ['省外', '境外']", sum: 到位资金, points: 100, score: proportional}
        """, extra: "teams: {score: average}", replacing: [
            ("{name: 甲镇, group: 一类}", "{name: 甲镇, group: 一类, team: 一团}"),
            ("{name: 乙镇, group: 一类}", "{name: 乙镇, group: 一类, team: 一团}"),
            ("{name: 丙镇, group: 一类}", "{name: 丙镇, group: 一类, team: 一团}"),
        ])
        // (100 + 42 + 78) ÷ 3 = 73.333…, carried to 20 places, not rounded to the scheme's 2.
        #expect(a.teams.count == 1)
        #expect(a.teams.first?.score == (try Fixed(220).divided(by: Fixed(3))))
        #expect(a.teams.first?.score.description == "73.33333333333333333333")
    }

    @Test func groupTargetForNoItemIsWarnedOf() {
        // Also when a targets dataset is declared (which then gives the targets the group lacks).
        var lines = replacing(15, with: "  一类: {targets: {到位资金: 5亿, 到位资: 1亿}}")
        lines.insert(contentsOf: ["  targets:", "    file: targets.csv"], at: 10)
        let d = check(lines)
        #expect(!d.contains { $0.severity == .error })
        let e = d.first { $0.severity == .warning }
        #expect(e?.message == "group 一类 has a target for '到位资', which is not an item")
        #expect(e?.location?.description == "s.yaml:17:28")   // the key: "  一类: {targets: {到位资金: 5亿, " is 27 characters
        #expect(e?.hint == "did you mean '到位资金'?")
    }

    @Test func unitLevelTableKeysAreCheckedAtLoad() throws {
        // 系数表 has keys A and B: 丙镇's 类型 C is not one (checked at load, not first met while
        // scoring); 名单 is keyed by unit and lacks 乙镇.
        let scheme = formScheme("""
          系数: {value: '系数表[unit.类型] + 名单[unit]'}
          到位资金: {from: projects, sum: 到位资金, points: 100, score: proportional}
        """).replacingOccurrences(of: "{name: 甲镇, group: 一类}", with: "{name: 甲镇, group: 一类, 类型: A}")
            .replacingOccurrences(of: "{name: 乙镇, group: 一类}", with: "{name: 乙镇, group: 一类, 类型: B}")
            .replacingOccurrences(of: "{name: 丙镇, group: 一类}", with: "{name: 丙镇, group: 一类, 类型: C}")
            .replacingOccurrences(of: "data:\n", with: "tables:\n  系数表: {A: 1, B: 2}\n  名单: {甲镇: 1, 丙镇: 3}\ndata:\n")
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": formProjects])
        defer { fx.remove() }
        // (The units are inline: their positions are the scheme's, lines 13–15 here. Keys are
        // reported in the expression's order, each table's units in order.)
        #expect(fx.errors() == ["scheme.yaml:15:5: 类型 'C' of unit '丙镇' is not a key of table 系数表",
                                "scheme.yaml:14:5: unit '乙镇' is not a key of table 名单"])
    }

    @Test func unitTableKeysFromAUnitsFileAndTheDeposits() throws {
        // The county sample with a deposits basis reading 季度扣减[group] (keyed by 职务, not by
        // group): every group is reported once, at the first unit of it, with its units file
        // column (类别), and a what-if that brings such a key into a grade is checked too.
        let county = packageRoot.appendingPathComponent("rules/county-2021.yaml")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: county, encoding: .utf8)
        let data = packageRoot.appendingPathComponent("samples/county-2021").path
        let edited = text.replacingOccurrences(of: "  basis: 省外到位资金.rate", with: "  basis: 省外到位资金.rate * 季度扣减[group] / 1000")
        #expect(edited != text)
        let path = dir.appendingPathComponent("s.yaml").path
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let r = run(["check", path, "--data", data])
        #expect(r.status == 1)
        let errors = r.err.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 3, "\(r.err)")
        #expect(errors.first?.hasSuffix("units.csv:2:类别: error: 类别 '一类乡镇' of unit '城关镇' is not a key of table 季度扣减") == true, "\(r.err)")
        // A grade reading 季度扣减[unit] in a what-if: checked against the ledger as score would.
        let w = run(["whatif", county.path, "--set", "grades=[{grade: 优秀, when: total >= 0}, {grade: 良好, when: \"季度扣减[unit] > 0\"}, {grade: 不合格}]"])
        #expect(w.status == 1)
        #expect(w.err.contains("units.csv:2:单位: error: unit '城关镇' is not a key of table 季度扣减"), "\(w.err)")
        // (A sweep of an item's points does not check again, and still runs.)
        #expect(ScenarioBase.mayChangeCheck(["indicators", "省外到位资金", "points"]) == false)
        #expect(ScenarioBase.mayChangeCheck(["grades"]) == true)
        #expect(ScenarioBase.mayChangeCheck(["rewards", "引资奖励", "max"]) == false)
    }

    @Test func keysOfALargeTableAreNotAllListed() {
        var values: [String: Value] = [:]
        for k in 1...20 { values["单位\(k)"] = .number(Fixed(k)) }
        // 20 keys: the nearest and the range, not all of them.
        #expect(LedgerLoader.keysHint(values, "单位7x") == "did you mean '单位7'? 20 keys, from '单位1' to '单位9'")
        #expect(LedgerLoader.keysHint(["甲": .number(Fixed(1)), "乙": .number(Fixed(2))], "丙") == "keys: 乙, 甲")
    }

    @Test func setWithoutEqualsIsWrongUsage() {
        let scheme = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let r = run(["whatif", scheme, "--set", "indicators.省外到位资金.points"])
        #expect(r.status == 2)
        #expect(r.err.contains("--set indicators.省外到位资金.points: write PATH=VALUE, e.g. indicators.省外到位资金.points=50"))
        #expect(run(["whatif", scheme, "--set", "indicators..points=5"]).status == 2)
    }
}
