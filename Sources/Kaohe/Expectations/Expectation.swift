/// One expected result of a scheme author's test file (`kaohe test`, SPEC §8):
/// `城关镇: {total: 80.7}` is the unit 城关镇, the key `total`, the expected text `80.7`.
public struct Expectation: Sendable {
    public var unit: String
    public var key: String
    public var expected: String
    /// The expected values of a list key (`titles: [先进单位]`).
    public var expectedList: [String]?
    /// Where the key is written.
    public var location: SourceLocation
    /// Where the unit is written (for an unknown unit).
    public var unitLocation: SourceLocation

    public init(unit: String, key: String, expected: String, expectedList: [String]? = nil,
                location: SourceLocation, unitLocation: SourceLocation? = nil) {
        self.unit = unit
        self.key = key
        self.expected = expected
        self.expectedList = expectedList
        self.location = location
        self.unitLocation = unitLocation ?? location
    }

    /// What became of one expectation.
    public enum Outcome: Sendable, Equatable {
        case passed
        /// `expected 80.70, got 80.20`
        case failed(expected: String, got: String)
        /// The key or unit does not exist: a mistake in the test file.
        case invalid(String)
    }

    /// Numbers agree within this (SPEC §8).
    public static let tolerance = Fixed(parsing: "0.005") ?? .zero

    /// Compares the expectation with an assessment.
    public func check(in a: Assessment) -> Outcome {
        guard let u = a.units.first(where: { $0.unit == unit }) else {
            let hint = Suggest.nearest(unit, in: a.units.map(\.unit)).map { " (did you mean '\($0)'?)" } ?? ""
            return .invalid("unknown unit '\(unit)'\(hint)")
        }
        switch actual(u) {
        case .failure(let why): return .invalid(why.message)
        case .success(let got): return compare(got)
        }
    }

    enum Actual {
        case number(Fixed?)
        case text(String?)
        case bool(Bool)
        case list([String])
    }

    static let unitKeys = ["total", "base", "bonus", "deduction", "rank", "rank_all", "rank_pct", "grade", "vetoed", "titles", "penalties", "vetoes"]
    static let itemFields = ["value", "target", "rate", "points", "score"]
    static let depositFields = ["refund", "reward", "forfeit", "deducted", "paid"]

    func actual(_ u: UnitResult) -> Result<Actual, InvalidKey> {
        switch key {
        case "total": return .success(.number(u.total))
        case "base": return .success(.number(u.base))
        case "bonus": return .success(.number(u.bonus))
        case "deduction": return .success(.number(u.deduction))
        case "rank": return .success(.number(Fixed(u.rank)))
        case "rank_all": return .success(.number(Fixed(u.rankAll)))
        case "rank_pct": return .success(.number(u.rankPct))
        case "grade": return .success(.text(u.grade))
        case "vetoed": return .success(.bool(u.vetoed))
        case "titles": return .success(.list(u.titles))
        case "penalties": return .success(.list(u.penalties))
        case "vetoes": return .success(.list(u.vetoes))
        default: break
        }
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "rewards", parts.count == 2 {
            // A reward of 0 is not listed: expecting 0 of it passes.
            return .success(.number(u.rewards.first { $0.name == parts[1] }?.amount ?? .zero))
        }
        if parts.first == "deposits", parts.count == 3 {
            guard let dep = u.deposits.first(where: { $0.name == parts[1] }) else {
                return .failure(InvalidKey("\(unit) has no deposit of '\(parts[1])'"
                    + (Suggest.nearest(parts[1], in: u.deposits.map(\.name)).map { " (did you mean '\($0)'?)" } ?? "")))
            }
            switch parts[2] {
            case "refund": return .success(.number(dep.refund))
            case "reward": return .success(.number(dep.reward))
            case "forfeit": return .success(.number(dep.forfeit))
            case "deducted": return .success(.number(dep.deducted))
            case "paid": return .success(.number(dep.paid))
            default: return .failure(InvalidKey("unknown deposit field '\(parts[2])' (\(Expectation.depositFields.joined(separator: ", ")))"))
            }
        }
        if parts.count == 2, let item = u.item(parts[0]) {
            switch parts[1] {
            case "value":
                switch item.value {
                case .number(let n): return .success(.number(n))
                case .none: return .success(.number(nil))
                case .bool(let b): return .success(.bool(b))
                case let v: return .success(.text(v.description))
                }
            case "target": return .success(.number(item.target))
            case "rate": return .success(.number(item.rate))
            case "points": return .success(.number(item.points))
            case "score": return .success(.number(item.score))
            default: return .failure(InvalidKey("unknown item field '\(parts[1])' (\(Expectation.itemFields.joined(separator: ", ")))"))
            }
        }
        let items = u.items.map(\.name)
        let hint = Suggest.nearest(parts[0], in: items + Expectation.unitKeys).map { " (did you mean '\($0)'?)" } ?? ""
        return .failure(InvalidKey("unknown key '\(key)'\(hint)"))
    }

    struct InvalidKey: Error { var message: String; init(_ m: String) { message = m } }

    func compare(_ got: Actual) -> Outcome {
        switch got {
        case .number(let n):
            let e = expected.trimmingSpaces
            if e == "none" || e == "null" || e == "~" || e.isEmpty {
                return n == nil ? .passed : .failed(expected: "none", got: n.map(Expectation.show) ?? "none")
            }
            guard let x = Fixed(parsing: e, allowSuffix: true, allowGrouping: true) else {
                return .invalid("expected '\(expected)' is not a number")
            }
            guard let n else { return .failed(expected: Expectation.show(x), got: "none") }
            return (n - x).magnitude <= Expectation.tolerance ? .passed
                : .failed(expected: Expectation.show(x), got: Expectation.show(n))
        case .text(let t):
            return t == expected ? .passed : .failed(expected: expected, got: t ?? "none")
        case .bool(let b):
            guard let want = ["true": true, "false": false, "yes": true, "no": false, "是": true, "否": false][expected] else {
                return .invalid("expected '\(expected)' is not true or false")
            }
            return want == b ? .passed : .failed(expected: String(want), got: String(b))
        case .list(let l):
            let want = expectedList ?? (expected.isEmpty ? [] : [expected])
            return want == l ? .passed
                : .failed(expected: "[" + want.joined(separator: ", ") + "]", got: "[" + l.joined(separator: ", ") + "]")
        }
    }

    /// Two places at least, more when the number has them: 80.70, 0.857143.
    static func show(_ x: Fixed) -> String {
        let plain = x.description
        let places = plain.split(separator: ".").dropFirst().first?.count ?? 0
        return x.formatted(places: max(2, min(places, 6)))
    }
}

extension Expectation.Actual: Sendable {}
