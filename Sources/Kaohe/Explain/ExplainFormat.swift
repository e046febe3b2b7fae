/// How explanations write numbers: the way published score tables do.
public enum ExplainFormat {
    /// Amounts at a glance: `5.4亿`, `1,161万`, `42`, `0.8571` (at most 4 places, exact digits).
    public static func number(_ x: Fixed) -> String {
        let m = x.magnitude
        if m >= Fixed(100_000_000) { return trimmed((try? x.divided(by: Fixed(100_000_000))) ?? x, 4) + "亿" }
        if m >= Fixed(10_000) { return grouped(trimmed((try? x.divided(by: Fixed(10_000))) ?? x, 2)) + "万" }
        return trimmed(x, 4)
    }

    /// `64.00%`
    public static func percent(_ x: Fixed) -> String {
        ((try? x.multiplied(by: Fixed(100))) ?? x).formatted(places: 2) + "%"
    }

    /// A score with the scheme's places: `25.60`.
    public static func score(_ x: Fixed, places: Int) -> String { x.formatted(places: places) }

    /// A value as an explanation shows it: numbers at a glance (or as a percentage), texts
    /// quoted, true/false as 是/否 (`yes`/`no` in English, as the score table), none as 空 (`none`).
    public static func value(_ v: Value, percent: Bool = false, _ lang: Language = .zh) -> String {
        switch v {
        case .number(let n): return percent ? self.percent(n) : number(n)
        case .text(let t): return "'\(t)'"
        case .bool(let b): return b ? lang.pick("是", "yes") : lang.pick("否", "no")
        case .date(let d): return d.description
        case .list(let l): return "[" + l.map { value($0, lang) }.joined(separator: ", ") + "]"
        case .period(let p): return p.description
        case .none: return lang.pick("空", "none")
        }
    }

    /// English words with a count: `1 record`, `12 records`, `3 matching records`.
    static func records(_ n: Int, matching: Bool = false) -> String {
        "\(n) \(matching ? "matching " : "")record\(n == 1 ? "" : "s")"
    }

    /// Points in English, trailing zeros dropped: `1 point`, `30 points`, `2.5 points`.
    static func points(_ x: Fixed, _ places: Int) -> String {
        let s = trimmed(x, places)
        return s + (s == "1" ? " point" : " points")
    }

    /// An English ordinal: `1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`, `112th`.
    public static func ordinal(_ n: Int) -> String {
        let tens = n % 100, ones = n % 10
        let suffix = (11...13).contains(tens) ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th"
        return "\(n)\(suffix)"
    }

    /// Rounded to `places` (half-up), trailing zeros dropped.
    static func trimmed(_ x: Fixed, _ places: Int) -> String {
        var s = x.formatted(places: places)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    static func grouped(_ s: String) -> String {
        var sign = ""
        var body = Substring(s)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1)
        let int = Array(parts.first ?? "")
        var out = ""
        for (i, ch) in int.enumerated() {
            if i > 0 && (int.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return sign + out + (parts.count > 1 ? "." + parts[1] : "")
    }
}
