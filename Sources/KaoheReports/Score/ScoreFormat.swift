import Kaohe

/// How the numbers of an ``Assessment`` are shown to people (SPEC §10), exactly: every
/// function works on the decimal text of a `Fixed` (`Fixed.description` or
/// `Fixed.formatted(places:)`), never through `Double`.
///
/// ```swift
/// ScoreFormat.score(Fixed(parsing: "25.6"), places: 2)                      // "25.60"
/// ScoreFormat.money(Fixed(320_000_000), in: MoneyUnit(name: "万元", factor: Fixed(10_000)))
///                                                                          // "32,000.00"
/// ScoreFormat.rate(Fixed(parsing: "0.64"))                                  // "64.00%"
/// ```
public enum ScoreFormat {
    /// What an empty cell shows: an item that does not apply to a unit, or has no score.
    public static let missing = "—"

    /// A score with `places` decimal places, rounded half away from zero; ``missing`` for nil.
    public static func score(_ value: Fixed?, places: Int) -> String {
        guard let value else { return missing }
        return value.formatted(places: max(0, places))
    }

    /// An amount held in 元, shown in `unit` (divided exactly by `unit.factor`) with `places`
    /// decimal places and thousands separators, without the unit's name: 320000000 元 in 万元
    /// is `32,000.00`. A unit whose factor is zero or overflows the division shows 元.
    public static func money(_ yuan: Fixed, in unit: MoneyUnit, places: Int = 2) -> String {
        let shown = (try? yuan.divided(by: unit.factor)) ?? yuan
        return formatFixed(shown.description, places: places, grouping: true)
    }

    /// The places that show every one of `amounts` (in 元) exactly in `unit`: at least
    /// `minimum`, more when an amount needs them, at most `maximum`. In 万元, 3,750 元 needs 3
    /// (`0.375`), so that a row like paid 0.500 = refund 0.375 + forfeit 0.125 adds up where
    /// two places would show 0.50, 0.38, 0.13.
    public static func exactPlaces(_ amounts: [Fixed], in unit: MoneyUnit, minimum: Int = 2, maximum: Int = 6) -> Int {
        if minimum >= maximum { return max(minimum, maximum) }
        var places = minimum
        for yuan in amounts {
            let text = ((try? yuan.divided(by: unit.factor)) ?? yuan).description
            if let dot = text.firstIndex(of: ".") {
                places = max(places, text.distance(from: dot, to: text.endIndex) - 1)
            }
        }
        return min(places, max(minimum, maximum))
    }

    /// A fraction as a percentage with `places` decimal places: 0.64 is `64.00%`;
    /// ``missing`` for nil (a rate of none, e.g. a target of 0).
    public static func rate(_ fraction: Fixed?, places: Int = 2) -> String {
        guard let fraction else { return missing }
        return formatPercent(fraction.description, places: places)
    }

    /// A value as plain text for a cell: numbers as exact plain decimals (`320000000`, money
    /// in 元), true/false as 是/否 (yes/no), dates ISO, lists joined with `、` (`, `), none empty.
    static func plain(_ value: Value, lang: Language) -> String {
        switch value {
        case .number(let n): return n.description
        case .text(let t): return t
        case .date(let d): return d.description
        case .bool(let b): return b ? lang.pick("是", "yes") : lang.pick("否", "no")
        case .list(let l): return l.map { plain($0, lang: lang) }.joined(separator: lang.pick("、", ", "))
        case .period(let p): return p.description
        case .none: return ""
        }
    }
}
