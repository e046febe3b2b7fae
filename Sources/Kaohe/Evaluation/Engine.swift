/// Scores a scheme on a ledger (SPEC §5–§7, steps 1–5 of §6): aggregates, items in
/// dependency order, totals, vetoes, ranking, grades and teams.
///
/// Aggregation is one pass over each dataset with all its items' filters, a column at a time
/// (``ColumnCompiler``), which also fills the deduct periods; the unit-level stage then runs
/// from those cached aggregates (what-if re-scoring builds on that split).
public struct Engine {
    public let scheme: Scheme
    public let ledger: Ledger
    /// Explanations for some units, collected while evaluating (`kaohe explain`).
    public let tracer: Tracer?

    /// Aggregate with the tree-walking evaluator instead of compiled closures, with a pass per
    /// deduct period (the reference the fast path is tested against).
    public var interpretedAggregation = false

    /// Called with each phase's name and duration (`score`, `outcomes`), for benchmarks.
    public var phaseTimer: (@Sendable (String, Duration) -> Void)?

    /// Each item's targets from the targets file by unit (``unitTargets(_:_:)``), when made
    /// already (a sweep makes them once for all its points); else made for each item scored.
    var unitTargets: [String: [Fixed?]]?

    /// From how many units an aggregate item's values are worked out on all cores (tests lower
    /// it, to check the parallel loop against the plain one).
    var parallelValuesFrom = 4096

    public init(scheme: Scheme, ledger: Ledger, tracer: Tracer? = nil) {
        self.scheme = scheme
        self.ledger = ledger
        self.tracer = tracer
        tracer?.bind(ledger)
    }

    /// The aggregate values of every aggregate item and reward, [name][unit], and the same
    /// per deduct period (cacheable: a what-if that changes only unit-level rules reuses them).
    public struct Aggregates: Sendable {
        public var values: [String: [Value]]
        public var periods: [(period: DeductPeriod, values: [String: [Value]])]
    }

    static func rewardKey(_ name: String) -> String { "reward\u{1F}" + name }

    /// `asOf`: the `--as-of` date (records after it are left out, looked-up targets are
    /// scaled by progress), or nil for the whole period.
    public func assess(asOf: Day? = nil) -> Result<Assessment, Diagnostics> {
        var d = Diagnostics()
        let aggregates = aggregate(asOf: asOf, &d)
        if d.hasErrors { return .failure(d) }
        return score(aggregates, asOf: asOf)
    }

    public func effectiveAsOf(_ asOf: Day?) -> Day { asOf ?? scheme.info.period.end }

    /// `ledger` with only the records ``score(_:asOf:)`` reads once the aggregates are worked
    /// out: the deposits' dataset. A caller that holds no other copy of the ledger frees the
    /// rest (a province's two million projects) before the assessment is built.
    public static func scoringLedger(_ ledger: Ledger, _ scheme: Scheme) -> Ledger {
        var out = ledger
        let kept = scheme.deposits?.dataset
        out.datasets = ledger.datasets.filter { $0.key == kept }
        return out
    }

    /// Progress (序时进度) at `asOf`: 1 without `--as-of`.
    public func progress(at asOf: Day?) -> Fixed {
        guard let asOf else { return Fixed(1) }
        let p = scheme.info.period
        switch scheme.info.progress {
        case .months:
            return (try? Fixed(asOf.month).divided(by: Fixed(12))) ?? Fixed(1)
        case .days:
            let elapsed = max(0, min(p.days, asOf.ordinal - p.start.ordinal + 1))
            return (try? Fixed(elapsed).divided(by: Fixed(p.days))) ?? Fixed(1)
        case .table(let rows):
            return rows.last { $0.month <= asOf.month }?.share ?? .zero
        }
    }

    /// Step 1: every aggregate item and reward, one pass per dataset; and, when deposits
    /// have periodic deductions, the items they read per quarter (or month) — from the same
    /// pass, each record also added to its own quarter's totals.
    public func aggregate(asOf: Day?, _ d: inout Diagnostics) -> Aggregates {
        aggregate(asOf: asOf, reusing: nil, &d)
    }

    /// Like ``aggregate(asOf:_:)``, reusing the aggregates of an earlier run of another scheme
    /// on the same ledger wherever an aggregate's definition is unchanged: only datasets with
    /// a changed `where`/`sum`/`computed` are read again (what-if and sweeps).
    public func aggregate(asOf: Day?, reusing earlier: (scheme: Scheme, aggregates: Aggregates)?, _ d: inout Diagnostics) -> Aggregates {
        var dirty: Set<String>? = nil
        var values: [String: [Value]] = [:]
        if let earlier {
            let old = Engine.signatures(earlier.scheme)
            let new = Engine.signatures(scheme)
            var changed = Set<String>()
            for (name, sig) in new {
                if old[name] == sig, let v = earlier.aggregates.values[name] { values[name] = v } else { changed.insert(sig.dataset) }
            }
            dirty = changed
        }
        let whole = dirty == nil || !(dirty?.isEmpty ?? true)
        var periods: [(period: DeductPeriod, values: [String: [Value]])] = []
        var windows: [DeductPeriod] = []
        if let rule = scheme.deposits?.deduct {
            let all = DeductPeriod.all(rule.every, in: scheme.info.period, endedBy: asOf)
            if let earlier, dirty?.isEmpty ?? false, earlier.aggregates.periods.map(\.period.label) == all.map(\.label),
               Engine.deductItems(earlier.scheme) == deductItems() {
                periods = earlier.aggregates.periods
            } else {
                windows = all
            }
        }
        if whole || !windows.isEmpty {
            let pass = aggregatePass(asOf: asOf, whole: whole ? .some(dirty) : nil, windows: windows, &d)
            for (k, v) in pass.whole { values[k] = v }
            periods = zip(windows, pass.periods).map { ($0, $1) }
        }
        return Aggregates(values: values, periods: periods)
    }

    struct Signature: Hashable {
        var dataset: String
        var text: String
        /// The tables its text names, with their rows (`sum: marginal(到位资金, 引荐奖励费率)`
        /// is another sum when the table's rates change).
        var tables: [String: Table] = [:]
    }

