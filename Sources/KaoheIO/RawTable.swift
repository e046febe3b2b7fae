/// A table of text cells read from a ledger file: a header and rows of UTF-8 text.
///
/// The table keeps the whole decoded file in one byte buffer and records, for every cell, where
/// its bytes start and end; no `String` is made until a cell is asked for. This is what lets a
/// 260 MB CSV file load in well under a second. Quoted CSV fields whose text differs from their
/// bytes in the file (doubled quotes) have their unescaped bytes in a side buffer, `extra`;
/// their offsets count on from the end of the file's bytes.
/// Rows are numbered from 0, not counting the header; ``line(ofRow:)`` gives the line (or the
/// XLSX sheet row) where a row starts, for diagnostics.
///
/// ```swift
/// let table = RawTable(file: "units.csv", header: ["单位", "类别"], rows: [["城关镇", "一类乡镇"]])
/// table.cell(0, table.columnIndex("类别") ?? 0)   // "一类乡镇"
/// ```
public struct RawTable: Sendable {
    /// The file's path as given by the user, for diagnostics.
    public let file: String
    /// The column names, trimmed of surrounding spaces.
    public let header: [String]
    /// How the file's text was encoded (`.xlsx` for a spreadsheet).
    public let encoding: TextEncoding
    /// The line (XLSX: sheet row number) of the header.
    public let headerLine: Int

    /// The decoded text of the whole file.
    let bytes: [UInt8]
    /// Unescaped text of quoted fields; offset `bytes.count + i` is `extra[i]`.
    let extra: [UInt8]
    /// Two offsets (start, end) per cell, `columnCount` cells per row, into `bytes` or `extra`.
    let spans: [Int32]
    /// The 1-based line on which each row starts.
    let lines: [Int32]
    private let columnsByName: [String: Int]

    /// The number of data rows, not counting the header.
    public var rowCount: Int { lines.count }
    /// The number of columns, that is of header names.
    public var columnCount: Int { header.count }

    /// Makes a table from its parts; `spans` holds `2 × columnCount` offsets per row.
    init(file: String, header: [String], encoding: TextEncoding, headerLine: Int,
         bytes: [UInt8], extra: [UInt8] = [], spans: [Int32], lines: [Int32]) {
        self.file = file
        self.header = header
        self.encoding = encoding
        self.headerLine = headerLine
        self.bytes = bytes
        self.extra = extra
        self.spans = spans
        self.lines = lines
        var names: [String: Int] = [:]
        for (index, name) in header.enumerated() where names[name] == nil {
            names[name] = index
        }
        self.columnsByName = names
    }

    /// Makes a table from strings, for tests and inline data.
    ///
    /// Rows shorter than the header are padded with empty cells; cells beyond the header are
    /// dropped. Without `lines`, row `r` is taken to start on line `r + 2` (after a one-line header).
    public init(file: String, header: [String], rows: [[String]], lines: [Int]? = nil,
                encoding: TextEncoding = .utf8) {
        let header = header.map { TextTrimming.trimmed($0) }
        var bytes: [UInt8] = []
        var spans: [Int32] = []
        spans.reserveCapacity(rows.count * header.count * 2)
        for row in rows {
            for column in 0..<header.count {
                let text = column < row.count ? row[column] : ""
                let start = Int32(truncatingIfNeeded: bytes.count)
                bytes.append(contentsOf: text.utf8)
                spans.append(start)
                spans.append(Int32(truncatingIfNeeded: bytes.count))
            }
        }
        let rowLines = lines ?? rows.indices.map { $0 + 2 }
        self.init(file: file, header: header, encoding: encoding, headerLine: 1, bytes: bytes,
                  spans: spans, lines: rows.indices.map { Int32(truncatingIfNeeded: $0 < rowLines.count ? rowLines[$0] : $0 + 2) })
    }

    /// The 1-based line of the file on which data row `row` (0-based) starts; for an XLSX sheet,
    /// the sheet's row number.
    public func line(ofRow row: Int) -> Int {
        Int(lines[row])
    }

    /// The text of a cell; an empty string for a missing (or empty) cell.
    public func cell(_ row: Int, _ column: Int) -> String {
        guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return "" }
        let index = (row &* header.count &+ column) &* 2
        let start = Int(spans[index]), end = Int(spans[index + 1])
        if start == end { return "" }
        if start >= bytes.count {
            return String(decoding: extra[(start - bytes.count)..<(end - bytes.count)], as: UTF8.self)
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Calls `body` with the UTF-8 bytes of a cell, without making a `String`.
    ///
    /// The buffer is valid only during the call. A missing cell gives an empty buffer.
    public func withCellBytes<R>(_ row: Int, _ column: Int,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var start = 0, end = 0
        if row >= 0, row < rowCount, column >= 0, column < columnCount {
            let index = (row &* header.count &+ column) &* 2
            start = Int(spans[index])
            end = Int(spans[index + 1])
        }
        if start >= bytes.count, start < end {
            let offset = bytes.count
            return try extra.withUnsafeBufferPointer { buffer in
                try body(UnsafeBufferPointer(rebasing: buffer[(start - offset)..<(end - offset)]))
            }
        }
        return try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Whether a cell is empty (or missing).
    public func isEmpty(_ row: Int, _ column: Int) -> Bool {
        guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return true }
        let index = (row &* header.count &+ column) &* 2
        return spans[index] == spans[index + 1]
    }

    /// The index of the column with this name (trimmed), or nil.
    public func columnIndex(_ name: String) -> Int? {
        columnsByName[name] ?? columnsByName[TextTrimming.trimmed(name)]
    }
}
