/// Compiles record-level expressions (`where`, `sum`, computed columns) to functions that
/// evaluate a whole chunk of records at once, a column at a time: `本年签约 and 资金来源 in
/// ['省外', '境外']` becomes one loop over the date column and one over the text codes, instead
/// of two closure calls per record and per item.
///
/// Each node mirrors a fast form of ``RecordCompiler`` (same shapes, same none rules, same
/// short-circuits: the right side of `and` is only evaluated where the left side is true).
/// A record where that form would throw, or any shape compiled here only record by record, is
/// marked *unsure* (2): the aggregator then runs the record-by-record path for that record and
/// job, so errors and their messages stay exactly those of the record compiler.
struct ColumnCompiler {
    /// Per record of a chunk: 0 none, 1 a value, 2 unsure (numbers).
    typealias Marks = [UInt8]
    /// A set of records of a chunk, one bit each (record `lo + 64w + b` is bit b of word w).
    typealias Bits = [UInt64]
    /// `active` is the set of records to evaluate; the result is within it.
    typealias Condition = (_ chunk: ColumnChunk, _ active: Bits) -> Truth
    typealias Numbers = (_ chunk: ColumnChunk, _ active: Marks) -> NumberColumn

    let records: RecordCompiler
    var data: DatasetData { records.data }

    // MARK: Record-by-record fallbacks

    func perRecord(_ f: @escaping RecordCompiler.Condition) -> Condition {
        return { chunk, active in
            var t = Bits(repeating: 0, count: active.count), u = t
            let lo = chunk.lo
            ColumnCompiler.each(active) { i in
                do {
                    if try f(lo + i) { t[i >> 6] |= 1 << UInt64(i & 63) }
                } catch { u[i >> 6] |= 1 << UInt64(i & 63) }
            }
            return Truth(sure: t, unsure: u)
        }
    }

    func perRecord(_ f: @escaping RecordCompiler.Number) -> Numbers {
        return { chunk, active in
            var out = NumberColumn(count: chunk.count)
            let lo = chunk.lo
            for i in 0..<chunk.count where active[i] == 1 {
                do {
                    if let v = try f(lo + i) { out.values[i] = v; out.marks[i] = 1 }
                } catch { out.marks[i] = 2 }
            }
            return out
        }
    }

    /// Calls `body` with the index (in the chunk) of every record in `bits`, in order.
    @inline(__always)
    static func each(_ bits: Bits, _ body: (Int) -> Void) {
        for w in 0..<bits.count {
            var m = bits[w]
            while m != 0 {
                body(w << 6 | m.trailingZeroBitCount)
                m &= m &- 1
            }
        }
    }

    /// The masks of the bits `from..<to` (`from < to`) in their first and last words.
    @inline(__always)
    static func rangeMasks(_ from: Int, _ to: Int) -> (first: Int, last: Int, low: UInt64, high: UInt64) {
        (from >> 6, (to - 1) >> 6, ~0 << UInt64(from & 63), ~0 >> UInt64(63 - ((to - 1) & 63)))
    }

    /// How many of the records `from..<to` are in `bits`.
    @inline(__always)
    static func count(_ bits: UnsafeBufferPointer<UInt64>, from: Int, to: Int) -> Int {
        guard from < to else { return 0 }
        let (first, last, low, high) = rangeMasks(from, to)
        if first == last { return (bits[first] & low & high).nonzeroBitCount }
        var n = (bits[first] & low).nonzeroBitCount &+ (bits[last] & high).nonzeroBitCount
        var w = first &+ 1
        while w < last {
            n &+= bits[w].nonzeroBitCount
            w &+= 1
        }
        return n
    }

    /// Calls `body` with the index of every record of `from..<to` in `bits`, in order.
    @inline(__always)
    static func each(_ bits: UnsafeBufferPointer<UInt64>, from: Int, to: Int, _ body: (Int) -> Void) {
        guard from < to else { return }
        let (first, last, low, high) = rangeMasks(from, to)
        for w in first...last {
            var m = bits[w]
            if w == first { m &= low }
            if w == last { m &= high }
            while m != 0 {
                body(w << 6 | m.trailingZeroBitCount)
                m &= m &- 1
            }
        }
    }

    /// The records of `active` for which `test(record)` holds (never unsure): a test that
    /// cannot fail, like comparing a column with a constant.
    @inline(__always)
    static func leaf(_ chunk: ColumnChunk, _ active: Bits, _ test: (Int) -> Bool) -> Truth {
        var t = Bits(repeating: 0, count: active.count)
        let lo = chunk.lo
        t.withUnsafeMutableBufferPointer { t in
            active.withUnsafeBufferPointer { a in
                for w in 0..<a.count {
                    let m = a[w]
                    if m == 0 { continue }
                    let r0 = lo + w << 6
                    var bits: UInt64 = 0
                    if m == ~0 {
                        // Every record of the word is active (and exists).
                        for b in 0..<64 { bits |= (test(r0 + b) ? 1 : 0) << UInt64(b) }
                    } else {
                        var rest = m
                        while rest != 0 {
                            let b = rest.trailingZeroBitCount
                            if test(r0 + b) { bits |= 1 << UInt64(b) }
                            rest &= rest &- 1
                        }
                    }
                    t[w] = bits
                }
            }
        }
        return Truth(sure: t, unsure: [])
    }