    /// What an aggregate depends on: its dataset, kind, filter and expression as written, the
    /// dataset's computed columns, and the tables any of them names.
    static func signatures(_ scheme: Scheme) -> [String: Signature] {
        var out: [String: Signature] = [:]
        let allTables = scheme.tables
        func sig(_ a: Aggregate) -> Signature {
            let computed = scheme.dataset(named: a.dataset)?.computed.map { "\($0.name)=\($0.expression.description)" }.joined(separator: ";") ?? ""
            let text = "\(a.kind.rawValue)|\(a.filter?.description ?? "")|\(a.expression?.description ?? "")|\(computed)"
            // The tables named in the filter, the expression or the computed columns.
            var tables: [String: Table] = [:]
            if !allTables.isEmpty {
                let expressions = [a.filter, a.expression].compactMap { $0 } + (scheme.dataset(named: a.dataset)?.computed.map(\.expression) ?? [])
                for e in expressions {
                    e.expression.root.walk { node in
                        if case .name(let n) = node.kind, let t = allTables[n] { tables[n] = t }
                    }
                }
            }
            return Signature(dataset: a.dataset, text: text, tables: tables)
        }
        for item in scheme.items { if case .aggregate(let a) = item.source { out[item.name] = sig(a) } }
        for r in scheme.rewards { if case .aggregate(let a) = r.amount { out[rewardKey(r.name)] = sig(a) } }
        return out
    }

    /// The items a periodic deduction reads, with everything they depend on: only these are
    /// aggregated and scored again per quarter (or month).
    func deductItems() -> Set<String> { Engine.deductItems(scheme) }

    static func deductItems(_ scheme: Scheme) -> Set<String> {
        guard let rule = scheme.deposits?.deduct else { return [] }
        var needed = Set<String>()
        var queue = Array(rule.when.references.union(rule.amount.references))
        while let name = queue.popLast() {
            guard needed.insert(name).inserted, let item = scheme.item(named: name) else { continue }
            var refs = Set<String>()
            if case .derived(let e) = item.source { refs.formUnion(e.references) }
            if case .formula(let f)? = item.score { refs.formUnion(f.references) }
            if let w = item.veto?.when { refs.formUnion(w.references) }
            queue.append(contentsOf: refs.subtracting(needed))
        }
        return needed
    }

    /// Every aggregate item and reward over the whole period (`whole`: nil for none, `.some(nil)`
    /// for every dataset, or only the named datasets), and the items a periodic deduction reads
    /// per element of `windows`. One pass per dataset gives both (``DatasetAggregator/runColumns(_:windows:unitCount:)``);
    /// traced units, `share` and the reference evaluator take the record-by-record path, with a
    /// pass per window. Diagnostics come whole period first, then window by window.
    func aggregatePass(asOf: Day?, whole: Set<String>??, windows: [DeductPeriod], _ d: inout Diagnostics)
        -> (whole: [String: [Value]], periods: [[String: [Value]]]) {
        var out: [String: [Value]] = [:]
        var periodOut = [[String: [Value]]](repeating: [:], count: windows.count)
        var wholeDiagnostics = Diagnostics()
        var periodDiagnostics = [Diagnostics](repeating: Diagnostics(), count: windows.count)
        let needed = windows.isEmpty ? [] : deductItems()
        let n = ledger.units.count
        for spec in scheme.data.datasets {
            let wantsWhole: Bool
            switch whole {
            case .none: wantsWhole = false
            case .some(let only): wantsWhole = only?.contains(spec.name) ?? true
            }
            // Items in scheme order, then rewards: the order errors are reported in.
            var jobs: [PassJob] = []
            for item in scheme.items {
                guard case .aggregate(let a) = item.source, a.dataset == spec.name else { continue }
                let periodic = needed.contains(item.name)
                guard wantsWhole || periodic else { continue }
                jobs.append(PassJob(job: AggregateJob(name: item.name, aggregate: a, usesShare: a.readsShare), whole: wantsWhole, periodic: periodic))
            }
            if wantsWhole {
                for r in scheme.rewards {
                    if case .aggregate(let a) = r.amount, a.dataset == spec.name {
                        jobs.append(PassJob(job: AggregateJob(name: Engine.rewardKey(r.name), aggregate: a, usesShare: a.readsShare), whole: true, periodic: false))
                    }
                }
            }
            guard !jobs.isEmpty else { continue }
            guard let data = ledger.datasets[spec.name] else {
                let zeros = Array(repeating: Value.number(.zero), count: n)
                for j in jobs {
                    if j.whole { out[j.job.name] = zeros }
                    if j.periodic { for p in windows.indices { periodOut[p][j.job.name] = zeros } }
                }
                continue
            }
            var agg = DatasetAggregator(spec: spec, data: data, tables: scheme.tables, period: scheme.info.period,
                                        asOf: effectiveAsOf(asOf), cutoff: asOf, window: nil)
            let wholeJobs = jobs.filter(\.whole), periodJobs = jobs.filter(\.periodic)
            let wholeSlow = tracer != nil || interpretedAggregation || wholeJobs.contains { $0.job.usesShare }
            let periodSlow = interpretedAggregation || periodJobs.contains { $0.job.usesShare }
            // The fast part, in one pass.
            let fast = jobs.map { PassJob(job: $0.job, whole: $0.whole && !wholeSlow, periodic: $0.periodic && !periodSlow) }
            if fast.contains(where: { $0.whole || $0.periodic }) {
                let pass = agg.runColumns(fast, windows: periodSlow ? [] : windows.map(\.window), unitCount: n)
                for (j, job) in fast.enumerated() {
                    if job.whole { out[job.job.name] = pass.whole[j] }
                    if job.periodic { for p in windows.indices { periodOut[p][job.job.name] = pass.periods[p][j] } }
                }
                wholeDiagnostics.append(contentsOf: pass.wholeDiagnostics)
                for p in pass.periodDiagnostics.indices { periodDiagnostics[p].append(contentsOf: pass.periodDiagnostics[p]) }
            }
            // The record-by-record part: traced units, `share`, the reference.
            if wholeSlow && !wholeJobs.isEmpty {
                agg.tracer = tracer
                let acc = agg.runInterpreted(wholeJobs.map(\.job), unitCount: n, diagnostics: &wholeDiagnostics)
                for (j, job) in wholeJobs.enumerated() { out[job.job.name] = acc[j].map { $0.result(job.job.aggregate.kind) } }
            }
            if periodSlow && !periodJobs.isEmpty {
                agg.tracer = nil
                for (p, w) in windows.enumerated() {
                    agg.window = w.window
                    let acc = agg.runInterpreted(periodJobs.map(\.job), unitCount: n, diagnostics: &periodDiagnostics[p])
                    for (j, job) in periodJobs.enumerated() { periodOut[p][job.job.name] = acc[j].map { $0.result(job.job.aggregate.kind) } }
                }
            }
        }
        d.append(contentsOf: wholeDiagnostics)
        for p in periodDiagnostics { d.append(contentsOf: p) }
        return (out, periodOut)
    }

