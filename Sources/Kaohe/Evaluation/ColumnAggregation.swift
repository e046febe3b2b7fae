import Synchronization

/// One aggregate of a column-at-a-time pass: whether it is wanted over the whole period (an
/// item's or reward's value) and per deduct period (the items a periodic deduction reads).
struct PassJob {
    var job: AggregateJob
    var whole: Bool
    var periodic: Bool
}

/// What one pass over a dataset gives: per job and unit the aggregate over the whole period
/// (for `whole` jobs), and the same per deduct period (for `periodic` jobs), with the
/// diagnostics each of them would have given as a pass of its own.
struct PassResult {
    /// [job][unit]; empty for jobs that are not `whole`.
    var whole: [[Value]]
    /// [period][job][unit]; empty for jobs that are not `periodic`.
    var periods: [[[Value]]]
    var wholeDiagnostics = Diagnostics()
    var periodDiagnostics: [Diagnostics]
}

/// The running totals of one job for every unit: counts, sums and weights as plain arrays
/// (the common kinds), ``Accumulator``s for min, max and distinct.
struct UnitTotals {
    var count: [Fixed] = []
    var sum: [Fixed] = []
    var weight: [Fixed] = []
    var other: [Accumulator] = []
    /// Whole shares (1) counted apart, as plain integers: the count's, or the weight's for
    /// sums; added to `count` / `weight` by ``foldOnes()``.
    var ones: [Int] = []

    init(_ kind: Aggregate.Kind, units: Int) {
        switch kind {
        case .count:
            count = Array(repeating: .zero, count: units)
            ones = Array(repeating: 0, count: units)
        case .sum, .avg:
            sum = Array(repeating: .zero, count: units)
            weight = sum
            ones = Array(repeating: 0, count: units)
        case .min, .max, .distinct: other = Array(repeating: Accumulator(), count: units)
        }
    }

    /// Adds the whole shares counted apart to the counts or weights (exact: integers).
    mutating func foldOnes() throws(ArithmeticError) {
        for u in ones.indices where ones[u] != 0 {
            let (n, o) = Int128(ones[u]).multipliedReportingOverflow(by: Fixed.one)
            if o { throw .overflow }
            if !count.isEmpty { count[u] = try count[u].adding(Fixed(raw: n)) } else { weight[u] = try weight[u].adding(Fixed(raw: n)) }
            ones[u] = 0
        }
    }

    /// Adds another chunk's totals for unit `u` (as ``Accumulator/merge(_:)``).
    mutating func merge(_ o: UnitTotals, unit u: Int) throws(ArithmeticError) {
        if !count.isEmpty { count[u] = try count[u].adding(o.count[u]) }
        if !sum.isEmpty {
            sum[u] = try sum[u].adding(o.sum[u])
            weight[u] = try weight[u].adding(o.weight[u])
        }
        if !other.isEmpty { try other[u].merge(o.other[u]) }
    }

    func result(_ kind: Aggregate.Kind, unit u: Int) -> Value {
        switch kind {
        case .count: return .number(count[u])
        case .sum: return .number(sum[u])
        case .avg:
            guard weight[u] > .zero, let v = try? sum[u].divided(by: weight[u]) else { return .none }
            return .number(v)
        case .min, .max, .distinct: return other[u].result(kind)
        }
    }
}

/// A record's part in one job, before it is added to the units it credits.
enum Contribution {
    case skip
    case count
    case number(Fixed)
    case value(Value)
}

/// A job compiled for one dataset: record by record (the reference shapes of
/// ``RecordCompiler``) and a column at a time (``ColumnCompiler``).
struct CompiledJob {
    var kind: Aggregate.Kind
    var whole: Bool
    var periodic: Bool
    var condition: RecordCompiler.Condition?
    var number: RecordCompiler.Number?
    var generic: RecordCompiler.Generic?
    var columnCondition: ColumnCompiler.Condition?
    var columnNumber: ColumnCompiler.Numbers?
    /// `sum: COLUMN` of a number column: read in place, without a column of numbers in between.
    var sumColumn: [Fixed]?
    /// The name the value summed is, when it is a plain name (an empty value's error names it).
    var valueName: String?

