import ArgumentParser
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

/// `kaohe score SCHEME`: every unit's scores, totals, ranks and grades.
struct ScoreCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every unit: items, totals, ranks, grades and teams.",
        discussion: """
        Reads the scheme and its ledgers (from data.dir, or --data), and prints a table, JSON, CSV (UTF-8 with BOM, for Excel) or Markdown. With --out DIR the result is written to DIR/score.json (or .csv, .md, .txt), replaced only when complete.

        Examples:
          kaohe score rules/county-2021.yaml
          kaohe score rules/county-2021.yaml --as-of 2021-06-30 --format json --out out
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, md }

    @Argument(help: "The scheme file (YAML).")
    var scheme: String

    @Option(help: "The data folder (default: the scheme's data.dir).")
    var data: String?

    @Option(name: .customLong("as-of"), help: "Score as of this date (序时进度): later records are left out, looked-up targets scaled.")
    var asOf: String?

    @Option(help: "table, json, csv or md.")
    var format: Format = .table

    @Option(help: "Write DIR/score.EXT instead of printing.")
    var out: String?

    @Option(help: "zh (default) or en, for the words of tables.")
    var lang: Language = .zh

    func run(io: CommandIO) -> Int32 {
        let (ok, day) = parseDay(asOf, io: io)
        guard ok else { return ExitStatus.usage }
        // (Only JSON and Markdown show the inputs' fingerprint: the others do not hash them.)
        let fingerprint = format == .json || format == .md
        guard var ws = Workspace.load(scheme, data: data, io: io, keepingRead: true, fingerprint: fingerprint) else {
            return ExitStatus.inputError
        }
        // (Engine.assess, with the records no longer read let go between its two steps.)
        var d = Diagnostics()
        let aggregates = Engine(scheme: ws.scheme, ledger: ws.ledger).aggregate(asOf: day, &d)
        if d.hasErrors { io.report(d); return ExitStatus.inputError }
        ws.ledger = Engine.scoringLedger(ws.ledger, ws.scheme)
        let assessment: Assessment
        switch Engine(scheme: ws.scheme, ledger: ws.ledger).score(aggregates, asOf: day) {
        case .failure(let d): io.report(d); return ExitStatus.inputError
        case .success(let a): assessment = a
        }
        for w in assessment.warnings { io.errorLine(w.description) }
        // JSON is written as bytes, piece by piece (a province's is ~80 MB): never one String.
        var text = ""
        let ext: String
        switch format {
        case .table:
            let style = TerminalStyle.detect(environment: io.environment, isTTY: io.isTerminal && out == nil)
            let width = io.isTerminal ? Int(io.environment["COLUMNS"] ?? "") : nil
            text = AssessmentTable.render(assessment, lang: lang, style: style, maxWidth: width)
            ext = "txt"
        case .json: ext = "json"
        case .csv: text = AssessmentCSV.render(assessment, lang: lang); ext = "csv"
        case .md: text = AssessmentMarkdown.render(assessment, lang: lang); ext = "md"
        }
        if let out {
            let url = URL(fileURLWithPath: out).appendingPathComponent("score.\(ext)")
            do {
                if format == .json {
                    try AtomicFile.write(to: url) { try AssessmentJSON.write(assessment, to: $0) }
                } else {
                    try AtomicFile.write(Data(text.utf8), to: url)
                }
            } catch {
                io.errorLine("error: \(error)")
                return ExitStatus.inputError
            }
            io.line("wrote \(url.path)")
        } else if format == .json {
            AssessmentJSON.write(assessment) { io.outBytes($0) }
        } else {
            io.out(text)
        }
        io.keepUntilExit(ws, assessment)
        return ExitStatus.success
    }
}

extension Language: ExpressibleByArgument {}