    /// Steps 2–5, from cached aggregates.
    public func score(_ aggregates: Aggregates, asOf: Day?) -> Result<Assessment, Diagnostics> {
        // Every item's targets from the targets file, made in one pass over it for the state
        // and each deduct period's (item by item, each unit's Chinese name was hashed again for
        // every item and every state).
        if unitTargets == nil, !ledger.targets.isEmpty {
            var engine = self
            engine.unitTargets = Engine.unitTargetsByItem(scheme, ledger)
            return engine.score(aggregates, asOf: asOf)
        }
        var d = Diagnostics()
        let clock = ContinuousClock()
        var started = clock.now
        let state = UnitState(scheme: scheme, ledger: ledger, asOf: effectiveAsOf(asOf), progress: progress(at: asOf))
        state.tracer = tracer
        let adjustments = adjustmentsByItem()
        rank(state, aggregates, asOf: asOf, rescoring: nil, adjustments: adjustments, &d)
        if d.hasErrors { return .failure(d) }
        if let timer = phaseTimer { timer("score", clock.now - started); started = clock.now }
        defer { if let timer = phaseTimer { timer("outcomes", clock.now - started) } }
        return finish(state, aggregates, adjustments: adjustments, &d)
    }

    /// Steps 5–8 on a ranked state (teams, the deduct periods' states, deposits, rewards,
    /// penalties and titles), then the ``Assessment``. `shared`: deposits settled once for
    /// every state that shares them (a what-if's base and a variant that changes nothing they
    /// read).
    func finish(_ state: UnitState, _ aggregates: Aggregates, adjustments: [String: [Int: [AdjustmentRow]]],
                deposits shared: SharedDeposits? = nil, _ d: inout Diagnostics) -> Result<Assessment, Diagnostics> {
        let teams = Teams.score(state)
        let deposits = settledDeposits(state, aggregates, adjustments: adjustments, shared: shared)
        d.append(contentsOf: deposits.diagnostics)
        let outcomes = Outcomes.evaluate(state, aggregates, deposits: deposits.results, &d)
        if d.hasErrors { return .failure(d) }
        return .success(AssessmentBuilder.build(state, teams: teams, outcomes: outcomes, warnings: d.warnings))
    }

    /// What ``finish(_:_:adjustments:deposits:_:)`` reports of a ranked state, without making
    /// the assessment: the diagnostics of its deposits and outcomes (a sweep keeps no
    /// assessment of its base, but fails on the errors that scoring it would give).
    /// `outcomes`: false when the rewards, penalties and titles are known to give none (a
    /// sweep evaluated them all already, without an error): only the deposits' are made.
    func finishDiagnostics(_ state: UnitState, _ aggregates: Aggregates, adjustments: [String: [Int: [AdjustmentRow]]],
                           deposits shared: SharedDeposits? = nil, outcomes: Bool = true) -> Diagnostics {
        let deposits = settledDeposits(state, aggregates, adjustments: adjustments, shared: shared)
        var d = deposits.diagnostics
        if outcomes { _ = Outcomes.evaluate(state, aggregates, deposits: deposits.results, &d) }
        return d
    }

    /// Step 6: every unit's deposits settled (once for every state sharing `shared`), each
    /// deduct period's items scored on that period's records only.
    private func settledDeposits(_ state: UnitState, _ aggregates: Aggregates, adjustments: [String: [Int: [AdjustmentRow]]],
                                 shared: SharedDeposits?) -> SharedDeposits.Settled {
        let settle = { () -> SharedDeposits.Settled in
            var dd = Diagnostics()
            let needed = aggregates.periods.isEmpty ? [] : self.deductItems()
            // The periods are independent: scored on the cores at once (one after the other,
            // the main thread scored each while the other core mostly waited), their errors
            // kept in period order.
            let periods = aggregates.periods
            let scoredPeriods = parallelMap(periods.count) { k -> (UnitState, Diagnostics) in
                let (p, values) = periods[k]
                let ps = UnitState(scheme: self.scheme, ledger: self.ledger, asOf: p.window.end, progress: Fixed(1), layout: state)
                var scratch = Diagnostics()
                for name in self.scheme.evaluationOrder where needed.contains(name) {
                    guard let i = ps.itemIndex[name] else { continue }
                    self.scoreItem(i, ps, Aggregates(values: values, periods: []), scaled: false, adjustments: adjustments, &scratch)
                }
                return (ps, scratch)
            }
            var periodStates: [(DeductPeriod, UnitState)] = []
            for (k, (ps, scratch)) in scoredPeriods.enumerated() {
                dd.append(contentsOf: scratch.errors)
                periodStates.append((periods[k].0, ps))
            }
            let results = Outcomes.deposits(state, periodStates: periodStates, &dd)
            return SharedDeposits.Settled(results: results, diagnostics: dd)
        }
        return shared?.settled(settle) ?? settle()
    }

    /// Steps 2–4 into `state`: the items (all of them, or only those in `rescoring`, in
    /// evaluation order), totals, ranks and grades. Stops after the items when they have errors.
    ///
    /// An item not scored again keeps its diagnostics from `kept` (where they stand in
    /// evaluation order); `scored` is told each scored item's own.
    ///   - valuesKept: items among `rescoring` whose values, targets and rates are the state's
    ///     already (only their scoring keys changed): only their scores are worked out again;
    ///   - partial: the sums of the items not in `rescoring` (``partialTotals(_:excluding:)``).
    func rank(_ state: UnitState, _ aggregates: Aggregates, asOf: Day?, rescoring: Set<Int>?,
              adjustments: [String: [Int: [AdjustmentRow]]], kept: [Int: Diagnostics] = [:],
              valuesKept: Set<Int> = [], partial: PartialTotals? = nil,
              scored: ((Int, Diagnostics) -> Void)? = nil, _ d: inout Diagnostics) {
        for name in scheme.evaluationOrder {
            guard let i = state.itemIndex[name] else { continue }
            if let rescoring, !rescoring.contains(i) {
                if let k = kept[i] { d.append(contentsOf: k) }
                continue
            }
            var own = Diagnostics()
            scoreItem(i, state, aggregates, scaled: asOf != nil, adjustments: adjustments, valuesKept: valuesKept.contains(i), &own)
            scored?(i, own)
            d.append(contentsOf: own)
        }
        if d.hasErrors { return }
        totals(state, partial: partial, &d)
        explainTotals(state)
        Ranking.rank(state, &d)
        grades(state, &d)
        explainRankAndGrade(state)
    }

