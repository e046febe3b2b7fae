import ArgumentParser
import Foundation
import Kaohe
import KaoheIO

/// `kaohe check SCHEME`: are the rules valid?
struct CheckCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a scheme: syntax, names, types, cycles, points and targets.",
        discussion: """
        Prints a one-line summary when the scheme is valid (exit 0), or every error as FILE:LINE:COLUMN: error: MESSAGE, sorted by position (exit 1). When the data folder exists (data.dir, or --data), the ledgers are read and checked too: every bad cell is reported as FILE:ROW:COLUMN-NAME: error: MESSAGE.

        Example:
          kaohe check rules/county-2021.yaml
        """
    )

    @Argument(help: "The scheme file (YAML).")
    var scheme: String

    @Option(help: "The data folder (default: the scheme's data.dir).")
    var data: String?

    func run(io: CommandIO) -> Int32 {
        let loaded = SchemeLoader.load(path: scheme)
        io.report(loaded.diagnostics)
        guard let s = loaded.scheme, !loaded.diagnostics.hasErrors else { return ExitStatus.inputError }
        let dir = LedgerLoader.dataDirectory(for: s, schemeDirectory: loaded.directory, override: data)
        var isDir: ObjCBool = false
        guard data != nil || (FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) && isDir.boolValue) else {
            io.line("\(scheme): ok — \(CheckCommand.summary(s)); no data folder at \(dir.path), rules checked only")
            return ExitStatus.success
        }
        let bytes = FileManager.default.contents(atPath: scheme).map { [UInt8]($0) } ?? []
        switch LedgerLoader(scheme: s, dataDirectory: dir, schemeDirectory: loaded.directory).load(schemeBytes: bytes) {
        case .failure(let d):
            io.report(d)
            return ExitStatus.inputError
        case .success(let ledger):
            let records = ledger.datasets.values.reduce(0) { $0 + $1.count }
            io.line("\(scheme): ok — \(CheckCommand.summary(s)); data: \(ledger.units.count) units, \(records) records")
            return ExitStatus.success
        }
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
