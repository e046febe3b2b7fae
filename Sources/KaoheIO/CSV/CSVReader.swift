import Foundation
import Kaohe

/// Reads a CSV (or TAB-separated) ledger file into a ``RawTable``.
///
/// The text is decoded first (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GB18030; see
/// ``TextDecoding``), then split by ``CSVParser``. The first non-blank record is the header;
/// the delimiter is a TAB when that line has tabs and no commas (Excel's "Unicode text"
/// export), else a comma. Blank lines, and lines of nothing but delimiters and spaces (which
/// Excel writes after the data), are skipped. A row with fewer fields than the header has empty
/// cells; a row with more is an error unless the extra fields are empty. Every error of the file
/// is reported, not just the first: an unterminated quote (at the line it opened), text after a
/// closing quote, too many fields, an empty or repeated header name, an empty file.
///
/// ```swift
/// switch CSVReader.read(bytes: Array("单位,得分\n城关镇,90\n".utf8), file: "a.csv") {
/// case .success(let table): print(table.cell(0, 1))   // 90
/// case .failure(let diagnostics): print(diagnostics)
/// }
/// ```
public enum CSVReader {
    /// Reads a CSV file; `file` is the path to name in diagnostics.
    public static func read(contentsOf url: URL, file: String) -> Result<RawTable, Diagnostics> {
        switch FileBytes.read(url, file: file) {
        case .success(let bytes): read(bytes: bytes, file: file)
        case .failure(let diagnostics): .failure(diagnostics)
        }
    }

    /// Reads CSV text in any supported encoding; `file` is the path to name in diagnostics.
    public static func read(bytes: [UInt8], file: String) -> Result<RawTable, Diagnostics> {
        switch TextDecoding.decode(bytes, file: file) {
        case .success(let decoded): read(decoded: decoded, file: file)
        case .failure(let diagnostics): .failure(diagnostics)
        }
    }