    /// The adjustments rows of every item, by unit index (the ledger has them by unit name).
    func adjustmentsByItem() -> [String: [Int: [AdjustmentRow]]] { ledger.adjustmentsByItem }

    /// `valuesKept`: the state holds the item's values, targets and rates already (a sweep
    /// point that changed only how it is scored): only its scores are worked out.
    func scoreItem(_ i: Int, _ state: UnitState, _ aggregates: Aggregates, scaled: Bool,
                   adjustments: [String: [Int: [AdjustmentRow]]], valuesKept: Bool = false, _ d: inout Diagnostics) {
        let item = scheme.items[i]
        let units = ledger.units
        // Looked up once per item, not once per unit (names hash slowly).
        let aggregated = valuesKept ? nil : aggregates.values[item.name]
        let targets = valuesKept ? TargetTable() : targetTable(item, state)
        let adjustmentsOf = adjustments[item.name] ?? [:]
        // Values (none to work out when they are kept: the loop is not entered). An aggregate's
        // on all cores, each unit on its own (nothing to report, nothing read across units).
        let parallel = !valuesKept && units.count >= parallelValuesFrom && !item.source.isDerived
        if parallel { aggregateValues(i, state, aggregated, targets, scaled: scaled) }
        // A derived item's, untraced with many units: compiled once, in pieces on all cores
        // (not when it names its own item, whose columns it would read while they are written).
        var derivedInPieces = false
        if !valuesKept, state.tracer == nil, units.count >= parallelValuesFrom, case .derived(let e) = item.source,
           !e.expression.root.mentions(item.name) {
            derivedValues(i, state, e, targets, scaled: scaled, &d)
            derivedInPieces = true
        }
        for u in valuesKept || parallel || derivedInPieces ? 0..<0 : units.indices where state.applies[i][u] {
            switch item.source {
            case .aggregate:
                state.values[i][u] = aggregated?[u] ?? .number(.zero)
            case .derived(let e):
                do {
                    state.values[i][u] = try Evaluator.evaluate(e.expression, in: UnitEnvironment(state: state, unit: u))
                } catch {
                    d.error("\(item.name) for \(units[u].name): \(error.message)", at: location(e, error))
                }
            case .rated:
                state.values[i][u] = .none
            }
            // Target and rate.
            let target = targetOf(item, unit: u, scaled: scaled, state, targets)
            state.targets[i][u] = target
            if let target, !target.isZero, case .number(let v) = state.values[i][u] {
                state.rates[i][u] = try? v.divided(by: target)
            }
        }
        // Scores (after every unit's value, for by_rank / relative / max_of).
        var formulas: [Int: (String?, Fixed, String?)] = [:]
        defer {
            if let t = state.tracer {
                for u in units.indices where state.applies[i][u] && t.traces(u) {
                    explainItem(i, u, state, scaled: scaled, score: formulas[u])
                }
            }
        }
        guard let form = item.score else { return }
        let rounder = Rounder(places: scheme.info.round)
        // The common form, untraced and unadjusted: points × min(rate, cap) over the columns,
        // each unit without a rate (a warning) or with an overflow (an error) as below.
        if case .proportional = form, state.tracer == nil, adjustmentsOf.isEmpty {
            let points = item.points ?? .zero, cap = item.cap ?? Fixed(1), floor = item.floor
            let rates = state.rates[i], applies = state.applies[i]
            let byPoints = Fixed.Multiplier(points)
            // Points to two places and scores to cents (the commonest): one division by a
            // constant instead of two roundings (``Fixed/Multiplier/timesToCents(_:)``).
            let toCents = rounder.places == 2 && byPoints.roundsToCentsWithoutDivision
            var scores = state.scores[i]
            state.scores[i] = []
            // (Through buffers: written element by element, the array was checked for
            // uniqueness at every unit.)
            scores.withUnsafeMutableBufferPointer { scores in
                rates.withUnsafeBufferPointer { rates in
                    applies.withUnsafeBufferPointer { applies in
                        for u in 0..<min(scores.count, rates.count, applies.count) where applies[u] {
                            if let r = rates[u] {
                                // Scoring.proportional, with the points prepared once for every unit.
                                if let floor, r < floor {
                                    scores[u] = .zero
                                    continue
                                }
                                let x = min(r, cap)
                                if toCents, let s = byPoints.timesToCents(x) {
                                    scores[u] = s
                                    continue
                                }
                                if let s = try? byPoints.times(x) {
                                    scores[u] = rounder.round(s)
                                    continue
                                }
                            }
                            // No rate (a warning) or an overflow (an error): scored as every other form is.
                            do throws(EvaluationError) {
                                var formula: String?
                                scores[u] = rounder.round(try Scoring.score(form, item: item, itemIndex: i, unit: u, state, &d, formula: &formula))
                            } catch {
                                d.error("\(item.name) for \(units[u].name): \(error.message)", at: item.location)
                            }
                        }
                    }
                }
            }
            state.scores[i] = scores
            return
        }
        // A formula's names resolved once for every unit (each unit's traced score is written
        // out by the general form).
        var formulaNames: ResolvedNames?
        if case .formula(let f) = form { formulaNames = ResolvedNames(f, state, bound: Scoring.formulaNames) }
        /// Unit `u`'s score, its adjustments' lines when it has some, and (traced) its formula
        /// and adjustments written out; nil after an error, which is reported to `d`.
        func scoreOf(_ u: Int, traced: Bool, _ d: inout Diagnostics)
            -> (score: Fixed, adjustments: [AdjustmentResult]?, formula: (String?, Fixed, String?)?)? {
            do {
                var formula: String?
                let raw: Fixed
                if let formulaNames, !traced {
                    raw = try Scoring.formula(formulaNames, item: item, itemIndex: i, unit: u, state)
                } else {
                    raw = try Scoring.score(form, item: item, itemIndex: i, unit: u, state, &d, trace: traced, formula: &formula)
                }
                var s = rounder.round(raw)
                var adjusted: String?
                var lines: [AdjustmentResult]?
                let adj = adjustmentsOf[u] ?? []
                if !adj.isEmpty {
                    lines = adj.map { AdjustmentResult(score: $0.score, reason: $0.reason, approver: $0.approver) }
                    let before = s
                    s = adj.reduce(s) { $0 + $1.score }
                    let sum = s
                    if let p = item.points { s = min(max(s, .zero), p) }
                    s = rounder.round(s)
                    if traced {
                        let places = scheme.info.round
                        let lang = state.lang
                        var text = lang.pick("调整后", "adjusted") + " = \(before.formatted(places: places))" + adj.map { " \($0.score.isNegative ? "−" : "+") \($0.score.magnitude.formatted(places: places))" }.joined()
                        text += " = \(sum.formatted(places: places))"
                        if sum != s {
                            let p = (item.points ?? .zero).formatted(places: places)
                            text += lang.pick("，限 0 … \(p) 分", ", kept within 0 … \(p) points") + " = \(s.formatted(places: places))"
                        }
                        adjusted = text
                    }
                }
                return (s, lines, traced ? (formula, raw, adjusted) : nil)
            } catch {
                let loc: SourceLocation
                if case .formula(let f) = form { loc = location(f, error) } else { loc = item.location }
                d.error("\(item.name) for \(units[u].name): \(error.message)", at: loc)
                return nil
            }
        }
        // Untraced with many units, each unit on its own: in pieces on all cores, each piece's
        // diagnostics after the one before it (the unit order of one loop). Not `by_rank` and
        // `relative`, which fill the state's caches of a scope as they go, nor a formula that
        // reads its own item (`新入统项目.score`: each unit's not written yet when read).
        var inPieces = state.tracer == nil && units.count >= parallelValuesFrom
        switch form {
        case .byRank, .relative: inPieces = false
        case .formula(let f): if f.expression.root.mentions(item.name) { inPieces = false }
        default: break
        }
        if inPieces {
            var scores = state.scores[i], lines = state.adjustments[i]
            state.scores[i] = []
            state.adjustments[i] = []
            let applies = state.applies[i]
            let one = UncheckedSendable(scoreOf)
            let parts = scores.withUnsafeMutableBufferPointer { scores in
                lines.withUnsafeMutableBufferPointer { lines in
                    let out = UncheckedSendable((scores, lines))
                    let n = min(units.count, scores.count, lines.count, applies.count)
                    let pieces = 8
                    return parallelMap(pieces) { k -> Diagnostics in
                        let (scores, lines) = out.value
                        var d = Diagnostics()
                        for u in n * k / pieces..<n * (k + 1) / pieces where applies[u] {
                            guard let r = one.value(u, false, &d) else { continue }
                            scores[u] = r.score
                            if let a = r.adjustments { lines[u] = a }
                        }
                        return d
                    }
                }
            }
            state.scores[i] = scores
            state.adjustments[i] = lines
            for p in parts { d.append(contentsOf: p) }
            return
        }
        for u in units.indices where state.applies[i][u] {
            guard let r = scoreOf(u, traced: state.tracer?.traces(u) ?? false, &d) else { continue }
            if let a = r.adjustments { state.adjustments[i][u] = a }
            state.scores[i][u] = r.score
            if let f = r.formula { formulas[u] = f }
        }
    }

