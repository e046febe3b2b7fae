import Kaohe

/// A JSON text being written as UTF-8 bytes, for ``AssessmentJSON``.
///
/// Hand-written for speed: a province's score JSON is ~80 MB with millions of strings and
/// numbers, and building one `String` per member and joining them took seconds. Here every
/// piece is written straight into one growing buffer through a pointer (room is made once per
/// piece, not checked per byte); numbers through `Fixed.writeDescription(to:)` (the exact
/// decimals of `Fixed.description`), strings with the escaping of ``AssessmentJSON``. Layout
/// (indentation, separators) stays with the caller.
///
/// The buffer is owned by the value (`~Copyable`: freed when it goes out of scope, never
/// shared); ``bytes`` copies it out, ``finish()`` hands it over as a ``JSONChunk``.
struct JSONBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(64, capacity)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes written, handed over without a copy.
    consuming func finish() -> JSONChunk {
        let chunk = JSONChunk(base: base, count: count)
        discard self
        return chunk
    }

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(n) }
    }

    @inline(never)
    private mutating func grow(_ n: Int) {
        let newCapacity = max(capacity * 2, count + n)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// ASCII punctuation and key text, as written.
    @inline(__always)
    mutating func raw(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: s.utf8Start, count: n)
        count += n
    }

    /// Bytes written before (a quoted string kept by ``QuotedNames``), as they are.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    /// Two spaces per level.
    mutating func indent(_ depth: Int) {
        guard depth > 0 else { return }
        reserve(2 * depth)
        (base + count).update(repeating: 0x20, count: 2 * depth)
        count += 2 * depth
    }

    /// An array with one element per line at `depth + 1` and its closing bracket at `depth`, or
    /// `[]` when there are none; `element` writes each element (on its one line).
    mutating func lines<C: Collection>(_ elements: C, depth: Int, _ element: (C.Element, inout JSONBytes) -> Void) {
        guard !elements.isEmpty else { return raw("[]") }
        var first = true
        // (By index: each element lent to `element`, not copied out by an iterator, which
        // retained every string and array of a unit's sheet.)
        for i in elements.indices {
            raw(first ? "[\n" : ",\n")
            first = false
            indent(depth + 1)
            element(elements[i], &self)
        }
        byte(UInt8(ascii: "\n"))
        indent(depth)
        byte(UInt8(ascii: "]"))
    }

    /// The exact decimal text of `n` (``Fixed/description``).
    mutating func number(_ n: Fixed) {
        reserve(Fixed.maxDescriptionLength)
        count += n.writeDescription(to: base + count)
    }

    /// A number, or `null`.
    mutating func number(_ n: Fixed?) {
        if let n { number(n) } else { raw("null") }
    }

    /// An integer as `String(i)` writes it.
    mutating func int(_ i: Int) {
        reserve(20)
        if i < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var m = i.magnitude
        var digits = 1
        var rest = m / 10
        while rest != 0 {
            digits += 1
            rest /= 10
        }
        var k = count + digits
        repeat {
            k -= 1
            base[k] = UInt8(ascii: "0") + UInt8(m % 10)
            m /= 10
        } while m != 0
        count += digits
    }

    mutating func bool(_ b: Bool) {
        if b { raw("true") } else { raw("false") }
    }

    /// A string, or `null`.
    mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    /// `["a", "b"]` on one line; `[]` when empty.
    mutating func strings(_ list: [String]) {
        byte(UInt8(ascii: "["))
        for k in list.indices {
            if k > 0 { raw(", ") }
            string(list[k])
        }
        byte(UInt8(ascii: "]"))
    }

    /// `s` as a JSON string literal, quotes included, escaped as ``AssessmentJSON`` documents:
    /// `"` and `\` with a backslash; `\b`, `\f`, `\n`, `\r`, `\t`; other controls below U+0020
    /// as `\u00xx` (lower-case hex); U+2028/U+2029 as `\u2028`/`\u2029`; everything else as
    /// its UTF-8 bytes.
    mutating func string(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { utf8 in quoted(utf8) }
        if done == nil {
            var s = s
            s.withUTF8 { utf8 in quoted(utf8) }
        }
    }

    /// The bytes of a valid UTF-8 string, quoted and escaped.
    mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        let n = utf8.count
        // Worst case: every byte a control character written as `\u00xx`.
        reserve(6 * n + 2)
        let out = base
        var j = count
        out[j] = UInt8(ascii: "\"")
        j += 1
        guard let source = utf8.baseAddress else {
            out[j] = UInt8(ascii: "\"")
            count = j + 1
            return
        }
        // Copy the runs between bytes that need a look (controls, quote, backslash, and 0xE2,
        // the lead byte of U+2028/9) in one go.
        var start = 0
        var i = 0
        while i < n {
            let b = source[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0xE2 {
                i += 1
                continue
            }
            if b == 0xE2 {
                // U+2028 is E2 80 A8, U+2029 is E2 80 A9; any other E2 sequence stays as is.
                guard i + 2 < n, source[i + 1] == 0x80, source[i + 2] == 0xA8 || source[i + 2] == 0xA9 else {
                    i += 1
                    continue
                }
                (out + j).update(from: source + start, count: i - start)
                j += i - start
                out[j] = UInt8(ascii: "\\")
                out[j + 1] = UInt8(ascii: "u")
                out[j + 2] = UInt8(ascii: "2")
                out[j + 3] = UInt8(ascii: "0")
                out[j + 4] = UInt8(ascii: "2")
                out[j + 5] = source[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")
                j += 6
                i += 3
                start = i
                continue
            }
            (out + j).update(from: source + start, count: i - start)
            j += i - start
            out[j] = UInt8(ascii: "\\")
            switch b {
            case 0x22: out[j + 1] = UInt8(ascii: "\""); j += 2
            case 0x5C: out[j + 1] = UInt8(ascii: "\\"); j += 2
            case 0x08: out[j + 1] = UInt8(ascii: "b"); j += 2
            case 0x0C: out[j + 1] = UInt8(ascii: "f"); j += 2
            case 0x0A: out[j + 1] = UInt8(ascii: "n"); j += 2
            case 0x0D: out[j + 1] = UInt8(ascii: "r"); j += 2
            case 0x09: out[j + 1] = UInt8(ascii: "t"); j += 2
            default:
                out[j + 1] = UInt8(ascii: "u")
                out[j + 2] = UInt8(ascii: "0")
                out[j + 3] = UInt8(ascii: "0")
                out[j + 4] = JSONBytes.hexDigit(b >> 4)
                out[j + 5] = JSONBytes.hexDigit(b & 0xF)
                j += 6
            }
            i += 1
            start = i
        }
        (out + j).update(from: source + start, count: n - start)
        j += n - start
        out[j] = UInt8(ascii: "\"")
        count = j + 1
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + v - 10
    }

    /// A value of an item (SPEC §3 types): number → number, text → string, true/false,
    /// date → `"YYYY-MM-DD"`, list → inline array, period → `"start .. end"`, none → `null`.
    mutating func value(_ v: Value) {
        switch v {
        case .number(let n): number(n)
        case .text(let t): string(t)
        case .bool(let b): bool(b)
        case .date(let d):
            byte(UInt8(ascii: "\""))
            day(d)
            byte(UInt8(ascii: "\""))
        case .list(let l):
            byte(UInt8(ascii: "["))
            for k in l.indices {
                if k > 0 { raw(", ") }
                value(l[k])
            }
            byte(UInt8(ascii: "]"))
        case .period(let p):
            byte(UInt8(ascii: "\""))
            day(p.start)
            raw(" .. ")
            day(p.end)
            byte(UInt8(ascii: "\""))
        case .none: raw("null")
        }
    }

    /// `Day.description`: `2021-06-30` (the year as `String(year)` writes it).
    private mutating func day(_ d: Day) {
        let c = d.components
        int(c.year)
        byte(UInt8(ascii: "-"))
        twoDigits(c.month)
        byte(UInt8(ascii: "-"))
        twoDigits(c.day)
    }

    /// `0n` below 10, else the number (as `Day.description` pads).
    private mutating func twoDigits(_ n: Int) {
        if n < 10 { byte(UInt8(ascii: "0")) }
        int(n)
    }
}

/// Finished JSON bytes handed from one ``JSONBytes`` to the whole text (a unit chunk rendered
/// on another core); frees them when released.
final class JSONChunk: @unchecked Sendable {
    /// Makes chunks `0..<count` a wave at a time (each wave's chunks on all cores) and hands
    /// each to `write` in order, freed before the next wave is made: a large output is never
    /// all in memory.
    static func inWaves(_ count: Int, wave: Int = 4, render: @escaping @Sendable (Int) -> JSONChunk,
                        write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var first = 0
        while first < count {
            let last = min(count, first + wave)
            for c in parallelMap(last - first, { render(first + $0) }) {
                try write(UnsafeRawBufferPointer(start: c.base, count: c.count))
            }
            first = last
        }
    }

    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    init(base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// A copy of `bytes` (a piece made as an array, such as a sweep's CSV rows).
    convenience init(_ bytes: [UInt8]) {
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { base.update(from: b, count: bytes.count) } }
        self.init(base: base, count: bytes.count)
    }

    deinit { base.deallocate() }
}
