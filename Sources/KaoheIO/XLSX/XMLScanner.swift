import Foundation

/// A small pull scanner over the bytes of an XML part of an XLSX package.
///
/// Foundation's `XMLParser(data:)` fails on Linux for documents of about 10 MB and more (a
/// 200 000-row sheet is 50 MB), and the XML libraries are built on it. The parts of a
/// spreadsheet are regular, machine-written XML, so a scanner that yields start tags (with
/// their attributes), end tags and text is enough. Names are matched by their local part, so
/// `<x:row>` is a `row`. Comments, processing instructions and DOCTYPEs are skipped; CDATA is
/// text. It never allocates per element: names, attributes and text are offsets into the buffer.
struct XMLScanner {
    enum Token: Equatable {
        case startTag
        case endTag
        case text
        case end
    }

    struct Attribute {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    let buffer: UnsafeBufferPointer<UInt8>
    let count: Int
    var position = 0

    /// The local name of the last start or end tag.
    private(set) var nameStart = 0
    private(set) var nameEnd = 0
    /// Whether the last start tag ended with `/>`.
    private(set) var isSelfClosing = false
    /// The attributes of the last start tag.
    private(set) var attributes: [Attribute] = []
    /// The last text: raw bytes, entity references still in place unless `isCDATA`.
    private(set) var textStart = 0
    private(set) var textEnd = 0
    private(set) var isCDATA = false

    init(buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        self.count = buffer.count
        attributes.reserveCapacity(8)
    }

    /// The next token; `.end` at the end of the input (or of well-formed input).
    mutating func next() -> Token {
        while position < count {
            if buffer[position] != UInt8(ascii: "<") {
                textStart = position
                position = find(UInt8(ascii: "<"), from: position) ?? count
                textEnd = position
                isCDATA = false
                return .text
            }
            let p = position + 1
            guard p < count else { position = count; return .end }
            switch buffer[p] {
            case UInt8(ascii: "/"):
                var index = p + 1
                let start = index
                while index < count, !isNameEnd(buffer[index]) { index += 1 }
                setName(start, index)
                position = (find(UInt8(ascii: ">"), from: index) ?? (count - 1)) + 1
                return .endTag
            case UInt8(ascii: "?"):
                position = skip(past: "?>", from: p)
            case UInt8(ascii: "!"):
                if hasPrefix("<![CDATA[", at: position) {
                    textStart = position + 9
                    let close = find(sequence: "]]>", from: textStart) ?? count
                    textEnd = close
                    position = min(count, close + 3)
                    isCDATA = true
                    return .text
                } else if hasPrefix("<!--", at: position) {
                    position = skip(past: "-->", from: position + 4)
                } else {
                    position = (find(UInt8(ascii: ">"), from: p) ?? (count - 1)) + 1
                }
            default:
                readStartTag(from: p)
                return .startTag
            }
        }
        return .end
    }

    private mutating func readStartTag(from start: Int) {
        var index = start
        while index < count, !isNameEnd(buffer[index]) { index += 1 }
        setName(start, index)
        attributes.removeAll(keepingCapacity: true)
        isSelfClosing = false
        while index < count {
            let byte = buffer[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                isSelfClosing = true
                index += 1
                continue
            }
            if isSpace(byte) {
                index += 1
                continue
            }
            let attributeStart = index
            while index < count, buffer[index] != UInt8(ascii: "="), !isNameEnd(buffer[index]) { index += 1 }
            let attributeEnd = index
            while index < count, isSpace(buffer[index]) { index += 1 }
            guard index < count, buffer[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < count, isSpace(buffer[index]) { index += 1 }
            guard index < count else { break }
            let quote = buffer[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
            let valueStart = index + 1
            let valueEnd = find(quote, from: valueStart) ?? count
            attributes.append(Attribute(nameStart: attributeStart, nameEnd: attributeEnd,
                                        valueStart: valueStart, valueEnd: valueEnd))
            index = valueEnd + 1
        }
        position = min(index, count)
    }

    // MARK: Questions about the current token

    /// Whether the last tag's local name is `name`.
    func nameIs(_ name: StaticString) -> Bool {
        equal(nameStart, nameEnd, name)
    }

    /// The value span of the attribute whose local name is `name` (`id` matches `r:id`).
    func attribute(_ name: StaticString) -> (start: Int, end: Int)? {
        for attribute in attributes {
            var start = attribute.nameStart
            var index = attribute.nameEnd
            while index > start {
                if buffer[index - 1] == UInt8(ascii: ":") {
                    start = index
                    break
                }
                index -= 1
            }
            if equal(start, attribute.nameEnd, name) { return (attribute.valueStart, attribute.valueEnd) }
        }
        return nil
    }

    /// The decoded value of an attribute, as a `String`.
    func attributeText(_ name: StaticString) -> String? {
        guard let (start, end) = attribute(name) else { return nil }
        var bytes: [UInt8] = []
        XMLEntities.decode(buffer, start, end, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of an attribute read as a non-negative decimal integer.
    func attributeInt(_ name: StaticString) -> Int? {
        guard let (start, end) = attribute(name), start < end else { return nil }
        var value = 0
        for index in start..<end {
            let digit = Int(buffer[index]) - 48
            guard digit >= 0, digit <= 9, value < Int.max / 20 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Appends the last text, with entity references decoded, to `output`.
    func appendText(into output: inout [UInt8]) {
        if isCDATA {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[textStart..<textEnd]))
        } else {
            XMLEntities.decode(buffer, textStart, textEnd, into: &output)
        }
    }

    // MARK: Helpers

    private mutating func setName(_ start: Int, _ end: Int) {
        var local = start
        for index in start..<end where buffer[index] == UInt8(ascii: ":") { local = index + 1 }
        nameStart = local
        nameEnd = end
    }

    private func equal(_ start: Int, _ end: Int, _ name: StaticString) -> Bool {
        let length = name.utf8CodeUnitCount
        guard end - start == length else { return false }
        let pointer = name.utf8Start
        for offset in 0..<length where buffer[start + offset] != pointer[offset] { return false }
        return true
    }

    @inline(__always) private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) private func isNameEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    private func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < count, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private func hasPrefix(_ text: StaticString, at start: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard start + length <= count else { return false }
        return equal(start, start + length, text)
    }

    private func find(sequence text: StaticString, from start: Int) -> Int? {
        let first = text.utf8Start[0]
        var index = start
        while let found = find(first, from: index) {
            if hasPrefix(text, at: found) { return found }
            index = found + 1
        }
        return nil
    }

    private func skip(past text: StaticString, from start: Int) -> Int {
        guard let found = find(sequence: text, from: start) else { return count }
        return found + text.utf8CodeUnitCount
    }
}
