import Foundation

/// A UTF-8 CSV file built in memory as bytes and written in a few large writes.
///
/// Rows end with CRLF, as Excel and WPS write them. Fields are appended raw: the generator's
/// vocabulary contains no `"` and no line breaks, and the one field that can contain a comma
/// (an equal-share credit cell, `甲镇,乙镇`) is quoted by its writer with ``quoted(_:)``.
/// The file is written beside its final name and renamed when complete, so a reader never sees
/// half a file. Memory stays bounded: the buffer is flushed every ``flushSize`` bytes.
struct CSVOutput {
    static let flushSize = 32 << 20

    let url: URL
    private let temp: URL
    private var handle: FileHandle?
    private(set) var bytes: [UInt8] = []
    private(set) var written = 0
    private(set) var rows = 0
    private var atLineStart = true

    init(directory: URL, name: String, header: [String]) throws {
        url = directory.appendingPathComponent(name)
        temp = directory.appendingPathComponent(".\(name).partial")
        _ = FileManager.default.createFile(atPath: temp.path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: temp.path) else {
            throw GeneratorError.cannotWrite(temp.path)
        }
        handle = h
        bytes.reserveCapacity(CSVOutput.flushSize + (1 << 16))
        for h in header { field(h) }
        endHeader()
    }

    // MARK: Fields

    @inline(__always)
    private mutating func separator() {
        if atLineStart { atLineStart = false } else { bytes.append(0x2C) }
    }

    @inline(__always)
    mutating func field(_ b: [UInt8]) {
        separator()
        bytes.append(contentsOf: b)
    }

    mutating func field(_ s: String) {
        separator()
        bytes.append(contentsOf: s.utf8)
    }

    /// An empty field.
    @inline(__always)
    mutating func empty() { separator() }

    /// A field made of several pieces.
    @inline(__always)
    mutating func begin() { separator() }
    @inline(__always)
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    @inline(__always)
    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// A field in double quotes (its content has no `"`).
    mutating func quoted(_ b: [UInt8]) {
        separator()
        bytes.append(0x22)
        bytes.append(contentsOf: b)
        bytes.append(0x22)
    }

    @inline(__always)
    mutating func int(_ v: Int) {
        separator()
        appendInt(v)
    }

    /// A non-negative integer, zero-padded to `width` digits.
    @inline(__always)
    mutating func appendPadded(_ v: Int, width: Int) {
        var digits = 1, t = v
        while t >= 10 { t /= 10; digits += 1 }
        if digits < width { for _ in 0..<(width - digits) { bytes.append(0x30) } }
        appendInt(v)
    }

    @inline(__always)
    mutating func appendInt(_ v: Int) {
        if v < 0 { bytes.append(0x2D); appendInt(-v); return }
        if v < 10 { bytes.append(UInt8(48 + v)); return }
        var buf: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0, x = v
        withUnsafeMutableBytes(of: &buf) { p in
            while x > 0 { p[n] = UInt8(48 + x % 10); x /= 10; n += 1 }
            while n > 0 { n -= 1; bytes.append(p[n]) }
        }
    }

    /// An amount in hundredths (`12345` → `123.45`, `12340` → `123.4`, `12300` → `123`).
    @inline(__always)
    mutating func appendHundredths(_ v: Int) {
        if v < 0 { bytes.append(0x2D); appendHundredths(-v); return }
        appendInt(v / 100)
        let f = v % 100
        if f != 0 {
            bytes.append(0x2E)
            bytes.append(UInt8(48 + f / 10))
            if f % 10 != 0 { bytes.append(UInt8(48 + f % 10)) }
        }
    }

    @inline(__always)
    mutating func hundredths(_ v: Int) {
        separator()
        appendHundredths(v)
    }

    /// A date of ``GenCalendar`` in the given style: 0 `2021-03-05`, 1 `2021/3/5`, 2 `2021年3月5日`.
    @inline(__always)
    mutating func date(_ index: Int, style: Int = 0) {
        separator()
        appendDate(index, style: style)
    }

    @inline(__always)
    mutating func appendDate(_ index: Int, style: Int = 0) {
        let cal = GenCalendar.shared
        switch style {
        case 1:
            appendInt(Int(cal.year[index])); bytes.append(0x2F)
            appendInt(Int(cal.month[index])); bytes.append(0x2F)
            appendInt(Int(cal.day[index]))
        case 2:
            appendInt(Int(cal.year[index])); bytes.append(contentsOf: Words.nian)
            appendInt(Int(cal.month[index])); bytes.append(contentsOf: Words.yue)
            appendInt(Int(cal.day[index])); bytes.append(contentsOf: Words.ri)
        default:
            bytes.append(contentsOf: cal.iso[index])
        }
    }

    /// Ends a data row (and flushes when the buffer is full).
    @inline(__always)
    mutating func endRow() throws {
        bytes.append(0x0D); bytes.append(0x0A)
        atLineStart = true
        rows += 1
        if bytes.count >= CSVOutput.flushSize { try flush() }
    }

    private mutating func endHeader() {
        bytes.append(0x0D); bytes.append(0x0A)
        atLineStart = true
    }

    private mutating func flush() throws {
        guard let handle else { return }
        try handle.write(contentsOf: bytes)
        written += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the file in place. Returns its size in bytes.
    @discardableResult
    mutating func finish() throws -> Int {
        try flush()
        try handle?.close()
        handle = nil
        let fm = FileManager.default
        if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
        try fm.moveItem(at: temp, to: url)
        return written
    }
}

/// What can go wrong when generating.
public enum GeneratorError: Error, CustomStringConvertible, Equatable {
    case cannotWrite(String)
    case usage(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write \(path)"
        case .usage(let message): return message
        }
    }
}
