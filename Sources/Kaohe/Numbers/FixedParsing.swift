/// The one strict text → ``Fixed`` parser shared by rules, CSV and XLSX.
///
/// Accepts an optional sign, digits with an optional fraction (`12`, `-3.5`, `.5` is refused),
/// optional thousands separators in data (`1,234.5`, only when `allowGrouping`), and the
/// scale suffixes of SPEC §3: `%` `‰` `万` `亿`, optionally followed by `元`. Anything else —
/// `12.3abc`, `1,23`, an exponent — is refused: `Foundation.Decimal(string:)` is far too
/// lenient for user input.
extension Fixed {
    /// A suffix that scales a number.
    public enum Suffix: String, Sendable, CaseIterable {
        case percent = "%", permille = "‰", wan = "万", yi = "亿", yuan = "元"
    }

    /// Parses `text` strictly; nil when it is not a number.
    public init?(parsing text: String, allowSuffix: Bool = true, allowGrouping: Bool = false) {
        guard let v = Fixed.parse(Substring(text), allowSuffix: allowSuffix, allowGrouping: allowGrouping) else { return nil }
        self = v
    }

    static func parse(_ text: Substring, allowSuffix: Bool, allowGrouping: Bool) -> Fixed? {
        var scalars = Array(text.unicodeScalars)
        // Trim spaces (including the full-width space of Chinese input).
        while let f = scalars.first, f == " " || f == "\u{3000}" || f == "\t" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\u{3000}" || l == "\t" { scalars.removeLast() }
        guard !scalars.isEmpty else { return nil }
        var i = 0
        var negative = false
        if scalars[0] == "-" || scalars[0] == "+" { negative = scalars[0] == "-"; i = 1 }
        var intDigits: [UInt8] = []
        var fracDigits: [UInt8] = []
        var sawDigit = false
        var groupRun = -1   // digits since the last grouping comma; -1 = no comma seen
        while i < scalars.count {
            let s = scalars[i]
            if let d = digit(s) {
                intDigits.append(d); sawDigit = true
                if groupRun >= 0 { groupRun += 1; if groupRun > 3 { return nil } }
                i += 1
            } else if allowGrouping && s == "," && sawDigit && (groupRun == -1 || groupRun == 3) {
                groupRun = 0; i += 1
            } else { break }
        }
        guard sawDigit, groupRun == -1 || groupRun == 3 else { return nil }
        if i < scalars.count && scalars[i] == "." {
            i += 1
            var any = false
            while i < scalars.count, let d = digit(scalars[i]) { fracDigits.append(d); any = true; i += 1 }
            guard any else { return nil }
        }
        guard fracDigits.count <= Fixed.scale else { return nil }
        var raw: Int128 = 0
        for d in intDigits {
            let (m, o1) = raw.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int128(d))
            if o1 || o2 { return nil }
            raw = a
        }
        let (scaled, o) = raw.multipliedReportingOverflow(by: Fixed.one)
        if o { return nil }
        raw = scaled
        var place = Fixed.one / 10
        for d in fracDigits { raw += Int128(d) * place; place /= 10 }
        var value = Fixed(raw: negative ? -raw : raw)
        let rest = String(String.UnicodeScalarView(scalars[i...]))
        if rest.isEmpty { return value }
        guard allowSuffix, let factor = Fixed.suffixFactor(rest) else { return nil }
        guard let v = try? value.multiplied(by: factor) else { return nil }
        value = v
        return value
    }

    /// The factor of a suffix text (`%`, `万元`, `亿`, `元` …), or nil when it is not one.
    public static func suffixFactor(_ suffix: String) -> Fixed? {
        var s = suffix
        if s.hasSuffix("元") { s.removeLast() }
        switch s {
        case "": return Fixed(1)
        case "%": return suffix.hasSuffix("元") ? nil : Fixed(raw: Fixed.one / 100)
        case "‰": return suffix.hasSuffix("元") ? nil : Fixed(raw: Fixed.one / 1000)
        case "万": return Fixed(10_000)
        case "亿": return Fixed(100_000_000)
        default: return nil
        }
    }

    private static func digit(_ s: Unicode.Scalar) -> UInt8? {
        s.value >= 48 && s.value <= 57 ? UInt8(s.value - 48) : nil
    }
}

extension Fixed {
    /// The fast path of the ledger readers: a plain ASCII decimal (`-12`, `3456.78`), straight
    /// from the bytes of a cell. nil for anything else (suffixes, grouping, spaces inside),
    /// which the caller then reads with ``init(parsing:allowSuffix:allowGrouping:)``.
    public static func parsePlain(_ b: UnsafeBufferPointer<UInt8>) -> Fixed? {
        // Digits are gathered in 64-bit words (at most 18 whole digits and 19 fraction digits
        // at a time fit) and scaled once by a power of ten from a table: no 128-bit
        // multiplication or division per digit.
        var i = 0
        let n = b.count
        guard n > 0 else { return nil }
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") { negative = b[0] == UInt8(ascii: "-"); i = 1 }
        var whole: UInt64 = 0
        let wholeStart = i
        while i < n {
            let d = b[i] &- 48
            guard d < 10 else { break }
            whole = whole &* 10 &+ UInt64(d)
            i += 1
            if i - wholeStart > 18 { return nil }
        }
        guard i > wholeStart else { return nil }
        var raw = Int128(whole) &* Fixed.one
        if i < n {
            guard b[i] == UInt8(ascii: "."), i + 1 < n else { return nil }
            i += 1
            let fractionStart = i
            var high: UInt64 = 0       // the first (up to) 10 fraction digits
            var low: UInt64 = 0        // the next (up to) 10
            while i < n {
                let d = b[i] &- 48
                guard d < 10 else { break }
                let k = i - fractionStart
                if k >= Fixed.scale { return nil }
                if k < 10 { high = high &* 10 &+ UInt64(d) } else { low = low &* 10 &+ UInt64(d) }
                i += 1
            }
            let fraction = i - fractionStart
            guard fraction > 0, i == n else { return nil }
            // high has min(fraction, 10) digits, low the rest: scale each to its place.
            let highDigits = min(fraction, 10), lowDigits = fraction - highDigits
            raw = raw &+ Int128(high) &* Int128(Fixed.powersOfTen64[Fixed.scale - highDigits])
                &+ Int128(low) &* Int128(Fixed.powersOfTen64[Fixed.scale - 10 - lowDigits])
        }
        return Fixed(raw: negative ? -raw : raw)
    }
}
