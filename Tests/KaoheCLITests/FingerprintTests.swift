@testable import KaoheCLI
import Testing
import Kaohe
import KaoheIO
import KaoheReports

/// The inputs' fingerprint (SPEC §9) is worked out only for output that shows it: `score` as
/// JSON or Markdown. The other commands and formats do not hash the inputs, and give the same
/// results.
@Suite struct FingerprintTests {
    @Test func notHashedWhenNotShown() throws {
        let (scheme, base, bytes) = try provinceLoader()
        var loader = base
        let hashed = try loader.load(schemeBytes: bytes).unwrap()
        loader.fingerprint = false
        let unhashed = try loader.load(schemeBytes: bytes).unwrap()
        // "sha256:" and 64 hex digits; none at all when not hashed.
        #expect(hashed.fingerprint.hasPrefix("sha256:") && hashed.fingerprint.count == 7 + 64)
        #expect(unhashed.fingerprint == "")
        // Everything else is the same: the JSON differs only in its fingerprint line.
        var a = try Engine(scheme: scheme, ledger: unhashed).assess().unwrap()
        let b = try Engine(scheme: scheme, ledger: hashed).assess().unwrap()
        #expect(AssessmentJSON.render(a) != AssessmentJSON.render(b))
        a.fingerprint = b.fingerprint
        #expect(AssessmentJSON.render(a) == AssessmentJSON.render(b))
    }

    @Test func shownByJSONAndMarkdown() throws {
        let json = run(["score", provinceScheme, "--format", "json"])
        let md = run(["score", provinceScheme, "--format", "md"])
        #expect(json.status == 0 && md.status == 0)
        let line = try #require(json.out.split(separator: "\n").first { $0.contains("\"fingerprint\"") })
        let digest = try #require(line.split(separator: "\"").first { $0.hasPrefix("sha256:") })
        #expect(digest.count == 7 + 64)
        #expect(md.out.contains("`\(digest)`"))
    }
}