    func location(_ e: CompiledExpression, _ error: EvaluationError) -> SourceLocation {
        e.expression.source.location(at: error.range?.lowerBound ?? 0)
    }

    /// Literal, or the targets dataset's row, then the group's targets; looked-up targets are
    /// scaled by progress under `--as-of`.
    /// An item's looked-up targets: by unit index from the targets file, and by group.
    struct TargetTable {
        /// By unit index (empty: the targets file has none for the item).
        var byUnit: [Fixed?] = []
        var byGroup: [String: Fixed] = [:]
        /// `byGroup` by the state's group index (``UnitState/groupNames``).
        var byGroupIndex: [Fixed?] = []
    }

    func targetTable(_ item: Item, _ state: UnitState) -> TargetTable {
        var t = TargetTable()
        guard case .lookup = item.target else { return t }
        t.byUnit = unitTargets?[item.name] ?? Self.unitTargets(item.name, ledger)
        for g in scheme.groups { if let v = g.targets[item.name] { t.byGroup[g.name] = v.value } }
        t.byGroupIndex = state.groupNames.map { t.byGroup[$0] }
        return t
    }

    /// ``unitTargets(_:_:)`` of every item whose target is looked up.
    static func unitTargetsByItem(_ scheme: Scheme, _ ledger: Ledger) -> [String: [Fixed?]] {
        unitTargets(of: scheme.items.compactMap { item in
            if case .lookup = item.target { return item.name }
            return nil
        }, ledger)
    }

    /// The targets of `item` in the targets file, by unit index (empty when it has none).
    static func unitTargets(_ item: String, _ ledger: Ledger) -> [Fixed?] {
        unitTargets(of: [item], ledger)[item] ?? []
    }

    /// ``unitTargets(_:_:)`` of each of `items`, in one pass over the targets file (each unit's
    /// name looked up once, not once per item).
    static func unitTargets(of items: [String], _ ledger: Ledger) -> [String: [Fixed?]] {
        var out: [String: [Fixed?]] = [:]
        for name in items { out[name] = [] }
        guard !out.isEmpty else { return out }
        for (unitName, rows) in ledger.targets {
            guard let u = ledger.unitIndex[unitName] else { continue }
            for (name, v) in rows where out[name] != nil {
                if out[name]?.isEmpty == true { out[name] = Array(repeating: nil, count: ledger.units.count) }
                out[name]?[u] = v.value
            }
        }
        return out
    }

