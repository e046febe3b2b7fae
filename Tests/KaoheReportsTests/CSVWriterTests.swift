import Foundation
import Testing
@testable import KaoheReports

@Suite("CSV writer")
struct CSVWriterTests {
    @Test("Output starts with the UTF-8 BOM and ends records with CRLF")
    func bomAndLineEnds() {
        let bytes = [UInt8](CSVWriter().data(rows: [["单位", "得分"], ["城关镇", "80.70"]]))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(bytes.dropFirst(3).elementsEqual("单位,得分\r\n城关镇,80.70\r\n".utf8))
    }

    @Test("The BOM can be left out")
    func noBOM() {
        let writer = CSVWriter(includesBOM: false)
        #expect(writer.string(rows: [["a", "b"]]) == "a,b\r\n")
        #expect([UInt8](writer.data(rows: [["a"]])) == [0x61, 0x0D, 0x0A])
        #expect(writer.string(rows: []) == "")
    }

    @Test("Fields are quoted only when needed, quotes doubled")
    func quoting() {
        let writer = CSVWriter()
        #expect(writer.field("plain") == "plain")
        #expect(writer.field("城关镇") == "城关镇")
        #expect(writer.field("a,b") == "\"a,b\"")
        #expect(writer.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(writer.field("line\nbreak") == "\"line\nbreak\"")
        #expect(writer.field("cr\rhere") == "\"cr\rhere\"")
        #expect(writer.field(" lead") == "\" lead\"")
        #expect(writer.field("trail ") == "\"trail \"")
        #expect(writer.field("in side") == "in side")
        #expect(writer.field("") == "")
        #expect(writer.field("1,234.50") == "\"1,234.50\"")
        #expect(writer.record(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
    }

    @Test("Formula injection: non-numbers starting with = + - @ get an apostrophe")
    func injectionGuard() {
        let writer = CSVWriter()
        #expect(writer.field("=SUM(A1)") == "'=SUM(A1)")
        #expect(writer.field("=SUM(A1,B1)") == "\"'=SUM(A1,B1)\"")
        #expect(writer.field("@cmd") == "'@cmd")
        #expect(writer.field("+86 138") == "'+86 138")
        #expect(writer.field("-") == "'-")
        #expect(writer.field("--1") == "'--1")
        #expect(writer.field("-3.5") == "-3.5")
        #expect(writer.field("+2") == "+2")
        #expect(writer.field("-0.5") == "-0.5")
        #expect(writer.field("-.5") == "-.5")
        #expect(writer.field("-12.50%") == "-12.50%")
        #expect(writer.field("-1e5") == "-1e5")
        #expect(writer.field("-1,234.50") == "\"-1,234.50\"")
        #expect(writer.field("-1,23") == "\"'-1,23\"")
        #expect(writer.field("a=b") == "a=b")
        #expect(CSVWriter(guardsAgainstFormulas: false).field("=SUM(A1)") == "=SUM(A1)")
    }
}
