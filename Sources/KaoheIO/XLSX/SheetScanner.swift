import Kaohe

/// Reads the cells of one worksheet's XML into a ``RawTable``.
///
/// The sheet XML is regular: `<row r="N">` elements holding `<c r="B2" s="3" t="…">` cells,
/// each with a `<v>` value, an `<is>` inline string or an `<f>` formula. A cell's text is its
/// shared string (`t="s"`), inline string (`inlineStr`) or formula string (`str`); `true` or
/// `false` for a boolean (`b`); the date part of an ISO date (`d`); and for a number, its
/// plain decimal text (``ExcelNumber``) or, when its style is a date or time format, an ISO
/// date or a time (``ExcelDate``). An error value (`t="e"`, `#DIV/0!`) and a formula without a
/// cached value are errors at their row and column. Text is trimmed of surrounding spaces, as
/// unquoted CSV fields are. The first row with a non-empty cell is the header; rows before it
/// and empty rows after it are skipped; a cell right of the header's last name must be empty.
/// Rows and cells without `r` attributes follow the previous ones.
struct SheetScanner {
    let file: String
    let sharedStrings: SharedStrings
    let formats: NumberFormats
    let date1904: Bool

    /// The table of a sheet, or every error found in it.
    func read(_ xml: [UInt8]) -> Result<RawTable, Diagnostics> {
        var state = State()
        xml.withUnsafeBufferPointer { buffer in
            scan(buffer, into: &state)
        }
        if state.header == nil && !state.diagnostics.hasErrors {
            state.diagnostics.error("the sheet is empty: a header row naming the columns is needed",
                                    at: SourceLocation(file: file, line: 1))
        }
        if state.diagnostics.hasErrors { return .failure(state.diagnostics) }
        let header = state.header ?? []
        return .success(RawTable(file: file, header: header, encoding: .xlsx, headerLine: state.headerLine,
                                 bytes: state.bytes, spans: state.spans, lines: state.lines))
    }

    /// What is known while scanning.
    private struct State {
        var bytes: [UInt8] = []
        var spans: [Int32] = []
        var lines: [Int32] = []
        var header: [String]?
        var headerLine = 1
        var diagnostics = Diagnostics()
        /// The current row's cells: column, start and end in `bytes`.
        var row: [(column: Int, start: Int, end: Int)] = []
        var rowNumber = 0
    }

    /// The current cell while it is read.
    private struct Cell {
        var column = 0
        var style = 0
        var type: UInt8 = UInt8(ascii: "n")
        var hasFormula = false
        var hasValue = false
        var value: [UInt8] = []
    }

    private func scan(_ buffer: UnsafeBufferPointer<UInt8>, into state: inout State) {
        var scanner = XMLScanner(buffer: buffer)
        var cell = Cell()
        var inCell = false, inValue = false, inInline = false, inText = false, phoneticDepth = 0
        var nextColumn = 0
        while true {
            switch scanner.next() {
            case .end:
                return
            case .startTag:
                if scanner.nameIs("c") {
                    cell = Cell()
                    cell.column = columnIndex(scanner) ?? nextColumn
                    nextColumn = cell.column + 1
                    cell.style = scanner.attributeInt("s") ?? 0
                    if let (start, end) = scanner.attribute("t"), start < end {
                        cell.type = buffer[start]
                        if end - start == 3 && buffer[start] == UInt8(ascii: "s") { cell.type = UInt8(ascii: "S") } // "str"
                    }
                    inCell = true
                    if scanner.isSelfClosing {
                        finishCell(cell, into: &state)
                        inCell = false
                    }
                } else if inCell && scanner.nameIs("v") {
                    inValue = !scanner.isSelfClosing
                    cell.hasValue = true
                } else if inCell && scanner.nameIs("is") {
                    inInline = !scanner.isSelfClosing
                    cell.hasValue = true
                } else if inCell && scanner.nameIs("t") {
                    inText = !scanner.isSelfClosing
                } else if inCell && scanner.nameIs("rPh") {
                    if !scanner.isSelfClosing { phoneticDepth += 1 }
                } else if inCell && scanner.nameIs("f") {
                    cell.hasFormula = true
                } else if scanner.nameIs("row") {
                    state.rowNumber = scanner.attributeInt("r") ?? (state.rowNumber + 1)
                    state.row.removeAll(keepingCapacity: true)
                    nextColumn = 0
                    if scanner.isSelfClosing { finishRow(&state) }
                }
            case .endTag:
                if scanner.nameIs("c") {
                    if inCell { finishCell(cell, into: &state) }
                    inCell = false
                    inValue = false
                    inInline = false
                    inText = false
                    phoneticDepth = 0
                } else if scanner.nameIs("v") {
                    inValue = false
                } else if scanner.nameIs("is") {
                    inInline = false
                } else if scanner.nameIs("t") {
                    inText = false
                } else if scanner.nameIs("rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                } else if scanner.nameIs("row") {
                    finishRow(&state)
                } else if scanner.nameIs("sheetData") {
                    return
                }
            case .text:
                if inValue || (inInline && inText && phoneticDepth == 0) {
                    scanner.appendText(into: &cell.value)
                }
            }
        }
    }