    /// Like ``leaf(_:_:_:)`` for a test that may be unsure: `test` gives 0, 1 or 2.
    @inline(__always)
    static func leaf3(_ chunk: ColumnChunk, _ active: Bits, _ test: (Int) -> UInt8) -> Truth {
        var t = Bits(repeating: 0, count: active.count), u = t
        var anyUnsure = false
        let lo = chunk.lo
        t.withUnsafeMutableBufferPointer { t in
            u.withUnsafeMutableBufferPointer { u in
                active.withUnsafeBufferPointer { a in
                    for w in 0..<a.count {
                        var rest = a[w]
                        let r0 = lo + w << 6
                        var sure: UInt64 = 0, unsure: UInt64 = 0
                        while rest != 0 {
                            let b = rest.trailingZeroBitCount
                            let v = test(r0 + b)
                            if v == 1 { sure |= 1 << UInt64(b) } else if v == 2 { unsure |= 1 << UInt64(b) }
                            rest &= rest &- 1
                        }
                        t[w] = sure
                        u[w] = unsure
                        if unsure != 0 { anyUnsure = true }
                    }
                }
            }
        }
        return Truth(sure: t, unsure: anyUnsure ? u : [])
    }

    /// Bits to one mark per record (1 in the set).
    static func marks(_ bits: Bits, count: Int) -> Marks {
        var out = Marks(repeating: 0, count: count)
        each(bits) { out[$0] = 1 }
        return out
    }

    /// One mark per record to a truth: 1 sure, 2 unsure.
    static func truth(_ marks: Marks) -> Truth {
        let words = (marks.count + 63) >> 6
        var t = Bits(repeating: 0, count: words), u = t
        for i in 0..<marks.count {
            if marks[i] == 1 { t[i >> 6] |= 1 << UInt64(i & 63) } else if marks[i] == 2 { u[i >> 6] |= 1 << UInt64(i & 63) }
        }
        return Truth(sure: t, unsure: u)
    }

    // MARK: Conditions