    /// Reads already decoded UTF-8 text.
    static func read(decoded: DecodedText, file: String) -> Result<RawTable, Diagnostics> {
        let bytes = decoded.bytes
        guard bytes.count < Int(Int32.max) / 2 else {
            return .failure(Diagnostics([.error("the file is too large (over 1 GB) to be read", at: SourceLocation(file: file, line: 0))]))
        }
        let delimiter = detectDelimiter(bytes)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            split(buffer, delimiter: delimiter, file: file)
        }
        let result: Split
        switch parsed {
        case .success(let split): result = split
        case .failure(let diagnostics): return .failure(diagnostics)
        }
        guard bytes.count + result.side.count < Int(Int32.max) else {
            return .failure(Diagnostics([.error("the file is too large to be read", at: SourceLocation(file: file, line: 0))]))
        }
        return .success(RawTable(file: file, header: result.header, encoding: decoded.encoding,
                                 headerLine: result.headerLine, bytes: bytes, extra: result.side,
                                 spans: result.spans, lines: result.lines))
    }

    /// The fields of a file, before they are put in a table.
    struct Split {
        var header: [String]
        var headerLine: Int
        var spans: [Int32]
        var lines: [Int32]
        var side: [UInt8]
    }

    /// Splits the records, checks the header and the field counts, and collects every error.
    static func split(_ buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String) -> Result<Split, Diagnostics> {
        var parser = CSVParser(buffer: buffer, delimiter: delimiter, file: file)

        guard let (header, headerLine) = readHeader(&parser, file: file) else { return .failure(parser.diagnostics) }

        // The rows.
        let columns = header.count
        let headerEnd = parser.position
        var lines: [Int32] = []
        var rowStart = 0
        var reserved = false
        while parser.readRecord() {
            if !reserved && lines.count == 256 {
                // Reserve room for all rows, estimated from the first ones, to avoid regrowing
                // (at most two bytes of spans per byte of text, should the first rows be short).
                reserved = true
                let bytesPerRow = max(1, (parser.position - headerEnd) / lines.count)
                let rows = (buffer.count - headerEnd) / bytesPerRow
                parser.spans.reserveCapacity(min((rows + rows / 8 + 16) * columns * 2, buffer.count / 2))
                lines.reserveCapacity(min(rows + rows / 8 + 16, buffer.count / 2))
            }
            let fields = (parser.spans.count - rowStart) / 2
            if isBlank(parser.spans, from: rowStart) {
                parser.spans.removeSubrange(rowStart...)
            } else {
                if fields > columns {
                    if !isBlank(parser.spans, from: rowStart + columns * 2) {
                        parser.diagnostics.error("line \(parser.recordLine) has \(fields) fields, but the header has \(columns)",
                                                 at: SourceLocation(file: file, line: parser.recordLine),
                                                 hint: "a field that holds a comma must be quoted: \"1,200\"")
                    }
                    parser.spans.removeSubrange((rowStart + columns * 2)...)
                } else if fields < columns {
                    for _ in fields..<columns {
                        parser.spans.append(0)
                        parser.spans.append(0)
                    }
                }
                lines.append(Int32(truncatingIfNeeded: parser.recordLine))
                rowStart = parser.spans.count
            }
        }
        if parser.diagnostics.hasErrors { return .failure(parser.diagnostics) }
        return .success(Split(header: header, headerLine: headerLine, spans: parser.spans,
                              lines: lines, side: parser.side))
    }

    /// Reads the header: the first record with a non-empty field, trimmed, without the empty
    /// names of trailing delimiters. Empty and repeated names are reported to the parser's
    /// diagnostics; nil (with a diagnostic) when the file has no header at all.
    static func readHeader(_ parser: inout CSVParser, file: String) -> (header: [String], line: Int)? {
        var header: [String] = []
        var headerLine = 1
        while parser.readRecord() {
            if !isBlank(parser.spans, from: 0) {
                headerLine = parser.recordLine
                header = stride(from: 0, to: parser.spans.count, by: 2).map {
                    TextTrimming.trimmed(parser.text(start: parser.spans[$0], end: parser.spans[$0 + 1]))
                }
                parser.spans.removeAll(keepingCapacity: true)
                break
            }
            parser.spans.removeAll(keepingCapacity: true)
        }
        if header.isEmpty {
            if !parser.diagnostics.hasErrors {
                parser.diagnostics.error("the file is empty: a header row naming the columns is needed",
                                         at: SourceLocation(file: file, line: 1))
            }
            return nil
        }
        // Excel writes empty columns after the data as trailing delimiters: drop their empty names.
        while header.last == "" { header.removeLast() }
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                parser.diagnostics.error("the header's field \(index + 1) is empty: every column needs a name",
                                         at: SourceLocation(file: file, line: headerLine))
            } else if let first = seen[name] {
                parser.diagnostics.error("the column name “\(name)” appears twice in the header (fields \(first + 1) and \(index + 1))",
                                         at: SourceLocation(file: file, line: headerLine))
            } else {
                seen[name] = index
            }
        }
        return (header, headerLine)
    }

    /// Whether every field from span index `start` on is empty.
    @inline(__always)
    static func isBlank(_ spans: [Int32], from start: Int) -> Bool {
        var index = start
        while index < spans.count {
            if spans[index] != spans[index + 1] { return false }
            index += 2
        }
        return true
    }

    /// TAB when the first non-blank line has tabs and no commas; otherwise a comma.
    static func detectDelimiter(_ bytes: some Sequence<UInt8>) -> UInt8 {
        var tabs = 0, commas = 0, sawText = false
        for byte in bytes {
            switch byte {
            case 0x0A, 0x0D:
                if sawText || tabs > 0 || commas > 0 {
                    return tabs > 0 && commas == 0 ? 0x09 : 0x2C
                }
            case 0x09: tabs += 1
            case 0x2C: commas += 1
            case 0x20: break
            default: sawText = true
            }
        }
        return tabs > 0 && commas == 0 ? 0x09 : 0x2C
    }
}
