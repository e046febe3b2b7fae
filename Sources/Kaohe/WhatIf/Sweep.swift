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

/// One value of a sweep: every unit's total, ranks, grade, titles and reward money.
///
/// Kept as columns by unit (a province sweep has a thousand points of twenty thousand units):
/// the unit names, grade names and title lists are shared between points, not copied into
/// each. ``units`` gives the entries in the point's ranking order.
public struct SweepPoint: Sendable {
    /// The value of each parameter, as written (`45`, `5.5亿`, `110%`).
    public var values: [String]
    /// Units per grade, in the scheme's grade order.
    public var grades: [(grade: String, count: Int)]
    public var rewardTotal: Fixed

    /// Unit names, by unit index (the columns below are by the same index).
    public let names: [String]
    /// The unit indices in the point's ranking order.
    public let order: CompactInts
    public let totals: FixedColumn
    public let ranks: CompactInts
    public let ranksAll: CompactInts
    /// Each unit's grade as an index into `gradeNames` (-1: none).
    public let gradeOf: GradePlaces
    public let gradeNames: [String]
    /// Each unit's titles as an index into `titleLists`.
    public let titlesOf: CompactInts
    public let titleLists: [[String]]
    /// Each unit's reward money (元).
    public let rewards: FixedColumn

    public struct Entry: Sendable {
        public var unit: String
        public var total: Fixed
        public var rank: Int
        public var rankAll: Int
        public var grade: String?
        public var titles: [String]
        public var rewards: Fixed

        public init(unit: String, total: Fixed, rank: Int, rankAll: Int, grade: String?, titles: [String], rewards: Fixed) {
            self.unit = unit
            self.total = total
            self.rank = rank
            self.rankAll = rankAll
            self.grade = grade
            self.titles = titles
            self.rewards = rewards
        }
    }

    /// The columns, as ``SweepKernel`` fills them.
    public init(values: [String], grades: [(grade: String, count: Int)], rewardTotal: Fixed, names: [String], order: [Int32],
                totals: [Fixed], ranks: [Int32], ranksAll: [Int32], gradeOf: [Int16], gradeNames: [String],
                titlesOf: [Int32], titleLists: [[String]], rewards: [Fixed]) {
        self.init(values: values, grades: grades, rewardTotal: rewardTotal, names: names, order: CompactInts(order),
                  totals: FixedColumn(totals), ranks: CompactInts(ranks), ranksAll: CompactInts(ranksAll),
                  gradeOf: GradePlaces(gradeOf), gradeNames: gradeNames, titlesOf: CompactInts(titlesOf),
                  titleLists: titleLists, rewards: FixedColumn(rewards))
    }

    /// The columns kept compact (``CompactInts``, ``FixedColumn``).
    public init(values: [String], grades: [(grade: String, count: Int)], rewardTotal: Fixed, names: [String], order: CompactInts,
                totals: FixedColumn, ranks: CompactInts, ranksAll: CompactInts, gradeOf: GradePlaces, gradeNames: [String],
                titlesOf: CompactInts, titleLists: [[String]], rewards: FixedColumn) {
        self.values = values
        self.grades = grades
        self.rewardTotal = rewardTotal
        self.names = names
        self.order = order
        self.totals = totals
        self.ranks = ranks
        self.ranksAll = ranksAll
        self.gradeOf = gradeOf
        self.gradeNames = gradeNames
        self.titlesOf = titlesOf
        self.titleLists = titleLists
        self.rewards = rewards
    }

    /// From entries in ranking order.
    public init(values: [String], units: [Entry], grades: [(grade: String, count: Int)], rewardTotal: Fixed) {
        var gradeNames: [String] = [], gradeIndex: [String: Int16] = [:]
        var titleLists: [[String]] = [[]], titleIndex: [[String]: Int32] = [[]: 0]
        var gradeOf: [Int16] = [], titlesOf: [Int32] = []
        for e in units {
            if let g = e.grade {
                if gradeIndex[g] == nil { gradeIndex[g] = Int16(gradeNames.count); gradeNames.append(g) }
                gradeOf.append(gradeIndex[g] ?? -1)
            } else {
                gradeOf.append(-1)
            }
            if titleIndex[e.titles] == nil { titleIndex[e.titles] = Int32(titleLists.count); titleLists.append(e.titles) }
            titlesOf.append(titleIndex[e.titles] ?? 0)
        }
        self.init(values: values, grades: grades, rewardTotal: rewardTotal, names: units.map(\.unit),
                  order: units.indices.map { Int32($0) }, totals: units.map(\.total), ranks: units.map { Int32($0.rank) },
                  ranksAll: units.map { Int32($0.rankAll) }, gradeOf: gradeOf, gradeNames: gradeNames,
                  titlesOf: titlesOf, titleLists: titleLists, rewards: units.map(\.rewards))
    }

    /// The entries in ranking order.
    public var units: [Entry] { order.map { entry(at: Int($0)) } }

