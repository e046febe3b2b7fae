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

    public static func value(_ v: Value, percent: Bool = false) -> String {
        switch v {
        case .number(let n): return percent ? self.percent(n) : number(n)
        case .text(let t): return "'\(t)'"
        case .bool(let b): return b ? "是" : "否"
        case .date(let d): return d.description
        case .list(let l): return "[" + l.map { value($0) }.joined(separator: ", ") + "]"
        case .period(let p): return p.description
        case .none: return "空"
        }
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
