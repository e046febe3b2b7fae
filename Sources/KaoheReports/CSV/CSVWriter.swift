import Foundation

/// Writes rows of strings as RFC 4180 CSV that Excel opens correctly, Chinese included.
///
/// - Fields are quoted when they contain `,`, `"`, CR or LF, or start or end with a space;
///   quotes inside are doubled.
/// - Records end with CRLF, the last one too.
/// - The output starts with a UTF-8 byte order mark (`EF BB BF`) unless ``includesBOM`` is
///   `false`: without it, Excel on Chinese Windows reads UTF-8 as GBK and shows mojibake.
///
/// **Formula injection.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
/// formula, so a unit or project name such as `=HYPERLINK(…)` taken from a data file could act
/// when the CSV is opened. With ``guardsAgainstFormulas`` on (the default) such a cell gets a
/// leading apostrophe (`=SUM(A1)` → `'=SUM(A1)`), which spreadsheets show as text. Cells that
/// are numbers are left alone, so `-3.5`, `+2`, `-1,234.50` and `-12.50%` stay numbers. The
/// guard changes the data: turn it off when the CSV is read by programs rather than people.
///
/// ```swift
/// let csv = CSVWriter().string(rows: [["单位", "得分"], ["城关镇", "80.70"]])
/// // "\u{FEFF}单位,得分\r\n城关镇,80.70\r\n"
/// ```
public struct CSVWriter: Sendable, Hashable {
    /// Whether the output starts with a UTF-8 byte order mark.
    public var includesBOM: Bool
    /// Whether non-numeric cells starting with `=`, `+`, `-` or `@` get a leading `'`.
    public var guardsAgainstFormulas: Bool

    /// A writer.
    ///
    /// - Parameters:
    ///   - includesBOM: Whether the output starts with a UTF-8 byte order mark.
    ///   - guardsAgainstFormulas: Whether non-numeric cells starting with `=`, `+`, `-` or `@`
    ///     get a leading `'`.
    public init(includesBOM: Bool = true, guardsAgainstFormulas: Bool = true) {
        self.includesBOM = includesBOM
        self.guardsAgainstFormulas = guardsAgainstFormulas
    }

    /// The rows as CSV text, starting with U+FEFF when ``includesBOM`` is on.
    public func string(rows: [[String]]) -> String {
        (includesBOM ? "\u{FEFF}" : "") + rows.map(record).joined()
    }

    /// The rows as UTF-8 bytes, ready to write to a file.
    public func data(rows: [[String]]) -> Data {
        Data(string(rows: rows).utf8)
    }

    /// One record: the fields joined by commas, ending in CRLF.
    public func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field, guarded and quoted as needed.
    ///
    /// ```swift
    /// CSVWriter().field("a,b")        // "\"a,b\""
    /// CSVWriter().field("=SUM(A1)")   // "'=SUM(A1)"
    /// CSVWriter().field("-3.5")       // "-3.5"
    /// ```
    public func field(_ value: String) -> String {
        let guarded = guardsAgainstFormulas && Self.looksLikeFormula(value) ? "'" + value : value
        guard Self.needsQuotes(guarded) else { return guarded }
        return "\"" + guarded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a spreadsheet would read `value` as a formula: it starts with `=`, `+`, `-` or
    /// `@` and is not a number.
    static func looksLikeFormula(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) else { return false }
        return !isNumber(value)
    }

    /// Whether `value` is a number as written in a table: optional sign, digits (optionally
    /// grouped by commas in threes), optional fraction, optional exponent, optional `%`.
    static func isNumber(_ value: String) -> Bool {
        var scalars = Substring(value).unicodeScalars[...]
        if let sign = scalars.first, sign == "+" || sign == "-" { scalars.removeFirst() }
        if scalars.last == "%" { scalars.removeLast() }
        if let e = scalars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var exponent = scalars[scalars.index(after: e)...]
            if let sign = exponent.first, sign == "+" || sign == "-" { exponent.removeFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return false }
            scalars = scalars[..<e]
        }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = parts[0]
        let fraction = parts.count > 1 ? parts[1] : nil
        guard fraction?.allSatisfy(isDigit) ?? true else { return false }
        guard !integer.isEmpty || !(fraction?.isEmpty ?? true) else { return false }
        if integer.allSatisfy(isDigit) { return true }
        // Grouped: 1–3 digits, then groups of exactly three.
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count), head.allSatisfy(isDigit) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(isDigit) }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func needsQuotes(_ value: String) -> Bool {
        if value.first == " " || value.last == " " { return true }
        return value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
    }
}
