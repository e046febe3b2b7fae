import Foundation
import Kaohe

/// An ``Assessment`` as the JSON of SPEC §9 (`kaohe score --format json`).
///
/// The text is written by hand, not with `JSONEncoder`, so that numbers are the exact
/// decimals of `Fixed.description` (`0.64`, `320000000`, never `0.64000000000000001`), keys
/// come in the order of the SPEC, and the same assessment always gives the same bytes.
///
/// **Content.** Money is in 元 and rates are fractions, as the model holds them. Absent
/// values are `null`. An item has `adjustments` only when it has any. A reward of 0 is left
/// out. Values: number → JSON number, text → string, true/false → `true`/`false`, date →
/// `"YYYY-MM-DD"`, list → array, none → `null`, period → `"2021-01-01 .. 2021-12-31"`.
///
/// **Layout.** Two-space indentation; the file ends with a newline.
/// - The top-level object and each unit object have one key per line.
/// - An array of objects (`units`, `items`, `deposits`, `rewards`, `teams`) has one element
///   per line; every element except a unit is written on that one line,
///   `{"key": value, "key": value}`, so a unit's many items stay readable and a diff shows
///   the one item that changed.
/// - Arrays of strings (`vetoes`, `penalties`, `titles`, `deducted_in`, a team's `units`)
///   and list values are written inline: `["a", "b"]`. Empty arrays are `[]`.
///
/// ```json
/// {
///   "scheme": "XX县2021年度招商引资目标考核",
///   "year": 2021,
///   "as_of": "2021-12-31",
///   "progress": 1,
///   "fingerprint": "sha256:…",
///   "units": [
///     {
///       "unit": "城关镇",
///       "group": "一类乡镇",
///       "team": "第一分团",
///       "items": [
///         {"section": "indicator", "name": "省外到位资金", "value": 320000000, "target": 500000000, "rate": 0.64, "points": 40, "score": 25.6}
///       ],
///       "base": 78.2,
///       …
///       "penalties": [],
///       "titles": []
///     }
///   ],
///   "teams": [
///     {"team": "第一分团", "units": ["城关镇", "河西镇"], "score": 75.3, "rank": 1}
///   ]
/// }
/// ```
///
/// **Strings** are escaped per RFC 8259: `"` and `\` with a backslash; `\b`, `\f`, `\n`,
/// `\r`, `\t` by their short forms; the other control characters U+0000–U+001F, and U+2028 /
/// U+2029 (which break JavaScript string literals), as `\u00XX` (lower-case hex). Everything
/// else, Chinese included, is written as UTF-8.
public enum AssessmentJSON {
    /// The JSON text of `a`, ending with a newline.
    public static func render(_ a: Assessment) -> String {
        block([
            ("scheme", string(a.scheme)),
            ("year", a.year.map(String.init) ?? "null"),
            ("as_of", string(a.asOf.description)),
            ("progress", a.progress.description),
            ("fingerprint", string(a.fingerprint)),
            ("units", blockArray(units(a.units), depth: 1)),
            ("teams", blockArray(a.teams.map(team), depth: 1)),
        ], depth: 0) + "\n"
    }

    /// Every unit object, rendered in parallel (in order) when there are many.
    static func units(_ us: [UnitResult]) -> [String] {
        guard us.count >= 512 else { return us.map { unit($0, depth: 2) } }
        let chunks = 8
        return parallelMap(chunks) { c in
            let lo = us.count * c / chunks, hi = us.count * (c + 1) / chunks
            return us[lo..<hi].map { unit($0, depth: 2) }
        }.flatMap { $0 }
    }

    /// One unit object, the first of its lines at `depth`: the `UNIT` of SPEC §9 (also the
    /// `before`/`after` of `whatif --format json`).
    ///
    /// The first line has no indentation (it follows whatever the caller wrote); the other
    /// lines are indented for `depth`, and there is no newline at the end.
    public static func unit(_ u: UnitResult, depth: Int) -> String {
        block([
            ("unit", string(u.unit)),
            ("group", optional(u.group)),
            ("team", optional(u.team)),
            ("items", blockArray(u.items.map(item), depth: depth + 1)),
            ("base", u.base.description),
            ("bonus", u.bonus.description),
            ("deduction", u.deduction.description),
            ("total", u.total.description),
            ("rank", String(u.rank)),
            ("rank_all", String(u.rankAll)),
            ("grade", optional(u.grade)),
            ("vetoed", u.vetoed ? "true" : "false"),
            ("vetoes", strings(u.vetoes)),
            ("deposits", blockArray(u.deposits.map(deposit), depth: depth + 1)),
            ("rewards", blockArray(u.rewards.filter { !$0.amount.isZero }.map(reward), depth: depth + 1)),
            ("penalties", strings(u.penalties)),
            ("titles", strings(u.titles)),
        ], depth: depth)
    }

