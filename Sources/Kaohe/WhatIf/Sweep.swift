/// One parameter varied over a range: every unit's total and rank at each value, and the
/// values at which something that matters changes (SPEC §8 `sweep`).
public struct SweepResult: Sendable {
    /// The paths varied, in `--vary` order.
    public var parameters: [String]
    public var points: [SweepPoint]
    public var tippingPoints: [TippingPoint]
    /// Unit names in the base ranking order.
    public var units: [String]

    public init(parameters: [String], points: [SweepPoint], tippingPoints: [TippingPoint], units: [String]) {
        self.parameters = parameters
        self.points = points
        self.tippingPoints = tippingPoints
        self.units = units
    }
}

public struct SweepPoint: Sendable {
    /// The value of each parameter, as written (`45`, `5.5亿`, `110%`).
    public var values: [String]
    public var units: [Entry]
    /// Units per grade, in the scheme's grade order.
    public var grades: [(grade: String, count: Int)]
    public var rewardTotal: Fixed

    public struct Entry: Sendable {
        public var unit: String
        public var total: Fixed
        public var rank: Int
        public var rankAll: Int
        public var grade: String?
        public var titles: [String]
        public var rewards: Fixed
    }
}

/// A step of the sweep at which some unit's rank, grade, titles or rewards change.
public struct TippingPoint: Sendable {
    /// Index of the point at which the change shows (compared with the point before it).
    public var index: Int
    public var values: [String]
    public var changes: [Change]

    public struct Change: Sendable {
        public var unit: String
        /// `rank`, `grade`, `titles`, `rewards`
        public var what: String
        public var before: String
        public var after: String
    }
}

extension SweepResult {
    public static func point(_ a: Assessment, values: [String], gradeOrder: [String]) -> SweepPoint {
        let entries = a.units.map { u in
            SweepPoint.Entry(unit: u.unit, total: u.total, rank: u.rank, rankAll: u.rankAll, grade: u.grade, titles: u.titles,
                             rewards: u.rewards.reduce(.zero) { $0 + $1.amount })
        }
        let grades = gradeOrder.map { g in (g, a.units.filter { $0.grade == g }.count) }
        return SweepPoint(values: values, units: entries, grades: grades, rewardTotal: entries.reduce(.zero) { $0 + $1.rewards })
    }

    /// Tipping points: between consecutive points, every unit whose rank, grade, titles or
    /// reward money changed.
    public static func tipping(_ points: [SweepPoint]) -> [TippingPoint] {
        var out: [TippingPoint] = []
        guard points.count > 1 else { return out }
        for k in 1..<points.count {
            var changes: [TippingPoint.Change] = []
            var previous: [String: SweepPoint.Entry] = [:]
            previous.reserveCapacity(points[k - 1].units.count)
            for e in points[k - 1].units { previous[e.unit] = e }
            for e in points[k].units {
                guard let p = previous[e.unit] else { continue }
                if p.rank != e.rank { changes.append(.init(unit: e.unit, what: "rank", before: "\(p.rank)", after: "\(e.rank)")) }
                if p.grade != e.grade { changes.append(.init(unit: e.unit, what: "grade", before: p.grade ?? "—", after: e.grade ?? "—")) }
                if p.titles != e.titles {
                    changes.append(.init(unit: e.unit, what: "titles", before: p.titles.joined(separator: "、"), after: e.titles.joined(separator: "、")))
                }
                if p.rewards != e.rewards { changes.append(.init(unit: e.unit, what: "rewards", before: p.rewards.description, after: e.rewards.description)) }
            }
            if !changes.isEmpty { out.append(TippingPoint(index: k, values: points[k].values, changes: changes)) }
        }
        return out
    }
}

/// `FROM..TO/STEP` over numbers with the rule suffixes: `40..60/5`, `5亿..8亿/0.5亿`, `100%..130%/5%`.
public struct SweepRange: Sendable {
    public var from: Fixed
    public var to: Fixed
    public var step: Fixed
    /// The suffix the values are written with (`亿`, `%` …), so `5.5亿` prints as such.
    public var suffix: String

    public static func parse(_ text: String) -> SweepRange? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let ends = parts[0].split(separator: "..", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard ends.count == 2, let a = Fixed(parsing: ends[0]), let b = Fixed(parsing: ends[1]),
              let s = Fixed(parsing: parts[1].trimmingSpaces), s > .zero, a <= b else { return nil }
        let suffix = String(ends[0].unicodeScalars.reversed().prefix { !(($0.value >= 48 && $0.value <= 57) || $0 == ".") }.reversed().map(Character.init))
        return SweepRange(from: a, to: b, step: s, suffix: suffix)
    }

    /// The values from `from` to `to` (inclusive when reached), as written with the suffix.
    public var values: [String] {
        var out: [String] = []
        var v = from
        let factor = Fixed.suffixFactor(suffix) ?? Fixed(1)
        while v <= to, out.count < 100_000 {
            let shown = (try? v.divided(by: factor)) ?? v
            out.append(shown.description + suffix)
            v = v + step
        }
        return out
    }
}