    func condition(_ e: Expr, _ x: Expression) -> Condition {
        switch e.kind {
        case .binary(.and, let a, let b):
            let ca = condition(a, x), cb = condition(b, x)
            return { chunk, active in
                let ra = ca(chunk, active)
                // The right side only where the left side is true.
                let rb = cb(chunk, ra.sure)
                return Truth(sure: rb.sure, unsure: Truth.union(ra.unsure, rb.unsure))
            }
        case .binary(.or, let a, let b):
            let ca = condition(a, x), cb = condition(b, x)
            return { chunk, active in
                let ra = ca(chunk, active)
                var rest = active
                for w in 0..<rest.count { rest[w] &= ~ra.sure[w] & ~ra.unsureWord(w) }
                let rb = cb(chunk, rest)
                var sure = ra.sure
                for w in 0..<sure.count { sure[w] |= rb.sure[w] }
                return Truth(sure: sure, unsure: Truth.union(ra.unsure, rb.unsure))
            }
        case .unary(.not, let a):
            let ca = condition(a, x)
            return { chunk, active in
                let ra = ca(chunk, active)
                var sure = active
                for w in 0..<sure.count { sure[w] &= ~ra.sure[w] & ~ra.unsureWord(w) }
                return Truth(sure: sure, unsure: ra.unsure)
            }
        case .literal(.bool(let b)):
            return { chunk, active in Truth(sure: b ? active : Bits(repeating: 0, count: active.count), unsure: []) }
        case .name(let n):
            if let c = data.columnIndex[n], case .bools(let bs) = data.columns[c] {
                return { chunk, active in ColumnCompiler.leaf(chunk, active) { bs[$0] == 1 } }
            }
            if let cc = records.computed[n], cc.expression.type == .bool {
                // Once per chunk for every record, shared by every job that reads it.
                let f = condition(cc.expression.expression.root, cc.expression.expression)
                return { chunk, active in
                    let all: Truth
                    if let cached = chunk.conditions[n] { all = cached } else {
                        all = f(chunk, chunk.all)
                        chunk.conditions[n] = all
                    }
                    return all.within(active)
                }
            }
        case .binary(let op, let a, let b) where op == .in || op == .notIn:
            if let f = textIn(a, b, negate: op == .notIn) { return f }
            if let f = dateIn(a, b, negate: op == .notIn) { return f }
        case .binary(let op, let a, let b) where op == .eq || op == .ne:
            if let f = textEquals(a, b, negate: op == .ne) ?? textEquals(b, a, negate: op == .ne) { return f }
            if let f = noneTest(a, b, negate: op == .ne) ?? noneTest(b, a, negate: op == .ne) { return f }
            if let na = number(a, x), let nb = number(b, x), records.isNumeric(a), records.isNumeric(b) {
                if let f = columnCompare(op, a, b) { return f }
                let ne = op == .ne
                return { chunk, bits in
                    let active = ColumnCompiler.marks(bits, count: chunk.count)
                    let p = na(chunk, active)
                    // The right side is evaluated wherever the left one did not throw.
                    var activeB = active
                    for i in 0..<activeB.count where p.marks[i] == 2 { activeB[i] = 0 }
                    let q = nb(chunk, activeB)
                    var out = Marks(repeating: 0, count: chunk.count)
                    for i in 0..<out.count where active[i] == 1 {
                        let pm = p.marks[i], qm = q.marks[i]
                        if pm == 2 || qm == 2 { out[i] = 2; continue }
                        // none == none.
                        let equal = pm == qm && (pm == 0 || p.values[i] == q.values[i])
                        out[i] = equal != ne ? 1 : 0
                    }
                    return ColumnCompiler.truth(out)
                }
            }
        case .binary(let op, let a, let b) where op == .lt || op == .le || op == .gt || op == .ge:
            if records.isNumeric(a), records.isNumeric(b), let na = number(a, x), let nb = number(b, x) {
                if let f = columnCompare(op, a, b) { return f }
                return { chunk, bits in
                    let active = ColumnCompiler.marks(bits, count: chunk.count)
                    let p = na(chunk, active)
                    // Both sides (the right one wherever the left one did not throw), then
                    // none is false.
                    var activeB = active
                    for i in 0..<activeB.count where p.marks[i] == 2 { activeB[i] = 0 }
                    let q = nb(chunk, activeB)
                    var out = Marks(repeating: 0, count: chunk.count)
                    for i in 0..<out.count where active[i] == 1 {
                        let pm = p.marks[i], qm = q.marks[i]
                        if pm == 2 || qm == 2 { out[i] = 2; continue }
                        if pm == 0 || qm == 0 { continue }
                        let l = p.values[i], r = q.values[i]
                        let t: Bool
                        switch op {
                        case .lt: t = l < r
                        case .le: t = l <= r
                        case .gt: t = l > r
                        default: t = l >= r
                        }
                        out[i] = t ? 1 : 0
                    }
                    return ColumnCompiler.truth(out)
                }
            }
            if let f = dateCompare(op, a, b) { return f }
        case .binary(.contains, let a, let b):
            // As the record compiler: a list column containing a text literal.
            if let c = a.nameValue.flatMap({ data.columnIndex[$0] }), case .lists(let codes, let distinct) = data.columns[c],
               case .literal(.text(let t)) = b.kind {
                // Each distinct list tested once.
                let item = Value.text(t)
                let holds = distinct.map { v -> Bool in
                    if case .list(let items) = v { return items.contains(item) }
                    return false
                }
                return { chunk, active in
                    codes.withUnsafeBufferPointer { codes in
                        ColumnCompiler.leaf(chunk, active) { r in holds[Int(codes[r])] }
                    }
                }
            }
            if let c = a.nameValue.flatMap({ data.columnIndex[$0] }), case .values(let vs) = data.columns[c],
               case .literal(.text(let t)) = b.kind {
                let item = Value.text(t)
                return { chunk, active in
                    vs.withUnsafeBufferPointer { vs in
                        ColumnCompiler.leaf(chunk, active) { r in
                            if case .list(let items) = vs[r], !items.isEmpty { return items.contains(item) }
                            return false
                        }
                    }
                }
            }
        default:
            break
        }
        // Everything else: the record compiler's closure, record by record.
        return perRecord(records.condition(e, x))
    }

