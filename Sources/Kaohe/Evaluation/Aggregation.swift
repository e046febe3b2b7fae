/// One aggregate to compute over a dataset: an item's, a reward's, or a deduct period's.
struct AggregateJob {
    /// The item (or reward key) it computes, for explanations.
    var name: String
    var aggregate: Aggregate
    /// Whether `where` or the expression reads `share` (then they run once per credited unit).
    var usesShare: Bool
}

/// The running value of one aggregate for one unit.
struct Accumulator: Sendable {
    var count = Fixed.zero
    var sum = Fixed.zero
    var weight = Fixed.zero
    var minimum: Value?
    var maximum: Value?
    var distinct = Set<Value>()

    /// Adds another chunk's accumulator (sums are exact, so the split does not matter).
    mutating func merge(_ o: Accumulator) throws(ArithmeticError) {
        count = try count.adding(o.count)
        sum = try sum.adding(o.sum)
        weight = try weight.adding(o.weight)
        if let m = o.minimum, minimum.map({ Value.compare(m, $0).map { $0 < 0 } ?? false }) ?? true { minimum = m }
        if let m = o.maximum, maximum.map({ Value.compare(m, $0).map { $0 > 0 } ?? false }) ?? true { maximum = m }
        distinct.formUnion(o.distinct)
    }

    func result(_ kind: Aggregate.Kind) -> Value {
        switch kind {
        case .count: return .number(count)
        case .sum: return .number(sum)
        case .avg:
            guard weight > .zero, let v = try? sum.divided(by: weight) else { return .none }
            return .number(v)
        case .min: return minimum ?? .none
        case .max: return maximum ?? .none
        case .distinct: return .number(Fixed(distinct.count))
        }
    }
}

/// Aggregates every job of one dataset in a single pass over its records (SPEC §5):
/// with `credit: split` a record adds `share × value` to each unit it credits; with
/// `credit: full` each credited unit gets the whole record.
struct DatasetAggregator {
    let spec: Dataset
    let data: DatasetData
    let tables: [String: Table]
    let period: Period
    let asOf: Day
    /// Records dated after this are left out (`--as-of`).
    let cutoff: Day?
    /// Only records whose date is in this period (periodic deductions).
    var window: Period?
    /// Records counted and left out for the traced units.
    var tracer: Tracer?

    /// The tree-walking path: for traced units (explanations), for expressions that read
    /// `share`, and the reference the column path is tested against (on generated data).
    func runInterpreted(_ jobs: [AggregateJob], unitCount: Int, diagnostics: inout Diagnostics) -> [[Accumulator]] {
        var acc = [[Accumulator]](repeating: [Accumulator](repeating: Accumulator(), count: unitCount), count: jobs.count)
        var computed: [String: ComputedColumn] = [:]
        for c in spec.computed { computed[c.name] = c }
        var env = RecordEnvironment(data: data, computed: computed, tables: tables, period: period, asOf: asOf, record: 0, share: Fixed(1))
        let full = spec.credit == .full
        var errors = 0
        for r in 0..<data.count {
            let credits = data.credits[r]
            let traced = tracer.map { t in credits.contains { t.traces($0.unit) } } ?? false
            var afterCutoff = false
            if let cutoff, let d = data.dates[r], d > cutoff {
                guard traced else { continue }
                afterCutoff = true
            }
            if let window {
                guard let d = data.dates[r], window.contains(d) else { continue }
            }
            env.record = r
            for (j, job) in jobs.enumerated() {
                do {
                    if traced || job.usesShare {
                        for c in credits {
                            env.share = full ? Fixed(1) : c.share
                            let counts = try passes(job.aggregate, env)
                            if traced, let t = tracer, t.traces(c.unit) {
                                try trace(t, job, env, c, counts: counts, afterCutoff: afterCutoff)
                            }
                            if counts && !afterCutoff { try add(job.aggregate, env, c, full: full, into: &acc[j][c.unit]) }
                        }
                    } else {
                        env.share = Fixed(1)
                        if let f = job.aggregate.filter, try !Evaluator(f.expression, env).truth(f.expression.root) { continue }
                        let v = try job.aggregate.expression.map { e throws(EvaluationError) in try Evaluator.evaluate(e.expression, in: env) }
                        for c in credits {
                            try accumulate(job.aggregate.kind, v, share: full ? Fixed(1) : c.share, into: &acc[j][c.unit])
                        }
                    }
                } catch {
                    errors += 1
                    if errors <= 50 {
                        var message = error.message
                        if let key = data.keys?[r] { message = "record \(key): " + message }
                        // (An error of no name is about the value summed: its column, when it is one.)
                        let name = error.name ?? job.aggregate.expression?.expression.root.nameValue
                        diagnostics.error(message, at: data.location(ofRecord: r, column: data.column(named: name)))
                    }
                }
            }
        }
        if errors > 50 { diagnostics.error("\(errors - 50) more errors in \(data.file)", at: SourceLocation(file: data.file, line: 0)) }
        return acc
    }

