import ArgumentParser
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

/// `kaohe sweep SCHEME --vary PATH=FROM..TO/STEP`: one rule over a range, and where it tips.
struct SweepCommand: KaoheCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Vary a rule over a range: every unit's total and rank, and the tipping points.",
        discussion: """
        For each value: every unit's total and rank, the grade distribution and the total reward money; marked are the values at which some unit's rank, grade, title or reward changes, and which units. Several --vary options sweep their grid. The ledgers are read and aggregated once and the base scored once; values that change only unit-level rules are scored from that state (only the changed items again), in parallel on all cores (the output order is fixed).

        Over 200 units (or 20,000 unit × value cells) the table has a row per value (grades, reward money, how many units change rank, grade, titles and rewards) and names the first five units at each tipping point; the HTML draws the 30 units whose rank moves most. CSV and JSON always hold every unit at every value.

        Examples:
          kaohe sweep rules/county-2021.yaml --vary indicators.省外到位资金.points=20..50/5
          kaohe sweep rules/county-2021.yaml --format html --out sweep.html \\
            --vary indicators.省外到位资金.cap=100%..150%/10%
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, html }

    @Argument(help: "The scheme file (YAML).")
    var scheme: String

    @Option(name: .customLong("vary"), help: "PATH=FROM..TO/STEP, e.g. indicators.省外到位资金.points=20..50/5 (repeatable).")
    var vary: [String] = []

    @Option(help: "The data folder (default: the scheme's data.dir).")
    var data: String?

    @Option(name: .customLong("as-of"), help: "Sweep as of this date.")
    var asOf: String?

    @Option(help: "table, json, csv or html.")
    var format: Format = .table

    @Option(help: "Write to this file instead of printing (replaced only when complete).")
    var out: String?

    @Option(help: "zh (default) or en.")
    var lang: Language = .zh

    func validate() throws {
        if vary.isEmpty { throw ValidationError("give at least one --vary PATH=FROM..TO/STEP") }
    }

    func run(io: CommandIO) -> Int32 {
        let (ok, day) = parseDay(asOf, io: io)
        guard ok else { return ExitStatus.usage }
        var axes: [(path: String, values: [String])] = []
        for v in vary {
            guard let eq = v.firstIndex(of: "="), let range = SweepRange.parse(String(v[v.index(after: eq)...])) else {
                if let eq = v.firstIndex(of: "="), let upwards = Self.upwards(String(v[v.index(after: eq)...])) {
                    io.errorLine("error: --vary \(v): FROM is larger than TO; write the range upwards: \(v[..<eq])=\(upwards)")
                } else {
                    io.errorLine("error: --vary \(v): write PATH=FROM..TO/STEP, e.g. indicators.省外到位资金.points=20..50/5")
                }
                return ExitStatus.usage
            }
            axes.append((String(v[..<eq]), range.values))
        }
        // The grid of values, first axis slowest.
        var grid: [[String]] = [[]]
        for axis in axes { grid = grid.flatMap { prefix in axis.values.map { prefix + [$0] } } }
        guard grid.count <= 100_000 else {
            io.errorLine("error: the sweep has \(grid.count) points; at most 100,000")
            return ExitStatus.usage
        }
        // The paths and values of the sweep may name columns the scheme does not read yet.
        let words = axes.flatMap { [$0.path] + $0.values }
        guard let base = ScenarioBase.load(scheme, data: data, asOf: day, io: io, alsoRead: words, assess: false) else { return ExitStatus.inputError }
        // What loading freed handed back: the points' columns are kept for the whole sweep
        // (with it kept, a 1,000-value province sweep peaked 20–80 MB higher).
        Memory.returnFreePages()
        let gradeOrder = base.scheme.grades.map(\.grade)
        // Every point's document first (cheap), so that a bad path or value is reported once.
        var docs: [DocNode] = []
        for values in grid {
            let sets = zip(axes, values).map { "\($0.path)=\($1)" }
            switch VariantLoader.document(base: base.document, schemePath: scheme, variantPath: nil, sets: sets, option: "--vary") {
            case .failure(let d): io.report(d); return ExitStatus.inputError
            case .success(let n): docs.append(n)
            }
        }
        let progress = SweepProgress(total: grid.count, io: io)
        // The points' schemes by patching one compiled scheme, when the sweep varies numbers
        // the compiler only stores (a point it cannot patch is compiled).
        var paths: [[String]] = []
        for axis in axes {
            guard case .success(let (path, _)) = VariantLoader.parseSet("\(axis.path)=0", option: "--vary") else { paths = []; break }
            paths.append(path)
        }
        let patch = paths.isEmpty ? nil : base.sweepPatch(paths: paths, docs: docs)
        let (variants, values, leafPaths) = (docs, grid, paths)
        // A large sweep's table shows a summary of each value (``SweepReport/isLarge(units:points:)``):
        // its points are summarised batch by batch as they are scored and let go, not kept.
        let summarised = format == .table && SweepReport.isLarge(units: base.ledger.units.count, points: grid.count)
        let point = { @Sendable (i: Int) -> Result<SweepPoint, Diagnostics> in
            let compiled = patch?.scheme(leaves: ScenarioBase.leaves(variants[i], leafPaths))
            return base.sweepPoint(variants[i], compiled: compiled, values: values[i], gradeOrder: gradeOrder, compact: !summarised)
        }
        /// The points of `range` in order, or nil when one has errors (reported: the first in order).
        func points(_ range: Range<Int>) -> [SweepPoint]? {
            var points: [SweepPoint] = []
            points.reserveCapacity(range.count)
            for (i, r) in zip(range, SweepRunner.run(range, progress: progress, point: point)) {
                switch r {
                case .failure(let d):
                    progress.finish()
                    io.errorLine("at \(zip(axes, grid[i]).map { "\($0.path)=\($1)" }.joined(separator: ", ")):")
                    io.report(d)
                    return nil
                case .success(let p):
                    points.append(p)
                }
            }
            return points
        }
        let parameters = axes.map(\.path)
        if summarised {
            var summary = SweepSummary(parameters: parameters, unitCount: base.ledger.units.count, shownUnits: SweepReport.shownUnits)
            for start in stride(from: 0, to: grid.count, by: SweepRunner.batch) {
                guard let batch = points(start..<min(grid.count, start + SweepRunner.batch)) else { return ExitStatus.inputError }
                summary.add(batch)
            }
            progress.finish()
            let style = TerminalStyle.detect(environment: io.environment, isTTY: io.isTerminal && out == nil)
            let width = io.isTerminal && out == nil ? Int(io.environment["COLUMNS"] ?? "") : nil
            let text = SweepReport.table(summary, lang: lang, style: style, maxWidth: width, money: base.scheme.info.money)
            return write(Self.text(text), io: io, keeping: base, summary)
        }
        guard let points = points(0..<grid.count) else { return ExitStatus.inputError }
        progress.finish()
        let result = SweepResult(parameters: parameters, points: points, tippingPoints: SweepResult.tipping(points),
                                 units: base.kernel.baseOrder)
        /// Hands the output to `write` piece by piece (JSON: hundreds of megabytes for a province).
        let render: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
        switch format {
        case .table:
            let style = TerminalStyle.detect(environment: io.environment, isTTY: io.isTerminal && out == nil)
            let width = io.isTerminal && out == nil ? Int(io.environment["COLUMNS"] ?? "") : nil
            render = Self.text(SweepReport.table(result, lang: lang, style: style, maxWidth: width, money: base.scheme.info.money,
                                                 round: base.scheme.info.round))
        case .json:
            render = { try SweepReport.writeJSON(result, to: $0) }
        case .csv:
            let round = base.scheme.info.round
            render = { try SweepReport.writeCSV(result, lang: lang, round: round, to: $0) }
        case .html:
            render = Self.text(SweepReport.html(result, title: base.scheme.info.name, lang: lang, money: base.scheme.info.money,
                                                round: base.scheme.info.round))
        }
        return write(render, io: io, keeping: base, result)
    }

    /// Writes what `render` hands over to `--out` (replaced only when complete) or standard
    /// output; `kept` lives until the process exits (freeing it would only cost time).
    private func write(_ render: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void, io: CommandIO,
                       keeping kept: Any...) -> Int32 {
        if let out {
            do { try AtomicFile.write(to: URL(fileURLWithPath: out), render) } catch {
                io.errorLine("error: \(error)")
                return ExitStatus.inputError
            }
            io.line("wrote \(out)")
        } else {
            do { try render { io.outBytes($0) } } catch {
                io.errorLine("error: \(error)")
                return ExitStatus.inputError
            }
        }
        io.keepUntilExit(kept)
        return ExitStatus.success
    }
}

extension SweepCommand {
    /// `TO..FROM/STEP` for a range `FROM..TO/STEP` written from the high end down (its steps
    /// go up), when that is a range; nil otherwise.
    static func upwards(_ text: String) -> String? {
        let parts = text.split(separator: "/", maxSplits: 1)
        let ends = parts.first?.split(separator: "..", omittingEmptySubsequences: false) ?? []
        guard parts.count == 2, ends.count == 2 else { return nil }
        let swapped = "\(ends[1])..\(ends[0])/\(parts[1])"
        return SweepRange.parse(swapped) == nil ? nil : swapped
    }

    /// A rendered text, handed over in one piece.
    static func text(_ text: String) -> ((UnsafeRawBufferPointer) throws -> Void) throws -> Void {
        { write in
            var t = text
            try t.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
        }
    }
}

/// Runs the sweep's points in parallel on all cores, each reduced to what the sweep keeps
/// (so that a long sweep does not hold every full assessment); results in the points' order.
enum SweepRunner {
    /// How many points a summarised sweep scores at a time (a province's point holds about
    /// 1 MB of columns until it is compared with the next).
    static let batch = 64

    /// The points of `range`, in order.
    static func run<T: Sendable>(_ range: Range<Int>, progress: SweepProgress,
                                 point: @escaping @Sendable (Int) -> Result<T, Diagnostics>) -> [Result<T, Diagnostics>] {
        parallelMap(range.count) { k in
            defer { progress.step() }
            return point(range.lowerBound + k)
        }
    }
}

/// A progress bar on standard error, only on a terminal and for sweeps that take a while.
final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var done = 0
    private let io: CommandIO
    private let enabled: Bool

    init(total: Int, io: CommandIO) {
        self.total = total
        self.io = io
        enabled = io.isTerminal && total >= 20 && io.environment["NO_COLOR"] == nil
    }

    func step() {
        guard enabled else { return }
        lock.lock()
        done += 1
        let d = done
        lock.unlock()
        if d % max(1, total / 50) == 0 || d == total {
            let width = 30
            let filled = d * width / max(1, total)
            io.err("\r[" + String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled) + "] \(d)/\(total)")
        }
    }

    func finish() { if enabled { io.err("\r" + String(repeating: " ", count: 45) + "\r") } }
}