    /// A number column compared with a number or another number column (`合同投资额 >= 1亿`),
    /// without a column of numbers in between: as the numeric comparison of the record
    /// compiler, none equals none only, and is neither less nor greater than anything.
    func columnCompare(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr) -> Condition? {
        func column(_ e: Expr) -> [Fixed]? {
            guard let n = e.nameValue, let c = data.columnIndex[n], case .numbers(let xs) = data.columns[c] else { return nil }
            return xs
        }
        func constant(_ e: Expr) -> Fixed? {
            if case .literal(.number(let v)) = e.kind { return v }
            return nil
        }
        /// `p op q` of two numbers that are not none.
        func holds(_ op: Expr.BinaryOp, _ p: Fixed, _ q: Fixed) -> Bool {
            switch op {
            case .eq: return p == q
            case .ne: return p != q
            case .lt: return p < q
            case .le: return p <= q
            case .gt: return p > q
            default: return p >= q
            }
        }
        // none against a number: only `!=` holds.
        let noneHolds = op == .ne
        if let xs = column(a), let ys = column(b) {
            return { chunk, active in
                ColumnCompiler.leaf(chunk, active) { r in
                    let p = xs[r], q = ys[r]
                    let pn = p.raw == Int128.min, qn = q.raw == Int128.min
                    if pn || qn {
                        if op == .eq { return pn && qn }
                        if op == .ne { return !(pn && qn) }
                        return false
                    }
                    return holds(op, p, q)
                }
            }
        }
        var op = op
        let xs: [Fixed], v: Fixed
        if let c = column(a), let k = constant(b) {
            xs = c; v = k
        } else if let k = constant(a), let c = column(b) {
            // `k < column` is `column > k`.
            xs = c; v = k
            switch op {
            case .lt: op = .gt
            case .le: op = .ge
            case .gt: op = .lt
            case .ge: op = .le
            default: break
            }
        } else {
            return scaledCompare(op, a, b)
        }
        let final = op
        return { chunk, active in
            xs.withUnsafeBufferPointer { xs in
                ColumnCompiler.leaf(chunk, active) { r in
                    let p = xs[r]
                    if p.raw == Int128.min { return noneHolds }
                    return holds(final, p, v)
                }
            }
        }
    }

    /// One side of a comparison computed record by record without a column of numbers:
    /// a constant, a number column, or a number column with a constant (`合同投资额 * 50%`).
    struct Side {
        enum Kind { case constant, column, scaled }
        var kind: Kind
        /// The column (empty for a constant).
        var xs: [Fixed] = []
        var op: Expr.BinaryOp = .mul
        /// The constant (of a constant, or of the scaled column's arithmetic).
        var c: Fixed = .zero
        var factor = ConstantFactor(.zero)

        /// The value at record `r` of the column `xs` points to, and 0 none, 1 a value, 2
        /// unsure (where the record compiler throws: none or a failure in the arithmetic).
        @inline(__always)
        func at(_ r: Int, _ xs: UnsafeBufferPointer<Fixed>) -> (Fixed, UInt8) {
            switch kind {
            case .constant: return (c, 1)
            case .column:
                let v = xs[r]
                return v.raw == Int128.min ? (.zero, 0) : (v, 1)
            case .scaled:
                let v = xs[r]
                if v.raw == Int128.min { return (.zero, 2) }
                let out: Fixed?
                switch op {
                case .add: out = try? v.adding(c)
                case .sub: out = try? v.subtracting(c)
                case .mul: out = factor.times(v)
                default: out = c.isZero ? nil : try? v.divided(by: c)
                }
                return out.map { ($0, 1) } ?? (.zero, 2)
            }
        }
    }

    func side(_ e: Expr) -> Side? {
        if case .literal(.number(let v)) = e.kind { return Side(kind: .constant, c: v) }
        if let n = e.nameValue, let c = data.columnIndex[n], case .numbers(let xs) = data.columns[c] { return Side(kind: .column, xs: xs) }
        if case .binary(let op, let a, let b) = e.kind, [.add, .sub, .mul, .div].contains(op),
           let n = a.nameValue, let c = data.columnIndex[n], case .numbers(let xs) = data.columns[c],
           case .literal(.number(let k)) = b.kind {
            return Side(kind: .scaled, xs: xs, op: op, c: k, factor: ConstantFactor(k))
        }
        return nil
    }

    /// A comparison with a scaled column on either side (`到位资金 >= 合同投资额 * 50%`), as
    /// the record compiler: both sides, an error on either is unsure; then a none side is
    /// false (equal only to none for `==`).
    func scaledCompare(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr) -> Condition? {
        guard let sa = side(a), let sb = side(b) else { return nil }
        // A column (or constant) and a column times a constant of decimals, on either side: the
        // two compared without the product's division (``ConstantFactor/order(_:timesOf:)``).
        func isFraction(_ s: Side) -> Bool { s.kind == .scaled && s.op == .mul && s.factor.whole == nil }
        if isFraction(sa) != isFraction(sb), sa.kind != .scaled || sb.kind != .scaled {
            let flipped = isFraction(sa)
            let plain = flipped ? sb : sa, scaled = flipped ? sa : sb
            return { chunk, active in
                plain.xs.withUnsafeBufferPointer { xa in
                    scaled.xs.withUnsafeBufferPointer { xb in
                        ColumnCompiler.leaf3(chunk, active) { r in
                            let (p, ps) = plain.at(r, xa)
                            if ps == 1, xb[r].raw != Int128.min, let order = scaled.factor.order(p, timesOf: xb[r]) {
                                // (`order` is plain against scaled; flipped, scaled is the left side.)
                                return ColumnCompiler.holds(op, order: flipped ? -order : order)
                            }
                            return ColumnCompiler.compare(op, flipped ? scaled : plain, flipped ? plain : scaled, r,
                                                          flipped ? xb : xa, flipped ? xa : xb)
                        }
                    }
                }
            }
        }
        return { chunk, active in
            sa.xs.withUnsafeBufferPointer { xa in
                sb.xs.withUnsafeBufferPointer { xb in
                    ColumnCompiler.leaf3(chunk, active) { r in ColumnCompiler.compare(op, sa, sb, r, xa, xb) }
                }
            }
        }
    }

