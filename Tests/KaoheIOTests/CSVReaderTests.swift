import Foundation
import Kaohe
import Testing
@testable import KaoheIO

/// The CSV reader: encodings, RFC 4180 and its extensions, and every error with its line.
@Suite("CSV reader")
struct CSVReaderTests {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    func read(_ text: String) throws -> RawTable {
        try read(Array(text.utf8))
    }

    func read(_ bytes: [UInt8]) throws -> RawTable {
        switch CSVReader.read(bytes: bytes, file: "t.csv") {
        case .success(let table): return table
        case .failure(let diagnostics):
            Issue.record("unexpected errors:\n\(diagnostics)")
            throw diagnostics
        }
    }

    func errors(_ text: String) -> [Diagnostic] {
        errors(Array(text.utf8))
    }

    func errors(_ bytes: [UInt8]) -> [Diagnostic] {
        switch CSVReader.read(bytes: bytes, file: "t.csv") {
        case .success: return []
        case .failure(let diagnostics): return diagnostics.sorted
        }
    }

    /// All cells, row by row.
    func cells(_ table: RawTable) -> [[String]] {
        (0..<table.rowCount).map { row in (0..<table.columnCount).map { table.cell(row, $0) } }
    }

    // MARK: Encodings

    static let sample = "单位,项目名称,到位资金\n城关镇,\"年产10万吨项目,一期\",1200.5\n河西镇,数据中心𠀀,300\n"
    static let sampleHeader = ["单位", "项目名称", "到位资金"]
    static let sampleCells = [["城关镇", "年产10万吨项目,一期", "1200.5"], ["河西镇", "数据中心𠀀", "300"]]

