import ArgumentParser
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

/// `kaohe whatif SCHEME (VARIANT.yaml | --set PATH=VALUE …)`: the same year under other rules.
struct WhatIfCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Score a variant of the rules and show who moves, and why.",
        discussion: """
        A variant file holds base: SCHEME and only the keys it changes (maps merge key by key; lists and values replace). --set PATH=VALUE edits one key of the merged YAML (repeatable, applied after the file). For every unit: total and rank before → after, the outcomes that changed (grade, deposits, rewards, penalties, titles) and the items whose scores changed, largest first; unchanged units are summarised in one line.

        Examples:
          kaohe whatif rules/county-2021.yaml --set indicators.省外到位资金.points=50
          kaohe whatif rules/county-2021.yaml --set groups.一类乡镇.targets.省外到位资金=6亿
          kaohe whatif rules/county-2021.yaml variant.yaml --format json
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, md }

    @Argument(help: "The scheme file (YAML).")
    var scheme: String

    @Argument(help: "A variant file: base: SCHEME and the keys it changes.")
    var variant: String?

    @Option(name: .customLong("set"), help: "PATH=VALUE, e.g. indicators.省外到位资金.points=50 (repeatable).")
    var sets: [String] = []

    @Option(help: "The data folder (default: the scheme's data.dir).")
    var data: String?

    @Option(name: .customLong("as-of"), help: "Compare as of this date.")
    var asOf: String?

    @Option(help: "table, json or md.")
    var format: Format = .table

    @Option(help: "zh (default) or en.")
    var lang: Language = .zh

    func validate() throws {
        if variant == nil && sets.isEmpty { throw ValidationError("give a variant file or at least one --set PATH=VALUE") }
        // A --set that is not PATH=VALUE is wrong usage (exit 2), as a malformed --vary is; a
        // value that is not YAML, or a path the scheme lacks, is an input error (exit 1).
        for s in sets {
            guard let eq = s.firstIndex(of: "=") else {
                throw ValidationError("--set \(s): write PATH=VALUE, e.g. indicators.省外到位资金.points=50")
            }
            if s[..<eq].split(separator: ".", omittingEmptySubsequences: false).contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw ValidationError("--set \(s): the path has an empty part")
            }
        }
    }

    func run(io: CommandIO) -> Int32 {
        let (ok, day) = parseDay(asOf, io: io)
        guard ok else { return ExitStatus.usage }
        let (schemePath, variantPath, sets) = (scheme, variant, self.sets)
        guard let loaded = ScenarioBase.load(scheme, data: data, asOf: day, io: io, variant: { base in
            VariantLoader.document(base: base, schemePath: schemePath, variantPath: variantPath, sets: sets)
        }), let (doc, scored) = loaded.variant else { return ExitStatus.inputError }
        let base = loaded.base
        // (Loaded with its assessment: only a sweep loads a base without one.)
        guard let before = base.assessment else { return ExitStatus.inputError }
        let after: Assessment
        switch scored {
        case .failure(let d): io.report(d); return ExitStatus.inputError
        case .success(let a): after = a
        }
        let changes = DocMerge.differences(base.document, doc).map { VariantChange(path: $0.path, before: $0.before, after: $0.after) }
        let result = WhatIfResult.compare(before, after, changes: changes)
        switch format {
        case .table:
            let style = TerminalStyle.detect(environment: io.environment, isTTY: io.isTerminal)
            let width = io.isTerminal ? Int(io.environment["COLUMNS"] ?? "") : nil
            io.out(WhatIfReport.table(result, lang: lang, style: style, maxWidth: width))
        case .json: WhatIfReport.writeJSON(result) { io.outBytes($0) }
        case .md: io.out(WhatIfReport.markdown(result, lang: lang))
        }
        io.keepUntilExit(base, result)
        return ExitStatus.success
    }
}
