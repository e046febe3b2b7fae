import Testing
import Foundation
@testable import KaoheCLI

/// The package root, found from this file's path (Tests/KaoheCLITests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func run(_ args: [String]) -> (status: Int32, out: String, err: String) {
    let cap = CapturedIO()
    let status = runKaohe(args, io: cap.io())
    return (status, cap.stdout, cap.stderr)
}

@Suite struct CheckCommandTests {
    @Test func sampleSchemeIsValid() {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let r = run(["check", path])
        #expect(r.status == 0)
        #expect(r.err == "")
        #expect(r.out.hasSuffix(": ok — units from units.csv, 24 items (15 indicators, 4 bonuses, 3 deductions, 2 vetoes), 3 groups, 7 datasets; data: 25 units, 1176 records\n"))
    }

    @Test func badSchemeExitsOneWithEveryError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = baseScheme
        lines[20] = "    pionts: 60"
        lines[18] = "    where: 来源x in ['省外']"
        let file = dir.appendingPathComponent("bad.yaml")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let r = run(["check", file.path])
        #expect(r.status == 1)
        #expect(r.out == "")
        let errorLines = r.err.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.count == 3)
        #expect(errorLines[1] == "\(file.path):19:12: error: unknown name '来源x'")
        #expect(errorLines[2] == "\(file.path):21:5: error: unknown key 'pionts' in item 到位资金")
        // 到位资金 loses its points to the typo, so its group also warns about the points sum.
        #expect(r.err.hasSuffix("3 errors, 1 warning\n"))
    }

    @Test func missingFile() {
        let r = run(["check", "/nonexistent/scheme.yaml"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("/nonexistent/scheme.yaml: error: no such file\n"))
    }

    @Test func usageErrorsExitTwo() {
        // No subcommand: the overview, on standard output, exit 0 (as `--help`).
        let bare = run([])
        #expect(bare.status == 0)
        #expect(bare.out.contains("USAGE: kaohe <subcommand>"))
        let r = run(["check"])
        #expect(r.status == 2)
        #expect(r.err.contains("Missing expected argument '<scheme>'"))
        #expect(run(["chekc", "x.yaml"]).status == 2)
        #expect(run(["check", "a.yaml", "--bogus"]).status == 2)
    }

    @Test func helpHasAnExample() {
        let r = run(["check", "--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("kaohe check rules/county-2021.yaml"))
        #expect(r.out.contains("FILE:LINE:COLUMN: error: MESSAGE"))
    }
}
