import Foundation

/// Generates the ledgers of a made-up province for `rules/province-2021.yaml`:
/// units, projects, trips, monthly reports, deposits, incidents, own targets and committee
/// ratings, as UTF-8 CSV files.
///
/// The output depends only on the options: every random number comes from seeded
/// xoshiro256** streams, one set per unit, so the same options give byte-identical files.
/// Each unit draws a profile (weak, normal or star: its completion of 省外到位资金, its 亿元
/// projects, trips, 入统 projects …) and its ledgers are built to produce it, so that the
/// scores exercise every path of the scheme: floor misses, cap hits, bonus-cap hits, vetoes,
/// shared ranks (pairs of units whose ledgers carry the same numbers), quarterly deposit
/// deductions.
///
/// ```swift
/// let report = try ProvinceGenerator(GeneratorOptions(units: 60, projectsPerUnit: 20, seed: 1,
///                                                     out: "samples/province-small")).run()
/// print(report.summary)
/// ```
public struct ProvinceGenerator {
    public let options: GeneratorOptions

    public init(_ options: GeneratorOptions) { self.options = options }

    /// One written file.
    public struct FileReport: Sendable, Equatable {
        public var name: String
        /// Data rows (the header not counted).
        public var rows: Int
        public var bytes: Int
    }

    public struct Report: Sendable {
        public var directory: String
        public var files: [FileReport]
        public var seconds: Double

        public func file(_ name: String) -> FileReport? { files.first { $0.name == name } }

        /// One line per file, and the total.
        public var summary: String {
            var lines = files.map { f in
                "\(f.name.padding(toLength: 16, withPad: " ", startingAt: 0))\(String(f.rows).leftPadded(10)) rows \(String(f.bytes).leftPadded(12)) bytes"
            }
            let rows = files.reduce(0) { $0 + $1.rows }, bytes = files.reduce(0) { $0 + $1.bytes }
            lines.append("\("total".padding(toLength: 16, withPad: " ", startingAt: 0))\(String(rows).leftPadded(10)) rows \(String(bytes).leftPadded(12)) bytes")
            lines.append("written to \(directory) in \(String(format: "%.2f", seconds)) s")
            return lines.joined(separator: "\n")
        }
    }

    /// The names of the files written, in order.
    public static let fileNames = ["units.csv", "projects.csv", "trips.csv", "reports.csv", "deposits.csv",
                                   "incidents.csv", "targets.csv", "adjustments.csv"]

    /// Writes every file into `options.out`.
    public func run() throws -> Report {
        let clock = ContinuousClock()
        let started = clock.now
        let dir = URL(fileURLWithPath: options.out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotWrite(options.out)
        }
        let plan = ProvincePlan(units: options.units, seed: options.seed)
        let small = SmallFilesWriter(plan: plan)
        var files: [FileReport] = []
        func record(_ name: String, _ r: (rows: Int, bytes: Int)) { files.append(FileReport(name: name, rows: r.rows, bytes: r.bytes)) }
        record("units.csv", try small.writeUnits(to: dir))
        record("projects.csv", try ProjectsWriter(plan: plan, projectsPerUnit: options.projectsPerUnit).write(to: dir))
        record("trips.csv", try TripsWriter(plan: plan).write(to: dir))
        record("reports.csv", try ReportsWriter(plan: plan).write(to: dir))
        record("deposits.csv", try DepositsWriter(plan: plan).write(to: dir))
        record("incidents.csv", try IncidentsWriter(plan: plan).write(to: dir))
        record("targets.csv", try small.writeTargets(to: dir))
        record("adjustments.csv", try small.writeAdjustments(to: dir))
        let d = clock.now - started
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return Report(directory: options.out, files: files, seconds: seconds)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
