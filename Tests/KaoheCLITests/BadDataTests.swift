import Testing
import Foundation
import Kaohe

/// A scheme reading every column type; each test breaks one cell and asserts FILE:ROW:COLUMN.
let dataScheme = """
scheme: {name: 测试, year: 2021, money: 万元, rates: {美元: 6.45}}
tables:
  扣减: {书记: 1000, 镇长: 800}
data:
  projects:
    file: projects.csv
    key: 编号
    unit: 单位
    date: 日期
    columns: {编号: text, 单位: unit, 日期: date, 开工: date?, 到位资金: 万元, 外资: 美元?, 入统: bool, 标签: list, 个数: number}
  deposits:
    file: deposits.csv
    columns: {单位: unit, 姓名: text, 职务: text, 金额: 元}
  targets: targets.csv
  adjustments: adjustments.csv
units:
  - {name: 甲镇, group: 一类}
  - {name: 乙镇, group: 一类}
groups:
  一类: {}
indicators:
  到位资金: {from: projects, sum: '到位资金 + default(外资, 0)', points: 60, score: proportional}
  个数: {from: projects, sum: 个数, points: 40, score: {each: 10, max: 40}}
deposits:
  from: deposits
  settle:
    - refund: amount - 扣减[职务]
"""

let goodProjects = """
编号,单位,日期,开工,到位资金,外资,入统,标签,个数
P1,甲镇,2021-01-05,,100,,是,高新技术,1
P2,乙镇,2021/2/6,2021-03-01,200.5,10,否,,2

"""
let goodDeposits = "单位,姓名,职务,金额\n甲镇,张三,书记,5000\n乙镇,李四,镇长,5000\n"
let goodTargets = "单位,指标,目标\n甲镇,到位资金,1000万\n乙镇,到位资金,0.1亿\n"
let goodAdjustments = "单位,指标,分数,理由,批准人\n甲镇,到位资金,1,申诉,考核委\n"

func dataErrors(projects: String = goodProjects, deposits: String = goodDeposits, targets: String = goodTargets,
                adjustments: String = goodAdjustments, scheme: String = dataScheme) throws -> [String] {
    let fx = try Fixture(scheme: scheme, files: ["projects.csv": projects, "deposits.csv": deposits,
                                                 "targets.csv": targets, "adjustments.csv": adjustments])
    defer { fx.remove() }
    return fx.errors()
}

/// The projects file with row 3 (P2's line) replaced.
func withP2(_ line: String) -> String {
    goodProjects.replacingOccurrences(of: "P2,乙镇,2021/2/6,2021-03-01,200.5,10,否,,2", with: line)
}

@Suite struct BadDataTests {
    @Test func goodDataLoads() throws {
        #expect(try dataErrors() == [])
    }

    @Test func badNumberInMoneyColumn() throws {
        #expect(try dataErrors(projects: withP2("P2,乙镇,2021-02-06,,20O,,否,,2")) == ["projects.csv:3:到位资金: '20O' is not an amount in 万元"])
    }

    @Test func badDate() throws {
        #expect(try dataErrors(projects: withP2("P2,乙镇,2021-02-30,,200,,否,,2")).first?.hasPrefix("projects.csv:3:日期: '2021-02-30' is not a date") == true)
    }

    @Test func emptyRequiredCell() throws {
        #expect(try dataErrors(projects: withP2("P2,乙镇,2021-02-06,,,,否,,2")).first?.hasPrefix("projects.csv:3:到位资金: empty cell in a required column") == true)
    }

    @Test func badBool() throws {
        #expect(try dataErrors(projects: withP2("P2,乙镇,2021-02-06,,200,,也许,,2")).first?.hasPrefix("projects.csv:3:入统: '也许' is not a yes/no value") == true)
    }

    @Test func unknownUnit() throws {
        #expect(try dataErrors(projects: withP2("P2,丙镇,2021-02-06,,200,,否,,2")) == ["projects.csv:3:单位: unknown unit '丙镇'"])
    }

