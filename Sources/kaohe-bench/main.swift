// kaohe-bench: times the phases of `kaohe score --format json` in process (release builds).
//
//   swift build -c release --product kaohe-bench
//   .build/release/kaohe-bench SCHEME [--data DIR] [--runs 5] [--set PATH=VALUE …] [--vary PATH=FROM..TO/STEP]
//
// Prints, per phase (read + type each dataset, aggregate, score, outcomes, render JSON) and
// end to end, the median, min and max over the runs, and the peak resident memory. With
// --set, also the phases of `kaohe whatif` after the load (the base scored up to its grades,
// the base's and the variant's assessments, the comparison, its JSON); with --vary, those
// of `kaohe sweep` (the points summarised as for the table, the points kept as for the other
// formats, the tipping points, the JSON).
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

final class Times: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var phases: [String: [Duration]] = [:]
    /// The process's CPU time (all threads) in the phases the bench times itself.
    private(set) var cpu: [String: [Duration]] = [:]
    private(set) var order: [String] = []
    func add(_ name: String, _ d: Duration) {
        lock.lock(); defer { lock.unlock() }
        if phases[name] == nil { order.append(name) }
        phases[name, default: []].append(d)
    }
    func addCPU(_ name: String, _ d: Duration) {
        lock.lock(); defer { lock.unlock() }
        cpu[name, default: []].append(d)
    }
}

/// The CPU time the process has used so far, on all its threads.
func cpuNow() -> Duration {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return .seconds(t.tv_sec) + .nanoseconds(t.tv_nsec)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

// The allocator set as the `kaohe` commands set it.
Memory.keepFreedPages()
var args = Array(CommandLine.arguments.dropFirst())
guard let schemePath = args.first, !schemePath.hasPrefix("-") else {
    fail("usage: kaohe-bench SCHEME [--data DIR] [--runs N]")
}
args.removeFirst()
var dataDir: String?
var runs = 5
var sets: [String] = []
var vary: String?
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--data": dataDir = args.isEmpty ? nil : args.removeFirst()
    case "--runs": runs = Int(args.isEmpty ? "" : args.removeFirst()) ?? 0
    case "--set": if !args.isEmpty { sets.append(args.removeFirst()) }
    case "--vary": vary = args.isEmpty ? nil : args.removeFirst()
    default: fail("unknown option \(a)")
    }
}
guard runs > 0 else { fail("--runs takes a positive number") }

let times = Times()
/// Memory after each phase of the first run (what holds the peak); a global of top-level code
/// is set when the code reaches it, so this one comes before the runs.
var memory: [String] = []
@MainActor func noteMemory(_ phase: String) { memory.append("  after \(phase): \(rss())") }
let clock = ContinuousClock()
var outputBytes = 0
for _ in 0..<runs {
    let start = clock.now
    let startCPU = cpuNow()
    var t = clock.now
    var c = cpuNow()
    let loaded = SchemeLoader.load(path: schemePath)
    guard let scheme = loaded.scheme else { fail(loaded.diagnostics.description) }
    times.add("scheme", clock.now - t)
    var loader = LedgerLoader(scheme: scheme, dataDirectory: LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: dataDir),
                              schemeDirectory: loaded.directory)
    loader.phaseTimer = { times.add($0, $1) }
    t = clock.now
    let bytes = FileManager.default.contents(atPath: schemePath).map { [UInt8]($0) } ?? []
    let ledger: Ledger
    switch loader.load(schemeBytes: bytes) {
    case .failure(let d): fail(d.description)
    case .success(let l): ledger = l
    }
    times.add("load (all)", clock.now - t)
    times.addCPU("load (all)", cpuNow() - c)
    if memory.isEmpty { noteMemory("load") }
    var engine = Engine(scheme: scheme, ledger: ledger)
    engine.phaseTimer = { times.add($0, $1) }
    var d = Diagnostics()
    t = clock.now
    c = cpuNow()
    let aggregates = engine.aggregate(asOf: nil, &d)
    times.add("aggregate", clock.now - t)
    times.addCPU("aggregate", cpuNow() - c)
    c = cpuNow()
    if memory.count == 1 { noteMemory("aggregate") }
    guard !d.hasErrors else { fail(d.description) }
    let assessment: Assessment
    switch engine.score(aggregates, asOf: nil) {
    case .failure(let e): fail(e.description)
    case .success(let a): assessment = a
    }
    times.addCPU("outcomes", cpuNow() - c)
    if memory.count == 2 { noteMemory("score and outcomes") }
    t = clock.now
    c = cpuNow()
    let json = AssessmentJSON.renderBytes(assessment)
    if memory.count == 3 { noteMemory("render json") }
    outputBytes = json.count
    times.add("render json", clock.now - t)
    times.addCPU("render json", cpuNow() - c)
    times.add("end to end", clock.now - start)
    times.addCPU("end to end", cpuNow() - startCPU)
    guard let document = loaded.document else { continue }
    if !sets.isEmpty { whatIf(engine, document, aggregates) }
    if let vary { sweep(engine, document, aggregates, vary) }
}

