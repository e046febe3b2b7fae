import Foundation
import Kaohe
import Testing
@testable import KaoheIO

/// Choosing the reader by the file's extension.
@Suite("Table reader")
struct TableReaderTests {
    func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/\(name)")
    }

    func messages(_ result: Result<RawTable, Diagnostics>) -> [String] {
        guard case .failure(let diagnostics) = result else { return [] }
        return diagnostics.errors.map(\.message)
    }

    @Test("a .csv file is read as CSV and an .xlsx file as a workbook")
    func byExtension() throws {
        let csv = try TableReader.read(url: try fixture("gb18030.csv"), file: "g.csv", sheet: nil).get()
        #expect(csv.encoding == .gb18030)
        let xlsx = try TableReader.read(url: try fixture("ledger.xlsx"), file: "l.xlsx", sheet: "项目台账").get()
        #expect(xlsx.rowCount == 3)
    }

    @Test("a .txt or .tsv file is read as delimited text")
    func textExtensions() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-\(UUID().uuidString).TXT")
        try Data("单位\t得分\n城关镇\t90\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try TableReader.read(url: url, file: "t.txt", sheet: nil).get()
        #expect(table.cell(0, 1) == "90")
    }

    @Test("a missing file, another extension, and a sheet for a CSV file are errors about the file")
    func errors() throws {
        let missing = TableReader.read(url: URL(fileURLWithPath: "/nonexistent/p.csv"), file: "p.csv", sheet: nil)
        #expect(messages(missing) == ["no such file"])
        if case .failure(let diagnostics) = missing {
            #expect(diagnostics.errors.first?.location == SourceLocation(file: "p.csv", line: 0))
        }
        let xls = TableReader.read(url: URL(fileURLWithPath: "/x/p.xls"), file: "p.xls", sheet: nil)
        #expect(messages(xls) == ["cannot read a “.xls” file"])
        let sheet = TableReader.read(url: try fixture("gb18030.csv"), file: "g.csv", sheet: "项目")
        #expect(messages(sheet) == ["`sheet: 项目` is given, but the file is not a workbook (.xlsx)"])
    }
}
