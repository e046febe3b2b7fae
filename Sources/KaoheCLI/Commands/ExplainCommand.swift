import ArgumentParser
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

/// `kaohe explain SCHEME --unit NAME`: every number of a unit, down to the ledger row.
struct ExplainCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a unit's every number: rules, formulas, records counted and left out.",
        discussion: """
        Prints a tree: each item's value (with the records counted, and the records of the unit left out with the condition that excluded them), target and where it came from, completion rate, score formula with the numbers put in (and its rule's FILE:LINE), adjustments, what it would take to score more; then totals, vetoes, rank, grade, deposits, rewards, penalties and titles.

        --record KEY answers "was this record counted, for which units, with what share, and if not, why not".

        Examples:
          kaohe explain rules/county-2021.yaml --unit 城关镇
          kaohe explain rules/county-2021.yaml --unit 城关镇 --item 省外到位资金
          kaohe explain rules/county-2021.yaml --record P2021-0018
          kaohe explain rules/county-2021.yaml --unit 城关镇 --lang en
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, md }

    @Argument(help: "The scheme file (YAML).")
    var scheme: String

    @Option(help: "The unit to explain.")
    var unit: String?

    @Option(help: "Only this item.")
    var item: String?

    @Option(help: "A record's key (the dataset's key: column): was it counted, and for whom?")
    var record: String?

    @Option(help: "The data folder (default: the scheme's data.dir).")
    var data: String?

    @Option(name: .customLong("as-of"), help: "Explain the scores as of this date.")
    var asOf: String?

    @Option(help: "text, json or md.")
    var format: Format = .text

    @Option(help: "At most this many records listed per item and kind (counted, left out).")
    var records: Int = 50

    @Option(help: "zh (default) or en, for the explanation's words.")
    var lang: Language = .zh

    func validate() throws {
        if unit == nil && record == nil { throw ValidationError("give --unit NAME, or --record KEY") }
        if records < 0 { throw ValidationError("--records must be 0 or more") }
    }

    func run(io: CommandIO) -> Int32 {
        let (ok, day) = parseDay(asOf, io: io)
        guard ok else { return ExitStatus.usage }
        guard let ws = Workspace.load(scheme, data: data, io: io) else { return ExitStatus.inputError }
        var d = Diagnostics()
        var names: [String] = []
        if let unit {
            guard ws.ledger.unitIndex[unit] != nil else {
                d.error("unknown unit '\(unit)'", at: nil,
                        hint: Suggest.nearest(unit, in: ws.ledger.units.map(\.name)).map { "did you mean '\($0)'?" })
                io.report(d)
                return ExitStatus.inputError
            }
            names = [unit]
        }
        if let item, ws.scheme.item(named: item) == nil {
            d.error("unknown item '\(item)'", at: nil, hint: Suggest.nearest(item, in: ws.scheme.items.map(\.name)).map { "did you mean '\($0)'?" })
            io.report(d)
            return ExitStatus.inputError
        }
        var found: (dataset: DatasetData, row: Int)?
        if let record {
            for data in ws.ledger.datasets.values.sorted(by: { $0.name < $1.name }) {
                if let r = data.keys?.firstIndex(of: record) { found = (data, r); break }
            }
            guard let found else {
                let keys = ws.ledger.datasets.values.flatMap { $0.keys.map(Array.init) ?? [] }
                d.error("no record with the key '\(record)'", at: nil,
                        hint: Suggest.nearest(record, in: keys).map { "did you mean '\($0)'?" })
                io.report(d)
                return ExitStatus.inputError
            }
            if unit == nil { names = found.dataset.credits[found.row].map { ws.ledger.units[$0.unit].name } }
        }
        let tracer = Tracer(units: Set(names), language: lang)
        switch Engine(scheme: ws.scheme, ledger: ws.ledger, tracer: tracer).assess(asOf: day) {
        case .failure(let e): io.report(e); return ExitStatus.inputError
        case .success: break
        }
        let explanations = names.compactMap { tracer.explanation(of: $0) }
        if let record, let found {
            io.out(ExplainCommand.recordReport(record, found.dataset, found.row, explanations, ws, lang: lang))
            return ExitStatus.success
        }
        let width = io.isTerminal ? Int(io.environment["COLUMNS"] ?? "") : nil
        let options = ExplanationText.Options(item: item, recordLimit: records, maxWidth: width, places: ws.scheme.info.round, lang: lang)
        switch format {
        case .text: io.out(explanations.map { ExplanationText.render($0, options) }.joined(separator: "\n"))
        case .md: io.out(explanations.map { ExplanationText.markdown($0, options) }.joined(separator: "\n"))
        case .json: io.out(ExplanationJSON.render(explanations, item: item))
        }
        return ExitStatus.success
    }

    /// For one record: each item over its dataset, for each unit it credits: counted (with the
    /// amount and share) or not (with the condition that was false).
    static func recordReport(_ key: String, _ data: DatasetData, _ row: Int, _ es: [UnitExplanation], _ ws: Workspace,
                             lang: Language = .zh) -> String {
        var out = "\(key)  [\(data.file):\(data.lines[row])]\n"
        let credits = data.credits[row]
        let split = credits.map { "\(ws.ledger.units[$0.unit].name)\(credits.count > 1 ? " \(ExplainFormat.percent($0.share))" : "")" }
        out += lang.pick("计入单位：", "Credited to: ") + split.joined(separator: lang.pick("、", ", ")) + "\n"
        let items = ws.scheme.items.filter { item in
            if case .aggregate(let a) = item.source { return a.dataset == data.name }
            return false
        }
        for e in es {
            out += "\n\(e.unit)\n"
            for item in items {
                guard let x = e.item(item.name) else {
                    out += "  \(item.name)" + lang.pick("：不适用于本单位", ": does not apply to this unit") + "\n"
                    continue
                }
                if let c = x.counted.first(where: { $0.key == key }) {
                    var line = "  \(item.name)" + lang.pick("：计入", ": counted")
                    if let a = c.amount { line += "  \(ExplainFormat.value(a, lang))" }
                    if let s = c.share { line += lang.pick("  份额 ", "  share ") + ExplainFormat.percent(s) }
                    out += line + "\n"
                } else if let l = x.leftOut.first(where: { $0.key == key }) ?? x.afterAsOf.first(where: { $0.key == key }) {
                    out += "  \(item.name)" + lang.pick("：未计入，\(l.reason ?? "")", ": left out because \(l.reason ?? "")") + "\n"
                }
            }
        }
        return out
    }
}