    /// `a op b` at record `r` as the record compiler gives it: 0 false, 1 true, 2 unsure.
    @inline(__always)
    static func compare(_ op: Expr.BinaryOp, _ sa: Side, _ sb: Side, _ r: Int, _ xa: UnsafeBufferPointer<Fixed>,
                        _ xb: UnsafeBufferPointer<Fixed>) -> UInt8 {
        let (p, ps) = sa.at(r, xa)
        if ps == 2 { return 2 }
        let (q, qs) = sb.at(r, xb)
        if qs == 2 { return 2 }
        if ps == 0 || qs == 0 {
            // None equals none only, and is neither less nor greater than anything.
            return (op == .eq || op == .ne) && (ps == qs) != (op == .ne) ? 1 : 0
        }
        return holds(op, order: p < q ? -1 : (p == q ? 0 : 1))
    }

    /// Whether `a op b` holds (1) or not (0), given the order of `a` and `b` (-1, 0, 1).
    @inline(__always)
    static func holds(_ op: Expr.BinaryOp, order: Int) -> UInt8 {
        switch op {
        case .eq: return order == 0 ? 1 : 0
        case .ne: return order != 0 ? 1 : 0
        case .lt: return order < 0 ? 1 : 0
        case .le: return order <= 0 ? 1 : 0
        case .gt: return order > 0 ? 1 : 0
        default: return order >= 0 ? 1 : 0
        }
    }

    func textIn(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard let (codes, dictionary) = records.textCodes(a), case .list(let items) = b.kind else { return nil }
        var wanted = Set<String>()
        for item in items {
            guard case .literal(.text(let t)) = item.kind else { return nil }
            wanted.insert(t)
        }
        let allowed = dictionary.map { wanted.contains($0) != negate }
        return { chunk, active in
            allowed.withUnsafeBufferPointer { ok in
                ColumnCompiler.leaf(chunk, active) { r in
                    let c = codes[r]
                    return c >= 0 && ok[Int(c)]
                }
            }
        }
    }

    func textEquals(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard let (codes, dictionary) = records.textCodes(a), case .literal(.text(let t)) = b.kind else { return nil }
        let target = Int32(dictionary.firstIndex(of: t) ?? -2)
        return { chunk, active in ColumnCompiler.leaf(chunk, active) { (codes[$0] == target) != negate } }
    }

    func noneTest(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard case .literal(.none) = b.kind, let n = a.nameValue, let c = data.columnIndex[n] else { return nil }
        switch data.columns[c] {
        case .numbers(let xs): return { chunk, active in ColumnCompiler.leaf(chunk, active) { (xs[$0].raw == Int128.min) != negate } }
        case .texts(let codes, _): return { chunk, active in ColumnCompiler.leaf(chunk, active) { (codes[$0] < 0) != negate } }
        case .dates(let days): return { chunk, active in ColumnCompiler.leaf(chunk, active) { (days[$0] == Int32.min) != negate } }
        case .bools(let bs): return { chunk, active in ColumnCompiler.leaf(chunk, active) { (bs[$0] < 0) != negate } }
        case .values(let vs): return { chunk, active in ColumnCompiler.leaf(chunk, active) { vs[$0].isNone != negate } }
        case .lists(let codes, let distinct): return { chunk, active in ColumnCompiler.leaf(chunk, active) { distinct[Int(codes[$0])].isNone != negate } }
        case .absent: return { chunk, active in ColumnCompiler.leaf(chunk, active) { _ in !negate } }
        }
    }

    func dateIn(_ a: Expr, _ b: Expr, negate: Bool) -> Condition? {
        guard let n = a.nameValue, let c = data.columnIndex[n], case .dates(let days) = data.columns[c],
              let (lo, hi) = records.dayRange(b) else { return nil }
        return { chunk, active in
            ColumnCompiler.leaf(chunk, active) { r in
                let d = days[r]
                if d == Int32.min { return false }
                return (d >= lo && d <= hi) != negate
            }
        }
    }

    func dateCompare(_ op: Expr.BinaryOp, _ a: Expr, _ b: Expr) -> Condition? {
        enum Side { case column([Int32]), constant(Int32) }
        func side(_ e: Expr) -> Side? {
            if let n = e.nameValue, let c = data.columnIndex[n], case .dates(let days) = data.columns[c] { return .column(days) }
            if case .literal(.date(let d)) = e.kind { return .constant(Int32(clamping: d.ordinal)) }
            if e.nameValue == "as_of" { return .constant(Int32(clamping: records.asOf.ordinal)) }
            return nil
        }
        guard let sa = side(a), let sb = side(b) else { return nil }
        return { chunk, active in
            ColumnCompiler.leaf(chunk, active) { r in
                let p: Int32, q: Int32
                switch sa { case .column(let d): p = d[r]; case .constant(let v): p = v }
                switch sb { case .column(let d): q = d[r]; case .constant(let v): q = v }
                if p == Int32.min || q == Int32.min { return false }
                switch op {
                case .lt: return p < q
                case .le: return p <= q
                case .gt: return p > q
                default: return p >= q
                }
            }
        }
    }

