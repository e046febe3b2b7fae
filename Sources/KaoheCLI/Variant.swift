import Foundation
import Kaohe
import KaoheIO

/// A scheme with its ledger and aggregates loaded once, and variants of it scored from them.
final class ScenarioBase: @unchecked Sendable {
    let path: String
    let document: DocNode
    let scheme: Scheme
    let ledger: Ledger
    let directory: URL
    let dataOverride: String?
    let asOf: Day?
    let aggregates: Engine.Aggregates
    /// The base's assessment; nil when loaded without it (``load(_:data:asOf:io:alsoRead:assess:)``).
    let assessment: Assessment?
    /// The base scored up to its grades: variants that change only unit-level keys start from it.
    let kernel: SweepKernel
    /// The text columns the ledger does not hold (nothing the scheme or the variant asked for
    /// at load names them): a variant that names one is read afresh.
    let unread: [String: Set<String>]

    init(path: String, document: DocNode, scheme: Scheme, ledger: Ledger, directory: URL, dataOverride: String?,
         asOf: Day?, aggregates: Engine.Aggregates, assessment: Assessment?, kernel: SweepKernel,
         unread: [String: Set<String>] = [:]) {
        self.path = path
        self.document = document
        self.scheme = scheme
        self.ledger = ledger
        self.directory = directory
        self.dataOverride = dataOverride
        self.asOf = asOf
        self.aggregates = aggregates
        self.assessment = assessment
        self.kernel = kernel
        self.unread = unread
        baseCheckKey = ScenarioBase.checkKey(document, scheme)
    }

    /// Loads and scores the base scheme; prints diagnostics and returns nil on errors.
    /// `alsoRead`: words that may name columns besides the scheme's (a sweep's paths and
    /// values): the text columns none of them name are not kept. `assess`: false for a caller
    /// that reads no assessment of the base (a sweep): it is then only checked for the errors
    /// making it would give, and ``assessment`` is nil.
    static func load(_ path: String, data: String?, asOf: Day?, io: CommandIO, alsoRead: [String] = [],
                     assess: Bool = true) -> ScenarioBase? {
        load(path, data: data, asOf: asOf, io: io, variant: nil, alsoRead: alsoRead, assess: assess).map(\.base)
    }

    /// Loads and scores the base scheme and, when `variant` is given, the variant document it
    /// makes of the base's: scored at the same time as the base (on another core) when it
    /// changes only unit-level keys. Prints the base's diagnostics (and the variant document's
    /// errors) and returns nil on errors; the variant's scoring errors are in its result.
    static func load(_ path: String, data: String?, asOf: Day?, io: CommandIO,
                     variant: ((DocNode) -> Result<DocNode, Diagnostics>)?, alsoRead: [String] = [], assess: Bool = true)
        -> (base: ScenarioBase, variant: (doc: DocNode, result: Result<Assessment, Diagnostics>)?)? {
        // Only the text columns that the scheme, the variant or `alsoRead` name are kept (a
        // variant that cannot be made keeps them all; its errors are reported below).
        // (The variant document is made once, here, and kept for scoring below.)
        var made: Result<DocNode, Diagnostics>?
        let readByVariant = { (base: DocNode) -> [String]? in
            guard let variant else { return alsoRead }
            made = variant(base)
            guard case .success(let doc)? = made else { return nil }
            return alsoRead + UnreadColumns.words(doc)
        }
        guard let ws = Workspace.load(path, data: data, io: io, keepingRead: true, fingerprint: false,
                                      alsoRead: readByVariant) else { return nil }
        let engine = Engine(scheme: ws.scheme, ledger: ws.ledger)
        var d = Diagnostics()
        let aggregates = engine.aggregate(asOf: asOf, &d)
        if d.hasErrors { io.report(d); return nil }
        // Scored once, up to the grades, for the base and every variant that changes only unit-level keys.
        let kernel: SweepKernel
        switch SweepKernel.make(engine: engine, document: ws.document, aggregates: aggregates, asOf: asOf) {
        case .failure(let e): io.report(e); return nil
        case .success(let k): kernel = k
        }
        var doc: DocNode?
        if let variant {
            switch made ?? variant(ws.document) {
            case .failure(let e): io.report(e); return nil
            case .success(let n): doc = n
            }
        }
        let checkKey = ScenarioBase.checkKey(ws.document, ws.scheme)
        let plannedVariant = doc.map {
            ScenarioBase.planned($0, path: path, kernel: kernel, ledger: ws.ledger, directory: ws.directory,
                                 dataOverride: data, baseCheckKey: checkKey)
        }
        var found: (Scheme, SweepKernel.Plan)?
        if case .success(let (variant, plan?))? = plannedVariant { found = (variant, plan) }
        let alongside = found
        var results: [Result<Assessment, Diagnostics>] = []
        let assessment: Assessment?
        if assess || alongside != nil {
            results = parallelMap(alongside == nil ? 1 : 2) { k in
                k == 0 ? kernel.assessment() : kernel.assessment(alongside?.0, plan: alongside?.1)
            }
            switch results[0] {
            case .failure(let e): io.report(e); return nil
            case .success(let a): assessment = a
            }
        } else {
            let d = kernel.baseDiagnostics()
            if d.hasErrors { io.report(d); return nil }
            assessment = nil
        }
        let base = ScenarioBase(path: path, document: ws.document, scheme: ws.scheme, ledger: ws.ledger, directory: ws.directory,
                                dataOverride: data, asOf: asOf, aggregates: aggregates, assessment: assessment, kernel: kernel,
                                unread: ws.unread)
        guard let doc else { return (base, nil) }
        switch plannedVariant {
        case .failure(let e)?: return (base, (doc, .failure(e)))
        case .success(let (variant, _))?: return (base, (doc, results.count > 1 ? results[1] : base.fresh(doc, variant)))
        case nil: return (base, (doc, base.fresh(doc)))
        }
    }

