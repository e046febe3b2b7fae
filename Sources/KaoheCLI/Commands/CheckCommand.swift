import ArgumentParser
import Kaohe
import KaoheIO

/// `kaohe check SCHEME`: are the rules valid?
struct CheckCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a scheme: syntax, names, types, cycles, points and targets.",
        discussion: """
        Prints a one-line summary when the scheme is valid (exit 0), or every error as
        FILE:LINE:COLUMN: error: MESSAGE, sorted by position (exit 1).

        Example:
          kaohe check rules/county-2021.yaml
        """
    )

    @Argument(help: "The scheme file (YAML).")
    var scheme: String

    func run(io: CommandIO) -> Int32 {
        let loaded = SchemeLoader.load(path: scheme)
        io.report(loaded.diagnostics)
        guard let s = loaded.scheme, !loaded.diagnostics.hasErrors else { return ExitStatus.inputError }
        io.line("\(scheme): ok — \(CheckCommand.summary(s))")
        return ExitStatus.success
    }

    static func summary(_ s: Scheme) -> String {
        var parts: [String] = []
        switch s.units.source {
        case .inline(let units): parts.append("\(units.count) units")
        case .file(let path, _): parts.append("units from \(path)")
        }
        let counts = Item.Section.allCases.map { sec in (sec, s.items.filter { $0.section == sec }.count) }.filter { $0.1 > 0 }
        func word(_ section: Item.Section, _ n: Int) -> String {
            switch section {
            case .indicator: return n == 1 ? "indicator" : "indicators"
            case .bonus: return n == 1 ? "bonus" : "bonuses"
            case .deduction: return n == 1 ? "deduction" : "deductions"
            case .veto: return n == 1 ? "veto" : "vetoes"
            }
        }
        let detail = counts.map { "\($0.1) \(word($0.0, $0.1))" }.joined(separator: ", ")
        parts.append("\(s.items.count) items (\(detail))")
        parts.append("\(s.groups.count) group\(s.groups.count == 1 ? "" : "s")")
        parts.append("\(s.data.datasets.count) dataset\(s.data.datasets.count == 1 ? "" : "s")")
        return parts.joined(separator: ", ")
    }
}
