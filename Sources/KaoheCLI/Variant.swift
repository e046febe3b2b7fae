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
    let assessment: Assessment

    init(path: String, document: DocNode, scheme: Scheme, ledger: Ledger, directory: URL, dataOverride: String?,
         asOf: Day?, aggregates: Engine.Aggregates, assessment: Assessment) {
        self.path = path
        self.document = document
        self.scheme = scheme
        self.ledger = ledger
        self.directory = directory
        self.dataOverride = dataOverride
        self.asOf = asOf
        self.aggregates = aggregates
        self.assessment = assessment
    }

    /// Loads and scores the base scheme; prints diagnostics and returns nil on errors.
    static func load(_ path: String, data: String?, asOf: Day?, io: CommandIO) -> ScenarioBase? {
        guard let ws = Workspace.load(path, data: data, io: io) else { return nil }
        let engine = Engine(scheme: ws.scheme, ledger: ws.ledger)
        var d = Diagnostics()
        let aggregates = engine.aggregate(asOf: asOf, &d)
        if d.hasErrors { io.report(d); return nil }
        switch engine.score(aggregates, asOf: asOf) {
        case .failure(let e): io.report(e); return nil
        case .success(let a):
            return ScenarioBase(path: path, document: ws.document, scheme: ws.scheme, ledger: ws.ledger, directory: ws.directory,
                                dataOverride: data, asOf: asOf, aggregates: aggregates, assessment: a)
        }
    }

    /// Whether a variant document can reuse the base's ledger: the same data declarations,
    /// units, currency rates and group names.
    func sharesLedger(with doc: DocNode) -> Bool {
        func text(_ path: [String]) -> String? { DocMerge.node(document, at: path).map(DocMerge.text) }
        func other(_ path: [String]) -> String? { DocMerge.node(doc, at: path).map(DocMerge.text) }
        for p in [["data"], ["units"], ["scheme", "rates"], ["scheme", "period"], ["scheme", "year"]] where text(p) != other(p) { return false }
        let names = { (d: DocNode) in DocMerge.node(d, at: ["groups"])?.pairs?.map(\.key.text) ?? [] }
        return names(document) == names(doc)
    }

    /// Compiles and scores a variant document, reusing the ledger and every unchanged aggregate.
    func score(_ doc: DocNode) -> Result<Assessment, Diagnostics> {
        let out = SchemeCompiler.compile(doc, file: path)
        guard let variant = out.scheme, !out.diagnostics.hasErrors else { return .failure(out.diagnostics) }
        var ledger = self.ledger
        var reuse: (scheme: Scheme, aggregates: Engine.Aggregates)? = (scheme, aggregates)
        let loader = LedgerLoader(scheme: variant, dataDirectory: LedgerLoader.dataDirectory(for: variant, schemeDirectory: directory, override: dataOverride),
                                  schemeDirectory: directory)
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