    // MARK: Numbers

    /// Like ``RecordCompiler/number(_:_:)``: nil exactly where that gives nil.
    func number(_ e: Expr, _ x: Expression) -> Numbers? {
        guard let single = records.number(e, x) else { return nil }
        switch e.kind {
        case .literal(.number(let n)):
            return { chunk, active in
                var out = NumberColumn(count: chunk.count)
                for i in 0..<chunk.count where active[i] == 1 { out.values[i] = n; out.marks[i] = 1 }
                return out
            }
        case .name(let n):
            if let c = data.columnIndex[n], case .numbers(let xs) = data.columns[c] {
                return { chunk, active in
                    var values = [Fixed](repeating: .zero, count: chunk.count)
                    var marks = Marks(repeating: 0, count: chunk.count)
                    let lo = chunk.lo
                    xs.withUnsafeBufferPointer { xs in
                        active.withUnsafeBufferPointer { a in
                            values.withUnsafeMutableBufferPointer { out in
                                marks.withUnsafeMutableBufferPointer { mk in
                                    for i in 0..<a.count where a[i] == 1 {
                                        let v = xs[lo + i]
                                        if v.raw != Int128.min { out[i] = v; mk[i] = 1 }
                                    }
                                }
                            }
                        }
                    }
                    return NumberColumn(values: values, marks: marks)
                }
            }
            if let cc = records.computed[n], cc.expression.type == .number,
               let f = number(cc.expression.expression.root, cc.expression.expression) {
                return { chunk, active in
                    let all: NumberColumn
                    if let cached = chunk.numbers[n] { all = cached } else {
                        all = f(chunk, chunk.allMarks)
                        chunk.numbers[n] = all
                    }
                    var out = all
                    for i in 0..<chunk.count where active[i] == 0 { out.marks[i] = 0 }
                    return out
                }
            }
        case .unary(.negate, let a):
            if let fa = number(a, x) {
                return { chunk, active in
                    var out = fa(chunk, active)
                    for i in 0..<chunk.count where out.marks[i] == 1 { out.values[i] = -out.values[i] }
                    return out
                }
            }
        case .binary(let op, let a, let b) where [.add, .sub, .mul, .div].contains(op):
            // `x * 50%`, `x + 1`: the constant is not made a column, a product by it is exact and cheap.
            if let fa = number(a, x), case .literal(.number(let c)) = b.kind {
                let factor = ConstantFactor(c)
                return { chunk, active in
                    var p = fa(chunk, active)
                    p.values.withUnsafeMutableBufferPointer { v in
                        p.marks.withUnsafeMutableBufferPointer { mk in
                            active.withUnsafeBufferPointer { a in
                                for i in 0..<a.count where a[i] == 1 {
                                    guard mk[i] == 1 else { mk[i] = 2; continue }
                                    let l = v[i]
                                    let r: Fixed?
                                    switch op {
                                    case .add: r = try? l.adding(c)
                                    case .sub: r = try? l.subtracting(c)
                                    case .mul: r = factor.times(l)
                                    default: r = c.isZero ? nil : try? l.divided(by: c)
                                    }
                                    if let r { v[i] = r } else { mk[i] = 2 }
                                }
                            }
                        }
                    }
                    return p
                }
            }
            if let fa = number(a, x), let fb = number(b, x) {
                return { chunk, active in
                    var p = fa(chunk, active)
                    // none on the left throws before the right side is evaluated.
                    let activeB = NumberColumn.keeping(active, where: p.marks, is: 1)
                    let q = fb(chunk, activeB)
                    // (The operation chosen once, not at every record.)
                    switch op {
                    case .add:
                        p.combine(q, active) { l, r in
                            let (v, o) = l.raw.addingReportingOverflow(r.raw)
                            return o ? nil : Fixed(raw: v)
                        }
                    case .sub:
                        p.combine(q, active) { l, r in
                            let (v, o) = l.raw.subtractingReportingOverflow(r.raw)
                            return o ? nil : Fixed(raw: v)
                        }
                    case .mul: p.combine(q, active) { l, r in try? l.multiplied(by: r) }
                    default: p.combine(q, active) { l, r in r.isZero ? nil : try? l.divided(by: r) }
                    }
                    return p
                }
            }
        case .call("default", let args) where args.count == 2:
            if let fa = number(args[0], x), case .literal(.number(let c)) = args[1].kind {
                return { chunk, active in
                    var p = fa(chunk, active)
                    p.values.withUnsafeMutableBufferPointer { v in
                        p.marks.withUnsafeMutableBufferPointer { mk in
                            active.withUnsafeBufferPointer { a in
                                for i in 0..<min(a.count, v.count, mk.count) where a[i] == 1 && mk[i] == 0 {
                                    v[i] = c
                                    mk[i] = 1
                                }
                            }
                        }
                    }
                    return p
                }
            }
            if let fa = number(args[0], x), let fb = number(args[1], x) {
                return { chunk, active in
                    var p = fa(chunk, active)
                    var activeB = active
                    for i in 0..<activeB.count where p.marks[i] != 0 { activeB[i] = 0 }
                    let q = fb(chunk, activeB)
                    for i in 0..<chunk.count where activeB[i] == 1 {
                        p.marks[i] = q.marks[i]
                        p.values[i] = q.values[i]
                    }
                    return p
                }
            }
        case .call(let f, let args) where ["marginal", "bracket", "lookup"].contains(f) && args.count == 2:
            if let fa = number(args[0], x), let t = args[1].nameValue, case .tiers(let rows)? = records.tables[t] {
                // (The function told once: its name compared at every record cost more than a tier.)
                enum Function { case marginal, bracket, lookup }
                let function: Function = f == "marginal" ? .marginal : f == "bracket" ? .bracket : .lookup
                return { chunk, active in
                    var p = fa(chunk, active)
                    p.values.withUnsafeMutableBufferPointer { pv in
                        p.marks.withUnsafeMutableBufferPointer { pm in
                            active.withUnsafeBufferPointer { a in
                                for i in 0..<min(a.count, pv.count, pm.count) where a[i] == 1 {
                                    guard pm[i] == 1 else { pm[i] = 2; continue }
                                    let v: Fixed?
                                    switch function {
                                    case .marginal: v = try? Table.marginal(pv[i], rows)
                                    case .bracket: v = try? Table.bracket(pv[i], rows)
                                    case .lookup: v = Table.lookup(pv[i], rows)
                                    }
                                    if let v { pv[i] = v } else { pm[i] = 2 }
                                }
                            }
                        }
                    }
                    return p
                }
            }
        default:
            break
        }
        return perRecord(single)
    }
}