    @Test("the same table in UTF-8, UTF-8 with BOM, GB18030, UTF-16LE and UTF-16BE with tabs reads the same")
    func encodings() throws {
        let tabbed = "单位\t项目名称\t到位资金\r\n城关镇\t\"年产10万吨项目,一期\"\t1200.5\r\n河西镇\t数据中心𠀀\t300\r\n"
        let variants: [(TextEncoding, [UInt8])] = [
            (.utf8, Array(Self.sample.utf8)),
            (.utf8BOM, [0xEF, 0xBB, 0xBF] + Array(Self.sample.utf8)),
            (.gb18030, Array(try #require(Self.sample.data(using: Self.gb18030)))),
            (.utf16LE, [0xFF, 0xFE] + Array(try #require(tabbed.data(using: .utf16LittleEndian)))),
            (.utf16BE, [0xFE, 0xFF] + Array(try #require(tabbed.data(using: .utf16BigEndian)))),
        ]
        for (encoding, bytes) in variants {
            let table = try read(bytes)
            #expect(table.encoding == encoding)
            #expect(table.header == Self.sampleHeader, "\(encoding)")
            #expect(cells(table) == Self.sampleCells, "\(encoding)")
            #expect(table.line(ofRow: 1) == 3)
        }
    }

    @Test("the committed GB18030 fixture (as saved by Excel on Chinese Windows) reads the same")
    func gb18030Fixture() throws {
        let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/gb18030.csv")
        let table = try CSVReader.read(contentsOf: url, file: "gb18030.csv").get()
        #expect(table.encoding == .gb18030)
        #expect(table.file == "gb18030.csv")
        #expect(table.header == Self.sampleHeader)
        #expect(cells(table) == Self.sampleCells)
    }

    // MARK: Fields

    @Test("header, cells, column lookup, line numbers and missing trailing cells")
    func basics() throws {
        let table = try read("单位, 类别 ,得分\n城关镇,一类乡镇,90.5\n河西镇,二类乡镇\n")
        #expect(table.header == ["单位", "类别", "得分"])
        #expect(table.rowCount == 2)
        #expect(table.columnCount == 3)
        #expect(table.columnIndex("类别") == 1)
        #expect(table.columnIndex("没有") == nil)
        #expect(table.cell(0, 2) == "90.5")
        #expect(table.cell(1, 2) == "")
        #expect(table.isEmpty(1, 2))
        #expect(table.cell(5, 0) == "")
        #expect(table.line(ofRow: 0) == 2)
        #expect(table.line(ofRow: 1) == 3)
        #expect(table.withCellBytes(1, 0) { Array($0) } == Array("河西镇".utf8))
        #expect(table.withCellBytes(1, 2) { $0.count } == 0)
    }

    @Test("quoted fields hold commas, newlines and doubled quotes; lines count the embedded newlines")
    func quoted() throws {
        let text = "编号,名称,备注\n"
            + "1,\"甲,乙\",\"第一行\n第二行\r\n第三行\"\n"
            + "2,\"他说\"\"好\"\"\",\"\"\n"
            + "3, \"  留空格  \" ,\"\"\"\"\n"
        let table = try read(text)
        #expect(cells(table) == [
            ["1", "甲,乙", "第一行\n第二行\r\n第三行"],
            ["2", "他说\"好\"", ""],
            ["3", "  留空格  ", "\""],
        ])
        #expect(table.line(ofRow: 0) == 2)
        #expect(table.line(ofRow: 1) == 5)
        #expect(table.line(ofRow: 2) == 6)
        #expect(table.withCellBytes(1, 1) { String(decoding: $0, as: UTF8.self) } == "他说\"好\"")
    }

    @Test("CRLF, LF and lone CR line ends, and no line end at the end of the file")
    func lineEnds() throws {
        let crlf = try read("a,b\r\n1,2\r\n3,4")
        #expect(cells(crlf) == [["1", "2"], ["3", "4"]])
        #expect(crlf.line(ofRow: 1) == 3)
        let cr = try read("a,b\r1,2\r\r3,4\r")
        #expect(cells(cr) == [["1", "2"], ["3", "4"]])
        #expect(cr.line(ofRow: 1) == 4)
    }

    @Test("blank lines and lines of only delimiters are skipped; spaces around unquoted fields are trimmed")
    func blanksAndSpaces() throws {
        let text = "\n\n 单位 , 得分 ,,\n\n  城关镇  ,\t90 ,,\n ,,, \n河西镇,　80　\n,,,\n,,,\n"
        let table = try read(text)
        #expect(table.header == ["单位", "得分"])
        #expect(cells(table) == [["城关镇", "90"], ["河西镇", "80"]])
        #expect(table.line(ofRow: 0) == 5)
        #expect(table.line(ofRow: 1) == 7)
    }

    @Test("a tab-separated file is detected by its header line")
    func tabs() throws {
        let table = try read("单位\t备注\n城关镇\t甲,乙\n")
        #expect(cells(table) == [["城关镇", "甲,乙"]])
        // A header with both tabs and commas is comma-separated.
        let mixed = try read("单位,备\t注\n城关镇,1\n")
        #expect(mixed.header == ["单位", "备\t注"])
    }

    @Test("the inline-data initialiser pads short rows")
    func inline() {
        let table = RawTable(file: "units", header: ["单位", " 类别"], rows: [["城关镇", "一类"], ["河西镇"]])
        #expect(table.header == ["单位", "类别"])
        #expect(table.cell(1, 1) == "")
        #expect(table.line(ofRow: 1) == 3)
        #expect(table.columnIndex("类别") == 1)
    }

    // MARK: Errors

    @Test("an unterminated quote is reported where it opened")
    func unterminatedQuote() {
        let found = errors("a,b\n1,2\n3,\"open\n4,5\n6,7\n")
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "t.csv", line: 3, column: 3))
        #expect(found.first?.message.contains("unterminated") == true)
        #expect(found.first?.description.hasPrefix("t.csv:3:3: error:") == true)
    }

    @Test("text after a closing quote is an error at its line and column")
    func textAfterQuote() {
        let found = errors("a,b\n1,2\n\"abc\"x,3\n")
        #expect(found.map(\.location) == [SourceLocation(file: "t.csv", line: 3, column: 6)])
        #expect(found.first?.message == "text after the closing quote of a quoted field")
    }

    @Test("a row with more fields than the header names its line; extra empty fields are fine")
    func tooManyFields() {
        let found = errors("a,b\n1,2,\n3,4,5\n6,7\n")
        #expect(found.map(\.location) == [SourceLocation(file: "t.csv", line: 3)])
        #expect(found.first?.message == "line 3 has 3 fields, but the header has 2")
    }

    @Test("a repeated header name is an error on the header's line")
    func duplicateHeader() {
        let found = errors("\n单位,得分,单位\n城关镇,1,2\n")
        #expect(found.map(\.location) == [SourceLocation(file: "t.csv", line: 2)])
        #expect(found.first?.message == "the column name “单位” appears twice in the header (fields 1 and 3)")
    }

    @Test("an empty header name before the last is an error")
    func emptyHeader() {
        let found = errors("单位,,得分\n城关镇,1,2\n")
        #expect(found.map(\.location) == [SourceLocation(file: "t.csv", line: 1)])
        #expect(found.first?.message == "the header's field 2 is empty: every column needs a name")
    }

    @Test("an empty file, and a file of blank lines, are errors")
    func emptyFile() {
        #expect(errors("").map(\.message) == ["the file is empty: a header row naming the columns is needed"])
        #expect(errors([0xEF, 0xBB, 0xBF]).map(\.location) == [SourceLocation(file: "t.csv", line: 1)])
        #expect(errors("\n ,, \r\n\n").count == 1)
    }

    @Test("a header alone is a table with no rows")
    func headerOnly() throws {
        let table = try read("单位,得分\n")
        #expect(table.rowCount == 0)
        #expect(table.header == ["单位", "得分"])
    }

    @Test("an invalid GB18030 byte on line 3 is reported at line 3")
    func invalidGB18030() throws {
        var bytes = Array(try #require("单位,得分\n城关镇,90\n".data(using: Self.gb18030)))
        bytes += Array(try #require("河西镇,".data(using: Self.gb18030))) + [0x81, 0x20, 0x0A]
        let found = errors(bytes)
        #expect(found.map(\.location) == [SourceLocation(file: "t.csv", line: 3)])
        #expect(found.first?.message == "the file is neither UTF-8 nor GB18030 (invalid byte 0x20 at line 3)")
    }

    @Test("every error of a file is reported, in line order")
    func allErrors() {
        let text = "a,b,a\n1,2\n3,4,5,6\n\"x\"y,1\n7,8\n9,\"never closed\n10,11\n"
        let found = errors(text)
        #expect(found.map { $0.location?.line ?? 0 } == [1, 3, 4, 6])
    }

    @Test("a missing file is an error naming the file")
    func missingFile() {
        let result = CSVReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.csv"), file: "data/x.csv")
        guard case .failure(let diagnostics) = result else {
            Issue.record("expected an error")
            return
        }
        #expect(diagnostics.errors.map(\.message) == ["no such file"])
        #expect(diagnostics.errors.first?.location?.file == "data/x.csv")
    }
}
