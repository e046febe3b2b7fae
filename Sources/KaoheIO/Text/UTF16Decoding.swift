import Kaohe

/// Decoding of UTF-16 text with a byte order mark to UTF-8.
///
/// Excel's "Unicode text" export is UTF-16LE with a BOM and TAB-separated fields. A lone or
/// misordered surrogate, or an odd number of bytes, is an error naming the line.
enum UTF16Decoding {
    static func decode(_ bytes: [UInt8], bigEndian: Bool, file: String) -> Result<DecodedText, Diagnostics> {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let count = bytes.count
        var i = 2 // after the byte order mark
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1])
                      : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        func failure(_ what: String) -> Result<DecodedText, Diagnostics> {
            let line = TextDecoding.lineNumber(at: output.count, in: output)
            let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
            return TextDecoding.failure(file, line: line, "the file starts with a \(name) byte order mark but \(what) at line \(line)")
        }
        while i + 1 < count {
            var scalar = unit(i)
            i += 2
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard i + 1 < count else { return failure("ends inside a surrogate pair") }
                let low = unit(i)
                guard low >= 0xDC00 && low <= 0xDFFF else { return failure("has an unpaired surrogate") }
                i += 2
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                return failure("has an unpaired surrogate")
            }
            UTF8Encoding.append(scalar, to: &output)
        }
        if i < count { return failure("has an odd number of bytes") }
        return .success(DecodedText(bytes: output, encoding: bigEndian ? .utf16BE : .utf16LE))
    }
}