    /// Whether a variant document can reuse the base's ledger: the same data declarations,
    /// units, currency rates and group names.
    func sharesLedger(with doc: DocNode) -> Bool {
        if !unread.isEmpty {
            let text = UnreadColumns.words(doc).joined(separator: "\n")
            if unread.values.contains(where: { $0.contains { text.contains($0) } }) { return false }
        }
        func text(_ path: [String]) -> String? { DocMerge.node(document, at: path).map(DocMerge.text) }
        func other(_ path: [String]) -> String? { DocMerge.node(doc, at: path).map(DocMerge.text) }
        for p in [["data"], ["units"], ["scheme", "rates"], ["scheme", "period"], ["scheme", "year"]] where text(p) != other(p) { return false }
        let names = { (d: DocNode) in DocMerge.node(d, at: ["groups"])?.pairs?.map(\.key.text) ?? [] }
        return names(document) == names(doc)
    }

    /// What ``LedgerLoader/check(_:)`` reads of a scheme whose aggregates are the base's: the
    /// tables, the deposits, which items need a target, which targets each group has, and the
    /// table keys of its unit-level expressions (``LedgerLoader/unitTableKeys(_:)``).
    static func checkKey(_ doc: DocNode, _ scheme: Scheme) -> String {
        let parts = [["tables"], ["deposits"]].map { DocMerge.node(doc, at: $0).map(DocMerge.text) ?? "" }
        let needs = scheme.items.map { item -> String in
            if let score = item.score, score.readsRate, case .lookup = item.target { return "1" }
            return "0"
        }
        let groups = scheme.groups.map { "\($0.name):\($0.targets.keys.sorted().joined(separator: ","))" }
        return (parts + [needs.joined()] + groups + LedgerLoader.unitTableKeys(scheme)).joined(separator: "\u{1F}")
    }

    /// Whether a change at `path` may change ``checkKey(_:_:)``: one to the tables, the
    /// deposits, the groups, the grades, the ranking, the penalties or titles, a reward's
    /// `amount` or `when`, or an item's `score`, `target`, `value` or `when` (or a whole item).
    /// A sweep of an item's points or of a reward's `max` skips the key at every point.
    static func mayChangeCheck(_ path: [String]) -> Bool {
        guard let top = path.first else { return true }
        switch top {
        case "tables", "deposits", "groups", "grades", "ranking", "penalties", "titles": return true
        case "rewards": return path.count < 3 || ["amount", "when"].contains(path[2])
        case "indicators", "bonuses", "deductions", "vetoes":
            return path.count < 3 || ["score", "target", "value", "when"].contains(path[2])
        default: return false
        }
    }

    /// ``checkKey(_:_:)`` of the base.
    private let baseCheckKey: String

    /// A variant compiled, with the kernel's plan for it when it changes only unit-level keys
    /// (and the ledger, checked against the base, passes the checks the variant changes).
    /// `compiled`: the document's scheme, made already (a sweep's patched point).
    func planned(_ doc: DocNode, compiled: Scheme? = nil) -> Result<(Scheme, SweepKernel.Plan?), Diagnostics> {
        ScenarioBase.planned(doc, path: path, kernel: kernel, ledger: ledger, directory: directory, dataOverride: dataOverride,
                             baseCheckKey: baseCheckKey, compiled: compiled)
    }

    /// A variant document compiled; its errors when it has any.
    static func compile(_ doc: DocNode, path: String) -> Result<Scheme, Diagnostics> {
        let out = SchemeCompiler.compile(doc, file: path)
        guard let v = out.scheme, !out.diagnostics.hasErrors else { return .failure(out.diagnostics) }
        return .success(v)
    }