    /// Unit `u`'s entry.
    public func entry(at u: Int) -> Entry {
        Entry(unit: names[u], total: totals[u], rank: Int(ranks[u]), rankAll: Int(ranksAll[u]), grade: grade(at: u),
              titles: titleLists[Int(titlesOf[u])], rewards: rewards[u])
    }

    public func grade(at u: Int) -> String? {
        let g = Int(gradeOf[u])
        return g >= 0 && g < gradeNames.count ? gradeNames[g] : nil
    }
}

/// A step of the sweep at which some unit's rank, grade, titles or rewards change.
public struct TippingPoint: Sendable {
    /// Index of the point at which the change shows (compared with the point before it).
    public var index: Int
    public var values: [String]
    /// What changed, in the order of the point's ranking: a unit index of `after` and what
    /// (0 rank, 1 grade, 2 titles, 3 rewards). The ``changes`` are made from these.
    public let found: [(unit: Int32, what: UInt8)]
    /// The two points compared (their columns are shared, not copied); nil when the changes
    /// were given as such.
    public let before: SweepPoint?
    public let after: SweepPoint?
    /// Changes given as such (``init(index:values:changes:)``).
    let given: [Change]
    /// Of a summarised tipping point (``summarised(firstUnits:)``), which keeps only its first
    /// units' changes: its changes by kind, and how many units change.
    private var summaryCounts: (kinds: [Int], units: Int)?

    public struct Change: Sendable {
        public var unit: String
        /// `rank`, `grade`, `titles`, `rewards`
        public var what: String
        public var before: String
        public var after: String

        public init(unit: String, what: String, before: String, after: String) {
            self.unit = unit
            self.what = what
            self.before = before
            self.after = after
        }
    }

    public init(index: Int, values: [String], changes: [Change]) {
        self.index = index
        self.values = values
        found = []
        before = nil
        after = nil
        given = changes
    }

    init(index: Int, values: [String], found: [(unit: Int32, what: UInt8)], before: SweepPoint, after: SweepPoint) {
        self.index = index
        self.values = values
        self.found = found
        self.before = before
        self.after = after
        given = []
    }

    /// Unit `u` of `after` as an index of `before` (the same, unless their units differ).
    public var beforeIndex: (Int) -> Int {
        guard let before, let after, before.names != after.names else { return { $0 } }
        let at = Dictionary(before.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let names = after.names
        return { at[names[$0]] ?? $0 }
    }

    /// How many changes there are (without making them).
    public var changeCount: Int {
        if let summaryCounts { return summaryCounts.kinds.reduce(0, +) }
        return given.isEmpty ? found.count : given.count
    }

    /// The kinds of change, in the order of ``kindCounts``.
    public static let kinds = ["rank", "grade", "titles", "rewards"]

    /// How many changes of each kind there are: rank, grade, titles, rewards (``kinds``).
    public var kindCounts: [Int] {
        if let summaryCounts { return summaryCounts.kinds }
        var counts = [0, 0, 0, 0]
        if before != nil {
            // Counted from the found changes: a province's tipping point has thousands.
            for f in found { counts[Int(min(f.what, 3))] += 1 }
        } else {
            for c in given { if let k = Self.kinds.firstIndex(of: c.what) { counts[k] += 1 } }
        }
        return counts
    }

    /// How many units change.
    public var changedUnitCount: Int {
        if let summaryCounts { return summaryCounts.units }
        if before != nil {
            // A unit's changes are found one after another.
            var count = 0, last: Int32 = -1
            for f in found where f.unit != last {
                count += 1
                last = f.unit
            }
            return count
        }
        return Set(given.map(\.unit)).count
    }

    /// The tipping point with only the changes of its first `n` units (in ranking order),
    /// made one at a time so that a province's thousands of changes are not all made.
    public func firstUnits(_ n: Int) -> TippingPoint {
        let end = before != nil ? Self.changeCount(ofFirst: n, found.lazy.map { $0.unit })
            : Self.changeCount(ofFirst: n, given.lazy.map { $0.unit })
        return TippingPoint(index: index, values: values, changes: changes(upTo: end))
    }

    /// How many changes the first `n` units have, from each change's unit in order (a unit's
    /// changes come one after another).
    static func changeCount<T: Equatable>(ofFirst n: Int, _ units: some Sequence<T>) -> Int {
        var seen = 0, end = 0
        var last: T?
        for u in units {
            if u != last {
                seen += 1
                last = u
                if seen > n { break }
            }
            end += 1
        }
        return end
    }

    /// The tipping point reduced to its first `n` units' changes, its counts of changes by
    /// kind and of units kept (``kindCounts``, ``changedUnitCount``): what a summary table
    /// shows of it, without the two points it compared.
    public func summarised(firstUnits n: Int) -> TippingPoint {
        var t = firstUnits(n)
        t.summaryCounts = (kindCounts, changedUnitCount)
        return t
    }

    /// Every change: the unit, what changed, and its value before and after as text.
    public var changes: [Change] { changes(upTo: changeCount) }

    /// The first `count` changes.
    public func changes(upTo count: Int) -> [Change] {
        guard let before, let after else { return Array(given.prefix(count)) }
        let at = beforeIndex
        return found.prefix(count).map { f in
            let u = Int(f.unit)
            let b = at(u)
            switch f.what {
            case 0: return Change(unit: after.names[u], what: "rank", before: String(before.ranks[b]), after: String(after.ranks[u]))
            case 1: return Change(unit: after.names[u], what: "grade", before: before.grade(at: b) ?? "—", after: after.grade(at: u) ?? "—")
            case 2:
                return Change(unit: after.names[u], what: "titles", before: before.titleLists[Int(before.titlesOf[b])].joined(separator: "、"),
                              after: after.titleLists[Int(after.titlesOf[u])].joined(separator: "、"))
            default:
                return Change(unit: after.names[u], what: "rewards", before: before.rewards[b].description, after: after.rewards[u].description)
            }
        }
    }
}

extension SweepResult {
    public static func point(_ a: Assessment, values: [String], gradeOrder: [String]) -> SweepPoint {
        let entries = a.units.map { u in
            SweepPoint.Entry(unit: u.unit, total: u.total, rank: u.rank, rankAll: u.rankAll, grade: u.grade, titles: u.titles,
                             rewards: u.rewards.reduce(.zero) { $0 + $1.amount })
        }
        var counts: [String: Int] = [:]
        for u in a.units { if let g = u.grade { counts[g, default: 0] += 1 } }
        return SweepPoint(values: values, units: entries, grades: gradeOrder.map { ($0, counts[$0] ?? 0) },
                          rewardTotal: entries.reduce(.zero) { $0 + $1.rewards })
    }

