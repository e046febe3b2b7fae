/// The common unit conditions of grades, penalties, titles and rewards — comparisons of a
/// unit's total, parts or ranks with a number, of its grade with names, `vetoed`, joined by
/// `and`, `or` and `not` — compiled to closures that read the unit state's arrays directly.
///
/// `total >= 90`, `rank <= 3 and grade == '优秀'`, `rank_pct <= 10% and grade in ['优秀', '良好']`
/// are evaluated for every unit of every sweep point; through ``UnitCompiler`` each name is
/// boxed as a ``Value`` and each grade compared as text. Here a grade is compared by its place
/// in the scheme's grades (``UnitState/gradeIndex``). Anything else (items, functions,
/// arithmetic) gives nil: the condition is left to ``UnitCompiler``. The results are the
/// evaluator's, none of these can fail: the fields are always numbers, a unit without a grade
/// compares as none does (`==`, `in` and `not in` false, `!=` true).
enum FastCondition {
    typealias Fn = (UnitState, Int) -> Bool

    /// `items`: the scheme's item names (an item named like a field is the item, as
    /// ``ResolvedNames`` looks names up: such a condition is not compiled here).
    /// `layout`: a state whose `rank_pct` tables the conditions may read ahead (see
    /// ``rankPercent(_:_:_:)``); the closures still answer for any state.
    static func compile(_ e: Expr, grades: [String], items: [String: Int], layout: UnitState? = nil) -> Fn? {
        var shadowed = false
        e.walk { x in if case .name(let n) = x.kind, items[n] != nil { shadowed = true } }
        return shadowed ? nil : compiled(e, grades: grades, layout: layout)
    }

    static func compiled(_ e: Expr, grades: [String], layout: UnitState? = nil) -> Fn? {
        switch e.kind {
        case .binary(.and, let a, let b):
            guard let fa = compiled(a, grades: grades, layout: layout),
                  let fb = compiled(b, grades: grades, layout: layout) else { return nil }
            return { s, u in fa(s, u) && fb(s, u) }
        case .binary(.or, let a, let b):
            guard let fa = compiled(a, grades: grades, layout: layout),
                  let fb = compiled(b, grades: grades, layout: layout) else { return nil }
            return { s, u in fa(s, u) || fb(s, u) }
        case .unary(.not, let a):
            guard let fa = compiled(a, grades: grades, layout: layout) else { return nil }
            return { s, u in !fa(s, u) }
        case .name("vetoed"):
            return { s, u in s.vetoed[u] }
        case .binary(let op, let a, let b):
            if let layout {
                if let f = rankPercent(op, a, b, layout) { return f }
                if let f = rankPercent(flipped(op), b, a, layout) { return f }
            }
            if let f = number(op, a, b) { return f }
            if let f = number(flipped(op), b, a) { return f }
            return grade(op, a, b, grades)
        default:
            return nil
        }
    }

    /// `a op b` read as `b op' a`.
    static func flipped(_ op: Expr.BinaryOp) -> Expr.BinaryOp {
        switch op {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return op
        }
    }

    /// `v op x` for a comparison (`!=` for any other operator): of numbers, or of whole
    /// numbers (ranks).
    @inline(__always)
    static func compare<T: Comparable>(_ op: Expr.BinaryOp, _ v: T, _ x: T) -> Bool {
        switch op {
        case .lt: return v < x
        case .le: return v <= x
        case .gt: return v > x
        case .ge: return v >= x
        case .eq: return v == x
        default: return v != x
        }
    }

    /// A unit's numeric field compared with a number.
    static func number(_ op: Expr.BinaryOp, _ field: Expr, _ literal: Expr) -> Fn? {
        guard case .name(let name) = field.kind, case .literal(.number(let x)) = literal.kind else { return nil }
        let read: (UnitState, Int) -> Fixed
        switch name {
        case "total": read = { s, u in s.total[u] }
        case "base": read = { s, u in s.base[u] }
        case "bonus": read = { s, u in s.bonus[u] }
        case "deduction": read = { s, u in s.deduction[u] }
        case "rank_pct": read = { s, u in s.rankPct(u) }
        case "rank": read = { s, u in Fixed(s.rank[u]) }
        case "rank_all": read = { s, u in Fixed(s.rankAll[u]) }
        default: return nil
        }
        switch op {
        case .lt: return { s, u in read(s, u) < x }
        case .le: return { s, u in read(s, u) <= x }
        case .gt: return { s, u in read(s, u) > x }
        case .ge: return { s, u in read(s, u) >= x }
        case .eq: return { s, u in read(s, u) == x }
        case .ne: return { s, u in read(s, u) != x }
        default: return nil
        }
    }

    /// `rank_pct` compared with a number, as a range of ranks per ranking scope.
    ///
    /// A unit's `rank_pct` is entry `rank` of its scope's table of `r / size` (``UnitState/rankPct(_:)``),
    /// which grows with `r`: the ranks whose entry compares true are one run of them (`<`, `<=`:
    /// from the first; `>`, `>=`: to the last; `==`: the equal ones), or all but one run (`!=`).
    /// The runs are found in `layout`'s tables once; a unit then compares its rank with its
    /// scope's run instead of reading its table entry (scattered over the table: a cache miss
    /// per unit of a province). A state with other tables is answered the plain way.
    static func rankPercent(_ op: Expr.BinaryOp, _ field: Expr, _ literal: Expr, _ layout: UnitState) -> Fn? {
        guard let runs = RankPercentRuns(op, field, literal, layout) else { return nil }
        return { s, u in runs.fits(s) ? runs.holds(s.scopeKey[u], s.rank[u]) : runs.plain(s, u) }
    }

