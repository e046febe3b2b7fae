import Foundation
import Kaohe

/// Reads one sheet of an XLSX workbook into a ``RawTable``.
///
/// The sheet is the first one of the workbook, or the one named by the scheme's `sheet:`; an
/// unknown name is an error listing the sheets there are. The workbook's parts are read with
/// ZIPFoundation and scanned by ``XMLScanner`` (Foundation's `XMLParser` cannot read the large
/// sheets of a year's ledger on Linux). How cells become text is described in ``SheetScanner``:
/// numbers are exact decimal text, dates are `yyyy-mm-dd`, and line numbers are sheet row
/// numbers, so `projects.xlsx:12:到位资金` names what the user sees in Excel.
///
/// ```swift
/// let table = try XLSXReader.read(url: url, sheet: "项目台账", file: "data/projects.xlsx").get()
/// ```
public enum XLSXReader {
    /// Reads a sheet (the first when `sheet` is nil); `file` is the path to name in diagnostics.
    public static func read(url: URL, sheet: String?, file: String) -> Result<RawTable, Diagnostics> {
        guard FileManager.default.fileExists(atPath: url.path) else {
            return failure(file, "no such file")
        }
        let package: XLSXPackage
        do {
            package = try XLSXPackage(url: url)
        } catch {
            return failure(file, error.message)
        }
        let chosen: XLSXPackage.Sheet
        if let sheet {
            guard let found = package.sheets.first(where: { $0.name == sheet })
                ?? package.sheets.first(where: { TextTrimming.trimmed($0.name) == TextTrimming.trimmed(sheet) }) else {
                let names = package.sheets.map { "“\($0.name)”" }.joined(separator: ", ")
                return failure(file, "the workbook has no sheet named “\(sheet)”; its sheets are: \(names)")
            }
            chosen = found
        } else {
            guard let first = package.sheets.first(where: { $0.path != nil }) else {
                return failure(file, "the workbook has no worksheet")
            }
            chosen = first
        }
        guard let path = chosen.path else {
            return failure(file, "the sheet “\(chosen.name)” is not a worksheet (a chart sheet?)")
        }
        do {
            guard let xml = try package.part(path) else {
                return failure(file, "the sheet “\(chosen.name)” is missing from the file (\(path))")
            }
            var strings = SharedStrings()
            if let stringsPath = package.sharedStringsPath, let bytes = try package.part(stringsPath) {
                strings = SharedStrings(xml: bytes)
            }
            var formats = NumberFormats()
            if let stylesPath = package.stylesPath, let bytes = try package.part(stylesPath) {
                formats = NumberFormats(stylesXML: bytes)
            }
            let scanner = SheetScanner(file: file, sharedStrings: strings, formats: formats, date1904: package.date1904)
            return scanner.read(xml)
        } catch {
            return failure(file, error.message)
        }
    }

    /// The names of a workbook's sheets, in order.
    public static func sheetNames(url: URL, file: String) -> Result<[String], Diagnostics> {
        guard FileManager.default.fileExists(atPath: url.path) else {
            return .failure(Diagnostics([.error("no such file", at: SourceLocation(file: file, line: 0))]))
        }
        do {
            return .success(try XLSXPackage(url: url).sheets.map(\.name))
        } catch {
            return .failure(Diagnostics([.error(error.message, at: SourceLocation(file: file, line: 0))]))
        }
    }

    /// An error about the whole file (line 0: printed as `FILE: error: …`).
    private static func failure(_ file: String, _ message: String) -> Result<RawTable, Diagnostics> {
        .failure(Diagnostics([.error(message, at: SourceLocation(file: file, line: 0))]))
    }
}
