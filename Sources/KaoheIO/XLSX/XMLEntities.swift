/// Decoding of XML character and entity references in text and attribute values.
///
/// The five predefined entities (`&amp; &lt; &gt; &quot; &apos;`) and numeric references
/// (`&#20013;`, `&#x4E2D;`) are decoded; anything else after an `&` is kept as written, since
/// XLSX parts never declare entities of their own.
enum XMLEntities {
    /// Appends `buffer[start..<end]` to `output`, with references decoded.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]) {
        var index = start
        var run = start
        while index < end {
            guard buffer[index] == UInt8(ascii: "&") else {
                index += 1
                continue
            }
            var semicolon = index + 1
            while semicolon < end, semicolon - index <= 10, buffer[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
            guard semicolon < end, buffer[semicolon] == UInt8(ascii: ";"),
                  let scalar = reference(buffer, index + 1, semicolon) else {
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[run..<index]))
            UTF8Encoding.append(scalar, to: &output)
            index = semicolon + 1
            run = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[run..<end]))
    }

    /// The scalar a reference's name (between `&` and `;`) stands for.
    private static func reference(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let length = end - start
        guard length > 0 else { return nil }
        if buffer[start] == UInt8(ascii: "#") {
            var index = start + 1
            var radix: UInt32 = 10
            if index < end, buffer[index] == UInt8(ascii: "x") || buffer[index] == UInt8(ascii: "X") {
                radix = 16
                index += 1
            }
            guard index < end else { return nil }
            var value: UInt32 = 0
            while index < end {
                let byte = buffer[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value * radix + digit
                guard value <= 0x10FFFF else { return nil }
                index += 1
            }
            guard Unicode.Scalar(value) != nil else { return nil }
            return value
        }
        var name: [UInt8] = []
        for index in start..<end { name.append(buffer[index]) }
        switch name {
        case Array("amp".utf8): return 0x26
        case Array("lt".utf8): return 0x3C
        case Array("gt".utf8): return 0x3E
        case Array("quot".utf8): return 0x22
        case Array("apos".utf8): return 0x27
        default: return nil
        }
    }
}