    /// The values, targets and rates of item `i`, an aggregate (or rated) item, unit by unit in
    /// pieces on all cores: what the loop of ``scoreItem(_:_:_:scaled:adjustments:valuesKept:_:)``
    /// gives.
    private func aggregateValues(_ i: Int, _ state: UnitState, _ aggregated: [Value]?, _ targets: TargetTable, scaled: Bool) {
        let source = scheme.items[i].source
        _ = valuesInPieces(i, state, targets, scaled: scaled) {
            { u, _ in
                switch source {
                case .aggregate: return aggregated?[u] ?? .number(.zero)
                case .rated: return Value.none
                case .derived: return nil   // (not asked for: derived items have their own)
                }
            }
        }
    }

    /// The values, targets and rates of item `i`, derived by `e`, unit by unit in pieces on all
    /// cores: what the loop of ``scoreItem(_:_:_:scaled:adjustments:valuesKept:_:)`` gives,
    /// with the expression's names resolved and compiled once per piece (``ResolvedNames``)
    /// rather than looked up by name at every unit, and each piece's errors after the one
    /// before it (the unit order of one loop).
    private func derivedValues(_ i: Int, _ state: UnitState, _ e: CompiledExpression, _ targets: TargetTable,
                               scaled: Bool, _ d: inout Diagnostics) {
        let item = scheme.items[i]
        let units = ledger.units
        let engine = UncheckedSendable(self), shared = UncheckedSendable(state)
        let parts = valuesInPieces(i, state, targets, scaled: scaled) {
            // (Names of each piece's own: each core counts references to its own.)
            let state = shared.value, names = ResolvedNames(e, state)
            return { u, d in
                do throws(EvaluationError) {
                    return try names.evaluate(ResolvedEnvironment(state, u, names))
                } catch {
                    d.error("\(item.name) for \(units[u].name): \(error.message)", at: engine.value.location(e, error))
                    return nil
                }
            }
        }
        for p in parts { d.append(contentsOf: p) }
    }

    /// Item `i`'s values, then targets and rates, for every unit it applies to, in eight pieces
    /// on all cores, written through buffers (each column taken out of the state meanwhile).
    /// `valueOf` makes, for each piece, what gives a unit's value (nil: the value is left as
    /// it is, as after an error); the pieces' diagnostics are returned in unit order.
    private func valuesInPieces(_ i: Int, _ state: UnitState, _ targets: TargetTable, scaled: Bool,
                                _ valueOf: @escaping () -> (Int, inout Diagnostics) -> Value?) -> [Diagnostics] {
        let item = scheme.items[i]
        let n = ledger.units.count
        let applies = state.applies[i]
        let engine = UncheckedSendable(self), shared = UncheckedSendable(state), make = UncheckedSendable(valueOf)
        // A fresh state's columns are one empty column shared by every item: written through a
        // buffer here, each was first copied (value by value, on this thread alone). Instead
        // the pieces make the new columns themselves: each unit's value, target and rate, or,
        // where the item does not apply or the value failed, what the column held.
        let old = (values: state.values[i], targets: state.targets[i], rates: state.rates[i])
        if n > 0, old.values.count == n, old.targets.count == n, old.rates.count == n, applies.count == n {
            state.values[i] = []
            state.targets[i] = []
            state.rates[i] = []
            var parts: [Diagnostics] = []
            let values = [Value](unsafeUninitializedCapacity: n) { values, vc in
                let targetColumn = [Fixed?](unsafeUninitializedCapacity: n) { targetColumn, tc in
                    let rates = [Fixed?](unsafeUninitializedCapacity: n) { rates, rc in
                        // (n > 0: the three buffers have their memory.)
                        guard let vb = values.baseAddress, let tb = targetColumn.baseAddress, let rb = rates.baseAddress else { return }
                        let out = UncheckedSendable((vb, tb, rb))
                        let pieces = 8
                        parts = parallelMap(pieces) { k -> Diagnostics in
                            let (values, targetColumn, rates) = out.value
                            let value = make.value()
                            var d = Diagnostics()
                            for u in n * k / pieces..<n * (k + 1) / pieces {
                                guard applies[u] else {
                                    (values + u).initialize(to: old.values[u])
                                    (targetColumn + u).initialize(to: old.targets[u])
                                    (rates + u).initialize(to: old.rates[u])
                                    continue
                                }
                                let v = value(u, &d) ?? old.values[u]
                                (values + u).initialize(to: v)
                                let target = engine.value.targetOf(item, unit: u, scaled: scaled, shared.value, targets)
                                (targetColumn + u).initialize(to: target)
                                var rate = old.rates[u]
                                if let target, !target.isZero, case .number(let x) = v { rate = try? x.divided(by: target) }
                                (rates + u).initialize(to: rate)
                            }
                            return d
                        }
                        rc = n
                    }
                    state.rates[i] = rates
                    tc = n
                }
                state.targets[i] = targetColumn
                vc = n
            }
            state.values[i] = values
            return parts
        }
        var values = old.values, targetColumn = old.targets, rates = old.rates
        state.values[i] = []
        state.targets[i] = []
        state.rates[i] = []
        let parts = values.withUnsafeMutableBufferPointer { values in
            targetColumn.withUnsafeMutableBufferPointer { targetColumn in
                rates.withUnsafeMutableBufferPointer { rates in
                    let out = UncheckedSendable((values, targetColumn, rates))
                    let pieces = 8
                    return parallelMap(pieces) { k -> Diagnostics in
                        let (values, targetColumn, rates) = out.value
                        let value = make.value()
                        var d = Diagnostics()
                        for u in n * k / pieces..<min(n * (k + 1) / pieces, values.count, targetColumn.count, rates.count, applies.count) where applies[u] {
                            if let v = value(u, &d) { values[u] = v }
                            let target = engine.value.targetOf(item, unit: u, scaled: scaled, shared.value, targets)
                            targetColumn[u] = target
                            if let target, !target.isZero, case .number(let v) = values[u] {
                                rates[u] = try? v.divided(by: target)
                            }
                        }
                        return d
                    }
                }
            }
        }
        state.values[i] = values
        state.targets[i] = targetColumn
        state.rates[i] = rates
        return parts
    }

    func targetOf(_ item: Item, unit u: Int, scaled: Bool, _ state: UnitState, _ table: TargetTable) -> Fixed? {
        switch item.target {
        case .literal(let v, _): return v
        case .lookup:
            var t = u < table.byUnit.count ? table.byUnit[u] : nil
            if t == nil {
                let g = state.unitGroup[u]
                if g >= 0 && g < table.byGroupIndex.count { t = table.byGroupIndex[g] }
            }
            guard let t else { return nil }
            guard scaled else { return t }
            return (try? t.multiplied(by: state.progress)) ?? t
        }
    }

