import CKaoheSIMD
import Kaohe

/// The byte-level CSV splitter behind ``CSVReader``: it finds the fields of each record.
///
/// It is written by hand, over an `UnsafeBufferPointer<UInt8>`, for two reasons. Speed: it
/// records where each field starts and ends instead of making a `String` per field (measured on
/// 166 MB: 0.12 s against 1.2 s for strings and 2.7–8.5 s for the CSV libraries). And strict
/// errors: the libraries silently accept an unterminated quote and keep a byte order mark in the
/// first header, where a ledger reader must name the line of every broken record.
///
/// Fields are RFC 4180 plus: CRLF, LF and a lone CR all end a record; spaces around unquoted
/// fields (and around quoted ones, outside the quotes) are dropped; a doubled quote inside a
/// quoted field stands for one quote, and such a field's unescaped text is written to `side`.
struct CSVParser {
    static let quote: UInt8 = 0x22
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    let buffer: UnsafeBufferPointer<UInt8>
    let count: Int
    let delimiter: UInt8
    let file: String

    /// The next byte to read.
    var position = 0
    /// The 1-based line of `position`.
    var line = 1
    /// The line on which the last record read began.
    var recordLine = 1
    /// Unescaped text of quoted fields with doubled quotes; a span into it is offset by `count`.
    var side: [UInt8] = []
    /// Two offsets (start, end) per field of the records read so far.
    var spans: [Int32] = []
    var diagnostics = Diagnostics()
    /// Set after an unterminated quote, which swallows the rest of the file.
    var stopped = false

    init(buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String) {
        self.buffer = buffer
        self.count = buffer.count
        self.delimiter = delimiter
        self.file = file
        delimiters = Self.ones &* UInt64(delimiter)
        classes = delimiter == 0x09 ? Self.tabDelimitedClasses : Self.byteClasses
    }

    /// What a byte at either end of a field tells ``readSimpleRecord(slots:width:into:capacity:)``,
    /// looked up in one table rather than compared with each of seven bytes (the quick loop's
    /// instructions went from 199 to 187 million on 2,000 units' projects):
    /// ``leadsToGeneral``, ``mayLeadSpace``, ``mayEndSpace``.
    let classes: UnsafePointer<UInt8>
    /// A field starting with it is read by ``readRecord()``: a quote, a space, a TAB (unless
    /// TAB is the delimiter).
    static let leadsToGeneral: UInt8 = 1
    /// A field starting with it may start with a space to trim: the first byte of a no-break
    /// (C2 A0) or an ideographic (E3 80 80) space.
    static let mayLeadSpace: UInt8 = 2
    /// A field ending with it may end with a space to trim: a space, a TAB, the last byte of a
    /// no-break or an ideographic space.
    static let mayEndSpace: UInt8 = 4

    /// The classes of every byte, for a delimiter other than TAB, and for TAB (made once, never
    /// freed; held by each parser, read without the static's lazy check).
    nonisolated(unsafe) static let byteClasses = makeClasses(tabIsSpace: true)
    nonisolated(unsafe) static let tabDelimitedClasses = makeClasses(tabIsSpace: false)