    /// The variant compiled, and the kernel's plan for it (nil: it is scored afresh).
    static func planned(_ doc: DocNode, path: String, kernel: SweepKernel, ledger: Ledger, directory: URL, dataOverride: String?,
                        baseCheckKey: String, compiled: Scheme? = nil) -> Result<(Scheme, SweepKernel.Plan?), Diagnostics> {
        let variant: Scheme
        switch compiled.map({ .success($0) }) ?? compile(doc, path: path) {
        case .failure(let d): return .failure(d)
        case .success(let v): variant = v
        }
        guard let plan = kernel.plan(doc, variant) else { return .success((variant, nil)) }
        if plan.paths.contains(where: ScenarioBase.mayChangeCheck), ScenarioBase.checkKey(doc, variant) != baseCheckKey {
            let loader = LedgerLoader(scheme: variant, dataDirectory: LedgerLoader.dataDirectory(for: variant, schemeDirectory: directory, override: dataOverride),
                                      schemeDirectory: directory)
            let d = loader.check(ledger)
            if d.hasErrors { return .failure(d) }
        }
        return .success((variant, plan))
    }

    /// A sweep point for a variant document: from the base's scored state when the variant
    /// changes only unit-level keys (``SweepKernel``), else scored afresh as ``score(_:)`` does.
    /// `compiled`: the document's scheme, made already (patched: ``SchemePatch``).
    func sweepPoint(_ doc: DocNode, compiled: Scheme? = nil, values: [String], gradeOrder: [String],
                    compact: Bool = true) -> Result<SweepPoint, Diagnostics> {
        switch planned(doc, compiled: compiled) {
        case .failure(let d): return .failure(d)
        case .success(let (variant, plan?)):
            return kernel.point(variant, plan: plan, values: values, gradeOrder: gradeOrder, compact: compact)
        case .success(let (variant, nil)): return fresh(doc, variant).map { SweepResult.point($0, values: values, gradeOrder: gradeOrder) }
        }
    }

    /// The patch that makes a sweep's points' schemes without compiling them (``SchemePatch``),
    /// when the sweep varies only items' points, caps or floors and groups' targets, and the
    /// patched scheme of the second point is the compiled one (checked here, so that a patch
    /// never gives another scheme than compiling would); nil otherwise, and every point is
    /// compiled.
    func sweepPatch(paths: [[String]], docs: [DocNode]) -> SchemePatch? {
        // (Checking the patch reflects over two schemes, some tens of milliseconds: worth it
        // only when it saves many compilations.)
        // (A first or second point with errors: no patch, and each point reports its own.)
        guard docs.count >= 64, case .success(let first) = Self.compile(docs[0], path: path),
              let patch = SchemePatch(paths: paths, template: first),
              case .success(let second) = Self.compile(docs[1], path: path),
              let patched = patch.scheme(leaves: Self.leaves(docs[1], paths)),
              SchemePatch.fingerprint(patched) == SchemePatch.fingerprint(second) else { return nil }
        return patch
    }

    /// The nodes at `paths` of a document (a node missing: an empty list, which no patch takes).
    static func leaves(_ doc: DocNode, _ paths: [[String]]) -> [DocNode] {
        let found = paths.compactMap { DocMerge.node(doc, at: $0) }
        return found.count == paths.count ? found : []
    }

    /// Compiles and scores a variant document: from the base's scored state when it changes
    /// only unit-level keys, else reusing the ledger and every unchanged aggregate.
    func score(_ doc: DocNode) -> Result<Assessment, Diagnostics> {
        switch planned(doc) {
        case .failure(let d): return .failure(d)
        case .success(let (variant, plan?)): return kernel.assessment(variant, plan: plan)
        case .success(let (variant, nil)): return fresh(doc, variant)
        }
    }

    /// Compiles (unless given `compiled`) and scores a variant document, reusing the ledger and
    /// every unchanged aggregate.
    func fresh(_ doc: DocNode, _ compiled: Scheme? = nil) -> Result<Assessment, Diagnostics> {
        let variant: Scheme
        switch compiled.map({ .success($0) }) ?? Self.compile(doc, path: path) {
        case .failure(let d): return .failure(d)
        case .success(let v): variant = v
        }
        var ledger = self.ledger
        var reuse: (scheme: Scheme, aggregates: Engine.Aggregates)? = (scheme, aggregates)
        var loader = LedgerLoader(scheme: variant, dataDirectory: LedgerLoader.dataDirectory(for: variant, schemeDirectory: directory, override: dataOverride),
                                  schemeDirectory: directory)
        loader.fingerprint = false   // (as the base's: a variant's output shows none)
        if sharesLedger(with: doc) {
            let d = loader.check(ledger)
            if d.hasErrors { return .failure(d) }
        } else {
            let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
            switch loader.load(schemeBytes: bytes) {
            case .failure(let d): return .failure(d)
            case .success(let l): ledger = l
            }
            reuse = nil
        }
        let engine = Engine(scheme: variant, ledger: ledger)
        var d = Diagnostics()
        let aggregates = engine.aggregate(asOf: asOf, reusing: reuse, &d)
        if d.hasErrors { return .failure(d) }
        return engine.score(aggregates, asOf: asOf)
    }
}