    /// Tipping points: between consecutive points, every unit whose rank, grade, titles or
    /// reward money changed (in the later point's ranking order).
    public static func tipping(_ points: [SweepPoint]) -> [TippingPoint] {
        guard points.count > 1 else { return [] }
        return parallelMap(points.count - 1) { k in tipping(points[k], points[k + 1], index: k + 1) }.compactMap { $0 }
    }

    /// The tipping point between `p` and `q` (at index `index`), if anything changed.
    static func tipping(_ p: SweepPoint, _ q: SweepPoint, index: Int) -> TippingPoint? {
        // Units by index when both points have the same units (as sweep points do), else by name.
        var previous: [Int]?
        if p.names != q.names {
            let at = Dictionary(p.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            previous = q.names.map { at[$0] ?? -1 }
        }
        // Title lists compared by index when both points share them.
        let sameTitleLists = p.titleLists == q.titleLists
        let sameGradeNames = p.gradeNames == q.gradeNames
        var found: [(unit: Int32, what: UInt8)] = []
        // (Room for one change per unit up front: a province's points change thousands of ranks.)
        found.reserveCapacity(q.order.count)
        if previous == nil && sameGradeNames && sameTitleLists && p.ranks.count == q.ranks.count {
            // The same units: each column compared whole, by its stored integers, into one
            // set of change bits per unit; then the changes in the report's order.
            var flags = [UInt8](repeating: 0, count: q.ranks.count)
            flags.withUnsafeMutableBufferPointer { flags in
                q.ranks.markDifferences(from: p.ranks, bit: 1, into: flags)
                q.gradeOf.markDifferences(from: p.gradeOf, bit: 2, into: flags)
                q.titlesOf.markDifferences(from: p.titlesOf, bit: 4, into: flags)
                q.rewards.markDifferences(from: p.rewards, bit: 8, into: flags)
            }
            for o in q.order {
                let f = flags[Int(o)]
                if f == 0 { continue }
                for what in 0..<4 where f & (1 << what) != 0 { found.append((o, UInt8(what))) }
            }
        } else {
            for o in q.order {
                let u = Int(o)
                let b = previous.map { $0[u] } ?? u
                if b < 0 { continue }
                if p.ranks[b] != q.ranks[u] { found.append((o, 0)) }
                if sameGradeNames ? p.gradeOf[b] != q.gradeOf[u] : p.grade(at: b) != q.grade(at: u) { found.append((o, 1)) }
                if sameTitleLists ? p.titlesOf[b] != q.titlesOf[u] : p.titleLists[Int(p.titlesOf[b])] != q.titleLists[Int(q.titlesOf[u])] {
                    found.append((o, 2))
                }
                if p.rewards[b] != q.rewards[u] { found.append((o, 3)) }
            }
        }
        guard !found.isEmpty else { return nil }
        // (Kept for the report: without the room it did not use.)
        if found.capacity > 2 * found.count + 64 { found = found.map { $0 } }
        return TippingPoint(index: index, values: q.values, found: found, before: p, after: q)
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