    func passes(_ a: Aggregate, _ env: RecordEnvironment) throws(EvaluationError) -> Bool {
        guard let f = a.filter else { return true }
        return try Evaluator(f.expression, env).truth(f.expression.root)
    }

    /// Notes the record for a traced unit: counted (with its amount and share), left out
    /// (with the condition that was false), or dated after `--as-of`.
    func trace(_ t: Tracer, _ job: AggregateJob, _ env: RecordEnvironment, _ c: DatasetData.Credit,
               counts: Bool, afterCutoff: Bool) throws(EvaluationError) {
        let r = env.record
        let key = data.keys?[r] ?? "\(data.file):\(data.lines[r])"
        let share: Fixed? = data.credits[r].count > 1 && spec.credit == .split ? c.share : nil
        var line = RecordLine(key: key, file: data.file, line: data.lines[r], amount: nil, share: share, reason: nil)
        if afterCutoff {
            guard counts else { return }
            line.reason = "\(spec.dateColumn ?? t.language.pick("日期", "date")) = \(data.dates[r]?.description ?? "")"
                + t.language.pick("，晚于截止日期 ", ", after the cut-off date ") + (cutoff?.description ?? "")
            t.add(.afterAsOf, unit: c.unit, item: job.name, line)
        } else if counts {
            line.amount = try job.aggregate.expression.map { e throws(EvaluationError) in try Evaluator.evaluate(e.expression, in: env) }
            t.add(.counted, unit: c.unit, item: job.name, line)
        } else if let f = job.aggregate.filter {
            line.reason = LeftOutReason.explain(f.expression, env, t.language)
            t.add(.leftOut, unit: c.unit, item: job.name, line)
        }
    }

    func add(_ a: Aggregate, _ env: RecordEnvironment, _ c: DatasetData.Credit, full: Bool, into acc: inout Accumulator) throws(EvaluationError) {
        let v = try a.expression.map { e throws(EvaluationError) in try Evaluator.evaluate(e.expression, in: env) }
        try accumulate(a.kind, v, share: env.share, into: &acc)
    }

    func accumulate(_ kind: Aggregate.Kind, _ v: Value?, share: Fixed, into acc: inout Accumulator) throws(EvaluationError) {
        do {
            switch kind {
            case .count:
                acc.count = try acc.count.adding(share)
            case .sum, .avg:
                guard let v else { return }
                switch v {
                case .number(let n):
                    acc.sum = try acc.sum.adding(try n.multiplied(by: share))
                    acc.weight = try acc.weight.adding(share)
                case .none:
                    throw EvaluationError("the value to \(kind.rawValue) is empty (none); use default(…, 0)")
                default:
                    throw EvaluationError("cannot \(kind.rawValue) \(v.literal)")
                }
            case .min, .max:
                guard let v, !v.isNone else { return }
                if kind == .min {
                    if let m = acc.minimum, let c = Value.compare(v, m), c >= 0 { return }
                    acc.minimum = v
                } else {
                    if let m = acc.maximum, let c = Value.compare(v, m), c <= 0 { return }
                    acc.maximum = v
                }
            case .distinct:
                guard let v, !v.isNone else { return }
                acc.distinct.insert(v)
            }
        } catch let e as EvaluationError {
            throw e
        } catch {
            throw EvaluationError("\(error)")
        }
    }
}

extension CompiledExpression {
    /// Whether the expression reads the name `share`.
    var readsShare: Bool { expression.root.mentions("share") }
}

extension Aggregate {
    /// Whether `where` or the expression reads `share` (then they run once per credited unit).
    var readsShare: Bool { (filter?.readsShare ?? false) || (expression?.readsShare ?? false) }
}