    /// The 0-based column of a cell's `r` attribute (`B2` → 1), or nil.
    private func columnIndex(_ scanner: XMLScanner) -> Int? {
        guard let (start, end) = scanner.attribute("r") else { return nil }
        var column = 0
        var index = start
        while index < end {
            let byte = scanner.buffer[index]
            let letter: Int
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                letter = Int(byte - UInt8(ascii: "A")) + 1
            } else if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                letter = Int(byte - UInt8(ascii: "a")) + 1
            } else {
                break
            }
            column = column * 26 + letter
            guard column <= 16_384 else { return nil }
            index += 1
        }
        return column > 0 ? column - 1 : nil
    }

    /// Converts a cell's value to text, appends it to `bytes` and notes it in the row.
    private func finishCell(_ cell: Cell, into state: inout State) {
        let start = state.bytes.count
        func fail(_ message: String, hint: String? = nil) {
            state.diagnostics.error(message, at: location(state, column: cell.column), hint: hint)
        }
        switch cell.type {
        case UInt8(ascii: "s"):
            guard let index = Self.integer(cell.value), let (from, to) = sharedStrings.span(index) else {
                fail("cell \(Self.reference(cell.column, state.rowNumber)) refers to shared string “\(String(decoding: cell.value, as: UTF8.self))”, which the file does not have")
                return
            }
            state.bytes.append(contentsOf: sharedStrings.bytes[from..<to])
        case UInt8(ascii: "i"), UInt8(ascii: "S"):
            if cell.type == UInt8(ascii: "S"), cell.hasFormula, !cell.hasValue {
                fail("the formula in cell \(Self.reference(cell.column, state.rowNumber)) has no computed value",
                     hint: "open the file in Excel or WPS and save it, so that its formulas are computed")
                return
            }
            state.bytes.append(contentsOf: cell.value)
        case UInt8(ascii: "b"):
            switch cell.value {
            case [UInt8(ascii: "1")]: state.bytes.append(contentsOf: "true".utf8)
            case [UInt8(ascii: "0")]: state.bytes.append(contentsOf: "false".utf8)
            case []: break
            default:
                fail("cell \(Self.reference(cell.column, state.rowNumber)) is a boolean with the value “\(String(decoding: cell.value, as: UTF8.self))”")
                return
            }
        case UInt8(ascii: "e"):
            fail("cell \(Self.reference(cell.column, state.rowNumber)) holds the Excel error \(String(decoding: cell.value, as: UTF8.self))")
            return
        case UInt8(ascii: "d"):
            // An ISO 8601 date and time: the date part.
            let text = cell.value
            let datePart = text.count >= 10 && (text.count == 10 || text[10] == UInt8(ascii: "T")) ? Array(text[0..<10]) : text
            state.bytes.append(contentsOf: datePart)
        default:
            if cell.value.isEmpty {
                if cell.hasFormula {
                    fail("the formula in cell \(Self.reference(cell.column, state.rowNumber)) has no computed value",
                     hint: "open the file in Excel or WPS and save it, so that its formulas are computed")
                }
                return
            }
            if let message = appendNumber(cell, into: &state) { fail(message) }
        }
        let (trimmedStart, trimmedEnd) = state.bytes.withUnsafeBufferPointer {
            TextTrimming.trim($0, start, $0.count)
        }
        if trimmedStart == trimmedEnd {
            state.bytes.removeSubrange(start...)
            return
        }
        state.row.append((cell.column, trimmedStart, trimmedEnd))
    }

    /// Appends a number cell's text: plain decimal digits, or a date or time for a date style.
    /// Returns an error message, or nil.
    private func appendNumber(_ cell: Cell, into state: inout State) -> String? {
        let reference = Self.reference(cell.column, state.rowNumber)
        guard let kind = formats.kind(ofStyle: cell.style) else {
            let appended = cell.value.withUnsafeBufferPointer {
                ExcelNumber.append($0, 0, $0.count, to: &state.bytes)
            }
            return appended ? nil : "cell \(reference) holds “\(String(decoding: cell.value, as: UTF8.self))”, which is not a number"
        }
        var number: [UInt8] = []
        let isNumber = cell.value.withUnsafeBufferPointer { ExcelNumber.append($0, 0, $0.count, to: &number) }
        guard isNumber else {
            return "cell \(reference) holds “\(String(decoding: cell.value, as: UTF8.self))”, which is not a number"
        }
        switch ExcelDate.text(serial: String(decoding: number, as: UTF8.self), kind: kind, date1904: date1904) {
        case .success(let text):
            state.bytes.append(contentsOf: text.utf8)
            return nil
        case .failure(let error):
            return "cell \(reference) is formatted as a date, but \(error)"
        }
    }

    /// Ends a row: the header, a data row, or a skipped empty row.
    private func finishRow(_ state: inout State) {
        defer { state.row.removeAll(keepingCapacity: true) }
        guard !state.row.isEmpty else { return }
        guard let header = state.header else {
            readHeader(&state)
            return
        }
        let columns = header.count
        let rowStart = state.spans.count
        for _ in 0..<columns {
            state.spans.append(0)
            state.spans.append(0)
        }
        for cell in state.row {
            if cell.column < columns {
                state.spans[rowStart + 2 * cell.column] = Int32(truncatingIfNeeded: cell.start)
                state.spans[rowStart + 2 * cell.column + 1] = Int32(truncatingIfNeeded: cell.end)
            } else {
                state.diagnostics.error("cell \(Self.reference(cell.column, state.rowNumber)) is right of the header's last column, \(header.last ?? "")",
                                        at: SourceLocation(file: file, line: state.rowNumber, field: Self.letters(cell.column)))
            }
        }
        state.lines.append(Int32(truncatingIfNeeded: state.rowNumber))
        if state.bytes.count >= Int(Int32.max) {
            state.diagnostics.error("the sheet is too large to be read", at: SourceLocation(file: file, line: state.rowNumber))
        }
    }

    private func readHeader(_ state: inout State) {
        let last = state.row.map(\.column).max() ?? 0
        var names = [String](repeating: "", count: last + 1)
        for cell in state.row {
            names[cell.column] = String(decoding: state.bytes[cell.start..<cell.end], as: UTF8.self)
        }
        var seen: [String: Int] = [:]
        for (column, name) in names.enumerated() {
            let at = SourceLocation(file: file, line: state.rowNumber, field: Self.letters(column))
            if name.isEmpty {
                state.diagnostics.error("the header's cell \(Self.reference(column, state.rowNumber)) is empty: every column needs a name", at: at)
            } else if let first = seen[name] {
                state.diagnostics.error("the column name “\(name)” appears twice in the header (cells \(Self.reference(first, state.rowNumber)) and \(Self.reference(column, state.rowNumber)))", at: at)
            } else {
                seen[name] = column
            }
        }
        state.header = names
        state.headerLine = state.rowNumber
        state.bytes.removeAll(keepingCapacity: true)
    }

    /// Where a cell's error is reported: its row, and its column's name once the header is known.
    private func location(_ state: State, column: Int) -> SourceLocation {
        if let header = state.header, column < header.count {
            return SourceLocation(file: file, line: state.rowNumber, field: header[column])
        }
        return SourceLocation(file: file, line: state.rowNumber, field: Self.letters(column))
    }

    /// A non-negative decimal integer, such as a shared string index, or nil.
    static func integer(_ digits: [UInt8]) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    static func letters(_ column: Int) -> String {
        var column = column + 1
        var letters: [UInt8] = []
        while column > 0 {
            let remainder = (column - 1) % 26
            letters.insert(UInt8(ascii: "A") + UInt8(remainder), at: 0)
            column = (column - 1) / 26
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// A cell reference such as `B2`.
    static func reference(_ column: Int, _ row: Int) -> String {
        letters(column) + String(row)
    }
}
