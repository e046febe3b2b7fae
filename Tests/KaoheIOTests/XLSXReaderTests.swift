import Foundation
import Kaohe
import Testing
@testable import KaoheIO

/// The XLSX reader, on two committed workbooks made by `Fixtures/make_xlsx_fixture.py`:
/// `ledger.xlsx` as openpyxl writes it, `handmade.xlsx` with what openpyxl does not write.
@Suite("XLSX reader")
struct XLSXReaderTests {
    func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/\(name)")
    }

    func read(_ name: String, sheet: String? = nil) throws -> RawTable {
        switch XLSXReader.read(url: try fixture(name), sheet: sheet, file: name) {
        case .success(let table): return table
        case .failure(let diagnostics):
            Issue.record("unexpected errors:\n\(diagnostics)")
            throw diagnostics
        }
    }

    func errors(_ name: String, sheet: String? = nil) throws -> [Diagnostic] {
        switch XLSXReader.read(url: try fixture(name), sheet: sheet, file: name) {
        case .success: return []
        case .failure(let diagnostics): return diagnostics.sorted
        }
    }

    func cells(_ table: RawTable) -> [[String]] {
        (0..<table.rowCount).map { row in (0..<table.columnCount).map { table.cell(row, $0) } }
    }

    @Test("openpyxl's workbook: the first sheet, inline strings, numbers, dates, booleans, empty cells")
    func openpyxlLedger() throws {
        let table = try read("ledger.xlsx")
        #expect(table.encoding == .xlsx)
        #expect(table.header == ["项目编号", "项目名称", "责任单位", "签约日期", "开工日期", "合同投资额", "到位资金", "比例", "入统", "备注"])
        #expect(cells(table) == [
            ["P001", "年产10万吨新型建材项目", "城关镇", "2024-01-01", "2024-03-15", "12000", "1234567.89", "0.1", "true", "A&B <公司> \"引号\" 'x'"],
            ["P002", "智能装备产业园", "河西镇 60%、城关镇 40%", "2021-06-30", "", "-350", "0.0001", "1.5", "false", ""],
            ["P003", "数据中心", "城关镇", "1900-01-01", "2024-02-29", "100000000", "0", "12.5", "true", "末行"],
        ])
        // Row 1 is empty and the header is on row 2; the empty row 5 is skipped.
        #expect(table.headerLine == 2)
        #expect((0..<table.rowCount).map(table.line(ofRow:)) == [3, 4, 6])
        #expect(table.columnIndex("到位资金") == 6)
    }

    @Test("a sheet chosen by name; a formula without a cached value is an error at its cell")
    func formulaWithoutValue() throws {
        let found = try errors("ledger.xlsx", sheet: "其他")
        #expect(found.map(\.location) == [SourceLocation(file: "ledger.xlsx", line: 2, field: "合计")])
        #expect(found.first?.message == "the formula in cell B2 has no computed value")
        #expect(found.first?.hint?.contains("save it") == true)
    }

    @Test("an unknown sheet name is an error listing the sheets")
    func unknownSheet() throws {
        let found = try errors("ledger.xlsx", sheet: "台账")
        #expect(found.map(\.message) == ["the workbook has no sheet named “台账”; its sheets are: “项目台账”, “其他”"])
        #expect(found.first?.location?.file == "ledger.xlsx")
        #expect(try XLSXReader.sheetNames(url: try fixture("handmade.xlsx"), file: "h").get() == ["封面", "台账 & 明细", "错误"])
    }

    @Test("the hand-made workbook: shared and rich strings, cached formulas, exponents, 1904 dates, times, no r attributes")
    func handmade() throws {
        let table = try read("handmade.xlsx", sheet: "台账 & 明细")
        #expect(table.header == ["编号", "名称", "金额(万元)", "日期", "时间", "备注", "标志", "格式"])
        #expect(cells(table) == [
            ["1", "城关镇", "1.5", "1904-01-01", "18:00", "合计", "true", "-0.025"],
            ["2", "R&D <中心> 中文", "0.001", "1924-01-01", "12:00", "", "false", "1923-01-01"],
            ["3", "", "15000000", "2024-02-29", "", "", "", "0.3"],
            ["4", "", "", "2028-01-03", "", "", "", ""],
        ])
        #expect((0..<table.rowCount).map(table.line(ofRow:)) == [3, 4, 5, 6])
        #expect(table.headerLine == 2)
    }

    @Test("without a sheet name the first sheet is read")
    func firstSheet() throws {
        let table = try read("handmade.xlsx")
        #expect(table.header == ["封面"])
        #expect(table.rowCount == 0)
    }

    @Test("every error of a sheet is reported with its row and column")
    func sheetErrors() throws {
        let found = try errors("handmade.xlsx", sheet: "错误")
        let file = "handmade.xlsx"
        #expect(found.map(\.location) == [
            SourceLocation(file: file, line: 1, field: "C"),
            SourceLocation(file: file, line: 1, field: "D"),
            SourceLocation(file: file, line: 2, field: "值"),
            SourceLocation(file: file, line: 3, field: "值"),
            SourceLocation(file: file, line: 4, field: "E"),
            SourceLocation(file: file, line: 4, field: "值"),
            SourceLocation(file: file, line: 5, field: "值"),
        ])
        #expect(found.map(\.message) == [
            "the header's cell C1 is empty: every column needs a name",
            "the column name “名称” appears twice in the header (cells A1 and D1)",
            "cell B2 holds the Excel error #DIV/0!",
            "the formula in cell B3 has no computed value",
            "cell E4 is right of the header's last column, 名称",
            "cell B4 holds “12abc”, which is not a number",
            "cell B5 refers to shared string “99”, which the file does not have",
        ])
    }

    @Test("a file that is not a ZIP archive, and a missing file, are errors about the file")
    func notAWorkbook() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-not-\(UUID().uuidString).xlsx")
        try Data("单位,得分\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        guard case .failure(let bad) = XLSXReader.read(url: url, sheet: nil, file: "bad.xlsx") else {
            Issue.record("expected an error")
            return
        }
        #expect(bad.errors.map(\.message) == ["not an XLSX file (it cannot be opened as a ZIP archive)"])
        #expect(bad.errors.first?.location == SourceLocation(file: "bad.xlsx", line: 0))
        guard case .failure(let missing) = XLSXReader.read(url: URL(fileURLWithPath: "/nonexistent.xlsx"), sheet: nil, file: "n.xlsx") else {
            Issue.record("expected an error")
            return
        }
        #expect(missing.errors.map(\.message) == ["no such file"])
    }

    // MARK: The pieces

    @Test("numbers are normalised as text: exponents written out, 15 significant digits, no Double")
    func numbers() {
        let cases: [(String, String)] = [
            ("1E-3", "0.001"), ("1.5E+7", "15000000"), ("-2.5E-2", "-0.025"), ("1e3", "1000"),
            ("0.1", "0.1"), ("1234567.89", "1234567.89"), ("12000", "12000"), ("-350", "-350"),
            ("1.0", "1"), ("0.0", "0"), ("-0", "0"), ("007", "7"), ("+5", "5"), ("0.0001", "0.0001"),
            ("1.23456789012345E+20", "123456789012345000000"), ("4.5E-10", "0.00000000045"),
            ("0.30000000000000004", "0.3"), ("1234567.8899999999", "1234567.89"),
            ("99999999.999999985", "100000000"), ("123456789012345678", "123456789012346000"),
            ("2.675", "2.675"), (".5", "0.5"),
        ]
        for (input, expected) in cases {
            #expect(ExcelNumber.normalize(input) == expected, "\(input)")
        }
        for bad in ["", "-", "abc", "1.2.3", "1E", "1E+", "12abc", "NaN", "1E999"] {
            #expect(ExcelNumber.normalize(bad) == nil, "\(bad)")
        }
    }

    @Test("date serials: the 1900 system with its leap-year bug, the 1904 system, times")
    func dates() throws {
        func date(_ serial: String, _ date1904: Bool = false) -> String? {
            try? ExcelDate.text(serial: serial, kind: .date, date1904: date1904).get()
        }
        #expect(date("45292") == "2024-01-01")
        #expect(date("1") == "1900-01-01")
        #expect(date("59") == "1900-02-28")
        #expect(date("61") == "1900-03-01")
        #expect(date("45351") == "2024-02-29")
        #expect(date("45292.75") == "2024-01-01")
        #expect(date("45292.99999999") == "2024-01-02")
        #expect(date("2958465") == "9999-12-31")
        #expect(date("0", true) == "1904-01-01")
        #expect(date("1", true) == "1904-01-02")
        #expect(ExcelDate.text(serial: "60", kind: .date, date1904: false) == .failure(.nonexistent1900February29))
        #expect(ExcelDate.text(serial: "0", kind: .date, date1904: false) == .failure(.beforeFirstDay("0")))
        #expect(ExcelDate.text(serial: "-1", kind: .date, date1904: false) == .failure(.notANumber("-1")))
        #expect(try ExcelDate.text(serial: "0.5", kind: .time, date1904: false).get() == "12:00")
        #expect(try ExcelDate.text(serial: "0.000011574", kind: .time, date1904: false).get() == "00:00:01")
        #expect(try ExcelDate.text(serial: "1.25", kind: .time, date1904: false).get() == "30:00")
    }

    @Test("number formats: built-in ids and custom codes that are dates or times")
    func numberFormats() {
        #expect(NumberFormats.builtInKind(14) == .date)
        #expect(NumberFormats.builtInKind(22) == .date)
        #expect(NumberFormats.builtInKind(31) == .date)
        #expect(NumberFormats.builtInKind(20) == .time)
        #expect(NumberFormats.builtInKind(46) == .time)
        #expect(NumberFormats.builtInKind(0) == nil)
        #expect(NumberFormats.builtInKind(4) == nil)
        let codes: [(String, ExcelDate.Kind?)] = [
            ("yyyy\"年\"m\"月\"d\"日\"", .date), ("yyyy/m/d", .date), ("yyyy-mm-dd", .date),
            ("[$-804]yyyy\"年\"m\"月\";@", .date), ("mmm-yy", .date), ("yyyy/m/d h:mm", .date),
            ("h:mm:ss AM/PM", .time), ("[h]:mm", .time), ("mm:ss", .time), ("上午/下午h\"时\"mm\"分\"", .time),
            ("0.00\"d\"", nil), ("[Red]0.00;[Blue]-0.00", nil), ("#,##0.00_);(#,##0.00)", nil),
            ("General", nil), ("0.00E+00", nil), ("@", nil), ("\\d0", nil), ("0.00%", nil),
        ]
        for (code, kind) in codes {
            #expect(NumberFormats.kind(ofCode: code) == kind, "\(code)")
        }
    }

    @Test("shared strings join rich-text runs and skip phonetic runs")
    func sharedStrings() {
        let xml = "<sst><si><t>甲</t></si><si><r><t>城关</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">镇 </t></r><rPh sb=\"0\" eb=\"1\"><t>cheng</t></rPh></si><si/><si><t>A&amp;B&#x4E2D;</t></si></sst>"
        let strings = SharedStrings(xml: Array(xml.utf8))
        #expect(strings.count == 4)
        #expect((0..<4).map { strings.string($0) } == ["甲", "城关镇 ", "", "A&B中"])
    }

    @Test("XML entities: predefined and numeric; unknown ones are kept as written")
    func entities() {
        let text = Array("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#20013;&#x6587; &nbsp; &#xZZ; & end".utf8)
        var output: [UInt8] = []
        text.withUnsafeBufferPointer { XMLEntities.decode($0, 0, $0.count, into: &output) }
        #expect(String(decoding: output, as: UTF8.self) == "a <b> & \"c\" 'd' 中文 &nbsp; &#xZZ; & end")
    }

    @Test("column letters")
    func letters() {
        #expect(SheetScanner.letters(0) == "A")
        #expect(SheetScanner.letters(25) == "Z")
        #expect(SheetScanner.letters(26) == "AA")
        #expect(SheetScanner.letters(701) == "ZZ")
        #expect(SheetScanner.letters(702) == "AAA")
    }

    @Test("relationship targets resolve against the workbook's folder, or from the root")
    func targets() {
        #expect(XLSXPackage.resolve("worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(XLSXPackage.resolve("/xl/worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(XLSXPackage.resolve("../customXml/item1.xml", from: "xl") == "customXml/item1.xml")
        #expect(XLSXPackage.resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
    }
}
