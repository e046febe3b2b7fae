import Foundation
import Kaohe

/// Reads a ledger file of any supported kind into a ``RawTable``, choosing by its extension.
///
/// `.csv`, `.txt` and `.tsv` files are read by ``CSVReader`` (the delimiter is detected, so a
/// `.txt` "Unicode text" export from Excel works), `.xlsx` files by ``XLSXReader``. Another
/// extension, a missing file, or a `sheet` given for a text file is an error. `file` is the path
/// as the user wrote it, used in every diagnostic.
///
/// ```swift
/// let table = TableReader.read(url: dataDir.appending(path: "projects.csv"), file: "projects.csv", sheet: nil)
/// ```
public enum TableReader {
    /// The extensions read as delimited text.
    public static let textExtensions: Set<String> = ["csv", "txt", "tsv"]
    /// The extensions read as workbooks.
    public static let workbookExtensions: Set<String> = ["xlsx"]

    /// Reads a ledger file. `rawBytes`, when given, sees the file's bytes as read from disk
    /// (for the run's fingerprint, so that a large file is not read twice).
    public static func read(url: URL, file: String, sheet: String?,
                            rawBytes: (([UInt8]) -> Void)? = nil) -> Result<RawTable, Diagnostics> {
        let ext = url.pathExtension.lowercased()
        if textExtensions.contains(ext) {
            if let sheet {
                return .failure(Diagnostics([.error("`sheet: \(sheet)` is given, but the file is not a workbook (.xlsx)", at: SourceLocation(file: file, line: 0))]))
            }
            switch FileBytes.read(url, file: file) {
            case .failure(let d): return .failure(d)
            case .success(let bytes):
                rawBytes?(bytes)
                return CSVReader.read(bytes: bytes, file: file)
            }
        }
        if workbookExtensions.contains(ext) {
            if let rawBytes, let data = try? Data(contentsOf: url) { rawBytes([UInt8](data)) }
            return XLSXReader.read(url: url, sheet: sheet, file: file)
        }
        let hint = ext == "xls" || ext == "et" || ext == "ods"
            ? "save it from Excel or WPS as .xlsx or as CSV UTF-8"
            : "ledgers are .csv, .txt, .tsv or .xlsx files"
        return .failure(Diagnostics([.error("cannot read a “.\(ext)” file", at: SourceLocation(file: file, line: 0), hint: hint)]))
    }
}
