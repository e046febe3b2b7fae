import ArgumentParser
import Foundation
import Kaohe
import KaoheIO

/// `kaohe test CASES.yaml`: a scheme author's own expected results.
struct TestCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check a scheme's results against the expectations in a cases file.",
        discussion: """
        The cases file names the scheme (relative to itself), optionally the data folder and an as-of date, and the expected results per unit:

          scheme: ../rules/county-2021.yaml
          as_of: 2021-06-30
          expect:
            城关镇: {total: 80.7, rank: 2, 省外到位资金.score: 25.6}
            河西镇: {vetoed: true, deposits.张三.refund: 3200, titles: []}

        Keys: total, base, bonus, deduction, rank, rank_all, rank_pct, grade, vetoed, titles, penalties, vetoes, ITEM.value|target|rate|points|score, rewards.NAME, deposits.NAME.refund|reward|forfeit|deducted|paid. Numbers agree within 0.005. Prints each failing expectation and "N passed, N failed"; exit 1 when any fails.

        Example:
          kaohe test rules/county-2021.test.yaml
        """
    )

    @Argument(help: "The cases file (YAML).")
    var cases: String

    func run(io: CommandIO) -> Int32 {
        guard let data = FileManager.default.contents(atPath: cases), let text = String(data: data, encoding: .utf8) else {
            io.errorLine("\(cases): error: \(FileManager.default.fileExists(atPath: cases) ? "cannot read the file" : "no such file")")
            return ExitStatus.inputError
        }
        let doc: DocNode
        switch YAMLDocument.parse(text, file: cases) {
        case .failure(let d): io.report(d); return ExitStatus.inputError
        case .success(let n): doc = n
        }
        var d = Diagnostics()
        let base = URL(fileURLWithPath: cases).deletingLastPathComponent()
        func path(_ key: String) -> String? {
            guard let s = doc[key]?.scalar?.text else { return nil }
            return s.hasPrefix("/") ? s : base.appendingPathComponent(s).path
        }
        for p in doc.pairs ?? [] where !["scheme", "data", "as_of", "expect"].contains(p.key.text) {
            d.error("unknown key '\(p.key.text)' in a cases file", at: p.keyLocation,
                    hint: Suggest.nearest(p.key.text, in: ["scheme", "data", "as_of", "expect"]).map { "did you mean '\($0)'?" })
        }
        guard let scheme = path("scheme") else {
            d.error("the cases file names no scheme (scheme: PATH)", at: doc.location)
            io.report(d)
            return ExitStatus.inputError
        }
        var asOf: Day?
        if let node = doc["as_of"] {
            asOf = node.scalar.flatMap { Day(parsing: $0.text, dataSpellings: false) }
            if asOf == nil { d.error("as_of is not a date (write 2021-06-30)", at: node.location) }
        }
        let expectations = TestCommand.expectations(doc["expect"], &d)
        if d.hasErrors { io.report(d); return ExitStatus.inputError }
        guard let ws = Workspace.load(scheme, data: path("data"), io: io) else { return ExitStatus.inputError }
        let assessment: Assessment
        switch Engine(scheme: ws.scheme, ledger: ws.ledger).assess(asOf: asOf) {
        case .failure(let e): io.report(e); return ExitStatus.inputError
        case .success(let a): assessment = a
        }
        var passed = 0, failed = 0
        for e in expectations {
            switch e.check(in: assessment) {
            case .passed: passed += 1
            case .failed(let want, let got):
                failed += 1
                io.line("\(e.unit) \(e.key): expected \(want), got \(got)")
            case .invalid(let why):
                failed += 1
                let unknownUnit = !assessment.units.contains { $0.unit == e.unit }
                io.line("\(unknownUnit ? e.unitLocation : e.location): error: \(why)")
            }
        }
        io.line("\(passed) passed, \(failed) failed")
        return failed == 0 ? ExitStatus.success : ExitStatus.inputError
    }

    static func expectations(_ node: DocNode?, _ d: inout Diagnostics) -> [Expectation] {
        guard let node, let units = node.pairs else {
            d.error("the cases file has no expect: {UNIT: {KEY: VALUE}}", at: node?.location)
            return []
        }
        var out: [Expectation] = []
        for u in units {
            guard let keys = u.value.pairs else {
                d.error("the expectations of \(u.key.text) must be a mapping {KEY: VALUE}", at: u.value.location)
                continue
            }
            for k in keys {
                if let s = k.value.scalar {
                    out.append(Expectation(unit: u.key.text, key: k.key.text, expected: s.text, location: k.keyLocation, unitLocation: u.keyLocation))
                } else if let list = k.value.elements {
                    out.append(Expectation(unit: u.key.text, key: k.key.text, expected: "",
                                           expectedList: list.compactMap { $0.scalar?.text }, location: k.keyLocation, unitLocation: u.keyLocation))
                } else if k.value.isNull {
                    out.append(Expectation(unit: u.key.text, key: k.key.text, expected: "none", location: k.keyLocation, unitLocation: u.keyLocation))
                } else {
                    d.error("the expected value of \(k.key.text) must be a value or a list", at: k.value.location)
                }
            }
        }
        return out
    }
}