    /// The error of a value to sum or average that is empty.
    func emptyValue() -> EvaluationError {
        var e = EvaluationError("the value to \(kind.rawValue) is empty (none); use default(…, 0)")
        e.name = valueName
        return e
    }

    /// The record-by-record evaluation of the job at record `r`.
    func contribution(_ r: Int) throws(EvaluationError) -> Contribution {
        if let cond = condition, try !cond(r) { return .skip }
        switch kind {
        case .count:
            return .count
        case .sum, .avg:
            if let f = number {
                guard let x = try f(r) else { throw emptyValue() }
                return .number(x)
            } else if let g = generic {
                switch try g(r) {
                case .number(let x): return .number(x)
                case .none: throw emptyValue()
                case let other: throw EvaluationError("cannot \(kind.rawValue) \(other.literal)")
                }
            }
            return .skip
        case .min, .max, .distinct:
            guard let g = generic else { return .skip }
            let v = try g(r)
            return v.isNone ? .skip : .value(v)
        }
    }
}

/// One error of one target (the whole period, or a deduct period): record, job, message.
struct RecordError {
    var record: Int
    var job: Int
    var message: String
    /// The dataset column the error is about, when known (``EvaluationError/name``).
    var column: String? = nil
}

/// The records of one block of a chunk: which count at all, the units they credit (flattened),
/// and their deduct period (-1: none).
struct RecordBlock {
    var base: Int
    var count: Int
    var all: ColumnCompiler.Marks
    var creditStart: [Int32]
    var creditUnit: [Int32]
    var creditShare: [Fixed]
    var bucket: [Int32]
    /// The block cut into runs, in order: run `k` is the records `runs[k]..<runs[k + 1]`, and
    /// `runUnit[k]` the unit that every record of it credits alone and wholly (one credit, of
    /// share 1), or -1 for records of any other kind (several credits, a part share, none). A
    /// ledger sorted by unit gives runs of a unit's hundred records, which a count adds up by
    /// counting bits.
    var runs: [Int32]
    var runUnit: [Int32]

    /// The runs of the records of `starts` (``creditStart``), `units` and `shares`.
    static func runs(_ m: Int, _ starts: UnsafeBufferPointer<Int32>, _ units: UnsafeBufferPointer<Int32>,
                     _ shares: UnsafeBufferPointer<Fixed>) -> (runs: [Int32], units: [Int32]) {
        var runs: [Int32] = [0], runUnit: [Int32] = []
        guard m > 0 else { return (runs, runUnit) }
        var current: Int32 = -2
        for i in 0..<m {
            let from = Int(starts[i])
            let u: Int32 = Int(starts[i + 1]) &- from == 1 && shares[from].raw == Fixed.one ? units[from] : -1
            if u != current {
                if i > 0 {
                    runs.append(Int32(truncatingIfNeeded: i))
                    runUnit.append(current)
                }
                current = u
            }
        }
        runs.append(Int32(truncatingIfNeeded: m))
        runUnit.append(current)
        return (runs, runUnit)
    }
}

/// One chunk of records of a column-at-a-time pass, with its own totals and errors.
struct ChunkPass {
    let jobs: [CompiledJob]
    let data: DatasetData
    let windows: [Period]
    let cutoff: Day?
    let full: Bool
    let periodCount: Int
    /// The deduct period of each day from `firstDay` on (-1: none), for bucketing records.
    let firstDay: Int
    let periodOfDay: [Int32]
    /// [job][target]: target 0 is the whole period, 1… the deduct periods.
    var totals: [[UnitTotals]]
    var errors: [[RecordError]]
    var errorCounts: [Int]
    /// Whether an addition overflowed (its error then depends on the order records were added
    /// in: see ``DatasetAggregator/runColumns(_:windows:unitCount:)``).
    var overflowed = false
    /// The largest magnitude (raw) of a value summed, before its share: with the dataset's
    /// credits, a bound on every partial sum whatever the order
    /// (``DatasetAggregator/orderCannotMatter(_:_:)``).
    var largestValue: UInt128 = 0

