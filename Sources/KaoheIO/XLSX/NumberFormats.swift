/// Which cell styles of a workbook show numbers as dates or times, read from `xl/styles.xml`.
///
/// A cell's `s` attribute indexes `<cellXfs>`, whose `numFmtId` is either built in or defined
/// under `<numFmts>`. Built-in date formats are 14–17 and 22, and in Chinese, Japanese and
/// Korean Excel 27–31, 36, 50–54, 57 and 58 (`yyyy"年"m"月"d"日"` is 31 there); built-in time
/// formats are 18–21, 32–35, 45–47, 55 and 56. A custom format code is a date when, after
/// quoted text, `\`-escaped characters, `[Red]`-style sections and `AM/PM` markers are removed,
/// it has a `y` or a `d`, or an `m` with no `h` or `s` beside it; a time when it has `h` or `s`.
struct NumberFormats: Sendable {
    /// The kind of each cell style, by index; nil for a style that shows plain numbers.
    private(set) var kinds: [ExcelDate.Kind?] = []

    /// The kind of style `index`; nil (a plain number) for an unknown index.
    func kind(ofStyle index: Int) -> ExcelDate.Kind? {
        index >= 0 && index < kinds.count ? kinds[index] : nil
    }

    init(kinds: [ExcelDate.Kind?] = []) {
        self.kinds = kinds
    }

    /// Reads `styles.xml`.
    init(stylesXML bytes: [UInt8]) {
        var custom: [Int: ExcelDate.Kind?] = [:]
        var formatIDs: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer: buffer)
            var inCellXfs = false
            loop: while true {
                switch scanner.next() {
                case .end:
                    break loop
                case .startTag:
                    if scanner.nameIs("numFmt") {
                        if let id = scanner.attributeInt("numFmtId"), let code = scanner.attributeText("formatCode") {
                            custom[id] = Self.kind(ofCode: code)
                        }
                    } else if scanner.nameIs("cellXfs") {
                        inCellXfs = !scanner.isSelfClosing
                    } else if inCellXfs, scanner.nameIs("xf") {
                        formatIDs.append(scanner.attributeInt("numFmtId") ?? 0)
                    }
                case .endTag:
                    if scanner.nameIs("cellXfs") { inCellXfs = false }
                case .text:
                    break
                }
            }
        }
        kinds = formatIDs.map { id in
            if let kind = custom[id] { return kind }
            return Self.builtInKind(id)
        }
    }

    /// The kind of a built-in number format.
    static func builtInKind(_ id: Int) -> ExcelDate.Kind? {
        switch id {
        case 14...17, 22, 27...31, 36, 50...54, 57, 58: .date
        case 18...21, 32...35, 45...47, 55, 56: .time
        default: nil
        }
    }

    /// The kind of a custom format code such as `yyyy"年"m"月"d"日"`.
    static func kind(ofCode code: String) -> ExcelDate.Kind? {
        // Keep only the letters that are format tokens.
        var letters: [Character] = []
        var characters = Array(code.lowercased())
        characters = removing(["am/pm", "a/p", "上午/下午"], from: characters)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                index += 1
                while index < characters.count, characters[index] != "\"" { index += 1 }
            case "\\", "_", "*":
                index += 1
            case "[":
                // [h], [mm], [ss] are elapsed time; [Red], [$-804], [>100] are not tokens.
                var inner: [Character] = []
                index += 1
                while index < characters.count, characters[index] != "]" {
                    inner.append(characters[index])
                    index += 1
                }
                if !inner.isEmpty, inner.allSatisfy({ "hms".contains($0) }) { letters.append(contentsOf: inner) }
            case "y", "m", "d", "h", "s":
                letters.append(character)
            case ";":
                index = characters.count // the first section decides
            default:
                break
            }
            index += 1
        }
        if letters.contains("y") || letters.contains("d") { return .date }
        let hasTime = letters.contains("h") || letters.contains("s")
        if hasTime { return .time }
        if letters.contains("m") { return .date }
        return nil
    }

    private static func removing(_ words: [String], from characters: [Character]) -> [Character] {
        var text = String(characters)
        for word in words { text = text.replacing(word, with: " ") }
        return Array(text)
    }
}
