/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// nil when the date does not exist (2021-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146097 + doe - 719468
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var quarter: Int { (components.month - 1) / 3 + 1 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// ISO form, `2021-06-30`.
    public var description: String {
        let c = components
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year)-\(two(c.month))-\(two(c.day))"
    }

    /// Whole months from `a` to `b` (negative when b is earlier): 2021-01-31 → 2021-02-28 is 0.
    public static func months(from a: Day, to b: Day) -> Int {
        if b < a { return -months(from: b, to: a) }
        let x = a.components, y = b.components
        var n = (y.year - x.year) * 12 + (y.month - x.month)
        if y.day < x.day { n -= 1 }
        return n
    }

    /// The fast path of the ledger readers: `2021-06-30`, `2021/6/30`, `2021.6.30` or
    /// `2021年6月30日` in UTF-8 bytes. nil for anything else (the caller then tries ``init(parsing:dataSpellings:)``).
    public static func parseASCII(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        var i = 0
        let n = b.count
        // `2021-06-30`, a ledger's commonest spelling by far: its ten bytes read in place.
        if n == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") {
            let y0 = b[0] &- 48, y1 = b[1] &- 48, y2 = b[2] &- 48, y3 = b[3] &- 48
            let m0 = b[5] &- 48, m1 = b[6] &- 48, d0 = b[8] &- 48, d1 = b[9] &- 48
            if y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 {
                let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
                return Day(year: year, month: Int(m0) * 10 + Int(m1), day: Int(d0) * 10 + Int(d1))
            }
            return nil
        }
        func number(_ maxDigits: Int) -> Int? {
            var v = 0, k = 0
            while i < n, b[i] >= 48, b[i] <= 57, k < maxDigits { v = v * 10 + Int(b[i] - 48); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        guard n >= 8, let y = number(4), i == 4, i < n else { return nil }
        // `2021年6月30日`: 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5.
        func mark(_ x: UInt8, _ y: UInt8, _ z: UInt8) -> Bool {
            guard i + 3 <= n, b[i] == x, b[i + 1] == y, b[i + 2] == z else { return false }
            i += 3
            return true
        }
        if b[i] == 0xE5 {
            guard mark(0xE5, 0xB9, 0xB4), let m = number(2), mark(0xE6, 0x9C, 0x88), let d = number(2),
                  mark(0xE6, 0x97, 0xA5), i == n else { return nil }
            return Day(year: y, month: m, day: d)
        }
        let sep = b[i]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") else { return nil }
        i += 1
        guard let m = number(2), i < n, b[i] == sep else { return nil }
        i += 1
        guard let d = number(2), i == n else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// Parses the date spellings of SPEC §3: `2021-06-30`, `2021/6/30`, `2021.6.30`,
    /// `2021年6月30日`; rules use only the first (`dataSpellings: false`).
    public init?(parsing text: String, dataSpellings: Bool = true) {
        var s = Substring(text)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        var parts: [Int] = []
        var current = ""
        var separators: [Character] = []
        for ch in s {
            if ch.isASCII, ch.isNumber { current.append(ch) } else {
                guard !current.isEmpty else { return nil }
                parts.append(Int(current) ?? -1); current = ""
                separators.append(ch)
            }
        }
        if !current.isEmpty { parts.append(Int(current) ?? -1) }
        guard parts.count == 3 else { return nil }
        let allowed: [[Character]] = dataSpellings
            ? [["-", "-"], ["/", "/"], [".", "."], ["年", "月", "日"]]
            : [["-", "-"]]
        guard allowed.contains(separators) else { return nil }
        guard String(parts[0]).count == 4 || parts[0] >= 1000 else { return nil }
        guard let d = Day(year: parts[0], month: parts[1], day: parts[2]) else { return nil }
        self = d
    }
}

/// An inclusive range of days, `2021-01-01 .. 2021-12-31`.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public var start: Day
    public var end: Day

    public init(start: Day, end: Day) { self.start = start; self.end = end }

    public func contains(_ d: Day) -> Bool { d >= start && d <= end }
    public var days: Int { end.ordinal - start.ordinal + 1 }
    public var description: String { "\(start) .. \(end)" }

    /// Parses `2021-01-01 .. 2021-12-31`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Day(parsing: String(parts[0]), dataSpellings: false),
              let b = Day(parsing: String(parts[1]), dataSpellings: false), a <= b else { return nil }
        self.init(start: a, end: b)
    }
}