    init(jobs: [CompiledJob], data: DatasetData, windows: [Period], cutoff: Day?, full: Bool, periodCount: Int, unitCount: Int) {
        self.jobs = jobs
        self.data = data
        self.windows = windows
        self.cutoff = cutoff
        self.full = full
        self.periodCount = periodCount
        // Windows are a few disjoint ranges of days: one lookup per record instead of a search.
        let spans = periodCount > 0 ? windows : []
        let first = spans.map(\.start.ordinal).min() ?? 0, last = spans.map(\.end.ordinal).max() ?? -1
        var table = [Int32](repeating: -1, count: max(0, last - first + 1))
        for (p, w) in spans.enumerated().reversed() where w.start <= w.end {
            for d in w.start.ordinal...w.end.ordinal { table[d - first] = Int32(p) }
        }
        firstDay = first
        periodOfDay = table
        let targets = 1 + periodCount
        totals = jobs.map { job in
            (0..<targets).map { t in
                (t == 0 ? job.whole : job.periodic) ? UnitTotals(job.kind, units: unitCount) : UnitTotals(.count, units: 0)
            }
        }
        errors = Array(repeating: [], count: targets)
        errorCounts = Array(repeating: 0, count: targets)
    }

    mutating func fail(_ t: Int, _ r: Int, _ j: Int, _ error: any Error) {
        errorCounts[t] += 1
        if error is ArithmeticError { overflowed = true }
        var message: String
        var column: String?
        if let e = error as? EvaluationError {
            message = e.message
            // (An error of no name is about the value summed, as on the record path.)
            column = data.column(named: e.name ?? (jobs.indices.contains(j) ? jobs[j].valueName : nil))
            if let key = data.keys?[r] { message = "record \(key): " + message }
        } else {
            message = "\(error)"
        }
        errors[t].append(RecordError(record: r, job: j, message: message, column: column))
        // Only the first 50 in record order are kept: trim now and then.
        if errors[t].count >= 1000 {
            errors[t].sort { ($0.record, $0.job) < ($1.record, $1.job) }
            errors[t].removeLast(errors[t].count - 50)
        }
    }

    /// Adds a contribution to the totals `tj[t]` for the units record `i` of the block credits.
    @inline(__always)
    static func add(_ c: Contribution, _ kind: Aggregate.Kind, _ tj: inout [UnitTotals], _ t: Int, _ i: Int,
                    _ block: RecordBlock) throws(ArithmeticError) {
        let from = Int(block.creditStart[i]), to = Int(block.creditStart[i + 1])
        switch c {
        case .skip: return
        case .count:
            for k in from..<to {
                let u = Int(block.creditUnit[k])
                tj[t].count[u] = try tj[t].count[u].adding(block.creditShare[k])
            }
        case .number(let v):
            for k in from..<to {
                let u = Int(block.creditUnit[k]), share = block.creditShare[k]
                let add = share.raw == Fixed.one ? v : try v.multiplied(by: share)
                tj[t].sum[u] = try tj[t].sum[u].adding(add)
                tj[t].weight[u] = try tj[t].weight[u].adding(share)
            }
        case .value(let v):
            for k in from..<to {
                let u = Int(block.creditUnit[k])
                switch kind {
                case .min:
                    if let m = tj[t].other[u].minimum, let c = Value.compare(v, m), c >= 0 { continue }
                    tj[t].other[u].minimum = v
                case .max:
                    if let m = tj[t].other[u].maximum, let c = Value.compare(v, m), c <= 0 { continue }
                    tj[t].other[u].maximum = v
                default:
                    tj[t].other[u].distinct.insert(v)
                }
            }
        }
    }

    /// Adds to the whole period and to the record's deduct period, as the job wants.
    @inline(__always)
    mutating func apply(_ c: Contribution, _ job: CompiledJob, _ j: Int, _ tj: inout [UnitTotals], _ i: Int, _ block: RecordBlock) {
        if case .number(let v) = c { largestValue = max(largestValue, v.raw.magnitude) }
        if job.whole {
            do { try ChunkPass.add(c, job.kind, &tj, 0, i, block) } catch { fail(0, block.base + i, j, error) }
        }
        if job.periodic {
            let b = Int(block.bucket[i])
            if b >= 0 {
                do { try ChunkPass.add(c, job.kind, &tj, 1 + b, i, block) } catch { fail(1 + b, block.base + i, j, error) }
            }
        }
    }

