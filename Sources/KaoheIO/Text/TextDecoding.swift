import Foundation
import Kaohe

/// A ledger file's text, decoded to UTF-8, and the encoding it was found in.
public struct DecodedText: Sendable {
    /// The text as UTF-8, without a byte order mark; lines are numbered as in the file.
    public var bytes: [UInt8]
    /// The encoding that was detected.
    public var encoding: TextEncoding

    public init(bytes: [UInt8], encoding: TextEncoding) {
        self.bytes = bytes
        self.encoding = encoding
    }
}

/// Detection of a text file's encoding and its decoding to UTF-8.
///
/// Ledgers come from Excel and WPS on Chinese Windows, from statistics platforms and from
/// scripts, so a file may be UTF-8 with or without a byte order mark, GB18030 (GBK), or
/// UTF-16 ("Unicode text"). The detection order is: UTF-8 BOM → UTF-16 LE/BE BOM → strict
/// UTF-8 → GB18030 → error. A file that is valid UTF-8 is always read as UTF-8. Foundation's
/// GB18030 decoder (`String.Encoding(rawValue: 0x8000_0632)`, which also reads GBK) says
/// nothing about where a file is broken, so the byte structure is checked here first, to name
/// the line of the first bad byte; the decoding itself is ``GB18030Decoding``'s.
///
/// ```swift
/// let decoded = try TextDecoding.decode(bytes, file: "projects.csv").get()
/// decoded.encoding   // .gb18030
/// ```
public enum TextDecoding {
    /// Decodes a file's bytes to UTF-8, or says why it cannot.
    public static func decode(_ bytes: [UInt8], file: String) -> Result<DecodedText, Diagnostics> {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            let body = Array(bytes[3...])
            if let bad = UTF8Validation.firstInvalidByte(in: body) {
                return failure(file, line: lineNumber(at: bad, in: body),
                               "the file starts with a UTF-8 byte order mark but is not UTF-8 (invalid byte \(hex(body[bad])) at line \(lineNumber(at: bad, in: body)))")
            }
            return .success(DecodedText(bytes: body, encoding: .utf8BOM))
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return UTF16Decoding.decode(bytes, bigEndian: false, file: file)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return UTF16Decoding.decode(bytes, bigEndian: true, file: file)
        }
        guard let badUTF8 = UTF8Validation.firstInvalidByte(in: bytes) else {
            if let nul = firstNUL(in: bytes) {
                return failure(file, line: lineNumber(at: nul, in: bytes),
                               "the file contains a NUL byte at line \(lineNumber(at: nul, in: bytes)); is it UTF-16 without a byte order mark?",
                               hint: "save it from Excel as \"CSV UTF-8\" or as \"Unicode text\"")
            }
            return .success(DecodedText(bytes: bytes, encoding: .utf8))
        }
        if let badGB = GB18030Validation.firstInvalidByte(in: bytes) {
            // The encoding that got further is most likely the one the file was meant to be in.
            let bad = max(badGB, badUTF8)
            let line = lineNumber(at: bad, in: bytes)
            return failure(file, line: line,
                           "the file is neither UTF-8 nor GB18030 (invalid byte \(hex(bytes[bad])) at line \(line))",
                           hint: "save it as \"CSV UTF-8\" from Excel or WPS")
        }
        switch GB18030Decoding.decode(bytes) {
        case .success(let utf8):
            return .success(DecodedText(bytes: utf8, encoding: .gb18030))
        case .failure(let unmapped):
            let line = lineNumber(at: unmapped.offset, in: bytes)
            return failure(file, line: line,
                           "the file is neither UTF-8 nor GB18030 (the GB18030 character at line \(line) has no Unicode mapping)")
        }
    }

    /// Where the text of `bytes` starts (0, or 3 after a UTF-8 byte order mark) when the file
    /// is UTF-8 and can be read in place; nil when it needs ``decode(_:file:)`` (another
    /// encoding, or an error to report). The check runs on all cores for a large file.
    public static func utf8Start(_ bytes: [UInt8]) -> Int? {
        let start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        if start == 0, bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return nil
        }
        let valid = bytes.withUnsafeBufferPointer { UTF8Validation.isValid(UnsafeBufferPointer(rebasing: $0[start...])) }
        guard valid else { return nil }
        if start == 0, firstNUL(in: bytes) != nil { return nil }
        return start
    }

    /// The 1-based line on which byte `offset` stands; CRLF, LF and a lone CR end a line.
    public static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let b = bytes[index]
            if b == 0x0A {
                line += 1
            } else if b == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A {
                line += 1
            }
            index += 1
        }
        return line
    }

    /// The offset of the first NUL byte (with `memchr`, which is much faster than a loop).
    static func firstNUL(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }

    static func failure(_ file: String, line: Int, _ message: String, hint: String? = nil) -> Result<DecodedText, Diagnostics> {
        .failure(Diagnostics([.error(message, at: SourceLocation(file: file, line: line), hint: hint)]))
    }
}
