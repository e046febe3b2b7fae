import Foundation
import Kaohe
import KaoheIO
@testable import KaoheCLI
import Testing

/// A scheme and data files written to a fresh temporary folder, for end-to-end tests.
struct Fixture {
    let dir: URL

    init(scheme: String, files: [String: String] = [:], raw: [String: [UInt8]] = [:]) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-fx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try scheme.write(to: dir.appendingPathComponent("scheme.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        for (name, bytes) in raw { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
    }

    var schemePath: String { dir.appendingPathComponent("scheme.yaml").path }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// Loads and scores; the diagnostics when anything is wrong.
    func assess(asOf: Day? = nil) -> Result<Assessment, Diagnostics> {
        let loaded = SchemeLoader.load(path: schemePath)
        guard let scheme = loaded.scheme else { return .failure(loaded.diagnostics) }
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: schemePath))).map { [UInt8]($0) } ?? []
        let loader = LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: dir)
        switch loader.load(schemeBytes: bytes) {
        case .failure(let d): return .failure(d)
        case .success(let ledger): return Engine(scheme: scheme, ledger: ledger).assess(asOf: asOf)
        }
    }

    /// The errors of loading, as `location: message` lines (file names relative to the fixture).
    func errors() -> [String] {
        guard case .failure(let d) = assess() else { return [] }
        return d.errors.map { e in
            var loc = e.location
            if let l = loc { loc?.file = URL(fileURLWithPath: l.file).lastPathComponent }
            return "\(loc.map(\.description) ?? ""): \(e.message)"
        }
    }
}

/// The province sample's scheme (its data: samples/province-small).
let provinceScheme = packageRoot.appendingPathComponent("rules/province-2021.yaml").path

/// The province sample's scheme, a loader of its ledger, and the scheme file's bytes (which
/// the fingerprint hashes first).
func provinceLoader() throws -> (scheme: Scheme, loader: LedgerLoader, bytes: [UInt8]) {
    let loaded = SchemeLoader.load(path: provinceScheme)
    let scheme = try #require(loaded.scheme)
    let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: nil)
    let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: provinceScheme))) ?? Data())
    return (scheme, LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory), bytes)
}

extension Assessment {
    func unit(_ name: String) -> UnitResult? { units.first { $0.unit == name } }
    func score(_ unit: String, _ item: String) -> String? { self.unit(unit)?.item(item)?.score?.description }
}

extension Result where Failure == Diagnostics {
    /// The value, or a thrown error carrying every diagnostic's text.
    func unwrap() throws -> Success {
        switch self {
        case .success(let v): return v
        case .failure(let d): throw FixtureError(text: d.description)
        }
    }
}

struct FixtureError: Error, CustomStringConvertible { var text: String; var description: String { text } }

/// What `body` gives, or the evaluation error it throws.
func evaluation<T>(_ body: () throws(EvaluationError) -> T) -> Result<T, EvaluationError> {
    do throws(EvaluationError) { return .success(try body()) } catch { return .failure(error) }
}

/// Expects two ways of evaluating one thing to agree: the same value, or the same error
/// message at the same place in the rule. True when both gave a value, false when both failed,
/// nil (and a recorded issue naming `what`) when one failed and the other did not.
func expectSameEvaluation<T: Equatable>(_ expected: Result<T, EvaluationError>, _ got: Result<T, EvaluationError>,
                                        _ what: String) -> Bool? {
    switch (expected, got) {
    case (.success(let x), .success(let y)):
        #expect(x == y, "\(what)")
        return true
    case (.failure(let x), .failure(let y)):
        #expect(x.message == y.message, "\(what)")
        #expect(x.range == y.range, "\(what)")
        return false
    default:
        Issue.record("\(what): \(expected) against \(got)")
        return nil
    }
}

/// `kaohe explain` on the county sample, with paths shown relative to the package.
func explainSample(_ args: [String]) -> (status: Int32, out: String, err: String) {
    let scheme = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
    let r = run(["explain", scheme] + args)
    let root = packageRoot.path + "/"
    return (r.status, r.out.replacingOccurrences(of: root, with: ""), r.err.replacingOccurrences(of: root, with: ""))
}

/// `out` against the golden file `Tests/KaoheCLITests/Golden/NAME` (reviewed by eye; rewritten
/// with KAOHE_UPDATE_GOLDEN=1 swift test).
func expectGolden(_ out: String, _ name: String) throws {
    let file = packageRoot.appendingPathComponent("Tests/KaoheCLITests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["KAOHE_UPDATE_GOLDEN"] != nil {
        try out.write(to: file, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: file, encoding: .utf8)
    #expect(out == golden)
}

/// The county sample's base (loaded and scored) and its scheme with one `--set` applied.
func countyVariant(_ set: String) throws -> (base: ScenarioBase, scheme: Scheme) {
    let county = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
    let cap = CapturedIO()
    let b = try #require(ScenarioBase.load(county, data: nil, asOf: nil, io: cap.io()))
    let doc = try VariantLoader.document(base: b.document, schemePath: county, variantPath: nil, sets: [set]).get()
    return (b, try #require(SchemeCompiler.compile(doc, file: county).scheme))
}
