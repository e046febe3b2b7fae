/// A check of GB18030's byte structure that says where the first invalid byte is.
///
/// Foundation decodes GB18030 (and so GBK and GB2312) but returns nil for a broken file
/// without saying where it is broken. A character is one byte 00–7F; two bytes, a lead 81–FE
/// and a trail 40–7E or 80–FE; or four bytes 81–FE, 30–39, 81–FE, 30–39. No trail byte is ever
/// `"`, `,`, TAB, CR or LF, which is why lines can be counted on the raw bytes.
enum GB18030Validation {
    /// The offset of the first byte that does not fit GB18030's structure, or nil when all fit.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            var i = 0
            while i < count {
                let b0 = buffer[i]
                if b0 < 0x80 {
                    i += 1
                    continue
                }
                guard b0 >= 0x81, b0 <= 0xFE, i + 1 < count else { return i }
                let b1 = buffer[i + 1]
                if (b1 >= 0x40 && b1 <= 0x7E) || (b1 >= 0x80 && b1 <= 0xFE) {
                    i += 2
                } else if b1 >= 0x30 && b1 <= 0x39 {
                    guard i + 3 < count else { return i }
                    let b2 = buffer[i + 2], b3 = buffer[i + 3]
                    guard b2 >= 0x81, b2 <= 0xFE else { return i + 2 }
                    guard b3 >= 0x30, b3 <= 0x39 else { return i + 3 }
                    i += 4
                } else {
                    return i + 1
                }
            }
            return nil
        }
    }
}