    /// The runs of ranks where a `rank_pct` comparison holds, one per ranking scope of a layout
    /// (see ``rankPercent(_:_:_:_:)``).
    struct RankPercentRuns {
        /// Per scope: the run of entries (ranks) `lo..<hi` where `v op x` holds, or for `!=`
        /// where it does not (`inside` false: the condition holds outside the run).
        let lo: [Int], hi: [Int], entries: [Int]
        let inside: Bool
        /// The answer for a rank past its scope's table (`rank_pct` 0).
        let zeroHolds: Bool
        /// The comparison unit by unit, for a state with other tables.
        let plain: Fn
        let flat: [Fixed], start: [Int]
        let flatAddress: UInt, startAddress: UInt

        init?(_ op: Expr.BinaryOp, _ field: Expr, _ literal: Expr, _ layout: UnitState) {
            guard case .name("rank_pct") = field.kind, case .literal(.number(let x)) = literal.kind,
                  [.lt, .le, .gt, .ge, .eq, .ne].contains(op), let plain = FastCondition.number(op, field, literal) else { return nil }
            func holds(_ v: Fixed) -> Bool { compare(op, v, x) }
            let flat = layout.percentFlat, start = layout.percentStart
            let scopes = max(0, start.count - 1)
            guard scopes > 0 else { return nil }
            var lo = [Int](repeating: 0, count: scopes), hi = [Int](repeating: 0, count: scopes)
            let runOp: (Fixed) -> Bool = op == .ne ? { !holds($0) } : holds
            for k in 0..<scopes {
                let entries = start[k + 1] - start[k]
                // The first entry in the run, then the first past it (the entries grow with r).
                var a = 0
                while a < entries && !runOp(flat[start[k] + a]) { a += 1 }
                var b = a
                while b < entries && runOp(flat[start[k] + b]) { b += 1 }
                lo[k] = a
                hi[k] = b
            }
            self.lo = lo
            self.hi = hi
            entries = (0..<scopes).map { start[$0 + 1] - start[$0] }
            inside = op != .ne
            zeroHolds = holds(.zero)
            self.plain = plain
            // The layout's tables by their storage (every copy of the layout's state shares it;
            // this holds the arrays, so no other array takes their addresses). Any other state
            // is answered the plain way, without comparing whole tables for every unit.
            self.flat = flat
            self.start = start
            flatAddress = flat.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
            startAddress = start.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        }

        /// Whether `s` has the layout's tables (else its units are answered by ``plain``).
        func fits(_ s: UnitState) -> Bool {
            s.percentFlat.withUnsafeBufferPointer({ UInt(bitPattern: $0.baseAddress) }) == flatAddress
                && s.percentStart.withUnsafeBufferPointer({ UInt(bitPattern: $0.baseAddress) }) == startAddress
                && flat.count == s.percentFlat.count && start.count == s.percentStart.count
        }

        /// The answer for a unit of scope `k` ranked `r`, in a state that ``fits(_:)``.
        @inline(__always)
        func holds(_ k: Int, _ r: Int) -> Bool {
            guard r >= 0 && r < entries[k] else { return zeroHolds }
            return (r >= lo[k] && r < hi[k]) == inside
        }
    }

    /// `grade == 'X'`, `grade != 'X'`, `grade in [...]`, `grade not in [...]`.
    static func grade(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr, _ grades: [String]) -> Fn? {
        guard let test = gradeTest(op, a, b, grades) else { return nil }
        return { s, u in test(s.gradeIndex[u]) }
    }

    /// Whether a unit whose grade is at a place (-1: no grade) meets `grade op b`; nil when the
    /// condition is not of this form.
    static func gradeTest(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr, _ grades: [String]) -> ((Int16) -> Bool)? {
        // A grade named twice has two places: left to the evaluator.
        guard case .name("grade") = a.kind, Set(grades).count == grades.count else { return nil }
        /// A name's place among the scheme's grades (-2: none of them; a unit's is -1 without one).
        func place(_ e: Expr) -> Int16? {
            guard case .literal(.text(let t)) = e.kind else { return nil }
            return grades.firstIndex(of: t).map { Int16($0) } ?? -2
        }
        switch op {
        case .eq, .ne:
            guard let k = place(b) else { return nil }
            return op == .eq ? { $0 == k } : { $0 != k }
        case .in, .notIn:
            guard case .list(let items) = b.kind else { return nil }
            var set: [Int16] = []
            for i in items {
                guard let k = place(i) else { return nil }
                set.append(k)
            }
            let members = set
            // None is in nothing and not-in nothing.
            return op == .in ? { $0 >= 0 && members.contains($0) } : { $0 >= 0 && !members.contains($0) }
        default:
            return nil
        }
    }
}