    /// The record-by-record path for one record and job.
    mutating func slow(_ job: CompiledJob, _ j: Int, _ tj: inout [UnitTotals], _ i: Int, _ block: RecordBlock) {
        let c: Contribution
        do { c = try job.contribution(block.base + i) } catch {
            if job.whole { fail(0, block.base + i, j, error) }
            if job.periodic && block.bucket[i] >= 0 { fail(1 + Int(block.bucket[i]), block.base + i, j, error) }
            return
        }
        apply(c, job, j, &tj, i, block)
    }

    /// Adds the records marked 1 to the counts, with their shares, of the whole period and
    /// their deduct period (as ``add(_:_:_:_:_:_:)`` does, in tight loops).
    mutating func addCounts(_ sure: ColumnCompiler.Bits, _ job: CompiledJob, _ j: Int, _ tj: inout [UnitTotals], _ block: RecordBlock) {
        for t in 0..<tj.count where t == 0 ? job.whole : job.periodic {
            var failed: [Int] = []
            var totals = tj[t]
            tj[t] = UnitTotals(.count, units: 0)
            totals.count.withUnsafeMutableBufferPointer { count in
                totals.ones.withUnsafeMutableBufferPointer { ones in
                    block.creditStart.withUnsafeBufferPointer { start in
                        block.creditUnit.withUnsafeBufferPointer { units in
                            block.creditShare.withUnsafeBufferPointer { shares in
                                @inline(__always) func add(_ i: Int) {
                                    if t > 0 && Int(block.bucket[i]) != t - 1 { return }
                                    for k in Int(start[i])..<Int(start[i + 1]) {
                                        let u = Int(units[k])
                                        // A whole share: counted apart (a count cannot reach 1.7 × 10¹⁸ records).
                                        if shares[k].raw == Fixed.one { ones[u] &+= 1; continue }
                                        let (r, o) = count[u].raw.addingReportingOverflow(shares[k].raw)
                                        if o { failed.append(i); break }
                                        count[u] = Fixed(raw: r)
                                    }
                                }
                                guard t == 0 else { return ColumnCompiler.each(sure) { add($0) } }
                                // Over the whole period, a run of one unit's whole credits adds
                                // the number of its records counted (as one by one: whole shares
                                // are counted apart, and in any order).
                                sure.withUnsafeBufferPointer { bits in
                                    for k in block.runUnit.indices {
                                        let from = Int(block.runs[k]), to = Int(block.runs[k + 1]), u = Int(block.runUnit[k])
                                        if u >= 0 {
                                            ones[u] &+= ColumnCompiler.count(bits, from: from, to: to)
                                        } else {
                                            ColumnCompiler.each(bits, from: from, to: to) { add($0) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            tj[t] = totals
            for i in failed { fail(t, block.base + i, j, ArithmeticError.overflow) }
        }
    }

    /// Adds `values` of the records marked 1 to the sums and weights, with their shares, of the
    /// whole period and their deduct period (as ``add(_:_:_:_:_:_:)`` does, in tight loops).
    mutating func addSums(_ sure: ColumnCompiler.Bits, _ values: [Fixed], _ offset: Int, _ job: CompiledJob, _ j: Int,
                          _ tj: inout [UnitTotals], _ block: RecordBlock) {
        // (A local: the pass's own field, written at every record, would be reloaded each time.)
        var largest = largestValue
        defer { largestValue = largest }
        for t in 0..<tj.count where t == 0 ? job.whole : job.periodic {
            var failed: [(Int, ArithmeticError)] = []
            var totals = tj[t]
            tj[t] = UnitTotals(.count, units: 0)
            totals.sum.withUnsafeMutableBufferPointer { sum in
                totals.weight.withUnsafeMutableBufferPointer { weight in
                    totals.ones.withUnsafeMutableBufferPointer { ones in
                        @inline(__always) func add(_ i: Int) {
                            if t > 0 && Int(block.bucket[i]) != t - 1 { return }
                            let v = values[offset + i]
                            largest = max(largest, v.raw.magnitude)
                            for k in Int(block.creditStart[i])..<Int(block.creditStart[i + 1]) {
                                let u = Int(block.creditUnit[k]), share = block.creditShare[k]
                                do throws(ArithmeticError) {
                                    if share.raw == Fixed.one {
                                        sum[u] = try sum[u].adding(v)
                                        ones[u] &+= 1
                                    } else {
                                        sum[u] = try sum[u].adding(try v.multiplied(by: share))
                                        weight[u] = try weight[u].adding(share)
                                    }
                                } catch {
                                    failed.append((i, error))
                                    break
                                }
                            }
                        }
                        guard t == 0 else { return ColumnCompiler.each(sure) { add($0) } }
                        // Over the whole period, a run of one unit's whole credits: its values
                        // added in order to the unit's sum, held in a local meanwhile (the same
                        // additions, and overflows, as one by one).
                        sure.withUnsafeBufferPointer { bits in
                            values.withUnsafeBufferPointer { values in
                                for k in block.runUnit.indices {
                                    let from = Int(block.runs[k]), to = Int(block.runs[k + 1]), u = Int(block.runUnit[k])
                                    guard u >= 0 else {
                                        ColumnCompiler.each(bits, from: from, to: to) { add($0) }
                                        continue
                                    }
                                    var s = sum[u].raw, n = 0
                                    ColumnCompiler.each(bits, from: from, to: to) { i in
                                        let v = values[offset + i].raw
                                        largest = max(largest, v.magnitude)
                                        let (r, o) = s.addingReportingOverflow(v)
                                        if o { failed.append((i, .overflow)) } else { s = r; n &+= 1 }
                                    }
                                    sum[u] = Fixed(raw: s)
                                    ones[u] &+= n
                                }
                            }
                        }
                    }
                }
            }
            tj[t] = totals
            for (i, error) in failed { fail(t, block.base + i, j, error) }
        }
    }

    /// The block of records `base..<top`.
    func block(_ base: Int, _ top: Int) -> RecordBlock {
        let m = top - base
        let credits = data.credits, days = data.dates.days
        let cut = cutoff.map { Int32(clamping: $0.ordinal) }
        // The block's credits counted first, so that the arrays are made at their size and
        // written through pointers (appended one by one, each was checked for uniqueness and
        // room at every record).
        var room = 0
        for r in base..<top { room += credits.count(of: r) }
        var all = ColumnCompiler.Marks(repeating: 0, count: m)
        var bucket = [Int32](repeating: -1, count: periodCount > 0 ? m : 0)
        var creditStart = [Int32](repeating: 0, count: m + 1)
        var creditUnit = [Int32](repeating: 0, count: room)
        var creditShare = [Fixed](repeating: Fixed(1), count: room)
        var used = 0
        var runs: [Int32] = [], runUnit: [Int32] = []
        all.withUnsafeMutableBufferPointer { all in
            bucket.withUnsafeMutableBufferPointer { bucket in
                creditStart.withUnsafeMutableBufferPointer { starts in
                    creditUnit.withUnsafeMutableBufferPointer { units in
                        creditShare.withUnsafeMutableBufferPointer { shares in
                            for i in 0..<m {
                                let r = base + i
                                defer { starts[i + 1] = Int32(truncatingIfNeeded: used) }
                                let day = days[r]
                                if let cut, day != Int32.min, day > cut { continue }
                                let cs = credits[r]
                                if cs.isEmpty { continue }
                                all[i] = 1
                                for c in cs {
                                    units[used] = Int32(truncatingIfNeeded: c.unit)
                                    if !full { shares[used] = c.share }
                                    used += 1
                                }
                                if periodCount > 0, day != Int32.min {
                                    let k = Int(day) - firstDay
                                    if k >= 0 && k < periodOfDay.count { bucket[i] = periodOfDay[k] }
                                }
                            }
                            (runs, runUnit) = RecordBlock.runs(m, UnsafeBufferPointer(starts), UnsafeBufferPointer(units), UnsafeBufferPointer(shares))
                        }
                    }
                }
            }
        }
        if used < room {
            creditUnit.removeLast(room - used)
            creditShare.removeLast(room - used)
        }
        return RecordBlock(base: base, count: m, all: all, creditStart: creditStart, creditUnit: creditUnit,
                           creditShare: creditShare, bucket: bucket, runs: runs, runUnit: runUnit)
    }

    /// Every job over records `lo..<hi`, block by block.
    mutating func run(_ lo: Int, _ hi: Int) {
        runRange(lo, hi)
        fold(at: lo)
    }

    /// Adds records `lo..<hi` (their whole shares still apart: see ``fold(at:)``).
    mutating func runRange(_ lo: Int, _ hi: Int) {
        let blockSize = 4096
        var base = lo
        while base < hi {
            let top = min(base + blockSize, hi)
            let block = self.block(base, top)
            let m = block.count
            let chunk = ColumnChunk(lo: base, hi: top, all: block.all)
            for j in jobs.indices {
                let job = jobs[j]
                guard job.whole || job.periodic else { continue }
                var tj: [UnitTotals] = []
                swap(&tj, &totals[j])
                defer { swap(&tj, &totals[j]) }
                let truth = job.columnCondition.map { $0(chunk, chunk.all) } ?? Truth(sure: chunk.all, unsure: [])
                switch job.kind {
                case .count:
                    // The records the column path is unsure of, record by record; then the rest.
                    ColumnCompiler.each(truth.unsure) { i in slow(job, j, &tj, i, block) }
                    addCounts(truth.sure, job, j, &tj, block)
                case .sum, .avg:
                    if let xs = job.sumColumn {
                        // none is an error: the record path reports it.
                        var sure = truth.sure
                        xs.withUnsafeBufferPointer { xs in
                            ColumnCompiler.each(Truth.union(truth.sure, truth.unsure)) { i in
                                if xs[base + i].raw == Int128.min || truth.unsureWord(i >> 6) & (1 << UInt64(i & 63)) != 0 {
                                    slow(job, j, &tj, i, block)
                                    sure[i >> 6] &= ~(1 << UInt64(i & 63))
                                }
                            }
                        }
                        addSums(sure, xs, base, job, j, &tj, block)
                    } else if let f = job.columnNumber {
                        let values = f(chunk, ColumnCompiler.marks(truth.sure, count: m))
                        var sure = truth.sure
                        ColumnCompiler.each(Truth.union(truth.sure, truth.unsure)) { i in
                            if values.marks[i] != 1 || truth.unsureWord(i >> 6) & (1 << UInt64(i & 63)) != 0 {
                                slow(job, j, &tj, i, block)
                                sure[i >> 6] &= ~(1 << UInt64(i & 63))
                            }
                        }
                        addSums(sure, values.values, 0, job, j, &tj, block)
                    } else {
                        ColumnCompiler.each(Truth.union(truth.sure, truth.unsure)) { i in slow(job, j, &tj, i, block) }
                    }
                case .min, .max, .distinct:
                    ColumnCompiler.each(Truth.union(truth.sure, truth.unsure)) { i in slow(job, j, &tj, i, block) }
                }
            }
            base = top
        }
    }

    /// Adds the whole shares counted apart into the totals (weights cannot overflow: at most
    /// one per record); an overflow is reported at record `lo`.
    mutating func fold(at lo: Int) {
        for j in totals.indices {
            for t in totals[j].indices {
                do { try totals[j][t].foldOnes() } catch { fail(t, lo, j, error) }
            }
        }
    }
}

extension DatasetAggregator {
    /// Whether no partial sum of a pass can overflow, whatever the order its records are added
    /// in: every partial sum of a unit's count, sum or weight is at most the number of credits
    /// times the largest term, a term being a share (at most `maxShare`), a whole share (1) or
    /// a value times its share (at most `largestValue` × `maxShare`, rounded up by one).
    static func orderCannotMatter(_ largestValue: UInt128, _ credits: CreditTable) -> Bool {
        let (entries, maxShare) = credits.bound
        let one = UInt128(Fixed.one)
        let share = max(maxShare, one)
        // A value times a share is at most the value times the share rounded up to a whole
        // number (and one more for the product's rounding).
        let (product, o1) = largestValue.multipliedReportingOverflow(by: (share + one - 1) / one)
        let (rounded, o2) = product.addingReportingOverflow(1)
        if o1 || o2 { return false }
        let term = max(rounded, share)
        let (total, o3) = term.multipliedReportingOverflow(by: UInt128(max(1, entries)))
        return !o3 && total <= UInt128(Int128.max)
    }

    /// The fast path: every job over one dataset in a single pass, a column at a time (see
    /// ``ColumnCompiler``), and each record also added to its deduct period's totals, so the
    /// quarters cost no pass of their own. Records are split into one chunk per core and the
    /// chunks' totals merged in order; sums are exact, so the split does not matter.
    ///
    /// Gives the same values and errors as one record-by-record pass for the whole period plus
    /// one per `windows` element (records dated in that window only).
    func runColumns(_ jobs: [PassJob], windows: [Period], unitCount: Int) -> PassResult {
        var computed: [String: ComputedColumn] = [:]
        for c in spec.computed { computed[c.name] = c }
        let recordCompiler = RecordCompiler(data: data, computed: computed, tables: tables, period: period, asOf: asOf)
        let columns = ColumnCompiler(records: recordCompiler)
        let compiled: [CompiledJob] = jobs.map { pj in
            let a = pj.job.aggregate
            var c = CompiledJob(kind: a.kind, whole: pj.whole, periodic: pj.periodic && !windows.isEmpty)
            if let f = a.filter {
                c.condition = recordCompiler.condition(f.expression.root, f.expression)
                c.columnCondition = columns.condition(f.expression.root, f.expression)
            }
            if let e = a.expression {
                c.valueName = e.expression.root.nameValue
                if (a.kind == .sum || a.kind == .avg), recordCompiler.isNumeric(e.expression.root) {
                    c.number = recordCompiler.number(e.expression.root, e.expression)
                    if c.number != nil { c.columnNumber = columns.number(e.expression.root, e.expression) }
                    if c.number != nil, let n = e.expression.root.nameValue, let k = data.columnIndex[n],
                       case .numbers(let xs) = data.columns[k] {
                        c.sumColumn = xs
                    }
                }
                if c.number == nil { c.generic = recordCompiler.generic(e.expression.root, e.expression) }
            }
            return c
        }
        let periodCount = compiled.contains { $0.periodic } ? windows.count : 0
        let n = data.count
        let chunks = n < 50_000 ? 1 : 2
        let prototype = ChunkPass(jobs: compiled, data: data, windows: windows, cutoff: cutoff, full: spec.credit == .full,
                                  periodCount: periodCount, unitCount: unitCount)
        // The closures only read the immutable columns; each chunk has its own totals.
        let targets = 1 + periodCount
        /// The chunks' totals merged, their diagnostics per target, error counts, and whether
        /// a merge overflowed.
        func merge(_ results: [ChunkPass]) -> (merged: [[UnitTotals]], diagnostics: [Diagnostics], counts: [Int], overflowed: Bool) {
            var merged = results[0].totals
            var diagnostics = [Diagnostics](repeating: Diagnostics(), count: targets)
            var counts = [Int](repeating: 0, count: targets)
            var overflowed = false
            for (c, result) in results.enumerated() {
                for t in 0..<targets {
                    if c > 0 {
                        // Each job's totals merged on its own (on all cores), its overflows reported
                        // in job order.
                        let jobs = compiled.indices.filter { t == 0 ? compiled[$0].whole : compiled[$0].periodic }
                        // (Moved out of the arrays, and out of the box as each is merged: a copy
                        // would copy its arrays at the first unit.)
                        let taken = Handout(jobs.map { j -> UnitTotals in
                            let mine = merged[j][t]
                            merged[j][t] = UnitTotals(.count, units: 0)
                            return mine
                        })
                        let others = UncheckedSendable(result)
                        let done = parallelMap(jobs.count) { k -> (UnitTotals, [String]) in
                            var mine = taken.take(k) ?? UnitTotals(.count, units: 0)
                            var errors: [String] = []
                            let other = others.value.totals[jobs[k]][t]
                            for u in 0..<unitCount {
                                do { try mine.merge(other, unit: u) } catch {
                                    errors.append("\(error) adding up \(data.file)")
                                }
                            }
                            return (mine, errors)
                        }
                        for (k, j) in jobs.enumerated() {
                            merged[j][t] = done[k].0
                            for e in done[k].1 {
                                diagnostics[t].error(e, at: nil)
                                overflowed = true
                            }
                        }
                    }
                    // Each chunk reports its first 50 errors in record order.
                    let kept = result.errors[t].sorted { ($0.record, $0.job) < ($1.record, $1.job) }.prefix(50)
                    for e in kept { diagnostics[t].error(e.message, at: data.location(ofRecord: e.record, column: e.column)) }
                    counts[t] += result.errorCounts[t]
                }
            }
            return (merged, diagnostics, counts, overflowed)
        }
        /// Records in two fixed halves, one a core.
        func halves() -> [ChunkPass] {
            parallelMap(chunks) { chunk in
                var pass = prototype
                pass.run(n * chunk / chunks, n * (chunk + 1) / chunks)
                return pass
            }
        }
        var merging: (merged: [[UnitTotals]], diagnostics: [Diagnostics], counts: [Int], overflowed: Bool)
        // Whether the order records are added in can change anything: a min or max keeps, of two
        // values that do not compare, the one met first; and a sum may overflow part way in
        // one order and not in another.
        let minOrMax = compiled.contains { $0.kind == .min || $0.kind == .max }
        if chunks > 1, !minOrMax {
            // Ranges of records handed out in turn to whichever core is free: halves fixed in
            // advance left a core idle for a tenth of the pass whenever the other half was
            // slower. Counts and sums are exact, so which core added which records does not
            // change them, unless some order overflows: when no addition overflowed and the
            // values met bound every partial sum below the limit (``orderCannotMatter``), the
            // ranges' result is the halves'; otherwise the pass is made again in fixed halves.
            final class NextRange: Sendable { let start = Atomic<Int>(0) }
            let next = NextRange()
            let step = 32_768
            var results = parallelMap(chunks) { _ in
                var pass = prototype
                var first: Int?
                while true {
                    let lo = next.start.wrappingAdd(step, ordering: .relaxed).oldValue
                    if lo >= n { break }
                    if first == nil { first = lo }
                    pass.runRange(lo, min(lo + step, n))
                }
                pass.fold(at: first ?? 0)
                return pass
            }
            // Every record error in the first chunk, in record order, as halves list them (the
            // first half's before the second's).
            for t in 0..<targets {
                var all = results.flatMap { $0.errors[t] }
                all.sort { ($0.record, $0.job) < ($1.record, $1.job) }
                results[0].errors[t] = all
                for c in 1..<results.count { results[c].errors[t] = [] }
            }
            let largest = results.reduce(UInt128(0)) { max($0, $1.largestValue) }
            if results.contains(where: \.overflowed) || !Self.orderCannotMatter(largest, data.credits) {
                merging = merge(halves())
            } else {
                merging = merge(results)
                if merging.overflowed { merging = merge(halves()) }
            }
        } else {
            merging = merge(halves())
        }
        let (merged, diagnostics, counts, _) = merging
        var out = PassResult(whole: [], periods: [], periodDiagnostics: [])
        for t in 0..<targets {
            // At most 50 errors per dataset, in record order.
            var d = Diagnostics(Array(diagnostics[t].items.prefix(50)))
            if counts[t] > 50 { d.error("\(counts[t] - 50) more errors in \(data.file)", at: SourceLocation(file: data.file, line: 0)) }
            // (Each job's values on its own, on all cores.)
            let totals = UncheckedSendable(merged)
            let values: [[Value]] = parallelMap(compiled.count) { j in
                let job = compiled[j]
                guard t == 0 ? job.whole : job.periodic else { return [] }
                let totals = totals.value[j][t]
                return (0..<unitCount).map { totals.result(job.kind, unit: $0) }
            }
            if t == 0 {
                out.whole = values
                out.wholeDiagnostics = d
            } else {
                out.periods.append(values)
                out.periodDiagnostics.append(d)
            }
        }
        // No job wanted per deduct period: empty entries, one per window.
        while out.periods.count < windows.count {
            out.periods.append(compiled.map { _ in [] })
            out.periodDiagnostics.append(Diagnostics())
        }
        return out
    }
}