/// The base scored up to its grades (timed as `PHASE: base to grades`).
func baseToGrades(_ engine: Engine, _ document: DocNode, _ aggregates: Engine.Aggregates, phase: String) -> SweepKernel {
    let t = clock.now
    switch SweepKernel.make(engine: engine, document: document, aggregates: aggregates, asOf: nil) {
    case .failure(let e): fail(e.description)
    case .success(let k):
        times.add("\(phase): base to grades", clock.now - t)
        return k
    }
}

/// The phases of `kaohe whatif SCHEME --set …` after the load.
@MainActor func whatIf(_ engine: Engine, _ document: DocNode, _ aggregates: Engine.Aggregates) {
    let kernel = baseToGrades(engine, document, aggregates, phase: "whatif")
    var t = clock.now
    t = clock.now
    let doc: DocNode
    switch VariantLoader.document(base: document, schemePath: schemePath, variantPath: nil, sets: sets) {
    case .failure(let e): fail(e.description)
    case .success(let n): doc = n
    }
    let compiled = SchemeCompiler.compile(doc, file: schemePath)
    guard let variant = compiled.scheme, let plan = kernel.plan(doc, variant) else { fail("the variant is not unit-level") }
    times.add("whatif: variant compiled", clock.now - t)
    t = clock.now
    let both = parallelMap(2) { k in k == 0 ? kernel.assessment() : kernel.assessment(variant, plan: plan) }
    guard case .success(let before) = both[0], case .success(let after) = both[1] else { fail("scoring failed") }
    times.add("whatif: both assessed", clock.now - t)
    t = clock.now
    let changes = DocMerge.differences(document, doc).map { VariantChange(path: $0.path, before: $0.before, after: $0.after) }
    let result = WhatIfResult.compare(before, after, changes: changes)
    times.add("whatif: compare", clock.now - t)
    t = clock.now
    var size = 0
    WhatIfReport.writeJSON(result) { size += $0.count }
    times.add("whatif: render json", clock.now - t)
    if size == 0 { fail("empty what-if") }
}

