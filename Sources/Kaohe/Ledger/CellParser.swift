/// Turns one data cell's text into a typed value (SPEC §3), or says why it cannot.
public enum CellParser {
    /// Parses `text` as a value of `type`. An empty cell is none in an optional column,
    /// the empty list in a list column, and an error otherwise.
    public static func parse(_ text: String, as type: ColumnType, optional: Bool) -> Result<Value, CellError> {
        let t = text.trimmingSpaces
        if t.isEmpty {
            if case .list = type { return .success(.list([])) }
            return optional ? .success(.none) : .failure(CellError("empty cell in a required column (declare the type with ? if it may be empty)"))
        }
        switch type {
        case .text, .unit:
            return .success(.text(t))
        case .number:
            guard let n = Fixed(parsing: t, allowSuffix: true, allowGrouping: true) else {
                return .failure(CellError("'\(t)' is not a number"))
            }
            return .success(.number(n))
        case .money(let name, let factor):
            guard let n = Fixed(parsing: t, allowSuffix: false, allowGrouping: true) else {
                return .failure(CellError("'\(t)' is not an amount in \(name)"))
            }
            guard let v = try? n.multiplied(by: factor) else { return .failure(CellError("'\(t)' is too large")) }
            return .success(.number(v))
        case .date:
            guard let d = Day(parsing: t) else {
                return .failure(CellError("'\(t)' is not a date (2021-06-30, 2021/6/30, 2021.6.30 or 2021年6月30日)"))
            }
            return .success(.date(d))
        case .bool:
            switch t.lowercased() {
            case "是", "有", "true", "yes", "1", "y": return .success(.bool(true))
            case "否", "无", "false", "no", "0", "n": return .success(.bool(false))
            default: return .failure(CellError("'\(t)' is not a yes/no value (是/否, 有/无, true/false, yes/no, 1/0, Y/N)"))
            }
        case .list:
            let parts = splitList(t)
            return .success(.list(parts.map { .text($0) }))
        }
    }

    /// The same as ``parse(_:as:optional:)``, from a cell's UTF-8 bytes: plain numbers, ASCII
    /// dates, yes/no words and text are read without an intermediate `String`; anything
    /// unusual goes through the text path, so both give the same result.
    public static func parse(bytes raw: UnsafeBufferPointer<UInt8>, as type: ColumnType, optional: Bool) -> Result<Value, CellError> {
        var lo = 0, hi = raw.count
        while lo < hi, raw[lo] == 32 || raw[lo] == 9 { lo += 1 }
        while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 { hi -= 1 }
        let b = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        if b.isEmpty {
            if case .list = type { return .success(.list([])) }
            return optional ? .success(.none) : .failure(CellError("empty cell in a required column (declare the type with ? if it may be empty)"))
        }
        switch type {
        case .text, .unit:
            // Trimmed exactly as the text path trims (spaces and tabs).
            return .success(.text(String(decoding: b, as: UTF8.self)))
        case .number:
            if let n = Fixed.parsePlain(b) { return .success(.number(n)) }
        case .money(_, let factor):
            if let n = Fixed.parsePlain(b), let v = try? n.multiplied(by: factor) { return .success(.number(v)) }
        case .date:
            if let d = Day.parseASCII(b) { return .success(.date(d)) }
        case .bool:
            if let x = plainBool(b) { return .success(.bool(x)) }
        case .list:
            break
        }
        return parse(String(decoding: b, as: UTF8.self), as: type, optional: optional)
    }

    /// The fast path for yes/no cells: `是 否 1 0 Y N y n` read from their bytes; nil for
    /// anything else (the text reader then decides).
    @inline(__always)
    public static func plainBool(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        if b.count == 1 {
            switch b[0] {
            case UInt8(ascii: "1"), UInt8(ascii: "Y"), UInt8(ascii: "y"): return true
            case UInt8(ascii: "0"), UInt8(ascii: "N"), UInt8(ascii: "n"): return false
            default: return nil
            }
        }
        if b.count == 3, b[0] == 0xE6, b[1] == 0x98, b[2] == 0xAF { return true }    // 是
        if b.count == 3, b[0] == 0xE5, b[1] == 0x90, b[2] == 0xA6 { return false }   // 否
        return nil
    }