    static func makeClasses(tabIsSpace: Bool) -> UnsafePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        table[Int(quote)] |= leadsToGeneral
        table[0x20] |= leadsToGeneral
        if tabIsSpace { table[0x09] |= leadsToGeneral }
        table[0xC2] |= mayLeadSpace
        table[0xE3] |= mayLeadSpace
        for b in [0x20, 0x09, 0xA0, 0x80] { table[b] |= mayEndSpace }
        return UnsafePointer(table)
    }

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080
    static let lfs = ones &* UInt64(lf)
    static let crs = ones &* UInt64(cr)
    /// The delimiter in every byte of a word.
    let delimiters: UInt64

    /// The high bit of each zero byte of `x`, and perhaps of bytes above the lowest zero byte
    /// (a borrow runs on): the lowest bit set marks the first zero byte exactly.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }

    /// Whether `byte` is a space to drop around a field (a TAB is one unless it separates fields).
    @inline(__always)
    func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte == 0x09 && delimiter != 0x09)
    }

    /// Where an unquoted field that starts at `start` ends: the next delimiter, LF or CR (or
    /// the end), found eight bytes at a time (a word's bytes equal to one of the three stop
    /// bytes become zero; the lowest zero byte is found exactly).
    @inline(__always)
    func unquotedEnd(from start: Int) -> Int {
        var end = start
        if let base = buffer.baseAddress {
            while end + 8 <= count {
                let w = UnsafeRawPointer(base + end).loadUnaligned(as: UInt64.self)
                let m = Self.zeroBytes(w ^ delimiters) | Self.zeroBytes(w ^ Self.lfs) | Self.zeroBytes(w ^ Self.crs)
                if m != 0 { return end + m.trailingZeroBitCount >> 3 }
                end += 8
            }
        }
        // The bytes that end an unquoted field, all below 64: a bit set instead of three tests.
        let stops: UInt64 = 1 << UInt64(delimiter) | 1 << UInt64(Self.lf) | 1 << UInt64(Self.cr)
        while end < count {
            let byte = buffer[end]
            if byte < 64 && stops & (1 << UInt64(byte)) != 0 { break }
            end += 1
        }
        return end
    }

    // MARK: Field ends by stop bits

    /// The stop bits (delimiter, LF, CR) of the bytes from `windowStart`, one bit a byte, in
    /// `window` (``windowWords`` words): see ``nextStop(from:)``; then, when
    /// ``hasFieldBits``, the line-end bits and the trouble bits of the same bytes
    /// (``kaohe_field_bits``), ``windowWords`` words each. It must have room for
    /// ``windowCapacity`` words. Nil: fields are ended word by word (``unquotedEnd(from:)``).
    /// The bits depend only on the buffer, so they stay right whatever the parser reads
    /// meanwhile.
    var window: UnsafeMutablePointer<UInt64>?
    private var windowStart = 0
    private var windowLength = 0
    /// Whether the window holds line-end and trouble bits as well as stop bits.
    private var hasFieldBits = false
    static let windowWords = 64
    /// The words a ``window`` holds: stop, line-end and trouble bits.
    static let windowCapacity = 3 * windowWords

    /// Where an unquoted field that starts at `start` ends, as ``unquotedEnd(from:)``: the
    /// first stop bit at or after `start`, the bits made 4 KB at a time (with the CPU's vector
    /// instructions where it has them, ``kaohe_stop_bits``). A field of a few bytes then costs
    /// a bit scan, not the loading and masking of its words.
    @inline(__always)
    mutating func nextStop(from start: Int) -> Int {
        guard let window, let base = buffer.baseAddress else { return unquotedEnd(from: start) }
        var from = start
        while from < count {
            let offset = from - windowStart
            if offset < 0 || offset >= windowLength {
                fillWindow(window, base, at: from)
                continue
            }
            var w = offset >> 6
            let words = (windowLength + 63) >> 6
            var bits = window[w] & (~0 << UInt64(offset & 63))
            while true {
                if bits != 0 { return windowStart + (w << 6) + bits.trailingZeroBitCount }
                w += 1
                if w >= words { break }
                bits = window[w]
            }
            from = windowStart + windowLength
        }
        return count
    }

    /// The stop bits of the (up to) 4 KB from `from`.
    private mutating func fillWindow(_ window: UnsafeMutablePointer<UInt64>, _ base: UnsafePointer<UInt8>, at from: Int) {
        windowStart = from
        windowLength = min(Self.windowWords * 64, count - from)
        hasFieldBits = false
        if vectorStops {
            if exactRecords, kaohe_field_bits(base + from, windowLength, delimiter, window, window + Self.windowWords,
                                              window + 2 * Self.windowWords) == 1 {
                hasFieldBits = true
                return
            }
            if kaohe_stop_bits(base + from, windowLength, delimiter, window) == 1 { return }
        }
        // The same bits from words: a stop byte's high bit set exactly (``exactZeroBytes(_:)``),
        // gathered eight to a byte by a multiplication (no carries: the products' bits never
        // overlap); the last bytes one by one.
        var i = 0, w = 0
        while i + 64 <= windowLength {
            var mask: UInt64 = 0
            for k in 0..<8 {
                let x = UnsafeRawPointer(base + from + i + 8 * k).loadUnaligned(as: UInt64.self)
                let m = Self.exactZeroBytes(x ^ delimiters) | Self.exactZeroBytes(x ^ Self.lfs) | Self.exactZeroBytes(x ^ Self.crs)
                mask |= (((m >> 7) &* 0x0102_0408_1020_4080) >> 56) << UInt64(8 * k)
            }
            window[w] = mask
            i += 64
            w += 1
        }
        if i < windowLength {
            var mask: UInt64 = 0
            for k in 0..<(windowLength - i) {
                let b = base[from + i + k]
                if b == delimiter || b == Self.lf || b == Self.cr { mask |= 1 << UInt64(k) }
            }
            window[w] = mask
        }
    }

    /// Whether the stop bits are made with vector instructions (false in tests of the words'
    /// way).
    var vectorStops = CSVParser.hasVectorStops

    /// Whether the windows are made with the line-end and trouble bits that
    /// ``readExactRecords(slots:width:into:lines:rows:)`` needs (false: it takes no record;
    /// in tests of the field-by-field way).
    var exactRecords = true

    /// Whether ``kaohe_stop_bits`` works on this CPU (asked once, before any chunk is split on
    /// the cores).
    static let hasVectorStops = kaohe_has_avx2() == 1

    /// The high bit of each zero byte of `x`, and of no other byte (unlike ``zeroBytes(_:)``:
    /// the low seven bits of each byte are added apart, so no borrow or carry crosses bytes).
    @inline(__always)
    static func exactZeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & ~highs) &+ ~highs) | x) & highs
    }

    /// Reads one record, appending its fields' spans to `spans`; false at the end of the input.
    mutating func readRecord() -> Bool {
        guard position < count, !stopped else { return false }
        recordLine = line
        let buffer = self.buffer, count = self.count
        while true {
            var start = position
            while start < count, isSpace(buffer[start]) { start += 1 }
            if start < count, buffer[start] == Self.quote {
                readQuotedField(openingAt: start)
                if stopped { return true }
            } else {
                // An unquoted field runs to the next delimiter or line end.
                let end = unquotedEnd(from: start)
                let (s, e) = TextTrimming.trim(buffer, start, end)
                spans.append(Int32(truncatingIfNeeded: s))
                spans.append(Int32(truncatingIfNeeded: e))
                position = end
            }
            guard position < count else { return true }
            let byte = buffer[position]
            position += 1
            if byte == self.delimiter { continue }
            if byte == Self.cr, position < count, buffer[position] == Self.lf { position += 1 }
            line += 1
            return true
        }
    }

    /// What ``readSimpleRecord(slots:width:into:capacity:)`` found of a record.
    struct SimpleRecord {
        var fields: Int
        /// Every field empty once trimmed (a blank record, skipped).
        var blank: Bool
        /// A field past `width` not empty (the general reader reports the record).
        var extra: Bool
    }

    /// Reads one record the quick way when it is simple: no field starts with a quote or a
    /// space (or a TAB that is not the delimiter), and it has at most `capacity` fields. Field
    /// `f`'s span (trimmed as ``readRecord()`` trims it) is written to `out[slots[f]]` and
    /// `out[slots[f] + 1]` when `slots[f] >= 0`, and nowhere otherwise (`slots` has
    /// `capacity` entries): a reader that keeps some fields writes only those. Otherwise
    /// nothing is read (`position` and `line` are as they were) and nil is returned:
    /// ``readRecord()`` then reads the record. The result, lines included, is what
    /// ``readRecord()`` gives for such a record; it only skips the growable `spans` array and
    /// the quoted-field machinery.
    @inline(__always)
    mutating func readSimpleRecord(slots: UnsafePointer<Int>, width: Int, into out: UnsafeMutablePointer<Int32>,
                                   capacity: Int) -> SimpleRecord? {
        guard position < count, !stopped, let base = buffer.baseAddress, let window else { return nil }
        let count = self.count, delimiter = self.delimiter, classes = self.classes
        var p = position
        var fields = 0
        var blank = true, extra = false
        recordLine = line
        // The stop bits from `p` on, one at a time: the fields of a record are end to end, so
        // each field ends at the next stop bit (each taken is cleared from `bits`).
        var offset = p - windowStart
        if offset < 0 || offset >= windowLength {
            fillWindow(window, base, at: p)
            offset = 0
        }
        var w = offset >> 6
        var words = (windowLength + 63) >> 6
        var bits = window[w] & (~0 << UInt64(offset & 63))
        while true {
            let first: UInt8 = p < count ? base[p] : 0
            let lead = classes[Int(first)]
            if lead & Self.leadsToGeneral != 0 { return nil }
            var end = count
            while true {
                if bits != 0 {
                    end = windowStart &+ (w &<< 6) &+ bits.trailingZeroBitCount
                    bits &= bits &- 1
                    break
                }
                w &+= 1
                if w >= words {
                    let next = windowStart &+ windowLength
                    if next >= count { break }
                    fillWindow(window, base, at: next)
                    w = 0
                    words = (windowLength + 63) >> 6
                }
                bits = window[w]
            }
            guard fields < capacity else { return nil }
            let slot = slots[fields]
            if end > p {
                // Trimmed only when an end may hold a space: a leading space or TAB was sent to
                // the general reader above; no-break and ideographic spaces begin C2 and E3 and
                // end A0 and 80.
                var s = p, e = end
                if (lead & Self.mayLeadSpace) | (classes[Int(base[end &- 1])] & Self.mayEndSpace) != 0 {
                    (s, e) = TextTrimming.trim(buffer, p, end)
                }
                if s != e {
                    blank = false
                    if fields >= width { extra = true }
                }
                if slot >= 0 {
                    out[slot] = Int32(truncatingIfNeeded: s)
                    out[slot &+ 1] = Int32(truncatingIfNeeded: e)
                }
            } else if slot >= 0 {
                out[slot] = 0
                out[slot &+ 1] = 0
            }
            fields &+= 1
            guard end < count else {
                position = end
                return SimpleRecord(fields: fields, blank: blank, extra: extra)
            }
            let byte = base[end]
            p = end &+ 1
            if byte == delimiter { continue }
            if byte == Self.cr, p < count, base[p] == Self.lf { p &+= 1 }
            position = p
            line &+= 1
            return SimpleRecord(fields: fields, blank: blank, extra: extra)
        }
    }

    /// Reads up to `rows` records from `position`, the way ``readExactRecord(slots:width:into:base:window:)``
    /// does, record `j`'s fields written to `out + 2 * j` (at its slots, as
    /// ``readSimpleRecord(slots:width:into:capacity:)`` writes them) and its first line to
    /// `lines[j]`; stops at the first record that needs the field-by-field way, and returns the
    /// number read. Each record read has exactly `width` fields and is not blank.
    ///
    /// The records of a batch in one loop: the parser's state stays in registers, and the
    /// caller ends the rows together.
    mutating func readExactRecords(slots: UnsafePointer<Int>, width: Int, into out: UnsafeMutablePointer<Int32>,
                                   lines: UnsafeMutablePointer<Int32>, rows: Int) -> Int {
        guard exactRecords, !stopped, let base = buffer.baseAddress, let window else { return 0 }
        var j = 0
        while j < rows, position < count,
              readExactRecord(slots: slots, width: width, into: out + 2 &* j, base: base, window: window) {
            lines[j] = Int32(truncatingIfNeeded: recordLine)
            j &+= 1
        }
        return j
    }

    /// Reads the record at `position` (which is before `count`) from the window's bits when it
    /// lies in the window, ends with a line end there, has exactly `width` fields, is not
    /// blank, no byte of it is marked as trouble (``kaohe_field_bits``), and its first byte
    /// (which the bits cannot mark: the byte before it may lie outside the window) is none that
    /// may lead a field the quick way cannot take or a space (a quote, a space, a TAB unless it
    /// is the delimiter, C2 or E3, space or not): then no field is quoted, starts with a space
    /// or needs trimming, and its spans are the stops' positions. Its fields are written as
    /// ``readSimpleRecord(slots:width:into:capacity:)`` writes them (an empty one as 0, 0), and
    /// true is returned. Otherwise nothing is read and false is returned.
    ///
    /// The field-by-field loop spent some 70 instructions a field on its tests and spilled
    /// registers; here a record is a walk over its stop bits. The bits are made with AVX2 only:
    /// without it (``hasVectorStops`` false) no record is read this way.
    @inline(__always)
    private mutating func readExactRecord(slots: UnsafePointer<Int>, width: Int, into out: UnsafeMutablePointer<Int32>,
                                          base: UnsafePointer<UInt8>, window: UnsafeMutablePointer<UInt64>) -> Bool {
        let p = position
        var offset = p &- windowStart
        if offset < 0 || offset >= windowLength {
            fillWindow(window, base, at: p)
            offset = 0
        }
        guard hasFieldBits, width > 0,
              classes[Int(base[p])] & (Self.leadsToGeneral | Self.mayLeadSpace) == 0 else { return false }
        let lineEnds = window + Self.windowWords, trouble = window + 2 * Self.windowWords
        let words = (windowLength &+ 63) >> 6
        // The record's line end: the first in the window from `offset`.
        let first = offset >> 6
        let fromFirst: UInt64 = ~0 << UInt64(offset & 63)
        var last = first
        var ends = lineEnds[first] & fromFirst
        while ends == 0 {
            last &+= 1
            if last >= words { return false }
            ends = lineEnds[last]
        }
        let endOffset = (last &<< 6) &+ ends.trailingZeroBitCount
        // Blank (nothing but delimiters): the field-by-field way skips it.
        guard endOffset &- offset >= width else { return false }
        let beforeEnd: UInt64 = (1 << UInt64(endOffset & 63)) &- 1
        // The fields, from each stop to the next, written as they are found: a record that
        // turns out to have more or fewer is read again the other way, which writes its own.
        // (Its trouble bits gathered on the way; no bits counted: this build's CPU has no
        // population count instruction.)
        var s = p, field = 0
        let lastField = width &- 1
        var marked: UInt64 = 0
        var w = first
        while w <= last {
            var m: UInt64 = ~0
            if w == first { m &= fromFirst }
            if w == last { m &= beforeEnd }
            marked |= trouble[w] & m
            var bits = window[w] & m
            let wordStart = windowStart &+ (w &<< 6)
            while bits != 0 {
                guard field < lastField else { return false }
                let e = wordStart &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                let slot = slots[field]
                if slot >= 0 {
                    let empty = e == s
                    out[slot] = empty ? 0 : Int32(truncatingIfNeeded: s)
                    out[slot &+ 1] = empty ? 0 : Int32(truncatingIfNeeded: e)
                }
                s = e &+ 1
                field &+= 1
            }
            w &+= 1
        }
        guard field == lastField, marked == 0 else { return false }
        let end = windowStart &+ endOffset
        let slot = slots[field]
        if slot >= 0 {
            let empty = end == s
            out[slot] = empty ? 0 : Int32(truncatingIfNeeded: s)
            out[slot &+ 1] = empty ? 0 : Int32(truncatingIfNeeded: end)
        }
        recordLine = line
        var next = end &+ 1
        if base[end] == Self.cr, next < count, base[next] == Self.lf { next &+= 1 }
        position = next
        line &+= 1
        return true
    }

    /// Reads a quoted field whose opening quote is at `open`, and any spaces after it.
    private mutating func readQuotedField(openingAt open: Int) {
        let buffer = self.buffer, count = self.count
        let openLine = line
        var index = open + 1
        var segment = index
        var sideStart: Int?
        while true {
            while index < count {
                let byte = buffer[index]
                if byte == Self.quote { break }
                if byte == Self.lf || (byte == Self.cr && (index + 1 >= count || buffer[index + 1] != Self.lf)) {
                    line += 1
                }
                index += 1
            }
            guard index < count else {
                diagnostics.error("unterminated quoted field: the quote opened here is never closed",
                                  at: SourceLocation(file: file, line: openLine, column: column(of: open)),
                                  hint: "a quote inside a quoted field is written twice: \"\"")
                stopped = true
                position = count
                return
            }
            if index + 1 < count, buffer[index + 1] == Self.quote {
                if sideStart == nil { sideStart = side.count }
                side.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segment...index]))
                index += 2
                segment = index
                continue
            }
            break
        }
        if let sideStart {
            side.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[segment..<index]))
            spans.append(Int32(truncatingIfNeeded: count + sideStart))
            spans.append(Int32(truncatingIfNeeded: count + side.count))
        } else {
            spans.append(Int32(truncatingIfNeeded: open + 1))
            spans.append(Int32(truncatingIfNeeded: index))
        }
        index += 1
        while index < count, isSpace(buffer[index]) { index += 1 }
        if index < count {
            let byte = buffer[index]
            if byte != delimiter && byte != Self.lf && byte != Self.cr {
                diagnostics.error("text after the closing quote of a quoted field",
                                  at: SourceLocation(file: file, line: line, column: column(of: index)),
                                  hint: "quote the whole field, and write a quote inside it twice: \"\"")
                while index < count {
                    let byte = buffer[index]
                    if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
                    index += 1
                }
            }
        }
        position = index
    }

    /// The 1-based column, in Unicode scalars, of byte `offset` on its line.
    func column(of offset: Int) -> Int {
        var start = offset
        while start > 0, buffer[start - 1] != Self.lf, buffer[start - 1] != Self.cr { start -= 1 }
        var column = 1
        for index in start..<offset where buffer[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The text of a span, from the buffer or from `side`.
    func text(start: Int32, end: Int32) -> String {
        let start = Int(start), end = Int(end)
        if start >= count {
            return String(decoding: side[(start - count)..<(end - count)], as: UTF8.self)
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
    }
}