    /// The sums of some items' scores and the vetoes they give, unit by unit, before caps: what
    /// ``totals(_:partial:_:)`` adds the other items to.
    struct PartialTotals: Sendable {
        var base: [Fixed]
        var bonus: [Fixed]
        var deduction: [Fixed]
        var vetoes: [[String]]
        /// The items not summed (scored again at each point); never a veto.
        var excluded: Set<Int>
        /// When no bonus (deduction) item is excluded: the state's capped bonuses (deductions)
        /// and the cap they were capped by. A point whose cap is the same takes that array as
        /// it is: no copy, and the same storage as the base's (which the sweep's comparison
        /// of the two then skips).
        var cappedBonus: (cap: Fixed?, sums: [Fixed])?
        var cappedDeduction: (cap: Fixed?, sums: [Fixed])?
    }

    /// The sums of every item but `excluded` (nil when one of those is a veto: a unit's vetoes
    /// are listed in item order). `state` is scored to its totals by this engine's scheme.
    func partialTotals(_ state: UnitState, excluding excluded: Set<Int>, _ d: inout Diagnostics) -> PartialTotals? {
        guard !excluded.contains(where: { scheme.items[$0].section == .veto }) else { return nil }
        let n = ledger.units.count
        let zero = [Fixed](repeating: .zero, count: n)
        var p = PartialTotals(base: zero, bonus: zero, deduction: zero, vetoes: Array(repeating: [], count: n), excluded: excluded)
        sum(state, items: scheme.items.indices.filter { !excluded.contains($0) }, into: &p, &d)
        let sections = Set(excluded.map { scheme.items[$0].section })
        if !sections.contains(.bonus), state.bonus.count == n { p.cappedBonus = (scheme.total.bonusCap, state.bonus) }
        if !sections.contains(.deduction), state.deduction.count == n { p.cappedDeduction = (scheme.total.deductionCap, state.deduction) }
        return p
    }

    /// Adds the scores of `items` to `p`'s sums, and their vetoes to its vetoes.
    ///
    /// Each of `p`'s arrays is touched only when an item adds to it: a loop that might write
    /// any of them had each made unique (copied, when shared with a sweep's cached sums) before
    /// the loop began, whether it was written or not.
    func sum(_ state: UnitState, items: [Int], into p: inout PartialTotals, _ d: inout Diagnostics) {
        let n = ledger.units.count
        /// Adds the scores of `section`'s items onto `sums` (through buffers: a sweep point sums
        /// an item onto 20,000 units, and element by element each write checked the array's
        /// uniqueness).
        func add(_ section: Item.Section, onto sums: inout [Fixed]) {
            let mine = items.filter { scheme.items[$0].section == section }
            guard !mine.isEmpty else { return }
            sums.withUnsafeMutableBufferPointer { sums in
                for i in mine {
                    state.applies[i].withUnsafeBufferPointer { applies in
                        state.scores[i].withUnsafeBufferPointer { scores in
                            for u in 0..<min(n, applies.count, scores.count, sums.count) where applies[u] {
                                if let x = scores[u] { sums[u] = sums[u] + x }
                            }
                        }
                    }
                }
            }
        }
        add(.indicator, onto: &p.base)
        add(.bonus, onto: &p.bonus)
        add(.deduction, onto: &p.deduction)
        let vetoItems = items.filter { scheme.items[$0].section == .veto }
        if !vetoItems.isEmpty { addVetoes(state, items: vetoItems, into: &p.vetoes, &d) }
    }

    /// Appends the names of `items` (veto items, in item order) that hold for each unit to its
    /// vetoes.
    func addVetoes(_ state: UnitState, items: [Int], into vetoes: inout [[String]], _ d: inout Diagnostics) {
        let n = ledger.units.count
        for i in items {
            let item = scheme.items[i]
            let applies = state.applies[i], values = state.values[i]
            for u in 0..<n where applies[u] {
                var holds = false
                switch values[u] {
                case .number(let x): holds = x > .zero
                case .bool(let b): holds = b
                default: break
                }
                if let w = item.veto?.when {
                    do {
                        holds = try Evaluator(w.expression, UnitEnvironment(state: state, unit: u)).truth(w.expression.root)
                    } catch {
                        d.error("\(item.name) for \(ledger.units[u].name): \(error.message)", at: location(w, error))
                    }
                }
                if holds { vetoes[u].append(item.name) }
            }
        }
    }

    /// Step 1 and 2 of §6: base, capped bonus and deduction, total, vetoes.
    ///
    /// Item by item over all units (each item's scores read as one array, not looked up again
    /// for every unit): the sums are the same, the vetoes of a unit in item order. With
    /// `partial`, only the items it left out are added to its sums.
    func totals(_ state: UnitState, partial: PartialTotals? = nil, _ d: inout Diagnostics) {
        let n = ledger.units.count
        var p: PartialTotals
        if let partial {
            p = partial
            sum(state, items: partial.excluded.sorted(), into: &p, &d)
        } else {
            let zero = [Fixed](repeating: .zero, count: n)
            // Set afresh (a sweep's state starts as a copy of the base's).
            p = PartialTotals(base: zero, bonus: zero, deduction: zero, vetoes: Array(repeating: [], count: n), excluded: [])
            sum(state, items: Array(scheme.items.indices), into: &p, &d)
        }
        var base = p.base, bonus = p.bonus, deduction = p.deduction
        let vetoes = p.vetoes
        let bonusCap = scheme.total.bonusCap, deductionCap = scheme.total.deductionCap
        // Capped already (a sweep point that scores no bonus or deduction item again, by the
        // base's caps): taken as they are.
        var bonusCapped = false, deductionCapped = false
        if let kept = p.cappedBonus, kept.cap == bonusCap, kept.sums.count == n {
            bonus = kept.sums
            bonusCapped = true
        }
        if let kept = p.cappedDeduction, kept.cap == deductionCap, kept.sums.count == n {
            deduction = kept.sums
            deductionCapped = true
        }
        p = PartialTotals(base: [], bonus: [], deduction: [], vetoes: [], excluded: [])
        let zeroing = Set(scheme.items.filter { $0.veto?.effect == .zero }.map(\.name))
        // (Every sum is of every unit: each total below is written.)
        precondition(base.count == n && bonus.count == n && deduction.count == n && vetoes.count == n, "sums of other units")
        if !bonusCapped, let cap = bonusCap {
            bonus.withUnsafeMutableBufferPointer { bonus in
                for u in 0..<n where bonus[u] > cap { bonus[u] = cap }
            }
        }
        if !deductionCapped, let cap = deductionCap {
            deduction.withUnsafeMutableBufferPointer { deduction in
                for u in 0..<n where deduction[u] > cap { deduction[u] = cap }
            }
        }
        let total = [Fixed](unsafeUninitializedCapacity: n) { total, count in
            base.withUnsafeBufferPointer { base in
                bonus.withUnsafeBufferPointer { bonus in
                    deduction.withUnsafeBufferPointer { deduction in
                        for u in 0..<n {
                            let zeroed = !zeroing.isEmpty && !vetoes[u].isEmpty && vetoes[u].contains(where: zeroing.contains)
                            total[u] = zeroed ? .zero : max(.zero, base[u] + bonus[u] - deduction[u])
                        }
                    }
                }
            }
            count = n
        }
        // (Summed onto a partial, the vetoes are the state's own: no item that vetoes was summed.)
        if partial == nil {
            for u in 0..<n where state.vetoes[u] != vetoes[u] {
                state.vetoes[u] = vetoes[u]
                state.vetoed[u] = !vetoes[u].isEmpty
            }
        }
        state.base = base
        state.bonus = bonus
        state.deduction = deduction
        state.total = total
    }