    // MARK: Parts

    /// One item on one line. Written straight into one string (the most frequent object:
    /// 600,000 of them for a province); the same text as ``inline(_:)`` would give.
    static func item(_ i: ItemResult) -> String {
        var out = "{\"section\": \""
        out.reserveCapacity(192)
        out += i.section.rawValue
        out += "\", \"name\": "
        out += string(i.name)
        out += ", \"value\": "
        out += value(i.value)
        out += ", \"target\": "
        out += number(i.target)
        out += ", \"rate\": "
        out += number(i.rate)
        out += ", \"points\": "
        out += number(i.points)
        out += ", \"score\": "
        out += number(i.score)
        if !i.adjustments.isEmpty {
            out += ", \"adjustments\": "
            out += inlineArray(i.adjustments.map { adjustment in
                inline([
                    ("score", adjustment.score.description),
                    ("reason", string(adjustment.reason)),
                    ("approver", string(adjustment.approver)),
                ])
            })
        }
        out += "}"
        return out
    }

    static func deposit(_ d: DepositResult) -> String {
        inline([
            ("name", string(d.name)),
            ("role", string(d.role)),
            ("paid", d.paid.description),
            ("deducted", d.deducted.description),
            ("deducted_in", strings(d.deductedIn)),
            ("refund", d.refund.description),
            ("reward", d.reward.description),
            ("forfeit", d.forfeit.description),
        ])
    }

    static func reward(_ r: RewardResult) -> String {
        inline([("name", string(r.name)), ("amount", r.amount.description)])
    }

    static func team(_ t: TeamResult) -> String {
        inline([
            ("team", string(t.team)),
            ("units", strings(t.units)),
            ("score", t.score.description),
            ("rank", String(t.rank)),
        ])
    }

    /// A value of an item (SPEC §3 types) as JSON.
    static func value(_ v: Value) -> String {
        switch v {
        case .number(let n): return n.description
        case .text(let t): return string(t)
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return string(d.description)
        case .list(let l): return inlineArray(l.map(value))
        case .period(let p): return string(p.description)
        case .none: return "null"
        }
    }

    // MARK: Syntax

    static func number(_ n: Fixed?) -> String { n?.description ?? "null" }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    static func strings(_ list: [String]) -> String { inlineArray(list.map(string)) }

    /// `{"k": v, "k": v}` on one line; `{}` when empty.
    static func inline(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// `[a, b]` on one line; `[]` when empty.
    static func inlineArray(_ elements: [String]) -> String {
        "[" + elements.joined(separator: ", ") + "]"
    }

    /// An object with one member per line at `depth + 1`, its closing brace at `depth`.
    static func block(_ members: [(String, String)], depth: Int) -> String {
        guard !members.isEmpty else { return "{}" }
        let inner = indent(depth + 1)
        return "{\n" + members.map { inner + string($0.0) + ": " + $0.1 }.joined(separator: ",\n")
            + "\n" + indent(depth) + "}"
    }

    /// An array with one element per line at `depth + 1`, its closing bracket at `depth`;
    /// `[]` when empty.
    static func blockArray(_ elements: [String], depth: Int) -> String {
        guard !elements.isEmpty else { return "[]" }
        let inner = indent(depth + 1)
        return "[\n" + elements.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent(depth) + "]"
    }

    static func indent(_ depth: Int) -> String { String(repeating: "  ", count: depth) }

    /// `s` as a JSON string literal, quotes included.
    static func string(_ s: String) -> String {
        // Fast path: nothing to escape (no control character, quote, backslash, U+2028/9).
        var plain = true
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0xE2 {
            plain = false
            break
        }
        if plain { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