    @Test func sharesNotAddingUp() throws {
        #expect(try dataErrors(projects: withP2("P2,甲镇 60%、乙镇 30%,2021-02-06,,200,,否,,2"))
                == ["projects.csv:3:单位: shares add up to 90%, not 100% ('甲镇 60%、乙镇 30%')"])
    }

    @Test func shareGivenForSomeOnly() throws {
        #expect(try dataErrors(projects: withP2("P2,甲镇 60%、乙镇,2021-02-06,,200,,否,,2")).first?.hasPrefix("projects.csv:3:单位: give a share for every unit or for none") == true)
    }

    @Test func duplicateKey() throws {
        #expect(try dataErrors(projects: withP2("P1,乙镇,2021-02-06,,200,,否,,2")) == ["projects.csv:3:编号: duplicate key 'P1' (first at row 2)"])
    }

    @Test func missingDeclaredColumn() throws {
        let p = goodProjects.replacingOccurrences(of: ",个数\n", with: ",数量\n")
        let e = try dataErrors(projects: p)
        #expect(e == ["projects.csv:1: missing column '个数' (declared in the scheme for dataset projects)"])
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        let e = try dataErrors(projects: withP2("P2,\"乙镇,2021-02-06,,200,,否,,2"))
        #expect(e.count == 1)
        #expect(e.first?.hasPrefix("projects.csv:3") == true)
    }

    @Test func everyBadCellIsReported() throws {
        let p = goodProjects
            .replacingOccurrences(of: "P1,甲镇,2021-01-05,,100,,是,高新技术,1", with: "P1,甲镇,2021-13-05,,1OO,,是,高新技术,x")
        let e = try dataErrors(projects: p)
        #expect(e.count == 3)
        #expect(e.map { $0.split(separator: ":").prefix(3).joined(separator: ":") } == ["projects.csv:2:日期", "projects.csv:2:到位资金", "projects.csv:2:个数"])
    }

    @Test func targetsUnknownUnitAndItem() throws {
        let e = try dataErrors(targets: "单位,指标,目标\n甲镇,到位资金,1000万\n乙县,到位资金,1000万\n乙镇,到位资迹,3\n")
        #expect(e.contains("targets.csv:3:单位: unknown unit '乙县'"))
        #expect(e.contains("targets.csv:4:指标: unknown item '到位资迹'"))
    }

    @Test func targetNotALiteral() throws {
        let e = try dataErrors(targets: "单位,指标,目标\n甲镇,到位资金,一千万\n乙镇,到位资金,1000万\n")
        #expect(e.first?.hasPrefix("targets.csv:2:目标: '一千万' is not a target") == true)
    }

    @Test func missingTargetAfterLoading() throws {
        let e = try dataErrors(targets: "单位,指标,目标\n甲镇,到位资金,1000万\n")
        #expect(e.count == 1)
        #expect(e.first?.hasSuffix("error(s)") == false)
        #expect(e.first?.contains("item 到位资金 is scored on its rate but has no target for 乙镇") == true)
    }

    @Test func adjustmentUnknownUnitAndBadScore() throws {
        let e = try dataErrors(adjustments: "单位,指标,分数,理由,批准人\n甲乡,到位资金,1,申诉,考核委\n乙镇,到位资金,一分,申诉,考核委\n")
        #expect(e == ["adjustments.csv:2:单位: unknown unit '甲乡'", "adjustments.csv:3:分数: '一分' is not a score"])
    }

    @Test func tableKeyTheDataProduces() throws {
        let e = try dataErrors(deposits: "单位,姓名,职务,金额\n甲镇,张三,书记,5000\n乙镇,李四,副镇长,3000\n")
        #expect(e == ["deposits.csv:3:职务: 职务 '副镇长' is not a key of table 扣减"])
    }

    @Test func tableKeysMissingAreEachReportedOnceAtTheirFirstRecord() throws {
        // 副镇长 (rows 3 and 5) and 主任 (row 4) are no keys of 扣减; 书记 is. Each missing key once,
        // at its first record, in record order (the column's distinct texts are looked up once).
        let e = try dataErrors(deposits: "单位,姓名,职务,金额\n甲镇,张三,书记,5000\n乙镇,李四,副镇长,3000\n甲镇,王五,主任,2000\n乙镇,赵六,副镇长,1000\n")
        #expect(e == ["deposits.csv:3:职务: 职务 '副镇长' is not a key of table 扣减",
                      "deposits.csv:4:职务: 职务 '主任' is not a key of table 扣减"])
    }

    @Test func missingDataFile() throws {
        let fx = try Fixture(scheme: dataScheme, files: ["deposits.csv": goodDeposits, "targets.csv": goodTargets, "adjustments.csv": goodAdjustments])
        defer { fx.remove() }
        #expect(fx.errors() == ["projects.csv: no such file"])
    }

    @Test func noneInArithmeticNamesTheRecord() throws {
        let s = dataScheme.replacingOccurrences(of: "sum: '到位资金 + default(外资, 0)'", with: "sum: 到位资金 + 外资")
        let e = try dataErrors(scheme: s)
        #expect(e.count == 1)
        // The record's row and the column that is empty (FILE:ROW:COLUMN-NAME, SPEC §8).
        #expect(e.first?.hasPrefix("projects.csv:2:外资: record P1: 外资 is empty (none)") == true)
    }

    @Test func listAndOptionalCellsAndForeignCurrency() throws {
        let fx = try Fixture(scheme: dataScheme, files: ["projects.csv": goodProjects, "deposits.csv": goodDeposits,
                                                         "targets.csv": goodTargets, "adjustments.csv": goodAdjustments])
        defer { fx.remove() }
        let a = try fx.assess().unwrap()
        // 乙镇: 200.5万 = 2,005,000 元, plus 10 美元 × 6.45 = 64.5 元 → 2,005,064.5 元.
        #expect(a.unit("乙镇")?.item("到位资金")?.value == .number(Fixed(parsing: "2005064.5")!))
        // 甲镇: 1000万 target, 100万 → 10% of 60 = 6, plus the adjustment of 1 → 7.
        #expect(a.score("甲镇", "到位资金") == "7")
    }
}