    /// Step 4: the first grade whose `when` holds; a vetoed unit gets the last grade.
    /// `total >= X` (1) or `total > X` (2), also written `X <= total` or `X < total`: the bound
    /// and the comparison; nil for any other condition.
    static func totalThreshold(_ e: Expr) -> (Fixed, UInt8)? {
        guard case .binary(let op, let a, let b) = e.kind else { return nil }
        switch (op, a.kind, b.kind) {
        case (.ge, .name("total"), .literal(.number(let x))), (.le, .literal(.number(let x)), .name("total")): return (x, 1)
        case (.gt, .name("total"), .literal(.number(let x))), (.lt, .literal(.number(let x)), .name("total")): return (x, 2)
        default: return nil
        }
    }

    func grades(_ state: UnitState, _ d: inout Diagnostics) {
        guard !scheme.grades.isEmpty else { return }
        // Each condition compiled once (``ResolvedNames``), not walked again for every unit.
        let names = scheme.grades.map { g in g.when.map { ResolvedNames($0, state) } }
        let lastIndex = Int16(scheme.grades.count - 1)
        // Every condition a fast one (`total >= 90`): a tight loop over the units.
        let fasts = names.map { $0?.fast }
        var readsGrade = false
        for g in scheme.grades { g.when?.expression.root.walk { if case .name("grade") = $0.kind { readsGrade = true } } }
        if !readsGrade, zip(fasts, scheme.grades).allSatisfy({ $0.0 != nil || $0.1.when == nil }) {
            let vetoed = state.vetoed
            var index = state.gradeIndex
            // The first grade whose condition holds (-1: none). The commonest form, every
            // condition `total >= X` (or `>`), compares the totals straight from their array.
            let thresholds = state.itemIndex["total"] == nil
                ? scheme.grades.map { g in g.when.map { Self.totalThreshold($0.expression.root) } ?? (.zero, 0) } : []
            let place: (Int) -> Int16
            // (`> x` for the greatest x never holds: such a scheme takes the general way.)
            if !thresholds.isEmpty, thresholds.allSatisfy({ $0 != nil && !($0?.1 == 2 && $0?.0.raw == .max) }) {
                // Each condition as `total >= x` on the raw integers: no condition is
                // `>= Int128.min`, `> x` is `>= x + 1` (raw fixed-point integers, so exactly).
                let bounds = thresholds.map { bound -> Int128 in
                    guard let bound, bound.1 != 0 else { return .min }
                    return bound.1 == 1 ? bound.0.raw : bound.0.raw + 1
                }
                // (Through buffers, without a closure per unit: a sweep point grades 20,000 units.)
                state.total.withUnsafeBufferPointer { total in
                    vetoed.withUnsafeBufferPointer { vetoed in
                        index.withUnsafeMutableBufferPointer { index in
                            bounds.withUnsafeBufferPointer { bounds in
                                for u in 0..<min(total.count, vetoed.count, index.count) {
                                    // The first grade whose condition holds, found without a
                                    // branch on the total (which grade a unit has is not
                                    // predictable): every condition tested, the last first.
                                    let t = total[u].raw
                                    var k: Int16 = -1
                                    var j = bounds.count - 1
                                    while j >= 0 {
                                        k = t >= bounds[j] ? Int16(truncatingIfNeeded: j) : k
                                        j -= 1
                                    }
                                    index[u] = vetoed[u] ? lastIndex : k
                                }
                            }
                        }
                    }
                }
                state.gradeIndex = index
                return
            } else {
                place = { u in
                    for (j, f) in fasts.enumerated() where f?(state, u) ?? true { return Int16(j) }
                    return -1
                }
            }
            for u in ledger.units.indices {
                let k = vetoed[u] ? lastIndex : place(u)
                if index[u] != k { index[u] = k }
            }
            state.gradeIndex = index
            return
        }
        for u in ledger.units.indices {
            if state.vetoed[u] {
                state.gradeIndex[u] = lastIndex
                continue
            }
            // Set afresh (a sweep's state starts as a copy of the base's).
            if state.gradeIndex[u] != -1 {
                state.gradeIndex[u] = -1
            }
            for (k, g) in scheme.grades.enumerated() {
                guard let w = g.when, let wn = names[k] else {
                    state.gradeIndex[u] = Int16(k)
                    break
                }
                if let fast = wn.fast {
                    if fast(state, u) {
                        state.gradeIndex[u] = Int16(k)
                        break
                    }
                    continue
                }
                do throws(EvaluationError) {
                    if try UnitCompiler.truth(try wn.evaluate(ResolvedEnvironment(state, u, wn)), w.expression.text(of: w.expression.root), w.expression.root) {
                        state.gradeIndex[u] = Int16(k)
                        break
                    }
                } catch {
                    d.error("grade \(g.grade) for \(ledger.units[u].name): \(error.message)", at: location(w, error))
                    break
                }
            }
        }
    }
}