/// A column of numbers over a chunk: `marks` 0 none, 1 a value, 2 unsure.
struct NumberColumn {
    var values: [Fixed]
    var marks: ColumnCompiler.Marks

    init(count: Int) {
        values = Array(repeating: .zero, count: count)
        marks = Array(repeating: 0, count: count)
    }

    init(values: [Fixed], marks: ColumnCompiler.Marks) {
        self.values = values
        self.marks = marks
    }

    /// `active`, less the records whose mark is not `mark`.
    static func keeping(_ active: ColumnCompiler.Marks, where marks: ColumnCompiler.Marks, is mark: UInt8) -> ColumnCompiler.Marks {
        var out = active
        out.withUnsafeMutableBufferPointer { o in
            marks.withUnsafeBufferPointer { m in
                for i in 0..<min(o.count, m.count) where m[i] != mark { o[i] = 0 }
            }
        }
        return out
    }

    /// Each active record's value combined with `other`'s by `f`; unsure (2) where either side
    /// is none or unsure (an error: the record path says which), or where `f` gives nil.
    /// Through the arrays' buffers: indexed, each write checked the arrays' uniqueness.
    @inline(__always)
    mutating func combine(_ other: NumberColumn, _ active: ColumnCompiler.Marks, _ f: (Fixed, Fixed) -> Fixed?) {
        values.withUnsafeMutableBufferPointer { pv in
            marks.withUnsafeMutableBufferPointer { pm in
                other.values.withUnsafeBufferPointer { qv in
                    other.marks.withUnsafeBufferPointer { qm in
                        active.withUnsafeBufferPointer { a in
                            for i in 0..<min(a.count, pv.count, pm.count, qv.count, qm.count) where a[i] == 1 {
                                guard pm[i] == 1, qm[i] == 1 else { pm[i] = 2; continue }
                                if let v = f(pv[i], qv[i]) { pv[i] = v } else { pm[i] = 2 }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One chunk of a dataset's records being aggregated, with the computed columns evaluated so
/// far (once per chunk, for every job that reads them).
final class ColumnChunk {
    let lo: Int
    let hi: Int
    /// The records aggregated at all: dated by the cutoff, crediting some unit.
    let all: ColumnCompiler.Bits
    /// The same, one mark each.
    let allMarks: ColumnCompiler.Marks
    var conditions: [String: Truth] = [:]
    var numbers: [String: NumberColumn] = [:]

    var count: Int { hi - lo }

    init(lo: Int, hi: Int, all: ColumnCompiler.Marks) {
        self.lo = lo
        self.hi = hi
        self.allMarks = all
        self.all = ColumnCompiler.truth(all).sure
    }
}

/// A condition over a chunk: the records where it holds, and those the column path is unsure
/// of (an error, or a shape evaluated record by record); empty `unsure` is none.
struct Truth {
    var sure: ColumnCompiler.Bits
    var unsure: ColumnCompiler.Bits

    @inline(__always)
    func unsureWord(_ w: Int) -> UInt64 { unsure.isEmpty ? 0 : unsure[w] }

    static func union(_ a: ColumnCompiler.Bits, _ b: ColumnCompiler.Bits) -> ColumnCompiler.Bits {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out = a
        for w in 0..<out.count { out[w] |= b[w] }
        return out
    }

    /// Restricted to `active`.
    func within(_ active: ColumnCompiler.Bits) -> Truth {
        var t = sure
        for w in 0..<t.count { t[w] &= active[w] }
        guard !unsure.isEmpty else { return Truth(sure: t, unsure: []) }
        var u = unsure
        for w in 0..<u.count { u[w] &= active[w] }
        return Truth(sure: t, unsure: u)
    }
}

/// A product by a constant, exactly as ``Fixed/multiplied(by:)`` computes it but with one
/// division instead of three: for c = m × 10ᵉ (50% is 5 × 10¹⁹ in raw units), x × c is
/// x.raw × m ÷ 10²⁰⁻ᵉ rounded half away from zero — the same rational, rounded the same way.
/// Where x.raw × m would overflow it falls back to `multiplied(by:)` itself.
struct ConstantFactor {
    let c: Fixed
    /// c.raw ÷ 10²⁰ when c is whole.
    let whole: Int128?
    let m: Int128
    /// 10²⁰⁻ᵉ.
    let divisor: Int128
    /// The bits of |m| and of the divisor (``order(_:timesOf:)``).
    let mBits: Int, dBits: Int

    init(_ c: Fixed) {
        self.c = c
        if c.raw % Fixed.one == 0 {
            whole = c.raw / Fixed.one
            m = 0
            divisor = 1
            mBits = 0
            dBits = 0
            return
        }
        whole = nil
        var m = c.raw, d = Fixed.one
        while m % 10 == 0 && d > 1 { m /= 10; d /= 10 }
        self.m = m
        divisor = d
        mBits = 128 - m.magnitude.leadingZeroBitCount
        dBits = 128 - d.magnitude.leadingZeroBitCount
    }

    /// x × c, or nil where `multiplied(by:)` throws.
    @inline(__always)
    func times(_ x: Fixed) -> Fixed? {
        if let whole {
            let (r, o) = x.raw.multipliedReportingOverflow(by: whole)
            return o ? nil : Fixed(raw: r)
        }
        let (p, o) = x.raw.multipliedReportingOverflow(by: m)
        if o || p == Int128.min { return try? x.multiplied(by: c) }
        let n = p.magnitude, d = UInt128(divisor)
        var q = n / d
        let r = n - q * d
        if r >= d - r { q += 1 }
        let v = Int128(q)
        return Fixed(raw: p < 0 ? -v : v)
    }

    /// The order of `a` and x × c (as ``times(_:)`` gives it, rounded half away from zero at
    /// the 20th place) — -1, 0 or 1 — found without the product's 128-bit division, for a `c`
    /// that is not whole; nil where a product on the way would overflow (or x × c does).
    ///
    /// With n = |x.raw × m| and d = ``divisor``, the product's magnitude R = round(n ÷ d)
    /// (half up) is the whole number with d(2R − 1) ≤ 2n < d(2R + 1). So, for a whole A (the
    /// raw of `a`, sign turned when x × c is negative): A > R exactly when 2n < d(2A − 1), and
    /// A < R exactly when 2n ≥ d(2A + 1).
    ///
    /// The products are kept from overflowing by the operands' widths, checked first (checking
    /// each 128-bit product for overflow cost what the division saved): |x| < 2¹²⁵⁻ᵇ⁽ᵐ⁾ and
    /// |A| < 2¹²⁴⁻ᵇ⁽ᵈ⁾, b(v) being the bits of |v|, so that 2n and d(2A ± 1) stay below 2¹²⁶.
    @inline(__always)
    func order(_ a: Fixed, timesOf x: Fixed) -> Int? {
        guard whole == nil, x.raw.magnitude.leadingZeroBitCount >= mBits &+ 3,
              a.raw.magnitude.leadingZeroBitCount >= dBits &+ 4 else { return nil }
        let p = x.raw &* m
        let negative = p < 0
        let n = negative ? 0 &- p : p, big = negative ? 0 &- a.raw : a.raw
        let twoN = n &<< 1, twoA = big &<< 1
        let below = divisor &* (twoA &- 1), above = divisor &* (twoA &+ 1)
        let order = twoN < below ? 1 : (twoN >= above ? -1 : 0)
        return negative ? -order : order
    }
}
