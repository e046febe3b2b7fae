/// The shared string table of a workbook (`xl/sharedStrings.xml`), as UTF-8 spans.
///
/// A cell of type `s` holds an index into this table. An entry is plain text (`<si><t>`) or
/// rich text in runs (`<si><r><t>…</t></r><r><t>…</t></r></si>`), whose texts are joined;
/// phonetic runs (`<rPh>`, furigana and pinyin guides) are not part of the text. The strings
/// are kept in one byte buffer, with two offsets per entry.
struct SharedStrings: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var spans: [Int] = []

    var count: Int { spans.count / 2 }

    init() {}

    /// Reads `sharedStrings.xml`.
    init(xml: [UInt8]) {
        var bytes: [UInt8] = []
        var spans: [Int] = []
        bytes.reserveCapacity(xml.count / 2)
        xml.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer: buffer)
            var entryStart = 0
            var inEntry = false, inText = false, phoneticDepth = 0
            loop: while true {
                switch scanner.next() {
                case .end:
                    break loop
                case .startTag:
                    if scanner.nameIs("si") {
                        inEntry = true
                        entryStart = bytes.count
                        if scanner.isSelfClosing {
                            spans.append(entryStart)
                            spans.append(entryStart)
                            inEntry = false
                        }
                    } else if scanner.nameIs("t") {
                        inText = !scanner.isSelfClosing
                    } else if scanner.nameIs("rPh"), !scanner.isSelfClosing {
                        phoneticDepth += 1
                    }
                case .endTag:
                    if scanner.nameIs("si"), inEntry {
                        spans.append(entryStart)
                        spans.append(bytes.count)
                        inEntry = false
                    } else if scanner.nameIs("t") {
                        inText = false
                    } else if scanner.nameIs("rPh") {
                        phoneticDepth = max(0, phoneticDepth - 1)
                    }
                case .text:
                    if inEntry, inText, phoneticDepth == 0 { scanner.appendText(into: &bytes) }
                }
            }
        }
        self.bytes = bytes
        self.spans = spans
    }

    /// The span of entry `index` in `bytes`, or nil when there is no such entry.
    func span(_ index: Int) -> (start: Int, end: Int)? {
        guard index >= 0, index < count else { return nil }
        return (spans[2 * index], spans[2 * index + 1])
    }

    /// The text of entry `index`, for tests.
    func string(_ index: Int) -> String? {
        guard let (start, end) = span(index) else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