    /// Splits a list cell on `、 , ， ; ；`, trimming spaces and dropping empty parts.
    ///
    /// The separators are found in the UTF-8 bytes (`、` E3 80 81, `，` EF BC 8C, `；` EF BC
    /// 9B): splitting by characters segments graphemes, which made this the slowest step of
    /// reading a ledger's tags and shared-credit cells.
    public static func splitList(_ text: String) -> [String] {
        var parts: [String] = []
        var text = text
        text.withUTF8 { b in
            var start = 0, i = 0
            func cut(_ end: Int, skip: Int) {
                let part = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self).trimmingSpaces
                if !part.isEmpty { parts.append(part) }
                i = end + skip
                start = i
            }
            while i < b.count {
                let skip = separatorLength(b, at: i)
                if skip > 0 { cut(i, skip: skip) } else { i += 1 }
            }
            cut(b.count, skip: 0)
        }
        return parts
    }

    /// The length in bytes of the list separator at `b[i]` (`,` `;` 1; `、` E3 80 81, `，`
    /// EF BC 8C, `；` EF BC 9B 3), 0 when there is none.
    @inline(__always)
    public static func separatorLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let x = b[i]
        if x == 0x2C || x == 0x3B { return 1 }
        if i + 2 < b.count, (x == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x81)
            || (x == 0xEF && b[i + 1] == 0xBC && (b[i + 2] == 0x8C || b[i + 2] == 0x9B)) {
            return 3
        }
        return 0
    }

    /// Equal shares of `units`; the last takes the remainder, so that they add up to exactly 1.
    static func equalShares(_ units: [Int]) -> [DatasetData.Credit] {
        let each = (try? Fixed(1).divided(by: Fixed(units.count))) ?? .zero
        var out: [DatasetData.Credit] = []
        var rest = Fixed(1)
        for k in units.indices {
            let s = k == units.count - 1 ? rest : each
            rest = rest - s
            out.append(.init(unit: units[k], share: s))
        }
        return out
    }

    /// The common shared-credit cell read from its bytes (`城关镇 60%、河西镇 40%`, `甲镇,乙镇`):
    /// the credits ``parseCredit(_:units:)`` gives, or nil for anything it would read otherwise
    /// or refuse (a name not found by its bytes, a full-width ％, a share that is not a plain
    /// number, shares not adding up to 100 %, a unit named twice), which the caller then reads
    /// with that function. A province's projects have tens of thousands of distinct shared
    /// cells; made into `String`s and looked up by name, they took a twentieth of the load.
    public static func parseCredit(bytes b: UnsafeBufferPointer<UInt8>,
                                   unit: (UnsafeBufferPointer<UInt8>) -> Int32?) -> [DatasetData.Credit]? {
        var units: [Int] = []
        var shares: [Fixed] = []
        var withShare = 0
        let percent = Fixed(raw: Fixed.one / 100)
        func isSpace(_ x: UInt8) -> Bool { x == 32 || x == 9 }
        // One part (`城关镇 60%`): false when the fast path cannot read it.
        func part(_ from: Int, _ to: Int) -> Bool {
            var lo = from, hi = to
            while lo < hi, isSpace(b[lo]) { lo += 1 }
            while hi > lo, isSpace(b[hi - 1]) { hi -= 1 }
            if lo == hi { return true }   // (an empty part is dropped)
            var nameEnd = hi
            if b[hi - 1] == 0x25 {   // %
                var i = hi - 1
                while i > lo, (b[i - 1] >= 48 && b[i - 1] <= 57) || b[i - 1] == 46 { i -= 1 }
                guard let v = Fixed.parsePlain(UnsafeBufferPointer(rebasing: b[i..<(hi - 1)])),
                      let share = try? v.multiplied(by: percent) else { return false }
                shares.append(share)
                withShare += 1
                nameEnd = i
                while nameEnd > lo, isSpace(b[nameEnd - 1]) { nameEnd -= 1 }
            } else if hi - lo >= 3, b[hi - 3] == 0xEF, b[hi - 2] == 0xBC, b[hi - 1] == 0x85 {   // ％
                return false
            }
            guard let u = unit(UnsafeBufferPointer(rebasing: b[lo..<nameEnd])), !units.contains(Int(u)) else { return false }
            units.append(Int(u))
            return true
        }
        var start = 0, i = 0
        while i < b.count {
            let skip = separatorLength(b, at: i)
            if skip == 0 { i += 1; continue }
            guard part(start, i) else { return nil }
            i += skip
            start = i
        }
        guard part(start, b.count), !units.isEmpty else { return nil }
        if withShare == 0 { return equalShares(units) }
        guard withShare == units.count, shares.reduce(Fixed.zero, +) == Fixed(1) else { return nil }
        return zip(units, shares).map { .init(unit: $0, share: $1) }
    }

    /// Parses a `unit` cell: `城关镇`, `城关镇 60%、河西镇 40%`, or `甲镇,乙镇` (equal shares).
    public static func parseCredit(_ text: String, units: [String: Int]) -> Result<[DatasetData.Credit], CellError> {
        let parts = splitList(text)
        if parts.isEmpty { return .failure(CellError("no unit named")) }
        var names: [String] = []
        // Each name's unit, looked up once (hashing a Chinese name is slow).
        var unitOf: [Int] = []
        var shares: [Fixed?] = []
        for p in parts {
            var name = p
            var share: Fixed?
            if p.hasSuffix("%") || p.hasSuffix("％") {
                // The share is the trailing number: "城关镇 60%" or "城关镇60%" (its digits and
                // point are ASCII, so the bytes are cut: % is one byte, ％ three).
                let bytes = Array(p.utf8)
                let end = bytes.count - (p.hasSuffix("%") ? 1 : 3)
                var i = end
                while i > 0, (bytes[i - 1] >= 48 && bytes[i - 1] <= 57) || bytes[i - 1] == 46 { i -= 1 }
                let num = String(decoding: bytes[i..<end], as: UTF8.self)
                guard let v = Fixed(parsing: num + "%") else {
                    return .failure(CellError("'\(p)': cannot read the share"))
                }
                share = v
                name = String(decoding: bytes[0..<i], as: UTF8.self).trimmingSpaces
            }
            guard let unit = units[name] else {
                return .failure(CellError("unknown unit '\(name)'", suggestion: Suggest.nearest(name, in: Array(units.keys))))
            }
            if names.contains(name) { return .failure(CellError("unit '\(name)' is named twice")) }
            names.append(name)
            unitOf.append(unit)
            shares.append(share)
        }
        let given = shares.compactMap { $0 }
        if !given.isEmpty && given.count != shares.count {
            return .failure(CellError("give a share for every unit or for none ('\(text)')"))
        }
        if given.isEmpty { return .success(equalShares(unitOf)) }
        let sum = given.reduce(Fixed.zero, +)
        if sum != Fixed(1) {
            return .failure(CellError("shares add up to \(((try? sum.multiplied(by: Fixed(100))) ?? sum).description)%, not 100% ('\(text)')"))
        }
        return .success(zip(unitOf, given).map { .init(unit: $0, share: $1) })
    }
}

public struct CellError: Error, Sendable {
    public var message: String
    public var suggestion: String?
    public init(_ message: String, suggestion: String? = nil) {
        self.message = message
        self.suggestion = suggestion
    }
}