/// The phases of `kaohe sweep SCHEME --vary …` after the load.
@MainActor func sweep(_ engine: Engine, _ document: DocNode, _ aggregates: Engine.Aggregates, _ vary: String) {
    let schemePath = schemePath
    guard let eq = vary.firstIndex(of: "="), let range = SweepRange.parse(String(vary[vary.index(after: eq)...])) else {
        fail("--vary PATH=FROM..TO/STEP")
    }
    let path = String(vary[..<eq])
    let kernel = baseToGrades(engine, document, aggregates, phase: "sweep")
    var t = clock.now
    t = clock.now
    let values = range.values
    let grades = engine.scheme.grades.map(\.grade)
    // As `kaohe sweep` does: every point's document first, then the points' schemes by
    // patching the first point's compiled scheme when the path allows (checked against the
    // second point compiled).
    let docs = values.map { v -> DocNode in
        guard case .success(let doc) = VariantLoader.document(base: document, schemePath: schemePath, variantPath: nil,
                                                              sets: ["\(path)=\(v)"]) else { fail("point \(v): bad document") }
        return doc
    }
    let steps = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    var patch: SchemePatch?
    if docs.count >= 64, let first = SchemeCompiler.compile(docs[0], file: schemePath).scheme,
       let p = SchemePatch(paths: [steps], template: first), let second = SchemeCompiler.compile(docs[1], file: schemePath).scheme,
       let leaf = DocMerge.node(docs[1], at: steps), let patched = p.scheme(leaves: [leaf]),
       SchemePatch.fingerprint(patched) == SchemePatch.fingerprint(second) {
        patch = p
    }
    let shared = patch
    // As the table of a large sweep is made: points in batches of 64, as they are (not made
    // small), each batch summarised and let go.
    var summary = SweepSummary(parameters: [path], unitCount: engine.ledger.units.count, shownUnits: SweepReport.shownUnits)
    for start in stride(from: 0, to: values.count, by: 64) {
        let range = start..<min(values.count, start + 64)
        summary.add(parallelMap(range.count) { k -> SweepPoint in
            let i = range.lowerBound + k
            return sweepPoint(docs[i], value: values[i], steps: steps, patch: shared, kernel: kernel, schemePath: schemePath,
                              grades: grades, compact: false)
        })
    }
    if summary.rows.count != values.count { fail("summary of \(summary.rows.count) points") }
    if patch != nil { print("sweep: the points' schemes are patched, not compiled") }
    times.add("sweep: \(values.count) points (table)", clock.now - t)
    t = clock.now
    // As every other format has them: every point kept, its columns made small.
    let points = parallelMap(values.count) { k -> SweepPoint in
        sweepPoint(docs[k], value: values[k], steps: steps, patch: shared, kernel: kernel, schemePath: schemePath, grades: grades)
    }
    times.add("sweep: \(values.count) points (kept)", clock.now - t)
    t = clock.now
    let tipping = SweepResult.tipping(points)
    times.add("sweep: tipping points", clock.now - t)
    t = clock.now
    let result = SweepResult(parameters: [path], points: points, tippingPoints: tipping, units: engine.ledger.units.map(\.name))
    var size = 0
    SweepReport.writeJSON(result) { size += $0.count }
    times.add("sweep: render json", clock.now - t)
    if size == 0 { fail("empty sweep") }
}

/// One point of the sweep (off the main actor: the points run on every core).
nonisolated func sweepPoint(_ doc: DocNode, value: String, steps: [String], patch: SchemePatch?, kernel: SweepKernel,
                            schemePath: String, grades: [String], compact: Bool = true) -> SweepPoint {
    var compiled: Scheme?
    if let patch, let leaf = DocMerge.node(doc, at: steps) { compiled = patch.scheme(leaves: [leaf]) }
    guard let variant = compiled ?? SchemeCompiler.compile(doc, file: schemePath).scheme, let plan = kernel.plan(doc, variant),
          case .success(let p) = kernel.point(variant, plan: plan, values: [value], gradeOrder: grades, compact: compact)
    else { fail("point \(value) failed") }
    return p
}

func ms(_ d: Duration) -> String {
    let c = d.components
    let v = Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    return String(format: "%9.1f", v)
}

/// The resident memory now and at its peak so far, in MB.
func rss() -> String {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    func field(_ name: String) -> String {
        s.split(separator: "\n").first { $0.hasPrefix(name) }.map { line -> String in
            let kb = Int(line.dropFirst(name.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
            return "\(kb / 1024)"
        } ?? "?"
    }
    return "\(field("VmRSS:")) MB now, \(field("VmHWM:")) MB peak"
}

func peakRSS() -> String {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    return s.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
}

print("phase                          median ms     min ms     max ms    CPU ms   (\(runs) runs; CPU: all threads, median)")
for name in times.order {
    let xs = (times.phases[name] ?? []).sorted()
    guard !xs.isEmpty else { continue }
    var line = name.padding(toLength: 28, withPad: " ", startingAt: 0) + "  " + ms(xs[xs.count / 2]) + "  " + ms(xs[0]) + "  " + ms(xs[xs.count - 1])
    // (The score and outcomes phases share one CPU figure, shown on the outcomes line.)
    if let cs = times.cpu[name]?.sorted(), !cs.isEmpty { line += " " + ms(cs[cs.count / 2]) }
    print(line)
}
print("JSON output: \(outputBytes) bytes; peak RSS: \(peakRSS())")
print("memory (first run):")
for line in memory { print(line) }