/// A units file's own errors: an empty name, a unit listed again (each time with the row it
/// was first listed at), a group not declared (on every unit that has it, whichever units
/// come between); the units after them are read on.
@Suite struct BadUnitsFileTests {
    @Test func everyErrorAtItsRow() throws {
        let scheme = dataScheme.replacingOccurrences(of: """
        units:
          - {name: 甲镇, group: 一类}
          - {name: 乙镇, group: 一类}
        """, with: """
        units:
          file: units.csv
          name: 单位
          group: 类别
          team: 分团
        """)
        #expect(scheme != dataScheme)
        // Rows (lines): 2 甲镇, 3 乙镇, 4 (empty), 5 甲镇 again, 6 丙镇 in 二类, 7 丁镇 in 二类,
        // 8 甲镇 a third time, 9 戊镇 in 一类.
        let units = """
        单位,类别,分团
        甲镇,一类,东片
        乙镇, 一类 ,东片
        ,一类,东片
        甲镇,一类,西片
        丙镇,二类,西片
        丁镇,二类,西片
        甲镇,一类,西片
        戊镇,一类,西片

        """
        let fx = try Fixture(scheme: scheme, files: ["projects.csv": goodProjects, "deposits.csv": goodDeposits,
                                                     "targets.csv": goodTargets, "adjustments.csv": goodAdjustments,
                                                     "units.csv": units])
        defer { fx.remove() }
        #expect(fx.errors() == [
            "units.csv:4:单位: empty unit name",
            "units.csv:5:单位: unit '甲镇' is listed twice (first at row 2)",
            "units.csv:6:类别: group '二类' of unit '丙镇' is not declared under groups",
            "units.csv:7:类别: group '二类' of unit '丁镇' is not declared under groups",
            "units.csv:8:单位: unit '甲镇' is listed twice (first at row 2)",
        ])
    }
}
